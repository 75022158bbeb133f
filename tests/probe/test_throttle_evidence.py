"""A scan reads a 429 the way `explain` does (issue #15, third round): a throttle only where the
answer names one. A probe's 429 whose body names neither a throttle nor a quota is no evidence
the model answered — OpenAI sends inactive billing as a 429 too — so the scan reports it
`unknown`, ambiguous, never `reachable`; the same 429 naming a rate limit is `reachable`."""

from __future__ import annotations

import pytest

import accesscheck
from accesscheck.observation import Rung
from tests.probe.test_ladder import LAST, LIST, MODELS, climb

# The shape of a 429 as gateways and hosts send it when they name only the status.
STATUS_ONLY = '{"error": {"message": "Too Many Requests", "code": 429}}'
# OpenAI's throttle, as documented (developers.openai.com/docs/guides/error-codes, 429).
THROTTLE = (
    '{"error": {"message": "Rate limit reached for requests", "type": "requests", '
    '"code": "rate_limit_exceeded"}}'
)


@pytest.mark.parametrize(
    ("body", "verdict", "rule"),
    [
        (STATUS_ONLY, "unknown/unexpected_response", "http-429-unexplained"),
        (THROTTLE, "reachable/rate_limited", "rate-limit-code"),
    ],
)
def test_a_probes_429_is_a_throttle_only_if_it_names_one(
    body: str, verdict: str, rule: str
) -> None:
    answers = {
        (Rung.KEYLESS, "GET"): (401, "{}"),
        (Rung.LIST, "GET"): (200, LIST),
        (Rung.INVOKE, "POST"): (429, body),
    }
    found, _, invoked = climb(answers)
    assert set(found.values()) == {verdict}
    assert invoked == len(MODELS)  # a 429 decides only the model it answered for
    assert {v.rule for v in LAST.values()} == {rule}
    pasted = accesscheck.explain(f"Error code: 429 - {body}", provider="openai")
    assert f"{pasted.status}/{pasted.reason}" == verdict
