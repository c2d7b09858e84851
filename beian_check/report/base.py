"""What every format shares: the reader's view, ordering, the translated words of a
report, plain-text cleaning, and a finding message split into template text and values
(so that a format can mark up the values: code spans in Markdown)."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from ..baseline import got_worse
from ..messages import CATALOGUE, LANGS, Arg, Text, t
from ..model import Finding, Report, RunInfo, Summary, TargetResult

# C0/C1 control characters (ESC starts terminal escape sequences), DEL, and bidi
# overrides that can make a line read differently from what it contains.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class View:
    """How the reader wants the report: one value every format takes, so that a new
    reader preference never changes the formats' signatures."""

    lang: str = "en"  # "en" | "zh": every human string, finding messages included
    color: bool = False  # ANSI colours (text on a terminal, NO_COLOR unset)
    only_failures: bool = False  # human formats list only fail, error and warned targets
    verbose: bool = False  # text shows each finding's operator detail


DEFAULT_VIEW = View()


def clean(text: str | None) -> str:
    """Crawled text made safe for a terminal or a plain-text file: one line, no controls."""
    if not text:
        return ""
    return CONTROL.sub("", text.replace("\r", " ").replace("\n", " ").replace("\t", " "))


STATUS_ORDER = {"fail": 0, "error": 1, "pass": 2}


def failures_first(report: Report) -> list[TargetResult]:
    """New problems (--baseline) first; then fail, then error, then pass; input order
    within each."""
    return sorted(report.results, key=lambda r: (not got_worse(r), STATUS_ORDER.get(r.status, 3)))


def needs_attention(result: TargetResult) -> bool:
    """What --only-failures keeps: a target that fails, could not be checked, or warns."""
    return result.status != "pass" or result.warnings > 0


def listed(results: list[TargetResult], view: View) -> list[TargetResult]:
    return [r for r in results if needs_attention(r)] if view.only_failures else results


def status_word(status: str, lang: str) -> str:
    return t(f"report.status.{status}", lang) if f"report.status.{status}" in CATALOGUE else status


def severity_word(severity: str, lang: str) -> str:
    key = f"report.severity.{severity}"
    return t(key, lang) if key in CATALOGUE else severity


def summary_line(s: Summary, lang: str) -> str:
    return t(
        "report.summary",
        lang,
        targets=s.targets,
        passed=s.passed,
        failed=s.failed,
        errors=s.errors,
        warnings=s.warnings,
        ignored=s.ignored,
    )


def run_line(run: RunInfo | None, lang: str) -> str:
    """The tool, start, duration and the options that change verdicts; "" without them."""
    if run is None:
        return ""
    return t(
        "report.run",
        lang,
        version=run.version,
        started=run.started,
        duration=f"{run.duration:.1f}",
        strict=t("report.on" if run.strict else "report.off", lang),
        ignore=", ".join(run.ignore) or t("none", lang),
        render=run.render,
    )


def hidden_note(report: Report, view: View) -> str:
    """Under --only-failures, the sentence saying how many passing targets are not listed."""
    if not view.only_failures:
        return ""
    hidden = sum(1 for r in report.results if not needs_attention(r))
    return t("report.only-failures", view.lang, hidden=hidden)


def message_parts(finding: Finding, lang: str) -> list[tuple[str, bool]]:
    """The finding's message as (text, is_value) pieces: template text in ``lang``, and
    the argument values (crawled numbers, URLs, markup) apart, in order."""
    return _parts(finding.key or finding.code, lang, finding.args)


def _parts(key: str, lang: str, args: tuple[tuple[str, Arg], ...]) -> list[tuple[str, bool]]:
    template = CATALOGUE[key][LANGS.index(lang) if lang in LANGS else 0]
    values = dict(args)
    out: list[tuple[str, bool]] = []
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        if literal:
            out.append((literal, False))
        if name is None:
            continue
        value = values[name]
        if isinstance(value, Text):
            out += _parts(value.key, lang, value.args)
        elif str(value):
            out.append((str(value), True))
    return out


class LineNotSupported:
    """Mixin for whole-report formats."""

    streaming = False

    def line(self, result: TargetResult, view: View = DEFAULT_VIEW) -> str:
        raise NotImplementedError(f"{getattr(self, 'name', 'this format')} is not a streaming format")
