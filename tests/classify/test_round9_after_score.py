"""Written after the ninth held-out split's one score (issue #15): its two false `reachable` were
caps that a 429 rule took for a throttle. Azure's management answer InsufficientQuota asks more
tokens-per-minute capacity than the quota has left (its per-minute words read as a throttle), and
Google's ErrorInfo reason INSUFFICIENT_G1_CREDITS_BALANCE names a credits balance under
RESOURCE_EXHAUSTED ("Resource has been exhausted" read as a throttle)."""

from __future__ import annotations

import pytest

from tests.cases import case
from tests.classify.test_account_classes import _explain, _read

QUOTA = "gated/quota_exhausted"


@pytest.mark.parametrize("case_id", ["h9b-020", "h9c-006"])
def test_the_ninth_splits_false_reachable_read_as_caps(case_id: str) -> None:
    assert _read(case_id) == QUOTA, case(case_id)["body"][:80]


def test_a_credits_balance_reason_is_a_cap_in_any_rendering() -> None:
    body = (
        '{"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).", '
        '"status": "RESOURCE_EXHAUSTED", "details": [{"@type": '
        '"type.googleapis.com/google.rpc.ErrorInfo", "reason": "INSUFFICIENT_G1_CREDITS_BALANCE"}]}}'
    )
    assert _explain(body, provider="gemini", status=429) == QUOTA
    assert _explain(body, provider="gemini") == QUOTA


def test_the_same_envelope_with_a_rate_reason_stays_a_throttle() -> None:
    # near miss: Google's ErrorInfo reason RATE_LIMIT_EXCEEDED (cloud.google.com/apis/design/errors)
    body = (
        '{"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).", '
        '"status": "RESOURCE_EXHAUSTED", "details": [{"@type": '
        '"type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED"}]}}'
    )
    assert _explain(body, provider="gemini", status=429) != QUOTA


def test_openais_insufficient_quota_is_still_its_own_rules() -> None:
    # near miss for `\binsufficientquota\b`: OpenAI's code insufficient_quota is read by its own
    # rule, not this one (the verdict is the same cap)
    from accesscheck.classify.explain import explain_text

    text = '{"error": {"message": "You exceeded your current quota", "code": "insufficient_quota"}}'
    found = explain_text(text, family="openai", dialect="openai", status=429, endpoint="generate")
    assert found.verdict.rule != "capacity-beyond-quota"
    assert _explain(text, status=429) == QUOTA
