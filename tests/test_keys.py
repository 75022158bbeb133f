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


@pytest.mark.parametrize("value", [f"'{CANARY}", f"{CANARY}'"])
def test_a_quote_at_either_end_alone_is_refused(value: str) -> None:
    found = lookup_key(("K",), {"K": value})
    assert found.problem == "K starts or ends with a quote (copied from a .env file?)"


def test_a_key_of_exactly_the_longest_length_is_accepted() -> None:
    """README: keys up to 4 KiB (4,096 characters); one more is refused above."""
    assert MAX_KEY_LENGTH == 4096
    found = lookup_key(("K",), {"K": "k" * MAX_KEY_LENGTH})
    assert found.is_set and found.problem is None


def test_a_loaded_key_is_removed_wherever_it_stands() -> None:
    """At the very start of the text, with text on both sides, twice: the rest is kept as is."""
    key = "q7Rk29XmP4vTz8LwN3bYc6Hd"  # no known shape: only the loaded-key search can find it
    Secret(key)
    assert scrub(f"{key} was refused") == "*** was refused"
    assert scrub(f"x{key}y and {key}") == "x***y and ***"


@pytest.mark.parametrize(("length", "folded"), [(8, True), (7, False)])
def test_keys_of_eight_characters_and_more_are_removed_in_any_case(
    length: int, folded: bool
) -> None:
    """Shorter keys are removed only as written: in every case they would blank words."""
    key = "Zq8Wv3Ty5Pn2Rm7K"[:length]
    Secret(key)
    assert scrub(f"said {key}") == "said ***"
    assert (scrub(f"said {key.upper()}") == "said ***") is folded


def test_only_invisible_characters_are_escaped() -> None:
    """The table of invisible characters holds format characters, separators, fillers and three
    marks that show nothing (U+034F, U+17B4, U+17B5), and characters this Python does not know
    yet (Egyptian format controls up to U+1343F); nothing a reader can see."""
    import unicodedata

    from accesscheck.keys import INVISIBLE_RANGES

    shown = {0x034F, 0x17B4, 0x17B5}
    for low, high in INVISIBLE_RANGES:
        for code in range(low, high + 1):
            char = chr(code)
            assert (
                unicodedata.category(char) in ("Cf", "Zl", "Zp", "Cn")
                or "FILLER" in unicodedata.name(char, "")
                or code in shown
            ), f"U+{code:04X} is visible"
    for visible in "®©é中ß€":
        assert scrub(visible) == visible
    # and the table holds them: the Hangul fillers (blank by design) and the three marks
    for code in range(0x110000):
        char = chr(code)
        name = unicodedata.name(char, "")
        if ("HANGUL" in name and "FILLER" in name) or code in shown:
            assert scrub(char) != char, f"U+{code:04X} is not escaped"
