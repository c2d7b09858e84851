"""The crawler against real servers on 127.0.0.1, through the real aiohttp transport:
redirects, fallbacks, proxies, charsets, badges, timeouts, caps and retries."""

from __future__ import annotations

import asyncio
import time

import pytest

from beian_check.crawl import Crawler
from beian_check.messages import Text
from beian_check.model import TargetResult
from beian_check.net import Fetcher, build_transports
from beian_check.settings import Settings
from beian_check.targets import parse_line

from .conftest import BADGE_PNG, TODAY
from .servers import (
    Server,
    big_headers,
    black_hole,
    closed_port,
    flaky,
    gzip_bomb,
    hang,
    huge,
    redirect,
    reset,
    response,
    trickle,
)

GOOD = (
    '<html><head><meta charset="utf-8"></head><body><p>正文</p><footer class="footer">'
    '<a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a> <img src="/badge.png">'
    '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备11010502030143号</a>'
    "</footer></body></html>"
)
PNG = response(200, BADGE_PNG, "image/png")
FAST = Settings(timeout=2, connect_timeout=2, deadline=10, retries=0, backoff=0.05)


async def _check(line: str, settings: Settings) -> TargetResult:
    target = parse_line(line, "t:1")
    assert target is not None
    async with build_transports(settings) as transports:
        return await Crawler(Fetcher(transports, settings), settings, TODAY).check(target)


def check(line: str, settings: Settings = FAST) -> TargetResult:
    return asyncio.run(_check(line, settings))


def codes(r: TargetResult) -> list[str]:
    return [f.code for f in r.findings]


def failed(r: TargetResult) -> str:
    """The kind of a fetch-failed result, as its catalogue key says it ("fetch.refused")."""
    assert r.status == "error" and codes(r) == ["fetch-failed"], r.findings
    reason = dict(r.findings[0].args)["reason"]
    assert isinstance(reason, Text)
    return reason.key


def test_pass_with_badge_loaded_over_http() -> None:
    with Server({"/": response(200, GOOD), "/badge.png": PNG}) as s:
        r = check(s.url("/"))
    assert r.status == "pass", r.findings
    assert r.psb is not None and r.psb.icon == s.url("/badge.png")
    assert any(req.path == "/badge.png" for req in s.requests)
    ua = s.requests[0].headers["user-agent"]
    assert ua.startswith("beian-check/0.2.0")


def test_broken_badge_404() -> None:
    with Server({"/": response(200, GOOD)}) as s:
        r = check(s.url("/"))
    assert r.status == "fail" and "psb-icon-broken" in codes(r)


def test_badge_fetched_once_for_many_targets() -> None:
    page = GOOD.replace('src="/badge.png"', 'src="http://127.0.0.1:{port}/badge.png"')
    with Server() as s:
        s.routes.update(
            {
                "/badge.png": PNG,
                "/a": response(200, page.format(port=s.port)),
                "/b": response(200, page.format(port=s.port)),
            }
        )

        async def both() -> list[TargetResult]:
            async with build_transports(FAST) as transports:
                crawler = Crawler(Fetcher(transports, FAST), FAST, TODAY)
                out = []
                for path in ("/a", "/b"):
                    t = parse_line(s.url(path))
                    assert t is not None
                    out.append(await crawler.check(t))
                return out

        results = asyncio.run(both())
    assert [r.status for r in results] == ["pass", "pass"]
    assert sum(1 for req in s.requests if req.path == "/badge.png") == 1


def test_redirect_chain_reports_final_url() -> None:
    with Server() as s:
        s.routes.update(
            {
                "/": redirect("/step", 301),
                "/step": redirect(s.url("/home"), 302),
                "/home": response(200, GOOD),
                "/badge.png": PNG,
            }
        )
        r = check(s.url("/"))
    assert r.status == "pass"
    assert r.url == s.url("/") and r.final_url == s.url("/home")
    assert "page-redirect-offsite" not in codes(r)


def test_redirect_loop_is_fetch_failed() -> None:
    with Server({"/a": redirect("/b"), "/b": redirect("/a")}) as s:
        r = check(s.url("/a"))
    assert failed(r) == "fetch.redirect-loop"


def test_too_many_redirects() -> None:
    routes = {f"/r{i}": redirect(f"/r{i + 1}") for i in range(15)}
    with Server(routes) as s:
        r = check(s.url("/r0"))
    assert failed(r) == "fetch.too-many-redirects"
    assert r.findings[0].message() == (
        "The home page could not be fetched: too many redirects (more than 10)."
    )
    assert len([q for q in s.requests if q.path.startswith("/r")]) == 11


@pytest.mark.slow
def test_bare_domain_falls_back_from_https_to_http() -> None:
    with Server({"/": response(200, GOOD), "/badge.png": PNG}) as s:
        r = check(f"localhost:{s.port}")
    assert r.status == "pass", r.findings
    assert r.final_url == f"http://localhost:{s.port}/"


@pytest.mark.slow
def test_url_target_is_fetched_as_given_without_fallback() -> None:
    with Server({"/": response(200, GOOD)}) as s:
        r = check(f"https://127.0.0.1:{s.port}/")
    assert failed(r) == "fetch.connect-timeout"  # a plain server never answers a TLS hello
    assert not any(req.method == "GET" and req.path == "/" for req in s.requests)


def test_gbk_page_without_declared_charset() -> None:
    with Server(
        {
            "/": response(200, GOOD.replace('<meta charset="utf-8">', "").encode("gbk"), "text/html"),
            "/badge.png": PNG,
        }
    ) as s:
        r = check(s.url("/"))
    assert r.status == "pass", r.findings
    assert r.icp is not None and r.icp.text == "京ICP备2021017352号-2"


def test_gb2312_meta_and_gbk_header() -> None:
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    page = GOOD.replace('<meta charset="utf-8">', meta)
    with Server(
        {
            "/": response(200, page.encode("gb18030"), "text/html"),
            "/x": response(
                200, GOOD.replace('<meta charset="utf-8">', "").encode("gbk"), "text/html; charset=GBK"
            ),
            "/badge.png": PNG,
        }
    ) as s:
        assert check(s.url("/")).status == "pass"
        assert check(s.url("/x")).status == "pass"


def test_http_proxy_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    with Server({"site.test/": response(200, GOOD), "site.test/badge.png": PNG}) as s:
        monkeypatch.setenv("HTTP_PROXY", s.proxy)
        r = check("http://site.test/")
        assert r.status == "pass", r.findings
        assert all(req.proxied and req.host == "site.test" for req in s.requests)
        assert {req.path for req in s.requests} == {"/", "/badge.png"}
        # NO_PROXY sends site.test direct, where it does not resolve.
        monkeypatch.setenv("NO_PROXY", "site.test")
        r = check("http://site.test/")
        assert r.status == "error"


def test_proxy_option_overrides_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # discard port: nothing listens
    with Server({"site.test/": response(200, GOOD), "site.test/badge.png": PNG}) as s:
        r = check("http://site.test/", Settings(timeout=2, retries=0, proxy=s.proxy))
    assert r.status == "pass"
    assert s.requests and all(req.proxied for req in s.requests)


@pytest.mark.slow
def test_read_timeout_is_bounded() -> None:
    with Server({"/": hang(20)}) as s:
        t0 = time.monotonic()
        r = check(s.url("/"), Settings(timeout=0.5, connect_timeout=0.5, retries=0))
    assert time.monotonic() - t0 < 5
    assert failed(r) == "fetch.read-timeout"
    assert "read timeout" in r.findings[0].message() and "0.5 s" in r.findings[0].message()


@pytest.mark.slow
def test_trickling_body_is_cut_after_three_timeouts() -> None:
    with Server({"/": trickle(400, 0.05)}) as s:
        t0 = time.monotonic()
        r = check(s.url("/"), Settings(timeout=0.5, deadline=30, retries=0))
    assert time.monotonic() - t0 < 5
    assert failed(r) == "fetch.slow-body"


@pytest.mark.slow
def test_trickling_server_hits_the_target_deadline() -> None:
    with Server({"/": trickle(400, 0.05)}) as s:
        t0 = time.monotonic()
        r = check(s.url("/"), Settings(timeout=2, deadline=1.5, retries=0))
    assert time.monotonic() - t0 < 6
    assert failed(r) == "fetch.deadline"


def test_body_cap() -> None:
    with Server({"/": huge(8 * 1024 * 1024)}) as s:
        r = check(s.url("/"), Settings(timeout=5, retries=0, max_bytes=1024 * 1024))
    assert failed(r) == "fetch.too-large"


def test_gzip_bomb_is_capped_after_decompression() -> None:
    with Server({"/": gzip_bomb(64 * 1024 * 1024)}) as s:
        r = check(s.url("/"), Settings(timeout=5, retries=0, max_bytes=2 * 1024 * 1024))
    assert failed(r) == "fetch.too-large"


def test_connection_reset() -> None:
    with Server({"/": reset()}) as s:
        r = check(s.url("/"))
    assert failed(r) == "fetch.dropped"


def test_oversized_headers() -> None:
    with Server({"/": big_headers(200 * 1024)}) as s:
        r = check(s.url("/"))
    assert failed(r) == "fetch.headers-too-large"


def test_503_then_recovers_with_retries() -> None:
    handler = flaky(2, response(200, GOOD))
    with Server({"/": handler, "/badge.png": PNG}) as s:
        r = check(s.url("/"), Settings(timeout=2, retries=2, backoff=0.05))
    assert r.status == "pass"
    assert handler.count["n"] == 3  # type: ignore[attr-defined]


@pytest.mark.slow
def test_429_honours_retry_after() -> None:
    with Server({"/": flaky(1, response(200, GOOD), 429, "1"), "/badge.png": PNG}) as s:
        t0 = time.monotonic()
        r = check(s.url("/"), Settings(timeout=2, retries=1, backoff=0.01))
    assert r.status == "pass"
    assert 0.9 <= time.monotonic() - t0 < 5


def test_retries_give_up() -> None:
    with Server({"/": response(503, "down")}) as s:
        r = check(s.url("/"), Settings(timeout=2, retries=1, backoff=0.01))
    assert failed(r) == "fetch.http-status" and "HTTP 503" in r.findings[0].message()
    assert len(s.requests) == 2


@pytest.mark.parametrize(
    "handler,reason",
    [
        (response(404, "nope"), "fetch.http-status"),
        (response(200, b"%PDF-1.4 ...", "application/pdf"), "fetch.not-html"),
        (response(200, b"", "text/html"), "fetch.empty"),
        (response(200, b"\x00\x01\x02garbage\x00" * 50, "text/html"), "fetch.not-html"),
    ],
)
def test_unusable_home_pages(handler, reason: str) -> None:  # type: ignore[no-untyped-def]
    with Server({"/": handler}) as s:
        r = check(s.url("/"))
    assert failed(r) == reason


def test_unknown_charset_label_is_ignored() -> None:
    with Server({"/": response(200, GOOD, "text/html; charset=x-klingon"), "/badge.png": PNG}) as s:
        assert check(s.url("/")).status == "pass"


def test_offsite_redirect_is_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    with Server(
        {
            "old.example.com/": redirect("http://www.newsite.cn/"),
            "www.newsite.cn/": response(200, GOOD),
            "www.newsite.cn/badge.png": PNG,
        }
    ) as s:
        monkeypatch.setenv("HTTP_PROXY", s.proxy)
        r = check("http://old.example.com/")
        same = check("http://www.newsite.cn/")
    assert r.status == "pass" and "page-redirect-offsite" in codes(r)
    assert r.final_url == "http://www.newsite.cn/"
    assert "page-redirect-offsite" not in codes(same)


def test_meta_refresh_is_followed() -> None:
    refresh = '<html><head><meta http-equiv="refresh" content="0; url=/cn/"></head><body></body></html>'
    with Server({"/": response(200, refresh), "/cn/": response(200, GOOD), "/badge.png": PNG}) as s:
        r = check(s.url("/"))
    assert r.status == "pass" and r.final_url == s.url("/cn/")


def test_key_pages_consistency() -> None:
    other = GOOD.replace("京ICP备2021017352号-2", "京ICP备2021017353号-2")
    with Server(
        {
            "/": response(200, GOOD),
            "/badge.png": PNG,
            "/about": response(200, other),
            "/contact": response(200, GOOD),
        }
    ) as s:
        r = check(f"{s.url('/')} pages=/about,/contact,/missing")
    assert r.status == "pass"
    inconsistent = [f for f in r.findings if f.code == "page-inconsistent"]
    assert [f.page for f in inconsistent] == [s.url("/about"), s.url("/missing")]
    assert [p.url for p in r.pages] == [s.url(p) for p in ("/", "/about", "/contact", "/missing")]
    assert [p.http_status for p in r.pages] == [200, 200, 200, 404]


def test_tls_verified_by_default_and_insecure_turns_it_off(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .servers import self_signed_context

    with Server({"/": response(200, GOOD), "/badge.png": PNG}, tls=self_signed_context(str(tmp_path))) as s:
        strict = check(s.url("/"))
        loose = check(s.url("/"), Settings(timeout=2, retries=0, verify_tls=False))
    assert failed(strict) == "fetch.tls" and "CERTIFICATE_VERIFY_FAILED" in strict.findings[0].detail
    assert loose.status == "pass", loose.findings


def _badge_codes(src: str) -> list[str]:
    page = GOOD.replace('src="/badge.png"', f'src="{src}"')
    with Server({"/": response(200, page), "/slow.png": hang(5)}) as s:
        r = check(s.url("/"), Settings(timeout=0.5, connect_timeout=0.5, retries=0))
    return codes(r)


@pytest.mark.slow
def test_unreachable_badge_is_unverified_not_broken() -> None:
    assert _badge_codes(f"http://127.0.0.1:{closed_port()}/badge.png") == ["psb-icon-unverified"]
    with black_hole() as port:
        assert _badge_codes(f"http://127.0.0.1:{port}/badge.png") == ["psb-icon-unverified"]
    assert _badge_codes("/slow.png") == ["psb-icon-unverified"]  # read timeout
    assert _badge_codes("/missing.png") == ["psb-icon-broken"]  # 404: it answered


def test_badge_reason_names_the_kind() -> None:
    page = GOOD.replace('src="/badge.png"', f'src="http://127.0.0.1:{closed_port()}/b.png"')
    with Server({"/": response(200, page)}) as s:
        r = check(s.url("/"))
    f = r.findings[0]
    assert f.code == "psb-icon-unverified" and "connection refused" in f.message()
    assert "拒绝" in f.message("zh") and "Connect call failed" in f.detail
