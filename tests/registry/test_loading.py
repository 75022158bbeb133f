"""The registry contract: strict validation with one-line, located errors and exit code 2."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from accesscheck import registry
from accesscheck.errors import ConfigError
from accesscheck.model import Stage
from accesscheck.providers import DIALECTS
from accesscheck.registry import yamlsource
from accesscheck.urls import is_loopback_host
from tests.conftest import CANARY, REPO, Runner

GOOD = """version: 1
providers:
  - id: local
    name: Local
    api: openai
    base_url: http://127.0.0.1:8000/v1
    auth: {env: LOCAL_KEY}
    models:
      - id: m1
"""


def error_of(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        registry.load_text(text, "r.yaml")
    message = str(caught.value)
    assert "\n" not in message
    return message


ISSUE_3_PROVIDERS = {
    "openai",
    "anthropic",
    "gemini",
    "mistral",
    "deepseek",
    "xai",
    "groq",
    "together",
    "fireworks",
    "openrouter",
    "perplexity",
    "moonshot",
    "zhipu",
    "dashscope",
    "minimax",
    "qihoo360",
    "sakana",
    "vllm",
    "cohere",
    "ollama",
    "azure-openai",
    "bedrock",
    "vertex",
}


def test_bundled_registry_is_valid_and_sourced() -> None:
    reg = registry.load(environ={})
    assert reg.source == "builtin"
    assert {p.id for p in reg.providers} >= ISSUE_3_PROVIDERS
    for provider in reg.providers:
        assert provider.api in DIALECTS
        assert provider.source and provider.checked, provider.id
        assert provider.hq or (
            provider.base_url and is_loopback_host(urlsplit(provider.base_url).hostname or "")
        ), f"{provider.id} has no hq"
        for model in provider.models:
            assert model.source and model.checked, f"{provider.id}/{model.id} has no source or date"
            for event in model.events:
                assert event.source and event.date


def test_bundled_registry_tells_the_seed_stories() -> None:
    reg = registry.load(environ={})
    models = {f"{p.id}/{m.id}": m for p, m in reg.refs()}
    for ref in ("openai/gpt-5.6-sol", "openai/gpt-5.6-terra", "openai/gpt-5.6-luna"):
        assert any("government" in e.what for e in models[ref].events), ref
    fable = models["anthropic/claude-fable-5"]
    assert [e.date for e in fable.events] == [
        "2026-06-09",
        "2026-06-12",
        "2026-06-30",
        "2026-07-01",
    ]
    assert models["anthropic/claude-mythos-5"].stage is Stage.LIMITED
    assert models["anthropic/claude-mythos-5"].limited_to
    assert {"sakana/fugu", "sakana/fugu-ultra", "sakana/fugu-max"} <= set(models)
    tulongfeng = models["qihoo360/tulongfeng"]
    assert not tulongfeng.endpoint_known and not tulongfeng.verified
    assert models["deepseek/deepseek-chat"].stage is Stage.RETIRED
    assert models["deepseek/deepseek-chat"].shutdown == "2026-07-24"


def test_bundled_hedge_profiles_are_cited_and_resolve() -> None:
    from accesscheck.hedge import profiles
    from accesscheck.model import ProviderKind

    reg = registry.load(environ={})
    for provider, model in reg.refs():
        if model.tier or model.capabilities or model.open_weights is not None:
            assert model.profile_source, f"{provider.id}/{model.id}: profile without a source"
    table = profiles(reg)
    kinds = {p.id: p.kind for p in reg.providers}
    assert kinds["openrouter"] is ProviderKind.GATEWAY
    assert kinds["sakana"] is ProviderKind.ORCHESTRATOR
    assert {kinds[p] for p in ("bedrock", "azure-openai", "vertex", "groq", "together")} == {
        ProviderKind.HOST
    }
    # hosted copies answer with their lab's model and carry its profile
    azure = table["azure-openai/gpt-5.5"]
    assert (
        azure.upstream == {"openai"} and azure.capabilities == table["openai/gpt-5.5"].capabilities
    )
    assert table["openrouter/sakana/fugu-ultra"].upstream == {"openai", "anthropic", "gemini"}
    assert table["groq/llama-3.3-70b-versatile"].jurisdictions == {"US"}  # Meta, from labs:
    assert table["deepseek/deepseek-v4-pro"].jurisdictions == {"CN"}
    assert any(p.tier for p in table.values()) and sum(p.described for p in table.values()) > 30


def test_bundled_registry_ships_inside_the_package() -> None:
    assert registry.bundled_text() == (REPO / "providers.yaml").read_text()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("    api: openai\n", "    api: openai\n    bsae_url: x\n"),
            "r.yaml:6:5: providers[0].bsae_url: unknown field (did you mean 'base_url'?)",
        ),
        (
            GOOD.replace("      - id: m1\n", "      - id: m1\n        requird: true\n"),
            "r.yaml:10:9: providers[0].models[0].requird: unknown field (did you mean 'required'?)",
        ),
        (
            GOOD.replace("api: openai", "api: opneai"),
            "r.yaml:5:10: providers[0].api: unknown api 'opneai' (did you mean 'openai'?)",
        ),
        (
            GOOD.replace("      - id: m1\n", "      - id: m1\n        required: yes\n"),
            "r.yaml:10:19: providers[0].models[0].required: Input should be a valid boolean",
        ),
        (
            GOOD.replace("version: 1", "version: 2"),
            "r.yaml:1:10: version: this accesscheck reads registry version 1 (write version: 1)",
        ),
        (
            GOOD
            + "  - id: local\n    name: Again\n    api: openai\n    base_url: https://a.example\n",
            "r.yaml:10:9: providers[1].id: duplicate provider id 'local'",
        ),
        (
            GOOD + "      - id: m1\n",
            "r.yaml:10:13: providers[0].models[1].id: duplicate model id 'm1'",
        ),
        ("version: 1\nversion: 1\n", "r.yaml:2:1: version: duplicate key (first at line 1)"),
        (
            GOOD.replace("http://127.0.0.1:8000/v1", "http://api.example.com/v1"),
            "r.yaml:6:15: providers[0].base_url: http:// is allowed only to loopback hosts (127.0.0.0/8, ::1, localhost)",
        ),
        (
            GOOD.replace("http://127.0.0.1:8000/v1", "api.openai.com/v1"),
            "r.yaml:6:15: providers[0].base_url: URL must start with https://",
        ),
        (
            GOOD.replace("http://127.0.0.1:8000/v1", "ftp://x.example"),
            "r.yaml:6:15: providers[0].base_url: URL scheme must be https, not 'ftp'",
        ),
        (
            GOOD.replace("http://127.0.0.1:8000/v1", "https://api.openai.com:443@evil.example/v1"),
            "r.yaml:6:15: providers[0].base_url: credentials in a URL are not allowed",
        ),
        (
            GOOD.replace("http://127.0.0.1:8000/v1", '"https://api.example.com/v1?x=1"'),
            "r.yaml:6:15: providers[0].base_url: URL must not have a query or fragment (keys go in headers)",
        ),
        (
            GOOD.replace("http://127.0.0.1:8000/v1", '"https://api.example.com:99999"'),
            "r.yaml:6:15: providers[0].base_url: URL port must be a number from 1 to 65535",
        ),
        (
            GOOD.replace("http://127.0.0.1:8000/v1", '"https://"'),
            "r.yaml:6:15: providers[0].base_url: URL has no host",
        ),
        (
            GOOD.replace("http://127.0.0.1:8000/v1", '"https://аpi.openai.com"'),
            "r.yaml:6:15: providers[0].base_url: URL host is not ASCII; write it in punycode (xn--…)",
        ),
        (
            GOOD.replace("http://127.0.0.1:8000/v1", '"https://api openai.com"'),
            "r.yaml:6:15: providers[0].base_url: URL contains whitespace",
        ),
        (
            GOOD.replace("{env: LOCAL_KEY}", "{env: [LOCAL_KEY, 3BAD]}"),
            "r.yaml:7:29: providers[0].auth.env[1]: has characters or a form this field does not allow",
        ),
        (GOOD.replace("    name: Local\n", ""), "r.yaml:3:5: providers[0].name: is required"),
        (
            "version: 1\nproviders: &a []\nx: *a\n",
            "r.yaml:2:12: YAML anchors and aliases are not allowed in a registry",
        ),
        (
            "version: 1\nproviders: !!python/object/apply:os.system [echo hi]\n",
            "r.yaml:2:12: YAML tags are not allowed in a registry",
        ),
        ("version: 1\n---\nversion: 1\n", "r.yaml:2:1: expected a single YAML document"),
        ("version: 1\nproviders: [\n", "r.yaml:3:1: did not find expected node content"),
        ("- 1\n- 2\n", "r.yaml:1:1: expected a mapping at the top level (version:, providers:)"),
        ("", "r.yaml: registry is empty"),
        ("# only a comment\n", "r.yaml: registry is empty"),
        ("version: 1\nproviders: " + "[" * 100 + "]" * 100 + "\n", "r.yaml:2:"),
        (
            'version: 1\nproviders:\n  - id: x\n    name: "\\x1b[31mred"\n',
            "r.yaml:4:11: providers[0].name: control character in value",
        ),
        ("version: 1\nextends: other\n", "r.yaml:2:10: extends: only 'builtin' is supported"),
    ],
)
def test_bad_registries(text: str, expected: str) -> None:
    assert error_of(text).startswith(expected)


def test_nesting_bomb_is_refused_quickly() -> None:
    started = time.monotonic()
    message = error_of("version: 1\nx: " + "[" * 10000 + "]" * 10000 + "\n")
    assert message.startswith("r.yaml:") and "nesting" in message
    assert time.monotonic() - started < 2


def test_alias_bomb_is_refused_before_it_expands() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    started = time.monotonic()
    assert "anchors and aliases" in error_of(bomb)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    "secret_line",
    [
        f"    auth: {{env: {CANARY}}}\n",
        f"    note: {CANARY}\n",
        f"    api_key: {CANARY}\n",
        "    note: AIzaFAKE1234567890abcdefghijklmnopqrsw\n",
    ],
)
def test_literal_secrets_are_refused_without_echo(secret_line: str) -> None:
    text = GOOD.replace("    auth: {env: LOCAL_KEY}\n", secret_line)
    message = error_of(text)
    assert CANARY not in message and "AIza" not in message
    assert "looks like a literal API key" in message or "unknown field" in message


def test_yaml_11_surprises_do_not_happen() -> None:
    text = GOOD.replace("    auth: {env: LOCAL_KEY}\n", "    auth: {env: LOCAL_KEY}\n    hq: NO\n")
    assert registry.load_text(text, "r.yaml").providers[0].hq == "NO"  # Norway, not False
    # 0123 is not octal 83: an id that looks like a number stays the text it was written as.
    assert (
        registry.load_text(GOOD.replace("id: m1", "id: 0123"), "r.yaml").providers[0].models[0].id
        == "0123"
    )


def test_encodings(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(GOOD.replace("\n", "\r\n").encode())
    assert registry.load(crlf).providers[0].id == "local"
    utf16 = tmp_path / "utf16.yaml"
    utf16.write_bytes(GOOD.encode("utf-16"))
    assert registry.load(utf16).providers[0].id == "local"
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(GOOD.replace("Local", "Lo\xe7al").encode("latin-1"))
    with pytest.raises(ConfigError, match=r"not valid UTF-8-SIG \(byte offset 48\)"):
        registry.load(latin)


def test_files_that_are_not_registries(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        registry.load(tmp_path / "missing.yaml")
    with pytest.raises(ConfigError, match="is a directory"):
        registry.load(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):
        registry.load(fifo)  # must not block reading it
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * (yamlsource.MAX_REGISTRY_BYTES + 10))
    with pytest.raises(ConfigError, match="larger than 1024 KiB"):
        registry.load(big)
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.yaml"
        locked.write_text(GOOD)
        locked.chmod(0)
        with pytest.raises(ConfigError, match="cannot read"):
            registry.load(locked)


def test_extends_builtin_overrides_and_adds(tmp_path: Path) -> None:
    text = """version: 1
extends: builtin
providers:
  - id: openai
    models:
      - id: gpt-5.5
        required: true
      - id: gpt-in-house
  - id: local
    name: Local vLLM
    api: openai
    base_url: http://localhost:8000/v1
    models: [{id: my-model}]
"""
    reg = registry.load_text(text, "mine.yaml")
    ids = [p.id for p in reg.providers]
    assert ids[:3] == ["openai", "anthropic", "gemini"] and ids[-1] == "local"
    openai = reg.providers[0]
    assert openai.base_url == "https://api.openai.com/v1"  # kept from the bundled registry
    models = {m.id: m for m in openai.models}
    assert models["gpt-5.5"].required is True and models["gpt-5.5"].source  # merged field by field
    assert "gpt-in-house" in models and "gpt-6.2-sol" in models


def test_extends_errors_point_at_the_users_file() -> None:
    text = "version: 1\nextends: builtin\nproviders:\n  - id: openai\n    models:\n      - id: gpt-5.5\n        requierd: true\n"
    assert error_of(text) == (
        "r.yaml:7:9: providers[0].models[8].requierd: unknown field (did you mean 'required'?)"
    )


def test_registry_from_environment(tmp_path: Path) -> None:
    path = tmp_path / "env.yaml"
    path.write_text(GOOD)
    assert registry.load(environ={"ACCESSCHECK_REGISTRY": str(path)}).source == str(path)
    assert registry.load(None, environ={}).source == "builtin"


def test_cli_reports_registry_errors_in_one_line(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("api: openai", "api: openai\n    base_url2: x"))
    for command in (["providers"], ["scan"], ["explain", "--provider", "local"]):
        result = run(*command, "--registry", str(path), stdin="{}")
        assert result.code == 2
        assert result.out == ""
        assert (
            result.err
            == f"accesscheck: error: {path}:6:5: providers[0].base_url2: unknown field (did you mean 'base_url'?)\n"
        )


def test_cli_providers_lists_keys_without_values(run: Runner, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(GOOD)
    result = run("providers", "--registry", str(path), env={"LOCAL_KEY": CANARY})
    assert result.code == 0
    assert "key: LOCAL_KEY [set]" in result.out
    assert "local/m1" in result.out
    result = run(
        "providers", "--registry", str(path), "--format", "json", env={"LOCAL_KEY": " bad\nkey "}
    )
    assert (
        '"key_problem": "LOCAL_KEY contains a control or space character at position 3"'
        in result.out
    )


def test_the_readme_table_lists_every_bundled_provider() -> None:
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("## Supported providers") : readme.index("### Adding a provider")]
    rows = {
        cells[1].strip("`"): cells
        for line in section.splitlines()
        if line.startswith("| `")
        for cells in [[c.strip() for c in line.split("|")]]
    }
    reg = registry.load(environ={})
    assert set(rows) == {p.id for p in reg.providers}
    tells = {"geo-block", "geo-block (region)", "network block", "gating", "quota", "none"}
    for provider in reg.providers:
        cells = rows[provider.id]
        assert cells[2] == provider.api and cells[3] == (provider.hq or "—"), provider.id
        for name in provider.auth.env:
            assert f"`{name}`" in cells[4], (provider.id, name)
        if provider.base_url_env:
            assert f"`{provider.base_url_env}`" in cells[4], provider.id
        assert set(cells[5].split(", ")) <= tells, provider.id


def test_issue_16_providers_are_bundled() -> None:
    reg = registry.load(environ={})
    by_id = {p.id: p for p in reg.providers}
    added = {"cerebras", "sambanova", "deepinfra", "siliconflow", "nvidia", "huggingface", "nebius",
             "novita", "upstage", "stepfun", "tencent", "volcengine", "qianfan", "azure-foundry",
             "vertex-anthropic"}  # fmt: skip
    assert added <= set(by_id)
    for provider_id in added:
        provider = by_id[provider_id]
        assert provider.source and provider.checked == "2026-12-01" and provider.hq, provider_id
        assert provider.models and all(m.checked == "2026-12-01" for m in provider.models)
    # a key made on one SiliconFlow site is refused by the other (chatboxai/chatbox#2573)
    assert by_id["siliconflow"].alt_base_urls == ("https://api.siliconflow.cn/v1",)
    # NVIDIA and Hugging Face list models this key may not call: their lists are not evidence
    assert not by_id["nvidia"].list_models and not by_id["huggingface"].list_models
    # a country list carries its source's date, not the day it was copied
    cerebras = by_id["cerebras"].countries
    assert cerebras is not None and {"CN", "HK"} <= set(cerebras.not_served)
    assert cerebras.checked == "2025-09-22"
    nvidia = by_id["nvidia"].countries
    assert nvidia is not None and nvidia.not_served == ("RU",) and nvidia.checked == "2026-03-26"
    # ids only third parties show are marked
    assert not next(
        m for m in by_id["volcengine"].models if m.id == "doubao-seed-1-8-251228"
    ).verified


def test_issue_16_named_models_are_bundled() -> None:
    """The models issue #16 names as gaps: present, the gated ones limited to whom they are,
    and Claude on Vertex's ids that only a third party shows marked as such."""
    models = {f"{p.id}/{m.id}": m for p in registry.load(environ={}).providers for m in p.models}
    named = {"anthropic/claude-opus-5", "anthropic/claude-sonnet-5", "openai/gpt-6-luna",
             "openai/gpt-5.5-pro", "deepseek/deepseek-v4-flash", "sakana/fugu-ultra-v1.0",
             "sakana/fugu-ultra-v1.1", "vertex-anthropic/claude-fable-5"}  # fmt: skip
    cyber = {"openai/gpt-6-cyber", "openai/gpt-5.6-cyber", "openai/gpt-5.5-cyber-preview",
             "openai/gpt-daybreak-red-latest"}  # fmt: skip
    assert named | cyber <= set(models), sorted(named | cyber - set(models))
    for ref in cyber:  # Daybreak Red: approval per organisation (developers.openai.com guide)
        assert models[ref].stage == Stage.LIMITED and models[ref].limited_to, ref
    assert models["openai/gpt-5.5-cyber-preview"].shutdown == "2027-02-01"
    assert all(m.checked == "2026-12-01" and m.source for r, m in models.items() if r in named)
    for ref in ("vertex-anthropic/claude-opus-5", "vertex-anthropic/claude-sonnet-5"):
        assert not models[ref].verified, ref
    assert models["vertex-anthropic/claude-fable-5"].verified


def test_the_readme_example_registry_is_valid() -> None:
    readme = (REPO / "README.md").read_text()
    start = readme.index("# my-providers.yaml")
    block = readme[start : readme.index("```", start)]
    reg = registry.load_text(block, "README.md")
    ids = {p.id for p in reg.providers}
    assert {"my-gateway", "ollama", "openai"} <= ids
    assert next(p for p in reg.providers if p.id == "ollama").models[0].id == "gemma4"


def test_cli_providers_shows_the_hedge_profiles(run: Runner) -> None:
    text = run("providers").out
    assert "openrouter (OpenRouter, api openai, hq US, gateway)" in text
    assert (
        "openai/gpt-6-sol  GPT-6 Sol  [balanced: coding, long-context, reasoning, tools, vision]"
        in text
    )
    assert "azure-openai/gpt-5.5" in text and "via openai]" in text
    doc = json.loads(run("providers", "--format", "json").out)
    fugu = next(
        m
        for p in doc["providers"]
        for m in p["models"]
        if m["ref"] == "openrouter/sakana/fugu-ultra"
    )
    assert fugu["upstream"] == ["anthropic", "gemini", "openai"] and fugu["jurisdictions"] == ["US"]
    assert fugu["tier"] is None and "coding" in fugu["capabilities"]


def test_a_registry_that_loads_is_read_without_marks_and_a_refused_one_with_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Marks cost more memory than a large registry's data (#12): a registry that loads is
    read once without them; one that is refused is read again, so the refusal is located."""
    from accesscheck.registry import loading

    reads: list[bool] = []
    real = loading.parse_yaml

    def counting(text: str, file: str, *, marks: bool = True) -> yamlsource.Located:
        reads.append(marks)
        return real(text, file, marks=marks)

    monkeypatch.setattr(loading, "parse_yaml", counting)
    good = "version: 1\nproviders:\n  - id: a\n    name: A\n    api: openai\n    base_url: https://a.test/v1\n    models: [{id: m}]\n"
    assert [p.id for p in registry.load_text(good, "g.yaml").providers] == ["a"]
    assert reads == [False]
    unmarked = yamlsource.parse_yaml(good, "g.yaml", marks=False)
    assert unmarked.data == yamlsource.parse_yaml(good, "g.yaml").data
    assert not unmarked.values and not unmarked.keys
    reads.clear()
    with pytest.raises(ConfigError, match=r"^b\.yaml:5:10: providers\[0\]\.api: unknown api"):
        registry.load_text(good.replace("api: openai", "api: opneai"), "b.yaml")
    assert reads == [False, True]


_MODELS = "version: 1\nproviders:\n  - id: a\n    name: A\n    api: openai\n    base_url: https://a.test/v1\n    models:\n"


@pytest.mark.parametrize(("tail", "error"), [
    ("      - just-a-string\n",
     "r.yaml:8:9: providers[0].models[0]: Input should be a valid dictionary or instance of Model"),
    ("      - id: m\n        events: [x]\n",
     "r.yaml:9:18: providers[0].models[0].events[0]: Input should be a valid dictionary or instance of Event"),
    ("      - id: m\n        events:\n          - {date: 2026-01-01, what: w, source: s, sauce: t}\n",
     "r.yaml:10:52: providers[0].models[0].events[0].sauce: unknown field (did you mean 'source'?)"),
    ("      - id: m\n        requird: true\n",
     "r.yaml:9:9: providers[0].models[0].requird: unknown field (did you mean 'required'?)"),
    ("      - id: m\n        events:\n          - {date: 2026-01-01, what: w}\n",
     "r.yaml:10:13: providers[0].models[0].events[0].source: is required"),
])  # fmt: skip
def test_a_models_refusals_read_as_every_other_fields(tail: str, error: str) -> None:
    # Model and Event are slotted pydantic dataclasses (#12: a quarter of the memory), whose
    # own error types (unexpected_keyword_argument, dataclass_type) read as a BaseModel's did.
    with pytest.raises(ConfigError) as refused:
        registry.load_text(_MODELS + tail, "r.yaml")
    assert str(refused.value) == error


def test_a_loaded_model_costs_a_few_hundred_bytes() -> None:
    # 50,000 models as pydantic BaseModels took 830 bytes each (a __dict__ and a set of the
    # fields given per instance): the registry was the scan's largest part (#12).
    import gc
    import tracemalloc

    models = "".join(f"      - id: model-{i:05d}\n" for i in range(2000))
    registry.load_text(_MODELS + models, "warm.yaml")
    gc.collect()
    tracemalloc.start()
    try:
        loaded = registry.load_text(_MODELS + models, "r.yaml")
        gc.collect()
        per_model = tracemalloc.get_traced_memory()[0] / 2000
    finally:
        tracemalloc.stop()
    assert len(loaded.providers[0].models) == 2000
    assert per_model < 400, per_model
