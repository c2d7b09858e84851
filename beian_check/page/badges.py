"""Which image belongs to a public-security number (SPEC §4).

The badge is the image just before the number: inside its link before the text, or among
the few nodes before it, with only separators and short labels ("公安备案号：") between. An
image there from another container counts only when it looks like a badge. An image after
the number is a misplaced badge only when it belongs to the mark (its link or its
container) and looks like one: the QR code of the next widget is someone else's image.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from ..heuristics import BADGE_MAX_SIZE, BADGE_PARTS, BADGE_WORDS, OTHER_MARK_WORDS, looks_like
from ..model import Badge
from .images import declared_size
from .text import Window
from .walk import BLOCK_TAGS, Candidate, Run, Walk

_SPACE = re.compile(r"\s+")
_SEPARATOR = re.compile(r"^[\s|｜丨/·•,，、:：;；()（）\[\]【】<>《》\-_=~*@©]*$")
_BACK, _FORWARD = 6, 4  # events looked at before and after the number
_MAX_UP = 8  # ancestors climbed to find an image's container


def snippet(node: LexborNode | None, limit: int = 240) -> str:
    if node is None:
        return ""
    raw = node.html or ""
    html = _SPACE.sub(" ", raw[: limit * 4]).strip()  # cut first: the node may be megabytes
    return html if len(html) <= limit and len(raw) <= limit * 4 else html[: limit - 1] + "…"


def substantive(text: str) -> bool:
    """Text that ends the search for a badge: anything but separators and short labels
    such as "公安备案号：" between the badge and the number."""
    text = text.strip()
    if not text or _SEPARATOR.match(text):
        return False
    return any(ch.isdigit() for ch in text) or len(text) > 12 or "ICP" in text.upper()


def name_hint(node: LexborNode, src: str | None) -> str:
    """What an image's file name, alt, title, class and id say it is: "badge", "other"
    (a business-licence or trust seal), or "" when they say nothing."""
    attrs = node.attributes
    name = (src or "").split("?")[0].rsplit("/", 1)[-1] if src and not src.startswith("data:") else ""
    said = " ".join([name] + [attrs.get(a) or "" for a in ("alt", "title", "class", "id")])
    if looks_like(said, BADGE_WORDS, BADGE_PARTS):
        return "badge"
    if looks_like(said, OTHER_MARK_WORDS):
        return "other"
    # An image that says nothing itself, in a link to another mark's registry (党政机关
    # bszs.conac.cn, 工商 gsxt): that mark.
    link = _enclosing_link(node)
    href = (link.attributes.get("href") or "") if link is not None else ""
    return "other" if href and looks_like(href.split("?")[0], OTHER_MARK_WORDS) else ""


def _enclosing_link(node: LexborNode) -> LexborNode | None:
    parent = node.parent
    for _ in range(3):
        if parent is None:
            return None
        if parent.tag == "a":
            return parent
        parent = parent.parent
    return None


def _small(node: LexborNode) -> bool:
    width, height = declared_size(node)
    sizes = [s for s in (width, height) if s is not None]
    return bool(sizes) and all(s <= BADGE_MAX_SIZE for s in sizes)


def _looks_like_badge(c: Candidate) -> bool:
    return name_hint(c.node, c.src) == "badge" or _small(c.node)


def _container(node: LexborNode | None) -> LexborNode | None:
    """The nearest block element around ``node`` (not <body>)."""
    while node is not None and node.tag not in BLOCK_TAGS:
        node = node.parent
    return None if node is None or node.tag in ("body", "html") else node


def _within(node: LexborNode | None, ancestor: LexborNode | None) -> bool:
    if ancestor is None:
        return False
    for _ in range(_MAX_UP):
        if node is None:
            return False
        if node.mem_id == ancestor.mem_id:
            return True
        node = node.parent
    return False


@dataclass(frozen=True, slots=True)
class Place:
    """Where a number sits: its link element (if any) and its block container."""

    link: LexborNode | None
    container: LexborNode | None

    @classmethod
    def of(cls, link: LexborNode | None, text_node: LexborNode) -> Place:
        return cls(link, _container(link if link is not None else text_node))

    def holds(self, node: LexborNode) -> bool:
        return _within(node, self.link) or _within(node, self.container)


def _badge(c: Candidate) -> Badge:
    limit = 240 if c.kind == "img" and c.node.tag == "img" else 160
    return Badge(c.kind, c.src, snippet(c.node, limit), name_hint(c.node, c.src) if c.kind == "img" else "")


def _scan(walk: Walk, indices: range, excluded: Callable[[int], bool]) -> Candidate | None:
    """The first candidate among these events, unless substantive or excluded text comes
    first."""
    full = walk.full
    for i in indices:
        item = walk.events[i]
        if isinstance(item, Run):
            if excluded(item.start) or substantive(full[item.start : item.end]):
                return None
            continue
        return None if excluded(item.at) else item
    return None


def badges(
    walk: Walk,
    win: Window,
    runs: list[tuple[int, int, Run]],
    span: tuple[int, int],
    place: Place,
    excluded: Callable[[int], bool],
) -> tuple[Badge | None, Badge | None]:
    """The badge before the number, else a misplaced one after it."""
    first, last = runs[0], runs[-1]
    before = after = None
    if not substantive(win.text[first[0] : span[0]]):
        start = first[2].event
        c = _scan(walk, range(start - 1, max(-1, start - 1 - _BACK), -1), excluded)
        # Another container's image must look like a badge (a QR code beside the footer
        # text is not one).
        if c is not None and (c.kind != "img" or place.holds(c.node) or _looks_like_badge(c)):
            before = _badge(c)
    if not substantive(win.text[span[1] : last[1]]):
        start = last[2].event + 1
        c = _scan(walk, range(start, min(len(walk.events), start + _FORWARD)), excluded)
        if (
            c is not None
            and c.kind == "img"
            and (_within(c.node, place.link) or (_within(c.node, place.container) and _looks_like_badge(c)))
        ):
            after = _badge(c)
    return before, after
