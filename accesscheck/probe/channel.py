"""How one provider's requests are sent during a climb: credentials, alternate regional
hosts, a record of every step, and the classification of each answer.

The ladder (accesscheck.probe.ladder) decides which requests to make; this class only makes them.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from accesscheck.classify import read
from accesscheck.classify.decide import classify, classify_failure
from accesscheck.keys import KeyLookup
from accesscheck.model import Reason, RungRecord, Verdict
from accesscheck.observation import Failure, Observation, Rung
from accesscheck.probe.credentials import Credential, mints, resolve
from accesscheck.probe.network import Network
from accesscheck.providers import DIALECTS, Dialect, ModelList, Request
from accesscheck.registry import Provider, endpoint_of, missing_endpoint_vars
from accesscheck.urls import is_loopback_host

Fetch = Callable[[Rung, str, Request, Mapping[str, str]], Awaitable[Observation]]
Debug = Callable[[str], None]


@dataclass(frozen=True, slots=True)
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
    endpoint: str | None = None  # the base URL probed (from the registry or its variable)
    verdicts: dict[str, ModelVerdict] = field(default_factory=dict)
    steps: list[RungRecord] = field(default_factory=list)
    first: Observation | None = None  # the keyless observation: network timings, failure
    network_failure: Failure | None = None
    paid_calls: int = 0
    host_note: str = ""  # set when the key turned out to belong to an alternate host


@dataclass(frozen=True)
class Setup:
    """What a climb needs to know about one provider, worked out once before any climb starts
    (the scan's and discover's alike)."""

    provider: Provider
    dialect: Dialect
    endpoint: str | None  # None: no URL known, or the variables it is built from are unset
    key: KeyLookup
    credential: Credential | None
    missing: tuple[str, ...] = ()  # the endpoint's variables that are not set
    # Signing in through a cloud credential chain, still to do (AWS, Google: see
    # credentials.mints); key and credential stand for "none yet" until the climb has run it.
    mint: Callable[[], tuple[KeyLookup, Credential | None]] | None = None


def prepare(provider: Provider, environ: Mapping[str, str], network: Network) -> Setup:
    """The dialect, endpoint and credentials of one provider (ConfigError for a bad value).
    Never waits on the network: a cloud sign-in is left to the climb (Setup.mint)."""
    dialect = DIALECTS[provider.api]
    endpoint = endpoint_of(provider, environ)
    missing = tuple(missing_endpoint_vars(provider, environ))
    if mints(provider, dialect, environ, endpoint=endpoint):
        mint = functools.partial(
            resolve, provider, dialect, environ, endpoint=endpoint, network=network
        )
        return Setup(provider, dialect, endpoint, KeyLookup(provider.auth.env), None, missing, mint)
    key, credential = resolve(provider, dialect, environ, endpoint=endpoint, network=network)
    return Setup(provider, dialect, endpoint, key, credential, missing)


def _describe(obs: Observation) -> str:
    outcome = obs.status if obs.failure is None else obs.failure.name.value
    return f"{obs.method} {obs.path} -> {outcome} in {obs.timings.total_ms} ms"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}" + (f":{parts.port}" if parts.port else "")


def parse_list(obs: Observation, dialect: Dialect) -> ModelList | None:
    data = read.load_json(obs.body)
    return None if data is None else dialect.parse_list(data)


class Channel:
    """One provider's requests, for the ladder that decides them: holds the host in use (the
    key may belong to an alternate one) and records every request in the provider's scan."""

    def __init__(self, setup: Setup, fetch: Fetch, *, debug: Debug) -> None:
        self.provider = setup.provider
        self.dialect = setup.dialect
        self.credential = setup.credential
        self.fetch = fetch
        self.debug = debug
        self.scan = ProviderScan(setup.provider, setup.key, setup.endpoint)
        self.base_url = setup.endpoint or ""
        self.alternates_tried = False

    # ------------------------------------------------------------------ plumbing

    def _classify(self, obs: Observation) -> Verdict | None:
        if obs.failure is not None:
            return None
        facts = read.read(obs.body, obs.status, obs.content_type, obs.headers)
        return classify(facts, obs.rung, family=self.provider.quirks, dialect=self.provider.api)

    def failed(self, failure: Failure) -> Verdict:
        """A failure after this provider already answered once: not a whole-network outage."""
        loopback = is_loopback_host(urlsplit(self.base_url).hostname or "")
        return classify_failure(failure, others_answered=True, loopback=loopback)

    def _headers(self, base_url: str, request: Request, *, keyed: bool) -> dict[str, str]:
        """Authentication for this exact request (a signature covers method, URL and body)."""
        if not keyed or self.credential is None:
            return self.dialect.headers(None)
        url = base_url.rstrip("/") + request.path
        return self.credential.headers(request.method, url, request.content())

    async def send(
        self,
        rung: Rung,
        request: Request,
        *,
        keyed: bool,
        model: str | None = None,
        base_url: str | None = None,
    ) -> tuple[Observation, Verdict | None]:
        base = base_url or self.base_url
        obs = await self.fetch(rung, base, request, self._headers(base, request, keyed=keyed))
        verdict = self._classify(obs)
        if (
            keyed
            and base_url is None
            and verdict is not None
            and verdict.reason is Reason.AUTH_INVALID
        ):
            obs, verdict = await self._try_alternates(rung, request, obs, verdict)
        rule = verdict.rule if verdict else f"failure:{obs.failure.name if obs.failure else ''}"
        self.scan.steps.append(
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
        who = f"{self.provider.id}/{model}" if model else self.provider.id
        self.debug(f"{who}: {rung.value} {_describe(obs)} ({rule})")
        return obs, verdict

    async def _try_alternates(
        self,
        rung: Rung,
        request: Request,
        obs: Observation,
        verdict: Verdict,
    ) -> tuple[Observation, Verdict]:
        """A valid key on the wrong regional host looks like a bad key (FACTS.md §0.6): try
        the hosts the registry names for this provider before calling the key invalid."""
        if self.alternates_tried or not self.provider.alt_base_urls:
            return obs, verdict
        self.alternates_tried = True
        primary = self.base_url
        for alternate in self.provider.alt_base_urls:
            headers = self._headers(alternate, request, keyed=True)
            other = await self.fetch(rung, alternate, request, headers)
            other_verdict = self._classify(other)
            if other_verdict is not None and other_verdict.reason is not Reason.AUTH_INVALID:
                self.base_url = alternate
                self.scan.host_note = (
                    f"; the key belongs to {_origin(alternate)} ({_origin(primary)} refused it)"
                )
                return other, replace(
                    other_verdict, detail=other_verdict.detail + self.scan.host_note
                )
        tried = ", ".join(_origin(u) for u in self.provider.alt_base_urls)
        return obs, replace(verdict, detail=f"{verdict.detail}; also refused by {tried}")
