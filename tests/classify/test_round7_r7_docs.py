"""Round 7 of issue #15 (r7-docs): round 5's method (tests/classify/test_round5_docs.py) taken to
the providers, self-hosted servers and gateways that round did not read. Every row is one
documented condition — its status, code and message as the page in DOCS gives them (a page that
gives a description and no message text: the description, which is what an SDK or app that
prints the page's words shows) — read in the wrappers a paste carries it in (round 5's forms,
plus the envelopes these pages document: GigaChat's {status, message}, NVIDIA's problem+json,
Tencent Cloud's Response.Error, a gateway's {detail}). The verdict each form must get is the
corpus vocabulary's (tests/corpus/README.md); a form a row leaves out is a known gap, said in
GAPS, and still never a false `reachable` (no documented error is `reachable` but a throttle at
429 or pasted without a status).

Pages looked for and not found, or without message text (skipped): Perplexity (third-party
summaries only), Cerebras (statuses and SDK class names only), DeepInfra, Replicate, Hyperbolic,
AI21, Upstage, Reka, Baichuan, StepFun (statuses with Chinese descriptions), 01.ai, SenseNova,
Sakana, Helicone, Cloudflare AI Gateway (code 2009 at 401, no message), Vercel AI Gateway.
iFlytek Spark's codes are read by the spark-* rules already; one-api/new-api's by AiHubMix's
table (a new-api relay) here."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.classify.test_account_classes import _explain, _read
from tests.classify.test_round5_docs import _accepts, _body
from tests.classify.test_round5_docs import _rows as _round5_rows

DOCS = {
    "mistral": "https://docs.mistral.ai/resources/error-glossary",
    "xai": "https://docs.x.ai/developers/debugging",
    "fireworks": "https://docs.fireworks.ai/guides/inference-error-codes",
    "sambanova": "https://docs.sambanova.ai/cloud/api-reference/using-the-api/api-error-codes",
    "sambanova-forum": "https://community.sambanova.ai/t/api-error-codes/196",
    "nvidia": "https://github.com/dmMaze/BallonsTranslator/issues/1233",
    "hf": "https://huggingface.co/ensnnet",
    "hf-pro": "https://huggingface.co/bashbe/activity/all",
    "novita": "https://novita.ai/docs/guides/error",
    "featherless": "https://featherless.ai/docs/api-reference-error-codes",
    "ollama": "https://github.com/ollama/ollama/blob/main/server/routes.go",
    "vllm": "https://github.com/vllm-project/vllm/blob/main/vllm/entrypoints/openai/serving_engine.py",
    "gigachat": "https://developers.sber.ru/docs/ru/gigachat-b2bank/api/errors-description",
    "gigachat-auth": "https://developers.sber.ru/docs/ru/gigachat/api/errors-description",
    "tencent": "https://www.tencentcloud.com/document/api/1284/75543",
    "gemini-prepay": "https://discuss.ai.google.dev/t/api-update-depleted-prepay-credits-now-return-h"
    "ttp-402-instead-of-429/183654",
    "wandb": "https://docs.wandb.ai/ja/inference/api-reference/errors",
    "openrouter-sdk": "https://openrouter.ai/docs/sdks/typescript/api-reference/errors/paymentrequire"
    "dresponseerror",
    "portkey": "https://portkey.ai/docs/aigw/api-reference/inference-api/error-codes",
    "proxyapi": "https://proxyapi.ru/docs/errors",
    "neon": "https://neon.com/docs/ai-gateway/troubleshooting",
    "langfuse": "https://langfuse.com/faq/all/ai-gateway-error-codes",
    "merge": "https://docs.merge.dev/merge-gateway/errors",
    "wpengine": "https://developers.wpengine.com/docs/ai/api/errors",
    "jiekou": "https://docs.jiekou.ai/docs/models/reference-error-code.md",
    "opengateway": "https://github.com/Gitlawb/openclaude/issues/1490",
    "aihubmix": "https://docs.aihubmix.com/cn/FAQs/HTTP-Codes",
    "briskapi": "https://cn.briskapi.com/HTTPStatusCodeDescription",
    "lmstudio": "https://github.com/lmstudio-ai/lms/issues/107",
    "clova": "https://api.ncloud-docs.com/docs/en/clovastudio-troubleshoot-c4xx",
    "yandex": "https://aistudio.yandex.ru/docs/en/ai-studio/troubleshooting/error-codes",
    "mistral-detail": "https://github.com/nextcloud/integration_openai/issues/332",
    "mistral-codestral": "https://github.com/cline/cline/issues/1734",
}
# family|status|envelope shape|code or type|accepted verdicts (round 5's VERDICTS letters)|page
# in DOCS|forms read right|the documented message; a line that goes on is indented as round 5's.
ROWS = """
mistral|401|oai|authentication_error:|A|mistral|skeEbBt|The API key is missing, invalid, or
    expired.
mistral|403|oai|invalid_request_error:|E|mistral|skeEbBt|Your account does not have
    permission to access the requested resource.
xai|401|oai|:|A|xai|skeEbBt|No authorization header or an invalid authorization token is
    provided.
xai|403|oai|:|E|xai|skeEbBt|Your API key/team doesn't have permission to perform the action.
xai|403|oai|:|D,A|xai|skeEbBt|Your API key/team is blocked.
fireworks|402|oai|:|Q|fireworks|skeEbBt|Account is not on a paid plan or has exceeded usage
    limits.
fireworks|412|oai|:|D|fireworks|skeEbBt|Account is suspended or there's an issue with account
    status.
sambanova|400|oai|invalid_request_error:model_not_found|N|sambanova-forum|sebBt|Provided
    model ID does not exist.
sambanova|401|oai|invalid_request_error:invalid_authentication|A|sambanova-forum|skeEbBt|The
    API key provided is invalid or unauthorized.
sambanova|410|oai|:|X,N|sambanova|skeEbBt|The requested model is no longer available
    (deprecated or removed).
sambanova|429|oai|:|R|sambanova|skeEbBt|Rate limit exceeded for your subscription tier.
sambanova|429|oai|:|R|sambanova|skeEbBt|Too many requests are currently in flight; the server
    declined the request.
sambanova|503|oai|:|P|sambanova|skeEbBt|The model is temporarily unavailable due to
    maintenance.
nvidia|403|nv|Forbidden|A|nvidia|skeEbBt|Authorization failed
huggingface|402|cm|402|Q|hf|skeEbBt|You have exceeded your monthly included credits for
    Inference Providers. Pay-as-you-go above your included PRO quota will be available soon.
huggingface|402|cm|402|Q|hf-pro|skeEbBt|You have exceeded your monthly included credits for
    Inference Endpoints. Subscribe to PRO to get 20x more monthly allowance.
novita|403|oai|:|E,g|novita|skeEbBt|Some models require identity verification to access
featherless|403|cm|403|E|featherless|skeEbBt|The model is gated and you need to agree to the
    model's license before using it.
featherless|503|cm|503|P|featherless|skeEbBt|Service Temporarily Unavailable / No valid
    Executor
featherless|400|cm|400|P,U|featherless|skeEbBt|This Model is Cold / Not Ready for Inference
ollama|404|ol||N|ollama|skeEbBt|model "llama3.1" not found, try pulling it first
vllm|404|oai|NotFoundError:404|N|vllm|skeEbBt|The model `llama-3-8b` does not exist.
gigachat|402|gc||Q|gigachat|skeEt|Payment Required
gigachat|413|gc||U|gigachat|skeEbBt|Payload too large
gigachat|422|gc||U|gigachat|skeEbBt|Requested model does not support functions
gigachat|400|gc||A,E|gigachat-auth|skeEbBt|scope from db not fully includes consumed scope
tencent|401|tc|AuthFailure.SecretIdNotFound|A|tencent|skeEbBt|Key does not exist. Check if
    the key has been deleted or disabled in the console, and if not, check if the key is
    correctly entered. Note that whitespaces should not exist before or after the key.
tencent|401|tc|AuthFailure.SignatureFailure|A|tencent|skeEbBt|The provided credentials could
    not be validated. Please check your signature is correct.
gemini|402|goo|RESOURCE_EXHAUSTED|Q|gemini-prepay|skeEbBt|Your prepayment credits are
    depleted. Please go to AI Studio at https://ai.studio/projects to manage your project
    and billing. Learn more at https://ai.google.dev/gemini-api/docs/billing#prepay.
wandb|401|oai|:|A|wandb|skeEbBt|Authentication failed
wandb|402|oai|:|Q|wandb|skeEbBt|You exceeded your current quota, please check your plan and
    billing details
wandb|403|oai|:|G|wandb|skeEbBt|Country, region, or territory not supported
wandb|403|oai|:|E|wandb|skeEbBt|The inference gateway is not enabled for your organization
wandb|429|oai|:|R|wandb|skeEbBt|Concurrency limit reached for requests
wandb|503|oai|:|P,R|wandb|skeEbBt|The engine is currently overloaded, please try again later
openrouter|402|cm|402|Q|openrouter-sdk|skeEbBt|Insufficient credits. Add more using
    https://openrouter.ai/credits
portkey|412|cm|412|Q|portkey|skeEbBt|Budget exhausted
portkey|446|cm|446|U|portkey|skeEbBt|Guardrail checks failed (request denied)
proxyapi|402|dt||Q|proxyapi|skeEbBt|Insufficient balance to run this request.
neon|401|cm|401|A|neon|skeEbBt|invalid or missing credential
neon|403|cm|403|E,A|neon|skeEbBt|credential not authorized for ai gateway
langfuse|401|cm|401|A|langfuse|skeEbBt|Invalid gateway credential
langfuse|403|cm|403|E,U|langfuse|skeEbBt|Gateway access forbidden
merge|400|oai|invalid_request_error:project_budget_exceeded|Q|merge|skeEbBt|Project budget
    exceeded for '4f8b2c6e-9d1a-4e7a-b3f5-2c8d0a6e1b47'.
merge|404|oai|not_found_error:model_not_found|N|merge|skeEbBt|Model 'openai/gpt-9' is not
    supported. Check /v1/models for available models.
wpengine|402|oai|insufficient_credits:|Q|wpengine|skeEbBt|No credits remaining on the account.
jiekou|403|cm|NOT_ENOUGH_BALANCE|Q|jiekou|skeEbBt|余额不足
jiekou|404|cm|MODEL_NOT_FOUND|N|jiekou|skeEbBt|模型不存在
opengateway|402|oai|insufficient_quota:insufficient_credits|Q|opengateway|skeEbBt|Insufficient
    credits — top up your balance at https://gitlawb.com/opengateway/credits
aihubmix|403|oai|new_api_error:insufficient_user_quota|Q|aihubmix|skeEbBt|Your account balance
    is insufficient. Please recharge your account to continue using the API.
aihubmix|403|oai|new_api_error:insufficient_user_quota|Q|aihubmix|skeEbBt|用户余额不足,需要充值
aihubmix|403|oai|new_api_error:|D|aihubmix|skeEbBt|Account suspended.
aihubmix|403|oai|new_api_error:|D|aihubmix|skeEbBt|用户已被封禁
aihubmix|403|oai|new_api_error:|W,Y|aihubmix|skeEbBt|Forbidden – key(a1b2c3) allowed only from
    approved IP ranges.
aihubmix|403|oai|new_api_error:|W,Y|aihubmix|skeEbBt|该令牌只能在指定网段使用
aihubmix|403|oai|new_api_error:|E|aihubmix|skeEbBt|Forbidden – key(a1b2c3) not authorized to
    access the requested model.
aihubmix|403|oai|new_api_error:|E|aihubmix|skeEbBt|该令牌无权使用模型
aihubmix|401|oai|new_api_error:|A|aihubmix|skeEbBt|Unauthorized – access token is invalid or
    expired.
aihubmix|503|oai|new_api_error:|N,E|aihubmix|skeEbBt|Incorrect model ID. Please request to
    view the model page or you do not have permission to use this model
aihubmix|503|oai|new_api_error:|P,R|aihubmix|skt|Rate limited by provider – contact support
    to request higher concurrency or try again later.
briskapi|402|oai|BILLING_ERROR:|Q|briskapi|skeEbBt|This API key has insufficient credits and
    has reached its usage limit
briskapi|401|oai|AUTHENTICATION_ERROR:|A,D|briskapi|skeEbBt|The API key has been disabled.
    Please contact customer support if you believe this is an error
briskapi|503|oai|SERVICE_ERROR:|P|briskapi|skeEbBt|The “openai/gpt-4o” service API endpoint is
    currently under maintenance. Please try again later
lmstudio|404|ol||N,P|lmstudio|skeEbBt|No models loaded. Please load a model in the developer
    page or use the `lms load` command
clova|400|cv|40080|N|clova|skeEbBt|model not found
clova|400|cv|40082|X,N|clova|skeEbBt|model fade out
clova|401|cv|40102|A|clova|skeEbBt|Invalid access token
clova|401|cv|40103|A|clova|skeEbBt|Access token expired
clova|401|cv|40104|A|clova|skbBt|Invalid key
clova|401|cv|40170|E,g|clova|skeEbBt|No subscription request history found. Please request a
    subscription to use
yandex|400|-||A,E,U|yandex|bBt|Specified folder ID does not match with service account
yandex|400|-||U|yandex|bBt|Failed to parse model URI
mistral|401|dt||A|mistral-detail|skeEbBt|Unauthorized
mistral|401|mr||A|mistral-codestral|skeEbBt|Unauthorized
"""
# Forms a row leaves out, and why they are left (each still never a false `reachable`).
GAPS = {
    "Payment Required": "bB: the bare reason phrase of 402 names no cause without its status",
    "Rate limited by provider": "eEbB: beside 'contact support' (a refusal's words) the throttle is not "
    "read, and without its 503 nor is the provider's failure; neither form reads reachable",
    "Invalid key": "eE: in CLOVA's envelope, with no status, 'Invalid key' is followed by a quote, which "
    "auth-words reads as a request's dictionary key ('invalid key \"x\"'), not a credential",
    "Provided model ID": "kE: with no provider named, the code model_not_found is read as OpenAI's (its "
    "'does not exist or you do not have access' is ambiguous, and its 2023 'does not exist' was a gate)",
}


def _rows() -> list[list[str]]:
    return _round5_rows(ROWS)


def _envelope(shape: str, status: int, tag: str, message: str) -> Any:
    """Round 5's envelopes, and the ones these pages document."""
    return {
        "gc": {"status": status, "message": message},  # GigaChat
        "nv": {"status": status, "title": tag, "detail": message},  # NVIDIA's problem+json
        "tc": {"Response": {"Error": {"Code": tag, "Message": message}, "RequestId": "ed93f3cb"}},
        "dt": {"detail": message},  # a gateway's FastAPI-style refusal
        "ol": {"error": message},  # Ollama
        "cv": {"status": {"code": tag, "message": message}, "result": None},  # CLOVA Studio
        "mr": {"message": message, "request_id": "c61f2f15feca71626a990e3740f99245"},  # Mistral
    }.get(shape) or _body(shape, status, tag, message)


def _forms(row: list[str]) -> dict[str, tuple[str, str | None, int | None]]:
    """Every wrapper a row's condition is pasted in: form letter -> (text, provider hint, status)."""
    family, status_text, shape, tag, _, _, _, message = row
    status = int(status_text) or None
    forms: dict[str, tuple[str, str | None, int | None]] = {
        "b": (message, family, None),  # the bare message, the provider named
        "B": (message, None, None),  # the bare message alone
    }
    if status:
        forms["t"] = (message, family, status)
    if shape == "-":  # a page that shows the message alone, no envelope
        return forms
    body = json.dumps(_envelope(shape, status or 0, tag, message), ensure_ascii=False)
    forms |= {"e": (body, family, None), "E": (body, None, None)}  # the envelope, no status
    if status:
        forms |= {
            "s": (body, family, status),
            "k": (f"Error code: {status} - {body}", None, None),  # the OpenAI SDK's line
        }
    return forms


def _never_falsely_reachable(row: list[str], form: str, found: str) -> None:
    if found.startswith("reachable"):
        status = _forms(row)[form][2] or (int(row[1]) if form == "k" else 0)
        assert "R" in row[4].split(","), (form, found, row[7])
        assert status in (0, 429), (form, found, row[7])


CASES = [
    pytest.param(row, form, id=f"{row[0]}-{row[1]}-{row[7][:40]}-{form}")
    for row in _rows()
    for form in row[6]
]


@pytest.mark.parametrize(("row", "form"), CASES)
def test_a_documented_error_is_read_as_its_page_says(row: list[str], form: str) -> None:
    assert row[5] in DOCS
    text, hint, status = _forms(row)[form]
    found = _explain(text, hint, status)  # type: ignore[arg-type]  # None: from the text
    assert _accepts(found, row[4]), (found, row[4], DOCS[row[5]])
    _never_falsely_reachable(row, form, found)


@pytest.mark.parametrize("row", [pytest.param(r, id=f"{r[0]}-{r[7][:40]}") for r in _rows()])
def test_a_form_left_is_a_known_gap_and_never_reachable(row: list[str]) -> None:
    left = [form for form in _forms(row) if form not in row[6]]
    assert not left or any(row[7].startswith(gap) for gap in GAPS), (row[7], left)
    for form in left:
        text, hint, status = _forms(row)[form]
        _never_falsely_reachable(row, form, _explain(text, hint, status))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "status", "verdict"),
    [  # each class's near misses: the same words about something else, or with a throttle's
        # a cap's words beside a throttle's window are a throttle (at 429), not a spent budget
        ("You have exceeded the usage limits per minute for this model. Please retry after 20s", 429,
         "reachable/rate_limited"),
        ("The budget field must be a positive number", 400, "unknown/unexpected_response"),
        # a request's key (a field) that does not exist is no refused credential
        ("The key 'max_tokens' does not exist in the schema", 400, "unavailable/not_found"),
        # CAM's refusal of a valid Tencent key is a permission, not a bad key
        ('{"Response": {"Error": {"Code": "AuthFailure.UnauthorizedOperation", "Message": "The request is '
         'not authorized."}, "RequestId": "x"}}', 403, "gated/not_entitled"),
        # a person's (not a key's) permission, a policy's block, a signature's verification
        ("You don't have permission to perform this action on the file", None, "unknown/unexpected_response"),
        ("Your request was blocked by the team's content policy", 400, "unknown/unexpected_response"),
        ("This request requires signature verification (X-Signature header)", 400,
         "unknown/unexpected_response"),
        # a model id's format refused names no missing model and no permission
        ("Incorrect model ID format: use provider/model", 400, "unknown/unexpected_response"),
        # SambaNova's other status for the same words: a full queue at 504 is the provider's
        ("Too many requests are currently in flight; the server declined the request.", 504,
         "unknown/provider_error"),
    ],
)  # fmt: skip
def test_the_rounds_rules_keep_to_their_class(text: str, status: int | None, verdict: str) -> None:
    assert _explain(text, None, status) == verdict  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [  # the corpus cases these classes now decide (read right before, by other rules)
        ("h5c-080", "unknown/auth_invalid"),  # Hunyuan's AuthFailure.SignatureFailure
        ("h5a-098", "gated/not_entitled"),  # Anthropic 403 "Your API key does not have permission"
    ],
)
def test_the_corpus_cases_of_these_classes_read_as_labelled(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict
