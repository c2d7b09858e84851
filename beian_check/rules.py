"""Marks -> findings (SPEC §5). One small function per rule family; pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .links import LinkKind
from .messages import Arg, Text, text
from .model import BadgeCheck, Expectation, Finding, FoundMark, IcpMark, KeyPage, PageAnalysis, PsbMark
from .numbers import IcpNumber, PsbNumber, icp_matches_expected

N = TypeVar("N", IcpNumber, PsbNumber)
Icp = FoundMark[IcpNumber]
Psb = FoundMark[PsbNumber]

MIIT_URL = "https://beian.miit.gov.cn/"
MPS_URL = "https://beian.mps.gov.cn/#/query/webSearch?code="


def _displayed(marks: Sequence[FoundMark[N]]) -> list[FoundMark[N]]:
    return [m for m in marks if m.number.problem is None and not m.hidden]


def _icp_score(m: Icp) -> tuple[bool, bool, bool]:
    return (m.number.kind == "filing", m.link.kind is LinkKind.MIIT, m.link.kind is LinkKind.MIIT_RETIRED)


def _psb_score(m: Psb) -> int:
    code = m.number.code
    link = (
        3
        if m.link.kind is LinkKind.MPS and m.link.code == code
        else (2 if m.link.kind is LinkKind.MPS_LEGACY and m.link.code == code else 0)
    )
    badge = m.badge_before
    return link + (2 if badge is not None and badge.kind == "img" else 1 if badge is not None else 0)


def _select(
    marks: Sequence[FoundMark[N]],
    is_expected: Callable[[FoundMark[N]], bool] | None,
    score: Callable[[FoundMark[N]], Any],
) -> FoundMark[N] | None:
    """The mark to judge: the expected one if shown; else, in the footer (else anywhere),
    the best-presented one, the first of equals. Sites often repeat the footer for
    mobile, hiding one copy with a stylesheet we cannot see; the copy that complies is
    the one to judge."""
    shown = _displayed(marks)
    if is_expected is not None:
        for m in shown:
            if is_expected(m):
                return m
    pool = [m for m in shown if m.in_footer] or shown
    return max(pool, key=score) if pool else None


def select_icp(page: PageAnalysis, expected: IcpNumber | None = None) -> Icp | None:
    """A filing (备) before a licence (证), then a correct link."""
    match = None if expected is None else (lambda m: icp_matches_expected(m.number, expected))
    return _select(page.icp, match, _icp_score)


def select_psb(page: PageAnalysis, expected: str | None = None) -> Psb | None:
    """A correct link with the right code, then a badge image."""
    return _select(page.psb, lambda m: m.number.code == expected, _psb_score)  # no code is None


def _f(code: str, page: str, evidence: str = "", *, key: str = "", **args: Arg) -> Finding:
    return Finding(code, page, evidence[:300], args=tuple(args.items()), key=key)


def icp_findings(page: PageAnalysis, mark: Icp | None, expected: IcpNumber | None) -> list[Finding]:
    url = page.url
    if mark is None:
        out = _not_shown(page.icp, url, "what.icp", "icp-malformed")
        return out + [_missing("icp-missing", page, page.icp)]
    n = mark.number
    out = []
    link = mark.link
    ev = mark.evidence
    if link.kind is LinkKind.NONE:
        out.append(_f("icp-not-linked", url, ev, number=n.raw, reason=link.reason))
    elif link.kind is LinkKind.MIIT_RETIRED:
        out.append(_f("icp-link-retired", url, ev, number=n.raw, url=str(link.url)))
    elif link.kind is not LinkKind.MIIT:
        out.append(_f("icp-link-wrong", url, ev, number=n.raw, url=str(link.url)))
    if expected is not None and not icp_matches_expected(n, expected):
        out.append(_f("icp-unexpected", url, ev, number=n.raw, expected=expected.text))
    if not mark.in_footer:
        out.append(_f("icp-not-in-footer", url, ev, number=n.raw))
    return out


def _malformed(marks: Sequence[FoundMark[N]]) -> list[FoundMark[N]]:
    return [m for m in marks if m.number.problem is not None and not m.hidden]


def _missing(code: str, page: PageAnalysis, marks: Sequence[FoundMark[N]]) -> Finding:
    """The -missing finding; when a malformed number is shown, it says that no *valid*
    number is displayed and names the malformed one (not "add the number" beside it);
    when the numbers are only in images, it says to write them as text."""
    shown = _malformed(marks)
    if shown:
        return _f(code, page.url, key=f"{code}.malformed", shown=shown[0].number.raw)
    if page.in_images:
        return _f(code, page.url, key=f"{code}.in-image")
    return _f(code, page.url)


def _not_shown(marks: Sequence[FoundMark[N]], url: str, what: str, malformed: str) -> list[Finding]:
    """Why no valid number is displayed: it is only in hidden elements, or what is shown
    is not a valid number (at most three quoted)."""
    out = []
    hidden = [m for m in marks if m.hidden and m.number.problem is None]
    if hidden:
        out.append(_f("mark-hidden", url, hidden[0].evidence, what=text(what), number=hidden[0].number.raw))
    for c in _malformed(marks)[:3]:
        assert c.number.problem is not None
        out.append(_f(malformed, url, c.evidence, raw=c.number.raw, problem=c.number.problem))
    return out


def psb_findings(
    page: PageAnalysis, mark: Psb | None, expected: Expectation, badge: BadgeCheck | None
) -> list[Finding]:
    """The public-security findings. psb-missing is always an error here: the grace
    period after online= is the policy's (policy.py), applied where results leave."""
    url = page.url
    if mark is None:
        return _not_shown(page.psb, url, "what.psb", "psb-malformed") + [
            _missing("psb-missing", page, page.psb)
        ]
    n = mark.number
    out = []
    ev = mark.evidence
    if n.prefix_mismatch:
        out.append(_f("psb-prefix-mismatch", url, ev, number=n.raw, province=n.province, prefix=n.code[:2]))
    out.extend(_psb_link_findings(mark, n, url))
    out.extend(_badge_findings(mark, badge, url))
    if expected.psb is not None and n.code != expected.psb:
        out.append(_f("psb-unexpected", url, ev, number=n.raw, expected=expected.psb))
    return out


def _psb_link_findings(mark: Psb, n: PsbNumber, url: str) -> list[Finding]:
    link = mark.link
    ev = mark.evidence
    want = MPS_URL + n.code
    if link.kind is LinkKind.NONE:
        return [_f("psb-not-linked", url, ev, number=n.raw, reason=link.reason, want=want)]
    if link.kind not in (LinkKind.MPS, LinkKind.MPS_LEGACY):
        return [_f("psb-link-wrong", url, ev, number=n.raw, url=str(link.url), want=want)]
    if not link.code:
        return [_f("psb-link-no-code", url, ev, number=n.raw, url=str(link.url), want=want)]
    if link.code != n.code:
        return [_f("psb-link-code-mismatch", url, ev, number=n.raw, link_code=link.code, want=want)]
    if link.kind is LinkKind.MPS_LEGACY:
        return [_f("psb-link-legacy", url, ev, number=n.raw, url=str(link.url), want=want)]
    return []


def _badge_findings(mark: Psb, badge: BadgeCheck | None, url: str) -> list[Finding]:
    n = mark.number
    before = mark.badge_before
    if before is not None and before.kind == "img":
        if badge is None or badge.ok:
            return _wrong_badge(mark, badge, url)
        code = "psb-icon-unverified" if badge.ok is None else "psb-icon-broken"
        return [
            Finding(
                code,
                url,
                before.evidence[:300],
                detail=badge.detail,
                args=(("src", str(before.src)), ("reason", badge.reason or badge.detail)),
            )
        ]
    if before is not None:  # drawn by CSS, or an inline <svg>: no image to compare
        return [_f("psb-icon-unverified", url, before.evidence, key=f"psb-icon-unverified.{before.kind}")]
    if mark.badge_after is not None:
        return [_f("psb-icon-after-number", url, mark.badge_after.evidence, number=n.raw)]
    return [_f("psb-icon-missing", url, mark.evidence, number=n.raw)]


def _wrong_badge(mark: Psb, badge: BadgeCheck | None, url: str) -> list[Finding]:
    """psb-icon-wrong, conservatively: the image before the number is confidently another
    seal (its pixels: a red seal without the emblem; or, when the pixels say nothing, its
    name or alt text: 工商, 红盾, gswj). A plain picture named gongan.png passes."""
    before = mark.badge_before
    assert before is not None
    if badge is not None and badge.looks == "other":
        what = "badge.other-seal"
    elif (badge is None or badge.looks != "official") and before.hint == "other":
        what = "badge.other-name"
    else:
        return []
    out = [_f("psb-icon-wrong", url, before.evidence, number=mark.number.raw, what=text(what))]
    if mark.badge_after is not None:  # the real badge sits after the number
        out.append(_f("psb-icon-after-number", url, mark.badge_after.evidence, number=mark.number.raw))
    return out


def badge_to_check(mark: Psb | None) -> str | None:
    """The badge URL the crawler must load for this mark, if any."""
    if mark is None or mark.badge_before is None or mark.badge_before.kind != "img":
        return None
    return mark.badge_before.src


def shell_findings(page: PageAnalysis) -> list[Finding]:
    """page-js-rendered for an application shell; after --render, without advice to use
    the flag that is already on."""
    if page.shell is None or page.icp or page.psb:
        return []
    key = "page-js-rendered.rendered" if page.rendered else ""
    return [_f("page-js-rendered", page.url, key=key, why=page.shell)]


def page_findings(page: PageAnalysis) -> list[Finding]:
    if page.template:
        return [_f("page-template", page.url, page.template)]
    return []


def consistency_findings(
    home_icp: Icp | None, home_psb: Psb | None, key_pages: list[KeyPage]
) -> list[Finding]:
    out = []
    home_i = home_icp.number.text if home_icp else None
    home_p = home_psb.number.code if home_psb else None
    none = text("none")
    for kp in key_pages:
        # A build's page is named as the owner knows it (/about/), not by its file:// URL.
        shown = kp.name or kp.url
        if kp.analysis is None:
            out.append(
                _f(
                    "page-inconsistent",
                    kp.url,
                    key="page-inconsistent.unchecked",
                    url=shown,
                    reason=kp.error or "",
                )
            )
            continue
        i = select_icp(kp.analysis)
        p = select_psb(kp.analysis)
        got_i = i.number.text if i else None
        got_p = p.number.code if p else None
        problems: list[Text] = []
        if got_i != home_i:
            problems.append(text("page-inconsistent.icp", got=got_i or none, home=home_i or none))
        if got_p != home_p:
            problems.append(text("page-inconsistent.psb", got=got_p or none, home=home_p or none))
        if problems:
            out.append(_f("page-inconsistent", kp.url, url=shown, problems=_joined(problems)))
    return out


def _joined(parts: list[Text]) -> Text:
    return parts[0] if len(parts) == 1 else text("join.semicolon", a=parts[0], b=parts[1])


def result_marks(icp: Icp | None, psb: Psb | None) -> tuple[IcpMark | None, PsbMark | None]:
    icp_out = psb_out = None
    if icp is not None:
        icp_out = IcpMark(icp.number.raw, icp.number.kind, icp.link.url)
    if psb is not None:
        icon = badge_to_check(psb)
        if icon is not None and icon.startswith("data:") and len(icon) > 80:
            icon = icon[:72] + "…"  # the badge itself, inline: the report needs its kind only
        psb_out = PsbMark(psb.number.raw, psb.number.code, psb.link.url, icon)
    return icp_out, psb_out
