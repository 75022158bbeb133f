"""`accesscheck diff`: what changed between two reports, as text, Markdown or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from accesscheck.choices import DiffFormat
from accesscheck.keys import scrub
from accesscheck.model import Change, ChangeKind
from accesscheck.report.json import change_dict
from accesscheck.report.markdown import changes_table


def render_text(changes: list[Change]) -> str:
    if not changes:
        return "no change\n"
    lost = sum(1 for c in changes if c.kind is ChangeKind.LOST)
    lines = [f"{c.kind.value:8} {c.ref}  {c.before or '—'} → {c.after or '—'}" for c in changes]
    lines.append(f"{len(changes)} changes, {lost} lost")
    return scrub("\n".join(lines)) + "\n"


def render_markdown(changes: list[Change]) -> str:
    if not changes:
        return "No change.\n"
    return "\n".join(changes_table(changes)) + "\n"


def render_json(changes: list[Change]) -> str:
    lost = [c.ref for c in changes if c.kind is ChangeKind.LOST]
    doc = {"schema_version": 1, "changes": [change_dict(c) for c in changes], "lost": lost}
    return scrub(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


RENDERERS: Mapping[DiffFormat, Callable[[list[Change]], str]] = {
    DiffFormat.TABLE: render_text,
    DiffFormat.MARKDOWN: render_markdown,
    DiffFormat.JSON: render_json,
}
