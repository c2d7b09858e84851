"""Where pages and badges come from: one protocol, three sources.

``HttpSource`` fetches over the network (HTTPS raced with HTTP for a bare domain,
redirects, meta refresh), ``DirectorySource`` reads a static-site build offline, and
``RenderingSource`` wraps the HTTP source to judge pages after scripts ran (--render).
The crawl above them (crawl.py) does the same for every source: home page, key pages,
badge, rules, as lychee keeps its website and file checkers behind one interface.
"""

from __future__ import annotations

import asyncio
import functools
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, Protocol, TypeVar
from urllib.parse import unquote, urljoin, urlsplit

from . import emblem
from .model import BadgeCheck, Finding, KeyPage, PageAnalysis, PageFetch
from .net import REDIRECT_STATUSES, Fetched, Fetcher
from .outcome import Failure, Kind
from .page import analyze, decode_data_uri
from .settings import Settings
from .targets import Target

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"BM",
    b"\x00\x00\x01\x00",
    b"II*\x00",
    b"MM\x00*",
)


@dataclass(frozen=True, slots=True)
class Home:
    """The home page as a source found it: analysed, or the failure to get it."""

    start: str  # where the target started (the report's url)
    final: str  # the page judged (after redirects)
    status: int | None  # its HTTP status; None when nothing answered
    pages: tuple[PageFetch, ...]
    analysis: PageAnalysis | None = None
    failure: Failure | None = None
    notes: tuple[Finding, ...] = ()  # how it was reached (page-https-failed)
    screenshot: bytes | None = None  # the footer, when a browser rendered it


class Source(Protocol):
    async def home(self, target: Target) -> Home: ...

    async def key_page(self, home: str, path: str) -> tuple[KeyPage, PageFetch]:
        """A key page (``path`` from pages=) of the site whose home page is ``home``."""

    async def badge(self, src: str) -> BadgeCheck: ...

    def icon(self, src: str) -> str:
        """How the report names a badge URL."""


def looks_like_image(content_type: str | None, body: bytes) -> tuple[bool, str]:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if not body:
        return False, "empty response"
    head = body[:512].lstrip()
    if (
        body.startswith(_IMAGE_MAGIC)
        or (body[:4] == b"RIFF" and body[8:12] == b"WEBP")
        or body[4:12] in (b"ftypavif", b"ftypheic")
    ):
        return True, "image"
    svg_head = ctype == "image/svg+xml" or head[:5].lower() in (b"<?xml", b"<svg ")
    if svg_head and b"<svg" in body[:2048].lower():
        return True, "SVG image"
    if head[:1] == b"<":
        return False, f"an HTML/XML document ({ctype or 'no content type'}), not an image"
    if ctype.startswith("image/"):
        return True, ctype
    return False, f"content type {ctype or 'missing'} and no image signature"


def data_badge(src: str) -> BadgeCheck:
    """A badge inlined as a data: URI, decoded here whatever the source."""
    decoded = decode_data_uri(src)
    if decoded is None:
        return BadgeCheck(False, "the data: URI does not decode")
    return BadgeCheck(*looks_like_image(decoded[0], decoded[1]), looks=emblem.verdict(decoded[1]))


def not_html(fetched: Fetched) -> Failure | None:
    """None when the response is an HTML page, else why not."""
    if fetched.failure:
        return fetched.failure
    status = fetched.status or 0
    if status >= 400 or status < 200:
        return Failure(Kind.HTTP_STATUS, args=(("status", status),))
    if status in REDIRECT_STATUSES:
        return Failure(Kind.BAD_REDIRECT, "no Location", (("status", status),))
    body = fetched.body
    if not body.strip():
        return Failure(Kind.EMPTY)
    ctype = (fetched.content_type or "").split(";")[0].strip().lower()
    head = body[:1024]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Failure(
            Kind.NOT_HTML, f"binary content ({ctype or 'no content type'})", (("ctype", ctype or "binary"),)
        )
    if ctype and not ctype.startswith(_HTML_TYPES):
        return Failure(Kind.NOT_HTML, f"content type {ctype}", (("ctype", ctype),))
    return None


_V = TypeVar("_V")


class LoadOnce(Generic[_V]):
    """A value per URL, loaded once per run (badges, stylesheets); concurrent askers
    share the one load. Bounded, oldest first out, so memory stays flat. A load that
    fails or is cancelled is not kept: the next asker loads again."""

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._done: OrderedDict[str, _V] = OrderedDict()
        self._loading: dict[str, asyncio.Future[_V]] = {}

    def __len__(self) -> int:
        return len(self._done)

    async def get(self, key: str, load: Callable[[], Awaitable[_V]]) -> _V:
        if key in self._done:
            return self._done[key]
        loading = self._loading.get(key)
        if loading is not None:
            return await asyncio.shield(loading)
        fut: asyncio.Future[_V] = asyncio.get_running_loop().create_future()
        self._loading[key] = fut
        try:
            result = await load()
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                fut.cancel()
            else:
                fut.set_exception(exc)
                fut.exception()  # marked retrieved: no "never retrieved" warning
            raise
        finally:
            del self._loading[key]
        fut.set_result(result)
        self._done[key] = result
        if len(self._done) > self.limit:
            self._done.popitem(last=False)
        return result


class HttpSource:
    """Pages and badges over HTTP(S)."""

    def __init__(self, fetcher: Fetcher, settings: Settings) -> None:
        self.fetcher = fetcher
        self.settings = settings
        self.badges: LoadOnce[BadgeCheck] = LoadOnce()

    async def get(self, url: str) -> Fetched:
        return await self.fetcher.get_following(url, max_bytes=self.settings.max_bytes)

    def analyse(self, fetched: Fetched) -> tuple[PageAnalysis | None, Failure | None]:
        why = not_html(fetched)
        if why is not None:
            return None, why
        return analyze(
            fetched.body, fetched.url, fetched.content_type, render_hints=self.settings.render == "auto"
        ), None

    async def home(self, target: Target) -> Home:
        notes: tuple[Finding, ...] = ()
        if target.domain is not None:
            https, http = target.start_urls
            fetched, https_failed = await self.fetcher.get_either(
                https, http, max_bytes=self.settings.max_bytes
            )
            if (
                https_failed is not None
                and https_failed.failure is not None
                and https_failed.failure.kind is Kind.TLS
            ):
                f = https_failed.failure
                notes = (Finding("page-https-failed", https, detail=f.detail, args=(("reason", f.text()),)),)
        else:
            fetched = await self.get(target.start_urls[0])
        start = fetched.redirects[0] if fetched.redirects else target.start_urls[0]
        fetched, analysis, failure = await self._follow_refresh(fetched)
        pages = (PageFetch(fetched.url, fetched.status),)
        return Home(start, fetched.url, fetched.status, pages, analysis, failure, notes)

    async def _follow_refresh(self, fetched: Fetched) -> tuple[Fetched, PageAnalysis | None, Failure | None]:
        """A meta refresh on a page without marks is how many hosts redirect; browsers
        follow it, within the redirect limit."""
        analysis, failure = self.analyse(fetched)
        while (
            analysis is not None
            and analysis.refresh
            and not analysis.icp
            and not analysis.psb
            and len(fetched.redirects) < self.settings.max_redirects
            and analysis.refresh != fetched.url
        ):
            chain = [*fetched.redirects, fetched.url]
            fetched = await self.get(analysis.refresh)
            fetched.redirects = chain + fetched.redirects
            analysis, failure = self.analyse(fetched)
        return fetched, analysis, failure

    async def key_page(self, home: str, path: str) -> tuple[KeyPage, PageFetch]:
        url = urljoin(home, path)
        fetched = await self.get(url)
        analysis, failure = self.analyse(fetched)
        why = failure.text() if failure else None
        return KeyPage(url, analysis, why), PageFetch(fetched.url, fetched.status)

    async def badge(self, src: str) -> BadgeCheck:
        if src.startswith("data:"):
            return data_badge(src)
        return await self.badges.get(src, functools.partial(self._load_badge, src))

    async def _load_badge(self, src: str) -> BadgeCheck:
        f = await self.fetcher.get_following(src, max_bytes=self.settings.max_badge_bytes, image=True)
        if f.failure:
            ok = None if f.status is None and f.failure.kind.unverifiable else False
            return BadgeCheck(ok, str(f.failure), f.failure.text())
        if not f.ok:
            status = Failure(Kind.HTTP_STATUS, args=(("status", f.status or 0),))
            return BadgeCheck(False, f"HTTP {f.status}", status.text())
        return BadgeCheck(*looks_like_image(f.content_type, f.body), looks=emblem.verdict(f.body))

    def icon(self, src: str) -> str:
        return src


class DirectorySource:
    """A static-site build (Hugo/Hexo public/, dist/) read offline: nothing is fetched."""

    def __init__(self, directory: Path, settings: Settings) -> None:
        self.root = directory.resolve()
        self.shown = directory
        self.settings = settings

    async def home(self, target: Target) -> Home:
        index = self.root / "index.html"
        url = index.as_uri()
        if not index.is_file():
            failure = Failure(Kind.NO_INDEX, args=(("dir", str(self.shown)),))
            return Home(url, url, None, (), failure=failure)
        return Home(url, url, 200, (PageFetch(url, 200),), analyze(index.read_bytes(), url))

    async def key_page(self, home: str, path: str) -> tuple[KeyPage, PageFetch]:
        base = self.root / unquote(path.split("?")[0].split("#")[0]).lstrip("/")
        for p in (base, base / "index.html", base.with_name(base.name + ".html")):
            if p.is_file():
                page = KeyPage(p.as_uri(), analyze(p.read_bytes(), p.as_uri()), name=path)
                return page, PageFetch(p.as_uri(), 200)
        missing = KeyPage(base.as_uri(), None, Failure(Kind.NO_FILE).text(), name=path)
        return missing, PageFetch(base.as_uri(), 404)

    async def badge(self, src: str) -> BadgeCheck:
        if src.startswith("data:"):
            return data_badge(src)
        if not src.startswith("file:"):
            # A build often names its own files by the site's absolute URL (Hugo's
            # absURL, a <base href>): when the path exists in the build, check it offline.
            inside = self._inside(unquote(urlsplit(src).path))
            if not inside.is_file():
                return BadgeCheck(
                    None,
                    "not loaded: no network when checking a build directory",
                    Failure(Kind.OFFLINE).text(),
                )
            src = inside.as_uri()
        path = self.path(src)
        if not path.is_file():
            return BadgeCheck(False, f"file not found in the build: {path}", Failure(Kind.NO_FILE).text())
        with path.open("rb") as fh:
            data = fh.read(self.settings.max_badge_bytes)
        return BadgeCheck(*looks_like_image(None, data), looks=emblem.verdict(data))

    def path(self, src: str) -> Path:
        """A file: URL from a page of the build -> the file. Root-relative URLs
        ("/static/gongan.png") were resolved against the file system root; they belong
        inside the build."""
        path = Path(unquote(urlsplit(src).path))
        try:
            path.relative_to(self.root)
            return path
        except ValueError:
            return self._inside(str(path))

    def _inside(self, url_path: str) -> Path:
        """A root-relative path in the build. A site deployed under a base path (Hexo
        ``root: /blog/``, VuePress ``base``, Docusaurus ``baseUrl``) names its files
        /blog/img/x.png while the build holds img/x.png: the base is dropped when only the
        shorter path exists."""
        rel = url_path.lstrip("/")
        exact = self.root / rel
        if exact.is_file():
            return exact
        segments = rel.split("/")
        for drop in range(1, min(3, len(segments))):
            shorter = self.root.joinpath(*segments[drop:])
            if shorter.is_file():
                return shorter
        return exact

    def icon(self, src: str) -> str:
        return self.path(src).as_uri() if src.startswith("file:") else src


def with_screenshot(home: Home, analysis: PageAnalysis, url: str, screenshot: bytes | None) -> Home:
    """The home page as a browser showed it (a script redirect adds the page it went to)."""
    pages = home.pages + ((PageFetch(url, None),) if url != home.final else ())
    return replace(home, final=url, analysis=analysis, pages=pages, screenshot=screenshot)
