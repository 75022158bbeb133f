"""Rule conditions that a fingerprint depends on beyond its code and message: each test here
fails if the condition is dropped from the rule table."""

from __future__ import annotations

from accesscheck import parse
from accesscheck.classify import classify
from accesscheck.model import Reason, Rung, Status

# Anthropic's edge refuses a location with a bare envelope (no top-level "type": "error"),
# unlike every error its API sends (FACTS.md §2.2; enricoros/big-AGI#485, corpus c021).
EDGE = '{"error":{"type":"forbidden","message":"Request not allowed"}}'
API_ENVELOPE = '{"type":"error","error":{"type":"forbidden","message":"Request not allowed"}}'


def _anthropic(body: str, status: int = 403) -> tuple[Status, Reason, str]:
    facts = parse.read(body, status, "application/json", {})
    verdict = classify(facts, Rung.INVOKE, family="anthropic", dialect="anthropic")
    return verdict.status, verdict.reason, verdict.rule


def test_the_edge_shape_is_the_location_refusal() -> None:
    assert _anthropic(EDGE) == (Status.RESTRICTED, Reason.GEO_BLOCKED, "anthropic-geo")


def test_the_same_words_in_the_api_envelope_are_not_read_as_a_location_refusal() -> None:
    """The shape is the evidence: inside the API's own envelope the 403 is the API's
    refusal, an ambiguous one, never a region block."""
    status, reason, rule = _anthropic(API_ENVELOPE)
    assert reason is not Reason.GEO_BLOCKED and rule != "anthropic-geo"
    assert status is Status.GATED
