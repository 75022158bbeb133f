"""Hedging: what the reachable set is worth when access to a model goes.

Pure: a registry and the scan's results in; coverage per rule, substitutes per lost model and
documented-vs-observed drift out.

Independence. Every model resolves to its *upstream*: the labs whose model actually answers
(a lab's own model: the lab; Azure's gpt-5.5: openai; OpenRouter's fugu-ultra: the labs Fugu
routes to). A gateway or orchestrator is never independent of what it routes to, so options
are counted by upstream, not by provider: two options are independent when their upstream
sets share no lab. Coverage counts first every lab reachable through a single-upstream model,
then each multi-upstream option (an orchestrator) only if it shares no lab with those already
counted. Jurisdictions are the headquarters countries of the counted labs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from accesscheck.errors import ConfigError
from accesscheck.model import (
    Capability,
    Coverage,
    Drift,
    DriftKind,
    Result,
    Status,
    Substitute,
    Tier,
)
from accesscheck.registry import CoverageRule, Model, Provider, Registry, ref_of

MAX_SUBSTITUTES = 3
_TIER_RANK = {Tier.FRONTIER: 0, Tier.BALANCED: 1, Tier.FAST: 2}


@dataclass(frozen=True, slots=True)
class Profile:
    """What one registry model is, for hedging."""

    ref: str
    tier: Tier | None
    capabilities: frozenset[Capability]
    open_weights: bool | None
    upstream: frozenset[str]  # lab or provider ids whose model answers
    jurisdictions: frozenset[str]  # their headquarters (unknown ones left out)
    same_as: str | None
    routed: bool = False  # answered through another provider's model (gateway, host, …)

    @property
    def described(self) -> bool:
        return self.tier is not None or bool(self.capabilities)


def profiles(registry: Registry) -> dict[str, Profile]:
    """Every model's profile, with same_as and default upstream resolved."""
    hq = headquarters(registry)
    models = {ref_of(p, m): (p, m) for p, m in registry.refs()}

    def one(provider: Provider, model: Model) -> Profile:
        origin = model
        upstream: tuple[str, ...] = model.upstream
        if model.same_as is not None:
            other_provider, origin = models[model.same_as]
            upstream = upstream or origin.upstream or (other_provider.id,)
        upstream = upstream or (provider.id,)
        return Profile(
            ref=ref_of(provider, model),
            tier=model.tier or origin.tier,
            capabilities=frozenset(model.capabilities or origin.capabilities),
            open_weights=origin.open_weights if model.open_weights is None else model.open_weights,
            upstream=frozenset(upstream),
            jurisdictions=frozenset(c for u in upstream if (c := hq.get(u))),
            same_as=model.same_as,
            routed=set(upstream) != {provider.id},
        )

    return {ref: one(p, m) for ref, (p, m) in models.items()}


def reachable(results: Iterable[Result]) -> set[str]:
    return {r.ref for r in results if r.status is Status.REACHABLE}


# ---------------------------------------------------------------- coverage


def parse_selector(text: str, where: str) -> tuple[Tier | None, tuple[Capability, ...]]:
    """`frontier`, `coding`, `frontier+coding+vision`: at most one tier, any capabilities."""
    tier: Tier | None = None
    capabilities: list[Capability] = []
    for part in filter(None, (p.strip() for p in text.split("+"))):
        if part in {t.value for t in Tier}:
            if tier is not None:
                raise ConfigError(f"{where}: {text!r} names two tiers")
            tier = Tier(part)
        elif part in {c.value for c in Capability}:
            capabilities.append(Capability(part))
        else:
            known = ", ".join([*Tier, *Capability])
            raise ConfigError(f"{where}: {part!r} is not a tier or capability (one of {known})")
    if tier is None and not capabilities:
        raise ConfigError(f"{where}: name a tier or a capability")
    return tier, tuple(capabilities)


def _matches(profile: Profile, rule: CoverageRule) -> bool:
    tier_ok = rule.tier is None or profile.tier is rule.tier
    return tier_ok and set(rule.capabilities) <= profile.capabilities


def independent(options: Sequence[Profile]) -> list[frozenset[str]]:
    """Upstream sets that share no lab: every single lab first, then disjoint multi-lab sets."""
    chosen: list[frozenset[str]] = []
    taken: set[str] = set()
    for upstream in sorted({o.upstream for o in options}, key=lambda u: (len(u), sorted(u))):
        if not upstream & taken:
            chosen.append(upstream)
            taken |= upstream
    return chosen


def coverage(
    rules: Iterable[CoverageRule],
    table: Mapping[str, Profile],
    reached: set[str],
    hq: Mapping[str, str | None],
) -> tuple[Coverage, ...]:
    out = []
    for rule in rules:
        matched = [table[ref] for ref in sorted(reached) if _matches(table[ref], rule)]
        groups = independent(matched)
        labs = sorted({lab for group in groups for lab in group})
        out.append(
            Coverage(
                rule=rule.selector,
                min_providers=rule.min_providers,
                min_jurisdictions=rule.min_jurisdictions,
                providers=tuple("+".join(sorted(g)) for g in groups),
                jurisdictions=tuple(sorted({c for lab in labs if (c := hq.get(lab))})),
                models=tuple(p.ref for p in matched),
            )
        )
    return tuple(out)


def headquarters(registry: Registry) -> dict[str, str | None]:
    return {p.id: p.hq for p in registry.providers} | {lab.id: lab.hq for lab in registry.labs}


# ---------------------------------------------------------------- substitutes


def _rank(target: Profile, candidate: Profile) -> tuple[int, int, int, int, bool, str]:
    missing = len(target.capabilities - candidate.capabilities)
    if target.tier is None or candidate.tier is None:
        tier_gap = 1
    else:
        tier_gap = abs(_TIER_RANK[target.tier] - _TIER_RANK[candidate.tier])
    same_place = 0 if not (candidate.jurisdictions & target.jurisdictions) else 1
    same_lab = 0 if not (candidate.upstream & target.upstream) else 1
    return missing, tier_gap, same_place, same_lab, candidate.routed, candidate.ref


def _why(target: Profile, candidate: Profile) -> str:
    parts = []
    missing = sorted(target.capabilities - candidate.capabilities)
    if target.described:
        if target.tier is not None and candidate.tier is target.tier:
            parts.append(f"same tier ({target.tier.value})")
        elif candidate.tier is not None:
            parts.append(f"tier {candidate.tier.value}")
        shared = sorted(target.capabilities & candidate.capabilities)
        if shared and not missing:
            parts.append(f"same capabilities ({', '.join(shared)})")
        elif missing:
            parts.append(f"lacks {', '.join(missing)}")
    else:
        parts.append(f"no tier or capabilities recorded for {target.ref}")
    if candidate.same_as == target.ref or target.same_as == candidate.ref:
        parts.append("the same model from another provider")
    theirs, ours = sorted(candidate.jurisdictions), sorted(target.jurisdictions)
    if theirs and not set(theirs) & set(ours):
        parts.append(f"another jurisdiction ({'/'.join(theirs)} vs {'/'.join(ours) or '?'})")
    elif theirs:
        parts.append(f"same jurisdiction ({'/'.join(theirs)})")
    if candidate.upstream & target.upstream:
        parts.append(f"not independent of {'+'.join(sorted(target.upstream))}")
    return "; ".join(parts)


def substitutes(
    target: str, table: Mapping[str, Profile], reached: set[str], limit: int = MAX_SUBSTITUTES
) -> tuple[Substitute, ...]:
    """The best reachable stand-ins for `target`: the same capabilities and tier first, then
    another jurisdiction, then another lab (the point is to hedge), then a lab's own API
    before a route through someone else's."""
    me = table[target]
    candidates = [table[ref] for ref in reached if ref != target]
    if me.capabilities:  # a model that cannot do what the lost one did is no substitute
        candidates = [c for c in candidates if c.capabilities & me.capabilities]
    best = sorted(candidates, key=lambda c: _rank(me, c))[:limit]
    return tuple(Substitute(c.ref, _why(me, c)) for c in best)


# ---------------------------------------------------------------- documented vs observed


def drift(registry: Registry, results: Iterable[Result], country: str | None) -> tuple[Drift, ...]:
    """A documented-served country observed restricted, or a documented-unserved one observed
    reachable. Judged per provider: restricted when any model was, reachable when any was."""
    if country is None:
        return ()
    statuses: dict[str, set[Status]] = {}
    for result in results:
        statuses.setdefault(result.provider, set()).add(result.status)
    out = []
    for provider in registry.providers:
        documented = provider.countries
        seen = statuses.get(provider.id, set())
        if documented is None:
            continue
        page = f"{documented.source}, checked {documented.checked}"
        if country in documented.served and Status.RESTRICTED in seen:
            said = f"{provider.name} documents serving {country} ({page})"
            why = f"{said} but refused it here: a new block, or a gate misfiring"
            out.append(Drift(provider.id, country, DriftKind.NEW_BLOCK, why))
        if country in documented.not_served and Status.REACHABLE in seen:
            said = f"{provider.name} documents not serving {country} ({page})"
            why = f"{said} but answered here: a leaky gate, or a proxy or VPN in the path"
            out.append(Drift(provider.id, country, DriftKind.LEAKY_GATE, why))
    return tuple(out)


# ---------------------------------------------------------------- the stage


@dataclass(frozen=True)
class Hedge:
    results: tuple[Result, ...]  # required, unreachable ones carry their substitutes
    coverage: tuple[Coverage, ...]
    drift: tuple[Drift, ...]


def hedge(
    registry: Registry,
    results: Sequence[Result],
    rules: Sequence[CoverageRule] = (),
    country: str | None = None,
) -> Hedge:
    """Coverage for the registry's rules plus `rules` (--min-providers), substitutes for every
    required model that is not reachable, and drift for `country`."""
    rules = [*registry.coverage, *rules]
    missing = any(r.required and r.status is not Status.REACHABLE for r in results)
    # Profiles only when a rule or a missing required model asks: 50,000 of them took 40 MB
    # at the peak of a scan that had neither (#12).
    table = profiles(registry) if rules or missing else {}
    reached = reachable(results)
    with_substitutes = tuple(
        replace(r, substitutes=substitutes(r.ref, table, reached))
        if r.required and r.status is not Status.REACHABLE and r.ref in table
        else r
        for r in results
    )
    return Hedge(
        with_substitutes,
        coverage(rules, table, reached, headquarters(registry)),
        drift(registry, results, country),
    )


def cli_rules(
    min_providers: Sequence[str], min_jurisdictions: Sequence[str]
) -> tuple[CoverageRule, ...]:
    """--min-providers SELECTOR=N and --min-jurisdictions SELECTOR=N, one rule per selector
    (a jurisdiction needs a provider: N jurisdictions imply at least N providers)."""
    wanted: dict[tuple[Tier | None, tuple[Capability, ...]], list[int]] = {}
    for option, values, slot in (
        ("--min-providers", min_providers, 0),
        ("--min-jurisdictions", min_jurisdictions, 1),
    ):
        for text in values:
            selector, _, count = text.rpartition("=")
            where = f"{option} {text!r}"
            if not selector or not count.isdigit() or not 1 <= int(count) <= 100:
                raise ConfigError(f"{where}: write SELECTOR=N, N from 1 to 100 (frontier=2)")
            key = parse_selector(selector, where)
            wanted.setdefault(key, [1, 1])[slot] = int(count)
    return tuple(
        CoverageRule(
            tier=tier,
            capabilities=capabilities,
            min_providers=max(providers, places),
            min_jurisdictions=places,
        )
        for (tier, capabilities), (providers, places) in wanted.items()
    )
