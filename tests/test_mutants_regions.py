"""Post content, the site footer's own columns, the visible-text count and links home,
pinned on whole pages. Written from the mutants the older tests let through (README,
"Development")."""

from __future__ import annotations

import pytest

from beian_check.page import _is_home, analyze_html

URL = "https://example.cn/"
QUOTED = "例如 粤ICP备18000001号 要放在页脚"
FOOTER = '<footer><a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a></footer>'
MAIN = "<p>" + "正文内容" * 60 + "</p>"


def _icps(body: str) -> list[str]:
    page = analyze_html(f"<html><body>{MAIN}{body}{FOOTER}</body></html>", URL)
    return [m.number.text for m in page.icp]


def _card(title: str = "<h2>标题</h2>", text: str = QUOTED, cls: str = "post-item", tag: str = "div") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<{tag}{attr}>{title}<p>{text}</p></{tag}>"


@pytest.mark.parametrize(
    "listing,excluded",
    [
        # the cards of a listing: two siblings with the same tag and classes, and a title
        (_card() + _card(text="其他"), True),
        (_card(cls="post-item big") + _card(cls="big post-item", text="其他"), True),
        (_card(title='<p class="entry-title">标题</p>') + _card(text="其他"), True),
        # one card is no listing
        (_card(), False),
        (_card() + '<div class="other">其他</div>', False),
        (_card() + _card(cls="post-item other", text="其他"), False),
        (_card() + '<section class="post-item"><h2>标题</h2><p>其他</p></section>', False),
        # no title: rows of a bottom block
        (_card(title="") + _card(title="", text="其他"), False),
        # no class: any two rows of a list would be "cards"
        (
            "<ul>"
            + _card(tag="li", cls="", text=f'<span class="desc">{QUOTED}</span>')
            + _card(tag="li", cls="", text='<span class="desc">其他</span>')
            + "</ul>",
            False,
        ),
    ],
)
def test_a_listing_of_cards_is_post_content(listing: str, excluded: bool) -> None:
    found = _icps(f"<div class='list'>{listing}</div>")
    assert found == (
        ["京ICP备2021017352号-2"] if excluded else ["粤ICP备18000001号", "京ICP备2021017352号-2"]
    )


def _deep(levels: int) -> str:
    """A span.desc ``levels`` elements below the card that repeats."""
    inner = f'<span class="desc">{QUOTED}</span>'
    for _ in range(levels - 1):
        inner = f"<div>{inner}</div>"
    other = '<span class="desc">其他</span>'
    return f'<div class="card"><h3>标题</h3>{inner}</div><div class="card"><h3>标题</h3>{other}</div>'


@pytest.mark.parametrize("levels,excluded", [(1, True), (2, True), (3, False)])
def test_the_card_is_the_block_or_one_of_its_two_nearest_ancestors(levels: int, excluded: bool) -> None:
    found = _icps(_deep(levels))
    assert found == (
        ["京ICP备2021017352号-2"] if excluded else ["粤ICP备18000001号", "京ICP备2021017352号-2"]
    )


def test_each_block_is_judged_on_its_own() -> None:
    """A lone excerpt first, then a listing: the second is a listing all the same."""
    found = _icps('<div class="summary">简介</div>' + _card() + _card(text="其他"))
    assert found == ["京ICP备2021017352号-2"]


@pytest.mark.parametrize(
    "footer_class,excluded",
    [("copyright", False), ("beian", False), ("bottom", True), ("record", True)],
)
def test_a_site_footers_own_columns_are_no_listing(footer_class: str, excluded: bool) -> None:
    """Repeated columns under a footer hint of weight 2 or more are the site's own text."""
    columns = (
        f'<div class="{footer_class}">'
        f'<div class="item"><h4>关于</h4><p class="desc">{QUOTED}</p></div>'
        '<div class="item"><h4>联系</h4><p class="desc">电话</p></div></div>'
    )
    page = analyze_html(f"<html><body>{MAIN}{columns}</body></html>", URL)
    assert [m.number.text for m in page.icp] == ([] if excluded else ["粤ICP备18000001号"])


SCRIPT = '<div><p>x</p><script>var x = "' + "a" * 300 + '";</script></div>'


@pytest.mark.parametrize(
    "body,visible",
    [
        ("<p>你好世界</p>", 4),
        ('<p>你好</p><p hidden>藏起来</p><p style="display:none">藏</p><p>再见</p>', 4),
        # a pruned block counted its script too: recounted exactly below 10,000 characters
        (SCRIPT + "<p>" + "字" * 9000 + "</p>", 9001),
        (SCRIPT + "<p>" + "字" * 9687 + "</p>", 9688),
        (SCRIPT + "<p>" + "字" * 9688 + "</p>", 10000),
        (SCRIPT + "<p>" + "字" * 10001 + "</p>", 10313),
    ],
)
def test_visible_characters(body: str, visible: int) -> None:
    assert analyze_html(f"<html><body>{body}</body></html>", URL).visible_chars == visible


@pytest.mark.parametrize(
    "url,page,home",
    [
        ("https://example.cn/", "https://example.cn/about.html", True),
        ("https://example.cn", "https://example.cn/about.html", True),
        ("https://example.cn/index.html", "https://example.cn/a/b.html", True),
        ("https://example.cn/Index.PHP", "https://example.cn/", True),
        ("https://example.cn/about.html", "https://example.cn/", False),
        ("https://example.cn/news/", "https://example.cn/", False),
        ("https://example.cn/news/index.html", "https://example.cn/", False),
        # a build directory: the page's own folder is its home
        ("file:///srv/public/index.html", "file:///srv/public/index.html", True),
        ("file:///srv/public/", "file:///srv/public/about.html", True),
        ("file:///srv/public/post/", "file:///srv/public/index.html", False),
        ("http://[example.cn/", URL, True),
    ],
)
def test_is_home(url: str, page: str, home: bool) -> None:
    assert _is_home(url, page) is home


def test_a_blog_home_pages_body_is_no_card() -> None:
    """WordPress writes <body class="home blog">: the word of a listing's card on the body
    itself, which has no sibling, makes no listing of the whole page."""
    mark = '<p><a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a></p>'
    page = analyze_html(f'<html><body class="home blog">{MAIN}{mark}</body></html>', URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [("京ICP备2021017352号-2", True)]


@pytest.mark.parametrize("header_chars,at_bottom", [(100, False), (101, True)])
def test_a_header_is_a_wrapper_only_past_sixty_percent_of_the_page(
    header_chars: int, at_bottom: bool
) -> None:
    """No footer: a mark in the second half counts as at the bottom unless it sits in a
    header. A <header> holding exactly 60 % of the page's 200 characters is still a header;
    one more character and it is a layout wrapper around the page."""
    mark = '<p><a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a></p>'
    body = f"<header><p>{'页' * header_chars}</p>{mark}</header><p>{'文' * (179 - header_chars)}</p>"
    page = analyze_html(f"<html><body>{body}</body></html>", URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [("京ICP备2021017352号-2", at_bottom)]


ICP = '<a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a>'


@pytest.mark.parametrize("tail,at_bottom", [(81, True), (82, False)])
def test_without_a_footer_the_second_half_starts_at_the_middle(tail: int, at_bottom: bool) -> None:
    """No footer: a mark that starts in the second half of the page text, the middle
    included, is at the bottom. Here the mark starts at offset 101 of 202 (or of 203)."""
    html = f"<html><body><p>{'正' * 100}</p><p>{ICP}</p><p>{'尾' * tail}</p></body></html>"
    page = analyze_html(html, URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [("京ICP备2021017352号-2", at_bottom)]


@pytest.mark.parametrize("gap,adjacent", [(0, True), (120, True), (121, False)])
def test_a_mark_right_above_the_footer(gap: int, adjacent: bool) -> None:
    """VuePress writes the marks at the end of the page's Markdown, just above the theme's
    footer: up to 120 characters between the mark and the footer (touching it included),
    the mark is at the bottom, though the footer holds a mark of its own."""
    between = f"<span>{'字' * gap}</span>" if gap else ""
    html = (
        f"<html><body><p>{'正文' * 100}</p>{ICP}{between}"
        "<footer><p>京公网安备11010502030143号</p></footer></body></html>"
    )
    page = analyze_html(html, URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [("京ICP备2021017352号-2", adjacent)]
    assert [(m.number.text, m.in_footer) for m in page.psb] == [("京公网安备11010502030143号", True)]


def test_repeated_sidebar_widgets_are_no_listing() -> None:
    """Only post-like blocks can be the cards of a listing: two sidebar widgets with the
    same classes and a title each are the site's own text, and the mark in one is found
    (not at the bottom)."""
    side = (
        f'<aside class="widget"><h3 class="widget-title">关于本站</h3><p>{ICP}</p></aside>'
        '<aside class="widget"><h3 class="widget-title">友情链接</h3><p>链接</p></aside>'
    )
    html = f"<html><body>{MAIN}{side}<footer><p>京公网安备11010502030143号</p></footer></body></html>"
    page = analyze_html(html, URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [("京ICP备2021017352号-2", False)]
    assert [(m.number.text, m.in_footer) for m in page.psb] == [("京公网安备11010502030143号", True)]


EXAMPLE = "<p>例如 粤ICP备18000001号 要放在页脚</p>"
TEXT = "<p>" + "正文内容" * 60 + "</p>"


@pytest.mark.parametrize(
    "body,found",
    [
        # a post that runs to the end of the page, no footer: its example is no mark
        (f"<p>首页</p><article class='page'>{TEXT}{EXAMPLE}</article>", []),
        # an empty footer-named block before it is not inside it
        (f"<p>首页</p><div class='copyright'></div><article class='page'>{TEXT}{EXAMPLE}</article>", []),
        # a layout wrapper: the site footer is inside, first (after a link home) or last
        (
            f"<a href='/'>首页</a><article class='page'><div class='copyright'>{ICP}</div>{TEXT}</article>",
            ["京ICP备2021017352号-2"],
        ),
        (
            f"<p>首页</p><article class='page'>{TEXT}<div class='copyright'>{ICP}</div></article>",
            ["京ICP备2021017352号-2"],
        ),
    ],
)
def test_a_post_holding_the_page_to_its_end_is_a_wrapper_only_around_a_footer(
    body: str, found: list[str]
) -> None:
    page = analyze_html(f"<html><body>{body}</body></html>", URL)
    assert [m.number.text for m in page.icp] == found


@pytest.mark.parametrize(
    "body",
    [
        # a sidebar that ends where the footer starts: the mark is right above the footer
        f"<main>{TEXT}</main><aside class='sidebar'><p>关于本站</p><p>{ICP}</p></aside>"
        "<footer><p>京公网安备11010502030143号</p></footer>",
        # main content that ends where a markless footer (a cookie notice) starts
        f"<p>{'首页' * 50}</p><main>{TEXT}<p>{ICP}</p><p>{'后记' * 70}</p></main>"
        "<footer><p>本站使用 Cookie</p></footer>",
    ],
)
def test_a_sidebar_or_main_content_ending_at_the_footer_is_not_the_bottom(body: str) -> None:
    page = analyze_html(f"<html><body>{body}</body></html>", URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [("京ICP备2021017352号-2", False)]


@pytest.mark.parametrize("cls", ["beian", "footer"])
def test_a_footer_named_block_at_the_top_is_not_the_footer(cls: str) -> None:
    """A top bar named like a footer, far from the end of the page, loses its footer
    score: its mark is at the top, not at the bottom."""
    page = analyze_html(f"<html><body><div class='{cls}'>{ICP}</div>{TEXT}{TEXT}{TEXT}</body></html>", URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [("京ICP备2021017352号-2", False)]
