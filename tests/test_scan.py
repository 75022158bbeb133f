"""End to end: the real `accesscheck scan` against loopback emulators of the three providers."""

from __future__ import annotations

import json
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import trustme
import yaml

from tests.conftest import CANARY, Runner, assert_no_canary_in, provider_entry, write_registry
from tests.emulator.server import (
    GATED,
    NO_FREE_TIER,
    NOT_FOUND,
    OK,
    RETIRED,
    VERIFY,
    Emulator,
    Scenario,
)

OPENAI_MODELS = {
    "gpt-6.2-sol": OK,  # a reasoning model: refuses max_tokens and temperature
    "gpt-5.5": OK,
    "gpt-daybreak-blue-latest": GATED,  # not in the list, 403 project has no access
    "gpt-6-astra": VERIFY,
    "text-davinci-003": RETIRED,
}
ANTHROPIC_MODELS = {"claude-opus-5-5": OK, "claude-sonnet-5-5": OK, "claude-mythos-5-1": NOT_FOUND}
GEMINI_MODELS = {
    "gemini-3.8-flash": OK,
    "gemini-3.1-pro-preview": NO_FREE_TIER,
    "gemini-3.5-flash": OK,
}


def scenarios() -> dict[str, Scenario]:
    return {
        "openai": Scenario(
            models=dict(OPENAI_MODELS),
            unlisted={"gpt-daybreak-blue-latest", "text-davinci-003"},
            reasoning={"gpt-6.2-sol"},
        ),
        "anthropic": Scenario(models=dict(ANTHROPIC_MODELS), unlisted={"claude-mythos-5-1"}),
        "gemini": Scenario(models=dict(GEMINI_MODELS)),
    }


NAMES = {
    "openai": "api.openai.test",
    "anthropic": "api.anthropic.test",
    "gemini": "generativelanguage.test",
}


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Provider-like host names resolving to loopback; any other *.test name does not resolve."""
    table: dict[str, str] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name in table:
            return real(table[name], *args, **kwargs)
        if isinstance(name, str) and name.endswith(".test"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return table


class World:
    """Three HTTPS emulators under provider-like names, and a registry that points at them."""

    def __init__(self, tmp_path: Path, stack: ExitStack, dns: dict[str, str]) -> None:
        self.tmp_path = tmp_path
        self.ca = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert(*NAMES.values()).configure_cert(context)
        self.bundle = tmp_path / "ca.pem"
        self.ca.cert_pem.write_to_path(str(self.bundle))
        self.emulators = {
            name: stack.enter_context(
                Emulator(
                    name, key=CANARY, scenario=scenario, ssl_context=context, host_name=NAMES[name]
                )
            )
            for name, scenario in scenarios().items()
        }
        dns.update({host: "127.0.0.1" for host in NAMES.values()})
        self.env = {
            "OPENAI_API_KEY": CANARY,
            "ANTHROPIC_API_KEY": CANARY,
            "GEMINI_API_KEY": CANARY,
            "SSL_CERT_FILE": str(self.bundle),
        }
        self.overrides: dict[str, str] = {}

    def registry(self) -> Path:
        mythos = {
            "id": "claude-mythos-5-1",
            "stage": "limited",
            "limited_to": "by invitation (Project Glasswing)",
        }
        entries = [
            provider_entry(
                "openai",
                "openai",
                self.overrides.get("openai", self.emulators["openai"].base_url),
                list(OPENAI_MODELS),
                env="OPENAI_API_KEY",
            ),
            provider_entry(
                "anthropic",
                "anthropic",
                self.overrides.get("anthropic", self.emulators["anthropic"].base_url),
                ["claude-opus-5-5", "claude-sonnet-5-5"],
                env="ANTHROPIC_API_KEY",
            ),
            provider_entry(
                "gemini",
                "gemini",
                self.overrides.get("gemini", self.emulators["gemini"].base_url),
                list(GEMINI_MODELS),
            ),
        ]
        entries[1]["models"] = [*entries[1]["models"], mythos]  # type: ignore[misc]
        entries[2]["auth"] = {"env": ["GOOGLE_API_KEY", "GEMINI_API_KEY"]}
        return write_registry(self.tmp_path / "registry.yaml", entries)


@pytest.fixture
def world(tmp_path: Path, fake_dns: dict[str, str]) -> Iterator[World]:
    with ExitStack() as stack:
        yield World(tmp_path, stack, fake_dns)


def scan_json(
    run: Runner, world: World, *args: str, env: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    result = run(
        "scan",
        "--registry",
        str(world.registry()),
        "--format",
        "json",
        "--timeout",
        "5",
        *args,
        env=world.env if env is None else env,
    )
    assert result.out, result.err
    return result.code, json.loads(result.out)


def by_ref(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["ref"]: r for r in report["results"]}


def verdicts(report: dict[str, Any], provider: str | None = None) -> dict[str, str]:
    return {
        r["ref"]: f"{r['status']}/{r['reason']}"
        for r in report["results"]
        if provider is None or r["provider"] == provider
    }


def test_default_scan_lists_without_paid_calls(run: Runner, world: World) -> None:
    code, report = scan_json(run, world)
    assert code == 0
    assert verdicts(report) == {
        "openai/gpt-6.2-sol": "reachable/listed",
        "openai/gpt-5.5": "reachable/listed",
        "openai/gpt-daybreak-blue-latest": "gated/not_entitled",
        "openai/gpt-6-astra": "reachable/listed",
        "openai/text-davinci-003": "gated/not_entitled",
        "anthropic/claude-opus-5-5": "reachable/listed",
        "anthropic/claude-sonnet-5-5": "reachable/listed",
        "anthropic/claude-mythos-5-1": "gated/not_entitled",
        "gemini/gemini-3.8-flash": "reachable/listed",
        "gemini/gemini-3.1-pro-preview": "reachable/listed",
        "gemini/gemini-3.5-flash": "reachable/listed",
    }
    assert report["summary"]["paid_calls"] == 0
    for emulator in world.emulators.values():
        assert emulator.invoke_count() == 0
    # Anthropic and Gemini page their lists two at a time: every page was read.
    anthropic_lists = [r for r in world.emulators["anthropic"].requests if "x-api-key" in r.headers]
    assert len(anthropic_lists) == 2
    assert by_ref(report)["openai/gpt-5.5"]["evidence"] == "list"
    assert "--deep" in by_ref(report)["openai/gpt-daybreak-blue-latest"]["detail"]


def test_deep_scan_invokes_each_model_once(run: Runner, world: World) -> None:
    code, report = scan_json(run, world, "--deep")
    assert code == 0
    assert verdicts(report) == {
        "openai/gpt-6.2-sol": "reachable/ok",
        "openai/gpt-5.5": "reachable/ok",
        "openai/gpt-daybreak-blue-latest": "gated/not_entitled",
        "openai/gpt-6-astra": "gated/verification_required",
        "openai/text-davinci-003": "unavailable/retired",
        "anthropic/claude-opus-5-5": "reachable/ok",
        "anthropic/claude-sonnet-5-5": "reachable/ok",
        "anthropic/claude-mythos-5-1": "gated/not_entitled",
        "gemini/gemini-3.8-flash": "reachable/ok",
        "gemini/gemini-3.1-pro-preview": "gated/not_entitled",
        "gemini/gemini-3.5-flash": "reachable/ok",
    }
    sent = sum(e.invoke_count() for e in world.emulators.values())
    assert report["summary"]["paid_calls"] == sent == 11
    results = by_ref(report)
    assert results["openai/gpt-6-astra"]["evidence"] == "invoke"
    assert results["openai/gpt-6-astra"]["http_status"] == 404
    assert "verify" in results["openai/gpt-6-astra"]["remedy"]
    # Anthropic's 404 is ambiguous; the registry's lifecycle (limited, by invitation) decided it.
    assert "limited (registry): by invitation" in results["anthropic/claude-mythos-5-1"]["detail"]
    # No probe sent a parameter a reasoning model refuses.
    for seen in world.emulators["openai"].requests:
        if seen.method == "POST":
            body = json.loads(seen.body)
            assert "max_tokens" not in body and "temperature" not in body
            assert body["max_completion_tokens"] >= 16


def test_without_a_key_an_api_location_refusal_is_not_guessed(run: Runner, world: World) -> None:
    """OpenAI's and Anthropic's location refusals come from the API, which (as far as any
    source shows) answers a request without a key with its 401: the keyless rung sees the edge
    let it through and the verdict says a key is missing, not where it is refused."""
    world.emulators["openai"].scenario.mode = "geo"
    world.emulators["anthropic"].scenario.mode = "geo"
    code, report = scan_json(run, world, env={"SSL_CERT_FILE": str(world.bundle)})
    for result in report["results"]:
        assert (result["status"], result["reason"], result["evidence"]) == (
            "unknown",
            "no_credentials",
            "keyless",
        )
    assert "not refused at the edge" in by_ref(report)["openai/gpt-5.5"]["detail"]
    assert code == 0
    # Nothing carried a key (there was none), and nothing went past the first answer.
    assert len(world.emulators["openai"].requests) == 1


def test_geo_block_on_keyed_requests(run: Runner, world: World) -> None:
    world.emulators["gemini"].scenario.mode = "geo"
    _, report = scan_json(run, world)
    assert set(verdicts(report, "gemini").values()) == {"restricted/geo_blocked"}
    assert {r["evidence"] for r in report["results"] if r["provider"] == "gemini"} == {"list"}
    assert verdicts(report, "openai")["openai/gpt-5.5"] == "reachable/listed"


def test_bad_key_is_auth_invalid_and_never_echoed(
    run: Runner, world: World, tmp_path: Path
) -> None:
    env = {**world.env, "OPENAI_API_KEY": CANARY + "-wrong"}
    _, report = scan_json(run, world, "--debug", env=env)
    assert set(verdicts(report, "openai").values()) == {"unknown/auth_invalid"}
    detail = by_ref(report)["openai/gpt-5.5"]["detail"]
    assert (
        "Incorrect API key provided: ***" in detail
    )  # the emulator echoed the key; it was scrubbed
    assert_no_canary_in(tmp_path)


@pytest.mark.parametrize(
    ("mode", "openai", "anthropic", "gemini"),
    [
        ("quota", "gated/quota_exhausted", "gated/quota_exhausted", "reachable/ok"),
        (
            "rate_limited",
            "reachable/rate_limited",
            "reachable/rate_limited",
            "reachable/rate_limited",
        ),
        (
            "overloaded",
            "unknown/provider_error",
            "unknown/provider_error",
            "unknown/provider_error",
        ),
    ],
)
def test_account_and_capacity_states(
    run: Runner, world: World, mode: str, openai: str, anthropic: str, gemini: str
) -> None:
    for emulator in world.emulators.values():
        emulator.scenario.mode = mode
    _, report = scan_json(run, world, "--deep")
    results = by_ref(report)
    assert f"{results['openai/gpt-5.5']['status']}/{results['openai/gpt-5.5']['reason']}" == openai
    assert (
        f"{results['anthropic/claude-opus-5-5']['status']}/{results['anthropic/claude-opus-5-5']['reason']}"
        == anthropic
    )
    assert (
        f"{results['gemini/gemini-3.8-flash']['status']}/{results['gemini/gemini-3.8-flash']['reason']}"
        == gemini
    )


def test_captive_portal_never_gets_the_key(run: Runner, world: World) -> None:
    world.emulators["openai"].scenario.mode = "captive"
    _, report = scan_json(run, world)
    assert set(verdicts(report, "openai").values()) == {"unknown/unexpected_response"}
    assert "HTML" in by_ref(report)["openai/gpt-5.5"]["detail"]
    failure = by_ref(report)["openai/gpt-5.5"]["failure"]
    assert (failure["name"], failure["layer"]) == ("http_captive_portal", "http")
    assert by_ref(report)["anthropic/claude-opus-5-5"]["failure"] is None
    seen = world.emulators["openai"].requests
    assert len(seen) == 1 and "authorization" not in seen[0].headers


def test_cross_host_redirect_is_reported_not_followed(
    run: Runner, world: World, tmp_path: Path
) -> None:
    with Emulator("openai", key="other", scenario=Scenario()) as sink:  # plain http on loopback
        world.emulators["openai"].scenario.mode = "redirect"
        world.emulators["openai"].scenario.redirect_to = f"http://localhost:{sink.port}"
        _, report = scan_json(run, world)
        assert sink.requests == []
    result = by_ref(report)["openai/gpt-5.5"]
    assert (result["status"], result["reason"]) == ("unknown", "unexpected_response")
    assert result["failure"]["name"] == "http_redirect"
    assert f"localhost:{sink.port}" in result["detail"]


def test_one_provider_unreachable_while_others_answer_is_network_blocked(
    run: Runner, world: World, closed_port: int
) -> None:
    world.overrides["openai"] = f"https://api.openai.test:{closed_port}/v1"
    _, report = scan_json(run, world)
    result = by_ref(report)["openai/gpt-5.5"]
    assert (result["status"], result["reason"], result["evidence"]) == (
        "restricted",
        "network_blocked",
        "network",
    )
    assert result["failure"] == {
        "name": "tcp_refused",
        "layer": "tcp",
        "detail": "connection refused",
    }
    assert verdicts(report, "anthropic")["anthropic/claude-opus-5-5"] == "reachable/listed"


def test_dns_failure_for_one_provider(run: Runner, world: World) -> None:
    world.overrides["gemini"] = "https://generativelanguage.googleapis.test/v1beta"
    _, report = scan_json(run, world)
    result = by_ref(report)["gemini/gemini-3.8-flash"]
    assert (result["status"], result["reason"]) == ("restricted", "network_blocked")
    assert result["failure"]["name"] == "dns_nxdomain"


def test_no_provider_answering_means_local_network_down(
    run: Runner, world: World, closed_port: int
) -> None:
    for name, host in NAMES.items():
        world.overrides[name] = f"https://{host}:{closed_port}"
    code, report = scan_json(run, world)
    assert code == 3
    assert set(verdicts(report).values()) == {"unknown/local_network_down"}


def test_local_server_not_running_is_not_a_block(
    run: Runner, world: World, closed_port: int
) -> None:
    # http:// is allowed to loopback only; a refused local port is a server that is not running.
    world.overrides["openai"] = f"http://127.0.0.1:{closed_port}/v1"
    code, report = scan_json(run, world)
    assert code == 0
    assert set(verdicts(report, "openai").values()) == {"unknown/provider_error"}
    assert "not answering" in by_ref(report)["openai/gpt-5.5"]["detail"]


def test_deadline_cuts_a_provider_that_never_answers(run: Runner, world: World) -> None:
    world.emulators["anthropic"].scenario.mode = "hang"
    world.emulators["anthropic"].scenario.hang_seconds = 5
    started = time.monotonic()
    result = run(
        "scan",
        "--registry",
        str(world.registry()),
        "--format",
        "json",
        "--timeout",
        "2",
        env=world.env,
    )
    assert time.monotonic() - started < 2 * 2  # within twice the deadline
    report = json.loads(result.out)
    assert set(verdicts(report, "anthropic").values()) == {"unknown/timeout"}
    assert verdicts(report, "openai")["openai/gpt-5.5"] == "reachable/listed"


def test_https_timings_are_recorded(run: Runner, world: World) -> None:
    _, report = scan_json(run, world)
    timings = report["providers"][0]["timings"]
    assert all(
        timings[phase] is not None for phase in ("dns_ms", "connect_ms", "tls_ms", "first_byte_ms")
    )
    assert report["providers"][0]["network_answered"] is True


def test_untrusted_certificate_stops_before_the_key(
    run: Runner, world: World, tmp_path: Path
) -> None:
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    code, report = scan_json(run, world, env={**world.env, "SSL_CERT_FILE": str(other)})
    assert code == 0  # something answered TLS: the network is up, it is not "local_network_down"
    for result in report["results"]:
        assert (result["status"], result["reason"]) == ("unknown", "unexpected_response")
        assert result["failure"]["name"] == "tls_untrusted_ca"
        # the issuer is named from a second handshake that sends nothing
        assert result["detail"].startswith(
            "certificate not trusted: possible TLS interception by trustme v"
        )
        assert "--ca-bundle or --trust os" in result["detail"]
    assert all(e.requests == [] for e in world.emulators.values())


def test_issuer_names_from_der() -> None:
    import ssl as ssl_module

    from accesscheck.probe.netfail import issuer_name

    corporate = trustme.CA(
        organization_name="Zscaler Inc.", organization_unit_name="Zscaler Root CA"
    )
    leaf = corporate.issue_cert("api.openai.com").cert_chain_pems[0].bytes().decode()
    assert issuer_name(ssl_module.PEM_cert_to_DER_cert(leaf)) == "Zscaler Inc. / Zscaler Root CA"
    for garbage in (b"", b"\x30", b"\x30\x82\xff\xff", b"not DER at all"):
        assert issuer_name(garbage) is None


def test_required_models_and_fail_on_set_the_exit_code(run: Runner, world: World) -> None:
    code, report = scan_json(run, world, "--require", "openai/gpt-daybreak-*")
    assert code == 1
    assert report["summary"]["policy_failures"] == [
        "openai/gpt-daybreak-blue-latest is required but gated/not_entitled"
    ]
    assert by_ref(report)["openai/gpt-daybreak-blue-latest"]["required"] is True
    code, _ = scan_json(run, world, "--require", "anthropic/*")
    assert code == 1  # claude-mythos-5-1 is gated
    code, _ = scan_json(run, world, "--require", "openai/gpt-5.5", "--require", "gemini/*")
    assert code == 0
    code, _ = scan_json(run, world, "--fail-on", "restricted,gated")
    assert code == 1
    code, _ = scan_json(run, world, "--fail-on", "restricted")
    assert code == 0


def test_required_true_in_the_registry(run: Runner, world: World, tmp_path: Path) -> None:
    extension = tmp_path / "extra.yaml"
    base = world.registry().read_text()
    extension.write_text(
        base.replace(
            "- id: gpt-daybreak-blue-latest", "- id: gpt-daybreak-blue-latest\n    required: true"
        )
    )
    result = run("scan", "--registry", str(extension), "--format", "json", env=world.env)
    assert result.code == 1


def test_require_that_matches_nothing_is_a_usage_error(run: Runner, world: World) -> None:
    result = run(
        "scan", "--registry", str(world.registry()), "--require", "openai/gpt-99", env=world.env
    )
    assert result.code == 2
    assert result.err.strip() == (
        f"accesscheck: error: --require openai/gpt-99: matches no model in the registry ({world.registry()})"
    )
    assert result.out == ""


def test_table_output_is_plain_without_a_tty(run: Runner, world: World) -> None:
    result = run("scan", "--registry", str(world.registry()), env=world.env)
    assert result.code == 0
    assert "\x1b[" not in result.out
    assert "✓ reachable" in result.out and "⊘ gated" in result.out
    assert "Anthropic (US)" in result.out
    assert result.out.rstrip().splitlines()[-1].startswith("11 models: 8 reachable, 3 gated;")
    assert result.err == ""  # no progress bar when stderr is not a terminal


def test_debug_prints_each_rung_scrubbed(run: Runner, world: World) -> None:
    result = run("--debug", "scan", "--registry", str(world.registry()), "--deep", env=world.env)
    assert "debug: openai: keyless GET /v1/models -> 401" in result.err
    assert "debug: anthropic: list GET /v1/models -> 200" in result.err
    assert "debug: gemini/gemini-3.1-pro-preview: invoke POST" in result.err
    assert "(gemini-no-free-tier)" in result.err


def test_no_public_endpoint_is_reported_honestly(run: Runner, world: World, tmp_path: Path) -> None:
    doc = yaml.safe_load(world.registry().read_text())
    doc["providers"][0]["models"][1]["endpoint"] = "unknown"  # openai/gpt-5.5
    doc["providers"].append(
        {
            "id": "qihoo360",
            "name": "360",
            "api": "openai",
            "base_url": None,
            "models": [{"id": "tulongfeng"}],
        }
    )
    path = tmp_path / "noendpoint.yaml"
    path.write_text(yaml.safe_dump(doc))
    code, report = scan_json(run, world, "--registry", str(path))
    assert code == 0
    for ref in ("qihoo360/tulongfeng", "openai/gpt-5.5"):
        result = by_ref(report)[ref]
        assert (result["status"], result["reason"], result["evidence"]) == (
            "unknown",
            "no_endpoint",
            "config",
        )
        assert result["detail"] == "no public endpoint known (registry)"
    assert report["providers"][-1]["steps"] == []
    assert verdicts(report, "openai")["openai/gpt-6.2-sol"] == "reachable/listed"


def test_offline_table_is_one_headline_not_a_row_per_model(run: Runner, tmp_path: Path) -> None:
    # Nothing resolves (an offline laptop, a runner without egress): the table says so once,
    # with what it usually means and what to check, then the summary (issue #11).
    path = write_registry(tmp_path / "r.yaml", [
        provider_entry("one", "openai", "https://api.one.invalid/v1", ["a", "b", "c"]),
        provider_entry("two", "anthropic", "https://api.two.invalid", ["d", "e"]),
    ])  # fmt: skip
    result = run("scan", "-r", str(path), "--no-history")
    assert result.code == 3
    lines = result.out.splitlines()[1:]  # after "Scanned from …"
    assert lines[0] == "No network: every host name failed to resolve (5 models of 2 providers)."
    assert lines[1].startswith("  Usually: this machine is offline, or its DNS does not work")
    assert "HTTPS_PROXY" in result.out and "--verbose" in result.out
    assert "no provider answered" not in result.out  # the per-row sentence is gone
    assert lines[-1].startswith("5 models: 5 unknown;")

    verbose = run("scan", "-r", str(path), "--no-history", "--verbose")
    assert verbose.code == 3 and "No network" not in verbose.out
    for model in "abcde":
        assert f"│ {model} " in verbose.out
    doc = json.loads(run("scan", "-r", str(path), "--no-history", "-f", "json").out)
    assert len(doc["results"]) == 5  # JSON always has every row
    markdown = run("scan", "-r", str(path), "--no-history", "-f", "markdown").out
    assert "\n## No network: every host name failed to resolve (5 models" in markdown
    assert "| model |" not in markdown  # no table of identical rows


def test_refused_everywhere_headline_and_one_line_per_provider(
    run: Runner, world: World, closed_port: int
) -> None:
    for name, host in NAMES.items():
        world.overrides[name] = f"https://{host}:{closed_port}"
    result = run("scan", "-r", str(world.registry()), "--no-history", "--timeout", "5",
                 env=world.env)  # fmt: skip
    assert result.code == 3
    assert result.out.splitlines()[1].startswith("No network: every connection was refused (")
    assert "firewall" in result.out and "┃ model" not in result.out  # no table at all


def test_a_provider_wide_network_verdict_is_one_line(run: Runner, world: World) -> None:
    world.overrides["gemini"] = "https://generativelanguage.googleapis.test/v1beta"
    result = run("scan", "-r", str(world.registry()), "--no-history", "--timeout", "5",
                 env=world.env)  # fmt: skip
    gemini = [line for line in result.out.splitlines() if "✗ restricted" in line]
    assert len(gemini) == 1 and gemini[0].startswith("  all ")
    assert "network_blocked (network)" in gemini[0]
    assert "No network" not in result.out
