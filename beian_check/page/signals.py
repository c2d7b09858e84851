"""Page-wide signals: an application shell, a meta refresh, numbers that exist only in
images, stylesheet rules that hide classes (for --render auto)."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from ..heuristics import (
    BADGE_PARTS,
    BADGE_WORDS,
    CLIENT_TEMPLATE_ATTRS,
    CLIENT_TEMPLATE_SCRIPTS,
    HIDDEN_STYLE,
    IMAGE_PAGE_MIN,
    SHELL_IDS,
    SHELL_MOUNT_EMPTY,
    SHELL_NEAR_EMPTY,
    SHELL_STATES,
    looks_like,
)
from ..messages import Text, text
from ..numbers import find_icp, find_psb
from .text import has_anchor

# The delay is taken whole (possessive): content="0" reloads the page itself, it names no "0".
_META_REFRESH = re.compile(r"^\s*\d*+\.?\d*+\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]+)", re.IGNORECASE)
_JS_REDIRECT = re.compile(
    r"(?:window|top|self|document|parent)?\.?location(?:\.href)?\s*=(?!=)|location\.(?:replace|assign)\s*\(",
    re.IGNORECASE,
)
_MOUNTS = ", ".join(f"#{i}" for i in sorted(SHELL_IDS))
_SCRIPT_CAP = 20000


def meta_refresh(tree: LexborHTMLParser, url: str) -> str | None:
    refresh = tree.css_first('meta[http-equiv="refresh" i]')
    if refresh is None:
        return None
    m = _META_REFRESH.match(refresh.attributes.get("content") or "")
    target = str(m.group(1)).strip() if m else ""
    if not target:
        return None
    try:
        return urljoin(url, target)
    except ValueError:
        return None


_CLIENT_ATTRS = ", ".join(f"[{a}]" for a in CLIENT_TEMPLATE_ATTRS)


def client_templates(tree: LexborHTMLParser) -> bool:
    """The page is an in-DOM template of a client-side framework: Vue, Angular or avalon
    attributes, or their script loaded (<script src=".../vue.min.js">)."""
    if tree.css_first(_CLIENT_ATTRS) is not None:
        return True
    return any(CLIENT_TEMPLATE_SCRIPTS.search(s.attributes.get("src") or "") for s in tree.css("script[src]"))


def framed(tree: LexborHTMLParser, url: str, visible: int) -> str | None:
    """The page a frame set or one full-page <iframe> shows: DNS providers' "hidden
    forwarding" (隐性转发) serves <frameset><frame src="http://real-site/"> or a body
    holding only <iframe src=… width="100%" height="100%">. Followed like a meta refresh
    when the page itself shows no marks."""
    frames = tree.css("frame[src]")
    if not frames and visible < SHELL_NEAR_EMPTY:
        frames = [f for f in tree.css("iframe[src]") if _full_size(f.attributes)]
        if len(frames) != 1:
            return None
    for frame in frames:
        src = (frame.attributes.get("src") or "").strip()
        if src and not src.lower().startswith(("about:", "javascript:", "data:")):
            try:
                return urljoin(url, src)
            except ValueError:
                return None
    return None


def _full_size(attrs: dict[str, str | None]) -> bool:
    return any("100%" in (attrs.get(a) or "") for a in ("width", "height", "style"))


def _redirects(script: str) -> bool:
    """A script that sends the visitor elsewhere as it runs: a location assignment at the
    top level (or in a timer), not one inside a menu's click handler."""
    for m in _JS_REDIRECT.finditer(script):
        before = script[: m.start()]
        if before.count("{") == before.count("}") or "setTimeout" in before:
            return True
    return False


def shell_reason(tree: LexborHTMLParser, visible: int) -> Text | None:
    """Why a page without marks is an application shell, by its signals only: framework
    state or a script redirect with a near-empty body, or an empty mount point. "Little
    text and a script" is not one: a company page drawn in images loads jQuery too."""
    if visible >= SHELL_NEAR_EMPTY:
        return None
    scripts = [(s.text() or "")[:_SCRIPT_CAP] for s in tree.css("script")]
    joined = " ".join(scripts)
    for marker, why in SHELL_STATES:
        if marker in joined or tree.css_first(f"#{marker}") is not None:
            return text(why)
    if any(not s.strip().startswith("{") and _redirects(s) for s in scripts):
        return text("shell.js-redirect")
    for mount in tree.css(_MOUNTS):
        empty = len(mount.text(deep=True).strip()) < SHELL_MOUNT_EMPTY
        if empty and mount.tag in ("div", "section", "main", "body"):
            return text("shell.mount")
    return None


def only_in_images(tree: LexborHTMLParser, visible: int) -> bool:
    """A page without marks as text that shows them in pictures: a filing number in an
    image's alt or title (SPEC §4: attribute text is never displayed), or a page made of
    images with almost no text (company sites exported from image editors)."""
    images = tree.css("img")
    for img in images:
        attrs = img.attributes
        said = f"{attrs.get('alt') or ''} {attrs.get('title') or ''}"
        # has_anchor is a loose prefilter ("Intel CPU" shares its "CP"): the grammar decides.
        if has_anchor(said) and (find_icp(said) or find_psb(said)):
            return True
    return visible < SHELL_NEAR_EMPTY and len(images) >= IMAGE_PAGE_MIN


_CSS_RULE = re.compile(r"([^{}@]+)\{([^{}]*)\}")
_CSS_NAME = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")


def hiding_tokens(css: str) -> frozenset[str]:
    """Class and id names that a stylesheet's rules hide: if a mark sits under one, only a
    browser can tell whether it is displayed."""
    out: set[str] = set()
    if HIDDEN_STYLE.search(css):
        for selector, body in _CSS_RULE.findall(css):
            if HIDDEN_STYLE.search(body):
                out.update(_CSS_NAME.findall(selector))
    return frozenset(out)


_BG_RULE_URL = re.compile(r"background(?:-image)?\s*:[^;]*url\(\s*['\"]?([^'\")]*)", re.IGNORECASE)
_LAST_COMPOUND = re.compile(r"[^\s>+~]+$")


def painted_badge_classes(tree: LexborHTMLParser) -> frozenset[str]:
    """Classes that a rule of the page's own <style> paints with a badge-like background
    (``.f-ga{background:url(images/ga.png)}``): an element with one may carry the badge as
    a CSS background. Only the element the selector ends with is painted."""
    out: set[str] = set()
    for style in tree.css("style"):
        css = style.text() or ""
        if "url(" not in css:
            continue
        for selector, body in _CSS_RULE.findall(css):
            for m in _BG_RULE_URL.finditer(body):
                for part in selector.split(","):
                    last = _LAST_COMPOUND.search(part.strip())
                    names = re.findall(r"\.(-?[_a-zA-Z][\w-]*)", last.group(0)) if last else []
                    if names and looks_like(f"{m.group(1)} {' '.join(names)}", BADGE_WORDS, BADGE_PARTS):
                        out.update(names)
    return frozenset(out)


def inline_hiding_tokens(tree: LexborHTMLParser) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for style in tree.css("style"):
        out |= hiding_tokens(style.text() or "")
    return out


def stylesheets(tree: LexborHTMLParser, url: str) -> tuple[str, ...]:
    out = []
    for link in tree.css("link[href]"):
        href = (link.attributes.get("href") or "").strip()
        if href and "stylesheet" in (link.attributes.get("rel") or "").lower():
            try:
                out.append(urljoin(url, href))
            except ValueError:
                continue
    return tuple(out[:4])
