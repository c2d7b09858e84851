"""The grace period as the command runs it: the default settings give the 60 days of the
rules (30 days to file, 30 more to show the number), counted from online=. Written from a
held-out behaviour mutation that changed the settings' default unnoticed (README,
"Development")."""

from __future__ import annotations

import datetime as dt

import pytest

from beian_check.model import Finding
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
