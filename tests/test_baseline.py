"""--baseline: what changed since an earlier report, the exit status that follows, and
reading old, partial or broken reports back."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from beian_check.baseline import ChangeCounts, Known, compare, load_baseline, target_key
from beian_check.model import Finding, Report, TargetResult
from beian_check.report import get_format
from beian_check.reportfile import ReportError

from .farm import GOOD, HOSTS, NOBADGE, NOLINK, farm


def result(status: str, *codes: str, target: str = "a.example.com") -> TargetResult:
    return TargetResult(
        target,
        f"https://{target}/",
        None,
        status,
        findings=tuple(Finding(c, f"https://{target}/") for c in codes),
    )


@pytest.mark.parametrize(
    "was,now,strict,kind,new,gone",
    [
        (None, result("fail", "psb-icon-missing"), False, "new-target", ("psb-icon-missing",), ()),
        (None, result("pass"), False, "new-target", (), ()),
        (
            Known("pass", frozenset()),
            result("fail", "psb-icon-missing"),
            False,
            "new-failure",
            ("psb-icon-missing",),
            (),
        ),
        (
            Known("fail", frozenset({"icp-not-linked"})),
            result("fail", "icp-not-linked", "psb-icon-missing"),
            False,
            "new-failure",
            ("psb-icon-missing",),
            (),
        ),
        (
            Known("fail", frozenset({"icp-not-linked"})),
            result("fail", "icp-not-linked"),
            False,
            "unchanged",
            (),
            (),
        ),
        (
            Known("fail", frozenset({"icp-not-linked"})),
            result("pass"),
            False,
            "fixed",
            (),
            ("icp-not-linked",),
        ),
        (
            Known("fail", frozenset({"icp-not-linked", "psb-missing"})),
            result("fail", "psb-missing"),
            False,
            "unchanged",
            (),
            ("icp-not-linked",),
        ),
        # A new warning is not a new failure, unless --strict makes warnings fail.
        (
            Known("pass", frozenset()),
            result("pass", "psb-link-legacy"),
            False,
            "unchanged",
            ("psb-link-legacy",),
            (),
        ),
        (
            Known("pass", frozenset()),
            result("fail", "psb-link-legacy"),
            True,
            "new-failure",
            ("psb-link-legacy",),
            (),
        ),
        (
            Known("pass", frozenset()),
            result("error", "fetch-failed"),
            False,
            "new-error",
            ("fetch-failed",),
            (),
        ),
        (
            Known("fail", frozenset({"icp-missing"})),
            result("error", "fetch-failed"),
            False,
            "new-error",
            ("fetch-failed",),
            ("icp-missing",),
        ),
        (
            Known("error", frozenset({"fetch-failed"})),
            result("error", "fetch-failed"),
            False,
            "unchanged",
            (),
            (),
        ),
        (
            Known("error", frozenset({"fetch-failed"})),
            result("fail", "icp-missing"),
            False,
            "new-failure",
            ("icp-missing",),
            ("fetch-failed",),
        ),
        (Known("error", frozenset({"fetch-failed"})), result("pass"), False, "fixed", (), ("fetch-failed",)),
    ],
)
def test_compare(
    was: Known | None, now: TargetResult, strict: bool, kind: str, new: tuple[str, ...], gone: tuple[str, ...]
) -> None:
    change = compare(now, was, strict=strict)
    assert (change.kind, change.new, change.gone) == (kind, new, gone)
    assert change.was == (was.status if was else None)


def _counts(*pairs: tuple[TargetResult, Known | None]) -> ChangeCounts:
    report = Report()
    report.summary.changes = ChangeCounts()
    for now, was in pairs:
        report.add(
            TargetResult(
                **{**{f: getattr(now, f) for f in now.__dataclass_fields__}, "change": compare(now, was)}
            )
        )
    return report.summary.changes


def test_exit_status_says_whether_anything_got_worse() -> None:
    old_fail = Known("fail", frozenset({"icp-missing"}))
    # Old failures remain, one was fixed: nothing got worse.
    c = _counts((result("fail", "icp-missing"), old_fail), (result("pass"), old_fail))
    assert (c.exit_code, c.new_problems, c.fixed, c.unchanged) == (0, 0, 1, 1)
    # A target newly not checkable: 3.
    c = _counts(
        (result("fail", "icp-missing"), old_fail),
        (result("error", "fetch-failed"), Known("pass", frozenset())),
    )
    assert (c.exit_code, c.new_errors) == (3, 1)
    # A new failing code wins over the rest: 1.
    c = _counts(
        (result("error", "fetch-failed"), Known("pass", frozenset())),
        (result("fail", "icp-missing", "psb-missing"), old_fail),
    )
    assert (c.exit_code, c.new_problems, c.new_errors) == (1, 1, 1)
    # New targets count by their own status.
    assert _counts((result("pass"), None)).exit_code == 0
    assert _counts((result("error", "fetch-failed"), None)).exit_code == 3
    c = _counts((result("fail", "icp-missing"), None))
    assert (c.exit_code, c.new_targets, c.new_problems) == (1, 1, 1)


def test_target_identity_ignores_case_and_trailing_slash() -> None:
    assert target_key("Alpha.Example.com", "https://alpha.example.com/") == target_key(
        "alpha.example.com/", None
    )
    assert target_key("https://a.example.com/x", None) != target_key("a.example.com", None)
    assert target_key("site/public", "file:///tmp/site/public/index.html") == "raw:site/public"


def test_lenient_with_old_and_partial_reports(tmp_path: Path) -> None:
    lines = [
        {"target": "a.example.com"},  # only a target
        {"target": "b.example.com", "findings": [{"code": "icp-missing"}]},  # no status, severity
        {"target": "c.example.com", "findings": ["psb-link-legacy"]},  # codes as strings
        {"target": "d.example.com", "findings": [{"code": "fetch-failed"}]},
        {
            "target": "e.example.com",
            "status": "fail",
            "findings": [{"code": "future-code", "severity": "error"}],
            "future_key": {"x": 1},
        },
    ]
    path = tmp_path / "old.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    base = load_baseline(str(path))
    got = {k.split(":", 1)[1]: (v.status, set(v.codes)) for k, v in base.entries.items()}
    assert got == {
        "a.example.com": ("pass", set()),
        "b.example.com": ("fail", {"icp-missing"}),
        "c.example.com": ("pass", {"psb-link-legacy"}),
        "d.example.com": ("error", {"fetch-failed"}),
        "e.example.com": ("fail", {"future-code"}),
    }
    assert base.warnings == []


def test_interrupted_jsonl_baseline_keeps_what_was_written(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_text('{"target": "a.example.com", "status": "pass"}\n{"target": "b.exa', encoding="utf-8")
    base = load_baseline(str(path))
    assert list(base.entries) == ["domain:a.example.com"]
    assert [w.render() for w in base.warnings] == [
        f"{path}:2: incomplete last line ignored (the run was interrupted?)"
    ]
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert load_baseline(str(empty)).entries == {}


def test_json_document_of_an_interrupted_run(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(
        json.dumps(
            {
                "schema": "beian-check/1",
                "summary": {"targets": 1, "interrupted": True},
                "results": [
                    {
                        "target": "a.example.com",
                        "status": "fail",
                        "findings": [{"code": "psb-missing", "severity": "error"}],
                    }
                ],
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    assert load_baseline(str(path)).entries == {
        "domain:a.example.com": Known("fail", frozenset({"psb-missing"}))
    }


@pytest.mark.parametrize(
    "content,where,message",
    [
        (None, "", "no such file"),
        (b"\xff\xfe{", ":1", "not UTF-8 text; is this a beian-check report?"),
        (
            b'{"target": "a.example.com"}\nnot json\n{"target": "b.example.com"}\n',
            ":2",
            "not a JSON report line",
        ),
        (b'{"target": "a.example.com"}\n{"url": "x"}\n', ":2", 'a result without a "target"'),
        (b'{"target": "a.example.com"}\n[1, 2]\n', ":2", "not a report result"),
        (b'{\n "results": [\n  {"target": "a.example.com",\n', ":3", "not a JSON or JSON Lines report"),
        (b'{"name": "my-app", "version": "1.0.0"}', ":1", 'a result without a "target"'),
        (b'{\n "name": "my-app"\n}\n', "", "not a beian-check report"),
        (b'{"schema": "other/1", "results": []}', "", "not a beian-check report"),
        (b'"just a string"', "", "not a beian-check report"),
        (b'{"results": [{"status": "pass"}]}', ": results[0]", 'a result without a "target"'),
    ],
)
def test_unreadable_baseline_is_one_line_naming_the_file(
    tmp_path: Path, content: bytes | None, where: str, message: str
) -> None:
    path = tmp_path / "base.jsonl"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportError) as e:
        load_baseline(str(path))
    assert str(e.value).startswith(f"{path}{where}: {message}")
    assert "\n" not in str(e.value)


def test_a_directory_is_not_a_baseline(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="is a directory"):
        load_baseline(str(tmp_path))


# Through the command line, against real sites.


def _results(out: str) -> dict[str, dict[str, object]]:
    return {r["target"]: r for r in json.loads(out)["results"]}


def test_night_after_night(tmp_path: Path) -> None:
    bad = ("beta.example.net", "gamma.example.org")
    with farm(tmp_path, bad=bad) as f:
        targets = f.targets()
        base = tmp_path / "base.json"
        code, _, _ = f.check(targets, "--format", "json", "--output", str(base))
        assert code == 1  # old failures, no baseline yet

        # Nothing changed: old failures remain, exit 0.
        code, out, err = f.check(targets, "--baseline", str(base), "--format", "json")
        assert (code, err) == (0, "")
        doc = json.loads(out)
        assert doc["summary"]["baseline"] == {
            "new_problems": 0,
            "new_errors": 0,
            "fixed": 0,
            "unchanged": len(HOSTS),
            "new_targets": 0,
            "dropped": 0,
        }
        r = _results(out)["beta.example.net"]
        assert (r["status"], r["change"], r["new_codes"], r["gone_codes"], r["baseline_status"]) == (
            "fail",
            "unchanged",
            [],
            [],
            "fail",
        )

        # One site breaks a new rule, one is fixed, one new failure on an already failing site.
        f.page("delta.example.cn", NOBADGE)
        f.page("beta.example.net", GOOD)
        f.page(
            "gamma.example.org",
            NOBADGE.replace(
                '<a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a>', "京ICP备2021017352号-2"
            ),
        )
        code, out, _ = f.check(targets, "--baseline", str(base), "--format", "json")
        assert code == 1
        results = _results(out)
        assert {t: r["change"] for t, r in results.items() if r["change"] != "unchanged"} == {
            "delta.example.cn": "new-failure",
            "beta.example.net": "fixed",
            "gamma.example.org": "new-failure",
        }
        assert results["delta.example.cn"]["new_codes"] == ["psb-icon-missing"]
        assert results["gamma.example.org"]["new_codes"] == ["icp-not-linked"]
        assert results["beta.example.net"]["gone_codes"] == ["psb-icon-missing"]
        assert json.loads(out)["summary"]["baseline"]["new_problems"] == 2
        assert json.loads(out)["summary"]["baseline"]["fixed"] == 1
        assert [r["target"] for r in json.loads(out)["results"]] == HOSTS  # the report keeps input order

        # A site that cannot be checked any more, nothing else worse: 3.
        f.page("delta.example.cn", GOOD)
        f.page("gamma.example.org", NOBADGE)
        f.down("zeta.gov.cn")
        code, out, _ = f.check(targets, "--baseline", str(base), "--format", "jsonl")
        assert code == 3
        lines = [json.loads(line) for line in out.splitlines()]
        assert [r["change"] for r in lines if r["target"] == "zeta.gov.cn"] == ["new-error"]


def test_human_formats_list_new_problems_first(tmp_path: Path) -> None:
    with farm(tmp_path, bad=("beta.example.net",)) as f:
        targets = f.targets()
        base = tmp_path / "base.jsonl"
        f.check(targets, "--format", "jsonl", "--output", str(base))
        f.page("mu.example.xyz", NOLINK)
        f.page("beta.example.net", GOOD)
        code, out, _ = f.check(targets, "--baseline", str(base))
        assert code == 1
        lines = out.splitlines()
        assert lines[1].split() == [
            "FAIL",
            "(new)",
            "mu.example.xyz",
            "京ICP备2021017352号-2",
            "京公网安备11010502030143号",
        ]
        assert [line for line in lines if "beta.example.net" in line][0].startswith("PASS (fixed)  beta.")
        assert "mu.example.xyz (fail; new: icp-not-linked):" in out
        assert "beta.example.net (pass; gone: psb-icon-missing):" in out
        assert out.index("mu.example.xyz (fail") < out.index("beta.example.net (pass")
        assert out.rstrip().splitlines()[-2] == (
            "Since the baseline: 1 new problem(s), 0 newly not checkable, 1 fixed, 0 new target(s)"
        )
        code, md, _ = f.check(targets, "--baseline", str(base), "--format", "markdown")
        rows = [line for line in md.splitlines() if line.startswith("| ")][1:]
        assert rows[0].startswith("| ❌ fail \\(new\\) | `mu.example.xyz` |")
        code, html, _ = f.check(targets, "--baseline", str(base), "--format", "html")
        assert html.index("mu.example.xyz") < html.index("beta.example.net")
        assert "FAIL (new)" in html and "new: icp-not-linked" in html


def test_targets_added_and_dropped(tmp_path: Path) -> None:
    with farm(tmp_path, bad=("beta.example.net", "iota.shop")) as f:
        base = tmp_path / "base.json"
        f.check(f.targets(HOSTS[:6], "old.txt"), "--format", "json", "--output", str(base))
        code, out, _ = f.check(f.targets(HOSTS[3:], "new.txt"), "--baseline", str(base), "--format", "json")
        doc = json.loads(out)
        assert code == 1  # iota.shop is new and fails
        changes = {r["target"]: r["change"] for r in doc["results"]}
        assert changes == {**{h: "unchanged" for h in HOSTS[3:6]}, **{h: "new-target" for h in HOSTS[6:]}}
        iota = next(r for r in doc["results"] if r["target"] == "iota.shop")
        assert (iota["new_codes"], iota["baseline_status"]) == (["psb-icon-missing"], None)
        assert doc["summary"]["baseline"] == {
            "new_problems": 1,
            "new_errors": 0,
            "fixed": 0,
            "unchanged": 3,
            "new_targets": len(HOSTS) - 6,
            "dropped": 3,
        }
        # The same targets without the failing new one: nothing got worse.
        code, _, _ = f.check(f.targets(HOSTS[3:8], "newer.txt"), "--baseline", str(base))
        assert code == 0


def test_interrupted_baseline_from_the_cli(tmp_path: Path) -> None:
    with farm(tmp_path) as f:
        base = tmp_path / "cut.jsonl"
        base.write_text(
            '{"target": "alpha.example.com", "status": "pass", "findings": []}\n{"target": "be',
            encoding="utf-8",
        )
        code, out, err = f.check(f.targets(HOSTS[:3]), "--baseline", str(base), "--format", "jsonl")
        assert code == 0
        assert err == f"beian-check: {base}:2: incomplete last line ignored (the run was interrupted?)\n"
        assert [json.loads(line)["change"] for line in out.splitlines()] == [
            "unchanged",
            "new-target",
            "new-target",
        ]


@pytest.mark.parametrize("content", [None, b"\x00\x01garbage", b'{"target": "a"}\n{oops}\n{"target": "b"}\n'])
def test_unreadable_baseline_stops_the_run_before_any_request(tmp_path: Path, content: bytes | None) -> None:
    with farm(tmp_path) as f:
        base = tmp_path / "base.jsonl"
        if content is not None:
            base.write_bytes(content)
        code, out, err = f.check(f.targets(), "--baseline", str(base))
        assert (code, out) == (2, "")
        assert len(err.splitlines()) == 1 and err.startswith(f"beian-check: --baseline {base}")
        assert f.server.requests == []


def test_sample_report_renders_changes_in_every_format() -> None:
    from .sample_report import sample_report

    changed = Report()
    changed.summary.changes = ChangeCounts(dropped=2)
    was = [
        Known("fail", frozenset({"icp-missing"})),
        Known("pass", frozenset()),
        Known("pass", frozenset()),
        None,
    ]
    for r, known in zip(sample_report().results, was, strict=True):
        changed.add(replace(r, change=compare(r, known)))
    for name in ("text", "json", "jsonl", "junit", "csv", "markdown", "html", "prometheus"):
        out = get_format(name).render(changed)
        assert "=evil.example.cn" in out, name
    doc = json.loads(get_format("json").render(changed))
    assert [r["change"] for r in doc["results"]] == ["fixed", "new-failure", "unchanged", "new-target"]
    assert doc["summary"]["baseline"]["dropped"] == 2
    text = get_format("text").render(changed)
    assert text.index("=evil.example.cn") < text.index("down.example.cn") < text.index("good.example.cn")
