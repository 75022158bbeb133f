"""Writing files so that an interrupted run never leaves half a file or loses the old one."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from accesscheck.errors import ConfigError


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`.

    The file keeps the mode an existing one had, and a new one gets the mode the umask gives
    (0644 under the usual 022), as if written in place: a cron job's `.prom` read by
    node_exporter or a badge served by a web server must stay readable to them. (mkstemp
    alone would make every output 0600.)
    """
    directory = path.parent if str(path.parent) else Path(".")
    mode = _mode_for(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            os.fchmod(out.fileno(), mode)
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


def _mode_for(path: Path) -> int:
    """The permission bits the written file gets: an existing file's own, else the umask's.
    A device or FIFO is refused: renaming over it would replace /dev/null itself as root."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return 0o666 & ~current_umask()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ConfigError(f"{path}: cannot write (Is a directory)")
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{path}: not a regular file (a FIFO, a device or a socket): not written")
    return stat.S_IMODE(info.st_mode) & 0o777


def current_umask() -> int:
    """The process umask, read without changing it where Linux says it (/proc, since 4.7);
    elsewhere set and restored at once, through the strictest mask so that a file another
    thread creates in between is never more open than intended."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def open_regular(path: Path, what: str, flags: int = os.O_RDONLY) -> int:
    """A descriptor on `path` if it is a regular file; a FIFO, a device, a socket or a directory
    is a ConfigError. Every file we are given by name opens through here.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer (or, to
    append, fail with ENXIO instead of waiting for a reader); fstat on the open descriptor
    then decides, so nothing can be swapped in between a check and the open. /dev/zero and
    /dev/urandom would otherwise be read to the size cap, a FIFO would hang the run.
    """
    verb = "read" if flags & (os.O_WRONLY | os.O_RDWR) == 0 else "write"
    special = ConfigError(
        f"{path}: not a regular file (a FIFO, a device or a socket): the {what} must be a file"
    )
    try:
        fd = os.open(path, flags | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO opened for writing with no reader
            raise special from None
        raise ConfigError(f"{path}: cannot {verb} the {what} ({exc.strerror})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ConfigError(f"{path}: cannot {verb} the {what} (Is a directory)")
        if not stat.S_ISREG(mode):
            raise special
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def require_regular(path: Path, what: str) -> None:
    """Refuse `path` unless it is a regular file, for files another library opens by name
    (a CA bundle for ssl)."""
    os.close(open_regular(path, what))


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """Read at most `limit` bytes of a regular file; a bigger, unreadable or special file
    (FIFO, device) is a ConfigError.

    Reading one byte past the limit tells "exactly at the limit" from "too big" without
    trusting st_size, which lies for /proc files.
    """
    fd = open_regular(path, what)
    try:
        with os.fdopen(fd, "rb") as handle:
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
