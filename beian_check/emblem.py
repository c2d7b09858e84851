"""Is this image the public-security badge? Pure: image bytes in, a verdict out.

The official badge (备案图标, the Ministry of Public Security emblem: a gold wreath, a dark
blue ring, a red centre) is recognised by a perceptual hash (a DCT hash of the
grey-scale image, as pHash computes it) and its colours, so it is found at the common
sizes (16 to 64 px), recompressed as JPEG or WebP, or converted to a palette. The project
ships the 64-bit hash and the colour shares of the emblem, never the image.

The verdict is "official", "other" or "unknown". "other" is given only when the image is
confidently something else: a detailed, red-dominated seal without the emblem's blue ring
(the business-licence 工商/红盾 icons, 电子营业执照 seals). A plain coloured square, a
site logo or anything the hash cannot place is "unknown": never reported as wrong.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import math
import warnings
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageChops

OFFICIAL, OTHER, UNKNOWN = "official", "other", "unknown"

# The emblem's signature, computed from the platform's 20x20 image (as hexo-theme-fluid
# ships it, police_beian.png): its 63-bit pHash, and the 63 DCT coefficients it is made of
# (an 8x8 low-frequency summary: the image cannot be rebuilt from it). Measured: resizes to
# 14-96 px, JPEG quality 50-90, GIF palettes, WebP, 3-6 degree rotations and a 36x40 canvas
# stay within 10 bits and above 0.98 similarity; 5,285 unrelated icons (Adwaita and other
# system icon sets) are 16 bits or more away and at most 0.91 similar.
EMBLEM_HASH = 0x3B33D4C591CE8664
EMBLEM_DCT: tuple[float, ...] = (
    -1464,
    29598,
    1065,
    10796,
    -577,
    351,
    584,
    -5785,
    -140,
    4535,
    516,
    -360,
    -523,
    319,
    171,
    22493,
    311,
    -2278,
    339,
    -6602,
    228,
    -876,
    -645,
    3442,
    442,
    -54,
    -802,
    -3721,
    51,
    -2197,
    577,
    2363,
    -137,
    -1244,
    196,
    -1875,
    -658,
    -1647,
    709,
    7715,
    165,
    -6226,
    -166,
    1502,
    54,
    3546,
    -52,
    1683,
    -9,
    -681,
    -447,
    -2038,
    467,
    2731,
    -59,
    -2980,
    292,
    2001,
    -541,
    -51,
    432,
    -87,
    -425,
)
EMBLEM_MAX_DISTANCE = 12
EMBLEM_MIN_SIMILARITY = 0.93
FAR_DISTANCE = 20
FAR_SIMILARITY = 0.80
_MAX_PIXELS = 4096 * 4096  # a "badge" bigger than this is not decoded at all
_SIDE = 32


@dataclass(frozen=True, slots=True)
class Colours:
    """Shares of the image's coloured (non-white, non-transparent) pixels."""

    red: float
    gold: float
    blue: float
    coloured: float  # share of all pixels that are coloured
    flat: bool  # one colour (a synthetic square): nothing to recognise


@dataclass(frozen=True, slots=True)
class Print:
    phash: int
    dct: tuple[float, ...]  # the 63 low-frequency DCT coefficients the hash is made of
    colours: Colours


def _image(data: bytes) -> Image.Image | None:
    """Decoded, on white, cropped to its content, padded to a square; None when it does
    not decode (SVG, truncated data, a decompression bomb)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            im = Image.open(io.BytesIO(data))
            if im.width * im.height > _MAX_PIXELS:
                return None
            im.seek(0)
            rgba = im.convert("RGBA")
    except Exception:  # noqa: BLE001 - any undecodable image is "unknown"
        return None
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    white.alpha_composite(rgba)
    rgb = white.convert("RGB")
    box = _content_box(rgb)
    if box is not None:
        rgb = rgb.crop(box)
    side = max(rgb.size)
    square = Image.new("RGB", (side, side), (255, 255, 255))
    square.paste(rgb, ((side - rgb.width) // 2, (side - rgb.height) // 2))
    return square


def _content_box(rgb: Image.Image) -> tuple[int, int, int, int] | None:
    """The box around everything that is not (near) white: padding around the emblem
    would shift the hash."""
    ink = ImageChops.invert(rgb.convert("L")).point(lambda v: 255 if v > 24 else 0)
    return ink.getbbox()


def _pixels(im: Image.Image) -> list[Any]:
    flat = getattr(im, "get_flattened_data", None)  # Pillow 12+; getdata is deprecated
    return list(flat() if flat is not None else im.getdata())


def _dct_rows(rows: list[list[float]], keep: int) -> list[list[float]]:
    n = len(rows[0])
    table = [[math.cos(math.pi * (2 * x + 1) * u / (2 * n)) for x in range(n)] for u in range(keep)]
    return [[sum(c * v for c, v in zip(table[u], row, strict=True)) for u in range(keep)] for row in rows]


def _dct(square: Image.Image) -> tuple[float, ...]:
    grey = square.convert("L").resize((_SIDE, _SIDE), Image.Resampling.LANCZOS)
    px = _pixels(grey)
    rows = [[float(v) for v in px[y * _SIDE : (y + 1) * _SIDE]] for y in range(_SIDE)]
    low = _dct_rows(rows, 8)  # 32 rows x 8
    cols = [[low[y][u] for y in range(_SIDE)] for u in range(8)]
    coeffs = _dct_rows(cols, 8)  # 8 x 8, [u][v]
    return tuple(coeffs[u][v] for v in range(8) for u in range(8))[1:]  # without the DC term


def _phash(dct: tuple[float, ...]) -> int:
    median = sorted(dct)[len(dct) // 2]
    out = 0
    for value in dct:
        out = (out << 1) | (value > median)
    return out


def similarity(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """Cosine of two DCT signatures: near 1 for the same picture at another size or
    compression; the coefficients a symmetric emblem leaves near zero (whose hash bits
    flip at random) weigh nothing here."""
    norm = math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))
    return sum(x * y for x, y in zip(a, b, strict=True)) / norm if norm else 0.0


def _hue_class(r: int, g: int, b: int) -> str:
    h, s, v = colorsys.rgb_to_hsv(r / 255, g / 255, b / 255)
    hue = h * 360
    if s > 0.35 and v > 0.25:
        if hue < 18 or hue > 340:
            return "red"
        if 25 <= hue <= 65:
            return "gold"
        if 195 <= hue <= 265:
            return "blue"
    elif v < 0.45 and s > 0.3 and 195 <= hue <= 265:
        return "blue"  # the emblem's ring is a very dark blue
    return ""


def _colours(square: Image.Image) -> Colours:
    px = _pixels(square.resize((16, 16), Image.Resampling.BOX))
    counts = {"red": 0, "gold": 0, "blue": 0, "": 0}
    coloured = 0
    seen: set[tuple[int, int, int]] = set()
    for r, g, b in px:
        seen.add((r // 48, g // 48, b // 48))
        if min(r, g, b) > 235:
            continue  # white background
        coloured += 1
        counts[_hue_class(r, g, b)] += 1
    n = max(coloured, 1)
    return Colours(
        counts["red"] / n, counts["gold"] / n, counts["blue"] / n, coloured / len(px), len(seen) <= 2
    )


_PRINTS: dict[bytes, Print | None] = {}


def fingerprint(data: bytes) -> Print | None:
    """Memoised by digest: decoding and the DCT cost ~1 ms in pure Python, and most
    sites serve one of a few badge files."""
    key = hashlib.blake2b(data, digest_size=16).digest()
    if key not in _PRINTS:
        if len(_PRINTS) >= 4096:
            _PRINTS.clear()
        _PRINTS[key] = _fingerprint(data)
    return _PRINTS[key]


def _fingerprint(data: bytes) -> Print | None:
    square = _image(data)
    if square is None:
        return None
    dct = _dct(square)
    return Print(_phash(dct), dct, _colours(square))


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def verdict(data: bytes) -> str:
    """ "official" (the public-security badge), "other" (confidently another seal, such
    as a business-licence icon) or "unknown"."""
    found = fingerprint(data)
    if found is None:
        return UNKNOWN
    bits = distance(found.phash, EMBLEM_HASH)
    alike = similarity(found.dct, EMBLEM_DCT)
    # Calling a copy "official" only ever spares a finding, so the bar is low.
    if bits <= EMBLEM_MAX_DISTANCE or alike >= EMBLEM_MIN_SIMILARITY:
        return OFFICIAL
    c = found.colours
    if (
        bits >= FAR_DISTANCE
        and alike < FAR_SIMILARITY
        and not c.flat
        and c.coloured >= 0.2
        and c.red >= 0.45
        and c.blue < 0.02
    ):
        return OTHER
    return UNKNOWN
