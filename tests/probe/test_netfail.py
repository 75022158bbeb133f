"""RELIABILITY.md §9 rows D, E and F11 against real loopback sockets: each fault gets its
stable failure name and layer, decided from the exception chain (never message text)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import trustme

from accesscheck.observation import FailureName, Layer, Observation, Rung
from accesscheck.probe.transport import Prober
from accesscheck.providers import Request
from tests.emulator.raw import RawServer


def fetch(url: str, *, timeout: float = 2.0) -> Observation:
    async def go() -> Observation:
        async with Prober(timeout=timeout, concurrency=1) as prober:
            return await prober.fetch(Rung.LIST, url, Request("GET", "/models"), {})

    return asyncio.run(go())


def assert_failure(obs: Observation, name: FailureName, layer: Layer) -> None:
    assert obs.failure is not None, obs
    assert (obs.failure.name, obs.failure.layer) == (name, layer), obs.failure


@pytest.fixture
def ca(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> trustme.CA:
    authority = trustme.CA()
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return authority


class TLSServer:
    """A TLS listener on 127.0.0.1 that does `behaviour` with each raw connection (before or
    instead of the handshake), or completes the handshake with `leaf` and answers 200."""

    def __init__(
        self,
        leaf: trustme.LeafCert | None,
        behaviour: Callable[[socket.socket], None] | None = None,
    ) -> None:
        self.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        if leaf is not None:
            leaf.configure_cert(self.context)
        self.behaviour = behaviour
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.05)
        self.url = f"https://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def __enter__(self) -> TLSServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            try:
                if self.behaviour is not None:
                    self.behaviour(conn)
                    return
                with self.context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(65536)
                    tls.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}")
            except (OSError, ssl.SSLError):
                pass


def test_d1_d2_dns_nxdomain_and_temporary_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolver(code: int) -> Callable[..., object]:
        def getaddrinfo(*_args: object, **_kwargs: object) -> object:
            raise socket.gaierror(code, "resolver says no")

        return getaddrinfo

    monkeypatch.setattr(socket, "getaddrinfo", resolver(socket.EAI_NONAME))
    assert_failure(fetch("https://nothing.invalid"), FailureName.DNS_NXDOMAIN, Layer.DNS)
    monkeypatch.setattr(socket, "getaddrinfo", resolver(socket.EAI_AGAIN))
    assert_failure(fetch("https://nothing.invalid"), FailureName.DNS_TEMPORARY, Layer.DNS)


def test_e1_connection_refused(closed_port: int) -> None:
    assert_failure(fetch(f"http://127.0.0.1:{closed_port}"), FailureName.TCP_REFUSED, Layer.TCP)


def test_e5_a_stalled_handshake_is_a_tls_timeout_within_the_deadline(ca: trustme.CA) -> None:
    with TLSServer(None, lambda conn: (conn.recv(4096), time.sleep(5))) as server:  # never answers
        started = time.monotonic()
        obs = fetch(server.url, timeout=2.0)
        assert time.monotonic() - started < 2 * 2.0  # within twice the deadline
    # httpx's connect timeout fires just before the total deadline: named by phase, and the
    # half-open connection is closed (no ResourceWarning leaks into the next test)
    assert_failure(obs, FailureName.TLS_HANDSHAKE_TIMEOUT, Layer.TLS)


def test_e6_a_tls_alert_is_named(ca: trustme.CA) -> None:
    # A fatal handshake_failure alert (level 2, description 40) in a TLS 1.2 record.
    alert = bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])
    with TLSServer(None, lambda conn: (conn.recv(4096), conn.sendall(alert))) as server:
        obs = fetch(server.url)
    assert_failure(obs, FailureName.TLS_ALERT, Layer.TLS)
    assert obs.failure is not None and "alert" in obs.failure.detail.lower()


def test_e11_an_expired_certificate(ca: trustme.CA) -> None:
    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    leaf = ca.issue_cert("127.0.0.1", not_before=past, not_after=past + datetime.timedelta(days=30))
    with TLSServer(leaf) as server:
        obs = fetch(server.url)
    assert_failure(obs, FailureName.TLS_EXPIRED, Layer.TLS)
    assert obs.failure is not None and "clock" in obs.failure.detail


def test_e12_a_certificate_for_another_host(ca: trustme.CA) -> None:
    with TLSServer(ca.issue_cert("portal.example")) as server:
        obs = fetch(server.url)
    assert_failure(obs, FailureName.TLS_HOSTNAME_MISMATCH, Layer.TLS)


def test_e_a_good_certificate_passes(ca: trustme.CA) -> None:
    with TLSServer(ca.issue_cert("127.0.0.1")) as server:
        obs = fetch(server.url)
    assert obs.failure is None and obs.status == 200


def test_f11_accepts_but_never_answers() -> None:
    with RawServer(lambda conn: time.sleep(5)) as server:
        started = time.monotonic()
        obs = fetch(server.url, timeout=2.0)
        assert time.monotonic() - started < 2 * 2.0  # within twice the deadline
    assert obs.failure is not None
    assert obs.failure.name in (FailureName.READ_TIMEOUT, FailureName.DEADLINE_EXCEEDED)
    assert obs.failure.layer is Layer.HTTP


@pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="Linux drops SYNs to a full backlog"
)
def test_e2_a_blackhole_is_a_tcp_timeout_after_the_connect_budget() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)  # never accepted: once the queue is full, new SYNs are dropped
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    try:
        time.sleep(0.1)
        started = time.monotonic()
        obs = fetch(f"http://127.0.0.1:{port}", timeout=2.0)
        elapsed = time.monotonic() - started
    finally:
        for sock in (*fillers, listener):
            sock.close()
    assert_failure(obs, FailureName.TCP_TIMEOUT, Layer.TCP)
    assert elapsed < 2 * 2.0  # the connect budget, not a read budget on top
