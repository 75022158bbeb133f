"""Name a transport failure from its exception chain and errno, never from message text.

Several httpx exceptions carry an empty message (ConnectTimeout, a TLS reset or EOF), and
messages differ by OS; the chain of causes and their types and errno do not
(shared/design/RELIABILITY.md §5).
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Collection, Iterator

import anyio
import httpx

from accesscheck.observation import UNTRUSTED_DETAIL, Failure, FailureName, Layer

_UNTRUSTED = {2, 19, 20, 21}  # OpenSSL verify codes: unknown issuer / self-signed chain
_SELF_SIGNED = {18}  # X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT: the leaf signs itself
_HOSTNAME = {62, 64}
_EXPIRED = {10}
# RFC 5280 profile checks that OpenSSL applies only under VERIFY_X509_STRICT, which
# ssl.create_default_context() turns on from Python 3.13 (cpython#107361). truststore's
# context does not (truststore#211), so --trust os accepts what the OS itself accepts.
_STRICT = {
    85: "a certificate lacks the Authority Key Identifier",
    86: "a certificate lacks the Subject Key Identifier",
    89: "the CA's Basic Constraints are not marked critical",
}


def chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and all its causes, following both __cause__ and __context__."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        for nxt in (current.__cause__, current.__context__):
            if nxt is not None:
                stack.append(nxt)


def _tls(exc: ssl.SSLError) -> Failure:
    if isinstance(exc, ssl.SSLCertVerificationError):
        code = exc.verify_code
        if code in _EXPIRED:
            return Failure(
                FailureName.TLS_EXPIRED,
                Layer.TLS,
                "certificate expired or not yet valid (check the clock)",
            )
        if code in _SELF_SIGNED:
            return Failure(
                FailureName.TLS_SELF_SIGNED, Layer.TLS, "the server's certificate signs itself"
            )
        if code in _STRICT:
            return Failure(
                FailureName.TLS_UNTRUSTED_CA,
                Layer.TLS,
                f"certificate refused by Python's strict X.509 checks ({_STRICT[code]}; "
                "strict by default since Python 3.13): --trust os verifies it as the OS does",
            )
        if code in _HOSTNAME:
            return Failure(
                FailureName.TLS_HOSTNAME_MISMATCH, Layer.TLS, "certificate is for another host"
            )
        return Failure(FailureName.TLS_UNTRUSTED_CA, Layer.TLS, UNTRUSTED_DETAIL)
    if isinstance(exc, ssl.SSLEOFError):
        return Failure(
            FailureName.TLS_HANDSHAKE_EOF, Layer.TLS, "connection closed during the TLS handshake"
        )
    reason = (exc.reason or "").upper()
    if reason in ("WRONG_VERSION_NUMBER", "HTTP_REQUEST"):
        return Failure(
            FailureName.TLS_PROTOCOL_MISMATCH,
            Layer.TLS,
            "the server does not speak TLS on this port",
        )
    if "ALERT" in reason or reason.startswith("TLSV1"):
        return Failure(FailureName.TLS_ALERT, Layer.TLS, f"TLS alert {reason.lower()}")
    return Failure(FailureName.TLS_ALERT, Layer.TLS, "TLS handshake failed")


def classify_exception(exc: BaseException, phase: Layer) -> Failure:
    """The failure name for an exception raised while `phase` was in progress."""
    if isinstance(exc, TimeoutError):  # our own total deadline (asyncio.timeout), whatever it cut
        return Failure(
            FailureName.DEADLINE_EXCEEDED, phase, f"deadline exceeded during {phase.value}"
        )
    causes = list(chain(exc))
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            if cause.errno in (socket.EAI_AGAIN,):
                return Failure(FailureName.DNS_TEMPORARY, Layer.DNS, "temporary DNS failure")
            if cause.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)):
                return Failure(
                    FailureName.DNS_NXDOMAIN, Layer.DNS, "the host name does not resolve"
                )
            return Failure(FailureName.DNS_TEMPORARY, Layer.DNS, "DNS lookup failed")
    for cause in causes:
        # SSLWantRead/WriteError sit in the context chain of ordinary resets: not the cause.
        if isinstance(cause, ssl.SSLError) and not isinstance(
            cause, ssl.SSLWantReadError | ssl.SSLWantWriteError
        ):
            return _tls(cause)
    for cause in causes:
        match cause:
            case httpx.ProxyError():
                text = str(cause)
                if text.startswith("407"):
                    return Failure(
                        FailureName.PROXY_AUTH_REQUIRED,
                        Layer.PROXY,
                        "the proxy wants credentials (407)",
                    )
                # httpcore's ProxyError carries only text, which it writes itself as
                # "<status> <reason>": the status is the one structured fact it has.
                status = text.split(" ", 1)[0]
                if status == "403":
                    why = "the proxy refuses this destination (403)"
                    return Failure(FailureName.PROXY_BLOCKED, Layer.PROXY, why)
                if status in ("502", "503", "504"):
                    why = f"the proxy could not reach the provider ({status})"
                    return Failure(FailureName.PROXY_UPSTREAM_ERROR, Layer.PROXY, why)
                return Failure(FailureName.PROXY_ERROR, Layer.PROXY, "the proxy refused the tunnel")
            case ConnectionRefusedError():
                return Failure(FailureName.TCP_REFUSED, Layer.TCP, "connection refused")
            case anyio.ClosedResourceError():
                # Our own pool closed the stream under the request (after the one retry that
                # probe makes): a client fault, never a verdict about the provider (#12).
                return Failure(
                    FailureName.UNKNOWN_FAILURE,
                    Layer.HTTP,
                    "this machine's HTTP client closed the connection itself (not the provider)",
                )
            case ConnectionResetError() | anyio.BrokenResourceError() if phase is Layer.TLS:
                return Failure(
                    FailureName.TLS_HANDSHAKE_RESET,
                    Layer.TLS,
                    "connection reset during the TLS handshake",
                )
            case ConnectionResetError() | anyio.BrokenResourceError() if phase is Layer.TCP:
                return Failure(FailureName.TCP_RESET, Layer.TCP, "connection reset")
            case ConnectionResetError():
                return Failure(
                    FailureName.READ_RESET, Layer.HTTP, "connection reset while reading the answer"
                )
            case anyio.EndOfStream() if phase is Layer.TLS:
                return Failure(
                    FailureName.TLS_HANDSHAKE_EOF,
                    Layer.TLS,
                    "connection closed during the TLS handshake",
                )
            case OSError() if cause.errno in (
                errno.ENETUNREACH,
                errno.EHOSTUNREACH,
                errno.EADDRNOTAVAIL,
            ):
                return Failure(
                    FailureName.TCP_UNREACHABLE, Layer.TCP, "network or host unreachable"
                )
    return _by_type(exc, phase)


_NEW_CONNECTION = "connection.connect_tcp.started"  # httpcore trace events
_ANSWER_STARTED = (
    "http11.receive_response_headers.complete",
    "http2.receive_response_headers.complete",
)


def client_lost(exc: BaseException, trace_events: Collection[str]) -> bool:
    """True when a request failed because this side lost its connection, not because the
    server answered or reset it: our pool closed the stream under the request, or a kept-alive
    connection (no new connection in this request's trace) broke before any answer began —
    the server had closed it while idle, the race every HTTP/1.1 client meets (RFC 9112
    §9.3.1). Such a request is worth sending once more; a reset on a fresh connection is not."""
    if isinstance(exc, TimeoutError):
        return False
    causes = list(chain(exc))
    if any(isinstance(cause, anyio.ClosedResourceError) for cause in causes):
        return True
    reused = _NEW_CONNECTION not in trace_events
    answered = any(event in trace_events for event in _ANSWER_STARTED)
    broke = isinstance(exc, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError)
    return reused and not answered and broke


def _by_type(exc: BaseException, phase: Layer) -> Failure:
    match exc:
        case httpx.ConnectTimeout():
            if phase is Layer.TLS:
                return Failure(
                    FailureName.TLS_HANDSHAKE_TIMEOUT, Layer.TLS, "TLS handshake timed out"
                )
            return Failure(FailureName.TCP_TIMEOUT, Layer.TCP, "connection timed out")
        case httpx.ReadTimeout() | httpx.WriteTimeout() | httpx.PoolTimeout():
            return Failure(
                FailureName.READ_TIMEOUT, Layer.HTTP, "no answer within the read timeout"
            )
        case TimeoutError():
            return Failure(
                FailureName.DEADLINE_EXCEEDED, phase, f"deadline exceeded during {phase.value}"
            )
        case httpx.RemoteProtocolError() | httpx.LocalProtocolError():
            return Failure(
                FailureName.HTTP_PROTOCOL_ERROR, Layer.HTTP, "the server broke the HTTP protocol"
            )
        case httpx.ReadError():
            return Failure(FailureName.READ_RESET, Layer.HTTP, "the connection broke while reading")
        case httpx.ConnectError() if phase is Layer.TLS:
            return Failure(FailureName.TLS_HANDSHAKE_EOF, Layer.TLS, "TLS handshake failed")
        case httpx.ConnectError():
            return Failure(FailureName.TCP_REFUSED, Layer.TCP, "could not connect")
    return Failure(FailureName.UNKNOWN_FAILURE, phase, type(exc).__name__)


_NAME_OIDS = {b"\x55\x04\x03": "CN", b"\x55\x04\x0a": "O", b"\x55\x04\x0b": "OU"}
_STRING_TAGS = {0x0C: "utf-8", 0x13: "ascii", 0x14: "latin-1", 0x16: "ascii", 0x1E: "utf-16-be"}


def _tlv(data: bytes, at: int) -> tuple[int, int, int]:
    """(tag, start of contents, end of contents) of the DER element at `at`."""
    tag, size = data[at], data[at + 1]
    start = at + 2
    if size & 0x80:
        count = size & 0x7F
        size = int.from_bytes(data[start : start + count], "big")
        start += count
    if start + size > len(data):
        raise ValueError("truncated DER")
    return tag, start, start + size


def _children(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    while start < end:
        element = _tlv(data, start)
        yield element
        start = element[2]


def issuer_name(der: bytes) -> str | None:
    """Who issued a DER certificate, for "possible TLS interception by …": its CN, else its
    O and OU. A tiny DER walk instead of a crypto library: only the issuer Name is read."""
    try:
        _, cert_start, cert_end = _tlv(der, 0)
        _, tbs_start, tbs_end = next(_children(der, cert_start, cert_end))
        fields = list(_children(der, tbs_start, tbs_end))
        if fields and fields[0][0] == 0xA0:  # explicit version
            fields = fields[1:]
        _, name_start, name_end = fields[2]  # serial, signature algorithm, issuer
        found: dict[str, str] = {}
        for _, set_start, set_end in _children(der, name_start, name_end):
            for _, seq_start, seq_end in _children(der, set_start, set_end):
                (_, oid_s, oid_e), (tag, val_s, val_e) = list(_children(der, seq_start, seq_end))[
                    :2
                ]
                label = _NAME_OIDS.get(der[oid_s:oid_e])
                if label and tag in _STRING_TAGS:
                    found.setdefault(label, der[val_s:val_e].decode(_STRING_TAGS[tag], "replace"))
    except (IndexError, ValueError, StopIteration):
        return None
    name = found.get("CN") or " / ".join(found[k] for k in ("O", "OU") if k in found)
    clean = "".join(c for c in name if c.isprintable())[:80]
    return clean or None
