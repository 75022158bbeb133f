"""Name resolution under the scan's deadline, and the addresses a public API name should
never resolve to (a captive portal or a hijacking resolver answers with them)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_SHARED = ipaddress.ip_network("100.64.0.0/10")
_LOCAL_SUFFIXES = (".localhost", ".test", ".local", ".internal", ".home.arpa")


def _local_name(host: str) -> bool:
    name = host.lower().rstrip(".")
    return name == "localhost" or name.endswith(_LOCAL_SUFFIXES)


def suspicious_address(host: str, addresses: list[str]) -> str | None:
    """The first resolved address a public host name cannot really have, or None."""
    try:
        ipaddress.ip_address(host)
        return None  # an IP literal in the registry means what it says
    except ValueError:
        pass
    for text in addresses:
        try:
            address = ipaddress.ip_address(text.split("%")[0])
        except ValueError:
            continue
        if address.is_loopback and _local_name(host):
            continue  # a deliberate hosts entry for a local server
        if (
            address.is_private
            or address.is_unspecified
            or address.is_reserved
            or address.is_link_local
            or address in _SHARED
        ):
            return str(address)
    return None


async def in_daemon_thread(work: Callable[[], T], name: str) -> T:
    """`work()` in a daemon thread of its own, awaited. The loop's default executor would make
    asyncio.run wait at exit for work that hangs (a resolver, RELIABILITY D3; a cloud sign-in):
    the deadline would end the probe but not the process. An abandoned daemon thread dies with
    the process."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: T | BaseException) -> None:
        if future.done():
            return
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)

    def run() -> None:
        try:
            outcome: T | BaseException = work()
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            outcome = exc
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(settle, outcome)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future


async def getaddrinfo_async(host: str, port: int) -> list[Any]:
    """getaddrinfo off the event loop, abandoned with the process if it hangs."""
    return await in_daemon_thread(
        lambda: socket.getaddrinfo(host, port, type=socket.SOCK_STREAM), f"resolve {host}"
    )
