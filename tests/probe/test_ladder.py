"""The ladder's stop conditions, driven by a scripted fetch (no sockets): which answers end a
provider's climb, and how many paid calls a --deep scan makes after one."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping

import pytest

import accesscheck
from accesscheck.model import Verdict
from accesscheck.observation import Failure, FailureName, Layer, Observation, Rung
from accesscheck.probe.channel import ModelVerdict, Setup
from accesscheck.probe.credentials import resolve
from accesscheck.probe.ladder import start
from accesscheck.providers import DIALECTS, Request
from accesscheck.registry import load_text
from tests.cases import status_and_body as _case

# OpenAI's "no credit" answer, exactly as reported (Chanzhaoyu/chatgpt-web#1965, corpus c013).
QUOTA = (
    '{\n"error": {\n"message": "You exceeded your current quota, please check your plan and billing '
    'details.",\n"type": "insufficient_quota",\n"param": null,\n"code": "insufficient_quota"\n}\n}'
)
MODELS = [f"gpt-{n}" for n in range(5)]
REGISTRY = (
    "version: 1\nproviders:\n- id: openai\n  name: OpenAI\n  api: openai\n  base_url: https://api.openai.test/v1\n"
    "  auth: {env: OPENAI_API_KEY}\n  models:\n" + "".join(f"  - id: {m}\n" for m in MODELS)
)
LIST = '{"object": "list", "data": [' + ",".join(f'{{"id": "{m}"}}' for m in MODELS) + "]}"


Answer = tuple[int, str] | Failure
SENT: list[dict[str, str]] = []  # the headers of every request of the last climb
PATHS: list[tuple[Rung, str]] = []  # and its rung and path
LAST: dict[str, Verdict] = {}  # the last climb's verdicts
RECORDS: dict[str, ModelVerdict] = {}  # and their records


def climb(
    answers: Mapping[tuple[Rung, str], Answer], registry: str = REGISTRY, *, deep: bool = True
) -> tuple[dict[str, str], int, int]:
    """Scan the one-provider registry with --deep; (verdicts, paid calls, invoke requests)."""
    (provider,) = load_text(registry, "test.yaml").providers
    dialect = DIALECTS[provider.api]
    key, credential = resolve(
        provider, dialect, {"OPENAI_API_KEY": "k" * 40}, endpoint=provider.base_url
    )
    invoked = []

    async def fetch(
        rung: Rung, base: str, request: Request, headers: Mapping[str, str]
    ) -> Observation:
        SENT.append(dict(headers))
        PATHS.append((rung, request.path))
        if rung is Rung.INVOKE:
            invoked.append(request.path)
        await asyncio.sleep(0)  # as a real request would: the other climbs run meanwhile
        answer = answers.get((rung, request.method), (401, "{}"))
        if isinstance(answer, Failure):
            return Observation(rung, request.method, request.path, failure=answer)
        status, body = answer
        return Observation(
            rung, request.method, request.path, status, {"content-type": "application/json"}, body
        )

    SENT.clear()
    PATHS.clear()
    scan, climbing = start(
        Setup(provider, dialect, provider.base_url, key, credential),
        fetch,
        deep=deep,
        debug=lambda _: None,
    )
    asyncio.run(climbing)
    LAST.clear()
    LAST.update({m: v.verdict for m, v in scan.verdicts.items()})
    RECORDS.clear()
    RECORDS.update(scan.verdicts)
    found = {m: f"{v.verdict.status}/{v.verdict.reason}" for m, v in scan.verdicts.items()}
    return found, scan.paid_calls, len(invoked)


@pytest.mark.parametrize("rung", [Rung.LIST])
def test_no_credit_on_a_free_rung_ends_the_climb_before_any_paid_call(rung: Rung) -> None:
    answers = {(Rung.KEYLESS, "GET"): (401, "{}"), (rung, "GET"): (429, QUOTA)}
    found, paid, invoked = climb(answers)
    assert set(found.values()) == {"gated/quota_exhausted"}
    assert (paid, invoked) == (0, 0)


def test_no_credit_at_the_invoke_rung_decides_the_rest_unasked() -> None:
    answers = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): (200, LIST),
        (Rung.INVOKE, "POST"): (429, QUOTA),
    }
    found, paid, invoked = climb(answers)
    assert set(found.values()) == {"gated/quota_exhausted"}
    assert len(found) == len(MODELS)
    assert invoked == 4  # the --concurrency calls already in flight when it answered
    assert paid == invoked


@pytest.mark.parametrize(
    ("failure", "paid"),
    [
        # Refused before any HTTP exchange: the provider never saw the request, nothing to pay.
        (Failure(FailureName.TCP_REFUSED, Layer.TCP), 0),
        (Failure(FailureName.TLS_HANDSHAKE_RESET, Layer.TLS), 0),
        (Failure(FailureName.PROXY_BLOCKED, Layer.PROXY), 0),
        # Sent, then the answer was lost: the provider may have run (and billed) it.
        (Failure(FailureName.READ_TIMEOUT, Layer.HTTP), len(MODELS)),
    ],
)
def test_paid_calls_count_only_requests_that_reached_the_provider(
    failure: Failure, paid: int
) -> None:
    answers: dict[tuple[Rung, str], Answer] = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): (200, LIST),
        (Rung.INVOKE, "POST"): failure,
    }
    _, counted, invoked = climb(answers)
    assert invoked == len(MODELS)
    assert counted == paid


@pytest.mark.parametrize(
    ("case_id", "reason"),
    [
        ("c000", "geo_blocked"),  # OpenAI's location refusal
        ("g1-244", "legal_block"),  # a 451
        ("c102", "network_blocked"),  # Azure: public access disabled
        ("c017", "auth_invalid"),  # a refused key
        ("g1-165", "unexpected_response"),  # a 403 that is not the API's JSON
        ("c007", "verification_required"),  # OpenAI: verify the organisation
        ("c013", "quota_exhausted"),  # no credit
    ],
)
def test_a_provider_wide_refusal_of_the_list_ends_the_climb(case_id: str, reason: str) -> None:
    """Each of the ladder's final reasons, met on the free list, decides every model: --deep
    makes no paid call to hear it again."""
    answers: dict[tuple[Rung, str], Answer] = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): _case(case_id),
        (Rung.INVOKE, "POST"): (200, "{}"),
    }
    found, paid, invoked = climb(answers)
    assert {v.split("/")[1] for v in found.values()} == {reason}
    assert (paid, invoked) == (0, 0)


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (_case("g1-165"), "unexpected_response"),  # not the API's answer
        (_case("c147"), "provider_error"),  # the API is failing
        ((408, ""), "timeout"),  # a bare 408: no body to invent
    ],
)
def test_a_keyless_answer_that_is_not_the_api_never_gets_the_key(
    answer: tuple[int, str], reason: str
) -> None:
    answers: dict[tuple[Rung, str], Answer] = {
        (Rung.KEYLESS, "GET"): answer,
        (Rung.LIST, "GET"): (200, LIST),
    }
    found, paid, invoked = climb(answers)
    assert (paid, invoked) == (0, 0)
    assert {v.split("/")[1] for v in found.values()} == {reason}
    assert len(SENT) == 1 and not any("authorization" in h for h in SENT)


def test_a_refused_key_at_the_invoke_rung_decides_the_rest_unasked() -> None:
    answers = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): (200, LIST),
        (Rung.INVOKE, "POST"): _case("c017"),  # OpenAI: incorrect API key
    }
    found, paid, invoked = climb(answers)
    assert set(found.values()) == {"unknown/auth_invalid"}
    assert invoked == paid == 4


def test_a_disabled_organisation_at_the_invoke_rung_decides_the_rest_unasked() -> None:
    answers = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): (200, LIST),
        (Rung.INVOKE, "POST"): _case("g1-201"),  # OpenAI: a deactivated account, via a relay
    }
    found, paid, invoked = climb(answers)
    assert set(found.values()) == {"unknown/account_disabled"}
    assert invoked == paid == 4


def test_a_disabled_organisation_on_the_list_ends_the_climb() -> None:
    answers = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): _case("g1-201"),
    }
    found, paid, invoked = climb(answers)
    assert set(found.values()) == {"unknown/account_disabled"}
    assert invoked == paid == 0


def test_a_policy_denial_on_the_list_ends_the_climb() -> None:
    answers = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): (403, _case("g1-011")[1]),  # an explicit deny in an IAM policy
    }
    found, paid, invoked = climb(answers)
    assert set(found.values()) == {"restricted/policy_denied"}
    assert invoked == paid == 0


@pytest.mark.parametrize(("list_answer", "verdict"), [
    ((200, LIST), "reachable/listed"),  # the list decides each model alike
    ((429, QUOTA), "gated/quota_exhausted"),  # one answer decides them all
])  # fmt: skip
def test_models_one_answer_decides_alike_share_one_record(
    list_answer: Answer, verdict: str
) -> None:
    # Not a record per model of the same facts: 50,000 of them were 13 MB of a scan (#12).
    found, _, _ = climb({(Rung.KEYLESS, "GET"): (401, "{}"), (Rung.LIST, "GET"): list_answer},
                        deep=False)  # fmt: skip
    assert set(found.values()) == {verdict} and len(found) == len(MODELS)
    assert len({id(record) for record in RECORDS.values()}) == 1


def _endpointless(missing: tuple[str, ...]) -> str:
    (provider,) = load_text(REGISTRY, "test.yaml").providers
    dialect = DIALECTS[provider.api]
    key, credential = resolve(provider, dialect, {}, endpoint=None)
    setup = Setup(provider, dialect, None, key, credential, missing)
    scan, climbing = start(setup, _never, deep=True, debug=lambda _: None)
    asyncio.run(climbing)
    (detail,) = {v.verdict.detail for v in scan.verdicts.values()}
    return detail


async def _never(*_: object) -> Observation:
    raise AssertionError("a provider without an endpoint sends nothing")


def test_without_an_endpoint_nothing_is_sent_and_the_verdict_says_why() -> None:
    assert _endpointless(()) == "no public endpoint known (registry)"
    assert _endpointless(("OPENAI_BASE", "OPENAI_REGION")).startswith(
        "no endpoint: set OPENAI_BASE and OPENAI_REGION"
    )


def test_a_public_list_is_read_again_with_the_key() -> None:
    """A catalogue that answers without a key (OpenRouter's is public) lists what exists, not
    what this key may use: with a key the list is read again, with the key."""
    answers: dict[tuple[Rung, str], Answer] = {
        (Rung.KEYLESS, "GET"): (200, LIST),
        (Rung.LIST, "GET"): (200, LIST),
        (Rung.INVOKE, "POST"): (200, "{}"),
    }
    climb(answers)
    assert [rung for rung, _ in PATHS[:2]] == [Rung.KEYLESS, Rung.LIST]
    keyless, keyed = SENT[0], SENT[1]
    assert "authorization" not in keyless and "authorization" in keyed


def test_a_keyless_network_failure_is_left_to_the_scan_to_name() -> None:
    """Whether a dead connection is a block on this route or the local network being down is
    decided once every provider has answered (check.py): the ladder decides nothing."""
    answers: dict[tuple[Rung, str], Answer] = {
        (Rung.KEYLESS, "GET"): Failure(FailureName.TCP_REFUSED, Layer.TCP),
    }
    found, paid, invoked = climb(answers)
    assert found == {} and (paid, invoked) == (0, 0)
    assert len(SENT) == 1


def test_a_server_without_keys_is_listed_once() -> None:
    """A local server (no key) lists what it serves on the keyless rung: not asked again."""
    local = REGISTRY.replace("  auth: {env: OPENAI_API_KEY}\n", "").replace(
        "https://api.openai.test/v1", "http://127.0.0.1:8000/v1"
    )
    (provider,) = load_text(local, "local.yaml").providers
    dialect = DIALECTS[provider.api]
    key, credential = resolve(provider, dialect, {}, endpoint=provider.base_url)
    asked: list[Rung] = []

    async def fetch(
        rung: Rung, base: str, request: Request, headers: Mapping[str, str]
    ) -> Observation:
        asked.append(rung)
        return Observation(rung, request.method, request.path, 200,
                           {"content-type": "application/json"}, LIST)  # fmt: skip

    setup = Setup(provider, dialect, provider.base_url, key, credential)
    scan, climbing = start(setup, fetch, deep=False, debug=lambda _: None)
    asyncio.run(climbing)
    assert asked == [Rung.KEYLESS]
    assert {str(v.verdict.reason) for v in scan.verdicts.values()} == {"listed"}


# DeepSeek's registry entry has a free balance check before any paid call.
DEEPSEEK = REGISTRY.replace("- id: openai\n  name: OpenAI", "- id: deepseek\n  name: DeepSeek")


@pytest.mark.parametrize(
    ("answer", "listed"),
    [
        (_case("c147"), True),  # the check failed on their side: the list still decides
        ((200, '{"is_available": tru'), True),  # a balance cut short: cannot be read, go on
        (Failure(FailureName.READ_TIMEOUT, Layer.HTTP), True),  # lost: the list will say
        (_case("c017"), False),  # the key refused: final, nothing more is asked
        ((200, "<html>not the API</html>"), False),  # not the API: final too
    ],
)
def test_only_a_final_answer_of_the_credit_check_ends_the_climb(
    answer: Answer, listed: bool
) -> None:
    answers: dict[tuple[Rung, str], Answer] = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.ACCOUNT, "GET"): answer,
        (Rung.LIST, "GET"): (200, LIST),
        (Rung.INVOKE, "POST"): (200, "{}"),
    }
    found, _, invoked = climb(answers, DEEPSEEK)
    assert len(found) == len(MODELS)
    if listed:
        assert invoked == len(MODELS)  # the climb went on to the list and the paid calls
    else:
        assert len(set(found.values())) == 1 and invoked == 0
        assert Rung.LIST not in {rung for rung, _ in PATHS}  # nor is the list read


@pytest.mark.parametrize(
    "registry",
    [
        REGISTRY,
        # a key may belong to another regional host; without one there is no key to place
        REGISTRY.replace("  auth:", "  alt_base_urls: [https://api.openai-other.test/v1]\n  auth:"),
    ],
    ids=["one-host", "alternate-hosts"],
)
def test_discover_without_a_key_says_which_to_set(registry: str) -> None:
    from accesscheck.probe.ladder import discover

    (provider,) = load_text(registry, "test.yaml").providers
    dialect = DIALECTS[provider.api]
    key, credential = resolve(provider, dialect, {}, endpoint=provider.base_url)
    sent: list[Mapping[str, str]] = []

    async def refused(
        rung: Rung, _base: str, request: Request, headers: Mapping[str, str]
    ) -> Observation:
        # The list is asked for once without a key (a public one is read, issue #16): refused.
        sent.append(headers)
        return Observation(rung, request.method, request.path, 401, body="{}")

    listing, verdict = asyncio.run(
        discover(
            Setup(provider, dialect, provider.base_url, key, credential),
            refused,
            debug=lambda _: None,
        )
    )
    assert listing is None
    assert len(sent) == 1 and not any("authorization" in h for h in sent)
    assert (verdict.reason.value, verdict.detail) == (
        "no_credentials",
        "no key: set OPENAI_API_KEY",
    )


def test_discover_without_an_endpoint_sends_nothing_and_says_why() -> None:
    from accesscheck.probe.ladder import discover

    (provider,) = load_text(REGISTRY, "test.yaml").providers
    dialect = DIALECTS[provider.api]
    key, credential = resolve(provider, dialect, {}, endpoint=None)
    setup = Setup(provider, dialect, None, key, credential)
    listing, verdict = asyncio.run(discover(setup, _never, debug=lambda _: None))
    assert listing is None
    assert (verdict.reason.value, verdict.detail) == (
        "no_endpoint",
        "no public endpoint known (registry)",
    )


def test_a_keyless_answer_lost_after_it_was_sent_decides_the_provider() -> None:
    """Sent, then no answer (a read timeout): the provider's, not the local network's."""
    answers: dict[tuple[Rung, str], Answer] = {
        (Rung.KEYLESS, "GET"): Failure(FailureName.READ_TIMEOUT, Layer.HTTP),
    }
    found, paid, invoked = climb(answers)
    assert len(found) == len(MODELS) and (paid, invoked) == (0, 0)
    assert len(SENT) == 1


@pytest.mark.parametrize(
    ("listed", "verdicts", "invoked"),
    [
        # the list lost or failing on their side: with --deep each model is asked itself
        (Failure(FailureName.READ_TIMEOUT, Layer.HTTP), {"reachable/ok"}, len(MODELS)),
        (_case("c147"), {"reachable/ok"}, len(MODELS)),
        # a list that is not JSON: something else answered, nothing is paid for
        ((200, "<!doctype html><title>Sign in</title>"), {"unknown/unexpected_response"}, 0),
        ((200, '{"object": "list", "data": [tru'), {"unknown/unexpected_response"}, 0),  # cut
    ],
)
def test_what_a_failed_list_leaves_to_deep(
    listed: Answer, verdicts: set[str], invoked: int
) -> None:
    answers: dict[tuple[Rung, str], Answer] = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): listed,
        (Rung.INVOKE, "POST"): (200, "{}"),
    }
    found, _, asked = climb(answers)
    assert set(found.values()) == verdicts
    assert asked == invoked


def test_a_model_the_keys_list_lacks_is_gated_and_said_to_be_ambiguous() -> None:
    """Not listed is not proof: the verdict says so, and how to settle it (--deep)."""
    shorter = '{"object": "list", "data": [' + ",".join(
        f'{{"id": "{m}"}}' for m in MODELS[1:]
    ) + "]}"  # fmt: skip
    answers: dict[tuple[Rung, str], Answer] = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): (200, shorter),
    }
    found, _, _ = climb(answers, deep=False)
    assert found[MODELS[0]] == "gated/not_entitled"
    assert LAST[MODELS[0]].ambiguous and "--deep" in LAST[MODELS[0]].detail
    assert not LAST[MODELS[1]].ambiguous


def test_a_cloud_sign_in_runs_off_the_event_loop_and_under_the_deadline() -> None:
    """Minting a token (Vertex) or walking AWS's chain may wait on the network: it runs in a
    thread inside the climb, so other climbs go on meanwhile and the scan deadline bounds it,
    and the credential it yields is the one the requests use."""
    import threading
    import time

    from accesscheck.keys import KeyLookup, Secret
    from accesscheck.probe.credentials import KeyCredential

    (provider,) = load_text(REGISTRY, "test.yaml").providers
    dialect = DIALECTS[provider.api]
    release = threading.Event()
    secret = Secret("t" * 40)

    def slow_sign_in() -> tuple[KeyLookup, KeyCredential]:
        release.wait(5)
        return KeyLookup(("OPENAI_API_KEY",), "a cloud chain", secret), KeyCredential(
            dialect, secret
        )

    seen: list[str] = []

    async def fetch(
        rung: Rung, base: str, request: Request, headers: Mapping[str, str]
    ) -> Observation:
        seen.append(headers.get("authorization", ""))
        return Observation(rung, request.method, request.path, 200,
                           {"content-type": "application/json"}, LIST)  # fmt: skip

    none_yet = KeyLookup(("OPENAI_API_KEY",))
    setup = Setup(provider, dialect, provider.base_url, none_yet, None, (), slow_sign_in)

    async def cut_short() -> tuple[int, float]:
        ticks = 0
        scan, climbing = start(setup, fetch, deep=False, debug=lambda _: None)
        task = asyncio.ensure_future(climbing)
        began = time.monotonic()
        while time.monotonic() - began < 0.3:  # the loop is free while the thread signs in
            await asyncio.sleep(0.01)
            ticks += 1
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        assert not scan.verdicts and not seen and not scan.key.is_set
        return ticks, time.monotonic() - began

    ticks, took = asyncio.run(cut_short())
    release.set()
    assert ticks >= 10 and took < 1.0, (ticks, took)

    async def signed_in() -> None:
        scan, climbing = start(setup, fetch, deep=False, debug=lambda _: None)
        await climbing
        assert scan.key.is_set and scan.key.used == "a cloud chain"

    asyncio.run(signed_in())
    assert seen and seen[-1] == f"Bearer {'t' * 40}"


# Gemini's 429 as the wire carries it (corpus h1-148, closed after its status where the source
# is cut: no field invented): no QuotaFailure detail says whether a per-minute limit or the day's
# cap was hit (ai.google.dev/gemini-api/docs/rate-limits: any limit answers the same way).
GEMINI_LIMIT_UNSAID = json.dumps(
    {
        "error": {
            "code": 429,
            "message": "You exceeded your current quota, please check your plan and billing "
            "details. For more information on this error, head to: https://ai.google.dev/gemini-api"
            "/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. "
            "\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_"
            "free_tier_requests, limit: 20, model: gemini-2.5-flash\nPlease retry in 58.821668433s.",
            "status": "RESOURCE_EXHAUSTED",
        }
    }
)
GEMINI_MODELS = [f"gemini-{n}" for n in range(5)]
GEMINI_REGISTRY = (
    "version: 1\nproviders:\n- id: gemini\n  name: Gemini\n  api: gemini\n"
    "  base_url: https://generativelanguage.test/v1beta\n  auth: {env: OPENAI_API_KEY}\n  models:\n"
    + "".join(f"  - id: {m}\n" for m in GEMINI_MODELS)
)
GEMINI_LIST = json.dumps({"models": [{"name": f"models/{m}"} for m in GEMINI_MODELS]})


def test_a_gemini_429_that_does_not_say_which_limit_is_never_reachable_and_is_per_model() -> None:
    """Issue #15 (class 1): the same answer read by `explain` and by a scan. A probe's 429 from
    Gemini without the quotaId is read as the cap, ambiguous — never `reachable` — and for the
    model asked only: each model is asked (a free tier's daily cap is per model)."""
    answers = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): (200, GEMINI_LIST),
        (Rung.INVOKE, "POST"): (429, GEMINI_LIMIT_UNSAID),
    }
    found, paid, invoked = climb(answers, GEMINI_REGISTRY)
    assert set(found.values()) == {"gated/quota_exhausted"}
    assert all(v.ambiguous and v.rule == "gemini-limit-undetermined" for v in LAST.values())
    assert invoked == paid == len(GEMINI_MODELS)
    pasted = accesscheck.explain(GEMINI_LIMIT_UNSAID, provider="gemini")
    assert (pasted.status, pasted.reason, pasted.rule) == (
        LAST["gemini-0"].status,
        LAST["gemini-0"].reason,
        LAST["gemini-0"].rule,
    )


def test_a_gemini_429_that_names_a_per_minute_quota_is_a_throttle() -> None:
    from tests.emulator.canned import GEMINI_RATE_LIMIT

    answers = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): (200, GEMINI_LIST),
        (Rung.INVOKE, "POST"): (429, GEMINI_RATE_LIMIT.body.replace("{model}", "gemini-0")),
    }
    found, _, _ = climb(answers, GEMINI_REGISTRY)
    assert set(found.values()) == {"reachable/rate_limited"}
