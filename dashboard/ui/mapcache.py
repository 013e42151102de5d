"""The rendered map, reused: a view already drawn in this process is not drawn again.

Drawing a map is the costly part of a view (folium builds and renders ~100 elements, pandas
turns the per-view properties into JSON, streamlit-folium rewrites the script): 0.2–0.4 CPU
seconds, for a result that is the same for every session looking at the same view.  This
module keeps the finished component arguments per process in a bounded LRU and hands them
straight to streamlit-folium's component.  A view asked for by many sessions at once is drawn
once: the others wait for it (single flight) instead of all drawing it together.

The map is sent in two parts (see :mod:`dashboard.views.map.layers`): the *frame* (Leaflet, the
background, shared JS: one per language, tiles and height) and the view's *layers* (feature
groups and their layer control, keyed on the store's build id and the view state).  The
component's key is the frame's, so the browser keeps one Leaflet map for the page and a new
view only swaps its layers (streamlit-folium's ``feature_group``): no reload, no refetch of
geometry, the extent kept.

The key is a function of the whole :class:`ViewState` (new fields such as an as-of day take
part automatically); only fields the map does not draw (``NOT_DRAWN`` in views/map/layers.py) are left out, so a
click that only selects a municipality reuses the map.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable

import folium
import streamlit as st

from dashboard.views.map.geoassets import build_id
from dashboard.views.map.layers import view_key

from . import vendor

MAX_BYTES = int(float(os.environ.get("ATLAS_MAP_CACHE_MB", "96")) * 1e6)
MAX_ENTRIES = 256


def cache_key(data, state, **extra) -> tuple:
    """Cache key: the built store, the view's :func:`view_key` (what the map draws), extras."""
    return (build_id(data.meta), view_key(state), tuple(sorted(extra.items())))


class PayloadCache:
    """A bounded LRU (entries and bytes) with single-flight computation per key."""

    def __init__(self, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES):
        self.max_bytes, self.max_entries = max_bytes, max_entries
        self._items: OrderedDict[tuple, tuple[dict, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._pending: dict[tuple, threading.Event] = {}
        self.hits = self.misses = 0

    def get(self, key: tuple, make: Callable[[], dict]) -> dict:
        while True:
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                    self.hits += 1
                    return self._items[key][0]
                event = self._pending.get(key)
                if event is None:
                    event = self._pending[key] = threading.Event()
                    self.misses += 1
                    break
            event.wait(60)  # another session is drawing this view; then read it from the cache
        try:
            value = make()
            size = sum(len(v) if isinstance(v, str) else 10_000 for v in value.values())
            with self._lock:
                self._items[key] = (value, size)
                self._bytes += size
                while self._items and (self._bytes > self.max_bytes or len(self._items) > self.max_entries):
                    _, (_, dropped) = self._items.popitem(last=False)
                    self._bytes -= dropped
            return value
        finally:
            with self._lock:
                self._pending.pop(key, None)
            event.set()

    def stats(self) -> dict:
        with self._lock:
            return {"entries": len(self._items), "bytes": self._bytes, "hits": self.hits, "misses": self.misses}

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


CACHE = PayloadCache()


def render_payload(m: folium.Map) -> dict:
    """What st_folium sends for a map, computed once (the same steps as ``st_folium``)."""
    m.get_root().render()
    m.render()
    html, header, script = vendor.map_parts(m)
    try:
        bounds = m.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    css, js = vendor.asset_links(m)
    return {"script": script, "header": header, "html": html, "id": vendor.full_id(m), "bounds": bounds,
            "zoom": m.options.get("zoom") if hasattr(m, "options") else {},
            "css_links": css, "js_links": js, "hash": vendor.script_hash(script)}


def render_layers(groups: list[folium.FeatureGroup], bounds, scratch: folium.Map) -> dict:
    """What st_folium sends for ``feature_group_to_add`` and ``layer_control`` (the same steps),
    rendered against a scratch frame (its name becomes ``map_div``, the component's map)."""
    render_payload(scratch)  # as st_folium does to its map first: the frame's ids (its tiles: div_0) as in the browser
    strings = vendor.feature_groups_script(groups, scratch)  # first: the control lists the groups added
    control = vendor.layer_control_script(folium.LayerControl(collapsed=True, position="topleft"), scratch)
    return {"feature_group": strings, "layer_control": control, "bounds": bounds}


def cached_frame(state, make_frame: Callable[[], folium.Map], *, height: int) -> dict:
    """The frame of a view: the same for every view with one tiles choice and height.

    Not per language: the frame holds no text (the layers, their control and the legend do), and
    one frame for both languages keeps the map where the reader put it across 日本語 ⇄ English."""
    return CACHE.get(("frame", bool(state.tiles), height), lambda: render_payload(make_frame()))


def cached_layers(data, state, make: Callable[[], dict], **extra) -> dict:
    """The layers of a view (``make`` renders them), per store build and view state."""
    return CACHE.get(cache_key(data, state, **extra), make)


def component(frame: dict, layers: dict | None = None, *, key: str, height: int, returned_objects: list[str]):
    """streamlit-folium's component with prepared payloads (no folium work on this run).

    Keyed on the frame: a new view with the same frame swaps its layers in the map already
    drawn in the browser."""
    payload = {**frame, **({"bounds": layers["bounds"]} if layers else {})}
    sw, ne = payload["bounds"]
    defaults = {"last_active_drawing": None, "bounds": {"_southWest": {"lat": sw[0], "lng": sw[1]},
                                                        "_northEast": {"lat": ne[0], "lng": ne[1]}},
                "zoom": payload["zoom"]}
    hash_key = f"{payload['hash']}-{key}"

    def on_change():
        st.session_state[key] = st.session_state.get(hash_key, {})

    return vendor.component(
        script=payload["script"], header=payload["header"], html=payload["html"], id=payload["id"], key=hash_key,
        height=height, width=None, returned_objects=returned_objects,
        default={k: v for k, v in defaults.items() if k in returned_objects}, zoom=None, center=None,
        feature_group=layers["feature_group"] if layers else None, return_on_hover=False,
        layer_control=layers["layer_control"] if layers else None, pixelated=False,
        css_links=payload["css_links"], js_links=payload["js_links"], on_change=on_change, wrap_longitude=False)
