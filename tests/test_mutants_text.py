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
