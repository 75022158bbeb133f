"""The classes of answers the first held-out split showed the rules missing (issue #15, second
round), each held to real answers from tests/corpus/ — read as `explain` reads a paste
(tools/score.py). Each row fails if its rule, or the reading it needs, is dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from accesscheck.classify import read
from accesscheck.classify.status import status_from_text
from tests.cases import case as _case

CORPUS = Path(__file__).parents[1] / "corpus"


def _read(case_id: str) -> tuple[str, str]:
    from tests.classify.test_corpus import _score

    verdict: tuple[str, str] = _score().read(_case(case_id))
    return verdict


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        # 1. Gemini's one 429 for every limit: the quotaId tells them apart, at any depth…
        ("h1-138", "gated/quota_exhausted"),  # …PerDay…-FreeTier, JSON escaped in an SDK line
        ("c039", "reachable/rate_limited"),  # a …PerMinute… quota among the violations
        ("g1-228", "reachable/rate_limited"),  # an app naming the limit: TPM (Token per minute)
        # …and without it the answer does not show the model answers today: never reachable
        ("h1-148", "gated/quota_exhausted"),
        ("h1-178", "gated/quota_exhausted"),  # no status at all
        ("h1-146", "gated/quota_exhausted"),  # an app's Chinese words for it (调用频率超限)
        ("h1-147", "gated/quota_exhausted"),  # an app's English words for it
        ("g1-085", "reachable/rate_limited"),  # the capacity answer stays a throttle
        # 3. a gateway's own refusals: account routing settings, or the request's features
        ("h1-167", "gated/not_entitled"),  # OpenRouter: no allowed providers
        ("h1-095", "gated/not_entitled"),  # guardrail restrictions and data policy
        ("h1-171", "unavailable/not_found"),  # no endpoint supports tool use: no route (h3b-006)
        # 4. families of words for a plan's cap, a payment, a licence, a disabled feature
        ("h1-085", "gated/quota_exhausted"),  # Volcengine: reached the set inference limit
        ("h1-082", "gated/quota_exhausted"),  # Copilot: exceeded your monthly quota
        ("h1-081", "gated/quota_exhausted"),  # Code Assist: Individual quota reached (429)
        ("h1-117", "gated/quota_exhausted"),  # Cerebras: Payment required, no status
        ("h1-021", "gated/quota_exhausted"),  # iFlytek 11200 AppIdNoAuthError tokens.total
        ("h1-023", "gated/not_entitled"),  # iFlytek 11200 for a model domain
        ("h1-028", "gated/not_entitled"),  # Yandex: Access to model art://… denied (gRPC)
        ("h1-035", "restricted/geo_blocked"),  # Databricks: not enabled for your shard (region)
        ("h1-036", "restricted/policy_denied"),  # Databricks: disabled explicitly (403)
        ("h1-142", "restricted/policy_denied"),  # a relay's client allowlist (403)
        ("h1-157", "unavailable/not_found"),  # Google: CONSUMER_INVALID (a project that is not)
        ("h1-118", "unknown/provider_error"),  # high traffic, though wrapped as RateLimitError
        # 5. successes pasted as errors
        ("h1-109", "reachable/listed"),  # a model list
        ("h1-110", "reachable/ok"),  # finishReason SAFETY
        ("h1-111", "reachable/ok"),  # the SDK's error on a safety-blocked answer
        ("h1-112", "reachable/ok"),  # prompt_feedback block_reason
        # 6. block pages cut mid-document, Chinese throttle words, a self-signed chain
        ("h1-034", "restricted/network_blocked"),  # Cloudflare's WAF page without its title
        ("h1-137", "restricted/network_blocked"),  # a Zscaler block page
        ("h1-131", "reachable/rate_limited"),  # 请求速度过快
        ("h1-069", "unknown/local_network_down"),  # self-signed certificate in chain
    ],
)
def test_each_class_of_answer_reads_as_its_label_says(case_id: str, verdict: str) -> None:
    assert "/".join(_read(case_id)) == verdict


def test_a_quota_id_is_found_at_any_depth() -> None:
    """The quotaId inside JSON escaped in an SDK's line (corpus h1-138) still reads."""
    facts = read.read(_case("h1-138")["body"], 429)
    assert "GenerateRequestsPerDayPerProjectPerModel-FreeTier" in facts.quota_ids


@pytest.mark.parametrize(
    ("text", "status", "verdict"),
    [
        # 2. bare statuses, in the forms the corpus holds (h1-058, h1-057, h1-122, h1-176, h1-032,
        # h1-063, h1-088): the status is found; a bare 429 is no proof the model answered (a
        # throttle or used-up credit: only its body tells), a bare 403 no proof of anything.
        ("Error: Request failed with status code 429", 429, "unknown/unexpected_response"),
        ("✕ [API Error: OpenAI API error: 429 status code (no body)]", 429, "unknown/unexpected_response"),
        ("MistralLeChat error: ((HTTP/2 429) Could not parse HTTP response.)", 429, "unknown/unexpected_response"),
        ('HTTP Response: POST https://api.openai.com/v1/chat/completions "429 Too Many Requests"', 429,
         "unknown/unexpected_response"),
        ("unexpected status 403 Forbidden: , url: https://chatgpt.com/backend-api/codex/responses", 403,
         "unknown/unexpected_response"),
        # a 404 page once the key was sent: a URL that is not the API's (round 3: html-404-page)
        ('Error: 404 <!DOCTYPE html><html id="__next_error__"><head>', 404, "unavailable/not_found"),
        ("加载该 API 凭据的模型失败，请求失败: 401", 401, "unknown/auth_invalid"),
    ],
)  # fmt: skip
def test_a_bare_status_is_found_and_decides_only_what_it_can(
    text: str, status: int, verdict: str
) -> None:
    import accesscheck

    assert status_from_text(text) == status
    found = accesscheck.explain(text)
    assert f"{found.status.value}/{found.reason.value}" == verdict


def test_a_pasted_gemini_model_list_is_a_success() -> None:
    """Gemini's models.list shape (ai.google.dev/api/models: `models[].name` "models/…")."""
    import accesscheck

    listing = '{"models": [{"name": "models/gemini-2.5-flash", "version": "001"}]}'
    found = accesscheck.explain(listing, provider="gemini")
    assert (found.status.value, found.reason.value) == ("reachable", "listed")


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h1-127", "gated/quota_exhausted"),  # OpenAI's quota sentence, relayed from Alibaba
        ("g2-071", "reachable/rate_limited"),  # DashScope's throttle: the same words, #token-limit
    ],
)
def test_openais_quota_sentence_is_used_up_credit_unless_it_links_a_throttle(
    case_id: str, verdict: str
) -> None:
    assert "/".join(_read(case_id)) == verdict


# LiteLLM raises VertexAIException for the Gemini API too (its gemini/ models share the Vertex
# code): BerriAI/litellm#11725, as reported (a per-minute free-tier quota).
LITELLM_GEMINI = (
    'litellm.RateLimitError: VertexAIException - {\n  "error": {\n    "code": 429,\n    "message": '
    '"You exceeded your current quota, please check your plan and billing details. For more '
    'information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",\n'
    '    "status": "RESOURCE_EXHAUSTED",\n    "details": [\n      {\n        "@type": '
    '"type.googleapis.com/google.rpc.QuotaFailure",\n        "violations": [\n          {\n'
    '            "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_'
    'requests",\n            "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"'
)


def test_the_api_host_a_text_names_outranks_a_wrappers_exception_name() -> None:
    import accesscheck

    found = accesscheck.explain(LITELLM_GEMINI)
    assert (found.status.value, found.reason.value, found.rule) == (
        "reachable",
        "rate_limited",
        "gemini-per-minute",
    )


def test_an_accounts_provider_preference_is_named_as_such() -> None:
    """OpenRouter's words for the account's `provider.only` preference (michelbr84/GarraRUST#1299
    quotes them) are the same refusal as "No allowed providers are available"."""
    import accesscheck

    text = "your request's provider.only preference permits only: open-inference"
    found = accesscheck.explain(text, provider="openrouter")
    assert (found.status.value, found.rule) == ("gated", "gateway-provider-allowlist")


def test_openrouters_credit_check_is_used_up_credit_without_its_status() -> None:
    """OpenRouter's 402 words, pasted without the status (Taewan-P/gpt_mobile#284)."""
    import accesscheck

    text = (
        "Error: This request requires more credits, or fewer max_tokens. You requested up to 16384 "
        "tokens, but can only afford 3919. To increase, visit https://openrouter.ai/settings/credits "
        "and upgrade to a paid account"
    )
    found = accesscheck.explain(text)
    assert (found.status.value, found.reason.value) == ("gated", "quota_exhausted")


@pytest.mark.parametrize(
    "text",
    [
        # GitHub Copilot's words, as microsoft/vscode-copilot-release#12785 and #9300 and
        # earendil-works/pi#3643 show them
        "You have exceeded your premium request allowance. We have automatically switched you to "
        "GPT-4.1 which is included with your plan. Enable additional paid premium requests to "
        "continue using premium models.",
        "You have exceeded your premium request limit, and do not currently have overages enabled. "
        "We have switched you to the free base model. Enable Overages.",
        'Server error: 402 {"error":{"message":"You have no quota","code":"quota_exceeded"}}',
    ],
)
def test_a_plans_request_allowance_is_its_cap(text: str) -> None:
    import accesscheck

    found = accesscheck.explain(text)
    assert (found.status.value, found.reason.value) == ("gated", "quota_exhausted")


def test_a_trial_keys_monthly_calls_are_its_cap_without_a_status() -> None:
    """Cohere's trial key, limited per month (cohere-developer-experience#199), pasted without its
    429; the same words per minute stay a throttle (corpus c064)."""
    import accesscheck

    monthly = "You are using a Trial key, which is limited to 1000 API calls / month."
    found = accesscheck.explain(monthly, provider="cohere")
    assert (found.status.value, found.reason.value) == ("gated", "quota_exhausted")
    assert "/".join(_read("c064")) == "reachable/rate_limited"
