"""Read a provider's error answer, whatever shape it arrives in, into `Facts`.

Bodies come as JSON from the wire, but users paste them as Python reprs
(`{'error': {...}}`), JS object dumps (`{ error: { code: 'x' } }`), SDK lines
(`Error code: 404 - {...}`), plain `429 You exceeded…` lines, truncated excerpts and HTML.
Parsing is lenient and never raises: what cannot be parsed is searched field by field.
"""

from __future__ import annotations

import ast
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from accesscheck.classify import depth, envelope
from accesscheck.classify.status import statuses_in_text, without_reason_phrases

MAX_TEXT = 64 * 1024
# What the message rules read of each of the message and the raw text. Every answer on record
# says what it means within its first 2 KB (the corpus's longest body is 1.5 KB; a block page's
# title and headings are read into the message); the table's 182 rules over the whole 64 KB
# of a junk body cost a second per answer, and a scan reads several (issue #15, round 4).
RULE_TEXT = 16 * 1024
# The one JSON reader's bounds. A body is at most probe.MAX_BODY_BYTES and a report at most
# policy.MAX_REPORT_BYTES; no answer or report we read nests anywhere near 64 levels, and
# refusing deeper documents keeps every later walk over them (str(), ==, json.dumps) far
# from the recursion limit: a 10 KB body of 1,000 nested arrays used to end the scan.
MAX_JSON_BYTES = 16 * 1024 * 1024
MAX_JSON_DEPTH = 64

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_FIELD = (
    r"""["']?{name}["']?\s*:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+)|(null|None))"""
)
_JS_KEY = re.compile(r"([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*:)")
# A Google QuotaFailure's quotaId wherever it stands: JSON escaped inside a string of an SDK's
# dump (corpus h1-138), a protobuf text rendering. Only the id tells a per-minute limit from a
# per-day cap (google-gemini/gemini-cli#8437), so a wrapper must not hide it.
_QUOTA_ID = re.compile(r"quota_?id\W{1,6}([A-Za-z][\w-]{3,100})", re.IGNORECASE)


# gRPC's ErrorInfo flattened as protobuf text (`metadata { key: "quota_limit_value" value: "0" }`,
# corpus h2a-129) says what its JSON says: each entry is read as `key: value`, and the quota's
# limit as Google's messages write it ("…, limit: 0": the free tier's none).
_PROTO_ENTRY = re.compile(r'key: "(\w{1,60})" value: "([^"]{0,200})"')


def _proto_entries(lowered: str) -> str:
    if 'key: "' not in lowered:
        return lowered

    def entry(match: re.Match[str]) -> str:
        key, value = match.group(1), match.group(2)
        return f"{key}: {value}" + (f" (limit: {value})" if key == "quota_limit_value" else "")

    return _PROTO_ENTRY.sub(entry, lowered)


@dataclass(frozen=True)
class Facts:
    """The parts of an answer that classification rules look at.

    The first fields are the outermost error object's (what a provider's own body says); the
    tuples after them hold everything found at any depth — JSON inside strings inside SDK lines,
    Python and JavaScript dumps, Go struct dumps, `key: value` fragments — so that a fingerprint
    still matches when a wrapper (an SDK, a gateway, a chat app, a log) moved it."""

    http_status: int | None
    envelope: str  # "json" | "text" | "html" | "empty"
    message: str = ""
    code: str | None = None  # error.code when it is a string (OpenAI, Zhipu, …)
    type: str | None = None  # error.type
    top_type: str | None = None  # top-level "type" (Anthropic's envelope says "error")
    google_status: str | None = None  # error.status (Google's canonical code name)
    reasons: tuple[str, ...] = ()  # details[].reason (Google ErrorInfo)
    quota_ids: tuple[str, ...] = ()  # details[].violations[].quotaId
    html_title: str | None = None
    raw: str = ""
    data: Mapping[str, Any] | None = None
    codes: tuple[str, ...] = ()  # every error code at any depth (provider numbers as text)
    types: tuple[str, ...] = ()  # every error type at any depth
    messages: tuple[str, ...] = ()  # every error message at any depth, outermost first
    statuses: tuple[int, ...] = ()  # every HTTP status the text states, outermost first
    language: str = "en"  # "zh" or "ja" when the text is written in Chinese or Japanese
    error_in_body: bool = False  # the body is an error (what makes a 2xx no success)
    retry_after: int | None = None  # the Retry-After header's delay in seconds (RFC 9110 §10.2.3)

    @cached_property
    def text(self) -> str:
        """What a message rule searches: the message plus the raw text, each up to RULE_TEXT,
        lower-cased, with every run of white space one space (terminals and logs wrap lines inside
        messages). Computed once: every rule of the table reads it."""
        said = f"{self.message[:RULE_TEXT]}\n{self.raw[:RULE_TEXT]}"
        text = " ".join(said.lower().split())
        return _proto_entries(without_reason_phrases(text))

    @property
    def all_codes(self) -> frozenset[str]:
        found = {self.code} if self.code else set()
        return frozenset(found | set(self.codes))

    @property
    def all_types(self) -> frozenset[str]:
        found = {self.type} if self.type else set()
        return frozenset(found | set(self.types))


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity: Python's extension, not JSON


_CONTAINERS = (dict, list, tuple, set, frozenset)


def _depth_within(data: Any, limit: int) -> bool:
    """True when containers nest at most `limit` deep (an explicit stack: no recursion)."""
    # Only containers are stacked: a scalar can be neither too deep nor hold anything (#12:
    # stacking every value of every answer was a measurable part of reading it).
    stack: list[tuple[Any, int]] = [(data, 1)] if isinstance(data, _CONTAINERS) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children if isinstance(child, _CONTAINERS))
    return True


def load_json(
    text: str | bytes, *, limit: int = MAX_JSON_BYTES, max_depth: int = MAX_JSON_DEPTH
) -> Any:
    """The one JSON reader for everything we did not write (bodies, traces, reports): the
    document, or None when it is not JSON, too big, too deep or not decodable. Never raises:
    a failed parse is data. (A JSON `null` also gives None: nothing usable either way.)"""
    if len(text) > limit:
        return None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError, MemoryError, TypeError):
        # ValueError covers JSONDecodeError, UnicodeDecodeError and Python's int-digits limit.
        return None
    return data if _depth_within(data, max_depth) else None


def _object_span(text: str) -> str | None:
    """From the first { to the last } of the text, or None."""
    start = text.find("{")
    end = text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else None


def _load_object(text: str) -> Any:
    """JSON, Python repr, or a JS object dump: the first {...} in the text, or None."""
    chunk = _object_span(text)
    if chunk is None:
        return None
    data = load_json(chunk)
    if data is not None:
        return data
    js = _JS_KEY.sub(r'\1"\2"\3', chunk)
    js = re.sub(r"\bnull\b", "None", re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", js)))
    for source in (chunk, js):
        try:
            data = ast.literal_eval(source)
        except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
            continue
        return data if _depth_within(data, MAX_JSON_DEPTH) else None
    return None


load_object = _load_object  # for classify.success: one object of a stream's lines


def _field(text: str, name: str) -> list[str]:
    out = []
    for match in re.finditer(_FIELD.format(name=re.escape(name)), text):
        value = next((g for g in match.groups() if g is not None), None)
        if value is not None and value not in ("null", "None"):
            out.append(value)
    return out


def _error_object(data: Mapping[str, Any]) -> Mapping[str, Any]:
    inner = data.get("error")
    if isinstance(inner, Mapping):
        return inner
    if isinstance(inner, list) and inner and isinstance(inner[0], Mapping):
        return _error_object(inner[0])
    return data


def _details(error: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    reasons: list[str] = []
    quota_ids: list[str] = []
    # the Google JS SDK names them errorDetails (corpus h5a-073, r6-access)
    details = error.get("details") or error.get("errorDetails")
    if isinstance(details, list):
        for item in details:
            if not isinstance(item, Mapping):
                continue
            if isinstance(item.get("reason"), str):
                reasons.append(item["reason"])
            violations = item.get("violations")
            for violation in violations if isinstance(violations, list) else ():
                if isinstance(violation, Mapping) and isinstance(violation.get("quotaId"), str):
                    quota_ids.append(violation["quotaId"])
    return tuple(reasons), tuple(quota_ids)


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


_AWS_EXCEPTION = re.compile(r"\b([A-Z][A-Za-z]+Exception)\b")


def read(
    body: str,
    http_status: int | None,
    content_type: str = "",
    headers: Mapping[str, str] | None = None,
) -> Facts:
    """Turn a response body (or a pasted log line) into Facts. Never raises."""
    facts = _read(body, http_status, content_type)
    # The object _read parsed is the first the any-depth reader meets in a JSON body: it is
    # not parsed twice (#12: a --deep scan reads one answer per model).
    span = _object_span(facts.raw) if facts.data is not None else None
    facts = enrich(facts, {span: facts.data} if span is not None else None)
    if facts.code is None:
        # AWS names the error in a header (x-amzn-ErrorType: AccessDeniedException:http://…)
        # and SDK lines name it in the text (FACTS.md §2.5).
        header = (headers or {}).get("x-amzn-errortype", "")
        found = header.split(":")[0].strip() or next(iter(_AWS_EXCEPTION.findall(facts.raw)), "")
        if found:
            facts = replace(facts, code=found)
    delay = (headers or {}).get("retry-after", "").strip()  # names are lower-cased (Observation)
    if delay.isascii() and delay.isdigit() and len(delay) <= 9:
        facts = replace(facts, retry_after=int(delay))
    return facts


def _read(body: str, http_status: int | None, content_type: str) -> Facts:
    raw = body[:MAX_TEXT]
    stripped = raw.strip()
    if not stripped:
        return Facts(http_status, "empty", raw=raw)
    lowered = stripped[:512].lower()
    if (
        "html" in content_type
        or lowered.startswith(("<!doctype", "<html", "<head", "<body"))
        or ("<html" in lowered)
    ):
        title = _TITLE.search(raw)
        text_title = html.unescape(title.group(1)).strip() if title else None
        return Facts(http_status, "html", message=text_title or "", html_title=text_title, raw=raw)
    data = _load_object(raw)
    if isinstance(data, Mapping):
        error = _error_object(data)
        message = (
            _str(error.get("message"))
            or _str(data.get("message"))
            or _str(data.get("Message"))  # AWS spells it with a capital M at times
            or (_str(data.get("error")) or _str(data.get("detail")) or "")
        )
        code = error.get("code")
        reasons, quota_ids = _details(error)
        return Facts(
            http_status,
            "json",
            message=message,
            code=code if isinstance(code, str) else None,
            type=_str(error.get("type")),
            top_type=_str(data.get("type")),
            google_status=_str(error.get("status")),
            reasons=reasons,
            quota_ids=quota_ids,
            raw=raw,
            data=data,
        )
    # Truncated or otherwise unparseable: pick the fields out of the text itself.
    codes = [c for c in _field(raw, "code") if not c.lstrip("-").isdigit()]
    statuses = [s for s in _field(raw, "status") if s.isupper()]
    messages = _field(raw, "message")
    message = messages[0] if messages else stripped
    return Facts(
        http_status,
        "json" if "{" in raw else "text",
        message=message,
        code=codes[0] if codes else None,
        type=next(iter(_field(raw, "type")), None),
        google_status=statuses[0] if statuses else None,
        reasons=tuple(_field(raw, "reason")),
        quota_ids=tuple(_field(raw, "quotaId")),
        raw=raw,
    )


def enrich(facts: Facts, parsed: Mapping[str, Any] | None = None) -> Facts:
    """Facts with everything found at any depth added (never raises, bounded work). `parsed`:
    objects already read from the text, by the span they were read from."""
    raw = facts.raw

    def load(chunk: str) -> Any:
        return parsed[chunk] if parsed is not None and chunk in parsed else _load_object(chunk)

    text = raw.translate(depth.QUOTES)
    found = depth.Found([], [], [], [])
    if facts.data is not None:
        depth.walk(facts.data, found, top=True)
    for index, data in enumerate(depth.objects(text, load) if facts.envelope != "html" else []):
        if index == 0 and facts.data is not None and data == facts.data:
            continue
        depth.walk(data, found, top=facts.data is None and index == 0)
    lowered = text.lower() if text.isascii() else None
    for match in depth.matches(depth.LOOSE_FIELD, depth.LOOSE_FIELD_NEEDS, text, lowered):
        key, value = match.group(1).lower(), match.group(2).rstrip(".,")
        if key == "type":
            if value.lower() not in ("error", "application", "text"):
                depth.add(found.types, value)
        elif key == "status":
            if value.isupper() or "." in value:  # RESOURCE_EXHAUSTED, Throttling.AllocationQuota
                depth.add(found.codes, value)
        else:
            depth.add(found.codes, value)
    # FLAT_FIELD is case-sensitive: its words are looked for in the text as it is.
    for match in depth.matches(depth.FLAT_FIELD, depth.FLAT_FIELD_NEEDS, text, text):
        depth.add(found.types if match.group(1) == "type" else found.codes, match.group(2))
    for word in depth.IDENTIFIER.findall(text[:8192]):
        depth.add(found.codes, word)
    statuses = list(statuses_in_text(text))
    for status in found.statuses:
        depth.add(statuses, status)
    error = (
        found.error
        or (
            not depth.lacks(lowered, depth.ERROR_FIELD_NEEDS)
            and bool(depth.ERROR_FIELD.search(text))
        )
        or (
            not depth.lacks(lowered, envelope.OK_FALSE_NEEDS)
            and bool(envelope.OK_FALSE.search(text))
        )
    )
    if (
        not found.success
        and not error
        and (depth.ERROR_WORDS.search(text) or depth.EXCEPTION_NAME.search(text))
    ):
        error = True
    quota_ids = list(facts.quota_ids)
    for quota_id in _QUOTA_ID.findall(text[:MAX_TEXT]):
        depth.add(quota_ids, quota_id)
    return replace(
        facts,
        quota_ids=tuple(quota_ids[:16]),
        codes=tuple(found.codes[:64]),
        types=tuple(found.types[:32]),
        messages=tuple(found.messages[:32]),
        statuses=tuple(statuses[:8]),
        language=depth.language(text),
        error_in_body=error and not (found.success and not found.error),
    )
