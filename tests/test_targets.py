from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beian_check.targets import TargetsError, load_targets, parse_line


def test_domain_url_and_fields() -> None:
    t = parse_line(
        "example.com icp=京ICP备2021017352号-1 psb=11010502030143 pages=/about,/contact online=2026-11-01"
    )
    assert t is not None
    assert t.domain == "example.com" and t.url is None
    assert t.start_urls == ["https://example.com/", "http://example.com/"]
    assert t.expect.icp is not None and t.expect.icp.text == "京ICP备2021017352号-1"
    assert t.expect.psb == "11010502030143"
    assert t.pages == ("/about", "/contact")
    assert t.expect.online == dt.date(2026, 11, 1)


def test_full_psb_form_and_url_target() -> None:
    t = parse_line("http://127.0.0.1:8080/ psb=京公网安备11010502030143号")
    assert t is not None and t.url == "http://127.0.0.1:8080/" and t.expect.psb == "11010502030143"


def test_idn_domains() -> None:
    a = parse_line("例子.中国")
    b = parse_line("xn--fsqu00a.xn--fiqs8s")
    assert a is not None and b is not None and a.domain == b.domain == "xn--fsqu00a.xn--fiqs8s"
    assert a.raw == "例子.中国"


def test_comments_blank_lines_and_fragments() -> None:
    assert parse_line("   ") is None
    assert parse_line("# a comment") is None
    t = parse_line("https://example.com/#home  # the home page")
    assert t is not None and t.raw == "https://example.com/#home"


@pytest.mark.parametrize(
    "line,reason",
    [
        ("example.com colour=red", "unknown key 'colour'"),
        ("example.com online=2026-13-01", "bad date"),
        ("example.com online=yesterday", "bad date"),
        ("example.com online=2026-1-1", "bad date"),
        ("example.com mple", "expected key=value"),
        ("-bad-.com", "invalid domain"),
        ("intranet", "two labels"),
        ("ftp://example.com/", "unsupported URL scheme"),
        ("http://", "invalid URL"),
        ("http://example.com:99999/", "invalid URL"),
        ("example.com/about", "a path needs a full URL"),
        ("example.com icp=京ICP备XXXX号", "malformed expected number"),
        ("example.com icp=萌ICP备20240001号", "malformed expected number"),
        ("example.com psb=1101050203014", "malformed expected number"),
        ("example.com psb=沪公网安备11010502030143号", "malformed expected number"),
        ("example.com pages=about", "not a path"),
        ("example.com icp=京ICP备2021017352号 icp=京ICP备2021017352号", "given twice"),
    ],
)
def test_bad_lines(line: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_line(line)


def test_all_bad_lines_reported_with_file_and_line() -> None:
    text = "\ufeffgood.com\n\nbad..com\n# ok\nexample.com foo=bar\nexample.org\n"
    with pytest.raises(TargetsError) as e:
        load_targets([("t.txt", text.splitlines())])
    assert [err.split(":")[:2] for err in e.value.errors] == [["t.txt", "3"], ["t.txt", "5"]]


def test_duplicates_checked_once_in_input_order() -> None:
    targets = load_targets(
        [("a", ["b.com", "a.com", "B.COM", "a.com icp=京ICP备2021017352号"]), ("dir", None)],
        sites=["c.com", "a.com"],
    )
    assert [t.raw for t in targets] == ["b.com", "a.com", "dir", "c.com"]


@given(st.text(max_size=120))
def test_parser_never_crashes(line: str) -> None:
    try:
        parse_line(line)
    except ValueError as e:
        assert str(e)
