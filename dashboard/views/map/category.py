"""Small choropleths of categories (bodies per municipality, eligibility, a body's members)."""

from __future__ import annotations

import html

import folium
import pandas as pd

from dashboard.views.atlas import AtlasData
from dashboard.views.labels import t
from dashboard.views.map.elements import AtlasBoot, AtlasGeoLayer, FitButton
from dashboard.views.map.geoassets import STATIC_PREFIX, source_for
from dashboard.views.map.offline import use_local_leaflet
from dashboard.views.map.symbols import BOUNDARY_CREDIT
from dashboard.views.map.units import unit_text, view_units
from dashboard.views.measures import NO_DATA
from dashboard.views.state import ViewState

JAPAN_BOUNDS = (20.0, 122.0, 46.5, 154.5)  # south, west, north, east: 沖ノ鳥島 and 与那国 to 択捉 and 南鳥島


def category_map(data: AtlasData, prefs: tuple[str, ...], labels: pd.Series, colors: dict[str, str], title: str,
                 *, height: int = 460, inline: bool = False, fit: list[str] | None = None, lang: str = "ja") -> folium.Map:
    """A small choropleth of categories (bodies per municipality, eligibility, a body's members).

    ``fit``: municipality codes to zoom to (default: the prefectures shown)."""
    state = ViewState(prefs=prefs)
    units = view_units(data, state)
    lab = labels.reindex(units["code"]).fillna("—").astype(str)
    props = unit_text(data, units, national=not state.prefs).assign(value=lab.map(html.escape).values, fill=lab.map(colors).fillna(NO_DATA).values)
    # Bounded to Japan: the wheel over a small map zoomed out to the whole world (issue #22).
    south, west, north, east = JAPAN_BOUNDS
    m = folium.Map(tiles=None, prefer_canvas=True, control_scale=True, zoom_snap=0.25, height=height,
                   max_bounds=True, min_lat=south, max_lat=north, min_lon=west, max_lon=east)
    m.options.update(minZoom=4, maxBoundsViscosity=1.0)  # without tiles folium drops min_zoom
    use_local_leaflet(m)
    m.add_child(AtlasBoot())
    prefs_in_view = tuple(sorted(units["pref_code"].unique())) if prefs else ()
    for layer, rows in props.groupby(units["layer"].values, sort=False):
        m.add_child(AtlasGeoLayer(
            source_for(data, layer, list(rows["code"]), prefs_in_view, inline=inline, base=STATIC_PREFIX), rows, rows["code"],
            '{fillColor: p.fill, color: "#ffffff", weight: 0.4, fillOpacity: 0.9}',
            tooltip=[("name", t("tip_name", lang)), ("pref", t("tip_pref", lang)), ("value", title)], highlight={"weight": 2.5, "color": "#000000"}))
    legend = "".join(f'<div><span style="display:inline-block;width:12px;height:9px;background:{c};margin-right:4px"></span>{html.escape(k)}</div>'
                     for k, c in colors.items())
    m.get_root().html.add_child(folium.Element(
        '<div style="position:absolute;bottom:20px;right:8px;z-index:1000;background:rgba(255,255,255,.9);padding:4px 6px;'
        f'font:11px/1.3 sans-serif;border:1px solid #bbb;border-radius:4px"><b>{html.escape(title)}</b>{legend}'
        f'<div style="font-size:9px;color:#555">{html.escape(BOUNDARY_CREDIT)}</div></div>'))
    if fit:
        minx, miny, maxx, maxy = data.municipalities[data.municipalities["code"].isin(fit)].total_bounds
    else:
        minx, miny, maxx, maxy = data.prefectures[data.prefectures["pref_code"].isin(units["pref_code"].unique())].total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    if fit:
        m.add_child(FitButton([[float(miny), float(minx)], [float(maxy), float(maxx)]], t("whole_body", lang)))
    return m
