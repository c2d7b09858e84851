from __future__ import annotations

import html
import re

from ..model import Report
from .base import LineNotSupported, clean, failures_first

_ICON = {"pass": "✅ pass", "fail": "❌ fail", "error": "⚠️ error"}


def _md(text: str | None) -> str:
    """Crawled text inside a Markdown table cell: no HTML, no table breaks, no links or
    emphasis the site did not mean."""
    t = html.escape(clean(text), quote=False)
    t = re.sub(r"([\\`*_{}\[\]()#+!|~>])", r"\\\1", t)
    return t


class MarkdownFormat(LineNotSupported):
    name = "markdown"

    def render(self, report: Report, *, color: bool = False) -> str:
        s = report.summary
        lines = ["## beian-check", "",
                 f"**{s.targets}** targets: **{s.passed}** pass, **{s.failed}** fail, **{s.errors}** error"
                 + (" (run interrupted)" if s.interrupted else ""), "",
                 "| Status | Target | ICP | Public security | Findings |", "|---|---|---|---|---|"]
        for r in failures_first(report):
            codes = ", ".join(f"`{f.code}`" for f in r.findings) or "-"
            lines.append(f"| {_ICON.get(r.status, r.status)} | {_md(r.target)} | "
                         f"{_md(r.icp.text) if r.icp else '-'} | {_md(r.psb.text) if r.psb else '-'} | {codes} |")
        bad = [r for r in failures_first(report) if r.findings]
        if bad:
            lines += ["", "<details><summary>Findings</summary>", ""]
            for r in bad:
                lines.append(f"**{_md(r.target)}** ({r.status})")
                lines.append("")
                for f in r.findings:
                    lines.append(f"- **{f.severity}** `{f.code}`: {_md(f.message())}")
                lines.append("")
            lines.append("</details>")
        return "\n".join(lines) + "\n"
