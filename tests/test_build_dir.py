"""Build directories as the CI gate checks them: what the deployed HTTPS site will load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from beian_check.cli import main

from .conftest import ROOT

FOOTER = (
    '<footer class="footer"><a href="//beian.miit.gov.cn/">京ICP备2021017352号-2</a> '
    '<a href="//beian.mps.gov.cn/#/query/webSearch?code=11010502030143">'
    '<img src="//www.beian.gov.cn/img/new/gongan.png">京公网安备11010502030143号</a></footer>'
)


def test_protocol_relative_badge_and_links_in_a_build_are_https(tmp_path: Path) -> None:
    page = f"<!doctype html><html><body><main>内容</main>{FOOTER}</body></html>"
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    r = CliRunner().invoke(main, [str(tmp_path), "--format", "json"])
    result = json.loads(r.stdout)["results"][0]
    codes = [f["code"] for f in result["findings"]]
    # The badge is on another host: not fetched from a build, so unverified, never broken.
    assert result["status"] == "pass" and codes == ["psb-icon-unverified"], result["findings"]
    assert result["psb"]["icon"] == "https://www.beian.gov.cn/img/new/gongan.png"
    assert result["icp"]["link"] == "https://beian.miit.gov.cn/"


def _write(directory: Path, footer: str) -> Any:
    page = f"<!doctype html><html><body><main>内容</main>{footer}</body></html>"
    (directory / "index.html").write_text(page, encoding="utf-8")
    r = CliRunner().invoke(main, [str(directory), "--format", "json"])
    return json.loads(r.stdout)["results"][0]


def test_a_build_for_a_base_path_finds_its_badge_without_the_base(tmp_path: Path) -> None:
    # Hexo root: /blog/, VuePress base, Docusaurus baseUrl: the pages name /blog/img/x.png,
    # the build holds img/x.png.
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "police_beian.png").write_bytes((ROOT / "fixtures" / "badge.png").read_bytes())
    footer = FOOTER.replace("//www.beian.gov.cn/img/new/gongan.png", "/blog/img/police_beian.png")
    result = _write(tmp_path, footer)
    assert result["status"] == "pass" and result["findings"] == [], result["findings"]
    assert result["psb"]["icon"].endswith("/img/police_beian.png")
    result = _write(tmp_path, footer.replace("police_beian.png", "nowhere.png"))
    assert [f["code"] for f in result["findings"]] == ["psb-icon-broken"]
