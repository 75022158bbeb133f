"""Registry files → plain data that remembers where every value came from.

The only module that imports yaml. Scalars are typed by our own small resolver, not YAML
1.1's (`NO` stays a string, `0123` is not octal); anchors, aliases, tags and several
documents are refused before anything is built (an alias bomb costs nothing to refuse),
and error messages are built from marks only, never from the input, which may hold a key.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from accesscheck.errors import ConfigError
from accesscheck.files import read_bounded
from accesscheck.keys import INVISIBLE, looks_like_key

MAX_REGISTRY_BYTES = 1024 * 1024
MAX_DEPTH = 32

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
# Invisible and bidirectional characters (U+202E, U+200B, ...) would make an id or a name read
# as another in every output: refused like control characters, named by code point only.
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


@dataclass(frozen=True, slots=True)
class Mark:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data from YAML, with the mark of every value and every mapping key — or, when not
    `marked`, without them: a valid registry needs no marks, and for 50,000 models they cost
    more memory than the data (#12). loading.py re-reads a refused file with marks."""

    data: Any
    values: dict[Path_, Mark]
    keys: dict[Path_, Mark]
    marked: bool = True


def _mark(file: str, event: yaml.Event) -> Mark:
    start = event.start_mark
    return Mark(file, start.line + 1, start.column + 1) if start else Mark(file, 1, 1)


def _scalar(event: yaml.ScalarEvent) -> object:
    """Type a scalar by our own rules: quoted is text; plain true/false/null/numbers."""
    text: str = event.value
    if event.style in ("'", '"', "|", ">"):
        return text
    if text in ("", "~", "null"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text


def _events(file: str, text: str) -> Iterator[yaml.Event]:
    """The parser's events, refusing what the registry never needs as soon as it appears:
    aliases, anchors, tags (an alias bomb costs nothing to refuse), several documents."""
    documents = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ConfigError(
                f"{_mark(file, event)}: YAML anchors and aliases are not allowed in a registry"
            )
        if getattr(event, "tag", None):
            raise ConfigError(f"{_mark(file, event)}: YAML tags are not allowed in a registry")
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise ConfigError(f"{_mark(file, event)}: expected a single YAML document")
        yield event


def _convert(
    file: str,
    event: yaml.Event,
    events: Iterator[yaml.Event],
    path: Path_,
    out: Located,
    depth: int,
) -> object:
    """Plain data straight from the event stream: no node tree is built (a 50,000-model
    registry's tree took more memory than the data itself, #12)."""
    if depth > MAX_DEPTH:
        raise ConfigError(f"{_mark(file, event)}: nesting too deep (more than {MAX_DEPTH} levels)")
    if out.marked:
        out.values[path] = _mark(file, event)
    if isinstance(event, yaml.ScalarEvent):
        value = _scalar(event)
        if isinstance(value, str):
            if _CONTROL.search(value):
                raise ConfigError(
                    f"{_mark(file, event)}: {dotted(path)}: control character in value"
                )
            if found := _INVISIBLE.search(value):
                raise ConfigError(
                    f"{_mark(file, event)}: {dotted(path)}: invisible or bidirectional character "
                    f"U+{ord(found.group()):04X} in value"
                )
            if looks_like_key(value):
                raise ConfigError(
                    f"{_mark(file, event)}: {dotted(path)}: looks like a literal API key; "
                    "keep keys in environment variables and name them in auth.env"
                )
        return value
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[object] = []
        for item in events:
            if isinstance(item, yaml.SequenceEndEvent):
                return items
            items.append(_convert(file, item, events, (*path, len(items)), out, depth + 1))
    if isinstance(event, yaml.MappingStartEvent):
        result: dict[str, object] = {}
        for key_event in events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            if not isinstance(key_event, yaml.ScalarEvent) or key_event.style not in (
                None,
                "",
                "'",
                '"',
            ):
                raise ConfigError(f"{_mark(file, key_event)}: mapping keys must be plain text")
            key = key_event.value
            if key in result:
                first = out.keys.get((*path, key))
                raise ConfigError(
                    f"{_mark(file, key_event)}: {dotted((*path, key))}: duplicate key"
                    + (f" (first at line {first.line})" if first else "")
                )
            if out.marked:
                out.keys[(*path, key)] = _mark(file, key_event)
            result[key] = _convert(file, next(events), events, (*path, key), out, depth + 1)
    raise ConfigError(f"{_mark(file, event)}: unsupported YAML node")  # pragma: no cover


def parse_yaml(text: str, file: str, *, marks: bool = True) -> Located:
    """YAML text → plain data, with marks unless `marks` is False. Raises ConfigError with
    file:line:col."""
    out = Located(None, {}, {}, marks)
    try:
        events = _events(file, text)
        document = False
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                document = True
                out.data = _convert(file, next(events), events, (), out, 0)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
        raise ConfigError(f"{where}: {exc.problem or 'invalid YAML'}") from None
    except yaml.YAMLError:
        raise ConfigError(f"{file}: invalid YAML") from None
    except RecursionError:
        raise ConfigError(f"{file}: nesting too deep") from None
    if not document:
        raise ConfigError(f"{file}: registry is empty")
    if not isinstance(out.data, dict):
        raise ConfigError(f"{file}:1:1: expected a mapping at the top level (version:, providers:)")
    return out


def read_text(path: Path) -> str:
    """Read a registry file with a size cap; refuse FIFOs, devices and directories."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(f"{path}: is a directory, not a registry file")
    if info.st_size > MAX_REGISTRY_BYTES:
        raise ConfigError(f"{path}: registry larger than {MAX_REGISTRY_BYTES // 1024} KiB")
    # FIFOs and devices are refused by the one reader every named input goes through
    return decode(read_bounded(path, MAX_REGISTRY_BYTES + 1, "registry"), str(path))


def decode(raw: bytes, file: str) -> str:
    if len(raw) > MAX_REGISTRY_BYTES:
        raise ConfigError(f"{file}: registry larger than {MAX_REGISTRY_BYTES // 1024} KiB")
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{file}: not valid {encoding.upper()} (byte offset {exc.start})"
        ) from None


def dotted(path: Path_) -> str:
    """A path as a reader writes it: providers[0].models[2].id. Keys come from the file, so
    they are shown escaped and cut short: an error stays one harmless line."""
    out = ""
    for part in path:
        out += (
            f"[{part}]" if isinstance(part, int) else (f".{_shown(part)}" if out else _shown(part))
        )
    return out or "(top level)"


def _shown(part: object) -> str:
    text = "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in str(part)
    )
    if not text or text != text.strip():
        text = f"'{text}'"  # an empty or space-padded key, visibly
    return text if len(text) <= 60 else text[:60] + "…"


def dump(data: Any) -> str:
    """YAML text for a registry fragment (plain block style, keys in the order given)."""
    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False))
