"""Markdown: a summary, the policy, what changed, and a table per provider — for a PR comment,
a cron e-mail or a GitHub step summary."""

from __future__ import annotations

import re
from collections.abc import Iterable

from accesscheck.keys import scrub
from accesscheck.model import Change, Report, Status
from accesscheck.report.hedging import blocks
from accesscheck.report.table import MARK, outage, sections, shared

# Every ASCII punctuation character may be backslash-escaped in CommonMark/GFM; these are the
# ones that start emphasis, code, links (and images), HTML, entities, strikethrough or a cell.
# An underscore inside a word (geo_blocked) cannot start emphasis in GFM and is left as is.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]<>&|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
# A mention: @ at the start of a word (not inside an e-mail address). GitHub and Slack ping
# on it; no backslash escape stops GitHub's, so the @ becomes a visible look-alike instead
# (an invisible separator would be hidden from the reader).
_MENTION = re.compile(r"(?<![\w@])@(?=[\w-])")


def defuse_mentions(text: str) -> str:
    """@team, @channel, @here, @everyone shown as ＠team: readable, but nobody is pinged."""
    return _MENTION.sub("＠", text)


def cell(text: object) -> str:
    """Provider or file text made inert in Markdown (a table cell, a list item, a heading): no
    pipes, line breaks, HTML, emphasis, code, links or mentions. The one escaper for every
    Markdown output: report, diff, GitHub step summary and merge matrix."""
    flat = " ".join(scrub(str(text)).splitlines())
    return defuse_mentions(_MARKDOWN_SPECIAL.sub(r"\\\g<0>", flat))


def code(text: object) -> str:
    """A code span that shows `text` verbatim: backslash escapes are not read inside one, so
    instead its fence is longer than any run of backticks in the text (CommonMark 6.1)."""
    flat = " ".join(scrub(str(text)).splitlines())
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def changes_table(changes: Iterable[Change]) -> list[str]:
    """What changed, as a table (the report's baseline section and `accesscheck diff`)."""
    rows = [
        f"| {cell(c.ref)} | {c.kind.value} | {cell(c.before or '—')} | {cell(c.after or '—')} |"
        for c in changes
    ]
    return ["| model | change | before | after |", "| --- | --- | --- | --- |", *rows]


def render(report: Report) -> str:
    reachable = report.count(Status.REACHABLE)
    lines = [f"# accesscheck: {reachable}/{len(report.results)} models reachable", ""]
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in Status if report.count(s))
    lines.append(
        f"Scanned {report.started_at} with registry {code(report.registry)} in "
        f"{report.duration_ms / 1000:.1f}s: {counts or 'no models'}. Exit code {report.exit_code}."
    )
    if report.vantage is not None:
        lines.append(f"\nScanned {cell(str(report.vantage))}.")
    if report.failures or report.allowed:
        lines += ["", "## Policy", ""]
        lines += [
            f"- ❌ **{cell(f.ref)}** {cell(f.why)} — {cell(f.evidence)}" for f in report.failures
        ]
        lines += [f"- ✅ {cell(a)}" for a in report.allowed]
    for block in blocks(report):
        lines += ["", f"## {cell(block.title)}", ""]
        lines += [f"- {cell(line)}" for line in block.lines]
    if report.baseline is not None:
        lines += ["", f"## Changes since the baseline ({code(report.baseline)})", ""]
        if report.changes:
            lines += changes_table(report.changes)
        else:
            lines.append("No change.")
    # As the table does: no network is one section, and a verdict a whole provider shares is
    # one line (the JSON report keeps every row).
    down = outage(report)
    if down is not None:
        head, *rest = down.lines()
        lines += ["", f"## {cell(head)}", ""] + [f"- {cell(line)}" for line in rest[:2]]
    for outcome, rows in sections(report, down):
        hq = f" ({cell(outcome.hq)})" if outcome.hq else ""
        lines += ["", f"## {cell(outcome.name)}{hq}", ""]
        verdict = shared(rows)
        if verdict is not None:
            required = [r.model for r in rows if r.required]
            lines.append(
                f"All {len(rows)} models"
                + (f" (required: {cell(', '.join(required))})" if required else "")
                + f": {MARK[verdict.status]} {verdict.status.value} {verdict.reason.value} "
                f"({verdict.evidence.value}) — {cell(verdict.detail)}"
            )
            continue
        lines += [
            "| model | status | reason | evidence | detail |",
            "| --- | --- | --- | --- | --- |",
        ]
        for r in rows:
            model = cell(r.model) + (" (required)" if r.required else "")
            status = f"{MARK[r.status]} {r.status.value}"
            row = [model, status, r.reason.value, r.evidence.value, cell(r.detail)]
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"
