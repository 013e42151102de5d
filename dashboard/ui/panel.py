"""The municipality side panel: population series, bodies with roles, partners."""

from __future__ import annotations

import altair as alt
import streamlit as st

from ..views import panels
from ..views.labels import t
from ..views.layers import BOUNDARY_CREDIT, MEASURE_CREDIT
from ..views.state import ViewState

BODY_PAGE = "pages/body_detail.py"


def municipality(data, state: ViewState) -> None:
    lang = state.lang
    if not state.muni:
        st.info(t("panel_hint", lang))
        return
    info = panels.municipality(data, state.muni)
    st.subheader(f"{info['name']}（{info['pref_name']}）")
    st.caption(f"{info['kana']} · {info['type']} · {t('code', lang)} {info['code']}")
    if info["pop2020"] == info["pop2020"]:
        st.metric(t("tip_pop", lang), t("persons", lang).format(n=f"{info['pop2020']:,.0f}"))

    st.markdown(f"**{t('population_series', lang)}**")
    series = panels.population_series(data, state.muni)
    long = series.reset_index().melt(id_vars="year", var_name="series", value_name="population").dropna()
    st.altair_chart(
        alt.Chart(long).mark_line(point=True).encode(
            x=alt.X("year:O", title=t("year", lang)), y=alt.Y("population:Q", title=t("population", lang)),
            color=alt.Color("series:N", title="", legend=alt.Legend(orient="bottom", direction="vertical")),
            tooltip=["year", "series", alt.Tooltip("population:Q", format=",.0f")]),
        height=260, width="stretch")
    for note in panels.projection_notes(data, state.muni):
        st.caption(note)
    st.caption(f"{MEASURE_CREDIT['census']}; {MEASURE_CREDIT['ipss']}")

    st.markdown(f"**{t('bodies_of', lang)}**")
    bodies = panels.memberships(data, state.muni)
    if bodies.empty:
        st.caption("—")
    for row in bodies.itertuples():
        label = f"{row.body} · {row.scheme} · {t('role', lang)}: {row.role}" + (f" · {row.since}" if row.since else "")
        st.page_link(BODY_PAGE, label=label, query_params={**state.with_(body=row.body_id).to_params()}, help=f"{row.evidence} — {row.source}")

    st.markdown(f"**{t('partners', lang)}**")
    partners = panels.partners(data, state.muni)
    if partners.empty:
        st.caption("—")
    else:
        st.dataframe(partners.drop(columns="code"), hide_index=True, width="stretch")
    st.caption(BOUNDARY_CREDIT)
