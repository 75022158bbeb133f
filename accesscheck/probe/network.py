"""Network options a scan leaves this machine with: the proxy (decided once per host by
httpx's own rules), trust roots, no cookies, and one connection pool per host with the total
bounded (#12: one shared pool rescanned every connection for each request)."""

from __future__ import annotations

import functools
import http.cookiejar
import os
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import certifi
import httpx

# httpx's own proxy rules (environment and, on macOS and Windows, the system settings; curl's
# NO_PROXY reading): the one decision for the request and everything derived from it (#11).
from httpx._utils import URLPattern, get_environment_proxies

from accesscheck.choices import Trust
from accesscheck.errors import ConfigError
from accesscheck.files import read_bounded, require_regular
from accesscheck.keys import scrub
from accesscheck.urls import check_proxy, check_proxy_variables


def ssl_context(ca_bundle: str | None = None, trust: Trust = Trust.CERTIFI) -> ssl.SSLContext:
    """Always-verifying TLS: a --ca-bundle file, the OS trust store, or certifi/$SSL_CERT_FILE.
    TLS secrets are never written to SSLKEYLOGFILE. There is no way to turn verification off."""
    if trust is Trust.OS and ca_bundle is None:
        import truststore

        context: ssl.SSLContext = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        name = "--ca-bundle" if ca_bundle else "SSL_CERT_FILE"
        cafile = ca_bundle or os.environ.get("SSL_CERT_FILE") or certifi.where()
        if os.path.exists(cafile):  # a FIFO would hang ssl; a missing file is said below
            require_regular(Path(cafile), f"{name} certificate bundle")
        try:
            context = ssl.create_default_context(cafile=cafile)
        except (OSError, ssl.SSLError):
            raise ConfigError(f"{name}={cafile}: not a readable PEM certificate bundle") from None
    context.keylog_filename = None  # type: ignore[assignment]
    return context


def _check_pem(cafile: str) -> None:
    """SSL_CERT_FILE names a regular file with a PEM certificate in it (a usage error now, not a
    failed request later; a FIFO or a device is refused, never read)."""
    exists = os.path.exists(cafile)
    raw = (
        read_bounded(Path(cafile), 64 * 1024 * 1024, "SSL_CERT_FILE certificate bundle")
        if exists
        else b""
    )
    if b"-----BEGIN CERTIFICATE-----" not in raw:
        raise ConfigError(f"SSL_CERT_FILE={cafile}: not a readable PEM certificate bundle")


@dataclass(frozen=True)
class Network:
    """How requests leave this machine: which proxy, which trust roots."""

    proxy: str | None = None  # --proxy: every request goes through it
    env_proxy: bool = True  # honour HTTPS_PROXY/HTTP_PROXY/ALL_PROXY/NO_PROXY
    ca_bundle: str | None = None
    trust: Trust = Trust.CERTIFI

    def check(self) -> Network:
        """Usage errors before anything is sent; the proxy URL is never echoed whole."""
        if self.proxy is not None:
            check_proxy(self.proxy, "--proxy")
        elif self.env_proxy:
            check_proxy_variables(os.environ)
        return self

    @functools.cached_property
    def _proxy_map(self) -> tuple[tuple[URLPattern, str | None], ...]:
        # Built as httpx builds its mounts (Client._get_proxy_map), read once per scan.
        if self.proxy is not None:
            table: dict[str, str | None] = {"all://": self.proxy}
        elif self.env_proxy:
            table = get_environment_proxies()
        else:
            table = {}
        return tuple(sorted(((URLPattern(k), v) for k, v in table.items()), key=lambda e: e[0]))

    @functools.cached_property
    def _proxy_by_origin(self) -> dict[str, str | None]:
        return {}

    def proxy_for(self, url: str) -> str | None:
        """The proxy a request to `url` goes through, or None (direct): httpx's own choice
        (Client._transport_for_url: the first matching mount in its sort order), decided once
        per scheme://host:port (every request asks, and parsing a URL the httpx way is slow)."""
        parts = urlsplit(url)
        where = f"{parts.scheme}://{parts.netloc}"
        cache = self._proxy_by_origin
        if where not in cache:
            cache[where] = self._match(where)
        return cache[where]

    def _match(self, where: str) -> str | None:
        try:
            target = httpx.URL(where)
        except (httpx.InvalidURL, TypeError, ValueError):
            return None
        for pattern, proxy in self._proxy_map:
            if pattern.matches(target):
                return proxy
        return None

    def transport(
        self, *, limits: httpx.Limits | None = None, http2: bool = False
    ) -> HostTransport:
        """An httpx transport with one connection pool per host, each host's proxy decided
        once by `proxy_for`. Raises ConfigError for an unusable proxy before anything is sent."""
        return HostTransport(self, limits=limits, http2=http2)

    def async_client(self, timeout: float | httpx.Timeout, **options: Any) -> httpx.AsyncClient:
        """An httpx.AsyncClient that leaves this machine as a scan does (proxy, trust roots,
        one pool per host) and never follows a redirect: for anything else that sends (webhooks)."""
        return httpx.AsyncClient(
            transport=self.transport(),
            trust_env=False,  # the transport already applied the environment's proxies
            follow_redirects=False,
            cookies=_no_cookies(),
            timeout=timeout,
            **options,
        )

    def client(self, timeout: float | httpx.Timeout, **options: Any) -> httpx.Client:
        """The synchronous counterpart of `async_client` (httpx applies the same proxy rules)."""
        try:
            return httpx.Client(
                follow_redirects=False,
                cookies=_no_cookies(),
                trust_env=self.env_proxy,
                proxy=self.proxy,
                verify=ssl_context(self.ca_bundle, self.trust),
                timeout=timeout,
                **options,
            )
        except Exception as exc:  # noqa: BLE001 - named by _proxy_problem, or re-raised
            raise _proxy_problem(exc) from None


def _proxy_problem(exc: Exception) -> Exception:
    """A clear usage error for a proxy httpx cannot use; anything else unchanged."""
    if isinstance(exc, ImportError):  # a socks:// proxy without httpx[socks]
        return ConfigError(
            "a SOCKS proxy is set (--proxy or ALL_PROXY/HTTPS_PROXY) but SOCKS support "
            "is not installed: pip install 'httpx[socks]'"
        )
    if isinstance(exc, ValueError | httpx.InvalidURL):  # messages mask proxy passwords
        return ConfigError(
            "the proxy set in the environment (HTTPS_PROXY/HTTP_PROXY/ALL_PROXY) is not "
            f"usable: {scrub(str(exc))[:120]}"
        )
    return exc


def open_files_budget() -> int:
    """How many requests may be in flight across all hosts: a share of this process's open-file
    limit (macOS defaults to 256), so that many hosts x --concurrency cannot run out of sockets."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):  # Windows has no RLIMIT_NOFILE
        return 512
    if soft == resource.RLIM_INFINITY:
        return 8192
    return max(16, min(8192, soft // 2))


def _no_cookies() -> http.cookiejar.CookieJar:
    """A cookie jar that keeps nothing. Every provider we probe is keyed, stateless HTTP; a
    Set-Cookie kept by a shared client would go to every other provider on the same host name
    (cookies ignore the port), and a hostile one with characters outside Latin-1 made every
    later request to that host fail to encode (found by tests/test_hostile_server.py)."""
    return http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=()))


class HostTransport(httpx.AsyncBaseTransport):
    """One httpx connection pool per scheme://host:port (issue #12): a request never waits on
    another host's connections, and httpcore's pool, which scans every connection it holds
    for each request, stays as small as one host's concurrency."""

    def __init__(
        self, network: Network, *, limits: httpx.Limits | None = None, http2: bool = False
    ) -> None:
        self._network = network
        self._verify: ssl.SSLContext | None = None  # built when a pool first needs TLS
        if network.ca_bundle or network.trust is Trust.OS:
            self._context(tls=True)  # a bad --ca-bundle: a usage error, now
        elif cafile := os.environ.get("SSL_CERT_FILE"):
            _check_pem(cafile)  # the same, without loading every root of it yet
        self._limits = limits or httpx.Limits(max_connections=None, max_keepalive_connections=None)
        self._http2 = http2
        self._pools: dict[tuple[str, str, int | None], httpx.AsyncHTTPTransport] = {}
        for _, proxy in network._proxy_map:  # an unusable proxy is a usage error, now
            if proxy is not None:
                self._build(proxy)

    def _context(self, tls: bool) -> ssl.SSLContext:
        """The verifying context (loading the trust roots takes tens of ms, so only once, and
        only when some pool speaks TLS); a plain-http pool gets a context that trusts nothing."""
        if not tls:
            return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, with no roots: unusable
        if self._verify is None:
            self._verify = ssl_context(self._network.ca_bundle, self._network.trust)
        return self._verify

    def _build(self, proxy: str | None, *, tls: bool = True) -> httpx.AsyncHTTPTransport:
        try:
            return httpx.AsyncHTTPTransport(
                verify=self._context(tls or proxy is not None),
                proxy=proxy,
                limits=self._limits,
                http2=self._http2,
            )
        except Exception as exc:  # noqa: BLE001 - named by _proxy_problem, or re-raised
            raise _proxy_problem(exc) from None

    def pool(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        key = (url.scheme, url.host, url.port)
        found = self._pools.get(key)
        if found is None:
            proxy = self._network.proxy_for(str(url))
            found = self._pools[key] = self._build(proxy, tls=url.scheme == "https")
        return found

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.pool(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.aclose()


# Where a public API host cannot be: private, shared (CGNAT), benchmark (fake-IP proxies use
# 198.18.0.0/15), link-local, unspecified and reserved ranges, and loopback (a blocker's hosts
# entry or a DNS sinkhole) unless the name is special-use (RFC 6761, RFC 8375, ICANN's
# .internal): such names only ever mean a deliberate local setup.
