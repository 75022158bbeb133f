"""The provider registry: a file → a validated, immutable `Registry` (contract v1).

Strict on purpose: a registry decides where API keys are sent, so an unknown field, a
duplicate id, a literal secret or a plain http:// URL to a remote host is an error that
names file, line, column and field (the YAML side lives in accesscheck.yamlsource).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import iso3166
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    field_validator,
    model_validator,
)

from accesscheck.dialects import DIALECTS
from accesscheck.errors import ConfigError
from accesscheck.model import Capability, ProviderKind, Stage, Tier
from accesscheck.rules import FAMILIES
from accesscheck.urls import check_url
from accesscheck.yamlsource import Located, Path_, dotted, parse_yaml, read_text

BUILTIN = "builtin"
ENV_REGISTRY = "ACCESSCHECK_REGISTRY"


# ---------------------------------------------------------------- schema (contract v1)

# Lax mode only so YAML lists become tuples; every scalar field is Strict (no "yes" → True).
_STRICT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)
ProviderId = Annotated[str, Strict(), Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
EnvName = Annotated[str, Strict(), Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=128)]
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def calendar_date(text: str) -> date | None:
    """A YYYY-MM-DD date that exists (not 2025-02-30), or None. date.fromisoformat alone also
    takes 20250101 and 2025-W01-1; the pattern alone takes 2024-99-99."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def is_country(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code (upper case) of a country that exists: `ZZ` or `UK` is not."""
    return code in iso3166.countries_by_alpha2


def _real_date(value: str) -> str:
    if calendar_date(value) is None:
        raise ValueError("is not a calendar date (YYYY-MM-DD)")
    return value


def _real_country(value: str) -> str:
    if not is_country(value):
        raise ValueError("is not an ISO 3166-1 alpha-2 country code (such as US, FR, JP)")
    return value


Country = Annotated[str, Strict(), Field(pattern=r"^[A-Z]{2}$"), AfterValidator(_real_country)]
IsoDate = Annotated[
    str, Strict(), Field(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)
]
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


class Event(BaseModel):
    """One dated fact in a model's history."""

    model_config = _STRICT
    date: IsoDate
    what: Text
    source: Text


class Model(BaseModel):
    """One model of a provider. Referred to everywhere as `provider/model`."""

    model_config = _STRICT
    id: Annotated[
        str, Strict(), Field(pattern=r"^[A-Za-z0-9~][A-Za-z0-9._:/@+~-]*$", max_length=200)
    ]
    name: Text | None = None
    required: Flag = False
    stage: Stage = Stage.GA
    limited_to: Text | None = None
    shutdown: IsoDate | None = None
    endpoint: Literal["unknown"] | None = None
    verified: Flag = True
    source: Text | None = None
    checked: IsoDate | None = None
    note: Text | None = None
    events: tuple[Event, ...] = ()
    # The hedge profile (README "Hedging"): from the provider's model page or a catalog of
    # provider docs, cited in profile_source (default: source).
    tier: Tier | None = None
    capabilities: tuple[Capability, ...] = ()
    open_weights: Flag | None = None
    # Whose model answers: lab or provider ids. Default: this provider itself (a lab's own
    # model); hosts, gateways and orchestrators must say (or use same_as).
    upstream: tuple[ProviderId, ...] = ()
    # The same model as another entry (provider/model): its profile and upstream apply.
    same_as: Annotated[str, Strict(), Field(pattern=r"^[a-z0-9][a-z0-9-]*/.+$")] | None = None
    profile_source: Text | None = None

    @property
    def display_name(self) -> str:
        return self.name or self.id

    @property
    def endpoint_known(self) -> bool:
        return self.endpoint != "unknown"

    @field_validator("stage", mode="before")
    @classmethod
    def _stage(cls, value: object) -> object:
        if isinstance(value, str) and value not in {s.value for s in Stage}:
            raise ValueError(f"stage must be one of {', '.join(s.value for s in Stage)}")
        return value


class Countries(BaseModel):
    """The countries a provider documents serving (or refusing), as recorded on a date. Either
    list may be partial: a country on neither is simply not documented either way."""

    model_config = _STRICT
    served: tuple[Country, ...] = ()
    not_served: tuple[Country, ...] = ()
    source: Text
    checked: IsoDate

    @model_validator(mode="after")
    def _disjoint(self) -> Countries:
        both = sorted(set(self.served) & set(self.not_served))
        if both:
            raise ValueError(f"{', '.join(both)} listed as both served and not_served")
        return self


class Provider(BaseModel):
    """One API endpoint family: how to reach it, how to authenticate, which models."""

    model_config = _STRICT
    id: ProviderId
    name: Text
    api: Text
    base_url: Text | None
    auth: Auth = Auth()
    base_url_env: EnvName | None = None
    # Path segments, or {VARIABLE} taken from the environment (Vertex: project and location).
    base_path: Annotated[
        str,
        Strict(),
        Field(pattern=r"^(/([A-Za-z0-9._~-]+|\{[A-Z_][A-Z0-9_]*\}))*$", max_length=200),
    ] = ""
    family: ProviderId | None = None
    alt_base_urls: tuple[Text, ...] = ()
    check_base_url: Text | None = None
    # A Cloudflare /cdn-cgi/trace URL on the provider's own API host: `loc=` there is the
    # egress country as the provider's edge sees it (the report's vantage.country).
    trace_url: Text | None = None
    list_models: Flag = True
    hq: Country | None = None
    countries_page: Text | None = None
    countries: Countries | None = None
    kind: ProviderKind = ProviderKind.LAB
    source: Text | None = None
    checked: IsoDate | None = None
    note: Text | None = None
    models: tuple[Model, ...] = ()

    @model_validator(mode="after")
    def _one_endpoint(self) -> Provider:
        if self.base_url is not None and self.base_url_env is not None:
            raise ValueError("give base_url or base_url_env, not both")
        return self

    @property
    def quirks(self) -> str:
        """Whose answers these are: the family's classification rules apply (default: the id)."""
        return self.family or self.id

    @field_validator("family")
    @classmethod
    def _family(cls, value: str | None) -> str | None:
        if value is not None and value not in FAMILIES:
            hint = difflib.get_close_matches(value, sorted(FAMILIES), n=1)
            raise ValueError(
                f"unknown family {value!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")
            )
        return value

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

    @field_validator("check_base_url", "trace_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        return cls._url(value)

    @field_validator("alt_base_urls")
    @classmethod
    def _alt_urls(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            url_problem = check_url(value)
            if url_problem:
                raise ValueError(url_problem)
        return values


class AllowEntry(BaseModel):
    """An expected status the CI gate accepts (until a date), with the reason."""

    model_config = _STRICT
    ref: Annotated[
        str,
        Strict(),
        Field(pattern=r"^[a-z0-9*?\[\]-]+/[A-Za-z0-9*?\[\]._:/@+~-]+$", max_length=300),
    ]
    status: Literal["reachable", "restricted", "gated", "unavailable", "unknown"]
    until: IsoDate | None = None
    reason: Text


class Lab(BaseModel):
    """A lab that makes models but is not itself a provider in the registry (Meta, say): named
    by models' `upstream`, so its jurisdiction is known."""

    model_config = _STRICT
    id: ProviderId
    name: Text
    hq: Country
    source: Text | None = None


class CoverageRule(BaseModel):
    """At least N independent reachable providers (from at least J jurisdictions) for the
    models that match a tier and/or capabilities."""

    model_config = _STRICT
    tier: Tier | None = None
    capabilities: tuple[Capability, ...] = ()
    min_providers: Annotated[int, Strict(), Field(ge=1, le=100)]
    min_jurisdictions: Annotated[int, Strict(), Field(ge=1, le=100)] = 1

    @property
    def selector(self) -> str:
        return "+".join([*([self.tier.value] if self.tier else []), *self.capabilities])

    @model_validator(mode="after")
    def _selects(self) -> CoverageRule:
        if self.tier is None and not self.capabilities:
            raise ValueError("give a tier, capabilities, or both")
        return self


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
    labs: tuple[Lab, ...] = ()
    coverage: tuple[CoverageRule, ...] = ()
    allow: tuple[AllowEntry, ...] = ()
    source: str = ""  # where it was read from (file path, or "builtin")

    def refs(self) -> Iterator[tuple[Provider, Model]]:
        for provider in self.providers:
            for model in provider.models:
                yield provider, model


_PLACEHOLDER = re.compile(r"\{([A-Z_][A-Z0-9_]*)\}")
_SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")


def endpoint_vars(provider: Provider) -> list[str]:
    """The environment variables the provider's endpoint is built from."""
    names = [provider.base_url_env] if provider.base_url_env and provider.base_url is None else []
    return names + _PLACEHOLDER.findall(provider.base_path)


def missing_endpoint_vars(provider: Provider, environ: Mapping[str, str]) -> list[str]:
    """The environment variables the provider's endpoint needs and that are not set."""
    return [name for name in endpoint_vars(provider) if not environ.get(name, "").strip()]


def endpoint_of(provider: Provider, environ: Mapping[str, str]) -> str | None:
    """The base URL to probe: the registry's, or the one in the variable it names (Azure's
    AZURE_OPENAI_ENDPOINT), plus base_path with its {VARIABLES} filled in (Vertex's project
    and location). None when a variable it needs is not set."""
    if provider.base_url is None and provider.base_url_env is None:
        return None
    if missing_endpoint_vars(provider, environ):
        return None
    root = provider.base_url or environ[provider.base_url_env or ""].strip()

    def fill(match: re.Match[str]) -> str:
        value = environ[match.group(1)].strip()
        if not _SEGMENT.match(value):
            raise ConfigError(f"{match.group(1)} (in the endpoint of provider {provider.id}): "
                              "may hold only letters, digits, '.', '_' and '-'")  # fmt: skip
        return value

    url = root.rstrip("/") + _PLACEHOLDER.sub(fill, provider.base_path)
    url_problem = check_url(url)
    if url_problem:
        where = provider.base_url_env or "base_url"
        raise ConfigError(f"{where} (endpoint of provider {provider.id}): {url_problem}")
    return url


def ref_of(provider: Provider, model: Model) -> str:
    return f"{provider.id}/{model.id}"


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

    def merged(key: str, nested: str | None) -> list[Any]:
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
    sections: dict[str, type[BaseModel]] = {
        "providers": Provider,
        "models": Model,
        "auth": Auth,
        "allow": AllowEntry,
        "countries": Countries,
        "labs": Lab,
        "coverage": CoverageRule,
    }
    model: type[BaseModel] = Registry
    for part in path:
        if isinstance(part, str):
            model = sections.get(part, model)
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
        return ConfigError(f"{_locate(loc, path, key=True)}: {dotted(path)}: unknown field{suffix}")
    message = error["msg"]
    if kind == "string_pattern_mismatch":
        message = "has characters or a form this field does not allow"
    elif kind == "missing":
        message = "is required"
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
