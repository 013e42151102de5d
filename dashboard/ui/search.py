"""The search box of the map page: municipalities and bodies, by name, reading, code or scheme.

A result becomes the selection: the map zooms to it and its panel opens."""

from __future__ import annotations

import streamlit as st

from dashboard.views.labels import t
from dashboard.views.search import search_all
from dashboard.views.state import ViewState

from . import state as ui_state

BODY = "body:"


def box(data, state: ViewState, results_slot) -> tuple[ViewState, str | None, str | None]:
    """Draw the box (results in ``results_slot``); return the state, and the municipality or
    body to focus the map on."""
    lang = state.lang
    query = st.text_input(t("search_any", lang), key="w_search", placeholder=t("search_placeholder_any", lang),
                          label_visibility="collapsed")
    focus = st.session_state.get("atlas_focus")
    if query:
        hits = search_all(data, query)
        if hits.empty:
            results_slot.caption(t("search_none", lang))
        else:
            options = [h.id if h.kind == "municipality" else BODY + h.id for h in hits.itertuples()]
            kind = t("hit_body", lang)
            mine = data.__dict__.get("_upload_ids") or frozenset()
            upload = t("layer_upload", lang)
            labels = {o: (h.label if h.kind == "municipality" else f"◇ {h.label} · {kind}" + (f" · {upload}" if h.id in mine else ""))
                      for o, h in zip(options, hits.itertuples())}
            chosen = results_slot.selectbox(" ", options, format_func=labels.get, placeholder=t("choose", lang), key="w_search_hit", label_visibility="collapsed")
            if chosen and chosen != focus:
                st.session_state["atlas_focus"] = focus = chosen
                if chosen.startswith(BODY):
                    state = state.with_(body=chosen[len(BODY):], muni=None)
                else:
                    state = state.with_(muni=chosen, body=None)
    elif focus is None and state.muni and not st.session_state.get("atlas_closed"):
        focus = state.muni  # a shared link with a selection opens zoomed to it
    if focus and focus.startswith(BODY):
        return state, None, focus[len(BODY):]
    if focus and not state.muni and not state.body:
        focus = None  # the panel was closed
    return state, focus, None


def close_selection() -> None:
    """The panel's close button (a callback: runs before the page, so the box can be emptied)."""
    st.session_state.pop("atlas_focus", None)
    st.session_state["atlas_closed"] = True
    st.session_state["w_search"] = ""
    current = st.session_state.get(ui_state.KEY)
    if current is not None:
        st.session_state[ui_state.KEY] = current.with_(muni=None, body=None)
