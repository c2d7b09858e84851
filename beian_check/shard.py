"""--shard K/N: the K-th of N deterministic parts of the targets, so that N machines
(a Kubernetes Indexed Job, a CI matrix) share one run and ``beian-check merge`` joins
their reports.

A target's shard is a hash of its registrable domain: every host of one site
(www.example.com, example.com, cdn.example.com) lands in the same shard, so the
per-host limit still holds and no site is checked from two machines. The hash is
BLAKE2b, not Python's ``hash()``: it must be the same in every process, on every machine,
on every night. An IP address has no registrable domain; its key is ``IP:PORT``, the same
unit the per-host limit counts. A static-site directory is keyed by its path.
"""

from __future__ import annotations

import hashlib
import ipaddress
from array import array
from collections.abc import Iterator
from urllib.parse import urlsplit

from .baseline import named_target
from .crawl import registrable_domain
from .messages import text
from .targets import Target, TargetPlan

_DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_shard(value: str) -> tuple[int, int]:
    """``"K/N"`` (1 <= K <= N <= 65536) -> (K, N); ValueError carries the catalogue Text
    that says what is wrong."""
    k_text, slash, n_text = value.partition("/")
    if not slash or not k_text.strip().isdigit() or not n_text.strip().isdigit():
        raise ValueError(text("shard.syntax", value=value))
    k, n = int(k_text), int(n_text)
    if not 1 <= k <= n <= 65536:
        raise ValueError(text("shard.range", value=value))
    return k, n


def _host_port(target: Target) -> tuple[str, int | None]:
    if target.url is not None:
        parts = urlsplit(target.url)
        port = parts.port
        if port == _DEFAULT_PORTS.get(parts.scheme):
            port = None
        return parts.hostname or "", port
    host, _, port_text = (target.domain or "").partition(":")
    return host, int(port_text) if port_text else None


def shard_key(target: Target) -> str:
    """What decides a target's shard: its registrable domain (``IP:PORT`` for an
    address, ``dir:PATH`` for a static-site build)."""
    if target.directory is not None:
        return f"dir:{target.directory}"
    host, port = _host_port(target)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return registrable_domain(host)
    return host if port is None else f"{host}:{port}"


def shard_of(key: str, n: int) -> int:
    """The 1-based shard of ``key`` among ``n``."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % n + 1


def target_in_shard(target: Target, k: int, n: int) -> bool:
    return shard_of(shard_key(target), n) == k


def named_in_shard(raw: str, url: str | None, k: int, n: int) -> bool:
    """Whether a target named in a report (its ``target`` and ``url``) belongs to shard
    K of N: a baseline report's targets are read the way the targets file was."""
    target = named_target(raw, url)
    key = shard_key(target) if target is not None else f"dir:{raw}"
    return shard_of(key, n) == k


class ShardPlan(TargetPlan):
    """The targets of one shard: a TargetPlan over the same sources, keeping only the
    positions of this shard, and each one's position in the whole input (``index``)."""

    positions: array[int]

    @classmethod
    def select(cls, plan: TargetPlan, k: int, n: int) -> ShardPlan:
        sub = cls(plan.sources)
        sub.positions = array("I")
        for i, target in enumerate(plan):
            if target_in_shard(target, k, n):
                sub.src.append(plan.src[i])
                sub.line.append(plan.line[i])
                sub.hosts.append(plan.hosts[i])
                sub.positions.append(i)
        return sub


class Indexer:
    """Gives each result of a ShardPlan its position in the whole input. Results arrive in
    input order, possibly with gaps (an interrupted run reports what finished), so a
    pointer moves forward to the target of the same name: nothing is held per target."""

    def __init__(self, plan: ShardPlan) -> None:
        self.plan = plan
        self._next = 0

    def _names(self) -> Iterator[tuple[int, str]]:
        while self._next < len(self.plan):
            i = self._next
            self._next += 1
            yield i, self.plan.target(i).raw

    def index(self, target: str) -> int | None:
        start = self._next
        for i, raw in self._names():
            if raw == target:
                return self.plan.positions[i]
        # Not ahead: a result out of order. Look behind, and keep our place for the rest.
        self._next = start
        for i in range(start):
            if self.plan.target(i).raw == target:
                return self.plan.positions[i]
        return None
