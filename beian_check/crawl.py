"""One target: home page (HTTPS then HTTP for a bare domain), redirects, key pages, the
badge image; then the pure rules. Also the offline mode for a static-site directory."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import ipaddress
import os
import re
import zlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import unquote, urljoin, urlsplit

from .model import Finding, PageFetch, TargetResult
from .net import Fetched, Fetcher
from .outcome import Failure, Kind, fetch_failed
from .page import PageAnalysis, analyze, analyze_html, decode_data_uri, hiding_tokens
from .policy import Policy
from .rules import (
    BadgeCheck,
    KeyPage,
    badge_to_check,
    consistency_findings,
    icp_findings,
    page_findings,
    psb_findings,
    result_marks,
    select_icp,
    select_psb,
)
from .settings import Settings
from .targets import Target

if TYPE_CHECKING:
    from .render import Renderer

_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"BM",
                b"\x00\x00\x01\x00", b"II*\x00", b"MM\x00*")


@functools.lru_cache(maxsize=1)
def _extractor():  # type: ignore[no-untyped-def]
    import tldextract
    # The bundled snapshot only: never fetch a suffix list (offline CI, air-gapped cron).
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@functools.lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str:
    host = host.lower().rstrip(".").strip("[]")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    ext = _extractor()(host)
    if ext.suffix and ext.domain:
        return f"{ext.domain}.{ext.suffix}"
    return ".".join(host.split(".")[-2:])  # unknown suffix (.test, intranet names)


def looks_like_image(content_type: str | None, body: bytes) -> tuple[bool, str]:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if not body:
        return False, "empty response"
    head = body[:512].lstrip()
    if body.startswith(_IMAGE_MAGIC) or (body[:4] == b"RIFF" and body[8:12] == b"WEBP") \
            or body[4:12] in (b"ftypavif", b"ftypheic"):
        return True, "image"
    svg_head = ctype == "image/svg+xml" or head[:5].lower() in (b"<?xml", b"<svg ")
    if svg_head and b"<svg" in body[:2048].lower():
        return True, "SVG image"
    if head[:1] == b"<":
        return False, f"an HTML/XML document ({ctype or 'no content type'}), not an image"
    if ctype.startswith("image/"):
        return True, ctype
    return False, f"content type {ctype or 'missing'} and no image signature"


def _is_html(fetched: Fetched) -> Failure | None:
    """None when the body is an HTML page, else why not."""
    body = fetched.body
    if not body.strip():
        return Failure(Kind.EMPTY)
    ctype = (fetched.content_type or "").split(";")[0].strip().lower()
    head = body[:1024]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Failure(Kind.NOT_HTML, f"binary content ({ctype or 'no content type'})",
                       (("ctype", ctype or "binary"),))
    if ctype and not ctype.startswith(_HTML_TYPES):
        return Failure(Kind.NOT_HTML, f"content type {ctype}", (("ctype", ctype),))
    return None


_V = TypeVar("_V")


class LoadOnce(Generic[_V]):
    """A value per URL, loaded once per run (badges, stylesheets); concurrent askers
    share the one load. Bounded, oldest first out, so memory stays flat."""

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._done: OrderedDict[str, _V] = OrderedDict()
        self._loading: dict[str, asyncio.Future[_V]] = {}

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
                fut.exception()   # marked retrieved: no "never retrieved" warning
            raise
        finally:
            del self._loading[key]
        fut.set_result(result)
        self._done[key] = result
        if len(self._done) > self.limit:
            self._done.popitem(last=False)
        return result


def needs_render(home: PageAnalysis, hidden_by_css: frozenset[str] = frozenset()) -> bool:
    """--render auto: only what the static pass cannot judge. An application shell or
    script redirect; a missing mark on a page that runs scripts (they may add it); a badge
    that may be drawn by CSS; a mark under a class or id that a stylesheet hides (inline,
    or ``hidden_by_css`` from the page's linked stylesheets)."""
    if home.shell:
        return True
    icp, psb = select_icp(home), select_psb(home)
    if (icp is None or psb is None) and home.scripts:
        return True
    if psb is not None and psb.badge_before is not None and psb.badge_before.kind == "css":
        return True
    marks = [m for m in (icp, psb) if m is not None]
    hiding = home.hiding_tokens | hidden_by_css
    return any(m.tokens & hiding for m in marks)


class Crawler:
    renderer: Renderer | None = None

    def __init__(self, fetcher: Fetcher | None, settings: Settings, today: dt.date | None = None) -> None:
        self.fetcher = fetcher
        self.settings = settings
        self.policy = Policy.of(settings, today)
        self.badges: LoadOnce[BadgeCheck] = LoadOnce()
        self.stylesheets: LoadOnce[frozenset[str]] = LoadOnce()

    # -- badge -------------------------------------------------------------------------
    async def check_badge(self, src: str, directory: Path | None = None) -> BadgeCheck:
        if src.startswith("data:"):
            decoded = decode_data_uri(src)
            if decoded is None:
                return BadgeCheck(False, "the data: URI does not decode")
            ok, detail = looks_like_image(decoded[0], decoded[1])
            return BadgeCheck(ok, detail)
        if src.startswith("file:"):
            return self._check_file_badge(src, directory)
        if directory is not None:
            # A build often names its own files by the site's absolute URL (Hugo's
            # absURL, a <base href>): when the path exists in the build, check it offline.
            inside = directory.resolve() / unquote(urlsplit(src).path).lstrip("/")
            if inside.is_file():
                return self._check_file_badge(inside.as_uri(), directory)
        if self.fetcher is None:
            return BadgeCheck(None, "not loaded: no network in this mode")
        return await self.badges.get(src, functools.partial(self._load_badge, src))

    async def _load_badge(self, src: str) -> BadgeCheck:
        assert self.fetcher is not None
        f = await self.fetcher.get_following(src, max_bytes=self.settings.max_badge_bytes, image=True)
        if f.failure:
            ok = None if f.status is None and f.failure.kind.unverifiable else False
            return BadgeCheck(ok, str(f.failure), f.failure.text())
        if not f.ok:
            status = Failure(Kind.HTTP_STATUS, args=(("status", f.status or 0),))
            return BadgeCheck(False, f"HTTP {f.status}", status.text())
        return BadgeCheck(*looks_like_image(f.content_type, f.body))

    @staticmethod
    def _check_file_badge(src: str, directory: Path | None) -> BadgeCheck:
        path = build_path(src, directory)
        if not path.is_file():
            return BadgeCheck(False, f"file not found in the build: {path}")
        with path.open("rb") as fh:
            data = fh.read(1024 * 1024)
        return BadgeCheck(*looks_like_image(None, data))

    # -- pages -------------------------------------------------------------------------
    async def _fetch_home(self, target: Target) -> Fetched:
        assert self.fetcher is not None
        urls = target.start_urls
        fetched = Fetched(urls[0])
        for i, url in enumerate(urls):
            last = i == len(urls) - 1
            fetched = await self.fetcher.get_following(url, max_bytes=self.settings.max_bytes)
            # Fall back to HTTP only when HTTPS could not connect at all.
            if last or fetched.failure is None or fetched.failure.kind.connected or fetched.redirects:
                break
        return fetched

    async def _fetch_page(self, url: str) -> tuple[Fetched, PageAnalysis | None, Failure | None]:
        """Fetch and analyse one page (a key page)."""
        assert self.fetcher is not None
        fetched = await self.fetcher.get_following(url, max_bytes=self.settings.max_bytes)
        return self._analyse(fetched)

    def _analyse(self, fetched: Fetched) -> tuple[Fetched, PageAnalysis | None, Failure | None]:
        if fetched.failure:
            return fetched, None, fetched.failure
        status = fetched.status or 0
        if status >= 400 or status < 200:
            return fetched, None, Failure(Kind.HTTP_STATUS, args=(("status", status),))
        if status in (301, 302, 303, 307, 308):
            return fetched, None, Failure(Kind.BAD_REDIRECT, "no Location", (("status", status),))
        why = _is_html(fetched)
        if why:
            return fetched, None, why
        return fetched, analyze(fetched.body, fetched.url, fetched.content_type,
                                render_hints=self.settings.render == "auto"), None

    async def check(self, target: Target) -> TargetResult:
        """One target's result, never an exception (but cancellation): past the deadline
        or on an internal error, the target could not be checked."""
        deadline = asyncio.timeout(self.settings.deadline)
        try:
            async with deadline:
                if target.directory is not None:
                    return await self._check_directory(target)
                return await self._check_live(target)
        except Exception as exc:  # noqa: BLE001 - one bad target never takes the run down
            if isinstance(exc, TimeoutError) and deadline.expired():
                failure = Failure(Kind.DEADLINE, args=(("seconds", f"{self.settings.deadline:g}"),))
            else:
                failure = Failure(Kind.INTERNAL, f"{type(exc).__name__}: {exc}"[:300])
            return self.policy.unchecked(target, failure)

    async def _check_live(self, target: Target) -> TargetResult:
        fetched = await self._fetch_home(target)
        start = target.start_urls[0] if not fetched.redirects else fetched.redirects[0]
        fetched, home, error = self._analyse(fetched)
        hops = len(fetched.redirects)
        # A meta refresh on a near-empty page is how many hosts redirect; browsers follow.
        while home is not None and home.refresh and not home.icp and not home.psb \
                and hops < self.settings.max_redirects and home.refresh != fetched.url:
            chain = fetched.redirects + [fetched.url]
            assert self.fetcher is not None
            nxt = await self.fetcher.get_following(home.refresh, max_bytes=self.settings.max_bytes)
            nxt.redirects = chain + nxt.redirects
            fetched, home, error = self._analyse(nxt)
            hops = len(fetched.redirects)
        pages: tuple[PageFetch, ...] = (PageFetch(fetched.url, fetched.status),)
        if home is None:
            assert error is not None
            return self.policy.result(target, start, [fetch_failed(fetched.url, error)],
                                      final_url=fetched.url if fetched.status else None, pages=pages)
        final = fetched.url
        shot = None
        if self.renderer is not None and await self._wants_render(home):
            rendered = await self.renderer.render(fetched.url)
            if rendered.html is not None:
                home = analyze_html(rendered.html, rendered.url)
                if rendered.url != final:       # a script redirect
                    pages += (PageFetch(rendered.url, None),)
                final, shot = rendered.url, rendered.screenshot
        findings: list[Finding] = []
        src_host = urlsplit(start).hostname or ""
        dst_host = urlsplit(final).hostname or ""
        # Same host (the usual case) needs no public-suffix lookup, whose first use costs
        # ~0.1 s of suffix-list parsing in every worker.
        if src_host and dst_host and src_host != dst_host \
                and registrable_domain(src_host) != registrable_domain(dst_host):
            findings.append(Finding("page-redirect-offsite", final, f"{start} -> {final}",
                                    args=(("host", dst_host),)))
        key_urls = [urljoin(final, p) for p in dict.fromkeys(target.pages + self.settings.pages)]
        result = await self._judge(target, start, final, home, pages, findings,
                                   [self._key_page_live(u) for u in key_urls], None)
        if shot is not None and result.status == "fail":
            result = dataclasses.replace(result, screenshot=self._save_screenshot(target, shot))
        return result

    async def _wants_render(self, home: PageAnalysis) -> bool:
        if self.settings.render == "always" or needs_render(home):
            return True
        return bool(home.stylesheets) and needs_render(home, await self._linked_hiding(home))

    async def _linked_hiding(self, home: PageAnalysis) -> frozenset[str]:
        """--render auto: class and id names hidden by the page's linked stylesheets
        (loaded once per URL, 1 MiB at most), so a mark hidden by site.css is rendered."""
        out: frozenset[str] = frozenset()
        for url in home.stylesheets:
            out |= await self.stylesheets.get(url, functools.partial(self._load_stylesheet, url))
        return out

    async def _load_stylesheet(self, url: str) -> frozenset[str]:
        assert self.fetcher is not None
        f = await self.fetcher.get_following(url, max_bytes=self.settings.max_badge_bytes)
        return hiding_tokens(f.body.decode("utf-8", "replace")) if f.ok else frozenset()

    def _save_screenshot(self, target: Target, png: bytes) -> str | None:
        folder = Path(self.settings.screenshots)
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", target.raw)[:80].strip("_") or "target"
        path = folder / f"{safe}-{zlib.crc32(target.raw.encode()):08x}.png"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(png)
            os.replace(tmp, path)
        except OSError:
            return None
        return str(path)

    async def _key_page_live(self, url: str) -> tuple[KeyPage, PageFetch]:
        fetched, analysis, error = await self._fetch_page(url)
        if analysis is not None and self.renderer is not None and self.settings.render == "always":
            rendered = await self.renderer.render(fetched.url)
            if rendered.html is not None:
                analysis = analyze_html(rendered.html, rendered.url)
        return KeyPage(url, analysis, error.text() if error else None), PageFetch(fetched.url, fetched.status)

    async def _judge(self, target: Target, url: str, final_url: str | None, home: PageAnalysis,
                     pages: tuple[PageFetch, ...], findings: list[Finding],
                     key_jobs: Sequence[Awaitable[tuple[KeyPage, PageFetch]]],
                     directory: Path | None) -> TargetResult:
        if home.shell and not home.icp and not home.psb:
            findings.append(Finding("page-js-rendered", home.url, args=(("why", home.shell),)))
            return self.policy.result(target, url, findings, final_url=final_url, pages=pages)
        exp = target.expect
        icp = select_icp(home, exp.icp)
        psb = select_psb(home, exp.psb)
        badge_src = badge_to_check(psb)
        badge_job = self.check_badge(badge_src, directory) if badge_src else None
        jobs: list[Awaitable[Any]] = list(key_jobs) + ([badge_job] if badge_job else [])
        done = await _gather(jobs)
        key_pages = [kp for kp, _ in done[:len(key_jobs)]]
        pages = pages + tuple(pf for _, pf in done[:len(key_jobs)])
        badge = done[len(key_jobs)] if badge_job else None
        findings += page_findings(home)
        findings += icp_findings(home, icp, exp.icp)
        findings += psb_findings(home, psb, exp, badge)
        findings += consistency_findings(icp, psb, key_pages)
        marks = result_marks(icp, psb)
        return self.policy.result(target, url, findings, final_url=final_url, pages=pages,
                                  icp=marks[0], psb=marks[1])

    # -- static-site directory -----------------------------------------------------------
    async def _check_directory(self, target: Target) -> TargetResult:
        assert target.directory is not None
        root = target.directory.resolve()
        index = root / "index.html"
        url = index.as_uri()
        if not index.is_file():
            missing = Failure(Kind.NO_INDEX, args=(("dir", str(target.directory)),))
            return self.policy.unchecked(target, missing, url)
        home = analyze(index.read_bytes(), url)
        pages = (PageFetch(url, 200),)
        jobs = [self._key_page_file(root, p) for p in dict.fromkeys(target.pages + self.settings.pages)]
        result = await self._judge(target, url, url, home, pages, [], jobs, root)
        if result.psb and result.psb.icon and result.psb.icon.startswith("file:"):
            icon = build_path(result.psb.icon, root).as_uri()
            result = dataclasses.replace(result, psb=dataclasses.replace(result.psb, icon=icon))
        return result

    async def _key_page_file(self, root: Path, page: str) -> tuple[KeyPage, PageFetch]:
        rel = unquote(page.split("?")[0].split("#")[0]).lstrip("/")
        base = root / rel
        for p in (base, base / "index.html", base.with_name(base.name + ".html")):
            if p.is_file():
                return KeyPage(p.as_uri(), analyze(p.read_bytes(), p.as_uri())), PageFetch(p.as_uri(), 200)
        return KeyPage(base.as_uri(), None, Failure(Kind.NO_FILE).text()), PageFetch(base.as_uri(), 404)


def build_path(src: str, directory: Path | None) -> Path:
    """A file: URL from a static-site page -> the file. Root-relative URLs
    ("/static/gongan.png") were resolved against the file system root; they belong
    inside the build."""
    path = Path(unquote(urlsplit(src).path))
    if directory is None:
        return path
    root = directory.resolve()
    try:
        path.relative_to(root)
        return path
    except ValueError:
        return root / str(path).lstrip("/")


async def _gather(jobs: list[Awaitable[Any]]) -> list[Any]:
    # One job (the usual badge) is awaited directly: gather would wrap it in a task.
    if len(jobs) == 1:
        return [await jobs[0]]
    return list(await asyncio.gather(*jobs)) if jobs else []
