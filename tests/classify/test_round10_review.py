"""Issue #15, round 10: what an independent review of the round's rules found, each as the
review reproduced it. Two read a cap, a refusal or a failed connection as `reachable`; the rest
took another condition's words. Each test fails on the rules as they were before the fix."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain

LICENCE = "Thank you for agreeing to this model's terms. You may now use the model."


@pytest.mark.parametrize(
    "beside",
    [
        # Workers AI's own daily cap (code 4006) and its licence refusal (5016)
        '{"errors":[{"message":"AiError: You have used up your daily free allocation of 10,000 '
        'neurons, please upgrade to Cloudflare\'s Workers Paid plan","code":4006}],"success":false}',
        "AiError: Model Agreement: Prior to using this model, you must submit the prompt 'agree'.",
        "getaddrinfo ENOTFOUND api.cloudflare.com",
        "This model is not available in your region.",
    ],
)
def test_the_licence_sentence_beside_anything_else_is_no_success(beside: str) -> None:
    assert not _explain(f"{LICENCE}\n{beside}", provider="cloudflare_workers_ai").startswith(
        "reachable"
    )


def test_the_licence_sentence_alone_is_still_the_success_it_was_gathered_as() -> None:
    assert _explain(LICENCE, provider="cloudflare_workers_ai") == "reachable/ok"


def test_a_success_with_no_answer_stated_is_never_reachable() -> None:
    # `explain --status 0` says no HTTP answer came: its help says so
    completion = '{"object":"chat.completion","choices":[{"message":{"content":"hi"}}]}'
    assert _explain(completion, status=0) == "unknown/unexpected_response"
    assert _explain(LICENCE, status=0) == "unknown/unexpected_response"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Job has reached the maximum number of retries (3/3): 503 Service Unavailable", None),
        ("This conversation is too long. Upgrade your plan to increase your context limit.", 400),
    ],
)
def test_a_jobs_or_a_requests_maximum_is_no_plan_allowance(text: str, status: int | None) -> None:
    assert _explain(text, status=status) != "gated/quota_exhausted"


def test_a_free_allowance_said_per_minute_is_a_throttle_not_a_cap() -> None:
    text = "You've used your free quota of 15 requests per minute. Try again in 30s."
    assert _explain(text, status=429) != "gated/quota_exhausted"


def test_a_stream_cut_mid_body_names_the_providers_side_as_the_other_reading() -> None:
    text = (
        "httpx.RemoteProtocolError: peer closed connection without sending complete message "
        "body (incomplete chunked read)"
    )
    assert _explain(text) == "restricted/network_blocked"
    from accesscheck.classify.rules import RULES

    rule = next(r for r in RULES if r.name == "answer-cut-mid-body")
    assert rule.ambiguous and "provider" in rule.other


@pytest.mark.parametrize(
    "text",
    [
        "You are not permitted to use this feature in your country.",
        "Your organization is not allowed to use model gpt-4o in your country or region.",
    ],
)
def test_a_refusal_naming_the_country_is_not_read_as_an_entitlement(text: str) -> None:
    assert _explain(text, status=403) != "gated/not_entitled"


def test_litellms_throttle_beside_its_budget_is_no_throttle() -> None:
    text = (
        "litellm.types.router.RouterRateLimitErrorBasic: No deployments available for selected "
        "model. Budget has been exceeded! Current cost: 10.2, Max budget: 10.0"
    )
    assert _explain(text, provider="litellm", status=429) != "reachable/rate_limited"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Request timed out. Please check your network connection.", "unknown/timeout"),
    ],
)
def test_a_check_your_network_hint_keeps_the_more_specific_reading(text: str, verdict: str) -> None:
    assert _explain(text) == verdict


@pytest.mark.parametrize(
    "text",
    [
        "Your account has been suspended. Please log in again.",
        "Your subscription has expired. Please log in again to renew.",
    ],
)
def test_log_in_again_beside_an_account_or_plan_is_not_a_bad_credential(text: str) -> None:
    assert _explain(text) != "unknown/auth_invalid"
