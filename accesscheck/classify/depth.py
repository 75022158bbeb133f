"""Reading at any depth: every object a pasted text holds (JSON inside strings inside SDK
lines, Python and JavaScript dumps, Go struct dumps), every code, type, message and status in
them and its language, which `read.enrich` adds to `Facts`; and the provider the text names
(`hints_in`), which explain reads it as.

Bounded work whatever the input (MAX_OBJECTS parses, MAX_NODES values visited) and never raises.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from accesscheck.classify import envelope

MAX_TEXT = 64 * 1024
# Who answered is said early (the SDK's class, the wrapper's prefix, the API host): the hints
# are looked for in the first 8 KiB only, so a large body costs no more than a small one.
HINT_TEXT = 8 * 1024

MAX_OBJECTS = 24  # objects parsed from one text (JSON inside strings inside SDK lines…)
MAX_NODES = 4000  # values visited over all of them: a bound on the walk, whatever the input

_CODE_KEYS = ("code", "error_code", "errorcode", "err_code", "__type", "errcode", "error_type_code")
_TYPE_KEYS = ("type", "error_type", "errortype")
_MESSAGE_KEYS = (
    "message", "msg", "error_msg", "errormessage", "error_message", "errmsg", "detail",
    "faultstring", "status_msg", "error_description", "description", "title", "details",
)  # fmt: skip
_STATUS_KEYS = ("status", "status_code", "statuscode", "http_code", "httpstatus", "http_status")
_ERROR_KEYS = ("error", "errors", "error_code", "error_msg", "errormessage", "fault", "$error")
# Every key `walk` reads in an object: one without any of them is only walked through.
_READ_KEYS = frozenset(
    (*_CODE_KEYS, *_TYPE_KEYS, *_MESSAGE_KEYS, *_STATUS_KEYS, *_ERROR_KEYS, "success", "status_msg")
) | {"ok", "ret", "retcode", "errno", "err_no"}
# The shapes a success takes in the dialects accesscheck speaks: a completion, a message, a
# model list, candidates, an embedding. A 2xx without one of them and with an error's words
# is an error wrapped as a success (the chat apps' and Lambda samples' `{"response": "Error…"}`).
SUCCESS_KEYS = frozenset(
    {"choices", "candidates", "content", "data", "models", "output", "results", "embedding",
     "embeddings", "generations", "text", "predictions", "modelsummaries", "completion"}
)  # fmt: skip
ERROR_WORDS = re.compile(
    r"\b(error|exception|denied|invalid|forbidden|unauthori[sz]ed|not found|does not exist"
    r"|exceeded|failed|failure"
    # a failure in words without "error" (Portkey's 200 {"body": {"html-message": "Network
    # connection lost."}} when its upstream dropped, corpus h5b-003): no success either
    r"|connection (lost|reset|refused|closed)|timed out|unavailable|unreachable|overloaded)\b"
    r"|错误|失败|异常|エラー",
    re.IGNORECASE,
)
# An exception's rendering: a CamelCase class name ending Error or Exception (`APIError: …`,
# `openai.error.APIError`, `ClientException(`), which ERROR_WORDS' `\berror\b` does not see
# inside the name. r8-success: an SDK's exception line at a 200 (corpus h7b-008, LangChain's
# `APIError: HTTP code 200 from API (…)`) is no success. Bounded: linear whatever the text.
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]{0,60}?(?:Error|Exception)\b")
# Unquoted `key: value` fragments: Go's %+v struct dumps ({Message:… Type:… Code:…}), SDK
# lines (`code: Arrearage, message: …`), flattened relays (`type X, code Y, message Z`).
LOOSE_FIELD = re.compile(
    r"(?<![\w\"'])(code|type|status|error_code|errorcode|__type)[\"']?\s*[:=]\s*[\"'“]?([A-Za-z][\w.\-]{2,60})",
    re.IGNORECASE,
)
FLAT_FIELD = re.compile(r"\b(type|code) ([a-z]+_[a-z_]+)\b")
# The words one of which is in every match (lacks): what lets a text without them skip it.
LOOSE_FIELD_NEEDS = ("code", "type", "status")
FLAT_FIELD_NEEDS = ("type ", "code ")  # as written: FLAT_FIELD is case-sensitive
# Identifiers distinctive enough to be a code wherever they stand (snake_case or CamelCase
# names such as billing_not_active, AccountOverdueError): a rule's code matches them as
# words of the text too, so a wrapper that flattened the JSON does not hide them.
IDENTIFIER = re.compile(
    r"\b[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+\b|\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+\b"
)
# The same envelopes written out where no parser could read them (a paste cut short, a
# non-JSON number): an error field with a value, `success: false`, `status: "failure"`.
ERROR_FIELD = re.compile(
    r"[\"']?\b(?:error|errors|error_code|error_msg|errormessage)[\"']?\s*[:=]\s*(?!null\b|none\b|false\b|\"\"|''|\[\]|\{\s*\}|0\b)"
    r"|[\"']?\bsuccess[\"']?\s*[:=]\s*false\b|[\"']?\bstatus[\"']?\s*[:=]\s*[\"']fail",
    re.IGNORECASE,
)
ERROR_FIELD_NEEDS = ("error", "success", "status")


def lacks(lowered: str | None, words: tuple[str, ...]) -> bool:
    """True when a pattern that needs one of `words` cannot match: `lowered` is the text
    lower-cased when it is ASCII (None otherwise: Unicode case folding, ſ for s, K for k, is
    the regex's to judge, so every pattern runs)."""
    return bool(words) and lowered is not None and not any(w in lowered for w in words)


def matches(
    pattern: re.Pattern[str], words: tuple[str, ...], text: str, lowered: str | None
) -> Iterable[re.Match[str]]:
    """The pattern's matches in the text; none, without running it, when `lacks` says so."""
    return () if lacks(lowered, words) else pattern.finditer(text)


_CJK = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


# The only characters _balanced_chunks acts on: it jumps from one to the next (#12: a loop
# over every character of every answer was the largest part of reading a success).
_SPECIAL = re.compile(r"[{}\"'\\\n]")


def _balanced_chunks(text: str) -> list[str]:
    """Every outermost {...} span in the text (braces inside quoted strings are skipped), and
    a final unclosed one (a paste cut short) closed as far as it goes."""
    chunks: list[str] = []
    depth = 0
    start = -1
    quote = ""
    escaped_at = -1  # the index of the character a backslash inside a quote escapes
    for match in _SPECIAL.finditer(text):
        index = match.start()
        char = match.group()
        if quote:
            if index == escaped_at:
                continue
            if char == "\\":
                escaped_at = index + 1
            elif char in (quote, "\n"):
                quote = ""
            continue
        if char in "\"'" and depth > 0:
            quote = char
        elif char == "{":
            if depth == 0:
                start = index
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
            if depth == 0:
                chunks.append(text[start : index + 1])
                if len(chunks) >= MAX_OBJECTS:
                    break
    if depth > 0 and start >= 0 and len(chunks) < MAX_OBJECTS:
        chunks.append(text[start:] + "}" * depth)
    return chunks


balanced_chunks = _balanced_chunks  # for classify.success, which needs the spans themselves


def objects(text: str, load: Callable[[str], Any]) -> list[Any]:
    """The objects a text holds at any depth, outermost first: each {...} span parsed as JSON,
    a Python repr or a JS dump, and again inside every string value that holds one."""
    found: list[Any] = []
    pending = [text]
    while pending and len(found) < MAX_OBJECTS:
        current = pending.pop(0)
        for chunk in _balanced_chunks(current):
            data = load(chunk)
            if data is None and '\\"' in chunk:  # JSON escaped inside a string of a dump
                data = load(chunk.replace('\\"', '"'))
            if data is None:
                continue
            found.append(data)
            pending.extend(_strings_with_objects(data))
            if len(found) >= MAX_OBJECTS:
                break
    return found


def _strings_with_objects(data: Any) -> list[str]:
    out: list[str] = []
    stack = [data]
    seen = 0
    while stack and seen < MAX_NODES:
        item = stack.pop()
        seen += 1
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, str) and "{" in item and "}" in item:
            out.append(item)
    return out


@dataclass
class Found:
    codes: list[str]
    types: list[str]
    messages: list[str]
    statuses: list[int]
    error: bool = False
    success: bool = False


def add(items: list[Any], value: Any) -> None:
    if value not in items:
        items.append(value)


def walk(data: Any, found: Found, top: bool) -> None:
    """Collect every code, type, message and status in one parsed object (iterative)."""
    stack: deque[tuple[Any, int]] = deque([(data, 0)])  # breadth first: outermost first
    visited = 0
    while stack and visited < MAX_NODES:
        item, depth = stack.popleft()
        visited += 1
        if isinstance(item, list | tuple):
            stack.extend((child, depth + 1) for child in item)
            continue
        if not isinstance(item, Mapping):
            continue
        lowered = {str(k).lower(): v for k, v in item.items()}
        if top and depth == 0:
            found.success = found.success or any(
                envelope.success_value(lowered[key]) for key in SUCCESS_KEYS & set(lowered)
            )
        # An object with none of the keys _collect reads is only walked through: most objects
        # of a success, which is most answers a --deep scan reads (#12).
        if not _READ_KEYS.isdisjoint(lowered):
            _collect(lowered, found)
        stack.extend((child, depth + 1) for child in item.values())


def _collect(lowered: Mapping[str, Any], found: Found) -> None:
    """What one object (its keys lower-cased) says: error or not, codes, types, messages."""
    for key in _ERROR_KEYS:
        if lowered.get(key) not in (None, "", [], {}, False, 0):
            found.error = True
    if envelope.envelope_error(lowered):
        found.error = True
    if lowered.get("success") is False or lowered.get("status") in ("failure", "fail", "error"):
        found.error = True
    # MiniMax answers errors with 200 and base_resp {status_code: non-zero, status_msg}
    if "status_msg" in lowered and lowered.get("status_code") not in (0, "0", None):
        found.error = True
    for key in _CODE_KEYS:
        value = lowered.get(key)
        if isinstance(value, str) and value.strip():
            add(found.codes, value.strip())
        elif isinstance(value, int) and not isinstance(value, bool):
            if 100 <= value <= 599 and key in ("code", "error_code"):
                add(found.statuses, value)
            if value >= 1000 or key == "error_code":
                add(found.codes, str(value))
    for key in _TYPE_KEYS:
        value = lowered.get(key)
        if isinstance(value, str) and value.strip() and value != "error":
            add(found.types, value.strip())
    for key in _MESSAGE_KEYS:
        value = lowered.get(key)
        if isinstance(value, str) and value.strip():
            add(found.messages, value.strip())
    for key in _STATUS_KEYS:
        value = lowered.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            if 100 <= value <= 599:
                add(found.statuses, value)
            elif value != 0 and key in ("status_code", "statuscode"):  # MiniMax base_resp
                found.error = True
                add(found.codes, str(value))
        elif (
            isinstance(value, str)
            and value.isascii()
            and value.isdigit()
            and 100 <= int(value) <= 599
        ):
            add(found.statuses, int(value))
        elif isinstance(value, str) and value.isupper() and "_" in value:
            add(found.codes, value)  # a Google canonical status at any depth
    inner = lowered.get("error")
    if isinstance(inner, str) and inner.strip():
        add(found.messages, inner.strip())


def language(text: str) -> str:
    if _KANA.search(text):
        return "ja"
    return "zh" if _CJK.search(text) else "en"


# Who answered, as the text says it: SDK exception classes and modules, API hosts, the
# wrappers' own names for the provider (`OpenAIException - …` in LiteLLM, `together-ai
# error:` in TrueFoundry), error shapes only one provider uses. The first family named wins
# in `hints_in`'s order, which follows the text.
_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(pattern, re.IGNORECASE))
    for family, pattern in (
        ("openrouter", r"openrouter"),
        ("azure-openai", r"azure|openai\.azure\.com|cognitiveservices|aka\.ms/oai"),
        (
            "bedrock",
            r"bedrock|botocore|amazonaws\.com|arn:aws|\(ThrottlingException\)|ValidationException",
        ),
        ("vertex", r"aiplatform\.googleapis\.com|vertex_?ai|vertexai"),
        (
            "gemini",
            r"generativelanguage\.googleapis\.com|googlegenerativeai|google\.genai|gemini|ai\.google\.dev",
        ),
        ("anthropic", r"anthropic"),
        ("xai", r"\bx\.ai\b|\bxai\b"),
        ("groq", r"\bgroq"),
        ("mistral", r"mistral"),
        ("deepseek", r"deepseek"),
        ("dashscope", r"dashscope|aliyun|alibaba|bailian"),
        ("zhipu", r"bigmodel\.cn|zhipu|\bz\.ai\b"),
        ("moonshot", r"moonshot"),
        ("volcengine", r"volces\.com|volcengine|\bark\b"),
        ("qianfan", r"qianfan|baidu|erniebot|wenxin"),
        ("siliconflow", r"siliconflow"),
        ("huggingface", r"huggingface|hf-inference"),
        ("together", r"together\.(ai|xyz)|together-ai|togethercomputer"),
        ("fireworks", r"fireworks"),
        ("cohere", r"cohere"),
        ("perplexity", r"perplexity"),
        ("cerebras", r"cerebras"),
        ("sambanova", r"sambanova"),
        ("minimax", r"minimax"),
        ("nvidia", r"nvidia|\bnim\b|nvcf"),
        ("ollama", r"ollama"),
        ("openai", r"openai|api\.openai\.com"),
    )
)
# A model's name says whose model it is, not who served it (a gateway serves Claude, a host
# serves Qwen): the weakest hint, used only when nothing else names a provider.
_MODEL_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(pattern, re.IGNORECASE))
    for family, pattern in (
        ("anthropic", r"claude"),
        ("xai", r"\bgrok"),
        ("dashscope", r"\bqwen"),
        ("zhipu", r"\bglm-"),
        ("moonshot", r"\bkimi\b"),
        ("volcengine", r"doubao"),
        ("qianfan", r"\bernie"),
        ("openai", r"\bgpt-"),
    )
)


# How a wrapper names the provider that answered: LiteLLM's `AzureException - …`, TrueFoundry's
# `aws-bedrock error: …`, `Upstream provider NIM returned …`, `Error from provider (Alibaba)`,
# Chatbox's `Error from SiliconFlow:`, `Invalid response received from deepinfra`. These say who
# answered; an SDK's own name (openai.BadRequestError) says only which client was used.
# Every repetition is bounded (a name of 60 characters, a host of 8 labels): unbounded, a text
# of many short words ("a.a.a.…", "a-a-a-…") was scanned to its end from every word's start,
# 1.7 s for the 8 KB a hint is read from.
_WRAPPER_NAMES = re.compile(
    r"\b([a-z][\w-]{0,60}?)exception\b|\b([a-z][\w-]{0,60}) error: |upstream provider (\w+)"
    r"|error from provider \((\w+)\)|error from (\w+):|invalid response received from (\w+)"
    r"|\bprovider: (\w+)"  # Continue's error report: "Provider: openrouter"
    # a host: the API's, or its docs'
    r"|\b(?P<host>(?:[a-z0-9-]{1,63}\.){1,8}(?:com|ai|cn|io|net|dev|xyz)\b)",
    re.IGNORECASE,
)


def _families_named(
    text: str, table: tuple[tuple[str, re.Pattern[str]], ...] = _HINTS
) -> list[tuple[int, str]]:
    named: list[tuple[int, str]] = []
    for family, pattern in table:
        match = pattern.search(text)
        if match:
            named.append((match.start(), family))
    return sorted(named)


def hints_in(text: str) -> tuple[str, ...]:
    """The provider families a text names: those a wrapper names as the answering provider
    first, then every other in the order the text names them, then those whose models it names."""
    head = text[:HINT_TEXT]
    strong: list[str] = []
    # An API host outranks a wrapper's exception name: LiteLLM raises VertexAIException for the
    # Gemini API too (its gemini/ models share the Vertex code: BerriAI/litellm#11725), and the host
    # says which answered.
    matches = sorted(_WRAPPER_NAMES.finditer(head), key=lambda m: m.group("host") is None)
    for match in matches:
        name = next(g for g in match.groups() if g)
        for _, family in _families_named(name)[:1]:
            if family not in strong:
                strong.append(family)
    found = strong + [family for _, family in _families_named(head) if family not in strong]
    models = [f for _, f in _families_named(head, _MODEL_NAMES) if f not in found]
    return tuple(found + models)
