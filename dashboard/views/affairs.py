"""Unions by affair (#20): which union handles a municipality's 消防, ごみ, し尿, 火葬場, 水道 …,
the map's union layer for one affair, and the per-affair completeness the map marks.

Pure functions of AtlasData (as of the view's day); the categories are read once per data object.
"""

from __future__ import annotations

import html

import pandas as pd

from dashboard.registry.affairs import affair_coverage, body_categories
from dashboard.registry.taxonomy import AFFAIR_CATEGORIES, MAP_AFFAIRS
from dashboard.views.labels import t

DEFAULT_AFFAIR = "消防"  # nationally one affair at a time: fire services, which every municipality has
ALL = "all"  # every affair: only in a prefecture view (nationally 1,000+ outlines overlap)
UNION = "union"  # handled by a union the registry holds
ALONE = "alone"  # 単独: a source says the municipality handles it itself
UNRECORDED = "unrecorded"  # 未収録: nothing recorded either way (never read as "nobody")


def effective_affair(state) -> str | None:
    """The affair the union layer shows: the chosen one; nationally 消防 unless one is chosen
    (``all`` there too falls back to it); in a prefecture every affair unless one is chosen."""
    chosen = getattr(state, "affair", None)
    if not state.prefs:
        return chosen if chosen and chosen != ALL else DEFAULT_AFFAIR
    return None if chosen in (None, ALL) else chosen


def categories(data) -> pd.DataFrame:
    """body_id, category, origin, source for the unions in force in ``data``, computed once."""
    cache = data.__dict__.setdefault("_affair_categories", {})
    if "table" not in cache:
        union = data.bodies["scheme_id"].map(data.scheme_category()) == "union"
        bodies = data.bodies[union].drop(columns="geometry", errors="ignore")
        cache["table"] = body_categories(bodies, data.affairs[data.affairs["body_id"].isin(bodies["body_id"])])
    return cache["table"]


def unions_for(data, affair: str | None) -> set[str] | None:
    """Union body_ids handling ``affair``; None: no filter (every union)."""
    if affair is None:
        return None
    c = categories(data)
    return set(c.loc[c["category"] == affair, "body_id"])


def services(data, code: str, lang: str = "ja") -> pd.DataFrame:
    """Per affair, who handles it for one municipality: the union(s), 単独 where a source says so,
    or 未収録.  The map's affairs come first (each always listed), then any other affair a union of
    the municipality handles.  Never silent: an affair with no fact says 未収録."""
    m = data.memberships[data.memberships["member_code"] == code]
    names = data.bodies.set_index("body_id")["name"]
    c = categories(data)
    mine = c[c["body_id"].isin(set(m["body_id"]))]
    own = data.own_affairs[data.own_affairs["code"].astype(str) == code] if getattr(data, "own_affairs", None) is not None else None
    shown = list(MAP_AFFAIRS) + [a for a in AFFAIR_CATEGORIES if a not in MAP_AFFAIRS and a in set(mine["category"])]
    rows = []
    for affair in shown:
        unions = mine[mine["category"] == affair]
        alone = own[own["category"] == affair] if own is not None else pd.DataFrame()
        if len(unions):
            status, who = UNION, "、".join(names.get(b, b) for b in dict.fromkeys(unions["body_id"]))
            source = " | ".join(dict.fromkeys(unions["source"].astype(str)))
            body_id = ";".join(dict.fromkeys(unions["body_id"]))
        elif len(alone):
            status, who, body_id = ALONE, t("affair_alone", lang), ""
            note = str(alone["note"].iloc[0]) if "note" in alone and isinstance(alone["note"].iloc[0], str) else ""
            who += f" ({note})" if note else ""
            source = " | ".join(dict.fromkeys(alone["source"].astype(str)))
        else:
            status, who, body_id, source = UNRECORDED, t("affair_unrecorded", lang), "", ""
        rows.append({"affair_category": affair if lang == "ja" else f"{affair} ({AFFAIR_CATEGORIES[affair]})",
                     "handled_by": who, "status": status, "body_id": body_id, "source": source})
    return pd.DataFrame(rows)


def coverage(data) -> pd.DataFrame:
    """Prefecture × affair completeness of the 一部事務組合 in force in ``data``, computed once."""
    cache = data.__dict__.setdefault("_affair_coverage", {})
    if "table" not in cache:
        prefs = dict(zip(data.municipalities["pref_code"], data.municipalities["pref_name"]))
        bodies = data.bodies.drop(columns="geometry", errors="ignore")
        cache["table"] = affair_coverage(bodies, data.affairs, data.official_totals, prefs)
    return cache["table"]


def incomplete_for(data, affair: str, lang: str = "ja") -> pd.DataFrame:
    """pref_code, tip (escaped HTML): prefectures whose union layer for ``affair`` is not known complete."""
    cov = coverage(data)
    rows = cov[(cov["affair"] == affair) & (cov["pref_code"] != "") & ~cov["status"].isin(("complete", "none"))]
    head = html.escape(t("affair_incomplete", lang))
    tips = [f"<b>{head}</b><br>{html.escape(affair)} {r.unions}/{'?' if pd.isna(r.unions_official) else int(r.unions_official)} ({r.status})"
            for r in rows.itertuples()]
    return pd.DataFrame({"pref_code": rows["pref_code"].values, "tip": tips})


def merge_tips(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """pref_code, tip frames joined: one row per prefecture, tips one under the other."""
    both = pd.concat([first, second], ignore_index=True)
    if both.empty:
        return first
    return both.groupby("pref_code", as_index=False, sort=True)["tip"].agg("<br>".join)


def coverage_wide(data) -> pd.DataFrame:
    """The data page's table: one row per prefecture, one column per affair, 'held / official (status)'."""
    cov = coverage(data)
    if cov.empty:
        return pd.DataFrame(columns=["pref_name"])
    cell = [f"{r.unions} / {'?' if pd.isna(r.unions_official) else int(r.unions_official)}"
            + ("" if r.status in ("complete", "none", "unknown") else f" ({r.status})") for r in cov.itertuples()]
    wide = cov.assign(cell=cell).pivot(index=["pref_code", "pref_name"], columns="affair", values="cell")
    return wide[[a for a in MAP_AFFAIRS if a in wide.columns]].reset_index().drop(columns="pref_code")


_PURPOSE_KEYS = {"ごみ": "ごみ処理", "し尿": "し尿処理", "病院・医療": "病院", "国保・後期高齢者医療": "後期高齢者医療"}


def affair_purpose(affair: str) -> str:
    """The map symbol key (views/map/symbols.PURPOSE_COLORS) an affair's unions are drawn with; the
    affair itself where it has no colour of its own (drawn in the 'other' colour)."""
    return _PURPOSE_KEYS.get(affair, affair)
