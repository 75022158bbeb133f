"""Round 7 of issue #15 (r7-access): the sixth held-out split's misses of classes 2, 6 and 7
(tests/corpus/heldout-2026-12f-misses.md). Class 2: a credential missing, unknown or of the wrong
kind (another language, an identity service, an SDK, an app, a relay, a cloud IAM refusal).
Class 6: refusals that name the network, a policy or Cloudflare. Class 7: a gateway's model
allow-list and Copilot's plan refusal by code. Each class: the corpus cases it fixes (read as
tools/score.py reads them), sibling wordings from cited sources that are not in the corpus, and
near misses the rule must leave alone."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain, _read

AUTH = "unknown/auth_invalid"
GATED = "gated/not_entitled"
BLOCKED = "restricted/network_blocked"
POLICY = "restricted/policy_denied"
NOT_FOUND = "unavailable/not_found"
LOCAL = "unknown/local_network_down"


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h6a-024", AUTH),  # 2. 'API Key do Gemini não encontrada' (Portuguese, an app's own check)
        ("h6a-068", AUTH),  # 2. IBM IAM 'Provided API key could not be found', status 400
        ("h6b-065", AUTH),  # 2. Claude Code: 'API key authentication is not sufficient'
        ("h6b-080", AUTH),  # 2. Dify 'Model moonshot-v1-32k credentials is not initialized.'
        ("h6c-074", AUTH),  # 2. DMXAPI 400 'API key status invalid'
        ("h6c-027", AUTH),  # 2. Yandex Cloud 'Permission to [resource-manager.folder …] denied'
        ("h6a-061", BLOCKED),  # 6. Groq 403 'Access denied. Please check your network settings.'
        ("h6b-089", POLICY),  # 6. Copilot CLI 'Check policy enablement under GitHub Settings'
        ("h6c-034", BLOCKED),  # 6. 'Error HTTP code 403 from API. Claudflare'
        ("h6b-096", GATED),  # 7. Langfuse gateway '403 model_not_allowed'
        ("h6b-091", GATED),  # 7. Copilot 400 model_not_supported on a free_educational SKU
        ("h4b-092", GATED),  # 7. the same words through copilot-api (a Pro+-only model)
    ],
)
def test_round7_cases(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


@pytest.mark.parametrize(
    ("text", "provider", "status", "verdict"),
    [
        # 2. a missing or refused key in Portuguese and Spanish: github.com/lobehub/lobe-chat
        # locales/pt-BR/error.json (NoOpenAIAPIKey, InvalidProviderAPIKey), locales/es-ES/error.json
        ("A chave de API do OpenAI está em branco. Adicione uma chave de API personalizada do OpenAI",
         "openai", None, AUTH),
        ("Gemini API Key inválido ou em branco, por favor, verifique o Gemini API Key e tente novamente",
         "gemini", None, AUTH),
        ("La clave de API de OpenAI está vacía. Agregue una clave de API de OpenAI personalizada", "openai", None, AUTH),
        # 2. IBM IAM's BXNIM0415E in its JSON (watson-developer-cloud/food-coach#28) and in a
        # Terraform line (IBM-Cloud/terraform-provider-ibm#334)
        ('{"errorCode":"BXNIM0415E","errorMessage":"Provided API key could not be found"}', "openai", None, AUTH),
        ("Error occured while configuring Container Service for K8s cluster: \"Request failed with status code: 400, "
         "BX0415EWQA: Provided API key could not be found\"", "openai", None, AUTH),
        # 2. AWS's expired session token, sent as a 403 (cline/cline#852)
        ("API Request Failed: 403 The security token included in the request is expired", "bedrock", 403, AUTH),
        # 2. Azure AD's AADSTS7000215 as Copilot CLI printed it (github/copilot-cli#1638)
        ("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, "
         "not the client secret ID, for a secret added to app '59b26b74-50b7-4ea6-b43a-99ee3f991788'.",
         "azure-openai", None, AUTH),
        # 2. Dify's credentials not initialised for an embedding model (langgenius/dify#3295)
        ("model embedding credentials is not initialized", "openai", 400, AUTH),
        # 2. LangChain's missing key (majacinka/crewai-experiments#7)
        ("Did not find openai_api_key, please add an environment variable `OPENAI_API_KEY` which contains it, or "
         "pass `openai_api_key` as a named parameter. (type=value_error)", "openai", None, AUTH),
        # 2. the Anthropic SDK with no key and no token (anthropics/claude-code#6078)
        ("Error: Could not resolve authentication method. Expected either apiKey or authToken to be set.",
         "anthropic", None, AUTH),
        # 2. one-api's disabled token (songquanpeng/one-api model/token.go)
        ("该 token 状态不可用", "openai", None, AUTH),
        # 2. a credential of the wrong kind: Anthropic's refusal of an OAuth token (anthropics/claude-code#6131)
        ("OAuth authentication is currently not supported.", "anthropic", None, AUTH),
        # 2. Yandex Cloud's gRPC refusal of a folder permission (yandex-cloud/python-sdk#9)
        ('status = StatusCode.PERMISSION_DENIED details = "Permission denied to folder standart-images"', "openai",
         None, AUTH),
        # 6. a refusal that points at the network settings (adams549659584/go-proxy-bingai#332)
        ("Sorry, looks like your network settings are preventing access to this feature.", "openai", None, BLOCKED),
        # 6. Copilot's policy not enabled (github/copilot-cli#118)
        ("You are not authorized to use this Copilot feature, it requires an enterprise or organization policy "
         "to be enabled.", "openai", None, POLICY),
        # 6. a 403 named as Cloudflare's in a line (openai/codex#27752, the title)
        ("403 Forbidden Access blocked by Cloudflare", "openai", 403, BLOCKED),
        # 7. LiteLLM's team allow-list, its 403's body pasted alone (BerriAI/litellm#38629)
        ("{\"message\":\"team not allowed to access model. This team can only access models=['claude-3-5-haiku',"
         "'llama-3.1-8b',...]. Tried to access gpt-4o\",\"type\":\"team_model_access_denied\"}", "openai", None, GATED),
        # 7. LangWatch's gateway envelope with the code and no status (langwatch.ai/docs/ai-gateway/api/errors)
        ('{"error":{"type":"model_not_allowed","code":"model_not_allowed"}}', "openai", None, GATED),
        # 7. Copilot's refusal through copilot-api, as a JS object dump (feiskyer/claude-code-settings#2)
        ("ERROR  HTTP error: { error: { message: 'The requested model is not supported.', code: 'model_not_supported', "
         "param: 'model', type: 'invalid_request_error' } }", "openai", None, GATED),
    ],
)  # fmt: skip
def test_round7_siblings(text: str, provider: str, status: int | None, verdict: str) -> None:
    assert _explain(text, provider=provider, status=status) == verdict


@pytest.mark.parametrize(
    ("text", "provider", "status", "verdict"),
    [
        # 2. LobeChat's pt-BR ModelNotFound names the key ("troque a chave da API") but is no key refusal:
        # r7-locale reads it as what it names, a model not found (or not accessible: ambiguous)
        ("Desculpe, não foi possível solicitar o modelo correspondente. Isso pode ser devido ao modelo não existir "
         "ou a falta de permissões de acesso. Por favor, troque a chave da API ou ajuste as permissões de acesso e "
         "tente novamente.", "openai", None, "unavailable/not_found"),
        # 2. a Yandex folder id that does not exist is no permission refusal (yc-actions/yc-github-runner#575)
        ('Error: ClientError: /yandex.cloud.compute.v1.InstanceService/Create FAILED_PRECONDITION: Folder '
         '"fd8bjcq2l35p1hh7bsqd" not found', "openai", None, "unknown/unexpected_response"),
        # 6./7. a model-name typo in Copilot CLI is neither a policy nor a plan (github/copilot-cli#461)
        ('Model "sonet" is not supported by Copilot CLI.', "openai", None, "unavailable/not_found"),
    ],
)  # fmt: skip
def test_round7_near_misses(text: str, provider: str, status: int | None, verdict: str) -> None:
    assert _explain(text, provider=provider, status=status) == verdict


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h5a-071", NOT_FOUND),  # 2. 'The requested resource could not be found.' is no key
        ("h1-060", LOCAL),  # 6. Claude Code's refused connection, 'check … network settings'
        ("h4c-005", AUTH),  # 6. a 401 whose headers name Cloudflare is not a Cloudflare 403
        ("h3b-099", AUTH),  # 7. LiteLLM's 401 'Token not allowed to access model' is the credential
        ("h5a-003", NOT_FOUND),  # 7. watsonx model_not_supported naming the model: an unknown id
    ],
)
def test_round7_near_miss_cases(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict
