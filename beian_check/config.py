"""The configuration file: ``--config FILE``, else ``beian-check.toml`` in the working
directory, else the ``[tool.beian-check]`` table of ``pyproject.toml`` there.

Keys are the long option names (``per-host = 8``, ``ignore = ["psb-missing"]``), plus
``targets`` for the positional arguments. Values become click's defaults, so an option on
the command line wins. Every key is checked with the option's own type before anything
runs: an unknown key or a bad value is one error naming the file and the key.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from .messages import Text, text

FILE = "beian-check.toml"


class ConfigError(Exception):
    def __init__(self, reason: Text) -> None:
        super().__init__(str(reason))
        self.reason = reason


def find(explicit: str | None, cwd: Path) -> tuple[str, Mapping[str, Any]] | None:
    """(file name as shown to the user, the table) or None when there is no configuration."""
    if explicit is not None:
        return explicit, _load(Path(explicit), explicit)
    own = cwd / FILE
    if own.is_file():
        return FILE, _load(own, FILE)
    project = cwd / "pyproject.toml"
    if project.is_file():
        table = _load(project, "pyproject.toml").get("tool", {}).get("beian-check")
        if table is not None:
            if not isinstance(table, dict):
                raise ConfigError(
                    text(
                        "cli.config-bad-value",
                        file="pyproject.toml",
                        name="tool.beian-check",
                        message="not a table",
                    )
                )
            return "pyproject.toml [tool.beian-check]", table
    return None


def _load(path: Path, shown: str) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(text("cli.no-such-file", path=shown)) from None
    except OSError as e:
        raise ConfigError(text("cli.cannot-read", path=shown, reason=e.strerror or str(e))) from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(text("cli.config-syntax", file=shown, reason=str(e))) from None


def defaults(command: click.Command, shown: str, table: Mapping[str, Any]) -> dict[str, Any]:
    """The table as click's ``default_map``, every value converted by its option's type."""
    by_key: dict[str, click.Parameter] = {}
    for param in command.params:
        if isinstance(param, click.Argument):
            by_key[param.name or ""] = param
        for opt in param.opts:
            if opt.startswith("--") and opt not in ("--config", "--help", "--version"):
                by_key[opt[2:]] = param
    ctx = click.Context(command)
    out: dict[str, Any] = {}
    for key, value in table.items():
        found = by_key.get(key)
        if found is None or found.name is None:
            close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.6)
            hint = text("cli.did-you-mean", suggestion=close[0]) if close else ""
            raise ConfigError(text("cli.config-unknown-key", file=shown, name=key, hint=hint))
        out[found.name] = _convert(ctx, found, shown, key, value)
    return out


def _convert(ctx: click.Context, param: click.Parameter, shown: str, key: str, value: Any) -> Any:
    many = param.multiple or param.nargs == -1
    if many and isinstance(value, str):
        value = [value]
    bad = None
    if many and not (isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value)):
        bad = "cli.want-list"
    elif not many and isinstance(value, (list, dict)):
        bad = "cli.want-single"
    elif isinstance(param, click.Option) and param.is_flag and not isinstance(value, bool):
        bad = "cli.want-bool"
    if bad is not None:
        raise ConfigError(text("cli.config-bad-value", file=shown, name=key, message=text(bad)))
    try:
        converted = param.type_cast_value(ctx, tuple(str(v) for v in value) if many else value)
        if param.callback is not None:
            converted = param.callback(ctx, param, converted)
        return converted
    except click.BadParameter as e:
        raise ConfigError(text("cli.config-bad-value", file=shown, name=key, message=e.message)) from None
