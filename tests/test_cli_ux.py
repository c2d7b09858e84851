"""The command line as its users meet it: their language, one-line errors with a hint,
per-target ignore=, the fix in the JSON result, --only-failures and -v."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from beian_check.cli import main

from .conftest import BADGE_PNG
from .servers import Server, response

GOOD = (
    '<html><body><footer><a href="https://beian.miit.gov.cn/">京ICP备2021017352号-2</a> '
    '<img src="/badge.png"><a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">'
    "京公网安备11010502030143号</a></footer></body></html>"
)
NOBADGE = GOOD.replace('<img src="/badge.png">', "")
NOLINK = "<html><body><footer>京ICP备2021017352号-2</footer></body></html>"


@pytest.fixture
def site() -> Server:  # type: ignore[misc]
    with Server(
        {
            "/": response(200, GOOD),
            "/bad": response(200, NOBADGE),
            "/nolink": response(200, NOLINK),
            "/badge.png": response(200, BADGE_PNG, "image/png"),
        }
    ) as s:
        yield s


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    locale = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", **(env or {})}
    r = CliRunner(env=locale).invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_language_from_the_locale_and_from_lang(site: Server) -> None:
    _, zh, _ = run("--site", site.url("/bad"), env={"LANG": "zh_CN.UTF-8"})
    assert "不通过" in zh and "公安备案图标" in zh and "psb-icon-missing" in zh
    _, en, _ = run("--site", site.url("/bad"), "--lang", "en", env={"LANG": "zh_CN.UTF-8"})
    assert "FAIL" in en and "不通过" not in en and "psb-icon-missing" in en
    _, zh_json, _ = run("--site", site.url("/bad"), "--format", "json", "--lang", "zh")
    _, en_json, _ = run("--site", site.url("/bad"), "--format", "json", "--lang", "en")
    a, b = json.loads(zh_json), json.loads(en_json)
    codes = [[f["code"] for f in doc["results"][0]["findings"]] for doc in (a, b)]
    assert codes[0] == codes[1]
    assert a["results"][0]["status"] == b["results"][0]["status"] == "fail"
    assert "图标" in a["results"][0]["findings"][0]["message"]


@pytest.mark.parametrize(
    "args,lang,expected",
    [
        (
            ["--ignore", "psb-mising", "--site", "x.cn"],
            "en",
            "beian-check: --ignore: unknown finding code psb-mising (did you mean psb-missing?)",
        ),
        (
            ["--ignore", "psb-mising", "--site", "x.cn"],
            "zh",
            "beian-check: --ignore：未知的问题代码 psb-mising（是否想写 psb-missing？）",
        ),
        (["--format", "xml", "x.cn"], "en", "beian-check: invalid value for --format: "),
        (["--no-such", "x.cn"], "en", "beian-check: no such option: --no-such (see beian-check --help)"),
        (["--lang"], "en", "beian-check: "),
        ([], "zh", "beian-check: 没有目标："),
        (["--pages", "about"], "en", "beian-check: --pages: 'about' is not a path starting with /"),
    ],
)
def test_one_line_errors_in_the_users_language(args: list[str], lang: str, expected: str) -> None:
    code, out, err = run(*args, env={"LANG": "zh_CN.UTF-8" if lang == "zh" else "en_US.UTF-8"})
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(expected), err
    assert "Usage:" not in err and "Traceback" not in err


def test_bad_targets_lines_in_chinese(tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(
        "example.com colour=red\nexample.org ignore=psb-mising\nexample.net online=2026-13-01\n",
        encoding="utf-8",
    )
    code, out, err = run(str(f), "--lang", "zh")
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{f}:1: 未知的字段 'colour'（可用字段：icp, psb, pages, online, ignore）",
        f"{f}:2: ignore=：未知的问题代码 psb-mising（是否想写 psb-missing？）",
        f"{f}:3: 日期无效 online='2026-13-01'（请用 YYYY-MM-DD 格式）",
        "beian-check: 3 行有误，未进行任何检查",
    ]


def test_ignore_for_one_target_alone(site: Server, tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(f"{site.url('/bad')} ignore=psb-icon-missing\n{site.url('/bad')}?again\n", encoding="utf-8")
    code, out, _ = run(str(f), "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert [r["status"] for r in doc["results"]] == ["pass", "fail"]
    assert doc["results"][0]["ignored"] == ["psb-icon-missing"] and "ignored" not in doc["results"][1]
    assert doc["summary"]["ignored"] == 1


def test_the_fix_for_a_failing_target(site: Server, tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(f"{site.url('/nolink')} psb=11010502030143\n{site.url('/')}\n", encoding="utf-8")
    code, out, _ = run(str(f), "--format", "json")
    bad, good = json.loads(out)["results"]
    assert code == 1 and bad["status"] == "fail" and "fix" not in good
    assert bad["fix"] == (
        '<a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">京ICP备2021017352号-2</a>\n'
        '<img src="/beian-gongan.png" alt="" width="20" height="20" style="vertical-align:middle">'
        '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143" target="_blank" '
        'rel="noreferrer">京公网安备11010502030143号</a>'
    )
    _, md, _ = run(str(f), "--format", "markdown")
    assert "```html\n" + bad["fix"] + "\n```" in md
    _, html, _ = run(str(f), "--format", "html", "--lang", "zh")
    assert "修正后的页脚代码" in html and "&lt;img src=&quot;/beian-gongan.png&quot;" in html


def test_only_failures_and_run_info(site: Server, tmp_path: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(f"{site.url('/')}\n{site.url('/bad')}\n", encoding="utf-8")
    code, out, _ = run(str(f), "--only-failures", "--strict", "--ignore", "page-inconsistent")
    assert code == 1
    assert site.url("/bad") in out and f"PASS    {site.url('/')}" not in out
    assert "targets checked: 2 · pass 1 · fail 1 · error 0" in out and "passing targets not listed: 1" in out
    assert "strict: on, ignored codes: page-inconsistent, render: never" in out
    _, js, _ = run(str(f), "--format", "json", "--strict")
    run_info = json.loads(js)["run"]
    assert run_info["options"] == {"strict": True, "ignore": [], "render": "never"}
    assert run_info["version"] == "0.2.0" and run_info["started"][:2] == "20" and run_info["duration_s"] >= 0


def test_verbose_shows_the_operator_detail() -> None:
    """The owner reads what is wrong; the operator, with -v, reads the exception."""
    code, quiet, _ = run("--site", "http://127.0.0.1:1/", "--retries", "0")
    assert code == 3 and "connection refused" in quiet and "Connect call failed" not in quiet
    code, loud, _ = run("--site", "http://127.0.0.1:1/", "--retries", "0", "-v")
    assert code == 3 and "      detail: " in loud and "127.0.0.1', 1)" in loud
    _, js, _ = run("--site", "http://127.0.0.1:1/", "--retries", "0", "--format", "json")
    finding = json.loads(js)["results"][0]["findings"][0]
    assert "127.0.0.1', 1)" in finding["detail"] and "127.0.0.1', 1)" not in finding["message"]


def test_an_argument_that_is_no_file_but_a_domain_or_url_is_a_target(
    site: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(site.url("/"), "--format", "jsonl")
    assert code == 0 and json.loads(out)["target"] == site.url("/")
    listed = tmp_path / "list.txt"
    listed.write_text(site.url("/bad") + "\n", encoding="utf-8")
    code, out, _ = run(site.url("/"), "list.txt", site.url("/nolink"), "--format", "jsonl")
    assert code == 1
    assert [json.loads(x)["target"] for x in out.splitlines()] == [
        site.url("/"),
        site.url("/bad"),
        site.url("/nolink"),
    ]


@pytest.mark.parametrize(
    "arg,reason",
    [
        (
            "domains.txt",
            "it looks like a file name; for a site of that name use --site or https://domains.txt/",
        ),
        ("sub/list", "it looks like a file path"),
        ("intranet", "a domain needs at least two labels"),
        (
            "build.test",
            "build.test has no public suffix; for an intranet name use a URL such as http://build.test/",
        ),
        ("ftp://x.cn/", "unsupported URL scheme 'ftp'"),
    ],
)
def test_an_argument_that_is_neither_gets_one_line_with_a_hint(
    arg: str, reason: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(arg)
    assert code == 2 and out == "" and err.count("\n") == 1
    head = f"beian-check: {arg}: no such file or directory, and not a domain or URL either ({reason}"
    assert err.startswith(head)
    assert "give a targets file, a build directory" in err


def test_configuration_file(site: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "beian-check.toml").write_text(
        f'targets = ["{site.url("/bad")}"]\nformat = "json"\nignore = ["psb-icon-missing"]\nper-host = 2\n'
        "only-failures = true\n",
        encoding="utf-8",
    )
    code, out, _ = run()
    doc = json.loads(out)
    assert code == 0 and doc["run"]["options"]["ignore"] == ["psb-icon-missing"]
    # The command line wins, option by option.
    code, out, _ = run(site.url("/"), "--ignore", "page-inconsistent", "--format", "text")
    assert code == 0 and site.url("/bad") not in out and "ignored codes: page-inconsistent" in out
    # pyproject.toml's [tool.beian-check] when there is no beian-check.toml ...
    (tmp_path / "beian-check.toml").unlink()
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[tool.beian-check]\ntargets = ["{site.url("/bad")}"]\nformat = "jsonl"\n',
        encoding="utf-8",
    )
    code, out, _ = run()
    assert code == 1 and json.loads(out)["status"] == "fail"
    # ... and --config FILE names another.
    other = tmp_path / "ci.toml"
    other.write_text(f'site = "{site.url("/")}"\nlang = "zh"\n', encoding="utf-8")
    code, out, _ = run("--config", str(other), "--format", "text")
    assert code == 0 and "通过" in out


@pytest.mark.parametrize(
    "body,expected",
    [
        ('formt = "json"', "beian-check: beian-check.toml: unknown key formt (did you mean format?)"),
        ('per-host = "many"', "beian-check: beian-check.toml: per-host: "),
        ('format = "xml"', "beian-check: beian-check.toml: format: "),
        ('strict = "yes"', "beian-check: beian-check.toml: strict: expected true or false"),
        ("ignore = 5", "beian-check: beian-check.toml: ignore: expected a list of strings"),
        ('format = ["json"]', "beian-check: beian-check.toml: format: expected a single value, not a list"),
        ("format = ", "beian-check: beian-check.toml: not valid TOML (Invalid value (at line 1, column 10))"),
        ('config = "x.toml"', "beian-check: beian-check.toml: unknown key config"),
    ],
)
def test_configuration_errors_name_file_and_key(
    body: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "beian-check.toml").write_text(body + "\n", encoding="utf-8")
    code, out, err = run("--site", "example.com")
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith(expected), err


def test_missing_config_file(tmp_path: Path) -> None:
    code, _, err = run("--config", str(tmp_path / "nope.toml"), "x.cn")
    assert code == 2 and err == f"beian-check: {tmp_path / 'nope.toml'}: no such file or directory\n"


def _messages(out: str) -> list[str]:
    return [f["message"] for r in json.loads(out)["results"] for f in r["findings"]]


def test_no_operator_detail_in_any_message(site: Server, tmp_path: Path) -> None:
    """Network error text, proxy addresses and file:// paths go to detail, never to the
    message the site owner reads."""
    _, out, _ = run(
        "--site", "example.cn", "--proxy", "http://127.0.0.1:1", "--retries", "0", "--format", "json"
    )
    (finding,) = json.loads(out)["results"][0]["findings"]
    assert "127.0.0.1:1" in finding["detail"] and "127.0.0.1" not in finding["message"]
    build = tmp_path / "public"
    build.mkdir()
    page = GOOD.replace("/badge.png", "http://127.0.0.1:1/badge.png")
    (build / "index.html").write_text(page, encoding="utf-8")
    for lang in ("en", "zh"):
        _, out, _ = run(
            str(build), "--pages", "/about/", "--format", "json", "--lang", lang, "--retries", "0"
        )
        messages = _messages(out)
        assert len(messages) == 2 and "/about/" in messages[1], messages
        for m in messages:
            assert "file:" not in m and "Connect call failed" not in m and "Error" not in m, m


def test_progress_line_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    from beian_check.cli import Progress
    from beian_check.model import TargetResult

    bar = Progress(2, enabled=True, lang="zh")
    bar.update(TargetResult("a.cn", "https://a.cn/", None, "pass"))
    bar.update(TargetResult("b.cn", "https://b.cn/", None, "fail"))
    bar.close()
    assert capsys.readouterr().err.endswith("2/2 通过 1 不通过 1 无法检查 0 \n")
