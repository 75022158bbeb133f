"""`accesscheck discover`: the providers' own lists against the registry."""

from __future__ import annotations

import json
from pathlib import Path

from accesscheck import registry
from tests.conftest import CANARY, Runner, provider_entry, write_registry
from tests.emulator.server import OK, Emulator, Scenario


def test_discover_new_missing_and_lifecycle(run: Runner, tmp_path: Path) -> None:
    openai_scenario = Scenario(
        models={"gpt-5.5": OK, "gpt-4.1-old": OK},
        unlisted={"gpt-4.1-old"},
        lifecycle={"gpt-5.5": {"shutdown_date": "2027-04-23"}},
    )
    claude_scenario = Scenario(
        models={"claude-opus-4-8": OK, "claude-haiku-4-8": OK},  # 3 listed: two pages of 2
        lifecycle={"claude-opus-4-8": {"lifecycle": "deprecated", "retires_at": "2027-05-28"}},
    )
    with (
        Emulator("openai", key=CANARY, scenario=openai_scenario) as openai,
        Emulator("anthropic", key=CANARY, scenario=claude_scenario) as claude,
        Emulator("openai", family="perplexity", key=CANARY) as perplexity,
    ):
        path = write_registry(tmp_path / "r.yaml", [
            provider_entry("openai", "openai", openai.base_url, ["gpt-5.5", "gpt-4.1-old"], env="OPENAI_API_KEY"),
            provider_entry("anthropic", "anthropic", claude.base_url, ["claude-opus-4-8"], env="ANTHROPIC_API_KEY"),
            provider_entry("perplexity", "openai", perplexity.base_url, ["sonar"], env="PERPLEXITY_API_KEY",
                           list_models=False),
        ])  # fmt: skip
        env = {"OPENAI_API_KEY": CANARY, "ANTHROPIC_API_KEY": CANARY, "PERPLEXITY_API_KEY": CANARY}
        fragment_path = tmp_path / "new-models.yaml"
        result = run(
            "discover",
            "--registry",
            str(path),
            "--format",
            "json",
            "--yaml",
            str(fragment_path),
            env=env,
        )
        text = run("discover", "--registry", str(path), "--provider", "openai", env=env)
        assert perplexity.requests == []  # no list to read: nothing sent
        # Anthropic's two pages were read (the second after the first's last id), then no more
        assert [r.path.partition("&")[2] for r in claude.requests] == [
            "",
            "after_id=claude-opus-4-8",
        ]
    assert result.code == 0
    doc = json.loads(result.out)
    by_id = {p["id"]: p for p in doc["providers"]}
    assert by_id["openai"]["new"] == ["listed-extra-model"]
    assert by_id["openai"]["missing"] == ["gpt-4.1-old"]
    assert by_id["openai"]["lifecycle"] == {"gpt-5.5": {"shutdown_date": "2027-04-23"}}
    assert by_id["anthropic"]["lifecycle"] == {
        "claude-opus-4-8": {"lifecycle": "deprecated", "retires_at": "2027-05-28"}
    }
    assert by_id["anthropic"]["listed"] == 3  # both pages were read
    assert (by_id["perplexity"]["status"], by_id["perplexity"]["reason"]) == (
        "unknown",
        "deep_required",
    )

    merged = registry.load(
        fragment_path
    )  # the fragment is a registry of its own (extends: builtin)
    added = {m.id: m for p in merged.providers if p.id == "openai" for m in p.models}
    assert not added["listed-extra-model"].verified
    assert added["listed-extra-model"].source.endswith("model list (discovered by accesscheck)")  # type: ignore[union-attr]

    assert text.out.splitlines() == [
        "openai: 2 models listed; 1 new, 1 no longer listed",
        "  + listed-extra-model  (listed by the provider, not in the registry)",
        "  - gpt-4.1-old  (in the registry, not listed)",
        "  ! gpt-5.5  shutdown_date: 2027-04-23",
    ]


def test_discover_unknown_provider(run: Runner) -> None:
    result = run("discover", "--provider", "opneai")
    assert result.code == 2
    assert (
        result.err
        == "accesscheck: error: --provider 'opneai': not in the registry (did you mean 'openai'?)\n"
    )


def test_discover_yaml_of_an_own_registry_loads_and_scans(run: Runner, tmp_path: Path) -> None:
    # A registry of one's own, not extending the bundled one, with a provider the bundled
    # registry lacks: the --yaml file must be a registry that loads and scans (issue #11),
    # not `extends: builtin` plus a provider entry with no api or base_url.
    with Emulator("openai", family="acme", key=CANARY) as acme:
        path = write_registry(tmp_path / "my.yaml", [
            provider_entry("acme", "openai", acme.base_url, ["gpt-5.5"], env="ACME_API_KEY"),
        ])  # fmt: skip
        env = {"ACME_API_KEY": CANARY}
        written = tmp_path / "new.yaml"
        found = run("discover", "-r", str(path), "--yaml", str(written), env=env)
        assert found.code == 0, found.err
        reg = registry.load(written)
        assert [p.id for p in reg.providers] == ["acme"]  # nothing of the bundled registry
        added = {m.id: m for m in reg.providers[0].models}
        assert set(added) == {"gpt-5.5", "listed-extra-model"}
        assert not added["listed-extra-model"].verified
        scan = run("scan", "-r", str(written), "--no-history", "-f", "json", env=env)
    assert scan.code == 0, scan.err
    results = {r["ref"]: r["status"] for r in json.loads(scan.out)["results"]}
    assert set(results) == {"acme/gpt-5.5", "acme/listed-extra-model"}
    assert results["acme/listed-extra-model"] == "reachable"


def test_discover_yaml_of_a_file_extending_the_bundled_registry(
    run: Runner, tmp_path: Path
) -> None:
    # A file that extends the bundled registry and points OpenAI elsewhere: the written file is
    # that file again (still `extends: builtin`, the override kept) plus the new models.
    with Emulator("openai", key=CANARY) as openai:
        path = tmp_path / "mine.yaml"
        path.write_text(
            "version: 1\nextends: builtin\nproviders:\n"
            f"  - id: openai\n    base_url: {openai.base_url}\n"
        )
        written = tmp_path / "new.yaml"
        found = run("discover", "-r", str(path), "-p", "openai", "--yaml", str(written),
                    env={"OPENAI_API_KEY": CANARY})  # fmt: skip
    assert found.code == 0, found.err
    assert "extends: builtin" in written.read_text()
    reg = registry.load(written)
    (openai_entry,) = [p for p in reg.providers if p.id == "openai"]
    assert openai_entry.base_url == openai.base_url
    ids = [m.id for m in openai_entry.models]
    assert "listed-extra-model" in ids and "gpt-5.5" in ids and len(ids) == len(set(ids))
    assert len(reg.providers) == len(registry.load().providers)  # the bundled ones, once each
