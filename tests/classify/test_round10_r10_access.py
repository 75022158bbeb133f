"""Issue #15, round 10 (branch r10-access): the ninth held-out split's misses labelled a refused
credential, a model or feature not granted, a location or network refusal, or a thing not there, by
class. Each class: the case as gathered (read as tools/score.py reads it), other real wordings of
the same condition from cited sources (not in the corpus), and near misses the rule must not take."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain, _read

AUTH = "unknown/auth_invalid"
GATED = "gated/not_entitled"
NOT_FOUND = "unavailable/not_found"
GEO = "restricted/geo_blocked"
NETWORK = "restricted/network_blocked"
POLICY = "restricted/policy_denied"


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h9b-004", GEO),  # Claude's "App unavailable in region" page run by bash
        ("h9b-052", NETWORK),  # Cloudflare's block page, its middle only
        ("h9c-029", NETWORK),  # Databricks "blocked by Databricks IP ACL for workspace"
        ("h9c-047", POLICY),  # Azure RequestDisallowedByPolicy
        ("h9c-002", GATED),  # Azure SpecialFeatureOrQuotaIdRequired (azd)
        ("h9c-003", GATED),  # the same through Terraform
        ("h9c-046", GATED),  # Copilot "not authorized to use this Copilot feature"
        ("h9c-011", GATED),  # TrueFoundry 403 "not authorized to access model … or does not exist"
        ("h9b-010", AUTH),  # httpx "Illegal header value b'Bearer '"
        ("h9b-011", AUTH),  # Node 'Invalid character in header content ["Authorization"]'
        ("h9b-033", AUTH),  # Kong hmac-auth in front of iFlytek Spark, no status
        ("h9b-018", AUTH),  # MiniMax base_resp 1004 "cookie is missing, log in again"
        ("h9c-008", NOT_FOUND),  # gRPC "Permission denied on resource project My First Project."
        ("h9c-020", NOT_FOUND),  # Cloudflare 7003/7000 "No route for that URI"
        ("h9c-027", NOT_FOUND),  # SAP AI SDK "No deployment matched the given criteria"
        ("h9a-013", NOT_FOUND),  # {"error":{"message":"Not Found"}} after a client's "OK"
    ],
)
def test_the_cases_read_as_labelled(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


# ---- a location's landing page


def test_the_unavailable_in_region_page_is_a_location_refusal_in_any_wrapper() -> None:
    # codemie-ai/codemie-code#148 (from Belarus): the same page inside an installer's failure line
    text = (
        "✗ Failed to install agent claude: Installer exited with code 2. Output: bash: line 1: syntax error "
        'near unexpected token `<\' <html lang="en-US"><head><title>App unavailable in region | Claude</title>'
    )
    assert _explain(text, provider="anthropic") == GEO
    # the link alone, as Alishahryar1/free-claude-code#1361 cut it
    text = '<link rel="alternate" hrefLang="x-default" href="https://claude.com/app-unavailable-in-region"/>'
    assert _explain(text, provider="anthropic") == GEO
    assert _explain("This feature is unavailable in your country.", status=403) == GEO


def test_a_model_unavailable_in_a_cloud_region_is_no_location_refusal() -> None:
    # near miss: where a model is deployed, not where the caller is
    text = "The model gpt-4o is unavailable in region eastus2 for this resource."
    assert _explain(text, provider="azure-openai", status=400) != GEO


# ---- an edge's block page, a workspace's IP list


def test_cloudflares_block_page_body_is_the_network_refused() -> None:
    text = (
        '<h2 data-translate="blocked_resolve_headline">What can I do to resolve this?</h2>'
        '<p data-translate="blocked_resolve_detail">You can email the site owner to let them know you were '
        "blocked.</p>"
    )
    assert _explain(text, provider="groq", status=403) == NETWORK
    # near miss: the same words at a 200 are no block of the request (a page about Cloudflare)
    assert _explain(text, provider="groq", status=200) != NETWORK


@pytest.mark.parametrize(
    "text",
    [
        # learn.microsoft.com azure/databricks/security/network/ip-access-list (the 403 it documents)
        '{"error_code": "403", "message": "Source IP address: 203.0.113.7 is blocked by Databricks IP ACL '
        'for workspace: 1234567890"}',
        # GitHub's REST answer behind an organisation's IP allow list (GitHub Models, Copilot)
        "Although you appear to have the correct authorization credentials, the `acme` organization has an "
        "IP allow list enabled, and your IP address is not permitted to access this resource.",
    ],
)
def test_an_ip_access_list_refusal_is_the_network(text: str) -> None:
    assert _explain(text, status=403) == NETWORK


def test_an_ip_access_list_being_edited_is_no_refusal() -> None:
    # near miss: Terraform failing to create the list itself (databricks/terraform-provider-databricks#3054)
    text = "Error: cannot create ip access list: invalid Databricks Workspace configuration"
    assert _explain(text, provider="databricks", status=400) != NETWORK


# ---- an Azure subscription's policy and offer


def test_azure_policy_denials_are_policy_refusals() -> None:
    # Azure-Samples/azure-search-openai-demo#1815 (the policy's reason instead of its ids)
    text = (
        "InvalidTemplateDeployment: The template deployment failed because of policy violation. "
        "RequestDisallowedByPolicy: Resource 'document-int-test102' was disallowed by policy. Reasons: "
        "'Cognitive Services accounts should use a managed identity'."
    )
    assert _explain(text, provider="azure-openai") == POLICY
    # microsoft/foundry-dev-tools#671: the ARM JSON at 403
    text = (
        '{"error":{"code":"RequestDisallowedByPolicy","target":"ZH-Agent-resource","message":"Resource '
        "'ZH-Agent-resource' was disallowed by policy. Policy identifiers: '[]'.\"}}"
    )
    assert _explain(text, provider="azure-openai", status=403) == POLICY


def test_a_content_filter_policy_is_no_access_policy() -> None:
    # near miss, microsoft/BCApps#6660: a request's content-filter policy, not the caller's
    text = "Your request contains invalid content filter policy. Please provide a valid policy."
    assert _explain(text, provider="azure-openai", status=400) != POLICY


@pytest.mark.parametrize(
    "text",
    [
        # Azure/azure-sdk-for-java#22894
        "(SpecialFeatureOrQuotaIdRequired) The subscription does not have QuotaId/Feature required by SKU 'F0'.",
        # microsoft/Cognitive-Samples-IntelligentKiosk#131 (the sentence alone)
        "The subscription does not have QuotaId/Feature required by SKU 'S0'.",
    ],
)
def test_a_subscription_without_the_feature_is_not_entitled(text: str) -> None:
    assert _explain(text, provider="azure-openai", status=400) == GATED


# ---- a feature or a model the caller is not given


def test_copilots_feature_refusal_is_an_entitlement_and_its_policy_clause_a_policy() -> None:
    # github/copilot-cli#1897, github/app#3098: the refusal cut before its cause (as corpus h9c-046 shows it)
    text = "Error: You are not authorized to use this Copilot feature. (Request ID: C342:1EAB:31D6D7:423F9D)"
    assert _explain(text, provider="github_copilot") == GATED
    # the whole sentence names a policy not enabled: read as round 7 reads it (github/copilot-cli#118)
    text = (
        "You are not authorized to use this Copilot feature, it requires an enterprise or "
        "organization policy to be enabled."
    )
    assert _explain(text, provider="github_copilot") == POLICY
    # near miss: a refused token stays the credential's
    assert _explain("unauthorized: Bad credentials", provider="github_copilot", status=401) == AUTH


def test_a_gateway_user_not_authorized_for_a_model_is_gated_but_a_401_is_the_credential() -> None:
    text = "User alice is not authorized to access model openai-main/gpt-4o or model does not exist"
    assert _explain(text, provider="truefoundry", status=403) == GATED
    # near miss: at a 401 the credential itself was refused (LiteLLM's 401, corpus h3b-099, is auth)
    assert _explain(text, provider="truefoundry", status=401) != GATED


# ---- a credential the client would not send, a signature, a session


@pytest.mark.parametrize(
    "text",
    [
        # openai/openai-python#961 (LM Studio without a key)
        "httpx.LocalProtocolError: Illegal header value b'Bearer '",
        # memochou1993/gpt-ai-assistant#308, postmanlabs/postman-app-support#11010
        'Error: Invalid character in header content ["Authorization"]',
        # nf1973/Spotify-2-AppleMusic#7 (requests)
        "requests.exceptions.InvalidHeader: Invalid leading whitespace, reserved character(s), or return "
        "character(s) in header value: ' Bearer eyJhbGciOi'",
        # cooperspencer/gickup#94 (Go), bwmarrin/discordgo#1736
        'Get "https://api.github.com/user": net/http: invalid header field value "Bearer xyz_token\\n" '
        "for key Authorization",
        'net/http: invalid header field value for "Authorization"',
    ],
)
def test_a_credential_header_the_client_refused_is_the_key(text: str) -> None:
    assert _explain(text) == AUTH


@pytest.mark.parametrize(
    "text",
    [
        # corpus h6c-002 (DashScope: a request header, no credential)
        'Aliyun API error: 400 - {"code":"InvalidParameter","message":"Invalid header '
        '\\"x-dashscope-async\\" provided in your request."}',
        # runpod/runpodctl#201: a User-Agent with a newline is no key
        'net/http: invalid header field value for "User-Agent"',
        'Invalid character in header content ["X-Title"]',
    ],
)
def test_another_header_refused_is_not_the_key(text: str) -> None:
    assert _explain(text) != AUTH


@pytest.mark.parametrize(
    "text",
    [
        # Usagi-org/ai-goofish-monitor#36 (iFlytek through the OpenAI client), without its status
        "{'message': \"HMAC signature cannot be verified:enforced header 'host' not used for signature "
        'creation"}',
        # Kong hmac-auth's other refusal
        '{"message":"HMAC signature does not match"}',
    ],
)
def test_an_hmac_signature_refused_is_the_credential(text: str) -> None:
    assert _explain(text, provider="iflytek_spark") == AUTH


def test_a_session_to_log_in_again_is_the_credential_and_minimax_1004_reads_so() -> None:
    assert _explain("Your session has expired. Please log in again.") == AUTH
    # MiniMax's code without words any auth rule reads (corpus h9b-018's envelope, its message cut)
    text = '{"base_resp":{"status_code":1004,"status_msg":"cookie is missing"}}'
    assert _explain(text, provider="minimax") == AUTH
    # near miss: MiniMax's 1008 (balance) is no credential refusal
    text = '{"base_resp":{"status_code":1008,"status_msg":"insufficient balance"}}'
    assert _explain(text, provider="minimax") != AUTH


# ---- a project, a route, a deployment, a path not there


def test_a_project_google_cannot_find_is_not_found_but_an_iam_denial_is_not() -> None:
    text = 'details = "Permission denied on resource project my-placeholder-project."'
    assert _explain(text, provider="vertex", status=403) == NOT_FOUND
    # near miss: an IAM permission named (the credential's role), corpus g1-044's shape
    text = (
        "Permission 'aiplatform.endpoints.predict' denied on resource "
        "'//aiplatform.googleapis.com/projects/p/locations/us-central1/publishers/google/models/gemini-pro'"
    )
    assert _explain(text, provider="vertex", status=403) != NOT_FOUND


@pytest.mark.parametrize(
    "text",
    [
        # Jazee6/cloudflare-ai-web#52
        '400 {"success":false,"errors":[{"code":7000,"message":"No route for that URI"}],"messages":[],'
        '"result":null}',
        # cloudflare/workers-sdk#9142
        "A request to the Cloudflare API (/accounts/46c1/workers/services/x) failed. No route for that URI "
        "[code: 7000]",
    ],
)
def test_cloudflares_unrouted_path_is_not_found(text: str) -> None:
    assert _explain(text, provider="cloudflare_workers_ai") == NOT_FOUND


def test_no_deployment_matched_is_not_found_but_a_quota_or_a_pending_one_is_not() -> None:
    # SAP/ai-sdk-js#217
    text = (
        "GET /v2/lm/deployments?scenarioId=orchestration&status=RUNNING Error loading OrchestrationClient: "
        'Error: No deployment matched the given criteria: {"scenarioId":"orchestration"}'
    )
    assert _explain(text, provider="sap_ai_core") == NOT_FOUND
    # near misses: a deployment's quota, and a deployment found but not running, name no absence
    text = "Error: No deployment quota left for model gpt-4o in this region."
    assert _explain(text, provider="sap_ai_core") != NOT_FOUND
    text = "Deployment found but it is not RUNNING yet (status: PENDING)"
    assert _explain(text, provider="sap_ai_core") != NOT_FOUND


def test_a_not_found_message_alone_is_not_found_but_not_beside_other_words() -> None:
    assert _explain('{"error": {"message": "Not Found"}}') == NOT_FOUND
    # near miss: the words inside a longer message name something else (a 5xx's inner step)
    text = '{"error": {"message": "Upstream returned: Not Found while refreshing the token cache"}}'
    assert _explain(text, status=500) != NOT_FOUND
    # near miss: a 429 whose body says Not Found is no missing thing (the status is not 404)
    assert _explain('{"error": {"message": "Not Found"}}', status=429) != NOT_FOUND
