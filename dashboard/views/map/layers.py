"""The atlas map: a folium Map built from store tables and a ViewState.

The map is a frame (:func:`base_map`: Leaflet, background, shared JS — the same for every
view) and the view's layers (:func:`view_layers`: feature groups and the legend).  The app
draws the frame once and swaps the groups on every change, so a filter or a measure repaints
the layers without reloading the map or moving it; a standalone map (:func:`build_map`, for
exports and tests) holds both.

Layers (each switchable in a LayerControl, each explained in the legend):
- the municipal choropleth of the chosen population measure (:mod:`.measures` for classes);
- prefectures whose registry is incomplete for the schemes shown (dotted outline);
- unions, spheres, agreement lines, remote partnerships and hubs (:mod:`.map_bodies`).

The national view uses the 0.1 % geometry, a prefecture selection finer levels
(:mod:`.map_units`); polygons come from static files (:mod:`.geoassets`).  Every name is
HTML-escaped before it reaches a tooltip.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import folium
import pandas as pd

from dashboard.registry.affairs import KUMIAI
from dashboard.views.affairs import affair_purpose, effective_affair, incomplete_for, merge_tips
from dashboard.views.atlas import AtlasData
from dashboard.views.coverage import incomplete_prefectures
from dashboard.views.labels import t
from dashboard.views.map.bodies import hubs_layer, link_layers, spheres_layer, unions_layer
from dashboard.views.map.elements import AtlasBoot, AtlasGeoLayer, DrawnMark, FitOnce, MapControl
from dashboard.views.map.geoassets import STATIC_PREFIX, GeometrySource, affair_part, source_for
from dashboard.views.map.legend import Entry, Legend, Section
from dashboard.views.map.offline import use_local_leaflet
from dashboard.views.map.overlay import overlay_layer
from dashboard.views.map.symbols import (
    BOUNDARY_CREDIT,
    FOCUS_LINE,
    INCOMPLETE_COLOR,
    INCOMPLETE_LINE,
    MEASURE_CREDIT,
    PREFECTURE_LINE,
)
from dashboard.views.map.units import (
    LIGHT,
    unit_text,
    view_level,
    view_units,
)
from dashboard.views.measures import NO_DATA, Classes, classify, compute
from dashboard.views.state import ViewState
from dashboard.vocabulary import release_label

JAPAN_CENTER, JAPAN_ZOOM = (36.5, 137.5), 5


def _style(d: dict, **extra) -> str:
    """A Leaflet style object literal from a symbols dict."""
    parts = [f"{k}: {v!r}".replace("'", '"') if isinstance(v, str) else f"{k}: {v}" for k, v in {**d, **extra}.items()]
    return "{" + ", ".join(p.replace("True", "true").replace("False", "false") for p in parts) + "}"


def base_map(state: ViewState, *, height: int = 640, leaflet_base: str | None = None) -> folium.Map:
    """The frame every view is drawn in: local Leaflet, background, shared JS, tiles if asked."""
    m = folium.Map(location=JAPAN_CENTER, zoom_start=JAPAN_ZOOM, tiles=None, prefer_canvas=True, control_scale=True,
                   zoom_snap=0.25, height=height)
    use_local_leaflet(m, leaflet_base) if leaflet_base else use_local_leaflet(m)
    if state.tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr="© OpenStreetMap contributors").add_to(m)
    m.get_root().header.add_child(folium.Element(
        "<style>.leaflet-container{background:#eef3f7}.atlas-control summary::marker{color:#555}"
        # in the app the map fills its frame, which the page stretches to the window
        "html,body{height:100%;margin:0}#map_div{height:100vh !important}</style>"))
    m.add_child(AtlasBoot())
    return m


@dataclass
class MapLayers:
    groups: list[folium.FeatureGroup]  # switchable layers, then the context group (legend, outlines, fit)
    legend: Legend
    bounds: list[list[float]]  # [[south, west], [north, east]] of the selection
    token: str  # changes when the selection (area, focus) changes: only then is the map refitted


@dataclass
class _View:
    """What every layer of one view needs: the data, the state, its units and level, and where
    the polygons come from (static files under ``geo_base``, or inline)."""

    data: AtlasData
    state: ViewState
    inline: bool
    geo_base: str

    def __post_init__(self) -> None:
        self.units = view_units(self.data, self.state)
        self.level = view_level(self.data, self.state)
        self.prefs_in_view = tuple(sorted(self.units["pref_code"].unique())) if self.state.prefs else ()
        self.pref_layer = "prefectures_light" if self.level == LIGHT else "prefectures"

    def source(self, layer: str, ids, prefs: tuple[str, ...] | None = None, part: str | None = None) -> GeometrySource:
        return source_for(self.data, layer, list(ids), self.prefs_in_view if prefs is None else prefs,
                          inline=self.inline, base=self.geo_base, part=part)


def view_layers(data: AtlasData, state: ViewState, *, inline: bool = False, geo_base: str = STATIC_PREFIX,
                focus: str | None = None, focus_body: str | None = None, fit_once: bool = True, overlay=None) -> MapLayers:
    """The view's layers as feature groups, with their legend.

    ``inline`` puts the polygons into the page (standalone HTML export); otherwise they are
    fetched from the static files under ``geo_base``.  ``focus`` is a municipality code and
    ``focus_body`` a body id to zoom to and outline (a search result or a selection).
    ``overlay`` is a session's uploaded list, drawn on top (:mod:`.map_overlay`).
    Layers: the choropleth, incomplete prefectures, unions, spheres, agreements, hubs, the
    overlay; then the context group (outlines, selection, legend, fit, draw mark).
    """
    view = _View(data, state, inline, geo_base)
    layers = [_choropleth(view), *_incomplete_layer(view), *_cooperation_layers(view, overlay)]
    context, boundary = _context(view)
    bounds = _selection(view, context, boundary, focus, focus_body, overlay)
    token = "|".join([",".join(state.prefs) or "japan", "w" if state.wards else "", focus or "", focus_body or ""])
    legend = Legend(_measure_title(state, state.lang), [section for _, section in layers] + [boundary], _credits(state),
                    [t("as_of_past", state.lang).format(day=state.as_of)] if state.as_of else [])
    context.add_child(MapControl(legend.html()))
    if fit_once:
        context.add_child(FitOnce(bounds, token))
    context.add_child(DrawnMark(view_key(state)))
    return MapLayers([fg for fg, _ in layers] + [context], legend, bounds, token)


def _choropleth(view: _View) -> tuple[folium.FeatureGroup, Section]:
    """The measure's classes, one layer per geometry source (wards come from their own files)."""
    data, state, units, lang = view.data, view.state, view.units, view.state.lang
    values = compute(data.population, state.measure).reindex(units["code"])
    classes = classify(values, state.measure, state.classes)
    fill = classes.color_of().reindex(units["code"]).fillna(NO_DATA)
    fmt = _formatter(state.measure, lang)
    props = unit_text(data, units, national=not state.prefs).assign(
        value=[fmt(v) if st == "ok" else t(st, lang) if st in ("projected_together", "not_projected") else t("no_data", lang)
               for v, st in zip(values["value"].values, values["status"].values)],
        fill=fill.values,
    )
    tooltip = [("name", t("tip_name", lang)), ("pref", t("tip_pref", lang)), ("pop", t("tip_pop", lang)),
               ("value", t("tip_value", lang)), ("bodies", t("tip_bodies", lang))]
    name = t("layer_measure", lang)
    fg = folium.FeatureGroup(name=name, show=True)
    for layer, rows in props.groupby(units["layer"].values, sort=False):
        fg.add_child(AtlasGeoLayer(
            view.source(layer, rows["code"]), rows, rows["code"], '{fillColor: p.fill, color: "#ffffff", weight: 0.4, fillOpacity: 0.85}',
            tooltip=tooltip, highlight={"weight": 2.5, "color": "#000000"},
        ))
    return fg, _measure_section(name, classes, state, lang)


def _incomplete_layer(view: _View) -> list[tuple[folium.FeatureGroup, Section]]:
    """Prefectures whose registry is incomplete for the schemes shown: a dotted inner outline,
    so an empty area never reads as "no cooperation here"."""
    lang = view.state.lang
    incomplete = incomplete_prefectures(view.data, view.state.schemes, lang)
    affair = effective_affair(view.state)  # #20: prefectures whose union layer for this affair is incomplete
    if affair and (not view.state.schemes or KUMIAI in view.state.schemes):
        incomplete = merge_tips(incomplete, incomplete_for(view.data, affair, lang))
    if view.state.prefs:
        incomplete = incomplete[incomplete["pref_code"].isin(view.prefs_in_view)]
    if not len(incomplete):
        return []
    name = t("layer_incomplete", lang)
    fg = folium.FeatureGroup(name=name, show=True)
    fg.add_child(AtlasGeoLayer(view.source(view.pref_layer, incomplete["pref_code"]), incomplete[["tip"]], incomplete["pref_code"],
                               _style(INCOMPLETE_LINE, fill=False), tooltip=[("tip", "")], svg=True))
    return [(fg, Section(name, name, [Entry(t("legend_incomplete", lang), "line", INCOMPLETE_COLOR, "1 5", 2.5)]))]


def _cooperation_layers(view: _View, overlay) -> list[tuple[folium.FeatureGroup, Section]]:
    """Unions, spheres, agreement lines, hubs and a session's uploaded overlay, in drawing order."""
    data, lang = view.data, view.state.lang
    bodies = data.bodies_in_view(view.state).drop(columns="geometry")
    out = []
    affair = effective_affair(view.state)
    union_part = affair_part(affair) if not view.state.prefs else None  # #20: one affair's file nationally
    if affair:  # #20: one affair shown: every union in its colour, the legend says which affair
        is_union = bodies["scheme_id"].map(data.scheme_category()) == "union"
        bodies = bodies.assign(purposes=bodies["purposes"].where(~is_union, affair_purpose(affair)))
    fg, section = unions_layer(data, bodies, view.level, lambda layer, ids: view.source(layer, ids, part=union_part), lang)
    if fg is not None:
        if affair:
            section.title = f"{section.title}: {affair}"
        out.append((fg, section))
    fg, section, spheres = spheres_layer(data, bodies, view.level, view.source, lang, view.pref_layer)
    if fg is not None:
        out.append((fg, section))
    out += link_layers(data, bodies, lang, national=not view.state.prefs)
    fg, section = hubs_layer(data, spheres, lang)
    if fg is not None:
        out.append((fg, section))
    if overlay is not None and len(overlay.bodies):
        out.append(overlay_layer(overlay, lang))
    return out


def _context(view: _View) -> tuple[folium.FeatureGroup, Section]:
    """The context group (not switchable): prefecture outlines; its legend section (boundaries)."""
    lang = view.state.lang
    context = folium.FeatureGroup(name="context", control=False, show=True)
    pref_ids = view.data.prefectures["pref_code"] if not view.state.prefs else pd.Series(view.prefs_in_view)
    context.add_child(AtlasGeoLayer(view.source(view.pref_layer, pref_ids), pd.DataFrame(index=range(len(pref_ids))), pref_ids,
                                    _style(PREFECTURE_LINE, fill=False), interactive=False))
    boundary = Section(t("layer_boundaries", lang), t("layer_boundaries", lang),
                       [Entry(t("legend_prefecture", lang), "line", PREFECTURE_LINE["color"], "", PREFECTURE_LINE["weight"]),
                        Entry(t("legend_municipality", lang), "fill", "#ffffff")])
    return context, boundary


def _selection(view: _View, context: folium.FeatureGroup, boundary: Section, focus: str | None,
               focus_body: str | None, overlay=None) -> list[list[float]]:
    """The selection (a municipality or a body) outlined in the context group; the bounds to fit.
    A body of the session's upload (``overlay``) is found among its memberships: it is in no store."""
    data, lang = view.data, view.state.lang
    minx, miny, maxx, maxy = data.prefectures[data.prefectures["pref_code"].isin(view.units["pref_code"].unique())].total_bounds
    if focus and focus in set(data.municipalities["code"]):
        target = data.municipalities[data.municipalities["code"] == focus]
        minx, miny, maxx, maxy = target.total_bounds
        context.add_child(AtlasGeoLayer(view.source("municipalities", [focus], (focus[:2],)),
                                        pd.DataFrame(index=[0]), [focus], _style(FOCUS_LINE, fill=False), interactive=False))
        boundary.entries.append(Entry(t("legend_selected", lang), "line", FOCUS_LINE["color"], "", FOCUS_LINE["weight"]))
    elif focus_body:
        members = data.memberships
        if overlay is not None and focus_body in set(overlay.bodies["body_id"]):
            members = overlay.memberships
        codes = members.loc[members["body_id"] == focus_body, "member_code"].dropna()
        target = data.municipalities[data.municipalities["code"].isin(codes)]
        if len(target):
            minx, miny, maxx, maxy = target.total_bounds
            context.add_child(AtlasGeoLayer(view.source("municipalities", target["code"], tuple(sorted(target["pref_code"].unique()))),
                                            pd.DataFrame(index=range(len(target))), list(target["code"]),
                                            _style(FOCUS_LINE, fill=False, weight=2), interactive=False))
            boundary.entries.append(Entry(t("legend_selected", lang), "line", FOCUS_LINE["color"], "", 2))
    return [[float(miny), float(minx)], [float(maxy), float(maxx)]]


NOT_DRAWN = ("muni", "body")  # ViewState fields the map ignores (the panel and pages use them)


def view_key(state: ViewState) -> str:
    """The one key of what a view's map draws: every ViewState field but :data:`NOT_DRAWN`, so a
    new field (an as-of day, say) takes part without anyone listing it.  The per-process map
    cache (ui/mapcache.py) and the page's ``window.atlas_view`` mark both use it."""
    return "|".join(f"{f.name}={getattr(state, f.name)}" for f in dataclasses.fields(state) if f.name not in NOT_DRAWN)


def build_map(data: AtlasData, state: ViewState, *, height: int = 640, inline: bool = False,
              leaflet_base: str | None = None, geo_base: str = STATIC_PREFIX, focus: str | None = None,
              focus_body: str | None = None, overlay=None) -> folium.Map:
    """A standalone folium Map of a view (exports, tests): the frame with the view's layers."""
    m = base_map(state, height=height, leaflet_base=leaflet_base)
    layers = view_layers(data, state, inline=inline, geo_base=geo_base, focus=focus, focus_body=focus_body, fit_once=False,
                         overlay=overlay)
    for g in layers.groups:
        g.add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    m.fit_bounds(layers.bounds, max_zoom=10)
    return m


def _measure_section(name: str, classes: Classes, state: ViewState, lang: str) -> Section:
    entries = [Entry(l, "fill", c) for l, c in zip(classes.labels, classes.colors)]
    entries.append(Entry(t("no_data", lang), "fill", NO_DATA))
    note = t(f"classes_{classes.method}", lang) if classes.method else ""
    if classes.palette == "diverging" and classes.method != "seed_bins":
        note += t("palette_diverging", lang).format(centre=_centre_text(state))
    elif classes.palette == "sequential" and state.measure.kind != "census":
        note += t("palette_one_side", lang).format(centre=_centre_text(state))
    return Section(name, t("legend_classes", lang), entries, note)


def _centre_text(state: ViewState) -> str:
    return "0 %" if state.measure.kind == "change" else "100"


def _credits(state: ViewState) -> list[str]:
    lines = [BOUNDARY_CREDIT + "（2021年1月1日時点）"]
    for src in state.measure.sources():
        lines.append(MEASURE_CREDIT[src])
    return lines


def _formatter(measure, lang: str = "ja"):
    if measure.kind == "census":
        return (lambda v: f"{v:,.0f} 人") if lang == "ja" else (lambda v: f"{v:,.0f}")
    if measure.kind == "change":
        return lambda v: f"{v:+.1f} %"
    return lambda v: f"{v:.1f}"


def _measure_title(state: ViewState, lang: str) -> str:
    m = state.measure
    if m.kind == "census":
        return f"{t('kind_census', lang)} {m.year}"
    release = release_label(m.release, lang)
    if m.kind == "change":
        return f"{t('kind_change', lang)} {m.base}→{m.year} ({release})"
    return f"{t('kind_index', lang)} {m.base}=100 → {m.year} ({release})"


