"""Pure classification: an answer (or a transport failure) → a Verdict.

One ordered rule table (accesscheck.classify.rules); the first rule whose conditions all hold
decides. Rules are keyed by dialect and read the body (error code, type, status, message),
never the HTTP status alone: 403 is a geo-block at OpenAI and a credit problem at xAI; 400
is Gemini's geo-block. Adding a provider quirk is a few lines of data, not a new code path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from accesscheck.classify import read
from accesscheck.classify.read import Facts
from accesscheck.classify.rules import FALLBACK, RULES, Rule, dialect_of_family
from accesscheck.keys import scrub
from accesscheck.model import STATUS_OF, Reason, Stage, Status, Verdict
from accesscheck.observation import UNTRUSTED_DETAIL, Failure, FailureName, Layer, Rung

R = Reason


def matching_rule(facts: Facts, rung: Rung, *, family: str, dialect: str) -> Rule:
    return next((rule for rule in RULES if rule.matches(facts, family, dialect, rung)), FALLBACK)


def _said(facts: Facts) -> str:
    said = " ".join(scrub(facts.message).split())
    if not said or facts.envelope == "html":
        return f" (page title: {said[:80]})" if said else ""
    return f" — provider said: {said[:200]}"


# OpenRouter names the upstream provider in metadata.provider_name; its error body is
# classified with that provider's quirks (OpenRouterTeam/openrouter-examples#18).
_UPSTREAM = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "gemini",
    "google ai studio": "gemini",
    "google vertex": "vertex",
    "amazon bedrock": "bedrock",
    "azure": "azure-openai",
}


def _upstream(facts: Facts) -> tuple[Facts, str] | None:
    """The upstream error OpenRouter wraps in error.metadata.raw, and who sent it."""
    error = facts.data.get("error") if facts.data else None
    metadata = error.get("metadata") if isinstance(error, Mapping) else None
    raw = metadata.get("raw") if isinstance(metadata, Mapping) else None
    if not isinstance(raw, str) or not raw.strip():
        return None
    name = metadata.get("provider_name") if isinstance(metadata, Mapping) else None
    return read.read(raw, facts.http_status), name if isinstance(
        name, str
    ) else "the upstream provider"


def classify(facts: Facts, rung: Rung, *, family: str, dialect: str) -> Verdict:
    """The verdict for one answer. Pure and total: never raises."""
    if family == "openrouter" and (wrapped := _upstream(facts)):
        inner, name = wrapped
        upstream = _UPSTREAM.get(name.lower(), name.lower())
        verdict = classify(inner, rung, family=upstream, dialect=dialect_of_family(upstream))
        return replace(
            verdict,
            rule=f"openrouter-upstream:{verdict.rule}",
            detail=f"OpenRouter relayed an error from {scrub(name)[:40]}: {verdict.detail}",
        )
    rule = matching_rule(facts, rung, family=family, dialect=dialect)
    detail = rule.explain
    if rule.reason not in (R.OK, R.LISTED):
        detail += _said(facts)
    if rule.ambiguous:
        detail += " [ambiguous answer]"
    code = facts.code or facts.google_status or facts.type
    return Verdict(
        STATUS_OF[rule.reason],
        rule.reason,
        rule.name,
        detail,
        rule.remedy,
        scrub(code)[:80] if code else None,
        rule.ambiguous,
        rule.per_model,
    )


def with_registry(
    verdict: Verdict, *, listed: bool | None, stage: Stage, limited_to: str | None
) -> Verdict:
    """Decide "does not exist or you have no access" answers with what else the scan knows.

    The registry's lifecycle facts come first: a withdrawn or retired model that answers
    "not found" is gone for everyone; a limited model that answers "no access" is gated for
    the reason the registry gives. Then the list: a model the list shows exists, so a
    refusal is about this account. Otherwise the provider-specific reading stands.
    """
    refused = verdict.reason in (R.NOT_FOUND, R.NOT_ENTITLED, R.RETIRED)
    if stage is Stage.WITHDRAWN and refused:
        return replace(
            verdict,
            status=Status.UNAVAILABLE,
            reason=R.WITHDRAWN,
            ambiguous=False,
            detail=f"{verdict.detail}; the registry records it as withdrawn for everyone",
        )
    if stage is Stage.RETIRED and refused:
        return replace(
            verdict,
            status=Status.UNAVAILABLE,
            reason=R.RETIRED,
            ambiguous=False,
            detail=f"{verdict.detail}; the registry records it as retired",
        )
    if stage is Stage.LIMITED and (
        verdict.reason is R.NOT_ENTITLED or (refused and verdict.ambiguous)
    ):
        who = limited_to or "limited availability"
        return replace(
            verdict,
            status=Status.GATED,
            reason=R.NOT_ENTITLED,
            ambiguous=False,
            detail=f"{verdict.detail}; limited (registry): {who}",
        )
    if not verdict.ambiguous or verdict.reason not in (R.NOT_FOUND, R.NOT_ENTITLED):
        return verdict
    if listed:
        return replace(
            verdict,
            status=Status.GATED,
            reason=R.NOT_ENTITLED,
            ambiguous=False,
            detail=f"{verdict.detail}; the model is in this key's list",
        )
    if listed is False:
        return replace(
            verdict, detail=f"{verdict.detail}; the model is not in this key's list either"
        )
    return verdict


# ---- transport failures (no HTTP answer), decided by name, not by message text

_AFTER_CONNECT: dict[FailureName, tuple[Reason, str]] = {
    FailureName.DEADLINE_EXCEEDED: (R.TIMEOUT, "no complete answer before the deadline"),
    FailureName.READ_TIMEOUT: (R.TIMEOUT, "connected, but no answer in time"),
    FailureName.HTTP_REDIRECT: (
        R.UNEXPECTED_RESPONSE,
        "the API redirected elsewhere (a proxy, a portal or "
        "a wrong base_url); the key was not sent there",
    ),
    FailureName.HTTP_PROTOCOL_ERROR: (R.UNEXPECTED_RESPONSE, "the server broke the HTTP protocol"),
    FailureName.HTTP_UNEXPECTED_ENCODING: (
        R.UNEXPECTED_RESPONSE,
        "the answer used an encoding accesscheck does not decode",
    ),
    FailureName.READ_RESET: (
        R.UNEXPECTED_RESPONSE,
        "the connection broke while reading the answer",
    ),
    FailureName.TLS_UNTRUSTED_CA: (
        R.UNEXPECTED_RESPONSE,
        "the TLS certificate is not trusted (possible TLS interception); the key was not sent",
    ),
    FailureName.TLS_SELF_SIGNED: (
        R.UNEXPECTED_RESPONSE,
        "the server's certificate is self-signed (a test server, appliance or interception); "
        "the key was not sent",
    ),
    FailureName.TLS_HOSTNAME_MISMATCH: (
        R.UNEXPECTED_RESPONSE,
        "the TLS certificate is for another host (captive portal or interception); key not sent",
    ),
    FailureName.TLS_EXPIRED: (
        R.UNEXPECTED_RESPONSE,
        "the TLS certificate is expired or not yet valid (check this machine's clock)",
    ),
    FailureName.PROXY_AUTH_REQUIRED: (R.UNEXPECTED_RESPONSE, "the proxy requires authentication"),
    FailureName.PROXY_ERROR: (R.UNEXPECTED_RESPONSE, "the proxy refused the connection"),
    FailureName.PROXY_BLOCKED: (
        R.NETWORK_BLOCKED,
        "this network's proxy refuses to connect to the provider (a policy block)",
    ),
    FailureName.PROXY_UPSTREAM_ERROR: (
        R.UNEXPECTED_RESPONSE,
        "the proxy could not reach the provider (its own route, or the provider, is down)",
    ),
    FailureName.PROXY_UNREACHABLE: (R.UNEXPECTED_RESPONSE, "the proxy is unreachable"),
    FailureName.PROXY_PLAINTEXT: (
        R.UNEXPECTED_RESPONSE,
        "a key is never sent over plain http through a proxy; use https or NO_PROXY",
    ),
    FailureName.UNKNOWN_FAILURE: (R.UNEXPECTED_RESPONSE, "the request failed in an unexpected way"),
}


# Rules whose HTTP answer did not come from the provider at all: the answer is named as a
# failure too, so the report's `failure` field says so like for a transport failure.
_FOREIGN_ANSWERS = {
    "html-instead-of-json": (
        FailureName.HTTP_CAPTIVE_PORTAL,
        "an HTML page answered where the provider's JSON was expected",
    ),
}


def answer_failure(verdict: Verdict, observed: Failure | None) -> Failure | None:
    """The failure to report with a verdict: the transport's, or a foreign HTTP answer's."""
    if observed is not None or verdict.rule not in _FOREIGN_ANSWERS:
        return observed
    name, detail = _FOREIGN_ANSWERS[verdict.rule]
    return Failure(name, Layer.HTTP, detail)


def classify_failure(failure: Failure, *, others_answered: bool, loopback: bool) -> Verdict:
    """The verdict for a request that got no HTTP answer.

    A connection that fails to one provider while others answer is a block on this route
    (OONI's reading); when nothing answers anywhere, the local network is down; a local
    server (loopback) that does not answer is simply not running.
    """
    rule = f"failure:{failure.name.value}"
    detail_tail = f" [{failure.name.value} at {failure.layer.value}]"
    if failure.name in _AFTER_CONNECT:
        reason, text = _AFTER_CONNECT[failure.name]
        extra = f": {failure.detail}" if failure.name is FailureName.HTTP_REDIRECT else ""
        if failure.name is FailureName.TLS_UNTRUSTED_CA and failure.detail != UNTRUSTED_DETAIL:
            text = f"{failure.detail}; the key was not sent"  # issuer or strict check named
        return Verdict(STATUS_OF[reason], reason, rule, text + extra + detail_tail)
    if loopback:
        return Verdict(
            Status.UNKNOWN,
            R.PROVIDER_ERROR,
            rule,
            f"the local server is not answering ({failure.detail}){detail_tail}",
            "start the local server, or check base_url",
        )
    if not others_answered:
        return Verdict(
            Status.UNKNOWN,
            R.LOCAL_NETWORK_DOWN,
            rule,
            f"no provider answered at the network level ({failure.detail}){detail_tail}",
            "check this machine's network connection",
        )
    return Verdict(
        Status.RESTRICTED,
        R.NETWORK_BLOCKED,
        rule,
        f"unreachable from here while other providers answer ({failure.detail}){detail_tail}",
        "try another network, VPN exit or proxy",
    )
