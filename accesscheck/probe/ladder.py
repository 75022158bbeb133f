"""The probe ladder for one provider: climb only as far as needed, cheapest rung first.

network (DNS) → keyless (one unauthenticated request) → account (a free credit check, where
the provider has one) → list (free, with the key) → invoke (one minimal paid call per
undecided model, only with --deep). A refusal that applies to the whole provider (a
geo-block, a bad key, a captive portal, no credit) stops the climb and decides every model
at once. The key is sent only after the keyless rung has shown that the configured host
answers like the API (not a portal, not a redirect), and only to the configured host or
to an alternate host the registry names for that provider.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import replace
from typing import Any

from accesscheck.classify import verdicts
from accesscheck.classify.decide import answer_failure, with_registry
from accesscheck.classify.read import load_json
from accesscheck.model import Reason, Status, Verdict
from accesscheck.observation import Failure, FailureName, Layer, Observation, Rung
from accesscheck.probe.channel import (
    Channel,
    Debug,
    Fetch,
    ModelVerdict,
    ProviderScan,
    Setup,
    parse_list,
)
from accesscheck.probe.dns import in_daemon_thread
from accesscheck.providers import ModelList
from accesscheck.providers.base import MAX_LIST_PAGES, account_check
from accesscheck.registry import Model

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
    Reason.POLICY_DENIED,
    Reason.ACCOUNT_DISABLED,
}
# An invoke answer with one of these reasons speaks for the whole account (a bad key, no
# credit, a disabled organisation), unless its rule says it concerns only the model asked: the
# provider's remaining models are decided by it without further paid calls. A policy denial
# is not among them: an IAM deny may name one model's resource.
_ACCOUNT_WIDE = {Reason.AUTH_INVALID, Reason.QUOTA_EXHAUSTED, Reason.ACCOUNT_DISABLED}
# What the keyless rung may see and still let the key be sent.
_KEYLESS_STOP = {Reason.UNEXPECTED_RESPONSE, Reason.TIMEOUT, Reason.PROVIDER_ERROR}


class _Climb:
    """One provider's climb up the ladder: which requests to make, and what each answer
    decides. The requests themselves go through its Channel."""

    def __init__(
        self, setup: Setup, fetch: Fetch, *, deep: bool, debug: Debug, concurrency: int = 4
    ) -> None:
        self.setup = setup
        self.provider = setup.provider
        self.dialect = setup.dialect
        self.channel = Channel(setup, fetch, debug=debug)
        self.scan = self.channel.scan
        self.deep = deep
        self.concurrency = concurrency  # paid calls in flight at once (the scan's --concurrency)
        self.list_obs: Observation | None = None  # the answer the list verdicts rest on

    def _decide_all(self, verdict: Verdict, obs: Observation) -> None:
        # One answer for every model: one record shared by all (50,000 models, #12).
        decided = ModelVerdict(
            verdict,
            obs.rung,
            obs.status,
            obs.timings.total_ms,
            answer_failure(verdict, obs.failure),
        )
        for model in self.provider.models:
            self.scan.verdicts.setdefault(model.id, decided)

    def _undecided(self) -> list[Model]:
        return [m for m in self.provider.models if m.id not in self.scan.verdicts]

    # ------------------------------------------------------------------ the rungs

    async def _sign_in(self) -> None:
        """A cloud credential chain's sign-in (a Vertex token, AWS SSO or STS) in a thread: the
        event loop keeps every other climb going, and the scan deadline bounds it."""
        if self.setup.mint is None:
            return
        key, credential = await in_daemon_thread(self.setup.mint, f"sign in {self.provider.id}")
        self.setup = replace(self.setup, key=key, credential=credential, mint=None)
        self.channel.credential = credential
        self.scan.key = key

    async def run(self) -> ProviderScan:
        no_endpoint = verdicts.no_endpoint(
            self.setup.missing if self.setup.endpoint is None else None
        )
        for model in self.provider.models:
            if self.setup.endpoint is None or not model.endpoint_known:
                unknown = no_endpoint if model.endpoint_known else verdicts.no_endpoint()
                self.scan.verdicts[model.id] = ModelVerdict(unknown, Rung.CONFIG)
        if not self._undecided():
            return self.scan
        await self._sign_in()
        listing = await self._keyless()
        if self.scan.network_failure or not self._undecided():
            return self.scan
        needs_key = bool(self.provider.auth.env)
        if needs_key and self.setup.credential is None:
            self._no_key()
            return self.scan
        keyed = self.setup.credential is not None
        if keyed and not await self._account():
            return self.scan
        if (keyed or listing is None) and self.provider.list_models:
            listing = await self._list(keyed=keyed)
            if not self._undecided():
                return self.scan
        self._from_list(listing)
        await self._model_checks(keyed=keyed)
        if self.deep:
            await self._invoke_all(listing, keyed=keyed)
        self._note_host()
        return self.scan

    def _note_host(self) -> None:
        """Every verdict rests on the alternate host when the key turned out to belong there."""
        note = self.scan.host_note
        for model_id, decided in self.scan.verdicts.items():
            if note and note not in decided.verdict.detail:
                verdict = replace(decided.verdict, detail=decided.verdict.detail + note)
                self.scan.verdicts[model_id] = replace(decided, verdict=verdict)

    async def _keyless(self) -> ModelList | None:
        """Rungs 1-2: DNS and one unauthenticated request. Many providers refuse a region before
        they look at the key; a 401 here proves the edge let us through. Returns the model list
        when the provider serves one without a key (a local server, a public catalog)."""
        first = self.provider.models[0].id
        request = (
            self.dialect.list_request(None)
            if self.provider.list_models
            else self.dialect.invoke_request(first, self.provider.quirks)
        )
        obs, verdict = await self.channel.send(Rung.KEYLESS, request, keyed=False)
        self.scan.first = obs
        if obs.failure is not None and obs.failure.before_http:
            # Decided in check.py, once it is known whether any provider answered at all.
            self.scan.network_failure = obs.failure
            return None
        if verdict is None:
            assert obs.failure is not None
            self._decide_all(self.channel.failed(obs.failure), obs)
            return None
        if verdict.status is Status.RESTRICTED or verdict.reason in _KEYLESS_STOP:
            # Refused for everyone here, or something that is not the API answered: the key
            # is not sent to it.
            self._decide_all(verdict, obs)
            return None
        if verdict.reason is Reason.LISTED and self.provider.list_models:
            self.list_obs = obs
            return parse_list(obs, self.dialect)
        return None

    def _no_key(self) -> None:
        assert self.scan.first is not None
        env = " or ".join(self.provider.auth.env)
        self._decide_all(verdicts.no_key(env, self.setup.key.problem), self.scan.first)

    async def _account(self) -> bool:
        """A free credit check where the provider offers one (OpenRouter key info, DeepSeek
        balance), before any paid call. False when it decided every model."""
        check = account_check(self.provider.quirks)
        if check is None:
            return True
        request, interpret = check
        obs, verdict = await self.channel.send(Rung.ACCOUNT, request, keyed=True)
        if verdict is None:
            return True  # the list will meet the same network again and say so
        if verdict.reason is not Reason.LISTED:
            if verdict.reason in _FINAL:
                self._decide_all(verdict, obs)
                return False
            return True
        data = load_json(obs.body)
        if data is None:
            return True
        refusal = interpret(data)
        if refusal is not None:
            self._decide_all(refusal, obs)
            return False
        return True

    async def _read_list(self, *, keyed: bool) -> tuple[ModelList | None, Verdict]:
        """Rung 3: the free list endpoint, every page (bounded): the list, or why there is none."""
        pages: list[ModelList] = []
        page: str | None = None
        for _ in range(MAX_LIST_PAGES):
            obs, verdict = await self.channel.send(
                Rung.LIST, self.dialect.list_request(page), keyed=keyed
            )
            self.list_obs = obs
            if verdict is None:
                assert obs.failure is not None
                return None, self.channel.failed(obs.failure)
            if verdict.reason is not Reason.LISTED:
                return None, replace(verdict, detail=verdict.detail + self.scan.host_note)
            parsed = parse_list(obs, self.dialect)
            if parsed is None:
                return None, verdicts.NOT_JSON
            pages.append(parsed)
            page = parsed.next_page
            if page is None:
                break
        return ModelList.merge(pages), verdicts.LISTED

    async def _list(self, *, keyed: bool) -> ModelList | None:
        listing, verdict = await self._read_list(keyed=keyed)
        if listing is None and (
            verdict.reason in _FINAL or not self.deep or verdict is verdicts.NOT_JSON
        ):
            assert self.list_obs is not None
            self._decide_all(verdict, self.list_obs)
        return listing

    async def discover(self) -> tuple[ModelList | None, Verdict]:
        """The provider's own model list for `accesscheck discover`, or why it cannot be read."""
        if self.setup.endpoint is None:
            return None, verdicts.no_endpoint()
        await self._sign_in()
        if self.provider.auth.env and self.setup.credential is None:
            # A list served to anyone (OpenRouter's catalogue) is compared without a key; any
            # other answer to the keyless request is the missing key's to explain.
            if self.provider.list_models:
                listing, verdict = await self._read_list(keyed=False)
                if listing is not None:
                    return listing, verdict
            env = " or ".join(self.provider.auth.env)
            return None, verdicts.no_key(env, answered_keyless=False)
        if not self.provider.list_models:
            return None, verdicts.no_list(self.provider.name)
        return await self._read_list(keyed=self.setup.credential is not None)

    def _from_list(self, listing: ModelList | None) -> None:
        """What the list alone says about each model still undecided."""
        obs = self.list_obs or self.scan.first
        assert obs is not None
        # The same verdict from the same answer is one record, shared (not one per model, #12).
        shared: dict[Verdict, ModelVerdict] = {}
        for model in self._undecided():
            if listing is None:
                verdict = verdicts.no_free_check(self.provider.name)
            elif model.id in listing.retired:
                verdict = verdicts.LIST_RETIRED
            elif model.id in listing.ids:
                verdict = verdicts.listed(self.scan.host_note)
            elif not self.provider.auth.env:
                verdict = verdicts.not_served(self.provider.name)
            else:
                verdict = with_registry(
                    verdicts.not_listed(deep=self.deep),
                    listed=None,
                    stage=model.stage,
                    limited_to=model.limited_to,
                )
            if verdict not in shared:
                shared[verdict] = ModelVerdict(verdict, obs.rung, obs.status, obs.timings.total_ms)
            self.scan.verdicts[model.id] = shared[verdict]

    async def _model_checks(self, *, keyed: bool) -> None:
        """Free per-model access checks where the API has them (Bedrock's availability), on the
        host the registry names for them (check_base_url)."""
        check_base = self.provider.check_base_url
        pending = [m for m in self._pending_invoke() if self.dialect.model_check(m.id) is not None]
        if not check_base or not pending:
            return
        await asyncio.gather(
            *(self._model_check(model, check_base, keyed=keyed) for model in pending)
        )

    async def _model_check(self, model: Model, check_base: str, *, keyed: bool) -> None:
        request = self.dialect.model_check(model.id)
        assert request is not None
        obs, verdict = await self.channel.send(
            Rung.ACCOUNT, request, keyed=keyed, model=model.id, base_url=check_base
        )
        decided: Verdict | None = None
        if verdict is not None and verdict.reason is Reason.LISTED:
            data = load_json(obs.body)
            decided = None if data is None else self.dialect.read_model_check(data)
        elif verdict is not None and verdict.status is Status.RESTRICTED:
            decided = verdict
        if decided is not None:
            self.scan.verdicts[model.id] = ModelVerdict(
                decided, Rung.ACCOUNT, obs.status, obs.timings.total_ms
            )

    def _pending_invoke(self) -> list[Model]:
        """Models no provider-wide answer decided: the list's word is not proof of access."""
        return [
            m
            for m in self.provider.models
            if self.scan.verdicts[m.id].verdict.rule in verdicts.FROM_LIST
            or self.scan.verdicts[m.id].verdict.reason is Reason.LISTED
        ]

    async def _invoke_all(self, listing: ModelList | None, *, keyed: bool) -> None:
        """Rung 4 for every undecided model, `concurrency` calls at a time. A worker takes the
        next model only while no answer has refused the whole account: after one, the models
        not yet asked are decided by that answer, not by one more paid call each."""
        queue = list(reversed(self._pending_invoke()))
        refusal: list[tuple[str, Verdict, Observation]] = []

        async def worker() -> None:
            while queue and not refusal:
                model = queue.pop()
                decided = await self._invoke(model, listing, keyed=keyed)
                if decided is not None:
                    refusal.append((model.id, *decided))

        await asyncio.gather(*(worker() for _ in range(min(self.concurrency, len(queue)))))
        if refusal:
            asked, verdict, obs = refusal[0]
            verdict = replace(verdict, detail=f"{verdict.detail} (answered for {asked}; not asked)")
            for model in queue:
                self.scan.verdicts[model.id] = ModelVerdict(
                    verdict, Rung.INVOKE, obs.status, obs.timings.total_ms
                )

    async def _invoke(
        self, model: Model, listing: ModelList | None, *, keyed: bool
    ) -> tuple[Verdict, Observation] | None:
        """One minimal real request for a model still undecided; the answer when it refused the
        whole account (see _ACCOUNT_WIDE), else None."""
        request = self.dialect.invoke_request(model.id, self.provider.quirks)
        obs, verdict = await self.channel.send(Rung.INVOKE, request, keyed=keyed, model=model.id)
        if obs.failure is None or not obs.failure.before_http:
            self.scan.paid_calls += 1
        if verdict is None:
            assert obs.failure is not None
            verdict = self.channel.failed(obs.failure)
        else:
            listed = None if listing is None else model.id in listing.ids
            verdict = with_registry(
                verdict, listed=listed, stage=model.stage, limited_to=model.limited_to
            )
        self.scan.verdicts[model.id] = ModelVerdict(
            verdict,
            Rung.INVOKE,
            obs.status,
            obs.timings.total_ms,
            answer_failure(verdict, obs.failure),
        )
        if verdict.reason in _ACCOUNT_WIDE and not verdict.per_model:
            return verdict, obs
        return None


def internal_error(exc: BaseException) -> tuple[Verdict, Failure]:
    """What a climb that raised leaves: one provider's bug is that provider's `unknown`, never
    the end of the scan. Names the exception type only: its text may quote the answer."""
    what = type(exc).__name__
    failure = Failure(FailureName.INTERNAL_ERROR, Layer.HTTP, f"accesscheck failed ({what})")
    return verdicts.internal_error(what), failure


def start(
    setup: Setup, fetch: Fetch, *, deep: bool, debug: Debug, concurrency: int = 4
) -> tuple[ProviderScan, Coroutine[Any, Any, ProviderScan]]:
    """Run the ladder for one provider: (its scan so far, the climb to await). The climb never
    raises for anything the network does; one cut short by the scan's deadline or a signal
    still leaves what it had decided in the scan."""
    climber = _Climb(setup, fetch, deep=deep, debug=debug, concurrency=concurrency)
    return climber.scan, climber.run()


async def discover(setup: Setup, fetch: Fetch, *, debug: Debug) -> tuple[ModelList | None, Verdict]:
    """Read a provider's own model list (with the key, through its alternate hosts)."""
    return await _Climb(setup, fetch, deep=False, debug=debug).discover()
