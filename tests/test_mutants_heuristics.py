"""What is derived from the heuristics table, pinned by what it matches: the selector of
subtrees never pruned, the browser's footer selectors, the minimal substring list.
Written from the mutants the older tests let through (README, "Development")."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from beian_check import heuristics as h
from beian_check.heuristics.derived import _minimal


@pytest.mark.parametrize(
    "html,kept",
    [
        ('<p><img src="/x.png"></p>', True),
        ('<p><i class="x"></i></p>', True),
        ('<p><span style="BACKGROUND: url(/x.png)">a</span></p>', True),
        ('<p><span style="background-image:url(/x.png)">a</span></p>', True),
        ("<p><span data-beian-bg>a</span></p>", True),
        ('<div role="contentinfo">a</div>', True),
        ("<footer>a</footer>", True),
        ('<div class="site-FOOTER">a</div>', True),
        ('<div id="copyright-x">a</div>', True),
        ('<div id="ft">a</div>', True),
        ('<div class="ba">a</div>', True),
        ('<div class="x copy">a</div>', True),
        # a badge class that holds no footer word is kept as well
        ('<span class="icon-psb">a</span>', True),
        ('<span class="ghs">a</span>', True),
        # the short tokens only whole: "left" holds "ft", "bar" holds "ba"
        ('<div class="left">a</div>', False),
        ('<div class="toolbar">a</div>', False),
        ('<div role="main">a</div>', False),
        ("<p><span>a</span></p>", False),
    ],
)
def test_no_prune_selector(html: str, kept: bool) -> None:
    assert (LexborHTMLParser(html).css_first(h.no_prune_selector()) is not None) is kept


def test_footer_selectors_strongest_first() -> None:
    out = h.footer_selectors()
    assert out[:2] == ["footer", "[role=contentinfo]"]
    hints = [*h.FOOTER_WORDS, *h.FOOTER_TOKENS]
    strong = [x for x in hints if x.weight >= 2]
    assert sorted(out[2:]) == sorted(s for x in strong for s in (f"#{x.word}", f".{x.word}"))
    weights = {f"#{x.word}": x.weight for x in hints} | {f".{x.word}": x.weight for x in hints}
    listed = [weights[s] for s in out[2:]]
    assert listed == sorted(listed, reverse=True)
    assert {x.weight for x in strong} == {2, 3}  # both weights are listed, 1 is not
    assert all(f".{x.word}" not in out for x in hints if x.weight < 2)


@pytest.mark.parametrize(
    "words,minimal",
    [
        (["footer", "foot"], ["foot"]),
        (["afoot", "foot"], ["foot"]),
        (["copyright", "icp", "beian", "police-beian"], ["icp", "beian", "copyright"]),
        ([], []),
    ],
)
def test_minimal(words: list[str], minimal: list[str]) -> None:
    assert _minimal(words) == minimal
