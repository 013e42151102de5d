"""Data & sources page: where every figure comes from, and the registry's coverage."""

import streamlit as st

from dashboard.ui import data as ui_data
from dashboard.ui import state as ui_state
from dashboard.views.csvsafe import csv_bytes
from dashboard.views.labels import t
from dashboard.views.sources import credits_table, registry_tables

atlas = ui_data.atlas()
state = ui_state.current(atlas)
lang = state.lang

st.title(t("page_sources", lang))
st.markdown("#### " + t("source", lang))
st.dataframe(credits_table(atlas), hide_index=True, width="stretch")
meta = atlas.meta
st.caption(f"store built {meta.get('built_at')} from {meta.get('sources')}; registries: {', '.join(meta.get('registries', []))}")
for note in meta.get("notes", []):
    st.caption(note)

st.markdown("#### " + t("registry_title", lang))
for name, table in registry_tables(atlas).items():
    with st.expander(f"{name} ({len(table)})"):
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(t("download_csv", lang), csv_bytes(table), f"{name}.csv", "text/csv", key=f"dl_{name}")
