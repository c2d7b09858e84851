"""Recognising the public-security badge by its pixels (emblem.py). The official image is
not in this repository (only its hash is): robustness is tested on an authored emblem-like
drawing whose hash stands in for the official one."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw

from beian_check import emblem


def encode(im: Image.Image, fmt: str = "PNG", **kw: int) -> bytes:
    out = io.BytesIO()
    im.save(out, fmt, **kw)
    return out.getvalue()


def emblem_like(size: int = 80) -> Image.Image:
    """A gold wreath, a dark blue ring, a red centre with a gold star: the shape and the
    colours of the badge, drawn here."""
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    s = size
    d.ellipse([s * 0.05, s * 0.05, s * 0.95, s * 0.95], fill=(226, 178, 80, 255))
    d.ellipse([s * 0.18, s * 0.14, s * 0.82, s * 0.78], fill=(10, 10, 110, 255))
    d.ellipse([s * 0.25, s * 0.21, s * 0.75, s * 0.71], fill=(214, 31, 24, 255))
    star = [
        (0.5, 0.28),
        (0.56, 0.45),
        (0.68, 0.45),
        (0.58, 0.55),
        (0.62, 0.68),
        (0.5, 0.6),
        (0.38, 0.68),
        (0.42, 0.55),
        (0.32, 0.45),
        (0.44, 0.45),
    ]
    d.polygon([(s * x, s * y) for x, y in star], fill=(255, 210, 88, 255))
    d.rectangle([s * 0.3, s * 0.82, s * 0.7, s * 0.92], fill=(200, 150, 60, 255))
    # the wreath's leaves and the ribbon are not symmetric pixel for pixel
    leaves = [(0.1, 0.45), (0.16, 0.3), (0.26, 0.16), (0.84, 0.52), (0.8, 0.36), (0.7, 0.2), (0.2, 0.66)]
    for i, (x, y) in enumerate(leaves):
        d.ellipse(
            [s * x - s * 0.05, s * y - s * 0.04, s * x + s * 0.05, s * y + s * 0.04],
            fill=(170 + 10 * i, 120 + 5 * i, 30, 255),
        )
    d.line([s * 0.22, s * 0.86, s * 0.45, s * 0.95], fill=(150, 20, 20, 255), width=max(1, s // 20))
    return im


def red_seal(size: int = 40) -> Image.Image:
    """A red shield with a white mark: the shape of the business-licence 工商/红盾 icons."""
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    s = size
    d.polygon(
        [
            (s * 0.1, s * 0.08),
            (s * 0.9, s * 0.08),
            (s * 0.9, s * 0.5),
            (s * 0.5, s * 0.95),
            (s * 0.1, s * 0.5),
        ],
        fill=(205, 22, 30, 255),
    )
    d.rectangle([s * 0.3, s * 0.28, s * 0.7, s * 0.38], fill=(255, 255, 255, 255))
    d.rectangle([s * 0.45, s * 0.2, s * 0.55, s * 0.7], fill=(255, 255, 255, 255))
    return im


def on_white(im: Image.Image) -> Image.Image:
    bg = Image.new("RGB", im.size, (255, 255, 255))
    bg.paste(im, mask=im.getchannel("A"))
    return bg


BASE = emblem_like().resize((20, 20), Image.Resampling.LANCZOS)  # one raster, copied around


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    found = emblem.fingerprint(encode(BASE))
    assert found is not None
    monkeypatch.setattr(emblem, "EMBLEM_HASH", found.phash)
    monkeypatch.setattr(emblem, "EMBLEM_DCT", found.dct)


@pytest.mark.parametrize("size", [16, 18, 20, 24, 32, 36, 40, 48, 64])
@pytest.mark.parametrize("fmt", ["png", "jpeg50", "jpeg85", "gif", "webp"])
def test_the_badge_is_recognised_at_common_sizes_and_recompressions(
    stand_in: None, size: int, fmt: str
) -> None:
    im = BASE.resize((size, size), Image.Resampling.LANCZOS)
    if fmt == "png":
        data = encode(im)
    elif fmt.startswith("jpeg"):
        data = encode(on_white(im), "JPEG", quality=int(fmt[4:]))
    elif fmt == "gif":
        data = encode(on_white(im).convert("P", palette=Image.Palette.ADAPTIVE), "GIF")
    else:
        data = encode(im, "WEBP", quality=70)
    assert emblem.verdict(data) == emblem.OFFICIAL


def test_padding_around_the_badge_does_not_matter(stand_in: None) -> None:
    canvas = Image.new("RGBA", (60, 44), (0, 0, 0, 0))
    canvas.alpha_composite(BASE.resize((36, 36), Image.Resampling.LANCZOS), (12, 4))
    assert emblem.verdict(encode(canvas)) == emblem.OFFICIAL


@pytest.mark.parametrize("colour", [(32, 64, 192), (200, 20, 30), (230, 180, 80), (0, 0, 0), (255, 255, 255)])
@pytest.mark.parametrize("size", [16, 18, 20, 32])
def test_plain_squares_are_never_called_wrong(
    stand_in: None, colour: tuple[int, int, int], size: int
) -> None:
    """Synthetic test badges (a coloured square named gongan.png) on compliant pages."""
    square = Image.new("RGB", (size, size), colour)
    for data in (encode(square), encode(square, "GIF"), encode(square, "JPEG", quality=80)):
        assert emblem.verdict(data) == emblem.UNKNOWN


@pytest.mark.parametrize("size", [18, 24, 40, 64])
def test_a_red_seal_is_confidently_something_else(stand_in: None, size: int) -> None:
    assert emblem.verdict(encode(red_seal(size))) == emblem.OTHER
    assert emblem.verdict(encode(on_white(red_seal(size)), "JPEG", quality=85)) == emblem.OTHER


def test_the_shipped_hash_does_not_match_the_stand_ins() -> None:
    """Without the stand-in, the drawing is no official badge, and no plain square is."""
    for im in (BASE, Image.new("RGB", (20, 20), (32, 64, 192))):
        assert emblem.verdict(encode(im)) != emblem.OFFICIAL
    assert emblem.EMBLEM_HASH.bit_length() <= 63 and len(emblem.EMBLEM_DCT) == 63


def test_a_blue_and_gold_logo_is_unknown_not_wrong(stand_in: None) -> None:
    im = Image.new("RGB", (40, 40), (255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rectangle([4, 4, 36, 20], fill=(20, 60, 200))
    d.ellipse([10, 22, 30, 38], fill=(230, 180, 60))
    assert emblem.verdict(encode(im)) == emblem.UNKNOWN


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        b"GIF89a\x01",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        _png_header(60000, 60000),  # a decompression bomb is not decoded
        _png_header(20, 20),  # truncated pixel data
    ],
)
def test_what_does_not_decode_is_unknown(data: bytes) -> None:
    assert emblem.verdict(data) == emblem.UNKNOWN


def test_distance_and_similarity() -> None:
    assert emblem.distance(0b1011, 0b0001) == 2
    assert emblem.similarity((1.0, 2.0), (2.0, 4.0)) == pytest.approx(1.0)
    assert emblem.similarity((1.0, 0.0), (0.0, 1.0)) == 0.0
    assert emblem.similarity((0.0, 0.0), (1.0, 1.0)) == 0.0


def _crawl(footer: str, images: dict[str, bytes]) -> list[str]:
    import asyncio

    import respx

    from .conftest import crawl_with

    html = f"<html><body><main>{'内容' * 200}</main><footer>{footer}</footer></body></html>"
    router = respx.Router(assert_all_called=False)
    router.get("http://shop.test/").respond(200, html=html)
    for path, data in images.items():
        router.get(f"http://shop.test{path}").respond(
            200, content=data, headers={"content-type": "image/png"}
        )
    router.route().respond(404)
    result = asyncio.run(crawl_with(router, "http://shop.test/"))
    return [f.code for f in result.findings]


ICP = '<a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a>'
PSB = (
    '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备11010502030143号</a>'
)


def test_a_seal_before_the_number_is_reported_by_its_pixels() -> None:
    seal = encode(red_seal(24))
    assert _crawl(f'{ICP} <img src="/i/icon1.png">{PSB}', {"/i/icon1.png": seal}) == ["psb-icon-wrong"]


def test_a_plain_test_badge_named_like_the_badge_passes() -> None:
    square = encode(Image.new("RGB", (18, 18), (32, 64, 192)))
    assert _crawl(f'{ICP} <img src="/static/beian.png">{PSB}', {"/static/beian.png": square}) == []
    # its name says nothing either way: still not wrong
    assert _crawl(f'{ICP} <img src="/static/x.png">{PSB}', {"/static/x.png": square}) == []
