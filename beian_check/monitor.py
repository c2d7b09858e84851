"""The monitoring options of a run, in one object the command line drives: --baseline,
--notify/--notify-on and --shard. Options are checked (and the baseline read) before
anything is crawled; results are annotated as they stream past; the notification goes
out after the report is written."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial

from . import notify as notifier
from .baseline import Baseline, ChangeCounts, Comparison, load_baseline
from .messages import Text, text
from .model import Report, TargetResult
from .reportfile import ReportError
from .shard import Indexer, ShardPlan, named_in_shard, parse_shard
from .targets import TargetPlan


class MonitorError(Exception):
    """A monitoring option that cannot be used: one line (``text``), exit status 2."""

    def __init__(self, message: Text) -> None:
        self.text = message
        super().__init__(message.render("en"))


@dataclass
class Monitor:
    baseline: Baseline | None = None
    notify: tuple[str, ...] = ()
    notify_on: str = "fail"
    shard: tuple[int, int] | None = None
    strict: bool = False
    comparison: Comparison | None = None
    indexer: Indexer | None = None

    @classmethod
    def from_options(
        cls,
        *,
        baseline: str | None = None,
        notify: tuple[str, ...] = (),
        notify_on: str | None = None,
        shard: str | None = None,
        strict: bool = False,
    ) -> Monitor:
        """Check the options and read the baseline; MonitorError says what is wrong."""
        try:
            parts = parse_shard(shard) if shard is not None else None
        except ValueError as e:
            raise MonitorError(e.args[0]) from None
        if notify_on == "new" and baseline is None:
            raise MonitorError(text("notify.needs-baseline"))
        if notify:
            problem = notifier.check_urls(list(notify))
            if problem:
                raise MonitorError(problem)
        try:
            base = load_baseline(baseline) if baseline is not None else None
        except ReportError as e:
            raise MonitorError(text("baseline.error", problem=e.text)) from None
        on = notify_on or ("new" if base is not None else "fail")
        return cls(base, tuple(notify), on, parts, strict)

    @property
    def warnings(self) -> list[Text]:
        return list(self.baseline.warnings) if self.baseline is not None else []

    def select(self, plan: TargetPlan) -> TargetPlan:
        """This run's targets: all of them, or this shard's."""
        if self.shard is None:
            return plan
        shard_plan = ShardPlan.select(plan, *self.shard)
        self.indexer = Indexer(shard_plan)
        return shard_plan

    def start(self, report: Report) -> None:
        if self.baseline is not None:
            report.summary.changes = ChangeCounts()
            scope = partial(_in_shard, shard=self.shard) if self.shard is not None else None
            self.comparison = Comparison(self.baseline, strict=self.strict, in_scope=scope)

    def annotate(self, result: TargetResult) -> TargetResult:
        """A result as it leaves the run: its position in the whole input (--shard) and
        what changed since the baseline."""
        if self.indexer is not None:
            result = replace(result, index=self.indexer.index(result.target))
        if self.comparison is not None:
            result = replace(result, change=self.comparison.change(result))
        return result

    def finish(self, report: Report) -> None:
        """Count the baseline targets the run did not report (unknown when interrupted)."""
        changes = report.summary.changes
        if self.comparison is not None and changes is not None and not report.summary.interrupted:
            changes.dropped = self.comparison.dropped()

    def rebase(self, report: Report) -> Report:
        """``merge --baseline``: the same comparison over results already collected."""
        if self.baseline is None:
            return report
        out = Report()
        out.summary.interrupted = report.summary.interrupted
        out.run = report.run
        self.start(out)
        for r in report.results:
            out.add(self.annotate(r))
        self.finish(out)
        return out

    def send(self, report: Report, lang: str = "en") -> list[Text]:
        """Notify when --notify-on says so; warnings (URLs masked) for what failed."""
        if not self.notify or not notifier.should_send(report, self.notify_on):
            return []
        title, body = notifier.message(report, lang)
        return notifier.send(list(self.notify), title, body)


def _in_shard(raw: str, url: str | None, *, shard: tuple[int, int]) -> bool:
    return named_in_shard(raw, url, *shard)
