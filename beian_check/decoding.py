"""Bytes to text the way a browser does it (SPEC §4): BOM, then the HTTP charset, then
<meta> in the first bytes, then detection. Never Latin-1 by default: a GBK page read as
Latin-1 hides every filing number behind mojibake."""

from __future__ import annotations

import codecs
import re

_META = re.compile(rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]{1,40})""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]{1,40})""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# WHATWG: the GB family is decoded by the gb18030 decoder (a superset), a declared
# "latin1"/"ascii" means windows-1252, and a <meta> claiming UTF-16 means UTF-8.
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "euc_cn": "gb18030",
    "hz": "gb18030",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "utf_16": "utf-8",
    "utf_16_le": "utf-8",
    "utf_16_be": "utf-8",
    "big5": "big5hkscs",
}


def canonical_charset(label: str | None) -> str | None:
    """A Python codec name for a charset label, or None for an unknown label."""
    if not label:
        return None
    label = label.strip().lower()
    if label in ("x-user-defined", "replacement"):
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return _ALIASES.get(name.replace("-", "_"), name)


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER_CHARSET.search(content_type)
    return canonical_charset(m.group(1)) if m else None


def meta_charset(head: bytes) -> str | None:
    m = _META.search(head[:4096])
    name = canonical_charset(m.group(1).decode("ascii", "replace")) if m else None
    return "utf-8" if name in ("utf_16", "utf-16-le", "utf-16-be") else name


def _utf8_errors(data: bytes) -> int:
    # An incomplete sequence at the very end is a cut-off body, not an error.
    dec = codecs.getincrementaldecoder("utf-8")("replace")
    return dec.decode(data, final=False).count("\ufffd")


def detect(data: bytes) -> str:
    """Undeclared pages: UTF-8 when it nearly decodes (a stray bad byte on a UTF-8 page
    is common), else GB18030 (what mainland pages without a declaration mostly are),
    else Big5, else UTF-8 with replacement."""
    if data.isascii():
        return "utf-8"
    errors = _utf8_errors(data)
    if errors == 0 or errors * 200 < len(data) and errors < 8:
        return "utf-8"
    for name in ("gb18030", "big5hkscs"):
        try:
            codecs.getincrementaldecoder(name)("strict").decode(data, final=False)
            return name
        except UnicodeDecodeError:
            continue
    return "utf-8"


def sniff(data: bytes, content_type: str | None = None) -> tuple[str, int]:
    """-> (encoding, length of the BOM to skip), in the browser's order of precedence."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return header_charset(content_type) or meta_charset(data) or detect(data), 0


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used)."""
    name, skip = sniff(data, content_type)
    try:
        return data[skip:].decode(name, "replace"), name
    except LookupError:  # pragma: no cover - canonical_charset only returns known codecs
        return data[skip:].decode("utf-8", "replace"), "utf-8"
