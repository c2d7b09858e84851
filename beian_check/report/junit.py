from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from ..messages import t
from ..model import Finding, Report
from .base import DEFAULT_VIEW, LineNotSupported, View, run_line, severity_word, summary_line

# XML 1.0 cannot carry most control characters at all, escaped or not.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str | None) -> str:
    return escape(_XML_BAD.sub("", text or ""))


def _a(text: str | None) -> str:
    return quoteattr(_XML_BAD.sub("", text or ""))


def _line(f: Finding, lang: str) -> str:
    return f"[{severity_word(f.severity, lang)}] {f.code}: {f.message(lang)}"


class JunitFormat(LineNotSupported):
    """Machine-read by CI servers: every target is listed (no --only-failures); the
    words inside (messages, labels) are in the reader's language."""

    name = "junit"

    def render(self, report: Report, view: View = DEFAULT_VIEW) -> str:
        lang = view.lang
        s = report.summary
        counts = f'name="beian-check" tests="{s.targets}" failures="{s.failed}" errors="{s.errors}"'
        out = ['<?xml version="1.0" encoding="UTF-8"?>', f"<testsuites {counts}>", f"<testsuite {counts}>"]
        props = [("summary", summary_line(s, lang)), ("run", run_line(report.run, lang))]
        if s.interrupted:
            props.append(("interrupted", t("report.interrupted", lang)))
        out.append(
            "<properties>"
            + "".join(f'<property name="{name}" value={_a(value)}/>' for name, value in props if value)
            + "</properties>"
        )
        page, evidence = t("report.col.page", lang), t("report.col.evidence", lang)
        for r in report.results:
            out.append(f'<testcase classname="beian-check" name={_a(r.target)}>')
            if r.status in ("fail", "error"):
                tag = "failure" if r.status == "fail" else "error"
                bad = [f for f in r.findings if f.severity == "error"] or list(r.findings)
                summary = "; ".join(f.code for f in bad)
                body = "\n".join(
                    f"{_line(f, lang)}\n  {page}: {f.page}"
                    + (f"\n  {evidence}: {f.evidence}" if f.evidence else "")
                    for f in r.findings
                )
                out.append(
                    f"<{tag} type={_a(bad[0].code if bad else tag)} message={_a(summary)}>{_x(body)}</{tag}>"
                )
            elif r.findings:
                lines = "\n".join(_line(f, lang) for f in r.findings)
                out.append(f"<system-out>{_x(lines)}</system-out>")
            out.append("</testcase>")
        out += ["</testsuite>", "</testsuites>"]
        return "\n".join(out) + "\n"
