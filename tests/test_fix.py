"""The corrected footer: the platforms' snippet filled in with the site's numbers, badge
before the public-security link, code in the fragment; and it really is a correct footer:
the checker passes a page built from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from beian_check.fix import BADGE, fix_for, footer_snippet, psb_text
from beian_check.model import IcpMark, PsbMark
from beian_check.numbers import parse_expected_icp
from beian_check.page import analyze_html
from beian_check.rules import icp_findings, psb_findings, select_icp, select_psb


def test_snippet_shape() -> None:
    out = footer_snippet("京ICP备2021017352号-1", "11010502030143", badge="https://x.cn/gongan.png")
    assert out == (
        '<a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">京ICP备2021017352号-1</a>\n'
        '<img src="https://x.cn/gongan.png" alt="" width="20" height="20" style="vertical-align:middle">'
        '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143" target="_blank" '
        'rel="noreferrer">京公网安备11010502030143号</a>'
    )
    assert footer_snippet(None, None) is None
    only_icp = footer_snippet("京ICP备12345678号", None)
    assert only_icp is not None and "mps" not in only_icp


@pytest.mark.parametrize(
    "code,province,text",
    [
        ("11010502030143", None, "京公网安备11010502030143号"),
        ("51010502030143", None, "川公网安备51010502030143号"),
        ("51010502030143", "蜀", "蜀公网安备51010502030143号"),  # the site's own alias is kept
        ("51010502030143", "京", "川公网安备51010502030143号"),  # one that disagrees is not
        ("44030502000001", None, "粤公网安备44030502000001号"),
    ],
)
def test_psb_text(code: str, province: str | None, text: str) -> None:
    assert psb_text(code, province) == text


def test_expected_numbers_win_when_the_page_shows_none_or_others() -> None:
    shown_icp = IcpMark("京ICP备11111111号-1", "filing", None)
    shown_psb = PsbMark("沪公网安备31010402000001号", "31010402000001", None, "https://s.cn/ga.png")
    exp = parse_expected_icp("京ICP备2021017352号-2")
    out = fix_for(
        shown_icp,
        shown_psb,
        {"icp-unexpected", "psb-unexpected"},
        expect_icp=exp,
        expect_psb="11010502030143",
    )
    assert out is not None and "京ICP备2021017352号-2" in out and "京公网安备11010502030143号" in out
    assert 'src="https://s.cn/ga.png"' in out  # the site's working badge
    out = fix_for(shown_icp, shown_psb, {"icp-not-linked", "psb-icon-broken"}, expect_icp=exp)
    assert out is not None and "京ICP备11111111号-1" in out and "沪公网安备31010402000001号" in out
    assert f'src="{BADGE}"' in out  # a broken badge is not reused
    assert fix_for(None, None, {"icp-missing", "psb-missing"}) is None


def test_a_page_with_the_snippet_passes_every_rule() -> None:
    snippet = footer_snippet("京ICP备2021017352号-1", "11010502030143", badge="https://x.cn/gongan.png")
    page = analyze_html(
        f"<html><body><main>内容</main><footer>{snippet}</footer></body></html>", "https://x.cn/"
    )
    icp, psb = select_icp(page, None), select_psb(page, None)
    assert icp is not None and psb is not None
    assert icp_findings(page, icp, None) == []
    from beian_check.model import BadgeCheck, Expectation

    assert psb_findings(page, psb, Expectation(), BadgeCheck(True, "image")) == []


def test_a_build_directorys_badge_is_named_by_its_path_on_the_site(tmp_path: Path) -> None:
    icon = (tmp_path / "static" / "gong an.png").as_uri()
    psb = PsbMark("京公网安备11010502030143号", "11010502030143", None, icon)
    out = fix_for(None, psb, {"psb-not-linked"}, root=tmp_path)
    assert out is not None and '<img src="/static/gong%20an.png"' in out
    assert f'src="{BADGE}"' in (fix_for(None, psb, {"psb-not-linked"}) or "")
    inline = PsbMark("京公网安备11010502030143号", "11010502030143", None, "data:image/png;base64,iVBOR")
    assert f'src="{BADGE}"' in (fix_for(None, inline, {"psb-not-linked"}) or "")
