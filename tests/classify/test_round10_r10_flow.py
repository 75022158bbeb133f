"""Issue #15, round 10 (branch r10-flow): the ninth held-out split's misses labelled a network
failure, a cap, the provider's failure, a throttle or a success (and two of the seventh's), by
class. Each class: the case as gathered (read as tools/score.py reads it), other real wordings of
the same condition from cited sources (not in the corpus), and near misses the rule must not
take — never `reachable` for a cap, an error, or an answer at another status."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain, _read

THROTTLE = "reachable/rate_limited"
PROVIDER = "unknown/provider_error"
LOCAL = "unknown/local_network_down"
QUOTA = "gated/quota_exhausted"
OK = "reachable/ok"
BLOCKED = "restricted/network_blocked"
NETWORK = {LOCAL, "unknown/timeout", BLOCKED}


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h9a-019", LOCAL),  # Positron: "could not validate … key. Check your network connection"
        ("h9a-020", LOCAL),  # aiohttp ClientHttpProxyError 404 from the user's proxy
        ("h9c-041", BLOCKED),  # httpcore: peer closed … (incomplete chunked read)
        ("h9a-038", PROVIDER),  # Cloudflare's JSON 522 for the api.anthropic.com zone
        ("h9b-007", PROVIDER),  # NeuroAPI "An error occurred while generating the response"
        ("h9b-028", PROVIDER),  # Fireworks 429 "didn't generate first token before … deadline"
        ("h7b-076", PROVIDER),  # Windsurf "retryable error from model provider"
        ("h9b-002", QUOTA),  # new-api "chat pre-consumed quota failed, user quota: …"
        ("h9b-044", QUOTA),  # Cursor: overloaded for non-pro users, "you've used your free quota"
        ("h9b-045", QUOTA),  # ElevenLabs 400 voice_limit_reached (10 / 10)
        ("h9b-026", QUOTA),  # Bing "Throttled: Request is throttled." (its daily cap; relabelled)
        ("h7b-042", THROTTLE),  # LiteLLM 429 RouterRateLimitErrorBasic
        ("h9c-031", OK),  # Workers AI: "Thank you for agreeing to this model's terms"
    ],
)
def test_the_cases_read_as_labelled(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


# ---- no HTTP answer: a body cut short, the user's proxy, an app's hint at the network


@pytest.mark.parametrize(
    "text",
    [
        # encode/httpx#1927, groq/groq-python#26
        "httpx.RemoteProtocolError: peer closed connection without sending complete message body "
        "(incomplete chunked read)",
        # aio-libs/aiohttp client_proto.py, as a log prints it (pymiele in Home Assistant)
        "Listen_event: Response payload is not completed: <TransferEncodingError: 400, "
        "message='Not enough data to satisfy transfer length header.'>",
        # curl CURLE_PARTIAL_FILE
        "curl: (18) transfer closed with outstanding read data remaining",
    ],
)
def test_an_answer_cut_mid_body_is_the_network(text: str) -> None:
    assert _explain(text, status=0) in NETWORK


def test_a_cut_body_inside_an_http_answer_is_not_read_as_no_answer() -> None:
    # near miss: a gateway's 502 whose body says its upstream closed early is the provider's side
    text = "upstream error: peer closed connection without sending complete message body"
    assert _explain(text, status=502) not in NETWORK


@pytest.mark.parametrize(
    "text",
    [
        # Rapptz/discord.py#5223
        "aiohttp.client_exceptions.ClientHttpProxyError: 403, message='Forbidden', "
        "url=URL('http://pyproxy.comm:9293')",
        # CPython http.client _tunnel, through requests/urllib3
        "ProxyError: Max retries exceeded with url: /v1/chat/completions (Caused by "
        "ProxyError('Unable to connect to proxy', OSError('Tunnel connection failed: 403 Forbidden')))",
        # curl lib/http_proxy.c
        "curl: (56) CONNECT tunnel failed, response 403",
    ],
)
def test_the_users_proxy_forbidding_the_providers_host_is_a_block_on_the_route(text: str) -> None:
    # a proxy's 403 to CONNECT is a policy on the route, not a machine without a network
    # (review of round 10): `restricted/network_blocked`, which --fail-on can tell apart
    assert _explain(text) == "restricted/network_blocked"


@pytest.mark.parametrize(
    "text",
    [
        # urllib3's ProxyError when the proxy itself cannot be reached (urllib3 connectionpool.py)
        "ProxyError('Unable to connect to proxy', NewConnectionError('Failed to establish a new connection'))",
    ],
)
def test_the_users_proxy_failing_the_tunnel_is_this_sides_network(text: str) -> None:
    # (corpus h9a-020, the proxy's 404 to CONNECT, is held by test_the_cases_read_as_labelled)
    assert _explain(text) == LOCAL


def test_a_provider_404_is_no_proxy_refusal() -> None:
    # near miss: aiohttp's ClientResponseError for the provider's own 404 names no proxy
    text = (
        "aiohttp.client_exceptions.ClientResponseError: 404, message='Not Found', "
        "url=URL('https://api.openai.com/v1/chat/completions')"
    )
    assert _explain(text) != LOCAL


def test_an_apps_check_your_network_hint_is_the_network_but_not_beside_a_refusal() -> None:
    # the same app's sentence (posit-dev/positron#15875) for another provider
    text = "could not validate OpenAI API key. Check your network connection and try again"
    assert _explain(text, provider="openai") == LOCAL
    # near misses: the same hint beside a bad key, or with an HTTP status, is no network failure
    text = "Invalid API key. Please check your network connection and API key."
    assert _explain(text, provider="anthropic") != LOCAL
    assert _explain("Check your network connection and try again", status=401) != LOCAL


# ---- the provider's failure: an edge that could not reach it, a generation that failed


@pytest.mark.parametrize(
    "text",
    [
        # curl/curl#16143 (Cloudflare's 522 page text)
        "Error 522 Connection timed out. The initial connection between Cloudflare's network and the "
        "origin web server timed out. As a result, the web page can not be displayed.",
        # a 524 page as text (Cloudflare, a timeout occurred)
        "Error 524 Ray ID: 6e38aaae2b924b8c A timeout occurred. The origin web server timed out "
        "responding to this request.",
    ],
)
def test_cloudflares_origin_errors_are_the_providers_side(text: str) -> None:
    assert _explain(text, provider="anthropic") == PROVIDER


def test_cloudflares_firewall_advice_alone_is_still_a_network_rule() -> None:
    # near miss: Azure's own network-rules refusal keeps its reading (corpus g1-033's words)
    text = "Access denied due to Virtual Network/Firewall rules."
    assert _explain(text, provider="azure-openai", status=403) == "restricted/network_blocked"


def test_a_generation_failure_is_the_providers_but_not_at_a_4xx() -> None:
    # bytedance/deer-flow#159
    text = "An error occurred while generating the response. Please try again."
    assert _explain(text) == PROVIDER
    # near miss: the same words at a 400 may be the request's fault
    assert _explain(text, status=400) != PROVIDER


def test_fireworks_first_token_deadline_is_no_throttle() -> None:
    text = "429 Request didn't generate first token before the given deadline"
    assert _explain(text, provider="fireworks", status=429) == PROVIDER


def test_a_model_provider_error_relayed_is_the_providers_but_its_throttle_stays_one() -> None:
    assert _explain("Encountered retryable error from model provider: internal error") == PROVIDER
    # near miss: a throttle relayed the same way is read by the throttle rules first
    text = "Encountered retryable error from model provider: rate limit exceeded, try again in 20s"
    assert _explain(text) == THROTTLE


# ---- caps: a relay's pre-charge, a free allowance, a plan's count of things


@pytest.mark.parametrize(
    "text",
    [
        # QuantumNous/new-api relay (PreConsumeQuota), as an app relays its 403
        "Failed to authenticate. API Error: 403 pre-consume quota failed, user quota: ＄0.094528, "
        "need quota: ＄0.403056 (request id: 20260901130925304755933vxl4tnAJkbtdK)",
        # new-api's image relay
        "image pre-consumed quota failed, user quota: $0.10, need quota: $0.40",
    ],
)
def test_a_relays_pre_charge_refused_is_a_cap(text: str) -> None:
    assert _explain(text, provider="new_api") == QUOTA


def test_the_refund_of_a_pre_charge_failing_is_no_cap() -> None:
    # near miss: new-api's log line when giving back a pre-charge failed (a database error)
    text = "return pre-consumed quota failed: record not found"
    assert _explain(text, provider="new_api") != QUOTA


def test_a_free_allowance_used_up_is_a_cap_and_an_overload_alone_is_not() -> None:
    # kingparks/cursor-vip#321 (the same banner without its line breaks)
    text = (
        "Our servers are currently overloaded for non-pro users, and you've used your free quota. "
        "Please try again in a few minutes."
    )
    assert _explain(text, provider="cursor") == QUOTA
    # near miss: the overload alone stays the provider's
    assert _explain("Our servers are currently overloaded. Please try again later.") == PROVIDER


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # home-assistant/core#160414 (ElevenLabs quota_exceeded, sent as 401)
        (
            "{'detail': {'status': 'quota_exceeded', 'message': 'This request exceeds your quota of "
            "10000. You have 0 credits remaining, while 91 credits are required for this request.'}}",
            401,
        ),
        # Significant-Gravitas/AutoGPT#263 (the characters' wording)
        (
            '{"detail":{"status":"quota_exceeded","message":"This request exceeds your quota. You have '
            '11 characters remaining, while 70 characters are required for this request."}}',
            None,
        ),
    ],
)
def test_a_plans_allowance_used_up_is_a_cap(text: str, status: int | None) -> None:
    assert _explain(text, provider="elevenlabs", status=status) == QUOTA


def test_a_maximum_of_a_request_is_no_plan_cap() -> None:
    # near misses: a context's maximum, and a rate limit that says to upgrade, are no plan's count
    text = "This model's maximum context length is 8192 tokens (10 / 10 messages)."
    assert _explain(text, status=400) != QUOTA
    text = (
        "Rate limit reached: 10 requests per minute. Upgrade your plan to increase your rate limit."
    )
    assert _explain(text, status=429) != QUOTA


# ---- throttles: a request throttled, a router at its limits


@pytest.mark.parametrize(
    "text",
    [
        # acheong08/EdgeGPT#145
        "{'result': {'value': 'Throttled', 'message': 'Request is throttled.', 'error': 'Request is throttled.'}}",
        # corpus h9b-026's words, and sydney.py's exception for them (vsakkas/sydney.py#133)
        "Throttled: Request is throttled.",
        "sydney.exceptions.ThrottledRequestException: Request is throttled",
    ],
)
def test_bings_request_is_throttled_is_its_daily_cap_never_reachable(text: str) -> None:
    # Bing's maintainers read it as the account's daily message limit (vsakkas/sydney.py#133,
    # WAppAI/assistant#47): a cap, so never `reachable` (review of round 10)
    assert _explain(text, provider="bing_chat") == QUOTA


@pytest.mark.parametrize(
    "text",
    [
        # the review of round 10: "throttled" beside a budget, a captcha, suspicious activity
        "Your account has been throttled due to suspicious activity.",
        "Your key is throttled: spend limit of $50 reached for this project.",
        "Throttled: Maximum usage reached for GPT-4. Resets on the 1st.",
        "Your requests are being throttled: daily quota exhausted, upgrade your plan.",
    ],
)
def test_other_throttled_words_are_never_read_reachable(text: str) -> None:
    assert not _explain(text, provider="bing_chat").startswith("reachable")
    assert _explain("Request is throttled.", status=403) != THROTTLE


def test_litellms_pre_call_throttle_and_its_cooldown_and_budget_stop() -> None:
    # the same class as LiteLLM's proxy returns it in its JSON error (BerriAI/litellm#20867's log)
    text = (
        '{"error": {"message": "litellm.types.router.RouterRateLimitErrorBasic: No deployments available '
        'for selected model.", "type": "None", "param": "None", "code": "429"}}'
    )
    assert _explain(text, provider="litellm", status=429) == THROTTLE
    # near misses: RouterRateLimitError's cooldown (deployments may have failed, not throttled) and
    # the router's budget stop (round 9's rule) are no throttle
    text = (
        "No deployments available for selected model, Try again in 60 seconds. Passed model=gpt-4o. "
        "pre-call-checks=False, cooldown_list=['0f3c']"
    )
    assert _explain(text, provider="litellm", status=429) != THROTTLE
    text = "No deployments available - crossed budget: Exceeded budget for deployment model_name: x"
    assert _explain(text, provider="litellm", status=429) == QUOTA


# ---- a licence accepted: the model may be used


def test_a_licence_accepted_is_a_success_and_its_refusal_is_not() -> None:
    text = "Thank you for agreeing to this model's terms. You may now use the model."
    assert _explain(text, provider="cloudflare_workers_ai", status=200) == OK
    # near misses: the refusal before the licence is accepted, and the success words at a 403
    text = (
        "AiError: Model Agreement: Prior to using this model, you must submit the prompt 'agree'."
    )
    assert _explain(text, provider="cloudflare_workers_ai", status=403) != OK
    text = "Thank you for agreeing to this model's terms. You may now use the model."
    assert _explain(text, provider="cloudflare_workers_ai", status=403) != OK
