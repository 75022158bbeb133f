"""Round 9 of issue #15 (r9-access): the eighth held-out split's misses labelled auth, gated,
restricted or not_found (buckets A and E, triaged here). The classes: a location refusal with a
contraction ("isn't available in your location") and the typed exception Google's client SDKs raise
for Gemini's location refusal (UnsupportedUserLocation), printed by name alone; ChatGPT's refusals of
the network (the app's "disallowed ISP" banner, the web's "Unable to load site … If you are using a
VPN" page, the same page as raw HTML answered to an API call); a relay's Chinese refusal of the
caller's IP; a plan that does not support the model (MiniMax 2061, Zed's "subscribe to a plan"); a
relay's "account may be suspended"; a model named "not supported" without "is", and a model "not
available on your … deployment". Each class: the corpus cases it fixes (read as tools/score.py
reads them), sibling wordings from cited sources that are not in the corpus, and near misses the
rule must leave alone."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain, _read

AUTH = "unknown/auth_invalid"
DISABLED = "unknown/account_disabled"
GATED = "gated/not_entitled"
GEO = "restricted/geo_blocked"
BLOCKED = "restricted/network_blocked"
NOT_FOUND = "unavailable/not_found"
POLICY = "restricted/policy_denied"
UNKNOWN = "unknown/unexpected_response"


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h8c-047", GEO),  # 1. "Gemini in Chrome isn't available in your location"
        ("h8c-048", GEO),  # 2. 'Instance of "UnsupportedUserLocation"' (google_generative_ai, Dart)
        ("h8c-043", BLOCKED),  # 3. ChatGPT "Unable to load site … using a VPN"
        ("h8c-044", BLOCKED),  # 3. the same with its [IP | Ray ID] line
        ("h8c-045", BLOCKED),  # 3. the same, one newline
        ("h8c-046", BLOCKED),  # 3. the Android app's "You may beconnected to a disallowed ISP"
        ("h8c-024", BLOCKED),  # 4. the same page as HTML behind sub2api's "Access forbidden (403)"
        (
            "h3b-050",
            BLOCKED,
        ),  # 4. the same HTML page in Codex's "unexpected status 403" (labelled geo)
        ("h8c-015", BLOCKED),  # 5. relay 403 "您的IP地址没有接口访问权限"
        ("h8c-039", GATED),  # 6. MiniMax 500 "your current token plan not support model … (2061)"
        (
            "h8b-076",
            GATED,
        ),  # 6. Zed 403 "You must subscribe to a plan in order to use models provided by Zed"
        ("h8c-025", DISABLED),  # 7. sub2api "account may be suspended or lack permissions"
        ("h8c-031", DISABLED),  # 7. claude-relay-service "account may be suspended by Claude"
        (
            "h8c-036",
            NOT_FOUND,
        ),  # 8. OpenCode Go 401 ModelError "Model opencode-go/glm-5.1 not supported"
        ("h8a-042", NOT_FOUND),  # 9. Claude Code "not available on your vertex deployment"
        (
            "h8b-048",
            POLICY,
        ),  # 10. Claude Code "Your organization has disabled Claude subscription access"
        (
            "h8b-049",
            BLOCKED,
        ),  # 11. Claude Code "network restrictions or enterprise security policies blocking"
    ],
)
def test_round9_cases(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


@pytest.mark.parametrize(
    ("text", "provider", "status", "verdict"),
    [
        # 1. the contraction in Google's own hedge (ai.google.dev/gemini-api/docs/available-regions)
        ("Google AI Studio isn't available in your region.", "gemini", None, GEO),
        # 1. Cloud Code's refusal (GoogleCloudPlatform/cloud-code-intellij#3227)
        ("Apologies, Gemini in IntelliJ IDEA is currently not available in your country.", "gemini", None, GEO),
        # 2. the Swift SDK's case printed by "\(error)" (google-gemini/generative-ai-swift GenerateContentError)
        ("unsupportedUserLocation", "gemini", None, GEO),
        # 2. Firebase AI's Kotlin type (com.google.firebase.ai.type.UnsupportedUserLocationException)
        ("com.google.firebase.ai.type.UnsupportedUserLocationException", "gemini", None, GEO),
        # 3. the app banner with its spaces (XX-net/XX-Net#14054)
        ("Something went wrong. You may be connected to a disallowed ISP. If you are using VPN, try disabling it. "
         "Otherwise try a different Wi-Fi network or data connection.", "openai", None, BLOCKED),
        # 3. the web page without its status-page line (hiddify/Hiddify-Manager#4564)
        ("Unable to load site\nPlease try again later. If you are using a VPN, try turning it off.", "openai",
         None, BLOCKED),
        # 3. Cloudflare's page in a desktop wrapper (lencx/ChatGPT#991)
        ("Sorry, you have been blocked  If you are using a VPN, try turning it off. If you believe this was a "
         "mistake, please contact us through our help center [IP:149.34.244.160 | Ray ID:7e382292cad801f1]",
         "openai", None, BLOCKED),
        # 4. the same HTML page's body part quoted by a relay (xqdoo00o/ChatGPT-to-API#42)
        ('<div class=\\"message\\">\\n        <svg\\n          xmlns=\\"http://www.w3.org/2000/svg\\"\\n          '
         'fill=\\"none\\"\\n          width=\\"24\\"\\n          height=\\"24\\"\\n          viewBox=\\"0 0 24 24\\"\\n'
         '          stroke-width=\\"1.5\\"\\n          stroke=\\"currentColor\\"\\n          class=\\"blocked-icon\\"\\n',
         "openai", None, BLOCKED),
    ],
)  # fmt: skip
def test_round9_siblings(text: str, provider: str, status: int | None, verdict: str) -> None:
    assert _explain(text, provider=provider, status=status) == verdict


@pytest.mark.parametrize(
    ("text", "provider", "status", "verdict"),
    [
        # 1. a model the account may not reach is no location refusal (anthropics/claude-code#68760)
        ("There's an issue with the selected model (claude-3-haiku-20240307). It may not exist or you may not "
         "have access to it. Run /model to pick a different model.", "anthropic", None, UNKNOWN),
        # 3. a bare network complaint is no block page (corpus h8b-071, labelled network): the
        # user's own network, as round 9 (r9-flow) reads Open WebUI's banner
        ("Network Problem", "open_webui", None, "unknown/local_network_down"),
        # 5. a credential without the permission names no IP (corpus g2-053, labelled auth)
        ("erniebot.errors.InvalidTokenError: 暂无权限使用，请在 AI Studio 正确获取访问令牌(access token)使用",
         "qianfan", None, AUTH),
        # 6. an API that does not support the model names no plan (dolthub/dolt#11142)
        ("Error: The current API does not support the selected model gpt-5.5", "openai", None, UNKNOWN),
        # 10. a service not yet enabled for the organisation is an entitlement, not an admin's refusal
        # (docs.wandb.ai/support/inference/articles/api-error-code-403-the-inference-gateway)
        ("The inference gateway is not enabled for your organization", "openai", 403, GATED),
        # 8. a model unsupported *for this request* is no missing model (cline/cline#2562)
        ('Request Failed: 400 {"error":{"message":"Model is not supported for this request.","param":"model",'
         '"code":"model_not_supported","type":"invalid_request_error"}}', "openai", 400, UNKNOWN),
    ],
)  # fmt: skip
def test_round9_near_misses(text: str, provider: str, status: int | None, verdict: str) -> None:
    assert _explain(text, provider=provider, status=status) == verdict
