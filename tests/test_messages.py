"""The catalogue: every finding code and every string exists in both languages, with the
same placeholders, and the language follows the locale."""

from __future__ import annotations

import re
import string

import pytest

from beian_check import messages
from beian_check.messages import CATALOGUE, LANGS, lang_from_env, t, text
from beian_check.model import CODES, Finding

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_has_a_message() -> None:
    assert set(CODES) <= set(messages.FINDINGS)


def test_every_key_of_a_finding_is_a_code_or_a_variant_of_one() -> None:
    for key in messages.FINDINGS:
        assert key.split(".")[0] in CODES, key


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = CATALOGUE[key]
    assert len(entry) == len(LANGS) == 2
    en, zh = entry
    assert en.strip() and zh.strip(), key
    assert _fields(en) == _fields(zh), key
    words = re.sub(r"\{\w+\}|HTTP", "", en)
    if _CJK.search(en) is None and re.search(r"[A-Za-z]{4,}", words):
        # A sentence in English must be a sentence in Chinese, not the same English.
        assert _CJK.search(zh) is not None, key


def test_nested_text_is_rendered_in_the_same_language() -> None:
    f = Finding(
        "icp-not-linked",
        "http://x.test/",
        args=(("number", "京ICP备12345678号"), ("reason", text("why.no-link"))),
    )
    assert f.message("en") == (
        "京ICP备12345678号 is not a link (no <a href> around the number); wrap it in "
        '<a href="https://beian.miit.gov.cn/">.'
    )
    assert f.message("zh") == (
        "京ICP备12345678号 没有链接（号码外没有 <a href> 链接）；请用 "
        '<a href="https://beian.miit.gov.cn/"> 包裹它。'
    )
    assert f.to_dict("zh")["message"] == f.message("zh")


def test_unknown_language_is_english() -> None:
    assert t("icp-missing", "fr") == t("icp-missing", "en")


@pytest.mark.parametrize(
    "env,lang",
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_ALL": "zh_TW", "LANG": "C"}, "zh"),
        ({"LC_MESSAGES": "zh_CN", "LANG": "en_US"}, "zh"),
        ({"LC_ALL": "", "LANG": "zh_CN"}, "zh"),
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_language_follows_the_locale(env: dict[str, str], lang: str) -> None:
    assert lang_from_env(env) == lang


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        messages._merge({"a": ("x", "y")}, {"a": ("x", "y")})
