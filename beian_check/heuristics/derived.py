"""What is computed from the heuristics table: token parts, footer weights, the CSS
selector that keeps subtrees from being pruned, the browser's footer selectors. Nothing
here is a heuristic of its own: change the table, not this."""

from __future__ import annotations

import re

from .table import (
    BADGE_WORDS,
    COMPONENT_WORDS,
    FOOTER_ROLES,
    FOOTER_TAGS,
    FOOTER_TOKENS,
    FOOTER_WORDS,
    HIDDEN_DECLARATIONS,
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[-_\s]+")


def parts(token: str) -> tuple[str, ...]:
    """``siteFooter-inner`` -> ("site", "footer", "inner")."""
    return tuple(p for p in _SPLIT.split(_CAMEL.sub("-", token).lower()) if p)


FOOTER_WORD_WEIGHTS = {h.word: h.weight for h in FOOTER_WORDS}
FOOTER_TOKEN_WEIGHTS = {h.word: h.weight for h in FOOTER_TOKENS}
HIDDEN_STYLE = re.compile("|".join(HIDDEN_DECLARATIONS), re.IGNORECASE)


def footer_weight(tokens: list[str]) -> int:
    """The strongest footer hint among class/id tokens; 0 for none, or when the footer
    word belongs to a component (``card-footer``)."""
    best = 0
    for token in tokens:
        low = token.lower()
        weight = FOOTER_TOKEN_WEIGHTS.get(low, 0)
        split = parts(token)
        if not COMPONENT_WORDS.intersection(split):
            weight = max([weight, *(FOOTER_WORD_WEIGHTS.get(p, 0) for p in split)])
        best = max(best, weight)
    return best


def no_prune_selector() -> str:
    """CSS for "this subtree may hold a badge or a footer": a superset of what the walk
    looks for, so a pruned subtree never hides one."""
    footer = _minimal([h.word for h in FOOTER_WORDS] + [h.word for h in FOOTER_TOKENS if len(h.word) > 2])
    badge = [w for w in _minimal([w for w in BADGE_WORDS if w.isascii()]) if not any(f in w for f in footer)]
    sel = ["img", "i", "[style*=background i]", "[data-beian-bg]", "[role=contentinfo]", *sorted(FOOTER_TAGS)]
    sel += [f"[{attr}*={w} i]" for w in footer for attr in ("class", "id")]
    sel += [f"#{h.word}, .{h.word}" for h in FOOTER_TOKENS if len(h.word) <= 2]
    sel += [f"[class*={w} i]" for w in badge]  # a CSS badge is drawn by its class
    return ", ".join(sel)


def _minimal(words: list[str]) -> list[str]:
    """Substring selectors: a word holding a shorter one is matched already ("footer" by
    "foot"); fewer parts make the one CSS pass over the page cheaper."""
    ordered = sorted(set(words), key=len)
    return [w for i, w in enumerate(ordered) if not any(v in w for v in ordered[:i])]


def footer_selectors() -> list[str]:
    """Selectors of likely site footers for the browser, strongest first (the footer
    screenshot, and the wait for a late footer)."""
    out = [*sorted(FOOTER_TAGS), *(f"[role={r}]" for r in sorted(FOOTER_ROLES))]
    hints = sorted([*FOOTER_WORDS, *FOOTER_TOKENS], key=lambda h: -h.weight)
    for h in hints:
        if h.weight >= 2:
            out += [f"#{h.word}", f".{h.word}"]
    return out


def looks_like(text: str, words: tuple[str, ...], whole: frozenset[str] = frozenset()) -> bool:
    """Any of ``words`` in ``text``, or any of ``whole`` as a part of one of its names."""
    low = text.lower()
    if any(w in low for w in words):
        return True
    return bool(whole) and any(whole.intersection(parts(t)) for t in re.split(r"[\s./]+", low))
