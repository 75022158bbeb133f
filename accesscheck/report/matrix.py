"""The merged model × vantage matrix as text, Markdown, JSON (schema v1) or HTML."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from html import escape
from typing import Any

from accesscheck.choices import MatrixFormat
from accesscheck.keys import scrub
from accesscheck.merge import Matrix, Scan
from accesscheck.model import Seen, Status
from accesscheck.report.html import COLORS, page
from accesscheck.report.markdown import cell
from accesscheck.report.table import MARK

MATRIX_SCHEMA_VERSION = 1


def _column(scan: Scan) -> str:
    return f"{scan.vantage} ({scan.country or '??'})"


def _short(seen: Seen | None) -> str:
    return "—" if seen is None else f"{MARK[seen.status]} {seen}"


def render_text(matrix: Matrix) -> str:
    header = ["model", *(_column(s) for s in matrix.scans), "across vantages"]
    rows = [[row.ref, *(_short(c) for c in row.cells.values()), row.label] for row in matrix.rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    lines = []
    for r in [header, *rows]:
        lines.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=False)) + "  " + r[-1])
    lines.append(_footer(matrix))
    return scrub("\n".join(line.rstrip() for line in lines)) + "\n"


def _footer(matrix: Matrix) -> str:
    regional = sum(1 for r in matrix.rows if r.spread.value == "regional")
    text = f"{len(matrix.rows)} models × {len(matrix.scans)} vantages; {regional} regional"
    for old in matrix.superseded:
        text += f"\nsuperseded: {old.file} ({old.vantage}, {old.started_at}) by a newer report"
    return text


def render_markdown(matrix: Matrix) -> str:
    header = ["model", *(cell(_column(s)) for s in matrix.scans), "across vantages"]
    lines = [
        "# accesscheck: access by vantage",
        "",
        "| " + " | ".join(header) + " |",
        "|" + " --- |" * len(header),
    ]
    for row in matrix.rows:
        cells = [cell(row.ref), *(cell(_short(c)) for c in row.cells.values()), cell(row.label)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", *(f"- {cell(line)}" for line in _footer(matrix).splitlines())]
    return "\n".join(lines) + "\n"


def matrix_dict(matrix: Matrix) -> dict[str, Any]:
    def scan_dict(scan: Scan) -> dict[str, Any]:
        return {
            "name": scan.vantage,
            "country": scan.country,
            "proxy": scan.proxy,
            "started_at": scan.started_at,
            "file": scan.file,
        }

    return {
        "schema_version": MATRIX_SCHEMA_VERSION,
        "kind": "accesscheck.matrix",
        "vantages": [scan_dict(s) for s in matrix.scans],
        "superseded": [scan_dict(s) for s in matrix.superseded],
        "models": [
            {
                "ref": row.ref,
                "cells": {v: str(c) if c else None for v, c in row.cells.items()},
                "counts": {
                    status.value: sum(1 for c in row.cells.values() if c and c.status is status)
                    for status in Status
                },
                "spread": row.spread.value,
                "label": row.label,
            }
            for row in matrix.rows
        ],
    }


def render_json(matrix: Matrix) -> str:
    return scrub(json.dumps(matrix_dict(matrix), indent=2, ensure_ascii=False)) + "\n"


def render_html(matrix: Matrix) -> str:
    def text(value: object) -> str:
        return escape(scrub(str(value)), quote=True)

    def td(seen: Seen | None) -> str:
        if seen is None:
            return "<td>—</td>"
        return (
            f'<td style="background:{COLORS[seen.status]};color:#fff">'
            f"{MARK[seen.status]} {text(seen)}</td>"
        )

    head = "".join(f"<th>{text(_column(s))}</th>" for s in matrix.scans)
    rows = "".join(
        f"<tr><td><code>{text(r.ref)}</code></td>{''.join(td(c) for c in r.cells.values())}"
        f"<td>{text(r.label)}</td></tr>"
        for r in matrix.rows
    )
    body = (
        f"<h1>accesscheck: access by vantage</h1><table><tr><th>model</th>{head}"
        f"<th>across vantages</th></tr>{rows}</table><p>{text(_footer(matrix))}</p>"
    )
    return page("accesscheck: access by vantage", body)


RENDERERS: Mapping[MatrixFormat, Callable[[Matrix], str]] = {
    MatrixFormat.TABLE: render_text,
    MatrixFormat.MARKDOWN: render_markdown,
    MatrixFormat.JSON: render_json,
    MatrixFormat.HTML: render_html,
}
EXTENSIONS: Mapping[str, MatrixFormat] = {
    ".md": MatrixFormat.MARKDOWN,
    ".json": MatrixFormat.JSON,
    ".html": MatrixFormat.HTML,
    ".htm": MatrixFormat.HTML,
    ".txt": MatrixFormat.TABLE,
}
