#!/usr/bin/env python3
"""The benchmark: beian-check beside the floor and the peer, on a farm that behaves like the
web (make_farm.py), every verdict of the tool checked.

For each farm, (a) healthy: N live sites, HTTPS first; (b) mixed: the same list with every
10th host dead (black hole, refused, tarpit, HTTPS dropped, evenly), it runs in turn
  floor  floor.py: plain aiohttp GETs of the home pages, one process per core
  peer   peer.py: the Scrapy spider a Python developer would write
  tool   beian-check TARGETS --format jsonl --output FILE --resolve ..., default options
all with the same name mapping (--resolve), the farm's CA (SSL_CERT_FILE), and the tool's
default concurrency and timeout for the floor and the peer. Wall time, CPU time and peak
RSS (largest process of the tree) come from wait4(). Then the tool's report is held
against the farm's expectations: healthy sites pass or fail as their footers say, over
HTTPS; HTTPS-dropped sites the same over HTTP; dead hosts are `error` with `fetch-failed`
and a reason naming their kind. Prints a table and the ratios; --json writes them.

--scale 1,2,4,8,12 instead runs only the tool on the healthy farm with each --workers.

The tool is this checkout's (python -m beian_check), or the command in $BEIAN_CHECK.
Usage: run.py [--targets 10000 | --quick] [--rounds 1] [--farm DIR] [--json FILE]
              [--no-peer] [--only healthy|mixed] [--scale 1,2,4,8,12] [--tool-args "..."]
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import re
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from typing import Any

from farm import Farm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# What a dead host's fetch-failed finding must say (English, case-insensitive).
REASONS = {
    "blackhole": r"connect(ion)?[ -]?(timeout|timed out)",
    "refused": r"refused",
    "tarpit": r"read[ -]?(timeout|timed out)",
}
GOALS = {"tool/floor": ("<=", 2.5), "peer/tool": (">=", 3.0), "mixed/healthy": ("<=", 1.5)}


@dataclass
class Run:
    farm: str
    name: str
    seconds: float
    cpu: float
    rss_mb: float
    farm_cpu: float
    rc: int
    out: str
    stopped: bool = False


def measure(farm: Farm, farm_name: str, name: str, cmd: list[str], env: dict[str, str], limit: float) -> Run:
    farm_cpu = farm.cpu_seconds()
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        p = subprocess.Popen(
            cmd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        stopped = False
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            late = time.perf_counter() - started - limit
            if late > 0 and not stopped:
                os.kill(p.pid, signal.SIGTERM)  # the tool reports what it finished on SIGTERM
                stopped = True
            elif late > 20:
                os.killpg(p.pid, signal.SIGKILL)
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        with contextlib.suppress(ProcessLookupError):
            os.killpg(p.pid, signal.SIGKILL)  # nothing of a run outlives it
        if stopped:
            print(f"  {farm_name} {name}: stopped after {limit:.0f} s (--limit)", flush=True)
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    run = Run(
        farm_name,
        name,
        round(seconds, 2),
        round(ru.ru_utime + ru.ru_stime, 2),
        round(ru.ru_maxrss / 1024, 1),
        round(farm.cpu_seconds() - farm_cpu, 2),
        p.returncode,
        text.strip()[-2000:],
        stopped,
    )
    print(
        f"  {farm_name:8} {name:6} {run.seconds:8.2f} s  cpu {run.cpu:7.2f} s  peak {run.rss_mb:6.1f} MB  "
        f"farm cpu {run.farm_cpu:6.2f} s  rc {run.rc}",
        flush=True,
    )
    return run


def tool_defaults() -> tuple[int, float, float]:
    """-> the tool's default (concurrency, connect timeout, read timeout)."""
    sys.path.insert(0, ROOT)
    from beian_check.settings import Settings

    s = Settings()
    return s.concurrency, getattr(s, "connect_timeout", s.timeout), s.timeout


class Tool:
    """How to run the tool with the farm's names: its own --resolve, or the shim."""

    def __init__(self, farm: Farm, extra: list[str]) -> None:
        self.base = shlex.split(os.environ.get("BEIAN_CHECK", "")) or [sys.executable, "-m", "beian_check"]
        self.env = farm.env()
        self.env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH")) if p)
        self.extra = extra
        help_text = subprocess.run(
            self.base + ["--help"], env=self.env, capture_output=True, text=True, check=False
        ).stdout
        self.native = "--resolve" in help_text
        if self.native:
            self.resolve = [x for e in farm.resolve for x in ("--resolve", e)]
        elif not os.environ.get("BEIAN_CHECK"):
            # A build without --resolve: the same crawl with aiohttp's resolver mapped.
            self.base = [sys.executable, os.path.join(HERE, "resolve_shim.py")]
            self.env["BENCH_RESOLVE"] = " ".join(farm.resolve)
            self.resolve = []
        else:
            raise SystemExit("bench: this beian-check has no --resolve")

    def cmd(self, targets: str, report: str, *more: str) -> list[str]:
        return [
            *self.base,
            targets,
            "--format",
            "jsonl",
            "--output",
            report,
            *self.resolve,
            *self.extra,
            *more,
        ]


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in strings(v)]
    return []


def verify(report: str, expect: str) -> tuple[collections.Counter[str], list[str]]:
    """-> (right verdicts by kind, what was wrong, one line each)."""
    results = {}
    try:
        with open(report, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                results[r["target"]] = r
    except (OSError, ValueError):
        pass
    right: collections.Counter[str] = collections.Counter()
    wrong = []
    with open(expect) as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    for target, kind, want in rows:
        r = results.get(target)
        if r is None:
            wrong.append(f"{kind} {target}: no result")
            continue
        final = r.get("final_url") or ""
        codes = [x.get("code") for x in r.get("findings", [])]
        if kind in REASONS:
            # The reason, without the page URL and the host name (which names the zone).
            why = " | ".join(
                s
                for x in r.get("findings", [])
                if x.get("code") == "fetch-failed"
                for k, v in x.items()
                if k not in ("page", "evidence")
                for s in strings(v)
            )
            why = why.replace(target, "<host>")
            if r["status"] != "error" or not re.search(REASONS[kind], why, re.IGNORECASE):
                wrong.append(f"{kind} {target}: {r['status']} {codes} {why[:200]!r}")
                continue
        else:
            scheme = "http://" if kind == "nohttps" else "https://"
            if r["status"] != want or not final.startswith(scheme):
                wrong.append(f"{kind} {target}: {r['status']} (want {want}) at {final} {codes}")
                continue
        right[kind] += 1
    return right, wrong


def run_farms(a: argparse.Namespace, farm: Farm, tool: Tool) -> dict[str, Any]:
    concurrency, connect_timeout, timeout = tool_defaults()
    py = sys.executable
    resolve = [x for e in farm.resolve for x in ("--resolve", e)]
    have_scrapy = not subprocess.run([py, "-c", "import scrapy"], capture_output=True, check=False).returncode
    limit = a.limit
    runs: list[Run] = []
    verdicts: dict[str, Any] = {}
    for name in a.only:
        targets, expect = farm.path(f"targets-{name}-{farm.n}.txt"), farm.path(f"expect-{name}-{farm.n}.tsv")
        report = os.path.join(farm.work, f"report-{name}.jsonl")
        for _ in range(a.rounds):
            if not a.no_floor:
                floor = [
                    py,
                    os.path.join(HERE, "floor.py"),
                    targets,
                    *resolve,
                    "--timeout",
                    str(timeout),
                    "--connect-timeout",
                    str(connect_timeout),
                    "--procs",
                    str(os.cpu_count() or 1),
                    "--concurrency",
                    str(concurrency),
                ]
                runs.append(measure(farm, name, "floor", floor, farm.env(), limit))
            if not a.no_peer and have_scrapy and (name == "healthy" or a.peer_mixed):
                runs.append(
                    measure(
                        farm,
                        name,
                        "peer",
                        [
                            py,
                            os.path.join(HERE, "peer.py"),
                            targets,
                            *resolve,
                            "--concurrency",
                            str(concurrency),
                            "--timeout",
                            str(timeout),
                        ],
                        farm.env(),
                        limit,
                    )
                )
            runs.append(measure(farm, name, "tool", tool.cmd(targets, report), tool.env, limit))
        right, wrong = verify(report, expect)
        verdicts[name] = {"right": dict(right), "wrong": len(wrong), "examples": wrong[:10]}
    return {"runs": [asdict(r) for r in runs], "verdicts": verdicts}


def summarise(result: dict[str, Any], n: int) -> dict[str, float]:
    """Print the medians, the verdict check and the ratios; -> the ratios."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
    for r in result["runs"]:
        groups[(r["farm"], r["name"])].append(r)
    wall = {k: statistics.median(r["seconds"] for r in rows) for k, rows in groups.items()}
    cpu = {k: statistics.median(r["cpu"] for r in rows) for k, rows in groups.items()}
    print(f"\n{n} targets, medians: wall s, CPU s (process tree), peak RSS MB (largest process), farm CPU s")
    for (farm_name, name), rows in groups.items():
        last = rows[-1]["out"].splitlines()[-1][:160] if rows[-1]["out"] and name != "tool" else ""
        rss, farm_cpu = max(r["rss_mb"] for r in rows), statistics.median(r["farm_cpu"] for r in rows)
        print(
            f"  {farm_name:8} {name:6} {wall[(farm_name, name)]:8.2f} {cpu[(farm_name, name)]:8.2f} "
            f"{rss:7.1f} {farm_cpu:7.2f}  {last}"
        )
    for name, v in result["verdicts"].items():
        print(f"  {name} farm, tool verdicts right: {v['right']}, wrong: {v['wrong']}")
        for line in v["examples"]:
            print(f"    {line}")
    ratios = {}
    pairs = {
        "tool/floor": (("healthy", "tool"), ("healthy", "floor")),
        "peer/tool": (("healthy", "peer"), ("healthy", "tool")),
        "mixed/healthy": (("mixed", "tool"), ("healthy", "tool")),
    }
    for k, (top, bottom) in pairs.items():
        if top in wall and bottom in wall:
            ratios[k] = round(wall[top] / wall[bottom], 2)
            cut = any(r["stopped"] for r in groups[top] + groups[bottom])
            ratios[k + " (CPU)"] = round(cpu[top] / cpu[bottom], 2)
            op, goal = GOALS[k]
            met = ratios[k] <= goal if op == "<=" else ratios[k] >= goal
            print(
                f"  {k:14} {ratios[k]:5.2f}  (goal {op} {goal}: {'met' if met else 'NOT met'}); "
                f"CPU time ratio {ratios[k + ' (CPU)']:.2f}"
                + ("; a run was stopped at --limit, so this is a bound, not a measure" if cut else "")
            )
    return ratios


def run_scale(a: argparse.Namespace, farm: Farm, tool: Tool) -> dict[str, Any]:
    targets = farm.path(f"targets-healthy-{farm.n}.txt")
    expect = farm.path(f"expect-healthy-{farm.n}.tsv")
    rows = []
    for w in a.scale:
        report = os.path.join(farm.work, f"report-w{w}.jsonl")
        cmd = tool.cmd(targets, report, "--workers", str(w))
        runs = [measure(farm, "healthy", f"w{w}", cmd, tool.env, a.limit) for _ in range(a.rounds)]
        best = min(runs, key=lambda r: r.seconds)
        right, wrong = verify(report, expect)
        rows.append(
            {
                "workers": w,
                "seconds": best.seconds,
                "all": [r.seconds for r in runs],
                "cpu": best.cpu,
                "cpu_ms_per_target": round(1000 * best.cpu / farm.n, 3),
                "rss_mb": best.rss_mb,
                "right": sum(right.values()),
                "wrong": len(wrong),
            }
        )
        base = rows[0]["seconds"] * rows[0]["workers"]
        rows[-1]["speedup"] = round(base / best.seconds, 2)
        rows[-1]["efficiency"] = round(base / best.seconds / w, 2)
        rows[-1]["farm_cpu"] = best.farm_cpu
        print("  " + "  ".join(f"{k}={v}" for k, v in rows[-1].items()), flush=True)
        if a.json:  # after each count: a run cut short keeps what it measured
            with open(a.json, "w") as f:
                json.dump({"scale": rows, "targets": farm.n, "cpus": os.cpu_count()}, f, indent=1)
    return {"scale": rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--targets", type=int, default=10000)
    ap.add_argument("--quick", action="store_true", help="500 targets, for a smoke run")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--farm", default=None, help="farm directory (default /tmp/beian-bench-farm)")
    ap.add_argument("--sites", type=int, default=2000, help="distinct sites behind the names")
    ap.add_argument("--farm-workers", type=int, default=1, help="nginx workers (or Python servers)")
    ap.add_argument("--https-port", type=int, default=443)
    ap.add_argument("--http-port", type=int, default=80)
    ap.add_argument("--only", choices=("healthy", "mixed"), action="append")
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--no-floor", action="store_true")
    ap.add_argument("--peer-mixed", action="store_true", help="also run the peer on the mixed farm (slow)")
    ap.add_argument("--scale", type=lambda s: [int(x) for x in s.split(",")], default=None)
    ap.add_argument("--tool-args", default="", help="extra options for the tool")
    ap.add_argument("--limit", type=float, default=300, help="seconds before one run is killed")
    ap.add_argument("--json", default=None, help="write the figures here")
    a = ap.parse_args()
    n = 500 if a.quick else a.targets
    a.only = a.only or ["healthy", "mixed"]
    farm = Farm(
        a.farm or "/tmp/beian-bench-farm",
        n,
        https_port=a.https_port,
        http_port=a.http_port,
        workers=a.farm_workers,
        sites=a.sites,
        dead=not a.scale,
    )
    t = time.perf_counter()
    farm.build()
    print(f"farm: {n} targets in {farm.dir} ({time.perf_counter() - t:.1f} s to build)", flush=True)
    with farm:
        tool = Tool(farm, shlex.split(a.tool_args))
        checked = "every kind of host behaves as named" if farm.dead else "healthy sites answer"
        print(
            f"tool: {' '.join(tool.base)} ({'--resolve' if tool.native else 'resolve shim'}); "
            f"farm checked: {checked}",
            flush=True,
        )
        if a.scale:
            result = run_scale(a, farm, tool)
        else:
            result = run_farms(a, farm, tool)
            result["ratios"] = summarise(result, n)
    result.update(
        targets=n,
        tool=" ".join(tool.base),
        native_resolve=tool.native,
        cpus=os.cpu_count(),
        when=time.strftime("%Y-%m-%d %H:%M:%S"),
    )
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
