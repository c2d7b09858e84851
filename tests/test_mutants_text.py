"""page/text.py pinned on whole pages: the cheap anchor test lets every spelling of a
mark through and nothing else that would count as one, the anchor and window caps.
Written from the mutants the older tests let through (README, "Development")."""

from __future__ import annotations

import pytest

from beian_check.page import analyze_html

URL = "https://example.cn/"
# Chinese only: no Latin letter on the page but the mark's own.
MAIN = "<main><p>" + "内容" * 200 + "</p></main>"


@pytest.mark.parametrize(
    "mark,icp,psb",
    [
        ("京ICP备2021017352号-2", ["京ICP备2021017352号-2"], []),
        ("京icp备2021017352号-2", ["京ICP备2021017352号-2"], []),
        ("京ＩＣＰ备2021017352号-2", ["京ICP备2021017352号-2"], []),  # full-width letters
        ("京ｉｃｐ备2021017352号-2", ["京ICP备2021017352号-2"], []),
        ("京公网安备11010502030143号", [], ["京公网安备11010502030143号"]),
        # a bare public-security code after its label is a claim too
        ("公安备案号：11010502030143", [], ["公安备案号:11010502030143"]),
    ],
)
def test_every_spelling_of_a_mark_is_found(mark: str, icp: list[str], psb: list[str]) -> None:
    page = analyze_html(f"<html><body>{MAIN}<footer><p>{mark}</p></footer></body></html>", URL)
    assert [(m.number.text, m.in_footer) for m in page.icp] == [(n, True) for n in icp]
    assert [(m.number.text, m.in_footer) for m in page.psb] == [(n, True) for n in psb]


@pytest.mark.parametrize(
    "alt,in_images",
    [
        ('alt="京ICP备2021017352号"', True),
        ('title="公安备案号：11010502030143"', True),
        # a picture's name that only shares a letter or a word with a mark
        ('alt="Company photo"', False),
        ('alt="网站已备案"', False),
        ('alt="备案流程 step 1"', False),
    ],
)
def test_a_mark_in_an_images_alt_text(alt: str, in_images: bool) -> None:
    """A page without marks as text: only an image's alt or title that holds a mark says
    the marks are drawn in pictures."""
    page = analyze_html(f'<html><body>{MAIN}<footer><img {alt} src="/f.jpg"></footer></body></html>', URL)
    assert (page.icp, page.psb, page.in_images) == ((), (), in_images)


@pytest.mark.parametrize(
    "mark,icp,psb",
    [
        ("ICP备2021017352号", [("ICP备2021017352号", "why.no-province")], []),
        ("公网安备11010502030143号", [], [("公网安备11010502030143号", "why.no-province")]),
        ("公安备案号：11010502030143", [], [("公安备案号:11010502030143", "why.psb-bare-code")]),
    ],
)
def test_a_page_that_opens_with_its_mark(
    mark: str, icp: list[tuple[str, str]], psb: list[tuple[str, str]]
) -> None:
    """A parked domain's page whose very first text is a (faulty) mark: the anchor at
    offset 0 is looked at like any other, and the fault reported."""
    page = analyze_html(f"<html><body><p>{mark}</p><p>本网站正在建设中</p></body></html>", URL)
    found = [
        [(m.number.text, m.number.problem and m.number.problem.key) for m in ms]
        for ms in (page.icp, page.psb)
    ]
    assert found == [icp, psb]


def test_a_page_of_a_hundred_marks_is_read_at_both_ends() -> None:
    """A host's list of its clients' numbers: the first 32 and the last 32 anchors are
    looked at (the site's own marks are at the top or the bottom), no more."""
    numbers = [f"粤ICP备{2021017300 + i}号" for i in range(100)]
    items = "".join(f"<li><p>{'简介' * 80}</p><p>客户{i}：{n}</p></li>" for i, n in enumerate(numbers))
    page = analyze_html(f"<html><body><ul>{items}</ul></body></html>", URL)
    assert [m.number.text for m in page.icp] == numbers[:32] + numbers[-32:]


@pytest.mark.parametrize(
    "before,after,found", [(31, 40, True), (32, 40, False), (40, 31, True), (40, 32, False)]
)
def test_every_spelling_of_cp_spends_the_anchor_budget(before: int, after: int, found: bool) -> None:
    """A hostile page cannot buy unbounded work with "CP"s: each one counts against the
    32 looked at from either end, whether or not an I precedes it. A mark that is the
    33rd from both ends is not looked at; the 32nd from either end is."""
    cpu = "".join(f"<li>CPU 型号{i}</li>" for i in range(before))
    cpu_after = "".join(f"<li>CPU 型号{i}</li>" for i in range(after))
    html = f"<html><body><ul>{cpu}</ul><p>京ICP备2021017352号-2</p><ul>{cpu_after}</ul></body></html>"
    page = analyze_html(html, URL)
    assert [m.number.text for m in page.icp] == (["京ICP备2021017352号-2"] if found else [])


@pytest.mark.parametrize(
    "footer,link,hidden",
    [
        # minified markup: the next element's text starts right where the number ends
        ('<span>京ICP备2021017352号</span><a href="https://beian.miit.gov.cn/">工信部</a>', "none", False),
        ('<a href="https://beian.miit.gov.cn/">京ICP备2021017352号</a><span>版权所有</span>', "miit", False),
        ('<span style="display:none">京ICP备2021017352号</span><span>版权所有</span>', "none", True),
    ],
)
def test_a_mark_is_only_its_own_text(footer: str, link: str, hidden: bool) -> None:
    """The text right after a number (no space between: minified HTML) is not part of the
    mark: neither its link nor its visibility is the mark's."""
    page = analyze_html(f"<html><body>{MAIN}<footer><p>{footer}</p></footer></body></html>", URL)
    assert [(m.number.text, m.link.kind.value, m.hidden, m.in_footer) for m in page.icp] == [
        ("京ICP备2021017352号", link, hidden, True)
    ]


def test_forty_clients_with_both_marks_are_all_read() -> None:
    """A host's page of 40 client blocks, each with both marks about a hundred characters
    apart (a contact line between): one window per block, all under the cap of 64, so
    every mark is read. A window that stopped short of the text between the two marks
    would split each block in two and push the middle blocks past the cap."""
    blocks, psb, icp = [], [], []
    for k in range(40):
        psb.append(f"京公网安备{11010502030100 + k}号")
        icp.append(f"京ICP备{2021017300 + k}号")
        blocks.append(
            f"<div class='client'><span>{psb[-1]}</span><span>{'电' * 65}</span><span>话</span>"
            f"<span>{'地址' * 21}{icp[-1]}</span></div><div><p>{'无关的介绍文字' * 4}</p></div>"
        )
    page = analyze_html(f"<html><body>{''.join(blocks)}</body></html>", URL)
    assert [m.number.text for m in page.psb] == psb
    assert [m.number.text for m in page.icp] == icp


def test_a_double_escaped_province_is_shown_as_code() -> None:
    """A CMS that escapes the province twice shows "&#20140;ICP备…" to the visitor: the
    text as displayed is read (entities were decoded once, by the parser), so the mark has
    no province character."""
    page = analyze_html(
        f"<html><body>{MAIN}<footer><p>&amp;#20140;ICP备2021017352号</p></footer></body></html>", URL
    )
    assert [(m.number.raw, m.number.problem and m.number.problem.key) for m in page.icp] == [
        ("ICP备2021017352号", "why.no-province")
    ]
