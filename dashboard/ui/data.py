"""Cached loading: the store is read once per server process, not per rerun."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ..store import Store
from ..views.geoassets import write_assets
from ..views.labels import t
from ..views.atlas import AtlasData
from ..views.offline import ensure_static_assets

APP_DIR = Path(__file__).resolve().parents[2]  # where app.py and static/ live


@st.cache_resource(show_spinner=f"{t('loading', 'ja')} / {t('loading', 'en')}")
def atlas() -> AtlasData:
    """All store tables, static Leaflet and geometry files in place, slow imports warmed."""
    data = AtlasData.from_store(Store())
    ensure_static_assets(APP_DIR)
    write_assets(data, APP_DIR / "static")
    import mapclassify  # noqa: F401  (first import takes ~2 s; pay it at start, not on a click)

    return data


def view(state) -> AtlasData:
    """The store as of the view's day (today unless the URL or the sidebar says otherwise)."""
    return atlas().as_of(state.as_of)
