"""One target, whatever its source: fetch the home page, decide what else to load (key
pages, the badge), load it, judge with the pure rules; the policy makes the result."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import ipaddress
import os
import re
import zlib
from collections.abc import Awaitable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .model import BadgeCheck, Finding, KeyPage, PageFetch, TargetResult
from .net import Fetcher
from .outcome import Failure, Kind, fetch_failed
from .policy import Policy
from .rules import (
    badge_to_check,
    consistency_findings,
    icp_findings,
    page_findings,
    psb_findings,
    result_marks,
    select_icp,
    select_psb,
    shell_findings,
)
from .settings import Settings
from .sources import DirectorySource, Home, HttpSource, Source
from .targets import Target

if TYPE_CHECKING:
    from .render import Renderer


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


def offsite(start: str, final: str) -> Finding | None:
    """page-redirect-offsite when the home page ended on another registrable domain."""
    src, dst = urlsplit(start).hostname or "", urlsplit(final).hostname or ""
    # Same host (the usual case) needs no public-suffix lookup, whose first use costs
    # ~0.1 s of suffix-list parsing in every worker.
    if not src or not dst or src == dst or registrable_domain(src) == registrable_domain(dst):
        return None
    return Finding("page-redirect-offsite", final, f"{start} -> {final}", args=(("host", dst),))


class Crawler:
    """The orchestration. Live targets come from the HTTP source (through the browser
    with a renderer), build directories from a DirectorySource each."""

    def __init__(
        self,
        fetcher: Fetcher,
        settings: Settings,
        today: dt.date | None = None,
        renderer: Renderer | None = None,
    ) -> None:
        self.settings = settings
        self.policy = Policy.of(settings, today)
        http = HttpSource(fetcher, settings)
        self.live: Source = http
        if renderer is not None:
            from .rendering import RenderingSource

            self.live = RenderingSource(http, renderer)

    def source(self, target: Target) -> Source:
        return self.live if target.directory is None else DirectorySource(target.directory, self.settings)

    async def check(self, target: Target) -> TargetResult:
        """One target's result, never an exception (but cancellation): past the deadline
        or on an internal error, the target could not be checked."""
        deadline = asyncio.timeout(self.settings.deadline)
        try:
            async with deadline:
                return await self._check(target, self.source(target))
        except Exception as exc:  # noqa: BLE001 - one bad target never takes the run down
            if isinstance(exc, TimeoutError) and deadline.expired():
                failure = Failure(Kind.DEADLINE, args=(("seconds", f"{self.settings.deadline:g}"),))
            else:
                failure = Failure(Kind.INTERNAL, f"{type(exc).__name__}: {exc}"[:300])
            return self.policy.unchecked(target, failure)

    async def _check(self, target: Target, source: Source) -> TargetResult:
        home = await source.home(target)
        findings = list(home.notes)
        if home.analysis is None:
            assert home.failure is not None
            findings.append(fetch_failed(home.final, home.failure))
            return self.policy.result(
                target, home.start, findings, pages=home.pages, final_url=home.final if home.status else None
            )
        moved = offsite(home.start, home.final)
        if moved is not None:
            findings.append(moved)
        result = await self._judge(target, source, home, findings)
        if home.screenshot is not None and result.status == "fail":
            result = dataclasses.replace(result, screenshot=self._save_screenshot(target, home.screenshot))
        return result

    async def _judge(
        self, target: Target, source: Source, home: Home, findings: list[Finding]
    ) -> TargetResult:
        page = home.analysis
        assert page is not None
        if page.shell and not page.icp and not page.psb:
            findings += shell_findings(page)
            return self.policy.result(target, home.start, findings, final_url=home.final, pages=home.pages)
        exp = target.expect
        icp, psb = select_icp(page, exp.icp), select_psb(page, exp.psb)
        key_pages, fetches, badge = await self._load(source, home.final, target.pages, badge_to_check(psb))
        findings += page_findings(page)
        findings += icp_findings(page, icp, exp.icp)
        findings += psb_findings(page, psb, exp, badge)
        findings += consistency_findings(icp, psb, key_pages)
        icp_mark, psb_mark = result_marks(icp, psb)
        if psb_mark is not None and psb_mark.icon is not None:
            psb_mark = dataclasses.replace(psb_mark, icon=source.icon(psb_mark.icon))
        return self.policy.result(
            target,
            home.start,
            findings,
            final_url=home.final,
            pages=home.pages + fetches,
            icp=icp_mark,
            psb=psb_mark,
        )

    async def _load(
        self, source: Source, home: str, paths: tuple[str, ...], badge: str | None
    ) -> tuple[list[KeyPage], tuple[PageFetch, ...], BadgeCheck | None]:
        """The key pages and the badge, all at once."""
        wanted = dict.fromkeys(paths + self.settings.pages)
        jobs: list[Awaitable[Any]] = [source.key_page(home, p) for p in wanted]
        n = len(jobs)
        if badge is not None:
            jobs.append(source.badge(badge))
        # One job (the usual badge) is awaited directly: gather would wrap it in a task.
        done = [await jobs[0]] if len(jobs) == 1 else list(await asyncio.gather(*jobs))
        return [kp for kp, _ in done[:n]], tuple(pf for _, pf in done[:n]), done[n] if badge else None

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
