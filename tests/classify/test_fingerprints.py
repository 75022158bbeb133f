"""Issue #15: reading any answer, whatever wrapped it, and deciding by what it says.

Each case is a real answer from the development set (tests/corpus/cases-2026-12.jsonl), read
the way `accesscheck explain -p PROVIDER` reads a paste; each class of message below was
misread before the reader looked at every depth and the fingerprints stood on their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accesscheck.classify import depth, read
from accesscheck.classify.explain import Explanation, explain_text, reading
from accesscheck.registry import load
from accesscheck.report.explanation import render_json
from tests.cases import case as _case
from tests.conftest import Runner

CASES = Path(__file__).resolve().parents[1] / "corpus" / "cases-2026-12.jsonl"
REGISTRY = load(None)
FAMILY_OF = {"azure_openai": "azure-openai", "vertex_ai": "vertex"}


def _explain(case_id: str) -> Explanation:
    case = _case(case_id)
    read_as = reading(FAMILY_OF.get(case["provider"], case["provider"]), case["body"], REGISTRY)
    return explain_text(
        case["body"],
        family=read_as.family,
        dialect=read_as.dialect,
        status=case["status"] or None,
        endpoint="generate",
        read_as=read_as.why,
    )


def _verdict(case_id: str) -> str:
    found = _explain(case_id).verdict
    return f"{found.status.value}/{found.reason.value}"


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        # billing and plan caps sent with 429 are gating, not throttling
        ("g1-104", "gated/quota_exhausted"),  # openai.RateLimitError … billing_not_active
        ("g1-053", "gated/quota_exhausted"),  # xAI 429 "used all available credits"
        ("g2-078", "gated/quota_exhausted"),  # Zhipu 429 余额不足或无可用资源包
        ("g2-111", "gated/quota_exhausted"),  # Zhipu 429 已达到 5 小时的使用上限
        ("g2-118", "gated/quota_exhausted"),  # MiniMax 429 rate_limit_error "5-hour usage limit"
        ("g1-182", "gated/quota_exhausted"),  # a relay's 403 insufficient_user_quota
        # codes and messages inside wrappers (SDK lines, gateways, chat apps, logs)
        ("g1-105", "gated/quota_exhausted"),  # typographic quotes: not JSON, code still read
        ("g1-203", "unknown/account_disabled"),  # one-api's flattened "code account_deactivated"
        ("g1-184", "gated/quota_exhausted"),  # a Go %+v struct dump of the relay's error
        ("g1-216", "reachable/rate_limited"),  # log lines prefixed with an emoji
        # no status at all: the message decides
        ("g1-137", "reachable/rate_limited"),
        ("g2-061", "reachable/rate_limited"),  # 访问过于频繁
        ("g1-050", "unknown/auth_invalid"),  # APICallError: Unauthorized
        ("g2-129", "unknown/auth_invalid"),  # Authentication Fails (auth header format …)
        # text status fallbacks
        ("g1-049", "unknown/auth_invalid"),  # "401 status code (no body)"
        ("g1-096", "unavailable/not_found"),  # Gemini's 404 as text
        # a gateway's own errors
        ("g1-021", "gated/not_entitled"),  # OpenRouter: no endpoints matching your data policy
        ("g1-187", "unavailable/not_found"),  # one-api: 无可用渠道
        ("g2-122", "unavailable/not_found"),  # HF router: not supported by any provider enabled
        ("g1-066", "unknown/provider_error"),  # Cloudflare AI Gateway 2005
        # refusals that are neither a location nor a missing grant
        ("g1-011", "restricted/policy_denied"),  # an SCP explicit deny
        ("g1-033", "restricted/network_blocked"),  # Azure VNet
        ("g2-093", "restricted/network_blocked"),  # CORS
        ("g1-098", "unknown/account_disabled"),  # "This organization has been disabled." (400)
        ("g2-029", "gated/dedicated_only"),  # Together non-serverless through TrueFoundry
        ("g2-073", "gated/not_entitled"),  # Ark ModelNotOpen sent as 404
        # region wording in every phrasing
        ("g1-003", "restricted/geo_blocked"),  # "not available in your country"
        ("g1-241", "restricted/geo_blocked"),  # "might not be available in your country"
        ("g2-025", "restricted/geo_blocked"),  # 你的所在地区不支持此模型服务
        ("g1-220", "gated/not_entitled"),  # location words + billing: the free tier's gate
        ("g2-145", "restricted/network_blocked"),  # an edge block page rendered as text
        # a pasted transport failure is read after every HTTP answer's fingerprint
        ("g1-052", "gated/quota_exhausted"),  # "Failed to fetch … doesn't have any credits"
        ("g1-233", "unavailable/not_found"),  # LiteLLM "Max Retries: 2" after a Bedrock 400
    ],
)
def test_a_class_of_message_is_read_whatever_wraps_it(case_id: str, verdict: str) -> None:
    assert _verdict(case_id) == verdict


@pytest.mark.parametrize(
    "case_id",
    [
        "g1-134",  # a chat app's 200 whose body is OpenAI's "does not exist"
        "g1-234",  # a Lambda's statusCode 200 carrying a Bedrock error
        "g1-262",  # a 429 whose body was lost (Go http.Response dump)
        "g1-040",  # a relay's 429 naming an upstream's bad status
        "g2-138",  # DeepInfra's "Model busy" relayed as 429
        "g1-142",  # Azure's "retry after 86400 seconds" inside LiteLLM inside a log line
    ],
)
def test_an_answer_without_positive_evidence_is_never_reachable(case_id: str) -> None:
    assert not _verdict(case_id).startswith("reachable/")


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # Phrasing checks of the language families (not provider bodies): Japanese
        ("お住まいの地域ではご利用いただけません", "restricted/geo_blocked"),
        ("残高が不足しています", "gated/quota_exhausted"),
        ("APIキーが無効です", "unknown/auth_invalid"),
        ("レート制限に達しました", "reachable/rate_limited"),
        # and Chinese
        ("您的账户已欠费", "gated/quota_exhausted"),
        ("该模型已下线", "unavailable/retired"),
        ("无效的API Key", "unknown/auth_invalid"),
        ("账号已被封禁", "unknown/account_disabled"),
    ],
)
def test_chinese_and_japanese_messages(text: str, verdict: str) -> None:
    found = explain_text(text, family="openai", dialect="openai", status=None, endpoint="generate")
    assert f"{found.verdict.status.value}/{found.verdict.reason.value}" == verdict
    assert found.language in ("zh", "ja")


def test_every_code_type_and_message_is_read_at_any_depth() -> None:
    """An SDK line holding a gateway's JSON holding the upstream's JSON in a string."""
    facts = read.read(_case("g1-142")["body"], None)
    assert "throttling_error" in facts.all_types  # the gateway's own envelope
    assert any("86400 seconds" in message for message in facts.messages)  # Azure's, inside
    assert 429 in facts.statuses


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("litellm.RateLimitError: AzureException RateLimitError - Error code: 429", "azure-openai"),
        (
            "openai.BadRequestError: Error code: 400 - {'message': 'aws-bedrock error: …'}",
            "bedrock",
        ),
        ("⚠️ OpenAI rejected the request … obtain an API key from https://console.x.ai.", "xai"),
        ("Error from provider (Alibaba): You exceeded your current quota", "dashscope"),
        # a model's name is the weakest hint: OpenRouter served Qwen here (corpus g1-160)
        (
            "Model: Qwen3 Coder 480B A35B (free)\nProvider: openrouter\nStatus Code: 429",
            "openrouter",
        ),
    ],
)
def test_the_provider_the_text_names_comes_first(text: str, named: str) -> None:
    """A wrapper's name for the answering provider (or an API host) says who answered; an
    SDK's own module name says only which client was used."""
    assert depth.hints_in(text)[0] == named


def test_an_unknown_provider_name_is_read_with_the_text_or_the_generic_rules() -> None:
    by_text = reading("acme-llm", "litellm.BadRequestError: PerplexityException - …", REGISTRY)
    assert by_text.family == "perplexity"
    assert "the text names it" in by_text.why and "'acme-llm'" in by_text.why
    generic = reading("acme-llm", '{"error": {"message": "nope"}}', REGISTRY)
    assert (generic.family, generic.dialect) == ("openai", "openai")
    assert "generic OpenAI-compatible" in generic.why
    hinted = reading("openai", "Error from SiliconFlow: 401", REGISTRY)
    assert hinted.family == "openai" and "the text names siliconflow" in hinted.why


def test_the_answer_states_its_evidence_and_the_other_reading() -> None:
    quota = _explain("g1-104")
    assert "billing_not_active" in quota.evidence and not quota.other
    ambiguous = _explain("g1-117")  # Vertex: a partner model's per-base-model quota
    assert ambiguous.verdict.ambiguous
    assert "per-minute limit" in ambiguous.other
    doc = json.loads(render_json(ambiguous))
    assert doc["ambiguous"] is True and doc["other_reading"] == ambiguous.other
    assert doc["evidence"] and doc["read_as"] and doc["language"] == "en"


def test_cli_explain_names_the_provider_without_provider(run: Runner) -> None:
    line = (
        "litellm.BadRequestError: BedrockException - "
        '{"message":"The provided model identifier is invalid."}'
    )
    result = run("explain", "--format", "json", stdin=line)
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert (doc["status"], doc["reason"]) == ("unavailable", "not_found")
    assert doc["read_as"] == "read as bedrock: the text names it"
    assert "identifier is invalid" in doc["evidence"]


@pytest.mark.parametrize("family", ["gemini", "openai", "anthropic"])
def test_a_429_without_its_body_is_never_reachable(family: str) -> None:
    """The status alone cannot tell a throttle from used-up credit (README, the vocabulary)."""
    from accesscheck.classify.rules import dialect_of_family

    for text in ("Error: 429 Too Many Requests", "429 status code (no body)"):
        found = explain_text(
            text, family=family, dialect=dialect_of_family(family), status=None, endpoint="generate"
        )
        assert found.verdict.status.value != "reachable", (family, text, found.verdict.rule)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('{"error": {"code": "slow_down", "message": "Slow Down"}}', 503),  # OpenAI's 503
        (_case("g2-141")["body"], 413),  # Groq: request too large for the tier's TPM
    ],
)
def test_a_throttle_with_another_status_than_429_is_not_reachable(body: str, status: int) -> None:
    """README (the vocabulary): only 2xx and 429 are ever `reachable`."""
    found = explain_text(body, family="groq", dialect="openai", status=status, endpoint="generate")
    assert found.verdict.status.value != "reachable", found.verdict.rule


@pytest.mark.parametrize(
    ("family", "status", "text", "verdict"),
    [
        # help.openai.com/en/articles/6891827; developers.openai.com/docs/guides/error-codes
        (
            "openai",
            401,
            "You must be a member of an organization to use the API.",
            "unknown/auth_invalid",
        ),
        ("openai", 401, "IP not authorized", "restricted/network_blocked"),
        # docs.bigmodel.cn/cn/faq/api-code: 1112, 1303, 1304
        ("zhipu", 429, "您的账户已被锁定,请联系客服解锁", "unknown/account_disabled"),
        (
            "zhipu",
            429,
            "您当前使用该 API 的频率过高,请降低频率,或联系客服增加限额",
            "reachable/rate_limited",
        ),
        (
            "zhipu",
            429,
            "该 API 已达今日调用次数限额,如有更多需求,请联系客服购买",
            "gated/quota_exhausted",
        ),
        # ai.baidu.com/ai-doc/WENXINWORKSHOP/tlmyncueh: 18, 19
        ("qianfan", None, "Open api qps request limit reached", "reachable/rate_limited"),
        ("qianfan", None, "Open api total request limit reached", "gated/quota_exhausted"),
        # developers.cloudflare.com/workers-ai/platform/errors: 3036, 3040
        (
            "openai",
            429,
            "You have used up your daily free allocation of 10,000 neurons. Please upgrade to "
            "Cloudflare's Workers Paid plan if you would like to continue usage.",
            "gated/quota_exhausted",
        ),
        ("openai", 429, "No more data centers to forward the request to", "unknown/provider_error"),
        # volcengine.com/docs/82379/1299023: AccessDenied
        (
            "volcengine",
            403,
            "The request failed because you do not have access to the requested resource.",
            "gated/not_entitled",
        ),
    ],
)
def test_messages_as_the_providers_documents_word_them(
    family: str, status: int | None, text: str, verdict: str
) -> None:
    from accesscheck.classify.rules import dialect_of_family

    found = explain_text(
        text, family=family, dialect=dialect_of_family(family), status=status, endpoint="generate"
    )
    assert f"{found.verdict.status.value}/{found.verdict.reason.value}" == verdict
