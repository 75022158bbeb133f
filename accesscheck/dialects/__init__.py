"""API dialects by name: the `api:` field of a registry provider picks one."""

from __future__ import annotations

from collections.abc import Mapping

from accesscheck.dialects.anthropic import AnthropicDialect
from accesscheck.dialects.base import Dialect, ModelList, Request
from accesscheck.dialects.bedrock import BedrockDialect
from accesscheck.dialects.cohere import CohereDialect
from accesscheck.dialects.gemini import GeminiDialect
from accesscheck.dialects.ollama import OllamaDialect
from accesscheck.dialects.openai import AzureDialect, OpenAIDialect
from accesscheck.dialects.vertex import VertexDialect

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
