"""``beian-check merge REPORT...``: the command line of merging shard reports (part of
cli.py's shell, kept apart for size: cli.py dispatches ``merge`` here)."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from . import cli
from .cli import Command, _fail, _fail_text, _monitor, _notify
from .merge import Merged
from .options import FORMAT_OPTION, LANG_OPTION, monitoring_options
from .output import Output, open_output
from .report import View, get_format
from .reportfile import ReportError


@click.command(
    name="merge",
    cls=Command,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.argument("reports", nargs=-1, required=True, metavar="REPORT...")
@FORMAT_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write the report to this file (atomically) instead of standard output.",
)
@LANG_OPTION
@click.option(
    "--strict",
    is_flag=True,
    help="With --baseline: warnings are failures too (as the shards ran; read from json shards).",
)
@monitoring_options
def merge(**o: Any) -> None:
    """Join the json/jsonl reports of 'beian-check --shard K/N' runs into one report.

    Results are listed in the original input order and the summary is counted again: the
    exit status is the one a single run over all the targets would have had (0, 1, 3, 130;
    2 when a report cannot be read or the shards overlap).
    """
    lang = cli._lang = o["lang"] or cli._lang  # the one-line errors speak it too
    try:
        merged = Merged(list(o["reports"]))
    except ReportError as e:
        _fail_text(e.text)
    monitor = _monitor(o, o["strict"] or merged.strict)
    for line in merged.warnings:
        click.echo(f"beian-check: {line.render(lang)}", err=True)
    report = monitor.rebase(merged.report(lang))
    sink: Output | None = None
    try:
        sink = open_output(o["output"]) if o["output"] and o["output"] != "-" else None
    except OSError as e:
        _fail("cli.cannot-write", path=o["output"], reason=e.strerror or str(e))
    color = sink is None and o["fmt"] == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    (sink.file if sink else sys.stdout).write(get_format(o["fmt"]).render(report, View(lang, color)))
    if sink:
        sink.commit()
    else:
        sys.stdout.flush()
    _notify(monitor, report, lang)
    sys.exit(report.summary.exit_code)
