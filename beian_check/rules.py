"""Marks -> findings (SPEC §5). One small function per rule family; pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from .links import LinkKind
from .model import Finding, IcpMark, PsbMark
from .numbers import IcpNumber, PsbNumber, icp_matches_expected
from .page import FoundMark, PageAnalysis

MIIT_URL = "https://beian.miit.gov.cn/"
MPS_URL = "https://beian.mps.gov.cn/#/query/webSearch?code="


@dataclass(frozen=True, slots=True)
class Expectation:
    icp: IcpNumber | None = None
    psb: str | None = None            # 14-digit code
    online: dt.date | None = None


@dataclass(frozen=True, slots=True)
class BadgeCheck:
    """What loading a badge URL gave: ok True/False, or None when no server answered
    (DNS, connect, timeout), which is reported as unverified, not as broken."""
    ok: bool | None
    detail: str


@dataclass(frozen=True, slots=True)
class KeyPage:
    url: str
    analysis: PageAnalysis | None
    error: str | None = None


def _displayed(marks: list[FoundMark]) -> list[FoundMark]:
    return [m for m in marks if m.number.problem is None and not m.hidden]


def _icp_score(m: FoundMark) -> tuple[int, int]:
    link = {LinkKind.MIIT: 2, LinkKind.MIIT_RETIRED: 1}.get(m.link.kind, 0)
    return (m.number.kind == "filing", link)  # type: ignore[union-attr]


def _psb_score(m: FoundMark) -> int:
    code = m.number.code  # type: ignore[union-attr]
    link = 3 if m.link.kind is LinkKind.MPS and m.link.code == code else (
        2 if m.link.kind is LinkKind.MPS_LEGACY and m.link.code == code else 0)
    badge = m.badge_before
    return link + (2 if badge is not None and badge.kind == "img" else 1 if badge is not None else 0)


def _select(marks: list[FoundMark], is_expected: Callable[[FoundMark], bool] | None,
            score: Callable[[FoundMark], Any]) -> FoundMark | None:
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


def select_icp(page: PageAnalysis, expected: IcpNumber | None = None) -> FoundMark | None:
    """A filing (备) before a licence (证), then a correct link."""
    match = None if expected is None else (
        lambda m: icp_matches_expected(m.number, expected))  # type: ignore[arg-type]
    return _select(page.icp, match, _icp_score)


def select_psb(page: PageAnalysis, expected: str | None = None) -> FoundMark | None:
    """A correct link with the right code, then a badge image."""
    match = None if expected is None else (lambda m: m.number.code == expected)  # type: ignore[union-attr]
    return _select(page.psb, match, _psb_score)


def _f(code: str, message: str, page: str, evidence: str = "", severity: str = "") -> Finding:
    return Finding(code, message, page, evidence[:300], severity)


def icp_findings(page: PageAnalysis, mark: FoundMark | None, expected: IcpNumber | None) -> list[Finding]:
    url = page.url
    if mark is None:
        return _not_shown(page.icp, url, "ICP number", "icp-malformed", "exactly as MIIT issued it, e.g. "
                          "京ICP备12345678号-1") + [_f(
            "icp-missing", "No ICP filing or licence number is displayed on the home page; add it to the "
            f"footer, e.g. <a href=\"{MIIT_URL}\">京ICP备12345678号-1</a>.", url)]
    n = mark.number
    assert isinstance(n, IcpNumber)
    out = []
    link = mark.link
    if link.kind is LinkKind.NONE:
        out.append(_f("icp-not-linked", f"{n.text} is not a link ({link.reason}); wrap it in "
                      f"<a href=\"{MIIT_URL}\">.", url, mark.evidence))
    elif link.kind is LinkKind.MIIT_RETIRED:
        out.append(_f("icp-link-retired", f"{n.text} links to the retired host {link.url}; "
                      f"link it to {MIIT_URL}.", url, mark.evidence))
    elif link.kind is not LinkKind.MIIT:
        out.append(_f("icp-link-wrong", f"{n.text} links to {link.url}, not the MIIT filing system; "
                      f"link it to {MIIT_URL}.", url, mark.evidence))
    if expected is not None and not icp_matches_expected(n, expected):
        out.append(_f("icp-unexpected", f"The page shows {n.text}, but {expected.text} is expected "
                      "for this site; correct the footer.", url, mark.evidence))
    if not mark.in_footer:
        out.append(_f("icp-not-in-footer", f"{n.text} is displayed, but not in the footer; show it at "
                      "the bottom of the home page.", url, mark.evidence))
    return out


def _not_shown(marks: list[FoundMark], url: str, what: str, malformed: str, how: str) -> list[Finding]:
    """Why no valid number is displayed: it is only in hidden elements, or what is shown
    is not a valid number (at most three quoted)."""
    out = []
    hidden = [m for m in marks if m.hidden and m.number.problem is None]
    if hidden:
        out.append(_f("mark-hidden", f"The {what} {hidden[0].number.text} is in a hidden element; show it "
                      "in the footer (remove display:none / visibility:hidden / hidden).", url,
                      hidden[0].evidence))
    for c in [m for m in marks if m.number.problem is not None and not m.hidden][:3]:
        out.append(_f(malformed, f"'{c.number.raw}' is not a valid {what}: {c.number.problem}. Show it "
                      f"{how}.", url, c.evidence))
    return out


def _grace(expected: Expectation, today: dt.date, grace_days: int) -> bool:
    return expected.online is not None and today < expected.online + dt.timedelta(days=grace_days)


def psb_findings(page: PageAnalysis, mark: FoundMark | None, expected: Expectation,
                 badge: BadgeCheck | None, today: dt.date, grace_days: int = 60) -> list[Finding]:
    url = page.url
    if mark is None:
        out = _not_shown(page.psb, url, "public-security number", "psb-malformed",
                         "as issued, e.g. 京公网安备11010502030143号")
        if _grace(expected, today, grace_days):
            assert expected.online is not None
            until = expected.online + dt.timedelta(days=grace_days)
            out.append(_f("psb-missing", "No public-security filing number is displayed yet; it is "
                          f"due by {until.isoformat()} (online={expected.online}).", url, severity="warning"))
        else:
            out.append(_f("psb-missing", "No public-security filing number is displayed; add the badge "
                          f"and the number, linked to {MPS_URL}<code>, to the footer.", url))
        return out
    n = mark.number
    assert isinstance(n, PsbNumber)
    out = []
    ev = mark.evidence
    if n.prefix_mismatch:
        out.append(_f("psb-prefix-mismatch", f"{n.text}: the province character {n.province} does not "
                      f"match the code's province {n.code[:2]}; copy the number exactly as issued.", url, ev))
    link = mark.link
    want = MPS_URL + n.code
    if link.kind is LinkKind.NONE:
        out.append(_f("psb-not-linked", f"{n.text} is not a link ({link.reason}); link it to {want}.",
                      url, ev))
    elif link.kind in (LinkKind.MPS, LinkKind.MPS_LEGACY):
        if not link.code:
            out.append(_f("psb-link-no-code", f"{n.text} links to {link.url} without the filing code; "
                          f"link it to {want}.", url, ev))
        elif link.code != n.code:
            out.append(_f("psb-link-code-mismatch", f"{n.text} links to code {link.code}, which differs "
                          f"from the displayed number; link it to {want}.", url, ev))
        elif link.kind is LinkKind.MPS_LEGACY:
            out.append(_f("psb-link-legacy", f"{n.text} links to the legacy portal {link.url}; link it to "
                          f"{want}.", url, ev))
    else:
        out.append(_f("psb-link-wrong", f"{n.text} links to {link.url}, not the public-security platform; "
                      f"link it to {want}.", url, ev))
    out.extend(_badge_findings(mark, badge, url))
    if expected.psb is not None and n.code != expected.psb:
        out.append(_f("psb-unexpected", f"The page shows {n.text}, but code {expected.psb} is expected "
                      "for this site; correct the footer.", url, ev))
    return out


def _badge_findings(mark: FoundMark, badge: BadgeCheck | None, url: str) -> list[Finding]:
    n = mark.number
    before = mark.badge_before
    if before is not None and before.kind == "img":
        if badge is None or badge.ok:
            return []
        if badge.ok is None:
            return [_f("psb-icon-unverified", f"The badge {before.src} could not be loaded to check it "
                       f"({badge.detail}); make sure it is reachable.", url, before.evidence)]
        return [_f("psb-icon-broken", f"The badge {before.src} does not load as an image ({badge.detail}); "
                   "serve the official badge image.", url, before.evidence)]
    if before is not None:
        return [_f("psb-icon-unverified", "The badge before the number seems to be drawn by CSS "
                   "(background-image); it cannot be checked statically (try --render auto).",
                   url, before.evidence)]
    if mark.badge_after is not None:
        return [_f("psb-icon-after-number", f"The badge comes after {n.text}; move the <img> before "
                   "the number.", url, mark.badge_after.evidence)]
    return [_f("psb-icon-missing", f"No badge image before {n.text}; put the official public-security "
               "badge <img> right before the number, inside its link.", url, mark.evidence)]


def badge_to_check(mark: FoundMark | None) -> str | None:
    """The badge URL the crawler must load for this mark, if any."""
    if mark is None or mark.badge_before is None or mark.badge_before.kind != "img":
        return None
    return mark.badge_before.src


def page_findings(page: PageAnalysis) -> list[Finding]:
    if page.template:
        return [_f("page-template", "The footer contains unrendered template syntax; the deploy "
                   "shipped a template instead of a page. Fix the build.", page.url, page.template)]
    return []


def consistency_findings(home_icp: FoundMark | None, home_psb: FoundMark | None,
                         key_pages: list[KeyPage]) -> list[Finding]:
    out = []
    home_i = home_icp.number.text if home_icp else None
    home_p = home_psb.number.code if home_psb else None  # type: ignore[union-attr]
    for kp in key_pages:
        if kp.analysis is None:
            out.append(_f("page-inconsistent", f"The key page {kp.url} could not be checked "
                          f"({kp.error}); it should show the same filing numbers.", kp.url))
            continue
        i = select_icp(kp.analysis)
        p = select_psb(kp.analysis)
        got_i = i.number.text if i else None
        got_p = p.number.code if p else None  # type: ignore[union-attr]
        problems = []
        if got_i != home_i:
            problems.append(f"ICP {got_i or 'none'} (home page: {home_i or 'none'})")
        if got_p != home_p:
            problems.append(f"public-security {got_p or 'none'} (home page: {home_p or 'none'})")
        if problems:
            out.append(_f("page-inconsistent", f"The key page {kp.url} shows " + "; ".join(problems)
                          + "; show the same numbers on every page.", kp.url))
    return out


def result_marks(icp: FoundMark | None, psb: FoundMark | None) -> tuple[IcpMark | None, PsbMark | None]:
    icp_out = psb_out = None
    if icp is not None:
        icp_out = IcpMark(icp.number.text, icp.number.kind, icp.link.url)  # type: ignore[union-attr]
    if psb is not None:
        icon = badge_to_check(psb)
        if icon is not None and icon.startswith("data:") and len(icon) > 80:
            icon = icon[:72] + "…"   # the badge itself, inline: the report needs its kind only
        psb_out = PsbMark(psb.number.text, psb.number.code, psb.link.url, icon)  # type: ignore[union-attr]
    return icp_out, psb_out
