"""``--format prometheus``: metrics for node_exporter's textfile collector.

The text is OpenMetrics (gauges only, ``# EOF`` at the end), which is also valid in the
older Prometheus text format that node_exporter's textfile collector reads. One series
per target and status (1 for its status, 0 for the others) so that an alert can say
``beian_check_target_status{status="fail"} == 1``; findings counted by code; the run's
counts, duration and finish time. Write it with ``--output`` (atomic rename: the
collector never reads half a file) into the collector's directory.
"""

from __future__ import annotations

import datetime as dt
import time

from ..model import Report
from .base import DEFAULT_VIEW, LineNotSupported, View, clean

_STATUSES = ("pass", "fail", "error")


def _label(value: str) -> str:
    # Crawled or typed text: no control characters (a terminal reading the file), and the
    # three escapes the exposition formats define.
    return clean(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(**labels: str) -> str:
    return "{" + ",".join(f'{k}="{_label(v)}"' for k, v in labels.items()) + "}"


def _number(value: float) -> str:
    return repr(float(value)) if isinstance(value, float) else str(value)


def _finished(report: Report) -> float:
    """When the run ended: its start plus its duration; for a report that does not say when
    it was made (merged from jsonl), now, when the report is written."""
    run = report.run
    if run is not None and run.started:
        try:
            return dt.datetime.fromisoformat(run.started).timestamp() + run.duration
        except ValueError:
            pass
    return time.time()


class _Families:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def family(self, name: str, help_text: str, samples: list[tuple[str, float]]) -> None:
        self.lines += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
        self.lines += [f"{name}{labels} {_number(value)}" for labels, value in samples]


class PrometheusFormat(LineNotSupported):
    name = "prometheus"

    def render(self, report: Report, view: View = DEFAULT_VIEW) -> str:
        out = _Families()
        status: list[tuple[str, float]] = []
        findings: list[tuple[str, float]] = []
        changes: list[tuple[str, float]] = []
        for r in report.results:
            status += [(_labels(target=r.target, status=s), int(r.status == s)) for s in _STATUSES]
            counts: dict[tuple[str, str], int] = {}
            for f in r.findings:
                counts[(f.code, f.severity)] = counts.get((f.code, f.severity), 0) + 1
            findings += [
                (_labels(target=r.target, code=code, severity=sev), n) for (code, sev), n in counts.items()
            ]
            if r.change is not None:
                changes.append((_labels(target=r.target, change=r.change.kind), 1))
        out.family(
            "beian_check_target_status",
            "Result of the last check of a target: 1 for its status (pass, fail, error), 0 for the others.",
            status,
        )
        out.family(
            "beian_check_target_findings", "Findings on a target in the last check, by code.", findings
        )
        if changes:
            out.family(
                "beian_check_target_change",
                "Change of a target against the baseline report (new-failure, new-error, fixed, "
                "unchanged, new-target).",
                changes,
            )
        s = report.summary
        out.family(
            "beian_check_targets",
            "Targets in the last run, by status.",
            [
                (_labels(status="pass"), s.passed),
                (_labels(status="fail"), s.failed),
                (_labels(status="error"), s.errors),
            ],
        )
        if s.changes is not None:
            out.family(
                "beian_check_changes",
                "Targets of the last run by change against the baseline report.",
                [(_labels(change=k), v) for k, v in s.changes.to_dict().items()],
            )
        out.family(
            "beian_check_run_interrupted",
            "1 when the last run was interrupted (not every target is listed).",
            [("", int(s.interrupted))],
        )
        if report.run is not None:
            out.family(
                "beian_check_run_duration_seconds",
                "How long the last run took.",
                [("", round(report.run.duration, 3))],
            )
        out.family(
            "beian_check_run_finished_timestamp_seconds",
            "When the last run finished, in seconds since the epoch.",
            [("", round(_finished(report), 3))],
        )
        return "\n".join(out.lines + ["# EOF"]) + "\n"
