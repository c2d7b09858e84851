"""What an element's tag, class, id, role and itemprop say about it (one table lookup
per distinct combination): footer hint weight, header, main content, sidebar, post content,
application-shell root, a possible CSS badge. The words come from heuristics/table.py."""

from __future__ import annotations

from dataclasses import dataclass

from ..heuristics import (
    BADGE_PARTS,
    BADGE_WORDS,
    FOOTER_ROLES,
    FOOTER_TAGS,
    HEADER_TAGS,
    HEADER_TOKENS,
    HEADER_WORDS,
    ICON_WORDS,
    MAIN_ROLES,
    MAIN_TAGS,
    MAIN_TOKENS,
    POST_BODIES,
    POST_ITEMPROPS,
    POST_REPEATED,
    POST_SUBJECTS,
    POST_TAGS,
    POST_TOKENS,
    SHELL_IDS,
    SIDE_TAGS,
    SIDE_WORDS,
    footer_weight,
    parts,
)

# Post-content kinds.
STRONG, MICRODATA, REPEATED = "strong", "microdata", "repeated"


@dataclass(frozen=True, slots=True)
class Kind:
    """What an element's tag, class, id, role and itemprop say about it."""

    footer: int = 0  # footer hint weight (0: none)
    header: bool = False
    main: bool = False
    side: bool = False
    post: str = ""  # "", STRONG, MICRODATA or REPEATED (post content when repeated)
    shell_root: bool = False
    exturl: bool = False
    icon_hint: bool = False  # an empty element with this class may be a CSS badge

    @property
    def interesting(self) -> bool:
        return bool(self.footer or self.header or self.main or self.side or self.post)


_PLAIN = Kind()
_KINDS: dict[tuple[str, str | None, str | None, str | None, str | None], Kind] = {}


def _post_kind(tag: str, tokens: list[str], itemprop: str | None) -> str:
    if tag in POST_TAGS:
        return STRONG
    repeated = False
    for token in tokens:
        split = set(parts(token))
        if token in POST_TOKENS or (split & POST_SUBJECTS and split & POST_BODIES and len(split) > 1):
            return STRONG
        repeated = repeated or bool(split & POST_REPEATED)
    if (itemprop or "").lower() in POST_ITEMPROPS:
        return MICRODATA
    return REPEATED if repeated else ""


def classify(tag: str, cls: str | None, ident: str | None, role: str | None, itemprop: str | None) -> Kind:
    """Memoised: pages repeat the same few class names hundreds of times."""
    key = (tag, cls, ident, role, itemprop)
    kind = _KINDS.get(key)
    if kind is not None:
        return kind
    tokens = (cls or "").lower().split()
    if ident:
        tokens.append(ident.lower())
    if not tokens and role is None and itemprop is None and tag not in _NAMED_TAGS:
        kind = _PLAIN
    else:
        kind = _classify(tag, tokens, (role or "").lower(), itemprop)
    if len(_KINDS) > 4096:
        _KINDS.clear()
    _KINDS[key] = kind
    return kind


_NAMED_TAGS = FOOTER_TAGS | HEADER_TAGS | MAIN_TAGS | POST_TAGS | SIDE_TAGS


def _classify(tag: str, tokens: list[str], role: str, itemprop: str | None) -> Kind:
    footer = 4 if tag in FOOTER_TAGS or role in FOOTER_ROLES else footer_weight(tokens)
    split = {p for t in tokens for p in parts(t)}
    header = (
        not footer
        and tag not in ("body", "html")
        and (tag in HEADER_TAGS or bool(split & HEADER_WORDS) or any(t in HEADER_TOKENS for t in tokens))
    )
    main = tag in MAIN_TAGS or role in MAIN_ROLES or any(t in MAIN_TOKENS for t in tokens)
    joined = " ".join(tokens)
    return Kind(
        footer=footer,
        header=header,
        main=main and not footer,
        side=not footer and (tag in SIDE_TAGS or bool(split & SIDE_WORDS)),
        # A footer hint wins: .footer-desc holds the marks, it is no excerpt.
        post="" if footer else _post_kind(tag, tokens, itemprop),
        shell_root=tag in ("div", "section", "main") and any(t in SHELL_IDS for t in tokens),
        exturl=tag == "span" and "exturl" in tokens,
        icon_hint=any(w in joined for w in BADGE_WORDS + ICON_WORDS) or bool(split & BADGE_PARTS),
    )


__all__ = ["MICRODATA", "REPEATED", "STRONG", "Kind", "classify"]
