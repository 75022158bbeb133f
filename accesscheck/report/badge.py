"""A shields.io endpoint badge: `N/M reachable` (shields.io/badges/endpoint-badge)."""

from __future__ import annotations

import json

from accesscheck.model import Report, Status


def render(report: Report) -> str:
    reachable, total = report.count(Status.REACHABLE), len(report.results)
    if report.failures or reachable == 0:
        color = "red"
    elif reachable == total:
        color = "brightgreen"
    else:
        color = "yellow"
    badge = {
        "schemaVersion": 1,
        "label": "models",
        "message": f"{reachable}/{total} reachable",
        "color": color,
    }
    return json.dumps(badge) + "\n"
