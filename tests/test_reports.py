"""Every registered format renders the shared sample report in both languages; whole-output
golden files; crawled text escaped for each medium; codes, keys and statuses the same in
every language. UPDATE_GOLDEN=1 rewrites the golden files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from beian_check.messages import LANGS, REPORT
from beian_check.report import FORMATS, View, get_format

from .sample_report import sample_report

GOLDEN = Path(__file__).parent / "golden"
EXT = {
    "text": "txt",
    "json": "json",
    "jsonl": "jsonl",
    "junit": "xml",
    "csv": "csv",
    "markdown": "md",
    "html": "html",
    "prometheus": "prom",
}
HUMAN = ("text", "markdown", "html")


def render(name: str, lang: str = "en", **view: bool) -> str:
    return get_format(name).render(sample_report(), View(lang=lang, **view))


def test_registry_is_exhaustive() -> None:
    assert set(FORMATS) == set(EXT)
    for name in FORMATS:
        assert get_format(name).name == name


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(EXT))
def test_golden(name: str, lang: str) -> None:
    out = render(name, lang)
    path = GOLDEN / (f"sample.{EXT[name]}" if lang == "en" else f"sample.{lang}.{EXT[name]}")
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8", newline="")
    assert out == path.read_bytes().decode("utf-8"), f"{name} changed; UPDATE_GOLDEN=1 if intended"


@pytest.mark.parametrize("name", sorted(EXT))
def test_no_raw_escape_or_bell_reaches_any_format(name: str) -> None:
    for lang in LANGS:
        out = render(name, lang)
        assert "\x1b" not in out and "\x07" not in out


_WORD = re.compile(r"[A-Za-z]{4,}")
# English words that are also data in the sample, or identical in both languages.
_SHARED = {"beian", "check", "never", "none", "http", "https", "render", "HTML"}


# Machine formats: JSON keys and metric names and help stay English (as JSON keys do).
@pytest.mark.parametrize("name", sorted(set(EXT) - {"json", "jsonl", "prometheus"}))
def test_chinese_reports_carry_no_english_report_words(name: str) -> None:
    """Every fixed string of a report comes from the catalogue: the Chinese rendering holds
    none of the English words of the report table (outside the sample's own data)."""
    out = render(name, "zh")
    data = json.dumps([r.to_dict("zh") for r in sample_report().results], ensure_ascii=False)
    words = {w for en, _ in REPORT.values() for w in _WORD.findall(re.sub(r"\{\w+\}", "", en))}
    leaked = sorted(w for w in words - _SHARED if re.search(rf"\b{w}\b", out) and w not in data)
    assert leaked == []


def test_json_is_the_same_document_in_every_language_but_the_messages() -> None:
    en, zh = (json.loads(render("json", lang)) for lang in LANGS)
    for doc in (en, zh):
        for r in doc["results"]:
            for f in r["findings"]:
                f.pop("message")
        doc["run"].pop("lang")
    assert en == zh
    assert render("jsonl", "zh").count("\n") == 4


def test_json_schema_order_and_how_it_was_made() -> None:
    doc = json.loads(render("json"))
    assert doc["schema"] == "beian-check/1" and doc["version"] == "0.2.0"
    options = {"strict": False, "ignore": ["page-redirect-offsite"], "render": "never"}
    assert doc["run"] == {
        "version": "0.2.0",
        "started": "2026-11-27T10:00:00+08:00",
        "duration_s": 12.345,
        "options": options,
        "lang": "en",
    }
    assert doc["summary"] == {"targets": 4, "pass": 2, "fail": 1, "error": 1, "warnings": 2, "ignored": 1}
    assert [r["status"] for r in doc["results"]] == ["pass", "fail", "pass", "error"]
    r = doc["results"][0]
    assert set(r) == {"target", "url", "final_url", "status", "icp", "psb", "pages", "findings"}
    evil = doc["results"][1]
    assert evil["psb"] is None and evil["ignored"] == ["page-redirect-offsite"]
    assert evil["fix"].startswith('<a href="https://beian.miit.gov.cn/"')
    assert set(evil["findings"][0]) == {"code", "severity", "message", "page", "evidence", "args"}
    down = doc["results"][3]["findings"][0]
    assert down["detail"].startswith("ConnectTimeout") and "127.0.0.1" not in down["message"]
    interrupted = json.loads(get_format("json").render(sample_report(interrupted=True)))
    assert interrupted["summary"]["interrupted"] is True


def test_jsonl_one_result_per_line_for_every_reader() -> None:
    fmt = get_format("jsonl")
    report = sample_report()
    out = fmt.render(report)
    assert len(out.splitlines()) == 4
    assert [json.loads(line)["target"] for line in out.splitlines()] == [r.target for r in report.results]
    tricky = replace(report.results[0], target="a\u2028b\u2029c\x85d")
    line = fmt.line(tricky)
    assert len(line.splitlines()) == 1 and json.loads(line)["target"] == "a\u2028b\u2029c\x85d"


def test_junit_is_well_formed_and_counts() -> None:
    for lang in LANGS:
        root = ET.fromstring(render("junit", lang).encode("utf-8"))
        suite = root.find("testsuite")
        assert suite is not None and suite.get("tests") == "4" and suite.get("failures") == "1"
        cases = suite.findall("testcase")
        assert len(cases) == 4
        assert cases[1].find("failure") is not None and cases[3].find("error") is not None
        assert "<script>" in cases[1].get("name", "")  # escaped in the file, intact when parsed
        props = {p.get("name"): p.get("value") for p in suite.iter("property")}
        assert set(props) == {"summary", "run"} and "0.2.0" in (props["run"] or "")


def test_csv_opens_in_excel_round_trips_and_defuses_formulas() -> None:
    for lang, header in (("en", ["target", "status"]), ("zh", ["目标", "状态"])):
        out = render("csv", lang)
        assert out.startswith("\ufeff") and out.count("\ufeff") == 1
        rows = list(csv.reader(io.StringIO(out.encode("utf-8").decode("utf-8-sig"))))
        assert rows[0][:2] == header
        evil = [r for r in rows[1:] if "evil" in r[0]]
        assert len(evil) == 3 and all(r[0].startswith("'=") for r in evil)
        assert [r[10] for r in rows[1:]] == [
            "",
            "icp-link-retired",
            "psb-missing",
            "psb-link-legacy",
            "psb-icon-unverified",
            "fetch-failed",
        ]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        self.tags.append(tag)


def test_html_is_self_contained_and_escaped() -> None:
    out = render("html")
    p = _Collect()
    p.feed(out)
    assert "script" not in p.tags  # crawled <script> is text, not a tag
    assert "<script>alert" not in out and "&lt;script&gt;alert" in out
    assert "http" not in "".join(t for t in p.tags)
    assert out.index("evil.example.cn") < out.index("down.example.cn") < out.index("good.example.cn")
    assert '<html lang="zh-CN">' in render("html", "zh") and '<html lang="en">' in out


def test_markdown_keeps_the_table_intact() -> None:
    out = render("markdown")
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert len(rows) == 5
    assert all(len(re.findall(r"(?<!\\)\|", line)) == 6 for line in rows)


def test_only_failures_lists_what_needs_attention_and_counts_everything() -> None:
    for name in HUMAN:
        full, short = render(name), render(name, only_failures=True)
        assert "good.example.cn" in full and "good.example.cn" not in short, name
        for kept in ("evil.example.cn", "warn.example.cn", "down.example.cn"):
            assert kept in short, (name, kept)
        assert "targets checked: 4 · pass 2 · fail 1 · error 1" in short
        assert "passing targets not listed: 1" in short
    zh = render("text", "zh", only_failures=True)
    assert "另有 1 个通过的目标未列出" in zh and "已检查目标 4 个" in zh


def test_text_colours_errors_red_and_warnings_yellow_only_on_request() -> None:
    plain = render("text")
    assert "\x1b" not in plain
    assert "targets checked: 4 · pass 2 · fail 1 · error 1 · warnings 2 · ignored findings 1" in plain
    painted = render("text", color=True)
    assert "\x1b[31merror\x1b[0m icp-link-retired" in painted
    assert "\x1b[33mwarning\x1b[0m psb-link-legacy" in painted
    assert "\x1b[31mFAIL" in painted and "\x1b[32mPASS" in painted


def test_details_only_in_verbose_text() -> None:
    detail = "ConnectTimeout: 127.0.0.1:443 via proxy http://10.0.0.1:3128"
    for name in EXT:
        out = render(name)
        assert (detail in out) == (name in ("json", "jsonl")), name
    assert f"detail: {detail}" in render("text", verbose=True)
    assert f"详细信息：{detail}" in render("text", "zh", verbose=True)


def test_run_line_in_every_human_summary() -> None:
    for name in HUMAN:
        out = render(name)
        assert "beian-check 0.2.0" in out and "2026-11-27T10:00:00" in out and "12.3 s" in out, name
        assert "page-redirect-offsite" in out.replace("\\-", "-"), name
    assert "用时 12.3 秒" in render("html", "zh")
