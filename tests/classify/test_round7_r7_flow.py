"""Issue #15, round 7 (branch r7-flow): the sixth held-out split's misses labelled the provider's
failure, a throttle, a network failure, a plan's or credit's cap, or a success, by class. Each
class: the case as gathered (read as tools/score.py reads it), other real wordings of the same
condition from cited sources (not in the corpus), and near misses the rule must not take — never
`reachable` for an error, never a throttle for a cap or a refusal."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain, _read

THROTTLE = "reachable/rate_limited"
PROVIDER = "unknown/provider_error"
LOCAL = "unknown/local_network_down"
QUOTA = "gated/quota_exhausted"


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h6b-019", PROVIDER),  # 1. Zed "code: internal_server_error" in a plain line
        ("h6b-030", PROVIDER),  # 1. Cursor "ConnectError: [unavailable] Error"
        ("h6b-077", PROVIDER),  # 1. LiteLLM 400 around Azure's internal-error sentence
        ("h6b-097", PROVIDER),  # 1. Codex "response.failed event received"
        ("h6b-110", PROVIDER),  # 1. Ollama "Error refusing to load model"
        ("h6c-064", PROVIDER),  # 1. Qwen Code banner ending "Internal Error"
        ("h6a-017", THROTTLE),  # 3. Vertex "Ramp your traffic up more slowly", 429
        ("h6b-103", THROTTLE),  # 3. Claude Code "Server is temporarily limiting requests", 429
        ("h6c-005", THROTTLE),  # 3. DashScope "You exceeded your current requests list."
        ("h6c-025", THROTTLE),  # 3. Yandex gRPC RESOURCE_EXHAUSTED, a RequestsPerSecond rate quota
        ("h6c-028", THROTTLE),  # 3. ModelScope 429 "Request limit exceeded."
        ("h6c-016", THROTTLE),  # 3E. a relay's own 429 (rix_api_error) seen through google.genai
        (
            "h6c-071",
            THROTTLE,
        ),  # 3E. bad_response_status_code beside "rejected due to rate limiting"
        ("h6b-058", LOCAL),  # 4. curl/c-ares "Could not resolve: api.openai.com (…)"
        ("h6b-059", LOCAL),  # 4. Netty "Failed to resolve 'api.openai.com' [A(1)]"
        ("h6b-016", LOCAL),  # 4. "unable to get issuer certificate"
        ("h6c-086", LOCAL),  # 4E. Coze's 500 around Go's lookup on 127.0.0.11
        ("h6b-064", QUOTA),  # 5. Claude Code "Credit balance too low · Add funds"
        ("h6b-068", QUOTA),  # 5. Cursor "You've hit your usage limit" alone
        ("h6b-088", QUOTA),  # 5. Claude Code 429 "You've hit your limit · resets Jan 18, 11:30am"
        ("h6c-011", "reachable/ok"),  # 8. Mistral completion as YAML (VCR parsed_body)
        ("h6c-012", "reachable/ok"),  # 8. Cohere v2 answer as YAML
    ],
)
def test_the_cases_read_as_labelled(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


# ---- 1. the provider's failure outside JSON or behind a 4xx wrapper


@pytest.mark.parametrize(
    "text",
    [
        # Codex relaying OpenAI's server_error in the stream (openai/codex#41895)
        "stream disconnected before completion: An error occurred while processing your request. You can "
        "retry your request, or contact us through our help center at help.openai.com if the error persists. "
        "Please include the request ID cfaf2c7c-7a57-4817-92fc-4e18058311df in your message.",
        # Ollama's refusal to load a model larger than memory (corpus g2-136, pasted without its 500)
        "model requires more system memory (2.7 GiB) than is available (2.3 GiB)",
    ],
)
def test_the_providers_failure_in_other_renderings(text: str) -> None:
    assert _explain(text, provider="ollama") == PROVIDER


def test_a_relayed_internal_error_in_a_gateways_400_is_the_providers_failure() -> None:
    # OpenAI's 500 sentence (corpus c147, h5a-091) as LiteLLM's BadRequestError wraps an upstream's
    # (docs.litellm.ai/docs/exception_mapping): the upstream failed, the 400 is the gateway's mapping
    text = (
        "Error code: 400 - {'error': {'message': 'litellm.BadRequestError: OpenAIException - The server "
        "had an error while processing your request. Sorry about that!', 'type': 'invalid_request_error', "
        "'code': '400'}}"
    )
    assert _explain(text, status=400) == PROVIDER


@pytest.mark.parametrize(
    "text",
    [
        # near miss: a stream cut before its completion event names no failure of the provider's
        # (caidaoli/ccLoad#59, router-for-me/CLIProxyAPI#2410: proxies, timeouts, relays)
        "stream disconnected before completion: stream closed before response.completed",
        # near miss: a Connect status that refuses the caller is no outage (corpus h4b-033)
        "Failed to log in: ConnectError: [permission_denied] api server wire error",
    ],
)
def test_a_stream_or_rpc_failure_that_names_no_provider_fault_is_not_one(text: str) -> None:
    assert _explain(text) != PROVIDER


def test_an_rpc_unavailable_from_a_failed_connect_is_this_sides() -> None:
    # grpc-go's rendering (grpc/grpc-go status/status.go) of a dial that failed on a name: the
    # connect failed here, whatever the status (corpus g2-169's Go words)
    text = (
        'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: '
        'dial tcp: lookup ark.cn-beijing.volces.com on 127.0.0.11:53: server misbehaving"'
    )
    assert _explain(text) == LOCAL


def test_an_app_banner_says_internal_error_only_on_a_line_of_its_own() -> None:
    # near miss: "Internal Error" as the heading of a certificate failure is the network's
    # (nodejs.org/api/tls.html: CERT_HAS_EXPIRED, 'certificate has expired')
    assert _explain("Internal Error: certificate has expired") == LOCAL


# ---- 3. throttles in other words, and a relay's throttle over its wrapper's rule


def test_claude_codes_throttle_banner_with_its_aside_is_a_throttle() -> None:
    # anthropics/claude-code#65212: the banner as the terminal wrapped it
    text = "API Error: Server is temporarily limiting requests (not your\n     usage limit) · Rate limited"
    assert _explain(text, provider="anthropic", status=429) == THROTTLE


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # near miss: a cap in credits per day, however it names a rate limit (cloudflare/vibesdk#164)
        (
            "AI inference rate limit exceeded. Consider using lighter models. Maximum 100 credits per 1 hour "
            "or 400 credits per day.",
            429,
        ),
        # near miss: OpenAI's used-up credit borrows "exceeded your current" (error-codes guide)
        (
            "You exceeded your current quota, please check your plan and billing details.",
            429,
        ),
        # near miss: the traffic words at a status other than 429 are no throttle (the contract)
        (
            "ResourceExhausted: 429 Rate of traffic exceeds capacity. Ramp your traffic up more slowly.",
            503,
        ),
    ],
)
def test_a_cap_or_another_status_is_not_a_throttle(text: str, status: int) -> None:
    assert _explain(text, status=status) != THROTTLE


def test_a_relays_saturation_beside_another_upstream_status_stays_the_relays_failure() -> None:
    # corpus g1-040: the same saturation words as h6c-016, with param '404' and
    # bad_response_status_code — labelled unknown; never a throttle (never `reachable`)
    assert _read("g1-040") == PROVIDER


# ---- 4. name resolution and certificate verification failures in other libraries' words


@pytest.mark.parametrize(
    "text",
    [
        # libcurl's CURLE_COULDNT_RESOLVE_HOST string (haibbo/speedtest-cli#15)
        "curl_easy_perform() failed: Couldn't resolve host name",
        # Go's crypto/x509 behind a ChatGPT proxy (acheong08/ChatGPT-to-API#102)
        'Embedded error: Get "https://chat.openai.com/api/auth/csrf": x509: certificate signed by unknown authority',
        # the same in a proxy's JSON error (acheong08/ChatGPT-to-API#7)
        '{"error":"error sending requestPost \\"https://bypass.churchless.tech/api/conversation\\": x509: '
        'certificate signed by unknown authority"}',
    ],
)
def test_a_name_or_certificate_failure_is_this_sides_network(text: str) -> None:
    assert _explain(text) == LOCAL


def test_a_lookup_through_a_remote_resolver_behind_a_proxys_502_stays_the_providers() -> None:
    # near miss (test_round4_routes_network): a remote resolver says nothing of this side
    text = "http: proxy error: dial tcp: lookup api.openai.com on 10.0.0.2:53: i/o timeout"
    assert _explain(text, status=502) == PROVIDER


def test_a_5xx_that_names_no_lookup_failure_stays_the_providers() -> None:
    # near miss: Ollama's 500 in its own words (corpus h6b-034) is the server's failure
    assert _read("h6b-034") == PROVIDER


# ---- 5. a plan's or credit's cap in a short banner


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # Codex's plan window with a reset at a calendar date and clock time (openai/codex#26668)
        (
            "You've hit your usage limit. Upgrade to Plus to continue using Codex "
            "(https://chatgpt.com/explore/plus), or try again at Jul 5th, 2026 8:19 PM.",
            None,
        ),
        # Claude Code's plan window with a clock-time reset (anthropics/claude-code#59637)
        ("You've hit your limit · resets 2:10pm (Europe/Moscow)", 429),
        # the ChatGPT backend's usage_limit_reached, as a relay quotes it (james-6-23/codex2api#9)
        (
            '{"error":{"type":"usage_limit_reached","message":"The usage limit has been reached",'
            '"plan_type":"free","resets_at":1775317531,"resets_in_seconds":602705}}',
            429,
        ),
    ],
)
def test_a_plans_usage_limit_is_a_cap(text: str, status: int | None) -> None:
    assert _explain(text, status=status) == QUOTA


@pytest.mark.parametrize(
    "text",
    [
        # near miss: "not your usage limit" is said of a throttle (anthropics/claude-code#64905)
        "API Error: Server is temporarily limiting requests (not your usage limit) · Rate limited",
        # near miss: Anthropic's account rate limit, in the same thread as a clock-time reset
        # (anthropics/claude-code#59637): a throttle, not the plan's window
        '429 {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your '
        "account's rate limit. Please try again later.\"}}",
    ],
)
def test_a_throttle_beside_usage_words_stays_a_throttle(text: str) -> None:
    assert _explain(text, provider="anthropic", status=429) == THROTTLE


# ---- 8. a success rendered as YAML (a VCR cassette), and no error read as one

# pydantic/pydantic-ai tests/models/cassettes/test_anthropic/test_anthropic_model_instructions.yaml
_ANTHROPIC_YAML = """    body:
      type: json
      content:
        content:
        - text: The capital of France is Paris.
          type: text
        id: msg_01Fg1JVgvCYUHWsxrj9GkpEv
        model: claude-3-opus-20240229
        role: assistant
        stop_reason: end_turn
        stop_sequence: null
        type: message"""
# …/test_anthropic/test_anthropic_count_tokens_error.yaml (its response)
_ANTHROPIC_YAML_ERROR = """  response:
    status: 404
    body:
      type: json
      content:
        error:
          message: 'model: claude-does-not-exist'
          type: not_found_error
        request_id: req_011CVEA3SF7rnb3DuBZytqQa
        type: error"""


def test_an_anthropic_message_as_yaml_is_a_success() -> None:
    assert _explain(_ANTHROPIC_YAML, provider="anthropic") == "reachable/ok"
    assert _explain(_ANTHROPIC_YAML, provider="anthropic", status=200) == "reachable/ok"


@pytest.mark.parametrize("status", [None, 200, 429, 500])
def test_a_yaml_error_body_is_never_a_success(status: int | None) -> None:
    # a 2xx with an error envelope included: never reachable
    error = _ANTHROPIC_YAML_ERROR.replace("status: 404", f"status: {status or 404}")
    assert not _explain(error, provider="anthropic", status=status).startswith("reachable/")


@pytest.mark.parametrize("status", [404, 429, 500])
def test_a_yaml_success_under_an_error_status_is_no_success(status: int) -> None:
    assert not _explain(_ANTHROPIC_YAML, provider="anthropic", status=status).startswith(
        "reachable/"
    )
