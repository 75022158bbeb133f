"""The classification rule table: data, one rule per provider quirk, each with its source.

Order matters: the first rule whose conditions all hold decides, so specific fingerprints
come before generic fallbacks. Conditions left empty match anything. Sources name the
public report or doc the fingerprint was taken from (shared/providers/FACTS.md has more).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from accesscheck.model import Reason, Rung
from accesscheck.parse import Facts

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

    def matches(self, facts: Facts, dialect: str, rung: Rung) -> bool:
        return (
            (not self.dialects or dialect in self.dialects)
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


def _set(*items: str) -> frozenset[str]:
    return frozenset(items)


def _codes(*items: int) -> frozenset[int]:
    return frozenset(items)


OPENAI, ANTHROPIC, GEMINI = _set("openai"), _set("anthropic"), _set("gemini")
SUCCESS = frozenset(range(200, 300))
SERVER_ERRORS = frozenset(range(500, 600))
NO_RESPONSE = _codes(0)
JSON = _set("json")


def _only_daily_quota(facts: Facts) -> bool:
    return bool(facts.quota_ids) and all("PerDay" in q for q in facts.quota_ids)


def _not_anthropic_envelope(facts: Facts) -> bool:
    return facts.top_type != "error"


RULES: tuple[Rule, ...] = (
    # ---- no HTTP answer at all (explain only: a scan names failures from exception types)
    Rule(
        "transport-failure",
        R.NETWORK_BLOCKED,
        "no HTTP answer: the connection failed (DNS, TCP or TLS)",
        "try another network or a proxy; if only this provider fails, it is blocked on your route",
        "FACTS.md §0.8; chatchat-space/Langchain-Chatchat#813; ZHO-ZHO-ZHO/ComfyUI-Gemini#11",
        http=NO_RESPONSE,
        message=_re(
            r"ssl|eof occurred|timed out|timeout|etimedout|econnreset|connection (reset|refused)"
            r"|winerror 100|failed to fetch|getaddrinfo|name or service not known|max retries"
        ),
    ),
    # ---- success
    Rule(
        "ok",
        R.OK,
        "the model answered a real request",
        "",
        "HTTP semantics",
        http=SUCCESS,
        envelope=JSON,
        rungs=frozenset({Rung.INVOKE}),
    ),
    Rule(
        "listed",
        R.LISTED,
        "the model is in this key's model list (not proof it can be called)",
        "run with --deep to make one minimal call",
        "FACTS.md §2.1-2.3 (list endpoints)",
        http=SUCCESS,
        envelope=JSON,
    ),
    # ---- legal and geographic refusals
    Rule(
        "http-451",
        R.LEGAL_BLOCK,
        "refused for legal reasons (HTTP 451)",
        "the provider may not serve your location or organisation",
        "RFC 7725",
        http=_codes(451),
    ),
    Rule(
        "openai-geo",
        R.GEO_BLOCKED,
        "OpenAI does not serve your country, region or territory",
        "OpenAI lists supported countries at help.openai.com/en/articles/5347006",
        "james-6-23/codex2api#77; songquanpeng/one-api#1692",
        codes=_set("unsupported_country_region_territory"),
    ),
    Rule(
        "openai-geo-text",
        R.GEO_BLOCKED,
        "OpenAI does not serve your country, region or territory",
        "OpenAI lists supported countries at help.openai.com/en/articles/5347006",
        "developers.openai.com/docs/guides/error-codes",
        message=_re(r"country, region,? or territory (is )?not supported"),
    ),
    Rule(
        "anthropic-geo",
        R.GEO_BLOCKED,
        "Anthropic refused the request at its edge (its geo-block answer: 403 forbidden, "
        "'Request not allowed')",
        "Anthropic lists supported regions at anthropic.com/supported-countries",
        "enricoros/big-AGI#485; langgenius/dify#5445",
        dialects=ANTHROPIC,
        http=_codes(403),
        types=_set("forbidden"),
        when=_not_anthropic_envelope,
    ),
    Rule(
        "gemini-geo",
        R.GEO_BLOCKED,
        "the Gemini API does not serve your location",
        "see ai.google.dev/gemini-api/docs/available-regions, or use Vertex AI",
        "snailyp/gemini-balance#328; poenl/gemini-api#4; gemini-api-php/client#32",
        message=_re(r"user location is not supported"),
    ),
    # ---- gated: verification, entitlement, billing
    Rule(
        "openai-verification",
        R.VERIFICATION_REQUIRED,
        "your organisation must be verified to use this model",
        "verify your organisation at platform.openai.com/settings/organization/general "
        "(access can take 15 minutes to propagate)",
        "danny-avila/LibreChat#7323; microsoft/vscode#260670; continuedev/continue#9948",
        message=_re(r"must be verified to"),
    ),
    Rule(
        "openai-project-access",
        R.NOT_ENTITLED,
        "this project may not use the model (project model allowlist, or an unfunded account)",
        "allow the model in the project's settings, or use a key of a project that has it",
        "Aider-AI/aider#1903; continuedev/continue#10120",
        message=_re(r"project `?[\w-]+`? does not have access to model"),
    ),
    Rule(
        "openai-retired",
        R.RETIRED,
        "the model has been retired (deprecated)",
        "pick its successor; see platform.openai.com/docs/deprecations",
        "openai/openai-quickstart-node#127",
        message=_re(r"has been deprecated"),
    ),
    Rule(
        "openai-model-not-found",
        R.NOT_ENTITLED,
        "OpenAI says the model 'does not exist or you do not have access to it'",
        "check the id; if it exists, your organisation lacks access (tier, waitlist or allowlist)",
        "marcolardera/chatgpt-cli#13; Chainlit/cookbook#82",
        dialects=OPENAI,
        codes=_set("model_not_found"),
        ambiguous=True,
    ),
    Rule(
        "openai-model-not-found-text",
        R.NOT_ENTITLED,
        "OpenAI says the model does not exist or you do not have access to it",
        "check the id; if it exists, your organisation lacks access (tier, waitlist or allowlist)",
        "marcolardera/chatgpt-cli#13",
        dialects=OPENAI,
        http=_codes(404),
        message=_re(r"model.{0,80} does not exist"),
        ambiguous=True,
    ),
    Rule(
        "openai-quota",
        R.QUOTA_EXHAUSTED,
        "the account's credit or spend limit is exhausted",
        "add credit or raise the spend limit at platform.openai.com/settings/organization/billing",
        "Chanzhaoyu/chatgpt-web#1965; HeyPuter/puter#1977; learn.microsoft.com dev-proxy "
        "openai-insufficient-quota",
        dialects=OPENAI,
        codes=_set(
            "insufficient_quota",
            "credit_balance_exhausted",
            "organization_spend_limit_exceeded",
            "project_spend_limit_exceeded",
            "organization_usage_limit_exceeded",
        ),
    ),
    Rule(
        "openai-quota-type",
        R.QUOTA_EXHAUSTED,
        "the account's credit or spend limit is exhausted",
        "add credit or raise the spend limit at platform.openai.com/settings/organization/billing",
        "Chanzhaoyu/chatgpt-web#1965",
        dialects=OPENAI,
        types=_set("insufficient_quota"),
    ),
    Rule(
        "openai-quota-text",
        R.QUOTA_EXHAUSTED,
        "the account's credit or spend limit is exhausted",
        "add credit or raise the spend limit at platform.openai.com/settings/organization/billing",
        "HeyPuter/puter#1977",
        dialects=OPENAI,
        message=_re(r"exceeded your current quota"),
    ),
    Rule(
        "anthropic-credit",
        R.QUOTA_EXHAUSTED,
        "the prepaid credit balance is too low",
        "buy credits at console.anthropic.com (Plans & Billing)",
        "anthropics/claude-code#66314; RooCodeInc/Roo-Code#2419",
        dialects=ANTHROPIC,
        message=_re(r"credit balance is too low"),
    ),
    Rule(
        "anthropic-billing",
        R.QUOTA_EXHAUSTED,
        "Anthropic reports a billing problem",
        "check Plans & Billing at console.anthropic.com",
        "platform.claude.com/docs/id/api/$shared",
        dialects=ANTHROPIC,
        types=_set("billing_error"),
    ),
    Rule(
        "gemini-no-free-tier",
        R.NOT_ENTITLED,
        "this model has no free-tier quota for this project (limit: 0): it needs billing, "
        "retrying will not help",
        "enable billing on the Google Cloud project behind the key",
        "continuedev/continue#10062; ai-christianson/RA.Aid#182",
        dialects=GEMINI,
        http=_codes(429),
        message=_re(r"limit: 0\b|free quota tier"),
    ),
    Rule(
        "gemini-daily-quota",
        R.QUOTA_EXHAUSTED,
        "the daily quota for this model is used up",
        "wait for the daily reset or raise the project's quota tier",
        "google-gemini/gemini-cli#8437 (QuotaFailure quotaId …PerDay…)",
        dialects=GEMINI,
        http=_codes(429),
        when=_only_daily_quota,
    ),
    # ---- credentials
    Rule(
        "openai-auth",
        R.AUTH_INVALID,
        "the API key was refused",
        "check OPENAI_API_KEY (or the key variable this provider names)",
        "chatanywhere/GPT_API_free#62; openai/openai-python#1434",
        codes=_set("invalid_api_key"),
    ),
    Rule(
        "openai-no-key",
        R.AUTH_INVALID,
        "no API key was sent",
        "set the provider's key variable",
        "openai/openai-python#1434",
        message=_re(r"didn't provide an api key"),
    ),
    Rule(
        "anthropic-auth",
        R.AUTH_INVALID,
        "the API key was refused",
        "check ANTHROPIC_API_KEY",
        "anthropics/claude-code#9694; n8n-io/n8n#37930",
        dialects=ANTHROPIC,
        types=_set("authentication_error"),
    ),
    Rule(
        "gemini-key-invalid",
        R.AUTH_INVALID,
        "the API key is not valid (not found or expired)",
        "create a key at aistudio.google.com/apikey",
        "cequence-io/openai-scala-client#109; google-gemini/gemini-cli#25198",
        reasons=_set("API_KEY_INVALID"),
    ),
    Rule(
        "gemini-key-invalid-text",
        R.AUTH_INVALID,
        "the API key is not valid",
        "create a key at aistudio.google.com/apikey",
        "google-gemini/gemini-cli#25198",
        dialects=GEMINI,
        message=_re(r"api key (not valid|not found|expired)"),
    ),
    Rule(
        "gemini-key-leaked",
        R.AUTH_INVALID,
        "Google revoked the key: it was reported as leaked",
        "create a new key and keep it out of public code",
        "continuedev/continue#10513",
        message=_re(r"reported as leaked"),
    ),
    Rule(
        "gemini-consumer-suspended",
        R.AUTH_INVALID,
        "the key or its project is suspended",
        "check the project in the Google Cloud console",
        "google/generative-ai-docs#356",
        reasons=_set("CONSUMER_SUSPENDED", "API_KEY_SERVICE_BLOCKED"),
    ),
    Rule(
        "gemini-service-disabled",
        R.AUTH_INVALID,
        "the Generative Language API is not enabled for the key's project",
        "enable generativelanguage.googleapis.com in the project",
        "google-gemini/deprecated-generative-ai-python#10",
        message=_re(r"has not been used in project|service_disabled"),
    ),
    Rule(
        "gemini-unregistered-caller",
        R.AUTH_INVALID,
        "no API key was sent",
        "set GOOGLE_API_KEY or GEMINI_API_KEY",
        "PublicAffairs/openai-gemini#92",
        message=_re(r"unregistered callers"),
    ),
    # ---- permission and existence
    Rule(
        "anthropic-permission",
        R.NOT_ENTITLED,
        "this key's organisation may not use the model",
        "ask Anthropic for access (some models are invitation-only)",
        "docs.claude.com/en/api/errors",
        dialects=ANTHROPIC,
        types=_set("permission_error"),
    ),
    Rule(
        "anthropic-not-found",
        R.NOT_FOUND,
        "Anthropic answered not_found for the model (it also says this for models an "
        "organisation cannot access)",
        "check the id against GET /v1/models",
        "anthropics/claude-code#5349; mattermost/mattermost-plugin-agents#257",
        dialects=ANTHROPIC,
        types=_set("not_found_error"),
        ambiguous=True,
    ),
    Rule(
        "gemini-permission",
        R.NOT_ENTITLED,
        "the caller does not have permission for this model",
        "check the model's tier (preview and Pro models may need billing)",
        "iBUHub/AIStudioToAPI#109",
        dialects=GEMINI,
        google=_set("PERMISSION_DENIED"),
    ),
    Rule(
        "gemini-not-found",
        R.NOT_FOUND,
        "the Gemini API does not know this model (or it was retired)",
        "call ListModels for current ids",
        "wwardaww/gnome-gemini-ai#22; 10up/classifai#926",
        dialects=GEMINI,
        google=_set("NOT_FOUND"),
    ),
    # ---- throttling and outages
    Rule(
        "overloaded",
        R.PROVIDER_ERROR,
        "the provider is overloaded (not a rate limit on you)",
        "retry later",
        "anthropics/claude-code#35792; google-gemini/gemini-cli#5191; Wei-Shaw/sub2api#6631",
        message=_re(r"overloaded|experiencing high demand"),
    ),
    Rule(
        "anthropic-529",
        R.PROVIDER_ERROR,
        "Anthropic is overloaded (529)",
        "retry later",
        "anthropics/claude-code#35792",
        http=_codes(529),
    ),
    Rule(
        "openai-rate-limit",
        R.RATE_LIMITED,
        "throttled by a rate limit (you are entitled to the model)",
        "slow down or raise the rate-limit tier",
        "ChatGPTNextWeb/NextChat#793",
        dialects=OPENAI,
        codes=_set("rate_limit_exceeded", "slow_down"),
    ),
    Rule(
        "anthropic-rate-limit",
        R.RATE_LIMITED,
        "throttled by a rate limit (you are entitled to the model)",
        "slow down or raise the rate-limit tier",
        "bespokelabsai/curator#256",
        dialects=ANTHROPIC,
        types=_set("rate_limit_error"),
    ),
    Rule(
        "gemini-rate-limit",
        R.RATE_LIMITED,
        "throttled by a per-minute quota (you are entitled)",
        "slow down, or move the project to a paid tier",
        "google-gemini/gemini-cli#8437",
        dialects=GEMINI,
        http=_codes(429),
    ),
    # ---- the probe itself was refused (a bug in accesscheck, or an API change)
    Rule(
        "request-rejected",
        R.UNEXPECTED_RESPONSE,
        "the provider rejected the probe request itself (parameters or headers)",
        "report this to accesscheck with the --debug output",
        "griptape-ai/ComfyUI-Griptape#312; gabrii/Cursor-Azure-GPT-5#33",
        http=_codes(400, 422),
        envelope=JSON,
        codes=_set(
            "unsupported_parameter",
            "unsupported_value",
            "integer_below_min_value",
            "invalid_request_body",
        ),
    ),
    Rule(
        "anthropic-request-rejected",
        R.UNEXPECTED_RESPONSE,
        "Anthropic rejected the probe request itself",
        "report this to accesscheck with --debug",
        "envoyproxy/ai-gateway#1909",
        dialects=ANTHROPIC,
        http=_codes(400),
        types=_set("invalid_request_error"),
    ),
    # ---- middleboxes: HTML where the API speaks JSON
    Rule(
        "cdn-block-page",
        R.NETWORK_BLOCKED,
        "a CDN block page (Cloudflare) answered instead of the API: your IP or region is blocked "
        "at the provider's edge",
        "try another network or egress region",
        "lobehub/lobehub#2147; Mintplex-Labs/anything-llm#2003",
        http=_codes(403, 429, 503),
        envelope=_set("html"),
        message=_re(r"cloudflare|attention required|please enable cookies"),
    ),
    Rule(
        "html-instead-of-json",
        R.UNEXPECTED_RESPONSE,
        "an HTML page answered where the API's JSON was expected (captive portal, proxy or "
        "block page)",
        "sign in to the network (captive portal) or check your proxy",
        "RELIABILITY.md §9 F4",
        envelope=_set("html"),
    ),
    # ---- generic fallbacks by status, for provider-shaped JSON only
    Rule(
        "http-401",
        R.AUTH_INVALID,
        "the provider refused the credentials (401)",
        "check the key",
        "FACTS.md §0 generic fallbacks",
        http=_codes(401),
        envelope=JSON,
    ),
    Rule(
        "http-402",
        R.QUOTA_EXHAUSTED,
        "payment required (402): out of credit",
        "add credit",
        "FACTS.md §0 generic fallbacks",
        http=_codes(402),
        envelope=JSON,
    ),
    Rule(
        "http-403",
        R.NOT_ENTITLED,
        "forbidden (403): this account may not use it",
        "check the account's access to this model",
        "FACTS.md §0 generic fallbacks",
        http=_codes(403),
        envelope=JSON,
        ambiguous=True,
    ),
    Rule(
        "http-404",
        R.NOT_FOUND,
        "not found (404)",
        "check the model id",
        "FACTS.md §0 generic fallbacks",
        http=_codes(404),
        envelope=JSON,
        ambiguous=True,
    ),
    Rule(
        "http-408",
        R.TIMEOUT,
        "the provider timed out the request (408)",
        "retry later",
        "RFC 9110",
        http=_codes(408),
    ),
    Rule(
        "http-429",
        R.RATE_LIMITED,
        "throttled (429)",
        "slow down",
        "FACTS.md §0 generic fallbacks",
        http=_codes(429),
        envelope=JSON,
    ),
    Rule(
        "http-5xx",
        R.PROVIDER_ERROR,
        "the provider failed (5xx)",
        "retry later",
        "FACTS.md §0 generic fallbacks",
        http=SERVER_ERRORS,
    ),
)

FALLBACK = Rule(
    "unexpected",
    R.UNEXPECTED_RESPONSE,
    "an answer accesscheck cannot interpret",
    "run with --debug and report it",
    "—",
)
