"""--render: load a page in headless Chromium (Playwright driving the system browser) and
hand the DOM after scripts ran to the same analysis as static pages.

What only a browser knows is written into the DOM before it is serialised: elements
hidden by stylesheets get the ``hidden`` attribute, and small elements painted with a
CSS background image get ``data-beian-bg="URL"``, which the page analysis treats as an
<img> (so the badge is loaded and checked like any other).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
from dataclasses import dataclass
from typing import Any

from .heuristics import SHELL_NEAR_EMPTY, footer_selectors
from .net import ProxyConfig
from .settings import Settings
from .transport import ResolveRule

INSTALL_HINT = (
    "--render needs Playwright and a Chromium: pip install 'beian-check[render]' and "
    "apt-get install chromium fonts-wqy-microhei (or set BEIAN_CHECK_CHROMIUM)"
)

# Third-party analytics and ad hosts common on Chinese sites: never needed to judge a footer.
_BLOCKED_HOSTS = (
    "hm.baidu.com",
    "cnzz.com",
    "51.la",
    "google-analytics.com",
    "googletagmanager.com",
    "doubleclick.net",
    "growingio.com",
    "sensorsdata.cn",
    "zz.bdstatic.com",
    "s.union.360.cn",
)
_BLOCKED_TYPES = frozenset({"media", "font", "websocket", "eventsource", "manifest"})

_ANNOTATE_JS = """() => {
  for (const el of document.querySelectorAll('body *')) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse') {
      el.setAttribute('hidden', ''); continue; }
    const bg = cs.backgroundImage;
    if (bg && bg !== 'none') {
      const m = bg.match(/url\\(["']?(.*?)["']?\\)/);
      const r = el.getBoundingClientRect();
      if (m && r.height > 1 && r.height <= 48 && r.width <= 480) el.setAttribute('data-beian-bg', m[1]);
    }
  }
  const pick = %(footers)s;
  let box = null;
  for (const sel of pick) {
    const el = Array.from(document.querySelectorAll(sel)).pop();
    if (el) { const r = el.getBoundingClientRect(); if (r.width && r.height) { box = r; break; } }
  }
  if (!box && document.body) {
    const kids = Array.from(document.body.children).filter(e => e.getBoundingClientRect().height > 0);
    if (kids.length) box = kids[kids.length - 1].getBoundingClientRect();
  }
  const clip = box ? {x: Math.max(0, box.left + scrollX), y: Math.max(0, box.top + scrollY),
                      width: Math.max(1, Math.min(box.width, 1600)),
                      height: Math.max(1, Math.min(box.height, 1200))}
                   : null;
  return [document.documentElement.outerHTML, clip];
}"""
# The footer selectors come from the heuristics table, never kept by hand here.
_ANNOTATE = _ANNOTATE_JS % {"footers": json.dumps(footer_selectors())}

# Done waiting: a filing mark or a footer with text is on screen, or the page has content
# and no mutation for ``quiet`` ms.
_SETTLED = """([quiet, enough, footers]) => {
  const now = Date.now();
  if (!window.__beianSeen) {
    window.__beianSeen = now;
    new MutationObserver(() => { window.__beianSeen = Date.now(); })
      .observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  }
  const marks = /ICP|公网安备/i;
  const text = document.body ? document.body.innerText : '';
  if (marks.test(text)) return true;
  for (const sel of footers) {
    for (const el of document.querySelectorAll(sel)) {
      if (el.innerText.trim() && el.getBoundingClientRect().height > 0) return true;
    }
  }
  // Marks in the DOM but not shown (hidden, or revealed later): judged once the page is
  // still; so is a page with content and no marks.
  const settled = now - window.__beianSeen >= quiet;
  const present = document.body && marks.test(document.body.textContent);
  return settled && (present || text.trim().length >= enough);
}"""
_QUIET_MS = 1000


@dataclass(frozen=True, slots=True)
class Rendered:
    url: str  # after script redirects
    html: str | None  # the annotated DOM, None when rendering failed
    screenshot: bytes | None  # PNG of the footer region
    error: str | None = None
    status: int | None = None  # HTTP status of the last main-frame navigation


def find_browser() -> str | None:
    env = os.environ.get("BEIAN_CHECK_CHROMIUM")
    if env:
        return env if os.path.exists(env) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def check_available() -> str | None:
    """None when rendering can run, else the one-line reason with the install hint."""
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return INSTALL_HINT
    if find_browser() is None:
        return INSTALL_HINT
    return None


def chromium_proxy_args(config: ProxyConfig) -> list[str]:
    """The same proxies as the static crawler, per scheme, in Chromium's syntax."""
    rules = []
    if config.http:
        rules.append(f"http={config.http.split('://', 1)[-1]}")
    if config.https:
        rules.append(f"https={config.https.split('://', 1)[-1]}")
    if not rules:
        return []
    if "*" in config.no_proxy:
        return []
    bypass = list(config.no_proxy)
    # "<-loopback>": Chromium otherwise sends localhost and 127.0.0.1 direct, where the
    # static crawler (like curl and httpx) sends them through the proxy.
    domains = [f"*.{e}" for e in bypass if "/" not in e]
    return [
        "--proxy-server=" + ";".join(rules),
        "--proxy-bypass-list=" + ";".join(["<-loopback>", *bypass, *domains]),
    ]


def chromium_resolver_args(resolve: tuple[str, ...]) -> list[str]:
    """--resolve in Chromium's syntax: ``MAP host:port addr:port`` per rule (Chromium
    matches the pattern against "host:port", so ``*`` and ``*.example.com`` keep curl's
    meaning, and the URL's name stays the one sent in Host and SNI). Chromium takes the
    first rule that matches where the static crawler takes the most specific one: the
    rules are written most specific first. One address each (the first)."""

    def specific(r: ResolveRule) -> int:  # as ResolveRule.rank orders them
        return 1 if r.host == "*" else len(r.host) if r.host.startswith("*.") else 1 << 16

    rules = sorted((ResolveRule.parse(r) for r in resolve), key=specific, reverse=True)
    maps = []
    for r in rules:
        addr = f"[{r.addresses[0]}]" if ":" in r.addresses[0] else r.addresses[0]
        maps.append(f"MAP {r.host}:{r.port} {addr}:{r.port}")
    return ["--host-resolver-rules=" + ",".join(maps)] if maps else []


class Renderer:
    """One browser for the run, a bounded number of pages in flight."""

    def __init__(self, settings: Settings, config: ProxyConfig, pages: int = 4) -> None:
        self.settings = settings
        self.config = config
        self.slots = asyncio.Semaphore(pages)
        self._pw: Any = None
        self._browser: Any = None
        self._context: Any = None

    async def __aenter__(self) -> Renderer:
        from playwright.async_api import async_playwright

        self._pw = await async_playwright().start()
        args = [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            *chromium_proxy_args(self.config),
            *chromium_resolver_args(self.settings.resolve),
        ]
        self._browser = await self._pw.chromium.launch(
            executable_path=find_browser(), headless=True, args=args
        )
        self._context = await self._browser.new_context(
            user_agent=self.settings.user_agent,
            locale="zh-CN",
            viewport={"width": 1366, "height": 900},
            ignore_https_errors=not self.settings.verify_tls,
            service_workers="block",
        )
        await self._context.route("**/*", self._filter)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for closer in (self._context, self._browser):
            with contextlib.suppress(Exception):  # the browser may already be gone
                if closer is not None:
                    await closer.close()
        if self._pw is not None:
            await self._pw.stop()

    @staticmethod
    async def _filter(route, request) -> None:  # type: ignore[no-untyped-def]
        host = request.url.split("://", 1)[-1].split("/", 1)[0].split(":")[0].lower()
        if request.resource_type in _BLOCKED_TYPES or any(
            host == h or host.endswith("." + h) for h in _BLOCKED_HOSTS
        ):
            await route.abort()
        else:
            await route.continue_()

    async def render(self, url: str) -> Rendered:
        assert self._context is not None
        timeout_ms = self.settings.timeout * 1000
        async with self.slots:
            page = await self._context.new_page()
            statuses: list[int] = []

            def navigated(response: Any) -> None:
                # The status of every main-frame navigation (HTTP redirects, then a
                # script redirect's target): the last one is the page judged.
                with contextlib.suppress(Exception):
                    if response.request.is_navigation_request() and response.frame == page.main_frame:
                        statuses.append(response.status)

            page.on("response", navigated)
            try:
                await page.goto(url, wait_until="load", timeout=timeout_ms * 2)
                await self._settle(page, timeout_ms, statuses)
                html, clip = await page.evaluate(_ANNOTATE)
                shot = None
                if clip:
                    with contextlib.suppress(Exception):  # a missing picture is not a finding
                        shot = await page.screenshot(
                            clip=clip, full_page=True, type="png", timeout=timeout_ms
                        )
                return Rendered(page.url, html, shot, status=statuses[-1] if statuses else None)
            except Exception as exc:  # noqa: BLE001 - one bad page never stops the run
                text = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
                return Rendered(
                    url,
                    None,
                    None,
                    f"the browser could not load the page: {text}",
                    status=statuses[-1] if statuses else None,
                )
            finally:
                with contextlib.suppress(Exception):
                    await page.close()

    @staticmethod
    async def _settle(page: Any, timeout_ms: float, statuses: list[int]) -> None:
        """Wait as a visitor would, each step bounded by --timeout: the network settles
        (footers filled from fetched data), then the marks or a footer appear, or a page
        with content stops changing (a splash screen is not content: an app that shows
        its footer after three seconds is read after three seconds); then scroll to the
        bottom (scroll-reveal libraries such as WOW.js and AOS keep footers invisible
        until then, lazy loaders keep badges empty)."""
        bottom = "window.scrollTo(0, document.body ? document.body.scrollHeight : 0)"
        with contextlib.suppress(Exception):  # a page that never idles is judged as it is
            await page.wait_for_load_state("networkidle", timeout=timeout_ms)
        if statuses and statuses[-1] >= 400:
            return  # an error page: nothing to wait for
        await page.evaluate(bottom)
        with contextlib.suppress(Exception):  # nothing appeared: judged as it is
            await page.wait_for_function(
                _SETTLED,
                arg=[_QUIET_MS, SHELL_NEAR_EMPTY, footer_selectors()],
                timeout=timeout_ms,
                polling=200,
            )
        await page.evaluate(bottom)  # the page may have grown meanwhile
        await page.wait_for_timeout(300)
