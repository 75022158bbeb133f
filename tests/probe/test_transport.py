"""The network stage against hostile servers: caps, deadlines, encodings, redirects, secrets."""

from __future__ import annotations

import asyncio
import gzip
import socket
import struct
import time
from pathlib import Path
from typing import Any

import pytest

from accesscheck.observation import FailureName, Layer, Observation, Rung
from accesscheck.probe.transport import MAX_BODY_BYTES, Prober
from accesscheck.providers import Request
from tests.emulator.raw import RawServer, http_answer, read_head


def fetch(
    url: str,
    *,
    timeout: float = 3.0,
    headers: dict[str, str] | None = None,
    rung: Rung = Rung.INVOKE,
) -> Observation:
    async def go() -> Observation:
        async with Prober(timeout=timeout, concurrency=2) as prober:
            return await prober.fetch(rung, url, Request("GET", "/models"), headers or {})

    return asyncio.run(go())


def test_gzip_bomb_is_inflated_only_up_to_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)

    def send(conn: socket.socket) -> None:
        conn.sendall(
            http_answer(
                "200 OK",
                {
                    "content-type": "application/json",
                    "content-encoding": "gzip",
                    "content-length": str(len(bomb)),
                },
                bomb,
            )
        )

    with RawServer(send) as server:
        obs = fetch(server.url)
    assert obs.status == 200 and obs.truncated
    assert len(obs.body) == MAX_BODY_BYTES


def test_a_huge_body_is_cut_at_the_cap() -> None:
    def send(conn: socket.socket) -> None:
        conn.sendall(
            http_answer(
                "403 Forbidden",
                {"content-type": "text/html", "content-length": str(50 * 1024 * 1024)},
                b"",
            )
        )
        chunk = b"<p>" + b"x" * 65536
        for _ in range(800):
            conn.sendall(chunk)

    with RawServer(send) as server:
        started = time.monotonic()
        obs = fetch(server.url)
    assert obs.truncated and len(obs.body) == MAX_BODY_BYTES
    assert time.monotonic() - started < 3


def test_a_dripping_server_cannot_hold_the_probe_past_its_deadline() -> None:
    def drip(conn: socket.socket) -> None:
        conn.sendall(
            http_answer(
                "200 OK", {"content-type": "application/json", "content-length": "1000"}, b""
            )
        )
        for _ in range(100):
            conn.sendall(b" ")
            time.sleep(0.1)

    with RawServer(drip) as server:
        started = time.monotonic()
        obs = fetch(server.url, timeout=1.0)
    assert time.monotonic() - started < 2 * 1.0  # within twice the deadline
    assert obs.failure is not None
    assert (obs.failure.name, obs.failure.layer) == (FailureName.DEADLINE_EXCEEDED, Layer.HTTP)


def test_unknown_content_encoding_is_a_failure_not_a_crash() -> None:
    def send(conn: socket.socket) -> None:
        conn.sendall(
            http_answer(
                "200 OK", {"content-encoding": "br", "content-length": "4"}, b"\x00\x01\x02\x03"
            )
        )

    with RawServer(send) as server:
        obs = fetch(server.url)
    assert obs.failure is not None and obs.failure.name is FailureName.HTTP_UNEXPECTED_ENCODING


@pytest.mark.parametrize(
    ("reply", "name"),
    [
        (b"SSH-2.0-OpenSSH_9.6\r\n", FailureName.HTTP_PROTOCOL_ERROR),
        (b"", FailureName.HTTP_PROTOCOL_ERROR),
        (b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nshort", FailureName.HTTP_PROTOCOL_ERROR),
    ],
)
def test_garbage_replies(reply: bytes, name: FailureName) -> None:
    with RawServer(lambda conn: conn.sendall(reply)) as server:
        obs = fetch(server.url)
    assert obs.failure is not None and obs.failure.name is name
    assert "SSH" not in obs.failure.detail


def test_reset_during_tls_handshake() -> None:
    def reset(conn: socket.socket) -> None:
        conn.recv(1024)  # the ClientHello
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

    with RawServer(reset, read_request=False) as server:
        obs = fetch(f"https://127.0.0.1:{server.port}")
    assert obs.failure is not None
    assert obs.failure.name is FailureName.TLS_HANDSHAKE_RESET
    assert obs.failure.layer is Layer.TLS


def test_eof_during_tls_handshake() -> None:
    with RawServer(lambda conn: conn.recv(1024), read_request=False) as server:
        obs = fetch(f"https://127.0.0.1:{server.port}")
    assert obs.failure is not None and obs.failure.name is FailureName.TLS_HANDSHAKE_EOF


def test_plain_http_on_a_tls_port() -> None:
    def plain(conn: socket.socket) -> None:
        conn.recv(1024)
        conn.sendall(http_answer("400 Bad Request", {"content-length": "0"}, b""))

    with RawServer(plain, read_request=False) as server:
        obs = fetch(f"https://127.0.0.1:{server.port}")
    assert obs.failure is not None and obs.failure.name is FailureName.TLS_PROTOCOL_MISMATCH


def test_redirect_is_not_followed_and_location_is_sanitised() -> None:
    def redirect(conn: socket.socket) -> None:
        conn.sendall(
            http_answer(
                "307 Temporary Redirect",
                {
                    "location": "https://user:pw@evil.example:8443/steal?key=abc",
                    "content-length": "0",
                },
                b"",
            )
        )

    with RawServer(redirect) as server:
        obs = fetch(server.url, headers={"x-api-key": "sk-test-secret-value-123456"})
        assert server.connections == 1
    assert obs.status == 307 and obs.failure is not None
    assert obs.failure.detail == "redirect to https://evil.example:8443 (not followed)"


def test_sslkeylogfile_is_never_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keylog = tmp_path / "keys.log"
    monkeypatch.setenv("SSLKEYLOGFILE", str(keylog))
    from accesscheck.probe.network import ssl_context

    assert ssl_context().keylog_filename is None


HANGING_RESOLVER = """
import socket, sys, time
real = socket.getaddrinfo
def hanging(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name == "hang.example":
        time.sleep(120)  # a resolver that never answers
    return real(host, *args, **kwargs)
socket.getaddrinfo = hanging
sys.argv = ["accesscheck", "scan", "--registry", sys.argv[1], "--timeout", "2",
            "--no-history", "--format", "json"]
from accesscheck import cli, registry, scanner  # what the scan imports when it runs
print("began", time.monotonic(), file=sys.stderr, flush=True)  # imports done: the scan starts
cli.main()
"""


def test_a_hanging_resolver_ends_the_process_within_the_deadline(tmp_path: Path) -> None:
    """RELIABILITY D3: the deadline must end the process, not only the probe."""
    import json
    import subprocess
    import sys
    import time

    from tests.conftest import REPO, write_registry

    registry = write_registry(tmp_path / "r.yaml", [{
        "id": "far", "name": "Far", "api": "openai", "base_url": "https://hang.example/v1",
        "auth": {"env": "FAR_API_KEY"}, "models": [{"id": "m"}],
    }])  # fmt: skip
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", HANGING_RESOLVER, str(registry)],
        capture_output=True, text=True, timeout=100, check=False,
        cwd=REPO,
    )  # fmt: skip
    ended = time.monotonic()
    assert ended - started < 100
    # Linux's monotonic clock is shared by processes: time the scan from its own start, without
    # the interpreter's start-up, against twice the 2 s deadline.
    began = float(done.stderr.split("began ", 1)[1].split()[0])
    elapsed = ended - began
    assert elapsed < 2 * 2, f"the process outlived its 2 s deadline ({elapsed:.1f} s)"
    report = json.loads(done.stdout)
    assert report["results"][0]["failure"]["name"] == "dns_timeout"
    assert done.returncode == 3  # nothing answered at all: the local network looks down


def test_f2_a_downgrade_to_plain_http_is_flagged(tmp_path: Path) -> None:
    import ssl

    import trustme

    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))

    def downgrade(conn: socket.socket) -> None:
        answer = http_answer("301 Moved Permanently",
                             {"location": "http://127.0.0.1:1/v1/models", "content-length": "0"}, b"")  # fmt: skip
        conn.sendall(answer)

    from accesscheck.probe.network import Network

    async def go(url: str) -> Observation:
        network = Network(ca_bundle=str(bundle))
        async with Prober(timeout=3, concurrency=1, network=network) as prober:
            return await prober.fetch(Rung.LIST, url, Request("GET", "/models"), {})

    with RawServer(downgrade, ssl_context=context) as server:
        obs = asyncio.run(go(server.url))
        assert server.connections == 1  # F1-F3: one request, never a second (no loop either)
    assert obs.status == 301 and obs.failure is not None
    assert (
        obs.failure.detail
        == "redirect to http://127.0.0.1:1 (not followed; a downgrade to plain http)"
    )


def test_f7_a_huge_retry_after_is_never_waited_for() -> None:
    def throttled(conn: socket.socket) -> None:
        body = b'{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}'
        conn.sendall(http_answer("429 Too Many Requests", {"retry-after": "999999",
                                 "content-type": "application/json",
                                 "content-length": str(len(body))}, body))  # fmt: skip

    with RawServer(throttled) as server:
        started = time.monotonic()
        obs = fetch(server.url)
        assert server.connections == 1  # no retry
    assert time.monotonic() - started < 2 and obs.status == 429
    from accesscheck.classify import read
    from accesscheck.classify.decide import classify

    verdict = classify(
        read.read(obs.body, obs.status), Rung.INVOKE, family="openai", dialect="openai"
    )
    assert verdict.reason.value == "rate_limited"


def test_f9_dripping_headers_hit_the_deadline() -> None:
    def drip(conn: socket.socket) -> None:
        for byte in b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n" * 10:
            conn.sendall(bytes([byte]))
            time.sleep(0.05)

    with RawServer(drip) as server:
        started = time.monotonic()
        obs = fetch(server.url, timeout=1.0)
    assert time.monotonic() - started < 2 * 1.0  # within twice the deadline
    assert obs.failure is not None and obs.failure.name is FailureName.DEADLINE_EXCEEDED


@pytest.mark.parametrize(
    ("head", "body", "name"),
    [
        # F13: nested encodings are not decoded at all: no bomb can go off
        ({"content-encoding": "gzip, gzip"}, gzip.compress(gzip.compress(b"\0" * 10_000_000)),
         FailureName.HTTP_UNEXPECTED_ENCODING),
        # F15: a chunked body cut short, then the connection closed
        ({"transfer-encoding": "chunked"}, b"10\r\n{\"data\": [1, 2, ", FailureName.HTTP_PROTOCOL_ERROR),
    ],
)  # fmt: skip
def test_f13_f15_bodies_that_cannot_be_read_whole(
    head: dict[str, str], body: bytes, name: FailureName
) -> None:
    def send(conn: socket.socket) -> None:
        headers = {"content-type": "application/json", **head}
        if "transfer-encoding" not in head:
            headers["content-length"] = str(len(body))
        conn.sendall(http_answer("200 OK", headers, body))

    with RawServer(send) as server:
        obs = fetch(server.url)
    assert obs.failure is not None and obs.failure.name is name, obs


def test_f15_a_reset_in_the_middle_of_the_body() -> None:
    import struct

    def reset(conn: socket.socket) -> None:
        conn.sendall(http_answer("200 OK", {"content-length": "1000"}, b'{"data": ['))
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()

    with RawServer(reset) as server:
        obs = fetch(server.url)
    assert obs.failure is not None
    assert obs.failure.name in (FailureName.READ_RESET, FailureName.HTTP_PROTOCOL_ERROR)


def test_f17_a_200_kb_header_line_is_a_protocol_error() -> None:
    def huge(conn: socket.socket) -> None:
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nx-filler: " + b"a" * 200_000 + b"\r\ncontent-length: 2\r\n\r\n{}"
        )

    with RawServer(huge) as server:
        obs = fetch(server.url)
    assert obs.failure is not None and obs.failure.name is FailureName.HTTP_PROTOCOL_ERROR
    assert len(obs.failure.detail) < 200


def _keep_alive_once(conn: socket.socket) -> None:
    """Answers the first request on a connection and keeps it alive, then drops the
    connection when the next request arrives: the idle-close race of HTTP/1.1 keep-alive."""
    answer = http_answer(
        "200 OK", {"content-type": "application/json", "content-length": "2"}, b"{}"
    )
    conn.sendall(answer)
    read_head(conn)  # the next request on this connection: dropped unanswered


def test_a_kept_alive_connection_the_server_dropped_is_sent_again_once() -> None:
    async def go(url: str) -> tuple[list[Observation], int]:
        async with Prober(timeout=3.0, concurrency=1) as prober:
            seen = [
                await prober.fetch(Rung.LIST, url, Request("GET", "/models"), {}) for _ in range(2)
            ]
            return seen, prober.retries

    with RawServer(_keep_alive_once) as server:
        (first, second), retries = asyncio.run(go(server.url))
        connections = server.connections
    assert first.status == 200 and first.failure is None
    # the second request met the dropped connection, and went again on a fresh one
    assert second.status == 200 and second.failure is None, second.failure
    assert retries == 1 and connections == 2


def test_a_reset_on_a_fresh_connection_is_the_servers_and_is_not_sent_again() -> None:
    def reset(conn: socket.socket) -> None:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    async def go(url: str) -> tuple[Observation, int]:
        async with Prober(timeout=3.0, concurrency=1) as prober:
            seen = await prober.fetch(Rung.LIST, url, Request("GET", "/models"), {})
            return seen, prober.retries

    with RawServer(reset) as server:
        obs, retries = asyncio.run(go(server.url))
        connections = server.connections
    assert obs.failure is not None and obs.failure.name is FailureName.READ_RESET
    assert retries == 0 and connections == 1


def test_a_hundred_hosts_at_concurrency_64_are_all_reachable(tmp_path: Path) -> None:
    """#12: one pool shared by every host rescanned hosts x concurrency connections for each
    request and lost connections under that load (models wrongly ended as read_reset)."""
    import yaml

    from accesscheck import registry
    from accesscheck.scanner import ScanOptions, run_scan
    from tests.emulator.server import OK, Emulator, Scenario

    key, ids = "sk-test-0123456789abcdef", [f"model-{i}" for i in range(10)]
    scenario = Scenario(models=dict.fromkeys(ids, OK), latency_s=0.02)
    emulators = [Emulator("openai", key=key, scenario=scenario) for _ in range(100)]
    providers, env = [], {}
    for i, emulator in enumerate(emulators):
        emulator.__enter__()
        env[f"P{i}_API_KEY"] = key
        providers.append({
            "id": f"p{i}", "name": f"p{i}", "api": "openai", "family": "openai", "hq": "US",
            "base_url": emulator.base_url, "auth": {"env": f"P{i}_API_KEY"},
            "models": [{"id": m} for m in ids],
        })  # fmt: skip
    path = tmp_path / "registry.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "providers": providers}))
    options = ScanOptions(deep=True, timeout=30, scan_timeout=120, concurrency=64, environ=env)
    try:
        report = run_scan(registry.load(str(path)), options)
    finally:
        for emulator in emulators:
            emulator.__exit__(None, None, None)
    outcomes = {(r.status.value, r.failure.name.value if r.failure else "") for r in report.results}
    assert len(report.results) == 1000 and outcomes == {("reachable", "")}


def test_a_cookie_one_server_sets_is_never_sent_anywhere() -> None:
    """Providers on one host name share a cookie domain whatever their port: a kept cookie would
    travel from one provider to the next (and a non-Latin-1 one broke every later request)."""
    heads: list[bytes] = []

    def set_cookie(conn: socket.socket) -> None:
        headers = {"set-cookie": "session=abc; Path=/", "content-length": "2"}
        conn.sendall(http_answer("200 OK", headers, b"{}"))

    def record(conn: socket.socket) -> None:
        heads.append(read_head(conn))
        conn.sendall(http_answer("200 OK", {"content-length": "2"}, b"{}"))

    async def go(first: str, second: str) -> None:
        async with Prober(timeout=3.0, concurrency=1) as prober:
            for url in (first, second, first):
                assert (await prober.fetch(Rung.LIST, url, Request("GET", "/m"), {})).status == 200

    with RawServer(set_cookie) as setter, RawServer(record, read_request=False) as other:
        asyncio.run(go(setter.url, other.url))
    assert heads and all(b"cookie" not in head.lower() for head in heads), heads


def test_an_address_is_not_looked_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """A base URL with an IP address has no DNS step: no lookup to time out under load, no
    `dns_timeout` for a server that is simply there."""
    from accesscheck.probe import transport

    looked_up: list[str] = []

    async def lookup(host: str, port: int) -> list[Any]:
        looked_up.append(host)
        raise AssertionError("an address was looked up")

    monkeypatch.setattr(transport, "getaddrinfo_async", lookup)
    with RawServer(
        lambda conn: conn.sendall(http_answer("200 OK", {"content-length": "2"}, b"{}"))
    ) as server:
        obs = fetch(server.url)
    assert obs.status == 200 and obs.failure is None and not looked_up
    assert obs.timings.dns_ms is None


def test_a_model_list_has_room_for_a_real_catalogue() -> None:
    """An answer is cut at MAX_BODY_BYTES, but a model list (keyless or keyed) may be as large
    as OpenRouter's public one (432 KB in May 2026): cut, it would no longer be JSON and every
    model of the provider would be unknown. It has a cap of its own."""
    from accesscheck.probe.transport import MAX_LIST_BYTES

    body = b'{"data": [' + b",".join(b'{"id": "m-%06d"}' % n for n in range(40_000)) + b"]}"
    assert MAX_BODY_BYTES < len(body) < MAX_LIST_BYTES

    def send(conn: socket.socket) -> None:
        headers = {"content-type": "application/json", "content-length": str(len(body))}
        conn.sendall(http_answer("200 OK", headers, body))

    for rung, whole in ((Rung.LIST, True), (Rung.KEYLESS, True), (Rung.INVOKE, False)):
        with RawServer(send) as server:
            obs = fetch(server.url, rung=rung)
        assert (obs.body.encode() == body) is whole and obs.truncated is not whole, rung


def test_a_body_is_sent_as_json_and_a_bodiless_request_claims_no_type() -> None:
    from tests.emulator.server import OK, Emulator, Scenario

    async def go(base_url: str) -> None:
        async with Prober(timeout=3.0, concurrency=1) as prober:
            await prober.fetch(Rung.LIST, base_url, Request("GET", "/models"), {})
            body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
            await prober.fetch(
                Rung.INVOKE, base_url, Request("POST", "/chat/completions", body), {}
            )

    with Emulator("openai", key="k" * 32, scenario=Scenario(models={"m": OK})) as server:
        asyncio.run(go(server.base_url))
        seen = [(r.method, r.headers.get("content-type")) for r in server.requests]
    assert seen == [("GET", None), ("POST", "application/json")]
