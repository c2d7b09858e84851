"""What changed since the baseline, as the human formats show it: new problems first,
a tag on each changed target, the new and gone codes, and the summary's counts."""

from __future__ import annotations

from collections.abc import Iterable

from ..baseline import got_worse
from ..messages import t
from ..model import Summary, TargetResult


def new_first(results: Iterable[TargetResult]) -> list[TargetResult]:
    """New problems first, everything else after, each group in its given order."""
    return sorted(results, key=lambda r: not got_worse(r))


def change_tag(r: TargetResult, lang: str = "en") -> str:
    """`` (new)`` on a new problem, `` (fixed)`` on a fixed target, else nothing."""
    if got_worse(r):
        return f" ({t('change.tag.new', lang)})"
    if r.change is not None and r.change.kind == "fixed":
        return f" ({t('change.tag.fixed', lang)})"
    return ""


def change_note(r: TargetResult, lang: str = "en") -> str:
    """``; new target`` or ``; new: CODES; gone: CODES`` after a target's status."""
    c = r.change
    if c is None:
        return ""
    if c.kind == "new-target":
        return "; " + t("change.new-target", lang)
    parts = []
    if c.new:
        parts.append(t("change.new-codes", lang, codes=", ".join(c.new)))
    if c.gone:
        parts.append(t("change.gone-codes", lang, codes=", ".join(c.gone)))
    return "".join("; " + p for p in parts)


def summary_lines(s: Summary, lang: str = "en") -> list[str]:
    c = s.changes
    if c is None:
        return []
    lines = [
        t(
            "change.summary",
            lang,
            new=c.new_problems,
            new_errors=c.new_errors,
            fixed=c.fixed,
            new_targets=c.new_targets,
        )
    ]
    if c.dropped:
        lines.append(t("change.dropped", lang, count=c.dropped))
    return lines
