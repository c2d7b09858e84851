"""Why a page or a badge could not be loaded, one entry per failure kind (outcome.py)."""

from __future__ import annotations

# Why a fetch failed, one entry per outcome.Kind (``fetch.<kind>``): quoted in fetch-failed,
# psb-icon-unverified/-broken and page-inconsistent. The wording names the kind the way an
# operator searches for it (connect timeout, connection refused, read timeout); the
# exception text goes to the finding's detail, never here.
FETCH: dict[str, tuple[str, str]] = {
    "fetch.dns": ("DNS lookup failed: the name does not resolve", "DNS 解析失败：域名无法解析"),
    "fetch.refused": ("connection refused: nothing listens on the port", "连接被拒绝：端口上没有服务在监听"),
    "fetch.connect-failed": (
        "could not connect: the network or host is unreachable",
        "无法连接：网络或主机不可达",
    ),
    "fetch.connect-timeout": (
        "connect timeout: the server did not accept the connection within {seconds} s",
        "连接超时：服务器在 {seconds} 秒内没有接受连接",
    ),
    "fetch.tls": (
        "TLS error: the certificate did not verify or the handshake failed",
        "TLS 错误：证书校验失败或握手失败",
    ),
    "fetch.proxy": (
        "proxy error: the proxy refused or could not reach the site",
        "代理错误：代理拒绝了请求或无法访问该网站",
    ),
    "fetch.bad-url": ("not an http(s) URL that can be fetched", "不是可以访问的 http(s) 地址"),
    "fetch.read-timeout": (
        "read timeout: connected, but the server sent nothing for {seconds} s",
        "读取超时：已连接，但服务器 {seconds} 秒内没有发送数据",
    ),
    "fetch.slow-body": (
        "read timeout: the page was still trickling in after {seconds} s",
        "读取超时：{seconds} 秒后页面仍未传输完成",
    ),
    "fetch.dropped": ("connection dropped before the whole response arrived", "连接在响应传输完成前断开"),
    "fetch.too-large": ("body too large (over {kib} KiB)", "响应内容过大（超过 {kib} KiB）"),
    "fetch.headers-too-large": ("response headers too large", "响应头过大"),
    "fetch.bad-response": (
        "bad HTTP response: not HTTP, or malformed",
        "无效的 HTTP 响应：不是 HTTP 或格式错误",
    ),
    "fetch.bad-encoding": ("the compressed body does not decode", "压缩的响应内容无法解码"),
    "fetch.bad-redirect": (
        "HTTP {status} redirect without a usable Location",
        "HTTP {status} 跳转，但没有可用的 Location",
    ),
    "fetch.redirect-loop": (
        "redirect loop ({hops} hops back to a page already seen)",
        "重定向循环（{hops} 次跳转后回到已访问过的页面）",
    ),
    "fetch.too-many-redirects": ("too many redirects (more than {max})", "重定向次数过多（超过 {max} 次）"),
    "fetch.http-status": ("HTTP {status}", "HTTP {status}"),
    "fetch.not-html": ("not an HTML page ({ctype})", "不是 HTML 页面（{ctype}）"),
    "fetch.empty": ("empty body", "响应内容为空"),
    "fetch.deadline": (
        "gave up after the {seconds} s deadline for one target; the site is too slow to check",
        "单个目标超过 {seconds} 秒时限，已放弃；网站响应太慢，无法检查",
    ),
    "fetch.no-index": (
        "{dir}/index.html does not exist; point beian-check at the build output folder (public/, dist/)",
        "{dir}/index.html 不存在；请把 beian-check 指向构建输出目录（public/、dist/）",
    ),
    "fetch.no-file": ("no such file in the build", "构建目录中没有这个文件"),
    "fetch.offline": (
        "not loaded: nothing is fetched when checking a build directory",
        "未加载：检查构建目录时不访问网络",
    ),
    "fetch.internal": (
        "internal error while checking this target (a bug: please report it with the detail)",
        "检查该目标时发生内部错误（程序缺陷：请附上 detail 报告）",
    ),
    "fetch.worker-lost": (
        "the worker process checking this target stopped unexpectedly",
        "检查该目标的工作进程意外退出",
    ),
    "fetch.other": ("unexpected error (please report it with the detail)", "意外错误（请附上 detail 报告）"),
}
