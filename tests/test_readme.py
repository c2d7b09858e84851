"""The README is the manual: its options block is the real --help, and its code table
lists exactly the codes the tool can emit."""

from __future__ import annotations

import re

from click.testing import CliRunner

from beian_check.cli import main
from beian_check.model import CODES

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_options_block_matches_help() -> None:
    help_text = CliRunner().invoke(main, ["--help"], terminal_width=100, prog_name="beian-check").stdout
    options = help_text[help_text.index("Options:") :].rstrip()
    block = re.search(r"```text\n(Usage: beian-check.*?)\n\n(Options:.*?)\n```", README, re.S)
    assert block is not None
    assert block.group(1) == help_text.splitlines()[0]
    assert block.group(2).rstrip() == options


def test_every_code_documented() -> None:
    documented = set(re.findall(r"^\| `([a-z-]+)` \| (?:error|warning|error-status) \|", README, re.M))
    assert documented == set(CODES)
