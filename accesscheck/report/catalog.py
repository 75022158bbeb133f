"""What `discover --catalog` prints: a public catalogue next to the registry, per provider."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from accesscheck.choices import TextFormat
from accesscheck.keys import scrub

if TYPE_CHECKING:  # the catalogue's types only: rendering needs no network code
    from accesscheck.catalog import CatalogDiff, Listing


def report_dict(found: list[CatalogDiff], listing: Listing, registry: str) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "registry": registry,
        "catalog": listing.catalog.value,
        "url": listing.url,
        "providers": [
            {
                "id": d.provider,
                "listed_as": d.listed_as,
                "listed": d.listed,
                "new": list(d.new),
                "missing": list(d.missing),
                "dates": {k: dict(v) for k, v in sorted(d.dates.items())},
            }
            for d in found
        ],
    }


def render_json(found: list[CatalogDiff], listing: Listing, registry: str) -> str:
    doc = report_dict(found, listing, registry)
    return scrub(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def _facts(facts: Mapping[str, str]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(facts.items()))


def render_text(found: list[CatalogDiff], listing: Listing, _registry: str) -> str:
    name = listing.catalog.value
    lines = [f"{name} ({listing.url})"]
    absent = [d.provider for d in found if d.listed_as is None]
    for d in found:
        if d.listed_as is None:
            continue
        lines.append(
            f"{d.provider}: {d.listed} models in {name} ({d.listed_as}); {len(d.new)} new, "
            f"{len(d.missing)} no longer listed"
        )
        for model in d.new:
            facts = d.dates.get(model)
            lines.append(
                f"  + {model}  (in {name}, not in the registry)"
                + (f"  {_facts(facts)}" if facts else "")
            )
        lines += [f"  - {model}  (in the registry, not in {name})" for model in d.missing]
        for model, facts in sorted(d.dates.items()):
            if model not in d.new:
                lines.append(f"  ! {model}  {_facts(facts)}")
    if absent:
        lines.append(f"not in {name}: {', '.join(absent)}")
    return scrub("\n".join(lines)) + "\n"


RENDERERS: Mapping[TextFormat, Callable[[list[CatalogDiff], Listing, str], str]] = {
    TextFormat.TABLE: render_text,
    TextFormat.JSON: render_json,
}
