"""rules.py pinned exactly, on hand-built page analyses: which mark is judged, every finding
with its key and arguments, key-page consistency both ways, badge outcomes. Written from
the mutants the older tests let through (README, "Development")."""

from __future__ import annotations

from typing import Any

from beian_check.links import Link, LinkKind
from beian_check.messages import Arg, text
from beian_check.model import (
    Badge,
    BadgeCheck,
    Expectation,
    Finding,
    FoundMark,
    IcpMark,
    KeyPage,
    PageAnalysis,
    PsbMark,
)
from beian_check.numbers import IcpNumber, PsbNumber, find_icp, find_psb, parse_expected_icp
from beian_check.rules import (
    MPS_URL,
    badge_to_check,
    consistency_findings,
    icp_findings,
    page_findings,
    psb_findings,
    result_marks,
    select_icp,
    select_psb,
    shell_findings,
)

URL = "https://example.cn/"
ICP = "京ICP备2021017352号-1"
CODE = "11010502030143"
PSB = f"京公网安备{CODE}号"
MIIT = Link(LinkKind.MIIT, url="https://beian.miit.gov.cn/")
MPS = Link(LinkKind.MPS, url=MPS_URL + CODE, code=CODE)
IMG = Badge("img", "https://example.cn/gongan.png", "<img src=gongan.png>")


Icp = FoundMark[IcpNumber]
Psb = FoundMark[PsbNumber]


def icp(
    number: str = ICP, link: Link = MIIT, *, footer: bool = True, hidden: bool = False, ev: str = ""
) -> Icp:
    return FoundMark(find_icp(number)[0], link, footer, hidden, ev or f"<a>{number}</a>")


def psb(
    number: str = PSB,
    link: Link = MPS,
    *,
    footer: bool = True,
    hidden: bool = False,
    before: Badge | None = IMG,
    after: Badge | None = None,
    ev: str = "",
) -> Psb:
    return FoundMark(find_psb(number)[0], link, footer, hidden, ev or f"<a>{number}</a>", before, after)


def page(icps: tuple[Icp, ...] = (), psbs: tuple[Psb, ...] = (), **kw: Any) -> PageAnalysis:
    return PageAnalysis(URL, icp=icps, psb=psbs, **kw)


def f(code: str, ev: str = "", *, key: str = "", severity: str = "", **args: Arg) -> Finding:
    return Finding(code, URL, ev, severity, args=tuple(args.items()), key=key)


# -- which mark is judged ------------------------------------------------------------------


def test_a_footer_mark_is_preferred_to_a_better_one_elsewhere() -> None:
    header = icp(footer=False)
    footer = icp(link=Link(LinkKind.NONE, reason=text("why.no-link")))
    assert select_icp(page((header, footer))) is footer
    p_header, p_footer = psb(footer=False), psb(before=None)
    assert select_psb(page(psbs=(p_header, p_footer))) is p_footer
    # with nothing in the footer, the best anywhere
    assert select_icp(page((icp(footer=False, link=Link(LinkKind.NONE)), header))) is header


def test_hidden_and_malformed_marks_are_never_judged() -> None:
    hidden, bad = icp(hidden=True), icp("京ICP备XXXX号")
    assert select_icp(page((hidden, bad))) is None
    assert select_psb(page(psbs=(psb(hidden=True), psb("京公网安备123号")))) is None
    shown = icp(footer=False)
    assert select_icp(page((hidden, bad, shown))) is shown


def test_icp_choice_a_filing_then_the_link() -> None:
    licence = icp("京ICP证030173号")
    retired = icp(link=Link(LinkKind.MIIT_RETIRED, url="http://www.miitbeian.gov.cn/"))
    none = icp(link=Link(LinkKind.NONE))
    good = icp()
    assert select_icp(page((licence, none, retired, good))) is good
    assert select_icp(page((licence, none, retired))) is retired
    assert select_icp(page((licence, none))) is none
    assert select_icp(page((none, icp(link=Link(LinkKind.NONE))))) is none  # the first of equals
    assert select_icp(page((licence, none))) is none  # a filing without a link beats a licence


def test_psb_choice_the_right_link_then_a_badge_image() -> None:
    legacy = Link(LinkKind.MPS_LEGACY, url="http://www.beian.gov.cn/", code=CODE)
    wrong_code = Link(LinkKind.MPS, url=MPS_URL + "1", code="44030502000001")
    css = Badge("css", None, "<i>")
    scored = [
        (psb(), 5),  # the right link 3, a badge image 2
        (psb(before=css), 4),  # a CSS badge 1
        (psb(link=legacy), 4),  # the legacy portal with the code 2
        (psb(before=None), 3),
        (psb(link=legacy, before=css), 3),
        (psb(link=wrong_code), 2),
        (psb(link=legacy, before=None), 2),
        (psb(link=wrong_code, before=css), 1),
        (psb(link=Link(LinkKind.MPS, url=MPS_URL), before=None), 0),
        (psb(link=Link(LinkKind.MPS_LEGACY, url=MPS_URL), before=None), 0),
    ]
    for a, score_a in scored:
        for b, score_b in scored:
            if a is not b:
                want = a if score_a >= score_b else b  # the first of equals
                assert select_psb(page(psbs=(a, b))) is want, (score_a, score_b)


def test_the_expected_number_is_judged_when_shown() -> None:
    other = icp("京ICP备2021017353号", footer=True)
    mine = icp(footer=False, link=Link(LinkKind.NONE))
    expected = parse_expected_icp("京ICP备2021017352号")
    assert select_icp(page((other, mine)), expected) is mine
    assert select_icp(page((other,)), expected) is other
    p_other, p_mine = psb("京公网安备44030502000001号"), psb(footer=False, before=None)
    assert select_psb(page(psbs=(p_other, p_mine)), CODE) is p_mine
    assert select_psb(page(psbs=(p_other,)), CODE) is p_other
    assert select_psb(page(psbs=(psb(hidden=True), p_other)), CODE) is p_other


# -- ICP findings --------------------------------------------------------------------------


def test_icp_findings_each_link_kind() -> None:
    p = page()
    assert icp_findings(p, icp(), None) == []
    m = icp(link=Link(LinkKind.NONE, reason=text("why.empty-href")), ev="<span>x</span>")
    assert icp_findings(p, m, None) == [
        f("icp-not-linked", "<span>x</span>", number=ICP, reason=text("why.empty-href"))
    ]
    m = icp(link=Link(LinkKind.MIIT_RETIRED, url="http://www.miibeian.gov.cn/"))
    assert icp_findings(p, m, None) == [
        f("icp-link-retired", m.evidence, number=ICP, url="http://www.miibeian.gov.cn/")
    ]
    for kind in (LinkKind.OTHER, LinkKind.MPS, LinkKind.MPS_LEGACY):
        m = icp(link=Link(kind, url="https://x.cn/"))
        assert icp_findings(p, m, None) == [f("icp-link-wrong", m.evidence, number=ICP, url="https://x.cn/")]


def test_icp_unexpected_and_not_in_footer_with_the_evidence_cut() -> None:
    long = "<a>" + "x" * 400 + "</a>"
    m = icp(footer=False, ev=long)
    expected = parse_expected_icp("京ICP备2021017353号")
    assert icp_findings(page(), m, expected) == [
        f("icp-unexpected", long[:300], number=ICP, expected="京ICP备2021017353号"),
        f("icp-not-in-footer", long[:300], number=ICP),
    ]
    assert icp_findings(page(), m, parse_expected_icp("京ICP备2021017352号")) == [
        f("icp-not-in-footer", long[:300], number=ICP)
    ]


def test_no_icp_shown_says_why() -> None:
    hidden = icp(hidden=True, ev="<a hidden>")
    bad = [icp(f"京ICP备{'X' * n}号", ev=f"<b{n}>") for n in (5, 6, 7, 8)]
    hidden_bad = icp("京ICP备YYYYY号", hidden=True)
    findings = icp_findings(page((hidden_bad, hidden, *bad)), None, None)  # a hidden bad one first
    assert findings == [
        f("mark-hidden", "<a hidden>", what=text("what.icp"), number=ICP),
        *[
            f(
                "icp-malformed",
                f"<b{n}>",
                raw=f"京ICP备{'X' * n}号",
                problem=text("why.placeholder", body="X" * n),
            )
            for n in (5, 6, 7)
        ],
        f("icp-missing", key="icp-missing.malformed", shown="京ICP备XXXXX号"),
    ]
    assert icp_findings(page(), None, None) == [f("icp-missing")]
    assert icp_findings(page(in_images=True), None, None) == [f("icp-missing", key="icp-missing.in-image")]
    assert icp_findings(page((hidden,), in_images=True), None, None) == [
        f("mark-hidden", "<a hidden>", what=text("what.icp"), number=ICP),
        f("icp-missing", key="icp-missing.in-image"),
    ]


# -- public-security findings ----------------------------------------------------------------


def test_no_psb_shown_says_why() -> None:
    hidden = psb(hidden=True, ev="<a hidden>")
    bad = psb("京公网安备123号", ev="<b>")
    assert psb_findings(page(psbs=(hidden, bad)), None, Expectation(), None) == [
        f("mark-hidden", "<a hidden>", what=text("what.psb"), number=PSB),
        f("psb-malformed", "<b>", raw="京公网安备123号", problem=text("why.psb-digits", count=3)),
        f("psb-missing", key="psb-missing.malformed", shown="京公网安备123号"),
    ]
    assert psb_findings(page(in_images=True), None, Expectation(), None) == [
        f("psb-missing", key="psb-missing.in-image")
    ]


def test_psb_link_findings() -> None:
    want = MPS_URL + CODE
    cases = [
        (
            Link(LinkKind.NONE, reason=text("why.javascript")),
            f("psb-not-linked", number=PSB, reason=text("why.javascript"), want=want),
        ),
        (
            Link(LinkKind.MIIT, url="https://beian.miit.gov.cn/"),
            f("psb-link-wrong", number=PSB, url="https://beian.miit.gov.cn/", want=want),
        ),
        (
            Link(LinkKind.OTHER, url="https://x.cn/"),
            f("psb-link-wrong", number=PSB, url="https://x.cn/", want=want),
        ),
        (Link(LinkKind.MPS, url=MPS_URL), f("psb-link-no-code", number=PSB, url=MPS_URL, want=want)),
        (
            Link(LinkKind.MPS_LEGACY, url="http://www.beian.gov.cn/"),
            f("psb-link-no-code", number=PSB, url="http://www.beian.gov.cn/", want=want),
        ),
        (
            Link(LinkKind.MPS, url=MPS_URL + "1", code="44030502000001"),
            f("psb-link-code-mismatch", number=PSB, link_code="44030502000001", want=want),
        ),
        (
            Link(LinkKind.MPS_LEGACY, url="http://www.beian.gov.cn/?recordcode=1", code="1"),
            f("psb-link-code-mismatch", number=PSB, link_code="1", want=want),
        ),
        (
            Link(LinkKind.MPS_LEGACY, url="http://www.beian.gov.cn/x", code=CODE),
            f("psb-link-legacy", number=PSB, url="http://www.beian.gov.cn/x", want=want),
        ),
    ]
    for link, finding in cases:
        m = psb(link=link, ev="")
        assert psb_findings(page(), m, Expectation(), None) == [
            Finding(finding.code, URL, m.evidence, args=finding.args)
        ], link


def test_psb_prefix_and_unexpected() -> None:
    m = psb(f"沪公网安备{CODE}号")
    assert psb_findings(page(), m, Expectation(psb="31010502030143"), None) == [
        f("psb-prefix-mismatch", m.evidence, number=f"沪公网安备{CODE}号", province="沪", prefix="11"),
        f("psb-unexpected", m.evidence, number=f"沪公网安备{CODE}号", expected="31010502030143"),
    ]
    assert psb_findings(page(), psb(), Expectation(psb=CODE), None) == []


def test_badge_outcomes() -> None:
    ev = IMG.evidence
    assert psb_findings(page(), psb(), Expectation(), BadgeCheck(True, "200 image/png")) == []
    assert psb_findings(page(), psb(), Expectation(), None) == []
    broken = BadgeCheck(False, "HTTP 404", text("fetch.http-status", status=404))
    assert psb_findings(page(), psb(), Expectation(), broken) == [
        Finding(
            "psb-icon-broken",
            URL,
            ev,
            detail="HTTP 404",
            args=(("src", str(IMG.src)), ("reason", text("fetch.http-status", status=404))),
        )
    ]
    unreachable = BadgeCheck(None, "connect refused")
    assert psb_findings(page(), psb(), Expectation(), unreachable) == [
        Finding(
            "psb-icon-unverified",
            URL,
            ev,
            detail="connect refused",
            args=(("src", str(IMG.src)), ("reason", "connect refused")),
        )
    ]
    long = Badge("img", IMG.src, "<img " + "x" * 400 + ">")
    [finding] = psb_findings(page(), psb(before=long), Expectation(), broken)
    assert finding.evidence == long.evidence[:300]
    css = Badge("css", None, "<i class=gongan>")
    assert psb_findings(page(), psb(before=css), Expectation(), None) == [
        f("psb-icon-unverified", "<i class=gongan>", key="psb-icon-unverified.css")
    ]
    after = Badge("img", "https://example.cn/a.png", "<img after>")
    m = psb(before=None, after=after)
    assert psb_findings(page(), m, Expectation(), None) == [
        f("psb-icon-after-number", "<img after>", number=PSB)
    ]
    m = psb(before=None)
    assert psb_findings(page(), m, Expectation(), None) == [f("psb-icon-missing", m.evidence, number=PSB)]


def test_a_badge_that_is_another_seal() -> None:
    seal = Badge("img", "https://example.cn/gs.png", "<img gs>", hint="other")
    after = Badge("img", "https://example.cn/gongan.png", "<img after>")
    other = BadgeCheck(True, "", looks="other")
    assert psb_findings(page(), psb(before=IMG), Expectation(), other) == [
        f("psb-icon-wrong", "<img src=gongan.png>", number=PSB, what=text("badge.other-seal"))
    ]
    assert psb_findings(page(), psb(before=seal, after=after), Expectation(), BadgeCheck(True, "")) == [
        f("psb-icon-wrong", "<img gs>", number=PSB, what=text("badge.other-name")),
        f("psb-icon-after-number", "<img after>", number=PSB),
    ]
    assert psb_findings(page(), psb(before=seal), Expectation(), None) == [
        f("psb-icon-wrong", "<img gs>", number=PSB, what=text("badge.other-name"))
    ]
    official = BadgeCheck(True, "", looks="official")
    assert psb_findings(page(), psb(before=seal), Expectation(), official) == []


def test_badge_to_check() -> None:
    assert badge_to_check(None) is None
    assert badge_to_check(psb(before=None)) is None
    assert badge_to_check(psb(before=Badge("css", None, ""))) is None
    assert badge_to_check(psb()) == IMG.src


# -- page, shell, consistency, result marks ------------------------------------------------------


def test_page_and_shell_findings() -> None:
    assert page_findings(page()) == []
    template = "{{ icp }}" + "x" * 400
    assert page_findings(page(template=template)) == [f("page-template", template[:300])]
    why = text("why.no-link")
    assert shell_findings(page(shell=why)) == [f("page-js-rendered", why=why)]
    assert shell_findings(page(shell=why, rendered=True)) == [
        f("page-js-rendered", key="page-js-rendered.rendered", why=why)
    ]
    assert shell_findings(page((icp(),), shell=why)) == []
    assert shell_findings(page(psbs=(psb(),), shell=why)) == []
    assert shell_findings(page()) == []


def _kp(url: str, icps: tuple[Icp, ...] = (), psbs: tuple[Psb, ...] = (), name: str = "") -> KeyPage:
    return KeyPage(url, PageAnalysis(url, icp=icps, psb=psbs), name=name)


def test_key_pages_differ_in_either_number_or_both() -> None:
    none = text("none")
    home_i, home_p = icp(), psb()
    other_i, other_p = icp("京ICP备2021017353号"), psb("京公网安备44030502000001号")
    pages = [
        _kp(URL + "same", (icp(),), (psb(),)),
        _kp(URL + "icp", (other_i,), (psb(),)),
        _kp(URL + "psb", (icp(),), (other_p,)),
        _kp(URL + "both", (other_i,), (other_p,), name="/both/"),
        _kp(URL + "none"),
        KeyPage(URL + "gone", None, text("fetch.refused")),
        KeyPage(URL + "gone2", None, name="/gone2/"),
    ]
    got_icp = text("page-inconsistent.icp", got="京ICP备2021017353号", home=ICP)
    got_psb = text("page-inconsistent.psb", got="44030502000001", home=CODE)
    assert consistency_findings(home_i, home_p, pages) == [
        Finding("page-inconsistent", URL + "icp", args=(("url", URL + "icp"), ("problems", got_icp))),
        Finding("page-inconsistent", URL + "psb", args=(("url", URL + "psb"), ("problems", got_psb))),
        Finding(
            "page-inconsistent",
            URL + "both",
            args=(("url", "/both/"), ("problems", text("join.semicolon", a=got_icp, b=got_psb))),
        ),
        Finding(
            "page-inconsistent",
            URL + "none",
            args=(
                ("url", URL + "none"),
                (
                    "problems",
                    text(
                        "join.semicolon",
                        a=text("page-inconsistent.icp", got=none, home=ICP),
                        b=text("page-inconsistent.psb", got=none, home=CODE),
                    ),
                ),
            ),
        ),
        Finding(
            "page-inconsistent",
            URL + "gone",
            key="page-inconsistent.unchecked",
            args=(("url", URL + "gone"), ("reason", text("fetch.refused"))),
        ),
        Finding(
            "page-inconsistent",
            URL + "gone2",
            key="page-inconsistent.unchecked",
            args=(("url", "/gone2/"), ("reason", "")),
        ),
    ]
    # a home page without numbers: a key page that shows them differs
    assert consistency_findings(None, None, [_kp(URL + "a", (icp(),), (psb(),)), _kp(URL + "b")]) == [
        Finding(
            "page-inconsistent",
            URL + "a",
            args=(
                ("url", URL + "a"),
                (
                    "problems",
                    text(
                        "join.semicolon",
                        a=text("page-inconsistent.icp", got=ICP, home=none),
                        b=text("page-inconsistent.psb", got=CODE, home=none),
                    ),
                ),
            ),
        )
    ]


def test_result_marks() -> None:
    assert result_marks(None, None) == (None, None)
    i, p = result_marks(icp("京ICP证030173号"), psb())
    assert i == IcpMark("京ICP证030173号", "licence", MIIT.url)
    assert p == PsbMark(PSB, CODE, MPS.url, IMG.src)
    assert result_marks(None, psb(before=None))[1] == PsbMark(PSB, CODE, MPS.url, None)
    data = "data:image/png;base64," + "A" * 100
    _, p = result_marks(None, psb(before=Badge("img", data, "")))
    assert p is not None and p.icon == data[:72] + "…"
    short = "data:image/png;base64," + "A" * 58
    assert len(short) == 80
    _, p = result_marks(None, psb(before=Badge("img", short, "")))
    assert p is not None and p.icon == short
    _, p = result_marks(None, psb(before=Badge("img", short + "A", "")))
    assert p is not None and p.icon == short[:72] + "…"
