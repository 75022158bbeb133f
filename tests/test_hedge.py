"""Hedging end to end on the emulators: a frontier model lost at one provider and the
substitutes offered, coverage met and not met, a gateway and an orchestrator not counted as
independent, documented-vs-observed drift both ways."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml

from accesscheck import hedge
from accesscheck.errors import ConfigError
from accesscheck.model import Capability, Tier
from accesscheck.registry import load_text
from tests.conftest import CANARY, Providers, Runner, write_registry
from tests.emulator.server import OK, Emulator, Scenario

FRONTIER_CODING = {"tier": "frontier", "capabilities": ["reasoning", "coding"]}

# provider id → (dialect, hq, kind, models with their profile)
WORLD: dict[str, tuple[str, str, str, dict[str, dict[str, Any]]]] = {
    "openai": ("openai", "US", "lab", {
        "gpt-frontier": FRONTIER_CODING,
        "gpt-fast": {"tier": "fast", "capabilities": ["reasoning"]},
    }),
    "anthropic": ("anthropic", "US", "lab", {
        "opus": {"tier": "frontier", "capabilities": ["reasoning", "coding", "vision"]},
    }),
    "deepseek": ("openai", "CN", "lab", {"ds-pro": {**FRONTIER_CODING, "open_weights": True}}),
    "mistral": ("openai", "FR", "lab", {"large": FRONTIER_CODING}),
    "openrouter": ("openai", "US", "gateway", {
        "~openai/gpt-frontier": {"same_as": "openai/gpt-frontier"},
    }),
    "sakana": ("openai", "JP", "orchestrator", {
        "fugu": {**FRONTIER_CODING, "upstream": ["openai", "anthropic"]},
    }),
}  # fmt: skip


class Hedged:
    """One emulator per provider of WORLD, and a registry with their profiles."""

    def __init__(self, stack: ExitStack, tmp_path: Path) -> None:
        self.stack, self.tmp_path = stack, tmp_path
        self.modes: dict[str, str] = {}
        self.lost: set[str] = set()  # providers whose models are gone (not listed, not found)
        self.extra: dict[str, dict[str, Any]] = {}
        self.trace: dict[str, str] = {}  # provider → the country its /cdn-cgi/trace reports
        self.emulators: dict[str, Emulator] = {}  # the latest scan's
        self.env: dict[str, str] = {}

    def scan(self, run: Runner, *args: str) -> tuple[int, dict[str, Any]]:
        import json

        entries = []
        for pid, (dialect, hq, kind, models) in WORLD.items():
            served = {} if pid in self.lost else dict.fromkeys(models, OK)
            scenario = Scenario(mode=self.modes.get(pid, "ok"), models=served,
                                trace_loc=self.trace.get(pid, ""))  # fmt: skip
            emulator = self.stack.enter_context(
                Emulator(dialect, family=pid, key=CANARY, scenario=scenario)
            )
            self.emulators[pid] = emulator
            env = f"{pid.upper()}_API_KEY"
            self.env[env] = CANARY
            entry = {"id": pid, "name": pid.title(), "api": dialect, "base_url": emulator.base_url,
                     "auth": {"env": env}, "hq": hq, "kind": kind,
                     "models": [{"id": m, **copy.deepcopy(p)} for m, p in models.items()]}  # fmt: skip
            if pid in self.trace:
                entry["trace_url"] = emulator.origin + "/cdn-cgi/trace"
            entry.update(self.extra.get(pid, {}))
            entries.append(entry)
        path = write_registry(self.tmp_path / "hedged.yaml", entries)
        result = run("scan", "--registry", str(path), "--format", "json", "--deep",
                     "--timeout", "5", "--no-history", *args, env=self.env)  # fmt: skip
        assert result.out, result.err
        return result.code, json.loads(result.out)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[Hedged]:
    with ExitStack() as stack:
        yield Hedged(stack, tmp_path)


def by_ref(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["ref"]: r for r in report["results"]}


def test_a_lost_frontier_model_gets_substitutes_from_other_jurisdictions_first(
    run: Runner, world: Hedged
) -> None:
    world.modes["openai"] = "geo"
    code, report = world.scan(run, "--require", "openai/gpt-frontier")
    lost = by_ref(report)["openai/gpt-frontier"]
    assert (lost["status"], lost["reason"]) == ("restricted", "geo_blocked")
    assert code == 1  # required and not reachable
    suggested = [s["ref"] for s in lost["substitutes"]]
    # same tier and capabilities everywhere; CN and FR before the US ones (the point is to
    # hedge), then a US lab independent of openai before the gateway's copy of openai's model
    assert suggested == ["deepseek/ds-pro", "mistral/large", "anthropic/opus"]
    why = {s["ref"]: s["why"] for s in lost["substitutes"]}
    assert why["deepseek/ds-pro"] == (
        "same tier (frontier); same capabilities (coding, reasoning); another jurisdiction (CN vs US)"
    )
    assert "same jurisdiction (US)" in why["anthropic/opus"]
    # only required models get substitutes
    assert by_ref(report)["openai/gpt-fast"]["substitutes"] == []


def test_the_table_and_markdown_show_substitutes_coverage_and_drift(
    run: Runner, world: Hedged
) -> None:
    world.modes["openai"] = "geo"
    world.extra["openai"] = {
        "countries": {"served": ["US", "JP"], "not_served": ["CN"], "source": "https://x.test/c",
                      "checked": "2026-11-27"},
    }  # fmt: skip
    code, _ = world.scan(run, "--require", "openai/gpt-frontier", "--min-providers", "frontier=9",
                         "-o", str(world.tmp_path / "r.xml"),
                         "--country", "jp", "-o", str(world.tmp_path / "r.md"),
                         "-o", str(world.tmp_path / "r.txt"), "-o", str(world.tmp_path / "r.html"))  # fmt: skip
    assert code == 1
    markdown = (world.tmp_path / "r.md").read_text()
    assert "## Substitutes for openai/gpt-frontier (restricted/geo_blocked)" in markdown
    assert "- deepseek/ds-pro — same tier (frontier)" in markdown
    assert "## Coverage" in markdown and "- ✗ frontier: 4 independent" in markdown
    assert "## Documented vs observed (JP)" in markdown and "new_block openai" in markdown
    table = (world.tmp_path / "r.txt").read_text()
    assert "Substitutes for openai/gpt-frontier" in table
    assert "  deepseek/ds-pro — same tier (frontier)" in table
    assert "✗ frontier: 4 independent" in table
    junit = (world.tmp_path / "r.xml").read_text()
    assert 'classname="accesscheck.coverage" name="coverage frontier"' in junit
    assert 'type="coverage"' in junit and 'failures="2"' in junit  # the model and the rule
    html = (world.tmp_path / "r.html").read_text()
    assert "<h2>Substitutes for openai/gpt-frontier (restricted/geo_blocked)</h2>" in html
    assert "<li>deepseek/ds-pro — same tier (frontier)" in html


def test_coverage_met_and_not_met(run: Runner, world: Hedged) -> None:
    world.modes["openai"] = "geo"
    code, report = world.scan(run, "--min-providers", "frontier+coding=3",
                              "--min-jurisdictions", "frontier+coding=3")  # fmt: skip
    (rule,) = report["hedge"]["coverage"]
    # openai is still reached through the gateway, but only as openai; fugu routes to openai
    # and anthropic, both already counted, so it adds nothing
    assert rule == {
        "rule": "frontier+coding",
        "min_providers": 3,
        "min_jurisdictions": 3,
        "providers": ["anthropic", "deepseek", "mistral", "openai"],
        "jurisdictions": ["CN", "FR", "US"],
        "models": ["anthropic/opus", "deepseek/ds-pro", "mistral/large",
                   "openrouter/~openai/gpt-frontier", "sakana/fugu"],
        "met": True,
    }  # fmt: skip
    assert code == 0
    world.lost.update({"deepseek", "mistral"})
    code, report = world.scan(run, "--min-jurisdictions", "frontier+coding=2")
    (rule,) = report["hedge"]["coverage"]
    assert rule["providers"] == ["anthropic", "openai"] and rule["jurisdictions"] == ["US"]
    assert rule["met"] is False and code == 1
    assert report["summary"]["policy_failures"] == [
        "coverage frontier+coding: 2 from 1 jurisdiction(s) reachable, "
        "2 independent provider(s) from 2 jurisdictions required"
    ]


def test_a_gateway_is_not_independent_of_the_lab_it_routes_to(run: Runner, world: Hedged) -> None:
    world.modes["anthropic"] = "geo"
    world.lost.update({"deepseek", "mistral"})
    code, report = world.scan(run, "--min-providers", "frontier=2")
    (rule,) = report["hedge"]["coverage"]
    # openai directly, openai through OpenRouter, and Fugu (openai + anthropic): one option
    assert rule["providers"] == ["openai"]
    assert set(rule["models"]) == {"openai/gpt-frontier", "openrouter/~openai/gpt-frontier",
                                   "sakana/fugu"}  # fmt: skip
    assert code == 1


def test_an_orchestrator_counts_when_it_shares_no_lab_with_the_others() -> None:
    def option(ref: str, *upstream: str) -> hedge.Profile:
        return hedge.Profile(ref, Tier.FRONTIER, frozenset(), None, frozenset(upstream),
                             frozenset(), None)  # fmt: skip

    counted = hedge.independent(
        [option("a/x", "a"), option("o/y", "b", "c"), option("o/z", "a", "b")]
    )
    assert counted == [frozenset({"a"}), frozenset({"b", "c"})]


def test_documented_countries_against_what_was_observed(run: Runner, world: Hedged) -> None:
    countries = {"served": ["US", "JP"], "not_served": ["CN"], "source": "https://x.test/c",
                 "checked": "2026-11-27"}  # fmt: skip
    world.extra["openai"] = {"countries": countries}
    world.modes["openai"] = "geo"
    _, report = world.scan(run, "--country", "JP")
    (drift,) = report["hedge"]["drift"]
    assert drift["provider"] == "openai" and drift["kind"] == "new_block"
    assert "documents serving JP (https://x.test/c, checked 2026-11-27)" in drift["detail"]
    assert report["hedge"]["country"] == "JP"
    world.modes["openai"] = "ok"
    _, report = world.scan(run, "--country", "CN")
    (drift,) = report["hedge"]["drift"]
    assert drift["kind"] == "leaky_gate" and "proxy or VPN" in drift["detail"]
    _, report = world.scan(run, "--country", "DE")  # on neither list: nothing to say
    assert report["hedge"]["drift"] == []
    _, report = world.scan(run)  # no country known: no judgement
    assert report["hedge"] == {"country": None, "coverage": [], "drift": []}


def test_the_vantage_country_feeds_the_drift_check(run: Runner, world: Hedged) -> None:
    world.extra["openai"] = {
        "countries": {"not_served": ["CN"], "source": "https://x.test/c", "checked": "2026-11-27"},
    }
    world.trace["openai"] = "CN"  # the provider's own edge says the egress is in CN
    _, report = world.scan(run)
    assert report["vantage"]["country"] == "CN" and report["hedge"]["country"] == "CN"
    assert [d["kind"] for d in report["hedge"]["drift"]] == ["leaky_gate"]
    _, report = world.scan(run, "--country", "US")  # --country wins over the vantage
    assert report["hedge"]["country"] == "US" and report["hedge"]["drift"] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("frontier", "write SELECTOR=N"),
        ("frontier=0", "write SELECTOR=N"),
        ("=2", "write SELECTOR=N"),
        ("huge=2", "'huge' is not a tier or capability"),
        ("frontier+fast=2", "names two tiers"),
    ],
)
def test_bad_coverage_options(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        hedge.cli_rules([text], [])


def test_cli_rules_merge_providers_and_jurisdictions_per_selector() -> None:
    (rule,) = hedge.cli_rules(["coding+frontier=2"], ["frontier+coding=3"])
    assert (rule.tier, rule.capabilities) == (Tier.FRONTIER, (Capability.CODING,))
    assert (rule.min_providers, rule.min_jurisdictions) == (3, 3)  # 3 places need 3 labs


REGISTRY = """version: 1
providers:
  - id: host
    name: Host
    api: openai
    base_url: https://api.host.test/v1
    kind: {kind}
    models:
      - id: m
        {extra}
"""


@pytest.mark.parametrize(
    ("kind", "extra", "message"),
    [
        ("gateway", "name: M", "a gateway provider's model needs upstream"),
        ("host", "upstream: [nobody]", "'nobody' is neither a provider nor a lab"),
        ("lab", "same_as: host/other", "'host/other' names no model of this registry"),
        ("lab", "same_as: host/m", "names itself"),
        ("lab", "tier: huge", "providers[0].models[0].tier"),
        ("lab", "capabilities: [telepathy]", "providers[0].models[0].capabilities"),
        ("empire", "name: M", "providers[0].kind"),
    ],
)
def test_registry_hedge_fields_are_validated(kind: str, extra: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_text(REGISTRY.format(kind=kind, extra=extra), "reg.yaml")


def test_registry_coverage_rules_and_labs() -> None:
    text = REGISTRY.format(kind="host", extra="upstream: [meta]") + (
        "labs:\n  - {id: meta, name: Meta, hq: US}\n"
        "coverage:\n  - {tier: frontier, capabilities: [coding], min_providers: 2}\n"
    )
    registry = load_text(text, "reg.yaml")
    assert registry.coverage[0].selector == "frontier+coding"
    assert hedge.profiles(registry)["host/m"].jurisdictions == frozenset({"US"})
    with pytest.raises(ConfigError, match="give a tier, capabilities, or both"):
        load_text(text.replace("tier: frontier, capabilities: [coding], ", ""), "reg.yaml")
    with pytest.raises(ConfigError, match="both served and not_served"):
        load_text(text.replace("    kind: host\n", "    kind: host\n    countries: {served: [US], "
                               "not_served: [US], source: s, checked: '2026-11-27'}\n"),
                  "reg.yaml")  # fmt: skip


# Runs in a child process: LiteLLM is heavy, sets up global logging and warns on import,
# none of which may leak into the other tests. The child refuses any non-loopback name, as
# the suite's own no_internet fixture does, and uses LiteLLM's bundled model-cost map.
LITELLM_CHECK = """
import asyncio, json, socket, sys
real = socket.getaddrinfo
def loopback_only(host, *args, **kwargs):
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise socket.gaierror(socket.EAI_NONAME, "tests never touch the internet")
    return real(host, *args, **kwargs)
socket.getaddrinfo = loopback_only
from litellm.proxy.proxy_server import ProxyConfig
router, _, _ = asyncio.run(ProxyConfig().load_config(router=None, config_file_path=sys.argv[1]))
answer = router.completion(model=sys.argv[2], messages=[{"role": "user", "content": "ping"}])
print(json.dumps({
    "models": sorted(d["model_name"] for d in router.model_list),
    "fallbacks": router.fallbacks,
    "aliases": router.model_group_alias,
    "answered_by": answer.model,
}))
"""


def export_litellm(run: Runner, world: Hedged) -> tuple[Path, list[str]]:
    """Scan with openai geo-blocked, export the LiteLLM config and check what it says; the
    file and its model names."""
    import yaml

    world.modes["openai"] = "geo"
    report = world.tmp_path / "scan.json"
    world.scan(run, "--require", "openai/gpt-frontier", "-o", str(report))
    registry = str(world.tmp_path / "hedged.yaml")
    exported = world.tmp_path / "litellm.yaml"
    result = run("export", "litellm", "--report", str(report), "--registry", registry,
                 "-o", str(exported), env=world.env)  # fmt: skip
    assert result.code == 0, result.err
    config = yaml.safe_load(exported.read_text())
    assert CANARY not in exported.read_text()
    names = [m["model_name"] for m in config["model_list"]]
    assert "openai/gpt-frontier" not in names and "deepseek/ds-pro" in names
    deepseek = next(m for m in config["model_list"] if m["model_name"] == "deepseek/ds-pro")
    assert deepseek["litellm_params"]["model"] == "openai/ds-pro"
    assert deepseek["litellm_params"]["api_key"] == "os.environ/DEEPSEEK_API_KEY"
    assert deepseek["litellm_params"]["api_base"].startswith("http://127.0.0.1:")
    assert config["router_settings"]["model_group_alias"] == {
        "openai/gpt-frontier": "deepseek/ds-pro"
    }
    # fallbacks in other jurisdictions: a lab's own API before a route through a gateway
    assert {
        "mistral/large": ["anthropic/opus", "deepseek/ds-pro", "openrouter/~openai/gpt-frontier"]
    } in config["router_settings"]["fallbacks"]
    # the same export straight from a scan (without --report)
    again = run("export", "litellm", "--registry", registry, "--deep", "--require",
                "openai/gpt-frontier", env=world.env)  # fmt: skip
    assert (
        again.code == 0
        and yaml.safe_load(again.out)["router_settings"] == (config["router_settings"])
    )
    return exported, names


def test_export_litellm_names_the_substitutes_and_fallbacks(run: Runner, world: Hedged) -> None:
    exported, names = export_litellm(run, world)
    assert exported.is_file() and "deepseek/ds-pro" in names


# LiteLLM itself is in its own extra (test-litellm): litellm[proxy] is heavy and pins older
# releases of our dependencies, which the test extra must not do. `.ci/run` runs this test in a
# venv of its own with `pytest -m litellm`.
@pytest.mark.litellm
def test_export_litellm_loads_in_litellm_and_routes_the_lost_model(
    run: Runner, world: Hedged
) -> None:
    import importlib.util
    import json
    import os
    import subprocess
    import sys

    if importlib.util.find_spec("litellm") is None:
        pytest.skip("LiteLLM is not installed: pip install -e '.[test-litellm]'; pytest -m litellm")
    exported, names = export_litellm(run, world)
    # LiteLLM's own proxy config loader accepts it, and a request for the lost model goes
    # to its substitute on the emulator, with the key LiteLLM read from the environment
    deepseek_seen = len(world.emulators["deepseek"].requests)
    child = subprocess.run(
        [sys.executable, "-c", LITELLM_CHECK, str(exported), "openai/gpt-frontier"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, **world.env, "LITELLM_LOCAL_MODEL_COST_MAP": "True"},
    )  # fmt: skip
    assert child.returncode == 0, child.stderr[-2000:]
    loaded = json.loads(child.stdout.strip().splitlines()[-1])
    assert loaded["models"] == sorted(names)
    assert loaded["aliases"] == {"openai/gpt-frontier": "deepseek/ds-pro"}
    assert loaded["answered_by"].endswith("ds-pro")
    (call,) = world.emulators["deepseek"].requests[deepseek_seen:]
    assert (call.method, call.path) == ("POST", "/v1/chat/completions")
    assert call.headers["authorization"] == f"Bearer {CANARY}"
    assert json.loads(call.body)["model"] == "ds-pro"


def test_export_env_lists_the_variables_never_the_values(run: Runner, world: Hedged) -> None:
    world.modes["openai"] = "geo"
    report = world.tmp_path / "scan.json"
    world.scan(run, "-o", str(report))
    result = run("export", "env", "--report", str(report), "--registry",
                 str(world.tmp_path / "hedged.yaml"), env=world.env)  # fmt: skip
    assert result.code == 0
    lines = result.out.splitlines()
    assert "DEEPSEEK_API_KEY=" in lines and "OPENAI_API_KEY=" not in lines  # openai: none reached
    assert all(line.startswith("#") or line.endswith("=") for line in lines)


def test_export_refuses_a_multi_vantage_report(run: Runner, tmp_path: Path) -> None:
    import json

    bad = tmp_path / "many.json"
    bad.write_text(json.dumps({"schema_version": 1, "results": [], "vantages": [{"name": "a"}]}))
    result = run("export", "litellm", "--report", str(bad))
    assert result.code == 2 and "several vantages" in result.err


def test_export_speaks_each_dialect_with_variable_references_only() -> None:
    """The cloud dialects of the bundled registry: endpoints and regions as LiteLLM wants them,
    every secret or per-account value as an os.environ/ reference."""
    from accesscheck.export import Observed, litellm_config
    from accesscheck.model import Status
    from accesscheck.registry import load
    from accesscheck.report.export import render_env

    refs = ["azure-openai/gpt-5.5", "bedrock/anthropic.claude-opus-5-5", "vertex/gemini-3.8-flash",
            "gemini/gemini-3.8-flash", "cohere/command-a-plus-05-2026", "anthropic/claude-opus-5-5"]  # fmt: skip
    seen = Observed(
        dict.fromkeys(refs, Status.REACHABLE), key_env_used={"gemini": "GOOGLE_API_KEY"}
    )
    registry = load(environ={})
    params = {
        m["model_name"]: m["litellm_params"] for m in litellm_config(registry, seen)["model_list"]
    }
    assert params["azure-openai/gpt-5.5"] == {
        "model": "azure/gpt-5.5", "api_base": "os.environ/AZURE_OPENAI_ENDPOINT",
        "api_version": "v1", "api_key": "os.environ/AZURE_OPENAI_API_KEY",
    }  # fmt: skip
    assert params["bedrock/anthropic.claude-opus-5-5"]["aws_region_name"] == "us-east-1"
    assert params["vertex/gemini-3.8-flash"] == {
        "model": "vertex_ai/gemini-3.8-flash",
        "vertex_project": "os.environ/GOOGLE_CLOUD_PROJECT",
        "vertex_location": "os.environ/GOOGLE_CLOUD_LOCATION",
    }
    assert (
        params["gemini/gemini-3.8-flash"]["api_key"] == "os.environ/GOOGLE_API_KEY"
    )  # the one used
    assert params["cohere/command-a-plus-05-2026"]["model"] == "cohere_chat/command-a-plus-05-2026"
    assert params["anthropic/claude-opus-5-5"]["api_base"] == "https://api.anthropic.com"
    env = render_env(registry, seen).splitlines()
    for name in ("AZURE_OPENAI_API_KEY=", "AZURE_OPENAI_ENDPOINT=", "GOOGLE_CLOUD_PROJECT=",
                 "GOOGLE_CLOUD_LOCATION=", "GOOGLE_API_KEY="):  # fmt: skip
        assert name in env


def test_export_from_a_report_uses_the_registry_the_scan_read(
    run: Runner, providers: Providers, tmp_path: Path
) -> None:
    # A report made with a registry of one's own: export reads that registry (the report's
    # `registry` field) instead of the bundled one, which would silently list no model.
    providers.add("moonshot", id="acme")  # a provider the bundled registry does not have
    report = tmp_path / "scan.json"
    code, _, _ = providers.scan(run, "--no-history", "-o", str(report))
    assert code == 0
    result = run("export", "litellm", "--report", str(report), env=providers.env)
    assert result.code == 0, result.err
    names = [m["model_name"] for m in yaml.safe_load(result.out)["model_list"]]
    assert names == ["acme/kimi-k3"]

    wrong = run("export", "litellm", "--report", str(report), "--registry",
                str(write_registry(tmp_path / "other.yaml", [])))  # fmt: skip
    assert wrong.code == 2 and wrong.out == ""
    assert wrong.err.startswith("accesscheck: error: ") and wrong.err.count("\n") == 1
    assert "are not in the registry" in wrong.err and "--registry PATH" in wrong.err

    (tmp_path / "providers.yaml").unlink()
    gone = run("export", "env", "--report", str(report))
    assert gone.code == 2 and gone.out == "" and gone.err.count("\n") == 1
    assert "cannot be read here" in gone.err and "--registry PATH" in gone.err
