"""Map page: the atlas map with the municipality side panel."""

import streamlit as st

from dashboard.ui import data as ui_data
from dashboard.ui import downloads, mapview, panel, upload
from dashboard.ui import state as ui_state
from dashboard.views.labels import t
from dashboard.views.search import search

state = ui_state.current(ui_data.atlas())
atlas = ui_data.view(state)  # the registry as of the view's day
lang = state.lang

st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))
for notice in ui_state.notices():
    st.warning(f"{t('notice_dropped', lang)}: {notice}")
upload.notice(lang)

query = st.text_input(t("search", lang), key="w_search", placeholder=t("search_placeholder", lang))
focus = st.session_state.get("atlas_focus")
if query:
    hits = search(atlas.municipalities, query)
    if hits.empty:
        st.caption(t("search_none", lang))
    else:
        options = list(hits["code"])
        labels = dict(zip(hits["code"], hits["name"] + "（" + hits["pref_name"] + "）"))
        chosen = st.selectbox(" ", options, format_func=labels.get, key="w_search_hit", label_visibility="collapsed")
        if chosen and chosen != st.session_state.get("atlas_focus"):
            st.session_state["atlas_focus"] = focus = chosen
            state = state.with_(muni=chosen)
elif focus is None and state.muni and "atlas_opened" not in st.session_state:
    st.session_state["atlas_focus"] = focus = state.muni  # a shared link with a selection opens zoomed to it (not later clicks)
st.session_state["atlas_opened"] = True

ui_state.update(state)


@st.fragment
def map_and_panel() -> None:
    """Map and panel: a click on the map reruns only this part (not the sidebar, not the exports)."""
    state = ui_state.current(atlas)
    left, right = st.columns([3.2, 1.2])
    with left:
        track = bool(st.session_state.get("w_extent_screen"))
        state = mapview.show(atlas, state, focus=st.session_state.get("atlas_focus"), track_extent=track, overlay=upload.overlay())
    with right:
        st.markdown(f"### {t('panel_title', lang)}")
        panel.municipality(atlas, state)
    ui_state.update(state)


map_and_panel()
# Exports depend on the view, not on the selection: outside the fragment, a click does not redraw them.
track = bool(st.session_state.get("w_extent_screen"))
with st.expander(t("export", lang), expanded=track):
    st.caption(t("export_hint", lang))
    st.toggle(t("extent_screen", lang), key="w_extent_screen", help=t("extent_screen_help", lang))
    downloads.map_exports(atlas, ui_state.current(atlas))
