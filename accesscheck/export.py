"""Export what a scan reached to the tools that route requests: a LiteLLM proxy config, or
the list of environment variables the reachable set needs.

Keys never appear: LiteLLM reads them through `os.environ/NAME` references, and the env
export leaves every value empty. The router's fallbacks are the hedge's substitutes
(accesscheck.hedge), so a request to a model that fails goes to the best reachable stand-in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accesscheck.errors import ConfigError
from accesscheck.gate import read_report
from accesscheck.hedge import profiles, substitutes
from accesscheck.model import Report, Status
from accesscheck.providers import DIALECTS
from accesscheck.registry import (
    BUILTIN,
    Provider,
    Registry,
    bundled_text,
    load_text,
    ref_of,
)


@dataclass(frozen=True)
class Observed:
    """What an export needs from one scan."""

    status: Mapping[str, Status]  # by ref
    required: frozenset[str] = frozenset()
    key_env_used: Mapping[str, str] = field(default_factory=dict)  # provider id → variable
    registry: str | None = None  # the report's `registry` field: the file the scan read

    @property
    def reachable(self) -> set[str]:
        return {ref for ref, s in self.status.items() if s is Status.REACHABLE}


def observed(report: Report) -> Observed:
    return Observed(
        {r.ref: r.status for r in report.results},
        frozenset(r.ref for r in report.results if r.required),
        {p.id: p.key_env_used for p in report.providers if p.key_env_used},
    )


def load_observed(path: Path) -> Observed:
    """A JSON report of one vantage (a multi-vantage report has no single reachable set)."""
    doc, seen = read_report(path)
    if doc.get("vantages"):
        raise ConfigError(f"{path}: a report from several vantages; export from one vantage")
    results = [r for r in doc["results"] if isinstance(r, dict)]
    providers = [p for p in doc.get("providers") or () if isinstance(p, dict)]
    return Observed(
        {ref: s.status for ref, s in seen.items()},
        frozenset(str(r["ref"]) for r in results if r.get("required") is True),
        {
            str(p.get("id")): str(p["key_env_used"])
            for p in providers
            if isinstance(p.get("key_env_used"), str)
        },
        doc["registry"] if isinstance(doc.get("registry"), str) else None,
    )


def registry_for(
    report: Path, seen: Observed, chosen: Path | None, load: Callable[[Path | None], Registry]
) -> Registry:
    """The registry to export a report with: --registry, else the one the report names (its
    `registry` field: the file the scan read, or "builtin"). An export never silently drops
    models: when a reachable or required model of the report is not in that registry, stop
    and ask for --registry."""
    named = seen.registry
    if chosen is not None:
        registry = load(chosen)
    elif named is None or named == BUILTIN:
        registry = load_text(bundled_text(), BUILTIN)
    else:
        try:
            registry = load(Path(named))
        except ConfigError as exc:
            raise ConfigError(
                f"{report}: the scan used the registry {named}, which cannot be read here ({exc}); "
                "name it with --registry PATH"
            ) from None
    known = {ref_of(p, m) for p, m in registry.refs()}
    lost = sorted((seen.reachable | seen.required) - known)
    if lost:
        raise ConfigError(
            f"{report}: {len(lost)} model(s) of the report are not in the registry "
            f"{registry.source} (e.g. {lost[0]}): "
            "pass the registry the scan used with --registry PATH"
        )
    return registry


# ---------------------------------------------------------------- LiteLLM


def key_env(provider: Provider, seen: Observed) -> str | None:
    """The variable the scan found this provider's key in (else the registry's first)."""
    return seen.key_env_used.get(provider.id) or next(iter(provider.auth.env), None)


def litellm_config(registry: Registry, seen: Observed) -> dict[str, Any]:
    """A LiteLLM proxy config: a model_list of the reachable models (named provider/model),
    fallbacks to each one's substitutes, and an alias from every required model that is not
    reachable to its best substitute — so code asking for the lost model keeps working."""
    table = profiles(registry)
    reachable = seen.reachable & set(table)
    refs = [(p, m) for p, m in registry.refs() if ref_of(p, m) in reachable]
    model_list = [
        {
            "model_name": ref_of(p, m),
            "litellm_params": DIALECTS[p.api].litellm(p, m, key_env(p, seen)),
        }
        for p, m in refs
    ]
    fallbacks = []
    for p, m in refs:
        others = [s.ref for s in substitutes(ref_of(p, m), table, reachable)]
        if others:
            fallbacks.append({ref_of(p, m): others})
    aliases = {}
    for ref in sorted(seen.required & set(table) - reachable):
        best = substitutes(ref, table, reachable, limit=1)
        if best:
            aliases[ref] = best[0].ref
    router: dict[str, Any] = {"fallbacks": fallbacks}
    if aliases:
        router["model_group_alias"] = aliases
    return {"model_list": model_list, "router_settings": router}
