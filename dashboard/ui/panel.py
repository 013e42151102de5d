"""The municipality side panel: population series, bodies with roles, partners."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

from ..views import panels
from ..views.geoassets import build_id
from ..views.labels import t
from ..views.layers import BOUNDARY_CREDIT, MEASURE_CREDIT
from ..views.state import ViewState
from .mapcache import PayloadCache

_CONTENT = PayloadCache(max_bytes=32_000_000, max_entries=512)

BODY_PAGE = "pages/body_detail.py"


def municipality(data, state: ViewState) -> None:
    lang = state.lang
    if not state.muni:
        st.info(t("panel_hint", lang))
        return
    c = _CONTENT.get((build_id(data.meta), state.muni, lang), lambda: _content(data, state.muni, lang))
    info = c["info"]
    st.subheader(f"{info['name']}（{info['pref_name']}）")
    st.caption(f"{info['kana']} · {info['type']} · {t('code', lang)} {info['code']}")
    if info["pop2020"] == info["pop2020"]:
        st.metric(t("tip_pop", lang), t("persons", lang).format(n=f"{info['pop2020']:,.0f}"))

    st.markdown(f"**{t('population_series', lang)}**")
    st.vega_lite_chart(c["chart_data"], spec=c["chart"], height=260, width="stretch")
    for note in c["notes"]:
        st.caption(note)
    st.caption(f"{MEASURE_CREDIT['census']}; {MEASURE_CREDIT['ipss']}")

    st.markdown(f"**{t('bodies_of', lang)}**")
    bodies = c["bodies"]
    if bodies.empty:
        st.caption("—")
    for row in bodies.itertuples():
        label = f"{row.body} · {row.scheme} · {t('role', lang)}: {row.role}" + (f" · {row.since}" if row.since else "")
        st.page_link(BODY_PAGE, label=label, query_params={**state.with_(body=row.body_id).to_params()}, help=f"{row.evidence} — {row.source}")

    st.markdown(f"**{t('partners', lang)}**")
    partners = c["partners"]
    if partners.empty:
        st.caption("—")
    else:
        st.dataframe(c["partners_table"], hide_index=True, width="stretch")
    st.caption(BOUNDARY_CREDIT)


def _content(data, muni: str, lang: str) -> dict:
    """What the panel shows for a municipality, computed once per store and language: the
    chart as a Vega-Lite spec written directly (altair's schema validation took 100 ms)."""
    series = panels.population_series(data, muni)
    long = series.reset_index().melt(id_vars="year", var_name="series", value_name="population").dropna()
    chart = {
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": t("year", lang)},
            "y": {"field": "population", "type": "quantitative", "title": t("population", lang)},
            "color": {"field": "series", "type": "nominal", "title": "", "legend": {"orient": "bottom", "direction": "vertical"}},
            "tooltip": [{"field": "year", "type": "quantitative"}, {"field": "series", "type": "nominal"},
                        {"field": "population", "type": "quantitative", "format": ",.0f"}],
        },
    }
    partners = panels.partners(data, muni)
    # Arrow tables made once: Streamlit converts a DataFrame on every run (most of a click's time).
    return {"info": panels.municipality(data, muni), "chart": chart, "notes": panels.projection_notes(data, muni),
            "chart_data": pa.Table.from_pandas(long.astype({"year": int, "population": float}), preserve_index=False),
            "bodies": panels.memberships(data, muni), "partners": partners,
            "partners_table": pa.Table.from_pandas(partners.drop(columns="code"), preserve_index=False)}
