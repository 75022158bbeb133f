"""Prometheus text format for node_exporter's textfile collector: one gauge per model and
status (1 for the model's status, 0 for the others), with the scan's duration and time."""

from __future__ import annotations

from datetime import datetime

from accesscheck.keys import scrub
from accesscheck.model import Report, Status


def _label(value: str) -> str:
    return scrub(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def render(report: Report) -> str:
    lines = [
        "# HELP accesscheck_model_status 1 for the status the model had in the last scan, else 0.",
        "# TYPE accesscheck_model_status gauge",
    ]
    for r in report.results:
        for status in Status:
            labels = (
                f'provider="{_label(r.provider)}",model="{_label(r.model)}",status="{status.value}",'
                f'reason="{_label(r.reason.value if status is r.status else "")}"'
            )
            lines.append(f"accesscheck_model_status{{{labels}}} {1 if status is r.status else 0}")
    started = datetime.fromisoformat(report.started_at.replace("Z", "+00:00")).timestamp()
    lines += [
        "# HELP accesscheck_scan_duration_seconds How long the last scan took.",
        "# TYPE accesscheck_scan_duration_seconds gauge",
        f"accesscheck_scan_duration_seconds {report.duration_ms / 1000:.3f}",
        "# HELP accesscheck_scan_timestamp_seconds When the last scan started (Unix time).",
        "# TYPE accesscheck_scan_timestamp_seconds gauge",
        f"accesscheck_scan_timestamp_seconds {started:.0f}",
        "# HELP accesscheck_paid_calls Paid calls the last scan made.",
        "# TYPE accesscheck_paid_calls gauge",
        f"accesscheck_paid_calls {report.paid_calls}",
        "# HELP accesscheck_policy_failures Models the policy failed in the last scan.",
        "# TYPE accesscheck_policy_failures gauge",
        f"accesscheck_policy_failures {len(report.failures)}",
    ]
    return "\n".join(lines) + "\n"
