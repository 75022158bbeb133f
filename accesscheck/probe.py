"""The only module that talks to the network: one connection pool per host, bounded everything.

Every request has one total deadline (httpx alone has none), never follows a redirect
(httpx forwards x-api-key and x-goog-api-key to the new host), reads at most
`MAX_BODY_BYTES` even through gzip, and comes back as an `Observation`: a failed
request is data, never an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import ipaddress
import os
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import certifi
import httpx

# httpx's own proxy rules (environment and, on macOS and Windows, the system settings; curl's
# NO_PROXY reading): the one decision for the request and everything derived from it (#11).
from httpx._utils import URLPattern, get_environment_proxies

from accesscheck import __version__
from accesscheck.choices import Trust
from accesscheck.dialects import Request
from accesscheck.errors import ConfigError
from accesscheck.files import read_bounded, require_regular
from accesscheck.keys import scrub
from accesscheck.model import (
    UNTRUSTED_DETAIL,
    Failure,
    FailureName,
    Layer,
    Observation,
    Rung,
    Timings,
)
from accesscheck.netfail import classify_exception, client_lost, issuer_name
from accesscheck.urls import check_proxy, check_proxy_variables, check_url

MAX_BODY_BYTES = 256 * 1024
_CREDENTIAL = frozenset({"authorization", "x-api-key", "x-goog-api-key", "api-key"})
_KEPT_HEADERS = (
    "content-type",
    "content-encoding",
    "retry-after",
    "request-id",
    "x-request-id",
    "server",
    "cf-ray",
    "x-amzn-errortype",
    "www-authenticate",
)


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
            timeout=timeout,
            **options,
        )

    def client(self, timeout: float | httpx.Timeout, **options: Any) -> httpx.Client:
        """The synchronous counterpart of `async_client` (httpx applies the same proxy rules)."""
        try:
            return httpx.Client(
                follow_redirects=False,
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


def _open_files_budget() -> int:
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
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_LOCAL_SUFFIXES = (".localhost", ".test", ".local", ".internal", ".home.arpa")


def _local_name(host: str) -> bool:
    name = host.lower().rstrip(".")
    return name == "localhost" or name.endswith(_LOCAL_SUFFIXES)


def suspicious_address(host: str, addresses: list[str]) -> str | None:
    """The first resolved address a public host name cannot really have, or None."""
    try:
        ipaddress.ip_address(host)
        return None  # an IP literal in the registry means what it says
    except ValueError:
        pass
    for text in addresses:
        try:
            address = ipaddress.ip_address(text.split("%")[0])
        except ValueError:
            continue
        if address.is_loopback and _local_name(host):
            continue  # a deliberate hosts entry for a local server
        if (
            address.is_private
            or address.is_unspecified
            or address.is_reserved
            or address.is_link_local
            or address in _SHARED
        ):
            return str(address)
    return None


async def _getaddrinfo(host: str, port: int) -> list[Any]:
    """getaddrinfo in a daemon thread of its own. The loop's default executor would make
    asyncio.run wait at exit for a resolver that hangs (RELIABILITY D3): the deadline would
    end the probe but not the process. An abandoned daemon thread dies with the process."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[list[Any]] = loop.create_future()

    def settle(outcome: list[Any] | BaseException) -> None:
        if future.done():
            return
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)

    def work() -> None:
        try:
            outcome: list[Any] | BaseException = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            outcome = exc
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(settle, outcome)

    threading.Thread(target=work, name=f"resolve {host}", daemon=True).start()
    return await future


def origin(url: str) -> str:
    """scheme://host[:port] of a URL, without userinfo, path or query."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:  # a port that is not a number
        port = ""
    return f"{parts.scheme}://{parts.hostname or '?'}{port}"


class _Trace:
    """Phase timings from httpcore's trace hook, and the phase a failure happened in."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.marks: dict[str, float] = {}
        self.phase = Layer.TCP

    async def __call__(self, event: str, info: Mapping[str, Any]) -> None:
        self.marks[event] = time.monotonic()
        if event == "connection.start_tls.started":
            self.phase = Layer.TLS
        elif event in (
            "connection.start_tls.complete",
            "http11.send_request_headers.started",
            "http2.send_request_headers.started",
        ):
            self.phase = Layer.HTTP

    def span(self, name: str) -> float | None:
        started = self.marks.get(f"{name}.started")
        done = self.marks.get(f"{name}.complete")
        return round((done - started) * 1000, 1) if started and done else None

    def timings(self, dns_ms: float | None) -> Timings:
        first = self.marks.get("http11.receive_response_headers.complete") or self.marks.get(
            "http2.receive_response_headers.complete"
        )
        return Timings(
            dns_ms=dns_ms,
            connect_ms=self.span("connection.connect_tcp"),
            tls_ms=self.span("connection.start_tls"),
            first_byte_ms=round((first - self.start) * 1000, 1) if first else None,
            total_ms=round((time.monotonic() - self.start) * 1000, 1),
        )


class _BodyTooLarge(Exception):
    pass


async def _read_capped(response: httpx.Response) -> tuple[bytes, bool]:
    """At most MAX_BODY_BYTES of decoded body; gzip/deflate decoded with a bounded inflater."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity", "gzip", "deflate", "x-gzip"):
        raise _BodyTooLarge(encoding)
    inflater = None if encoding in ("", "identity") else zlib.decompressobj(47)  # gzip or zlib
    out = bytearray()
    async for chunk in response.aiter_raw():
        data = chunk
        if inflater is not None:
            data = inflater.decompress(chunk, MAX_BODY_BYTES + 1 - len(out))
        out.extend(data)
        if len(out) > MAX_BODY_BYTES:
            return bytes(out[:MAX_BODY_BYTES]), True
    return bytes(out), False


class Prober:
    """Sends ladder requests with a per-host concurrency cap and a total deadline each."""

    def __init__(self, *, timeout: float, concurrency: int, network: Network = Network()) -> None:
        self.timeout = timeout
        self.concurrency = concurrency
        self.network = network
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self._dns: dict[tuple[str, int], tuple[float | None, Failure | None]] = {}
        self._suspicious: dict[str, str | None] = {}  # host -> a bogon address it resolved to
        self._in_flight = asyncio.Semaphore(_open_files_budget())
        self.retries = 0  # requests sent again after the client lost its own connection
        self._client = network.async_client(
            # httpx's own connect timeout (which covers the TLS handshake) fires just before
            # the total deadline, so a stalled handshake is closed cleanly and named by phase.
            httpx.Timeout(timeout, connect=min(timeout * 0.9, 10.0)),
            headers={"user-agent": f"accesscheck/{__version__}", "accept-encoding": "identity"},
        )

    async def __aenter__(self) -> Prober:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def resolve(self, url: str) -> tuple[float | None, Failure | None]:
        """The network rung's DNS step, timed once per host:port. Through a proxy the proxy
        resolves the name: a local lookup would only say whether *this* machine can, which
        behind a corporate proxy it often cannot, and that is not a block."""
        if self.network.proxy_for(url):
            return None, None
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        if (host, port) in self._dns:
            return self._dns[(host, port)]
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.timeout):
                answers = await _getaddrinfo(host, port)
            self._suspicious[host] = suspicious_address(host, [str(a[4][0]) for a in answers])
            result: tuple[float | None, Failure | None] = (
                round((time.monotonic() - started) * 1000, 1),
                None,
            )
        except TimeoutError:
            result = (None, Failure(FailureName.DNS_TIMEOUT, Layer.DNS, "DNS lookup timed out"))
        except Exception as exc:  # noqa: BLE001 - a failed probe is data, not an exception
            result = (None, classify_exception(exc, Layer.DNS))
        self._dns[(host, port)] = result
        return result

    async def fetch(
        self, rung: Rung, base_url: str, request: Request, headers: Mapping[str, str]
    ) -> Observation:
        """Send one request; whatever happens, return an Observation."""
        url = base_url.rstrip("/") + request.path
        path = urlsplit(url).path
        if (
            url.startswith("http://")
            and self.network.proxy_for(url)
            and _CREDENTIAL & {name.lower() for name in (*headers, *request.headers)}
        ):
            # A plain-http request through a proxy shows its headers to the proxy.
            failure = Failure(
                FailureName.PROXY_PLAINTEXT,
                Layer.PROXY,
                "not sending a key over plain http through a proxy (the proxy would read it); "
                "use https, or NO_PROXY for this local host",
            )
            return Observation(rung, request.method, path, failure=failure)
        dns_ms, dns_failure = await self.resolve(url)
        if dns_failure:
            return Observation(
                rung, request.method, path, failure=dns_failure, timings=Timings(dns_ms=dns_ms)
            )
        host = urlsplit(url).netloc
        semaphore = self._semaphores.setdefault(host, asyncio.Semaphore(self.concurrency))
        async with semaphore, self._in_flight:
            return await self._send(rung, url, path, request, headers, dns_ms)

    async def _send(
        self,
        rung: Rung,
        url: str,
        path: str,
        request: Request,
        headers: Mapping[str, str],
        dns_ms: float | None,
    ) -> Observation:
        all_headers = {**request.headers, **headers}
        content = request.content()
        if content is not None:
            all_headers["content-type"] = "application/json"
        deadline = asyncio.get_running_loop().time() + self.timeout  # one for both attempts
        attempt = 1
        while True:
            trace = _Trace()
            try:
                async with asyncio.timeout_at(deadline):
                    return await self._exchange(
                        rung, url, path, request.method, all_headers, content, trace, dns_ms
                    )
            except Exception as exc:  # noqa: BLE001 - a failed probe is data, not an exception
                if attempt == 1 and client_lost(exc, trace.marks):
                    # Our side lost the connection (a kept-alive one the server had already
                    # closed, or one our pool closed): not a fact about the provider. Once.
                    attempt, self.retries = 2, self.retries + 1
                    continue
                failure = self._explain(url, classify_exception(exc, trace.phase))
                if failure.detail == UNTRUSTED_DETAIL:  # not a strict-check refusal: whose CA?
                    failure = await self._name_issuer(url, failure)
                return Observation(
                    rung, request.method, path, failure=failure, timings=trace.timings(dns_ms)
                )

    async def _exchange(
        self,
        rung: Rung,
        url: str,
        path: str,
        method: str,
        all_headers: dict[str, str],
        content: bytes | None,
        trace: _Trace,
        dns_ms: float | None,
    ) -> Observation:
        """One attempt at a request; raises whatever the transport raises."""
        async with self._client.stream(
            method,
            url,
            headers=all_headers,
            content=content,
            extensions={"trace": trace},
        ) as response:
            kept = {k: scrub(v)[:200] for k in _KEPT_HEADERS if (v := response.headers.get(k))}

            def answered(**fields: Any) -> Observation:
                timings = trace.timings(dns_ms)
                return Observation(
                    rung, method, path, response.status_code, kept, timings=timings, **fields
                )

            if response.is_redirect:
                location = response.headers.get("location", "")
                target = origin(location)
                downgrade = url.startswith("https:") and location.startswith("http:")
                failure = Failure(
                    FailureName.HTTP_REDIRECT,
                    Layer.HTTP,
                    f"redirect to {target} (not followed"
                    + ("; a downgrade to plain http)" if downgrade else ")"),
                )
                return answered(failure=failure)
            try:
                raw, truncated = await _read_capped(response)
            except _BodyTooLarge as unknown:
                failure = Failure(
                    FailureName.HTTP_UNEXPECTED_ENCODING,
                    Layer.HTTP,
                    f"unsupported content-encoding {scrub(str(unknown))[:40]!r}",
                )
                return answered(failure=failure)
            charset = response.charset_encoding or "utf-8"
            try:
                body = raw.decode(charset, errors="replace")
            except LookupError:
                body = raw.decode("utf-8", errors="replace")
            return answered(body=body, truncated=truncated)

    def _explain(self, url: str, failure: Failure) -> Failure:
        """Name a failure after its likely cause: the proxy, or a DNS answer that pointed a
        public name at an address that cannot be the provider."""
        failure = self._through_proxy(url, failure)
        host = urlsplit(url).hostname or ""
        address = self._suspicious.get(host)
        if address and failure.layer in (Layer.TCP, Layer.TLS):
            return Failure(
                FailureName.DNS_SUSPICIOUS_ANSWER,
                Layer.DNS,
                f"{host} resolved to {address}, which cannot be a public API, and the "
                f"connection failed ({failure.name.value}): DNS hijack or a fake-IP proxy",
            )
        return failure

    async def _name_issuer(self, url: str, failure: Failure) -> Failure:
        """Who signed the certificate we refused: one more handshake that sends nothing (no
        request, no key) and reads the issuer, so the report can say whose interception it
        likely is. Direct connections only; best effort within a short deadline."""
        parts = urlsplit(url)
        if self.network.proxy_for(url) or not parts.hostname:
            return failure
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # only to read the issuer; nothing is sent
        try:
            async with asyncio.timeout(min(self.timeout, 5.0)):
                _, writer = await asyncio.open_connection(
                    parts.hostname, parts.port or 443, ssl=context, server_hostname=parts.hostname
                )
            der = writer.get_extra_info("ssl_object").getpeercert(binary_form=True)
            # Abort, not close: a graceful TLS close waits for the peer's close_notify, and a
            # scan that ends first would leave the socket open (nothing was sent to be lost).
            writer.transport.abort()
        except (OSError, TimeoutError, ssl.SSLError):
            return failure
        issuer = issuer_name(der) if der else None
        if not issuer:
            return failure
        return Failure(
            failure.name,
            failure.layer,
            f"certificate not trusted: possible TLS interception by {issuer} "
            "(trust a corporate CA with --ca-bundle or --trust os)",
        )

    def _through_proxy(self, url: str, failure: Failure) -> Failure:
        """A connection that failed before reaching the proxy is the proxy's failure, not the
        provider's: saying tcp_refused about the provider would blame the wrong hop."""
        proxy = self.network.proxy_for(url)
        if proxy is None or failure.layer not in (Layer.DNS, Layer.TCP):
            return failure
        where = origin(proxy)
        return Failure(
            FailureName.PROXY_UNREACHABLE,
            Layer.PROXY,
            f"the proxy {where} did not accept the connection ({failure.name.value})",
        )


class GoogleAuthTransport:
    """google-auth's transport interface over httpx, so that minting an OAuth token obeys the
    same rules as every probe: verified TLS, no redirects, a timeout, a capped body."""

    def __init__(self, timeout: float, network: Network | None = None) -> None:
        self._client = (network or Network()).client(timeout)

    def __call__(
        self,
        url: str,
        method: str = "GET",
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        **_kwargs: Any,
    ) -> Any:
        from google.auth import exceptions, transport  # the optional gcp extra

        problem = check_url(url)
        if problem:
            raise exceptions.TransportError(f"token endpoint refused: {problem}")  # type: ignore[no-untyped-call]
        try:
            answer = self._client.request(method, url, content=body, headers=dict(headers or {}))
        except httpx.HTTPError as exc:
            raise exceptions.TransportError(type(exc).__name__) from None  # type: ignore[no-untyped-call]

        return _GoogleAnswer(transport.Response, answer)

    def close(self) -> None:
        self._client.close()


def _GoogleAnswer(base: type, answer: httpx.Response) -> Any:
    """A google.auth.transport.Response carrying httpx's answer (capped)."""

    class Answer(base):  # type: ignore[misc]
        @property
        def status(self) -> int:
            return answer.status_code

        @property
        def headers(self) -> dict[str, str]:
            return dict(answer.headers)

        @property
        def data(self) -> bytes:
            return answer.content[:MAX_BODY_BYTES]

    return Answer()
