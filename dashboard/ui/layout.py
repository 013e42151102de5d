"""Page furniture: the map-first layout (slim header, the map filling the viewport, a
selection panel over the map's right side, or its lower half on a phone)."""

from __future__ import annotations

import streamlit as st

HEADER_PX = 64  # the slim header row above the map (title + search)

_CSS = f"""
<style>
[data-testid="stMainBlockContainer"], .block-container {{ padding-top: 0.5rem !important; padding-bottom: 0.5rem !important;
  padding-left: 1rem !important; padding-right: 1rem !important; max-width: 100% !important; }}
[data-testid="stHeader"] {{ background: transparent; height: 0; }}
[data-testid="stToolbar"] {{ top: 4px; }}
.st-key-atlas_header {{ gap: 0.25rem; }}
.st-key-atlas_header h1 {{ font-size: 1.25rem !important; padding: 0.2rem 0 0 0 !important; margin: 0 !important; line-height: 1.2; }}
.st-key-atlas_header [data-testid="stCaptionContainer"] {{ margin-top: -4px; }}
.st-key-atlas_map_box iframe {{ height: calc(100vh - {HEADER_PX + 24}px) !important; min-height: 420px; }}
.st-key-atlas_panel {{ position: fixed; top: {HEADER_PX + 22}px; right: 22px; width: 390px; max-height: calc(100vh - {HEADER_PX + 44}px);
  overflow-y: auto; z-index: 1000; background: #ffffff; border: 1px solid #ccc; border-radius: 8px;
  box-shadow: 0 2px 10px rgba(0,0,0,.18); padding: 0.6rem 0.8rem; }}
/* the panel's body links wrap instead of being cut ("役割: 構成団", issue #22) */
.st-key-atlas_panel [data-testid="stPageLink"] a, .st-key-atlas_panel [data-testid="stPageLink"] a * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto !important; }}
@media (max-width: 640px) {{
  .st-key-atlas_header {{ padding-left: 2.4rem; }}  /* clear of the sidebar's open button */
  .st-key-atlas_header h1 {{ font-size: 1.05rem !important; }}
  .st-key-atlas_map_box iframe {{ height: calc(100vh - 150px) !important; }}
  .st-key-atlas_panel {{ top: auto; bottom: 8px; left: 8px; right: 8px; width: auto; max-height: 55vh; }}
}}
</style>
"""


def map_first() -> None:
    """The CSS of the map page (injected once per run; costs nothing visible)."""
    st.html(_CSS)
