"""Artifacts a scan leaves behind: --output files (each written atomically), an updated
baseline, a history record with webhook alerts on change, and, inside GitHub Actions, a
step summary and annotations."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from accesscheck import notify
from accesscheck.choices import Format, MatrixFormat, NotifyFormat
from accesscheck.errors import ConfigError
from accesscheck.files import open_regular, write_atomically
from accesscheck.gate import changes_between, verdicts
from accesscheck.history import History
from accesscheck.keys import scrub
from accesscheck.merge import build, from_report
from accesscheck.model import STALE_AFTER_DAYS, Change, Report
from accesscheck.report import EXTENSIONS, FORMATS, by_suffix, format_for, html, markdown
from accesscheck.report import json as json_format
from accesscheck.report.json import render_many
from accesscheck.report.matrix import EXTENSIONS as MATRIX_EXTENSIONS
from accesscheck.report.matrix import RENDERERS as MATRIX_RENDERERS

if TYPE_CHECKING:
    from accesscheck.probe.network import Network


def plan(paths: Iterable[Path]) -> list[tuple[Path, Format]]:
    """Each --output path with the format its name asks for; checked before the scan runs."""
    planned = []
    for path in paths:
        fmt = format_for(path.name)
        if fmt is None:
            known = ", ".join(EXTENSIONS)
            raise ConfigError(
                f"--output {path}: cannot tell the format from the name (use {known})"
            )
        if path.is_dir():
            raise ConfigError(f"--output {path}: is a directory")
        planned.append((path, fmt))
    return planned


def plan_matrix(paths: Iterable[Path]) -> list[tuple[Path, MatrixFormat]]:
    """Each --output path of a matrix (merge, scan --vantage) with its format, before any work."""
    planned = []
    for path in paths:
        fmt = by_suffix(path.name, MATRIX_EXTENSIONS)
        if fmt is None:
            known = ", ".join(MATRIX_EXTENSIONS)
            raise ConfigError(
                f"--output {path}: cannot tell the format from the name (use {known})"
            )
        planned.append((path, fmt))
    return planned


def vantage_renderer(reports: Sequence[Report], code: int) -> Callable[[MatrixFormat], str]:
    """How a --vantage scan renders: JSON is the multi-vantage report, the rest the matrix."""
    matrix = build([from_report(r) for r in reports])

    def render(fmt: MatrixFormat) -> str:
        if fmt is MatrixFormat.JSON:
            return render_many(reports, code)
        return MATRIX_RENDERERS[fmt](matrix)

    return render


def write(report: Report, planned: Iterable[tuple[Path, Format]]) -> None:
    for path, fmt in planned:
        write_atomically(path, FORMATS[fmt](report, False))


def update_baseline(report: Report, path: Path) -> None:
    write_atomically(path, json_format.render(report))


def _escape(text: str) -> str:
    # GitHub's workflow-command encoding for message data.
    return scrub(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_actions(report: Report, environ: Mapping[str, str], emit: Callable[[str], None]) -> None:
    """When GITHUB_ACTIONS=true: the Markdown summary goes to $GITHUB_STEP_SUMMARY, and every
    failed model becomes an ::error annotation (an allowed one a ::warning)."""
    if environ.get("GITHUB_ACTIONS") != "true":
        return
    summary = environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT
        try:
            # a FIFO or a device is refused, not waited on: the summary is a file the runner reads
            fd = open_regular(Path(summary), "step summary", flags)
            with os.fdopen(fd, "a", encoding="utf-8") as out:
                out.write(markdown.render(report))
        except OSError as exc:
            emit(f"accesscheck: warning: cannot write GITHUB_STEP_SUMMARY ({exc.strerror})")
        except ConfigError as exc:
            emit(f"accesscheck: warning: GITHUB_STEP_SUMMARY={exc}")
    for failure in report.failures:
        message = f"{_escape(failure.why)} — {_escape(failure.evidence)}"
        emit(f"::error title=accesscheck {_escape(failure.ref)}::{message}")
    for rule in report.coverage:
        if not rule.met:
            emit(f"::error title=accesscheck coverage {_escape(rule.rule)}::{_escape(str(rule))}")
    for allowed in report.allowed:
        emit(f"::warning title=accesscheck::{_escape(allowed)}")


def stale_registry(report: Report, emit: Callable[[str], None]) -> None:
    """One warning when the registry's newest `checked` date is more than STALE_AFTER_DAYS
    before the scan: models released or retired since are not in it (issue #16)."""
    age = report.registry_age
    if age is not None and age.stale:
        emit(
            f"accesscheck: warning: the registry was last checked on {age.checked}, {age.days} "
            f"days before this scan (more than {STALE_AFTER_DAYS}): models released or retired "
            "since are missing; `accesscheck discover --catalog models.dev` lists them"
        )


def remember(
    report: Report, history: History | None, keep: timedelta, warn: Callable[[str], None]
) -> tuple[Report, list[Change]]:
    """Record the scan; return the report with its recent timeline for the HTML page, and
    what changed since the previous recorded scan (none for the first), for `alert` once the
    report is out. Trouble is a warning: neither can change the scan's exit code."""
    if history is None:
        return report, []
    try:
        previous = history.record(report, keep)
        since = datetime.fromisoformat(report.started_at.replace("Z", "+00:00"))
        series = history.series(since=since - timedelta(days=html.TIMELINE_DAYS))
    except ConfigError as exc:
        warn(f"accesscheck: warning: {exc}; no alert sent")
        return report, []
    # the first recorded scan has nothing to compare with
    changed = changes_between(previous, verdicts(report.results)) if previous else []
    scanned = {r.ref for r in report.results}
    timeline = {ref: tuple(points) for ref, points in series.items() if ref in scanned}
    return replace(report, timeline=timeline), changed


def alert(
    report: Report,
    changed: Sequence[Change],
    webhooks: Sequence[str],
    notify_format: NotifyFormat,
    network: Network,
    warn: Callable[[str], None],
) -> None:
    """Webhook alerts for what changed, through the scan's network settings. Called after the
    report was printed and written: a slow or dead webhook never costs the report."""
    notify.send(webhooks, report, changed, notify_format, warn, network)


def show(report: Report, fmt: Format, out: TextIO, *, color: bool, verbose: bool) -> None:
    """The report on stdout in the asked format: JSON streamed one result at a time (a large
    report is never held whole, issue #12), the table with every row under --verbose."""
    if fmt is Format.JSON:
        out.writelines(json_format.chunks(report))
    elif verbose and fmt is Format.TABLE:
        from accesscheck.report import table

        out.write(table.render(report, color=color, verbose=True))
    else:
        out.write(FORMATS[fmt](report, color))
