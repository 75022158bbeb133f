"""Secrets, everywhere: every command, every output format, --debug, -o files, the history
database and webhook bodies, with a canary key in every provider's variable, against servers
that echo the key back, redirect to another host, show a login page and hang. No canary may
appear anywhere."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import yaml

from accesscheck import registry as registry_module
from accesscheck.report import EXTENSIONS, Format
from tests.conftest import CANARY, Run, Runner, provider_entry
from tests.emulator.server import OK, Emulator, Scenario
from tests.test_history import Webhook


class Canaries:
    """A distinct canary in every key variable of the bundled registry and of the test's
    own providers; all of them start with the suite's CANARY, which the runner also checks."""

    def __init__(self, names: list[str]) -> None:
        self.env = {name: f"{CANARY}-{secrets.token_hex(4)}-{i}" for i, name in enumerate(names)}
        self.values = [CANARY, *self.env.values()]

    def check_text(self, where: str, text: str) -> None:
        for value in self.values:
            assert value not in text, f"a canary leaked into {where}"

    def check_tree(self, root: Path) -> int:
        """Every file under root, as bytes (SQLite pages and WAL included). Returns how many."""
        count = 0
        for path in root.rglob("*"):
            if path.is_file():
                count += 1
                data = path.read_bytes()
                for value in self.values:
                    assert value.encode() not in data, f"a canary leaked into {path}"
        return count


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[tuple[Path, Canaries, dict[str, Emulator]]]:
    bundled = registry_module.load(environ={})
    names = sorted({n for p in bundled.providers for n in p.auth.env} | {"ECHO_API_KEY",
                   "HOP_API_KEY", "PORTAL_API_KEY", "SLOW_API_KEY", "FINE_API_KEY"})  # fmt: skip
    canaries = Canaries(names)
    wrong = "sk-the-right-key-is-not-any-canary"
    with ExitStack() as stack:
        elsewhere = stack.enter_context(Emulator("openai", key=wrong, scenario=Scenario()))
        servers = {
            # answers every key with "Incorrect API key provided: <the key>"
            "echo": Emulator("openai", key=wrong, scenario=Scenario(models={"m": OK})),
            # redirects keyed requests to another host, as a proxy or portal would
            "hop": Emulator("openai", key=canaries.env["HOP_API_KEY"],
                            scenario=Scenario(mode="redirect", redirect_to=elsewhere.origin)),
            "portal": Emulator("openai", key=wrong, scenario=Scenario(mode="captive")),
            "slow": Emulator("openai", key=wrong, scenario=Scenario(mode="hang", hang_seconds=5)),
            "fine": Emulator("openai", key=canaries.env["FINE_API_KEY"],
                             scenario=Scenario(models={"m": OK})),
        }  # fmt: skip
        for server in servers.values():
            stack.enter_context(server)
        servers["elsewhere"] = elsewhere
        entries = [provider_entry(pid, "openai", servers[pid].base_url, ["m"],
                                  env=f"{pid.upper()}_API_KEY")
                   for pid in ("echo", "hop", "portal", "slow", "fine")]  # fmt: skip
        path = tmp_path / "hostile.yaml"
        path.write_text(yaml.safe_dump({"version": 1, "extends": "builtin", "providers": entries}))
        yield path, canaries, servers


def test_no_canary_anywhere(
    run: Runner,
    hostile: tuple[Path, Canaries, dict[str, Emulator]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reg, canaries, servers = hostile
    out = tmp_path / "out"
    out.mkdir()
    history = tmp_path / "history.sqlite3"
    env = canaries.env
    runs: list[tuple[str, Run]] = []

    def go(*args: str, stdin: str | None = None, code: int | None = None) -> Run:
        result = run("--debug", *args, env=env, stdin=stdin)
        runs.append((" ".join(args), result))
        if code is not None:
            assert result.code == code, (args, result.err[-500:])
        return result

    common = ("--registry", str(reg), "--timeout", "1", "--history", str(history))
    hook = Webhook()
    try:
        # every stdout format, and every -o format at once
        outputs = [arg for ext in EXTENSIONS for arg in ("-o", str(out / f"scan{ext}"))]
        for fmt in Format:
            go("scan", *common, "--format", fmt.value, "--deep", *outputs,
               "--notify", hook.url, "--notify-format", "json")  # fmt: skip
        # a change since the previous recorded scan, so that both webhook formats fire
        servers["fine"].scenario.mode = "geo"
        go("scan", *common, "--format", "json", "--notify", hook.url, "-o", str(out / "after.json"))
        servers["fine"].scenario.mode = "ok"
        go("scan", *common, "--format", "table", "--notify", hook.url, "--notify-format", "slack")
        assert len(hook.posts) >= 2, "no alert was sent: the webhook bodies were not exercised"
        for post in hook.posts:
            canaries.check_text("a webhook request", repr(post))
    finally:
        hook.close()
    go("scan", "--registry", str(reg), "--timeout", "1", "--no-history", "--format", "json",
       "--vantage", "one=direct", "--vantage", "two=direct", "-o", str(out / "matrix.md"),
       "-o", str(out / "vantages.json"))  # fmt: skip
    go("scan", "--registry", str(reg), "--timeout", "1", "--no-history", "--baseline",
       str(out / "baseline.json"), "--update-baseline", "--require", "echo/m")  # fmt: skip
    echoed = json.dumps({"error": {"message": f"Incorrect API key provided: {CANARY}",
                                   "code": "invalid_api_key"}})  # fmt: skip
    for fmt in ("table", "json"):
        go("explain", "--provider", "openai", "--status", "401", "--format", fmt, stdin=echoed)
    for fmt in ("table", "json"):
        go("providers", "--registry", str(reg), "--format", fmt, code=0)
        go("discover", "--registry", str(reg), "--timeout", "1", "--format", fmt)
        go("history", "--history", str(history), "--format", fmt, code=0)
    go("discover", "--registry", str(reg), "--timeout", "1", "--yaml", str(out / "found.yaml"))
    go("diff", str(out / "scan.json"), str(out / "after.json"))
    for fmt in ("table", "markdown", "json"):
        go("merge", str(out / "scan.json"), str(out / "after.json"), "--format", fmt)
    go("merge", str(out / "scan.json"), str(out / "vantages.json"), "-o", str(out / "merged.html"))
    for target in ("litellm", "env"):
        go("export", target, "--report", str(out / "scan.json"), "--registry", str(reg),
           "-o", str(out / f"export-{target}"), code=0)  # fmt: skip
        go("export", target, "--registry", str(reg), "--timeout", "1", code=0)
    go("--version", code=0)
    for name in ("registry", "report"):
        go("schema", name, code=0)
    go("scan", "--help", code=0)
    go("scan", "--registry", str(reg), "--proxy", f"http://user:{CANARY}@127.0.0.1:9/")

    for args, result in runs:
        canaries.check_text(f"stdout of {args}", result.out)
        canaries.check_text(f"stderr of {args}", result.err)
    files = canaries.check_tree(tmp_path)
    assert files >= len(EXTENSIONS) + 10  # the -o files, the history database, the exports
    # the echo server really echoed a key (so scrubbing was needed), and the redirect target
    # never received one
    assert any(r.headers.get("authorization") for r in servers["echo"].requests)
    assert servers["elsewhere"].requests == [] or not any(
        h in r.headers for r in servers["elsewhere"].requests
        for h in ("authorization", "x-api-key", "x-goog-api-key")
    )  # fmt: skip
    scan_doc = json.loads((out / "scan.json").read_text())
    details = " ".join(r["detail"] for r in scan_doc["results"] if r["provider"] == "echo")
    assert "Incorrect API key provided" in details and "***" in details
    assert isinstance(scan_doc, dict) and _all_commands_ran(runs)


def _all_commands_ran(runs: list[tuple[str, Run]]) -> bool:
    from accesscheck import cli

    ran = {args.split()[0] for args, _ in runs}
    commands = {
        c.name or (c.callback.__name__ if c.callback else "") for c in cli.app.registered_commands
    }
    missing = {c.replace("_command", "") for c in commands} - ran
    assert not missing, f"the canary test does not run {missing}"
    return True
