from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from ..model import Report
from .base import LineNotSupported

# XML 1.0 cannot carry most control characters at all, escaped or not.
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str | None) -> str:
    return escape(_XML_BAD.sub("", text or ""))


def _a(text: str | None) -> str:
    return quoteattr(_XML_BAD.sub("", text or ""))


class JunitFormat(LineNotSupported):
    name = "junit"

    def render(self, report: Report, *, color: bool = False) -> str:
        s = report.summary
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               f'<testsuites name="beian-check" tests="{s.targets}" failures="{s.failed}" errors="{s.errors}">',
               f'<testsuite name="beian-check" tests="{s.targets}" failures="{s.failed}" errors="{s.errors}">']
        for r in report.results:
            out.append(f'<testcase classname="beian-check" name={_a(r.target)}>')
            if r.status in ("fail", "error"):
                tag = "failure" if r.status == "fail" else "error"
                bad = [f for f in r.findings if f.severity == "error"] or list(r.findings)
                summary = "; ".join(f.code for f in bad)
                body = "\n".join(f"[{f.severity}] {f.code}: {f.message()}\n  page: {f.page}"
                                 + (f"\n  evidence: {f.evidence}" if f.evidence else "") for f in r.findings)
                out.append(f'<{tag} type={_a(bad[0].code if bad else tag)} message={_a(summary)}>'
                           f'{_x(body)}</{tag}>')
            elif r.findings:
                out.append("<system-out>" + _x("\n".join(f"[{f.severity}] {f.code}: {f.message()}"
                                                         for f in r.findings)) + "</system-out>")
            out.append("</testcase>")
        out += ["</testsuite>", "</testsuites>"]
        if s.interrupted:
            out.insert(1, "<!-- interrupted: unfinished targets are not listed -->")
        return "\n".join(out) + "\n"
