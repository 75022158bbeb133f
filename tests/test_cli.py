"""The command line itself: version, usage errors, internal errors, pipes, no network."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from accesscheck import __version__, cli, errors
from accesscheck.cli.root import _use_color
from tests.conftest import CANARY, Runner

REPO = Path(__file__).resolve().parents[1]


def test_version(run: Runner) -> None:
    result = run("--version")
    assert (result.code, result.out) == (0, f"accesscheck {__version__}\n")


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "accesscheck", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.startswith("accesscheck ")


def test_usage_errors_exit_2_without_traceback(run: Runner) -> None:
    result = run("scan", "--timeout", "soon")
    assert result.code == 2 and "--timeout" in result.err
    result = run("scan", "--fail-on", "restricted,blocked")
    assert result.code == 2
    assert result.err == (
        "accesscheck: error: --fail-on 'blocked': not a status "
        "(one of reachable, restricted, gated, unavailable, unknown)\n"
    )
    result = run("frobnicate")
    assert result.code == 2


def test_a_paste_that_starts_with_a_dash_is_told_how_to_pass(run: Runner) -> None:
    """A text that starts with '-' reads as an unknown option of `explain`: the usage error says
    to put it after '--', which reads it; options stay strict (a mistyped flag is no text), and
    another command's unknown option gets no such hint."""
    result = run("explain", "-Error: 403 Forbidden")
    assert result.code == 2 and not result.out
    assert "No such option: -E (a text that starts with '-' goes after '--'" in result.err
    result = run("explain", "--stauts", "403", "Forbidden")
    assert result.code == 2 and "goes after '--'" in result.err
    passed = run("explain", "-p", "openai", "--", "- error: Incorrect API key provided")
    assert passed.code == 0 and passed.out.startswith("unknown/auth_invalid"), passed.out
    other = run("scan", "--bogus")
    assert other.code == 2 and "No such option" in other.err and "'--'" not in other.err


def test_internal_error_is_one_scrubbed_line(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError(f"unexpected with {CANARY}")

    from accesscheck import scanner

    monkeypatch.setattr(scanner, "run_scan", boom)  # the CLI imports its stages when it runs
    result = run("scan")
    assert result.code == 70
    assert (
        result.err == "accesscheck: internal error: RuntimeError (run with --debug for details)\n"
    )
    debug = run("--debug", "scan", traceback=True)  # --debug shows the traceback, scrubbed
    assert debug.code == 70 and "RuntimeError: unexpected with ***" in debug.err


def test_scan_with_no_network_says_so_and_exits_3(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_dns(*_args: Any, **_kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    result = run("scan", "--format", "json", env={"OPENAI_API_KEY": CANARY})
    assert result.code == 3
    report = json.loads(result.out)
    assert {r["reason"] for r in report["results"]} == {"local_network_down", "no_endpoint"}
    # No public endpoint known, or the endpoint variable (AZURE_OPENAI_ENDPOINT,
    # AZURE_AI_FOUNDRY_ENDPOINT) is not set.
    assert sorted(by_reason(report, "no_endpoint")) == [
        "azure-foundry/DeepSeek-R1-0528",
        "azure-openai/gpt-5.5",
        "azure-openai/gpt-6-sol",
        "qihoo360/tulongfeng",
        "vertex-anthropic/claude-fable-5",  # Claude on Vertex: no GOOGLE_CLOUD_PROJECT either
        "vertex-anthropic/claude-opus-4-8",
        "vertex-anthropic/claude-opus-5",
        "vertex-anthropic/claude-sonnet-5",
        "vertex/gemini-3.1-pro-preview",
        "vertex/gemini-3.8-flash",
    ]
    assert report["exit_code"] == 3
    assert report["registry"] == "builtin"


def test_broken_pipe_is_quiet() -> None:
    done = subprocess.run(
        f"{sys.executable} -m accesscheck providers | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.stdout == "registry: builtin\n"
    assert "Traceback" not in done.stderr and "Broken pipe" not in done.stderr


def by_reason(report: dict[str, Any], reason: str) -> list[str]:
    return [r["ref"] for r in report["results"] if r["reason"] == reason]


class _Tty:
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _use_color(_Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not _use_color(_Tty())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not _use_color(_Tty())


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text()
    for command in cli.app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        assert f"accesscheck {name}" in readme, name
    for code in (
        errors.EXIT_OK,
        errors.EXIT_POLICY,
        errors.EXIT_USAGE,
        errors.EXIT_NETWORK_DOWN,
        errors.EXIT_INTERNAL,
    ):
        assert f"| `{code}` |" in readme


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "ALL_PROXY",
            "socks5://127.0.0.1:1",
            "accesscheck: error: a SOCKS proxy is set (--proxy or ALL_PROXY/HTTPS_PROXY) but SOCKS "
            "support is not installed: pip install 'httpx[socks]'\n",
        ),
        (
            "HTTPS_PROXY",
            "http://proxy:notaport",
            "accesscheck: error: HTTPS_PROXY: not a proxy URL: URL port must be a number from 1 "
            "to 65535 (scheme://[user:pass@]host:port)\n",
        ),
        ("HTTPS_PROXY", "socks4://user:hunter2@proxy:1080", None),
        (
            "SSL_CERT_FILE",
            "/nonexistent/ca.pem",
            "accesscheck: error: SSL_CERT_FILE=/nonexistent/ca.pem: not a readable PEM certificate bundle\n",
        ),
    ],
)
def test_unusable_environment_is_a_config_error(
    run: Runner, name: str, value: str, message: str | None
) -> None:
    result = run("scan", env={name: value})
    assert result.code == 2
    assert result.out == ""
    if message:
        assert result.err == message
    assert "hunter2" not in result.err


def test_console_script_end_to_end(tmp_path: Path) -> None:
    """The installed entry point, in its own process, against plain-http loopback emulators."""
    from tests.conftest import provider_entry, write_registry
    from tests.emulator.server import OK, Emulator, Scenario

    with (
        Emulator("openai", key=CANARY, scenario=Scenario(models={"gpt-5.5": OK})) as openai,
        Emulator(
            "anthropic", key=CANARY, scenario=Scenario(models={"claude-opus-5-5": OK}, mode="geo")
        ) as claude,
    ):
        claude_entry = provider_entry(
            "anthropic", "anthropic", claude.base_url, [], env="ANTHROPIC_API_KEY"
        )
        claude_entry["models"] = [{"id": "claude-opus-5-5", "required": True}]
        openai_entry = provider_entry(
            "openai", "openai", openai.base_url, ["gpt-5.5"], env="OPENAI_API_KEY"
        )
        path = write_registry(tmp_path / "r.yaml", [openai_entry, claude_entry])
        env = {"PATH": "/usr/bin:/bin", "OPENAI_API_KEY": CANARY, "ANTHROPIC_API_KEY": CANARY,
               "XDG_DATA_HOME": str(tmp_path / "xdg-data")}  # fmt: skip
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "accesscheck",
                "scan",
                "--registry",
                str(path),
                "--deep",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
            env=env,
        )
    assert done.returncode == 1, done.stderr
    assert CANARY not in done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert [(r["ref"], r["status"], r["reason"]) for r in report["results"]] == [
        ("openai/gpt-5.5", "reachable", "ok"),
        ("anthropic/claude-opus-5-5", "restricted", "geo_blocked"),
    ]
    assert report["summary"]["policy_failures"] == [
        "anthropic/claude-opus-5-5 is required but restricted/geo_blocked"
    ]
    assert report["summary"]["paid_calls"] == 1


def _commands() -> dict[str, Any]:
    import typer

    return dict(typer.main.get_command(cli.app).commands)  # type: ignore[attr-defined]


def test_every_format_choice_has_a_renderer_and_every_renderer_a_choice() -> None:
    # Each command offers exactly the formats it can produce (issue #11: `providers -f html`
    # printed a table): its --format choices are the keys of the renderer dict it calls.
    from accesscheck.report import FORMATS, changes, discovery, explanation, inventory, matrix
    from accesscheck.report import history as history_report

    renderers: dict[str, Any] = {
        "scan": FORMATS,
        "explain": explanation.RENDERERS,
        "providers": inventory.RENDERERS,
        "discover": discovery.RENDERERS,
        "diff": changes.RENDERERS,
        "merge": matrix.RENDERERS,
        "history": history_report.RENDERERS,
    }
    offered = {
        name: {str(choice) for choice in param.type_descriptor.choices}
        for name, command in _commands().items()
        for param in command.params
        if param.name == "output_format"
    }
    assert set(offered) == set(renderers)  # a new command with --format must be listed here
    for name, choices in offered.items():
        assert choices == {str(fmt) for fmt in renderers[name]}, name
    # export's formats are its TARGET argument
    from accesscheck.report.export import RENDERERS as EXPORTS

    (target,) = (p for p in _commands()["export"].params if p.name == "target")
    assert {str(c) for c in target.type_descriptor.choices} == {str(t) for t in EXPORTS}


@pytest.mark.parametrize(
    "args",
    [
        ["providers", "-f", "html"],
        ["explain", "-p", "openai", "-f", "junit", "Connection refused"],
        ["discover", "-f", "markdown"],
        ["history", "-f", "html"],
    ],
)
def test_a_format_a_command_cannot_produce_is_a_usage_error(run: Runner, args: list[str]) -> None:
    result = run(*args)
    assert result.code == 2 and result.out == ""
    assert "Invalid value for '--format'" in result.err


@pytest.mark.parametrize("columns", ["80", "120"])
def test_help_shows_no_type_names_and_no_cut_descriptions(run: Runner, columns: str) -> None:
    # issue #11: `<list[str]>`, `<float range>`, `{target}` mean nothing to a user, and a
    # description cut with "..." or "…" hides what a command does.
    import re

    names = [info.name or info.callback.__name__ for info in cli.app.registered_commands]  # type: ignore[union-attr]
    assert set(_commands()) == set(names)
    root = run("--help", env={"COLUMNS": columns})
    assert root.code == 0
    listing = " ".join(root.out.split("Commands:", 1)[1].split())
    for info in cli.app.registered_commands:
        first = " ".join((info.callback.__doc__ or "").split()).split(". ")[0]  # type: ignore[union-attr]
        assert first.rstrip(".") in listing, info.name
    assert not any(
        line.rstrip().endswith(("...", "…")) for line in root.out.split("Commands:")[1].splitlines()
    )
    for name in [*names, None]:
        shown = run(*([name] if name else []), "--help", env={"COLUMNS": columns})
        assert shown.code == 0, name
        assert not re.search(r"<[A-Za-z][^>]*>|[{}]|…", shown.out), (name, shown.out)
