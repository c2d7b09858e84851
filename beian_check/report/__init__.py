"""Report formats. One contract (``Format``), one explicit registry; ``tests`` render the
shared sample report through every registered format."""

from __future__ import annotations

from typing import Protocol

from ..model import Report, TargetResult
from . import csvfmt, html, jsonfmt, junit, markdown, text


class Format(Protocol):
    name: str
    # A streaming format writes each result as soon as it is ready (``line``) and keeps
    # nothing in memory; the others render the whole report at the end.
    streaming: bool

    def render(self, report: Report, *, color: bool = False) -> str: ...

    def line(self, result: TargetResult) -> str: ...


FORMATS: dict[str, Format] = {
    "text": text.TextFormat(),
    "json": jsonfmt.JsonFormat(),
    "jsonl": jsonfmt.JsonLinesFormat(),
    "junit": junit.JunitFormat(),
    "csv": csvfmt.CsvFormat(),
    "markdown": markdown.MarkdownFormat(),
    "html": html.HtmlFormat(),
}
