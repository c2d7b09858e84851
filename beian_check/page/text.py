"""Where filing numbers may be in the collected text: cheap anchor tests and windows of
normalised text around each anchor. Numbers are matched on windows (never on single text
nodes: sites split marks across <span>s), and a match maps back to its runs."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from ..heuristics import LABEL_WORDS, TEMPLATE_PATTERN
from ..numbers import ZERO_WIDTH, find_icp, find_psb, normalize

if TYPE_CHECKING:
    from .walk import Run, Walk

# At most this many anchors are looked at (the first and the last half: the footer is at
# the end), so a hostile page cannot buy unbounded CPU.
MAX_ANCHORS = 64
_BEFORE, _AFTER = 40, 80
# The literal parts of both numbers, as they may appear before normalisation (full-width,
# zero-width characters inside).
_ZW = f"[{ZERO_WIDTH}]*"
_ANCHOR = re.compile(
    f"[IＩ]{_ZW}[CＣ]{_ZW}[PＰ]|公{_ZW}网{_ZW}安{_ZW}备|公安备案|网安备案|联网备案|机关备案", re.IGNORECASE
)
# The spellings of "CP" that normalisation could turn into ICP, as plain substrings:
# str.find runs at C speed (~10 µs over 40 KB of CJK text) where the equivalent regex (a
# class per letter) takes 40 times longer.
_CP = tuple(b + c for b in "CcＣｃ" for c in "PpＰｐ")
_I = frozenset("IiＩｉ")
_PSB_NEEDLE = "公网安备"
# Labels before a bare public-security code ("公安备案号：35020302001234"): a claim too.
_LABEL_NEEDLES = ("公安备案", "网安备案", "联网备案", "机关备案")
_T = TypeVar("_T")


def has_anchor(text: str) -> bool:
    """A cheap superset test for a filing-number anchor (used to prune subtrees)."""
    if _PSB_NEEDLE in text or ("备案" in text and any(n in text for n in _LABEL_NEEDLES)):
        return True
    if ("P" in text or "p" in text or "Ｐ" in text or "ｐ" in text) and any(n in text for n in _CP):
        return True
    return any(c in text for c in ZERO_WIDTH) and _ANCHOR.search(text) is not None


def has_template(text: str) -> bool:
    if "{" not in text and "<" not in text and "[!--" not in text:
        return False
    return TEMPLATE_PATTERN.search(text) is not None


def ends(items: list[_T], limit: int = MAX_ANCHORS) -> list[_T]:
    half = limit // 2
    return items if len(items) <= limit else items[:half] + items[-half:]


def _needle_spans(full: str, needle: str, half: int) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for forward in (True, False):
        i = full.find(needle) if forward else full.rfind(needle)
        count = 0
        while i >= 0 and count < half:
            if needle is _PSB_NEEDLE or needle in _LABEL_NEEDLES:
                found.add((i, i + len(needle)))
            elif i > 0 and full[i - 1] in _I:
                found.add((i - 1, i + 2))
            count += 1
            i = full.find(needle, i + 1) if forward else full.rfind(needle, 0, i)
    return found


def anchor_spans(full: str, limit: int = MAX_ANCHORS) -> list[tuple[int, int]]:
    """Anchor positions; on a page with more than ``limit``, the first and the last
    ``limit / 2``, found without walking the rest."""
    if any(c in full for c in ZERO_WIDTH):
        return ends([m.span() for m in _ANCHOR.finditer(full)], limit)
    found: set[tuple[int, int]] = set()
    for needle in _CP + (_PSB_NEEDLE, *_LABEL_NEEDLES):
        found |= _needle_spans(full, needle, limit // 2)
    return ends(sorted(found), limit)


@dataclass(slots=True)
class Window:
    """Normalised text of a few runs around an anchor, with where each run landed in it,
    so that a match maps back to its DOM text nodes."""

    text: str
    runs: list[tuple[int, int, Run]]  # (start, end) in ``text``

    def runs_in(self, start: int, end: int) -> list[tuple[int, int, Run]]:
        return [r for r in self.runs if r[0] < end and r[1] > start]


def windows(walk: Walk, excluded: Callable[[int], bool]) -> list[Window]:
    """Windows around every anchor. Pruned blocks and excluded text (post content) hold
    no mark and split the page into stretches that are searched separately."""
    out: list[Window] = []
    stretch: list[int] = []
    part_run = walk.part_run
    for i in range(len(walk.parts) + 1):
        run = part_run[i] if i < len(walk.parts) else None
        if i < len(walk.parts) and not (run is not None and (run.opaque or excluded(run.start))):
            stretch.append(i)
            continue
        if stretch:
            out.extend(_stretch_windows(walk, stretch))
            stretch = []
    return ends(out)


def _stretch_windows(walk: Walk, stretch: list[int]) -> list[Window]:
    text = "".join(walk.parts[i] for i in stretch)
    if not has_anchor(text):
        return []
    starts = [0]
    for i in stretch[:-1]:
        starts.append(starts[-1] + len(walk.parts[i]))
    ranges: list[list[int]] = []
    for a_start, a_end in anchor_spans(text):
        lo = max(bisect.bisect_right(starts, a_start - _BEFORE) - 1, 0)
        hi = bisect.bisect_right(starts, a_end + _AFTER)
        if ranges and lo <= ranges[-1][1]:
            ranges[-1][1] = max(ranges[-1][1], hi)
        else:
            ranges.append([lo, hi])
    return [_window(walk, stretch[lo:hi]) for lo, hi in ranges]


def _window(walk: Walk, indices: list[int]) -> Window:
    pieces: list[str] = []
    runs = []
    pos = 0
    for i in indices:
        piece = normalize(walk.parts[i], unescape=False)
        run = walk.part_run[i]
        if run is not None:
            runs.append((pos, pos + len(piece), run))
        pieces.append(piece)
        pos += len(piece)
    return Window("".join(pieces), runs)


def title_letters(text: str) -> int:
    """Letters of normalised text besides its filing numbers and label words: what makes
    a link's text a title that quotes a number ("备案完成：京ICP备…") rather than a mark."""
    spans = sorted([(n.start, n.end) for n in find_icp(text)] + [(p.start, p.end) for p in find_psb(text)])
    kept, pos = [], 0
    for start, end in spans:
        kept.append(text[pos:start])
        pos = max(pos, end)
    rest = " ".join([*kept, text[pos:]]).lower()
    for word in LABEL_WORDS:
        rest = rest.replace(word, " ")
    return sum(ch.isalpha() for ch in rest)
