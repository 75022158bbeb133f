"""The provider registry: YAML text → a validated, immutable `Registry`.

The only module that imports yaml. Strict on purpose: a registry decides where API keys
are sent, so an unknown field, a duplicate key, an alias, a literal secret or a plain
http:// URL to a remote host is an error that names file, line, column and field.
Scalars are typed by our own small resolver, not YAML 1.1's (`NO` stays a string,
`0123` is not octal). Error messages are built from marks only, never from the input.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, field_validator

from accesscheck.dialects import DIALECTS
from accesscheck.errors import ConfigError
from accesscheck.keys import looks_like_key

MAX_REGISTRY_BYTES = 1024 * 1024
MAX_DEPTH = 32
BUILTIN = "builtin"
ENV_REGISTRY = "ACCESSCHECK_REGISTRY"

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


# ---------------------------------------------------------------- schema (contract v1)

# Lax mode only so YAML lists become tuples; every scalar field is Strict (no "yes" → True).
_STRICT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)
ProviderId = Annotated[str, Strict(), Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
EnvName = Annotated[str, Strict(), Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=128)]
Country = Annotated[str, Strict(), Field(pattern=r"^[A-Z]{2}$")]
IsoDate = Annotated[str, Strict(), Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Text = Annotated[str, Strict(), Field(min_length=1, max_length=500)]
Flag = Annotated[bool, Strict()]


class Auth(BaseModel):
    """Which environment variable(s) hold the key; with a list, the first one set wins."""

    model_config = _STRICT
    env: tuple[EnvName, ...] = ()

    @field_validator("env", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return (
            (value,)
            if isinstance(value, str)
            else tuple(value)
            if isinstance(value, list)
            else value
        )


class Model(BaseModel):
    """One model of a provider. Referred to everywhere as `provider/model`."""

    model_config = _STRICT
    id: Annotated[str, Strict(), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$", max_length=200)]
    name: Text | None = None
    required: Flag = False
    access: Literal["general", "invite_only"] = "general"
    endpoint_known: Flag = True
    source: Text | None = None
    checked: IsoDate | None = None
    note: Text | None = None

    @property
    def display_name(self) -> str:
        return self.name or self.id


class Provider(BaseModel):
    """One API endpoint family: how to reach it, how to authenticate, which models."""

    model_config = _STRICT
    id: ProviderId
    name: Text
    api: Text
    base_url: Text | None
    auth: Auth = Auth()
    hq: Country | None = None
    source: Text | None = None
    checked: IsoDate | None = None
    note: Text | None = None
    models: tuple[Model, ...] = ()

    @field_validator("api")
    @classmethod
    def _dialect(cls, value: str) -> str:
        if value not in DIALECTS:
            hint = difflib.get_close_matches(value, list(DIALECTS), n=1)
            known = ", ".join(DIALECTS)
            raise ValueError(
                f"unknown api {value!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else f"; known: {known}")
            )
        return value

    @field_validator("base_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None:
            url_problem = check_url(value)
            if url_problem:
                raise ValueError(url_problem)
        return value


class Registry(BaseModel):
    """The whole registry, after `extends: builtin` has been applied."""

    model_config = _STRICT
    version: int

    @field_validator("version", mode="before")
    @classmethod
    def _version(cls, value: object) -> object:
        if value != 1 or isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("this accesscheck reads registry version 1 (write version: 1)")
        return value

    providers: tuple[Provider, ...] = ()
    source: str = ""  # where it was read from (file path, or "builtin")

    def refs(self) -> Iterator[tuple[Provider, Model]]:
        for provider in self.providers:
            for model in provider.models:
                yield provider, model


def ref_of(provider: Provider, model: Model) -> str:
    return f"{provider.id}/{model.id}"


# ---------------------------------------------------------------- URLs


def is_loopback_host(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str | None:
    """Why a base URL may not be used, or None. https only; http only to loopback."""
    if url != url.strip() or any(c.isspace() for c in url):
        return "URL contains whitespace"
    if "://" not in url:
        return "URL must start with https://"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        return f"URL scheme must be https, not {parts.scheme!r}"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "credentials in a URL are not allowed"
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "URL must not have a query or fragment (keys go in headers)"
    host = parts.hostname or ""
    if not host:
        return "URL has no host"
    if not host.isascii():
        return "URL host is not ASCII; write it in punycode (xn--…)"
    if not re.fullmatch(r"[a-z0-9.:-]+", host):
        return "URL host has characters a host name cannot have"
    try:
        port = parts.port
    except ValueError:
        return "URL port must be a number from 1 to 65535"
    if port is not None and not 1 <= port <= 65535:
        return "URL port must be a number from 1 to 65535"
    if parts.scheme == "http" and not is_loopback_host(host):
        return "http:// is allowed only to loopback hosts (127.0.0.0/8, ::1, localhost)"
    return None


# ---------------------------------------------------------------- YAML → located data


@dataclass(frozen=True)
class Mark:
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Plain data from YAML, with the mark of every value and every mapping key."""

    data: Any
    values: dict[Path_, Mark]
    keys: dict[Path_, Mark]


def _mark(file: str, node: yaml.Node) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar(node: yaml.ScalarNode) -> object:
    """Type a scalar by our own rules: quoted is text; plain true/false/null/numbers."""
    text: str = node.value
    if node.style in ("'", '"', "|", ">"):
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


def _convert(file: str, node: yaml.Node, path: Path_, out: Located, depth: int) -> object:
    if depth > MAX_DEPTH:
        raise ConfigError(f"{_mark(file, node)}: nesting too deep (more than {MAX_DEPTH} levels)")
    out.values[path] = _mark(file, node)
    if isinstance(node, yaml.ScalarNode):
        value = _scalar(node)
        if isinstance(value, str):
            if _CONTROL.search(value):
                raise ConfigError(
                    f"{_mark(file, node)}: {_dotted(path)}: control character in value"
                )
            if looks_like_key(value):
                raise ConfigError(
                    f"{_mark(file, node)}: {_dotted(path)}: looks like a literal API key; "
                    "keep keys in environment variables and name them in auth.env"
                )
        return value
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(file, item, (*path, i), out, depth + 1) for i, item in enumerate(node.value)
        ]
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.style not in (
                None,
                "",
                "'",
                '"',
            ):
                raise ConfigError(f"{_mark(file, key_node)}: mapping keys must be plain text")
            key = key_node.value
            if key in result:
                first = out.keys[(*path, key)]
                raise ConfigError(
                    f"{_mark(file, key_node)}: {_dotted((*path, key))}: duplicate key "
                    f"(first at line {first.line})"
                )
            out.keys[(*path, key)] = _mark(file, key_node)
            result[key] = _convert(file, value_node, (*path, key), out, depth + 1)
        return result
    raise ConfigError(f"{_mark(file, node)}: unsupported YAML node")  # pragma: no cover


def _check_events(file: str, text: str) -> None:
    """Reject what the registry never needs before building anything: aliases, tags, many docs."""
    documents = 0
    for event in yaml.parse(text, Loader=_Loader):
        start = event.start_mark
        where = Mark(file, start.line + 1, start.column + 1) if start else Mark(file, 1, 1)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ConfigError(f"{where}: YAML anchors and aliases are not allowed in a registry")
        if getattr(event, "tag", None):
            raise ConfigError(f"{where}: YAML tags are not allowed in a registry")
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise ConfigError(f"{where}: expected a single YAML document")


def parse_yaml(text: str, file: str) -> Located:
    """YAML text → plain data with marks. Raises ConfigError with file:line:col."""
    try:
        _check_events(file, text)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{file}:{mark.line + 1}:{mark.column + 1}" if mark else file
        raise ConfigError(f"{where}: {exc.problem or 'invalid YAML'}") from None
    except yaml.YAMLError:
        raise ConfigError(f"{file}: invalid YAML") from None
    except RecursionError:
        raise ConfigError(f"{file}: nesting too deep") from None
    if node is None:
        raise ConfigError(f"{file}: registry is empty")
    out = Located(None, {}, {})
    out.data = _convert(file, node, (), out, 0)
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
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{path}: not a regular file")
    if info.st_size > MAX_REGISTRY_BYTES:
        raise ConfigError(f"{path}: registry larger than {MAX_REGISTRY_BYTES // 1024} KiB")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_REGISTRY_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    return decode(raw, str(path))


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


# ---------------------------------------------------------------- extends: builtin


def _take(src: Located, src_path: Path_, dst: Located, dst_path: Path_) -> None:
    """Copy the marks under src_path to dst_path (later copies win: the user's file last)."""
    n = len(src_path)
    for table_src, table_dst in ((src.values, dst.values), (src.keys, dst.keys)):
        for path, mark in table_src.items():
            if path[:n] == src_path:
                table_dst[(*dst_path, *path[n:])] = mark


def _merge_list(
    base: Any,
    base_loc: Located,
    base_path: Path_,
    over: Any,
    over_loc: Located,
    over_path: Path_,
    out: Located,
    out_path: Path_,
    nested: str | None,
) -> list[Any]:
    """Merge two lists of {id: …} by id: a known id overrides field by field, a new id appends."""
    merged: list[Any] = []
    index: dict[object, int] = {}
    for i, item in enumerate(base if isinstance(base, list) else []):
        index[item.get("id") if isinstance(item, dict) else object()] = len(merged)
        merged.append(dict(item) if isinstance(item, dict) else item)
        _take(base_loc, (*base_path, i), out, (*out_path, i))
    for j, item in enumerate(over if isinstance(over, list) else []):
        key = item.get("id") if isinstance(item, dict) else None
        if key is None or key not in index:
            _take(over_loc, (*over_path, j), out, (*out_path, len(merged)))
            merged.append(item)
            continue
        k = index[key]
        target = merged[k]
        for name, value in item.items():
            if name == nested:
                target[name] = _merge_list(
                    target.get(name),
                    base_loc,
                    (*base_path, k, name),
                    value,
                    over_loc,
                    (*over_path, j, name),
                    out,
                    (*out_path, k, name),
                    None,
                )
            else:
                target[name] = value
                _take(over_loc, (*over_path, j, name), out, (*out_path, k, name))
    return merged


def _extend_builtin(user: Located) -> Located:
    """The bundled registry with the user's providers and models merged in by id."""
    base = parse_yaml(bundled_text(), BUILTIN)
    out = Located(None, {}, {})
    _take(user, (), out, ())
    data = {k: v for k, v in user.data.items() if k != "extends"}
    data["providers"] = _merge_list(
        base.data.get("providers"),
        base,
        ("providers",),
        user.data.get("providers"),
        user,
        ("providers",),
        out,
        ("providers",),
        "models",
    )
    out.data = data
    return out


# ---------------------------------------------------------------- validation


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _locate(loc: Located, path: Path_, key: bool) -> str:
    table = loc.keys if key else loc.values
    for cut in range(len(path), -1, -1):
        mark = table.get(path[:cut]) or loc.values.get(path[:cut])
        if mark:
            return str(mark)
    return "registry"


def _fields_at(path: Path_) -> list[str]:
    depth = [p for p in path if isinstance(p, str)]
    model: type[BaseModel] = Registry
    for part in depth:
        if part == "providers":
            model = Provider
        elif part == "models":
            model = Model
        elif part == "auth":
            model = Auth
    return [f for f in model.model_fields if f != "source" or model is not Registry]


def _explain(loc: Located, exc: ValidationError) -> ConfigError:
    error = exc.errors(include_input=False, include_url=False)[0]
    path: Path_ = tuple(error["loc"])
    if path and path[-1] in ("function-before[_one_or_many(), tuple[constrained-str, ...]]",):
        path = path[:-1]
    kind = error["type"]
    if kind == "extra_forbidden":
        name = str(path[-1])
        hint = difflib.get_close_matches(name, _fields_at(path[:-1]), n=1)
        suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
        return ConfigError(
            f"{_locate(loc, path, key=True)}: {_dotted(path)}: unknown field{suffix}"
        )
    message = error["msg"]
    if kind == "string_pattern_mismatch":
        message = "has characters or a form this field does not allow"
    elif kind == "missing":
        message = "is required"
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return ConfigError(f"{_locate(loc, path, key=False)}: {_dotted(path)}: {message}")


def _check_unique(loc: Located, registry: Registry) -> None:
    seen: dict[str, int] = {}
    for i, provider in enumerate(registry.providers):
        if provider.id in seen:
            where = _locate(loc, ("providers", i, "id"), key=False)
            raise ConfigError(f"{where}: providers[{i}].id: duplicate provider id {provider.id!r}")
        seen[provider.id] = i
        models: set[str] = set()
        for j, model in enumerate(provider.models):
            if model.id in models:
                where = _locate(loc, ("providers", i, "models", j, "id"), key=False)
                raise ConfigError(
                    f"{where}: providers[{i}].models[{j}].id: duplicate model id {model.id!r}"
                )
            models.add(model.id)


def validate(loc: Located, source: str) -> Registry:
    data = dict(loc.data)
    if data.get("extends") not in (None, BUILTIN):
        where = _locate(loc, ("extends",), key=False)
        raise ConfigError(f"{where}: extends: only 'builtin' is supported")
    if data.get("extends") == BUILTIN:
        loc = _extend_builtin(loc)
        data = dict(loc.data)
    if "source" in data:
        raise ConfigError(f"{_locate(loc, ('source',), key=True)}: source: unknown field")
    try:
        registry = Registry.model_validate({**data, "source": source})
    except ValidationError as exc:
        raise _explain(loc, exc) from None
    _check_unique(loc, registry)
    return registry


# ---------------------------------------------------------------- entry points


def bundled_text() -> str:
    return (resources.files("accesscheck") / "providers.yaml").read_text(encoding="utf-8")


def load_text(text: str, file: str) -> Registry:
    return validate(parse_yaml(text, file), file)


def load(
    path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Registry:
    """The registry to use: --registry PATH, else $ACCESSCHECK_REGISTRY, else the bundled one."""
    environ = os.environ if environ is None else environ
    chosen = path if path is not None else environ.get(ENV_REGISTRY) or None
    if chosen is None:
        return load_text(bundled_text(), BUILTIN)
    file = Path(chosen)
    return load_text(read_text(file), str(file))
