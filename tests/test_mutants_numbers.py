"""numbers.py pinned exactly: every field of a found number (canonical text, raw text,
kind, province, digits, suffix, the reason it is not valid, where it is), the bounds of
each grammar rule on both sides, and the reasons given for a bad expected number.
Written from the mutants the older tests let through (README, "Development")."""

from __future__ import annotations

import pytest

from beian_check.messages import Text, text
from beian_check.numbers import (
    ExpectedNumberError,
    find_icp,
    find_psb,
    icp_matches_expected,
    is_placeholder_digits,
    normalize,
    parse_expected_icp,
    parse_expected_psb,
)

IcpRow = tuple[str, str, str, str, str, str, "Text | None", int, int, tuple[int, int]]


def _icp(s: str) -> list[IcpRow]:
    return [
        (n.text, n.raw, n.kind, n.province, n.digits, n.suffix, n.problem, n.start, n.end, n.core)
        for n in find_icp(normalize(s))
    ]


def _spans(s: str) -> list[tuple[str, str, int, int]]:
    return [(n.text, n.province, n.start, n.end) for n in find_icp(normalize(s))]


@pytest.mark.parametrize(
    "s,found",
    [
        # the next number starts right where the last one ended, with or without a province
        (
            "京ICP备2021017352号ICP备2021017353号",
            [("京ICP备2021017352号", "京", 0, 16), ("ICP备2021017353号", "", 16, 31)],
        ),
        (
            "京ICP备2021017352号京 ICP备2021017353号",
            [("京ICP备2021017352号", "京", 0, 16), ("京ICP备2021017353号", "京", 16, 33)],
        ),
        ("京 ICP备2021017352号", [("京ICP备2021017352号", "京", 0, 17)]),
        ("ICP备2021017352号", [("ICP备2021017352号", "", 0, 15)]),
    ],
)
def test_numbers_side_by_side(s: str, found: list[tuple[str, str, int, int]]) -> None:
    assert _spans(s) == found


def _no_number(label: str) -> Text:
    return text("why.no-number-after", label=label)


ICP = [
    # the digit bounds of a filing, 5 to 10, on both sides
    (
        "京ICP备12346号",
        [("京ICP备12346号", "京ICP备12346号", "filing", "京", "12346", "", None, 0, 11, (5, 10))],
    ),
    (
        "京ICP备1234号",
        [
            (
                "京ICP备1234号",
                "京ICP备1234号",
                "filing",
                "京",
                "1234",
                "",
                text("why.icp-digits", count=4),
                0,
                10,
                (5, 9),
            )
        ],
    ),
    (
        "京ICP备2021017352号",
        [
            (
                "京ICP备2021017352号",
                "京ICP备2021017352号",
                "filing",
                "京",
                "2021017352",
                "",
                None,
                0,
                16,
                (5, 15),
            )
        ],
    ),
    (
        "京ICP备20210173521号",
        [
            (
                "京ICP备20210173521号",
                "京ICP备20210173521号",
                "filing",
                "京",
                "20210173521",
                "",
                text("why.icp-digits", count=11),
                0,
                17,
                (5, 16),
            )
        ],
    ),
    # a licence has 3 to 10
    ("京ICP证123号", [("京ICP证123号", "京ICP证123号", "licence", "京", "123", "", None, 0, 9, (5, 8))]),
    (
        "京ICP证12号",
        [
            (
                "京ICP证12号",
                "京ICP证12号",
                "licence",
                "京",
                "12",
                "",
                text("why.licence-digits", count=2),
                0,
                8,
                (5, 7),
            )
        ],
    ),
    (
        "京ICP证2021017352号",
        [
            (
                "京ICP证2021017352号",
                "京ICP证2021017352号",
                "licence",
                "京",
                "2021017352",
                "",
                None,
                0,
                16,
                (5, 15),
            )
        ],
    ),
    (
        "京ICP证12345678901号",
        [
            (
                "京ICP证12345678901号",
                "京ICP证12345678901号",
                "licence",
                "京",
                "12345678901",
                "",
                text("why.licence-digits", count=11),
                0,
                17,
                (5, 16),
            )
        ],
    ),
    # the traditional form of 证 is a licence, written back in the simplified form
    (
        "京ICP證030173号",
        [("京ICP证030173号", "京ICP證030173号", "licence", "京", "030173", "", None, 0, 12, (5, 11))],
    ),
    # no number at all after the label
    ("京ICP备号", [("京ICP备号", "京ICP备号", "filing", "京", "", "", _no_number("ICP备"), 0, 6, (0, 6))]),
    ("京ICP证号", [("京ICP证号", "京ICP证号", "licence", "京", "", "", _no_number("ICP证"), 0, 6, (0, 6))]),
    ("京ICP备 号", [("京ICP备 号", "京ICP备 号", "filing", "京", "", "", _no_number("ICP备"), 0, 7, (0, 7))]),
    # placeholders: words (in any case) and digit runs
    (
        "京ICP备ING号",
        [
            (
                "京ICP备ING号",
                "京ICP备ING号",
                "filing",
                "京",
                "ING",
                "",
                text("why.placeholder-text", body="ING"),
                0,
                9,
                (5, 8),
            )
        ],
    ),
    (
        "京ICP备案中",
        [
            (
                "京ICP备案中",
                "京ICP备案中",
                "filing",
                "京",
                "案中",
                "",
                text("why.placeholder-text", body="案中"),
                0,
                7,
                (5, 7),
            )
        ],
    ),
    (
        "京ICP备XXXXX号",
        [
            (
                "京ICP备XXXXX号",
                "京ICP备XXXXX号",
                "filing",
                "京",
                "XXXXX",
                "",
                text("why.placeholder", body="XXXXX"),
                0,
                11,
                (5, 10),
            )
        ],
    ),
    (
        "京ICP证1234567890号",
        [
            (
                "京ICP证1234567890号",
                "京ICP证1234567890号",
                "licence",
                "京",
                "1234567890",
                "",
                text("why.placeholder", body="1234567890"),
                0,
                16,
                (5, 15),
            )
        ],
    ),
    # province
    (
        "ICP备2021017352号",
        [
            (
                "ICP备2021017352号",
                "ICP备2021017352号",
                "filing",
                "",
                "2021017352",
                "",
                text("why.no-province", label="ICP"),
                0,
                15,
                (4, 14),
            )
        ],
    ),
    (
        "萌ICP备20240001号",
        [
            (
                "萌ICP备20240001号",
                "萌ICP备20240001号",
                "filing",
                "萌",
                "20240001",
                "",
                text("why.bad-province-icp", province="萌"),
                0,
                14,
                (5, 13),
            )
        ],
    ),
    # 号 and the site suffix
    (
        "浙ICP备2021017352",
        [
            (
                "浙ICP备2021017352",
                "浙ICP备2021017352",
                "filing",
                "浙",
                "2021017352",
                "",
                text("why.no-hao"),
                0,
                15,
                (5, 15),
            )
        ],
    ),
    (
        "京ICP备2021017352-1号",
        [
            (
                "京ICP备2021017352-1号",
                "京ICP备2021017352-1号",
                "filing",
                "京",
                "2021017352",
                "1",
                text("why.hao-after-suffix", suffix="1"),
                0,
                18,
                (5, 15),
            )
        ],
    ),
    (
        "京ICP备2021017352号-1a",
        [
            (
                "京ICP备2021017352号-1A",
                "京ICP备2021017352号-1a",
                "filing",
                "京",
                "2021017352",
                "1A",
                None,
                0,
                19,
                (5, 15),
            )
        ],
    ),
    # a body that itself spells ICP does not stop the search for the next number
    (
        "京ICP备ICPICP号 京ICP备2021017352号",
        [
            (
                "京ICP备ICPICP号",
                "京ICP备ICPICP号",
                "filing",
                "京",
                "ICPICP",
                "",
                text("why.placeholder", body="ICPICP"),
                0,
                12,
                (5, 11),
            ),
            (
                "京ICP备2021017352号",
                "京ICP备2021017352号",
                "filing",
                "京",
                "2021017352",
                "",
                None,
                13,
                29,
                (18, 28),
            ),
        ],
    ),
]


@pytest.mark.parametrize("s,found", ICP)
def test_icp_number_fields(s: str, found: list[IcpRow]) -> None:
    assert _icp(s) == found


PsbRow = tuple[str, str, str, str, "Text | None", bool, int, int, tuple[int, int]]


def _psb(s: str) -> list[PsbRow]:
    return [
        (n.text, n.raw, n.province, n.code, n.problem, n.prefix_mismatch, n.start, n.end, n.core)
        for n in find_psb(normalize(s))
    ]


PSB = [
    (
        "京公网安备号",
        [("京公网安备号", "京公网安备号", "京", "", _no_number("公网安备"), False, 0, 6, (0, 6))],
    ),
    (
        "京公网安备ING号",
        [
            (
                "京公网安备ING号",
                "京公网安备ING号",
                "京",
                "ING",
                text("why.placeholder-psb", body="ING"),
                False,
                0,
                9,
                (5, 8),
            )
        ],
    ),
    (
        "京公网安备案中",
        [
            (
                "京公网安备案中",
                "京公网安备案中",
                "京",
                "案中",
                text("why.placeholder-psb", body="案中"),
                False,
                0,
                7,
                (5, 7),
            )
        ],
    ),
    (
        "京公网安备1101050203014号",
        [
            (
                "京公网安备1101050203014号",
                "京公网安备1101050203014号",
                "京",
                "1101050203014",
                text("why.psb-digits", count=13),
                False,
                0,
                19,
                (5, 18),
            )
        ],
    ),
    (
        "公网安备11010502030143号",
        [
            (
                "公网安备11010502030143号",
                "公网安备11010502030143号",
                "",
                "11010502030143",
                text("why.no-province", label="公网安备"),
                False,
                0,
                19,
                (4, 18),
            )
        ],
    ),
    (
        "萌公网安备11010502030143号",
        [
            (
                "萌公网安备11010502030143号",
                "萌公网安备11010502030143号",
                "萌",
                "11010502030143",
                text("why.bad-province", province="萌"),
                False,
                0,
                20,
                (5, 19),
            )
        ],
    ),
    (
        "沪公网安备11010502030143号",
        [
            (
                "沪公网安备11010502030143号",
                "沪公网安备11010502030143号",
                "沪",
                "11010502030143",
                None,
                True,
                0,
                20,
                (5, 19),
            )
        ],
    ),
    (
        "京公网安备 11010502030143",
        [
            (
                "京公网安备11010502030143号",
                "京公网安备 11010502030143",
                "京",
                "11010502030143",
                None,
                False,
                0,
                20,
                (6, 20),
            )
        ],
    ),
    (
        "京公网安备11010502030143号 沪公网安备31010502030143号",
        [
            (
                "京公网安备11010502030143号",
                "京公网安备11010502030143号",
                "京",
                "11010502030143",
                None,
                False,
                0,
                20,
                (5, 19),
            ),
            (
                "沪公网安备31010502030143号",
                "沪公网安备31010502030143号",
                "沪",
                "31010502030143",
                None,
                False,
                21,
                41,
                (26, 40),
            ),
        ],
    ),
]


@pytest.mark.parametrize("s,found", PSB)
def test_psb_number_fields(s: str, found: list[PsbRow]) -> None:
    assert _psb(s) == found


@pytest.mark.parametrize(
    "body,placeholder",
    [
        ("", True),
        ("XXXXXXXX", True),
        ("****", True),
        ("0000000", True),
        ("12345678", True),
        ("11111111111111", True),
        ("20210173", False),
        ("10000000", False),
        ("11010502030143", False),
    ],
)
def test_placeholder_digits(body: str, placeholder: bool) -> None:
    assert is_placeholder_digits(body) is placeholder


def test_normalize_leaves_entities_when_told() -> None:
    assert normalize("京ICP&#22791;  1", unescape=False) == "京ICP&#22791; 1"
    assert normalize("京ICP&#22791;  1") == "京ICP备 1"


@pytest.mark.parametrize(
    "shown,expected,match",
    [
        ("京ICP备2021017352号-2", "京ICP备2021017352号", True),  # the filing covers its sites
        ("京ICP备2021017352号-2", "京ICP备2021017352号-2", True),
        ("京ICP备2021017352号-2", "京ICP备2021017352号-3", False),
        ("京ICP备2021017352号", "京ICP备2021017352号-3", False),
        ("京ICP备2021017353号", "京ICP备2021017352号", False),  # digits differ
        ("沪ICP备2021017352号", "京ICP备2021017352号", False),  # province differs
        ("京ICP证2021017352号", "京ICP备2021017352号", False),  # kind differs
    ],
)
def test_icp_matches_expected(shown: str, expected: str, match: bool) -> None:
    assert icp_matches_expected(find_icp(shown)[0], parse_expected_icp(expected)) is match


def _bad(field: str, value: str, reason: Text) -> Text:
    return text("why.expected-number", field=field, value=repr(value), reason=reason)


@pytest.mark.parametrize(
    "value,reason",
    [
        ("萌ICP备20240001号", text("why.bad-province-icp", province="萌")),
        ("京ICP备XXXX号", text("why.placeholder", body="XXXX")),
        ("京ICP备2021017352号 extra", text("why.not-icp")),
        ("京ICP备2021017352号 京ICP备2021017353号", text("why.not-icp")),
        ("萌ICP备20240001号 京ICP备2021017352号", text("why.not-icp")),  # two, the first bad
        ("", text("why.not-icp")),
    ],
)
def test_bad_expected_icp_says_why(value: str, reason: Text) -> None:
    with pytest.raises(ExpectedNumberError) as e:
        parse_expected_icp(value)
    assert e.value.args == (_bad("icp", value, reason),)


@pytest.mark.parametrize(
    "value,reason",
    [
        ("1101050203014", text("why.psb-code-digits")),
        ("00000000000000", text("why.psb-code-digits")),
        ("99010502030143", text("why.bad-province-code", prefix="99")),
        ("沪公网安备11010502030143号", text("why.province-disagrees")),
        ("京公网安备1101050203014号", text("why.psb-digits", count=13)),
        ("京公网安备11010502030143号 京公网安备11010502030143号", text("why.not-psb")),
        ("萌公网安备11010502030143号 京公网安备11010502030143号", text("why.not-psb")),
        ("沪公网安备11010502030143号 京公网安备11010502030143号", text("why.not-psb")),
        ("abc", text("why.not-psb")),
    ],
)
def test_bad_expected_psb_says_why(value: str, reason: Text) -> None:
    with pytest.raises(ExpectedNumberError) as e:
        parse_expected_psb(value)
    assert e.value.args == (_bad("psb", value, reason),)


def _bare(example: str) -> Text:
    return text("why.icp-bare-code", example=example)


LABELLED = [
    # digits after a label: a claim, not in the issued form, with the number written out
    (
        "ICP备案号：20210173号-1",
        [
            (
                "ICP备案号:20210173号-1",
                "ICP备案号:20210173号-1",
                "filing",
                "",
                "20210173",
                "1",
                _bare("京ICP备20210173号-1"),
                0,
                18,
                (7, 15),
            )
        ],
    ),
    (
        "ICP备案号：20210173号-1a",
        [
            (
                "ICP备案号:20210173号-1a",
                "ICP备案号:20210173号-1a",
                "filing",
                "",
                "20210173",
                "1A",
                _bare("京ICP备20210173号-1A"),
                0,
                19,
                (7, 15),
            )
        ],
    ),
    (
        "京ICP备案20210173号",
        [
            (
                "京ICP备案20210173号",
                "京ICP备案20210173号",
                "filing",
                "京",
                "20210173",
                "",
                _bare("京ICP备20210173号"),
                0,
                15,
                (6, 14),
            )
        ],
    ),
    (
        "沪ICP备案号：20210173",
        [
            (
                "沪ICP备案号:20210173",
                "沪ICP备案号:20210173",
                "filing",
                "沪",
                "20210173",
                "",
                _bare("沪ICP备20210173号"),
                0,
                16,
                (8, 16),
            )
        ],
    ),
    # a character that is no province is not kept
    (
        "萌ICP备案号：20210173号",
        [
            (
                "萌ICP备案号:20210173号",
                "萌ICP备案号:20210173号",
                "filing",
                "",
                "20210173",
                "",
                _bare("京ICP备20210173号"),
                0,
                17,
                (8, 16),
            )
        ],
    ),
    (
        "ICP证：20210173",
        [
            (
                "ICP证:20210173",
                "ICP证:20210173",
                "licence",
                "",
                "20210173",
                "",
                _bare("京ICP证20210173号"),
                0,
                13,
                (5, 13),
            )
        ],
    ),
    (
        "ICP备案号：12345678",
        [
            (
                "ICP备案号:12345678",
                "ICP备案号:12345678",
                "filing",
                "",
                "12345678",
                "",
                text("why.placeholder", body="12345678"),
                0,
                15,
                (7, 15),
            )
        ],
    ),
    # a label whose claim was already taken is skipped; the next one is not
    (
        "ICP证号：20210173 ICP备案号：20210174",
        [
            ("ICP证号", "ICP证号", "licence", "", "", "", _no_number("ICP证"), 0, 5, (0, 5)),
            (
                "ICP备案号:20210174",
                "ICP备案号:20210174",
                "filing",
                "",
                "20210174",
                "",
                _bare("京ICP备20210174号"),
                14,
                30,
                (22, 30),
            ),
        ],
    ),
    # side by side with a number in the issued form, touching on either side
    (
        "ICP备案号：20210173京ICP备2021017352号",
        [
            (
                "京ICP备2021017352号",
                "京ICP备2021017352号",
                "filing",
                "京",
                "2021017352",
                "",
                None,
                15,
                31,
                (20, 30),
            ),
            (
                "ICP备案号:20210173",
                "ICP备案号:20210173",
                "filing",
                "",
                "20210173",
                "",
                _bare("京ICP备20210173号"),
                0,
                15,
                (7, 15),
            ),
        ],
    ),
    (
        "京ICP备2021017352号-1ICP备案号：20210173",
        [
            (
                "京ICP备2021017352号-1",
                "京ICP备2021017352号-1",
                "filing",
                "京",
                "2021017352",
                "1",
                None,
                0,
                18,
                (5, 15),
            ),
            (
                "ICP备案号:20210173",
                "ICP备案号:20210173",
                "filing",
                "",
                "20210173",
                "",
                _bare("京ICP备20210173号"),
                18,
                33,
                (25, 33),
            ),
        ],
    ),
]


@pytest.mark.parametrize("s,found", LABELLED)
def test_icp_digits_after_a_label(s: str, found: list[IcpRow]) -> None:
    assert _icp(s) == found


def _psb_bare(example: str) -> Text:
    return text("why.psb-bare-code", example=example)


@pytest.mark.parametrize(
    "s,found",
    [
        (
            "公安备案号：35020302001234",
            [
                (
                    "公安备案号:35020302001234",
                    "公安备案号:35020302001234",
                    "",
                    "35020302001234",
                    _psb_bare("闽公网安备35020302001234号"),
                    False,
                    0,
                    20,
                    (6, 20),
                )
            ],
        ),
        # the province written out is the later alias (川, not 蜀)
        (
            "公网安备案号 51010402000123",
            [
                (
                    "公网安备案号 51010402000123",
                    "公网安备案号 51010402000123",
                    "",
                    "51010402000123",
                    _psb_bare("川公网安备51010402000123号"),
                    False,
                    0,
                    21,
                    (7, 21),
                )
            ],
        ),
        # no province for the code, or not 14 digits: the example is the documented one
        (
            "公安机关备案号:99010402000123",
            [
                (
                    "公安机关备案号:99010402000123",
                    "公安机关备案号:99010402000123",
                    "",
                    "99010402000123",
                    _psb_bare("京公网安备11010502030143号"),
                    False,
                    0,
                    22,
                    (8, 22),
                )
            ],
        ),
        (
            "网安备案编号：1101050203014",
            [
                (
                    "网安备案编号:1101050203014",
                    "网安备案编号:1101050203014",
                    "",
                    "1101050203014",
                    _psb_bare("京公网安备11010502030143号"),
                    False,
                    0,
                    20,
                    (7, 20),
                )
            ],
        ),
        # in text order with numbers in the issued form
        (
            "公安备案号：35020302001234 京公网安备11010502030143号",
            [
                (
                    "公安备案号:35020302001234",
                    "公安备案号:35020302001234",
                    "",
                    "35020302001234",
                    _psb_bare("闽公网安备35020302001234号"),
                    False,
                    0,
                    20,
                    (6, 20),
                ),
                (
                    "京公网安备11010502030143号",
                    "京公网安备11010502030143号",
                    "京",
                    "11010502030143",
                    None,
                    False,
                    21,
                    41,
                    (26, 40),
                ),
            ],
        ),
        (
            "京公网安备11010502030143号 公安备案号：35020302001234",
            [
                (
                    "京公网安备11010502030143号",
                    "京公网安备11010502030143号",
                    "京",
                    "11010502030143",
                    None,
                    False,
                    0,
                    20,
                    (5, 19),
                ),
                (
                    "公安备案号:35020302001234",
                    "公安备案号:35020302001234",
                    "",
                    "35020302001234",
                    _psb_bare("闽公网安备35020302001234号"),
                    False,
                    21,
                    41,
                    (27, 41),
                ),
            ],
        ),
    ],
)
def test_psb_code_after_a_label(s: str, found: list[PsbRow]) -> None:
    assert _psb(s) == found
