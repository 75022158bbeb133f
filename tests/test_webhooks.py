"""Webhook alerts against hostile servers: total deadlines, a capped reply, the scan's network
options, and the report out before any alert is attempted (issue #11)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from accesscheck import notify
from accesscheck.choices import NotifyFormat
from accesscheck.model import Change, ChangeKind, Seen, Status
from accesscheck.probe.network import Network
from tests import test_scan
from tests.conftest import Providers, write_registry
from tests.emulator.proxy import ConnectProxy
from tests.emulator.raw import RawServer, http_answer, private_ca
from tests.report.test_renderers import REPORT
from tests.test_gate import add_openai
from tests.test_history import TOKEN_PATH, Webhook

fake_dns = test_scan.fake_dns

LOST = Change(
    "acme/big",
    ChangeKind.LOST,
    Seen(Status.REACHABLE, "listed"),
    Seen(Status.RESTRICTED, "geo_blocked"),
)
OK = http_answer("200 OK", {"content-length": "2"}, b"ok")


def answer_ok(conn: socket.socket) -> None:
    """200, then read on until the client hangs up: closing with its body unread would reset
    the connection before the client read the answer."""
    conn.sendall(OK)
    conn.settimeout(2)
    with contextlib.suppress(OSError):
        while conn.recv(4096):
            pass


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deadlines scaled down so that a test of them takes seconds."""
    monkeypatch.setattr(notify, "TIMEOUT_S", 1.0)
    monkeypatch.setattr(notify, "DEADLINE_S", 20.0)
    monkeypatch.setattr(notify, "BACKOFF_S", 0.01)


def send(url: str, network: Network | None = None) -> tuple[int, list[str], float]:
    warnings: list[str] = []
    started = time.monotonic()
    delivered = notify.send(
        [url], REPORT, [LOST], NotifyFormat.JSON, warnings.append, network or Network()
    )
    return delivered, warnings, time.monotonic() - started


def drip(conn: socket.socket) -> None:
    """A server that answers one header byte every 0.3 s for 8 s: each read is quick, so
    httpx's per-phase timeouts never fire."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nx-drip: ")
    for _ in range(27):
        conn.sendall(b"a")
        time.sleep(0.3)


def test_a_dripping_webhook_is_cut_off_by_the_attempt_deadline(quick: None) -> None:
    with RawServer(drip) as server:
        delivered, warnings, elapsed = send(f"{server.url}{TOKEN_PATH}")
    assert delivered == 0 and server.connections == notify.ATTEMPTS
    # three attempts of at most TIMEOUT_S each (the drip alone would take 8 s per attempt)
    assert elapsed < notify.ATTEMPTS * notify.TIMEOUT_S + 2
    assert warnings == [
        f"accesscheck: warning: notification to {server.url}/… failed (deadline_exceeded)"
    ]


def test_every_attempt_together_is_bounded_by_the_alert_deadline(
    quick: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify, "DEADLINE_S", 1.5)
    with RawServer(drip) as server:
        delivered, warnings, elapsed = send(f"{server.url}{TOKEN_PATH}")
    assert delivered == 0 and elapsed < 2.5
    assert warnings == [
        f"accesscheck: warning: notification to {server.url}/… failed (no answer within 1.5s)"
    ]


def test_a_silent_webhook_is_a_warning_within_the_deadline(quick: None) -> None:
    def hang(conn: socket.socket) -> None:
        conn.settimeout(10)
        while conn.recv(4096):  # the request body, then nothing until the client gives up
            pass

    with RawServer(hang) as server:
        delivered, warnings, elapsed = send(f"{server.url}{TOKEN_PATH}")
    assert delivered == 0 and elapsed < notify.ATTEMPTS * notify.TIMEOUT_S + 2
    assert warnings and warnings[0].endswith("failed (deadline_exceeded)")


def test_a_huge_reply_is_not_read_whole(quick: None) -> None:
    """A 256 MiB reply from a generator: the alert reads a capped prefix and hangs up; the
    server gets to send only what fits in the socket buffers."""
    total = 256 * 1024 * 1024
    sent = [0]

    def flood(conn: socket.socket) -> None:
        conn.sendall(http_answer("200 OK", {"content-length": str(total)}, b""))
        chunk = b"x" * 65536
        while sent[0] < total:
            conn.sendall(chunk)
            sent[0] += len(chunk)

    with RawServer(flood) as server:
        delivered, warnings, _ = send(f"{server.url}{TOKEN_PATH}")
        time.sleep(0.2)
    assert delivered == 1 and warnings == []
    assert sent[0] < 16 * 1024 * 1024, f"the client read {sent[0]} bytes of the reply"


def test_webhooks_on_one_host_do_not_queue_behind_a_slow_one(
    quick: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify, "TIMEOUT_S", 5.0)
    monkeypatch.setattr(notify, "DEADLINE_S", 1.0)
    hook = Webhook()
    hook.on_post = lambda path: time.sleep(3 if path.endswith("/slow") else 0)
    warnings: list[str] = []
    try:
        urls = [f"{hook.url}/slow", f"{hook.url}/fast"]
        started = time.monotonic()
        delivered = notify.send(urls, REPORT, [LOST], NotifyFormat.JSON, warnings.append)
        elapsed = time.monotonic() - started
    finally:
        hook.close()
    assert delivered == 1 and len(warnings) == 1 and "no answer within 1s" in warnings[0]
    assert elapsed < 2.5


@pytest.fixture
def tls_hook(tmp_path: Path, fake_dns: dict[str, str]) -> Iterator[tuple[RawServer, Path]]:
    """An https webhook at hooks.test signed by a private CA, and that CA's bundle."""
    bundle = tmp_path / "ca.pem"
    context = private_ca("hooks.test", bundle)
    fake_dns["hooks.test"] = "127.0.0.1"
    with RawServer(answer_ok, ssl_context=context) as server:
        yield server, bundle


def test_an_alert_obeys_proxy_and_ca_bundle(quick: None, tls_hook: tuple[RawServer, Path]) -> None:
    server, bundle = tls_hook
    url = f"https://hooks.test:{server.port}{TOKEN_PATH}"
    with ConnectProxy() as proxy:
        delivered, warnings, _ = send(url, Network(proxy=proxy.url, ca_bundle=str(bundle)))
        assert (delivered, warnings) == (1, [])
        assert proxy.connects() == [f"hooks.test:{server.port}"]
        # without the corporate CA the TLS handshake inside the tunnel is refused
        delivered, warnings, _ = send(url, Network(proxy=proxy.url))
    assert delivered == 0 and server.connections == 1 + notify.ATTEMPTS
    assert warnings == [
        f"accesscheck: warning: notification to https://hooks.test:{server.port}/… "
        "failed (tls_untrusted_ca)"
    ]


def test_an_alert_obeys_the_environment_proxy_and_no_env_proxy(
    quick: None, tls_hook: tuple[RawServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, bundle = tls_hook
    url = f"https://hooks.test:{server.port}{TOKEN_PATH}"
    with ConnectProxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        assert send(url, Network(ca_bundle=str(bundle)))[0] == 1
        assert len(proxy.connects()) == 1
        assert send(url, Network(env_proxy=False, ca_bundle=str(bundle)))[0] == 1
        assert len(proxy.connects()) == 1  # --no-env-proxy: straight to the webhook


def test_the_report_is_printed_and_written_before_any_webhook_attempt(
    providers: Providers, tmp_path: Path
) -> None:
    """A real process (stdout to a file): when the webhook is called, stdout and -o are done."""
    emulator = add_openai(providers)
    registry = write_registry(tmp_path / "r.yaml", providers.entries)
    stdout, written = tmp_path / "stdout.txt", tmp_path / "report.json"
    seen: list[tuple[int, bool]] = []
    hook = Webhook()
    hook.on_post = lambda _path: seen.append((stdout.stat().st_size, written.is_file()))
    env = {**os.environ, **providers.env, "PYTHONPATH": str(Path(__file__).parents[1])}
    common = ["--registry", str(registry), "--history", str(tmp_path / "h.sqlite3")]

    def scan(*args: str) -> None:
        with stdout.open("w") as out:
            subprocess.run(
                [sys.executable, "-m", "accesscheck", "scan", *common, *args],
                stdout=out,
                env=env,
                timeout=120,
                check=False,
            )

    try:
        scan()
        emulator.scenario.mode = "geo"
        scan("--format", "json", "-o", str(written), "--notify", hook.url)
    finally:
        hook.close()
    assert len(hook.posts) == 1 and json.loads(stdout.read_text())["exit_code"] == 0
    (stdout_size, report_written), *_ = seen
    assert stdout_size > 0, "the webhook was called before the report was printed"
    assert report_written, "the webhook was called before -o was written"
