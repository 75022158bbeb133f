"""status.py: the HTTP status a pasted text states, or names, in every rendering (issue #15)."""

from __future__ import annotations

import pytest

from accesscheck.classify.status import body_status, named_status, status_from_text


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # .NET's HttpRequestException (EnsureSuccessStatusCode)
        ("Response status code does not indicate success: 404 (Not Found).", 404),
        # the status as .NET's HttpStatusCode name, and Go's net/http constant
        ("Azure.RequestFailedException: Service request failed. Status: 503 StatusCode: 503", 503),
        ("HttpRequestException: StatusCode: NotFound, ReasonPhrase: 'Not Found'", 404),
        ("unexpected response: http.StatusBadGateway", 502),
        # SDK exception classes that stand for one status, without its number
        ("openai.NotFoundError: The model `gpt-5-mini` does not exist", 404),
        ("anthropic.InternalServerError: {'type': 'error'}", 500),
        ("google.api_core.exceptions.ServiceUnavailable: Connection reset", 503),
        ("google.api_core.exceptions.NotFound: models/gemini-pro is not found", 404),
        ("botocore ResourceNotFoundException: Model not found", 404),
        ("litellm.BadGatewayError: upstream failed", 502),
        ("azure.core.exceptions.ResourceNotFoundError: (DeploymentNotFound)", 404),
        ("PermissionDeniedError: not allowed", 403),
        ("AuthenticationError: Incorrect API key provided", 401),
        # a number written wins over any class
        ("openai.NotFoundError: Error code: 400 - {}", 400),
    ],
)
def test_a_status_is_read_whether_written_or_named(text: str, status: int) -> None:
    assert status_from_text(text) == status


@pytest.mark.parametrize(
    "text",
    [
        # a class never stands for a success or a throttle: RateLimitError is raised for used-up
        # credit too, and only the body tells them apart
        "openai.RateLimitError: You exceeded your current quota",
        "google.api_core.exceptions.ResourceExhausted: Quota exceeded",
        "TooManyRequestsError: slow down",
        # the client's own errors are no HTTP status
        "FileNotFoundError: [Errno 2] No such file or directory: 'key.txt'",
        "ModuleNotFoundError: No module named 'openai'",
        'DecodingError.keyNotFound(CodingKeys(stringValue: "id"))',
        "APIConnectionError: Connection error.",
    ],
)
def test_no_status_is_made_up(text: str) -> None:
    assert named_status(text) is None
    assert status_from_text(text) is None


def test_a_bodys_own_error_status_stands_where_the_text_states_none() -> None:
    assert body_status((200, 404)) == 404
    assert body_status((429, 503)) == 503
    # never a success or a throttle from a body's field
    assert body_status((200,)) is None
    assert body_status((429,)) is None
    assert body_status(()) is None


def test_explain_reads_a_gemini_500_pasted_without_its_status() -> None:
    from accesscheck.classify.explain import explain_text

    body = '{"error": {"code": 500, "message": "An internal error has occurred.", "status": "INTERNAL"}}'
    found = explain_text(body, family="gemini", dialect="gemini", status=None, endpoint="generate")
    assert found.http_status == 500
    assert (found.verdict.status.value, found.verdict.reason.value) == ("unknown", "provider_error")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("AI_APICallError: Not Found", 404),
        ("Service Unavailable", 503),
        ("HTTPError - Bad Gateway.", 502),
        ("Error: Gateway Time-out", 504),
    ],
)
def test_a_reason_phrase_that_is_the_whole_message_names_its_status(text: str, status: int) -> None:
    assert status_from_text(text) == status


@pytest.mark.parametrize(
    "text",
    [
        "AI_APICallError: Too Many Requests",  # a throttle needs its body
        "Error: the model was Not Found in the catalog of this region",  # a phrase inside a message
    ],
)
def test_a_reason_phrase_inside_a_message_or_a_throttles_names_nothing(text: str) -> None:
    assert status_from_text(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "HTTPError: 429 Client Error: Too Many Requests for url: https://api.example.com/v1/chat",
        "StatusCode: 429, ReasonPhrase: 'Too Many Requests', Version: 1.1, Content: <empty>",
        # Semantic Kernel words every 429 so, used-up credit too (corpus h2a-116, h2a-117)
        "Program[0] Throttling: Too many requests, HTTP status: 429",
    ],
)
def test_a_reason_phrase_a_client_renders_is_no_throttle_evidence(text: str) -> None:
    """A bare 429 is a throttle or used-up credit: only its body tells (corpus h2a-119)."""
    from accesscheck.classify.explain import explain_text

    found = explain_text(text, family="openai", dialect="openai", status=None, endpoint="generate")
    assert found.http_status == 429
    assert found.verdict.status.value != "reachable"


def test_the_rendered_reason_phrase_goes_and_the_status_stays() -> None:
    from accesscheck.classify.status import without_reason_phrases

    text = "429 client error: too many requests for url: https://x"
    assert without_reason_phrases(text) == "429 client error:  for url: https://x"
    assert without_reason_phrases("too many requests, slow down") == "too many requests, slow down"


def test_a_flattened_error_infos_limit_of_zero_reads_as_googles_limit_0() -> None:
    """gRPC's ErrorInfo as protobuf text (corpus h2a-129): quota_limit_value "0" is the free
    tier's none, as Google's own "limit: 0" says; no throttle of a model that answers."""
    from accesscheck.classify.explain import explain_text

    text = (
        "Error generating content: 429 Quota exceeded for quota metric 'Generate Content API "
        'requests per minute\'. [reason: "RATE_LIMIT_EXCEEDED" metadata { key: "quota_limit" '
        'value: "GenerateContentRequestsPerMinutePerProjectPerRegion" } metadata { key: '
        '"quota_limit_value" value: "0" }]'
    )
    found = explain_text(text, family="gemini", dialect="gemini", status=429, endpoint="generate")
    assert (found.verdict.status.value, found.verdict.reason.value) == ("gated", "not_entitled")


@pytest.mark.parametrize(
    ("page", "status"),
    [
        (
            "<!DOCTYPE html><html><head><title>api.example.com | 522: Connection timed out</title>",
            522,
        ),
        ("<html><title>Error 404 (Not Found)!!1</title></html>", 404),
        ("<html><head><title>Page not found</title></head></html>", 404),
        ("<html><head><title>Service Unavailable</title></head></html>", 503),
    ],
)
def test_an_error_pages_title_names_its_status(page: str, status: int) -> None:
    assert status_from_text(page) == status


def test_a_block_pages_title_names_no_status() -> None:
    assert status_from_text("<html><title>Attention Required! | Cloudflare</title></html>") is None
