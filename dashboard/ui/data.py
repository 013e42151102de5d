"""Cached loading: the store is read once per server process and store file, not per rerun.

Keyed on the store file's identity (:mod:`.storefile`): a store rebuilt while the server runs
is picked up by new sessions; open sessions keep the one they started with.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.views.atlas import AtlasData
from dashboard.views.labels import t
from dashboard.views.uploads import with_uploads

from ..store import Store
from . import session_upload, storefile
from .static_files import ensure_static_assets, write_assets

APP_DIR = Path(__file__).resolve().parents[2]  # where app.py and static/ live


def atlas() -> AtlasData:
    """The store this session started with (the one on disk at its first run)."""
    return storefile.pinned(lambda: storefile.load_stable(_atlas))


@st.cache_resource(show_spinner=f"{t('loading', 'ja')} / {t('loading', 'en')}", max_entries=2)
def _atlas(identity: tuple) -> AtlasData:
    """All store tables, static Leaflet and geometry files in place."""
    data = AtlasData.from_store(Store(identity[0]))
    ensure_static_assets(APP_DIR)
    write_assets(data, APP_DIR / "static")
    return data


def view(state) -> AtlasData:
    """The store as of the view's day (today unless the URL or the sidebar says otherwise)."""
    return atlas().as_of(state.as_of)


def session_whole() -> AtlasData:
    """The whole store with this session's uploaded bodies in it (the store itself if none)."""
    held = session_upload.held()
    base = atlas()
    if held.get("overlay") is None:
        return base
    key = (id(base), held.get("signature"))
    cached = held.get("merged")
    if cached is None or cached[0] != key:
        cached = (key, with_uploads(base, held["overlay"], held["result"].tables))
        cached[1].__dict__["_upload_sig"] = repr(held.get("signature"))  # for caches shared between sessions
        held["merged"] = cached
    return cached[1]


def session_view(state) -> AtlasData:
    """What the panel, the search and the body page read: the registry as of the view's day,
    with this session's uploaded bodies as ordinary bodies.  The map draws from :func:`view`
    (shared caches) and shows the uploads as its overlay."""
    whole = session_whole()
    dated = whole.as_of(state.as_of)
    for key in ("_upload_ids", "_upload_sig"):  # a dated copy of this session's store is this session's too
        if key in whole.__dict__:
            dated.__dict__[key] = whole.__dict__[key]
    return dated
