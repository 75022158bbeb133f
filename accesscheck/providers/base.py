"""What every dialect provides: how to build each probe request and read a model list.

Dialects are data and small pure functions; they never open a socket.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from accesscheck.classify.verdicts import verdict
from accesscheck.keys import Secret
from accesscheck.model import Api, AuthKind, Reason, Verdict

if TYPE_CHECKING:  # the registry imports the dialects' names; only annotations go back
    from accesscheck.registry import Model, Provider

# A one-word prompt: the smallest real generation request.
PROMPT = "ping"
# 16 output tokens: OpenAI rejects caps below 16 ("integer below minimum value. Expected a
# value >= 16", earendil-works/pi#6265, braintrustdata/lingua#186), and thinking models spend
# tokens before they answer; a 200 that stops at the cap still proves access.
MAX_OUTPUT_TOKENS = 16
MAX_LIST_PAGES = 20


@dataclass(frozen=True)
class Request:
    """One HTTP request of the ladder, relative to the provider's base URL."""

    method: str
    path: str  # appended to base_url; may carry a query of non-secret parameters
    body: Mapping[str, Any] | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def content(self) -> bytes | None:
        return None if self.body is None else json.dumps(self.body).encode()


@dataclass(frozen=True)
class ModelList:
    """What a list endpoint said: the ids it holds and how to get the next page."""

    ids: frozenset[str]
    next_page: str | None = None
    retired: frozenset[str] = frozenset()  # ids the list itself marks as retired
    # Lifecycle facts the list reports per id (shutdown_date, deprecation, retires_at, …).
    lifecycle: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @staticmethod
    def merge(pages: list[ModelList]) -> ModelList:
        lifecycle: dict[str, Mapping[str, str]] = {}
        for page in pages:
            lifecycle.update(page.lifecycle)
        return ModelList(
            frozenset().union(*(p.ids for p in pages)),
            None,
            frozenset().union(*(p.retired for p in pages)),
            lifecycle,
        )


class Dialect(Protocol):
    """How to talk to one family of APIs."""

    name: Api
    auth: AuthKind

    def headers(self, key: Secret | None) -> dict[str, str]:
        """Headers for every request; the auth header only when a key is given."""

    def list_request(self, page: str | None) -> Request:
        """The free list-models request (page None: the first page)."""

    def parse_list(self, data: Any) -> ModelList:
        """Read one page of the list answer (already JSON-decoded). Never raises."""

    def invoke_request(self, model: str, family: str) -> Request:
        """The smallest real generation request for a model (family: whose quirks apply)."""

    def model_check(self, model: str) -> Request | None:
        """A free per-model access check, where the API has one (Bedrock's availability)."""

    def read_model_check(self, data: Any) -> Verdict | None:
        """The verdict a per-model check's answer gives, or None when it decides nothing."""

    def litellm(self, provider: Provider, model: Model, key_env: str | None) -> dict[str, Any]:
        """The model's `litellm_params` in a LiteLLM proxy config (`accesscheck export`): keys
        only as `os.environ/NAME` references."""


def litellm_key(name: str | None) -> dict[str, str]:
    """LiteLLM reads the key from the environment variable we found it in, never a value."""
    return {"api_key": f"os.environ/{name}"} if name else {}


def litellm_compatible(
    prefix: str, provider: Provider, model: Model, key_env: str | None
) -> dict[str, Any]:
    """An OpenAI- or Anthropic-compatible API: LiteLLM's provider prefix plus api_base."""
    return {
        "model": f"{prefix}/{model.id}",
        **({"api_base": provider.base_url} if provider.base_url else {}),
        **litellm_key(key_env),
    }


def litellm_native(prefix: str, model: Model, key_env: str | None) -> dict[str, Any]:
    """A provider LiteLLM knows by name: its own endpoint, our key variable."""
    return {"model": f"{prefix}/{model.id}", **litellm_key(key_env)}


class BearerKey:
    """For dialects that take the key (or token) as `Authorization: Bearer`: OpenAI and
    compatibles, Cohere, Vertex, Bedrock API keys, Ollama's cloud."""

    def headers(self, key: Secret | None) -> dict[str, str]:
        return bearer(key)


class NoModelCheck:
    """For dialects whose APIs have no free per-model access check."""

    def model_check(self, model: str) -> Request | None:
        return None

    def read_model_check(self, data: Any) -> Verdict | None:
        return None


def lifecycle_from(items: object, key: str, fields: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The lifecycle fields a list reports for each id, as text (malformed entries skipped)."""
    out: dict[str, dict[str, str]] = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get(key), str):
            continue
        facts = {
            name: str(item[name]) for name in fields if item.get(name) not in (None, "", False)
        }
        if facts:
            out[item[key]] = facts
    return out


def bearer(key: Secret | None) -> dict[str, str]:
    """The Authorization header most APIs take (OpenAI and compatibles, Cohere, Vertex,
    Bedrock API keys, Ollama's cloud); no key, no header."""
    return {"authorization": f"Bearer {key.reveal()}"} if key else {}


def ids_from(items: object, key: str, prefix: str = "") -> frozenset[str]:
    """Ids from a list of objects, skipping malformed entries (lists can hold garbage)."""
    if not isinstance(items, list):
        return frozenset()
    out = set()
    for item in items:
        if isinstance(item, dict) and isinstance(item.get(key), str):
            out.add(item[key].removeprefix(prefix))
    return frozenset(out)


Interpret = Callable[[Any], Verdict | None]


def _openrouter_key(data: Any) -> Verdict | None:
    """GET /key: `limit_remaining` 0 or less means the key's credit limit is used up
    (openrouter.ai/docs/api/api-reference/api-keys/get-current-key.md; corpus c151)."""
    info = data.get("data") if isinstance(data, dict) else None
    if not isinstance(info, dict):
        return None
    remaining = info.get("limit_remaining")
    if isinstance(remaining, int | float) and not isinstance(remaining, bool) and remaining <= 0:
        return verdict(
            Reason.QUOTA_EXHAUSTED,
            "openrouter-key-limit",
            "OpenRouter reports this key's credit limit is used up (GET /key: limit_remaining 0)",
            "raise the key's limit or buy credits at openrouter.ai/settings/credits",
        )
    return None


def _deepseek_balance(data: Any) -> Verdict | None:
    """GET /user/balance: `is_available` false means no balance is available for API calls
    (api-docs.deepseek.com/zh-cn/api/get-user-balance.md)."""
    if isinstance(data, dict) and data.get("is_available") is False:
        return verdict(
            Reason.QUOTA_EXHAUSTED,
            "deepseek-balance",
            "DeepSeek reports no balance available for API calls (GET /user/balance)",
            "top up at platform.deepseek.com",
        )
    return None


# Free checks that answer "can this key pay?" before any paid call, by provider family.
ACCOUNT_CHECKS: dict[str, tuple[Request, Interpret]] = {
    "openrouter": (Request("GET", "/key"), _openrouter_key),
    "deepseek": (Request("GET", "/user/balance"), _deepseek_balance),
}


def account_check(family: str) -> tuple[Request, Interpret] | None:
    return ACCOUNT_CHECKS.get(family)
