"""Where a result leaves the crawl: --ignore, the grace period and --strict, applied once.

Every result is built here, whatever path made it (a crawled page, a target past its
deadline, an internal error, a worker that died), so an option means the same on each:
``--ignore fetch-failed`` drops an internal error's finding as it drops a refused
connection's. The rules report what the page shows; this module decides what the
operator asked to be told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .fix import fix_for
from .model import Finding, IcpMark, PageFetch, PsbMark, TargetResult, judge_status, sort_findings
from .outcome import Failure, fetch_failed
from .settings import Settings
from .targets import Target


@dataclass(frozen=True, slots=True)
class Policy:
    ignore: frozenset[str] = frozenset()
    strict: bool = False
    grace_days: int = 60
    today: dt.date = field(default_factory=dt.date.today)

    @classmethod
    def of(cls, settings: Settings, today: dt.date | None = None) -> Policy:
        return cls(
            settings.ignore, settings.strict, settings.grace_days, today or settings.today or dt.date.today()
        )

    def in_grace(self, online: dt.date | None) -> bool:
        """A site put online less than ``grace_days`` ago still has time to file with the
        public-security bureau (30 days by regulation; 60 leaves room for the bureau)."""
        return online is not None and self.today < online + dt.timedelta(days=self.grace_days)

    def finding(self, target: Target, f: Finding) -> Finding | None:
        """One finding as the operator asked for it: dropped by --ignore or the target's
        ignore=, or psb-missing turned into a warning during the grace period."""
        if f.code in self.ignore or f.code in target.ignore:
            return None
        online = target.expect.online
        if f.code == "psb-missing" and online is not None and self.in_grace(online):
            until = online + dt.timedelta(days=self.grace_days)
            return replace(
                f,
                severity="warning",
                key="psb-missing.grace",
                args=(("until", until.isoformat()), ("online", online.isoformat())),
            )
        return f

    def result(
        self,
        target: Target,
        url: str,
        findings: Iterable[Finding] = (),
        *,
        final_url: str | None = None,
        pages: tuple[PageFetch, ...] = (),
        icp: IcpMark | None = None,
        psb: PsbMark | None = None,
    ) -> TargetResult:
        """The one place a TargetResult is made. A failing result whose numbers are known
        (shown, or given as icp=/psb=) carries the corrected footer (fix.py)."""
        findings = list(findings)
        kept = sort_findings([g for g in (self.finding(target, f) for f in findings) if g is not None])
        dropped = tuple(sorted(f.code for f in findings if f.code in self.ignore or f.code in target.ignore))
        status = judge_status(kept, strict=self.strict)
        fix = None
        if status == "fail":
            fix = fix_for(
                icp,
                psb,
                {f.code for f in kept},
                expect_icp=target.expect.icp,
                expect_psb=target.expect.psb,
                root=target.directory,
            )
        return TargetResult(
            target.raw, url, final_url, status, icp, psb, pages, tuple(kept), ignored=dropped, fix=fix
        )

    def unchecked(self, target: Target, failure: Failure, url: str | None = None) -> TargetResult:
        """A target that could not be checked at all: past its deadline, an internal
        error, a worker process that died."""
        url = url or target_url(target)
        return self.result(target, url, [fetch_failed(url, failure)])


def target_url(target: Target) -> str:
    """The URL a result names before anything was fetched."""
    return target.start_urls[0] if target.directory is None else str(target.directory)
