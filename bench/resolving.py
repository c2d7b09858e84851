"""Names resolved by the client, as curl's ``--resolve HOST:PORT:ADDR[,ADDR...]`` does.

HOST is a name, ``*`` (any host) or ``*.example.com`` (any name under example.com). An
exact entry wins over a wildcard, a longer ``*.`` suffix over a shorter one, and ``*``
comes last. The floor (aiohttp) and the peer (Scrapy) use this to reach the farm under
the same names the tool gets with ``--resolve``; nothing asks DNS.
"""

from __future__ import annotations

import socket
from typing import Any


class Resolve:
    def __init__(self, entries: list[str]) -> None:
        self.table: dict[tuple[str, int], list[str]] = {}
        for entry in entries:
            host, port, addrs = entry.split(":", 2)
            self.table[(host.lower(), int(port))] = [a.strip("[]") for a in addrs.split(",")]

    def lookup(self, host: str, port: int) -> list[str] | None:
        host = host.lower().rstrip(".")
        if (host, port) in self.table:
            return self.table[(host, port)]
        labels = host.split(".")
        for i in range(1, len(labels)):
            found = self.table.get(("*." + ".".join(labels[i:]), port))
            if found is not None:
                return found
        return self.table.get(("*", port))

    def any_port(self, host: str) -> list[str] | None:
        """For a resolver that is not told the port (Twisted's): 443, then 80."""
        return self.lookup(host, 443) or self.lookup(host, 80)


def aiohttp_resolver(resolve: Resolve) -> Any:
    """An aiohttp resolver answering from ``resolve`` (unmapped names: the system's)."""
    import aiohttp.abc
    import aiohttp.resolver

    class Mapped(aiohttp.abc.AbstractResolver):
        def __init__(self) -> None:
            self.fallback = aiohttp.resolver.ThreadedResolver()

        async def resolve(
            self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
        ) -> list[Any]:
            addrs = resolve.lookup(host, port)
            if addrs is None:
                return await self.fallback.resolve(host, port, family)
            return [
                {
                    "hostname": host,
                    "host": a,
                    "port": port,
                    "family": socket.AF_INET6 if ":" in a else socket.AF_INET,
                    "proto": 0,
                    "flags": socket.AI_NUMERICHOST,
                }
                for a in addrs
            ]

        async def close(self) -> None:
            await self.fallback.close()

    return Mapped()
