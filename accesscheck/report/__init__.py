"""Output formats by name: the FORMATS dict also feeds the --format option's choices."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum

from accesscheck.model import Report
from accesscheck.report import json as json_format
from accesscheck.report import table


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


Renderer = Callable[[Report, bool], str]

FORMATS: Mapping[Format, Renderer] = {
    Format.TABLE: lambda report, color: table.render(report, color=color),
    Format.JSON: lambda report, _color: json_format.render(report),
}
