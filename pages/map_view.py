"""Map page: the atlas map filling the window, a slim header with search, a selection panel
over the map while something is selected, exports in the sidebar."""

import streamlit as st

from dashboard.ui import data as ui_data
from dashboard.ui import downloads, layout, mapview, panel, search, session_upload, upload
from dashboard.ui import state as ui_state
from dashboard.views.labels import t

state = ui_state.current(ui_data.atlas())
atlas = ui_data.view(state)  # the registry as of the view's day (the map's: shared caches)
mine = ui_data.session_view(state)  # the same day with this session's uploaded bodies (search, panel)
lang = state.lang
layout.map_first()

with st.container(key="atlas_header"):
    title, find, pick = st.columns([1.1, 1.6, 1.6], vertical_alignment="bottom")
    title.title(t("app_title", lang), anchor=False)
    title.caption(t("app_subtitle", lang))
    with find:
        state, focus, focus_body = search.box(mine, state, pick)
for notice in ui_state.notices():
    st.warning(f"{t('notice_dropped', lang)}: {notice}")
upload.notice(lang)
ui_state.update(state)


@st.fragment
def map_and_panel(focus: str | None, focus_body: str | None) -> None:
    """Map and panel: a click on the map reruns only this part (not the header, the sidebar or
    the exports)."""
    state = ui_state.current(atlas)
    with st.container(key="atlas_map_box"):
        track = bool(st.session_state.get("w_extent_screen"))
        state = mapview.show(atlas, state, focus=focus, focus_body=focus_body, track_extent=track, overlay=session_upload.overlay())
    ui_state.update(state)
    if state.muni or (state.body and state.body in set(mine.bodies["body_id"])):
        with st.container(key="atlas_panel"):
            if st.button(t("close", lang), key="w_panel_close", type="tertiary", on_click=search.close_selection):
                st.rerun()  # the whole page: the search box above is emptied too
            if state.muni:
                panel.municipality(mine, state)
            else:
                panel.body(mine, state)


map_and_panel(focus, focus_body)
# Exports depend on the view, not on the selection: outside the fragment, a click does not redraw them.
track = bool(st.session_state.get("w_extent_screen"))
with st.sidebar.expander(t("export", lang), expanded=track):
    st.caption(t("export_hint", lang))
    st.toggle(t("extent_screen", lang), key="w_extent_screen", help=t("extent_screen_help", lang))
    downloads.map_exports(atlas, ui_state.current(atlas))
