"""page/images.py pinned exactly: image sizes from the header bytes, data: URIs, spacer
images, declared sizes, which URL an <img> shows. Written from the mutants the older
tests let through (README, "Development")."""

from __future__ import annotations

import base64
import struct

import pytest
from selectolax.lexbor import LexborHTMLParser

from beian_check.page.images import (
    declared_size,
    decode_data_uri,
    image_size,
    image_source,
    is_placeholder_image,
)

URL = "https://example.cn/a/"


def png(width: int, height: int) -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", width, height) + b"\x08\x06\x00\x00\x00"
    )


def gif(width: int, height: int, version: bytes = b"89a") -> bytes:
    return b"GIF" + version + struct.pack("<HH", width, height) + b"\xf7\x00\x00"


@pytest.mark.parametrize(
    "data,size",
    [
        (png(20, 30), (20, 30)),
        # every byte of both fields counts
        (png(0x01020304, 0x05060708), (0x01020304, 0x05060708)),
        (png(1, 1)[:24], (1, 1)),  # the header is all it takes
        (png(1, 1)[:23], None),
        (png(1, 1).replace(b"PNG", b"png"), None),
        (gif(0x0102, 0x0304), (0x0102, 0x0304)),
        (gif(1, 1, b"87a"), (1, 1)),
        (gif(1, 1, b"87A"), None),
        (gif(1, 1)[:10], (1, 1)),
        (gif(1, 1)[:9], None),
        (b"<svg width='1' height='1'/>", None),
        (b"\xff\xd8\xff\xe0" + bytes(20), None),  # JPEG: no size read
    ],
)
def test_image_size(data: bytes, size: tuple[int, int] | None) -> None:
    assert image_size(data) == size


@pytest.mark.parametrize(
    "uri,decoded",
    [
        ("data:,a%20b", ("text/plain", b"a b")),
        ("data:text/plain,a,b", ("text/plain", b"a,b")),
        ("data:IMAGE/PNG;base64,aGk=", ("image/png", b"hi")),
        ("data:image/png;charset=x;base64,aGk", ("image/png", b"hi")),
        ("data: image/gif ;BASE64,aGk", ("image/gif", b"hi")),
        # wrapped base64, padding stripped: the line breaks do not count
        ("data:image/png;base64,aG\n k", ("image/png", b"hi")),
        ("data:image/png;base64,aGVsbG8\n", ("image/png", b"hello")),
        # wherever the break falls: between "XX" and "XX" too
        ("data:image/png;base64,XX\r\nXX", ("image/png", base64.b64decode("XXXX"))),
        ("data:image/png;base64,AAXX XXAA", ("image/png", base64.b64decode("AAXXXXAA"))),
        ("data:image/png;base64,a", None),
        ("data:image/png;base64", None),
        ("data:", None),
    ],
)
def test_decode_data_uri(uri: str, decoded: tuple[str, bytes] | None) -> None:
    assert decode_data_uri(uri) == decoded


def _img(attrs: str) -> object:
    node = LexborHTMLParser(f"<img {attrs}>").css_first("img")
    assert node is not None
    return node


def _data(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


@pytest.mark.parametrize(
    "src,attrs,placeholder",
    [
        ("/gongan.png", "", False),
        ("/gongan.png", 'width="1" height="1"', True),
        ("/gongan.png", 'width=" 0 " height="1"', True),
        ("/gongan.png", 'width="1" height="0"', True),
        ("/gongan.png", 'width="1" height="20"', False),
        ("/gongan.png", 'width="20" height="1"', False),
        ("/img/1x1.gif", "", True),
        ("/img/Blank.GIF", "", True),
        ("/img/loading.gif?v=2", "", True),
        (_data(png(1, 1)), "", True),
        (_data(gif(1, 1)), "", True),
        (_data(png(2, 1)), "", False),
        (_data(png(1, 2)), "", False),
        (_data(b"not an image"), "", False),
        # a header's sizes are unsigned: a corrupt one declaring 2**31 pixels is no spacer
        (_data(png(2**31, 1)), "", False),
        (_data(png(1, 2**32 - 1)), "", False),
        (_data(gif(40000, 1)), "", False),
        (_data(gif(1, 65535)), "", False),
        ("data:image/png;base64,a", "", False),
    ],
)
def test_is_placeholder_image(src: str, attrs: str, placeholder: bool) -> None:
    assert is_placeholder_image(src, _img(attrs)) is placeholder  # type: ignore[arg-type]
    if not attrs:
        assert is_placeholder_image(src) is placeholder


@pytest.mark.parametrize(
    "attrs,size",
    [
        ("", (None, None)),
        ('width="40" height="50"', (40.0, 50.0)),
        ('width=" 16px " height="16.5"', (16.0, 16.5)),
        ('width="100%" height="auto"', (None, None)),
        ('style="width: 20px; height:30px" width="40" height="50"', (20.0, 30.0)),
        ('style="Width:20PX" height="50"', (20.0, 50.0)),
        ('style="max-width: 100px; min-height: 9px"', (None, None)),
        ('style="height: 2.5px" width="7"', (7.0, 2.5)),
    ],
)
def test_declared_size(attrs: str, size: tuple[float | None, float | None]) -> None:
    assert declared_size(_img(attrs)) == size  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "attrs,src",
    [
        ('src="g.png"', URL + "g.png"),
        ('src=" g.png "', URL + "g.png"),
        ('src=""', None),
        ("", None),
        ('src="/blank.gif"', None),
        ('src="/blank.gif" srcset="/g.png 1x, /g2.png 2x"', "https://example.cn/g.png"),
        ('srcset="/g.png 1x, /g2.png 2x"', "https://example.cn/g.png"),
        ('srcset="/g.png, /g2.png 2x"', "https://example.cn/g.png"),
        ('data-srcset="/d.png 1x" srcset="/g.png 1x"', "https://example.cn/d.png"),
        ('srcset="/spacer.gif 1x" data-srcset=""', None),
        ('srcset="/spacer.gif 1x, /g.png 2x"', None),
        (f'srcset="{_data(png(16, 16))} 1x"', _data(png(16, 16))),
        (f'src="{_data(png(16, 16))}"', _data(png(16, 16))),
        (f'src="{_data(png(1, 1))}" data-src="/g.png"', "https://example.cn/g.png"),
        ('lay-src="/g.png" src="/loading.gif"', "https://example.cn/g.png"),
        # only the comma after a candidate is cut: a CDN key may end in any letter
        ('srcset="/i/Fq7X 1x, /i/Fq7X@2x 2x"', "https://example.cn/i/Fq7X"),
        ('srcset="/i/Fq7X, /i/Fq7X@2x 2x"', "https://example.cn/i/Fq7X"),
        # a 1x1 image is a spacer whichever attribute names its URL
        ('srcset="/g.png 1x" width="1" height="1"', None),
    ],
)
def test_image_source(attrs: str, src: str | None) -> None:
    assert image_source(_img(attrs), URL) == src  # type: ignore[arg-type]
