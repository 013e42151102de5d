"""Warm the server before the first visitor: load the store, write the static geometry and
draw the national view once, in a background thread started with the server.

The first visit after a start then finds the data in memory (the UI's cached loader asks
:func:`atlas`, which waits for a load in progress rather than starting a second one) and the
map's caches (geometry text, tooltip text, compiled templates) filled.
"""

from __future__ import annotations

import threading
from pathlib import Path

_lock = threading.Lock()
_data: dict[str, object] = {}  # per store path (tests point ATLAS_STORE elsewhere)


def atlas(app_dir: Path):
    """The store's tables, loaded once per process; static assets written beside app.py."""
    import os

    key = os.environ.get("ATLAS_STORE", "")
    with _lock:
        if key not in _data:
            from .store import Store
            from .views.atlas import AtlasData
            from .views.geoassets import write_assets
            from .views.offline import ensure_static_assets

            data = AtlasData.from_store(Store())
            ensure_static_assets(app_dir)
            write_assets(data, app_dir / "static")

            _data[key] = data
        return _data[key]


def warm(app_dir: Path) -> None:
    """Load, then draw the default national view once (fills the per-view caches)."""
    try:
        data = atlas(app_dir)
        from .views.layers import base_map, view_layers
        from .views.state import ViewState

        state = ViewState()
        m = base_map(state)
        for g in view_layers(data.as_of(state.as_of), state).groups:
            g.add_to(m)
        m.get_root().render()
    except Exception:  # a broken store is reported by the app itself, with its message
        pass


def start(app_dir: Path) -> threading.Thread:
    thread = threading.Thread(target=warm, args=(app_dir,), name="atlas-preload", daemon=True)
    thread.start()
    return thread
