"""Every provider family of the bundled registry, scanned end to end against its emulator
personality (plain http on loopback; tests/test_scan.py covers the network side over TLS)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CANARY, Providers, Runner, write_registry
from tests.emulator.server import GATED, NOT_FOUND, OK, RETIRED, Emulator, Scenario

BUNDLED = Path(__file__).resolve().parent.parent / "providers.yaml"

# family → (dialect, model ids as in the bundled registry, does the registry list its models?)
FAMILIES: dict[str, tuple[str, list[str], bool]] = {
    "mistral": ("openai", ["mistral-large-4"], True),
    "deepseek": ("openai", ["deepseek-v4-pro"], True),
    "xai": ("openai", ["grok-4.7"], True),
    "groq": ("openai", ["openai/gpt-oss-120b"], True),
    "together": ("openai", ["deepseek-ai/DeepSeek-V4-Pro"], True),
    "openrouter": ("openai", ["~openai/gpt-sol-latest"], True),
    "moonshot": ("openai", ["kimi-k3"], True),
    "fireworks": ("openai", ["accounts/fireworks/models/glm-5p2"], False),
    "perplexity": ("openai", ["sonar-pro"], False),
    "zhipu": ("openai", ["glm-5.3"], False),
    "dashscope": ("openai", ["qwen3.7-plus"], False),
    "sakana": ("openai", ["fugu-ultra"], False),
    "minimax": ("anthropic", ["MiniMax-M3"], False),
    "cohere": ("cohere", ["command-a-plus-05-2026"], True),
    "qihoo360": ("openai", ["360gpt2-pro"], True),
    "cerebras": ("openai", ["gpt-oss-120b"], True),
    "siliconflow": ("openai", ["deepseek-ai/DeepSeek-V4-Pro"], True),
    "sambanova": ("openai", ["Meta-Llama-3.3-70B-Instruct"], False),
    "deepinfra": ("openai", ["deepseek-ai/DeepSeek-V4-Pro"], False),
    "nvidia": ("openai", ["nvidia/nemotron-3-ultra-550b-a55b"], False),
    "huggingface": ("openai", ["zai-org/GLM-5.2"], False),
    "nebius": ("openai", ["deepseek-ai/DeepSeek-V4-Pro"], False),
    "novita": ("openai", ["deepseek/deepseek-v4-pro"], False),
    "upstage": ("openai", ["solar-pro3"], False),
    "stepfun": ("openai", ["step-3.7-flash"], False),
    "tencent": ("openai", ["hy3-preview"], False),
    "volcengine": ("openai", ["doubao-seed-1-8-251228"], False),
    "qianfan": ("openai", ["ernie-4.0-turbo-8k"], False),
    "azure-foundry": ("azure", ["DeepSeek-R1-0528"], True),
    "bedrock-mantle": ("openai-responses", ["openai.gpt-5.5"], False),
}


# Families the bundled registry holds that are scanned end to end elsewhere: OpenAI, Anthropic and
# Gemini over TLS in tests/test_scan.py; Azure, Bedrock, Vertex and the local servers below.
SCANNED_ELSEWHERE = {
    "openai",
    "anthropic",
    "gemini",
    "azure-openai",
    "bedrock",
    "vertex",
    "vertex-anthropic",
    "vllm",
    "ollama",
}


def test_every_api_has_one_dialect_module_that_knows_its_name() -> None:
    """The registry's `api` is a closed set (model.Api); each member has its module in
    providers/ (DIALECTS), which names itself and its auth kind and can export to LiteLLM."""
    from accesscheck.model import Api, AuthKind
    from accesscheck.providers import DIALECTS

    assert set(DIALECTS) == set(Api)
    for api, dialect in DIALECTS.items():
        assert dialect.name is api, api
        assert isinstance(dialect.auth, AuthKind), api
        assert callable(dialect.litellm), api


def test_every_bundled_provider_has_an_end_to_end_test() -> None:
    from accesscheck import registry

    bundled = {p.quirks: p for p in registry.load(environ={}).providers}
    assert set(bundled) <= set(FAMILIES) | SCANNED_ELSEWHERE
    for family, (dialect, models, lists) in FAMILIES.items():
        provider = bundled[family]  # a table row for a provider the registry does not ship is stale
        assert (provider.api, provider.list_models) == (dialect, lists), family
        assert set(models) <= {m.id for m in provider.models}, family


def verdict(result: dict[str, Any]) -> str:
    return f"{result['status']}/{result['reason']}"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_family_is_reachable_end_to_end(
    run: Runner, providers: Providers, family: str
) -> None:
    emulator = providers.add(family)
    _, results, report = providers.scan(run)
    (only,) = results.values()
    lists = FAMILIES[family][2]
    assert verdict(only) == ("reachable/listed" if lists else "unknown/deep_required")
    if not lists:
        # No list endpoint: the keyless rung asks the chat endpoint itself, without a key.
        first = emulator.requests[0]
        assert (
            first.method == "POST"
            and "authorization" not in first.headers
            and "x-api-key" not in first.headers
        )
        assert "--deep" in only["detail"]
    _, results, report = providers.scan(run, "--deep")
    (only,) = results.values()
    assert verdict(only) == "reachable/ok", only["detail"]
    assert report["summary"]["paid_calls"] == 1


@pytest.mark.parametrize(
    ("family", "mode", "behaviour", "deep", "expected", "evidence"),
    [
        ("mistral", "ok", NOT_FOUND, True, "unavailable/not_found", "invoke"),
        ("mistral", "rate_limited", OK, True, "reachable/rate_limited", "invoke"),
        ("deepseek", "quota", OK, False, "gated/quota_exhausted", "account"),
        ("deepseek", "ok", NOT_FOUND, True, "unavailable/not_found", "invoke"),
        ("xai", "quota", OK, True, "gated/quota_exhausted", "invoke"),
        ("xai", "ok", NOT_FOUND, True, "unavailable/not_found", "invoke"),
        ("groq", "geo", OK, False, "restricted/geo_blocked", "keyless"),
        ("groq", "ok", RETIRED, True, "unavailable/retired", "invoke"),
        ("groq", "quota", OK, True, "gated/quota_exhausted", "invoke"),
        ("groq", "rate_limited", OK, True, "reachable/rate_limited", "invoke"),
        ("together", "ok", GATED, True, "gated/not_entitled", "invoke"),
        ("together", "quota", OK, True, "gated/quota_exhausted", "invoke"),
        ("openrouter", "quota", OK, False, "gated/quota_exhausted", "account"),
        ("openrouter", "geo", OK, True, "restricted/geo_blocked", "invoke"),
        ("openrouter", "ok", NOT_FOUND, True, "unavailable/not_found", "invoke"),
        ("fireworks", "ok", NOT_FOUND, True, "unavailable/not_found", "invoke"),
        ("perplexity", "ok", NOT_FOUND, True, "unavailable/not_found", "invoke"),
        ("moonshot", "quota", OK, True, "gated/quota_exhausted", "invoke"),
        ("zhipu", "quota", OK, True, "gated/quota_exhausted", "invoke"),
        ("dashscope", "quota", OK, True, "gated/quota_exhausted", "invoke"),
        ("dashscope", "ok", GATED, True, "gated/not_entitled", "invoke"),
        ("cohere", "quota", OK, True, "gated/quota_exhausted", "invoke"),
        ("cohere", "rate_limited", OK, True, "reachable/rate_limited", "invoke"),
        ("cohere", "geo", OK, False, "restricted/geo_blocked", "keyless"),
        ("cohere", "ok", NOT_FOUND, True, "unavailable/not_found", "invoke"),
        ("nvidia", "ok", GATED, True, "gated/not_entitled", "invoke"),  # "Not found for account"
        ("cerebras", "geo", OK, False, "restricted/geo_blocked", "keyless"),  # Cloudflare
        ("bedrock-mantle", "ok", NOT_FOUND, True, "unavailable/not_found", "invoke"),
    ],
)
def test_family_quirks(run: Runner, providers: Providers, family: str, mode: str, behaviour: str, deep: bool,
                       expected: str, evidence: str) -> None:  # fmt: skip
    models = FAMILIES[family][1]
    gone = (
        set(models) if behaviour in (NOT_FOUND, RETIRED) else set()
    )  # a missing model is not listed either
    scenario = Scenario(mode=mode, models=dict.fromkeys(models, behaviour), unlisted=gone)
    emulator = providers.add(family, scenario=scenario)
    _, results, report = providers.scan(run, *(["--deep"] if deep else []))
    (only,) = results.values()
    assert (verdict(only), only["evidence"]) == (expected, evidence), only["detail"]
    if evidence == "account":  # decided by the free credit check: no list, no paid call
        assert report["summary"]["paid_calls"] == 0
        assert [r.method for r in emulator.requests] == ["GET", "GET"]


@pytest.mark.parametrize(
    "family",
    ["perplexity", "xai", "dashscope", "zhipu", "cohere", "mistral", "volcengine", "huggingface"],
)
def test_bad_keys_in_every_shape(run: Runner, providers: Providers, family: str) -> None:
    providers.add(family, key="the-right-key-is-elsewhere")
    _, results, _ = providers.scan(run, "--deep")
    (only,) = results.values()
    assert verdict(only) == "unknown/auth_invalid", only["detail"]


def test_a_key_for_the_other_region_is_found_not_called_invalid(
    run: Runner, providers: Providers
) -> None:
    china = providers.stack.enter_context(
        Emulator("openai", family="moonshot", key=CANARY, scenario=Scenario(models={"kimi-k3": OK}))
    )
    providers.add("moonshot", key="a-global-platform-key", alternates=[china])
    _, listed, _ = providers.scan(run)  # the list's own verdict carries the note already
    note = f"the key belongs to 127.0.0.1:{china.port}"
    assert listed["moonshot/kimi-k3"]["detail"].count(note) == 1
    _, results, _ = providers.scan(run, "--deep")
    result = results["moonshot/kimi-k3"]
    assert verdict(result) == "reachable/ok"
    assert result["detail"].count(note) == 1, result["detail"]  # said once, never twice
    assert any(r.method == "POST" for r in china.requests)


def test_a_key_refused_by_every_regional_host_is_invalid(run: Runner, providers: Providers) -> None:
    others = [providers.stack.enter_context(Emulator("openai", family="dashscope", key="x", scenario=Scenario()))
              for _ in range(2)]  # fmt: skip
    providers.add("dashscope", key="y", alternates=others)
    _, results, _ = providers.scan(run, "--deep")
    result = results["dashscope/qwen3.7-plus"]
    assert verdict(result) == "unknown/auth_invalid"
    assert "also refused by" in result["detail"]


def test_local_servers_need_no_key(run: Runner, providers: Providers) -> None:
    ollama = providers.stack.enter_context(
        Emulator("ollama", key="", scenario=Scenario(models={"gemma4": OK}))
    )
    vllm = providers.stack.enter_context(
        Emulator("openai", family="vllm", key="", scenario=Scenario(models={"qwen3": OK}))
    )
    providers.entries += [
        {"id": "ollama", "name": "Ollama", "api": "ollama", "base_url": ollama.base_url, "auth": {"env": []},
         "models": [{"id": "gemma4"}, {"id": "llama-never-pulled"}]},
        {"id": "vllm", "name": "vLLM", "api": "openai", "base_url": vllm.base_url, "auth": {"env": []},
         "models": [{"id": "qwen3"}]},
    ]  # fmt: skip
    _, results, _ = providers.scan(run)
    assert verdict(results["ollama/gemma4"]) == "reachable/listed"
    assert verdict(results["ollama/llama-never-pulled"]) == "unavailable/not_found"
    assert verdict(results["vllm/qwen3"]) == "reachable/listed"
    _, results, _ = providers.scan(run, "--deep")
    assert verdict(results["ollama/gemma4"]) == "reachable/ok"
    assert verdict(results["ollama/llama-never-pulled"]) == "unavailable/not_found"
    assert "try pulling it first" in results["ollama/llama-never-pulled"]["detail"]


def test_a_vllm_server_started_with_a_key(run: Runner, providers: Providers) -> None:
    vllm = providers.stack.enter_context(
        Emulator("openai", family="vllm", key=CANARY, scenario=Scenario(models={"qwen3": OK}))
    )
    providers.entries.append({"id": "vllm", "name": "vLLM", "api": "openai", "base_url": vllm.base_url,
                              "auth": {"env": "VLLM_API_KEY"}, "models": [{"id": "qwen3"}]})  # fmt: skip
    providers.env["VLLM_API_KEY"] = CANARY
    _, results, _ = providers.scan(run)
    assert verdict(results["vllm/qwen3"]) == "reachable/listed"
    assert (
        vllm.requests[0].headers.get("authorization") is None
    )  # keyless first: 401 {"error":"Unauthorized"}


@pytest.mark.parametrize(
    ("stage", "behaviour", "expected", "note"),
    [
        ("limited", GATED, "gated/not_entitled", "limited (registry): about 20 vetted US partners"),
        (
            "limited",
            NOT_FOUND,
            "gated/not_entitled",
            "limited (registry): about 20 vetted US partners",
        ),
        ("withdrawn", NOT_FOUND, "unavailable/withdrawn", "withdrawn for everyone"),
        ("retired", NOT_FOUND, "unavailable/retired", "registry records it as retired"),
    ],
)
def test_registry_lifecycle_decides_refusals(run: Runner, providers: Providers, stage: str, behaviour: str,
                                             expected: str, note: str) -> None:  # fmt: skip
    emulator = providers.stack.enter_context(
        Emulator(
            "openai",
            key=CANARY,
            scenario=Scenario(models={"gpt-5.6-sol": behaviour}, unlisted={"gpt-5.6-sol"}),
        )
    )
    providers.entries.append({"id": "openai", "name": "OpenAI", "api": "openai", "base_url": emulator.base_url,
                              "auth": {"env": "OPENAI_API_KEY"},
                              "models": [{"id": "gpt-5.6-sol", "stage": stage,
                                          "limited_to": "about 20 vetted US partners"}]})  # fmt: skip
    providers.env["OPENAI_API_KEY"] = CANARY
    for args in ((), ("--deep",)):
        _, results, _ = providers.scan(run, *args)
        result = results["openai/gpt-5.6-sol"]
        assert verdict(result) == expected, (args, result["detail"])
        assert note in result["detail"]


class TestAzure:
    """Azure OpenAI: the endpoint comes from AZURE_OPENAI_ENDPOINT, the key goes in api-key."""

    def add(self, providers: Providers, mode: str = "ok", behaviour: str = OK) -> Emulator:
        gone = {"gpt-5.5"} if behaviour == NOT_FOUND else set()
        emulator = providers.stack.enter_context(Emulator(
            "azure", family="azure-openai", key=CANARY,
            scenario=Scenario(mode=mode, models={"gpt-5.5": behaviour}, unlisted=gone)))  # fmt: skip
        providers.entries.append({"id": "azure-openai", "name": "Azure OpenAI", "api": "azure",
                                  "base_url": None, "base_url_env": "AZURE_OPENAI_ENDPOINT", "base_path": "/openai/v1",
                                  "auth": {"env": "AZURE_OPENAI_API_KEY"}, "models": [{"id": "gpt-5.5"}]})  # fmt: skip
        providers.env["AZURE_OPENAI_API_KEY"] = CANARY
        providers.env["AZURE_OPENAI_ENDPOINT"] = emulator.origin + "/"
        return emulator

    def test_reachable_with_the_key_in_api_key(self, run: Runner, providers: Providers) -> None:
        emulator = self.add(providers)
        _, results, report = providers.scan(run, "--deep")
        assert verdict(results["azure-openai/gpt-5.5"]) == "reachable/ok"
        assert report["providers"][0]["base_url"] == emulator.base_url
        keyed = [r for r in emulator.requests if "api-key" in r.headers]
        assert keyed and all("authorization" not in r.headers for r in keyed)
        body = json.loads(next(r.body for r in keyed if r.method == "POST"))
        assert body["max_completion_tokens"] == 16 and "max_tokens" not in body

    @pytest.mark.parametrize(
        ("mode", "behaviour", "expected"),
        [
            ("ok", NOT_FOUND, "unavailable/not_found"),  # DeploymentNotFound
            ("quota", OK, "gated/quota_exhausted"),  # "retry after 86400 seconds"
            ("rate_limited", OK, "reachable/rate_limited"),  # "retry after 60 seconds"
            ("geo", OK, "restricted/network_blocked"),  # "Public access is disabled"
        ],
    )
    def test_azure_answers(
        self, run: Runner, providers: Providers, mode: str, behaviour: str, expected: str
    ) -> None:
        self.add(providers, mode, behaviour)
        _, results, _ = providers.scan(run, "--deep")
        assert verdict(results["azure-openai/gpt-5.5"]) == expected, results[
            "azure-openai/gpt-5.5"
        ]["detail"]

    def test_without_an_endpoint_nothing_is_sent(self, run: Runner, providers: Providers) -> None:
        emulator = self.add(providers)
        del providers.env["AZURE_OPENAI_ENDPOINT"]
        _, results, _ = providers.scan(run)
        result = results["azure-openai/gpt-5.5"]
        assert (verdict(result), result["evidence"]) == ("unknown/no_endpoint", "config")
        assert "set AZURE_OPENAI_ENDPOINT" in result["detail"]
        assert emulator.requests == []

    def test_a_bad_endpoint_is_a_config_error(
        self, run: Runner, providers: Providers, tmp_path: Path
    ) -> None:
        self.add(providers)
        providers.env["AZURE_OPENAI_ENDPOINT"] = "http://myresource.openai.azure.com"
        path = write_registry(tmp_path / "r.yaml", providers.entries)
        result = run("scan", "--registry", str(path), env=providers.env)
        assert result.code == 2
        assert result.err == (
            "accesscheck: error: AZURE_OPENAI_ENDPOINT (endpoint of provider azure-openai): "
            "http:// is allowed only to loopback hosts (127.0.0.0/8, ::1, localhost)\n"
        )


class TestBedrock:
    """Amazon Bedrock: Converse on the runtime, availability on the control plane; a Bedrock
    API key as a Bearer token, or AWS credentials and a SigV4 signature."""

    AKID = "AKIDCANARYEXAMPLE0000"

    def add(
        self,
        providers: Providers,
        *,
        key: str,
        models: dict[str, str],
        mode: str = "ok",
        check_base_url: str | None = "",
    ) -> Emulator:
        """check_base_url: the control plane's host; "" for the emulator's own, None for none."""
        emulator = providers.stack.enter_context(
            Emulator("bedrock", key=key, scenario=Scenario(mode=mode, models=models))
        )
        check = {"check_base_url": check_base_url or emulator.origin}
        providers.entries.append({
            "id": "bedrock", "name": "Amazon Bedrock", "api": "bedrock", "base_url": emulator.origin,
            **(check if check_base_url is not None else {}), "list_models": False,
            "auth": {"env": "AWS_BEARER_TOKEN_BEDROCK"}, "models": [{"id": m} for m in models],
        })  # fmt: skip
        return emulator

    def test_api_key_and_availability(self, run: Runner, providers: Providers) -> None:
        models = {"anthropic.claude-opus-5-5": OK, "anthropic.claude-mythos-5": GATED,
                  "openai.gpt-6-sol": "region", "anthropic.claude-fable-5": "agreement"}  # fmt: skip
        emulator = self.add(providers, key=CANARY, models=models)
        providers.env["AWS_BEARER_TOKEN_BEDROCK"] = CANARY
        _, results, report = providers.scan(run)
        assert {ref: (verdict(r), r["evidence"]) for ref, r in results.items()} == {
            "bedrock/anthropic.claude-opus-5-5": ("reachable/listed", "account"),
            "bedrock/anthropic.claude-mythos-5": ("gated/not_entitled", "account"),
            "bedrock/openai.gpt-6-sol": ("restricted/geo_blocked", "account"),
            "bedrock/anthropic.claude-fable-5": ("gated/not_entitled", "account"),
        }
        assert report["summary"]["paid_calls"] == 0
        assert (
            emulator.requests[0].method == "POST"
            and "authorization" not in emulator.requests[0].headers
        )
        _, results, report = providers.scan(run, "--deep")
        assert verdict(results["bedrock/anthropic.claude-opus-5-5"]) == "reachable/ok"
        assert report["summary"]["paid_calls"] == 1  # the gated ones were already decided for free

    def test_no_control_plane_named_no_availability_asked(
        self, run: Runner, providers: Providers
    ) -> None:
        """An entry without check_base_url (a gateway in front of the runtime alone): the
        availability question is not put to the runtime host, and the model waits for --deep."""
        emulator = self.add(
            providers, key=CANARY, models={"anthropic.claude-mythos-5": GATED}, check_base_url=None
        )
        providers.env["AWS_BEARER_TOKEN_BEDROCK"] = CANARY
        _, results, _ = providers.scan(run)
        assert [r.path for r in emulator.requests if "availability" in r.path] == []
        result = results["bedrock/anthropic.claude-mythos-5"]
        assert (verdict(result), result["evidence"]) == ("unknown/deep_required", "keyless")

    def test_an_unreachable_control_plane_leaves_the_model_to_its_call(
        self, run: Runner, providers: Providers, closed_port: int
    ) -> None:
        """The availability check's host does not answer: no verdict from it, the call decides."""
        self.add(
            providers,
            key=CANARY,
            models={"anthropic.claude-opus-5-5": OK},
            check_base_url=f"http://127.0.0.1:{closed_port}",
        )
        providers.env["AWS_BEARER_TOKEN_BEDROCK"] = CANARY
        code, results, _ = providers.scan(run, "--deep")
        result = results["bedrock/anthropic.claude-opus-5-5"]
        assert (code, verdict(result), result["evidence"]) == (0, "reachable/ok", "invoke")

    def test_a_role_denied_the_availability_question_is_still_asked_the_model(
        self, run: Runner, providers: Providers
    ) -> None:
        """The control plane refuses GetFoundationModelAvailability to a role without that
        permission (an IAM denial, not a restriction on the model): the call decides."""
        models = {"anthropic.claude-opus-5-5": OK}
        self.add(providers, key=CANARY, models=models, mode="availability_denied")
        providers.env["AWS_BEARER_TOKEN_BEDROCK"] = CANARY
        _, results, _ = providers.scan(run, "--deep")
        result = results["bedrock/anthropic.claude-opus-5-5"]
        assert (verdict(result), result["evidence"]) == ("reachable/ok", "invoke")

    def test_sigv4_signed_requests(self, run: Runner, providers: Providers) -> None:
        emulator = self.add(providers, key=self.AKID, models={"anthropic.claude-opus-5-5": OK})
        providers.env.update({"AWS_ACCESS_KEY_ID": self.AKID, "AWS_SECRET_ACCESS_KEY": CANARY})
        _, results, _ = providers.scan(run, "--deep")
        assert verdict(results["bedrock/anthropic.claude-opus-5-5"]) == "reachable/ok"
        assert emulator.signatures, "no SigV4 signature reached the server"
        for fields in emulator.signatures:
            assert fields["akid"] == self.AKID
            assert {"host", "x-amz-date"} <= set(fields["signed"].split(";"))
        assert all(
            CANARY not in json.dumps(dict(r.headers)) for r in emulator.requests
        )  # the secret never travels

    @pytest.mark.parametrize(
        ("mode", "behaviour", "expected"),
        [
            ("geo", OK, "restricted/geo_blocked"),
            ("rate_limited", OK, "reachable/rate_limited"),
            ("ok", RETIRED, "unavailable/retired"),
        ],
    )
    def test_converse_answers(self, run: Runner, providers: Providers, mode: str, behaviour: str,
                              expected: str) -> None:  # fmt: skip
        self.add(providers, key=CANARY, models={"anthropic.claude-opus-5-5": behaviour}, mode=mode)
        providers.env["AWS_BEARER_TOKEN_BEDROCK"] = CANARY
        _, results, _ = providers.scan(run, "--deep")
        result = results["bedrock/anthropic.claude-opus-5-5"]
        assert verdict(result) == expected, result["detail"]

    def test_bad_credentials(self, run: Runner, providers: Providers) -> None:
        self.add(providers, key="some-other-key", models={"anthropic.claude-opus-5-5": OK})
        providers.env["AWS_BEARER_TOKEN_BEDROCK"] = CANARY
        _, results, _ = providers.scan(run, "--deep")
        assert verdict(results["bedrock/anthropic.claude-opus-5-5"]) == "unknown/auth_invalid"

    def test_missing_aws_extra_says_which_to_install(self, run: Runner, providers: Providers,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
        emulator = self.add(providers, key=self.AKID, models={"anthropic.claude-opus-5-5": OK})
        providers.env.update({"AWS_ACCESS_KEY_ID": self.AKID, "AWS_SECRET_ACCESS_KEY": CANARY})
        monkeypatch.setitem(sys.modules, "botocore.auth", None)  # as if botocore were not installed
        _, results, _ = providers.scan(run)
        result = results["bedrock/anthropic.claude-opus-5-5"]
        assert verdict(result) == "unknown/no_credentials"
        assert "pip install 'accesscheck[aws]'" in result["detail"]
        assert all("authorization" not in r.headers for r in emulator.requests)


def service_account(path: Path, token_uri: str) -> Path:
    """A service-account key file (a fresh RSA key) whose token endpoint is `token_uri`."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()  # fmt: skip
    path.write_text(json.dumps({
        "type": "service_account", "project_id": "help-my-setup", "private_key_id": "fake-key-id",
        "private_key": pem, "client_email": "scanner@help-my-setup.iam.gserviceaccount.com",
        "client_id": "1", "token_uri": token_uri,
    }))  # fmt: skip
    return path


def deep_with_token(run: Runner, providers: Providers, ref: str) -> dict[str, Any]:
    """One model's result of a --deep scan with a Vertex access token in the environment."""
    providers.env["GOOGLE_CLOUD_ACCESS_TOKEN"] = TestVertex.TOKEN
    _, results, _ = providers.scan(run, "--deep")
    return results[ref]


class TestVertex:
    """Vertex AI: an OAuth access token (from the environment, or minted from a service-account
    file by google-auth through accesscheck's own transport), the project and location in the
    endpoint."""

    TOKEN = "ya29.emulator-access-token"

    def add(self, providers: Providers, models: dict[str, str], mode: str = "ok") -> Emulator:
        emulator = providers.stack.enter_context(
            Emulator("vertex", key=self.TOKEN, scenario=Scenario(mode=mode, models=models))
        )
        providers.entries.append({
            "id": "vertex", "name": "Vertex AI", "api": "vertex", "base_url": emulator.base_url,
            "base_path": "/projects/{GOOGLE_CLOUD_PROJECT}/locations/{GOOGLE_CLOUD_LOCATION}",
            "list_models": False, "auth": {"env": "GOOGLE_CLOUD_ACCESS_TOKEN"},
            "models": [{"id": m} for m in models],
        })  # fmt: skip
        providers.env.update(
            {"GOOGLE_CLOUD_PROJECT": "help-my-setup", "GOOGLE_CLOUD_LOCATION": "global"}
        )
        return emulator

    def test_token_from_the_environment(self, run: Runner, providers: Providers) -> None:
        emulator = self.add(providers, {"gemini-3.8-flash": OK})
        providers.env["GOOGLE_CLOUD_ACCESS_TOKEN"] = self.TOKEN
        _, results, _ = providers.scan(run)
        assert verdict(results["vertex/gemini-3.8-flash"]) == "unknown/deep_required"
        _, results, _ = providers.scan(run, "--deep")
        assert verdict(results["vertex/gemini-3.8-flash"]) == "reachable/ok"
        invoke = [r for r in emulator.requests if "authorization" in r.headers][-1]
        assert (
            invoke.path
            == "/v1/projects/help-my-setup/locations/global/publishers/google/models/gemini-3.8-flash:generateContent"
        )

    def test_token_minted_from_a_service_account_file(
        self, run: Runner, providers: Providers, tmp_path: Path
    ) -> None:
        emulator = self.add(providers, {"gemini-3.8-flash": OK})
        account = service_account(tmp_path / "service-account.json", f"{emulator.origin}/token")
        providers.env["GOOGLE_APPLICATION_CREDENTIALS"] = str(account)
        _, results, report = providers.scan(run, "--deep")
        assert verdict(results["vertex/gemini-3.8-flash"]) == "reachable/ok"
        assert next(r.path for r in emulator.requests if r.method == "POST") == "/token"
        assert report["providers"][0]["key_env_used"] == "GOOGLE_APPLICATION_CREDENTIALS"
        assert self.TOKEN not in json.dumps(report)  # the minted token is a secret too

    @pytest.mark.parametrize(
        ("mode", "behaviour", "expected"),
        [
            ("ok", "iam", "unknown/auth_invalid"),
            ("ok", GATED, "gated/not_entitled"),
            ("ok", "region", "restricted/geo_blocked"),
            ("ok", NOT_FOUND, "unavailable/not_found"),
            ("rate_limited", OK, "reachable/rate_limited"),
        ],
    )
    def test_vertex_answers(
        self, run: Runner, providers: Providers, mode: str, behaviour: str, expected: str
    ) -> None:
        self.add(providers, {"gemini-3.8-flash": behaviour}, mode=mode)
        result = deep_with_token(run, providers, "vertex/gemini-3.8-flash")
        assert verdict(result) == expected, result["detail"]

    def test_without_a_project_nothing_is_sent(self, run: Runner, providers: Providers) -> None:
        emulator = self.add(providers, {"gemini-3.8-flash": OK})
        del providers.env["GOOGLE_CLOUD_PROJECT"]
        providers.env["GOOGLE_CLOUD_ACCESS_TOKEN"] = self.TOKEN
        _, results, _ = providers.scan(run, "--deep")
        result = results["vertex/gemini-3.8-flash"]
        assert (
            verdict(result) == "unknown/no_endpoint"
            and "set GOOGLE_CLOUD_PROJECT" in result["detail"]
        )
        assert emulator.requests == []

    def test_missing_gcp_extra_says_which_to_install(self, run: Runner, providers: Providers, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
        self.add(providers, {"gemini-3.8-flash": OK})
        providers.env["GOOGLE_APPLICATION_CREDENTIALS"] = str(tmp_path / "sa.json")
        monkeypatch.setitem(sys.modules, "google.auth", None)
        _, results, _ = providers.scan(run)
        result = results["vertex/gemini-3.8-flash"]
        assert verdict(result) == "unknown/no_credentials"
        assert "pip install 'accesscheck[gcp]'" in result["detail"]


class TestBedrockMantle:
    """OpenAI's models on Bedrock answer on the Mantle endpoint's Responses API only: the bundled
    entry asks there, and the route the registry used before (Chat Completions) is refused."""

    def add(self, providers: Providers, api: str = "") -> Emulator:
        emulator = providers.add("bedrock-mantle")
        entry = providers.entries[-1]
        bundled = {p["id"]: p for p in yaml.safe_load(BUNDLED.read_text())["providers"]}
        shipped = bundled["bedrock-mantle"]
        entry.update(api=api or shipped["api"], auth=shipped["auth"], list_models=False)
        providers.env["AWS_BEARER_TOKEN_BEDROCK"] = CANARY
        return emulator

    def test_gpt_5_5_is_asked_on_the_responses_api(self, run: Runner, providers: Providers) -> None:
        emulator = self.add(providers)
        _, results, report = providers.scan(run, "--deep")
        assert verdict(results["bedrock-mantle/openai.gpt-5.5"]) == "reachable/ok"
        (invoke,) = [r for r in emulator.requests if "authorization" in r.headers]
        assert invoke.path == "/openai/v1/responses"
        assert json.loads(invoke.body) == {"model": "openai.gpt-5.5", "input": "ping",
                                           "max_output_tokens": 16}  # fmt: skip
        assert report["summary"]["paid_calls"] == 1

    def test_chat_completions_is_refused_for_it(self, run: Runner, providers: Providers) -> None:
        """What the old route got: a validation error, never access (mnfst/llm-gateway#2657)."""
        self.add(providers, api="openai")
        _, results, _ = providers.scan(run, "--deep")
        result = results["bedrock-mantle/openai.gpt-5.5"]
        assert verdict(result) != "reachable/ok"
        assert "does not support the '/v1/chat/completions' API" in result["detail"]

    def test_the_bundled_runtime_entry_no_longer_claims_it(self) -> None:
        from accesscheck import registry

        by_id = {p.id: p for p in registry.load(environ={}).providers}
        assert "openai.gpt-5.5" not in {m.id for m in by_id["bedrock"].models}
        assert (
            by_id["bedrock-mantle"].base_url == "https://bedrock-mantle.us-east-2.api.aws/openai/v1"
        )

    def test_litellm_export_uses_its_mantle_route(self) -> None:
        from accesscheck import registry
        from accesscheck.providers import DIALECTS

        mantle = next(p for p in registry.load(environ={}).providers if p.id == "bedrock-mantle")
        params = DIALECTS[mantle.api].litellm(mantle, mantle.models[0], "AWS_BEARER_TOKEN_BEDROCK")
        assert params == {"model": "bedrock_mantle/openai.gpt-5.5", "aws_region_name": "us-east-2",
                          "api_key": "os.environ/AWS_BEARER_TOKEN_BEDROCK"}  # fmt: skip


class TestVertexAnthropic:
    """Claude on Vertex AI: Vertex's token, project and location; Anthropic's Messages body on
    the anthropic publisher's rawPredict, with anthropic_version in the body, not a header."""

    TOKEN = TestVertex.TOKEN

    def add(self, providers: Providers, models: dict[str, str], mode: str = "ok") -> Emulator:
        emulator = providers.stack.enter_context(
            Emulator(
                "vertex-anthropic", key=self.TOKEN, scenario=Scenario(mode=mode, models=models)
            )
        )
        bundled = {p["id"]: p for p in yaml.safe_load(BUNDLED.read_text())["providers"]}
        entry = dict(bundled["vertex-anthropic"], base_url=emulator.base_url)  # as shipped,
        del entry["kind"]  # alone in this registry: no anthropic entry for its models to name
        entry["models"] = [{"id": m} for m in models]
        providers.entries.append(entry)
        providers.env.update(
            {"GOOGLE_CLOUD_PROJECT": "help-my-setup", "GOOGLE_CLOUD_LOCATION": "global"}
        )
        return emulator

    def test_messages_body_on_raw_predict(self, run: Runner, providers: Providers) -> None:
        models = {"claude-fable-5": OK, "claude-sonnet-4-6@default": OK}
        emulator = self.add(providers, models)
        providers.env["GOOGLE_CLOUD_ACCESS_TOKEN"] = self.TOKEN
        _, results, _ = providers.scan(run)
        assert {verdict(r) for r in results.values()} == {"unknown/deep_required"}
        _, results, report = providers.scan(run, "--deep")
        assert {ref: verdict(r) for ref, r in results.items()} == {
            "vertex-anthropic/claude-fable-5": "reachable/ok",
            "vertex-anthropic/claude-sonnet-4-6@default": "reachable/ok",
        }
        assert report["summary"]["paid_calls"] == 2
        base = "/v1/projects/help-my-setup/locations/global/publishers/anthropic/models/"
        invokes = {r.path: r for r in emulator.requests if "authorization" in r.headers}
        # The version suffix keeps its @, as Google's model names spell it.
        assert set(invokes) == {base + "claude-fable-5:rawPredict",
                                base + "claude-sonnet-4-6@default:rawPredict"}  # fmt: skip
        for seen in invokes.values():
            body = json.loads(seen.body)
            assert body == {"anthropic_version": "vertex-2023-10-16", "max_tokens": 16,
                            "messages": [{"role": "user", "content": "ping"}]}  # fmt: skip
            assert "anthropic-version" not in seen.headers and "x-api-key" not in seen.headers

    def test_token_minted_from_a_service_account_file(
        self, run: Runner, providers: Providers, tmp_path: Path
    ) -> None:
        emulator = self.add(providers, {"claude-fable-5": OK})
        account = service_account(tmp_path / "service-account.json", f"{emulator.origin}/token")
        providers.env["GOOGLE_APPLICATION_CREDENTIALS"] = str(account)
        _, results, report = providers.scan(run, "--deep")
        assert verdict(results["vertex-anthropic/claude-fable-5"]) == "reachable/ok"
        assert report["providers"][0]["key_env_used"] == "GOOGLE_APPLICATION_CREDENTIALS"
        assert self.TOKEN not in json.dumps(report)

    @pytest.mark.parametrize(
        ("mode", "behaviour", "expected"),
        [
            ("ok", GATED, "gated/not_entitled"),  # not enabled in Model Garden (c116)
            ("ok", "region", "restricted/geo_blocked"),  # "is not servable in region" (c118)
            ("ok", NOT_FOUND, "unavailable/not_found"),
            ("rate_limited", OK, "reachable/rate_limited"),  # Vertex's front end (c119)
            # A per-base-model quota: gated, ambiguous (a project whose quota is 0 looks the
            # same as one that used it up: anthropics/anthropic-sdk-python#963).
            ("quota", OK, "gated/not_entitled"),
        ],
    )
    def test_claude_on_vertex_answers(
        self, run: Runner, providers: Providers, mode: str, behaviour: str, expected: str
    ) -> None:
        self.add(providers, {"claude-fable-5": behaviour}, mode=mode)
        result = deep_with_token(run, providers, "vertex-anthropic/claude-fable-5")
        assert verdict(result) == expected, result["detail"]

    def test_without_a_token_nothing_is_paid(self, run: Runner, providers: Providers) -> None:
        emulator = self.add(providers, {"claude-fable-5": OK})
        _, results, report = providers.scan(run, "--deep")
        assert verdict(results["vertex-anthropic/claude-fable-5"]).startswith("unknown/")
        assert report["summary"]["paid_calls"] == 0
        assert all("authorization" not in r.headers for r in emulator.requests)


SIX = [f"model-{n}" for n in range(6)]


@pytest.mark.parametrize(
    ("family", "concurrency", "asked"),
    [
        # Account-wide: no credit (xAI's and Together's answers), so one answer decides the rest.
        ("xai", "1", 1),
        ("together", "1", 1),
        ("xai", "2", 2),  # the calls already in flight when the refusal came are still paid
        # Per model: Groq's TPD answer names the model it speaks for, so every model is asked.
        ("groq", "1", 6),
    ],
)
def test_an_account_wide_refusal_at_the_invoke_rung_stops_paid_calls(
    run: Runner, providers: Providers, family: str, concurrency: str, asked: int
) -> None:
    scenario = Scenario(mode="quota", models=dict.fromkeys(SIX, OK))
    emulator = providers.add(family, scenario=scenario, models=[{"id": m} for m in SIX])
    _, results, report = providers.scan(run, "--deep", "--concurrency", concurrency)
    assert {verdict(r) for r in results.values()} == {"gated/quota_exhausted"}
    assert {r["evidence"] for r in results.values()} == {"invoke"}
    assert emulator.invoke_count() == asked
    assert report["summary"]["paid_calls"] == asked
    decided_by = [r for r in results.values() if "not asked" in r["detail"]]
    assert len(decided_by) == 6 - asked


@pytest.mark.parametrize("family", ["deepseek", "openrouter"])
def test_no_credit_at_the_account_check_ends_the_climb_even_with_deep(
    run: Runner, providers: Providers, family: str
) -> None:
    """The free credit check said "no credit": --deep must not pay to hear it again."""
    emulator = providers.add(family, scenario=Scenario(mode="quota", models=dict.fromkeys(SIX, OK)),
                             models=[{"id": m} for m in SIX])  # fmt: skip
    _, results, report = providers.scan(run, "--deep")
    assert {(verdict(r), r["evidence"]) for r in results.values()} == {
        ("gated/quota_exhausted", "account")
    }
    assert emulator.invoke_count() == 0
    assert report["summary"]["paid_calls"] == 0


@pytest.mark.parametrize("family", ["groq", "cohere"])
def test_an_edge_location_refusal_needs_no_key(
    run: Runner, providers: Providers, family: str
) -> None:
    """A CDN's block page answers every request alike (tests/emulator/server.py EDGE_GEO): the
    keyless rung decides, and the key is never sent."""
    emulator = providers.add(family, scenario=Scenario(mode="geo"))
    providers.env.clear()
    _, results, _ = providers.scan(run)
    assert {(verdict(r), r["evidence"]) for r in results.values()} == {
        ("restricted/geo_blocked", "keyless")
    }
    assert len(emulator.requests) == 1
    assert "authorization" not in emulator.requests[0].headers
