"""The heuristics table: one source, every entry explained, the derived lists follow it."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from beian_check import heuristics as h
from beian_check.render import _ANNOTATE


def test_every_hint_names_the_pattern_that_taught_it() -> None:
    for hint in (*h.FOOTER_WORDS, *h.FOOTER_TOKENS):
        assert len(hint.why) > 10 and hint.weight > 0, hint


@pytest.mark.parametrize(
    "token,weight",
    [
        ("footer", 3),
        ("site-footer", 3),
        ("siteFooter", 3),
        ("footer_inner", 3),
        ("ft", 3),
        ("copyright", 2),
        ("card-footer", 0),
        ("post-footer", 0),
        ("modal-footer", 0),
        ("entry-footer", 0),
        ("epicplayer", 0),
        ("topic", 0),
        ("soft", 0),
        ("site-info", 2),
        ("beian", 2),
        ("footer-icp", 3),
    ],
)
def test_footer_weight_by_token_parts(token: str, weight: int) -> None:
    assert h.footer_weight([token]) == weight


def test_no_prune_selector_holds_every_footer_hint() -> None:
    """A subtree holding a footer-hinted element is never pruned: the selector is a
    superset of what the walk classifies as a footer."""
    sel = h.no_prune_selector()
    for hint in (*h.FOOTER_WORDS, *h.FOOTER_TOKENS):
        for attr in ("class", "id"):
            html = (
                f'<div><div><span {attr}="x-{hint.word}">a</span></div></div>'
                if len(hint.word) > 2
                else f'<div><div><span {attr}="{hint.word}">a</span></div></div>'
            )
            root = LexborHTMLParser(html).css_first("div")
            assert root is not None and root.css_first(sel) is not None, (hint.word, attr)


def test_render_script_uses_the_generated_footer_list() -> None:
    for selector in h.footer_selectors():
        assert f'"{selector}"' in _ANNOTATE
    assert "%(" not in _ANNOTATE


def test_parts() -> None:
    assert h.parts("siteFooter-inner_box") == ("site", "footer", "inner", "box")
    assert h.looks_like("/img/ga.png", h.BADGE_WORDS, h.BADGE_PARTS)
    assert not h.looks_like("/img/gallery.png", h.BADGE_WORDS, h.BADGE_PARTS)
