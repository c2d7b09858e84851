#!/usr/bin/env python3
"""The peer: the Scrapy spider a Python developer would write for this job.

Fetches each target's home page (a bare name over HTTPS first, then HTTP when HTTPS
fails), takes the footer text and looks for the ICP and public-security numbers; writes
one JSON line per page (Scrapy's feed export). Same conditions as the tool: names from
--resolve entries (curl's syntax), --concurrency requests in flight, --timeout per
download, Scrapy's default two retries. (Scrapy does not verify certificates by default;
that only makes the peer faster.) Prints one JSON line of counts.
Usage: peer.py TARGETS [--resolve HOST:PORT:ADDR]... [--concurrency 64] [--timeout 10]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from typing import Any

import scrapy
from resolving import Resolve
from scrapy.crawler import CrawlerProcess
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer

ICP = re.compile(r"[\u4e00-\u9fa5]ICP[备证]\s*\d+号(?:-\d+)?")
PSB = re.compile(r"[\u4e00-\u9fa5]公网安备\s*(\d{14})号")
RESOLVE = Resolve([])


class MappedResolver(CachingThreadedResolver):
    """Scrapy's resolver, answering the --resolve names itself."""

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        addrs = RESOLVE.any_port(name)
        if addrs:
            return defer.succeed(addrs[0])
        return super().getHostByName(name, timeout)


class Footer(scrapy.Spider):
    name = "footer"

    def __init__(self, path: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.path = path
        self.counts: collections.Counter[str] = collections.Counter()

    def start_requests(self) -> Iterator[scrapy.Request]:
        with open(self.path) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    t = line.split()[0]
                    if "://" in t:
                        yield scrapy.Request(t, errback=self.failed)
                    else:
                        yield scrapy.Request(f"https://{t}/", errback=self.over_http)

    async def start(self) -> Any:  # Scrapy >= 2.13 calls this instead of start_requests
        for request in self.start_requests():
            yield request

    def over_http(self, failure: Any) -> Iterator[scrapy.Request]:
        url = failure.request.url
        self.counts["https failed"] += 1
        yield scrapy.Request("http://" + url.split("://", 1)[1], errback=self.failed)

    def failed(self, failure: Any) -> None:
        self.counts["failed"] += 1

    def parse(self, response: Any) -> Iterator[dict[str, Any]]:
        text = " ".join(response.css("footer ::text").getall())
        icp, psb = ICP.search(text), PSB.search(text)
        ok = bool(icp and psb)
        self.counts["pages"] += 1
        self.counts["pass"] += ok
        yield {"url": response.url, "icp": icp and icp.group(0), "psb": psb and psb.group(1), "ok": ok}


def main() -> None:
    global RESOLVE
    ap = argparse.ArgumentParser()
    ap.add_argument("targets")
    ap.add_argument("--resolve", action="append", default=[])
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--timeout", type=float, default=10.0)
    a = ap.parse_args()
    RESOLVE = Resolve(a.resolve)
    fd, out = tempfile.mkstemp(prefix="peer.", suffix=".jsonl")
    os.close(fd)
    process = CrawlerProcess(
        {
            "LOG_LEVEL": "ERROR",
            "CONCURRENT_REQUESTS": a.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
            "DOWNLOAD_TIMEOUT": a.timeout,
            "ROBOTSTXT_OBEY": False,
            "TELNETCONSOLE_ENABLED": False,
            "TWISTED_DNS_RESOLVER": f"{__name__}.MappedResolver",
            "FEEDS": {out: {"format": "jsonlines", "overwrite": True}},
        }
    )
    started = time.perf_counter()
    crawler = process.create_crawler(Footer)
    process.crawl(crawler, path=a.targets)
    process.start()
    seconds = time.perf_counter() - started
    with open(out) as f:
        lines = sum(1 for _ in f)
    os.unlink(out)
    spider = crawler.spider
    counts = dict(spider.counts) if isinstance(spider, Footer) else {}
    print(json.dumps({"peer": lines, "seconds": round(seconds, 2), **counts}))


if __name__ == "__main__":
    main()
