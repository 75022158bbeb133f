"""The examples users copy must stay valid: each file parses, and every accesscheck command in
it is accepted by the CLI's own parser (an unknown option or command fails here); they install
what exists, keep secrets off command lines, and the workflows pass actionlint and zizmor."""

from __future__ import annotations

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
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
}
WORKFLOWS = sorted((EXAMPLES / "github-actions").glob("*.yml"))


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
        for m in re.finditer(r"(?:/[\w/]*/)?accesscheck (?:scan|history|diff|merge)[^\n]*", text)
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
    assert not scheduled["notify_urls"]  # the webhook comes from the environment, not argv
    (step,) = [s for s in workflow()["jobs"]["scheduled"]["steps"] if "--keep" in s.get("run", "")]
    assert step["env"] == {"ACCESSCHECK_NOTIFY": "${{ secrets.SLACK_WEBHOOK_URL }}"}
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


EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*") if p.is_file())


def readme_sections(*titles: str) -> str:
    """The README's own CI and cron snippets, which users copy as well."""
    text = (EXAMPLES.parent / "README.md").read_text()
    parts = re.split(r"^(?=## )", text, flags=re.MULTILINE)
    found = [part for part in parts if part.splitlines()[0].removeprefix("## ") in titles]
    assert len(found) == len(titles)
    return "".join(found)


def test_no_secret_on_an_example_command_line() -> None:
    """A command line is readable by every user of the machine (`ps`, /proc/*/cmdline): webhook
    URLs go in ACCESSCHECK_NOTIFY and a proxy with credentials in ACCESSCHECK_PROXY, as keys do."""
    texts = [p.read_text() for p in EXAMPLE_FILES] + [readme_sections("CI", "cron")]
    commands = [c for text in texts for c in commands_in(text)]
    assert len(commands) >= 8
    for command in commands:
        assert not re.search(r"--notify|--proxy|://", command), command
    crontab = (EXAMPLES / "crontab").read_text()
    assert re.search(r"^ACCESSCHECK_NOTIFY=https://", crontab, re.MULTILINE)
    assert "ACCESSCHECK_NOTIFY" in (EXAMPLES / "systemd" / "accesscheck.service").read_text()


def test_the_examples_install_what_exists() -> None:
    """accesscheck is not on PyPI: every install names a path (a checkout or a built wheel),
    never the bare name, which would fetch nothing or someone else's package."""
    texts = {p.name: p.read_text() for p in EXAMPLE_FILES}
    texts["README.md#CI,cron"] = readme_sections("CI", "cron")
    installs = [(name, m[0]) for name, text in texts.items()
                for m in re.finditer(r"pip install [^\n`]*", text)]  # fmt: skip
    assert {name for name, _ in installs} >= {"accesscheck.yml", "regions.yml", "crontab"}
    for name, line in installs:
        targets = [w for w in shlex.split(line, comments=True)[2:] if not w.startswith("-")]
        assert targets and all("/" in w or w == "." for w in targets), (name, line)
    steps = [s for wf in WORKFLOWS for job in yaml.safe_load(wf.read_text())["jobs"].values()
             for s in job["steps"] if "pip install" in s.get("run", "")]  # fmt: skip
    assert len(steps) == 4
    assert {s["run"] for s in steps} == {"python -m pip install vendor/accesscheck-*.whl"}


def test_every_action_is_pinned_to_a_commit_and_no_checkout_keeps_credentials() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        uses = re.findall(r"uses: (\S+)@(\S+)(.*)", path.read_text())
        assert uses, path
        for action, ref, comment in uses:
            assert re.fullmatch(r"[0-9a-f]{40}", ref), (path.name, action, ref)
            assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), (path.name, action, comment)
            pins.setdefault(action, set()).add(ref + comment.strip())
        for job in yaml.safe_load(path.read_text())["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, (path.name, step)
    assert all(len(refs) == 1 for refs in pins.values()), pins  # one release per action


def linter(name: str) -> str:
    """The linter from this interpreter's environment or PATH. Locally a missing one skips the
    test; under CI it fails it, so CI never passes without having linted."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(name, path=path)
    if found is None:
        reason = f"{name} is not installed (the test extra brings it on Linux x86-64)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


@pytest.mark.parametrize(
    "command",
    [
        ["actionlint", "-no-color"],
        # --offline: the audits that would ask GitHub's API are skipped; tests never go online
        ["zizmor", "--offline", "--no-progress", "--color=never"],
    ],
    ids=["actionlint", "zizmor"],
)
def test_the_workflows_pass_actionlint_and_zizmor(command: list[str]) -> None:
    exe = linter(command[0])
    done = subprocess.run([exe, *command[1:], *map(str, WORKFLOWS)], capture_output=True,
                          text=True, timeout=120, cwd=EXAMPLES.parent)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
