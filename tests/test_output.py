"""--output as a Unix tool writes: atomic for regular files (kill -9 safe), the old mode
kept, the umask obeyed for new files, symlinks written through, descriptors and pipes
written as they are."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from beian_check.cli import main
from beian_check.output import AtomicFile, open_output

from .conftest import ROOT
from .servers import kill_9_mid_crawl

SITE = str(ROOT / "examples" / "site")


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def run(*args: str) -> int:
    return CliRunner().invoke(main, [SITE, "--format", "json", *args]).exit_code


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_new_report_gets_the_usual_mode_under_the_umask(tmp_path: Path, umask: None) -> None:
    out = tmp_path / "r.json"
    assert run("-o", str(out)) == 0
    assert _mode(out) == 0o644 and json.loads(out.read_text(encoding="utf-8"))["summary"]["pass"] == 1
    os.umask(0o007)
    other = tmp_path / "s.json"
    assert run("-o", str(other)) == 0
    assert _mode(other) == 0o660


def test_existing_report_keeps_its_mode(tmp_path: Path, umask: None) -> None:
    out = tmp_path / "r.json"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    assert run("-o", str(out)) == 0
    assert _mode(out) == 0o640 and out.read_text(encoding="utf-8") != "old"
    out.chmod(0o604)
    assert run("-o", str(out)) == 0
    assert _mode(out) == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_symlink_is_written_through(tmp_path: Path, umask: None) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    target = reports / "2026-11-27.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert run("-o", str(link)) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["targets"] == 1
    assert _mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.json", "reports"]
    assert sorted(p.name for p in reports.iterdir()) == ["2026-11-27.json"]
    dangling = tmp_path / "next.json"
    dangling.symlink_to(reports / "new.json")
    assert run("-o", str(dangling)) == 0
    assert dangling.is_symlink() and (reports / "new.json").is_file()


@pytest.mark.slow
def test_dev_stdout_keeps_the_shells_append(tmp_path: Path) -> None:
    log = tmp_path / "log"
    log.write_text("earlier line\n", encoding="utf-8")
    with open(log, "a", encoding="utf-8") as f:
        argv = [sys.executable, "-m", "beian_check", SITE, "--format", "jsonl", "-o", "/dev/stdout"]
        p = subprocess.run(argv, stdout=f, stderr=subprocess.PIPE, env=_env(), timeout=60)
    assert p.returncode == 0, p.stderr
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "earlier line" and json.loads(lines[1])["status"] == "pass"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["log"]


@pytest.mark.slow
def test_pipe_and_fifo_are_written_directly(tmp_path: Path) -> None:
    p = subprocess.run(
        [sys.executable, "-m", "beian_check", SITE, "--format", "json", "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
    )
    assert p.returncode == 0 and json.loads(p.stdout)["summary"]["pass"] == 1
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    assert run("-o", str(fifo)) == 0
    reader.join(10)
    assert json.loads(got[0])["summary"]["pass"] == 1
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert run("-o", os.devnull) == 0


def test_open_output_kinds(tmp_path: Path) -> None:
    sink = open_output(str(tmp_path / "new.txt"))
    assert isinstance(sink, AtomicFile)
    sink.discard()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(IsADirectoryError):
        open_output(str(tmp_path))
    code = CliRunner().invoke(main, [SITE, "-o", str(tmp_path)])
    assert code.exit_code == 2 and code.stderr.startswith(f"beian-check: {tmp_path}: cannot write")
    code = CliRunner().invoke(main, [SITE, "-o", str(tmp_path / "no" / "such" / "dir.json")])
    assert code.exit_code == 2 and "cannot write" in code.stderr


@pytest.mark.slow
def test_kill_9_leaves_the_symlinked_report(tmp_path: Path) -> None:
    target = tmp_path / "real.jsonl"
    target.write_text("old report\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    kill_9_mid_crawl(link)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "old report\n"
