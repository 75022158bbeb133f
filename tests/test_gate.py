"""The CI gate and its artifacts: baselines, allowances, diff, --output files, GitHub Actions."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from accesscheck import files
from accesscheck.errors import ConfigError
from tests.conftest import CANARY, Providers, Runner, assert_no_canary_in, write_registry
from tests.emulator.server import GATED, OK, Emulator, Scenario

MODELS = {"gpt-5.5": OK, "gpt-6.2-sol": OK, "gpt-daybreak-blue-latest": GATED}


def add_openai(providers: Providers, mode: str = "ok") -> Emulator:
    emulator = providers.stack.enter_context(
        Emulator(
            "openai",
            key=CANARY,
            scenario=Scenario(
                mode=mode, models=dict(MODELS), unlisted={"gpt-daybreak-blue-latest"}
            ),
        )
    )
    providers.entries.append({"id": "openai", "name": "OpenAI", "api": "openai", "base_url": emulator.base_url,
                              "auth": {"env": "OPENAI_API_KEY"}, "models": [{"id": m} for m in MODELS]})  # fmt: skip
    providers.env["OPENAI_API_KEY"] = CANARY
    return emulator


def scan(run: Runner, providers: Providers, *args: str) -> tuple[int, dict[str, Any], str]:
    path = providers.tmp_path / "r.yaml"
    write_registry(path, providers.entries)
    result = run("scan", "--registry", str(path), "--format", "json", *args, env=providers.env)
    assert result.out, result.err
    return result.code, json.loads(result.out), result.err


def test_baseline_fails_only_on_lost_access(
    run: Runner, providers: Providers, tmp_path: Path
) -> None:
    emulator = add_openai(providers)
    baseline = tmp_path / "accesscheck-baseline.json"
    code, report, _ = scan(run, providers, "--baseline", str(baseline), "--update-baseline")
    assert code == 0 and baseline.exists()
    assert json.loads(baseline.read_text())["results"][0]["ref"] == "openai/gpt-5.5"

    # Nothing changed: a gated model that stays gated does not fail the gate.
    code, report, _ = scan(run, providers, "--baseline", str(baseline))
    assert code == 0 and report["policy"]["changes"] == []

    emulator.scenario.mode = "geo"
    code, report, _ = scan(run, providers, "--baseline", str(baseline))
    assert code == 1
    lost = {c["ref"]: c for c in report["policy"]["changes"]}
    assert lost["openai/gpt-5.5"] == {"ref": "openai/gpt-5.5", "kind": "lost", "before": "reachable/listed",
                                      "after": "restricted/geo_blocked"}  # fmt: skip
    failure = report["policy"]["failures"][0]
    assert failure["why"] == "lost access: was reachable/listed, now restricted/geo_blocked"
    assert failure["evidence"].startswith(
        "restricted/geo_blocked (list, HTTP 403): OpenAI does not serve"
    )
    assert report["summary"]["policy_failures"][0] == (
        "openai/gpt-5.5 lost access: was reachable/listed, now restricted/geo_blocked"
    )
    # The gated model was never reachable: changed, not lost.
    assert lost["openai/gpt-daybreak-blue-latest"]["kind"] == "changed"

    table = run(
        "scan",
        "--registry",
        str(providers.tmp_path / "r.yaml"),
        "--baseline",
        str(baseline),
        env=providers.env,
    )
    assert table.code == 1
    assert (
        "FAILED openai/gpt-5.5 lost access: was reachable/listed, now restricted/geo_blocked"
        in table.out
    )
    assert "  evidence: restricted/geo_blocked (list, HTTP 403)" in table.out


def test_allowances_accept_an_expected_restriction_until_a_date(run: Runner, providers: Providers,
                                                                 tmp_path: Path) -> None:  # fmt: skip
    add_openai(providers, mode="geo")
    code, report, _ = scan(
        run, providers, "--fail-on", "restricted", "--allow", "openai/*:restricted"
    )
    assert code == 0
    assert report["policy"]["allowed"][0].startswith(
        "openai/gpt-5.5 is restricted/geo_blocked (--fail-on restricted)"
    )

    code, report, _ = scan(
        run, providers, "--fail-on", "restricted", "--allow", "openai/*:restricted:2026-01-01"
    )
    assert code == 1
    assert report["policy"]["failures"][0]["why"].endswith("(its allowance expired on 2026-01-01)")

    # The same from the registry, with a reason.
    providers.entries[0]["models"][0]["required"] = True
    path = tmp_path / "with-allow.yaml"
    write_registry(path, providers.entries)
    text = path.read_text() + (
        "allow:\n  - ref: openai/gpt-5.5\n    status: restricted\n    until: '2099-12-31'\n"
        "    reason: our CI runs from a region OpenAI does not serve\n"
    )
    path.write_text(text)
    result = run("scan", "--registry", str(path), "--format", "json", env=providers.env)
    doc = json.loads(result.out)
    assert result.code == 0
    assert doc["policy"]["allowed"] == [
        "openai/gpt-5.5 is required but restricted/geo_blocked; allowed until 2099-12-31: "
        "our CI runs from a region OpenAI does not serve"
    ]


@pytest.mark.parametrize(
    "bad", ["openai/gpt-5.5", "openai/gpt-5.5:blocked", "openai/*:gated:tomorrow", ":restricted"]
)
def test_bad_allow_is_a_usage_error(run: Runner, bad: str) -> None:
    result = run("scan", "--allow", bad)
    assert result.code == 2 and result.err.startswith(f"accesscheck: error: --allow {bad!r}")


def test_diff(run: Runner, tmp_path: Path) -> None:
    def report(statuses: dict[str, tuple[str, str]]) -> Path:
        path = tmp_path / f"r{len(list(tmp_path.iterdir()))}.json"
        results = [{"ref": ref, "status": s, "reason": r} for ref, (s, r) in statuses.items()]
        path.write_text(json.dumps({"schema_version": 1, "results": results}))
        return path

    old = report(
        {
            "a/x": ("reachable", "ok"),
            "a/y": ("gated", "not_entitled"),
            "a/z": ("reachable", "listed"),
        }
    )
    new = report(
        {
            "a/x": ("restricted", "geo_blocked"),
            "a/y": ("reachable", "ok"),
            "a/w": ("unknown", "timeout"),
        }
    )
    result = run("diff", str(old), str(new))
    assert result.code == 1
    assert result.out.splitlines() == [
        "lost     a/x  reachable/ok → restricted/geo_blocked",
        "gained   a/y  gated/not_entitled → reachable/ok",
        "new      a/w  — → unknown/timeout",
        "removed  a/z  reachable/listed → —",
        "4 changes, 1 lost",
    ]
    doc = json.loads(run("diff", str(old), str(new), "--format", "json").out)
    assert doc["lost"] == ["a/x"]
    markdown = run("diff", str(old), str(new), "--format", "markdown").out
    assert "| a/x | lost | reachable/ok | restricted/geo_blocked |" in markdown
    same = run("diff", str(old), str(old))
    assert (same.code, same.out) == (0, "no change\n")
    broken = tmp_path / "broken.json"
    broken.write_text("[1, 2]")
    result = run("diff", str(old), str(broken))
    assert result.code == 2 and "not an accesscheck JSON report" in result.err


def test_outputs_in_every_format(run: Runner, providers: Providers, tmp_path: Path) -> None:
    add_openai(providers)
    providers.entries[0]["models"][2]["required"] = True  # the gated one: the gate fails
    out = tmp_path / "out"
    out.mkdir()
    names = [
        "report.json",
        "report.md",
        "junit.xml",
        "accesscheck.prom",
        "badge.badge.json",
        "table.txt",
        "page.html",
    ]
    code, report, _ = scan(run, providers, *[a for n in names for a in ("-o", str(out / n))])
    assert code == 1
    assert json.loads((out / "report.json").read_text())["results"] == report["results"]

    suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "0")
    failed = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["openai/gpt-daybreak-blue-latest"]
    failure = failed[0].find("failure")
    assert failure is not None and failure.get("type") == "gated"
    assert "gated/not_entitled (list, HTTP 200)" in (failure.text or "")

    families = {
        f.name: f for f in text_string_to_metric_families((out / "accesscheck.prom").read_text())
    }
    samples = [s for s in families["accesscheck_model_status"].samples if s.value == 1]
    assert {(s.labels["model"], s.labels["status"]) for s in samples} == {
        ("gpt-5.5", "reachable"),
        ("gpt-6.2-sol", "reachable"),
        ("gpt-daybreak-blue-latest", "gated"),
    }
    assert len(families["accesscheck_model_status"].samples) == 3 * 5
    assert families["accesscheck_policy_failures"].samples[0].value == 1

    assert json.loads((out / "badge.badge.json").read_text()) == {
        "schemaVersion": 1,
        "label": "models",
        "message": "2/3 reachable",
        "color": "red",
    }
    markdown = (out / "report.md").read_text()
    assert markdown.startswith("# accesscheck: 2/3 models reachable\n")
    assert "- ❌ **openai/gpt-daybreak-blue-latest** is required but gated/not_entitled" in markdown
    assert "| gpt-daybreak-blue-latest (required) | ⊘ gated | not_entitled | list |" in markdown
    assert (out / "table.txt").read_text().split("\n")[1].startswith("OpenAI — ")
    page = (out / "page.html").read_text()
    assert "<h1>accesscheck: 2/3 models reachable</h1>" in page
    assert '<li class="fail"><b>openai/gpt-daybreak-blue-latest</b> is required but' in page
    assert_no_canary_in(out)
    assert sorted(p.name for p in out.iterdir()) == sorted(names)  # no temporary files left


def test_output_with_an_unknown_extension(run: Runner, tmp_path: Path) -> None:
    result = run("scan", "-o", str(tmp_path / "report.pdf"))
    assert result.code == 2
    assert "cannot tell the format from the name" in result.err


def test_github_actions_summary_and_annotations(
    run: Runner, providers: Providers, tmp_path: Path
) -> None:
    add_openai(providers, mode="geo")
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier steps\n")
    providers.env.update({"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    code, _, err = scan(
        run, providers, "--require", "openai/gpt-5.5", "--min-providers", "vision=1"
    )
    assert code == 1
    assert summary.read_text().startswith("earlier steps\n# accesscheck: 0/3 models reachable")
    assert "::error title=accesscheck openai/gpt-5.5::is required but restricted/geo_blocked" in err
    # an unmet coverage rule is annotated too
    assert (
        "::error title=accesscheck coverage vision::coverage vision: 0 from 0 jurisdiction(s)"
        in err
    )


def test_an_interrupted_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_text("the previous report\n")

    def crash(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(ConfigError, match="cannot write"):
        files.write_atomically(target, "a new report that never lands\n")
    assert target.read_text() == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_bad_baseline_files_are_one_line_usage_errors(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accesscheck import gate

    monkeypatch.setattr(gate, "MAX_REPORT_BYTES", 64)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"schema_version": 1, "results": [{"ref": "a/b" * 30}]}))
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\xff\x00not json")
    cases = {
        tmp_path / "missing.json": "cannot read the baseline (No such file or directory)",
        tmp_path: "cannot read the baseline (Is a directory)",
        big: "baseline larger than 64 bytes",
        garbage: "the baseline is not a JSON report (accesscheck scan --format json)",
    }
    for path, message in cases.items():
        with pytest.raises(ConfigError) as caught:
            gate.load_baseline(path)
        assert str(caught.value) == f"{path}: {message}"


KILLED_WRITER = """
import os, sys, time
from pathlib import Path
from accesscheck import files
real_fsync = os.fsync
def stall(fd):
    real_fsync(fd)
    Path(sys.argv[2]).write_text("mid-write")  # tell the test we are between write and rename
    time.sleep(60)
os.fsync = stall
files.write_atomically(Path(sys.argv[1]), "a new report that never lands\\n" * 10000)
"""


def test_a_writer_killed_mid_write_leaves_the_previous_report_intact(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    target, marker = tmp_path / "report.json", tmp_path / "marker"
    target.write_text("the previous report\n")
    root = Path(__file__).resolve().parents[1]
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(target), str(marker)], cwd=root
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert marker.exists(), "the writer never reached the middle of its write"
        writer.send_signal(signal.SIGKILL)
        assert writer.wait(timeout=30) == -signal.SIGKILL
    finally:
        if writer.poll() is None:
            writer.kill()
    assert target.read_text() == "the previous report\n"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("report.json", "marker")]
    # only the hidden temporary file, which the next write ignores
    assert len(leftovers) == 1 and leftovers[0].startswith(".report.json.")


def _result(ref: str, status: str, reason: str) -> Any:
    from accesscheck.model import Reason, Result, Status
    from accesscheck.observation import Rung

    provider, model = ref.split("/")
    return Result(ref, provider, model, model, Status(status), Reason(reason), Rung.INVOKE, "r",
                  required=True)  # fmt: skip


@pytest.mark.parametrize(
    ("today", "allowed"),
    [("2026-12-01", True), ("2026-12-02", False), ("2026-11-30", True)],
)
def test_an_allowance_holds_through_its_until_day_and_not_a_day_more(
    today: str, allowed: bool
) -> None:
    """`until` is inclusive: the allowance still accepts on that day, fails the day after."""
    from datetime import date

    from accesscheck.gate import judge, parse_allow

    judgement = judge(
        [_result("openai/gpt-5.5", "restricted", "geo_blocked")],
        fail_on=frozenset(),
        allowances=[parse_allow("openai/*:restricted:2026-12-01")],
        baseline=None,
        today=date.fromisoformat(today),
    )
    assert bool(judgement.allowed) is allowed
    assert bool(judgement.failures) is not allowed
    if not allowed:
        assert judgement.failures[0].why.endswith("(its allowance expired on 2026-12-01)")


def test_an_allowance_accepts_only_the_status_it_names() -> None:
    from datetime import date

    from accesscheck.gate import judge, parse_allow

    results = [
        _result("openai/gpt-5.5", "gated", "not_entitled"),
        _result("openai/gpt-6.2-sol", "restricted", "geo_blocked"),
    ]
    judgement = judge(
        results,
        fail_on=frozenset(),
        allowances=[parse_allow("openai/*:restricted")],
        baseline=None,
        today=date(2026, 12, 1),
    )
    assert [f.ref for f in judgement.failures] == ["openai/gpt-5.5"]
    assert len(judgement.allowed) == 1 and judgement.allowed[0].startswith("openai/gpt-6.2-sol")


def test_an_expiry_note_names_only_the_allowance_that_expired() -> None:
    """A failure says its allowance expired only when one for this model and status did."""
    from datetime import date

    from accesscheck.gate import judge, parse_allow

    judgement = judge(
        [_result("openai/gpt-5.5", "restricted", "geo_blocked")],
        fail_on=frozenset(),
        allowances=[
            parse_allow("anthropic/*:restricted:2099-01-01"),  # another model, not expired
            parse_allow("openai/*:gated:2026-01-01"),  # this model, another status, expired
        ],
        baseline=None,
        today=date(2026, 12, 1),
    )
    (failure,) = judgement.failures
    assert "expired" not in failure.why
