"""Canned provider answers for the emulator, each taken from a real, cited response.

`{model}` and `{key}` are filled in when the answer is sent. Where a source showed only a
message, the provider's documented envelope (tests/corpus/FACTS.md §2) wraps it, and
the note says so. Corpus case ids refer to tests/corpus/corpus.jsonl.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Canned:
    status: int
    body: str
    source: str
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


# ---------------------------------------------------------------- OpenAI (FACTS.md §2.1)

OPENAI_GEO = Canned(
    403,
    '{"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory '
    'not supported","param":null,"type":"request_forbidden"}}',
    "james-6-23/codex2api#77 (corpus c000)",
)
OPENAI_NO_KEY = Canned(
    401,
    '{"error":{"message":"You didn\'t provide an API key. You need to provide your API key in an '
    "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password "
    "field (with blank username) if you're accessing the API from your browser and are prompted for a "
    "username and password. You can obtain an API key from https://platform.openai.com/account/api-keys."
    '","type":"invalid_request_error","param":null,"code":null}}',
    "openai/openai-python#1434; chatboxai/chatbox#98",
)
# The real answer masks the middle of the key; echoing it whole makes the scrub test harder.
OPENAI_BAD_KEY = Canned(
    401,
    '{"error":{"message":"Incorrect API key provided: {key}. You can find your API key at '
    'https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,'
    '"code":"invalid_api_key"}}',
    "chatanywhere/GPT_API_free#62 (corpus c017)",
)
OPENAI_PROJECT_NO_ACCESS = Canned(
    403,
    '{"error":{"message":"Project `proj_9KoeXdtHe0YQJbsF2FQAKmzl` does not have access to model `{model}`",'
    '"type":"invalid_request_error","param":null,"code":"model_not_found"}}',
    "Aider-AI/aider#1903 (corpus c012, openai-python raised PermissionDeniedError)",
)
OPENAI_NOT_FOUND = Canned(
    404,
    '{"error":{"message":"The model `{model}` does not exist or you do not have access to it.",'
    '"type":"invalid_request_error","param":null,"code":"model_not_found"}}',
    "Chainlit/cookbook#82 (FACTS.md §2.1)",
)
OPENAI_RETIRED = Canned(
    404,
    '{"error":{"message":"The model `{model}` has been deprecated, learn more here: '
    'https://platform.openai.com/docs/deprecations","type":"invalid_request_error","param":null,'
    '"code":"model_not_found"}}',
    "openai/openai-quickstart-node#127 (corpus c019)",
)
# The non-streaming variant was shown as status + message only; the documented envelope wraps it.
OPENAI_VERIFY = Canned(
    404,
    '{"error":{"message":"Your organization must be verified to use the model `{model}`. Please go to: '
    "https://platform.openai.com/settings/organization/general and click on Verify Organization. If you "
    'just verified, it can take up to 15 minutes for access to propagate.","type":"invalid_request_error",'
    '"param":null,"code":null}}',
    "danny-avila/LibreChat#7323 (corpus c007), envelope per FACTS.md §2.1",
)
OPENAI_QUOTA = Canned(
    429,
    '{"error":{"message":"You exceeded your current quota, please check your plan and billing details.",'
    '"type":"insufficient_quota","param":null,"code":"insufficient_quota"}}',
    "Chanzhaoyu/chatgpt-web#1965 (corpus c013)",
)
OPENAI_RATE_LIMIT = Canned(
    429,
    '{"error":{"message":"Rate limit reached for default-gpt-3.5-turbo in organization '
    "org-C92hO32J0AGzGOmHi6JKDVk2 on requests per min. Limit: 3 / min. Please try again in 20s. "
    "Contact support@openai.com if you continue to have issues. Please add a payment method to your "
    "account to increase your rate limit. Visit https://platform.openai.com/account/billing to add a "
    'payment method.","type":"requests","param":null,'
    '"code":null}}',
    "ChatGPTNextWeb/NextChat#793 (corpus c148)",
    headers={"retry-after": "20"},
)
OPENAI_OVERLOADED = Canned(
    503,
    '{"error":{"message":"That model is currently overloaded with other requests. You can retry your '
    'request.","type":"server_error","param":null,"code":null}}',
    "ikechan8370/chatgpt-plugin#125 (FACTS.md §2.1)",
)
OPENAI_MAX_TOKENS = Canned(
    400,
    '{"error":{"message":"Unsupported parameter: \'max_tokens\' is not supported with this model. Use '
    '\'max_completion_tokens\' instead.","type":"invalid_request_error","param":"max_tokens",'
    '"code":"unsupported_parameter"}}',
    "ITSpecialist111/ai_automation_suggester#38; griptape-ai/ComfyUI-Griptape#312",
)
OPENAI_TEMPERATURE = Canned(
    400,
    '{"error":{"message":"Unsupported value: \'temperature\' does not support {value} with this model. '
    'Only the default (1) value is supported.","type":"invalid_request_error","param":"temperature",'
    '"code":"unsupported_value"}}',
    "gabrii/Cursor-Azure-GPT-5#33; johny-b/llmcomp#69",
)
OPENAI_MIN_TOKENS = Canned(
    400,
    '{"error":{"message":"Invalid \'max_output_tokens\': integer below minimum value. Expected a value >= '
    '16, but got {value} instead.","type":"invalid_request_error","param":"max_output_tokens",'
    '"code":"integer_below_min_value"}}',
    "vectorize-io/hindsight#58; braintrustdata/lingua#186 (chat completions too)",
)

# ---------------------------------------------------------------- Anthropic (FACTS.md §2.2)

ANTHROPIC_GEO = Canned(
    403,
    '{"error":{"type":"forbidden","message":"Request not allowed"}}',
    "enricoros/big-AGI#485 (corpus c021)",
)
ANTHROPIC_NO_VERSION = Canned(
    400,
    '{"type":"error","error":{"type":"invalid_request_error","message":"anthropic-version: header is '
    'required"},"request_id":"req_011CeoTSFhazbsMgs7N3Vw7V"}',
    "envoyproxy/ai-gateway#1909; PipedreamHQ/pipedream#9697",
)
ANTHROPIC_NO_KEY = Canned(
    401,
    '{"type":"error","error":{"type":"authentication_error","message":"x-api-key header is required"},'
    '"request_id":"req_011CeoTSFhazbsMgs7N3Vw7V"}',
    "n8n-io/n8n#37930",
)
ANTHROPIC_BAD_KEY = Canned(
    401,
    '{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},'
    '"request_id":"req_011CUBgWE2fdbDGiPKTUQTwy"}',
    "anthropics/claude-code#9694 (corpus c026)",
)
ANTHROPIC_CREDIT = Canned(
    400,
    '{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to '
    'access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."},'
    '"request_id":"req_011CbrFTcXhtiMzr3s6EocF7"}',
    "anthropics/claude-code#66314 (corpus c024)",
)
ANTHROPIC_NOT_FOUND = Canned(
    404,
    '{"type":"error","error":{"type":"not_found_error","message":"model: {model}"}}',
    "mattermost/mattermost-plugin-agents#257 (corpus c028)",
)
ANTHROPIC_RATE_LIMIT = Canned(
    429,
    '{"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed your '
    "organization’s rate limit of 80,000 output tokens per minute. For details, refer to: "
    "https://docs.anthropic.com/en/api/rate-limits; see the response headers for current usage. Please "
    "reduce the prompt length or the maximum tokens requested, or try again later. You may also contact "
    "sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit "
    'increase."}}',
    "bespokelabsai/curator#256 (corpus c031)",
    headers={"retry-after": "30"},
)
ANTHROPIC_OVERLOADED = Canned(
    529,
    '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},'
    '"request_id":"req_011CZAau32QzxDkriovTaFCB"}',
    "anthropics/claude-code#35792 (corpus c032)",
)

# ---------------------------------------------------------------- Gemini (FACTS.md §2.3)

GEMINI_NO_KEY = Canned(
    403,
    '{"error":{"code":403,"message":"Method doesn\'t allow unregistered callers (callers without '
    'established identity). Please use API Key or other form of API consumer identity to call this API.",'
    '"status":"PERMISSION_DENIED"}}',
    "PublicAffairs/openai-gemini#92; UnityGameStudio/Gemini-Unity-Package#1",
)
GEMINI_GEO = Canned(
    400,
    '{"error":{"code":400,"message":"User location is not supported for the API use.",'
    '"status":"FAILED_PRECONDITION"}}',
    "gemini-api-php/client#32 (corpus c036)",
)
GEMINI_BAD_KEY = Canned(
    400,
    '{"error":{"code":400,"message":"API Key not found. Please pass a valid API key.","status":'
    '"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":'
    '"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}},'
    '{"@type":"type.googleapis.com/google.rpc.LocalizedMessage","locale":"en-US","message":"API Key not '
    'found. Please pass a valid API key."}]}}',
    "google-gemini/gemini-cli#25198 (corpus c038)",
)
# The source excerpt stops after the Help detail; it is closed here with no invented fields.
GEMINI_NO_FREE_TIER = Canned(
    429,
    '{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing '
    "details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. "
    "\\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, "
    'limit: 0, model: {model}\\nPlease retry in 20.04466179s.","status":"RESOURCE_EXHAUSTED","details":'
    '[{"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"Learn more about Gemini API '
    'quotas","url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]}]}}',
    "continuedev/continue#10062 (corpus c040, truncated there)",
)
GEMINI_RATE_LIMIT = Canned(
    429,
    '{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing '
    'details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",'
    '"status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure",'
    '"violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests",'
    '"quotaId":"GenerateRequestsPerMinutePerProjectPerModel-FreeTier","quotaDimensions":{"location":"global",'
    '"model":"{model}"}}]}]}}',
    "google-gemini/gemini-cli#8437 (corpus c039, truncated there)",
)
GEMINI_NOT_FOUND = Canned(
    404,
    '{"error":{"code":404,"message":"models/{model} is not found for API version v1beta, or is not '
    "supported for generateContent. Call ListModels to see the list of available models and their "
    'supported methods.","status":"NOT_FOUND"}}',
    "wwardaww/gnome-gemini-ai#22 (corpus c043)",
)
GEMINI_OVERLOADED = Canned(
    503,
    '{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}',
    "google-gemini/gemini-cli#5191 (corpus c049)",
)

# ---------------------------------------------------------------- middleboxes (not provider facts)

CAPTIVE_PORTAL = Canned(
    200,
    '<!DOCTYPE html><html><head><title>Sign in to Hotel Wi-Fi</title></head><body><form action="/login">'
    '<input name="room"></form></body></html>',
    "a generic captive-portal login page (RELIABILITY.md §9 F4)",
    content_type="text/html; charset=utf-8",
)
