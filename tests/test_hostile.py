"""Hostile inputs (issue #11): whatever a server, a report file or a pasted answer holds, a
failed parse is data. No input ends the scan with an internal error (exit 70) or loses the
other providers' results."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from accesscheck.classify import read
from accesscheck.errors import EXIT_INTERNAL
from accesscheck.probe import ladder
from tests.classify.test_fuzz import FUZZ
from tests.conftest import Providers, Runner
from tests.emulator.raw import RawServer, http_answer

# 10 KB of nesting, as in the issue: json.loads raised RecursionError on it.
DEEP_ARRAY = "[" * 5000 + "]" * 5000
DEEP_OBJECT = '{"data":' * 1000 + "1" + "}" * 1000


def serve(body: bytes, status: str = "200 OK", content_type: str = "application/json") -> RawServer:
    """A server that answers every request with this body."""
    headers = {"content-type": content_type, "content-length": str(len(body))}
    answer = http_answer(status, {**headers, "connection": "close"}, body)
    return RawServer(lambda conn: conn.sendall(answer))


@pytest.mark.parametrize(
    "text",
    [
        DEEP_ARRAY,
        DEEP_OBJECT,
        b"\xff\xfe\x00{" + b"\xd8" * 9,  # not decodable
        '{"a": NaN}',  # Python's extension, not JSON
        '{"n": ' + "9" * 5000 + "}",  # past Python's int-digits limit
        "{" * 100_000,
        "",
    ],
    ids=["deep-array", "deep-object", "undecodable", "nan", "digits", "unclosed", "empty"],
)
def test_the_json_reader_never_raises(text: str | bytes) -> None:
    assert read.load_json(text) is None


def test_the_json_reader_bounds_depth_and_size() -> None:
    ok = "[" * read.MAX_JSON_DEPTH + "]" * read.MAX_JSON_DEPTH
    assert read.load_json(ok) is not None
    assert read.load_json("[" + ok + "]") is None
    assert read.load_json('{"a": 1}', limit=7) is None
    assert read.load_json('{"a": 1}', limit=8) == {"a": 1}


@pytest.mark.parametrize(
    "body",
    [
        DEEP_ARRAY,
        DEEP_OBJECT,
        "{'a': " * 150 + "1" + "}" * 150,  # a Python repr below the parser's own nesting limit
        '{"error": {"details": [{"violations": 5}]}}',
        '{"error": {"details": [{"reason": ["x"]}], "code": {"a": 1}}}',
    ],
    ids=["deep-array", "deep-object", "deep-repr", "violations-int", "odd-types"],
)
def test_reading_any_body_never_raises(body: str) -> None:
    facts = read.read(body, 400, "application/json")
    assert facts.http_status == 400


@pytest.fixture
def deep_server() -> Iterator[RawServer]:
    with serve(DEEP_OBJECT.encode()) as server:
        yield server


def _raw_entry(pid: str, url: str) -> dict[str, object]:
    return {
        "id": pid,
        "name": pid.title(),
        "api": "openai",
        "base_url": url + "/v1",
        "auth": {"env": f"{pid.upper()}_API_KEY"},
        "hq": "US",
        "models": [{"id": "m"}],
    }


def test_a_deeply_nested_body_is_that_providers_unknown_not_the_end_of_the_scan(
    run: Runner, providers: Providers, deep_server: RawServer, tmp_path: Path
) -> None:
    providers.add("mistral")
    providers.entries.append(_raw_entry("deep", deep_server.url))
    providers.env["DEEP_API_KEY"] = "k" * 32
    out = tmp_path / "scan.json"
    code, results, _ = providers.scan(run, "-o", str(out))
    assert code != EXIT_INTERNAL
    assert results["mistral/mistral-large-4"]["status"] == "reachable"
    assert results["deep/m"]["status"] == "unknown"
    assert json.loads(out.read_text())["results"]


def test_one_providers_bug_leaves_the_others_results(
    run: Runner, providers: Providers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stage guard: any exception out of one provider's climb is that provider's
    `unknown` with the failure internal_error; the others' results stand."""
    real = ladder._Climb._from_list

    def broken(self: ladder._Climb, listing: object) -> None:
        if self.provider.id == "deepseek":
            raise RuntimeError("a bug")
        real(self, listing)  # type: ignore[arg-type]

    monkeypatch.setattr(ladder._Climb, "_from_list", broken)
    providers.add("mistral")
    providers.add("deepseek")
    code, results, _ = providers.scan(run)
    assert code != EXIT_INTERNAL
    assert results["mistral/mistral-large-4"]["status"] == "reachable"
    broke = results["deepseek/deepseek-v4-pro"]
    assert (broke["status"], broke["rule"]) == ("unknown", "internal-error")
    assert broke["failure"]["name"] == "internal_error"


def test_discover_survives_one_providers_bug(
    run: Runner, providers: Providers, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: ladder._Climb) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(ladder._Climb, "discover", broken)
    providers.add("mistral")
    from tests.conftest import write_registry

    path = write_registry(providers.tmp_path / "p.yaml", providers.entries)
    result = run("discover", "--registry", str(path), "--format", "json", env=providers.env)
    assert result.code != EXIT_INTERNAL
    assert "(RuntimeError): a bug" in result.out


@pytest.mark.parametrize("command", ["baseline", "diff", "merge", "export"])
def test_a_deeply_nested_report_file_is_one_line_exit_2(
    run: Runner, tmp_path: Path, command: str
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"schema_version": 1, "results": ' + DEEP_ARRAY + "}")
    args = {
        "baseline": ["scan", "--registry", str(tmp_path / "none.yaml"), "--baseline", str(deep)],
        "diff": ["diff", str(deep), str(deep)],
        "merge": ["merge", str(deep), str(deep)],
        "export": ["export", "env", "--report", str(deep)],
    }[command]
    if command == "baseline":
        (tmp_path / "none.yaml").write_text("version: 1\nproviders: []\n")
    result = run(*args)
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1 and str(deep) in result.err


def test_explain_reads_a_deeply_nested_paste(run: Runner) -> None:
    result = run("explain", "--provider", "openai", "--status", "400", stdin=DEEP_OBJECT)
    assert result.code == 0, result.err


# ---------------------------------------------------------------- dates and countries


def _registry_with(tmp_path: Path, change: str) -> Path:
    """A one-provider registry with one field set to a bad value, by dotted place."""
    model: dict[str, object] = {"id": "m"}
    provider: dict[str, object] = {
        "id": "local",
        "name": "Local",
        "api": "openai",
        "base_url": "http://127.0.0.1:9/v1",
        "models": [model],
    }
    doc: dict[str, object] = {"version": 1, "providers": [provider]}
    countries = {"source": "https://example.com", "checked": "2026-01-01", "served": ["US"]}
    places: dict[str, tuple[dict[str, object], str, object]] = {
        "until": (doc, "allow", [{"ref": "local/m", "status": "gated", "until": "2025-02-30",
                                  "reason": "r"}]),
        "checked": (provider, "checked", "2024-99-99"),
        "model.checked": (model, "checked", "2024-13-01"),
        "shutdown": (model, "shutdown", "2026-02-29"),
        "events": (model, "events", [{"date": "2026-04-31", "what": "w", "source": "s"}]),
        "countries.checked": (provider, "countries", {**countries, "checked": "2026-00-10"}),
        "hq": (provider, "hq", "ZZ"),
        "served": (provider, "countries", {**countries, "served": ["US", "UK"]}),
        "not_served": (provider, "countries", {**countries, "not_served": ["XX"]}),
        "labs.hq": (doc, "labs", [{"id": "meta", "name": "Meta", "hq": "QQ"}]),
    }  # fmt: skip
    target, field, value = places[change]
    target[field] = value
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


@pytest.mark.parametrize(
    "change",
    ["until", "checked", "model.checked", "shutdown", "events", "countries.checked", "hq",
     "served", "not_served", "labs.hq"],
)  # fmt: skip
def test_registry_dates_and_countries_are_validated(
    run: Runner, tmp_path: Path, change: str
) -> None:
    path = _registry_with(tmp_path, change)
    result = run("scan", "--registry", str(path), "--no-history", "--timeout", "1")
    assert result.code == 2, result.err
    line = result.err.strip()
    assert "\n" not in line and re.search(rf"{re.escape(str(path))}:\d+:\d+: \S+: is not", line)
    assert ("calendar date" in line) or ("ISO 3166-1" in line), line


def test_a_real_leap_day_and_real_countries_pass(tmp_path: Path) -> None:
    from accesscheck import registry

    path = _registry_with(tmp_path, "hq")
    path.write_text(
        path.read_text()
        .replace("ZZ", "JP")
        .replace("- id: m", "- id: m\n    shutdown: '2028-02-29'")
    )
    assert registry.load(path).providers[0].hq == "JP"


@pytest.mark.parametrize(
    "args",
    [
        ["--allow", "local/m:gated:2025-02-30"],
        ["--allow", "local/m:gated:20250101"],
        ["--allow", "local/m:gated:2025-W01-1"],
        ["--country", "ZZ"],
        ["--country", "UK"],
    ],
)
def test_command_line_dates_and_countries_are_validated(
    run: Runner, tmp_path: Path, args: list[str]
) -> None:
    path = _registry_with(tmp_path, "hq")
    path.write_text(path.read_text().replace("ZZ", "US"))
    result = run("scan", "--registry", str(path), "--no-history", "--timeout", "1", *args)
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1 and args[0] in result.err


# ---------------------------------------------------------------- what a parsed body may hold

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(
        st.sampled_from(["data", "models", "id", "name", "error", "details", "violations",
                         "next_page", "nextPageToken", "has_more", "last_id", "lifecycle",
                         "authorizationStatus", "agreementAvailability", "status", "message",
                         "regionAvailability", "limit_remaining", "is_available", "code"])
        | st.text(max_size=6),
        inner,
        max_size=6,
    ),
    max_leaves=30,
)  # fmt: skip


@FUZZ
@given(data=json_values)
def test_every_reader_of_parsed_json_takes_anything(data: object) -> None:
    """Whatever JSON an answer holds, the dialects' list and check readers, the account checks
    and the classifier's reader return data: they never raise."""
    from accesscheck.providers import DIALECTS
    from accesscheck.providers.base import ACCOUNT_CHECKS

    for dialect in DIALECTS.values():
        dialect.parse_list(data)
        dialect.read_model_check(data)
    for _request, interpret in ACCOUNT_CHECKS.values():
        interpret(data)
    text = json.dumps(data)
    assert read.read(text, 400, "application/json").http_status == 400
