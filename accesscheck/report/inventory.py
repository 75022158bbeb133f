"""`accesscheck providers`: what the registry holds and which keys are set (never the keys)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from accesscheck.choices import TextFormat
from accesscheck.hedge import Profile, profiles
from accesscheck.keys import lookup_key, scrub
from accesscheck.registry import Registry


def inventory(registry: Registry, environ: Mapping[str, str]) -> dict[str, Any]:
    """The registry as a JSON-ready document, with the state of each provider's key and each
    model's hedge profile (same_as and upstream resolved)."""
    table = profiles(registry)
    providers = []
    for p in registry.providers:
        key = lookup_key(p.auth.env, environ)
        providers.append(
            {
                "id": p.id,
                "name": p.name,
                "api": p.api,
                "base_url": p.base_url,
                "hq": p.hq,
                "kind": p.kind.value,
                "key_env": list(p.auth.env),
                "key_set": key.is_set,
                "key_env_used": key.used,
                "key_problem": key.problem,
                "source": p.source,
                "checked": p.checked,
                "models": [
                    {
                        "ref": f"{p.id}/{m.id}",
                        "id": m.id,
                        "name": m.display_name,
                        "required": m.required,
                        "stage": m.stage.value,
                        "limited_to": m.limited_to,
                        "shutdown": m.shutdown,
                        "endpoint_known": m.endpoint_known,
                        "verified": m.verified,
                        "source": m.source,
                        "checked": m.checked,
                        **_profile(table[f"{p.id}/{m.id}"]),
                    }
                    for m in p.models
                ],
            }
        )
    return {"schema_version": 1, "registry": registry.source, "providers": providers}


def _profile(profile: Profile) -> dict[str, Any]:
    return {
        "tier": profile.tier.value if profile.tier else None,
        "capabilities": sorted(c.value for c in profile.capabilities),
        "open_weights": profile.open_weights,
        "upstream": sorted(profile.upstream),
        "jurisdictions": sorted(profile.jurisdictions),
    }


def render_json(doc: Mapping[str, Any]) -> str:
    return scrub(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def render_text(doc: Mapping[str, Any]) -> str:
    out = [f"registry: {doc['registry']}"]
    for p in doc["providers"]:
        state = "set" if p["key_set"] else "not set"
        if p["key_problem"]:
            state = f"unusable: {p['key_problem']}"
        env = " or ".join(p["key_env"]) or "no key needed"
        kind = f", {p['kind']}" if p["kind"] != "lab" else ""
        out.append(
            f"{p['id']} ({p['name']}, api {p['api']}, hq {p['hq'] or '—'}{kind}) "
            f"{p['base_url'] or 'no public endpoint known'}"
        )
        out.append(f"  key: {env} [{state}]")
        for m in p["models"]:
            flags = [
                f
                for f, on in (
                    ("required", m["required"]),
                    (m["stage"], m["stage"] != "ga"),
                    ("unverified", not m["verified"]),
                    ("no endpoint", not m["endpoint_known"]),
                )
                if on
            ]
            described = ": ".join(filter(None, [m["tier"], ", ".join(m["capabilities"])]))
            routed = "" if m["upstream"] == [p["id"]] else f"via {'+'.join(m['upstream'])}"
            notes = [*flags, *filter(None, [described, routed])]
            out.append(
                f"  - {m['ref']}  {m['name']}" + (f"  [{'; '.join(notes)}]" if notes else "")
            )
    return scrub("\n".join(out)) + "\n"


RENDERERS: Mapping[TextFormat, Callable[[Mapping[str, Any]], str]] = {
    TextFormat.TABLE: render_text,
    TextFormat.JSON: render_json,
}
