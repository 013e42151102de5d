"""This session's uploaded list, as held in the session: the one key and its reader.

Its own module, below ui/upload.py (which reads and draws uploads) and ui/data.py / ui/state.py
(which merge the uploaded bodies into the session's registry and its links), so that those can
read the session's upload without importing each other.
"""

from __future__ import annotations

import streamlit as st

KEY = "atlas_upload"


def held() -> dict:
    """What the session holds of its upload (empty when nothing was uploaded)."""
    return st.session_state.get(KEY) or {}


def overlay():
    """This session's uploaded bodies (an Overlay), or None."""
    return held().get("overlay")
