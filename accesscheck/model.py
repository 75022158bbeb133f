"""The shared vocabulary of every stage: closed sets as enums, data as frozen dataclasses.

Nothing here does I/O. The string values of the enums are part of the JSON report
contract (schema v1): they may be extended, never renamed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from accesscheck.observation import Failure, Rung, Timings


class Status(StrEnum):
    """The verdict on one model, seen from here."""

    REACHABLE = "reachable"
    RESTRICTED = "restricted"
    GATED = "gated"
    UNAVAILABLE = "unavailable"
    UNKNOWN = "unknown"


class Reason(StrEnum):
    """Why a model has its status. Each reason belongs to exactly one status."""

    OK = "ok"
    LISTED = "listed"
    RATE_LIMITED = "rate_limited"
    GEO_BLOCKED = "geo_blocked"
    NETWORK_BLOCKED = "network_blocked"
    LEGAL_BLOCK = "legal_block"
    NOT_ENTITLED = "not_entitled"
    VERIFICATION_REQUIRED = "verification_required"
    QUOTA_EXHAUSTED = "quota_exhausted"
    NOT_FOUND = "not_found"
    RETIRED = "retired"
    WITHDRAWN = "withdrawn"
    NO_CREDENTIALS = "no_credentials"
    AUTH_INVALID = "auth_invalid"
    PROVIDER_ERROR = "provider_error"
    TIMEOUT = "timeout"
    UNEXPECTED_RESPONSE = "unexpected_response"
    LOCAL_NETWORK_DOWN = "local_network_down"
    NO_ENDPOINT = "no_endpoint"
    DEEP_REQUIRED = "deep_required"
    INTERRUPTED = "interrupted"  # SIGINT/SIGTERM arrived before the model was decided
    # issue #15: refusals that are neither a location nor a missing grant (added, contract v1)
    POLICY_DENIED = "policy_denied"  # an IAM or organisation policy explicitly denies the call
    ACCOUNT_DISABLED = "account_disabled"  # the provider disabled or deactivated the account
    DEDICATED_ONLY = "dedicated_only"  # served only on a dedicated endpoint, not on demand


STATUS_OF: Mapping[Reason, Status] = {
    Reason.OK: Status.REACHABLE,
    Reason.LISTED: Status.REACHABLE,
    Reason.RATE_LIMITED: Status.REACHABLE,
    Reason.GEO_BLOCKED: Status.RESTRICTED,
    Reason.NETWORK_BLOCKED: Status.RESTRICTED,
    Reason.LEGAL_BLOCK: Status.RESTRICTED,
    Reason.NOT_ENTITLED: Status.GATED,
    Reason.VERIFICATION_REQUIRED: Status.GATED,
    Reason.QUOTA_EXHAUSTED: Status.GATED,
    Reason.NOT_FOUND: Status.UNAVAILABLE,
    Reason.RETIRED: Status.UNAVAILABLE,
    Reason.WITHDRAWN: Status.UNAVAILABLE,
    Reason.NO_CREDENTIALS: Status.UNKNOWN,
    Reason.AUTH_INVALID: Status.UNKNOWN,
    Reason.PROVIDER_ERROR: Status.UNKNOWN,
    Reason.TIMEOUT: Status.UNKNOWN,
    Reason.UNEXPECTED_RESPONSE: Status.UNKNOWN,
    Reason.LOCAL_NETWORK_DOWN: Status.UNKNOWN,
    Reason.NO_ENDPOINT: Status.UNKNOWN,
    Reason.DEEP_REQUIRED: Status.UNKNOWN,
    Reason.INTERRUPTED: Status.UNKNOWN,
    Reason.POLICY_DENIED: Status.RESTRICTED,
    Reason.ACCOUNT_DISABLED: Status.UNKNOWN,
    Reason.DEDICATED_ONLY: Status.GATED,
}


class Stage(StrEnum):
    """Where a model is in its life, as its provider announced it (registry field `stage`)."""

    GA = "ga"
    PREVIEW = "preview"
    LIMITED = "limited"  # only for some customers (vetted partners, invitation): see limited_to
    RETIRED = "retired"
    WITHDRAWN = "withdrawn"  # switched off for everyone before its planned end (e.g. by an order)


class Tier(StrEnum):
    """How a provider positions a model in its line-up (registry field `tier`)."""

    FRONTIER = "frontier"  # the provider's most capable ("flagship", "most capable")
    BALANCED = "balanced"  # the middle of the line-up ("balanced", "mid-tier")
    FAST = "fast"  # the quick, cheap end ("fast", "cost-efficient")


class Capability(StrEnum):
    """What a model can do, as its provider or a catalog of provider docs states it."""

    REASONING = "reasoning"
    CODING = "coding"
    VISION = "vision"
    LONG_CONTEXT = "long-context"  # a context window of at least 500K tokens
    TOOLS = "tools"
    EMBEDDINGS = "embeddings"


class Api(StrEnum):
    """The wire dialect a provider speaks (registry field `api`): one module in providers/ each."""

    OPENAI = "openai"  # OpenAI and every OpenAI-compatible host
    # OpenAI's format, the Responses API for the call: hosts serving a model on no other route
    OPENAI_RESPONSES = "openai-responses"
    ANTHROPIC = "anthropic"
    GEMINI = "gemini"
    COHERE = "cohere"
    OLLAMA = "ollama"
    AZURE = "azure"  # Azure OpenAI / Foundry's v1 surface: OpenAI's format, an api-key header
    BEDROCK = "bedrock"
    VERTEX = "vertex"
    VERTEX_ANTHROPIC = "vertex-anthropic"  # Claude on Vertex: Anthropic's body, Vertex's token


class AuthKind(StrEnum):
    """How a dialect's requests are authenticated."""

    KEY = "key"  # a key from an environment variable, in the header the dialect names
    AWS = "aws"  # SigV4 from botocore's credential chain, or a Bedrock API key
    GOOGLE = "google"  # an OAuth token from google-auth's application default credentials


class ProviderKind(StrEnum):
    """Whose models a provider serves; decides what counts as an independent option."""

    LAB = "lab"  # its own models
    HOST = "host"  # other labs' models on its own infrastructure (Bedrock, Azure, Together)
    GATEWAY = "gateway"  # forwards requests to other providers (OpenRouter)
    ORCHESTRATOR = "orchestrator"  # answers by routing to other labs' models (Sakana Fugu)
    LOCAL = "local"  # a server on this machine or network (Ollama, vLLM)


@dataclass(frozen=True)
class Verdict:
    """A classification: status and reason, the rule that decided, and what to do next."""

    status: Status
    reason: Reason
    rule: str
    detail: str = ""
    remedy: str = ""
    error_code: str | None = None
    ambiguous: bool = False
    # The refusal concerns only the model asked (a per-model quota, one deployment), not the
    # whole account: it never decides the provider's other models.
    per_model: bool = False

    def __post_init__(self) -> None:
        if STATUS_OF[self.reason] is not self.status:
            raise ValueError(f"reason {self.reason} does not belong to status {self.status}")


@dataclass(frozen=True, slots=True)  # one per model or request: no __dict__ each (#12)
class Result:
    """The answer for one model: one per model in the registry, in registry order."""

    ref: str
    provider: str
    model: str
    name: str
    status: Status
    reason: Reason
    evidence: Rung
    rule: str
    detail: str = ""
    remedy: str = ""
    http_status: int | None = None
    error_code: str | None = None
    latency_ms: float | None = None
    failure: Failure | None = None
    required: bool = False
    substitutes: tuple[Substitute, ...] = ()  # for a required model that is not reachable


@dataclass(frozen=True)
class Substitute:
    """A reachable model suggested in place of one that is not, and why it was chosen."""

    ref: str
    why: str


@dataclass(frozen=True)
class Coverage:
    """One coverage rule against what this scan reached: independent options per tier or
    capability, and the jurisdictions they come from."""

    rule: str  # the selector as written: "frontier", "frontier+coding", "coding"
    min_providers: int
    min_jurisdictions: int
    providers: tuple[str, ...]  # the independent options counted (upstream labs)
    jurisdictions: tuple[str, ...]
    models: tuple[str, ...]  # every reachable model that matched the selector

    @property
    def met(self) -> bool:
        return (
            len(self.providers) >= self.min_providers
            and len(self.jurisdictions) >= self.min_jurisdictions
        )

    def __str__(self) -> str:
        want = f"{self.min_providers} independent provider(s)"
        if self.min_jurisdictions > 1:
            want += f" from {self.min_jurisdictions} jurisdictions"
        have = f"{len(self.providers)} from {len(self.jurisdictions)} jurisdiction(s)"
        return f"coverage {self.rule}: {have} reachable, {want} required"


class DriftKind(StrEnum):
    NEW_BLOCK = "new_block"  # documented as served here, observed restricted
    LEAKY_GATE = "leaky_gate"  # documented as not served here, observed reachable


@dataclass(frozen=True)
class Drift:
    """A provider's documented country list disagreeing with what this vantage observed."""

    provider: str
    country: str
    kind: DriftKind
    detail: str


@dataclass(frozen=True, slots=True)  # one per model or request: no __dict__ each (#12)
class RungRecord:
    """One step of the ladder for a provider or a model, for the report and --debug."""

    rung: Rung
    method: str
    path: str
    http_status: int | None
    latency_ms: float | None
    rule: str
    failure: Failure | None = None
    model: str | None = None


@dataclass(frozen=True)
class ProviderOutcome:
    """What the scan learned about a provider as a whole."""

    id: str
    name: str
    api: str
    base_url: str
    hq: str | None
    key_env: tuple[str, ...]
    key_env_used: str | None
    key_set: bool
    network_answered: bool | None  # None: nothing was probed (no endpoint)
    timings: Timings
    steps: tuple[RungRecord, ...]
    paid_calls: int
    failure: Failure | None = None
    custom_endpoint: bool = False  # a bundled provider pointed at another base URL (a gateway)


class ChangeKind(StrEnum):
    LOST = "lost"  # reachable before, not now: the one change that fails a baseline gate
    GAINED = "gained"
    CHANGED = "changed"  # another status change (e.g. gated → unavailable)
    NEW = "new"  # not in the baseline
    REMOVED = "removed"  # in the baseline, no longer scanned


@dataclass(frozen=True)
class Seen:
    """A model's verdict as a report recorded it."""

    status: Status
    reason: str

    def __str__(self) -> str:
        return f"{self.status.value}/{self.reason}"


@dataclass(frozen=True)
class Point:
    """One model's verdict in one recorded scan (from the history)."""

    at: datetime
    seen: Seen


@dataclass(frozen=True)
class Change:
    ref: str
    kind: ChangeKind
    before: Seen | None
    after: Seen | None


@dataclass(frozen=True)
class GateFailure:
    ref: str
    why: str
    evidence: str

    def __str__(self) -> str:
        return f"{self.ref} {self.why}"


@dataclass(frozen=True)
class Vantage:
    """Where a scan was measured from."""

    name: str  # --vantage-name, default the host name
    proxy: str | None = None  # scheme://host:port of the environment's proxy; never credentials
    country: str | None = None  # ISO 3166 alpha-2 as a provider's edge saw the egress address
    country_source: str | None = None  # the trace URL's host that said so

    def __str__(self) -> str:
        where = (
            f"country {self.country} (per {self.country_source})"
            if self.country
            else "country unknown"
        )
        via = f", via proxy {self.proxy}" if self.proxy else ""
        return f"from {self.name}: {where}{via}"


# A registry whose newest `checked` date is more than this many days before the scan is stale:
# the scan says so, with the command that shows what changed since (issue #16).
STALE_AFTER_DAYS = 60


@dataclass(frozen=True)
class RegistryAge:
    """How old the registry's facts were on the scan date."""

    checked: str  # the newest `checked` date of its providers and models, YYYY-MM-DD
    days: int  # from that date to the scan date

    @property
    def stale(self) -> bool:
        return self.days > STALE_AFTER_DAYS


@dataclass(frozen=True)
class Report:
    """The outcome of one scan; rendered by accesscheck.report, never mutated."""

    started_at: str
    duration_ms: float
    registry: str
    results: tuple[Result, ...]
    providers: tuple[ProviderOutcome, ...]
    paid_calls: int
    deep: bool
    exit_code: int
    failures: tuple[GateFailure, ...] = ()  # why the policy failed, one per model
    changes: tuple[Change, ...] = ()  # since the baseline, when there is one
    allowed: tuple[str, ...] = ()  # failures an allowance accepted
    baseline: str | None = None  # the baseline report's path
    # Recorded verdicts per ref over the last days, oldest first, when a history exists:
    # drawn by the HTML report, left out of the JSON one.
    timeline: Mapping[str, tuple[Point, ...]] = field(default_factory=dict)
    vantage: Vantage | None = None
    coverage: tuple[Coverage, ...] = ()  # --min-providers and the registry's coverage: rules
    drift: tuple[Drift, ...] = ()  # documented countries vs what this vantage observed
    country: str | None = None  # the country drift was judged for (vantage or --country)
    registry_age: RegistryAge | None = None  # None: the registry has no `checked` date

    @property
    def policy_failures(self) -> tuple[str, ...]:
        return tuple(str(f) for f in self.failures) + tuple(
            str(c) for c in self.coverage if not c.met
        )

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)
