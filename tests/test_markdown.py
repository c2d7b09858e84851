"""The markdown report as GitHub shows it: rendered with cmark-gfm (the renderer GitHub
uses, with its extensions: tables, autolinks, strikethrough, tag filter), it holds no
link we did not mean, every URL and filing number sits in a code span, the table keeps
its columns, and crawled text comes back exactly as it was crawled."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from beian_check.messages import LANGS
from beian_check.report import View, get_format
from beian_check.report.base import clean
from beian_check.report.markdown import code, fence, prose

from .sample_report import HOSTILE, sample_report

# What GitHub keeps of raw HTML in a job summary; anything else is a sign of markup that
# escaped from crawled text.
ALLOWED = {
    "h2",
    "p",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "strong",
    "details",
    "summary",
    "ul",
    "li",
    "pre",
    "br",
}


class Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[str] = []
        self.stack: list[str] = []
        self.outside_code: list[str] = []
        self.codes: list[str] = []
        self.cells: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if tag == "code":
            self.codes.append("")
        if tag == "tr":
            self.cells.append(0)
        if tag in ("td", "th"):
            self.cells[-1] += 1
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if "code" in self.stack:
            self.codes[-1] += data
        else:
            self.outside_code.append(data)


def github(markdown: str) -> Tree:
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    tree = Tree()
    tree.feed(html)
    return tree


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("only_failures", [False, True])
def test_rendered_by_github(lang: str, only_failures: bool) -> None:
    out = get_format("markdown").render(sample_report(), View(lang=lang, only_failures=only_failures))
    tree = github(out)
    assert tree.links == []  # no link we did not mean
    assert set(tree.tags) <= ALLOWED, set(tree.tags) - ALLOWED
    prose_text = "".join(tree.outside_code)
    for needle in (r"http", r"www\.", r"ICP备\d", r"公网安备\d", r"<", r">"):
        assert not re.search(needle, prose_text), needle  # all inside code spans
    assert set(tree.cells) == {5}  # every row keeps its 5 columns
    hostile = "=evil.example.cn " + clean(HOSTILE)
    assert hostile in tree.codes or hostile.strip() in tree.codes  # crawled text, verbatim
    assert "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143" in tree.codes
    fixes = [c for c in tree.codes if c.startswith('<a href="https://beian.miit.gov.cn/"')]
    assert fixes == [sample_report().results[1].fix + "\n"]  # the fix, pasteable as is


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "a`b",
        "``x``",
        "` lead",
        "trail `",
        "  both  ",
        "a|b",
        "x\ny",
        "<b>",
        "https://e.cn/?a=1&b=<2>",
        "\x1b[31m",
    ],
)
def test_code_span_round_trips(text: str) -> None:
    for table in (False, True):
        md = f"| h |\n|---|\n| {code(text, table=True)} |\n" if table else code(text)
        tree = github(md)
        assert tree.links == [] and tree.codes == [clean(text)], (text, table)


def test_prose_escapes_markdown_and_codes_urls() -> None:
    tree = github(prose("*not bold* [x](http://e.cn) <i>x</i> www.example.cn see https://a.cn/x. _u_ # h"))
    assert tree.links == [] and tree.tags == ["p", "code", "code", "code", "code", "code"]
    assert tree.codes == ["http://e.cn", "<i>", "</i>", "www.example.cn", "https://a.cn/x"]


def test_fence_cannot_be_closed_by_the_snippet() -> None:
    snippet = "a\n```\nb\n````\nc"
    tree = github("\n".join(fence(snippet)))
    assert tree.codes == [snippet + "\n"]
