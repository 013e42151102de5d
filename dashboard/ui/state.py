"""The view lives in the URL: read it when the URL changes, write it back after every change.

The URL is the one truth about the view.  A session reads it on its first run and again
whenever it differs from what the session itself last wrote there: that is a link inside the
app (``st.page_link`` with query parameters, e.g. a body under a municipality's panel), a
``switch_page`` or the browser's back button.  Reading it only once per session made every
body link of a municipality's panel open the body the session already had (issue #22).
Navigation without parameters (the sidebar's page list) keeps the session's view.
"""

from __future__ import annotations

import streamlit as st

from dashboard.views.state import ViewState, from_params

from . import session_upload

KEY = "atlas_state"
WRITTEN = "atlas_url_written"  # the parameters this session last put in the URL
EXTERNAL = "atlas_state_external"  # set when the URL replaced the view: the sidebar re-seeds its widgets


def _params() -> dict[str, str]:
    return {k: st.query_params[k] for k in st.query_params.keys()}


def _known(data) -> dict[str, set[str]]:
    known = data.__dict__.setdefault("_known_ids", {})  # once per loaded store, not per session
    if not known:
        known.update(schemes=set(data.schemes["scheme_id"]), bodies=set(data.bodies["body_id"]),
                     municipalities=set(data.municipalities["code"]) | set(data.wards["code"]))
    over = session_upload.overlay()  # this session's uploaded bodies are bodies for it (links, the URL)
    return {**known, "bodies": known["bodies"] | set(over.bodies["body_id"])} if over is not None else known


def current(data) -> ViewState:
    """The session's view; read from the URL on the first run and whenever the URL changed
    under the session (a link, a page switch with parameters, back/forward)."""
    params = _params()
    first = KEY not in st.session_state
    if first or (params and params != st.session_state.get(WRITTEN)):
        state, notices = from_params(params, **_known(data))
        if not first and state != st.session_state[KEY]:
            st.session_state[EXTERNAL] = True
        st.session_state[KEY] = state
        st.session_state[WRITTEN] = state.to_params()
        st.session_state["atlas_notices"] = notices
    return st.session_state[KEY]


def update(state: ViewState) -> None:
    """Remember the view and mirror it in the URL so a link reproduces it."""
    st.session_state[KEY] = state
    params = state.to_params()
    st.session_state[WRITTEN] = params
    if _params() != params:
        st.query_params.from_dict(params)


def notices() -> list[str]:
    return st.session_state.get("atlas_notices", [])
