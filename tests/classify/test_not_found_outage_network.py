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


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Unrecognized request URL (POST /v1/v1/chat/completions). Please see the docs.", 404),
        ("<pre>Cannot POST /api/v1/chat/completions</pre>", None),
        ("{'error_code': 3, 'error_msg': 'Unsupported openapi method'}", None),
        ("https://llm.example.com/api/v3/chat/completions not found, verify your API base.", None),
        ("405 error, no body", None),
        ("Error: 404 <!DOCTYPE html><html><head><title>Not Found</title></head></html>", None),
    ],
)
def test_a_url_the_server_does_not_serve_is_not_found(text: str, status: int | None) -> None:
    assert _read(text, status)[0] == "unavailable"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "openai.InternalServerError: <html><head><title>502 Bad Gateway</title></head></html>",
            None,
        ),
        ("<!DOCTYPE html><html><head><title>api.example.com | 504: Gateway time-out</title>", 504),
        ("Our website is currently under maintenance. We will be back shortly.", None),
        ("系统维护中，请稍后再试", None),
        ("We're having trouble connecting to the model provider. Please try again.", None),
        ("We had a problem reaching Anthropic... please try again", None),
        ("upstream connect error or disconnect/reset before headers. reset reason: overflow", None),
        ("no healthy upstream", None),
        (
            '{"message": "json: cannot unmarshal number into Go struct field Error.code of type string"}',
            None,
        ),
    ],
)
def test_an_outage_said_by_a_page_an_app_or_a_gateway_is_a_provider_error(
    text: str, status: int | None
) -> None:
    assert _read(text, status) == ("unknown", "provider_error")


def test_a_block_page_with_a_5xx_stays_a_block() -> None:
    page = "<html><head><title>Attention Required! | Cloudflare</title></head></html>"
    assert _read(page, 503)[0] == "restricted"


def test_trouble_with_your_own_network_is_no_provider_error() -> None:
    assert _read("We're having trouble connecting to the internet.") != (
        "unknown",
        "provider_error",
    )


@pytest.mark.parametrize(
    "text",
    [
        # LM Studio's log of its answer: "data" before "object", inside a log line
        '[INFO] Returning {"data": [{"id": "qwen/qwen3-8b", "object": "model", "owned_by": "me"}],'
        ' "object": "list"}',
        # Anthropic's list, Ollama's tags
        '{"data": [{"type": "model", "id": "claude-x", "display_name": "Claude X"}], "has_more": false}',
        '{"models": [{"name": "llama3:8b", "model": "llama3:8b", "size": 4661224676}]}',
    ],
)
def test_a_model_list_in_any_key_order_is_a_success(text: str) -> None:
    assert _read(text) == ("reachable", "listed")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # the same shapes with an error, or with an error status, are no success
        (
            '{"data": [{"id": "x", "object": "model"}], "error": {"message": "quota exceeded"}}',
            None,
        ),
        ('{"data": [{"id": "x", "object": "model"}], "object": "list"}', 403),
        ('{"data": [{"id": "x", "object": "model"}, "not a model"]}', None),
        ('{"data": [], "object": "list"}', None),
        # lists of other things: files, datasets, an entry named like a model without its kind
        ('{"object": "list", "data": [{"id": "file-1", "object": "file"}]}', None),
        ('{"data": [{"name": "my-dataset", "rows": 10}]}', None),
        ('{"models": [{"name": "not-a-models-path", "size": 1}]}', None),
    ],
)
def test_a_model_list_shape_with_an_error_is_no_success(text: str, status: int | None) -> None:
    assert _read(text, status)[1] != "listed"


@pytest.mark.parametrize(
    "text",
    [
        "Error: model 'llama3' not found",
        "Requested model is not available",
        "Error: The specified deployment could not be found",
        "模型未找到",
        "指定されたモデルが存在しません",
    ],
)
def test_a_model_not_found_in_other_words_is_unavailable(text: str) -> None:
    assert _read(text)[0] == "unavailable"


@pytest.mark.parametrize(
    "text",
    ["The model `x` is not available in your plan", "model is not available to your account"],
)
def test_a_model_not_available_to_someone_is_no_unknown_id(text: str) -> None:
    assert _read(text)[0] != "unavailable"


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("Internal error encountered.", ("unknown", "provider_error")),
        ("Error: other side closed", ("restricted", "network_blocked")),
        (
            "An existing connection was forcibly closed by the remote host",
            ("restricted", "network_blocked"),
        ),
        ("ChunkedEncodingError: Response ended prematurely", ("restricted", "network_blocked")),
        (
            'Post "https://api.example.com/v1/chat/completions": EOF',
            ("restricted", "network_blocked"),
        ),
        ("Error: unable to get local issuer certificate", ("unknown", "local_network_down")),
        ("请求失败，请检查网络连接", ("unknown", "local_network_down")),
        ("context deadline exceeded (Client.Timeout exceeded)", ("unknown", "timeout")),
    ],
)
def test_more_renderings_of_outages_and_network_failures(
    text: str, reading: tuple[str, str]
) -> None:
    assert _read(text) == reading


@pytest.mark.parametrize(
    "text",
    [
        "未知错误：API error code 1: API接口调用已升级为异步调用，请参考使用文档",
        "Error: this API version has been deprecated; use /v2",
    ],
)
def test_a_withdrawn_api_endpoint_is_unavailable(text: str) -> None:
    assert _read(text)[0] == "unavailable"


@pytest.mark.parametrize(
    "text",
    [
        '{"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-x", "choices": [{"index": 0,'
        ' "message": {"role": "assistant", "content": "Hi"}, "finish_reason": "stop"}]}',
        '{"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x", "content": '
        '[{"type": "text", "text": "Hi"}], "stop_reason": "end_turn"}',
        '{"candidates": [{"content": {"parts": [{"text": "Hi"}], "role": "model"}, '
        '"finishReason": "STOP"}]}',
        # the legacy completions endpoint
        '{"id": "cmpl-1", "object": "text_completion", "choices": [{"text": "Hi", "index": 0}]}',
    ],
)
def test_a_models_answer_pasted_without_a_status_is_a_success(text: str) -> None:
    assert _read(text) == ("reachable", "ok")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ('{"object": "chat.completion", "choices": []}', None),
        ('{"object": "chat.completion", "choices": [{"message": {}}]}', 500),
        ('{"type": "message", "role": "assistant", "content": [], "error": "overloaded"}', None),
        ('{"candidates": [{"finishReason": "OTHER"}]}', None),
        # the user's message, not the model's
        ('{"type": "message", "role": "user", "content": [{"type": "text", "text": "Hi"}]}', None),
        ('{"object": "chat.completion", "choices": "none"}', None),
    ],
)
def test_an_answers_shape_without_an_answer_is_no_success(text: str, status: int | None) -> None:
    assert _read(text, status)[0] != "reachable"


@pytest.mark.parametrize(
    "text",
    [
        '{"error": {"code": "404", "message": "Resource not found"}}',
        "Model meta-llama/Llama-3-8B is not supported by provider hf-inference.",
    ],
)
def test_a_path_or_provider_that_does_not_serve_the_model_is_unavailable(text: str) -> None:
    assert _read(text)[0] == "unavailable"


def test_a_chinese_system_error_is_a_provider_error() -> None:
    assert _read("系统错误，请稍后重试") == ("unknown", "provider_error")


def test_an_apps_trouble_reaching_the_provider_that_names_a_local_failure_is_the_networks() -> None:
    text = "We had trouble connecting to OpenAI: Connection error."
    assert _read(text) == ("unknown", "local_network_down")


@pytest.mark.parametrize(
    "text",
    [
        "The model claude-x has reached end-of-life",
        "Model gpt-x was retired on 2025-01-01",
        "This model is withdrawn",
        "模型已退役",
        "このモデルは廃止されました",
    ],
)
def test_a_model_taken_away_in_other_words_is_unavailable(text: str) -> None:
    assert _read(text)[0] == "unavailable"


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ('{"detail":"Not Found"}', ("unavailable", "not_found")),
        ("Error: Requested entity was not found.", ("unavailable", "not_found")),
        # a proxy's 407 inside a transport failure is the proxy's, not the provider's answer
        (
            "ProxyError('Unable to connect to proxy', OSError('Tunnel connection failed: 407 Proxy "
            "Authentication Required'))",
            ("unknown", "local_network_down"),
        ),
        (
            "HttpRequestException: An error occurred while sending the request.",
            ("restricted", "network_blocked"),
        ),
        ("网络请求失败，请稍后重试", ("unknown", "local_network_down")),
    ],
)
def test_still_more_renderings(text: str, reading: tuple[str, str]) -> None:
    assert _read(text) == reading


def test_a_relays_error_written_as_the_answer_is_no_success() -> None:
    text = (
        '{"object": "chat.completion", "choices": [{"message": {"role": "assistant", '
        '"content": "Error: 余额不足，请充值"}}]}'
    )
    assert _read(text)[0] != "reachable"


def _decide(body: str, status: int, rung: str = "invoke") -> tuple[str, str]:
    from accesscheck.classify import read
    from accesscheck.classify.decide import classify
    from accesscheck.observation import Rung

    verdict = classify(read.read(body, status), Rung(rung), family="openai", dialect="openai")
    return verdict.status.value, verdict.reason.value


@pytest.mark.parametrize("rung", ["account", "list", "invoke"])
def test_a_404_page_once_the_key_was_sent_is_not_found_at_every_rung(rung: str) -> None:
    page = "<!DOCTYPE html><html><head><title>Not Found</title></head><body>404</body></html>"
    assert _decide(page, 404, rung) == ("unavailable", "not_found")


@pytest.mark.parametrize("status", [403, 429, 503])
def test_a_block_page_is_a_block_whatever_its_status(status: int) -> None:
    """A 5xx (or 429) page is the provider's failure unless it is a block page."""
    page = "<html><head><title>Attention Required! | Cloudflare</title></head></html>"
    assert _decide(page, status) == ("restricted", "geo_blocked")
    text = "Sorry, you have been blocked. You are unable to access api.example.com"
    assert _decide(text, status) == ("restricted", "network_blocked")
