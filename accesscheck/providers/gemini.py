"""Google's Gemini API on generativelanguage.googleapis.com (FACTS.md §2.3)."""

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
    litellm_native,
)

if TYPE_CHECKING:
    from accesscheck.registry import Model, Provider


class GeminiDialect(NoModelCheck):
    name = Api.GEMINI
    auth = AuthKind.KEY

    def headers(self, key: Secret | None) -> dict[str, str]:
        # The x-goog-api-key header, never ?key=: a key in a URL ends up in logs and
        # exception messages (HolmesGPT/holmesgpt#2010).
        return {"x-goog-api-key": key.reveal()} if key else {}

    def list_request(self, page: str | None) -> Request:
        query = "?pageSize=1000" + (f"&pageToken={quote(page, safe='')}" if page else "")
        return Request("GET", f"/models{query}")

    def parse_list(self, data: Any) -> ModelList:
        if not isinstance(data, dict):
            return ModelList(frozenset())
        token = data.get("nextPageToken")
        ids = ids_from(data.get("models"), "name", prefix="models/")
        return ModelList(ids, token if isinstance(token, str) and token else None)

    def invoke_request(self, model: str, family: str) -> Request:
        return Request(
            "POST",
            f"/models/{quote(model, safe='-._~')}:generateContent",
            {
                "contents": [{"parts": [{"text": PROMPT}]}],
                "generationConfig": {"maxOutputTokens": MAX_OUTPUT_TOKENS},
            },
        )

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        return litellm_native("gemini", model, key_env)
