"""`accesscheck discover`: each provider's own model list against the registry.

New releases the registry lacks, registry models the provider no longer lists, and the
lifecycle facts the provider reports (shutdown or deprecation dates), with a YAML fragment
for the user's registry (`extends: builtin`). Uses the list rung of the ladder, nothing paid.
"""

from __future__ import annotations

import asyncio
import copy
import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accesscheck.errors import ConfigError
from accesscheck.model import ProviderKind, Verdict
from accesscheck.probe.channel import prepare
from accesscheck.probe.ladder import discover as read_models
from accesscheck.probe.ladder import internal_error
from accesscheck.probe.network import Network
from accesscheck.probe.transport import Prober
from accesscheck.registry import BUILTIN, Provider, Registry, load_text, validate_model
from accesscheck.registry.yamlsource import MAX_REGISTRY_BYTES, dump, parse_yaml, read_text

# Whose model an id names, for the `upstream` a host's or gateway's model must give: the
# author segment as OpenRouter's ids spell it (`mistralai/…`, `x-ai/…`, `z-ai/…`: the
# directories under providers/openrouter/models/ in models.dev) and as Hugging Face orgs do
# on the hosts (`deepseek-ai/…`, `zai-org/…`, `MiniMaxAI/…`, `meta-llama/…`: the registry's
# own host entries), and Bedrock's `anthropic.` prefixes. An author not here, or not in the
# registry, gets no upstream and the model is not written (it would not load).
AUTHORS: Mapping[str, str] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "gemini",
    "mistralai": "mistral",
    "mistral": "mistral",
    "deepseek": "deepseek",
    "deepseek-ai": "deepseek",
    "x-ai": "xai",
    "xai": "xai",
    "cohere": "cohere",
    "moonshotai": "moonshot",
    "z-ai": "zhipu",
    "zai-org": "zhipu",
    "qwen": "dashscope",
    "minimax": "minimax",
    "minimaxai": "minimax",
    "meta-llama": "meta",
    "meta": "meta",
    "sakana": "sakana",
    "nvidia": "nvidia",
    "perplexity": "perplexity",
}
# Bedrock's cross-region inference profiles put a geography before the author
# (`eu.anthropic.claude-…`, models.dev providers/amazon-bedrock/models/).
_REGION_PREFIXES = frozenset({"us", "eu", "apac", "au", "jp", "ca", "global", "us-gov"})
_ROUTED = (ProviderKind.HOST, ProviderKind.GATEWAY, ProviderKind.ORCHESTRATOR)


@dataclass(frozen=True)
class Discovery:
    """What one provider's list says next to the registry."""

    provider: Provider
    endpoint: str | None
    verdict: Verdict  # reachable/listed when the list was read, else why it was not
    listed: int
    new: tuple[str, ...]
    missing: tuple[str, ...]
    lifecycle: Mapping[str, Mapping[str, str]]


def chosen(registry: Registry, only: Iterable[str]) -> list[Provider]:
    wanted = list(only)
    known = {p.id: p for p in registry.providers}
    for provider_id in wanted:
        if provider_id not in known:
            hint = difflib.get_close_matches(provider_id, list(known), n=1)
            raise ConfigError(
                f"--provider {provider_id!r}: not in the registry"
                + (f" (did you mean {hint[0]!r}?)" if hint else "")
            )
    return [known[i] for i in wanted] if wanted else list(registry.providers)


async def _discover(
    providers: list[Provider],
    environ: Mapping[str, str],
    timeout: float,
    debug: Callable[[str], None],
    network: Network,
) -> list[Discovery]:
    # the list rungs' cap is a model list's (probe.transport.MAX_LIST_BYTES)
    async with Prober(timeout=timeout, concurrency=4, network=network) as prober:
        setups = [prepare(p, environ, network) for p in providers]
        endpoints = [setup.endpoint for setup in setups]
        jobs = [read_models(setup, prober.fetch, debug=debug) for setup in setups]
        answers = await asyncio.gather(*jobs, return_exceptions=True)
    out = []
    for provider, endpoint, answer in zip(providers, endpoints, answers, strict=True):
        if isinstance(answer, asyncio.CancelledError | KeyboardInterrupt | SystemExit):
            raise answer
        if isinstance(answer, BaseException):  # a bug on one provider's answers: data
            debug(f"{provider.id}: internal error ({type(answer).__name__})")
            listing, verdict = None, internal_error(answer)[0]
        else:
            listing, verdict = answer
        if listing is None:
            out.append(Discovery(provider, endpoint, verdict, 0, (), (), {}))
            continue
        known = {m.id for m in provider.models if m.endpoint_known}
        # Any id the registry has is not new, even one without a known endpoint: adding it
        # again would make the --yaml file a registry with a duplicate id that does not load.
        ids = {m.id for m in provider.models}
        new = tuple(sorted(listing.ids - ids - {f"{m}:latest" for m in ids}))
        missing = tuple(sorted(known - listing.ids))
        lifecycle = {k: v for k, v in listing.lifecycle.items() if k in known or k in new}
        out.append(
            Discovery(provider, endpoint, verdict, len(listing.ids), new, missing, lifecycle)
        )
    return out


def run_discover(
    registry: Registry,
    *,
    only: Iterable[str],
    environ: Mapping[str, str],
    timeout: float,
    debug: Callable[[str], None],
    network: Network | None = None,
) -> list[Discovery]:
    providers = chosen(registry, only)
    return asyncio.run(_discover(providers, environ, timeout, debug, network or Network()))


def _added(found: list[Discovery], today: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The models the providers list and the registry lacks, by provider id."""
    today = today or datetime.now(UTC).date().isoformat()
    added = {}
    for d in found:
        if d.new:
            source = f"{d.endpoint} model list (discovered by accesscheck)"
            added[d.provider.id] = [
                {"id": model, "source": source, "checked": today, "verified": False}
                for model in d.new
            ]
    return added


def extension(
    added: Mapping[str, list[dict[str, Any]]], registry: Registry
) -> dict[str, Any] | None:
    """A registry file adding these models (by provider id) that loads and scans on its own:
    for the bundled registry, a small file that `extends: builtin`; for a registry file of
    one's own (which may not extend the bundled one, or name providers it lacks), a copy of
    that file with the new models added to its providers. None when there is nothing to add."""
    if not added:
        return None
    if registry.source == BUILTIN:
        providers = [{"id": pid, "models": models} for pid, models in added.items()]
        return {"version": 1, "extends": BUILTIN, "providers": providers}
    path = Path(registry.source)
    doc = copy.deepcopy(parse_yaml(read_text(path), str(path)).data)
    entries = doc.setdefault("providers", [])
    for pid, models in added.items():
        entry = next((e for e in entries if isinstance(e, dict) and e.get("id") == pid), None)
        if entry is None:  # a bundled provider the file extends: merged by id
            entries.append({"id": pid, "models": models})
        else:
            entry["models"] = [*(entry.get("models") or ()), *models]
    return dict(doc)


def fragment_text(found: list[Discovery], registry: Registry, file: str) -> str:
    """The --yaml file's text, checked with the registry loader: what discover writes scans."""
    return extension_text(_added(found), registry, file)


def author_of(model_id: str) -> str | None:
    """The registry id of whoever made the model an id names, when the id says so."""
    if "/" in model_id:
        head = model_id.split("/", 1)[0]
    else:
        parts = model_id.split(".")
        parts = parts[1:] if len(parts) > 2 and parts[0] in _REGION_PREFIXES else parts
        head = parts[0] if len(parts) > 1 else ""
    return AUTHORS.get(head.lower())


def loadable(
    added: Mapping[str, list[dict[str, Any]]], registry: Registry
) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """The entries the registry can load, and how many it could not: a host's, gateway's or
    orchestrator's model must say whose it is (`upstream`), which only an id naming a maker
    of this registry tells; an id or field the schema refuses is left out too."""
    providers = {p.id: p for p in registry.providers}
    makers = set(providers) | {lab.id for lab in registry.labs}
    kept: dict[str, list[dict[str, Any]]] = {}
    skipped = 0
    for pid, entries in added.items():
        for given in entries:
            entry = dict(given)
            if providers[pid].kind in _ROUTED:
                maker = author_of(entry["id"])
                if maker is None or maker not in makers:
                    skipped += 1
                    continue
                entry["upstream"] = [maker]
            try:
                validate_model(entry)
            except ValidationError:
                skipped += 1
                continue
            kept.setdefault(pid, []).append(entry)
    return kept, skipped


def extension_text(
    added: Mapping[str, list[dict[str, Any]]], registry: Registry, file: str, header: str = ""
) -> str:
    """The --yaml file's text adding what the registry can load of `added`, checked with the
    registry loader: what discover writes scans."""
    kept, skipped = loadable(added, registry)
    if skipped:
        header += (
            f"# {skipped} not written: whose model it is (upstream) is not known, "
            "or the id is not one the registry accepts\n"
        )
    extra = extension(kept, registry)
    if extra is None:
        return header + "# no new models were discovered\n"
    text = header + dump(extra)
    if len(text.encode()) > MAX_REGISTRY_BYTES:  # the loader would refuse the file it reads
        raise ConfigError(
            f"{file}: would be larger than the {MAX_REGISTRY_BYTES // 1024} KiB a registry "
            "may be; narrow it with --provider"
        )
    load_text(text, file)
    return text
