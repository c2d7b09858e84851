"""links.py pinned exactly: the reason given for "not a link", the URL reported as the
site wrote it, where the public-security code is read from. Written from the mutants the
older tests let through (README, "Development")."""

from __future__ import annotations

import base64

import pytest

from beian_check.links import Link, LinkKind, classify_href, decode_exturl, resolve_url
from beian_check.messages import text

BASE = "https://www.example.com/index.html"
HTTP_BASE = "http://www.example.com/index.html"

NOT_LINKS = [
    (None, text("why.no-link")),
    ("", text("why.empty-href")),
    ("  ", text("why.empty-href")),
    ("#", text("why.href-nowhere", href="#")),
    ("#footer", text("why.href-nowhere", href="#footer")),
    # the href is quoted in the message, cut to 40 characters
    ("#" + "x" * 60, text("why.href-nowhere", href="#" + "x" * 39)),
    ("javascript:void(0)", text("why.javascript")),
    ("JavaScript :void(0)", text("why.javascript")),
    ("vbscript:msgbox(1)", text("why.javascript")),
    ("VBScript:msgbox(1)", text("why.javascript")),
]


@pytest.mark.parametrize("href,reason", NOT_LINKS)
def test_not_a_link_says_why(href: str | None, reason: object) -> None:
    assert classify_href(href, BASE) == Link(LinkKind.NONE, reason=reason)  # type: ignore[arg-type]


URLS = [
    # absolute hrefs are reported as written (no dot-segment clean-up, no host folding),
    # only the scheme lower-cased
    ("HTTPS://BEIAN.MIIT.GOV.CN/", BASE, LinkKind.MIIT, "https://BEIAN.MIIT.GOV.CN/"),
    ("https://beian.miit.gov.cn/a/./b", BASE, LinkKind.MIIT, "https://beian.miit.gov.cn/a/./b"),
    ("http://beian.miit.gov.cn/a/../b", HTTP_BASE, LinkKind.MIIT, "http://beian.miit.gov.cn/a/../b"),
    ("https://beian.miit.gov.cn/a/../b", HTTP_BASE, LinkKind.MIIT, "https://beian.miit.gov.cn/a/../b"),
    # sloppy schemes typed into CMS fields are repaired, the scheme lower-cased
    ("http:/beian.miit.gov.cn", BASE, LinkKind.MIIT, "http://beian.miit.gov.cn"),
    ("HTTP:/beian.miit.gov.cn", BASE, LinkKind.MIIT, "http://beian.miit.gov.cn"),
    ("http:\\beian.miit.gov.cn", BASE, LinkKind.MIIT, "http://beian.miit.gov.cn"),
    ("http:\\\\beian.miit.gov.cn/", BASE, LinkKind.MIIT, "http://beian.miit.gov.cn/"),
    ("https:beian.miit.gov.cn", BASE, LinkKind.MIIT, "https://beian.miit.gov.cn"),
    ("http:///beian.miit.gov.cn", BASE, LinkKind.MIIT, "http://beian.miit.gov.cn"),
    # relative hrefs resolve against the page
    ("//beian.miit.gov.cn/", HTTP_BASE, LinkKind.MIIT, "http://beian.miit.gov.cn/"),
    ("about.html", BASE, LinkKind.OTHER, "https://www.example.com/about.html"),
    ("/gongan", BASE, LinkKind.OTHER, "https://www.example.com/gongan"),
    # hrefs no parser can read are kept as written
    ("//[beian.miit.gov.cn/", BASE, LinkKind.OTHER, "//[beian.miit.gov.cn/"),
    ("http://[beian.miit.gov.cn/", BASE, LinkKind.OTHER, "http://[beian.miit.gov.cn/"),
    # other schemes are never the registry, whatever the host
    ("ftp://beian.miit.gov.cn/", BASE, LinkKind.OTHER, "ftp://beian.miit.gov.cn/"),
    ("https://beian.miit.gov.cn.evil.test/", BASE, LinkKind.OTHER, "https://beian.miit.gov.cn.evil.test/"),
    ("https://miit.gov.cn/", BASE, LinkKind.OTHER, "https://miit.gov.cn/"),
    ("https://mps.gov.cn/", BASE, LinkKind.OTHER, "https://mps.gov.cn/"),
    ("https://BEIAN.MPS.GOV.CN./", BASE, LinkKind.MPS, "https://BEIAN.MPS.GOV.CN./"),
    ("https://beian.miit.gov.cn:443/", BASE, LinkKind.MIIT, "https://beian.miit.gov.cn:443/"),
    ("http://www.miitbeian.gov.cn/", BASE, LinkKind.MIIT_RETIRED, "http://www.miitbeian.gov.cn/"),
    ("//miibeian.gov.cn/", BASE, LinkKind.MIIT_RETIRED, "https://miibeian.gov.cn/"),
]


@pytest.mark.parametrize("href,base,kind,url", URLS)
def test_link_url_is_reported_as_written(href: str, base: str, kind: LinkKind, url: str) -> None:
    link = classify_href(href, base)
    assert (link.kind, link.url, link.code, link.reason) == (kind, url, None, "")


MPS = "https://beian.mps.gov.cn/"
LEGACY = "http://www.beian.gov.cn/portal/registerSystemInfo"
CODE = "11010502030143"
CODES = [
    (MPS + "#/query/webSearch?code=" + CODE, CODE),
    (MPS + "#/query/webSearch?code=", None),  # a blank code is no code
    (MPS + "#/query/webSearch?code=&x=1", None),
    (MPS + "#/query/webSearch?Code=" + CODE, CODE),  # parameter names in any case
    (MPS + "#/query/webSearch?CODE=%20" + CODE + "%20", CODE),  # padded by hand
    (MPS + "#/query/webSearch?code=" + CODE + "&code=44030502000001", CODE),  # the first wins
    (MPS + "?code=44030502000001#/query/webSearch?code=" + CODE, CODE),  # the fragment wins
    (MPS + "?code=" + CODE + "#/query/webSearch", CODE),
    (MPS + "#/query/webSearch?recordcode=" + CODE, CODE),
    (MPS + "#code=" + CODE, None),  # no query in the fragment
    (MPS + "#/query/webSearch?from=/a?b&code=" + CODE, CODE),  # a "?" inside the query
    (MPS + "#/query/webSearch?code=" + CODE + "&back=/i?x=1", CODE),
    (LEGACY + "?recordcode=" + CODE, CODE),
    (LEGACY + "?RecordCode=" + CODE, CODE),
    (LEGACY + "?recordcode=", None),
    (LEGACY + "?code=&recordcode=" + CODE, CODE),  # a blank code does not hide it
    (LEGACY + "?code=44030502000001&recordcode=" + CODE, "44030502000001"),
    (LEGACY + "#recordcode=" + CODE, None),  # the legacy portal reads the query
]


@pytest.mark.parametrize("href,code", CODES)
def test_public_security_code_is_read_from_the_link(href: str, code: str | None) -> None:
    link = classify_href(href, BASE)
    assert link.kind in (LinkKind.MPS, LinkKind.MPS_LEGACY)
    assert link.code == code
    assert link.url == href


def _b64(url: str) -> str:
    return base64.b64encode(url.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "data,url",
    [
        (_b64("https://beian.miit.gov.cn"), "https://beian.miit.gov.cn"),  # 2 pads stripped
        (_b64("https://beian.miit.gov.cn/"), "https://beian.miit.gov.cn/"),  # 1 pad stripped
        (_b64("https://beian.miit.gov.cn/a"), "https://beian.miit.gov.cn/a"),  # none needed
        (base64.b64encode(b"https://beian.miit.gov.cn").decode(), "https://beian.miit.gov.cn"),
        # a long attribute wrapped by the template engine
        (
            _b64("https://beian.miit.gov.cn")[:12] + "\n" + _b64("https://beian.miit.gov.cn")[12:],
            "https://beian.miit.gov.cn",
        ),
        (_b64("https://备案.中国/"), "https://备案.中国/"),
        (base64.b64encode(b"\xff\xfe").decode(), None),  # not UTF-8
        ("aHR0c", None),  # cut short
    ],
)
def test_exturl_decodes_as_a_browser_script_would(data: str, url: str | None) -> None:
    assert decode_exturl(data) == url


@pytest.mark.parametrize(
    "base,ref,url",
    [
        # a page of a build directory: a protocol-relative badge is what the HTTPS site loads
        (
            "file:///srv/public/index.html",
            "//www.beian.gov.cn/img/gongan.png",
            "https://www.beian.gov.cn/img/gongan.png",
        ),
        ("file:///srv/public/index.html", "/img/gongan.png", "file:///img/gongan.png"),
        ("file:///srv/public/index.html", "img/gongan.png", "file:///srv/public/img/gongan.png"),
        (
            "http://www.example.com/",
            "//www.beian.gov.cn/img/gongan.png",
            "http://www.beian.gov.cn/img/gongan.png",
        ),
        (
            "HTTPS://www.example.com/",
            "//www.beian.gov.cn/img/gongan.png",
            "https://www.beian.gov.cn/img/gongan.png",
        ),
        ("https://www.example.com/a/", "../gongan.png", "https://www.example.com/gongan.png"),
        ("https://www.example.com/", "//[bad/", None),
    ],
)
def test_resolve_url(base: str, ref: str, url: str | None) -> None:
    assert resolve_url(base, ref) == url
