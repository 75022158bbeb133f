"""What `discover` prints: each provider's own model list beside the registry, as text or JSON
(the comparing is accesscheck.discover's)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from accesscheck.choices import TextFormat
from accesscheck.discover import Discovery
from accesscheck.keys import scrub
from accesscheck.model import Reason
from accesscheck.registry import Registry


def report_dict(found: list[Discovery], registry: Registry) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "registry": registry.source,
        "providers": [
            {
                "id": d.provider.id,
                "endpoint": d.endpoint,
                "status": d.verdict.status.value,
                "reason": d.verdict.reason.value,
                "detail": scrub(d.verdict.detail),
                "listed": d.listed,
                "new": list(d.new),
                "missing": list(d.missing),
                "lifecycle": {k: dict(v) for k, v in sorted(d.lifecycle.items())},
            }
            for d in found
        ],
    }


def render_json(found: list[Discovery], registry: Registry) -> str:
    return scrub(json.dumps(report_dict(found, registry), indent=2, ensure_ascii=False)) + "\n"


def render_text(found: list[Discovery], _registry: Registry | None = None) -> str:
    lines = []
    for d in found:
        if d.verdict.reason is not Reason.LISTED:
            why = f"{d.verdict.status.value}/{d.verdict.reason.value}"
            lines.append(f"{d.provider.id}: not compared ({why}): {d.verdict.detail}")
            continue
        lines.append(
            f"{d.provider.id}: {d.listed} models listed; {len(d.new)} new, "
            f"{len(d.missing)} no longer listed"
        )
        lines += [f"  + {model}  (listed by the provider, not in the registry)" for model in d.new]
        lines += [f"  - {model}  (in the registry, not listed)" for model in d.missing]
        for model, facts in sorted(d.lifecycle.items()):
            lines.append(
                f"  ! {model}  " + ", ".join(f"{k}: {v}" for k, v in sorted(facts.items()))
            )
    return scrub("\n".join(lines)) + "\n"


RENDERERS: Mapping[TextFormat, Callable[[list[Discovery], Registry], str]] = {
    TextFormat.TABLE: render_text,
    TextFormat.JSON: render_json,
}
