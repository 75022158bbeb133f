"""The scan's deadline and a stop asked for mid-scan, in process: what was decided is kept, what
was not is `unknown` with the reason it stopped, and the country found before the stop stays.
(tests/test_process.py checks the same from outside, with the clock; these check the outcome,
so that they hold on a loaded machine too.)"""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from accesscheck import registry
from accesscheck.model import Reason, Status
from accesscheck.observation import FailureName
from accesscheck.scanner import ScanOptions, Stop, _scan_all, run_scan
from tests.conftest import CANARY, provider_entry, write_registry
from tests.emulator.server import OK, Emulator, Scenario

HANG = Scenario(mode="hang", hang_seconds=30)
ENV = {"FINE_API_KEY": CANARY, "STUCK_API_KEY": CANARY}


def _registry(
    tmp_path: Path, fine: Emulator, stuck: Emulator, trace: Emulator | None = None
) -> registry.Registry:
    entries = [
        provider_entry("fine", "openai", fine.base_url, ["m"]),
        provider_entry("stuck", "openai", stuck.base_url, ["x", "y"]),
    ]
    trace = trace or fine
    entries[0 if trace is fine else 1]["trace_url"] = trace.origin + "/cdn-cgi/trace"
    return registry.load(str(write_registry(tmp_path / "r.yaml", entries)))


def test_the_scan_deadline_cuts_only_the_climbs_still_running(tmp_path: Path) -> None:
    fine_scenario = Scenario(models={"m": OK}, trace_loc="DE")
    with (
        Emulator("openai", key=CANARY, scenario=fine_scenario) as fine,
        Emulator("openai", key=CANARY, scenario=HANG) as stuck,
    ):
        debug: list[str] = []
        options = ScanOptions(
            timeout=25, scan_timeout=1.0, environ=ENV, vantage_name="here", debug=debug.append
        )
        began = time.monotonic()
        report = run_scan(_registry(tmp_path, fine, stuck), options)
        elapsed = time.monotonic() - began
    assert elapsed < 20, elapsed  # the deadline ended it, not the 25 s request timeout
    results = {r.ref: r for r in report.results}
    assert results["fine/m"].status is Status.REACHABLE
    for ref in ("stuck/x", "stuck/y"):
        result = results[ref]
        assert (result.status, result.reason, result.rule) == (
            Status.UNKNOWN,
            Reason.TIMEOUT,
            "scan_deadline",
        )
        assert result.failure is not None
        assert result.failure.name is FailureName.DEADLINE_EXCEEDED
    # a climb cut short is not a climb that failed
    assert not [line for line in debug if "internal error" in line]
    # the country the trace gave before the deadline is kept
    assert report.vantage is not None and report.vantage.country == "DE"


def test_a_trace_the_deadline_cut_is_no_country_not_a_failed_scan(tmp_path: Path) -> None:
    with (
        Emulator("openai", key=CANARY, scenario=Scenario(models={"m": OK})) as fine,
        Emulator("openai", key=CANARY, scenario=HANG) as stuck,
    ):
        options = ScanOptions(timeout=25, scan_timeout=1.0, environ=ENV, vantage_name="here")
        report = run_scan(_registry(tmp_path, fine, stuck, trace=stuck), options)
    assert report.vantage is not None and report.vantage.country is None
    assert {r.ref: r.status for r in report.results}["fine/m"] is Status.REACHABLE


def test_a_stop_mid_scan_says_interrupted_for_what_it_cut(tmp_path: Path) -> None:
    """(What was decided before a signal is kept: tests/test_process.py, where the order of the
    two climbs is known.)"""
    with (
        Emulator("openai", key=CANARY, scenario=Scenario(models={"m": OK})) as fine,
        Emulator("openai", key=CANARY, scenario=HANG) as stuck,
    ):
        reg = _registry(tmp_path, fine, stuck)
        options = ScanOptions(timeout=25, scan_timeout=60, environ=ENV)

        async def scan() -> tuple[Stop, list[str | None]]:
            stop = Stop()

            async def stop_once_stuck() -> None:
                while not stuck.requests:
                    await asyncio.sleep(0.02)
                stop.trigger(signal.SIGTERM)

            stopper = asyncio.ensure_future(stop_once_stuck())
            scans, _ = await _scan_all(reg, options, stop)
            await stopper
            return stop, [
                (s.verdicts[m.id].verdict.reason.value) for s in scans for m in s.provider.models
            ]

        began = time.monotonic()
        stop, reasons = asyncio.run(scan())
        elapsed = time.monotonic() - began
    assert elapsed < 20, elapsed
    assert stop.signal == signal.SIGTERM
    assert reasons[1:] == ["interrupted", "interrupted"]


def test_the_first_signal_is_the_one_a_stop_reports() -> None:
    """A second signal (SIGINT after SIGTERM) does not change the exit code the first chose."""

    async def go() -> Stop:
        stop = Stop()
        stop.trigger(signal.SIGTERM)
        stop.trigger(signal.SIGINT)
        return stop

    stop = asyncio.run(go())
    assert stop.signal == signal.SIGTERM and stop.event.is_set()
