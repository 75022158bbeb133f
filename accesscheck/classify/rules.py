"""The classification rule table: data, one rule per provider quirk, each with its source.

Order matters: the first rule whose conditions all hold decides, so specific fingerprints
come before generic fallbacks. Conditions left empty match anything. `providers` names
provider families (a registry provider's `family`, by default its id); `dialects` names
wire dialects. Sources name the public report or document the fingerprint was taken from
(shared/providers/FACTS.md has more). Rules match structured fields first (code, type,
Google status, ErrorInfo reason, the x-amzn-ErrorType header) and message families second,
never one provider's exact sentence where a shape generalises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from accesscheck.classify.read import Facts
from accesscheck.model import Reason
from accesscheck.observation import Rung

R = Reason


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    """Conditions on an answer, and what it means. Empty conditions match anything."""

    name: str
    reason: Reason
    explain: str
    remedy: str
    source: str
    providers: frozenset[str] = frozenset()
    dialects: frozenset[str] = frozenset()
    http: frozenset[int] = frozenset()
    rungs: frozenset[Rung] = frozenset()
    codes: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    google: frozenset[str] = frozenset()
    reasons: frozenset[str] = frozenset()
    message: re.Pattern[str] | None = None
    envelope: frozenset[str] = frozenset()
    when: Callable[[Facts], bool] | None = None
    ambiguous: bool = False
    per_model: bool = False  # the answer speaks for the model asked, not the whole account

    def matches(self, facts: Facts, family: str, dialect: str, rung: Rung) -> bool:
        return (
            (not self.providers or family in self.providers)
            and (not self.dialects or dialect in self.dialects)
            and (not self.http or (facts.http_status or 0) in self.http)
            and (not self.rungs or rung in self.rungs)
            and (not self.codes or facts.code in self.codes)
            and (not self.types or facts.type in self.types)
            and (not self.google or facts.google_status in self.google)
            and (not self.reasons or bool(self.reasons.intersection(facts.reasons)))
            and (self.message is None or bool(self.message.search(facts.text)))
            and (not self.envelope or facts.envelope in self.envelope)
            and (self.when is None or self.when(facts))
        )


def _s(*items: str) -> frozenset[str]:
    return frozenset(items)


def _n(*items: int) -> frozenset[int]:
    return frozenset(items)


SUCCESS = frozenset(range(200, 300))
SERVER_ERRORS = frozenset(range(500, 600))
JSON, HTML = _s("json"), _s("html")
OPENAI_FAMILY = _s("openai", "azure-openai")


def _only_daily_quota(facts: Facts) -> bool:
    return bool(facts.quota_ids) and all("PerDay" in q for q in facts.quota_ids)


def _not_anthropic_envelope(facts: Facts) -> bool:
    return facts.top_type != "error"


_RETRY_AFTER = re.compile(r"retry after (\d+) seconds", re.IGNORECASE)


def _retry_after_hours(facts: Facts) -> bool:
    """Azure's 429 says "retry after 86400 seconds" when the deployment has no quota at all."""
    found = _RETRY_AFTER.search(facts.text)
    return bool(found) and int(found.group(1)) >= 3600  # type: ignore[union-attr]


# fmt: off
RULES: tuple[Rule, ...] = (
    # ---- no HTTP answer at all (explain only: a scan names failures from exception types)
    # The signatures of a block on the route come first: a TLS handshake torn down (SNI
    # filtering) or a connection reset, and a connect that times out (packets silently dropped,
    # the corpus's reports from mainland China: ZHO-ZHO-ZHO/ComfyUI-Gemini#11 ConnectTimeoutError,
    # google-gemini/gemini-cli#2961 "connect ETIMEDOUT"; WinError 10054 is a reset, 10060 a
    # connect timeout).
    Rule("transport-failure", R.NETWORK_BLOCKED, "no HTTP answer: the connection was cut or dropped (TLS or TCP)",
         "try another network or a proxy; if only this provider fails, it is blocked on your route",
         "FACTS.md §0.8; chatchat-space/Langchain-Chatchat#813; ZHO-ZHO-ZHO/ComfyUI-Gemini#11; "
         "google-gemini/gemini-cli#2961",
         http=_n(0), message=_re(r"ssl|eof occurred|econnreset|connection reset|winerror 1005[34]|winerror 10060"
                                  r"|connecttimeout|connect timeout|connect etimedout|connection to \S+ timed out")),
    # A connection that never reached the provider otherwise (no name, refused, no route) is a
    # failure on the user's side of the network, not a refusal: `unknown`, never `restricted` —
    # one pasted line cannot tell a local outage from a block on one route, so the remedy says
    # how to tell (a scan compares providers). Each string is the message its library emits:
    # the openai-python and anthropic-sdk-python APIConnectionError default "Connection error."
    # (src/*/_exceptions.py); glibc gai_strerror EAI_NONAME "Name or service not known",
    # EAI_AGAIN "Temporary failure in name resolution", EAI_NODATA "No address associated with
    # hostname"; BSD/macOS EAI_NONAME "nodename nor servname provided, or not known"; CPython on
    # Windows "[Errno 11001] getaddrinfo failed"; Node "getaddrinfo ENOTFOUND host" and "connect
    # ECONNREFUSED"; strerror ECONNREFUSED "Connection refused", ENETUNREACH "Network is
    # unreachable"; WinError 10061 "… the target machine actively refused it"; httpx.ConnectError
    # from anyio "All connection attempts failed"; urllib3 "Max retries exceeded" and a browser's
    # "Failed to fetch" when no cause above is named.
    Rule("connection-failed-here", R.LOCAL_NETWORK_DOWN,
         "no HTTP answer: the connection failed before it reached the provider (name resolution, a refused "
         "connection, no route) — a network problem on this side, not a refusal by the provider",
         "check this machine's network, DNS and proxy variables (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY); "
         "`accesscheck scan` tells a local outage from a block on this provider's route (others answer)",
         "openai/openai-python and anthropics/anthropic-sdk-python _exceptions.py (APIConnectionError); "
         "OpenHands/OpenHands#1008; BerriAI/litellm#3415; glibc gai_strerror; DjangoGirls/tutorial#1669 "
         "(getaddrinfo failed); kitUIN/PicImageSearch#120 (All connection attempts failed)",
         http=_n(0), message=_re(r"apiconnectionerror|connection error\.|name or service not known"
                                  r"|temporary failure in name resolution|no address associated with hostname"
                                  r"|nodename nor servname provided|getaddrinfo (failed|enotfound|eai_again)"
                                  r"|connection refused|econnrefused|actively refused|all connection attempts failed"
                                  r"|network is unreachable|enetunreach|max retries|failed to fetch")),
    # Any other timeout may have come after the connection (the SDKs' APITimeoutError "Request
    # timed out.", httpx.ReadTimeout, Python's socket timeout "timed out", ssl's "The read
    # operation timed out"): no answer in time, undecided — not a block.
    Rule("timed-out", R.TIMEOUT, "no answer before the client's timeout (the connection or the answer took too long)",
         "retry with a longer timeout; if it always times out, check this machine's network and proxy",
         "openai/openai-python and anthropics/anthropic-sdk-python _exceptions.py (APITimeoutError); "
         "CPython socket and ssl timeout messages; httpx ReadTimeout",
         http=_n(0), message=_re(r"timed out|timeout")),
    # ---- success
    Rule("ok", R.OK, "the model answered a real request", "", "HTTP semantics",
         http=SUCCESS, rungs=frozenset({Rung.INVOKE}), envelope=JSON),
    Rule("listed", R.LISTED, "the model is in this key's model list (not proof it can be called)",
         "run with --deep to make one minimal call", "FACTS.md §2 (list endpoints)", http=SUCCESS, envelope=JSON),
    # ---- legal and geographic refusals
    Rule("http-451", R.LEGAL_BLOCK, "refused for legal reasons (HTTP 451)",
         "the provider may not serve your location or organisation", "RFC 7725", http=_n(451)),
    Rule("openai-geo", R.GEO_BLOCKED, "OpenAI does not serve your country, region or territory",
         "OpenAI lists supported countries at help.openai.com/en/articles/5347006",
         "james-6-23/codex2api#77; songquanpeng/one-api#1692", codes=_s("unsupported_country_region_territory")),
    Rule("openai-geo-text", R.GEO_BLOCKED, "OpenAI does not serve your country, region or territory",
         "OpenAI lists supported countries at help.openai.com/en/articles/5347006",
         "developers.openai.com/docs/guides/error-codes", message=_re(r"country, region,? or territory (is )?not supported")),
    Rule("anthropic-geo", R.GEO_BLOCKED,
         "Anthropic refused the request at its edge (its geo-block answer: 403 forbidden, 'Request not allowed')",
         "Anthropic lists supported regions at anthropic.com/supported-countries",
         "enricoros/big-AGI#485; langgenius/dify#5445",
         dialects=_s("anthropic"), http=_n(403), types=_s("forbidden"), when=_not_anthropic_envelope),
    Rule("anthropic-models-geo", R.GEO_BLOCKED, "Anthropic models are not served to your country, region or territory",
         "see anthropic.com/supported-countries", "aws-samples/generative-bi-using-rag#361; anthropics/claude-code#2656",
         message=_re(r"not allowed from unsupported countries")),
    Rule("gemini-geo", R.GEO_BLOCKED, "the Gemini API does not serve your location",
         "see ai.google.dev/gemini-api/docs/available-regions, or use Vertex AI",
         "snailyp/gemini-balance#328; poenl/gemini-api#4; gemini-api-php/client#32",
         message=_re(r"user location is not supported")),
    Rule("region-not-available", R.GEO_BLOCKED, "the model is not available in your region",
         "try another egress region, or another provider of the model", "standardagents/dmux#43 (OpenRouter)",
         message=_re(r"not available in your region")),
    Rule("vertex-region", R.GEO_BLOCKED, "the model is not served in this Google Cloud region",
         "use a location the model card lists (e.g. global or us-east5)",
         "redhat-data-and-ai/template-agent#349; NousResearch/hermes-agent#32678",
         message=_re(r"is not servable in region")),
    Rule("azure-private-only", R.NETWORK_BLOCKED,
         "the Azure resource accepts only private-endpoint traffic: this network may not reach it",
         "call it from the virtual network, or allow this network in the resource's firewall",
         "TabularEditor/TabularEditor3#1557", message=_re(r"public access is disabled")),
    # ---- gated: verification, entitlement, billing
    Rule("openai-verification", R.VERIFICATION_REQUIRED, "your organisation must be verified to use this model",
         "verify your organisation at platform.openai.com/settings/organization/general "
         "(access can take 15 minutes to propagate)",
         "danny-avila/LibreChat#7323; microsoft/vscode#260670; continuedev/continue#9948",
         message=_re(r"must be verified to")),
    Rule("openai-project-access", R.NOT_ENTITLED,
         "this project may not use the model (project model allowlist, or an unfunded account)",
         "allow the model in the project's settings, or use a key of a project that has it",
         "Aider-AI/aider#1903; continuedev/continue#10120",
         message=_re(r"project `?[\w-]+`? does not have access to model")),
    Rule("retired", R.RETIRED, "the model has been retired (deprecated or decommissioned)",
         "pick its successor (see the provider's deprecations page)",
         "openai/openai-quickstart-node#127; valentinfrlch/ha-llmvision#332 (Groq model_decommissioned)",
         codes=_s("model_decommissioned")),
    Rule("retired-text", R.RETIRED, "the model has been retired (deprecated, decommissioned or end of life)",
         "pick its successor (see the provider's deprecations page)",
         "openai/openai-quickstart-node#127; aws-solutions-library-samples (Bedrock end of life); "
         "aws-samples/amazon-bedrock-workshop#386 (Bedrock Legacy)",
         message=_re(r"has been deprecated|has been decommissioned|reached the end of its life|marked by provider as legacy")),
    Rule("openai-model-not-found", R.NOT_ENTITLED,
         "OpenAI says the model 'does not exist or you do not have access to it'",
         "check the id; if it exists, your organisation lacks access (tier, waitlist or allowlist)",
         "marcolardera/chatgpt-cli#13; Chainlit/cookbook#82",
         providers=OPENAI_FAMILY, codes=_s("model_not_found"), ambiguous=True),
    Rule("openai-model-not-found-text", R.NOT_ENTITLED,
         "OpenAI says the model does not exist or you do not have access to it",
         "check the id; if it exists, your organisation lacks access (tier, waitlist or allowlist)",
         "marcolardera/chatgpt-cli#13", providers=_s("openai"), http=_n(404),
         message=_re(r"model.{0,80} does not exist"), ambiguous=True),
    Rule("quota-code", R.QUOTA_EXHAUSTED, "the account's credit or spend limit is exhausted",
         "add credit or raise the spend limit in the provider's billing settings",
         "Chanzhaoyu/chatgpt-web#1965; learn.microsoft.com dev-proxy openai-insufficient-quota; "
         "tencentmusic/supersonic#1572 (DashScope Arrearage); zhayujie/CowAgent#2910 (Zhipu 1113)",
         codes=_s("insufficient_quota", "credit_balance_exhausted", "organization_spend_limit_exceeded",
                  "project_spend_limit_exceeded", "organization_usage_limit_exceeded", "Arrearage", "1113")),
    Rule("quota-type", R.QUOTA_EXHAUSTED, "the account's credit or quota is exhausted",
         "add credit or upgrade the plan in the provider's billing settings",
         "Chanzhaoyu/chatgpt-web#1965; MoonshotAI/Kimi-K2#5 (exceeded_current_quota_error); "
         "expectedparrot/edsl#2098 (Together credit_limit on 402)",
         types=_s("insufficient_quota", "exceeded_current_quota_error", "billing_error", "Arrearage"),
         http=_n(400, 402, 403, 429)),
    Rule("openai-quota-text", R.QUOTA_EXHAUSTED, "the account's credit or spend limit is exhausted",
         "add credit or raise the spend limit at platform.openai.com/settings/organization/billing",
         "HeyPuter/puter#1977", providers=OPENAI_FAMILY, message=_re(r"exceeded your current quota")),
    Rule("credit-text", R.QUOTA_EXHAUSTED, "the account is out of credit",
         "add credit in the provider's billing settings",
         "anthropics/claude-code#66314; griptape-ai/griptape-nodes-engine#1079 (xAI); Aider-AI/aider#4851 (DeepSeek); "
         "Gitlawb/openclaude#43 (OpenRouter); cohere errors.mdx (402)",
         message=_re(r"credit balance is too low|insufficient (balance|credits)|(doesn't|does not) have any credits"
                     r"|run out of credits|maximum billing reached|add or update your payment method")),
    Rule("daily-limit", R.QUOTA_EXHAUSTED, "a daily (or monthly) usage cap is used up: retrying today will not help",
         "wait for the reset or move to a paid tier",
         "continuedev/continue#10920 (Groq TPD); cline/cline#5301 (OpenRouter free-models-per-day); "
         "cohere-developer-experience#199 (trial calls / month)",
         http=_n(429), message=_re(r"per[ -]day|\((tpd|rpd)\)|calls / month|per month"),
         per_model=True),  # Groq names the model: "Rate limit reached for model `…` … (TPD)" (continue#10920)
    Rule("azure-no-quota", R.QUOTA_EXHAUSTED,
         "Azure asks to retry after hours: the deployment has effectively no quota",
         "raise the deployment's tokens-per-minute quota in Azure AI Foundry",
         "DmitryKatson/bc-code-interpreter#2; vanderschaarlab/climb#1",
         providers=_s("azure-openai"), http=_n(429), when=_retry_after_hours,
         per_model=True),  # an Azure quota belongs to one deployment, i.e. one model
    Rule("gemini-no-free-tier", R.NOT_ENTITLED,
         "this model has no free-tier quota for this project (limit: 0): it needs billing, retrying will not help",
         "enable billing on the Google Cloud project behind the key",
         "continuedev/continue#10062; ai-christianson/RA.Aid#182",
         dialects=_s("gemini"), http=_n(429), message=_re(r"limit: 0\b|free quota tier")),
    Rule("gemini-daily-quota", R.QUOTA_EXHAUSTED, "the daily quota for this model is used up",
         "wait for the daily reset or raise the project's quota tier",
         "google-gemini/gemini-cli#8437 (QuotaFailure quotaId …PerDay…)",
         dialects=_s("gemini"), http=_n(429), when=_only_daily_quota,
         per_model=True),  # the QuotaFailure's quota is per model (gemini-cli#8437: …PerModel…)
    Rule("not-serverless", R.NOT_ENTITLED, "the model is not served on demand for this account (dedicated endpoint or tier needed)",
         "start a dedicated endpoint, or upgrade the account tier", "HeyPuter/puter#3168; Nutlope/logocreator#10 (Together)",
         codes=_s("model_not_available", "dedicated_endpoint_not_running")),
    Rule("tier-required", R.NOT_ENTITLED, "the model needs a higher account tier or a subscription",
         "upgrade the account tier", "Nutlope/logocreator#10 (Together); ollama/ollama#15990",
         message=_re(r"allowed for build tier|requires a subscription")),
    Rule("model-access-denied", R.NOT_ENTITLED, "this account is not eligible for the model",
         "request access to the model in the provider's console", "QwenLM/qwen-code#9605; langgenius/dify#13769 (DashScope)",
         message=_re(r"access to model denied|model access denied")),
    Rule("bedrock-access", R.NOT_ENTITLED, "model access is not granted for this AWS account (or not in this region)",
         "enable the model in the Bedrock console (Model access) for this region",
         "dirkpetersen/our-chat#3; anthropics/claude-code#536; ministryofjustice/modernisation-platform-environments#18323",
         message=_re(r"don't have access to the model|not authorized to perform the required aws marketplace actions"
                     r"|use case details have not been submitted")),
    Rule("vertex-not-enabled", R.NOT_ENTITLED, "this project may not use the partner model until it is enabled",
         "enable the model in Vertex AI Model Garden and accept its terms", "yym68686/uni-api#41",
         message=_re(r"is not allowed to use publisher model")),
    # ---- credentials
    Rule("auth-code", R.AUTH_INVALID, "the API key was refused", "check the provider's key variable",
         "chatanywhere/GPT_API_free#62; ag5826000/resume-commentor#4 (Groq); harshitv804/LawGPT#4 (Together); "
         "dinoanderson/qwen_cli_coder#1 (DashScope InvalidApiKey)",
         codes=_s("invalid_api_key", "InvalidApiKey", "UnrecognizedClientException")),
    Rule("auth-type", R.AUTH_INVALID, "the API key was refused", "check the provider's key variable",
         "anthropics/claude-code#9694; kaichen/kimicc#20 (Moonshot); ZhuLinsen/daily_stock_analysis#485 (DeepSeek)",
         types=_s("authentication_error", "invalid_authentication_error")),
    Rule("auth-text", R.AUTH_INVALID, "the API key was refused (or none was sent)", "check the provider's key variable",
         "openai/openai-python#1434; continuedev/continue#10778 (xAI 400); Arize-ai/openinference#2358 (Bedrock)",
         message=_re(r"didn't provide an api key|incorrect api key|invalid api (key|token)|no api key supplied"
                     r"|security token included in the request is invalid|api key has expired")),
    Rule("gemini-key-invalid", R.AUTH_INVALID, "the API key is not valid (not found or expired)",
         "create a key at aistudio.google.com/apikey",
         "cequence-io/openai-scala-client#109; google-gemini/gemini-cli#25198", reasons=_s("API_KEY_INVALID")),
    Rule("gemini-key-invalid-text", R.AUTH_INVALID, "the API key is not valid", "create a key at aistudio.google.com/apikey",
         "google-gemini/gemini-cli#25198", dialects=_s("gemini"), message=_re(r"api key (not valid|not found|expired)")),
    Rule("gemini-key-leaked", R.AUTH_INVALID, "Google revoked the key: it was reported as leaked",
         "create a new key and keep it out of public code", "continuedev/continue#10513",
         message=_re(r"reported as leaked")),
    Rule("gemini-consumer-suspended", R.AUTH_INVALID, "the key or its project is suspended",
         "check the project in the Google Cloud console", "google/generative-ai-docs#356",
         reasons=_s("CONSUMER_SUSPENDED", "API_KEY_SERVICE_BLOCKED")),
    Rule("google-service-disabled", R.AUTH_INVALID, "the API is not enabled for the key's Google Cloud project",
         "enable the API in the project (Generative Language API or Vertex AI API)",
         "google-gemini/deprecated-generative-ai-python#10; litellm _map_vertex_exception",
         message=_re(r"has not been used in project|service_disabled")),
    Rule("aws-missing-credentials", R.AUTH_INVALID, "no credentials were sent (AWS asks for a signature or a Bedrock API key)",
         "set AWS_BEARER_TOKEN_BEDROCK, or AWS credentials with the aws extra", "anthropics/claude-code#45000",
         message=_re(r"authorization header is missing|missing authentication token")),
    Rule("gemini-unregistered-caller", R.AUTH_INVALID, "no API key was sent", "set GOOGLE_API_KEY or GEMINI_API_KEY",
         "PublicAffairs/openai-gemini#92", message=_re(r"unregistered callers")),
    Rule("vertex-iam", R.AUTH_INVALID,
         "the credentials lack the IAM permission to call the model (or the model does not exist there)",
         "grant roles/aiplatform.user to the caller on the project", "rpurinton/gemini-php#2; rhel-lightspeed/linux-mcp-server#450",
         message=_re(r"permission '[\w.]+' denied on resource"), ambiguous=True),
    Rule("perplexity-html-401", R.AUTH_INVALID, "Perplexity refused the key (its 401 is an HTML page)",
         "check PERPLEXITY_API_KEY", "BerriAI/litellm#2584; perplexityai/api-discussion#281",
         providers=_s("perplexity"), http=_n(401), envelope=HTML),
    # ---- permission and existence
    Rule("permission-type", R.NOT_ENTITLED, "this key's organisation may not use the model",
         "ask the provider for access (some models are invitation-only)",
         "docs.claude.com/en/api/errors; ollama/ollama#15990", types=_s("permission_error")),
    Rule("anthropic-not-found", R.NOT_FOUND,
         "Anthropic answered not_found for the model (it also says this for models an organisation cannot access)",
         "check the id against GET /v1/models", "anthropics/claude-code#5349; mattermost/mattermost-plugin-agents#257",
         types=_s("not_found_error"), ambiguous=True),
    Rule("invalid-model", R.NOT_FOUND, "the provider does not know this model id", "check the id against the provider's model list",
         "mistralai/mistral-vibe#617 (Mistral 1500); perplexityai/api-discussion#262; ConardLi/easy-dataset#9 (DeepSeek)",
         message=None, types=_s("invalid_model")),
    Rule("model-not-exist-text", R.NOT_FOUND, "the provider says the model does not exist (or is not accessible)",
         "check the id against the provider's model list",
         "ConardLi/easy-dataset#9 (DeepSeek 'Model Not Exist'); AIDotNet/OpenDeepWiki#308 (DashScope); "
         "vllm-project/vllm#3485; aws-samples/amazon-bedrock-workshop#315 (Bedrock)",
         message=_re(r"model not exist|does not exist|model identifier is invalid|not found, try pulling it"),
         ambiguous=True),
    Rule("bedrock-inference-profile", R.NOT_FOUND, "this model id cannot be invoked on demand here: an inference profile id is needed",
         "use the inference profile id (e.g. us. or global. prefix) for this region",
         "logancyang/obsidian-copilot#2472; terricain/aioboto3#352", message=_re(r"with on-demand throughput isn.t supported")),
    Rule("gemini-permission", R.NOT_ENTITLED, "the caller does not have permission for this model",
         "check the model's tier (preview and Pro models may need billing)", "iBUHub/AIStudioToAPI#109",
         dialects=_s("gemini"), google=_s("PERMISSION_DENIED")),
    Rule("google-not-found", R.NOT_FOUND, "Google does not know this model here (or it was retired)",
         "list the models for current ids", "wwardaww/gnome-gemini-ai#22; genkit-ai/genkit#4688 (Vertex)",
         google=_s("NOT_FOUND"), ambiguous=True),
    # ---- throttling and outages
    Rule("overloaded", R.PROVIDER_ERROR, "the provider is overloaded (not a rate limit on you)", "retry later",
         "anthropics/claude-code#35792; google-gemini/gemini-cli#5191; Wei-Shaw/sub2api#6631",
         message=_re(r"overloaded|experiencing high demand|service tier capacity exceeded")),
    Rule("http-529", R.PROVIDER_ERROR, "the provider is overloaded (529)", "retry later",
         "anthropics/claude-code#35792", http=_n(529)),
    Rule("rate-limit-code", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down or raise the rate-limit tier", "ChatGPTNextWeb/NextChat#793; openinterpreter/openinterpreter#408 (Groq)",
         codes=_s("rate_limit_exceeded", "slow_down", "ThrottlingException")),
    Rule("rate-limit-type", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down or raise the rate-limit tier", "bespokelabsai/curator#256; raycast/extensions#31107 (Mistral); "
         "LLM-Red-Team/kimi-cc#41 (Moonshot)", types=_s("rate_limit_error", "rate_limited", "rate_limit_reached_error")),
    Rule("gemini-rate-limit", R.RATE_LIMITED, "throttled by a per-minute quota (you are entitled)",
         "slow down, or move the project to a paid tier", "google-gemini/gemini-cli#8437",
         dialects=_s("gemini"), http=_n(429)),
    Rule("rate-limit-text", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down or raise the rate-limit tier",
         "aws-samples/amazon-bedrock-client-for-mac#99; cohere errors.mdx; vanderschaarlab/climb#1 (Azure)",
         http=_n(429), message=_re(r"rate limit|too many (tokens|requests)|per minute|/ minute|retry after")),
    # ---- the probe itself was refused (a bug in accesscheck, or an API change)
    Rule("request-rejected", R.UNEXPECTED_RESPONSE, "the provider rejected the probe request itself (parameters or headers)",
         "report this to accesscheck with the --debug output",
         "griptape-ai/ComfyUI-Griptape#312; gabrii/Cursor-Azure-GPT-5#33; envoyproxy/ai-gateway#1909",
         http=_n(400, 422), envelope=JSON,
         codes=_s("unsupported_parameter", "unsupported_value", "integer_below_min_value", "invalid_request_body")),
    Rule("anthropic-request-rejected", R.UNEXPECTED_RESPONSE, "Anthropic rejected the probe request itself",
         "report this to accesscheck with --debug", "envoyproxy/ai-gateway#1909",
         dialects=_s("anthropic"), http=_n(400), types=_s("invalid_request_error")),
    # NVIDIA serves each hosted model ("function") per account; /v1/models lists them all anyway.
    Rule("nvidia-not-for-account", R.NOT_ENTITLED,
         "NVIDIA does not serve this model to this account (or it left the hosted catalog)",
         "check the model on build.nvidia.com for this account (Public API Endpoints access)",
         "gethouston/houston#1243; Alishahryar1/free-claude-code#956, #1021",
         providers=_s("nvidia"), http=_n(404), message=_re(r"not found for account"), ambiguous=True),
    # ---- middleboxes and edges: HTML where the API speaks JSON
    Rule("cdn-block-page", R.GEO_BLOCKED,
         "the provider's CDN edge answered with a block page instead of the API: your IP or region is refused",
         "try another network or egress region",
         "lobehub/lobehub#2147; Mintplex-Labs/anything-llm#2003 (Groq behind Cloudflare)",
         http=_n(403, 429, 503), envelope=HTML, message=_re(r"cloudflare|attention required|please enable cookies")),
    Rule("edge-html-403", R.GEO_BLOCKED,
         "an HTML 403 from the provider's edge instead of its JSON API (a suspected IP or region block)",
         "try another network or egress region", "langgenius/dify#2506 (Cohere); FACTS.md §0.2 (Groq, Cohere)",
         providers=_s("cohere", "groq"), http=_n(403), envelope=HTML),
    Rule("keyless-401", R.AUTH_INVALID, "the API asks for a key (401): the edge let the request through",
         "set the provider's key variable", "RFC 9110 §15.5.2; BerriAI/litellm#2584 (an HTML 401 from Perplexity)",
         rungs=frozenset({Rung.KEYLESS}), http=_n(401)),
    Rule("html-instead-of-json", R.UNEXPECTED_RESPONSE,
         "an HTML page answered where the API's JSON was expected (captive portal, proxy or block page)",
         "sign in to the network (captive portal) or check your proxy", "RELIABILITY.md §9 F4", envelope=HTML),
    # ---- generic fallbacks by status
    Rule("http-401", R.AUTH_INVALID, "the provider refused the credentials (401)", "check the key",
         "FACTS.md §0 generic fallbacks", http=_n(401), envelope=JSON),
    Rule("http-402", R.QUOTA_EXHAUSTED, "payment required (402): out of credit", "add credit",
         "FACTS.md §0 generic fallbacks; api-docs.deepseek.com error codes", http=_n(402)),
    Rule("http-403", R.NOT_ENTITLED, "forbidden (403): this account may not use it",
         "check the account's access to this model", "FACTS.md §0 generic fallbacks",
         http=_n(403), envelope=JSON, ambiguous=True),
    Rule("http-404", R.NOT_FOUND, "not found (404)", "check the model id", "FACTS.md §0 generic fallbacks",
         http=_n(404), envelope=JSON, ambiguous=True),
    Rule("http-408", R.TIMEOUT, "the provider timed out the request (408)", "retry later", "RFC 9110", http=_n(408)),
    Rule("http-429", R.RATE_LIMITED, "throttled (429)", "slow down", "FACTS.md §0 generic fallbacks",
         http=_n(429), envelope=JSON),
    Rule("http-5xx", R.PROVIDER_ERROR, "the provider failed (5xx)", "retry later",
         "FACTS.md §0 generic fallbacks; can1357/oh-my-pi#3220 (Fireworks list 500)", http=SERVER_ERRORS),
)
# fmt: on

FALLBACK = Rule(
    "unexpected", R.UNEXPECTED_RESPONSE, "an answer accesscheck cannot interpret",
    "run with --debug and report it", "—",
)  # fmt: skip

# Every provider family a rule names, and the bundled providers' others (each once: a test keeps
# this list the bundled registry's families): `explain --provider` accepts these without a
# registry entry.
FAMILIES: frozenset[str] = frozenset(p for rule in RULES for p in rule.providers) | frozenset(
    {"anthropic", "gemini", "mistral", "deepseek", "xai", "together", "fireworks",
     "openrouter", "moonshot", "zhipu", "dashscope", "minimax", "qihoo360", "sakana", "vllm",
     "bedrock", "vertex", "ollama",
     # issue #16: OpenAI-compatible hosts and labs, and Foundry on Azure's v1 surface
     "cerebras", "sambanova", "deepinfra", "siliconflow", "huggingface", "nebius", "novita",
     "upstage", "stepfun", "tencent", "volcengine", "qianfan", "azure-foundry",
     # issue #16: Claude on Vertex AI (Vertex's answers; the rules above read them by message),
     # and OpenAI's models on Bedrock's Mantle endpoint (OpenAI's error envelope)
     "vertex-anthropic", "bedrock-mantle"}
)  # fmt: skip


def dialect_of_family(family: str) -> str:
    """The wire dialect a known provider family speaks natively (for dialect-keyed rules)."""
    return {
        "anthropic": "anthropic",
        "gemini": "gemini",
        "cohere": "cohere",
        "ollama": "ollama",
    }.get(family, "openai")
