"""OpenAI and every OpenAI-compatible API (FACTS.md §2.1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from accesscheck.keys import Secret
from accesscheck.model import Api, AuthKind
from accesscheck.providers.base import (
    MAX_OUTPUT_TOKENS,
    PROMPT,
    BearerKey,
    ModelList,
    NoModelCheck,
    Request,
    ids_from,
    lifecycle_from,
    litellm_compatible,
    litellm_key,
)

if TYPE_CHECKING:
    from accesscheck.registry import Model, Provider

MAX_COMPLETION_TOKENS = frozenset({"openai", "azure-openai"})


class OpenAIDialect(BearerKey, NoModelCheck):
    name = Api.OPENAI
    auth = AuthKind.KEY

    def list_request(self, page: str | None) -> Request:
        # GET /models returns every model the key can see in one page.
        return Request("GET", "/models")

    def parse_list(self, data: Any) -> ModelList:
        items = data.get("data") if isinstance(data, dict) else None
        # OpenAI's list may carry shutdown_date (FACTS.md §2.1); Mistral's cards carry
        # deprecation and archived (FACTS.md §2.7).
        lifecycle = lifecycle_from(items, "id", ("shutdown_date", "deprecation", "archived"))
        return ModelList(ids_from(items, "id"), lifecycle=lifecycle)

    def invoke_request(self, model: str, family: str) -> Request:
        # OpenAI's reasoning models answer 400 unsupported_parameter to max_tokens
        # (griptape-ai/ComfyUI-Griptape#312) and 400 unsupported_value to any non-default
        # temperature (gabrii/Cursor-Azure-GPT-5#33): OpenAI gets max_completion_tokens and
        # no temperature. Compatible APIs document max_tokens (FACTS.md §2.7-2.20), and
        # OpenRouter checks credit against it ("fewer max_tokens", continuedev/continue#10298).
        cap = "max_completion_tokens" if family in MAX_COMPLETION_TOKENS else "max_tokens"
        body = {
            "model": model,
            "messages": [{"role": "user", "content": PROMPT}],
            cap: MAX_OUTPUT_TOKENS,
        }
        return Request("POST", "/chat/completions", body)

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        return litellm_compatible("openai", provider, model, key_env)


class AzureDialect(OpenAIDialect):
    """Azure OpenAI's v1 surface: the OpenAI wire format, an `api-key` header, and deployment
    names where OpenAI has model ids (FACTS.md §2.6; learn.microsoft.com/en-us/azure/foundry/
    reference/rest/open-ai-models-list-models)."""

    name = Api.AZURE

    def headers(self, key: Secret | None) -> dict[str, str]:
        return {"api-key": key.reveal()} if key else {}

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        # Deployments on the v1 API (base_path /openai/v1): LiteLLM's api_version "v1".
        base = f"os.environ/{provider.base_url_env}" if provider.base_url_env else provider.base_url
        return {
            "model": f"azure/{model.id}",
            "api_base": base,
            "api_version": "v1",
            **litellm_key(key_env),
        }


class ResponsesDialect(OpenAIDialect):
    """OpenAI's Responses API (POST /responses) where a host serves a model on no other route:
    OpenAI's GPT-5.x on Amazon Bedrock's Mantle endpoint answer only there ("Responses-API-only",
    BerriAI/litellm#29463; docs.aws.amazon.com/bedrock/latest/userguide/inference-responses-api)."""

    name = Api.OPENAI_RESPONSES

    def invoke_request(self, model: str, family: str) -> Request:
        # max_output_tokens, the Responses API's cap (16: OpenAI's minimum, see MAX_OUTPUT_TOKENS).
        body = {"model": model, "input": PROMPT, "max_output_tokens": MAX_OUTPUT_TOKENS}
        return Request("POST", "/responses", body)

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        # Bedrock's Mantle host: LiteLLM's bedrock_mantle/ route sends openai.gpt-* models to
        # /openai/v1/responses with a Bedrock API key (docs.litellm.ai/docs/providers/
        # bedrock_mantle; BerriAI/litellm#29490); any other host is OpenAI-compatible.
        host = urlsplit(provider.base_url or "").hostname or ""
        if host.startswith("bedrock-mantle.") and host.endswith(".api.aws"):
            return {
                "model": f"bedrock_mantle/{model.id}",
                "aws_region_name": host.split(".")[1],
                **litellm_key(key_env),
            }
        return super().litellm(provider, model, key_env)
