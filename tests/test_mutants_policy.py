"""The grace period as the command runs it: the default settings give the 60 days of the
rules (30 days to file, 30 more to show the number), counted from online=. Written from a
held-out behaviour mutation that changed the settings' default unnoticed (README,
"Development")."""

from __future__ import annotations

import datetime as dt

import pytest

from beian_check.model import Finding, IcpMark, PageFetch, PsbMark
from beian_check.policy import Policy
from beian_check.settings import Settings
from beian_check.targets import parse_line

ONLINE = dt.date(2026, 3, 1)


@pytest.mark.parametrize("days,severity", [(0, "warning"), (59, "warning"), (60, "error"), (365, "error")])
def test_default_settings_grace_psb_missing_for_60_days(days: int, severity: str) -> None:
    target = parse_line(f"example.cn online={ONLINE}", "t:1")
    assert target is not None
    policy = Policy.of(Settings(today=ONLINE + dt.timedelta(days=days)))
    r = policy.result(target, "https://example.cn/", [Finding("psb-missing", "https://example.cn/")])
    assert [(f.code, f.severity) for f in r.findings] == [("psb-missing", severity)]
    if severity == "warning":
        assert dict(r.findings[0].args) == {"until": "2026-04-30", "online": "2026-03-01"}


def test_strict_and_ignore_come_from_the_settings() -> None:
    """--strict and --ignore as the command passes them: through Settings."""
    target = parse_line("example.cn", "t:1")
    assert target is not None
    warn = [Finding("page-redirect-offsite", "https://example.cn/")]
    assert Policy.of(Settings()).result(target, "https://example.cn/", warn).status == "pass"
    assert Policy.of(Settings(strict=True)).result(target, "https://example.cn/", warn).status == "fail"
    quiet = Policy.of(Settings(strict=True, ignore=frozenset({"page-redirect-offsite"})))
    r = quiet.result(target, "https://example.cn/", warn)
    assert (r.status, r.findings, r.ignored) == ("pass", (), ("page-redirect-offsite",))


def test_a_result_reports_what_the_crawl_saw_and_what_was_ignored() -> None:
    """The report shows where the crawl ended, the marks found, each page fetched, and
    which finding codes --ignore or the target's ignore= dropped (and only those)."""
    target = parse_line("example.cn ignore=psb-missing", "t:1")
    assert target is not None
    icp = IcpMark("京ICP备2021017352号-2", "filing", "https://beian.miit.gov.cn/")
    psb = PsbMark("京公网安备11010502030143号", "11010502030143", None, None)
    pages = (PageFetch("https://example.cn/", 301), PageFetch("https://www.example.cn/", 200))
    found = [
        Finding("psb-missing", "https://example.cn/"),
        Finding("page-inconsistent", "https://example.cn/"),
    ]
    r = Policy.of(Settings()).result(
        target,
        "https://example.cn/",
        found,
        final_url="https://www.example.cn/",
        pages=pages,
        icp=icp,
        psb=psb,
    )
    assert (r.url, r.final_url, r.icp, r.psb, r.pages) == (
        "https://example.cn/",
        "https://www.example.cn/",
        icp,
        psb,
        pages,
    )
    assert [f.code for f in r.findings] == ["page-inconsistent"]
    assert r.ignored == ("psb-missing",)
