"""Shared helpers for formats: ordering and plain-text cleaning."""

from __future__ import annotations

import re

from ..model import Report, TargetResult

# C0/C1 control characters (ESC starts terminal escape sequences), DEL, and bidi
# overrides that can make a line read differently from what it contains.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """Crawled text made safe for a terminal or a plain-text file: one line, no controls."""
    if not text:
        return ""
    return CONTROL.sub("", text.replace("\r", " ").replace("\n", " ").replace("\t", " "))


STATUS_ORDER = {"fail": 0, "error": 1, "pass": 2}


def failures_first(report: Report) -> list[TargetResult]:
    """Fail, then error, then pass; input order within each."""
    return sorted(report.results, key=lambda r: STATUS_ORDER.get(r.status, 3))


class LineNotSupported:
    """Mixin for whole-report formats."""
    streaming = False

    def line(self, result: TargetResult) -> str:
        raise NotImplementedError(f"{getattr(self, 'name', 'this format')} is not a streaming format")
