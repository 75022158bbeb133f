"""The emulators over TLS with ALPN, speaking HTTP/2 or HTTP/1.1 as the client asks (bench/run.py
--http2): real providers serve h2 only over TLS, so that is where HTTP/2 is measured.

Each provider is one hypercorn server (the bench extra) on its own port, with a certificate from a
test CA (trustme). Its answers are the emulator's own (tests/emulator/server.py), made by running
the emulator's request handler on each request's bytes: the same bodies, the same recorded
requests, whichever protocol carried them. The injected latency is an asyncio sleep here, so
that a hundred requests in flight wait together as they do on the threaded HTTP/1.1 server.
"""

from __future__ import annotations

import asyncio
import http.client
import io
import socket
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

HOP_BY_HOP = {b"connection", b"keep-alive", b"transfer-encoding", b"date", b"server"}
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def answer(emulator: Any, method: str, target: str, headers: list[tuple[bytes, bytes]],
           body: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:  # fmt: skip
    """The emulator's answer to one request, from its own handler run on in-memory streams."""
    handler = object.__new__(emulator._server.RequestHandlerClass)
    handler.rfile, handler.wfile = io.BytesIO(body), io.BytesIO()
    handler.command, handler.path, handler.request_version = method, target, "HTTP/1.1"
    handler.requestline = f"{method} {target} HTTP/1.1"
    handler.client_address, handler.server = ("127.0.0.1", 0), emulator._server
    handler.close_connection = False
    message = http.client.HTTPMessage()
    for name, value in headers:
        if name != b"content-length":
            message[name.decode("latin-1")] = value.decode("latin-1")
    message["content-length"] = str(len(body))
    handler.headers = message
    handler._handle(method)
    head, _, data = handler.wfile.getvalue().partition(b"\r\n\r\n")
    status_line, *lines = head.split(b"\r\n")
    fields = [tuple(line.split(b": ", 1)) for line in lines]
    kept = [(k.lower(), v) for k, v in fields if k.lower() not in HOP_BY_HOP]
    return int(status_line.split()[1]), kept, data  # type: ignore[return-value]


def asgi_app(
    emulator: Any, latency_s: float, versions: dict[str, int]
) -> Callable[[dict[str, Any], Receive, Send],
                                                          Awaitable[None]]:  # fmt: skip
    async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        versions[scope["http_version"]] = versions.get(scope["http_version"], 0) + 1
        if latency_s:
            await asyncio.sleep(latency_s)
        target = scope["raw_path"].decode("latin-1")
        if scope["query_string"]:
            target += "?" + scope["query_string"].decode("latin-1")
        status, headers, data = answer(emulator, scope["method"], target, scope["headers"], body)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data})

    return app


class TlsFarm:
    """hypercorn servers for these emulators, in a thread of their own; `origins` once started."""

    def __init__(self, emulators: list[Any], latency_s: float, directory: Path) -> None:
        import trustme

        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1")
        self.ca_file = directory / "ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_file))
        self._cert, self._key = directory / "cert.pem", directory / "key.pem"
        cert.private_key_pem.write_to_path(str(self._key))
        cert.cert_chain_pems[0].write_to_path(str(self._cert))
        for blob in cert.cert_chain_pems[1:]:
            blob.write_to_path(str(self._cert), append=True)
        self._emulators, self._latency = emulators, latency_s
        self.versions: dict[str, int] = {}  # requests per HTTP version ("1.1", "2")
        self._sockets = []
        for _ in emulators:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.bind(("127.0.0.1", 0))
            sock.listen(1024)  # connections queue from now, before hypercorn's loop accepts
            self._sockets.append(sock)
        self.origins = [f"https://127.0.0.1:{s.getsockname()[1]}" for s in self._sockets]
        # hypercorn takes each socket by its descriptor (fd://) and owns it from then on
        self._fds = [s.detach() for s in self._sockets]
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._started.wait(30)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())

    async def _serve(self) -> None:
        from hypercorn.asyncio import serve
        from hypercorn.config import Config

        self._stop = asyncio.Event()
        servers = []
        for emulator, fd in zip(self._emulators, self._fds, strict=True):
            config = Config()
            config.bind = [f"fd://{fd}"]
            config.certfile, config.keyfile = str(self._cert), str(self._key)
            config.backlog = 1024  # as the HTTP/1.1 emulator's: no SYN retransmits in a burst
            config.keep_alive_max_requests = 1_000_000  # no server-side closes mid-run
            config.accesslog = config.errorlog = None
            servers.append(asyncio.ensure_future(serve(
                asgi_app(emulator, self._latency, self.versions), config,  # type: ignore[arg-type]
                shutdown_trigger=self._stop.wait)))  # fmt: skip
        self._started.set()
        await asyncio.gather(*servers, return_exceptions=True)

    def close(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)
        self._loop.close()
        for emulator in self._emulators:  # their own HTTP/1.1 listeners, never started here
            emulator._server.server_close()
