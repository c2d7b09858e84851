from __future__ import annotations

import base64

import pytest

from beian_check.links import LinkKind, classify_href, decode_exturl

BASE = "https://www.example.com/index.html"
CASES = [
    ("https://beian.miit.gov.cn/", LinkKind.MIIT, None),
    ("http://beian.miit.gov.cn", LinkKind.MIIT, None),
    ("https://beian.miit.gov.cn/#/Integrated/index", LinkKind.MIIT, None),
    ("//beian.miit.gov.cn/", LinkKind.MIIT, None),
    ("http:/beian.miit.gov.cn", LinkKind.MIIT, None),
    ("HTTPS://BEIAN.MIIT.GOV.CN/", LinkKind.MIIT, None),
    ("https://beian.miit.gov.cn./", LinkKind.MIIT, None),
    ("http://www.miitbeian.gov.cn", LinkKind.MIIT_RETIRED, None),
    ("http://miitbeian.gov.cn/", LinkKind.MIIT_RETIRED, None),
    ("http://www.miibeian.gov.cn/", LinkKind.MIIT_RETIRED, None),
    ("http://miibeian.gov.cn/", LinkKind.MIIT_RETIRED, None),
    ("https://www.beian.miit.gov.cn/", LinkKind.MIIT_RETIRED, None),
    ("https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143", LinkKind.MPS, "11010502030143"),
    ("https://beian.mps.gov.cn/#/query/webSearch", LinkKind.MPS, None),
    ("https://beian.mps.gov.cn/", LinkKind.MPS, None),
    ("https://beian.mps.gov.cn/?code=11010502030143", LinkKind.MPS, "11010502030143"),
    (
        "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=11010502030143",
        LinkKind.MPS_LEGACY,
        "11010502030143",
    ),
    (
        "http://beian.gov.cn/portal/registerSystemInfo?recordcode=11010502030143",
        LinkKind.MPS_LEGACY,
        "11010502030143",
    ),
    ("http://www.beian.gov.cn/portal/registerSystemInfo", LinkKind.MPS_LEGACY, None),
    ("/", LinkKind.OTHER, None),
    ("beian.miit.gov.cn", LinkKind.OTHER, None),  # relative path on the site itself
    ("https://icp.gov.moe/?keyword=2024", LinkKind.OTHER, None),
    ("mailto:a@b.cn", LinkKind.OTHER, None),
    ("", LinkKind.NONE, None),
    ("   ", LinkKind.NONE, None),
    ("#", LinkKind.NONE, None),
    ("#footer", LinkKind.NONE, None),
    ("javascript:void(0)", LinkKind.NONE, None),
    ("JavaScript: window.open('https://beian.miit.gov.cn')", LinkKind.NONE, None),
]


@pytest.mark.parametrize("href,kind,code", CASES)
def test_classify(href: str, kind: LinkKind, code: str | None) -> None:
    link = classify_href(href, BASE)
    assert link.kind is kind, link
    assert link.code == code
    if kind is LinkKind.NONE:
        assert link.url is None and link.reason


def test_no_href_is_not_a_link() -> None:
    assert classify_href(None, BASE).kind is LinkKind.NONE


def test_relative_resolves_against_page() -> None:
    assert classify_href("about.html", BASE).url == "https://www.example.com/about.html"


def test_exturl_base64() -> None:
    data = base64.b64encode(b"https://beian.miit.gov.cn").decode().rstrip("=")
    assert decode_exturl(data) == "https://beian.miit.gov.cn"
    assert decode_exturl("%%%not-base64") in (None, "")
