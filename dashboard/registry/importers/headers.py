"""Japanese column headers → the importer's fields, and finding the header row under title rows.

One table, :data:`FIELDS`, drives the mapping, the docs page (docs/importing.md) and the report.
A header matches after NFKC, without spaces, line breaks and bracketed prefixes such as
（総合）, so 「（総合）振興局名」, 「振興局名」 and 「振興局」 are one field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# field → (headers as published, what the field becomes in the registry)
FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "name": (("名称", "団体名", "圏域名", "組合名", "広域連合名", "一部事務組合名", "事務組合名", "圏域の名称", "団体の名称"),
             "bodies.name (one body per name; a row with an empty name continues the body above)"),
    "members": (("構成団体", "構成市町村", "近隣市町村", "連携市町村", "構成団体名", "構成市町村名", "関係市町村", "市町村名", "加入団体"),
                "memberships (構成団体, or the scheme's partner role); several names in a cell are split"),
    "members_outside": (("振興局外の構成団体", "振興局外構成団体", "管外の構成団体"),
                        "memberships as above, noted with the column's header"),
    "hub": (("中心市", "連携中枢都市", "中心市名", "中心都市"), "memberships with the scheme's hub role (中心市 / 連携中枢都市)"),
    "member_code": (("市町村コード", "団体コード", "構成団体コード", "全国地方公共団体コード"),
                    "the member's code (one member per row), checked against the name"),
    "founded": (("設立年月日", "設置年月日", "設立日", "設置日", "許可年月日", "設立許可年月日"), "milestones: 設置"),
    "agreed": (("協定締結日", "締結日", "協定締結年月日", "連携協約締結日", "形成協定締結日"),
               "milestones: 協定締結 (連携協約締結 for 連携中枢都市圏)"),
    "declared": (("中心市宣言日", "宣言日", "連携中枢都市宣言日"), "milestones: 中心市宣言 / 連携中枢都市宣言"),
    "since": (("加入年月日", "加入日"), "memberships.since (one member per row)"),
    "until": (("解散年月日", "解散日", "廃止年月日", "廃止日", "解散"), "bodies.until (…をもって / 限り: the next day)"),
    "affairs": (("共同処理する事務", "共同処理事務", "処理する事務", "共同処理する事務の内容", "事務の内容", "主な事務"),
                "affairs (listing prose), split like members; also bodies.purposes (ごみ処理, 消防, …)"),
    "office": (("事務所設置市町村", "事務所所在地", "事務所の位置", "事務所所在市町村"), "bodies.note 「事務所: …」"),
    "region": (("振興局", "振興局名", "総合振興局", "地域", "ブロック"), "bodies.note 「振興局: …」 (blank cells repeat the one above)"),
    "scheme": (("区分", "種別", "種類", "形態", "制度", "組織区分"), "bodies.scheme_id (else from the name, else --scheme)"),
    "pref": (("都道府県", "都道府県名"), "bodies.pref_codes (else --pref, else the members' prefectures)"),
    "note": (("備考", "摘要", "注記"), "bodies.note"),
}
_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
MAX_HEADER_SEARCH = 30


def normalize_header(text: str) -> str:
    t = unicodedata.normalize("NFKC", str(text or ""))
    t = re.sub(r"\s+", "", t)
    return _BRACKETS.sub("", t)


_LOOKUP = {normalize_header(h): f for f, (hs, _) in FIELDS.items() for h in hs}


def field_of(header: str) -> str | None:
    return _LOOKUP.get(normalize_header(header))


@dataclass(frozen=True)
class HeaderMap:
    row: int  # 1-based row of the header
    columns: dict[int, str]  # column index → field
    headers: dict[int, str]  # column index → header text as published
    ignored: tuple[str, ...]  # headers that map to nothing

    def column_of(self, field: str) -> int | None:
        return next((i for i, f in self.columns.items() if f == field), None)

    def used(self) -> list[tuple[str, str]]:
        """(published header, field) in column order."""
        return [(self.headers[i], self.columns[i]) for i in sorted(self.columns)]


def find_header(rows: list[list[str]]) -> HeaderMap | None:
    """The first row (of the first 30) with a name column and a members or hub column."""
    for r, row in enumerate(rows[:MAX_HEADER_SEARCH], start=1):
        columns: dict[int, str] = {}
        for i, cell in enumerate(row):
            f = field_of(cell)
            if f and f not in columns.values():
                columns[i] = f
        fields = set(columns.values())
        if "name" in fields and fields & {"members", "hub", "members_outside"}:
            headers = {i: str(row[i]).strip() for i in columns}
            ignored = tuple(str(c).strip() for i, c in enumerate(row) if i not in columns and str(c).strip())
            return HeaderMap(r, columns, headers, ignored)
    return None


def mapping_markdown() -> str:
    """The header mapping as a Markdown table (docs/importing.md)."""
    lines = ["| field | headers recognised | becomes |", "|---|---|---|"]
    for f, (hs, what) in FIELDS.items():
        lines.append(f"| `{f}` | {'、'.join(hs)} | {what} |")
    return "\n".join(lines)
