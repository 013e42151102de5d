"""The municipality side panel: population series, bodies with roles, partners."""

from __future__ import annotations

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
    st.line_chart(series, height=220)
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
