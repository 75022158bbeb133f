"""Registry: the provider file, from YAML to a validated, immutable `Registry` (contract v1).

yamlsource.py reads YAML into located data (the only code that imports yaml); schema.py is the
contract as pydantic models; loading.py validates, applies `extends: builtin` and turns every
refusal into one located line; templates.py builds a provider's endpoint from the environment.
The names below are the stage's public surface.
"""

from accesscheck.registry.loading import BUILTIN, ENV_REGISTRY, bundled_text, load, load_text
from accesscheck.registry.schema import (
    AllowEntry,
    Auth,
    Countries,
    CoverageRule,
    Event,
    Lab,
    Model,
    Provider,
    Registry,
    age_on,
    calendar_date,
    is_country,
    validate_model,
)
from accesscheck.registry.templates import (
    endpoint_of,
    endpoint_vars,
    missing_endpoint_vars,
    ref_of,
)

__all__ = [
    "BUILTIN",
    "ENV_REGISTRY",
    "AllowEntry",
    "Auth",
    "Countries",
    "CoverageRule",
    "Event",
    "Lab",
    "Model",
    "Provider",
    "Registry",
    "age_on",
    "bundled_text",
    "calendar_date",
    "endpoint_of",
    "endpoint_vars",
    "is_country",
    "load",
    "load_text",
    "missing_endpoint_vars",
    "ref_of",
    "validate_model",
]
