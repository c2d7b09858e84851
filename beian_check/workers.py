"""--workers N: the same crawl in N forked processes, one report in input order.

One event loop tops out at about one core: HTTP handling and HTML parsing are both
CPU-bound Python here. Targets are split by host (so the per-host limit still holds),
each worker runs the ordinary pipeline on its share, and the parent reads results back
in input order: it always reads from the worker owning the next target, and a worker
that runs ahead blocks on its full pipe, which bounds memory without any bookkeeping.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.connection import Connection

from .model import TargetResult
from .outcome import Failure, Kind
from .policy import Policy
from .run import run_indexed, run_until_signalled
from .settings import Settings
from .targets import TargetPlan


class _Stop(Exception):
    pass


def default_workers(n_targets: int) -> int:
    """One process per available core (at most 4) for runs big enough to pay for the
    fork; one for small runs."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return 1 if n_targets < 200 else max(1, min(cores, 4))


def _worker(k: int, owners: bytes, plan: TargetPlan, settings: Settings, conn: Connection) -> None:
    index = [i for i, o in enumerate(owners) if o == k]
    mine = (plan.target(i) for i in index)     # parsed as the pipeline asks: nothing held

    try:
        run_until_signalled(lambda: run_indexed(mine, settings, lambda i, r: conn.send((index[i], r))),
                            second_exits=False)
        conn.send(None)
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    finally:
        conn.close()


def run_in_workers(targets: TargetPlan, settings: Settings, emit: Callable[[TargetResult], None],
                   workers: int) -> bool:
    """Check ``targets`` in ``workers`` processes; ``emit`` every result in input order.
    Returns True when interrupted (SIGINT/SIGTERM): finished results are still emitted."""
    ctx = multiprocessing.get_context("fork")
    # Everything imported so far is shared with the workers: keep the collector off it, so
    # that no worker copies those pages just to scan them.
    gc.freeze()
    owners = bytes(h % workers for h in targets.hosts)
    policy = Policy.of(settings)
    share = replace(settings, concurrency=max(1, -(-settings.concurrency // workers)))
    conns: list[Connection] = []
    procs = []
    for k in range(workers):
        recv, send = ctx.Pipe(duplex=False)
        p = ctx.Process(target=_worker, args=(k, owners, targets, share, send), daemon=True)
        p.start()
        send.close()
        conns.append(recv)
        procs.append(p)

    def stop(signum: int, frame: object) -> None:
        raise _Stop

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    done: list[bool] = [False] * workers
    next_i = 0
    interrupted = False
    try:
        while next_i < len(targets):
            k = owners[next_i]
            msg = None if done[k] else _recv(conns[k])
            if msg is None:
                done[k] = True
                emit(policy.unchecked(targets.target(next_i), Failure(Kind.WORKER_LOST)))
            else:
                emit(msg[1])
            next_i += 1
    except _Stop:
        interrupted = True
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if interrupted:
            for p in procs:
                if p.is_alive() and p.pid is not None:
                    os.kill(p.pid, signal.SIGTERM)
            # Collect what the workers finished before they stopped, then report it in
            # input order after what was already emitted.
            late: dict[int, TargetResult] = {}
            for k, conn in enumerate(conns):
                while not done[k] and conn.poll(5):
                    msg = _recv(conn)
                    if msg is None:
                        break
                    late[msg[0]] = msg[1]
            for i in sorted(late):
                if i >= next_i:
                    emit(late[i])
        for p in procs:
            p.join(5)
            if p.is_alive():
                p.kill()
        for conn in conns:
            conn.close()
    return interrupted


def _recv(conn: Connection) -> tuple[int, TargetResult] | None:
    try:
        return conn.recv()  # type: ignore[no-any-return]
    except (EOFError, OSError):
        return None



