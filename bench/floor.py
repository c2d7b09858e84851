#!/usr/bin/env python3
"""The floor: GET every target's home page with plain aiohttp, nothing else.

No parsing, no checks, no badge, no retries, no HTTP fallback: a checker built on any
Python HTTP stack cannot beat this on the same farm. A bare name is fetched as
https://NAME/. Names are resolved from --resolve entries (curl's syntax), TLS is verified
against the default store (SSL_CERT_FILE), connect and read timeouts are --connect-timeout and --timeout.
--procs N splits the targets over N forked processes (one event loop per core, as a
checker with one crawler per core would run).
Usage: floor.py TARGETS [--resolve HOST:PORT:ADDR]... [--concurrency 64] [--procs 1] [--timeout 10]
                [--connect-timeout 10]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os

import aiohttp
from resolving import Resolve, aiohttp_resolver


async def run(
    urls: list[str], concurrency: int, resolve: Resolve, connect_timeout: float, timeout: float
) -> dict[str, int]:
    counts: collections.Counter[str] = collections.Counter()
    queue = iter(urls)
    # force_close: one request per host, so an idle keep-alive socket (asyncio holds a
    # 256 KiB TLS buffer for each, for 15 s) would only pile up.
    connector = aiohttp.TCPConnector(limit=concurrency, resolver=aiohttp_resolver(resolve), force_close=True)
    timeouts = aiohttp.ClientTimeout(sock_connect=connect_timeout, sock_read=timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=timeouts) as session:

        async def worker() -> None:
            for url in queue:
                try:
                    async with session.get(url) as r:
                        await r.read()
                        counts["ok" if r.status == 200 else f"http {r.status}"] += 1
                except (TimeoutError, aiohttp.ClientError) as exc:
                    counts[type(exc).__name__] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return dict(counts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("targets")
    ap.add_argument("--resolve", action="append", default=[])
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=10.0, help="read timeout")
    ap.add_argument("--connect-timeout", type=float, default=None, help="default: --timeout")
    a = ap.parse_args()
    with open(a.targets) as f:
        urls = [
            u if "://" in u else f"https://{u}/"
            for u in (line.split()[0] for line in f if line.strip() and not line.startswith("#"))
        ]
    resolve = Resolve(a.resolve)
    pipes = []
    for k in range(a.procs):
        r, w = os.pipe()
        if os.fork() == 0:
            os.close(r)
            counts = asyncio.run(
                run(urls[k :: a.procs], a.concurrency, resolve, a.connect_timeout or a.timeout, a.timeout)
            )
            os.write(w, json.dumps(counts).encode())
            os._exit(0)
        os.close(w)
        pipes.append(r)
    total: collections.Counter[str] = collections.Counter()
    for r in pipes:
        chunks = []
        while chunk := os.read(r, 65536):
            chunks.append(chunk)
        os.close(r)
        total.update(json.loads(b"".join(chunks) or b"{}"))
    for _ in pipes:
        os.wait()
    print(json.dumps({"floor": len(urls), "procs": a.procs, **total}))


if __name__ == "__main__":
    main()
