"""The emulator checked with the official SDKs: every canned answer must raise the same
exception class and code there as the real provider's answer would. The answers themselves are
the real ones: tests/test_emulator_sources.py holds each cited answer to its corpus case, so the
codes checked here are the providers', not the emulator's own."""

from __future__ import annotations

import json
from collections.abc import Iterator

import anthropic
import httpx
import openai
import pytest
from google import genai
from google.genai import errors as genai_errors
from google.genai import types as genai_types

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

KEY = "sk-test-emulator-valid-key-000000"


@pytest.fixture
def openai_emulator() -> Iterator[Emulator]:
    scenario = Scenario(
        models={
            "gpt-5.5": OK,
            "gpt-6.2-sol": OK,
            "gpt-gated": GATED,
            "gpt-x": NOT_FOUND,
            "text-davinci-003": RETIRED,
            "o3": VERIFY,
        },
        reasoning={"gpt-6.2-sol"},
    )
    with Emulator("openai", key=KEY, scenario=scenario) as emulator:
        yield emulator


def openai_client(emulator: Emulator, key: str = KEY) -> openai.OpenAI:
    return openai.OpenAI(api_key=key, base_url=emulator.base_url, max_retries=0)


def chat(client: openai.OpenAI, model: str, **extra: object) -> object:
    return client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": "ping"}], **extra
    )  # type: ignore[call-overload]


def test_openai_success_and_list(openai_emulator: Emulator) -> None:
    client = openai_client(openai_emulator)
    assert "gpt-5.5" in {m.id for m in client.models.list()}
    completion = chat(client, "gpt-6.2-sol", max_completion_tokens=16)
    assert completion.choices[0].finish_reason == "length"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("mode", "model", "extra", "error", "code"),
    [
        (
            "geo",
            "gpt-5.5",
            {},
            openai.PermissionDeniedError,
            "unsupported_country_region_territory",
        ),
        (
            "ok",
            "gpt-gated",
            {},
            openai.PermissionDeniedError,
            "model_not_found",
        ),  # aider#1903 saw this class
        ("ok", "gpt-x", {}, openai.NotFoundError, "model_not_found"),
        ("ok", "text-davinci-003", {}, openai.NotFoundError, "model_not_found"),
        ("ok", "o3", {}, openai.NotFoundError, None),
        ("quota", "gpt-5.5", {}, openai.RateLimitError, "insufficient_quota"),
        ("rate_limited", "gpt-5.5", {}, openai.RateLimitError, None),
        ("overloaded", "gpt-5.5", {}, openai.InternalServerError, None),
        ("ok", "gpt-6.2-sol", {"max_tokens": 16}, openai.BadRequestError, "unsupported_parameter"),
        ("ok", "gpt-6.2-sol", {"temperature": 0}, openai.BadRequestError, "unsupported_value"),
        (
            "ok",
            "gpt-5.5",
            {"max_completion_tokens": 1},
            openai.BadRequestError,
            "integer_below_min_value",
        ),
    ],
)
def test_openai_errors(
    openai_emulator: Emulator,
    mode: str,
    model: str,
    extra: dict[str, object],
    error: type[openai.APIStatusError],
    code: str | None,
) -> None:
    openai_emulator.scenario.mode = mode
    with pytest.raises(error) as caught:
        chat(openai_client(openai_emulator), model, **extra)
    assert type(caught.value) is error
    assert caught.value.code == code


def test_openai_bad_and_missing_key(openai_emulator: Emulator) -> None:
    with pytest.raises(openai.AuthenticationError) as caught:
        chat(openai_client(openai_emulator, key="sk-wrong-key-1234567890"), "gpt-5.5")
    assert caught.value.code == "invalid_api_key"
    answer = httpx.get(openai_emulator.base_url + "/models")
    assert answer.status_code == 401
    assert "didn't provide an API key" in answer.json()["error"]["message"]


@pytest.fixture
def anthropic_emulator() -> Iterator[Emulator]:
    scenario = Scenario(
        models={"claude-opus-5-5": OK, "claude-x": NOT_FOUND}, unlisted={"claude-x"}
    )
    with Emulator("anthropic", key=KEY, scenario=scenario) as emulator:
        yield emulator


def anthropic_call(emulator: Emulator, model: str = "claude-opus-5-5", key: str = KEY) -> object:
    client = anthropic.Anthropic(api_key=key, base_url=emulator.base_url, max_retries=0)
    return client.messages.create(
        model=model, max_tokens=16, messages=[{"role": "user", "content": "ping"}]
    )


def test_anthropic_success_and_paged_list(anthropic_emulator: Emulator) -> None:
    assert anthropic_call(anthropic_emulator).stop_reason == "max_tokens"  # type: ignore[attr-defined]
    client = anthropic.Anthropic(api_key=KEY, base_url=anthropic_emulator.base_url, max_retries=0)
    ids = [m.id for m in client.models.list(limit=1)]  # the SDK follows has_more / last_id
    assert ids == ["claude-opus-5-5", "listed-extra-model"]


@pytest.mark.parametrize(
    ("mode", "model", "key", "error", "status"),
    [
        ("geo", "claude-opus-5-5", KEY, anthropic.PermissionDeniedError, 403),
        ("ok", "claude-opus-5-5", "sk-ant-wrong-0000000000", anthropic.AuthenticationError, 401),
        ("ok", "claude-x", KEY, anthropic.NotFoundError, 404),
        ("quota", "claude-opus-5-5", KEY, anthropic.BadRequestError, 400),
        ("rate_limited", "claude-opus-5-5", KEY, anthropic.RateLimitError, 429),
        ("overloaded", "claude-opus-5-5", KEY, anthropic.OverloadedError, 529),
    ],
)
def test_anthropic_errors(
    anthropic_emulator: Emulator,
    mode: str,
    model: str,
    key: str,
    error: type[anthropic.APIStatusError],
    status: int,
) -> None:
    anthropic_emulator.scenario.mode = mode
    with pytest.raises(error) as caught:
        anthropic_call(anthropic_emulator, model, key)
    assert isinstance(caught.value, error)
    assert caught.value.status_code == status


def test_anthropic_refuses_a_request_without_version_header(anthropic_emulator: Emulator) -> None:
    answer = httpx.get(anthropic_emulator.base_url + "/v1/models", headers={"x-api-key": KEY})
    assert answer.status_code == 400
    assert answer.json()["error"] == {
        "type": "invalid_request_error",
        "message": "anthropic-version: header is required",
    }
    keyless = httpx.get(
        anthropic_emulator.base_url + "/v1/models", headers={"anthropic-version": "2023-06-01"}
    )
    assert keyless.status_code == 401


@pytest.fixture
def gemini_emulator() -> Iterator[Emulator]:
    scenario = Scenario(
        models={
            "gemini-3.8-flash": OK,
            "gemini-3.1-pro-preview": NO_FREE_TIER,
            "gemini-x": NOT_FOUND,
        },
        unlisted={"gemini-x"},
    )
    with Emulator("gemini", key=KEY, scenario=scenario) as emulator:
        yield emulator


def gemini_client(emulator: Emulator, key: str = KEY) -> genai.Client:
    options = genai_types.HttpOptions(
        base_url=emulator.origin,
        api_version="v1beta",
        retry_options=genai_types.HttpRetryOptions(attempts=1),
    )
    return genai.Client(api_key=key, http_options=options)


def test_gemini_success(gemini_emulator: Emulator) -> None:
    client = gemini_client(gemini_emulator)  # keep a reference: the client closes when collected
    answer = client.models.generate_content(model="gemini-3.8-flash", contents="ping")
    assert answer.text == "pong"
    assert gemini_emulator.requests[-1].headers["x-goog-api-key"] == KEY


@pytest.mark.parametrize(
    ("mode", "model", "key", "error", "code", "status"),
    [
        ("geo", "gemini-3.8-flash", KEY, genai_errors.ClientError, 400, "FAILED_PRECONDITION"),
        ("ok", "gemini-3.8-flash", "AIza-wrong", genai_errors.ClientError, 400, "INVALID_ARGUMENT"),
        ("ok", "gemini-3.1-pro-preview", KEY, genai_errors.ClientError, 429, "RESOURCE_EXHAUSTED"),
        (
            "rate_limited",
            "gemini-3.8-flash",
            KEY,
            genai_errors.ClientError,
            429,
            "RESOURCE_EXHAUSTED",
        ),
        ("ok", "gemini-x", KEY, genai_errors.ClientError, 404, "NOT_FOUND"),
        ("overloaded", "gemini-3.8-flash", KEY, genai_errors.ServerError, 503, "UNAVAILABLE"),
    ],
)
def test_gemini_errors(
    gemini_emulator: Emulator,
    mode: str,
    model: str,
    key: str,
    error: type[genai_errors.APIError],
    code: int,
    status: str,
) -> None:
    gemini_emulator.scenario.mode = mode
    client = gemini_client(gemini_emulator, key)
    with pytest.raises(error) as caught:
        client.models.generate_content(model=model, contents="ping")
    assert type(caught.value) is error
    assert (caught.value.code, caught.value.status) == (code, status)


def test_gemini_without_key_is_an_unregistered_caller(gemini_emulator: Emulator) -> None:
    answer = httpx.get(gemini_emulator.base_url + "/models")
    assert answer.status_code == 403
    assert json.loads(answer.text)["error"]["status"] == "PERMISSION_DENIED"
