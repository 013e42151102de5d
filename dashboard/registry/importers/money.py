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


@dataclass
class _Columns:
    """Where a money table's columns are: fiscal years, a 合計 column, 政策分野, 担当, project name."""

    years: dict[int, tuple[int, str]]
    total: int | None
    area: int | None
    lead: int | None
    name: int


def _find_columns(head: list[str], years: dict[int, tuple[int, str]], where: str, header: int) -> _Columns:
    taken = set(years)
    total = next((c for c, cell in enumerate(head) if c not in taken and re.search(r"合\s*計|^計$|総\s*額", _norm(cell))), None)
    found: list[int | None] = [total]
    for headers in (_AREA_HEADERS, _LEAD_HEADERS):
        taken |= {c for c in found if c is not None}
        found.append(_column(head, headers, taken))
    taken |= {c for c in found if c is not None}
    name = _column(head, _NAME_HEADERS, taken)
    if name is None:
        name = next((c for c in range(len(head)) if c not in taken and c < min(years)), None)
    if name is None:
        raise AtlasError(Problem(where, header + 1, None, "no project-name column (事業名, 取組, 項目 …) left of the fiscal-year columns"))
    return _Columns(years, total, found[1], found[2], name)


def _cell(row: list[str], c: int | None) -> str:
    return row[c] if c is not None and c < len(row) else ""


@dataclass
class _Sums:
    """Running sums per fiscal-year column, to check each 小計 / 合計 row against the rows above it."""

    group: dict[int, float] = field(default_factory=dict)
    whole: dict[int, float] = field(default_factory=dict)
    stated_totals: dict[int, float] = field(default_factory=dict)

    def add(self, c: int, v: float) -> None:
        self.group[c] = self.group.get(c, 0.0) + v
        self.whole[c] = self.whole.get(c, 0.0) + v

    def check(self, label: str, amounts: dict[int, float | None], head: list[str], unit: str, r: int, notes: list[str]) -> None:
        """A 小計 closes its group, a 合計 the table; a stated figure that differs from the sum is reported."""
        is_grand = not label.replace(" ", "").startswith("小")
        sums = self.whole if is_grand else self.group
        for c, v in amounts.items():
            if v is None:
                continue
            got = sums.get(c, 0.0)
            if abs(got - v) > 0.5:
                notes.append(f"row {r + 1} ({label}) {head[c]}: stated {v:,.0f} {unit}, the rows above sum to {got:,.0f}")
            if is_grand:
                self.stated_totals[c] = v
        if not is_grand:
            self.group = {}


def _amounts(row: list[str], cols: _Columns, head: list[str], where: str, r: int) -> dict[int, float | None]:
    out: dict[int, float | None] = {}
    for c in cols.years:
        try:
            out[c] = amount_of(_cell(row, c))
        except ValueError as exc:
            raise AtlasError(Problem(where, r + 1, head[c] or f"column {c + 1}", str(exc))) from None
    return out


def _check_total_column(row: list[str], cols: _Columns, amounts: dict[int, float | None], name: str, unit: str, r: int,
                        notes: list[str]) -> None:
    """A row's 合計 column against the sum of its fiscal years (a mismatch is reported, never fixed)."""
    if cols.total is None:
        return
    stated = None
    try:
        stated = amount_of(_cell(row, cols.total))
    except ValueError:
        notes.append(f"row {r + 1}: 合計 column {_cell(row, cols.total)!r} is not an amount (ignored)")
    got = sum(v for v in amounts.values() if v is not None)
    if stated is not None and abs(stated - got) > 0.5:
        notes.append(f"row {r + 1} ({name}): 合計 column {stated:,.0f} {unit}, the fiscal years sum to {got:,.0f}")


def _read_table(s: Sheet, where: str, header: int, years: dict[int, tuple[int, str]], unit: str, body_id: str,
                account_default: str) -> MoneyImport:
    head = s.rows[header]
    title = " ".join(_norm(c) for row in s.rows[:header] for c in row)
    table_status = "実績" if any(w in title for w in _SETTLED) else "予定"
    cols = _find_columns(head, years, where, header)
    status_of = {c: st or table_status for c, (_, st) in years.items()}
    notes: list[str] = []
    projects, accounts = [], []
    sums = _Sums()
    area = ""
    for r in range(header + 1, len(s.rows)):
        row = s.rows[r]
        if not any(_norm(c) for c in row):
            continue
        if cols.area is not None and _norm(_cell(row, cols.area)):
            area = _norm(_cell(row, cols.area))  # a merged 政策分野 continues down until the next one
        name = _norm(_cell(row, cols.name))
        label = name or _norm(_cell(row, cols.area))
        amounts = _amounts(row, cols, head, where, r)
        if _TOTAL.match(label.replace(" ", "")) or _TOTAL.match(_norm(_cell(row, cols.area)).replace(" ", "")) and not name:
            sums.check(label, amounts, head, unit, r, notes)
            continue
        if not name:
            continue
        _check_total_column(row, cols, amounts, name, unit, r, notes)
        for c, v in amounts.items():
            if v is None:
                continue
            sums.add(c, v)
            base = {"body_id": body_id, "fiscal_year": years[c][0], "status": status_of[c],
                    "source": f"{where} row {r + 1}, {head[c]}", "evidence": "explicit"}
            thousand = round(v * UNITS[unit], 3)
            if name.endswith("会計"):
                accounts.append({**base, "account": name, "total_thousand_yen": thousand})
            else:
                projects.append({**base, "policy_area": policy_area_of(area), "field": area or "事業費一覧表", "name": name,
                                 "lead": _norm(_cell(row, cols.lead)), "cost_thousand_yen": thousand})
    if not projects and not accounts:
        raise AtlasError(Problem(where, header + 2, None, "no project or account rows with an amount under the header"))
    return _result(projects, accounts, sums, cols, status_of, head, where, unit, body_id, account_default, s.name, notes)


def _result(projects: list[dict], accounts: list[dict], sums: _Sums, cols: _Columns, status_of: dict[int, str], head: list[str],
            where: str, unit: str, body_id: str, account_default: str, sheet: str, notes: list[str]) -> MoneyImport:
    """The rows as tables, with one spending row per fiscal year and status: the table's 合計 where it
    states one, else the sum of its projects."""
    p = pd.DataFrame(projects, columns=["body_id", "fiscal_year", "policy_area", "field", "name", "lead", "cost_thousand_yen", "status", "source", "evidence"])
    spending = list(accounts)
    for (fy, status), g in (p.groupby(["fiscal_year", "status"]) if len(p) else []):
        col = next(c for c, (y, _) in cols.years.items() if y == fy and status_of[c] == status)
        total = sums.stated_totals.get(col)
        spending.append({"body_id": body_id, "fiscal_year": fy, "account": account_default,
                         "total_thousand_yen": round(total * UNITS[unit], 3) if total is not None else round(g["cost_thousand_yen"].sum(), 3),
                         "n_projects": g["name"].nunique(), "status": status,
                         "source": f"{where} {'row of 合計' if total is not None else 'sum of rows'}, {head[col]}", "evidence": "explicit"})
    sp = pd.DataFrame(spending, columns=["body_id", "fiscal_year", "account", "total_thousand_yen", "n_fields", "n_projects", "status", "source", "evidence"])
    if len(p):
        p["n_projects"] = ""
    fys = sorted({y for y, _ in cols.years.values()})
    return MoneyImport({"projects": p, "spending": sp}, where.split(" [")[0], sheet, unit, fys, notes)


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
