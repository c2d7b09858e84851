"""Notification messages and report-file reading errors (--baseline, merge, --notify)."""

from __future__ import annotations

# Monitoring (baseline.py, notify.py, shard.py, merge.py, reportfile.py): the message sent
# to the team's chat, what changed since a baseline, and the one-line errors of reading
# reports back.
NOTIFY: dict[str, tuple[str, str]] = {
    "notify.title.new": (
        "beian-check: {new} new problem(s), {fixed} fixed",
        "beian-check：{new} 个新问题，{fixed} 个已修复",
    ),
    "notify.title.fail": (
        "beian-check: {failed} failing, {errors} not checkable, of {targets}",
        "beian-check：{targets} 个站点中 {failed} 个不合规，{errors} 个无法检查",
    ),
    "notify.counts": (
        "{targets} targets: {passed} pass, {failed} fail, {errors} could not be checked.",
        "共 {targets} 个站点：{passed} 个合规，{failed} 个不合规，{errors} 个无法检查。",
    ),
    "notify.interrupted": (
        "The run was interrupted: unfinished targets are not counted.",
        "本次检查被中断：未完成的站点未计入。",
    ),
    "notify.heading.new": ("New problems:", "新问题："),
    "notify.heading.fail": ("Failing targets:", "不合规或无法检查的站点："),
    "notify.item": ("- {target} ({status}): {codes}", "- {target}（{status}）：{codes}"),
    "notify.more": ("and {count} more", "还有 {count} 个"),
    "notify.status.fail": ("fail", "不合规"),
    "notify.status.error": ("not checkable", "无法检查"),
    "notify.status.pass": ("pass", "合规"),
    "notify.missing": (
        "--notify needs Apprise: pip install 'beian-check[notify]'",
        "--notify 需要 Apprise：pip install 'beian-check[notify]'",
    ),
    "notify.bad-url": (
        "--notify: {url} is not a notification URL Apprise knows",
        "--notify：{url} 不是 Apprise 支持的通知地址",
    ),
    "notify.needs-baseline": (
        "--notify-on new needs --baseline: new problems are counted against a baseline",
        "--notify-on new 需要 --baseline：新问题是相对基线报告统计的",
    ),
    "notify.failed": (
        "warning: the notification to {url} could not be delivered; the report stands",
        "警告：发往 {url} 的通知未能送达；报告和退出码不受影响",
    ),
    # A finding message read back from a report that lacks its key and arguments (an
    # older version's): shown as it was written.
    "report.verbatim": ("{text}", "{text}"),
    "change.summary": (
        "Since the baseline: {new} new problem(s), {new_errors} newly not checkable, {fixed} fixed, "
        "{new_targets} new target(s)",
        "与基线相比：{new} 个新问题，{new_errors} 个新出现无法检查，{fixed} 个已修复，{new_targets} 个新站点",
    ),
    "change.dropped": ("{count} baseline target(s) not in this run", "基线中有 {count} 个站点不在本次检查中"),
    "change.tag.new": ("new", "新问题"),
    "change.tag.fixed": ("fixed", "已修复"),
    "change.new-target": ("new target", "新站点"),
    "change.new-codes": ("new: {codes}", "新增：{codes}"),
    "change.gone-codes": ("gone: {codes}", "已消除：{codes}"),
    "shard.syntax": (
        "--shard {value} is not K/N (e.g. 2/5: the second of five parts)",
        "--shard {value} 不是 K/N 格式（例如 2/5：五份中的第二份）",
    ),
    "shard.range": (
        "--shard {value}: K must be between 1 and N, and N at most 65536",
        "--shard {value}：K 必须在 1 到 N 之间，N 最大为 65536",
    ),
    "baseline.error": ("--baseline {problem}", "--baseline 基线报告：{problem}"),
    "reportfile.missing": ("{path}: no such file", "{path}：文件不存在"),
    "reportfile.directory": ("{path}: is a directory, not a report", "{path}：是目录，不是报告文件"),
    "reportfile.unreadable": ("{path}: cannot read ({reason})", "{path}：无法读取（{reason}）"),
    "reportfile.not-utf8": (
        "{where}: not UTF-8 text; is this a beian-check report?",
        "{where}：不是 UTF-8 文本；这是 beian-check 的报告吗？",
    ),
    "reportfile.not-json": (
        "{where}: not a JSON or JSON Lines report ({reason})",
        "{where}：不是 JSON 或 JSON Lines 格式的报告（{reason}）",
    ),
    "reportfile.bad-line": (
        "{where}: not a JSON report line ({reason})",
        "{where}：不是有效的 JSON 报告行（{reason}）",
    ),
    "reportfile.not-result": (
        "{where}: not a report result (a JSON object expected)",
        "{where}：不是报告结果（应为 JSON 对象）",
    ),
    "reportfile.no-target": (
        '{where}: a result without a "target"; is this a beian-check report?',
        '{where}：结果缺少 "target"；这是 beian-check 的报告吗？',
    ),
    "reportfile.not-report": ("{path}: not a beian-check report", "{path}：不是 beian-check 的报告"),
    "reportfile.incomplete": (
        "{where}: incomplete last line ignored (the run was interrupted?)",
        "{where}：最后一行不完整，已忽略（检查被中断？）",
    ),
    "merge.mixed": (
        '{where}: a result without "index" among --shard results; merge the reports of one '
        "sharded run, or of ordinary runs, not both",
        '{where}：与 --shard 的结果混在一起的结果缺少 "index"；请只合并同一次分片检查的报告，'
        "或只合并普通检查的报告",
    ),
    "merge.overlap": (
        "{where}: target {target} (index {index}) is also in {other}; the shards overlap "
        "(the same report twice, or different --shard N?)",
        "{where}：站点 {target}（index {index}）也出现在 {other} 中；分片有重叠"
        "（同一份报告给了两次，或 --shard 的 N 不同？）",
    ),
}
