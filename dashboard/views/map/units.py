"""What a map view draws, as tables: which units (municipalities or wards) at which geometry
level, which store layers hold the bodies' outlines, and the tooltip text of the units.

Pure functions of :class:`AtlasData` and a :class:`ViewState`, cached on the data object
(the same view is asked for by the map, its legend and the exports).
"""

from __future__ import annotations

import html

import pandas as pd

from dashboard.views.atlas import AtlasData
from dashboard.views.state import ViewState

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


def outline_groups(bodies: pd.DataFrame, level: str, whole: dict[str, str] | None = None, pref_layer: str = "prefectures"):
    """(store layer, rows, geometry ids) per file set holding the bodies' outlines.

    On a past day a body whose members have changed since is drawn with the outline of that
    day's period (``geo_id`` = ``body_id@from``, in the body_epochs layers); a body with no
    member in force that day has no outline.  A body of a whole prefecture (``whole``: body →
    prefecture code) is drawn with the prefecture's own outline, one layer each (two bodies
    may share a prefecture).
    """
    ids = bodies["geo_id"] if "geo_id" in bodies.columns else bodies["body_id"]
    has = ids.notna()
    whole = whole or {}
    by_pref = has & (ids == bodies["body_id"]) & bodies["body_id"].isin(set(whole))
    for i in bodies.index[by_pref]:
        rows = bodies.loc[[i]]
        yield pref_layer, rows, rows["body_id"].map(whole)
    has &= ~by_pref
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


NATIONAL_TIP_BODIES = 1  # bodies named in a national tooltip (the rest as 他N)


def unit_text(data: AtlasData, units: pd.DataFrame, national: bool = False) -> pd.DataFrame:
    """Escaped tooltip text of the units that does not depend on the measure, cached per view.

    Nationally (1,741 tooltips sent with every view) a municipality lists one body and a
    count of the rest (with the 一部事務組合 of #20 most municipalities belong to several); its
    panel, one click away, lists them all.
    """
    cache = data.__dict__.setdefault("_unit_text", {})
    key = (tuple(units["code"]), national)
    if key not in cache:
        body_text = bodies_by_member(data)
        cache[key] = pd.DataFrame({
            "code": list(units["code"]),
            "name": [html.escape(str(v)) for v in units["name"]],
            "pref": [html.escape(str(v)) for v in units["pref_name"]],
            "pop": ["" if pd.isna(v) else f"{v:,.0f}" for v in units["pop2020"]],
            "bodies": [html.escape(_shorten(body_text.get(c, ""), NATIONAL_TIP_BODIES if national else 5)) for c in units["code"]],
        })
        if len(cache) > 64:
            cache.pop(next(iter(cache)))
    return cache[key]


def _shorten(text: str, n: int = 5) -> str:
    parts = [p for p in str(text).split("、") if p]
    return "、".join(parts[:n]) + (f" 他{len(parts) - n}" if len(parts) > n else "")
