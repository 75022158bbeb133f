"""accesscheck: which frontier AI models can you actually use, from where you stand, right now."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("accesscheck")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
