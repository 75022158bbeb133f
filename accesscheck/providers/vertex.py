"""Google Vertex AI (Gemini Enterprise Agent Platform): Gemini's request body on Vertex paths,
with an OAuth access token (FACTS.md §2.4; MODELS-2026.md §4).

The registry's base URL holds the project and location:
https://aiplatform.googleapis.com/v1/projects/{PROJECT}/locations/{LOCATION}.
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
)
from accesscheck.registry.templates import endpoint_vars

if TYPE_CHECKING:
    from accesscheck.registry import Model, Provider


class VertexDialect(BearerKey, NoModelCheck):
    name = Api.VERTEX
    auth = AuthKind.GOOGLE

    def list_request(self, page: str | None) -> Request:
        return Request("GET", "/publishers/google/models")  # unverified path: not used as a probe

    def parse_list(self, data: Any) -> ModelList:
        return ModelList(frozenset())

    def invoke_request(self, model: str, family: str) -> Request:
        body = {
            "contents": [{"role": "user", "parts": [{"text": PROMPT}]}],
            "generationConfig": {"maxOutputTokens": MAX_OUTPUT_TOKENS},
        }
        return Request("POST", publisher_path("google", model, "generateContent"), body)

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        # The project and location come from the variables our base_path names; LiteLLM signs
        # in with Application Default Credentials, as Google's SDKs do.
        names = ("vertex_project", "vertex_location")
        where = dict(zip(names, endpoint_vars(provider), strict=False))
        return {
            "model": f"vertex_ai/{model.id}",
            **{k: f"os.environ/{v}" for k, v in where.items()},
        }


def publisher_path(publisher: str, model: str, method: str) -> str:
    """A publisher model's method, relative to the project-and-location base URL. `@` stays
    as it is: partner model versions are named `claude-sonnet-4@20250514`
    (cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude)."""
    return f"/publishers/{publisher}/models/{quote(model, safe='-._~@')}:{method}"
