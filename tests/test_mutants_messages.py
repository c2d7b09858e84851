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
