"""Leaflet building blocks of the atlas maps (folium elements with their own JS templates).

- :class:`AtlasBoot`: shared JS (draw-order chain, tooltip builder, a per-page cache of the
  fetched geometry files, resize handling);
- :class:`AtlasGeoLayer`: GeoJSON whose polygons come from static files (or inline text) and
  whose styles and tooltips come from per-view properties keyed by feature id;
- :class:`MapControl`: a block of HTML (the legend) shown while its layer group is on the map;
- :class:`FitOnce`: fit the map to bounds only when the selection (a token) changes, so a
  filter or a measure never moves the view.

Layer groups built from these work both inside a standalone map (exports) and as groups that
st_folium swaps in an already drawn map (``feature_group_to_add``): nothing here refers to the
map by name, only to the group it belongs to.
"""

from __future__ import annotations

import ast
import html
import inspect
import json
import textwrap

import folium
import jinja2
import pandas as pd

_COMPACT = {"separators": (",", ":"), "ensure_ascii": False}



def _template_source(cls: type) -> str:
    """The Jinja source of a folium class's ``_template`` (read from the installed folium's source)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "_template" for t in node.targets)
                and isinstance(node.value, ast.Call) and node.value.args):
            return ast.literal_eval(node.value.args[0])
    raise RuntimeError(f"folium {folium.__version__}: {cls.__name__}._template is no longer a literal template; "
                       "see CompactGeoJson in dashboard/views/map/elements.py")


def _compact_environment() -> jinja2.Environment:
    """An overlay of folium's template environment whose ``tojson`` writes compact JSON with Japanese
    as UTF-8 (3 bytes a character, not a 6-byte \\uXXXX escape; Jinja's htmlsafe dump still escapes
    < > & '); folium's own environment (shared by every folium template in the process) is left as it is."""
    env = folium.GeoJson._template.environment.overlay()
    env.policies = {**env.policies, "json.dumps_kwargs": {"separators": (",", ":"), "sort_keys": False, "ensure_ascii": False}}
    return env


class CompactGeoJson(folium.GeoJson):
    """folium.GeoJson whose embedded data (lines, hubs) is written without the spaces Jinja's
    ``tojson`` puts after every separator, and without escaping Japanese: the same template, compiled once for this class in a
    private environment (per element class, not a change to folium's shared JSON policy)."""

    _template = _compact_environment().from_string(_template_source(folium.GeoJson))


def safe_json(obj) -> str:
    """JSON for inside a <script>: no raw <, >, & that could close or open tags."""
    return json.dumps(obj, **_COMPACT).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def on_map_js(group: str, body: str) -> str:
    """JS running ``body`` with ``map`` bound, once ``group`` is on a map (now, or when added)."""
    return (f"(function(){{ var run = function(map) {{ {body} }};"
            f" if ({group}._map) {{ run({group}._map); }} else {{ {group}.once('add', function() {{ run(this._map); }}); }} }})();")


class AtlasBoot(folium.MacroElement):
    """Shared JS for the atlas layers: a load chain (keeps drawing order), a tooltip builder,
    a cache of fetched geometry (a filter change redraws without refetching) and resize."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        var atlas_chain = Promise.resolve();
        window.atlas_geo = window.atlas_geo || {};
        function atlas_fetch(u) {
            if (!window.atlas_geo[u]) { window.atlas_geo[u] = fetch(u).then(function(r) { return r.json(); }); }
            return window.atlas_geo[u];
        }
        function atlas_tooltip(p, fields, aliases) {
            var rows = "";
            for (var i = 0; i < fields.length; i++) {
                var v = p[fields[i]];
                if (v === undefined || v === null || v === "") continue;
                rows += aliases.length ? "<tr><th style='text-align:left;padding-right:6px'>" + aliases[i] + "</th><td>" + v + "</td></tr>" : "<tr><td>" + v + "</td></tr>";
            }
            return "<table style='width:max-content;max-width:320px;white-space:normal'>" + rows + "</table>";
        }
        window.addEventListener("resize", function() { {{ this._parent.get_name() }}.invalidateSize(); });
        {% endmacro %}
        """
    )


class AtlasGeoLayer(folium.MacroElement):
    """A GeoJSON layer whose polygons come from static files (or inline text) and whose
    styles and tooltips come from per-view properties keyed by feature id.

    Values in ``props`` must already be HTML-escaped: tooltips are set as HTML.  ``casing``
    draws a white line under the outline (legible over any fill), never a fill.
    """

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }}_props = (function(t) {  // columnar: field names once; repeated values once (t.dicts); the key column is the id
            var out = {}, d = t.dicts || {};
            for (var id in t.rows) {
                var o = {}, r = t.rows[id];
                for (var i = 0; i < t.cols.length; i++) { var c = t.cols[i]; o[c] = d[c] ? d[c][r[i]] : r[i]; }
                if (t.key) { o[t.key] = id; }
                out[id] = o;
            }
            return out;
        })({{ this.props_json }});
        {% if this.casing %}
        var {{ this.get_name() }}_casing = L.geoJson(null, {
            interactive: false, renderer: L.svg({padding: 0.5}),
            filter: function(f) { return Object.prototype.hasOwnProperty.call({{ this.get_name() }}_props, f.id); },
            style: function(f) { return {color: "#ffffff", weight: {{ this.casing }}, opacity: 0.85, fill: false}; }
        }).addTo({{ this._parent.get_name() }});
        {% endif %}
        var {{ this.get_name() }} = L.geoJson(null, {
            interactive: {{ "true" if this.interactive else "false" }},
            {% if this.svg %}renderer: L.svg({padding: 0.5}),{% endif %}
            filter: function(f) { return Object.prototype.hasOwnProperty.call({{ this.get_name() }}_props, f.id); },
            style: function(f) { var p = {{ this.get_name() }}_props[f.id]; return {{ this.style_js }}; },
            onEachFeature: function(f, layer) {
                layer.feature = {type: "Feature", id: f.id, geometry: f.geometry, properties: {{ this.get_name() }}_props[f.id]};
                {% if this.tooltip_fields %}
                layer.bindTooltip(atlas_tooltip(layer.feature.properties, {{ this.tooltip_fields }}, {{ this.tooltip_aliases }}), {sticky: true, direction: "auto"});
                {% endif %}
                {% if this.highlight_js %}
                layer.on("mouseover", function() { layer.setStyle({{ this.highlight_js }}); });
                layer.on("mouseout", function() { {{ this.get_name() }}.resetStyle(layer); });
                {% endif %}
            }
        }).addTo({{ this._parent.get_name() }});
        var {{ this.get_name() }}_source = {{ this.source_js }};  // every layer's files are fetched at once; drawn in order
        atlas_chain = atlas_chain.then(function() { return {{ this.get_name() }}_source; }).then(function(collections) {
            collections.forEach(function(c) {
                {% if this.casing %}{{ this.get_name() }}_casing.addData(c);{% endif %}
                {{ this.get_name() }}.addData(c);
            });
        });
        {% endmacro %}
        """
    )

    def __init__(self, source, props: pd.DataFrame, ids, style_js: str, *, tooltip: list[tuple[str, str]] | None = None,
                 highlight: dict | None = None, interactive: bool = True, casing: float | None = None, svg: bool = False):
        super().__init__()
        self._name = "AtlasGeoLayer"
        self.props_json = safe_json(columnar(props, [str(i) for i in ids]))
        self.source_js = source.js()
        self.style_js = style_js
        self.tooltip_fields = safe_json([f for f, _ in tooltip]) if tooltip else ""
        self.tooltip_aliases = safe_json([html.escape(a) for _, a in tooltip if a]) if tooltip else "[]"
        self.highlight_js = safe_json(highlight) if highlight else ""
        self.interactive = interactive
        self.casing = casing
        # Canvas hit-tests a polygon by its interior even without fill; SVG only by what is
        # painted.  Clickable outlines over the choropleth therefore use SVG.
        self.svg = svg


class MapControl(folium.MacroElement):
    """HTML in a corner of the map (the legend), present while its group is on the map."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "{{ this.position }}"});
        {{ this.get_name() }}.onAdd = function(map) {
            var div = L.DomUtil.create("div", "atlas-control");
            div.innerHTML = {{ this.html_json }};
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            var d = div.querySelector("details");
            if (d) {
                // Open unless it would cover land (or the selection) in the first view; a reader's
                // own open/close is kept across repaints of the layers (issue #22).
                if (window.atlas_legend_user !== undefined) { d.open = window.atlas_legend_user; }
                else {
                    // The geometry arrives after the control (static files, fetched): check once the
                    // features are there and the map has settled, again after each fit, only ever closing.
                    var covers = function() {
                        if (window.atlas_legend_user !== undefined || !d.open || !div.isConnected) { return true; }
                        var mr = map.getContainer().getBoundingClientRect(), r = d.getBoundingClientRect();
                        var box = L.bounds([r.left - mr.left, r.top - mr.top], [r.right - mr.left, r.bottom - mr.top]);
                        var hit = window.innerWidth < 560, features = 0;
                        map.eachLayer(function(l) {
                            if (!l.feature || !l.getBounds) { return; }
                            features += 1;
                            if (hit) { return; }
                            var b = l.getBounds();
                            if (!b.isValid()) { return; }
                            var pb = L.bounds(map.latLngToContainerPoint(b.getNorthWest()), map.latLngToContainerPoint(b.getSouthEast()));
                            if (!pb.intersects(box)) { return; }
                            if (!l.getLatLngs) { hit = true; return; }
                            // a bounding box is coarse (an island chain spans the sea): test the outline's points
                            var pts = l.getLatLngs(), stack = [pts];
                            while (stack.length && !hit) {
                                var a = stack.pop();
                                for (var i = 0; i < a.length && !hit; i++) {
                                    if (Array.isArray(a[i])) { stack.push(a[i]); }
                                    else if (box.contains(map.latLngToContainerPoint(a[i]))) { hit = true; }
                                }
                            }
                        });
                        if (hit) { d.open = false; }
                        if (features) { window.atlas_legend_checked = (window.atlas_legend_checked || 0) + 1; }
                        return features;
                    };
                    // keep looking while layers arrive (until their number is steady), then after each move
                    var tries = 0, last = -1, steady = 0;
                    var poll = function() {
                        var n = covers();
                        steady = (n && n === last) ? steady + 1 : 0;
                        last = n;
                        if (tries++ < 150 && steady < 3 && d.open) { setTimeout(poll, 400); }
                    };
                    map.on("moveend", covers);
                    var pending = null;  // layers that arrive later (outlines after the choropleth): look again
                    map.on("layeradd", function() { if (pending) { clearTimeout(pending); } pending = setTimeout(covers, 200); });
                    setTimeout(poll, 300);
                }
                d.querySelector("summary").addEventListener("click", function() { window.atlas_legend_user = !d.open; });
            }
            return div;
        };
        {{ this.on_map }}
        {{ this._parent.get_name() }}.on("remove", function() { {{ this.get_name() }}.remove(); });
        {% endmacro %}
        """
    )

    def __init__(self, html_text: str, position: str = "bottomleft"):
        super().__init__()
        self._name = "MapControl"
        self.html_json = safe_json(html_text)
        self.position = position

    def render(self, **kwargs):
        self.on_map = on_map_js(self._parent.get_name(), f"{self.get_name()}.addTo(map);")
        return super().render(**kwargs)


class FitButton(folium.MacroElement):
    """A button in the map's corner that zooms back to ``bounds`` ("whole body" on a body's
    members map: the reader who zoomed or panned away gets back in one click)."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var control = L.control({position: "topleft"});
            control.onAdd = function(map) {
                var b = L.DomUtil.create("button", "atlas-fit-button");
                b.type = "button";
                b.textContent = {{ this.label_json }};
                b.style.cssText = "background:#fff;border:2px solid rgba(0,0,0,.2);border-radius:4px;padding:3px 8px;font:12px sans-serif;cursor:pointer";
                L.DomEvent.disableClickPropagation(b);
                b.onclick = function() { map.fitBounds({{ this.bounds_json }}, {padding: [12, 12]}); };
                return b;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], label: str):
        super().__init__()
        self._name = "FitButton"
        self.bounds_json = safe_json(bounds)
        self.label_json = safe_json(label)


class FitOnce(folium.MacroElement):
    """Fit the map to ``bounds`` when ``token`` differs from the last fitted one (per page)."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.on_map }}
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], token: str):
        super().__init__()
        self._name = "FitOnce"
        self.bounds = bounds
        self.token = token

    def render(self, **kwargs):
        # On a phone the selection's panel covers the lower part of the map: fit the selection
        # into the part left above it (issue #22: the selection sat behind the panel).
        selected = any(self.token.split("|")[2:])
        pad = ("(window.innerWidth < 640 ? {maxZoom: 10, paddingTopLeft: [12, 12], paddingBottomRight: [12, Math.round(0.55 * "
               "(window.innerHeight + 150)) + 12]} : {maxZoom: 10, paddingTopLeft: [12, 12], paddingBottomRight: [420, 12]})"
               if selected else "{maxZoom: 10, padding: [12, 12]}")
        body = (f"if (window.atlas_fit_token !== {safe_json(self.token)}) {{ window.atlas_fit_token = {safe_json(self.token)};"
                f" map.fitBounds({safe_json(self.bounds)}, {pad}); }}")
        self.on_map = on_map_js(self._parent.get_name(), body)
        return super().render(**kwargs)


def columnar(props: pd.DataFrame, ids: list[str]) -> dict:
    """Per-feature properties as the layer's script reads them, in as few bytes as the values allow.

    Why: 1,741 municipal tooltips go with every national view, and most of their text repeats (47
    prefecture names, a dozen fill colours, the same union named in a hundred towns).  So: field names
    once (``cols``); a text column whose distinct values cost less than repeating them is sent once as
    ``dicts[col]`` with row indexes; a column equal to the feature id is not sent (``key``).
    """
    key = next((c for c in props.columns if props[c].astype(str).tolist() == ids), None)
    shown = props.drop(columns=[key]) if key is not None else props
    dicts: dict[str, list] = {}
    encoded = shown.copy()
    for c in shown.columns:
        col = shown[c]
        if not pd.api.types.is_string_dtype(col) or not all(isinstance(v, str) for v in col):
            continue
        values = list(dict.fromkeys(col.tolist()))
        plain = sum(len(str(v).encode()) + 3 for v in col)
        coded = sum(len(str(v).encode()) + 3 for v in values) + len(col) * (len(str(len(values))) + 1)
        if coded < plain:
            index = {v: i for i, v in enumerate(values)}
            dicts[str(c)] = values
            encoded[c] = [index[v] for v in col]
    out = {"cols": [str(c) for c in encoded.columns], "rows": dict(zip(ids, _rows(encoded)))}
    if dicts:
        out["dicts"] = dicts
    if key is not None:
        out["key"] = str(key)
    return out


def _rows(frame: pd.DataFrame) -> list[list]:
    """The frame's rows as lists (columnar JSON: the field names are sent once per layer, not
    once per feature); NaN → None.  Column-wise ``tolist`` is several times faster than
    ``to_dict("records")`` on Arrow-backed strings."""
    if not len(frame.columns):
        return [[] for _ in range(len(frame))]
    values = [[None if (isinstance(v, float) and v != v) else v for v in frame[c].tolist()] for c in frame.columns]
    return [list(row) for row in zip(*values)]


def point_collection(props: pd.DataFrame, lat: pd.Series, lng: pd.Series) -> dict:
    feats = [
        {"type": "Feature", "id": str(i), "properties": p, "geometry": {"type": "Point", "coordinates": [round(x, 5), round(y, 5)]}}
        for i, (p, y, x) in enumerate(zip(props.to_dict("records"), lat, lng)) if not (pd.isna(y) or pd.isna(x))
    ]
    return {"type": "FeatureCollection", "features": feats}


def line_collection(props: pd.DataFrame, rows: pd.DataFrame) -> dict:
    feats = [
        {"type": "Feature", "id": str(i), "properties": p,
         "geometry": {"type": "LineString", "coordinates": [[round(r.from_lng, 5), round(r.from_lat, 5)], [round(r.to_lng, 5), round(r.to_lat, 5)]]}}
        for i, (p, r) in enumerate(zip(props.to_dict("records"), rows.itertuples()))
        if not any(pd.isna(v) for v in (r.from_lat, r.from_lng, r.to_lat, r.to_lng))
    ]
    return {"type": "FeatureCollection", "features": feats}


class DrawnMark(folium.MacroElement):
    """After every layer before it has its polygons, note the time and a count in the page
    (``window.atlas_drawn_at``, ``window.atlas_draws``): what tests and the browser benchmark
    wait for."""

    _template = folium.template.Template(
        """
        {% macro script(this, kwargs) %}
        atlas_chain = atlas_chain.then(function() {
            return new Promise(function(resolve) { requestAnimationFrame(function() { requestAnimationFrame(resolve); }); });
        }).then(function() {
            window.atlas_drawn_at = Date.now();
            window.atlas_draws = (window.atlas_draws || 0) + 1;
            window.atlas_view = {{ this.token_json }};
        });
        {% endmacro %}
        """
    )

    def __init__(self, token: str):
        super().__init__()
        self._name = "DrawnMark"
        self.token_json = safe_json(token)
