"""The one pass over the DOM. It only collects, in document order: the displayed text (as
runs with their offsets, link and visibility), badge candidates, links, the elements the
later steps reason about (footer, header, main and post-content candidates, as regions of
the text) and template syntax. Choosing the footer, finding post content, associating
badges and spotting application shells are separate steps over what it collected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from ..heuristics import (
    BADGE_PARTS,
    BADGE_WORDS,
    HIDDEN_STYLE,
    REVEAL_ATTRS,
    REVEAL_CLASSES,
    TEMPLATE_PATTERN,
    looks_like,
    no_prune_selector,
)
from ..links import resolve_url
from .images import image_source
from .kinds import Kind, classify
from .text import has_anchor, has_template

# Never displayed as page text.
SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "template",
        "textarea",
        "noscript",
        "pre",
        "code",
        "blockquote",
        "head",
        "title",
        "iframe",
        "object",
        "select",
        "svg",
        "math",
        "canvas",
        "video",
        "audio",
        "map",
    }
)
BLOCK_TAGS = frozenset(
    {
        "address",
        "div",
        "p",
        "br",
        "hr",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "section",
        "footer",
        "header",
        "nav",
        "aside",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "form",
        "fieldset",
        "figure",
        "figcaption",
        "center",
        "body",
        "caption",
        "article",
    }
)
_DRAWN_TAGS = frozenset({"i", "span", "em", "b", "a"})
_INLINE_TAGS = frozenset({"a", "span", "b", "i", "em", "strong", "small", "font", "u", "label", "sup", "sub"})
_SPACE = re.compile(r"\s+")
_BG_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(", re.IGNORECASE)
_NO_PRUNE = no_prune_selector()
# Hostile pages must not buy unbounded CPU: pruning is tried near the top of the tree only
# (each try reads a subtree's text, quadratic in depth on 20,000 nested divs), and huge
# text nodes are cut into runs so that a window around one anchor stays small.
PRUNE_DEPTH = 10
RUN = 1024


@dataclass(slots=True)
class Run:
    """A piece of displayed text. Offsets are in the collected (unnormalised) text."""

    start: int
    end: int
    hidden: bool
    link: int  # index into Walk.links, -1 for none
    event: int  # index into Walk.events
    node: LexborNode
    opaque: bool = False  # a pruned subtree: holds no anchor


@dataclass(slots=True)
class Candidate:
    """An image, or an element that may be painted by CSS: maybe a badge."""

    kind: str  # "img" | "css" | "svg" (an inline drawing)
    src: str | None
    node: LexborNode
    link: int
    at: int  # text offset where it sits


@dataclass(slots=True)
class Region:
    """An element the later steps reason about, and the text it holds: [start, end)."""

    node: LexborNode
    kind: Kind
    start: int
    end: int = -1
    parent: int = -1  # the enclosing region, -1 for none


@dataclass(frozen=True, slots=True)
class _End:
    region: int
    block: bool


@dataclass
class Walk:
    base_url: str
    rendered: bool = False  # a browser's DOM: only painted backgrounds are CSS badges
    painted_classes: frozenset[str] = frozenset()  # classes an inline <style> paints with a badge
    prune: bool = True
    parts: list[str] = field(default_factory=list)
    part_run: list[Run | None] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    events: list[Run | Candidate] = field(default_factory=list)
    links: list[LexborNode] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    templates: list[tuple[int, str]] = field(default_factory=list)  # (offset, snippet)
    shell_roots: list[LexborNode] = field(default_factory=list)
    length: int = 0
    last_space: bool = True
    scripts: bool = False
    pruned: bool = False
    full: str = ""
    keep: set[int] = field(default_factory=set)  # elements holding a badge or footer candidate

    # -- text ----------------------------------------------------------------------------
    def space(self) -> None:
        if not self.last_space:
            self.parts.append(" ")
            self.part_run.append(None)
            self.length += 1
            self.last_space = True

    def text(self, node: LexborNode, hidden: bool, link: int) -> None:
        raw = node.text_content or ""
        if has_template(raw):
            self.note_template(raw)
        # Only white space is collapsed here; the full normalisation (NFKC, ...) costs
        # ~70 µs a paragraph and runs later on the few runs near a filing number.
        text = _SPACE.sub(" ", raw)
        if not text or text == " ":
            if text:
                self.space()
            return
        if text[0] == " " and self.last_space:
            text = text[1:]
        # A huge text node is cut into runs (a hostile page can hold 300,000 anchors in
        # a single node).
        step = RUN if len(text) > 2 * RUN else len(text) or 1
        for i in range(0, len(text), step):
            self._add_run(text[i : i + step], hidden, link, node, False)
        self.last_space = text[-1] == " "

    def _add_run(self, piece: str, hidden: bool, link: int, node: LexborNode, opaque: bool) -> None:
        run = Run(self.length, self.length + len(piece), hidden, link, len(self.events), node, opaque)
        self.length = run.end
        self.parts.append(piece)
        self.part_run.append(run)
        self.runs.append(run)
        self.events.append(run)

    def opaque(self, node: LexborNode, text: str, hidden: bool) -> None:
        """A pruned subtree: no filing number, template or image inside, so it only
        counts as a block of text (for positions, and as a barrier between a badge and
        a number)."""
        self.space()
        text = text.strip()  # no anchor inside: exact white space does not matter
        if text:
            self._add_run(text, hidden, -1, node, True)
            self.last_space = False
        self.space()

    def note_template(self, snippet: str) -> None:
        if len(self.templates) < 16:
            self.templates.append((self.length, snippet.strip()[:120]))

    # -- elements ------------------------------------------------------------------------
    def walk(self, root: LexborNode) -> None:
        if self.prune:
            self._keep_ancestors(root)
        # Explicit stack: deep DOMs (tables in tables) must not hit the recursion limit.
        stack: list[tuple[LexborNode | _End, bool, int, int, int]] = [(root, False, -1, 0, -1)]
        while stack:
            node, hidden, link, depth, region = stack.pop()
            if isinstance(node, _End):
                self._end(node)
                continue
            tag = node.tag
            if tag == "-text":
                self.text(node, hidden, link)
            elif tag is None or tag[0] in "-_":
                content = node.html or ""
                if "?php" in content or "<%" in content:
                    self.note_template(content)
            elif tag in SKIP_TAGS:
                self.scripts = self.scripts or tag == "script"
                if tag == "svg" and not hidden:
                    self._svg(node, link)
            else:
                self._element(node, tag, (hidden, link, depth, region), stack)

    def _keep_ancestors(self, root: LexborNode) -> None:
        """Elements that hold a possible badge or footer (one CSS pass over the page, not
        one per subtree): they are never pruned."""
        stop = root.mem_id
        for found in root.css(_NO_PRUNE):
            node = found.parent
            while node is not None and node.mem_id not in self.keep and node.mem_id != stop:
                self.keep.add(node.mem_id)
                node = node.parent

    def _end(self, end: _End) -> None:
        if end.block:
            self.space()
        if end.region >= 0:
            self.regions[end.region].end = self.length

    def _element(
        self,
        node: LexborNode,
        tag: str,
        state: tuple[bool, int, int, int],
        stack: list[tuple[LexborNode | _End, bool, int, int, int]],
    ) -> None:
        hidden, link, depth, region = state
        attrs = node.attributes
        kind = classify(tag, attrs.get("class"), attrs.get("id"), attrs.get("role"), attrs.get("itemprop"))
        if kind.shell_root:
            self.shell_roots.append(node)
        style = attrs.get("style")
        if not hidden:
            hidden = "hidden" in attrs or bool(style and HIDDEN_STYLE.search(style) and _hides(attrs, style))
        self._attribute_templates(attrs)
        if tag == "img":
            src = image_source(node, self.base_url)
            if src and not hidden:
                self.events.append(Candidate("img", src, node, link, self.length))
            return
        if tag == "a" or (kind.exturl and attrs.get("data-url")):
            link = len(self.links)
            self.links.append(node)
        elif self._pruned(node, tag, kind, depth, (hidden, region)):
            return
        if not hidden:
            self._css_candidate(node, tag, kind, style, link)
        if kind.interesting:
            self.regions.append(Region(node, kind, self.length, parent=region))
            region = len(self.regions) - 1
        block = tag in BLOCK_TAGS
        if block:
            self.space()
        if block or kind.interesting:
            stack.append((_End(region if kind.interesting else -1, block), hidden, link, depth, region))
        child = node.last_child
        while child is not None:
            stack.append((child, hidden, link, depth + 1, region))
            child = child.prev

    def _attribute_templates(self, attrs: dict[str, str | None]) -> None:
        for name in ("href", "src"):
            value = attrs.get(name)
            if value and ("{" in value or "<" in value or "[" in value) and TEMPLATE_PATTERN.search(value):
                self.note_template(f'{name}="{value[:100]}"')

    def _pruned(self, node: LexborNode, tag: str, kind: Kind, depth: int, state: tuple[bool, int]) -> bool:
        """Most of a page (navigation, articles, product cards) holds no filing number.
        One C call gets a subtree's text; when it has no anchor, no template syntax and
        nothing that could be a badge or a footer, it is one block instead of walked node
        by node (5x faster on real pages)."""
        if not self.prune or depth > PRUNE_DEPTH or tag in _INLINE_TAGS or tag == "body":
            return False
        if node.child is None:
            return False
        deep = node.text(deep=True)
        if node.mem_id in self.keep or len(deep) < 16 or has_anchor(deep) or has_template(deep):
            return False
        hidden, region = state
        start = self.length
        self.opaque(node, deep, hidden)
        if kind.interesting:
            self.regions.append(Region(node, kind, start, self.length, region))
        self.pruned = True
        return True

    def _css_candidate(self, node: LexborNode, tag: str, kind: Kind, style: str | None, link: int) -> None:
        painted = node.attributes.get("data-beian-bg")  # set by --render from computed styles
        if painted:
            self.events.append(Candidate("img", resolve_url(self.base_url, painted), node, link, self.length))
        elif self.rendered:
            return  # the browser painted no background here: not a badge
        elif (style and _BG_URL.search(style)) or self._drawn(node, tag, kind):
            self.events.append(Candidate("css", None, node, link, self.length))

    def _drawn(self, node: LexborNode, tag: str, kind: Kind) -> bool:
        """An element that may carry a badge drawn by a stylesheet: an empty <i>/<span>
        with a badge-like class, or an element that a rule of the page's own <style>
        paints with a badge-like background. A class name alone on a link is not enough:
        Hexo Fluid writes <a class="beian-police"> with no badge when none is set."""
        if tag not in _DRAWN_TAGS:
            return False
        classes = (node.attributes.get("class") or "").split()
        if self.painted_classes and not self.painted_classes.isdisjoint(classes):
            return True
        return kind.icon_hint and tag != "a" and not node.text(deep=True).strip()

    def _svg(self, node: LexborNode, link: int) -> None:
        """An inline <svg> before the number: an <image> inside is loaded like an <img>;
        an icon whose class, id, title or symbol (<use href="#icon-gongan">, iconfont)
        names the badge is a drawing: unverified, as no image can be compared."""
        attrs = node.attributes
        if "hidden" in attrs or HIDDEN_STYLE.search(attrs.get("style") or ""):
            return
        image = node.css_first("image")
        href = _href(image).strip()
        if image is not None and href:
            self.events.append(Candidate("img", resolve_url(self.base_url, href), image, link, self.length))
            return
        title = node.css_first("title")
        said = [attrs.get(name) for name in ("class", "id", "aria-label")]
        said += [title.text() if title is not None else None, _href(node.css_first("use"))]
        if looks_like(" ".join(s for s in said if s), BADGE_WORDS, BADGE_PARTS):
            self.events.append(Candidate("svg", None, node, link, self.length))

    def finish(self) -> None:
        self.full = "".join(self.parts)


_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)


def _hides(attrs: dict[str, str | None], style: str) -> bool:
    """An inline style that hides, unless it is a scroll-reveal library's start state
    (visibility:hidden on a .wow / [data-aos] element, shown on scroll)."""
    if _DISPLAY_NONE.search(style):
        return True
    classes = (attrs.get("class") or "").lower().split()
    return not (REVEAL_CLASSES.intersection(classes) or any(a in attrs for a in REVEAL_ATTRS))


def _href(node: LexborNode | None) -> str:
    """An SVG <image>'s or <use>'s reference (href, or the older xlink:href)."""
    if node is None:
        return ""
    return node.attributes.get("href") or node.attributes.get("xlink:href") or ""


__all__ = ["Candidate", "Kind", "Region", "Run", "Walk", "classify"]
