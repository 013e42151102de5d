"""Analysis page: decline, hub vs periphery, coverage and layering, eligibility."""

import altair as alt
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.sources.population import RELEASES
from dashboard.ui import data as ui_data
from dashboard.ui import state as ui_state
from dashboard.views import analysis as A
from dashboard.views.labels import t
from dashboard.views.layers import MEASURE_CREDIT, category_map
from dashboard.views.measures import SEED_BINS, SEED_COLORS, UNKNOWN

atlas = ui_data.atlas()
state = ui_state.current(atlas)
lang = state.lang
prefs = state.prefs
area = "全国" if not prefs else "、".join(A.municipalities_of(atlas, prefs).drop_duplicates("pref_code")["pref_name"])


def download(table: pd.DataFrame, name: str) -> None:
    st.download_button(t("download_csv", lang), table.to_csv(index=False).encode("utf-8-sig"), f"{name}.csv", "text/csv", key=f"dl_{name}")


st.title(t("page_analysis", lang))
st.caption(f"対象: {area} (サイドバーの都道府県で絞り込み)")
decline_tab, hubs_tab, coverage_tab, eligibility_tab = st.tabs(["人口減少", "中心市と周辺", "加入状況・重層", "要件の判定"])

with decline_tab:
    release = st.selectbox(t("release", lang), list(RELEASES), index=1, format_func=lambda r: RELEASES[r]["label"], key="w_an_release")
    base = RELEASES[release]["base"]
    targets = [y for y in RELEASES[release]["years"] if y > base]
    long = pd.concat([A.decline(atlas, prefs, base, y, release).assign(year=y) for y in targets])
    wide = long.pivot(index="bin", columns="year", values=["count", "share"]).reindex([*SEED_BINS, UNKNOWN])
    st.markdown(f"**{area}: {base}年を100とした指数別の市町村数 ({RELEASES[release]['label']})**")
    st.dataframe(wide, width="stretch")
    chart = alt.Chart(long[long["bin"] != UNKNOWN]).mark_bar().encode(
        x=alt.X("year:O", title="年"), y=alt.Y("share:Q", title="割合 (%)", stack="normalize"),
        color=alt.Color("bin:N", sort=list(SEED_BINS), scale=alt.Scale(domain=list(SEED_BINS), range=[SEED_COLORS[b] for b in SEED_BINS])))
    st.altair_chart(chart, width="stretch")
    st.caption("seed 001 の表は社人研 2013年推計 (2010年=100) による。ここでは手元の推計 (2018, 2023) を用いる。"
               f" 不明 = 推計なし・一括推計 (福島県)。{MEASURE_CREDIT['census']}; {MEASURE_CREDIT['ipss']}")
    download(long, "decline")

with hubs_tab:
    rel = st.selectbox(t("release", lang), list(RELEASES), index=1, format_func=lambda r: RELEASES[r]["label"], key="w_hub_release")
    across = A.hub_vs_periphery(atlas, rel)
    st.markdown("**圏域ごと: 中心市と周辺の人口増減率 (%)** — 中心市だけが伸びて周辺が縮むのか (seed 002 Q6)")
    st.dataframe(across, hide_index=True, width="stretch")
    download(across, "hub_vs_periphery")
    spheres = atlas.bodies[atlas.bodies["scheme_id"].map(atlas.scheme_category()).isin(A.SPHERE_CATEGORIES)]
    pick = st.selectbox(t("choose_body", lang), list(spheres["body_id"]), format_func=dict(zip(spheres["body_id"], spheres["name"])).get, key="w_hub_body")
    series = A.hub_and_partners(atlas, pick).melt(id_vars=["series", "year"], value_vars=["hub", "partners"], var_name="side", value_name="population").dropna()
    st.altair_chart(alt.Chart(series).mark_line(point=True).encode(x="year:O", y="population:Q", color="side:N", strokeDash="series:N"), width="stretch")

with coverage_tab:
    cov = A.coverage(atlas, prefs)
    st.markdown(f"**{area}: 連携の種類ごとの加入 (1市町村あたり)**")
    st.dataframe(cov, hide_index=True, width="stretch")
    st.caption("seed 001 §II-①: 広域連合 1市町村あたり 長野県 3.06 / 全国 1.37 (H26.7.1 総務省調査)。ここでの値は登録データの範囲 (data/README.md) による。")
    download(cov, "coverage")
    per = A.bodies_per_municipality(atlas, prefs)
    counts = per.set_index("code")["bodies"].clip(upper=6).astype(str).replace("6", "6+")
    palette = {"0": "#f7f7f7", "1": "#d8daeb", "2": "#b2abd2", "3": "#8073ac", "4": "#542788", "5": "#2d004b", "6+": "#000000"}
    st_folium(category_map(atlas, prefs, counts, palette, "加入団体数"), key="cov_map", height=460, use_container_width=True, returned_objects=[])
    download(per, "bodies_per_municipality")
    st.markdown("**都道府県別: 連携圏域 (定住自立圏・連携中枢都市圏・県の仕組み) に入っていない市町村**")
    nosphere = A.no_sphere_by_prefecture(atlas)
    st.dataframe(nosphere, hide_index=True, width="stretch")
    st.caption("登録データにある圏域のみで判定 (data/README.md の「Known to be missing」参照)。")
    download(nosphere, "no_sphere_by_prefecture")
    st.markdown("**二層構造 (seed 001 §III-③): 広域連合 (1階) ごとの圏域 (2階)**")
    lay = A.layering(atlas)
    st.dataframe(lay, hide_index=True, width="stretch")
    download(lay, "layering")

with eligibility_tab:
    rule = st.radio("要件", ["hokkaido-model", "teiju-hub", "renkei-hub"], horizontal=True, key="w_rule",
                    format_func={"hokkaido-model": "北海道 市町村連携地域モデル (seed 003)", "teiju-hub": "定住自立圏 中心市", "renkei-hub": "連携中枢都市"}.get)
    if rule == "hokkaido-model":
        c1, c2, c3 = st.columns(3)
        threshold = c1.slider("人口減少率 (%) 以上", 10, 60, 30, key="w_threshold")
        rel = c2.selectbox(t("release", lang), list(RELEASES), format_func=lambda r: RELEASES[r]["label"], key="w_el_release")
        complete = c3.checkbox("圏域の登録が完全 (自分の登録データで確認済み)", key="w_complete")
        table = A.hokkaido_model(atlas, prefs=prefs or ("01",), threshold=threshold, release=rel, spheres_complete=complete)
        st.caption(table["rule"].iloc[0] + "。登録データにない圏域への加入は不明として扱う。")
        st.dataframe(table.drop(columns="rule"), hide_index=True, width="stretch")
        colors = {"yes": "#1b7837", "unknown": "#fdb863", "no": "#d9d9d9"}
        st_folium(category_map(atlas, prefs or ("01",), table.set_index("code")["eligible"], colors, "判定"), key="el_map", height=460,
                  use_container_width=True, returned_objects=[])
    else:
        upload = st.file_uploader("昼夜間人口比率 CSV (code,ratio)", type="csv", key="w_daynight")
        ratio = None
        if upload is not None:
            frame = pd.read_csv(upload, dtype={"code": str})
            ratio = pd.Series(frame["ratio"].astype(float).values, index=frame["code"].str[:5].str.zfill(5))
        table = A.hub_candidates(atlas, scheme="定住自立圏" if rule == "teiju-hub" else "連携中枢都市圏", prefs=prefs, day_night=ratio)
        st.caption(table["rule"].iloc[0] if len(table) else "")
        st.dataframe(table.drop(columns="rule"), hide_index=True, width="stretch")
    download(table, f"eligibility-{rule}")
