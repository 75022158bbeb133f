"""Google Vertex AI (Gemini Enterprise Agent Platform): Gemini's request body on Vertex paths,
with an OAuth access token (FACTS.md §2.4; MODELS-2026.md §4).

The registry's base URL holds the project and location:
https://aiplatform.googleapis.com/v1/projects/{PROJECT}/locations/{LOCATION}.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from accesscheck.keys import Secret
from accesscheck.providers.base import (
    MAX_OUTPUT_TOKENS,
    PROMPT,
    ModelList,
    NoModelCheck,
    Request,
    bearer,
)


class VertexDialect(NoModelCheck):
    name = "vertex"

    def headers(self, key: Secret | None) -> dict[str, str]:
        return bearer(key)

    def list_request(self, page: str | None) -> Request:
        return Request("GET", "/publishers/google/models")  # unverified path: not used as a probe

    def parse_list(self, data: Any) -> ModelList:
        return ModelList(frozenset())

    def invoke_request(self, model: str, family: str) -> Request:
        body = {
            "contents": [{"role": "user", "parts": [{"text": PROMPT}]}],
            "generationConfig": {"maxOutputTokens": MAX_OUTPUT_TOKENS},
        }
        return Request(
            "POST", f"/publishers/google/models/{quote(model, safe='-._~')}:generateContent", body
        )
