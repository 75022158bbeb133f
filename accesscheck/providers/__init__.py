"""API dialects by name: the `api:` field of a registry provider picks one."""

from __future__ import annotations

from collections.abc import Mapping

from accesscheck.providers.anthropic import AnthropicDialect
from accesscheck.providers.base import Dialect, ModelList, Request
from accesscheck.providers.bedrock import BedrockDialect
from accesscheck.providers.cohere import CohereDialect
from accesscheck.providers.gemini import GeminiDialect
from accesscheck.providers.ollama import OllamaDialect
from accesscheck.providers.openai import AzureDialect, OpenAIDialect
from accesscheck.providers.vertex import VertexDialect

DIALECTS: Mapping[str, Dialect] = {
    "openai": OpenAIDialect(),
    "anthropic": AnthropicDialect(),
    "gemini": GeminiDialect(),
    "cohere": CohereDialect(),
    "ollama": OllamaDialect(),
    "azure": AzureDialect(),
    "bedrock": BedrockDialect(),
    "vertex": VertexDialect(),
}

__all__ = ["DIALECTS", "Dialect", "ModelList", "Request"]
