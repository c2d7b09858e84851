"""--shard K/N and 'beian-check merge': the parts are disjoint, complete and stable across
runs and machines, and shards merged give what one run over everything gives."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import pytest

from beian_check.crawl import registrable_domain
from beian_check.shard import Indexer, ShardPlan, parse_shard, shard_key, shard_of
from beian_check.targets import TargetPlan

from .conftest import ROOT
from .farm import HOSTS, NOBADGE, cli, farm

SUFFIXES = ["com", "cn", "com.cn", "net", "org", "gov.cn", "edu.cn", "io", "co.uk", "xyz"]


def _lines() -> list[str]:
    """Three hundred targets written every way a targets file may: bare domains, several
    hosts of one site, URLs with paths and ports, IP addresses, IDN, a static build."""
    lines = []
    for i in range(60):
        site = f"site{i}.{SUFFIXES[i % len(SUFFIXES)]}"
        lines += [
            site,
            f"www.{site}",
            f"https://shop.{site}/",
            f"http://{site}:8080/about",
            f"m.{site} pages=/a",
        ]
    lines += ["127.0.0.1:8001", "http://127.0.0.1:8002/", "http://[::1]:8003/x", "例子.中国"]
    return lines


def _plan(lines: list[str]) -> TargetPlan:
    return TargetPlan.build([("t.txt", lines), ("public", None)])


@pytest.mark.parametrize("text,parsed", [("1/1", (1, 1)), ("2/5", (2, 5)), ("5/5", (5, 5)), (" 3/4", (3, 4))])
def test_parse_shard(text: str, parsed: tuple[int, int]) -> None:
    assert parse_shard(text) == parsed


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "1/0", "-1/3", "1/70000", "", "1/2/3"])
def test_parse_shard_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_shard(text)


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_shards_are_disjoint_and_complete(n: int) -> None:
    plan = _plan(_lines())
    parts = [set(ShardPlan.select(plan, k, n).positions) for k in range(1, n + 1)]
    assert all(not (a & b) for a, b in combinations(parts, 2))
    assert set().union(*parts) == set(range(len(plan)))
    assert all(len(p) > len(plan) / n / 3 for p in parts)  # no shard starves with 300 targets


def test_a_site_never_lands_in_two_shards() -> None:
    plan = _plan(_lines())
    shard_by_site: dict[str, set[int]] = {}
    for k in range(1, 6):
        sub = ShardPlan.select(plan, k, 5)
        for i in range(len(sub)):
            key = shard_key(sub.target(i))
            shard_by_site.setdefault(key, set()).add(k)
    assert all(len(shards) == 1 for shards in shard_by_site.values())
    # Every host of one site has the same key: its registrable domain.
    assert {
        shard_key(t)
        for t in _plan(["site3.net", "www.site3.net", "https://shop.site3.net/x", "http://site3.net:8080/"])
    } == {"site3.net", "dir:public"}
    assert registrable_domain("shop.site8.co.uk") == "site8.co.uk"
    # Addresses are keyed with their port (the per-host limit's unit); a build by its path.
    assert [shard_key(t) for t in _plan(["127.0.0.1:8001", "http://127.0.0.1:80/"])] == [
        "127.0.0.1:8001",
        "127.0.0.1",
        "dir:public",
    ]


@pytest.mark.slow
def test_shards_are_stable_across_runs_and_processes() -> None:
    # Fixed values: a new hash would move sites between machines from one night to the next.
    assert [shard_of(k, 3) for k in ("example.com", "example.cn", "127.0.0.1:8080", "dir:public")] == [
        1,
        3,
        1,
        2,
    ]
    assert [shard_of("example.cn", n) for n in (2, 5, 16)] == [2, 1, 8]
    code = (
        "import sys; from beian_check.shard import ShardPlan; from tests.test_shard import _lines, _plan; "
        "p = _plan(_lines()); print([list(ShardPlan.select(p, k, 4).positions) for k in (1, 2, 3, 4)])"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    plan = _plan(_lines())
    assert json.loads(runs.pop()) == [list(ShardPlan.select(plan, k, 4).positions) for k in (1, 2, 3, 4)]


def test_indexer_gives_positions_in_the_whole_input_even_with_gaps() -> None:
    lines = _lines()
    plan = _plan(lines)
    sub = ShardPlan.select(plan, 2, 3)
    names = [sub.target(i).raw for i in range(len(sub))]
    indexer = Indexer(sub)
    # An interrupted run reports finished targets in order, with gaps.
    picked = [0, 1, 4, 9, len(sub) - 1]
    assert [indexer.index(names[i]) for i in picked] == [sub.positions[i] for i in picked]
    assert [plan.target(sub.positions[i]).raw for i in picked] == [names[i] for i in picked]
    # Out of order (never in practice: results are emitted in input order), still found.
    assert indexer.index(names[2]) == sub.positions[2]
    assert indexer.index("no-such-target.example") is None


# Shards and merge against real sites.


def _same_run(text: str) -> str:
    """The report with its run's start and duration blanked: they differ from run to run."""
    text = re.sub(r"started [^,]+, took [0-9.]+ s", "started …, took … s", text)
    return re.sub(r"开始于 [^，]+，用时 [0-9.]+ 秒", "开始于 …，用时 … 秒", text)


def _strip_timing(doc: dict[str, object]) -> dict[str, object]:
    """A report without how it was made (when, how long): all else must be equal."""
    return {k: v for k, v in doc.items() if k != "run"}


@pytest.mark.parametrize("shard_format", ["jsonl", "json"])
def test_three_shards_merged_equal_one_run(tmp_path: Path, shard_format: str) -> None:
    with farm(tmp_path, bad=("beta.example.net", "theta.example.dev")) as f:
        f.down("zeta.gov.cn")
        targets = f.targets()
        code, whole, _ = f.check(targets, "--format", "json")
        assert code == 1
        reports, sizes = [], []
        for k in (1, 2, 3):
            out = tmp_path / f"shard-{k}.{shard_format}"
            shard_code, _, _ = f.check(
                targets, "--shard", f"{k}/3", "--format", shard_format, "--output", str(out)
            )
            assert shard_code in (0, 1, 3)
            reports.append(str(out))
            text = out.read_text(encoding="utf-8")
            results = (
                json.loads(text)["results"]
                if shard_format == "json"
                else [json.loads(line) for line in text.splitlines()]
            )
            sizes.append(len(results))
            assert all(isinstance(r["index"], int) for r in results)
        assert all(sizes) and sum(sizes) == len(HOSTS)
        merged_code, merged, err = cli("merge", *reversed(reports), "--format", "json")
    assert (merged_code, err) == (code, "")
    assert _strip_timing(json.loads(merged)) == _strip_timing(json.loads(whole))
    assert [r["target"] for r in json.loads(merged)["results"]] == HOSTS


@pytest.mark.slow
def test_merge_writes_every_format_as_the_single_run_would(tmp_path: Path) -> None:
    with farm(tmp_path, bad=("iota.shop",)) as f:
        targets = f.targets()
        shards = []
        for k in (1, 2):
            shards.append(str(tmp_path / f"s{k}.json"))
            f.check(targets, "--shard", f"{k}/2", "--format", "json", "-o", shards[-1], "--workers", "2")
        for fmt in ("text", "jsonl", "csv", "junit", "markdown", "html"):
            whole = f.check(targets, "--format", fmt)
            merged = cli("merge", *shards, "--format", fmt)
            assert merged[0] == whole[0] and merged[2] == whole[2] == ""
            assert _same_run(merged[1]) == _same_run(whole[1]), fmt
        # Shards written in English, merged in Chinese: every message is rendered again.
        zh = f.check(targets, "--format", "markdown", "--lang", "zh")
        assert _same_run(cli("merge", *shards, "--format", "markdown", "--lang", "zh")[1]) == _same_run(zh[1])
        assert "徽标" in zh[1] or "图标" in zh[1]
        code, prom, _ = cli("merge", *shards, "--format", "prometheus")
        assert code == 1 and 'beian_check_target_status{target="iota.shop",status="fail"} 1' in prom


@pytest.mark.slow
def test_merge_exit_status_is_the_single_runs(tmp_path: Path) -> None:
    with farm(tmp_path) as f:
        targets = f.targets()

        def shards_then_merge(*extra: str) -> tuple[int, int]:
            paths = []
            for k in (1, 2, 3):
                paths.append(str(tmp_path / f"x{k}.jsonl"))
                f.check(targets, "--shard", f"{k}/3", "--format", "jsonl", "-o", paths[-1], *extra)
            return f.check(targets, *extra)[0], cli("merge", *paths, "--format", "json")[0]

        assert shards_then_merge() == (0, 0)
        f.down("delta.example.cn")
        assert shards_then_merge() == (3, 3)
        f.page("mu.example.xyz", NOBADGE)
        assert shards_then_merge() == (1, 1)
        # With a baseline taken now, nothing is worse: 0, though a target fails and one is down.
        base = tmp_path / "base.json"
        f.check(targets, "--format", "json", "-o", str(base))
        assert shards_then_merge("--baseline", str(base)) == (0, 0)


def test_merge_applies_the_baseline_itself(tmp_path: Path) -> None:
    with farm(tmp_path, bad=("beta.example.net",)) as f:
        targets = f.targets()
        base = tmp_path / "base.json"
        f.check(targets, "--format", "json", "-o", str(base))
        f.page("kappa.example.edu.cn", NOBADGE)
        shards = []
        for k in (1, 2, 3):
            shards.append(str(tmp_path / f"s{k}.json"))
            f.check(targets, "--shard", f"{k}/3", "--format", "json", "-o", shards[-1])
        code, whole, _ = f.check(targets, "--baseline", str(base), "--format", "json")
        m_code, merged, _ = cli("merge", *shards, "--baseline", str(base), "--format", "json")
        assert (m_code, code) == (1, 1)
        assert _strip_timing(json.loads(merged)) == _strip_timing(json.loads(whole))
        # Shards run with the baseline carry their changes; merge keeps and counts them, and
        # adds up what each shard found dropped.
        for k in (1, 2, 3):
            f.check(
                f.targets(HOSTS[1:], "fewer.txt"),
                "--shard",
                f"{k}/3",
                "--baseline",
                str(base),
                "--format",
                "json",
                "-o",
                shards[k - 1],
            )
        code, merged, _ = cli("merge", *shards, "--format", "json")
        doc = json.loads(merged)
        assert code == 1 and doc["summary"]["baseline"]["dropped"] == 1
        assert doc["summary"]["baseline"]["new_problems"] == 1


def test_merge_refuses_overlapping_or_mixed_reports(tmp_path: Path) -> None:
    with farm(tmp_path) as f:
        targets = f.targets(HOSTS[:4])
        one, plain = tmp_path / "one.jsonl", tmp_path / "plain.jsonl"
        f.check(targets, "--shard", "1/2", "--format", "jsonl", "-o", str(one))
        f.check(targets, "--format", "jsonl", "-o", str(plain))
    code, out, err = cli("merge", str(one), str(one))
    assert (code, out) == (2, "") and err.startswith(
        f"beian-check: {one}:1: target alpha.example.com (index 0) is also in {one}:1; the shards overlap"
    )
    code, _, err = cli("merge", str(one), str(plain))
    assert code == 2 and err.startswith(
        f'beian-check: {plain}:1: a result without "index" among --shard results'
    )
    code, _, err = cli("merge", str(one), str(tmp_path / "missing.jsonl"))
    assert (code, err) == (2, f"beian-check: {tmp_path / 'missing.jsonl'}: no such file\n")
    assert cli("merge")[0] == 2
    # Plain reports (no --shard) are joined in the order given.
    code, out, _ = cli("merge", str(plain), str(plain), "--format", "jsonl")
    assert [json.loads(line)["target"] for line in out.splitlines()] == HOSTS[:4] * 2


def test_a_targets_file_called_merge_is_still_a_run(tmp_path: Path) -> None:
    with farm(tmp_path) as f:
        path = tmp_path / "merge"
        path.write_text("alpha.example.com\n", encoding="utf-8")
        code, out, _ = f.check(str(path), "--format", "jsonl")
    assert code == 0 and json.loads(out)["target"] == "alpha.example.com"


def test_merge_as_a_real_subprocess(tmp_path: Path) -> None:
    report = tmp_path / "r.jsonl"
    report.write_text(
        '{"target": "a.example.com", "status": "fail", "findings": [{"code": "icp-missing"}]}\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()} | {"PYTHONPATH": str(ROOT)}
    p = subprocess.run(
        [sys.executable, "-m", "beian_check", "merge", str(report), "--format", "csv"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert p.returncode == 1 and p.stderr == ""
    assert p.stdout.splitlines()[1].startswith("a.example.com,fail,,,,,,,,,icp-missing,error,")


def test_merge_keeps_the_words_of_an_older_report(tmp_path: Path) -> None:
    """A finding without its catalogue arguments (an older version's report) is shown as
    it was written, in every format."""
    report = tmp_path / "old.jsonl"
    old = {
        "target": "a.example.com",
        "status": "fail",
        "findings": [{"code": "icp-not-linked", "severity": "error", "message": "旧版本的说明 <b>x</b>"}],
    }
    report.write_text(json.dumps(old, ensure_ascii=False) + "\n", encoding="utf-8")
    for fmt in ("text", "markdown", "html", "json"):
        code, out, _ = cli("merge", str(report), "--format", fmt, "--lang", "en")
        assert code == 1 and ("旧版本的说明" in out), fmt
    doc = json.loads(cli("merge", str(report), "--format", "json")[1])
    assert doc["results"][0]["findings"][0]["message"] == "旧版本的说明 <b>x</b>"
