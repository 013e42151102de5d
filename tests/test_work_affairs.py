"""#20: unions by affair — categories, a municipality's services, the affair in the URL, the map's
union layer for one affair, and coverage per prefecture × affair.

The store adds tests/fixtures/work_kumiai: the 福岡県 一部事務組合 a data helper sourced (each from the
union's or a member's page) and 福岡県's count of 一般廃棄物 unions (26, 2021-04).
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pandas as pd
import pytest

from dashboard.registry.affairs import affair_totals, body_categories
from dashboard.registry.coverage import latest_totals
from dashboard.views import affairs as A
from dashboard.views.atlas import AtlasData
from dashboard.views.map.layers import build_map, view_key
from dashboard.views.state import ViewState, from_params

from .conftest import REPO


@pytest.fixture(scope="module")
def data(atlas) -> AtlasData:
    return atlas.as_of("2025-06-01")


def test_categories_from_category_words_and_purposes():
    bodies = pd.DataFrame({"body_id": ["a", "b", "c"], "purposes": ["", "", "ごみ処理;斎場"], "source": ["s"] * 3})
    affairs = pd.DataFrame({"body_id": ["a", "b"], "affair": ["消防に関する事務", "ごみ処理施設の設置"],
                            "category": ["消防", None], "source": ["sa", "sb"]})
    c = body_categories(bodies, affairs)
    assert set(map(tuple, c[["body_id", "category"]].values)) == {("a", "消防"), ("b", "ごみ"), ("c", "ごみ"), ("c", "火葬場")}
    assert c.set_index("body_id").loc["a", "source"] == "sa"


def test_a_count_for_one_affair_is_not_a_count_of_every_union():
    official = pd.DataFrame({
        "scheme_id": ["一部事務組合"] * 3, "pref_code": ["13", "13", "40"], "as_of": ["2022-01", "2020-04-01", "2021-04"],
        "bodies_total": [0, 30, 26], "affair": ["消防", None, "ごみ"], "note": [None] * 3, "source": ["a", "b", "c"]})
    per_affair = affair_totals(official).set_index(["pref_code", "affair"])["bodies_total"].to_dict()
    assert per_affair == {("13", "消防"): 0, ("40", "ごみ"): 26}
    # Tokyo has no 消防 union, but that 0 is not the number of Tokyo's unions (it once read as "complete").
    scheme = latest_totals(official).set_index("pref_code")["bodies_total"].to_dict()
    assert scheme == {"13": 30}


def test_fukuoka_waste_count_is_the_latest_per_affair(data):
    totals = affair_totals(data.official_totals).set_index(["pref_code", "affair"])
    assert totals.loc[("40", "ごみ"), "bodies_total"] == 26


def test_munakata_services_per_affair(data):
    s = A.services(data, "40220").set_index("affair_category")  # 宗像市
    assert s.loc["消防", "handled_by"] == "宗像地区事務組合"
    assert set(s.loc["ごみ", "body_id"].split(";")) == {"genkai-kankyo-kumiai", "munakata-chiku-jimu-kumiai"}
    assert s.loc["火葬場", "status"] == A.UNRECORDED and s.loc["火葬場", "handled_by"] == "未収録"
    assert list(s.index[:5]) == ["消防", "ごみ", "し尿", "火葬場", "水道"]  # every map affair listed, never silent


def test_alone_where_a_source_says_so(data):
    own = pd.DataFrame({"code": ["40218"], "name": ["春日市"], "category": ["消防"], "note": ["春日大野城那珂川消防組合ではなく市単独 (test)"],
                        "source": ["test"], "as_of": [None], "evidence": ["explicit"]})
    d2 = dataclasses.replace(data, own_affairs=own)
    s = A.services(d2, "40218").set_index("affair_category")
    assert s.loc["消防", "status"] == A.ALONE and s.loc["消防", "handled_by"].startswith("単独")
    assert A.services(data, "40218").set_index("affair_category").loc["消防", "status"] == A.UNRECORDED


def test_affair_in_the_url_round_trips():
    state, notices = from_params({"affair": "ごみ", "policy": "地域公共交通"}, set(), set(), set())
    assert not notices and state.affair == "ごみ" and state.policy == "地域公共交通"
    assert state.to_params() == {"affair": "ごみ", "policy": "地域公共交通"}
    _, notices = from_params({"affair": "花火"}, set(), set(), set())
    assert notices and notices[0].startswith("affair:")
    assert view_key(state) != view_key(state.with_(affair="し尿"))


def test_national_view_draws_one_affair(data):
    assert A.effective_affair(ViewState()) == "消防"
    assert A.effective_affair(ViewState(affair="all")) == "消防"  # never all 1,000+ outlines nationally
    assert A.effective_affair(ViewState(prefs=("40",))) is None
    category = data.scheme_category()
    shown = data.bodies_in_view(ViewState())
    unions = set(shown.loc[shown["scheme_id"].map(category) == "union", "body_id"])
    assert unions and unions <= A.unions_for(data, "消防")
    assert "genkai-kankyo-kumiai" not in unions  # ごみ only
    gomi = data.bodies_in_view(ViewState(affair="ごみ"))
    assert "genkai-kankyo-kumiai" in set(gomi["body_id"]) and "chikushino-dazaifu-shobo-kumiai" not in set(gomi["body_id"])


def test_union_across_a_prefecture_line_is_drawn_whole(data):
    shown = data.bodies_in_view(ViewState(prefs=("40",), affair="ごみ"))
    row = shown[shown["body_id"] == "chikushino-ogori-kiyama-seiso-kumiai"]
    assert len(row) == 1
    kiyama = data.municipalities.set_index("code").loc["41341", "geometry"]  # 基山町 (佐賀県)
    assert row.geometry.iloc[0].intersection(kiyama).area > 0.9 * kiyama.area
    html = build_map(data, ViewState(prefs=("40",), affair="ごみ"), inline=True).get_root().render()
    assert "chikushino-ogori-kiyama-seiso-kumiai" in html


def test_coverage_per_prefecture_and_affair(data):
    cov = A.coverage(data).set_index(["pref_code", "affair"])
    gomi = cov.loc[("40", "ごみ")]
    assert gomi["unions_official"] == 26 and 0 < gomi["unions"] < 26 and gomi["status"] == "partial"
    assert cov.loc[("40", "消防"), "status"] == "unknown"
    wide = A.coverage_wide(data).set_index("pref_name")
    assert wide.loc["福岡県", "ごみ"].startswith(f"{gomi['unions']} / 26")


def test_map_marks_prefectures_incomplete_for_the_affair(data):
    tips = A.incomplete_for(data, "ごみ").set_index("pref_code")["tip"]
    assert "ごみ" in tips["40"] and "/26 (partial)" in tips["40"]
    html = build_map(data, ViewState(prefs=("40",), affair="ごみ"), inline=True).get_root().render()
    assert "/26 (partial)" in html


def test_coverage_command_prints_prefecture_by_affair():
    out = subprocess.run([sys.executable, "-m", "dashboard", "coverage", "data"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    line = next(l for l in out.stdout.splitlines() if l.startswith("| 40 福岡県 |"))
    assert "/26 (partial)" in line


def test_a_published_union_list_imports_with_affair_categories():
    """A prefecture's list (名称, 構成団体, 共同処理する事務): each affair keeps its words and gets the category."""
    from dashboard.registry.importers import Gazetteer, Options, import_bytes, scheme_roles
    from dashboard.registry.validate import require_valid

    reg = require_valid([REPO / "data"], None)
    gaz = Gazetteer.from_frame(pd.DataFrame({"code": ["40220", "40224"], "name": ["宗像市", "福津市"]}))
    text = "名称,構成団体,共同処理する事務\n宗像地区事務組合,宗像市、福津市,消防に関する事務、ごみ処理施設の設置、斎場の管理、水道用水供給事業\n"
    result = import_bytes(text.encode("utf-8"), "list.csv", gaz, scheme_roles(reg["schemes"]), Options(scheme="一部事務組合", pref="40"))
    got = dict(zip(result.tables["affairs"]["affair"], result.tables["affairs"]["category"]))
    assert got == {"消防に関する事務": "消防", "ごみ処理施設の設置": "ごみ", "斎場の管理": "火葬場", "水道用水供給事業": "水道"}


def test_the_app_keeps_the_affair_and_policy_from_the_url(built_store, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ATLAS_STORE", str(built_store))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.query_params["affair"] = "ごみ"
    at.query_params["policy"] = "医療"
    at.run()
    assert not at.exception
    assert at.selectbox(key="w_affair").value == "ごみ" and at.selectbox(key="w_policy").value == "医療"
    assert at.query_params["affair"] == ["ごみ"] or at.query_params["affair"] == "ごみ"
    at.selectbox(key="w_affair").set_value("し尿").run()
    assert at.query_params["affair"] in ("し尿", ["し尿"])


def test_the_legend_says_which_affair_the_unions_are(data):
    html = build_map(data, ViewState(affair="ごみ"), inline=True).get_root().render()
    assert "広域連合・一部事務組合: ごみ" in html
    layers_html = build_map(data, ViewState(prefs=("40",)), inline=True).get_root().render()
    assert "広域連合・一部事務組合: " not in layers_html  # a prefecture shows every affair, coloured by purpose


def test_export_takes_an_affair():
    out = subprocess.run([sys.executable, "-m", "dashboard", "export", "--prefecture", "40", "--affair", "花火", "--out", "unused"],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 2 and "--affair 花火 is not an affair" in out.stderr


def test_national_row_counts_a_union_across_a_prefecture_line_once():
    from dashboard.registry.affairs import affair_coverage

    bodies = pd.DataFrame({"body_id": ["chikushino", "munakata"], "scheme_id": ["一部事務組合"] * 2,
                           "pref_codes": ["40;41", "40"], "purposes": ["ごみ", "消防;ごみ"], "source": ["s1", "s2"]})
    official = pd.DataFrame({"scheme_id": ["一部事務組合"], "pref_code": [None], "as_of": ["2014-04-01"], "bodies_total": [275],
                             "affair": ["消防"], "note": [None], "source": ["消防白書"]})
    cov = affair_coverage(bodies, None, official, {"40": "福岡県", "41": "佐賀県"}).set_index(["pref_code", "affair"])
    assert cov.loc[("", "ごみ"), "unions"] == 2 and cov.loc[("", "ごみ"), "pref_name"] == "全国"
    assert cov.loc[("40", "ごみ"), "unions"] == 2 and cov.loc[("41", "ごみ"), "unions"] == 1
    assert (cov.loc[("", "消防"), "unions"], cov.loc[("", "消防"), "unions_official"], cov.loc[("", "消防"), "status"]) == (1, 275, "partial")
