from __future__ import annotations

import unicodedata

from ..model import Report
from .base import LineNotSupported, clean

_COLORS = {"pass": "\x1b[32m", "fail": "\x1b[31m", "error": "\x1b[33m", "warning": "\x1b[33m"}
_RESET = "\x1b[0m"


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _width(s))


class TextFormat(LineNotSupported):
    name = "text"

    def render(self, report: Report, *, color: bool = False) -> str:
        def paint(s: str, key: str) -> str:
            return f"{_COLORS[key]}{s}{_RESET}" if color and key in _COLORS else s

        rows = [("STATUS", "TARGET", "ICP", "PUBLIC SECURITY")]
        for r in report.results:
            rows.append((r.status.upper(), clean(r.target), clean(r.icp.text) if r.icp else "-",
                         clean(r.psb.text) if r.psb else "-"))
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        lines = []
        for n, row in enumerate(rows):
            cells = [_pad(row[i], widths[i]) for i in range(3)] + [row[3]]
            if n:
                cells[0] = paint(cells[0], row[0].lower())
            lines.append("  ".join(cells).rstrip())
        details = [r for r in report.results if r.findings]
        if details:
            lines.append("")
        for r in details:
            lines.append(f"{clean(r.target)} ({r.status}):")
            for f in r.findings:
                lines.append(f"  {paint(f.severity, f.severity)} {f.code}: {clean(f.message())}")
                if f.evidence:
                    lines.append(f"      {clean(f.evidence)[:200]}")
        s = report.summary
        tail = f"{s.targets} target{'s' if s.targets != 1 else ''}: {s.passed} pass, {s.failed} fail, {s.errors} error"
        if s.interrupted:
            tail += " (interrupted: unfinished targets are not listed)"
        lines += ["", tail]
        return "\n".join(lines) + "\n"
