"""A small farm of sites with real domain names, served by one loopback server acting as
their HTTP proxy: monitoring tests need many registrable domains (shards split by them)
and sites that break between two runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from beian_check.cli import main

from .conftest import BADGE_PNG
from .servers import Server, response

GOOD = (
    '<html><body><footer><a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a> '
    '<img src="/badge.png"><a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">'
    "京公网安备11010502030143号</a></footer></body></html>"
)
NOBADGE = GOOD.replace('<img src="/badge.png">', "")
NOLINK = GOOD.replace(
    '<a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a>', "京ICP备2021017352号-2"
)

# Two hosts of one site (alpha.example.com) and sites under eleven other registrable domains.
HOSTS = [
    "alpha.example.com",
    "www.alpha.example.com",
    "beta.example.net",
    "gamma.example.org",
    "delta.example.cn",
    "epsilon.com.cn",
    "zeta.gov.cn",
    "eta.example.io",
    "theta.example.dev",
    "iota.shop",
    "kappa.example.edu.cn",
    "lambda.example.app",
    "mu.example.xyz",
]


class Farm:
    def __init__(self, server: Server, tmp: Path) -> None:
        self.server, self.tmp = server, tmp

    def page(self, host: str, html: str, status: int = 200) -> None:
        self.server.routes[f"{host}/"] = response(status, html)

    def down(self, host: str) -> None:
        self.server.routes[f"{host}/"] = response(500, "down")

    def targets(self, hosts: list[str] | None = None, name: str = "targets.txt") -> str:
        path = self.tmp / name
        path.write_text("\n".join(hosts or HOSTS) + "\n", encoding="utf-8")
        return str(path)

    def check(self, *args: str) -> tuple[int, str, str]:
        """A run through the CLI, every site reached through the farm's proxy."""
        return cli(*args, "--proxy", self.server.proxy, "--retries", "0", "--timeout", "5")


def cli(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, r.stdout, r.stderr


@contextmanager
def farm(tmp: Path, bad: tuple[str, ...] = ()) -> Iterator[Farm]:
    routes = {"/badge.png": response(200, BADGE_PNG, "image/png")}
    with Server(routes) as server:
        f = Farm(server, tmp)
        for host in HOSTS:
            f.page(host, NOBADGE if host in bad else GOOD)
        yield f
