"""Analysis page: decline by seed-001 bins, membership layering."""

import streamlit as st

from dashboard.sources.population import RELEASES
from dashboard.ui import data as ui_data
from dashboard.ui import state as ui_state
from dashboard.views.labels import t
from dashboard.views.measures import decline_table

atlas = ui_data.atlas()
state = ui_state.current(atlas)
lang = state.lang

st.title(t("page_analysis", lang))
codes = atlas.municipalities if not state.prefs else atlas.municipalities[atlas.municipalities["pref_code"].isin(state.prefs)]
area = "全国" if not state.prefs else "、".join(codes.drop_duplicates("pref_code")["pref_name"])
release = st.selectbox(t("release", lang), list(RELEASES), index=0, format_func=lambda r: RELEASES[r]["label"], key="w_an_release")
years = list(RELEASES[release]["years"])
base = RELEASES[release]["base"]
table = decline_table(atlas.population, list(codes["code"]), base, [y for y in years if y > base], release)
st.markdown(f"**{area}: {base}年を100とした指数別の市町村数 ({RELEASES[release]['label']})**")
wide = table.pivot(index="bin", columns="year", values=["count", "share"]).reindex(table["bin"].unique())
st.dataframe(wide, width="stretch")
st.caption("seed 001 の表は社人研 2013年推計 (2010年基準) による。ここでは手元にある推計を用いる。")
st.download_button(t("download_csv", lang), table.to_csv(index=False).encode("utf-8-sig"), "decline.csv", "text/csv")
