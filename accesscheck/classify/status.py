"""The HTTP status a text states, in every way people paste one: SDK lines, chat apps, Go, .NET,
Java and Swift renderings, raw HTTP heads, access logs, HTML error pages — and, where no number
is written, the status an SDK's exception class stands for (`NotFoundError` is a 404).

Pure and bounded (the first MAX_TEXT characters); never raises. `read` and `explain` use it.
"""

from __future__ import annotations

import re

from accesscheck.classify import depth

MAX_TEXT = 64 * 1024

_STATUS_PREFIX = re.compile(
    r"^\s*(?:\[?API Error:\s*)?(?:Error(?: code)?:?\s*|status(?:_code)?[=: ]\s*)?(\d{3})\b(?![.\d])"
)
# A status is three digits and no more: "Error code: 2001" is a provider's own code, not a 200.
_SDK_STATUS = re.compile(
    r"(?:Error code|status code|status_code|Status Code)[:= ]+\s*(\d{3})\b(?![.\d])"
)


def status_from_text(text: str) -> int | None:
    """The HTTP status a pasted line states (`Error code: 404 - …`, `429 You exceeded…`,
    `Status Code: 403`, `HTTP 429:`, a Gin access line `| 403 |`), the outermost first; where
    no number is written, the status the text names (`StatusCode: NotFound`) or its SDK
    exception class stands for (`openai.NotFoundError`), else None."""
    found = statuses_in_text(text)
    return found[0] if found else named_status(text)


# A status written as its name: .NET's HttpStatusCode (`StatusCode: NotFound`,
# learn.microsoft.com/dotnet/api/system.net.httpstatuscode) and Go's net/http constants
# (`http.StatusNotFound`).
_STATUS_NAMES = {
    "notfound": 404, "unauthorized": 401, "forbidden": 403, "methodnotallowed": 405,
    "requesttimeout": 408, "toomanyrequests": 429, "internalservererror": 500,
    "badgateway": 502, "serviceunavailable": 503, "gatewaytimeout": 504,
}  # fmt: skip
_NAMED = re.compile(
    r"(?:\bstatus ?code\W{1,3}|\bHttpStatusCode\.|\bhttp\.Status)("
    + "|".join(_STATUS_NAMES)
    + r")\b",
    re.IGNORECASE,
)
# The exception classes SDKs raise for one status each: openai-python, anthropic-sdk-python,
# groq, LiteLLM and their JavaScript twins (NotFoundError 404, InternalServerError 500…:
# src/*/_exceptions.py), google.api_core.exceptions (NotFound, ServiceUnavailable…), Azure's
# azure.core.exceptions (ResourceNotFoundError), AWS's service exceptions
# (ResourceNotFoundException, InternalServerException, ServiceUnavailableException), Java's
# and .NET's …NotFoundException. Never a success and never 429: a class says which status,
# not that a throttle was positive evidence (RateLimitError is raised for used-up credit too).
# FileNotFoundError and ModuleNotFoundError are the client's own: no prefix but these.
_CLASSES: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern), status)
    for pattern, status in (
        (
            r"\b(?:Resource|Deployment|Model|Endpoint|OllamaEndpoint|Api|API)?NotFound"
            r"(?:Error|Exception)\b|\bDeploymentNotFound\b|\.NotFound\b",
            404,
        ),
        (
            r"\b(?:Gateway)?AuthenticationError\b|\bUnauthorized(?:Error|Exception)\b"
            r"|\.Unauthenticated\b",
            401,
        ),
        (
            r"\bPermissionDenied(?:Error|Exception)\b|\bForbidden(?:Error|Exception)\b"
            r"|\.PermissionDenied\b",
            403,
        ),
        (r"\bInternalServer(?:Error|Exception)\b", 500),
        (r"\bBadGateway(?:Error|Exception)\b|\.BadGateway\b", 502),
        (r"\bServiceUnavailable(?:Error|Exception)\b|\.ServiceUnavailable\b", 503),
        (r"\bGatewayTimeout(?:Error|Exception)\b|\.GatewayTimeout\b", 504),
    )
)


# A reason phrase standing alone as the error's whole message (Vercel AI SDK's
# "AI_APICallError: Not Found", a bare "Service Unavailable" page): RFC 9110's phrases for
# the statuses that need no body to read. Never "Too Many Requests": a throttle needs its body.
_REASON_ALONE = re.compile(
    r"(?:^|(?:error|exception)\]?\s*[:\-]\s*)(not found|unauthorized|forbidden|method not allowed"
    r"|internal server error|bad gateway|service unavailable|gateway time-?out)\s*\.?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
# An error page's title: the status it names (Cloudflare's "api.example.com | 522: Connection
# timed out", nginx's "502 Bad Gateway", Google's "Error 404 (Not Found)!!1"), or its reason
# phrase ("Page not found").
_TITLE_STATUS = re.compile(r"<title[^>]*>[^<]{0,80}?\b([45]\d\d)\b", re.IGNORECASE)
_TITLE_REASON = re.compile(
    r"<title[^>]*>\s*(?:page |error:? |http )?(not found|unauthorized|forbidden|method not allowed"
    r"|internal server error|bad gateway|service unavailable|gateway time-?out)\s*<",
    re.IGNORECASE,
)
_REASONS = {
    "not found": 404, "unauthorized": 401, "forbidden": 403, "method not allowed": 405,
    "internal server error": 500, "bad gateway": 502, "service unavailable": 503,
    "gateway timeout": 504, "gateway time-out": 504,
}  # fmt: skip


def named_status(text: str) -> int | None:
    """The status a text names without its number: a status name, a reason phrase that is the
    whole message, else the first SDK exception class that stands for one (in the order
    written)."""
    head = text[:MAX_TEXT]
    named = _NAMED.search(head)
    if named:
        return _STATUS_NAMES[named.group(1).lower()]
    alone = _REASON_ALONE.search(head) or _TITLE_REASON.search(head)
    if alone:
        return _REASONS[alone.group(1).lower()]
    titled = _TITLE_STATUS.search(head)
    if titled:
        return int(titled.group(1))
    found = [(m.start(), status) for pattern, status in _CLASSES if (m := pattern.search(head))]
    if found and min(found)[1] >= 500 and _NO_ANSWER.search(head):
        return None  # a 5xx class around a failure that got no HTTP answer (below)
    return min(found)[1] if found else None


# A server-error class is no status when the text names a failure that got no HTTP answer at all:
# LiteLLM raises its 500-class exceptions for any error it does not map (docs.litellm.ai/docs/
# exception_mapping: "If any unmapped error is returned, we return this"), a DNS failure among
# them ("litellm.InternalServerError: AnthropicException - [Errno -3] Temporary failure in name
# resolution", corpus h4b-067, h4b-068; round 5). A status written as a number still counts.
_NO_ANSWER = re.compile(
    r"name resolution|name or service not known|nodename nor servname|no address associated with"
    r"|getaddrinfo|enotfound|eai_again|cannot connect to host|connection refused|econnrefused"
    r"|actively refused|network is unreachable|no route to host|all connection attempts failed",
    re.IGNORECASE,
)


# Where a status is written in the forms people paste: SDK lines (openai-python "Error code:",
# go-openai "status code:", Java/.NET "Status Code:"), chat apps ("API Error: 400", "HTTP 429:"),
# JS object dumps (`status: 403,`), Go http.Response dumps (`&{429 Too Many Requests`), raw
# HTTP heads (`HTTP/1.1 403 Forbidden`) and Gin access logs (`| 403 |`). Each needs its keyword
# or position: a bare number in a message is never a status.
#
# Each pattern comes with the words it cannot match without (any case; () for none): in an ASCII
# text that holds none of them it is not run, which gives the same statuses (#12: running every
# pattern over every success body was a tenth of a --deep scan's CPU). A pattern added here
# names its words, or () — tests/classify/test_read_speed.py checks each against the corpus.
_STATUS_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(p, re.IGNORECASE), needs)
    for p, needs in (
        (
            r"(?:error code|status code(?: does not indicate success)?|status_code|statuscode"
            r"|http status|http code|http_code)"
            r"\W{0,4}(?:http_status_)?(\d{3})\b",
            ("code", "status"),
        ),
        (r"\bhttp(?:/[\d.]+)?[ :(]+(\d{3})\b", ("http",)),
        (
            r"\b(?:api error|error|status|code|invalid status code|returned|failed with)"
            r"[:=]?\s*\(?\[?(\d{3})\b(?![.\d])",
            ("error", "status", "code", "returned", "failed with"),
        ),
        (r"[\"']?status[\"']?\s*[:=]\s*(\d{3})\b", ("status",)),
        (r"&\{(\d{3}) [A-Z]", ()),
        (r"\|\s+(\d{3})\s+\|", ()),
        (r"^\W{0,3}(\d{3})(?:\s|:|$)", ()),
        (r"\[(\d{3})\s*\]", ()),
        # Chinese apps: "请求失败: 401" (request failed), "错误：404", "状态码 429" (corpus h1-088)
        (r"(?:失败|错误|状态码)\s*[:：]?\s*(\d{3})\b(?![.\d])", ("失败", "错误", "状态码")),
        # (not a port: gRPC's debug_error_string writes "peer ipv4:158.160.54.160:443 {…}",
        # corpus h6c-025; r7-flow)
        (
            r"(?<![:.])\b([45]\d\d) (?:\{|unauthorized|forbidden|not found|too many requests"
            r"|bad request|payment required|internal server error|service unavailable|bad gateway"
            r"|gateway timeout|client error)",
            (),
        ),
    )
)


def statuses_in_text(text: str) -> tuple[int, ...]:
    """Every HTTP status the text states, in the order written."""
    head = text[:MAX_TEXT]
    found: list[tuple[int, int]] = []
    for pattern in (_SDK_STATUS, _STATUS_PREFIX):
        match = pattern.search(head) if pattern is _SDK_STATUS else pattern.match(head)
        if match and 100 <= int(match.group(1)) <= 599:
            found.append((match.start(1), int(match.group(1))))
    lowered = head.lower() if head.isascii() else None
    for pattern, needs in _STATUS_PATTERNS:
        for match in depth.matches(pattern, needs, head, lowered):
            if 100 <= int(match.group(1)) <= 599:
                found.append((match.start(1), int(match.group(1))))
    ordered: list[int] = []
    for _, status in sorted(found):
        if status not in ordered:
            ordered.append(status)
    return tuple(ordered)


def body_status(statuses: tuple[int, ...]) -> int | None:
    """The status a pasted body's own fields give where the text states none (`"code": 404`
    in an error object, `"status": 503` at any depth: `read.Facts.statuses`): an error status
    only. A 2xx in a body is no proof of success and a 429 no proof of a throttle (a relay
    writes both beside used-up credit), so neither is taken from a body."""
    return next((s for s in statuses if 400 <= s <= 599 and s != 429), None)


# The reason phrase a client library writes beside the status it renders is the status's name,
# not words of the provider's: python-requests' raise_for_status ("429 Client Error: Too Many
# Requests for url: …", requests/models.py), .NET's HttpResponseMessage ("ReasonPhrase:
# 'Too Many Requests'"), and Semantic Kernel's pre-1.0 AIException, which words every 429 alike
# whatever its body ("Throttling: Too many requests, HTTP status: 429": corpus h2a-116, used-up
# credit, and h2a-117, a throttle). Message rules must not read it as the provider's message (a
# bare 429 is a throttle or used-up credit; only the body tells: corpus h2a-119).
_RENDERED_REASON = re.compile(
    r"(\b\d{3} (?:client|server) error: )[a-z][a-z' -]{1,40}?( for url\b)"
    r"|(reasonphrase\W{1,4})[a-z][a-z -]{1,40}"
    r"|(?:throttling: )?too many requests(, http status: \d{3})"
    # a proxy's 407 beside its reason phrase: the proxy asks for credentials, not the provider
    r"|(\b407\W{1,3})proxy authentication required"
)
_RENDERINGS = ("for url", "reasonphrase", "http status", "proxy authentication")


def without_reason_phrases(lowered: str) -> str:
    """The lower-cased text without the reason phrases client libraries render beside a status
    (the status stays)."""
    if not any(word in lowered for word in _RENDERINGS):
        return lowered
    return _RENDERED_REASON.sub(
        lambda m: (m.group(1) or m.group(3) or m.group(5) or "") + (m.group(2) or m.group(4) or ""),
        lowered,
    )
