"""The one table of page heuristics: what marks the site footer, post content, an
application shell, a hidden element, a badge. Every entry names the real site or theme
pattern that taught it. The page analysis reads these tables; the CSS selector that keeps
subtrees from being pruned and the JavaScript lists of --render are generated from them
(``no_prune_selector``, ``footer_selectors``), never kept by hand beside them.

Words are matched against class and id *tokens* and against their *parts* (a token split
on ``-``, ``_`` and camelCase): ``site-footer`` and ``siteFooter`` hold the part
``footer``, while ``epicplayer`` holds no part ``icp`` (substring matching called that
element a footer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hint:
    word: str
    weight: int
    why: str  # the real site or theme pattern that taught it


# -- the site footer --------------------------------------------------------------------
FOOTER_TAGS = frozenset({"footer"})
FOOTER_ROLES = frozenset({"contentinfo"})
# Matched against token parts (and whole tokens).
FOOTER_WORDS: tuple[Hint, ...] = (
    Hint("footer", 3, '<div id="footer"> / .footer of most templates; Hexo NexT and Butterfly #footer'),
    Hint("foot", 3, ".foot / .foot-nav of Chinese CMS templates (DedeCMS, PbootCMS, MetInfo)"),
    Hint("colophon", 3, 'WordPress Twenty* themes: <footer id="colophon">'),
    Hint("copyright", 2, '<p class="copyright"> holding the marks on corporate sites'),
    Hint("beian", 2, ".beian wrappers around both marks (Hexo Fluid footer, many blogs)"),
    Hint("icp", 2, ".icp / #icp spans around the MIIT link (Typecho and Z-Blog themes)"),
    Hint("gongan", 1, ".gongan spans around the public-security link"),
    Hint("police", 1, ".police-beian spans (Hexo Butterfly custom footers)"),
    Hint("bottom", 1, ".bottom / #bottom on Chinese corporate templates"),
    Hint("record", 1, ".record spans of WordPress filing plugins"),
)
# Matched against whole tokens only (as parts they are too short or too common).
FOOTER_TOKENS: tuple[Hint, ...] = (
    Hint("ft", 3, 'Discuz! X: <div id="ft">'),
    Hint("site-info", 2, 'WordPress default themes: <div class="site-info">'),
    Hint("siteinfo", 2, "WordPress child themes: .siteinfo"),
    Hint("copy", 1, 'Bootstrap corporate templates: <div class="copy">'),
    Hint("ba", 1, ".ba spans around filing numbers on hand-made company sites"),
)
# A footer of a component, not of the site: a token holding one of these parts next to a
# footer word is no footer hint (Bootstrap .card-footer in the middle of a page switched
# the position fallback off; NexT .post-footer, WordPress .entry-footer sit in posts).
COMPONENT_WORDS = frozenset(
    {
        "card",
        "post",
        "article",
        "entry",
        "modal",
        "dialog",
        "panel",
        "comment",
        "widget",
        "popup",
        "drawer",
        "toast",
        "table",
        "form",
    }
)
# Main content: a footer candidate inside it scores lower (WordPress #primary/#content,
# HTML5 <main>); a footer is normally outside.
MAIN_TAGS = frozenset({"main"})
MAIN_ROLES = frozenset({"main"})
MAIN_TOKENS = frozenset({"main", "primary", "main-content"})
# Headers: a mark there is not in the footer (position fallback only).
HEADER_TAGS = frozenset({"header", "nav"})
HEADER_WORDS = frozenset({"header", "nav", "navbar", "topbar", "masthead"})
HEADER_TOKENS = frozenset({"top", "menu"})  # "back-to-top" and "footer-menu" sit in footers
# Sidebars: they often come last before the footer in document order, but sit beside the
# content, not at the bottom (blog sidebars, WordPress .widget-area).
SIDE_TAGS = frozenset({"aside"})
SIDE_WORDS = frozenset({"sidebar", "aside", "widget"})

# Scoring the footer candidates (page/footer.py): the end of <body> is where a footer is.
FOOTER_MIN_SCORE = 3  # below it, no footer is chosen: the position fallback decides
FOOTER_TAIL_NEAR = 0.10  # text after the candidate, as a share of the page: "at the end"
FOOTER_TAIL_FAR = 0.50  # more text than this after it: not the site footer
# A header holding more of the page than this is a layout wrapper, not a header: Hugo
# PaperMod writes <body id="top"> for its back-to-top link, and "top" names headers.
FOOTER_WRAPPER = 0.60
FOOTER_FALLBACK_FROM = 0.50  # no footer: marks in the second half (outside headers) count
# Marks right above the chosen footer, with less text than this between them and it, are at
# the bottom of the page too: VuePress 1 sites write them at the end of the home page's
# Markdown, just above the theme's one-line text footer.
FOOTER_ADJACENT = 120

# -- post content (never the site's own marks) -------------------------------------------
POST_TAGS = frozenset({"article"})
POST_ITEMPROPS = frozenset(
    {
        "articlebody",  # Hexo Icarus/Yilia div.article-desc[itemprop=articleBody] excerpts
        "description",  # home-page excerpts marked up with schema.org BlogPosting
        "text",  # schema.org Comment / Answer bodies
        "reviewbody",
        "blogpost",
    }
)
# Whole tokens that are post content on their own.
POST_TOKENS = frozenset(
    {
        "markdown-body",  # GitHub-style rendering, Hexo/VuePress themes
        "markdown",
        "md-content",
        "rich-text",
        "article",
        "entry",
        "h-entry",
        "hentry",
        "e-content",  # microformats (IndieWeb themes, WordPress)
        "excerpt",
    }
)
# A token with a subject part and a body part is post content on its own:
# div.home-post-content (Hexo Cactus/Landscape forks), .post-excerpt (Ghost Casper),
# .entry-summary (WordPress), .article-desc, .post-body (Hexo NexT), .entry-content.
POST_SUBJECTS = frozenset({"post", "article", "entry", "blog"})
POST_BODIES = frozenset(
    {
        "content",
        "excerpt",
        "summary",
        "desc",
        "description",
        "body",
        "text",
        "abstract",
        "preview",
        "intro",
        "brief",
        "entry",
    }
)
# In a block repeated among its siblings (the cards of a listing) one of these parts is
# enough: Hexo Butterfly div.recent-post-item > div.recent-post-info > div.content.
POST_REPEATED = frozenset({"post", "article", "excerpt", "summary", "desc", "entry", "blog"})
POST_MIN_REPEAT = 2

# -- titles that quote a number ---------------------------------------------------------
# A link to another page (a post, a news item) whose text says more than the number and
# these label words is a title quoting the number, not the site's mark: WordPress "recent
# posts" widgets in the footer or sidebar ("备案完成：京ICP备…"), company news lists
# ("热烈祝贺我公司取得增值电信业务经营许可证（京ICP证…号）"). A mark linked to the home page
# ("Copyright © 某某公司 京ICP备…" in one <a href="/">) stays a mark.
LABEL_WORDS = (
    "增值电信业务",
    "经营许可证",
    "许可证",
    "备案号",
    "备案",
    "编号",
    "网站",
    "本站",
    "工信部",
    "公安",
    "网安",
    "联网",
    "版权所有",
    "copyright",
    "all rights reserved",
    "icp",
    "license",
    "no.",
    "号",
    "证",
)
TITLE_MIN_LETTERS = 2  # letters left besides numbers and labels: a title
INDEX_NAMES = frozenset(
    {
        "index.html",
        "index.htm",
        "index.shtml",
        "index.php",
        "index.asp",
        "index.aspx",
        "index.jsp",
        "default.aspx",
        "default.asp",
        "default.htm",
    }
)

# -- application shells -------------------------------------------------------------------
SHELL_IDS = frozenset(
    {
        "app",
        "root",  # Vue CLI / Vite and Create React App mount points
        "__next",  # Next.js
        "__nuxt",  # Nuxt
        "q-app",  # Quasar
        "___gatsby",  # Gatsby
        "__layout",
        "main-app",
        "vue-app",
    }
)
# Framework state in a script: with a near-empty body, the page is rendered in the browser.
# (marker, catalogue key of the reason)
SHELL_STATES: tuple[tuple[str, str], ...] = (
    ("__NEXT_DATA__", "shell.next"),  # Next.js pages router: <script id="__NEXT_DATA__">
    ("__NUXT_DATA__", "shell.nuxt3"),  # Nuxt 3: <script id="__NUXT_DATA__">
    ("__NUXT__", "shell.nuxt"),  # Nuxt 2: window.__NUXT__=
)
SHELL_NEAR_EMPTY = 200  # visible characters: a shell shows at most a loading line
SHELL_MOUNT_EMPTY = 50  # a mount point with less text than this is empty
# A page with almost no text and at least this many images is drawn in pictures (company
# pages exported from Photoshop slices, jQuery menus): not a shell, its marks are missing.
IMAGE_PAGE_MIN = 3

# -- templates shipped unrendered ---------------------------------------------------------
TEMPLATE_MARKERS = (
    "{{",
    "{%",
    "<%",
    "${",  # Mustache/Handlebars/Vue, Jinja/Liquid/Django, ASP/EJS, JS template
    "{$",
    "{:",  # Smarty, Z-Blog, MetInfo; ThinkPHP
    "{dede:",  # DedeCMS: {dede:global.cfg_beian/}
    "{pboot:",  # PbootCMS: {pboot:siteicp}
    "[!--",  # EmpireCMS: [!--news.url--]
    "<?php",
)
TEMPLATE_PATTERN = re.compile("|".join(re.escape(m) for m in TEMPLATE_MARKERS), re.IGNORECASE)

# In-DOM templates of client-side frameworks: the HTML keeps {{ }} on purpose and the
# browser renders it (Vue or Angular loaded from a CDN, avalon on Chinese sites). Mustache
# braces there are no shipped template; with no marks outside them, the page is rendered
# in the browser.
CLIENT_TEMPLATE_ATTRS = (
    "v-cloak",
    "v-if",
    "v-for",
    "v-show",
    "v-html",
    "v-text",
    "v-model",
    "v-bind",
    "v-on",
    "ng-app",
    "ng-controller",
    "ms-controller",
    "ms-important",
)
CLIENT_TEMPLATE_SCRIPTS = re.compile(
    r"(?:^|[/@.-])(?:vue|angular|avalon|petite-vue)(?:[@./-]|$)", re.IGNORECASE
)

# -- display ------------------------------------------------------------------------------
# Inline declarations that hide an element. opacity:0 is not one: fade-in animations (WOW.js,
# AOS) start from it and the footer is shown a moment later.
HIDDEN_DECLARATIONS = (r"display\s*:\s*none", r"visibility\s*:\s*hidden")
# Scroll-reveal libraries start an element at visibility:hidden and show it on scroll; a
# page saved from a browser keeps that inline style (<div class="wow fadeInUp"
# style="visibility: hidden; animation-name: none;">). With their markers it is no hiding.
REVEAL_CLASSES = frozenset({"wow", "aos-init", "aos-animate"})
REVEAL_ATTRS = ("data-wow-delay", "data-wow-duration", "data-aos", "data-sr-id", "data-scroll-reveal")

# -- badges -------------------------------------------------------------------------------
# Names, alt texts and classes of the public-security badge seen on real sites:
# gongan.png (most templates), beian.png/beian-icon (Hexo Fluid police_beian.png), ghs.png
# (the platform's own snippet), gaba (公安备案), psb/mps, guohui (国徽 emblem).
BADGE_WORDS = (
    "gongan",
    "beian",
    "police",
    "ghs",
    "gaba",
    "psb",
    "mps",
    "guohui",
    "badge",
    "公安",
    "备案",
    "网安",
    "国徽",
)
# Short names matched as whole parts only: ga.png, icon-ga (公安), ba-icon (备案).
BADGE_PARTS = frozenset({"ga", "gab", "ba"})
# A number without a badge under a class or id holding one of these parts may have the
# badge drawn by a linked stylesheet (<a class="gongan-link" style="padding-left:20px">):
# --render auto renders it to see. Statically it is still missing: Hexo Fluid writes
# <a class="beian-police"> with no badge when none is configured. Not "beian"/"ba":
# wrappers around both marks are named so.
BADGE_CLASS_PARTS = frozenset({"gongan", "police", "ghs", "gaba", "psb", "guohui"})
# Looser words that still say "icon" (a CSS badge is an empty <i class="icon-...">).
ICON_WORDS = ("icon", "ico")
# Other marks that sit beside the filing numbers and are not the badge: the business
# licence 工商/红盾 icons (gswj, hongdun), 可信/诚信网站 seals, the 12377 report icon.
# Government sites: the 党政机关 mark (conac.cn, red.png) and the 政府网站找错 (jiucuo) icon
# sit right beside the numbers; so do the cyber-police (网警, 12321) report icons. The host
# an image links to counts too: an image in a link to bszs.conac.cn is that site's mark.
OTHER_MARK_WORDS = (
    "gongshang",
    "hongdun",
    "gswj",
    "gsxt",
    "工商",
    "红盾",
    "营业执照",
    "zhizhao",
    "yyzz",
    "license",
    "licence",
    "kexin",
    "可信",
    "chengxin",
    "诚信",
    "jubao",
    "举报",
    "12377",
    "conac",
    "党政机关",
    "jiucuo",
    "找错",
    "cyberpolice",
    "网警",
    "12321",
)
BADGE_MAX_SIZE = 64  # declared width/height of a small icon, CSS pixels
# Lazy loaders put a spacer in src until the real image arrives (jQuery lazyload
# data-original, WordPress data-lazy-src, Hexo Butterfly data-lazy-src).
# layui (lay-src), echo.js (data-echo), KISSY (data-ks-lazyload) on Chinese templates.
LAZY_ATTRS = (
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-lazy",
    "data-url",
    "lay-src",
    "data-echo",
    "data-lazyload",
    "data-ks-lazyload",
    "src",
)
# Responsive images: when no src shows one, the first candidate of srcset is what loads.
SRCSET_ATTRS = ("data-srcset", "srcset")
PLACEHOLDER_NAMES = ("blank.gif", "spacer.gif", "pixel.gif", "placeholder.png", "1x1.", "loading.gif")
