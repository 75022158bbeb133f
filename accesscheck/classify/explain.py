"""`accesscheck explain`: classify a response pasted from a log, with the scan's classifier."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from accesscheck.choices import TextFormat
from accesscheck.classify import read
from accesscheck.classify.decide import classify
from accesscheck.classify.rules import FAMILIES, dialect_of_family
from accesscheck.errors import ConfigError
from accesscheck.keys import scrub
from accesscheck.model import Verdict
from accesscheck.observation import Rung
from accesscheck.registry import Registry

MAX_INPUT = 1024 * 1024

ENDPOINT_RUNG = {"list": Rung.LIST, "get": Rung.LIST, "generate": Rung.INVOKE}


def speaker(provider_id: str, registry: Registry) -> tuple[str, str]:
    """(family, dialect) for --provider: a registry provider, or a provider family rules know."""
    for provider in registry.providers:
        if provider.id == provider_id:
            return provider.quirks, provider.api
    if provider_id in FAMILIES:
        return provider_id, dialect_of_family(provider_id)
    known = sorted({p.id for p in registry.providers} | FAMILIES)
    hint = difflib.get_close_matches(provider_id, known, n=1)
    raise ConfigError(
        f"--provider {provider_id!r}: not in the registry nor a known provider"
        + (f" (did you mean {hint[0]!r}?)" if hint else "")
    )


def pasted_text(raw: bytes, where: str) -> str:
    """The text to explain from what was given (`where` names it in errors): capped, decoded
    whatever its bytes, and never nothing."""
    if len(raw) > MAX_INPUT:
        raise ConfigError(f"{where}: larger than {MAX_INPUT // 1024} KiB")
    text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        raise ConfigError(
            f"{where}: empty: nothing to explain (pass the error as an argument, "
            "with --body-file, or on stdin)"
        )
    return text


@dataclass(frozen=True)
class Explanation:
    verdict: Verdict
    http_status: int | None


def explain_text(
    text: str, *, family: str, dialect: str, status: int | None, endpoint: str
) -> Explanation:
    """Status from --status, else from the text (`Error code: 404 - …`); 0 means no answer."""
    if status is None:
        status = read.status_from_text(text)
    http = status or None  # a pasted transport failure has no status: rules see 0
    facts = read.read(text, http)
    return Explanation(
        classify(facts, ENDPOINT_RUNG[endpoint], family=family, dialect=dialect), http
    )


def render_text(result: Explanation) -> str:
    verdict = result.verdict
    lines = [f"{verdict.status.value}/{verdict.reason.value}", verdict.detail]
    if verdict.remedy:
        lines.append(f"next step: {verdict.remedy}")
    return scrub("\n".join(lines)) + "\n"


def render_json(result: Explanation) -> str:
    verdict = result.verdict
    doc = {
        "status": verdict.status.value,
        "reason": verdict.reason.value,
        "detail": verdict.detail,
        "remedy": verdict.remedy,
        "http_status": result.http_status,
        "error_code": verdict.error_code,
        "rule": verdict.rule,
    }
    return scrub(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


RENDERERS: Mapping[TextFormat, Callable[[Explanation], str]] = {
    TextFormat.TABLE: render_text,
    TextFormat.JSON: render_json,
}
