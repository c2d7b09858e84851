"""The walk and the badge steps pinned on whole pages: inline SVG badges, what an image's
names say, small images, text between a badge and its number, template snippets, hidden
pruned blocks. Written from the mutants the older tests let through (README,
"Development")."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from beian_check.messages import text
from beian_check.page import analyze_html
from beian_check.page.badges import name_hint

URL = "https://example.cn/"
ICP = '<a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a>'
PSB = (
    '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备11010502030143号</a>'
)
MAIN = "<main><p>" + "内容" * 200 + "</p></main>"


def _badge(before: str, after: str = "") -> tuple[str, str | None] | None:
    page = analyze_html(f"<html><body>{MAIN}<footer><p>{before}{PSB}{after}</p></footer></body></html>", URL)
    [mark] = page.psb
    badge = mark.badge_before
    return None if badge is None else (badge.kind, badge.src)


@pytest.mark.parametrize(
    "svg,badge",
    [
        # an <image> inside is loaded like an <img>
        ('<svg><image href="/g.png"></image></svg>', ("img", URL + "g.png")),
        ('<svg><image xlink:href="/g.png"></image></svg>', ("img", URL + "g.png")),
        # a drawing named as the badge by its class, id, label, title or symbol
        ('<svg class="icon-gongan"></svg>', ("svg", None)),
        ('<svg id="police"></svg>', ("svg", None)),
        ('<svg class="icon" id="ga"></svg>', ("svg", None)),
        ('<svg class="icon-ga"></svg>', ("svg", None)),
        ('<svg aria-label="公安备案"></svg>', ("svg", None)),
        ("<svg><title>公安</title></svg>", ("svg", None)),
        ('<svg><use href="#icon-gongan"></use></svg>', ("svg", None)),
        ('<svg><use xlink:href="#icon-gongan"></use></svg>', ("svg", None)),
        ("<svg><image></image><title>公安</title></svg>", ("svg", None)),
        # a drawing that says nothing, or hidden
        ('<svg class="icon"><use href="#icon-home"></use></svg>', None),
        ("<svg><image></image></svg>", None),
        ('<svg hidden class="gongan"></svg>', None),
        ('<svg style="display:none" class="gongan"></svg>', None),
        ('<svg style="visibility: hidden" class="gongan"></svg>', None),
    ],
)
def test_inline_svg_badges(svg: str, badge: tuple[str, str | None] | None) -> None:
    assert _badge(svg) == badge


def _node(html: str, css: str = "img") -> object:
    node = LexborHTMLParser(html).css_first(css)
    assert node is not None
    return node


@pytest.mark.parametrize(
    "html,src,hint",
    [
        ('<img src="/img/gongan.png">', "https://example.cn/img/gongan.png?v=2", "badge"),
        ('<img src="/x.png" alt="公安备案">', "https://example.cn/x.png", "badge"),
        ('<img src="/x.png" title="police">', "https://example.cn/x.png", "badge"),
        ('<img src="/x.png" class="icon-ga">', "https://example.cn/x.png", "badge"),
        ('<img src="/x.png" id="gaba">', "https://example.cn/x.png", "badge"),
        ('<img src="/x.png">', "data:image/png;base64,Z29uZ2Fu", ""),
        ('<img src="/x.png" alt="工商网监">', "https://example.cn/gswj.png", "other"),
        ('<img src="/x.png">', "https://example.cn/hongdun.png", "other"),
        # an image that says nothing, in a link to another mark's registry
        (
            '<a href="https://bszs.conac.cn/sitename?id=1"><img src="/red.png"></a>',
            "https://example.cn/red.png",
            "other",
        ),
        (
            '<a href="https://bszs.conac.cn/"><span><span><img src="/red.png"></span></span></a>',
            "https://example.cn/red.png",
            "other",
        ),
        (
            '<a href="https://bszs.conac.cn/"><b><span><span><img src="/red.png"></span></span></b></a>',
            "https://example.cn/red.png",
            "",
        ),
        ('<a href="/about?from=conac"><img src="/red.png"></a>', "https://example.cn/red.png", ""),
        ('<a><img src="/red.png"></a>', "https://example.cn/red.png", ""),
        ('<img src="/x.png">', "https://example.cn/x.png", ""),
    ],
)
def test_name_hint(html: str, src: str, hint: str) -> None:
    assert name_hint(_node(html), src) == hint  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "img,badge",
    [
        ('<img src="/i.png" width="64" height="64">', True),
        ('<img src="/i.png" width="64">', True),
        ('<img src="/i.png" width="65" height="20">', False),
        ('<img src="/i.png" style="height: 65px">', False),
        ('<img src="/i.png">', False),
    ],
)
def test_a_small_image_after_the_number_is_the_misplaced_badge(img: str, badge: bool) -> None:
    page = analyze_html(f"<html><body>{MAIN}<footer><p>{PSB}{img}</p></footer></body></html>", URL)
    [mark] = page.psb
    assert (mark.badge_after is not None) is badge


@pytest.mark.parametrize(
    "between,belongs",
    [
        ("", True),
        ("<span>公安备案号：</span>", True),
        ("<div>关于我们联系我们加入我们</div>", True),
        ("<div>本站由某某科技有限公司负责运营与维护工作</div>", False),
        ("<span>本站由某某科技有限公司负责运营与维护工作</span>", False),
        ("<div>电话 010-12345678</div>", False),
        (f"<span>{ICP}</span>", False),  # the ICP number ends the search
    ],
)
def test_text_between_the_badge_and_the_number(between: str, belongs: bool) -> None:
    assert (_badge(f'<img src="/img/pic.png">{between}') is not None) is belongs
    # right after the ICP link and right before the public-security one: the latter's
    assert _badge(f'{ICP} <img src="/img/pic.png">{between}') == (
        ("img", URL + "img/pic.png") if belongs else None
    )


def test_template_snippets_are_capped_and_cut() -> None:
    def template(before: str, footer: str) -> str | None:
        html = f"<html><body>{before}{MAIN}<footer><p>{footer}</p></footer></body></html>"
        return analyze_html(html, URL).template

    assert template("".join(f"<p>{{{{ x{i} }}}}</p>" for i in range(15)), "{{ beian }}") == "{{ beian }}"
    # a hostile page: the first 16 snippets are kept, the rest are not looked at
    assert template("".join(f"<p>{{{{ x{i} }}}}</p>" for i in range(16)), "{{ beian }}") is None
    long = "{{ " + "y" * 200 + " }}"
    assert template("", long) == long[:120]


@pytest.mark.parametrize(
    "block,visible",
    [
        ("<div><p>普通文字</p></div>", 22),
        ('<div style="display:none"><p>普通文字</p></div>', 18),
        ("<div hidden><p>普通文字</p></div>", 18),
    ],
)
def test_hidden_blocks_are_not_visible_text(block: str, visible: int) -> None:
    page = analyze_html(f"<html><body>{block}<footer><p>{ICP}</p></footer></body></html>", URL)
    assert page.visible_chars == visible


LONG = "这是一段很长很长的隐藏说明文字用来测试"  # 19 characters: a block worth pruning


@pytest.mark.parametrize(
    "block,visible",
    [
        (f"<div><p>{LONG}</p></div>", 37),
        (f'<div style="display:none"><p>{LONG}</p></div>', 18),
        (f"<div hidden><p>{LONG}</p></div>", 18),
    ],
)
def test_hidden_pruned_blocks_are_not_visible_text(block: str, visible: int) -> None:
    page = analyze_html(f"<html><body>{block}<footer><p>{ICP}</p></footer></body></html>", URL)
    assert page.visible_chars == visible


@pytest.mark.parametrize("src", ["//cdn.example.cn/static/logo.png", "/static/logo.png"])
def test_a_page_without_marks_is_recounted_with_its_images(src: str) -> None:
    # Pruned blocks count script text too: without marks the page is walked again,
    # whole, images (protocol-relative ones included) and all.
    html = (
        f'<html><body><div class="nav"><p>首页 产品中心 解决方案 新闻动态 关于我们</p><img src="{src}"></div>'
        '<script>var x = "很长的脚本文字";</script>'
        "<div><p>欢迎访问我们的网站，这里是一些介绍文字。</p></div></body></html>"
    )
    page = analyze_html(html, URL)
    assert (page.icp, page.psb, page.visible_chars, page.shell) == ((), (), 42, None)


def test_a_pruned_block_lends_no_province() -> None:
    # The address block before the mark is pruned (long, no anchor): its last word is not
    # read as the province of a mark that shows none.
    address = '<div class="addr"><p>某某科技有限公司 联系地址：北京</p></div>'
    mark = '<p><a href="https://beian.miit.gov.cn/">ICP备2021017352号-2</a></p>'
    page = analyze_html(f"<html><body>{MAIN}<footer>{address}{mark}</footer></body></html>", URL)
    [icp] = page.icp
    assert icp.number.raw == "ICP备2021017352号-2"
    assert icp.number.problem == text("why.no-province", label="ICP")
