"""HTML: one self-contained page — summary, policy, changes, a table per provider and, when a
history exists, each model's availability over the last days drawn as an inline SVG.

Self-contained means it opens offline and loads nothing: styles are inline, the picture is
SVG in the page, and a Content-Security-Policy forbids every fetch, so even a hostile string
that slipped past escaping could not call home. Every text goes through html.escape after
the key scrub.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from html import escape

from accesscheck.keys import scrub
from accesscheck.model import Point, Report, Result, Status
from accesscheck.report.hedging import blocks
from accesscheck.report.table import MARK, outage, sections, shared

TIMELINE_DAYS = 7
COLORS = {
    Status.REACHABLE: "#2e7d32",
    Status.RESTRICTED: "#c62828",
    Status.GATED: "#ef6c00",
    Status.UNAVAILABLE: "#757575",
    Status.UNKNOWN: "#5e35b1",
}
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em;color:#1b1b1b}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.6em 0 .4em}
table{border-collapse:collapse;width:100%;margin:.3em 0}
th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f4f4f4}.muted{color:#666}.pill{display:inline-block;padding:0 .5em;
border-radius:1em;color:#fff;white-space:nowrap}.fail{color:#c62828}
.counts span{margin-right:1em}code{font-size:.95em}svg text{font:12px system-ui,sans-serif}
"""


def _text(value: object) -> str:
    return escape(scrub(str(value)), quote=True)


def _pill(status: Status) -> str:
    color = COLORS[status]
    return f'<span class="pill" style="background:{color}">{MARK[status]} {status.value}</span>'


def _row(result: Result) -> str:
    http = str(result.http_status) if result.http_status else ""
    latency = f"{result.latency_ms:.0f} ms" if result.latency_ms is not None else ""
    required = ' <span class="muted">(required)</span>' if result.required else ""
    cells = [
        f"<code>{_text(result.model)}</code>{required}",
        _pill(result.status),
        _text(result.reason.value),
        _text(result.evidence.value),
        http,
        latency,
        _text(result.detail),
    ]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _providers(report: Report) -> list[str]:
    """A table per provider, grouped as the terminal table is: no network at all is one
    section, a verdict a whole provider shares one line (the JSON report keeps every row)."""
    out = []
    down = outage(report)
    if down is not None:
        head, *rest = down.lines()
        out.append(f'<h2 id="no-network">{_text(head)}</h2><ul>')
        out += [f"<li>{_text(line)}</li>" for line in rest[:2]]
        out.append("</ul>")
    for outcome, rows in sections(report, down):
        hq = f' <span class="muted">({_text(outcome.hq)})</span>' if outcome.hq else ""
        out.append(f"<h2>{_text(outcome.name)}{hq}</h2>")
        verdict = shared(rows)
        if verdict is not None:
            required = [r.model for r in rows if r.required]
            which = f" (required: {_text(', '.join(required))})" if required else ""
            out.append(
                f'<p class="shared">All {len(rows)} models{which}: {_pill(verdict.status)} '
                f"{_text(verdict.reason.value)} ({_text(verdict.evidence.value)}) — "
                f"{_text(verdict.detail)}</p>"
            )
            continue
        out.append(
            "<table><tr><th>model</th><th>status</th><th>reason</th><th>evidence</th>"
            "<th>HTTP</th><th>latency</th><th>detail</th></tr>"
        )
        out += [_row(r) for r in rows]
        out.append("</table>")
    return out


def _policy(report: Report) -> list[str]:
    out = []
    if report.failures or report.allowed:
        out.append('<h2>Policy</h2><ul id="policy">')
        out += [
            f'<li class="fail"><b>{_text(f.ref)}</b> {_text(f.why)} — {_text(f.evidence)}</li>'
            for f in report.failures
        ]
        out += [f"<li>allowed: {_text(a)}</li>" for a in report.allowed]
        out.append("</ul>")
    for block in blocks(report):
        out.append(f"<h2>{_text(block.title)}</h2><ul>")
        out += [f"<li>{_text(line)}</li>" for line in block.lines]
        out.append("</ul>")
    if report.baseline is not None:
        out.append(f"<h2>Changes since the baseline <code>{_text(report.baseline)}</code></h2>")
        if report.changes:
            out.append("<table><tr><th>model</th><th>change</th><th>before</th><th>after</th></tr>")
            out += [
                f"<tr><td><code>{_text(c.ref)}</code></td><td>{c.kind.value}</td>"
                f"<td>{_text(c.before or '—')}</td><td>{_text(c.after or '—')}</td></tr>"
                for c in report.changes
            ]
            out.append("</table>")
        else:
            out.append("<p>No change.</p>")
    return out


def timeline_svg(
    timeline: Mapping[str, Sequence[Point]], end: datetime, days: int = TIMELINE_DAYS
) -> str:
    """One row per model: each recorded verdict is a bar from its scan to the next one, in
    its status's colour; gaps longer than a day (no scan) stay white."""
    start = end - timedelta(days=days)
    label_w, plot_w, row_h, top = 260, 640, 18, 22
    span = (end - start).total_seconds()

    def x(at: datetime) -> float:
        return label_w + max(0.0, min(1.0, (at - start).total_seconds() / span)) * plot_w

    parts = []
    for day in range(days + 1):
        tick = start + timedelta(days=day)
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{top - 4}" x2="{x(tick):.1f}" '
            f'y2="{top + row_h * len(timeline)}" stroke="#ddd"/>'
            f'<text x="{x(tick):.1f}" y="{top - 8}" text-anchor="middle" fill="#666">'
            f"{tick:%m-%d}</text>"
        )
    for index, (ref, points) in enumerate(sorted(timeline.items())):
        y = top + index * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + row_h - 5}" text-anchor="end">{_text(ref)}</text>'
        )
        for point, following in zip(points, [*points[1:], None], strict=True):
            until = following.at if following else end
            until = min(until, point.at + timedelta(days=1))
            left, right = x(point.at), x(until)
            status = point.seen.status
            parts.append(
                f'<rect class="sample" data-status="{status.value}" x="{left:.1f}" '
                f'y="{y + 2}" width="{max(right - left, 1.5):.1f}" height="{row_h - 4}" '
                f'fill="{COLORS[status]}"><title>{_text(ref)}: {_text(point.seen)} at '
                f"{point.at:%Y-%m-%d %H:%M} UTC</title></rect>"
            )
    height = top + row_h * len(timeline) + 6
    width = label_w + plot_w + 20
    return (
        f'<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="availability over the last {days} days">{"".join(parts)}</svg>'
    )


def render(report: Report) -> str:
    reachable = report.count(Status.REACHABLE)
    counts = "".join(
        f"<span>{_pill(s)} {report.count(s)}</span>" for s in Status if report.count(s)
    )
    body = [
        f"<h1>accesscheck: {reachable}/{len(report.results)} models reachable</h1>",
        f'<p class="muted">Scanned {_text(report.started_at)} with registry '
        f"<code>{_text(report.registry)}</code> in {report.duration_ms / 1000:.1f} s; "
        f"exit code {report.exit_code}.</p>",
        *([f'<p id="vantage">Scanned {_text(report.vantage)}.</p>'] if report.vantage else []),
        f'<p class="counts">{counts}</p>',
        *_policy(report),
    ]
    if report.timeline:
        end = datetime.fromisoformat(report.started_at.replace("Z", "+00:00"))
        body.append(f"<h2>The last {TIMELINE_DAYS} days</h2>")
        body.append(timeline_svg(report.timeline, end))
        legend = " ".join(_pill(s) for s in Status)
        body.append(f'<p class="muted">{legend} — one bar per recorded scan.</p>')
    body += _providers(report)
    title = f"accesscheck: {reachable}/{len(report.results)} reachable"
    return page(title, "\n".join(body))


def page(title: str, body: str) -> str:
    """A complete self-contained page: inline style, a CSP that forbids every fetch."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_text(title)}</title>"
        f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )
