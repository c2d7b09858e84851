"""--baseline FILE: what changed since an earlier report.

A nightly run over thousands of sites repeats every old failure; what the team needs is
what got worse. The baseline is an earlier ``json`` or ``jsonl`` report, possibly from an
older version (missing keys are guessed from what is there) or from an interrupted run
(targets it lacks are new). A file that cannot be read as a report is a one-line error
before anything is crawled.

Each result gets a ``Change``: the codes that are new, the codes that are gone, and a
kind:

* ``new-target``  the baseline has no result for this target;
* ``new-failure`` a finding that fails the target (``error`` severity, or a warning
  under ``--strict``) whose code the baseline result did not have;
* ``new-error``   the target cannot be checked now (``fetch-failed``,
  ``page-js-rendered``) and could be in the baseline;
* ``fixed``       the target passes now and did not in the baseline;
* ``unchanged``   none of those (the code lists still show finer changes).

With a baseline the exit status says whether anything got worse: 1 for a new failure
(or a new target that fails), 3 for a target that newly cannot be checked, else 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .messages import Text
from .model import CODES, ERROR_STATUS_CODES, TargetResult
from .reportfile import read_report
from .targets import Target, parse_line

KINDS = ("new-failure", "new-error", "fixed", "unchanged", "new-target")


@dataclass(frozen=True, slots=True)
class Known:
    """What the baseline says about one target."""

    status: str
    codes: frozenset[str]


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # one of KINDS
    new: tuple[str, ...] = ()  # codes now present that the baseline result lacked
    gone: tuple[str, ...] = ()  # codes in the baseline result that are gone
    was: str | None = None  # the baseline status; None for a new target

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.kind,
            "new_codes": list(self.new),
            "gone_codes": list(self.gone),
            "baseline_status": self.was,
        }


def named_target(raw: str, url: str | None) -> Target | None:
    """The target a report result names, read as the targets file line was; None for a
    static-site directory (its ``url`` is a file: URL) or a name that no longer parses."""
    if url is not None and not url.lower().startswith(("http://", "https://")):
        return None
    words = raw.split()
    try:
        return parse_line(words[0]) if words else None
    except ValueError:
        return None


def target_key(raw: str, url: str | None) -> str:
    """Identity of a target across reports: ``Example.com`` and ``example.com`` are the
    same target, as they are when a targets file is de-duplicated."""
    target = named_target(raw, url)
    return target.key if target is not None else f"raw:{raw}"


def _severity(code: str, finding: dict[str, Any]) -> str:
    sev = finding.get("severity")
    return sev if sev in ("error", "warning") else CODES.get(code, "error")


def _known(entry: dict[str, Any]) -> Known:
    """Lenient: a result from an older version may lack keys; findings may lack a
    severity, and a status is inferred from the codes when it is missing."""
    findings = entry.get("findings")
    codes: dict[str, str] = {}
    for f in findings if isinstance(findings, list) else ():
        if isinstance(f, dict) and isinstance(f.get("code"), str):
            codes[f["code"]] = _severity(f["code"], f)
        elif isinstance(f, str):
            codes[f] = CODES.get(f, "error")
    status = entry.get("status")
    if status not in ("pass", "fail", "error"):
        if ERROR_STATUS_CODES & codes.keys():
            status = "error"
        else:
            status = "fail" if "error" in codes.values() else "pass"
    return Known(status, frozenset(codes))


@dataclass
class Baseline:
    path: str
    entries: dict[str, Known] = field(default_factory=dict)
    names: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # key -> (target, url)
    warnings: list[Text] = field(default_factory=list)

    def add(self, entry: dict[str, Any]) -> None:
        url = entry.get("url") if isinstance(entry.get("url"), str) else None
        key = target_key(entry["target"], url)
        self.entries[key] = _known(entry)
        self.names[key] = (entry["target"], url)


def load_baseline(path: str) -> Baseline:
    """Read a baseline report (json or jsonl); ReportError names the file (and the line)
    when it is not one."""
    rf = read_report(path)
    base = Baseline(path, warnings=rf.warnings)
    for _where, entry in rf.entries:
        base.add(entry)
    return base


def _problems(result: TargetResult, strict: bool) -> set[str]:
    """Codes that fail the target (error-status codes are 'cannot check', not failures)."""
    failing = ("error", "warning") if strict else ("error",)
    return {f.code for f in result.findings if f.code not in ERROR_STATUS_CODES and f.severity in failing}


def compare(result: TargetResult, known: Known | None, *, strict: bool = False) -> Change:
    codes = {f.code for f in result.findings}
    if known is None:
        return Change("new-target", _ordered(codes))
    new, gone = codes - known.codes, known.codes - codes
    if _problems(result, strict) & new:
        kind = "new-failure"
    elif result.status == "error" and known.status != "error":
        kind = "new-error"
    elif result.status == "pass" and known.status != "pass":
        kind = "fixed"
    else:
        kind = "unchanged"
    return Change(kind, _ordered(new), _ordered(gone), known.status)


def _ordered(codes: set[str] | frozenset[str]) -> tuple[str, ...]:
    order = {c: i for i, c in enumerate(CODES)}
    return tuple(sorted(codes, key=lambda c: (order.get(c, len(order)), c)))


def got_worse(result: TargetResult) -> bool:
    """A new problem: a new failure, newly not checkable, or a new target that does not pass."""
    change = result.change
    if change is None:
        return False
    if change.kind == "new-target":
        return result.status != "pass"
    return change.kind in ("new-failure", "new-error")


@dataclass
class ChangeCounts:
    """The summary's view of the changes; decides the exit status of a run with a baseline."""

    new_problems: int = 0  # targets with a new failing code (new targets that fail included)
    new_errors: int = 0  # targets that newly cannot be checked (new targets included)
    fixed: int = 0
    unchanged: int = 0
    new_targets: int = 0
    dropped: int | None = None  # baseline targets this run did not report (None: not known)

    def add(self, result: TargetResult) -> None:
        change = result.change
        if change is None:
            return
        if change.kind == "new-target":
            self.new_targets += 1
        elif change.kind == "fixed":
            self.fixed += 1
        elif change.kind == "unchanged":
            self.unchanged += 1
        if got_worse(result):
            if change.kind == "new-error" or (change.kind == "new-target" and result.status == "error"):
                self.new_errors += 1
            else:
                self.new_problems += 1

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "new_problems": self.new_problems,
            "new_errors": self.new_errors,
            "fixed": self.fixed,
            "unchanged": self.unchanged,
            "new_targets": self.new_targets,
        }
        if self.dropped is not None:
            d["dropped"] = self.dropped
        return d

    @property
    def exit_code(self) -> int:
        if self.new_problems:
            return 1
        if self.new_errors:
            return 3
        return 0


class Comparison:
    """Compares a run's results with a baseline as they stream past, and counts the
    baseline targets the run did not report. ``in_scope(target, url)`` limits those to
    the targets this run was meant to check (its shard)."""

    def __init__(
        self,
        baseline: Baseline,
        *,
        strict: bool = False,
        in_scope: Callable[[str, str | None], bool] | None = None,
    ) -> None:
        self.baseline, self.strict, self.in_scope = baseline, strict, in_scope
        self.seen: set[str] = set()

    def change(self, result: TargetResult) -> Change:
        key = target_key(result.target, result.url)
        self.seen.add(key)
        return compare(result, self.baseline.entries.get(key), strict=self.strict)

    def dropped(self) -> int:
        scope = self.in_scope
        return sum(
            1
            for key, (raw, url) in self.baseline.names.items()
            if key not in self.seen and (scope is None or scope(raw, url))
        )
