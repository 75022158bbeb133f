"""Round 8's review (issue #15): texts an independent reviewing session wrote against rounds 7
and 8 to make them say `reachable` where nothing shows a model answered. They are adversarial
mixtures, not provider answers: each pairs words a new rule reads as a throttle or a success
with words of a cap, a refusal or a cut connection. Every one was read `reachable` before the
fixes they came with (the weak throttle words now yield to a plan's, money's or a long window's
words in eight languages; a success shape holds none of a refusal's or cap's words; a YAML
answer with a non-2xx status written in it is none; a model entry marked gated is none)."""

from __future__ import annotations

import pytest

from tests.classify.test_account_classes import _explain

# The weak throttle words (round 7: another provider's words, the chat apps' localized ones)
# beside a cap's: read with the status a throttle needs, and with none.
CAPS_IN_THROTTLE_WORDS = [
    '{"error":{"message":"Requests limit exceeded. Please upgrade to a paid plan."}}',
    '{"error":{"message":"Free tier request limit reached"}}',
    '{"error":{"message":"Currently limiting requests: your organization has no active payment method"}}',
    "requests limit reached, subscribe to Pro for more",
    "Request limit reached for today.",
    "rate quota limit exceeded for the free plan; upgrade to continue",
    "Превышен лимит скорости: пополните баланс",
    "Слишком много запросов за месяц, лимит тарифа исчерпан",
    "Limite de taxa excedido. Seu saldo de créditos acabou.",
    "Zu häufig: Ihr Kontingent für diesen Monat ist aufgebraucht",
    "요청이 너무 많습니다. 월간 할당량을 모두 사용했습니다",
]


@pytest.mark.parametrize("text", CAPS_IN_THROTTLE_WORDS)
@pytest.mark.parametrize("status", [429, None])
def test_a_throttles_word_beside_a_caps_is_no_throttle(text: str, status: int | None) -> None:
    assert not _explain(text, status=status).startswith("reachable"), text


@pytest.mark.parametrize(
    "text",
    [
        # the same words alone still read as the throttle they are (corpus h6b-103, h6c-028)
        "Server is temporarily limiting requests (not your usage limit) · Rate limited",
        '{"error":{"message":"Request limit exceeded."}}',
        "Слишком много запросов. Попробуйте позже.",
    ],
)
def test_the_weak_throttle_words_alone_still_read_as_a_throttle(text: str) -> None:
    assert _explain(text, status=429) == "reachable/rate_limited"


# A success's shape whose fields hold a refusal, a cap or a cut connection (no status pasted).
REFUSALS_IN_SUCCESS_SHAPES = [
    '{"data":[{"embedding":"Your credit balance is too low"}]}',
    '{"embeddings":{"msg":"model not loaded"}}',
    '{"embeddings":["Model is loading, retry later"]}',
    '{"model":"llama3","response":"this model requires a subscription, upgrade for access","done":true}',
    '{"model":"llama3","response":"余额不足，请充值","done":true}',
    '{"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant","content":[{"type":"text",'
    '"text":"Your API key has been revoked."}]}}',
    '{"stop_reason":"end_turn","usage":{"output_tokens":1},"message":"Your organization has been disabled"}',
    '{"_id":"aaaaaaaaaaaaaaaaaaaaaaaa","id":"meta-llama/Llama-3.1-8B","sha":"abc","gated":"manual"}',
    '{"id":"gpt-4","object":"model","message":"You do not have access to this model"}',
    '"id": "gpt-4",\n"object": "model",\n"message": "You have no access to this model, please upgrade",',
    "_id: aaaaaaaaaaaaaaaaaaaaaaaa\nsha: abc\nyou must be authenticated",
    "message: Please upgrade your plan\nrole: assistant\nfinish_reason: stop",
    'data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"},'
    '"finish_reason":null}]}\nconnection reset by peer',
]


@pytest.mark.parametrize("text", REFUSALS_IN_SUCCESS_SHAPES)
def test_a_success_shape_holding_a_refusal_is_no_success(text: str) -> None:
    assert not _explain(text).startswith("reachable"), text


@pytest.mark.parametrize("line", ["status_code: 402", "code: 401", "status: '503'"])
def test_a_yaml_answer_with_a_failing_status_written_in_it_is_no_success(line: str) -> None:
    text = f"role: assistant\nfinish_reason: stop\n{line}"
    assert not _explain(text, status=200).startswith("reachable")


@pytest.mark.parametrize(
    "text",
    [
        # the clean forms still read as successes (Ollama's /api/chat, docs/api.md; a Responses
        # object's `"truncation": "disabled"` is a setting, corpus h7a-033)
        '{"model":"llama3.2","message":{"role":"assistant","content":"Hello"},"done":true,"done_reason":"stop"}',
        '{"id":"resp_1","object":"response","status":"completed","truncation":"disabled","output":'
        '[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hi"}]}],"error":null}',
    ],
)
def test_the_clean_success_shapes_still_read_as_successes(text: str) -> None:
    assert _explain(text) == "reachable/ok"
