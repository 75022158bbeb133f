"""The library API, for programs that choose their models at start-up (an agent framework, a
gateway): `accesscheck.scan(...)` runs the same scan as the CLI and returns its Report;
`accesscheck.explain(error)` reads an error a program already holds — pasted text, an exception
from the official SDKs (openai, anthropic, google-genai, botocore) or an `httpx.Response` — and
returns the Verdict the scan would give it.

A contract like the JSON schema: these signatures and the fields of Report and Verdict only
change by extending. Failures are data here too: `scan` raises only for a registry or an option
that cannot be used (`accesscheck.errors.ConfigError`), `explain` never raises.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from accesscheck.classify.explain import explain_text, reading, speaker
from accesscheck.classify.rules import FAMILIES, dialect_of_family
from accesscheck.errors import ConfigError
from accesscheck.model import Report, Verdict
from accesscheck.registry import Registry, load

# The SDK an exception comes from names the provider that raised it.
_SDK_FAMILY = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "gemini",
    "botocore": "bedrock",
    "boto3": "bedrock",
}


def scan(
    registry: str | os.PathLike[str] | None = None,
    *,
    require: Iterable[str] = (),
    deep: bool = False,
    timeout: float = 10.0,
    scan_timeout: float = 120.0,
    concurrency: int = 4,
    environ: Mapping[str, str] | None = None,
) -> Report:
    """Scan a registry (a path, or None for `$ACCESSCHECK_REGISTRY` or the bundled one) from
    here, as `accesscheck scan` does, and return the Report (`report.results`: one Result per
    model; `report.exit_code`: the CLI's exit code). Keys come from `environ` (default: the
    process environment). Nothing is printed, written or recorded. Runs its own event loop:
    from async code, call it in a thread (`await asyncio.to_thread(accesscheck.scan)`)."""
    from accesscheck.scanner import ScanOptions, run_scan

    if not 1 <= concurrency <= 64:
        raise ConfigError("concurrency: a whole number from 1 to 64")
    if timeout <= 0 or scan_timeout <= 0:
        raise ConfigError("timeout and scan_timeout: seconds, more than 0")
    loaded = load(Path(registry) if registry is not None else None)
    options = ScanOptions(
        deep=deep,
        timeout=timeout,
        concurrency=concurrency,
        require=tuple(require),
        environ=dict(os.environ if environ is None else environ),
        scan_timeout=scan_timeout,
    )
    return run_scan(loaded, options)


def explain(error: object, provider: str | None = None) -> Verdict:
    """The verdict for an error a program caught or a user pasted: a string, an SDK exception
    (openai/anthropic APIStatusError or APIConnectionError, google.genai APIError, botocore
    ClientError, …) or an httpx.Response. `provider` (a registry id or a provider family such as
    `openai`, `bedrock`) picks the provider's own rules; without it (or with a name accesscheck
    does not know) the provider is taken from the SDK or the response's host, else from the
    text (a wrapper's name for the provider, an API host), else the text is read with the
    generic rules of the OpenAI-compatible APIs most hosts speak. Never raises."""
    text, status, hint, endpoint = _unwrap(error)
    family = hint or "openai"
    try:
        registry = load(None) if provider is not None or hint is None else None
        if provider is not None and registry is not None:
            family, dialect = speaker(provider, registry)
        else:
            host = _family_of_host(_host_of(error), registry) if registry is not None else None
            family = host or family
            dialect = dialect_of_family(family)
            if hint is None and host is None and registry is not None:
                # issue #15: the provider the text names (a wrapper's name for it, a host)
                read_as = reading(None, text, registry)
                family, dialect = read_as.family, read_as.dialect
    except ConfigError:  # an unknown provider name: the text's provider, else the generic rules
        read_as = reading(provider, text, load(None))
        family, dialect = read_as.family, read_as.dialect
    return explain_text(
        text, family=family, dialect=dialect, status=status, endpoint=endpoint
    ).verdict


def _unwrap(error: object) -> tuple[str, int | None, str | None, str]:
    """(text, HTTP status, provider family hint, endpoint) from whatever the caller holds."""
    if isinstance(error, str):
        return error, None, None, "generate"
    response = error if _is_response(error) else getattr(error, "response", None)
    hint = _SDK_FAMILY.get(type(error).__module__.split(".")[0])
    endpoint = "list" if "/models" in _path_of(response) else "generate"
    if isinstance(error, BaseException):
        status = _int(getattr(error, "status_code", None) or getattr(error, "code", None))
        body = _response_text(response)
        if body is None:
            body = _sdk_body(error)
        if isinstance(response, Mapping):  # botocore's ClientError.response is a dict
            meta = response.get("ResponseMetadata") or {}
            status = status or _int(meta.get("HTTPStatusCode"))
        return body, status, hint, endpoint
    if _is_response(error):
        body = _response_text(error) or ""
        return body, _int(getattr(error, "status_code", None)), None, endpoint
    return str(error), None, hint, endpoint


def _is_response(value: object) -> bool:
    return hasattr(value, "status_code") and hasattr(value, "headers") and hasattr(value, "text")


def _response_text(response: object) -> str | None:
    if not _is_response(response):
        return None
    try:
        text = response.text  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a streamed response not read yet has no text
        return None
    return text if isinstance(text, str) else None


def _sdk_body(error: BaseException) -> str:
    """The error as the SDK rendered it: its parsed body when it kept one, else its line."""
    for name in ("response_json", "body"):
        value = getattr(error, name, None)
        if isinstance(value, Mapping | list):
            return json.dumps(value)
    return f"{type(error).__module__}.{type(error).__name__}: {error}"


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _path_of(response: object) -> str:
    url = getattr(getattr(response, "request", None), "url", None)
    return str(getattr(url, "path", "")) if url is not None else ""


def _host_of(error: object) -> str:
    response = error if _is_response(error) else getattr(error, "response", None)
    url = getattr(getattr(response, "request", None), "url", None)
    return urlsplit(str(url)).hostname or "" if url is not None else ""


def _family_of_host(host: str, registry: Registry) -> str | None:
    """The family of the registry provider whose base URL is on this host."""
    if not host:
        return None
    for provider in registry.providers:
        if provider.base_url and urlsplit(provider.base_url).hostname == host:
            return provider.quirks if provider.quirks in FAMILIES else None
    return None
