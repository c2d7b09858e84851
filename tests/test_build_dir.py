"""Build directories as the CI gate checks them: what the deployed HTTPS site will load."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from beian_check.cli import main

FOOTER = ('<footer class="footer"><a href="//beian.miit.gov.cn/">京ICP备2021017352号-2</a> '
          '<a href="//beian.mps.gov.cn/#/query/webSearch?code=11010502030143">'
          '<img src="//www.beian.gov.cn/img/new/gongan.png">京公网安备11010502030143号</a></footer>')


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
