"""Issue #15, round 6 (branch r6-flow): the fifth held-out split's misses labelled a throttle, a
quota, a network failure, the provider's failure or a success, by class. Each class: the case as
gathered (read as tools/score.py reads it), variants in other wordings and wrappers (marked), and
negatives where the rule must not fire — above all never `reachable` for a non-2xx answer or an
error envelope, and a 429 that speaks of money is a cap, not a throttle."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain, _read

THROTTLE = "reachable/rate_limited"
PROVIDER = "unknown/provider_error"
LOCAL = "unknown/local_network_down"
QUOTA = "gated/quota_exhausted"


# ---- the cases each class was written from, read as tools/score.py reads them


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h5a-103", PROVIDER),  # 1. OpenAI SSE server_error after 200 chunks
        ("h5b-082", PROVIDER),  # 1. Ollama NDJSON error line mid-stream (docs)
        ("h5b-003", PROVIDER),  # 1. Portkey 200 "Network connection lost."
        ("h5b-093", QUOTA),  # 2. DMXAPI 401 "Token amount has been exhausted token.RemainQuota = 0"
        ("h5b-094", QUOTA),  # 2. the same through google.genai's ClientError
        ("h5b-006", LOCAL),  # 3. Open WebUI 404 around "connect ECONNREFUSED ::1:5432"
        ("h5b-043", LOCAL),  # 3. asyncio "Connect call failed ('10.0.1.212', 11434)"
        ("h5b-013", LOCAL),  # 4. Dify 400 invalid_param "Connection error."
        ("h5c-064", LOCAL),  # 6. Claude Code ECONNREFUSED with its hedged country note
        ("g1-241", "restricted/geo_blocked"),  # 6. the same screen after a 4xx (ERR_BAD_REQUEST)
        ("h5a-033", PROVIDER),  # 7. "Selected model is at capacity."
        ("h5a-034", QUOTA),  # 8. Gemini "Your quota will reset after 8h44m7s"
        ("h5b-092", QUOTA),  # 8. AI/ML API "your free limit for the hour"
        ("h5c-054", "reachable/ok"),  # 9. CLOVA Studio's success envelope code 20000 "OK"
    ],
)
def test_the_cases_read_as_labelled(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


# ---- 1. an error event inside a 2xx answer (a stream that broke, a gateway's lost upstream)


@pytest.mark.parametrize(
    "text",
    [
        # variant: Anthropic's SSE error event after message_start (a 200 stream)
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1"}}\n'
        'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
        # variant: OpenAI's mid-stream event with the type only
        'data: {"error": {"message": "An error occurred.", "type": "server_error"}}',
        # variant: Ollama's /api/chat stream failing to generate
        '{"model":"llama3","message":{"role":"assistant","content":"Hi"},"done":false}\n'
        '{"error":"the model failed to generate a response"}',
        # variant: a gateway's 200 whose body says its upstream connection was reset
        '{"status": 200, "body": {"error": "Connection to upstream was reset"}}',
    ],
)
def test_an_error_event_in_a_2xx_is_the_providers_failure(text: str) -> None:
    assert _explain(text, status=200) == PROVIDER


@pytest.mark.parametrize(
    "text",
    [
        # negative: a clean completion stays a success
        '{"id":"c1","object":"chat.completion","choices":[{"message":{"content":"hi"}}]}',
        # negative: a throttle relayed in a 200 envelope is neither a provider failure nor reachable
        '{"error": {"message": "Rate limit exceeded", "code": 429}}',
    ],
)
def test_a_2xx_without_a_server_failure_is_not_read_as_one(text: str) -> None:
    assert _explain(text, status=200) != PROVIDER


def test_a_2xx_error_envelope_is_never_reachable() -> None:
    text = '{"error": {"message": "Resource has been exhausted (e.g. check quota).", "code": 429}}'
    assert not _explain(text, provider="gemini", status=200).startswith("reachable/")


# ---- 2. a relay's token allotment used up, sent as 401


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # variant: new-api's own Chinese sentence (model/token.go)
        ("[sk-abc***xyz] 该令牌额度已用尽 !token.UnlimitedQuota && token.RemainQuota = 0", 401),
        # variant: the same in an SDK line without a status
        (
            "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Token quota has been "
            "exhausted', 'type': 'new_api_error'}}",
            None,
        ),
        # variant: an English relay with remain_quota spelt with an underscore, at 403
        ('{"error": {"message": "token remain_quota: 0", "type": "one_api_error"}}', 403),
    ],
)
def test_a_relay_tokens_used_up_allotment_is_quota(text: str, status: int | None) -> None:
    assert _explain(text, status=status) == QUOTA


@pytest.mark.parametrize(
    "text",
    [
        # negative: a refused key at the same relay stays a refused key
        "[sk-abc***xyz] 无效的令牌 (request id: 2026)",
        # negative: a remaining quota that is not zero says nothing used up
        '{"error": {"message": "Invalid token, RemainQuota = 500"}}',
    ],
)
def test_a_relays_refused_token_is_not_quota(text: str) -> None:
    assert _explain(text, status=401) != QUOTA


# ---- 3. a connection refused to an address on this side, whatever status wraps it


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # variant: Node's error through an app's 500
        ('{"detail": "connect ECONNREFUSED 127.0.0.1:11434"}', 500),
        # variant: aiohttp to a Docker host, no status
        (
            "aiohttp.client_exceptions.ClientConnectorError: Cannot connect to host "
            "host.docker.internal:11434 ssl:default [Connection refused]",
            None,
        ),
        # variant: Go's dial error to a LAN address at a proxy's 502
        ("http: proxy error: dial tcp 192.168.1.20:8000: connect: connection refused", 502),
    ],
)
def test_a_refused_connection_to_a_local_address_is_the_local_setup(
    text: str, status: int | None
) -> None:
    assert _explain(text, status=status) == LOCAL


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # negative: a 404 naming a local URL but no failed connection stays not found
        (
            '{"error": "model \'llama3\' not found, try pulling it first (http://127.0.0.1:11434)"}',
            404,
        ),
        # negative: a refused connection to a public host keeps its own rules (no status: network)
        ("connect ECONNREFUSED 104.18.7.192:443", 401),
    ],
)
def test_a_local_address_alone_is_no_network_failure(text: str, status: int) -> None:
    assert _explain(text, status=status) != LOCAL


# ---- 4. an app's 4xx whose whole message is its SDK's connection failure


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ('{"code": "invalid_param", "message": "Connection error.", "status": 400}', 400),
        # variant: the SDK's class name kept, FastAPI's 422 detail
        ('{"detail": "APIConnectionError: Connection error."}', 422),
        # variant: undici's "fetch failed" as the whole message of an app's 400
        ('{"error": {"message": "fetch failed"}}', 400),
    ],
)
def test_an_apps_4xx_around_a_failed_connection_is_a_network_failure(
    text: str, status: int
) -> None:
    assert _explain(text, status=status) == LOCAL


def test_a_4xx_that_says_more_than_a_connection_error_is_not_one() -> None:
    text = '{"error": {"message": "Connection error. Invalid model name gpt-9", "code": 400}}'
    assert _explain(text, status=400) != LOCAL


# ---- 5. (h5c-068, "rate limited" with a provider code and no status, is left: the same shape is
# held not reachable by test_false_reachable_review's "Error code: 2004 … rate limited")


def test_rate_limited_with_a_four_digit_code_and_no_status_is_not_reachable() -> None:
    text = '{"code": 710022004, "message": "rate limited", "detail": "系统错误"}'
    assert not _explain(text).startswith("reachable/")


# ---- 6. a hedged location note beside a connection that got no answer


@pytest.mark.parametrize(
    "text",
    [
        # variant: DNS failure on the same screen
        "Unable to connect to Anthropic services\nFailed to connect to api.anthropic.com: ENOTFOUND\n"
        "Note: Claude Code might not be available in your country.",
        # variant: another app's hedge beside a refused connection
        "Error: connect ECONNREFUSED 1.2.3.4:443. This service may not be available in your region.",
    ],
)
def test_a_hedge_beside_a_failed_connection_is_no_location_refusal(text: str) -> None:
    assert _explain(text, provider="anthropic") == LOCAL


def test_a_location_refusal_without_a_hedge_stays_one() -> None:
    text = "Error: connect ECONNREFUSED. This service is not available in your country."
    assert _explain(text, provider="anthropic").startswith("restricted/")


# ---- 7. a model at capacity (the provider's load)


@pytest.mark.parametrize(
    "text",
    [
        "The model is currently over capacity. Please try again later.",  # variant
        '{"error": {"message": "We are at capacity for this model right now."}}',  # variant
    ],
)
def test_a_model_at_capacity_is_the_providers_load(text: str) -> None:
    assert _explain(text) == PROVIDER


def test_a_capacity_that_speaks_of_a_plan_is_not_the_providers_load() -> None:
    text = "Your plan's model is at capacity: upgrade your plan for more."
    assert _explain(text) != PROVIDER


# ---- 8. a limit whose reset is hours away, or whose window is the hour, is a cap


@pytest.mark.parametrize(
    "text",
    [
        '{"error": {"code": 429, "message": "Usage limit reached. Resets in 5h 12m."}}',  # variant
        '{"error": {"message": "Too many requests: limit for the hour reached"}}',  # variant
        '{"error": {"message": "Quota exceeded; quota resets after 2d"}}',  # variant
    ],
)
def test_a_limit_reset_hours_away_is_a_cap(text: str) -> None:
    assert _explain(text, status=429) == QUOTA


def test_a_limit_reset_seconds_away_stays_a_throttle() -> None:
    text = '{"error": {"message": "Rate limit exceeded. Your quota will reset after 26s."}}'
    assert _explain(text, status=429) == THROTTLE


# ---- 9. a success envelope whose result code is not 0 but whose message says OK


@pytest.mark.parametrize(
    "text",
    [
        '{"status": {"code": "20000", "message": "OK"}, "result": {"message": {"content": "hi"}}}',
        '{"code": 10000, "msg": "success", "data": {"text": "hi"}}',  # variant
    ],
)
def test_a_success_envelope_with_its_own_code_is_a_success(text: str) -> None:
    assert _explain(text, status=200) == "reachable/ok"


@pytest.mark.parametrize(
    "text",
    [
        '{"status": {"code": "40100", "message": "Unauthorized"}, "result": null}',
        '{"code": 500, "message": "OK"}',  # an error status beside "OK" is still an error
        '{"code": 10001, "msg": "success", "data": null}',  # a success word with no data
    ],
)
def test_an_error_envelope_is_never_reachable(text: str) -> None:
    assert not _explain(text, status=200).startswith("reachable/")
