"""The map component: draw the view, turn clicks into a selection or a body page.

The map is drawn in two parts (see views/map/layers.py): a frame that is the same for every view
(so the component, its Leaflet and its cached geometry stay in the browser) and the view's
layers, swapped in place (streamlit-folium's ``feature_group``).  A filter, a measure or a
tab therefore repaints the layers without moving the map; the map is refitted only when the
selection (area, searched municipality or body) changes.  Both parts are rendered once per
process and view (:mod:`.mapcache`); a session's uploaded overlay is its own and never goes
through that shared cache.
"""

from __future__ import annotations

import json

import streamlit as st

from dashboard.views.map.geoassets import build_id
from dashboard.views.map.layers import base_map, view_layers
from dashboard.views.state import ViewState

from . import mapcache

BODY_PAGE = "pages/body_detail.py"
MAP_HEIGHT = 720  # the iframe is stretched to the viewport by layout.py's CSS; this is the fallback


def show(data, state: ViewState, focus: str | None = None, focus_body: str | None = None, height: int = MAP_HEIGHT,
         track_extent: bool = False, overlay=None, key: str = "atlas_map") -> ViewState:
    """Draw the map; a click on a municipality selects it, a click on a body outline opens it.

    Only the clicked feature comes back (returned_objects), so panning and zooming do not
    rerun the script — unless ``track_extent`` (the user exports the extent as on screen):
    then the bounds come back too and are kept in the session for the exports.
    """
    frame = mapcache.cached_frame(state, lambda: base_map(state, height=height), height=height)

    def make() -> dict:
        layers = view_layers(data, state, focus=focus, focus_body=focus_body, overlay=overlay)
        return mapcache.render_layers(layers.groups, layers.bounds, base_map(state, height=height))

    layers = make() if overlay is not None else mapcache.cached_layers(data, state, make, focus=focus, focus_body=focus_body)
    wanted = ["last_active_drawing", "bounds"] if track_extent else ["last_active_drawing"]
    out = mapcache.component(frame, layers, key=key, height=height, returned_objects=wanted)
    bounds = (out or {}).get("bounds") if track_extent else None
    if bounds and bounds.get("_southWest") and bounds["_southWest"].get("lat") is not None:
        sw, ne = bounds["_southWest"], bounds["_northEast"]
        st.session_state["atlas_extent"] = (sw["lng"], sw["lat"], ne["lng"], ne["lat"])
    elif not track_extent:
        st.session_state.pop("atlas_extent", None)
    drawing = (out or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") or {}
    signature = json.dumps(props, sort_keys=True, ensure_ascii=False)
    if props and st.session_state.get("atlas_last_click") != signature:
        st.session_state["atlas_last_click"] = signature
        if props.get("body_id"):
            st.switch_page(BODY_PAGE, query_params={**state.with_(body=props["body_id"]).to_params()})
        if props.get("code"):
            return state.with_(muni=str(props["code"]), body=None)
    return state



def small(data, what: tuple, make, *, key: str, height: int) -> None:
    """A small map that returns nothing (a body's members, an analysis map), drawn once per
    process, store build and ``what`` (everything it depends on), then reused by every session."""
    payload = mapcache.CACHE.get(("small", build_id(data.meta), what, height), lambda: mapcache.render_payload(make()))
    mapcache.component(payload, key=key, height=height, returned_objects=[])
