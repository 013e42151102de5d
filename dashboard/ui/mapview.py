"""The map component: draw the view, turn clicks into a selection or a body page."""

from __future__ import annotations

import json

import streamlit as st

from ..views.layers import build_map
from ..views.state import ViewState
from . import mapcache

BODY_PAGE = "pages/body_detail.py"


def show(data, state: ViewState, focus: str | None = None, height: int = 680, track_extent: bool = False,
         overlay=None, key: str = "atlas_map") -> ViewState:
    """Draw the map; a click on a municipality selects it, a click on a body outline opens it.

    Only the clicked feature comes back (returned_objects), so panning and zooming do not
    rerun the script — unless ``track_extent`` (the user exports the extent as on screen):
    then the bounds come back too and are kept in the session for the exports.  A view
    already drawn in this process is reused (:mod:`.mapcache`).
    """
    make = lambda: build_map(data, state, height=height, focus=focus, overlay=overlay)  # noqa: E731
    # a session's uploaded overlay is its own: never shared through the per-process cache
    payload = mapcache.render_payload(make()) if overlay is not None else mapcache.cached_payload(
        data, state, make, height=height, focus=focus)
    wanted = ["last_active_drawing", "bounds"] if track_extent else ["last_active_drawing"]
    out = mapcache.component(payload, key=key, height=height, returned_objects=wanted)
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
            return state.with_(muni=str(props["code"]))
    return state
