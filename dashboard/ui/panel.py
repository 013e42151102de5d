"""The selection panel: a municipality (population series, bodies with roles, partners) or a
body found by search (what it is, its members, a link to its page), in the chosen language."""

from __future__ import annotations

import pyarrow as pa
import streamlit as st

from dashboard.views import affairs, panels
from dashboard.views.body import page as B
from dashboard.views.kinds import kind_label, with_kinds
from dashboard.views.labels import credit_line, evidence_label, t, value_label
from dashboard.views.map.geoassets import build_id
from dashboard.views.map.symbols import BOUNDARY_CREDIT, MEASURE_CREDIT, SERIES_COLORS
from dashboard.views.state import ViewState

from . import tables
from .mapcache import PayloadCache

_CONTENT = PayloadCache(max_bytes=32_000_000, max_entries=512)

BODY_PAGE = "pages/body_detail.py"


def municipality(data, state: ViewState) -> None:
    lang = state.lang
    if not state.muni:
        st.info(t("panel_hint", lang))
        return
    c = _CONTENT.get((build_id(data.meta), data.day, data.__dict__.get("_upload_ids"), state.muni, lang), lambda: _content(data, state.muni, lang))  # per day: the bodies are the day's
    info = c["info"]
    st.subheader(f"{info['name']}（{info['pref_name']}）")
    st.caption(f"{info['kana']} · {info['type']} · {t('code', lang)} {info['code']}")
    if info["pop2020"] == info["pop2020"]:
        st.metric(t("tip_pop", lang), t("persons", lang).format(n=f"{info['pop2020']:,.0f}"))

    st.markdown(f"**{t('population_series', lang)}**")
    st.vega_lite_chart(c["chart_data"], spec=c["chart"], height=260, width="stretch")
    for note in c["notes"]:
        st.caption(note)
    st.caption(credit_line(f"{MEASURE_CREDIT['census']}; {MEASURE_CREDIT['ipss']}", lang))

    st.markdown(f"**{t('bodies_of', lang)}**")
    bodies = c["bodies"]
    if bodies.empty:
        st.caption("—")
    scheme_names = data.schemes.set_index("scheme_id")["name_en" if lang == "en" else "name_ja"]
    for row in bodies.itertuples():
        kind = kind_label(row.source, lang)  # #19: the source's kind beside each fact
        label = (f"{row.body}{f' [{kind}]' if kind else ''} · {scheme_names.get(row.scheme, row.scheme)} · {t('role', lang)}: "
                 f"{value_label('role', row.role, lang)}" + (f" · {row.since}" if row.since else ""))
        st.page_link(BODY_PAGE, label=label, query_params={**state.with_(body=row.body_id).to_params()}, help=f"{evidence_label(row.evidence, lang)} — {row.source}")

    st.markdown(f"**{t('affair_services', lang)}**")  # #20: per affair, never silent (未収録)
    tables.show(with_kinds(affairs.services(data, state.muni, lang).drop(columns=["status", "body_id"]), lang), lang)

    st.markdown(f"**{t('partners', lang)}**")
    partners = c["partners"]
    if partners.empty:
        st.caption("—")
    else:
        st.dataframe(c["partners_table"], hide_index=True, width="stretch", column_config=c["partners_columns"])
    st.caption(credit_line(BOUNDARY_CREDIT, lang))


def body(data, state: ViewState) -> None:
    """The panel of a body chosen by search: what it is, its members, a link to its page."""
    lang = state.lang
    h = B.header(data, state.body, lang)
    st.subheader(h["name"])
    st.caption(f"{h['scheme_name']} · {'、'.join(h['prefectures'])} · {t('in_force', lang)}: {B.lifespan(data, state.body)}")
    if h["completeness"]:
        st.warning(h["completeness"])
    st.page_link(BODY_PAGE, label=t("open_body_page", lang), query_params={**state.to_params()})
    members = B.members(data, state.body)
    if len(members):
        st.markdown(f"**{t('n_members', lang).format(n=len(members))}**")
        tables.show(members[["member", "role", "pop2020"]], lang)
    st.caption(credit_line(BOUNDARY_CREDIT, lang))


def _content(data, muni: str, lang: str) -> dict:
    """What the panel shows for a municipality, computed once per store and language: the
    chart as a Vega-Lite spec written directly (altair's schema validation took 100 ms)."""
    series = panels.population_series(data, muni, lang)
    labels = panels.series_labels(lang)
    long = series.reset_index().melt(id_vars="year", var_name="series", value_name="population").dropna()
    chart = {
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "ordinal", "title": t("year", lang)},
            "y": {"field": "population", "type": "quantitative", "title": t("population", lang), "axis": {"format": ",.0f"}},
            "color": {"field": "series", "type": "nominal", "title": "", "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 0},
                      "scale": {"domain": [labels[k] for k in SERIES_COLORS], "range": list(SERIES_COLORS.values())}},
            "tooltip": [{"field": "year", "type": "ordinal", "title": t("year", lang)},
                        {"field": "series", "type": "nominal", "title": t("series", lang)},
                        {"field": "population", "type": "quantitative", "format": ",.0f", "title": t("population", lang)}],
        },
    }
    partners = panels.partners(data, muni, lang)
    shown = partners.drop(columns="code")
    # Arrow tables made once: Streamlit converts a DataFrame on every run (most of a click's time).
    return {"info": panels.municipality(data, muni), "chart": chart, "notes": panels.projection_notes(data, muni, lang),
            "chart_data": pa.Table.from_pandas(long.astype({"year": int, "population": float}), preserve_index=False),
            "bodies": panels.memberships(data, muni, lang), "partners": partners,
            "partners_table": pa.Table.from_pandas(shown, preserve_index=False), "partners_columns": tables.columns(shown, lang)}
