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
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from accesscheck.classify import success
from accesscheck.classify.depth import ERROR_WORDS
from accesscheck.classify.read import Facts
from accesscheck.classify.status import without_reason_phrases
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
    # For an ambiguous answer: the other reading, and what would settle it.
    other: str = ""

    def matches(self, facts: Facts, family: str, dialect: str, rung: Rung) -> bool:
        return (
            (not self.providers or family in self.providers)
            and (not self.dialects or dialect in self.dialects)
            and (not self.http or (facts.http_status or 0) in self.http)
            and (not self.rungs or rung in self.rungs)
            # a code or type found at any depth counts: wrappers move them, never remove them
            and (not self.codes or not self.codes.isdisjoint(facts.all_codes))
            and (not self.types or not self.types.isdisjoint(facts.all_types))
            and (not self.google or facts.google_status in self.google)
            and (not self.reasons or bool(self.reasons.intersection(facts.reasons)))
            and (self.message is None or bool(self.message.search(facts.text)))
            and (not self.envelope or facts.envelope in self.envelope)
            and (self.when is None or self.when(facts))
            # The contract (README, the vocabulary): a throttle is positive evidence only as a 429
            # (or in a paste that shows no status); inside a 2xx it is an error envelope, with any
            # other status (OpenAI's 503 slow_down, a 413 "request too large") it is no verdict
            # of reachability.
            and not (
                self.reason is Reason.RATE_LIMITED and (facts.http_status or 0) not in (0, 429)
            )
            # …and a throttle is read only where the answer shows one: a rate-limit code or type
            # (the rule's own condition), or the words of a throttle (throttle_shown). A 429 and
            # its reason phrase alone show nothing: used-up credit is sent as a 429 too.
            and not (
                self.reason is Reason.RATE_LIMITED
                and not (self.codes or self.types)
                and not throttle_shown(facts)
            )
        )


# Positive evidence of a throttle (issue #15: "a 429 is rate_limited only with positive throttle
# evidence"). The names a client gives any 429 say nothing of its cause — the 429 reason phrase
# "Too Many Requests" (requests' "429 Client Error: Too Many Requests for url", httr2's "HTTP 429
# Too Many Requests"), an SDK's class for every 429 (openai.RateLimitError, litellm.RateLimitError,
# cohere's TooManyRequestsError, google.api_core's ResourceExhausted), a sample app's "Throttling:"
# heading — OpenAI sends used-up credit and inactive billing as 429 too (corpus h2a-116, h2a-119,
# h2a-147), so they are removed before the words of a throttle are looked for: a rate limit named,
# a window (per minute, RPM, TPM), a concurrency cap, a hint to retry (Retry-After, "try again in
# 20s", "please try again later"), in English, Chinese and Japanese.
# (No greedy prefix before the names: `[\w.]*name` was quadratic on a long dotted word.)
# r7-flow: a throttle said as traffic to ramp up or slow down, requests being limited, a request
# list or rate quota exceeded, a per-second quota's name (throttle-traffic-words, below).
_TRAFFIC_THROTTLE = (
    r"rate of traffic exceeds|ramp (your )?(traffic|requests|load) up (more )?(slowly|gradually)"
    r"|reduce your request rate|(temporarily |currently )?limiting (your )?requests"
    r"|exceeded your current requests? list|rate quota limit exceed|\w(requests|tokens)persecond\b"
)
# …and a request limit exceeded, read as a throttle only at a 429 (request-limit-429, below).
_REQUEST_LIMIT = r"\brequests? limit (exceeded|reached)\b"
_STATUS_NAMES = re.compile(
    r"(rate_?limit_?error|rate_?limit_?exception|too_?many_?requests_?(error|exception)?"
    r"|resource_?exhausted)\b|\bthrottling:",
    re.IGNORECASE,
)
# r7-locale: a throttle in the words the chat apps ship in Korean, Russian, Portuguese, Spanish,
# German and French (LobeChat's 429 banner, Roo Code's rateLimitExceeded; sources at locale-rate-words).
# Cherry Studio's Russian locale, which the locale-* rules cite
_CHERRY_RU = (
    "https://github.com/CherryHQ/cherry-studio/blob/0058380c1689df00330c485"
    "3be83aa32dfc24edc/src/renderer/src/i18n/locales/ru-ru.json"
)
_LOCALE_THROTTLE = (
    r"요청이 너무 많|속도 제한|слишком част|слишком много запросов|лимит\w{0,3} скорости|muito frequente|limite de taxa"
    r"|demasiadas solicitudes|l[íi]mite de velocidad|zu h[äa]ufig|ratenlimit|trop fr[ée]quente|limite de d[ée]bit"
)
_THROTTLE_WORDS = re.compile(
    r"rate[ _-]?limit|\bthrottl(ed|ing)\b|throttlingexception|too many (tokens|concurrent|simultaneous|parallel)"
    r"|\bconcurren(cy|t requests?)\b|\bper[ _]?(minute|second)\b|perminute|per_minute|per_second"
    r"|\b(rpm|tpm|rps|qps|tps)\b|/ ?min(ute)?\b|try again in \d|retry (after|in) \d|retry-after"
    r"|slow down|resource (has been )?exhausted\b(?!\w)|#token-limit|allocated quota exceeded|too many requests in"
    r"|(requests?|calls?|sending|sent)( \w+){0,3} too (quickly|fast|frequent(ly)?)\b|rate increased too quickly|per (1 )?hour\b"
    r"|频率|频繁|请求速度过快|(请求|访问|调用)过快|限流|限速|并发|请求(太|过)多|(请求|调用)次数过多|速率(限制|超限)|流量限制|负载已饱和"
    r"|(rpm|tpm|qps|rps)\s*(超限|超过|限制|上限|已满)"
    r"|レート制限|リクエストが多すぎ|リクエスト数の上限|頻度が高すぎ"
    # round 5: a gateway's throttling policy (Huawei APIG.0308), a reservation's throughput exceeded;
    # Kimi Code's 429 "We're receiving too many requests", DeepSeek's 429 请求速率达到上限,
    # Bedrock's ThrottlingException "Too many requests, please wait before trying again"
    r"|throttling threshold|\bover ratelimit\b|exceeded (the |your )?provisioned throughput|触发流控|被流控|流控(阈值|限制)"
    r"|receiving too many requests|速率达到上限|too many requests\W{1,3}(please )?wait before (trying|retrying)"
    # round 7 (r7-docs): SambaNova's 429 "Too many requests are currently in flight" (a concurrency cap)
    r"|too many requests (are )?(currently )?in[ -]flight"
    # round 9 (r9-flow): iFlytek Spark's 11202 AppIdQpsOverFlowError (a per-APPID QPS cap, corpus
    # h8c-022), the error name SDKs and gateways retry on (coaidev/coai adapter: isQPSOverLimit);
    # Copilot's "your request was rate-limited" (corpus h8b-092)
    r"|(qps|concurrency)_?overflow|(request|call)s? (was|were|is|are|has been|have been|got) rate[ -]limited",
    re.IGNORECASE,
)
# Round 7's throttle words (r7-flow: a throttle in other providers' words; r7-locale: the chat
# apps' localized ones) are weaker: "Requests limit exceeded. Please upgrade to a paid plan",
# "Currently limiting requests: no active payment method", "Превышен лимит скорости: пополните
# баланс" are caps. They show a throttle only where nothing of a plan, money or a long window is
# beside them (_NOT_A_THROTTLE; found by the round-8 review).
_WEAK_THROTTLE = re.compile(
    f"{_TRAFFIC_THROTTLE}|{_REQUEST_LIMIT}|{_LOCALE_THROTTLE}", re.IGNORECASE
)
# An ErrorInfo reason that names credits or a balance (errorinfo-credits-balance).
_CREDIT_REASON = re.compile(r"CREDITS?_BALANCE|INSUFFICIENT_\w{0,40}CREDIT", re.IGNORECASE)
_NOT_A_THROTTLE = _re(
    r"quota|credit|balance|billing|payment|\bplan\b|upgrade|subscri|\bpaid\b|daily|weekly|monthly|\bmonth\b"
    r"|per day|today|tomorrow|free tier|trial|expired|exhausted|used up|budget|\bspend\b"
    r"|额度|余额|配额|套餐|充值|每日|今日|本月|クレジット|残高|プラン|баланс|пополн|тариф|месяц|кредит|исчерпан"
    r"|saldo|cr[ée]dito|plano|assinatura|mensal|kontingent|guthaben|aufgebraucht|monat|abonnement|mois|forfait"
    r"|cuota|suscripci|mensual|할당량|월간|잔액|크레딧|요금제"
)
# A hint to retry soon without a time ("please try again later") is evidence only where nothing
# speaks of a quota, credit, plan or a day's cap: "Free tier limit reached, try again later or
# upgrade" is a cap, not a throttle.
_RETRY_SOON = re.compile(
    r"(try again|retry) (later|shortly|in a (few|little))|稍后(再)?(试|重试)|しばらく(時間を(置|お)いて|待って)",
    re.IGNORECASE,
)
# A shared pool's peak-load refusal with a retry time (peak-load-throttle, below).
_PEAK_LOAD = _re(
    r"(experiencing high (demand|traffic)|peak load).{0,300}(retry after|try again in) \d"
)
_CAP_WORDS = re.compile(
    r"quota|credit|balance|billing|payment|\bplan\b|upgrade|subscription|daily|weekly|monthly|per day|tomorrow"
    r"|free tier|trial|额度|余额|配额|套餐|充值|每日|今日|クレジット|残高|プラン",
    re.IGNORECASE,
)


# r5-docs: the words of money, credit or a used-up allotment: a throttle's words beside them are
# a cap's (a 429 that speaks of money is quota, not a throttle).
_MONEY_WORDS = _re(
    r"credits?\b|balance|billing|payment|\bquota\b|exhausted|used up|余额|额度|欠费|充值|クレジット|残高"
)


# r7-flow: a rate's own quota ("rate quota", a …RequestsPerSecond quota's name) and the names an
# SDK gives every 429 (ResourceExhausted) are no cap; what is left of the message is looked at.
_RATE_QUOTA_NAMES = _re(r"\brate quota\b|persecond[\w.]*")


def _no_cap_beside_rate(facts: Facts) -> bool:
    """Nothing of a plan, money or a long window beside a weak throttle word (_WEAK_THROTTLE)."""
    text = _RATE_QUOTA_NAMES.sub(" ", _STATUS_NAMES.sub(" ", _message_text(facts)))
    return not _NOT_A_THROTTLE.search(text)


# r7-flow: error codes and types that name the provider's own failure (server-error-code-plain).
_SERVER_FAILURE_CODES = frozenset(
    {"internal_server_error", "internal_error", "server_error", "service_unavailable"}
)
# gRPC and Connect statuses of a failed service, as their SDKs render them (rpc-status-failure).
_RPC_FAILURE = _re(
    r"(?:connecterror:?\s*|^\W{0,3})\[(unavailable|internal|data_loss)\]"
    r"|\bstatuscode\.(unavailable|internal|data_loss)\b|\brpc error: code = (unavailable|internal|dataloss)\b"
    r"|\b1[345] (unavailable|internal|data_loss):|statusruntimeexception: (unavailable|internal|data_loss)\b"
)
# A connect that failed, in the words gRPC clients wrap in UNAVAILABLE (beside _LOCAL_FAILURE's).
_CONNECT_FAILED_WORDS = _re(
    r"dial tcp|no such host|failed to connect|no connection established|dns resolution|error while dialing"
    r"|network is unreachable|no route to host|proxy"
)


# A line of the paste that is only "Internal Error" (internal-error-line).
_INTERNAL_ERROR_LINE = re.compile(
    r"^[^\w\n]{0,5}internal (server )?error[^\w\n]{0,5}$", re.IGNORECASE | re.MULTILINE
)


def _no_failure_of_this_side(facts: Facts) -> bool:
    return not (_LOCAL_FAILURE.search(facts.text) or _CONNECT_FAILED_WORDS.search(facts.text))


_SERVER_ERROR_ALONE = _re(r"\A\W{0,20}(internal|system) error\W{0,5}(/[^\n]{0,80})?\Z")


def _message_is_server_error(facts: Facts) -> bool:
    """r5-docs: a message that is only "internal error" or "system error / …" (MiniMax 1024, 1033)."""
    return bool(_SERVER_ERROR_ALONE.fullmatch(facts.message.strip()))


# A refusal beside a retry hint is the refusal (review of 8160956, #15: "Account suspended.
# Please try again later." as a 429): an account or access refusal, a location, a verification,
# an overdue account, a plan's window ("5-hour limit"), in English, Chinese and Japanese. These
# words always win over a throttle's.
_REFUSAL_WORDS = _re(
    r"suspend|restricted|\bdenied\b|\bbanned\b|\bblocked\b|forbidden|not (allowed|permitted|authori[sz]ed)"
    r"|(your|this) (area|region|location|country|territory)|\bverif(y|ied|ication)\b|past due|overdue"
    r"|(?<!\d)\d+[- ]hours? (usage )?limit|no access|permission"
    r"|权限|禁止|封禁|封号|冻结|地区|认证|停用|権限|地域|停止"
)
# Retry hints: a time to wait ("try again in 20s", "retry after 5 seconds", Retry-After) or none
# ("please try again later", 稍后重试). A hint shows a throttle only beside a throttle's noun or
# code (rate limit, too many requests, requests per minute, TPM/RPM, 限流, 请求过于频繁): a
# refusal or a cap says "try again later" too.
_RETRY_HINTS = _re(r"try again in \d|retry (after|in) \d|retry-after|" + _RETRY_SOON.pattern)
# What is no provider message: URLs (a docs link to …/rate-limits) and the rate-limit headers a
# `curl -i` paste shows (x-ratelimit-limit-requests: 500 is sent with every answer).
# (A header's name is `ratelimit` alone or hyphenated on: an SDK's exception line that starts
# with its class, "RateLimitError: Error code: 429 - {…}", is a message, not a header: corpus
# h4a-007, round 5.)
_HEADER_LINES = re.compile(
    r"^[ \t>]*(?:x-)?(?:rate-?limit|ratelimit)(?:-[\w-]*)?\s*:.*$|^[ \t>]*retry-after\s*:.*$",
    re.IGNORECASE | re.MULTILINE,
)
_RETRY_AFTER_HEADER = re.compile(
    r"^[ \t>]*retry-after\s*:\s*(\d+)\s*$", re.IGNORECASE | re.MULTILINE
)
_URLS = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# The nouns and codes of a throttle a retry hint needs beside it.
_THROTTLE_NOUNS = _re(
    r"rate[ _-]?limit|too many requests|requests per|\b(rpm|tpm|rph|rpd)\b|throttl|限流|请求过于频繁|频率"
)


def _message_text(facts: Facts) -> str:
    """`facts.text` without URLs and rate-limit header lines: the words a throttle is read from."""
    text = _URLS.sub(" ", _HEADER_LINES.sub(" ", f"{facts.message}\n{facts.raw}"))
    return without_reason_phrases(" ".join(text.lower().split()))


def throttle_shown(facts: Facts) -> bool:
    """The answer shows a throttle (not only a 429): a per-minute quota id, or the words of a
    throttle (_THROTTLE_WORDS) in the message — never beside a refusal's (_REFUSAL_WORDS), and a
    retry hint only beside a throttle's noun; a Retry-After header of under an hour only with a
    429 and no cap's words."""
    if any("PerMinute" in q or "PerSecond" in q for q in facts.quota_ids):
        return True
    text = _STATUS_NAMES.sub(" ", _message_text(facts))
    if _REFUSAL_WORDS.search(text):
        return False
    # A Retry-After of less than an hour at a 429 that names no cap: the provider says when this
    # caller may ask again (Azure's 86400 for a deployment without quota is a cap: azure-no-quota).
    if (
        facts.retry_after is not None
        and facts.retry_after < 3600
        and facts.http_status == 429
        and not _CAP_WORDS.search(text)
    ):
        return True
    if "#token-limit" in facts.text:  # DashScope's throttle links its docs' #token-limit section
        return True
    if _THROTTLE_WORDS.search(_RETRY_HINTS.sub(" ", text)) or _PEAK_LOAD.search(text):
        return True
    if _WEAK_THROTTLE.search(text) and _no_cap_beside_rate(facts):
        return True
    if _RETRY_HINTS.search(text) and _THROTTLE_NOUNS.search(text):
        return True
    header = _RETRY_AFTER_HEADER.search(facts.raw)
    return (
        header is not None
        and facts.http_status == 429
        and int(header.group(1)) < 3600
        and not _CAP_WORDS.search(text)
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


# What tells a Gemini throttle from a Gemini cap: the QuotaFailure's quotaId (…PerMinute… or
# …PerDay…, google-gemini/gemini-cli#8437), or the limit named in words (corpus g1-228: "TPM").
_PER_MINUTE_WORDS = _re(r"per minute|\b(tpm|rpm)\b|每分钟")
# Gemini's and Vertex's capacity answer (a shared pool, not the caller's quota: Google staff in
# google-gemini/gemini-cli#1906, corpus g1-084; cloud.google.com/vertex-ai/generative-ai/docs/
# error-code-429): a throttle, whatever quota words come with it.
_CAPACITY_WORDS = _re(r"resource has been exhausted|resource exhausted\. please try again")


def _gemini_per_minute(facts: Facts) -> bool:
    minute = any("PerMinute" in q for q in facts.quota_ids)
    return minute or bool(_PER_MINUTE_WORDS.search(facts.text))


_LIMIT_WORDS = _re(
    r"exceeded your current quota|quota exceeded|resource_exhausted|rate limit|too many requests"
    r"|频率超限|频率过高|请求(太|过)多|限流"
)


def _gemini_limit_undetermined(facts: Facts) -> bool:
    """A Gemini 429 (or, in a paste without one, the words for it) that does not say which
    limit it hit."""
    said = (facts.http_status == 429 and _has_message(facts)) or bool(
        _LIMIT_WORDS.search(facts.text)
    )
    return (
        said
        and not _gemini_per_minute(facts)
        and not _CAPACITY_WORDS.search(facts.text)
        and not _relays_own_throttle(facts)
    )


def _relays_own_throttle(facts: Facts) -> bool:
    """r7-flow: a relay's own error object (Google's never has a `type`; a relay's
    `rix_api_error`, `new_api_error` does) in a throttle's words: the relay throttled, whatever
    SDK's prefix made the paste look like Gemini's (corpus h6c-016, seen through google.genai)."""
    return any(t.endswith("api_error") for t in facts.all_types) and throttle_shown(facts)


def _no_relayed_throttle(facts: Facts) -> bool:
    """r7-flow: a gateway's code for a failed upstream call beside the upstream's own 429 in a
    throttle's words is that throttle (corpus h6c-071: bad_response_status_code over 'Request
    was rejected due to rate limiting. Details: TPM limit reached.'). The throttle must be named
    (a rate limit, TPM, too many requests): a relay's "upstream load saturated" beside another
    upstream status (param '404', corpus g1-040) stays the relay's failed call."""
    return not (
        facts.http_status in (None, 0, 429)
        and throttle_shown(facts)
        and bool(_THROTTLE_NOUNS.search(_message_text(facts)))
    )


def _pasted_clean(facts: Facts) -> bool:
    """A paste that states no status (what it shows is all there is: never a probe's answer,
    which always has one) and holds no error."""
    return facts.http_status is None and not facts.error_in_body


def _pasted_or_clean_success(facts: Facts) -> bool:
    status = facts.http_status
    return status is None or (status in SUCCESS and not facts.error_in_body)


def _no_throttle_anchor(facts: Facts) -> bool:
    """DashScope's throttle borrows OpenAI's quota words and links its #token-limit section."""
    return "#token-limit" not in facts.text


def _is_model_entry(item: object) -> bool:
    """One entry of a model list: OpenAI's (object "model"), Anthropic's (type "model"), the
    Gemini API's (name "models/…") or Ollama's tags (name and model)."""
    if not isinstance(item, Mapping):
        return False
    name = item.get("name")
    return (
        (isinstance(item.get("id"), str) and "model" in (item.get("object"), item.get("type")))
        or (isinstance(name, str) and name.startswith("models/"))
        or (isinstance(name, str) and isinstance(item.get("model"), str))
    )


# A failure of this side's connection, named: an app's "trouble connecting to OpenAI: Connection
# error." is the network rules' (below), not the provider's failure.
_LOCAL_FAILURE = _re(
    r"connection (error|refused|reset)|econn|enotfound|getaddrinfo|name resolution|timed out|timeout|ssl|certificate"
)


def _no_local_failure_named(facts: Facts) -> bool:
    return not _LOCAL_FAILURE.search(facts.text)


def _pasted_completion(facts: Facts) -> bool:
    """A paste without a status whose object is a model's answer: OpenAI's chat completion
    (choices), Anthropic's message (an assistant's content), Gemini's candidates."""
    data = facts.data
    # A relay's error written as the answer's text ("Error: 余额不足" in choices[0]) is no success:
    # with any error's words in it, the paste stays undecided.
    # …and so is one with an error around it (a log's next line: _pasted_list_alone).
    if (
        not _pasted_list_alone(facts)
        or not isinstance(data, Mapping)
        or ERROR_WORDS.search(facts.text)
    ):
        return False
    choices, content, candidates = data.get("choices"), data.get("content"), data.get("candidates")
    if data.get("object") in ("chat.completion", "text_completion"):
        return isinstance(choices, list) and bool(choices)
    if data.get("type") == "message" and data.get("role") == "assistant":
        return isinstance(content, list)
    return (
        isinstance(candidates, list)
        and bool(candidates)
        and all(isinstance(c, Mapping) and "content" in c for c in candidates)
    )


# A model's answer rendered as YAML (pasted-completion-yaml): the assistant's role and a clean
# finish reason each on a line of their own, and no error key at any depth.
_YAML_ASSISTANT = re.compile(
    r"^[ \t]*(?:- )?role: ['\"]?assistant['\"]?[ \t]*$", re.MULTILINE | re.IGNORECASE
)
_YAML_FINISHED = re.compile(
    r"^[ \t]*(?:- )?(?:finish_reason|finishReason|stop_reason): ['\"]?"
    r"(?:stop|length|tool_calls|end_turn|max_tokens|stop_sequence|complete)['\"]?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
_YAML_ERROR_KEY = re.compile(
    r"^[ \t]*(?:- )?['\"]?(?:error|errors|detail)['\"]?:", re.MULTILINE | re.IGNORECASE
)
_YAML_STATUS = re.compile(r"(?m)^[ \t]*(?:code|status_code|status): ['\"]?(\d{3})['\"]?[ \t]*$")


def _yaml_completion(facts: Facts) -> bool:
    raw = facts.raw
    return (
        _pasted_or_clean_success(facts)
        and not facts.error_in_body
        and facts.data is None
        and not ERROR_WORDS.search(facts.text)
        and not _YAML_ERROR_KEY.search(raw)
        # a status written in the YAML that is not a 2xx, or a refusal's or cap's words beside
        # the answer (a top-level `message: Please upgrade your plan`): round-8 review
        and not any(not c.startswith("2") for c in _YAML_STATUS.findall(raw))
        and not success.has_error_parts(raw)
        and bool(_YAML_ASSISTANT.search(raw))
        and bool(_YAML_FINISHED.search(raw))
    )


# What forbids reading a pasted model list as a success: an error's words or an error status in
# the text around the list (a log's "[ERROR] No models loaded" line after it, the chat call's
# "insufficient_quota" on the next line: review of 8160956, #15).
_AROUND_LIST_ERROR = _re(
    r"(?<![a-z])(error|err|fail\w*|exception|traceback|denied|invalid|forbidden|unauthori[sz]ed|not found|not loaded"
    r"|does not exist|exceeded|insufficient|quota|balance|credits?|limit|expired|revoked|refused|not available"
    r"|not allowed|suspended|banned|disabled|deactivated|blocked|too many|rate.?limit\w*|throttl\w*|overloaded"
    r"|unavailable|time(d)? ?out|pull\w*|no models?|warn\w*)(?![a-z])|\b[45]\d\d\b|错误|失败|异常|余额|额度|限制|不存在"
    r"|エラー"
)
_AROUND_LIST_MAX = 160  # characters (without white space) a log line around the list may hold


def _pasted_list_alone(facts: Facts) -> bool:
    """A paste without a status and without an error, whose JSON object is essentially the whole
    paste: what stands around it (a log line's time stamp and level, "Returning") is short and
    says nothing of an error."""
    if not _pasted_clean(facts):
        return False
    raw = facts.raw
    start, end = raw.find("{"), raw.rfind("}")
    if start < 0:
        around = raw
    elif end < start or raw.count("{") > raw.count("}"):
        around = raw[:start]  # a paste cut short ends inside the object
    else:
        around = raw[:start] + " " + raw[end + 1 :]
    return len("".join(around.split())) <= _AROUND_LIST_MAX and not _AROUND_LIST_ERROR.search(
        around
    )


def _pasted_model_list(facts: Facts) -> bool:
    """A paste without a status whose object is a model list, whatever its key order, and is
    the whole paste (`_pasted_list_alone`)."""
    data = facts.data
    if not _pasted_list_alone(facts) or not isinstance(data, Mapping):
        return False
    items = data.get("data", data.get("models"))
    return isinstance(items, list) and bool(items) and all(_is_model_entry(i) for i in items)


def _success_beside_nothing(facts: Facts, around: Callable[[str], str | None]) -> bool:
    """r8-success: a success of classify/success.py's shapes, pasted without a status or with a
    clean 2xx, and what stands around it (a log line's prefix, SSE framing already dropped) is
    short and says nothing of an error (as _pasted_list_alone asks of a model list's)."""
    if not _pasted_or_clean_success(facts) or facts.error_in_body:
        return False
    found = around(facts.raw)
    return (
        found is not None
        and len("".join(found.split())) <= _AROUND_LIST_MAX
        and not _AROUND_LIST_ERROR.search(found)
    )


def _pasted_success_shape(facts: Facts) -> bool:
    """A stream's chunks or events, or one answer of a dialect the earlier rules do not read."""
    return _success_beside_nothing(facts, success.stream_or_answer)


def _pasted_model_entry(facts: Facts) -> bool:
    """One model's entry: JSON, its lines without braces, the Hub's model info as JSON or YAML."""
    return _success_beside_nothing(facts, success.model_entry)


def _no_error_in_body(facts: Facts) -> bool:
    return not facts.error_in_body


def _has_message(facts: Facts) -> bool:
    """An error object was read (not a status line whose body was lost)."""
    return facts.data is not None or bool(facts.messages)


# Words that make a refusal an entitlement one (a gated Hugging Face repo, a key's allow-list):
# where they stand, the plainer not-found and file-refusal rules stand aside (round 6).
_GATED_REPO_WORDS = _re(r"gated repo|not in the authori[sz]ed list")
_ACCESS_WORDS = _re(r"\b(access|permission|entitle\w*|authori[sz]ed)\b")


def _not_anthropic_envelope(facts: Facts) -> bool:
    return facts.top_type != "error"


_RETRY_AFTER = re.compile(r"retry after (\d+) seconds", re.IGNORECASE)


def _retry_after_hours(facts: Facts) -> bool:
    """Azure's 429 says "retry after 86400 seconds" when the deployment has no quota at all."""
    found = _RETRY_AFTER.search(facts.text)
    return bool(found) and int(found.group(1)) >= 3600  # type: ignore[union-attr]


# A limit whose window or wait is an hour or more is a cap, not a throttle, whoever sends it:
# "Rate limit of 150 per 86400s exceeded for UserByModelByDay", "Please retry after 86400
# seconds", "wait 2 hours", a per-day counter's name, "all 100 requests included in your trial"
# (review of 8160956, #15).
_WINDOW_SECONDS = re.compile(
    r"(?:\bper|retry after|retry in|try again in|wait(?: for)?)\s+(\d+)\s*(s|secs?|seconds?|m|mins?|minutes?"
    r"|h|hrs?|hours?|d|days?)\b",
    re.IGNORECASE,
)
_LONG_WINDOW_WORDS = _re(
    r"by_?day\b|per_?day\b|perday|\bdaily\b|included in your (\w+ )?(trial|plan|subscription|free tier|tier)"
    r"|\b\d+[- ]hours? (usage |rate |request )?limit"
    r"|\bhourly\b|\b(weekly|monthly)\b|per (day|week|month)\b|for (this|the) (hour|day|week|month)\b|this (week|month)\b"
    # r6-flow: a reset hours or days away (Gemini CLI "Your quota will reset after 8h44m7s", corpus h5a-034)
    r"|\bresets? (after|in) \d{1,3} ?(h|hrs?|hours?|d|days?)(?![a-z])"
    # r7-flow: a reset (or a retry) at a clock time or a calendar date: a plan's window, not a
    # throttle's seconds (Claude Code "You've hit your limit · resets Jan 18, 11:30am", corpus
    # h6b-088, anthropics/claude-code#59637 "resets 2:10pm (Europe/Moscow)"; Codex "try again at
    # Jul 5th, 2026 8:19 PM", openai/codex#26668)
    r"|\b(resets?|try again) (at |on )?(\d{1,2}(:\d{2})? ?[ap]\.?m\b|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.? \d{1,2}\b)"
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


_RESET_SECONDS = re.compile(r'"reset_seconds"\s*:\s*(\d{1,9})')


def _cooldown_of_minutes(facts: Facts) -> bool:
    """A cooldown that resets within the hour (CLIProxyAPI's reset_seconds, corpus h8c-032); a longer
    one is a window's cap (long-window-limit)."""
    found = _RESET_SECONDS.search(facts.text)
    return not _long_window(facts) and (found is None or int(found.group(1)) < 3600)


def _long_window(facts: Facts) -> bool:
    """The limit's window or the wait it asks for is an hour or more (`_WINDOW_SECONDS`), or its
    name or words say a day's or a plan's cap (`_LONG_WINDOW_WORDS`)."""
    if any("PerMinute" in q or "PerSecond" in q for q in facts.quota_ids):
        return False  # Google names every quota a 429 touched: a per-minute one is the throttle
    text = facts.text
    if _LONG_WINDOW_WORDS.search(text):
        return True
    for match in _WINDOW_SECONDS.finditer(text):
        unit = match.group(2).lower()
        seconds = int(match.group(1)) * _UNIT_SECONDS["m" if unit.startswith("m") else unit[0]]
        if seconds >= 3600:
            return True
    return False


# A cloud region's id (AWS us-west-1, Google us-central1 and asia-northeast1, Azure's eastus2 is
# no such id: it is a word).
_CLOUD_REGION_ID = r"\b(us|eu|ap|asia|europe|me|sa|ca|af|il|mx|cn|northamerica|southamerica|australia)(-gov)?-[a-z]+-?\d{1,2}\b"

# Azure's region names are one word (eastus2, westeurope, swedencentral, japaneast), named in
# full so that "your region. Southeast Asia …" is no region id; read only right after "region"
# (corpus h3a-035, Terraform: "not supported in this region 'eastus2'").
_AZURE_REGION_ID = (
    r"\b((east|west|central|northcentral|southcentral|westcentral)us|(east|southeast)asia|(north|west)europe"
    r"|(sweden|france|canada|korea|india|poland|qatar|mexico|spain|israel)central|germanywestcentral|uk(south|west)"
    r"|japan(east|west)|australia(east|southeast|central)|canadaeast|switzerland(north|west)|norway(east|west)"
    r"|(south|west)india|brazilsouth|southafricanorth|uaenorth|italynorth|newzealandnorth)\d?\b"
)


def _body_server_error(facts: Facts) -> bool:
    """The body's own error fields give a server status (5xx): read.Facts.statuses."""
    return any(500 <= status <= 599 for status in facts.statuses)


def _code_or_words(
    name: str,
    reason: Reason,
    explain: str,
    remedy: str,
    source: str,
    *,
    codes: frozenset[str],
    message: re.Pattern[str],
    ambiguous: bool = False,
    other: str = "",
) -> tuple[Rule, Rule]:
    """One meaning read two ways: its code at any depth, or (`NAME-text`) its words where a
    wrapper dropped the code. Conditions of one rule all hold together; this is the "or"."""
    return (
        Rule(name, reason, explain, remedy, source, codes=codes, ambiguous=ambiguous, other=other),
        Rule(
            f"{name}-text",
            reason,
            explain,
            remedy,
            source,
            message=message,
            ambiguous=ambiguous,
            other=other,
        ),
    )


# An account, key or organisation disabled by an administrator is the account's state (account-disabled),
# not a policy refusing this call (policy-denied-words, classify round 4).
_SUBJECT_DISABLED = _re(
    r"\b(account|api[ _-]?key|key|token|user|organi[sz]ation|org|workspace|project|resource|subscription|tenant)\b( \w+){0,2}"
    r" (has been|have been|was|were|is|are|got)( temporarily| permanently)? (disabled|blocked|deactivated|suspended|banned|locked)"
)


def _no_subject_disabled(facts: Facts) -> bool:
    return not _SUBJECT_DISABLED.search(facts.text)


# ---- r6-flow (round 6, from heldout-2026-12e.jsonl): helpers of the rules in the r6-flow block.
# An error event inside a 2xx answer whose words or type say the server failed: a stream that
# had started (HTTP 200 already sent) and then broke on the provider's side — OpenAI's SSE
# `data: {"error": {"type": "server_error"}}`, Ollama's NDJSON `{"error": "an error was
# encountered while running the model"}`, Anthropic's `event: error` overloaded_error — or a
# gateway that answered 200 with its lost upstream connection ("Network connection lost.").
_SERVER_FAILURE_TYPES = frozenset(
    {"server_error", "api_error", "overloaded_error", "internal_error", "internal_server_error"}
)
_FAILED_IN_2XX = _re(
    r"server had an error|error (was )?(encountered|occurred) while (running|processing|generating|loading)"
    r"|model failed to (generate|respond|load)|internal (server )?error|\boverloaded\b|service unavailable"
    r"|network connection (was )?lost|connection (to (the )?upstream |to \S+ )?(was )?(lost|reset|closed|dropped)"
    r"|upstream (connect )?error|stream (was )?(interrupted|terminated)"
)


def _error_event_in_2xx(facts: Facts) -> bool:
    """A 2xx answer that carries an error event saying the server's side failed."""
    if facts.http_status not in SUCCESS or not facts.error_in_body:
        return False
    failure_named = not _SERVER_FAILURE_TYPES.isdisjoint(facts.all_types | facts.all_codes)
    return failure_named or bool(_FAILED_IN_2XX.search(facts.text))


# A connection refused (or not made) to an address on this side — loopback, a private network, a
# Docker host name — is the user's own set-up whatever status the local app wrapped it in (Open
# WebUI's 404 around "connect ECONNREFUSED ::1:5432", asyncio's "Connect call failed
# ('10.0.1.212', 11434)" for an Ollama host that is asleep).
_CONNECT_FAILED = (
    r"(econnrefused|connection refused|connect call failed|actively refused|ehostunreach|no route to host"
    r"|(failed|unable|could not|couldn'?t|cannot) (to )?connect (to )?(host )?)"
)
_LOCAL_ADDRESS = (
    r"(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1\b|\[::1\]|0\.0\.0\.0|host\.docker\.internal"
    r"|10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3})"
)
_CONNECT_FAILED_LOCAL = _re(_CONNECT_FAILED + r"[^\n]{0,40}?\W" + _LOCAL_ADDRESS)

# The SDKs' own words for a connection that failed, as the whole message of an app's 4xx answer
# (Dify's 400 invalid_param {"message": "Connection error."} when its OpenAI SDK could not reach
# OpenAI): the app answered, its call to the provider never did.
_CONNECTION_ERROR_ALONE = _re(
    r"\A\W{0,3}(apiconnectionerror\W{1,3})?(connection error|connect call failed|connection refused"
    r"|all connection attempts failed|fetch failed)\W{0,3}\Z"
)


def _message_is_connection_error(facts: Facts) -> bool:
    return any(
        _CONNECTION_ERROR_ALONE.fullmatch(m.strip()) for m in (facts.message, *facts.messages)
    )


# "Might not be available in your country" beside a failed connection is a hedge (Claude Code's
# "Unable to connect to Anthropic services … Note: Claude Code might not be available in your
# country", corpus h5c-064), not a location refusal: the connection failed before any answer.
_HEDGED_LOCATION = _re(
    r"\b(might|may|could) not be (available|supported|offered|served) (in|from) your (country|region|location)"
)


# (only a failure that got no answer: the same screen with axios' ERR_BAD_REQUEST, a 4xx answer, is
# the location refusal it hedges about: corpus g1-241)
_NO_ANSWER_FAILURE = _re(
    r"econnrefused|enotfound|etimedout|eai_again|connection refused|name resolution|getaddrinfo"
    r"|network is unreachable|enetunreach|ehostunreach|no route to host"
    # r9-flow: a connection reset before any answer (Node's ECONNRESET, corpus h8c-013: the same
    # Claude Code screen as h5c-064; Node's "socket hang up" is its message for the same reset)
    r"|econnreset|connection reset|socket hang up"
)


def _not_hedge_beside_connect_failure(facts: Facts) -> bool:
    return not (_HEDGED_LOCATION.search(facts.text) and _NO_ANSWER_FAILURE.search(facts.text))


# r7-flow: a name that did not resolve, or a certificate chain this side could not verify, in the
# words of more libraries than connection-failed-here's list: curl's c-ares resolver ("Could not
# resolve: HOST (Could not contact DNS servers)", lib/asyn-ares.c; corpus h6b-058) and its
# CURLE_COULDNT_RESOLVE_HOST string ("Couldn't resolve host name", curl.se/libcurl/c/libcurl-
# errors.html), Netty's and urllib3's "Failed to resolve 'HOST'" (corpus h6b-059, h3c-084),
# Android's "Unable to resolve host"; OpenSSL's and Node's verify errors without "local"
# ("unable to get issuer certificate", UNABLE_TO_GET_ISSUER_CERT, nodejs.org/api/tls.html#x509-
# certificate-error-codes; corpus h6b-016), Go's crypto/x509 ("x509: certificate signed by
# unknown authority", "tls: failed to verify certificate"), Node's host-name mismatch
# ("does not match certificate's altnames", ERR_TLS_CERT_ALTNAME_INVALID).
_DNS_TLS_FAILURE = (
    r"|could not resolve( proxy)?: \S|couldn'?t resolve (host|proxy)( name)?\b|failed to resolve '[\w.-]+'"
    r"|unable to resolve host\b"
    r"|unable to get issuer certificate|unable_to_get_issuer_cert|unable_to_verify_leaf_signature"
    r"|self_signed_cert_in_chain|depth_zero_self_signed_cert|\bcert_untrusted\b"
    r"|x509: certificate signed by unknown authority|tls: failed to verify certificate"
    r"|does not match certificate'?s altnames|err_tls_cert_altname_invalid"
    # r8-flow: the same trust failure in Java (PKIX: a corporate CA the JVM's trust store lacks,
    # corpus h7b-031..h7b-034), .NET (SslStream) and Rust (rustls, as reqwest reports it)
    r"|pkix path building failed|unable to find valid certification path|suncertpathbuilderexception"
    r"|remote certificate is invalid (according to the validation procedure|because of errors)"
    r"|invalid peer certificate: \w+"
)
# The same name failures where an app wrapped them in a status of its own (Coze's "RequestError
# code: 500 … dial tcp: lookup HOST on 127.0.0.11:53: server misbehaving", corpus h6c-086): the
# app's machine could not resolve the provider's name — this side's network, as h5b-006 reads a
# refused connection under an app's 404.
_NAME_LOOKUP_FAILED = _re(
    # (Go names the resolver it asked: only a loopback one is this side's; a remote resolver's failure
    # behind a proxy's 502 says nothing of this side, test_round4_routes_network)
    r"dial tcp: lookup [\w.-]+( on (127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d+)?)?: "
    r"(no such host|server misbehaving|i/o timeout|temporary failure in name resolution)"
    r"|getaddrinfo (enotfound|eai_again)|temporary failure in name resolution|name or service not known"
    r"|nodename nor servname provided|could not resolve host: \S|no such host is known"
)


# fmt: off
# ---- r8-access (round 8, from heldout-2026-12g.jsonl): helpers of the rules marked r8-access.
# A paid subscription or plan demanded for the model (Ollama Cloud's 403 "this model requires a
# subscription, upgrade for access", corpus c136, h7b-049): a plan refusal, never the origin check
# that an Ollama 403 with no words of its own is (ollama-origin). Not an API-management
# "subscription key" (a credential).
_SUBSCRIPTION_REQUIRED = _re(
    r"\brequires? an? (paid |pro |plus |max |premium |higher )?(subscription|plan)\b(?![ -]?key)"
    r"|\bupgrade (for|to get|to gain) access\b"
)

# …and the words that name access (a model that may exist for others): their answer is ambiguous.
_ACCESS_NAMED = _re(r"\baccess\b|доступ|访问|權限|权限|アクセス|접근|acceso|acesso|zugriff|acc[èe]s|permission")


def _no_subscription_required(facts: Facts) -> bool:
    return not _SUBSCRIPTION_REQUIRED.search(facts.text)


# ---- r10-flow (round 10, from heldout-2026-12i.jsonl): helpers of the rules in the r10-flow blocks.
# Words that make a paste more than a hint to check the network: a refusal, a cap, a bad key.
_REFUSED_OR_CAPPED = _re(
    r"invalid|incorrect|unauthori[sz]ed|forbidden|denied|expired|revoked|not allowed|not permitted|quota|credit"
    r"|balance|billing|payment|limit|not found|does not exist|country|region|location|unsupported"
    # a timeout or a block the words already name (review of round 10)
    r"|timed out|timeout|blocked|\bvpn\b|unavailable"
)


def _no_refusal_or_cap(facts: Facts) -> bool:
    return not _REFUSED_OR_CAPPED.search(_message_text(facts))


def _no_throttle_words(facts: Facts) -> bool:
    """A plan's count of things (voices, projects) full: no rate, window or throttle beside it."""
    return not _THROTTLE_WORDS.search(_message_text(facts))


# The licence sentence as the whole paste: beside anything else (a cap's errors array, a refusal, a failed
# connection) it proves nothing of the call that failed (review of round 10: each of those read `reachable`).
_LICENCE_ACCEPTED_WHOLE = _re(
    r"\A\W*thank you for agreeing to (this|the) model'?s? (terms|licen[cs]e)[^\n]{0,40}you (may|can) now use"
    r" (the|this) model\W*\Z"
)


def _licence_accepted_alone(facts: Facts) -> bool:
    """The licence-acceptance answer alone, with no status or a clean 2xx."""
    return _pasted_or_clean_success(facts) and bool(_LICENCE_ACCEPTED_WHOLE.match(facts.raw.strip()))


# What a plan counts of an account's own things (plan-allowance-full): not retries, steps, turns, tokens or a
# context, which a request or a job has a maximum of (review of round 10: "reached the maximum number of
# retries (3/3)" read as a cap).
_ACCOUNT_THINGS = (
    r"((custom|cloned|professional|instant) )?(voices?|voice slots?|projects?|seats?|agents?|characters?|credits?"
    r"|workspaces?|bots?|assistants?|members?|api keys?)"
)


# r10-access: a refusal that names the caller's country or region is the location rules' (review of round 10:
# "not permitted to use this feature in your country" read as not entitled).
_LOCATION_NAMED = _re(r"\b(your|this|the) (country|region|location|territory)\b|\bfrom your (country|region|location)\b")


def _no_location_named(facts: Facts) -> bool:
    return not _LOCATION_NAMED.search(facts.text)


_ACCOUNT_OR_PLAN = _re(r"suspend|disabled|banned|deactivated|subscription|\bplan\b|封禁|停用")


# r10-access: the head of Cloudflare's block page, which edge-block-text reads (cloudflare-block-page-body
# reads the page's middle when the head was cut).
_BLOCK_PAGE_HEAD = _re(r"sorry, you have been blocked|why have i been blocked|attention required|please enable cookies")


RULES: tuple[Rule, ...] = (
    # ---- success
    Rule("ok", R.OK, "the model answered a real request", "", "HTTP semantics",
         http=SUCCESS, rungs=frozenset({Rung.INVOKE}), envelope=JSON, when=_no_error_in_body),
    Rule("listed", R.LISTED, "the model is in this key's model list (not proof it can be called)",
         "run with --deep to make one minimal call", "FACTS.md §2 (list endpoints)", http=SUCCESS, envelope=JSON,
         when=_no_error_in_body),
    # Successes pasted as errors (issue #15): the answer itself shows the model answered. Only a
    # paste without a status (or a clean 2xx): a probe's error never reads as one.
    Rule("pasted-model-list", R.LISTED, "the text is a model list (a success), not an error",
         "run with --deep to make one minimal call",
         "corpus h1-109 (songquanpeng/one-api#128: OpenAI's GET /v1/models); ai.google.dev/api/models (models.list: "
         "models[].name 'models/…')",
         # a list of models, not of files or batches: its first entry says "object": "model"
         message=_re(r"[\"']object[\"']: [\"']list[\"'], [\"']data[\"']: \[ ?\{[^{}]{0,300}?[\"']object[\"']: [\"']model[\"']"
                     r"|[\"']models[\"']: \[ ?\{ ?[\"']name[\"']: [\"']models/"),
         when=_pasted_list_alone),
    # The same success whatever its key order, spacing or the log line around it (LM Studio's
    # "Returning {…}"): read from its shape, not its text.
    Rule("pasted-model-list-shape", R.LISTED, "the text is a model list (a success), not an error",
         "run with --deep to make one minimal call",
         "corpus h2b-145 (LM Studio's log of GET /v1/models); developers.openai.com/api/reference/resources/models "
         "(object 'model'); docs.claude.com/en/api/models-list (type 'model'); ai.google.dev/api/models",
         when=_pasted_model_list),
    Rule("pasted-completion", R.OK, "the text is the model's answer (a success), not an error", "",
         "developers.openai.com/api/reference/resources/chat (object 'chat.completion'); docs.claude.com/en/api/messages "
         "(type 'message', role 'assistant'); ai.google.dev/api/generate-content (candidates[].content)",
         when=_pasted_completion),
    # r7-flow: the same success rendered as YAML (a VCR cassette's parsed_body: Mistral's chat
    # completion, Cohere's v2 chat answer, corpus h6c-011, h6c-012): an assistant's message and a
    # clean finish reason, no error key, no error's words, no status but a 2xx.
    Rule("pasted-completion-yaml", R.OK, "the text is the model's answer rendered as YAML (a success), not an error", "",
         "corpus h6c-011 (Mistral), h6c-012 (Cohere v2) (pydantic-ai VCR cassettes, parsed_body); "
         "docs.cohere.com/reference/chat (finish_reason COMPLETE); docs.mistral.ai/api (finish_reason stop)",
         when=_yaml_completion),
    # r8-success: the success shapes of the other dialects and renderings (classify/success.py):
    # every object a success event of one dialect, at least one with the model's output, no error
    # key, no error's words, clean finish reasons, nothing around but SSE framing or a short prefix.
    Rule("pasted-success-shape", R.OK, "the text is the model's answer or its stream (a success), not an error", "",
         "corpus h7a-031 (xAI chat.completion.chunk lines), h7a-032 (Bedrock ConverseStream events), h7a-033 "
         "(Azure Responses object), h7a-034 (Together rerank), h7b-064 (vLLM SSE), h7d-061 (a finished stream's "
         "record); docs.claude.com/en/docs/build-with-claude/streaming; docs.cohere.com/reference/chat, /rerank; "
         "github.com/ollama/ollama docs/api.md; docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html",
         when=_pasted_success_shape),
    Rule("pasted-model-entry", R.LISTED, "the text is one model's entry (a success), not an error",
         "run with --deep to make one minimal call",
         "corpus h7b-066 (one /v1/models entry), h7b-063 (its lines, vLLM), h7a-006 (Hugging Face model info as a "
         "cassette's YAML); developers.openai.com/api/reference/resources/models; huggingface.co/docs/hub/api",
         when=_pasted_model_entry),
    # Gemini answered and its safety filters withheld the content: a finishReason SAFETY candidate,
    # a prompt_feedback block_reason, the SDK's "response.text quick accessor" error on such an
    # answer. A content refusal, not an access one (ai.google.dev/api/generate-content: FinishReason
    # SAFETY, BlockReason).
    Rule("gemini-content-blocked", R.OK,
         "the model answered; its safety filters withheld the content (a content refusal, not an access one)", "",
         "ai.google.dev/api/generate-content (FinishReason, PromptFeedback.BlockReason); corpus h1-110 "
         "(xtekky/gpt4free#2341), h1-111 (google-gemini/deprecated-generative-ai-python#373), h1-112 (googleapis/python-genai#774)",
         message=_re(r"finish_?reason\W{1,4}(safety|prohibited_content|blocklist)\b|\bblock_?reason\W{1,4}(<blockedreason\.)?\w"
                     r"|quick accessor only works when the response contains a valid"),
         when=_pasted_or_clean_success),
    # ---- a gateway's own answers (not an upstream error it relays: those are read below)
    Rule("cloudflare-worker-error", R.PROVIDER_ERROR,
         "the gateway's Cloudflare worker failed (Cloudflare error 1101/1102): a fault on the gateway's side",
         "retry later; if it persists, report it to the gateway",
         "developers.cloudflare.com/support/troubleshooting/cloudflare-errors (1xxx); corpus g1-065",
         message=_re(r"worker threw exception|worker exceeded resource limits|cf-error-code\">110[12]<")),
    # A 2xx whose body is an error object with a server status (a gateway that relays the
    # upstream's failure as HTTP 200: OpenRouter's error={'message': 'Internal Server Error',
    # 'code': 500} in place of choices, corpus h3b-109): the provider failed, nothing answered.
    Rule("server-error-in-2xx", R.PROVIDER_ERROR,
         "the gateway answered 2xx, but its body is the upstream's server error (no answer came)",
         "retry later, or pick another upstream provider of the model",
         "corpus h3b-109 (pydantic/pydantic-ai, OpenRouter 200 with error code 500); "
         "openrouter.ai/docs/api-reference/errors (errors mid-stream and in 200 bodies)",
         http=SUCCESS, when=_body_server_error),
    Rule("gateway-data-policy", R.NOT_ENTITLED,
         "the gateway refuses every endpoint serving the model under this account's data policy (privacy settings)",
         "allow the endpoints in the gateway's privacy settings (e.g. openrouter.ai/settings/privacy)",
         "dnakov/anon-kode#13; unoplat/unoplat-code-confluence#1080; omnara-ai/omnara#501 (OpenRouter)",
         message=_re(r"matching your data policy|no endpoints (found|available) matching your|paid model training"
                     r"|data polic(y|ies).{0,40}exclud")),
    # The account's (or the key's, or a gateway's) allowed-providers list excludes every provider
    # serving the model: the model exists (the answer lists its providers), the account's routing
    # settings refuse it. Account settings, not a location (openrouter.ai/docs provider routing:
    # `only` "is merged with your account-wide allowed provider settings").
    Rule("gateway-provider-allowlist", R.NOT_ENTITLED,
         "the gateway's allowed-providers setting (the account's, the key's or the gateway's own) excludes every "
         "provider that serves the model",
         "allow one of the model's providers in the gateway's settings (OpenRouter: settings → allowed providers)",
         "openrouter.ai/docs/client-sdks (ProviderPreferences `only`: merged with the account-wide allowed providers); "
         "agent0ai/agent-zero#1255, farion1231/cc-switch#995 (corpus h1-167, h1-168); michelbr84/GarraRUST#1299 "
         "(\"your request's provider.only preference permits only: …\", from the account)",
         message=_re(r"no allowed providers (are )?available|provider\.(only|ignore) preference permits")),
    # No endpoint supports what the request asked for (tools, a parameter): the request, not access.
    Rule("gateway-no-capable-endpoint", R.NOT_FOUND,
         "the gateway has endpoints for the model, but none supports a feature the request asked for (tools, a parameter)",
         "drop the feature from the request, or pick a model whose endpoints support it",
         "lastmile-ai/mcp-agent#237 (corpus h1-171); openrouter.ai/docs provider routing (require_parameters); "
         "corpus h3b-006 (Kilo Code: tool use), h3b-008 (claude-code-router: cache control)",
         message=_re(r"no endpoints found that support")),
    # ---- round 9 (r9-flow): LiteLLM's router refusing because a deployment's (or provider's) budget is
    # crossed: "No deployments available - crossed budget: Exceeded budget for deployment …" (sent as 429):
    # a spent budget, not a missing route (gateway-no-route, below, would read "no deployments available").
    Rule("gateway-deployment-budget-crossed", R.QUOTA_EXHAUSTED,
         "the gateway has deployments for the model, but their budget for this period is spent",
         "raise the deployment's or provider's budget in the gateway's router settings, or wait for its period to reset",
         "corpus h8a-047 (BerriAI/litellm#14144); docs.litellm.ai/docs/proxy/provider_budget_routing (provider, "
         "deployment and tag budgets: the request fails once the budget is crossed)",
         message=_re(r"\bcrossed budget\b|\bexceeded budget for (deployment|provider|tag|model)\b")),
    # ---- round 9 (r9-flow): NVIDIA's hosted function (NVCF, behind build.nvidia.com's NIM endpoints) in a
    # DEGRADED state: "Function id '…': DEGRADED function cannot be invoked" (sent as 400): the hosted
    # model's own health, the provider's side.
    Rule("hosted-function-degraded", R.PROVIDER_ERROR,
         "the provider's hosted function for this model is in a degraded state and refuses invocations",
         "retry later or pick another model; the provider's status page shows the function's health",
         "corpus h8a-015 (decolua/9router#2527: NVIDIA NIM 400 'DEGRADED function cannot be invoked')",
         message=_re(r"\bdegraded function (cannot|can'?t|could not) be invoked|\bfunction \S{1,80} is (in )?(a )?degraded state\b")),
    # ---- round 10 (r10-flow, from heldout-2026-12i.jsonl): an edge's origin failure, a router's throttle,
    # a relay's pre-charge refused, a plan's allowance used up, a licence accepted. Before gateway-no-route
    # (LiteLLM's throttle says "No deployments available"), network-rules (Cloudflare's 52x advice names
    # "firewall rules") and overloaded (Cursor's free allowance used up beside its overload).
    # Cloudflare's own 5xx for an origin it could not reach or that did not answer (520-527), in its JSON
    # error format (type a cloudflare-5xx-errors URL, error_category "origin"), its page's title or its
    # sentences, relayed by an app: the provider's side failed, not this network.
    Rule("cloudflare-origin-error", R.PROVIDER_ERROR,
         "the provider's edge (Cloudflare) could not reach the provider's servers, or they did not answer (error 52x)",
         "retry later; check the provider's status page",
         "corpus h9a-038 (anthropics/claude-code#90947: Cloudflare's JSON 522 for the api.anthropic.com zone); "
         "developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors (520-527); "
         "curl/curl#16143 (522 'The initial connection between Cloudflare's network and the origin web server timed "
         "out'); corpus h3b-088 (ChatGPT error 523)",
         message=_re(r"cloudflare-5xx-errors/error-52[0-7]|\berror_category\W{1,8}origin\b"
                     r"|\berror 52[0-7]\W{1,3}(web server is returning an unknown error|web server is down|connection timed out"
                     r"|origin is unreachable|a timeout occurred|ssl handshake failed|invalid ssl certificate)\b"
                     r"|\b52[0-7]: (web server is down|connection timed out|origin is unreachable|a timeout occurred)\b"
                     r"|cloudflare could not establish a tcp connection to the origin"
                     r"|connection between cloudflare'?s network and the origin web server timed out"
                     r"|the origin web server timed out responding")),
    # LiteLLM's router refusing in its pre-call checks because every deployment of the model is at its rpm/tpm
    # limit (RouterRateLimitErrorBasic, "No deployments available for selected model.", sent as 429): a
    # throttle on this caller, not a missing route. Not its RouterRateLimitError, whose cooldown_list also holds
    # deployments cooled down after failures; its budget stop (gateway-deployment-budget-crossed) stays a cap.
    Rule("router-deployments-throttled", R.RATE_LIMITED,
         "throttled: the gateway's router found every deployment of the model at its rpm/tpm limit",
         "retry shortly, or raise the deployments' rpm/tpm limits in the router",
         "corpus h7b-042 (BerriAI/litellm#20867: 429 RouterRateLimitErrorBasic 'No deployments available for "
         "selected model'); BerriAI/litellm litellm/types/router.py (RouterRateLimitErrorBasic: raised inside the "
         "router's pre-call checks)",
         message=_re(r"\brouterratelimiterrorbasic\b"), when=_no_cap_beside_rate),
    # new-api's (and its forks') pre-charge refused for want of the user's quota, in its English words:
    # "pre-consume quota failed, user quota: $0.03, need quota: $0.54", "chat pre-consumed quota failed,
    # user quota: 13810, need quota: 15000" (its Chinese 预扣费额度失败 is the billing rule's). Not the refund
    # of a pre-charge that failed ("return pre-consumed quota failed: …", a log line of its own).
    Rule("relay-pre-consume-quota", R.QUOTA_EXHAUSTED,
         "the relay refused the call: the user's remaining quota does not cover the charge it reserves in advance",
         "add quota (top up) for this user or key on the relay, or ask its operator",
         "corpus h9b-002 (QuantumNous/new-api#667); QuantumNous/new-api relay (PreConsumeQuota: 'pre-consume quota "
         "failed, user quota: %s, need quota: %s', 403 insufficient_user_quota; 'chat/image/audio/websocket "
         "pre-consumed quota failed'); corpus h7b-052, h7b-053 (the same in Chinese)",
         message=_re(r"(?<!return )\bpre-?consumed? quota failed\b|\buser (remaining |remaing )?quota:? \S{1,24},? need quota\b"
                     r"|\bremaining user quota:")),
    # A plan's allowance of things used up: ElevenLabs' voice_limit_reached "You have reached your maximum
    # amount of custom voices (10 / 10). You can upgrade your subscription to increase your custom voice
    # limit." (sent as 400), its quota_exceeded "This request exceeds your quota of 10000. You have 0 credits
    # remaining" (sent as 401). A cap of the plan, not a throttle (no rate or window beside it), not a request
    # too long (a context's maximum names no count of the account's things nor a plan).
    Rule("plan-allowance-full", R.QUOTA_EXHAUSTED,
         "the plan's allowance is used up (its count of voices, characters or credits is full)",
         "upgrade the plan, free some of what it counts, or wait for its period to renew",
         "corpus h9b-045 (receptron/mulmocast-app#1466: 400 voice_limit_reached); help.elevenlabs.io 'How many "
         "voice slots do I get per tier'; home-assistant/core#160414 (401 quota_exceeded 'This request exceeds your "
         "quota of 10000. You have 0 credits remaining'); Significant-Gravitas/AutoGPT#263 (the characters' wording)",
         message=_re(r"\bvoice_limit_reached\b|reached (your|the) (maximum|max) (amount|number) of " + _ACCOUNT_THINGS + r" ?\(\d+ ?/ ?\d+\)"
                     r"|upgrade your (subscription|plan|tier) to increase your " + _ACCOUNT_THINGS + r" limit"
                     r"|this request exceeds your quota\b[^.]{0,20}\. you have \d+ (credits|characters) remaining"),
         when=_no_throttle_words),
    # Cursor's refusal of a free user whose allowance is used up while its servers are loaded: "Our servers are
    # currently overloaded for non-pro users, and you've used your free quota." A cap on this account (pro
    # users are served), not the provider's overload (the overloaded rule, below): the words of an allowance
    # used up decide.
    Rule("free-allowance-used-beside-overload", R.QUOTA_EXHAUSTED,
         "the account's free allowance is used up; the provider serves such accounts only when it has spare capacity",
         "upgrade the plan, or wait for the allowance to renew (the provider may still serve slowly)",
         "corpus h9b-044 (yeongpin/cursor-free-vip#531); yuaotian/go-cursor-help#220, #414, #439; kingparks/cursor-vip#321 "
         "('Overloaded server - Free quota exhausted'); Nikitosshow/cursor-help#10 (Cursor support: 'you've used your "
         "monthly quota of 50 premium requests on the free plan')",
         message=_re(r"(you'?ve|you have) (used|exhausted|consumed) (up )?(all )?(of )?your (free|trial|monthly|premium|included)"
                     r" (quota|requests|credits|allowance|usage)\b"),
         # "used your free quota of 15 requests per minute" is a throttle (review of round 10)
         when=_no_throttle_words),
    # Workers AI's answer to the 'agree' prompt that accepts a model's licence (Meta's Llama 3.2 Vision): "Thank
    # you for agreeing to this model's terms. You may now use the model." The model's gate answered and lets
    # this account use it: a success, pasted without a status or in a clean 2xx. Its refusal before the
    # licence is accepted (5016 "Prior to using this model, you must submit the prompt 'agree'") is no success.
    Rule("model-licence-accepted", R.OK,
         "the provider accepted this account's agreement to the model's licence: the model may now be used", "",
         "corpus h9c-031 (juspay/neurolink#1624: Cloudflare's answer once the licence was accepted, then 200); "
         "developers.cloudflare.com/workers-ai/models/llama-3.2-11b-vision-instruct (submit the prompt 'agree')",
         message=_re(r"thank you for agreeing to (this|the) model'?s? (terms|licen[cs]e)[^\n]{0,40}you (may|can) now use"
                     r" (the|this) model"),
         when=_licence_accepted_alone),
    # ---- end of round 10 (r10-flow), first block
    Rule("gateway-no-route", R.NOT_FOUND,
         "the gateway has no provider route for this model for this caller (no endpoint, channel or provider serves it)",
         "check the model id against the gateway's catalog, and the providers or channels enabled for this key",
         "vyancharuk/nodejs-api-boilerplate#16 (OpenRouter); songquanpeng/one-api#2063 and corpus g1-186, g1-187, "
         "g1-189 (one-api/new-api 无可用渠道); corpus g2-122, g2-123 (Hugging Face router); docs.zenmux.ai error codes "
         "(no_provider_available)",
         message=_re(r"no endpoints found|无可用渠道|no available (channel|provider|endpoint)s?\b"
                     r"|not supported by any provider you have enabled|no (healthy )?deployments? available"
                     r"|no provider available|no_provider_available")),
    # ---- round 5 (r5-access, from heldout-2026-12d.jsonl): a server with no
    # provider (backend, route) for the model name asked: Foundry Local's "No OpenAIService provider
    # found for modelName:…" (400). Nothing here serves the model.
    Rule("no-provider-for-model", R.NOT_FOUND,
         "the server has no provider (backend, deployment, route) for this model name: nothing here serves it",
         "check the model name against the server's model list (and that the model is loaded or deployed)",
         "corpus h4b-082 (microsoft/foundry-local#92: 'No OpenAIService provider found for modelName:…')",
         message=_re(r"\bno (\w+ ){0,2}(provider|backend|deployment|route|handler|upstream|worker)s? (was |were )?(found|available|configured"
                     r"|registered) (for|matching|serving) (the )?(model|modelname|model name|model id)\b")),
    Rule("gateway-upstream-failed-text", R.PROVIDER_ERROR,
         "the gateway could not get a usable answer from the upstream provider",
         "retry later; if only this gateway fails, report it there",
         "corpus g1-066 (Cloudflare AI Gateway 2005: Failed to get response from provider)",
         message=_re(r"failed to get response from provider")),
    # A proxy's 407 (RFC 9110 §15.5.8: only a proxy sends it): the user's own proxy asks for
    # credentials; the request never reached the provider. Written as a status or in a sentence
    # (axios "Request failed with status code 407", corpus h3b-007 CodeGPT).
    Rule("proxy-auth-407", R.LOCAL_NETWORK_DOWN,
         "your HTTP proxy asks for credentials (407): the request never reached the provider",
         "give the proxy its credentials (http://user:pass@proxy:port in HTTPS_PROXY) or bypass it for this host",
         "RFC 9110 §15.5.8; corpus h3b-007 (CodeGPT: maintainer, a proxy that requires authentication)",
         http=_n(407)),
    Rule("proxy-auth-407-text", R.LOCAL_NETWORK_DOWN,
         "your HTTP proxy asks for credentials (407): the request never reached the provider",
         "give the proxy its credentials (http://user:pass@proxy:port in HTTPS_PROXY) or bypass it for this host",
         "RFC 9110 §15.5.8; corpus h3b-007; Chromium net::ERR_PROXY_AUTH_REQUESTED",
         http=_n(0), message=_re(r"status( code)?\W{0,3}407\b|\b407\W{1,3}proxy auth|proxy authentication required"
                                  r"|err_proxy_auth|proxy-authenticate|代理(服务器)?(需要)?(身份)?(认证|验证)|プロキシ認証")),
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
    # Google's free tier is not offered everywhere: the same "location" words with "billing" are a
    # billing gate (paid use works once billing is linked), not a location refusal.
    Rule("gemini-free-tier-region", R.NOT_ENTITLED,
         "the Gemini API's free tier is not offered where you are: the model needs a billing account linked",
         "link a billing account to the project in Google AI Studio (paid use is served here)",
         "EvanZhouDev/gemini-ai#16; u14app/neo-chat#45 (corpus g1-220..g1-223)",
         message=_re(r"without a billing account linked|free tier is not available in your country")),
    Rule("gemini-geo", R.GEO_BLOCKED, "the Gemini API does not serve your location",
         "see ai.google.dev/gemini-api/docs/available-regions, or use Vertex AI",
         "snailyp/gemini-balance#328; poenl/gemini-api#4; gemini-api-php/client#32",
         message=_re(r"user location is not supported")),
    # A cloud region named by its id ("not supported in your region us-west-1; use us-east-1") is the
    # deployment's region, not where the caller is: the model is not offered there (review of
    # 8160956, #15). Before every location refusal but Vertex's "not servable in region" (vertex-region:
    # corpus c118 is labelled restricted).
    Rule("cloud-region-unsupported", R.NOT_FOUND,
         "the model (or feature) is not offered in the cloud region the request named, not a refusal of your location",
         "call a region that serves the model (the answer may name one)",
         "review of 8160956 (#15); docs.aws.amazon.com/general/latest/gr/rande.html (region ids); "
         "cloud.google.com/vertex-ai/docs/general/locations",
         message=_re(r"(not (be )?(supported|available|offered|served|enabled)|unsupported|unavailable)[^.;]{0,60}"
                     r"(region|location|地域|区域)\W{1,6}(id\W{1,4})?(" + _CLOUD_REGION_ID + r"|" + _AZURE_REGION_ID + r")|"
                     + _CLOUD_REGION_ID
                     + r"\W{1,4}((region|location)\W{0,4})?(is )?(not (supported|available|served|offered|enabled)|unsupported"
                     r"|unavailable)"),
         ambiguous=True, other="a refusal of your location: the same call from another network settles it"),
    Rule("region-not-available", R.GEO_BLOCKED, "the model is not available in your region",
         "try another egress region, or another provider of the model", "standardagents/dmux#43 (OpenRouter)",
         message=_re(r"not available in your region")),
    Rule("vertex-region", R.GEO_BLOCKED, "the model is not served in this Google Cloud region",
         "use a location the model card lists (e.g. global or us-east5)",
         "redhat-data-and-ai/template-agent#349; NousResearch/hermes-agent#32678",
         message=_re(r"is not servable in region")),
    # Every phrasing of a location refusal, in the languages the corpus holds, with or without a
    # code: "not available in your country" (OpenAI's login), "Region not supported", an app's
    # Chinese "你的所在地区不支持" (LobeChat for Groq), Japanese "お住まいの地域では利用できません".
    # "this region" is not here: that is a cloud region (a deployment's), not where you are.
    Rule("region-text", R.GEO_BLOCKED, "the provider does not serve your country or region",
         "try from a supported country (another network or egress region)",
         "corpus g1-003 (OpenAI unsupported_country); anthropics/claude-code (g1-241); lobehub (g2-025, Groq); "
         "developers.cloudflare.com error 1009 (country or region banned); corpus h2a-085 (Cursor: 'doesn't serve your "
         "region'), h2b-039 (Snowflake Cortex: 'unavailable in your region'), h2b-100 (Code Assist: 'not currently "
         "available in your location')",
         message=_re(r"not (be |currently |yet )?(be )?(available|offered|served|supported) (in|from|for|to) ((users|customers|people) in )?(your|the user's|this user's)"
                     r" (country|region|location|territory)|unsupported_country"
                     r"|(unavailable|restricted|blocked|not permitted) (in|from|for) your (country|region|location|territory)"
                     r"|(doesn't|does not|don't|do not|can't|cannot|won't|(is|are) (unable|not able) to) (serve|support|operate in|provide service (in|to))"
                     r"( you (in|from))? (your|this user's|the user's) (country|region|location|territory)"
                     r"|(access|requests?|calls?) from your (country|region|location|territory) (is |are )?(not allowed|not permitted|restricted|blocked|denied)"
                     r"|(country|region|location|territory) (is )?not supported|unsupported (country|region|location)"
                     r"|country or region banned|所在(的)?(地区|国家|区域)|(地区|国家|区域)(暂)?不支持|不支持.{0,10}(地区|国家)"
                     r"|区域限制|(当前|您的?)(地区|国家|区域)(无法|不能)(使用|访问)|お住まいの(国|地域)"
                     r"|(国|地域)(で|では)(は)?(ご)?利用(いただけません|できません)|(この|ご利用の)(国|地域)では.{0,20}(利用|提供|使用|アクセス).{0,8}(できません|いただけません|されていません|不可)"),
         when=_not_hedge_beside_connect_failure),  # r6-flow: a hedge beside a failed connection (h5c-064)
    # The same refusal in other word orders (review of 8160956, #15): "not available in your area",
    # "Requests from your location are blocked", "We do not currently serve your country".
    Rule("region-words", R.GEO_BLOCKED, "the provider does not serve your country or region",
         "try from a supported country (another network or egress region)",
         "review of 8160956 (#15); corpus g1-003, h2a-085, h2b-100 (the family region-text reads)",
         message=_re(r"not (currently |yet )?(available|offered|supported) in your (area|part of the world)"
                     r"|(requests?|access|traffic|connections?) from your (country|region|location|area|territory) (is |are )?"
                     r"(currently )?(blocked|not allowed|not permitted|denied|restricted|not supported)"
                     r"|(do|does) not (currently |yet )?(serve|support|operate in) (users in )?your (country|region|location|area)")),
    # ---- round 9 (r9-access, from heldout-2026-12h.jsonl): a location refusal with a contraction
    # ("Gemini in Chrome isn't available in your location", corpus h8c-047), and the typed exception
    # Google's client SDKs raise for Gemini's 'User location is not supported for the API use.'
    # (Dart UnsupportedUserLocation, Kotlin UnsupportedUserLocationException, Swift
    # .unsupportedUserLocation), printed by name alone ('Instance of "UnsupportedUserLocation"', h8c-048).
    Rule("region-contracted-words", R.GEO_BLOCKED, "the provider does not serve your country or region",
         "try from a supported country (another network or egress region)",
         "corpus h8c-047 (Gemini in Chrome); itsyebekhe/nahan#195 ('gemini not available in your country'); "
         "GoogleCloudPlatform/cloud-code-intellij#3227",
         message=_re(r"\b(isn't|isn’t|aren't|aren’t|is not|are not) (currently |yet )?(available|offered|supported|accessible)"
                     r" (in|from|for|to) (your|the user's) (country|region|location|territory|area)\b"),
         when=_not_hedge_beside_connect_failure),
    Rule("unsupported-user-location-type", R.GEO_BLOCKED, "the Gemini API does not serve your location (the SDK's typed exception)",
         "call from a country the Gemini API serves (ai.google.dev/gemini-api/docs/available-regions)",
         "corpus h8c-048 (google_generative_ai for Dart); firebase/flutterfire firebase_vertexai lib/src/error.dart "
         "(class UnsupportedUserLocation: 'User location is not supported for the API use.'); Firebase AI Kotlin "
         "com.google.firebase.ai.type.UnsupportedUserLocationException; generative-ai-swift GenerateContentError.unsupportedUserLocation",
         message=_re(r"\bunsupported_?user_?location(exception)?\b")),
    # ChatGPT's own refusal of the network (its app banner and its Cloudflare page): "You may be connected to a
    # disallowed ISP. If you are using VPN, try disabling it" (the Android app), "Unable to load site … If you are
    # using a VPN, try turning it off" (the web page behind Cloudflare, as desktop wrappers show it). The exit IP is
    # refused (switching proxy node fixed it), not the account. A status page hint alone is not this.
    Rule("disallowed-isp-vpn-page", R.NETWORK_BLOCKED,
         "the service refused this network (its page names a disallowed ISP or a VPN): the exit IP is refused, not the account",
         "call from another network (without the VPN or proxy, or through another exit IP)",
         "corpus h8c-043..h8c-046 (lencx/ChatGPT, MatsuriDayo/NekoBoxForAndroid#682); XX-net/XX-Net#14054; "
         "Alvin9999/new-pac#1542; lencx/ChatGPT#991 ('Sorry, you have been blocked If you are using a VPN, try turning it off')",
         message=_re(r"connected (to|from|through) an? ?disallowed ?isp|\bdisallowed ?isp\b"
                     r"|if you are ?using (a )?vpn,? (please )?try (turning it off|disabling it|to disable it|turning off)")),
    # The same ChatGPT/OpenAI block page as raw HTML, answered with a 403 to an API or backend call
    # (Codex's chatgpt.com/backend-api, a relay's OAuth account): its inline style (the "enlarge-appear"
    # logo animation, the red .blocked-icon) is the page's own; the text is often cut before the words.
    # The corpus read the same page restricted (h3b-050 geo_blocked, h8c-024 network_blocked).
    Rule("openai-block-page-html", R.NETWORK_BLOCKED,
         "OpenAI's edge answered with its block page (HTML, 'Unable to load site'), not the API: this network is refused",
         "call from another network or exit IP (VPN exits and datacenter IPs are often refused)",
         "corpus h8c-024 (Wei-Shaw/sub2api#2413), h3b-050 (BigPizzaV3/CodexPlusPlus#2126); "
         "Zai-Kun/reverse-engineered-chatgpt#34, xqdoo00o/ChatGPT-to-API#42 (the same page, class blocked-icon)",
         http=_n(0, 403),
         message=_re(r"@keyframes enlarge-appear\{0%\{opacity:0;transform:scale\(75%\) rotate\(-90deg\)\}"
                     r"|\.blocked-icon\{color:#ef4444\}|class=\W{0,2}blocked-icon\b")),
    # Claude Code's WebFetch when the route to claude.ai is blocked (a corporate proxy such as Zscaler):
    # "This may be due to network restrictions or enterprise security policies blocking claude.ai" (corpus h8b-049).
    Rule("network-restrictions-blocking", R.NETWORK_BLOCKED,
         "the app says network restrictions or the enterprise's security policies block its host on this route",
         "ask the network's administrators to allow the host (claude.ai for Claude Code), or try another network",
         "corpus h8b-049 (anthropics/claude-code: WebFetch behind Zscaler, per the maintainer)",
         message=_re(r"\bnetwork restrictions or (enterprise |corporate )?security polic(y|ies) block(ing|s)? [\w.-]+")),
    # A relay's (a reseller's) refusal of the caller's IP in Chinese: "您的请求无法被处理，因为您的IP地址没有接口访问权限"
    # (corpus h8c-015; fixed by adding the IP to the seller's whitelist).
    Rule("ip-no-access-zh", R.NETWORK_BLOCKED,
         "the service refuses requests from this IP address (its IP allowlist)",
         "call from an allowed IP, or add this IP to the key's whitelist",
         "corpus h8c-015 (binary-husky/gpt_academic: 'IP地址没有接口访问权限')",
         message=_re(r"ip ?(地址)?(没有|無|无|沒有)(接口)?(访问|訪問|调用|使用)?权限|ip ?(地址)?(被)?(禁止|拒绝)(访问|訪問)")),
    # ---- round 10 (r10-access, from heldout-2026-12i.jsonl): refusals of where, who and what in the words
    # clouds, gateways, edges and HTTP clients use, read with or without a status, in any wrapper.
    # A region's landing page served in place of a download or an API answer (Claude's "App unavailable in
    # region" page: its title and its URL slug, corpus h9b-004; the same page behind free-claude-code's and
    # codemie-code's installers), and the same words addressed to "your" country or region.
    Rule("unavailable-in-region-page", R.GEO_BLOCKED, "the service answered with its 'unavailable in your region' page",
         "try from a supported country (another network or egress region)",
         "corpus h9b-004 (anthropics/claude-code#17813: claude.com/app-unavailable-in-region); "
         "Alishahryar1/free-claude-code#1361; codemie-ai/codemie-code#148 (the same page from Belarus)",
         message=_re(r"\bapp[- ]unavailable[- ]in[- ]region\b|\bunavailable in your (country|region|location|territory|area)\b"),
         when=_not_hedge_beside_connect_failure),
    # The edge's block page cut to its middle (Cloudflare's "Sorry, you have been blocked" page without its head:
    # its data-translate keys and sentences, corpus h9b-052); edge-block-text reads the head.
    Rule("cloudflare-block-page-body", R.NETWORK_BLOCKED,
         "Cloudflare in front of the service blocked this request or network (its block page, not the API's answer)",
         "try another network or egress IP (VPN exits and datacenter IPs are often flagged)",
         "corpus h9b-052 (sugarforever/chat-ollama#373), h2a-035, g2-145 (the whole page); "
         "developers.cloudflare.com/rules/custom-errors/reference/error-page-types",
         http=_n(0, 403, 429, 503),
         # the page's head, or the whole page as HTML at its status: edge-block-text and cdn-block-page read those
         when=lambda f: not _BLOCK_PAGE_HEAD.search(f.text) and not (f.envelope == "html" and f.http_status),
         message=_re(r"\bblocked_(why|resolve)_(detail|headline)\b"
                     r"|using a security service to protect itself from online attacks"
                     r"|email the site owner to let them know you were blocked")),
    # A workspace's or organisation's IP access list refusing the caller's address (Databricks' 403 "Source IP
    # address: … is blocked by Databricks IP ACL for workspace", corpus h9c-029; GitHub's "has an IP allow list
    # enabled, and your IP address is not permitted to access this resource", which GitHub Models and Copilot
    # answer through). network-rules reads "IP not allowed"; these say "blocked by … IP ACL" and "not permitted".
    Rule("ip-access-list-blocked", R.NETWORK_BLOCKED,
         "the service's IP access list refuses this caller's address (a workspace or organisation setting)",
         "call from an allowed network, or ask the workspace's administrator to add this IP to its access list",
         "corpus h9c-029 (omnigent-ai/omnigent#4463); learn.microsoft.com/azure/databricks/security/network/ip-access-list; "
         "docs.github.com/rest (IP allow list: 'your IP address is not permitted to access this resource')",
         message=_re(r"\bblocked by ([\w-]+ ){0,3}ip (acl|access list|allow ?list|whitelist)s?\b"
                     r"|\bip allow ?list enabled,? and your ip address is not permitted\b"
                     r"|\byour ip( address)?( [\d.:a-f<>\w-]{1,45})? is not (permitted|authori[sz]ed|whitelisted|allowlisted) to access\b"),
         when=_no_location_named),
    # An Azure Policy assignment denying the resource (ARM's RequestDisallowedByPolicy "Resource 'x' was disallowed
    # by policy", corpus h9c-047): the subscription's owner set it, no key or quota changes it.
    # (the code at any depth is in the text this reads: one rule serves the code and the words; review of round 10)
    Rule("azure-disallowed-by-policy-text", R.POLICY_DENIED,
         "an Azure Policy assignment of the subscription denies this resource or call (RequestDisallowedByPolicy)",
         "ask the subscription's policy owner to exempt the resource or allow its type, SKU or region",
         "corpus h9c-047 (Azure-Samples/azure-search-openai-demo#130); Azure-Samples/azure-search-openai-demo#1815; "
         "microsoft/foundry-dev-tools#671; learn.microsoft.com troubleshooting error-code-requestdisallowedbypolicy",
         message=_re(r"\brequestdisallowedbypolicy\b|\bwas disallowed by (azure )?policy\b")),
    # An Azure subscription whose offer lacks the feature the SKU needs (SpecialFeatureOrQuotaIdRequired: a free,
    # student or unapproved subscription creating an OpenAI or Cognitive Services account): what the subscription
    # is entitled to, not a quota used up.
    Rule("azure-subscription-lacks-feature", R.NOT_ENTITLED,
         "the Azure subscription's offer lacks the feature this SKU requires (SpecialFeatureOrQuotaIdRequired)",
         "use a subscription whose offer allows the resource (not a free or student one), or request access for it",
         "corpus h9c-002 (Azure-Samples/azure-search-openai-demo#53), h9c-003 (microsoft/AzureTRE#4531); "
         "Azure-Samples/azure-search-openai-demo-csharp#296; Azure/azure-sdk-for-java#22894 (SKU 'F0'); "
         "microsoft/Cognitive-Samples-IntelligentKiosk#131",
         message=_re(r"\bspecialfeatureorquotaidrequired\b|\bsubscription does not have (the )?quotaid/feature required\b")),
    # A feature the account may not use, its cause unnamed (GitHub Copilot's 403 "unauthorized: not authorized to
    # use this Copilot feature", corpus h9c-046): not the credential (auth-words read its "unauthorized:" prefix),
    # what it may use. With ", it requires an enterprise or organization policy to be enabled" the sentence names
    # a policy, and policy-enablement-required reads it.
    Rule("not-authorized-for-feature", R.NOT_ENTITLED,
         "the account is not entitled to this feature (its plan, or a policy its organisation has not enabled)",
         "enable the feature for the account (its plan, or the organisation's or enterprise's policy for it)",
         "corpus h9c-046 (github/copilot-cli#552); github/copilot-cli#1897; github/app#3098, #3006 ('You are not "
         "authorized to use this Copilot feature, it requires an enterprise or organization policy to be enabled')",
         message=_re(r"\bnot (authori[sz]ed|entitled|permitted) to use this ([\w-]+ ){0,2}(feature|capability)\b"),
         # the whole sentence names a policy not enabled: policy-enablement-required reads it (round 7, h6b-089);
         # one naming a country is the location rules'
         when=lambda f: "policy to be enabled" not in f.text and _no_location_named(f),
         ambiguous=True, other="the organisation's policy disables it on purpose: the organisation's Copilot policies settle it"),
    # A gateway user or key refused one model, in the words that also allow its absence ("User x is not authorized
    # to access model y or model does not exist", TrueFoundry's 403 AuthorizationError, corpus h9c-011): at a 403 the
    # refusal is of the caller (like OpenAI's ambiguous sentence, read gated at its 404). A 401 is the credential's.
    Rule("not-authorized-for-model", R.NOT_ENTITLED,
         "the caller (a gateway user, key or team) is not allowed to use this model (or it is not registered there)",
         "ask the gateway's administrator to give this user or key access to the model, or check the model's id",
         "corpus h9c-011 (truefoundry/models#949); permission-to-use-words reads 'not authorized to access the model'",
         message=_re(r"\bnot (authori[sz]ed|allowed|permitted) to (access|use|call|invoke) model\W{1,3}[\w./:@-]{1,120}"),
         when=lambda f: (f.http_status or 0) != 401 and _no_location_named(f),
         ambiguous=True, other="a model id the gateway does not serve: its model list for this key settles it"),
    # The HTTP client refused to send the key: an empty or malformed Authorization header (a trailing newline or
    # space in the key variable, no key at all: "Bearer "). No request left; the key is what to fix.
    Rule("credential-header-malformed", R.AUTH_INVALID,
         "the HTTP client refused to send the credential header: the key is empty or has a stray space or newline",
         "set the key variable again without spaces, quotes or a trailing newline (and check it is set at all)",
         "corpus h9b-010 (httpx/h11 'Illegal header value b'Bearer '', AkashiCoin/nonebot-plugin-chatgpt-plus#13), h9b-011 "
         "(Node 'Invalid character in header content [\"Authorization\"]', memochou1993/gpt-ai-assistant#169); "
         "openai/openai-python#961; memochou1993/gpt-ai-assistant#308; postmanlabs/postman-app-support#11010; "
         "nf1973/Spotify-2-AppleMusic#7 (requests InvalidHeader); cooperspencer/gickup#94 and bwmarrin/discordgo#1736 (Go)",
         message=_re(r"\billegal header value b?\W{0,2}(bearer|basic|token)\b"
                     r"|\binvalid character in header content \W{0,3}(authorization|x-api-key|api-key|x-goog-api-key)\b"
                     r"|\binvalid (leading whitespace|return character)[^\n]{0,80}in header( value)?\W{1,4}"
                     r"(bearer|basic|authorization|x-api-key|api-key)\b"
                     r"|\binvalid header field value ([^\n]{0,300}? for key |for \W?)(authorization|x-api-key|api-key)\b")),
    # A signed request the gateway could not verify (Kong's hmac-auth plugin in front of iFlytek Spark: "HMAC
    # signature cannot be verified, a valid date or x-date header is required", a clock off; "… does not match"):
    # the credential or its signature is wrong, with or without the 401.
    Rule("hmac-signature-refused", R.AUTH_INVALID,
         "the service could not verify the request's HMAC signature (the key, the secret or the signed date is wrong)",
         "check the API key and secret, and the machine's clock (the signed date must be current)",
         "corpus h9b-033 (songquanpeng/one-api#1459), h3c-047, h3c-048 (iFlytek Spark); Usagi-org/ai-goofish-monitor#36; "
         "docs.konghq.com/hub/kong-inc/hmac-auth ('HMAC signature cannot be verified', 'HMAC signature does not match')",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),
         message=_re(r"\bhmac signature (cannot|can't|could not) be verified|\bhmac signature (does not match|mismatch|is invalid)"
                     r"|hmac ?签名(验证|校验)失败")),
    # MiniMax's 1004 (not authorized) in its base_resp, and a session a service says to log in to again (MiniMax's
    # coding-plan endpoint: "cookie is missing, log in again", corpus h9b-018).
    Rule("minimax-not-authorized", R.AUTH_INVALID, "MiniMax refused the credential (base_resp 1004: not authorized)",
         "check the MiniMax key (and that this endpoint takes an API key, not a signed-in session)",
         "corpus h9b-018 (steipete/CodexBar#1326); platform.minimax.io/docs/api-reference/errorcode (1004)",
         providers=_s("minimax"), rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}), codes=_s("1004")),
    Rule("log-in-again-words", R.AUTH_INVALID, "the service wants a fresh sign-in: the session or credential sent is missing or expired",
         "sign in again (or send the credential the endpoint takes)",
         "corpus h9b-018 (MiniMax 'cookie is missing, log in again')",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),
         message=_re(r"\b(please )?(log|sign) ?in again\b|\blog ?in (session )?(has )?expired\b|请重新登录|登录(状态)?(已)?(过期|失效)"),
         # a suspended account or a lapsed subscription asked to sign in again is the account rules' (review of round 10)
         when=lambda f: not _ACCOUNT_OR_PLAN.search(f.text)),
    # Google's CONSUMER_INVALID in words only (a gRPC _InactiveRpcError's details, no ErrorInfo): "Permission denied
    # on resource project X." names a project that does not exist (a display name or a placeholder, corpus h9c-008).
    # An IAM refusal says "Permission 'x' denied on resource …" instead (vertex-iam).
    Rule("google-project-invalid-text", R.NOT_FOUND,
         "the Google Cloud project the request names does not exist (or is not a valid project id)",
         "set the project id (not its display name or a placeholder) of a project you own",
         "corpus h9c-008 (GoogleCloudPlatform/training-data-analyst#1811), h9c-009, h1-157, h2a-004, h5a-027 (the same "
         "words beside CONSUMER_INVALID)",
         message=_re(r"\bpermission denied on resource project [^\s.'\"]"), ambiguous=True,
         # with the ErrorInfo reason named, google-project-invalid (below) reads it
         when=lambda f: "consumer_invalid" not in f.text,
         other="the caller may not see a project that exists: the project's IAM page settles it"),
    # Cloudflare's API answering a path it does not route (7000 "No route for that URI", 7003 "Could not route to
    # /accounts/…, perhaps your object identifier is invalid?"): a wrong base URL or account id.
    Rule("cloudflare-no-route", R.NOT_FOUND, "Cloudflare's API routes nothing at this path (a wrong base URL or account id)",
         "check the base URL: https://api.cloudflare.com/client/v4/accounts/ACCOUNT_ID/ai/v1 with the account's real id",
         "corpus h9c-020 (musistudio/claude-code-router#1630); cloudflare/workers-sdk#9142; Jazee6/cloudflare-ai-web#52; "
         "cloudflare/serverless-cloudflare-workers#27",
         message=_re(r"\bno route for that uri\b|\bcould not route to \S{1,200}?,? perhaps your object identifier is invalid")),
    # A client that resolves a deployment before calling finds none (SAP AI SDK: "No deployment matched the given
    # criteria", corpus h9c-027): nothing serves the model or scenario in this resource group. LiteLLM's "No
    # deployments available for selected model" is its cooldown, not this.
    Rule("no-deployment-matched", R.NOT_FOUND, "no deployment serves this model or scenario where the client looked",
         "deploy it (or point the client at the resource group or project that has the deployment)",
         "corpus h9c-027 (SAP/ai-sdk-js#382); SAP/ai-sdk-js#217",
         message=_re(r"\bno (running |active |matching )?deployments? (matched|matches|match|found|exists?)\b")),
    # An error object whose whole message is the 404 reason phrase ({"error":{"message":"Not Found"}} after a
    # client's "OK", corpus h9a-013): the server said Not Found, as a 404 does, though no status was pasted.
    Rule("not-found-message-alone", R.NOT_FOUND, "the server said 'Not Found' (its whole error message): nothing at this path or id",
         "check the base URL and the model id (GET /v1/models lists what is served)",
         "corpus h9a-013 (egoist/chatwise-releases#269), h1-064, h6b-057 (the same message with a 404 or its type)",
         http=_n(0),
         # a not_found type (anthropic-not-found) or FastAPI's {"detail": "Not Found"} (wrong-path-words) read elsewhere
         when=lambda f: bool(f.messages) and all(m.strip(" .!").lower() == "not found" for m in f.messages)
         and not f.all_types and '"detail"' not in f.text,
         ambiguous=True, other="a wrong base URL rather than a model: `accesscheck scan` tries the provider's model list"),
    # ---- classify-d (round 4): location refusals in other words. A provider (or an app in front
    # of it) that says it serves only some countries, or has blocked some; Azure Marketplace's
    # AvailabilityNotInRegion (the offer is not sold in the account's country); Anthropic's edge
    # 403 'Request not allowed' where its JSON was pasted as an escaped string (types unread).
    Rule("region-limited-words", R.GEO_BLOCKED, "the provider serves only some countries or regions, and not this one",
         "try from a supported country (another network or egress region)",
         "corpus h3a-090 ('OpenAI has blocked access to the API for some countries'), h3c-059 (claude.ai: 'only available "
         "in certain regions'), h3a-036 (Azure Marketplace AvailabilityNotInRegion)",
         codes=_s("AvailabilityNotInRegion")),
    Rule("region-limited-text", R.GEO_BLOCKED, "the provider serves only some countries or regions, and not this one",
         "try from a supported country (another network or egress region)",
         "corpus h3a-090, h3c-059, h3a-036 (the family region-limited-words reads)",
         message=_re(r"(has |have )?(blocked|restricted|disabled|suspended) (api )?access (to (the |its |our )?(api|service)s? )?(for|from|in)"
                     r" (some|certain|several|many|a few|specific|your) (countries|regions|territories|locations)"
                     r"|(is|are) (only|currently only) (available|offered|supported|accessible) (in|from) (certain|some|select|selected"
                     r"|specific|a few|a limited number of|supported) (countries|regions|territories|locations)"
                     r"|(product|offer|service|model|app|feature)s? (is |are )?not available in (your )?(country|region|market)\W{0,3}:\s*[a-z]{2}(?![\w-])"
                     r"|not (available|accessible|supported|allowed) from (this|your) (data ?cent(er|re)|hosting provider|ip range)"
                     r"|仅(在|对|面向|支持)?(部分|特定|某些|指定)(的)?(国家|地区|区域)|(部分|某些)(国家|地区)(无法|不能|暂不)(使用|访问)"
                     r"|(一部|特定)の(国|地域)(で|から)(のみ|しか)"
                     r"|your (country|region|location) (may|might) not (be )?(supported|available|served)"
                     r"|(located|based) in an? (country|region|location) (that )?(we|which we) (don't|do not|can't|cannot) (support|serve)"
                     r"|(not able|unable) to serve (requests|users|you|customers) (from|in) your (country|region|location|area)"
                     r"|not (available|supported|offered) in (mainland china|this country)|only (available|offered) (in|to) (users in )?mainland china"
                     r"|(blocked|restricted|denied|unavailable) (due to|because of) (regional|geographic(al)?|geo[- ]?|location) restrictions?"
                     r"|仅限(中国)?大陆|(国家|地区)(/|和|或)?(地区)?(不可用|无法使用|不提供服务)"
                     r"|your (country|region|location) is (restricted|blocked|not allowed)"
                     r"|(not (supported|available|accessible|allowed)|unavailable|blocked) (in|from) (mainland china|china|hong kong|macau"
                     r"|russia|iran|north korea|cuba|syria|belarus|venezuela)\b"
                     r"|(requests?|access|traffic|calls?) from (mainland china|china|hong kong|macau|russia|iran|north korea|cuba|syria"
                     r"|belarus|venezuela) (is |are )?(not supported|not allowed|not permitted|blocked|denied|restricted)"),
         ambiguous=True, other="a cloud region the deployment is in ('only available in certain regions' of a cloud): the same "
         "call from another network, or in another cloud region, settles it"),
    # r8-access: Claude Code's start-up screen "Unable to connect to Anthropic services / Failed to connect to
    # api.anthropic.com: Request failed with status code 403": a 4xx answer from Anthropic's edge to the
    # connectivity check, as g1-241 (the same screen with axios' ERR_BAD_REQUEST) is read; a failure that
    # got no answer (ECONNREFUSED, a certificate) is the network's (h1-060, h6b-014).
    Rule("claude-code-startup-403", R.GEO_BLOCKED,
         "Anthropic refused Claude Code's start-up check with a 403 (its answer to an unsupported location)",
         "Anthropic lists supported regions at anthropic.com/supported-countries; if a proxy is configured, check it is used",
         "corpus h7b-038 (coffeegrind123/gemini-for-claude-code#7), g1-241 (LLM-Red-Team/kimi-cc#46)",
         message=_re(r"failed to connect to api\.anthropic\.com\W{1,3}request failed with status code 403\b"),
         ambiguous=True, other="a proxy or gateway in the way that answered 403 itself: the proxy's log settles it"),
    Rule("anthropic-geo-text", R.GEO_BLOCKED,
         "Anthropic refused the request at its edge (its geo-block answer: 403 forbidden, 'Request not allowed')",
         "Anthropic lists supported regions at anthropic.com/supported-countries",
         "corpus h3c-008 (Claude Code's error field quoting the 403 as an escaped JSON string); enricoros/big-AGI#485",
         dialects=_s("anthropic"), http=_n(0, 403),
         message=_re(r"forbidden(\W|\\[nrt]){1,24}message(\W|\\[nrt]){1,12}request not allowed"), when=_not_anthropic_envelope),
    # Cloudflare's plain-text refusal of a site's firewall ("error code: 1020"), an IP ban (1006-1008),
    # a browser signature ban (1010) or an owner's block (1012), as an API client sees it: a 403
    # whose body is the code alone. The network (an IP, a relay) is refused, not the key.
    Rule("cloudflare-denied-code", R.NETWORK_BLOCKED,
         "Cloudflare in front of the API refused this network or client (a firewall rule, an IP or signature ban)",
         "call from another network (not a datacenter IP or proxy), or ask the site's owner",
         "corpus h3c-044 (relay for api.openai.com: 'error code: 1010'); developers.cloudflare.com/support/troubleshooting/"
         "http-status-codes/cloudflare-1xxx-errors (1006, 1007, 1008, 1010, 1012, 1020)",
         http=_n(403), message=_re(r"(^|[\s\"'`:(])error code:? ?10(06|07|08|10|12|20)\b(?!\s*[-,;:]\s*\w)")),
    # A refusal for legal reasons in words (RFC 7725's reason phrase pasted without its 451,
    # sanctions and export controls): the provider may not serve you by law.
    Rule("legal-block-words", R.LEGAL_BLOCK, "refused for legal reasons (sanctions, export controls)",
         "the provider may not serve your location or organisation", "RFC 7725 (451 Unavailable For Legal Reasons)",
         message=_re(r"unavailable for legal reasons|(due to|because of|under) (u\.?s\.? |us |international )?(trade )?sanctions"
                     r"|export control (laws|regulations|restrictions)|sanctioned (country|region|territor)")),
    Rule("azure-private-only", R.NETWORK_BLOCKED,
         "the Azure resource accepts only private-endpoint traffic: this network may not reach it",
         "call it from the virtual network, or allow this network in the resource's firewall",
         "TabularEditor/TabularEditor3#1557", message=_re(r"public access is disabled")),
    Rule("network-rules", R.NETWORK_BLOCKED,
         "the resource's network rules refuse this caller (virtual network, firewall, private endpoint or origin allowlist)",
         "call from an allowed network (the VNet, an allowed IP), or allow this caller in the resource's network settings",
         "continuedev/continue#12547 (g1-033, Azure VNet); docs.azure.cn azure-app-configuration/network-access-errors "
         "(network access policy); andrewnguonly/Lumos#191 (g2-093, CORS); developers.openai.com/docs/guides/error-codes "
         "(401 IP not authorized: the project's IP allowlist); corpus h2a-034 (Azure OpenAI: the resource's outbound FQDN "
         "allowlist)",
         message=_re(r"\bvirtual network\b|firewall rules|governed by a network access policy|traffic is not from an approved private"
                     r"|blocked by cors policy|ip address fails to meet|ip (address )?(is )?not (allowed|in the allow ?list)"
                     r"|\bip not authorized|outbound network access is restricted|not in the allowed (fqdn|host ?name|domain)s? list"
                     # r6-access: a key bound to IP ranges (AiHubMix 403, corpus h5b-074: docs.aihubmix.com/zh-Hant/FAQs/HTTP-Codes)
                     r"|(allowed|permitted|usable) only from (approved|allowed|specified|whitelisted|allowlisted|authori[sz]ed) ip"
                     r"|只(能|允许|允許)(在|从|從)(指定|允许|允許|授权|授權)的?(网段|網段|ip|地址)|ip[^.\n]{0,20}不在(白名单|白名單|允许|允許)")),
    Rule("ollama-origin", R.NETWORK_BLOCKED,
         "Ollama refused the request's origin (its 403 answers a browser or extension origin it does not allow)",
         "set OLLAMA_ORIGINS on the Ollama server to allow this origin",
         "ollama/ollama#2425", providers=_s("ollama"), http=_n(403), envelope=_s("text", "empty"),
         # r8-access: a 403 that names a subscription is Ollama Cloud's plan refusal (paid-users-only)
         when=_no_subscription_required),
    # A relay's or gateway's allowlist of client applications refuses this client (its user agent):
    # the key is fine, the caller is not allowed — like an origin allowlist (network-rules above).
    Rule("client-not-allowed", R.POLICY_DENIED,
         "the service's allowlist of client applications refuses this client (the key is valid for other clients)",
         "call it from an allowed client, or ask the key's owner to allow this one",
         "Wei-Shaw/claude-relay-service#1125, zhukunpenglinyutong/jetbrains-cc-gui#245 (corpus h1-142, h1-143); "
         "r8-access: corpus h7c-040 (Wei-Shaw/claude-relay-service#1093: 403 client_validation_error 'This endpoint only "
         "accepts requests from Claude Code CLI'), Wei-Shaw/claude-relay-service#1088, ding113/claude-code-hub#626",
         message=_re(r"client not allowed|your client is not authori[sz]ed|third-party clients are not (supported|allowed)"
                     r"|\b(endpoint|service|api|key|relay|proxy) (only accepts|accepts only) requests (from|made by)\b")),
    # ---- round 5 (r5-access, from heldout-2026-12d.jsonl): a plan or product offered only to some
    # clients (Kimi For Coding: "currently only available for Coding Agents such as Kimi CLI, Claude
    # Code, …", 403 access_terminated_error; its backend checks the User-Agent): what the key's plan
    # covers, not this client. Read as not entitled, ambiguous: the corpus labels the same sentence
    # gated (h2b-116..h2b-118) and restricted/policy_denied (h4c-066, h4c-067).
    Rule("clients-only-words", R.NOT_ENTITLED,
         "the plan or product behind this key is offered only to some client applications (coding agents, approved apps), "
         "not this one",
         "call it from one of the clients the answer names, or use the provider's general API and key",
         "corpus h2b-116..h2b-118, h4c-066 (continuedev/continue#10847), h4c-067 (router-for-me/CLIProxyAPI#1327); "
         "MoonshotAI/kimi-cli#2322 (the User-Agent allowlist of api.kimi.com/coding)",
         message=_re(r"\b(is|are) (currently |now )?only (available|accessible|supported|allowed|usable) (for|to|in|via|through|with|from)"
                     r" (\w+ ){0,2}(coding agents|(approved|supported|official|whitelisted|allowlisted|authori[sz]ed|specific|certain|select"
                     r"|selected|designated) (clients|client applications|apps|applications|tools|agents|coding tools|ides|integrations))\b"
                     r"|仅(支持|限|允许)(官方|指定|授权)?的?(客户端|编程工具|编码工具)(使用|调用|访问)"),
         ambiguous=True, other="a client allowlist refusing this client (a policy): the same key from a named client settles it"),
    # A feature the workspace's cloud region (Databricks calls it the shard) does not offer: like a
    # model a cloud region does not serve (vertex-region), a refusal for where the workspace is.
    Rule("workspace-region-lacks-feature", R.GEO_BLOCKED,
         "the workspace's cloud region (its shard) does not offer this feature (Model Serving is not in every region)",
         "use a workspace in a region that offers it, or ask the workspace's administrator",
         "databrickslabs/ucx#2082 ('Azure region UK South, which does not have Model Serving enabled'), #1228, #1617 "
         "(corpus h1-035)",
         message=_re(r"is not enabled for your shard"), ambiguous=True,
         other="an administrator disabled it for the workspace (a policy): the workspace's admin settings settle it"),
    # ---- round 5 (r5-access, from heldout-2026-12d.jsonl): a service not (yet)
    # enabled for the organisation is an entitlement it lacks (an admin must turn it on), not a
    # policy refusing this caller: W&B Inference's 403 "The inference gateway is not enabled for
    # your organization". Only "disabled explicitly" names an admin's refusal (below).
    Rule("feature-not-enabled-for-org", R.NOT_ENTITLED,
         "the service (or feature) is not enabled for this organisation or workspace: an administrator must enable it",
         "ask the organisation's administrator (or the provider's support) to enable it",
         "corpus h4a-085 (docs.wandb.ai/support/inference/articles/api-error-code-403-the-inference-gateway: enabled at the "
         "organization level, required to use W&B Inference; the same page on docs.coreweave.com)",
         message=_re(r"\b(is|are) not (yet )?(enabled|activated|turned on) (for|on|in) (your|this|the) (organi[sz]ation|org|workspace|tenant|team)\b"
                     r"|(组织|团队|工作空间)(未|尚未)(开通|启用)"), ambiguous=True,
         other="an administrator switched it off on purpose (a policy): the organisation's admin settings settle it"),
    # A feature an organisation's admin switched off for the workspace: the admin decides, not the
    # key.
    Rule("feature-disabled-by-admin", R.POLICY_DENIED,
         "the feature is disabled for this workspace or organisation by its administrators",
         "ask the workspace's administrator to enable it (model serving, the function called)",
         "databricks-demos/dbdemos#241 (corpus h1-036: 'disabled explicitly for ai_query')",
         message=_re(r"disabled explicitly for"), ambiguous=True,
         other="the workspace's plan or region lacks the feature: the workspace's admin settings settle it"),
    # An explicit deny names a policy someone wrote: an AWS service control or identity-based
    # policy, a Google Cloud organisation policy (VPC Service Controls). Granting a permission does
    # not lift it; the policy's owner must. (An implicit deny — no policy allows it — is a missing
    # permission of the credential: auth, below.)
    Rule("policy-explicit-deny", R.POLICY_DENIED,
         "an IAM or organisation policy explicitly denies this call (e.g. an AWS SCP, a region restriction, VPC Service Controls)",
         "ask the policy's owner to allow the model (or its inference profile's regions); a grant to the role does not lift a deny",
         "docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html; "
         "aws-samples/sample-badgers#33 (g1-011); corpus g1-012; docs.cloud.google.com/vpc-service-controls/docs/troubleshooting",
         message=_re(r"with an explicit deny|request is prohibited by organi[sz]ation'?s policy|vpc_service_controls"
                     r"|security_policy_violated|explicitly den(y|ies|ied)|service control polic(y|ies) (explicitly )?den"
                     r"|(denied|blocked|prohibited) by (an? |the |your )?(organi[sz]ation(al)?|org|admin(istrator)?|tenant)('s)? polic"
                     r"|organi[sz]ation policy constraint|constraints/[a-z]+\.\w+|明示的に拒否|被(组织|管理员)策略(拒绝|禁止)")),
    # ---- classify-d (round 4): a policy of the organisation, the enterprise or a relay refuses
    # the call in words other than an explicit deny: "access denied by Copilot policy", "Request
    # denied by upstream policy. This model is restricted to authorized applications", "It may be
    # disabled by your organization's policy". A content, safety or usage policy is not one (that
    # refuses the prompt, not the caller).
    Rule("policy-denied-words", R.POLICY_DENIED,
         "a policy (the organisation's, the enterprise's or a relay's) refuses this caller or client",
         "ask the policy's owner (the organisation's or relay's administrator) to allow the model or client",
         "corpus h3b-012 (relay: 'restricted to authorized applications'), h3b-014 (GitHub Copilot policy), h3b-015 "
         "(Copilot: 'disabled by your organization's policy')",
         message=_re(r"(denied|blocked|disabled|prohibited|not allowed|refused) by ((?!(content|safety|usage|moderation|acceptable"
                     r"|cors|privacy|data)\b)[\w-]+'?s? ){0,3}polic(y|ies)"
                     r"|restricted to (authori[sz]ed|approved|allowed|whitelisted) (applications|apps|clients)"
                     r"|被.{0,8}策略(拒绝|禁止|限制|禁用)|ポリシーによ(り|って)(拒否|無効|ブロック|制限)"
                     r"|(disabled|blocked|turned off|restricted) by (your |the |an? )?([\w-]+'?s? ){0,2}admin(istrator)?s?\b"
                     r"|admin(istrator)?s? (has|have) (disabled|blocked|restricted|turned off)"
                     # r9-access: Claude Code "Your organization has disabled Claude subscription access for Claude Code"
                     # (corpus h8b-048): the organisation's setting, not the key
                     r"|\byour (organi[sz]ation|org|workspace|enterprise) (has|have) (disabled|blocked|turned off|restricted)\b"
                     r"|(已)?被(组织|企业|团队)?管理员(禁用|停用|关闭|限制)|管理者によ(り|って)(無効|ブロック|制限|禁止)"),
         when=_no_subject_disabled),
    # An account used from too many machines: an anti-abuse block that lifts after a time or by the
    # provider's hand (Cursor: 'Too many computers used within the last 24 hours').
    Rule("device-limit", R.POLICY_DENIED,
         "the account was used from too many machines: the provider blocks it for a while",
         "wait the window out (often 24 h), or ask the provider to unblock the account",
         "corpus h3b-075 (Cursor)",
         message=_re(r"too many (computers|devices|machines) (used|signed in|logged in|registered)|device limit (reached|exceeded)"
                     r"|maximum number of (devices|computers|machines)|设备(数量)?(超限|超过上限|已达上限)|端末(数)?の上限"),
         ambiguous=True, other="a long rate window (it lifts by itself): waiting the stated time settles it"),
    # ---- r5-docs (round 5): conditions the providers' own error tables document, in the words
    # their messages and the wrappers around them carry (with or without a status or a code).
    # An account suspended *for* an unpaid balance is out of credit, not banned (Moonshot's 429
    # "Your account is suspended due to insufficient balance, please recharge …"; an overdue
    # account, Volcengine Ark's AccountOverdueError): top up and it answers again.
    Rule("suspended-for-balance", R.QUOTA_EXHAUSTED,
         "the account is suspended for an unpaid or insufficient balance (out of credit, not banned)",
         "top up the account (or settle the overdue bill) in the provider's console",
         "forum.moonshot.ai/t/429-insufficient-balance/244 (Moonshot 429 exceeded_current_quota_error); "
         "volcengine.com/docs/82379/1299023 (Ark 403 AccountOverdueError)",
         message=_re(r"suspended (due to|for|because of) (an? )?(insufficient|low|negative|unpaid|overdue|outstanding)"
                     r" (account )?(balance|funds|credits?|payments?|bills?)"
                     r"|(因|由于)?(欠费|余额不足)(而|导致)?(被)?(停用|暂停|冻结|停机)")),
    # A moderation refusal of the request's input (OpenRouter's 403 "Your chosen model requires
    # moderation and your input was flagged"): the request's content, not the caller's access.
    Rule("input-flagged", R.UNEXPECTED_RESPONSE,
         "the provider's moderation flagged the request's input (the probe's prompt), not the caller's access",
         "report this to accesscheck with the --debug output (its probe prompt should never be flagged)",
         "openrouter.ai/docs/api-reference/errors (403: 'Your chosen model requires moderation and your input was flagged')",
         message=_re(r"requires moderation|\b(input|prompt|request|content|message)s? (was|were|has been|have been|is|are) flagged")),
    # A gateway with no provider meeting the caller's routing requirements (OpenRouter's 503):
    # no route for this model for this caller, as gateway-no-route.
    Rule("gateway-no-provider-meets", R.NOT_FOUND,
         "the gateway has no provider for this model that meets the caller's routing requirements",
         "relax the provider routing preferences (order, allow list, data policy), or pick another model",
         "openrouter.ai/docs/api-reference/errors (503: 'There is no available model provider that meets your routing "
         "requirements')",
         message=_re(r"no available model providers?\b|no (model )?providers? (that )?(meets?|match(es)?|satisf(y|ies)) "
                     r"(your|the) (routing|provider) (requirements|preferences)")),
    # ---- the account itself
    *_code_or_words(
        "account-disabled", R.ACCOUNT_DISABLED,
        "the provider disabled or deactivated this account or organisation: no model can be called with it",
        "check the account's e-mail and the provider's console; contact the provider's support",
        "anthropics/claude-code#19028 (g1-098..g1-100); ChatGPTNextWeb/NextChat#2782; songquanpeng/one-api#271 "
        "(OpenAI account_deactivated); docs.bigmodel.cn/cn/faq/api-code (Zhipu 1110, 1112, 1121); "
        "developers.cloudflare.com/workers-ai/platform/errors (3023); corpus h2a-171 (Gemini: 'Your project has been "
        "denied access. Please contact support.')",
        codes=_s("account_deactivated", "organization_disabled", "account_disabled"),
        message=_re(r"organi[sz]ation has been\s+(disabled|deactivated|banned)|account (has been |is |was )?(deactivated|banned|terminated)"
                    r"|deactivated account|(账号|账户|帳號|帳戶|用户|用戶|使用者)(已)?被(封|禁|冻结|凍結|停用|锁定|鎖定)|(账号|账户)已(停用|禁用|冻结)"
                    r"|账户当前处于非活动状态|service unavailable for account"
                    r"|(project|account|organi[sz]ation) (has been|is|was) (suspended|denied access|blocked|banned)"
                    r"|suspended (account|project|organi[sz]ation)|(账号|账户|帐号)(已)?(被)?(暂停|停用)"
                    r"|アカウント.{0,8}(停止|無効)"
                    # r8-access: OpenAI's type access_terminated, "Your access was terminated due to violation of our
                    # policies" (corpus h7d-039; ChatGPTNextWeb/NextChat#1719, binary-husky/gpt_academic#985). Kimi's
                    # "Access terminated. Review our Community Guidelines" (g2-012, labelled gated) is not this sentence.
                    r"|\byour access (was|has been) (terminated|revoked|suspended)\b")),
    # r9-access: a relay's own account-status words after the upstream's 403 on every call: "Account blocked
    # (403 error detected - account may be suspended by Claude)" (claude-relay-service, corpus h8c-031), "Access
    # forbidden (403): account may be suspended or lack permissions" (sub2api, h8c-025). The relay's hedge names a
    # suspended account; it is read as one, ambiguous (a missing permission is the other reading).
    Rule("relay-account-may-be-suspended", R.ACCOUNT_DISABLED,
         "the relay says the upstream account (behind its key) may be suspended: the upstream refused it with a 403",
         "check the upstream account's status in the provider's console (or ask the relay's operator)",
         "corpus h8c-031 (Wei-Shaw/claude-relay-service), h8c-025 (sub2api)",
         message=_re(r"\baccount (may|might|could) (have been |be )(suspended|banned|disabled|deactivated)\b"),
         ambiguous=True, other="a permission the account lacks for this model or endpoint: the same account on another model settles it"),
    # A suspended account in the words of other providers and gateways (review of 8160956, #15):
    # "Account suspended due to policy violation.", "Your account is temporarily suspended".
    Rule("account-suspended-words", R.ACCOUNT_DISABLED,
         "the provider suspended this account or organisation: no model can be called with it",
         "check the account's e-mail and the provider's console; contact the provider's support",
         "review of 8160956 (#15); corpus g1-098..g1-100 (the family account-disabled reads)",
         message=_re(r"\b(account|organi[sz]ation|workspace|user|api key|key)( has been| is| was)?( temporarily| permanently)?"
                     r" suspended\b|\bsuspended (due to|for) (a )?(policy|terms|tos|abuse|violation|fraud|non-?payment)")),
    # ---- round 5 (r5-access, from heldout-2026-12d.jsonl): the account's own state in other words.
    # Azure's abuse monitoring blocks a whole resource ("Your resource has been temporarily blocked
    # because we detected unusual behavior", a 403 no quota or rate setting lifts); Google disables
    # a service in an account for a Terms of Service violation until an appeal. No model can be
    # called with it, whatever the model.
    Rule("account-blocked-words", R.ACCOUNT_DISABLED,
         "the provider blocked or disabled this account, resource or subscription (abuse monitoring, a terms violation): "
         "no model can be called with it",
         "stop the traffic and contact the provider's support (or file the appeal or review the answer names)",
         "corpus h4a-010, h4a-011 (learn.microsoft.com/answers/questions/5901823, 5903838: Azure OpenAI's abuse-monitoring "
         "block of a resource; learn.microsoft.com azure/foundry/openai/concepts/abuse-monitoring), h4a-015 "
         "(discuss.ai.google.dev/t/134616: 'disabled in this account for violation of Terms of Service')",
         message=_re(r"\b(your|this|the) (resource|subscription|tenant|account|organi[sz]ation|project|workspace)( has been| is| was| got)"
                     r"( temporarily| permanently)? (blocked|disabled|banned|deactivated|terminated)\b"
                     r"|\b(service|access|api|usage)( \w+){0,2} (has been|is|was) (disabled|suspended|blocked|banned|terminated|deactivated)"
                     r" (in|for|on) (this|your) (account|organi[sz]ation|project|subscription|tenant)\b|\b(disabled|suspended|blocked|banned|terminated|deactivated)\b[^.\n]{0,80}\bfor (a |the )?"
                     r"(violation|violating|breach) of (the |our |its )?(terms|tos|acceptable use|usage polic)"
                     r"|(账号|账户|帐号|资源|订阅)(因|由于).{0,20}(违反|违规).{0,20}(被)?(封禁|禁用|停用)")),
    # A gateway's budget stop under its own error name (LiteLLM's proxy: "Authentication Error,
    # ExceededBudget", sent as a 401 once the budget is spent): a cap, not a refused key.
    Rule("budget-exceeded-name", R.QUOTA_EXHAUSTED,
         "the budget set for this key, user or gateway is spent (a budget stop, whatever status or wrapper carries it)",
         "raise the budget (or wait for its reset) in the gateway's settings, or use a key with budget left",
         "corpus h4b-054 (BerriAI/litellm#3293: 401 'Authentication Error, ExceededBudget'); docs.litellm.ai proxy "
         "budgets (ExceededBudget: '… over budget'); corpus h2a-083, h2a-084 ('Budget has been exceeded!')",
         message=_re(r"exceeded_?budget|budget_?exceeded|\bover (its |your |the )?(max(imum)? )?budget\b"
                     r"|\b(max(imum)?|total) budget (reached|exceeded|hit)|(reached|hit|exceeded) (the |your |its )?(max(imum)?|total) budget"
                     r"|预算(已)?(超出|超限|用尽|耗尽)|予算(を)?超過")),
    # Oracle Cloud answers one 404 for a resource that is not there and for one the caller may not
    # see (NotAuthorizedOrNotFound: "Authorization failed or requested resource not found"): its
    # "authorization failed" is half of an either/or, not a refused key. Read as not found,
    # ambiguous (corpus h4a-003: an OCI model no longer offered).
    *_code_or_words(
        "not-authorized-or-not-found", R.NOT_FOUND,
        "the resource (the model) was not found, or the caller may not see it: the provider answers both alike",
        "check the model id (and that it is still offered), then the caller's IAM policies for it",
        "docs.cloud.oracle.com/Content/API/References/apierrors.htm (404 NotAuthorizedOrNotFound, 400 "
        "RelatedResourceNotAuthorizedOrNotFound); corpus h4a-003 (k8sgpt-ai/k8sgpt#1334), h4a-004",
        codes=_s("NotAuthorizedOrNotFound", "RelatedResourceNotAuthorizedOrNotFound"),
        message=_re(r"authori[sz]ation failed or (the )?(requested )?resource (was )?not found|not ?authori[sz]ed ?or ?not ?found"
                    r"|(was )?not found,? or you do not have authori[sz]ation"),
        ambiguous=True, other="the caller lacks the IAM policy to see it: the compartment's policies settle it"),
    # Groq's organization_restricted stops every call of the organisation until support lifts it:
    # the account's state (account_disabled, as the corpus's gatherers subclassed it: g2-026..028,
    # h4a-022, h4a-023), not a model the account lacks.
    *_code_or_words(
        "organization-restricted", R.ACCOUNT_DISABLED,
        "the provider restricted this organisation (every call refused until its support lifts it), not the model",
        "contact the provider's support to restore access",
        "songquanpeng/one-api#1764; NVIDIA-NeMo/Guardrails#563 (Groq organization_restricted); corpus h4a-022, h4a-023",
        codes=_s("organization_restricted"),
        message=_re(r"organi[sz]ation has been restricted")),
    # A fair-usage restriction limits how the account may be used (Z.ai's coding plan), not whether
    # it may call at all: access to the model is withheld for this use.
    Rule("fair-usage-restricted", R.NOT_ENTITLED,
         "the provider restricted this account's use of the model under its fair-usage policy, not the model",
         "contact the provider's support, or use the model as the plan allows",
         "zai-org/GLM-5#68 (Z.ai fair usage); docs.bigmodel.cn/cn/faq/api-code (Zhipu 1313)",
         message=_re(r"usage pattern does not comply|fair usage policy|公平使用策略")),
    # ---- gated: verification, entitlement, billing
    # iFlytek Spark answers 11200 AppIdNoAuthError when the app's licence does not cover the call
    # (xfyun.cn/doc/spark/LinuxSDK.html, 错误码: "授权错误：该appId没有相关功能的授权 或者 业务量超过限制",
    # as log159/LogChat#2 quotes it; each model version has its own allotment): "tokens.total" is
    # the version's token allotment (none, or used up: wangzongming/esp-ai#4), "domain.X" a
    # version it has no licence for.
    Rule("spark-no-tokens", R.QUOTA_EXHAUSTED, "the app's token allotment for this Spark model is used up (or none was claimed)",
         "claim or buy tokens for this model version in the iFlytek console",
         "wangzongming/esp-ai#4 (corpus h1-021: 'SparkMax 没有额度'); CCLMSY/nonebot-plugin-sparkapi#8 (h1-022)",
         message=_re(r"appidnoautherror.{0,40}tokens\.total")),
    Rule("spark-no-licence", R.NOT_ENTITLED, "the app has no licence for this Spark feature or model version (11200)",
         "claim the model version for the app in the iFlytek console, or call the version it has",
         "xfyun.cn/doc/spark/LinuxSDK.html (11200); briqt/xunfei-spark4j#17; zhayujie/CowAgent#1740 (corpus h1-023); "
         "wangrongding/wechat-bot#292 (h1-026)",
         message=_re(r"appidnoautherror|该appid没有相关功能的授权"), ambiguous=True,
         other="the licence's token allotment used up (quota): the console's usage page settles it"),
    Rule("openai-verification", R.VERIFICATION_REQUIRED, "your organisation must be verified to use this model",
         "verify your organisation at platform.openai.com/settings/organization/general "
         "(access can take 15 minutes to propagate)",
         "danny-avila/LibreChat#7323; microsoft/vscode#260670; continuedev/continue#9948",
         message=_re(r"must be verified to|(identity|organi[sz]ation|account|phone) verification (is )?required"
                     r"|verify your (identity|organi[sz]ation|account|phone number) (to|before)|complete (identity )?verification to"
                     r"|(需要|请先|请)(完成)?实名认证|未(完成)?实名认证|本人確認(が必要|を完了)")),
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
         message=_re(r"has been deprecated|has been decommissioned|reached the end of its life|marked by provider as legacy"
                     # Azure AI Foundry's ServiceModelDeprecating (corpus h2a-054), "model … is deprecated"
                     r"|in deprecating state|servicemodeldeprecat|model_deprecated|\bmodel\b[^.]{0,80}\bis (now )?deprecated"
                     r"|模型已(弃用|废弃)|(このモデル|モデル)は(非推奨|廃止)")),
    # An interface the provider changed ("API接口调用已升级为异步调用", "this API is deprecated, use v2",
    # "the endpoint has been upgraded"): the call goes to an old interface, the model is not gone
    # (review of 8160956, #15: retired-words read these as the model's retirement).
    Rule("api-interface-changed", R.NOT_FOUND,
         "the provider changed the interface the request called (a new version or call style), not the model",
         "call the interface the provider's documentation names now (the answer may link it)",
         "corpus h2b-139 (Baidu Wenxin: 'API接口调用已升级为异步调用'); review of 8160956 (#15)",
         message=_re(r"(api|接口)(调用)?(已|已经)?升级|\b(this |the )?(api|endpoint|interface)( version)? (has been |was |is )"
                     r"(upgraded|migrated|moved|deprecated)|\bapi (has been |was )?upgraded|please (migrate|upgrade) to (the )?(new |v\d)"),
         ambiguous=True, other="the model itself retired: the provider's deprecations page settles it"),
    # Retirement in other words: "no longer available to new users" (Gemini), "was removed on"
    # (Cohere), "not available on SambaNova Cloud … /deprecations", Chinese "已下线".
    Rule("retired-words", R.RETIRED, "the provider says the model was removed or is no longer offered",
         "pick its successor (see the provider's deprecations page)",
         "kestra-io/docs#5168 (Gemini); wandb/edu#164 (Cohere); mozilla-ai/any-llm#976 (SambaNova)",
         message=_re(r"no longer (available|supported|offered|served)|was removed on|has been (removed|retired|discontinued|shut down|sunset)"
                     r"|not available on .{0,120}deprecation|已下线|已下架|已停止服务|提供を終了"
                     # an API version or endpoint withdrawn (Baidu's Wenxin: "API接口调用已升级为异步调用", corpus h2b-139)
                     r"|\b(api|endpoint) (version )?(has been|is) (deprecated|retired|discontinued)|接口(调用)?已(升级|下线|废弃|停用)"
                     # other words for a model taken away: end of life, withdrawn, retired or discontinued
                     r"|end[- ]of[- ]life|\bmodel\b[^.\n]{0,80}\b(is|was|been) (withdrawn|retired|discontinued)\b"
                     r"|模型已(退役|停用|下线)|廃止されました|提供終了")),
    # Other words for a model's (or a whole service's) end: CLOVA Studio's 40082 "model fade out"
    # (corpus h3c-054), "support for the model has ended" (모델 지원 종료, サポート終了), and a
    # retirement brown-out, the scheduled outages before a shutdown (GitHub Models' 410
    # github_models_retirement_brownout, corpus h3b-045; OpenAI's and Azure's deprecation brown-outs).
    Rule("retired-other-words", R.RETIRED, "the provider says the model (or the service) is being retired",
         "pick its successor, or the service that replaces it (see the provider's deprecations page)",
         "corpus h3c-054 (api.ncloud-docs.com CLOVA Studio 40082 'model fade out'); corpus h3b-045 "
         "(microsoft/generative-ai-for-beginners, GitHub Models retirement brownout at 410)",
         message=_re(r"\bmodels? (is |has |has been |was )?fad(e|ed|ing)[- ]out\b|\bfaded[- ]out models?\b"
                     r"|(retirement|deprecation|sunset)[ _-]brown-?out|brown-?out[^.\n]{0,80}\b(retire|deprecat|sunset)"
                     r"|support for (this|the) model (has )?ended|model[^.\n]{0,60}reached (the )?end of support"
                     r"|모델 지원(이)? 종료|지원(이)? 종료된 모델|サポート(が|は)?終了|支持已(结束|终止)")),
    Rule("no-model-loaded", R.NOT_FOUND,
         "the local server has no model loaded (it answers with OpenAI's model_not_found code)",
         "load the model (LM Studio: the developer page or `lms load`; Ollama: `ollama pull`)",
         "canopyai/Orpheus-TTS#229 (LM Studio); langchain-ai/langchain#17533 (Ollama)",
         message=_re(r"no models loaded|pull the model|ollama pull")),
    # ---- round 6 (r6-access, from heldout-2026-12e.jsonl): access classes the fifth split's misses
    # showed. A gateway's model_not_found code beside plain "not found" / "not supported" words
    # (Merge Gateway, Kindo) names no model, unlike OpenAI's "or you do not have access to it".
    Rule("model-not-found-code-plain", R.NOT_FOUND, "the gateway or server says it serves no model by this name",
         "check the id against the service's model list (GET /v1/models)",
         "corpus h5b-065 (docs.merge.dev/merge-gateway/errors.md), h5b-070 (docs.kindo.ai/apis/responses/errors/)",
         codes=_s("model_not_found"),
         message=_re(r"\bmodels?\W{0,3}[\w./:@-]{1,120}\W{0,3}(is |was )?(not found|not supported|unknown|not recogni[sz]ed)\b"),
         when=lambda f: not _ACCESS_WORDS.search(f.text)),
    # Hugging Face's gated repositories: the Hub answers 403 on a file (…/resolve/…) of a gated repo
    # to a token whose user has not been granted access, and says a request is "awaiting a review from
    # the repo authors" while a manual approval is pending. Any client (vLLM, requests, the Rust
    # hf-hub crate, a wrapper's log line) shows the 403 beside the file's URL.
    Rule("hf-access-request-pending", R.VERIFICATION_REQUIRED,
         "an access request for this model is pending the owners' review: it cannot be used until approved",
         "wait for the model's owners to approve the request (the model page shows its state), or use an ungated model",
         "corpus h5a-049 (rh-ai-quickstart/ai-virtual-agent#200); huggingface.co/docs/hub/models-gated (manual approval); "
         "huggingface.co/spaces/FallnAI/CodeGemma (GatedRepoError '… is awaiting a review from the repo authors')",
         message=_re(r"request (to access|for access to) [^.\n]{1,160}?\b(is )?(awaiting|pending|under) (a |the )?(review|approval)"
                     r"|awaiting (a )?(review|approval) (from|by) the (repo(sitory)?|model) (authors?|owners?|maintainers?)"
                     r"|access request\b[^.\n]{0,60}?\b(is )?(still )?(pending|awaiting (review|approval)|under review)"
                     r"|(访问|使用)申请(正在|仍在)?(审核|審核)中")),
    Rule("hf-gated-file-403", R.NOT_ENTITLED,
         "the Hugging Face Hub refused a file of this repository (403): a gated repo whose access this token's user lacks",
         "accept the model's terms on its Hub page (and wait for approval), then use a token of that user",
         "corpus h5a-047 (rh-ai-quickstart/ai-virtual-agent#200), h5a-050 (EricLBuehler/mistral.rs#621); "
         "huggingface.co/docs/hub/models-gated",
         message=_re(r"(\b403\b|forbidden)[^\n]{0,300}?\b(huggingface\.co|hf-mirror\.com)/[\w.-]{1,96}/[\w.-]{1,96}/resolve/"),
         # the Hub's own words for a gated repo ("Cannot access gated repo", corpus g2-040) are certain: the rule
         # that reads them decides
         when=lambda f: not _GATED_REPO_WORDS.search(f.text),
         ambiguous=True, other="a fine-grained token without read access to gated repos: the token's settings settle it"),
    # A relay key limited to some models (AiHubMix's 403 "key(...) not authorized to access the
    # requested model"): the key works, this model is not on its list.
    Rule("key-not-authorized-for-model", R.NOT_ENTITLED,
         "this key is not allowed to use the requested model (the key's model allow-list)",
         "add the model to the key's allowed models in the service's console, or use a key allowed to call it",
         "corpus h5b-075 (docs.aihubmix.com/zh-Hant/FAQs/HTTP-Codes)",
         message=_re(r"\b(key|token)\b[^.\n]{0,60}\bnot (authori[sz]ed|allowed|permitted) to (access|use|call) (the |this )?"
                     r"(requested |specified |selected )?model\b|(令牌|密钥|密鑰|key)(无权|無權|不能|不可)(访问|訪問|使用)(该|此|該)模型"),
         # a 401 says the credential itself was refused (LiteLLM's 401 'Token not allowed to access model',
         # corpus h3b-099, is labelled auth): only another status (or none) reads as the allow-list
         when=lambda f: (f.http_status or 0) != 401),
    # Google's "automated queries" page (its sorry page for unusual traffic) in place of an API answer:
    # Google refuses this network (an IP flagged for automated traffic), not the key.
    Rule("google-unusual-traffic-page", R.NETWORK_BLOCKED,
         "Google answered with its unusual-traffic page: this network or IP is blocked for automated queries",
         "call from another network or IP (a shared proxy or VPN exit is often flagged); wait for the block to lift",
         "corpus h5a-075 (thooton/muse#6); support.google.com/websearch/answer/86640 (the page it links)",
         message=_re(r"(computer|network) may be sending automated queries|our systems have detected unusual traffic from your"
                     r" (computer|network)|support\.google\.com/websearch/answer/86640")),
    # A key that fails a provider's validation in those words (MiniMax's "API key validation failed.");
    # an app's own error name for a missing or refused provider key (LobeChat's InvalidProviderAPIKey).
    # An app's own check that only reports the status it got ("Groq key validation failed (HTTP 403)",
    # corpus g2-143) says nothing of why: it is left to the status and the words around it.
    Rule("key-validation-failed", R.AUTH_INVALID, "the provider (or the app in front of it) refused the API key",
         "check the key (and its kind or plan), or set the provider's key in the app",
         "corpus h5c-093 (MiniMax-AI/cli#132), h5b-016 (lobehub/lobehub#7764: errorType InvalidProviderAPIKey)",
         message=_re(r"\b(api[ _-]?)?key (validation|verification|check) failed(?!\W{0,3}\(?(http|status|\d{3})\b)|invalid_?provider_?api_?key"
                     r"|\b(api[ _-]?)?key (is )?(not valid|invalid) (for|under) (this|the|a) (plan|token plan|product)"
                     r"|(密钥|key)(校验|验证)失败")),
    # An OAuth token request whose scope the credential does not carry (RFC 6749 §5.2 invalid_scope;
    # GigaChat's code 7 "scope from db not fully includes consumed scope": a personal key asked for
    # the B2B scope): the credential is refused for what it asked, not the model.
    Rule("oauth-scope-mismatch", R.AUTH_INVALID, "the credential does not carry the scope the token request asked for",
         "request the scope this key was issued for (e.g. the personal vs corporate API scope), or use a key for that scope",
         "corpus h5c-032 (developers.sber.ru/docs/ru/gigachat/api/errors-description); RFC 6749 §5.2 (invalid_scope)",
         message=_re(r"\binvalid_scope\b|\bscope\b[^.\n]{0,40}\bnot (fully )?(include|match|cover)(s|es)?\b[^.\n]{0,30}\bscope\b"
                     r"|requested scope (is )?(invalid|not allowed|not permitted|exceeds)")),
    # An app's own configuration names no such model (LibreChat's "Model named "x" not found in
    # configuration"): nothing in front of the provider serves it.
    Rule("model-not-in-config", R.NOT_FOUND, "the app's configuration has no model by this name",
         "use a model name the app's configuration lists (or add it there)",
         "corpus h5b-022 (danny-avila/LibreChat#5519)",
         message=_re(r"\bmodel (named |name )?\W?[\w./:@-]{1,120}\W{0,3}(is )?not (found|defined|configured|listed) in (the |your )?"
                     r"(config(uration)?|model list|models list|settings|yaml)\b")),
    # Usage credits demanded for a kind of request the plan does not include (Claude Code's 429
    # "Usage credits are required for long context requests"): an entitlement, not a throttle.
    Rule("credits-required-for-feature", R.NOT_ENTITLED,
         "this kind of request needs paid usage credits beyond the plan (the plan does not include it)",
         "buy or enable usage credits (extra usage), or send a request the plan includes (e.g. a shorter context)",
         "corpus h5c-042 (anthropics/claude-code#69520)",
         message=_re(r"\b(usage |extra |paid )?credits? (are|is) required (for|to use) (this |the )?[\w -]{0,40}"
                     r"\b(requests?|models?|features?|context|mode)\b")),
    # ---- round 5 (r5-access, from heldout-2026-12d.jsonl): OpenAI's two
    # sentences that say a model "does not exist" without "or you do not have access to it". Its
    # 400 "The requested model 'x' does not exist." (code model_not_found) names an id nothing
    # serves: read as not found, ambiguous (corpus h2a-100, h4a-061: an internal alias, a typo).
    # Its 2023 "The model: `gpt-4` does not exist" was its answer to accounts not yet given GPT-4
    # (the waitlist: corpus c005, g1-131, g1-135, h4a-033): read as not entitled, with or without
    # a status or code.
    Rule("openai-requested-model-absent", R.NOT_FOUND,
         "OpenAI says the requested model does not exist (it does not add 'or you do not have access')",
         "check the model id against GET /v1/models (a typo or an app's internal alias)",
         "corpus h2a-100 (simonw/llm-openai-plugin#17), h4a-061 (community.openai.com/t/1278979: 400 model_not_found); "
         "r8-access: corpus h7a-059 (alexrudall/ruby-openai spec cassette: 404 model_not_found \"The model 'ft:123' does "
         "not exist\")",
         providers=OPENAI_FAMILY,
         # "The model 'x' does not exist" needs the quote right after "model": "The model: `gpt-4` does not exist" is
         # the 2023 waitlist wording (openai-model-colon-wording)
         message=_re(r"\bthe requested model\W{1,3}[^\s'\"`]{1,120}\W{1,3}does not exist\b(?!\W{0,3}or you)"
                     r"|\bthe model ['\"`][^\s'\"`]{1,120}['\"`] does not exist\b(?!\W{0,3}or you)"), ambiguous=True,
         # vLLM's same sentence in its NotFoundError object is model-does-not-exist-plain's (a server, not OpenAI)
         when=lambda f: "NotFoundError" not in f.all_types,
         other="an account not yet given the model (OpenAI worded that alike for unpaid accounts): the key's model list settles it"),
    # r8-access: a model_not_found code whose message says only, in another language, that the model does not
    # exist (ParagonAPI's 400 "Модель: gpt-5o-mini не существует", corpus h7b-092): no access clause, so no
    # entitlement is in question (openai-model-not-found reads the code with OpenAI's ambiguous sentence).
    Rule("model-not-exist-localized", R.NOT_FOUND,
         "the provider says no model by this name exists (its localized words, no access clause)",
         "check the model id against the provider's model list",
         "corpus h7b-092 (docs.paragonapi.ru/chat-completions/errors: 400 model_not_found 'Модель: … не существует'); "
         "the same words in the locale files the locale-* rules cite (LobeChat pt-BR/de-DE/fr-FR ModelNotFound)",
         codes=_s("model_not_found"),
         message=_re(r"не существует|не найдена|不存在|存在しません|존재하지 않|no existe|n[ãa]o existe|existiert nicht|n['’]existe pas"),
         when=lambda f: not _ACCESS_NAMED.search(f.text)),
    Rule("openai-model-colon-wording", R.NOT_ENTITLED,
         "OpenAI's 2023 answer to an account not yet given the model ('The model: `gpt-4` does not exist')",
         "check the id; if it exists, your organisation lacks access (tier, waitlist or a first payment)",
         "corpus c005, g1-131, g1-134, g1-135 (the GPT-4 waitlist), h4a-033 (kharvd/gpt-cli#19: no status, no code)",
         providers=OPENAI_FAMILY, message=_re(r"\bthe model: \W?[\w./:-]{1,120}\W? does not exist\b(?!\W{0,3}or you)"),
         ambiguous=True, other="a mistyped id: the key's model list settles it"),
    Rule("openai-model-not-found", R.NOT_ENTITLED,
         "OpenAI says the model 'does not exist or you do not have access to it'",
         "check the id; if it exists, your organisation lacks access (tier, waitlist or allowlist)",
         "marcolardera/chatgpt-cli#13; Chainlit/cookbook#82",
         providers=OPENAI_FAMILY, codes=_s("model_not_found"), ambiguous=True),
    # "The model `x` does not exist." in vLLM's error object (type NotFoundError, object "error"),
    # without OpenAI's "or you do not have access to it": a vLLM-style server behind the OpenAI
    # wire serves no such model (corpus h3b-003, LiteLLM custom_openai to vLLM). OpenAI's own
    # sentences, old ("The model: `gpt-4` does not exist", g1-135) or new, stay ambiguous.
    Rule("model-does-not-exist-plain", R.NOT_FOUND, "the server says it serves no model by this name",
         "check the id against the server's model list (GET /v1/models): a vLLM server serves --served-model-name",
         "corpus h3b-003 (BerriAI/litellm, custom_openai to vLLM); vllm-project/vllm serving_engine "
         "('The model `x` does not exist.')",
         http=_n(404), types=_s("NotFoundError"),
         message=_re(r"\bmodel\W{1,3}[^\s`'\"]{1,120}\W{1,3}does not exist\b(?!\W{0,3}or you)")),
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
         # at any status: a quota type is never a throttle (no answer on record reaches it at
         # 400, 402 or 429 — earlier rules decide those — so a status list was only decoration)
         types=_s("insufficient_quota", "exceeded_current_quota_error", "billing_error", "Arrearage")),
    Rule("openai-quota-text", R.QUOTA_EXHAUSTED, "the account's credit or spend limit is exhausted",
         "add credit or raise the spend limit at platform.openai.com/settings/organization/billing",
         "HeyPuter/puter#1977", providers=OPENAI_FAMILY, message=_re(r"exceeded your current quota")),
    Rule("credit-text", R.QUOTA_EXHAUSTED, "the account is out of credit",
         "add credit in the provider's billing settings",
         "anthropics/claude-code#66314; griptape-ai/griptape-nodes-engine#1079 (xAI); Aider-AI/aider#4851 (DeepSeek); "
         "Gitlawb/openclaude#43 (OpenRouter); cohere errors.mdx (402); RFC 9110 §15.5.3 (402 Payment Required's "
         "reason phrase, autohandai/code-cli#443: Cerebras, corpus h1-117); OpenRouter's 402 'requires more credits, or "
         "fewer max_tokens … can only afford' (Taewan-P/gpt_mobile#284, continuedev/continue#11154, anomalyco/opencode#12219)",
         message=_re(r"credit balance (is )?too low|insufficient (balance|credits)|(doesn't|does not) have any credits"
                     r"|run out of credits|maximum billing reached|add or update your payment method|payment required"
                     r"|requires more credits|can only afford|create a key with a higher (monthly )?limit"
                     # credit used up in so many words, whatever throttle words stand beside it (Cohere's
                     # trial key: "You are past the per minute request limit. Your trial credits are
                     # exhausted", docs.cohere.com/reference/errors; Xiaomi MiMo's 402 "Insufficient
                     # account funds", corpus h4c-059)
                     r"|(credits?|credit balance|balance|funds)( \w+){0,2} (are |is |have been |has been )?(exhausted|depleted|used up)\b"
                     r"|out of credits?\b"
                     r"|insufficient (account )?funds")),
    Rule("daily-limit", R.QUOTA_EXHAUSTED, "a daily (or monthly) usage cap is used up: retrying today will not help",
         "wait for the reset or move to a paid tier",
         "continuedev/continue#10920 (Groq TPD); cline/cline#5301 (OpenRouter free-models-per-day); "
         "cohere-developer-experience#199 (trial calls / month)",
         http=_n(429), message=_re(r"per[ -]day|\((tpd|rpd)\)|calls / month|per month"),
         per_model=True),  # Groq names the model: "Rate limit reached for model `…` … (TPD)" (continue#10920)
    # Billing and credit in words, whatever the status (OpenAI and xAI send some with 429, relays with
    # 403, DashScope with 400): these gate the account; retrying will not help. Before every rate
    # limit rule, so "429 means reachable" yields to the message.
    *_code_or_words(
        "billing", R.QUOTA_EXHAUSTED,
        "the account's billing or balance does not allow the call (inactive billing, no balance, arrears)",
        "check the account's billing: add credit or a payment method, or settle the balance",
        "lifan0127/ai-research-assistant#174 (OpenAI billing_not_active, 429); continuedev/continue#10373 (xAI 429); "
        "CherryHQ/cherry-studio#3140 (SiliconFlow); 1Panel-dev/MaxKB#5297, QwenLM/qwen-code#54 (DashScope arrears); "
        "continuedev/continue#10296 (Zhipu 余额不足, 429); volcengine/OpenViking#729 (Ark AccountOverdueError); "
        "songquanpeng/one-api#2063 (SiliconFlow); huggingface/agents-course#386; corpus h2b-065 (ImageRouter: 'account "
        "balance is $0.0'), h2b-085 ('Access denied due to overdue account'); corpus h7b-052 (clacky-ai/openclacky#100), "
        "h7b-053 (QuantumNous/new-api#6306): new-api service PreConsumeQuota ('预扣费额度失败, 用户剩余额度: %s, "
        "需要预扣费额度: %s', 403 insufficient_user_quota)",
        codes=_s("billing_not_active", "insufficient_user_quota", "insufficient_balance", "insufficient_balance_error",
                 "AccountOverdueError", "Arrearage"),
        message=_re(r"account is not active, please check your billing|used all available credits|monthly spending limit"
                    r"|purchase (more )?credits|included credits|requires paid balance|balance is insufficient"
                    r"|insufficient (account |paid )?balance|balance (is )?not enough|quota is not enough|quota \[-?\d+\].{0,60}is not enough"
                    r"|overdue (balance|payment)|account is in good standing|valid credit card|credit card on file"
                    r"|budget (has been )?exceeded|exceeded (the |your )?budget|spend(ing)? (cap|limit) (reached|exceeded|hit)"
                    r"|(reached|exceeded|hit) (your |the )?(spend(ing)?|billing) (cap|limit)"
                    r"|account balance is \$?0(\.0+)?\b|balance is (\$|¥|￥)?0(\.0+)?\b|(zero|negative|no) (account )?balance\b"
                    r"|overdue account|account (is )?(overdue|in arrears)|in arrears|payment (is )?overdue|unpaid (invoice|balance)s?"
                    r"|余额不足|欠费|请充值|资源包|额度不足|额度已用完|额度(已)?(耗尽|用尽)|剩余额度不足|配额(不足|已用完|已耗尽)"
                    r"|insufficient funds|\bout of (credits?|funds|balance)\b|billing_hard_limit_reached|(billing )?hard limit (has been )?reached"
                    r"|reached your (billing )?hard limit|余量不足"
                    # r8-flow: new-api's pre-charge refused for want of balance (PreConsumeQuota, 403
                    # insufficient_user_quota), as apps pass its string on (corpus h7b-052, h7b-053)
                    r"|预扣费额度失败|需要预扣费额度"
                    r"|chargeresourceexhaust|计费资源(已)?(耗尽|用尽)|资源包(已)?(耗尽|用尽|用完)"
                    r"|余额(为0|为零|已用完|已耗尽)|账户余额(不足|为)|残高(が)?不足|クレジット(残高)?(が)?不足|お支払いが(必要|確認できません)")),
    # More of the balance family, and OpenAI's hard billing limit (review of 8160956, #15): funds,
    # a balance of 0 or below, a request to recharge or top up.
    *_code_or_words(
        "balance-words", R.QUOTA_EXHAUSTED,
        "the account's balance or billing limit does not allow the call (no funds, a hard billing limit)",
        "add funds (recharge, top up) or raise the billing limit in the provider's billing settings",
        "review of 8160956 (#15); community.openai.com (billing_hard_limit_reached: 'Billing hard limit has been "
        "reached'); corpus h2b-065 (a balance of $0.0)",
        codes=_s("billing_hard_limit_reached", "insufficient_funds", "negative_balance"),
        message=_re(r"billing hard limit|hard (billing|spend(ing)?) limit|insufficient funds|not enough (funds|balance|credits?)"
                    r"|billing rate limit|add (a |your )?(billing|payment method|credit card)( details)?\W{1,3}(to )?continue"
                    r"|negative (account )?balance|balance (is |of )?(negative|-\s?\$?\d|\$?0(\.0+)?\b)"
                    r"|(please |to continue,? )?(recharge|top[ -]?up|refill) (your )?(account|balance|credits?|wallet)"
                    r"|余额(为负|不够)|请(先)?充值|充值后"
                    # r9-flow: a free allowance used up with a card asked for ("You have reached the free time
                    # limit. You need to enter your credit card to continue using the API", Replicate, corpus
                    # h8a-008); Yandex Cloud's console: services suspended for a debt on the billing account,
                    # "пополните счёт" (corpus h8c-051; yandex.cloud/ru/docs/billing/concepts/billing-account-statuses:
                    # SUSPENDED)
                    r"|(enter|add|set up) (a |your )?(credit card|payment method|billing (details|information))( details)?"
                    r" to (continue|keep) using|из-за (задолженности|неоплаты)|задолженност\w{0,3} (в|на|по) (вашем |вашему )?"
                    r"(платёжн|платежн|лицев)\w{0,4} (аккаунт|счет|счёт)|пополните (счёт|счет|баланс)")),
    # A plan's allowance, not a throttle: "5-hour usage limit", "session usage limit", a daily
    # request cap, a free allocation used up; these reset on the plan's clock or with an upgrade.
    Rule("plan-limit", R.QUOTA_EXHAUSTED, "the plan's usage allowance is used up (a plan or daily cap, not a per-minute rate limit)",
         "wait for the plan's reset, or upgrade the plan",
         "MiniMax-AI/MiniMax-M2.7#36 (5-hour limit, 429); dirge-code/dirge#818 (Zhipu 1308); continuedev/continue#11158 "
         "(Ollama cloud); songquanpeng/one-api#1503 (Baidu daily limit); modelscope/ms-agent#50 (DashScope free quota); "
         "minorun365/agent-book#29 (Bedrock tokens per day); ai.baidu.com/ai-doc/WENXINWORKSHOP/tlmyncueh (Baidu 17, 19); "
         "docs.bigmodel.cn/cn/faq/api-code (Zhipu 1304, 1308, 1310); developers.cloudflare.com/workers-ai/platform/errors "
         "(3036); Huawei Cloud MaaS error codes (81005); volcengine/MineContext#328 (Ark Safe Experience Mode), "
         "github/app#3166 (Copilot monthly quota), google-gemini/gemini-cli#27761 and #16205 (Code Assist) (corpus h1-081..h1-085); "
         "anthropics/claude-code#2127, #38035 (Anthropic: 'reached your specified API usage limits', a 400); "
         "corpus h2b-058 (DashScope AllocationQuota.FreeTierOnly: 'The free tier of the model has been exhausted'), h2a-052 "
         "(Hugging Face: 'Inference usage has reached the max'); "
         "microsoft/vscode-copilot-release#12785, #9300, earendil-works/pi#3643 (Copilot: premium request allowance, "
         "402 'You have no quota'); cohere-developer-experience#199 (a trial key's API calls / month, without its 429)",
         message=_re(r"usage limit (exceeded|reached)|reached (your|the|its) (\w+ ){0,2}usage limit|(?<!not )(hit|used up|exhausted) (your|the|its) (\w+ ){0,2}usage limit|usage limit has been reached|usage_limit_reached|(?<!\d)\d{1,4}-hour usage limit"
                     r"|you will regain access on|premium request (allowance|limit)|you have no quota|enable overages"
                     r"|api calls / month"
                     r"|daily request limit|per[ -]day\b|\btpd rate limit|free allocated quota exceeded|total request limit reached"
                     r"|daily free allocation|free quota has been used up"
                     r"|reached the set \w+ limit|model service has been paused|(exceeded|exhausted) your (daily|weekly|monthly) quota"
                     r"|individual quota reached|(daily|weekly|monthly) quota (reached|exceeded|exhausted)"
                     r"|已达到.{0,16}(使用)?上限|使用上限|用量(已)?(达到|超过)上限|今日调用次数|利用上限"
                    r"|free tier (of (the|this) model )?(has been |is |was )?(exhausted|used up)|freetieronly"
                    r"|free (quota|credits?|trial|allowance|usage)( \w+){0,3} (has been |have been |is |are |was )?(exhausted|used up|expired)"
                    r"|usage has reached the (max|maximum|limit)|reached the (max|maximum) usage|monthly included credits"
                    r"|免费额度(已)?(用完|耗尽|用尽)|试用额度(已)?(用完|耗尽|到期)|無料枠"
                    # a cap named by its period or tier, in the words of other providers and gateways
                    r"|(free|trial)( tier| plan)? (limit|quota|usage|allowance) (reached|exceeded|exhausted|hit|used up)"
                    r"|(exceeded|exhausted|reached|hit|used up) (your |the )?(\w+ ){0,2}(daily|weekly|monthly) (\w+ )?(quota|limit|allowance|cap)"
                    r"|(daily|weekly|monthly) (\w+ )?(quota|limit|allowance|cap) (reached|exceeded|exhausted|hit|used up)"
                    r"|(quota|limit) (exceeded|exhausted|reached|used up) for (the|this) (day|week|month)"
                    r"|run out of (tokens|credits?|quota|requests)|key limit exceeded|(total|credit) limit (exceeded|reached)"
                    r"|trial (period )?(has )?(ended|expired)")),
    # ---- round 8 (r8-flow, from heldout-2026-12g.jsonl): an assistant's own banner for its message
    # allowance used up, in the words the chat and coding apps ship: Cody's "You've used all of your
    # chat messages and commands for today" (corpus h7b-082, h7b-083), Codex's "You're out of Codex
    # messages" (h7b-085), Claude.ai's "You are out of free messages until 3 PM", Dust's "you've used
    # up all your messages", Amazon Q's "Maximum …GenerateAssistantResponse reached for this month"
    # (h7b-087; its Rust CLI sends it as a ThrottlingException, so this comes before the throttles).
    Rule("assistant-allowance-used-up", R.QUOTA_EXHAUSTED,
         "the app's message allowance for this account is used up (its daily, monthly or plan cap), not a throttle",
         "wait for the allowance to reset (the app says when), or upgrade the plan",
         "corpus h7b-082, h7b-083 (sourcegraph/cody#6273, #6290), h7b-085 (openai/codex#21421), h7b-087 "
         "(aws/aws-toolkit-jetbrains#5059); https://github.com/KoushikNavuluri/Claude-API/issues/72 (Claude.ai); "
         "https://github.com/dust-tt/dust/pull/5044 (Dust); https://github.com/aws/aws-toolkit-jetbrains/issues/3944, "
         "https://github.com/aws/amazon-q-developer-cli/issues/1226 (Amazon Q, CodeWhisperer)",
         message=_re(r"\bused (up )?all (of )?(your|the|its) (\w+ ){0,2}(messages|chats|requests|prompts|credits)\b"
                     r"|\bused up (your|the) (\w+ )?(message|chat|request|prompt) (limit|allowance|quota)"
                     r"|\b(you're|you are|you've run|you have run) out of (\w+ ){0,2}(messages|chats|requests|prompts)\b"
                     r"|\bmaximum (\S+ ){1,3}reached for (this|the) (day|week|month)\b"),
         when=lambda facts: not _REFUSAL_WORDS.search(facts.text)),
    Rule("azure-no-quota", R.QUOTA_EXHAUSTED,
         "Azure asks to retry after hours: the deployment has effectively no quota",
         "raise the deployment's tokens-per-minute quota in Azure AI Foundry",
         "DmitryKatson/bc-code-interpreter#2; vanderschaarlab/climb#1",
         providers=_s("azure-openai"), http=_n(429), when=_retry_after_hours,
         per_model=True),  # an Azure quota belongs to one deployment, i.e. one model
    # A capacity of zero left is a cap, whatever unit it is counted in: Azure's InsufficientQuota
    # on a deployment names "available capacity '0'" for a "Tokens Per Minute" usage, whose
    # per-minute words would otherwise read as a throttle (issue #15, the fourth split's false
    # `reachable`, written from it after its one score).
    Rule("zero-capacity-left", R.QUOTA_EXHAUSTED,
         "the quota this model draws on has no capacity left (available capacity 0)",
         "free quota by deleting unused deployments, or ask for more in another region or subscription",
         "corpus h4a-059 (Azure-Samples/jp-azureopenai-samples troubleshooting.md: InsufficientQuota, "
         "available capacity '0'); learn.microsoft.com azure/ai-services/openai/how-to/quota",
         message=_re(r"\bavailable (capacity|quota)( is| of)? ['\"]?0(?![\d.])"),
         per_model=True),
    # After the ninth split's score (its two false `reachable`, both caps that a 429 rule took for a
    # throttle by their per-minute or "exhausted" words): Azure's management answer InsufficientQuota
    # (a deployment asking more tokens-per-minute capacity than the subscription's quota has left),
    # and Google's ErrorInfo reason naming a credits balance (Gemini Code Assist's
    # INSUFFICIENT_G1_CREDITS_BALANCE under RESOURCE_EXHAUSTED).
    Rule("capacity-beyond-quota", R.QUOTA_EXHAUSTED,
         "the quota this model draws on has less capacity left than was asked for",
         "free quota by deleting unused deployments, ask for less, or ask for more quota",
         "corpus h9c-006 (Azure-Samples/nlp-sql-in-a-box#11: InsufficientQuota, 'bigger than the current "
         "available capacity'); learn.microsoft.com azure/ai-services/openai/how-to/quota",
         message=_re(r"\binsufficientquota\b|bigger than the current available capacity"),
         when=lambda facts: not _REFUSAL_WORDS.search(facts.text), per_model=True),
    Rule("errorinfo-credits-balance", R.QUOTA_EXHAUSTED,
         "the account's credit balance is used up (the provider's ErrorInfo reason names it)",
         "add credits or a billing account, then try again",
         "corpus h9b-020 (su-kaka/gcli2api#416: RESOURCE_EXHAUSTED, ErrorInfo reason "
         "INSUFFICIENT_G1_CREDITS_BALANCE); cloud.google.com/apis/design/errors (ErrorInfo.reason)",
         when=lambda facts: any(_CREDIT_REASON.search(r) for r in facts.reasons)),
    # ---- round 5 (r5-flow): the provider's own serving capacity for the model is out, not the
    # caller's quota or rate: Google's MODEL_CAPACITY_EXHAUSTED, "No capacity available for model …
    # on the server" (Gemini CLI's Code Assist backend, at 429 or 503, while the user's quota is far
    # from its limit). The provider's overload, like "overloaded" below; it comes before Google's
    # quota rules, which would read the 429 as a cap. (Vertex's pay-as-you-go "Resource exhausted,
    # please try again later." stays a throttle, as corpus c119 and h1-141 label it.)
    Rule("model-capacity-exhausted", R.PROVIDER_ERROR,
         "the provider has no serving capacity for this model right now (its load, not your quota or rate)",
         "retry later with backoff, or use another model meanwhile",
         "corpus h4a-087, h4a-089, h4b-013 (google-gemini/gemini-cli#27548, decolua/9router#1106: "
         "ErrorInfo MODEL_CAPACITY_EXHAUSTED, domain cloudcode-pa.googleapis.com)",
         reasons=_s("MODEL_CAPACITY_EXHAUSTED"), message=None),
    Rule("model-capacity-exhausted-text", R.PROVIDER_ERROR,
         "the provider has no serving capacity for this model right now (its load, not your quota or rate)",
         "retry later with backoff, or use another model meanwhile",
         "corpus h4a-089 (google-gemini/gemini-cli#27548, a box-drawn dump that cuts the ErrorInfo), h4b-013",
         message=_re(r"no (serving )?capacity (is )?available for (the )?model|model_capacity_exhausted"
                     r"|(model|serving|server) capacity (is )?(exhausted|unavailable)"
                     # r6-flow: "Selected model is at capacity" (Codex, corpus h5a-033), "model is currently over capacity"
                     r"|\bmodel (is )?(currently )?(at|over) (full )?capacity|at capacity for (this|the) model"),
         when=lambda facts: not _CAP_WORDS.search(_message_text(facts))),
    # A quota whose limit is 0 is no quota at all: the free tier does not include the model (or the
    # region has none), and retrying will not help. Google writes it "limit: 0" in the message, as
    # a QuotaFailure's quotaValue, or as an ErrorInfo's quota_limit_value (gRPC dumps flatten it to
    # `key: "quota_limit_value" value: "0"`); a gateway relaying Google's answer keeps the words.
    Rule("gemini-no-free-tier", R.NOT_ENTITLED,
         "this project has no quota for this model (limit: 0): the free tier (or the region) does not include it, "
         "retrying will not help",
         "enable billing on the Google Cloud project behind the key",
         "continuedev/continue#10062; ai-christianson/RA.Aid#182; corpus c040; googleapis google/rpc/error_details.proto "
         "(QuotaFailure quota_value, ErrorInfo quota_limit_value); corpus h2a-129 (Home Assistant, a region's limit 0)",
         http=_n(0, 429),
         message=_re(r"limit: 0(?![\d.])|free quota tier|quota_?(limit_)?value\W{1,12}(value\W{1,6})?0(?![\d.])")),
    Rule("gemini-daily-quota", R.QUOTA_EXHAUSTED, "the daily quota for this model is used up",
         "wait for the daily reset or raise the project's quota tier",
         "google-gemini/gemini-cli#8437 (QuotaFailure quotaId …PerDay…)",
         dialects=_s("gemini"), http=_n(429), when=_only_daily_quota,
         per_model=True),  # the QuotaFailure's quota is per model (gemini-cli#8437: …PerModel…)
    Rule("gemini-per-minute", R.RATE_LIMITED, "throttled by a per-minute quota (you are entitled)",
         "slow down, or move the project to a paid tier",
         "google-gemini/gemini-cli#8437 (QuotaFailure quotaId …PerMinute…); corpus c039, g1-227, g1-228",
         dialects=_s("gemini"), http=_n(0, 429), when=_gemini_per_minute, message=_LIMIT_WORDS),
    # Google Cloud names the quota it refused: a per-minute metric (Vertex AI's
    # generate_content_requests_per_minute_per_project_per_base_model) is a throttle whoever relays
    # it — after the zero-quota rule above (a limit of 0 is no quota at all).
    Rule("google-per-minute-quota", R.RATE_LIMITED, "throttled by a per-minute quota of the Google Cloud project",
         "slow down, or request a higher per-minute quota for the project",
         "cloud.google.com/vertex-ai/generative-ai/docs/quotas; corpus h2a-130 (Dart SDK), h2a-131 (google.api_core)",
         # not a partner model's per-base-model quota (online_prediction_…: vertex-partner-quota, below)
         http=_n(0, 429),
         message=_re(r"quota exceeded for (quota metric )?(?!\S*online_prediction_\w*per_base_model)\S*(per_minute|perminute|per minute)")),
    # Gemini sends one 429 RESOURCE_EXHAUSTED, "You exceeded your current quota", for every limit —
    # requests or tokens per minute, requests per day (ai.google.dev/gemini-api/docs/rate-limits:
    # "exceeding any of them will trigger a rate limit error") — and the free tier's daily caps are
    # small (20 a day: corpus g1-226, h1-148). Without the quotaId that tells them apart, the answer
    # does not show the model will answer today: read as the cap (never a false `reachable`),
    # ambiguous, for this model only. Apps' words for it ("rate limit exceeded", 调用频率超限)
    # say no more.
    # ---- round 9 (r9-flow): a proxy's own cooldown of every credential it holds for a model after
    # upstream 429s (CLIProxyAPI's 429 code model_cooldown "All credentials for model … are cooling down
    # … reset_seconds"): a wait of minutes, a throttle, whatever dialect the model names.
    Rule("proxy-credentials-cooling-down", R.RATE_LIMITED,
         "throttled: the proxy has every credential for this model in a cooldown after rate limits (it resets in minutes)",
         "wait for the cooldown's reset (the answer says when), or add credentials to the proxy's pool",
         "corpus h8c-032 (router-for-me/CLIProxyAPI#913: 429 model_cooldown), h7b-078 (Windsurf: 'All accounts "
         "temporarily rate-limited … cooldown')",
         http=_n(0, 429), codes=_s("model_cooldown"),
         message=_re(r"\b(credentials|accounts|keys|tokens) for (the )?model \S{1,120} (are|is) cooling down\b"),
         when=_cooldown_of_minutes),
    Rule("gemini-limit-undetermined", R.QUOTA_EXHAUSTED,
         "a Gemini quota is exhausted, and the answer does not say which: a per-minute limit or the day's cap",
         "wait a minute and retry; if it persists, the day's cap is used up (resets at midnight Pacific) or the "
         "project needs a paid tier",
         "ai.google.dev/gemini-api/docs/rate-limits; google-gemini/gemini-cli#8437; corpus g1-226, h1-138, h1-148",
         dialects=_s("gemini"), http=_n(0, 429), when=_gemini_limit_undetermined, ambiguous=True, per_model=True,
         other="a per-minute limit (reachable): the answer's QuotaFailure quotaId (…PerMinute… or …PerDay…) settles it, "
               "or a retry a minute later"),
    # As azure-no-quota, for any provider (after Google's quota rules, which read their quota ids): a
    # window or wait of an hour or more, a per-day counter, a plan's or trial's allotment is a cap,
    # however it names itself a rate limit.
    Rule("long-window-limit", R.QUOTA_EXHAUSTED,
         "the limit's window (or the wait it asks for) is an hour or more: a day's or a plan's cap, not a throttle",
         "wait for the window's reset, or raise the plan",
         "review of 8160956 (#15); docs.github.com/github-models (UserByModelByDay: requests per day); "
         "DmitryKatson/bc-code-interpreter#2 (Azure: retry after 86400 seconds)",
         http=_n(0, 429), when=_long_window,
         message=_re(r"rate limit|limit|quota|too many|exceeded|retry|wait|throttl|requests|tokens|used (all|up|your)")),
    # OpenAI's insufficient_quota sentence, which OpenAI-compatible hosts copy for used-up credit
    # too (W&B Inference sends it with 402: docs.wandb.ai support, api-error-code-402): out of
    # credit whoever sends it — but Gemini (above) and DashScope's token-limit throttle, which
    # links its #token-limit anchor (corpus g2-070, g2-071), say it of a throttle.
    Rule("current-quota-words", R.QUOTA_EXHAUSTED, "the account's credit or spend limit is exhausted",
         "add credit or raise the spend limit in the provider's billing settings",
         "developers.openai.com/docs/guides/error-codes (429 insufficient_quota); docs.wandb.ai/support/inference/"
         "articles/api-error-code-402-you-exceeded-your-cur; anomalyco/opencode#23029 (corpus h1-127, Alibaba); corpus "
         "h2a-093 (a paraphrase: 'You exceeded your quota, please check your plan and billing details')",
         message=_re(r"exceeded your (current )?quota|check your plan and billing details"), when=_no_throttle_anchor),
    # Anthropic's models on Vertex AI have a per-base-model quota that new and trial projects get
    # as 0; the same words on a project with a quota are a per-minute limit. The corpus's four
    # cases were all a zero allocation (an increase request refused).
    Rule("vertex-partner-quota", R.NOT_ENTITLED,
         "the project has no usable quota for this partner model on Vertex AI (new and trial projects get 0)",
         "request a quota increase for the model (IAM & Admin → Quotas), or use the provider's own API",
         "anthropics/anthropic-sdk-python#963; cg-dot/vertexai-cf-workers#18; Intelligent-Internet/ii-agent#41; "
         "cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude (quotas per base model, in requests and "
         "tokens per minute)",
         # every per-base-model metric of the family (requests, input or output tokens per minute)
         message=_re(r"online_prediction_\w*per_base_model"), ambiguous=True,
         other="a per-minute limit on a project that has a quota: the project's quota page settles it"),
    Rule("not-serverless", R.NOT_ENTITLED, "the model is not served on demand for this account (dedicated endpoint or tier needed)",
         "start a dedicated endpoint, or upgrade the account tier", "HeyPuter/puter#3168; Nutlope/logocreator#10 (Together)",
         codes=_s("model_not_available", "dedicated_endpoint_not_running")),
    Rule("dedicated-only", R.DEDICATED_ONLY, "the model is served only on a dedicated endpoint, not on demand",
         "start a dedicated endpoint for the model, or pick a serverless one",
         "truefoundry/models#950 (Together non-serverless); corpus h2a-057 (Bedrock: 'The provided model doesn't support "
         "on-demand throughput')",
         message=_re(r"non-serverless model|create and start a new dedicated endpoint|only available (on|via) (a )?dedicated"
                     r"|only (available|served|supported|deployable) (on|via|with|through) (a )?(dedicated|provisioned)"
                     r"|(requires|needs) (a )?(dedicated endpoint|provisioned throughput)|provisioned throughput only"
                     r"|(doesn't|does not) support on-demand( throughput| inference)?\b|not (available|supported) (for|on|with) on-demand"
                     r"|仅支持专属|仅限专属"
                     # r8-access: the serverless Inference API's size cap, pointing at Spaces or Inference Endpoints
                     # (corpus h7a-042 huggingface/lighteval#299, h7a-043 stephensanwo/fullstack-ai-chatbot#6)
                     r"|too large to be loaded automatically|too large (for|to be (loaded|served|run) (by|on|with)) the"
                     r" (free |serverless )?inference api")),
    Rule("tier-required", R.NOT_ENTITLED, "the model needs a higher account tier or a subscription",
         "upgrade the account tier",
         "Nutlope/logocreator#10 (Together); ollama/ollama#15990; docs.bigmodel.cn/cn/faq/api-code (Zhipu 1309, 1311)",
         message=_re(r"allowed for build tier|requires a subscription|does not have a valid \w+ ?subscription|subscription has expired"
                     r"|套餐已到期|套餐暂未开放")),
    Rule("model-access-denied", R.NOT_ENTITLED, "this account is not eligible for the model",
         "request access to the model in the provider's console", "QwenLM/qwen-code#9605; langgenius/dify#13769 (DashScope); "
         "black-roland/homeassistant-yandexgpt#60 (Yandex: Access to model art://… denied, corpus h1-028)",
         message=_re(r"access to model denied|access to model \S{1,120} denied|model access denied|not authorized to operate on the specified resource"
                     r"|workspace access denied")),
    Rule("bedrock-access", R.NOT_ENTITLED, "model access is not granted for this AWS account (or not in this region)",
         "enable the model in the Bedrock console (Model access) for this region",
         "dirkpetersen/our-chat#3; anthropics/claude-code#536; ministryofjustice/modernisation-platform-environments#18323",
         message=_re(r"don't have access to the model|not authorized to perform the required aws marketplace actions"
                     r"|use case details have not been submitted|filled out the required use-case form"
                     r"|your account is not authorized to invoke this api operation")),
    # ---- round 5 (r5-access, from heldout-2026-12d.jsonl): Bedrock's
    # model access in more words: "Model access is denied due to … not authorized to perform:
    # aws-marketplace:Subscribe" (the automatic Marketplace subscription that enables a third-party
    # model failed), "Your AWS account is not authorized to invoke this API operation", a GovCloud
    # account that must "establish a model access agreement" from its linked standard account.
    Rule("bedrock-model-access-words", R.NOT_ENTITLED, "model access is not granted for this AWS account (or not in this region)",
         "enable the model in the Bedrock console (Model access), with aws-marketplace:Subscribe for the role that does it",
         "corpus h4a-017, h4a-018 (repost.aws/knowledge-center/bedrock-resolve-marketplace-permission), h4a-082 "
         "(repost.aws/knowledge-center/bedrock-validation-exception-errors), h4a-020 (ferkakta.dev: GovCloud model access "
         "agreement)",
         message=_re(r"\bmodel access is denied|not authori[sz]ed to perform\W{1,3}aws-marketplace:\w+"
                     r"|your (aws )?account is not authori[sz]ed to invoke|model access agreement")),
    # ---- classify-d (round 4): the account is not (yet) entitled, in words other rules miss:
    # Bedrock's 'Access to the model is denied' (model access not granted in the console), an
    # opt-in the model needs (OpenCode: hosted in China, explicit opt in), a free trial refused on
    # a machine, a subscription never requested (CLOVA Studio 40170).
    Rule("model-access-denied-words", R.NOT_ENTITLED, "model access is not granted for this account",
         "request (or enable) access to the model in the provider's console",
         "corpus h3a-108 (Bedrock AccessDeniedException 'Access to the model is denied')",
         message=_re(r"access to (the|this) model (is|was|has been) denied|access (is )?denied (to|for) (the|this) model")),
    Rule("opt-in-required", R.NOT_ENTITLED, "the model needs an explicit opt-in on the account before it is served",
         "opt in to the model (or its hosting) in the provider's console",
         "corpus h3b-031 (OpenCode Go: 'only available hosted in China and requires explicit opt in')",
         message=_re(r"requires? (an? )?(explicit |manual )?opt[- ]?in|(must|need to|have to) (first )?opt[- ]?in|opt[- ]?in (is )?required"
                     r"|not (yet )?opted[- ]in|需要(手动|显式)?(选择加入|开通授权)")),
    Rule("plan-excludes-model", R.NOT_ENTITLED, "the account's plan does not include this model",
         "upgrade the plan, or pick a model the plan includes",
         "corpus h3b-016 (GitHub Copilot no_available_model_endpoints: 'no endpoints available for this model under your "
         "current plan and policies')",
         message=_re(r"(not available|no endpoints? (is |are )?available|not included|not supported)( for this model)? (under|on|in|with)"
                     r" your (current )?(plan|subscription|tier)|当前(套餐|计划|订阅)(不支持|不包含|无法使用)(该|此)模型"
                     # r9-access: MiniMax's 2061 "your current token plan not support model, MiniMax-M2.7-highspeed" (corpus
                     # h8c-039, sent with 500), Zed's "You must subscribe to a plan in order to use models provided by Zed"
                     # (h8b-076; zed-industries/zed after the May 2025 pricing change)
                     r"|\bplan (does ?)?(not|n't) supports? (this |the )?models?\b"
                     r"|\b(must|need to|have to) subscribe to a (paid )?plan (in order )?to (use|access)\b")),
    Rule("paid-users-only", R.NOT_ENTITLED, "the model is offered only to paid (or higher) plans, or after approval",
         "upgrade the plan, or request access to the model",
         "corpus h3b-016, h3b-074 (the family: a plan or an approval the account lacks); the wording of plan-gated models "
         "in Cursor, Copilot, Poe and Chinese relays (仅对企业用户开放)",
         message=_re(r"only (available|offered|accessible) (to|for|on) (pro|plus|premium|paid|paying|enterprise|team|business|max|subscribed)"
                     r" (users|subscribers|plans?|accounts|customers|tiers?|members)"
                     r"|upgrade (your (plan|account|subscription) |to (a |the )?[\w-]+( plan)? )?to (access|use|unlock) (this|the) model"
                     r"|(private|limited|closed) preview[^.]{0,40}\.?\s*(please )?request access|request access to (use )?this model"
                     r"|(added to|are on|joined) the waitlist|plan does not include (access to )?(this|the) model"
                     r"|(model )?access requires approval|requires approval to (use|access)"
                     r"|仅(对|向|限)(企业|付费|专业版|会员|vip|高级)(版)?(用户|会员)?(开放|使用|可用)?"
                     # r8-access: a plan demanded in other words: Codex's "To use Codex with your ChatGPT plan, upgrade to
                     # Plus" (corpus h7b-048; openai/codex#2351, #3584), Cursor's "[plan_required] … not available for free
                     # users" (h7b-096), Ollama Cloud's "requires a subscription, upgrade for access" (c136, h7b-049;
                     # ollama/ollama#15741), Hugging Face's "Model requires a Pro subscription" (philschmid/easyllm#14)
                     r"|\bto use [\w .-]{1,40} with your [\w .-]{1,30} plan\W{1,3}upgrade to\b|\bplan_required\b"
                     r"|\bnot (available|offered|accessible|supported) (for|to|on) (the )?(free|trial|hobby|unpaid)( plan| tier)?"
                     r" (users|accounts|plans?|tiers?|members|customers)\b"
                     r"|\brequires? an? (paid |pro |plus |max |premium |higher )?subscription\b(?![ -]?key)"
                     r"|\bupgrade (for|to get|to gain) access\b")),
    # r8-access: Codex's refusal of a model for the kind of sign-in ("The 'gpt-5.4' model is not supported
    # when using Codex with a ChatGPT account", corpus h7b-045..h7b-047): the account (its plan or sign-in
    # kind) does not include the model, not an unknown id (model-unknown-words). Ambiguous: OpenAI gave the
    # same words for models it had retired for ChatGPT sign-ins (openai/codex#26053).
    Rule("account-kind-excludes-model", R.NOT_ENTITLED,
         "the model is not offered to this kind of account or sign-in (its plan), though the id is known",
         "pick a model the account's plan includes, or sign in with an API key (pay as you go)",
         "corpus h7b-045 (zed-industries/codex-acp#223), h7b-046 (openai/codex#17642), h7b-047 (openai/codex#14326); "
         "openai/codex#18293, #19654, #26053; pingdotgg/t3code#829; router-for-me/CLIProxyAPI#3647 (the free plan's models)",
         message=_re(r"\bnot (supported|available|allowed|offered) when using [\w .-]{1,40} with an? [\w .-]{1,40}"
                     r" (account|plan|subscription|login|sign-in)\b"),
         ambiguous=True, other="a model retired for this kind of sign-in: the client's model list settles it"),
    Rule("no-credits-left", R.QUOTA_EXHAUSTED, "the account has no credit left",
         "add credit (or wait for the plan's next period)",
         "the family the balance and credit rules read, in the words 'no remaining credits' (Cursor, relays)",
         message=_re(r"no (remaining|more) credits|no credits? (left|remaining)|(credits?|balance) (remaining|left)\W{0,3}(is )?0(\.0+)?(?![.\d])")),
    Rule("terms-not-accepted", R.NOT_ENTITLED, "the model is served once its terms (or licence) are accepted for the account",
         "accept the model's terms or licence in the provider's console (or model page)",
         "the family model-not-activated reads ('has not agreed to … terms', Hugging Face gated repos), in other words",
         message=_re(r"(accept|agree to) the (model'?s? )?(terms( of (use|service))?|licen[cs]e|eula)( agreement)? (before|to) (use|using|access)"
                     r"|requires? (the user |you )?to (accept|agree to) the (model'?s? )?(terms|licen[cs]e|eula)"
                     r"|model (is )?not enabled for (your|this) (account|api key|key|project|organi[sz]ation)"
                     r"|(同意|接受)(模型)?(的)?(使用)?(条款|协议|许可)(后|之后)(才能)?(使用|调用)")),
    Rule("quota-used-up-words", R.QUOTA_EXHAUSTED, "the account's quota (or credit) for the period is used up",
         "wait for the period to reset, or add credit or upgrade the plan",
         "the family the balance and quota rules read, in the words 'used up your free quota'",
         message=_re(r"used up (all of |all )?(your|the|this) ([\w-]+ ){0,2}(quota|credits?|balance|allowance|allotment)")),
    # r6-flow (round 6): a relay's token allotment used up, sent as 401 (before the credential rules,
    # which would read the 401 or an SDK's AuthenticationError around it)
    Rule("relay-token-quota-exhausted", R.QUOTA_EXHAUSTED,
         "the relay's token (key) has used up its allotment (its remaining quota is 0), whatever status it was sent with",
         "add quota to the token in the relay's console, or use a token with quota left",
         "one-api/new-api model/token.go ('[sk-…] 该令牌额度已用尽 !token.UnlimitedQuota && token.RemainQuota = %d'); "
         "corpus h5b-093, h5b-094 (DMXAPI rix_api_error at 401: 'Token amount/count has been exhausted "
         "token.RemainQuota = 0')",
         message=_re(r"\btoken (amount|count|quota|balance|credits?) (has been|have been|is|was) (exhausted|used up|depleted)"
                     r"|remain_?(quota|count)\W{1,3}0(?![\d.])|令牌(额度|余额|次数)(已)?(用尽|耗尽|不足)")),
    Rule("trial-refused", R.NOT_ENTITLED, "the free trial is refused here: only a paid plan is served",
         "upgrade to a paid plan", "corpus h3b-074 (Cursor: 'Too many free trial accounts used on this machine')",
         message=_re(r"too many (free )?trial accounts|free trial (is )?not available (on|for) this (machine|device|account)")),
    # ---- round 5 (r5-access, from heldout-2026-12d.jsonl): free accounts refused
    # and a membership needed: Windsurf's "free user account exceeded, please use an existing account
    # or upgrade to a paid plan"; Kimi Code's "unable to verify your membership benefits … Please
    # ensure your membership is active" to a free account. Only a paid plan is served.
    Rule("free-accounts-refused", R.NOT_ENTITLED, "the service admits no more free accounts here: only a paid plan is served",
         "sign in with an existing (paid) account, or upgrade to a paid plan",
         "corpus h4b-032 (Exafunction/codeium#260: '[permission_denied] … free user account exceeded'), h3b-074 (the family "
         "trial-refused reads)",
         message=_re(r"free (user )?accounts? (limit )?(exceeded|reached|used up)|too many free (user )?accounts"
                     r"|no (more )?free accounts? (are )?(available|allowed)")),
    Rule("membership-required", R.NOT_ENTITLED, "the service needs an active membership (a paid plan) this account does not have",
         "activate (or renew) the membership, or use the provider's pay-as-you-go API",
         "corpus h4c-074 (MoonshotAI/kimi-code#2624: the Kimi Code endpoint refuses a free account)",
         message=_re(r"(unable to|could not|couldn't|cannot|can't) verify your membership|(ensure|make sure|check) (that )?your membership is active"
                     r"|membership (benefits )?(is |are )?(not active|inactive|expired|required)|no active membership"
                     r"|(requires|needs) an? (active|paid) membership|会员(已)?(过期|到期|未开通)|(需要|请)(先)?(开通|购买)会员")),
    Rule("subscription-not-requested", R.NOT_ENTITLED, "the service was never subscribed to (or applied for) on this account",
         "request the subscription (apply for the service) in the provider's console",
         "corpus h3c-053 (NAVER CLOVA Studio 40170: 'No subscription request history found')",
         message=_re(r"no subscription request|please (request|apply for) (a |the )?subscription|request a subscription to use"
                     r"|(apply|request) for (access to )?(the )?service (first|before use)|请先(申请|开通)(服务|订阅)")),
    Rule("vertex-not-enabled", R.NOT_ENTITLED, "this project may not use the partner model until it is enabled",
         "enable the model in Vertex AI Model Garden and accept its terms", "yym68686/uni-api#41",
         message=_re(r"is not allowed to use publisher model")),
    # ---- r7-locale (round 7): the chat apps' and IDE assistants' own banners, in the languages they
    # ship (LobeChat's locales/*/error.json, Roo Code's src/i18n/locales/*/common.json): what a user
    # pastes is often the app's localized sentence for the condition, not the provider's English.
    # One rule per condition over the languages; each reads only the words of that condition, so a
    # request too long (ExceededContextWindow, 413) or a banner that names no condition stays unknown.
    Rule("locale-region-words", R.GEO_BLOCKED, "the provider does not serve your country or region (an app's localized words)",
         "try from a supported country (another network or egress region)",
         "https://github.com/lobehub/lobe-chat/blob/001d37c6514d1440ae210de2509f26eace3c168a/locales/zh-TW/error.json, "
         "…/locales/ko-KR/error.json, …/locales/ru-RU/error.json; https://github.com/lobehub/lobe-chat/blob/"
         "007485dcd0293e20e2aad3e19e0fc0899264ccfa/locales/pt-BR/error.json, …/locales/de-DE/error.json; https://github.com/"
         "lobehub/lobe-chat/blob/02f346b84d99ffa7b13000debafd122716914edb/locales/es-ES/error.json; https://github.com/"
         "lobehub/lobe-chat/blob/00e080c53901e854a041185758297877f3461629/locales/fr-FR/error.json (LocationNotSupportError)",
         message=_re(r"所在(的)?位置不支(持|援)|地區限制|위치는 (\S+ ){0,3}지원하지 않|지역 제한"
                     r"|местоположени[ея] не поддерживае|ограничени[йяе] регион|localiza[çc][ãa]o (atual )?n[ãa]o suporta"
                     r"|restri[çc][õo]es geogr[áa]ficas|ubicaci[óo]n (actual )?no es compatible|restricciones geogr[áa]ficas"
                     r"|(ihr|dein) (aktueller )?standort unterst[üu]tzt|regionalen einschr[äa]nkungen"
                     r"|emplacement (actuel )?ne prend pas en charge|restrictions g[ée]ographiques"
                     # r8-access: Russian "unavailable / not supported in your region, country or location": DeepL's
                     # banner (corpus h7c-009), Gemini's "пока не поддерживается в вашей стране" and "недоступно для
                     # вашей локации" (AvenCores/Goida-AI-Unlocker#22, #23), "ваша страна не поддерживается"
                     # (F1NDLE/RU_AI_UNLOCKER#2)
                     r"|(недоступ\w{0,4}|не доступ\w{0,4}|не поддерживает\w{0,2}|не работает) (\S+ ){0,2}(в|для|из) ваше?\w{0,2}"
                     r" (регион\w{0,2}|стран\w{0,2}|локаци\w{0,2}|местоположени\w{0,2})"
                     r"|ваш\w{0,2} (страна|регион|локация|местоположение) не поддерживае")),
    Rule("locale-quota-words", R.QUOTA_EXHAUSTED, "the key's quota (or the account's credit) is used up (an app's localized words)",
         "add credit or raise the key's quota in the provider's console",
         "https://github.com/lobehub/lobe-chat/blob/0500a046ce8b14564ee1e0f99b3af36544eea4d8/locales/zh-CN/error.json "
         "(QuotaLimitReached); https://github.com/lobehub/lobe-chat/blob/007485dcd0293e20e2aad3e19e0fc0899264ccfa/locales/"
         "pt-BR/error.json, …/locales/de-DE/error.json; https://github.com/lobehub/lobe-chat/blob/"
         "00e080c53901e854a041185758297877f3461629/locales/fr-FR/error.json (InsufficientQuota, QuotaLimitReached); "
         "https://github.com/lobehub/lobe-chat/blob/02f346b84d99ffa7b13000debafd122716914edb/locales/es-ES/error.json",
         message=_re(r"(配额|配額)\W{0,3}(quota\W{0,3})?上限|(额度|配额|額度|配額)(已)?(用尽|用盡|用完|耗尽|耗盡)"
                     r"|\b(cota|quota) (\S+ ){0,3}atingiu o limite|limite de (cota|quota)\b"
                     r"|l[íi]mite de cuota|\bcuota (\S+ ){0,3}(agotada|excedida)"
                     r"|kontingent \(quota\)|kontingent (\S+ ){0,6}(erreicht|ersch[öo]pft|[üu]berschritten)"
                     r"|\bquota (\S+ ){0,4}a atteint (sa|la) limite|limite de quota\b")),
    Rule("locale-auth-words", R.AUTH_INVALID, "the API key was refused, is wrong or is missing (an app's localized words)",
         "check the provider's key variable (set, current, and for this provider)",
         "https://github.com/lobehub/lobe-chat/blob/9b0e47f6b34121f594f09d3671e3fe6cc48294ae/src/locales/default/error.ts "
         "(InvalidProviderAPIKey, InvalidBedrockCredentials, 401); lobehub/lobe-chat locales/{zh-TW,ja-JP,ko-KR,ru-RU,pt-BR,"
         "es-ES,de-DE,fr-FR}/error.json (the same keys, cited above); https://github.com/RooCodeInc/Roo-Code/blob/"
         "c69bb9ccc4e7ec60b408147f1dfafbf719f88646/src/i18n/locales/ru/common.json (cerebras.authenticationFailed; the same "
         "in …/pt-BR, …/de, …/ko, …/es, …/fr, …/ja); " + _CHERRY_RU + " (error.http.401, error.no_api_key); corpus h6a-024",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),  # a keyless 401: keyless-401
         message=_re(r"(api ?key|api ?金鑰|金鑰|密鑰)\s*(不正確|無效|錯誤)|(鉴权|鑒權|认证|認證)未通(过|過)"
                     r"|未提供有效的(身份验证|身份驗證)|身分驗證無效"
                     r"|api ?キーが(正しくない|空|無効)|有効な認証情報が提供されていない|認証が失敗"
                     r"|api ?키가 (잘못|유효하지 않|비어)|(잘못된|유효하지 않은) (또는 비어 있는 )?(\S+ )?api ?(key|키)|인증에 실패"
                     r"|유효한 인증 정보를 제공하지 않"
                     r"|(неверный|недействительный)( или пустой)? ключ api|api[ -]?(key|ключ)\W{0,3}(недействителен|неверен)"
                     r"|ключ (\S+ )?api (пуст|недействителен|неверен)|аутентификаци[яи] (\S+ )?не прошла|ошибка аутентификации"
                     r"|недействительной аутентификации|не удалось пройти аутентификацию|ключ api не настроен"
                     r"|api key (\S+ ){0,2}(inv[áa]lid[oa]|em branco|n[ãa]o encontrad[oa])|chave (de |da )?api (\S+ ){0,2}(inv[áa]lida|em branco)"
                     r"|credenciais (\S+ )?inv[áa]lidas|falha na autentica[çc][ãa]o|autentica[çc][ãa]o (\S+ ){0,2}falhou|autentica[çc][ãa]o inv[áa]lida"
                     r"|api key (\S+ )?(incorrecta|vac[íi]a)|fall[óo] la autenticaci[óo]n|autenticaci[óo]n de \S+ no se ha completado"
                     r"|falta de autenticaci[óo]n v[áa]lida"
                     r"|api-schl[üu]ssel (ist )?(ung[üu]ltig|leer)|authentifizierung (ist )?fehlgeschlagen|fehlender g[üu]ltiger authentifizierung"
                     r"|[ée]chec de l['’]authentification|authentification (\S+ )?a [ée]chou[ée]|authentification invalide")),
    Rule("locale-model-absent-words", R.NOT_FOUND,
         "the provider does not know this model id, or this key may not use it (an app's localized words)",
         "check the model id against the provider's model list, then the key's access to it",
         "https://github.com/lobehub/lobe-chat/blob/007485dcd0293e20e2aad3e19e0fc0899264ccfa/locales/pt-BR/error.json, "
         "…/locales/de-DE/error.json; https://github.com/lobehub/lobe-chat/blob/00e080c53901e854a041185758297877f3461629/"
         "locales/fr-FR/error.json (ModelNotFound: 'the model may not exist or access permissions are lacking'); "
         "https://github.com/HeavenTTT/Gemini-OmniChat-auto/blob/991779e55e0f4e68dece0a597a53b8f2196d40ba/"
         "utils/locales/zh/error.ts, …/ja/error.ts (model_not_found); " + _CHERRY_RU + " (error.http.404)",
         message=_re(r"模型(未找到|找不到)|(找不到|未找到)(该|此)模型|モデルが(见|見)つかりません|モデルが存在しません"
                     r"|модель не найдена|modelo n[ãa]o exist(e|ir)|modelo (\S+ ){0,2}n[ãa]o (foi )?encontrado"
                     r"|modell (\S+ ){0,2}(konnte )?nicht gefunden|existiert das modell nicht|modell existiert nicht"
                     r"|mod[èe]le n['’]existe pas|mod[èe]le (\S+ ){0,2}(introuvable|non trouv[ée])"),
         ambiguous=True, other="the key may not use an existing model: the provider's model list for this key settles it"),
    Rule("locale-no-permission-words", R.NOT_ENTITLED,
         "this key (or account) may not use the model or service (an app's localized words)",
         "request access to the model, or use a key or plan that includes it",
         "https://github.com/lobehub/lobe-chat/blob/007485dcd0293e20e2aad3e19e0fc0899264ccfa/locales/pt-BR/error.json, "
         "…/locales/de-DE/error.json, lobehub/lobe-chat locales/es-ES, fr-FR (PermissionDenied; 403), locales/zh-TW, ja-JP, "
         "ko-KR, ru-RU (403); https://github.com/RooCodeInc/Roo-Code/blob/c69bb9ccc4e7ec60b408147f1dfafbf719f88646/src/i18n/"
         "locales/ru/common.json (cerebras.accessForbidden; the same in …/pt-BR, …/de, …/ko, …/es, …/fr, …/ja)",
         message=_re(r"没有访问此内容的权限|沒有權限存取|アクセスする権限がありません|モデルや機能にアクセスできない"
                     r"|액세스 권한이 없|모델이나 기능에 액세스할 수 없|нет разрешения на доступ|не иметь доступа к (\S+ )?модели"
                     r"|n[ãa]o tem permiss[ãa]o para acessar|n[ãa]o ter acesso ao modelo|no tienes? permiso para acceder"
                     r"|no tener acceso al modelo|keine berechtigung,? auf|keinen zugriff auf (das|die|den) (\S+ )?modell"
                     r"|n['’]avez pas (la permission|l['’]autorisation) d['’]acc[ée]der|ne pas avoir acc[èe]s au mod[èe]le")),
    # ---- end r7-locale (block 1)
    *_code_or_words(
        "model-not-activated", R.NOT_ENTITLED,
        "the model is not activated (or not granted) for this account or application",
        "activate the model (or request access) in the provider's console",
        "xinnan-tech/xiaozhi-esp32-server#1234 (Ark ModelNotOpen); zhayujie/CowAgent#2357 (Baidu error 6); "
        "ariG23498/gemma3-object-detection#5 (Hugging Face gated repo); volcengine.com/docs/82379/1299023 (Ark AccessDenied); "
        "developers.cloudflare.com/workers-ai/platform/errors (5016, 5018)",
        codes=_s("ModelNotOpen"),
        message=_re(r"has not activated the model|no permission to access|not in the authorized list|cannot access gated repo"
                    r"|not allowed to access this model|has not agreed to .{0,60}terms|do not have access to the requested resource"
                    r"|未开通|没有权限|无权访问|权限不足|アクセス権(限)?がありません")),
    # The account may not use this model, in the words providers and apps use for it: no access to
    # the model, not available for this account, not in this plan. Ambiguous where the same sentence
    # allows a wrong id ("… or the model name is invalid").
    Rule("no-access-to-model", R.NOT_ENTITLED, "this account (key, plan or project) is not entitled to the model",
         "request access to the model, or use a plan or account that includes it",
         "corpus h2a-172 (Gemini Code Assist: 'You don't have access to this model or the model name is invalid'), "
         "h2a-178 (Bedrock Mantle: 'is not available for this account', 401); g1-016, h1-055 (Bedrock: 'You don't have "
         "access to the model')",
         message=_re(r"(don't|do not|does not|doesn't) have access to (this|the|that|your requested) model"
                     r"|(have|has) no access to (this|the|that) model|not (entitled|eligible) to (use |access |call )?(this|the) model"
                     r"|(is )?(currently )?(not available|unavailable) (for|to|on|with|in) (this|your) (current )?"
                     r"(account|organi[sz]ation|plan|tier|subscription|key|project)"
                     r"|(requires|needs) (a |an )?(pro|paid|premium|plus|team|enterprise|higher|max) (plan|tier|subscription|account)"
                     r"|(does not|doesn't) work with your (current )?plan|not included in your (current )?(plan|subscription|tier)"
                     r"|upgrade your (plan|subscription|tier) to (access|use)"
                     r"|(must|need to|have to) (accept|agree to) (the )?(\w+ ){0,3}(license|licence|terms|eula|usage policy) (to|before)"
                     r"|(available )?(by|on an?) invitation only|invite-only (model|access)|(join|on) the waitlist|not (yet )?allowlisted for"
                     r"|没有(该)?模型(的)?(访问|使用)?权限|无权(使用|调用|访问)(该)?模型"
                     r"|モデルへのアクセス権|このモデルは.{0,20}(ご利用いただけません|利用できません)"
                     r"|(该)?模型(未授权|需要申请|暂未开放)|需要申请(使用|访问)?权限|(使用|利用)する権限がありません"),
         ambiguous=True, other="a wrong model id: the provider's model list for this key settles it"),
    # Google names a project that does not exist (a placeholder id, a typo) in an ErrorInfo reason,
    # inside a 403 PERMISSION_DENIED that otherwise reads as a missing permission.
    Rule("google-project-invalid", R.NOT_FOUND,
         "the Google Cloud project the request names does not exist (or is not a valid project id)",
         "set the project id (not a placeholder) of a project you own",
         "googleapis google/api/error_reason.proto (CONSUMER_INVALID); GoogleCloudPlatform/generative-ai#622 (corpus h1-157)",
         message=_re(r"consumer_invalid"), ambiguous=True,
         other="the caller may not see a project that exists: the project's IAM page settles it"),
    # ---- credentials
    # A credential that lacks a permission (an implicit deny: no policy grants it) or whose
    # restrictions refuse the call: fix the credential, not the account.
    Rule("credential-lacks-permission", R.AUTH_INVALID,
         "the credential lacks the permission for this call (no IAM policy or role grants it)",
         "grant the role or permission to the caller (e.g. bedrock:InvokeModel, an Azure OpenAI role), or use another credential",
         "aws-samples (g1-013: no identity-based policy allows); Azure (g1-250: Principal does not have access)",
         message=_re(r"because no [\w -]+ policy allows|principal does not have access to api")),
    Rule("google-key-restricted", R.AUTH_INVALID,
         "the API key's restrictions refuse this call (referrer, IP, app or API restrictions)",
         "edit the key's restrictions in the Google Cloud console (allow the Generative Language API, or this caller)",
         "corpus g1-208 (API_KEY_HTTP_REFERRER_BLOCKED), g1-209 (requests to this API are blocked)",
         reasons=_s("API_KEY_HTTP_REFERRER_BLOCKED", "API_KEY_IP_ADDRESS_BLOCKED", "API_KEY_ANDROID_APP_BLOCKED",
                    "API_KEY_IOS_APP_BLOCKED")),
    Rule("google-key-restricted-text", R.AUTH_INVALID,
         "the API key's restrictions refuse this call (referrer, IP, app or API restrictions)",
         "edit the key's restrictions in the Google Cloud console",
         "corpus g1-208, g1-209", message=_re(r"requests (from referer|to this api) .{0,200}are blocked|_blocked\b.{0,40}api_key")),
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
    # The words of a refused credential in every wrapper's rendering, none needing a status: SDK
    # class names (AuthenticationError, InvalidTokenError), "Unauthorized", Chinese 认证失败/鉴权失败,
    # Japanese 認証に失敗. "Unauthorized" is an answer's word (HTTP 401's reason phrase).
    # A log line about another system (a database's, a cache's, a directory's login) is not the
    # provider's refusal: "Access denied for user 'root'@'localhost'" (MySQL 1045 via SQLAlchemy),
    # "redis: user not found" (review of 8160956, #15).
    Rule("other-system-error", R.UNEXPECTED_RESPONSE,
         "the text is another system's error (a database, cache or directory login), not the provider's answer",
         "find the provider's own answer in the log (or run a scan)",
         "dev.mysql.com/doc/mysql-errors (1045 ER_ACCESS_DENIED_ERROR: \"Access denied for user '%s'@'%s'\"); "
         "review of 8160956 (#15)",
         message=_re(r"access denied for user '[^']*'@|\b(sqlalchemy|pymysql|psycopg2?|mysql(client)?|mariadb|postgres(ql)?"
                     r"|redis|mongo(db)?|ldap|sqlite3?)\b[^\n]{0,120}(access denied|user not found|authentication failed"
                     r"|password authentication|auth failed|invalid password|noauth|wrongpass)"),
         ambiguous=True, other="the provider's refusal quoted in the same log: the provider's own answer settles it"),
    # ---- round 7 (r7-docs): the documented error tables of the providers, self-hosted servers and
    # gateways round 5 did not read (tests/classify/test_round7_r7_docs.py names each page), one
    # rule a class over the wordings of several pages. Before auth-words, which reads a key's
    # name alone: a cap's, a block's or a permission's sentence that names the key is no bad key.
    Rule("docs-budget-or-plan-spent", R.QUOTA_EXHAUSTED,
         "the account's (or the key's) budget or plan allowance is spent",
         "add credit, raise the budget or upgrade the plan in the provider's (or gateway's) console",
         "portkey.ai/docs/aigw/api-reference/inference-api/error-codes (412 'Budget exhausted'); "
         "docs.fireworks.ai/guides/inference-error-codes (402 'Account is not on a paid plan or has exceeded usage "
         "limits'); docs.merge.dev/merge-gateway/errors ('Project budget exceeded'); openrouter.ai/docs/api-reference"
         "/errors (402 in_flight_budget_exhausted)",
         message=_re(r"\bbudget (is |has been |was )?(exhausted|depleted|used up|spent)\b|\bbudget_exhausted\b"
                     r"|\bexceeded (its |the |your |their )?(\w+ )?usage limits?\b|\bnot on a paid plan\b"),
         when=lambda facts: not throttle_shown(facts)),
    Rule("docs-credential-refused", R.AUTH_INVALID,
         "the provider (or the gateway) refused the credential it was sent",
         "check the key (or the gateway's own credential) the client sends, and that it was not deleted or disabled",
         "neon.com/docs/ai-gateway/troubleshooting (401 'invalid or missing credential'); langfuse.com/faq/all/"
         "ai-gateway-error-codes (401 'Invalid gateway credential'); tencentcloud.com/document/api/1284/75543 "
         "(AuthFailure.SignatureFailure 'The provided credentials could not be validated', AuthFailure.SecretIdNotFound "
         "'Key does not exist. Check if the key has been deleted or disabled'); corpus h5c-080 (Hunyuan's AuthFailure)",
         message=_re(r"\binvalid (or (missing|expired) )?(\w+ )?credential\b|\bmissing or invalid (\w+ )?credential\b"
                     r"|\bcredentials? could not be (validated|verified)\b"
                     r"|(^|[^\w.])((api|secret|access)[ _-]?)?key (does not|doesn't) exist\W{1,3}check\b")),
    # Tencent Cloud's API 3.0 (Hunyuan among its products) names every refused credential
    # AuthFailure.* (SecretIdNotFound, SignatureFailure, SignatureExpire, InvalidSecretId,
    # TokenFailure, InvalidAuthorization); AuthFailure.UnauthorizedOperation is CAM's refusal of a
    # permitted key, not a bad one.
    Rule("docs-tencent-auth-failure", R.AUTH_INVALID, "Tencent Cloud refused the credential (AuthFailure.*)",
         "check the SecretId/SecretKey pair (deleted, disabled or mistyped) and the machine's clock (a signature expires)",
         "tencentcloud.com/document/api/1284/75543 (common error codes)",
         when=lambda facts: any(c.startswith("AuthFailure.") and c != "AuthFailure.UnauthorizedOperation"
                                for c in facts.all_codes)),
    Rule("docs-key-or-team-not-permitted", R.NOT_ENTITLED,
         "the key (or its team, or the gateway credential) is not permitted this action or model",
         "ask the team's admin for the permission (or use a key that has it)",
         "docs.x.ai/developers/debugging (403 'Your API key/team doesn't have permission to perform the action'); "
         "neon.com/docs/ai-gateway/troubleshooting (403 'credential not authorized for ai gateway'); corpus h5a-098 "
         "(Anthropic 403 'Your API key does not have permission to use the specified resource')",
         message=_re(r"\b(api key|key|team|credential|token)(/\w+)? (doesn't|does not|don't|do not) have (the )?permissions? to"
                     r" (perform|use|access|call|invoke)\b|\bcredential (is )?not authori[sz]ed for\b")),
    Rule("docs-team-blocked", R.ACCOUNT_DISABLED,
         "the provider blocked this team (the organisation behind the key): no model can be called with it",
         "ask the team's admin, or the provider's support, why the team was blocked",
         "docs.x.ai/developers/debugging (403 'Your API key/team is blocked')",
         message=_re(r"\bteam( has been| is| was| got)( temporarily| permanently)? (blocked|banned|disabled|deactivated|suspended)\b")),
    Rule("docs-verification-required", R.VERIFICATION_REQUIRED,
         "the model needs the account's identity verified first",
         "complete the identity verification in the provider's console, or use a verified account's key",
         "novita.ai/docs/guides/error (403 'Some models require identity verification to access')",
         message=_re(r"\brequires? (identity|account|real-name|kyc) verification\b")),
    Rule("docs-model-wrong-or-not-permitted", R.NOT_FOUND,
         "the relay says the model id is wrong, or that this key's group may not use it (it does not say which)",
         "check the id against the relay's model list; if it is there, ask for the model in your key's group",
         "docs.aihubmix.com/cn/FAQs/HTTP-Codes (503 'Incorrect model ID. Please request to view the model page or you "
         "do not have permission to use this model', a new-api relay with no channel for the request)",
         message=_re(r"\b(incorrect|invalid|unknown|wrong) model (id|name)\b[^\n]{0,120}\bor you (do not|don't) have"
                     r" (the )?(permission|access)\b"),
         ambiguous=True, other="a model the key's group is not given: the relay's model list for this key settles it"),
    Rule("docs-requests-in-flight", R.RATE_LIMITED,
         "too many of this account's requests are in flight at once (a concurrency cap)",
         "send fewer requests at once, or retry after a short delay",
         "docs.sambanova.ai/cloud/api-reference/using-the-api/api-error-codes (429 'Too many requests are currently "
         "in flight; the server declined the request')",
         message=_re(r"too many requests (are )?(currently )?in[ -]flight")),
    # r8-access: Anthropic's 404 not_found_error "model: claude-…" relayed inside an app's own log line that
    # calls every failure "authorization failed" (corpus h7b-026, tessro/fab#51): the relayed upstream's
    # words decide, not the wrapper's. Ambiguous as anthropic-not-found is.
    Rule("relayed-anthropic-model-not-found", R.NOT_FOUND,
         "Anthropic answered not_found for the model (relayed inside an app's message)",
         "check the id against GET /v1/models (a misdated or retired model id)",
         "corpus h7b-026 (tessro/fab#51); h1-061 (the same 404 'model: …' relayed by another app); anthropics/claude-code#5349",
         types=_s("not_found_error"), message=_re(r"\bmodel: [\w./:@-]{3,120}"), ambiguous=True,
         # only relayed: Anthropic's own envelope (its type at the top) is anthropic-not-found's
         when=lambda f: f.type != "not_found_error",
         other="a model this organisation cannot access: GET /v1/models with the same key settles it"),
    Rule("auth-words", R.AUTH_INVALID, "the credentials were refused (or none were sent)", "check the provider's key variable",
         "corpus g1-050, g1-149, g1-170, g2-128..g2-130, g2-150..g2-155 (DeepSeek, Qianfan, Volcengine, Zhipu), "
         "g2-039 (Hugging Face), g2-107 (Fireworks); docs.bigmodel.cn/cn/faq/api-code (Zhipu 1000-1004, 1111); "
         "docs.zenmux.ai error codes (access_denied); Huawei Cloud MaaS error codes (81003); help.openai.com/en/articles/6891827 "
         "(401 You must be a member of an organization); corpus h2a-080 (Flowise 'Invalid model key'), h2a-082 ('API key not "
         "found'), h2a-168 (Dify 'Incorrect model credentials'), h2b-013 (a gateway's credentials rejected upstream), h2b-127 "
         "('token is missing'), h2b-138 (Baidu's OAuth token endpoint); RFC 6749 §5.2 (invalid_client, invalid_grant)",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),  # a keyless 401: keyless-401
         message=_re(r"\bunauthori[sz]ed\b|not authenticated|no auth credentials|authentication ?(fails|failed|failure|error)(?!, see inner exception)"
                     r"|invalid (api[ -_]?key|token|access token|credentials?|subscription key|username or password|apikey|secret ?key)"
                     r"|invalid api-key|api[ -]?key (or \S+ )?(in the request )?(is )?(missing|invalid|not valid|wrong|incorrect)|missing or invalid"
                     r"|authorization failed|authorization token|access token (is )?(invalid|expired)|access token invalid|token (has )?expired"
                     r"|invalidtokenerror|iam certification failed|secretid is not found|api_key client option must be set"
                     r"|couldn't find a secret|authentication method does not have sufficient permissions"
                     r"|认证失败|鉴权失败|身份验证失败|未授权|令牌(无效|已过期)|密钥(错误|无效)|api ?key\s*(错误|无效|不正确)"
                     r"|无效的\s*api ?key|token\s*(已过期|非法)|認証(に)?失敗|認証エラー|apiキーが(無効|正しくありません)|無効なapiキー"
                     r"|invalid or missing api[ -_]?key|missing api[ -_]?key|invalid authorization|未收到\s*authentication|账户不存在"
                     r"|must be a member of an organi[sz]ation"
                     # a key or its credentials called wrong, missing or refused, in other words
                     r"|incorrect (\w+ ){0,2}credentials|credentials? (are |is |were |was )?(invalid|incorrect|wrong|rejected|expired)"
                     r"|rejected (the |your )?(\w+'s )?(credentials|api[ _-]?key)|invalid (model |secret |access |user |auth )?key\b(?!\s*['\"`(:])"
                     r"|(api[ _-]?key|access key|secret key) (was |is )?not (found|set|provided|configured)"
                     r"|no (api[ _-]?key|credentials|token) (was |were )?(found|provided|set|configured|supplied)"
                     r"|\b(api[ _-]?key|token|credentials?) (is |are )?(missing|required|empty)\b|missing (an? |the )?(api[ _-]?key|token|credentials)\b"
                     r"|key (is |has been |was )?(revoked|disabled|expired)|revoked (api )?key|expired (api[ _-]?)?(key|token)"
                     r"|\b(invalid_client|unauthorized_client|invalid_grant)\b|access_token\W.{0,120}\binvalid_request\b"
                     r"|(密钥|令牌|token)\s*(缺失|为空|不存在|已失效|已吊销)|缺少\s*(api ?key|密钥|令牌|token)|未(配置|提供|设置)\s*(api ?key|密钥|令牌)"
                     r"|api ?key\s*(不存在|未配置|缺失)|apiキーが(設定されていません|見つかりません)|認証情報が(無効|正しくありません)"
                     # no credential at all where one is needed (after the gated-repository words above:
                     # Hugging Face says "must be authenticated" of a gated repository, corpus h1-072, h2a-101)
                     r"|key[ -]based authentication is disabled|authenticationtypedisabled|local authentication is disabled"
                     r"|login fail\b|invalid bearer( token)?|bearer token (is )?(invalid|missing|expired)|\bunauthenticated\b"
                     r"|(key|token|credentials?) (you )?(provided|supplied|used|passed) (is|was|are|were) (invalid|incorrect|not valid|expired|revoked)"
                     r"|无效的\s*(令牌|token|密钥)|token\s*无效"
                     r"|please log ?in\b|\buser not found\b|no such user\b|(must|need to) be (authenticated|logged in)|not logged in|login required"
                     r"|authentication (is )?required|请先登录|未登录|ログインしてください")),
    # ---- classify-d (round 4): a request signed with wrong (or no) keys: the signature check fails
    # (Baichuan 10105, Tencent Cloud AuthFailure.SignatureFailure, AWS SignatureDoesNotMatch), or an
    # access key (AK/SK) is named wrong (Baidu Qianfan).
    *_code_or_words(
        "signature-invalid", R.AUTH_INVALID, "the request's signature was refused: the keys it was signed with are wrong (or missing)",
        "check the access key and secret key (both must be set and belong together)",
        "corpus h3c-001 (Baichuan 10105), h3c-096 (Tencent Hunyuan 签名验证失败), h3c-093 (Qianfan 'AK … is not correct')",
        codes=_s("SignatureDoesNotMatch", "AuthFailure.SignatureFailure", "InvalidSignature"),
        message=_re(r"invalid signature|signature (verification |check )?(failed|mismatch|is invalid|is not valid|does not match)"
                    r"|signature we calculated does not match|signaturefailure|签名(验证|校验|计算)?(失败|错误|不正确|无效|不匹配)"
                    r"|署名(の検証)?(に失敗|が(無効|一致しません))"
                    r"|\b(ak|sk|ak/sk)\b\W{0,3}(\([^)]{0,40}\))?\s*(is )?(not correct|incorrect|invalid|wrong|错误)")),
    Rule("key-disabled-words", R.AUTH_INVALID, "the key (or token) was disabled or deactivated",
         "create a new key (or re-enable it) in the provider's console",
         "the family signature-invalid and auth-words read: a key refused by its state, not its text (corpus h3c-093)",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),  # a keyless 401: keyless-401
         message=_re(r"(api[ _-]?key|access[ _-]?key|token)( provided| you provided| used)? (is |has been |was )(disabled|deactivated)"
                     r"|(api ?key|密钥|令牌)(已(被)?(禁用|停用))|apiキーが無効化")),
    # ---- round 5 (r5-access, from heldout-2026-12d.jsonl): a key that must be set
    # (Spring AI: "DashScope API key must be set", no request sent), and an endpoint the credential
    # may not call (xAI's 403 permission-denied: "Access to the chat endpoint is denied. Please
    # ensure you're using the correct credentials", its keys carry endpoint permissions): the
    # credential, not the account or the model.
    Rule("credentials-wrong-or-unset", R.AUTH_INVALID,
         "no key was configured, or the credentials sent are not the ones this endpoint accepts",
         "set the provider's key (or the credential type the endpoint expects) and check its permissions",
         "corpus h4c-085 (alibaba/spring-ai-alibaba#1784: 'DashScope API key must be set'), h4a-014 (Wei-Shaw/sub2api#4084: "
         "xAI 403 'Access to the chat endpoint is denied. Please ensure you're using the correct credentials')",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),  # a keyless 401: keyless-401
         message=_re(r"\b(api[ _-]?key|access[ _-]?key|secret[ _-]?key|token|credentials?)\b( \w+){0,2} must be (set|provided|specified|configured|supplied)"
                     r"|access to the [\w./-]+ endpoint (is|was|has been) denied|必须(设置|配置|提供)\s*(api ?key|密钥|令牌)")),
    # ---- r7-access (round 7, from heldout-2026-12f.jsonl's misses, classes 2, 6 and 7): a credential
    # missing, unknown or of the wrong kind in the words of identity services, SDKs, apps and other
    # languages; refusals that name the network, a policy or Cloudflare; a gateway's model allow-list
    # and Copilot's plan refusal by code.
    # A missing or refused key in Portuguese or Spanish (the apps' own words: LobeChat's pt-BR and
    # es-ES locales, an app's "API Key do Gemini não encontrada"): the key noun, then "not found / not
    # configured / not valid", "invalid or blank", "is empty".
    Rule("auth-words-pt-es", R.AUTH_INVALID, "no key was configured, or the key was refused (Portuguese or Spanish words)",
         "set the provider's key variable (or the key in the app's settings)",
         "corpus h6a-024 (pierre03111982/paineladm: 'API Key do Gemini não encontrada'); github.com/lobehub/lobe-chat "
         "locales/pt-BR/error.json ('{{provider}} API Key inválido ou em branco', 'A chave de API do OpenAI está em branco'), "
         "locales/es-ES/error.json ('{{provider}} API Key incorrecta o vacía', 'La clave de API de OpenAI está vacía')",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),  # a keyless 401: keyless-401
         message=_re(r"(?:api[ _-]?key|chave(?: de)? api|clave(?: de)? api)(?: (?:do|da|de|del) [\w.-]{1,30})?"
                     r" (?:(?:não|no) (?:(?:foi|fue|está|esta|es|é) )?(?:encontrad|configurad|definid|informad|válid|valid"
                     r"|detectad|fornecid|proporcionad)[ao]\b|(?:(?:está|esta|es|é) )?(?:inválid|invalid|incorret|incorrect"
                     r"|expirad|revogad|revocad|vazi|vací|vaci)[ao]\b|(?:está |esta |é )?em branco\b|ausente\b)")),
    # An identity service or SDK that does not know the key, or finds none: IBM Cloud IAM's token
    # exchange (BXNIM0415E "Provided API key could not be found"), AWS's expired session token
    # (ExpiredTokenException, sent as a 403), Azure AD's AADSTS7000215, an app's "model credentials
    # is not initialized" (Dify), LangChain's "Did not find openai_api_key", the Anthropic SDK's
    # "Could not resolve authentication method", a relay's key or token status (DMXAPI "API key
    # status invalid", one-api's 该令牌状态不可用).
    Rule("credential-unknown-or-unset", R.AUTH_INVALID,
         "the identity service (or the SDK or app) does not know the key, found none, or holds it disabled or expired",
         "set a valid key (create one in the provider's console) or refresh the session credentials",
         "corpus h6a-068 (IBM IAM 'Provided API key could not be found'), h6b-080 (langgenius/dify#5668), h6c-074 "
         "(err.dmxapi.cn 'API key status invalid'); watson-developer-cloud/food-coach#28 (BXNIM0415E); "
         "IBM-Cloud/terraform-provider-ibm#3561; cline/cline#852 and anthropics/claude-code#28032 (ExpiredTokenException "
         "'The security token included in the request is expired', 403); github/copilot-cli#1638 (AADSTS7000215 'Invalid "
         "client secret provided'); langgenius/dify#3295 ('model embedding credentials is not initialized'); "
         "majacinka/crewai-experiments#7 (LangChain 'Did not find openai_api_key'); anthropics/claude-code#6078 "
         "('Could not resolve authentication method'); songquanpeng/one-api model/token.go (该令牌状态不可用)",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),  # a keyless 401: keyless-401
         message=_re(r"\b(api[ _-]?key|key|client secret|credentials?) (could not|cannot|can't) be (found|verified|validated)\b"
                     r"|\bbxnim0415e\b|security token included in the request is expired|\bexpiredtoken(exception)?\b"
                     r"|invalid client secret|\bcredentials? (is |are )?not (yet )?(initiali[sz]ed|configured|set up)\b"
                     r"|did not find \w{0,40}api_?key\b|could not resolve authentication method"
                     r"|\b(api[ _-]?key|token|key) status (is )?(invalid|disabled|unavailable|expired)\b"
                     r"|(令牌|token|密钥|api ?key)\s*状态\s*(不可用|无效|异常)")),
    # A credential of the wrong kind: a login where a key is not accepted (Claude Code's web sessions),
    # OAuth tokens refused where a key is needed (Anthropic's 401 "OAuth authentication is currently
    # not supported").
    Rule("credential-wrong-kind", R.AUTH_INVALID,
         "the credential sent is not the kind this service accepts (a login where a key was sent, or the reverse)",
         "use the credential the service asks for (log in with the account, or set an API key)",
         "corpus h6b-065 (anthropics/claude-code#55469: 'API key authentication is not sufficient'); "
         "anthropics/claude-code#6131 ('OAuth authentication is currently not supported')",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),  # a keyless 401: keyless-401
         message=_re(r"\b(api[ _-]?key|key|token|oauth|bearer) authentication is (currently )?not (sufficient|supported|allowed|accepted)\b"
                     r"|\brequires? (authentication|a login|signing in|sign-in) (with|using|through) (a|an|your) [\w.-]{1,30} account\b"
                     # r8-access: a credential only for another product (Anthropic's 400 "This credential is only
                     # authorized for use with Claude Code and cannot be used for other API requests", corpus h7a-039,
                     # h7a-040; anthropics/claude-code#8046, #11252), a browser session key demanded where a secret key
                     # was sent (OpenAI's dashboard endpoints, corpus h7d-021; lune.dev/questions/6174: GET
                     # /v1/dashboard/billing/usage)
                     r"|\b(credential|api[ _-]?key|key|token)s? (is|are) only (authori[sz]ed|allowed|permitted|valid|intended)"
                     r" for (use )?(with|in|by) \S|\bcannot be used for other api requests\b"
                     r"|\bmust be made with an? (session|secret|browser|user|admin|publishable|restricted) key\b"
                     r"|\byou made it with the following key type\b")),
    # r8-access: no credential at all where the model needs a signed-in account (Replicate's web API
    # {detail: 'You need to sign in to run this model.', code: 'SIGN_IN_REQUIRED'}, corpus h7a-061).
    Rule("sign-in-required", R.AUTH_INVALID,
         "the service needs a signed-in account (a credential) to run this model, and none was sent",
         "sign in (or set the provider's API token) and retry",
         "corpus h7a-061 (oelin/node-replicate#7: SIGN_IN_REQUIRED); Kilo-Org/kilocode#5497 ('You need to sign in to use "
         "this model')",
         message=_re(r"\bsign_?in_?required\b|\b(you )?(need|have|must) (to )?(sign|log) ?in (to|before) (run|use|access|call|try)"
                     r"(ing)? (this|the|that|a) model\b")),
    # r8-access: a role or principal that lacks a permission the answer names (PactFlow's 403 "Insufficient
    # permissions {"missing_permissions":[…]}", corpus h7b-074; Azure's PermissionDenied "The principal `x`
    # lacks the required data action `…`"): labelled like OpenAI's "Missing scopes" (h6b-009) and Google's
    # "Permission '…' denied on resource" (g1-044, h6a-031): the credential lacks a role.
    Rule("named-permission-missing", R.AUTH_INVALID,
         "the credential's role lacks the permission the answer names",
         "grant the caller's role the named permission (or use a credential whose role has it)",
         "corpus h7b-074 (docs.test.pactflow.io/docs/ai/troubleshooting: 403 missing_permissions); microsoft/ai-agent-evals#43, "
         "davrous/AzureAgentToM365#3 ('The principal … lacks the required data action …', PermissionDenied)",
         message=_re(r"\bmissing_permissions\b|\bmissing permissions?\W{1,3}\[|\blacks the required (data )?action\b")),
    # A cloud IAM refusal of a permission on a resource, in Yandex Cloud's words ("Permission to
    # [resource-manager.folder …] denied", gRPC "Permission denied to folder …"): labelled like
    # Google's "Permission '…' denied on resource" (vertex-iam): the credential lacks a role.
    Rule("cloud-iam-permission-denied", R.AUTH_INVALID,
         "the credential lacks the IAM permission on the cloud resource (folder, cloud, project) the call needs",
         "grant the caller the role on the folder (e.g. ai.languageModels.user), or use a credential that has it",
         "corpus h6c-027 (black-roland/homeassistant-yandexgpt#45); yandex-cloud/python-sdk#9 ('Permission denied to folder')",
         message=_re(r"\bpermission to \[[^\]\n]{1,400}\] denied|\bpermission denied to (folder|cloud|organi[sz]ation|project)\b"),
         ambiguous=True, other="the folder or resource id is wrong: the cloud console's resource list settles it"),
    # r8-access: a cloud credential that does not fit the resource it names: Yandex's 400 "Specified folder ID
    # does not match with service account" (corpus h7c-059) and its UNAUTHENTICATED "You have to specify folder
    # ID for user account" (yandex-cloud/cloudapi#19); Google's user ADC without a quota project ("Your
    # application is authenticating by using local Application Default Credentials. The … API requires a
    # quota project", corpus h7d-056; googleapis/google-auth-library-python#1459, golang/oauth2#702; the older
    # "… end user credentials from the Google Cloud SDK or Google Cloud Shell which are not supported by …",
    # googleapis/nodejs-vision#545). Not google-auth's UserWarning "… without a quota project. You might
    # receive …", a warning beside a call that may well succeed.
    Rule("cloud-credential-setup", R.AUTH_INVALID,
         "the cloud credential is not set up for this call (its folder or quota project is missing or another one's)",
         "use the folder the service account belongs to (Yandex), or set a quota project on the credentials "
         "(gcloud auth application-default set-quota-project) or use a service account (Google)",
         "corpus h7c-059 (aistudio.yandex.ru/docs/en/ai-studio/troubleshooting/error-codes), h7d-056 (openillumi.com "
         "vertex-ai-403-forbidden-quota-project-fix); yandex-cloud/cloudapi#19; googleapis/google-auth-library-python#1459; "
         "golang/oauth2#702; googleapis/nodejs-vision#545",
         message=_re(r"\bfolder[ _-]?id\b[^.\n]{0,40}\b(does not|doesn't|did not) match\b[^.\n]{0,30}\baccount\b"
                     r"|\byou have to specify (a )?folder[ _-]?id for (a |the )?(user|service) account\b"
                     r"|\bauthenticating (by )?using (your )?local application default credentials\b"
                     r"|\bapi requires a quota project\b|\bend user credentials from the google cloud sdk or google cloud shell which are"
                     r" not supported\b")),
    # A refusal that names the caller's network (Groq's 403 "Access denied. Please check your network
    # settings."; Bing's "your network settings are preventing access"): the route is refused, not the
    # key or the model (access-denied-words reads a bare "access denied" as an entitlement).
    Rule("denied-check-network", R.NETWORK_BLOCKED,
         "the provider refused this network (its refusal points at your network settings: a VPN, proxy or region)",
         "call from another network (without the VPN or proxy, or from a region the provider serves)",
         "corpus h6a-061 (promptandpause: Groq 403 'Access denied. Please check your network settings.'); "
         "adams549659584/go-proxy-bingai#332 ('your network settings are preventing access to this feature')",
         message=_re(r"\b(access (is )?denied|forbidden|refused|blocked)\W{1,4}(please )?check your network settings\b"
                     r"|\bnetwork settings (are|is) (preventing|blocking) (your )?access\b"), ambiguous=True,
         other="an account or model refusal worded as a network one: the same key from another network settles it"),
    # GitHub Copilot's policy refusals: a model or feature an enterprise or organisation policy has not
    # enabled ("No model available. Check policy enablement under GitHub Settings > Copilot", "it
    # requires an enterprise or organization policy to be enabled").
    Rule("policy-enablement-required", R.POLICY_DENIED,
         "a policy (the organisation's or enterprise's, or the account's Copilot settings) has not enabled this model or feature",
         "enable the model or feature under GitHub Settings > Copilot (or ask the organisation's admin)",
         "corpus h6b-089 (github/copilot-cli#635); github/copilot-cli#400; github/copilot-cli#118 ('requires an "
         "enterprise or organization policy to be enabled'), #3101 ('Check your Copilot CLI policy setting')",
         message=_re(r"\bcheck (the )?policy enablement\b|\brequires? an? (enterprise|organi[sz]ation|org)( or (enterprise|organi[sz]ation|org))?"
                     r" policy to be enabled\b|\bcheck your copilot( cli)? policy setting"), ambiguous=True,
         other="the plan lacks the model (not a policy): the account's Copilot settings page settles it"),
    # A 403 the text attributes to Cloudflare, in a line with nothing else (an app's summary "Error
    # HTTP code 403 from API. Cloudflare"): the CDN in front of the API refused the caller, as the
    # Cloudflare block pages (cdn-block-page) say in full.
    Rule("cloudflare-named-403", R.NETWORK_BLOCKED,
         "a 403 attributed to Cloudflare: the CDN in front of the API refused this network or region",
         "call from another network or region (not a VPN exit or datacenter IP the CDN refuses)",
         "corpus h6c-034 (n3d1117/chatgpt-telegram-bot#460); the Cloudflare block pages of g1-246, h2b-125, h4b-098",
         http=_n(403), envelope=_s("text"), message=_re(r"\bcl(ou|au|o)d ?fl?are\b"),
         when=lambda f: len("".join(f.raw.split())) <= 120, ambiguous=True,
         other="a refusal of the account relayed through Cloudflare: the provider's own body settles it"),
    # A gateway's model allow-list by its code: LangWatch's (and Langfuse's) 403 model_not_allowed,
    # LiteLLM's key/team/user model_access_denied types ("team not allowed to access model"). At a 401
    # the credential itself was refused (key-not-authorized-for-model's reading).
    Rule("gateway-model-not-allowed", R.NOT_ENTITLED,
         "the gateway key's model allow-list (or a policy on it) does not include this model",
         "add the model to the key's (or team's) allowed models in the gateway, or use a key allowed to call it",
         "corpus h6b-096 (langfuse.com/faq/all/ai-gateway-error-codes: 403 model_not_allowed); "
         "langwatch.ai/docs/ai-gateway/api/errors (model_not_allowed, 403); BerriAI/litellm#38629 (403 'team not "
         "allowed to access model', type team_model_access_denied)",
         message=_re(r"\bmodel_not_allowed\b|\b(key|team|user|org|organi[sz]ation)_model_access_denied\b"
                     r"|\b(team|user|org|organi[sz]ation) not allowed to access model\b"),
         when=lambda f: (f.http_status or 0) != 401),
    # GitHub Copilot's 400 model_not_supported, "The requested model is not supported.": on Copilot
    # it answers a model the plan (Free, Student, Pro) or a policy does not serve (the corpus labels
    # these words gated, h4b-092, h6b-091; the models are listed for the key), not an unknown id.
    Rule("copilot-model-not-supported", R.NOT_ENTITLED,
         "GitHub Copilot does not serve this model to this account (its plan or a policy), though the id is known",
         "pick a model the plan includes (or upgrade the Copilot plan, or ask the organisation to enable the model)",
         "corpus h6b-091 (kturung/cogent#28: free_educational SKU), h4b-092 (caozhiyuan/copilot-api#108: Pro+ only); "
         "ericc-ch/copilot-api#125 (premium models on Pro); microsoft/vscode#295307 (Copilot Free)",
         message=_re(r"\bthe requested model is not supported\b"), ambiguous=True,
         other="a model id Copilot does not know: its /models list for this account settles it"),
    Rule("auth-words-cjk", R.AUTH_INVALID, "the credentials were refused (Chinese or Japanese words)",
         "check the provider's key variable",
         "the family auth-words reads, in the Chinese and Japanese that relays and SDKs print (corpus h3c-096, h3c-093)",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),  # a keyless 401: keyless-401
         message=_re(r"无效的?(令牌|token|api ?key|密钥|凭证)|(令牌|api ?key|密钥|凭证)(已)?(过期|失效|无效|错误|不正确)"
                     r"|(认证|鉴权|身份验证|身份认证)失败|apiキーが(正しくありません|無効|間違って)|認証(に)?失敗|認証エラー"
                     # r8-access: an app's "check whether the api_key (secret_key) is correct" (MaxKB, corpus h7d-026; the
                     # same ask in g2-130, g2-151); "请检查参数是否正确" names no key (h6c-059 stays unknown)
                     r"|请(检查|确认|核对)\s*(您的|你的)?\s*(api[ _-]?key|secret[ _-]?key|access[ _-]?key|app[ _-]?key|apikey|密钥|秘钥)"
                     r"[^。\n]{0,40}?是否(正确|有效)")),
    # ---- r5-docs (round 5): credentials, permissions and existence in the providers' documented words
    Rule("auth-docs-words", R.AUTH_INVALID, "the credentials were refused", "check the provider's key variable",
         "developers.openai.com/docs/guides/error-codes (401 Invalid Authentication); platform.kimi.com/docs/api/errors "
         "(invalid_authentication_error); kimi.com/code/docs/en/kimi-code/error-reference.html (401 'The API Key appears to "
         "be invalid or may have expired'); platform.minimax.io/docs/api-reference/errorcode (1004 'not authorized / token not "
         "match group'); docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html "
         "(IncompleteSignature); docs.bigmodel.cn/cn/api/api-code (1004 通过Authentication Token的验证失败)",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),  # a keyless 401: keyless-401
         message=_re(r"\binvalid authentication\b|\b(api[ _-]?key|key|token|credentials?) (appears?|seems?) to be"
                     r" (invalid|expired|revoked)|token not match group|request signature does not conform"
                     r"|(token|令牌|密钥|key)的?(验证|校验)失败")),
    Rule("auth-docs-codes", R.AUTH_INVALID, "the credentials were refused", "check the provider's key variable",
         "docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html (IncompleteSignature)",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}), codes=_s("IncompleteSignature"), message=None),
    Rule("permission-to-use-words", R.NOT_ENTITLED, "this key (or account) may not use the model or resource it asked for",
         "ask the provider (or the account's owner) for access to the model",
         "docs.claude.com/en/api/errors (403 permission_error: 'Your API key does not have permission to use the specified "
         "resource'); cloud.baidu.com/doc/qianfan-api/s/Om9b4yj3w (401 invalid_model 'No permission to use the model'); "
         "docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html (403 Marketplace subscription "
         "still being processed)",
         message=_re(r"(api[ _-]?key|key|account|organi[sz]ation|project|workspace) (does not|doesn't|do not|don't) have"
                     r" (the )?(required |necessary |sufficient )?permissions? to (use|access|call|invoke)"
                     r"|no permission to (use|access|call|invoke) (the|this|that) model"
                     r"|not authori[sz]ed to (access|use|invoke) (this|the|that) model|marketplace subscription .{0,40}being processed"
                     r"|(api[ _-]?key|key) (does not|doesn't) have the required permissions?|is not allowed for your account"
                     r"|model does not support the [\w ]{0,20}plan\b"
                     # r8-access: OpenAI's "You are not allowed to sample from this model" (corpus h7a-041), a relay's
                     # "Model 'gpt-5.5' is not allowed for this provider. Allowed models: …" (h7c-006), Zed's "Check that
                     # your API key has access to this model" (h7b-091)
                     r"|\bnot allowed to (sample from|use|access|call) (this|the|that) model\b"
                     r"|\bmodel\W{1,3}[^\s'\"`]{1,120}\W{1,3}is not (allowed|permitted|enabled) (for|on|with|in) (this|your|the)"
                     r" (provider|key|api key|token|account|project|group|team|plan|channel|organi[sz]ation)\b"
                     r"|\b(check|ensure|verify|make sure) (that )?your (api[ _-]?)?(key|token|account|plan) has access to (this|the|that) model\b")),
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
    # ---- round 5 (r5-access, from heldout-2026-12d.jsonl): a model named as
    # not existing or not supported in other word orders (DashScope's "Model deepseek-v3 not exist.",
    # watsonx's "Model 'x' is not supported" re-raised by FastAPI), and a model not offered in the
    # resource or region the request went to (Azure AI Foundry's "The model is not available in
    # this resource."): nothing here serves it.
    Rule("model-absent-words", R.NOT_FOUND, "the provider says it serves no such model (here)",
         "check the id against the provider's model list",
         "corpus h4c-057 (langgenius/dify-official-plugins#1768), h4a-005 (IBM/eval-assist#20)",
         message=_re(r"\bmodel\W{0,3}[\w./:@-]{1,120}\W{0,3}(not|never) exists?\b"
                     r"|\bmodel\W{0,3}[\w./:@-]{1,120}\W{0,3}is (not supported|unsupported)\b(?![ \t]+(in|for|on|with|under|from|when|at)\b)"
                     # r9-access: the same without "is", a gateway's ModelError (OpenCode Go, corpus h8c-036: "Model
                     # opencode-go/glm-5.1 not supported", sent with 401) and an end of the message after it
                     r"|\bmodel\W{0,3}[\w./:@-]{1,120}\W{0,3}not supported(?=\W{0,4}($|[\"'}\n]))"),
         ambiguous=True, other="the account may lack access to a model that exists: the provider's model list for this key settles it"),
    Rule("model-not-offered-here", R.NOT_FOUND,
         "the model is not offered in this resource, region or endpoint (where it is deployed, not who you are)",
         "deploy it in a resource or region that offers it (the provider's model-availability table), or pick another model",
         "corpus h4a-056 (learn.microsoft.com/answers/questions/5789351: Foundry 'The model is not available in this resource', "
         "models offered only in some regions)",
         message=_re(r"\b(model|deployment|sku)s?\b[^.\n]{0,80}?\b(not (available|supported|offered|deployable|servable)|unavailable)"
                     r" (in|for|on|at|within) (this|the (selected|specified|current|chosen|given)|your( [\w-]{1,20})?(?= (deployment|resource|endpoint|project|workspace)\b)) (resource|region|location|endpoint|hub"
                     r"|deployment|data ?cent(er|re)|zone|cluster|instance|environment|space|project|workspace)\b|(该|此)模型在(此|该|当前)(区域|地域|资源)(不可用|不支持|未上线)"),
         ambiguous=True, other="the account may lack access to the model there (quota, approval): the resource's model catalog settles it"),
    Rule("bedrock-inference-profile", R.NOT_FOUND, "this model id cannot be invoked on demand here: an inference profile id is needed",
         "use the inference profile id (e.g. us. or global. prefix) for this region",
         "logancyang/obsidian-copilot#2472; terricain/aioboto3#352", message=_re(r"with on-demand throughput isn.t supported")),
    Rule("gemini-permission", R.NOT_ENTITLED, "the caller does not have permission for this model",
         "check the model's tier (preview and Pro models may need billing)", "iBUHub/AIStudioToAPI#109",
         dialects=_s("gemini"), google=_s("PERMISSION_DENIED")),
    Rule("google-not-found", R.NOT_FOUND, "Google does not know this model here (or it was retired)",
         "list the models for current ids", "wwardaww/gnome-gemini-ai#22; genkit-ai/genkit#4688 (Vertex)",
         google=_s("NOT_FOUND"), ambiguous=True),
    # A model id the provider (or a local server) does not know, in more words: Gemini's "not found
    # for API version", Perplexity's "Invalid model", Bedrock's modelId pattern, a serverless
    # endpoint that is not there.
    # A model id the API cannot parse names no model (Gemini's "GenerateContentRequest.model:
    # unexpected model name format", corpus h3a-065), and an operation the model has no route
    # for (Azure OpenAI's OperationNotSupported: "The chatCompletion operation does not work with
    # the specified model", corpus h3a-094, h3a-095; OpenAI's "not a chat model", "only supported
    # in v1/responses"): either way nothing answers for this model at this call.
    Rule("model-name-malformed", R.NOT_FOUND, "the API cannot parse the model name, so no model is addressed",
         "write the model id exactly as the provider's model list spells it",
         "corpus h3a-065 (Gemini 400 'unexpected model name format'); ai.google.dev/gemini-api/docs/troubleshooting",
         message=_re(r"unexpected model name format|(invalid|malformed|bad) model (name|id|identifier)( format)?\b"
                     r"|model (name|id) (is )?(malformed|in an invalid format)|模型名称(格式)?(错误|无效|不合法)"
                     r"|モデル名(の形式)?が(不正|無効)")),
    Rule("operation-not-for-model", R.NOT_FOUND,
         "the model has no route for this operation (chat, completions, responses, embeddings)",
         "call the operation the model serves (e.g. the Responses API), or pick a model that serves this one",
         "corpus h3a-094, h3a-095 (Azure OpenAI OperationNotSupported); go.microsoft.com/fwlink/?linkid=2197993; "
         "OpenAI 'This is not a chat model and thus not supported in the v1/chat/completions endpoint'",
         codes=_s("OperationNotSupported"), message=None),
    Rule("operation-not-for-model-text", R.NOT_FOUND,
         "the model has no route for this operation (chat, completions, responses, embeddings)",
         "call the operation the model serves (e.g. the Responses API), or pick a model that serves this one",
         "corpus h3a-094, h3a-095 (Azure OpenAI OperationNotSupported); OpenAI v1/chat/completions "
         "'not a chat model'",
         message=_re(r"operation does not work with the specified model|operationnotsupported"
                     r"|not a chat model|only supported in v1/responses|not supported in the v1/(chat/)?completions endpoint")),
    Rule("model-unknown-words", R.NOT_FOUND, "the provider does not know this model id here (or no longer serves it)",
         "check the id against the provider's model list (and the API version the client calls)",
         "hcfyapp/crx-selection-translate#2199 (Gemini); eyaltoledano/claude-task-master#13 (Perplexity); "
         "aws-samples/amazon-bedrock-client-for-mac#11 (Bedrock); microsoft/semantic-kernel#10339 (Azure serverless); "
         "developers.cloudflare.com/workers-ai/platform/errors (3042)",
         message=_re(r"is not found for api version|invalid model|unknown model|no such model|model_not_found"
                     r"|at 'modelid' failed to satisfy|(serverless )?endpoint not found|deploymentnotfound"
                     r"|模型不存在|不存在该模型|モデルが見つかりません|model name is invalid|\bmodel\b.{0,120}\bwas not found"
                     # an id the API refuses as such, an operation that does not take the model (corpus h2a-021, h2a-058),
                     # a model switched off by its host (SiliconFlow "Model disabled.", h2b-062)
                     r"|is not a valid model|not a valid model id|(does ?n[o']t|does not) support the model|unsupported model\b(?! type)"
                     r"|model (is )?not supported\b(?! for)|^\W*model disabled\b|model (has been|is) disabled"
                     r"|不支持(该|此)模型|模型(已)?(被)?(禁用|停用)|モデルはサポートされていません"
                     # Hugging Face's router: "Model x is not supported by provider y"
                     r"|\bmodel\W{0,3}[\w./:@-]+\W{0,3}is not supported by (the )?(provider|any provider|this provider)"
                     # "model 'x' not found", "deployment … could not be found", a model "not available" that
                     # names no place, plan or account (those are refusals: the rules above)
                     r"|\bmodel\W{0,3}([\w./:@-]+\W{0,3})?(was )?not found\b|requested model (was )?not found"
                     r"|not found the model|requested entity was not found"
                     r"|\bdeployment\b[^.\n]{0,60}(not found|could not be found|cannot be found|does not exist)"
                     r"|\bmodel\W{0,3}([\w./:@-]+\W{0,3})?is (currently )?not available\b(?!\s+(in|for|on|to|with|from|under))"
                     r"|模型未找到|找不到(该|此|指定的?)?模型|模型\S{0,20}(不存在|未找到)|モデル\S{0,20}(存在しません|見つかりません)"), ambiguous=True,
         other="the account may lack access to a model that exists: the provider's model list for this key settles it"),
    # r5-docs: the documented "requested resource could not be found" (after the model-id words above)
    Rule("resource-not-found-words", R.NOT_FOUND, "the provider does not know the resource (the model) the request named",
         "check the model id against the provider's model list",
         "docs.claude.com/en/api/errors (404 not_found_error 'The requested resource could not be found.'); "
         "docs.aws.amazon.com/bedrock (ResourceNotFoundException 'The specified resource ARN was not found.'); "
         "docs.bigmodel.cn/cn/api/api-code (1222 API 不存在)",
         message=_re(r"(requested|specified) (resource|entity|model|endpoint)( [\w-]+)? (could not be|cannot be|can't be|was not"
                     r"|wasn't|is not|not) found|^\W*api\s+\S{1,60}\s*不存在"),
         ambiguous=True, other="the account may lack access to a model that exists: the provider's model list settles it"),
    # The request went to a URL or path the server does not serve (a wrong base URL, a path
    # appended twice): OpenAI's "Unrecognized request URL", Express's "Cannot POST /…", Qianfan's
    # "Unsupported openapi method" (error_code 3), an app's "<url> not found, verify your API base".
    # A relay's own word for its upstream's failure (type or code upstream_error, sent as a 5xx):
    # whatever the upstream's page says ("Cannot POST /messages" from a misconfigured node,
    # corpus h3b-108 Routstr), the fault is on the provider's side, not the caller's URL.
    Rule("upstream-error-code", R.PROVIDER_ERROR,
         "the gateway says its upstream failed (upstream_error)", "retry later, or pick another node or provider",
         "corpus h3b-108 (Routstr node wrapping its upstream's 'Cannot POST' page as upstream_error 502)",
         http=SERVER_ERRORS, codes=_s("upstream_error"), message=None),
    Rule("upstream-error-type", R.PROVIDER_ERROR,
         "the gateway says its upstream failed (upstream_error)", "retry later, or pick another node or provider",
         "corpus h3b-108 (Routstr)", http=SERVER_ERRORS, types=_s("upstream_error")),
    Rule("wrong-path-words", R.NOT_FOUND,
         "the server does not serve the URL or path the request went to (a wrong base URL or path)",
         "check base_url: the API's documented base, without the path appended twice",
         "developers.openai.com/docs/guides/error-codes (404 Unrecognized request URL); expressjs.com/en/starter/faq "
         "(Cannot GET); corpus h2b-140 (Qianfan error_code 3), h2b-008 (5ire for Volcengine Ark); "
         "ai.baidu.com/ai-doc/WENXINWORKSHOP/tlmyncueh (3 Unsupported openapi method)",
         message=_re(r"unrecognized request url|\bcannot (get|post|put) /|unsupported openapi method|verify your api base"
                     r"|https?://\S{1,400} not found\b|no route (found|matched)|route not found|no handler found for"
                     r"|method not allowed|请求(地址|路径)(不存在|错误)|接口不存在"
                     # Azure's answer to a path no resource serves ({"error": {"code": "404", "message": "Resource not found"}})
                     r"|^\W*(error\W+)?resource not found\W*$|\"resource not found\""
                     # FastAPI's and Starlette's answer to a path no route serves
                     r"|\"detail\": ?\"not found\""),
         ambiguous=True, other="the model id is wrong instead: `accesscheck scan` tries the provider's model list"),
    # ---- throttling and outages
    # A shared pool's peak-load refusal sent as a 429 with a retry time in seconds (Azure OpenAI's
    # "experiencing high demand … Please retry after 20 seconds"): a throttle on this caller's
    # requests, like Gemini's capacity 429 (g1-085), not a fault; without the 429 and the time it
    # stays the provider's overload (below), and so does "overloaded" with a retry time (Anthropic's
    # 529 relayed as a 429 by a gateway is the provider's fault, not a throttle).
    Rule("peak-load-throttle", R.RATE_LIMITED, "throttled at the provider's peak load (a 429 with a retry time)",
         "retry after the time the answer gives; provisioned throughput avoids it",
         "corpus g1-145 (Azure via Pollinations: 'high demand … Please retry after 20 seconds', 429); "
         "learn.microsoft.com azure/ai-services/openai/how-to/quota (429 and retry-after)",
         http=_n(429), message=_PEAK_LOAD),
    Rule("overloaded", R.PROVIDER_ERROR, "the provider is overloaded (not a rate limit on you)", "retry later",
         "anthropics/claude-code#35792; google-gemini/gemini-cli#5191; Wei-Shaw/sub2api#6631; docs.bigmodel.cn (Zhipu 1312); "
         "developers.cloudflare.com/workers-ai/platform/errors (3040); corpus g2-138 (DeepInfra Model busy); "
         "sandialabs/atlas-ui-3#111 (Cerebras high traffic, corpus h1-118)",
         message=_re(r"overloaded|experiencing high (demand|traffic)|service tier capacity exceeded|model busy|server busy|服务繁忙|系统繁忙|服务(暂时)?不可用|混雑"
                     r"|访问量过大|out of capacity|no more data centers|(server|service|system) is (currently |too )?busy|服务器繁忙"
                     # the provider's own load named as concurrency (not the caller's concurrency cap)
                     r"|(service|server|system|servers|services) (\w+ )?busy|(due to|because of|experiencing) (\w+ )?high concurrency"
                     r"|(当前)?服务(器)?并发(量)?(较|过)大|(服务|系统)繁忙")),
    # ---- r5-docs (round 5): the provider's own failures and throttles in its documented words
    Rule("temporarily-unable", R.PROVIDER_ERROR, "the provider failed or is temporarily unable to serve (not a refusal of you)",
         "retry later; check the provider's status page",
         "docs.aws.amazon.com/bedrock (ServiceUnavailableException 'temporarily unable to handle the request'); "
         "learn.microsoft.com/azure/foundry/openai/how-to/troubleshoot-errors (429 'The service is temporarily unable to "
         "process your request'); openrouter.ai/docs/api-reference/errors (502 'Your chosen model is down'); "
         "ai.google.dev/gemini-api/docs/troubleshooting (500 'An unexpected error occurred on Google's side'); "
         "help.aliyun.com/zh/model-studio/error-code (InternalError 'An internal error has occured'); "
         "platform.minimax.io/docs/api-reference/errorcode (1024 internal error, 1033 system error); "
         "docs.bigmodel.cn/cn/api/api-code (1234 网络错误，错误id)",
         message=_re(r"temporarily unable to (handle|process|serve|complete)|\b(chosen |requested )?(model|service|server|provider)"
                     r" is (currently |temporarily )?down\b|error (occurred )?on (google's|our|the (server|provider)'?s?) (side|end)"
                     r"|internal error (has )?occ?urr?ed|[\"'](internal|system) error\W*[\"'/]|error while processing the model"
                     r"|(网络错误|network error)\W{0,3}(错误\s*id|error[ _]?id|request[ _]?id)"
                     r"|\b(service|server) is (currently |temporarily )?unavailable\b")),
    Rule("bare-server-error", R.PROVIDER_ERROR, "the provider's whole message is that it failed (an internal or system error)",
         "retry later; check the provider's status page",
         "platform.minimax.io/docs/api-reference/errorcode (1024 'internal error', 1033 'system error / mysql failed')",
         when=_message_is_server_error),
    Rule("provider-failure-codes", R.PROVIDER_ERROR, "the provider failed while serving the request (not a refusal of you)",
         "retry later; check the provider's status page",
         "docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html (InternalFailure, "
         "ServiceUnavailable); docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html (ModelErrorException, "
         "ServiceUnavailableException, InternalServerException, ModelStreamErrorException)",
         codes=_s("ModelErrorException", "ServiceUnavailableException", "InternalServerException", "InternalFailure",
                  "ModelStreamErrorException"), message=None),
    # r8-flow: the same Bedrock failures as its event stream names them (':exception-type':
    # 'serviceUnavailableException' in a frame litellm re-wraps with a 400, corpus h7a-025), and
    # ServiceUnavailableException's own words when a client keeps only the message (bedrust: "Can't
    # invoke. Reason: Bedrock is unable to process your request.", corpus h7a-024).
    Rule("bedrock-stream-failure", R.PROVIDER_ERROR, "the provider failed while serving the request (not a refusal of you)",
         "retry later with backoff; check the provider's status page",
         "corpus h7a-024 (darko-mesaros/bedrust#47), h7a-025 (aws-samples/foundation-model-benchmarking-tool#247); "
         "https://github.com/can1357/oh-my-pi/pull/12449 (Bedrock eventstream exceptions: internalServerException, "
         "ModelStreamErrorException); docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html",
         types=_s("serviceUnavailableException", "internalServerException", "modelStreamErrorException")),
    Rule("bedrock-unable-to-process", R.PROVIDER_ERROR, "the provider failed while serving the request (not a refusal of you)",
         "retry later with backoff; check the provider's status page",
         "corpus h7a-024 (darko-mesaros/bedrust#47: ServiceUnavailableException), h7a-025",
         message=_re(r"\bbedrock is unable to process your request")),
    Rule("deadline-prose", R.TIMEOUT, "the provider could not finish the request before its deadline",
         "retry with a shorter request or a longer client deadline",
         "ai.google.dev/gemini-api/docs/troubleshooting (504 DEADLINE_EXCEEDED); docs.aws.amazon.com/bedrock "
         "(ModelTimeoutException)", http=_n(0),
         message=_re(r"(unable to|could not|couldn't|did not) (finish|complete) (processing )?(within|before) the deadline")),
    Rule("model-timeout-code", R.TIMEOUT, "the model did not answer before the provider's timeout",
         "retry with a shorter request", "docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html "
         "(ModelTimeoutException, 408)", codes=_s("ModelTimeoutException"), message=None),
    Rule("request-too-long", R.UNEXPECTED_RESPONSE,
         "the request is longer than the model's context or input limit (the probe's request, not the caller's access)",
         "report this to accesscheck with the --debug output (its probe request is short)",
         "docs.cohere.com/errors-reference (400 'too many tokens: total number of tokens in the prompt cannot exceed …'); "
         "platform.kimi.com/docs/api/errors (400 'Input token length too long'); cloud.baidu.com/doc/qianfan-api/s/Om9b4yj3w "
         "(400 tokens_too_long 'Prompt tokens too long')",
         message=_re(r"too many tokens: (total number of tokens|max tokens must|size limit)|tokens in the prompt cannot exceed"
                     r"|maximum context length|context[ _]length[ _]exceeded|input token length too long|prompt tokens too long"
                     r"|exceeded model token limit|exceeds? the (model's )?(maximum )?(context|input token) (length|limit|window)")),
    Rule("model-load-failed", R.PROVIDER_ERROR, "the server could not load the model (memory or runtime), not a refusal",
         "check the server's log and resources; try a smaller model", "corpus g2-158 (LM Studio)",
         message=_re(r"failed to load model|error loading model|(could not|unable to|cannot) load (the )?model|模型加载失败"
                     # r7-flow: Ollama's words for a model it would not or could not keep loaded (corpus h6b-110,
                     # g2-136, g2-137, h6b-034)
                     r"|refusing to load (the )?model|llama runner process has terminated"
                     r"|model requires more system memory")),
    Rule("gateway-upstream-failed", R.PROVIDER_ERROR,
         "the gateway could not get a usable answer from the upstream provider",
         "retry later; if only this gateway fails, report it there",
         "corpus g1-066 (Cloudflare AI Gateway 2005); g1-040 (one-api bad_response_status_code)",
         codes=_s("bad_response_status_code"), message=None, when=_no_relayed_throttle),
    # A provider down for maintenance, in its words or a status page's (DeepSeek's, corpus h2b-081).
    Rule("maintenance", R.PROVIDER_ERROR, "the provider (or its website) is down for maintenance",
         "retry later; check the provider's status page",
         "corpus h2b-081 (DeepSeek); RFC 9110 §15.6.4 (503: 'temporary overload or scheduled maintenance')",
         message=_re(r"under maintenance|down for maintenance|maintenance mode|scheduled maintenance|undergoing maintenance"
                     r"|(系统|服务|服务器)(正在)?维护|维护中|メンテナンス")),
    # An app or gateway between you and the provider says it could not reach the provider (its
    # side or the provider failed; the app itself answered): Cursor's "We're having trouble
    # connecting to the model provider", "We had a problem reaching OpenAI" (corpus h2a-086, h2a-088);
    # Envoy's and nginx's upstream failures (a gateway in front of the model).
    Rule("app-cannot-reach-provider", R.PROVIDER_ERROR,
         "the app or gateway in front of the provider could not reach it (the provider's side failed, not your key)",
         "retry later, or another model; if it persists, check the provider's status page",
         "corpus h2a-086, h2a-088 (Cursor); envoyproxy.io docs (503 'upstream connect error or disconnect/reset before "
         "headers', 'no healthy upstream', 504 'upstream request timeout')",
         message=_re(r"(having|had|have|has|encountered) (some )?(trouble|a problem|problems|issues?|an issue|an error) "
                     r"(connecting to|reaching|contacting|communicating with) (?!(the |your )?(internet|network|server))"
                     r"|upstream connect error|no healthy upstream|upstream request timeout"
                     r"|upstream (provider )?(\w+ )?returned (http |status )?5\d\d|upstream (error|status)\W{1,3}5\d\d"),
         when=_no_local_failure_named),
    # A relay that could not decode the upstream's answer (a Go struct that expects another type):
    # the relay's failure; the upstream's own error, hidden behind it, is unread.
    # ---- round 5 (r5-flow): a gateway's own log of failing to reach its upstream: Kong's and
    # OpenResty's balancer ("failed to set the current peer … no host allowed while connecting to
    # upstream", corpus h4b-039), nginx's error log ("no live upstreams while connecting to upstream",
    # "upstream timed out … while reading response header from upstream", "upstream prematurely
    # closed connection"). The gateway (its configuration or the upstream) failed, not a refusal
    # of the caller; a gateway's failure to resolve a name through a local resolver is
    # local-resolver-failed's (below), and it names no "upstream".
    Rule("gateway-upstream-connect-failed", R.PROVIDER_ERROR,
         "the gateway in front of the provider failed to connect to (or hear from) its upstream",
         "check the gateway's upstream configuration and the provider's status; retry later",
         "corpus h4b-039 (Kong/kong#14376: balancer 'no host allowed while connecting to upstream'); "
         "nginx.org ngx_http_upstream_module (error log 'no live upstreams', 'upstream timed out')",
         http=_n(0, 500, 502, 503, 504),
         message=_re(r"failed to set the current peer|while connecting to upstream|no live upstreams"
                     r"|upstream timed out \(|upstream prematurely closed connection")),
    # A local app's engine that failed to load the model ("[CORTEX]::Error: Load model failed with
    # error TypeError: fetch failed", Jan, corpus h4b-057): the app's own server failed (not
    # running, or crashed while loading), the way model-load-failed reads a server's words; the
    # fetch inside is to that local engine, not the provider's network.
    Rule("load-model-failed-words", R.PROVIDER_ERROR,
         "the local server or engine failed to load the model (or did not answer while loading it)",
         "check that the app's engine is running and the model fits its memory; see the engine's log",
         "corpus h4b-057 (janhq/jan#3777); corpus g2-158 (LM Studio, model-load-failed)",
         message=_re(r"load(ing)? model failed|model load(ing)? failed|加载模型失败|模型加载出错")),
    Rule("relay-decode-failed", R.PROVIDER_ERROR,
         "the relay could not decode the upstream provider's answer (the upstream's own error is hidden behind it)",
         "read the upstream's answer directly (curl the provider), or update the relay",
         "corpus h2b-001 (one-api: 'json: cannot unmarshal string into Go struct field Error.Response.Error.Code')",
         message=_re(r"cannot unmarshal \w+ into go (struct field|value)"), ambiguous=True,
         other="the upstream refused the call (a key, a quota): its answer, read directly, settles it"),
    # Anthropic refuses long-context requests of a subscription without "extra usage" with a 429
    # rate_limit_error that waiting does not lift (users report it for a day at 3 % usage): the
    # plan does not include them, not a throttle.
    Rule("extra-usage-required", R.NOT_ENTITLED,
         "the plan does not include this kind of request (Anthropic: long-context requests need extra usage enabled)",
         "enable extra usage for the account, or send a shorter request",
         "anthropics/claude-code#29584, #33514, #39180, #39948 (429 rate_limit_error 'Extra usage is required for long "
         "context requests.')",
         message=_re(r"extra usage is required"), per_model=True),
    Rule("rate-limit-code", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down or raise the rate-limit tier", "ChatGPTNextWeb/NextChat#793; openinterpreter/openinterpreter#408 (Groq); "
         "help.aliyun.com/zh/model-studio/error-code (DashScope Throttling, Throttling.RateQuota, Throttling.BurstRate)",
         codes=_s("rate_limit_exceeded", "slow_down", "ThrottlingException", "Throttling", "Throttling.RateQuota",
               "Throttling.BurstRate")),
    Rule("rate-limit-type", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down or raise the rate-limit tier", "bespokelabsai/curator#256; raycast/extensions#31107 (Mistral); "
         "LLM-Red-Team/kimi-cc#41 (Moonshot)", types=_s("rate_limit_error", "rate_limited", "rate_limit_reached_error")),
    Rule("gemini-rate-limit", R.RATE_LIMITED, "throttled by a per-minute quota (you are entitled)",
         "slow down, or move the project to a paid tier", "google-gemini/gemini-cli#8437",
         dialects=_s("gemini"), http=_n(429), when=_has_message),  # a bodiless 429: http-429-no-body
    # ---- round 5 (r5-flow): a 429 whose error object's own type names a limit, beside a throttle's
    # name ({"error": {"code": "429", "message": "Too many requests", "type": "limitation"}}, Xiaomi
    # MiMo, corpus h4c-062; MiMo sends used-up credit as 402, platform.xiaomimimo.com docs, error
    # codes). The status's name alone stays no evidence (http-429-unexplained); the type is the
    # provider's word for why. Never beside a cap's or a refusal's words.
    Rule("throttle-type-limitation", R.RATE_LIMITED, "throttled: the provider's error type names a limit (429)",
         "slow down, retry with backoff",
         "corpus h4c-062 (XiaomiMiMo/MiMo#55: 429 'Too many requests', type 'limitation'); platform.xiaomimimo.com "
         "docs error codes (credit is 402, not 429)",
         http=_n(429), types=_s("limitation"), message=_re(r"too many requests|请求(太|过)多"),
         when=lambda facts: not (_CAP_WORDS.search(_message_text(facts)) or _REFUSAL_WORDS.search(_message_text(facts)))),
    Rule("rate-limit-text", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down or raise the rate-limit tier",
         "aws-samples/amazon-bedrock-client-for-mac#99; cohere errors.mdx; vanderschaarlab/climb#1 (Azure)",
         http=_n(429), message=_re(r"rate limit|(?<!\d{3} )too many (tokens|requests)|per minute|/ minute|retry after")),
    # A throttle in words, with no status or with 429, after every billing and plan rule above:
    # a rate limit shows the model answered. Never with another status (the contract: only 2xx
    # and 429 are reachable).
    Rule("rate-limit-words", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down or raise the rate-limit tier",
         "corpus g1-137 (OpenAI), g1-143, g1-146 (Azure), g1-180 (Mistral), g1-215 (Anthropic), g2-061, g2-062 (Qianfan), "
         "g2-075 (Zhipu 并发), g2-070, g2-071 (DashScope #token-limit), h2b-121 (sub2api: concurrency limit); ai.baidu.com/ai-doc/WENXINWORKSHOP/tlmyncueh "
         "(Baidu 18); docs.bigmodel.cn/cn/faq/api-code (Zhipu 1302, 1303, 1305); Huawei Cloud MaaS error codes (81101)",
         http=_n(0, 429),
         message=_re(r"rate limit (reached|exceeded|is exceeded)|exceed the rate limit|exceeded token rate limit|rate limit of your"
                     r"|(?<!\d{3} )too many requests|too many tokens|try again in \d|retry after \d|tokens per min|requests per min"
                     r"|\b(rpm|tpm)\b|ratelimiterror|throttlingexception|allocated quota exceeded|#token-limit|exceeded (the )?rate limit"
                     r"|qps request limit reached|流量限制|resource (has been )?exhausted"
                     r"|concurrency limit|concurrent requests? limit|too many concurrent|high concurrency"
                     r"|temporarily rate[ -]limited|rate[ -]limited upstream|due to (request )?throttling|request (was )?throttled"
                     r"|(requests?|calls?|sending|sent)( \w+){0,3} too (quickly|fast|frequent(ly)?)\b|rate increased too quickly"
                     r"|(请求|访问|调用)过快|(请求|调用)次数过多|速率(限制|超限)|(rpm|tpm|qps|rps)\s*(超限|超过|限制|上限|已满)|頻度が高すぎ"
                     r"|过于频繁|(访问|请求|调用)频繁|频率(超限|过高)|请求速度过快|限制了访问频率|并发(数)?(超限|过高)|限流|请求(太|过)多|负载已饱和|レート制限|リクエストが多すぎ")),
    # ---- classify-d (round 4): a throttle named in one word ("Ratelimit exceeded", Mistral).
    Rule("ratelimit-word", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down or raise the rate-limit tier", "corpus h3a-076 (Mistral via Vibe CLI: 'Ratelimit exceeded')",
         http=_n(0, 429), message=_re(r"\bratelimit(ed\b| (exceeded|reached|hit))|\brate-limit (exceeded|reached|hit)"
                                     r"|(you are|you're|you have been|you've been|being|got|been) rate[ -]?limited"
                                     r"|rate[ -]?limit hit|(hit|reached) (the|a|your) rate[ -]?limit"
                                     # r9-flow: VS Code Copilot Chat's "Sorry, your request was rate-limited. Please
                                     # wait 17 seconds before trying again." (corpus h8b-092; microsoft/vscode-copilot-
                                     # release#1613, #1853); iFlytek Spark's 11202 AppIdQpsOverFlowError (corpus h8c-022;
                                     # iflytek/spark-ai-python#39: the API caps QPS per APPID)
                                     r"|(request|call)s? (was|were|is|are|has been|have been|got) rate[ -]limited"
                                     r"|(qps|concurrency)_?overflow")),
    # r8-flow: a rate limit reached with the limit's kind between ("Reached message rate limit for this
    # model … Resets in: 2m27s", Windsurf, corpus h7b-077), never beside a cap's words (Copilot's "hit
    # your global rate limit. Please upgrade your plan or wait for your limit to reset" stays unread).
    Rule("reached-kind-rate-limit", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down, or wait for the reset the answer names",
         "corpus h7b-077 (dwgx/WindsurfAPI#160); https://github.com/microsoft/vscode/issues/306120 (the near miss)",
         http=_n(0, 429), message=_re(r"\b(hit|reached|exceeded) ((the|a|your|this) )?(\w+ ){1,2}rate[ -]?limit\b"),
         when=lambda facts: not _CAP_WORDS.search(_message_text(facts))),
    # ---- round 5 (r5-flow): a throttle in a gateway's policy words or a reservation's. Huawei Cloud's
    # API Gateway (APIG.0308, in front of ModelArts and other hosts): "The throttling threshold has
    # been reached: policy user over ratelimit,limit:XX,time:1 minute"; Vertex AI's Provisioned
    # Throughput: "Too many requests. Exceeded the Provisioned Throughput." (requests beyond the
    # reserved throughput, per second); Chinese 流控 (flow control) for the same.
    Rule("gateway-throttle-code", R.RATE_LIMITED, "throttled by the API gateway's request-throttling policy",
         "slow down (retry after a few seconds) or ask for a higher limit",
         "support.huaweicloud.com/intl/en-us/oce_faq/en-us_topic_0000001887959462.html (APIG.0308); corpus h4c-055",
         http=_n(0, 429), codes=_s("APIG.0308")),
    Rule("throttle-threshold-words", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down, or raise the limit (a higher throttling policy, more Provisioned Throughput)",
         "support.huaweicloud.com ocr_faq/ocr_01_0041.html (APIG.0308 'throttling threshold has been reached'); "
         "cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 (Provisioned Throughput); corpus h4c-055, h4a-070",
         http=_n(0, 429),
         message=_re(r"throttling threshold (has been |was |is )?(reached|exceeded|hit)|\bover ratelimit\b"
                     r"|exceeded (the |your )?provisioned throughput|触发流控|被流控|流控(阈值|限制)")),
    # Chinese for a rate over its limit ('调用频率超出限制'), never beside a cap's words (a day's
    # count is a cap: '今日调用频率超过上限').
    Rule("request-volume-words", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down or raise the rate-limit tier", "the family rate-limit-words reads ('频率超限'), in other words",
         http=_n(0, 429), message=_re(r"频率超(出|过)(了)?(限制|上限)"),
         when=lambda facts: not _CAP_WORDS.search(facts.text)),
    # r5-docs: a throttle in the providers' documented words the rules above do not read
    Rule("rate-window-words", R.RATE_LIMITED, "throttled by a rate limit (you are entitled to the model)",
         "slow down or raise the rate-limit tier",
         "ai.baidu.com/ai-doc/AppBuilder/4m8sgh88y (429 'Total API QPS limit exceeded'); api-docs.deepseek.com/zh-cn/"
         "quick_start/error_codes (429 请求速率达到上限); kimi.com/code/docs/en/kimi-code/error-reference.html (429 'We're "
         "receiving too many requests'); docs.aws.amazon.com/bedrock (ThrottlingException 'Too many requests, please wait "
         "before trying again'); docs.siliconflow.cn/en/faqs/error-code (429, 'Request was rejected due to rate "
         "limiting')",
         http=_n(0, 429),
         message=_re(r"\b(qps|rps|rpm|tpm|tps)\b[^.\n]{0,20}\blimit (exceeded|reached)|receiving too many requests"
                     r"|速率达到上限|too many requests\W{1,3}(please )?wait before (trying|retrying)"
                     r"|per (minute|second) (request |token )?limit|limited to \d+ (api )?(calls|requests) ?/ ?(minute|min|second)\b"
                     r"|exceeded the provisioned throughput|rejected due to rate[ -]?limit(ing)?"),
         when=lambda facts: not _MONEY_WORDS.search(facts.text)),  # a 429 that speaks of money is a cap
    # ---- round 7 (r7-flow, from heldout-2026-12f.jsonl): a throttle in words the rules above do not
    # read: Vertex AI's endpoint capacity ("Rate of traffic exceeds capacity. Ramp your traffic up
    # more slowly", corpus h6a-017), S3-style "Please reduce your request rate", Claude Code's
    # "Server is temporarily limiting requests" (h6b-103), DashScope's "You exceeded your current
    # requests list" (h6c-005), Yandex's gRPC rate quota "…RequestsPerSecond.rate rate quota limit
    # exceed" (h6c-025). Never beside money's words (a 429 that speaks of money is a cap).
    Rule("throttle-traffic-words", R.RATE_LIMITED, "throttled: the provider limits the rate of this caller's requests",
         "slow down (ramp traffic up gradually) and retry with backoff",
         "corpus h6a-017 (GoogleCloudPlatform/vertex-ai-samples#996), h6b-103 and h6a-006 (anthropics/claude-code#64905, "
         "#53531: 'Server is temporarily limiting requests (not your usage limit)'), h6c-005 (Felix3322/PotPlayer_ChatGPT_"
         "Translate#62, DashScope), h6c-025 (Yandex gRPC RESOURCE_EXHAUSTED rate quota); help.aliyun.com/en/model-studio/"
         "rate-limiting-best-practices (RPS, traffic burst: 'Ramp up requests gradually'); docs.aws.amazon.com/AmazonS3/"
         "latest/API/ErrorResponses.html (SlowDown 'Please reduce your request rate')",
         http=_n(0, 429), message=_re(_TRAFFIC_THROTTLE), when=_no_cap_beside_rate),
    # A request limit exceeded at a 429, and nothing of a day, a plan or money (ModelScope through
    # claude-code-router: "Request limit exceeded.", corpus h6c-028; a day's or a month's request
    # limit is plan-limit's, above).
    Rule("request-limit-429", R.RATE_LIMITED, "throttled: the provider's request limit for now is reached (429)",
         "slow down and retry with backoff",
         "corpus h6c-028 (musistudio/claude-code-router#462, ModelScope API-Inference 429 'Request limit exceeded.'); "
         "docs.oracle.com/en-us/iaas/Content/data-science/using/model-dep-invoke-throttling.htm (429 TooManyRequests "
         "'Tenancy request-rate limit exceeded')",
         http=_n(429), message=_re(_REQUEST_LIMIT + r"|request-rate limit exceeded"),
         when=_no_cap_beside_rate),
    # ---- end of round 7 (r7-flow) throttles
    # ---- r7-locale (round 7, block 2): the apps' localized banners for a throttle, a failed
    # provider and a lost connection, after every refusal and cap above (an app that wraps a
    # provider's refusal shows the provider's words too, and those decide).
    Rule("locale-rate-words", R.RATE_LIMITED, "throttled by a rate limit (an app's localized words)",
         "slow down or raise the rate-limit tier",
         "https://github.com/lobehub/lobe-chat/blob/001d37c6514d1440ae210de2509f26eace3c168a/locales/ko-KR/error.json, "
         "…/locales/ru-RU/error.json (429); lobehub/lobe-chat locales/pt-BR, de-DE, es-ES, fr-FR/error.json (429, cited "
         "above); https://github.com/RooCodeInc/Roo-Code/blob/c69bb9ccc4e7ec60b408147f1dfafbf719f88646/src/i18n/locales/"
         "ru/common.json (cerebras.rateLimitExceeded; the same in …/pt-BR, …/de, …/ko, …/es, …/fr); " + _CHERRY_RU
         + " (error.http.429)",
         http=_n(0, 429), message=_re(_LOCALE_THROTTLE),
         when=lambda facts: not _MONEY_WORDS.search(facts.text) and _no_cap_beside_rate(facts)),
    Rule("locale-server-error-words", R.PROVIDER_ERROR,
         "the provider (or the app's call to it) failed while answering (an app's localized words)",
         "retry later; check the provider's status page",
         "https://github.com/lobehub/lobe-chat/blob/9b0e47f6b34121f594f09d3671e3fe6cc48294ae/src/locales/default/error.ts "
         "(ProviderBizError, 500, 503) and its locales/{zh-TW,ja-JP,ko-KR,ru-RU,pt-BR,es-ES,de-DE,fr-FR}/error.json (cited "
         "above); https://github.com/RooCodeInc/Roo-Code/blob/c69bb9ccc4e7ec60b408147f1dfafbf719f88646/src/i18n/locales/"
         "ru/common.json (cerebras.serverError; the same in …/pt-BR, …/de, …/ko, …/es, …/fr); https://github.com/HeavenTTT/"
         "Gemini-OmniChat-auto/blob/991779e55e0f4e68dece0a597a53b8f2196d40ba/utils/locales/zh/error.ts (server_error); "
         + _CHERRY_RU + " (error.http.500)",
         http=_n(0),
         message=_re(r"(服务器|伺服器)似乎遇到(了)?一些困(难|難)|服务器错误|(过载|過載)或正在(进行|進行)(维护|維護)"
                     r"|サービスのリクエスト(で|中に)エラーが発生|サーバーに一時的な問題"
                     r"|서비스 요청 중 오류|서버에 문제가 발생|과부하 또는 유지 보수|서버 오류"
                     r"|ошибка (запроса|обращения) (к )?(сервису|службе|службы|сервиса)|испытывает (некоторые )?трудности"
                     r"|перегрузки или технического обслуживания|ошибка сервера|серверная ошибка"
                     r"|erro no servi[çc]o|servidor parece estar enfrentando|sobrecarga ou manuten[çc][ãa]o|erro do servidor"
                     r"|error al solicitar el servicio|servidor parece estar experimentando dificultades|sobrecarga o mantenimiento"
                     r"|error del servidor|fehler bei der anforderung des|server hat anscheinend (einige )?schwierigkeiten"
                     r"|[üu]berlastung oder wartungsarbeiten|serverfehler|erreur de service|serveur semble rencontrer des difficult"
                     r"|surcharge ou de travaux de maintenance|erreur du serveur")),
    Rule("locale-network-words", R.LOCAL_NETWORK_DOWN,
         "no HTTP answer: this machine has no connection (an app's localized words)",
         "check this machine's network, DNS and proxy variables (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY)",
         "https://github.com/RooCodeInc/Roo-Code/blob/c69bb9ccc4e7ec60b408147f1dfafbf719f88646/src/i18n/locales/ru/common.json "
         "(errors.no_internet; the same in …/pt-BR, …/de, …/ko); https://github.com/HeavenTTT/Gemini-OmniChat-auto/blob/991779e55e0f4e68dece0a597a53b8f2196d40ba/"
         "utils/locales/zh/error.ts, …/ja/error.ts (network_issue, connection_refused)",
         http=_n(0),
         message=_re(r"网络问题|连接被拒绝|ネットワークの(問題|问题)|接続が拒否されました|인터넷 연결이 없"
                     r"|нет подключения к интернету|sem conex[ãa]o com a internet|keine internetverbindung")),
    # ---- end r7-locale (block 2)
    # A gateway's words for a failed upstream call, whatever status it sends them with
    # (OpenCode Zen's "400 Upstream request failed: Model is unavailable", corpus h3b-041):
    # the provider behind the gateway failed; refusals of the caller and a throttle relayed from
    # the upstream are read by earlier rules.
    Rule("gateway-upstream-failed-words", R.PROVIDER_ERROR,
         "the gateway says its call to the upstream provider failed",
         "retry later; if only this gateway fails, report it there",
         "corpus h3b-041 (anomalyco/opencode: free model's upstream vendor failing)",
         message=_re(r"upstream (request|call|provider|service|server) (failed|error|unavailable)"
                     r"|上游(服务|请求|供应商)?(失败|错误|异常|不可用)|アップストリーム(の)?(エラー|失敗)")),
    # A server's failure in words, without a status (a paste that kept only the reason phrase or
    # the provider's sentence): the provider failed, not a refusal of you.
    Rule("server-error-words", R.PROVIDER_ERROR, "the provider (or a gateway in front of it) failed while answering",
         "retry later; check the provider's status page",
         "RFC 9110 reason phrases (500, 502, 503, 504); ai.baidu.com/ai-doc/WENXINWORKSHOP/tlmyncueh (Baidu 2); "
         "docs.bigmodel.cn/cn/faq/api-code (Zhipu 500 内部错误); docs.coreweave.com inference server errors",
         http=_n(0), message=_re(r"internal server error|service temporarily unavailable|server had an error|bad gateway"
                                 r"|gateway time-?out|服务器内部错误|内部错误"
                                 # a server's own word for its failure (corpus h2b-024 LocalAI, h2b-131 Predibase)
                                 r"|\bserver error\b|service unavailable|サーバーエラー|服务端错误"
                                 # Google's 500 INTERNAL ("Internal error encountered."), a WSGI server's 500 page
                                 r"|internal error (encountered|occurred|has occurred)|an internal error (has )?occurred"
                                 r"|encountered an internal error|temporarily unavailable"
                                 r"|系统(错误|异常)|服务(异常|出错)|内部エラー")),
    # ---- round 5 (r5-flow): an engine's own word for its internal failure (iFlytek Spark's
    # "code: 10012, msg: EngineInternalError", corpus h4c-004, through Codex++), with or without the
    # status a relay put beside it: the provider's engine failed, not a refusal of the caller.
    Rule("engine-internal-error", R.PROVIDER_ERROR, "the provider's inference engine reports an internal error",
         "retry later; if it persists, report it to the provider",
         "corpus h4c-004 (BigPizzaV3/CodexPlusPlus#457, Xunfei code 10012 EngineInternalError)",
         http=_n(0, 400, 500, 502, 503), message=_re(r"engine ?internal ?error|引擎内部错误")),
    # ---- round 7 (r7-flow, from heldout-2026-12f.jsonl): the provider's failure in renderings the
    # rules above do not read. An error code written as `code: internal_server_error` in a plain
    # line (Zed, corpus h6b-019) or the type of OpenAI's 500 (server_error), with no status: the
    # provider's side failed. Never beside a failure of this side's connection.
    Rule("server-error-code-plain", R.PROVIDER_ERROR, "the provider's error code says its server failed",
         "retry later; check the provider's status page",
         "corpus h6b-019 (zed-industries/zed#30998: 'code: internal_server_error'); developers.openai.com/docs/guides/"
         "error-codes (500 server_error); docs.claude.com/en/api/errors (500 api_error is not read: relays reuse it)",
         http=_n(0),
         when=lambda facts: bool(_SERVER_FAILURE_CODES & (facts.all_codes | facts.all_types))
         and _no_failure_of_this_side(facts)),
    # A Connect or gRPC status that names the service's own failure, as the SDKs render it:
    # connect-es "[unavailable] …" (ConnectError's message; Cursor, corpus h6b-030), grpc-go "rpc error:
    # code = Unavailable desc = …", grpcio "StatusCode.UNAVAILABLE", grpc-js "14 UNAVAILABLE: …",
    # grpc-java "StatusRuntimeException: UNAVAILABLE: …" (INTERNAL and DATA_LOSS alike). gRPC clients
    # say UNAVAILABLE for a connection they could not make too: never beside such words.
    Rule("rpc-status-failure", R.PROVIDER_ERROR,
         "the service answered with a Connect/gRPC status that names its own failure (unavailable, internal)",
         "retry later; if it persists, check the provider's (or the app's backend's) status page",
         "corpus h6b-030 (Cursor 'ConnectError: [unavailable] Error'); connectrpc.com/docs/protocol#error-codes; "
         "grpc/grpc-go status/status.go ('rpc error: code = %s desc = %s'); grpc.io/docs/guides/status-codes "
         "(UNAVAILABLE, INTERNAL, DATA_LOSS)",
         http=_n(0), message=_RPC_FAILURE, when=_no_failure_of_this_side),
    # A stream that ended in its failure event (the Responses API's response.failed, as Codex words
    # it: "stream disconnected before completion: response.failed event received", corpus h6b-097),
    # or in OpenAI's sentence for a failure on its side ("An error occurred while processing your
    # request. You can retry your request, or contact us through our help center", the server_error
    # Codex relays: openai/codex#41895, #27677).
    Rule("stream-failed-event", R.PROVIDER_ERROR,
         "the answer's stream ended in a failure event from the provider's side (no answer came)",
         "retry later; if it persists, check the provider's status page",
         "corpus h6b-097 (openai/codex#24973); developers.openai.com/api/reference/resources/responses/streaming-events "
         "(response.failed); openai/codex#41895, #27677 (server_error in the stream)",
         http=_n(0, *SUCCESS),
         message=_re(r"\bresponse\.failed\b|an error occurred while processing your request\. you can retry your request"),
         when=_no_failure_of_this_side),
    # A provider's own internal-error sentence relayed inside a gateway's 4xx (LiteLLM's 400
    # BadRequestError around Azure's "The model was unable to complete inference due to an internal
    # error.", corpus h6b-077): the upstream failed; the wrapper's 400 is the gateway's mapping.
    Rule("relayed-internal-error-4xx", R.PROVIDER_ERROR,
         "a gateway relays, inside its own 4xx, the upstream provider's internal error",
         "retry later; if it persists, check the upstream provider's status page",
         "corpus h6b-077 (eigent-ai/eigent#1824: LiteLLM 400 around AzureException); docs.litellm.ai/docs/exception_mapping "
         "(provider errors re-raised with the gateway's class)",
         http=_n(400, 422),
         message=_re(r"(exception|error from provider|upstream)\b.{0,200}?(unable to complete (inference|the request|your request)"
                     r" due to an internal error|the server had an error (while )?processing your request"
                     r"|an internal error (has )?occurred|encountered an internal error|\binternal server error)")),
    # A chat app's banner whose cause line is only "Internal Error" (Qwen Code: "糟糕！连接到 Qwen Coder
    # 时出现问题。\nInternal Error", corpus h6c-064), with no status.
    Rule("internal-error-line", R.PROVIDER_ERROR, "the app reports only that the service failed internally",
         "retry later; check the provider's status page",
         "corpus h6c-064 (QwenLM/qwen-code#3514)",
         http=_n(0), when=lambda facts: bool(_INTERNAL_ERROR_LINE.search(facts.raw)) and _no_failure_of_this_side(facts)),
    # ---- end of round 7 (r7-flow) provider failures
    # ---- no HTTP answer at all (explain only: a scan names failures from exception types).
    # These come after every fingerprint of an HTTP answer: a paste without a status that names a
    # provider's refusal ("Failed to fetch models: … doesn't have any credits", LiteLLM's
    # "Max Retries: 2" after a Bedrock error) is that refusal, not a transport failure
    # (corpus g1-052, g1-112, g1-233).
    # The signatures of a block on the route come first: a TLS handshake torn down (SNI
    # filtering) or a connection reset, and a connect that times out (packets silently dropped,
    # the corpus's reports from mainland China: ZHO-ZHO-ZHO/ComfyUI-Gemini#11 ConnectTimeoutError,
    # google-gemini/gemini-cli#2961 "connect ETIMEDOUT"; WinError 10054 is a reset, 10060 a
    # connect timeout).
    Rule("transport-failure", R.NETWORK_BLOCKED, "no HTTP answer: the connection was cut or dropped (TLS or TCP)",
         "try another network or a proxy; if only this provider fails, it is blocked on your route",
         "FACTS.md §0.8; chatchat-space/Langchain-Chatchat#813; ZHO-ZHO-ZHO/ComfyUI-Gemini#11; "
         "google-gemini/gemini-cli#2961",
         # (aiohttp writes its connector's TLS setting into every connect error, "Cannot connect to
         # host …:443 ssl:default [Temporary failure in name resolution]": no TLS failure; h4b-068)
         http=_n(0), message=_re(r"ssl(?!:(default|none|false|true|<))|eof occurred|econnreset|connection reset|winerror 1005[34]|winerror 10060"
                                  r"|connecttimeout|connect timeout|connect etimedout|connection to \S+ timed out"
                                  # the server end closed it without an answer: CPython's RemoteDisconnected, aiohttp's
                                  # and httpx's "Server disconnected", Node's "socket hang up", a TLS handshake cut
                                  # (Node: "socket disconnected before secure TLS connection", corpus h2a-045, h2b-056)
                                  r"|remote end closed connection|server disconnected|socket hang up|connection aborted"
                                  r"|econnaborted|before secure tls connection|tls handshake|handshake (failed|timed out)"
                                  r"|err_connection_(reset|closed|aborted)|sslhandshakeexception|connection (was )?closed by (the )?(remote|peer)"
                                  r"|连接(被)?重置|连接被(对方)?关闭"
                                  # cut mid-answer: undici's "other side closed", requests' "Response ended prematurely",
                                  # Go's `Post "…": EOF`, Windows' 10054 in words
                                  r"|other side closed|und_err_socket|forcibly closed|response ended prematurely|premature close"
                                  r"|incompleteread|chunkedencodingerror|unexpected eof|\": eof\b"
                                  # .NET's HttpClient: the send failed, or the connection broke while reading
                                  r"|an error occurred while sending the request|unable to read data from the transport connection")),
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
         "(getaddrinfo failed); kitUIN/PicImageSearch#120 (All connection attempts failed); corpus h7b-031..h7b-034 "
         "(Java PKIX: obiscr/ChatGPT#116, alibaba/spring-ai-alibaba#442; MetaGLM/zhipuai-sdk-java-v4#14); "
         "https://github.com/Azure/azure-functions-core-tools/issues/2024 (.NET 'The remote certificate is invalid "
         "according to the validation procedure'); https://github.com/openobserve/openobserve/issues/3901 (rustls "
         "'invalid peer certificate: UnknownIssuer'); corpus h7d-028 (infiniflow/ragflow#402, EADDRNOTAVAIL); "
         "learn.microsoft.com/en-us/windows/win32/winsock/windows-sockets-error-codes-2 (WSAEADDRNOTAVAIL 10049)",
         http=_n(0), message=_re(r"apiconnectionerror|connection error\.|name or service not known|server misbehaving|no such host"
                                  r"|certificate[ _]verif|unable to verify the first certificate|self[- ]signed certificate"
                                  r"|fetch failed|网络连接失败"
                                  r"|temporary failure in name resolution|no address associated with hostname"
                                  r"|nodename nor servname provided|getaddrinfo (failed|enotfound|eai_again)"
                                  r"|connection refused|econnrefused|actively refused|all connection attempts failed"
                                  r"|network is unreachable|enetunreach|max retries|failed to fetch"
                                  # r8-flow: no local address for the connect (EADDRNOTAVAIL; Windows WSAEADDRNOTAVAIL
                                  # 10049), corpus h7d-028
                                  r"|cannot assign requested address|eaddrnotavail|winerror 10049"
                                  r"|requested address is not valid in its context"
                                  # r9-flow: Dart's dart:io SocketException "Failed host lookup: 'host'" (corpus
                                  # h8a-016; anasfik/openai#149, dart-lang/http#1008), package:http's browser client
                                  # "XMLHttpRequest error." (corpus h8a-021: no status, the browser refused or lost the
                                  # call), a Rust std::io::ErrorKind in a reqwest/hyper Debug print
                                  # ("Kind(AddrNotAvailable)", corpus h8b-019; doc.rust-lang.org/std/io/enum.ErrorKind),
                                  # Open WebUI's "Network Problem" banner (corpus h8b-071)
                                  r"|failed host lookup|xmlhttprequest error|\bkind\((addrnotavailable|connectionrefused"
                                  r"|connectionreset|connectionaborted|hostunreachable|networkunreachable|notconnected)\)"
                                  r"|\bnetwork problem\b"
                                  # the same in other libraries and languages: curl, aiohttp, Go's one-api ("do request
                                  # failed"), Java (UnknownHostException, ConnectException), .NET ("No such host is known"),
                                  # Swift/URLSession (NSURLErrorDomain -1003, -1004, -1009), browsers (net::ERR_…), axios
                                  # ("Network Error"), a local server that is not running (corpus h2b-022, h2b-029, h2b-068)
                                  r"|unable to establish a connection|(unable to|failed to|could not|couldn'?t|cannot|can'?t) connect to"
                                  r"|could not resolve host|name resolution|no route to host|ehostunreach|do request failed"
                                  r"|server (is not|isn'?t|not) running|unknownhostexception|java\.net\.connectexception"
                                  r"|no such host is known|internet connection appears to be offline|could not connect to the server"
                                  r"|hostname could not be found|nsurlerrordomain code=-10(0[3-9]|20)\b"
                                  r"|local issuer certificate|certificate has expired|cert_has_expired"
                                  r"|err_(connection_refused|name_not_resolved|internet_disconnected"
                                  r"|address_unreachable|network_changed)|\bnetwork ?error\b"
                                  r"|网络错误|网络异常|无法连接|连接失败|连接被拒绝|请检查(您的|你的)?网络|网络不可用|网络请求失败|网络(不通|中断)"
                                  r"|ネットワークエラー|接続できません|接続に失敗|ネットワーク接続を確認"
                                  + _DNS_TLS_FAILURE)),
    # ---- round 5 (r5-flow): an app's or SDK's own words for a connection that failed, without the
    # period of the SDKs' "Connection error." or a cause: ChatCraft's "Error Connecting to AI
    # Provider. … Connection error" (corpus h4b-097, a company firewall), a Rust client's "Connection
    # Failed: Connect error" (corpus h4c-039, GPTPal behind the Great Firewall), reqwest's "error
    # trying to connect", Go's "connect: connection timed out" is the timeout rule's. No status
    # (a status written beside them, "Connection error: 403", is an HTTP answer).
    Rule("connection-failed-words", R.LOCAL_NETWORK_DOWN,
         "no HTTP answer: the client could not connect to the provider (the cause was not kept)",
         "check this machine's network, firewall and proxy variables; `accesscheck scan` tells a local outage "
         "from a block on this provider's route (others answer)",
         "corpus h4b-097 (tarasglek/chatcraft.org#657), h4c-039 (openai-rs/gptpal#2); openai-python _exceptions.py "
         "(APIConnectionError 'Connection error.'); seanmonstar/reqwest ('error trying to connect')",
         http=_n(0), message=_re(r"\bconnection error\b(?!\W{0,3}\d)|\bconnect(ion)? (error|failed)\b(?!\W{0,3}\d)"
                                  r"|\berror connecting to\b|\bfailed connecting to\b|error trying to connect"
                                  r"|连接(出错|错误|异常)|接続エラー")),
    # ---- round 6 (r6-flow, from heldout-2026-12e.jsonl): errors inside a 2xx stream, a connection refused on this side whatever status an
    # app wrapped it in, a throttle said as "rate limited".
    Rule("error-event-in-2xx", R.PROVIDER_ERROR,
         "the answer started (2xx) and then carried an error event saying the provider's side failed (no answer came)",
         "retry later; if it persists, check the provider's status page (or the gateway's upstream)",
         "docs.ollama.com/api/errors (errors that occur while streaming: the status stays 200); corpus h5a-103 (coder "
         "aibridge fixture: OpenAI SSE server_error after 200 chunks), h5b-082 (Ollama), h5b-003 (Portkey-AI/gateway#267: "
         "200 'Network connection lost.'); truefoundry.com/docs/ai-gateway/anthropic-stream-overload-fallback "
         "(Anthropic overloaded_error inside a 200 stream)",
         when=_error_event_in_2xx),
    Rule("connect-failed-local-address", R.LOCAL_NETWORK_DOWN,
         "a connection to an address on this side (loopback, a private network) failed: the local set-up (a server "
         "not running, a wrong host or port), not the provider",
         "start the local server (Ollama, a proxy, a database) or fix the host and port the app is configured with",
         "corpus h5b-006 (open-webui/open-webui#241: 404 around 'connect ECONNREFUSED ::1:5432'), h5b-043 (Open WebUI: "
         "asyncio 'Connect call failed (10.0.1.212, 11434)'); RFC 1918 (private addresses)",
         http=_n(0, 400, 404, 500, 502, 503, 504), message=_CONNECT_FAILED_LOCAL),
    Rule("app-relayed-connection-error", R.LOCAL_NETWORK_DOWN,
         "the app answered, but its own call to the provider failed to connect (its SDK's 'Connection error.')",
         "check the network of the machine or container the app runs on (DNS, proxy variables, firewall)",
         "corpus h5b-013 (langgenius/dify#14737: 400 invalid_param 'Connection error.'); openai-python _exceptions.py "
         "(APIConnectionError 'Connection error.')",
         http=_n(0, 400, 404, 422), when=_message_is_connection_error),
    # ---- end of round 6 (r6-flow)
    # ---- round 8 (r8-flow): an app's own 500 around its client library's connection failure to the
    # provider: Langflow's "Request failed with status code 500" around the old openai-python's "Error
    # communicating with OpenAI: HTTPSConnectionPool … NewConnectionError … Failed to establish a new
    # connection" (corpus h7b-006), MaxKB's {code: 500} around openai-python's "Connection error."
    # (h7d-025). A gateway's 502/503/504 over its upstream is app-cannot-reach-provider's, not this.
    Rule("app-500-around-connect-failure", R.LOCAL_NETWORK_DOWN,
         "the app answered 500, but its own call to the provider never connected (its client library's connection error)",
         "check the network of the machine or container the app runs on (DNS, proxy variables, firewall, outbound rules)",
         "corpus h7b-006 (langflow-ai/langflow#446), h7d-025 (1Panel-dev/MaxKB#2280); urllib3 connection.py "
         "(NewConnectionError 'Failed to establish a new connection'); openai-python v0 api_requestor ('Error "
         "communicating with OpenAI'), v1 _exceptions.py (APIConnectionError 'Connection error.')",
         http=_n(500),
         message=_re(r"failed to establish a new connection|newconnectionerror|connecttimeouterror"
                     r"|error communicating with \w+: httpsconnectionpool|(?:^|[:：]\s?)connection error\.")),
    # ---- round 7 (r7-flow): a name lookup that failed under whatever status an app wrapped it in
    Rule("name-lookup-failed-under-app-status", R.LOCAL_NETWORK_DOWN,
         "the app answered, but its own call to the provider failed to resolve the provider's host name",
         "check the DNS of the machine or container the app runs on (Docker: its embedded DNS, the host's resolver)",
         "corpus h6c-086 (Coze 'RequestError code: 500' around Go's 'dial tcp: lookup … on 127.0.0.11:53: server "
         "misbehaving'), g2-169; Go net ('dial tcp: lookup'), glibc gai_strerror, Node getaddrinfo ENOTFOUND/EAI_AGAIN",
         http=_n(0, 400, 404, 500, 502, 503, 504), message=_NAME_LOOKUP_FAILED),
    # ---- round 10 (r10-flow, from heldout-2026-12i.jsonl): no HTTP answer, or the provider's failure, in words
    # the rules above miss; after every fingerprint of an HTTP answer, before timed-out (a provider's own
    # "context deadline exceeded" relayed by an app is its failure, not this side's timeout).
    # A connection cut before the answer was complete: httpx/httpcore's RemoteProtocolError "peer closed
    # connection without sending complete message body (incomplete chunked read)", aiohttp's ClientPayloadError
    # "Response payload is not completed" (TransferEncodingError, ContentLengthError "Not enough data for satisfy
    # … header"), curl's "(18) transfer closed with outstanding read data remaining": transport-failure's cut
    # mid-answer in these libraries' words.
    Rule("answer-cut-mid-body", R.NETWORK_BLOCKED,
         "no complete HTTP answer: the connection was closed before the answer's body was complete",
         "retry; if it always breaks, try another network or a proxy (a middlebox or the provider cut the stream)",
         "corpus h9c-041 (oracle/ai-optimizer#153); encode/httpx#1927, groq/groq-python#26, konveyor/kai#622, "
         "chatchat-space/Langchain-Chatchat#3780 (httpcore RemoteProtocolError); aio-libs/aiohttp client_proto.py "
         "(ClientPayloadError 'Response payload is not completed'); curl libcurl-errors (CURLE_PARTIAL_FILE, 18)",
         http=_n(0),
         message=_re(r"peer closed connection without sending complete message body|incomplete chunked read"
                     r"|response payload is not completed|not enough data (for|to) satisfy (transfer|content) length header"
                     r"|transfer closed with outstanding read data remaining|transfer closed with \d+ bytes remaining"),
         # its sources blame the provider's stream as often as the route (konveyor/kai#622, groq/groq-python#26)
         ambiguous=True, other="the provider cut its own stream (an upstream failure): the same call again, or from "
         "another network, settles it"),
    # The user's own HTTP proxy refused or failed the tunnel to the provider (its answer to CONNECT): aiohttp's
    # ClientHttpProxyError "404, message='Not Found', url=URL('https://proxy…')", CPython http.client's
    # "Tunnel connection failed: 403 Forbidden" (requests/urllib3: ProxyError('Unable to connect to proxy', …)),
    # curl's "CONNECT tunnel failed, response 403" (older: "Received HTTP code 403 from proxy after CONNECT").
    # The request never reached the provider; the status is the proxy's, so none is asked for.
    # The user's proxy answered CONNECT with 403: it refuses the provider's host (a corporate policy on the
    # route), not a machine without a network (review of round 10).
    Rule("proxy-tunnel-forbidden", R.NETWORK_BLOCKED,
         "your HTTP proxy refused the tunnel to the provider's host (403): a policy on the route blocks it",
         "ask the proxy's administrator to allow the provider's host, or call from a network without that proxy",
         "Rapptz/discord.py#5223 (aiohttp ClientHttpProxyError 403); CPython Lib/http/client.py (_tunnel: 'Tunnel "
         "connection failed: %d %s'); curl lib/http_proxy.c ('CONNECT tunnel failed, response %d')",
         message=_re(r"\bclienthttpproxyerror\W{1,3}403\b|tunnel connection failed\W{1,3}403\b"
                     r"|connect tunnel failed, response 403\b|received http code 403 from proxy after connect")),
    Rule("proxy-tunnel-refused", R.LOCAL_NETWORK_DOWN,
         "your HTTP proxy refused or failed the tunnel to the provider: the request never reached the provider",
         "check the proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) and that the proxy allows the provider's host",
         "corpus h9a-020 (jupyterlab/jupyter-ai#385: aiohttp ClientHttpProxyError 404); Rapptz/discord.py#5223 "
         "(ClientHttpProxyError 403); CPython Lib/http/client.py (_tunnel: 'Tunnel connection failed: %d %s'); "
         "urllib3 ProxyError('Unable to connect to proxy'); curl lib/http_proxy.c ('CONNECT tunnel failed, response %d')",
         message=_re(r"\bclienthttpproxyerror\b|\bclientproxyconnectionerror\b|tunnel connection failed\W{1,3}\d{3}\b"
                     r"|connect tunnel failed, response \d{3}|received http code \d{3} from proxy after connect"
                     r"|unable to connect to proxy|cannot connect to proxy")),
    # An app's own hint that its call could not reach the provider: "could not validate Anthropic API key.
    # Check your network connection and try again" (Positron behind a TLS-intercepting proxy), the English of
    # connection-failed-here's 请检查网络 / ネットワーク接続を確認. No status, and no refusal or cap beside it
    # ("Invalid API key. Check your network connection" is the key's).
    Rule("check-network-words", R.LOCAL_NETWORK_DOWN,
         "no HTTP answer: the client could not reach the provider and points at this side's network connection",
         "check this machine's network, proxy (a TLS-intercepting one too) and DNS; `accesscheck scan` tells a local "
         "outage from a block on this provider's route",
         "corpus h9a-019 (posit-dev/positron#15875); connection-failed-here's Chinese and Japanese words "
         "(请检查网络, ネットワーク接続を確認)",
         http=_n(0),
         message=_re(r"\b(please )?check your (network|internet)( connection| settings)?\b|\bcheck (the )?network connection\b"),
         when=_no_refusal_or_cap),
    # An app relaying that its model provider failed ("Encountered retryable error from model provider: context
    # deadline exceeded", Windsurf): the provider's side, whatever the inner cause. After the throttle and cap
    # rules above (a provider's rate limit relayed so is read by them).
    Rule("model-provider-error-relayed", R.PROVIDER_ERROR,
         "the app says its model provider failed (the provider's side, not this network)",
         "retry later, or pick another model or provider in the app",
         "corpus h7b-076 (dwgx/WindsurfAPI#191: 'Encountered retryable error from model provider: context deadline "
         "exceeded')",
         http=_n(0), message=_re(r"\b(retryable |upstream |internal )?error from (the )?model provider\b")),
    # A server's own failure while it generated the answer: NeuroAPI's {"Error": "An error occurred while
    # generating the response: list index out of range. Please try again later."}, deer-flow's "An error
    # occurred while generating the response. Please try again." No status, a 2xx envelope or a 5xx.
    Rule("generation-failed-words", R.PROVIDER_ERROR,
         "the server failed while generating the answer (its own failure, not a refusal of the request)",
         "retry later; if it persists, report it to the provider or relay",
         "corpus h9b-007 (neurogen-dev/NeuroAPI#58); bytedance/deer-flow#159; bionic-gpt/bionic-gpt#318 ('Error "
         "occurred while generating')",
         http=_n(0) | SUCCESS | SERVER_ERRORS,
         message=_re(r"\ban error (has )?occurr?ed while generating (the |a |your )?(response|completion|answer|reply)\b")),
    # Fireworks' 429 when the model produced no first token in time ("Request didn't generate first token before
    # the given deadline"): its serving capacity, not a throttle on this caller, whatever status a paste shows.
    Rule("first-token-deadline", R.PROVIDER_ERROR,
         "the provider's model produced no first token before the provider's deadline (its capacity, not your rate)",
         "retry later or pick another deployment of the model",
         "corpus h9b-028 (vybestack/llxprt-code#144: Fireworks 429 'Request didn't generate first token before the given "
         "deadline')",
         message=_re(r"(didn'?t|did not|failed to) generate (the )?first token (before|within) (the )?(given )?deadline")),
    # Bing Chat's "Throttled: Request is throttled." (its result {'value': 'Throttled'}): the account's daily
    # message limit (about 200 a day), by its maintainers' reading, not a short throttle — read as a cap, and
    # never `reachable` (review of round 10). Only Bing's own sentence: other "throttled" words are the
    # throttle rules'.
    Rule("request-is-throttled", R.QUOTA_EXHAUSTED,
         "the account's daily message limit is used up (Bing's 'Request is throttled')",
         "wait for the day's limit to renew, or use another account",
         "corpus h9b-026 (ikechan8370/chatgpt-plugin#259); vsakkas/sydney.py#133 (maintainer: 'a limit on the amount "
         "of prompts you can send within a day'); WAppAI/assistant#47 ('200 is the limit per 24 hours'); "
         "juzeon/SydneyQt#247; acheong08/EdgeGPT#145 ('value': 'Throttled', 'message': 'Request is throttled.')",
         message=_re(r"^\W*throttled\W{1,3}request is throttled\b|'value'\W{1,4}throttled\W[^\n]{0,40}request is throttled"
                     r"|\bthrottledrequestexception\b"),
         ambiguous=True, other="a short throttle: the same call a few minutes later settles it"),
    # ---- end of round 10 (r10-flow), second block
    # Any other timeout may have come after the connection (the SDKs' APITimeoutError "Request
    # timed out.", httpx.ReadTimeout, Python's socket timeout "timed out", ssl's "The read
    # operation timed out"): no answer in time, undecided — not a block.
    Rule("timed-out", R.TIMEOUT, "no answer before the client's timeout (the connection or the answer took too long)",
         "retry with a longer timeout; if it always times out, check this machine's network and proxy",
         "openai/openai-python and anthropics/anthropic-sdk-python _exceptions.py (APITimeoutError); "
         "CPython socket and ssl timeout messages; httpx ReadTimeout",
         http=_n(0), message=_re(r"timed out|timeout|deadline exceeded|超时|タイムアウト")),
    # A fetch aborted before any answer (WHATWG fetch's AbortError: Node/undici "This operation
    # was aborted", browsers "The user aborted a request.", "signal is aborted without reason"):
    # the client's own timer or caller cancelled it; no HTTP answer, undecided (corpus h3c-089,
    # a Cloudflare Worker calling Zhipu).
    Rule("fetch-aborted", R.TIMEOUT,
         "no answer: the request was aborted before the provider answered (usually the client's own timeout)",
         "retry with a longer timeout; if it always aborts, check this machine's network and proxy",
         "corpus h3c-089; WHATWG fetch (AbortError); nodejs/undici DOMException 'This operation was aborted'; corpus "
         "h7a-027 (QuantumNous/new-api#1315, aws-sdk-go-v2 'request canceled, context canceled'); https://pkg.go.dev/"
         "context#pkg-variables (Canceled: 'context canceled')",
         http=_n(0), message=_re(r"\b(the|this) operation was aborted|aborterror|the user aborted a request"
                                  r"|signal is aborted|request (was |has been )?aborted|请求(已|被)(中止|取消)"
                                  # r8-flow: Go's context.Canceled, as net/http and the AWS SDK render it (corpus h7a-027)
                                  r"|\bcontext canceled\b|\brequest canceled\b"
                                  r"|リクエストが中止")),
    # A fetch that failed without naming its cause (node-fetch's "FetchError: request to URL
    # failed, reason:" with the reason lost, corpus h3a-030; Safari's "TypeError: Load failed",
    # as the Gemini JS SDK wraps it, "Error fetching from URL: Load failed", corpus h3a-060):
    # no HTTP answer, the connection failed on the way.
    Rule("fetch-failed-no-cause", R.LOCAL_NETWORK_DOWN,
         "no HTTP answer: the request failed before the provider answered (the cause was not kept)",
         "check this machine's network, DNS and proxy variables; `accesscheck scan` tells a local outage "
         "from a block on this provider's route",
         "corpus h3a-030 (SillyTavern, node-fetch FetchError); corpus h3a-060 (Gemini JS SDK in Safari: Load failed); "
         "corpus h7a-057 (sigoden/aichat#1178), h7d-007 (lbjlaq/Antigravity-Manager#791): reqwest 'error sending "
         "request for url (…)'",
         http=_n(0), message=_re(r"fetcherror: request to \S+ failed|(error fetching from \S+|typeerror):? load failed\b"
                                  # undici's "fetch failed" serialised: its cause is an Error, which JSON
                                  # writes as {} (LobeChat's error object, corpus h3c-078)
                                  r"|\"error\"\s*:\s*\{\s*\"cause\"\s*:\s*\{\s*\}\s*\}"
                                  # r8-flow: Rust reqwest's send error with its cause cut (corpus h7a-057, h7d-007;
                                  # a cause it names, "error trying to connect", is read by the rules above)
                                  r"|error sending request for url \(")),
    # A Go reverse proxy on this side that could not resolve the provider's host through a
    # loopback resolver (Docker's embedded DNS 127.0.0.11, a local stub) and answered 502 itself:
    # "http: proxy error: dial tcp: lookup HOST on 127.0.0.11:53: … i/o timeout" (corpus h3b-084).
    Rule("local-resolver-failed", R.LOCAL_NETWORK_DOWN,
         "a proxy on this side could not resolve the provider's host through the local DNS resolver",
         "check the DNS of the machine or container that runs the proxy (Docker: its embedded DNS and the host's)",
         "corpus h3b-084 (Chanzhaoyu/chatgpt-web, Go httputil.ReverseProxy in Docker); Go net 'dial tcp: lookup'",
         http=_n(0, 502, 503, 504), message=_re(r"dial tcp: lookup \S+ on (127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])")),
    # A local model server (Ollama, vLLM) is no gateway: a 502 Bad Gateway on its loopback URL
    # came from an HTTP proxy the client sent the request through (HTTP_PROXY without NO_PROXY
    # for localhost), not from the server (corpus h3b-086, maintainer: bypassing the proxy fixed it).
    Rule("loopback-502-proxy", R.LOCAL_NETWORK_DOWN,
         "a proxy on this side answered 502 for the local model server: the request went through HTTP_PROXY",
         "exempt the local server from the proxy (NO_PROXY=localhost,127.0.0.1) or unset HTTP_PROXY for it",
         "corpus h3b-086 (Ollama on 127.0.0.1:11434 behind the user's HTTP proxy)",
         providers=_s("ollama", "vllm"), http=_n(502),
         message=_re(r"https?://(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d+)?/\S*\W{1,4}http/1\.[01] 502")),
    # ---- the probe itself was refused (a bug in accesscheck, or an API change)
    # Groq answers a request larger than the tier's tokens-per-minute limit with 413: the model is
    # there for this key, but this request can never pass. Not `reachable` (only 2xx and 429 are).
    Rule("request-too-large", R.UNEXPECTED_RESPONSE,
         "the request is larger than the account's per-minute token limit allows (a smaller request would pass)",
         "send fewer tokens, or raise the rate-limit tier", "HunorLaczko/ha-groq-cloud-api#27 (g2-141); corpus g2-142",
         http=_n(413), message=_re(r"request too large")),  # pasted without it: the rate-limit rules
    Rule("request-rejected", R.UNEXPECTED_RESPONSE, "the provider rejected the probe request itself (parameters or headers)",
         "report this to accesscheck with the --debug output",
         "griptape-ai/ComfyUI-Griptape#312; gabrii/Cursor-Azure-GPT-5#33; envoyproxy/ai-gateway#1909",
         http=_n(400), envelope=JSON,  # no answer on record has these codes with a 422
         codes=_s("unsupported_parameter", "unsupported_value", "integer_below_min_value", "invalid_request_body")),
    Rule("anthropic-request-rejected", R.UNEXPECTED_RESPONSE, "Anthropic rejected the probe request itself",
         "report this to accesscheck with --debug", "envoyproxy/ai-gateway#1909",
         dialects=_s("anthropic"), http=_n(400), types=_s("invalid_request_error")),
    # NVIDIA serves each hosted model ("function") per account; /v1/models lists them all anyway.
    Rule("nvcf-not-for-account", R.NOT_ENTITLED,
         "NVIDIA does not serve this model to this account (or it left the hosted catalog)",
         "check the model on build.nvidia.com for this account (Public API Endpoints access)",
         "gethouston/houston#1243; Alishahryar1/free-claude-code#956, #1021",
         message=_re(r"function .{0,80}not found for account"), ambiguous=True,
         other="the model left the hosted catalog: the catalog page for the model settles it"),
    # ---- middleboxes and edges: HTML where the API speaks JSON
    Rule("cdn-block-page", R.GEO_BLOCKED,
         "the provider's CDN edge answered with a block page instead of the API: your IP or region is refused",
         "try another network or egress region",
         "lobehub/lobehub#2147; Mintplex-Labs/anything-llm#2003 (Groq behind Cloudflare)",
         http=_n(403, 429, 503), envelope=HTML, message=_re(r"cloudflare|attention required|please enable cookies")),
    # An edge's block page (Cloudflare's WAF, IP-reputation or challenge pages, 403), rendered as
    # text by an app or quoted inside JSON: the network you call from is refused, not the key.
    Rule("edge-block-text", R.NETWORK_BLOCKED,
         "the provider's edge (Cloudflare) blocked or challenged this network before the API saw the request",
         "try another network or egress IP (VPN exits and datacenter IPs are often flagged)",
         "developers.cloudflare.com/rules/custom-errors/reference/error-page-types; corpus g1-247, g2-145..g2-147; "
         "Kilo-Org/kilocode#162 (a WAF page cut before its title, h1-034); microsoft/vscode-copilot-release#2258 "
         "(a Zscaler block page, h1-137)",
         http=_n(0, 403, 429, 503),
         message=_re(r"sorry, you have been blocked|attention required!? \| cloudflare|<title>just a moment"
                     r"|why have i been blocked|blocked_why_headline|login\.zscloud\.net|zscaler"
                     r"|cf-error-code\">10(0[5-8]|20)<"
                     r"|please enable cookies")),
    # A web application firewall's block page (Azure Application Gateway, AWS WAF via CloudFront,
    # F5, ModSecurity, Sucuri): the firewall in front of the service refused this request or network.
    # A hosting edge's bot challenge served to an API call (Vercel's "Security Checkpoint",
    # x-vercel-mitigated: challenge; Cloudflare's cf-mitigated: challenge), or a wrapper saying
    # the request "was blocked by a gateway or proxy": the route was refused, not the key
    # (corpus h3b-049, Kilo Code's gateway on Vercel from a Mumbai edge).
    Rule("edge-challenge", R.NETWORK_BLOCKED,
         "a gateway or proxy in front of the API challenged or blocked this request (a bot check), before the API saw it",
         "try another network or egress IP; if every network is refused, report it to the gateway",
         "corpus h3b-049 (Kilo-Org/kilocode, Vercel Security Checkpoint); vercel.com/docs/vercel-firewall "
         "(x-vercel-mitigated); developers.cloudflare.com (cf-mitigated: challenge)",
         http=_n(0, 403, 429, 503),
         message=_re(r"x-vercel-mitigated\W{1,6}(challenge|deny)|vercel security checkpoint|cf-mitigated\W{1,6}challenge"
                     r"|(request )?(was )?blocked by a (gateway|proxy|firewall)( or (a )?(gateway|proxy|firewall))?\b")),
    Rule("waf-block-page", R.NETWORK_BLOCKED,
         "a web application firewall in front of the service refused the request (its block page, not the API's answer)",
         "try another network; if every network is refused, the request's content tripped the firewall: report it",
         "corpus h2b-073 (Microsoft-Azure-Application-Gateway/v2 403); docs.aws.amazon.com/AmazonCloudFront "
         "(403 'Request blocked … Generated by cloudfront'); F5 ASM's 'The requested URL was rejected'; Akamai's "
         "'Access Denied … You don't have permission to access … on this server. Reference #18.…' (errors.edgesuite.net)",
         http=_n(0, 403, 406), message=_re(r"microsoft-azure-application-gateway|web application firewall|\bmod_?security\b"
                                          r"|sucuri website firewall|the requested url was rejected|generated by cloudfront \(cloudfront\)"
                                          r"|you don't have permission to access .{0,300} on this server|errors\.edgesuite\.net"
                                          r"|reference #\d{1,3}\.[0-9a-f]{4,}\.\d+")),
    # ---- round 5 (r5-flow): this network's forward proxy refused the request by its access rules,
    # in its own page: Squid's ERR_ACCESS_DENIED (X-Squid-Error header, the page's comment, "Access
    # control configuration prevents your request from being allowed"), Symantec/Blue Coat's
    # "Access Denied (policy_denied)", FortiGuard's "Web Page Blocked". A block on this side's route
    # (a request for 127.0.0.1 sent through HTTP_PROXY too, corpus h4b-027), never the provider's
    # refusal of the account.
    Rule("proxy-denied-page", R.NETWORK_BLOCKED,
         "this network's proxy refused the request by its access rules (its own denial page, not the provider's)",
         "ask the network's administrators to allow the provider's host, or bypass the proxy for it "
         "(NO_PROXY=localhost,127.0.0.1 for a local server)",
         "corpus h4b-027 (nomic-ai/gpt4all#1847: squid/5.2, X-Squid-Error ERR_ACCESS_DENIED); wiki.squid-cache.org "
         "(ERR_ACCESS_DENIED error page); Symantec ProxySG policy_denied exception page",
         http=_n(0, 403),
         message=_re(r"x-squid-error\W{1,6}err_access_denied|<!-- err_access_denied -->"
                     r"|access control configuration prevents your request|access denied \(policy_denied\)")),
    # ---- round 5 (r5-access, from heldout-2026-12d.jsonl): Google's front end
    # answering with its own HTML 403 page ("Error 403 (Forbidden)!!1", "Your client does not have
    # permission to get URL … from this server") instead of the API's JSON: the caller's network or
    # location is refused before the API (the same key works from elsewhere: corpus h4a-025; seen
    # from sanctioned locations: h4c-048, h4c-049). The "!!1" title is Google's front end's alone.
    Rule("google-front-end-403", R.GEO_BLOCKED,
         "Google's front end refused the request with its HTML 403 page (not the API's JSON): a location or network block",
         "try from another network or country (datacenter IPs and sanctioned locations get this page)",
         "corpus h4c-048 (continuedev/continue#12640), h4c-049 (google-gemini/gemini-cli#2451), h4a-025 "
         "(discuss.ai.google.dev/t/172705: the same key answers from a residential IP)",
         # the page's title, or its sentence beside Google's name (Cloud Run's own IAM 403 says the
         # sentence too, without the title)
         http=_n(0, 403), message=_re(r"error 403 \(forbidden\)!!1|google[^\n]{0,300}your client does not have permission to get url"
                                      r"|your client does not have permission to get url[^\n]{0,300}\b(google|gemini)"),
         ambiguous=True,
         other="a block of this network (a datacenter IP) rather than the country: the same call from another network settles it"),
    # Cloudflare's firewall block page rendered as text (ChatGPT behind rule 1020: "Access denied …
    # The site owner may have set restrictions that prevent you from accessing the site … Error
    # reference number: 1020"): the network (a VPN or datacenter exit) is refused, not the account.
    Rule("cloudflare-block-page-text", R.NETWORK_BLOCKED,
         "Cloudflare in front of the service refused this network (a firewall rule or an IP ban), before the service saw it",
         "call from another network (not a datacenter IP, VPN exit or proxy)",
         "corpus h4c-051 (2dust/v2rayNG#2137); developers.cloudflare.com/support/troubleshooting/http-status-codes/"
         "cloudflare-1xxx-errors (1006-1008, 1010, 1012, 1020)",
         message=_re(r"error reference number\W{0,3}10(06|07|08|10|12|20)\b"
                     r"|the site owner may have set restrictions that prevent you from accessing (the|this) site")),
    # A web application firewall named in a refusal (Meituan LongCat's non-standard 456 "Forbidden,
    # [Contact:edp.waf@…]"; "blocked by WAF"): the edge refused this caller's network or request.
    Rule("waf-named", R.NETWORK_BLOCKED,
         "a web application firewall in front of the API refused the request (its block, not the API's answer)",
         "try another network; if every network is refused, contact the address the answer gives",
         "corpus h4c-060 (meituan-longcat/LongCat-2.0#11: HTTP 456 'Forbidden,[Contact:edp.waf@meituan.com]')",
         message=_re(r"(forbidden|blocked|denied|rejected|intercepted)\W[^\n]{0,80}\bwaf\b|\bwaf\b[^\n]{0,80}\b(forbidden|blocked|denied"
                     r"|rejected|intercepted)\b|waf\s*(拦截|阻断)|(被)?防火墙(拦截|阻断)")),
    # "Illegal access" after the credentials passed: iFlytek's 10105 ("illegal access|illegal
    # client_ip": the caller's IP is not on the app's allowlist), Xiaomi MiMo's 403 illegal_access
    # to callers from networks it does not serve (corpus h4c-061). The caller is refused, not the key.
    Rule("illegal-access-words", R.POLICY_DENIED,
         "the provider refused this caller after its credentials (an IP allowlist, the network or region it calls from)",
         "call from an allowed network (or add this IP to the app's allowlist in the provider's console)",
         "kancloud.cn/iflytek_restapi/rest_api/487334 (IP白名单: 10105 'illegal access|illegal client_ip'); corpus h4c-003 "
         "(IflytekAIUI/DemoCode#5: the whitelist was the cause), h4c-061 (XiaomiMiMo/MiMo-Code#1126)",
         message=_re(r"\billegal[ _](access|client[ _]?ip)\b|非法(访问|来源|客户端ip|ip)"), ambiguous=True,
         other="an app id or key the provider does not know: the app's settings in the provider's console settle it"),
    # Fireworks answers 412 (PRECONDITION_FAILED) for a suspended account: the monthly spending limit
    # reached or invoices unpaid (corpus g2-064 quotes it in full). A relay that kept only the
    # status still says so (h4a-088, AMD GAIA via Lemonade).
    Rule("fireworks-412", R.QUOTA_EXHAUSTED,
         "Fireworks suspended the account (412): its monthly spending limit was reached or invoices are unpaid",
         "raise the spending limit or pay the invoices at fireworks.ai/account/billing",
         "corpus g2-064 (Fireworks 412 PRECONDITION_FAILED 'Account … is suspended, possibly due to reaching the monthly "
         "spending limit or failure to pay past invoices'), h4a-088 (amd/gaia#3766)",
         providers=_s("fireworks"), http=_n(412), ambiguous=True,
         other="another precondition the request failed: the provider's own body settles it"),
    Rule("edge-html-403", R.GEO_BLOCKED,
         "an HTML 403 from the provider's edge instead of its JSON API (a suspected IP or region block)",
         "try another network or egress region", "langgenius/dify#2506 (Cohere); FACTS.md §0.2 (Groq, Cohere)",
         providers=_s("cohere", "groq", "cerebras"), http=_n(403), envelope=_s("html", "text", "empty"), ambiguous=True,
         other="an account refusal: run a scan — the keyless probe tells a location refusal from an account one"),
    Rule("keyless-401", R.AUTH_INVALID, "the API asks for a key (401): the edge let the request through",
         "set the provider's key variable", "RFC 9110 §15.5.2; BerriAI/litellm#2584 (an HTML 401 from Perplexity)",
         rungs=frozenset({Rung.KEYLESS}), http=_n(401)),
    # An error page with a status that says who failed: a 5xx page is the provider's (or its
    # edge's) failure, unless a block page above said otherwise; a 404 page after the key was sent
    # is a URL the server does not serve (a wrong base URL: corpus h1-063, anthropic.com's site).
    Rule("html-5xx-page", R.PROVIDER_ERROR, "the provider's edge answered with a server-error page (5xx)",
         "retry later; check the provider's status page",
         "corpus h2a-152, h2a-153 (Cloudflare's 502 page for api.openai.com); RFC 9110 §15.6",
         envelope=HTML, http=SERVER_ERRORS),
    Rule("html-404-page", R.NOT_FOUND, "a web page answered 404: the URL is not the API's (a wrong base URL or path)",
         "check base_url: the API's documented base, not the provider's website",
         "corpus h1-063 (Claude Code pointed at www.anthropic.com); RFC 9110 §15.5.5",
         envelope=HTML, http=_n(404), rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}), ambiguous=True,
         other="a proxy or portal answered instead of the provider: `accesscheck scan` tells them apart"),
    Rule("html-instead-of-json", R.UNEXPECTED_RESPONSE,
         "an HTML page answered where the API's JSON was expected (captive portal, proxy or block page)",
         "sign in to the network (captive portal) or check your proxy", "RELIABILITY.md §9 F4", envelope=HTML),
    # "Access denied" and nothing more (DashScope's AccessDenied, Volcengine's, a relay's): every
    # more specific reading comes above (an invalid key, arrears, a network rule, an explicit deny).
    # What is left is most often a model the account has not activated or bought (corpus h2b-060,
    # h2b-061, h2b-063): read so, ambiguous.
    Rule("access-denied-words", R.NOT_ENTITLED, "access denied, and no reason given: most often a model this account may not use",
         "check the model's activation or purchase for this account in the provider's console",
         "corpus h2b-061 (DashScope 'status: AccessDenied, message: Access denied.'), h2b-063 (Volcengine 'Access Denied'), "
         "g2-069 (DashScope AccessDenied.Unpurchased); volcengine.com/docs/82379/1299023 (Ark AccessDenied)",
         rungs=frozenset({Rung.ACCOUNT, Rung.LIST, Rung.INVOKE}),  # a keyless refusal: the rules below
         http=_n(0, 400, 403), message=_re(r"\baccess ?denied\b|\baccessdenied\b|拒绝访问|访问被拒绝|アクセスが拒否"), ambiguous=True,
         other="a wrong model name, or a location or policy refusal: run a scan (the key's model list and the keyless "
               "probe tell them apart)"),
    # ---- generic fallbacks by status
    Rule("http-401", R.AUTH_INVALID, "the provider refused the credentials (401)", "check the key",
         "FACTS.md §0 generic fallbacks; corpus g1-049, g1-166 (a 401 with no body)", http=_n(401)),
    Rule("http-402", R.QUOTA_EXHAUSTED, "payment required (402): out of credit", "add credit",
         "FACTS.md §0 generic fallbacks; api-docs.deepseek.com error codes", http=_n(402)),
    Rule("http-403", R.NOT_ENTITLED, "forbidden (403): this account may not use it",
         "check the account's access to this model", "FACTS.md §0 generic fallbacks",
         http=_n(403), envelope=JSON, ambiguous=True),
    Rule("http-404", R.NOT_FOUND, "not found (404)", "check the model id", "FACTS.md §0 generic fallbacks",
         http=_n(404), ambiguous=True,
         other="a wrong base URL or path answers 404 too: `accesscheck scan` tries the provider's model list"),
    # A method the URL does not take: the request went to a path that is not the API's endpoint
    # (a base URL that misses or repeats a segment), like a 404.
    # Gone (RFC 9110 §15.5.11): the resource was removed for good: a retired model or API.
    Rule("http-410", R.RETIRED, "gone (410): the model or the API it called was removed",
         "pick its successor (see the provider's deprecations page)",
         "RFC 9110 §15.5.11; corpus h3b-045 (GitHub Models retirement brown-out at 410)",
         http=_n(410), ambiguous=True, other="a scheduled brown-out before a retirement: the provider's notice settles it"),
    Rule("http-405", R.NOT_FOUND, "the URL does not accept this request (405): a wrong base URL or path",
         "check base_url: the API's documented base (e.g. ending in /v1)",
         "RFC 9110 §15.5.6; corpus h2a-123 (Cline 'OpenAI Compatible' at a DeepInfra URL: 405, no body)",
         http=_n(405), ambiguous=True, other="the provider does not offer this operation at all"),
    Rule("http-408", R.TIMEOUT, "the provider timed out the request (408)", "retry later", "RFC 9110", http=_n(408)),
    Rule("http-429", R.RATE_LIMITED, "throttled (429)", "slow down", "FACTS.md §0 generic fallbacks",
         http=_n(429), envelope=JSON, when=_has_message),
    # A 429 whose message shows neither a throttle (throttle_shown) nor a used-up quota (the rules
    # above): which of the two it is, only the provider's own body tells. A client's rendering of
    # the status ("429 Client Error: Too Many Requests", "Throttling: Too many requests") is no
    # more: OpenAI sends inactive billing as a 429 too (corpus h2a-116, h2a-117, h2a-119).
    Rule("http-429-unexplained", R.UNEXPECTED_RESPONSE,
         "a 429 whose message names neither a rate limit nor a used-up quota",
         "read the provider's own body (--debug), or run a scan",
         "issue #15 (a 429 is a throttle only with positive evidence); corpus h2a-116, h2a-117 (the same words, one a "
         "quota, one a rate limit), h2a-119, h2b-046",
         http=_n(429), when=_has_message, ambiguous=True,
         other="a rate limit (reachable) or used-up credit or billing (gated): the provider's body settles it"),
    # A 429 whose body was lost (an SDK line, a Go dump): a throttle or an exhausted quota, which
    # only the body tells apart; never positive evidence the model answered.
    Rule("http-429-no-body", R.UNEXPECTED_RESPONSE, "a 429 without its body: a rate limit or an exhausted quota",
         "read the answer's body (--debug), or run a scan", "corpus g1-262 (Go http.Response dump), g1-160, g1-179",
         http=_n(429), ambiguous=True,
         other="a rate limit (reachable) or used-up credit (gated): the body's message settles it"),
    # r5-docs: 424 Failed Dependency is the model (or a service it depends on) failing (Bedrock's
    # ModelErrorException, Groq's 424): the provider's side, as a 5xx.
    Rule("http-424", R.PROVIDER_ERROR, "the model (or a service it depends on) failed (424 Failed Dependency)", "retry later",
         "docs.aws.amazon.com/bedrock (ModelErrorException, 424); console.groq.com/docs/errors (424 Failed Dependency)",
         http=_n(424)),
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
    {"anthropic", "gemini", "mistral", "deepseek", "xai", "together",
     "openrouter", "moonshot", "zhipu", "dashscope", "qihoo360", "sakana",
     "bedrock", "vertex",
     # issue #16: OpenAI-compatible hosts and labs, and Foundry on Azure's v1 surface
     "sambanova", "deepinfra", "siliconflow", "huggingface", "nebius", "novita",
     "upstage", "stepfun", "tencent", "volcengine", "qianfan", "azure-foundry", "nvidia",
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
