"""Round 8 of issue #15 (r8-access): the seventh held-out split's misses labelled auth, gated,
restricted or not_found (tests/corpus/heldout-2026-12g-misses.md, buckets A and E). The classes: a
credential of the wrong kind or none (another product's credential, a session key, a sign-in), a
named permission or a cloud credential's set-up missing, an account terminated; a plan or kind of
account that excludes the model (Codex, Cursor, Ollama Cloud, Hugging Face's size cap); a model
the key may not use; model_not_found saying only "does not exist"; a relayed Anthropic not_found
under a wrapper's own words; region words in Russian; Claude Code's start-up 403. Each class: the
corpus cases it fixes (read as tools/score.py reads them), sibling wordings from cited sources
that are not in the corpus, and near misses the rule must leave alone."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain, _read

AUTH = "unknown/auth_invalid"
DISABLED = "unknown/account_disabled"
GATED = "gated/not_entitled"
DEDICATED = "gated/dedicated_only"
GEO = "restricted/geo_blocked"
POLICY = "restricted/policy_denied"
BLOCKED = "restricted/network_blocked"
NOT_FOUND = "unavailable/not_found"
LOCAL = "unknown/local_network_down"
UNKNOWN = "unknown/unexpected_response"


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h7a-039", AUTH),  # 1. Anthropic 400 'credential is only authorized for … Claude Code'
        ("h7a-040", AUTH),  # 1. the same sentence in Roo Code, no status
        ("h7d-021", AUTH),  # 1. OpenAI 'must be made with a session key … key type: secret'
        ("h7a-061", AUTH),  # 2. Replicate SIGN_IN_REQUIRED 'You need to sign in to run this model.'
        ("h7b-074", AUTH),  # 3. PactFlow 403 'Insufficient permissions {"missing_permissions":[…]}'
        ("h7c-059", AUTH),  # 4. Yandex 'Specified folder ID does not match with service account'
        ("h7d-056", AUTH),  # 4. Vertex 403 local ADC, 'The … API requires a quota project'
        ("h7d-026", AUTH),  # 4. MaxKB '校验失败，请检查 api_key secret_key 是否正确。'
        ("h7d-039", DISABLED),  # 5. OpenAI access_terminated 'Your access was terminated …'
        ("h7b-045", GATED),  # 6. Codex 'not supported when using Codex with a ChatGPT account'
        ("h7b-046", GATED),  # 6. the same, gpt-5.3-codex
        ("h7b-047", GATED),  # 6. the same in {"detail": …}
        ("h7b-048", GATED),  # 6. Codex 'To use Codex with your ChatGPT plan, upgrade to Plus'
        ("h7b-096", GATED),  # 6. Cursor '[plan_required] … not available for free users'
        ("h7b-049", GATED),  # 6. Ollama Cloud 403 'this model requires a subscription'
        ("h7a-042", DEDICATED),  # 7. HF 'too large to be loaded automatically (16GB > 10GB)'
        ("h7a-043", DEDICATED),  # 7. the same, 24GB
        ("h7a-041", GATED),  # 8. OpenAI 'You are not allowed to sample from this model'
        ("h7c-006", GATED),  # 8. relay 403 "Model 'gpt-5.5' is not allowed for this provider"
        ("h7b-091", GATED),  # 8. Zed 'Check that your API key has access to this model.'
        ("h7a-059", NOT_FOUND),  # 9. OpenAI 404 model_not_found "The model 'ft:123' does not exist"
        ("h7b-092", NOT_FOUND),  # 9. ParagonAPI 400 model_not_found 'Модель: … не существует'
        ("h7b-026", NOT_FOUND),  # 10. Anthropic 404 'model: …' in 'LLM authorization failed'
        ("h7c-009", GEO),  # 11. DeepL 'Этот сервис недоступен в вашем регионе'
        ("h7c-040", POLICY),  # 12. relay 403 'endpoint only accepts requests from Claude Code'
        ("h7b-038", GEO),  # 12. Claude Code start-up 'Failed to connect … status code 403'
    ],
)
def test_round8_cases(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


@pytest.mark.parametrize(
    ("text", "provider", "status", "verdict"),
    [
        # 1. OpenAI's usage endpoint refusing a secret key (lune.dev/questions/6174)
        ("Your request to GET /v1/dashboard/billing/usage must be made with a session key (that is, it can only be "
         "made from the browser). You made it with the following key type: secret.", "openai", None, AUTH),
        # 2. Kilo Code's sign-in prompt for a paid model (Kilo-Org/kilocode#5497)
        ("You need to sign in to use this model", "openai", None, AUTH),
        # 3. Azure AI Foundry's PermissionDenied (microsoft/ai-agent-evals#43)
        ("azure.core.exceptions.ClientAuthenticationError: (PermissionDenied) The principal `xxxxx` lacks the required "
         "data action `Microsoft.CognitiveServices/accounts/AIServices/agents/read` to perform `GET "
         "/api/projects/{projectName}/assistants/{assistantId}` operation. For instructions on granting the necessary "
         "permissions, see https://aka.ms/FoundryPermissions.", "azure-openai", None, AUTH),
        # 4. Yandex's gRPC UNAUTHENTICATED for a user account without a folder (yandex-cloud/cloudapi#19)
        ('_InactiveRpcError: <_InactiveRpcError of RPC that terminated with:\n\tstatus = StatusCode.UNAUTHENTICATED\n'
         '\tdetails = "You have to specify folder ID for user account"', "openai", None, AUTH),
        # 4. Google's older wording for user credentials without a quota project (googleapis/nodejs-vision#545)
        ("7 PERMISSION_DENIED: Your application has authenticated using end user credentials from the Google Cloud SDK "
         "or Google Cloud Shell which are not supported by the vision.googleapis.com. We recommend configuring the "
         "billing/quota_project setting in gcloud or using a service account through the "
         "auth/impersonate_service_account setting.", "vertex", None, AUTH),
        # 4. the current wording for another API (googleapis/google-auth-library-python#1459)
        ("'Your application is authenticating by using local Application Default Credentials. The fcm.googleapis.com "
         "API requires a quota project, which is not set by default. To learn how to set your quota project, see "
         "https://cloud.google.com/docs/authentication/adc-troubleshooting/user-creds .'", "vertex", None, AUTH),
        # 5. the same termination in a Java SDK's exception (likvidera/GhidraChatGPT#8)
        ("GhidraChatGPTPlugin [-] Asking ChatGPT failed with the error com.theokanning.openai.OpenAiHttpException: Your "
         "access was terminated due to violation of our policies, please check your email for more information. If "
         "you believe this is in error and would like to appeal, please contact us through our help center at "
         "help.openai.com.", "openai", None, DISABLED),
        # 6. Codex's plan banner with its pricing link (openai/codex#2351)
        ("🖐 To use Codex with your ChatGPT plan, upgrade to Plus: https://openai.com/chatgpt/pricing.", "openai",
         None, GATED),
        # 6. Codex's account-kind refusal in the Xcode integration (openai/codex#26053)
        ('Codex encountered an error: {"detail":"The \'gpt-5.3-codex\' model is not supported when using Codex with a '
         'ChatGPT account."}', "openai", None, GATED),
        # 6. the Ollama CLI's 403 for a cloud model on the free plan (ollama/ollama#15741)
        ("Error: 403 Forbidden: this model requires a subscription, upgrade for access: https://ollama.com/upgrade",
         "ollama", 403, GATED),
        # 6. Hugging Face's Inference API for a Pro-only model (philschmid/easyllm#14)
        ("Bad request:\nModel requires a Pro subscription", "huggingface", None, GATED),
        # 11. Gemini's Russian refusals (AvenCores/Goida-AI-Unlocker#23, #22)
        ("Gemini пока не поддерживается в вашей стране. Мы сообщим, когда это изменится.", "gemini", None, GEO),
        ("недоступно для вашей локации", "gemini", None, GEO),
        # 12. the same relay refusal with Claude Code's login hint (Wei-Shaw/claude-relay-service#1088)
        ('API Error: 403 {"error":{"type":"client_validation_error","message":"This endpoint only accepts requests from '
         'Claude Code CLI"}} · Please run /login', "anthropic", 403, POLICY),
    ],
)  # fmt: skip
def test_round8_siblings(text: str, provider: str, status: int | None, verdict: str) -> None:
    assert _explain(text, provider=provider, status=status) == verdict


@pytest.mark.parametrize(
    ("text", "provider", "status", "verdict"),
    [
        # 4. google-auth's UserWarning is a warning beside a call, no refusal (google-research/kubric#8)
        ('UserWarning: Your application has authenticated using end user credentials from Google Cloud SDK without a '
         'quota project. You might receive a "quota exceeded" or "API not enabled" error. We recommend you rerun '
         '`gcloud auth application-default login` and make sure a quota project is added.', "vertex", None,
         "unknown/unexpected_response"),
        # 6. an API-management "subscription key" is a credential, not a plan (MicrosoftDocs/SupportArticles-docs
        # support/azure/api-mgmt/availability/unauthorized-errors-invoke-apis.md)
        ('{"statusCode": 401, "message": "Access denied due to missing subscription key. Make sure to include '
         'subscription key when making requests to an API."}', "azure-openai", 401, AUTH),
        # 6. a model id Copilot CLI does not know is no plan refusal (github/copilot-cli#461)
        ('Model "sonet" is not supported by Copilot CLI.', "openai", None, NOT_FOUND),
        # 7. a serverless model still loading is no dedicated-only refusal (huggingface/api-inference-community#137)
        ("{'error': 'Model allenai/unifiedqa-t5-11b is currently loading', 'estimated_time': 1809.1820068359375}",
         "huggingface", None, "unknown/unexpected_response"),
        # 10. a proxy's own 403 'Authorization failed' relays no not_found (zhangrr/claude-nvidia-proxy#5)
        ('API Error: 403 {"status":403,"title":"Forbidden","detail":"Authorization failed"} · Please run /login',
         "anthropic", 403, AUTH),
    ],
)  # fmt: skip
def test_round8_near_misses(text: str, provider: str, status: int | None, verdict: str) -> None:
    assert _explain(text, provider=provider, status=status) == verdict


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h2b-116", GATED),  # 1. Kimi 'only available for Coding Agents': a plan
        ("g2-012", GATED),  # 5. Kimi 'Access terminated. Review our …' (gated)
        ("g2-091", BLOCKED),  # 6. an Ollama 403 with no words of its own stays the origin check
        ("h3a-093", GATED),  # 9. "…model '-' with deployment name - does not exist"
        ("c005", GATED),  # 9. "The model: `gpt-4` does not exist" is the 2023 waitlist wording
        ("h2b-069", NOT_FOUND),  # 9. vLLM's NotFoundError 'does not exist.'
        ("h6c-059", UNKNOWN),  # 4. '请检查参数是否正确' names no key
        ("h1-060", LOCAL),  # 12. Claude Code's screen with ECONNREFUSED got no answer
    ],
)
def test_round8_near_miss_cases(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict
