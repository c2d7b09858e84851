"""The page analysis pinned where deliberate bugs went unnoticed: lazy-load attributes,
the caps on anchors and windows (the footer is at the end of the page), the header
exclusion of the position fallback. Written from the held-out behaviour mutations and the
mutants the older tests let through (README, "Development")."""

from __future__ import annotations

import base64

import pytest

from beian_check.links import NOT_A_LINK, Link, classify_href
from beian_check.page import analyze, analyze_html

URL = "https://example.cn/"
ICP = '<a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a>'
PSB = (
    '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备11010502030143号</a>'
)
MIIT = "https://beian.miit.gov.cn/"
MAIN = "<main><p>" + "内容" * 200 + "</p></main>"


def _footer(badge: str = '<img src="/gongan.png">') -> str:
    return f"<footer><p>{ICP} {badge}{PSB}</p></footer>"


@pytest.mark.parametrize(
    "img,src",
    [
        # lazy loaders keep a stand-in in src until the real image arrives
        ('<img src="/static/lazy.png" data-src="/static/gongan.png">', URL + "static/gongan.png"),
        ('<img data-original="/static/gongan.png" src="/static/lazy.png">', URL + "static/gongan.png"),
        ('<img src="/static/lazy.png" data-lazy-src="/static/gongan.png">', URL + "static/gongan.png"),
        ('<img src="/static/gongan.png" data-src="">', URL + "static/gongan.png"),
        ('<img src="/static/blank.gif" data-src="/static/gongan.png">', URL + "static/gongan.png"),
        ('<img data-src="/static/spacer.gif" src="/static/gongan.png">', URL + "static/gongan.png"),
    ],
)
def test_lazy_load_attributes_win_over_src(img: str, src: str) -> None:
    page = analyze_html(f"<html><body>{MAIN}{_footer(img)}</body></html>", URL)
    [mark] = page.psb
    assert mark.badge_before is not None and mark.badge_before.src == src


def _anchors(n: int, word: str = "ICP备案查询") -> str:
    """n lines that each hold an anchor ("ICP" or 公网安备) but no filing number."""
    return "".join(f"<li>{word} 第{i}条</li>" for i in range(n))


@pytest.mark.parametrize(
    "before",
    [
        f"<aside><ul>{_anchors(200)}</ul></aside>",
        f"<aside><ul>{_anchors(200, '公网安备查询')}</ul></aside>",
        f"<aside><ul>{_anchors(100)}{_anchors(100, '公网安备查询')}</ul></aside>",
        # a zero-width character takes the regular-expression path to the anchors
        "<aside><ul>" + _anchors(200, "ICP备案\u200b查询") + "</ul></aside>",
        # many separate stretches (scripts split the text): many windows
        "<div>" + "".join(f"<p>ICP备案查询 {i}</p><script>x()</script>" for i in range(200)) + "</div>",
    ],
)
def test_the_footer_at_the_end_survives_the_caps(before: str) -> None:
    """A hostile or busy page holds hundreds of anchors before the footer; the caps keep
    the first and the last ones, and the footer is at the end."""
    page = analyze_html(f"<html><body>{before}{MAIN}{_footer()}</body></html>", URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [("京ICP备2021017352号-2", True)]
    assert [
        (m.number.text, m.in_footer, m.badge_before is not None) for m in page.psb if m.number.problem is None
    ] == [("京公网安备11010502030143号", True, True)]


def test_marks_at_the_top_survive_the_caps_too() -> None:
    html = f"<html><body><header><p>{ICP}</p></header><ul>{_anchors(200)}</ul>{MAIN}</body></html>"
    page = analyze_html(html, URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [("京ICP备2021017352号-2", False)]


@pytest.mark.parametrize("tag,in_footer", [("nav", False), ("header", False), ("div", True)])
def test_a_header_late_in_a_footerless_page_is_not_the_footer(tag: str, in_footer: bool) -> None:
    """Without a footer, marks in the second half of the page count as in the footer,
    except inside a header or navigation bar (a bottom navigation bar, a header placed
    after a long introduction)."""
    links = "".join(f"<a href=/c{i}>栏目{i}</a>" for i in range(30))
    html = (
        f"<html><body><p>{'正文' * 150}</p><{tag}>{links}<span>{ICP}</span></{tag}>"
        f"<p>{'尾' * 50}</p></body></html>"
    )
    page = analyze_html(html, URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [("京ICP备2021017352号-2", in_footer)]


def _marks(inner: str) -> list[tuple[str, str, frozenset[str]]]:
    html = f'<html class="no-js"><body class="home">{MAIN}{inner}</body></html>'
    page = analyze_html(html, URL)
    for m in page.icp:  # an ICP number never has a badge
        assert (m.badge_before, m.badge_after) == (None, None)
    icp = [(m.number.text, m.evidence, m.tokens) for m in page.icp]
    return icp + [(m.number.text, m.evidence, m.tokens) for m in page.psb]


def test_each_mark_carries_its_own_evidence_and_class_names() -> None:
    """The evidence is the mark's link (even when the number sits in a <span> inside
    it), else the element around the number's text; the tokens are the class and id
    names from the mark up to, not including, <body>."""
    psb_link = (
        '<a class="gongan-link" href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">'
        "<span>京公网安备11010502030143号</span></a>"
    )
    inner = (
        f'<div id="page" class="site"><footer class="site-footer"><p class="beian">{ICP} {psb_link}</p>'
        "<p>京公网安备11010502030144号</p></footer></div>"
    )
    assert _marks(inner) == [
        ("京ICP备2021017352号-2", ICP, frozenset({"page", "site", "site-footer", "beian"})),
        (
            "京公网安备11010502030143号",
            psb_link,
            frozenset({"page", "site", "site-footer", "beian", "gongan-link"}),
        ),
        (
            "京公网安备11010502030144号",
            "<p>京公网安备11010502030144号</p>",
            frozenset({"page", "site", "site-footer"}),
        ),
    ]


@pytest.mark.parametrize("length", [240, 241])
def test_a_mark_keeps_240_characters_of_evidence(length: int) -> None:
    link = '<a href="https://beian.miit.gov.cn/" title="">京ICP备2021017352号-2</a>'
    title = ("工业和信息化部政务服务平台" * 20)[: length - len(link)]
    link = link.replace('title=""', f'title="{title}"')
    assert len(link) == length
    [(_, evidence, _)] = _marks(f"<footer><p>{link}</p></footer>")
    assert evidence == (link if length <= 240 else link[:239] + "…")


def _exturl(data_url: str) -> Link:
    mark = f'<footer><p><span class="exturl" data-url="{data_url}">京ICP备2021017352号-2</span></p></footer>'
    [icp] = analyze_html(f"<html><body>{MAIN}{mark}</body></html>", URL).icp
    return icp.link


def test_a_next_exturl_link_is_decoded_against_the_page() -> None:
    """NexT writes external links as <span class="exturl" data-url="BASE64">; its script
    opens the decoded URL from the page, so a URL without a scheme leads under the site."""
    assert _exturl(base64.b64encode(b"https://beian.miit.gov.cn/").decode().rstrip("=")) == classify_href(
        "https://beian.miit.gov.cn/", URL
    )
    assert _exturl(base64.b64encode(b"beian.miit.gov.cn").decode()).url == URL + "beian.miit.gov.cn"
    # a data-url that decodes to nothing (or to no text) is no link at all
    assert _exturl("==") == NOT_A_LINK
    assert _exturl("//79") == NOT_A_LINK


@pytest.mark.parametrize(
    "footer,href",
    [
        # the number belongs to the link holding its digits, not the label's
        ('<a href="/beian.html">京ICP备</a><a href="https://beian.miit.gov.cn/">2021017352号-2</a>', MIIT),
        # the first link that holds digits, when they are split over two
        ('<a href="https://beian.miit.gov.cn/">京ICP备2021</a><a href="/about.html">017352号-2</a>', MIIT),
        # unlinked digits: a link elsewhere in the number (its label) still counts
        ('<a href="https://beian.miit.gov.cn/">京ICP备</a>2021017352号-2', MIIT),
        ("京ICP备2021017352号-2", None),
    ],
)
def test_the_link_a_number_belongs_to(footer: str, href: str | None) -> None:
    # the footer's links are the first on the page (index 0 counts like any other)
    [icp] = analyze_html(f"<html><body>{MAIN}<footer><p>{footer}</p></footer></body></html>", URL).icp
    assert icp.number.text == "京ICP备2021017352号-2"
    assert icp.link.url == href


def test_a_registry_link_with_a_long_text_is_still_the_mark() -> None:
    # Only a link to another page of the site quotes a number in a title: a link to the
    # registry itself (here its query page), however wordy, is the mark.
    query = "https://beian.miit.gov.cn/state/outPortal/loginPortal.action"
    text = "本网站备案号：京ICP备2021017352号-2（点击前往工业和信息化部政务服务平台查询备案信息）"
    link = f'<a href="{query}">{text}</a>'
    [icp] = analyze_html(f"<html><body>{MAIN}<footer><p>{link}</p></footer></body></html>", URL).icp
    assert (icp.number.text, icp.link.url) == ("京ICP备2021017352号-2", query)


def test_a_post_title_quoting_the_number_in_a_span_is_not_the_mark() -> None:
    title = "网站备案终于通过啦：京ICP备2021017352号-2 记录一下备案的全过程"
    post = f'<a href="/2021/05/beian.html"><span>{title}</span></a>'
    page = analyze_html(
        f"<html><body>{MAIN}<aside><ul><li>{post}</li></ul></aside>{_footer()}</body></html>", URL
    )
    assert [m.number.text for m in page.icp] == ["京ICP备2021017352号-2"]
    assert page.icp[0].link.url == "https://beian.miit.gov.cn/"


GBK_PAGE = (
    '<html><head><link rel="stylesheet" href="/site.css"><style>.hide{display:none}</style></head>'
    f"<body>{MAIN}<footer><p>{ICP}</p></footer></body></html>"
)


def test_analyze_reads_the_charset_the_server_sends() -> None:
    body = GBK_PAGE.encode("gbk")
    page = analyze(body, URL, "text/html; charset=gbk")
    assert (page.encoding, [m.number.text for m in page.icp]) == ("gb18030", ["京ICP备2021017352号-2"])
    # a stray byte that is no GBK does not stop the analysis
    page = analyze(body.replace(b"<footer>", b"<footer>\xff"), URL, "text/html; charset=gbk")
    assert [m.number.text for m in page.icp] == ["京ICP备2021017352号-2"]
    # what --render auto needs is collected only when asked for
    assert (page.hiding_tokens, page.stylesheets) == (frozenset(), ())
    asked = analyze(body, URL, "text/html; charset=gbk", render_hints=True)
    assert (asked.hiding_tokens, asked.stylesheets) == (frozenset({"hide"}), (URL + "site.css",))
