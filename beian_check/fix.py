"""The corrected footer, ready to paste: the snippet the filing platforms hand out, filled
in with one site's numbers. Pure: strings in, a string out.

Shape (what the MIIT and public-security platforms publish, and SPEC's rules): the ICP
number linked to the MIIT filing system; the public-security badge ``<img>`` *before* the
public-security link, whose URL carries the 14-digit code in its fragment.
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .model import IcpMark, PsbMark
from .numbers import PROVINCES, IcpNumber

MIIT = "https://beian.miit.gov.cn/"
MPS = "https://beian.mps.gov.cn/#/query/webSearch?code="
# Where the snippet points when the site has no working badge yet: the owner downloads
# the official image from the platform and serves it there.
BADGE = "/beian-gongan.png"

# The character the platform prints for a province code when several are legal (SPEC §2
# aliases): the commoner one on issued numbers.
_PREFERRED = {"51": "川", "52": "黔", "53": "滇", "62": "甘"}
_PROVINCE_OF = {**{code: char for char, code in reversed(list(PROVINCES.items()))}, **_PREFERRED}


def psb_text(code: str, province: str | None = None) -> str:
    """``京公网安备11010502030143号`` for a code; ``province`` when the site's own number
    names one that agrees with the code."""
    if province is None or PROVINCES.get(province) != code[:2]:
        province = _PROVINCE_OF.get(code[:2], "")
    return f"{province}公网安备{code}号"


def footer_snippet(
    icp: str | None, psb_code: str | None, *, province: str | None = None, badge: str | None = None
) -> str | None:
    """The footer HTML for these numbers; None when neither is known."""
    if not icp and not psb_code:
        return None
    lines = []
    if icp:
        lines.append(f'<a href="{MIIT}" target="_blank" rel="noreferrer">{escape(icp)}</a>')
    if psb_code:
        src = escape(badge or BADGE, quote=True)
        lines.append(
            f'<img src="{src}" alt="" width="20" height="20" style="vertical-align:middle">'
            f'<a href="{MPS}{escape(psb_code, quote=True)}" target="_blank" rel="noreferrer">'
            f"{escape(psb_text(psb_code, province))}</a>"
        )
    return "\n".join(lines)


def fix_for(
    icp: IcpMark | None,
    psb: PsbMark | None,
    codes: Collection[str],
    *,
    expect_icp: IcpNumber | None = None,
    expect_psb: str | None = None,
    root: Path | None = None,
) -> str | None:
    """The snippet for a failing result: the numbers the operator expects (icp=, psb=)
    when the page shows none or another, else the numbers the page shows; the site's own
    badge when it loads, else the placeholder. ``root``: a static-site build, whose badge
    file becomes its path on the site."""
    icp_text = icp.text if icp else None
    if expect_icp is not None and (icp_text is None or "icp-unexpected" in codes):
        icp_text = expect_icp.text
    code, province = (psb.code, psb.text[:1]) if psb else (None, None)
    if expect_psb is not None and (code is None or "psb-unexpected" in codes):
        code, province = expect_psb, None
    badge = None
    # A badge shown after the number is still the right image: only its place is wrong.
    if psb and psb.icon and "psb-icon-broken" not in codes:
        badge = _site_url(psb.icon, root)
    return footer_snippet(icp_text, code, province=province, badge=badge)


def _site_url(icon: str, root: Path | None) -> str | None:
    """The badge's address as the footer should name it: an http(s) URL as it is, a file
    of a build as its root-relative path; None for anything else (a data: URI)."""
    if icon.startswith(("https://", "http://")):
        return icon
    if icon.startswith("file:") and root is not None:
        try:
            rel = Path(unquote(urlsplit(icon).path)).relative_to(root.resolve())
        except ValueError:
            return None
        return "/" + quote(rel.as_posix())
    return None
