"""Keys: read from the environment, validated without echo, scrubbed from every output."""

from __future__ import annotations

import pytest

from accesscheck.keys import MAX_KEY_LENGTH, Secret, lookup_key, padded, scrub
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


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("!" + "k" * 30 + "~", None),  # the first and the last printable ASCII characters
        ("k" * 16 + " " + "k" * 15, "K contains a control or space character at position 16"),
        ("k" * 16 + "\x7f" + "k" * 15, "K contains a control or space character at position 16"),
        ("k" * 16 + "\x80" + "k" * 15, "K contains a non-ASCII character at position 16"),
    ],
)
def test_a_key_may_hold_every_printable_ascii_character_and_nothing_else(
    value: str, problem: str | None
) -> None:
    """DEL (0x7f) is an ASCII control character, said as one; 0x80 on is not ASCII."""
    found = lookup_key(("K",), {"K": value})
    assert found.problem == problem and found.is_set is (problem is None)


def test_padded_names_the_variables_whose_value_has_whitespace_around_it() -> None:
    environ = {"A": f"{CANARY}\n", "B": CANARY, "C": "  ", "D": f" {CANARY}"}
    assert padded(["A", "B", "C", "D", "E", "A"], environ) == ["A", "D"]


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


def test_a_key_of_one_repeated_character_leaves_nothing_of_a_longer_run() -> None:
    """Occurrences that overlap are all found: a dummy key such as `k` * 32 echoed in a longer
    run of `k` is removed with the whole run."""
    key = "Q" * 12
    Secret(key)
    assert scrub(f"got {'Q' * 13} and {'Q' * 25}") == "got *** and ***"


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


# Egyptian format controls Unicode 15 added (U+13439-1343F): escaped already, though a Python
# whose database is older (3.11 has Unicode 14) does not know them yet.
_UNICODE_15_FORMAT = frozenset(range(0x13439, 0x13440))


def test_the_escaped_characters_are_exactly_the_invisible_ones() -> None:
    """Both ways: every escaped character is a format character, a separator, a Hangul filler,
    one of the three blank marks or a format control of a newer Unicode, and every one of those
    is escaped. A range end off by one escapes an unassigned or visible neighbour (U+0892,
    U+2065, U+FF00) or lets a last invisible one through."""
    import re
    import sys
    import unicodedata

    from accesscheck.keys import INVISIBLE

    covered = re.compile(f"[{INVISIBLE}]")
    shown = {0x034F, 0x17B4, 0x17B5}

    def invisible(code: int) -> bool:
        char = chr(code)
        name = unicodedata.name(char, "")
        return (
            unicodedata.category(char) in ("Cf", "Zl", "Zp")
            or ("HANGUL" in name and "FILLER" in name)
            or code in shown
            or (code in _UNICODE_15_FORMAT and unicodedata.category(char) == "Cn")
        )

    escaped = {c for c in range(sys.maxunicode + 1) if covered.match(chr(c))}
    expected = {c for c in range(sys.maxunicode + 1) if invisible(c)}
    assert not escaped - expected, [f"U+{c:04X}" for c in sorted(escaped - expected)]
    assert not expected - escaped, [f"U+{c:04X}" for c in sorted(expected - escaped)]
