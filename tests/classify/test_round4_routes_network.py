"""Issue #15, round 4: a missing route or model in a gateway's or SDK's words, a retirement in
other words, a proxy's 407, a fetch that failed or was aborted without an answer, a hosting
edge's bot challenge, and an upstream's failure relayed by a gateway (as a 2xx, a 5xx or in
words). The texts are variants of the heldout-2026-12c cases each rule's source names, other
wrappers' words for the same thing, not those cases themselves."""

from __future__ import annotations

import pytest

from accesscheck.classify.explain import explain_text
from tests.classify.test_not_found_outage_network import _read  # the one paste reader


def _rule(text: str, status: int | None = None, family: str = "openai") -> str:
    return explain_text(
        text, family=family, dialect="openai", status=status, endpoint="generate"
    ).verdict.rule


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ('{"error":{"message":"No endpoints found that support image input","code":404}}', 404),
        ("Error: No endpoints found that support the provided 'tool_choice' value.", None),
    ],
)
def test_no_endpoint_for_the_request_shape_is_no_route(text: str, status: int | None) -> None:
    assert _read(text, status, family="openrouter") == ("unavailable", "not_found")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "HttpResponseError: (OperationNotSupported) The embeddings operation does not work "
            "with the specified model, gpt-4o. Please choose different model and try again.",
            400,
        ),
        ('{"error":{"code":"OperationNotSupported","message":"not for this model"}}', 400),
        (
            "This is not a chat model and thus not supported in the v1/chat/completions "
            "endpoint. Did you mean to use v1/completions?",
            404,
        ),
        (
            "Error: 400 This model is only supported in v1/responses and not in v1/chat/completions.",
            None,
        ),
        ("google.api_core.exceptions.InvalidArgument: 400 Invalid model name format", None),
        ("错误：模型名称格式错误", None),
    ],
)
def test_a_model_no_operation_or_name_reaches_is_not_found(text: str, status: int | None) -> None:
    assert _read(text, status) == ("unavailable", "not_found")


def test_a_model_that_does_not_exist_on_a_vllm_server_is_not_found_plainly() -> None:
    vllm = (
        "NotFoundError: Error code: 404 - {'object': 'error', 'message': 'The model `llama-3-8b` "
        "does not exist.', 'type': 'NotFoundError', 'param': None, 'code': 404}"
    )
    assert _rule(vllm, 404) == "model-does-not-exist-plain"
    # OpenAI's own sentences stay ambiguous (corpus g1-135, the old wording)
    assert _rule("The model: `gpt-4` does not exist", 404) != "model-does-not-exist-plain"
    openai = (
        "{'error': {'message': 'The model `gpt-9` does not exist or you do not have access to "
        "it.', 'type': 'NotFoundError', 'code': 404}}"
    )
    assert _rule(openai, 404) != "model-does-not-exist-plain"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ('{"code": 40082, "message": "model fade out"}', 400),
        ("The model has faded out; please switch to a supported model.", None),
        ("40082 모델 지원 종료", 400),
        (
            "Error code: 410 - {'error': {'code': 'deprecation_brownout', 'message': 'This model "
            "is unavailable during a scheduled deprecation brownout.'}}",
            None,
        ),
        (
            "This API is temporarily unavailable: brownout ahead of its retirement on 2026-07-31",
            None,
        ),
        ("Support for this model has ended. Please use a newer model.", 400),
        ("Gone", 410),
    ],
)
def test_a_model_or_service_being_retired_is_unavailable(text: str, status: int | None) -> None:
    assert _read(text, status) == ("unavailable", "retired")


def test_a_cloud_region_named_the_azure_way_is_no_route() -> None:
    text = (
        "InvalidResourceProperties: The specified SKU 'GlobalStandard' for model 'o1' is not "
        "supported in this region 'westeurope'."
    )
    assert _read(text, 400, family="azure-openai") == ("unavailable", "not_found")
    # "your region" with no region id stays a location refusal, not this rule
    assert _rule("This model is not supported in your region.", 403) != "cloud-region-unsupported"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("AxiosError: Request failed with status code 407", None),
        ("407 Proxy Authentication Required", None),
        ("net::ERR_PROXY_AUTH_REQUESTED", None),
        ("<html><body>Access denied by proxy</body></html>", 407),
        ("代理服务器需要身份验证", None),
    ],
)
def test_a_proxy_asking_for_credentials_is_a_local_network_failure(
    text: str, status: int | None
) -> None:
    assert _read(text, status) == ("unknown", "local_network_down")


@pytest.mark.parametrize(
    "text",
    [
        "DOMException [AbortError]: This operation was aborted",
        "AbortError: The user aborted a request.",
        "Error: signal is aborted without reason",
        "请求已中止",
    ],
)
def test_an_aborted_fetch_is_a_timeout(text: str) -> None:
    assert _read(text) == ("unknown", "timeout")


@pytest.mark.parametrize(
    "text",
    [
        "FetchError: request to https://api.anthropic.com/v1/messages failed, reason: ",
        "[GoogleGenerativeAI Error]: Error fetching from https://example.invalid/v1: Load failed",
        "TypeError: Load failed",
    ],
)
def test_a_fetch_that_failed_without_its_cause_is_a_local_failure(text: str) -> None:
    assert _read(text) == ("unknown", "local_network_down")


def test_a_fetch_error_that_names_its_cause_keeps_that_reading() -> None:
    text = "FetchError: request to https://api.openai.com/v1/models failed, reason: connect ETIMEDOUT 1.2.3.4:443"
    assert _read(text) == ("restricted", "network_blocked")


def test_a_google_sdk_error_with_a_status_is_not_a_fetch_failure() -> None:
    text = "[GoogleGenerativeAI Error]: Error fetching from https://x/v1: [404 Not Found] models/x is not found"
    assert _rule(text) != "fetch-failed-no-cause"


def test_a_proxy_that_cannot_resolve_through_a_local_resolver_is_a_local_failure() -> None:
    text = "http: proxy error: dial tcp: lookup api.openai.com on 127.0.0.53:53: server misbehaving"
    assert _read(text, 502) == ("unknown", "local_network_down")
    # a remote resolver says nothing of this side: the 502 stays the provider's failure
    remote = "http: proxy error: dial tcp: lookup api.openai.com on 10.0.0.2:53: i/o timeout"
    assert _read(remote, 502) == ("unknown", "provider_error")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ('{"headers": {"x-vercel-mitigated": "challenge"}, "body": "<!DOCTYPE html>"}', 403),
        ("<title>Vercel Security Checkpoint</title>", 429),
        ("cf-mitigated: challenge", 403),
        ("Forbidden: your request was blocked by a firewall or proxy.", 403),
    ],
)
def test_a_hosting_edges_bot_challenge_is_a_block_on_the_route(text: str, status: int) -> None:
    assert _read(text, status) == ("restricted", "network_blocked")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            '{"id": null, "choices": null, "error": {"message": "Upstream failed", "code": 502}}',
            200,
        ),
        ('{"error": {"message": "<pre>Cannot GET /v1/chat</pre>", "type": "upstream_error"}}', 503),
        ("Upstream service unavailable: model is unavailable", 400),
        ("上游服务异常，请稍后重试", None),
    ],
)
def test_an_upstream_failure_relayed_by_a_gateway_is_a_provider_error(
    text: str, status: int | None
) -> None:
    assert _read(text, status) == ("unknown", "provider_error")


def test_a_2xx_with_a_client_error_in_its_body_is_no_provider_error() -> None:
    text = '{"choices": null, "error": {"message": "invalid api key", "code": 401}}'
    assert _rule(text, 200) != "server-error-in-2xx"


def test_a_fetch_error_whose_cause_serialised_empty_is_a_local_failure() -> None:
    text = '{"error": {"cause": {}}, "endpoint": "https://api.example.com/v1", "provider": "x"}'
    assert _read(text) == ("unknown", "local_network_down")
    # a cause that names itself is read by its name
    named = '{"error": {"cause": {"code": "ECONNRESET"}}, "provider": "x"}'
    assert _read(named) == ("restricted", "network_blocked")


def test_a_502_on_a_local_model_servers_loopback_url_came_from_a_proxy() -> None:
    text = 'HTTP Request: POST http://localhost:8000/v1/chat/completions "HTTP/1.1 502 Bad Gateway"'
    assert _read(text, 502, family="vllm") == ("unknown", "local_network_down")
    # a hosted provider's 502 stays its failure
    hosted = (
        'HTTP Request: POST https://api.openai.com/v1/chat/completions "HTTP/1.1 502 Bad Gateway"'
    )
    assert _read(hosted, 502) == ("unknown", "provider_error")


def test_a_location_refusal_followed_by_a_place_name_is_no_cloud_region() -> None:
    text = "This model is not available in your region. Southeast Asia users should use another."
    assert _rule(text, 403) != "cloud-region-unsupported"


def test_a_throttle_relayed_from_the_upstream_stays_a_throttle() -> None:
    text = "Upstream provider error: rate limit exceeded, please retry in 20s"
    assert _read(text, 429) == ("reachable", "rate_limited")
