"""Why a fetch failed, as a type: a kind plus the technical detail.

Retries, the HTTPS -> HTTP fallback and "badge broken or unverified" decide on the kind,
never on wording: exception texts change between library versions (lychee's ErrorKind
makes the same point). Exceptions are classified by type and errno only. The detail is
the exception's own text, for operators; owners read the catalogue message of the kind
(``fetch.<kind>`` in messages.py).
"""

from __future__ import annotations

import asyncio
import enum
import errno
import socket
import ssl
from dataclasses import dataclass

import aiohttp
import httpx
from aiohttp import http_exceptions

from .messages import Arg, Text
from .model import Finding


class Kind(enum.Enum):
    # Nothing answered: the connection never came up.
    DNS = "dns"
    REFUSED = "refused"
    CONNECT_FAILED = "connect-failed"  # unreachable network or host, reset while connecting
    CONNECT_TIMEOUT = "connect-timeout"
    TLS = "tls"
    PROXY = "proxy"
    BAD_URL = "bad-url"
    # Connected, then the response was not usable.
    READ_TIMEOUT = "read-timeout"
    SLOW_BODY = "slow-body"  # trickled in for longer than 3 x --timeout
    DROPPED = "dropped"  # closed or reset before a whole response came
    TOO_LARGE = "too-large"
    HEADERS_TOO_LARGE = "headers-too-large"
    BAD_RESPONSE = "bad-response"  # not HTTP, or malformed
    BAD_ENCODING = "bad-encoding"  # a gzip/deflate body that does not decode
    BAD_REDIRECT = "bad-redirect"  # a Location that is not a URL
    REDIRECT_LOOP = "redirect-loop"
    TOO_MANY_REDIRECTS = "too-many-redirects"
    HTTP_STATUS = "http-status"  # 4xx/5xx, or a redirect without a Location
    NOT_HTML = "not-html"
    EMPTY = "empty"
    # Not the site's doing.
    DEADLINE = "deadline"  # the whole target ran past --deadline
    NO_INDEX = "no-index"  # a build directory without index.html
    NO_FILE = "no-file"  # a key page or badge missing from the build
    OFFLINE = "offline"  # a badge on the network, seen from a build directory
    INTERNAL = "internal"
    WORKER_LOST = "worker-lost"
    OTHER = "other"  # an exception nobody classified (a bug to report)

    @property
    def key(self) -> str:
        """The owner-facing message in the catalogue."""
        return f"fetch.{self.value}"

    @property
    def connected(self) -> bool:
        """Whether a server answered at all (for a proxy: whether the proxy reached it).
        A fallback from HTTPS to HTTP is tried only when it did not."""
        return self not in _NOT_CONNECTED

    @property
    def retried(self) -> bool:
        """Whether a second try can change the outcome. Only a connection dropped after it
        was made: a host that did not connect in --timeout, refused, failed DNS or TLS
        does the same again (and a dead host must not hold a slot for minutes), a server
        that accepted and then sent nothing in --timeout is as slow the second time, and
        caps and protocol errors are the page's own."""
        return self is Kind.DROPPED

    @property
    def unverifiable(self) -> bool:
        """A badge that failed this way was never seen: it is unverified, not broken."""
        return not self.connected or self is Kind.READ_TIMEOUT


_NOT_CONNECTED = frozenset(
    {Kind.DNS, Kind.REFUSED, Kind.CONNECT_FAILED, Kind.CONNECT_TIMEOUT, Kind.TLS, Kind.PROXY, Kind.BAD_URL}
)


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed fetch: the kind decides, ``detail`` (one line) tells operators what the
    library said, ``args`` fill the owner message (a status, a size limit)."""

    kind: Kind
    detail: str = ""
    args: tuple[tuple[str, Arg], ...] = ()

    def text(self) -> Text:
        """What the owner reads, from the catalogue."""
        return Text(self.kind.key, self.args)

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.detail}" if self.detail else self.kind.value


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0][:200]}" if text else type(exc).__name__


# Exception types in the order they are tried: subclasses before their bases (aiohttp's
# proxy and TLS errors are ClientConnectorErrors, its timeouts are asyncio.TimeoutErrors).
_BY_TYPE: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], Kind], ...] = (
    ((aiohttp.ClientProxyConnectionError, aiohttp.ClientHttpProxyError, httpx.ProxyError), Kind.PROXY),
    ((aiohttp.ClientConnectorDNSError, socket.gaierror), Kind.DNS),
    ((aiohttp.ClientSSLError, ssl.SSLError, ssl.CertificateError), Kind.TLS),
    ((aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout), Kind.CONNECT_TIMEOUT),
    ((aiohttp.ServerTimeoutError, httpx.TimeoutException, asyncio.TimeoutError), Kind.READ_TIMEOUT),
    (
        (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol, httpx.InvalidURL),
        Kind.BAD_URL,
    ),
    ((http_exceptions.LineTooLong,), Kind.HEADERS_TOO_LARGE),
    ((http_exceptions.ContentEncodingError, httpx.DecodingError), Kind.BAD_ENCODING),
    ((http_exceptions.TransferEncodingError, http_exceptions.ContentLengthError), Kind.DROPPED),
    (
        (http_exceptions.HttpProcessingError, aiohttp.ClientResponseError, httpx.RemoteProtocolError),
        Kind.BAD_RESPONSE,
    ),
    ((aiohttp.ClientConnectorError, httpx.ConnectError), Kind.CONNECT_FAILED),
    (
        (
            aiohttp.ClientPayloadError,
            aiohttp.ClientConnectionError,
            httpx.ReadError,
            httpx.WriteError,
            ConnectionError,
        ),
        Kind.DROPPED,
    ),
)

_CONNECT_ERRNOS = {errno.ECONNREFUSED: Kind.REFUSED, errno.ETIMEDOUT: Kind.CONNECT_TIMEOUT}

# Errors that carry the real one as their cause: httpx's mapping of transport errors,
# aiohttp's response and payload errors around a parser error.
_WRAPPERS = (
    httpx.HTTPError,
    aiohttp.ClientResponseError,
    aiohttp.ClientPayloadError,
    http_exceptions.HttpProcessingError,
)


def _kind_of(exc: BaseException) -> Kind | None:
    if type(exc) is aiohttp.ClientConnectorError:  # not its DNS, TLS or proxy subclasses
        number = exc.os_error.errno
        if number in _CONNECT_ERRNOS:
            return _CONNECT_ERRNOS[number]
    if isinstance(exc, ConnectionRefusedError):
        return Kind.REFUSED
    for types, kind in _BY_TYPE:
        if isinstance(exc, types):
            return kind
    return None


def _classify(exc: BaseException) -> Kind | None:
    """Down the causes of wrappers (stopping at a cycle); the innermost that says
    something decides."""
    chain = [exc]
    while (
        isinstance(chain[-1], _WRAPPERS)
        and chain[-1].__cause__ is not None
        and chain[-1].__cause__ not in chain
    ):
        chain.append(chain[-1].__cause__)
    for link in reversed(chain):
        kind = _kind_of(link)
        if kind is not None:
            return kind
    return None


def classify(exc: BaseException) -> Failure:
    """The kind of a fetch exception, by type and errno. A wrapper's cause decides when it
    is classifiable: a LineTooLong inside aiohttp's ClientResponseError, an aiohttp error
    inside an httpx one."""
    return Failure(_classify(exc) or Kind.OTHER, first_line(exc))


def fetch_failed(url: str, failure: Failure) -> Finding:
    """The finding for a target that could not be checked: the owner reads the kind's
    message, the operator the detail."""
    return Finding("fetch-failed", url, detail=failure.detail, args=(("reason", failure.text()),))
