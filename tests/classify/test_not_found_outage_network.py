"""Issue #15, round 3: answers read as not found, a provider's failure, a network failure or a
success, by the family of words or shape they belong to, in the renderings people paste (an SDK
line, a log line, plain text, HTML, Go/.NET/Java/Swift). The texts are variants of the corpus
cases each rule's source names, not those cases themselves: other wrappers' words for the same
thing."""

from __future__ import annotations

import pytest

from accesscheck.classify.explain import explain_text


def _read(text: str, status: int | None = None, family: str = "openai") -> tuple[str, str]:
    verdict = explain_text(
        text, family=family, dialect="openai", status=status, endpoint="generate"
    ).verdict
    return verdict.status.value, verdict.reason.value


@pytest.mark.parametrize(
    "text",
    [
        "http.client.RemoteDisconnected: Remote end closed connection without response",
        "aiohttp.client_exceptions.ServerDisconnectedError: Server disconnected",
        "Error: socket hang up",
        "FetchError: request to https://api.example.com/v1/chat failed, reason: Client network "
        "socket disconnected before secure TLS connection was established",
        "javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake",
        "net::ERR_CONNECTION_RESET",
    ],
)
def test_a_connection_cut_without_an_answer_is_a_network_failure(text: str) -> None:
    assert _read(text) == ("restricted", "network_blocked")


@pytest.mark.parametrize(
    "text",
    [
        "ChatOllama is unable to establish a connection with http://127.0.0.1:11434",
        "{'error': {'code': 1, 'message': 'LLama server is not running', 'data': None}}",
        '{message: "do request failed: upstream error: do request failed", success: false}',
        "curl: (6) Could not resolve host: api.openai.com",
        "curl: (7) Failed to connect to api.openai.com port 443: No route to host",
        "java.net.UnknownHostException: api.openai.com",
        "System.Net.Http.HttpRequestException: No such host is known. (api.openai.com:443)",
        'Error Domain=NSURLErrorDomain Code=-1009 "The Internet connection appears to be offline."',
        "AxiosError: Network Error",
        "net::ERR_NAME_NOT_RESOLVED",
        "请求出错：网络错误，无法连接到服务器",
        "ネットワークエラー：サーバーに接続できません",
    ],
)
def test_a_connection_that_never_reached_the_provider_is_a_local_failure(text: str) -> None:
    assert _read(text) == ("unknown", "local_network_down")


@pytest.mark.parametrize("text", ["请求超时，请稍后再试", "リクエストがタイムアウトしました"])
def test_a_timeout_in_chinese_or_japanese_is_a_timeout(text: str) -> None:
    assert _read(text) == ("unknown", "timeout")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ('{"error":{"message":"openrouter/x/y is not a valid model ID","code":400}', 400),
        (
            "An error occurred (ValidationException) when calling the Converse operation: This "
            "action doesn't support the model that you provided.",
            400,
        ),
        ('"Model disabled."', 403),
        ("Error: The model has been disabled by the provider", None),
        (
            "Error type: ServiceModelDeprecating\nError Message: The model 'x' is in deprecating "
            "state and cannot be used for new deployments.",
            None,
        ),
        ("The model `gpt-4-32k` is deprecated and can no longer be called", None),
        ("请求失败：不支持该模型", None),
    ],
)
def test_a_model_the_provider_does_not_serve_is_unavailable(text: str, status: int | None) -> None:
    assert _read(text, status)[0] == "unavailable"


def test_a_model_that_fails_to_load_is_the_servers_failure_not_an_unknown_model() -> None:
    text = "failed to load model: could not load model: unsupported model type /models/x.bin"
    assert _read(text) == ("unknown", "provider_error")
    assert _read('Server error error="could not load model: rpc error: EOF"') == (
        "unknown",
        "provider_error",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The server is busy. Please try again later.",
        "系统繁忙，服务器繁忙，请稍后再试",
        '{"error": "Request failed during generation: Server error: Unable to locate credentials"}',
        "Service Unavailable",
    ],
)
def test_a_server_saying_it_failed_is_a_provider_error(text: str) -> None:
    assert _read(text) == ("unknown", "provider_error")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # an SDK class that stands for a status, with no number written
        ("openai.InternalServerError: upstream connect error", None),
        ("litellm.ServiceUnavailableError: the model is not ready", None),
        ("google.api_core.exceptions.ServiceUnavailable: 503 failed to connect", None),
    ],
)
def test_a_5xx_named_by_its_class_is_a_provider_error(text: str, status: int | None) -> None:
    assert _read(text, status) == ("unknown", "provider_error")


def test_a_404_named_by_its_class_is_not_found() -> None:
    assert _read("openai.NotFoundError: the requested resource was not located")[0] == (
        "unavailable"
    )
