"""The JSON report, schema v1 (documented field by field in README.md), written as the
TypedDicts of report/jsondoc.py, from which the shipped JSON Schema is generated."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Final

from accesscheck import __version__
from accesscheck.keys import scrub
from accesscheck.model import (
    Change,
    Coverage,
    Drift,
    ProviderOutcome,
    RegistryAge,
    Report,
    Result,
    RungRecord,
    Status,
    Vantage,
)
from accesscheck.observation import Failure, Timings
from accesscheck.report.jsondoc import (
    ChangeDoc,
    CoverageDoc,
    DriftDoc,
    FailureDoc,
    ProviderDoc,
    RegistryAgeDoc,
    ReportDoc,
    ResultDoc,
    StepDoc,
    SummaryDoc,
    TimingsDoc,
    VantageDoc,
)

SCHEMA_VERSION: Final = 1


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
