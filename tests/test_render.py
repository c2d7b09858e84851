"""--render against pages served on 127.0.0.1, in the system Chromium driven by
Playwright (.ci/run installs both). Each page is one situation the static pass cannot
judge, paired with a page that is fine statically and must stay fine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from beian_check.cli import main

from .conftest import BADGE_PNG
from .servers import Server, response

ICP = '<a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a>'
PSB = (
    '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备11010502030143号</a>'
)
GOOD_FOOTER = f'<footer class="footer">{ICP} <img src="/badge.png">{PSB}</footer>'


def page(body: str, head: str = "") -> str:
    return f'<!doctype html><html><head><meta charset="utf-8">{head}</head><body>{body}</body></html>'


SPA = page('<div id="app"></div>', '<script src="/app.js" defer></script>')
APP_JS = (
    "document.getElementById('app').innerHTML = '<main>首页内容</main>"
    + GOOD_FOOTER.replace("'", "\\'")
    + "';"
)
REDIRECT = page("", '<script>location.replace("/zh/")</script>')
CSS_HIDDEN = page(
    '<main>内容</main><footer class="footer">'
    f'<div class="beian-box">{ICP} <img src="/badge.png">{PSB}</div></footer>',
    "<style>.beian-box{display:none}</style>",
)
CSS_BADGE = page(
    f'<main>内容</main><footer class="footer">{ICP} <i class="icon-gongan"></i>{PSB}</footer>',
    "<style>.icon-gongan{display:inline-block;width:20px;height:20px;background:url(/badge.png)}</style>",
)
CSS_BADGE_BROKEN = CSS_BADGE.replace("url(/badge.png)", "url(/missing.png)")
DATA_FOOTER = page(
    "<main>" + "公司简介与产品介绍。" * 30 + '</main><footer class="footer" id="f"></footer>',
    "<script>fetch('/footer.json').then(r => r.json()).then(d => {"
    "document.getElementById('f').innerHTML = d.html; });</script>",
)
NOBADGE_SPA = page(
    '<div id="root"></div><script>document.getElementById("root").innerHTML = '
    + json.dumps(f"<footer>{ICP} {PSB}</footer>")
    + ";</script>"
)
STATIC_GOOD = page(f"<main>内容</main>{GOOD_FOOTER}")
# The badge painted on the link by a linked stylesheet: statically missing (Hexo Fluid's
# a.beian-police has no badge when none is set), rendered in auto mode because of its class.
CLASS_PSB = PSB.replace("<a ", '<a class="gongan-link" ')
CLASS_BADGE = page(
    f'<main>内容</main><footer class="footer">{ICP} {CLASS_PSB}</footer>',
    '<link rel="stylesheet" href="/ga.css">',
)

ROUTES = {
    "/spa": response(200, SPA),
    "/app.js": response(200, APP_JS, "application/javascript"),
    "/redirect": response(200, REDIRECT),
    "/zh/": response(200, page(f"<main>中文</main>{GOOD_FOOTER}")),
    "/hidden": response(200, CSS_HIDDEN),
    "/cssbadge": response(200, CSS_BADGE),
    "/cssbroken": response(200, CSS_BADGE_BROKEN),
    "/data": response(200, DATA_FOOTER),
    "/footer.json": response(
        200, json.dumps({"html": f"{ICP} <img src='/badge.png'>{PSB}"}), "application/json"
    ),
    "/nobadge": response(200, NOBADGE_SPA),
    "/good": response(200, STATIC_GOOD),
    "/linked": response(
        200,
        CSS_HIDDEN.replace(
            "<style>.beian-box{display:none}</style>", '<link rel="stylesheet" href="/site.css">'
        ),
    ),
    "/site.css": response(200, "body{margin:0}\n.footer .beian-box { display: none }", "text/css"),
    "/badge.png": response(200, BADGE_PNG, "image/png"),
    "/classbadge": response(200, CLASS_BADGE),
    "/ga.css": response(
        200,
        "a.gongan-link{display:inline-block;padding-left:20px;"
        "background:url(/badge.png) no-repeat left center}",
        "text/css",
    ),
}


@pytest.fixture(scope="module")
def site():  # type: ignore[no-untyped-def]
    with Server(dict(ROUTES)) as s:
        yield s


def run_json(site: Server, paths: list[str], tmp_path: Path, *args: str) -> dict[str, dict]:
    targets = tmp_path / "t.txt"
    targets.write_text("".join(site.url(p) + "\n" for p in paths), encoding="utf-8")
    r = CliRunner().invoke(
        main,
        [
            str(targets),
            "--format",
            "json",
            "--timeout",
            "10",
            "--screenshots",
            str(tmp_path / "shots"),
            *args,
        ],
    )
    assert r.exit_code in (0, 1, 3), r.output
    return {res["target"]: res for res in json.loads(r.stdout)["results"]}


def codes(result: dict) -> set[str]:
    return {f["code"] for f in result["findings"]}


def test_static_mode_cannot_judge_these(site: Server, tmp_path: Path) -> None:
    got = run_json(site, ["/spa", "/redirect", "/hidden", "/cssbadge", "/data"], tmp_path)
    assert got[site.url("/spa")]["status"] == "error"
    assert got[site.url("/redirect")]["status"] == "error"
    assert got[site.url("/hidden")]["status"] == "pass"  # the stylesheet is not applied
    assert "psb-icon-unverified" in codes(got[site.url("/cssbadge")])
    assert {"icp-missing", "psb-missing"} <= codes(got[site.url("/data")])


def test_render_auto(site: Server, tmp_path: Path) -> None:
    paths = [
        "/spa",
        "/redirect",
        "/hidden",
        "/cssbadge",
        "/cssbroken",
        "/data",
        "/nobadge",
        "/good",
        "/linked",
    ]
    got = run_json(site, paths, tmp_path, "--render", "auto")
    spa = got[site.url("/spa")]
    assert spa["status"] == "pass", spa["findings"]
    assert spa["icp"]["text"] == "京ICP备2021017352号-2"
    red = got[site.url("/redirect")]
    assert red["status"] == "pass" and red["final_url"] == site.url("/zh/")
    hidden = got[site.url("/hidden")]
    assert hidden["status"] == "fail" and "mark-hidden" in codes(hidden)
    linked = got[site.url("/linked")]  # hidden by a linked stylesheet, not an inline one
    assert linked["status"] == "fail" and "mark-hidden" in codes(linked)
    css = got[site.url("/cssbadge")]
    assert css["status"] == "pass" and codes(css) == set()
    assert css["psb"]["icon"] == site.url("/badge.png")
    broken = got[site.url("/cssbroken")]
    assert broken["status"] == "fail" and "psb-icon-broken" in codes(broken)
    data = got[site.url("/data")]
    assert data["status"] == "pass", data["findings"]
    nobadge = got[site.url("/nobadge")]
    assert nobadge["status"] == "fail" and "psb-icon-missing" in codes(nobadge)
    assert got[site.url("/good")]["status"] == "pass"
    # Failing targets checked in a browser carry a footer screenshot (a real PNG).
    for r in (hidden, broken, nobadge):
        shot = Path(r["screenshot"])
        assert shot.read_bytes().startswith(b"\x89PNG")
    assert "screenshot" not in spa


def test_render_auto_leaves_static_verdicts_alone(site: Server, tmp_path: Path) -> None:
    before = len(site.requests)
    got = run_json(site, ["/good"], tmp_path, "--render", "auto")
    assert got[site.url("/good")]["status"] == "pass"
    # Static fetch and badge only: the browser did not load the page.
    assert len(site.requests) - before == 2


def test_render_always_and_html_report_embeds_screenshot(site: Server, tmp_path: Path) -> None:
    targets = tmp_path / "t.txt"
    targets.write_text(site.url("/nobadge") + "\n" + site.url("/good") + "\n", encoding="utf-8")
    out = tmp_path / "r.html"
    r = CliRunner().invoke(
        main,
        [
            str(targets),
            "--render",
            "always",
            "--format",
            "html",
            "-o",
            str(out),
            "--screenshots",
            str(tmp_path / "shots"),
        ],
    )
    assert r.exit_code == 1, r.output
    assert "data:image/png;base64,iVBOR" in out.read_text(encoding="utf-8")


def test_missing_browser_is_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEIAN_CHECK_CHROMIUM", "/nonexistent/chromium")
    r = CliRunner().invoke(main, ["--site", "example.com", "--render", "auto"])
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "pip install 'beian-check[render]'" in r.stderr


def test_browser_uses_the_proxy_and_blocks_analytics(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tracked = page(
        f"<main>{'内容' * 150}</main>{GOOD_FOOTER}",
        '<script src="http://hm.baidu.com/hm.js?abc"></script><script>var x = 1;</script>'
        "<style>.beian-x{display:none}</style>",
    )
    hidden = tracked.replace('<footer class="footer">', '<footer class="footer beian-x">')
    routes = {
        "shop.test/": response(200, hidden),
        "shop.test/badge.png": response(200, BADGE_PNG, "image/png"),
    }
    with Server(routes) as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.proxy)
        r = CliRunner().invoke(
            main,
            [
                "--site",
                "http://shop.test/",
                "--render",
                "auto",
                "--format",
                "json",
                "--screenshots",
                str(tmp_path),
            ],
        )
    result = json.loads(r.stdout)["results"][0]
    assert "mark-hidden" in codes(result)  # rendered: the stylesheet hides the footer
    hosts = {q.host for q in proxy.requests}
    assert all(q.proxied for q in proxy.requests)
    assert "hm.baidu.com" not in hosts
    # The home page twice through the proxy: the static fetch, then the browser.
    assert sum(q.host == "shop.test" and q.path == "/" for q in proxy.requests) == 2, hosts


def test_chromium_proxy_arguments() -> None:
    from beian_check.net import ProxyConfig
    from beian_check.render import chromium_proxy_args

    assert chromium_proxy_args(ProxyConfig()) == []
    args = chromium_proxy_args(ProxyConfig("http://127.0.0.1:3128", None, ("intra.cn",)))
    assert args == [
        "--proxy-server=http=127.0.0.1:3128",
        "--proxy-bypass-list=<-loopback>;intra.cn;*.intra.cn",
    ]
    assert chromium_proxy_args(ProxyConfig("http://p:1", "http://p:1", ("*",))) == []


def test_chromium_resolver_arguments() -> None:
    from beian_check.render import chromium_resolver_args

    assert chromium_resolver_args(()) == []
    # Most specific first (Chromium takes the first match), one address, IPv6 in brackets.
    got = chromium_resolver_args(
        (
            "*:443:10.0.0.1",
            "A.example.com:443:10.0.0.2,10.0.0.3",
            "*.example.com:80:::1",
            "*.b.example.com:80:10.0.0.4",
        )
    )
    assert got == [
        "--host-resolver-rules=MAP a.example.com:443 10.0.0.2:443,"
        "MAP *.b.example.com:80 10.0.0.4:80,MAP *.example.com:80 [::1]:80,MAP *:443 10.0.0.1:443"
    ]


def test_browser_follows_resolve(site: Server, tmp_path: Path) -> None:
    url = f"http://shop.test:{site.port}/hidden"
    r = CliRunner().invoke(
        main,
        [
            "--site",
            url,
            "--resolve",
            f"shop.test:{site.port}:127.0.0.1",
            "--render",
            "auto",
            "--format",
            "json",
            "--timeout",
            "10",
            "--screenshots",
            str(tmp_path),
        ],
    )
    result = json.loads(r.stdout)["results"][0]
    assert result["status"] == "fail" and "mark-hidden" in codes(result), r.stdout  # rendered there
    hits = [q for q in site.requests if q.host.startswith("shop.test") and q.path == "/hidden"]
    assert len(hits) == 2  # the static fetch, then the browser


def test_scroll_reveal_footer_is_not_hidden(tmp_path: Path) -> None:
    reveal = page(
        f"<main style='height:3000px'>{'内容' * 150}</main>"
        + GOOD_FOOTER.replace('class="footer"', 'class="footer wow"'),
        "<style>.wow{visibility:hidden}.wow.shown{visibility:visible}</style>"
        "<script>addEventListener('scroll', () => document.querySelectorAll('.wow')"
        ".forEach(e => e.classList.add('shown')));</script>",
    )
    with Server({"/": response(200, reveal), "/badge.png": response(200, BADGE_PNG, "image/png")}) as s:
        r = CliRunner().invoke(
            main,
            ["--site", s.url("/"), "--render", "always", "--format", "json", "--screenshots", str(tmp_path)],
        )
    result = json.loads(r.stdout)["results"][0]
    assert result["status"] == "pass", result["findings"]


# -- after rendering: the browser's verdict, not the static pass's advice -----------------
TO_404 = page("", '<script>location.replace("/gone/")</script>')
UNPAINTED = page(
    f'<main>{"内容" * 150}</main><footer class="footer">{ICP} <i class="icon-gongan"></i>{PSB}</footer>',
    '<link rel="stylesheet" href="/missing.css">',
)
BROKEN_SHELL = page('<div id="app"></div><script src="/missing.js"></script>')
SPLASH = page(
    '<div id="app"><div class="splash">加载中</div></div>',
    "<script>setTimeout(() => { document.getElementById('app').innerHTML = "
    + json.dumps(f"<main>{'首页内容' * 60}</main>{GOOD_FOOTER}")
    + "; }, 2500);</script>",
)
LATER_ROUTES = {
    "/to404": response(200, TO_404),
    "/gone/": response(404, "<html><body>404 Not Found</body></html>"),
    "/unpainted": response(200, UNPAINTED),
    "/broken-shell": response(200, BROKEN_SHELL),
    "/splash": response(200, SPLASH),
    "/badge.png": response(200, BADGE_PNG, "image/png"),
}


@pytest.fixture(scope="module")
def later_site():  # type: ignore[no-untyped-def]
    with Server(dict(LATER_ROUTES)) as s:
        yield s


def messages(result: dict) -> str:
    return " ".join(f["message"] for f in result["findings"])


def test_render_checks_the_status_of_the_page_it_lands_on(later_site: Server, tmp_path: Path) -> None:
    got = run_json(later_site, ["/to404"], tmp_path, "--render", "auto")[later_site.url("/to404")]
    assert got["status"] == "error" and codes(got) == {"fetch-failed"}, got["findings"]
    assert "404" in messages(got) and "screenshot" not in got


def test_render_does_not_repeat_the_static_advice(later_site: Server, tmp_path: Path) -> None:
    static = run_json(later_site, ["/unpainted"], tmp_path)[later_site.url("/unpainted")]
    assert codes(static) == {"psb-icon-unverified"} and "--render" in messages(static)
    got = run_json(
        later_site, ["/unpainted", "/broken-shell"], tmp_path, "--render", "auto", "--timeout", "2"
    )
    unpainted = got[later_site.url("/unpainted")]
    assert unpainted["status"] == "fail" and codes(unpainted) == {"psb-icon-missing"}, unpainted["findings"]
    shell = got[later_site.url("/broken-shell")]
    assert codes(shell) == {"page-js-rendered"} and "--render" not in messages(shell), shell["findings"]


def test_render_waits_for_a_footer_that_comes_late(later_site: Server, tmp_path: Path) -> None:
    got = run_json(later_site, ["/splash"], tmp_path, "--render", "auto")[later_site.url("/splash")]
    assert got["status"] == "pass", got["findings"]


def test_a_badge_painted_on_the_link_by_a_linked_stylesheet(site: Server, tmp_path: Path) -> None:
    static = run_json(site, ["/classbadge"], tmp_path)[site.url("/classbadge")]
    assert codes(static) == {"psb-icon-missing"}
    auto = run_json(site, ["/classbadge"], tmp_path, "--render", "auto")[site.url("/classbadge")]
    assert auto["status"] == "pass" and codes(auto) == set(), auto["findings"]
    assert auto["psb"]["icon"] == site.url("/badge.png")
