"""Every verdict that is not read from an answer by the rule table: what the climb concludes
when there is nothing (left) to read — no endpoint, no key, only a model list, a cut-short
scan, a bug — and what a provider's own account or availability check reports.

With decide.py (answers) this is the only place a `Verdict` is made (tests/test_layout.py
keeps it so): "why did this model get this status?" is answered in classify/. A verdict's
status always follows from its reason (model.STATUS_OF), so callers name a reason, never a
status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum

from accesscheck.model import STATUS_OF, Reason, Verdict


class Basis(StrEnum):
    """The `rule` a verdict names when no rule-table row decided it (stable: reports carry it)."""

    NO_ENDPOINT = "registry"
    NOT_JSON = "list-not-json"
    NO_KEY = "no-key"
    NO_LIST = "no-list"
    NO_FREE_CHECK = "no-free-check"
    LIST_LIFECYCLE = "list-lifecycle"
    LISTED = "listed"
    NOT_SERVED = "not-served"
    NOT_LISTED = "not-listed"
    INTERNAL_ERROR = "internal-error"
    SCAN_DEADLINE = "scan_deadline"
    INTERRUPTED = "interrupted"
    # `explain --status 0` says no HTTP answer came: a success read from the text cannot stand
    NO_ANSWER_STATED = "no-answer-stated"


# What a model list alone says: not proof of access, so --deep still asks the model itself.
FROM_LIST = frozenset({Basis.LISTED, Basis.NOT_LISTED, Basis.NOT_SERVED, Basis.NO_FREE_CHECK})


def verdict(
    reason: Reason,
    rule: str,
    detail: str,
    remedy: str = "",
    *,
    ambiguous: bool = False,
    error_code: str | None = None,
) -> Verdict:
    """A verdict whose status follows from its reason. Also what a provider module builds from
    its own account or availability check (OpenRouter's key limit, DeepSeek's balance,
    Bedrock's availability): the module names the reason, with its source."""
    return Verdict(
        STATUS_OF[reason], reason, rule, detail, remedy, error_code=error_code, ambiguous=ambiguous
    )


NOT_JSON = verdict(
    Reason.UNEXPECTED_RESPONSE, Basis.NOT_JSON, "the model list answered 2xx but was not JSON"
)
LISTED = verdict(
    Reason.LISTED,
    Basis.LISTED,
    "the model is in this key's model list (not proof it can be called)",
    "run with --deep to make one minimal call",
)
LIST_RETIRED = verdict(
    Reason.RETIRED, Basis.LIST_LIFECYCLE, "the model list marks this model as retired"
)
SCAN_DEADLINE = verdict(
    Reason.TIMEOUT,
    Basis.SCAN_DEADLINE,
    "the scan's total deadline passed before this model was decided",
    "raise --scan-timeout, or find which provider is slow with --debug",
)
INTERRUPTED = verdict(
    Reason.INTERRUPTED,
    Basis.INTERRUPTED,
    "the scan was interrupted before this model was decided",
)


def no_endpoint(missing_vars: Sequence[str] | None = None) -> Verdict:
    """No URL to probe: none in the registry, or the variables it is built from are unset."""
    if not missing_vars:
        return verdict(Reason.NO_ENDPOINT, Basis.NO_ENDPOINT, "no public endpoint known (registry)")
    names = " and ".join(missing_vars)
    return verdict(
        Reason.NO_ENDPOINT,
        Basis.NO_ENDPOINT,
        f"no endpoint: set {names} (this provider's endpoint is built from them)",
        f"export {names}",
    )


def no_key(env: str, problem: str | None = None, *, answered_keyless: bool = True) -> Verdict:
    """The key is missing (or refused before sending: `problem`)."""
    if problem:
        detail = f"{problem}; not sent"
    elif answered_keyless:
        detail = (
            f"no key: set {env} (the API answered without one: this region is not refused "
            "at the edge)"
        )
    else:
        detail = f"no key: set {env}"
    return verdict(
        Reason.NO_CREDENTIALS, Basis.NO_KEY, detail, "export the key variable, then scan again"
    )


def no_list(provider_name: str) -> Verdict:
    return verdict(
        Reason.DEEP_REQUIRED, Basis.NO_LIST, f"{provider_name} has no model list to compare with"
    )


def no_free_check(provider_name: str) -> Verdict:
    return verdict(
        Reason.DEEP_REQUIRED,
        Basis.NO_FREE_CHECK,
        f"{provider_name} has no free model list to check against: "
        "run with --deep to make one minimal call per model",
    )


def listed(host_note: str) -> Verdict:
    return replace(LISTED, detail=LISTED.detail + host_note)


def not_served(provider_name: str) -> Verdict:
    """A server without keys lists everything it serves (e.g. Ollama's pulled models)."""
    return verdict(
        Reason.NOT_FOUND,
        Basis.NOT_SERVED,
        f"not served by {provider_name} (not pulled or not loaded there)",
        "pull or load the model on the server",
    )


def not_listed(*, deep: bool) -> Verdict:
    hint = "" if deep else "; run with --deep to ask the model itself"
    return verdict(
        Reason.NOT_ENTITLED,
        Basis.NOT_LISTED,
        f"not in this key's model list{hint}",
        "ask the provider for access, or check the model id",
        ambiguous=True,
    )


def internal_error(what: str) -> Verdict:
    """A climb that raised: that provider's `unknown`, never the end of the scan."""
    return verdict(
        Reason.UNEXPECTED_RESPONSE,
        Basis.INTERNAL_ERROR,
        f"accesscheck failed while reading this provider's answers ({what}): a bug",
        "run with --debug for the traceback and report it",
    )
