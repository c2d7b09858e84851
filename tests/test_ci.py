"""beian-check at home in CI: the composite Action's YAML parses and its run steps are the
commands the README documents (and the check step, run as GitHub runs it, writes the job
summary and fails by the exit status); the pre-commit hook runs as pre-commit invokes it;
the README's GitLab job is valid YAML whose command works."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
SITE = ROOT / "examples" / "site"


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def _shim(tmp: Path) -> dict[str, str]:
    """A PATH whose beian-check is this checkout, as the Action's venv would provide."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    exe = bin_dir / "beian-check"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m beian_check "$@"\n', encoding="utf-8")
    exe.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(PATH=f"{bin_dir}:{env.get('PATH', '')}", PYTHONPATH=str(ROOT), LANG="C.UTF-8")
    return env


def test_action_is_composite_and_documented() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"targets", "options", "lang", "python-version"}
    steps = ACTION["runs"]["steps"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    runs = [step["run"] for step in steps if "run" in step]
    assert len(runs) == 2 and all(step.get("shell") == "bash" for step in steps if "run" in step)
    documented = _blocks("sh")
    for run in runs:
        assert run in documented, run
    # Inputs reach the script as environment variables, never pasted into it (injection).
    check = steps[-1]
    assert "${{" not in check["run"]
    assert check["env"] == {
        "TARGETS": "${{ inputs.targets }}",
        "OPTIONS": "${{ inputs.options }}",
        "REPORT_LANG": "${{ inputs.lang }}",
    }


def _run_check_step(tmp: Path, env: dict[str, str], targets: str, options: str = "") -> tuple[int, str]:
    summary = tmp / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    env = dict(
        env,
        TARGETS=targets,
        OPTIONS=options,
        REPORT_LANG="zh",
        RUNNER_TEMP=str(tmp),
        GITHUB_STEP_SUMMARY=str(summary),
    )
    step = ACTION["runs"]["steps"][-1]["run"]
    # GitHub runs a bash step as: bash --noprofile --norc -eo pipefail {0}
    p = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp,
    )
    return p.returncode, summary.read_text(encoding="utf-8")


def test_the_check_step_writes_the_summary_and_fails_by_exit_status(tmp_path: Path) -> None:
    env = _shim(tmp_path)
    code, summary = _run_check_step(tmp_path, env, str(SITE), "--pages /about/")
    assert code == 0, summary
    assert summary.startswith("earlier step\n## beian-check 备案检查报告") and "✅ 通过" in summary
    broken = tmp_path / "public"
    shutil.copytree(SITE, broken)
    (broken / "static" / "gongan.png").unlink()
    code, summary = _run_check_step(tmp_path, env, "public/")
    assert code == 1 and "❌ 不通过" in summary and "`psb-icon-broken`" in summary
    code, summary = _run_check_step(tmp_path, env, "public/", "--no-such-option")
    assert code == 2 and summary == "earlier step\n"


def test_pre_commit_hook_runs_as_pre_commit_invokes_it(tmp_path: Path) -> None:
    (hook,) = HOOKS
    assert hook["id"] == "beian-check" and hook["language"] == "python" and hook["pass_filenames"] is False
    config = yaml.safe_load(next(b for b in _blocks("yaml") if "pre-commit-config" in b))
    (user,) = config["repos"][0]["hooks"]
    assert user["id"] == hook["id"]
    env = _shim(tmp_path)
    repo = tmp_path / "site-repo"
    shutil.copytree(SITE, repo / "public")
    # pre-commit runs: entry + args (+ file names, not passed here), in the repository root.
    argv = shlex.split(hook["entry"]) + hook.get("args", []) + user["args"]
    p = subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    # With no args the hook reads the targets of beian-check.toml.
    (repo / "beian-check.toml").write_text('targets = ["public/"]\npages = ["/about/"]\n', encoding="utf-8")
    (repo / "public" / "about" / "index.html").write_text("<html><body>关于</body></html>", encoding="utf-8")
    argv = shlex.split(hook["entry"]) + hook.get("args", [])
    p = subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and "page-inconsistent" in p.stdout  # a warning: shown, not failed
    p = subprocess.run(argv + ["--strict"], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    assert p.returncode == 1


def test_gitlab_job(tmp_path: Path) -> None:
    job = yaml.safe_load(next(b for b in _blocks("yaml") if "artifacts:" in b))["beian-check"]
    assert job["artifacts"]["reports"]["junit"] == "beian-check.xml"
    install, check = job["script"]
    assert "pip install" in install
    shutil.copytree(SITE, tmp_path / "public")
    p = subprocess.run(
        check, shell=True, cwd=tmp_path, env=_shim(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert p.returncode == 0, p.stderr
    assert "<testsuite " in (tmp_path / "beian-check.xml").read_text(encoding="utf-8")
