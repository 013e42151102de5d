"""The view lives in the URL: read it once per session, write it back after every change."""

from __future__ import annotations

import streamlit as st

from dashboard.views.state import ViewState, from_params

KEY = "atlas_state"


def current(data) -> ViewState:
    """The session's view; on a session's first run, read from the URL (bad parts dropped)."""
    if KEY not in st.session_state:
        params = {k: st.query_params[k] for k in st.query_params.keys()}
        known = data.__dict__.setdefault("_known_ids", {})  # once per loaded store, not per session
        if not known:
            known.update(schemes=set(data.schemes["scheme_id"]), bodies=set(data.bodies["body_id"]),
                         municipalities=set(data.municipalities["code"]) | set(data.wards["code"]))
        state, notices = from_params(params, **known)
        st.session_state[KEY] = state
        st.session_state["atlas_notices"] = notices
    return st.session_state[KEY]


def update(state: ViewState) -> None:
    """Remember the view and mirror it in the URL so a link reproduces it."""
    st.session_state[KEY] = state
    params = state.to_params()
    if {k: st.query_params[k] for k in st.query_params.keys()} != params:
        st.query_params.from_dict(params)


def notices() -> list[str]:
    return st.session_state.get("atlas_notices", [])
