"""What one cell says: a list of members, a count, every municipality, a scheme, a date.

Pure text functions; no file, no names list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..wareki import parse_date

# 、・,，; line breaks; 及び / 並びに / と between names.  Spaces too, but 「札幌市 中央区」 stays one.
_SPLIT = re.compile(r"[、・,，;；\r\n]+|及び|並びに|\s+")
_COUNT = re.compile(r"^\d+(?:市町村|市町|町村|市|町|村|区|一部事務組合|事務組合|組合|広域連合|団体)+等?$")
_ALL = re.compile(r"^(?P<where>.*?)(?:内|管内)?の?全(?P<what>市町村|町村|市町|市)$")
_OPEN, _CLOSE = "（(", "）)"


@dataclass(frozen=True)
class Piece:
    """One part of a member cell.  kind: name, count (「162市町村」), all (every 市町村 / 町村 of
    the prefecture named or implied in ``where``)."""

    kind: str
    text: str
    where: str = ""
    what: str = ""


def split_members(cell: str) -> list[Piece]:
    text = unicodedata.normalize("NFKC", str(cell or "")).strip()
    if not text:
        return []
    parts = _split_outside_brackets(text)
    # 「札幌市」「中央区」 split on a space: a ward follows its city.
    joined: list[str] = []
    for p in parts:
        if joined and p.endswith("区") and joined[-1].endswith("市") and re.search(r"\s", text):
            if re.search(re.escape(joined[-1]) + r"\s+" + re.escape(p), text):
                joined[-1] += p
                continue
        joined.append(p)
    out = []
    for p in joined:
        if _COUNT.match(p):
            out.append(Piece("count", p))
            continue
        m = _ALL.match(p)
        if m and (m["where"] in ("", "道", "都", "府", "県") or m["where"].endswith(("道", "都", "府", "県"))):
            out.append(Piece("all", p, m["where"], m["what"]))
            continue
        out.append(Piece("name", p))
    return out


def _split_outside_brackets(text: str) -> list[str]:
    """Split on separators that are not inside （…） (「大町市（一部、旧八坂村）」 stays one)."""
    parts, depth, current = [], 0, ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        if depth == 0:
            m = _SPLIT.match(text, i)
            if m and m.end() > i:
                if current.strip():
                    parts.append(current.strip())
                current = ""
                i = m.end()
                continue
        current += ch
        i += 1
    if current.strip():
        parts.append(current.strip())
    return parts


def split_list(cell: str) -> list[str]:
    """Affairs and other lists: split on 、・,，; and line breaks (not on spaces)."""
    text = unicodedata.normalize("NFKC", str(cell or "")).strip()
    return [p.strip() for p in re.split(r"[、・,，;；\r\n]+", text) if p.strip()]


# Body names and their scheme: the name says what the body is.
COMPOSITE = "【複】"


def scheme_from_text(text: str) -> str | None:
    """広域連合 / 一部事務組合 / 定住自立圏 / 連携中枢都市圏 from a name or a 区分 cell."""
    t = unicodedata.normalize("NFKC", str(text or "")).replace(" ", "")
    t = t.replace(unicodedata.normalize("NFKC", COMPOSITE), "").replace(COMPOSITE, "")
    if not t:
        return None
    if "広域連合" in t:
        return "広域連合"
    if "定住自立圏" in t:
        return "定住自立圏"
    if "連携中枢都市圏" in t:
        return "連携中枢都市圏"
    if t.endswith(("組合", "企業団", "事務組合")) or t in ("一部事務組合", "複合事務組合", "一組"):
        return "一部事務組合"
    return None


def strip_marks(name: str) -> tuple[str, list[str]]:
    """Name without 【複】 (and the like), and the notes they stand for."""
    notes = []
    text = str(name or "").strip()
    for mark in (COMPOSITE, unicodedata.normalize("NFKC", COMPOSITE)):
        if mark in text:
            text = text.replace(mark, "").strip()
            notes.append("複合事務組合 (【複】)")
    return text, notes


# Purposes used to colour unions on the map (views/map/layers.py PURPOSE_COLORS), from words in the
# name and the affairs.
PURPOSE_WORDS = {
    "後期高齢者医療": ("後期高齢者医療",),
    "ごみ処理": ("ごみ", "廃棄物", "清掃", "塵芥"),
    "消防": ("消防",),
    "介護": ("介護",),
    "火葬場": ("火葬", "斎場", "葬斎"),
    "水道": ("水道", "水道企業団", "用水"),
    "病院": ("病院", "医療センター"),
    "し尿処理": ("し尿",),
}


def purposes_of(*texts: str) -> list[str]:
    joined = " ".join(str(t or "") for t in texts)
    return [p for p, words in PURPOSE_WORDS.items() if any(w in joined for w in words)]


def looks_like_formula(text: str) -> bool:
    return str(text).lstrip().startswith("=") and len(str(text).strip()) > 1


def parse_cell_date(text: str) -> str:
    """ISO text of a 和暦 / ISO / Excel date cell; ValueError if it is none of these."""
    t = unicodedata.normalize("NFKC", str(text or "")).strip()
    t = re.sub(r"\s*\d{1,2}:\d{2}(:\d{2})?$", "", t)  # a datetime cell at midnight
    return parse_date(t).iso()


_LAST_DAY = re.compile(r"(?:を)?もって|限り|まで")  # the date named is the last day in force


def parse_until(text: str) -> tuple[str, str]:
    """(ISO ``until``, how it was read) for a dissolution or leaving cell (#19's rule).

    ``until`` is the first day no longer in force.  「令和3年3月31日をもって解散」, 「…限り」 and 「…まで」
    name the last day in force, so the day after is returned (2021-04-01); a bare date (解散日
    2021-04-01) is taken as it is.  ValueError if no date can be read.
    """
    import datetime as dt

    t = unicodedata.normalize("NFKC", str(text or "")).strip()
    m = re.search(r"((?:明治|大正|昭和|平成|令和|[MTSHR])\s*(?:元|\d{1,2})\s*[年.]\s*\d{1,2}\s*[月.]\s*\d{1,2}\s*日?|\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?)", t)
    if not m:
        raise ValueError(f"{text!r} holds no full date")
    day = parse_date(m[1].replace(" ", ""))
    iso = day.iso()
    if _LAST_DAY.search(t[m.end():]):
        nxt = (dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat()
        return nxt, f"{m[1]} is the last day in force (…をもって / 限り): until {nxt}"
    return iso, ""
