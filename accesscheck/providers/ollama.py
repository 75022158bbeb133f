"""Ollama's native API on a local (or cloud) server (FACTS.md §2.19; docs.ollama.com/api)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accesscheck.model import Api, AuthKind
from accesscheck.providers.base import (
    MAX_OUTPUT_TOKENS,
    PROMPT,
    BearerKey,
    ModelList,
    NoModelCheck,
    Request,
    ids_from,
    litellm_compatible,
)

if TYPE_CHECKING:
    from accesscheck.registry import Model, Provider


class OllamaDialect(BearerKey, NoModelCheck):
    name = Api.OLLAMA
    auth = AuthKind.KEY

    def list_request(self, page: str | None) -> Request:
        return Request("GET", "/api/tags")  # the pulled models, in one page

    def parse_list(self, data: Any) -> ModelList:
        names = ids_from(data.get("models") if isinstance(data, dict) else None, "name")
        # "gemma4" and "gemma4:latest" name the same pulled model.
        return ModelList(names | {n.removesuffix(":latest") for n in names})

    def invoke_request(self, model: str, family: str) -> Request:
        body = {
            "model": model,
            "messages": [{"role": "user", "content": PROMPT}],
            "stream": False,
            "options": {"num_predict": MAX_OUTPUT_TOKENS},
        }
        return Request("POST", "/api/chat", body)

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        return litellm_compatible("ollama_chat", provider, model, key_env)
