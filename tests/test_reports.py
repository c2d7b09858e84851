"""Every registered format renders the shared sample report; whole-output golden files;
crawled text escaped for each medium. UPDATE_GOLDEN=1 rewrites the golden files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from beian_check.report import FORMATS, get_format

from .sample_report import sample_report

GOLDEN = Path(__file__).parent / "golden"
EXT = {"text": "txt", "json": "json", "jsonl": "jsonl", "junit": "xml", "csv": "csv", "markdown": "md",
       "html": "html"}


def test_registry_is_exhaustive() -> None:
    assert set(FORMATS) == set(EXT)
    for name in FORMATS:
        assert get_format(name).name == name


@pytest.mark.parametrize("name", sorted(EXT))
def test_golden(name: str) -> None:
    out = get_format(name).render(sample_report())
    path = GOLDEN / f"sample.{EXT[name]}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8", newline="")
    assert out == path.read_text(encoding="utf-8"), f"{name} changed; UPDATE_GOLDEN=1 if intended"


@pytest.mark.parametrize("name", sorted(EXT))
def test_no_raw_escape_or_bell_reaches_any_format(name: str) -> None:
    out = get_format(name).render(sample_report())
    assert "\x1b" not in out and "\x07" not in out


def test_json_schema_and_order() -> None:
    doc = json.loads(get_format("json").render(sample_report()))
    assert doc["schema"] == "beian-check/1" and doc["version"] == "0.1.0"
    assert doc["summary"] == {"targets": 3, "pass": 1, "fail": 1, "error": 1}
    assert [r["status"] for r in doc["results"]] == ["pass", "fail", "error"]
    r = doc["results"][0]
    assert set(r) == {"target", "url", "final_url", "status", "icp", "psb", "pages", "findings"}
    assert doc["results"][1]["psb"] is None
    assert set(doc["results"][1]["findings"][0]) == {"code", "severity", "message", "page", "evidence"}
    interrupted = json.loads(get_format("json").render(sample_report(interrupted=True)))
    assert interrupted["summary"]["interrupted"] is True


def test_jsonl_one_result_per_line_for_every_reader() -> None:
    fmt = get_format("jsonl")
    report = sample_report()
    out = fmt.render(report)
    assert len(out.splitlines()) == 3
    assert [json.loads(line)["target"] for line in out.splitlines()] == [r.target for r in report.results]
    from dataclasses import replace
    tricky = replace(report.results[0], target="a\u2028b\u2029c\x85d")
    line = fmt.line(tricky)
    assert len(line.splitlines()) == 1 and json.loads(line)["target"] == "a\u2028b\u2029c\x85d"


def test_junit_is_well_formed_and_counts() -> None:
    root = ET.fromstring(get_format("junit").render(sample_report()).encode("utf-8"))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "1"
    cases = suite.findall("testcase")
    assert len(cases) == 3
    assert cases[1].find("failure") is not None and cases[2].find("error") is not None
    assert "<script>" in cases[1].get("name", "")          # escaped in the file, intact when parsed


def test_csv_round_trips_and_defuses_formulas() -> None:
    rows = list(csv.reader(io.StringIO(get_format("csv").render(sample_report()))))
    assert rows[0][:2] == ["target", "status"]
    evil = [r for r in rows[1:] if "evil" in r[0]]
    assert len(evil) == 3 and all(r[0].startswith("'=") for r in evil)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        self.tags.append(tag)


def test_html_is_self_contained_and_escaped() -> None:
    out = get_format("html").render(sample_report())
    p = _Collect()
    p.feed(out)
    assert "script" not in p.tags                           # crawled <script> is text, not a tag
    assert "<script>alert" not in out and "&lt;script&gt;alert" in out
    assert "http" not in "".join(t for t in p.tags)
    assert out.index("evil.example.cn") < out.index("down.example.cn") < out.index("good.example.cn")


def test_markdown_keeps_the_table_intact() -> None:
    out = get_format("markdown").render(sample_report())
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert len(rows) == 4
    assert all(len(re.findall(r"(?<!\\)\|", line)) == 6 for line in rows)
    assert "<script>" not in out


def test_text_strips_terminal_controls_and_colours_only_on_request() -> None:
    fmt = get_format("text")
    plain = fmt.render(sample_report())
    assert "\x1b" not in plain and "1 pass, 1 fail, 1 error" in plain
    assert "\x1b[32m" in fmt.render(sample_report(), color=True)
