"""`accesscheck discover --catalog`: a public model catalogue against the registry.

Reads models.dev's `api.json` or OpenRouter's public model list (no key for either), maps the
catalogue's providers onto the registry's, and says per provider which models the catalogue
lists that the registry lacks, which registry models it no longer lists, and the release and
deprecation dates it carries. Fetching goes through the probe's Prober (its deadline, body cap,
proxies and trust roots); reading and comparing are pure. A catalogue that cannot be used is
one line and exit 2 (3 when nothing answered at the network level), never a traceback.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeGuard
from urllib.parse import urljoin, urlsplit

from accesscheck.choices import Catalog
from accesscheck.classify.read import MAX_JSON_BYTES, load_json
from accesscheck.discover import chosen, extension_text
from accesscheck.errors import ConfigError, NetworkDown
from accesscheck.keys import scrub
from accesscheck.observation import FailureName, Observation, Rung
from accesscheck.probe.network import Network
from accesscheck.probe.transport import Prober
from accesscheck.providers.base import Request
from accesscheck.registry import Provider, Registry
from accesscheck.urls import check_url

# Where each catalogue is published. models.dev: its README, "API" (`curl
# https://models.dev/api.json`, github.com/anomalyco/models.dev). OpenRouter: the public list
# (openrouter.ai/docs/api/api-reference/models/get-models), served without a key.
CATALOG_URLS: Mapping[Catalog, str] = {
    Catalog.MODELS_DEV: "https://models.dev/api.json",
    Catalog.OPENROUTER: "https://openrouter.ai/api/v1/models",
}
# Megabytes, not a provider's kilobytes (models.dev was 980 KB with 85 providers in February
# 2026 and grows; OpenRouter's list was 432 KB in May 2026): the JSON reader's own bound.
MAX_CATALOG_BYTES = MAX_JSON_BYTES
MAX_PAGES = 20  # OpenRouter pages by 500 (links.next); 10,000 models is far beyond today's

# models.dev provider id -> registry provider id. The ids are the directory names under
# providers/ in github.com/anomalyco/models.dev (commit f3fc692, 2026-07-02), each mapped only
# where it is the same API host as the registry entry (its provider.toml `api`, or its SDK's
# default host), so its model ids are the ids the registry probes: `alibaba` is DashScope's
# international host like `dashscope`; `zai` is api.z.ai like `zhipu`; `moonshotai`,
# `siliconflow` and `minimax` are the international hosts. Left out on purpose: the China hosts
# (`alibaba-cn`, `moonshotai-cn`, `siliconflow-cn`, `minimax-cn`, `zhipuai`: the registry's
# alternate hosts of the same providers, with other model lists), `azure` (Azure ids are the
# user's deployment names), `google-vertex` (it mixes Claude and MaaS ids the registry's
# Vertex entry, publishers/google, does not probe), `google-vertex-anthropic` (its ids carry a
# version, `claude-opus-4-8@default`, where the registry's `vertex-anthropic` has none) and
# every provider the registry lacks.
MODELS_DEV_PROVIDERS: Mapping[str, str] = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "gemini",
    "mistral": "mistral",
    "cohere": "cohere",
    "deepseek": "deepseek",
    "xai": "xai",
    "groq": "groq",
    "togetherai": "together",
    "fireworks-ai": "fireworks",
    "openrouter": "openrouter",
    "perplexity": "perplexity",
    "moonshotai": "moonshot",
    "zai": "zhipu",
    "alibaba": "dashscope",
    "minimax": "minimax",
    "sakana": "sakana",
    "cerebras": "cerebras",
    "deepinfra": "deepinfra",
    "siliconflow": "siliconflow",
    "nvidia": "nvidia",
    "huggingface": "huggingface",
    "nebius": "nebius",
    "novita-ai": "novita",
    "upstage": "upstage",
    "stepfun": "stepfun",
    "tencent-tokenhub": "tencent",
    "amazon-bedrock": "bedrock",
}
# OpenRouter's list is OpenRouter's own catalogue: every id (`author/slug`) is a model served
# by the registry's `openrouter` gateway.
OPENROUTER_PROVIDER = "openrouter"


# models.dev dates are YYYY-MM or YYYY-MM-DD (packages/core/src/schema.ts); `status` is alpha,
# beta or deprecated ("no longer served by the provider's public API", its README).
_MONTH_OR_DAY = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STATUSES = frozenset({"alpha", "beta", "deprecated"})
# A deadline that ran out while the body was still coming.
_SLOW = frozenset({FailureName.READ_TIMEOUT, FailureName.DEADLINE_EXCEEDED})
# The facts that say a model is going away, shown for models the registry already has.
_LEAVING = ("status", "expiration_date")


@dataclass(frozen=True)
class Listing:
    """What one catalogue lists, by registry provider id: model id -> the dates it carries."""

    catalog: Catalog
    url: str
    providers: Mapping[str, Mapping[str, Mapping[str, str]]]
    listed_as: Mapping[str, str]  # registry provider id -> the catalogue's provider id


@dataclass(frozen=True)
class CatalogDiff:
    """One registry provider next to the catalogue."""

    provider: str
    listed_as: str | None  # the catalogue's provider id; None: the catalogue has no such one
    listed: int
    new: tuple[str, ...]
    missing: tuple[str, ...]
    dates: Mapping[str, Mapping[str, str]]


# ------------------------------------------------------------------ reading


def catalog_url(catalog: Catalog, override: str | None) -> str:
    """The catalogue's URL: the published one, or a mirror's (checked like a base URL)."""
    if override is None:
        return CATALOG_URLS[catalog]
    problem = check_url(override)
    if problem:
        raise ConfigError(f"--catalog-url: {problem}")
    return override


def _where(catalog: Catalog, url: str) -> str:
    return f"catalogue {catalog.value} ({scrub(url)})"


def _page(catalog: Catalog, url: str, obs: Observation, timeout: float) -> Any:
    """One answer's JSON, or the one-line reason it cannot be read."""
    where = _where(catalog, url)
    if obs.failure is not None:
        failure = obs.failure
        text = f"{where}: {failure.name.value}: {scrub(failure.detail)}"
        if failure.name in _SLOW:
            text += f" (a catalogue is megabytes: try a longer --timeout than {timeout:g}s)"
        # No HTTP answer at all (DNS, TCP, TLS, proxy, a timeout before the headers) is the
        # network's failure, exit 3; a redirect or an unreadable encoding is the server's.
        if obs.status is None:
            raise NetworkDown(text)
        raise ConfigError(text)
    if obs.status != 200:
        raise ConfigError(f"{where}: answered HTTP {obs.status}, not the catalogue")
    if obs.truncated:
        cap = MAX_CATALOG_BYTES
        size = f"{cap // 2**20} MiB" if cap % 2**20 == 0 else f"{cap} bytes"
        raise ConfigError(f"{where}: larger than {size}")
    data = load_json(obs.body, limit=MAX_CATALOG_BYTES)
    if data is None:
        raise ConfigError(f"{where}: not JSON (or nested deeper than the JSON reader allows)")
    return data


def _next_page(url: str, data: Any) -> str | None:
    """OpenRouter's `links.next` ("URL for the next page of results, or null if this is the
    last page", openrouter.ai/docs/client-sdks/python/components/modelslistresponselinks.md),
    followed only on the catalogue's own origin."""
    links = data.get("links") if isinstance(data, dict) else None
    following = links.get("next") if isinstance(links, dict) else None
    if not isinstance(following, str) or not following:
        return None
    target = urljoin(url, following)
    same = urlsplit(target)[:2] == urlsplit(url)[:2]
    return target if same else None


async def _fetch_pages(
    catalog: Catalog, url: str, *, timeout: float, network: Network
) -> list[Any]:
    async with Prober(
        timeout=timeout, concurrency=1, network=network, max_body=MAX_CATALOG_BYTES
    ) as prober:
        pages: list[Any] = []
        target: str | None = url
        while target is not None and len(pages) < MAX_PAGES:
            obs = await prober.fetch(
                Rung.LIST, target, Request("GET", ""), {"accept": "application/json"}
            )
            data = _page(catalog, url, obs, timeout)
            pages.append(data)
            target = _next_page(url, data) if catalog is Catalog.OPENROUTER else None
        if target is not None:  # a part of a list would report the rest as missing
            raise ConfigError(f"{_where(catalog, url)}: more than {MAX_PAGES} pages")
        return pages


def fetch(catalog: Catalog, url: str, *, timeout: float, network: Network) -> Listing:
    """Read the catalogue (every page) and map it onto registry provider ids."""
    pages = asyncio.run(_fetch_pages(catalog, url, timeout=timeout, network=network))
    return read(catalog, url, pages)


def read(catalog: Catalog, url: str, pages: list[Any]) -> Listing:
    """The catalogue's answer pages as a Listing; ConfigError when the shape is not its own."""
    where = _where(catalog, url)
    if catalog is Catalog.MODELS_DEV:
        if len(pages) != 1:
            raise ConfigError(f"{where}: wrong shape: expected one document")
        providers, listed_as = _read_models_dev(pages[0], where)
    else:
        models: dict[str, Mapping[str, str]] = {}
        for page in pages:
            models.update(_read_openrouter(page, where))
        providers, listed_as = {OPENROUTER_PROVIDER: models}, {OPENROUTER_PROVIDER: "openrouter"}
    return Listing(catalog, url, providers, listed_as)


def _read_models_dev(
    data: Any, where: str
) -> tuple[dict[str, Mapping[str, Mapping[str, str]]], dict[str, str]]:
    """models.dev's api.json: {provider id: {"id", "name", "env", "npm", "doc", "models":
    {model id: {"id", "name", "release_date", "last_updated", "status", …}}}} (packages/web/
    script/build.ts writes the providers of packages/core/src/generate.ts)."""
    if not isinstance(data, dict) or not data:
        raise ConfigError(f"{where}: wrong shape: not an object of providers")
    providers: dict[str, Mapping[str, Mapping[str, str]]] = {}
    listed_as: dict[str, str] = {}
    for catalog_id, registry_id in MODELS_DEV_PROVIDERS.items():
        entry = data.get(catalog_id)
        if entry is None:
            continue
        models = entry.get("models") if isinstance(entry, dict) else None
        if not isinstance(models, dict):
            raise ConfigError(f"{where}: wrong shape: {catalog_id}.models is not an object")
        found: dict[str, Mapping[str, str]] = {}
        for key, model in models.items():
            if not isinstance(model, dict):
                raise ConfigError(f"{where}: wrong shape: a model of {catalog_id} is not an object")
            model_id = model.get("id", key)
            if _usable(model_id):
                found[model_id] = _models_dev_dates(model)
        providers[registry_id] = found
        listed_as[registry_id] = catalog_id
    if not any(isinstance(v, dict) and "models" in v for v in data.values()):
        raise ConfigError(f"{where}: wrong shape: no provider has a models object")
    return providers, listed_as


def _usable(model_id: object) -> TypeGuard[str]:
    """An id worth showing: text a terminal prints as it is (no escape sequences, no line
    breaks), no longer than a registry id may be. Anything else in a catalogue is garbage."""
    return isinstance(model_id, str) and 0 < len(model_id) <= 200 and model_id.isprintable()


def _models_dev_dates(model: Mapping[str, Any]) -> dict[str, str]:
    dates = {}
    released = model.get("release_date")
    if isinstance(released, str) and _MONTH_OR_DAY.match(released):
        dates["release_date"] = released
    status = model.get("status")
    if isinstance(status, str) and status in _STATUSES:
        dates["status"] = status
    return dates


def _read_openrouter(data: Any, where: str) -> dict[str, Mapping[str, str]]:
    """One page of OpenRouter's list: {"data": [{"id", "name", "created" (Unix seconds),
    "expiration_date" ("YYYY-MM-DD" or null: "the date after which the model may be removed"),
    …}], "links": {"next"}} (openrouter.ai/docs/sdks/python/api-reference/components/model)."""
    items = data.get("data") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"{where}: wrong shape: no data list")
    found: dict[str, Mapping[str, str]] = {}
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            raise ConfigError(f"{where}: wrong shape: a model without an id")
        if not _usable(item["id"]):
            continue
        dates = {}
        created = item.get("created")
        if isinstance(created, int) and not isinstance(created, bool) and 0 < created < 2**34:
            dates["created"] = datetime.fromtimestamp(created, UTC).date().isoformat()
        expires = item.get("expiration_date")
        if isinstance(expires, str) and _DAY.match(expires):
            dates["expiration_date"] = expires
        found[item["id"]] = dates
    return found


# ------------------------------------------------------------------ comparing


def run_catalog(
    registry: Registry,
    catalog: Catalog,
    *,
    url: str | None,
    only: Iterable[str],
    timeout: float,
    network: Network,
) -> tuple[Listing, list[CatalogDiff]]:
    """`discover --catalog`: every usage error is found before anything is sent."""
    where = catalog_url(catalog, url)
    wanted = tuple(only)
    providers = chosen(registry, wanted)
    if catalog is Catalog.OPENROUTER and not wanted:
        # One provider's own list: the others are not missing from it, only not in it.
        providers = [p for p in providers if p.id == OPENROUTER_PROVIDER]
    listing = fetch(catalog, where, timeout=timeout, network=network)
    return listing, compare(providers, listing)


def compare(providers: Iterable[Provider], listing: Listing) -> list[CatalogDiff]:
    """Per registry provider: what the catalogue adds and lacks."""
    out = []
    for provider in providers:
        listed = listing.providers.get(provider.id)
        if listed is None:
            out.append(CatalogDiff(provider.id, None, 0, (), (), {}))
            continue
        ids = {m.id for m in provider.models}
        known = {m.id for m in provider.models if m.endpoint_known}
        new = tuple(sorted(set(listed) - ids))
        missing = tuple(sorted(known - set(listed)))
        dates = {
            model: facts
            for model, facts in sorted(listed.items())
            if facts and (model in new or (model in ids and any(k in facts for k in _LEAVING)))
        }
        out.append(
            CatalogDiff(
                provider.id, listing.listed_as[provider.id], len(listed), new, missing, dates
            )
        )
    return out


# ------------------------------------------------------------------ the --yaml file


def _entry(model_id: str, facts: Mapping[str, str], listing: Listing, today: str) -> dict[str, Any]:
    label = listing.catalog.value
    entry: dict[str, Any] = {
        "id": model_id,
        "verified": False,  # only a third party's catalogue vouches for it
        "source": listing.url,
        "checked": today,
    }
    if facts:
        entry["note"] = f"listed by {label}: " + ", ".join(
            f"{k} {v}" for k, v in sorted(facts.items())
        )
    what = {
        "release_date": f"released ({label} release_date)",
        "created": f"added to {label} (created)",
        "expiration_date": f"may be removed after this date ({label} expiration_date)",
    }
    events = [
        {"date": facts[k], "what": text, "source": listing.url}
        for k, text in what.items()
        if k in facts and _DAY.match(facts[k])
    ]
    if events:
        entry["events"] = events
    return entry


def additions(
    found: list[CatalogDiff], listing: Listing, today: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The models to add, by provider id: every catalogue-only id, `verified: false`."""
    today = today or datetime.now(UTC).date().isoformat()
    return {
        diff.provider: [
            _entry(model_id, diff.dates.get(model_id, {}), listing, today) for model_id in diff.new
        ]
        for diff in found
        if diff.new
    }


def fragment_text(found: list[CatalogDiff], registry: Registry, listing: Listing, file: str) -> str:
    """The --yaml file: loads and scans (checked with the registry loader before writing)."""
    header = f"# models {listing.catalog.value} lists that the registry lacks ({listing.url})\n"
    return extension_text(additions(found, listing), registry, file, header)
