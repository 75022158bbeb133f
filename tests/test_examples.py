"""The examples users copy must stay valid: each file parses, and every accesscheck command in
it is accepted by the CLI's own parser (an unknown option or command fails here)."""

from __future__ import annotations

import configparser
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
import yaml

from accesscheck.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PLACEHOLDERS = {
    r"\$\{\{[^}]*\}\}": "placeholder",  # GitHub expressions
    r"\$\{?SLACK_WEBHOOK_URL\}?": "https://hooks.example.invalid/T/B/fake",
}


def parse_cli(line: str) -> typer.Context:
    """Parse one `accesscheck …` command line exactly as the CLI would, without running it."""
    for pattern, value in PLACEHOLDERS.items():
        line = re.sub(pattern, value, line)
    words = shlex.split(line, comments=True)
    stops = (">", ">>", "2>>", "|", "||")
    words = words[: next((i for i, w in enumerate(words) if w in stops), len(words))]
    assert Path(words[0]).name == "accesscheck", line
    group: Any = typer.main.get_command(app)  # typer vendors click: no public Group type
    name, rest = words[1], words[2:]  # the examples put no global option before the command
    with group.make_context("accesscheck", [name]) as ctx:
        command = group.get_command(ctx, name)
        if command is None:
            raise typer.TyperException(f"no command {name!r}")
        sub: typer.Context = command.make_context(name, rest, parent=ctx)
        return sub


def commands_in(text: str) -> list[str]:
    return [
        m[0]
        for m in re.finditer(r"(?:/usr/local/bin/)?accesscheck (?:scan|history|diff)[^\n]*", text)
    ]


def workflow(name: str = "accesscheck.yml") -> dict[Any, Any]:
    doc = yaml.safe_load((EXAMPLES / "github-actions" / name).read_text())
    assert isinstance(doc, dict)
    return doc


def test_the_workflow_is_a_valid_github_actions_workflow() -> None:
    doc = workflow()
    # YAML 1.1 reads the bare key `on` as True; GitHub reads it as "on".
    triggers = doc.get("on", doc.get(True))
    assert set(triggers) == {"pull_request", "schedule", "workflow_dispatch"}
    assert [s["cron"] for s in triggers["schedule"]] == ["17 * * * *"]
    assert set(doc["jobs"]) == {"gate", "scheduled"}
    for job in doc["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest" and job["steps"]
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step


def test_every_workflow_command_parses() -> None:
    runs = [
        step["run"]
        for job in workflow()["jobs"].values()
        for step in job["steps"]
        if "accesscheck " in step.get("run", "")
    ]
    assert len(runs) == 3
    contexts = [parse_cli(" ".join(run.split())) for run in runs]
    gate = contexts[0].params
    assert gate["baseline"] == Path("accesscheck-baseline.json") and gate["no_history"]
    assert [p.suffix for p in gate["output"]] == [".xml", ".md"]  # JUnit and the summary
    scheduled = contexts[1].params
    assert scheduled["notify_urls"] == ["https://hooks.example.invalid/T/B/fake"]
    assert contexts[2].info_name == "history"


def test_the_regions_workflow_scans_each_vantage_and_merges() -> None:
    doc = workflow("regions.yml")
    scan, merge = doc["jobs"]["scan"], doc["jobs"]["merge"]
    vantages = [v["vantage"] for v in scan["strategy"]["matrix"]["include"]]
    assert (
        vantages == ["github-us", "tokyo", "frankfurt"]
        and scan["runs-on"] == "${{ matrix.runner }}"
    )
    assert merge["needs"] == "scan"
    runs = [
        s["run"]
        for job in (scan, merge)
        for s in job["steps"]
        if "accesscheck " in s.get("run", "")
    ]
    scan_ctx = parse_cli(runs[0].removesuffix(" || true"))
    assert scan_ctx.params["vantage_name"] == "placeholder" and scan_ctx.params["no_history"]
    merge_ctx = parse_cli(runs[1])
    assert merge_ctx.info_name == "merge" and merge_ctx.params["output_format"] == "markdown"
    uploads = [s for s in scan["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads[0]["with"]["path"] == "report-${{ matrix.vantage }}.json"


def test_the_crontab_line_parses() -> None:
    lines = [
        line
        for line in (EXAMPLES / "crontab").read_text().splitlines()
        if line.strip() and not line.startswith("#") and not re.match(r"^\w+=", line)
    ]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    assert fields[:5] == ["7", "*", "*", "*", "*"]
    ctx = parse_cli(fields[5])
    assert ctx.params["keep"] == "90d" and len(ctx.params["output"]) == 3


def test_the_systemd_units_parse() -> None:
    def unit(name: str) -> configparser.ConfigParser:
        parser = configparser.ConfigParser(interpolation=None, strict=True)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read_string((EXAMPLES / "systemd" / name).read_text())
        return parser

    service, timer = unit("accesscheck.service"), unit("accesscheck.timer")
    assert service["Service"]["Type"] == "oneshot"
    assert timer["Timer"]["OnCalendar"] == "hourly"
    assert timer["Install"]["WantedBy"] == "timers.target"
    ctx = parse_cli(service["Service"]["ExecStart"])
    assert ctx.params["history_path"] == Path("/var/lib/accesscheck/history.sqlite3")


@pytest.mark.parametrize(
    "line", ["accesscheck scan --no-such-option", "accesscheck scna", "accesscheck scan --keep"]
)
def test_the_check_catches_a_broken_command(line: str) -> None:
    with pytest.raises(typer.TyperException):
        parse_cli(line)


def test_every_example_file_is_checked() -> None:
    checked = {
        "README.md",
        "accesscheck.yml",
        "regions.yml",
        "crontab",
        "accesscheck.service",
        "accesscheck.timer",
    }
    assert {p.name for p in EXAMPLES.rglob("*") if p.is_file()} == checked
    found = [c for p in EXAMPLES.rglob("*") if p.is_file() for c in commands_in(p.read_text())]
    assert len(found) >= 4
