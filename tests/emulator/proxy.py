"""A small HTTP CONNECT proxy on 127.0.0.1 for proxy and vantage tests.

Modes: "ok" tunnels CONNECT host:port to the target (resolved with the test's own
getaddrinfo, so fake provider names work); "auth" answers 407 as a proxy that wants
credentials does; "refuse" answers 502 as one that cannot reach the target does; "forbid" answers 403 as a
policy proxy refusing the destination does.
It records every request head it received, so a test can assert what the proxy saw.
"""

from __future__ import annotations

import select
import socket
import socketserver
import threading

from tests.emulator.raw import read_head


class ConnectProxy:
    def __init__(self, mode: str = "ok", routes: dict[str, int] | None = None) -> None:
        self.mode = mode
        # CONNECT host:port -> another loopback port: the same name answered by another
        # server, as a provider's edge in another region would answer.
        self.routes = routes or {}
        self.heads: list[bytes] = []
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )

    def __enter__(self) -> ConnectProxy:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def connects(self) -> list[str]:
        return [h.split(b" ")[1].decode() for h in self.heads if h.startswith(b"CONNECT ")]

    def _handle(self, client: socket.socket) -> None:
        head = read_head(client)
        if not head:
            return
        self.heads.append(head.split(b"\r\n\r\n")[0])
        line = head.split(b"\r\n")[0].split(b" ")
        if self.mode == "auth":
            client.sendall(
                b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                b'Proxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n'
            )
            return
        if self.mode == "forbid":  # a policy proxy refusing this destination
            client.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
            return
        if self.mode == "refuse" or line[0] != b"CONNECT":
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        target = line[1].decode()
        host, _, port = target.rpartition(":")
        if target in self.routes:
            host, port = "127.0.0.1", str(self.routes[target])
        try:
            upstream = socket.create_connection((host, int(port)), timeout=5)
        except OSError:
            client.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            return
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        with upstream:
            _relay(client, upstream)


def _relay(a: socket.socket, b: socket.socket) -> None:
    peers = {a: b, b: a}
    while True:
        ready, _, _ = select.select(list(peers), [], [], 10)
        if not ready:
            return
        for sock in ready:
            data = sock.recv(65536)
            if not data:
                return
            peers[sock].sendall(data)
