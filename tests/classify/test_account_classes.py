"""The account and throttle families of answers (issue #15, third round): a rate limit, used-up
credit or billing, a plan's cap, a model the account is not entitled to, a refused credential, a
location or policy refusal. Each family is held to real answers from tests/corpus/ (read as
`explain` reads a paste, tools/score.py) and to other wordings of it that other providers,
wrappers and languages use: a rule written for one sentence fails here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(__file__).parents[1] / "corpus"
FILES = ("corpus.jsonl", "cases-2026-12.jsonl", "heldout-2026-12.jsonl", "heldout-2026-12b.jsonl")


def _case(case_id: str) -> dict[str, Any]:
    for name in FILES:
        for line in (CORPUS / name).read_text().splitlines():
            case = json.loads(line)
            if case["case_id"] == case_id:
                return case
    raise AssertionError(f"no corpus case {case_id}")


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
