"""outcome.classify by type and errno, on the exceptions aiohttp, httpx and the standard
library raise (built here; test_fetch.py meets the same ones on real sockets)."""

from __future__ import annotations

import errno
import socket
import ssl

import aiohttp
import httpx
import pytest
from aiohttp import http_exceptions
from aiohttp.client_reqrep import ConnectionKey
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from beian_check.outcome import Failure, Kind, classify, first_line

KEY = ConnectionKey("example.cn", 443, True, True, None, None, None, "example.cn")
INFO = aiohttp.RequestInfo(
    URL("https://example.cn/"), "GET", CIMultiDictProxy(CIMultiDict()), URL("https://example.cn/")
)


def connector(os_error: OSError) -> aiohttp.ClientConnectorError:
    return aiohttp.ClientConnectorError(KEY, os_error)


def caused(outer: BaseException, inner: BaseException) -> BaseException:
    outer.__cause__ = inner
    return outer


def response_error() -> aiohttp.ClientResponseError:
    return aiohttp.ClientResponseError(INFO, (), status=400, message="bad")


@pytest.mark.parametrize(
    "exc,kind",
    [
        (connector(ConnectionRefusedError(errno.ECONNREFUSED, "refused")), Kind.REFUSED),
        (connector(OSError(errno.ETIMEDOUT, "timed out")), Kind.CONNECT_TIMEOUT),
        (connector(OSError(errno.ENETUNREACH, "unreachable")), Kind.CONNECT_FAILED),
        (connector(OSError(errno.EHOSTUNREACH, "no route")), Kind.CONNECT_FAILED),
        (connector(OSError(None, "odd")), Kind.CONNECT_FAILED),
        (aiohttp.ClientConnectorDNSError(KEY, OSError(None, "Domain name not found")), Kind.DNS),
        (socket.gaierror(-2, "Name or service not known"), Kind.DNS),
        (aiohttp.ClientConnectorCertificateError(KEY, ssl.SSLCertVerificationError("bad")), Kind.TLS),
        (aiohttp.ClientConnectorSSLError(KEY, ssl.SSLError("wrong version")), Kind.TLS),
        (ssl.SSLError(1, "handshake failure"), Kind.TLS),
        (aiohttp.ClientProxyConnectionError(KEY, OSError(errno.ECONNREFUSED, "proxy")), Kind.PROXY),
        (httpx.ProxyError("407"), Kind.PROXY),
        (aiohttp.ConnectionTimeoutError("connect"), Kind.CONNECT_TIMEOUT),
        (httpx.ConnectTimeout("connect"), Kind.CONNECT_TIMEOUT),
        (aiohttp.SocketTimeoutError("read"), Kind.READ_TIMEOUT),
        (httpx.ReadTimeout("read"), Kind.READ_TIMEOUT),
        (TimeoutError(), Kind.READ_TIMEOUT),
        (ConnectionRefusedError(), Kind.REFUSED),
        (ConnectionResetError(), Kind.DROPPED),
        (aiohttp.ServerDisconnectedError(), Kind.DROPPED),
        (aiohttp.ClientPayloadError("cut"), Kind.DROPPED),
        (httpx.ReadError("reset"), Kind.DROPPED),
        (caused(aiohttp.ClientPayloadError("x"), http_exceptions.ContentLengthError("short")), Kind.DROPPED),
        (
            caused(aiohttp.ClientPayloadError("x"), http_exceptions.ContentEncodingError("gzip")),
            Kind.BAD_ENCODING,
        ),
        (httpx.DecodingError("gzip"), Kind.BAD_ENCODING),
        (
            caused(
                response_error(),
                caused(http_exceptions.HttpProcessingError(), http_exceptions.LineTooLong(b"x", 9)),
            ),
            Kind.HEADERS_TOO_LARGE,
        ),
        (caused(response_error(), http_exceptions.BadStatusLine("SSH-2.0")), Kind.BAD_RESPONSE),
        (response_error(), Kind.BAD_RESPONSE),
        (httpx.RemoteProtocolError("bad"), Kind.BAD_RESPONSE),
        (aiohttp.InvalidURL("http://[::1/"), Kind.BAD_URL),
        (aiohttp.NonHttpUrlClientError("ftp://x/"), Kind.BAD_URL),
        (httpx.UnsupportedProtocol("ftp"), Kind.BAD_URL),
        (caused(httpx.ConnectError("mapped"), aiohttp.ConnectionTimeoutError("x")), Kind.CONNECT_TIMEOUT),
        (
            caused(
                httpx.ConnectTimeout("mis-mapped"), connector(ConnectionRefusedError(errno.ECONNREFUSED, "r"))
            ),
            Kind.REFUSED,
        ),
        (httpx.ConnectError("x"), Kind.CONNECT_FAILED),
        (RuntimeError("a bug"), Kind.OTHER),
    ],
)
def test_classify(exc: BaseException, kind: Kind) -> None:
    assert classify(exc).kind is kind


def test_a_cause_that_says_nothing_leaves_the_wrapper_to_decide() -> None:
    assert classify(caused(httpx.ReadTimeout("read"), RuntimeError("?"))).kind is Kind.READ_TIMEOUT


def test_cyclic_causes_end() -> None:
    a, b = httpx.ReadError("a"), httpx.ReadError("b")
    a.__cause__, b.__cause__ = b, a
    assert classify(a).kind is Kind.DROPPED


def test_detail_is_the_first_line_of_the_exception() -> None:
    assert first_line(ValueError("first\nsecond")) == "ValueError: first"
    assert first_line(ValueError("  ")) == "ValueError"
    assert first_line(TimeoutError()) == "TimeoutError"
    assert first_line(ValueError("x" * 300)) == "ValueError: " + "x" * 200
    assert classify(ValueError("boom\nmore")).detail == "ValueError: boom"


def test_failure_as_text() -> None:
    assert str(Failure(Kind.DNS, "gaierror: x")) == "dns: gaierror: x"
    assert str(Failure(Kind.EMPTY)) == "empty"
    t = Failure(Kind.HTTP_STATUS, "", (("status", 404),)).text()
    assert (t.key, t.args, t.render("en")) == ("fetch.http-status", (("status", 404),), "HTTP 404")
