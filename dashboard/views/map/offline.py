"""Leaflet without the internet: local files for the app, inlined assets for exported HTML.

Many municipal networks are closed.  folium points at CDNs by default; the atlas points
every map at Leaflet 1.9.3 from the ``xstatic-leaflet`` package instead (the version folium
uses), and draws nothing that needs jQuery, Bootstrap or icon fonts.
"""

from __future__ import annotations

from pathlib import Path

import folium
import xstatic.pkg.leaflet as xleaflet

LEAFLET_DIR = Path(xleaflet.BASE_DIR)
LEAFLET_VERSION = xleaflet.VERSION
STATIC_URL = "/app/static/vendor/leaflet"  # where Streamlit serves <app dir>/static/vendor/leaflet


def use_local_leaflet(m: folium.Map, base_url: str = STATIC_URL) -> folium.Map:
    """Point the map's JS/CSS at local Leaflet; drop jQuery, Bootstrap and icon fonts."""
    m.default_js = [("leaflet", f"{base_url}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{base_url}/leaflet.css")]
    return m


def standalone_html(m: folium.Map) -> str:
    """One self-contained HTML file: Leaflet inlined, no URL to another host in it."""
    m.default_js = []
    m.default_css = []
    js = (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")
    # The file must point nowhere: Leaflet's attribution links to its website and a source comment
    # cites a bug tracker.  Both become plain text; XML namespace identifiers (www.w3.org/2000/svg)
    # are names, not addresses, and stay.
    js = js.replace("https://leafletjs.com", "#leaflet")
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8").replace("https://bugzilla.mozilla.org", "bugzilla")
    # Leaflet's CSS refers to images/…png for default markers and layer icons: inline as data URIs.
    import base64

    for image in (LEAFLET_DIR / "images").glob("*.png"):
        data = base64.b64encode(image.read_bytes()).decode()
        css = css.replace(f"images/{image.name}", f"data:image/png;base64,{data}")
    root = m.get_root()
    root.header.add_child(folium.Element(f"<style>{css}</style>"), name="leaflet_css_inline", index=0)
    root.header.add_child(folium.Element(f"<script>{js}</script>"), name="leaflet_js_inline", index=1)
    html = root.render()
    return html
