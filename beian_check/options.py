"""Every option of a run, declared once: names, types, defaults and help. ``cli.py``
takes them as one decorator; ``merge`` shares the monitoring ones; the configuration
file (config.py) reads their names and types from the command click builds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from .report import FORMATS
from .transport import ResolveRule


def _resolve(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        try:
            ResolveRule.parse(value)
        except ValueError as e:
            raise click.BadParameter(str(e)) from None
    return values


# Declared once, taken by a run and by 'merge' alike.
FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="text",
    show_default=True,
    help="Report format.",
)
LANG_OPTION = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Report language (default: from LC_ALL / LC_MESSAGES / LANG; zh* is Chinese).",
)


def monitoring_options(f: Callable[..., None]) -> Callable[..., None]:
    """--baseline, --notify, --notify-on: shared by a run and by 'merge'."""
    for option in reversed(
        (
            click.option(
                "--baseline",
                default=None,
                metavar="FILE",
                help="An earlier json/jsonl report: mark what changed; exit 1 only for new failures, "
                "3 for targets newly not checkable.",
            ),
            click.option(
                "--notify",
                "notify",
                multiple=True,
                metavar="URL",
                help="After the report is written, send a summary to this Apprise URL (wxteams://, "
                "dingtalk://, feishu://, json://...). Repeatable.",
            ),
            click.option(
                "--notify-on",
                type=click.Choice(["new", "fail", "always"]),
                default=None,
                help="When to notify  [default: new with --baseline, else fail]",
            ),
        )
    ):
        f = option(f)
    return f


# The targets argument and every option of a run, in --help order.
RUN_OPTIONS: tuple[Callable[[Callable[..., Any]], Callable[..., Any]], ...] = (
    click.argument("targets", nargs=-1, metavar="[FILE|DIR|DOMAIN|URL|-]..."),
    click.option(
        "--site",
        "sites",
        multiple=True,
        metavar="TARGET",
        help="Add a target (domain or URL, with optional key=value fields). Repeatable.",
    ),
    click.option(
        "--pages",
        "pages",
        multiple=True,
        metavar="PATHS",
        help="Key pages to check on every target, e.g. /about,/contact. Repeatable.",
    ),
    FORMAT_OPTION,
    click.option(
        "-o",
        "--output",
        default=None,
        metavar="FILE",
        help="Write the report to this file instead of standard output (a regular file is replaced "
        "atomically, keeping its mode; a symlink is written through).",
    ),
    click.option(
        "--config",
        "config_file",
        default=None,
        metavar="FILE",
        help="Options from this TOML file (default: ./beian-check.toml, or [tool.beian-check] in "
        "./pyproject.toml); keys are long option names; the command line wins.",
    ),
    LANG_OPTION,
    click.option(
        "--only-failures",
        is_flag=True,
        help="Human formats list only targets that fail, cannot be checked or have warnings "
        "(the summary counts all).",
    ),
    click.option("-v", "--verbose", is_flag=True, help="Text format: show each finding's technical detail."),
    click.option("--strict", is_flag=True, help="Warnings fail a target too."),
    click.option(
        "--ignore",
        "ignore",
        multiple=True,
        metavar="CODE[,CODE...]",
        help="Drop findings with these codes. Repeatable.",
    ),
    click.option(
        "--proxy",
        default=None,
        metavar="URL",
        help="HTTP proxy for every request; overrides HTTP_PROXY/HTTPS_PROXY (NO_PROXY still applies).",
    ),
    click.option("--insecure", is_flag=True, help="Do not verify TLS certificates."),
    click.option(
        "--resolve",
        "resolve",
        multiple=True,
        metavar="HOST:PORT:ADDR[,ADDR...]",
        callback=_resolve,
        help="Connect to ADDR for HOST:PORT without asking DNS, as curl does; the name still goes "
        "to TLS and Host. HOST may be * or *.example.com. Repeatable.",
    ),
    click.option(
        "--connect-timeout",
        type=click.FloatRange(0.1, 600),
        default=5.0,
        show_default=True,
        help="Connect timeout (TCP and TLS handshake), seconds; a dead host costs it once.",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(0.1, 600),
        default=10.0,
        show_default=True,
        help="Read timeout: the longest wait for a server's next bytes, seconds.",
    ),
    click.option(
        "--deadline",
        type=click.FloatRange(1, 3600),
        default=60.0,
        show_default=True,
        help="Time limit for one whole target, seconds.",
    ),
    click.option(
        "--concurrency",
        type=click.IntRange(1, 4096),
        default=64,
        show_default=True,
        help="Targets worked on at once in each crawling process; one still unfinished after "
        "0.5 s waits aside (a slow or dead host), up to 1,024 a process.",
    ),
    click.option(
        "--per-host",
        type=click.IntRange(1, 256),
        default=4,
        show_default=True,
        help="Requests in flight to one host.",
    ),
    click.option(
        "--retries",
        type=click.IntRange(0, 10),
        default=2,
        show_default=True,
        help="Retries for dropped connections, 429 and 5xx (never for timeouts, refusals, DNS or TLS).",
    ),
    click.option(
        "--workers",
        type=click.IntRange(0, 64),
        default=0,
        show_default=True,
        help="Processes to crawl in (0: one per core for runs of 200+ targets, else one).",
    ),
    click.option(
        "--render",
        type=click.Choice(["never", "auto", "always"]),
        default="never",
        show_default=True,
        help="Judge pages in headless Chromium after scripts ran (auto: only when the static pass cannot).",
    ),
    click.option(
        "--screenshots",
        default="beian-screenshots",
        show_default=True,
        metavar="DIR",
        help="Where --render saves a footer screenshot (PNG) of each failing target.",
    ),
    monitoring_options,
    click.option(
        "--shard",
        default=None,
        metavar="K/N",
        help="Check only the K-th of N parts of the targets (split by registrable domain); "
        "join the reports with 'beian-check merge'.",
    ),
)


def run_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Apply RUN_OPTIONS to a command function, in --help order."""
    for decorator in reversed(RUN_OPTIONS):
        f = decorator(f)
    return f
