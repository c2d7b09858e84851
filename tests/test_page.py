"""The page analysis on its own: decoding, exclusions, footer choice, badge association."""

from __future__ import annotations

import codecs

import pytest

from beian_check.decoding import canonical_charset, decode_html, detect
from beian_check.links import LinkKind
from beian_check.page import analyze, analyze_html, is_placeholder_image

ICP = '<a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a>'
PSB = '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备11010502030143号</a>'


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
    assert canonical_charset("ISO-8859-1") == "cp1252"      # WHATWG, never plain Latin-1


def test_detect_tolerates_a_cut_utf8_sequence_and_a_stray_byte() -> None:
    body = ("<p>" + "京公网安备" * 300 + "</p>").encode("utf-8")
    assert detect(body[:-4] + "京".encode()[:2]) == "utf-8"
    assert detect(body[:500] + b"\xff" + body[500:]) == "utf-8"


def _page(footer: str, body: str = "<main><p>" + "内容" * 200 + "</p></main>") -> str:
    return f"<html><body><header><nav>导航</nav></header>{body}{footer}</body></html>"


@pytest.mark.parametrize("wrapper", [
    "<script>var s='{}';</script>", "<style>/* {} */</style>", "<template>{}</template>",
    "<textarea>{}</textarea>", "<!-- {} -->", "<pre>{}</pre>", "<code>{}</code>",
    "<blockquote>{}</blockquote>", "<article>{}</article>", '<div class="post-content">{}</div>',
    '<div class="markdown-body">{}</div>', "<noscript>{}</noscript>",
])
def test_excluded_regions(wrapper: str) -> None:
    a = analyze_html(_page("<footer>" + wrapper.format(ICP + PSB) + "</footer>"), "http://x/")
    assert not a.icp and not a.psb


def test_attribute_text_never_counts() -> None:
    a = analyze_html(_page('<footer><img alt="京ICP备2021017352号-2" title="京公网安备11010502030143号"></footer>'), "http://x/")
    assert not a.icp and not a.psb


@pytest.mark.parametrize("attrs", ['hidden', 'style="display: none"', 'style="visibility:hidden"'])
def test_hidden_marks(attrs: str) -> None:
    a = analyze_html(_page(f"<footer><div {attrs}><span>{ICP}</span></div></footer>"), "http://x/")
    assert len(a.icp) == 1 and a.icp[0].hidden


@pytest.mark.parametrize("footer", [
    f'<div id="ft">{ICP}</div>', f'<div class="site-info">{ICP}</div>', f'<div id="footer">{ICP}</div>',
    f'<div class="foot">{ICP}</div>', f'<p class="copyright">{ICP}</p>', f'<div class="beian">{ICP}</div>',
    f"<footer>{ICP}</footer>",
])
def test_footer_hints(footer: str) -> None:
    a = analyze_html(_page(footer), "http://x/")
    assert a.icp[0].in_footer


def test_footer_by_position_without_hints() -> None:
    a = analyze_html(_page(f"<div><table><tr><td>{ICP}</td></tr></table></div>"), "http://x/")
    assert a.icp[0].in_footer
    top = analyze_html(_page("", body=f'<div class="top">{ICP}</div><main>{"内容" * 300}</main>'), "http://x/")
    assert not top.icp[0].in_footer


def test_mark_split_across_elements_keeps_its_link() -> None:
    a = analyze_html(_page('<footer><a href="https://beian.miit.gov.cn/"><span>京</span>ICP<i>备</i>2021017352<b>号-2</b></a></footer>'), "http://x/")
    assert a.icp[0].number.text == "京ICP备2021017352号-2"
    assert a.icp[0].link.kind is LinkKind.MIIT


def test_badge_between_icp_and_psb_belongs_to_psb() -> None:
    a = analyze_html(_page(f'<footer>{ICP}<img src="/ga.png">{PSB}</footer>'), "http://x/")
    assert a.psb[0].badge_before is not None and a.psb[0].badge_before.src == "http://x/ga.png"


def test_badge_after_and_lazy_and_placeholder() -> None:
    after = analyze_html(_page(f'<footer>{ICP} {PSB} <img src="/ga.png"></footer>'), "http://x/")
    assert after.psb[0].badge_before is None and after.psb[0].badge_after is not None
    lazy = analyze_html(_page(f'<footer><img src="/blank.gif" data-original="/ga.png">{PSB}</footer>'), "http://x/")
    assert lazy.psb[0].badge_before is not None and lazy.psb[0].badge_before.src == "http://x/ga.png"
    spacer = analyze_html(_page(f'<footer><img src="/ga.png" width="1" height="1">{PSB}</footer>'), "http://x/")
    assert spacer.psb[0].badge_before is None


def test_an_image_before_other_text_is_not_the_badge() -> None:
    a = analyze_html(_page(f'<footer><img src="/logo.png"><p>北京示例科技有限公司 版权所有 2026</p>{PSB}</footer>'), "http://x/")
    assert a.psb[0].badge_before is None


def test_placeholder_images() -> None:
    assert is_placeholder_image("data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==")
    assert is_placeholder_image("/images/blank.gif")
    assert not is_placeholder_image("/images/gongan.png")


@pytest.mark.parametrize("snippet", ["{{ icp }}", "{% if beian %}", "<%= icp %>", "${icp}", "{dede:global.beian/}",
                                     "<?php echo $icp ?>", "{$site.icp}"])
def test_template_syntax_in_footer(snippet: str) -> None:
    assert analyze_html(_page(f"<footer>{snippet}</footer>"), "http://x/").template


def test_template_syntax_outside_footer_or_in_scripts_is_fine() -> None:
    assert analyze_html(_page(f"<footer>{ICP}<script>var a=`${{x}}`;</script></footer>",
                              body="<main><p>用 {{ name }} 写模板</p>" + "内容" * 200 + "</main>"),
                        "http://x/").template is None


@pytest.mark.parametrize("html,shell", [
    ('<html><body><div id="app"></div><script src="/a.js"></script></body></html>', True),
    ('<html><body><div id="root"></div></body></html>', True),
    ('<html><head><script>location.replace("/cn")</script></head><body></body></html>', True),
    ('<html><body><div id="app"><footer>' + ICP + "</footer></div></body></html>", False),
    ("<html><body><p>简单页面，没有任何备案信息。</p></body></html>", False),
])
def test_application_shells(html: str, shell: bool) -> None:
    assert bool(analyze_html(html, "http://x/").shell) is shell


def test_analyze_bytes_reports_encoding() -> None:
    a = analyze(_page(f"<footer>{ICP}</footer>").encode("gbk"), "http://x/", "text/html")
    assert a.encoding == "gb18030" and a.icp[0].number.problem is None


@pytest.mark.parametrize("body", [
    "<p>" + "京ICP备" * 200000 + "</p>",                                  # one huge text node
    "<p><img src=a.png>京ICP备1</p>" * 20000,                            # thousands of claims
    "<div>" + "公网安备" * 50000 + "</div>" * 1,
])
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
