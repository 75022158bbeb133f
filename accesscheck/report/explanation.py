"""`accesscheck explain`'s answer as text or JSON (the reading itself is classify/explain.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from accesscheck.choices import TextFormat
from accesscheck.classify.explain import Explanation
from accesscheck.keys import scrub


def render_text(result: Explanation) -> str:
    verdict = result.verdict
    lines = [f"{verdict.status.value}/{verdict.reason.value}", verdict.detail]
    if result.evidence:
        lines.append(f"evidence: {result.evidence}")
    if result.other:
        lines.append(f"other reading: {result.other}")
    if result.read_as:
        lines.append(result.read_as)
    if verdict.remedy:
        lines.append(f"next step: {verdict.remedy}")
    return scrub("\n".join(lines)) + "\n"


def render_json(result: Explanation) -> str:
    verdict = result.verdict
    doc = {
        "status": verdict.status.value,
        "reason": verdict.reason.value,
        "detail": verdict.detail,
        "remedy": verdict.remedy,
        "http_status": result.http_status,
        "error_code": verdict.error_code,
        "rule": verdict.rule,
        # added for issue #15 (extending the document, never renaming)
        "ambiguous": verdict.ambiguous,
        "evidence": result.evidence,
        "other_reading": result.other,
        "read_as": result.read_as,
        "language": result.language,
    }
    return scrub(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


RENDERERS: Mapping[TextFormat, Callable[[Explanation], str]] = {
    TextFormat.TABLE: render_text,
    TextFormat.JSON: render_json,
}
