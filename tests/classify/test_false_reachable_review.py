"""Issue #15: the one mistake the classifier must never make is a false `reachable`. A review of
8160956 (/tmp/review/false_reachable.py) built answers that read `reachable` though none is a
success; each test below closes one CLASS of them.

The inputs are ADVERSARIAL CONSTRUCTIONS, not provider facts: texts written to probe the
classifier's edges (a model list followed by an error line, a four-digit provider code after
"Error code:", a 200 carrying an error envelope, a 429 with refusal words and a retry hint…).
They are robustness tests: what they pin is that such an answer is never read `reachable`, and,
where the class is plain, which non-reachable reading it gets."""

from __future__ import annotations

import pytest

from accesscheck.classify.explain import explain_text


def _read(text: str, status: int | None = None, family: str = "openai") -> tuple[str, str]:
    verdict = explain_text(
        text, family=family, dialect="openai", status=status, endpoint="generate"
    ).verdict
    return verdict.status.value, verdict.reason.value


# ---- class 2: a provider's four-digit code after "Error code:" is no HTTP status (no 200)


@pytest.mark.parametrize(
    "text",
    [
        'Error code: 2001 - {"data":null,"message":"token expired"}',
        'Error code: 2004 {"content":"","message":"rate limited"}',
        'status_code=2000 {"message":"invalid api key"}',
        "2001 - token expired",
    ],
)
def test_a_four_digit_code_is_not_read_as_a_2xx(text: str) -> None:
    """Adversarial: "Error code: 2001" once yielded status 200, hence reachable/ok."""
    assert _read(text)[0] != "reachable"


def test_a_2xx_written_in_a_paste_is_no_proof_of_success() -> None:
    """Adversarial: a number in a paste is not the answer's status; a success is read from the
    answer's own shape."""
    assert _read('Error code: 200 - {"message":"invalid token"}')[0] != "reachable"
