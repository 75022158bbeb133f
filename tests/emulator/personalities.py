"""How each provider family answers, for the emulator: real bodies from the shared corpus
(case ids cite tests/corpus/corpus.jsonl, whose `source` names the public report).

Bodies users pasted as Python reprs are sent here as the JSON the provider actually sent
(same fields, JSON spelling). A family without a cited body for a condition has no entry
for it, and no test asks for it.
"""

from __future__ import annotations

import json

from tests.emulator import canned as C
from tests.emulator.canned import Canned

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"

# condition → answer, per family. Conditions: no_key, bad_key, geo, quota, rate_limited,
# overloaded, gated, not_found, retired, verify.
PERSONALITIES: dict[str, dict[str, Canned]] = {
    "openai": {
        "no_key": C.OPENAI_NO_KEY, "bad_key": C.OPENAI_BAD_KEY, "geo": C.OPENAI_GEO, "quota": C.OPENAI_QUOTA,
        "rate_limited": C.OPENAI_RATE_LIMIT, "overloaded": C.OPENAI_OVERLOADED, "gated": C.OPENAI_PROJECT_NO_ACCESS,
        "not_found": C.OPENAI_NOT_FOUND, "retired": C.OPENAI_RETIRED, "verify": C.OPENAI_VERIFY,
    },
    "mistral": {
        # nextcloud/integration_openai#332 (c054); assumed to be the answer to a missing key too.
        "bad_key": Canned(401, '{"detail":"Unauthorized"}', "c054"),
        "not_found": Canned(400, '{"object":"error","message":"Invalid model: {model}","type":"invalid_model",'
                                 '"param":null,"code":"1500","raw_status_code":400}', "c056"),
        "rate_limited": Canned(429, '{"object":"error","message":"Rate limit exceeded","type":"rate_limited",'
                                    '"param":null,"code":"1300","raw_status_code":429}', "c058"),
    },
    "deepseek": {
        "bad_key": Canned(401, '{"error":{"message":"Authentication Fails, Your api key: ****d569 is invalid",'
                               '"type":"authentication_error","param":null,"code":"invalid_request_error"}}', "c069"),
        "quota": Canned(402, '{"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,'
                             '"code":"invalid_request_error"}}', "Aider-AI/aider#4851 (FACTS.md §2.9)"),
        "not_found": Canned(400, '{"error":{"message":"Model Not Exist","type":"invalid_request_error","param":null,'
                                 '"code":"invalid_request_error"}}', "c071"),
    },
    "xai": {
        "bad_key": Canned(400, '"Incorrect API key provided: na***ys. You can obtain an API key from '
                               'https://console.x.ai."', "c072"),
        "quota": Canned(403, '{"code":"The caller does not have permission to execute the specified operation",'
                             '"error":"Your newly created teams doesn\'t have any credits yet. You can purchase '
                             'credits on https://console.x.ai/team/c853730f-fe0f-4537-b8a2-0e6e33c8342d."}', "c073"),
        "not_found": Canned(404, '{"code":"Some requested entity was not found","error":"The model {model} does not '
                                 "exist or your team bdc397fa-17fc-468e-9180-d0870ca1e10a does not have access to it. "
                                 "Please ensure you're using the correct API key. If you believe this is a mistake, "
                                 'please contact support and quote your team ID and the model name."}', "c075"),
    },
    "groq": {
        "bad_key": Canned(401, '{"error":{"message":"Invalid API Key","type":"invalid_request_error",'
                               '"code":"invalid_api_key"}}', "c149"),
        "geo": Canned(403, '<!DOCTYPE html>\n<html class="no-js" lang="en-US">\n<head>\n<title>Attention Required! '
                           '| Cloudflare</title>', "c078 (truncated in the source)", content_type=HTML),
        "retired": Canned(400, '{"error":{"message":"The model `{model}` has been decommissioned and is no longer '
                               "supported. Please refer to https://console.groq.com/docs/deprecations for a "
                               'recommendation on which model to use instead.","type":"invalid_request_error",'
                               '"code":"model_decommissioned"}}', "c079"),
        "rate_limited": Canned(429, '{"error":{"message":"Rate limit reached for model `{model}` in organization '
                                    "`org_01hs26sgxde6dva0eke39336sv` on tokens per minute (TPM): Limit 6000, Used "
                                    "3513, Requested 3166. Please try again in 6.780999999s. Visit "
                                    'https://console.groq.com/docs/rate-limits for more information.",'
                                    '"type":"tokens","code":"rate_limit_exceeded"}}', "c080"),
        # continuedev/continue#10920 showed this message (c081); the envelope is Groq's c080 one.
        "quota": Canned(429, '{"error":{"message":"Rate limit reached for model `{model}` in organization '
                             "`org_01kjh7p9n8f1qs6nz2bz77vy6b` service tier `on_demand` on tokens per day (TPD): "
                             'Limit 100000, Used 97050, Requested 3619. Please try again in 9m38.016s.",'
                             '"type":"tokens","code":"rate_limit_exceeded"}}', "c081 message, c080 envelope"),
    },
    "together": {
        "bad_key": Canned(401, '{ "error": { "message": "Invalid API key provided. You can find your API key at '
                               'https://api.together.xyz/settings/api-keys.", "type": "invalid_request_error", '
                               '"param": null, "code": "invalid_api_key" } }', "c150"),
        "quota": Canned(402, '{"id":"o3LiXw4-62bZhn-96040daf687810ab","error":{"message":"Credit limit exceeded. '
                             'Please navigate to https://api.together.xyz/settings/billing to add credit or upgrade '
                             'your plan.","type":"credit_limit","param":null,"code":null}}', "c083"),
        "rate_limited": Canned(429, '{"error":{"message":"You have been rate limited. Your rate limit is 60 queries '
                                    'per minute. Please navigate to https://api.together.xyz/settings/billing to '
                                    'upgrade to a paid plan.","type":"credit_limit","param":null,"code":null}}', "c084"),
        "gated": Canned(400, '{"id":"okkMWqL-2kFHot-a023f60e9b77ff7e","error":{"message":"Unable to access '
                             "non-serverless model {model}. Please visit https://api.together.ai/models/{model} to "
                             'create and start a new dedicated endpoint for the model.","type":"invalid_request_error",'
                             '"param":null,"code":"model_not_available"}}', "c085"),
    },
    "fireworks": {
        "not_found": Canned(404, '{"message":"Model not found, inaccessible, and/or not deployed","param":"model",'
                                 '"code":"NOT_FOUND","type":"error"}', "c087"),
        "list": Canned(500, "Error listing deployed models", "c088", content_type=TEXT),
    },
    "openrouter": {
        "bad_key": Canned(401, '{"error":{"message":"User not found.","code":401}}', "c094"),
        "geo": Canned(403, '{"error":{"message":"This model is not available in your region.","code":403}}', "c089"),
        "quota": Canned(402, '{"error":{"message":"Insufficient credits. This account never purchased credits. '
                             'Make sure your key is on the correct account or org, and if so, purchase more at '
                             'https://openrouter.ai/settings/credits","code":402}}', "c091"),
        "not_found": Canned(404, '{"error":{"message":"No endpoints found for {model}.","code":404},'
                                 '"user_id":"user_3CmwsCmGIMCVSaGO0fmSdaQuZf8"}', "c096"),
    },
    "perplexity": {
        "bad_key": Canned(401, "<html>\n<head><title>401 Authorization Required</title></head>\n<body>\n<center>"
                               "<h1>401 Authorization Required</h1></center>\n<hr><center>openresty/1.21.4.3</center>"
                               "\n</body>\n</html>", "c133", content_type=HTML),
        "not_found": Canned(400, '{"error":{"message":"Invalid model \'{model}\'. Permitted models can be found in '
                                 'the documentation at https://docs.perplexity.ai/guides/model-cards.",'
                                 '"type":"invalid_model","code":400}}', "c131"),
    },
    "moonshot": {
        "bad_key": Canned(401, '{"error":{"message":"Invalid Authentication","type":"invalid_authentication_error"}}',
                          "c125"),
        "quota": Canned(403, '{"error":{"message":"Your account xx> is not active, organization <xx> exceeded '
                             'current quota, please check your plan and billing details",'
                             '"type":"exceeded_current_quota_error"}}', "c126"),
    },
    "zhipu": {
        "bad_key": Canned(401, '{"error":{"code":"401","message":"令牌已过期或验证不正确！"}}', "c130"),
        "quota": Canned(429, '{"error":{"code":"1113","message":"余额不足或无可用资源包,请充值。"}}', "c128"),
    },
    "dashscope": {
        "bad_key": Canned(401, '{"code":"InvalidApiKey","message":"Invalid API-key provided.",'
                               '"request_id":"01415ff3-53f4-989d-83c0-3eb61fa1418e"}', "c122"),
        "quota": Canned(400, '{"error":{"code":"Arrearage","param":null,"message":"Access denied, please make sure '
                             'your account is in good standing.","type":"Arrearage"},'
                             '"id":"chatcmpl-f9fdb027-830c-9e05-8366-ce479a878825",'
                             '"request_id":"f9fdb027-830c-9e05-8366-ce479a878825"}', "c121"),
        "gated": Canned(403, "Access to model denied. Please make sure you are eligible for using the model.",
                        "c123 (QwenLM/qwen-code#9605 showed status and message)", content_type=TEXT),
    },
    "azure-openai": {
        "bad_key": Canned(401, '{"error":{"code":"Unauthorized","message": "Access denied due to invalid subscription '
                               "key or wrong API endpoint. Make sure to provide a valid key for an active subscription "
                               'and use a correct regional API endpoint for your resource."}}', "c099"),
        "not_found": Canned(404, '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this '
                                 "resource does not exist. If you created the deployment within the last 5 minutes, "
                                 'please wait a moment and try again."}}', "c097"),
        # The source excerpt stops inside the message; it is closed here with no invented fields.
        "quota": Canned(429, '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation '
                             "under Azure OpenAI API version 2024-08-01-preview have exceeded token rate limit of "
                             "your current OpenAI S0 pricing tier. Please retry after 86400 seconds. Please go here: "
                             "https://aka.ms/oai/quotaincrease if you would like to further increase the default "
                             'rate limit."}}', "c100"),
        "rate_limited": Canned(429, "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version "
                                    "2024-02-01 have exceeded token rate limit of your current OpenAI S0 pricing tier. "
                                    "Please retry after 60 seconds.", "c101", content_type=TEXT),
        "geo": Canned(403, "Public access is disabled. Please configure private endpoint.", "c102", content_type=TEXT),
    },
    "cerebras": {
        # Cloudflare's block page in front of Cerebras (tormozit/RDT1C#827, 2026-04-04), as the
        # reporter's client rendered it: the text is theirs, the page itself is Cloudflare's HTML.
        "geo": Canned(403, "Please enable cookies.\nSorry, you have been blocked\n\nYou are unable to access "
                           "cerebras-sandbox.net\n\nWhy have I been blocked?\n\nThis website is using a security "
                           "service to protect itself from online attacks.", "tormozit/RDT1C#827", content_type=HTML),
    },
    "nvidia": {
        # Models are served per account: a valid key gets this for the ones its account lacks
        # (gethouston/houston#1243 verified it live); body from Alishahryar1/free-claude-code#956.
        "gated": Canned(404, '{"status":404,"title":"Not Found","detail":"Function '
                             "'12345678-b123-12a3-1221-123456789123': Not found for account "
                             "'Ab1EzDFj7NoQ-ABzl5JqcPLREQPLS8B7Pez92BZeEWQ1'\"}", "Alishahryar1/free-claude-code#956"),
    },
    "huggingface": {
        # The body: coreply/coreply#19; the status and header: router.huggingface.co/v1 measured live
        # with a bogus token (maccavelli/mcplib docs/0003-MADR-add-gateway-llm-providers.md). Its
        # `error` is a plain string, not OpenAI's object.
        "bad_key": Canned(401, '{"error":"Invalid username or password."}',
                          "coreply/coreply#19; maccavelli/mcplib docs/0003-MADR",
                          headers={"www-authenticate": 'Bearer realm="Authentication required"'}),
    },
    "volcengine": {
        "bad_key": Canned(401, '{"error":{"code":"AuthenticationError","message":"The API key format is incorrect. '
                               'Request id: 0217757585294121fd265a4e2c1482f666194d4df1ffdb365aef3","param":"",'
                               '"type":"Unauthorized"}}', "Zippland/Snap-Solver#24"),
    },
    "bedrock-mantle": {
        # Mantle's own body inside LiteLLM's wrapping (BerriAI/litellm#39846), for a model the
        # region does not serve.
        "not_found": Canned(404, '{"error":{"code":"not_found_error","message":"The model \'{model}\' does not exist",'
                                 '"param":null,"type":"invalid_request_error"}}', "BerriAI/litellm#39846"),
        # A Responses-only model asked on Chat Completions (mnfst/llm-gateway#2657, openai.gpt-5.6-luna).
        "wrong_api": Canned(400, '{"error":{"code":"validation_error","message":"The model \'{model}\' does not '
                                 'support the \'/v1/chat/completions\' API","param":null,"type":"invalid_request_error"}}',
                            "mnfst/llm-gateway#2657"),
    },
    "vllm": {
        "bad_key": Canned(401, '{"error":"Unauthorized"}', "c138 (vLLM AuthenticationMiddleware)"),
        "not_found": Canned(404, '{"object":"error","message":"The model `{model}` does not exist.",'
                                 '"type":"NotFoundError","param":null,"code":404}', "c137"),
    },
}  # fmt: skip

COHERE = {
    "bad_key": Canned(401, '{"message":"invalid api token"}', "c060"),
    "not_found": Canned(404, '{"message":"model \'{model}\' not found, make sure the correct model ID was used and '
                             'that you have access to the model."}', "c061"),
    "quota": Canned(402, "Maximum billing reached for this API key as set in your dashboard, please go to "
                         "https://dashboard.cohere.com/billing?tab=payment to increase your maximum amount to "
                         "continue using this API key. Your billing capacity will reset at the beginning of next "
                         "month.", "c063", content_type=TEXT),
    "rate_limited": Canned(429, "You are using a Trial key, which is limited to 40 API calls / minute. You can "
                                "continue to use the Trial key for free or upgrade to a Production key with higher "
                                "rate limits at 'https://dashboard.cohere.com/api-keys'.", "c064", content_type=TEXT),
    "geo": Canned(403, '<!doctype html><meta charset="utf-8"><meta name=viewport content="width=device-width, '
                       'initial-scale=1"><title>403</title>403 Forbidden', "c066", content_type=HTML),
}  # fmt: skip

OLLAMA_NOT_PULLED = Canned(
    404, '{"error":"model \'{model}\' not found, try pulling it first"}',
    "ollama/ollama#3876 (FACTS.md §2.19, native /api/* form)",
)  # fmt: skip


def answer(family: str, condition: str) -> Canned | None:
    return PERSONALITIES.get(family, {}).get(condition)


def _aws(status: int, error_type: str, message: str, source: str) -> Canned:
    """Bedrock's wire shape: {"message"} plus the error name in x-amzn-ErrorType (FACTS.md §2.5)."""
    body = json.dumps({"message": message})
    header = f"{error_type}:http://internal.amazon.com/coral/com.amazon.bedrock/"
    return Canned(status, body, source, headers={"x-amzn-errortype": header})


BEDROCK = {
    # A request without credentials (anthropics/claude-code#45000).
    "no_key": Canned(403, '{"Message":"Authorization header is missing"}', "anthropics/claude-code#45000"),
    "bad_key": _aws(403, "UnrecognizedClientException", "The security token included in the request is invalid.", "c113"),
    "gated": _aws(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.", "c103"),
    "geo": _aws(400, "ValidationException", "Access to Anthropic models is not allowed from unsupported countries, "
                "regions, or territories. Please refer to https://www.anthropic.com/supported-countries for more "
                "information on the countries and regions Anthropic currently supports.", "c108"),
    "not_found": _aws(400, "ValidationException", "The provided model identifier is invalid.", "c112"),
    "retired": _aws(404, "ResourceNotFoundException", "Access denied. This Model is marked by provider as Legacy and "
                    "you have not been actively using the model in the last 15 days. Please upgrade to an active "
                    "model on Amazon Bedrock", "c106"),
    "rate_limited": _aws(429, "ThrottlingException", "Too many tokens, please wait before trying again.", "c110"),
    # The control plane refusing the availability question to a role that may not ask it: the IAM
    # denial of a control-plane action as aws-samples/dify-self-hosted-on-aws#74 shows it (there
    # for ListFoundationModels; a denial names the action asked, as corpus g1-011..g1-013 do),
    # 403 as API_GetFoundationModelAvailability's Errors document AccessDeniedException.
    "availability_denied": _aws(
        403, "AccessDeniedException", "User: arn:aws:sts::ACCOUNT_ID:assumed-role/ApiServiceTaskRole/XXXX is not "
        "authorized to perform: bedrock:GetFoundationModelAvailability because no identity-based policy allows the "
        "bedrock:GetFoundationModelAvailability action", "aws-samples/dify-self-hosted-on-aws#74, the action asked"),
}  # fmt: skip


VERTEX = {
    # google-github-actions/run-gemini-cli#123 (aiplatform.googleapis.com without credentials)
    "no_key": Canned(401, '{"error":{"code":401,"message":"Request is missing required authentication credential. '
                          "Expected OAuth 2 access token, login cookie or other valid authentication credential. See "
                          'https://developers.google.com/identity/sign-in/web/devconsole-project.","status":'
                          '"UNAUTHENTICATED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",'
                          '"reason":"CREDENTIALS_MISSING","domain":"googleapis.com","metadata":{"method":'
                          '"google.cloud.aiplatform.v1beta1.PredictionService.CountTokens","service":'
                          '"aiplatform.googleapis.com"}}]}}', "google-github-actions/run-gemini-cli#123"),
    # c115's message in Google's JSON envelope, with the IAM_PERMISSION_DENIED reason FACTS.md §2.4 cites.
    "iam": Canned(403, '{"error":{"code":403,"message":"Permission \'aiplatform.endpoints.predict\' denied on '
                       "resource '//aiplatform.googleapis.com/projects/help-my-setup/locations/us-east4/publishers/"
                       "google/models/{model}' (or it may not exist).\",\"status\":\"PERMISSION_DENIED\",\"details\":"
                       '[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED"}]}}',
                  "c115's message in Google's envelope; rpurinton/gemini-php#2"),
    "gated": Canned(400, '{"error":{"code":400,"message":"Project `*********` is not allowed to use Publisher Model '
                         '`projects/help-my-setup/locations/global/publishers/google/models/{model}`","status":'
                         '"FAILED_PRECONDITION"}}',
                    "c116's message for the google publisher, in Google's envelope (yym68686/uni-api#41)"),
    "region": Canned(400, '{"error":{"code":400,"message":"Publisher Model projects/help-my-setup/locations/'
                          'us-central1/publishers/google/models/{model} is not servable in region us-central1"}}',
                     "c118 (the message; Google's envelope)"),
    "not_found": Canned(404, '{"error":{"code":404,"message":"Publisher Model `projects/help-my-setup/locations/'
                             "global/publishers/google/models/{model}` was not found or your project does not have "
                             'access to it. Please ensure you are using a valid model version."}}',
                        "c114, truncated in its source: the message up to its first sentence's end"),
    "rate_limited": Canned(429, '{"error":{"code":429,"message":"Resource exhausted. Please try again later. Please '
                                "refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for "
                                'more details.","status":"RESOURCE_EXHAUSTED"}}',
                           "c119 (cut short in its source; the status as Google's envelope carries it)"),
}  # fmt: skip


# Claude on Vertex AI: Vertex's front end answers for the project (Google's envelope), the model
# itself in Anthropic's envelope. Corpus cases c116 and c118 are Claude's own (publishers/anthropic).
VERTEX_ANTHROPIC = {
    "no_key": VERTEX["no_key"],  # the front end, before any publisher is looked at
    "gated": Canned(400, '{"error":{"code":400,"message":"Project `*********` is not allowed to use Publisher Model '
                         '`projects/*****-*****-********-m8/locations/asia-southeast1/publishers/anthropic/models/'
                         '{model}`","status":"FAILED_PRECONDITION"}}', "c116 (yym68686/uni-api#41)"),
    "region": Canned(400, '{"error":{"code":400,"message":"Publisher Model projects/.../locations/us-central1/'
                          'publishers/anthropic/models/{model} is not servable in region us-central1"}}',
                     "c118 (redhat-data-and-ai/template-agent#349)"),
    "not_found": Canned(404, '{"error":{"code":404,"message":"Publisher Model `projects/help-my-setup/locations/'
                             "global/publishers/anthropic/models/{model}` was not found or your project does not "
                             'have access to it. Please ensure you are using a valid model version.",'
                             '"status":"NOT_FOUND"}}',
                        "c114 truncated; the whole message as truefoundry/models#946 and 567-labs/instructor#1849 "
                        "show it, for the anthropic publisher"),
    # Vertex's front end throttles every publisher alike (its 429 page covers partner models).
    "rate_limited": VERTEX["rate_limited"],
    # A per-base-model quota: a throttle to some, a quota of 0 to a new project (g1-116..119,
    # anthropics/anthropic-sdk-python#963) — read as gated, ambiguous.
    "quota": Canned(429, '{"error":{"code":429,"message":"Quota exceeded for aiplatform.googleapis.com/'
                         "online_prediction_requests_per_base_model with base model: anthropic-claude-3-5-"
                         "sonnet-v2. Please submit a quota increase request. https://cloud.google.com/vertex-ai/"
                         'docs/generative-ai/quotas-genai.","status":"RESOURCE_EXHAUSTED"}}', "cline/cline#651"),
    # A body without anthropic_version (jordigilh/kubernaut#686, from rawPredict).
    "no_version": Canned(400, '{"type":"error","error":{"type":"invalid_request_error","message":"anthropic_version: '
                              'Field required"},"request_id":"req_vrtx_011Ca3gY7enW621iyh15JZwY"}',
                         "jordigilh/kubernaut#686"),
}  # fmt: skip
