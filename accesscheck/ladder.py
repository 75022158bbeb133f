"""The probe ladder for one provider: climb only as far as needed, cheapest rung first.

network (DNS) → keyless (one unauthenticated request) → list (free, with the key) →
invoke (one minimal paid call per undecided model, only with --deep). A refusal that
applies to the whole provider (a geo-block, a bad key, a captive portal) stops the climb
and decides every model at once. The key is sent only after the keyless rung has shown
that the configured host answers like the API (not a portal, not a redirect).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from accesscheck import parse
from accesscheck.classify import LISTED, classify, classify_failure, resolve_ambiguity
from accesscheck.dialects import Dialect, ModelList, Request
from accesscheck.dialects.base import MAX_LIST_PAGES
from accesscheck.keys import KeyLookup
from accesscheck.model import Failure, Observation, Reason, Rung, RungRecord, Status, Verdict
from accesscheck.registry import Model, Provider, is_loopback_host

Fetch = Callable[[Rung, str, Request, Mapping[str, str]], Awaitable[Observation]]
Debug = Callable[[str], None]

# A provider-wide answer with one of these reasons ends the climb: nothing further can
# change it. Others (throttling, an outage, a timeout) let --deep try each model anyway.
_FINAL = {
    Reason.GEO_BLOCKED,
    Reason.LEGAL_BLOCK,
    Reason.NETWORK_BLOCKED,
    Reason.AUTH_INVALID,
    Reason.QUOTA_EXHAUSTED,
    Reason.UNEXPECTED_RESPONSE,
    Reason.VERIFICATION_REQUIRED,
}


_NO_ENDPOINT = Verdict(
    Status.UNKNOWN, Reason.NO_ENDPOINT, "registry", "no public endpoint known (registry)"
)


@dataclass(frozen=True)
class ModelVerdict:
    verdict: Verdict
    evidence: Rung
    http_status: int | None = None
    latency_ms: float | None = None
    failure: Failure | None = None


@dataclass
class ProviderScan:
    """What the ladder learned; network failures are finalised once all providers are done."""

    provider: Provider
    key: KeyLookup
    verdicts: dict[str, ModelVerdict] = field(default_factory=dict)
    steps: list[RungRecord] = field(default_factory=list)
    first: Observation | None = None  # the keyless observation: network timings, failure
    network_failure: Failure | None = None
    paid_calls: int = 0


def _record(scan: ProviderScan, obs: Observation, rule: str, model: str | None = None) -> None:
    scan.steps.append(
        RungRecord(
            obs.rung,
            obs.method,
            obs.path,
            obs.status,
            obs.timings.total_ms,
            rule,
            obs.failure,
            model,
        )
    )


def _verdict_of(obs: Observation, provider: Provider) -> Verdict | None:
    """Classify an HTTP answer; None when there was no usable answer (obs.failure)."""
    if obs.failure is not None:
        return None
    facts = parse.read(obs.body, obs.status, obs.content_type, obs.headers)
    return classify(facts, obs.rung, family=provider.quirks, dialect=provider.api)


def _all(
    scan: ProviderScan, verdict: Verdict, obs: Observation, *, only_undecided: bool = False
) -> None:
    for model in scan.provider.models:
        if only_undecided and model.id in scan.verdicts:
            continue
        scan.verdicts[model.id] = ModelVerdict(
            verdict, obs.rung, obs.status, obs.timings.total_ms, obs.failure
        )


def _describe(obs: Observation) -> str:
    outcome = obs.status if obs.failure is None else obs.failure.name.value
    return f"{obs.method} {obs.path} -> {outcome} in {obs.timings.total_ms} ms"


def _failed(failure: Failure, base_url: str) -> Verdict:
    """A failure after this provider already answered once: not a whole-network outage."""
    loopback = is_loopback_host(urlsplit(base_url).hostname or "")
    return classify_failure(failure, others_answered=True, loopback=loopback)


async def climb(
    provider: Provider, dialect: Dialect, key: KeyLookup, fetch: Fetch, *, deep: bool, debug: Debug
) -> ProviderScan:
    """Run the ladder for one provider. Never raises for anything the network does."""
    scan = ProviderScan(provider, key)
    no_endpoint = ModelVerdict(_NO_ENDPOINT, Rung.CONFIG)
    for model in provider.models:
        if provider.base_url is None or not model.endpoint_known:
            scan.verdicts[model.id] = no_endpoint
    if provider.base_url is None or len(scan.verdicts) == len(provider.models):
        return scan
    base_url = provider.base_url

    # Rungs 1-2: DNS and one unauthenticated request. Many providers refuse a region
    # before they look at the key; a 401 here proves the edge let us through.
    keyless = await fetch(Rung.KEYLESS, base_url, dialect.list_request(None), dialect.headers(None))
    scan.first = keyless
    verdict = _verdict_of(keyless, provider)
    rule = verdict.rule if verdict else f"failure:{keyless.failure.name if keyless.failure else ''}"
    _record(scan, keyless, rule)
    debug(f"{provider.id}: keyless {_describe(keyless)} ({rule})")
    if keyless.failure is not None and keyless.failure.before_http:
        scan.network_failure = keyless.failure
        return scan
    if (
        verdict is None
        or verdict.status is Status.RESTRICTED
        or verdict.reason is Reason.UNEXPECTED_RESPONSE
        or verdict.reason in (Reason.TIMEOUT, Reason.PROVIDER_ERROR)
    ):
        # Refused for everyone here, or something that is not the API answered: the key is
        # not sent to it.
        if verdict is None:
            assert keyless.failure is not None
            verdict = _failed(keyless.failure, base_url)
        _all(scan, verdict, keyless, only_undecided=True)
        return scan

    listing: ModelList | None = None
    list_obs = keyless
    if verdict.reason is Reason.LISTED:
        listing = _parse_list(keyless, dialect)  # a local server that needs no key
    elif not key.is_set:
        detail = (
            f"{key.problem}; not sent"
            if key.problem
            else f"no key: set {' or '.join(provider.auth.env) or 'a key variable'}"
        )
        if not key.problem:
            detail += " (the API answered without one, so this region is not refused at the edge)"
        missing = Verdict(
            Status.UNKNOWN,
            Reason.NO_CREDENTIALS,
            "no-key",
            detail,
            "export the key variable, then scan again",
        )
        _all(scan, missing, keyless, only_undecided=True)
        return scan
    else:
        listing, list_obs, verdict = await _list(scan, dialect, base_url, fetch, debug)
        if listing is None and (verdict.reason in _FINAL or not deep):
            _all(scan, verdict, list_obs, only_undecided=True)
            return scan

    listed = listing.ids if listing is not None else None
    for model in provider.models:
        if model.id in scan.verdicts:
            continue
        scan.verdicts[model.id] = _from_list(model, listing, list_obs, deep)

    if deep and key.is_set:
        undecided = [
            m
            for m in provider.models
            if scan.verdicts[m.id].evidence in (Rung.LIST, Rung.KEYLESS)
            and scan.verdicts[m.id].verdict.reason is not Reason.RETIRED
        ]
        await asyncio.gather(
            *(_invoke(scan, dialect, base_url, m, fetch, listed, debug) for m in undecided)
        )
    return scan


def _parse_list(obs: Observation, dialect: Dialect) -> ModelList | None:
    try:
        data = json.loads(obs.body)
    except ValueError:
        return None
    return dialect.parse_list(data)


async def _list(
    scan: ProviderScan, dialect: Dialect, base_url: str, fetch: Fetch, debug: Debug
) -> tuple[ModelList | None, Observation, Verdict]:
    """Rung 3: the free list endpoint, every page (bounded). Returns the list or the refusal."""
    headers = dialect.headers(scan.key.secret)
    ids: set[str] = set()
    retired: set[str] = set()
    page: str | None = None
    for _ in range(MAX_LIST_PAGES):
        obs = await fetch(Rung.LIST, base_url, dialect.list_request(page), headers)
        verdict = _verdict_of(obs, scan.provider)
        rule = verdict.rule if verdict else f"failure:{obs.failure.name if obs.failure else ''}"
        _record(scan, obs, rule)
        debug(f"{scan.provider.id}: list {_describe(obs)} ({rule})")
        if verdict is None:
            assert obs.failure is not None
            return None, obs, _failed(obs.failure, base_url)
        if verdict.reason is not Reason.LISTED:
            return None, obs, verdict
        parsed = _parse_list(obs, dialect)
        if parsed is None:
            bad = Verdict(
                Status.UNKNOWN,
                Reason.UNEXPECTED_RESPONSE,
                "list-not-json",
                "the model list answered 2xx but was not JSON",
            )
            return None, obs, bad
        ids |= parsed.ids
        retired |= parsed.retired
        page = parsed.next_page
        if page is None:
            break
    return ModelList(frozenset(ids), None, frozenset(retired)), obs, LISTED


def _from_list(
    model: Model, listing: ModelList | None, obs: Observation, deep: bool
) -> ModelVerdict:
    """What the list alone says about one model."""
    if listing is None:
        verdict = Verdict(
            Status.UNKNOWN, Reason.UNEXPECTED_RESPONSE, "no-list", "no model list was read"
        )
    elif model.id in listing.retired:
        verdict = Verdict(
            Status.UNAVAILABLE,
            Reason.RETIRED,
            "list-lifecycle",
            "the model list marks this model as retired",
        )
    elif model.id in listing.ids:
        verdict = LISTED
    else:
        hint = "" if deep else "; run with --deep to ask the model itself"
        why = (
            "the registry says access is by invitation"
            if model.access == "invite_only"
            else "the registry says it exists"
        )
        verdict = Verdict(
            Status.GATED,
            Reason.NOT_ENTITLED,
            "not-listed",
            f"not in this key's model list; {why}: likely not open to this account{hint}",
            "ask the provider for access, or check the model id",
            ambiguous=True,
        )
    return ModelVerdict(verdict, obs.rung, obs.status, obs.timings.total_ms)


async def _invoke(
    scan: ProviderScan,
    dialect: Dialect,
    base_url: str,
    model: Model,
    fetch: Fetch,
    listed: frozenset[str] | None,
    debug: Debug,
) -> None:
    """Rung 4: one minimal real request for a model still undecided."""
    obs = await fetch(
        Rung.INVOKE, base_url, dialect.invoke_request(model.id), dialect.headers(scan.key.secret)
    )
    if obs.failure is None or not obs.failure.before_http:
        scan.paid_calls += 1
    verdict = _verdict_of(obs, scan.provider)
    if verdict is None:
        assert obs.failure is not None
        verdict = _failed(obs.failure, base_url)
    else:
        in_list = None if listed is None else model.id in listed
        verdict = resolve_ambiguity(
            verdict, listed=in_list, invite_only=model.access == "invite_only"
        )
    _record(scan, obs, verdict.rule, model.id)
    debug(f"{scan.provider.id}/{model.id}: invoke {_describe(obs)} ({verdict.rule})")
    scan.verdicts[model.id] = ModelVerdict(
        verdict, Rung.INVOKE, obs.status, obs.timings.total_ms, obs.failure
    )
