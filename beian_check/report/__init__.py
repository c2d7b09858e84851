"""Report formats. One contract (``Format``), one explicit registry; tests render the
shared sample report through every registered format. A format's module is imported
only when it is used: a run pays for one, not seven (xml.sax alone is 20 ms)."""

from __future__ import annotations

import importlib
from typing import Protocol

from ..model import Report, TargetResult
from .base import View

__all__ = ["FORMATS", "Format", "View", "get_format"]


class Format(Protocol):
    name: str
    # A streaming format writes each result as soon as it is ready (``line``) and keeps
    # nothing in memory; the others render the whole report at the end.
    streaming: bool

    def render(self, report: Report, view: View = ...) -> str: ...

    def line(self, result: TargetResult, view: View = ...) -> str: ...


# name -> (module in this package, class)
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "TextFormat"),
    "json": ("jsonfmt", "JsonFormat"),
    "jsonl": ("jsonfmt", "JsonLinesFormat"),
    "junit": ("junit", "JunitFormat"),
    "csv": ("csvfmt", "CsvFormat"),
    "markdown": ("markdown", "MarkdownFormat"),
    "html": ("html", "HtmlFormat"),
    "prometheus": ("prometheus", "PrometheusFormat"),
}


def get_format(name: str) -> Format:
    module, cls = FORMATS[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)()  # type: ignore[no-any-return]
