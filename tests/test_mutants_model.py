"""model.py pinned exactly: default severities, the finding order, status and exit status
tables, and the JSON shape of every result type. Written from the mutants the older tests
let through (README, "Development")."""

from __future__ import annotations

import pytest

from beian_check.messages import t, text
from beian_check.model import (
    CODES,
    Finding,
    IcpMark,
    PageFetch,
    PsbMark,
    Report,
    RunInfo,
    Summary,
    TargetResult,
    judge_status,
    sort_findings,
)

URL = "https://example.cn/"


@pytest.mark.parametrize("code", list(CODES))
def test_default_severity_comes_from_the_code_table(code: str) -> None:
    assert Finding(code, URL).severity == CODES[code]
    assert Finding(code, URL, severity="warning").severity == "warning"


def test_message_uses_the_key_else_the_code_with_its_args() -> None:
    number, reason = "京ICP备2021017352号", text("why.no-link")
    f = Finding("icp-not-linked", URL, args=(("number", number), ("reason", reason)))
    assert f.message() == t("icp-not-linked", "en", number=number, reason=reason)
    assert f.message("zh") == t("icp-not-linked", "zh", number=number, reason=reason)
    assert f.message("zh") != f.message()
    keyed = Finding(
        "psb-missing", URL, key="psb-missing.grace", args=(("until", "2026-12-01"), ("online", "x"))
    )
    assert keyed.message() == t("psb-missing.grace", "en", until="2026-12-01", online="x")


def test_finding_to_dict() -> None:
    f = Finding("icp-missing", URL, evidence="<p>", detail="")
    assert f.to_dict() == {
        "code": "icp-missing",
        "severity": "error",
        "message": t("icp-missing"),
        "page": URL,
        "evidence": "<p>",
    }
    assert f.to_dict("zh")["message"] == t("icp-missing", "zh")
    g = Finding("fetch-failed", URL, detail="connection refused", key="fetch.refused")
    assert g.to_dict()["detail"] == "connection refused"
    assert list(g.to_dict()) == ["code", "severity", "message", "page", "evidence", "detail", "key"]
    assert g.to_dict()["key"] == "fetch.refused"


def test_finding_args_go_to_json_with_nested_texts() -> None:
    reason = text("join.semicolon", a=text("why.no-link"), b="x")
    f = Finding(
        "icp-not-linked", URL, args=(("number", "京ICP备2021017352号"), ("count", 3), ("reason", reason))
    )
    assert f.to_dict()["args"] == {
        "number": "京ICP备2021017352号",
        "count": 3,
        "reason": {"key": "join.semicolon", "args": {"a": {"key": "why.no-link", "args": {}}, "b": "x"}},
    }
    assert "key" not in f.to_dict()


def test_findings_sort_by_the_code_table_and_keep_their_order_among_equals() -> None:
    a = Finding("page-inconsistent", URL + "a")
    b = Finding("page-inconsistent", URL + "b")
    first = Finding("fetch-failed", URL)
    icp = Finding("icp-missing", URL)
    assert sort_findings([a, icp, b, first]) == [first, icp, a, b]
    assert [f.code for f in sort_findings([Finding(c, URL) for c in reversed(list(CODES))])] == list(CODES)
    unknown = Finding("x-new-code", URL, severity="warning")  # a code added without its place
    assert sort_findings([unknown, a, first]) == [first, a, unknown]


@pytest.mark.parametrize(
    "codes,severities,strict,status",
    [
        ([], [], False, "pass"),
        (["page-inconsistent"], ["warning"], False, "pass"),
        (["page-inconsistent"], ["warning"], True, "fail"),
        (["icp-missing"], ["error"], False, "fail"),
        (["icp-missing"], ["warning"], False, "pass"),  # turned into a warning (grace)
        (["icp-missing", "fetch-failed"], ["error", "error"], False, "error"),
        (["page-js-rendered"], ["error"], False, "error"),
        (["fetch-failed"], ["warning"], True, "error"),
    ],
)
def test_judge_status(codes: list[str], severities: list[str], strict: bool, status: str) -> None:
    findings = [Finding(c, URL, severity=s) for c, s in zip(codes, severities, strict=True)]
    assert judge_status(findings, strict=strict) == status
    assert judge_status(tuple(findings), strict=strict) == status
    if not strict:
        assert judge_status(findings) == status  # not strict unless asked


def test_marks_and_pages_to_dict() -> None:
    assert IcpMark("京ICP备2021017352号", "filing", None).to_dict() == {
        "text": "京ICP备2021017352号",
        "kind": "filing",
        "link": None,
    }
    assert PsbMark("京公网安备11010502030143号", "11010502030143", "L", "I").to_dict() == {
        "text": "京公网安备11010502030143号",
        "code": "11010502030143",
        "link": "L",
        "icon": "I",
    }
    assert PageFetch(URL, 200).to_dict() == {"url": URL, "http_status": 200}


def test_target_result_to_dict_whole() -> None:
    warn = Finding("page-inconsistent", URL + "about", severity="warning")
    err = Finding("icp-missing", URL)
    r = TargetResult(
        "example.cn",
        URL,
        URL + "index",
        "fail",
        IcpMark("i", "licence", "L"),
        PsbMark("p", "c", None, None),
        (PageFetch(URL, 200), PageFetch(URL + "about", None)),
        (err, warn),
        screenshot="/tmp/s.png",
        ignored=("psb-missing",),
        fix="<a>",
        index=0,
    )
    assert r.warnings == 1
    assert r.to_dict("zh") == {
        "target": "example.cn",
        "url": URL,
        "final_url": URL + "index",
        "status": "fail",
        "icp": {"text": "i", "kind": "licence", "link": "L"},
        "psb": {"text": "p", "code": "c", "link": None, "icon": None},
        "pages": [{"url": URL, "http_status": 200}, {"url": URL + "about", "http_status": None}],
        "findings": [err.to_dict("zh"), warn.to_dict("zh")],
        "screenshot": "/tmp/s.png",
        "ignored": ["psb-missing"],
        "fix": "<a>",
        "index": 0,
    }
    bare = TargetResult("example.cn", URL, None, "error")
    assert bare.warnings == 0
    assert bare.to_dict() == {
        "target": "example.cn",
        "url": URL,
        "final_url": None,
        "status": "error",
        "icp": None,
        "psb": None,
        "pages": [],
        "findings": [],
    }


def _result(status: str, findings: tuple[Finding, ...] = (), ignored: tuple[str, ...] = ()) -> TargetResult:
    return TargetResult("t", URL, URL, status, findings=findings, ignored=ignored)


def test_summary_counts_and_report_keeps_results_in_order() -> None:
    warn = Finding("page-inconsistent", URL)
    report = Report()
    results = [
        _result("pass", (warn, warn)),
        _result("fail", (warn,), ("icp-missing", "psb-missing")),
        _result("error"),
        _result("fail"),
        _result("error"),
    ]
    for r in results:
        report.add(r)
    assert report.results == results
    s = report.summary
    assert (s.targets, s.passed, s.failed, s.errors, s.warnings, s.ignored) == (5, 1, 2, 2, 3, 2)
    assert s.to_dict() == {"targets": 5, "pass": 1, "fail": 2, "error": 2, "warnings": 3, "ignored": 2}
    s.interrupted = True
    assert s.to_dict()["interrupted"] is True


@pytest.mark.parametrize(
    "statuses,interrupted,code",
    [
        ([], False, 0),
        (["pass"], False, 0),
        (["pass", "error"], False, 3),
        (["error", "fail"], False, 1),
        (["fail"], False, 1),
        (["fail"], True, 130),
        ([], True, 130),
    ],
)
def test_exit_code(statuses: list[str], interrupted: bool, code: int) -> None:
    s = Summary(interrupted=interrupted)
    for status in statuses:
        s.add(_result(status))
    assert s.exit_code == code


def test_run_info_to_dict() -> None:
    info = RunInfo("1.2.3", "2026-11-27T10:00:00+08:00", 1.23456, True, ("psb-missing",), "auto", "zh")
    assert info.to_dict() == {
        "version": "1.2.3",
        "started": "2026-11-27T10:00:00+08:00",
        "duration_s": 1.235,
        "options": {"strict": True, "ignore": ["psb-missing"], "render": "auto"},
        "lang": "zh",
    }
    assert RunInfo("1").to_dict() == {
        "version": "1",
        "started": "",
        "duration_s": 0.0,
        "options": {"strict": False, "ignore": [], "render": "never"},
        "lang": "en",
    }
