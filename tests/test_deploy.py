"""The two documented ways to run shards, tested offline: the Kubernetes Indexed Job is
valid against the Kubernetes schema, the GitHub Actions workflow parses, and the shell
each of them runs works: run here against the farm's sites, it gives the report one run
over all the targets gives."""

from __future__ import annotations

import copy
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from .conftest import ROOT
from .farm import HOSTS, NOBADGE, Farm, farm
from .test_notify import Hook

JOB = ROOT / "deploy" / "k8s" / "beian-check-job.yaml"
MERGE = ROOT / "deploy" / "k8s" / "beian-check-merge.yaml"
WORKFLOW = ROOT / "examples" / "github-shards.yml"
README = (ROOT / "README.md").read_text(encoding="utf-8")
# http:// URLs: the farm's proxy speaks plain HTTP only, and a bare domain is tried over
# HTTPS first (retried, then given up) before HTTP.
TARGETS = "".join(f"http://{host}/\n" for host in HOSTS)


def _docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


@pytest.mark.parametrize("version", ["1.31", "1.33", kubernetes_validate.latest_version()])
def test_manifests_are_valid_kubernetes(version: str) -> None:
    docs = _docs(JOB) + _docs(MERGE)
    assert [d["kind"] for d in docs] == ["PersistentVolumeClaim", "Job", "Job"]
    for doc in docs:
        kubernetes_validate.validate(doc, version, strict=True)
    # The validator is not vacuous: a misspelt field and a wrong type are refused.
    broken = copy.deepcopy(docs[1])
    broken["spec"]["completionsMode"] = broken["spec"].pop("completionMode")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, version, strict=True)
    broken = copy.deepcopy(docs[1])
    broken["spec"]["completions"] = "four"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, version, strict=True)


def _shard_job() -> tuple[dict[str, Any], dict[str, Any]]:
    job = _docs(JOB)[1]
    return job, job["spec"]["template"]["spec"]["containers"][0]


def test_indexed_job_shards_agree() -> None:
    job, container = _shard_job()
    spec = job["spec"]
    shards = int(next(e["value"] for e in container["env"] if e["name"] == "SHARDS"))
    assert spec["completionMode"] == "Indexed" and spec["completions"] == spec["parallelism"] == shards
    assert (
        '--shard "$K/$SHARDS"' in container["args"][0] and "JOB_COMPLETION_INDEX + 1" in container["args"][0]
    )
    pvc = _docs(JOB)[0]["metadata"]["name"]
    merge = _docs(MERGE)[0]["spec"]["template"]["spec"]
    claims = {
        v["persistentVolumeClaim"]["claimName"]
        for s in (job["spec"]["template"]["spec"], merge)
        for v in s["volumes"]
        if "persistentVolumeClaim" in v
    }
    assert claims == {pvc}
    rule = _docs(MERGE)[0]["spec"]["podFailurePolicy"]["rules"][0]
    assert rule["action"] == "FailJob" and rule["onExitCodes"]["values"] == [1, 3]


def _bin(tmp: Path) -> dict[str, str]:
    """A PATH with beian-check on it (this checkout), and the farm's proxy for the sites."""
    bindir = tmp / "bin"
    bindir.mkdir()
    exe = bindir / "beian-check"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m beian_check "$@"\n', encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    return env | {"PATH": f"{bindir}{os.pathsep}{env['PATH']}", "PYTHONPATH": str(ROOT)}


def _sh(script: str, cwd: Path, env: dict[str, str], shell: str = "sh") -> int:
    p = subprocess.run(
        [shell, "-e", "-c", script] if shell == "bash" else [shell, "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in p.stderr, p.stderr
    return p.returncode


def _proxied(env: dict[str, str], f: Farm) -> dict[str, str]:
    # The sites through the farm's proxy; the team's webhook (127.0.0.1) directly.
    return env | {"HTTP_PROXY": f.server.proxy, "HTTPS_PROXY": f.server.proxy, "NO_PROXY": "127.0.0.1"}


def _single_run(f: Farm, targets: str, *extra: str) -> dict[str, Any]:
    from .farm import cli

    out = cli(targets, "--format", "json", "--proxy", f.server.proxy, "--retries", "2", *extra)[1]
    return json.loads(out)


def _results(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return doc["results"]


def test_indexed_job_and_merge_job_scripts_run(tmp_path: Path) -> None:
    """One night with last night's report on the volume: every pod's script, then the merge
    Job's, as the pods would run them (the image already has beian-check)."""
    job, container = _shard_job()
    shards = int(next(e["value"] for e in container["env"] if e["name"] == "SHARDS"))
    merge = _docs(MERGE)[0]["spec"]["template"]["spec"]["containers"][0]

    def local(script: str) -> str:
        return (
            script.replace("pip install", ": pip install")
            .replace("/config/", f"{tmp_path}/config/")
            .replace("/reports", f"{tmp_path}/reports")
        )

    (tmp_path / "config").mkdir()
    reports = tmp_path / "reports"
    reports.mkdir()
    targets = tmp_path / "config" / "targets.txt"
    targets.write_text(TARGETS, encoding="utf-8")
    hook = Hook()
    hook.thread.start()
    try:
        with farm(tmp_path, bad=("beta.example.net",)) as f:
            (reports / "report.json").write_text(json.dumps(_single_run(f, str(targets))), encoding="utf-8")
            f.page("lambda.example.app", NOBADGE)
            env = _proxied(_bin(tmp_path), f) | {"SHARDS": str(shards), "NOTIFY_URL": hook.url()}
            for index in range(shards):
                assert (
                    _sh(local(container["args"][0]), tmp_path, env | {"JOB_COMPLETION_INDEX": str(index)})
                    == 0
                )
            assert len(list(reports.glob("shard-*.jsonl"))) == shards
            assert _sh(local(merge["args"][0]), tmp_path, env) == 1  # a new failure
            single = _single_run(f, str(targets), "--baseline", str(reports / "baseline.json"))
    finally:
        hook.server.shutdown()
        hook.server.server_close()
    assert _results(json.loads((reports / "report.json").read_text(encoding="utf-8"))) == _results(single)
    assert list(reports.glob("shard-*.jsonl")) == []  # merged: cleared for tomorrow
    assert [m["title"] for m in hook.received] == ["beian-check: 1 new problem(s), 0 fixed"]
    assert hook.received[0]["message"].endswith("- http://lambda.example.app/ (fail): psb-icon-missing")


def _workflow() -> dict[str, Any]:
    doc = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def test_workflow_parses_and_its_matrix_covers_every_shard() -> None:
    doc = _workflow()
    assert "schedule" in doc[True] and "workflow_dispatch" in doc[True]  # YAML reads `on:` as True
    shard, merge = doc["jobs"]["shard"], doc["jobs"]["merge"]
    matrix = shard["strategy"]["matrix"]["shard"]
    runs = "\n".join(s.get("run", "") for s in shard["steps"])
    n = int(re.search(r"--shard \$\{\{ matrix\.shard \}\}/(\d+)", runs).group(1))  # type: ignore[union-attr]
    assert matrix == list(range(1, n + 1))
    assert shard["strategy"]["fail-fast"] is False
    assert merge["needs"] == "shard"
    uses = [s.get("uses", "").split("@")[0] for s in merge["steps"]]
    assert "actions/download-artifact" in uses
    upload = next(s for s in shard["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    download = next(s for s in merge["steps"] if s.get("uses", "").startswith("actions/download-artifact"))
    assert upload["with"]["name"] == "shard-${{ matrix.shard }}" and download["with"]["pattern"] == "shard-*"
    restore = next(s for s in merge["steps"] if s.get("uses", "").startswith("actions/cache/restore"))
    save = next(s for s in merge["steps"] if s.get("uses", "").startswith("actions/cache/save"))
    assert restore["with"]["path"] == save["with"]["path"]  # a cache is only found under its own path


def _beian_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("beian-check ")]


def test_workflow_and_manifest_commands_are_the_documented_ones() -> None:
    doc = _workflow()
    steps = doc["jobs"]["shard"]["steps"] + doc["jobs"]["merge"]["steps"]
    commands = [c for s in steps for c in _beian_lines(s.get("run", ""))]
    commands += _beian_lines(_shard_job()[1]["args"][0])
    commands += _beian_lines(_docs(MERGE)[0]["spec"]["template"]["spec"]["containers"][0]["args"][0])
    assert len(commands) == 5
    for command in commands:
        assert command in README, command


def test_workflow_steps_run(tmp_path: Path) -> None:
    """The first night (no baseline yet): every matrix job's shell, the artifacts passed
    on, then the merge job's steps, in bash -e as GitHub runs them."""
    doc = _workflow()
    shard_steps = [s["run"] for s in doc["jobs"]["shard"]["steps"] if "beian-check " in s.get("run", "")]
    merge_steps = [s for s in doc["jobs"]["merge"]["steps"] if "beian-check " in s.get("run", "")]
    n = len(doc["jobs"]["shard"]["strategy"]["matrix"]["shard"])
    work = tmp_path / "work"
    (work / "shards").mkdir(parents=True)
    (work / "targets.txt").write_text(TARGETS, encoding="utf-8")
    hook = Hook()
    hook.thread.start()
    try:
        with farm(tmp_path, bad=("beta.example.net",)) as f:
            env = _proxied(_bin(tmp_path), f) | {"GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
            for k in range(1, n + 1):  # the matrix, then upload- and download-artifact
                for script in shard_steps:
                    assert _sh(script.replace("${{ matrix.shard }}", str(k)), work, env, "bash") == 0
                (work / f"shard-{k}.jsonl").rename(work / "shards" / f"shard-{k}.jsonl")
            codes = [
                _sh(step["run"], work, env | {k: hook.url() for k in step.get("env", {})}, "bash")
                for step in merge_steps
            ]
            single = _single_run(f, str(work / "targets.txt"))
    finally:
        hook.server.shutdown()
        hook.server.server_close()
    assert codes == [0, 1]  # the summary step never fails; the merge step is the verdict
    assert _results(json.loads((work / "baseline" / "report.json").read_text(encoding="utf-8"))) == _results(
        single
    )
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## beian-check") and "| ❌ fail | `http://beta.example.net/` |" in summary
    assert [m["title"] for m in hook.received] == [
        f"beian-check: 1 failing, 0 not checkable, of {len(HOSTS)}"
    ]
