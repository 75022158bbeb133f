"""Webhook alerts when a model's status changed since the previous recorded scan.

A webhook URL is itself a secret (a Slack incoming-webhook URL carries its token in the
path), so it is shown only as scheme://host/… in any message. The message never holds a key:
it is built from verdicts and scrubbed once more before it leaves. A failed notification is
a warning, never an exit code: the scan's verdict is what CI and cron act on.

Alerts go through the scan's own transport (probe.Prober): the same --proxy, --ca-bundle,
--trust and --no-env-proxy, no redirects, a total deadline per attempt and a capped reply.
httpx's timeouts are per phase, so a server dripping a byte every few seconds would
otherwise hold the process for ever; DEADLINE_S bounds every attempt to every URL together.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from accesscheck.choices import NOTIFY_VARIABLE, NotifyFormat
from accesscheck.errors import ConfigError
from accesscheck.keys import scrub
from accesscheck.model import Change, ChangeKind, Report
from accesscheck.observation import Rung
from accesscheck.report.alerts import MESSAGES
from accesscheck.urls import WEB_SCHEMES, is_loopback_host, redact, url_problem

if TYPE_CHECKING:  # probe (httpx) is imported only when an alert is sent
    from accesscheck.probe.network import Network
    from accesscheck.probe.transport import Prober

ATTEMPTS = 3
TIMEOUT_S = 10.0  # total deadline of one attempt: DNS, connect, TLS, send and reply
DEADLINE_S = 30.0  # total deadline of an alert: every attempt and back-off, all URLs at once
BACKOFF_S = 1.0  # doubled after each failed attempt
# Changes worth waking someone for; a model added to or dropped from the registry is not
# a change of access.
ALERTING = (ChangeKind.LOST, ChangeKind.GAINED, ChangeKind.CHANGED)


def check_webhook(url: str, where: str = "--notify") -> str:
    """The URL if it may receive alerts (https, or http to loopback); else a ConfigError
    naming `where` (the option or variable) and the URL only as scheme://host/…."""
    problem = url_problem(url, WEB_SCHEMES)  # parsing is safe only once it passed
    plain = problem is None and url.startswith("http:")
    if plain and not is_loopback_host(urlsplit(url).hostname or ""):
        problem = "http:// is allowed only to loopback hosts; use https://"
    if problem:
        raise ConfigError(f"{where} {redact(url)}: {problem}")
    return url


def webhooks_from(cli_urls: Iterable[str], environ: Mapping[str, str]) -> tuple[list[str], str]:
    """The checked webhook URLs of ACCESSCHECK_NOTIFY (whitespace-separated) and --notify, each
    once, and where they were set: an exported variable is easy to forget, so errors name it."""
    cli = list(cli_urls)
    urls = [check_webhook(url, NOTIFY_VARIABLE) for url in environ.get(NOTIFY_VARIABLE, "").split()]
    urls += [check_webhook(url, "--notify") for url in cli]
    return list(dict.fromkeys(urls)), ("--notify" if cli else NOTIFY_VARIABLE)


def alerting(changes: Iterable[Change]) -> list[Change]:
    return [c for c in changes if c.kind in ALERTING]


def _scrubbed(value: Any) -> Any:
    """Every string anywhere in the message scrubbed, so that none can carry a key."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: _scrubbed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(item) for item in value]
    return value


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def _base_and_path(url: str) -> tuple[str, str]:
    """scheme://host[:port] and the rest, as the prober joins them (the path kept verbatim)."""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    return base, url[len(base) :]


async def _deliver(prober: Prober, url: str, body: dict[str, Any]) -> str:
    """One URL, up to ATTEMPTS tries (transport failures, 429 and 5xx retried); '' when it
    was delivered, else what went wrong last."""
    from accesscheck.providers.base import Request

    base, path = _base_and_path(url)
    request = Request("POST", path, body)
    problem = ""
    for attempt in range(ATTEMPTS):
        if attempt:
            await asyncio.sleep(BACKOFF_S * 2 ** (attempt - 1))
        seen = await prober.fetch(Rung.NETWORK, base, request, {})
        if seen.status is not None and 200 <= seen.status < 300:
            return ""
        if seen.status is not None:
            problem = f"HTTP {seen.status}"
            if not _retryable(seen.status):
                break
        else:
            problem = seen.failure.name.value if seen.failure else "no answer"
    return problem


async def _deliver_all(urls: Sequence[str], body: dict[str, Any], network: Network) -> list[str]:
    from accesscheck.probe.transport import Prober

    # As many in flight as there are URLs: two webhooks on one host (Slack) must not queue
    # behind each other while their shared deadline runs.
    async with Prober(timeout=TIMEOUT_S, concurrency=len(urls), network=network) as prober:

        async def bounded(url: str) -> str:
            try:
                async with asyncio.timeout(DEADLINE_S):
                    return await _deliver(prober, url, body)
            except TimeoutError:
                return f"no answer within {DEADLINE_S:g}s"

        return list(await asyncio.gather(*(bounded(url) for url in urls)))


def send(
    urls: Sequence[str],
    report: Report,
    changes: Sequence[Change],
    fmt: NotifyFormat,
    warn: Callable[[str], None],
    network: Network | None = None,
) -> int:
    """POST one message per URL, all at once, when anything alerting changed; returns how
    many were delivered. Returns within DEADLINE_S whatever the servers do."""
    from accesscheck.probe.network import Network

    changes = alerting(changes)
    if not changes or not urls:
        return 0
    body = _scrubbed(MESSAGES[fmt](report, changes))
    try:
        problems = asyncio.run(_deliver_all(urls, body, network or Network()))
    except ConfigError as exc:  # e.g. a SOCKS proxy without httpx[socks]
        warn(f"accesscheck: warning: no notification sent ({exc})")
        return 0
    for url, problem in zip(urls, problems, strict=True):
        if problem:
            warn(f"accesscheck: warning: notification to {redact(url)} failed ({problem})")
    return problems.count("")
