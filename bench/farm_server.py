#!/usr/bin/env python3
"""The farm's servers that nginx cannot play: the dead hosts, and (where nginx is missing)
the healthy sites too.

Dead hosts, each kind on its own loopback address (see make_farm.py):
* black hole (ADDR.2:443 and :80, ADDR.5:443): a listening socket with an accept backlog
  of 0 that is never accepted from, its one queue slot taken by a connection of our own.
  Linux drops a SYN for a listener whose accept queue is full (whatever tcp_syncookies
  says), so a client's connect hangs in SYN_SENT, retransmitting, until its own timeout:
  what a firewall that drops packets looks like. One socket per port, no sysctl, no
  iptables, nothing left behind when the process ends. ``check()`` in farm.py proves it.
* refused (ADDR.3): nothing listens, the kernel answers RST.
* tarpit (ADDR.4:443 and :80): connections are accepted and read, and nothing is ever
  sent back (not even a TLS ServerHello).

``--serve N`` also serves the healthy sites (ADDR.1:443 with TLS, ADDR.1:80, ADDR.5:80)
in N processes sharing the ports (SO_REUSEPORT), for machines without nginx: static files
from DIR/sites, gzip copies when asked, keep-alive.

Prints "ready" once every socket is bound; runs until SIGTERM or SIGINT.
Usage: farm_server.py DIR [--addr 127.77.0] [--https-port 443] [--http-port 80] [--serve 0]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import select
import signal
import socket
import ssl
import sys

SITE = re.compile(rb"^site(\d+)(?:-[a-z]\d+)?\.(?:farm|nohttps)\.test(?::\d+)?$")
TYPES = {
    b".html": b"text/html; charset=utf-8",
    b".png": b"image/png",
    b".css": b"text/css",
    b".js": b"application/javascript",
}


def black_hole(addr: str, port: int) -> list[socket.socket]:
    """A listener that takes no connection: -> the sockets to keep open."""
    lst = socket.socket()
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind((addr, port))
    lst.listen(0)
    held = [lst]
    for _ in range(16):  # fill the accept queue until a connect no longer completes
        c = socket.socket()
        c.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            c.connect((addr, port))
        held.append(c)
        if not select.select([], [c], [], 0.3)[1]:
            break
    else:
        raise SystemExit(f"black hole {addr}:{port}: connects still complete after 16 fillers")
    return held


class Tarpit(asyncio.Protocol):
    """Accept, read, never answer."""

    def data_received(self, data: bytes) -> None:
        pass


class Static(asyncio.Protocol):
    """Just enough HTTP/1.1 for GETs of the farm's files, keep-alive included."""

    def __init__(self, root: bytes) -> None:
        self.root = root
        self.buf = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is no asyncio.Transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while b"\r\n\r\n" in self.buf and self.transport is not None:
            head, _, self.buf = self.buf.partition(b"\r\n\r\n")
            if not self.respond(head):
                self.transport.close()
                self.transport = None

    def respond(self, head: bytes) -> bool:
        assert self.transport is not None
        lines = head.split(b"\r\n")
        try:
            _method, target, _version = lines[0].split(b" ", 2)
        except ValueError:
            return False
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        keep = headers.get(b"connection", b"").lower() != b"close"
        m = SITE.match(headers.get(b"host", b"").lower())
        path = target.split(b"?", 1)[0]
        if path.endswith(b"/"):
            path += b"index.html"
        body, extra = None, b""
        if m and b".." not in path:
            file = b"%s/site%s%s" % (self.root, m.group(1), path)
            if b"gzip" in headers.get(b"accept-encoding", b"") and os.path.exists(file + b".gz"):
                file += b".gz"
                extra = b"Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n"
            try:
                with open(file, "rb") as f:
                    body = f.read()
            except OSError:
                body = None
        if body is None:
            status, ctype, body, extra = b"404 Not Found", b"text/html", b"<h1>404</h1>", b""
        else:
            status = b"200 OK"
            ctype = TYPES.get(os.path.splitext(path)[1], b"application/octet-stream")
        self.transport.write(
            b"HTTP/1.1 %s\r\nServer: farm\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s"
            b"Connection: %s\r\n\r\n%s"
            % (status, ctype, len(body), extra, b"keep-alive" if keep else b"close", body)
        )
        return keep


async def serve_dead(a: argparse.Namespace) -> None:
    loop = asyncio.get_running_loop()
    for port in (a.https_port, a.http_port):
        await loop.create_server(Tarpit, f"{a.addr}.4", port, backlog=4096, reuse_address=True)


async def serve_sites(a: argparse.Namespace) -> None:
    loop = asyncio.get_running_loop()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(os.path.join(a.dir, "tls", "server.pem"), os.path.join(a.dir, "tls", "server.key"))
    root = os.fsencode(os.path.join(a.dir, "sites"))
    binds = [
        (f"{a.addr}.1", a.https_port, tls),
        (f"{a.addr}.1", a.http_port, None),
        (f"{a.addr}.5", a.http_port, None),
    ]
    for host, port, ctx in binds:
        await loop.create_server(lambda: Static(root), host, port, ssl=ctx, backlog=4096, reuse_port=True)


def run_forever(setup: object, ready: object = None) -> None:
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    async def main() -> None:
        await setup  # type: ignore[misc]
        if ready is not None:
            os.write(ready, b"x")  # type: ignore[arg-type]
            os.close(ready)  # type: ignore[arg-type]
        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set)
        await stop.wait()

    asyncio.run(main())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--addr", default="127.77.0")
    ap.add_argument("--https-port", type=int, default=443)
    ap.add_argument("--http-port", type=int, default=80)
    ap.add_argument("--serve", type=int, default=0, help="processes serving the healthy sites (no nginx)")
    ap.add_argument("--no-dead", action="store_true", help="healthy sites only")
    a = ap.parse_args()
    held = []
    holes = ((f"{a.addr}.2", a.https_port), (f"{a.addr}.2", a.http_port), (f"{a.addr}.5", a.https_port))
    for addr, port in () if a.no_dead else holes:
        held += black_hole(addr, port)
    children = []
    for _ in range(a.serve):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            for s in held:
                s.close()
            run_forever(serve_sites(a), w)
            os._exit(0)
        os.close(w)
        if os.read(r, 1) != b"x":
            raise SystemExit("farm_server: a site server failed to start")
        os.close(r)
        children.append(pid)

    async def dead_then_ready() -> None:
        if not a.no_dead:
            await serve_dead(a)
        print("ready", flush=True)

    try:
        run_forever(dead_then_ready())
    finally:
        for pid in children:
            os.kill(pid, signal.SIGTERM)
        for pid in children:
            os.waitpid(pid, 0)
        for s in held:
            s.close()
        sys.stdout.flush()


if __name__ == "__main__":
    main()
