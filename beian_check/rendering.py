"""--render: the HTTP source, with pages judged in a browser after scripts ran when the
static pass cannot judge them (auto) or always."""

from __future__ import annotations

import functools
from dataclasses import replace
from typing import TYPE_CHECKING

from .heuristics import BADGE_CLASS_PARTS, parts
from .model import BadgeCheck, KeyPage, PageAnalysis, PageFetch
from .outcome import Failure, Kind
from .page import analyze_html, hiding_tokens
from .rules import select_icp, select_psb
from .sources import Home, HttpSource, LoadOnce, with_screenshot
from .targets import Target

if TYPE_CHECKING:
    from .render import Renderer


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
    if (
        psb is not None
        and psb.badge_before is None
        and psb.badge_after is None
        and any(BADGE_CLASS_PARTS.intersection(parts(t)) for t in psb.tokens)
    ):
        return True  # a badge-named class may be painted by a linked stylesheet
    marks = [m for m in (icp, psb) if m is not None]
    hiding = home.hiding_tokens | hidden_by_css
    return any(m.tokens & hiding for m in marks)


class RenderingSource:
    """A decorator of HttpSource: the same fetches, then the browser's DOM when needed."""

    def __init__(self, inner: HttpSource, renderer: Renderer) -> None:
        self.inner = inner
        self.renderer = renderer
        self.always = inner.settings.render == "always"
        self.stylesheets: LoadOnce[frozenset[str]] = LoadOnce()

    async def home(self, target: Target) -> Home:
        home = await self.inner.home(target)
        if home.analysis is None or not await self._wanted(home.analysis):
            return home
        rendered = await self.renderer.render(home.final)
        if rendered.status is not None and rendered.status >= 400:
            # The page a script redirect landed on is an error page: fetch-failed, as the
            # static pass says for an HTTP error.
            failure = Failure(Kind.HTTP_STATUS, args=(("status", rendered.status),))
            return replace(
                home,
                final=rendered.url,
                status=rendered.status,
                analysis=None,
                failure=failure,
                pages=home.pages + (PageFetch(rendered.url, rendered.status),),
            )
        if rendered.html is None:
            return home
        analysis = analyze_html(rendered.html, rendered.url, rendered=True)
        return with_screenshot(home, analysis, rendered.url, rendered.screenshot)

    async def key_page(self, home: str, path: str) -> tuple[KeyPage, PageFetch]:
        page, fetched = await self.inner.key_page(home, path)
        if page.analysis is None or not self.always:
            return page, fetched
        rendered = await self.renderer.render(fetched.url)
        if rendered.html is None:
            return page, fetched
        return KeyPage(page.url, analyze_html(rendered.html, rendered.url, rendered=True)), fetched

    async def badge(self, src: str) -> BadgeCheck:
        return await self.inner.badge(src)

    def icon(self, src: str) -> str:
        return self.inner.icon(src)

    async def _wanted(self, home: PageAnalysis) -> bool:
        if self.always or needs_render(home):
            return True
        return bool(home.stylesheets) and needs_render(home, await self._linked_hiding(home))

    async def _linked_hiding(self, home: PageAnalysis) -> frozenset[str]:
        """Class and id names hidden by the page's linked stylesheets (loaded once per
        URL, 1 MiB at most), so that a mark hidden by site.css is rendered."""
        out: frozenset[str] = frozenset()
        for url in home.stylesheets:
            out |= await self.stylesheets.get(url, functools.partial(self._load_stylesheet, url))
        return out

    async def _load_stylesheet(self, url: str) -> frozenset[str]:
        f = await self.inner.fetcher.get_following(url, max_bytes=self.inner.settings.max_badge_bytes)
        return hiding_tokens(f.body.decode("utf-8", "replace")) if f.ok else frozenset()
