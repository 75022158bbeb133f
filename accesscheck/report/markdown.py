"""Markdown: a summary, the policy, what changed, and a table per provider — for a PR comment,
a cron e-mail or a GitHub step summary."""

from __future__ import annotations

from accesscheck.keys import scrub
from accesscheck.model import Report, Status
from accesscheck.report.hedging import blocks
from accesscheck.report.table import MARK, outage, sections, shared


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: no pipes, no line breaks, no HTML."""
    return (
        scrub(text)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\n", " ")
        .replace("<", "&lt;")
    )


def render(report: Report) -> str:
    reachable = report.count(Status.REACHABLE)
    lines = [f"# accesscheck: {reachable}/{len(report.results)} models reachable", ""]
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in Status if report.count(s))
    lines.append(
        f"Scanned {report.started_at} with registry `{cell(report.registry)}` in "
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
        lines += ["", f"## Changes since the baseline (`{cell(report.baseline)}`)", ""]
        if report.changes:
            lines += ["| model | change | before | after |", "| --- | --- | --- | --- |"]
            lines += [
                f"| {cell(c.ref)} | {c.kind.value} | {c.before or '—'} | {c.after or '—'} |"
                for c in report.changes
            ]
        else:
            lines.append("No change.")
    # As the table does: no network is one section, and a verdict a whole provider shares is
    # one line (the JSON report keeps every row).
    down = outage(report)
    if down is not None:
        head, *rest = down.lines()
        lines += ["", f"## {cell(head)}", ""] + [f"- {cell(line)}" for line in rest[:2]]
    for outcome, rows in sections(report, down):
        lines += ["", f"## {cell(outcome.name)}" + (f" ({outcome.hq})" if outcome.hq else ""), ""]
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
