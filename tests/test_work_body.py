"""#18 on the body page: visions, 取組 by policy area, money per FY, empty states, compare.

The store is built from data/ plus tests/fixtures/work_areas (rows the data helpers sourced:
佐久・北信 visions and 取組, 後期高齢者医療広域連合 plans and budgets), so the figures checked are
published ones, each with its source.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.store import Store
from dashboard.views.atlas import AtlasData
from dashboard.views.body import work as W
from dashboard.views.exports import files as exports

from .conftest import REPO


@pytest.fixture(scope="module")
def data(atlas) -> AtlasData:
    return atlas.as_of("2025-01-01")


def test_saku_vision_current_and_earlier(data):
    v = W.visions(data, "saku-teiju")
    assert list(v["title"]) == ["第三次佐久地域定住自立圏共生ビジョン", "第二次佐久地域定住自立圏共生ビジョン", "佐久地域定住自立圏共生ビジョン"]
    current = v[v["current"]].iloc[0]
    assert current["period"] == "FY2022 (令和4年度) – FY2026 (令和8年度)"
    assert current["adopted"] == "2022-02" and current["revised"] == "2022-11、2023-12、2024-11"
    assert current["source"].startswith("https://www.city.saku.nagano.jp/")
    assert v.iloc[2]["adopted"] == "2012-02-10"


def test_vision_current_follows_the_day(built_store):
    d = AtlasData.from_store(Store(built_store)).as_of("2019-06-01")
    v = W.visions(d, "hokushin-teiju")
    assert v[v["current"]].iloc[0]["title"] == "第二次北信地域定住自立圏共生ビジョン"


def test_union_plan_with_open_period(data):
    v = W.visions(data, "kouki-01")
    assert v.iloc[0]["title"] == "第3次広域計画" and v.iloc[0]["period"].startswith("FY2018") and v.iloc[0]["current"]


def test_items_grouped_by_policy_area(data):
    by_area = W.items_by_area(data, "saku-teiju").set_index("policy_area")
    for area in ("福祉", "教育・文化・スポーツ", "産業振興", "交通インフラ"):
        assert by_area.loc[area, "items"] == 1
    assert by_area.loc["交通インフラ", "policy_group"] == "結びつきやネットワークの強化"
    assert list(by_area.index)[-1] == W.UNCLASSIFIED  # the seed rows without an area come last, counted


def test_union_budget_per_account_and_resident(data):
    m = W.money(data, "kouki-34").set_index("fiscal_year")
    assert m.loc[2006, "planned_thousand_yen"] == 17155 and m.loc[2007, "planned_thousand_yen"] == 63602
    assert (m["account"] == "一般会計").all() and m["settled_thousand_yen"].isna().all()
    people, short = W.member_population(data, "kouki-34")
    assert people > 2_700_000 and not short  # 広島県 2020: 2.80 million, every municipality a member
    assert m.loc[2007, "planned_yen_per_resident"] == round(63602 * 1000 / people)


def test_planned_and_settled_side_by_side_never_added(data):
    m = W.money(data, "kitaalps-jiritsu").set_index("fiscal_year")
    assert m.loc[2016, "settled_thousand_yen"] == 39127 and pd_isna(m.loc[2016, "planned_thousand_yen"])
    assert m.loc[2018, "planned_thousand_yen"] == 65275 and pd_isna(m.loc[2018, "settled_thousand_yen"])


def pd_isna(value) -> bool:
    return value is None or value != value


def test_partial_flag_when_the_member_list_is_short(data):
    short_bodies = [b for b in data.bodies["body_id"] if W.member_population(data, b)[1]]
    assert short_bodies
    frame = data.spending.iloc[:1].copy()
    frame["body_id"] = short_bodies[0]
    frame["evidence"] = "partial: 当初予算のみ"
    import dataclasses

    import pandas as pd
    d2 = dataclasses.replace(data, spending=pd.concat([data.spending, frame], ignore_index=True))
    row = W.money(d2, short_bodies[0]).iloc[0]
    assert "当初予算のみ" in row["partial"] and "member list incomplete" in row["partial"]


def test_empty_states_say_what_is_missing(data):
    empty = W.empty_states(data, "kiso-kouiki")  # 木曽広域連合: no 広域計画 or budget recorded yet
    assert "広域計画は未収録" in empty["vision"] and "spending.csv" in empty["money"]
    full = W.empty_states(data, "saku-teiju")
    assert full["vision"] == "" and full["items"] == ""


def test_no_csv_for_an_empty_table(data):
    files = exports.body_csvs(data, "kitaalps-kouiki")
    assert "members" in files and "projects" not in files and "spending" not in files


def test_compare_policy_areas_unknown_is_not_zero(data):
    table = W.compare_policy_areas(data, ["saku-teiju", "hokushin-teiju", "kitaalps-kouiki"]).set_index("policy_area")
    assert table.loc["医療", "北信地域定住自立圏"] == 1 and table.loc["医療", "佐久地域定住自立圏"] == 0
    assert table["北アルプス広域連合"].isna().all()


def test_body_page_links_the_vision_and_says_what_is_missing(built_store, monkeypatch):
    monkeypatch.setenv("ATLAS_STORE", str(built_store))
    monkeypatch.setenv("ATLAS_TODAY", "2025-01-01")
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params["body"] = "saku-teiju"
    at.run()
    at.switch_page("pages/body_detail.py")
    at.run()
    assert not at.exception
    assert any("第三次佐久地域定住自立圏共生ビジョン](https://www.city.saku.nagano.jp/" in m.value for m in at.markdown)
    at.session_state["w_body_tab"] = "連携事業"
    at.run()
    assert any("結びつきやネットワークの強化" in m.value for m in at.markdown)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params["body"] = "kiso-kouiki"
    at.run()
    at.switch_page("pages/body_detail.py")
    at.run()
    assert any("広域計画は未収録" in c.value for c in at.caption)
    at.session_state["w_body_tab"] = "事業費"
    at.run()
    assert any("歳出" in i.value and "未収録" in i.value for i in at.info)
    assert not at.exception


def test_an_uploaded_budget_table_shows_for_the_session(data):
    """The data page's upload: the importer's rows over the store's, as the body page would show them."""
    from dashboard.registry.importers.money import import_money_table, text_rows
    from dashboard.ui.upload_money import with_session_rows

    from .test_work_money_import import workbook

    rows = [["北アルプス広域連合 歳出 (単位：千円)"], ["会計", "R4決算", "R5予算"], ["一般会計", "1,234", "1,300"]]
    result = import_money_table(workbook(rows), "budget.xlsx", "kitaalps-kouiki")
    result.tables = text_rows(result.tables)
    m = W.money(with_session_rows(data, {"result": result}), "kitaalps-kouiki").set_index("fiscal_year")
    assert m.loc[2022, "settled_thousand_yen"] == 1234 and m.loc[2023, "planned_thousand_yen"] == 1300
    assert W.money(data, "kitaalps-kouiki").empty  # the store itself is unchanged
