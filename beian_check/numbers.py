"""Filing-number grammar (SPEC §2): normalisation, the province table, ICP and
public-security numbers, placeholders. Pure functions over strings."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .messages import Text
from .messages import text as _text

# 2-digit administrative-division code of each province character. Aliases (蜀/川, 黔/贵,
# 滇/云, 陇/甘) are both in use on real footers and both are legal.
PROVINCES: dict[str, str] = {
    "京": "11",
    "津": "12",
    "冀": "13",
    "晋": "14",
    "蒙": "15",
    "辽": "21",
    "吉": "22",
    "黑": "23",
    "沪": "31",
    "苏": "32",
    "浙": "33",
    "皖": "34",
    "闽": "35",
    "赣": "36",
    "鲁": "37",
    "豫": "41",
    "鄂": "42",
    "湘": "43",
    "粤": "44",
    "桂": "45",
    "琼": "46",
    "渝": "50",
    "蜀": "51",
    "川": "51",
    "黔": "52",
    "贵": "52",
    "滇": "53",
    "云": "53",
    "藏": "54",
    "陕": "61",
    "陇": "62",
    "甘": "62",
    "青": "63",
    "宁": "64",
    "新": "65",
}

# Characters that normalisation deletes; sites slip them into numbers (by accident, or to
# defeat scrapers).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_DASHES = "\uff0d\u2014\u2013\u2010\u2011\u2012\u2015\u2212"
_TABLE = str.maketrans({**dict.fromkeys(ZERO_WIDTH, None), **dict.fromkeys(_DASHES, "-")})
_SPECIAL = re.compile(f"[{ZERO_WIDTH}{_DASHES}]")
_SPACE = re.compile(r"\s+")


def normalize(text: str, *, unescape: bool = True) -> str:
    """Normalise display text before matching (SPEC §2). Idempotent.

    This runs on every text node of every page, so each step is skipped when a cheap C
    check says it would change nothing (most Chinese text is already NFKC)."""
    if unescape and "&" in text:
        text = html.unescape(text)
    if not text.isascii():
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        if _SPECIAL.search(text):
            text = text.translate(_TABLE)
    return _SPACE.sub(" ", text)


# Matching runs on normalised text, so only ASCII digits, '-' and single spaces remain.
# The province slot is "any one non-space character" so that joke registries (萌ICP备)
# and missing provinces are seen as claims and judged, rather than silently ignored.
_ICP_RE = re.compile(
    r"(?P<prov>[^\s\d:：(（\[【/|,，.。;；-])? ?ICP ?(?P<kind>[备證证])"
    # "ICP备案号：" / "ICP证：" are labels in front of the real number, not claims.
    r"(?! ?案(?!中|申请中|审核中))(?! ?[:：])"
    r"(?: ?(?P<body>案申请中|案审核中|案中|申请中|审核中|待填写|待备案|[0-9A-Za-z*]{1,14}))?"
    # White space is taken only with what follows it: a number without 号 must not take
    # the space that starts the next link.
    r"(?: ?(?P<hao>号))?(?: ?- ?(?P<suffix>\d{1,3}[AXKaxk]?)(?!\d))?"
    # "粤ICP备 2019123456-1 号" (an example form in theme docs): 号 after the site suffix.
    r"(?(hao)|(?: ?(?P<late>号))?)",
    re.IGNORECASE,
)
_PLACEHOLDER_TEXT = ("案中", "案申请中", "案审核中", "申请中", "审核中", "待填写", "待备案", "ing")
_PSB_RE = re.compile(
    r"(?P<prov>[^\s\d:：(（\[【/|,，.。;；-])? ?公网安备(?! ?案(?!中|申请中|审核中))(?! ?[:：])"
    r"(?: ?(?P<body>案申请中|案审核中|案中|申请中|审核中|待填写|待备案|[0-9A-Za-z*]{1,20}))?"
    r"(?: ?(?P<hao>号))?"
)
# A label followed by a bare code ("公安备案号：35020302001234", older corporate footers):
# a claim without the province character and 公网安备, judged malformed.
_PSB_LABEL_RE = re.compile(
    r"(?:公安机关|公安|公网安|网安)(?:联网)?备案(?:编号|号码|号)? ?[:：]? ?(?P<body>\d{6,20})(?!\d)"
)
PSB_LABEL_ANCHOR = "备案"
_PLACEHOLDER_DIGITS = {"12345678", "1234567890", "123456789", "12345678901234", "11111111111111"}


def is_placeholder_digits(body: str) -> bool:
    if not body.isdigit():
        return True  # empty, runs of X or *, or any letters where digits belong
    return set(body) == {"0"} or body in _PLACEHOLDER_DIGITS


@dataclass(frozen=True, slots=True)
class IcpNumber:
    """An ICP text found in normalised text. ``problem`` is None when it is valid."""

    text: str  # canonical: 京ICP备12345678号-1
    raw: str  # as matched in the normalised text
    kind: str  # "filing" (备) or "licence" (证)
    province: str
    digits: str
    suffix: str
    problem: Text | None
    start: int
    end: int
    core: tuple[int, int] = (0, 0)  # where the digits are (a number belongs to their link)


@dataclass(frozen=True, slots=True)
class PsbNumber:
    text: str  # canonical: 京公网安备11010502030143号
    raw: str
    province: str
    code: str  # the digits as shown (14 when valid)
    problem: Text | None  # psb-malformed reason, or None
    prefix_mismatch: bool  # province disagrees with the code's first 2 digits
    start: int
    end: int
    core: tuple[int, int] = (0, 0)  # where the digits are


_ICP_ANCHOR = re.compile("ICP", re.IGNORECASE)
_PSB_ANCHOR = re.compile("公网安备")


def _anchored(pattern: re.Pattern[str], anchor: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer`` for patterns that start with an optional province character:
    find the literal anchor first and try the pattern just before it. Python's regex
    engine would otherwise try the optional group at every position of a 40 KB page."""
    last = 0
    for a in anchor.finditer(text):
        i = a.start()
        if i < last:
            continue
        for start in (i - 2, i - 1, i):
            if start < last:
                continue
            m = pattern.match(text, start)
            if m is not None:  # it contains this anchor: "ICP" and 公网安备 cannot overlap
                last = m.end()
                yield m
                break


def _core(m: re.Match[str]) -> tuple[int, int]:
    return m.span("body") if m["body"] else m.span()


def find_icp(text: str) -> list[IcpNumber]:
    """Every ICP claim in normalised text, valid or not. Labels such as ``ICP备案号：``
    are not claims (the negative look-ahead on 案)."""
    out = []
    for m in _anchored(_ICP_RE, _ICP_ANCHOR, text):
        prov = m["prov"] or ""
        kind = "filing" if m["kind"] == "备" else "licence"  # 证 or 證
        body = m["body"] or ""
        suffix = (m["suffix"] or "").upper()
        problem: Text | None = None
        if not body:
            # "ICP备" followed by nothing numeric: a dangling label, unless it is a
            # placeholder word; either way it is not a number.
            problem = _text("why.no-number-after", label="ICP备" if kind == "filing" else "ICP证")
        elif body.lower() in _PLACEHOLDER_TEXT:
            problem = _text("why.placeholder-text", body=body)
        elif is_placeholder_digits(body):
            problem = _text("why.placeholder", body=body)
        elif kind == "filing" and not 5 <= len(body) <= 10:
            problem = _text("why.icp-digits", count=len(body))
        elif kind == "licence" and not 3 <= len(body) <= 10:
            problem = _text("why.licence-digits", count=len(body))
        elif not prov:
            problem = _text("why.no-province", label="ICP")
        elif prov not in PROVINCES:
            problem = _text("why.bad-province-icp", province=prov)
        elif not m["hao"] and m["late"] and suffix:
            problem = _text("why.hao-after-suffix", suffix=suffix)
        elif not m["hao"]:
            problem = _text("why.no-hao")
        mark = "证" if kind == "licence" else "备"
        canon = f"{prov}ICP{mark}{body}号" + (f"-{suffix}" if suffix else "")
        raw = m.group(0).strip()
        out.append(
            IcpNumber(
                canon if problem is None else raw,
                raw,
                kind,
                prov,
                body,
                suffix,
                problem,
                m.start(),
                m.end(),
                _core(m),
            )
        )
    if "案" in text or ":" in text or "：" in text:
        out += _icp_after_label(text, out)
    return out


# A label followed by bare digits ("ICP备案号：12345678号-1", "京ICP备案12345678号"): a
# claim not in the issued form (province character + ICP备 + digits + 号), judged malformed.
_ICP_LABEL_RE = re.compile(
    r"(?P<prov>[^\s\d:：(（\[【/|,，.。;；-])? ?ICP ?(?P<kind>[备证證])"
    r"(?:案(?:编号|号码|号)?|(?:编号|号码|号)? ?[:：])[ :：]*(?P<body>\d{5,10})(?!\d)"
    r"(?: ?号)?(?: ?- ?(?P<suffix>\d{1,3}[AXKaxk]?)(?!\d))?",
    re.IGNORECASE,
)


def _icp_after_label(text: str, found: list[IcpNumber]) -> list[IcpNumber]:
    out = []
    for m in _ICP_LABEL_RE.finditer(text):
        if any(n.start < m.end() and m.start() < n.end for n in found):
            continue
        prov = m["prov"] if m["prov"] in PROVINCES else ""
        kind = "filing" if m["kind"] == "备" else "licence"
        body, suffix = m["body"], (m["suffix"] or "").upper()
        if is_placeholder_digits(body):
            problem = _text("why.placeholder", body=body)
        else:
            mark = "备" if kind == "filing" else "证"
            example = f"{prov or '京'}ICP{mark}{body}号" + (f"-{suffix}" if suffix else "")
            problem = _text("why.icp-bare-code", example=example)
        raw = m.group(0).strip()
        out.append(IcpNumber(raw, raw, kind, prov, body, suffix, problem, m.start(), m.end(), m.span("body")))
    return out


def _bare_codes(text: str) -> list[PsbNumber]:
    out: list[PsbNumber] = []
    if PSB_LABEL_ANCHOR not in text:
        return out
    for m in _PSB_LABEL_RE.finditer(text):
        body = m["body"]
        prov = _PROVINCE_OF.get(body[:2]) if len(body) == 14 else None
        example = f"{prov}公网安备{body}号" if prov else "京公网安备11010502030143号"
        problem = _text("why.psb-bare-code", example=example)
        out.append(
            PsbNumber(
                m.group(0).strip(),
                m.group(0).strip(),
                "",
                body,
                problem,
                False,
                m.start(),
                m.end(),
                m.span("body"),
            )
        )
    return out


_PROVINCE_OF = {code: prov for prov, code in PROVINCES.items()}  # aliases: the later (川, 贵, 云, 甘)


def find_psb(text: str) -> list[PsbNumber]:
    out = _bare_codes(text)
    for m in _anchored(_PSB_RE, _PSB_ANCHOR, text):
        prov = m["prov"] or ""
        body = m["body"] or ""
        problem: Text | None = None
        if not body:
            problem = _text("why.no-number-after", label="公网安备")
        elif is_placeholder_digits(body):  # also every placeholder word: none is digits
            problem = _text("why.placeholder-psb", body=body)
        elif len(body) != 14:
            problem = _text("why.psb-digits", count=len(body))
        elif not prov:
            problem = _text("why.no-province", label="公网安备")
        elif prov not in PROVINCES:
            problem = _text("why.bad-province", province=prov)
        mismatch = problem is None and PROVINCES[prov] != body[:2]
        raw = m.group(0).strip()
        out.append(
            PsbNumber(
                f"{prov}公网安备{body}号" if problem is None else raw,
                raw,
                prov,
                body,
                problem,
                mismatch,
                m.start(),
                m.end(),
                _core(m),
            )
        )
    return sorted(out, key=lambda n: n.start) if len(out) > 1 else out


class ExpectedNumberError(ValueError):
    pass


def parse_expected_icp(value: str) -> IcpNumber:
    found = find_icp(normalize(value))
    if len(found) != 1 or found[0].problem or found[0].raw != normalize(value).strip():
        reason = found[0].problem if len(found) == 1 and found[0].problem else _text("why.not-icp")
        raise ExpectedNumberError(_text("why.expected-number", field="icp", value=repr(value), reason=reason))
    return found[0]


def parse_expected_psb(value: str) -> str:
    """``11010502030143`` or ``京公网安备11010502030143号`` -> the 14-digit code."""
    v = normalize(value).strip()
    if v.isdigit():
        if len(v) != 14 or is_placeholder_digits(v):
            raise ExpectedNumberError(
                _text(
                    "why.expected-number", field="psb", value=repr(value), reason=_text("why.psb-code-digits")
                )
            )
        if not any(code == v[:2] for code in PROVINCES.values()):
            raise ExpectedNumberError(
                _text(
                    "why.expected-number",
                    field="psb",
                    value=repr(value),
                    reason=_text("why.bad-province-code", prefix=v[:2]),
                )
            )
        return v
    found = find_psb(v)
    if len(found) != 1 or found[0].problem or found[0].prefix_mismatch:
        reason = found[0].problem if len(found) == 1 and found[0].problem else _text("why.not-psb")
        if len(found) == 1 and found[0].prefix_mismatch:
            reason = _text("why.province-disagrees")
        raise ExpectedNumberError(_text("why.expected-number", field="psb", value=repr(value), reason=reason))
    return found[0].code


def icp_matches_expected(found: IcpNumber, expected: IcpNumber) -> bool:
    """The site suffix (-N) is compared only when the expectation names one: a filing
    covers all of its sites."""
    if (found.province, found.kind, found.digits) != (expected.province, expected.kind, expected.digits):
        return False
    return not expected.suffix or found.suffix == expected.suffix
