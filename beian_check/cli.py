"""The command line: options -> Settings, run, write the report, exit status. No rules
here, and the only module that prints."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__, config
from .messages import Arg, Text, lang_from_env, t
from .model import CODES, Report, RunInfo, Summary, TargetResult
from .monitor import Monitor, MonitorError
from .options import run_options
from .output import Output, open_output
from .render import check_available
from .report import View, get_format
from .run import run_targets, run_until_signalled
from .settings import Settings
from .targets import ARGUMENT, TargetPlan, TargetsError, argument_target, code_hint
from .workers import default_workers, run_in_workers

# The language of the one-line errors; --lang sets it as soon as it is parsed.
_lang = lang_from_env(os.environ)


def _fail(key: str, **args: Arg) -> NoReturn:
    """A mistake the user can fix: one line in their language, exit 2, no traceback."""
    click.echo(f"beian-check: {t(key, _lang, **args)}", err=True)
    sys.exit(2)


def _fail_text(reason: Text) -> NoReturn:
    click.echo(f"beian-check: {reason.render(_lang)}", err=True)
    sys.exit(2)


def _usage_error(e: click.UsageError) -> NoReturn:
    if isinstance(e, click.NoSuchOption):
        hint = (
            t("cli.did-you-mean", _lang, suggestion=", ".join(sorted(e.possibilities)))
            if e.possibilities
            else ""
        )
        _fail("cli.usage", message=t("cli.no-such-option", _lang, option=e.option_name) + hint)
    if isinstance(e, click.MissingParameter) and e.param is not None and e.param.opts:
        _fail("cli.usage", message=t("cli.missing-value", _lang, option=e.param.opts[-1]))
    if isinstance(e, click.BadParameter) and e.param is not None and e.param.opts:
        _fail(
            "cli.usage",
            message=t("cli.bad-option-value", _lang, option=max(e.param.opts, key=len), message=e.message),
        )
    _fail("cli.usage", message=e.format_message())


class Command(click.Command):
    """Errors a user can cause reach them once, as one line in their language with a
    hint, never click's multi-line usage block; the configuration file supplies the
    defaults (the command line wins)."""

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        global _lang
        argv = list(sys.argv[1:] if args is None else args)
        if argv[:1] == ["merge"] and self is main:
            from .cli_merge import merge

            return merge.main(
                argv[1:], f"{prog_name or 'beian-check'} merge", complete_var, standalone_mode, **extra
            )
        _lang = _option_in(argv, "--lang", ("zh", "en")) or lang_from_env(os.environ)
        try:
            # The configuration file holds a run's options; merge takes its own from the
            # command line only.
            found = config.find(_option_in(argv, "--config"), Path.cwd()) if self is main else None
            if found is not None and "default_map" not in extra:
                extra["default_map"] = config.defaults(self, *found)
        except config.ConfigError as e:
            _fail_text(e.reason)
        try:
            rv = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as e:
            _usage_error(e)
        except click.Abort:
            click.echo(f"beian-check: {t('cli.aborted', _lang)}", err=True)
            sys.exit(1)
        if standalone_mode:
            sys.exit(rv if isinstance(rv, int) else 0)
        return rv


def _option_in(argv: list[str], name: str, choices: tuple[str, ...] | None = None) -> str | None:
    """An option's value from the raw arguments, for what must be known before click
    parses them (the language of its errors, the configuration file)."""
    for i, a in enumerate(argv):
        if a == "--":
            break
        value = (
            a.partition("=")[2]
            if a.startswith(name + "=")
            else (argv[i + 1] if a == name and i + 1 < len(argv) else None)
        )
        if value is not None and (choices is None or value in choices):
            return value
    return None


def _read_sources(paths: tuple[str, ...]) -> list[tuple[str, list[str] | None]]:
    sources: list[tuple[str, list[str] | None]] = []
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            name = "<stdin>"
        elif os.path.isdir(p):
            sources.append((p, None))
            continue
        elif not os.path.lexists(p):
            # Not a file: a domain or a URL is a target, as lychee takes it.
            try:
                argument_target(p)
            except ValueError as e:
                _fail("cli.not-a-target", path=p, reason=e.args[0])
            sources.append((ARGUMENT, [p]))
            continue
        else:
            name = p
            try:
                data = Path(p).read_bytes()
            except FileNotFoundError:
                _fail("cli.no-such-file", path=p)
            except OSError as e:
                _fail("cli.cannot-read", path=p, reason=e.strerror or str(e))
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            _fail("cli.not-utf8", where=f"{name}:{line}")
        sources.append((name, text.splitlines()))
    return sources


class Progress:
    """A one-line progress bar on standard error, only when it is a terminal."""

    def __init__(self, total: int, enabled: bool, lang: str = "en") -> None:
        self.total, self.enabled, self.lang = total, enabled, lang
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
            counts = t("cli.progress", self.lang, passed=s.passed, failed=s.failed, errors=s.errors)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {s.targets}/{self.total} {counts} ")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.summary.targets:
            sys.stderr.write("\n")


def _split_csv(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _monitor(o: dict[str, Any], strict: bool) -> Monitor:
    """The monitoring options, checked (and the baseline read) before anything runs."""
    try:
        monitor = Monitor.from_options(
            baseline=o["baseline"],
            notify=o["notify"],
            notify_on=o["notify_on"],
            shard=o.get("shard"),
            strict=strict,
        )
    except MonitorError as e:
        _fail_text(e.text)
    for line in monitor.warnings:
        click.echo(f"beian-check: {line.render(_lang)}", err=True)
    return monitor


def _notify(monitor: Monitor, report: Report, lang: str) -> None:
    for line in monitor.send(report, lang):
        click.echo(f"beian-check: {line.render(lang)}", err=True)


@click.command(
    cls=Command, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@run_options
@click.version_option(__version__, "-V", "--version", prog_name="beian-check")
def main(**o: Any) -> None:
    """Check that websites show their MIIT ICP and public-security filing marks correctly.

    FILE is a targets file (one domain or URL per line, '-' for standard input); DIR is a
    static-site build (Hugo/Hexo public/, dist/) checked offline; any other argument is a
    DOMAIN or URL to check. Options may also come from beian-check.toml. Exit status: 0 all
    passed, 1 some failed, 2 bad usage or input, 3 none failed but some could not be
    checked, 130 interrupted. 'beian-check merge REPORT...' joins the reports of --shard runs.
    """
    global _lang
    _lang = o["lang"] or _lang
    settings = _settings(o)
    monitor = _monitor(o, settings.strict)
    plan = monitor.select(_plan(o["targets"], o["sites"]))
    # One browser per run: rendering stays in one process.
    workers = 1 if settings.render != "never" else o["workers"] or default_workers(len(plan))
    view = View(lang=_lang, only_failures=o["only_failures"], verbose=o["verbose"])
    sys.exit(execute(plan, settings, o["fmt"], o["output"], workers, view, monitor))


def _settings(o: dict[str, Any]) -> Settings:
    """The options, checked, as Settings; a bad one is a one-line error."""
    ignored = frozenset(_split_csv(o["ignore"]))
    for code in sorted(ignored - set(CODES)):
        _fail("cli.unknown-code", where="--ignore", code=code, hint=code_hint(code))
    page_list = _split_csv(o["pages"])
    for p in page_list:
        if not p.startswith("/"):
            _fail("cli.bad-page", page=repr(p))
    proxy = o["proxy"]
    if proxy is not None and not proxy.lower().startswith(("http://", "https://")):
        _fail("cli.bad-proxy")
    if o["render"] != "never" and check_available():
        _fail("cli.render-missing")
    return Settings(
        concurrency=o["concurrency"],
        per_host=o["per_host"],
        timeout=o["timeout"],
        deadline=o["deadline"],
        retries=o["retries"],
        verify_tls=not o["insecure"],
        proxy=proxy,
        pages=tuple(page_list),
        strict=o["strict"],
        ignore=ignored,
        render=o["render"],
        screenshots=o["screenshots"],
        connect_timeout=o["connect_timeout"],
        resolve=o["resolve"],
    )


def _plan(targets: tuple[str, ...], sites: tuple[str, ...]) -> TargetPlan:
    if not targets and not sites:
        _fail("cli.no-targets")
    try:
        plan = TargetPlan.build(_read_sources(targets), sites)
    except TargetsError as e:
        for line in e.render(_lang):
            click.echo(line, err=True)
        _fail("cli.bad-lines", count=len(e.lines))
    if not len(plan):
        _fail("cli.empty")
    return plan


def execute(
    targets: TargetPlan,
    settings: Settings,
    fmt: str,
    output: str | None,
    workers: int = 1,
    view: View | None = None,
    monitor: Monitor | None = None,
) -> int:
    """Run the checks, stream or write the report, and return the exit status."""
    view = view or View(lang=_lang)
    monitor = monitor or Monitor()
    formatter = get_format(fmt)
    sink: Output | None = None
    try:
        sink = open_output(output) if output and output != "-" else None
    except OSError as e:
        _fail("cli.cannot-write", path=output or "", reason=e.strerror or str(e))
    stream = sink.file if sink else sys.stdout
    report = Report()
    monitor.start(report)
    progress = Progress(len(targets), sys.stderr.isatty(), view.lang)
    started, t0 = dt.datetime.now().astimezone(), time.monotonic()

    def emit(result: TargetResult) -> None:
        result = monitor.annotate(result)
        progress.update(result)
        if formatter.streaming:
            report.summary.add(result)
            stream.write(formatter.line(result, view))
            stream.flush()
        else:
            report.add(result)

    if workers > 1:
        interrupted = run_in_workers(targets, settings, emit, workers)
    else:
        interrupted = run_until_signalled(lambda: run_targets(targets, settings, emit))
    progress.close()
    report.summary.interrupted = interrupted
    monitor.finish(report)
    report.run = RunInfo(
        __version__,
        started.isoformat(timespec="seconds"),
        time.monotonic() - t0,
        settings.strict,
        tuple(sorted(settings.ignore)),
        settings.render,
        view.lang,
    )
    if not formatter.streaming:
        # https://no-color.org: NO_COLOR set to anything but "" turns colour off.
        color = sink is None and fmt == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        stream.write(formatter.render(report, View(view.lang, color, view.only_failures, view.verbose)))
    if sink:
        sink.commit()
    else:
        sys.stdout.flush()
    if interrupted:
        s = report.summary
        click.echo(
            f"beian-check: {t('cli.interrupted', view.lang, done=s.targets, total=len(targets))}", err=True
        )
    _notify(monitor, report, view.lang)
    return report.summary.exit_code
