"""Writing files so that an interrupted run never leaves half a file or loses the old one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from accesscheck.errors import ConfigError


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ConfigError(f"{path}: cannot write ({exc.strerror})") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
