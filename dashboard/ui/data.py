"""Cached loading: the store is read once per server process, not per rerun."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from .. import preload
from ..views.labels import t
from ..views.atlas import AtlasData

APP_DIR = Path(__file__).resolve().parents[2]  # where app.py and static/ live


@st.cache_resource(show_spinner=f"{t('loading', 'ja')} / {t('loading', 'en')}")
def atlas() -> AtlasData:
    """All store tables, static Leaflet and geometry files in place, slow imports warmed."""
    return preload.atlas(APP_DIR)


def view(state) -> AtlasData:
    """The store as of the view's day (today unless the URL or the sidebar says otherwise)."""
    return atlas().as_of(state.as_of)
