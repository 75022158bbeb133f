"""`accesscheck export`'s two files: a LiteLLM proxy config and a `.env` list of variables.
Keys never appear: LiteLLM reads them through `os.environ/NAME`, the env file leaves values
empty (what goes in them is accesscheck.export's)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from accesscheck.choices import ExportTarget
from accesscheck.export import Observed, key_env, litellm_config
from accesscheck.registry import Registry, endpoint_vars, ref_of
from accesscheck.registry.yamlsource import dump


def render_litellm(registry: Registry, seen: Observed) -> str:
    header = (
        "# LiteLLM proxy config written by `accesscheck export litellm`: only the models the\n"
        "# scan reached; keys are read from the environment (os.environ/NAME), never stored.\n"
    )
    return header + dump(litellm_config(registry, seen))


def render_env(registry: Registry, seen: Observed) -> str:
    """`.env`-style: the variables the reachable models need, values left empty to fill in."""
    lines = ["# Variables for the models `accesscheck` reached (fill in the values):"]
    reachable = seen.reachable
    for provider in registry.providers:
        refs = [ref_of(provider, m) for m in provider.models if ref_of(provider, m) in reachable]
        names = [n for n in (key_env(provider, seen), *endpoint_vars(provider)) if n]
        if refs and names:
            lines.append(f"# {provider.name}: {', '.join(refs)}")
            lines += [f"{name}=" for name in dict.fromkeys(names)]
    return "\n".join(lines) + "\n"


RENDERERS: Mapping[ExportTarget, Callable[[Registry, Observed], str]] = {
    ExportTarget.LITELLM: render_litellm,
    ExportTarget.ENV: render_env,
}
