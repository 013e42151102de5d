"""連携アトラス (Renkei Atlas): the Streamlit frame.  Layout only; logic lives in dashboard/."""

import streamlit as st

from dashboard.errors import AtlasError
from dashboard.ui import data as ui_data
from dashboard.ui import layout, sidebar
from dashboard.ui import state as ui_state
from dashboard.views.labels import t

st.set_page_config(page_title="連携アトラス Renkei Atlas", layout="wide")  # no icons: Streamlit fetches Material/emoji favicons from the internet

try:
    atlas = ui_data.atlas()
except AtlasError as exc:
    st.error(str(exc))
    st.stop()

state = sidebar.filters(atlas, ui_state.current(atlas))
ui_state.update(state)
layout.widget_texts(state.lang)

pages = [
    st.Page("pages/map_view.py", title=t("page_map", state.lang), url_path="map", default=True),
    st.Page("pages/body_detail.py", title=t("page_body", state.lang), url_path="body"),
    st.Page("pages/analysis_view.py", title=t("page_analysis", state.lang), url_path="analysis"),
    st.Page("pages/data_sources.py", title=t("page_sources", state.lang), url_path="sources"),
]
st.navigation(pages).run()
