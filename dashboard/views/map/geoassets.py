"""Geometry as static files, so a rerun sends the browser properties, not polygons.

The app writes (dashboard/ui/static_files.py), once per built store, one GeoJSON file per geometry level and prefecture
(``static/geo/<build>/<layer>/<pref>.json``; the national overview as ``all.json``).  The map
script then carries only what changes with the filters (classes, values, tooltips) and
fetches the polygons, which the browser caches across reruns.  For a standalone HTML export
the same layer element inlines the geometry instead (:class:`GeometrySource`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
import shapely

from dashboard.registry.taxonomy import AFFAIR_CATEGORIES
from dashboard.views.affairs import categories

# layer → (decimals, split by prefecture?).  The 0.1 % layers also have all.json (Japan whole).
LAYERS = {
    "municipalities_light": (3, True),
    "municipalities_mid": (3, True),  # used at zoom ≤ 8 (≈ 600 m a pixel): 100 m is plenty
    "municipalities": (4, True),
    "wards": (4, True),
    "prefectures_light": (3, True),
    "prefectures": (4, True),
    "bodies_light": (3, True),
    "bodies_mid": (3, True),
    "bodies": (3, True),
    "body_epochs_light": (3, True),  # outlines of earlier membership periods (as-of views)
    "body_epochs_mid": (3, True),
    "body_epochs": (3, True),
}
STATIC_PREFIX = "/app/static/geo"
# Japan whole is seen at about zoom 5 (≈ 4 km a pixel): its files (all.json) keep 2 decimals
# (≈ 1 km), which also drops the vertices that fall together; a shape that would vanish keeps
# its layer's precision.
NATIONAL_DECIMALS = 2
NATIONAL_UNION_TOLERANCE = 0.05  # degrees (≈ 5 km, about a pixel): body outlines in the national files (#20), drawn at ≈ 4 km a pixel


def build_id(meta: dict) -> str:
    """A short id of the built store, so a rebuild gets fresh URLs (no stale browser cache)."""
    return hashlib.sha1(str(meta.get("built_at", "")).encode()).hexdigest()[:10]


def _prefs_of(layer: str, frame: pd.DataFrame) -> pd.Series:
    if layer.startswith(("bodies", "body_epochs")):
        return frame["pref_codes"].fillna("").str.split(";")
    if "pref_code" in frame.columns:
        return frame["pref_code"].map(lambda p: [p])
    return frame["code"].str[:2].map(lambda p: [p])


def asset_files(data) -> Iterator[tuple[str, str]]:
    """Every level's files as (``<layer>/<pref or all>.json``, GeoJSON text): pure, so that the
    views stay free of file writing (the app writes them: dashboard/ui/static_files.py)."""
    bodies_prefs = data.bodies.set_index("body_id")["pref_codes"]
    # A union of every municipality of a prefecture is drawn as the prefecture's outline, never
    # from its own polygon: leave it out of the files the browser fetches.
    prefecture_wide = set(data.whole_prefecture())
    # #20: nationally the union layer shows one affair at a time, so a union's national outline goes
    # to the file of each of its affairs (all-<part>.json), not to all.json with every other body.
    union_parts = national_union_parts(data)
    for layer, (decimals, split) in LAYERS.items():
        texts = data.geometry_text(layer, decimals)
        frame = getattr(data, layer)
        if layer.startswith(("bodies", "body_epochs")) and "pref_codes" not in frame.columns:
            frame = frame.assign(pref_codes=frame["body_id"].map(bodies_prefs))
        ids = frame[next(c for c in ("geo_id", "body_id", "code", "pref_code") if c in frame.columns)]
        groups: dict[str, list[str]] = {}
        for i, prefs in zip(ids, _prefs_of(layer, frame)):
            if i not in texts.index or str(i).split("@")[0] in prefecture_wide:
                continue
            national = not split or layer.endswith("_light")  # only the 0.1 % layers serve Japan whole
            whole = ["all"] if national else []
            if whole and layer.startswith(("bodies", "body_epochs")) and str(i).split("@")[0] in union_parts:
                whole = [f"all-{part}" for part in union_parts[str(i).split("@")[0]]]
            for p in whole + (list(prefs) if split else []):
                groups.setdefault(p, []).append(i)
        coarse = data.geometry_text(layer, NATIONAL_DECIMALS) if any(k.startswith("all") for k in groups) else None
        if coarse is not None and layer.startswith(("bodies", "body_epochs")):  # body outlines nationally: ≈ a pixel
            coarse = coarse.copy()
            geo_ids = frame.set_index(ids.name).geometry
            wanted = list(dict.fromkeys(i for k, v in groups.items() if k.startswith("all") for i in v))
            simple = shapely.to_geojson(shapely.set_precision(shapely.simplify(geo_ids.reindex(wanted).values, NATIONAL_UNION_TOLERANCE),
                                                              10 ** -NATIONAL_DECIMALS))
            keep = [t is not None and '"coordinates":[]' not in t for t in simple]
            coarse.loc[[i for i, k in zip(wanted, keep) if k]] = [t for t, k in zip(simple, keep) if k]
        for key, members in groups.items():
            shown = texts if not key.startswith("all") else coarse.where(~coarse.str.contains('"coordinates":[]', regex=False), texts).reindex(texts.index).fillna(texts)
            body = ",".join(f'{{"type":"Feature","id":{json.dumps(i)},"properties":{{}},"geometry":{shown[i]}}}' for i in members)
            yield f"{layer}/{key}.json", '{"type":"FeatureCollection","features":[' + body + "]}"


def affair_part(affair: str | None) -> str | None:
    """The file-name part of an affair's national union file (ASCII: 'affair04'); None for no affair."""
    return None if affair not in AFFAIR_CATEGORIES else f"affair{list(AFFAIR_CATEGORIES).index(affair):02d}"


def national_union_parts(data) -> dict[str, list[str]]:
    """Union body_id → the parts (affair files) its national outline is written to."""
    out: dict[str, list[str]] = {}
    category = data.bodies["scheme_id"].map(data.scheme_category())
    for body in data.bodies.loc[category == "union", "body_id"]:
        out[body] = []
    for body, affair in zip(*categories(data)[["body_id", "category"]].T.values):
        if body in out:
            out[body].append(affair_part(affair))
    return out


@dataclass(frozen=True)
class GeometrySource:
    """Where a layer's polygons come from: URLs of static files, or inline text (exports)."""

    urls: tuple[str, ...] = ()
    inline: str | None = None

    def js(self) -> str:
        """A JS expression: a Promise of a list of FeatureCollections."""
        if self.inline is not None:
            return f"Promise.resolve([{self.inline}])"
        urls = json.dumps(list(self.urls))
        return f"Promise.all({urls}.map(atlas_fetch))"


def source_for(data, layer: str, ids: list[str], prefs: tuple[str, ...], *, inline: bool, base: str,
               part: str | None = None) -> GeometrySource:
    """The files (or inline text) holding `ids` of a layer for a view of `prefs` (() = Japan);
    ``part``: nationally, the unions of one affair (:func:`affair_part`)."""
    decimals, split = LAYERS[layer]
    if inline:
        texts = data.geometry_text(layer, decimals)
        body = ",".join(f'{{"type":"Feature","id":{json.dumps(i)},"properties":{{}},"geometry":{texts[i]}}}' for i in ids if i in texts.index)
        return GeometrySource(inline='{"type":"FeatureCollection","features":[' + body + "]}")
    root = f"{base}/{build_id(data.meta)}/{layer}"
    if not split or not prefs:
        return GeometrySource((f"{root}/all-{part}.json" if part else f"{root}/all.json",))
    return GeometrySource(tuple(f"{root}/{p}.json" for p in prefs))
