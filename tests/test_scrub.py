"""The scrubber against hostile servers (issue #11): a loaded key is removed in the encodings a
server echoes it in, and invisible or bidirectional characters are escaped in every output and
refused in a registry."""

from __future__ import annotations

import base64
import json
import re
import secrets
import string
import sys
import unicodedata
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
import yaml

from accesscheck import keys
from accesscheck.errors import ConfigError
from accesscheck.keys import Secret, lookup_key, scrub
from accesscheck.registry import load_text
from accesscheck.report import EXTENSIONS, Format
from tests.conftest import Runner, provider_entry
from tests.emulator.raw import RawServer, http_answer


def shapeless_keys() -> list[str]:
    """Keys no key-shape pattern knows: only loading them can make the scrubber remove them."""
    alnum = string.ascii_letters + string.digits
    return [
        "".join(secrets.choice(alnum) for _ in range(32)),  # 32 random letters and digits
        secrets.token_hex(16),  # 32 hex digits, as Azure's keys are
        "".join(secrets.choice(alnum) for _ in range(20)) + "/+=" + secrets.token_hex(4),
    ]


def encodings(key: str) -> dict[str, str]:
    """The ways a server may echo a key back."""
    raw = key.encode()
    full_percent = "".join(f"%{b:02X}" for b in raw)
    return {
        "as sent": key,
        "upper": key.upper(),
        "lower": key.lower(),
        "swapped case": key.swapcase(),
        "percent (quote)": quote(key, safe=""),
        "percent (quote_plus)": quote_plus(key),
        "percent, every byte": full_percent,
        "percent, every byte, lower hex": full_percent.lower(),
        "percent, half": full_percent[: 3 * 10] + key[10:],
        "base64": base64.b64encode(raw).decode(),
        "base64 url-safe": base64.urlsafe_b64encode(raw).decode(),
        "Basic user:key": base64.b64encode(b"user:" + raw).decode(),
        "Basic apikey:key": base64.b64encode(b"apikey:" + raw).decode(),
        "Basic :key": base64.b64encode(b":" + raw).decode(),
        "Basic key:": base64.b64encode(raw + b":").decode(),
        "Basic key:x": base64.b64encode(raw + b":x").decode(),
        "JSON-escaped slash": key.replace("/", "\\/"),
    }


def test_loaded_keys_are_removed_in_every_encoding() -> None:
    for key in shapeless_keys():
        assert not keys.looks_like_key(key)  # so only loading it can scrub it
        found = lookup_key(("SOME_KEY",), {"SOME_KEY": key})
        assert found.is_set
        for name, echoed in encodings(key).items():
            text = f'{{"error": "invalid credentials: {echoed}", "hint": "Basic {echoed}=="}}'
            out = scrub(text)
            assert echoed not in out, f"{name} survived: {out}"
            assert key not in out and out.count("***") == 2, (name, out)
            assert "invalid credentials: " in out  # the rest of the message stays


def test_unloaded_shapeless_strings_stay() -> None:
    other = secrets.token_hex(16)
    assert scrub(f"request id {other}") == f"request id {other}"


INVISIBLE = "\u202e\u200b\u2066\u2067\u2068\u2069\u200e\u200f\u061c\ufeff\u00ad\U000e0041"


def test_invisible_and_bidirectional_characters_are_escaped() -> None:
    out = scrub(f"restricted{INVISIBLE}\x1b[0m\x85 done")
    assert not any(c in out for c in INVISIBLE + "\x1b\x85")
    assert out.startswith("restricted\\u202e\\u200b\\u2066") and "\\x1b[0m\\u0085 done" in out
    # inside JSON the escapes are JSON's own: the document stays valid and says the same
    doc = json.dumps({"detail": f"a{INVISIBLE}\x85\x7f"}, ensure_ascii=False)
    assert json.loads(scrub(doc)) == {"detail": f"a{INVISIBLE}\x85\x7f"}


def test_the_table_covers_every_format_character_of_this_python() -> None:
    covered = re.compile(f"[{keys.INVISIBLE}]")
    missing = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in ("Cf", "Zl", "Zp") and not covered.match(chr(c))
    ]
    assert not missing, f"add to keys.INVISIBLE_RANGES: {missing}"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "open\u202eai"),
        ("name", "Open\u200bAI"),
        ("model", "gpt\u2066-5"),
        ("name", "\ufeffOpenAI"),
        ("name", "Open\U000e0041AI"),
    ],
)
def test_a_registry_refuses_invisible_characters(field: str, value: str) -> None:
    entry = provider_entry("openai", "openai", "https://api.openai.com/v1", ["gpt-5"])
    if field == "model":
        entry["models"] = [{"id": value}]
    else:
        entry[field] = value
    text = yaml.safe_dump({"version": 1, "providers": [entry]}, allow_unicode=True)
    with pytest.raises(ConfigError) as caught:
        load_text(text, "r.yaml")
    message = str(caught.value)
    assert re.match(r"r\.yaml:\d+:\d+: providers\[0\]\.\S+: invisible or bidirectional", message)
    assert f"U+{ord(next(c for c in value if not c.isprintable())):04X}" in message
    assert value not in message and "\n" not in message


def test_a_hostile_server_reaches_no_output_raw(run: Runner, tmp_path: Path) -> None:
    """A server that echoes the key (base64, upper-cased, percent-encoded) next to bidi
    controls: every --format and every -o file has neither."""
    key = shapeless_keys()[1]
    echoed = [encodings(key)[n] for n in ("Basic user:key", "upper", "percent, every byte")]
    message = f"Invalid key {' '.join(echoed)} \u202edebahcaer\u202c \u200b\x1b[2J"
    body = json.dumps({"error": {"message": message, "code": "invalid_api_key"}}).encode()
    head = {"content-type": "application/json", "content-length": str(len(body))}
    answer = http_answer("401 Unauthorized", {**head, "connection": "close"}, body)
    with RawServer(lambda conn: conn.sendall(answer)) as server:
        reg = tmp_path / "r.yaml"
        entry = provider_entry("echo", "openai", server.url + "/v1", ["m"], env="ECHO_KEY")
        reg.write_text(yaml.safe_dump({"version": 1, "providers": [entry]}))
        out = tmp_path / "out"
        out.mkdir()
        files = [a for ext in EXTENSIONS for a in ("-o", str(out / f"scan{ext}"))]
        texts = []
        for fmt in Format:
            result = run("--debug", "scan", "--registry", str(reg), "--no-history",
                         "--format", fmt.value, *files, env={"ECHO_KEY": key})  # fmt: skip
            texts += [result.out, result.err]
            texts += [p.read_text() for p in out.iterdir()]
    assert any("debahcaer" in t for t in texts)  # the message did reach the outputs
    for text in texts:
        assert key not in text and key.upper() not in text.upper()
        assert not any(e in text for e in echoed)
        assert not any(c in text for c in "\u202e\u202c\u200b\x1b"), text[:300]


def test_an_endpoint_from_a_variable_is_shown_escaped(
    run: Runner, tmp_path: Path, closed_port: int
) -> None:
    entry = provider_entry("local", "openai", "", ["m"], env="LOCAL_KEY")
    entry["base_url"] = None  # the endpoint comes from the variable
    entry["base_url_env"] = "LOCAL_ENDPOINT"
    reg = tmp_path / "r.yaml"
    reg.write_text(yaml.safe_dump({"version": 1, "providers": [entry]}))
    endpoint = f"http://127.0.0.1:{closed_port}/v1/\u202ex\u2066"
    for fmt in Format:
        result = run("scan", "--registry", str(reg), "--no-history", "--timeout", "1",
                     "--format", fmt.value, env={"LOCAL_ENDPOINT": endpoint})  # fmt: skip
        assert result.code in (0, 1, 3), result.err
        assert "\u202e" not in result.out and "\u2066" not in result.out, fmt


# Shapeless keys of each length modulo 3 (the three alignments of base64), the shortest one
# that is searched for in any encoding (8) among them; none is a part of another.
ALIGNED_KEYS = ("VP0MEzlF", "gHpRGPgRa", "fGcX6jnSNm", "FCjqjXMCGhW4kkFcD5Ck0F9DqnrbmoyD")


def _unpadded(data: bytes) -> bytes:
    """base64url without its `=` padding, as JWTs and many APIs write it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=")


@pytest.mark.parametrize("key", ALIGNED_KEYS)
def test_a_base64_key_is_replaced_with_its_whole_run_and_nothing_else(key: str) -> None:
    """The whole base64 run goes (the `user:` part, the padding, what follows the key in the
    encoded bytes) and one `***` stands for it: at the start of the text, in the middle or at
    its very end, and no character around it is taken."""
    Secret(key)
    raw = key.encode()
    for before, after in (("", ""), ("", " was refused"), ("Basic ", ""), ("auth: ", ", retry")):
        for prefix, suffix in ((b"", b""), (b"user:", b""), (b":", b""), (b"apikey:", b":x")):
            for encode in (base64.b64encode, base64.urlsafe_b64encode, _unpadded):
                encoded = encode(prefix + raw + suffix).decode()
                out = scrub(f"{before}{encoded}{after}")
                assert out == f"{before}***{after}", (key, prefix, suffix, encoded, out)


@pytest.mark.parametrize("prefix", [b"", b":", b"user:"])
def test_base64_of_a_string_one_bit_from_the_key_stays(prefix: bytes) -> None:
    """Only the encoded characters that the key alone decides are searched for, and all of them:
    a string one bit away from the key in any bit those characters hold is someone else's, and
    stays. The bits that share a character with the unknown prefix (the top 4 of the first
    byte after one byte of prefix, the top 2 after two) or with what follows the key (its last
    two bytes, here) are not searched for."""
    key = "FP8W4q1uEso1ckjiCWe7dbpzwipywyJ7"
    Secret(key)
    raw = key.encode()
    first_bits = {0: 8, 1: 4, 2: 6}[len(prefix) % 3]
    for at in range(len(raw) - 2):
        for bit in range(8 if at else first_bits):
            other = raw[:at] + bytes([raw[at] ^ (1 << bit)]) + raw[at + 1 :]
            text = f"said {base64.b64encode(prefix + other).decode()} ok"
            assert scrub(text) == text, (at, bit)


def test_a_percent_sign_beside_a_key_is_not_an_encoding() -> None:
    """A run of URL-ish text is scrubbed whole only when it holds a %XX escape: a key written
    as is beside a bare `%` is replaced alone, and the rest of the run stays."""
    key = ALIGNED_KEYS[-1]
    Secret(key)
    assert scrub(f"quota {key}-100% used") == "quota ***-100% used"
    assert scrub(f"quota {quote(key)}%2F100 used") == "quota *** used"
    # and a percent-encoded run with no key in it is left alone
    url = "https://status.example/incident?q=rate%20limit%2C%20retry&id=FCjq"
    assert scrub(f"see {url} now") == f"see {url} now"
