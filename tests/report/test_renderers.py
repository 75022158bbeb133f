"""Output formats, checked against exact expected text."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from accesscheck import __version__
from accesscheck.model import ProviderOutcome, Reason, Report, Result, RungRecord, Status
from accesscheck.observation import Failure, FailureName, Layer, Rung, Timings
from accesscheck.report import EXTENSIONS, FORMATS, Format
from accesscheck.report import table as table_format
from tests.conftest import REPO

FAR_X = Result(
    "far/x",
    "far",
    "x",
    "X",
    Status.RESTRICTED,
    Reason.NETWORK_BLOCKED,
    Rung.NETWORK,
    "failure:tcp_refused",
    "unreachable from here [tcp_refused at tcp]",
    "try another network",
    None,
    None,
    3.0,
    Failure(FailureName.TCP_REFUSED, Layer.TCP, "connection refused"),
)
REPORT = Report(
    started_at="2026-11-27T17:00:00Z",
    duration_ms=1234.5,
    registry="builtin",
    results=(
        Result(
            "acme/big",
            "acme",
            "big",
            "Big",
            Status.REACHABLE,
            Reason.LISTED,
            Rung.LIST,
            "listed",
            "the model is in this key's model list (not proof it can be called)",
            "run with --deep to make one minimal call",
            200,
            None,
            41.0,
            None,
            True,
        ),
        Result(
            "acme/secret",
            "acme",
            "secret",
            "Secret",
            Status.GATED,
            Reason.NOT_ENTITLED,
            Rung.LIST,
            "not-listed",
            "not in this key's model list",
            "ask the provider for access",
            200,
            None,
            41.0,
        ),
        FAR_X,
        replace(FAR_X, ref="far/y", model="y", name="Y"),
    ),
    providers=(
        ProviderOutcome(
            "acme",
            "Acme AI",
            "openai",
            "https://api.acme.test/v1",
            "FR",
            ("ACME_KEY",),
            "ACME_KEY",
            True,
            True,
            Timings(1.0, 2.0, 3.0, 30.0, 41.0),
            (RungRecord(Rung.LIST, "GET", "/v1/models", 200, 41.0, "listed"),),
            0,
        ),
        ProviderOutcome(
            "far",
            "Far",
            "anthropic",
            "https://api.far.test",
            None,
            ("FAR_KEY",),
            None,
            False,
            False,
            Timings(dns_ms=1.0, total_ms=3.0),
            (),
            0,
            Failure(FailureName.TCP_REFUSED, Layer.TCP, "connection refused"),
        ),
    ),
    paid_calls=0,
    deep=False,
    exit_code=0,
)


def test_every_format_has_a_renderer() -> None:
    assert set(FORMATS) == set(Format)
    # every format can be asked for by a file name (the table by .txt)
    assert set(EXTENSIONS.values()) == set(Format)
    for renderer in FORMATS.values():
        assert renderer(REPORT, False)


def test_json_report_schema_v1() -> None:
    doc = json.loads(FORMATS[Format.JSON](REPORT, False))
    assert list(doc) == [
        "schema_version",
        "tool",
        "started_at",
        "duration_ms",
        "registry",
        "registry_age",
        "deep",
        "vantage",
        "results",
        "providers",
        "summary",
        "policy",
        "hedge",
        "exit_code",
    ]
    assert doc["schema_version"] == 1  # README: it changes only if the v1 promise is broken
    assert doc["vantage"] is None  # a report built without one
    assert doc["hedge"] == {"country": None, "coverage": [], "drift": []}
    assert doc["tool"] == {"name": "accesscheck", "version": __version__}
    assert doc["summary"] == {
        "total": 4,
        "reachable": 1,
        "restricted": 2,
        "gated": 1,
        "unavailable": 0,
        "unknown": 0,
        "paid_calls": 0,
        "policy_failures": [],
    }
    assert doc["results"][0] == {
        "ref": "acme/big",
        "provider": "acme",
        "model": "big",
        "name": "Big",
        "status": "reachable",
        "reason": "listed",
        "evidence": "list",
        "http_status": 200,
        "error_code": None,
        "detail": "the model is in this key's model list (not proof it can be called)",
        "remedy": "run with --deep to make one minimal call",
        "latency_ms": 41.0,
        "required": True,
        "rule": "listed",
        "failure": None,
        "substitutes": [],
    }
    assert doc["results"][2]["failure"] == {
        "name": "tcp_refused",
        "layer": "tcp",
        "detail": "connection refused",
    }
    assert doc["providers"][0] == {
        "id": "acme",
        "name": "Acme AI",
        "api": "openai",
        "base_url": "https://api.acme.test/v1",
        "custom_endpoint": False,
        "hq": "FR",
        "key_env": ["ACME_KEY"],
        "key_env_used": "ACME_KEY",
        "key_set": True,
        "network_answered": True,
        "failure": None,
        "timings": {
            "dns_ms": 1.0,
            "connect_ms": 2.0,
            "tls_ms": 3.0,
            "first_byte_ms": 30.0,
            "total_ms": 41.0,
        },
        "paid_calls": 0,
        "steps": [
            {
                "rung": "list",
                "model": None,
                "method": "GET",
                "path": "/v1/models",
                "http_status": 200,
                "latency_ms": 41.0,
                "rule": "listed",
                "failure": None,
            }
        ],
    }


GOLDEN = Path(__file__).parents[1] / "golden"


def test_table_text() -> None:
    # Reviewed by eye when it changes: tests/golden/table.txt is the exact expected text.
    verbose = table_format.render(REPORT, color=False, width=120, verbose=True)
    assert verbose == (GOLDEN / "table.txt").read_text()


def test_table_says_a_provider_wide_verdict_once() -> None:
    # Far's two models share one network verdict: one line for the provider, not a table of
    # identical rows (issue #11); --verbose keeps the rows (above).
    grouped = table_format.render(REPORT, color=False, width=120)
    assert grouped == (GOLDEN / "table-grouped.txt").read_text()
    markdown = FORMATS[Format.MARKDOWN](REPORT, False)
    assert (
        "\nAll 2 models: ✗ restricted network_blocked (network) — unreachable from here" in markdown
    )
    assert "| x |" not in markdown and "| secret | ⊘ gated |" in markdown


def test_table_in_colour_keeps_the_words() -> None:
    coloured = table_format.render(REPORT, color=True, width=120)
    assert "\x1b[" in coloured and "✓ reachable" in coloured


def test_readme_names_every_failure() -> None:
    from accesscheck.observation import FailureName

    readme = (REPO / "README.md").read_text()
    missing = [f.value for f in FailureName if f"`{f.value}`" not in readme]
    assert not missing, f"README.md does not document {missing}"


@pytest.mark.parametrize(
    "vocabulary", ["Status", "Reason", "Tier", "Capability", "ProviderKind", "DriftKind"]
)
def test_readme_names_every_value_of_the_contract_enums(vocabulary: str) -> None:
    from accesscheck import model

    readme = (REPO / "README.md").read_text()
    missing = [v.value for v in getattr(model, vocabulary) if f"`{v.value}`" not in readme]
    assert not missing, f"README.md does not document {vocabulary} {missing}"


def test_outage_headline_names_what_was_seen() -> None:
    from accesscheck.model import Reason

    def down(result: Result, failure: Failure) -> Result:
        return replace(
            result, status=Status.UNKNOWN, reason=Reason.LOCAL_NETWORK_DOWN, failure=failure
        )

    nxdomain = Failure(FailureName.DNS_NXDOMAIN, Layer.DNS, "the host name does not resolve")
    refused = Failure(FailureName.TCP_REFUSED, Layer.TCP, "connection refused")
    acme, _, far_x, far_y = REPORT.results
    same = table_format.outage(
        replace(REPORT, results=(down(acme, nxdomain), down(far_x, nxdomain)))
    )
    assert same is not None and same.observed == "every host name failed to resolve"
    assert (same.models, same.providers) == (2, 2)
    mixed = table_format.outage(
        replace(REPORT, results=(down(acme, nxdomain), down(far_x, refused), down(far_y, refused)))
    )
    assert mixed is not None and mixed.observed == (
        "no provider answered at the network level "
        "(host names did not resolve: 1, connections were refused: 1)"
    )
    assert table_format.outage(REPORT) is None  # something answered: no headline


def test_json_of_several_vantages_tags_every_result_with_its_vantage() -> None:
    """README `--vantage`: the schema v1 document with `vantage: null`, a `vantages` list and one
    result per model and vantage; the same layout as a single report's (2-space indent, UTF-8)."""
    from accesscheck.model import Vantage
    from accesscheck.report.json import render_many

    zurich = replace(REPORT, vantage=Vantage("zürich", None, "CH", "api.acme.test"))
    tokyo = replace(
        REPORT,
        started_at="2026-11-27T17:00:02Z",
        duration_ms=2000.0,
        vantage=Vantage("tokyo", "http://proxy.test:3128"),
        results=REPORT.results[:1],
    )
    text = render_many([zurich, tokyo], 1)
    doc = json.loads(text)
    assert text == json.dumps(doc, indent=2, ensure_ascii=False) + "\n" and "zürich" in text
    assert doc["vantage"] is None
    assert [v["name"] for v in doc["vantages"]] == ["zürich", "tokyo"]
    assert doc["vantages"][1]["proxy"] == "http://proxy.test:3128"
    assert (doc["started_at"], doc["duration_ms"], doc["exit_code"]) == (
        "2026-11-27T17:00:00Z",
        2000.0,
        1,
    )
    tagged = [(r["ref"], r["vantage"]) for r in doc["results"]]
    assert tagged == [(r.ref, "zürich") for r in REPORT.results] + [("acme/big", "tokyo")]
    assert [(p["id"], p["vantage"]) for p in doc["providers"]] == [
        ("acme", "zürich"),
        ("far", "zürich"),
        ("acme", "tokyo"),
        ("far", "tokyo"),
    ]
    assert doc["summary"]["total"] == 5 and doc["summary"]["reachable"] == 2


def test_the_streamed_json_report_is_one_document_in_two_space_indent_and_utf8() -> None:
    """The report is written a result at a time (#12) yet reads as one json.dumps of the whole
    document, indented by two, non-ASCII kept as is: with results and without."""
    from accesscheck.report.json import render, report_dict

    acme = replace(REPORT.providers[0], name="Acme Zürich")
    big = replace(REPORT.results[0], name="Big Ünicode")
    named = replace(REPORT, providers=(acme,), results=(big, *REPORT.results[1:]))
    for report in (named, replace(named, results=())):
        whole = json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
        assert render(report) == whole
    assert "Acme Zürich" in render(named) and "Big Ünicode" in render(named)
