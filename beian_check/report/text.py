from __future__ import annotations

import unicodedata
from collections.abc import Callable

from ..messages import t
from ..model import Report, TargetResult
from .base import (
    DEFAULT_VIEW,
    LineNotSupported,
    View,
    clean,
    hidden_note,
    listed,
    run_line,
    severity_word,
    status_word,
    summary_line,
)
from .changes import change_note, change_tag, new_first, summary_lines

# Errors red, warnings yellow; a target that could not be checked is magenta, so that it
# does not read as a warning.
_COLORS = {
    "pass": "\x1b[32m",
    "fail": "\x1b[31m",
    "error": "\x1b[35m",
    "sev-error": "\x1b[31m",
    "sev-warning": "\x1b[33m",
    "dim": "\x1b[2m",
}
_RESET = "\x1b[0m"


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


class TextFormat(LineNotSupported):
    name = "text"

    def render(self, report: Report, view: View = DEFAULT_VIEW) -> str:
        lang = view.lang

        def paint(s: str, key: str) -> str:
            return f"{_COLORS[key]}{s}{_RESET}" if view.color and key in _COLORS else s

        results = new_first(listed(report.results, view))
        head = tuple(t(f"report.col.{c}", lang).upper() for c in ("status", "target", "icp", "psb"))
        rows = [(head, "")]
        for r in results:
            icp, psb = clean(r.icp.text) if r.icp else "-", clean(r.psb.text) if r.psb else "-"
            status = status_word(r.status, lang).upper() + change_tag(r, lang)
            rows.append(((status, clean(r.target), icp, psb), r.status))
        widths = [max(_width(row[i]) for row, _ in rows) for i in range(3)]
        lines = []
        for row, status in rows:
            cells = [_pad(row[i], widths[i]) for i in range(3)] + [row[3]]
            cells[0] = paint(cells[0], status)
            lines.append("  ".join(cells).rstrip())
        details = [r for r in results if r.findings or change_note(r)]
        if details:
            lines.append("")
        for r in details:
            lines += self._findings(r, view, paint)
        s = report.summary
        lines.append("")
        if s.interrupted:
            lines.append(t("report.interrupted", lang))
        note = hidden_note(report, view)
        if note:
            lines.append(note)
        lines.append(summary_line(s, lang))
        lines += summary_lines(s, lang)
        run = run_line(report.run, lang)
        if run:
            lines.append(paint(run, "dim"))
        return "\n".join(lines) + "\n"

    @staticmethod
    def _findings(r: TargetResult, view: View, paint: Callable[[str, str], str]) -> list[str]:
        lang = view.lang
        out = [
            t(
                "report.target-status",
                lang,
                target=clean(r.target),
                status=status_word(r.status, lang) + change_note(r, lang),
            )
        ]
        for f in r.findings:
            sev = paint(severity_word(f.severity, lang), f"sev-{f.severity}")
            out.append(f"  {sev} {f.code}: {clean(f.message(lang))}")
            if f.evidence:
                out.append(f"      {clean(f.evidence)[:200]}")
            if view.verbose and f.detail:
                out.append(
                    "      "
                    + t("report.labelled", lang, label=t("report.col.detail", lang), value=clean(f.detail))
                )
        return out
