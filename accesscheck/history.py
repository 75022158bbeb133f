"""Scan history: every scan's verdicts in one SQLite file, so cron runs can tell what changed
since the previous run and `accesscheck history` can answer "when did we lose access?".

SQLite in WAL mode with a busy timeout and `BEGIN IMMEDIATE` around each write: two cron
runs at once queue for the write lock instead of corrupting the file or failing at once.
Reading the previous verdicts and recording the new ones happen in the same transaction,
so two concurrent scans never both report the same change.
"""

from __future__ import annotations

import fnmatch
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs

from accesscheck.errors import ConfigError
from accesscheck.model import Point, Report, Seen, Status

SCHEMA_VERSION = 1

_BUSY_TIMEOUT_S = 30.0
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DURATION = re.compile(r"(\d{1,6})([mhdw])")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,            -- seconds since the epoch, UTC
    started_at TEXT NOT NULL,    -- as the report wrote it
    registry TEXT NOT NULL,
    exit_code INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    ref TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (scan_id, ref)
);
CREATE INDEX IF NOT EXISTS results_by_ref ON results (ref, scan_id);
CREATE INDEX IF NOT EXISTS scans_by_time ON scans (at);
"""


def default_path() -> Path:
    """Where history lives unless --history says otherwise (the platform's user data dir)."""
    return platformdirs.user_data_path("accesscheck") / "history.sqlite3"


def parse_duration(text: str, option: str) -> timedelta:
    """`90d`, `12h`, `4w`, `30m` → a timedelta; anything else is a usage error."""
    match = _DURATION.fullmatch(text.strip().lower())
    if not match or int(match[1]) == 0:
        raise ConfigError(f"{option} {text!r}: not a duration (like 90d, 12h, 4w or 30m)")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


@dataclass(frozen=True)
class Transition:
    """A model's status changed between two recorded scans (before is None: first seen)."""

    ref: str
    at: datetime
    before: Seen | None
    after: Seen


@dataclass(frozen=True)
class Span:
    """What a history file holds: how many scans, from when to when."""

    scans: int
    first: datetime | None
    last: datetime | None


def _epoch(report_started_at: str) -> float:
    return datetime.fromisoformat(report_started_at.replace("Z", "+00:00")).timestamp()


def _time(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


class History:
    """An open history file. Use as a context manager; every method is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"{path}: cannot open the history ({_why(exc)})") from None
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ConfigError(
                    f"{path}: history written by a newer accesscheck (schema {version})"
                )
            if version < SCHEMA_VERSION:
                with self._write():
                    for statement in filter(str.strip, _SCHEMA.split(";")):
                        self._db.execute(statement)  # executescript would COMMIT first
                    self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:
            self._db.close()
            raise ConfigError(f"{path}: not an accesscheck history file ({_why(exc)})") from None
        except ConfigError:
            self._db.close()
            raise

    def __enter__(self) -> History:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def record(self, report: Report, keep: timedelta) -> dict[str, Seen]:
        """Record `report`, drop scans older than `keep`, and return each scanned model's
        verdict as the previous recorded scan saw it (empty on the first run)."""
        at = _epoch(report.started_at)
        refs = [r.ref for r in report.results]
        try:
            with self._write():
                previous = self._latest(refs)
                cursor = self._db.execute(
                    "INSERT INTO scans (at, started_at, registry, exit_code) VALUES (?, ?, ?, ?)",
                    (at, report.started_at, report.registry, report.exit_code),
                )
                self._db.executemany(
                    "INSERT INTO results (scan_id, ref, status, reason) VALUES (?, ?, ?, ?)",
                    [
                        (cursor.lastrowid, r.ref, r.status.value, r.reason.value)
                        for r in report.results
                    ],
                )
                cutoff = at - keep.total_seconds()
                self._db.execute("DELETE FROM scans WHERE at < ?", (cutoff,))
        except sqlite3.Error as exc:
            raise ConfigError(f"{self.path}: cannot record the scan ({_why(exc)})") from None
        return previous

    def _latest(self, refs: Sequence[str]) -> dict[str, Seen]:
        rows = self._db.execute(
            """SELECT r.ref, r.status, r.reason FROM results r
               JOIN (SELECT ref, MAX(scan_id) AS scan_id FROM results GROUP BY ref) last
               ON r.ref = last.ref AND r.scan_id = last.scan_id"""
        )
        wanted = set(refs)
        return {
            ref: Seen(Status(status), reason)
            for ref, status, reason in rows
            if ref in wanted and status in Status._value2member_map_
        }

    def series(
        self, patterns: Iterable[str] = (), since: datetime | None = None
    ) -> dict[str, list[Point]]:
        """Every recorded verdict of the models matching `patterns` (all when empty), oldest
        first; only those from `since` on, when given."""
        patterns = list(patterns)
        start = since.timestamp() if since else float("-inf")
        try:
            rows = self._db.execute(
                """SELECT r.ref, s.at, r.status, r.reason FROM results r
                   JOIN scans s ON s.id = r.scan_id WHERE s.at >= ?
                   ORDER BY r.ref, s.at, s.id""",
                (start,),
            ).fetchall()
        except sqlite3.Error as exc:
            raise ConfigError(f"{self.path}: cannot read the history ({_why(exc)})") from None
        out: dict[str, list[Point]] = {}
        for ref, at, status, reason in rows:
            if patterns and not any(fnmatch.fnmatchcase(ref, p) for p in patterns):
                continue
            if status not in Status._value2member_map_:
                continue  # written by a newer accesscheck with a status we do not know
            out.setdefault(ref, []).append(Point(_time(at), Seen(Status(status), reason)))
        return out

    def span(self) -> Span:
        count, first, last = self._db.execute(
            "SELECT COUNT(*), MIN(at), MAX(at) FROM scans"
        ).fetchone()
        return Span(count, _time(first) if first else None, _time(last) if last else None)


def transitions(series: dict[str, list[Point]], since: datetime | None = None) -> list[Transition]:
    """Status changes per model, in time order; a change before `since` is left out, but the
    status before `since` still counts as "before"."""
    out = []
    for ref, points in series.items():
        before: Seen | None = None
        for point in points:
            changed = before is None or point.seen.status is not before.status
            if changed and (since is None or point.at >= since):
                out.append(Transition(ref, point.at, before, point.seen))
            before = point.seen
    return sorted(out, key=lambda t: (t.at, t.ref))


def _why(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
