"""Where a scan is measured from: a name, the proxy in use, and the egress country as a
provider's own edge sees it.

The country comes from Cloudflare's /cdn-cgi/trace on a provider's API host (the registry's
`trace_url`), so no third-party geolocation service is asked and the answer is the one that
provider's geo-block would act on. The trace carries no key; the egress IP it also reports is
not kept.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from accesscheck.errors import ConfigError
from accesscheck.model import Vantage
from accesscheck.observation import Rung
from accesscheck.probe.channel import Fetch
from accesscheck.probe.transport import origin
from accesscheck.providers.base import Request
from accesscheck.registry import Registry
from accesscheck.urls import check_proxy

# Cloudflare's loc: a country code, "T1" for Tor; "XX" means it does not know.
_LOC = re.compile(r"[A-Z][A-Z0-9]")


def parse_trace(body: str) -> str | None:
    """The `loc=` of a /cdn-cgi/trace body (key=value lines), or None."""
    for line in body.splitlines():
        key, _, value = line.strip().partition("=")
        if key == "loc":
            return value if _LOC.fullmatch(value) and value != "XX" else None
    return None


def shown_proxy(url: str | None) -> str | None:
    """A proxy URL as scheme://host:port: never its credentials."""
    return origin(url) if url else None


async def _country(url: str, fetch: Fetch) -> str | None:
    seen = await fetch(Rung.NETWORK, url, Request("GET", ""), {"accept": "text/plain"})
    if seen.status != 200 or seen.failure is not None:
        return None
    return parse_trace(seen.body)


async def locate(registry: Registry, fetch: Fetch) -> tuple[str | None, str | None]:
    """(country, the host that said so) from the first provider trace that answers."""
    urls = [p.trace_url for p in registry.providers if p.trace_url]
    answers = await asyncio.gather(*(_country(url, fetch) for url in urls))
    for url, country in zip(urls, answers, strict=True):
        if country:
            return country, urlsplit(url).netloc
    return None, None


def vantage(name: str, proxy: str | None, located: tuple[str | None, str | None]) -> Vantage:
    return Vantage(
        name=name, proxy=shown_proxy(proxy), country=located[0], country_source=located[1]
    )


def vantage_spec(
    spec: str, environ: Mapping[str, str], label: Callable[[str], str]
) -> tuple[str, str | None]:
    """`--vantage NAME=PROXY_URL`, `NAME=direct` or `NAME=env:VARIABLE` → (name, the proxy URL,
    None for direct). `label` checks the name. A ConfigError names the option, never the URL:
    a proxy URL carries its password, which `env:` keeps out of the process list."""
    name, sep, url = spec.partition("=")
    if not sep or not url:
        raise ConfigError(f"--vantage {name!r}: expected NAME=PROXY_URL (or NAME=direct)")
    name = label(name)
    where = f"--vantage {name}"
    if url.startswith("env:"):
        variable = url.removeprefix("env:")
        url = environ.get(variable, "").strip()
        if not url:
            raise ConfigError(f"{where}: the variable {variable!r} is not set")
        where = f"{where} ({variable})"
    if url == "direct":
        return name, None
    return name, check_proxy(url, where)
