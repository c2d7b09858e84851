"""--format prometheus: read back with prometheus_client's OpenMetrics parser and with the
Prometheus text parser (what node_exporter's textfile collector speaks)."""

from __future__ import annotations

import re
import shlex
import time
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from prometheus_client.openmetrics.parser import text_string_to_metric_families as openmetrics
from prometheus_client.parser import text_string_to_metric_families as prometheus_text

from beian_check.baseline import ChangeCounts, Known, compare
from beian_check.model import Report
from beian_check.report import get_format

from .conftest import ROOT
from .farm import HOSTS, NOBADGE, cli, farm
from .sample_report import sample_report
from .test_notify import Hook

EVIL = next(r.target for r in sample_report().results if r.target.startswith("=evil"))


def samples(text: str, parser=openmetrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:  # type: ignore[no-untyped-def]
    out = {}
    for family in parser(text):
        assert family.type == "gauge", family.name
        assert family.documentation, family.name
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_sample_report_parses_as_openmetrics_and_prometheus_text() -> None:
    report = sample_report()  # run: started 2026-11-27T10:00:00+08:00, took 12.345 s
    text = get_format("prometheus").render(report)
    assert text.endswith("\n# EOF\n")
    got = samples(text)
    assert got == samples(text, prometheus_text)
    evil = EVIL.replace("\x1b", "").replace("\x07", "")  # control characters are dropped
    expected = {}
    statuses = (
        ("good.example.cn", "pass"),
        (evil, "fail"),
        ("warn.example.cn", "pass"),
        ("down.example.cn", "error"),
    )
    for target, status in statuses:
        for s in ("pass", "fail", "error"):
            expected[("beian_check_target_status", (("status", s), ("target", target)))] = float(s == status)
    for target, code, sev in (
        (evil, "icp-link-retired", "error"),
        (evil, "psb-missing", "error"),
        (evil, "psb-link-legacy", "warning"),
        ("warn.example.cn", "psb-icon-unverified", "warning"),
        ("down.example.cn", "fetch-failed", "error"),
    ):
        expected[("beian_check_target_findings", (("code", code), ("severity", sev), ("target", target)))] = (
            1.0
        )
    for s, n in (("pass", 2.0), ("fail", 1.0), ("error", 1.0)):
        expected[("beian_check_targets", (("status", s),))] = n
    expected[("beian_check_run_interrupted", ())] = 0.0
    expected[("beian_check_run_duration_seconds", ())] = 12.345
    expected[("beian_check_run_finished_timestamp_seconds", ())] = 1_795_744_812.345  # 02:00:12.345 UTC
    assert got == expected


def test_changes_against_a_baseline_are_metrics_too() -> None:
    report = Report()
    report.summary.changes = ChangeCounts(dropped=4)
    was = [None, Known("pass", frozenset()), Known("pass", frozenset()), Known("error", frozenset())]
    for r, known in zip(sample_report().results, was, strict=True):
        report.add(replace(r, change=compare(r, known)))
    report.summary.interrupted = True
    got = samples(get_format("prometheus").render(report))
    change = {
        dict(labels)["target"]: dict(labels)["change"]
        for (name, labels) in got
        if name == "beian_check_target_change"
    }
    assert change == {
        "good.example.cn": "new-target",
        EVIL.replace("\x1b", "").replace("\x07", ""): "new-failure",
        "warn.example.cn": "unchanged",
        "down.example.cn": "unchanged",
    }
    counts = {dict(labels)["change"]: v for (name, labels), v in got.items() if name == "beian_check_changes"}
    assert counts == {
        "new_problems": 1,
        "new_errors": 0,
        "fixed": 0,
        "unchanged": 2,
        "new_targets": 1,
        "dropped": 4,
    }
    assert got[("beian_check_run_interrupted", ())] == 1.0
    # A report that does not say when it was made (merged from jsonl) finished when written.
    before = time.time() - 0.001  # the metric is rounded to the millisecond
    assert (
        before
        <= samples(get_format("prometheus").render(report))[
            ("beian_check_run_finished_timestamp_seconds", ())
        ]
        <= time.time() + 0.001
    )
    assert ("beian_check_run_duration_seconds", ()) not in got


def test_textfile_collector_recipe(tmp_path: Path) -> None:
    textfile = tmp_path / "textfile"
    textfile.mkdir()
    with farm(tmp_path, bad=("beta.example.net",)) as f:
        f.down("zeta.gov.cn")
        before = time.time()
        code, out, _ = f.check(
            f.targets(), "--format", "prometheus", "--output", str(textfile / "beian.prom")
        )
        after = time.time()
    assert (code, out) == (1, "")
    assert [p.name for p in textfile.iterdir()] == ["beian.prom"]  # no temporary file left behind
    got = samples((textfile / "beian.prom").read_text(encoding="utf-8"))
    assert got[("beian_check_targets", (("status", "pass"),))] == len(HOSTS) - 2
    assert got[("beian_check_target_status", (("status", "fail"), ("target", "beta.example.net")))] == 1
    assert got[("beian_check_target_status", (("status", "error"), ("target", "zeta.gov.cn")))] == 1
    assert (
        got[
            (
                "beian_check_target_findings",
                (("code", "psb-icon-missing"), ("severity", "error"), ("target", "beta.example.net")),
            )
        ]
        == 1
    )
    assert (
        before - 1 <= got[("beian_check_run_finished_timestamp_seconds", ())]
    )  # started: whole seconds <= after + 0.001
    assert 0 < got[("beian_check_run_duration_seconds", ())] <= after - before + 0.001


@pytest.mark.slow
def test_readme_recipe_cron_line_and_alert_rules(tmp_path: Path) -> None:
    """The README's cron line, run two nights here, gives the metrics its alert rules query."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `--format prometheus`") :]
    rules = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))  # type: ignore[union-attr]
    exprs = [r["expr"] for g in rules["groups"] for r in g["rules"]]
    cron = next(line for line in readme.splitlines() if line.startswith("0 2 * * * "))
    check, merge = (
        shlex.split(part.replace("2>>beian.log", "")) for part in cron.split(" && ", 1)[1].split(";")
    )
    assert check[0] == merge[0] == "beian-check" and "/var/lib/node_exporter/textfile/beian.prom" in merge
    textfile = tmp_path / "beian.prom"
    paths = {
        "report.json": str(tmp_path / "report.json"),
        "/var/lib/node_exporter/textfile/beian.prom": str(textfile),
    }
    hook = Hook()
    hook.thread.start()
    try:
        with farm(tmp_path, bad=("beta.example.net",)) as f:
            paths["targets.txt"] = f.targets()
            paths["wxteams://BOT-KEY"] = hook.url()
            night = [paths.get(arg, arg) for arg in check[1:]]
            first = night[: night.index("--baseline")] + night[night.index("--baseline") + 2 :]
            assert f.check(*first)[0] == 1  # the first night makes the first baseline
            f.page("iota.shop", NOBADGE)
            assert f.check(*night)[0] == 1  # a new failure
            code, _, _ = cli(*[paths.get(arg, arg) for arg in merge[1:]])
    finally:
        hook.server.shutdown()
        hook.server.server_close()
    assert code == 1 and [m["title"] for m in hook.received] == [
        f"beian-check: 1 failing, 0 not checkable, of {len(HOSTS)}",  # no baseline: what fails
        "beian-check: 1 new problem(s), 0 fixed",  # then: what is new
    ]
    text = textfile.read_text(encoding="utf-8")
    names = {family.name for family in openmetrics(text)}
    for expr in exprs:
        assert set(re.findall(r"beian_check_\w+", expr)) <= names, expr
    got = samples(text)
    assert got[("beian_check_target_status", (("status", "fail"), ("target", "iota.shop")))] == 1
    assert got[("beian_check_target_change", (("change", "new-failure"), ("target", "iota.shop")))] == 1
    assert got[("beian_check_changes", (("change", "new_problems"),))] == 1
    assert got[("beian_check_run_duration_seconds", ())] > 0
