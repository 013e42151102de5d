"""Municipality name (+ prefecture) → 5-digit code, with the nearest candidates when it fails.

Built from any frame with ``code`` and ``name`` (the master list the build reads,
:func:`dashboard.sources.municipalities.read_master`, or the store's municipalities and wards).
Published lists write names the way people do: with the county (空知郡奈井江町), with the
prefecture (長野県大町市), in old or new 字体 (檜枝岐村 / 桧枝岐村, 龍ケ崎市 / 竜ヶ崎市), with a
note (札幌市（一部）), or a ward of a designated city (札幌市中央区).  :meth:`Gazetteer.resolve`
reads all of these and never guesses: a name that matches no entry, or more than one, comes
back unresolved with the closest names found.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県",
    "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)
PREF_CODE_OF = {name: f"{i:02d}" for i, name in enumerate(PREFECTURES, start=1)}
PREF_NAME_OF = {code: name for name, code in PREF_CODE_OF.items()}
# 「道」「県」 alone in a member list: the prefecture that publishes the list.
PREFECTURE_WORDS = ("道", "都", "府", "県")

# Old (and variant) 字体 → the form we compare in.  Both sides of a comparison are folded, so the
# direction does not matter; what matters is that each pair is one character to one character.
VARIANTS = str.maketrans({
    "檜": "桧", "龍": "竜", "澤": "沢", "邊": "辺", "邉": "辺", "濱": "浜", "嶋": "島", "嶌": "島",
    "﨑": "崎", "嵜": "崎", "髙": "高", "鰺": "鯵", "塚": "塚", "當": "当", "德": "徳", "國": "国",
    "與": "与", "萬": "万", "壽": "寿", "櫻": "桜", "廣": "広", "藝": "芸", "舘": "館", "條": "条",
    "籠": "篭", "曾": "曽", "峯": "峰", "冨": "富", "槇": "槙", "莊": "荘", "驒": "騨", "鷗": "鴎",
    "ヶ": "ケ", "ヵ": "ケ", "ｹ": "ケ", "ﾉ": "ノ",
})
CONTEXT = "same name in another prefecture; chosen by the prefecture of the other members"
_SPACE = re.compile(r"[\s\u3000]+")
_NOTE = re.compile(r"[（(]([^（）()]*)[）)]\s*$")
_COUNTY = re.compile(r"^(?P<county>[^郡]{1,6}郡)(?P<rest>.+[町村])$")


def clean(name: object) -> str:
    """NFKC and no spaces: the text we show as 'listed as' and start matching from."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(name or "")))


def fold(name: str) -> str:
    """Comparison form: :func:`clean` plus old → new 字体."""
    return clean(name).translate(VARIANTS)


@dataclass(frozen=True)
class Entry:
    code: str
    name: str  # the official name (as in the census table and the master list)
    pref_code: str
    ward_of: str | None = None  # a ward of a designated city: the city's code

    @property
    def label(self) -> str:
        return f"{self.name}（{PREF_NAME_OF.get(self.pref_code, self.pref_code)}）{self.code}"


@dataclass(frozen=True)
class Resolution:
    """What a listed name is.

    ``kind``: municipality (``code``), ward (``code`` of the ward, ``city`` its designated city),
    prefecture (``code`` is the 2-digit prefecture code), or unresolved (``candidates`` holds the
    nearest official names, ``reason`` says why).  ``how`` says how a match was made
    (exact, 字体, county prefix, prefecture prefix) and ``remark`` keeps a note such as （一部）.
    """

    given: str
    kind: str
    code: str | None = None
    name: str | None = None
    city: str | None = None
    city_name: str | None = None
    how: str = "exact"
    remark: str = ""
    reason: str = ""
    candidates: tuple[str, ...] = ()

    @property
    def resolved(self) -> bool:
        return self.kind != "unresolved"


@dataclass
class Gazetteer:
    entries: list[Entry]
    _by_fold: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    _ward_short: dict[str, list[Entry]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for e in self.entries:
            self._by_fold.setdefault(fold(e.name), []).append(e)
            if e.ward_of:
                city = self.by_code[e.ward_of].name
                self._ward_short.setdefault(fold(e.name[len(city):]), []).append(e)

    @property
    def by_code(self) -> dict[str, Entry]:
        cache = self.__dict__.setdefault("_by_code", {})
        if not cache:
            cache.update({e.code: e for e in self.entries})
        return cache

    @property
    def names(self) -> dict[str, str]:
        """code → official name (what validation checks codes against)."""
        return {e.code: e.name for e in self.entries}

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Gazetteer:
        """From rows with `code` (5 digits) and `name`; wards are recognised as `<city>…区` where
        `<city>` is another entry of the same prefecture (札幌市 01100 → 札幌市中央区 01101)."""
        rows = frame[["code", "name"]].dropna().drop_duplicates("code")
        names = {(c[:2], clean(n)): c for c, n in zip(rows["code"], rows["name"])}
        entries = []
        for code, name in zip(rows["code"], rows["name"]):
            name = clean(name)
            ward_of = None
            m = re.match(r"^(.+?市)(.+区)$", name)
            if m and (code[:2], m[1]) in names and names[(code[:2], m[1])] != code:
                ward_of = names[(code[:2], m[1])]
            entries.append(Entry(str(code), name, str(code)[:2], ward_of))
        return cls(entries)

    # ------------------------------------------------------------------ resolving
    def resolve(self, given: object, pref: str | None = None, context: Iterable[str] = ()) -> Resolution:
        """Resolve one listed name.  ``pref`` is the list's prefecture (2 digits), if known;
        ``context`` the prefectures of the other members, used only to choose between
        same-named municipalities of different prefectures when ``pref`` is not given."""
        text = clean(given)
        remark = ""
        m = _NOTE.search(text)
        if m and m.start() > 0:
            remark, text = m.group(0), text[: m.start()]
        if not text:
            return Resolution(str(given), "unresolved", reason="empty name")
        # The prefecture itself: 道 / 県 (the list's own), or a full prefecture name.
        if text in PREFECTURE_WORDS:
            if pref:
                return Resolution(str(given), "prefecture", pref, PREF_NAME_OF[pref], how=f"「{text}」: the list's prefecture", remark=remark)
            if text == "道":
                return Resolution(str(given), "prefecture", "01", "北海道", how="「道」: 北海道", remark=remark)
            return Resolution(str(given), "unresolved", reason=f"「{text}」 is a prefecture, but which one? give --pref", remark=remark)
        if text in PREF_CODE_OF:
            return Resolution(str(given), "prefecture", PREF_CODE_OF[text], text, remark=remark)
        how = []
        # 長野県大町市 → 大町市 in 20.
        for pname, pcode in PREF_CODE_OF.items():
            if text.startswith(pname) and len(text) > len(pname):
                if pref and pref != pcode:
                    return Resolution(str(given), "unresolved", remark=remark,
                                      reason=f"names {pname}, but the list is for {PREF_NAME_OF[pref]}",
                                      candidates=self._nearest(text[len(pname):], pcode))
                pref, text = pcode, text[len(pname):]
                how.append("prefecture prefix")
                break
        matched = text
        found = self._lookup(text, pref, context)
        if not found:
            c = _COUNTY.match(text)
            if c:
                found = self._lookup(c["rest"], pref, context)
                if found:
                    how.append(f"county prefix {c['county']}")
                    matched = c["rest"]
        if not found and pref:
            found = [e for e in self._ward_short.get(fold(text), []) if e.pref_code == pref]
            if found:
                how.append("ward name within the prefecture")
                matched = None
        if len(found) == 1:
            e = found[0]
            if matched is not None and matched != e.name:
                how.append("字体 / spelling variant")
            if not pref and matched is not None and len(self._by_fold.get(fold(matched), [])) > 1:
                how.append(CONTEXT)
            how_text = ", ".join(how) or "exact"
            if e.ward_of:
                city = self.by_code[e.ward_of]
                return Resolution(str(given), "ward", e.code, e.name, city.code, city.name, how_text, remark)
            return Resolution(str(given), "municipality", e.code, e.name, how=how_text, remark=remark)
        if len(found) > 1:
            return Resolution(str(given), "unresolved", remark=remark,
                              reason=f"{len(found)} municipalities have this name; give --pref",
                              candidates=tuple(e.label for e in found[:5]))
        return Resolution(str(given), "unresolved", remark=remark,
                          reason="not a municipality name" + (f" in {PREF_NAME_OF[pref]}" if pref else ""),
                          candidates=self._nearest(text, pref))

    def _lookup(self, text: str, pref: str | None, context: Iterable[str]) -> list[Entry]:
        hits = self._by_fold.get(fold(text), [])
        if pref:
            return [e for e in hits if e.pref_code == pref]
        if len(hits) > 1:
            near = [e for e in hits if e.pref_code in set(context)]
            if len(near) == 1:
                return near
        return hits

    def _nearest(self, text: str, pref: str | None, n: int = 3) -> tuple[str, ...]:
        pool = [e for e in self.entries if not pref or e.pref_code == pref]
        by_name: dict[str, list[Entry]] = {}
        for e in pool:
            by_name.setdefault(fold(e.name), []).append(e)
        close = difflib.get_close_matches(fold(text), list(by_name), n=n, cutoff=0.5)
        return tuple(e.label for k in close for e in by_name[k])[:n]

    def municipalities_of(self, pref: str, suffixes: tuple[str, ...] = ("市", "町", "村", "区")) -> list[Entry]:
        """Entries of a prefecture (wards left out) whose name ends with one of ``suffixes``."""
        return [e for e in self.entries if e.pref_code == pref and not e.ward_of and e.name.endswith(suffixes)]
