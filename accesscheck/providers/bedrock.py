"""Amazon Bedrock: Converse on the runtime host, model availability on the control plane.

FACTS.md §2.5: errors name themselves in the x-amzn-ErrorType header and carry {"message"};
GetFoundationModelAvailability answers access questions without generating
(docs.aws.amazon.com/bedrock/latest/APIReference/API_GetFoundationModelAvailability.html).
Requests are SigV4-signed (accesscheck.probe.credentials) or carry a Bedrock API key as a Bearer
token (aws-samples/sample-apj-sup-sa#232).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from accesscheck.classify.verdicts import verdict
from accesscheck.model import Api, AuthKind, Reason, Verdict
from accesscheck.providers.base import (
    MAX_OUTPUT_TOKENS,
    PROMPT,
    BearerKey,
    ModelList,
    Request,
    ids_from,
    litellm_key,
)

if TYPE_CHECKING:
    from accesscheck.registry import Model, Provider


def _gate(reason: Reason, detail: str, remedy: str) -> Verdict:
    return verdict(reason, "bedrock-availability", f"Bedrock availability: {detail}", remedy)


class BedrockDialect(BearerKey):
    name = Api.BEDROCK
    auth = AuthKind.AWS

    def list_request(self, page: str | None) -> Request:
        return Request("GET", "/foundation-models")  # the catalog, not access: not used as a probe

    def parse_list(self, data: Any) -> ModelList:
        return ModelList(
            ids_from(data.get("modelSummaries") if isinstance(data, dict) else None, "modelId")
        )

    def invoke_request(self, model: str, family: str) -> Request:
        body = {
            "messages": [{"role": "user", "content": [{"text": PROMPT}]}],
            "inferenceConfig": {"maxTokens": MAX_OUTPUT_TOKENS},
        }
        return Request("POST", f"/model/{quote(model, safe='')}/converse", body)

    def model_check(self, model: str) -> Request | None:
        return Request("GET", f"/foundation-model-availability/{quote(model, safe='')}")

    def read_model_check(self, data: Any) -> Verdict | None:
        if not isinstance(data, dict):
            return None
        agreement = data.get("agreementAvailability")
        agreement_status = agreement.get("status") if isinstance(agreement, dict) else None
        if data.get("regionAvailability") == "NOT_AVAILABLE":
            return _gate(
                Reason.GEO_BLOCKED,
                "the model is not offered in this region",
                "use a region that offers it, or its cross-region inference profile",
            )
        if data.get("authorizationStatus") == "NOT_AUTHORIZED":
            return _gate(
                Reason.NOT_ENTITLED,
                "this account is not authorized for the model",
                "grant access to the model (IAM and Bedrock model access)",
            )
        if data.get("entitlementAvailability") == "NOT_AVAILABLE":
            return _gate(
                Reason.NOT_ENTITLED,
                "no entitlement to the model (e.g. use-case details or a "
                "Marketplace subscription missing)",
                "request access in the Bedrock console",
            )
        if agreement_status not in (None, "AVAILABLE"):
            return _gate(
                Reason.NOT_ENTITLED,
                f"the model's agreement is {str(agreement_status).lower()}",
                "accept the model's end-user agreement in the Bedrock console",
            )
        if data.get("authorizationStatus") == "AUTHORIZED":
            return verdict(
                Reason.LISTED,
                "bedrock-availability",
                "Bedrock reports the model authorized, entitled and offered in this region "
                "(not proof a call succeeds)",
                "run with --deep to make one minimal call",
            )
        return None

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        host = urlsplit(provider.base_url or "").hostname or ""
        region = host.split(".")[1] if host.startswith("bedrock-runtime.") else None
        return {
            "model": f"bedrock/{model.id}",
            **({"aws_region_name": region} if region else {}),
            **litellm_key(key_env),
        }
