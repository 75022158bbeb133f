"""scanner.py beyond what the end-to-end suites check: what a scan costs (#12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from accesscheck import registry
from accesscheck.model import Report, RungRecord
from accesscheck.observation import Rung
from accesscheck.scanner import ScanOptions, run_scan, run_vantages


def test_the_reports_are_never_turned_into_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # asyncio.run on Python 3.11 reprs its task's result while restoring the SIGINT handler
    # (python/cpython#112559): a scan's report as text was its peak memory at 50,000 models.
    path = tmp_path / "r.yaml"
    path.write_text(
        "version: 1\nproviders:\n  - {id: p, name: P, api: openai, base_url: null,\n"
        "     models: [{id: a}, {id: b}]}\n"
    )
    reg = registry.load(str(path))
    shown: list[str] = []
    monkeypatch.setattr(Report, "__repr__", lambda self: shown.append("report") or "<Report>")
    report = run_scan(reg, ScanOptions(vantage_name="here"))
    reports = run_vantages(reg, [ScanOptions(vantage_name="a"), ScanOptions(vantage_name="b")])
    assert [r.model for r in report.results] == ["a", "b"]
    assert [r.vantage.name if r.vantage else None for r in reports] == ["a", "b"]
    assert shown == []


def test_a_result_and_a_step_record_have_no_dict_each(tmp_path: Path) -> None:
    # One of each per model: slotted, a third of the memory of a __dict__ each (#12).
    path = tmp_path / "r.yaml"
    path.write_text("version: 1\nproviders:\n  - {id: p, name: P, api: openai, base_url: null,\n"
                    "     models: [{id: a}]}\n")  # fmt: skip
    (result,) = run_scan(registry.load(str(path)), ScanOptions(vantage_name="here")).results
    step = RungRecord(Rung.LIST, "GET", "/v1/models", 200, 1.0, "listed")
    for record in (result, step):
        assert not hasattr(record, "__dict__"), type(record)
