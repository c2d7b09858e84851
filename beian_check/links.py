"""Classify the href around a filing number (SPEC §3). Pure: no network."""

from __future__ import annotations

import base64
import binascii
import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs, urljoin, urlsplit

from .messages import Text, text


class LinkKind(StrEnum):
    NONE = "none"  # not a real hyperlink
    MIIT = "miit"  # beian.miit.gov.cn
    MIIT_RETIRED = "miit-retired"
    MPS = "mps"  # beian.mps.gov.cn
    MPS_LEGACY = "mps-legacy"  # www.beian.gov.cn portal
    OTHER = "other"


MIIT_HOSTS = frozenset({"beian.miit.gov.cn"})
MIIT_RETIRED_HOSTS = frozenset(
    {
        "www.miitbeian.gov.cn",
        "miitbeian.gov.cn",
        "www.miibeian.gov.cn",
        "miibeian.gov.cn",
        "www.beian.miit.gov.cn",
    }
)
MPS_HOSTS = frozenset({"beian.mps.gov.cn"})
MPS_LEGACY_HOSTS = frozenset({"www.beian.gov.cn", "beian.gov.cn"})


@dataclass(frozen=True, slots=True)
class Link:
    kind: LinkKind
    url: str | None = None  # absolute URL, None when not a link
    code: str | None = None  # public-security code carried by the link, if any
    reason: Text | str = ""  # why it is not a link


NOT_A_LINK = Link(LinkKind.NONE, reason=text("why.no-link"))

# "http:/host/" and "http:\\host" are typed by hand into CMS footer fields; browsers fix
# them up, so do we.
_SLOPPY_SCHEME = re.compile(r"^(https?):[/\\]*(?=[^/\\])", re.IGNORECASE)
_ABSOLUTE = re.compile(r"https?://", re.IGNORECASE)


def _code_from(query: str) -> str | None:
    # parse_qs drops blank values: "code=" carries no code, and "recordcode" may follow.
    params = {k.lower(): v for k, v in parse_qs(query).items()}
    for key in ("code", "recordcode"):
        if key in params:
            return params[key][0].strip()
    return None


def resolve_url(base_url: str, ref: str) -> str | None:
    """``ref`` made absolute against the page. A protocol-relative ``//host/path`` on a
    page read from a build directory (file:) is what the deployed HTTPS site will load:
    https://host/path, as a browser would resolve it there (Vue components write the badge
    as //www.beian.gov.cn/img/new/gongan.png)."""
    if ref.startswith("//") and not _ABSOLUTE.match(base_url):
        return "https:" + ref
    try:
        return urljoin(base_url, ref)
    except ValueError:
        return None


def classify_href(href: str | None, base_url: str) -> Link:
    if href is None:
        return NOT_A_LINK
    href = href.strip()
    if not href:
        return Link(LinkKind.NONE, reason=text("why.empty-href"))
    if href.startswith("#"):
        return Link(LinkKind.NONE, reason=text("why.href-nowhere", href=href[:40]))
    if href.lower().replace(" ", "").startswith(("javascript:", "vbscript:")):
        return Link(LinkKind.NONE, reason=text("why.javascript"))
    href = _SLOPPY_SCHEME.sub(lambda m: m.group(1).lower() + "://", href)
    if _ABSOLUTE.match(href):
        return _classify_url(href)  # absolute: kept as written, and it repeats (cached)
    url = resolve_url(base_url, href)
    return Link(LinkKind.OTHER, url=href) if url is None else _classify_url(url)


def _classify_absolute(url: str) -> Link:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return Link(LinkKind.OTHER, url=url)
    if parts.scheme not in ("http", "https"):
        return Link(LinkKind.OTHER, url=url)
    if host in MIIT_HOSTS:
        return Link(LinkKind.MIIT, url=url)
    if host in MIIT_RETIRED_HOSTS:
        return Link(LinkKind.MIIT_RETIRED, url=url)
    if host in MPS_HOSTS:
        # The current platform is a single-page app: the code lives in the fragment
        # ("#/query/webSearch?code=..."); accept a real query string too.
        frag = parts.fragment
        code = _code_from(frag.split("?", 1)[1]) if "?" in frag else None
        return Link(LinkKind.MPS, url=url, code=code or _code_from(parts.query))
    if host in MPS_LEGACY_HOSTS:
        return Link(LinkKind.MPS_LEGACY, url=url, code=_code_from(parts.query))
    return Link(LinkKind.OTHER, url=url)


# Footers repeat on every page of a site: classify each distinct URL once. (Wrapped here
# rather than decorated so that mutation testing reaches the function.)
_classify_url = functools.lru_cache(maxsize=4096)(_classify_absolute)


def decode_exturl(data_url: str) -> str | None:
    """NexT renders external links as <span class="exturl" data-url="BASE64">."""
    try:
        # NexT strips the padding; surplus padding is harmless in non-strict mode, which
        # also skips line breaks in a wrapped attribute (a length-based pad would not).
        raw = base64.b64decode(data_url + "==")
        return raw.decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
