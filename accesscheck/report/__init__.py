"""Output formats by name: the FORMATS dict also feeds the --format option's choices, and
EXTENSIONS says which format an --output file gets from its name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from accesscheck.choices import Format
from accesscheck.model import Report
from accesscheck.report import badge, html, junit, markdown, prometheus, table
from accesscheck.report import json as json_format

Renderer = Callable[[Report, bool], str]
T = TypeVar("T")

FORMATS: Mapping[Format, Renderer] = {
    Format.TABLE: lambda report, color: table.render(report, color=color),
    Format.JSON: lambda report, _color: json_format.render(report),
    Format.MARKDOWN: lambda report, _color: markdown.render(report),
    Format.JUNIT: lambda report, _color: junit.render(report),
    Format.PROMETHEUS: lambda report, _color: prometheus.render(report),
    Format.BADGE: lambda report, _color: badge.render(report),
    Format.HTML: lambda report, _color: html.render(report),
}

# Longest suffix first: "x.badge.json" is a badge, "x.json" a report.
EXTENSIONS: Mapping[str, Format] = {
    ".badge.json": Format.BADGE,
    ".json": Format.JSON,
    ".md": Format.MARKDOWN,
    ".xml": Format.JUNIT,
    ".prom": Format.PROMETHEUS,
    ".txt": Format.TABLE,
    ".html": Format.HTML,
    ".htm": Format.HTML,
}


def by_suffix(name: str, table: Mapping[str, T]) -> T | None:
    """The entry of `table` whose suffix ends `name` (first match), or None."""
    return next((value for suffix, value in table.items() if name.lower().endswith(suffix)), None)


def format_for(name: str) -> Format | None:
    """The format an output file's name asks for, or None."""
    return by_suffix(name, EXTENSIONS)
