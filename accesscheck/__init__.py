"""accesscheck: which frontier AI models can you actually use, from where you stand, right now."""

# The one place the version is written: pyproject.toml reads it from here (hatch), so that
# `accesscheck --version` needs no package-metadata lookup at start-up.
__version__ = "0.1.0"
