"""Rule conditions that a fingerprint depends on beyond its code and message: each test here
fails if the condition is dropped from the rule table."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from accesscheck.classify import read
from accesscheck.classify.decide import classify
from accesscheck.model import Reason, Status
from accesscheck.observation import Rung
from tests.cases import case as corpus_case
from tests.cases import status_and_body as _case

# Anthropic's edge refuses a location with a bare envelope (no top-level "type": "error"),
# unlike every error its API sends (FACTS.md §2.2; enricoros/big-AGI#485, corpus c021).
EDGE = '{"error":{"type":"forbidden","message":"Request not allowed"}}'
API_ENVELOPE = '{"type":"error","error":{"type":"forbidden","message":"Request not allowed"}}'


def _anthropic(body: str, status: int = 403) -> tuple[Status, Reason, str]:
    facts = read.read(body, status, "application/json", {})
    verdict = classify(facts, Rung.INVOKE, family="anthropic", dialect="anthropic")
    return verdict.status, verdict.reason, verdict.rule


def test_the_edge_shape_is_the_location_refusal() -> None:
    assert _anthropic(EDGE) == (Status.RESTRICTED, Reason.GEO_BLOCKED, "anthropic-geo")


def test_the_same_words_in_the_api_envelope_are_not_read_as_a_location_refusal() -> None:
    """The shape is the evidence: inside the API's own envelope the 403 is the API's
    refusal, an ambiguous one, never a region block."""
    status, reason, rule = _anthropic(API_ENVELOPE)
    assert reason is not Reason.GEO_BLOCKED and rule != "anthropic-geo"
    assert status is Status.GATED


# --------------------------------------------------------------- every rule earns its place

# Rules no real answer in the corpus or the emulator is decided by, with why they stay.
UNEXERCISED = {
    "http-408": "a status-only fallback (RFC 9110): no provider answer with a 408 is on record",
    "pasted-completion": "a model's answer pasted without its status (the shapes of OpenAI's, "
    "Anthropic's and Gemini's API references; test_not_found_outage_network holds them): every "
    "success on record carries its status or is a model list",
    "permission-type": "from Anthropic's error documentation (permission_error); no pasted "
    "case on record yet",
    "http-429-unexplained": "a 429 error object that names neither a throttle nor a quota (issue #15: "
    "no throttle without evidence); every 429 body on record names its cause, and the pastes that "
    "lost it read as http-429-no-body (test_a_429_with_an_error_object_is_a_throttle_only_if_it_names_one)",
    "legal-block-words": "RFC 7725's reason phrase and sanctions or export-control wording pasted without a "
    "451: no such paste on record yet (tests/classify/test_account_classes.py holds it)",
    "zero-capacity-left": "written from the fourth held-out split (h4a-059) after its one score; "
    "the golden record reads the splits before it (test_round4_accounts.py holds it)",
    "extra-usage-required": "Anthropic's answer as anthropics/claude-code#29584 and three more "
    "threads show it (test_a_refusal_sent_as_a_throttle_is_no_throttle holds it); no corpus case yet",
    # the review of 8160956 (#15): word families no corpus case uses yet; their tests are in
    # tests/classify/test_false_reachable_review.py
    "cloud-region-unsupported": "a cloud region id in a refusal ('us-west-1'): no corpus case yet",
    "region-words": "other word orders of a location refusal: no corpus case yet",
    "account-suspended-words": "'Account suspended due to policy violation.': no corpus case yet",
    "balance-words": "OpenAI's billing_hard_limit_reached code: no corpus case yet",
    "balance-words-text": "insufficient funds, recharge, top up: no corpus case yet",
    "other-system-error": "a database's or cache's login failure in a log: no corpus case yet",
    # round 4 (#15): rules written from heldout-2026-12c.jsonl misses, development data since
    # round 4 that this golden record does not read; tests/classify/test_round4_routes_network.py
    # holds each
    "server-error-in-2xx": "heldout-2026-12c only: h3b-109 (OpenRouter 200 carrying error code 500)",
    "proxy-auth-407": "heldout-2026-12c only: h3b-007 (a proxy's 407 in axios' sentence)",
    "proxy-auth-407-text": "heldout-2026-12c only: a 407 pasted without its status: no case yet",
    "retired-other-words": "heldout-2026-12c only: h3c-054 (CLOVA 'model fade out'), h3b-045 (GitHub Models retirement brownout)",
    "model-name-malformed": "heldout-2026-12c only: h3a-065 (Gemini 'unexpected model name format')",
    "operation-not-for-model": "heldout-2026-12c only: h3a-094 (Azure OperationNotSupported)",
    "operation-not-for-model-text": "heldout-2026-12c only: h3a-095 (the same in a chat app's words)",
    "upstream-error-code": "heldout-2026-12c only: an upstream_error code at 5xx: no case yet (h3b-108 carries it as its type)",
    "upstream-error-type": "heldout-2026-12c only: h3b-108 (Routstr upstream_error 502)",
    "gateway-upstream-failed-words": "heldout-2026-12c only: h3b-041 (OpenCode Zen 'Upstream request failed')",
    "fetch-aborted": "heldout-2026-12c only: h3c-089 ('The operation was aborted')",
    "fetch-failed-no-cause": "heldout-2026-12c only: h3a-030 (node-fetch FetchError), h3a-060 (Safari 'Load failed'), h3c-078 (cause {})",
    "local-resolver-failed": "heldout-2026-12c only: h3b-084 (Go proxy: dial tcp lookup on 127.0.0.11)",
    "edge-challenge": "heldout-2026-12c only: h3b-049 (Vercel Security Checkpoint behind Kilo's gateway)",
    "http-410": "heldout-2026-12c only: only 410 on record is h3b-045, which retired-other-words reads first",
    "loopback-502-proxy": "heldout-2026-12c only: h3b-086 (Ollama's loopback URL answered 502 by a proxy)",
    # classify round 4 (classify-d): families written from the third held-out split's misses
    # (heldout-2026-12c.jsonl, which _answers does not read); their tests are in
    # tests/classify/test_round4_accounts.py
    "region-limited-words": "Azure Marketplace AvailabilityNotInRegion: h3 case h3a-036 only",
    "region-limited-text": "'blocked access for some countries', 'only available in certain regions': h3a-090, h3c-059",
    "anthropic-geo-text": "Anthropic's edge 403 quoted as an escaped JSON string: h3c-008 only",
    "policy-denied-words": "'denied by Copilot policy', 'restricted to authorized applications': h3b-012, h3b-014, h3b-015",
    "device-limit": "an account used from too many machines (Cursor): h3b-075 only",
    "model-access-denied-words": "Bedrock 'Access to the model is denied': h3a-108 only",
    "opt-in-required": "a model needing an explicit opt-in (OpenCode Go): h3b-031 only",
    "trial-refused": "a free trial refused on a machine (Cursor): h3b-074 only",
    "subscription-not-requested": "CLOVA Studio 40170 'No subscription request history': h3c-053 only",
    "signature-invalid": "the signature error codes (AWS, Tencent Cloud): no pasted case with the code yet",
    "signature-invalid-text": "a signature check failed (Baichuan, Hunyuan) or AK named wrong (Qianfan): h3c-001, h3c-093, h3c-096",
    "ratelimit-word": "'Ratelimit exceeded' in one word (Mistral): h3a-076 only",
    "cloudflare-denied-code": "Cloudflare's bare 'error code: 1010' at a 403: h3c-044 only",
    "plan-excludes-model": "'no endpoints available for this model under your current plan': h3b-016 only",
    "paid-users-only": "'only available to Pro users', 'request access to this model': no corpus case yet",
    "no-credits-left": "'no remaining credits': no corpus case yet",
    "key-disabled-words": "'The API key provided is disabled': no corpus case yet",
    "terms-not-accepted": "'accept the model's terms before use': no corpus case yet",
    "quota-used-up-words": "'used up your free quota': no corpus case yet",
    "auth-words-cjk": "无效的令牌, 认证失败, 認証に失敗: no corpus case yet",
    "request-volume-words": "调用频率超出限制: no corpus case yet",
    # round 5 (r5-flow): families written from the fourth held-out split's misses
    # (heldout-2026-12d.jsonl, which _answers does not read); tests/classify/test_round5_r5-flow.py
    # holds each
    "model-capacity-exhausted": "MODEL_CAPACITY_EXHAUSTED (Gemini CLI): h4b-013, h4a-087 only",
    "model-capacity-exhausted-text": "'No capacity available for model' without its ErrorInfo: h4a-089 only",
    "gateway-throttle-code": "Huawei APIG.0308 at a 429: h4c-055 only",
    "throttle-threshold-words": "'Exceeded the Provisioned Throughput' (Vertex): h4a-070 only",
    "throttle-type-limitation": "a 429 of type 'limitation' (Xiaomi MiMo): h4c-062 only",
    "gateway-upstream-connect-failed": "Kong's balancer 'no host allowed while connecting to upstream': h4b-039 only",
    "load-model-failed-words": "'Load model failed with error' (Jan's engine): h4b-057 only",
    "engine-internal-error": "Xunfei 10012 EngineInternalError: h4c-004 only",
    "connection-failed-words": "'Connection error' without its period, 'Connect error': h4b-097, h4c-039",
    "proxy-denied-page": "Squid's ERR_ACCESS_DENIED for a request sent through the proxy: h4b-027 only",
    # round 5 (r5-access): families written from the fourth held-out split's misses
    # (heldout-2026-12d.jsonl, which _answers does not read); tests/classify/test_round5_r5_access.py
    # holds each
    "account-blocked-words": "Azure's resource blocked for unusual behavior, a ToS-disabled service: h4a-010, h4a-011, h4a-015",
    "not-authorized-or-not-found": "OCI's NotAuthorizedOrNotFound code: no pasted case with the code yet",
    "not-authorized-or-not-found-text": "OCI's 'Authorization failed or requested resource not found': h4a-003, h4a-004",
    "feature-not-enabled-for-org": "W&B 'The inference gateway is not enabled for your organization': h4a-085 only",
    "no-provider-for-model": "Foundry Local 'No OpenAIService provider found for modelName': h4b-082 only",
    "bedrock-model-access-words": "Bedrock 'Model access is denied … aws-marketplace:Subscribe', GovCloud: h4a-018, h4a-020, h4a-082",
    "free-accounts-refused": "Windsurf 'free user account exceeded': h4b-032 only",
    "membership-required": "Kimi Code 'ensure your membership is active': h4c-074 only",
    "model-absent-words": "'Model deepseek-v3 not exist.', \"Model 'x' is not supported\": h4c-057, h4a-005",
    "model-not-offered-here": "Foundry 'The model is not available in this resource.': h4a-056 only",
    "credentials-wrong-or-unset": "'API key must be set', xAI 'Access to the chat endpoint is denied': h4c-085, h4a-014, h3a-012",
    "cloudflare-block-page-text": "Cloudflare's rendered 1020 block page: h4c-051 only",
    "waf-named": "Meituan's WAF 456 'Forbidden,[Contact:edp.waf@…]': h4c-060 only",
    "fireworks-412": "a relay that kept only Fireworks' 412: h4a-088 only",
    "illegal-access-words": "iFlytek 10105 and Xiaomi MiMo 'Illegal access': h4c-003, h4c-061",
    # round 5 (r5-docs): conditions from the providers' own error tables, no pasted case on record
    # in the files this record reads; tests/classify/test_round5_docs.py holds each with its page
    "auth-docs-codes": "Bedrock IncompleteSignature as a code (boto's line): no corpus case yet",
    "bare-server-error": "MiniMax 1024 'internal error', 1033 'system error / mysql failed' alone",
    "deadline-prose": "Gemini's 504 DEADLINE_EXCEEDED described, pasted without its status",
    "gateway-no-provider-meets": "OpenRouter 503 'no available model provider that meets your routing'",
    "http-424": "424 Failed Dependency (Bedrock ModelErrorException, Groq): no case on record",
    # round 6 (r6-access): families written from the fifth held-out split's misses
    # (heldout-2026-12e.jsonl, which _answers does not read); tests/classify/test_round6_r6_access.py
    # holds each
    "hf-access-request-pending": "Hugging Face 'awaiting a review from the repo authors': h5a-049 only",
    "key-not-authorized-for-model": "AiHubMix 403 'key(...) not authorized to access the requested model': h5b-075 only",
    "google-unusual-traffic-page": "Google's 'may be sending automated queries' page: h5a-075 only",
    "key-validation-failed": "MiniMax 'API key validation failed.', LobeChat InvalidProviderAPIKey: h5c-093, h5b-016",
    "model-not-in-config": "LibreChat 'Model named \"x\" not found in configuration': h5b-022 only",
    "oauth-scope-mismatch": "GigaChat code 7 'scope from db not fully includes consumed scope': h5c-032 only",
    "credits-required-for-feature": "Claude Code 429 'Usage credits are required for long context requests': h5c-042 only",
    "input-flagged": "OpenRouter 403 'your input was flagged' (moderation): no case on record",
    "model-timeout-code": "Bedrock ModelTimeoutException as a code: no case on record",
    "permission-to-use-words": "Anthropic 403 'does not have permission to use', Qianfan 'No "
    "permission to use the model', Ark ModelIDAccessDisabled: no pasted case on record",
    "provider-failure-codes": "Bedrock ModelErrorException, ServiceUnavailableException codes",
    "rate-window-words": "Qianfan 'Total API QPS limit exceeded', DeepSeek 请求速率达到上限, Kimi Code "
    "'We're receiving too many requests', Vertex 'Exceeded the Provisioned Throughput' (h4a-070)",
    "request-too-long": "Cohere 'too many tokens: …', Kimi 'Input token length too long' unpasted",
    "resource-not-found-words": "Anthropic 'The requested resource could not be found.' bare",
    "temporarily-unable": "Bedrock, Azure 'temporarily unable to …', OpenRouter 'model is down'",
    # round 6 (r6-flow): families written from the fifth held-out split's misses
    # (heldout-2026-12e.jsonl, which _answers does not read); tests/classify/test_round6_r6_flow.py
    # holds each
    "error-event-in-2xx": "an error event in a 2xx stream or a gateway's 200: h5a-103, h5b-082, h5b-003",
    "relay-token-quota-exhausted": "new-api's 'token … exhausted, RemainQuota = 0' at 401: h5b-093, h5b-094",
    "connect-failed-local-address": "a refused connection to a loopback or private address: h5b-006, h5b-043",
    "app-relayed-connection-error": "Dify's 400 whose whole message is 'Connection error.': h5b-013 only",
    # round 7 (r7-access): families written from the sixth held-out split's misses
    # (heldout-2026-12f.jsonl, which _answers does not read); tests/classify/test_round7_r7_access.py
    # holds each
    "auth-words-pt-es": "'API Key do Gemini não encontrada' (Portuguese): h6a-024 only (which "
    "locale-auth-words, earlier, reads first)",
    "credential-unknown-or-unset": "IBM IAM 'Provided API key could not be found', Dify 'credentials is not "
    "initialized', DMXAPI 'API key status invalid': h6a-068, h6b-080, h6c-074",
    "credential-wrong-kind": "Claude Code 'API key authentication is not sufficient': h6b-065 only",
    "cloud-iam-permission-denied": "Yandex Cloud 'Permission to [resource-manager.folder …] denied': h6c-027 only",
    "denied-check-network": "Groq 403 'Access denied. Please check your network settings.': h6a-061 only",
    "policy-enablement-required": "Copilot 'Check policy enablement under GitHub Settings': h6b-089 only",
    "cloudflare-named-403": "'Error HTTP code 403 from API. Claudflare': h6c-034 only",
    "gateway-model-not-allowed": "Langfuse gateway '403 model_not_allowed': h6b-096 only",
    "copilot-model-not-supported": "Copilot 400 'The requested model is not supported.': h4b-092, h6b-091",
    # round 7 (r7-flow): families written from the sixth held-out split's misses
    # (heldout-2026-12f.jsonl, which _answers does not read); tests/classify/test_round7_r7_flow.py
    # holds each
    "server-error-code-plain": "Zed's 'code: internal_server_error' in a plain line: h6b-019 only",
    "rpc-status-failure": "Cursor's 'ConnectError: [unavailable] Error': h6b-030 only",
    "stream-failed-event": "Codex 'stream disconnected before completion: response.failed event received': h6b-097 only",
    "relayed-internal-error-4xx": "LiteLLM's 400 around Azure's 'unable to complete inference due to an internal error': h6b-077 only",
    "internal-error-line": "Qwen Code's banner ending 'Internal Error': h6c-064 only",
    "throttle-traffic-words": "Vertex 'Ramp your traffic up more slowly', Claude Code 'temporarily limiting "
    "requests', DashScope 'requests list', Yandex gRPC rate quota: h6a-017, h6b-103, h6c-005, h6c-025",
    "request-limit-429": "ModelScope 429 'Request limit exceeded.': h6c-028 only",
    "name-lookup-failed-under-app-status": "Coze's 500 around Go's 'lookup … server misbehaving': h6c-086, h5b-030",
    "pasted-completion-yaml": "VCR cassettes' parsed_body (Mistral, Cohere v2) as YAML: h6c-011, h6c-012",
    # round 8 (r8-success): the files _answers reads hold none of these renderings of a success;
    # tests/classify/test_round8_r8_success.py holds each
    "pasted-success-shape": "streams (xAI, Perplexity, vLLM chunks; Bedrock ConverseStream), a Responses "
    "object, a rerank, a finished stream's record: h7a-031..035, h7b-064, h7d-061",
    "pasted-model-entry": "one model's entry, its lines, the Hub's model info as YAML: h7b-066, h7b-063, h7a-006",
    # round 7 (r7-locale): the chat apps' localized banners (LobeChat, Roo Code locale files), which
    # the files _answers reads do not hold; tests/classify/test_round7_r7_locale.py holds each
    "locale-region-words": "LobeChat LocationNotSupportError in zh-TW, ko, ru, pt, es, de, fr: no corpus case yet",
    "locale-quota-words": "LobeChat QuotaLimitReached, InsufficientQuota (zh, pt, es, de, fr): no corpus case yet",
    "locale-auth-words": "LobeChat InvalidProviderAPIKey, Roo Code authenticationFailed (7 languages): h6a-024 "
    "(before auth-words-pt-es)",
    "locale-model-absent-words": "LobeChat ModelNotFound (pt, de, fr), 模型未找到: no corpus case yet",
    "locale-no-permission-words": "LobeChat PermissionDenied and 403, Roo Code accessForbidden: no corpus case yet",
    "locale-rate-words": "LobeChat's 429 banner, Roo Code rateLimitExceeded (ko, ru, pt, es, de, fr): no corpus case yet",
    "locale-server-error-words": "LobeChat ProviderBizError, 500, 503; Roo Code serverError: no corpus case yet",
    "locale-network-words": "Roo Code no_internet (ru, pt, de, ko), 网络问题, 接続が拒否: no corpus case yet",
    # round 7 (r7-docs): classes read from the documented error tables of providers and gateways
    # no corpus case names yet; tests/classify/test_round7_r7_docs.py holds each page's rows
    "docs-budget-or-plan-spent": "Portkey 412 'Budget exhausted', Fireworks 402 'not on a paid plan'",
    "docs-credential-refused": "Neon, Langfuse gateway credentials; Tencent Cloud 'could not be validated'",
    "docs-tencent-auth-failure": "Tencent Cloud's AuthFailure.* codes (SecretIdNotFound)",
    "docs-key-or-team-not-permitted": "xAI 403 'Your API key/team doesn't have permission', Neon 403",
    "docs-team-blocked": "xAI 403 'Your API key/team is blocked'",
    "docs-verification-required": "Novita 403 'Some models require identity verification'",
    "docs-requests-in-flight": "SambaNova 429 'Too many requests are currently in flight'",
    "docs-model-wrong-or-not-permitted": "AiHubMix 503 'Incorrect model ID … or you do not have permission'",
    # round 8 (r8-flow): families written from the seventh held-out split's misses, which the files
    # _answers reads do not hold; tests/classify/test_round8_r8_flow.py holds each, with siblings
    "app-500-around-connect-failure": "Langflow's 500 around urllib3 NewConnectionError, MaxKB's 500 "
    "around 'Connection error.': h7b-006, h7d-025",
    "assistant-allowance-used-up": "Cody 'used all of your chat messages … for today', Codex 'out of "
    "Codex messages', Amazon Q 'Maximum … reached for this month': h7b-082, h7b-083, h7b-085, h7b-087",
    "bedrock-stream-failure": "a Bedrock event-stream serviceUnavailableException frame in litellm's 400: h7a-025",
    "bedrock-unable-to-process": "bedrust 'Bedrock is unable to process your request.': h7a-024",
    "reached-kind-rate-limit": "Windsurf 'Reached message rate limit for this model': h7b-077",
    # round 8 (r8-access): families written from the seventh held-out split's misses
    # (heldout-2026-12g.jsonl, which _answers does not read); tests/classify/test_round8_r8_access.py
    # holds each
    "account-kind-excludes-model": "Codex 'not supported when using Codex with a ChatGPT account': h7b-045..047",
    "claude-code-startup-403": "Claude Code 'Failed to connect to api.anthropic.com: … status code 403': h7b-038",
    "cloud-credential-setup": "Yandex folder/service account mismatch, Google ADC quota project: h7c-059, h7d-056",
    "model-not-exist-localized": "ParagonAPI 400 model_not_found 'Модель: … не существует': h7b-092",
    "named-permission-missing": "PactFlow 403 missing_permissions, Azure 'lacks the required data action': h7b-074",
    "relayed-anthropic-model-not-found": "Anthropic 404 'model: …' inside an app's 'authorization failed': h7b-026",
    "sign-in-required": "Replicate SIGN_IN_REQUIRED 'You need to sign in to run this model': h7a-061",
    # round 9 (r9-flow): families written from the eighth held-out split's misses
    # (heldout-2026-12h.jsonl, which _answers does not read); tests/classify/test_round9_r9_flow.py
    # holds each
    "gateway-deployment-budget-crossed": "LiteLLM 429 'No deployments available - crossed budget': h8a-047",
    "hosted-function-degraded": "NVIDIA NIM 400 'DEGRADED function cannot be invoked': h8a-015",
    "proxy-credentials-cooling-down": "CLIProxyAPI 429 model_cooldown 'credentials … are cooling down': h8c-032",
    # written after the ninth split's score (tests/classify/test_round9_after_score.py)
    "capacity-beyond-quota": "Azure InsufficientQuota, capacity asked beyond the quota left: h9c-006 only",
    "errorinfo-credits-balance": "ErrorInfo reason INSUFFICIENT_G1_CREDITS_BALANCE: h9b-020 only",
    # round 9 (r9-access): written from the eighth held-out split; test_round9_r9_access.py holds each
    "region-contracted-words": "a location refusal with a contraction ('isn't available in your location'): h8c-047 only",
    "unsupported-user-location-type": "the SDKs' UnsupportedUserLocation type printed by name: h8c-048 only",
    "disallowed-isp-vpn-page": "ChatGPT's disallowed-ISP / VPN refusal pages: h8c-043..h8c-046 only",
    "openai-block-page-html": "OpenAI's block page as raw HTML behind a 403: h3b-050, h8c-024 only",
    "ip-no-access-zh": "a relay's Chinese refusal of the caller's IP: h8c-015 only",
    "relay-account-may-be-suspended": "a relay's 'account may be suspended': h8c-025, h8c-031 only",
    "network-restrictions-blocking": "Claude Code's WebFetch blocked on the route: h8b-049 only",
    # round 10 (r10-flow): families written from the ninth held-out split's misses
    # (heldout-2026-12i.jsonl and, for two, heldout-2026-12g.jsonl, which _answers does not read);
    # tests/classify/test_round10_r10_flow.py holds each
    "cloudflare-origin-error": "Cloudflare's JSON 522 for the api.anthropic.com zone: h9a-038",
    "router-deployments-throttled": "LiteLLM 429 RouterRateLimitErrorBasic: h7b-042",
    "relay-pre-consume-quota": "new-api 'chat pre-consumed quota failed, user quota: …': h9b-002",
    "plan-allowance-full": "ElevenLabs 400 voice_limit_reached (10 / 10): h9b-045",
    "free-allowance-used-beside-overload": "Cursor 'overloaded for non-pro users … used your free quota': h9b-044",
    "model-licence-accepted": "Workers AI 'Thank you for agreeing to this model's terms': h9c-031",
    "proxy-tunnel-forbidden": "a proxy's 403 to CONNECT: cited answers only (test_round10_review)",
    "answer-cut-mid-body": "httpcore 'peer closed connection … (incomplete chunked read)': h9c-041",
    "proxy-tunnel-refused": "aiohttp ClientHttpProxyError 404 from the user's proxy: h9a-020",
    "check-network-words": "Positron 'could not validate … key. Check your network connection': h9a-019",
    "model-provider-error-relayed": "Windsurf 'retryable error from model provider': h7b-076",
    "generation-failed-words": "NeuroAPI 'An error occurred while generating the response': h9b-007",
    "first-token-deadline": "Fireworks 429 'didn't generate first token before the given deadline': h9b-028",
    "request-is-throttled": "Bing 'Throttled: Request is throttled.' (its daily cap): h9b-026",
    # round 10 (r10-access): written from the ninth held-out split (heldout-2026-12i.jsonl, which
    # _answers does not read); tests/classify/test_round10_r10_access.py holds each
    "unavailable-in-region-page": "Claude's 'App unavailable in region' page: h9b-004 only",
    "cloudflare-block-page-body": "Cloudflare's block page cut to its middle: h9b-052 only",
    "ip-access-list-blocked": "Databricks 'blocked by Databricks IP ACL for workspace': h9c-029 only",
    "azure-disallowed-by-policy-text": "Azure RequestDisallowedByPolicy in a deployment log: h9c-047 only",
    "azure-subscription-lacks-feature": "Azure SpecialFeatureOrQuotaIdRequired: h9c-002, h9c-003 only",
    "not-authorized-for-feature": "Copilot 'not authorized to use this Copilot feature': h9c-046 only",
    "not-authorized-for-model": "TrueFoundry 403 'not authorized to access model … or model does not exist': h9c-011 only",
    "credential-header-malformed": "a client refusing an empty or malformed Authorization header: h9b-010, h9b-011 only",
    "hmac-signature-refused": "Kong hmac-auth's refusal without a status: h9b-033 only",
    "minimax-not-authorized": "MiniMax base_resp 1004: h9b-018 only",
    "log-in-again-words": "a service asking to log in again, with no code: cited answers only",
    "google-project-invalid-text": "'Permission denied on resource project X' without CONSUMER_INVALID: h9c-008 only",
    "cloudflare-no-route": "Cloudflare 7000/7003 'No route for that URI': h9c-020 only",
    "no-deployment-matched": "SAP AI SDK 'No deployment matched the given criteria': h9c-027 only",
    "not-found-message-alone": "an error whose whole message is 'Not Found', no status: h9a-013 only",
}


GOLDEN = Path(__file__).parents[1] / "golden" / "deciding-rules.json"


Answer = tuple[str, str, str, int | None, str, dict[str, str]]


def _answers() -> list[Answer]:
    """Every real answer: (where, family, body, status, content type, headers)."""
    from accesscheck.classify.rules import FAMILIES
    from tests.test_emulator_sources import _every_canned

    families = {"azure_openai": "azure-openai", "vertex_ai": "vertex"}
    answers: list[tuple[str, str, str, int | None, str, dict[str, str]]] = []
    # the held-out splits are development data since each was scored (tests/corpus/README.md)
    splits = ("heldout-2026-12.jsonl", "heldout-2026-12b.jsonl")
    for name in ("corpus.jsonl", "cases-2026-12.jsonl", *splits):
        for line in (Path(__file__).parents[1] / "corpus" / name).read_text().splitlines():
            case = json.loads(line)
            family = families.get(case["provider"], case["provider"])
            answers.append((case["case_id"], family, case["body"], case["status"] or None, "",
                            case.get("headers") or {}))  # fmt: skip
    for name, answer in _every_canned():
        # personalities are "family.condition"; canned.py's constants name their provider first
        family = name.split(".")[0] if "." in name else name.split("_")[0]
        family = {"COHERE": "cohere", "BEDROCK": "bedrock", "OPENAI": "openai",
                  "ANTHROPIC": "anthropic", "GEMINI": "gemini",
                  "VERTEX_ANTHROPIC": "vertex-anthropic"}.get(family, family)  # fmt: skip
        headers = {k.lower(): v for k, v in answer.headers.items()}
        answers.append((name, family, answer.body, answer.status, answer.content_type, headers))
    return [(w, f if f in FAMILIES else "openai", b, s, c, h) for w, f, b, s, c, h in answers]


def _deciding_rules() -> dict[str, str]:
    """Every real answer (corpus case or cited emulator answer) at every rung → the rule that
    decides it."""
    from accesscheck.classify.rules import dialect_of_family

    decided: dict[str, str] = {}
    for where, family, body, status, content_type, headers in _answers():
        facts = read.read(body, status, content_type, headers)
        for rung in (Rung.KEYLESS, Rung.LIST, Rung.INVOKE):
            verdict = classify(facts, rung, family=family, dialect=dialect_of_family(family))
            flags = ("|ambiguous" if verdict.ambiguous else "") + (
                "|per_model" if verdict.per_model else ""
            )
            decided[f"{where} @{rung.value}"] = verdict.rule + flags
    return decided


def test_every_real_answer_is_decided_by_the_rule_on_record() -> None:
    """Which rule decides each real answer, and whether the verdict is ambiguous or per model,
    is on record (tests/golden/deciding-rules.json): a rule lost, reordered or changed in an
    edit changes some answer's record and fails here. After a
    deliberate change, ACCESSCHECK_UPDATE_GOLDEN=1 rewrites the record; read its diff."""
    decided = _deciding_rules()
    if os.environ.get("ACCESSCHECK_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(decided, indent=0, sort_keys=True) + "\n")
    recorded = json.loads(GOLDEN.read_text())
    changed = {k: (recorded.get(k), v) for k, v in decided.items() if recorded.get(k) != v}
    assert not changed, (
        f"{len(changed)} answers decided by another rule: {list(changed.items())[:5]}"
    )
    assert set(recorded) == set(decided)


def test_every_rule_decides_a_real_answer() -> None:
    """A rule no real answer reaches is dead weight or shadowed by an earlier one."""
    from accesscheck.classify.rules import RULES

    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names)), "rule names repeat"
    deciding = {
        rule.split("|")[0].rsplit(":", 1)[-1] for rule in json.loads(GOLDEN.read_text()).values()
    }
    unexercised = sorted(n for n in names if n not in deciding)
    assert unexercised == sorted(UNEXERCISED), unexercised


def test_a_plain_refusal_is_neither_ambiguous_nor_per_model() -> None:
    """Rules are unambiguous and account-wide unless they say otherwise."""
    verdict = classify(read.read(EDGE, 403), Rung.INVOKE, family="anthropic", dialect="anthropic")
    assert not verdict.ambiguous and "[ambiguous answer]" not in verdict.detail
    status, body = _case("c013")  # OpenAI: no credit, for the whole account
    quota = classify(read.read(body, status), Rung.INVOKE, family="openai", dialect="openai")
    assert quota.reason is Reason.QUOTA_EXHAUSTED and not quota.per_model
    status, body = _case("c081")  # Groq: this model's tokens per day
    daily = classify(read.read(body, status), Rung.INVOKE, family="groq", dialect="openai")
    assert daily.reason is Reason.QUOTA_EXHAUSTED and daily.per_model


@pytest.mark.parametrize("status", [300, 304])
def test_a_3xx_is_not_a_success(status: int) -> None:
    verdict = classify(read.read("{}", status), Rung.LIST, family="openai", dialect="openai")
    assert verdict.status is not Status.REACHABLE


@pytest.mark.parametrize(("seconds", "reason"), [(3600, "quota_exhausted"), (3599, "rate_limited")])
def test_azure_asking_to_wait_an_hour_or_more_has_no_quota(seconds: int, reason: str) -> None:
    """Azure's 429 (corpus c100 says 86400 s) with the wait at the rule's one-hour edge."""
    status, body = (
        429,
        (
            '{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under '
            "Azure OpenAI API version 2024-08-01-preview have exceeded token rate limit of your "
            f'current OpenAI S0 pricing tier. Please retry after {seconds} seconds."}}}}'
        ),
    )
    verdict = classify(read.read(body, status), Rung.INVOKE, family="azure-openai", dialect="azure")
    assert verdict.reason.value == reason


def test_every_bundled_family_is_known_and_listed_once() -> None:
    """FAMILIES is what `explain --provider` accepts without a registry: every family of the
    bundled registry, each either named by a rule or listed, never both."""
    import ast

    from accesscheck.classify import rules
    from accesscheck.registry import load

    bundled = {provider.quirks for provider in load(None).providers}
    assert bundled <= rules.FAMILIES, sorted(bundled - rules.FAMILIES)
    named = {p for rule in rules.RULES for p in rule.providers}
    tree = ast.parse(Path(rules.__file__).read_text())
    (assigned,) = (
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == "FAMILIES"
    )
    assert isinstance(assigned, ast.BinOp) and isinstance(assigned.right, ast.Call)
    extra = set(ast.literal_eval(assigned.right.args[0]))  # the listed families
    assert not extra & named, sorted(extra & named)
    assert named | extra == rules.FAMILIES
    assert extra <= bundled | {"vllm", "ollama"}, sorted(extra - bundled)


def test_a_429_with_an_error_object_is_a_throttle_only_if_it_names_one() -> None:
    """`_has_message` asks whether an error object was read at all (not a status line whose
    body was lost), not whether it carries a message: a 429 with a JSON error holding only its
    code is the provider throttling when it names a throttle (a rate-limit code), and no evidence
    of one when it names only its status (issue #15: used-up credit is a 429 too); a bare 429
    line is not evidence of anything."""
    with_code = classify(read.read('{"error": {"code": "rate_limit_exceeded"}}', 429), Rung.INVOKE,
                         family="openai", dialect="openai")  # fmt: skip
    assert (with_code.status, with_code.reason) == (Status.REACHABLE, Reason.RATE_LIMITED)
    only_status = classify(read.read('{"error": {"code": 429}}', 429), Rung.INVOKE,
                           family="openai", dialect="openai")  # fmt: skip
    assert (only_status.status, only_status.rule) == (Status.UNKNOWN, "http-429-unexplained")
    bare = classify(read.read("", 429), Rung.INVOKE, family="openai", dialect="openai")
    assert bare.status is not Status.REACHABLE


def test_every_status_a_rule_names_is_one_it_decides_a_real_answer_at() -> None:
    """A rule's statuses are not decoration: for each one, some real answer the rule decides is
    still decided by it at that status. A status no answer can reach there is
    shadowed by an earlier rule; one shifted by a slip (429 for 428) fails here."""
    from accesscheck.classify.rules import RULES, dialect_of_family

    decided: dict[str, list[tuple[Answer, Rung]]] = {}
    for answer in _answers():
        _, family, body, status, content_type, headers = answer
        facts = read.read(body, status, content_type, headers)
        for rung in (Rung.KEYLESS, Rung.LIST, Rung.INVOKE):
            rule = classify(facts, rung, family=family, dialect=dialect_of_family(family)).rule
            decided.setdefault(rule, []).append((answer, rung))
    checked = 0
    for rule in RULES:
        if not rule.http or rule.name not in decided or len(rule.http) > 50:
            continue  # a range (every 5xx) is a class, not a list of statuses
        for status in sorted(rule.http - {0}):  # 0 (no status): only some pastes are without one
            checked += 1
            assert any(
                classify(read.read(body, status or None, content_type, headers), rung,
                         family=family, dialect=dialect_of_family(family)).rule == rule.name
                for (_, family, body, _, content_type, headers), rung in decided[rule.name]
            ), (rule.name, status)  # fmt: skip
    assert checked >= 30  # the statuses of every listed rule with a real answer on record


# Anthropic's 429 for a long-context request of a plan without extra usage, as reported
# (anthropics/claude-code#29584, #33514, #39180, #39948): waiting does not lift it.
EXTRA_USAGE = (
    '{"type":"error","error":{"type":"rate_limit_error","message":"Extra usage is required for '
    'long context requests."},"request_id":"req_011CYZAjb9kGCRmAhG79ySi5"}'
)
# Anthropic's spend limit, a 400 (anthropics/claude-code#2127, #38035).
SPEND_LIMIT = (
    '{"type":"error","error":{"type":"invalid_request_error","message":"You have reached your '
    'specified API usage limits. You will regain access on 2026-04-01 at 00:00 UTC."},'
    '"request_id":"req_011CZLrUfBVkVHn5T6EqQaf7"}'
)


@pytest.mark.parametrize(
    ("body", "status", "verdict"),
    [
        (EXTRA_USAGE, 429, (Status.GATED, Reason.NOT_ENTITLED, "extra-usage-required")),
        (SPEND_LIMIT, 400, (Status.GATED, Reason.QUOTA_EXHAUSTED, "plan-limit")),
    ],
)
def test_a_refusal_sent_as_a_throttle_is_no_throttle(
    body: str, status: int, verdict: tuple[Status, Reason, str]
) -> None:
    """A plan's refusal is not a throttle nor the probe's fault, whatever type or status it
    comes with."""
    assert _anthropic(body, status) == verdict


def test_a_long_context_refusal_speaks_for_that_request_only() -> None:
    """Extra usage concerns long-context requests, not the account: a scan does not decide the
    provider's other models from it."""
    facts = read.read(EXTRA_USAGE, 429, "application/json", {})
    assert classify(facts, Rung.INVOKE, family="anthropic", dialect="anthropic").per_model


@pytest.mark.parametrize("status", [None, 200, 299, 300, 400, 403, 429, 500])
@pytest.mark.parametrize("case_id", ["h1-109", "h1-110", "h1-112"])
def test_a_success_shape_is_a_success_only_pasted_or_with_a_clean_2xx(
    case_id: str, status: int | None
) -> None:
    """A pasted model list or safety-blocked Gemini answer (corpus h1-109, h1-110, h1-112) shows
    the model answered: without a status, or with a 2xx. The same text with any other status is
    no success."""
    facts = read.read(corpus_case(case_id)["body"], status)
    found = classify(facts, Rung.INVOKE, family="gemini", dialect="gemini")
    assert (found.status is Status.REACHABLE) == (status is None or 200 <= status < 300), found


def test_a_pasted_list_that_carries_an_error_is_no_success() -> None:
    facts = read.read('{"object": "list", "data": [], "error": {"message": "no access"}}', None)
    found = classify(facts, Rung.INVOKE, family="openai", dialect="openai")
    assert found.status is not Status.REACHABLE


def test_a_gemini_error_pasted_without_its_status_is_no_quota_unless_it_says_so() -> None:
    """Gemini's refused key (corpus c038) pasted without its 400: an error object alone is not
    a 429 — only a 429, or the words of a limit, are read as Gemini's undetermined quota."""
    facts = read.read(corpus_case("c038")["body"], None)
    found = classify(facts, Rung.INVOKE, family="gemini", dialect="gemini")
    assert (found.reason, found.rule) == (Reason.AUTH_INVALID, "gemini-key-invalid")


def test_a_servers_failure_pasted_without_its_status_is_still_its_failure() -> None:
    """Ollama's 500 (corpus g2-137) and Anthropic's (h1-076) pasted without the status the
    source shows: the reason phrase alone says the provider failed — or, for Ollama, its own
    words for a runner that crashed while loading the model (round 7, model-load-failed)."""
    for case_id, family, rule in (
        ("g2-137", "ollama", "model-load-failed"),
        ("h1-076", "anthropic", "server-error-words"),
    ):
        facts = read.read(corpus_case(case_id)["body"], None)
        found = classify(facts, Rung.INVOKE, family=family, dialect=family)
        assert (found.reason, found.rule) == (Reason.PROVIDER_ERROR, rule)


def test_refused_credentials_in_words_are_read_at_the_account_rung_too() -> None:
    """The free credit check (the account rung) hears the same refused key as the list does
    (corpus g1-050); only the keyless rung's 401 is keyless-401's."""
    facts = read.read(corpus_case("g1-050")["body"], None)
    found = classify(facts, Rung.ACCOUNT, family="openai", dialect="openai")
    assert (found.reason, found.rule) == (Reason.AUTH_INVALID, "auth-words")
