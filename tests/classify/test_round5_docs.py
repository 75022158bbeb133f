"""Round 5 of issue #15 (r5-docs): the providers' own documented error tables. Every row below
is one documented condition — its status, code and message as the provider's page gives them
(DOCS names the page) — read in the wrappers a paste carries it in: the documented
envelope with and without its status, an SDK's `Error code: N - {…}` line, Bedrock's boto
line, and the bare message as an SDK exception or a chat app prints it, with and without the
provider named (`explain -p`). The verdict each form must get is the corpus vocabulary's
(tests/corpus/README.md); a form a row does not list is left (the table in the round's notes
says why). Above all: no documented error is ever `reachable` but a throttle at 429 (or pasted
without a status)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.classify.test_account_classes import _explain  # `explain -p P [--status N]` on a text

DOCS = {
    "openai": "https://platform.openai.com/docs/guides/error-codes",
    "anthropic": "https://docs.claude.com/en/api/errors",
    "claude-subscription": "https://github.com/CocoRoF/geny-executor/releases/tag/v2.66.2",
    "gemini": "https://ai.google.dev/gemini-api/docs/troubleshooting",
    "vertex": "https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/api-errors",
    "bedrock": "https://docs.aws.amazon.com/bedrock/latest/userguide/troubleshooting-api-error-codes.html",
    "bedrock-repost": "https://repost.aws/knowledge-center/bedrock-invokemodel-api-error",
    "azure": "https://learn.microsoft.com/azure/foundry/openai/how-to/troubleshoot-errors",
    "openrouter": "https://openrouter.ai/docs/api-reference/errors",
    "deepseek": "https://api-docs.deepseek.com/quick_start/error_codes",
    "zhipu": "https://docs.bigmodel.cn/cn/api/api-code",
    "zai": "https://docs.z.ai/api-reference/api-code",
    "dashscope": "https://help.aliyun.com/zh/model-studio/error-code",
    "ark": "https://www.volcengine.com/docs/82379/1299023",
    "qianfan": "https://cloud.baidu.com/doc/qianfan-api/s/Om9b4yj3w",
    "qianfan-appbuilder": "https://ai.baidu.com/ai-doc/AppBuilder/4m8sgh88y",
    "qianfan-v1": "https://cloud.baidu.com/doc/WENXINWORKSHOP/s/tlmyncueh",
    "qianfan-ratelimit": "https://cloud.baidu.com/doc/WENXINWORKSHOP/s/hlzic283e",
    "kimi": "https://platform.kimi.com/docs/api/errors",
    "kimi-forum": "https://forum.moonshot.ai/t/429-insufficient-balance/244",
    "kimi-code": "https://www.kimi.com/code/docs/en/kimi-code/error-reference.html",
    "minimax": "https://platform.minimax.io/docs/api-reference/errorcode",
    "siliconflow": "https://docs.siliconflow.cn/en/faqs/error-code",
    "cohere": "https://docs.cohere.com/errors-reference",
    "groq": "https://console.groq.com/docs/errors",
    "groq-flex": "https://console.groq.com/docs/flex-processing",
    "together": "https://docs.together.ai/docs/error-codes",
    "coreweave": "https://docs.coreweave.com/support/inference/tags/quotas-rate-limits",
}
VERDICTS = {
    "A": "unknown/auth_invalid", "D": "unknown/account_disabled", "Q": "gated/quota_exhausted",
    "R": "reachable/rate_limited", "N": "unavailable/not_found", "X": "unavailable/retired",
    "P": "unknown/provider_error", "T": "unknown/timeout", "G": "restricted/geo_blocked",
    "W": "restricted/network_blocked", "Y": "restricted/policy_denied", "E": "gated/not_entitled",
    "U": "unknown/", "g": "gated/", "r": "restricted/",
}  # fmt: skip
# One documented condition a row: family|status (0: none documented)|envelope shape|its code or
# type|accepted verdicts|page in DOCS|forms that read it right|the documented message. A line
# that goes on is indented (four spaces, then "~" where no space is between the pieces).
ROWS = """
openai|401|oai|:|A|openai|skeEbBt|Invalid Authentication
openai|401|oai|:|W|openai|skeEbBt|IP not authorized
openai|403|oai|request_forbidden:unsupported_country_region_territory|G|openai|skeEbBt|Count
    ~ry, region, or territory not supported
openai|429|oai|:|R|openai|skeEbBt|Rate limit reached for requests
openai|429|oai|insufficient_quota:insufficient_quota|Q|openai|skeEbBt|You exceeded your
    current quota, please check your plan and billing details.
openai|429|oai|:|P,R|openai|skeEbBt|The engine is currently overloaded, please try again
    later
openai|400|oai|invalid_request_error:|U,g|openai|skeEbBt|Invalid service_tier argument: The
    requested service tier is not allowed for this project.
anthropic|400|ant|invalid_request_error|U|anthropic|skeEbBt|There was an issue with the
    format or content of your request.
anthropic|400|ant|invalid_request_error|Q|anthropic|skeEbBt|You have reached your specified
    API usage limits. You will regain access on 2026-01-01 at 00:00 UTC.
anthropic|401|ant|authentication_error|A|anthropic|skeEbBt|invalid x-api-key
anthropic|403|ant|permission_error|E|anthropic|skeEbBt|Your API key does not have
    permission to use the specified resource.
anthropic|404|ant|not_found_error|N|anthropic|skeEbBt|The requested resource could not be
    found.
anthropic|429|ant|rate_limit_error|R|anthropic|skeEbBt|Your account has hit a rate limit.
anthropic|500|ant|api_error|P|anthropic|skeEbBt|Internal server error
anthropic|504|ant|timeout_error|T,P|anthropic|skeEbBt|Request timed out
gemini|400|goo|INVALID_ARGUMENT|U|gemini|skeEbBt|Request contains an invalid argument.
gemini|400|goo|FAILED_PRECONDITION|E|gemini|skeEbBt|Gemini API free tier is not available
    in your country. Please enable billing on your project in Google AI Studio.
gemini|400|goo|FAILED_PRECONDITION|G|gemini|skeEbBt|User location is not supported for the
    API use.
gemini|400|goo|INVALID_ARGUMENT|A|gemini|skeEbBt|API key not valid. Please pass a valid API
    key.
gemini|403|goo|PERMISSION_DENIED|A,E|gemini|skeEbBt|Your API key doesn't have the required
    permissions.
gemini|404|goo|NOT_FOUND|N|gemini|skeEbBt|The requested resource wasn't found.
gemini|429|goo|RESOURCE_EXHAUSTED|R,Q|gemini|kEB|You've exceeded the rate limit.
gemini|500|goo|INTERNAL|P|gemini|skeEbBt|An unexpected error occurred on Google's side.
gemini|504|goo|DEADLINE_EXCEEDED|T,P|gemini|skeEbBt|The service is unable to finish
    processing within the deadline.
bedrock|403|aws|AccessDeniedException|E|bedrock-repost|skeEbBtw|You don't have access to
    the model with the specified model ID.
bedrock|403|aws|AccessDeniedException|Y|bedrock-repost|skeEbBtw|User:
    arn:aws:iam::123456789012:user/dev is not authorized to perform: bedrock:InvokeModel on
    resource: arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-
    ~v1:0 with an explicit deny in an identity-based policy
bedrock|400|aws|IncompleteSignature|A|bedrock|skeEbBtw|The request signature does not
    conform to AWS standards.
bedrock|500|aws|InternalFailure|P|bedrock|skeEbBtw|The request processing has failed due to
    a server error
bedrock|400|aws|RequestExpired|U|bedrock|skeEbBtw|The request is no longer valid due to
    expired timestamps.
bedrock|503|aws|ServiceUnavailableException|P|bedrock|skeEbBtw|The service is temporarily
    unable to handle the request.
bedrock|429|aws|ThrottlingException|R|bedrock|skeEbBtw|Too many requests, please wait
    before trying again.
bedrock|404|aws|ResourceNotFoundException|N|bedrock|skeEbBtw|The specified resource ARN was
    not found.
bedrock|408|aws|ModelTimeoutException|T,P|bedrock|skeEbBtw|The request took too long to
    process. Processing time exceeded the model timeout length.
bedrock|424|aws|ModelErrorException|P|bedrock|skeEbBtw|The request failed due to an error
    while processing the model.
bedrock|400|aws|ServiceQuotaExceededException|Q,U|bedrock|skeEbBtw|Your request exceeds the
    service quota for your account. You can view your quotas at Viewing service quotas. You
    can resubmit your request later.
bedrock|403|aws|AccessDeniedException|E|bedrock|skeEbBtw|Your account is not authorized to
    access this model because your AWS Marketplace subscription for the model is still
    being processed.
azure-openai|401|cm|401|A|azure|skeEbBt|Access denied due to invalid subscription key or
    wrong API endpoint. Make sure to provide a valid key for an active subscription and use
    a correct regional API endpoint for your resource.
azure-openai|403|cm|403|W|azure|skeEbBt|Access denied due to Virtual Network/Firewall rules.
azure-openai|404|cm|DeploymentNotFound|N|azure|skeEbBt|The API deployment for this resource
    does not exist. If you created the deployment within the last 5 minutes, please wait a
    moment and try again.
azure-openai|429|cm|429|R|azure|skeEbBt|Requests to the ChatCompletions_Create Operation
    under Azure OpenAI API version 2024-10-01-preview have exceeded token rate limit of
    your current AIServices S0 pricing tier. Please retry after 37 seconds. Please contact
    Azure support service if you would like to further increase the default rate limit.
azure-openai|429|cm|429|R,P|azure|skeEbBt|The service is temporarily unable to process your
    request. Please try again later.
azure-openai|400|cm|content_filter|U|azure|skeEbBt|The response was filtered due to the
    prompt triggering Azure OpenAI's content management policy. Please modify your prompt
    and retry.
openrouter|400|cm|400|U|openrouter|skeEbBt|Bad Request
openrouter|401|cm|401|A|openrouter|skeEbBt|Invalid credentials
openrouter|402|cm|402|Q|openrouter|skeEbBt|Your account or API key has insufficient
    credits. Add more credits and retry the request.
openrouter|403|cm|403|U|openrouter|skeEbBt|Your chosen model requires moderation and your
    input was flagged
openrouter|408|cm|408|T,P|openrouter|skeEbBt|Your request timed out
openrouter|429|cm|429|R|openrouter|skeEbBt|You are being rate limited
openrouter|502|cm|502|P|openrouter|skeEbBt|Your chosen model is down or we received an
    invalid response from it
openrouter|503|cm|503|N|openrouter|skeEbBt|There is no available model provider that meets
    your routing requirements
deepseek|400|oai|:|U|deepseek|skeEbBt|Invalid Format
deepseek|401|oai|authentication_error:|A|deepseek|skeEbBt|Authentication Fails, Your api
    key: ****abcd is invalid
deepseek|402|oai|unknown_error:|Q|deepseek|skeEbBt|Insufficient Balance
deepseek|429|oai|:|R|deepseek|skeEbBt|Rate Limit Reached
deepseek|500|oai|:|P|deepseek|skeEbBt|Server Error
deepseek|429|oai|:|R|deepseek|skeEbBt|请求速率达到上限
zhipu|401|cm|1000|A|zhipu|skeEbBt|身份验证失败
zhipu|401|cm|1004|A|zhipu|skeEbBt|通过Authentication Token的验证失败
zhipu|429|cm|1110|D|zhipu|skeEbBt|您的账户当前处于非活动状态。请检查账户信息
zhipu|429|cm|1113|Q|zhipu|skeEbBt|您的账户已欠费，请充值后重试
zhipu|429|cm|1120|P,U|zhipu|skeEbBt|无法成功访问您的账户，请稍后重试
zhipu|400|cm|1210|U|zhipu|skeEbBt|API 调用参数有误，请检查文档
zhipu|400|cm|1211|N|zhipu|skeEbBt|模型不存在，请检查模型代码
zhipu|400|cm|1220|E|zhipu|skeEbBt|您无权访问 glm-4-plus
zhipu|400|cm|1221|X,N|zhipu|skeEbBt|API glm-3-turbo 已下线
zhipu|400|cm|1222|N|zhipu|skeEbBt|API glm-x 不存在
zhipu|500|cm|1234|P|zhipu|skeEbBt|网络错误，错误id:abc，请联系客服
zhipu|429|cm|1302|R|zhipu|skeEbBt|您当前使用该API的并发数过高，请降低并发，或联系客服增加限
    ~额
dashscope|400|oai|Arrearage:Arrearage|Q|dashscope|skeEbBt|Access denied, please make sure
    your account is in good standing.
dashscope|401|oai|InvalidApiKey:InvalidApiKey|A|dashscope|skeEbBt|Invalid API-key provided.
dashscope|403|oai|AccessDenied:AccessDenied|E|dashscope|skeEbBt|Access denied.
dashscope|404|oai|ModelNotFound:ModelNotFound|N|dashscope|skeEbBt|Model not found
    (qwen-xxx)!
dashscope|429|oai|Throttling.RateQuota:Throttling.RateQuota|R|dashscope|skeEbBt|Requests
    rate limit exceeded, please try again later.
dashscope|500|oai|InternalError:InternalError|P|dashscope|skeEbBt|An internal error has
    occured, please try again later or contact service support.
volcengine|400|oai|BadRequest:InvalidEndpoint.ClosedEndpoint|N,P,U|ark|skeEbBt|The request
    targeted an endpoint that is currently closed or temporarily unavailable. Request ID:
    0217
volcengine|401|oai|Unauthorized:AuthenticationError|A|ark|skeEbBt|The API key or AK/SK in
    the request is missing or invalid. Request ID: 0217
volcengine|403|oai|Forbidden:AccountOverdueError|Q|ark|skeEbBt|The request failed because
    your account has an overdue balance. Request ID: 0217
volcengine|403|oai|Forbidden:AccessDenied|E|ark|skeEbBt|The request failed because you do
    not have access to the requested resource. Request ID: 0217
qianfan|401|oai|invalid_request_error:invalid_model|E|qianfan|skeEbBt|No permission to use
    the model
qianfan|401|oai|invalid_request_error:invalid_iam_token|A|qianfan|skeEbBt|IAM Certification
    failed
qianfan|429|oai|rate_limit_exceeded:rpm_rate_limit_exceeded|R|qianfan|skeEbBt|Rate limit
    reached for RPM
qianfan|429|oai|BILLING_INSUFFICIENT_BALANCE:BILLING_INSUFFICIENT_BALANCE|Q|qianfan-appbuild
    ~er|skeEbBt|Your account has insufficient balance
qianfan|429|oai|RATE_LIMIT_TOTAL_QPS:RATE_LIMIT_TOTAL_QPS|R|qianfan-appbuilder|skeEbBt|Total
    ~ API QPS limit exceeded
moonshot|400|oai|content_filter:|U|kimi|skeEbBt|The request was rejected because it was
    considered high risk
moonshot|401|oai|invalid_authentication_error:|A|kimi|skeEbBt|Invalid Authentication
moonshot|429|oai|exceeded_current_quota_error:|Q|kimi-forum|skeEbBt|Your account is
    suspended due to insufficient balance, please recharge your account or check your plan
    and billing details
moonshot|401|oai|invalid_authentication_error:|A|kimi-code|skeEbBt|The API Key appears to
    be invalid or may have expired
moonshot|402|oai|:|g,U|kimi-code|eEbB|unable to verify your membership benefits
moonshot|403|oai|:|E,U|kimi-code||Kimi For Coding is currently only available for Coding
    Agents
moonshot|403|oai|:|E,U|kimi-code||Access terminated
moonshot|429|oai|engine_overloaded_error:|P,R|kimi-code|skeEbBt|The engine is currently
    overloaded, please try again later
moonshot|429|oai|rate_limit_reached_error:|R|kimi-code|skeEbBt|We're receiving too many
    requests
minimax|200|mm|1000|P,U|minimax|skeEbBt|unknown error
minimax|200|mm|1001|T,P|minimax|keEbB|request timeout
minimax|200|mm|1002|R,U|minimax|skeEbBt|rate limit
minimax|200|mm|1004|A|minimax|skeEbBt|not authorized / token not match group / cookie is
    missing, log in again
minimax|200|mm|1008|Q|minimax|skeEbBt|insufficient balance
minimax|200|mm|1024|P|minimax|skeEbBt|internal error
minimax|200|mm|1026|U|minimax|skeEbBt|input new_sensitive
minimax|200|mm|1033|P|minimax|skeEbBt|system error / mysql failed
siliconflow|400|sf|20012|N|siliconflow|skeEbBt|Model does not exist. Please check it
    carefully.
vertex|429|goo|RESOURCE_EXHAUSTED|R,Q|vertex|skeEbBt|Resource exhausted, please try again
    later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-
    ~429 for more details.
vertex|429|goo|RESOURCE_EXHAUSTED|R|vertex|skeEbBt|Too many requests. Exceeded the
    Provisioned Throughput.
vertex|401|goo|UNAUTHENTICATED|A|vertex|skeEbBt|Request had invalid authentication
    credentials. Expected OAuth 2 access token, login cookie or other valid authentication
    credential.
vertex|404|goo|NOT_FOUND|N|vertex|skeEbBt|Publisher Model
    `projects/p/locations/us-central1/publishers/google/models/gemini-9` not found.
vertex|499|goo|CANCELLED|U|vertex|skeEbBt|The operation was cancelled.
vertex|500|goo|INTERNAL|P|vertex|skeEbBt|Internal error encountered.
vertex|503|goo|UNAVAILABLE|P|vertex|skeEbBt|The service is currently unavailable.
vertex|504|goo|DEADLINE_EXCEEDED|T,P|vertex|skeEbBt|Deadline exceeded.
cohere|400|aws||U|cohere|skeEbBt|invalid request: prompt must be at least 1 token long.
cohere|400|aws||U|cohere|skeEbBt|too many tokens: total number of tokens in the prompt
    cannot exceed 4081 - received 4292. Try using a shorter prompt, or enabling prompt
    truncating. See https://docs.cohere.com/reference/generate for more details.
cohere|400|aws||N,U|cohere|skeEbBt|invalid request: model 'command-r' is not supported by
    the generate API
cohere|401|aws||A|cohere|skeEbBt|no api key supplied
cohere|429|aws||R|cohere|skeEbBt|You are past the per minute request limit, please wait and
    try again later.
cohere|429|aws||R|cohere|skeEbBt|You are using a Trial key, which is limited to 40 API
    calls / minute.
volcengine|404|oai|NotFound:InvalidEndpointOrModel.ModelIDAccessDisabled|g|ark|skeEbBt|Acces
    ~sing the model via Model ID is not allowed for your account. Please use a custom
    endpoint ID instead. Request id: 0217
volcengine|404|oai|NotFound:UnsupportedModel|g,N|ark|skeEbBt|The doubao-seed-1.6 model does
    not support the coding plan feature. Please refer to the documentation at
    https://www.volcengine.com/docs/82379/1925114 to select a compatible model.
volcengine|429|oai|TooManyRequests:RateLimitExceeded.EndpointRPMExceeded|R|ark|skeEbBt|The
    Requests Per Minute (RPM) limit of the associated endpoint for your account has been
    exceeded. Request ID: 0217
volcengine|400|oai|BadRequest:SensitiveContentDetected|U|ark|skeEbBt|The request failed
    because the input text may contain sensitive information.
volcengine|404|oai|NotFound:NotFound.model|N|ark|skeEbBt|The specified model doubao-x is
    not found.
groq|498|oai|capacity_exceeded:capacity_exceeded|P,U|groq-flex|skeEbBt|Flex Tier Capacity
    Exceeded
groq|424|oai|invalid_request_error:|P,U|groq|skeEbBt|Failed Dependency
together|402|oai|invalid_request_error:|Q|together|skeEbBt|The account associated with the
    API key has reached its maximum allowed monthly spending limit.
siliconflow|429|aws||R|siliconflow|skeEbBt|Request was rejected due to rate limiting. If
    you want more, please contact contact@siliconflow.cn
"""


def _rows(table: str = "") -> list[list[str]]:
    joined: list[str] = []
    for line in (table or ROWS).strip("\n").splitlines():
        if line.startswith("    ~"):
            joined[-1] += line[5:]
        elif line.startswith("    "):
            joined[-1] += " " + line[4:]
        else:
            joined.append(line)
    return [line.split("|", 7) for line in joined]


def _body(shape: str, status: int, tag: str, message: str) -> Any:
    """The documented envelope around a message, as each provider's page shows it."""
    kind, _, code = tag.partition(":")
    if shape == "oai":
        return {
            "error": {"message": message, "type": kind or None, "param": None, "code": code or None}
        }
    if shape in ("bd", "mm", "sf"):  # a numeric code: Baidu's error_code, MiniMax's base_resp
        number = int(tag or 0)
        return {
            "bd": {"error_code": number, "error_msg": message},
            "mm": {"id": "", "base_resp": {"status_code": number, "status_msg": message}},
            "sf": {"code": number, "message": message, "data": None},
        }[shape]
    return {
        "ant": {"type": "error", "error": {"type": tag, "message": message}},
        "goo": {"error": {"code": status, "message": message, "status": tag}},
        "aws": {"message": message},
        "cm": {"error": {"code": tag, "message": message}},
    }.get(shape)  # fmt: skip


def _forms(row: list[str]) -> dict[str, tuple[str, str | None, int | None]]:
    """Every wrapper a row's condition is pasted in: form letter -> (text, provider hint, status)."""
    family, status_text, shape, tag, _, _, _, message = row
    status = int(status_text) or None
    envelope = _body(shape, status or 0, tag, message)
    forms: dict[str, tuple[str, str | None, int | None]] = {
        "b": (message, family, None),  # the bare message, the provider named
        "B": (message, None, None),  # the bare message alone
    }
    if envelope is not None:
        body = json.dumps(envelope, ensure_ascii=False)
        forms |= {"e": (body, family, None), "E": (body, None, None)}
        if status:
            forms |= {
                "s": (body, family, status),
                "k": (f"Error code: {status} - {body}", None, None),
            }
    if status:
        forms["t"] = (message, family, status)
    if family == "bedrock" and tag:
        forms["w"] = (
            f"An error occurred ({tag}) when calling the InvokeModel operation: {message}",
            None,
            None,
        )
    return forms


def _accepts(found: str, accepted: str) -> bool:
    return any(found.startswith(VERDICTS[a]) if VERDICTS[a].endswith("/") else found == VERDICTS[a]
               for a in accepted.split(","))  # fmt: skip


CASES = [
    pytest.param(row, form, id=f"{row[0]}-{row[1]}-{row[7][:40]}-{form}")
    for row in _rows()
    for form in row[6]
]


def _never_falsely_reachable(row: list[str], form: str, found: str) -> None:
    """`reachable` only for a documented throttle, and only at 429 or pasted without a status
    (the contract: an error envelope in a 2xx, or any other status, is no throttle)."""
    if found.startswith("reachable"):
        status = _forms(row)[form][2] or (int(row[1]) if form == "k" else 0)  # k states it
        assert "R" in row[4].split(","), (form, found, row[7])
        assert status in (0, 429), (form, found, row[7])


@pytest.mark.parametrize(("row", "form"), CASES)
def test_a_documented_error_is_read_as_its_page_says_in_every_wrapper(
    row: list[str], form: str
) -> None:
    assert row[5] in DOCS
    text, hint, status = _forms(row)[form]
    found = _explain(text, hint, status)  # type: ignore[arg-type]  # None: from the text
    assert _accepts(found, row[4]), (found, row[4], DOCS[row[5]])
    _never_falsely_reachable(row, form, found)


@pytest.mark.parametrize("row", [pytest.param(r, id=f"{r[0]}-{r[7][:40]}") for r in _rows()])
def test_a_form_left_unread_is_still_never_reachable(row: list[str]) -> None:
    """The forms a row leaves (the notes' table says why) are not read right yet, but none of
    them is a false `reachable` either."""
    for form, (text, hint, status) in _forms(row).items():
        if form not in row[6]:
            _never_falsely_reachable(row, form, _explain(text, hint, status))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "status", "verdict"),
    [  # where the round's rules must not fire: a suspension not for money, a local failure
        ("Account suspended due to policy violation.", None, "unknown/account_disabled"),
        ("internal error: dial tcp 127.0.0.1:11434: connect: connection refused", None,
         "unknown/local_network_down"),
        ("This service is currently unavailable in your country", 403, "restricted/geo_blocked"),
        # a throttle named by its tokens is no request too long; a day's cap is no throttle
        ("Tokens per minute limit exceeded - too many tokens processed", 429, "reachable/rate_limited"),
        ("You have reached your daily limit of 1000 calls / day", 429, "gated/quota_exhausted"),
        # a throttle's words with another status, or in a 2xx envelope, are no throttle
        ("We're receiving too many requests", 503, "unknown/provider_error"),
        ("Too many requests. Exceeded the Provisioned Throughput.", 200, "unknown/unexpected_response"),
        ('{"error_code": 18, "error_msg": "Open api qps request limit reached"}', 200,
         "unknown/unexpected_response"),
        ("Please wait before trying again.", 429, "unknown/unexpected_response"),  # no throttle named
    ],
)  # fmt: skip
def test_the_rounds_rules_keep_to_their_class(text: str, status: int | None, verdict: str) -> None:
    assert _explain(text, None, status) == verdict  # type: ignore[arg-type]
