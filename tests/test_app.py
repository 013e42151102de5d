"""Pages through streamlit.testing.v1.AppTest: filters, URL round trip, language, panels."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from .conftest import REPO


@pytest.fixture
def app(built_store, monkeypatch):
    monkeypatch.setenv("ATLAS_STORE", str(built_store))

    def make(**params) -> AppTest:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        for k, v in params.items():
            at.query_params[k] = v
        return at.run()
    return make


def test_map_page_renders_without_error(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "連携アトラス"
    assert not at.warning  # no notices for a clean URL


def test_url_sets_filters_and_filters_set_url(app):
    at = app(pref="20", measure="index:2015:2045:ipss2018", classes="seed_bins", scheme="定住自立圏,広域連合")
    sb = at.sidebar
    assert sb.multiselect(key="w_prefs").value == ["20"]
    assert sb.multiselect(key="w_schemes").value == ["定住自立圏", "広域連合"]
    assert sb.radio(key="w_kind").value == "index"
    assert sb.selectbox(key="w_release").value == "ipss2018"
    assert (sb.selectbox(key="w_from").value, sb.selectbox(key="w_to").value) == (2015, 2045)
    assert sb.radio(key="w_classes").value == "seed_bins"
    # and back: the URL is exactly the view (same link → same view)
    assert dict(at.query_params) == {"pref": "20", "measure": "index:2015:2045:ipss2018", "classes": "seed_bins",
                                     "scheme": "定住自立圏,広域連合"}
    sb.multiselect(key="w_prefs").set_value(["01", "20"]).run()
    assert at.query_params["pref"] == "01,20"
    sb.radio(key="w_kind").set_value("census").run()
    assert at.query_params["measure"] == "census:2020"
    assert "classes" not in at.query_params  # seed bins do not apply to a count: back to quantiles


def test_region_selects_its_prefectures(app):
    at = app()
    at.sidebar.multiselect(key="w_regions").set_value(["shikoku"]).run()
    assert at.query_params["pref"] == "36,37,38,39"


def test_garbage_parameters_are_dropped_with_a_notice(app):
    at = app(pref="20,99", measure="change:2045:2020", lang="fr", muni="99999", bogus="<script>", wards="yes")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    for fragment in ("pref: not a prefecture code 99", "measure:", "lang: 'fr' is not one of ja, en", "muni: no municipality '99999'",
                     "bogus: unknown parameter", "wards: 'yes' is not one of 0, 1"):
        assert fragment in notices
    assert at.query_params["pref"] == "20"  # the valid part survives
    assert "bogus" not in at.query_params


def test_language_toggle_switches_every_label(app):
    at = app(muni="20212")
    at.sidebar.toggle(key="w_lang_en").set_value(True).run()
    assert at.title[0].value == "Renkei Atlas"
    assert at.query_params["lang"] == "en"
    assert at.sidebar.header[0].value == "Filters"
    assert any(m.value == "**Cooperation bodies**" for m in at.markdown)


def test_side_panel_for_omachi(app):
    at = app(muni="20212")
    assert at.subheader[0].value == "大町市（長野県）"
    assert at.metric[0].value == "26,029 人"
    links = [e.proto.label for e in at.get("page_link")]
    expected = {"北アルプス連携自立圏": "中心市", "北アルプス広域連合": "構成団体",
                "長野県後期高齢者医療広域連合": "構成団体", "長野県地方税滞納整理機構": "構成団体"}
    for body, role in expected.items():
        assert any(l.startswith(body) and l.endswith(f"役割: {role}") for l in links), links
    partners = next(d.value for d in at.dataframe if "partner" in d.value.columns)
    assert set(partners["partner"]) == {"池田町", "松川村", "白馬村", "小谷村"}
    services = next(d.value for d in at.dataframe if "affair_category" in d.value.columns).set_index("affair_category")
    assert services.loc["消防", "handled_by"] == "北アルプス広域連合"  # #20: per affair, the union or 未収録
    assert services.loc["水道", "handled_by"] == "未収録"
    assert set(partners["date"]) == {"2016年3月29日 (平成28年)"}


def test_search_by_kana_selects_and_zooms(app):
    at = app()
    at.text_input(key="w_search").input("おおまち").run()
    assert at.selectbox(key="w_search_hit").value == "20212"
    assert at.query_params["muni"] == "20212"
    assert at.subheader[0].value == "大町市（長野県）"


def test_analysis_page(app):
    at = app(pref="20")
    at.switch_page("pages/analysis_view.py").run()
    assert not at.exception
    decline = at.dataframe[0].value
    assert decline.loc["50以下", ("市町村数", 2050)] + decline[("市町村数", 2050)].drop("50以下").sum() == 77  # headers in Japanese
    assert any(b.proto.label == "CSV をダウンロード" for b in at.get("download_button"))
    at.radio(key="w_rule").set_value("hokkaido-model").run()
    assert not at.exception


def test_english_body_and_analysis_pages(app):
    at = app(lang="en", body="kitaalps-jiritsu")
    at.switch_page("pages/body_detail.py").run()
    assert not at.exception
    at.session_state["w_body_tab"] = "Projects"
    assert any("FY2018 (平成30年度): 8 fields, 19 projects" in m.value for m in at.run().markdown)
    at.session_state["w_body_tab"] = "Spending"
    assert any("Sources disagree" in w.value for w in at.run().warning)
    at.switch_page("pages/analysis_view.py").run()
    assert not at.exception
    assert [tab.label for tab in at.tabs][:4] == ["Decline", "Hub and periphery", "Coverage and layering", "Eligibility"]


def test_as_of_in_the_url_sets_the_sidebar_and_the_body_page(app):
    at = app(asof="2012-04-01", pref="02")
    assert not at.exception
    assert str(at.sidebar.date_input(key="w_as_of").value) == "2012-04-01"
    assert at.query_params["asof"] == "2012-04-01"
    at.switch_page("pages/body_detail.py").run()
    names = at.selectbox(key="w_body").options
    assert any(n.startswith("八戸圏域定住自立圏") for n in names)
    assert not any(n.startswith("八戸圏域連携中枢都市圏") for n in names)


def test_body_of_another_day_says_when_it_was_in_force(app):
    at = app(body="hachinohe-teiju")  # today: it became 八戸圏域連携中枢都市圏 on 2017-03-22
    at.switch_page("pages/body_detail.py").run()
    assert not at.exception
    assert any("2009-09-24 – 2017-03-22" in w.value for w in at.warning)


def test_data_page_shows_coverage_and_the_renkei_check(app):
    at = app()
    at.switch_page("pages/data_sources.py").run()
    assert not at.exception
    assert any("376" in m.value and "2024-04-01" in m.value for m in at.markdown)
    frames = [d.value for d in at.dataframe]
    cov = next(f for f in frames if "status" in f.columns and "bodies_official" in f.columns)
    national = cov[(cov["pref_code"] == "") & (cov["scheme_id"] == "連携中枢都市圏")].iloc[0]
    assert national["bodies"] == 38 and national["bodies_official"] == "38"  # a column with gaps is text: no "None" drawn
    assert "None" not in set(cov["members_official"].astype(str))


def test_search_finds_a_body_and_opens_its_panel(app):
    at = app()
    at.text_input(key="w_search").input("北アルプス").run()
    options = at.selectbox(key="w_search_hit").options
    assert any("北アルプス連携自立圏" in o for o in options), options
    at.selectbox(key="w_search_hit").set_value("body:kitaalps-jiritsu").run()
    assert at.query_params["body"] == "kitaalps-jiritsu"
    assert any(s.value == "北アルプス連携自立圏" for s in at.subheader)
    at.button(key="w_panel_close").click().run()
    assert "body" not in at.query_params and not any(s.value == "北アルプス連携自立圏" for s in at.subheader)
