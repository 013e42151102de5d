"""A vision's 事業費一覧表 or a union's budget table (.xlsx/.xls/.ods/.csv) → projects and spending rows.

Why a reader of its own: these tables are published for people, not machines.  Title rows sit above
the header; the unit is printed wherever the author put it (単位：千円 in a title, 事業費（千円） in a
header, a line above the table); fiscal years come as 令和5年度, R5, 2023年度 or H30年度, sometimes with
予算 / 決算 beside them; the 政策分野 is a merged cell that continues down; 小計 and 合計 rows and a 合計
column repeat what the rows already say.  This module reads all of that and writes ordinary rows:

- ``projects``: one row per project and fiscal year (千円), with the 政策分野 mapped to the national
  taxonomy where the words match (``field`` keeps the source's words);
- ``spending``: per fiscal year and status the table's total (its 合計 row where printed, else the sum);
  a row named …会計 (一般会計, 介護保険特別会計) is a union's account and becomes its own spending row.

"－", "—", "-" and blank are no amount, never 0.  A 合計/小計 that disagrees with the sum is reported
(the rows are kept).  A table whose fiscal-year columns or unit cannot be found is refused with the
file, sheet and row, and nothing is written.  Status is 予定 unless the table (its title or the
column) says 実績 or 決算.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

from ...errors import AtlasError, Problem
from ..taxonomy import POLICY_AREAS
from ..wareki import ERA_ABBREV, ERAS
from .readers import Sheet, read_sheets

HEADER_SEARCH = 30  # rows searched for the header (title rows above it)
UNITS = {"千円": 1.0, "円": 0.001, "万円": 10.0, "百万円": 1000.0, "億円": 100000.0}  # → 千円
_UNIT = re.compile(r"(?:単位\s*[:：]?\s*|[（(]\s*(?:単位\s*[:：]?\s*)?)(百万円|千円|万円|億円|円)")
_FY = re.compile(r"^(?:FY)?(?:(?P<era>令和|平成|R|H)\s*(?P<ey>元|\d{1,2})|(?P<year>(?:19|20)\d{2}))\s*(?P<nendo>年度)?\s*(?P<rest>.*)$",
                 re.IGNORECASE)
_SETTLED = ("実績", "決算")
_PLANNED = ("予算", "予定", "計画", "見込", "当初")
_NONE = {"", "-", "－", "—", "―", "‐", "ー", "−", "–", "…", "*", "＊"}
_TOTAL = re.compile(r"^(?:合\s*計|小\s*計|総\s*計|計|総\s*額|合計額)$")
_NAME_HEADERS = ("事業名", "取組", "事業", "項目", "名称", "会計", "区分", "科目", "内容")
_AREA_HEADERS = ("政策分野", "分野", "施策", "視点")
_LEAD_HEADERS = ("担当", "実施主体", "主体", "所管")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).strip()


def fiscal_year_of(cell: str) -> tuple[int, str] | None:
    """(fiscal year, status word or '') of a header cell: 令和5年度, R5, R5予算, 2023年度, H30年度決算, FY2023."""
    text = _norm(cell).replace(" ", "").replace("\n", "")
    m = _FY.match(text)
    if not m:
        return None
    rest = m["rest"]
    if m["era"]:
        era = ERA_ABBREV.get(m["era"].upper(), m["era"])
        year = ERAS[era].year + (1 if m["ey"] == "元" else int(m["ey"])) - 1
        if int(1 if m["ey"] == "元" else m["ey"]) > 64:
            return None
    else:
        year = int(m["year"])
        if not m["nendo"] and rest and not rest.startswith(("(", "（", *_SETTLED, *_PLANNED)):
            return None  # 2023年3月, 2023人: not a fiscal-year column
    if re.sub(r"事業費|予算|決算|実績|予定|計画|見込み?|当初|補正|額|金|単位|百万円|千円|万円|円|[（()）:：・\s]", "", rest):
        return None  # other words after the year: not a fiscal-year column
    status = "実績" if any(w in rest for w in _SETTLED) else "予定" if any(w in rest for w in _PLANNED) else ""
    return year, status


def amount_of(cell: str) -> float | None:
    """A money cell as a number: commas and full-width digits read; "－", "—", "-" and blank → None."""
    text = _norm(cell).replace(",", "").replace("，", "").replace(" ", "").replace("円", "")
    if text in _NONE:
        return None
    if text.startswith(("△", "▲")):
        raise ValueError(f"{cell!r} is negative (△/▲); a 事業費 is ≥ 0")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{cell!r} is not an amount") from None


def policy_area_of(words: str) -> str:
    """The national policy area for a 政策分野 cell where its words name one, else ''."""
    text = _norm(words)
    if text in POLICY_AREAS:
        return text
    for area in sorted(POLICY_AREAS, key=len, reverse=True):
        if area != "その他" and area in text:
            return area
    for word, area in (("医療", "医療"), ("福祉", "福祉"), ("教育", "教育・文化・スポーツ"), ("公共交通", "地域公共交通"),
                       ("観光", "観光"), ("移住", "交流・移住"), ("産業", "産業振興"), ("人材", "人材育成"), ("防災", "防災"),
                       ("環境", "環境"), ("交流", "交流・移住"), ("情報", "ICT"), ("道路", "交通インフラ")):
        if word in text:
            return area
    return ""


@dataclass
class MoneyImport:
    """The rows read from one table, where they came from, and what the checks found."""

    tables: dict[str, pd.DataFrame]
    file: str
    sheet: str
    unit: str
    fiscal_years: list[int]
    notes: list[str] = field(default_factory=list)  # totals that disagree, rows skipped

    def text(self) -> str:
        p, s = self.tables["projects"], self.tables["spending"]
        lines = [f"{self.file} [{self.sheet}]: unit {self.unit}; fiscal years {', '.join(map(str, self.fiscal_years))}",
                 f"  {len(p)} project rows ({p['name'].nunique() if len(p) else 0} projects), {len(s)} spending rows"]
        lines += [f"  {n}" for n in self.notes] or ["  totals agree with the rows"]
        return "\n".join(lines)


def _find_header(sheet: Sheet) -> tuple[int, dict[int, tuple[int, str]]] | None:
    for r, row in enumerate(sheet.rows[:HEADER_SEARCH]):
        years = {c: fy for c, cell in enumerate(row) if (fy := fiscal_year_of(cell))}
        if years:
            return r, years
    return None


def _find_unit(sheet: Sheet, header: int) -> tuple[str, int] | None:
    """The unit printed in a title, a line above the table or the header (the nearest wins)."""
    for r in range(header, -1, -1):
        for cell in sheet.rows[r]:
            m = _UNIT.search(_norm(cell))
            if m:
                return m[1], r
    return None


def import_money_table(data: bytes, filename: str, body_id: str, sheet: str | None = None,
                       account_default: str = "") -> MoneyImport:
    """Read a 事業費一覧表 / budget table for ``body_id``; raise AtlasError (nothing written) if refused."""
    file = PurePath(filename).name
    sheets = read_sheets(data, filename)
    if sheet is not None:
        sheets = [s for s in sheets if s.name == sheet]
        if not sheets:
            raise AtlasError(Problem(file, None, None, f"no sheet named {sheet!r}"))
    refused: list[Problem] = []
    for s in sheets:
        where = f"{file} [{s.name}]" if not file.lower().endswith((".csv", ".txt", ".tsv")) else file
        found = _find_header(s)
        if found is None:
            refused.append(Problem(where, None, None, f"no fiscal-year columns (令和5年度, R5, 2023年度, H30年度 …) in the first {HEADER_SEARCH} rows"))
            continue
        header, years = found
        unit = _find_unit(s, header)
        if unit is None:
            refused.append(Problem(where, header + 1, None, "no unit (単位：千円 / 円 / 百万円) in the title, the header or a line above the table"))
            continue
        return _read_table(s, where, header, years, unit[0], body_id, account_default)
    raise AtlasError(refused[:1] if len(refused) == 1 or sheet else refused)


def _column(header: list[str], words: tuple[str, ...], taken: set[int]) -> int | None:
    for word in words:
        for c, cell in enumerate(header):
            if c not in taken and word in _norm(cell):
                return c
    return None


def _read_table(s: Sheet, where: str, header: int, years: dict[int, tuple[int, str]], unit: str, body_id: str,
                account_default: str) -> MoneyImport:
    head = s.rows[header]
    title = " ".join(_norm(c) for row in s.rows[:header] for c in row)
    table_status = "実績" if any(w in title for w in _SETTLED) else "予定"
    factor = UNITS[unit]
    taken = set(years)
    total_col = next((c for c, cell in enumerate(head) if c not in taken and re.search(r"合\s*計|^計$|総\s*額", _norm(cell))), None)
    if total_col is not None:
        taken.add(total_col)
    area_col = _column(head, _AREA_HEADERS, taken)
    if area_col is not None:
        taken.add(area_col)
    lead_col = _column(head, _LEAD_HEADERS, taken)
    if lead_col is not None:
        taken.add(lead_col)
    name_col = _column(head, _NAME_HEADERS, taken)
    if name_col is None:
        name_col = next((c for c in range(len(head)) if c not in taken and c < min(years)), None)
    if name_col is None:
        raise AtlasError(Problem(where, header + 1, None, "no project-name column (事業名, 取組, 項目 …) left of the fiscal-year columns"))
    status_of = {c: st or table_status for c, (_, st) in years.items()}
    notes: list[str] = []
    projects, accounts = [], []
    group_sum: dict[int, float] = {}
    all_sum: dict[int, float] = {}
    stated_totals: dict[int, float] = {}
    area = ""
    file_source = where

    def cell(row: list[str], c: int | None) -> str:
        return row[c] if c is not None and c < len(row) else ""

    for r in range(header + 1, len(s.rows)):
        row = s.rows[r]
        if not any(_norm(c) for c in row):
            continue
        if area_col is not None and _norm(cell(row, area_col)):
            area = _norm(cell(row, area_col))  # a merged 政策分野 continues down until the next one
        name = _norm(cell(row, name_col))
        label = name or _norm(cell(row, area_col))
        amounts: dict[int, float | None] = {}
        for c in years:
            try:
                amounts[c] = amount_of(cell(row, c))
            except ValueError as exc:
                raise AtlasError(Problem(where, r + 1, head[c] or f"column {c + 1}", str(exc))) from None
        if _TOTAL.match(label.replace(" ", "")) or _TOTAL.match(_norm(cell(row, area_col)).replace(" ", "")) and not name:
            is_grand = not label.replace(" ", "").startswith("小")
            sums = all_sum if is_grand else group_sum
            for c, v in amounts.items():
                if v is None:
                    continue
                got = sums.get(c, 0.0)
                if abs(got - v) > 0.5:
                    notes.append(f"row {r + 1} ({label}) {head[c]}: stated {v:,.0f} {unit}, the rows above sum to {got:,.0f}")
                if is_grand:
                    stated_totals[c] = v
            if not is_grand:
                group_sum = {}
            continue
        if not name:
            continue
        if total_col is not None:
            stated = None
            try:
                stated = amount_of(cell(row, total_col))
            except ValueError:
                notes.append(f"row {r + 1}: 合計 column {cell(row, total_col)!r} is not an amount (ignored)")
            got = sum(v for v in amounts.values() if v is not None)
            if stated is not None and abs(stated - got) > 0.5:
                notes.append(f"row {r + 1} ({name}): 合計 column {stated:,.0f} {unit}, the fiscal years sum to {got:,.0f}")
        for c, v in amounts.items():
            if v is None:
                continue
            group_sum[c] = group_sum.get(c, 0.0) + v
            all_sum[c] = all_sum.get(c, 0.0) + v
            fy = years[c][0]
            thousand = round(v * factor, 3)
            source = f"{file_source} row {r + 1}, {head[c]}"
            if name.endswith("会計"):
                accounts.append({"body_id": body_id, "fiscal_year": fy, "account": name, "total_thousand_yen": thousand,
                                 "status": status_of[c], "source": source, "evidence": "explicit"})
            else:
                projects.append({"body_id": body_id, "fiscal_year": fy, "policy_area": policy_area_of(area),
                                 "field": area or "事業費一覧表", "name": name, "lead": _norm(cell(row, lead_col)),
                                 "cost_thousand_yen": thousand, "status": status_of[c], "source": source, "evidence": "explicit"})
    if not projects and not accounts:
        raise AtlasError(Problem(where, header + 2, None, "no project or account rows with an amount under the header"))
    p = pd.DataFrame(projects, columns=["body_id", "fiscal_year", "policy_area", "field", "name", "lead", "cost_thousand_yen", "status", "source", "evidence"])
    spending = list(accounts)
    if len(p):
        for (fy, status), g in p.groupby(["fiscal_year", "status"]):
            col = next(c for c, (y, _) in years.items() if y == fy and status_of[c] == status)
            total = stated_totals.get(col)
            source = f"{file_source} {'row of 合計' if total is not None else 'sum of rows'}, {head[col]}"
            spending.append({"body_id": body_id, "fiscal_year": fy, "account": account_default,
                             "total_thousand_yen": round(total * factor, 3) if total is not None else round(g["cost_thousand_yen"].sum(), 3),
                             "n_projects": g["name"].nunique(), "status": status, "source": source, "evidence": "explicit"})
    sp = pd.DataFrame(spending, columns=["body_id", "fiscal_year", "account", "total_thousand_yen", "n_fields", "n_projects", "status", "source", "evidence"])
    if len(p):
        p["n_projects"] = ""
    fys = sorted({y for y, _ in years.values()})
    return MoneyImport({"projects": p, "spending": sp}, file_source.split(" [")[0], s.name, unit, fys, notes)


def text_rows(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The rows as registry text (amounts without trailing .0), ready for write_folder."""
    out = {}
    for name, frame in tables.items():
        f = frame.copy()
        for col in ("cost_thousand_yen", "total_thousand_yen"):
            if col in f:
                f[col] = f[col].map(lambda v: "" if v is None or v != v else (f"{v:.0f}" if float(v).is_integer() else f"{v:g}"))
        out[name] = f.astype(object).where(f.notna(), "")
    return out
