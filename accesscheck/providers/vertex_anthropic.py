"""Claude on Vertex AI: Anthropic's Messages body, sent to a Vertex publisher-model path.

What differs from Anthropic's own API (docs.anthropic.com/en/api/claude-on-vertex-ai): the
model is named in the URL, not the body, and `anthropic_version` travels in the body with the
value `vertex-2023-10-16` (not as a header). The path is
`…/projects/{P}/locations/{L}/publishers/anthropic/models/{MODEL}:rawPredict` (Google's "Request
predictions with Claude models"; api7/aisix#443), on the regional host `{L}-aiplatform…` or the
global one; the token is Vertex's (an OAuth access token, the same credential chain).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accesscheck.keys import Secret
from accesscheck.model import Api, AuthKind
from accesscheck.providers.anthropic import AnthropicDialect
from accesscheck.providers.base import ModelList, NoModelCheck, Request
from accesscheck.providers.vertex import VertexDialect, publisher_path

if TYPE_CHECKING:
    from accesscheck.registry import Model, Provider

# A body without it is refused: 400 invalid_request_error "anthropic_version: Field required"
# (jordigilh/kubernaut#686); Anthropic's header value there answers 404 (clawvisor/clawvisor#156).
VERTEX_VERSION = "vertex-2023-10-16"


class VertexAnthropicDialect(NoModelCheck):
    """Vertex's host, token, list and LiteLLM route; Anthropic's request body."""

    name = Api.VERTEX_ANTHROPIC
    auth = AuthKind.GOOGLE  # the same OAuth token as Vertex's Gemini models
    vertex = VertexDialect()
    messages = AnthropicDialect()

    def headers(self, key: Secret | None) -> dict[str, str]:
        # No anthropic-version header: on Vertex the version travels in the body.
        return self.vertex.headers(key)

    def list_request(self, page: str | None) -> Request:
        # Not used as a probe (the registry sets list_models: false): no source shows a
        # list of the anthropic publisher's models that says what this project may call.
        return Request("GET", "/publishers/anthropic/models")

    def parse_list(self, data: Any) -> ModelList:
        return self.vertex.parse_list(data)

    def invoke_request(self, model: str, family: str) -> Request:
        body: dict[str, Any] = dict(self.messages.invoke_request(model, family).body or {})
        body.pop("model", None)  # named by the URL
        body["anthropic_version"] = VERTEX_VERSION
        # rawPredict, not streamRawPredict: one JSON answer the classifier reads whole.
        return Request("POST", publisher_path("anthropic", model, "rawPredict"), body)

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        # LiteLLM routes Claude on Vertex as vertex_ai/claude-*, with Vertex's project and
        # location (docs.litellm.ai/docs/providers/vertex_partner).
        return self.vertex.litellm(provider, model, key_env)
