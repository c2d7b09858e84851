"""page/kinds.py pinned: what each tag, class, id, role and itemprop makes of an element,
field by field, on both sides of each rule. Written from the mutants the older tests let
through (README, "Development")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from beian_check.page import kinds
from beian_check.page.kinds import MICRODATA, REPEATED, STRONG, Kind, classify


@pytest.fixture(autouse=True)
def _fresh_memo() -> Iterator[None]:
    """classify() memoises per process: a combination an earlier test already classified
    would be answered from the memo without running the rules here (and mutmut, which
    picks the tests to run for a mutant by what each test called, would not pick these)."""
    kinds._KINDS.clear()
    yield


CASES: list[tuple[tuple[str, str | None, str | None, str | None, str | None], Kind]] = [
    # plain elements
    (("div", None, None, None, None), Kind()),
    (("span", "", "", None, None), Kind()),
    (("p", "lead text", None, None, None), Kind()),
    # footers: the tag, the role, a class or id word, a whole token; the strongest wins
    (("footer", None, None, None, None), Kind(footer=4)),
    (("div", None, None, "contentinfo", None), Kind(footer=4)),
    (("div", None, None, "ContentInfo", None), Kind(footer=4)),
    (("div", None, "footer", None, None), Kind(footer=3)),
    (("div", "site-Footer", None, None, None), Kind(footer=3)),
    (("div", "copyright", None, None, None), Kind(footer=2)),
    (("div", "bottom copyright", None, None, None), Kind(footer=2)),
    (("div", None, "ft", None, None), Kind(footer=3)),
    (("div", "ft-inner", None, None, None), Kind()),
    (("p", "ba", None, None, None), Kind(footer=1, icon_hint=True)),
    (("div", "card-footer", None, None, None), Kind()),
    # a footer is never also a header, main content, a sidebar or post content
    (("footer", "navbar main sidebar", None, None, None), Kind(footer=4)),
    (("footer", None, None, None, "articleBody"), Kind(footer=4)),
    (("div", "footer-desc", None, None, None), Kind(footer=3)),
    # headers: the tags, the words as parts, whole tokens; never <body> or <html>
    (("header", None, None, None, None), Kind(header=True)),
    (("nav", None, None, None, None), Kind(header=True)),
    (("div", "site-navbar", None, None, None), Kind(header=True)),
    (("div", None, "top", None, None), Kind(header=True)),
    (("div", "Menu", None, None, None), Kind(header=True)),
    (("div", "top-bar", None, None, None), Kind()),
    (("body", "header", None, None, None), Kind()),
    (("html", "navbar", None, None, None), Kind()),
    # main content
    (("main", None, None, None, None), Kind(main=True)),
    (("div", None, None, "MAIN", None), Kind(main=True)),
    (("div", "primary", None, None, None), Kind(main=True)),
    (("div", None, "main-content", None, None), Kind(main=True)),
    (("div", "main-inner", None, None, None), Kind()),
    # sidebars
    (("aside", None, None, None, None), Kind(side=True)),
    (("div", "widget-area", None, None, None), Kind(side=True)),
    (("div", None, "left-sidebar", None, None), Kind(side=True)),
    # post content: the tag, a whole token, subject + body parts, microdata, repeated parts
    (("article", None, None, None, None), Kind(post=STRONG)),
    (("div", "markdown-body", None, None, None), Kind(post=STRONG)),
    (("div", "home-post-content", None, None, None), Kind(post=STRONG)),
    (("div", "entry", None, None, None), Kind(post=STRONG)),
    # one part, however often written, is no subject plus body: only "entry" itself is
    # listed; "entry-entry" is post content only when repeated
    (("div", "entry-entry", None, None, None), Kind(post=REPEATED)),
    (("div", "post", None, None, None), Kind(post=REPEATED)),
    (("div", "content", None, None, None), Kind()),
    (("div", "recent-post-info", None, None, None), Kind(post=REPEATED)),
    (("p", None, None, None, "Description"), Kind(post=MICRODATA)),
    (("div", "post", None, None, "articleBody"), Kind(post=MICRODATA)),
    (("div", "post-excerpt", None, None, "articleBody"), Kind(post=STRONG)),
    (("div", None, None, None, "name"), Kind()),
    # application-shell roots, NexT's encoded links, CSS badges
    (("div", None, "app", None, None), Kind(shell_root=True)),
    (("section", None, "app", None, None), Kind(shell_root=True)),
    (("main", None, "__nuxt", None, None), Kind(main=True, shell_root=True)),
    (("span", None, "app", None, None), Kind()),
    (("span", "exturl", None, None, None), Kind(exturl=True)),
    (("a", "exturl", None, None, None), Kind()),
    (("i", "iconfont icon-gongan", None, None, None), Kind(footer=1, icon_hint=True)),
    (("i", "ico-x", None, None, None), Kind(icon_hint=True)),
    (("span", "ga", None, None, None), Kind(icon_hint=True)),
    (("span", "gab-x", None, None, None), Kind(icon_hint=True)),
    (("span", "gat", None, None, None), Kind()),
]


@pytest.mark.parametrize("args,kind", CASES, ids=[" ".join(str(a) for a in c[0]) for c in CASES])
def test_classify(args: tuple[str, str | None, str | None, str | None, str | None], kind: Kind) -> None:
    assert classify(*args) == kind
    assert classify(*args) == kind  # memoised: the same answer twice


@pytest.mark.parametrize(
    "kind,interesting",
    [
        (Kind(), False),
        (Kind(footer=1), True),
        (Kind(header=True), True),
        (Kind(main=True), True),
        (Kind(side=True), True),
        (Kind(post=REPEATED), True),
        (Kind(shell_root=True, exturl=True, icon_hint=True), False),
    ],
)
def test_interesting(kind: Kind, interesting: bool) -> None:
    assert kind.interesting is interesting
