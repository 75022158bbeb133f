"""The CI gate: which results fail the build, and what changed since a baseline.

Pure: results, a baseline and allowances in; failures and changes out. A baseline is a
previous JSON report (committed like a lock file); only *lost* access fails against it.
Allowances (`--allow REF:STATUS[:UNTIL]`, or `allow:` in the registry) accept an expected
restriction until a date, after which it fails again.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accesscheck.classify.read import load_json
from accesscheck.errors import ConfigError
from accesscheck.files import read_bounded
from accesscheck.model import Change, ChangeKind, GateFailure, Result, Seen, Status
from accesscheck.registry import Registry, calendar_date

MAX_REPORT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Allowance:
    """An expected status for some models, until a date, with the reason it is accepted."""

    pattern: str
    status: Status
    until: date | None
    reason: str

    def covers(self, ref: str, status: Status, today: date) -> bool:
        matches = fnmatch.fnmatch(ref, self.pattern) and status is self.status
        return matches and not self.expired(today)

    def expired(self, today: date) -> bool:
        return self.until is not None and today > self.until


@dataclass(frozen=True)
class Judgement:
    failures: tuple[GateFailure, ...]
    changes: tuple[Change, ...]
    allowed: tuple[str, ...]  # one sentence per failure an allowance absorbed


def parse_status(text: str, where: str) -> Status:
    try:
        return Status(text)
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise ConfigError(f"{where}: {text!r} is not a status (one of {choices})") from None


def parse_date(text: str, where: str) -> date:
    found = calendar_date(text)
    if found is None:
        raise ConfigError(f"{where}: {text!r} is not a date (YYYY-MM-DD)")
    return found


def parse_allow(text: str) -> Allowance:
    """`REF:STATUS[:UNTIL]` from the command line (REF may hold globs, not colons)."""
    parts = text.split(":")
    if len(parts) not in (2, 3) or not parts[0]:
        raise ConfigError(f"--allow {text!r}: write REF:STATUS or REF:STATUS:YYYY-MM-DD")
    until = parse_date(parts[2], f"--allow {text!r}") if len(parts) == 3 else None
    return Allowance(
        parts[0], parse_status(parts[1], f"--allow {text!r}"), until, "allowed with --allow"
    )


def registry_allowances(registry: Registry) -> list[Allowance]:
    return [
        Allowance(
            entry.ref,
            Status(entry.status),
            calendar_date(entry.until) if entry.until else None,  # validated as a date
            entry.reason,
        )
        for entry in registry.allow
    ]


def read_report(path: Path, role: str = "report") -> tuple[dict[str, Any], dict[str, Seen]]:
    """A JSON report (schema v1) read through the size cap and shape-checked: the document and
    its verdicts by ref. Every reader of reports (baseline, merge, export) comes through here;
    `role` names the file in errors."""
    raw = read_bounded(path, MAX_REPORT_BYTES, role)
    doc = load_json(raw, limit=MAX_REPORT_BYTES)
    if doc is None:
        what = "not" if role == "report" else f"the {role} is not"
        raise ConfigError(
            f"{path}: {what} a JSON report (accesscheck scan --format json)"
        ) from None
    seen = seen_in(doc, str(path))
    return doc, seen


def load_baseline(path: Path) -> dict[str, Seen]:
    """The verdicts a previous JSON report (schema v1) recorded, by ref."""
    return read_report(path, "baseline")[1]


def seen_in(doc: Any, where: str) -> dict[str, Seen]:
    if (
        not isinstance(doc, dict)
        or doc.get("schema_version") != 1
        or not isinstance(doc.get("results"), list)
    ):
        raise ConfigError(f"{where}: not an accesscheck JSON report of schema_version 1")
    seen = {}
    for index, result in enumerate(doc["results"]):
        if not isinstance(result, dict) or not isinstance(result.get("ref"), str):
            raise ConfigError(f"{where}: results[{index}] has no ref")
        seen[result["ref"]] = Seen(
            parse_status(str(result.get("status")), f"{where}: results[{index}].status"),
            str(result.get("reason", "")),
        )
    return seen


def verdicts(results: Iterable[Result]) -> dict[str, Seen]:
    return {r.ref: Seen(r.status, r.reason.value) for r in results}


def changes_between(before: Mapping[str, Seen], after: Mapping[str, Seen]) -> list[Change]:
    changes = []
    for ref, now in after.items():
        was = before.get(ref)
        if was is None:
            changes.append(Change(ref, ChangeKind.NEW, None, now))
        elif was.status is Status.REACHABLE and now.status is not Status.REACHABLE:
            changes.append(Change(ref, ChangeKind.LOST, was, now))
        elif was.status is not Status.REACHABLE and now.status is Status.REACHABLE:
            changes.append(Change(ref, ChangeKind.GAINED, was, now))
        elif was.status is not now.status:
            changes.append(Change(ref, ChangeKind.CHANGED, was, now))
    changes += [
        Change(ref, ChangeKind.REMOVED, was, None)
        for ref, was in before.items()
        if ref not in after
    ]
    return changes


def _evidence(result: Result) -> str:
    http = f", HTTP {result.http_status}" if result.http_status else ""
    verdict = f"{result.status.value}/{result.reason.value}"
    return f"{verdict} ({result.evidence.value}{http}): {result.detail}"


def judge(
    results: Iterable[Result],
    *,
    fail_on: frozenset[Status],
    allowances: Iterable[Allowance],
    baseline: Mapping[str, Seen] | None,
    today: date,
) -> Judgement:
    """Failures: required models not reachable, statuses in --fail-on, access lost since the
    baseline, less what an unexpired allowance accepts."""
    results = list(results)
    allow = list(allowances)
    changes = changes_between(baseline, verdicts(results)) if baseline is not None else []
    lost = {c.ref: c for c in changes if c.kind is ChangeKind.LOST}
    failures: list[GateFailure] = []
    allowed: list[str] = []
    for result in results:
        verdict = f"{result.status.value}/{result.reason.value}"
        whys = []
        if result.required and result.status is not Status.REACHABLE:
            whys.append(f"is required but {result.status.value}/{result.reason.value}")
        if result.status in fail_on:
            whys.append(
                f"is {result.status.value}/{result.reason.value} (--fail-on {result.status.value})"
            )
        if result.ref in lost:
            whys.append(f"lost access: was {lost[result.ref].before}, now {verdict}")
        if not whys:
            continue
        cover = next((a for a in allow if a.covers(result.ref, result.status, today)), None)
        if cover is not None:
            until = f" until {cover.until.isoformat()}" if cover.until else ""
            allowed.append(f"{result.ref} {whys[0]}; allowed{until}: {cover.reason}")
            continue
        expired = next(
            (
                a
                for a in allow
                if fnmatch.fnmatch(result.ref, a.pattern)
                and a.status is result.status
                and a.expired(today)
            ),
            None,
        )
        note = (
            f" (its allowance expired on {expired.until})"
            if expired is not None and expired.until
            else ""
        )
        failures.append(GateFailure(result.ref, "; ".join(whys) + note, _evidence(result)))
    return Judgement(tuple(failures), tuple(changes), tuple(allowed))
