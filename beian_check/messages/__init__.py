"""Every human-facing string, in English and Chinese: one catalogue.

The core is language-neutral: a finding carries a catalogue key and its arguments, and a
report renders them in the reader's language (``--lang``, else the locale). Finding codes,
JSON keys and exit codes never change with the language. Chinese is written the way a
Chinese ops engineer writes it, with the official terms: ICP备案号, 公安联网备案号,
公安备案图标, 全国互联网安全管理服务平台 (beian.mps.gov.cn), 工信部备案系统 (beian.miit.gov.cn).

An argument may itself be a ``Text`` (a key with arguments), so that reasons such as
"the number is not a link" are translated inside the message that quotes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Union

from .fetch import FETCH
from .findings import FINDINGS, MIIT, MPS, PHRASES
from .notify import NOTIFY
from .report import CLI, REPORT

LANGS = ("en", "zh")

Arg = Union[str, int, "Text"]


@dataclass(frozen=True, slots=True)
class Text:
    """A catalogue key and its arguments: a sentence not yet in any language."""

    key: str
    args: tuple[tuple[str, Arg], ...] = ()

    def render(self, lang: str = "en") -> str:
        return t(self.key, lang, **dict(self.args))

    def __str__(self) -> str:
        return self.render("en")


def text(key: str, **args: Arg) -> Text:
    return Text(key, tuple(args.items()))


__all__ = [
    "CATALOGUE",
    "CLI",
    "FETCH",
    "FINDINGS",
    "LANGS",
    "MIIT",
    "MPS",
    "NOTIFY",
    "PHRASES",
    "REPORT",
    "Arg",
    "Text",
    "lang_from_env",
    "t",
    "text",
]


def _merge(*tables: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for table in tables:
        for key, value in table.items():
            if key in out:
                raise ValueError(f"duplicate message key {key!r}")
            out[key] = value
    return out


CATALOGUE = _merge(FINDINGS, PHRASES, FETCH, REPORT, CLI, NOTIFY)


def t(key: str, lang: str = "en", **args: Arg) -> str:
    """The message ``key`` in ``lang`` (English for an unknown language), arguments filled
    in; an argument that is a ``Text`` is rendered in the same language."""
    entry = CATALOGUE[key]
    template = entry[1] if lang == "zh" else entry[0]
    if not args:
        return template
    return template.format_map({k: v.render(lang) if isinstance(v, Text) else v for k, v in args.items()})


def lang_from_env(environ: Mapping[str, str]) -> str:
    """The report language from the locale, as gettext reads it: LC_ALL, then LC_MESSAGES,
    then LANG; Chinese when the first one set starts with ``zh``, else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
