"""Every knob in one place, with its default."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import __version__

USER_AGENT = f"beian-check/{__version__} (+https://pypi.org/project/beian-check/)"


@dataclass(frozen=True)
class Settings:
    concurrency: int = 64  # targets worked on at once, per crawling process
    slow_after: float = 0.5  # a request this long without connection or answer: target waits aside
    waiting: int = 1024  # at most this many waiting aside, per process
    per_host: int = 4  # requests in flight to one host
    timeout: float = 10.0  # read timeout: the longest wait for the next bytes, seconds
    connect_timeout: float = 5.0  # TCP and TLS connect, seconds (a dead host costs this once)
    race_delay: float = 0.5  # http://DOMAIN/ starts beside https:// if that has not connected
    deadline: float = 60.0  # a whole target (home page, key pages, badge), seconds
    retries: int = 2  # extra attempts for timeouts, connection errors, 429, 5xx
    backoff: float = 0.5  # first retry delay, doubled each time, with jitter
    backoff_cap: float = 8.0  # no single wait (Retry-After included) is longer
    keepalive: float = 1.0  # idle keep-alive connections close after this, seconds
    max_redirects: int = 10
    max_bytes: int = 5 * 1024 * 1024  # a page body, after decompression
    max_badge_bytes: int = 1024 * 1024
    max_header_bytes: int = 64 * 1024
    verify_tls: bool = True
    proxy: str | None = None  # overrides HTTP(S)_PROXY from the environment
    resolve: tuple[str, ...] = ()  # --resolve HOST:PORT:ADDR[,ADDR...], as curl
    user_agent: str = USER_AGENT
    pages: tuple[str, ...] = ()  # key pages for every target
    strict: bool = False
    ignore: frozenset[str] = field(default_factory=frozenset)
    grace_days: int = 60  # psb-missing is a warning this long after online=
    today: dt.date | None = None  # for tests; None means the real date
    render: str = "never"  # "never" | "auto" | "always"
    screenshots: str = "beian-screenshots"  # where --render puts footer pictures of failures
