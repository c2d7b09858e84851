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
from urllib.parse import unquote_to_bytes, urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .decoding import decode_html
from .links import Link, LinkKind, NOT_A_LINK, classify_href, decode_exturl
from .numbers import IcpNumber, PsbNumber, find_icp, find_psb, normalize

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
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BG_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(", re.IGNORECASE)
_TEMPLATE = re.compile(r"\{\{|\{%|<%|\$\{|\{dede:|<\?php|\{\$|\{:", re.IGNORECASE)
_SEPARATOR = re.compile(r"^[\s|｜丨/·•,，、:：;；()（）\[\]【】<>《》\-_=~*@©]*$")
_JS_REDIRECT = re.compile(
    r"(?:window|top|self|document|parent)?\.?location(?:\.href)?\s*=(?!=)|location\.(?:replace|assign)\s*\(",
    re.IGNORECASE)
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


@dataclass(slots=True)
class PageAnalysis:
    url: str
    encoding: str
    icp: list[FoundMark] = field(default_factory=list)
    psb: list[FoundMark] = field(default_factory=list)
    template: str | None = None        # template syntax seen in the footer
    shell: str | None = None           # why this is an application shell
    refresh: str | None = None         # <meta http-equiv=refresh> target, absolute
    visible_chars: int = 0


@dataclass(slots=True)
class _Seg:
    start: int
    end: int
    hidden: bool
    footer: bool
    header: bool
    link: int                  # index into _Walk.links, -1 for none
    event: int
    node: LexborNode


def _tokens(node: LexborNode) -> list[str]:
    attrs = node.attributes
    out = (attrs.get("class") or "").lower().split()
    ident = attrs.get("id")
    if ident:
        out.append(ident.lower())
    return out


def _is_footer(tag: str, tokens: list[str], role: str | None) -> bool:
    if tag == "footer" or role == "contentinfo":
        return True
    return any(t in _FOOTER_EXACT or any(s in t for s in _FOOTER_SUBSTR) for t in tokens)


def _is_header(tag: str, tokens: list[str]) -> bool:
    return tag in ("header", "nav") or any(t in _HEADER_EXACT for t in tokens)


def _snippet(node: LexborNode | None, limit: int = 240) -> str:
    if node is None:
        return ""
    html = re.sub(r"\s+", " ", node.html or "").strip()
    return html if len(html) <= limit else html[: limit - 1] + "…"


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
        self.seg_starts: list[int] = []

    def finish(self) -> None:
        self.full = "".join(self.parts)
        self.seg_starts = [s.start for s in self.segs]

    def segs_between(self, start: int, end: int) -> list[_Seg]:
        """The text segments a match at [start, end) of the full text spans."""
        i = max(bisect.bisect_right(self.seg_starts, start) - 1, 0)
        out = []
        while i < len(self.segs) and self.segs[i].start < end:
            if self.segs[i].end > start:
                out.append(self.segs[i])
            i += 1
        return out

    def space(self) -> None:
        if not self.last_space:
            self.parts.append(" ")
            self.length += 1
            self.last_space = True

    def text(self, node: LexborNode, hidden: bool, footer: bool, header: bool, link: int) -> None:
        raw = node.text_content or ""
        if footer and self.template is None and _TEMPLATE.search(raw):
            self.template = raw.strip()[:120]
        norm = normalize(raw, unescape=False)
        if not norm or norm == " ":
            if norm:
                self.space()
            return
        if norm[0] == " ":
            if self.last_space:
                norm = norm[1:]
        start = self.length
        self.parts.append(norm)
        self.length += len(norm)
        self.last_space = norm[-1] == " "
        seg = _Seg(start, self.length, hidden, footer, header, link, len(self.events), node)
        self.segs.append(seg)
        self.events.append(seg)

    def walk(self, root: LexborNode) -> None:
        # Explicit stack: deep DOMs (tables in tables) must not hit the recursion limit.
        stack: list[tuple[LexborNode | None, bool, bool, bool, int]] = [(root, False, False, False, -1)]
        while stack:
            node, hidden, footer, header, link = stack.pop()
            if node is None:          # end of a block element
                self.space()
                continue
            tag = node.tag
            if tag == "-text":
                self.text(node, hidden, footer, header, link)
                continue
            if tag == "-comment" or tag is None or tag.startswith("-") or tag.startswith("_"):
                if footer and self.template is None:
                    content = node.html or ""
                    if "?php" in content or "<%" in content:
                        self.template = content.strip()[:120]
                continue
            if tag in _SKIP_TAGS:
                if tag == "script":
                    self.any_script = True
                continue
            attrs = node.attributes
            tokens = _tokens(node)
            if tag == "div" or tag == "section" or tag == "main":
                if any(t in _ARTICLE_CLASSES for t in tokens):
                    continue
                if attrs.get("id") in _SHELL_IDS:
                    self.has_shell_root = True
            style = attrs.get("style") or ""
            if not hidden and ("hidden" in attrs or (style and _HIDDEN_STYLE.search(style))):
                hidden = True
            if not footer and _is_footer(tag, tokens, attrs.get("role")):
                footer = True
                self.footer_seen = True
            if not header and not footer and _is_header(tag, tokens):
                header = True
            if footer and self.template is None:
                for name in ("href", "src"):
                    value = attrs.get(name)
                    if value and _TEMPLATE.search(value):
                        self.template = f'{name}="{value[:100]}"'
            if tag == "a" or (tag == "span" and "exturl" in tokens and attrs.get("data-url")):
                link = len(self.links)
                self.links.append(node)
            if tag == "img":
                src = image_source(node, self.base_url)
                if src and not hidden:
                    self.events.append(Badge("img", src, _snippet(node)))
                continue
            if style and _BG_URL.search(style) and not hidden:
                self.events.append(Badge("css", None, _snippet(node, 160)))
            elif tag in ("i", "span", "em", "b") and not hidden and not node.text(deep=True).strip() \
                    and _BADGE_HINT.search(" ".join(tokens)):
                self.events.append(Badge("css", None, _snippet(node, 160)))
            if tag in _BLOCK_TAGS:
                self.space()
                stack.append((None, hidden, footer, header, link))
            child = node.last_child
            while child is not None:
                stack.append((child, hidden, footer, header, link))
                child = child.prev


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


def _find_badges(walk: _Walk, first: _Seg, last: _Seg, start: int, end: int) -> tuple[Badge | None, Badge | None]:
    """The image just before the number (the badge), else one just after it. Separators
    and short labels may stand between; another number or sentence may not. An image
    between an ICP link and the public-security link is reached first going backwards
    from the latter, so it belongs to it."""
    full = walk.full
    before: Badge | None = None
    after: Badge | None = None
    if not _substantive(full[first.start:start]):
        for item in reversed(walk.events[max(0, first.event - _BACK):first.event]):
            if isinstance(item, _Seg):
                if _substantive(full[item.start:item.end]):
                    break
                continue
            before = item
            break
    if not _substantive(full[end:last.end]):
        for item in walk.events[last.event + 1:last.event + 1 + _FORWARD]:
            if isinstance(item, _Seg):
                if _substantive(full[item.start:item.end]):
                    break
                continue
            if item.kind == "img":
                after = item
                break
    return before, after


def _mark(walk: _Walk, number: IcpNumber | PsbNumber, base_url: str, total: int, want_badge: bool) -> FoundMark:
    segs = walk.segs_between(number.start, number.end)
    first, last = segs[0], segs[-1]
    link_id = next((s.link for s in reversed(segs) if s.link >= 0), -1)
    link = _link_of(walk, link_id, base_url)
    hidden = all(s.hidden for s in segs)
    in_footer = any(s.footer for s in segs) or (
        not walk.footer_seen and not first.header and number.start >= total * 0.5)
    evidence_node = walk.links[link_id] if link_id >= 0 else first.node.parent
    before = after = None
    if want_badge:
        before, after = _find_badges(walk, first, last, number.start, number.end)
    return FoundMark(number, link, in_footer, hidden, _snippet(evidence_node), before, after)


def analyze_html(html: str, url: str) -> PageAnalysis:
    tree = LexborHTMLParser(html)
    walk = _Walk(url)
    body = tree.body
    result = PageAnalysis(url=url, encoding="")
    refresh = tree.css_first('meta[http-equiv="refresh" i]')
    if refresh is not None:
        m = _META_REFRESH.match(refresh.attributes.get("content") or "")
        if m and m.group(1).strip():
            result.refresh = urljoin(url, m.group(1).strip())
    if body is None:
        result.shell = "the page has no <body>"
        return result
    walk.walk(body)
    walk.finish()
    full = walk.full
    total = len(full)
    result.visible_chars = sum(s.end - s.start for s in walk.segs if not s.hidden)
    result.template = walk.template
    for n in find_icp(full):
        result.icp.append(_mark(walk, n, url, total, False))
    for p in find_psb(full):
        result.psb.append(_mark(walk, p, url, total, True))
    if not result.icp and not result.psb and result.visible_chars < 200:
        result.shell = _shell_reason(tree, walk, result.visible_chars)
    return result


def _shell_reason(tree: LexborHTMLParser, walk: _Walk, visible: int) -> str | None:
    scripts = " ".join((s.text() or "")[:20000] for s in tree.css("script"))
    if "__NEXT_DATA__" in scripts or tree.css_first("#__NEXT_DATA__") is not None:
        return "a Next.js application shell (__NEXT_DATA__)"
    if "__NUXT__" in scripts:
        return "a Nuxt application shell (window.__NUXT__)"
    if _JS_REDIRECT.search(scripts):
        return "a JavaScript redirect"
    if walk.has_shell_root or tree.css_first("#app, #root, #__next, #__nuxt") is not None:
        return "an application shell (empty mount point such as #app or #root)"
    if visible < 20 and (walk.any_script or tree.css_first("script") is not None):
        return "scripts and almost no text"
    return None


def analyze(body: bytes, url: str, content_type: str | None = None) -> PageAnalysis:
    text, encoding = decode_html(body, content_type)
    result = analyze_html(text, url)
    result.encoding = encoding
    return result
