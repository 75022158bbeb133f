"""Which URLs accesscheck may send a key to: https anywhere, http only to this machine."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback_host(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> str | None:
    """Why a base URL may not be used, or None. https only; http only to loopback."""
    if url != url.strip() or any(c.isspace() for c in url):
        return "URL contains whitespace"
    if "://" not in url:
        return "URL must start with https://"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        return f"URL scheme must be https, not {parts.scheme!r}"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "credentials in a URL are not allowed"
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "URL must not have a query or fragment (keys go in headers)"
    host = parts.hostname or ""
    if not host:
        return "URL has no host"
    if not host.isascii():
        return "URL host is not ASCII; write it in punycode (xn--…)"
    if not re.fullmatch(r"[a-z0-9.:-]+", host):
        return "URL host has characters a host name cannot have"
    try:
        port = parts.port
    except ValueError:
        return "URL port must be a number from 1 to 65535"
    if port is not None and not 1 <= port <= 65535:
        return "URL port must be a number from 1 to 65535"
    if parts.scheme == "http" and not is_loopback_host(host):
        return "http:// is allowed only to loopback hosts (127.0.0.0/8, ::1, localhost)"
    return None
