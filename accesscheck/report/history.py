"""`accesscheck history`: when each model's status changed, as text or JSON (schema v1)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from accesscheck.choices import TextFormat
from accesscheck.history import Span, Transition
from accesscheck.keys import scrub

HISTORY_SCHEMA_VERSION = 1


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC") if at else "—"


def _iso(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds").replace("+00:00", "Z") if at else None


def render_text(found: list[Transition], span: Span, path: str) -> str:
    lines = []
    for t in found:
        if t.before is None:
            lines.append(f"{t.ref}: first seen {t.after.status} on {_when(t.at)} ({t.after})")
        else:
            lines.append(
                f"{t.ref}: {t.before.status} → {t.after.status} on {_when(t.at)}"
                f" ({t.before} → {t.after})"
            )
    if not found:
        lines.append("no status change in this window")
    lines.append(f"{span.scans} scans recorded, {_when(span.first)} to {_when(span.last)} ({path})")
    return scrub("\n".join(lines)) + "\n"


def history_dict(found: list[Transition], span: Span, path: str) -> dict[str, Any]:
    return {
        "schema_version": HISTORY_SCHEMA_VERSION,
        "history": path,
        "scans": span.scans,
        "first_scan": _iso(span.first),
        "last_scan": _iso(span.last),
        "transitions": [
            {
                "ref": t.ref,
                "at": _iso(t.at),
                "before": str(t.before) if t.before else None,
                "after": str(t.after),
            }
            for t in found
        ],
    }


def render_json(found: list[Transition], span: Span, path: str) -> str:
    doc = history_dict(found, span, path)
    return scrub(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


RENDERERS: Mapping[TextFormat, Callable[[list[Transition], Span, str], str]] = {
    TextFormat.TABLE: render_text,
    TextFormat.JSON: render_json,
}
