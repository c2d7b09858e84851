"""page/signals.py pinned: meta refresh, frames, client-side templates, application shells,
numbers only in images, stylesheet rules that hide or paint (for --render auto). Written
from the mutants the older tests let through (README, "Development")."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from beian_check.messages import Text, text
from beian_check.page.signals import (
    client_templates,
    framed,
    hiding_tokens,
    inline_hiding_tokens,
    meta_refresh,
    only_in_images,
    painted_badge_classes,
    shell_reason,
    stylesheets,
)

URL = "https://example.cn/a/"


def tree(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


@pytest.mark.parametrize(
    "head,target",
    [
        ('<meta http-equiv="refresh" content="0; url=/cn/">', "https://example.cn/cn/"),
        ('<meta http-equiv="Refresh" content="5;URL=\'b.html\'">', "https://example.cn/a/b.html"),
        ('<meta http-equiv="refresh" content="0.5, https://www.x.cn/">', "https://www.x.cn/"),
        ('<meta http-equiv="refresh" content="0">', None),  # reloads itself
        ('<meta http-equiv="refresh" content=" 30 ">', None),
        ('<meta http-equiv="refresh" content="0 url=/cn/">', "https://example.cn/cn/"),
        ('<meta http-equiv="refresh">', None),
        ('<meta http-equiv="refresh" content="0; url=http://[x/">', None),
        ('<meta name="refresh" content="0; url=/cn/">', None),
        ("", None),
    ],
)
def test_meta_refresh(head: str, target: str | None) -> None:
    assert meta_refresh(tree(f"<html><head>{head}</head><body></body></html>"), URL) == target


@pytest.mark.parametrize(
    "html,templated",
    [
        ("<div v-cloak><p>{{ icp }}</p></div>", True),
        ('<div ng-app="x"></div>', True),
        ('<script src="/js/vue.min.js"></script>', True),
        ('<script src="https://cdn.x.cn/npm/vue@2.6/dist/vue.js"></script>', True),
        ('<script src="/static/angular.js"></script>', True),
        ('<script src="/js/vuex-helper.js"></script>', False),
        ('<script src="/js/revue.js"></script>', False),
        ("<script>var vue = 1;</script>", False),
        ('<div class="v-if"></div>', False),
    ],
)
def test_client_templates(html: str, templated: bool) -> None:
    assert client_templates(tree(f"<html><body>{html}</body></html>")) is templated


@pytest.mark.parametrize(
    "body,visible,target",
    [
        ('<frameset><frame src="http://real.cn/"></frameset>', 0, "http://real.cn/"),
        (
            '<frameset><frame src=" about:blank "><frame src="/main.html"></frameset>',
            0,
            "https://example.cn/main.html",
        ),
        ('<frameset><frame src="javascript:void(0)"><frame src="DATA:text/html,x"></frameset>', 0, None),
        ('<frameset><frame src="http://[x/"></frameset>', 0, None),
        ('<iframe src="http://real.cn/" width="100%" height="100%"></iframe>', 0, "http://real.cn/"),
        ('<iframe src="/in.html" height="100%"></iframe>', 199, "https://example.cn/in.html"),
        ('<iframe src="/in.html" style="width:100%;height:600px"></iframe>', 0, "https://example.cn/in.html"),
        ('<iframe src="/in.html" width="100%"></iframe>', 200, None),
        # one of width, height or style at 100% is enough
        ('<iframe src="/in.html" width="100%"></iframe>', 0, "https://example.cn/in.html"),
        ('<iframe src="/in.html" width="600"></iframe>', 0, None),
        ('<iframe src="/a.html" width="100%"></iframe><iframe src="/b.html" width="100%"></iframe>', 0, None),
        ('<iframe src="" width="100%"></iframe>', 0, None),
        ("<p>hello</p>", 0, None),
    ],
)
def test_framed(body: str, visible: int, target: str | None) -> None:
    assert framed(tree(f"<html>{body}</html>"), URL, visible) == target


def _shell(body: str, visible: int = 0) -> Text | None:
    return shell_reason(tree(f"<html><body>{body}</body></html>"), visible)


@pytest.mark.parametrize(
    "body,visible,why",
    [
        ('<script id="__NEXT_DATA__" type="application/json">{}</script>', 0, text("shell.next")),
        ('<div id="__NUXT_DATA__"></div>', 0, text("shell.nuxt3")),
        ("<script>window.__NUXT__={}</script>", 0, text("shell.nuxt")),
        ("<script>window.__NUXT__={}</script>", 199, text("shell.nuxt")),
        ("<script>window.__NUXT__={}</script>", 200, None),
        ('<script>location.href = "/cn/";</script>', 0, text("shell.js-redirect")),
        ('<script>window.location.replace("/cn/")</script>', 0, text("shell.js-redirect")),
        (
            '<script>setTimeout(function(){ top.location = "/cn/"; }, 10)</script>',
            0,
            text("shell.js-redirect"),
        ),
        # a function defined (and closed) before the assignment leaves it at the top level
        (
            '<script>function track(){ stat("home"); } location.href = "/cn/";</script>',
            0,
            text("shell.js-redirect"),
        ),
        # a location change inside a handler is not a redirect as the page runs
        ('<script>function go(){ location.href = "/cn/"; }</script>', 0, None),
        ('<script>if (location.href == "/") { x(); }</script>', 0, None),
        # a JSON script is data, not code
        ('<script type="application/json">{"location.href": "x"}</script>', 0, None),
        ('<script type="application/ld+json"> {"a": 1, "b": "location.assign(1)"}</script>', 0, None),
        # even one that stores a snippet of code as a string
        (
            '<script type="application/json">{"js": "setTimeout(function(){ location.href = 1 })"}</script>',
            0,
            None,
        ),
        # an empty mount point
        ('<div id="app"></div><script src="/a.js"></script>', 0, text("shell.mount")),
        ('<section id="root">加载中</section>', 0, text("shell.mount")),
        ('<div id="app">' + "字" * 49 + "</div>", 0, text("shell.mount")),
        ('<div id="app">' + "字" * 50 + "</div>", 0, None),
        ('<main id="app"></main>', 0, text("shell.mount")),
        ('<span id="app"></span>', 0, None),
        ("<p>你好</p><script src='/a.js'></script>", 0, None),
    ],
)
def test_shell_reason(body: str, visible: int, why: Text | None) -> None:
    assert _shell(body, visible) == why


def test_the_body_itself_may_be_the_empty_mount_point() -> None:
    page = '<html><body id="root"><script src="/static/js/main.js"></script></body></html>'
    assert shell_reason(tree(page), 0) == text("shell.mount")


def test_shell_reason_reads_a_long_script_only_so_far() -> None:
    padding = "var a = 1;" * 2500  # 25,000 characters before the framework state
    assert _shell(f"<script>{padding}window.__NUXT__={{}}</script>") is None
    assert _shell(f"<script>window.__NUXT__={{}}{padding}</script>") == text("shell.nuxt")


@pytest.mark.parametrize(
    "body,visible,images",
    [
        ('<img alt="京ICP备2021017352号">', 1000, True),
        ('<img title="京公网安备11010502030143号" src="/a.png">', 1000, True),
        ('<img alt="公司照片">', 1000, False),
        # a name that only shares letters with a mark ("CP" of CPU) is no mark in a picture
        ('<img alt="Intel CPU 性能对比">', 1000, False),
        ('<img title="ICP and CPU">', 1000, False),
        ('<img src="/1.png"><img src="/2.png"><img src="/3.png">', 199, True),
        ('<img src="/1.png"><img src="/2.png"><img src="/3.png">', 200, False),
        ('<img src="/1.png"><img src="/2.png">', 0, False),
    ],
)
def test_only_in_images(body: str, visible: int, images: bool) -> None:
    assert only_in_images(tree(f"<html><body>{body}</body></html>"), visible) is images


@pytest.mark.parametrize(
    "css,tokens",
    [
        (".a{display:none}", {"a"}),
        ("#b .c > .d { color: red; DISPLAY : NONE }", {"b", "c", "d"}),
        (".e{visibility: hidden} .f{color:red}", {"e"}),
        (".g, #h-1{display:none}", {"g", "h-1"}),
        (".i{display:block}", set()),
        ("@media (max-width: 600px) { .j { display: none } }", {"j"}),
        ("div{display:none}", set()),
        ("", set()),
    ],
)
def test_hiding_tokens(css: str, tokens: set[str]) -> None:
    assert hiding_tokens(css) == tokens


def test_inline_hiding_tokens_and_stylesheets() -> None:
    page = tree(
        "<html><head><style>.m{display:none}</style><style>.n{visibility:hidden}</style><style></style>"
        '<link rel="stylesheet" href="/a.css"><link rel="Alternate StyleSheet" href=" b.css ">'
        '<link rel="icon" href="/favicon.ico"><link rel="stylesheet" href="">'
        '<link rel="stylesheet" href="http://[x/"><link href="/norel.css">'
        '<link rel="stylesheet" href="/c.css"><link rel="stylesheet" href="/d.css">'
        '<link rel="stylesheet" href="/e.css"></head><body></body></html>'
    )
    assert inline_hiding_tokens(page) == {"m", "n"}
    assert inline_hiding_tokens(tree("<p>x</p>")) == frozenset()
    assert stylesheets(page, URL) == (
        "https://example.cn/a.css",
        "https://example.cn/a/b.css",
        "https://example.cn/c.css",
        "https://example.cn/d.css",
    )


@pytest.mark.parametrize(
    "css,classes",
    [
        (".f-ga{background:url(images/ga.png)}", {"f-ga"}),
        (".x .gongan-icon { background-image: url('/i/a.png') }", {"gongan-icon"}),
        ("a.beian:before, .other{background:url(/b.png)}", {"beian"}),  # the pseudo-element paints it
        ("a.beian, i.police{background:url(/b.png) no-repeat}", {"beian", "police"}),
        (".gongan .icon{background:url(/b.png)}", set()),
        (".badge{background-color:red}", set()),
        (".logo{background:url(/logo.png)}", set()),
        ("#gongan{background:url(/g.png)}", set()),
        # a first <style> without any url() does not end the search
        (".a{color:red}</style><style>.f-ga{background:url(images/ga.png)}", {"f-ga"}),
    ],
)
def test_painted_badge_classes(css: str, classes: set[str]) -> None:
    assert (
        painted_badge_classes(tree(f"<html><head><style>{css}</style></head><body></body></html>")) == classes
    )
