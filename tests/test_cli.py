"""The command line through click's CliRunner, and as real subprocesses (exit codes,
atomic output, interruption)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from beian_check.cli import main
from beian_check.targets import TargetPlan

from .conftest import BADGE_PNG, ROOT
from .servers import Server, hang, kill_9_mid_crawl, response

GOOD = (
    '<html><body><footer><a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a> '
    '<img src="/badge.png"><a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">'
    "京公网安备11010502030143号</a></footer></body></html>"
)
NOBADGE = GOOD.replace('<img src="/badge.png">', "")
PNG = response(200, BADGE_PNG, "image/png")


@pytest.fixture
def site() -> Server:  # type: ignore[misc]
    with Server(
        {
            "/": response(200, GOOD),
            "/bad": response(200, NOBADGE),
            "/badge.png": PNG,
            "/down": response(500, "x"),
        }
    ) as s:
        yield s


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), input=input)
    return r.exit_code, r.stdout, r.stderr


def test_exit_0_all_pass(site: Server) -> None:
    code, out, _ = run("--site", site.url("/"))
    assert code == 0 and "PASS" in out


def test_exit_1_on_failure_and_json(site: Server, tmp_path: Path) -> None:
    targets = tmp_path / "t.txt"
    targets.write_text(f"{site.url('/')}\n{site.url('/bad')}\n", encoding="utf-8")
    code, out, _ = run(str(targets), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert [r["status"] for r in doc["results"]] == ["pass", "fail"]
    assert [r["target"] for r in doc["results"]] == [site.url("/"), site.url("/bad")]


def test_exit_3_when_only_errors(site: Server) -> None:
    code, _, _ = run("--site", site.url("/down"), "--retries", "0")
    assert code == 3


def test_ignore_and_strict(site: Server) -> None:
    assert run("--site", site.url("/bad"), "--ignore", "psb-icon-missing")[0] == 0
    legacy = GOOD.replace(
        "https://beian.mps.gov.cn/#/query/webSearch?code=",
        "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=",
    )
    site.routes["/legacy"] = response(200, legacy)
    assert run("--site", site.url("/legacy"))[0] == 0
    assert run("--site", site.url("/legacy"), "--strict")[0] == 1
    code, _, err = run("--site", site.url("/"), "--ignore", "no-such-code")
    assert code == 2 and "no-such-code" in err


def test_bad_targets_file_lists_every_bad_line_and_crawls_nothing(site: Server, tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(f"{site.url('/')}\nbad..name\n{site.url('/bad')} colour=red\n", encoding="utf-8")
    code, out, err = run(str(f))
    assert code == 2 and out == ""
    assert f"{f}:2: " in err and f"{f}:3: unknown key 'colour'" in err
    assert site.requests == []


def test_missing_file_and_non_utf8(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path / "nope.txt"))
    assert code == 2 and err.startswith(f"beian-check: {tmp_path / 'nope.txt'}: no such file or directory")
    assert err.count("\n") == 1
    f = tmp_path / "gbk.txt"
    f.write_bytes("example.com\n例子.中国\n".encode("gbk"))
    code, _, err = run(str(f))
    assert code == 2 and f"{f}:2: not UTF-8" in err
    assert run()[0] == 2


def test_stdin_and_output_file(site: Server, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("previous", encoding="utf-8")
    code, stdout, _ = run("-", "--format", "json", "--output", str(out), input=site.url("/") + "\n")
    assert code == 0 and stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["pass"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_directory_target_offline() -> None:
    code, out, _ = run(str(ROOT / "examples" / "site"), "--pages", "/about/", "--format", "json")
    assert code == 0, out
    doc = json.loads(out)
    assert doc["results"][0]["target"] == str(ROOT / "examples" / "site")
    assert doc["results"][0]["psb"]["icon"].endswith("examples/site/static/gongan.png")


def test_directory_with_broken_badge(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(GOOD.replace("/badge.png", "/static/nope.png"), encoding="utf-8")
    code, out, _ = run(str(tmp_path), "--format", "json")
    assert code == 1 and "psb-icon-broken" in out


def test_every_format_from_the_cli(site: Server) -> None:
    for fmt in ("text", "json", "jsonl", "junit", "csv", "markdown", "html"):
        code, out, _ = run("--site", site.url("/bad"), "--format", fmt)
        assert code == 1 and "psb-icon-missing" in out, fmt


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.mark.slow
def test_real_subprocess(site: Server) -> None:
    p = subprocess.run(
        [sys.executable, "-m", "beian_check", "--site", site.url("/bad"), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
    )
    assert p.returncode == 1 and p.stderr == ""
    assert json.loads(p.stdout)["findings"][0]["code"] == "psb-icon-missing"
    v = subprocess.run(
        [sys.executable, "-m", "beian_check", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
    )
    assert "0.2.0" in v.stdout


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_keeps_finished_results(tmp_path: Path, sig: signal.Signals) -> None:
    with Server({"/": response(200, GOOD), "/badge.png": PNG, "/slow": hang(30)}) as s:
        targets = tmp_path / "t.txt"
        targets.write_text(f"{s.url('/')}\n{s.url('/slow')}\n", encoding="utf-8")
        out = tmp_path / "r.json"
        out.write_text("old report", encoding="utf-8")
        p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "beian_check",
                str(targets),
                "--format",
                "json",
                "--output",
                str(out),
                "--timeout",
                "60",
            ],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 20
        while not any(r.path == "/slow" for r in s.requests) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        t0 = time.monotonic()
        p.send_signal(sig)
        _, err = p.communicate(timeout=20)
        assert time.monotonic() - t0 < 5
    assert p.returncode == 130
    assert "Traceback" not in err and "interrupted" in err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["summary"]["interrupted"] is True
    assert [r["target"] for r in doc["results"]] == [s.url("/")]


@pytest.mark.slow
def test_kill_9_leaves_previous_report(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text("old report\n", encoding="utf-8")
    kill_9_mid_crawl(out)
    assert out.read_text(encoding="utf-8") == "old report\n"


def test_workers_give_the_same_report_in_input_order(tmp_path: Path) -> None:
    with Server({"/": response(200, GOOD), "/bad": response(200, NOBADGE), "/badge.png": PNG}) as s:
        # Distinct hosts (localhost / 127.0.0.1 / ports) spread the targets over workers.
        lines = [
            f"http://127.0.0.1:{s.port}/?n={i}" if i % 3 else f"http://localhost:{s.port}/bad?n={i}"
            for i in range(24)
        ]
        targets = tmp_path / "t.txt"
        targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
        outs = []
        for workers in ("1", "3"):
            code, out, _ = run(str(targets), "--format", "jsonl", "--workers", workers)
            assert code == 1
            outs.append(out)
    assert outs[0] == outs[1]
    assert [json.loads(line)["target"] for line in outs[1].splitlines()] == lines


@pytest.mark.slow
def test_interrupt_with_workers_keeps_finished_results(tmp_path: Path) -> None:
    with Server({"/": response(200, GOOD), "/badge.png": PNG, "/slow": hang(30)}) as s:
        lines = [s.url(f"/?n={i}") for i in range(6)] + [s.url("/slow")]
        targets = tmp_path / "t.txt"
        targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = tmp_path / "r.jsonl"
        p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "beian_check",
                str(targets),
                "--format",
                "jsonl",
                "--output",
                str(out),
                "--timeout",
                "60",
                "--workers",
                "2",
            ],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 20
        while not any(r.path == "/slow" for r in s.requests) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=20)
    assert p.returncode == 130 and "Traceback" not in err
    got = [json.loads(line)["target"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert got == lines[:6]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's reaper may be slow, or absent in a container)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    with Server({"/slow": hang(30)}) as s:
        # One host for each worker (hosts are shared out by a hash), both resolved to the server.
        names = [f"http://w{i}.test:{s.port}/slow" for i in range(16)]
        plan = TargetPlan.build([("t", names)])
        lines = [next(n for n, h in zip(names, plan.hosts, strict=True) if h % 2 == k) for k in (0, 1)]
        targets = tmp_path / "t.txt"
        targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
        p = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "beian_check",
                str(targets),
                "--format",
                "jsonl",
                "--resolve",
                f"*:{s.port}:127.0.0.1",
                "--timeout",
                "60",
                "--workers",
                "2",
            ],
            env=_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        workers: list[int] = []
        try:
            deadline = time.monotonic() + 8
            while len(s.requests) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            workers = _children(p.pid)
            assert len(workers) == 2 and all(map(_running, workers))
            p.kill()  # SIGKILL: the parent runs no cleanup at all
            p.wait(5)
            deadline = time.monotonic() + 5
            while any(map(_running, workers)) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not any(map(_running, workers))
        finally:
            p.kill()
            for pid in workers:
                if _running(pid):
                    os.kill(pid, signal.SIGKILL)


def test_progress_bar_only_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from beian_check.cli import Progress
    from beian_check.model import TargetResult

    done = TargetResult("a.cn", "https://a.cn/", None, "pass")
    quiet = Progress(2, enabled=False)
    quiet.update(done)
    quiet.close()
    assert capsys.readouterr().err == ""
    bar = Progress(2, enabled=True)
    bar.update(done)
    bar.update(done)
    bar.close()
    err = capsys.readouterr().err
    assert "2/2" in err and "pass 2" in err and err.endswith("\n")


def test_directory_badge_named_by_absolute_site_url(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "beian.png").write_bytes(BADGE_PNG)
    page = GOOD.replace('src="/badge.png"', 'src="https://www.example.cn/img/beian.png"')
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    code, out, _ = run(str(tmp_path), "--format", "json")
    assert code == 0, out
    based = GOOD.replace("<html>", '<html><head><base href="https://www.example.cn/"></head>').replace(
        'src="/badge.png"', 'src="img/beian.png"'
    )
    (tmp_path / "index.html").write_text(based, encoding="utf-8")
    code, out, _ = run(str(tmp_path), "--format", "json")
    assert code == 0, out


@pytest.mark.slow
def test_jsonl_lines_are_written_as_targets_finish(tmp_path: Path) -> None:
    """SPEC §7: jsonl is written as each target finishes, not at the end of the run."""
    with Server({"/": response(200, GOOD), "/badge.png": PNG, "/slow": hang(30)}) as s:
        targets = tmp_path / "t.txt"
        targets.write_text(f"{s.url('/')}\n{s.url('/slow')}\n", encoding="utf-8")
        p = subprocess.Popen(
            [sys.executable, "-m", "beian_check", str(targets), "--format", "jsonl", "--timeout", "60"],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert p.stdout is not None
            first = p.stdout.readline()  # arrives while /slow still hangs
            assert json.loads(first)["target"] == s.url("/")
            assert p.poll() is None
        finally:
            p.kill()
            p.communicate(timeout=10)


def test_data_uri_badge_needs_no_request(site: Server) -> None:
    import base64

    page = GOOD.replace(
        'src="/badge.png"', 'src="data:image/png;base64,' + base64.b64encode(BADGE_PNG).decode() + '"'
    )
    site.routes["/inline"] = response(200, page)
    code, out, _ = run("--site", site.url("/inline"), "--format", "json")
    assert code == 0, out
    assert [r.path for r in site.requests] == ["/inline"]
    icon = json.loads(out)["results"][0]["psb"]["icon"]
    assert icon.startswith("data:image/png;base64,") and len(icon) <= 80


def test_ignore_applies_to_every_result(site: Server) -> None:
    assert run("--site", site.url("/down"), "--retries", "0")[0] == 3
    code, out, _ = run(
        "--site", site.url("/down"), "--retries", "0", "--ignore", "fetch-failed", "--format", "json"
    )
    assert code == 0 and json.loads(out)["results"][0]["findings"] == []
