"""google-auth's transport interface over httpx, for minting Vertex tokens under the same
rules as every probe."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from accesscheck.probe.network import Network
from accesscheck.probe.transport import MAX_BODY_BYTES
from accesscheck.urls import check_url


class GoogleAuthTransport:
    """google-auth's transport interface over httpx, so that minting an OAuth token obeys the
    same rules as every probe: verified TLS, no redirects, a timeout, a capped body."""

    def __init__(self, timeout: float, network: Network | None = None) -> None:
        self._client = (network or Network()).client(timeout)

    def __call__(
        self,
        url: str,
        method: str = "GET",
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
        **_kwargs: Any,
    ) -> Any:
        from google.auth import exceptions, transport  # the optional gcp extra

        problem = check_url(url)
        if problem:
            raise exceptions.TransportError(f"token endpoint refused: {problem}")  # type: ignore[no-untyped-call]
        try:
            answer = self._client.request(method, url, content=body, headers=dict(headers or {}))
        except httpx.HTTPError as exc:
            raise exceptions.TransportError(type(exc).__name__) from None  # type: ignore[no-untyped-call]

        return _GoogleAnswer(transport.Response, answer)

    def close(self) -> None:
        self._client.close()


def _GoogleAnswer(base: type, answer: httpx.Response) -> Any:
    """A google.auth.transport.Response carrying httpx's answer (capped)."""

    class Answer(base):  # type: ignore[misc]
        @property
        def status(self) -> int:
            return answer.status_code

        @property
        def headers(self) -> dict[str, str]:
            return dict(answer.headers)

        @property
        def data(self) -> bytes:
            return answer.content[:MAX_BODY_BYTES]

    return Answer()
