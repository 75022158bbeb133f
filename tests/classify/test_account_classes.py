"""The account and throttle families of answers (issue #15, third round): a rate limit, used-up
credit or billing, a plan's cap, a model the account is not entitled to, a refused credential, a
location or policy refusal. Each family is held to real answers from tests/corpus/ (read as
`explain` reads a paste, tools/score.py) and to other wordings of it that other providers,
wrappers and languages use: a rule written for one sentence fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cases import case as _case

CORPUS = Path(__file__).parents[1] / "corpus"


def _read(case_id: str) -> str:
    from tests.classify.test_corpus import _score

    status, reason = _score().read(_case(case_id))
    return f"{status}/{reason}"


def _explain(text: str, provider: str = "openai", status: int | None = None) -> str:
    """The verdict for a paste, read as `explain -p PROVIDER [--status STATUS]` reads it."""
    from accesscheck.classify.explain import explain_text, reading
    from accesscheck.registry import load

    read_as = reading(provider, text, load(None))
    found = explain_text(
        text, family=read_as.family, dialect=read_as.dialect, status=status, endpoint="generate"
    ).verdict
    return f"{found.status.value}/{found.reason.value}"


# ---- 1. a 429 is a throttle only with positive evidence of one


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        # a client's rendering of the status, nothing more: a throttle or used-up credit
        ("h2a-116", "unknown/unexpected_response"),  # "Throttling: Too many requests" (a quota)
        ("h2a-117", "unknown/unexpected_response"),  # the same words (a rate limit)
        ("h2a-119", "unknown/unexpected_response"),  # "429 Client Error: Too Many Requests"
        # the words of a throttle: a concurrency cap, a named rate limit, a retry time
        ("g2-077", "reachable/rate_limited"),  # "High concurrency usage of this API" (Zhipu 1302)
        ("g2-164", "reachable/rate_limited"),  # "Too Many Requests" and "please try again later"
        ("g1-145", "reachable/rate_limited"),  # Azure's peak load: "retry after 20 seconds", 429
        ("h2b-121", "reachable/rate_limited"),  # "Concurrency limit exceeded for account"
    ],
)
def test_a_429_is_a_throttle_only_with_evidence_of_one(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


@pytest.mark.parametrize(
    "text",
    [
        "openai.RateLimitError: Error code: 429",
        "litellm.RateLimitError: RateLimitError: OpenAIException - 429 Too Many Requests",
        "cohere.errors.too_many_requests_error.TooManyRequestsError: status_code: 429",
        "google.api_core.exceptions.ResourceExhausted: 429 ",
        "HTTPError: 429 Client Error: Too Many Requests for url: https://api.example.com/v1/chat",
        "Error: Failed after 3 attempts. Last error: Too Many Requests",
        '{"error": {"message": "Provider returned error", "code": 429}}',
        "Throttling: Too many requests, HTTP status: 429",
    ],
)
def test_a_429_that_names_only_itself_is_never_reachable(text: str) -> None:
    assert not _explain(text, status=429).startswith("reachable/")


@pytest.mark.parametrize(
    "text",
    [
        '{"error": {"message": "Rate limit reached for requests", "code": 429}}',
        '{"error": {"message": "Too many requests, please try again later."}}',
        '{"error": {"message": "Too many concurrent requests for this key"}}',
        '{"error": {"message": "Requests per minute exceeded (RPM: 60)"}}',
        '{"error": {"message": "Too Many Requests. Retry after 30 seconds."}}',
        '{"error": {"message": "请求过于频繁，请稍后再试"}}',
        '{"error": {"message": "リクエストが多すぎます。しばらく待ってから再試行してください"}}',
    ],
)
def test_the_words_of_a_throttle_at_429_are_a_rate_limit(text: str) -> None:
    assert _explain(text, status=429) == "reachable/rate_limited"


# ---- 2. a quota whose limit is 0 is no quota: the free tier (or region) does not include it


@pytest.mark.parametrize(
    "text",
    [
        # a gRPC ErrorInfo flattened by an app (corpus h2a-129), a QuotaFailure's quotaValue, the
        # message's own "limit: 0" (c040) relayed by a gateway
        'Quota exceeded [reason: "RATE_LIMIT_EXCEEDED" metadata { key: "quota_limit_value" '
        'value: "0" }]',
        '{"error": {"code": 429, "message": "Quota exceeded for metric: generate_content_requests",'
        ' "details": [{"violations": [{"quotaMetric": "x", "quotaValue": "0"}]}]}}',
        "litellm.RateLimitError: Quota exceeded for metric: generativelanguage.googleapis.com/"
        "generate_content_free_tier_requests, limit: 0, model: gemini-2.5-pro",
    ],
)
def test_a_zero_quota_is_no_entitlement_not_a_throttle(text: str) -> None:
    assert _explain(text, status=429) == "gated/not_entitled"


def test_a_zero_quota_case_reads_gated() -> None:
    assert _read("h2a-129") == "gated/not_entitled"


def test_a_quota_of_20_is_not_a_quota_of_0() -> None:
    text = (
        "Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_"
        "requests, limit: 20, model: gemini-2.5-flash\nPlease retry in 51.6s."
    )
    assert _explain(text, provider="gemini", status=429) != "gated/not_entitled"


# ---- 3. word families: each held to its corpus answers and to other wordings of it


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        # used-up credit, billing and plan caps, whatever the status (a 429 included)
        ("h2a-093", "gated/quota_exhausted"),  # "You exceeded your quota" (no "current"), 429
        ("h2b-065", "gated/quota_exhausted"),  # "account balance is $0.0"
        ("h2b-085", "gated/quota_exhausted"),  # "Access denied due to overdue account", 403
        ("h2b-058", "gated/quota_exhausted"),  # "The free tier of the model has been exhausted"
        ("h2a-052", "gated/quota_exhausted"),  # "Inference usage has reached the max"
        # a location refusal in any phrasing
        ("h2a-085", "restricted/geo_blocked"),  # "This model provider doesn't serve your region"
        ("h2b-039", "restricted/geo_blocked"),  # "unavailable in your region"
        ("h2b-100", "restricted/geo_blocked"),  # "not currently available in your location"
        # an explicit deny, in Japanese (an SCP)
        ("h2a-160", "restricted/policy_denied"),
        # the account or project suspended
        ("h2a-171", "unknown/account_disabled"),  # "Your project has been denied access"
        # a credential wrong, missing or refused
        ("h2a-080", "unknown/auth_invalid"),  # "Invalid model key"
        ("h2a-082", "unknown/auth_invalid"),  # "API key not found", with a 500
        ("h2a-168", "unknown/auth_invalid"),  # "Incorrect model credentials provided"
        ("h2b-013", "unknown/auth_invalid"),  # "the provider rejected the gateway's credentials"
        ("h2b-127", "unknown/auth_invalid"),  # "token is missing"
        ("h2b-138", "unknown/auth_invalid"),  # Baidu's OAuth token endpoint: invalid_request
        # no access to a model, on demand not offered, "access denied" and nothing more
        ("h2a-172", "gated/not_entitled"),  # "You don't have access to this model or …"
        ("h2a-178", "gated/not_entitled"),  # "is not available for this account", with a 401
        ("h2a-057", "gated/dedicated_only"),  # "doesn't support on-demand throughput"
        ("h2b-061", "gated/not_entitled"),  # "status: AccessDenied, message: Access denied."
        ("h2b-063", "gated/not_entitled"),  # "Access Denied: Access Denied"
    ],
)
def test_each_family_reads_its_corpus_answers(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


@pytest.mark.parametrize(
    ("text", "status", "verdict"),
    [
        # credit, billing and balance, in English, Chinese and Japanese, at 429 too
        ('{"error": {"message": "You exceeded your quota. Check your plan and billing details."}}', 429,
         "gated/quota_exhausted"),
        ('{"error": {"message": "Your account balance is $0.00. Please top up."}}', 429, "gated/quota_exhausted"),
        ('{"error": {"message": "Your payment is overdue: unpaid invoices"}}', 403, "gated/quota_exhausted"),
        ('{"error": {"message": "账户已欠费，请充值后重试"}}', 429, "gated/quota_exhausted"),
        ('{"error": {"message": "您的额度已耗尽"}}', 429, "gated/quota_exhausted"),
        ('{"error": {"message": "配额不足"}}', 429, "gated/quota_exhausted"),
        ('{"error": {"message": "クレジット残高が不足しています"}}', 402, "gated/quota_exhausted"),
        ("Your free trial credits have expired.", None, "gated/quota_exhausted"),
        ("免费额度已用完", None, "gated/quota_exhausted"),
        # location, in other words and languages
        ("This service is not available to users in your country.", None, "restricted/geo_blocked"),
        ("Sorry, we don't support your region yet.", None, "restricted/geo_blocked"),
        ("The model is not offered in your location.", None, "restricted/geo_blocked"),
        ("当前地区无法使用该服务", None, "restricted/geo_blocked"),
        ("申し訳ありませんが、この地域ではご利用いただけません", None, "restricted/geo_blocked"),
        ("451 Unavailable For Legal Reasons", None, "restricted/legal_block"),
        ("We cannot serve you due to U.S. sanctions.", None, "restricted/legal_block"),
        # a policy someone wrote
        ("Request denied by organization policy constraints/gcp.restrictServiceUsage", 403,
         "restricted/policy_denied"),
        ("AccessDenied: a service control policy explicitly denies bedrock:InvokeModel", None,
         "restricted/policy_denied"),
        # a credential, no status needed
        ("Error: credentials are invalid", None, "unknown/auth_invalid"),
        ("No API key provided. Set OPENAI_API_KEY.", None, "unknown/auth_invalid"),
        ("The API key is missing from the request", None, "unknown/auth_invalid"),
        ("This key has been revoked", None, "unknown/auth_invalid"),
        ("请求失败：缺少 API Key", None, "unknown/auth_invalid"),
        ("APIキーが設定されていません", None, "unknown/auth_invalid"),
        ('{"error": "invalid_client", "error_description": "Client authentication failed"}', None,
         "unknown/auth_invalid"),
        ("Your account has been suspended.", None, "unknown/account_disabled"),
        # entitlement, verification, dedicated endpoints
        ("You do not have access to this model.", 403, "gated/not_entitled"),
        ("This model is not available for your plan.", 403, "gated/not_entitled"),
        ("You are not entitled to use this model", None, "gated/not_entitled"),
        ("Please upgrade your plan to access this model", None, "gated/not_entitled"),
        ("无权使用该模型", None, "gated/not_entitled"),
        ("Identity verification is required to use this model", 403, "gated/verification_required"),
        ("请先完成实名认证", None, "gated/verification_required"),
        ("This model is only available on a dedicated endpoint.", 400, "gated/dedicated_only"),
        ("The model requires provisioned throughput", 400, "gated/dedicated_only"),
    ],
)  # fmt: skip
def test_each_family_reads_other_wordings_of_it(
    text: str, status: int | None, verdict: str
) -> None:
    assert _explain(text, status=status) == verdict


def test_access_denied_alone_is_ambiguous_and_never_reachable() -> None:
    from accesscheck.classify.decide import classify
    from accesscheck.classify.read import read
    from accesscheck.observation import Rung

    found = classify(read("Access denied.", 403), Rung.INVOKE, family="openai", dialect="openai")
    assert (found.status.value, found.reason.value, found.ambiguous) == (
        "gated",
        "not_entitled",
        True,
    )


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h2a-130", "reachable/rate_limited"),  # Vertex: a …per_minute… quota metric, no status
        ("h2a-131", "reachable/rate_limited"),  # the same, google.api_core's ResourceExhausted
        ("h2a-034", "restricted/network_blocked"),  # Azure: not in the allowed FQDN list
        ("h2b-073", "restricted/network_blocked"),  # Azure Application Gateway's WAF page
        ("h2a-132", "gated/not_entitled"),  # the partner-model quota stays a zero allocation
    ],
)
def test_google_quotas_and_network_refusals_read_by_what_they_name(
    case_id: str, verdict: str
) -> None:
    assert _read(case_id) == verdict


@pytest.mark.parametrize(
    ("text", "status", "verdict"),
    [
        ("Quota exceeded for quota metric 'Requests per minute' of service 'aiplatform.googleapis.com'",
         429, "reachable/rate_limited"),
        ('Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute [reason: '
         '"RATE_LIMIT_EXCEEDED" metadata { key: "quota_limit_value" value: "0" }]', 429, "gated/not_entitled"),
        ("<html><head><title>403 Forbidden</title></head><body>Request blocked. Generated by cloudfront "
         "(CloudFront)</body></html>", 403, "restricted/network_blocked"),
        ("<html><title>Request Rejected</title><body>The requested URL was rejected. Please consult with "
         "your administrator.</body></html>", None, "restricted/network_blocked"),
        ("Unauthorized access. Please log in first.", None, "unknown/auth_invalid"),
        ("请先登录", None, "unknown/auth_invalid"),
    ],
)  # fmt: skip
def test_quota_metrics_firewalls_and_logins_in_other_wordings(
    text: str, status: int | None, verdict: str
) -> None:
    assert _explain(text, status=status) == verdict


@pytest.mark.parametrize(
    "text",
    [
        # a cap named by its tier or period, with a hint to retry: the cap wins
        '{"error":{"message":"Free tier limit reached. Please try again later or upgrade your plan."}}',
        '{"error":{"message":"You have exceeded your daily token quota. Try again tomorrow."}}',
        '{"error":{"message":"Token quota exceeded for the month, please try again later"}}',
        '{"error":{"message":"Your organization has run out of tokens for this month"}}',
        '{"error":{"message":"You have hit your spending cap for this billing period"}}',
        '{"error":{"message":"Key limit exceeded (total limit). Manage it in your settings"}}',
        '{"error":{"message":"Your trial has ended. Please add a payment method."}}',
        '{"error":{"message":"今日额度已用完，请明天再试"}}',
    ],
)
def test_a_cap_sent_as_a_429_is_a_quota_even_with_a_hint_to_retry(text: str) -> None:
    assert _explain(text, status=429) == "gated/quota_exhausted"


def test_a_hint_to_retry_beside_a_throttle_and_a_payment_note_stays_a_throttle() -> None:
    """OpenAI's free-trial throttle asks for a payment method to raise the limit (corpus c148)."""
    assert _read("c148") == "reachable/rate_limited"


@pytest.mark.parametrize(
    "text",
    ["max_token is required", 'Invalid key "foo" in request body', "Invalid key: temperature"],
)
def test_a_requests_own_keys_and_tokens_are_not_a_credential(text: str) -> None:
    assert _explain(text, status=400) != "unknown/auth_invalid"


@pytest.mark.parametrize(
    ("text", "status", "verdict"),
    [
        # OpenRouter's upstream throttle, with and without its 429
        ("google/gemini-2.0-flash-exp:free is temporarily rate-limited upstream. Please retry shortly",
         None, "reachable/rate_limited"),
        ('{"error":{"message":"x is temporarily rate-limited upstream.","code":429}}', 429,
         "reachable/rate_limited"),
        # DashScope's throttling codes
        ('{"code":"Throttling","message":"Request was denied due to request throttling."}', 429,
         "reachable/rate_limited"),
        ('{"code":"Throttling.BurstRate","message":"Request rate increased too quickly."}', 429,
         "reachable/rate_limited"),
        # Tencent Cloud's arrears and exhausted charge codes
        ('{"Response":{"Error":{"Code":"ResourceUnavailable.InArrears","Message":"账号已欠费"}}}', 400,
         "gated/quota_exhausted"),
        ('{"Response":{"Error":{"Code":"ResourceInsufficient.ChargeResourceExhaust","Message":"计费资源已耗尽"}}}',
         400, "gated/quota_exhausted"),
        # a plan that lacks the model
        ("The model claude-opus is not available on your current plan.", None, "gated/not_entitled"),
        ("This model requires a Pro subscription.", None, "gated/not_entitled"),
        # OpenRouter's 401 for a key whose user is gone
        ('{"error":{"message":"User not found.","code":401}}', None, "unknown/auth_invalid"),
        ("invalid x-api-key", None, "unknown/auth_invalid"),
    ],
)  # fmt: skip
def test_more_providers_wordings_of_the_same_families(
    text: str, status: int | None, verdict: str
) -> None:
    assert _explain(text, status=status) == verdict


@pytest.mark.parametrize(
    ("text", "status", "verdict"),
    [
        ("We are not able to serve you in your country.", None, "restricted/geo_blocked"),
        ("Access from your region is not allowed.", 403, "restricted/geo_blocked"),
        ("You must accept the license terms to access this model.", 403, "gated/not_entitled"),
        ("This model is available by invitation only.", 403, "gated/not_entitled"),
        ("Invalid bearer token", 401, "unknown/auth_invalid"),
        ("UNAUTHENTICATED: Request had invalid authentication credentials.", None, "unknown/auth_invalid"),
        ("The API key you provided is invalid.", None, "unknown/auth_invalid"),
        ("无效的令牌", None, "unknown/auth_invalid"),
        ("You have insufficient funds in your account.", 402, "gated/quota_exhausted"),
        ("You are out of credits.", 429, "gated/quota_exhausted"),
        ("You've reached your billing hard limit.", 429, "gated/quota_exhausted"),
        ("套餐余量不足", None, "gated/quota_exhausted"),
    ],
)  # fmt: skip
def test_the_families_in_still_other_words(text: str, status: int | None, verdict: str) -> None:
    assert _explain(text, status=status) == verdict


@pytest.mark.parametrize(
    "text",
    [
        "You are sending requests too quickly. Please slow down.",
        '{"code":"Throttling.BurstRate","message":"Request rate increased too quickly"}',
        "请求次数过多，请稍后再试",
        "TPM超限",
        "RPM 超过限制",
        "速率限制：请稍后重试",
        "リクエストの頻度が高すぎます",
        "Too many requests in 1 hour. Try again later.",
    ],
)
def test_a_throttle_in_other_words_and_languages_without_a_status(text: str) -> None:
    assert _explain(text) == "reachable/rate_limited"


@pytest.mark.parametrize("status", [None, 429])
def test_a_hint_to_retry_alone_is_no_throttle(status: int | None) -> None:
    assert not _explain("Something went wrong, please try again later.", status=status).startswith(
        "reachable/"
    )


def test_an_overload_relayed_as_a_429_with_a_retry_time_is_no_throttle() -> None:
    text = '{"error":{"type":"overloaded_error","message":"Overloaded. Please retry after 30 seconds."}}'
    assert not _explain(text, status=429).startswith("reachable/")


@pytest.mark.parametrize("filler", ["a.", "1", "x_y."])
def test_throttle_evidence_is_read_in_linear_time(filler: str) -> None:
    """A 429 JSON error whose message is one long dotted word or run of digits: the status names
    (`openai.RateLimitError`) were once stripped with a greedy prefix, quadratic on such a word
    (90 s for 64 KB), and so was a plan's "5-hour usage limit"."""
    import time

    from accesscheck.classify.decide import classify
    from accesscheck.classify.read import read
    from accesscheck.observation import Rung

    body = json.dumps({"error": {"message": filler * (60_000 // len(filler))}})
    started = time.monotonic()
    classify(read(body, 429), Rung.INVOKE, family="openai", dialect="openai")
    assert time.monotonic() - started < 5


def test_an_edge_access_denied_page_as_text_is_a_network_refusal() -> None:
    """Akamai's denial, pasted as text (no HTML left): the edge, not the account."""
    text = (
        'Access Denied. You don\'t have permission to access "http://api.example.com/v1/chat" on '
        "this server. Reference #18.5f3c1102.1700000000.1a2b3c4d https://errors.edgesuite.net/18.5f3c"
    )
    assert _explain(text, status=403) == "restricted/network_blocked"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # Azure: the resource refuses keys (Entra ID only): the credential's kind is refused
        ('{"error":{"code":"AuthenticationTypeDisabled","message":"Key based authentication is '
         'disabled for this resource."}}', 403),
        # MiniMax answers a missing key with 200 and base_resp 1004
        ('{"base_resp":{"status_code":1004,"status_msg":"login fail: Please carry the API secret '
         "key in the 'Authorization' field of the request header\"}}", 200),
    ],
)  # fmt: skip
def test_a_refused_kind_of_credential_is_auth(text: str, status: int) -> None:
    assert _explain(text, status=status) == "unknown/auth_invalid"


@pytest.mark.parametrize(
    "text", ["该模型未授权", "该模型需要申请权限后使用", "このモデルを使用する権限がありません"]
)
def test_no_entitlement_in_chinese_and_japanese(text: str) -> None:
    assert _explain(text, status=403) == "gated/not_entitled"


@pytest.mark.parametrize(
    ("headers", "verdict"),
    [
        ({"retry-after": "20"}, "reachable/rate_limited"),  # the provider says when to ask again
        ({"retry-after": "86400"}, "unknown/unexpected_response"),  # a day: no throttle
        ({"retry-after": "Wed, 21 Oct 2026 07:28:00 GMT"}, "unknown/unexpected_response"),
        ({}, "unknown/unexpected_response"),
    ],
)
def test_a_probes_retry_after_header_is_throttle_evidence(
    headers: dict[str, str], verdict: str
) -> None:
    """A scan's 429 whose JSON error names only its status: a Retry-After header of less than an
    hour is the provider's word that it throttled this caller (RFC 9110 §10.2.3, RFC 6585 §4)."""
    from accesscheck.classify.decide import classify
    from accesscheck.classify.read import read
    from accesscheck.observation import Rung

    body = '{"error": {"message": "Too Many Requests", "code": 429}}'
    facts = read(body, 429, "application/json", headers)
    found = classify(facts, Rung.INVOKE, family="openai", dialect="openai")
    assert f"{found.status.value}/{found.reason.value}" == verdict


def test_a_retry_after_header_does_not_outrank_used_up_credit() -> None:
    from accesscheck.classify.decide import classify
    from accesscheck.classify.read import read
    from accesscheck.observation import Rung

    body = '{"error": {"message": "You exceeded your current quota", "type": "insufficient_quota"}}'
    facts = read(body, 429, "application/json", {"retry-after": "20"})
    found = classify(facts, Rung.INVOKE, family="openai", dialect="openai")
    assert (found.status.value, found.reason.value) == ("gated", "quota_exhausted")
