"""`accesscheck explain`: classify a response pasted from a log, with the scan's classifier."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace

from accesscheck.classify import depth, read
from accesscheck.classify.decide import classify, matching_rule
from accesscheck.classify.rules import FAMILIES, Rule, dialect_of_family
from accesscheck.classify.status import body_status, status_from_text
from accesscheck.classify.verdicts import Basis
from accesscheck.classify.verdicts import verdict as make_verdict
from accesscheck.errors import ConfigError
from accesscheck.keys import scrub
from accesscheck.model import Reason, Status, Verdict
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


@dataclass(frozen=True)
class Reading:
    """Which provider's rules read a paste, and why (the answer says so)."""

    family: str
    dialect: str
    why: str


GENERIC = "openai"  # most hosts speak OpenAI's dialect: its generic rules read an unknown one


def reading(provider: str | None, text: str, registry: Registry) -> Reading:
    """The provider family to read `text` as. `--provider` is a hint: a provider accesscheck
    knows (a registry id or a rules family) is used as given; otherwise the provider the text
    names (a wrapper's name for it, an API host, an SDK class) is; otherwise the generic
    OpenAI-compatible rules read it. Never an error: an unknown name is only a weaker hint."""
    known = {p.id: (p.quirks, p.api) for p in registry.providers}
    named = [f for f in depth.hints_in(text) if f in FAMILIES or f in known]
    if provider is not None and (provider in known or provider in FAMILIES):
        family, dialect = known.get(provider) or (provider, dialect_of_family(provider))
        why = f"read as {provider} (--provider)"
        if named and family not in named and provider not in named:
            why += f"; the text names {named[0]}: pass -p {named[0]} if it answered"
        return Reading(family, dialect, why)
    unknown = ""
    if provider is not None:
        hint = difflib.get_close_matches(provider, sorted(set(known) | FAMILIES), n=1)
        unknown = f"--provider {provider!r} is not a provider accesscheck knows" + (
            f" (did you mean {hint[0]!r}?)" if hint else ""
        )
    if named:
        family, dialect = known.get(named[0]) or (named[0], dialect_of_family(named[0]))
        why = f"read as {named[0]}: the text names it"
        return Reading(family, dialect, f"{why} ({unknown})" if unknown else why)
    why = "read with the generic OpenAI-compatible rules (the family most hosts speak)"
    return Reading(
        GENERIC, dialect_of_family(GENERIC), f"{why}: {unknown or 'the text names no provider'}"
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
    evidence: str = ""  # what in the text decided: the code, type or words, the status
    other: str = ""  # for an ambiguous answer: the other reading and what would settle it
    read_as: str = ""  # which provider's rules read it, and why
    language: str = "en"


def _evidence(facts: read.Facts, rule: Rule) -> str:
    """The facts the deciding rule matched, quoted (scrubbed, short)."""
    parts: list[str] = []
    for label, wanted, found in (
        ("code", rule.codes, facts.all_codes),
        ("type", rule.types, facts.all_types),
        ("reason", rule.reasons, frozenset(facts.reasons)),
    ):
        hit = sorted(wanted & found)
        if hit:
            parts.append(f"{label} {hit[0]!r}")
    if rule.google and facts.google_status:
        parts.append(f"status {facts.google_status!r}")
    if rule.message is not None:
        text = facts.text
        match = rule.message.search(text)
        if match:
            start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
            snippet = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            parts.append(f"words {snippet!r}")
    if rule.http and facts.http_status:
        parts.append(f"HTTP {facts.http_status}")
    if rule.envelope and facts.envelope != "json":
        parts.append(f"a{'n' if facts.envelope[0] in 'aeiou' else ''} {facts.envelope} body")
    return scrub("; ".join(parts))[:400]


def explain_text(
    text: str,
    *,
    family: str,
    dialect: str,
    status: int | None,
    endpoint: str,
    read_as: str = "",
) -> Explanation:
    """Status from --status, else from the text (`Error code: 404 - …`); 0 means no answer."""
    if status is None:
        status = status_from_text(text)
        # A success is read from the answer's own shape, never from a number in a paste: an
        # error line quotes "200" as often as a success does (review of 8160956, #15).
        # Nor is a 1xx, which is never an answer's status: "(os error 111)" is Rust's errno for
        # a refused connection (round 5).
        if status is not None and status < 300:
            status = None
    http = status or None  # a pasted transport failure has no status: rules see 0
    facts = read.read(text, http)
    if http is None and (inner := body_status(facts.statuses)):
        http = inner
        facts = replace(facts, http_status=inner)
    rung = ENDPOINT_RUNG[endpoint]
    verdict = classify(facts, rung, family=family, dialect=dialect)
    if status == 0 and verdict.status is Status.REACHABLE:
        # The caller says no answer came (--status 0): the text's success shape is not this call's
        # answer, whatever it looks like (review of round 10).
        verdict = make_verdict(
            Reason.UNEXPECTED_RESPONSE,
            Basis.NO_ANSWER_STATED,
            "the status given says no HTTP answer came, yet the text reads as a success: "
            "no verdict can be read from both",
            "paste the answer with its real status, or run `accesscheck scan`",
        )
    rule = matching_rule(facts, rung, family=family, dialect=dialect)
    decided_here = verdict.rule == rule.name  # not an OpenRouter upstream's rule
    other = ""
    if verdict.ambiguous:
        other = (rule.other if decided_here else "") or (
            "the provider words an access refusal and an unknown id alike: a scan, which also "
            "reads the key's model list, settles it"
        )
    return Explanation(
        verdict,
        http,
        _evidence(facts, rule) if decided_here else "",
        other,
        read_as,
        facts.language,
    )
