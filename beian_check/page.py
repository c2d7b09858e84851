"""One HTML page -> the filing marks it displays (SPEC §4). Pure: bytes in, data out.

The page is walked once, in document order. Displayed text is collected into one
normalised string (numbers are matched on it, never on single text nodes, because sites
split marks across <span>s), next to a list of events (text runs, images, CSS-badge
candidates) used to decide which image belongs to the public-security number.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import re
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import unquote_to_bytes, urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .decoding import sniff
from .messages import Text, text
from .links import NOT_A_LINK, Link, classify_href, decode_exturl
from .numbers import ZERO_WIDTH, IcpNumber, PsbNumber, find_icp, find_psb, normalize

# Never displayed as page text, or not the site's own footer (a blog post that quotes an
# ICP number is not the site's mark).
_SKIP_TAGS = frozenset({
    "script", "style", "template", "textarea", "noscript", "pre", "code", "blockquote",
    "article", "head", "title", "iframe", "object", "select", "svg", "math", "canvas",
    "video", "audio", "map",
})
_ARTICLE_CLASSES = frozenset({
    "post-content", "markdown-body", "entry-content", "article-content", "post-body",
    "article-body", "post-entry", "entry", "markdown", "md-content", "article",
    "post-article", "blog-content", "rich-text", "content-body",
})
_BLOCK_TAGS = frozenset({
    "address", "div", "p", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr",
    "td", "th", "tbody", "thead", "tfoot", "section", "footer", "header", "nav", "aside",
    "main", "h1", "h2", "h3", "h4", "h5", "h6", "form", "fieldset", "figure", "figcaption",
    "center", "body", "caption",
})
# id/class tokens that mark the site footer on real sites: Discuz div#ft, WordPress
# .site-info, many Chinese templates .foot/.bottom/.copyright/.beian.
_FOOTER_EXACT = frozenset({"ft", "bottom", "copy", "icp", "beian", "ba", "record", "colophon",
                           "site-info", "siteinfo", "contentinfo", "gongan", "police"})
_FOOTER_SUBSTR = ("foot", "copyright", "beian", "site-info", "colophon", "icp")
_HEADER_EXACT = frozenset({"header", "nav", "navbar", "topbar", "top", "masthead", "menu"})
_BADGE_HINT = re.compile(r"gongan|beian|police|ghs|gaba|psb|mps|guohui|badge|icon|ico\b|ga[-_]",
                         re.IGNORECASE)
_T = TypeVar("_T")
_SPACE = re.compile(r"\s+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BG_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{|\{%|<%|\$\{|\{dede:|<\?php|\{\$|\{:", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s|｜丨/·•,，、:：;；()（）\[\]【】<>《》\-_=~*@©]*$")
_JS_REDIRECT = re.compile(
    r"(?:window|top|self|document|parent)?\.?location(?:\.href)?\s*=(?!=)|location\.(?:replace|assign)\s*\(",
    re.IGNORECASE)
_INLINE_TAGS = frozenset({"a", "span", "b", "i", "em", "strong", "small", "font", "u", "label", "sup", "sub"})
# A subtree holding any of these is walked, never pruned: a badge candidate, or a
# footer-like element (a superset of _is_footer, in CSS).
_NO_PRUNE = ("img, i, [style*=background i], [data-beian-bg], [class*=gongan i], [class*=police i], footer, "
             "[role=contentinfo], [id*=foot i], [class*=foot i], #ft, [id*=copy i], [class*=copy i], "
             "[id*=beian i], [class*=beian i], [id*=icp i], [class*=icp i], [class*=site-info i], "
             "[id*=colophon i], [class*=colophon i], .bottom, #bottom, .record, .ba, .gongan, .police")
_SHELL_IDS = frozenset({"app", "root", "__next", "__nuxt", "q-app", "__layout", "main-app", "vue-app"})
_LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "src")
_META_REFRESH = re.compile(r"^\s*\d*\.?\d*\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Badge:
    kind: str                 # "img" | "css"
    src: str | None           # absolute URL or data: URI (img only)
    evidence: str


@dataclass(frozen=True, slots=True)
class FoundMark:
    number: IcpNumber | PsbNumber
    link: Link
    in_footer: bool
    hidden: bool
    evidence: str
    badge_before: Badge | None = None
    badge_after: Badge | None = None
    tokens: frozenset[str] = frozenset()    # class and id names of the mark and its ancestors


@dataclass(slots=True)
class PageAnalysis:
    url: str
    encoding: str
    icp: list[FoundMark] = field(default_factory=list)
    psb: list[FoundMark] = field(default_factory=list)
    template: str | None = None        # template syntax seen in the footer
    shell: Text | None = None          # why this is an application shell
    refresh: str | None = None         # <meta http-equiv=refresh> target, absolute
    visible_chars: int = 0
    scripts: bool = False                # the page runs scripts (which could add or change marks)
    # Filled only with render_hints (for --render auto):
    hiding_tokens: frozenset[str] = frozenset()  # classes/ids that inline <style> rules hide
    stylesheets: tuple[str, ...] = ()    # <link rel=stylesheet> URLs, absolute


@dataclass(slots=True)
class _Seg:
    start: int                 # offsets in the raw (unnormalised) page text
    end: int
    hidden: bool
    footer: bool
    header: bool
    link: int                  # index into _Walk.links, -1 for none
    event: int
    node: LexborNode
    opaque: bool = False       # a pruned subtree: holds no anchor


def _is_footer(tag: str, tokens: list[str], role: str | None) -> bool:
    if tag == "footer" or role == "contentinfo":
        return True
    return any(t in _FOOTER_EXACT or any(s in t for s in _FOOTER_SUBSTR) for t in tokens)


def _is_header(tag: str, tokens: list[str]) -> bool:
    return tag in ("header", "nav") or any(t in _HEADER_EXACT for t in tokens)


def _snippet(node: LexborNode | None, limit: int = 240) -> str:
    if node is None:
        return ""
    raw = node.html or ""
    html = _SPACE.sub(" ", raw[:limit * 4]).strip()   # cut first: the node may be megabytes
    return html if len(html) <= limit and len(raw) <= limit * 4 else html[: limit - 1] + "…"


def _image_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    return None


def decode_data_uri(uri: str) -> tuple[str, bytes] | None:
    """data:[mime][;base64],payload -> (mime, bytes); None when it does not decode."""
    try:
        head, payload = uri[5:].split(",", 1)
    except ValueError:
        return None
    mime = head.split(";")[0].strip().lower() or "text/plain"
    if ";base64" in head.lower():
        try:
            return mime, base64.b64decode(re.sub(r"\s+", "", payload) + "=" * (-len(payload.strip()) % 4))
        except (binascii.Error, ValueError):
            return None
    return mime, unquote_to_bytes(payload)


def is_placeholder_image(src: str, node: LexborNode | None = None) -> bool:
    """1x1 spacers that lazy loaders put in src until the real image arrives."""
    if node is not None:
        a = node.attributes
        if (a.get("width") or "").strip() in ("0", "1") and (a.get("height") or "").strip() in ("0", "1"):
            return True
    if src.startswith("data:"):
        decoded = decode_data_uri(src)
        if decoded is None:
            return False
        size = _image_size(decoded[1])
        return size is not None and size[0] <= 1 and size[1] <= 1
    low = src.lower()
    return any(p in low for p in ("blank.gif", "spacer.gif", "pixel.gif", "placeholder.png", "1x1."))


def image_source(node: LexborNode, base_url: str) -> str | None:
    """The URL an <img> really shows: lazy-load attributes first, no placeholders."""
    attrs = node.attributes
    for name in _LAZY_ATTRS:
        value = (attrs.get(name) or "").strip()
        if not value or is_placeholder_image(value, node):
            continue
        if value.startswith("data:"):
            return value
        try:
            return urljoin(base_url, value)
        except ValueError:
            return None
    return None


class _Walk:
    """Collects the displayed text, its segments and the event list in one pass."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.parts: list[str] = []
        self.length = 0
        self.last_space = True
        self.segs: list[_Seg] = []
        self.events: list[_Seg | Badge] = []   # document order: text runs and badge candidates
        self.links: list[LexborNode] = []
        self.template: str | None = None
        self.footer_seen = False
        self.has_shell_root = False
        self.any_script = False
        self.full = ""
        self.part_seg: list[_Seg | None] = []
        self.templates: list[tuple[int, bool, str]] = []   # (offset, in footer, snippet)
        self.pruned = False
        self.prune = True
        self.snippets: dict[int, str] = {}    # evidence per element, serialised once

    def finish(self) -> None:
        self.full = "".join(self.parts)
        if self.template is None and not self.footer_seen:
            # No footer element: template syntax in the second half of the page counts.
            half = self.length / 2
            self.template = next((t for pos, _, t in self.templates if pos >= half), None)

    def space(self) -> None:
        if not self.last_space:
            self.parts.append(" ")
            self.part_seg.append(None)
            self.length += 1
            self.last_space = True

    def text(self, node: LexborNode, hidden: bool, footer: bool, header: bool, link: int) -> None:
        raw = node.text_content or ""
        if self.template is None and _has_template(raw):
            self.note_template(raw, footer)
        # Only white space is collapsed here; the full normalisation (NFKC, ...) costs
        # ~70 µs a paragraph and runs later on the few runs near a filing number.
        text = _SPACE.sub(" ", raw)
        if not text or text == " ":
            if text:
                self.space()
            return
        if text[0] == " " and self.last_space:
            text = text[1:]
        # A huge text node is cut into runs so that a window around one anchor stays
        # small (a hostile page can hold 300,000 anchors in a single node).
        for i in range(0, len(text), _RUN if len(text) > 2 * _RUN else len(text) or 1):
            piece = text[i:i + _RUN] if len(text) > 2 * _RUN else text
            start = self.length
            self.length += len(piece)
            seg = _Seg(start, self.length, hidden, footer, header, link, len(self.events), node)
            self.parts.append(piece)
            self.part_seg.append(seg)
            self.segs.append(seg)
            self.events.append(seg)
        self.last_space = text[-1] == " "

    def opaque(self, node: LexborNode, text: str, hidden: bool) -> None:
        """A pruned subtree: no filing number, template or image inside, so it only
        counts as a block of text (for positions, and as a barrier between a badge and
        a number)."""
        self.space()
        text = text.strip()   # no anchor inside: exact white space does not matter
        if text:
            seg = _Seg(self.length, self.length + len(text), hidden, False, False, -1, len(self.events),
                       node, opaque=True)
            self.length += len(text)
            self.parts.append(text)
            self.part_seg.append(seg)
            self.segs.append(seg)
            self.events.append(seg)
            self.last_space = False
        self.space()

    def note_template(self, snippet: str, footer: bool) -> None:
        if self.template is None:
            self.templates.append((self.length, footer, snippet.strip()[:120]))
            if footer:
                self.template = snippet.strip()[:120]

    def walk(self, root: LexborNode) -> None:
        # Explicit stack: deep DOMs (tables in tables) must not hit the recursion limit.
        stack: list[tuple[LexborNode | None, bool, bool, bool, int, int]] = [(root, False, False, False, -1, 0)]
        while stack:
            node, hidden, footer, header, link, depth = stack.pop()
            if node is None:          # end of a block element
                self.space()
                continue
            tag = node.tag
            if tag == "-text":
                self.text(node, hidden, footer, header, link)
                continue
            if tag == "-comment" or tag is None or tag.startswith("-") or tag.startswith("_"):
                content = node.html or ""
                if "?php" in content or "<%" in content:
                    self.note_template(content, footer)
                continue
            if tag in _SKIP_TAGS:
                if tag == "script":
                    self.any_script = True
                continue
            attrs = node.attributes
            kind = _classify(tag, attrs.get("class"), attrs.get("id"), attrs.get("role"))
            if kind.skip:
                continue
            if kind.shell_root:
                self.has_shell_root = True
            style = attrs.get("style")
            if not hidden and ("hidden" in attrs or (style and _HIDDEN_STYLE.search(style))):
                hidden = True
            if kind.footer and not footer:
                footer = True
                self.footer_seen = True
            if kind.header and not footer:
                header = True
            for name in ("href", "src"):
                value = attrs.get(name)
                if value and ("{" in value or "<" in value) and _TEMPLATE.search(value):
                    self.note_template(f'{name}="{value[:100]}"', footer)
            if tag == "img":
                src = image_source(node, self.base_url)
                if src and not hidden:
                    self.events.append(Badge("img", src, _snippet(node)))
                continue
            painted = attrs.get("data-beian-bg")   # set by --render from computed styles
            if painted and not hidden:
                self.events.append(Badge("img", urljoin(self.base_url, painted), _snippet(node, 160)))
                style = None
            if tag == "a" or (kind.exturl and attrs.get("data-url")):
                link = len(self.links)
                self.links.append(node)
            elif self.prune and depth <= _PRUNE_DEPTH and not footer and tag not in _INLINE_TAGS and tag != "body" \
                    and node.child is not None:
                # Pruning: most of a page (navigation, articles, product cards) holds no
                # filing number. One C call gets a subtree's text; when it has no anchor,
                # no template syntax and nothing that could be a badge, it is counted as
                # one block instead of walked node by node (5x faster on real pages).
                deep = node.text(deep=True)
                if len(deep) >= 16 and not _has_anchor(deep) and not _has_template(deep) \
                        and node.css_first(_NO_PRUNE) is None:
                    self.opaque(node, deep, hidden)
                    self.pruned = True
                    continue
            if style and not hidden and _BG_URL.search(style):
                self.events.append(Badge("css", None, _snippet(node, 160)))
            elif not painted and kind.badge_hint and tag in ("i", "span", "em", "b") and not hidden \
                    and not node.text(deep=True).strip():
                self.events.append(Badge("css", None, _snippet(node, 160)))
            if tag in _BLOCK_TAGS:
                self.space()
                stack.append((None, hidden, footer, header, link, depth))
            child = node.last_child
            while child is not None:
                stack.append((child, hidden, footer, header, link, depth + 1))
                child = child.prev


@dataclass(frozen=True, slots=True)
class _Kind:
    skip: bool = False
    shell_root: bool = False
    footer: bool = False
    header: bool = False
    exturl: bool = False
    badge_hint: bool = False


_PLAIN = _Kind()
_KINDS: dict[tuple[str, str | None, str | None, str | None], _Kind] = {}


def _classify(tag: str, cls: str | None, ident: str | None, role: str | None) -> _Kind:
    """What an element's tag, class, id and role say about it. Memoised: pages repeat
    the same few class names hundreds of times."""
    key = (tag, cls, ident, role)
    kind = _KINDS.get(key)
    if kind is None:
        tokens = (cls or "").lower().split()
        if ident:
            tokens.append(ident.lower())
        if not tokens and role is None and tag not in ("footer", "header", "nav"):
            kind = _PLAIN
        else:
            footer = _is_footer(tag, tokens, role)
            kind = _Kind(
                skip=tag in ("div", "section", "main") and any(t in _ARTICLE_CLASSES for t in tokens),
                shell_root=tag in ("div", "section", "main") and (ident or "") in _SHELL_IDS,
                footer=footer,
                header=not footer and _is_header(tag, tokens),
                exturl=tag == "span" and "exturl" in tokens,
                badge_hint=bool(_BADGE_HINT.search(" ".join(tokens))),
            )
        if len(_KINDS) > 4096:
            _KINDS.clear()
        _KINDS[key] = kind
    return kind


def _link_of(walk: _Walk, node_link: int, base_url: str) -> Link:
    if node_link < 0:
        return NOT_A_LINK
    el = walk.links[node_link]
    attrs = el.attributes
    if el.tag == "span":
        decoded = decode_exturl(attrs.get("data-url") or "")
        return classify_href(decoded, base_url) if decoded else NOT_A_LINK
    return classify_href(attrs.get("href"), base_url)


def _substantive(text: str) -> bool:
    """Text that ends the search for a badge: anything but separators and short labels
    such as "公安备案号：" between the badge and the number."""
    text = text.strip()
    if not text or _SEPARATOR.match(text):
        return False
    return any(ch.isdigit() for ch in text) or len(text) > 12 or "ICP" in text.upper()


_BACK, _FORWARD = 6, 4
# Hostile pages must not buy unbounded CPU (analysis runs between awaits, where no
# deadline can interrupt it): pruning is tried near the top of the tree only (each try
# reads a subtree's text, quadratic in depth on 20,000 nested divs), and at most this
# many anchors are looked at.
_PRUNE_DEPTH = 10
_MAX_ANCHORS = 64
_RUN = 1024


@dataclass(slots=True)
class _Window:
    """Normalised text of a few runs around a filing-number anchor, with where each run
    landed in it, so that a match maps back to its DOM text nodes."""
    text: str
    runs: list[tuple[int, int, _Seg]]      # (start, end) in ``text``

    def segs(self, start: int, end: int) -> list[tuple[int, int, _Seg]]:
        return [r for r in self.runs if r[0] < end and r[1] > start]


# The literal parts of both numbers, as they may appear before normalisation (full-width,
# zero-width characters inside).
_ZW = f"[{ZERO_WIDTH}]*"
_ANCHOR = re.compile(f"[IＩ]{_ZW}[CＣ]{_ZW}[PＰ]|公{_ZW}网{_ZW}安{_ZW}备", re.IGNORECASE)
_BEFORE, _AFTER = 40, 80


# The spellings of "CP" that normalisation could turn into ICP, as plain substrings:
# str.find runs at C speed (~10 µs over 40 KB of CJK text) where the equivalent regex (a
# class per letter) takes 40 times longer.
_CP = tuple(b + c for b in "CcＣｃ" for c in "PpＰｐ")
_I = frozenset("IiＩｉ")
_PSB_NEEDLE = "公网安备"


def _has_anchor(text: str) -> bool:
    """A cheap superset test for _ANCHOR.search (used to prune subtrees)."""
    if _PSB_NEEDLE in text:
        return True
    if ("P" in text or "p" in text or "Ｐ" in text or "ｐ" in text) and any(n in text for n in _CP):
        return True
    return any(c in text for c in ZERO_WIDTH) and _ANCHOR.search(text) is not None


def _has_template(text: str) -> bool:
    if "{" not in text and "<" not in text and "$" not in text:
        return False
    return _TEMPLATE.search(text) is not None


def _anchor_spans(full: str, limit: int = _MAX_ANCHORS) -> list[tuple[int, int]]:
    """Anchor positions; on a page with more than ``limit``, the first and the last
    ``limit / 2`` (the footer is at the end), found without walking the rest."""
    if any(c in full for c in ZERO_WIDTH):
        spans = [m.span() for m in _ANCHOR.finditer(full)]
    else:
        half = limit // 2
        found: set[tuple[int, int]] = set()
        for needle in _CP + (_PSB_NEEDLE,):
            for forward in (True, False):
                i = full.find(needle) if forward else full.rfind(needle)
                count = 0
                while i >= 0 and count < half:
                    if needle is _PSB_NEEDLE:
                        found.add((i, i + 4))
                    elif i > 0 and full[i - 1] in _I:
                        found.add((i - 1, i + 2))
                    count += 1
                    i = full.find(needle, i + 1) if forward else full.rfind(needle, 0, i)
        spans = sorted(found)
    if len(spans) > limit:
        spans = spans[:limit // 2] + spans[-(limit // 2):]
    return spans


def _windows(walk: _Walk) -> list[_Window]:
    """Windows of normalised text around every anchor. Pruned blocks hold no anchor and
    split the page into runs of parts that are searched separately."""
    out: list[_Window] = []
    parts, part_seg = walk.parts, walk.part_seg
    run: list[int] = []
    for i in range(len(parts) + 1):
        seg = part_seg[i] if i < len(parts) else None
        if i < len(parts) and not (seg is not None and seg.opaque):
            run.append(i)
            continue
        if run:
            out.extend(_run_windows(walk, run))
            run = []
    if len(out) > _MAX_ANCHORS:
        out = out[:_MAX_ANCHORS // 2] + out[-(_MAX_ANCHORS // 2):]
    return out


def _run_windows(walk: _Walk, run: list[int]) -> list[_Window]:
    text = "".join(walk.parts[i] for i in run)
    if not _has_anchor(text):
        return []
    starts = [0]
    for i in run[:-1]:
        starts.append(starts[-1] + len(walk.parts[i]))
    ranges: list[list[int]] = []
    for a_start, a_end in _anchor_spans(text):
        lo = max(bisect.bisect_right(starts, a_start - _BEFORE) - 1, 0)
        hi = bisect.bisect_right(starts, a_end + _AFTER)
        if ranges and lo <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], hi)
        else:
            ranges.append([lo, hi])
    out = []
    for lo, hi in ranges:
        pieces: list[str] = []
        runs = []
        pos = 0
        for i in run[lo:hi]:
            piece = normalize(walk.parts[i], unescape=False)
            seg = walk.part_seg[i]
            if seg is not None:
                runs.append((pos, pos + len(piece), seg))
            pieces.append(piece)
            pos += len(piece)
        out.append(_Window("".join(pieces), runs))
    return out


def _find_badges(walk: _Walk, win: _Window, runs: list[tuple[int, int, _Seg]], start: int,
                 end: int) -> tuple[Badge | None, Badge | None]:
    """The image just before the number (the badge), else one just after it. Separators
    and short labels may stand between; another number or sentence may not. An image
    between an ICP link and the public-security link is reached first going backwards
    from the latter, so it belongs to it."""
    full = walk.full
    first, last = runs[0], runs[-1]
    before: Badge | None = None
    after: Badge | None = None
    if not _substantive(win.text[first[0]:start]):
        for item in reversed(walk.events[max(0, first[2].event - _BACK):first[2].event]):
            if isinstance(item, _Seg):
                if _substantive(full[item.start:item.end]):
                    break
                continue
            before = item
            break
    if not _substantive(win.text[end:last[1]]):
        for item in walk.events[last[2].event + 1:last[2].event + 1 + _FORWARD]:
            if isinstance(item, _Seg):
                if _substantive(full[item.start:item.end]):
                    break
                continue
            if item.kind == "img":
                after = item
                break
    return before, after


def _mark(walk: _Walk, win: _Window, number: IcpNumber | PsbNumber, base_url: str, want_badge: bool) -> FoundMark:
    runs = win.segs(number.start, number.end)
    segs = [r[2] for r in runs]
    first = segs[0]
    link_id = next((s.link for s in reversed(segs) if s.link >= 0), -1)
    link = _link_of(walk, link_id, base_url)
    hidden = all(s.hidden for s in segs)
    in_footer = any(s.footer for s in segs) or (
        not walk.footer_seen and not first.header and first.start >= len(walk.full) * 0.5)
    evidence_node = walk.links[link_id] if link_id >= 0 else first.node.parent
    key = evidence_node.mem_id if evidence_node is not None else 0
    evidence = walk.snippets.get(key)
    if evidence is None:
        evidence = walk.snippets[key] = _snippet(evidence_node)
    before = after = None
    if want_badge:
        before, after = _find_badges(walk, win, runs, number.start, number.end)
    return FoundMark(number, link, in_footer, hidden, evidence, before, after,
                     _ancestor_tokens(first.node))


def _ancestor_tokens(node: LexborNode | None) -> frozenset[str]:
    out: set[str] = set()
    while node is not None and node.tag not in ("body", "html", None):
        if node.tag != "-text":
            attrs = node.attributes
            out.update((attrs.get("class") or "").split())
            ident = attrs.get("id")
            if ident:
                out.add(ident)
        node = node.parent
    return frozenset(out)


_CSS_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
_CSS_NAME = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
_CSS_HIDES = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def hiding_tokens(css: str) -> frozenset[str]:
    """Class and id names that a stylesheet's rules hide: if a mark sits under one, only a
    browser can tell whether it is displayed."""
    out: set[str] = set()
    if _CSS_HIDES.search(css):
        for selector, body in _CSS_RULE.findall(css):
            if _CSS_HIDES.search(body):
                out.update(_CSS_NAME.findall(selector))
    return frozenset(out)


def _hiding_tokens(tree: LexborHTMLParser) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for style in tree.css("style"):
        out |= hiding_tokens(style.text() or "")
    return out


def _ends(items: list[_T]) -> list[_T]:
    half = _MAX_ANCHORS // 2
    return items if len(items) <= _MAX_ANCHORS else items[:half] + items[-half:]


def analyze_html(html: str | bytes, url: str, *, render_hints: bool = False) -> PageAnalysis:
    """``render_hints``: also collect what --render auto needs to decide (stylesheet rules
    that hide classes, linked stylesheets); the static run does not pay for them."""
    tree = LexborHTMLParser(html)
    result = PageAnalysis(url=url, encoding="")
    base = tree.css_first("base[href]")
    if base is not None:    # relative links and badges resolve against <base href>
        try:
            url = urljoin(url, (base.attributes.get("href") or "").strip())
        except ValueError:
            pass
    walk = _Walk(url)
    body = tree.body
    refresh = tree.css_first('meta[http-equiv="refresh" i]')
    if refresh is not None:
        m = _META_REFRESH.match(refresh.attributes.get("content") or "")
        if m and m.group(1).strip():
            result.refresh = urljoin(url, m.group(1).strip())
    if body is None:
        result.shell = text("shell.no-body")
        return result
    walk.walk(body)
    walk.finish()
    result.visible_chars = sum(s.end - s.start for s in walk.segs if not s.hidden)
    result.template = walk.template
    result.scripts = walk.any_script or tree.css_first("script") is not None
    if render_hints:
        result.hiding_tokens = _hiding_tokens(tree)
        result.stylesheets = tuple(urljoin(url, href) for link in tree.css("link[href]")
                                   if "stylesheet" in (link.attributes.get("rel") or "").lower()
                                   and (href := (link.attributes.get("href") or "").strip()))[:4]
    for win in _windows(walk):
        for n in _ends(find_icp(win.text)):
            result.icp.append(_mark(walk, win, n, url, False))
        for p in _ends(find_psb(win.text)):
            result.psb.append(_mark(walk, win, p, url, True))
    if not result.icp and not result.psb:
        visible = result.visible_chars
        if walk.pruned and visible < 10000:
            # Pruned blocks count script text too; recount exactly before calling the
            # page an application shell.
            exact = _Walk(url)
            exact.prune = False
            exact.walk(body)
            visible = sum(s.end - s.start for s in exact.segs if not s.hidden)
        if visible < 200:
            result.shell = _shell_reason(tree, walk, visible)
    return result


def _shell_reason(tree: LexborHTMLParser, walk: _Walk, visible: int) -> Text | None:
    scripts = " ".join((s.text() or "")[:20000] for s in tree.css("script"))
    if "__NEXT_DATA__" in scripts or tree.css_first("#__NEXT_DATA__") is not None:
        return text("shell.next")
    if "__NUXT__" in scripts:
        return text("shell.nuxt")
    if _JS_REDIRECT.search(scripts):
        return text("shell.js-redirect")
    if walk.has_shell_root or tree.css_first("#app, #root, #__next, #__nuxt") is not None:
        return text("shell.mount")
    if visible < 20 and (walk.any_script or tree.css_first("script") is not None):
        return text("shell.scripts")
    return None


def analyze(body: bytes, url: str, content_type: str | None = None, *,
            render_hints: bool = False) -> PageAnalysis:
    encoding, skip = sniff(body, content_type)
    if encoding == "utf-8":
        # lexbor parses UTF-8 bytes itself (bad sequences become U+FFFD, as with
        # errors="replace"): decoding to str first only for selectolax to encode it
        # back cost ~15% of a whole run.
        html: str | bytes = body[skip:] if skip else body
    else:
        html = body[skip:].decode(encoding, "replace")
    result = analyze_html(html, url, render_hints=render_hints)
    result.encoding = encoding
    return result
