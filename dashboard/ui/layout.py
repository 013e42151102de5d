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


# Streamlit's own widget texts, which its API does not let an app replace (issue #22): in the
# Japanese interface they are reworded in the page (exact texts only), or hidden where our own
# caption already says it (the uploader's size limit is in upload_hint).
STREAMLIT_TEXTS_JA = {
    "Press Enter to apply": "Enter で確定", "Select all": "すべて選択", "No results": "該当なし",
    "Choose an option": "選択してください", "Upload": "ファイルを選ぶ", "Browse files": "ファイルを選ぶ",
    "Drag and drop file here": "ここにファイルをドロップ", "Clear all": "すべて解除",
}
_HIDE_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] { display: none !important; }
[data-testid="stFileUploaderDropzone"] [data-testid="stIconMaterial"] { display: none !important; }
</style>"""


def widget_texts(lang: str) -> None:
    """Reword Streamlit's built-in English texts in the Japanese interface: an invisible
    component puts a MutationObserver into the page (its own realm, so it outlives the
    component) that replaces exact text nodes and placeholders while the language is Japanese."""
    import json

    import streamlit.components.v1 as components

    if lang == "ja":
        st.html(_HIDE_CSS)
    code = """(function() {
  const doc = document, state = window.__atlasWords || (window.__atlasWords = {});
  state.words = __WORDS__; state.on = __ON__;
  if (state.observer) { if (state.on) { state.fix(doc.body); } return; }
  state.fix = function(root) {
    if (!state.on || !root) { return; }
    const w = state.words, walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = walker.nextNode())) {
      const k = n.nodeValue.trim();
      if (k && Object.prototype.hasOwnProperty.call(w, k)) { n.nodeValue = w[k]; }
    }
    if (root.querySelectorAll) {
      root.querySelectorAll("input[placeholder], textarea[placeholder]").forEach(function(e) {
        const k = e.getAttribute("placeholder");
        if (Object.prototype.hasOwnProperty.call(w, k)) { e.setAttribute("placeholder", w[k]); }
      });
    }
  };
  state.observer = new MutationObserver(function(ms) {
    ms.forEach(function(m) {
      if (m.type === "characterData") { state.fix(m.target.parentNode); }
      m.addedNodes.forEach(function(a) { state.fix(a.nodeType === 3 ? a.parentNode : a); });
    });
  });
  state.observer.observe(doc.body, {subtree: true, childList: true, characterData: true});
  state.fix(doc.body);
})();""".replace("__WORDS__", json.dumps(STREAMLIT_TEXTS_JA, ensure_ascii=False)).replace("__ON__", "true" if lang == "ja" else "false")
    with st.sidebar:  # a zero-height frame; in the sidebar it moves nothing on the map page
        components.html("<script>const s = window.parent.document.createElement('script'); s.textContent = "
                        + json.dumps(code, ensure_ascii=False).replace("</", "<\\/")
                        + "; window.parent.document.head.appendChild(s);</script>", height=0)
