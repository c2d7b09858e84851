from __future__ import annotations

import csv
import io

from ..messages import t
from ..model import Report
from .base import DEFAULT_VIEW, LineNotSupported, View, clean, severity_word, status_word

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str | None) -> str:
    """Crawled text must not become a spreadsheet formula (CSV injection)."""
    v = clean(value)
    return "'" + v if v.startswith(_FORMULA) else v


class CsvFormat(LineNotSupported):
    name = "csv"
    columns = (
        "target",
        "status",
        "url",
        "final_url",
        "icp",
        "icp_link",
        "psb",
        "psb_code",
        "psb_link",
        "psb_icon",
        "code",
        "severity",
        "message",
        "page",
        "evidence",
    )

    def render(self, report: Report, view: View = DEFAULT_VIEW) -> str:
        """One row per finding (one row with empty finding columns for a clean target).
        It starts with a UTF-8 byte-order mark: Excel on Chinese Windows reads a CSV
        without one as GBK and garbles every Chinese cell."""
        lang = view.lang
        buf = io.StringIO()
        buf.write("\ufeff")
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([t(f"report.csv.{c}", lang) for c in self.columns])
        for r in report.results:
            base = [
                r.target,
                status_word(r.status, lang),
                r.url,
                r.final_url or "",
                r.icp.text if r.icp else "",
                (r.icp.link or "") if r.icp else "",
                r.psb.text if r.psb else "",
                r.psb.code if r.psb else "",
                (r.psb.link or "") if r.psb else "",
                (r.psb.icon or "") if r.psb else "",
            ]
            for f in r.findings or (None,):
                extra = (
                    [f.code, severity_word(f.severity, lang), f.message(lang), f.page, f.evidence]
                    if f
                    else [""] * 5
                )
                w.writerow([_cell(v) for v in base + extra])
        return buf.getvalue()
