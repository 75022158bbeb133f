"""The JSON report, schema v1 (documented field by field in README.md).

The documents are TypedDicts: mypy holds every writer below to them, and
accesscheck.schemas.generate derives the shipped JSON Schema (report.schema.json) from the
same classes, so the schema cannot drift from what is written (issue #16). A field added to a
document here is added to the schema by regenerating it; a class docstring is the schema's
description of that object."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Final, Literal, NotRequired

# typing_extensions' TypedDict, not typing's: pydantic reads these classes to write the
# schema and, on Python 3.11, refuses typing.TypedDict (it lacks the data pydantic needs).
from typing_extensions import TypedDict

from accesscheck import __version__
from accesscheck.keys import scrub
from accesscheck.model import (
    Change,
    ChangeKind,
    Coverage,
    Drift,
    DriftKind,
    ProviderOutcome,
    Reason,
    RegistryAge,
    Report,
    Result,
    RungRecord,
    Status,
    Vantage,
)
from accesscheck.observation import Failure, FailureName, Layer, Rung, Timings

SCHEMA_VERSION: Final = 1


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


def _failure(failure: Failure | None) -> FailureDoc | None:
    if failure is None:
        return None
    return {"name": failure.name, "layer": failure.layer, "detail": failure.detail}


def _timings(t: Timings) -> TimingsDoc:
    return {
        "dns_ms": t.dns_ms,
        "connect_ms": t.connect_ms,
        "tls_ms": t.tls_ms,
        "first_byte_ms": t.first_byte_ms,
        "total_ms": t.total_ms,
    }


def _result(r: Result) -> ResultDoc:
    return {
        "ref": r.ref,
        "provider": r.provider,
        "model": r.model,
        "name": r.name,
        "status": r.status,
        "reason": r.reason,
        "evidence": r.evidence,
        "http_status": r.http_status,
        "error_code": r.error_code,
        "detail": r.detail,
        "remedy": r.remedy,
        "latency_ms": r.latency_ms,
        "required": r.required,
        "rule": r.rule,
        "failure": _failure(r.failure),
        "substitutes": [{"ref": x.ref, "why": x.why} for x in r.substitutes],
    }


def _coverage(c: Coverage) -> CoverageDoc:
    return {
        "rule": c.rule,
        "min_providers": c.min_providers,
        "min_jurisdictions": c.min_jurisdictions,
        "providers": list(c.providers),
        "jurisdictions": list(c.jurisdictions),
        "models": list(c.models),
        "met": c.met,
    }


def _drift(d: Drift) -> DriftDoc:
    return {"provider": d.provider, "country": d.country, "kind": d.kind, "detail": d.detail}


def _step(s: RungRecord) -> StepDoc:
    return {
        "rung": s.rung,
        "model": s.model,
        "method": s.method,
        "path": s.path,
        "http_status": s.http_status,
        "latency_ms": s.latency_ms,
        "rule": s.rule,
        "failure": _failure(s.failure),
    }


def _provider(p: ProviderOutcome) -> ProviderDoc:
    return {
        "id": p.id,
        "name": p.name,
        "api": p.api,
        "base_url": p.base_url,
        "custom_endpoint": p.custom_endpoint,
        "hq": p.hq,
        "key_env": list(p.key_env),
        "key_env_used": p.key_env_used,
        "key_set": p.key_set,
        "network_answered": p.network_answered,
        "failure": _failure(p.failure),
        "timings": _timings(p.timings),
        "paid_calls": p.paid_calls,
        "steps": [_step(s) for s in p.steps],
    }


def _age(age: RegistryAge | None) -> RegistryAgeDoc | None:
    if age is None:
        return None
    return {"checked": age.checked, "days": age.days, "stale": age.stale}


def _summary(
    count: Callable[[Status], int], total: int, paid_calls: int, policy_failures: list[str]
) -> SummaryDoc:
    # One key per status, spelled out: the TypedDict (and so the schema) names each, and
    # tests/test_schema.py checks that every Status has its key.
    return {
        "total": total,
        "reachable": count(Status.REACHABLE),
        "restricted": count(Status.RESTRICTED),
        "gated": count(Status.GATED),
        "unavailable": count(Status.UNAVAILABLE),
        "unknown": count(Status.UNKNOWN),
        "paid_calls": paid_calls,
        "policy_failures": policy_failures,
    }


def report_dict(report: Report, *, results: bool = True) -> ReportDoc:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "accesscheck", "version": __version__},
        "started_at": report.started_at,
        "duration_ms": report.duration_ms,
        "registry": report.registry,
        "registry_age": _age(report.registry_age),
        "deep": report.deep,
        "vantage": _vantage(report.vantage),
        "results": [_result(r) for r in report.results] if results else [],
        "providers": [_provider(p) for p in report.providers],
        "summary": _summary(
            report.count, len(report.results), report.paid_calls, list(report.policy_failures)
        ),
        "policy": {
            "failures": [
                {"ref": f.ref, "why": f.why, "evidence": f.evidence} for f in report.failures
            ],
            "allowed": list(report.allowed),
            "baseline": report.baseline,
            "changes": [change_dict(c) for c in report.changes],
        },
        "hedge": {
            "country": report.country,
            "coverage": [_coverage(c) for c in report.coverage],
            "drift": [_drift(d) for d in report.drift],
        },
        "exit_code": report.exit_code,
    }


def _vantage(vantage: Vantage | None) -> VantageDoc | None:
    if vantage is None:
        return None
    return {
        "name": vantage.name,
        "proxy": vantage.proxy,
        "country": vantage.country,
        "country_source": vantage.country_source,
    }


def many_dict(reports: Sequence[Report], exit_code: int) -> ReportDoc:
    """One scan from several vantages (--vantage): the schema v1 document with `vantage`
    null, a `vantages` list, and every result, provider and policy failure tagged with the
    vantage it was measured from."""
    docs = [(r.vantage.name if r.vantage else "", report_dict(r)) for r in reports]
    doc = docs[0][1].copy()
    doc["vantage"] = None
    doc["vantages"] = [_vantage(r.vantage) for r in reports]
    doc["duration_ms"] = max(r.duration_ms for r in reports)
    doc["results"] = [{**x, "vantage": name} for name, d in docs for x in d["results"]]
    doc["providers"] = [{**x, "vantage": name} for name, d in docs for x in d["providers"]]
    doc["summary"] = _summary(
        lambda status: sum(r.count(status) for r in reports),
        len(doc["results"]),
        sum(r.paid_calls for r in reports),
        [f"{name}: {f}" for name, d in docs for f in d["summary"]["policy_failures"]],
    )
    doc["policy"] = {
        "failures": [{**f, "vantage": name} for name, d in docs for f in d["policy"]["failures"]],
        "allowed": [a for _, d in docs for a in d["policy"]["allowed"]],
        "baseline": None,
        "changes": [],
    }
    doc["hedge"] = {
        "country": None,
        "coverage": [{**c, "vantage": name} for name, d in docs for c in d["hedge"]["coverage"]],
        "drift": [{**x, "vantage": name} for name, d in docs for x in d["hedge"]["drift"]],
    }
    doc["exit_code"] = exit_code
    return doc


def render_many(reports: Sequence[Report], exit_code: int) -> str:
    return scrub(json.dumps(many_dict(reports, exit_code), indent=2, ensure_ascii=False)) + "\n"


def change_dict(change: Change) -> ChangeDoc:
    return {
        "ref": change.ref,
        "kind": change.kind,
        "before": str(change.before) if change.before else None,
        "after": str(change.after) if change.after else None,
    }


def render(report: Report) -> str:
    return "".join(chunks(report))


_RESULTS = '"results": []'


def chunks(report: Report) -> Iterator[str]:
    """The JSON report in pieces, one result at a time, the same text as one json.dumps of
    report_dict (indent 2): a 50,000-model report is never held whole as dicts and text (#12).
    Every piece is scrubbed: nothing in a report may hold a key, and a key cannot span two
    results (a JSON string has no raw newline and never leaves its result)."""
    whole = json.dumps(report_dict(report, results=False), indent=2, ensure_ascii=False)
    if not report.results:
        yield scrub(whole) + "\n"
        return
    before, after = whole.split(_RESULTS, 1)  # the one top-level key; quotes in values are \"
    yield scrub(before + '"results": [')
    separator = "\n    "
    for result in report.results:
        text = json.dumps(_result(result), indent=2, ensure_ascii=False)
        yield scrub(separator + text.replace("\n", "\n    "))
        separator = ",\n    "
    yield scrub("\n  ]" + after) + "\n"
