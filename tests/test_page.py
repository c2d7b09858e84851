"""The page analysis on its own: decoding, exclusions, footer choice, badge association."""

from __future__ import annotations

import asyncio
import codecs

import pytest

from beian_check.decoding import canonical_charset, decode_html, detect
from beian_check.links import LinkKind
from beian_check.page import analyze, analyze_html, is_placeholder_image

from .conftest import crawl_with, site_router

ICP = '<a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a>'
PSB = (
    '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备11010502030143号</a>'
)


def test_decoding_order_bom_header_meta_detect() -> None:
    text = '<meta charset="gbk"><p>京ICP备</p>'
    assert decode_html(codecs.BOM_UTF8 + text.encode("utf-8"), "text/html; charset=gbk")[1] == "utf-8"
    assert decode_html(text.encode("gbk"), "text/html; charset=gb2312")[1] == "gb18030"
    assert decode_html(text.encode("gbk"), "text/html")[1] == "gb18030"
    assert decode_html("<p>京ICP备</p>".encode("gbk"), None)[1] == "gb18030"
    assert decode_html("<p>京ICP备</p>".encode(), "text/html; charset=bogus")[1] == "utf-8"


def test_charset_labels() -> None:
    assert canonical_charset("GB2312") == canonical_charset("GBK") == "gb18030"
    assert canonical_charset("x-unknown") is None
    assert canonical_charset("ISO-8859-1") == "cp1252"  # WHATWG, never plain Latin-1


def test_detect_tolerates_a_cut_utf8_sequence_and_a_stray_byte() -> None:
    body = ("<p>" + "京公网安备" * 300 + "</p>").encode("utf-8")
    assert detect(body[:-4] + "京".encode()[:2]) == "utf-8"
    assert detect(body[:500] + b"\xff" + body[500:]) == "utf-8"


def _page(footer: str, body: str = "<main><p>" + "内容" * 200 + "</p></main>") -> str:
    return f"<html><body><header><nav>导航</nav></header>{body}{footer}</body></html>"


@pytest.mark.parametrize(
    "wrapper",
    [
        "<script>var s='{}';</script>",
        "<style>/* {} */</style>",
        "<template>{}</template>",
        "<textarea>{}</textarea>",
        "<!-- {} -->",
        "<pre>{}</pre>",
        "<code>{}</code>",
        "<blockquote>{}</blockquote>",
        "<article>{}</article>",
        '<div class="post-content">{}</div>',
        '<div class="markdown-body">{}</div>',
        "<noscript>{}</noscript>",
    ],
)
def test_excluded_regions(wrapper: str) -> None:
    a = analyze_html(_page("<footer>" + wrapper.format(ICP + PSB) + "</footer>"), "http://x/")
    assert not a.icp and not a.psb


def test_attribute_text_never_counts() -> None:
    footer = '<footer><img alt="京ICP备2021017352号-2" title="京公网安备11010502030143号"></footer>'
    a = analyze_html(_page(footer), "http://x/")
    assert not a.icp and not a.psb


@pytest.mark.parametrize("attrs", ["hidden", 'style="display: none"', 'style="visibility:hidden"'])
def test_hidden_marks(attrs: str) -> None:
    a = analyze_html(_page(f"<footer><div {attrs}><span>{ICP}</span></div></footer>"), "http://x/")
    assert len(a.icp) == 1 and a.icp[0].hidden


@pytest.mark.parametrize(
    "footer",
    [
        f'<div id="ft">{ICP}</div>',
        f'<div class="site-info">{ICP}</div>',
        f'<div id="footer">{ICP}</div>',
        f'<div class="foot">{ICP}</div>',
        f'<p class="copyright">{ICP}</p>',
        f'<div class="beian">{ICP}</div>',
        f"<footer>{ICP}</footer>",
    ],
)
def test_footer_hints(footer: str) -> None:
    a = analyze_html(_page(footer), "http://x/")
    assert a.icp[0].in_footer


def test_footer_by_position_without_hints() -> None:
    a = analyze_html(_page(f"<div><table><tr><td>{ICP}</td></tr></table></div>"), "http://x/")
    assert a.icp[0].in_footer
    top = analyze_html(
        _page("", body=f'<div class="top">{ICP}</div><main>{"内容" * 300}</main>'), "http://x/"
    )
    assert not top.icp[0].in_footer


def test_mark_split_across_elements_keeps_its_link() -> None:
    split = '<a href="https://beian.miit.gov.cn/"><span>京</span>ICP<i>备</i>2021017352<b>号-2</b></a>'
    a = analyze_html(_page(f"<footer>{split}</footer>"), "http://x/")
    assert a.icp[0].number.text == "京ICP备2021017352号-2"
    assert a.icp[0].link.kind is LinkKind.MIIT


def test_badge_between_icp_and_psb_belongs_to_psb() -> None:
    a = analyze_html(_page(f'<footer>{ICP}<img src="/ga.png">{PSB}</footer>'), "http://x/")
    assert a.psb[0].badge_before is not None and a.psb[0].badge_before.src == "http://x/ga.png"


def test_badge_after_and_lazy_and_placeholder() -> None:
    after = analyze_html(_page(f'<footer>{ICP} {PSB} <img src="/ga.png"></footer>'), "http://x/")
    assert after.psb[0].badge_before is None and after.psb[0].badge_after is not None
    lazy = analyze_html(
        _page(f'<footer><img src="/blank.gif" data-original="/ga.png">{PSB}</footer>'), "http://x/"
    )
    assert lazy.psb[0].badge_before is not None and lazy.psb[0].badge_before.src == "http://x/ga.png"
    spacer = analyze_html(
        _page(f'<footer><img src="/ga.png" width="1" height="1">{PSB}</footer>'), "http://x/"
    )
    assert spacer.psb[0].badge_before is None


def test_an_image_before_other_text_is_not_the_badge() -> None:
    footer = f'<footer><img src="/logo.png"><p>北京示例科技有限公司 版权所有 2026</p>{PSB}</footer>'
    a = analyze_html(_page(footer), "http://x/")
    assert a.psb[0].badge_before is None


def test_placeholder_images() -> None:
    gif = "R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="
    assert is_placeholder_image(f"data:image/gif;base64,{gif}")
    assert is_placeholder_image("/images/blank.gif")
    assert not is_placeholder_image("/images/gongan.png")


@pytest.mark.parametrize(
    "snippet",
    [
        "{{ icp }}",
        "{% if beian %}",
        "<%= icp %>",
        "${icp}",
        "{dede:global.beian/}",
        "<?php echo $icp ?>",
        "{$site.icp}",
    ],
)
def test_template_syntax_in_footer(snippet: str) -> None:
    assert analyze_html(_page(f"<footer>{snippet}</footer>"), "http://x/").template


def test_template_syntax_outside_footer_or_in_scripts_is_fine() -> None:
    assert (
        analyze_html(
            _page(
                f"<footer>{ICP}<script>var a=`${{x}}`;</script></footer>",
                body="<main><p>用 {{ name }} 写模板</p>" + "内容" * 200 + "</main>",
            ),
            "http://x/",
        ).template
        is None
    )


@pytest.mark.parametrize(
    "html,shell",
    [
        ('<html><body><div id="app"></div><script src="/a.js"></script></body></html>', True),
        ('<html><body><div id="root"></div></body></html>', True),
        ('<html><head><script>location.replace("/cn")</script></head><body></body></html>', True),
        ('<html><body><div id="app"><footer>' + ICP + "</footer></div></body></html>", False),
        ("<html><body><p>简单页面，没有任何备案信息。</p></body></html>", False),
    ],
)
def test_application_shells(html: str, shell: bool) -> None:
    assert bool(analyze_html(html, "http://x/").shell) is shell


def test_analyze_bytes_reports_encoding() -> None:
    a = analyze(_page(f"<footer>{ICP}</footer>").encode("gbk"), "http://x/", "text/html")
    assert a.encoding == "gb18030" and a.icp[0].number.problem is None


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [
        "<p>" + "京ICP备" * 200000 + "</p>",  # one huge text node
        "<p><img src=a.png>京ICP备1</p>" * 20000,  # thousands of claims
        "<div>" + "公网安备" * 50000 + "</div>" * 1,
    ],
)
def test_hostile_pages_are_bounded_and_the_footer_still_counts(body: str) -> None:
    import time

    from beian_check.rules import select_icp

    html = f"<html><body>{body}<footer>{ICP}</footer></body></html>".encode()
    t0 = time.process_time()
    a = analyze(html, "http://x/")
    assert time.process_time() - t0 < 3
    assert len(a.icp) <= 128 and len(a.psb) <= 128
    mark = select_icp(a)
    assert mark is not None and mark.number.text == "京ICP备2021017352号-2" and mark.in_footer


# -- post content, the one footer, badges, shells (issue: verdicts on real sites) ----------
QUOTED = "例如 粤ICP备18000001号 和 粤公网安备44030502000001号 都要放在页脚。"


@pytest.mark.parametrize(
    "listing",
    [
        # repeated cards whose class names say "post" (Hexo Butterfly's home page)
        "".join(
            '<div class="recent-post-item"><div class="recent-post-info"><a class="article-title">标题</a>'
            f'<div class="content">{QUOTED}</div></div></div>'
            for _ in range(3)
        ),
        f'<div class="article-desc" itemprop="articleBody">{QUOTED}</div>',  # microdata, once
        f'<div class="home-post-content">{QUOTED}</div>',  # post + content
        f'<section class="post-excerpt">{QUOTED}</section>',
        f'<div class="entry-summary">{QUOTED}</div>',
        f'<div class="h-entry"><p>{QUOTED}</p></div>',
        f'<p itemprop="description">{QUOTED}</p>',
        "".join(f'<li class="desc"><h3>标题</h3>{QUOTED}</li>' for _ in range(2)),  # a repeated .desc card
    ],
)
def test_post_content_is_never_a_displayed_mark(listing: str) -> None:
    a = analyze_html(_page("<footer>© 2026</footer>", body=f"<main>{listing}</main>"), "http://x/")
    assert not a.icp and not a.psb


@pytest.mark.parametrize(
    "footer",
    [
        '<div class="footer"><div class="col"><p class="desc">联系我们</p></div>'
        f'<div class="col"><p class="desc">{ICP}</p></div></div>',
        f'<footer><p itemprop="description">{ICP}</p></footer>',
    ],
)
def test_a_footers_own_columns_are_not_post_content(footer: str) -> None:
    a = analyze_html(_page(footer), "http://x/")
    assert len(a.icp) == 1 and a.icp[0].in_footer


def test_a_single_block_with_a_loose_word_is_not_post_content() -> None:
    a = analyze_html(_page(f'<div class="desc">{ICP}</div>'), "http://x/")
    assert len(a.icp) == 1
    rows = (
        '<div class="bot"><div class="item"><p class="desc">地址：北京</p></div>'
        f'<div class="item"><p class="desc">{ICP}</p></div></div>'
    )
    b = analyze_html(_page(rows), "http://x/")  # repeated rows without a title: no listing
    assert len(b.icp) == 1 and b.icp[0].in_footer


def test_component_footer_mid_page_leaves_the_position_fallback_on() -> None:
    body = (
        '<main><div class="card"><p>' + "内容" * 200 + '</p><div class="card-footer">更多</div></div></main>'
    )
    a = analyze_html(_page(f"<div>{ICP}</div>", body=body), "http://x/")
    assert a.icp[0].in_footer


def test_substring_hints_do_not_make_a_footer() -> None:
    body = f'<div class="epicplayer">{ICP}</div><main>{"内容" * 300}</main>'
    a = analyze_html(_page("<footer>© 2026</footer>", body=body), "http://x/")
    assert not a.icp[0].in_footer


def test_marks_after_the_footer_element_are_in_the_footer_region() -> None:
    a = analyze_html(_page(f"<footer>主题页脚</footer><div>{ICP}</div>"), "http://x/")
    assert a.icp[0].in_footer


def test_the_footer_is_the_one_nearest_the_end_not_the_first() -> None:
    # a top "footer" (a hero's) holds a mark, the real footer is at the end
    body = f'<div class="hero-footer">{ICP}</div><main>{"内容" * 400}</main>'
    a = analyze_html(_page(f"<footer>{PSB}</footer>", body=body), "http://x/")
    assert not a.icp[0].in_footer and a.psb[0].in_footer


def test_a_number_belongs_to_the_link_that_holds_its_digits() -> None:
    html = _page(
        '<footer><img src="/ga.png"><a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502053810">'
        "京公网安备11010502053810</a>"
        '<a href="https://beian.miit.gov.cn/">  &nbsp;&nbsp;  京ICP备2023029298号 </a>'
        "</footer>"
    )
    a = analyze_html(html, "http://x/")
    assert a.psb[0].link.kind is LinkKind.MPS and a.psb[0].number.raw == "京公网安备11010502053810"
    assert a.icp[0].link.kind is LinkKind.MIIT


def test_marks_are_quoted_as_displayed() -> None:
    footer = '<footer><a href="https://beian.mps.gov.cn/">苏公网安备 32011502011987</a></footer>'
    a = analyze_html(_page(footer), "http://x/")
    assert a.psb[0].number.raw == "苏公网安备 32011502011987"


@pytest.mark.parametrize(
    "after,belongs",
    [
        (
            '</p><div class="erweima"><img src="/images/codepic.png"></div>',
            False,
        ),  # the next widget's QR code
        ('<img src="/images/photo.jpg"></p>', False),  # same block, not badge-like
        ('<img src="/images/gongan.png"></p>', True),  # same block, named like one
        ('<img src="/images/i.png" width="20" height="20"></p>', True),  # same block, icon-sized
    ],
)
def test_an_image_after_the_number_is_a_badge_only_when_it_belongs_and_looks_like_one(
    after: str, belongs: bool
) -> None:
    a = analyze_html(_page(f"<footer><p>{PSB}{after}</footer>"), "http://x/")
    assert (a.psb[0].badge_after is not None) is belongs
    assert a.psb[0].badge_before is None


def test_an_image_inside_the_link_after_the_text_is_a_misplaced_badge() -> None:
    psb = PSB.replace("号</a>", '号<img src="/x.png"></a>')
    assert analyze_html(_page(f"<footer>{psb}</footer>"), "http://x/").psb[0].badge_after is not None


def test_a_qr_code_in_another_block_before_the_number_is_not_the_badge() -> None:
    a = analyze_html(
        _page(f'<footer><div class="qr"><img src="/qrcode.png"></div><p>{PSB}</p></footer>'), "http://x/"
    )
    assert a.psb[0].badge_before is None
    named = analyze_html(
        _page(f'<footer><div><img src="/gongan.png"></div><p>{PSB}</p></footer>'), "http://x/"
    )
    assert named.psb[0].badge_before is not None


def test_badge_name_hints() -> None:
    a = analyze_html(_page(f'<footer><img src="/img/gswj.png" alt="工商网监">{PSB}</footer>'), "http://x/")
    assert a.psb[0].badge_before is not None and a.psb[0].badge_before.hint == "other"
    b = analyze_html(_page(f'<footer><img src="/img/beian.png">{PSB}</footer>'), "http://x/")
    assert b.psb[0].badge_before is not None and b.psb[0].badge_before.hint == "badge"


def test_a_page_of_images_with_jquery_is_not_an_application_shell() -> None:
    html = (
        '<html><body><div class="menu"><a href="/"><img src="/n1.jpg"></a>'
        '<a href="/a"><img src="/n2.jpg"></a></div>'
        '<img src="/banner.jpg"><img src="/foot.jpg" alt="版权所有">'
        '<script src="/js/jquery.js"></script>'
        "<script>$(function(){ $('.menu a').click(function(){ location.href = this.href; }); });</script>"
        "</body></html>"
    )
    a = analyze_html(html, "http://x/")
    assert a.shell is None and a.in_images


def test_a_number_only_in_an_alt_text_is_said_to_be_in_an_image() -> None:
    a = analyze_html(_page('<footer><img src="/f.png" alt="京ICP备2021017352号-2"></footer>'), "http://x/")
    assert not a.icp and a.in_images and a.shell is None
    plain = analyze_html(_page("<footer>© 2026</footer>"), "http://x/")
    assert not plain.in_images


@pytest.mark.parametrize(
    "html,shell",
    [
        ('<p>正在加载</p><script>setTimeout(function(){ location.href = "/cn/"; }, 0)</script>', True),
        ('<div id="app">加载中…</div><script type="module" src="/a.js"></script>', True),
        ('<script id="__NUXT_DATA__" type="application/json">[]</script><div id="__nuxt"></div>', True),
        ('<p>你好</p><script src="/a.js"></script>', False),  # little text plus a script
    ],
)
def test_shells_by_signals_only(html: str, shell: bool) -> None:
    assert (analyze_html(f"<html><body>{html}</body></html>", "http://x/").shell is not None) is shell


def test_after_rendering_an_unpainted_css_badge_is_no_badge() -> None:
    html = _page(f'<footer>{ICP}<i class="icon-gongan"></i>{PSB}</footer>')
    assert analyze_html(html, "http://x/").psb[0].badge_before is not None
    rendered = analyze_html(html, "http://x/", rendered=True)
    assert rendered.psb[0].badge_before is None and rendered.rendered
    painted_html = html.replace('<i class="icon-gongan">', '<i class="icon-gongan" data-beian-bg="/b.png">')
    painted = analyze_html(painted_html, "http://x/", rendered=True)
    badge = painted.psb[0].badge_before
    assert badge is not None and badge.kind == "img" and badge.src == "http://x/b.png"


def test_protocol_relative_urls_in_a_build_directory_are_https() -> None:
    html = _page(
        '<footer><img src="//www.beian.gov.cn/img/new/gongan.png">'
        '<a href="//beian.mps.gov.cn/#/query/webSearch?code=11010502030143">'
        "京公网安备11010502030143号</a></footer>"
    )
    a = analyze_html(html, "file:///srv/site/public/index.html")
    badge = a.psb[0].badge_before
    assert badge is not None and badge.src == "https://www.beian.gov.cn/img/new/gongan.png"
    assert a.psb[0].link.kind is LinkKind.MPS


def test_marks_just_above_the_footer_are_at_the_bottom_unless_in_a_sidebar() -> None:
    body = f"<main>{'内容' * 300}<p>{ICP}</p></main>"
    above = analyze_html(_page('<div class="footer">MIT Licensed</div>', body=body), "http://x/")
    assert above.icp[0].in_footer
    body = f"<main>{'内容' * 300}</main><aside>{ICP}</aside>"
    side = analyze_html(_page("<footer>© 2026</footer>", body=body), "http://x/")
    assert not side.icp[0].in_footer
    wrapped = (
        f'<div class="layout no-sidebar"><main>{"内容" * 300}<p>{ICP}</p></main>'
        '<div class="footer">MIT</div></div>'
    )
    assert analyze_html(f"<html><body>{wrapped}</body></html>", "http://x/").icp[0].in_footer


def test_a_header_holding_most_of_the_page_is_a_wrapper() -> None:
    html = f'<html><body id="top"><main>{"内容" * 300}</main><div class="c">{ICP}</div></body></html>'
    assert analyze_html(html, "http://x/").icp[0].in_footer
    header = f'<html><body><div id="top">{"内容" * 300}<footer>{ICP}</footer></div></body></html>'
    assert analyze_html(header, "http://x/").icp[0].in_footer
    body = f'<div class="topbar">{ICP}</div><main>{"内容" * 300}</main>'
    real = _page("<footer>© 2026</footer>", body=body)
    assert not analyze_html(real, "http://x/").icp[0].in_footer


@pytest.mark.parametrize(
    "href,text,quoted",
    [
        ("/2026/11/beian/", "备案完成：京ICP备2026000001号-1", True),
        ("/news/1.html", "热烈祝贺我公司取得增值电信业务经营许可证（京ICP证150123号）", True),
        ("https://other.example/p/1", "我的京ICP备2026000001号-1申请记录", True),
        ("/about/beian.html", "ICP备案号：京ICP备2026000001号-1", False),  # labels only: a mark
        ("/", "Copyright © 2026 某某公司 京ICP备2026000001号-1", False),  # the home page: a mark
        ("/index.php", "某某公司 京ICP备2026000001号-1", False),
        ("https://beian.miit.gov.cn/", "我的网站 京ICP备2026000001号-1", False),  # the registry: a mark
    ],
)
def test_a_title_quoting_a_number_is_no_mark(href: str, text: str, quoted: bool) -> None:
    a = analyze_html(_page(f'<footer><ul><li><a href="{href}">{text}</a></li></ul></footer>'), "http://x/")
    assert (not a.icp) is quoted


def test_a_title_in_a_build_directory_and_its_home_page() -> None:
    url = "file:///srv/site/public/index.html"
    post = analyze_html(_page('<footer><a href="2026/b/">备案完成：京ICP备2026000001号-1</a></footer>'), url)
    home = analyze_html(_page('<footer><a href="./">某某公司 京ICP备2026000001号-1</a></footer>'), url)
    assert not post.icp and home.icp


@pytest.mark.parametrize(
    "svg,kind",
    [
        ('<svg class="icon" aria-hidden="true"><use xlink:href="#icon-gongan"></use></svg>', "svg"),
        ('<svg><title>公安备案</title><path d="M0 0h16v16z"/></svg>', "svg"),
        ('<svg width="16" height="16"><image href="/b/ga.png"/></svg>', "img"),
        ('<svg><image xlink:href="/b/ga.png"/></svg>', "img"),
        ('<svg class="icon"><use href="#icon-arrow"></use></svg>', None),  # not a badge
        ('<svg style="display:none"><use href="#icon-gongan"></use></svg>', None),
    ],
)
def test_inline_svg_badges(svg: str, kind: str | None) -> None:
    a = analyze_html(_page(f"<footer>{ICP}{PSB.replace('>京', '>' + svg + '京')}</footer>"), "http://x/")
    badge = a.psb[0].badge_before
    assert (badge.kind if badge else None) == kind
    if kind == "img":
        assert badge is not None and badge.src == "http://x/b/ga.png"


@pytest.mark.parametrize(
    "style,cls,drawn",
    [
        ("", "gongan-link", False),  # a class name alone: Hexo Fluid's a.beian-police has none
        ("", "beian", False),  # wrappers around both marks are named so
        (".ft a.lk2{background:url(../images/ga.png) no-repeat}", "lk2", True),
        (".lk2{background:url(../images/arrow.png)}", "lk2", False),  # a background, not a badge
        (".lk2 span{background:url(gongan.png)}", "lk2", False),  # paints the span inside
        (".x,.lk2{padding-left:20px;background-image:url('ghs.png')}", "lk2", True),
    ],
)
def test_a_badge_drawn_on_the_link_by_a_stylesheet(style: str, cls: str, drawn: bool) -> None:
    psb = PSB.replace("<a ", f'<a class="{cls}" ')
    html = (
        f"<html><head><style>{style}</style></head><body><main>{'内容' * 300}</main>"
        f"<footer>{psb}</footer></body></html>"
    )
    badge = analyze_html(html, "http://x/").psb[0].badge_before
    assert (badge is not None and badge.kind == "css") is drawn


def test_a_frame_set_shows_its_frame() -> None:
    frames = '<html><frameset rows="100%,*"><frame src="about:blank"><frame src="/real/"></frameset></html>'
    a = analyze_html(frames, "http://x/")
    assert a.refresh == "http://x/real/" and a.shell is None and not a.icp
    bare = analyze_html("<html><frameset></frameset></html>", "http://x/")
    assert bare.refresh is None and bare.shell is not None and "<body>" in bare.shell.render("en")
    iframe = '<body><iframe src="http://real.example/" width="100%" height="100%"></iframe></body>'
    assert analyze_html(iframe, "http://x/").refresh == "http://real.example/"
    small = '<body><p>欢迎</p><iframe src="http://map.example/" width="400" height="300"></iframe></body>'
    assert analyze_html(small, "http://x/").refresh is None
    shell = '<body><div id="app"></div><iframe src="/x" width="100%"></iframe><script src="/a.js"></script>'
    assert analyze_html(shell, "http://x/").refresh is None  # an application shell stays one


def test_hidden_forwarding_is_judged_on_the_framed_page() -> None:
    real = _page(f'<footer>{ICP}<img src="/static/gongan.png">{PSB}</footer>')
    router = site_router(
        {"/": '<frameset rows="100%,*"><frame src="/real/index.html"></frameset>', "/real/index.html": real}
    )
    result = asyncio.run(crawl_with(router, "http://fixture.test/"))
    assert result.status == "pass" and not result.findings
    assert result.final_url == "http://fixture.test/real/index.html"


def test_a_footer_without_marks_leaves_the_marks_above_it_at_the_bottom() -> None:
    tail = "<p>" + "地址：某某路1号 电话：010-12345678 " * 8 + "</p>"
    bar = '<div class="fixed-bottom"><a href="tel:1">电话</a></div>'
    plain = analyze_html(_page(f'<div class="w1200">{ICP}{tail}</div>{bar}'), "http://x/")
    assert plain.icp[0].in_footer
    # ... but not marks in main content or a sidebar, nor when the footer holds a mark.
    body = f"<main>{'内容' * 300}<p>{ICP}</p>{tail}</main>"
    assert not analyze_html(_page(bar, body=body), "http://x/").icp[0].in_footer
    body = f"<main>{'内容' * 300}</main><aside>{ICP}{tail}</aside>"
    assert not analyze_html(_page(bar, body=body), "http://x/").icp[0].in_footer
    holds = analyze_html(_page(f'<div class="w1200">{ICP}{tail}</div><footer>{PSB}</footer>'), "http://x/")
    assert not holds.icp[0].in_footer and holds.psb[0].in_footer


@pytest.mark.parametrize(
    "img,src",
    [
        ('<img lay-src="/ga.png" src="/loading.gif">', "http://x/ga.png"),  # layui flow.lazyimg
        ('<img data-echo="/ga.png" src="/blank.gif">', "http://x/ga.png"),  # echo.js
        ('<img data-ks-lazyload="/ga.png">', "http://x/ga.png"),  # KISSY
        ('<img srcset="/ga.png 1x, /ga@2x.png 2x" alt="">', "http://x/ga.png"),  # responsive, no src
        ('<img src="/s.png" srcset="/ga.png 1x">', "http://x/s.png"),  # src wins
        (
            '<img data-srcset="/ga.png 20w" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
            "http://x/ga.png",
        ),
        ('<img srcset="">', None),
    ],
)
def test_which_url_an_image_shows(img: str, src: str | None) -> None:
    badge = analyze_html(_page(f"<footer>{img}{PSB}</footer>"), "http://x/").psb[0].badge_before
    assert (badge.src if badge else None) == src


@pytest.mark.parametrize(
    "attrs,hidden",
    [
        ('class="wow fadeInUp" style="visibility: hidden; animation-name: none;"', False),  # WOW.js, saved
        ('data-aos="fade-up" style="visibility:hidden"', False),  # AOS
        ('class="wow" style="display:none"', True),  # display:none hides
        ('class="footer" style="visibility:hidden"', True),
    ],
)
def test_a_scroll_reveal_start_state_is_not_hidden(attrs: str, hidden: bool) -> None:
    a = analyze_html(_page(f"<footer><div {attrs}>{ICP}</div></footer>"), "http://x/")
    assert a.icp[0].hidden is hidden


@pytest.mark.parametrize(
    "wrapper",
    [
        '<div class="blog-content">',
        '<article class="page">',
        '<div class="entry">',
        '<div class="post-body">',
        '<div id="article">',
        '<div class="markdown-body">',
        '<div itemprop="articleBody">',
    ],
)
def test_a_post_that_wraps_the_whole_page_is_a_layout_wrapper(wrapper: str) -> None:
    tag = wrapper[1:].split()[0]
    html = (
        f"<html><body>{wrapper}<header>站点</header><main><p>{'内容' * 300}</p></main>"
        f'<footer>{ICP}<img src="/g.png">{PSB}</footer></{tag}><a href="#top">↑</a></body></html>'
    )
    a = analyze_html(html, "http://x/")
    assert len(a.icp) == 1 and len(a.psb) == 1 and a.icp[0].in_footer


def test_a_full_post_on_the_home_page_stays_post_content() -> None:
    post = f"<article><h1>备案</h1><p>{'内容' * 300}{QUOTED}</p><footer>发布于 2026-11-01</footer></article>"
    a = analyze_html(f"<html><body>{post}<footer>© 2026 小站</footer></body></html>", "http://x/")
    assert not a.icp and not a.psb


@pytest.mark.parametrize(
    "head,attrs,client",
    [
        ('<script src="https://cdn.bootcdn.net/ajax/libs/vue/2.6.14/vue.min.js"></script>', "", True),
        ('<script src="https://unpkg.com/vue@3/dist/vue.global.prod.js"></script>', "", True),
        ("", "v-cloak", True),
        ("", 'ng-app="site"', True),
        ("", 'ms-controller="root"', True),
        ('<script src="/js/jquery.min.js"></script><script src="/js/revue-slider.js"></script>', "", False),
        ("", 'class="vue"', False),
    ],
)
def test_mustache_on_a_client_rendered_page_is_not_shipped(head: str, attrs: str, client: bool) -> None:
    html = (
        f'<html><head>{head}</head><body><div id="app" {attrs}><main>{"内容" * 300}</main>'
        f"<footer>© {{{{ year }}}} {ICP}</footer></div></body></html>"
    )
    a = analyze_html(html, "http://x/")
    assert (a.template is None) is client and len(a.icp) == 1
    bare = analyze_html(html.replace(ICP, "{{ icp }}"), "http://x/")
    assert (bare.shell is not None) is client
