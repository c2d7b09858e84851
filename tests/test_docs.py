"""The reference in docs/ stands alone: every relative link in the README and docs/ points
to a file of the repository (and a heading in it), and the finding-code tables of the
README and docs/rules.md are the same table, listing exactly the codes the tool emits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from beian_check.model import CODES

from .conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _anchors(text: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes."""
    out = set()
    for heading in re.findall(r"^#+ (.+)$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        out.add(slug)
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for target in _LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        assert dest.is_relative_to(ROOT), f"{page.name}: {target} leaves the repository"
        assert dest.exists(), f"{page.name}: {target} does not exist"
        if anchor and dest.suffix == ".md":
            assert anchor in _anchors(dest.read_text(encoding="utf-8")), f"{page.name}: {target}"


def _code_table(text: str) -> list[str]:
    return re.findall(r"^\| `[a-z-]+` \| (?:error|warning|error-status) \|.*$", text, re.M)


def test_code_tables_agree_and_are_complete() -> None:
    readme = _code_table((ROOT / "README.md").read_text(encoding="utf-8"))
    rules = _code_table((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    assert sorted(readme) == sorted(rules)
    assert [re.match(r"\| `([a-z-]+)`", row).group(1) for row in rules] == list(CODES)  # type: ignore[union-attr]


def test_docs_name_nothing_outside_the_repository() -> None:
    for page in PAGES:
        assert "../" + "shared" not in page.read_text(encoding="utf-8"), page
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "SPEC.md" not in readme


_EXPECTED = re.compile(r"\b(icp|psb)=([^\s`'\"|,)]+)")


def test_documented_expected_numbers_are_accepted() -> None:
    """Every icp=/psb= example a user may copy from the README or docs/ parses: an example
    that our own placeholder rule rejects (京ICP备12345678号) would fail on first use."""
    from beian_check.numbers import parse_expected_icp, parse_expected_psb

    seen = 0
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for key, value in _EXPECTED.findall(page.read_text(encoding="utf-8")):
            if "…" in value or "<" in value or value.startswith(("CODE", "京ICP备NNN")):
                continue
            seen += 1
            (parse_expected_icp if key == "icp" else parse_expected_psb)(value)
    assert seen >= 3
