"""Cohere's own API: v1 model list, v2 chat.

Sources: FACTS.md §2.8; docs.cohere.com/v1/reference/list-models.md; docs.cohere.com/reference/chat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from accesscheck.model import Api, AuthKind
from accesscheck.providers.base import (
    MAX_OUTPUT_TOKENS,
    PROMPT,
    BearerKey,
    ModelList,
    NoModelCheck,
    Request,
    ids_from,
    litellm_native,
)

if TYPE_CHECKING:
    from accesscheck.registry import Model, Provider


class CohereDialect(BearerKey, NoModelCheck):
    name = Api.COHERE
    auth = AuthKind.KEY

    def list_request(self, page: str | None) -> Request:
        query = "?page_size=1000" + (f"&page_token={quote(page, safe='')}" if page else "")
        return Request("GET", f"/v1/models{query}")

    def parse_list(self, data: Any) -> ModelList:
        if not isinstance(data, dict):
            return ModelList(frozenset())
        token = data.get("next_page_token")
        return ModelList(
            ids_from(data.get("models"), "name"),
            token if isinstance(token, str) and token else None,
        )

    def invoke_request(self, model: str, family: str) -> Request:
        body = {
            "model": model,
            "messages": [{"role": "user", "content": PROMPT}],
            "max_tokens": MAX_OUTPUT_TOKENS,
        }
        return Request("POST", "/v2/chat", body)

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        return litellm_native("cohere_chat", model, key_env)
