"""A session's uploaded list (:class:`.uploads.Overlay`) as a map layer.

Drawn with the same layer element as the store's bodies, its geometry inline (it is in no
store, so no static file holds it), in a colour no scheme uses, with a legend section of its
own.  Its ``body_id`` is in its properties: a click opens the body's page, as for the store's
bodies (the session's pages read the uploads as ordinary bodies: ``uploads.with_uploads``).
"""

from __future__ import annotations

import html

import folium
import pandas as pd

from dashboard.views.labels import t
from dashboard.views.map.elements import AtlasGeoLayer
from dashboard.views.map.geoassets import GeometrySource
from dashboard.views.map.legend import Entry, Section

UPLOAD_COLOR = "#E7298A"
UPLOAD_DASH = "6 4"


def overlay_layer(overlay, lang: str) -> tuple[folium.FeatureGroup, Section]:
    """The uploaded bodies as one switchable group, and the legend section explaining it."""
    b = overlay.bodies
    props = pd.DataFrame({"name": b["name"].map(lambda v: html.escape(str(v))).values,
                          "scheme": b["scheme_id"].map(lambda v: html.escape(str(v))).values,
                          "members": b["n_members"].astype(str).values,
                          "unresolved": [str(n) if n else "" for n in b["n_unresolved"]],
                          "upload": 1, "body_id": b["body_id"].values})
    name = t("layer_upload", lang)
    fg = folium.FeatureGroup(name=name, show=True)
    fg.add_child(AtlasGeoLayer(
        GeometrySource(inline=overlay.geojson()), props, b["body_id"],
        f'{{color: "{UPLOAD_COLOR}", weight: 3, fill: true, fillColor: "{UPLOAD_COLOR}", fillOpacity: 0.08, dashArray: "{UPLOAD_DASH}"}}',
        tooltip=[("name", t("body", lang)), ("scheme", t("scheme", lang)), ("members", t("members_count", lang)),
                 ("unresolved", t("unresolved_count", lang))], highlight={"weight": 5}, svg=True))
    return fg, Section(name, name, [Entry(name, "line", UPLOAD_COLOR, UPLOAD_DASH, 3)])
