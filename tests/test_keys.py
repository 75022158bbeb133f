"""Keys: read from the environment, validated without echo, scrubbed from every output."""

from __future__ import annotations

import pytest

from accesscheck.keys import MAX_KEY_LENGTH, Secret, lookup_key, scrub
from tests.conftest import CANARY


def test_first_set_variable_wins_and_blank_is_unset() -> None:
    found = lookup_key(
        ("GOOGLE_API_KEY", "GEMINI_API_KEY"), {"GOOGLE_API_KEY": "  ", "GEMINI_API_KEY": CANARY}
    )
    assert found.used == "GEMINI_API_KEY" and found.is_set
    assert found.secret is not None and found.secret.reveal() == CANARY
    assert not lookup_key(("A",), {}).is_set


def test_surrounding_whitespace_is_stripped() -> None:
    found = lookup_key(("K",), {"K": f"{CANARY}\n"})
    assert found.secret is not None and found.secret.reveal() == CANARY


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (f"{CANARY}\r\nX-Evil: 1", "K contains a control or space character at position 34"),
        (f"{CANARY}\x00", "K contains a control or space character at position 34"),
        ("sk-\u200babc", "K contains a non-ASCII character at position 3"),
        (f'"{CANARY}"', "K starts or ends with a quote (copied from a .env file?)"),
        (
            "k" * (MAX_KEY_LENGTH + 1),
            f"K is {MAX_KEY_LENGTH + 1} characters long (more than {MAX_KEY_LENGTH})",
        ),
    ],
)
def test_malformed_keys_are_refused_without_echo(value: str, problem: str) -> None:
    found = lookup_key(("K",), {"K": value})
    assert not found.is_set and found.problem == problem
    assert CANARY not in scrub(f"something said {value}")


def test_secret_never_prints_itself() -> None:
    secret = Secret("sk-test-never-print-me-0123456789")
    assert "never" not in repr(secret) and "never" not in str(secret) and "never" not in f"{secret}"


@pytest.mark.parametrize(
    "text",
    [
        "Incorrect API key provided: sk-proj-fakeabcdefghijklmnop1234.",
        "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig",
        "GET /v1beta/models?key=AIzaFAKE1234567890abcdefghijklmnopqrs HTTP/1.1",
        "Consumer 'api_key:AIzaFakeConsumerKey_0123456789abcdefg' has been suspended.",
        "xai-fakeabcdefghijklmnopqrstuvwxyz0123 and gsk_abcdefghijklmnop",
    ],
)
def test_scrub_removes_anything_shaped_like_a_key(text: str) -> None:
    cleaned = scrub(text)
    for needle in ("sk-proj-fake", "eyJhbG", "AIzaFAKE", "AIzaFake", "xai-fake", "gsk_abc"):
        assert needle not in cleaned


def test_scrub_escapes_terminal_control_sequences_and_keeps_words() -> None:
    assert scrub("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m"
    assert scrub("task-force model desk-lamp") == "task-force model desk-lamp"
