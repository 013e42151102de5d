"""The cooperation layers of the atlas map: unions, spheres, agreement lines, remote
partnerships and hubs.  Each function returns a folium FeatureGroup (or None when the view
has nothing of that kind) and the legend section explaining exactly what it drew.

Spheres and unions are outlines (with a white casing), never fills, so the population
choropleth beneath stays readable; schemes differ by colour and dash pattern.
"""

from __future__ import annotations

import html

import folium
import pandas as pd

from dashboard.views.atlas import AtlasData
from dashboard.views.labels import t
from dashboard.views.map.elements import AtlasGeoLayer, CompactGeoJson, line_collection, point_collection
from dashboard.views.map.legend import Entry, Section
from dashboard.views.map.symbols import (
    HUB_MARKER,
    LINK_LINE,
    OTHER_PURPOSE,
    PURPOSE_COLORS,
    PURPOSES_EN,
    REMOTE_LINE,
    SPHERE_WEIGHT,
    UNION_DASH,
    UNION_WEIGHT,
    purpose_color,
    purpose_of,
    scheme_style,
)
from dashboard.views.map.units import outline_groups

SPHERE_CATEGORIES = ("sphere", "prefecture_scheme")


def _body_props(frame: pd.DataFrame, color: pd.Series, dash: pd.Series | None = None) -> pd.DataFrame:
    out = pd.DataFrame({"body_id": frame["body_id"].values, "name": frame["name"].map(html.escape).values,
                        "scheme": frame["scheme_id"].map(html.escape).values, "color": color.values})
    if dash is not None:
        out["dash"] = dash.values
    return out


def _tooltip(lang: str) -> list[tuple[str, str]]:
    return [("name", t("body", lang)), ("scheme", t("scheme", lang))]


def unions_layer(data: AtlasData, bodies: pd.DataFrame, level: str, source, lang: str):
    """広域連合 / 一部事務組合 as dashed outlines coloured by purpose (a click opens the body)."""
    category = data.scheme_category()
    # a union of every municipality of a prefecture (後期高齢者医療) has the prefecture's outline,
    # which the map draws anyway: not redrawn
    unions = bodies[(bodies["scheme_id"].map(category) == "union") & ~bodies["body_id"].isin(set(data.whole_prefecture()))]
    if not len(unions):
        return None, None
    name = t("layer_unions", lang)
    fg = folium.FeatureGroup(name=name, show=True)
    drawn = False
    for layer, rows, ids in outline_groups(unions, level):
        drawn = True
        fg.add_child(AtlasGeoLayer(
            source(layer, ids), _body_props(rows, rows["purposes"].fillna("").map(purpose_color)), ids,
            f'{{color: p.color, weight: {UNION_WEIGHT if level != "light" else 1.2}, fill: false, dashArray: "{UNION_DASH}"}}', tooltip=_tooltip(lang),
            highlight={"weight": 4}, svg=True))
    if not drawn:
        return None, None
    purposes = unions["purposes"].fillna("").map(purpose_of)
    entries = [Entry(p if lang == "ja" else PURPOSES_EN.get(p, p), "line", c, UNION_DASH, UNION_WEIGHT)
               for p, c in PURPOSE_COLORS.items() if (purposes == p).any()]
    if (purposes == "").any():
        entries.append(Entry(t("other_purpose", lang), "line", OTHER_PURPOSE, UNION_DASH, UNION_WEIGHT))
    return fg, Section(name, name, entries, t("unions_note", lang))


def spheres_layer(data: AtlasData, bodies: pd.DataFrame, level: str, source, lang: str, pref_layer: str = "prefectures"):
    """定住自立圏, 連携中枢都市圏 and prefecture schemes: outlines, one colour and dash per scheme.
    A sphere of a whole prefecture is drawn with the prefecture's outline (``pref_layer``)."""
    category = data.scheme_category()
    spheres = bodies[bodies["scheme_id"].map(category).isin(SPHERE_CATEGORIES)]
    if not len(spheres):
        return None, None, spheres
    name = t("layer_spheres", lang)
    fg = folium.FeatureGroup(name=name, show=True)
    drawn = set()
    weight = SPHERE_WEIGHT if level != "light" else 1.6  # seen at the national zoom: thinner
    for layer, rows, ids in outline_groups(spheres, level, data.whole_prefecture(), pref_layer):
        styles = rows["scheme_id"].map(scheme_style)
        drawn |= set(rows["scheme_id"])
        fg.add_child(AtlasGeoLayer(
            source(layer, ids), _body_props(rows, styles.map(lambda s: s["color"]), styles.map(lambda s: s["dashArray"])), ids,
            f'{{color: p.color, weight: {weight}, fill: false, dashArray: p.dash}}', tooltip=_tooltip(lang),
            highlight={"weight": 5}, casing=weight + 2, svg=True))
    if not drawn:
        return None, None, spheres
    names = data.schemes.set_index("scheme_id")["name_en" if lang == "en" else "name_ja"]
    entries = [Entry(str(names.get(s, s)), "line", scheme_style(s)["color"], scheme_style(s)["dashArray"], SPHERE_WEIGHT)
               for s in data.schemes["scheme_id"] if s in drawn]
    return fg, Section(name, name, entries), spheres


def link_layers(data: AtlasData, bodies: pd.DataFrame, lang: str, national: bool = False):
    """Hub → partner agreements (1-to-1) and remote partnerships: [(group, section)].

    Nationally the ~1,500 hub→partner lines are a few pixels long and unreadable: the hub
    markers carry the spheres there, and the lines appear once a prefecture is chosen.
    """
    links = data.links[data.links["body_id"].isin(bodies["body_id"])]
    if national:
        links = links[~links["derived"].astype(bool)]
    out = []
    for derived, key, style, entry in ((True, "layer_links", LINK_LINE, "legend_links"),
                                       (False, "layer_remote", REMOTE_LINE, "legend_remote")):
        rows = links[links["derived"].astype(bool) == derived]
        if not len(rows):
            continue
        features = _link_features(data)
        collection = {"type": "FeatureCollection", "features": [features[i] for i in rows.index if i in features]}
        name = t(key, lang)
        fg = folium.FeatureGroup(name=name, show=True)
        CompactGeoJson(collection,
                       style_function=lambda f, style=style: style,
                       tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False)).add_to(fg)
        out.append((fg, Section(name, name, [Entry(t(entry, lang), "line", style["color"], style.get("dashArray", ""), style["weight"])])))
    return out


def hubs_layer(data: AtlasData, spheres: pd.DataFrame, lang: str):
    """Hub municipalities (中心市, 連携中枢都市) of the spheres shown, at their town halls."""
    hubs = _hub_rows(data)
    hubs = hubs[hubs["body_id"].isin(spheres["body_id"])]
    if not len(hubs):
        return None, None
    joined: dict[str, list[str]] = {}
    for code, text in zip(hubs["member_code"], hubs["label"]):
        joined.setdefault(code, []).append(text)
    grouped = pd.Series({c: "、".join(v) for c, v in sorted(joined.items())}, dtype=object)
    towns = data.municipalities.set_index("code").reindex(grouped.index)
    label = (towns["name"] + "：" + grouped).map(html.escape)
    name = t("layer_hubs", lang)
    fg = folium.FeatureGroup(name=name, show=True)
    CompactGeoJson(
        point_collection(pd.DataFrame({"label": label.values, "code": grouped.index}), towns["lat"], towns["lng"]),
        marker=folium.CircleMarker(radius=HUB_MARKER["radius"], color=HUB_MARKER["color"], weight=HUB_MARKER["weight"], fill=True,
                                   fill_color=HUB_MARKER["fill_color"], fill_opacity=1),
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    ).add_to(fg)
    return fg, Section(name, name, [Entry(t("legend_hubs", lang), "marker", HUB_MARKER["color"])])


def _cached(data: AtlasData, key: str, make):
    """A table computed once per (dated) data object: the same for every view of that day."""
    cache = data.__dict__.setdefault("_map_bodies", {})
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _link_labels(data: AtlasData) -> pd.Series:
    """link index → escaped tooltip text ('大町市–池田町 定住自立圏形成協定 (2016-03-29)')."""
    def make():
        names = data.municipalities.set_index("code")["name"]
        links = data.links
        derived = links["derived"].astype(bool)
        what = links["kind"].where(derived, links["name"]).fillna("").astype(str)
        date = links["date"].where(links["date"].map(lambda d: isinstance(d, str) and bool(d)), "")
        text = (links["from_code"].map(names).fillna("") + "–" + links["to_code"].map(names).fillna("") + " " + what
                + date.map(lambda d: f" ({d})" if d else ""))
        return text.map(html.escape)
    return _cached(data, "links", make)


def _hub_rows(data: AtlasData) -> pd.DataFrame:
    """Memberships in a hub role, with 'body（role）' labels."""
    def make():
        hub_roles = set(data.schemes["hub_role"].dropna()) - {""}
        hubs = data.memberships[data.memberships["role"].isin(hub_roles) & data.memberships["member_code"].notna()]
        names = data.bodies.set_index("body_id")["name"]
        return hubs.assign(label=hubs["body_id"].map(names) + "（" + hubs["role"] + "）")[["body_id", "member_code", "label"]]
    return _cached(data, "hubs", make)


def _link_features(data: AtlasData) -> dict:
    """link index → its GeoJSON line with the tooltip label, for every link of the day."""
    def make():
        labels = _link_labels(data)
        rows = data.links
        coll = line_collection(pd.DataFrame({"label": labels.values}), rows)
        # line_collection numbers features 0..n-1 in row order, skipping rows without coordinates
        out = {}
        positions = {str(i): idx for i, idx in enumerate(rows.index)}
        for f in coll["features"]:
            out[positions[f["id"]]] = f
        return out
    return _cached(data, "link_features", make)
