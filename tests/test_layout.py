"""The layout rules a newcomer relies on: no module of the package over 400 lines (one
sitting's read), and nothing in the repository that points outside it."""

from __future__ import annotations

import subprocess

from .conftest import ROOT


def test_no_module_over_400_lines() -> None:
    sizes = {
        p.relative_to(ROOT).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in (ROOT / "beian_check").rglob("*.py")
    }
    assert len(sizes) > 40
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_no_tracked_file_points_outside_the_repository() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=False)
    if tracked.returncode != 0:  # not a git checkout (an sdist): nothing to check
        return
    offenders = []
    for name in tracked.stdout.splitlines():
        path = ROOT / name
        if path.suffix in {".png", ".gif", ".jpg", ".ico", ".webp"} or not path.is_file():
            continue
        if "../" + "shared" in path.read_text(encoding="utf-8", errors="replace"):
            offenders.append(name)
    assert offenders == []
