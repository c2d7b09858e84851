"""Finding messages (what the site owner must change on the page) and the phrases
quoted inside them."""

from __future__ import annotations

MIIT = "https://beian.miit.gov.cn/"
MPS = "https://beian.mps.gov.cn/#/query/webSearch?code="

# Finding messages (rules.py): what the site owner must change on the page.
FINDINGS: dict[str, tuple[str, str]] = {
    "icp-missing": (
        "No ICP filing or licence number is displayed on the home page; add it to the footer, e.g. "
        f'<a href="{MIIT}">京ICP备2024012345号-1</a>.',
        "首页未展示ICP备案号（或ICP经营许可证号）；请在页脚添加，例如 "
        f'<a href="{MIIT}">京ICP备2024012345号-1</a>。',
    ),
    "icp-missing.malformed": (
        "No valid ICP number is displayed on the home page (the page shows {shown}, which is not "
        "valid); show it exactly as MIIT issued it, linked to " + MIIT + ".",
        "首页未展示有效的ICP备案号（页面上的 {shown} 不是有效号码）；请按工信部核发的原样展示，并链接到 "
        + MIIT
        + "。",
    ),
    "icp-malformed": (
        "'{raw}' is not a valid ICP number: {problem}. Show it exactly as MIIT issued it, e.g. "
        "京ICP备2024012345号-1.",
        "“{raw}”不是有效的ICP备案号：{problem}。请按工信部核发的原样展示，例如 京ICP备2024012345号-1。",
    ),
    "icp-not-linked": (
        '{number} is not a link ({reason}); wrap it in <a href="' + MIIT + '">.',
        '{number} 没有链接（{reason}）；请用 <a href="' + MIIT + '"> 包裹它。',
    ),
    "icp-link-retired": (
        "{number} links to the retired host {url}; link it to " + MIIT + ".",
        "{number} 链接到已停用的旧地址 {url}；请改为链接到 " + MIIT + "。",
    ),
    "icp-link-wrong": (
        "{number} links to {url}, not the MIIT filing system; link it to " + MIIT + ".",
        "{number} 链接到 {url}，不是工信部备案系统；请改为链接到 " + MIIT + "。",
    ),
    "icp-unexpected": (
        "The page shows {number}, but {expected} is expected for this site; correct the footer.",
        "页面展示的是 {number}，但该网站应为 {expected}；请修改页脚。",
    ),
    "icp-not-in-footer": (
        "{number} is displayed, but not in the footer; show it at the bottom of the home page.",
        "{number} 已展示，但不在页脚；请放在首页底部。",
    ),
    "mark-hidden": (
        "The {what} {number} is in a hidden element; show it in the footer (remove display:none / "
        "visibility:hidden / hidden).",
        "{what} {number} 位于隐藏元素中；请在页脚中可见地展示"
        "（去掉 display:none / visibility:hidden / hidden）。",
    ),
    "psb-missing": (
        "No public-security filing number is displayed; add the badge and the number, linked to "
        + MPS
        + "<code>, to the footer.",
        "首页未展示公安联网备案号；请在页脚添加公安备案图标和备案号，并链接到 " + MPS + "<备案编号>。",
    ),
    "psb-missing.malformed": (
        "No valid public-security filing number is displayed (the page shows {shown}, which is not "
        "valid); show the number exactly as issued, linked to " + MPS + "<code>.",
        "首页未展示有效的公安联网备案号（页面上的 {shown} 不是有效号码）；请按核发的原样展示，并链接到 "
        + MPS
        + "<备案编号>。",
    ),
    "icp-missing.in-image": (
        "No ICP number is displayed as text on the home page: the page shows it only in an image "
        "(a picture or its alt text), which neither visitors' tools nor inspectors can read; write "
        f'it in the footer as text, e.g. <a href="{MIIT}">京ICP备2024012345号-1</a>.',
        "首页没有以文字形式展示ICP备案号：号码只出现在图片（图片本身或其 alt 文字）中；"
        f'请在页脚以文字展示，例如 <a href="{MIIT}">京ICP备2024012345号-1</a>。',
    ),
    "psb-missing.in-image": (
        "No public-security filing number is displayed as text: the page shows it only in an image "
        "(a picture or its alt text); write the number in the footer as text after the badge, linked to "
        + MPS
        + "<code>.",
        "首页没有以文字形式展示公安联网备案号：号码只出现在图片（图片本身或其 alt 文字）中；"
        "请在页脚公安备案图标之后以文字展示备案号，并链接到 " + MPS + "<备案编号>。",
    ),
    "psb-missing.grace": (
        "No public-security filing number is displayed yet; it is due by {until} (online={online}).",
        "尚未展示公安联网备案号；应在 {until} 前展示（上线日期 online={online}）。",
    ),
    "psb-malformed": (
        "'{raw}' is not a valid public-security number: {problem}. Show it as issued, e.g. "
        "京公网安备11010502030143号.",
        "“{raw}”不是有效的公安联网备案号：{problem}。请按核发的原样展示，例如 京公网安备11010502030143号。",
    ),
    "psb-prefix-mismatch": (
        "{number}: the province character {province} does not match the code's province {prefix}; "
        "copy the number exactly as issued.",
        "{number}：省份简称“{province}”与备案编号的省份代码 {prefix} 不符；请按核发的原样复制备案号。",
    ),
    "psb-not-linked": (
        "{number} is not a link ({reason}); link it to {want}.",
        "{number} 没有链接（{reason}）；请链接到 {want}。",
    ),
    "psb-link-no-code": (
        "{number} links to {url} without the filing code; link it to {want}.",
        "{number} 链接到 {url}，但链接中没有备案编号；请链接到 {want}。",
    ),
    "psb-link-code-mismatch": (
        "{number} links to code {link_code}, which differs from the displayed number; link it to {want}.",
        "{number} 链接中的备案编号 {link_code} 与展示的号码不一致；请链接到 {want}。",
    ),
    "psb-link-legacy": (
        "{number} links to the legacy portal {url}; link it to {want}.",
        "{number} 链接到旧版平台 {url}；请改为链接到全国互联网安全管理服务平台 {want}。",
    ),
    "psb-link-wrong": (
        "{number} links to {url}, not the public-security platform; link it to {want}.",
        "{number} 链接到 {url}，不是全国互联网安全管理服务平台；请链接到 {want}。",
    ),
    "psb-icon-missing": (
        "No badge image before {number}; put the official public-security badge <img> right before "
        "the number, inside its link.",
        "{number} 前没有公安备案图标；请把官方公安备案图标 <img> 放在备案号之前、链接之内。",
    ),
    "psb-icon-after-number": (
        "The badge comes after {number}; move the <img> before the number.",
        "公安备案图标位于 {number} 之后；请把 <img> 移到备案号之前。",
    ),
    "psb-icon-wrong": (
        "The image before {number} is not the public-security badge ({what}); put the official "
        "badge <img> there instead.",
        "{number} 前的图片不是公安备案图标（{what}）；请换成官方公安备案图标 <img>。",
    ),
    "psb-icon-broken": (
        "The badge {src} does not load as an image ({reason}); serve the official badge image.",
        "公安备案图标 {src} 无法作为图片加载（{reason}）；请使用官方公安备案图标图片。",
    ),
    "psb-icon-unverified": (
        "The badge {src} could not be loaded to check it ({reason}); make sure it is reachable.",
        "无法加载公安备案图标 {src} 进行检查（{reason}）；请确认图片可以访问。",
    ),
    "psb-icon-unverified.css": (
        "The badge before the number seems to be drawn by CSS (background-image); it cannot be "
        "checked statically (try --render auto).",
        "备案号前的图标似乎由 CSS（background-image）绘制，静态检查无法确认（可尝试 --render auto）。",
    ),
    "psb-icon-unverified.svg": (
        "The badge before the number is an inline SVG drawing; it cannot be compared with the "
        "official badge (show the official badge image as an <img> to make it checkable).",
        "备案号前的图标是内嵌 SVG 绘制的，无法与官方公安备案图标比对（改用官方图标 <img> 即可检查）。",
    ),
    "psb-unexpected": (
        "The page shows {number}, but code {expected} is expected for this site; correct the footer.",
        "页面展示的是 {number}，但该网站的备案编号应为 {expected}；请修改页脚。",
    ),
    "page-template": (
        "The footer contains unrendered template syntax; the deploy shipped a template instead of a "
        "page. Fix the build.",
        "页脚包含未渲染的模板语法，部署的是模板而不是页面；请修复构建。",
    ),
    "page-inconsistent": (
        "The key page {url} shows {problems}; show the same numbers on every page.",
        "关键页面 {url} 展示的是 {problems}；请在每个页面展示相同的备案号。",
    ),
    "page-inconsistent.unchecked": (
        "The key page {url} could not be checked ({reason}); it should show the same filing numbers.",
        "关键页面 {url} 无法检查（{reason}）；它应展示与首页相同的备案号。",
    ),
    "page-inconsistent.icp": ("ICP {got} (home page: {home})", "ICP备案号 {got}（首页：{home}）"),
    "page-inconsistent.psb": (
        "public-security {got} (home page: {home})",
        "公安联网备案号 {got}（首页：{home}）",
    ),
    "page-https-failed": (
        "HTTPS failed ({reason}), so the site was checked over plain HTTP; fix the certificate so "
        "that visitors and browsers can use https://.",
        "HTTPS 失败（{reason}），因此改用 HTTP 检查；请修复证书，让访客和浏览器可以使用 https://。",
    ),
    "page-redirect-offsite": (
        "The home page redirects to another domain ({host}); the marks were checked there. Check that "
        "this is intended.",
        "首页跳转到了另一个域名（{host}），备案信息在该页面上检查；请确认这是预期行为。",
    ),
    "page-js-rendered": (
        "The home page is {why}; the marks are only rendered by JavaScript and cannot be judged "
        "statically (try --render auto, or render the footer on the server).",
        "首页是{why}；备案信息只由 JavaScript 渲染，静态检查无法判断"
        "（可尝试 --render auto，或在服务端渲染页脚）。",
    ),
    "page-js-rendered.rendered": (
        "The home page is {why}, and it stayed so in a browser until the timeout: its scripts failed "
        "or took too long, so visitors see no marks either. Fix the scripts, or render the footer on "
        "the server.",
        "首页是{why}，在浏览器中直到超时仍是如此：脚本执行失败或耗时过长，访客同样看不到备案信息；"
        "请修复脚本，或在服务端渲染页脚。",
    ),
    "fetch-failed": ("The home page could not be fetched: {reason}.", "无法获取首页：{reason}。"),
}

# Short phrases quoted inside finding messages: why a number is not a link, what is wrong
# with a number, names of the marks.
PHRASES: dict[str, tuple[str, str]] = {
    "what.icp": ("ICP number", "ICP备案号"),
    "what.psb": ("public-security number", "公安联网备案号"),
    "none": ("none", "无"),
    "badge.other-seal": (
        "it looks like another seal, such as a business-licence 工商/红盾 icon",
        "看起来是其他标识，例如工商/红盾图标",
    ),
    "badge.other-name": (
        "its name or alt text names another mark, such as 工商/红盾",
        "其文件名或 alt 文字表明是其他标识，例如工商/红盾",
    ),
    "why.no-link": ("no <a href> around the number", "号码外没有 <a href> 链接"),
    "why.empty-href": ('empty href=""', 'href="" 为空'),
    "why.href-nowhere": ('href="{href}" goes nowhere', 'href="{href}" 不指向任何地址'),
    "why.javascript": ("a javascript: URL, not a link", "javascript: 地址，不是真正的链接"),
    "why.no-number-after": ("no number after {label}", "{label} 后没有号码"),
    "why.placeholder-text": ("placeholder text '{body}' instead of a number", "占位文字“{body}”而不是号码"),
    "why.placeholder": ("placeholder '{body}' instead of a number", "占位符“{body}”而不是号码"),
    "why.placeholder-psb": (
        "placeholder '{body}' instead of a 14-digit number",
        "占位符“{body}”而不是 14 位号码",
    ),
    "why.icp-digits": (
        "{count} digits; an ICP filing number has 5 to 10",
        "{count} 位数字；ICP备案号应为 5 到 10 位",
    ),
    "why.licence-digits": (
        "{count} digits; an ICP licence number has 3 to 10",
        "{count} 位数字；ICP经营许可证号应为 3 到 10 位",
    ),
    "why.icp-bare-code": (
        "the digits follow a label instead of the number's own form; write it as issued, e.g. {example}",
        "编号写在标签之后，不是备案号本身的格式；请按核发的原样展示，例如 {example}",
    ),
    "why.psb-bare-code": (
        "the code is shown after a label, without the province character and 公网安备; write {example}",
        "标签后只有编号，缺少省份简称和“公网安备”；应写作 {example}",
    ),
    "why.psb-digits": (
        "{count} digits; a public-security number has 14",
        "{count} 位数字；公安联网备案号应为 14 位",
    ),
    "why.no-province": ("no province character before {label}", "{label} 前没有省份简称"),
    "why.bad-province-icp": (
        "'{province}' is not a province character (not an MIIT registry)",
        "“{province}”不是省份简称（不是工信部备案）",
    ),
    "why.bad-province": ("'{province}' is not a province character", "“{province}”不是省份简称"),
    "why.no-hao": ("missing 号 after the digits", "数字后缺少“号”"),
    "why.hao-after-suffix": (
        "号 must come before the site suffix -{suffix}",
        "“号”应在网站序号 -{suffix} 之前",
    ),
    "why.not-icp": ("not an ICP number", "不是ICP备案号"),
    "why.not-psb": ("not a public-security number", "不是公安联网备案号"),
    "why.psb-code-digits": ("a public-security code has 14 digits", "公安备案编号应为 14 位数字"),
    "why.bad-province-code": ("{prefix} is not a province code", "{prefix} 不是省份代码"),
    "why.province-disagrees": ("province character disagrees with the code", "省份简称与备案编号不符"),
    "shell.client-template": (
        "a page rendered in the browser from an in-page template (Vue or Angular {{ }})",
        "由浏览器按页面内模板渲染的页面（Vue 或 Angular 的 {{ }}）",
    ),
    "shell.no-body": ("a page without <body>", "没有 <body> 的页面"),
    "shell.next": ("a Next.js application shell (__NEXT_DATA__)", "Next.js 应用外壳（__NEXT_DATA__）"),
    "shell.nuxt": ("a Nuxt application shell (window.__NUXT__)", "Nuxt 应用外壳（window.__NUXT__）"),
    "shell.js-redirect": ("a JavaScript redirect", "JavaScript 跳转页"),
    "shell.mount": (
        "an application shell (empty mount point such as #app or #root)",
        "应用外壳（#app、#root 等挂载点为空）",
    ),
    "shell.nuxt3": ("a Nuxt application shell (__NUXT_DATA__)", "Nuxt 应用外壳（__NUXT_DATA__）"),
    "join.semicolon": ("{a}; {b}", "{a}；{b}"),
    "why.expected-number": ("{field}={value}: {reason}", "{field}={value}：{reason}"),
}
