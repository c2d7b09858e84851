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


MIIT = "https://beian.miit.gov.cn/"
MPS = "https://beian.mps.gov.cn/#/query/webSearch?code="

# Finding messages (rules.py): what the site owner must change on the page.
FINDINGS: dict[str, tuple[str, str]] = {
    "icp-missing": (
        "No ICP filing or licence number is displayed on the home page; add it to the footer, e.g. "
        f'<a href="{MIIT}">京ICP备12345678号-1</a>.',
        "首页未展示ICP备案号（或ICP经营许可证号）；请在页脚添加，例如 "
        f'<a href="{MIIT}">京ICP备12345678号-1</a>。'),
    "icp-missing.malformed": (
        "No valid ICP number is displayed on the home page (the page shows {shown}, which is not "
        "valid); show it exactly as MIIT issued it, linked to " + MIIT + ".",
        "首页未展示有效的ICP备案号（页面上的 {shown} 不是有效号码）；请按工信部核发的原样展示，并链接到 "
        + MIIT + "。"),
    "icp-malformed": (
        "'{raw}' is not a valid ICP number: {problem}. Show it exactly as MIIT issued it, e.g. "
        "京ICP备12345678号-1.",
        "“{raw}”不是有效的ICP备案号：{problem}。请按工信部核发的原样展示，例如 京ICP备12345678号-1。"),
    "icp-not-linked": (
        "{number} is not a link ({reason}); wrap it in <a href=\"" + MIIT + "\">.",
        "{number} 没有链接（{reason}）；请用 <a href=\"" + MIIT + "\"> 包裹它。"),
    "icp-link-retired": (
        "{number} links to the retired host {url}; link it to " + MIIT + ".",
        "{number} 链接到已停用的旧地址 {url}；请改为链接到 " + MIIT + "。"),
    "icp-link-wrong": (
        "{number} links to {url}, not the MIIT filing system; link it to " + MIIT + ".",
        "{number} 链接到 {url}，不是工信部备案系统；请改为链接到 " + MIIT + "。"),
    "icp-unexpected": (
        "The page shows {number}, but {expected} is expected for this site; correct the footer.",
        "页面展示的是 {number}，但该网站应为 {expected}；请修改页脚。"),
    "icp-not-in-footer": (
        "{number} is displayed, but not in the footer; show it at the bottom of the home page.",
        "{number} 已展示，但不在页脚；请放在首页底部。"),
    "mark-hidden": (
        "The {what} {number} is in a hidden element; show it in the footer (remove display:none / "
        "visibility:hidden / hidden).",
        "{what} {number} 位于隐藏元素中；请在页脚中可见地展示"
        "（去掉 display:none / visibility:hidden / hidden）。"),
    "psb-missing": (
        "No public-security filing number is displayed; add the badge and the number, linked to "
        + MPS + "<code>, to the footer.",
        "首页未展示公安联网备案号；请在页脚添加公安备案图标和备案号，并链接到 " + MPS + "<备案编号>。"),
    "psb-missing.malformed": (
        "No valid public-security filing number is displayed (the page shows {shown}, which is not "
        "valid); show the number exactly as issued, linked to " + MPS + "<code>.",
        "首页未展示有效的公安联网备案号（页面上的 {shown} 不是有效号码）；请按核发的原样展示，并链接到 "
        + MPS + "<备案编号>。"),
    "icp-missing.in-image": (
        "No ICP number is displayed as text on the home page: the page shows it only in an image "
        "(a picture or its alt text), which neither visitors' tools nor inspectors can read; write "
        f'it in the footer as text, e.g. <a href="{MIIT}">京ICP备12345678号-1</a>.',
        "首页没有以文字形式展示ICP备案号：号码只出现在图片（图片本身或其 alt 文字）中；"
        f'请在页脚以文字展示，例如 <a href="{MIIT}">京ICP备12345678号-1</a>。'),
    "psb-missing.in-image": (
        "No public-security filing number is displayed as text: the page shows it only in an image "
        "(a picture or its alt text); write the number in the footer as text after the badge, linked to "
        + MPS + "<code>.",
        "首页没有以文字形式展示公安联网备案号：号码只出现在图片（图片本身或其 alt 文字）中；"
        "请在页脚公安备案图标之后以文字展示备案号，并链接到 " + MPS + "<备案编号>。"),
    "psb-missing.grace": (
        "No public-security filing number is displayed yet; it is due by {until} (online={online}).",
        "尚未展示公安联网备案号；应在 {until} 前展示（上线日期 online={online}）。"),
    "psb-malformed": (
        "'{raw}' is not a valid public-security number: {problem}. Show it as issued, e.g. "
        "京公网安备11010502030143号.",
        "“{raw}”不是有效的公安联网备案号：{problem}。请按核发的原样展示，例如 京公网安备11010502030143号。"),
    "psb-prefix-mismatch": (
        "{number}: the province character {province} does not match the code's province {prefix}; "
        "copy the number exactly as issued.",
        "{number}：省份简称“{province}”与备案编号的省份代码 {prefix} 不符；请按核发的原样复制备案号。"),
    "psb-not-linked": (
        "{number} is not a link ({reason}); link it to {want}.",
        "{number} 没有链接（{reason}）；请链接到 {want}。"),
    "psb-link-no-code": (
        "{number} links to {url} without the filing code; link it to {want}.",
        "{number} 链接到 {url}，但链接中没有备案编号；请链接到 {want}。"),
    "psb-link-code-mismatch": (
        "{number} links to code {link_code}, which differs from the displayed number; link it to {want}.",
        "{number} 链接中的备案编号 {link_code} 与展示的号码不一致；请链接到 {want}。"),
    "psb-link-legacy": (
        "{number} links to the legacy portal {url}; link it to {want}.",
        "{number} 链接到旧版平台 {url}；请改为链接到全国互联网安全管理服务平台 {want}。"),
    "psb-link-wrong": (
        "{number} links to {url}, not the public-security platform; link it to {want}.",
        "{number} 链接到 {url}，不是全国互联网安全管理服务平台；请链接到 {want}。"),
    "psb-icon-missing": (
        "No badge image before {number}; put the official public-security badge <img> right before "
        "the number, inside its link.",
        "{number} 前没有公安备案图标；请把官方公安备案图标 <img> 放在备案号之前、链接之内。"),
    "psb-icon-after-number": (
        "The badge comes after {number}; move the <img> before the number.",
        "公安备案图标位于 {number} 之后；请把 <img> 移到备案号之前。"),
    "psb-icon-wrong": (
        "The image before {number} is not the public-security badge ({what}); put the official "
        "badge <img> there instead.",
        "{number} 前的图片不是公安备案图标（{what}）；请换成官方公安备案图标 <img>。"),
    "psb-icon-broken": (
        "The badge {src} does not load as an image ({reason}); serve the official badge image.",
        "公安备案图标 {src} 无法作为图片加载（{reason}）；请使用官方公安备案图标图片。"),
    "psb-icon-unverified": (
        "The badge {src} could not be loaded to check it ({reason}); make sure it is reachable.",
        "无法加载公安备案图标 {src} 进行检查（{reason}）；请确认图片可以访问。"),
    "psb-icon-unverified.css": (
        "The badge before the number seems to be drawn by CSS (background-image); it cannot be "
        "checked statically (try --render auto).",
        "备案号前的图标似乎由 CSS（background-image）绘制，静态检查无法确认（可尝试 --render auto）。"),
    "psb-unexpected": (
        "The page shows {number}, but code {expected} is expected for this site; correct the footer.",
        "页面展示的是 {number}，但该网站的备案编号应为 {expected}；请修改页脚。"),
    "page-template": (
        "The footer contains unrendered template syntax; the deploy shipped a template instead of a "
        "page. Fix the build.",
        "页脚包含未渲染的模板语法，部署的是模板而不是页面；请修复构建。"),
    "page-inconsistent": (
        "The key page {url} shows {problems}; show the same numbers on every page.",
        "关键页面 {url} 展示的是 {problems}；请在每个页面展示相同的备案号。"),
    "page-inconsistent.unchecked": (
        "The key page {url} could not be checked ({reason}); it should show the same filing numbers.",
        "关键页面 {url} 无法检查（{reason}）；它应展示与首页相同的备案号。"),
    "page-inconsistent.icp": (
        "ICP {got} (home page: {home})",
        "ICP备案号 {got}（首页：{home}）"),
    "page-inconsistent.psb": (
        "public-security {got} (home page: {home})",
        "公安联网备案号 {got}（首页：{home}）"),
    "page-https-failed": (
        "HTTPS failed ({reason}), so the site was checked over plain HTTP; fix the certificate so "
        "that visitors and browsers can use https://.",
        "HTTPS 失败（{reason}），因此改用 HTTP 检查；请修复证书，让访客和浏览器可以使用 https://。"),
    "page-redirect-offsite": (
        "The home page redirects to another domain ({host}); the marks were checked there. Check that "
        "this is intended.",
        "首页跳转到了另一个域名（{host}），备案信息在该页面上检查；请确认这是预期行为。"),
    "page-js-rendered": (
        "The home page is {why}; the marks are only rendered by JavaScript and cannot be judged "
        "statically (try --render auto, or render the footer on the server).",
        "首页是{why}；备案信息只由 JavaScript 渲染，静态检查无法判断"
        "（可尝试 --render auto，或在服务端渲染页脚）。"),
    "page-js-rendered.rendered": (
        "The home page is {why}, and it stayed so in a browser until the timeout: its scripts failed "
        "or took too long, so visitors see no marks either. Fix the scripts, or render the footer on "
        "the server.",
        "首页是{why}，在浏览器中直到超时仍是如此：脚本执行失败或耗时过长，访客同样看不到备案信息；"
        "请修复脚本，或在服务端渲染页脚。"),
    "fetch-failed": (
        "The home page could not be fetched: {reason}.",
        "无法获取首页：{reason}。"),
}

# Short phrases quoted inside finding messages: why a number is not a link, what is wrong
# with a number, names of the marks.
PHRASES: dict[str, tuple[str, str]] = {
    "what.icp": ("ICP number", "ICP备案号"),
    "what.psb": ("public-security number", "公安联网备案号"),
    "none": ("none", "无"),
    "badge.other-seal": ("it looks like another seal, such as a business-licence 工商/红盾 icon",
                         "看起来是其他标识，例如工商/红盾图标"),
    "badge.other-name": ("its name or alt text names another mark, such as 工商/红盾",
                         "其文件名或 alt 文字表明是其他标识，例如工商/红盾"),
    "why.no-link": ("no <a href> around the number", "号码外没有 <a href> 链接"),
    "why.empty-href": ('empty href=""', 'href="" 为空'),
    "why.href-nowhere": ('href="{href}" goes nowhere', 'href="{href}" 不指向任何地址'),
    "why.javascript": ("a javascript: URL, not a link", "javascript: 地址，不是真正的链接"),
    "why.no-number-after": ("no number after {label}", "{label} 后没有号码"),
    "why.placeholder-text": ("placeholder text '{body}' instead of a number", "占位文字“{body}”而不是号码"),
    "why.placeholder": ("placeholder '{body}' instead of a number", "占位符“{body}”而不是号码"),
    "why.placeholder-psb": ("placeholder '{body}' instead of a 14-digit number",
                            "占位符“{body}”而不是 14 位号码"),
    "why.icp-digits": ("{count} digits; an ICP filing number has 5 to 10",
                       "{count} 位数字；ICP备案号应为 5 到 10 位"),
    "why.licence-digits": ("{count} digits; an ICP licence number has 3 to 10",
                           "{count} 位数字；ICP经营许可证号应为 3 到 10 位"),
    "why.psb-digits": ("{count} digits; a public-security number has 14",
                       "{count} 位数字；公安联网备案号应为 14 位"),
    "why.no-province": ("no province character before {label}", "{label} 前没有省份简称"),
    "why.bad-province-icp": ("'{province}' is not a province character (not an MIIT registry)",
                             "“{province}”不是省份简称（不是工信部备案）"),
    "why.bad-province": ("'{province}' is not a province character", "“{province}”不是省份简称"),
    "why.no-hao": ("missing 号 after the digits", "数字后缺少“号”"),
    "why.hao-after-suffix": ("号 must come before the site suffix -{suffix}",
                             "“号”应在网站序号 -{suffix} 之前"),
    "why.not-icp": ("not an ICP number", "不是ICP备案号"),
    "why.not-psb": ("not a public-security number", "不是公安联网备案号"),
    "why.psb-code-digits": ("a public-security code has 14 digits", "公安备案编号应为 14 位数字"),
    "why.bad-province-code": ("{prefix} is not a province code", "{prefix} 不是省份代码"),
    "why.province-disagrees": ("province character disagrees with the code", "省份简称与备案编号不符"),
    "shell.no-body": ("a page without <body>", "没有 <body> 的页面"),
    "shell.next": ("a Next.js application shell (__NEXT_DATA__)", "Next.js 应用外壳（__NEXT_DATA__）"),
    "shell.nuxt": ("a Nuxt application shell (window.__NUXT__)", "Nuxt 应用外壳（window.__NUXT__）"),
    "shell.js-redirect": ("a JavaScript redirect", "JavaScript 跳转页"),
    "shell.mount": ("an application shell (empty mount point such as #app or #root)",
                    "应用外壳（#app、#root 等挂载点为空）"),
    "shell.nuxt3": ("a Nuxt application shell (__NUXT_DATA__)", "Nuxt 应用外壳（__NUXT_DATA__）"),
    "join.semicolon": ("{a}; {b}", "{a}；{b}"),
    "why.expected-number": ("{field}={value}: {reason}", "{field}={value}：{reason}"),
}

# Why a fetch failed, one entry per outcome.Kind (``fetch.<kind>``): quoted in fetch-failed,
# psb-icon-unverified/-broken and page-inconsistent. The wording names the kind the way an
# operator searches for it (connect timeout, connection refused, read timeout); the
# exception text goes to the finding's detail, never here.
FETCH: dict[str, tuple[str, str]] = {
    "fetch.dns": ("DNS lookup failed: the name does not resolve", "DNS 解析失败：域名无法解析"),
    "fetch.refused": ("connection refused: nothing listens on the port", "连接被拒绝：端口上没有服务在监听"),
    "fetch.connect-failed": ("could not connect: the network or host is unreachable",
                             "无法连接：网络或主机不可达"),
    "fetch.connect-timeout": ("connect timeout: the server did not accept the connection within {seconds} s",
                              "连接超时：服务器在 {seconds} 秒内没有接受连接"),
    "fetch.tls": ("TLS error: the certificate did not verify or the handshake failed",
                  "TLS 错误：证书校验失败或握手失败"),
    "fetch.proxy": ("proxy error: the proxy refused or could not reach the site",
                    "代理错误：代理拒绝了请求或无法访问该网站"),
    "fetch.bad-url": ("not an http(s) URL that can be fetched", "不是可以访问的 http(s) 地址"),
    "fetch.read-timeout": ("read timeout: connected, but the server sent nothing for {seconds} s",
                           "读取超时：已连接，但服务器 {seconds} 秒内没有发送数据"),
    "fetch.slow-body": ("read timeout: the page was still trickling in after {seconds} s",
                        "读取超时：{seconds} 秒后页面仍未传输完成"),
    "fetch.dropped": ("connection dropped before the whole response arrived", "连接在响应传输完成前断开"),
    "fetch.too-large": ("body too large (over {kib} KiB)", "响应内容过大（超过 {kib} KiB）"),
    "fetch.headers-too-large": ("response headers too large", "响应头过大"),
    "fetch.bad-response": ("bad HTTP response: not HTTP, or malformed",
                           "无效的 HTTP 响应：不是 HTTP 或格式错误"),
    "fetch.bad-encoding": ("the compressed body does not decode", "压缩的响应内容无法解码"),
    "fetch.bad-redirect": ("HTTP {status} redirect without a usable Location",
                           "HTTP {status} 跳转，但没有可用的 Location"),
    "fetch.redirect-loop": ("redirect loop ({hops} hops back to a page already seen)",
                            "重定向循环（{hops} 次跳转后回到已访问过的页面）"),
    "fetch.too-many-redirects": ("too many redirects (more than {max})", "重定向次数过多（超过 {max} 次）"),
    "fetch.http-status": ("HTTP {status}", "HTTP {status}"),
    "fetch.not-html": ("not an HTML page ({ctype})", "不是 HTML 页面（{ctype}）"),
    "fetch.empty": ("empty body", "响应内容为空"),
    "fetch.deadline": ("gave up after the {seconds} s deadline for one target; the site is too slow to check",
                       "单个目标超过 {seconds} 秒时限，已放弃；网站响应太慢，无法检查"),
    "fetch.no-index": ("{dir}/index.html does not exist; point beian-check at the build output folder "
                       "(public/, dist/)",
                       "{dir}/index.html 不存在；请把 beian-check 指向构建输出目录（public/、dist/）"),
    "fetch.no-file": ("no such file in the build", "构建目录中没有这个文件"),
    "fetch.offline": ("not loaded: nothing is fetched when checking a build directory",
                      "未加载：检查构建目录时不访问网络"),
    "fetch.internal": ("internal error while checking this target (a bug: please report it with the detail)",
                       "检查该目标时发生内部错误（程序缺陷：请附上 detail 报告）"),
    "fetch.worker-lost": ("the worker process checking this target stopped unexpectedly",
                          "检查该目标的工作进程意外退出"),
    "fetch.other": ("unexpected error (please report it with the detail)", "意外错误（请附上 detail 报告）"),
}

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
        "· 已忽略问题 {ignored} 条"),
    "report.run": (
        "beian-check {version}, started {started}, took {duration} s; strict: {strict}, "
        "ignored codes: {ignore}, render: {render}",
        "beian-check {version}，开始于 {started}，用时 {duration} 秒；严格模式：{strict}，"
        "忽略的代码：{ignore}，渲染：{render}"),
    "report.on": ("on", "开"),
    "report.off": ("off", "关"),
    "report.interrupted": ("run interrupted: unfinished targets are not listed",
                           "运行被中断：未完成的目标未列出"),
    "report.only-failures": (
        "Only targets that fail, could not be checked or have warnings are listed (passing targets "
        "not listed: {hidden}).",
        "仅列出不通过、无法检查或有警告的目标（另有 {hidden} 个通过的目标未列出）。"),
    "report.findings": ("Findings", "问题详情"),
    "report.labelled": ("{label}: {value}", "{label}：{value}"),
    "report.target-status": ("{target} ({status}):", "{target}（{status}）："),
    "report.fix.title": ("The corrected footer, ready to paste", "修正后的页脚代码，可直接粘贴"),
    "report.fix.hint": (
        "Replace the filing marks in the footer with this HTML. Keep the public-security badge "
        "image at the address of the <img>: download the official badge from the platform if the "
        "site has none.",
        "用以下 HTML 替换页脚中的备案信息。<img> 的地址处须是公安备案图标图片；如网站还没有，"
        "请从全国互联网安全管理服务平台下载官方图标。"),
    "report.screenshot": ("footer screenshot", "页脚截图"),
    "report.screenshot-unreadable": ("screenshot: {path} (not readable)", "截图：{path}（无法读取）"),
}
CLI: dict[str, tuple[str, str]] = {
    "cli.progress": ("pass {passed} fail {failed} error {errors}",
                     "通过 {passed} 不通过 {failed} 无法检查 {errors}"),
    "cli.interrupted": ("interrupted; {done} of {total} targets finished and reported",
                        "已中断；{total} 个目标中已完成并报告 {done} 个"),
    "cli.no-such-file": ("{path}: no such file or directory", "{path}：文件或目录不存在"),
    "cli.not-a-target": (
        "{path}: no such file or directory, and not a domain or URL either ({reason}); give a "
        "targets file, a build directory, '-', a domain such as example.com or a URL such as "
        "https://example.com/",
        "{path}：文件或目录不存在，也不是域名或网址（{reason}）；请指定目标文件、构建目录、“-”、"
        "域名（如 example.com）或网址（如 https://example.com/）"),
    "cli.looks-like-file": (
        "it looks like a file name; for a site of that name use --site or https://{path}/",
        "看起来是文件名；如确是该域名的网站，请用 --site 或 https://{path}/"),
    "cli.looks-like-path": ("it looks like a file path", "看起来是文件路径"),
    "cli.no-public-suffix": (
        "{host} has no public suffix; for an intranet name use a URL such as http://{host}/",
        "{host} 没有公共后缀；内网主机名请使用网址，例如 http://{host}/"),
    "cli.cannot-read": ("{path}: cannot read ({reason})", "{path}：无法读取（{reason}）"),
    "cli.cannot-write": ("{path}: cannot write ({reason})", "{path}：无法写入（{reason}）"),
    "cli.not-utf8": ("{where}: not UTF-8 text (save the targets file as UTF-8)",
                     "{where}：不是 UTF-8 文本（请把目标文件保存为 UTF-8 编码）"),
    "cli.bad-lines": ("{count} bad line(s); nothing was checked", "{count} 行有误，未进行任何检查"),
    "cli.empty": ("the targets file lists no targets", "目标文件中没有任何目标"),
    "cli.no-targets": (
        "no targets: give a targets file, a build directory, '-', a domain, or --site "
        "(see beian-check --help)",
        "没有目标：请指定目标文件、构建目录、“-”、域名或 --site（参见 beian-check --help）"),
    "cli.unknown-code": ("{where}: unknown finding code {code}{hint}",
                         "{where}：未知的问题代码 {code}{hint}"),
    "cli.did-you-mean": (" (did you mean {suggestion}?)", "（是否想写 {suggestion}？）"),
    "cli.codes-hint": (" (the finding codes are listed in docs/rules.md)",
                       "（问题代码见 docs/rules.md）"),
    "cli.bad-page": ("--pages: {page} is not a path starting with /", "--pages：{page} 不是以 / 开头的路径"),
    "cli.bad-proxy": ("--proxy: only http:// and https:// proxies are supported",
                      "--proxy：只支持 http:// 和 https:// 代理"),
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
        "apt-get install chromium fonts-wqy-microhei"),
    # Targets files: every reason a line is refused, as FILE:LINE: reason.
    "targets.need-key-value": ("expected key=value after the target, got {word}",
                               "目标后面应为 key=value，实际为 {word}"),
    "targets.unknown-key": ("unknown key {field} (known: {known})",
                            "未知的字段 {field}（可用字段：{known}）"),
    "targets.twice": ("{field}= given twice", "{field}= 重复出现"),
    "targets.bad-date": ("bad date online={value} (use YYYY-MM-DD)",
                         "日期无效 online={value}（请用 YYYY-MM-DD 格式）"),
    "targets.bad-number": ("malformed expected number: {reason}", "预期的备案号格式有误：{reason}"),
    "targets.no-pages": ("pages= needs paths such as /about,/contact",
                         "pages= 需要路径，例如 /about,/contact"),
    "targets.bad-page": ("pages=: {page} is not a path starting with /",
                         "pages=：{page} 不是以 / 开头的路径"),
    "targets.unknown-code": ("ignore=: unknown finding code {code}{hint}",
                             "ignore=：未知的问题代码 {code}{hint}"),
    "targets.no-codes": ("ignore= needs finding codes such as psb-missing",
                         "ignore= 需要问题代码，例如 psb-missing"),
    "targets.bad-url": ("invalid URL ({reason})", "网址无效（{reason}）"),
    "targets.bad-scheme": ("unsupported URL scheme {scheme} (use http or https)",
                           "不支持的网址协议 {scheme}（请用 http 或 https）"),
    "targets.no-host": ("invalid URL (no host)", "网址无效（没有主机名）"),
    "targets.path-needs-url": (
        "invalid domain (a path needs a full URL such as https://example.com/about)",
        "域名无效（带路径时请写完整网址，例如 https://example.com/about）"),
    "targets.bad-port": ("invalid port {port}", "端口无效 {port}"),
    "targets.empty-host": ("empty host", "主机名为空"),
    "targets.bad-domain": ("invalid domain name", "域名无效"),
    "targets.bad-idn": ("invalid domain name ({reason})", "域名无效（{reason}）"),
    "targets.one-label": ("a domain needs at least two labels, e.g. example.com",
                          "域名至少需要两段，例如 example.com"),
}
# Monitoring (baseline.py, notify.py, shard.py, merge.py, reportfile.py): the message sent
# to the team's chat, what changed since a baseline, and the one-line errors of reading
# reports back.
NOTIFY: dict[str, tuple[str, str]] = {
    "notify.title.new": ("beian-check: {new} new problem(s), {fixed} fixed",
                         "beian-check：{new} 个新问题，{fixed} 个已修复"),
    "notify.title.fail": ("beian-check: {failed} failing, {errors} not checkable, of {targets}",
                          "beian-check：{targets} 个站点中 {failed} 个不合规，{errors} 个无法检查"),
    "notify.counts": ("{targets} targets: {passed} pass, {failed} fail, {errors} could not be checked.",
                      "共 {targets} 个站点：{passed} 个合规，{failed} 个不合规，{errors} 个无法检查。"),
    "notify.interrupted": ("The run was interrupted: unfinished targets are not counted.",
                           "本次检查被中断：未完成的站点未计入。"),
    "notify.heading.new": ("New problems:", "新问题："),
    "notify.heading.fail": ("Failing targets:", "不合规或无法检查的站点："),
    "notify.item": ("- {target} ({status}): {codes}", "- {target}（{status}）：{codes}"),
    "notify.more": ("and {count} more", "还有 {count} 个"),
    "notify.status.fail": ("fail", "不合规"),
    "notify.status.error": ("not checkable", "无法检查"),
    "notify.status.pass": ("pass", "合规"),
    "notify.missing": ("--notify needs Apprise: pip install 'beian-check[notify]'",
                       "--notify 需要 Apprise：pip install 'beian-check[notify]'"),
    "notify.bad-url": ("--notify: {url} is not a notification URL Apprise knows",
                       "--notify：{url} 不是 Apprise 支持的通知地址"),
    "notify.needs-baseline": ("--notify-on new needs --baseline: new problems are counted against a baseline",
                              "--notify-on new 需要 --baseline：新问题是相对基线报告统计的"),
    "notify.failed": ("warning: the notification to {url} could not be delivered; the report stands",
                      "警告：发往 {url} 的通知未能送达；报告和退出码不受影响"),
    # A finding message read back from a report that lacks its key and arguments (an
    # older version's): shown as it was written.
    "report.verbatim": ("{text}", "{text}"),
    "change.summary": (
        "Since the baseline: {new} new problem(s), {new_errors} newly not checkable, {fixed} fixed, "
        "{new_targets} new target(s)",
        "与基线相比：{new} 个新问题，{new_errors} 个新出现无法检查，{fixed} 个已修复，"
        "{new_targets} 个新站点"),
    "change.dropped": ("{count} baseline target(s) not in this run", "基线中有 {count} 个站点不在本次检查中"),
    "change.tag.new": ("new", "新问题"),
    "change.tag.fixed": ("fixed", "已修复"),
    "change.new-target": ("new target", "新站点"),
    "change.new-codes": ("new: {codes}", "新增：{codes}"),
    "change.gone-codes": ("gone: {codes}", "已消除：{codes}"),
    "shard.syntax": ("--shard {value} is not K/N (e.g. 2/5: the second of five parts)",
                     "--shard {value} 不是 K/N 格式（例如 2/5：五份中的第二份）"),
    "shard.range": ("--shard {value}: K must be between 1 and N, and N at most 65536",
                    "--shard {value}：K 必须在 1 到 N 之间，N 最大为 65536"),
    "baseline.error": ("--baseline {problem}", "--baseline 基线报告：{problem}"),
    "reportfile.missing": ("{path}: no such file", "{path}：文件不存在"),
    "reportfile.directory": ("{path}: is a directory, not a report", "{path}：是目录，不是报告文件"),
    "reportfile.unreadable": ("{path}: cannot read ({reason})", "{path}：无法读取（{reason}）"),
    "reportfile.not-utf8": ("{where}: not UTF-8 text; is this a beian-check report?",
                            "{where}：不是 UTF-8 文本；这是 beian-check 的报告吗？"),
    "reportfile.not-json": ("{where}: not a JSON or JSON Lines report ({reason})",
                            "{where}：不是 JSON 或 JSON Lines 格式的报告（{reason}）"),
    "reportfile.bad-line": ("{where}: not a JSON report line ({reason})",
                            "{where}：不是有效的 JSON 报告行（{reason}）"),
    "reportfile.not-result": ("{where}: not a report result (a JSON object expected)",
                              "{where}：不是报告结果（应为 JSON 对象）"),
    "reportfile.no-target": ('{where}: a result without a "target"; is this a beian-check report?',
                             '{where}：结果缺少 "target"；这是 beian-check 的报告吗？'),
    "reportfile.not-report": ("{path}: not a beian-check report", "{path}：不是 beian-check 的报告"),
    "reportfile.incomplete": ("{where}: incomplete last line ignored (the run was interrupted?)",
                              "{where}：最后一行不完整，已忽略（检查被中断？）"),
    "merge.mixed": ('{where}: a result without "index" among --shard results; merge the reports of one '
                    "sharded run, or of ordinary runs, not both",
                    '{where}：与 --shard 的结果混在一起的结果缺少 "index"；请只合并同一次分片检查的报告，'
                    "或只合并普通检查的报告"),
    "merge.overlap": ("{where}: target {target} (index {index}) is also in {other}; the shards overlap "
                      "(the same report twice, or different --shard N?)",
                      "{where}：站点 {target}（index {index}）也出现在 {other} 中；分片有重叠"
                      "（同一份报告给了两次，或 --shard 的 N 不同？）"),
}


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
