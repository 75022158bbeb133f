"""The default human output: a rich table grouped by provider, then a one-line summary."""

from __future__ import annotations

import io
import shutil

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accesscheck.keys import scrub
from accesscheck.model import Report, Status
from accesscheck.report.hedging import blocks

STYLE = {
    Status.REACHABLE: "green",
    Status.RESTRICTED: "red",
    Status.GATED: "yellow",
    Status.UNAVAILABLE: "magenta",
    Status.UNKNOWN: "dim",
}
# Readable without colour: the status word itself carries the meaning, and a symbol helps
# scanning a long table.
MARK = {
    Status.REACHABLE: "✓",
    Status.RESTRICTED: "✗",
    Status.GATED: "⊘",
    Status.UNAVAILABLE: "–",
    Status.UNKNOWN: "?",
}


def summary_line(report: Report) -> str:
    counts = ", ".join(f"{report.count(s)} {s.value}" for s in Status if report.count(s))
    paid = (
        f"; {report.paid_calls} paid call{'s' if report.paid_calls != 1 else ''}"
        if report.deep
        else ""
    )
    return (
        f"{len(report.results)} models: {counts or 'none'}{paid}; "
        f"{report.duration_ms / 1000:.1f}s; exit {report.exit_code}"
    )


def render(report: Report, *, color: bool, width: int | None = None) -> str:
    """The table; as wide as the terminal (or $COLUMNS), 120 columns when not on one."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    if report.vantage is not None:
        console.print(Text(f"Scanned {scrub(str(report.vantage))}", style="bold"))
    by_provider = {p.id: p for p in report.providers}
    for provider_id in dict.fromkeys(r.provider for r in report.results):
        outcome = by_provider[provider_id]
        where = f" ({outcome.hq})" if outcome.hq else ""
        key = (
            f"key from {outcome.key_env_used}"
            if outcome.key_set
            else f"no key ({' or '.join(outcome.key_env) or 'none needed'})"
        )
        table = Table(
            title=Text(  # the endpoint may come from a variable: scrubbed like server text
                scrub(
                    f"{outcome.name}{where} — {outcome.base_url or 'no endpoint'}"
                    + (" (custom endpoint)" if outcome.custom_endpoint else "")
                    + f" — {key}"
                )
            ),
            title_justify="left",
            expand=False,
            show_lines=False,
        )
        table.add_column("model")
        table.add_column("status")
        table.add_column("reason")
        table.add_column("evidence")
        table.add_column("latency", justify="right")
        table.add_column("detail", overflow="fold", max_width=60)
        previous = None
        for r in (r for r in report.results if r.provider == provider_id):
            status = Text(f"{MARK[r.status]} {r.status.value}", style=STYLE[r.status])
            latency = f"{r.latency_ms:.0f} ms" if r.latency_ms is not None else "—"
            model = f"{r.model} *" if r.required else r.model
            # A provider-wide verdict repeats its detail on every row: say it once.
            detail = "〃" if r.detail == previous else scrub(r.detail)
            previous = r.detail
            table.add_row(
                Text(model),
                status,
                Text(r.reason.value),
                Text(r.evidence.value),
                latency,
                Text(detail),
            )
        console.print(table)
    for change in report.changes:
        if change.kind.value != "lost":
            console.print(
                Text(
                    f"changed: {change.ref} {change.kind.value} ({change.before or '—'} → "
                    f"{change.after or '—'})"
                )
            )
    for block in blocks(report):
        console.print(Text(block.title, style="bold red" if block.failed else "bold"))
        for line in block.lines:
            console.print(Text(f"  {line}"))
    for allowed in report.allowed:
        console.print(Text(f"allowed: {scrub(allowed)}", style="yellow"))
    for failure in report.failures:
        console.print(Text(f"FAILED {scrub(failure.ref)} {scrub(failure.why)}", style="bold red"))
        console.print(Text(f"  evidence: {scrub(failure.evidence)}"))
    console.print(Text(summary_line(report)))
    return buffer.getvalue()
