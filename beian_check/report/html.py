from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from ..messages import t
from ..model import Report, TargetResult
from .base import (
    CONTROL,
    DEFAULT_VIEW,
    LineNotSupported,
    View,
    failures_first,
    hidden_note,
    listed,
    run_line,
    severity_word,
    status_word,
    summary_line,
)
from .changes import change_note, change_tag, summary_lines

_CSS = """
body{font:14px/1.5 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif}
body{margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em}
.cards{display:flex;flex-wrap:wrap;gap:1em;margin:1em 0}
.card{padding:.8em 1.2em;border-radius:6px;background:#f4f4f4}
.card b{font-size:1.6em;display:block}
.pass{color:#17803d}
.fail{color:#c0262d}
.error{color:#8a2be2}
.warn{color:#a66300}
section{border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:.6em 1em}
section h2{font-size:1.1em;margin:.2em 0}
.meta{color:#666;font-size:.9em}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:.3em .5em;border-top:1px solid #eee;vertical-align:top}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
pre{white-space:pre-wrap;word-break:break-all;background:#f7f7f7;padding:.4em;margin:.2em 0}
.sev-error{color:#c0262d;font-weight:600}
.sev-warning{color:#a66300}
img.shot{max-width:100%;border:1px solid #ccc}
.fix{border-left:3px solid #17803d;padding-left:.8em;margin:.8em 0}
.fix pre{user-select:all;-webkit-user-select:all;background:#f2f8f4}
.fix pre{white-space:pre-wrap;overflow-wrap:anywhere;word-break:normal}
th,td.sev,td.code{white-space:nowrap}
"""


def _e(text: str | None) -> str:
    return escape(CONTROL.sub("", text or ""), quote=True)


def _screenshot(r: TargetResult, lang: str) -> str:
    if not r.screenshot:
        return ""
    try:
        data = base64.b64encode(Path(r.screenshot).read_bytes()).decode("ascii")
    except OSError:
        return f'<p class="meta">{_e(t("report.screenshot-unreadable", lang, path=r.screenshot))}</p>'
    return (
        f'<p><img class="shot" alt="{_e(t("report.screenshot", lang))}" '
        f'src="data:image/png;base64,{data}"></p>'
    )


def _marks(r: TargetResult, lang: str) -> str:
    icp = t("report.labelled", lang, label=t("report.col.icp", lang), value=r.icp.text if r.icp else "—")
    psb = t("report.labelled", lang, label=t("report.col.psb", lang), value=r.psb.text if r.psb else "—")
    return f"{icp} · {psb}"


def _fix(r: TargetResult, lang: str) -> str:
    """The corrected footer as a block selected whole by one click (user-select: all):
    the report carries no script, so there is no copy button."""
    if not r.fix:
        return ""
    return (
        f'<div class="fix"><b>{_e(t("report.fix.title", lang))}</b>'
        f'<p class="meta">{_e(t("report.fix.hint", lang))}</p><pre>{_e(r.fix)}</pre></div>'
    )


class HtmlFormat(LineNotSupported):
    name = "html"

    def render(self, report: Report, view: View = DEFAULT_VIEW) -> str:
        lang = view.lang
        s = report.summary
        title = _e(t("report.title", lang))
        notes = [
            run_line(report.run, lang),
            t("report.interrupted", lang) if s.interrupted else "",
            hidden_note(report, view),
        ]
        cards = [
            ("", "targets", s.targets),
            ("fail", "report.status.fail", s.failed),
            ("error", "report.status.error", s.errors),
            ("pass", "report.status.pass", s.passed),
            ("warn", "warnings", s.warnings),
            ("", "ignored", s.ignored),
        ]
        html_lang = "zh-CN" if lang == "zh" else "en"
        parts = [
            f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">',
            # No script, no remote resource: the report is one self-contained file,
            # and crawled text can never run in it.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "img-src data:; style-src 'unsafe-inline'\">",
            f"<title>{title}</title><style>{_CSS}</style></head><body>",
            f"<h1>{title}</h1>",
            f"<p>{_e(summary_line(s, lang))}</p>",
            *[f"<p>{_e(line)}</p>" for line in summary_lines(s, lang)],
            *[f'<p class="meta">{_e(n)}</p>' for n in notes if n],
            '<div class="cards">'
            + "".join(
                f'<div class="card {cls}">{_e(t(key if "." in key else "report.col." + key, lang))}'
                f"<b>{n}</b></div>"
                for cls, key, n in cards
            )
            + "</div>",
        ]
        for r in listed(failures_first(report), view):
            parts += self._target(r, lang)
        parts.append("</body></html>\n")
        return "\n".join(parts)

    @staticmethod
    def _target(r: TargetResult, lang: str) -> list[str]:
        status = status_word(r.status, lang).upper() + change_tag(r, lang)
        out = [
            f'<section><h2><span class="{_e(r.status)}">{_e(status)}</span> {_e(r.target)}</h2>',
            *([f'<p class="meta">{_e(note.lstrip("; "))}</p>'] if (note := change_note(r, lang)) else []),
            f'<p class="meta">{_e(r.final_url or r.url)}<br>{_e(_marks(r, lang))}</p>',
        ]
        if r.findings:
            head = "".join(
                f"<th>{_e(t(f'report.col.{c}', lang))}</th>" for c in ("severity", "code", "message")
            )
            out.append(f"<table><tr>{head}</tr>")
            for f in r.findings:
                ev = f"<pre>{_e(f.evidence)}</pre>" if f.evidence else ""
                sev = f'<td class="sev sev-{_e(f.severity)}">{_e(severity_word(f.severity, lang))}</td>'
                out.append(
                    f'<tr>{sev}<td class="code"><code>{_e(f.code)}</code></td>'
                    f"<td>{_e(f.message(lang))}{ev}</td></tr>"
                )
            out.append("</table>")
        out += [_fix(r, lang), _screenshot(r, lang), "</section>"]
        return out
