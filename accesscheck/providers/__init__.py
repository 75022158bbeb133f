"""One module per wire dialect: how to build each probe request, read a model list, check an
account, authenticate and export to LiteLLM. The registry's `api:` field picks one here."""

from __future__ import annotations

from collections.abc import Mapping

from accesscheck.model import Api
from accesscheck.providers.anthropic import AnthropicDialect
from accesscheck.providers.base import Dialect, ModelList, Request
from accesscheck.providers.bedrock import BedrockDialect
from accesscheck.providers.cohere import CohereDialect
from accesscheck.providers.gemini import GeminiDialect
from accesscheck.providers.ollama import OllamaDialect
from accesscheck.providers.openai import AzureDialect, OpenAIDialect, ResponsesDialect
from accesscheck.providers.vertex import VertexDialect
from accesscheck.providers.vertex_anthropic import VertexAnthropicDialect

# One entry per Api member (tests/test_providers.py keeps them in step).
DIALECTS: Mapping[Api, Dialect] = {
    Api.OPENAI: OpenAIDialect(),
    Api.ANTHROPIC: AnthropicDialect(),
    Api.GEMINI: GeminiDialect(),
    Api.COHERE: CohereDialect(),
    Api.OLLAMA: OllamaDialect(),
    Api.AZURE: AzureDialect(),
    Api.OPENAI_RESPONSES: ResponsesDialect(),
    Api.BEDROCK: BedrockDialect(),
    Api.VERTEX: VertexDialect(),
    Api.VERTEX_ANTHROPIC: VertexAnthropicDialect(),
}

__all__ = ["DIALECTS", "Dialect", "ModelList", "Request"]
