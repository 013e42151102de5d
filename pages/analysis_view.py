"""Analysis page: decline, hub vs periphery, coverage and layering, eligibility."""

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.ui import charts, downloads, mapview, tables
from dashboard.ui import data as ui_data
from dashboard.ui import state as ui_state
from dashboard.views.analysis import policy as P
from dashboard.views.analysis import tables as A
from dashboard.views.exports.csvsafe import csv_bytes
from dashboard.views.labels import column_label, credit_line, t
from dashboard.views.map.category import category_map
from dashboard.views.map.symbols import MEASURE_CREDIT
from dashboard.views.measures import SEED_BINS, SEED_COLORS, UNKNOWN
from dashboard.vocabulary import RELEASES, release_label

state = ui_state.current(ui_data.atlas())
atlas = ui_data.view(state)  # the registry as of the view's day
lang = state.lang
prefs = state.prefs
area = t("japan", lang) if not prefs else "、".join(A.municipalities_of(atlas, prefs).drop_duplicates("pref_code")["pref_name"])


def download(table: pd.DataFrame, name: str) -> None:
    st.download_button(t("download_csv", lang), csv_bytes(table), f"{name}.csv", "text/csv", key=f"dl_{name}")


st.title(t("page_analysis", lang))
st.caption(t("scope", lang).format(area=area))
decline_tab, hubs_tab, coverage_tab, eligibility_tab, policy_tab = st.tabs(
    [t(k, lang) for k in ("tab_decline", "tab_hubs", "tab_coverage", "tab_eligibility", "tab_policy")])

with decline_tab:
    release = st.selectbox(t("release", lang), list(RELEASES), index=1, format_func=lambda r: release_label(r, lang), placeholder=t("choose", lang), key="w_an_release")
    base = RELEASES[release]["base"]
    targets = [y for y in RELEASES[release]["years"] if y > base]
    long = pd.concat([A.decline(atlas, prefs, base, y, release).assign(year=y) for y in targets])
    wide = long.pivot(index="bin", columns="year", values=["count", "share"]).reindex([*SEED_BINS, UNKNOWN])
    st.markdown(t("decline_title", lang).format(area=area, base=base, release=RELEASES[release]["label"]))
    shown = wide.rename(columns={"count": column_label("municipalities", lang), "share": t("share_pct", lang)}, level=0)
    shown.index.name = t("index_bin", lang)
    st.dataframe(shown, width="stretch")
    chart = alt.Chart(long[long["bin"] != UNKNOWN]).mark_bar().encode(
        x=alt.X("year:O", title=t("year", lang)), y=alt.Y("share:Q", title=t("share_pct", lang), stack="normalize"),
        color=alt.Color("bin:N", title=t("index_bin", lang), sort=list(SEED_BINS), scale=alt.Scale(domain=list(SEED_BINS), range=[SEED_COLORS[b] for b in SEED_BINS])))
    st.altair_chart(chart, width="stretch")
    st.caption(f"{t('decline_note', lang)} " + credit_line(f"{MEASURE_CREDIT['census']}; {MEASURE_CREDIT['ipss']}", lang))
    download(long, "decline")

with hubs_tab:
    rel = st.selectbox(t("release", lang), list(RELEASES), index=1, format_func=lambda r: release_label(r, lang), placeholder=t("choose", lang), key="w_hub_release")
    across = A.hub_vs_periphery(atlas, rel)
    st.markdown(t("hubs_title", lang))
    tables.show(across, lang)
    download(across, "hub_vs_periphery")
    spheres = atlas.bodies[atlas.bodies["scheme_id"].map(atlas.scheme_category()).isin(A.SPHERE_CATEGORIES)]
    pick = st.selectbox(t("choose_body", lang), list(spheres["body_id"]), format_func=dict(zip(spheres["body_id"], spheres["name"])).get, placeholder=t("choose", lang), key="w_hub_body")
    series = A.hub_and_partners(atlas, pick).melt(id_vars=["series", "year"], value_vars=["hub", "partners"], var_name="side", value_name="population").dropna()
    series = charts.name_series(series, lang).assign(side=lambda f: f["side"].map({"hub": t("side_hub", lang), "partners": t("side_partners", lang)}))
    st.altair_chart(alt.Chart(series).mark_line(point=True).encode(
        x=alt.X("year:O", title=t("year", lang)), y=alt.Y("population:Q", title=t("population", lang), axis=alt.Axis(format=",.0f")),
        color=alt.Color("side:N", title=""), strokeDash=alt.StrokeDash("series:N", title=t("series", lang)),
        tooltip=[alt.Tooltip("year:O", title=t("year", lang)), alt.Tooltip("side:N", title=""), alt.Tooltip("series:N", title=t("series", lang)),
                 alt.Tooltip("population:Q", title=t("population", lang), format=",.0f")]), width="stretch")

with coverage_tab:
    cov = A.coverage(atlas, prefs)
    st.markdown(t("coverage_title", lang).format(area=area))
    tables.show(cov, lang)
    st.caption(t("coverage_note", lang))
    download(cov, "coverage")
    per = A.bodies_per_municipality(atlas, prefs)
    counts = per.set_index("code")["bodies"].clip(upper=6).astype(str).replace("6", "6+")
    palette = {"0": "#f7f7f7", "1": "#d8daeb", "2": "#b2abd2", "3": "#8073ac", "4": "#542788", "5": "#2d004b", "6+": "#000000"}
    mapview.small(atlas, ("bodies_count", prefs, atlas.day, lang), lambda: category_map(atlas, prefs, counts, palette, t("bodies_count", lang), lang=lang),
                  key="cov_map", height=460)
    downloads.category_png(atlas, prefs, counts, palette, f"{area} {t('bodies_count', lang)}", t("bodies_count", lang),
                           ["登録データ: data/ (seed 000–004 と公開ページ)"], "bodies_per_municipality", lang)
    download(per, "bodies_per_municipality")
    st.markdown(t("no_sphere_title", lang))
    nosphere = A.no_sphere_by_prefecture(atlas)
    tables.show(nosphere, lang)
    st.caption(t("no_sphere_note", lang))
    download(nosphere, "no_sphere_by_prefecture")
    st.markdown(t("layering_title", lang))
    lay = A.layering(atlas, lang=lang)
    tables.show(lay, lang)
    download(lay, "layering")

with eligibility_tab:
    rule = st.radio(t("rule", lang), ["hokkaido-model", "teiju-hub", "renkei-hub"], horizontal=True, key="w_rule",
                    format_func={"hokkaido-model": t("rule_hokkaido", lang), "teiju-hub": t("rule_teiju", lang), "renkei-hub": t("rule_renkei", lang)}.get)
    if rule == "hokkaido-model":
        c1, c2, c3 = st.columns(3)
        threshold = c1.slider(t("threshold", lang), 10, 60, 30, key="w_threshold")
        rel = c2.selectbox(t("release", lang), list(RELEASES), format_func=lambda r: release_label(r, lang), placeholder=t("choose", lang), key="w_el_release")
        complete = c3.checkbox(t("spheres_complete", lang), key="w_complete")
        table = A.hokkaido_model(atlas, prefs=prefs or ("01",), threshold=threshold, release=rel, spheres_complete=complete, lang=lang)
        st.caption(table["rule"].iloc[0] + t("unknown_sphere_note", lang))
        tables.show(table.drop(columns="rule"), lang)
        colors = {"yes": "#1b7837", "unknown": "#fdb863", "no": "#d9d9d9"}
        verdict = table.set_index("code")["eligible"]
        mapview.small(atlas, ("eligibility", prefs or ("01",), lang, tuple(verdict.items())),
                      lambda: category_map(atlas, prefs or ("01",), verdict, colors, t("verdict", lang), lang=lang), key="el_map", height=460)
        downloads.category_png(atlas, prefs or ("01",), table.set_index("code")["eligible"], colors, t("rule_hokkaido", lang),
                               t("verdict", lang), [table["rule"].iloc[0], MEASURE_CREDIT["ipss"]], "hokkaido-model", lang)
    else:
        upload = st.file_uploader(t("day_night_upload", lang), type="csv", key="w_daynight")
        ratio = None
        if upload is not None:
            frame = pd.read_csv(upload, dtype={"code": str})
            ratio = pd.Series(frame["ratio"].astype(float).values, index=frame["code"].str[:5].str.zfill(5))
        table = A.hub_candidates(atlas, scheme="定住自立圏" if rule == "teiju-hub" else "連携中枢都市圏", prefs=prefs, day_night=ratio)
        st.caption(table["rule"].iloc[0] if len(table) else "")
        tables.show(table.drop(columns="rule"), lang)
    download(table, f"eligibility-{rule}")


with policy_tab:  # #18: what spheres cooperate on
    st.markdown(t("policy_title", lang))
    by = st.radio(t("policy_by", lang), ["scheme", "prefecture"], horizontal=True, key="w_policy_by",
                  format_func=lambda b: t("schemes" if b == "scheme" else "prefectures", lang))
    share = P.known_share(atlas, by, prefs)
    st.caption(t("policy_known", lang).format(known=int(share["spheres_with_items"].sum()), total=int(share["spheres_total"].sum())))
    matrix = P.policy_matrix(atlas, by, prefs=prefs)
    if matrix.empty:
        st.info(t("policy_none", lang))
    else:
        tables.show(matrix, lang)
        tables.show(share, lang)
        long = P.policy_areas(atlas, by, prefs)
        download(long, f"policy-areas-by-{by}")
