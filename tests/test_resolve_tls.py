"""--resolve (curl's semantics) and TLS trust from SSL_CERT_FILE / SSL_CERT_DIR, against
HTTPS servers on 127.0.0.1 with certificates from a throw-away CA (trustme)."""

from __future__ import annotations

import asyncio
import json
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from beian_check.crawl import Crawler
from beian_check.model import TargetResult
from beian_check.net import Fetcher, build_transports
from beian_check.settings import Settings
from beian_check.targets import parse_line
from beian_check.transport import Resolver, ResolveRule, tls_context

from .conftest import BADGE_PNG, TODAY
from .servers import LocalCA, Server, response
from .test_crawl_live import GOOD

PNG = response(200, BADGE_PNG, "image/png")


def check(line: str, settings: Settings) -> TargetResult:
    async def go() -> TargetResult:
        target = parse_line(line, "t:1")
        assert target is not None
        async with build_transports(settings) as transports:
            return await Crawler(Fetcher(transports, settings), settings, TODAY).check(target)

    return asyncio.run(go())


@pytest.mark.parametrize(
    "text,host,port,addrs",
    [
        ("example.com:443:127.0.0.1", "example.com", 443, ("127.0.0.1",)),
        ("Example.COM.:80:127.0.0.1,127.0.0.2", "example.com", 80, ("127.0.0.1", "127.0.0.2")),
        ("*:443:[::1]", "*", 443, ("::1",)),
        ("*.farm.test:8443:127.0.0.3", "*.farm.test", 8443, ("127.0.0.3",)),
        ("*.例子.cn:443:127.0.0.1", "*.xn--fsqu00a.cn", 443, ("127.0.0.1",)),
        ("商店.例子.cn:80:127.0.0.1", "xn--czrs0t.xn--fsqu00a.cn", 80, ("127.0.0.1",)),
    ],
)
def test_parse(text: str, host: str, port: int, addrs: tuple[str, ...]) -> None:
    assert ResolveRule.parse(text) == ResolveRule(host, port, addrs)


@pytest.mark.parametrize(
    "text",
    [
        "example.com",
        "example.com:443",
        "example.com:x:127.0.0.1",
        "example.com:443:",
        "example.com:443:not-an-ip",
        "example.com:0:127.0.0.1",
        ":443:127.0.0.1",
        "example.com:70000:127.0.0.1",
    ],
)
def test_parse_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        ResolveRule.parse(text)


def test_most_specific_rule_wins() -> None:
    rules = tuple(
        ResolveRule.parse(r)
        for r in (
            "*:443:10.0.0.1",
            "*.example.com:443:10.0.0.2",
            "*.www.example.com:443:10.0.0.3",
            "api.example.com:443:10.0.0.4",
        )
    )
    r = Resolver(rules, None)  # type: ignore[arg-type]
    assert r.lookup("other.cn", 443) == ("10.0.0.1",)
    assert r.lookup("example.com", 443) == ("10.0.0.1",)  # *.example.com is subdomains only
    assert r.lookup("shop.example.com", 443) == ("10.0.0.2",)
    assert r.lookup("a.www.example.com", 443) == ("10.0.0.3",)
    assert r.lookup("API.example.com.", 443) == ("10.0.0.4",)
    assert r.lookup("shop.example.com", 80) is None  # the port is part of the key


@pytest.fixture
def ca(tmp_path: Path) -> LocalCA:
    return LocalCA(str(tmp_path / "ca.pem"))


def test_https_with_resolve_keeps_the_name_for_sni_cert_and_host(
    ca: LocalCA, monkeypatch: pytest.MonkeyPatch
) -> None:
    sni: list[str] = []
    routes = {"/": response(200, GOOD), "/badge.png": PNG}
    with Server(routes, tls=ca.server_context("*.farm.test", sni=sni)) as s:
        monkeypatch.setenv("SSL_CERT_FILE", ca.ca_file)
        settings = Settings(timeout=2, retries=0, resolve=(f"*.farm.test:{s.port}:127.0.0.1",))
        r = check(f"https://www.farm.test:{s.port}/", settings)
        other = check(f"https://www.elsewhere.test:{s.port}/", settings)
    assert r.status == "pass", r.findings
    assert r.final_url == f"https://www.farm.test:{s.port}/"
    assert {q.headers["host"] for q in s.requests} == {f"www.farm.test:{s.port}"}
    assert set(sni) == {"www.farm.test"}
    assert other.status == "error"  # not covered by the rule: DNS, which fails


def test_certificate_for_another_name_fails_even_when_resolved(
    ca: LocalCA, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Server({"/": response(200, GOOD)}, tls=ca.server_context("other.test")) as s:
        monkeypatch.setenv("SSL_CERT_FILE", ca.ca_file)
        r = check(
            f"https://www.farm.test:{s.port}/",
            Settings(timeout=2, retries=0, resolve=(f"www.farm.test:{s.port}:127.0.0.1",)),
        )
    assert r.status == "error" and dict(r.findings[0].args)["reason"].key == "fetch.tls"  # type: ignore[union-attr]


def test_untrusted_ca_without_ssl_cert_file(ca: LocalCA, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with Server({"/": response(200, GOOD)}, tls=ca.server_context()) as s:
        r = check(s.url("/"), Settings(timeout=2, retries=0))
    assert r.status == "error" and dict(r.findings[0].args)["reason"].key == "fetch.tls"  # type: ignore[union-attr]


def test_ssl_cert_dir(ca: LocalCA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "certs"
    folder.mkdir()
    pem = Path(ca.ca_file).read_text()
    digest = subprocess.run(
        ["openssl", "x509", "-hash", "-noout"], input=pem, capture_output=True, text=True, check=True
    ).stdout.strip()
    (folder / f"{digest}.0").write_text(pem)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setenv("SSL_CERT_DIR", str(folder))
    with Server({"/": response(200, GOOD), "/badge.png": PNG}, tls=ca.server_context()) as s:
        assert check(s.url("/"), Settings(timeout=2, retries=0)).status == "pass"


def test_ssl_cert_file_adds_to_the_system_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """OpenSSL alone would let SSL_CERT_FILE replace the system store; both count here."""
    system, extra = LocalCA(str(tmp_path / "system.pem")), LocalCA(str(tmp_path / "extra.pem"))
    paths = ssl.get_default_verify_paths()
    monkeypatch.setattr(
        ssl,
        "get_default_verify_paths",
        lambda: paths._replace(openssl_cafile=system.ca_file, openssl_capath=str(tmp_path / "none")),
    )
    ctx = tls_context(True, {"SSL_CERT_FILE": extra.ca_file})
    assert isinstance(ctx, ssl.SSLContext) and len(ctx.get_ca_certs()) == 2
    assert tls_context(True, {}) is True and tls_context(False, {"SSL_CERT_FILE": extra.ca_file}) is False
    monkeypatch.setenv("SSL_CERT_FILE", extra.ca_file)
    for authority in (system, extra):
        with Server({"/": response(200, GOOD), "/badge.png": PNG}, tls=authority.server_context()) as s:
            assert check(s.url("/"), Settings(timeout=2, retries=0)).status == "pass"


@pytest.mark.slow
def test_resolve_on_the_command_line(ca: LocalCA) -> None:
    with Server({"/": response(200, GOOD), "/badge.png": PNG}, tls=ca.server_context("shop.example.cn")) as s:
        p = subprocess.run(
            [
                sys.executable,
                "-m",
                "beian_check",
                "--site",
                f"https://shop.example.cn:{s.port}/",
                "--resolve",
                f"*.example.cn:{s.port}:127.0.0.1",
                "--format",
                "jsonl",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={
                "SSL_CERT_FILE": ca.ca_file,
                "PATH": "/usr/bin:/bin",
                "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
            },
        )
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["status"] == "pass"
