"""Post content and the one site footer, chosen from the regions the walk collected.

Post content (SPEC §4): text inside it is never a displayed mark. A blog's home page lists
recent posts with excerpts, and a post about filing quotes numbers: recognised by
structure and microdata, not by an exact class list (see heuristics/table.py).

The site footer: ONE container per page, chosen by score: its footer hints, closeness to
the end of <body>, holding a mark, not inside main content or a post. Everything from its
start to the end of <body> is the footer region: a snippet pasted after the theme's
<footer> is still at the bottom.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from ..heuristics import (
    FOOTER_ADJACENT,
    FOOTER_FALLBACK_FROM,
    FOOTER_MIN_SCORE,
    FOOTER_TAIL_FAR,
    FOOTER_TAIL_NEAR,
    FOOTER_WRAPPER,
    POST_MIN_REPEAT,
)
from .kinds import MICRODATA, STRONG
from .walk import Region


class Intervals:
    """Merged [start, end) ranges of text offsets."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def __bool__(self) -> bool:
        return bool(self.starts)


def _signature(node: LexborNode) -> tuple[str | None, frozenset[str]]:
    return node.tag, frozenset((node.attributes.get("class") or "").split())


def _repeated(node: LexborNode, cache: dict[int, bool]) -> bool:
    """The block, or one of its two nearest ancestors, is a card of a listing: it has a
    sibling of the same tag and classes, and a title (a heading, or a class naming one).
    Rows of a hint-less bottom block (div.item > p.desc holding the filing number) have
    no title."""
    for _ in range(3):
        parent = node.parent
        if parent is None:  # <body> and <html> have no sibling of their tag: never a card
            return False
        key = node.mem_id
        if key not in cache:
            sig = _signature(node)
            count = 0
            child = parent.child
            while child is not None and count < POST_MIN_REPEAT:
                if child.tag == node.tag and _signature(child) == sig:
                    count += 1
                child = child.next
            cache[key] = count >= POST_MIN_REPEAT and bool(sig[1]) and node.css_first(_TITLE) is not None
        if cache[key]:
            return True
        node = parent
    return False


# A wrapper ends the page: at most this much text (a "back to top" arrow) after it.
WRAPPER_TAIL = 4
# Ancestors looked at, and footer candidates scored (the last ones: the footer is at the
# end): a hostile page of 20,000 nested div.footer must not cost quadratic time.
_MAX_DEPTH = 32
_MAX_CANDIDATES = 64


def _ancestors(regions: list[Region], i: int) -> Iterable[Region]:
    parent = regions[i].parent
    for _ in range(_MAX_DEPTH):
        if parent < 0:
            return
        yield regions[parent]
        parent = regions[parent].parent


_TITLE = "h1, h2, h3, h4, h5, h6, [class*=title i], [itemprop=headline]"


def _in_site_footer(regions: list[Region], i: int) -> bool:
    return any(r.kind.footer >= 2 for r in _ancestors(regions, i))


def post_content(regions: list[Region], total: int = 0) -> Intervals:
    """Text ranges of post content. Inside a site footer only tags and post class names
    count: a footer's repeated .desc columns or its itemprop=description are the site's
    own text. A "post" that holds most of the page up to its very end is a layout wrapper
    (<div class="blog-content"> or <article class="page"> around header, main and
    footer): the site footer inside it is no post."""
    cache: dict[int, bool] = {}
    out = []
    footers = [r.start for r in regions if r.kind.footer]  # in document order: sorted
    for i, region in enumerate(regions):
        post = region.kind.post
        if not post or region.end <= region.start:
            continue
        if (
            _wrapper(region, total)
            and total - region.end <= WRAPPER_TAIL
            and bisect.bisect_left(footers, region.start + 1) < bisect.bisect_left(footers, region.end)
        ):
            continue
        if post != STRONG and _in_site_footer(regions, i):
            continue
        if post in (STRONG, MICRODATA) or _repeated(region.node, cache):
            out.append((region.start, region.end))
    return Intervals(out)


@dataclass(frozen=True, slots=True)
class Footer:
    start: int  # the footer region runs from here to the end of <body>
    region: Region | None  # the chosen container; None for the position fallback


def _inside(regions: list[Region], i: int, what: str) -> bool:
    return any(getattr(r.kind, what) for r in _ancestors(regions, i))


def _wrapper(r: Region, total: int) -> bool:
    """A region holding most of the page is a layout wrapper, whatever its name: Hugo
    PaperMod's <body id="top"> (the back-to-top anchor) is no header."""
    return total > 0 and r.end - r.start > FOOTER_WRAPPER * total


def _in_header(regions: list[Region], i: int, total: int) -> bool:
    return any(r.kind.header and not _wrapper(r, total) for r in _ancestors(regions, i))


def _holds_main(regions: list[Region], mains: list[int], i: int) -> bool:
    """A main-content region inside candidate ``i`` (regions are in document order, so a
    descendant comes later in the list)."""
    r = regions[i]
    return any(j > i and r.start <= regions[j].start < r.end for j in mains)


def _score(regions: list[Region], i: int, total: int, marks: list[int]) -> int:
    r = regions[i]
    score = r.kind.footer
    tail = (total - r.end) / total if total else 0.0
    if tail <= FOOTER_TAIL_NEAR:
        score += 2
    elif tail > FOOTER_TAIL_FAR:
        score -= 3
    lo = bisect.bisect_left(marks, r.start)
    if lo < len(marks) and marks[lo] < r.end:
        score += 2
    if _inside(regions, i, "main"):
        score -= 2
    return score


def choose_footer(regions: list[Region], posts: Intervals, total: int, marks: list[int]) -> Footer | None:
    """The site footer, or None when no candidate scores enough (the position fallback
    then decides). ``marks``: sorted text offsets of the filing numbers found."""
    best: tuple[int, int] | None = None
    mains = [j for j, r in enumerate(regions) if r.kind.main][:_MAX_CANDIDATES]
    candidates = [i for i, r in enumerate(regions) if r.kind.footer and r.end >= r.start][-_MAX_CANDIDATES:]
    for i in candidates:
        r = regions[i]
        if r.start in posts or _in_header(regions, i, total) or _holds_main(regions, mains, i):
            continue  # a post's or a header's "footer", or a layout wrapper around the page
        score = _score(regions, i, total, marks)
        # Ties: the earlier (outer) container, whose region holds the inner one.
        if score >= FOOTER_MIN_SCORE and (best is None or score > best[0]):
            best = (score, i)
    return None if best is None else Footer(regions[best[1]].start, regions[best[1]])


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the footer region is: from the chosen footer to the end of <body>, plus
    marks right above it (not in a sidebar); without a footer, the second half of the
    page outside headers. A chosen footer that holds no mark (a fixed mobile nav bar or a
    cookie notice at the very end of a company template) says nothing about the marks
    above it: those in the second half, outside headers, sidebars and main content, are
    at the bottom by position."""

    footer: Footer | None
    headers: Intervals
    sides: Intervals
    total: int
    mains: Intervals = Intervals(())
    empty: bool = False  # the footer region holds no filing number

    @classmethod
    def of(
        cls, regions: list[Region], footer: Footer | None, total: int, marks: Sequence[int] = ()
    ) -> Layout:
        # A "sidebar" that holds the footer is a layout wrapper (VuePress's
        # div.theme-container.no-sidebar), not a sidebar.
        edge = footer.start if footer is not None else total
        sides = Intervals((r.start, r.end) for r in regions if r.kind.side and r.start < r.end <= edge)
        headers = Intervals(
            (r.start, r.end) for r in regions if r.kind.header and r.end > r.start and not _wrapper(r, total)
        )
        # Main content that holds the footer is a layout wrapper (<div id="main"> around all).
        mains = Intervals((r.start, r.end) for r in regions if r.kind.main and r.start < r.end <= edge)
        empty = footer is not None and not any(m >= footer.start for m in marks)
        return cls(footer, headers, sides, total, mains, empty)

    def in_footer(self, start: int, end: int) -> bool:
        low = start not in self.headers and start >= self.total * FOOTER_FALLBACK_FROM
        if self.footer is None:
            return low
        adjacent = 0 <= self.footer.start - end <= FOOTER_ADJACENT
        if start >= self.footer.start or (adjacent and start not in self.sides):
            return True
        return self.empty and low and start not in self.sides and start not in self.mains


__all__ = ["Footer", "Intervals", "Layout", "choose_footer", "post_content"]
