"""Successes pasted in shapes the first success rules did not read (issue #15, round 8,
r8-success): a stream's chunks and events one per line or as SSE `data:` lines, a Responses
object, a rerank or embedding answer, Cohere v2's and Ollama's answers, Bedrock's Converse
output, an app's record of a finished stream; one model's entry (as JSON or a fragment of its
lines) and a Hugging Face model-info lookup (as JSON or a cassette's YAML).

Positive evidence only: every object read is a success event of a known dialect and at least
one shows the model's output; no object holds an error; the text holds no error's words (a key
that is null, `"error": null`, says nothing); a finish reason is a clean one. What stands
around the objects is returned for the rule to judge (`around`): SSE framing is dropped.

Pure, bounded (depth.MAX_OBJECTS objects, MAX_NODES values per object), never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from accesscheck.classify import depth
from accesscheck.classify.read import load_object

MAX_NODES = 2000
# A finish reason that says the model answered (OpenAI, Anthropic, Gemini, Bedrock, Cohere v2,
# Ollama's done_reason, Titan's completionReason); anything else (error, timeout, refusal,
# content_filter, safety) is no evidence of a success here.
CLEAN_FINISH = frozenset(
    {"stop", "length", "tool_calls", "tool_call", "function_call", "tool_use", "end_turn",
     "max_tokens", "stop_sequence", "complete", "finish"}
)  # fmt: skip
_FINISH_KEYS = ("finish_reason", "finishreason", "stop_reason", "stopreason", "done_reason",
                "completionreason")  # fmt: skip
_OUTPUT_TOKENS = ("output_tokens", "completion_tokens", "outputtokens", "output",
                  "candidatestokencount", "eval_count")  # fmt: skip
# Stream events by dialect: (the events that are there, those that carry the model's output).
# docs.claude.com/en/docs/build-with-claude/streaming; docs.cohere.com/reference/chat-stream;
# docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html
_ANTHROPIC = frozenset({"message_start", "content_block_start", "content_block_delta",
                        "content_block_stop", "message_delta", "message_stop", "ping"})  # fmt: skip
_ANTHROPIC_OUTPUT = frozenset({"content_block_delta", "message_delta", "message_stop"})
_COHERE = frozenset({"message-start", "content-start", "content-delta", "content-end",
                     "message-end", "tool-plan-delta", "tool-call-start", "tool-call-delta",
                     "tool-call-end", "citation-start", "citation-end"})  # fmt: skip
_COHERE_OUTPUT = frozenset({"content-delta", "message-end", "tool-call-end"})
_BEDROCK = frozenset({"messageStart", "contentBlockStart", "contentBlockDelta",
                      "contentBlockStop", "messageStop", "metadata"})  # fmt: skip
_BEDROCK_OUTPUT = frozenset({"contentBlockDelta", "messageStop"})
# developers.openai.com/api/reference/resources/responses/streaming-events: the failed and
# incomplete ends (and `error`) are no success.
_RESPONSES_OUTPUT = frozenset({"response.output_text.delta", "response.output_text.done",
                               "response.output_item.done", "response.completed"})  # fmt: skip
_RESPONSES_BAD = frozenset({"response.failed", "response.incomplete", "response.error"})
_RESPONSES_OPEN = (None, "in_progress", "queued", "completed")

# A key whose value is null says nothing (`"error": null` in every Responses object); dropped
# before the text is searched for an error's words. Bounded key: linear.
_NULL_PAIR = re.compile(r"[\"']?[\w.-]{1,60}[\"']?\s*[:=]\s*(?:null|None|nil)\b")
# An error's words anywhere, as parts of names too (modelStreamErrorException, rate_limit_error,
# response.failed): stricter than depth.ERROR_WORDS, a success must hold none.
# A refusal's, a cap's or a cut connection's words count too, wherever they stand (an embedding
# or a reply field holding "Your credit balance is too low" is no answer; a Hub entry marked
# gated shows the model, not this key's access; round-8 review).
_ERROR_PARTS = re.compile(
    r"error|exception|fail|denied|invalid|forbidden|unauthori[sz]ed|not.found|does not exist"
    r"|exceeded|quota|insufficient|throttl|overloaded|unavailable|timed.?out|refus|blocked.?reason"
    r"|balance|credit|billing|payment|upgrade|subscri|revoked|suspend|terminated|expired"
    # "disabled" as a state only: a Responses object's `"truncation": "disabled"` is a setting
    r"|\b(has been|is|was|been) disabled|\"?disabled\"?\s{0,2}:\s{0,2}true"
    r"|not loaded|is loading|no access|not have access|permission|restricted|authenticat|try again"
    r"|\bgated\b|connection (reset|closed|lost)|disconnected|peer closed|aborted"
    r"|错误|失败|异常|余额|充值|额度|权限|エラー|残高",
    re.IGNORECASE,
)
# SSE framing around the objects (html.spec.whatwg.org/multipage/server-sent-events.html):
# `data:`, `event: name`, `id: …`, `retry: …`, `: comment` lines and OpenAI's `[DONE]`.
_SSE = re.compile(
    r"(?m)^[ \t]*(?:data:[ \t]*(?:\[DONE\])?|event:[ \t]*[\w.-]{1,60}|id:[ \t]*\S{1,80}"
    r"|retry:[ \t]*\d{1,9}|\[DONE\])[ \t]*$|\bdata:[ \t]*"
)


def _mappings(data: Any) -> Iterator[Mapping[str, Any]]:
    stack, seen = [data], 0
    while stack and seen < MAX_NODES:
        item = stack.pop()
        seen += 1
        if isinstance(item, Mapping):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def _clean(data: Any) -> bool:
    """No error key with a value at any depth; every finish reason a clean one."""
    for item in _mappings(data):
        lowered = {str(k).lower(): v for k, v in item.items()}
        if any(lowered.get(k) not in (None, "", [], {}, False, 0) for k in ("error", "errors")):
            return False
        for key in _FINISH_KEYS:
            value = lowered.get(key)
            if isinstance(value, str) and value.lower() not in CLEAN_FINISH:
                return False
    return True


def _output_tokens(data: Mapping[str, Any]) -> bool:
    for key in ("usage", "token_count", "usagemetadata", "metrics"):
        inner = {str(k).lower(): v for k, v in data.items()}.get(key)
        if isinstance(inner, Mapping):
            counts = {str(k).lower(): v for k, v in inner.items()}
            if any(isinstance(counts.get(k), int) and counts[k] >= 1 for k in _OUTPUT_TOKENS):
                return True
    return False


def _finished_record(data: Mapping[str, Any]) -> bool:
    """A stream's end as an app or SDK records it: a clean finish reason (at the top or in its
    delta) beside an output token count (Anthropic's message_delta, corpus h7d-061)."""
    places = [data, data.get("delta")]
    said = any(
        isinstance(p, Mapping) and any(isinstance(p.get(k), str) for k in _FINISH_KEYS)
        for p in places
    )
    return said and _output_tokens(data)


def _event(data: Any) -> str | None:
    """'output' for an event or answer that carries the model's output, 'part' for another event
    of a known stream, None for anything else."""
    if not isinstance(data, Mapping):
        return None
    kind, obj = data.get("type"), data.get("object")
    choices = data.get("choices")
    if obj in ("chat.completion.chunk", "text_completion", "chat.completion"):
        if not isinstance(choices, list):
            return None
        # a chunk without choices carries the usage at a stream's end; an answer needs one
        return "output" if choices else "part" if obj == "chat.completion.chunk" else None
    if isinstance(kind, str) and kind.startswith("response.") and kind not in _RESPONSES_BAD:
        inner = data.get("response")
        if isinstance(inner, Mapping) and inner.get("status") not in _RESPONSES_OPEN:
            return None
        return "output" if kind in _RESPONSES_OUTPUT else "part"
    for events, output in ((_ANTHROPIC, _ANTHROPIC_OUTPUT), (_COHERE, _COHERE_OUTPUT)):
        if kind in events:
            return "output" if kind in output else "part"
    if len(data) == 1 and next(iter(data)) in _BEDROCK:
        return "output" if next(iter(data)) in _BEDROCK_OUTPUT else "part"
    return "output" if _answer(data) or _finished_record(data) else None


def _answer(data: Mapping[str, Any]) -> bool:
    """One whole answer of a known dialect."""
    return any(check(data) for check in _ANSWERS)


def _responses(data: Mapping[str, Any]) -> bool:
    # OpenAI's Responses object (developers.openai.com/api/reference/resources/responses)
    output = data.get("output")
    completed = data.get("object") == "response" and data.get("status") == "completed"
    return completed and isinstance(output, list) and bool(output)


def _candidates(data: Mapping[str, Any]) -> bool:
    # Gemini's candidates (ai.google.dev/api/generate-content)
    found = data.get("candidates")
    return (
        isinstance(found, list)
        and bool(found)
        and all(isinstance(c, Mapping) and "content" in c for c in found)
    )


def _items(data: Mapping[str, Any], *keys: str) -> list[Mapping[str, Any]]:
    """The entries under results (or data), each a mapping holding every key; [] otherwise."""
    found = data.get("results", data.get("data"))
    if not isinstance(found, list) or not found:
        return []
    ok = all(isinstance(r, Mapping) and all(k in r for k in keys) for r in found)
    return found if ok else []


def _rerank(data: Mapping[str, Any]) -> bool:
    # docs.cohere.com/reference/rerank (Together's, Jina's, Voyage's answers: the same entries)
    items = _items(data, "index", "relevance_score")
    return bool(items) and all(isinstance(r["relevance_score"], int | float) for r in items)


def _embedding(data: Mapping[str, Any]) -> bool:
    # OpenAI's data[].embedding, Ollama's /api/embed embeddings, Cohere v2's embeddings
    items = _items(data, "embedding")
    if items and all(isinstance(r["embedding"], list | str) for r in items):
        return True
    found = data.get("embeddings")
    return isinstance(found, list | Mapping) and bool(found)


def _assistant(message: Any) -> bool:
    return isinstance(message, Mapping) and message.get("role") == "assistant"


def _message_answer(data: Mapping[str, Any]) -> bool:
    # Cohere v2's chat (docs.cohere.com/reference/chat), Ollama's /api/chat and /api/generate
    # (github.com/ollama/ollama docs/api.md), Bedrock's Converse output
    # (docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html)
    done = data.get("done") is True
    output = data.get("output")
    return (
        (_assistant(data.get("message")) and ("finish_reason" in data or done))
        or (isinstance(data.get("response"), str) and isinstance(data.get("model"), str) and done)
        or (
            isinstance(output, Mapping)
            and _assistant(output.get("message"))
            and "stopReason" in data
        )
    )


_ANSWERS = (_responses, _candidates, _rerank, _embedding, _message_answer)


def _objects(raw: str) -> tuple[list[Any], str] | None:
    """Every outermost object of the text and what stands around them (SSE framing dropped);
    None when one of them does not parse (a paste cut short may end in one that does not)."""
    found: list[Any] = []
    around: list[str] = []
    pos = 0
    for chunk in depth.balanced_chunks(raw):
        at = raw.find(chunk, pos)
        if at < 0:  # the last one, cut short: closed by balanced_chunks, not in the text
            start = raw.find("{", pos)
            around.append(raw[pos : start if start >= 0 else len(raw)])
            pos = len(raw)
            break
        data = load_object(chunk)
        if data is None:
            return None
        found.append(data)
        around.append(raw[pos:at])
        pos = at + len(chunk)
    around.append(raw[pos:])
    return found, _SSE.sub(" ", " ".join(around))


def has_error_parts(raw: str) -> bool:
    return bool(_ERROR_PARTS.search(_NULL_PAIR.sub(" ", raw[: depth.MAX_TEXT])))


def stream_or_answer(raw: str) -> str | None:
    """What stands around a success (stream or answer) the text is, or None when it is none."""
    if has_error_parts(raw):
        return None
    read = _objects(raw)
    if read is None or not read[0]:
        return None
    objects, around = read
    kinds = [_event(o) for o in objects]
    if None in kinds or "output" not in kinds or not all(_clean(o) for o in objects):
        return None
    return around


_HUB_KEYS = ("sha", "pipeline_tag", "siblings", "inferenceProviderMapping", "library_name")


def _model_entry(data: Any) -> bool:
    """One model: OpenAI's (object "model"), Anthropic's (type "model"), the Gemini API's (name
    "models/…"), or the Hugging Face Hub's model info (huggingface.co/docs/hub/api: _id or
    modelId beside sha, pipeline_tag, siblings, inferenceProviderMapping)."""
    if not isinstance(data, Mapping):
        return False
    name, ident = data.get("name"), data.get("id")
    hub = ("_id" in data or "modelId" in data) and any(k in data for k in _HUB_KEYS)
    return (
        isinstance(ident, str) and ("model" in (data.get("object"), data.get("type")) or hub)
    ) or (isinstance(name, str) and name.startswith("models/"))


# One model's entry as lines of its JSON without the braces (a fragment pasted from a longer
# list, corpus h7b-063): `"key": value,` lines, markdown's ** allowed.
# Every quantifier bounded and the bracket run without commas, so no two parts compete for the
# same characters (the unbounded form was quadratic on a line of 40 000 commas: round-8 review).
_FRAGMENT_LINE = re.compile(
    r"^[\s*]{0,20}(?:\"[\w.-]{1,60}\"\s{0,4}:\s{0,4}[^\n]{0,300}?|[\[\]{}]{1,8})[\s*,]{0,8}$"
)
_FRAGMENT_MODEL = re.compile(r"\"object\"\s*:\s*\"model\"")
# The Hub's model info rendered as YAML (a cassette's parsed_body, corpus h7a-006).
_YAML_HUB_ID = re.compile(r"(?m)^[ \t]*_id: [0-9a-f]{24}[ \t]*$")
_YAML_HUB_KEYS = re.compile(
    r"(?m)^[ \t]*(?:inferenceProviderMapping|pipeline_tag|library_name|sha|siblings|modelId):"
)
_YAML_CODE = re.compile(r"(?m)^[ \t]*(?:code|status_code|status): (\d{3})[ \t]*$")


def model_entry(raw: str) -> str | None:
    """What stands around one model's entry (JSON, its lines, or the Hub's YAML), or None."""
    if has_error_parts(raw):
        return None
    read = _objects(raw)
    if read is not None and read[0]:
        objects, around = read
        return around if len(objects) == 1 and _model_entry(objects[0]) else None
    lines = [line for line in raw.splitlines() if line.strip()]
    if (
        _FRAGMENT_MODEL.search(raw)
        and lines
        and all(len(x) <= 400 and _FRAGMENT_LINE.match(x) for x in lines[:200])
    ):
        return ""
    codes = _YAML_CODE.findall(raw)
    if (
        _YAML_HUB_ID.search(raw)
        and _YAML_HUB_KEYS.search(raw)
        and all(c.startswith("2") for c in codes)
    ):
        return ""
    return None
