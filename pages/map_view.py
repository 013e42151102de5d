"""Map page: the atlas map filling the window, a slim header with search, a selection panel."""

import streamlit as st

from dashboard.ui import data as ui_data
from dashboard.ui import downloads, layout, mapview, panel, search
from dashboard.ui import state as ui_state
from dashboard.views.labels import t

state = ui_state.current(ui_data.atlas())
atlas = ui_data.view(state)  # the registry as of the view's day
lang = state.lang
layout.map_first()

with st.container(key="atlas_header"):
    title, find, pick = st.columns([1.1, 1.6, 1.6], vertical_alignment="bottom")
    title.title(t("app_title", lang), anchor=False)
    title.caption(t("app_subtitle", lang))
    with find:
        state, focus, focus_body = search.box(atlas, state, pick)
for notice in ui_state.notices():
    st.warning(f"{t('notice_dropped', lang)}: {notice}")

with st.container(key="atlas_map_box"):
    track = bool(st.session_state.get("w_extent_screen"))
    state = mapview.show(atlas, state, focus=focus, focus_body=focus_body, track_extent=track)

if state.muni or (state.body and state.body in set(atlas.bodies["body_id"])):
    with st.container(key="atlas_panel"):
        st.button(t("close", lang), key="w_panel_close", type="tertiary", on_click=search.close_selection)
        if state.muni:
            panel.municipality(atlas, state)
        else:
            panel.body(atlas, state)

with st.sidebar.expander(t("export", lang), expanded=track):
    st.caption(t("export_hint", lang))
    st.toggle(t("extent_screen", lang), key="w_extent_screen", help=t("extent_screen_help", lang))
    downloads.map_exports(atlas, state)
ui_state.update(state)
