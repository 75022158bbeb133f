"""Every URL the user hands us is checked at start-up by one validator (urls.py): a bad port,
an unclosed IPv6 bracket or a space is exit 2 with one line naming the option or variable,
never an internal error after the scan, never "network down", never the password."""

from __future__ import annotations

import json

import pytest

from accesscheck.urls import PROXY_VARIABLES, url_problem
from tests.conftest import Providers, Runner
from tests.emulator.proxy import ConnectProxy
from tests.test_gate import add_openai
from tests.test_history import Webhook

BAD = {
    "port": ("http://fake-user:fake-pass@proxy.example:99999", "URL port must be a number"),
    "letters": ("http://fake-user:fake-pass@proxy.example:abc", "URL port must be a number"),
    "bracket": ("http://fake-user:fake-pass@[::1:8080", "is a ] missing?"),
    "space": ("http://fake-user:fake-pass@proxy.example:80 80", "URL contains whitespace"),
}


@pytest.mark.parametrize("case", sorted(BAD))
@pytest.mark.parametrize(
    ("args", "env", "names"),
    [
        (["--proxy", "{url}"], {}, "--proxy: not a proxy URL"),
        ([], {"ACCESSCHECK_PROXY": "{url}"}, "ACCESSCHECK_PROXY: not a proxy URL"),
        (["--vantage", "tokyo={url}"], {}, "--vantage tokyo: not a proxy URL"),
        (
            ["--vantage", "tokyo=env:TOKYO_PROXY"],
            {"TOKYO_PROXY": "{url}"},
            "--vantage tokyo (TOKYO_PROXY): not a proxy URL",
        ),
        (["--notify", "{hook}"], {}, "--notify "),
        ([], {"ACCESSCHECK_NOTIFY": "https://hooks.example/ok {hook}"}, "ACCESSCHECK_NOTIFY "),
        *(([], {name: "{url}"}, f"{name}: not a proxy URL") for name in PROXY_VARIABLES),
    ],
)
def test_a_bad_url_is_one_usage_error_line_at_start_up(
    run: Runner, tmp_path: object, case: str, args: list[str], env: dict[str, str], names: str
) -> None:
    url, problem = BAD[case]
    if case == "space" and "ACCESSCHECK_NOTIFY" in env:  # URLs separated by whitespace
        problem = "URL must start with https://"
    hook = url.replace("http://fake-user:fake-pass@", "https://").replace("proxy.example", "hooks")
    hook += "/services/T/B/fake-token"

    def fill(text: str) -> str:
        return text.format(url=url, hook=hook)

    alerts = "{hook}" in f"{args}{env}"  # --notify needs a history; --vantage refuses one
    history = ["--history", f"{tmp_path}/h.sqlite3"] if alerts else ["--no-history"]
    result = run("scan", *history, *map(fill, args), env={k: fill(v) for k, v in env.items()})
    assert result.code == 2, result.err
    assert result.err.startswith(f"accesscheck: error: {names}"), result.err
    assert problem in result.err and len(result.err.splitlines()) == 1
    assert "fake-pass" not in result.err and "fake-token" not in result.err


@pytest.mark.parametrize("command", [["discover"], ["export", "env"]])
def test_other_commands_check_the_proxy_variables_too(run: Runner, command: list[str]) -> None:
    result = run(*command, env={"https_proxy": BAD["port"][0]})
    assert result.code == 2
    assert result.err.startswith("accesscheck: error: https_proxy: not a proxy URL: URL port")
    assert "fake-pass" not in result.err


def test_no_env_proxy_and_proxy_skip_the_proxy_variables(run: Runner, tmp_path: object) -> None:
    """Variables that will not be used are not judged: --no-env-proxy is the way out."""
    env = {"HTTPS_PROXY": BAD["port"][0]}
    assert run("scan", "--no-history", "--no-env-proxy", "-f", "json", env=env).code == 3
    assert run("scan", "--no-history", "--proxy", "http://127.0.0.1:9", "-f", "json").code == 3


def test_a_schemeless_proxy_variable_means_http_as_in_httpx() -> None:
    assert url_problem("http://proxy.corp:3128", ("http",)) is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--no-history"], "ACCESSCHECK_NOTIFY compares with the previous recorded scan"),
        (["--vantage", "a=direct"], "or --notify (set in ACCESSCHECK_NOTIFY)"),
    ],
)
def test_webhooks_from_the_environment_are_named_when_they_conflict(
    run: Runner, args: list[str], message: str
) -> None:
    result = run("scan", *args, env={"ACCESSCHECK_NOTIFY": "https://hooks.example/T/fake-token"})
    assert result.code == 2 and message in result.err and "fake-token" not in result.err


def test_an_unset_vantage_variable_is_a_usage_error(run: Runner) -> None:
    result = run("scan", "--vantage", "tokyo=env:NOT_SET_ANYWHERE")
    assert result.code == 2
    assert result.err == (
        "accesscheck: error: --vantage tokyo: the variable 'NOT_SET_ANYWHERE' is not set\n"
    )


def test_secrets_from_the_environment_reach_their_options(
    run: Runner, providers: Providers, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ACCESSCHECK_NOTIFY (several URLs) adds to --notify; ACCESSCHECK_PROXY is --proxy;
    NAME=env:VARIABLE is a vantage's proxy: nothing secret on the command line."""
    from tests.conftest import write_registry

    emulator = add_openai(providers)
    registry = write_registry(providers.tmp_path / "r.yaml", providers.entries)
    hooks = [Webhook(), Webhook(), Webhook()]
    try:
        both = f" {hooks[0].url}\n {hooks[1].url} {hooks[2].url}"  # the last one twice: one alert
        env = {**providers.env, "ACCESSCHECK_NOTIFY": both}
        args = ["--registry", str(registry), "--history", f"{tmp_path}/h.sqlite3"]
        args += ["-f", "json", "--notify", hooks[2].url]
        assert run("scan", *args, env=env).code == 0
        emulator.scenario.mode = "geo"
        assert run("scan", *args, env=env).code == 0
        assert [len(h.posts) for h in hooks] == [1, 1, 1]
    finally:
        for hook in hooks:
            hook.close()
    monkeypatch.delenv("ACCESSCHECK_NOTIFY")
    # a proxy that refuses everything: what it saw proves the requests went through it
    with ConnectProxy("refuse") as proxy:
        common = ["--registry", str(registry), "--no-history", "-f", "json"]
        result = run("scan", *common, env={"ACCESSCHECK_PROXY": proxy.url})
        assert json.loads(result.out)["vantage"]["proxy"] == proxy.url and proxy.heads
        seen = len(proxy.heads)
        result = run(
            "scan", *common, "--vantage", "far=env:FAR_PROXY", env={"FAR_PROXY": proxy.url}
        )
        assert len(proxy.heads) > seen, result.err
        seen = len(proxy.heads)
        run("scan", *common, "--proxy", "http://127.0.0.1:9")  # --proxy wins
        assert len(proxy.heads) == seen
