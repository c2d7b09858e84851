"""Real HTTP servers on 127.0.0.1 for tests: a small HTTP/1.1 server with scriptable
(mis)behaviour, running in its own thread and event loop so that the code under test
(CliRunner, subprocesses, asyncio.run) talks to it over real sockets.

Requests in absolute form ("GET http://host/path") are answered by host, as a forward
proxy would (an nginx forward proxy does the same), and recorded, so a test can prove
a request went through HTTP_PROXY.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Request:
    method: str
    target: str
    host: str
    path: str
    headers: dict[str, str]
    proxied: bool


Handler = Callable[[Request, asyncio.StreamWriter], Awaitable[None]]


def response(
    status: int = 200,
    body: bytes | str = b"",
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> Handler:
    data = body.encode("utf-8") if isinstance(body, str) else body

    async def handle(req: Request, w: asyncio.StreamWriter) -> None:
        head = [f"HTTP/1.1 {status} X", f"Content-Length: {len(data)}", "Connection: close"]
        if content_type:
            head.append(f"Content-Type: {content_type}")
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        w.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data)
        await w.drain()

    return handle


def redirect(location: str, status: int = 302) -> Handler:
    return response(status, b"", headers={"Location": location})


def hang(seconds: float = 20) -> Handler:
    async def handle(req: Request, w: asyncio.StreamWriter) -> None:
        await asyncio.sleep(seconds)

    return handle


def trickle(total: int = 200, interval: float = 0.2) -> Handler:
    async def handle(req: Request, w: asyncio.StreamWriter) -> None:
        w.write(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {total}\r\n\r\n".encode())
        for _ in range(total):
            w.write(b"x")
            await w.drain()
            await asyncio.sleep(interval)

    return handle


def reset() -> Handler:
    async def handle(req: Request, w: asyncio.StreamWriter) -> None:
        w.transport.abort()

    return handle


def huge(size: int, chunk: int = 64 * 1024) -> Handler:
    async def handle(req: Request, w: asyncio.StreamWriter) -> None:
        w.write(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\n\r\n".encode())
        sent = 0
        while sent < size:
            w.write(b"<p>" + b"a" * (chunk - 3))
            sent += chunk
            await w.drain()

    return handle


def gzip_bomb(size: int) -> Handler:
    data = gzip.compress(b"<html>" + b"\0" * size, compresslevel=9)
    return response(200, data, headers={"Content-Encoding": "gzip"})


def flaky(failures: int, final: Handler, status: int = 503, retry_after: str | None = None) -> Handler:
    count = {"n": 0}

    async def handle(req: Request, w: asyncio.StreamWriter) -> None:
        count["n"] += 1
        if count["n"] <= failures:
            headers = {"Retry-After": retry_after} if retry_after else {}
            await response(status, "busy", headers=headers)(req, w)
        else:
            await final(req, w)

    handle.count = count  # type: ignore[attr-defined]
    return handle


def big_headers(size: int) -> Handler:
    return response(200, "<html></html>", headers={"X-Junk": "a" * size})


def self_signed_context(directory: str) -> ssl.SSLContext:
    """A server TLS context with a throw-away self-signed certificate for 127.0.0.1."""
    key, cert = f"{directory}/key.pem", f"{directory}/cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            cert,
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


Raw = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def tarpit(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
    """Accept, then never send a byte (a raw handler: not even a TLS handshake)."""
    await asyncio.sleep(60)


def garbage(data: bytes) -> Raw:
    """Answer anything with these bytes and hang up (not HTTP, not TLS)."""

    async def handle(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await r.read(1)
        w.write(data)
        await w.drain()

    return handle


@contextlib.contextmanager
def black_hole() -> Iterator[int]:
    """A port on 127.0.0.1 whose connects never complete: a listening socket that never
    accepts, its backlog filled, so that the kernel drops further SYNs, as a firewall
    that drops packets does."""
    listener = socket.socket()
    fillers = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        for _ in range(4):
            c = socket.socket()
            c.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                c.connect(("127.0.0.1", port))
            fillers.append(c)
        yield port
    finally:
        for c in fillers:
            c.close()
        listener.close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """routes: {path: handler} for any host, or {"host/path": handler} for one host.
    ``raw`` replaces HTTP altogether (tarpits, garbage); ``connections`` counts accepts."""

    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    port: int = 0
    tls: ssl.SSLContext | None = None
    raw: Raw | None = None
    connections: int = 0

    def url(self, path: str = "/") -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}{path}"

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _serve(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        self._writers.add(w)
        self.connections += 1
        try:
            await (self.raw or self._handle)(r, w)
        finally:
            self._writers.discard(w)
            w.transport.abort()

    async def _handle(self, r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(r.readuntil(b"\r\n\r\n"), 10)
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            w.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        try:
            method, target, _ = lines[0].split(" ", 2)
        except ValueError:  # not HTTP (a TLS ClientHello): hang up, as a plain server does
            w.transport.abort()
            return
        fields = (line.partition(":") for line in lines[1:] if line)
        headers = {k.strip().lower(): v.strip() for k, _, v in fields}
        proxied = "://" in target
        if proxied:
            parts = urlsplit(target)
            host, path = parts.netloc, parts.path + (f"?{parts.query}" if parts.query else "")
        else:
            host, path = headers.get("host", ""), target
        req = Request(method, target, host, path or "/", headers, proxied)
        self.requests.append(req)
        if method == "CONNECT":
            await response(405, "no tunnels here")(req, w)
        else:
            bare_host = host.split(":")[0]
            path = req.path.split("?")[0]
            handler = (
                self.routes.get(f"{host}{path}")
                or self.routes.get(f"{bare_host}{path}")
                or self.routes.get(path)
                or response(404, "not found")
            )
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await handler(req, w)
        with contextlib.suppress(RuntimeError):
            w.close()

    def __enter__(self) -> Server:
        self._writers: set[asyncio.StreamWriter] = set()
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._serve, "127.0.0.1", 0, limit=1 << 20, ssl=self.tls)
            )
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        assert ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            # Let every handler finish its cleanup while the loop still runs: a socket
            # left open to the garbage collector warns, and warnings are errors here.
            await asyncio.gather(*tasks, return_exceptions=True)
            for w in list(self._writers):
                w.transport.abort()
            await asyncio.sleep(0)

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


@dataclass
class LocalCA:
    """A throw-away certificate authority (trustme): ``server_context(names)`` for a
    Server, ``ca_file`` to trust it through SSL_CERT_FILE."""

    ca_file: str

    def __post_init__(self) -> None:
        import trustme

        self._ca = trustme.CA()
        self._ca.cert_pem.write_to_path(self.ca_file)

    def server_context(self, *names: str, sni: list[str] | None = None) -> ssl.SSLContext:
        """A server context with a certificate for ``names``; the names clients ask for
        (SNI) are appended to ``sni``."""
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ca.issue_cert(*(names or ("127.0.0.1", "localhost"))).configure_cert(ctx)
        if sni is not None:
            ctx.sni_callback = lambda sock, name, c: sni.append(name or "")  # type: ignore[func-returns-value]
        return ctx


def relay(port: int, delay: float) -> Raw:
    """Forward the connection to 127.0.0.1:PORT after ``delay`` seconds: a server slow to
    accept (TLS passes through untouched)."""

    async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await src.read(65536):
                dst.write(data)
                await dst.drain()
        dst.close()

    async def handle(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await asyncio.sleep(delay)
        r2, w2 = await asyncio.open_connection("127.0.0.1", port)
        try:
            await asyncio.gather(pipe(r, w2), pipe(r2, w))
        finally:
            w2.transport.abort()

    return handle


def plain_and_tls(pages: dict[str, bytes], tls: Raw) -> Raw:
    """One port for both schemes, as no real server has it: a TLS hello goes to ``tls``
    (hang, or garbage that fails the handshake), plain HTTP gets ``pages`` (path -> body,
    404 otherwise). ``hello.count`` counts TLS hellos, ``http.count`` HTTP requests."""

    async def handle(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        first = await r.readexactly(1)
        if first == b"\x16":
            handle.hellos += 1  # type: ignore[attr-defined]
            await tls(r, w)
            return
        head = first + await r.readuntil(b"\r\n\r\n")
        handle.requests += 1  # type: ignore[attr-defined]
        path = head.split(b" ", 2)[1].decode("latin-1")
        body = pages.get(path)
        status = b"200 OK" if body is not None else b"404 Not Found"
        body = body if body is not None else b"not found"
        ctype = b"image/png" if path.endswith(".png") else b"text/html; charset=utf-8"
        w.write(
            b"HTTP/1.1 "
            + status
            + b"\r\nContent-Type: "
            + ctype
            + b"\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\nConnection: close\r\n\r\n"
            + body
        )
        await w.drain()

    handle.hellos = 0  # type: ignore[attr-defined]
    handle.requests = 0  # type: ignore[attr-defined]
    return handle


def subprocess_env() -> dict[str, str]:
    """The environment for ``python -m beian_check`` in a subprocess: this checkout first on
    the path, no proxy variables of the machine."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return env


def kill_9_mid_crawl(output: Path) -> None:
    """Run a real beian-check writing jsonl to ``output`` on a site that never answers, and
    SIGKILL it once its request has arrived: what is left at ``output`` is what a crashed
    cron job leaves."""
    with Server({"/slow": hang(30)}) as s:
        argv = [
            sys.executable,
            "-m",
            "beian_check",
            "--site",
            s.url("/slow"),
            "--format",
            "jsonl",
            "--output",
            str(output),
            "--timeout",
            "60",
        ]
        p = subprocess.Popen(argv, env=subprocess_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not s.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        p.kill()
        p.wait(10)
