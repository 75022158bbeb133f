"""Round 4 of issue #15 (classify-d): the account, location, policy and throttle families of answers
the third held-out split's misses showed (heldout-2026-12c.jsonl, development data since round
4). Each family is held to its real answers and to other wordings other providers, wrappers and
languages use for the same thing: a rule written for one sentence fails here."""

from __future__ import annotations

import pytest

# the same readers as the third round's account classes: a case by its id, or a paste
from tests.classify.test_account_classes import _explain, _read


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h3a-036", "restricted/geo_blocked"),
        ("h3a-090", "restricted/geo_blocked"),
        ("h3c-059", "restricted/geo_blocked"),
        ("h3c-008", "restricted/geo_blocked"),
        ("h3b-012", "restricted/policy_denied"),
        ("h3b-014", "restricted/policy_denied"),
        ("h3b-075", "restricted/policy_denied"),
        ("h3a-108", "gated/not_entitled"),
        ("h3b-031", "gated/not_entitled"),
        ("h3b-074", "gated/not_entitled"),
        ("h3c-053", "gated/not_entitled"),
        ("h3c-001", "unknown/auth_invalid"),
        ("h3c-093", "unknown/auth_invalid"),
        ("h3c-096", "unknown/auth_invalid"),
        ("h3a-076", "reachable/rate_limited"),
        ("h3c-030", "restricted/geo_blocked"),
        ("h3c-044", "restricted/network_blocked"),
        ("h3b-016", "gated/not_entitled"),
    ],
)
def test_the_third_splits_answers_are_read_by_their_family(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


@pytest.mark.parametrize(
    "text",
    [
        "OpenAI has blocked access to the API for some countries.",
        "Our service has restricted access for certain regions.",
        "Unfortunately, this app is only available in certain countries right now.",
        "The assistant is currently only available in supported regions.",
        "Offer is not available in your country: RU",
        "This service is not available from this data center.",
        "该服务仅在部分国家和地区可用。",
        "このサービスは一部の地域でのみご利用いただけます。",
        "If this error persists, your country may not be supported yet.",
        "Your IP address is located in a region we don't support.",
        "We're not able to serve requests from your location.",
        "This model is not available in mainland China.",
        "Access is blocked due to regional restrictions.",
        "Service not available in this country.",
        "该服务在您的国家/地区不可用",
        "仅限中国大陆用户使用",
        "Access denied: your region is restricted",
        "Requests from China are not supported",
        "The API is not accessible from Hong Kong",
    ],
)
def test_a_service_for_some_countries_only_is_a_location_refusal(text: str) -> None:
    assert _explain(text) == "restricted/geo_blocked"


def test_anthropics_edge_refusal_quoted_as_a_string_is_a_location_refusal() -> None:
    text = '{"errors":"Error: 403 {\\"error\\":{\\"type\\":\\"forbidden\\",\\"message\\":\\"Request not allowed\\"}}"}'
    assert _explain(text, "anthropic", 403) == "restricted/geo_blocked"


@pytest.mark.parametrize(
    "text",
    [
        "Request blocked by enterprise policy.",
        "Access denied by Copilot policy.",
        "This model is disabled by your organization's policy.",
        "Request denied by upstream policy. This model is restricted to authorized applications.",
        "请求被管理员策略拒绝",
        "管理者のポリシーにより拒否されました",
        "Your organization's admin has disabled access to this model.",
        "Blocked by your administrator",
        "该模型已被管理员禁用",
    ],
)
def test_a_policy_of_the_organisation_or_relay_is_a_policy_refusal(text: str) -> None:
    assert _explain(text) == "restricted/policy_denied"


@pytest.mark.parametrize(
    "text",
    [
        "Your request was blocked by our content policy.",
        "The response was denied by the safety policy.",
        "Blocked by usage policy: the prompt was flagged.",
    ],
)
def test_a_content_or_safety_policy_is_no_policy_refusal_of_the_caller(text: str) -> None:
    assert not _explain(text).endswith("/policy_denied")


@pytest.mark.parametrize(
    "text",
    [
        "Too many devices signed in to this account. Sign out elsewhere and try again.",
        "Device limit reached for this subscription.",
        "You have reached the maximum number of devices for this account.",
    ],
)
def test_an_account_used_from_too_many_machines_is_a_policy_refusal(text: str) -> None:
    assert _explain(text) == "restricted/policy_denied"


@pytest.mark.parametrize(
    "text",
    [
        "AccessDeniedException: Access to the model is denied",
        "Access denied to this model for your account.",
        "This model requires explicit opt-in before use.",
        "You must opt in to the preview model in the console.",
        "Your organization has not opted in to this model.",
        "Too many trial accounts used on this device.",
        "No subscription request found. Please request a subscription to use this API.",
        "请先开通服务",
    ],
)
def test_an_account_not_yet_granted_the_model_is_gated(text: str) -> None:
    assert _explain(text) == "gated/not_entitled"


@pytest.mark.parametrize(
    "text",
    [
        "Invalid signature in request header",
        "The request signature we calculated does not match the signature you provided.",
        "AuthFailure.SignatureFailure: signature verification failed",
        "请求签名验证失败，请检查您的签名计算是否正确。",
        "签名错误",
        "署名の検証に失敗しました",
        "AK(abc***) is not correct, please check!",
    ],
)
def test_a_request_signed_with_wrong_keys_is_refused_credentials(text: str) -> None:
    assert _explain(text) == "unknown/auth_invalid"


@pytest.mark.parametrize(
    "text",
    [
        "Ratelimit exceeded. Please wait a moment before trying again.",
        "Error: ratelimited, slow down",
        "rate-limit reached for this key",
        "You are being rate limited.",
        "Rate limit hit, please retry",
        "You have hit the rate limit",
    ],
)
def test_a_throttle_named_in_one_word_is_a_throttle(text: str) -> None:
    assert _explain(text) == "reachable/rate_limited"
    assert _explain(text, status=429) == "reachable/rate_limited"


def test_a_throttle_word_with_another_status_is_never_reachable() -> None:
    assert not _explain("Ratelimit exceeded.", status=403).startswith("reachable")
    assert not _explain("Ratelimit exceeded.", status=500).startswith("reachable")


@pytest.mark.parametrize("code", ["1006", "1010", "1020"])
def test_cloudflares_bare_denial_code_at_a_403_is_a_network_refusal(code: str) -> None:
    assert _explain(f"error code: {code}", status=403) == "restricted/network_blocked"
    assert _explain(f'403 Forbidden: "error code: {code}"') == "restricted/network_blocked"


def test_a_providers_own_numbered_code_is_no_cloudflare_denial() -> None:
    assert not _explain("error code: 10105, invalid key", status=403).endswith("/network_blocked")
    assert not _explain("error code: 1020: model busy", status=403).endswith("/network_blocked")


@pytest.mark.parametrize(
    "text",
    [
        "no endpoints available for this model under your current plan and policies",
        "This model is not available on your current plan.",
        "The model is not included in your subscription.",
        "当前套餐不支持该模型",
    ],
)
def test_a_model_outside_the_plan_is_gated(text: str) -> None:
    assert _explain(text) == "gated/not_entitled"


@pytest.mark.parametrize(
    "text",
    [
        "This model is only available to Pro users.",
        "This model is only available on paid plans.",
        "Upgrade your plan to access this model.",
        "This model is in private preview. Please request access.",
        "You have been added to the waitlist",
        "Your plan does not include access to this model.",
        "Model access requires approval.",
        "该模型仅对企业用户开放",
    ],
)
def test_a_model_for_paid_plans_or_approval_only_is_gated(text: str) -> None:
    assert _explain(text) == "gated/not_entitled"


@pytest.mark.parametrize(
    "text",
    ["Your account has no remaining credits", "No credits left.", "Credits remaining: 0"],
)
def test_no_credit_left_is_used_up_credit(text: str) -> None:
    assert _explain(text) == "gated/quota_exhausted"


@pytest.mark.parametrize(
    "text",
    ["The API key provided is disabled", "Your token has been deactivated", "API密钥已被禁用"],
)
def test_a_disabled_key_is_refused_credentials(text: str) -> None:
    assert _explain(text) == "unknown/auth_invalid"


def test_a_rate_limit_in_words_at_a_403_is_never_reachable() -> None:
    assert not _explain("You have hit the rate limit", status=403).startswith("reachable")


@pytest.mark.parametrize(
    "text",
    [
        "Please accept the model's terms of use before using it.",
        "This model requires the user to agree to the license on Hugging Face.",
        "Model not enabled for your account. Contact sales.",
    ],
)
def test_terms_not_accepted_or_a_model_not_enabled_is_gated(text: str) -> None:
    assert _explain(text) == "gated/not_entitled"


def test_a_used_up_quota_is_used_up_credit() -> None:
    assert _explain("You've used up your free quota for today.") == "gated/quota_exhausted"


@pytest.mark.parametrize(
    "text",
    ["无效的令牌", "令牌已过期", "认证失败", "APIキーが正しくありません", "認証に失敗しました"],
)
def test_refused_credentials_in_chinese_and_japanese(text: str) -> None:
    assert _explain(text) == "unknown/auth_invalid"


def test_a_rate_over_its_limit_in_chinese_is_a_throttle_but_a_days_cap_is_not() -> None:
    assert _explain("调用频率超出限制") == "reachable/rate_limited"
    assert not _explain("今日调用频率超出限制，请明日再试").startswith("reachable")


@pytest.mark.parametrize(
    "text",
    [
        "Your account has been disabled by an administrator.",
        "This API key was disabled by the admin.",
        "Your account was blocked by our admins for abuse.",
    ],
)
def test_an_account_or_key_disabled_by_an_admin_is_no_policy_refusal(text: str) -> None:
    assert not _explain(text).endswith("/policy_denied")


def test_a_cloud_region_id_or_a_fraction_of_credit_is_not_read_by_these_families() -> None:
    assert _explain("Product is not available in region: us-east-1.") != "restricted/geo_blocked"
    assert _explain("Balance left: 0.5 USD") != "gated/quota_exhausted"


@pytest.mark.parametrize("status", [None, 400, 429])
@pytest.mark.parametrize(
    "text",
    [
        # the fourth split's false `reachable` (h4a-059), as its source shows it
        '{"code": "InsufficientQuota", "message": "The specified capacity \'60\' of account '
        "deployment is bigger than available capacity '0' for UsageName 'Tokens Per Minute "
        "(thousands) - Text-Davinci-003'.\"}",
        # the same condition in other words (constructed variants, not provider facts)
        "Deployment failed: available quota is 0 for requests per minute of this model.",
        'error: insufficient capacity, available capacity of "0" tokens per minute',
    ],
)
def test_a_capacity_of_zero_is_a_cap_whatever_unit_it_counts(text: str, status: int | None) -> None:
    assert _explain(text, "azure-openai", status) == "gated/quota_exhausted"


@pytest.mark.parametrize(
    "text",
    [
        "available capacity '60' for UsageName 'Tokens Per Minute'; requested 80. Rate limit reached",
        "Rate limit reached: available capacity '0.5' requests per second, please retry after 2 s",
    ],
)
def test_a_capacity_left_that_is_not_zero_is_no_cap(text: str) -> None:
    assert _explain(text, "azure-openai", 429) != "gated/quota_exhausted"
