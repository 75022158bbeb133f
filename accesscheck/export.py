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
from urllib.parse import urlsplit

from accesscheck.errors import ConfigError
from accesscheck.gate import read_report
from accesscheck.hedge import profiles, substitutes
from accesscheck.model import Report, Status
from accesscheck.registry import (
    BUILTIN,
    Model,
    Provider,
    Registry,
    bundled_text,
    endpoint_vars,
    load_text,
    ref_of,
)
from accesscheck.registry.yamlsource import dump


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

Params = Callable[[Provider, Model, str | None], dict[str, Any]]


def _env(name: str | None) -> dict[str, str]:
    return {"api_key": f"os.environ/{name}"} if name else {}


def _compatible(prefix: str) -> Params:
    """An OpenAI- or Anthropic-compatible API: LiteLLM's provider prefix plus api_base."""
    return lambda p, m, key: {
        "model": f"{prefix}/{m.id}",
        **({"api_base": p.base_url} if p.base_url else {}),
        **_env(key),
    }


def _native(prefix: str) -> Params:
    """A provider LiteLLM knows by name: its own endpoint, our key variable."""
    return lambda p, m, key: {"model": f"{prefix}/{m.id}", **_env(key)}


def _azure(p: Provider, m: Model, key: str | None) -> dict[str, Any]:
    # Deployments on the v1 API (base_path /openai/v1): LiteLLM's api_version "v1".
    base = f"os.environ/{p.base_url_env}" if p.base_url_env else p.base_url
    return {"model": f"azure/{m.id}", "api_base": base, "api_version": "v1", **_env(key)}


def _bedrock(p: Provider, m: Model, key: str | None) -> dict[str, Any]:
    host = urlsplit(p.base_url or "").hostname or ""
    region = host.split(".")[1] if host.startswith("bedrock-runtime.") else None
    return {
        "model": f"bedrock/{m.id}",
        **({"aws_region_name": region} if region else {}),
        **_env(key),
    }


def _vertex(p: Provider, m: Model, _key: str | None) -> dict[str, Any]:
    # The project and location come from the variables our base_path names; LiteLLM signs
    # in with Application Default Credentials, as Google's SDKs do.
    where = dict(zip(("vertex_project", "vertex_location"), endpoint_vars(p), strict=False))
    return {"model": f"vertex_ai/{m.id}", **{k: f"os.environ/{v}" for k, v in where.items()}}


# One entry per dialect of accesscheck.providers.DIALECTS (a test keeps them in step).
LITELLM: dict[str, Params] = {
    "openai": _compatible("openai"),
    "anthropic": _compatible("anthropic"),
    "gemini": _native("gemini"),
    "cohere": _native("cohere_chat"),
    "ollama": _compatible("ollama_chat"),
    "azure": _azure,
    "bedrock": _bedrock,
    "vertex": _vertex,
}


def _key_env(provider: Provider, seen: Observed) -> str | None:
    return seen.key_env_used.get(provider.id) or next(iter(provider.auth.env), None)


def litellm_config(registry: Registry, seen: Observed) -> dict[str, Any]:
    """A LiteLLM proxy config: a model_list of the reachable models (named provider/model),
    fallbacks to each one's substitutes, and an alias from every required model that is not
    reachable to its best substitute — so code asking for the lost model keeps working."""
    table = profiles(registry)
    reachable = seen.reachable & set(table)
    refs = [(p, m) for p, m in registry.refs() if ref_of(p, m) in reachable]
    model_list = [
        {"model_name": ref_of(p, m), "litellm_params": LITELLM[p.api](p, m, _key_env(p, seen))}
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


def render_litellm(registry: Registry, seen: Observed) -> str:
    header = (
        "# LiteLLM proxy config written by `accesscheck export litellm`: only the models the\n"
        "# scan reached; keys are read from the environment (os.environ/NAME), never stored.\n"
    )
    return header + dump(litellm_config(registry, seen))


def render_env(registry: Registry, seen: Observed) -> str:
    """`.env`-style: the variables the reachable models need, values left empty to fill in."""
    lines = ["# Variables for the models `accesscheck` reached (fill in the values):"]
    reachable = seen.reachable
    for provider in registry.providers:
        refs = [ref_of(provider, m) for m in provider.models if ref_of(provider, m) in reachable]
        names = [n for n in (_key_env(provider, seen), *endpoint_vars(provider)) if n]
        if refs and names:
            lines.append(f"# {provider.name}: {', '.join(refs)}")
            lines += [f"{name}=" for name in dict.fromkeys(names)]
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[Registry, Observed], str]] = {
    "litellm": render_litellm,
    "env": render_env,
}
