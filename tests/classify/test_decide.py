"""The classifier against every corpus case (tests/corpus/) of the three dialects, and its
invariants."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from accesscheck.classify import read
from accesscheck.classify.decide import classify, classify_failure, with_registry
from accesscheck.classify.explain import explain_text
from accesscheck.classify.rules import FAMILIES, RULES, dialect_of_family
from accesscheck.classify.status import status_from_text
from accesscheck.model import STATUS_OF, Reason, Stage, Status
from accesscheck.observation import Failure, FailureName, Layer, Rung
from accesscheck.providers import DIALECTS
from tests.conftest import Runner

# In the repository, so a fresh clone tests on its own; tests/corpus/README.md says where from.
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "corpus.jsonl"
# corpus provider names → accesscheck provider ids
FAMILY_OF = {"azure_openai": "azure-openai", "vertex_ai": "vertex"}

# tests/corpus/README.md: corpus label → the verdicts it may read as.
EXPECTED: dict[str, set[tuple[str, str]]] = {
    "reachable": {("reachable", "ok"), ("reachable", "listed")},
    "restricted": {("restricted", "geo_blocked")},
    "gated": {
        ("gated", "not_entitled"),
        ("gated", "verification_required"),
        ("gated", "dedicated_only"),
    },
    "quota": {("gated", "quota_exhausted")},
    "rate_limited": {("reachable", "rate_limited")},
    "auth": {("unknown", "auth_invalid"), ("unknown", "account_disabled")},
    "not_found": {("unavailable", "not_found"), ("unavailable", "retired")},
    "provider_error": {("unknown", "provider_error")},
}


def corpus_cases() -> list[Any]:
    # No skip when the file is missing: a corpus that went away must fail the run, and at
    # import time a skip would stop the whole collection.
    cases = []
    for line in CORPUS.read_text().splitlines():
        case = json.loads(line)
        cases.append(
            pytest.param(case, id=f"{case['case_id']}-{case['provider']}-{case['expected']}")
        )
    return cases


# Where a corpus label needs a finer reading than tests/corpus/README.md's default.
OVERRIDES = {
    # Azure "Public access is disabled": a network ACL on the resource, refused for this
    # network rather than this country (TabularEditor/TabularEditor3#1557).
    "c102": {("restricted", "network_blocked")},
}


def family(case: dict[str, Any]) -> str:
    return FAMILY_OF.get(case["provider"], case["provider"])


def expected_for(case: dict[str, Any]) -> set[tuple[str, str]]:
    if case["case_id"] in OVERRIDES:
        return OVERRIDES[case["case_id"]]
    if case.get("subclass") == "network_blocked":
        return {("restricted", "network_blocked")}
    return EXPECTED[case["expected"]]


@pytest.mark.parametrize("case", corpus_cases())
def test_every_corpus_case(case: dict[str, Any]) -> None:
    endpoint = {"list": "list", "get": "get", "generate": "generate"}[case["endpoint"]]
    who = family(case)
    result = explain_text(
        case["body"],
        family=who,
        dialect=dialect_of_family(who),
        status=case["status"],
        endpoint=endpoint,
    )
    verdict = result.verdict
    assert (verdict.status.value, verdict.reason.value) in expected_for(case), (
        verdict.rule,
        verdict.detail,
    )
    assert verdict.detail


@pytest.mark.parametrize("case", corpus_cases())
def test_every_corpus_case_through_the_cli(run: Runner, case: dict[str, Any]) -> None:
    result = run(
        "explain",
        "--provider",
        family(case),
        "--status",
        str(case["status"]),
        "--endpoint",
        case["endpoint"],
        "--format",
        "json",
        stdin=case["body"],
    )
    assert result.code == 0
    doc = json.loads(result.out)
    assert (doc["status"], doc["reason"]) in expected_for(case)


def test_corpus_is_read_whole() -> None:
    families = {family(case.values[0]) for case in corpus_cases()}  # type: ignore[index]
    assert families <= FAMILIES
    assert len(corpus_cases()) == len(CORPUS.read_text().splitlines())
    # each case keeps the public report it was taken from, and its id is unique
    cases = [case.values[0] for case in corpus_cases()]  # type: ignore[attr-defined]
    assert all(case["source"].strip() for case in cases)
    assert len({case["case_id"] for case in cases}) == len(cases)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Error code: 404 - {'error': {'message': 'x'}}", 404),
        ("404 Your organization must be verified to use the model `o3`.", 404),
        ("429 You exceeded your current quota", 429),
        ('Error: 400 {"type":"error"}', 400),
        ("'[API Error: got status: UNAVAILABLE. {...}]'", None),
        ('{"error": {"code": 400}}', None),
        ("Request failed with status code 401 and body {}", 401),
        # issue #15: the other forms people paste (corpus cases-2026-12.jsonl)
        ("Model: x\nProvider: xAI\nStatus Code: 429\n", 429),  # Continue's error report
        ("HTTP 429:余额不足或无可用资源包,请充值。", 429),  # openclaw-cn
        ("Groq key validation failed (HTTP 403): Forbidden", 403),
        ("[GIN] 2024/02/09 - 09:21:34 | 403 |      14.458µs | 172.19.0.1 | POST", 403),
        ("Response:  &{429 Too Many Requests 429 HTTP/2.0 2 0 map[]}", 429),  # Go dump
        ("Reason: [401] API Key 错误", 401),
        ("API error: Error code: 403 - {'code': 30011}", 403),
        ("user [3446] quota [-20847155] is not enough (2056)", None),  # numbers, no status
    ],
)
def test_status_read_from_pasted_lines(text: str, status: int | None) -> None:
    assert status_from_text(text) == status


def test_explain_reads_the_status_from_an_sdk_line() -> None:
    line = (
        "Error code: 403 - {'error': {'message': 'Project `proj_x` does not have access to model `gpt-4o`', "
        "'type': 'invalid_request_error', 'param': None, 'code': 'model_not_found'}}"
    )
    result = explain_text(line, family="openai", dialect="openai", status=None, endpoint="generate")
    assert result.http_status == 403
    assert (result.verdict.status, result.verdict.reason) == (Status.GATED, Reason.NOT_ENTITLED)


def test_status_alone_never_decides() -> None:
    # The same 403 means a geo-block at OpenAI and a plain permission problem elsewhere.
    geo = read.read(
        '{"error":{"code":"unsupported_country_region_territory","type":"request_forbidden"}}', 403
    )
    other = read.read('{"error":{"code":"something_else","message":"no"}}', 403)
    assert (
        classify(geo, Rung.INVOKE, family="openai", dialect="openai").reason is Reason.GEO_BLOCKED
    )
    assert (
        classify(other, Rung.INVOKE, family="openai", dialect="openai").reason
        is Reason.NOT_ENTITLED
    )
    # Gemini's geo-block is a 400, the same status as a bad key.
    gemini_geo = read.read(
        '{"error":{"code":400,"message":"User location is not supported for the API use.",'
        '"status":"FAILED_PRECONDITION"}}',
        400,
    )
    assert (
        classify(gemini_geo, Rung.LIST, family="gemini", dialect="gemini").reason
        is Reason.GEO_BLOCKED
    )


@pytest.mark.parametrize("status", [200, 204, 401, 403, 404, 429, 500, 511])
def test_html_is_never_reachable(status: int) -> None:
    facts = read.read(
        "<html><head><title>Login</title></head><body>portal</body></html>", status, "text/html"
    )
    verdict = classify(facts, Rung.INVOKE, family="openai", dialect="openai")
    assert verdict.status is not Status.REACHABLE


def test_overload_is_not_a_rate_limit() -> None:
    for body, status, dialect in [
        (
            '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
            529,
            "anthropic",
        ),
        (
            '{"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}',
            503,
            "gemini",
        ),
    ]:
        assert (
            classify(read.read(body, status), Rung.INVOKE, family=dialect, dialect=dialect).reason
            is Reason.PROVIDER_ERROR
        )


def test_ambiguous_answers_use_the_other_evidence() -> None:
    facts = read.read(
        '{"type":"error","error":{"type":"not_found_error","message":"model: claude-x"}}', 404
    )
    verdict = classify(facts, Rung.INVOKE, family="anthropic", dialect="anthropic")
    assert verdict.ambiguous and verdict.reason is Reason.NOT_FOUND
    ga = {"stage": Stage.GA, "limited_to": None}
    assert with_registry(verdict, listed=True, **ga).reason is Reason.NOT_ENTITLED
    kept = with_registry(verdict, listed=False, **ga)
    assert kept.reason is Reason.NOT_FOUND and "not in this key's list" in kept.detail


@pytest.mark.parametrize(
    ("stage", "status", "reason", "note"),
    [
        (Stage.WITHDRAWN, Status.UNAVAILABLE, Reason.WITHDRAWN, "withdrawn for everyone"),
        (Stage.RETIRED, Status.UNAVAILABLE, Reason.RETIRED, "retired"),
        (
            Stage.LIMITED,
            Status.GATED,
            Reason.NOT_ENTITLED,
            "limited (registry): vetted partners only",
        ),
        (Stage.GA, Status.UNAVAILABLE, Reason.NOT_FOUND, "[ambiguous answer]"),
    ],
)
def test_registry_lifecycle_feeds_the_verdict(
    stage: Stage, status: Status, reason: Reason, note: str
) -> None:
    facts = read.read(
        '{"type":"error","error":{"type":"not_found_error","message":"model: claude-fable-5"}}', 404
    )
    verdict = classify(facts, Rung.INVOKE, family="anthropic", dialect="anthropic")
    decided = with_registry(verdict, listed=None, stage=stage, limited_to="vetted partners only")
    assert (decided.status, decided.reason) == (status, reason)
    assert note in decided.detail


def test_limited_model_refused_outright_gets_the_registry_note() -> None:
    facts = read.read("403 Project `proj_x` does not have access to model `gpt-5.6-sol`", 403)
    verdict = classify(facts, Rung.INVOKE, family="openai", dialect="openai")
    decided = with_registry(
        verdict, listed=True, stage=Stage.LIMITED, limited_to="about 20 US partners"
    )
    assert decided.reason is Reason.NOT_ENTITLED and decided.detail.endswith(
        "limited (registry): about 20 US partners"
    )


@pytest.mark.parametrize(
    ("name", "layer", "others", "loopback", "expected"),
    [
        (
            FailureName.TCP_REFUSED,
            Layer.TCP,
            True,
            False,
            (Status.RESTRICTED, Reason.NETWORK_BLOCKED),
        ),
        (
            FailureName.TLS_HANDSHAKE_RESET,
            Layer.TLS,
            True,
            False,
            (Status.RESTRICTED, Reason.NETWORK_BLOCKED),
        ),
        (
            FailureName.DNS_NXDOMAIN,
            Layer.DNS,
            False,
            False,
            (Status.UNKNOWN, Reason.LOCAL_NETWORK_DOWN),
        ),
        (FailureName.TCP_REFUSED, Layer.TCP, True, True, (Status.UNKNOWN, Reason.PROVIDER_ERROR)),
        (FailureName.DEADLINE_EXCEEDED, Layer.HTTP, True, False, (Status.UNKNOWN, Reason.TIMEOUT)),
        (
            FailureName.TLS_UNTRUSTED_CA,
            Layer.TLS,
            True,
            False,
            (Status.UNKNOWN, Reason.UNEXPECTED_RESPONSE),
        ),
        (
            FailureName.HTTP_REDIRECT,
            Layer.HTTP,
            True,
            False,
            (Status.UNKNOWN, Reason.UNEXPECTED_RESPONSE),
        ),
    ],
)
def test_transport_failures(
    name: FailureName, layer: Layer, others: bool, loopback: bool, expected: tuple[Status, Reason]
) -> None:
    verdict = classify_failure(Failure(name, layer, "x"), others_answered=others, loopback=loopback)
    assert (verdict.status, verdict.reason) == expected
    assert name.value in verdict.detail


def test_every_reason_has_one_status_and_every_rule_is_sourced() -> None:
    assert set(STATUS_OF) == set(Reason)
    for rule in RULES:
        assert rule.source and rule.explain, rule.name
        assert not rule.dialects or rule.dialects <= set(DIALECTS) | {"cohere", "ollama"}, rule.name
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


def test_cli_explain_json(run: Runner, tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text("{'error': {'type': 'forbidden', 'message': 'Request not allowed'}}")
    result = run(
        "explain",
        "--provider",
        "anthropic",
        "--status",
        "403",
        "--body-file",
        str(body),
        "--format",
        "json",
    )
    assert result.code == 0
    doc = json.loads(result.out)
    assert set(doc) >= {"status", "reason", "detail", "remedy"}
    assert (doc["status"], doc["reason"]) == ("restricted", "geo_blocked")
    assert "anthropic.com/supported-countries" in doc["remedy"]


def test_cli_explain_from_stdin_as_text(run: Runner) -> None:
    line = "404 Your organization must be verified to use the model `o3`. Please go to: https://x"
    result = run("explain", "--provider", "openai", stdin=line)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "gated/verification_required"
    assert lines[-1].startswith("next step: verify your organisation")


def test_cli_explain_html_page(run: Runner) -> None:
    page = "<html><head><title>Attention Required! | Cloudflare</title></head><body>blocked</body></html>"
    result = run("explain", "--provider", "openai", "--status", "403", stdin=page)
    assert result.out.splitlines()[0] == "restricted/geo_blocked"


def test_cli_explain_unknown_provider_is_read_generically(run: Runner) -> None:
    """Issue #15: a provider name accesscheck does not know is a weaker hint, not an error:
    the answer is read with the generic OpenAI-compatible rules and says so (and a typo is
    named)."""
    body = '{"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}}'
    result = run("explain", "--provider", "opnai", stdin=body)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "unknown/auth_invalid"
    assert any(
        "generic OpenAI-compatible" in line and "did you mean 'openai'?" in line for line in lines
    )


def test_openrouter_unwraps_the_upstream_error() -> None:
    # OpenRouter's documented envelope (FACTS.md §2.14, OpenRouterTeam/openrouter-examples#18)
    # around OpenAI's geo-block body (corpus c000).
    upstream = (
        '{"error":{"code":"unsupported_country_region_territory","message":"Country, region, or territory '
        'not supported","param":null,"type":"request_forbidden"}}'
    )
    body = json.dumps(
        {
            "error": {
                "message": "Provider returned error",
                "code": 403,
                "metadata": {"raw": upstream, "provider_name": "OpenAI"},
            }
        }
    )
    verdict = explain_text(
        body, family="openrouter", dialect="openai", status=403, endpoint="generate"
    ).verdict
    assert (verdict.status, verdict.reason) == (Status.RESTRICTED, Reason.GEO_BLOCKED)
    assert verdict.rule == "openrouter-upstream:openai-geo"
    assert verdict.detail.startswith(
        "OpenRouter relayed an error from OpenAI: OpenAI does not serve"
    )


def test_aws_error_type_comes_from_the_header_or_the_text() -> None:
    header = {
        "x-amzn-errortype": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"
    }
    # Bedrock sends ThrottlingException with 429 (the Bedrock Runtime API reference); a throttle
    # with another status is no evidence of reachability (README, the vocabulary)
    facts = read.read(
        '{"message":"Too many requests, please wait before trying again."}', 429, "", header
    )
    assert facts.code == "ThrottlingException"
    verdict = classify(facts, Rung.INVOKE, family="bedrock", dialect="bedrock")
    assert verdict.reason is Reason.RATE_LIMITED
    text = "botocore.errorfactory.AccessDeniedException: An error occurred (AccessDeniedException)"
    assert read.read(text, 403).code == "AccessDeniedException"


def test_aws_missing_credentials_is_a_missing_key() -> None:
    facts = read.read('{"Message":"Authorization header is missing"}', 403)
    verdict = classify(facts, Rung.KEYLESS, family="bedrock", dialect="bedrock")
    assert (verdict.reason, verdict.rule) == (Reason.AUTH_INVALID, "aws-missing-credentials")


ISSUE_3_IDS = ["openai", "anthropic", "gemini", "mistral", "deepseek", "xai", "groq", "together", "fireworks",
               "openrouter", "perplexity", "moonshot", "zhipu", "dashscope", "minimax", "qihoo360", "sakana", "vllm",
               "cohere", "azure-openai", "bedrock", "vertex", "ollama"]  # fmt: skip


@pytest.mark.parametrize("provider", ISSUE_3_IDS)
def test_explain_accepts_every_provider(run: Runner, provider: str) -> None:
    result = run("explain", "--provider", provider, "--status", "401", "--format", "json",
                 stdin='{"error":{"message":"Invalid API key"}}')  # fmt: skip
    assert result.code == 0
    assert json.loads(result.out)["reason"] == "auth_invalid"


# Connection failures pasted from logs, each the exact message its library emits (sources in
# accesscheck/classify/rules.py): the user's own network or a timeout, never `restricted` — except the
# signatures of a block on the route (a torn TLS handshake, a connect timeout: corpus c140,
# c141, c143), which stay `restricted/network_blocked`.
HERE = ("unknown", "local_network_down")
PASTED_FAILURES = [
    ("openai.APIConnectionError: Connection error.", HERE),  # openai-python
    ("anthropic.APIConnectionError: Connection error.", HERE),  # anthropic-sdk-python
    ("Name or service not known", HERE),  # glibc EAI_NONAME
    ("socket.gaierror: [Errno -3] Temporary failure in name resolution", HERE),  # glibc EAI_AGAIN
    ("socket.gaierror: [Errno 11001] getaddrinfo failed", HERE),  # CPython on Windows
    ("httpx.ConnectError: [Errno -2] Name or service not known", HERE),  # httpx over glibc
    ("httpx.ConnectError: All connection attempts failed", HERE),  # httpx over anyio
    ("ConnectionRefusedError: [Errno 111] Connection refused", HERE),  # strerror(ECONNREFUSED)
    ("Error: getaddrinfo ENOTFOUND api.openai.com", HERE),  # Node
    ("socket.gaierror: [Errno 8] nodename nor servname provided, or not known", HERE),  # macOS
    ("timed out", ("unknown", "timeout")),  # CPython socket.timeout
    ("openai.APITimeoutError: Request timed out.", ("unknown", "timeout")),  # openai-python
    ("httpx.ConnectTimeout: timed out", ("restricted", "network_blocked")),  # dropped connect
]


@pytest.mark.parametrize(("text", "verdict"), PASTED_FAILURES)
def test_pasted_connection_failures(run: Runner, text: str, verdict: tuple[str, str]) -> None:
    result = run("explain", "--provider", "openai", text)  # the error as an argument
    assert result.code == 0, result.err
    assert tuple(result.out.splitlines()[0].split("/")) == verdict


def test_explain_reads_an_argument_a_file_or_stdin(run: Runner, tmp_path: Path) -> None:
    text = "openai.APIConnectionError: Connection error."
    body = tmp_path / "error.txt"
    body.write_text(text)
    for args, stdin in (([text], None), (["--body-file", str(body)], None), ([], text)):
        result = run("explain", "-p", "openai", *args, stdin=stdin)
        assert result.code == 0 and result.out.startswith("unknown/local_network_down\n")
    both = run("explain", "-p", "openai", text, "--body-file", str(body))
    assert both.code == 2 and both.err.count("\n") == 1 and "not both" in both.err


@pytest.mark.parametrize("source", ["stdin", "argument", "file"])
def test_explain_empty_input_is_a_usage_error(run: Runner, tmp_path: Path, source: str) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n")
    args = {"stdin": [], "argument": [" "], "file": ["--body-file", str(empty)]}[source]
    result = run("explain", "-p", "openai", *args, stdin="" if source == "stdin" else None)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("accesscheck: error: ") and "nothing to explain" in result.err
    assert result.err.count("\n") == 1


class _Terminal(io.TextIOWrapper):
    """stdin as a terminal: the user types (or pastes) and ends with Ctrl-D."""

    def isatty(self) -> bool:
        return True


def test_explain_on_a_terminal_says_what_to_paste(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(io.BytesIO(b"Connection refused\n")))
    result = run("explain", "-p", "openai")
    assert result.code == 0 and result.out.startswith("unknown/local_network_down\n")
    assert result.err == (
        "Paste the error message or response body, then press Ctrl-D on an empty line:\n"
    )
    monkeypatch.setattr(sys, "stdin", _Terminal(io.BytesIO(b"")))
    nothing = run("explain", "-p", "openai")  # Ctrl-D straight away
    assert nothing.code == 2 and "Ctrl-D" in nothing.err and "nothing to explain" in nothing.err


def test_explain_on_a_windows_terminal_says_ctrl_z(
    run: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "stdin", _Terminal(io.BytesIO(b"getaddrinfo failed\r\n")))
    result = run("explain", "-p", "openai")
    assert "press Ctrl-Z then Enter:" in result.err and result.code == 0
