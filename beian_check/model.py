"""Plain result types shared by the core and the shell. Frozen, JSON-ready."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .links import Link
from .messages import Arg, Text, t
from .numbers import IcpNumber, PsbNumber

if TYPE_CHECKING:
    from .baseline import Change, ChangeCounts

SCHEMA = "beian-check/1"

# Findings whose presence means "could not be checked" rather than "checked and failed".
ERROR_STATUS_CODES = frozenset({"fetch-failed", "page-js-rendered"})

# Every code of SPEC §5 in report order, with its default severity. Findings are sorted
# by this order so that reports and golden files are stable.
CODES: dict[str, str] = {
    "fetch-failed": "error",
    "page-js-rendered": "error",
    "page-template": "error",
    "mark-hidden": "error",
    "icp-missing": "error",
    "icp-malformed": "error",
    "icp-not-linked": "error",
    "icp-link-retired": "error",
    "icp-link-wrong": "error",
    "icp-unexpected": "error",
    "icp-not-in-footer": "warning",
    "psb-missing": "error",
    "psb-malformed": "error",
    "psb-prefix-mismatch": "error",
    "psb-not-linked": "error",
    "psb-link-no-code": "error",
    "psb-link-code-mismatch": "error",
    "psb-link-wrong": "error",
    "psb-link-legacy": "warning",
    "psb-icon-missing": "error",
    "psb-icon-wrong": "error",
    "psb-icon-after-number": "error",
    "psb-icon-broken": "error",
    "psb-icon-unverified": "warning",
    "psb-unexpected": "error",
    "page-inconsistent": "warning",
    "page-redirect-offsite": "warning",
    "page-https-failed": "warning",
}
_ORDER = {code: i for i, code in enumerate(CODES)}


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's verdict on one page. Language-neutral: the message is rendered from the
    catalogue (``messages.py``) in the reader's language; ``detail`` holds what only the
    operator needs (network error text, proxy addresses, file paths)."""

    code: str
    page: str
    evidence: str = ""
    severity: str = ""
    detail: str = ""
    args: tuple[tuple[str, Arg], ...] = ()
    key: str = ""  # catalogue key; the code when empty

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", CODES[self.code])

    def message(self, lang: str = "en") -> str:
        return t(self.key or self.code, lang, **dict(self.args))

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message(lang),
            "page": self.page,
            "evidence": self.evidence,
        }
        if self.detail:
            d["detail"] = self.detail
        # The message's catalogue key and arguments, so that a report read back (merge,
        # baseline) renders it again, in any language.
        if self.key:
            d["key"] = self.key
        if self.args:
            d["args"] = {name: _arg_json(value) for name, value in self.args}
        return d


def _arg_json(value: Arg) -> Any:
    if isinstance(value, Text):
        return {"key": value.key, "args": {name: _arg_json(v) for name, v in value.args}}
    return value


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: _ORDER.get(f.code, len(_ORDER)))


@dataclass(frozen=True, slots=True)
class IcpMark:
    text: str
    kind: str  # "filing" | "licence"
    link: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "link": self.link}


@dataclass(frozen=True, slots=True)
class PsbMark:
    text: str
    code: str
    link: str | None
    icon: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "code": self.code, "link": self.link, "icon": self.icon}


@dataclass(frozen=True, slots=True)
class PageFetch:
    url: str
    http_status: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "http_status": self.http_status}


@dataclass(frozen=True, slots=True)
class TargetResult:
    target: str
    url: str
    final_url: str | None
    status: str  # "pass" | "fail" | "error"
    icp: IcpMark | None = None
    psb: PsbMark | None = None
    pages: tuple[PageFetch, ...] = ()
    findings: tuple[Finding, ...] = ()
    screenshot: str | None = None
    ignored: tuple[str, ...] = ()  # codes of the findings --ignore / ignore= dropped
    fix: str | None = None  # the corrected footer snippet (fix.py), when known
    change: Change | None = None  # --baseline: what changed since the baseline
    index: int | None = None  # --shard: position in the whole input, for merge

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        d: dict[str, Any] = {
            "target": self.target,
            "url": self.url,
            "final_url": self.final_url,
            "status": self.status,
            "icp": self.icp.to_dict() if self.icp else None,
            "psb": self.psb.to_dict() if self.psb else None,
            "pages": [p.to_dict() for p in self.pages],
            "findings": [f.to_dict(lang) for f in self.findings],
        }
        if self.screenshot:
            d["screenshot"] = self.screenshot
        if self.ignored:
            d["ignored"] = list(self.ignored)
        if self.fix:
            d["fix"] = self.fix
        if self.change is not None:
            d.update(self.change.to_dict())
        if self.index is not None:
            d["index"] = self.index
        return d


def judge_status(findings: list[Finding] | tuple[Finding, ...], *, strict: bool = False) -> str:
    if any(f.code in ERROR_STATUS_CODES for f in findings):
        return "error"
    if any(f.severity == "error" or (strict and f.severity == "warning") for f in findings):
        return "fail"
    return "pass"


@dataclass
class Summary:
    targets: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    warnings: int = 0  # warning findings, over all targets
    ignored: int = 0  # findings dropped by --ignore / ignore=
    interrupted: bool = False
    changes: ChangeCounts | None = None  # --baseline

    def add(self, result: TargetResult) -> None:
        self.targets += 1
        self.warnings += result.warnings
        self.ignored += len(result.ignored)
        if result.status == "pass":
            self.passed += 1
        elif result.status == "fail":
            self.failed += 1
        else:
            self.errors += 1
        if self.changes is not None:
            self.changes.add(result)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "targets": self.targets,
            "pass": self.passed,
            "fail": self.failed,
            "error": self.errors,
            "warnings": self.warnings,
            "ignored": self.ignored,
        }
        if self.interrupted:
            d["interrupted"] = True
        if self.changes is not None:
            d["baseline"] = self.changes.to_dict()
        return d

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        if self.changes is not None:
            return self.changes.exit_code
        if self.failed:
            return 1
        if self.errors:
            return 3
        return 0


@dataclass(frozen=True)
class RunInfo:
    """How a report was made: the tool, when, how long, and every option that changes a
    verdict, so that two reports can be compared knowingly."""

    version: str
    started: str = ""  # ISO 8601, local time with its UTC offset
    duration: float = 0.0  # seconds
    strict: bool = False
    ignore: tuple[str, ...] = ()
    render: str = "never"
    lang: str = "en"

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "started": self.started,
            "duration_s": round(self.duration, 3),
            "options": {"strict": self.strict, "ignore": list(self.ignore), "render": self.render},
            "lang": self.lang,
        }


@dataclass
class Report:
    results: list[TargetResult] = field(default_factory=list)
    summary: Summary = field(default_factory=Summary)
    run: RunInfo | None = None

    def add(self, result: TargetResult) -> None:
        self.results.append(result)
        self.summary.add(result)


# -- what the page analysis found (beian_check.page) ---------------------------------------
N = TypeVar("N", IcpNumber, PsbNumber)


@dataclass(frozen=True, slots=True)
class Badge:
    """An image (or CSS-painted element) that belongs to a public-security number."""

    kind: str  # "img" | "css" | "svg" (an inline drawing)
    src: str | None  # absolute URL or data: URI (img only)
    evidence: str
    hint: str = ""  # what its name/alt/class say: "badge", "other" (工商/红盾 icon), ""


@dataclass(frozen=True, slots=True)
class FoundMark(Generic[N]):
    """One filing number as the page displays it. ``number.raw`` is the text as shown."""

    number: N
    link: Link
    in_footer: bool
    hidden: bool
    evidence: str
    badge_before: Badge | None = None
    badge_after: Badge | None = None
    tokens: frozenset[str] = frozenset()  # class and id names of the mark and its ancestors


@dataclass(frozen=True, slots=True)
class PageAnalysis:
    url: str
    encoding: str = ""
    icp: tuple[FoundMark[IcpNumber], ...] = ()
    psb: tuple[FoundMark[PsbNumber], ...] = ()
    template: str | None = None  # template syntax seen in the footer
    shell: Text | None = None  # why this is an application shell
    refresh: str | None = None  # <meta http-equiv=refresh> target, absolute
    visible_chars: int = 0
    scripts: bool = False  # the page runs scripts (which could add or change marks)
    rendered: bool = False  # judged on a browser's DOM (--render)
    in_images: bool = False  # no mark as text, but a number in an alt, or a page of images
    # Filled only with render_hints (for --render auto):
    hiding_tokens: frozenset[str] = frozenset()  # classes/ids that inline <style> rules hide
    stylesheets: tuple[str, ...] = ()  # <link rel=stylesheet> URLs, absolute


# -- what the crawl hands to the rules --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Expectation:
    icp: IcpNumber | None = None
    psb: str | None = None  # 14-digit code
    online: dt.date | None = None


@dataclass(frozen=True, slots=True)
class BadgeCheck:
    """What loading a badge URL gave: ok True/False, or None when no server answered
    (DNS, connect, timeout), which is reported as unverified, not as broken."""

    ok: bool | None
    detail: str  # technical detail, for the operator
    reason: Arg = ""  # why, for the owner (a catalogue Text); detail when empty
    looks: str = ""  # emblem.verdict of the bytes: "official", "other", "unknown"


@dataclass(frozen=True, slots=True)
class KeyPage:
    url: str
    analysis: PageAnalysis | None
    error: Arg | None = None  # why it could not be checked
    name: str = ""  # as the owner knows it ("/about/"), when the URL is a file:
