"""Issue #15: the one mistake the classifier must never make is a false `reachable`. A review of
8160956 (/tmp/review/false_reachable.py) built answers that read `reachable` though none is a
success; each test below closes one CLASS of them.

The inputs are ADVERSARIAL CONSTRUCTIONS, not provider facts: texts written to probe the
classifier's edges (a model list followed by an error line, a four-digit provider code after
"Error code:", a 200 carrying an error envelope, a 429 with refusal words and a retry hint…).
They are robustness tests: what they pin is that such an answer is never read `reachable`, and,
where the class is plain, which non-reachable reading it gets."""

from __future__ import annotations

import json

import pytest

from accesscheck.classify.explain import explain_text
from tests.classify.test_not_found_outage_network import _read  # the one paste reader

# ---- class 2: a provider's four-digit code after "Error code:" is no HTTP status (no 200)


@pytest.mark.parametrize(
    "text",
    [
        'Error code: 2001 - {"data":null,"message":"token expired"}',
        'Error code: 2004 {"content":"","message":"rate limited"}',
        'status_code=2000 {"message":"invalid api key"}',
        "2001 - token expired",
    ],
)
def test_a_four_digit_code_is_not_read_as_a_2xx(text: str) -> None:
    """Adversarial: "Error code: 2001" once yielded status 200, hence reachable/ok."""
    assert _read(text)[0] != "reachable"


def test_a_2xx_written_in_a_paste_is_no_proof_of_success() -> None:
    """Adversarial: a number in a paste is not the answer's status; a success is read from the
    answer's own shape."""
    assert _read('Error code: 200 - {"message":"invalid token"}')[0] != "reachable"


# ---- class 3: a 200 carrying an error envelope (a relay's result code, ok/success false)


@pytest.mark.parametrize(
    "body",
    [
        '{"code":1301,"msg":"系统检测到输入或生成内容可能包含不安全或敏感内容"}',
        '{"code":402,"msg":"Insufficient balance"}',
        '{"code":429,"msg":"Too many requests"}',
        '{"code":4028,"msg":"余额不足"}',
        '{"ok":false,"message":"model not available for your plan"}',
        '{"success":false,"data":{"text":"hi"}}',
        '{"code":401,"message":"invalid token","data":null}',
        '{"ret":-1,"msg":"x"}',
        '{"errcode":40001,"errmsg":"invalid credential"}',
        '{"status":503,"data":[],"message":"upstream"}',
        '{"data":null,"message":"token expired"}',
        '{"content":"","message":"rate limited"}',
    ],
)
def test_a_200_carrying_an_error_envelope_is_never_reachable(body: str) -> None:
    """Adversarial envelopes: a non-zero result code beside a message, `ok`/`success` false, an
    error status in a body field, an empty success key beside an error's message."""
    assert _read(body, status=200)[0] != "reachable"


@pytest.mark.parametrize(
    "body",
    [
        '{"code":0,"msg":"success","data":{"choices":[{"message":{"content":"hi"}}]}}',
        '{"code":200,"message":"ok","data":{"text":"hi"}}',
        '{"choices":[{"message":{"role":"assistant","content":"Hello"}}]}',
        '{"ok":true,"result":"hi"}',
    ],
)
def test_a_200_whose_envelope_says_success_stays_reachable(body: str) -> None:
    assert _read(body, status=200) == ("reachable", "ok")


def test_an_error_envelope_with_a_quota_words_reads_its_class() -> None:
    assert _read('{"code":4028,"msg":"余额不足"}', status=200) == ("gated", "quota_exhausted")
    assert _read('{"code":402,"msg":"Insufficient balance"}', status=200) == (
        "gated",
        "quota_exhausted",
    )


# ---- class 1: a pasted model list is a success only when it is essentially the whole paste

_LIST = '{"data":[{"id":"gpt-4o","object":"model","owned_by":"system"}],"object":"list"}'


@pytest.mark.parametrize(
    "text",
    [
        f"2025-01-01 12:00:00 [INFO] Returning {_LIST}\n"
        "2025-01-01 12:00:05 [ERROR] No models loaded. Please load a model in the developer page.",
        f"GET /v1/models -> {_LIST}\n"
        "POST /v1/chat/completions -> insufficient_quota: You exceeded your current quota",
        '{"models":[{"name":"llama3:8b","model":"llama3:8b"}]}\n'
        'then chat: model "qwen2" not found, try pulling it first',
        f"{_LIST}\nbut POST /v1/chat/completions answers 401",
        f"{_LIST}\n调用失败：余额不足",
        f"{_LIST}\n" + "the chat call then printed a long traceback line without any words " * 4,
    ],
)
def test_a_model_list_with_an_error_around_it_is_never_reachable(text: str) -> None:
    """Adversarial: a model list followed (or preceded) by an error line outside the JSON."""
    assert _read(text)[0] != "reachable"


@pytest.mark.parametrize(
    "text",
    [
        _LIST,
        f"2025-07-08 11:27:35  [INFO]\n Returning {_LIST}",
        '{\n  "object": "list",\n  "data": [\n    {\n      "id": "whisper-1",\n      "object": "model",',
    ],
)
def test_a_model_list_alone_stays_listed(text: str) -> None:
    assert _read(text) == ("reachable", "listed")


# ---- class 4: a 429 with a retry hint and a refusal's words is the refusal, never a throttle


@pytest.mark.parametrize(
    "message",
    [
        "Account suspended. Please try again later.",
        "Access to this model is restricted. Please try again later.",
        "This service is not available in your area. Please try again later.",
        "Please verify your email address. Try again later.",
        "Your organization is past due. Please try again later.",
        "您的账号暂无权限，请稍后重试",
        "You have reached the 5-hour limit. Try again later.",
        "Permission denied for this project. Retry in 30 seconds.",
        "Requests from this region are blocked, please retry later",
        "Something went wrong. Please try again later.",
        "出现问题，请稍后再试",
    ],
)
def test_a_429_with_a_retry_hint_and_no_throttle_noun_is_no_throttle(message: str) -> None:
    """Adversarial: "please try again later" beside a refusal (or alone) shows no throttle: the
    refusal's class, or an unexplained 429 (unknown), never reachable/rate_limited."""
    body = json.dumps({"error": {"message": message}}, ensure_ascii=False)
    assert _read(body, status=429)[0] != "reachable"


@pytest.mark.parametrize(
    "message",
    [
        "Too many requests. Please try again later.",
        "Rate limit exceeded, try again in 20s",
        "请求过于频繁，请稍后重试",
        "Requests per minute exceeded, retry shortly",
    ],
)
def test_a_retry_hint_beside_a_throttle_noun_stays_a_throttle(message: str) -> None:
    body = json.dumps({"error": {"message": message}}, ensure_ascii=False)
    assert _read(body, status=429) == ("reachable", "rate_limited")


# ---- class 5: throttle words in URLs and rate-limit header lines are not the message


@pytest.mark.parametrize(
    "text",
    [
        'Error code: 429 - {"error":{"message":"Your key is not allowed to use this model. '
        'See https://docs.example.com/rate-limits"}}',
        'Error code: 429 - {"error":{"message":"Request refused. See '
        'https://platform.example.com/docs/guides/rate-limits#throttling"}}',
        "HTTP/1.1 429 Too Many Requests\nx-ratelimit-limit-requests: 500\n"
        "x-ratelimit-remaining-requests: 499\n\n"
        '{"error":{"message":"Billing hard limit has been reached"}}',
        "HTTP/1.1 429 Too Many Requests\nretry-after: 20\n\n"
        '{"error":{"message":"You have run out of credits"}}',
    ],
)
def test_throttle_words_in_urls_and_headers_are_no_throttle(text: str) -> None:
    """Adversarial: a docs link to …/rate-limits, or the x-ratelimit-* headers of a `curl -i`
    paste, beside a refusal or a cap."""
    assert _read(text)[0] != "reachable"


def test_a_retry_after_header_with_a_bare_429_is_a_throttle() -> None:
    text = 'HTTP/1.1 429 Too Many Requests\nretry-after: 20\n\n{"error":{"message":"Slow down"}}'
    assert _read(text) == ("reachable", "rate_limited")


# ---- class 6: a provider's own load is its failure, not the caller's throttle


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            '{"error":{"message":"Service busy due to high concurrency, please try again later"}}',
            429,
        ),
        ("Error: Service busy due to high concurrency, please try again later", None),
        ('{"error":{"message":"当前服务并发量较大，请稍后重试"}}', 429),
        ('{"error":{"message":"Server busy, retry in 10 seconds"}}', 429),
        ('{"error":{"message":"服务繁忙，请稍后再试"}}', None),
    ],
)
def test_a_providers_own_load_is_a_provider_error(text: str, status: int | None) -> None:
    """Adversarial: the provider's load named as concurrency or business, with a retry hint."""
    assert _read(text, status=status) == ("unknown", "provider_error")


@pytest.mark.parametrize(
    "text",
    [
        "您当前使用该API的并发数过高，请降低并发，或联系客服增加限额。",
        '{"error":{"message":"Your account concurrency limit of 5 was exceeded"}}',
    ],
)
def test_the_callers_concurrency_is_a_throttle(text: str) -> None:
    assert _read(text) == ("reachable", "rate_limited")


# ---- class 7: a limit whose window or wait is an hour or more is a cap, for any provider


@pytest.mark.parametrize(
    "message",
    [
        "Rate limit of 150 per 86400s exceeded for UserByModelByDay. "
        "Please wait 34000 seconds before retrying.",
        "Requests have exceeded token rate limit of your current pricing tier. "
        "Please retry after 86400 seconds.",
        "You have used all 100 requests included in your trial. "
        "Upgrade for more requests per minute.",
        "Rate limit exceeded: 50 requests per 24 hours. Try again in 3 hours.",
        "Too many requests: daily rate limit reached",
        "Rate limit exceeded (RequestsPerDay)",
    ],
)
def test_a_long_window_limit_is_a_cap(message: str) -> None:
    """Adversarial: a day's or a plan's cap named a rate limit, from any provider."""
    body = json.dumps({"error": {"message": message}})
    assert _read(body, status=429) == ("gated", "quota_exhausted")
    assert _read(body, status=429, family="together")[0] == "gated"


def test_a_short_window_stays_a_throttle() -> None:
    body = json.dumps({"error": {"message": "Rate limit exceeded. Please retry after 20 seconds."}})
    assert _read(body, status=429) == ("reachable", "rate_limited")


# ---- class 8: Vertex AI's per-base-model quotas of partner models are one family


@pytest.mark.parametrize(
    "metric",
    [
        "online_prediction_requests_per_base_model",
        "online_prediction_input_tokens_per_minute_per_base_model",
        "online_prediction_output_tokens_per_minute_per_base_model",
    ],
)
def test_a_partner_models_per_base_model_quota_reads_alike(metric: str) -> None:
    """Adversarial variants of the corpus's zero-allocation answers (g1-116..g1-119): every
    per-base-model metric reads as vertex-partner-quota (gated, ambiguous), never a throttle."""
    text = (
        "google.api_core.exceptions.ResourceExhausted: 429 Quota exceeded for "
        f"aiplatform.googleapis.com/{metric} with base model: anthropic-claude-sonnet-4. "
        "Please submit a quota increase request."
    )
    verdict = explain_text(
        text, family="vertex", dialect="openai", status=None, endpoint="generate"
    ).verdict
    assert (verdict.rule, verdict.ambiguous) == ("vertex-partner-quota", True)


def test_a_gemini_per_minute_quota_on_vertex_stays_a_throttle() -> None:
    text = (
        "429 Quota exceeded for aiplatform.googleapis.com/"
        "generate_content_requests_per_minute_per_project_per_base_model with base model: "
        "gemini-2.0-flash. Please submit a quota increase request."
    )
    assert _read(text, family="vertex") == ("reachable", "rate_limited")


# ---- further word families the review found (robustness tests: adversarial constructions)


@pytest.mark.parametrize(
    "message",
    [
        "Model gpt-x is not supported in your region us-west-1; use us-east-1",
        "This model is not available in region eu-west-3",
        "us-central1 region is not supported for this model",
    ],
)
def test_a_cloud_region_id_is_no_geo_block(message: str) -> None:
    body = json.dumps({"error": {"message": message}})
    assert _read(body, status=400) == ("unavailable", "not_found")


def test_a_cloud_region_merely_named_is_no_refusal() -> None:
    text = "ValidationException: on-demand throughput isn't supported.\nBedrock region: us-east-1"
    verdict = explain_text(
        text, family="bedrock", dialect="openai", status=400, endpoint="generate"
    ).verdict
    assert verdict.rule != "cloud-region-unsupported"


@pytest.mark.parametrize(
    "message",
    [
        "This service is not available in your area.",
        "Requests from your location are blocked",
        "We do not currently serve your country",
        "この地域ではご利用いただけません",
    ],
)
def test_location_refusals_in_other_word_orders(message: str) -> None:
    body = json.dumps({"error": {"message": message}}, ensure_ascii=False)
    assert _read(body, status=403) == ("restricted", "geo_blocked")


def test_a_japanese_region_mention_without_a_refusal_is_no_geo_block() -> None:
    assert _read("この地域では現在メンテナンス中です")[1] != "geo_blocked"


@pytest.mark.parametrize(
    "message",
    [
        "API接口已升级，请使用新版本",
        "This API is deprecated, please migrate to v2",
        "The endpoint has been upgraded; please upgrade to v2",
    ],
)
def test_an_interface_change_is_not_the_models_retirement(message: str) -> None:
    body = json.dumps({"error": {"message": message}}, ensure_ascii=False)
    assert _read(body, status=400) == ("unavailable", "not_found")


@pytest.mark.parametrize(
    "text",
    [
        'sqlalchemy.exc.OperationalError: (pymysql.err.OperationalError) (1045, "Access denied '
        "for user 'root'@'localhost' (using password: YES)\")",
        "redis.exceptions.AuthenticationError: redis: user not found in ACL",
        'psycopg2.OperationalError: FATAL: password authentication failed for user "app"',
    ],
)
def test_another_systems_login_failure_is_not_the_providers(text: str) -> None:
    assert _read(text) == ("unknown", "unexpected_response")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('{"error":{"message":"Insufficient funds"}}', 400),
        ('{"error":{"message":"Your account has a negative balance"}}', 400),
        ('{"error":{"message":"Your balance is $0.00"}}', 402),
        ('{"error":{"message":"Please recharge your account"}}', 403),
        ('{"error":{"message":"Please top up your account to continue"}}', 429),
        ('{"error":{"message":"Billing hard limit has been reached"}}', 429),
        ('{"error":{"message":"x","code":"billing_hard_limit_reached"}}', 400),
        ('{"error":{"message":"You have reached the 5-hour limit. Try again later."}}', 429),
        ('{"error":{"message":"24-hour request limit exceeded"}}', 429),
    ],
)
def test_balance_and_hour_window_families_are_quota(body: str, status: int) -> None:
    assert _read(body, status=status) == ("gated", "quota_exhausted")


@pytest.mark.parametrize(
    ("message", "status"),
    [
        ("Account suspended due to policy violation.", 403),
        ("Account suspended. Please try again later.", 429),
        ("Your organization has been temporarily suspended", 401),
    ],
)
def test_a_suspended_account_is_disabled(message: str, status: int) -> None:
    body = json.dumps({"error": {"message": message}})
    assert _read(body, status=status) == ("unknown", "account_disabled")


@pytest.mark.parametrize(
    "message",
    [
        "Your billing rate limit has been reached: add a payment method to continue",
        "Your free account has 0 RPM available for this model. Add billing to continue.",
        "You have used your 1,000,000 tokens for this month.",
        "QPS quota for the day exhausted",
        "Rate limit reached. You reached free usage limit (reset hourly). Please subscribe to a plan",
    ],
)
def test_a_cap_worded_as_a_rate_limit_is_no_throttle(message: str) -> None:
    """Adversarial: billing, a month's or a day's or an hour's allotment, worded as a limit."""
    body = json.dumps({"error": {"message": message}})
    assert _read(body, status=429)[0] == "gated"


def test_a_payment_hint_beside_a_per_minute_limit_stays_a_throttle() -> None:
    """OpenAI's per-minute limit suggests a payment method to raise it (corpus c148)."""
    message = (
        "Rate limit reached on requests per min. Limit: 3 / min. Please try again in 20s. "
        "Please add a payment method to your account to increase your rate limit."
    )
    assert _read(json.dumps({"error": {"message": message}}), status=429)[0] == "reachable"


def test_a_named_error_code_beside_a_message_is_an_error_envelope() -> None:
    body = '{"output":null,"code":"DataInspectionFailed","message":"Input data may be unsafe."}'
    assert _read(body, status=200)[0] != "reachable"


_COMPLETION = (
    '{"object":"chat.completion","choices":[{"message":{"role":"assistant","content":"hi"}}]}'
)


@pytest.mark.parametrize(
    "after",
    [
        "\n下一次调用：余额不足",
        "\nthen: 429 rate limit",
        "\nnext call: insufficient_quota",
        "\nnext call: Your key was revoked",
    ],
)
def test_a_pasted_completion_with_an_error_after_it_is_never_reachable(after: str) -> None:
    """Adversarial: class 1 for a pasted completion (a success followed by an error line)."""
    assert _read(_COMPLETION + after)[0] != "reachable"


def test_a_pasted_completion_after_an_error_status_is_never_reachable() -> None:
    assert _read("POST /v1/chat/completions -> 401\n" + _COMPLETION)[0] != "reachable"


def test_a_pasted_completion_alone_stays_a_success() -> None:
    assert _read(_COMPLETION) == ("reachable", "ok")
