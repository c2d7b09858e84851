"""Shared test helpers: a respx-backed crawl, fixture pages, and real loopback servers."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import shlex
from pathlib import Path

import httpx
import pytest
import respx

from beian_check.crawl import Crawler
from beian_check.model import TargetResult
from beian_check.net import Fetcher, build_transports
from beian_check.settings import Settings
from beian_check.targets import parse_line

ROOT = Path(__file__).resolve().parent.parent
if ROOT.name == "mutants":  # mutmut runs a copy of tests/ there: data stays in the repository
    ROOT = ROOT.parent
FIXTURES = ROOT / "fixtures"
BADGE_PNG = (FIXTURES / "badge.png").read_bytes()
TODAY = dt.date(2026, 11, 27)


def site_router(pages: dict[str, bytes | str], host: str = "fixture.test") -> respx.Router:
    """A mocked site: the given pages, real PNGs for images, 404 for /static/missing.png and
    an HTML soft-404 for /static/soft404.png."""
    router = respx.Router(assert_all_called=False)
    router.get(f"http://{host}/static/missing.png").respond(404, text="not found")
    router.get(f"http://{host}/static/soft404.png").respond(200, html="<html><body>页面不存在</body></html>")
    for path, body in pages.items():
        # Text is served as UTF-8; bytes as a server that names no charset serves them
        # (the page's <meta charset> decides: GBK company sites).
        content, ctype = (
            (body.encode("utf-8"), "text/html; charset=utf-8")
            if isinstance(body, str)
            else (body, "text/html")
        )
        router.get(f"http://{host}{path}").respond(200, content=content, headers={"content-type": ctype})
    router.route(method="GET", url__regex=r".*\.(png|gif|jpg|jpeg)$").respond(
        200, content=BADGE_PNG, headers={"content-type": "image/png"}
    )
    router.route().respond(404, text="no route")
    return router


async def crawl_with(router: respx.Router, line: str, settings: Settings | None = None) -> TargetResult:
    settings = settings or Settings(retries=0, timeout=5)
    target = parse_line(line, "test:1")
    assert target is not None
    async with build_transports(settings, httpx.MockTransport(router.async_handler)) as transports:
        crawler = Crawler(Fetcher(transports, settings), settings, TODAY)
        return await crawler.check(target)


def check_page(
    html: str, fields: str = "", settings: Settings | None = None, encoding: str = ""
) -> TargetResult:
    """``encoding``: serve the page in that encoding, with no charset in Content-Type."""
    router = site_router({"/": html.encode(encoding) if encoding else html})
    return asyncio.run(crawl_with(router, f"http://fixture.test/ {fields}".strip(), settings))


_EXPECT = re.compile(r"<!--\s*expect\s+(.*?)-->")


def fixture_cases() -> list[tuple[str, str, dict[str, str]]]:
    out = []
    for path in sorted((FIXTURES / "pages").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        m = _EXPECT.search(text.splitlines()[0])
        assert m, f"{path.name}: first line must be an <!-- expect ... --> comment"
        meta = dict(item.split("=", 1) for item in shlex.split(m.group(1)))
        out.append((path.stem, text, meta))
    return out


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests set the proxies they test; the machine's own never leak in."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under mutmut (a mutant active), the quickest tests first, by the durations mutmut
    measured: a mutant then fails in a unit test instead of after the end-to-end tests
    that happen to sort earlier by name. The suite's own runs keep their order."""
    stats = Path("mutmut-stats.json")
    if os.environ.get("MUTANT_UNDER_TEST", "") in ("", "stats") or not stats.exists():
        return
    durations = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
    items.sort(key=lambda item: durations.get(item.nodeid, 0.0))
