"""The only module that talks to the network: one connection pool per host, bounded everything.

Every request has one total deadline (httpx alone has none), never follows a redirect
(httpx forwards x-api-key and x-goog-api-key to the new host), reads at most
`MAX_BODY_BYTES` even through gzip, and comes back as an `Observation`: a failed
request is data, never an exception.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import ssl
import time
import zlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from accesscheck import __version__
from accesscheck.classify.read import MAX_JSON_BYTES
from accesscheck.keys import scrub
from accesscheck.observation import (
    UNTRUSTED_DETAIL,
    Failure,
    FailureName,
    Layer,
    Observation,
    Rung,
    Timings,
)
from accesscheck.probe.dns import getaddrinfo_async, suspicious_address
from accesscheck.probe.netfail import classify_exception, client_lost, issuer_name
from accesscheck.probe.network import Network, open_files_budget
from accesscheck.providers import Request

MAX_BODY_BYTES = 256 * 1024
# A model list is data, not an error: OpenRouter's public list was 432 KB in May 2026
# (anomalyco/models.dev@c2c5cc8 models.json) and grows with every model; cut at MAX_BODY_BYTES
# it stopped being JSON and every model was unknown. It gets the JSON reader's own bound.
MAX_LIST_BYTES = MAX_JSON_BYTES
_LISTING = frozenset({Rung.KEYLESS, Rung.LIST})  # the keyless rung asks for the list too
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


async def _read_capped(response: httpx.Response, cap: int = MAX_BODY_BYTES) -> tuple[bytes, bool]:
    """At most `cap` bytes of decoded body; gzip/deflate decoded with a bounded inflater."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity", "gzip", "deflate", "x-gzip"):
        raise _BodyTooLarge(encoding)
    inflater = None if encoding in ("", "identity") else zlib.decompressobj(47)  # gzip or zlib
    out = bytearray()
    async for chunk in response.aiter_raw():
        data = chunk
        if inflater is not None:
            data = inflater.decompress(chunk, cap + 1 - len(out))
        out.extend(data)
        if len(out) > cap:
            return bytes(out[:cap]), True
    return bytes(out), False


class Prober:
    """Sends ladder requests with a per-host concurrency cap and a total deadline each."""

    def __init__(
        self,
        *,
        timeout: float,
        concurrency: int,
        network: Network | None = None,
        max_body: int | None = None,
    ) -> None:
        network = network or Network()
        self.timeout = timeout
        self.concurrency = concurrency
        self.network = network
        # A provider's answer is small; a public catalogue (models.dev, OpenRouter's model
        # list) is megabytes, read by `discover --catalog` with a cap of its own.
        self.max_body = max_body  # None: an answer's cap, or a model list's
        self._semaphores: dict[str, asyncio.Semaphore] = {}
        self._dns: dict[tuple[str, int], tuple[float | None, Failure | None]] = {}
        self._suspicious: dict[str, str | None] = {}  # host -> a bogon address it resolved to
        self._in_flight = asyncio.Semaphore(open_files_budget())
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
        with contextlib.suppress(ValueError):
            ipaddress.ip_address(host)
            return None, None  # an address needs no lookup (and cannot time one out)
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.timeout):
                answers = await getaddrinfo_async(host, port)
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
            # One pass over the answer's headers (httpx's get() walks all of them for each
            # name); items() joins a repeated header with ", " as get() does.
            merged = dict(response.headers.items())
            kept = {k: scrub(v)[:200] for k in _KEPT_HEADERS if (v := merged.get(k))}

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
                cap = self.max_body or (MAX_LIST_BYTES if rung in _LISTING else MAX_BODY_BYTES)
                raw, truncated = await _read_capped(response, cap)
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
