"""Issue #15, round 8 (branch r8-success): the seventh held-out split's misses labelled a success
(streamed chunks, model entries and model-info lookups, a Responses object, a rerank, an app's
record of a finished stream) and its false `reachable` (an SDK's exception line at a 200), by
class. Each class: the cases as gathered (read as tools/score.py reads them), other real
renderings from cited sources (not in the corpus), and near misses that must never read as a
success: a success shape beside an error, under a non-2xx status, or with an error's words."""

from __future__ import annotations

import pytest

from tests.cases import status_and_body
from tests.classify.test_account_classes import _explain, _read

OK = "reachable/ok"
LISTED = "reachable/listed"


@pytest.mark.parametrize(
    ("case_id", "verdict"),
    [
        ("h7a-031", OK),  # 1. xAI chat.completion.chunk lines (SSE framing stripped)
        ("h7a-035", OK),  # 1. Perplexity chunks with citations
        ("h7b-064", OK),  # 1. vLLM `data: {…chunk…}` lines
        ("h7a-032", OK),  # 1. Bedrock ConverseStream events one per line
        ("h7d-061", OK),  # 1. an app's log of a stream's end: clean stop_reason, token counts
        ("h7a-033", OK),  # 2. Azure's Responses object (status completed, "error": null)
        ("h7a-034", OK),  # 2. Together's rerank answer
        ("h7b-066", LISTED),  # 3. one /v1/models entry alone
        ("h7b-063", LISTED),  # 3. the lines of one entry without braces, markdown's ** in them
        ("h7a-006", LISTED),  # 3. the Hub's model info as a cassette's YAML, status 200 OK
        ("h7b-008", "unknown/unexpected_response"),  # 4. APIError line at a 200: no success
    ],
)
def test_the_cases_read_as_labelled(case_id: str, verdict: str) -> None:
    assert _read(case_id) == verdict


# ---- 1. a stream's chunks and events


# vercel/ai packages/anthropic/src/__fixtures__/anthropic-text.chunks.txt (a recorded Messages
# stream, one event per line; usage trimmed)
ANTHROPIC_STREAM = (
    '{"type":"message_start","message":{"model":"claude-sonnet-4-5-20250929","id":"msg_01QC4g3HwBThD4BaNtBckFDJ",'
    '"type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,'
    '"usage":{"input_tokens":12,"output_tokens":1,"service_tier":"standard"}}}\n'
    '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n'
    '{"type":"ping"}\n'
    '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}\n'
    '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"! I"}}\n'
    '{"type":"content_block_stop","index":0}\n'
    '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},'
    '"usage":{"input_tokens":12,"output_tokens":30}}\n'
    '{"type":"message_stop"}'
)


def test_an_anthropic_stream_is_a_success() -> None:
    assert _explain(ANTHROPIC_STREAM, provider="anthropic") == OK


def test_a_stream_ending_in_an_error_event_is_no_success() -> None:
    # near miss: the same stream's start, then Anthropic's error event in place of its end
    # (docs.claude.com/en/docs/build-with-claude/streaming: "error" events, overloaded_error)
    head = "\n".join(ANTHROPIC_STREAM.splitlines()[:4])
    text = (
        head + '\n{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}'
    )
    assert not _explain(text, provider="anthropic").startswith("reachable")


def test_chunks_beside_an_error_chunk_or_under_an_error_status_are_no_success() -> None:
    # near misses: corpus h5a-103 (chunks, then an SSE server_error) and h7b-016 (a chunk that
    # carries error 400), each at its 200; h7b-064's chunks under a 500 and a 429
    for case_id in ("h5a-103", "h7b-016"):
        status, body = status_and_body(case_id)
        assert not _explain(body, status=status).startswith("reachable"), case_id
    _, chunks = status_and_body("h7b-064")
    assert _explain(chunks, provider="vllm", status=500) != OK
    assert _explain(chunks, provider="vllm", status=429) != OK


def test_a_bedrock_stream_with_an_exception_event_is_no_success() -> None:
    # near miss: h7a-032's first events, then the ConverseStream exception member
    # (docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html:
    # modelStreamErrorException "A streaming error occurred. Retry your request.")
    _, body = status_and_body("h7a-032")
    head = "\n".join(body.splitlines()[:3])
    text = (
        head
        + '\n{"modelStreamErrorException":{"message":"A streaming error occurred. Retry your request."}}'
    )
    assert _explain(text, provider="bedrock") not in (OK, LISTED)


def test_a_responses_stream_that_failed_is_no_success() -> None:
    # near miss: vercel/ai packages/openai/src/responses/__fixtures__/openai-response-failed-only
    # .1.chunks.txt (response.created, then response.failed with a TPM limit; fields trimmed)
    text = (
        '{"type":"response.created","sequence_number":0,"response":{"id":"resp_test_failed_001",'
        '"object":"response","created_at":1763474589,"status":"in_progress","error":null,"model":"gpt-4o-mini",'
        '"output":[]}}\n'
        '{"type":"response.failed","sequence_number":1,"response":{"id":"resp_test_failed_001",'
        '"object":"response","created_at":1763474589,"status":"failed","error":{"code":"rate_limit_exceeded",'
        '"message":"Request too large for gpt-4o-mini in organization on tokens per min (TPM): Limit 30000, '
        'Requested 35364."},"model":"gpt-4o-mini","output":[]}}'
    )
    assert _explain(text) != OK


# ---- 2. one whole answer of another dialect


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        # vercel/ai packages/cohere/src/reranking/__fixtures__/cohere-reranking.1.json
        (
            '{"id": "b44fe75b-e3d3-489a-b61e-1a1aede3ef72", "results": [{"index": 1, "relevance_score": 0.10183054},'
            ' {"index": 0, "relevance_score": 0.03762639}], "meta": {"api_version": {"version": "2"},'
            ' "billed_units": {"search_units": 1}}}',
            "cohere",
        ),
        # vercel/ai packages/cohere/src/__fixtures__/cohere-text.json (Cohere v2 chat; usage trimmed)
        (
            '{"id": "e7592632-1e3d-424f-b129-bd5f9f980f7b", "message": {"role": "assistant", "content": '
            '[{"type": "text", "text": "The capital of France is Paris."}]}, "finish_reason": "COMPLETE", '
            '"usage": {"billed_units": {"input_tokens": 12, "output_tokens": 7}}}',
            "cohere",
        ),
        # github.com/ollama/ollama docs/api.md: /api/chat without streaming, and /api/generate
        (
            '{"model": "llama3.2", "created_at": "2023-12-12T14:13:43.416799Z", "message": {"role": "assistant",'
            ' "content": "Hello! How are you today?"}, "done": true, "total_duration": 5191566416,'
            ' "eval_count": 298}',
            "ollama",
        ),
        (
            '{"model": "mistral", "created_at": "2023-11-03T15:36:02.583064Z", "response": " The sky appears '
            'blue because of a phenomenon called Rayleigh scattering.", "done": true, "eval_count": 110}',
            "ollama",
        ),
    ],
)
def test_other_dialects_answers_are_a_success(text: str, provider: str) -> None:
    assert _explain(text, provider=provider) == OK


def test_an_answer_with_an_unclean_finish_or_an_incomplete_status_is_no_success() -> None:
    # near misses: Cohere v2's finish_reason ERROR (docs.cohere.com/reference/chat: COMPLETE,
    # STOP_SEQUENCE, MAX_TOKENS, TOOL_CALL, ERROR, TIMEOUT) on the answer above, and h7a-033's
    # Responses object marked incomplete (developers.openai.com: status "incomplete")
    cohere = (
        '{"id": "e7592632-1e3d-424f-b129-bd5f9f980f7b", "message": {"role": "assistant", "content": '
        '[{"type": "text", "text": "The capital"}]}, "finish_reason": "TIMEOUT"}'
    )
    assert _explain(cohere, provider="cohere") != OK
    _, body = status_and_body("h7a-033")
    incomplete = body.replace(
        '"status": "completed",\n  "background"', '"status": "incomplete",\n  "background"'
    )
    assert incomplete != body
    assert _explain(incomplete, provider="azure-openai") != OK


def test_a_rerank_under_an_error_status_or_beside_an_error_line_is_no_success() -> None:
    _, body = status_and_body("h7a-034")
    assert _explain(body, provider="together", status=401) != OK
    # a log's error line after it (corpus h2b-145's LM Studio log shape, its level ERROR)
    assert _explain(body + "\n[ERROR] Unexpected endpoint or method.", provider="together") != OK


# ---- 3. one model's entry, its lines, the Hub's model info


def test_one_anthropic_model_entry_is_listed() -> None:
    # docs.claude.com/en/api/models (GET /v1/models/{model_id}: type "model")
    text = (
        '{"created_at": "2025-02-19T00:00:00Z", "display_name": "Claude 3.7 Sonnet", '
        '"id": "claude-3-7-sonnet-20250219", "type": "model"}'
    )
    assert _explain(text, provider="anthropic") == LISTED


def test_a_model_entry_beside_an_error_or_under_a_404_is_no_success() -> None:
    _, entry = status_and_body("h7b-066")
    assert _explain(entry, provider="llamacpp", status=404) not in (OK, LISTED)
    # corpus h2b-145's LM Studio words for a model that will not load, after the entry
    assert _explain(entry + "\n[ERROR] No models loaded.", provider="llamacpp") not in (OK, LISTED)
    _, lines = status_and_body("h7b-063")
    assert _explain(lines + '\n"error": "model not found"', provider="vllm") not in (OK, LISTED)


def test_the_hubs_model_info_under_an_error_code_is_no_success() -> None:
    # near miss: h7a-006's cassette with the recorded status a 404 (huggingface.co/docs/hub/api)
    _, body = status_and_body("h7a-006")
    text = body.replace("code: 200", "code: 404").replace("message: OK", "message: Not Found")
    assert text != body
    assert _explain(text, provider="huggingface") not in (OK, LISTED)


# ---- 4. an exception's rendering at a 2xx is never a success


def test_an_sdk_exception_line_at_a_200_is_no_success() -> None:
    # openai-python 0.x api_requestor._interpret_response_line: f"HTTP code {rcode} from API
    # ({rbody})" raised as openai.error.APIError when a 200's body is no JSON (here, empty)
    assert _explain("openai.error.APIError: HTTP code 200 from API ()", status=200) != OK
    assert not _explain("APIError: HTTP code 200 from API ()", status=200).startswith("reachable")


def test_a_real_answer_at_a_200_is_still_a_success() -> None:
    # the control: corpus h6b-053, a chat completion at its 200, reads as it did
    status, body = status_and_body("h6b-053")
    assert _explain(body, status=status) == OK
