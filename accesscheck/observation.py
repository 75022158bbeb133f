"""What one request saw: the rung it was sent on, an HTTP answer or the failure that kept it
from one (named by layer), and its timings. The probe's vocabulary; like model.py, no I/O, and
the enum values are part of the JSON report contract (schema v1): extended, never renamed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Rung(StrEnum):
    """The step of the probe ladder that produced a piece of evidence."""

    CONFIG = "config"  # decided without any request (no key, no endpoint)
    NETWORK = "network"
    KEYLESS = "keyless"
    ACCOUNT = "account"  # a free credit or key check (OpenRouter key info, DeepSeek balance)
    LIST = "list"
    INVOKE = "invoke"


class Layer(StrEnum):
    """Where a request failed before an HTTP answer could be read."""

    DNS = "dns"
    TCP = "tcp"
    TLS = "tls"
    HTTP = "http"
    PROXY = "proxy"


class FailureName(StrEnum):
    """Stable names for transport failures, decided from exception types and errno."""

    DNS_NXDOMAIN = "dns_nxdomain"
    DNS_TEMPORARY = "dns_temporary"
    DNS_TIMEOUT = "dns_timeout"
    # a public name resolved to a private, reserved or fake-IP address and then did not connect
    DNS_SUSPICIOUS_ANSWER = "dns_suspicious_answer"
    TCP_REFUSED = "tcp_refused"
    TCP_TIMEOUT = "tcp_timeout"
    TCP_RESET = "tcp_reset"
    TCP_UNREACHABLE = "tcp_unreachable"
    TLS_HANDSHAKE_RESET = "tls_handshake_reset"
    TLS_HANDSHAKE_EOF = "tls_handshake_eof"
    TLS_HANDSHAKE_TIMEOUT = "tls_handshake_timeout"
    TLS_UNTRUSTED_CA = "tls_untrusted_ca"
    TLS_SELF_SIGNED = "tls_self_signed"  # the server's own certificate signs itself
    TLS_HOSTNAME_MISMATCH = "tls_hostname_mismatch"
    TLS_EXPIRED = "tls_expired"
    TLS_ALERT = "tls_alert"
    TLS_PROTOCOL_MISMATCH = "tls_protocol_mismatch"
    HTTP_REDIRECT = "http_redirect"
    # an HTML page (a login or block page) answered where the provider's JSON was expected
    HTTP_CAPTIVE_PORTAL = "http_captive_portal"
    HTTP_PROTOCOL_ERROR = "http_protocol_error"
    HTTP_UNEXPECTED_ENCODING = "http_unexpected_encoding"
    READ_TIMEOUT = "read_timeout"
    READ_RESET = "read_reset"
    DEADLINE_EXCEEDED = "deadline_exceeded"
    PROXY_UNREACHABLE = "proxy_unreachable"
    PROXY_AUTH_REQUIRED = "proxy_auth_required"
    PROXY_ERROR = "proxy_error"  # any other refusal of the tunnel
    PROXY_BLOCKED = "proxy_blocked"  # 403 to CONNECT: this network's policy refuses the host
    PROXY_UPSTREAM_ERROR = "proxy_upstream_error"  # 502/503/504: the proxy could not get there
    PROXY_PLAINTEXT = "proxy_plaintext"  # refused: a key over plain http through a proxy
    UNKNOWN_FAILURE = "unknown_failure"
    # accesscheck itself failed on this provider's answers (a bug): its models are unknown and
    # every other provider's results stand
    INTERNAL_ERROR = "internal_error"


# The detail of a certificate refused for an unknown issuer; anything more specific (the issuer
# named, a strict-X.509 check) replaces it.
UNTRUSTED_DETAIL = "certificate not trusted (possible TLS interception)"


@dataclass(frozen=True)
class Failure:
    """A request that got no usable HTTP answer: what failed, and in which layer."""

    name: FailureName
    layer: Layer
    detail: str = ""  # scrubbed, never raw exception text from the transport

    @property
    def before_http(self) -> bool:
        """True when no HTTP exchange took place (the failure was in DNS, TCP, TLS or a proxy)."""
        return self.layer in (Layer.DNS, Layer.TCP, Layer.TLS, Layer.PROXY)

    @property
    def silent(self) -> bool:
        """True when nothing at all answered: no DNS answer, no TCP peer, a torn handshake.

        A certificate that fails verification is not silent: something spoke TLS.
        """
        return self.name in _SILENT


_SILENT = frozenset(
    {
        FailureName.DNS_NXDOMAIN,
        FailureName.DNS_TEMPORARY,
        FailureName.DNS_TIMEOUT,
        FailureName.DNS_SUSPICIOUS_ANSWER,
        FailureName.TCP_REFUSED,
        FailureName.TCP_TIMEOUT,
        FailureName.TCP_RESET,
        FailureName.TCP_UNREACHABLE,
        FailureName.TLS_HANDSHAKE_RESET,
        FailureName.TLS_HANDSHAKE_EOF,
        FailureName.TLS_HANDSHAKE_TIMEOUT,
        FailureName.PROXY_UNREACHABLE,
    }
)


@dataclass(frozen=True)
class Timings:
    """Per-phase timings of one exchange, in milliseconds (None: phase not reached/reused)."""

    dns_ms: float | None = None
    connect_ms: float | None = None
    tls_ms: float | None = None
    first_byte_ms: float | None = None
    total_ms: float | None = None


@dataclass(frozen=True)
class Observation:
    """What one request saw: an HTTP answer, or a failure. Never raises, never holds a key."""

    rung: Rung
    method: str
    path: str  # the URL path only: query strings never leave the probe
    status: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-cased names
    body: str = ""  # decoded text, capped
    truncated: bool = False
    failure: Failure | None = None
    timings: Timings = field(default_factory=Timings)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()
