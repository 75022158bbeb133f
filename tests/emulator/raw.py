"""A raw TCP server on 127.0.0.1 for hostile answers no well-behaved server would send."""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable
from pathlib import Path

Behaviour = Callable[[socket.socket], None]


class RawServer:
    """Accepts connections and hands each one, after the request head is read, to `behaviour`."""

    def __init__(
        self,
        behaviour: Behaviour,
        *,
        read_request: bool = True,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.behaviour = behaviour
        self.ssl_context = ssl_context
        self.read_request = read_request
        self.connections = 0
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl_context else 'http'}://127.0.0.1:{self.port}"

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, raw: socket.socket) -> None:
        conn = raw
        try:
            raw.settimeout(10)
            if self.ssl_context is not None:
                conn = self.ssl_context.wrap_socket(raw, server_side=True)
            if self.read_request and not read_head(conn):
                return
            self.behaviour(conn)
        except OSError:
            pass
        finally:
            conn.close()
            raw.close()


def private_ca(name: str, bundle: Path) -> ssl.SSLContext:
    """A server context for `name` signed by a new private CA, whose PEM goes to `bundle` (the
    --ca-bundle a corporate network would hand out)."""
    import trustme

    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(name).configure_cert(context)
    ca.cert_pem.write_to_path(str(bundle))
    return context


def read_head(conn: socket.socket) -> bytes:
    """A request's head (and whatever came with it), or b"" when the peer closed first; at most
    about 64 KiB of it (a head that never ends is not read forever)."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(65536)
        if not chunk:
            return b""
        data += chunk
    return data


def http_answer(status: str, headers: dict[str, str], body: bytes) -> bytes:
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode() + b"\r\n" + body
