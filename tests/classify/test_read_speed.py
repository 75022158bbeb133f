"""Reading an answer does no work twice and skips work that cannot find anything (#12), with
the same Facts: the shortcuts are checked against the corpus here."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from accesscheck.classify import depth, read, status

CORPUS = Path(__file__).parents[1] / "corpus"
# What the emulators (and OpenAI-compatible hosts) answer an invoke with: most answers of a
# --deep scan.
SUCCESS = json.dumps({
    "id": "chatcmpl-1", "object": "chat.completion", "created": 1764201600, "model": "m",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": ""},
                 "finish_reason": "length"}],
    "usage": {"prompt_tokens": 8, "completion_tokens": 16, "total_tokens": 24},
})  # fmt: skip


def _texts() -> list[str]:
    texts = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts += [v for v in json.loads(line).values() if isinstance(v, str) and v]
    # and each in other letter cases: the words are looked for in any case
    return texts + [t.upper() for t in texts] + [t.title() for t in texts]


class _Counted:
    """A compiled pattern that counts its runs."""

    def __init__(self, pattern: re.Pattern[str], runs: list[str]) -> None:
        self.pattern, self.runs = pattern, runs

    def finditer(self, text: str) -> Any:
        self.runs.append(self.pattern.pattern)
        return self.pattern.finditer(text)

    def search(self, text: str) -> Any:
        self.runs.append(self.pattern.pattern)
        return self.pattern.search(text)


def test_a_json_body_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = read.load_json

    def counting(text: str | bytes, **kwargs: Any) -> Any:
        parsed.append(str(text))
        return real(text, **kwargs)

    monkeypatch.setattr(read, "load_json", counting)
    facts = read.read(SUCCESS, 200, "application/json")
    assert parsed == [SUCCESS]
    assert facts.data == json.loads(SUCCESS) and not facts.error_in_body
    # an object inside a string is still read, by the any-depth reader
    parsed.clear()
    wrapped = json.dumps({"error": {"message": 'upstream said {"code": "quota_out"}'}})
    facts = read.read(wrapped, 400, "application/json")
    assert parsed == [wrapped, '{"code": "quota_out"}'] and "quota_out" in facts.codes


def test_a_success_runs_no_pattern_that_needs_a_word_it_lacks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runs: list[str] = []
    skipped = {p.pattern for p, needs in status._STATUS_PATTERNS if needs}
    counted = tuple((_Counted(p, runs), needs) for p, needs in status._STATUS_PATTERNS)
    monkeypatch.setattr(status, "_STATUS_PATTERNS", counted)
    fields = ("ERROR_FIELD", "LOOSE_FIELD", "FLAT_FIELD")
    skipped |= {getattr(depth, name).pattern for name in fields}
    for name in fields:
        monkeypatch.setattr(depth, name, _Counted(getattr(depth, name), runs))
    read.read(SUCCESS, 200, "application/json")
    assert len(skipped) == 8 and not skipped & set(runs)
    # a body with the words runs them all
    runs.clear()
    read.read('HTTP 403: error code 403, status: 403, "success": false', 403, "text/plain")
    read.read("type invalid_request, code model_not_found", 404, "text/plain")
    read.read("请求失败: 401", None, "text/plain")  # a Chinese app's line (corpus h1-088)
    assert skipped <= set(runs)


def test_every_word_a_pattern_is_skipped_without_is_in_each_of_its_matches() -> None:
    """The corpus (every text, in three letter cases): an ASCII text that lacks a pattern's
    words has no match of it. A pattern given a word it can match without fails here."""
    checks = [(p, needs) for p, needs in status._STATUS_PATTERNS if needs]
    checks.append((depth.ERROR_FIELD, depth.ERROR_FIELD_NEEDS))
    checks.append((depth.LOOSE_FIELD, depth.LOOSE_FIELD_NEEDS))
    texts = _texts()
    for pattern, needs in [*checks, (depth.FLAT_FIELD, depth.FLAT_FIELD_NEEDS)]:
        matched = 0
        for text in texts:
            found = pattern.search(text[: read.MAX_TEXT])
            matched += found is not None
            if pattern is depth.FLAT_FIELD:  # case-sensitive: its words as written
                lowered: str | None = text
            else:
                lowered = text.lower() if text.isascii() else None
            assert not (found and depth.lacks(lowered, needs)), (pattern.pattern, text[:200])
        assert matched > 10, pattern.pattern  # the corpus does exercise it
    # Unicode case folding is the regex's: a non-ASCII text runs every pattern
    assert status.statuses_in_text("ſtatus code: 403") == (403,)
    assert not depth.lacks(None, ("status",))


def _chunks_one_character_at_a_time(text: str) -> list[str]:
    """depth._balanced_chunks as it was written first, every character in turn: the reference
    for the one that jumps between the characters it acts on."""
    chunks: list[str] = []
    level, start, quote, escaped = 0, -1, "", False
    for index, char in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char in (quote, "\n"):
                quote = ""
            continue
        if char in "\"'" and level > 0:
            quote = char
        elif char == "{":
            if level == 0:
                start = index
            level += 1
        elif char == "}" and level > 0:
            level -= 1
            if level == 0:
                chunks.append(text[start : index + 1])
                if len(chunks) >= depth.MAX_OBJECTS:
                    break
    if level > 0 and start >= 0 and len(chunks) < depth.MAX_OBJECTS:
        chunks.append(text[start:] + "}" * level)
    return chunks


def test_the_balanced_chunks_are_those_of_a_character_by_character_scan() -> None:
    chance = random.Random(12)
    texts = [
        *_texts()[:3000],
        *("".join(chance.choice("{}\"'\\\nab :") for _ in range(chance.randint(0, 40)))
          for _ in range(20_000)),
        '{"a": "x\\\\"} {"b": 1}', "{'a': 'it\\'s'} {", '{"a": "line\nbreak}"}', "{" * 30,
    ]  # fmt: skip
    for text in texts:
        assert depth._balanced_chunks(text) == _chunks_one_character_at_a_time(text), text


# Texts of many short pieces: where an unbounded repetition inside a pattern is tried again from
# every piece's start (a quadratic scan), as the wrapper-name and host pattern was ("a.a.a.…":
# 18 s for 32 KB) and a gateway's "http://… not found" once.
_FILLERS = (
    "http://",
    "a.",
    "0.",
    "a-",
    "x_y.",
    "a ",
    '{"a":',
    "error ",
    "- ",
    "1",
    "your ",
    "é",
    ",",
)


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    from accesscheck.classify import envelope, rules, success

    found = [
        (f"{module.__name__}.{name}", value)
        for module in (depth, read, status, envelope, rules, success)
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern)
    ]
    return found + [
        (f"rule {rule.name}", rule.message)
        for rule in rules.RULES
        if isinstance(rule.message, re.Pattern)
    ]


def test_every_pattern_reads_a_long_text_of_short_pieces_in_linear_time() -> None:
    """A body is read up to its cap whatever it holds; a pattern that backtracks over the whole
    text from every start would stall a scan on one hostile answer. The bound is a thousand times
    what a linear scan of 32 KB takes here, so only a scan that grows with the square trips it."""
    import time

    slow = []
    patterns = _patterns()
    assert len(patterns) > 100  # the table's messages and every module's patterns were found
    for name, pattern in patterns:
        for filler in _FILLERS:
            # and the same run ended by a character nothing expects: an anchored pattern
            # (`^…$`) whose parts compete for the run backtracks only when its end fails (a
            # model entry's line of 40 000 commas and an "x" took 31 s: round-8 review)
            for text in (
                filler * (32_768 // len(filler)),
                filler * (32_768 // len(filler)) + "\x00",
            ):
                started = time.monotonic()
                pattern.search(text)
                if time.monotonic() - started > 2:
                    slow.append((name, filler))
    assert not slow, slow


def test_the_rules_read_a_bounded_text_computed_once() -> None:
    """Every rule of the table searches `Facts.text`: it is built once per answer and holds at
    most RULE_TEXT of the message and of the raw text, so a 64 KB junk body (a hostile server's
    decompressed bomb) costs the table no more than 32 KB; unbounded, the third and fourth rounds'
    patterns made it a second per answer and starved the other providers of a scan's deadline
    (tests/test_hostile_server.py found it)."""
    junk = '{"error": {"message": "' + "\x00 " * 40_000 + '"}}'
    facts = read.read(junk, 404)
    assert len(facts.message) > read.RULE_TEXT and len(facts.raw) > read.RULE_TEXT
    assert len(facts.text) <= 2 * read.RULE_TEXT + 1
    assert facts.text is facts.text  # cached, not rebuilt for each rule
    early = read.read('{"error": {"message": "Model not found"}}' + " " * 60_000, 404)
    assert "model not found" in early.text
