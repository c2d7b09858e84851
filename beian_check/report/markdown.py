"""Markdown for GitHub job summaries and merge-request comments, as cmark-gfm renders it.

GitHub's renderer autolinks anything that looks like a URL (``www.`` and ``https://``
runs, in escaped text too), so every URL, filing number, piece of markup and crawled value
goes into a code span, where nothing is interpreted; the rest is backslash-escaped. Inside
a table a ``|`` is escaped even in a code span (GFM splits cells first)."""

from __future__ import annotations

import html
import re

from ..messages import t
from ..model import Finding, Report, TargetResult
from .base import (
    DEFAULT_VIEW,
    LineNotSupported,
    View,
    clean,
    failures_first,
    hidden_note,
    listed,
    message_parts,
    run_line,
    severity_word,
    status_word,
    summary_line,
)
from .changes import change_note, change_tag, summary_lines

_ICON = {"pass": "✅", "fail": "❌", "error": "⚠️"}
# Template text that must not be read as Markdown: URLs (and www. hosts), markup, and
# filing numbers.
_LITERAL_CODE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'，。；）]*[^\s<>\"'，。；）.,;:)]"
    r"|<[^<>\n]+>|--[a-z][a-z-]+(?: (?:never|auto|always)\b)?"
    r"|[\u4e00-\u9fff]?(?:ICP[备证]|公网安备)[0-9A-Za-z*]+号?(?:-\d+[AXKaxk]?)?"
)
_PUNCT = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def code(text: str | None, *, table: bool = False) -> str:
    """A code span holding ``text`` verbatim, whatever backticks it contains."""
    s = clean(text)
    if not s.strip():
        return "-"
    if table:
        s = s.replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", s)), default=0) + 1)
    if s[0] == "`" or s[-1] == "`" or (s[0] == " " and s[-1] == " "):
        s = f" {s} "
    return f"{fence}{s}{fence}"


def prose(text: str, *, table: bool = False) -> str:
    """Our own sentence: URLs, markup and numbers in code spans (touching ones in one
    span), the rest escaped."""
    spans: list[list[int]] = []
    for m in _LITERAL_CODE.finditer(text):
        if spans and spans[-1][1] == m.start():
            spans[-1][1] = m.end()
        else:
            spans.append([m.start(), m.end()])
    out, pos = [], 0
    for start, end in spans:
        out.append(_PUNCT.sub(r"\\\1", text[pos:start]))
        out.append(code(text[start:end], table=table))
        pos = end
    out.append(_PUNCT.sub(r"\\\1", text[pos:]))
    return "".join(out)


def message(f: Finding, lang: str) -> str:
    return "".join(code(s) if is_value else prose(s) for s, is_value in message_parts(f, lang))


def fence(snippet: str, info: str = "html") -> list[str]:
    """A fenced code block that no line of ``snippet`` can close."""
    longest = max((len(run) for run in re.findall(r"^ {0,3}(`{3,})", snippet, re.M)), default=2)
    mark = "`" * max(3, longest + 1)
    return [mark + info, *snippet.splitlines(), mark]


class MarkdownFormat(LineNotSupported):
    name = "markdown"

    def render(self, report: Report, view: View = DEFAULT_VIEW) -> str:
        lang = view.lang
        s = report.summary
        lines = [f"## {prose(t('report.title', lang))}", "", prose(summary_line(s, lang))]
        lines += [line for x in summary_lines(s, lang) for line in ("", prose(x))]
        extra = [
            run_line(report.run, lang),
            t("report.interrupted", lang) if s.interrupted else "",
            hidden_note(report, view),
        ]
        lines += ["", *[prose(x) + "  " for x in extra if x]] if any(extra) else []
        results = listed(failures_first(report), view)
        head = [t(f"report.col.{c}", lang) for c in ("status", "target", "icp", "psb", "findings")]
        lines += ["", "| " + " | ".join(prose(h, table=True) for h in head) + " |", "|---|---|---|---|---|"]
        for r in results:
            codes = ", ".join(f"`{f.code}`" for f in r.findings) or "-"
            status = status_word(r.status, lang) + change_tag(r, lang)
            lines.append(
                f"| {_ICON.get(r.status, '')} {prose(status, table=True)} "
                f"| {code(r.target, table=True)} | {code(r.icp.text if r.icp else '', table=True)} "
                f"| {code(r.psb.text if r.psb else '', table=True)} | {codes} |"
            )
        bad = [r for r in results if r.findings or change_note(r)]
        if bad:
            lines += ["", f"<details><summary>{html.escape(t('report.findings', lang))}</summary>", ""]
            for r in bad:
                lines += self._target(r, lang)
            lines.append("</details>")
        return "\n".join(lines) + "\n"

    @staticmethod
    def _target(r: TargetResult, lang: str) -> list[str]:
        status = status_word(r.status, lang) + change_note(r, lang)
        out = [
            prose(t("report.target-status", lang, target="\0", status=status)).replace(
                "\0", f"**{code(r.target)}**"
            ),
            "",
        ]
        for f in r.findings:
            out.append(f"- **{prose(severity_word(f.severity, lang))}** `{f.code}`: {message(f, lang)}")
        out.append("")
        if r.fix:
            out += [
                f"**{prose(t('report.fix.title', lang))}**: {prose(t('report.fix.hint', lang))}",
                "",
                *fence(r.fix),
                "",
            ]
        return out
