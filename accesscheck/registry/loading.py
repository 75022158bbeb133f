"""The provider registry: a file → a validated, immutable `Registry` (contract v1).

Every refusal names file, line, column and field (the YAML side lives in yamlsource.py); a
user's file can `extends: builtin` and override any field of a bundled provider.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accesscheck.errors import ConfigError
from accesscheck.model import ProviderKind
from accesscheck.registry.schema import (
    AllowEntry,
    Auth,
    Countries,
    CoverageRule,
    Lab,
    Model,
    Provider,
    Registry,
)
from accesscheck.registry.templates import ref_of
from accesscheck.registry.yamlsource import Located, Path_, dotted, parse_yaml, read_text

BUILTIN = "builtin"
ENV_REGISTRY = "ACCESSCHECK_REGISTRY"


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
) -> Any:
    """Merge two lists of {id: …} by id: a known id overrides field by field, a new id appends.
    An override that is not a list is kept as it is, for validation to refuse where it is
    written (dropping it would ignore the user's file without a word)."""
    if over is not None and not isinstance(over, list):
        _take(over_loc, over_path, out, out_path)
        return over
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
                # base_url and base_url_env are alternatives: the one the override gives wins
                # (a bundled provider moved to an endpoint in a variable, or back)
                for other in _ALTERNATIVES.get(name, ()):
                    if other not in item:
                        target[other] = None
    return merged


_ALTERNATIVES = {"base_url": ("base_url_env",), "base_url_env": ("base_url",)}


def _extend_builtin(user: Located) -> Located:
    """The bundled registry with the user's providers and models merged in by id."""
    base = parse_yaml(bundled_text(), BUILTIN, marks=user.marked)
    out = Located(None, {}, {}, user.marked)
    _take(user, (), out, ())
    data = {k: v for k, v in user.data.items() if k != "extends"}

    def merged(key: str, nested: str | None) -> Any:
        return _merge_list(base.data.get(key), base, (key,), user.data.get(key), user, (key,),
                           out, (key,), nested)  # fmt: skip

    data["providers"] = merged("providers", "models")
    if base.data.get("labs") or user.data.get("labs"):
        data["labs"] = merged("labs", None)
    out.data = data
    return out


# ---------------------------------------------------------------- validation


def _locate(loc: Located, path: Path_, key: bool) -> str:
    table = loc.keys if key else loc.values
    for cut in range(len(path), -1, -1):
        mark = table.get(path[:cut]) or loc.values.get(path[:cut])
        if mark:
            return str(mark)
    return "registry"


def _fields_at(path: Path_) -> list[str]:
    """The fields allowed at a YAML path, for "did you mean" hints."""
    sections: dict[str, type[Any]] = {
        "providers": Provider,
        "models": Model,
        "auth": Auth,
        "allow": AllowEntry,
        "countries": Countries,
        "labs": Lab,
        "coverage": CoverageRule,
    }
    model: type[Any] = Registry
    for part in path:
        if isinstance(part, str):
            model = sections.get(part, model)
    # __pydantic_fields__: a BaseModel's and a pydantic dataclass's (Model, Event) alike
    return [f for f in model.__pydantic_fields__ if f != "source" or model is not Registry]


def _explain(loc: Located, exc: ValidationError) -> ConfigError:
    error = exc.errors(include_input=False, include_url=False)[0]
    path: Path_ = tuple(error["loc"])
    if path and path[-1] in ("function-before[_one_or_many(), tuple[constrained-str, ...]]",):
        path = path[:-1]
    kind = error["type"]
    # Model and Event are pydantic dataclasses (schema.py): their refusals read as a
    # BaseModel's do, so that every registry error stays the same whichever class it met.
    if kind == "unexpected_keyword_argument":
        kind = "extra_forbidden"
    elif kind == "dataclass_type":
        kind = "model_type"
        error["msg"] = (
            f"Input should be a valid dictionary or instance of {error['ctx']['class_name']}"
        )
    if kind == "extra_forbidden":
        name = str(path[-1])
        hint = difflib.get_close_matches(name, _fields_at(path[:-1]), n=1)
        suffix = f" (did you mean {hint[0]!r}?)" if hint else ""
        return ConfigError(f"{_locate(loc, path, key=True)}: {dotted(path)}: unknown field{suffix}")
    message = error["msg"]
    if kind == "string_pattern_mismatch":
        message = "has characters or a form this field does not allow"
    elif kind == "missing":
        message = "is required"
    elif kind == "tuple_type":  # YAML lists become tuples: the user wrote no tuple
        message = "must be a list"
    elif message.startswith("Value error, "):
        message = message.removeprefix("Value error, ")
    return ConfigError(f"{_locate(loc, path, key=False)}: {dotted(path)}: {message}")


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


def _check_upstream(loc: Located, registry: Registry) -> None:
    """upstream and same_as name what exists; a host, gateway or orchestrator says whose
    models it serves, since that decides whether it is an independent option."""
    providers = {p.id for p in registry.providers}
    labs = {lab.id for lab in registry.labs}
    for i, lab in enumerate(registry.labs):
        if lab.id in providers:
            where = _locate(loc, ("labs", i, "id"), key=False)
            raise ConfigError(f"{where}: labs[{i}].id: {lab.id!r} is already a provider")
    models = {ref_of(p, m): m for p, m in registry.refs()}
    for i, provider in enumerate(registry.providers):
        for j, model in enumerate(provider.models):
            path = ("providers", i, "models", j)
            name = f"providers[{i}].models[{j}]"
            for k, upstream in enumerate(model.upstream):
                if upstream not in providers | labs:
                    where = _locate(loc, (*path, "upstream", k), key=False)
                    raise ConfigError(f"{where}: {name}.upstream[{k}]: {upstream!r} is neither "
                                      "a provider nor a lab of this registry")  # fmt: skip
            if model.same_as is not None:
                target = models.get(model.same_as)
                problem = (
                    "names no model of this registry"
                    if target is None
                    else "names itself"
                    if target is model
                    else "names a model that has same_as itself"
                    if target.same_as
                    else ""
                )
                if problem:
                    where = _locate(loc, (*path, "same_as"), key=False)
                    raise ConfigError(f"{where}: {name}.same_as: {model.same_as!r} {problem}")
            elif provider.kind in _ROUTED and not model.upstream:
                where = _locate(loc, (*path, "id"), key=False)
                raise ConfigError(
                    f"{where}: {name}: a {provider.kind.value} provider's model needs upstream "
                    "(whose model answers) or same_as"
                )


_ROUTED = (ProviderKind.HOST, ProviderKind.GATEWAY, ProviderKind.ORCHESTRATOR)


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
    _check_upstream(loc, registry)
    return registry


# ---------------------------------------------------------------- entry points


def bundled_text() -> str:
    return (resources.files("accesscheck") / "providers.yaml").read_text(encoding="utf-8")


def load_text(text: str, file: str) -> Registry:
    """A validated registry from YAML text. Read first without marks (a registry that loads
    needs none, and a large one would hold more marks than data); a refused one is read again
    with them, so that the same refusal names file, line and column."""
    try:
        return validate(parse_yaml(text, file, marks=False), file)
    except ConfigError:
        pass
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
