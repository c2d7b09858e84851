"""page/badges.py and the badge side of the walk pinned on whole pages: the evidence each
kind of badge carries (and where it is cut), the text that ends the search for a badge,
which images count as the number's own (its link, its block, none when it sits right in
<body>), what an image's name is, inline SVG badges on pages with post content. Written
from the mutants the older tests let through (README, "Development")."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from beian_check.model import Badge
from beian_check.page import analyze_html
from beian_check.page.badges import name_hint

URL = "https://example.cn/"
PSB = (
    '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备11010502030143号</a>'
)
PLAIN_PSB = "京公网安备11010502030143号"
MAIN = "<main><p>" + "内容" * 200 + "</p></main>"
GONGAN = URL + "static/images/gongan.png"


def _page(body: str) -> tuple[Badge | None, Badge | None]:
    page = analyze_html(f"<html><body>{body}</body></html>", URL)
    [mark] = page.psb
    return mark.badge_before, mark.badge_after


def _footer(inner: str) -> tuple[Badge | None, Badge | None]:
    return _page(f"{MAIN}<footer><p>{inner}</p></footer>")


def _sized(html: str, length: int) -> str:
    """``html`` with its empty attribute value ("") filled with label text up to ``length``
    characters."""
    fill = length - len(html)
    assert fill >= 0
    return html.replace('=""', '="' + ("公安机关备案图标" * 40)[:fill] + '"', 1)


def _cut(html: str, limit: int) -> str:
    return html if len(html) <= limit else html[: limit - 1] + "…"


IMG = '<img src="/static/images/gongan.png" width="20" height="20" alt="">'
CSS = '<i class="icon-gongan" title=""></i>'
SVG_IMAGE = '<image href="/static/images/gongan.png" aria-label=""></image>'


@pytest.mark.parametrize("length", [200, 240, 241])
def test_an_img_badge_keeps_240_characters_of_evidence(length: int) -> None:
    img = _sized(IMG, length)
    before, _ = _footer(img + PSB)
    assert before == Badge("img", GONGAN, _cut(img, 240), "badge")


@pytest.mark.parametrize("length", [160, 161, 200])
def test_a_css_badge_keeps_160(length: int) -> None:
    css = _sized(CSS, length)
    before, _ = _footer(css + PSB)
    # no image to name: a drawn badge carries no name hint
    assert before == Badge("css", None, _cut(css, 160), "")


@pytest.mark.parametrize("length", [160, 200])
def test_an_svg_image_keeps_160(length: int) -> None:
    image = _sized(SVG_IMAGE, length)
    before, _ = _footer(f"<svg>{image}</svg>" + PSB)
    assert before == Badge("img", GONGAN, _cut(image, 160), "badge")


def test_an_svg_drawing_is_its_own_evidence() -> None:
    svg = '<svg class="icon"><use href="#icon-gongan"></use></svg>'
    before, _ = _footer(svg + PSB)
    assert before == Badge("svg", None, svg, "")


@pytest.mark.parametrize(
    "between,belongs",
    [
        ("<span>友情链接：百度、新浪、网</span>", True),  # 12 characters: a short label
        ("<span>友情链接：百度、新浪、网易</span>", False),  # 13: text of its own
        # the ICP label, in any case, ends the search even without digits: the image
        # before it is the ICP mark's
        ("<span>ICP备案</span>", False),
        ("<span>icp备案</span>", False),
        ("<span>Icp</span>", False),
        # separators are never substantive, however many
        ("<span> · · · · · · · · </span>", True),
        ("<span>--------------------</span>", True),
    ],
)
def test_text_that_ends_the_search_for_a_badge(between: str, belongs: bool) -> None:
    before, _ = _footer(f'<img src="/static/img/pic.png">{between}{PSB}')
    assert (before is not None) is belongs


def test_a_link_right_in_body_holds_its_own_image() -> None:
    # No block around the link: the image inside it is the badge whatever it is called.
    before, _ = _page(
        f'{MAIN}<a href="https://beian.mps.gov.cn/"><img src="/static/img/icon1.png">{PLAIN_PSB}</a>'
    )
    assert before is not None and before.src == URL + "static/img/icon1.png"


def test_a_number_right_in_body_has_no_container() -> None:
    # <body> is no container: the QR code in the block before is another widget's image
    qr = '<div class="qr"><img src="/static/img/weixin.jpg"></div>'
    assert _page(f"{MAIN}{qr}{PSB}") == (None, None)
    assert _page(f"{MAIN}{qr}{PLAIN_PSB}") == (None, None)
    assert _page(f"{MAIN}{PLAIN_PSB}{qr}") == (None, None)
    # one that looks like a badge still counts
    before, _ = _page(f'{MAIN}<div><img src="/static/img/gongan.png"></div>{PSB}')
    assert before is not None and before.src == URL + "static/img/gongan.png"


def test_a_number_without_a_link_only_has_its_block() -> None:
    qr = '<div class="qr"><img src="/static/img/weixin.jpg"></div>'
    assert _page(f"{MAIN}<footer>{qr}<p>{PLAIN_PSB}</p></footer>") == (None, None)
    # after the number: only a badge-like image of the same block is a misplaced badge
    assert _footer(f'{PLAIN_PSB} <img src="/static/img/photo.jpg">') == (None, None)
    _, after = _footer(f'{PLAIN_PSB} <img src="/static/img/photo.jpg" width="20" height="20">')
    assert after is not None and after.src == URL + "static/img/photo.jpg"


@pytest.mark.parametrize(
    "src,hint",
    [
        # the file name only: not the folders, the host or the query
        ("https://example.cn/police/news/photo.jpg", ""),
        ("https://police.example.cn/photo.jpg", ""),
        ("https://example.cn/static/ba/photo.jpg", ""),
        ("https://example.cn/img/photo.jpg?album=police", ""),
        ("https://example.cn/img/gongan.png?v=2", "badge"),
        ("https://example.cn/img/ba.png", "badge"),
        # a data: URI has no name, whatever its payload happens to spell
        ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABQAAAAUCAYAAACNiR0NAAAAGhsdGV4dA==", ""),
        ("data:image/svg+xml,%3Csvg%3E%3Ctitle%3Egongan%3C/title%3E%3C/svg%3E", ""),
        # a URL without a path: nothing to read, and no error
        ("about:blank", ""),
    ],
)
def test_what_an_image_name_says(src: str, hint: str) -> None:
    node = LexborHTMLParser('<img src="x">').css_first("img")
    assert node is not None
    assert name_hint(node, src) == hint


# A post that quotes "ICP" is walked, not pruned: the page has post content.
ARTICLE = "<main><article><h2>网站ICP备案经验分享</h2><p>" + "文章内容" * 50 + "</p></article></main>"


@pytest.mark.parametrize(
    "svg,badge",
    [
        ('<svg class="icon-gongan"></svg>', ("svg", None)),
        ('<svg><image href="/static/images/gongan.png"></image></svg>', ("img", GONGAN)),
    ],
)
def test_svg_badges_on_a_page_with_post_content(svg: str, badge: tuple[str, str | None]) -> None:
    before, _ = _page(f"{ARTICLE}<footer><p>{svg}{PSB}</p></footer>")
    assert before is not None and (before.kind, before.src) == badge
    # the same drawing at the end of a post's last paragraph, right before the footer,
    # is the post's
    post = ARTICLE.replace("</p></article>", f"{svg}</p></article>")
    assert _page(f"{post}<footer>{PSB}</footer>") == (None, None)


def test_text_before_the_number_in_its_own_text_node_ends_the_search() -> None:
    before, _ = _footer(f'<img src="/static/img/pic.png">本站由某某科技有限公司负责运营维护 {PLAIN_PSB}')
    assert before is None
    before, _ = _footer(f'<img src="/static/img/pic.png">公安备案号：{PLAIN_PSB}')
    assert before is not None


def test_marks_at_the_top_do_not_reach_round_to_the_end_of_the_page() -> None:
    # the first thing on the page: nothing before it, and certainly not the back-to-top
    # icon at the very end
    top = '<img src="/static/img/top.png" width="32" height="32">'
    assert _page(f"<p>{PSB}</p>{MAIN}{top}") == (None, None)


@pytest.mark.parametrize("labels,belongs", [(4, True), (5, True), (6, False)])
def test_the_badge_is_among_the_six_nodes_before_the_number(labels: int, belongs: bool) -> None:
    between = "<b>|</b>" * labels
    before, _ = _footer(f'<img src="/static/img/pic.png">{between}{PSB}')
    assert (before is not None) is belongs


def test_a_link_holding_a_block_has_the_container_around_the_link() -> None:
    # <a><div>number</div></a>: the image beside the link, in the same block, is its
    link = f'<a href="https://beian.mps.gov.cn/"><div>{PLAIN_PSB}</div></a>'
    before, _ = _page(
        f'{MAIN}<footer><div class="beian"><img src="/static/img/pic.png">{link}</div></footer>'
    )
    assert before is not None and before.src == URL + "static/img/pic.png"


def test_a_deeply_nested_image_of_another_widget_is_not_the_numbers() -> None:
    # eight levels and more: the climb stops without finding the number's link or block
    qr = "<div>" * 9 + '<img src="/static/img/weixin.jpg">' + "</div>" * 9
    assert _page(f"{MAIN}<footer>{qr}<p>{PSB}</p></footer>") == (None, None)
