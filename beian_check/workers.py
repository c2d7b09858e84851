"""--workers N: the same crawl in N forked processes, one report in input order.

One event loop tops out at about one core: HTTP handling and HTML parsing are both
CPU-bound Python here. Targets are split by host (so the per-host limit still holds),
each worker runs the ordinary pipeline on its share and sends every result back as soon
as it is finished, with its position; the parent reads all pipes and puts the results in
order (order.Reorder), so a dead host in one worker never holds up the others.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from array import array
from collections.abc import Callable
from multiprocessing.connection import Connection, wait

from .model import TargetResult
from .order import Reorder
from .outcome import Failure, Kind
from .policy import Policy
from .run import run_indexed, run_until_signalled
from .settings import Settings
from .targets import TargetPlan

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class _Stop(Exception):
    pass


def default_workers(n_targets: int) -> int:
    """One process per core this process may run on, for runs big enough to pay for the
    fork (200 targets or more); one for small runs."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return 1 if n_targets < 200 else max(1, min(cores, 255))  # owners are bytes


def _die_with_parent(parent: int) -> None:
    """A worker whose parent is gone (even by SIGKILL, which runs no cleanup) stops: on
    Linux the kernel sends it SIGTERM when the parent dies, which cancels its crawl.
    If the parent died before that was asked for, the worker leaves at once. (The kernel
    watches the thread that forked: run_in_workers must run on one that lives as long.)"""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:
        os._exit(0)


def _worker(
    k: int, owners: bytes, plan: TargetPlan, settings: Settings, conn: Connection, parent: int
) -> None:
    _die_with_parent(parent)
    index = array("I", (i for i, o in enumerate(owners) if o == k))
    mine = (plan.target(i) for i in index)  # parsed as the pipeline asks: nothing held

    try:
        # Results go back as they finish, with their position: the parent puts them in order.
        run_until_signalled(
            lambda: run_indexed(mine, settings, lambda i, r: conn.send((index[i], r))), second_exits=False
        )
        conn.send(None)
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    finally:
        conn.close()


class _Crew:
    """The worker processes and the parent's side of their pipes."""

    def __init__(self, targets: TargetPlan, settings: Settings, workers: int) -> None:
        ctx = multiprocessing.get_context("fork")
        self.owners = bytes(h % workers for h in targets.hosts)
        self.conns: dict[Connection, int] = {}
        self.procs = []
        for k in range(workers):
            recv, send = ctx.Pipe(duplex=False)
            p = ctx.Process(
                target=_worker, args=(k, self.owners, targets, settings, send, os.getpid()), daemon=True
            )
            p.start()
            send.close()
            self.conns[recv] = k
            self.procs.append(p)

    def receive(self, timeout: float | None) -> list[tuple[int, tuple[int, TargetResult] | None]]:
        """(worker, message) for every pipe ready within ``timeout``; a message of None:
        that worker is done (it said so, or died), and its pipe is closed."""
        out: list[tuple[int, tuple[int, TargetResult] | None]] = []
        for conn in wait(list(self.conns), timeout):
            assert isinstance(conn, Connection)
            msg = _recv(conn)
            out.append((self.conns[conn], msg))
            if msg is None:
                del self.conns[conn]
                conn.close()
        return out

    def stop(self) -> None:
        for p in self.procs:
            if p.is_alive() and p.pid is not None:
                os.kill(p.pid, signal.SIGTERM)

    def close(self) -> None:
        for p in self.procs:
            p.join(5)
            if p.is_alive():
                p.kill()
        for conn in self.conns:
            conn.close()


def run_in_workers(
    targets: TargetPlan, settings: Settings, emit: Callable[[TargetResult], None], workers: int
) -> bool:
    """Check ``targets`` in ``workers`` processes; ``emit`` every result in input order.
    Returns True when interrupted (SIGINT/SIGTERM): finished results are still emitted.
    Each worker has the whole --concurrency (it is per process)."""
    # Everything imported so far is shared with the workers: keep the collector off it, so
    # that no worker copies those pages just to scan them.
    gc.freeze()
    crew = _Crew(targets, settings, workers)
    order = Reorder(emit)
    delivered = bytearray(len(targets))
    policy = Policy.of(settings)

    def stop(signum: int, frame: object) -> None:
        raise _Stop

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    interrupted = False
    try:
        while crew.conns:
            for k, msg in crew.receive(None):
                if msg is not None:
                    delivered[msg[0]] = 1
                    order.put(*msg)
                else:  # a worker that died took its unfinished targets with it
                    for i in (i for i, o in enumerate(crew.owners) if o == k and not delivered[i]):
                        delivered[i] = 1
                        order.put(i, policy.unchecked(targets.target(i), Failure(Kind.WORKER_LOST)))
    except _Stop:
        interrupted = True
        crew.stop()
        # What the workers finished before they stopped is reported too.
        while crew.conns:
            batch = crew.receive(5)
            if not batch:
                break
            for _, msg in batch:
                if msg is not None:
                    order.put(*msg)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        crew.close()
        order.close()
    return interrupted


def _recv(conn: Connection) -> tuple[int, TargetResult] | None:
    try:
        return conn.recv()  # type: ignore[no-any-return]
    except (EOFError, OSError):
        return None
