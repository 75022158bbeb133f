"""Name resolution under the scan's deadline, and the addresses a public API name should
never resolve to (a captive portal or a hijacking resolver answers with them)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import threading
from typing import Any

# httpx's own proxy rules (environment and, on macOS and Windows, the system settings; curl's
# NO_PROXY reading): the one decision for the request and everything derived from it (#11).

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


async def getaddrinfo_async(host: str, port: int) -> list[Any]:
    """getaddrinfo in a daemon thread of its own. The loop's default executor would make
    asyncio.run wait at exit for a resolver that hangs (RELIABILITY D3): the deadline would
    end the probe but not the process. An abandoned daemon thread dies with the process."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[list[Any]] = loop.create_future()

    def settle(outcome: list[Any] | BaseException) -> None:
        if future.done():
            return
        if isinstance(outcome, BaseException):
            future.set_exception(outcome)
        else:
            future.set_result(outcome)

    def work() -> None:
        try:
            outcome: list[Any] | BaseException = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            outcome = exc
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(settle, outcome)

    threading.Thread(target=work, name=f"resolve {host}", daemon=True).start()
    return await future
