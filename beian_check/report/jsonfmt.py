from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..model import SCHEMA, Report, TargetResult
from .base import DEFAULT_VIEW, LineNotSupported, View


class JsonFormat(LineNotSupported):
    name = "json"

    def render(self, report: Report, view: View = DEFAULT_VIEW) -> str:
        doc: dict[str, Any] = {"schema": SCHEMA, "version": __version__}
        if report.run is not None:
            doc["run"] = report.run.to_dict()
        doc["summary"] = report.summary.to_dict()
        doc["results"] = [r.to_dict(view.lang) for r in report.results]
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


_LINE_BREAKS = {0x2028: "\\u2028", 0x2029: "\\u2029", 0x85: "\\u0085"}


class JsonLinesFormat:
    name = "jsonl"
    streaming = True

    def render(self, report: Report, view: View = DEFAULT_VIEW) -> str:
        return "".join(self.line(r, view) for r in report.results)

    def line(self, result: TargetResult, view: View = DEFAULT_VIEW) -> str:
        # ensure_ascii=False keeps Chinese readable, but U+2028/U+2029/U+0085 would then
        # pass through raw, and str.splitlines() (and JavaScript) break lines on them:
        # escape them so that one result is one line for every reader.
        text = json.dumps(result.to_dict(view.lang), ensure_ascii=False, separators=(",", ":"))
        if "\u2028" in text or "\u2029" in text or "\x85" in text:  # rare: skip the slow translate
            text = text.translate(_LINE_BREAKS)
        return text + "\n"
