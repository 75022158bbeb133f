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


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """Read at most `limit` bytes of `path`; a bigger or unreadable file is a ConfigError.

    Reading one byte past the limit tells "exactly at the limit" from "too big" without
    trusting st_size, which lies for pipes and /proc files.
    """
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the {what} ({exc.strerror})") from None
    if len(raw) > limit:
        raise ConfigError(f"{path}: {what} larger than {_size(limit)}")
    return raw


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit // (1024 * 1024)} MiB"
    return f"{limit // 1024} KiB" if limit >= 1024 else f"{limit} bytes"
