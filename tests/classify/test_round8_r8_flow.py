"""Issue #15, round 8 (branch r8-flow): the seventh held-out split's misses labelled a network
failure, a cap, the provider's failure or a throttle, by class (bucketed in
notes/h7-buckets-r8-flow.md). Each class: the case as gathered (read as tools/score.py reads it),
other real wordings of the same condition from cited sources (not in the corpus), and near misses
the rule must not take — never `reachable` for a cap, never a credential refusal for a TLS failure."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain, _read

THROTTLE = "reachable/rate_limited"
PROVIDER = "unknown/provider_error"
LOCAL = "unknown/local_network_down"
TIMEOUT = "unknown/timeout"
QUOTA = "gated/quota_exhausted"
NETWORK = {LOCAL, TIMEOUT, "restricted/network_blocked"}


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h7b-031", LOCAL),  # A1. IntelliJ plugin: "PKIX path building failed … certification path"
        ("h7b-032", LOCAL),  # A1. the bare "unable to find valid certification path …"
        ("h7b-033", LOCAL),  # A1. inside Spring's WebClientRequestException
        ("h7b-034", LOCAL),  # A1. repeated, Azure OpenAI
        ("h7a-057", LOCAL),  # A2. reqwest "error sending request for url (…)" without its cause
        ("h7d-007", LOCAL),  # A2. the same to Google's OAuth token endpoint
        ("h7a-027", TIMEOUT),  # A3. aws-sdk-go-v2 "request canceled, context canceled"
        ("h7b-006", LOCAL),  # A4. Langflow's 500 around urllib3's NewConnectionError
        ("h7d-025", LOCAL),  # A4. MaxKB's code 500 around "Connection error."
        ("h7d-028", LOCAL),  # A5. "[Errno 99] Cannot assign requested address"
        ("h7a-024", PROVIDER),  # A6. bedrust "Bedrock is unable to process your request."
        ("h7a-025", PROVIDER),  # A6. litellm's 400 around a serviceUnavailableException frame
        ("h7b-077", THROTTLE),  # A7. Windsurf "Reached message rate limit for this model"
        ("h7d-019", THROTTLE),  # A7. 429 "Your requests are too frequent."
        ("h7c-012", THROTTLE),  # A7. Doubao "当前服务访问频繁，请稍后重试"
        ("h7b-082", QUOTA),  # A8. Cody "You've used all of your chat messages … for today"
        ("h7b-083", QUOTA),  # A8. the same banner, "Usage will reset tomorrow"
        ("h7b-085", QUOTA),  # A8. "You're out of Codex messages"
        ("h7b-087", QUOTA),  # A8. Amazon Q "Maximum … reached for this month"
        ("h7b-053", QUOTA),  # A9. new-api 403 "预扣费额度失败, 用户剩余额度 …"
        ("h7b-052", QUOTA),  # E3. the same behind an app's "Access denied:" prefix
    ],
)
def test_the_cases_read_as_labelled(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


def test_dotnets_tls_failure_is_no_credential_refusal() -> None:
    # E1. Semantic Kernel on Android (corpus h7b-035): SslStream's AuthenticationException
    # "Authentication failed, see inner exception." inside "The SSL connection could not be established"
    assert _read("h7b-035") in NETWORK


# ---- A1. a certificate the client does not trust, in Java, .NET and Rust


@pytest.mark.parametrize(
    "text",
    [
        # SolonCode CLI to an OpenAI-compatible relay (https://github.com/opensolon/soloncode/issues/1)
        "SolonCodeCLI-v0.0.13 报错：PKIX path building failed: sun.security.provider.certpath."
        "SunCertPathBuilderException: unable to find valid certification path to requested target",
        # .NET (https://github.com/Azure/azure-functions-core-tools/issues/2024)
        "System.Private.CoreLib: The remote certificate is invalid according to the validation procedure.",
        # rustls through reqwest (https://github.com/openobserve/openobserve/issues/3901)
        "OpenTelemetry trace error occurred. error sending request for url (https://<redacted>/api/_meta/"
        "v1/traces): error trying to connect: invalid peer certificate: UnknownIssuer",
    ],
)
def test_an_untrusted_certificate_in_other_runtimes_is_this_sides_network(text: str) -> None:
    assert _explain(text) == LOCAL


def test_a_credential_refusal_that_says_authentication_failed_stays_one() -> None:
    # near miss for E1: Z.ai through Autohand (corpus h4c-073), no TLS words
    text = (
        "Error: Authentication failed. Please verify your Z.ai API key in ~/.autohand/config.json.\n"
        "token expired or incorrect"
    )
    assert _explain(text) == "unknown/auth_invalid"


# ---- A3. a request cancelled before any answer (Go's context.Canceled)


def test_go_context_canceled_in_another_client_is_no_answer() -> None:
    # Codeium's language server (Go) to its API (https://github.com/Exafunction/codeium-sublime/issues/12)
    text = (
        "{'code': 'canceled', 'message': 'Post \"https://server.codeium.com/exa.api_server_pb."
        "ApiServerService/GetCompletions\": context canceled'}"
    )
    assert _explain(text) == TIMEOUT


def test_a_gateways_own_500_that_says_context_canceled_is_no_timeout_of_this_side() -> None:
    # near miss: CLIProxyAPI answered 500 server_error "context canceled" (its upstream's wait was cut,
    # https://github.com/router-for-me/CLIProxyAPI/issues/4487): an HTTP answer, not this side's
    text = '{"error":{"message":"context canceled","type":"server_error","code":"internal_server_error"}}'
    assert _explain(text, status=500) == PROVIDER


# ---- A4. an app's 500 around its client's connection failure


def test_an_apps_500_around_the_sdks_connection_error_is_this_sides_network() -> None:
    # Flowise's server log of the openai-node "Connection error." (https://github.com/FlowiseAI/Flowise/issues/1980)
    assert (
        _explain("2024-03-18 12:36:10 [ERROR]: [server]: Error: Connection error.", status=500)
        == LOCAL
    )


def test_a_gateways_upstream_connect_failure_stays_the_providers() -> None:
    # near miss: Envoy's 503 for its upstream (envoyproxy.io docs, cited at app-cannot-reach-provider)
    text = "upstream connect error or disconnect/reset before headers. reset reason: connection failure"
    assert _explain(text, status=503) == PROVIDER


# ---- A5. no local address for the connection


def test_eaddrnotavail_in_windows_words_is_this_sides_network() -> None:
    # WSAEADDRNOTAVAIL 10049 (learn.microsoft.com/en-us/windows/win32/winsock/windows-sockets-error-codes-2)
    assert _explain("[WinError 10049] The requested address is not valid in its context") == LOCAL


# ---- A6. Bedrock's own failure in other clients' renderings


def test_bedrock_unable_to_process_in_the_js_sdk_is_the_providers_failure() -> None:
    # LibreChat over @aws-sdk/client-bedrock-runtime (https://github.com/danny-avila/LibreChat/issues/4217)
    text = (
        "[api/server/controllers/agents/client.js #sendCompletion] Unhandled error type Bedrock is "
        "unable to process your request."
    )
    assert _explain(text, provider="bedrock") == PROVIDER


# ---- A7. throttles in words the rules did not read


def test_a_rate_limit_reached_beside_a_plan_is_no_throttle() -> None:
    # near miss: Copilot's "global rate limit" asks to upgrade the plan or wait for the limit's reset
    # (https://github.com/microsoft/vscode/issues/306120): never `reachable` on these words alone
    text = (
        "You've hit your global rate limit. Please upgrade your plan or wait for your limit to reset. "
        "Learn More"
    )
    assert _explain(text) != THROTTLE


# ---- A8. an assistant's message allowance used up


@pytest.mark.parametrize(
    "text",
    [
        # Claude.ai's web banner (https://github.com/KoushikNavuluri/Claude-API/issues/72)
        "You are out of free messages until 3 PM",
        # Dust's fair-usage popup (https://github.com/dust-tt/dust/pull/5044)
        "Looks like you've used up all your messages. Check out our paid plans to get unlimited messages.",
        # Rowy's chatbot (https://github.com/buildship-ai/rowy/issues/1426)
        "Looks like you have used up your message limit!",
        # CodeWhisperer's individual tier (https://github.com/aws/aws-toolkit-jetbrains/issues/3944)
        "Maximum recommendation count reached for this month.",
        # Amazon Q's Rust CLI sends the monthly cap as a ThrottlingException
        # (https://github.com/aws/amazon-q-developer-cli/issues/1226): a cap, never a throttle
        "Amazon Q is having trouble responding right now: \n   0: unhandled error (ThrottlingException)\n"
        "   1: service error\n   2: unhandled error (ThrottlingException)\n   3: Error { code: "
        '"ThrottlingException", message: "Maximum com.amazon.aws.codewhisperer.streaming.'
        'GenerateAssistantResponse reached for this month.", aws_request_id: '
        '"bdcde5ff-60c6-4aef-9255-5c774bb827c4" }',
    ],
)
def test_an_allowance_used_up_in_other_apps_is_a_cap(text: str) -> None:
    assert _explain(text) == QUOTA


def test_out_of_memory_is_no_allowance() -> None:
    # near miss: PyTorch's CUDA allocator (torch.cuda.OutOfMemoryError), "out of" without messages
    text = "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB"
    assert _explain(text) != QUOTA
