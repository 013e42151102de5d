"""The municipality side panel: population series, bodies with roles, partners."""

from __future__ import annotations

import altair as alt
import streamlit as st

from ..views import panels
from . import tables
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
    series = panels.population_series(data, state.muni, lang)
    long = series.reset_index().melt(id_vars="year", var_name="series", value_name="population").dropna()
    st.altair_chart(
        alt.Chart(long).mark_line(point=True).encode(
            x=alt.X("year:O", title=t("year", lang)), y=alt.Y("population:Q", title=t("population", lang), axis=alt.Axis(format=",.0f")),
            color=alt.Color("series:N", title="", legend=alt.Legend(orient="bottom", direction="vertical")),
            tooltip=[alt.Tooltip("year:O", title=t("year", lang)), alt.Tooltip("series:N", title=t("series", lang)), alt.Tooltip("population:Q", title=t("population", lang), format=",.0f")]),
        height=260, width="stretch")
    for note in panels.projection_notes(data, state.muni, lang):
        st.caption(note)
    st.caption(f"{MEASURE_CREDIT['census']}; {MEASURE_CREDIT['ipss']}")

    st.markdown(f"**{t('bodies_of', lang)}**")
    bodies = panels.memberships(data, state.muni, lang)
    if bodies.empty:
        st.caption("—")
    for row in bodies.itertuples():
        label = f"{row.body} · {row.scheme} · {t('role', lang)}: {row.role}" + (f" · {row.since}" if row.since else "")
        st.page_link(BODY_PAGE, label=label, query_params={**state.with_(body=row.body_id).to_params()}, help=f"{row.evidence} — {row.source}")

    st.markdown(f"**{t('partners', lang)}**")
    partners = panels.partners(data, state.muni, lang).drop(columns="code")
    if partners.empty:
        st.caption("—")
    else:
        tables.show(partners, lang)
    st.caption(BOUNDARY_CREDIT)


def body(data, state: ViewState) -> None:
    """The panel of a body chosen by search: what it is, its members, a link to its page."""
    from ..views import bodies as B

    lang = state.lang
    h = B.header(data, state.body)
    st.subheader(h["name"])
    st.caption(f"{h['scheme_name']} · {'、'.join(h['prefectures'])} · {t('in_force', lang)}: {B.lifespan(data, state.body)}")
    if h["completeness"]:
        st.warning(h["completeness"])
    st.page_link(BODY_PAGE, label=t("open_body_page", lang), query_params={**state.to_params()})
    members = B.members(data, state.body)
    if len(members):
        st.markdown(f"**{t('n_members', lang).format(n=len(members))}**")
        shown = members[["member", "role", "pop2020"]]
        st.dataframe(shown, hide_index=True, width="stretch", column_config=tables.columns(shown, lang))
    st.caption(BOUNDARY_CREDIT)
