"""accesscheck: which frontier AI models can you actually use, from where you stand, right now.

The library API (README "Library API"): `accesscheck.scan(...)` → Report and
`accesscheck.explain(error)` → Verdict. They are imported on first use, so that the CLI's
start-up (`accesscheck --version`) does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# The one place the version is written: pyproject.toml reads it from here (hatch), so that
# `accesscheck --version` needs no package-metadata lookup at start-up.
__version__ = "0.1.0"

if TYPE_CHECKING:
    from accesscheck.api import explain, scan
    from accesscheck.model import Report, Result, Status, Verdict

__all__ = ["Report", "Result", "Status", "Verdict", "__version__", "explain", "scan"]


def __getattr__(name: str) -> Any:
    if name in ("scan", "explain"):
        from accesscheck import api

        return getattr(api, name)
    if name in ("Report", "Result", "Status", "Verdict"):
        from accesscheck import model

        return getattr(model, name)
    raise AttributeError(f"module 'accesscheck' has no attribute {name!r}")
