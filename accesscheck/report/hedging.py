"""The hedging sections every human format shows after the tables: substitutes for each
required model that is not reachable, coverage per rule, documented-vs-observed drift."""

from __future__ import annotations

from dataclasses import dataclass

from accesscheck.keys import scrub
from accesscheck.model import Coverage, Report


@dataclass(frozen=True)
class Block:
    title: str
    lines: tuple[str, ...]
    failed: bool = False


def coverage_line(c: Coverage) -> str:
    mark = "✓" if c.met else "✗"
    labs = ", ".join(c.providers) or "none"
    places = ", ".join(c.jurisdictions) or "none"
    need = f"{c.min_providers}" + (
        f" from {c.min_jurisdictions} jurisdictions" if c.min_jurisdictions > 1 else ""
    )
    return (
        f"{mark} {c.rule}: {len(c.providers)} independent ({labs}) from "
        f"{len(c.jurisdictions)} jurisdiction(s) ({places}); needs {need}"
    )


def blocks(report: Report) -> list[Block]:
    out = []
    for r in report.results:
        if r.required and r.status.value != "reachable":
            title = f"Substitutes for {r.ref} ({r.status.value}/{r.reason.value})"
            lines = tuple(f"{s.ref} — {s.why}" for s in r.substitutes) or (
                "none reachable with a shared capability",
            )
            out.append(Block(scrub(title), tuple(scrub(x) for x in lines)))
    if report.coverage:
        out.append(
            Block(
                "Coverage",
                tuple(coverage_line(c) for c in report.coverage),
                failed=not all(c.met for c in report.coverage),
            )
        )
    if report.drift:
        out.append(
            Block(
                f"Documented vs observed ({report.country})",
                tuple(scrub(f"{d.kind.value} {d.provider}: {d.detail}") for d in report.drift),
            )
        )
    return out
