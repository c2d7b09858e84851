"""The farm as one object: build it, start its servers, prove each kind of host behaves as
it should, stop it. Used by run.py (and through it by run.sh and scale.sh).

FARM_ACCESS_LOG=FILE makes nginx log every request there (to count requests per target).
Healthy sites are served by nginx when it is installed (one worker per ``workers``, C,
so the farm takes little of the CPU the clients are measured on), else by
farm_server.py ``--serve``. The dead hosts always come from farm_server.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Self

HERE = os.path.dirname(os.path.abspath(__file__))

NGINX_CONF = """\
worker_processes {workers}; daemon off; master_process on; pid {work}/nginx.pid;
error_log {work}/error.log error; worker_rlimit_nofile 65536;
events {{ worker_connections 16384; }}
http {{
  access_log {access_log}; sendfile on; tcp_nopush on; server_tokens off;
  keepalive_requests 10000; keepalive_timeout 15s;
  types {{ text/html html; image/png png; text/css css; application/javascript js; }}
  default_type application/octet-stream; charset utf-8; gzip_static on;
  ssl_certificate {farm}/tls/server.pem; ssl_certificate_key {farm}/tls/server.key;
  ssl_session_cache shared:farm:20m;
  server {{
    listen {addr}.1:{https} ssl default_server; listen {addr}.1:{http} default_server;
    listen {addr}.5:{http} default_server;
    server_name ~^(?<site>site[0-9]+)(-[a-z][0-9]+)?\\.(farm|nohttps)\\.test$;
    root {farm}/sites/$site; index index.html;
    location / {{ try_files $uri $uri/ =404; }}
  }}
}}
"""


@dataclass
class Farm:
    dir: str
    n: int
    addr: str = "127.77.0"
    https_port: int = 443
    http_port: int = 80
    workers: int = 1  # nginx workers, or farm_server processes
    sites: int = 2000
    dead: bool = True  # serve (and check) the dead hosts too
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    work: str = ""

    def build(self) -> None:
        subprocess.run(
            [
                sys.executable,
                os.path.join(HERE, "make_farm.py"),
                self.dir,
                str(self.n),
                "--sites",
                str(self.sites),
                "--addr",
                self.addr,
                "--https-port",
                str(self.https_port),
                "--http-port",
                str(self.http_port),
            ],
            check=True,
        )

    def path(self, name: str) -> str:
        return os.path.join(self.dir, name)

    @property
    def resolve(self) -> list[str]:
        with open(self.path("resolve.txt")) as f:
            return [line.strip() for line in f if line.strip()]

    @property
    def ca(self) -> str:
        return self.path("tls/ca.pem")

    def env(self) -> dict[str, str]:
        """The clients' environment: the farm's CA trusted, no proxy, English messages."""
        env = {
            k: v
            for k, v in os.environ.items()
            if k.lower() not in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
        }
        env.update(SSL_CERT_FILE=self.ca, LC_ALL="C.UTF-8", LANG="C.UTF-8")
        env.pop("LC_MESSAGES", None)
        return env

    def start(self) -> None:
        self.work = tempfile.mkdtemp(prefix="beian-farm-run.")
        os.chmod(self.work, 0o755)
        for d, _, _ in os.walk(self.dir):
            os.chmod(d, 0o755)
        serve = 0
        if shutil.which("nginx") and os.environ.get("FARM_SERVER") != "python":
            conf = os.path.join(self.work, "nginx.conf")
            with open(conf, "w") as f:
                f.write(
                    NGINX_CONF.format(
                        workers=self.workers,
                        work=self.work,
                        farm=os.path.abspath(self.dir),
                        addr=self.addr,
                        https=self.https_port,
                        http=self.http_port,
                        access_log=os.environ.get("FARM_ACCESS_LOG") or "off",
                    )
                )
            self.procs.append(subprocess.Popen(["nginx", "-c", conf], stdin=subprocess.DEVNULL))
        else:
            serve = self.workers
        dead = subprocess.Popen(
            [
                sys.executable,
                os.path.join(HERE, "farm_server.py"),
                self.dir,
                "--addr",
                self.addr,
                "--https-port",
                str(self.https_port),
                "--http-port",
                str(self.http_port),
                "--serve",
                str(serve),
                *([] if self.dead else ["--no-dead"]),
            ],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        self.procs.append(dead)
        assert dead.stdout is not None
        try:
            if dead.stdout.readline().strip() != b"ready":
                raise SystemExit("farm: farm_server.py did not start")
            self.check()
        except BaseException:
            self.stop()
            raise

    def cpu_seconds(self) -> float:
        """CPU time the farm's processes (nginx's workers included) have used so far."""
        tick = os.sysconf("SC_CLK_TCK")
        parent: dict[int, int] = {}
        times: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        fields = f.read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parent[int(entry)] = int(fields[1])
                times[int(entry)] = int(fields[11]) + int(fields[12])
        ours = {p.pid for p in self.procs}
        grew = True
        while grew:
            more = {pid for pid, pp in parent.items() if pp in ours} - ours
            grew = bool(more)
            ours |= more
        return sum(times.get(pid, 0) for pid in ours) / tick

    def stop(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs.clear()
        if self.work:
            shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def check(self) -> None:
        """Prove every kind of host behaves as its name says, or stop with the reason."""
        a, hs, h = self.addr, self.https_port, self.http_port
        deadline = time.monotonic() + 10
        while True:  # nginx needs a moment to bind
            try:
                get(f"{a}.1", hs, "site0.farm.test", self.ca)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        ok = b"HTTP/1.1 200"
        checks = [
            ("healthy HTTPS answers 200", get(f"{a}.1", hs, "site0.farm.test", self.ca).startswith(ok)),
            ("healthy HTTP answers 200", get(f"{a}.1", h, "site1.farm.test").startswith(ok)),
            ("HTTPS-dropped host answers on 80", get(f"{a}.5", h, "site2-d0.nohttps.test").startswith(ok)),
        ]
        dead = (
            [
                ("black hole 443 hangs on connect", connect(f"{a}.2", hs) == "timeout"),
                ("black hole 80 hangs on connect", connect(f"{a}.2", h) == "timeout"),
                ("HTTPS-dropped host hangs on 443", connect(f"{a}.5", hs) == "timeout"),
                ("refused 443 refuses", connect(f"{a}.3", hs) == "refused"),
                ("refused 80 refuses", connect(f"{a}.3", h) == "refused"),
                ("tarpit 443 accepts and is silent", connect(f"{a}.4", hs, read=True) == "silent"),
                ("tarpit 80 accepts and is silent", connect(f"{a}.4", h, read=True) == "silent"),
            ]
            if self.dead
            else []
        )
        problems = [what for what, ok in checks + dead if not ok]
        if problems:
            raise SystemExit("farm: not as it should be: " + "; ".join(problems))


def connect(addr: str, port: int, read: bool = False, wait: float = 1.0) -> str:
    """-> "refused", "timeout" (connect hangs), "connected"; with ``read``, after sending
    a request: "answered", "closed" or "silent"."""
    s = socket.socket()
    s.settimeout(wait)
    try:
        try:
            s.connect((addr, port))
        except ConnectionRefusedError:
            return "refused"
        except TimeoutError:
            return "timeout"
        if not read:
            return "connected"
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            return "answered" if s.recv(1) else "closed"
        except TimeoutError:
            return "silent"
    finally:
        s.close()


def get(addr: str, port: int, host: str, ca: str | None = None) -> bytes:
    s: socket.socket = socket.create_connection((addr, port), timeout=5)
    try:
        if ca is not None:
            s = ssl.create_default_context(cafile=ca).wrap_socket(s, server_hostname=host)
        s.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        return s.recv(64)
    finally:
        s.close()
