"""Anthropic's Messages API (FACTS.md §2.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from accesscheck.keys import Secret
from accesscheck.model import Api, AuthKind
from accesscheck.providers.base import (
    MAX_OUTPUT_TOKENS,
    PROMPT,
    ModelList,
    NoModelCheck,
    Request,
    ids_from,
    lifecycle_from,
    litellm_compatible,
)

if TYPE_CHECKING:
    from accesscheck.registry import Model, Provider

# Required on every request: without it the API answers 400 "anthropic-version: header is
# required" (envoyproxy/ai-gateway#1909).
API_VERSION = "2023-06-01"


class AnthropicDialect(NoModelCheck):
    name = Api.ANTHROPIC
    auth = AuthKind.KEY

    def headers(self, key: Secret | None) -> dict[str, str]:
        headers = {"anthropic-version": API_VERSION}
        if key:
            headers["x-api-key"] = key.reveal()
        return headers

    def list_request(self, page: str | None) -> Request:
        query = "?limit=1000" + (f"&after_id={quote(page, safe='')}" if page else "")
        return Request("GET", f"/v1/models{query}")

    def parse_list(self, data: Any) -> ModelList:
        if not isinstance(data, dict):
            return ModelList(frozenset())
        items = data.get("data")
        retired = frozenset(
            item["id"]
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict)
            and isinstance(item.get("id"), str)
            and item.get("lifecycle") == "retired"
        )
        last = data.get("last_id")
        more = data.get("has_more") is True and isinstance(last, str)
        # ModelInfo: lifecycle, deprecated_at, retires_at (anthropic-sdk-python model_info.py).
        lifecycle = lifecycle_from(items, "id", ("lifecycle", "deprecated_at", "retires_at"))
        return ModelList(ids_from(items, "id"), last if more else None, retired, lifecycle)

    def invoke_request(self, model: str, family: str) -> Request:
        return Request(
            "POST",
            "/v1/messages",
            {
                "model": model,
                "max_tokens": MAX_OUTPUT_TOKENS,
                "messages": [{"role": "user", "content": PROMPT}],
            },
        )

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        return litellm_compatible("anthropic", provider, model, key_env)
