"""`accesscheck explain`: classify a response pasted from a log, with the scan's classifier."""

from __future__ import annotations

from dataclasses import dataclass

from accesscheck import parse
from accesscheck.classify import classify
from accesscheck.model import Rung, Verdict

MAX_INPUT = 1024 * 1024

ENDPOINT_RUNG = {"list": Rung.LIST, "get": Rung.LIST, "generate": Rung.INVOKE}


@dataclass(frozen=True)
class Explanation:
    verdict: Verdict
    http_status: int | None


def explain_text(text: str, *, dialect: str, status: int | None, endpoint: str) -> Explanation:
    """Status from --status, else from the text (`Error code: 404 - …`); 0 means no answer."""
    if status is None:
        status = parse.status_from_text(text)
    http = status or None  # a pasted transport failure has no status: rules see 0
    facts = parse.read(text, http)
    return Explanation(classify(facts, dialect, ENDPOINT_RUNG[endpoint]), http)
