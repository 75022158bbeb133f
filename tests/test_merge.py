"""`accesscheck merge`: reports from real scans at several vantages → one matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accesscheck.merge import Scan, Spread, build
from accesscheck.model import Seen, Status
from tests.conftest import Providers, Runner, assert_no_canary_in, write_registry
from tests.report.test_html import Page, assert_self_contained
from tests.test_gate import add_openai


def scan_to(run: Runner, providers: Providers, name: str, out: Path) -> Path:
    registry = write_registry(providers.tmp_path / "r.yaml", providers.entries)
    result = run("scan", "--registry", str(registry), "--vantage-name", name, "--no-history",
                 "-o", str(out), env=providers.env)  # fmt: skip
    assert out.is_file(), result.err
    return out


def test_merge_reports_from_two_vantages(run: Runner, providers: Providers, tmp_path: Path) -> None:
    emulator = add_openai(providers)
    older_tokyo = scan_to(run, providers, "tokyo", tmp_path / "tokyo-old.json")
    tokyo = scan_to(run, providers, "tokyo", tmp_path / "tokyo.json")
    emulator.scenario.mode = "geo"
    beijing = scan_to(run, providers, "beijing", tmp_path / "beijing.json")
    # make the first tokyo report unambiguously older, as a rerun hours later would be
    doc = json.loads(older_tokyo.read_text())
    doc["started_at"] = "2026-01-01T00:00:00Z"
    older_tokyo.write_text(json.dumps(doc))

    result = run("merge", str(older_tokyo), str(tokyo), str(beijing), "--format", "json",
                 "-o", str(tmp_path / "matrix.md"), "-o", str(tmp_path / "matrix.html"))  # fmt: skip
    assert result.code == 0, result.err
    matrix = json.loads(result.out)
    assert matrix["kind"] == "accesscheck.matrix" and matrix["schema_version"] == 1
    assert [v["name"] for v in matrix["vantages"]] == ["tokyo", "beijing"]
    assert [v["file"] for v in matrix["superseded"]] == [str(older_tokyo)]
    models = {m["ref"]: m for m in matrix["models"]}
    gpt = models["openai/gpt-5.5"]
    assert gpt["cells"] == {"tokyo": "reachable/listed", "beijing": "restricted/geo_blocked"}
    assert gpt["spread"] == "regional"
    assert gpt["label"] == "restricted at beijing, reachable via tokyo"
    assert gpt["counts"]["reachable"] == 1 and gpt["counts"]["restricted"] == 1
    gated = models["openai/gpt-daybreak-blue-latest"]
    assert gated["spread"] == "nowhere"
    # refused at beijing: the label must not call it "not the region" (issue #11)
    assert gated["label"] == (
        "restricted at beijing; gated/not_entitled at tokyo: reachable at no vantage scanned"
    )

    table = run("merge", str(tokyo), str(beijing)).out.splitlines()
    assert table[0].split() == ["model", "tokyo", "(??)", "beijing", "(??)", "across", "vantages"]
    assert any(
        line.startswith("openai/gpt-5.5")
        and line.endswith("restricted at beijing, reachable via tokyo")
        for line in table
    )
    assert table[-1] == "3 models × 2 vantages; 2 regional"

    markdown = (tmp_path / "matrix.md").read_text()
    assert "| openai/gpt-5.5 | ✓ reachable/listed | ✗ restricted/geo_blocked |" in markdown
    assert "- superseded: " in markdown
    page = Page((tmp_path / "matrix.html").read_text())
    assert_self_contained(page)
    assert_no_canary_in(tmp_path)


def _scan(vantage: str, at: str, **seen: Status) -> Scan:
    return Scan(f"{vantage}.json", vantage, None, None, at, {
        ref: Seen(status, "r") for ref, status in seen.items()
    })  # fmt: skip


@pytest.mark.parametrize(
    ("statuses", "spread", "label"),
    [
        ((Status.REACHABLE, Status.REACHABLE), Spread.EVERYWHERE, "reachable everywhere"),
        (
            (Status.REACHABLE, Status.RESTRICTED),
            Spread.REGIONAL,
            "restricted at b, reachable via a",
        ),
        ((Status.REACHABLE, Status.GATED), Spread.MIXED, "reachable via a; gated/r at b"),
        (
            (Status.UNKNOWN, Status.UNKNOWN),
            Spread.NOWHERE,
            "unknown at every vantage: the provider or the account, not the region",
        ),
        (
            (Status.RESTRICTED, Status.GATED),
            Spread.NOWHERE,
            "restricted at a; gated/r at b: reachable at no vantage scanned",
        ),
        (
            (Status.RESTRICTED, Status.RESTRICTED),
            Spread.NOWHERE,
            "restricted at every vantage scanned (a, b): add a vantage in a country the "
            "provider serves to tell a regional block from a refusal everywhere",
        ),
    ],
)
def test_spread_labels(statuses: tuple[Status, Status], spread: Spread, label: str) -> None:
    matrix = build(
        [
            _scan("a", "2026-11-27T10:00:00Z", m=statuses[0]),
            _scan("b", "2026-11-27T10:00:00Z", m=statuses[1]),
        ]
    )
    (row,) = matrix.rows
    assert (row.spread, row.label) == (spread, label)


def test_a_model_one_vantage_did_not_scan_is_blank_there() -> None:
    matrix = build(
        [
            _scan("a", "t1", x=Status.REACHABLE, y=Status.REACHABLE),
            _scan("b", "t1", x=Status.RESTRICTED),
        ]
    )
    rows = {r.ref: r for r in matrix.rows}
    assert rows["y"].cells == {"a": Seen(Status.REACHABLE, "r"), "b": None}
    assert rows["y"].spread is Spread.EVERYWHERE  # of the vantages that scanned it


def test_bad_inputs_are_one_line_usage_errors(run: Runner, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    not_report = tmp_path / "list.json"
    not_report.write_text("[]")
    cases = {
        str(tmp_path / "missing.json"): "cannot read the report (No such file or directory)",
        str(garbage): "not a JSON report (accesscheck scan --format json)",
        str(not_report): "not an accesscheck JSON report of schema_version 1",
    }
    for path, message in cases.items():
        result = run("merge", path)
        assert result.code == 2 and result.err == f"accesscheck: error: {path}: {message}\n"
    result = run("merge", str(garbage), "-o", str(tmp_path / "m.pdf"))
    assert result.code == 2 and "cannot tell the format from the name" in result.err
    assert run("merge").code == 2  # at least one report
