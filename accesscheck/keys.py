"""API keys: read from the environment, validated, and kept out of every output.

A key lives in a `Secret` from the moment it is read until a request header is built.
Every string that leaves the program passes through `scrub`, which removes the keys
loaded in this process and anything shaped like a key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

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
            what = "a non-ASCII character" if ord(ch) > 0x7E else "a control or space character"
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


def scrub(text: str) -> str:
    """Remove every loaded key and anything shaped like a key; escape control characters."""
    for value in sorted(_known, key=len, reverse=True):
        if value:
            text = text.replace(value, "***")
            stripped = value.strip()
            if stripped and stripped != value:
                text = text.replace(stripped, "***")
    text = _KEY_PATTERNS.sub("***", text)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def looks_like_key(text: str) -> bool:
    """True for a string that should never sit in a config file as a literal."""
    return bool(_KEY_PATTERNS.search(text))
