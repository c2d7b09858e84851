from __future__ import annotations

import json

from .. import __version__
from ..model import SCHEMA, Report, TargetResult
from .base import LineNotSupported


class JsonFormat(LineNotSupported):
    name = "json"

    def render(self, report: Report, *, color: bool = False) -> str:
        doc = {"schema": SCHEMA, "version": __version__, "summary": report.summary.to_dict(),
               "results": [r.to_dict() for r in report.results]}
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


_LINE_BREAKS = {0x2028: "\\u2028", 0x2029: "\\u2029", 0x85: "\\u0085"}


class JsonLinesFormat:
    name = "jsonl"
    streaming = True

    def render(self, report: Report, *, color: bool = False) -> str:
        return "".join(self.line(r) for r in report.results)

    def line(self, result: TargetResult) -> str:
        # ensure_ascii=False keeps Chinese readable, but U+2028/U+2029/U+0085 would then
        # pass through raw, and str.splitlines() (and JavaScript) break lines on them:
        # escape them so that one result is one line for every reader.
        text = json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":"))
        if "\u2028" in text or "\u2029" in text or "\x85" in text:   # rare: skip the slow translate
            text = text.translate(_LINE_BREAKS)
        return text + "\n"
