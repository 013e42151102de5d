"""Census counts and IPSS (社人研) projections per municipality.

Readers for the processed tables in ../shared/sources/population and for the raw e-Stat
census downloads a user will hand us (CP932 with 10 header lines; UTF-8 with BOM, thousands
separators and "-" for zero).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from ..errors import AtlasError, Problem, display_path
from ..textio import read_csv_text, read_text

# The vocabulary (years, releases, credits) lives in dashboard/vocabulary.py; re-exported for readers.
from ..vocabulary import CENSUS_CREDIT, CENSUS_YEARS, IPSS_CREDIT, RELEASES  # noqa: E402,F401


def _number(value: str, file: str, line: int, column: str) -> float | None:
    """e-Stat numbers: '1,234' → 1234; '-' → 0 (e-Stat's zero); '' / '***' / 'X' → missing."""
    text = (value or "").strip().replace(",", "")
    if text in ("", "***", "…", "X", "x"):
        return None
    if text in ("-", "－", "―"):
        return 0.0
    try:
        return float(text)
    except ValueError:
        raise AtlasError(Problem(file, line, column, f"{value!r} is not a number")) from None


def _require(frame: pd.DataFrame, columns: list[str], file: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise AtlasError(Problem(file, 1, ", ".join(missing), f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"))


def _numeric_columns(frame: pd.DataFrame, columns: list[str], file: str) -> pd.DataFrame:
    out = frame.copy()
    for col in columns:
        out[col] = [_number(v, file, int(line), col) for line, v in frame[col].items()]
        out[col] = out[col].astype("Float64")
    return out


def _codes(frame: pd.DataFrame, column: str, file: str) -> pd.Series:
    codes = frame[column].str.strip().str.zfill(5)
    bad = codes[~codes.str.fullmatch(r"\d{5}")]
    if len(bad):
        line = int(bad.index[0])
        raise AtlasError(Problem(file, line, column, f"{frame.loc[line, column]!r} is not a 5-digit code"))
    return codes


def read_municipal_population(path: str | Path) -> pd.DataFrame:
    """municipal_population.csv: one row per municipality and ward, census 2010–2020, IPSS 2018."""
    frame, _ = read_csv_text(path)
    file = display_path(path)
    ipss = [f"ipss2018_{y}" for y in RELEASES["ipss2018"]["years"]]
    _require(frame, ["code", "name", "type", "pref_code", "pref_name", "pop2020", "pop2015", "area_km2_2015", *ipss], file)
    frame["code"] = _codes(frame, "code", file)
    frame["pref_code"] = frame["pref_code"].str.zfill(2)
    numeric = ["pop2020", "pop2015", "pop2010_on2015boundaries", "area_km2_2015", *ipss]
    numeric = [c for c in numeric if c in frame.columns]
    frame = _numeric_columns(frame, numeric, file)
    if frame["code"].duplicated().any():
        line = int(frame.index[frame["code"].duplicated()][0])
        raise AtlasError(Problem(file, line, "code", f"duplicate code {frame.loc[line, 'code']}"))
    return frame.reset_index(drop=True)


def read_census_history(path: str | Path) -> pd.DataFrame:
    """census_totals_1980_2015.csv → long table code, year, population."""
    frame, _ = read_csv_text(path)
    file = display_path(path)
    _require(frame, ["code"], file)
    year_cols = [c for c in frame.columns if re.fullmatch(r"pop\d{4}", c)]
    if not year_cols:
        raise AtlasError(Problem(file, 1, None, "no popYYYY columns"))
    frame["code"] = _codes(frame, "code", file)
    frame = _numeric_columns(frame, year_cols, file)
    long = frame.melt(id_vars="code", value_vars=year_cols, var_name="year", value_name="population")
    long["year"] = long["year"].str[3:].astype(int)
    return long


def read_ipss2023(path: str | Path) -> pd.DataFrame:
    """ipss2023_totals.csv: code, kind, name, pref_code, p2020 … p2050 (prefectures, wards, aggregates too)."""
    frame, _ = read_csv_text(path)
    file = display_path(path)
    years = [f"p{y}" for y in RELEASES["ipss2023"]["years"]]
    _require(frame, ["code", "kind", "name", "pref_code", *years], file)
    frame["code"] = _codes(frame, "code", file)
    frame["pref_code"] = frame["pref_code"].str.zfill(2)
    return _numeric_columns(frame, years, file).reset_index(drop=True)


# The 13 municipalities of 福島県 浜通り that IPSS 2023 projects only as one aggregate.
HAMADORI_AGGREGATE = "07999"
HAMADORI_MEMBERS = (
    "07204", "07209", "07212", "07541", "07542", "07543", "07544",
    "07545", "07546", "07547", "07548", "07561", "07564",
)


def read_estat_census(path: str | Path) -> pd.DataFrame:
    """A raw e-Stat census table → code, name, population (総数 of both sexes), kind.

    Handles the two layouts e-Stat gives: 平成27年 表00100 (area code, a '*' marker for
    summaries, area name, then 人口【人】 …) and 令和2年 表2-7-1 (one row per 表章事項 ×
    男女 × 国籍, with 男女 コード 0 = 総数).  The header row is found by its labels, not by
    counting the metadata lines above it, since e-Stat varies them (about 10).
    Rows for pre-merger municipalities (names starting with （旧) and codes with letters are
    dropped, as are national and 市部/郡部 summaries; prefecture totals are kept with kind
    'prefecture' and 郡 / 振興局 subtotals with kind 'subtotal'.
    """
    file = display_path(path)
    text, _ = read_text(path)
    rows = list(csv.reader(io.StringIO(text)))
    header_at = next(
        (i for i, row in enumerate(rows) if any(c.startswith("人口【") for c in row) or any("男女 コード" in c for c in row)),
        None,
    )
    if header_at is None:
        raise AtlasError(Problem(file, None, None, "not an e-Stat census table: no 人口【人】 label row and no 男女 コード column"))
    header = [c.strip() for c in rows[header_at]]
    data = [(i + 1, r) for i, r in enumerate(rows) if i > header_at and any(c.strip() for c in r)]
    if not data:
        raise AtlasError(Problem(file, header_at + 1, None, "no data rows below the header"))

    def column(name_test, what: str) -> int:
        idx = next((i for i, c in enumerate(header) if name_test(c)), None)
        if idx is None:
            raise AtlasError(Problem(file, header_at + 1, what, f"no {what} column"))
        return idx

    records = []
    if any("男女 コード" in c for c in header):
        sex = column(lambda c: "男女 コード" in c, "男女 コード")
        nat = next((i for i, c in enumerate(header) if "国籍" in c and c.endswith("コード")), None)
        code_i = column(lambda c: c.startswith("全国") and c.endswith("コード"), "地域 コード")
        name_i = code_i + 1
        pop_i = column(lambda c: c == "総数", "総数")
        for line, r in data:
            if len(r) <= pop_i:
                raise AtlasError(Problem(file, line, None, f"row has {len(r)} cells; expected at least {pop_i + 1}"))
            if r[sex].strip() != "0" or (nat is not None and r[nat].strip() != "0"):
                continue
            records.append((line, r[code_i], r[name_i], r[pop_i]))
    else:
        pop_i = column(lambda c: c.startswith("人口【"), "人口【人】")
        for line, r in data:
            if len(r) <= pop_i:
                raise AtlasError(Problem(file, line, None, f"row has {len(r)} cells; expected at least {pop_i + 1}"))
            if r[1].strip():  # '*' marks 全国市部, 都道府県郡部 … summaries
                continue
            records.append((line, r[0], r[2], r[pop_i]))
    out = []
    for line, code, name, pop in records:
        code, name = code.strip(), name.strip()
        if not re.fullmatch(r"\d{5}", code) or code == "00000" or name.startswith(("（旧", "(旧")):
            continue
        if code.endswith("000"):
            kind = "prefecture"
        elif name.endswith(("市", "町", "村", "区")):
            kind = "municipality"
        else:  # 郡, 振興局 and 支庁 subtotals carry no '*' marker in 表00100
            kind = "subtotal"
        out.append({"code": code, "name": name, "population": _number(pop, file, line, "population"), "kind": kind})
    frame = pd.DataFrame(out, columns=["code", "name", "population", "kind"])
    frame["population"] = frame["population"].astype("Float64")
    return frame.drop_duplicates("code").reset_index(drop=True)
