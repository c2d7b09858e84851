#!/usr/bin/env python3
"""Run beian-check with names resolved from BENCH_RESOLVE (curl --resolve entries, space
separated), for builds older than the tool's own --resolve. Every aiohttp connector made
without a resolver gets the mapped one; nothing else changes (TLS still checks the name).
Usage: BENCH_RESOLVE="*.farm.test:443:127.77.0.1 ..." resolve_shim.py BEIAN-CHECK-ARGS...
"""

from __future__ import annotations

import functools
import os
from typing import Any

import aiohttp
from resolving import Resolve, aiohttp_resolver

RESOLVE = Resolve(os.environ.get("BENCH_RESOLVE", "").split())
_init = aiohttp.TCPConnector.__init__


@functools.wraps(_init)
def _patched(self: aiohttp.TCPConnector, *args: Any, **kw: Any) -> None:
    kw.setdefault("resolver", aiohttp_resolver(RESOLVE))
    _init(self, *args, **kw)


aiohttp.TCPConnector.__init__ = _patched  # type: ignore[method-assign]

if __name__ == "__main__":
    from beian_check.cli import main

    main(prog_name="beian-check")
