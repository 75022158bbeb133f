"""Which URLs accesscheck may send a key to (https anywhere, http only to this machine), and
the one syntax check every URL the user hands us goes through at start-up: base URLs, --proxy,
--vantage, --notify and the proxy variables. A bad URL is a usage error naming the option or
variable, never the URL itself (a proxy URL carries a password, a webhook URL its token)."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from urllib.parse import SplitResult, urlsplit

from accesscheck.errors import ConfigError

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
WEB_SCHEMES = ("https", "http")
# What httpx (through urllib's getproxies) reads when the environment's proxies are honoured.
PROXY_VARIABLES = tuple(
    name for base in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY") for name in (base, base.lower())
)
PORT_PROBLEM = "URL port must be a number from 1 to 65535"


def is_loopback_host(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _split(url: str, first: str = "https") -> tuple[SplitResult | None, str | None]:
    """The parts of an absolute URL, or why it is not one. urlsplit and .port raise ValueError
    on an unclosed IPv6 bracket or a bad port; that must be a usage error, not a crash later."""
    if any(c.isspace() for c in url):
        return None, "URL contains whitespace"
    if "://" not in url:
        return None, f"URL must start with {first}://"
    try:
        parts = urlsplit(url)
    except ValueError:
        return None, "URL host is not a valid [IPv6] address (is a ] missing?)"
    netloc = parts.netloc.rpartition("@")[2]
    if netloc.count("[") != netloc.count("]"):
        return None, "URL host is not a valid [IPv6] address (is a ] missing?)"
    try:
        port = parts.port
    except ValueError:
        return None, PORT_PROBLEM
    if port == 0:
        return None, PORT_PROBLEM
    if not parts.hostname:
        return None, "URL has no host"
    return parts, None


def url_problem(url: str, schemes: Iterable[str] = WEB_SCHEMES) -> str | None:
    """Why `url` is not a well-formed absolute URL with one of `schemes`, or None."""
    schemes = tuple(schemes)
    # https is what we ask for; http is only allowed to loopback (check_url, check_webhook)
    web = set(schemes) == set(WEB_SCHEMES)
    parts, problem = _split(url, "https" if web else schemes[0])
    if parts is None:
        return problem
    if parts.scheme not in schemes:
        wanted = "https" if web else f"one of {', '.join(schemes)}"
        return f"URL scheme must be {wanted}, not {parts.scheme!r}"
    return None


def check_url(url: str) -> str | None:
    """Why a base URL may not be used, or None. https only; http only to loopback."""
    problem = url_problem(url)
    if problem:
        return problem
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "credentials in a URL are not allowed"
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "URL must not have a query or fragment (keys go in headers)"
    host = parts.hostname or ""
    if not host.isascii():
        return "URL host is not ASCII; write it in punycode (xn--…)"
    if not re.fullmatch(r"[a-z0-9.:-]+", host):
        return "URL host has characters a host name cannot have"
    if parts.scheme == "http" and not is_loopback_host(host):
        return "http:// is allowed only to loopback hosts (127.0.0.0/8, ::1, localhost)"
    return None


def redact(url: str) -> str:
    """scheme://host[:port]/… — enough to tell URLs apart, never a password or a token."""
    parts, _ = _split(url)
    if parts is None:
        return "<not a URL>"
    port = f":{parts.port}" if parts.port else ""
    host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname
    return f"{parts.scheme}://{host}{port}/…"


def check_proxy(url: str, where: str) -> str:
    """A proxy URL (credentials allowed: they are never echoed), else a ConfigError."""
    problem = url_problem(url, PROXY_SCHEMES)
    if problem:
        raise ConfigError(f"{where}: not a proxy URL: {problem} (scheme://[user:pass@]host:port)")
    return url


def check_proxy_variables(environ: Mapping[str, str]) -> None:
    """The proxy variables httpx will read, checked before the scan: a bad one would otherwise
    surface mid-scan as an internal error or as "network down". Like httpx, a value without
    a scheme means http://."""
    for name in PROXY_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            check_proxy(value if "://" in value else f"http://{value}", name)
