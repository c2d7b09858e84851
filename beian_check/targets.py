"""Targets file text -> targets, or every bad line as ``FILE:LINE: reason`` (SPEC §6)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

import idna

from .numbers import ExpectedNumberError, parse_expected_icp, parse_expected_psb
from .rules import Expectation

KEYS = ("icp", "psb", "pages", "online")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True)
class Target:
    raw: str                              # exactly as written: the report's "target"
    url: str | None = None                # a URL target, fetched as given
    domain: str | None = None             # a bare domain (ASCII), tried https then http
    directory: Path | None = None         # a static-site build, checked offline
    expect: Expectation = field(default_factory=Expectation)
    pages: tuple[str, ...] = ()
    where: str = ""                       # FILE:LINE, for messages

    @property
    def key(self) -> str:
        """Identity for de-duplication."""
        if self.directory is not None:
            return f"dir:{self.directory.resolve()}"
        if self.domain is not None:
            return f"domain:{self.domain}"
        return f"url:{self.url}"

    @property
    def start_urls(self) -> list[str]:
        if self.url is not None:
            return [self.url]
        return [f"https://{self.domain}/", f"http://{self.domain}/"]


class TargetsError(Exception):
    """Every bad line, as ``FILE:LINE: reason``."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def ascii_host(host: str) -> str:
    """Validate a host name (IDN or punycode, IPv4/IPv6) and return its ASCII form."""
    host = host.strip().rstrip(".").lower()
    if not host:
        raise ValueError("empty host")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as e:
            raise ValueError(f"invalid domain name ({e})") from None
    labels = host.split(".")
    if len(host) > 253 or any(not _LABEL.match(label) for label in labels):
        raise ValueError("invalid domain name")
    if len(labels) < 2 and host != "localhost":
        raise ValueError("a domain needs at least two labels, e.g. example.com")
    if labels[-1].isdigit():
        raise ValueError("invalid domain name")
    return host


def _parse_target(word: str) -> tuple[str | None, str | None]:
    """-> (url, domain)."""
    if "://" in word:
        try:
            parts = urlsplit(word)
            port = parts.port  # raises on a bad port
        except ValueError as e:
            raise ValueError(f"invalid URL ({e})") from None
        if parts.scheme.lower() not in ("http", "https"):
            raise ValueError(f"unsupported URL scheme {parts.scheme!r} (use http or https)")
        if not parts.hostname:
            raise ValueError("invalid URL (no host)")
        host = ascii_host(parts.hostname)
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{port}" if port is not None else "")
        path = parts.path or "/"
        url = f"{parts.scheme.lower()}://{netloc}{path}" + (f"?{parts.query}" if parts.query else "")
        return url, None
    host, _, port = word.rstrip("/").partition(":")
    if "/" in word.rstrip("/"):
        raise ValueError("invalid domain (a path needs a full URL such as https://example.com/about)")
    domain = ascii_host(host)
    if port:
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"invalid port {port!r}")
        domain = f"{domain}:{int(port)}"
    return None, domain


def _parse_pages(value: str) -> tuple[str, ...]:
    pages = tuple(p.strip() for p in value.split(",") if p.strip())
    if not pages:
        raise ValueError("pages= needs paths such as /about,/contact")
    for p in pages:
        if not p.startswith("/") or any(c.isspace() for c in p):
            raise ValueError(f"pages=: {p!r} is not a path starting with /")
    return pages


def parse_line(line: str, where: str = "") -> Target | None:
    """One line -> Target, None for blank/comment lines; ValueError with the reason."""
    # '#' starts a comment at the start of a line or after white space; inside a URL it is
    # a fragment.
    line = re.sub(r"(^|\s)#.*$", "", line).strip()
    if not line:
        return None
    words = line.split()
    raw = words[0]
    url, domain = _parse_target(raw)
    fields: dict[str, str] = {}
    for word in words[1:]:
        key, eq, value = word.partition("=")
        if not eq:
            raise ValueError(f"expected key=value after the target, got {word!r}")
        if key not in KEYS:
            raise ValueError(f"unknown key {key!r} (known: {', '.join(KEYS)})")
        if key in fields:
            raise ValueError(f"{key}= given twice")
        fields[key] = value
    icp = psb = online = None
    pages: tuple[str, ...] = ()
    try:
        if "icp" in fields:
            icp = parse_expected_icp(fields["icp"])
        if "psb" in fields:
            psb = parse_expected_psb(fields["psb"])
    except ExpectedNumberError as e:
        raise ValueError(f"malformed expected number: {e}") from None
    if "online" in fields:
        try:
            online = dt.date.fromisoformat(fields["online"])
        except ValueError:
            raise ValueError(f"bad date online={fields['online']!r} (use YYYY-MM-DD)") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["online"]):
            raise ValueError(f"bad date online={fields['online']!r} (use YYYY-MM-DD)")
    if "pages" in fields:
        pages = _parse_pages(fields["pages"])
    return Target(raw, url, domain, None, Expectation(icp, psb, online), pages, where)


def parse_lines(lines: Iterable[str], name: str) -> Iterator[Target | str]:
    """Yield a Target for each target line and a ``FILE:LINE: reason`` string for each bad
    line, lazily, so that a huge file is never held in memory twice."""
    for number, line in enumerate(lines, 1):
        if number == 1:
            line = line.lstrip("\ufeff")
        where = f"{name}:{number}"
        try:
            target = parse_line(line, where)
        except ValueError as e:
            yield f"{where}: {e}"
            continue
        if target is not None:
            yield target


def directory_target(path: str) -> Target:
    return Target(raw=path, directory=Path(path), where=path)


def load_targets(sources: list[tuple[str, Iterable[str] | None]], sites: Iterable[str] = ()) -> list[Target]:
    """All targets in input order, de-duplicated. ``sources`` are (name, lines) for a
    targets file and (path, None) for a static-site directory. TargetsError lists every
    bad line; nothing is crawled then."""
    out: list[Target] = []
    errors: list[str] = []
    seen: set[str] = set()

    def add(t: Target) -> None:
        if t.key not in seen:
            seen.add(t.key)
            out.append(t)

    for name, lines in sources:
        if lines is None:
            add(directory_target(name))
            continue
        for item in parse_lines(lines, name):
            if isinstance(item, str):
                errors.append(item)
            else:
                add(item)
    for site in sites:
        try:
            t = parse_line(site, f"--site {site}")
        except ValueError as e:
            errors.append(f"--site {site}: {e}")
            continue
        if t is not None:
            add(t)
    if errors:
        raise TargetsError(errors)
    return out
