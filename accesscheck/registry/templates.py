"""Endpoint templates: a provider's base URL from the registry or the variable it names, and
base_path's {VARIABLES} filled in from the environment (Vertex's project and location)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from accesscheck.errors import ConfigError
from accesscheck.registry.schema import Model, Provider
from accesscheck.urls import check_url

_PLACEHOLDER = re.compile(r"\{([A-Z_][A-Z0-9_]*)\}")
_SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")


def endpoint_vars(provider: Provider) -> list[str]:
    """The environment variables the provider's endpoint is built from."""
    names = [provider.base_url_env] if provider.base_url_env and provider.base_url is None else []
    return names + _PLACEHOLDER.findall(provider.base_path)


def missing_endpoint_vars(provider: Provider, environ: Mapping[str, str]) -> list[str]:
    """The environment variables the provider's endpoint needs and that are not set."""
    return [name for name in endpoint_vars(provider) if not environ.get(name, "").strip()]


def endpoint_of(provider: Provider, environ: Mapping[str, str]) -> str | None:
    """The base URL to probe: the registry's, or the one in the variable it names (Azure's
    AZURE_OPENAI_ENDPOINT), plus base_path with its {VARIABLES} filled in (Vertex's project
    and location). None when a variable it needs is not set."""
    if provider.base_url is None and provider.base_url_env is None:
        return None
    if missing_endpoint_vars(provider, environ):
        return None
    root = provider.base_url or environ[provider.base_url_env or ""].strip()

    def fill(match: re.Match[str]) -> str:
        value = environ[match.group(1)].strip()
        if not _SEGMENT.match(value):
            raise ConfigError(f"{match.group(1)} (in the endpoint of provider {provider.id}): "
                              "may hold only letters, digits, '.', '_' and '-'")  # fmt: skip
        return value

    url = root.rstrip("/") + _PLACEHOLDER.sub(fill, provider.base_path)
    url_problem = check_url(url)
    if url_problem:
        where = provider.base_url_env or "base_url"
        raise ConfigError(f"{where} (endpoint of provider {provider.id}): {url_problem}")
    return url


def ref_of(provider: Provider, model: Model) -> str:
    return f"{provider.id}/{model.id}"
