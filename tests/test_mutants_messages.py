"""messages.py pinned where mutants went unnoticed: the catalogue is the union of its
tables, each key once (README, "Development")."""

from __future__ import annotations

import pytest

from beian_check import messages


def test_tables_merge_into_one_catalogue() -> None:
    a, b, c = ("A", "甲"), ("B", "乙"), ("C", "丙")
    assert messages._merge({"a": a, "b": b}, {}, {"c": c}) == {"a": a, "b": b, "c": c}
    assert messages._merge() == {}
    with pytest.raises(ValueError, match="duplicate message key 'b'"):
        messages._merge({"a": a, "b": b}, {"c": c, "b": b})


def test_the_catalogue_holds_every_table() -> None:
    tables = [getattr(messages, name) for name in ("FINDINGS", "PHRASES", "FETCH", "REPORT", "CLI", "NOTIFY")]
    assert len(messages.CATALOGUE) == sum(len(table) for table in tables)
    for table in tables:
        for key, value in table.items():
            assert messages.CATALOGUE[key] == value


def test_a_text_carries_its_arguments_into_every_language() -> None:
    # A reason quoted inside a finding: the arguments it was made with are what both
    # languages show, nested reasons translated with it.
    why = messages.text("why.no-number-after", label=messages.text("what.icp"))
    assert why.args == (("label", messages.Text("what.icp")),)
    assert why.render("en") == "no number after ICP number"
    assert why.render("zh") == "ICP备案号 后没有号码"
    assert str(why) == "no number after ICP number"
    assert messages.t(
        "icp-malformed", "en", raw="京ICP备1号", problem=messages.text("why.icp-digits", count=1)
    ) == (
        "'京ICP备1号' is not a valid ICP number: 1 digits; an ICP filing number has 5 to 10. Show it "
        "exactly as MIIT issued it, e.g. 京ICP备2024012345号-1."
    )
