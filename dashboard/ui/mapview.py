"""The map component: draw the view, turn clicks into a selection or a body page."""

from __future__ import annotations

import json

import streamlit as st
from streamlit_folium import st_folium

from ..views.layers import build_map
from ..views.state import ViewState

BODY_PAGE = "pages/body_detail.py"


def show(data, state: ViewState, focus: str | None = None, height: int = 680) -> ViewState:
    """Draw the map; a click on a municipality selects it, a click on a body outline opens it.

    Only the clicked feature comes back (returned_objects), so panning and zooming do not
    rerun the script.
    """
    m = build_map(data, state, height=height, focus=focus)
    out = st_folium(m, key="atlas_map", height=height, use_container_width=True, returned_objects=["last_active_drawing"])
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
