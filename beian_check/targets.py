"""Targets file text -> targets, or every bad line as ``FILE:LINE: reason`` (SPEC §6)."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import ipaddress
import re
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import idna

from .messages import Text, text
from .model import CODES, Expectation
from .numbers import ExpectedNumberError, parse_expected_icp, parse_expected_psb

KEYS = ("icp", "psb", "pages", "online", "ignore")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True)
class Target:
    raw: str  # exactly as written: the report's "target"
    url: str | None = None  # a URL target, fetched as given
    domain: str | None = None  # a bare domain (ASCII), tried https then http
    directory: Path | None = None  # a static-site build, checked offline
    expect: Expectation = field(default_factory=Expectation)
    pages: tuple[str, ...] = ()
    where: str = ""  # FILE:LINE, for messages
    ignore: frozenset[str] = frozenset()  # ignore=: codes dropped for this target alone

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
    """Every bad line, as ``FILE:LINE: reason`` (``errors``, English; ``render(lang)`` in
    the reader's language)."""

    def __init__(self, lines: list[tuple[str, Text | str]]) -> None:
        self.lines = lines
        self.errors = self.render("en")
        super().__init__("\n".join(self.errors))

    def render(self, lang: str) -> list[str]:
        return [
            f"{where}: {reason.render(lang) if isinstance(reason, Text) else reason}"
            for where, reason in self.lines
        ]


def _bad(key: str, **args: str | Text) -> ValueError:
    """A reason a line is refused, translated when it is shown."""
    return ValueError(text(key, **args))


def ascii_host(host: str) -> str:
    """Validate a host name (IDN or punycode, IPv4/IPv6) and return its ASCII form."""
    host = host.strip().rstrip(".").lower()
    if not host:
        raise _bad("targets.empty-host")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError as e:
            raise _bad("targets.bad-idn", reason=str(e)) from None
    labels = host.split(".")
    if len(host) > 253 or any(not _LABEL.match(label) for label in labels):
        raise _bad("targets.bad-domain")
    if len(labels) < 2 and host != "localhost":
        raise _bad("targets.one-label")
    if labels[-1].isdigit():
        raise _bad("targets.bad-domain")
    return host


def _parse_target(word: str) -> tuple[str | None, str | None]:
    """-> (url, domain)."""
    if "://" in word:
        try:
            parts = urlsplit(word)
            port = parts.port  # raises on a bad port
        except ValueError as e:
            raise _bad("targets.bad-url", reason=str(e)) from None
        if parts.scheme.lower() not in ("http", "https"):
            raise _bad("targets.bad-scheme", scheme=repr(parts.scheme))
        if not parts.hostname:
            raise _bad("targets.no-host")
        host = ascii_host(parts.hostname)
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{port}" if port is not None else "")
        path = parts.path or "/"
        url = f"{parts.scheme.lower()}://{netloc}{path}" + (f"?{parts.query}" if parts.query else "")
        return url, None
    host, _, port_text = word.rstrip("/").partition(":")
    if "/" in word.rstrip("/"):
        raise _bad("targets.path-needs-url")
    domain = ascii_host(host)
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise _bad("targets.bad-port", port=repr(port_text))
        domain = f"{domain}:{int(port_text)}"
    return None, domain


def _parse_pages(value: str) -> tuple[str, ...]:
    pages = tuple(p.strip() for p in value.split(",") if p.strip())
    if not pages:
        raise _bad("targets.no-pages")
    for p in pages:
        if not p.startswith("/") or any(c.isspace() for c in p):
            raise _bad("targets.bad-page", page=repr(p))
    return pages


def _parse_ignore(value: str) -> frozenset[str]:
    codes = frozenset(c.strip() for c in value.split(",") if c.strip())
    if not codes:
        raise _bad("targets.no-codes")
    for code in sorted(codes - set(CODES)):
        raise _bad("targets.unknown-code", code=code, hint=code_hint(code))
    return codes


def code_hint(code: str) -> Text:
    """ " (did you mean psb-missing?)" for a misspelt finding code, else where the codes are."""
    close = difflib.get_close_matches(code, list(CODES), n=1, cutoff=0.6)
    return text("cli.did-you-mean", suggestion=close[0]) if close else text("cli.codes-hint")


def _parse_online(value: str) -> dt.date:
    try:
        online = dt.date.fromisoformat(value)
    except ValueError:
        raise _bad("targets.bad-date", value=repr(value)) from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise _bad("targets.bad-date", value=repr(value))
    return online


def _split_fields(words: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for word in words:
        key, eq, value = word.partition("=")
        if not eq:
            raise _bad("targets.need-key-value", word=repr(word))
        if key not in KEYS:
            raise _bad("targets.unknown-key", field=repr(key), known=", ".join(KEYS))
        if key in fields:
            raise _bad("targets.twice", field=key)
        fields[key] = value
    return fields


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
    fields = _split_fields(words[1:])
    try:
        icp = parse_expected_icp(fields["icp"]) if "icp" in fields else None
        psb = parse_expected_psb(fields["psb"]) if "psb" in fields else None
    except ExpectedNumberError as e:
        raise _bad("targets.bad-number", reason=e.args[0]) from None
    online = _parse_online(fields["online"]) if "online" in fields else None
    pages = _parse_pages(fields["pages"]) if "pages" in fields else ()
    ignore = _parse_ignore(fields["ignore"]) if "ignore" in fields else frozenset()
    return Target(raw, url, domain, None, Expectation(icp, psb, online), pages, where, ignore)


# A command-line word with one of these endings is a mistyped file name, not a site
# (.md, .py and .sh are also country domains, but nobody checks a filing there by name).
_FILE_ENDINGS = frozenset(
    {
        "txt",
        "csv",
        "tsv",
        "list",
        "lst",
        "conf",
        "cfg",
        "ini",
        "toml",
        "json",
        "jsonl",
        "yaml",
        "yml",
        "html",
        "htm",
        "md",
        "xml",
        "log",
        "py",
        "sh",
    }
)
ARGUMENT = "<argument>"  # the source name of targets given as command-line arguments


@functools.lru_cache(maxsize=1)
def _suffixes():  # type: ignore[no-untyped-def]
    import tldextract

    # The bundled snapshot only: never fetch a suffix list (offline CI, air-gapped cron).
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def argument_target(arg: str) -> Target:
    """A command-line argument that names no file, taken as a target as lychee does: a
    URL, or a domain under a public suffix; ValueError (a Text reason) otherwise."""
    word = arg.split()[0] if arg.split() else arg
    if "://" not in word:
        name = word.rstrip("/")
        if "/" in name or name.startswith((".", "~")):
            raise _bad("cli.looks-like-path")
        if name.rpartition(".")[2].lower() in _FILE_ENDINGS:
            raise _bad("cli.looks-like-file", path=name)
    target = parse_line(arg)
    if target is None:
        raise _bad("targets.empty-host")
    if target.domain is not None:
        host = target.domain.rsplit(":", 1)[0] if target.domain.count(":") == 1 else target.domain
        if host != "localhost" and not _is_ip(host) and not _suffixes()(host).suffix:
            raise _bad("cli.no-public-suffix", host=host)
    return target


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def directory_target(path: str) -> Target:
    return Target(raw=path, directory=Path(path), where=path)


def owner_key(target: Target) -> int:
    """A stable hash of the target's host, to give every target of one host to the same
    worker process (the per-host limit is per process)."""
    key = target.domain or target.url or str(target.directory)
    host = key.split("://", 1)[-1].split("/", 1)[0]
    return zlib.crc32(host.encode())


class TargetPlan:
    """The validated, de-duplicated targets of a run, kept as (source, line) positions
    and parsed again when needed: a Target costs ~1 KB, a position 10 bytes, and with
    worker processes each would hold its own copy. ``sources`` are (name, lines) for a
    targets file or standard input, (path, None) for a static-site directory."""

    def __init__(self, sources: list[tuple[str, list[str] | None]]) -> None:
        self.sources = sources
        self.src = array("H")
        self.line = array("I")
        self.hosts = array("I")

    @classmethod
    def build(cls, sources: list[tuple[str, list[str] | None]], sites: Iterable[str] = ()) -> TargetPlan:
        """Validate everything; TargetsError lists every bad line (nothing is crawled)."""
        site_list = list(sites)
        plan = cls(list(sources) + ([("--site", site_list)] if site_list else []))
        errors: list[tuple[str, Text | str]] = []
        seen: set[int] = set()  # hashes, not keys: a 64-bit hash is a tenth of the memory
        for s_i, (_name, lines) in enumerate(plan.sources):
            for l_i in range(1 if lines is None else len(lines)):
                try:
                    t = plan._parse(s_i, l_i)
                except ValueError as e:
                    errors.append((plan._where(s_i, l_i), e.args[0] if e.args else str(e)))
                    continue
                if t is None or hash(t.key) in seen:
                    continue
                seen.add(hash(t.key))
                plan.src.append(s_i)
                plan.line.append(l_i)
                plan.hosts.append(owner_key(t))
        if errors:
            raise TargetsError(errors)
        return plan

    def _where(self, s_i: int, l_i: int) -> str:
        name, lines = self.sources[s_i]
        if lines is None:
            return name
        if name == "--site":
            return f"--site {lines[l_i]}"
        if name == ARGUMENT:
            return lines[l_i]
        return f"{name}:{l_i + 1}"

    def _parse(self, s_i: int, l_i: int) -> Target | None:
        name, lines = self.sources[s_i]
        if lines is None:
            return directory_target(name)
        line = lines[l_i]
        if l_i == 0:
            line = line.lstrip("\ufeff")
        return parse_line(line, self._where(s_i, l_i))

    def __len__(self) -> int:
        return len(self.src)

    def target(self, i: int) -> Target:
        t = self._parse(self.src[i], self.line[i])
        assert t is not None
        return t

    def __iter__(self) -> Iterator[Target]:
        return (self.target(i) for i in range(len(self)))


def load_targets(sources: list[tuple[str, list[str] | None]], sites: Iterable[str] = ()) -> list[Target]:
    """All targets in input order, de-duplicated (TargetsError lists every bad line)."""
    return list(TargetPlan.build(sources, sites))
