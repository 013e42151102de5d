"""Data & sources page: where every figure comes from, the registry, and a published list uploaded for this session."""

import streamlit as st

from dashboard.registry.audit import read_audits
from dashboard.registry.provenance import kind_share_table
from dashboard.ui import data as ui_data
from dashboard.ui import state as ui_state
from dashboard.ui import tables, upload, upload_money
from dashboard.views import affairs
from dashboard.views.analysis.policy import facts_coverage
from dashboard.views.exports.csvsafe import csv_bytes
from dashboard.views.labels import t
from dashboard.views.sources import coverage_view, credits_table, differences_view, registry_tables, renkei_reconciliation

state = ui_state.current(ui_data.atlas())
atlas = ui_data.view(state)  # the registry as of the view's day
lang = state.lang

st.title(t("page_sources", lang))
st.markdown("#### " + t("source", lang))
tables.show(credits_table(atlas), lang)
meta = atlas.meta
st.caption(t("store_built", lang).format(at=meta.get("built_at"), sources=meta.get("sources"), registries=", ".join(meta.get("registries", []))))
for note in meta.get("notes", []):
    st.caption(note)

st.markdown("#### " + t("registry_coverage_title", lang))
st.caption(t("coverage_caption", lang))
tables.show(coverage_view(atlas, lang), lang)
gaps = differences_view(atlas)  # #19: each difference with an official count, and why
st.markdown("##### " + t("differences_title", lang).format(
    n=len(gaps), unexplained=int((gaps["state"] != "explained").sum())))
st.caption(t("differences_caption", lang))
tables.show(gaps, lang)
figures, per_sphere = renkei_reconciliation(atlas)
if figures:
    st.markdown(t("renkei_check", lang).format(**figures))
    with st.expander(t("renkei_check_table", lang)):
        tables.show(per_sphere, lang)

st.markdown("#### " + t("affair_coverage_title", lang))  # #20: 一部事務組合 per prefecture × affair
st.caption(t("affair_coverage_caption", lang))
tables.show(affairs.coverage_wide(atlas), lang)

st.markdown("#### " + t("facts_coverage_title", lang))  # #18: visions, policy areas, amounts per scheme
tables.show(facts_coverage(atlas, "scheme"), lang)
with st.expander(t("facts_coverage_by_pref", lang)):
    tables.show(facts_coverage(atlas, "prefecture"), lang)

st.markdown("#### " + t("source_kinds_title", lang))  # #19: official / press / reference / secondary shares
st.caption(t("source_kinds_caption", lang))
bodies_frame = atlas.bodies.drop(columns="geometry")
tables.show(kind_share_table(atlas.membership_sources, bodies_frame, "scheme_id"), lang)
with st.expander(t("facts_coverage_by_pref", lang)):
    tables.show(kind_share_table(atlas.membership_sources, bodies_frame, "pref_code"), lang)
audits = read_audits()
st.markdown("#### " + t("audits_title", lang))
if not audits:
    st.info(t("audits_none", lang))
for audit in audits:
    with st.expander(t("audit_line", lang).format(**audit), expanded=False):  # the record is registry text, as written
        st.markdown(audit["text"])

st.markdown("#### " + t("registry_title", lang))
for name, table in registry_tables(atlas).items():
    with st.expander(f"{name} ({len(table)})"):
        st.dataframe(table, hide_index=True, width="stretch")
        st.download_button(t("download_csv", lang), csv_bytes(table), f"{name}.csv", "text/csv", key=f"dl_{name}")

upload.section(atlas, lang)
upload_money.section(atlas, lang)  # #18: 事業費一覧表 / budget tables, for this session
