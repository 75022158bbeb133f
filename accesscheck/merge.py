"""`accesscheck merge`: reports made from several vantage points → one model × vantage matrix.

Pure once the files are read. The idea is OONI's control measurement: a model refused at one
vantage but reachable at another is a regional restriction; a model that fails at every
vantage is the provider's problem (or the account's), not the region's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from accesscheck.errors import ConfigError
from accesscheck.gate import read_report, seen_in, verdicts
from accesscheck.model import Report, Seen, Status


class Spread(StrEnum):
    """How a model's access varies across vantages."""

    EVERYWHERE = "everywhere"  # reachable at every vantage that scanned it
    REGIONAL = "regional"  # reachable at some, restricted at others
    MIXED = "mixed"  # reachable at some, gated/unavailable/unknown at others
    NOWHERE = "nowhere"  # reachable at none: not a regional restriction


@dataclass(frozen=True)
class Scan:
    """One input report, reduced to what the matrix needs."""

    file: str
    vantage: str
    country: str | None
    proxy: str | None
    started_at: str
    seen: dict[str, Seen]


@dataclass(frozen=True)
class Row:
    ref: str
    cells: dict[str, Seen | None]  # by vantage name, in column order; None: not scanned there
    spread: Spread
    label: str


@dataclass(frozen=True)
class Matrix:
    scans: tuple[Scan, ...]  # the columns, newest per vantage name
    superseded: tuple[Scan, ...]  # older reports of a vantage name that appears twice
    rows: tuple[Row, ...]


def from_report(report: Report, file: str = "") -> Scan:
    """A scan made in this process, as a column of the matrix."""
    where = report.vantage
    return Scan(
        file=file,
        vantage=where.name if where else "here",
        country=where.country if where else None,
        proxy=where.proxy if where else None,
        started_at=report.started_at,
        seen=verdicts(report.results),
    )


def load(path: Path) -> list[Scan]:
    """The scans of one JSON report (schema v1): one, or one per vantage of a multi-vantage
    report (`accesscheck scan --vantage …`). A bad file is a ConfigError naming it."""
    doc, _ = read_report(path)
    started = doc.get("started_at")
    if not isinstance(started, str):
        raise ConfigError(f"{path}: the report has no started_at")
    many = doc.get("vantages")
    places = many if isinstance(many, list) and many else [doc.get("vantage")]
    scans = []
    for place in places:
        vantage = place if isinstance(place, dict) else {}
        name = _text(vantage.get("name"))
        results = doc["results"]
        if many:
            results = [r for r in results if isinstance(r, dict) and r.get("vantage") == name]
        scans.append(
            Scan(
                file=str(path),
                vantage=(name or path.stem).strip()[:64] or path.stem,
                country=_text(vantage.get("country")),
                proxy=_text(vantage.get("proxy")),
                started_at=started,
                seen=seen_in({**doc, "results": results}, str(path)),
            )
        )
    return scans


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.isprintable() and len(value) <= 200 else None


def _places(names: Iterable[str]) -> str:
    return ", ".join(names)


def _label(cells: dict[str, Seen | None]) -> tuple[Spread, str]:
    scanned = {v: s for v, s in cells.items() if s is not None}
    reachable = [v for v, s in scanned.items() if s.status is Status.REACHABLE]
    restricted = [v for v, s in scanned.items() if s.status is Status.RESTRICTED]
    other = {v: s for v, s in scanned.items() if s.status is not Status.REACHABLE}
    if len(reachable) == len(scanned):
        return Spread.EVERYWHERE, "reachable everywhere"
    if reachable and restricted:
        return (
            Spread.REGIONAL,
            f"restricted at {_places(restricted)}, reachable via {_places(reachable)}",
        )
    if reachable:
        elsewhere = "; ".join(f"{s} at {v}" for v, s in other.items())
        return Spread.MIXED, f"reachable via {_places(reachable)}; {elsewhere}"
    if restricted:
        # Refused at a vantage is evidence of a block there: "not the region" would contradict
        # the cells. When every vantage was refused, only a vantage in a country the provider
        # serves can tell a regional block from a refusal everywhere (OONI's control).
        tell = (
            "add a vantage in a country the provider serves to tell a regional block from a "
            "refusal everywhere"
        )
        if len(restricted) == len(scanned):
            return (
                Spread.NOWHERE,
                f"restricted at every vantage scanned ({_places(restricted)}): {tell}",
            )
        elsewhere = "; ".join(f"{s} at {v}" for v, s in other.items() if v not in restricted)
        return (
            Spread.NOWHERE,
            f"restricted at {_places(restricted)}; {elsewhere}: reachable at no vantage scanned",
        )
    statuses = sorted({s.status.value for s in scanned.values()})
    return (
        Spread.NOWHERE,
        f"{' / '.join(statuses)} at every vantage: the provider or the account, not the region",
    )


def build(scans: Sequence[Scan]) -> Matrix:
    """Columns are vantage names (newest report wins a name); rows are refs in the order
    they first appear."""
    newest: dict[str, Scan] = {}
    superseded = []
    for scan in scans:
        kept = newest.get(scan.vantage)
        if kept is None or scan.started_at > kept.started_at:
            if kept is not None:
                superseded.append(kept)
            newest[scan.vantage] = scan
        else:
            superseded.append(scan)
    columns = tuple(newest.values())
    refs = dict.fromkeys(ref for scan in columns for ref in scan.seen)
    rows = []
    for ref in refs:
        cells = {scan.vantage: scan.seen.get(ref) for scan in columns}
        spread, label = _label(cells)
        rows.append(Row(ref, cells, spread, label))
    return Matrix(columns, tuple(superseded), tuple(rows))
