"""A provider emulator: a real HTTP(S) server on 127.0.0.1 that answers like OpenAI,
Anthropic or the Gemini API, with the canned answers of `canned.py`.

It refuses what the real APIs refuse (a missing `anthropic-version` header, `max_tokens` or
a non-default `temperature` on OpenAI reasoning models, a token cap below 16), checks the
key, pages its model lists, and records every request so tests can assert on what was sent.
"""

from __future__ import annotations

import json
import re
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

from tests.emulator import canned as C
from tests.emulator.personalities import (
    BEDROCK,
    COHERE,
    OLLAMA_NOT_PULLED,
    VERTEX,
    VERTEX_ANTHROPIC,
    answer,
)

SIGV4 = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<akid>[^/]+)/\d{8}/(?P<region>[^/]+)/bedrock/aws4_request, "
    r"SignedHeaders=(?P<signed>[a-z0-9;-]+), Signature=[0-9a-f]{64}$"
)
BASE_PATH = {
    "openai": "/v1",
    "azure": "/openai/v1",
    "openai-responses": "/openai/v1",  # Bedrock Mantle's OpenAI route (BerriAI/litellm#29463)
    "anthropic": "",
    "gemini": "/v1beta",
    "cohere": "",
    "ollama": "",
    "bedrock": "",
    "vertex": "/v1",
    "vertex-anthropic": "/v1",
}
VERTEX_PATH = re.compile(
    r"^/v1/projects/(?P<project>[^/]+)/locations/(?P<location>[^/]+)/publishers/google/models/(?P<model>[^/:]+)"
    r":generateContent$"
)
# Claude on Vertex: rawPredict on the anthropic publisher (cloud.google.com …/partner-models/claude/use-claude).
VERTEX_CLAUDE_PATH = re.compile(
    r"^/v1/projects/(?P<project>[^/]+)/locations/(?P<location>[^/]+)/publishers/anthropic/models/(?P<model>[^/:]+)"
    r":rawPredict$"
)

# Per-model behaviours a scenario can set.
OK, GATED, NOT_FOUND, RETIRED, VERIFY, NO_FREE_TIER = (
    "ok",
    "gated",
    "not_found",
    "retired",
    "verify",
    "no_free_tier",
)
# Provider-wide modes.
# Families whose location refusal is an edge page (a CDN's HTML, not the API's JSON): the edge
# answers every request the same, key or not ("on list and generate alike", FACTS.md Groq row;
# lobehub/lobehub#2147; Cohere's HTML 403, corpus c066; Cerebras's Cloudflare block page,
# tormozit/RDT1C#827). Every other family's refusal comes from
# the API and is only given here to a request with a valid key: no source shows it without one.
EDGE_GEO = frozenset({"groq", "cohere", "cerebras"})
# Families whose model list is served without a key.
PUBLIC_LISTS = frozenset({"openrouter"})
MODES = ("ok", "geo", "quota", "rate_limited", "overloaded", "captive", "redirect", "hang")


@dataclass
class Scenario:
    mode: str = "ok"
    models: dict[str, str] = field(default_factory=dict)  # model id -> behaviour on invoke
    unlisted: set[str] = field(default_factory=set)  # known models the list does not show
    reasoning: set[str] = field(
        default_factory=set
    )  # OpenAI ids that refuse max_tokens/temperature
    page_size: int = 2
    lifecycle: dict[str, dict[str, Any]] = field(
        default_factory=dict
    )  # extra list fields per model
    redirect_to: str = ""
    hang_seconds: float = 0.0
    trace_loc: str = ""  # serve Cloudflare's /cdn-cgi/trace with this loc= (empty: no trace)
    latency_s: float = 0.0  # injected before every answer (bench/: a distant provider)


class Req(NamedTuple):
    method: str
    path: str  # without the dialect's base path
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _Server(ThreadingHTTPServer):
    # socketserver listens with a backlog of 5: a burst of connections beyond it (--concurrency
    # 64) waits for a SYN retransmit, a second or more, which no real API's listener imposes.
    request_queue_size = 1024


class Emulator:
    """One provider on one port. Use as a context manager; `base_url` goes in the registry."""

    def __init__(
        self,
        dialect: str,
        *,
        key: str,
        family: str | None = None,
        scenario: Scenario | None = None,
        ssl_context: ssl.SSLContext | None = None,
        host_name: str = "127.0.0.1",
    ) -> None:
        self.dialect = dialect
        self.family = family or dialect
        self.key = key
        self.scenario = scenario or Scenario()
        self.requests: list[Seen] = []
        self.signatures: list[dict[str, str]] = []  # SigV4 Authorization fields seen
        self._lock = threading.Lock()
        emulator = self

        class Handler(_Handler):
            owner = emulator

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        if ssl_context is not None:
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        self.scheme = "https" if ssl_context else "http"
        self.host_name = host_name
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host_name}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.origin + BASE_PATH[self.dialect]

    def __enter__(self) -> Emulator:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def invoke_count(self) -> int:
        return sum(1 for r in self.requests if r.method == "POST")


def _message(model: str, message_id: str) -> dict[str, Any]:
    """Anthropic's Messages answer (its own API, and Vertex's rawPredict, which passes it on)."""
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": "pong"}],
        "stop_reason": "max_tokens",
        "stop_sequence": None,
        "usage": {"input_tokens": 8, "output_tokens": 16},
    }


def known_models(emulator: Emulator) -> list[str]:
    return sorted(
        set(emulator.scenario.models) | emulator.scenario.unlisted | {"listed-extra-model"}
    )


class _Handler(BaseHTTPRequestHandler):
    owner: Emulator
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: without TCP_NODELAY, Nagle's algorithm and the
    # client's delayed ACK add ~40 ms to every answer on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # -------------------------------------------------------------- plumbing

    def _send(self, answer: C.Canned, **fill: str) -> None:
        body = answer.body
        for name, value in fill.items():
            body = body.replace("{" + name + "}", value)
        data = body.encode()
        self.send_response(answer.status)
        self.send_header("content-type", answer.content_type)
        self.send_header("content-length", str(len(data)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if self.owner.dialect == "anthropic":
            self.send_header("request-id", "req_emulator")
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, doc: object) -> None:
        self._send(C.Canned(status, json.dumps(doc), "emulator success shape"))

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.owner.record(Seen(method, self.path, headers, body))
        scenario = self.owner.scenario
        if scenario.latency_s:
            time.sleep(scenario.latency_s)
        if scenario.mode == "hang":
            threading.Event().wait(scenario.hang_seconds)
            return
        if scenario.mode == "captive":
            self._send(C.CAPTIVE_PORTAL)
            return
        if scenario.trace_loc and self.path == "/cdn-cgi/trace":
            self._trace(scenario.trace_loc)
            return
        keyed = any(h in headers for h in ("authorization", "x-api-key", "x-goog-api-key"))
        if scenario.mode == "redirect" and keyed:  # as a proxy or portal would, once a key is sent
            self.send_response(302)
            self.send_header("location", scenario.redirect_to + self.path)
            self.send_header("content-length", "0")
            self.end_headers()
            return
        url = urlsplit(self.path)
        path = url.path.removeprefix(BASE_PATH[self.owner.dialect])
        handler = {
            "openai": self._openai,
            "azure": self._openai,
            "openai-responses": self._openai,
            "anthropic": self._anthropic,
            "gemini": self._gemini,
            "cohere": self._cohere,
            "ollama": self._ollama,
            "bedrock": self._bedrock,
            "vertex": self._vertex,
            "vertex-anthropic": self._vertex,
        }
        handler[self.owner.dialect](Req(method, path, parse_qs(url.query), headers, body))

    def _trace(self, loc: str) -> None:
        """Cloudflare's edge trace: key=value lines, as github.com/Jon-Millent/api-lib README.md
        shows one (fl, h, ip, ts, visit_scheme, uag, colo, http, loc, tls, sni, warp)."""
        host = self.headers.get("host", "")
        lines = [
            "fl=12f247", f"h={host}", "ip=192.0.2.10", "ts=1764230400.123", "visit_scheme=https",
            f"uag={self.headers.get('user-agent', '')}", "colo=NRT", "http=http/1.1",
            f"loc={loc}", "tls=TLSv1.3", "sni=plaintext", "warp=off",
        ]  # fmt: skip
        body = ("\n".join(lines) + "\n").encode()
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _page(self, ids: list[str], start: str | None) -> tuple[list[str], str | None]:
        """One page of a model list, as the paging providers serve it: fewer models than the
        client's page size asks for is allowed ("the service may return fewer models",
        ai.google.dev/api/python/google/generativeai/protos/ListModelsRequest). Anthropic:
        the cursor is the last id of the page (after_id, has_more, last_id;
        docs.anthropic.com/en/api/models-list); Gemini: an opaque nextPageToken, omitted on the
        last page (ai.google.dev/api/rest/v1/models/list); Cohere: next_page_token
        (docs.cohere.com/v1/reference/list-models). OpenAI's /v1/models and Bedrock's
        ListFoundationModels (modelSummaries alone, boto3's list_foundation_models) do not page."""
        size = self.owner.scenario.page_size
        index = ids.index(start) + 1 if start in ids else 0
        if self.owner.dialect == "gemini" and start:
            index = int(start)
        chunk = ids[index : index + size]
        more = index + size < len(ids)
        token = (
            (str(index + size) if self.owner.dialect == "gemini" else chunk[-1]) if more else None
        )
        return chunk, token

    def _listed(self) -> list[str]:
        scenario = self.owner.scenario
        return [m for m in known_models(self.owner) if m not in scenario.unlisted]

    def _behaviour(self, model: str) -> str:
        scenario = self.owner.scenario
        if model in scenario.models:
            return scenario.models[model]
        return OK if model in self._listed() else NOT_FOUND

    # -------------------------------------------------------------- OpenAI

    def _as(self, condition: str, fallback: C.Canned | None = None, **fill: str) -> None:
        """Answer as this emulator's provider family does for `condition`."""
        canned = answer(self.owner.family, condition) or fallback
        assert canned is not None, f"no cited {condition!r} answer for {self.owner.family}"
        self._send(canned, **fill)

    def _openai(self, req: Req) -> None:
        """OpenAI and the OpenAI-compatible families: the same wire format, each family's answers."""
        method, path, _query, headers, body = req
        scenario, family = self.owner.scenario, self.owner.family
        if scenario.mode == "geo" and family in EDGE_GEO:  # the edge answers before the API
            return self._as("geo")
        # Azure takes the key in an api-key header (FACTS.md §2.6), the others as a Bearer token.
        auth = headers.get("authorization", "")
        if self.owner.dialect == "azure":
            auth = f"Bearer {headers['api-key']}" if "api-key" in headers else ""
        # OpenRouter's model list is public: read without a key ("Auth not required",
        # docs.rs/synaps fetch_openrouter_catalog_models; models.dev's sync script sends no
        # Authorization header when it has no key, anomalyco/models.dev@c2c5cc8
        # packages/core/script/sync-openrouter.ts).
        public = method == "GET" and path == "/models" and family in PUBLIC_LISTS
        if (not self.owner.key or public) and not auth:
            pass  # a local server started without a key, or a list served to anyone
        elif not auth:
            # Families with no cited answer to a missing key get the bare status.
            return self._as("no_key", answer(family, "bad_key") or C.Canned(401, "", "status only"))
        elif auth != f"Bearer {self.owner.key}":
            return self._as("bad_key", key=auth.removeprefix("Bearer "))
        # No source shows the API refusing a place before the key. OpenRouter's own refusal
        # names a model ("This model is not available in your region", corpus c089): only a
        # generation request gets it.
        if scenario.mode == "geo" and (family != "openrouter" or method == "POST"):
            return self._as("geo")
        if method == "GET" and path == "/key" and family == "openrouter":
            # openrouter.ai/docs/api/api-reference/api-keys/get-current-key.md; corpus c151
            left = 0 if scenario.mode == "quota" else 4.8984355238
            return self._json(
                200,
                {
                    "data": {
                        "label": "sk-or-v1-116...0ce",
                        "limit": 5,
                        "usage": 0.1015644762,
                        "is_provisioning_key": False,
                        "limit_remaining": left,
                        "is_free_tier": False,
                    }
                },
            )
        if method == "GET" and path == "/user/balance" and family == "deepseek":
            # api-docs.deepseek.com/zh-cn/api/get-user-balance.md
            return self._json(
                200,
                {
                    "is_available": scenario.mode != "quota",
                    "balance_infos": [
                        {
                            "currency": "CNY",
                            "total_balance": "110.00",
                            "granted_balance": "10.00",
                            "topped_up_balance": "100.00",
                        }
                    ],
                },
            )
        if method == "GET" and path == "/models":
            if answer(family, "list"):
                return self._as("list")
            data = [
                {"id": m, "object": "model", "created": 1686935002, "owned_by": family}
                | scenario.lifecycle.get(m, {})
                for m in self._listed()
            ]
            return self._json(200, {"object": "list", "data": data})
        if method == "POST" and path == "/responses":
            return self._responses(json.loads(body or b"{}"))
        if method == "POST" and path == "/chat/completions":
            if answer(family, "wrong_api"):  # a host serving its models on Responses only
                return self._as("wrong_api", model=str(json.loads(body or b"{}").get("model")))
            request = json.loads(body or b"{}")
            model = str(request.get("model", ""))
            if family == "openai":
                refusal = self._openai_parameter_checks(request, model)
                if refusal:
                    return None
            if self._refused(model):
                return None
            return self._json(
                200,
                {
                    "id": "chatcmpl-emulator",
                    "object": "chat.completion",
                    "created": 1764201600,
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": ""},
                            "finish_reason": "length",
                        }
                    ],
                    "usage": {"prompt_tokens": 8, "completion_tokens": 16, "total_tokens": 24},
                },
            )
        return self._as("not_found", model=path)

    def _refused(self, model: str) -> bool:
        """An OpenAI-format generation refused by the scenario's mode or the model's behaviour;
        True when that answer was sent."""
        mode = self.owner.scenario.mode
        behaviour = (
            mode if mode in ("quota", "rate_limited", "overloaded") else self._behaviour(model)
        )
        if behaviour == OK:
            return False
        self._as(behaviour, model=model)
        return True

    def _responses(self, request: dict[str, Any]) -> None:
        """OpenAI's Responses API: a response object; one cut short by max_output_tokens is
        "incomplete" (openai-python types/responses/response.py)."""
        model = str(request.get("model", ""))
        if self._refused(model):
            return None
        return self._json(
            200,
            {
                "id": "resp_emulator",
                "object": "response",
                "created_at": 1764201600,
                "status": "incomplete",
                "incomplete_details": {"reason": "max_output_tokens"},
                "model": model,
                "output": [],
                "usage": {"input_tokens": 8, "output_tokens": 16, "total_tokens": 24},
            },
        )

    def _openai_parameter_checks(self, request: dict[str, Any], model: str) -> bool:
        """What OpenAI refuses in a request; True when it answered with a refusal."""
        if model in self.owner.scenario.reasoning:
            if "max_tokens" in request:
                self._send(C.OPENAI_MAX_TOKENS)
                return True
            if "temperature" in request and request["temperature"] != 1:
                self._send(C.OPENAI_TEMPERATURE, value=str(request["temperature"]))
                return True
        cap = request.get("max_completion_tokens", request.get("max_tokens"))
        if isinstance(cap, int) and cap < 16:
            self._send(C.OPENAI_MIN_TOKENS, value=str(cap))
            return True
        return False

    # -------------------------------------------------------------- Cohere

    def _cohere(self, req: Req) -> None:
        method, path, query, headers, body = req
        scenario = self.owner.scenario
        if scenario.mode == "geo":
            return self._send(COHERE["geo"])
        if headers.get("authorization") != f"Bearer {self.owner.key}":
            return self._send(COHERE["bad_key"])
        if method == "GET" and path == "/v1/models":
            token = (query.get("page_token") or [None])[0]
            chunk, nxt = self._page(self._listed(), token)
            doc: dict[str, Any] = {"models": [{"name": m, "endpoints": ["chat"]} for m in chunk]}
            if nxt:
                doc["next_page_token"] = nxt
            return self._json(200, doc)
        if method == "POST" and path == "/v2/chat":
            model = str(json.loads(body or b"{}").get("model", ""))
            if scenario.mode in ("quota", "rate_limited"):
                return self._send(COHERE[scenario.mode])
            if self._behaviour(model) != OK:
                return self._send(COHERE["not_found"], model=model)
            return self._json(
                200,
                {
                    "id": "emulator",
                    "finish_reason": "MAX_TOKENS",
                    "message": {"role": "assistant", "content": [{"type": "text", "text": "pong"}]},
                    "usage": {"tokens": {"input_tokens": 1, "output_tokens": 16}},
                },
            )
        return self._send(COHERE["not_found"], model=path)

    # -------------------------------------------------------------- Bedrock

    def _bedrock_caller(self, headers: dict[str, str]) -> str | None:
        """The caller's key, from a Bedrock API key or a SigV4 signature of the right shape."""
        auth = headers.get("authorization", "")
        if auth.startswith("Bearer "):
            return auth.removeprefix("Bearer ")
        signed = SIGV4.match(auth)
        if signed and "x-amz-date" in headers:
            names = set(signed.group("signed").split(";"))
            self.owner.signatures.append(signed.groupdict())
            return signed.group("akid") if {"host", "x-amz-date"} <= names else "bad-signature"
        return None

    def _bedrock(self, req: Req) -> None:
        method, path, _query, headers, _body = req
        scenario = self.owner.scenario
        caller = self._bedrock_caller(headers)
        if caller is None:
            return self._send(BEDROCK["no_key"])
        if caller != self.owner.key:
            return self._send(BEDROCK["bad_key"])
        if method == "GET" and path.startswith("/foundation-model-availability/"):
            if scenario.mode == "availability_denied":  # a role that may invoke, not ask this
                return self._send(BEDROCK["availability_denied"])
            model = unquote(path.rsplit("/", 1)[1])
            behaviour = self._behaviour(model)
            # docs.aws.amazon.com/bedrock/latest/APIReference/API_GetFoundationModelAvailability.html
            return self._json(
                200,
                {
                    "modelId": model,
                    "agreementAvailability": {
                        "status": "PENDING" if behaviour == "agreement" else "AVAILABLE"
                    },
                    "authorizationStatus": "NOT_AUTHORIZED" if behaviour == GATED else "AUTHORIZED",
                    "entitlementAvailability": "AVAILABLE",
                    "regionAvailability": "NOT_AVAILABLE" if behaviour == "region" else "AVAILABLE",
                },
            )
        if method == "POST" and path.startswith("/model/") and path.endswith("/converse"):
            model = unquote(path.removeprefix("/model/").removesuffix("/converse"))
            if scenario.mode in ("geo", "rate_limited"):
                return self._send(BEDROCK[scenario.mode])
            behaviour = self._behaviour(model)
            if behaviour in BEDROCK:
                return self._send(BEDROCK[behaviour])
            # Converse response shape (docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html)
            return self._json(
                200,
                {
                    "output": {"message": {"role": "assistant", "content": [{"text": "pong"}]}},
                    "stopReason": "max_tokens",
                    "usage": {"inputTokens": 8, "outputTokens": 16, "totalTokens": 24},
                },
            )
        return self._send(BEDROCK["not_found"])

    # -------------------------------------------------------------- Vertex

    def _vertex(self, req: Req) -> None:
        method, path, _query, headers, body = req
        if method == "POST" and path == "/token":
            # The OAuth token endpoint a service-account file names (its token_uri).
            form = parse_qs(body.decode())
            assert form.get("grant_type") == [
                "urn:ietf:params:oauth:grant-type:jwt-bearer"
            ] and form.get("assertion")
            return self._json(
                200, {"access_token": self.owner.key, "expires_in": 3599, "token_type": "Bearer"}
            )
        if headers.get("authorization") != f"Bearer {self.owner.key}":
            return self._send(VERTEX["no_key"])
        if self.owner.dialect == "vertex-anthropic":
            return self._vertex_claude(req)
        found = VERTEX_PATH.match(urlsplit(self.path).path)
        if method != "POST" or not found:
            return self._send(VERTEX["not_found"], model=path)
        model = found.group("model")
        behaviour = (
            "rate_limited" if self.owner.scenario.mode == "rate_limited" else self._behaviour(model)
        )
        if behaviour in VERTEX:
            return self._send(VERTEX[behaviour], model=model)
        return self._json(
            200,
            {
                "candidates": [
                    {
                        "content": {"parts": [{"text": "pong"}], "role": "model"},
                        "finishReason": "MAX_TOKENS",
                    }
                ],
                "usageMetadata": {"promptTokenCount": 1, "candidatesTokenCount": 16},
            },
        )

    def _vertex_claude(self, req: Req) -> None:
        """Claude on Vertex: the Anthropic Messages body, the model in the URL, and
        anthropic_version in the body (docs.anthropic.com/en/api/claude-on-vertex-ai)."""
        found = VERTEX_CLAUDE_PATH.match(urlsplit(self.path).path)
        if req.method != "POST" or not found:
            return self._send(VERTEX_ANTHROPIC["not_found"], model=req.path)
        model = unquote(found.group("model"))
        request = json.loads(req.body or b"{}")
        if "anthropic_version" not in request:
            return self._send(VERTEX_ANTHROPIC["no_version"])
        mode = self.owner.scenario.mode
        behaviour = mode if mode in ("rate_limited", "quota") else self._behaviour(model)
        if behaviour in VERTEX_ANTHROPIC:
            return self._send(VERTEX_ANTHROPIC[behaviour], model=model)
        # rawPredict passes the Messages answer on (api7/aisix#443 decodes it with the shared
        # Anthropic response decoder).
        return self._json(200, _message(model, "msg_vrtx_emulator"))

    # -------------------------------------------------------------- Ollama

    def _ollama(self, req: Req) -> None:
        method, path, _query, _headers, body = req
        if method == "GET" and path == "/api/tags":
            # docs.ollama.com/api/tags.md; corpus c139
            return self._json(
                200,
                {
                    "models": [
                        {
                            "name": f"{m}:latest",
                            "model": f"{m}:latest",
                            "modified_at": "2025-10-03T23:34:03.409490317-07:00",
                            "size": 9608350245,
                            "digest": "c6eb396dbd59",
                            "details": {"format": "gguf"},
                        }
                        for m in self._listed()
                    ]
                },
            )
        if method == "POST" and path == "/api/chat":
            model = str(json.loads(body or b"{}").get("model", ""))
            if self._behaviour(model) != OK:
                return self._send(OLLAMA_NOT_PULLED, model=model)
            return self._json(
                200,
                {
                    "model": model,
                    "created_at": "2026-11-27T17:00:00Z",
                    "message": {"role": "assistant", "content": "pong"},
                    "done": True,
                    "done_reason": "length",
                },
            )
        return self._send(OLLAMA_NOT_PULLED, model=path)

    # -------------------------------------------------------------- Anthropic

    def _anthropic(self, req: Req) -> None:
        method, path, query, headers, body = req
        scenario = self.owner.scenario
        if "anthropic-version" not in headers:
            return self._send(C.ANTHROPIC_NO_VERSION)
        # x-api-key is the documented header (FACTS.md §2.2); anthropic-sdk-python 2.x sends
        # the key as a Bearer token instead (anthropic/_client.py, _api_key_auth).
        key = (
            headers.get("x-api-key")
            or headers.get("authorization", "").removeprefix("Bearer ")
            or None
        )
        if not key:
            return self._send(C.ANTHROPIC_NO_KEY)
        if key != self.owner.key:
            return self._send(C.ANTHROPIC_BAD_KEY)
        if scenario.mode == "geo":  # reported with a key sent; none shows it without one
            return self._send(C.ANTHROPIC_GEO)
        if method == "GET" and path == "/v1/models":
            after = (query.get("after_id") or [None])[0]
            chunk, more = self._page(self._listed(), after)
            data = [
                {"type": "model", "id": m, "display_name": m, "created_at": "2026-09-22T00:00:00Z"}
                | scenario.lifecycle.get(m, {})
                for m in chunk
            ]
            return self._json(
                200,
                {
                    "data": data,
                    "has_more": more is not None,
                    "first_id": chunk[0] if chunk else None,
                    "last_id": chunk[-1] if chunk else None,
                },
            )
        if method == "POST" and path == "/v1/messages":
            request = json.loads(body or b"{}")
            model = str(request.get("model", ""))
            if scenario.mode == "quota":
                return self._send(C.ANTHROPIC_CREDIT)
            if scenario.mode == "rate_limited":
                return self._send(C.ANTHROPIC_RATE_LIMIT)
            if scenario.mode == "overloaded":
                return self._send(C.ANTHROPIC_OVERLOADED)
            if self._behaviour(model) != OK:
                return self._send(C.ANTHROPIC_NOT_FOUND, model=model)
            return self._json(200, _message(model, "msg_emulator"))
        return self._send(C.ANTHROPIC_NOT_FOUND, model=path)

    # -------------------------------------------------------------- Gemini

    def _gemini(self, req: Req) -> None:
        method, path, query, headers, _body = req
        scenario = self.owner.scenario
        key = headers.get("x-goog-api-key") or (query.get("key") or [None])[0]
        if not key:
            return self._send(C.GEMINI_NO_KEY)
        if key != self.owner.key:
            return self._send(C.GEMINI_BAD_KEY)
        if scenario.mode == "geo":  # reported with a valid key; none shows it without one
            return self._send(C.GEMINI_GEO)
        if method == "GET" and path == "/models":
            token = (query.get("pageToken") or [None])[0]
            chunk, nxt = self._page(self._listed(), token)
            models = [
                {
                    "name": f"models/{m}",
                    "version": "001",
                    "displayName": m,
                    "supportedGenerationMethods": ["generateContent", "countTokens"],
                }
                for m in chunk
            ]
            doc: dict[str, Any] = {"models": models}
            if nxt:
                doc["nextPageToken"] = nxt
            return self._json(200, doc)
        if method == "POST" and path.startswith("/models/") and path.endswith(":generateContent"):
            model = path.removeprefix("/models/").removesuffix(":generateContent")
            if scenario.mode == "overloaded":
                return self._send(C.GEMINI_OVERLOADED)
            if scenario.mode == "rate_limited":
                return self._send(C.GEMINI_RATE_LIMIT, model=model)
            behaviour = self._behaviour(model)
            if behaviour == NO_FREE_TIER:
                return self._send(C.GEMINI_NO_FREE_TIER, model=model)
            if behaviour != OK:
                return self._send(C.GEMINI_NOT_FOUND, model=model)
            return self._json(
                200,
                {
                    "candidates": [
                        {
                            "content": {"parts": [{"text": "pong"}], "role": "model"},
                            "finishReason": "MAX_TOKENS",
                            "index": 0,
                        }
                    ],
                    "usageMetadata": {
                        "promptTokenCount": 1,
                        "candidatesTokenCount": 16,
                        "totalTokenCount": 17,
                    },
                    "modelVersion": model,
                },
            )
        return self._send(C.GEMINI_NOT_FOUND, model=path)
