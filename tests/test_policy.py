"""One policy point: --ignore, --strict and the grace period apply to every result,
whatever path built it (a crawled page, the deadline, an internal error, a lost worker)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from pathlib import Path

import pytest

from beian_check import crawl, workers
from beian_check.model import Finding, TargetResult
from beian_check.outcome import Failure, Kind
from beian_check.policy import Policy
from beian_check.run import run_targets
from beian_check.settings import Settings
from beian_check.targets import TargetPlan, parse_line

from .conftest import TODAY
from .servers import Server, hang

ONLINE = dt.date(2026, 10, 1)


def target(fields: str = ""):  # type: ignore[no-untyped-def]
    t = parse_line(f"example.cn {fields}".strip(), "t:1")
    assert t is not None
    return t


def psb_missing() -> Finding:
    return Finding("psb-missing", "https://example.cn/")


@pytest.mark.parametrize(
    "days,severity,status",
    [
        (0, "warning", "pass"),
        (59, "warning", "pass"),
        (60, "error", "fail"),
        (61, "error", "fail"),
    ],
)
def test_grace_period_boundary(days: int, severity: str, status: str) -> None:
    """psb-missing is a warning for 60 days after online= (the 60th day is too late)."""
    policy = Policy(today=ONLINE + dt.timedelta(days=days))
    r = policy.result(target(f"online={ONLINE}"), "https://example.cn/", [psb_missing()])
    assert [(f.code, f.severity) for f in r.findings] == [("psb-missing", severity)]
    assert r.status == status
    if severity == "warning":
        assert r.findings[0].key == "psb-missing.grace"
        assert dict(r.findings[0].args) == {"until": "2026-11-30", "online": "2026-10-01"}


def test_no_grace_without_online_date_or_for_other_codes() -> None:
    policy = Policy(today=ONLINE)
    assert policy.result(target(), "u", [psb_missing()]).status == "fail"
    r = policy.result(target(f"online={ONLINE}"), "u", [Finding("icp-missing", "u")])
    assert r.status == "fail" and r.findings[0].severity == "error"


def test_grace_days_is_a_setting() -> None:
    policy = Policy.of(Settings(grace_days=10), today=ONLINE + dt.timedelta(days=10))
    assert policy.result(target(f"online={ONLINE}"), "u", [psb_missing()]).status == "fail"


def test_strict_and_ignore() -> None:
    warn = Finding("page-redirect-offsite", "u")
    assert Policy().result(target(), "u", [warn]).status == "pass"
    assert Policy(strict=True).result(target(), "u", [warn]).status == "fail"
    r = Policy(ignore=frozenset({"page-redirect-offsite"}), strict=True).result(target(), "u", [warn])
    assert r.status == "pass" and r.findings == ()


def test_findings_leave_in_table_order() -> None:
    r = Policy().result(target(), "u", [Finding("page-inconsistent", "u"), Finding("icp-missing", "u")])
    assert [f.code for f in r.findings] == ["icp-missing", "page-inconsistent"]


def _run(sites: list[str], settings: Settings) -> list[TargetResult]:
    out: list[TargetResult] = []
    asyncio.run(
        run_targets([t for t in (parse_line(s) for s in sites) if t], settings, out.append, today=TODAY)
    )
    return out


def test_ignore_drops_an_internal_errors_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    async def boom(self, target, source):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr(crawl.Crawler, "_check", boom)
    [plain] = _run(["http://127.0.0.1:9/"], Settings())
    assert plain.status == "error" and plain.findings[0].code == "fetch-failed"
    assert dict(plain.findings[0].args)["reason"].key == "fetch.internal"  # type: ignore[union-attr]
    assert plain.findings[0].detail == "RuntimeError: a bug"
    [ignored] = _run(["http://127.0.0.1:9/"], Settings(ignore=frozenset({"fetch-failed"})))
    assert ignored.status == "pass" and ignored.findings == ()


@pytest.mark.slow
def test_ignore_drops_a_deadline_finding() -> None:
    with Server({"/": hang(5)}) as s:
        [late] = _run([s.url("/")], Settings(deadline=0.3, timeout=5))
        [ignored] = _run([s.url("/")], Settings(deadline=0.3, timeout=5, ignore=frozenset({"fetch-failed"})))
    assert dict(late.findings[0].args)["reason"].key == "fetch.deadline"  # type: ignore[union-attr]
    assert ignored.status == "pass" and ignored.findings == ()


@pytest.mark.parametrize("ignore,status", [(frozenset(), "error"), (frozenset({"fetch-failed"}), "pass")])
def test_ignore_drops_a_lost_workers_finding(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ignore: frozenset[str], status: str
) -> None:
    def die(*args, **kwargs):  # type: ignore[no-untyped-def]
        os._exit(1)  # the forked worker dies before sending anything

    monkeypatch.setattr(workers, "run_indexed", die)
    plan = TargetPlan.build([("t", [f"http://127.0.0.1:9/{i}" for i in range(3)])])
    out: list[TargetResult] = []
    workers.run_in_workers(plan, Settings(ignore=ignore), out.append, 2)
    assert [r.status for r in out] == [status] * 3
    if not ignore:
        assert {dict(r.findings[0].args)["reason"].key for r in out} == {"fetch.worker-lost"}  # type: ignore[union-attr]


def test_unchecked_names_the_target() -> None:
    r = Policy().unchecked(target(), Failure(Kind.WORKER_LOST))
    assert (r.target, r.url, r.final_url, r.status) == ("example.cn", "https://example.cn/", None, "error")


def test_today_comes_from_the_call_then_the_settings_then_the_clock() -> None:
    day = dt.date(2020, 1, 2)
    assert Policy.of(Settings(today=day)).today == day
    assert Policy.of(Settings(today=day), today=ONLINE).today == ONLINE
    assert Policy.of(Settings()).today == dt.date.today()


def test_unchecked_finding_names_the_page() -> None:
    r = Policy().unchecked(
        target(), Failure(Kind.DEADLINE, args=(("seconds", "60"),)), "https://example.cn/x"
    )
    assert [(f.code, f.page) for f in r.findings] == [("fetch-failed", "https://example.cn/x")]


def test_unchecked_directory_target_is_named_by_its_path(tmp_path: Path) -> None:
    from beian_check.targets import directory_target

    r = Policy().unchecked(directory_target(str(tmp_path)), Failure(Kind.WORKER_LOST))
    assert r.url == str(tmp_path) and r.findings[0].page == str(tmp_path)


def test_a_failing_result_carries_the_fix_from_its_marks_and_expectations(tmp_path: Path) -> None:
    from beian_check.model import IcpMark, PsbMark
    from beian_check.targets import directory_target

    icp = IcpMark("京ICP备2021017352号-2", "filing", None)
    psb = PsbMark("京公网安备11010502030143号", "11010502030143", None, "https://cdn.example.cn/ga.png")
    t = target("icp=京ICP备2021017353号-2 psb=11010502030144")
    shown = Policy().result(t, "u", [Finding("icp-not-linked", "u")], icp=icp, psb=psb)
    assert shown.fix is not None and "京ICP备2021017352号-2" in shown.fix
    assert "11010502030143" in shown.fix and 'src="https://cdn.example.cn/ga.png"' in shown.fix
    wrong = Policy().result(
        t, "u", [Finding("icp-unexpected", "u"), Finding("psb-unexpected", "u")], icp=icp, psb=psb
    )
    assert wrong.fix is not None and "京ICP备2021017353号-2" in wrong.fix and "11010502030144" in wrong.fix
    assert Policy().result(t, "u", [], icp=icp, psb=psb).fix is None  # passing: no fix
    build = directory_target(str(tmp_path))
    local = PsbMark(psb.text, psb.code, None, (tmp_path / "static" / "ga.png").as_uri())
    r = Policy().result(build, "u", [Finding("icp-not-linked", "u")], icp=icp, psb=local)
    assert r.fix is not None and 'src="/static/ga.png"' in r.fix
