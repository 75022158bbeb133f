"""The real answers of tests/corpus/, found by case id: one reader for every test that holds a
rule or a probe to a real answer, over every corpus file (a case moves between files, or a new
split lands, without any test's own list of files going stale)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "corpus"


@cache
def _by_id() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip():
                case = json.loads(line)
                assert case["case_id"] not in found, f"case id {case['case_id']} twice"
                found[case["case_id"]] = case
    return found


def case(case_id: str) -> dict[str, Any]:
    """One case, as its file holds it (a copy: a test may not change another's data)."""
    try:
        return dict(_by_id()[case_id])
    except KeyError:
        raise AssertionError(f"no corpus case {case_id}") from None


def status_and_body(case_id: str) -> tuple[int | None, str]:
    """A case's HTTP status as its source shows it (None: none shown; 0: no answer) and text."""
    found = case(case_id)
    return found["status"], str(found["body"])
