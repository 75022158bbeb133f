"""The vantage block: where a scan was measured from, and the egress country as the
provider's own edge (Cloudflare's /cdn-cgi/trace) saw it."""

from __future__ import annotations

import socket

import pytest

from accesscheck.probe.network import Network
from accesscheck.probe.vantage import parse_trace, shown_proxy
from tests.conftest import Providers, Runner, write_registry
from tests.emulator.server import OK, Scenario


def traced(providers: Providers, family: str, loc: str) -> str:
    emulator = providers.add(family, scenario=Scenario(models={}, trace_loc=loc))
    providers.entries[-1]["trace_url"] = emulator.origin + "/cdn-cgi/trace"
    providers.entries[-1]["models"] = [{"id": "m"}]
    return f"{emulator.host_name}:{emulator.port}"


def test_the_country_comes_from_the_providers_trace_and_no_key_goes_there(
    run: Runner, providers: Providers
) -> None:
    host = traced(providers, "xai", "JP")
    _, _, report = providers.scan(run, "--vantage-name", "tokyo-ci")
    assert report["vantage"] == {
        "name": "tokyo-ci",
        "proxy": None,
        "country": "JP",
        "country_source": host,
    }
    table = run("scan", "--registry", str(providers.tmp_path / "providers.yaml"),
                "--vantage-name", "tokyo-ci", env=providers.env)  # fmt: skip
    assert table.out.splitlines()[0] == f"Scanned from tokyo-ci: country JP (per {host})"


def test_the_trace_request_carries_no_credentials(providers: Providers, run: Runner) -> None:
    emulator = providers.add(
        "minimax", scenario=Scenario(models={"MiniMax-M3": OK}, trace_loc="DE")
    )
    providers.entries[-1]["trace_url"] = emulator.origin + "/cdn-cgi/trace"
    providers.scan(run)
    traces = [r for r in emulator.requests if r.path == "/cdn-cgi/trace"]
    assert len(traces) == 1
    assert not {"authorization", "x-api-key", "x-goog-api-key", "api-key"} & set(traces[0].headers)


def test_the_first_provider_whose_trace_answers_wins(run: Runner, providers: Providers) -> None:
    providers.add("deepseek", scenario=Scenario(models={}))  # no trace_url at all
    providers.entries[-1]["models"] = [{"id": "m"}]
    silent = traced(providers, "mistral", "")  # a trace URL that answers 404
    second = traced(providers, "groq", "DE")
    _, _, report = providers.scan(run)
    assert (report["vantage"]["country"], report["vantage"]["country_source"]) == ("DE", second)
    assert silent != second


def test_without_a_trace_the_country_is_unknown(run: Runner, providers: Providers) -> None:
    providers.add("xai", scenario=Scenario(models={}))
    providers.entries[-1]["models"] = [{"id": "m"}]
    _, _, report = providers.scan(run)
    assert report["vantage"] == {
        "name": socket.gethostname(),
        "proxy": None,
        "country": None,
        "country_source": None,
    }
    path = write_registry(providers.tmp_path / "r.yaml", providers.entries)
    result = run("scan", "--registry", str(path), "-f", "markdown", env=providers.env)
    assert f"Scanned from {socket.gethostname()}: country unknown." in result.out


@pytest.mark.parametrize(
    ("body", "country"),
    [
        ("fl=1\nh=api.openai.com\nloc=JP\ntls=TLSv1.3\n", "JP"),
        ("loc=T1\n", "T1"),  # Tor, as Cloudflare names it
        ("loc=XX\n", None),  # Cloudflare does not know
        ("loc=jp\n", None),
        ("loc=<script>\n", None),
        ("colo=NRT\n", None),
        ("<html>captive portal</html>", None),
        ("", None),
    ],
)
def test_parse_trace(body: str, country: str | None) -> None:
    assert parse_trace(body) == country


@pytest.mark.parametrize(
    ("environ", "shown"),
    [
        (
            {"HTTPS_PROXY": "http://user:fake-secret@proxy.example:3128"},
            "http://proxy.example:3128",
        ),
        ({"https_proxy": "http://proxy.example:8080"}, "http://proxy.example:8080"),
        ({"ALL_PROXY": "socks5h://fake-user:fake-pass@10.0.0.1:1080"}, "socks5h://10.0.0.1:1080"),
        ({"HTTP_PROXY": "http://plain.example:80"}, None),  # not used for https requests
        ({"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "provider.invalid"}, None),
        ({}, None),
    ],
)
def test_the_proxy_is_shown_without_credentials(
    environ: dict[str, str], shown: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert shown_proxy(Network().proxy_for("https://provider.invalid/")) == shown
    assert Network(env_proxy=False).proxy_for("https://provider.invalid/") is None
    explicit = Network(proxy="http://fake-user:fake-pass@corp.example:8080")
    assert (
        shown_proxy(explicit.proxy_for("https://provider.invalid/")) == "http://corp.example:8080"
    )


def test_a_bad_vantage_name_is_a_usage_error(run: Runner) -> None:
    result = run("scan", "--vantage-name", "x" * 65)
    assert result.code == 2 and "--vantage-name: at most 64 printable characters" in result.err
