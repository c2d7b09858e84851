"""Report formats' fixed strings and the command line's progress line and one-line
errors."""

from __future__ import annotations

# Report headings, status words, table headers (report/), the command line's one-line
# errors and progress (cli.py), notifications: added by their owners, in both languages.
REPORT: dict[str, tuple[str, str]] = {
    "report.title": ("beian-check report", "beian-check 备案检查报告"),
    "report.status.pass": ("pass", "通过"),
    "report.status.fail": ("fail", "不通过"),
    "report.status.error": ("error", "无法检查"),
    "report.severity.error": ("error", "错误"),
    "report.severity.warning": ("warning", "警告"),
    "report.col.status": ("Status", "状态"),
    "report.col.target": ("Target", "目标"),
    "report.col.icp": ("ICP number", "ICP备案号"),
    "report.col.psb": ("Public-security number", "公安联网备案号"),
    "report.col.findings": ("Findings", "问题"),
    "report.col.severity": ("Severity", "级别"),
    "report.col.code": ("Code", "代码"),
    "report.col.message": ("What to change", "需要修改的内容"),
    "report.col.page": ("page", "页面"),
    "report.col.evidence": ("evidence", "相关代码"),
    "report.col.detail": ("detail", "详细信息"),
    "report.col.targets": ("targets", "目标"),
    "report.col.warnings": ("warnings", "警告"),
    "report.col.ignored": ("ignored", "已忽略"),
    # CSV column headers: the English ones are the identifiers scripts have read since 0.1.
    "report.csv.target": ("target", "目标"),
    "report.csv.status": ("status", "状态"),
    "report.csv.url": ("url", "检查地址"),
    "report.csv.final_url": ("final_url", "最终地址"),
    "report.csv.icp": ("icp", "ICP备案号"),
    "report.csv.icp_link": ("icp_link", "ICP备案号链接"),
    "report.csv.psb": ("psb", "公安联网备案号"),
    "report.csv.psb_code": ("psb_code", "公安备案编号"),
    "report.csv.psb_link": ("psb_link", "公安联网备案号链接"),
    "report.csv.psb_icon": ("psb_icon", "公安备案图标"),
    "report.csv.code": ("code", "问题代码"),
    "report.csv.severity": ("severity", "级别"),
    "report.csv.message": ("message", "需要修改的内容"),
    "report.csv.page": ("page", "页面"),
    "report.csv.evidence": ("evidence", "相关代码"),
    "report.summary": (
        "targets checked: {targets} · pass {passed} · fail {failed} · error {errors} · warnings {warnings} "
        "· ignored findings {ignored}",
        "已检查目标 {targets} 个 · 通过 {passed} · 不通过 {failed} · 无法检查 {errors} · 警告 {warnings} 条 "
        "· 已忽略问题 {ignored} 条",
    ),
    "report.run": (
        "beian-check {version}, started {started}, took {duration} s; strict: {strict}, "
        "ignored codes: {ignore}, render: {render}",
        "beian-check {version}，开始于 {started}，用时 {duration} 秒；严格模式：{strict}，"
        "忽略的代码：{ignore}，渲染：{render}",
    ),
    "report.on": ("on", "开"),
    "report.off": ("off", "关"),
    "report.interrupted": (
        "run interrupted: unfinished targets are not listed",
        "运行被中断：未完成的目标未列出",
    ),
    "report.only-failures": (
        "Only targets that fail, could not be checked or have warnings are listed (passing targets "
        "not listed: {hidden}).",
        "仅列出不通过、无法检查或有警告的目标（另有 {hidden} 个通过的目标未列出）。",
    ),
    "report.findings": ("Findings", "问题详情"),
    "report.labelled": ("{label}: {value}", "{label}：{value}"),
    "report.target-status": ("{target} ({status}):", "{target}（{status}）："),
    "report.fix.title": ("The corrected footer, ready to paste", "修正后的页脚代码，可直接粘贴"),
    "report.fix.hint": (
        "Replace the filing marks in the footer with this HTML. Keep the public-security badge "
        "image at the address of the <img>: download the official badge from the platform if the "
        "site has none.",
        "用以下 HTML 替换页脚中的备案信息。<img> 的地址处须是公安备案图标图片；如网站还没有，"
        "请从全国互联网安全管理服务平台下载官方图标。",
    ),
    "report.screenshot": ("footer screenshot", "页脚截图"),
    "report.screenshot-unreadable": ("screenshot: {path} (not readable)", "截图：{path}（无法读取）"),
}
CLI: dict[str, tuple[str, str]] = {
    "cli.progress": (
        "pass {passed} fail {failed} error {errors}",
        "通过 {passed} 不通过 {failed} 无法检查 {errors}",
    ),
    "cli.interrupted": (
        "interrupted; {done} of {total} targets finished and reported",
        "已中断；{total} 个目标中已完成并报告 {done} 个",
    ),
    "cli.no-such-file": ("{path}: no such file or directory", "{path}：文件或目录不存在"),
    "cli.not-a-target": (
        "{path}: no such file or directory, and not a domain or URL either ({reason}); give a "
        "targets file, a build directory, '-', a domain such as example.com or a URL such as "
        "https://example.com/",
        "{path}：文件或目录不存在，也不是域名或网址（{reason}）；请指定目标文件、构建目录、“-”、"
        "域名（如 example.com）或网址（如 https://example.com/）",
    ),
    "cli.looks-like-file": (
        "it looks like a file name; for a site of that name use --site or https://{path}/",
        "看起来是文件名；如确是该域名的网站，请用 --site 或 https://{path}/",
    ),
    "cli.looks-like-path": ("it looks like a file path", "看起来是文件路径"),
    "cli.no-public-suffix": (
        "{host} has no public suffix; for an intranet name use a URL such as http://{host}/",
        "{host} 没有公共后缀；内网主机名请使用网址，例如 http://{host}/",
    ),
    "cli.cannot-read": ("{path}: cannot read ({reason})", "{path}：无法读取（{reason}）"),
    "cli.cannot-write": ("{path}: cannot write ({reason})", "{path}：无法写入（{reason}）"),
    "cli.not-utf8": (
        "{where}: not UTF-8 text (save the targets file as UTF-8)",
        "{where}：不是 UTF-8 文本（请把目标文件保存为 UTF-8 编码）",
    ),
    "cli.bad-lines": ("{count} bad line(s); nothing was checked", "{count} 行有误，未进行任何检查"),
    "cli.empty": ("the targets file lists no targets", "目标文件中没有任何目标"),
    "cli.no-targets": (
        "no targets: give a targets file, a build directory, '-', a domain, or --site "
        "(see beian-check --help)",
        "没有目标：请指定目标文件、构建目录、“-”、域名或 --site（参见 beian-check --help）",
    ),
    "cli.unknown-code": (
        "{where}: unknown finding code {code}{hint}",
        "{where}：未知的问题代码 {code}{hint}",
    ),
    "cli.did-you-mean": (" (did you mean {suggestion}?)", "（是否想写 {suggestion}？）"),
    "cli.codes-hint": (" (the finding codes are listed in docs/rules.md)", "（问题代码见 docs/rules.md）"),
    "cli.bad-page": ("--pages: {page} is not a path starting with /", "--pages：{page} 不是以 / 开头的路径"),
    "cli.bad-proxy": (
        "--proxy: only http:// and https:// proxies are supported",
        "--proxy：只支持 http:// 和 https:// 代理",
    ),
    "cli.aborted": ("aborted", "已中止"),
    "cli.usage": ("{message} (see beian-check --help)", "{message}（参见 beian-check --help）"),
    "cli.bad-option-value": ("invalid value for {option}: {message}", "{option} 的值无效：{message}"),
    "cli.no-such-option": ("no such option: {option}", "没有这个选项：{option}"),
    "cli.missing-value": ("{option} needs a value", "{option} 需要一个值"),
    "cli.config-syntax": ("{file}: not valid TOML ({reason})", "{file}：不是有效的 TOML（{reason}）"),
    "cli.config-unknown-key": ("{file}: unknown key {name}{hint}", "{file}：未知的配置项 {name}{hint}"),
    "cli.config-bad-value": ("{file}: {name}: {message}", "{file}：{name}：{message}"),
    "cli.want-list": ("expected a list of strings", "应为字符串列表"),
    "cli.want-single": ("expected a single value, not a list", "应为单个值，而不是列表"),
    "cli.want-bool": ("expected true or false", "应为 true 或 false"),
    "cli.render-missing": (
        "--render needs Playwright and Chromium: pip install 'beian-check[render]' and "
        "apt-get install chromium fonts-wqy-microhei",
        "--render 需要 Playwright 和 Chromium：请执行 pip install 'beian-check[render]' 以及 "
        "apt-get install chromium fonts-wqy-microhei",
    ),
    # Targets files: every reason a line is refused, as FILE:LINE: reason.
    "targets.need-key-value": (
        "expected key=value after the target, got {word}",
        "目标后面应为 key=value，实际为 {word}",
    ),
    "targets.unknown-key": (
        "unknown key {field} (known: {known})",
        "未知的字段 {field}（可用字段：{known}）",
    ),
    "targets.twice": ("{field}= given twice", "{field}= 重复出现"),
    "targets.bad-date": (
        "bad date online={value} (use YYYY-MM-DD)",
        "日期无效 online={value}（请用 YYYY-MM-DD 格式）",
    ),
    "targets.bad-number": ("malformed expected number: {reason}", "预期的备案号格式有误：{reason}"),
    "targets.no-pages": (
        "pages= needs paths such as /about,/contact",
        "pages= 需要路径，例如 /about,/contact",
    ),
    "targets.bad-page": (
        "pages=: {page} is not a path starting with /",
        "pages=：{page} 不是以 / 开头的路径",
    ),
    "targets.unknown-code": (
        "ignore=: unknown finding code {code}{hint}",
        "ignore=：未知的问题代码 {code}{hint}",
    ),
    "targets.no-codes": (
        "ignore= needs finding codes such as psb-missing",
        "ignore= 需要问题代码，例如 psb-missing",
    ),
    "targets.bad-url": ("invalid URL ({reason})", "网址无效（{reason}）"),
    "targets.bad-scheme": (
        "unsupported URL scheme {scheme} (use http or https)",
        "不支持的网址协议 {scheme}（请用 http 或 https）",
    ),
    "targets.no-host": ("invalid URL (no host)", "网址无效（没有主机名）"),
    "targets.path-needs-url": (
        "invalid domain (a path needs a full URL such as https://example.com/about)",
        "域名无效（带路径时请写完整网址，例如 https://example.com/about）",
    ),
    "targets.bad-port": ("invalid port {port}", "端口无效 {port}"),
    "targets.empty-host": ("empty host", "主机名为空"),
    "targets.bad-domain": ("invalid domain name", "域名无效"),
    "targets.bad-idn": ("invalid domain name ({reason})", "域名无效（{reason}）"),
    "targets.one-label": (
        "a domain needs at least two labels, e.g. example.com",
        "域名至少需要两段，例如 example.com",
    ),
}
