"""--notify URL: one short message to the team's chat after the report is written.

Apprise speaks the services by URL (WeCom/企业微信 ``wxteams://``, DingTalk
``dingtalk://``, Feishu/Lark ``feishu://``/``lark://``, Slack, Telegram, e-mail, plain
``json://`` webhooks), so there is one option for all of them. It is an optional extra
(``pip install 'beian-check[notify]'``) imported only when --notify is given.

A notification is a side channel: one that cannot be delivered is a warning, never a
change to the report or the exit status. URLs carry tokens, so a URL is only ever shown
masked.
"""

from __future__ import annotations

import warnings
from typing import Any

from .baseline import got_worse
from .messages import Text, t, text
from .model import Report, TargetResult
from .report.base import clean

ON = ("new", "fail", "always")
LIMIT = 15  # targets listed; then "and N more"


def _apprise() -> Any:
    # Apprise loads its plugins on first use, and one of them imports the deprecated
    # imghdr module: that warning is Apprise's business, not this run's.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import apprise

        apprise.Apprise().add("json://localhost")  # load the plugins now, warnings muted
    return apprise


def available() -> Text | None:
    """None when Apprise can be used, else the one-line problem."""
    try:
        _apprise()
    except ImportError:
        return text("notify.missing")
    return None


def mask(url: str) -> str:
    """A URL as it may be shown: Apprise's privacy form (tokens cut to their first and last
    character, passwords starred), without the query; only the scheme when Apprise cannot
    read it."""
    try:
        ap = _apprise().Apprise()
        shown = str(ap[0].url(privacy=True)).split("?", 1)[0].rstrip("/") if ap.add(url) and len(ap) else ""
    except Exception:  # noqa: BLE001 - masking must never fail or leak
        shown = ""
    if shown:
        return shown
    scheme = url.split("://", 1)[0] if "://" in url else ""
    return f"{scheme[:20]}://…" if scheme.isalnum() else "…"


def check_urls(urls: list[str]) -> Text | None:
    """The first URL Apprise cannot use, as a one-line problem (masked), else None."""
    problem = available()
    if problem:
        return problem
    for url in urls:
        ap = _apprise().Apprise()
        if not ap.add(url):
            return text("notify.bad-url", url=mask(url))
    return None


def should_send(report: Report, on: str) -> bool:
    s = report.summary
    if on == "always":
        return True
    if on == "new":
        return s.changes is not None and (s.changes.new_problems + s.changes.new_errors) > 0
    return s.failed + s.errors > 0


def _item(r: TargetResult, lang: str) -> str:
    if r.change is not None and r.change.kind != "new-target":
        codes = list(r.change.new)
    else:
        codes = [f.code for f in r.findings if f.severity == "error"] or [f.code for f in r.findings]
    status = t(f"notify.status.{r.status}", lang)
    if r.change is not None and r.change.kind == "new-target":
        status += ", " + t("change.new-target", lang)
    return t(
        "notify.item", lang, target=clean(r.target), status=status, codes=", ".join(dict.fromkeys(codes))
    )


def message(report: Report, lang: str = "en", limit: int = LIMIT) -> tuple[str, str]:
    """(title, body): the counts, then the new problems (with a baseline) or the targets
    that fail or cannot be checked, at most ``limit`` of them, each with its codes."""
    s, c = report.summary, report.summary.changes
    lines = [t("notify.counts", lang, targets=s.targets, passed=s.passed, failed=s.failed, errors=s.errors)]
    if c is not None:
        title = t("notify.title.new", lang, new=c.new_problems + c.new_errors, fixed=c.fixed)
        lines.append(
            t(
                "change.summary",
                lang,
                new=c.new_problems,
                new_errors=c.new_errors,
                fixed=c.fixed,
                new_targets=c.new_targets,
            )
        )
        listed = [r for r in report.results if got_worse(r)]
        heading = "notify.heading.new"
    else:
        title = t("notify.title.fail", lang, failed=s.failed, errors=s.errors, targets=s.targets)
        listed = [r for r in report.results if r.status != "pass"]
        heading = "notify.heading.fail"
    if s.interrupted:
        lines.append(t("notify.interrupted", lang))
    if listed:
        lines += ["", t(heading, lang)] + [_item(r, lang) for r in listed[:limit]]
        if len(listed) > limit:
            lines.append(t("notify.more", lang, count=len(listed) - limit))
    return title, "\n".join(lines)


def send(urls: list[str], title: str, body: str) -> list[Text]:
    """Send to every URL; return a warning line (URL masked) for each one that failed."""
    apprise = _apprise()
    problems = []
    for url in urls:
        try:
            ap = apprise.Apprise()
            ok = bool(ap.add(url)) and bool(
                ap.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT)
            )
        except Exception:  # noqa: BLE001 - a notification never takes the run down
            ok = False
        if not ok:
            problems.append(text("notify.failed", url=mask(url)))
    return problems
