"""--notify through Apprise: the message, when it is sent, a real delivery to a local
webhook (json://), and a failed delivery that changes nothing but a warning."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from beian_check import notify
from beian_check.baseline import ChangeCounts, Known, compare
from beian_check.model import Finding, Report, TargetResult

from .farm import GOOD, HOSTS, NOBADGE, farm


class Hook:
    """A webhook on 127.0.0.1 that records what it is sent and answers ``status``."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[dict[str, Any]] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hook.received.append(
                    {"path": self.path, "auth": self.headers.get("Authorization"), **json.loads(body)}
                )
                self.send_response(hook.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, secret: str = "s3cr3t-token") -> str:
        return f"json://ops:{secret}@127.0.0.1:{self.port}/beian"


@pytest.fixture
def hook() -> Iterator[Hook]:
    h = Hook()
    h.thread.start()
    yield h
    h.server.shutdown()
    h.server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _report(n_bad: int, baseline: bool = False) -> Report:
    report = Report()
    if baseline:
        report.summary.changes = ChangeCounts()
    for i in range(n_bad + 2):
        target = f"site{i}.example.com"
        bad = i < n_bad
        findings = (
            (Finding("psb-icon-missing", f"https://{target}/"), Finding("psb-link-legacy", "x"))
            if bad
            else ()
        )
        r = TargetResult(target, f"https://{target}/", None, "fail" if bad else "pass", findings=findings)
        if baseline:
            r = TargetResult(
                **{
                    **{f: getattr(r, f) for f in r.__dataclass_fields__},
                    "change": compare(r, Known("pass", frozenset({"psb-link-legacy"}))),
                }
            )
        report.add(r)
    return report


def test_message_lists_failing_targets_with_their_codes_capped() -> None:
    title, body = notify.message(_report(17), "en", limit=15)
    assert title == "beian-check: 17 failing, 0 not checkable, of 19"
    lines = body.splitlines()
    assert lines[:3] == ["19 targets: 2 pass, 17 fail, 0 could not be checked.", "", "Failing targets:"]
    assert lines[3] == "- site0.example.com (fail): psb-icon-missing"  # error codes, not warnings
    assert len(lines) == 3 + 15 + 1 and lines[-1] == "and 2 more"


def test_message_with_a_baseline_lists_the_new_codes_in_chinese() -> None:
    title, body = notify.message(_report(2, baseline=True), "zh")
    assert title == "beian-check：2 个新问题，0 个已修复"
    assert body.splitlines() == [
        "共 4 个站点：2 个合规，2 个不合规，0 个无法检查。",
        "与基线相比：2 个新问题，0 个新出现无法检查，0 个已修复，0 个新站点",
        "",
        "新问题：",
        "- site0.example.com（不合规）：psb-icon-missing",
        "- site1.example.com（不合规）：psb-icon-missing",
    ]


@pytest.mark.parametrize(
    "on,n_bad,baseline,sent",
    [
        ("fail", 0, False, False),
        ("fail", 1, False, True),
        ("always", 0, False, True),
        ("new", 0, True, False),
        ("new", 1, True, True),
        ("fail", 1, True, True),
        ("always", 0, True, True),
    ],
)
def test_when_to_send(on: str, n_bad: int, baseline: bool, sent: bool) -> None:
    assert notify.should_send(_report(n_bad, baseline), on) is sent


@pytest.mark.parametrize(
    "url,hidden",
    [
        ("json://ops:s3cr3t-token@127.0.0.1:8080/beian?token=q-secret", ["s3cr3t-token", "q-secret"]),
        ("wxteams://0123456789abcdef0123", ["0123456789abcdef0123"]),
        ("dingtalk://abcdefghijklmnop1234/", ["abcdefghijklmnop1234"]),
        ("nosuchservice://user:topsecret@host/path", ["topsecret", "user", "host"]),
        ("not a url with a secret", ["secret"]),
    ],
)
def test_masked_urls_keep_secrets_out(url: str, hidden: list[str]) -> None:
    shown = notify.mask(url)
    assert shown and not any(h in shown for h in hidden), shown


def test_notification_after_the_report(tmp_path: Path, hook: Hook) -> None:
    with farm(tmp_path, bad=("beta.example.net", "iota.shop")) as f:
        out = tmp_path / "r.json"
        code, _, err = f.check(f.targets(), "--format", "json", "--output", str(out), "--notify", hook.url())
        assert (code, err) == (1, "")
        assert json.loads(out.read_text(encoding="utf-8"))["summary"]["fail"] == 2
    assert len(hook.received) == 1
    sent = hook.received[0]
    assert sent["path"] == "/beian" and sent["auth"] is not None
    assert sent["title"] == f"beian-check: 2 failing, 0 not checkable, of {len(HOSTS)}"
    assert sent["message"].splitlines() == [
        f"{len(HOSTS)} targets: {len(HOSTS) - 2} pass, 2 fail, 0 could not be checked.",
        "",
        "Failing targets:",
        "- beta.example.net (fail): psb-icon-missing",
        "- iota.shop (fail): psb-icon-missing",
    ]


def test_with_a_baseline_only_new_problems_are_sent(tmp_path: Path, hook: Hook) -> None:
    with farm(tmp_path, bad=("beta.example.net",)) as f:
        targets = f.targets()
        base = tmp_path / "base.json"
        f.check(targets, "--format", "json", "--output", str(base))
        code, _, _ = f.check(targets, "--baseline", str(base), "--notify", hook.url())
        assert code == 0 and hook.received == []  # old failure only: quiet night
        f.page("kappa.example.edu.cn", NOBADGE)
        f.page("beta.example.net", GOOD)
        code, _, _ = f.check(targets, "--baseline", str(base), "--notify", hook.url())
        assert code == 1 and len(hook.received) == 1
        assert hook.received[0]["title"] == "beian-check: 1 new problem(s), 1 fixed"
        assert hook.received[0]["message"].splitlines()[-2:] == [
            "New problems:",
            "- kappa.example.edu.cn (fail): psb-icon-missing",
        ]
        code, _, _ = f.check(
            targets, "--notify-on", "always", "--site", "alpha.example.com", "--notify", hook.url()
        )
    assert len(hook.received) == 2


@pytest.mark.slow
@pytest.mark.parametrize("broken", ["closed-port", "http-500"])
def test_undeliverable_notification_is_a_warning_only(tmp_path: Path, broken: str) -> None:
    h = Hook(status=500)
    h.thread.start()
    try:
        port = _closed_port() if broken == "closed-port" else h.port
        url = f"json://ops:s3cr3t-token@127.0.0.1:{port}/beian"
        with farm(tmp_path, bad=("beta.example.net",)) as f:
            out = tmp_path / "r.jsonl"
            code, _, err = f.check(f.targets(), "--format", "jsonl", "-o", str(out), "--notify", url)
    finally:
        h.server.shutdown()
        h.server.server_close()
    assert code == 1  # what the run found, not the notification
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(HOSTS)
    assert err == (
        f"beian-check: warning: the notification to json://ops:****@127.0.0.1:{port}/beian could "
        "not be delivered; the report stands\n"
    )
    assert "s3cr3t" not in err


def test_bad_notify_options_stop_before_any_request(tmp_path: Path) -> None:
    with farm(tmp_path) as f:
        code, _, err = f.check(f.targets(), "--notify", "nosuchservice://user:topsecret@example.com/")
        assert code == 2 and "topsecret" not in err
        assert err == "beian-check: --notify: nosuchservice://… is not a notification URL Apprise knows\n"
        code, _, err = f.check(f.targets(), "--notify", "json://127.0.0.1/", "--notify-on", "new")
        assert code == 2 and "--notify-on new needs --baseline" in err
        assert f.server.requests == []
