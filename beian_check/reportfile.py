"""Read a ``json`` or ``jsonl`` report back: for --baseline and for ``beian-check merge``.

Lenient with what is inside (an older version's report may lack keys, a newer one may
add some), strict with what is not a report at all: a ReportError is one line naming the
file, and the line for JSON Lines.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .messages import Arg, Text, text


class ReportError(Exception):
    """A file that cannot be read as a report: one line naming it (``text``, in any
    language; ``str()`` is the English)."""

    def __init__(self, key: str, **args: Arg) -> None:
        self.text = text(key, **args)
        super().__init__(self.text.render("en"))


@dataclass
class ReportFile:
    path: str
    entries: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (where, result)
    summary: dict[str, Any] | None = None  # a json report's summary; None for jsonl
    run: dict[str, Any] | None = None  # a json report's "run": how it was made
    warnings: list[Text] = field(default_factory=list)


def _entry(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ReportError("reportfile.not-result", where=where)
    if not isinstance(value.get("target"), str):
        raise ReportError("reportfile.no-target", where=where)
    return value


def _from_document(doc: Any, rf: ReportFile) -> None:
    if isinstance(doc, dict):
        schema = doc.get("schema")
        results = doc.get("results")
        if not isinstance(results, list) or (
            schema is not None and not (isinstance(schema, str) and schema.startswith("beian-check/"))
        ):
            raise ReportError("reportfile.not-report", path=rf.path)
        summary, run = doc.get("summary"), doc.get("run")
        rf.summary = summary if isinstance(summary, dict) else {}
        rf.run = run if isinstance(run, dict) else None
    elif isinstance(doc, list):
        results = doc
    else:
        raise ReportError("reportfile.not-report", path=rf.path)
    for n, value in enumerate(results):
        where = f"{rf.path}: results[{n}]"
        rf.entries.append((where, _entry(value, where)))


def _from_lines(content: str, rf: ReportFile) -> None:
    lines = content.split("\n")
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            if n == len(lines):
                # An unterminated last line: the run writing it was killed mid-line.
                rf.warnings.append(text("reportfile.incomplete", where=f"{rf.path}:{n}"))
                return
            raise ReportError("reportfile.bad-line", where=f"{rf.path}:{n}", reason=e.msg) from None
        where = f"{rf.path}:{n}"
        rf.entries.append((where, _entry(value, where)))


def parse_report(content: str, path: str) -> ReportFile:
    rf = ReportFile(path)
    body = content.strip()
    if not body:
        return rf  # a jsonl report of a run stopped before any target finished
    try:
        first = json.loads(body.split("\n", 1)[0])
    except json.JSONDecodeError:
        first = None
    if isinstance(first, dict) and "results" not in first:  # JSON Lines: one result a line
        _from_lines(content, rf)
        return rf
    try:
        doc = json.loads(body)
    except json.JSONDecodeError as e:
        raise ReportError("reportfile.not-json", where=f"{path}:{e.lineno}", reason=e.msg) from None
    _from_document(doc, rf)
    return rf


def read_report(path: str) -> ReportFile:
    """Read a json or jsonl report; ReportError (one line naming the file) otherwise."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ReportError("reportfile.missing", path=path) from None
    except IsADirectoryError:
        raise ReportError("reportfile.directory", path=path) from None
    except OSError as e:
        raise ReportError("reportfile.unreadable", path=path, reason=str(e.strerror or e)) from None
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ReportError("reportfile.not-utf8", where=f"{path}:{line}") from None
    return parse_report(content, path)
