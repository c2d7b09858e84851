from __future__ import annotations

import csv
import io

from ..model import Report
from .base import LineNotSupported, clean

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str | None) -> str:
    """Crawled text must not become a spreadsheet formula (CSV injection)."""
    v = clean(value)
    return "'" + v if v.startswith(_FORMULA) else v


class CsvFormat(LineNotSupported):
    name = "csv"
    columns = ("target", "status", "url", "final_url", "icp", "icp_link", "psb", "psb_code", "psb_link",
               "psb_icon", "code", "severity", "message", "page", "evidence")

    def render(self, report: Report, *, color: bool = False) -> str:
        """One row per finding (one row with empty finding columns for a clean target)."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.columns)
        for r in report.results:
            base = [r.target, r.status, r.url, r.final_url or "",
                    r.icp.text if r.icp else "", (r.icp.link or "") if r.icp else "",
                    r.psb.text if r.psb else "", r.psb.code if r.psb else "",
                    (r.psb.link or "") if r.psb else "", (r.psb.icon or "") if r.psb else ""]
            for f in r.findings or (None,):
                extra = [f.code, f.severity, f.message(), f.page, f.evidence] if f else [""] * 5
                w.writerow([_cell(v) for v in base + extra])
        return buf.getvalue()
