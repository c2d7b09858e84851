"""One HTML page -> the filing marks it displays (SPEC §4). Pure: bytes in, data out.

The steps, each its own module:
  walk      one pass over the DOM that only collects (text runs, images, regions)
  regions   post content (never a displayed mark) and the ONE site footer
  text      windows of normalised text around anchors, where numbers are matched
  badges    which image belongs to a public-security number
  signals   application shells, meta refresh, numbers only in images, hiding rules
The heuristics they use are one table: beian_check/heuristics/table.py.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..decoding import sniff
from ..heuristics import INDEX_NAMES, TITLE_MIN_LETTERS
from ..links import NOT_A_LINK, Link, LinkKind, classify_href, decode_exturl, resolve_url
from ..messages import text as _text  # (the submodule .text shadows a plain "text")
from ..model import Badge, FoundMark, PageAnalysis
from ..numbers import IcpNumber, PsbNumber, find_icp, find_psb, normalize
from .badges import Place, badges, snippet
from .images import decode_data_uri, image_source, is_placeholder_image
from .regions import Footer, Layout, choose_footer, post_content
from .signals import (
    client_templates,
    framed,
    hiding_tokens,
    inline_hiding_tokens,
    meta_refresh,
    only_in_images,
    painted_badge_classes,
    shell_reason,
    stylesheets,
)
from .text import Window, ends, title_letters, windows
from .walk import Walk

__all__ = [
    "Badge",
    "FoundMark",
    "PageAnalysis",
    "analyze",
    "analyze_html",
    "decode_data_uri",
    "hiding_tokens",
    "image_source",
    "is_placeholder_image",
]

N = TypeVar("N", IcpNumber, PsbNumber)
_EXACT_RECOUNT = 10000  # below this, a pruned page's visible text is recounted exactly


class _Page:
    """What the steps share while one page is analysed."""

    def __init__(self, walk: Walk, url: str) -> None:
        self.walk = walk
        self.url = url
        self.posts = post_content(walk.regions, walk.length)
        self.snippets: dict[int, str] = {}  # evidence per element, serialised once
        self.layout = Layout.of(walk.regions, None, walk.length)

    def excluded(self, pos: int) -> bool:
        return pos in self.posts

    def link(self, index: int) -> Link:
        if index < 0:
            return NOT_A_LINK
        el = self.walk.links[index]
        attrs = el.attributes
        if el.tag == "span":
            decoded = decode_exturl(attrs.get("data-url") or "")
            return classify_href(decoded, self.url) if decoded else NOT_A_LINK
        return classify_href(attrs.get("href"), self.url)

    def evidence(self, node: LexborNode | None) -> str:
        key = node.mem_id if node is not None else 0
        found = self.snippets.get(key)
        if found is None:
            found = self.snippets[key] = snippet(node)
        return found

    def mark(self, win: Window, number: N, want_badge: bool) -> FoundMark[N]:
        runs = win.runs_in(number.start, number.end)
        link_id = _link_of(win, number)
        first = runs[0][2]
        link_node = self.walk.links[link_id] if link_id >= 0 else None
        before = after = None
        if want_badge:
            place = Place.of(link_node, first.node)
            before, after = badges(self.walk, win, runs, (number.start, number.end), place, self.excluded)
        return FoundMark(
            number,
            self.link(link_id),
            self.layout.in_footer(first.start, runs[-1][2].end),
            all(r[2].hidden for r in runs),
            self.evidence(link_node if link_node is not None else first.node.parent),
            before,
            after,
            _ancestor_tokens(first.node),
        )


def _link_of(win: Window, number: IcpNumber | PsbNumber) -> int:
    """A number belongs to the link that holds its digits (the match may touch the next
    link's text)."""
    runs = win.runs_in(number.start, number.end)
    digits = win.runs_in(*number.core) or runs
    return next(
        (r[2].link for r in digits if r[2].link >= 0), next((r[2].link for r in runs if r[2].link >= 0), -1)
    )


def _quoted(page: _Page, win: Window, number: IcpNumber | PsbNumber) -> bool:
    """The number is quoted in the title of a link to another page (a post in a "recent
    posts" widget, a company news item): not the site's mark."""
    link_id = _link_of(win, number)
    if link_id < 0:
        return False
    link = page.link(link_id)
    if link.kind is not LinkKind.OTHER or link.url is None or _is_home(link.url, page.url):
        return False
    return title_letters(normalize(page.walk.links[link_id].text(deep=True))) >= TITLE_MIN_LETTERS


def _is_home(url: str, page_url: str) -> bool:
    """A link to a site's home page: ``/`` or ``/index.html``; in a build directory, the
    page's own folder."""
    try:
        head, _, name = urlsplit(url).path.rpartition("/")
        here = urlsplit(page_url).path.rpartition("/")[0] + "/"
    except ValueError:
        return True
    return (not name or name.lower() in INDEX_NAMES) and head + "/" in ("/", here)


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


def _template(walk: Walk, footer: Footer | None, client: bool) -> str | None:
    """Template syntax in the footer region (without a footer: in the second half). On a
    page that a client-side framework renders (``client``), {{ }} is its own syntax."""
    start = footer.start if footer is not None else walk.length / 2
    return next((t for pos, t in walk.templates if pos >= start and not (client and "{{" in t)), None)


def _matches(page: _Page) -> list[tuple[Window, IcpNumber | PsbNumber]]:
    out: list[tuple[Window, IcpNumber | PsbNumber]] = []
    for win in windows(page.walk, page.excluded):
        out.extend((win, n) for n in ends(find_icp(win.text)))
        out.extend((win, p) for p in ends(find_psb(win.text)))
    return out


def _visible(walk: Walk, body: LexborNode) -> int:
    visible = sum(r.end - r.start for r in walk.runs if not r.hidden)
    if walk.pruned and visible < _EXACT_RECOUNT:
        # Pruned blocks count script text too; recount exactly before calling the page an
        # application shell.
        exact = Walk(walk.base_url, prune=False)
        exact.walk(body)
        visible = sum(r.end - r.start for r in exact.runs if not r.hidden)
    return visible


def _base_url(tree: LexborHTMLParser, url: str) -> str:
    base = tree.css_first("base[href]")
    if base is None:  # relative links and badges resolve against <base href>
        return url
    return resolve_url(url, (base.attributes.get("href") or "").strip()) or url


def analyze_html(
    html: str | bytes, url: str, *, render_hints: bool = False, rendered: bool = False
) -> PageAnalysis:
    """``render_hints``: also collect what --render auto needs to decide (stylesheet rules
    that hide classes, linked stylesheets); the static run does not pay for them.
    ``rendered``: the DOM comes from a browser (--render), with hidden elements marked and
    painted backgrounds in data-beian-bg."""
    tree = LexborHTMLParser(html)
    base = _base_url(tree, url)
    result = PageAnalysis(url=url, refresh=meta_refresh(tree, base), rendered=rendered)
    body = tree.body
    if body is None:  # a frame set: the frame it shows is followed like a refresh
        frame = framed(tree, base, 0)
        shell = None if frame else _text("shell.no-body")
        return replace(result, refresh=result.refresh or frame, shell=shell)
    walk = Walk(base, rendered=rendered, painted_classes=painted_badge_classes(tree))
    walk.walk(body)
    walk.finish()
    page = _Page(walk, base)
    found = [(win, n) for win, n in _matches(page) if not _quoted(page, win, n)]
    marks = sorted(win.runs_in(n.start, n.end)[0][2].start for win, n in found)
    footer = choose_footer(walk.regions, page.posts, walk.length, marks)
    page.layout = Layout.of(walk.regions, footer, walk.length, marks)
    icp = tuple(page.mark(win, n, False) for win, n in found if isinstance(n, IcpNumber))
    psb = tuple(page.mark(win, n, True) for win, n in found if isinstance(n, PsbNumber))
    visible = _visible(walk, body) if not found else sum(r.end - r.start for r in walk.runs if not r.hidden)
    client = any("{{" in t for _, t in walk.templates) and client_templates(tree)
    result = replace(
        result,
        icp=icp,
        psb=psb,
        template=_template(walk, footer, client),
        visible_chars=visible,
        scripts=walk.scripts or tree.css_first("script") is not None,
    )
    if not found:
        shell = _text("shell.client-template") if client else shell_reason(tree, visible)
        result = replace(
            result,
            shell=shell,
            in_images=shell is None and only_in_images(tree, visible),
            refresh=result.refresh or (framed(tree, base, visible) if shell is None else None),
        )
    if render_hints:
        result = replace(
            result, hiding_tokens=inline_hiding_tokens(tree), stylesheets=stylesheets(tree, base)
        )
    return result


def analyze(
    body: bytes, url: str, content_type: str | None = None, *, render_hints: bool = False
) -> PageAnalysis:
    encoding, skip = sniff(body, content_type)
    if encoding == "utf-8":
        # lexbor parses UTF-8 bytes itself (bad sequences become U+FFFD, as with
        # errors="replace"): decoding to str first only for selectolax to encode it
        # back cost ~15% of a whole run.
        html: str | bytes = body[skip:] if skip else body
    else:
        html = body[skip:].decode(encoding, "replace")
    return replace(analyze_html(html, url, render_hints=render_hints), encoding=encoding)
