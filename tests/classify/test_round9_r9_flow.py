"""Issue #15, round 9 (branch r9-flow): the eighth held-out split's misses labelled a network
failure, a cap, the provider's failure or a throttle, by class. Each class: the case as gathered
(read as tools/score.py reads it), other real wordings of the same condition from cited sources
(not in the corpus), and near misses the rule must not take — never `reachable` for a cap."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain, _read

THROTTLE = "reachable/rate_limited"
PROVIDER = "unknown/provider_error"
LOCAL = "unknown/local_network_down"
QUOTA = "gated/quota_exhausted"
NETWORK = {LOCAL, "unknown/timeout", "restricted/network_blocked"}


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h8a-016", LOCAL),  # A1. Dart SocketException "Failed host lookup: `api.openai.com`"
        ("h8a-021", LOCAL),  # A1. Dart package:http on the web: "XMLHttpRequest error."
        ("h8b-019", LOCAL),  # A1. reqwest/hyper Debug print with io Kind(AddrNotAvailable)
        ("h8b-071", LOCAL),  # A1. Open WebUI's "Network Problem" banner
        (
            "h8b-092",
            THROTTLE,
        ),  # A2. Copilot "Sorry, your request was rate-limited. Please wait 17 seconds"
        ("h8c-022", THROTTLE),  # A2. iFlytek Spark 11202 AppIdQpsOverFlowError
        ("h8c-032", THROTTLE),  # A3. CLIProxyAPI 429 model_cooldown, resets in 29 minutes
        ("h8a-047", QUOTA),  # E2. LiteLLM 429 "No deployments available - crossed budget"
        ("h8a-008", QUOTA),  # A4. Replicate "enter your credit card to continue using the API"
        ("h8c-051", QUOTA),  # A4. Yandex Cloud: services suspended for a debt, "пополните счёт"
        ("h8a-015", PROVIDER),  # A5. NVIDIA NIM 400 "DEGRADED function cannot be invoked"
    ],
)
def test_the_cases_read_as_labelled(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


# ---- A1. a connection that failed on this side, in Dart, a browser and Rust


@pytest.mark.parametrize(
    "text",
    [
        # anasfik/openai#149 (Windows, Italian OS error text)
        "SocketException: Failed host lookup: 'api.openai.com' (OS Error: Host sconosciuto. , errno = 11001)",
        # dart-lang/http#1008
        "SocketException (SocketException: Failed host lookup: 'flutter.dev' (OS Error: ... , errno = 11004))",
    ],
)
def test_darts_failed_host_lookup_is_this_sides_network(text: str) -> None:
    assert _explain(text, status=0) == LOCAL


def test_a_network_word_inside_an_http_answer_is_no_local_failure() -> None:
    # near miss: the same words as an HTTP answer's body (a 502 from a gateway) are the provider's side
    assert _explain("Network Problem", status=502) != LOCAL


# ---- E1. a reset connection beside Claude Code's "might not be available in your country" hedge


def test_a_reset_beside_the_country_hedge_is_the_network_and_a_4xx_stays_the_refusal() -> None:
    assert _read("h8c-013") in NETWORK  # ECONNRESET (a reset on the route reads network_blocked)
    assert _read("h5c-064") == LOCAL  # the same screen with ECONNREFUSED (round 6)
    # near miss: the same screen with axios' ERR_BAD_REQUEST (a 4xx answer) is the location refusal
    assert _read("g1-241") == "restricted/geo_blocked"
    # Node's other words for the reset (corpus h3b-051: "socket hang up") under the same screen
    screen = (
        "Unable to connect to Anthropic services\n\nFailed to connect to api.anthropic.com: socket hang up\n\n"
        "Please check your internet connection and network settings.\n\nNote: Claude Code might not be "
        "available in your country. Check supported countries at https://anthropic.com/supported-countries"
    )
    assert _explain(screen, provider="anthropic", status=0) in NETWORK


# ---- A2. a throttle in Copilot's words


@pytest.mark.parametrize(
    "text",
    [
        # microsoft/vscode-copilot-release#1613
        "Sorry, your request was rate-limited. Please wait and try sending again later.",
        # microsoft/vscode-copilot-release#5926
        "Sorry, your request was rate-limited. Please wait 3 minutes before trying again.",
    ],
)
def test_copilots_request_was_rate_limited_is_a_throttle(text: str) -> None:
    assert _explain(text, provider="github_copilot", status=429) == THROTTLE


def test_copilots_wait_of_hours_is_a_cap_not_a_throttle() -> None:
    # near miss, microsoft/vscode-copilot-release#5236: a wait of 9 hours is a window's cap
    text = "Sorry, your request was rate-limited.Please wait 9 hours 23 minutes and try again!"
    assert _explain(text, provider="github_copilot", status=429) != THROTTLE
    # …and the words at another status are no throttle (only 2xx and 429 are reachable)
    assert (
        _explain("Sorry, your request was rate-limited.", provider="github_copilot", status=403)
        != THROTTLE
    )


# ---- A3. a proxy's own cooldown of its credentials


def test_a_cooldown_of_hours_is_no_throttle() -> None:
    # near miss: CLIProxyAPI's shape (corpus h8c-032) with a reset of a day is a cap, never reachable
    text = (
        'API Error: 429 {"error":{"code":"model_cooldown","message":"All credentials for model '
        'gemini-2.5-pro are cooling down via provider gemini-cli","reset_seconds":86400,'
        '"reset_time":"24h0m0s"}}'
    )
    assert _explain(text, provider="cliproxyapi", status=429) != THROTTLE


# ---- E2. a gateway's budget crossed is a cap, not a missing route


def test_litellms_crossed_budget_is_a_cap_and_a_router_cooldown_is_not() -> None:
    # a second paste of the same router answer, other names (a public test fixture of LiteLLM's 429)
    text = (
        "No deployments available - crossed budget: Exceeded budget for deployment model_name: "
        "klai-ingest, litellm_params.model: mistral/mistral-vibe-cli-fast, model_id: 0f3c: 20.4 >= 1d"
    )
    assert _explain(text, provider="litellm", status=429) == QUOTA
    # near miss: the router's cooldown "No deployments available for selected model" (corpus h7b-042)
    # names no budget: never read as one
    text = "litellm.types.router.RouterRateLimitErrorBasic: No deployments available for selected model."
    assert _explain(text, provider="litellm", status=429) != QUOTA


# ---- A4. billing: a card asked for, a debt on the account


def test_a_card_asked_for_is_a_cap_and_a_card_declined_sentence_is_not_read_so() -> None:
    text = "You need to add a payment method to continue using the API."  # the class, Replicate's (h8a-008)
    assert _explain(text, provider="replicate", status=402) == QUOTA
    # near miss: a Russian sentence about a debt of some other kind (no account, no top-up) stays unread
    assert _explain("Задолженность по задаче не найдена", provider="yandexgpt", status=400) != QUOTA


# ---- A5. the provider's hosted function degraded


def test_a_degraded_function_is_the_providers_side_and_a_request_error_is_not() -> None:
    assert _read("h8a-015") == PROVIDER
    # near miss: NVIDIA's ordinary 400 for a bad request (no health word) is not the provider's failure
    text = '{"status":400,"title":"Bad Request","detail":"Inference error"}'
    assert _explain(text, provider="nvidia_nim", status=400) != PROVIDER
