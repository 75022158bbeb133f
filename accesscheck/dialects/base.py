"""What every dialect provides: how to build each probe request and read a model list.

Dialects are data and small pure functions; they never open a socket.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from accesscheck.keys import Secret

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


class Dialect(Protocol):
    """How to talk to one family of APIs."""

    name: str

    def headers(self, key: Secret | None) -> dict[str, str]:
        """Headers for every request; the auth header only when a key is given."""

    def list_request(self, page: str | None) -> Request:
        """The free list-models request (page None: the first page)."""

    def parse_list(self, data: Any) -> ModelList:
        """Read one page of the list answer (already JSON-decoded). Never raises."""

    def invoke_request(self, model: str) -> Request:
        """The smallest real generation request for a model."""


def ids_from(items: object, key: str, prefix: str = "") -> frozenset[str]:
    """Ids from a list of objects, skipping malformed entries (lists can hold garbage)."""
    if not isinstance(items, list):
        return frozenset()
    out = set()
    for item in items:
        if isinstance(item, dict) and isinstance(item.get(key), str):
            out.add(item[key].removeprefix(prefix))
    return frozenset(out)
