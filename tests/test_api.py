"""The library API as a program uses it: `accesscheck.scan(...)` and `accesscheck.explain(...)`
with the exceptions the official SDKs really raise (against the loopback emulators)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import closing

import anthropic
import httpx
import openai
import pytest
from botocore.exceptions import ClientError
from google import genai
from google.genai import errors as genai_errors
from google.genai import types as genai_types

import accesscheck
from accesscheck.errors import ConfigError
from tests.conftest import CANARY, Providers, write_registry
from tests.emulator.server import OK, Emulator, Scenario

KEY = "sk-test-emulator-valid-key-000000"


def verdict(found: accesscheck.Verdict) -> str:
    return f"{found.status}/{found.reason}"


@pytest.fixture
def openai_geo() -> Iterator[Emulator]:
    with Emulator("openai", key=KEY, scenario=Scenario(mode="geo")) as emulator:
        yield emulator


def test_an_openai_sdk_exception(openai_geo: Emulator) -> None:
    client = openai.OpenAI(api_key=KEY, base_url=openai_geo.base_url, max_retries=0)
    with pytest.raises(openai.PermissionDeniedError) as caught:
        client.chat.completions.create(
            model="gpt-5.5", messages=[{"role": "user", "content": "hi"}]
        )
    found = accesscheck.explain(caught.value)
    assert verdict(found) == "restricted/geo_blocked"
    assert found.error_code == "unsupported_country_region_territory"


def test_an_openai_connection_error_is_the_callers_network() -> None:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nothing listens
    client = openai.OpenAI(api_key=KEY, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0)
    with pytest.raises(openai.APIConnectionError) as caught:
        client.models.list()
    found = accesscheck.explain(caught.value)
    assert found.status == accesscheck.Status.UNKNOWN
    assert found.reason.value == "local_network_down"


def test_an_anthropic_sdk_exception() -> None:
    with Emulator("anthropic", key=KEY, scenario=Scenario(mode="quota")) as emulator:
        client = anthropic.Anthropic(api_key=KEY, base_url=emulator.base_url, max_retries=0)
        with pytest.raises(anthropic.APIStatusError) as caught:
            client.messages.create(
                model="claude-opus-5-5", max_tokens=16, messages=[{"role": "user", "content": "hi"}]
            )
    assert verdict(accesscheck.explain(caught.value)) == "gated/quota_exhausted"


def test_a_google_genai_exception() -> None:
    scenario = Scenario(mode="geo", models={"gemini-3.8-flash": OK})
    with Emulator("gemini", key=KEY, scenario=scenario) as emulator:
        options = genai_types.HttpOptions(
            base_url=emulator.origin,
            api_version="v1beta",
            retry_options=genai_types.HttpRetryOptions(attempts=1),
        )
        client = genai.Client(api_key=KEY, http_options=options)
        with pytest.raises(genai_errors.APIError) as caught:
            client.models.generate_content(model="gemini-3.8-flash", contents="hi")
    assert verdict(accesscheck.explain(caught.value)) == "restricted/geo_blocked"


def test_a_botocore_client_error() -> None:
    # botocore's own exception, as bedrock-runtime raises it for Anthropic's location refusal
    # (aws-samples/generative-bi-using-rag#361, corpus c108).
    error = ClientError(
        {
            "Error": {
                "Code": "ValidationException",
                "Message": "Access to Anthropic models is not allowed from unsupported countries, "
                "regions, or territories. Please refer to https://www.anthropic.com/supported-"
                "countries for more information on the countries and regions Anthropic "
                "currently supports.",
            },
            "ResponseMetadata": {"HTTPStatusCode": 400},
        },
        "InvokeModel",
    )
    assert verdict(accesscheck.explain(error)) == "restricted/geo_blocked"


def test_an_httpx_response_names_its_provider_by_host(openai_geo: Emulator) -> None:
    response = httpx.get(
        openai_geo.base_url + "/models", headers={"authorization": f"Bearer {KEY}"}
    )
    found = accesscheck.explain(response, provider="openai")
    assert verdict(found) == "restricted/geo_blocked"
    no_key = httpx.get(openai_geo.base_url + "/models")
    assert verdict(accesscheck.explain(no_key)) == "unknown/auth_invalid"


def test_pasted_text_and_an_unknown_provider_never_raise() -> None:
    line = "openai.RateLimitError: Error code: 429 - {'error': {'code': 'insufficient_quota'}}"
    assert verdict(accesscheck.explain(line)) == "gated/quota_exhausted"
    assert verdict(accesscheck.explain(line, provider="nvidia-nim")) == "gated/quota_exhausted"
    assert accesscheck.explain("").status is not accesscheck.Status.REACHABLE
    assert accesscheck.explain(object()).status is not accesscheck.Status.REACHABLE


def test_pasted_text_is_read_as_the_provider_it_names() -> None:
    """Issue #15: without a provider (or with one accesscheck does not know), the provider the
    text names reads it. DashScope's throttle borrows OpenAI's quota words (corpus g2-071): as
    OpenAI's they would read as used-up credit."""
    line = (
        "Error from provider (Alibaba): You exceeded your current quota, please check your plan "
        "and billing details. For details, see: "
        "https://help.aliyun.com/zh/model-studio/error-code#token-limit"
    )
    assert verdict(accesscheck.explain(line)) == "reachable/rate_limited"
    assert verdict(accesscheck.explain(line, provider="acme-llm")) == "reachable/rate_limited"
    assert verdict(accesscheck.explain(line, provider="openai")) == "gated/quota_exhausted"


def test_scan_as_a_library(providers: Providers) -> None:
    providers.add("mistral")
    path = write_registry(providers.tmp_path / "r.yaml", providers.entries)
    report = accesscheck.scan(path, environ=providers.env, require=["mistral/*"])
    assert [(r.ref, verdict(r)) for r in report.results] == [  # type: ignore[arg-type]
        ("mistral/mistral-large-4", "reachable/listed")
    ]
    assert report.exit_code == 0
    assert CANARY not in repr(report)
    with pytest.raises(ConfigError, match="matches no model"):
        accesscheck.scan(path, environ=providers.env, require=["nowhere/*"])
    with pytest.raises(ConfigError):
        accesscheck.scan(providers.tmp_path / "missing.yaml")
