"""The alert a webhook receives when access changed: Slack mrkdwn (also Mattermost, Rocket.Chat,
Discord's /slack endpoint) or JSON (schema below). Every value from a provider or a file is
made inert for the format it lands in; notify.py scrubs and sends."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from accesscheck import __version__
from accesscheck.choices import NotifyFormat
from accesscheck.model import Change, ChangeKind, Report
from accesscheck.report.json import change_dict
from accesscheck.report.markdown import defuse_mentions

NOTIFY_SCHEMA_VERSION = 1


def _detail(report: Report) -> dict[str, str]:
    return {r.ref: r.detail for r in report.results}


# Slack has no escape for its mrkdwn markers (only &, < and > are control characters:
# https://api.slack.com/reference/surfaces/formatting#escaping), so in provider text they
# become visible look-alikes: a hostile message can neither format, quote nor link.
_LOOKALIKE = {"*": "∗", "_": "＿", "~": "～", "`": "ˋ"}
# As in Markdown, an underscore inside a word (geo_blocked) starts no italics and is kept.
_SLACK_MARKERS = re.compile(r"[*~`]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def slack_text(text: object) -> str:
    """Text from a provider or a file as inert Slack mrkdwn: &, < and > as the entities Slack
    documents (so <!channel>, <@U123> and <https://x|y> are shown, not parsed), markers as
    look-alikes, one line, and a bare @channel/@here/@team not a mention."""
    escaped = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = " ".join(escaped.splitlines())
    return defuse_mentions(_SLACK_MARKERS.sub(lambda m: _LOOKALIKE[m.group(0)], flat))


def slack_message(report: Report, changes: Sequence[Change]) -> dict[str, Any]:
    """Slack incoming-webhook JSON: a `text` field with mrkdwn (also accepted by Mattermost,
    Rocket.Chat and Discord's /slack endpoint). Every interpolated value goes through
    slack_text; only our own markers (*accesscheck*, `ref`) are live."""
    lost = sum(c.kind is ChangeKind.LOST for c in changes)
    head = f"*accesscheck*: {len(changes)} model(s) changed access"
    head += f", {lost} lost" if lost else ""
    details = _detail(report)
    lines = [f"{head} (scan {slack_text(report.started_at)}, {slack_text(report.registry)})"]
    for change in changes:
        line = (
            f"• {change.kind.value} `{slack_text(change.ref)}`: "
            f"{slack_text(change.before)} → {slack_text(change.after)}"
        )
        if change.kind is not ChangeKind.GAINED and details.get(change.ref):
            line += f" — {slack_text(details[change.ref])}"
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


MESSAGES: Mapping[NotifyFormat, Callable[[Report, Sequence[Change]], dict[str, Any]]] = {
    NotifyFormat.SLACK: slack_message,
    NotifyFormat.JSON: json_message,
}
