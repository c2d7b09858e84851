"""Every fixture page (one real-world footer pattern each) gives its declared status and
its complete list of finding codes, crawled through the real crawler on a respx-mocked
site: a spurious finding fails the test as surely as a missing one."""

from __future__ import annotations

import pytest

from beian_check.model import CODES

from .conftest import check_page, fixture_cases

CASES = fixture_cases()


@pytest.mark.parametrize("name,html,meta", CASES, ids=[c[0] for c in CASES])
def test_fixture_page(name: str, html: str, meta: dict[str, str]) -> None:
    result = check_page(html, meta.get("fields", ""), encoding=meta.get("encoding", ""))
    codes = [f.code for f in result.findings]
    assert result.status == meta["status"], (name, codes, [f.message() for f in result.findings])
    declared = [code for code in meta.get("codes", "").split(",") if code]
    assert sorted(codes) == sorted(declared), (name, codes)


def test_every_rule_has_a_fixture_that_triggers_it() -> None:
    declared = {code for _, _, meta in CASES for code in meta.get("codes", "").split(",") if code}
    # fetch-failed, page-inconsistent, page-redirect-offsite and page-https-failed need more
    # than one page or a network failure: they are covered in test_crawl_live.py,
    # test_crawl_mock.py and test_race.py.
    assert set(CODES) - declared == {
        "fetch-failed",
        "page-inconsistent",
        "page-redirect-offsite",
        "page-https-failed",
    }


def test_every_passing_fixture_is_clean_of_errors() -> None:
    for name, html, meta in CASES:
        if meta["status"] == "pass":
            result = check_page(html, meta.get("fields", ""), encoding=meta.get("encoding", ""))
            assert all(f.severity == "warning" for f in result.findings), name


def test_an_svg_badge_is_unverified_without_advice_to_render() -> None:
    html = next(h for name, h, _ in CASES if name == "warn-psb-svg-symbol-badge")
    [finding] = check_page(html).findings
    assert finding.key == "psb-icon-unverified.svg"
    assert "SVG" in finding.message("en") and "--render" not in finding.message("en") + finding.message("zh")
