"""Webhook alerts when a model's status changed since the previous recorded scan.

A webhook URL is itself a secret (a Slack incoming-webhook URL carries its token in the
path), so it is shown only as scheme://host/… in any message. The message never holds a key:
it is built from verdicts and scrubbed once more before it leaves. A failed notification is
a warning, never an exit code: the scan's verdict is what CI and cron act on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx

from accesscheck import __version__
from accesscheck.choices import NotifyFormat
from accesscheck.errors import ConfigError
from accesscheck.keys import scrub
from accesscheck.model import Change, ChangeKind, Report
from accesscheck.report.json import change_dict
from accesscheck.urls import is_loopback_host

NOTIFY_SCHEMA_VERSION = 1
ATTEMPTS = 3
TIMEOUT_S = 10.0
BACKOFF_S = 1.0  # doubled after each failed attempt
# Changes worth waking someone for; a model added to or dropped from the registry is not
# a change of access.
ALERTING = (ChangeKind.LOST, ChangeKind.GAINED, ChangeKind.CHANGED)


def check_webhook(url: str) -> str:
    """The URL if it may receive alerts (https, or http to loopback); else a ConfigError."""
    parts = urlsplit(url)
    problem = None
    if url != url.strip() or any(c.isspace() for c in url):
        problem = "URL contains whitespace"
    elif parts.scheme not in ("https", "http") or not parts.hostname:
        problem = "not an https:// URL"
    elif parts.scheme == "http" and not is_loopback_host(parts.hostname):
        problem = "http:// is allowed only to loopback hosts; use https://"
    if problem:
        raise ConfigError(f"--notify {redact(url)}: {problem}")
    return url


def redact(url: str) -> str:
    """scheme://host[:port]/… — enough to tell webhooks apart, never the token in the path."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return "<not a URL>"
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/…"


def alerting(changes: Iterable[Change]) -> list[Change]:
    return [c for c in changes if c.kind in ALERTING]


def _detail(report: Report) -> dict[str, str]:
    return {r.ref: r.detail for r in report.results}


def slack_message(report: Report, changes: Sequence[Change]) -> dict[str, Any]:
    """Slack incoming-webhook JSON: a `text` field with mrkdwn (also accepted by Mattermost,
    Rocket.Chat and Discord's /slack endpoint)."""
    lost = sum(c.kind is ChangeKind.LOST for c in changes)
    head = f"*accesscheck*: {len(changes)} model(s) changed access"
    head += f", {lost} lost" if lost else ""
    details = _detail(report)
    lines = [f"{head} (scan {report.started_at}, {report.registry})"]
    for change in changes:
        line = f"• {change.kind.value} `{change.ref}`: {change.before} → {change.after}"
        if change.kind is not ChangeKind.GAINED and details.get(change.ref):
            line += f" — {details[change.ref]}"
        lines.append(line)
    return {"text": "\n".join(lines)}


def json_message(report: Report, changes: Sequence[Change]) -> dict[str, Any]:
    details = _detail(report)

    return {
        "schema_version": NOTIFY_SCHEMA_VERSION,
        "kind": "accesscheck.changes",
        "tool": {"name": "accesscheck", "version": __version__},
        "started_at": report.started_at,
        "registry": report.registry,
        "changes": [{**change_dict(c), "detail": details.get(c.ref, "")} for c in changes],
        "lost": [c.ref for c in changes if c.kind is ChangeKind.LOST],
    }


MESSAGES: dict[NotifyFormat, Callable[[Report, Sequence[Change]], dict[str, Any]]] = {
    NotifyFormat.SLACK: slack_message,
    NotifyFormat.JSON: json_message,
}


def _retryable(response: httpx.Response) -> bool:
    return response.status_code == 429 or response.status_code >= 500


def send(
    urls: Sequence[str],
    report: Report,
    changes: Sequence[Change],
    fmt: NotifyFormat,
    warn: Callable[[str], None],
) -> int:
    """POST one message per URL when anything alerting changed; returns how many were
    delivered. Each URL gets up to ATTEMPTS tries (transport errors, 429 and 5xx retried)."""
    changes = alerting(changes)
    if not changes or not urls:
        return 0
    body = scrub(json.dumps(MESSAGES[fmt](report, changes), ensure_ascii=False)).encode()
    headers = {"content-type": "application/json", "user-agent": f"accesscheck/{__version__}"}
    delivered = 0
    with httpx.Client(timeout=TIMEOUT_S, follow_redirects=False) as client:
        for url in urls:
            problem = ""
            for attempt in range(ATTEMPTS):
                if attempt:
                    time.sleep(BACKOFF_S * 2 ** (attempt - 1))
                try:
                    response = client.post(url, content=body, headers=headers)
                except httpx.HTTPError as exc:
                    problem = type(exc).__name__
                    continue
                if response.is_success:
                    delivered += 1
                    problem = ""
                    break
                problem = f"HTTP {response.status_code}"
                if not _retryable(response):
                    break
            if problem:
                warn(f"accesscheck: warning: notification to {redact(url)} failed ({problem})")
    return delivered
