"""The command line: options -> Settings, run, write the report, exit status. No rules
here, and the only module that prints."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

import click

from . import __version__
from .model import CODES, Report, Summary, TargetResult
from .render import check_available
from .report import FORMATS, get_format
from .run import run_targets, run_until_signalled
from .settings import Settings
from .targets import TargetPlan, TargetsError
from .transport import ResolveRule
from .workers import default_workers, run_in_workers


class AtomicFile:
    """Write to a temporary file beside PATH and rename it over PATH at the end, so that
    a crash or kill -9 never leaves a truncated report in place of the previous one."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)
        parent = self.path.parent
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=parent)
        self.tmp = Path(tmp)
        self.file: IO[str] = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.file.close()
        self.tmp.unlink(missing_ok=True)


def _fail(message: str) -> None:
    click.echo(f"beian-check: {message}", err=True)
    sys.exit(2)


def _read_sources(paths: tuple[str, ...]) -> list[tuple[str, list[str] | None]]:
    sources: list[tuple[str, list[str] | None]] = []
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            name = "<stdin>"
        elif os.path.isdir(p):
            sources.append((p, None))
            continue
        else:
            name = p
            try:
                data = Path(p).read_bytes()
            except FileNotFoundError:
                _fail(f"{p}: no such file or directory")
            except OSError as e:
                _fail(f"{p}: cannot read ({e.strerror or e})")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            _fail(f"{name}:{line}: not UTF-8 text (save the targets file as UTF-8)")
        sources.append((name, text.splitlines()))
    return sources


class Progress:
    """A one-line progress bar on standard error, only when it is a terminal."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled = total, enabled
        self.summary = Summary()
        self.last = 0.0

    def update(self, result: TargetResult) -> None:
        self.summary.add(result)
        now = time.monotonic()
        if self.enabled and (now - self.last > 0.1 or self.summary.targets == self.total):
            self.last = now
            s = self.summary
            width = 30
            filled = width * s.targets // max(self.total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {s.targets}/{self.total} "
                             f"pass {s.passed} fail {s.failed} error {s.errors} ")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.summary.targets:
            sys.stderr.write("\n")


def _resolve(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        try:
            ResolveRule.parse(value)
        except ValueError as e:
            raise click.BadParameter(str(e)) from None
    return values


def _split_csv(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.command(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.argument("targets", nargs=-1, metavar="[FILE|DIR|-]...")
@click.option("--site", "sites", multiple=True, metavar="TARGET",
              help="Add a target (domain or URL, with optional key=value fields). Repeatable.")
@click.option("--pages", "pages", multiple=True, metavar="PATHS",
              help="Key pages to check on every target, e.g. /about,/contact. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--strict", is_flag=True, help="Warnings fail a target too.")
@click.option("--ignore", "ignore", multiple=True, metavar="CODE[,CODE...]",
              help="Drop findings with these codes. Repeatable.")
@click.option("--proxy", default=None, metavar="URL",
              help="HTTP proxy for every request; overrides HTTP_PROXY/HTTPS_PROXY (NO_PROXY still applies).")
@click.option("--insecure", is_flag=True, help="Do not verify TLS certificates.")
@click.option("--resolve", "resolve", multiple=True, metavar="HOST:PORT:ADDR[,ADDR...]", callback=_resolve,
              help="Connect to ADDR for HOST:PORT without asking DNS, as curl does; the name still goes "
                   "to TLS and Host. HOST may be * or *.example.com. Repeatable.")
@click.option("--connect-timeout", type=click.FloatRange(0.1, 600), default=5.0, show_default=True,
              help="Connect timeout (TCP and TLS handshake), seconds; a dead host costs it once.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
              help="Read timeout: the longest wait for a server's next bytes, seconds.")
@click.option("--deadline", type=click.FloatRange(1, 3600), default=60.0, show_default=True,
              help="Time limit for one whole target, seconds.")
@click.option("--concurrency", type=click.IntRange(1, 4096), default=64, show_default=True,
              help="Targets checked at once.")
@click.option("--per-host", type=click.IntRange(1, 256), default=4, show_default=True,
              help="Requests in flight to one host.")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
              help="Retries for dropped connections, 429 and 5xx (never for timeouts, refusals, DNS or TLS).")
@click.option("--workers", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Processes to crawl in (0: one per core, up to 4, for runs of 200+ targets).")
@click.option("--render", type=click.Choice(["never", "auto", "always"]), default="never", show_default=True,
              help="Judge pages in headless Chromium after scripts ran (auto: only when the static pass cannot).")
@click.option("--screenshots", default="beian-screenshots", show_default=True, metavar="DIR",
              help="Where --render saves a footer screenshot (PNG) of each failing target.")
@click.version_option(__version__, "-V", "--version", prog_name="beian-check")
def main(targets: tuple[str, ...], sites: tuple[str, ...], pages: tuple[str, ...], fmt: str,
         output: str | None, strict: bool, ignore: tuple[str, ...], proxy: str | None, insecure: bool,
         resolve: tuple[str, ...], connect_timeout: float, timeout: float, deadline: float,
         concurrency: int, per_host: int, retries: int,
         workers: int, render: str, screenshots: str) -> None:
    """Check that websites show their MIIT ICP and public-security filing marks correctly.

    FILE is a targets file (one domain or URL per line, '-' for standard input); DIR is a
    static-site build (Hugo/Hexo public/, dist/) checked offline. Exit status: 0 all
    passed, 1 some failed, 2 bad usage or input, 3 none failed but some could not be
    checked, 130 interrupted.
    """
    ignored = frozenset(_split_csv(ignore))
    unknown = sorted(ignored - set(CODES))
    if unknown:
        raise click.BadParameter(f"unknown finding code(s): {', '.join(unknown)}", param_hint="--ignore")
    page_list = _split_csv(pages)
    for p in page_list:
        if not p.startswith("/"):
            raise click.BadParameter(f"{p!r} is not a path starting with /", param_hint="--pages")
    if proxy is not None and not proxy.lower().startswith(("http://", "https://")):
        raise click.BadParameter("only http:// and https:// proxies are supported", param_hint="--proxy")
    if render != "never":
        problem = check_available()
        if problem:
            _fail(problem)
    if not targets and not sites:
        raise click.UsageError("no targets: give a targets file, a directory, '-' or --site")
    try:
        plan = TargetPlan.build(_read_sources(targets), sites)
    except TargetsError as e:
        for line in e.errors:
            click.echo(line, err=True)
        click.echo(f"beian-check: {len(e.errors)} bad line(s); nothing was checked", err=True)
        sys.exit(2)
    if not len(plan):
        _fail("the targets file lists no targets")
    settings = Settings(concurrency=concurrency, per_host=per_host, timeout=timeout, deadline=deadline,
                        retries=retries, verify_tls=not insecure, proxy=proxy, pages=tuple(page_list),
                        strict=strict, ignore=ignored, render=render, screenshots=screenshots,
                        connect_timeout=connect_timeout, resolve=resolve)
    # One browser per run: rendering stays in one process.
    workers = 1 if render != "never" else workers or default_workers(len(plan))
    sys.exit(execute(plan, settings, fmt, output, workers))


def execute(targets: TargetPlan, settings: Settings, fmt: str, output: str | None,
            workers: int = 1) -> int:
    """Run the checks, stream or write the report, and return the exit status."""
    formatter = get_format(fmt)
    sink: AtomicFile | None = None
    try:
        sink = AtomicFile(output) if output else None
    except OSError as e:
        _fail(f"{output}: cannot write ({e.strerror or e})")
    stream = sink.file if sink else sys.stdout
    report = Report()
    progress = Progress(len(targets), sys.stderr.isatty())

    def emit(result: TargetResult) -> None:
        progress.update(result)
        if formatter.streaming:
            report.summary.add(result)
            stream.write(formatter.line(result))
            stream.flush()
        else:
            report.add(result)

    if workers > 1:
        interrupted = run_in_workers(targets, settings, emit, workers)
    else:
        interrupted = run_until_signalled(lambda: run_targets(targets, settings, emit))
    progress.close()
    report.summary.interrupted = interrupted
    if not formatter.streaming:
        color = sink is None and fmt == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        stream.write(formatter.render(report, color=color))
    if sink:
        sink.commit()
    else:
        sys.stdout.flush()
    if interrupted:
        s = report.summary
        click.echo(f"beian-check: interrupted; {s.targets} of {len(targets)} targets finished and "
                   "reported", err=True)
    return report.summary.exit_code
