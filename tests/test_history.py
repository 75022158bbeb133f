"""Scan history and webhook alerts: what cron runs rely on."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from accesscheck import history, notify
from accesscheck.errors import ConfigError
from accesscheck.model import Reason, Report, Result, Status
from accesscheck.observation import Rung
from tests.conftest import CANARY, Providers, Runner, assert_no_canary_in, write_registry
from tests.test_gate import add_openai

TOKEN_PATH = "/services/T000/B000/fake-webhook-token"


class Webhook:
    """A local incoming-webhook endpoint that records every POST and answers with `codes`
    in turn (then 200)."""

    def __init__(self, codes: list[int] | None = None) -> None:
        self.posts: list[dict[str, Any]] = []
        self.codes = list(codes or [])
        self.on_post: Callable[[str], None] = lambda _path: None  # as each POST arrives
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                hook.on_post(self.path)
                length = int(self.headers["content-length"])
                hook.posts.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                code = hook.codes.pop(0) if hook.codes else 200
                self.send_response(code)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}{TOKEN_PATH}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(p["body"]) for p in self.posts]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.close()


def scan(run: Runner, providers: Providers, *args: str) -> tuple[int, str]:
    path = providers.tmp_path / "r.yaml"
    write_registry(path, providers.entries)
    result = run("scan", "--registry", str(path), "--format", "json", *args, env=providers.env)
    assert result.out, result.err
    return result.code, result.err


def test_one_alert_per_change_and_none_when_nothing_changed(
    run: Runner, providers: Providers, webhook: Webhook, tmp_path: Path
) -> None:
    emulator = add_openai(providers)
    db = tmp_path / "history.sqlite3"
    args = ("--history", str(db), "--notify", webhook.url)

    code, _ = scan(run, providers, *args)
    assert code == 0 and webhook.posts == []  # first recorded scan: nothing to compare with

    code, _ = scan(run, providers, *args)
    assert webhook.posts == []  # no change, no alert

    emulator.scenario.mode = "geo"
    code, err = scan(run, providers, *args)
    assert len(webhook.posts) == 1, err
    post = webhook.posts[0]
    assert post["path"] == TOKEN_PATH and post["headers"]["content-type"] == "application/json"
    text = json.loads(post["body"])["text"]
    assert text.startswith("*accesscheck*: 3 model(s) changed access, 2 lost (scan ")
    assert "• lost `openai/gpt-5.5`: reachable/listed → restricted/geo_blocked — " in text
    assert CANARY.encode() not in post["body"]

    scan(run, providers, *args)
    assert len(webhook.posts) == 1  # still geo-blocked: not a new change

    emulator.scenario.mode = "ok"
    scan(run, providers, *args, "--notify-format", "json")
    body = webhook.bodies()[1]
    assert body["kind"] == "accesscheck.changes" and body["schema_version"] == 1
    assert body["lost"] == []
    gained = {c["ref"]: c for c in body["changes"]}["openai/gpt-5.5"]
    assert gained["kind"] == "gained"
    assert (gained["before"], gained["after"]) == ("restricted/geo_blocked", "reachable/listed")

    result = run("history", "--history", str(db), "openai/gpt-5.5")
    lines = result.out.splitlines()
    assert result.code == 0 and len(lines) == 4
    assert lines[0].startswith("openai/gpt-5.5: first seen reachable on ")
    assert lines[1].startswith("openai/gpt-5.5: reachable → restricted on ")
    assert lines[1].endswith(" UTC (reachable/listed → restricted/geo_blocked)")
    assert lines[2].startswith("openai/gpt-5.5: restricted → reachable on ")
    assert lines[3].startswith("5 scans recorded, ")

    doc = json.loads(run("history", "--history", str(db), "--format", "json", "openai/*").out)
    assert doc["scans"] == 5 and doc["schema_version"] == 1
    refs = {t["ref"] for t in doc["transitions"]}
    assert refs == {"openai/gpt-5.5", "openai/gpt-6.2-sol", "openai/gpt-daybreak-blue-latest"}
    first = doc["transitions"][0]
    assert first["before"] is None and first["at"].endswith("Z")
    assert_no_canary_in(tmp_path)  # the history file included


def test_a_failed_notification_is_retried_then_warned_without_changing_the_exit_code(
    run: Runner, providers: Providers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify, "BACKOFF_S", 0.01)
    hook = Webhook(codes=[503, 503, 503])
    try:
        emulator = add_openai(providers)
        args = ("--history", str(tmp_path / "h.sqlite3"), "--notify", hook.url)
        scan(run, providers, *args)
        emulator.scenario.mode = "geo"
        code, err = scan(run, providers, *args)
        assert code == 0  # no gate asked for: the alert's failure does not fail the scan
        assert len(hook.posts) == notify.ATTEMPTS
        assert "accesscheck: warning: notification to http://127.0.0.1:" in err
        assert "/… failed (HTTP 503)" in err and "fake-webhook-token" not in err

        hook.codes = [404]
        emulator.scenario.mode = "ok"
        scan(run, providers, *args)
        assert len(hook.posts) == notify.ATTEMPTS + 1  # a 4xx is not retried

        hook.codes = [302]
        emulator.scenario.mode = "geo"
        _, err = scan(run, providers, *args)
        assert "/… failed (HTTP 302)" in err
        assert len(hook.posts) == notify.ATTEMPTS + 2  # a redirect is neither followed nor retried
    finally:
        hook.close()


def test_an_unreachable_webhook_is_a_warning(
    run: Runner,
    providers: Providers,
    tmp_path: Path,
    closed_port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(notify, "BACKOFF_S", 0.01)
    emulator = add_openai(providers)
    url = f"http://127.0.0.1:{closed_port}{TOKEN_PATH}"
    args = ("--history", str(tmp_path / "h.sqlite3"), "--notify", url)
    scan(run, providers, *args)
    emulator.scenario.mode = "geo"
    code, err = scan(run, providers, *args)
    assert code == 0
    assert err.strip().endswith(
        f"notification to http://127.0.0.1:{closed_port}/… failed (tcp_refused)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--keep", "forever"], "--keep 'forever': not a duration (like 90d, 12h, 4w or 30m)"),
        (["--keep", "0d"], "--keep '0d': not a duration"),
        (
            ["--notify", "ftp://hooks.example/T/secret"],
            "--notify ftp://hooks.example/…: URL scheme must be https, not 'ftp'",
        ),
        (
            ["--notify", "http://hooks.example/T/secret"],
            "http:// is allowed only to loopback hosts",
        ),
        (
            ["--notify", "https://hooks.example/x", "--no-history"],
            "--notify compares with the previous recorded scan",
        ),
    ],
)
def test_bad_history_and_notify_options_are_usage_errors(
    run: Runner, args: list[str], message: str
) -> None:
    result = run("scan", *args)
    assert result.code == 2 and message in result.err
    assert "secret" not in result.err and len(result.err.splitlines()) == 1


def test_history_file_problems_are_one_line_errors(run: Runner, tmp_path: Path) -> None:
    missing = run("history", "--history", str(tmp_path / "none.sqlite3"))
    assert missing.code == 2 and "no history yet (accesscheck scan records one)" in missing.err
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database " * 100)
    for args in (["history", "--history", str(garbage)], ["scan", "--history", str(garbage)]):
        result = run(*args)
        assert result.code == 2
        assert result.err == (
            f"accesscheck: error: {garbage}: not an accesscheck history file (file is not a database)\n"
        )
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as db:
        db.execute("PRAGMA user_version = 99")
    result = run("history", "--history", str(newer))
    assert result.code == 2 and "written by a newer accesscheck (schema 99)" in result.err
    unknown = tmp_path / "ok.sqlite3"
    history.History(unknown).close()
    result = run("history", "--history", str(unknown), "nobody/*")
    assert result.code == 2 and "no recorded scan has a model matching nobody/*" in result.err


def test_the_default_history_lives_in_the_user_data_dir(
    run: Runner, providers: Providers, tmp_path: Path
) -> None:
    add_openai(providers)
    scan(run, providers)
    default = tmp_path / "xdg-data" / "accesscheck" / "history.sqlite3"
    assert history.default_path() == default and default.is_file()
    assert "1 scans recorded" in run("history").out
    scan(run, providers, "--no-history")
    assert "1 scans recorded" in run("history").out


def test_an_unwritable_default_history_is_a_warning_but_an_explicit_one_an_error(
    run: Runner, providers: Providers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_openai(providers)
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    code, err = scan(run, providers)
    assert code == 0 and "this scan is not recorded (--no-history to silence)" in err
    path = providers.tmp_path / "r.yaml"
    result = run("scan", "--registry", str(path), "--history", str(blocker / "h.sqlite3"))
    assert result.code == 2 and result.err.startswith("accesscheck: error: ")
    assert "cannot open the history" in result.err


def _report(at: str, statuses: dict[str, Status]) -> Report:
    results = tuple(
        Result(
            ref,
            *ref.split("/"),
            ref,
            status,
            Reason.OK if status is Status.REACHABLE else Reason.GEO_BLOCKED,
            Rung.LIST,
            "r",
        )
        for ref, status in statuses.items()
    )
    return Report(at, 1.0, "r.yaml", results, (), 0, False, 0)


def test_retention_drops_old_scans(tmp_path: Path) -> None:
    with history.History(tmp_path / "h.sqlite3") as store:
        store.record(_report("2026-01-01T00:00:00Z", {"a/x": Status.REACHABLE}), timedelta(days=90))
        store.record(
            _report("2026-03-01T00:00:00Z", {"a/x": Status.RESTRICTED}), timedelta(days=90)
        )
        assert store.span().scans == 2
        previous = store.record(
            _report("2026-05-01T00:00:00Z", {"a/x": Status.RESTRICTED}), timedelta(days=90)
        )
        assert str(previous["a/x"]) == "restricted/geo_blocked"
        assert store.span().scans == 2  # January is more than 90 days before May
        found = history.transitions(store.series())
        assert [(str(t.before), str(t.after)) for t in found] == [
            ("None", "restricted/geo_blocked")
        ]


def test_since_keeps_the_status_before_the_window_as_before(run: Runner, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    now = datetime.now(UTC)

    def at(days: int) -> str:
        return (now - timedelta(days=days)).isoformat(timespec="seconds").replace("+00:00", "Z")

    with history.History(db) as store:
        for days, status in (
            (60, Status.REACHABLE),
            (10, Status.RESTRICTED),
            (1, Status.RESTRICTED),
        ):
            store.record(_report(at(days), {"a/x": status}), timedelta(days=365))
    everything = run("history", "--history", str(db)).out.splitlines()
    assert [line.split(" on ")[0] for line in everything[:-1]] == [
        "a/x: first seen reachable",
        "a/x: reachable → restricted",
    ]
    recent = json.loads(run("history", "--history", str(db), "--since", "30d", "-f", "json").out)
    assert [(t["before"], t["after"]) for t in recent["transitions"]] == [
        ("reachable/ok", "restricted/geo_blocked")
    ]
    assert recent["transitions"][0]["at"] == at(10)
    quiet = run("history", "--history", str(db), "--since", "5d").out
    assert quiet.startswith("no status change in this window\n3 scans recorded, ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90d", timedelta(days=90)),
        ("12h", timedelta(hours=12)),
        ("4W", timedelta(weeks=4)),
        (" 30m ", timedelta(minutes=30)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert history.parse_duration(text, "--keep") == expected


@pytest.mark.parametrize("bad", ["", "d", "-1d", "1.5d", "1y", "90 d", "9999999d"])
def test_bad_durations(bad: str) -> None:
    with pytest.raises(ConfigError, match="not a duration"):
        history.parse_duration(bad, "--since")


WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from accesscheck.history import History
from tests.test_history import _report
from accesscheck.model import Status
path, who = Path(sys.argv[1]), sys.argv[2]
for i in range(40):
    status = Status.REACHABLE if i % 2 else Status.RESTRICTED
    with History(path) as store:
        store.record(_report(f"2026-11-27T10:{i:02d}:00Z", {f"{who}/m": status, "shared/m": status}), timedelta(days=90))
"""


def test_two_processes_recording_at_once_do_not_corrupt_the_history(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    root = Path(__file__).resolve().parents[1]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), who], cwd=root, stderr=subprocess.PIPE
        )
        for who in ("a", "b")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT COUNT(*) FROM scans").fetchone() == (80,)
        assert db.execute("SELECT COUNT(*) FROM results").fetchone() == (160,)
    with history.History(path) as store:
        series = store.series(["a/*", "b/*"])
        assert {ref: len(points) for ref, points in series.items()} == {"a/m": 40, "b/m": 40}
