#!/usr/bin/env python3
"""Build a farm of fake Chinese company sites that behaves like the web, on loopback.

Sites: SITES distinct company sites (a home page of about KB kilobytes of Chinese markup,
two inner pages, a 20x20 badge PNG); 7 in 10 have a correct footer, the other 3 have
typical defects (badge after the number; no badge and the retired MIIT link; no marks at
all), so a checker has real work to do. Two in three sites also serve a gzip copy of the
home page (nginx's gzip_static), as most real servers compress.

Names: host siteK.farm.test and its aliases siteK-rR.farm.test serve site K, so a targets
file can name far more hosts than there are distinct sites. Every zone resolves to its own
loopback address (the client is told with --resolve; nothing asks DNS):

  *.farm.test      ADDR.1  healthy: HTTPS (certificate from a local trustme CA) and HTTP
  *.blackhole.test ADDR.2  black hole: 443 and 80 accept no connection (SYNs dropped)
  *.refused.test   ADDR.3  refused: nothing listens
  *.tarpit.test    ADDR.4  tarpit: 443 and 80 accept, then never send a byte
  *.nohttps.test   ADDR.5  HTTPS dropped: 443 is a black hole, 80 serves site K
                           (siteK-dJ.nohttps.test)

Files written under DIR:
  sites/siteK/{index.html[,.gz],about.html,contact.html,static/gongan.png}
  tls/ca.pem (trust this: SSL_CERT_FILE), tls/server.pem + tls/server.key
  targets-healthy-N.txt  N hosts, every one alive (bare names: HTTPS first, then HTTP)
  targets-mixed-N.txt    the same list with every 10th host dead (the four kinds in turn)
  expect-mixed-N.tsv, expect-healthy-N.tsv  target, kind, expected status
  resolve.txt            the --resolve entries, one a line
Prints nothing but errors; the runner reads the files.
Usage: make_farm.py DIR N [--sites 2000] [--kb 40] [--addr 127.77.0] [--https-port 443]
                    [--http-port 80]
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import struct
import zlib

PROV = [("京", "11"), ("沪", "31"), ("粤", "44"), ("浙", "33"), ("苏", "32"), ("川", "51")]
PARA = (
    "我们致力于为客户提供专业的产品与服务，坚持以质量求生存、以创新求发展的经营理念，"
    "业务覆盖全国主要城市，与多家知名企业建立了长期稳定的合作关系。"
)
ZONES = {
    "healthy": "farm.test",
    "blackhole": "blackhole.test",
    "refused": "refused.test",
    "tarpit": "tarpit.test",
    "nohttps": "nohttps.test",
}
ADDR_OF = {"healthy": 1, "blackhole": 2, "refused": 3, "tarpit": 4, "nohttps": 5}
DEAD_KINDS = ("blackhole", "refused", "tarpit", "nohttps")
# Footer kind (site number % 10) -> the verdict a correct checker gives.
VERDICT = {7: "fail", 8: "fail", 9: "fail"}


def site_verdict(k: int) -> str:
    return VERDICT.get(k % 10, "pass")


def badge_png(w: int = 20, h: int = 20) -> bytes:
    """A real 20x20 RGBA PNG, so a checker that ignores 1x1 placeholders accepts it."""
    raw = b"".join(b"\x00" + b"\xc8\x10\x10\xff" * w for _ in range(h))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def footer(rng: random.Random, i: int) -> str:
    p, code = rng.choice(PROV)
    icp = f"{p}ICP备{rng.randint(2015, 2025)}{rng.randint(0, 999999):06d}号-{rng.randint(1, 3)}"
    psb = f"{code}01{rng.randint(1, 9):02d}{rng.randint(2000000, 2999999):08d}"  # 6-digit region + 8
    kind = i % 10
    icon = '<img src="/static/gongan.png" width="20" height="20" alt="">'
    icp_a = f'<a href="https://beian.miit.gov.cn/" target="_blank">{icp}</a>'
    psb_a = (
        f'<a href="https://beian.mps.gov.cn/#/query/webSearch?code={psb}" rel="noreferrer" '
        f'target="_blank">{p}公网安备{psb}号</a>'
    )
    if kind == 7:  # icon after number
        psb_html = psb_a + icon
    elif kind == 8:  # no icon, retired ICP link
        psb_html = psb_a
        icp_a = f'<a href="http://www.miitbeian.gov.cn/">{icp}</a>'
    elif kind == 9:  # nothing at all
        return '<footer class="site-footer"><p>Copyright © 2024 示例公司 版权所有</p></footer>'
    else:
        psb_html = icon + psb_a
    return (
        f'<footer class="site-footer"><div class="links"><a href="/about.html">关于我们</a> | '
        f'<a href="/contact.html">联系我们</a></div><p>Copyright © 2024 示例科技有限公司 版权所有 '
        f'{icp_a}</p><p class="beian">{psb_html}</p></footer>'
    )


def page(rng: random.Random, i: int, title: str, kb: int) -> str:
    nav = "".join(f'<li><a href="/news/{k}.html">新闻动态{k}</a></li>' for k in range(12))
    body: list[str] = []
    size = 0
    while size < kb * 1024:
        chunk = f'<div class="card"><h3>{title}{len(body)}</h3><p>{PARA * 3}</p></div>\n'
        body.append(chunk)
        size += len(chunk.encode())
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="stylesheet" href="/static/site.css"><script src="/static/app.js"></script>'
        f'</head><body><header><ul class="nav">{nav}</ul></header><main>{"".join(body)}</main>'
        f"{footer(rng, i)}<script>var _hmt=_hmt||[];</script></body></html>"
    )


def write_site(root: str, i: int, kb: int, png: bytes) -> None:
    d = os.path.join(root, "sites", f"site{i}")
    if os.path.exists(os.path.join(d, "static", "gongan.png")):
        return
    os.makedirs(os.path.join(d, "static"), exist_ok=True)
    rng = random.Random(i)
    pages = (("index.html", "示例科技首页"), ("about.html", "关于我们"), ("contact.html", "联系我们"))
    for name, title in pages:
        html = page(rng, i, title, kb if name == "index.html" else kb // 2).encode()
        with open(os.path.join(d, name), "wb") as f:
            f.write(html)
        if name == "index.html" and i % 3:
            with open(os.path.join(d, name + ".gz"), "wb") as f:
                f.write(gzip.compress(html, 6, mtime=0))
    with open(os.path.join(d, "static", "gongan.png"), "wb") as f:
        f.write(png)


def write_tls(root: str) -> None:
    tls = os.path.join(root, "tls")
    if os.path.exists(os.path.join(tls, "server.key")):
        return
    import trustme

    os.makedirs(tls, exist_ok=True)
    ca = trustme.CA(organization_name="beian-check bench farm CA")
    leaf = ca.issue_cert(*(f"*.{z}" for z in ZONES.values()))
    ca.cert_pem.write_to_path(os.path.join(tls, "ca.pem"))
    leaf.private_key_pem.write_to_path(os.path.join(tls, "server.key"))
    with open(os.path.join(tls, "server.pem"), "wb") as f:
        f.writelines(blob.bytes() for blob in leaf.cert_chain_pems)


def healthy_host(i: int, sites: int) -> str:
    k, r = i % sites, i // sites
    return f"site{k}.farm.test" if r == 0 else f"site{k}-r{r}.farm.test"


Row = tuple[str, str, str]


def targets(n: int, sites: int, https_port: int) -> tuple[list[Row], list[Row]]:
    """-> (healthy, mixed): (target, kind, expected status) per line. Every 10th target of
    the mixed list is dead, the four dead kinds in turn, spread evenly over the list."""

    def as_target(host: str) -> str:
        return host if https_port == 443 else f"https://{host}:{https_port}/"

    healthy, mixed = [], []
    for i in range(n):
        host = healthy_host(i, sites)
        row = (as_target(host), "healthy", site_verdict(i % sites))
        healthy.append(row)
        if i % 10 != 9:
            mixed.append(row)
            continue
        j = i // 10
        kind = DEAD_KINDS[j % 4]
        if kind == "nohttps":
            k = i % sites
            mixed.append((f"site{k}-d{j}.nohttps.test", kind, site_verdict(k)))
        else:
            mixed.append((f"d{j}.{ZONES[kind]}", kind, "error"))
    return healthy, mixed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("n", type=int)
    ap.add_argument("--sites", type=int, default=2000)
    ap.add_argument("--kb", type=int, default=40)
    ap.add_argument("--addr", default="127.77.0", help="first three octets of the farm's addresses")
    ap.add_argument("--https-port", type=int, default=443)
    ap.add_argument("--http-port", type=int, default=80)
    a = ap.parse_args()
    sites = min(a.sites, a.n)
    os.makedirs(a.dir, exist_ok=True)
    png = badge_png()
    for i in range(sites):
        write_site(a.dir, i, a.kb, png)
    write_tls(a.dir)
    healthy, mixed = targets(a.n, sites, a.https_port)
    for name, rows in (("healthy", healthy), ("mixed", mixed)):
        with open(os.path.join(a.dir, f"targets-{name}-{a.n}.txt"), "w") as f:
            f.writelines(f"{t}\n" for t, _, _ in rows)
        with open(os.path.join(a.dir, f"expect-{name}-{a.n}.tsv"), "w") as f:
            f.writelines(f"{t}\t{k}\t{v}\n" for t, k, v in rows)
    with open(os.path.join(a.dir, "resolve.txt"), "w") as f:
        for kind, zone in ZONES.items():
            addr = f"{a.addr}.{ADDR_OF[kind]}"
            f.writelines(f"*.{zone}:{port}:{addr}\n" for port in (a.https_port, a.http_port))


if __name__ == "__main__":
    main()
