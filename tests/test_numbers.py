from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beian_check.numbers import (
    PROVINCES,
    ExpectedNumberError,
    find_icp,
    find_psb,
    icp_matches_expected,
    normalize,
    parse_expected_icp,
    parse_expected_psb,
)

ICP_CASES = [
    # text, canonical text or None, problem substring or None
    ("京ICP备12345679号-1", "京ICP备12345679号-1", None),
    ("浙ICP备2021017352号-2", "浙ICP备2021017352号-2", None),
    ("京ICP备05012345号", "京ICP备05012345号", None),
    ("京ICP证030173号", "京ICP证030173号", None),
    ("京ICP证030173号-1", "京ICP证030173号-1", None),
    ("粤ICP备2024012345号-2A", "粤ICP备2024012345号-2A", None),
    ("粤ICP备2024012345号-3X", "粤ICP备2024012345号-3X", None),
    ("粤ICP备2024012345号-1K", "粤ICP备2024012345号-1K", None),
    ("京 ICP 备 2021017352 号 - 2", "京ICP备2021017352号-2", None),
    ("京ＩＣＰ备２０２１０１７３５２号－２", "京ICP备2021017352号-2", None),
    ("京ICP备2021017352号—2", "京ICP备2021017352号-2", None),
    ("京ICP备20210\u200b17352号", "京ICP备2021017352号", None),
    ("蜀ICP备2022012345号", "蜀ICP备2022012345号", None),
    ("京icp备2021017352号", "京ICP备2021017352号", None),
    ("萌ICP备20240001号", None, "not a province"),
    ("茶ICP备20240001号", None, "not a province"),
    ("ICP备2021017352号", None, "no province"),
    ("京ICP备XXXXXXXX号", None, "placeholder"),
    ("京ICP备********号", None, "placeholder"),
    ("京ICP备00000000号", None, "placeholder"),
    ("京ICP备12345678号", None, "placeholder"),
    ("京ICP备1234567890号", None, "placeholder"),
    ("京ICP备案中", None, "placeholder"),
    ("京ICP备ing", None, "placeholder"),
    ("京ICP备待填写号", None, "placeholder"),
    ("京ICP备1234号", None, "4 digits"),
    ("京ICP备20210173521号", None, "11 digits"),
    ("京ICP备2021017352", None, "missing 号"),
    # a documented example form: 号 after the site suffix is named as such
    ("粤ICP备 2019123456-1 号", None, "号 must come before the site suffix -1"),
    ("粤ICP备2019123456-1号", None, "号 must come before the site suffix -1"),
]


@pytest.mark.parametrize("text,canonical,problem", ICP_CASES)
def test_icp_grammar(text: str, canonical: str | None, problem: str | None) -> None:
    found = find_icp(normalize(text))
    assert len(found) == 1, found
    n = found[0]
    if canonical is None:
        assert n.problem is not None and problem in str(n.problem), n
    else:
        assert n.problem is None, n.problem
        assert n.text == canonical


@pytest.mark.parametrize(
    "text",
    [
        "ICP备案号：",
        "ICP证：",
        "京B2-20090059",
        "增值电信业务经营许可证",
        "ICP备案/许可证号",
        "ICP",
        "ICP备案查询",
        "IC P备",
    ],
)
def test_icp_labels_and_permits_are_not_claims(text: str) -> None:
    assert find_icp(normalize(text)) == []


def test_icp_label_then_number() -> None:
    found = find_icp(normalize("ICP备案号：京ICP备2021017352号-2 ICP证：京ICP证030173号"))
    assert [n.text for n in found] == ["京ICP备2021017352号-2", "京ICP证030173号"]
    assert [n.kind for n in found] == ["filing", "licence"]


PSB_CASES = [
    ("京公网安备11010502030143号", "11010502030143", None, False),
    ("京公网安备 11010502030143号", "11010502030143", None, False),
    ("京公网安备11010502030143", "11010502030143", None, False),  # platform snippet: no 号
    ("川公网安备51010402000123号", "51010402000123", None, False),
    ("蜀公网安备51010402000123号", "51010402000123", None, False),
    ("贵公网安备52010202000456号", "52010202000456", None, False),
    ("甘公网安备62010202000456号", "62010202000456", None, False),
    ("沪公网安备11010502030143号", "11010502030143", None, True),
    ("京公网安备1101050203014号", None, "13 digits", False),
    ("京公网安备110105020301431号", None, "15 digits", False),
    ("京公网安备XXXXXXXXXXXXXX号", None, "placeholder", False),
    ("京公网安备00000000000000号", None, "placeholder", False),
    ("京公网安备案中", None, "placeholder", False),
    ("萌公网安备11010502030143号", None, "not a province", False),
    ("公网安备11010502030143号", None, "no province", False),
]


@pytest.mark.parametrize("text,code,problem,mismatch", PSB_CASES)
def test_psb_grammar(text: str, code: str | None, problem: str | None, mismatch: bool) -> None:
    found = find_psb(normalize(text))
    assert len(found) == 1, found
    n = found[0]
    if code is None:
        assert n.problem is not None and problem in str(n.problem)
    else:
        assert n.problem is None and n.code == code
        assert n.text == f"{n.province}公网安备{code}号"
    assert n.prefix_mismatch is mismatch


def test_every_province_accepted_with_its_own_code() -> None:
    for char, code in PROVINCES.items():
        n = find_psb(f"{char}公网安备{code}010502030143号")[0]
        assert n.problem is None and not n.prefix_mismatch, char
        assert find_icp(f"{char}ICP备2021017352号")[0].problem is None


def test_normalize_rules() -> None:
    assert normalize("京&nbsp;ICP&#22791;") == "京 ICP备"
    assert normalize("Ａ\u3000Ｂ\u00a0\u00a0C\n\tD") == "A B C D"
    assert normalize("a\u200bb\ufeffc") == "abc"
    assert normalize("1－2—3–4‐5") == "1-2-3-4-5"


@given(st.text(max_size=200))
def test_normalize_is_idempotent_and_total(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    find_icp(once)
    find_psb(once)


def test_expected_numbers() -> None:
    assert parse_expected_psb("11010502030143") == "11010502030143"
    assert parse_expected_psb("京公网安备11010502030143号") == "11010502030143"
    exp = parse_expected_icp("京ICP备2021017352号")
    assert icp_matches_expected(find_icp("京ICP备2021017352号-2")[0], exp)
    exp2 = parse_expected_icp("京ICP备2021017352号-3")
    assert not icp_matches_expected(find_icp("京ICP备2021017352号-2")[0], exp2)
    for bad in ("1101050203014", "99010502030143", "沪公网安备11010502030143号", "abc"):
        with pytest.raises(ExpectedNumberError):
            parse_expected_psb(bad)
    for bad in ("萌ICP备20240001号", "京ICP备XXXX号", "京ICP备2021017352号 extra", ""):
        with pytest.raises(ExpectedNumberError):
            parse_expected_icp(bad)


def test_display_spacing_inside_a_number_is_fine() -> None:
    psb = find_psb(normalize("苏公网安备 32011502011987 号"))
    assert len(psb) == 1 and psb[0].problem is None and psb[0].raw == "苏公网安备 32011502011987 号"
    icp = find_icp(normalize("粤ICP备 2019123456-1 号"))
    assert icp[0].raw == "粤ICP备 2019123456-1 号"


def test_a_number_without_hao_takes_no_space_from_what_follows() -> None:
    text = normalize("京公网安备11010502053810   京ICP备2023029298号")
    psb = find_psb(text)[0]
    assert psb.raw == "京公网安备11010502053810" and text[psb.start : psb.end] == psb.raw
    assert text[slice(*psb.core)] == "11010502053810"
    icp = find_icp(text)[0]
    assert text[slice(*icp.core)] == "2023029298" and icp.text == "京ICP备2023029298号"


def test_a_year_after_the_number_is_no_site_suffix() -> None:
    n = find_icp(normalize("京ICP备2021017352号-2024 版权所有"))[0]
    assert n.suffix == "" and n.text == "京ICP备2021017352号"


@pytest.mark.parametrize(
    "text,code,example",
    [
        ("公安备案号：35020302001234", "35020302001234", "闽公网安备35020302001234号"),
        ("公安机关备案号 51010402001234", "51010402001234", "川公网安备51010402001234号"),
        ("京公网安备案号:11010502030143", "11010502030143", "京公网安备11010502030143号"),
        # not 14 digits: the generic example
        ("公安联网备案号：1101050203", "1101050203", "京公网安备11010502030143号"),
    ],
)
def test_a_bare_code_after_a_label_is_a_malformed_claim(text: str, code: str, example: str) -> None:
    [n] = find_psb(normalize(text))
    assert n.code == code and n.province == "" and n.problem is not None
    assert example in n.problem.render("en")


def test_a_label_before_the_full_number_is_no_bare_code() -> None:
    [n] = find_psb(normalize("公安备案号：京公网安备11010502030143号"))
    assert n.problem is None and n.text == "京公网安备11010502030143号"


@pytest.mark.parametrize(
    "text,example",
    [
        ("ICP备案号：20210173号-1", "京ICP备20210173号-1"),
        ("京ICP备案20210173号", "京ICP备20210173号"),
        ("沪ICP备：2021017352号", "沪ICP备2021017352号"),
        ("ICP证：030173号", "京ICP证030173号"),
    ],
)
def test_digits_after_an_icp_label_are_a_malformed_claim(text: str, example: str) -> None:
    [n] = find_icp(normalize(text))
    assert n.problem is not None and example in n.problem.render("en")


@pytest.mark.parametrize(
    "text",
    [
        "ICP备案号：京ICP备20210173号",
        "沪ICP备案/许可证号：沪ICP备2021017352号",
        "京ICP备案号：京ICP备20210173号",
    ],
)
def test_an_icp_label_before_the_full_number_is_no_claim(text: str) -> None:
    [n] = find_icp(normalize(text))
    assert n.problem is None and n.raw.endswith("号")
