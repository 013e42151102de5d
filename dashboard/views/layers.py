"""The atlas map: a folium Map built from store tables and a ViewState.

Layers (each switchable in a LayerControl):
- the municipal choropleth of the chosen population measure;
- union outlines (広域連合 / 一部事務組合), coloured by purpose;
- partnership spheres (定住自立圏, 連携中枢都市圏, prefecture schemes) as light fills;
- hub markers at town halls and hub→partner agreement lines;
- remote partnerships (新宿区–伊那市) as long dashed lines.

The national view uses the 0.1 % geometry, a prefecture selection the 1 % geometry (wards
optional); coordinates are rounded to what the zoom can show, so the browser gets only
what it needs.  Every name is HTML-escaped before it reaches a tooltip.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd
import shapely

from .atlas import AtlasData
from .coverage import incomplete_prefectures
from .labels import t
from .measures import NO_DATA, Classes, classify, compute
from .geoassets import STATIC_PREFIX, GeometrySource, source_for
from .offline import use_local_leaflet
from .state import ViewState
from .templates import install as _install_template_cache

_install_template_cache()

PURPOSE_COLORS = {  # Okabe–Ito palette (colour-blind safe)
    "後期高齢者医療": "#999999",
    "ごみ処理": "#E69F00",
    "消防": "#D55E00",
    "介護": "#CC79A7",
    "火葬場": "#56B4E9",
    "水道": "#0072B2",
    "病院": "#009E73",
    "し尿処理": "#F0E442",
}
OTHER_PURPOSE = "#000000"
INCOMPLETE_COLOR = "#7f3b08"  # dark brown: apart from the choropleth's hues
SCHEME_COLORS = {"定住自立圏": "#009E73", "連携中枢都市圏": "#0072B2", "連携自立圏": "#CC79A7", "市町村連携地域モデル": "#E69F00"}
MEASURE_CREDIT = {
    "census": "出典：総務省統計局 国勢調査",
    "ipss": "出典：国立社会保障・人口問題研究所『日本の地域別将来推計人口』",
}
BOUNDARY_CREDIT = "出典：国土交通省 国土数値情報（行政区域データ）を加工して作成"

_COMPACT = {"separators": (",", ":"), "ensure_ascii": False}

# folium writes embedded GeoJSON (lines, hubs) with Jinja's `tojson`, which pads every
# separator with a space; the policy is shared by folium's templates.
folium.GeoJson._template.environment.policies["json.dumps_kwargs"] = {"separators": (",", ":"), "sort_keys": False}


class AtlasBoot(folium.MacroElement):
    """Shared JS for the atlas layers: a load chain (keeps drawing order) and a tooltip builder."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        var atlas_chain = Promise.resolve();
        function atlas_tooltip(p, fields, aliases) {
            var rows = "";
            for (var i = 0; i < fields.length; i++) {
                var v = p[fields[i]];
                if (v === undefined || v === null || v === "") continue;
                rows += aliases.length ? "<tr><th style='text-align:left;padding-right:6px'>" + aliases[i] + "</th><td>" + v + "</td></tr>" : "<tr><td>" + v + "</td></tr>";
            }
            return "<table style='max-width:320px;white-space:normal'>" + rows + "</table>";
        }
        {% endmacro %}
        """
    )


class AtlasGeoLayer(folium.MacroElement):
    """A GeoJSON layer whose polygons come from static files (or inline text) and whose
    styles and tooltips come from per-view properties keyed by feature id.

    Values in ``props`` must already be HTML-escaped: tooltips are set as HTML.
    """

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }}_props = {{ this.props_json }};
        var {{ this.get_name() }} = L.geoJson(null, {
            interactive: {{ "true" if this.interactive else "false" }},
            {% if this.svg %}renderer: L.svg({padding: 0.5}),{% endif %}
            filter: function(f) { return Object.prototype.hasOwnProperty.call({{ this.get_name() }}_props, f.id); },
            style: function(f) { var p = {{ this.get_name() }}_props[f.id]; return {{ this.style_js }}; },
            onEachFeature: function(f, layer) {
                f.properties = {{ this.get_name() }}_props[f.id];
                {% if this.tooltip_fields %}
                layer.bindTooltip(atlas_tooltip(f.properties, {{ this.tooltip_fields }}, {{ this.tooltip_aliases }}), {sticky: true, direction: "auto"});
                {% endif %}
                {% if this.highlight_js %}
                layer.on("mouseover", function() { layer.setStyle({{ this.highlight_js }}); });
                layer.on("mouseout", function() { {{ this.get_name() }}.resetStyle(layer); });
                {% endif %}
            }
        }).addTo({{ this._parent.get_name() }});
        atlas_chain = atlas_chain.then(function() { return {{ this.source_js }}; }).then(function(collections) {
            collections.forEach(function(c) { {{ this.get_name() }}.addData(c); });
            {% if this.fill_opacity %}
            L.geoJson({{ this.get_name() }}.toGeoJSON(), {
                interactive: false,
                style: function(f) { return {fillColor: f.properties.color, fillOpacity: {{ this.fill_opacity }}, stroke: false}; }
            }).addTo({{ this._parent.get_name() }});
            {{ this.get_name() }}.bringToFront();
            {% endif %}
        });
        {% endmacro %}
        """
    )

    def __init__(self, source, props: pd.DataFrame, ids, style_js: str, *, tooltip: list[tuple[str, str]] | None = None,
                 highlight: dict | None = None, interactive: bool = True, fill_opacity: float | None = None,
                 svg: bool = False):
        super().__init__()
        self._name = "AtlasGeoLayer"
        records = props.to_dict("records") if len(props.columns) else [{}] * len(props)
        self.props_json = _safe_json(dict(zip(map(str, ids), records)))
        self.source_js = source.js()
        self.style_js = style_js
        self.tooltip_fields = _safe_json([f for f, _ in tooltip]) if tooltip else ""
        self.tooltip_aliases = _safe_json([html.escape(a) for _, a in tooltip if a]) if tooltip else "[]"
        self.highlight_js = _safe_json(highlight) if highlight else ""
        self.interactive = interactive
        self.fill_opacity = fill_opacity
        # Canvas hit-tests a polygon by its interior even without fill; SVG only by what is
        # painted.  Clickable outlines over the choropleth therefore use SVG.
        self.svg = svg


def _safe_json(obj) -> str:
    """JSON for inside a <script>: no raw <, >, & that could close or open tags."""
    return json.dumps(obj, **_COMPACT).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


LIGHT, MID, FINE = "light", "mid", "fine"


def view_level(data: AtlasData, state: ViewState) -> str:
    """Geometry level for a view, from the zoom it will be seen at.

    Japan, or an area whose main landmass spans more than 4° (北海道), is seen at about the
    national zoom: 0.1 %.  More than 1.2°: the coverage-simplified 1 %.  Otherwise, and with
    wards: the 1 %.  Far-flung islands (東京都's 小笠原) do not count towards the span.
    """
    if not state.prefs:
        return LIGHT
    if state.wards:
        return FINE
    spans = data.__dict__.setdefault("_main_span", {})
    if not spans:
        for code, geom in zip(data.prefectures["pref_code"], data.prefectures.geometry):
            main = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
            spans[code] = main.bounds
    boxes = [spans[p] for p in state.prefs if p in spans]
    width = max(b[2] for b in boxes) - min(b[0] for b in boxes)
    height = max(b[3] for b in boxes) - min(b[1] for b in boxes)
    span = max(width, height)
    return LIGHT if span > 4 else MID if span > 1.2 else FINE


UNIT_LAYER = {LIGHT: "municipalities_light", MID: "municipalities_mid", FINE: "municipalities"}
BODY_LAYER = {LIGHT: "bodies_light", MID: "bodies_mid", FINE: "bodies"}
EPOCH_LAYER = {LIGHT: "body_epochs_light", MID: "body_epochs_mid", FINE: "body_epochs"}


def outline_groups(bodies: pd.DataFrame, level: str):
    """(store layer, rows, geometry ids) per file set holding the bodies' outlines.

    On a past day a body whose members have changed since is drawn with the outline of that
    day's period (``geo_id`` = ``body_id@from``, in the body_epochs layers); a body with no
    member in force that day has no outline.
    """
    ids = bodies["geo_id"] if "geo_id" in bodies.columns else bodies["body_id"]
    has = ids.notna()
    current = has & (ids == bodies["body_id"])
    for layer, mask in ((BODY_LAYER[level], current), (EPOCH_LAYER[level], has & ~current)):
        if mask.any():
            yield layer, bodies[mask], ids[mask]


def view_units(data: AtlasData, state: ViewState) -> pd.DataFrame:
    """Attributes of the units drawn (municipalities, or wards in place of their city), with
    `layer`: the store layer holding each unit's geometry at the view's level."""
    m = data.municipalities.drop(columns="geometry")
    level = view_level(data, state)
    out = m if not state.prefs else m[m["pref_code"].isin(state.prefs)]
    out = out.assign(layer=UNIT_LAYER[level])
    if state.wards and state.prefs:
        w = data.wards[data.wards["pref_code"].isin(state.prefs)].drop(columns="geometry")
        replaced = set(w["parent_code"].dropna())
        w = w.assign(type="行政区", layer="wards", pref_name=w["pref_code"].map(dict(zip(m["pref_code"], m["pref_name"]))))
        out = pd.concat([out[~out["code"].isin(replaced)], w[[c for c in out.columns if c in w.columns]]], ignore_index=True)
    return out.reset_index(drop=True)


def bodies_by_member(data: AtlasData) -> pd.Series:
    """code → 'name (role)、…' for tooltips (後期高齢者医療 unions left out: every municipality has one)."""
    cache = data.__dict__.setdefault("_bodies_by_member", {})
    if "text" not in cache:
        m = data.memberships[data.memberships["member_code"].notna()]
        b = data.bodies.set_index("body_id")["name"]
        m = m[~m["body_id"].map(b).fillna("").str.endswith("後期高齢者医療広域連合")]
        text = m.assign(label=m["body_id"].map(b) + "（" + m["role"] + "）")
        cache["text"] = text.groupby("member_code")["label"].agg(lambda s: "、".join(s))
    return cache["text"]


def unit_text(data: AtlasData, units: pd.DataFrame) -> pd.DataFrame:
    """Escaped tooltip text of the units that does not depend on the measure, cached per view."""
    cache = data.__dict__.setdefault("_unit_text", {})
    key = tuple(units["code"])
    if key not in cache:
        body_text = bodies_by_member(data)
        cache[key] = pd.DataFrame({
            "code": list(units["code"]),
            "name": [html.escape(str(v)) for v in units["name"]],
            "pref": [html.escape(str(v)) for v in units["pref_name"]],
            "pop": ["" if pd.isna(v) else f"{v:,.0f}" for v in units["pop2020"]],
            "bodies": [html.escape(_shorten(body_text.get(c, ""))) for c in units["code"]],
        })
        if len(cache) > 64:
            cache.pop(next(iter(cache)))
    return cache[key]


def _point_collection(props: pd.DataFrame, lat: pd.Series, lng: pd.Series) -> dict:
    feats = [
        {"type": "Feature", "id": str(i), "properties": p, "geometry": {"type": "Point", "coordinates": [round(x, 5), round(y, 5)]}}
        for i, (p, y, x) in enumerate(zip(props.to_dict("records"), lat, lng)) if not (pd.isna(y) or pd.isna(x))
    ]
    return {"type": "FeatureCollection", "features": feats}


def _line_collection(props: pd.DataFrame, rows: pd.DataFrame) -> dict:
    feats = [
        {"type": "Feature", "id": str(i), "properties": p,
         "geometry": {"type": "LineString", "coordinates": [[round(r.from_lng, 5), round(r.from_lat, 5)], [round(r.to_lng, 5), round(r.to_lat, 5)]]}}
        for i, (p, r) in enumerate(zip(props.to_dict("records"), rows.itertuples()))
        if not any(pd.isna(v) for v in (r.from_lat, r.from_lng, r.to_lat, r.to_lng))
    ]
    return {"type": "FeatureCollection", "features": feats}


def build_map(data: AtlasData, state: ViewState, *, height: int = 640, inline: bool = False,
              leaflet_base: str | None = None, geo_base: str = STATIC_PREFIX, focus: str | None = None) -> folium.Map:
    """The folium Map for a view.

    ``inline`` puts the polygons into the page (standalone HTML export); otherwise they are
    fetched from the static files under ``geo_base`` (see :mod:`.geoassets`).  ``focus`` is a
    municipality code to zoom to and outline (a search result).
    """
    lang = state.lang
    units = view_units(data, state)
    level = view_level(data, state)
    prefs_in_view = tuple(sorted(units["pref_code"].unique())) if state.prefs else ()

    def source(layer: str, ids) -> GeometrySource:
        return source_for(data, layer, list(ids), prefs_in_view, inline=inline, base=geo_base)

    values = compute(data.population, state.measure).reindex(units["code"])
    classes = classify(values, state.measure, state.classes)
    fill = classes.color_of().reindex(units["code"]).fillna(NO_DATA)

    m = folium.Map(tiles=None, prefer_canvas=True, control_scale=True, zoom_snap=0.25, height=height)
    use_local_leaflet(m, leaflet_base) if leaflet_base else use_local_leaflet(m)
    if state.tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr="© OpenStreetMap contributors").add_to(m)
    m.get_root().header.add_child(folium.Element("<style>.leaflet-container{background:#eef3f7}</style>"))
    m.add_child(AtlasBoot())

    # Choropleth (one layer per geometry source: wards come from their own files).
    fmt = _formatter(state.measure)
    status = values["status"]
    props = unit_text(data, units).assign(
        value=[fmt(v) if st == "ok" else t(st, lang) if st in ("projected_together", "not_projected") else t("no_data", lang)
               for v, st in zip(values["value"].values, status.values)],
        fill=fill.values,
    )
    tooltip = [("name", t("tip_name", lang)), ("pref", t("tip_pref", lang)), ("pop", t("tip_pop", lang)),
               ("value", t("tip_value", lang)), ("bodies", t("tip_bodies", lang))]
    fg = folium.FeatureGroup(name=t("layer_measure", lang), show=True)
    for layer, rows in props.groupby(units["layer"].values, sort=False):
        fg.add_child(AtlasGeoLayer(
            source(layer, rows["code"]), rows, rows["code"],
            '{fillColor: p.fill, color: "#ffffff", weight: 0.4, fillOpacity: 0.85}',
            tooltip=tooltip, highlight={"weight": 2.5, "color": "#000000"},
        ))
    fg.add_to(m)

    # Prefecture outlines: context, not clickable (drawn after the fill, below the bodies).
    pref_layer = "prefectures_light" if level == LIGHT else "prefectures"
    pref_ids = data.prefectures["pref_code"] if not state.prefs else pd.Series(prefs_in_view)
    m.add_child(AtlasGeoLayer(source(pref_layer, pref_ids), pd.DataFrame(index=range(len(pref_ids))), pref_ids,
                              '{color: "#555555", weight: 1, fill: false}', interactive=False))

    # Prefectures whose registry is incomplete for the schemes shown: a dotted inner outline,
    # so an empty area never reads as "no cooperation here".
    incomplete = incomplete_prefectures(data, state.schemes, lang)
    if state.prefs:
        incomplete = incomplete[incomplete["pref_code"].isin(prefs_in_view)]
    if len(incomplete):
        fg = folium.FeatureGroup(name=t("layer_incomplete", lang), show=True)
        fg.add_child(AtlasGeoLayer(source(pref_layer, incomplete["pref_code"]), incomplete[["tip"]], incomplete["pref_code"],
                                   f'{{color: "{INCOMPLETE_COLOR}", weight: 2.5, dashArray: "1 5", lineCap: "round", fill: false}}',
                                   tooltip=[("tip", "")], svg=True))
        fg.add_to(m)

    bodies = data.bodies_in_view(state).drop(columns="geometry")
    category = data.scheme_category()

    def body_props(frame: pd.DataFrame, color: pd.Series) -> pd.DataFrame:
        return pd.DataFrame({"body_id": frame["body_id"].values, "name": frame["name"].map(html.escape).values,
                             "scheme": frame["scheme_id"].map(html.escape).values, "color": color.values})

    body_tooltip = [("name", t("body", lang)), ("scheme", t("scheme", lang))]
    # Unions: outlines coloured by purpose (clicking the outline opens the body).  A union of
    # every municipality of a prefecture (後期高齢者医療) has the prefecture's outline: not redrawn.
    prefecture_wide = set(data.memberships.loc[data.memberships["via"].fillna("").str.startswith("all_municipalities"), "body_id"])
    unions = bodies[(bodies["scheme_id"].map(category) == "union") & ~bodies["body_id"].isin(prefecture_wide)]
    if len(unions):
        fg = folium.FeatureGroup(name=t("layer_unions", lang), show=True)
        for layer, rows, ids in outline_groups(unions, level):
            fg.add_child(AtlasGeoLayer(
                source(layer, ids), body_props(rows, rows["purposes"].fillna("").map(_purpose_color)), ids,
                '{color: p.color, weight: 2, fill: false, dashArray: "4 3"}', tooltip=body_tooltip, highlight={"weight": 4}, svg=True))
        fg.add_to(m)

    # Spheres: clickable outline and a light fill drawn from it (the fill is not clickable).
    spheres = bodies[bodies["scheme_id"].map(category).isin(["sphere", "prefecture_scheme"])]
    if len(spheres):
        fg = folium.FeatureGroup(name=t("layer_spheres", lang), show=True)
        for layer, rows, ids in outline_groups(spheres, level):
            fg.add_child(AtlasGeoLayer(
                source(layer, ids), body_props(rows, rows["scheme_id"].map(SCHEME_COLORS).fillna("#555555")),
                ids, '{color: p.color, weight: 3, fill: false}', tooltip=body_tooltip, highlight={"weight": 5},
                fill_opacity=0.18, svg=True))
        fg.add_to(m)

    # Agreement lines (hub → partner) and remote partnerships, one layer each.
    names = data.municipalities.set_index("code")["name"]
    links = data.links[data.links["body_id"].isin(bodies["body_id"])]
    for derived, key, style in ((True, "layer_links", {"color": "#333333", "weight": 1.2, "opacity": 0.8}),
                                (False, "layer_remote", {"color": "#D55E00", "weight": 2.5, "dashArray": "8 6"})):
        rows = links[links["derived"].astype(bool) == derived]
        if not len(rows):
            continue
        label = rows.apply(lambda r: f"{names.get(r['from_code'], '')}–{names.get(r['to_code'], '')} {r['kind'] if derived else r['name']}"
                           + (f" ({r['date']})" if isinstance(r["date"], str) and r["date"] else ""), axis=1)
        fg = folium.FeatureGroup(name=t(key, lang), show=True)
        folium.GeoJson(_line_collection(pd.DataFrame({"label": label.map(html.escape).values}), rows),
                       style_function=lambda f, style=style: style,
                       tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False)).add_to(fg)
        fg.add_to(m)

    # Hubs at their town halls.
    hub_roles = set(data.schemes["hub_role"].dropna()) - {""}
    hubs = data.memberships[data.memberships["body_id"].isin(spheres["body_id"]) & data.memberships["role"].isin(hub_roles)]
    if len(hubs):
        body_names = data.bodies.set_index("body_id")["name"]
        grouped = hubs.groupby("member_code").apply(
            lambda r: "、".join(f"{body_names[b]}（{role}）" for b, role in zip(r["body_id"], r["role"])), include_groups=False)
        towns = data.municipalities.set_index("code").reindex(grouped.index)
        label = (towns["name"] + "：" + grouped).map(html.escape)
        fg = folium.FeatureGroup(name=t("layer_hubs", lang), show=True)
        folium.GeoJson(
            _point_collection(pd.DataFrame({"label": label.values, "code": grouped.index}), towns["lat"], towns["lng"]),
            marker=folium.CircleMarker(radius=6, color="#000000", weight=1.5, fill=True, fill_color="#ffffff", fill_opacity=1),
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        ).add_to(fg)
        fg.add_to(m)

    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    legend = Legend(_measure_title(state, lang), classes, state, lang, data.meta, incomplete=bool(len(incomplete)))
    m.get_root().html.add_child(folium.Element(legend.html()))
    if focus and focus in set(data.municipalities["code"]):
        target = data.municipalities[data.municipalities["code"] == focus]
        minx, miny, maxx, maxy = target.total_bounds
        m.add_child(AtlasGeoLayer(source_for(data, "municipalities", [focus], (focus[:2],), inline=inline, base=geo_base),
                                  pd.DataFrame(index=[0]), [focus], '{color: "#000000", weight: 3.5, fill: false}', interactive=False))
    else:
        minx, miny, maxx, maxy = data.prefectures[data.prefectures["pref_code"].isin(units["pref_code"].unique())].total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


def _purpose_color(purposes: str) -> str:
    for p in str(purposes).split(";"):
        if p in PURPOSE_COLORS:
            return PURPOSE_COLORS[p]
    return OTHER_PURPOSE


def _shorten(text: str, n: int = 5) -> str:
    parts = [p for p in str(text).split("、") if p]
    return "、".join(parts[:n]) + (f" 他{len(parts) - n}" if len(parts) > n else "")


def _formatter(measure):
    if measure.kind == "census":
        return lambda v: f"{v:,.0f} 人"
    if measure.kind == "change":
        return lambda v: f"{v:+.1f} %"
    return lambda v: f"{v:.1f}"


def _measure_title(state: ViewState, lang: str) -> str:
    m = state.measure
    from ..vocabulary import RELEASES

    if m.kind == "census":
        return f"{t('kind_census', lang)} {m.year}"
    release = RELEASES[m.release]["label"]
    if m.kind == "change":
        return f"{t('kind_change', lang)} {m.base}→{m.year} ({release})"
    return f"{t('kind_index', lang)} {m.base}=100 → {m.year} ({release})"


@dataclass
class Legend:
    title: str
    classes: Classes
    state: ViewState
    lang: str
    meta: dict
    incomplete: bool = False  # the map marks prefectures with an incomplete registry

    def credits(self) -> list[str]:
        lines = [BOUNDARY_CREDIT + "（2021年1月1日時点）"]
        for src in self.state.measure.sources():
            lines.append(MEASURE_CREDIT[src])
        return lines

    def html(self) -> str:
        rows = "".join(
            f'<div><span style="display:inline-block;width:14px;height:10px;background:{c};border:1px solid #999;margin-right:4px"></span>{html.escape(l)}</div>'
            for l, c in zip(self.classes.labels, self.classes.colors)
        )
        rows += f'<div><span style="display:inline-block;width:14px;height:10px;background:{NO_DATA};border:1px solid #999;margin-right:4px"></span>{html.escape(t("no_data", self.lang))}</div>'
        if self.incomplete:
            rows += (f'<div><span style="display:inline-block;width:14px;height:0;border-top:2.5px dotted {INCOMPLETE_COLOR};'
                     f'margin:0 4px 3px 0"></span>{html.escape(t("layer_incomplete", self.lang))}</div>')
        if self.state.as_of:
            rows += f'<div style="margin-top:2px"><b>{html.escape(t("as_of_past", self.lang).format(day=self.state.as_of))}</b></div>'
        credits = "".join(f"<div>{html.escape(c)}</div>" for c in self.credits())
        return (
            '<div id="atlas-legend" style="position:absolute;bottom:22px;right:8px;z-index:1000;background:rgba(255,255,255,.9);'
            'padding:4px 6px;font:11px/1.3 sans-serif;border:1px solid #bbb;border-radius:4px;max-width:250px">'
            f'<b>{html.escape(self.title)}</b>{rows}<div style="margin-top:3px;color:#555;font-size:9px">{credits}</div></div>'
        )


def category_map(data: AtlasData, prefs: tuple[str, ...], labels: pd.Series, colors: dict[str, str], title: str,
                 *, height: int = 460, inline: bool = False, fit: list[str] | None = None) -> folium.Map:
    """A small choropleth of categories (bodies per municipality, eligibility, a body's members).

    ``fit``: municipality codes to zoom to (default: the prefectures shown)."""
    state = ViewState(prefs=prefs)
    units = view_units(data, state)
    lab = labels.reindex(units["code"]).fillna("—").astype(str)
    props = unit_text(data, units).assign(value=lab.map(html.escape).values, fill=lab.map(colors).fillna(NO_DATA).values)
    m = folium.Map(tiles=None, prefer_canvas=True, control_scale=True, zoom_snap=0.25, height=height)
    use_local_leaflet(m)
    m.add_child(AtlasBoot())
    prefs_in_view = tuple(sorted(units["pref_code"].unique())) if prefs else ()
    for layer, rows in props.groupby(units["layer"].values, sort=False):
        m.add_child(AtlasGeoLayer(
            source_for(data, layer, list(rows["code"]), prefs_in_view, inline=inline, base=STATIC_PREFIX), rows, rows["code"],
            '{fillColor: p.fill, color: "#ffffff", weight: 0.4, fillOpacity: 0.9}',
            tooltip=[("name", "市区町村"), ("pref", "都道府県"), ("value", title)], highlight={"weight": 2.5, "color": "#000000"}))
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
    return m
