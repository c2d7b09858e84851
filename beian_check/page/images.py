"""Images on a page: which URL an <img> really shows, spacers, data: URIs. Pure."""

from __future__ import annotations

import base64
import binascii
import re
import struct
from urllib.parse import unquote_to_bytes

from selectolax.lexbor import LexborNode

from ..heuristics import LAZY_ATTRS, PLACEHOLDER_NAMES, SRCSET_ATTRS
from ..links import resolve_url


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR or a GIF's screen descriptor."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return width, height
    return None


def decode_data_uri(uri: str) -> tuple[str, bytes] | None:
    """data:[mime][;base64],payload -> (mime, bytes); None when it does not decode."""
    try:
        head, payload = uri[5:].split(",", 1)
    except ValueError:
        return None
    mime = head.split(";")[0].strip().lower() or "text/plain"
    if ";base64" in head.lower():
        try:
            # Line breaks inside are skipped; surplus padding is harmless in non-strict mode.
            return mime, base64.b64decode(re.sub(r"\s+", "", payload) + "==")
        except (binascii.Error, ValueError):
            return None
    return mime, unquote_to_bytes(payload)


def is_placeholder_image(src: str, node: LexborNode | None = None) -> bool:
    """1x1 spacers that lazy loaders put in src until the real image arrives."""
    if node is not None:
        a = node.attributes
        if (a.get("width") or "").strip() in ("0", "1") and (a.get("height") or "").strip() in ("0", "1"):
            return True
    if src.startswith("data:"):
        decoded = decode_data_uri(src)
        if decoded is None:
            return False
        size = image_size(decoded[1])
        return size is not None and size[0] <= 1 and size[1] <= 1
    low = src.lower()
    return any(p in low for p in PLACEHOLDER_NAMES)


def image_source(node: LexborNode, base_url: str) -> str | None:
    """The URL an <img> really shows: lazy-load attributes first, no placeholders."""
    attrs = node.attributes
    for name in LAZY_ATTRS:
        value = (attrs.get(name) or "").strip()
        if not value or is_placeholder_image(value, node):
            continue
        if value.startswith("data:"):
            return value
        return resolve_url(base_url, value)
    for name in SRCSET_ATTRS:
        # A candidate's URL runs to the first white space (a data: URI holds commas);
        # commas after it separate candidates.
        tokens = (attrs.get(name) or "").split()
        first = tokens[0].rstrip(",") if tokens else ""
        if first and not is_placeholder_image(first, node):
            return first if first.startswith("data:") else resolve_url(base_url, first)
    return None


_PX = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
_STYLE_SIZE = re.compile(r"(?<![-\w])(width|height)\s*:\s*(\d+(?:\.\d+)?)px", re.IGNORECASE)


def declared_size(node: LexborNode) -> tuple[float | None, float | None]:
    """Width and height from the attributes or the inline style, in CSS pixels."""
    attrs = node.attributes
    out: dict[str, float] = {}
    for m in _STYLE_SIZE.finditer(attrs.get("style") or ""):
        out[m.group(1).lower()] = float(m.group(2))
    for name in ("width", "height"):
        px = _PX.match(attrs.get(name) or "")
        if px and name not in out:
            out[name] = float(px.group(1))
    return out.get("width"), out.get("height")
