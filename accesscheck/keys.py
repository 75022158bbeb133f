"""API keys: read from the environment, validated, and kept out of every output.

A key lives in a `Secret` from the moment it is read until a request header is built.
Every string that leaves the program passes through `scrub`, which removes the keys
loaded in this process and anything shaped like a key.
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

MAX_KEY_LENGTH = 4096

# Shapes of provider keys and bearer credentials, for scrubbing text we did not write
# (provider error bodies echo keys: "Incorrect API key provided: sk-…").
_KEY_PATTERNS = re.compile(
    r"(?<![A-Za-z0-9_-])(sk-[A-Za-z0-9_*.-]{6,}"
    r"|AIza[0-9A-Za-z_-]{20,}"
    r"|xai-[A-Za-z0-9_-]{10,}"
    r"|gsk_[A-Za-z0-9_-]{10,}"
    r"|pplx-[A-Za-z0-9_-]{10,}"
    r"|(?i:bearer)\s+[A-Za-z0-9._~+/=-]{8,}"
    r"|(?<=[?&])(?:key|api_key|token)=[^&\s\"']+)"
)


# What a terminal, an editor or a browser shows as nothing or uses to reorder text: every
# format character (Unicode category Cf: U+202E RIGHT-TO-LEFT OVERRIDE, the U+2066-2069
# isolates, U+200B-200F, U+061C, U+FEFF, the tag characters, ...), the line and paragraph
# separators (Zl, Zp), and the invisible fillers that are letters by category (U+115F, U+3164,
# ...). A table, not a scan of the Unicode database at each start (30 ms); a test checks it
# covers every Cf/Zl/Zp character of the running Python's database (Unicode 15's additions
# to 0x13430 are in already).
INVISIBLE_RANGES = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD),
    (0x070F, 0x070F), (0x0890, 0x0891), (0x08E2, 0x08E2), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180E, 0x180E), (0x200B, 0x200F), (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F),
    (0x3164, 0x3164), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x1343F), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
# As a regex character class body: control characters and invisible ones are escaped in
# every output (a U+202E can make `restricted` read as `reachable`) and refused in a registry.
INVISIBLE = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in INVISIBLE_RANGES)
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}]")
_CONTROL_ASCII = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # the same for ASCII text, faster

_known: set[str] = set()


class Secret:
    """A key that refuses to be printed."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        _known.add(value)

    def reveal(self) -> str:
        """The raw key, for building a request header and nothing else."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__


@dataclass(frozen=True)
class KeyLookup:
    """The outcome of looking for a provider's key in the environment."""

    env: tuple[str, ...]
    used: str | None = None
    secret: Secret | None = None
    problem: str | None = None  # names the variable and position, never the value

    @property
    def is_set(self) -> bool:
        return self.secret is not None


def lookup_key(env_names: Iterable[str], environ: Mapping[str, str]) -> KeyLookup:
    """Find the first variable that is set (non-blank) and validate its value."""
    names = tuple(env_names)
    for name in names:
        raw = environ.get(name)
        if raw is None or not raw.strip():
            continue
        problem = key_problem(name, raw)
        if problem:
            _known.add(raw)  # a malformed key is still a secret: scrub it everywhere
            return KeyLookup(names, used=name, problem=problem)
        return KeyLookup(names, used=name, secret=Secret(raw.strip()))
    return KeyLookup(names)


def key_problem(name: str, raw: str) -> str | None:
    """Why a key cannot be sent as a header, or None. Never quotes the value."""
    value = raw.strip()
    if len(value) > MAX_KEY_LENGTH:
        return f"{name} is {len(value)} characters long (more than {MAX_KEY_LENGTH})"
    for pos, ch in enumerate(value):
        if not ("\x21" <= ch <= "\x7e"):
            # DEL (0x7f) is an ASCII control character; non-ASCII starts at 0x80
            what = "a non-ASCII character" if ord(ch) > 0x7F else "a control or space character"
            return f"{name} contains {what} at position {pos}"
    if value[0] in "\"'" or value[-1] in "\"'":
        return f"{name} starts or ends with a quote (copied from a .env file?)"
    return None


def padded(names: Iterable[str], environ: Mapping[str, str]) -> list[str]:
    """Key variables whose value has surrounding whitespace (a trailing newline from `echo`
    or a .env file): used stripped, and worth a warning. Names only, never values."""
    return [
        name
        for name in dict.fromkeys(names)
        if (value := environ.get(name)) and value.strip() and value != value.strip()
    ]


# Keys shorter than this are scrubbed as written only: matching a few letters in any case or
# encoding would blank ordinary words.
_ENCODED_MIN = 8
_B64_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# A run of URL-ish text with a % in it. Tried only where a run starts (the lookbehind) and
# never backtracking (possessive), so it stays linear on a long run without one.
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_PERCENT_RUN = re.compile(r"(?<![^\s\"'<>|])[^\s\"'<>|%]*+%[^\s\"'<>|]*+")


def _base64_cores(key: str) -> list[str]:
    """The base64 text that encodes `key` wherever it sits in the encoded bytes: alone, or
    after `user:` as in Basic auth. For each of the three alignments, the characters that
    depend on the key's bytes only (the ones shared with an unknown prefix or suffix are
    left out), in both alphabets."""
    raw = key.encode()
    cores = []
    for offset, skip in ((0, 0), (1, 2), (2, 3)):
        encoded = base64.b64encode(b"\0" * offset + raw).decode()
        core = encoded[skip : 4 * ((offset + len(raw)) // 3)]
        if len(core) >= _ENCODED_MIN:
            cores += [core, core.replace("+", "-").replace("/", "_")]
    return list(dict.fromkeys(cores))


@dataclass(frozen=True)
class _Needles:
    exact: tuple[str, ...]  # short keys, as written
    folded: tuple[str, ...]  # longer keys, ASCII-lower-cased (and with JSON's escaped slash)
    base64: tuple[str, ...]


@functools.lru_cache(maxsize=4)
def _needles(known: frozenset[str]) -> _Needles:
    values = {v for value in known for v in (value, value.strip()) if v}
    short = [v for v in values if len(v) < _ENCODED_MIN]
    long = [v for v in values if len(v) >= _ENCODED_MIN]
    folded = {f.translate(_ASCII_LOWER) for v in long for f in (v, v.replace("/", "\\/"))}
    cores = {core for v in long for core in _base64_cores(v)}
    return _Needles(tuple(short), tuple(folded), tuple(cores))


def _find_all(haystack: str, needle: str) -> Iterable[tuple[int, int]]:
    at = haystack.find(needle)
    while at >= 0:
        yield at, at + len(needle)
        at = haystack.find(needle, at + 1)


def _b64_run(text: str, start: int, end: int) -> tuple[int, int]:
    """A base64 match widened to its whole run: the `user:` part and the padding too."""
    while start > 0 and text[start - 1] in _B64_CHARS:
        start -= 1
    while end < len(text) and (text[end] in _B64_CHARS or text[end] == "="):
        end += 1
    return start, end


def _known_spans(text: str, needles: _Needles) -> list[tuple[int, int]]:
    """Where a loaded key sits in the text: as written, in any letter case, base64-encoded
    (a Basic credential echoed back) or percent-encoded (quote() in a URL or a form).
    str.find per needle: a regex alternation of every form was 100x slower on a report."""
    spans = [s for needle in needles.exact for s in _find_all(text, needle)]
    lowered = text.translate(_ASCII_LOWER)  # same length: positions carry over
    spans += [s for needle in needles.folded for s in _find_all(lowered, needle)]
    spans += [_b64_run(text, *s) for needle in needles.base64 for s in _find_all(text, needle)]
    if "%" in text and needles.folded:
        spans += _percent_runs(text, needles.folded)
    return spans


def _percent_runs(text: str, folded: tuple[str, ...]) -> list[tuple[int, int]]:
    """Runs of URL-ish text that, percent-decoded, hold a key: scrubbed whole."""
    spans = []
    for run in _PERCENT_RUN.finditer(text):
        if run.end() - run.start() < _ENCODED_MIN or not _PERCENT.search(run.group()):
            continue  # too short to hold a key, or no %XX in it ("50%")
        decoded = unquote(run.group()).translate(_ASCII_LOWER)
        if any(needle in decoded for needle in folded):
            spans.append(run.span())
    return spans


def _remove_known(text: str) -> str:
    spans = sorted(_known_spans(text, _needles(frozenset(_known))))
    if not spans:
        return text
    out: list[str] = []
    done = 0
    for start, end in spans:
        if end <= done:
            continue
        if start >= done:
            out += [text[done:start], "***"]
        done = end
    out.append(text[done:])
    return "".join(out)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x7F:
        return f"\\x{code:02x}"
    # \uXXXX (a surrogate pair past the BMP) reads the same in text and is a valid escape
    # inside the JSON strings that pass through here too.
    units = match.group().encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(units[i : i + 2]):04x}" for i in range(0, len(units), 2))


def scrub(text: str) -> str:
    """Remove every loaded key (as written, percent-encoded, base64, in any letter case) and
    anything shaped like a key; escape control, invisible and bidirectional characters."""
    text = _remove_known(text)
    text = _KEY_PATTERNS.sub("***", text)
    return (_CONTROL_ASCII if text.isascii() else _CONTROL).sub(_escape, text)


def looks_like_key(text: str) -> bool:
    """True for a string that should never sit in a config file as a literal."""
    return bool(_KEY_PATTERNS.search(text))
