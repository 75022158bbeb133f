"""The shipped JSON Schemas (issue #16): generated from the code, printed by `accesscheck
schema`, and able to fail — the bundled registry, the README's examples and every report the
suite writes are validated against them with check-jsonschema (tests/schemacheck.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import is_dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter

from accesscheck import outputs
from accesscheck.choices import MatrixFormat, SchemaName
from accesscheck.errors import ConfigError
from accesscheck.model import RegistryAge, Status, Vantage
from accesscheck.outputs import stale_registry
from accesscheck.registry import (
    Model,
    Provider,
    Registry,
    bundled_text,
    endpoint_of,
    load,
    load_text,
)
from accesscheck.report.json import report_dict
from accesscheck.report.jsondoc import SummaryDoc
from accesscheck.scanner import ScanOptions, run_scan
from accesscheck.schemas import generate, shipped
from tests.conftest import Runner
from tests.report.test_renderers import REPORT
from tests.schemacheck import WRITTEN, check

REPO = Path(__file__).parents[1]


@pytest.mark.parametrize("name", list(SchemaName))
def test_the_shipped_schema_is_what_the_code_generates(name: SchemaName) -> None:
    assert shipped(name) == generate.text(name), (
        f"accesscheck/schemas/{name}.schema.json is stale (the models, or README's registry "
        "table, changed): run `python3 -m accesscheck.schemas.generate` and commit the result"
    )


def test_the_registry_schema_says_what_each_field_means_in_the_readmes_words() -> None:
    """The editor's hover text is the contract's table (README "The registry"), field by
    field; a row naming a field the models lack stops the generator."""
    schema = json.loads(shipped(SchemaName.REGISTRY))
    undescribed = [
        f"{name}.{field}"
        for name in ("Provider", "Model", "Auth", "ProviderOverride")
        for field, spec in schema["definitions"][name]["properties"].items()
        if "description" not in spec and field not in ("auth", "models")  # their own rows
    ]
    assert undescribed == []
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    docs = generate.registry_docs(readme)
    assert docs["providers[].models[].checked"] == "provenance (`YYYY-MM-DD`)"
    assert "the wire dialect" in docs["providers[].api"]
    with pytest.raises(KeyError, match="colour"):
        generate.registry_schema_with(readme.replace("`providers[].hq`", "`providers[].colour`"))


def test_the_report_schema_says_what_its_tabled_fields_mean_in_the_readmes_words() -> None:
    schema = json.loads(shipped(SchemaName.REPORT))
    undescribed = [
        f"{name}.{field}"
        for name in ("ResultDoc", "ProviderDoc", "VantageDoc")
        for field, spec in schema["definitions"][name]["properties"].items()
        if "description" not in spec and field != "vantage"  # the multi-vantage tag: prose
    ]
    assert undescribed == []
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert generate.report_docs(readme)["ProviderDoc", "key_set"] == (
        "whether a usable key was found"
    )
    with pytest.raises(KeyError, match="colour"):
        generate.report_schema_with(readme.replace("| `key_set` |", "| `colour` |"))


@pytest.mark.parametrize("name", list(SchemaName))
def test_the_schema_command_prints_the_shipped_schema(run: Runner, name: SchemaName) -> None:
    done = run("schema", name.value)
    assert done.code == 0, done.err
    assert done.out == shipped(name)
    assert json.loads(done.out)["$schema"] == generate.DRAFT


def test_an_unknown_schema_name_is_a_usage_error_naming_the_choices(run: Runner) -> None:
    done = run("schema", "registyr")
    assert done.code == 2
    assert "'registry'" in done.err and "'report'" in done.err
    assert done.out == ""


def test_the_schema_command_imports_no_heavy_module() -> None:
    """--help imports no pydantic (start-up, #12); printing reads the shipped file and never
    loads the registry models or the generator."""
    probe = (
        "import sys\n"
        "from accesscheck.cli import main\n"
        "sys.argv = ['accesscheck', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('pydantic', 'accesscheck.registry', "
        "'accesscheck.schemas.generate') if m in sys.modules), file=sys.stderr)"
    )
    helped = subprocess.run([sys.executable, "-c", probe, "schema", "--help"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert "Usage: accesscheck schema" in helped.stdout
    assert helped.stderr.strip().splitlines()[-1] == "[]", helped.stderr
    printed = subprocess.run([sys.executable, "-c", probe, "schema", "registry"], cwd=REPO,
                             capture_output=True, text=True, timeout=60)  # fmt: skip
    assert json.loads(printed.stdout)["title"].startswith("accesscheck registry")
    # typer itself coerces the argument with pydantic; nothing of ours is loaded
    assert "accesscheck" not in printed.stderr.strip().splitlines()[-1], printed.stderr


def test_the_bundled_registry_matches_its_schema() -> None:
    ok, output = check(SchemaName.REGISTRY, [REPO / "providers.yaml"])
    assert ok, output


def test_the_bundled_registry_names_its_schema_in_a_modeline() -> None:
    """An editor running yaml-language-server finds the schema from the first line, a path
    relative to the file: beside the installed accesscheck/providers.yaml is schemas/, and
    beside the repository's providers.yaml the `schemas` link to accesscheck/schemas."""
    first = (REPO / "providers.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schemas/registry.schema.json"
    target = first.split("$schema=", 1)[1]
    # the package's file; and the repository's (an sdist has no `schemas` link: hatch leaves
    # out a link to a directory, and the sdist is not where the registry is edited)
    places = [REPO / "accesscheck", *([REPO] if (REPO / ".git").exists() else [])]
    for beside in places:
        assert (beside / target).read_text(encoding="utf-8") == shipped(SchemaName.REGISTRY)


def test_the_registry_schema_can_fail(tmp_path: Path) -> None:
    """A typo'd dialect, an unknown field, a one-string env and a partial provider: the
    schema refuses what the loader refuses, and takes the partial provider only under
    `extends: builtin`."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\nproviders:\n  - {id: x, name: X, api: opneai, base_url: null}\n"
        "  - {id: y, name: Y, api: openai, base_url: null, colour: red}\n"
    )
    ok, output = check(SchemaName.REGISTRY, [bad])
    assert not ok
    assert "opneai" in output and "colour" in output
    partial = "version: 1\nproviders:\n  - {id: openai, auth: {env: MY_OPENAI_KEY}}\n"
    alone, extending = tmp_path / "alone.yaml", tmp_path / "extending.yaml"
    alone.write_text(partial)
    extending.write_text("extends: builtin\n" + partial)
    assert not check(SchemaName.REGISTRY, [alone])[0]
    ok, output = check(SchemaName.REGISTRY, [extending])
    assert ok, output


def test_the_report_schema_can_fail(tmp_path: Path) -> None:
    doc = json.loads(json.dumps(report_dict(REPORT)))
    good = tmp_path / "good.json"
    good.write_text(json.dumps(doc))
    assert check(SchemaName.REPORT, [good])[0]
    doc["results"][0]["status"] = "reachabel"
    del doc["summary"]["gated"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    ok, output = check(SchemaName.REPORT, [bad])
    assert not ok
    assert "reachabel" in output and "gated" in output


def test_the_summary_has_a_count_for_every_status() -> None:
    assert {s.value for s in Status} <= set(SummaryDoc.__annotations__)


def test_every_writer_of_reports_is_recorded_for_validation() -> None:
    """The conftest check sees the streamed report and the multi-vantage one, even where a
    module bound the writer by name (outputs.render_many)."""
    WRITTEN.clear()
    outputs.show(REPORT, outputs.Format.JSON, _Sink(), color=False, verbose=False)
    there = replace(REPORT, vantage=Vantage("there"))
    outputs.vantage_renderer([REPORT, there], 0)(MatrixFormat.JSON)
    assert len(WRITTEN) == 2
    assert json.loads(WRITTEN[1])["vantages"][1]["name"] == "there"


def test_a_report_a_child_process_prints_is_recorded_for_validation(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "version: 1\nproviders:\n  - {id: p, name: P, api: openai, base_url: null, "
        "models: [{id: m}]}\n"
    )
    WRITTEN.clear()
    for fmt in ("json", "table"):  # the table is not a report
        subprocess.run([sys.executable, "-m", "accesscheck", "scan", "--registry", str(path),
                        "--no-history", "--format", fmt], capture_output=True, timeout=60)  # fmt: skip
    assert len(WRITTEN) == 1
    assert json.loads(WRITTEN[0])["results"][0]["reason"] == "no_endpoint"


class _Sink:
    def writelines(self, pieces: object) -> None:
        list(pieces)  # type: ignore[call-overload]


# ---- staleness: the registry's age on the scan date (issue #16)


def _dated_registry(path: Path, provider_checked: str, model_checked: str | None = None) -> Path:
    model = f"\n        checked: '{model_checked}'" if model_checked else ""
    path.write_text(
        "version: 1\nproviders:\n  - id: p\n    name: P\n    api: openai\n    base_url: null\n"
        f"    checked: '{provider_checked}'\n    models:\n      - id: m{model}\n"
    )
    return path


@pytest.mark.parametrize(("today", "days", "stale"), [
    (date(2026, 3, 2), 60, False),  # 60 days: still current
    (date(2026, 3, 3), 61, True),  # 61 days: stale
])  # fmt: skip
def test_the_registry_is_stale_more_than_60_days_after_its_newest_check(
    tmp_path: Path, today: date, days: int, stale: bool
) -> None:
    # the model's date is the newest: it counts, not the provider's
    reg = load(_dated_registry(tmp_path / "r.yaml", "2025-06-01", "2026-01-01"))
    report = run_scan(reg, ScanOptions(today=today, vantage_name="here"))
    assert report.registry_age == RegistryAge("2026-01-01", days)
    assert report_dict(report)["registry_age"] == {
        "checked": "2026-01-01", "days": days, "stale": stale
    }  # fmt: skip
    said: list[str] = []
    stale_registry(report, said.append)
    assert len(said) == stale
    if stale:
        assert "2026-01-01" in said[0] and "61 days" in said[0]
        assert "accesscheck discover --catalog models.dev" in said[0]


def test_the_library_report_carries_the_registry_age(tmp_path: Path) -> None:
    import accesscheck

    today = datetime.now(UTC).date()
    path = _dated_registry(tmp_path / "r.yaml", (today - timedelta(days=90)).isoformat())
    age = accesscheck.scan(path, environ={}).registry_age
    assert age is not None and age.stale and age.days == 90


def test_a_registry_without_dates_has_no_age(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("version: 1\nproviders:\n  - {id: p, name: P, api: openai, base_url: null}\n")
    report = run_scan(load(path), ScanOptions(vantage_name="here"))
    assert report.registry_age is None
    assert report_dict(report)["registry_age"] is None


@pytest.mark.parametrize("vantages", [(), ("--vantage", "a=direct", "--vantage", "b=direct")])
def test_a_stale_registry_is_said_once_on_stderr(
    run: Runner, tmp_path: Path, vantages: tuple[str, ...]
) -> None:
    today = datetime.now(UTC).date()
    old = _dated_registry(tmp_path / "old.yaml", (today - timedelta(days=200)).isoformat())
    done = run("scan", "--registry", str(old), "--format", "json", "--no-history", *vantages)
    assert done.err.count("accesscheck: warning: the registry was last checked on") == 1
    assert "`accesscheck discover --catalog models.dev`" in done.err
    assert json.loads(done.out)["registry_age"]["stale"] is True
    fresh = _dated_registry(tmp_path / "fresh.yaml", today.isoformat())
    done = run("scan", "--registry", str(fresh), "--format", "json", "--no-history", *vantages)
    assert "last checked" not in done.err
    assert json.loads(done.out)["registry_age"] == {
        "checked": today.isoformat(), "days": 0, "stale": False
    }  # fmt: skip


# ---- extends: builtin overrides any field of a bundled provider (issue #16)

MODELINE = "# yaml-language-server: $schema=registry.schema.json"


def _readme_registries() -> list[str]:
    """The README's registry examples: every YAML block that starts with the modeline."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    return [b for b in blocks if b.startswith(MODELINE + "\n")]


def test_the_readme_registry_examples_match_the_schema_and_load(tmp_path: Path) -> None:
    examples = _readme_registries()
    assert len(examples) >= 3  # the contract's example, adding a provider, overriding one
    files = []
    for i, example in enumerate(examples):
        files.append(tmp_path / f"example-{i}.yaml")
        files[-1].write_text(example, encoding="utf-8")
        load(files[-1])
    ok, output = check(SchemaName.REGISTRY, files)
    assert ok, output


def test_the_readme_override_example_overrides_a_regional_host_and_env_vars(
    tmp_path: Path,
) -> None:
    (example,) = [e for e in _readme_registries() if "# regional.yaml" in e]
    path = tmp_path / "regional.yaml"
    path.write_text(example, encoding="utf-8")
    bundled = {p.id: p for p in load_text(bundled_text(), "builtin").providers}
    providers = {p.id: p for p in load(path).providers}
    assert providers.keys() == bundled.keys()
    qwen = providers["dashscope"]
    assert qwen.base_url == "https://dashscope-us.aliyuncs.com/compatible-mode/v1"
    assert qwen.alt_base_urls == ()
    assert qwen.auth.env == ("QWEN_US_API_KEY",)
    assert [m.id for m in qwen.models] == [m.id for m in bundled["dashscope"].models]
    plus = next(m for m in qwen.models if m.id == "qwen3.7-plus")
    assert plus.required and plus.name == "Qwen 3.7 Plus"  # the rest of the model is kept
    assert qwen.source == bundled["dashscope"].source
    openai = providers["openai"]
    assert (openai.base_url, openai.base_url_env) == (None, "OPENAI_BASE_URL")
    gateway = "https://llm.example.com/v1"
    assert endpoint_of(openai, {"OPENAI_BASE_URL": gateway}) == gateway
    assert endpoint_of(openai, {}) is None  # unset: unknown/no_endpoint, nothing sent


# One value per field, unlike the bundled openai provider's own (and its first model's).
PROVIDER_FIELDS: dict[str, object] = {
    "name": "OpenAI (EU)",
    "api": "anthropic",
    "base_url": "https://eu.llm.example.com/v1",
    "auth": {"env": ["OPENAI_EU_KEY", "OPENAI_API_KEY"]},
    "base_url_env": "OPENAI_BASE_URL",  # alone: it replaces the bundled base_url
    "base_path": "/projects/{MY_PROJECT}",
    "family": "openrouter",
    "alt_base_urls": ["https://us.llm.example.com/v1"],
    "check_base_url": "https://check.example.com",
    "trace_url": None,
    "list_models": False,
    "hq": "IE",
    "countries_page": "https://example.com/countries",
    "countries": {"served": ["IE"], "source": "https://example.com/c", "checked": "2026-11-30"},
    "kind": "local",
    "source": "https://example.com/eu",
    "checked": "2026-11-30",
    "note": "EU residency",
}
MODEL_FIELDS: dict[str, object] = {
    "name": "GPT (EU)",
    "required": True,
    "stage": "preview",
    "limited_to": "EU customers",
    "shutdown": "2027-01-01",
    "endpoint": "unknown",
    "verified": False,
    "source": "https://example.com/m",
    "checked": "2026-11-30",
    "note": "EU copy",
    "events": [{"date": "2026-11-30", "what": "moved", "source": "https://example.com/e"}],
    "tier": "fast",
    "capabilities": ["vision"],
    "open_weights": True,
    "upstream": ["meta"],
    "same_as": "openai/gpt-6.1-sol",
    "profile_source": "https://example.com/p",
}


def _override(tmp_path: Path, provider: dict[str, object]) -> Registry:
    path = tmp_path / "override.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "extends": "builtin", "providers": [provider]}))
    assert check(SchemaName.REGISTRY, [path])[0]  # the schema takes every override too
    return load(path)


def _plain(value: object) -> object:
    """A loaded value as YAML wrote it: tuples as lists, enums and models as plain data."""
    if isinstance(value, BaseModel) or is_dataclass(value):  # Model and Event: pydantic dataclasses
        dumped = TypeAdapter(type(value)).dump_python(value, exclude_defaults=True)
        return {k: _plain(v) for k, v in dumped.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value.value if isinstance(value, StrEnum) else value


def test_every_field_has_an_override_case() -> None:
    assert PROVIDER_FIELDS.keys() == Provider.model_fields.keys() - {"id", "models"}
    assert MODEL_FIELDS.keys() == Model.__pydantic_fields__.keys() - {"id"}


@pytest.mark.parametrize(("field", "value"), PROVIDER_FIELDS.items())
def test_a_bundled_providers_field_can_be_overridden(
    tmp_path: Path, field: str, value: object
) -> None:
    bundled = next(p for p in load_text(bundled_text(), "builtin").providers if p.id == "openai")
    assert _plain(getattr(bundled, field)) != value
    loaded = next(p for p in _override(tmp_path, {"id": "openai", field: value}).providers
                  if p.id == "openai")  # fmt: skip
    assert _plain(getattr(loaded, field)) == value
    assert loaded.models == bundled.models


@pytest.mark.parametrize(("field", "value"), MODEL_FIELDS.items())
def test_a_bundled_models_field_can_be_overridden(
    tmp_path: Path, field: str, value: object
) -> None:
    bundled = next(p for p in load_text(bundled_text(), "builtin").providers if p.id == "openai")
    first = bundled.models[0]
    assert _plain(getattr(first, field)) != value
    loaded = _override(tmp_path, {"id": "openai", "models": [{"id": first.id, field: value}]})
    models = next(p for p in loaded.providers if p.id == "openai").models
    assert _plain(getattr(models[0], field)) == value
    assert [m.id for m in models] == [m.id for m in bundled.models]


def test_base_url_replaces_a_bundled_base_url_env(tmp_path: Path) -> None:
    url = "https://my-resource.openai.azure.com/openai/v1"
    loaded = _override(tmp_path, {"id": "azure-openai", "base_url": url})
    azure = next(p for p in loaded.providers if p.id == "azure-openai")
    assert (azure.base_url, azure.base_url_env) == (url, None)


@pytest.mark.parametrize("doc", [
    {"providers": {"id": "openai"}},
    {"providers": [{"id": "openai", "models": {"id": "gpt-6.1-sol", "required": True}}]},
    {"labs": "meta"},
])  # fmt: skip
def test_an_override_that_is_not_a_list_is_a_located_error(
    tmp_path: Path, doc: dict[str, object]
) -> None:
    """It used to be dropped without a word: the scan ran on the bundled registry alone."""
    path = tmp_path / "user.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "extends": "builtin", **doc}))
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}:\d+:\d+: .*must be a list"):
        load(path)


def test_the_report_files_a_child_command_names_are_its_outputs(tmp_path: Path) -> None:
    """A child's -o file and the baseline it rewrites are out of reach of the in-process
    writer: they are read after the child ends. Its inputs are not its writing."""
    from tests.schemacheck import _written_by

    out, base = tmp_path / "r.json", tmp_path / "b.json"
    command = ["python", "-m", "accesscheck", "scan", "-o", str(out), "--output", "x.md",
               "--baseline", str(base)]  # fmt: skip
    assert _written_by(command) == [out]
    assert _written_by([*command, "--update-baseline"]) == [out, base]
    assert _written_by(["python", "-m", "accesscheck", "merge", "-o", str(out)]) == []
