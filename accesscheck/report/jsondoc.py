"""The JSON report's documents (schema v1), as TypedDicts: report/json.py writes them (mypy
holds every writer to these classes) and accesscheck.schemas.generate derives the shipped
report.schema.json from them, so the schema cannot drift from what is written (issue #16). A
field added here is added to the schema by regenerating it; a class docstring is the schema's
description of that object, README's report tables describe the fields."""

from __future__ import annotations

from typing import Literal, NotRequired

# typing_extensions' TypedDict, not typing's: pydantic reads these classes to write the
# schema and, on Python 3.11, refuses typing.TypedDict (it lacks the data pydantic needs).
from typing_extensions import TypedDict

from accesscheck.model import ChangeKind, DriftKind, Reason, Status
from accesscheck.observation import FailureName, Layer, Rung


class FailureDoc(TypedDict):
    """A request that got no usable HTTP answer: what failed, and in which layer."""

    name: FailureName
    layer: Layer
    detail: str


class TimingsDoc(TypedDict):
    """Per-phase timings of the provider's first request, in milliseconds (null: not reached)."""

    dns_ms: float | None
    connect_ms: float | None
    tls_ms: float | None
    first_byte_ms: float | None
    total_ms: float | None


class SubstituteDoc(TypedDict):
    """A reachable stand-in for a required model that is not reachable, and why."""

    ref: str
    why: str


class ResultDoc(TypedDict):
    """The verdict on one model (a multi-vantage document adds the vantage it was seen from)."""

    ref: str
    provider: str
    model: str
    name: str
    status: Status
    reason: Reason
    evidence: Rung
    http_status: int | None
    error_code: str | None
    detail: str
    remedy: str
    latency_ms: float | None
    required: bool
    rule: str
    failure: FailureDoc | None
    substitutes: list[SubstituteDoc]
    vantage: NotRequired[str]


class CoverageDoc(TypedDict):
    """One coverage rule against what the scan reached."""

    rule: str
    min_providers: int
    min_jurisdictions: int
    providers: list[str]
    jurisdictions: list[str]
    models: list[str]
    met: bool
    vantage: NotRequired[str]


class DriftDoc(TypedDict):
    """A provider's documented country list disagreeing with what the scan observed."""

    provider: str
    country: str
    kind: DriftKind
    detail: str
    vantage: NotRequired[str]


class StepDoc(TypedDict):
    """One request of the probe ladder (paths never carry a key)."""

    rung: Rung
    model: str | None
    method: str
    path: str
    http_status: int | None
    latency_ms: float | None
    rule: str
    failure: FailureDoc | None


class ProviderDoc(TypedDict):
    """What the scan learned about one provider as a whole."""

    id: str
    name: str
    api: str
    base_url: str
    custom_endpoint: bool
    hq: str | None
    key_env: list[str]
    key_env_used: str | None
    key_set: bool
    network_answered: bool | None
    failure: FailureDoc | None
    timings: TimingsDoc
    paid_calls: int
    steps: list[StepDoc]
    vantage: NotRequired[str]


class ToolDoc(TypedDict):
    """The program that wrote the report."""

    name: Literal["accesscheck"]
    version: str


class VantageDoc(TypedDict):
    """Where the scan was measured from."""

    name: str
    proxy: str | None
    country: str | None
    country_source: str | None


class RegistryAgeDoc(TypedDict):
    """How old the registry's facts were on the scan date: its newest `checked` date, the days
    from it to the scan date, and whether that is over the staleness limit (60 days)."""

    checked: str
    days: int
    stale: bool


class SummaryDoc(TypedDict):
    """Results per status, the paid calls and the policy failures (one sentence each)."""

    total: int
    reachable: int
    restricted: int
    gated: int
    unavailable: int
    unknown: int
    paid_calls: int
    policy_failures: list[str]


class GateFailureDoc(TypedDict):
    """A model that failed the policy, why, and the evidence."""

    ref: str
    why: str
    evidence: str
    vantage: NotRequired[str]


class ChangeDoc(TypedDict):
    """A model's verdict change since the baseline (verdicts as status/reason)."""

    ref: str
    kind: ChangeKind
    before: str | None
    after: str | None


class PolicyDoc(TypedDict):
    """The CI gate: failures, accepted failures, the baseline and the changes since it."""

    failures: list[GateFailureDoc]
    allowed: list[str]
    baseline: str | None
    changes: list[ChangeDoc]


class HedgeDoc(TypedDict):
    """Coverage rules and documented-vs-observed country drift."""

    country: str | None
    coverage: list[CoverageDoc]
    drift: list[DriftDoc]


class ReportDoc(TypedDict):
    """The JSON report of `accesscheck scan` (schema v1): fields are only ever added."""

    schema_version: Literal[1]
    tool: ToolDoc
    started_at: str
    duration_ms: float
    registry: str
    registry_age: RegistryAgeDoc | None
    deep: bool
    vantage: VantageDoc | None
    vantages: NotRequired[list[VantageDoc | None]]
    results: list[ResultDoc]
    providers: list[ProviderDoc]
    summary: SummaryDoc
    policy: PolicyDoc
    hedge: HedgeDoc
    exit_code: int
