"""#18 importer: a vision's 事業費一覧表 and a union's budget table, as published, into projects and spending.

The workbooks are made here with openpyxl in the layouts the tables are published in: title rows, the
unit on a line above or in the header, FY columns in several forms, a merged 政策分野, 小計/合計 rows
and a 合計 column, dashes for no amount, commas and full-width digits.
"""

from __future__ import annotations

import io
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from dashboard.errors import AtlasError
from dashboard.registry.importers.money import amount_of, fiscal_year_of, import_money_table, policy_area_of

from .conftest import REPO


def workbook(rows: list[list], merge: tuple[str, ...] = (), title: str = "事業費一覧") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for cells in merge:
        ws.merge_cells(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


VISION = [
    ["北信地域定住自立圏共生ビジョン 事業費一覧表"],
    ["（単位：千円）"],
    ["政策分野", "事業名", "担当", "令和5年度", "R6", "2025年度", "合計"],
    ["医療", "救急医療体制の確保", "中野市", "1,200", "１，３００", "－", "2,500"],
    [None, "病院群輪番制の運営", None, 800, 800, None, 1600],
    ["小計", None, None, 2000, 2100, None, 4100],
    ["地域公共交通", "路線バスの運行", "飯山市", 500, "—", 600, 1100],
    ["合計", None, None, 2500, 2100, 600, 5200],
]


@pytest.mark.parametrize("cell, expected", [
    ("令和5年度", (2023, "")), ("R5", (2023, "")), ("R5予算", (2023, "予定")), ("2023年度", (2023, "")),
    ("H30年度", (2018, "")), ("平成30年度決算", (2018, "実績")), ("令和元年度", (2019, "")), ("FY2024", (2024, "")),
    ("Ｒ６", (2024, "")), ("令和4年度\n決算額", (2022, "実績")), ("事業名", None), ("2023年3月", None), ("合計", None),
])
def test_fiscal_year_headers(cell, expected):
    assert fiscal_year_of(cell) == expected


@pytest.mark.parametrize("cell, expected", [("1,200", 1200), ("１，３００", 1300), ("－", None), ("—", None), ("-", None),
                                            ("", None), (None, None), ("0", 0), ("12.5", 12.5)])
def test_amounts_dashes_are_no_amount_never_zero(cell, expected):
    assert amount_of(cell) == expected


def test_amount_that_is_text_or_negative_is_refused():
    with pytest.raises(ValueError):
        amount_of("未定")
    with pytest.raises(ValueError):
        amount_of("△100")


def test_policy_area_words():
    assert policy_area_of("医療") == "医療" and policy_area_of("地域公共交通の確保") == "地域公共交通"
    assert policy_area_of("救急医療") == "医療" and policy_area_of("まちづくり") == ""


def test_vision_table_rows_merged_area_totals_and_dashes():
    result = import_money_table(workbook(VISION, merge=("A4:A5",)), "hokushin.xlsx", "hokushin-teiju")
    p = result.tables["projects"]
    got = {(r.name, r.fiscal_year): r.cost_thousand_yen for r in p.itertuples()}
    assert got == {("救急医療体制の確保", 2023): 1200, ("救急医療体制の確保", 2024): 1300,
                   ("病院群輪番制の運営", 2023): 800, ("病院群輪番制の運営", 2024): 800,
                   ("路線バスの運行", 2023): 500, ("路線バスの運行", 2025): 600}  # "－" and "—" wrote no row
    areas = p.drop_duplicates("name").set_index("name")["policy_area"]
    assert areas["病院群輪番制の運営"] == "医療"  # the merged 政策分野 continues down
    assert areas["路線バスの運行"] == "地域公共交通"
    assert (p["status"] == "予定").all()
    assert p.set_index("name").loc["救急医療体制の確保", "lead"].iloc[0] == "中野市"
    assert p["source"].iloc[0] == "hokushin.xlsx [事業費一覧] row 4, 令和5年度"
    s = result.tables["spending"].set_index("fiscal_year")
    assert s["total_thousand_yen"].to_dict() == {2023: 2500, 2024: 2100, 2025: 600}
    assert "row of 合計" in s.loc[2023, "source"]
    assert result.unit == "千円" and result.fiscal_years == [2023, 2024, 2025] and result.notes == []


def test_total_mismatch_is_reported():
    rows = [r[:] for r in VISION]
    rows[-1][3] = 2600  # 合計 row for 令和5年度
    rows[3][6] = "2,600"  # 合計 column of the first project
    result = import_money_table(workbook(rows), "t.xlsx", "hokushin-teiju")
    text = result.text()
    assert "row 8 (合計) 令和5年度: stated 2,600 千円, the rows above sum to 2,500" in text
    assert "row 4 (救急医療体制の確保): 合計 column 2,600 千円, the fiscal years sum to 2,500" in text


def test_union_budget_accounts_unit_in_title_and_status_per_column():
    rows = [["令和5年度 一般会計・特別会計 歳出 (単位：百万円)"], [],
            ["会計", "R4決算", "R5予算"], ["一般会計", "1,234", "1,300"], ["介護保険特別会計", 5000, 5200]]
    result = import_money_table(workbook(rows, title="予算"), "budget.xlsx", "kitaalps-kouiki")
    s = result.tables["spending"]
    got = {(r.account, r.fiscal_year, r.status): r.total_thousand_yen for r in s.itertuples()}
    assert got == {("一般会計", 2022, "実績"): 1_234_000, ("一般会計", 2023, "予定"): 1_300_000,
                   ("介護保険特別会計", 2022, "実績"): 5_000_000, ("介護保険特別会計", 2023, "予定"): 5_200_000}
    assert result.tables["projects"].empty


def test_unit_in_the_header_yen_and_settled_title():
    rows = [["事業実績一覧"], ["事業", "H30年度事業費(円)", "R1年度事業費(円)"], ["移住相談窓口", "1,500,000", "2,000,000"]]
    result = import_money_table(workbook(rows), "r.xlsx", "kitaalps-jiritsu")
    p = result.tables["projects"]
    assert list(p["cost_thousand_yen"]) == [1500, 2000] and list(p["fiscal_year"]) == [2018, 2019]
    assert (p["status"] == "実績").all() and result.unit == "円"


def test_csv_with_full_width_digits():
    text = "単位：千円\n事業名,令和６年度\n観光振興,\"１２，３４５\"\n"
    result = import_money_table(text.encode("utf-8"), "t.csv", "kitaalps-jiritsu")
    assert result.tables["projects"]["cost_thousand_yen"].tolist() == [12345]


def test_table_without_fiscal_years_is_refused_with_file_and_sheet():
    with pytest.raises(AtlasError) as err:
        import_money_table(workbook([["単位：千円"], ["事業名", "金額"], ["a", 1]]), "x.xlsx", "b")
    assert "x.xlsx [事業費一覧]" in str(err.value.problems[0]) and "no fiscal-year columns" in str(err.value.problems[0])


def test_table_without_a_unit_is_refused_with_the_row():
    with pytest.raises(AtlasError) as err:
        import_money_table(workbook([["事業費一覧"], ["事業名", "令和5年度"], ["a", 1]]), "x.xlsx", "b")
    problem = err.value.problems[0]
    assert problem.row == 2 and "no unit" in problem.message


def test_cli_writes_projects_and_spending_or_nothing(tmp_path):
    good = tmp_path / "vision.xlsx"
    good.write_bytes(workbook(VISION, merge=("A4:A5",)))
    into = tmp_path / "out"
    out = subprocess.run([sys.executable, "-m", "dashboard", "import", str(good), "--into", str(into), "--body", "hokushin-teiju"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    projects = pd.read_csv(into / "projects.csv", dtype=str)
    assert len(projects) == 6 and set(projects["body_id"]) == {"hokushin-teiju"}
    spending = pd.read_csv(into / "spending.csv", dtype=str)
    assert set(spending["total_thousand_yen"]) == {"2500", "2100", "600"}
    check = subprocess.run([sys.executable, "-m", "dashboard", "validate", str(into), "data"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stderr

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([["事業費一覧"], ["事業名", "令和5年度"], ["a", 1]]))
    into2 = tmp_path / "out2"
    out = subprocess.run([sys.executable, "-m", "dashboard", "import", str(bad), "--into", str(into2), "--body", "hokushin-teiju"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 1 and "bad.xlsx [事業費一覧]:2" in out.stderr and "no unit" in out.stderr
    assert not into2.exists()
    out = subprocess.run([sys.executable, "-m", "dashboard", "import", str(good), "--into", str(into2), "--body", "no-such-body"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 1 and "no such body" in out.stderr and not into2.exists()
