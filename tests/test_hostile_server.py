"""A property-based test of the whole process (issue #11): `accesscheck scan` (the real
`python3 -m accesscheck`, in a subprocess) against a loopback server whose status, headers,
framing, encoding, body and pace are generated — deep nesting, huge bodies, binary, every
encoding claimed but not applied, broken chunking, dripping bytes, hangs, the request echoed
back with its key. Whatever it sends: never exit 70, never past the deadline, never a key in
stdout, stderr or any -o file, and the well-behaved provider's result always reported.

Examples are few by default (each is a process); ACCESSCHECK_FUZZ_EXAMPLES scales them up
for a long local run, as in test_fuzz.py.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import secrets
import socket
import string
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import provider_entry
from tests.emulator.raw import RawServer, read_head
from tests.emulator.server import OK, Emulator, Scenario

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 1.0  # --timeout: each request
SCAN_TIMEOUT = 3.0  # --scan-timeout: the whole scan
KEY = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
GOOD_KEY = secrets.token_hex(16)  # 32 hex digits, as Azure's keys: no known shape either
EXAMPLES = max(8, int(os.environ.get("ACCESSCHECK_FUZZ_EXAMPLES", "150")) // 8)  # 18 by default
HOSTILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # no shrinking: each step is a process, and the failing answer is printed whole anyway
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # the server and files are shared on purpose
    ],
)


def _forms(key: str) -> list[str]:
    """The key as sent and in the encodings a server may echo it in (none may be output)."""
    raw = key.encode()
    return [
        key,
        key.upper(),
        key.lower(),
        "".join(f"%{b:02X}" for b in raw),
        base64.b64encode(raw).decode(),
        base64.b64encode(b"user:" + raw).decode(),
    ]


@dataclass
class Answer:
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    encoding: str = "none"  # what content-encoding says, and whether the body really is
    framing: str = "length"
    pace: str = "once"
    echo: bool = False


def _encoded(answer: Answer, body: bytes) -> tuple[list[tuple[str, str]], bytes]:
    claimed, _, real = answer.encoding.partition("-")
    if claimed == "none":
        return [], body
    if real == "real":
        body = gzip.compress(body) if claimed == "gzip" else zlib.compress(body)
    elif real == "bomb":
        body = BOMB
    return [("content-encoding", claimed)], body


def _framed(answer: Answer, body: bytes) -> tuple[list[tuple[str, str]], bytes]:
    if answer.framing == "length":
        return [("content-length", str(len(body)))], body
    if answer.framing == "short-length":
        return [("content-length", str(max(0, len(body) - 7)))], body
    if answer.framing == "long-length":
        return [("content-length", str(len(body) + 1000))], body
    if answer.framing == "chunked":
        chunks = b"".join(
            b"%x\r\n" % len(body[i : i + 4096]) + body[i : i + 4096] + b"\r\n"
            for i in range(0, len(body), 4096)
        )
        return [("transfer-encoding", "chunked")], chunks + b"0\r\n\r\n"
    if answer.framing == "bad-chunked":
        return [("transfer-encoding", "chunked")], b"zz\r\n" + body
    return [("connection", "close")], body  # "close": the end of the body is the close


def serve(answer: Answer, conn: socket.socket) -> None:
    head_in = read_head(conn)
    body = answer.body + (head_in if answer.echo else b"")
    encoding_headers, body = _encoded(answer, body)
    framing_headers, wire = _framed(answer, body)
    headers = [*answer.headers, *encoding_headers, *framing_headers]
    head = f"HTTP/1.1 {answer.status} X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers)
    data = head.encode("utf-8", "surrogateescape") + b"\r\n" + wire
    if answer.pace == "once":
        conn.sendall(data)
    elif answer.pace == "drip":  # a few bytes at a time, for about a second at most
        step = max(1, len(data) // 20)
        for i in range(0, len(data), step):
            conn.sendall(data[i : i + step])
            time.sleep(0.05)
    elif answer.pace == "hang":  # the head, then nothing: the request timeout must act
        conn.sendall(data[: len(head) + 2])
        time.sleep(SCAN_TIMEOUT + 2)
    elif answer.pace == "reset":  # half the answer, then a reset
        conn.sendall(data[: len(data) // 2])
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


BOMB = gzip.compress(b"\0" * (16 * 1024 * 1024))  # 16 MiB of zeros in about 16 KB


def _deep(n: int, kind: str) -> bytes:
    if kind == "array":
        return b"[" * n + b"]" * n
    if kind == "object":
        return b'{"error":' * n + b"1" + b"}" * n
    return b'{"error": {"message": ' + b"[" * n + b"]" * n + b"}}"


INVISIBLE = "\u202e\u200b\u2066\u2069\u200f\u061c\ufeff\x1b[2J\x85"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip
error_bodies = st.builds(
    lambda message, code, extra: json.dumps(
        {"error": {"message": message, "code": code, "details": extra}}, ensure_ascii=False
    ).encode("utf-8", "surrogatepass"),
    st.sampled_from([f"Incorrect API key provided: {f}{INVISIBLE}" for f in _forms(KEY)])
    | st.text(max_size=80),
    st.sampled_from(["invalid_api_key", "unsupported_country_region_territory", INVISIBLE])
    | st.none(),
    json_values,
)
bodies = st.one_of(
    st.builds(_deep, st.integers(60, 20000), st.sampled_from(["array", "object", "message"])),
    st.integers(200_000, 2_000_000).map(lambda n: b'{"data": ["' + b"a" * n + b'"]}'),
    st.binary(max_size=4096),
    error_bodies,
    json_values.map(lambda v: json.dumps(v).encode()),
    st.just(b'{"object": "list", "data": [{"id": "m"}]}'),
    st.just(f"<html><title>{INVISIBLE} {KEY}</title></html>".encode()),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
header_values = st.sampled_from(
    ["application/json", "text/html", "text/plain", "", "application/json; charset=utf-16",
     "text/html; charset=gbk", INVISIBLE, f"Bearer {KEY}", "999999999", "http://evil.test/"]
)  # fmt: skip
header_names = st.sampled_from(
    ["content-type", "retry-after", "location", "x-amzn-errortype", "www-authenticate",
     "x-request-id", "set-cookie", "server"]
)  # fmt: skip
answers = st.builds(
    Answer,
    status=st.sampled_from([200, 204, 301, 302, 400, 401, 403, 404, 429, 451, 500, 503])
    | st.integers(100, 599),
    headers=st.lists(st.tuples(header_names, header_values), max_size=4),
    body=bodies,
    encoding=st.sampled_from(
        [
            "none",
            "gzip",
            "deflate",
            "br",
            "zstd",
            "x-garbage",
            "gzip-real",
            "deflate-real",
            "gzip-bomb",
            "gzip, gzip",
        ]
    ),
    framing=st.sampled_from(
        ["length", "short-length", "long-length", "chunked", "bad-chunked", "close"]
    ),
    pace=st.sampled_from(["once", "once", "once", "drip", "hang", "reset"]),
    echo=st.booleans(),
)


class Shared:
    """The servers and files every example uses; the hostile server's answer is per example."""

    def __init__(self, root: Path, hostile: RawServer, good: Emulator) -> None:
        self.root = root
        self.answer = Answer()
        self.lock = threading.Lock()
        self.registry = root / "providers.yaml"
        entries = [
            provider_entry("hostile", "openai", hostile.url + "/v1", ["m"], env="HOSTILE_KEY"),
            provider_entry("good", "openai", good.base_url, ["m"], env="GOOD_KEY"),
        ]
        for entry in entries:
            entry["list_models"] = True
        self.registry.write_text(yaml.safe_dump({"version": 1, "providers": entries}))
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.upper().endswith("_PROXY") and not k.startswith("SSL_")
        }
        self.env.update(
            PYTHONPATH=str(REPO),
            XDG_DATA_HOME=str(root / "xdg"),
            HOSTILE_KEY=KEY,
            GOOD_KEY=GOOD_KEY,
            NO_COLOR="1",
        )
        self.overhead = 0.0

    def behave(self, conn: socket.socket) -> None:
        with self.lock:
            answer = self.answer
        serve(answer, conn)

    def scan(self, out: Path) -> tuple[subprocess.CompletedProcess[str], float]:
        outputs = [a for ext in (".json", ".md", ".html", ".prom", ".xml", ".txt")
                   for a in ("-o", str(out / f"scan{ext}"))]  # fmt: skip
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "accesscheck", "--debug", "scan", "-r", str(self.registry),
             "--deep", "--no-history", "--timeout", str(TIMEOUT), "--scan-timeout",
             str(SCAN_TIMEOUT), "--format", "json", *outputs],
            capture_output=True, text=True, env=self.env, cwd=self.root, timeout=60, check=False,
        )  # fmt: skip
        return done, time.monotonic() - started


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    root = tmp_path_factory.mktemp("hostile")
    holder: list[Shared] = []
    good = Emulator("openai", key=GOOD_KEY, scenario=Scenario(models={"m": OK}))
    with RawServer(lambda conn: holder[0].behave(conn), read_request=False) as hostile, good:
        holder.append(Shared(root, hostile, good))
        state = holder[0]
        # What starting Python and importing everything costs here (2 cores, shared): the
        # deadline is checked on the scan's own time, not on the machine's load.
        state.answer = Answer(body=b'{"object": "list", "data": [{"id": "m"}]}')
        out = root / "calibrate"
        out.mkdir()
        state.overhead = max(state.scan(out)[1] for _ in range(2))
        yield state


def _check(
    done: subprocess.CompletedProcess[str], elapsed: float, out: Path, shared: Shared
) -> None:
    assert done.returncode != 70, done.stderr[-2000:]
    assert done.returncode in (0, 1, 3), done.stderr[-2000:]
    report = json.loads(done.stdout)
    # the scan's own clock keeps the deadline to the second; the process as a whole adds no
    # more than its start-up and an instant scan cost on this machine (twice, for load)
    assert report["duration_ms"] / 1000 < SCAN_TIMEOUT + 1, report["duration_ms"]
    assert elapsed < SCAN_TIMEOUT + 1 + 2 * shared.overhead, (elapsed, shared.overhead)
    texts = {"stdout": done.stdout, "stderr": done.stderr}
    texts.update({p.name: p.read_text(errors="replace") for p in out.iterdir()})
    for where, text in texts.items():
        for form in _forms(KEY) + _forms(GOOD_KEY):
            assert form not in text, f"a key leaked into {where}"
        assert not any(c in text for c in "\u202e\u2066\u200b\x1b"), where
    refs = {r["ref"]: r for r in report["results"]}
    assert set(refs) == {"hostile/m", "good/m"}
    assert refs["good/m"]["status"] == "reachable", refs["good/m"]


@HOSTILE
@given(answer=answers)
def test_no_answer_breaks_the_scan(shared: Shared, answer: Answer) -> None:
    _scan_once(shared, answer)


def test_the_generated_answers_cover_the_issue(shared: Shared) -> None:
    """The cases the issue names, each once, whatever hypothesis happens to draw."""
    named: list[Answer] = [
        Answer(body=_deep(1000, "object")),
        Answer(status=401, body=b'{"error": {"message": "bad key"}}', echo=True, pace="drip"),
        Answer(status=403, body=_deep(5000, "message"), encoding="gzip", framing="chunked"),
        Answer(body=b"x" * 2_000_000, encoding="br"),
        Answer(body=b"", encoding="gzip-bomb"),
        Answer(body=b"\xff\xfe\x00binary", framing="bad-chunked"),
        Answer(status=429, pace="hang"),
    ]
    for answer in named:
        _scan_once(shared, answer)


def _scan_once(shared: Shared, answer: Answer) -> None:
    """One real scan process against the server answering `answer`, every promise checked."""
    with shared.lock:
        shared.answer = answer
    out = shared.root / f"out-{secrets.token_hex(4)}"
    out.mkdir()
    done, elapsed = shared.scan(out)
    _check(done, elapsed, out, shared)
