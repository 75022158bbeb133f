"""The registry's schema (contract v1): pydantic models, strict on purpose.

A registry decides where API keys are sent, so an unknown field, a literal secret or a plain
http:// URL to a remote host is refused here; loading.py turns a refusal into a located error.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal

import iso3166
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    TypeAdapter,
    field_validator,
    model_validator,
)
from pydantic.dataclasses import dataclass

from accesscheck.classify.rules import FAMILIES
from accesscheck.model import Api, Capability, ProviderKind, RegistryAge, Stage, Tier
from accesscheck.urls import check_url

# ---------------------------------------------------------------- schema (contract v1)

# Lax mode only so YAML lists become tuples; every scalar field is Strict (no "yes" → True).
_STRICT = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)
_STRICT_DATACLASS = ConfigDict(extra="forbid", hide_input_in_errors=True)  # frozen: the decorator
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


# A registry's models are its bulk (50,000 in the benchmark, #12): a slotted pydantic dataclass
# validates them exactly as a BaseModel would, at a quarter of the memory (no __dict__, no
# per-instance set of the fields given).
@dataclass(config=_STRICT_DATACLASS, frozen=True, slots=True)
class Event:
    """One dated fact in a model's history."""

    date: IsoDate
    what: Text
    source: Text


@dataclass(config=_STRICT_DATACLASS, frozen=True, slots=True)
class Model:
    """One model of a provider. Referred to everywhere as `provider/model`."""

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


@functools.cache
def _model_adapter() -> TypeAdapter[Model]:
    return TypeAdapter(Model)


def validate_model(entry: object) -> Model:
    """One model entry validated on its own (what `discover --yaml` would write); raises
    ValidationError like the registry's own validation."""
    return _model_adapter().validate_python(entry)


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
    api: Api
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

    @field_validator("api", mode="before")
    @classmethod
    def _dialect(cls, value: object) -> object:
        if not isinstance(value, str):
            return value  # the enum's own type error
        if value not in set(Api):
            hint = difflib.get_close_matches(value, [api.value for api in Api], n=1)
            known = ", ".join(Api)
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


def age_on(registry: Registry, today: date) -> RegistryAge | None:
    """How old the registry's facts are on `today`: from its newest `checked` date (of a
    provider or a model; a country list's date is its source's). None when nothing says."""
    dates = [p.checked for p in registry.providers] + [m.checked for _, m in registry.refs()]
    newest = max((d for d in dates if d is not None), default=None)  # YYYY-MM-DD sorts as dates
    if newest is None:
        return None
    return RegistryAge(newest, (today - date.fromisoformat(newest)).days)
