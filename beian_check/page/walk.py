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
    FOOTER_ROLES,
    FOOTER_TAGS,
    HEADER_TAGS,
    HEADER_TOKENS,
    HEADER_WORDS,
    HIDDEN_STYLE,
    ICON_WORDS,
    MAIN_ROLES,
    MAIN_TAGS,
    MAIN_TOKENS,
    POST_BODIES,
    POST_ITEMPROPS,
    POST_REPEATED,
    POST_SUBJECTS,
    POST_TAGS,
    POST_TOKENS,
    SHELL_IDS,
    SIDE_TAGS,
    SIDE_WORDS,
    footer_weight,
    no_prune_selector,
    parts,
)
from ..links import resolve_url
from .images import image_source
from .text import has_anchor, has_template

# Never displayed as page text.
SKIP_TAGS = frozenset({
    "script", "style", "template", "textarea", "noscript", "pre", "code", "blockquote",
    "head", "title", "iframe", "object", "select", "svg", "math", "canvas", "video", "audio", "map",
})
BLOCK_TAGS = frozenset({
    "address", "div", "p", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
    "td", "th", "tbody", "thead", "tfoot", "section", "footer", "header", "nav", "aside",
    "main", "h1", "h2", "h3", "h4", "h5", "h6", "form", "fieldset", "figure", "figcaption",
    "center", "body", "caption", "article",
})
_INLINE_TAGS = frozenset({"a", "span", "b", "i", "em", "strong", "small", "font", "u", "label", "sup", "sub"})
_SPACE = re.compile(r"\s+")
_BG_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(", re.IGNORECASE)
_TEMPLATE_ATTR = re.compile(r"\{\{|\{%|<%|\$\{|\{dede:|<\?php|\{\$|\{:", re.IGNORECASE)
_NO_PRUNE = no_prune_selector()
# Hostile pages must not buy unbounded CPU: pruning is tried near the top of the tree only
# (each try reads a subtree's text, quadratic in depth on 20,000 nested divs), and huge
# text nodes are cut into runs so that a window around one anchor stays small.
PRUNE_DEPTH = 10
RUN = 1024
# Post-content kinds.
STRONG, MICRODATA, REPEATED = "strong", "microdata", "repeated"


@dataclass(frozen=True, slots=True)
class Kind:
    """What an element's tag, class, id, role and itemprop say about it."""
    footer: int = 0            # footer hint weight (0: none)
    header: bool = False
    main: bool = False
    side: bool = False
    post: str = ""             # "", STRONG, MICRODATA or REPEATED (post content when repeated)
    shell_root: bool = False
    exturl: bool = False
    icon_hint: bool = False    # an empty element with this class may be a CSS badge

    @property
    def interesting(self) -> bool:
        return bool(self.footer or self.header or self.main or self.side or self.post)


_PLAIN = Kind()
_KINDS: dict[tuple[str, str | None, str | None, str | None, str | None], Kind] = {}


def _post_kind(tag: str, tokens: list[str], itemprop: str | None) -> str:
    if tag in POST_TAGS:
        return STRONG
    repeated = False
    for token in tokens:
        split = set(parts(token))
        if token in POST_TOKENS or (split & POST_SUBJECTS and split & POST_BODIES and len(split) > 1):
            return STRONG
        repeated = repeated or bool(split & POST_REPEATED)
    if (itemprop or "").lower() in POST_ITEMPROPS:
        return MICRODATA
    return REPEATED if repeated else ""


def classify(tag: str, cls: str | None, ident: str | None, role: str | None, itemprop: str | None) -> Kind:
    """Memoised: pages repeat the same few class names hundreds of times."""
    key = (tag, cls, ident, role, itemprop)
    kind = _KINDS.get(key)
    if kind is not None:
        return kind
    tokens = (cls or "").lower().split()
    if ident:
        tokens.append(ident.lower())
    if not tokens and role is None and itemprop is None and tag not in _NAMED_TAGS:
        kind = _PLAIN
    else:
        kind = _classify(tag, tokens, (role or "").lower(), itemprop)
    if len(_KINDS) > 4096:
        _KINDS.clear()
    _KINDS[key] = kind
    return kind


_NAMED_TAGS = FOOTER_TAGS | HEADER_TAGS | MAIN_TAGS | POST_TAGS | SIDE_TAGS


def _classify(tag: str, tokens: list[str], role: str, itemprop: str | None) -> Kind:
    footer = 4 if tag in FOOTER_TAGS or role in FOOTER_ROLES else footer_weight(tokens)
    split = {p for t in tokens for p in parts(t)}
    header = not footer and (tag in HEADER_TAGS or bool(split & HEADER_WORDS)
                             or any(t in HEADER_TOKENS for t in tokens))
    main = tag in MAIN_TAGS or role in MAIN_ROLES or any(t in MAIN_TOKENS for t in tokens)
    joined = " ".join(tokens)
    return Kind(
        footer=footer, header=header, main=main and not footer,
        side=not footer and (tag in SIDE_TAGS or bool(split & SIDE_WORDS)),
        # A footer hint wins: .footer-desc holds the marks, it is no excerpt.
        post="" if footer else _post_kind(tag, tokens, itemprop),
        shell_root=tag in ("div", "section", "main") and any(t in SHELL_IDS for t in tokens),
        exturl=tag == "span" and "exturl" in tokens,
        icon_hint=any(w in joined for w in BADGE_WORDS + ICON_WORDS) or bool(split & BADGE_PARTS),
    )


@dataclass(slots=True)
class Run:
    """A piece of displayed text. Offsets are in the collected (unnormalised) text."""
    start: int
    end: int
    hidden: bool
    link: int                  # index into Walk.links, -1 for none
    event: int                 # index into Walk.events
    node: LexborNode
    opaque: bool = False       # a pruned subtree: holds no anchor


@dataclass(slots=True)
class Candidate:
    """An image, or an element that may be painted by CSS: maybe a badge."""
    kind: str                  # "img" | "css"
    src: str | None
    node: LexborNode
    link: int
    at: int                    # text offset where it sits


@dataclass(slots=True)
class Region:
    """An element the later steps reason about, and the text it holds: [start, end)."""
    node: LexborNode
    kind: Kind
    start: int
    end: int = -1
    parent: int = -1           # the enclosing region, -1 for none


@dataclass(frozen=True, slots=True)
class _End:
    region: int
    block: bool


@dataclass
class Walk:
    base_url: str
    rendered: bool = False     # a browser's DOM: only painted backgrounds are CSS badges
    prune: bool = True
    parts: list[str] = field(default_factory=list)
    part_run: list[Run | None] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    events: list[Run | Candidate] = field(default_factory=list)
    links: list[LexborNode] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    templates: list[tuple[int, str]] = field(default_factory=list)   # (offset, snippet)
    shell_roots: list[LexborNode] = field(default_factory=list)
    length: int = 0
    last_space: bool = True
    scripts: bool = False
    pruned: bool = False
    full: str = ""
    keep: set[int] = field(default_factory=set)     # elements holding a badge or footer candidate

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
            self._add_run(text[i:i + step], hidden, link, node, False)
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
        text = text.strip()   # no anchor inside: exact white space does not matter
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

    def _element(self, node: LexborNode, tag: str, state: tuple[bool, int, int, int],
                 stack: list[tuple[LexborNode | _End, bool, int, int, int]]) -> None:
        hidden, link, depth, region = state
        attrs = node.attributes
        kind = classify(tag, attrs.get("class"), attrs.get("id"), attrs.get("role"), attrs.get("itemprop"))
        if kind.shell_root:
            self.shell_roots.append(node)
        style = attrs.get("style")
        hidden = hidden or "hidden" in attrs or bool(style and HIDDEN_STYLE.search(style))
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
            if value and ("{" in value or "<" in value) and _TEMPLATE_ATTR.search(value):
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
        painted = node.attributes.get("data-beian-bg")   # set by --render from computed styles
        if painted:
            self.events.append(Candidate("img", resolve_url(self.base_url, painted), node, link, self.length))
        elif self.rendered:
            return     # the browser painted no background here: not a badge
        elif (style and _BG_URL.search(style)) or (
                kind.icon_hint and tag in ("i", "span", "em", "b") and not node.text(deep=True).strip()):
            self.events.append(Candidate("css", None, node, link, self.length))

    def finish(self) -> None:
        self.full = "".join(self.parts)


__all__ = ["Candidate", "Kind", "Region", "Run", "Walk", "classify"]
