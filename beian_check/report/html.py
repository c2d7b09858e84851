from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from .. import __version__
from ..model import Report, TargetResult
from .base import CONTROL, LineNotSupported, failures_first

_CSS = """
body{font:14px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em}.cards{display:flex;gap:1em;margin:1em 0}.card{padding:.8em 1.2em;border-radius:6px;background:#f4f4f4}
.card b{font-size:1.6em;display:block}.pass{color:#17803d}.fail{color:#c0262d}.error{color:#a66300}
section{border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:.6em 1em}
section h2{font-size:1.1em;margin:.2em 0}.meta{color:#666;font-size:.9em}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .5em;border-top:1px solid #eee;vertical-align:top}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}pre{white-space:pre-wrap;word-break:break-all;background:#f7f7f7;padding:.4em;margin:.2em 0}
.sev-error{color:#c0262d;font-weight:600}.sev-warning{color:#a66300}img.shot{max-width:100%;border:1px solid #ccc}
"""


def _e(text: str | None) -> str:
    return escape(CONTROL.sub("", text or ""), quote=True)


def _screenshot(r: TargetResult) -> str:
    if not r.screenshot:
        return ""
    try:
        data = base64.b64encode(Path(r.screenshot).read_bytes()).decode("ascii")
    except OSError:
        return f'<p class="meta">screenshot: {_e(r.screenshot)} (not readable)</p>'
    return f'<p><img class="shot" alt="footer screenshot" src="data:image/png;base64,{data}"></p>'


class HtmlFormat(LineNotSupported):
    name = "html"

    def render(self, report: Report, *, color: bool = False) -> str:
        s = report.summary
        parts = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
                 # No script, no remote resource: the report is one self-contained file,
                 # and crawled text can never run in it.
                 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                 "img-src data:; style-src 'unsafe-inline'\">",
                 f"<title>beian-check report</title><style>{_CSS}</style></head><body>",
                 f"<h1>beian-check report</h1><p class=\"meta\">beian-check {__version__}"
                 + (" · <b>run interrupted</b>: unfinished targets are not listed" if s.interrupted else "")
                 + "</p>",
                 '<div class="cards">'
                 f'<div class="card">targets<b>{s.targets}</b></div>'
                 f'<div class="card fail">fail<b>{s.failed}</b></div>'
                 f'<div class="card error">error<b>{s.errors}</b></div>'
                 f'<div class="card pass">pass<b>{s.passed}</b></div></div>']
        for r in failures_first(report):
            parts.append(f'<section><h2><span class="{_e(r.status)}">{_e(r.status.upper())}</span> '
                         f"{_e(r.target)}</h2>")
            parts.append(f'<p class="meta">{_e(r.final_url or r.url)}<br>ICP: {_e(r.icp.text) if r.icp else "—"}'
                         f' · 公安备案: {_e(r.psb.text) if r.psb else "—"}</p>')
            if r.findings:
                parts.append("<table><tr><th>severity</th><th>code</th><th>what to change</th></tr>")
                for f in r.findings:
                    ev = f"<pre>{_e(f.evidence)}</pre>" if f.evidence else ""
                    parts.append(f'<tr><td class="sev-{_e(f.severity)}">{_e(f.severity)}</td>'
                                 f"<td><code>{_e(f.code)}</code></td><td>{_e(f.message())}{ev}</td></tr>")
                parts.append("</table>")
            parts.append(_screenshot(r))
            parts.append("</section>")
        parts.append("</body></html>\n")
        return "\n".join(parts)
