"""The process as a whole (RELIABILITY.md §9 H): the scan's total deadline, signals with a
partial report, broken pipes, internal errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CANARY, Runner, provider_entry, write_registry
from tests.emulator.server import OK, Emulator, Scenario

REPO = Path(__file__).parents[1]


def _registry(tmp_path: Path, *emulators: tuple[str, Emulator, list[str]]) -> Path:
    entries = [provider_entry(pid, e.dialect, e.base_url, models) for pid, e, models in emulators]
    return write_registry(tmp_path / "reg.yaml", entries)


def test_h1_one_hanging_provider_cannot_hold_the_scan_past_its_deadline(
    run: Runner, tmp_path: Path
) -> None:
    hang = Scenario(mode="hang", hang_seconds=30)
    with (
        Emulator("openai", key=CANARY, scenario=Scenario(models={"m": OK})) as ok_one,
        Emulator("openai", key=CANARY, scenario=Scenario(models={"n": OK})) as ok_two,
        Emulator("openai", key=CANARY, scenario=hang) as stuck,
    ):
        reg = _registry(tmp_path, ("one", ok_one, ["m"]), ("two", ok_two, ["n"]),
                        ("stuck", stuck, ["x", "y"]))  # fmt: skip
        env = {"ONE_API_KEY": CANARY, "TWO_API_KEY": CANARY, "STUCK_API_KEY": CANARY}
        began = time.monotonic()
        result = run("scan", "--registry", str(reg), "--format", "json", "--no-history",
                     "--timeout", "20", "--scan-timeout", "1.5", env=env)  # fmt: skip
        elapsed = time.monotonic() - began
    assert elapsed < 1.5 + 1.0, elapsed
    results = {r["ref"]: r for r in json.loads(result.out)["results"]}
    assert results["one/m"]["status"] == "reachable" and results["two/n"]["status"] == "reachable"
    for ref in ("stuck/x", "stuck/y"):
        assert (results[ref]["status"], results[ref]["reason"]) == ("unknown", "timeout")
        assert results[ref]["failure"]["name"] == "deadline_exceeded"
        assert results[ref]["rule"] == "scan_deadline"


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_h2_a_signal_mid_scan_flushes_the_partial_report(
    tmp_path: Path, signum: int, code: int
) -> None:
    with (
        Emulator("openai", key=CANARY, scenario=Scenario(models={"m": OK})) as ok,
        Emulator("openai", key=CANARY, scenario=Scenario(mode="hang", hang_seconds=30)) as stuck,
    ):
        reg = _registry(tmp_path, ("fine", ok, ["m"]), ("stuck", stuck, ["x"]))
        out = tmp_path / "partial.json"
        env = {**os.environ, "FINE_API_KEY": CANARY, "STUCK_API_KEY": CANARY,
               "XDG_DATA_HOME": str(tmp_path / "data")}  # fmt: skip
        child = subprocess.Popen(
            [sys.executable, "-m", "accesscheck", "scan", "--registry", str(reg),
             "--format", "json", "--timeout", "30", "-o", str(out)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not stuck.requests and time.monotonic() < deadline:  # it is waiting on the hang
            time.sleep(0.05)
        assert stuck.requests, "the scan never reached the hanging provider"
        time.sleep(0.2)
        child.send_signal(signum)
        stdout, stderr = child.communicate(timeout=10)
    assert child.returncode == code, stderr
    assert "Traceback" not in stderr and CANARY not in stdout + stderr
    report = json.loads(stdout)
    assert report["exit_code"] == code
    results = {r["ref"]: r for r in report["results"]}
    assert results["fine/m"]["status"] == "reachable"  # what was decided is kept
    assert results["stuck/x"]["reason"] == "interrupted"
    assert json.loads(out.read_text()) == report  # -o files are written too
    # a partial scan is not recorded as history
    recorded = subprocess.run([sys.executable, "-m", "accesscheck", "history", "--format", "json"],
                              capture_output=True, text=True, env=env, cwd=REPO)  # fmt: skip
    assert json.loads(recorded.stdout)["scans"] == 0


def test_h2_sigterm_outside_a_scan_is_quiet() -> None:
    # `explain` waits on stdin, as any run can wait between two stages
    code = (
        "import os, signal, sys, threading; from accesscheck import cli;"
        "sys.argv = ['accesscheck', 'explain', '--provider', 'openai'];"
        "threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM)).start(); cli.main()"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=REPO)  # fmt: skip
    child.wait(timeout=20)  # stdin stays open: only the signal can end it
    assert child.stderr is not None and child.stdin is not None
    stderr = child.stderr.read()
    child.stdin.close()
    child.stderr.close()
    assert child.returncode == 143
    assert stderr == "accesscheck: terminated\n"


# H3 (a closed pipe: a quiet exit) is tests/test_cli.py::test_broken_pipe_is_quiet.
# H4 (an internal error: one scrubbed line, exit 70, a traceback only with --debug) is
# tests/test_cli.py::test_internal_error_is_one_scrubbed_line.
