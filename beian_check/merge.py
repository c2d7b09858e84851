"""``beian-check merge REPORT...``: shard reports (json or jsonl) -> one report.

Results of ``--shard`` runs carry ``index``, their position in the whole input; the
merged report lists them in that order, without the index, so it reads as one run over
the whole input would have. Reports without an index (ordinary runs) are joined in the
order given. The summary is recounted from the results, so the exit status is the one a
single run would have had.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import replace
from typing import Any

from . import __version__
from .baseline import Change, ChangeCounts
from .messages import CATALOGUE, Arg, Text
from .model import CODES, Finding, IcpMark, PageFetch, PsbMark, Report, RunInfo, TargetResult, judge_status
from .reportfile import ReportError, read_report


class MergeError(ReportError):
    """Reports that cannot be merged: one line naming the file."""


def _str(d: dict[str, Any], key: str) -> str | None:
    v = d.get(key)
    return v if isinstance(v, str) else None


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _arg(value: Any) -> Arg | None:
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, dict) and isinstance(value.get("key"), str):
        args = value.get("args")
        return Text(value["key"], _args(args) if isinstance(args, dict) else ())
    return None


def _args(value: dict[str, Any]) -> tuple[tuple[str, Arg], ...]:
    return tuple((name, arg) for name, v in value.items() if (arg := _arg(v)) is not None)


def _finding(d: Any) -> Finding | None:
    """A finding read back. With its catalogue key and arguments (this version's reports)
    it renders again in any language; otherwise its message stays as the report wrote it."""
    if not isinstance(d, dict) or not isinstance(d.get("code"), str):
        return None
    code = d["code"]
    severity = d.get("severity") if d.get("severity") in ("error", "warning") else CODES.get(code, "error")
    base = (code, _str(d, "page") or "", _str(d, "evidence") or "", str(severity), _str(d, "detail") or "")
    args = _args(d["args"]) if isinstance(d.get("args"), dict) else ()
    key = _str(d, "key") or code
    if not _renders(key, args):
        return Finding(*base, args=(("text", _str(d, "message") or ""),), key="report.verbatim")
    return Finding(*base, args=args, key="" if key == code else key)


def _renders(key: str, args: tuple[tuple[str, Arg], ...]) -> bool:
    """Whether the catalogue has ``key`` and ``args`` fill every placeholder of it, in every
    language (nested arguments too)."""
    if key not in CATALOGUE:
        return False
    names = {
        name for template in CATALOGUE[key] for _, name, _, _ in string.Formatter().parse(template) if name
    }
    given = dict(args)
    return names <= given.keys() and all(
        _renders(v.key, v.args) for v in given.values() if isinstance(v, Text)
    )


def _icp(d: Any) -> IcpMark | None:
    if not isinstance(d, dict) or not isinstance(d.get("text"), str):
        return None
    return IcpMark(d["text"], _str(d, "kind") or "filing", _str(d, "link"))


def _psb(d: Any) -> PsbMark | None:
    if not isinstance(d, dict) or not isinstance(d.get("text"), str):
        return None
    return PsbMark(d["text"], _str(d, "code") or "", _str(d, "link"), _str(d, "icon"))


def _pages(value: Any) -> tuple[PageFetch, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        PageFetch(p["url"], p.get("http_status") if isinstance(p.get("http_status"), int) else None)
        for p in value
        if isinstance(p, dict) and isinstance(p.get("url"), str)
    )


def _change(d: dict[str, Any]) -> Change | None:
    kind = _str(d, "change")
    if kind is None:
        return None
    return Change(kind, _strs(d.get("new_codes")), _strs(d.get("gone_codes")), _str(d, "baseline_status"))


def result_from_dict(d: dict[str, Any]) -> TargetResult:
    """A report result back as a TargetResult; keys an older version lacked get their
    empty value (the entry has a "target": reportfile checked that)."""
    findings = tuple(f for f in (_finding(x) for x in d.get("findings") or ()) if f is not None)
    status = _str(d, "status")
    if status not in ("pass", "fail", "error"):
        status = judge_status(findings)
    index = d.get("index")
    return TargetResult(
        d["target"],
        _str(d, "url") or "",
        _str(d, "final_url"),
        status,
        _icp(d.get("icp")),
        _psb(d.get("psb")),
        _pages(d.get("pages")),
        findings,
        screenshot=_str(d, "screenshot"),
        ignored=_strs(d.get("ignored")),
        fix=_str(d, "fix"),
        change=_change(d),
        index=index if isinstance(index, int) and not isinstance(index, bool) else None,
    )


def _epoch(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value).timestamp()  # 3.11 reads the Z
    except ValueError:
        return None


def _order(items: list[tuple[str, TargetResult]]) -> list[TargetResult]:
    with_index = [(w, r) for w, r in items if r.index is not None]
    if not with_index:
        return [r for _, r in items]
    if len(with_index) != len(items):
        where = next(w for w, r in items if r.index is None)
        raise MergeError("merge.mixed", where=where)
    seen: dict[int, str] = {}
    for where, r in with_index:
        assert r.index is not None
        if r.index in seen:
            raise MergeError(
                "merge.overlap", where=where, target=r.target, index=r.index, other=seen[r.index]
            )
        seen[r.index] = where
    return [r for _, r in sorted(items, key=lambda wr: wr[1].index or 0)]


def _run_info(runs: list[dict[str, Any]], lang: str) -> RunInfo | None:
    """One run from the shards' (json reports say how they were made; jsonl ones do not):
    from the first start to the last end, with any verdict option any shard used."""
    spans = []
    for run in runs:
        start = _epoch(run.get("started"))
        duration = run.get("duration_s")
        if start is not None and isinstance(duration, (int, float)):
            spans.append((start, start + float(duration), run["started"]))
    if not spans:
        return None
    first = min(spans)
    options: list[dict[str, Any]] = [r["options"] if isinstance(r.get("options"), dict) else {} for r in runs]
    ignore = sorted({c for o in options for c in (o.get("ignore") or []) if isinstance(c, str)})
    render = next((o["render"] for o in options if isinstance(o.get("render"), str)), "never")
    return RunInfo(
        __version__,
        first[2],
        max(end for _, end, _ in spans) - first[0],
        any(o.get("strict") is True for o in options),
        tuple(ignore),
        render,
        lang,
    )


class Merged:
    """The merged report, and what the inputs said about the runs."""

    def __init__(self, paths: list[str]) -> None:
        items: list[tuple[str, TargetResult]] = []
        self.warnings: list[Text] = []
        summaries: list[dict[str, Any]] = []
        self.runs: list[dict[str, Any]] = []
        for path in paths:
            rf = read_report(path)
            self.warnings += rf.warnings
            if rf.summary is not None:
                summaries.append(rf.summary)
            if rf.run is not None:
                self.runs.append(rf.run)
            items += [(where, result_from_dict(entry)) for where, entry in rf.entries]
        self.results = [replace(r, index=None) for r in _order(items)]
        self.interrupted = any(s.get("interrupted") is True for s in summaries)
        drops = [s["baseline"].get("dropped") for s in summaries if isinstance(s.get("baseline"), dict)]
        complete = len(summaries) == len(paths) and drops and all(isinstance(d, int) for d in drops)
        self.dropped: int | None = sum(drops) if complete else None
        self.has_changes = any(r.change is not None for r in self.results)

    @property
    def strict(self) -> bool:
        """Whether a shard ran with --strict (as far as json reports say)."""
        return any(
            isinstance(r.get("options"), dict) and r["options"].get("strict") is True for r in self.runs
        )

    def report(self, lang: str = "en") -> Report:
        report = Report()
        if self.has_changes:
            report.summary.changes = ChangeCounts(dropped=self.dropped)
        for r in self.results:
            report.add(r)
        report.summary.interrupted = self.interrupted
        report.run = _run_info(self.runs, lang)
        return report
