"""The one sample report every format test renders: a pass, a fail with hostile crawled
text in every field (and a fix, an ignored finding), a warning-only pass, and an error."""

from __future__ import annotations

from beian_check.fix import footer_snippet
from beian_check.model import Finding, IcpMark, PageFetch, PsbMark, Report, RunInfo, TargetResult

HOSTILE = "<script>alert(1)</script> \"q\" 'a' & , =cmd|x ]]> \x1b[31mred\x1b[0m | *b* `c` \x07"
RUN = RunInfo(
    "0.2.0",
    "2026-11-27T10:00:00+08:00",
    12.345,
    strict=False,
    ignore=("page-redirect-offsite",),
    render="never",
    lang="en",
)


def sample_report(interrupted: bool = False) -> Report:
    report = Report(run=RUN)
    report.add(
        TargetResult(
            "good.example.cn",
            "https://good.example.cn/",
            "https://www.good.example.cn/",
            "pass",
            IcpMark("京ICP备2021017352号-2", "filing", "https://beian.miit.gov.cn/"),
            PsbMark(
                "京公网安备11010502030143号",
                "11010502030143",
                "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143",
                "https://www.good.example.cn/static/gongan.png",
            ),
            (PageFetch("https://www.good.example.cn/", 200),),
            (),
        )
    )
    report.add(
        TargetResult(
            "=evil.example.cn " + HOSTILE,
            "http://evil.example.cn/",
            "http://evil.example.cn/",
            "fail",
            IcpMark("京ICP备2021017352号-2", "filing", "http://www.miitbeian.gov.cn/?" + HOSTILE),
            None,
            (PageFetch("http://evil.example.cn/", 200),),
            (
                Finding(
                    "icp-link-retired",
                    "http://evil.example.cn/",
                    '<a href="http://www.miitbeian.gov.cn/">' + HOSTILE + "</a>",
                    args=(
                        ("number", "京ICP备2021017352号-2"),
                        ("url", "http://www.miitbeian.gov.cn/?" + HOSTILE),
                    ),
                ),
                Finding("psb-missing", "http://evil.example.cn/"),
                Finding(
                    "psb-link-legacy",
                    "http://evil.example.cn/",
                    "",
                    "warning",
                    args=(
                        ("number", "京公网安备11010502030143号"),
                        ("url", "http://www.beian.gov.cn/"),
                        ("want", "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"),
                    ),
                ),
            ),
            ignored=("page-redirect-offsite",),
            fix=footer_snippet("京ICP备2021017352号-2", "11010502030143"),
        )
    )
    report.add(
        TargetResult(
            "warn.example.cn",
            "https://warn.example.cn/",
            "https://warn.example.cn/",
            "pass",
            IcpMark("沪ICP备12345678号", "filing", "https://beian.miit.gov.cn/"),
            PsbMark(
                "沪公网安备31010402000001号",
                "31010402000001",
                "https://beian.mps.gov.cn/#/query/webSearch?code=31010402000001",
                None,
            ),
            (PageFetch("https://warn.example.cn/", 200),),
            (
                Finding(
                    "psb-icon-unverified",
                    "https://warn.example.cn/",
                    '<i class="beian-icon"></i>',
                    key="psb-icon-unverified.css",
                ),
            ),
        )
    )
    report.add(
        TargetResult(
            "down.example.cn",
            "https://down.example.cn/",
            None,
            "error",
            None,
            None,
            (),
            (
                Finding(
                    "fetch-failed",
                    "https://down.example.cn/",
                    args=(("reason", "connect timeout"),),
                    detail="ConnectTimeout: 127.0.0.1:443 via proxy http://10.0.0.1:3128",
                ),
            ),
        )
    )
    report.summary.interrupted = interrupted
    return report
