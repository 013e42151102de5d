"""What spheres cooperate on (#18): policy areas × scheme and × prefecture, and how much is known.

Counts are of spheres (定住自立圏, 連携中枢都市圏 and prefecture schemes) with at least one 取組 in an
area, and of distinct 取組 (by name); beside them, the share of spheres whose items are recorded at
all, so that a low count is never read as "few spheres do this" when the items are simply unknown.
Also per scheme and prefecture: bodies with a vision, with policy areas, with amounts (coverage).
"""

from __future__ import annotations

import pandas as pd

from dashboard.registry.taxonomy import POLICY_AREAS

SPHERES = ("sphere", "prefecture_scheme")


def _spheres(data, prefs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Spheres (touching ``prefs`` when given: the sidebar's prefectures)."""
    category = data.bodies["scheme_id"].map(data.scheme_category())
    out = data.bodies.loc[category.isin(SPHERES), ["body_id", "scheme_id", "pref_codes"]]
    if prefs:
        out = out[out["pref_codes"].fillna("").str.split(";").map(lambda ps: bool(set(ps) & set(prefs)))]
    return out


def _items(data, prefs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Distinct (body, policy area, name) of the spheres, with the scheme and prefectures."""
    p = data.projects
    p = p[p["policy_area"].fillna("").astype(str) != ""] if "policy_area" in p else p.iloc[:0]
    return p.drop_duplicates(["body_id", "policy_area", "name"]).merge(_spheres(data, prefs), on="body_id")


def _by(data, key: str, prefs: tuple[str, ...] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(items with `key`, spheres with `key`) for key 'scheme_id' or 'pref_code'."""
    items, spheres = _items(data, prefs), _spheres(data, prefs)
    if key == "pref_code":
        items = items.assign(pref_code=items["pref_codes"].fillna("").str.split(";")).explode("pref_code")
        spheres = spheres.assign(pref_code=spheres["pref_codes"].fillna("").str.split(";")).explode("pref_code")
    return items, spheres


def policy_areas(data, by: str = "scheme", prefs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Long table: key (scheme or prefecture), policy_group, policy_area, spheres, items, spheres_total,
    spheres_with_items, known_share_pct (spheres whose items are recorded / spheres of the key)."""
    key = "scheme_id" if by == "scheme" else "pref_code"
    items, spheres = _by(data, key, prefs)
    totals = spheres.groupby(key)["body_id"].nunique()
    known = items.groupby(key)["body_id"].nunique()
    cols = [key, "policy_group", "policy_area", "spheres", "items", "spheres_total", "spheres_with_items", "known_share_pct"]
    if items.empty:
        return pd.DataFrame(columns=cols)
    g = items.groupby([key, "policy_area"]).agg(spheres=("body_id", "nunique"), items=("name", "size")).reset_index()
    g["policy_group"] = g["policy_area"].map(POLICY_AREAS)
    g["spheres_total"] = g[key].map(totals).fillna(0).astype(int)
    g["spheres_with_items"] = g[key].map(known).fillna(0).astype(int)
    g["known_share_pct"] = (100 * g["spheres_with_items"] / g["spheres_total"].where(g["spheres_total"] > 0)).round(1)
    order = {a: i for i, a in enumerate(POLICY_AREAS)}
    g = g.assign(_o=g["policy_area"].map(order)).sort_values([key, "_o"]).drop(columns="_o")
    if key == "pref_code":
        names = data.municipalities.drop_duplicates("pref_code").set_index("pref_code")["pref_name"]
        g.insert(1, "pref_name", g["pref_code"].map(names))
    return g.reset_index(drop=True)


def policy_matrix(data, by: str = "scheme", value: str = "spheres", prefs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Policy areas (rows, in the 要綱's order) × schemes or prefectures (columns): spheres (or items)."""
    long = policy_areas(data, by, prefs)
    key = "scheme_id" if by == "scheme" else "pref_name"
    if long.empty:
        return pd.DataFrame(columns=["policy_area"])
    wide = long.pivot_table(index="policy_area", columns=key, values=value, aggfunc="sum", fill_value=0)
    wide = wide.reindex([a for a in POLICY_AREAS if a in wide.index])
    return wide.reset_index()


def known_share(data, by: str = "scheme", prefs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per scheme (or prefecture): spheres, spheres whose items are recorded, and the share (%)."""
    key = "scheme_id" if by == "scheme" else "pref_code"
    items, spheres = _by(data, key, prefs)
    out = spheres.groupby(key)["body_id"].nunique().rename("spheres_total").to_frame()
    out["spheres_with_items"] = items.groupby(key)["body_id"].nunique().reindex(out.index).fillna(0).astype(int)
    out["known_share_pct"] = (100 * out["spheres_with_items"] / out["spheres_total"]).round(1)
    return out.reset_index()


def spheres_on(data, area: str) -> pd.DataFrame:
    """The spheres with 取組 in one policy area (the map filter's list), with their item count."""
    items = _items(data)
    rows = items[items["policy_area"] == area]
    names = data.bodies.set_index("body_id")["name"]
    out = rows.groupby(["body_id", "scheme_id"]).size().rename("items").reset_index()
    out.insert(1, "body", out["body_id"].map(names))
    return out.sort_values(["scheme_id", "body"]).reset_index(drop=True)


def facts_coverage(data, by: str = "scheme") -> pd.DataFrame:
    """Per scheme (or scheme × prefecture): bodies, bodies with a vision, with policy areas, with amounts."""
    b = data.bodies[["body_id", "scheme_id", "pref_codes"]]
    visions = set(data.visions["body_id"]) if getattr(data, "visions", None) is not None else set()
    areas = set(data.projects.loc[data.projects["policy_area"].fillna("").astype(str) != "", "body_id"]) if "policy_area" in data.projects else set()
    amounts = set(data.spending.loc[pd.to_numeric(data.spending["total_thousand_yen"], errors="coerce").notna(), "body_id"])
    amounts |= set(data.projects.loc[pd.to_numeric(data.projects["cost_thousand_yen"], errors="coerce").notna(), "body_id"])
    b = b.assign(with_vision=b["body_id"].isin(visions), with_policy_areas=b["body_id"].isin(areas),
                 with_amounts=b["body_id"].isin(amounts))
    keys = ["scheme_id"]
    if by == "prefecture":
        b = b.assign(pref_code=b["pref_codes"].fillna("").str.split(";")).explode("pref_code")
        keys.append("pref_code")
    out = b.groupby(keys).agg(bodies=("body_id", "nunique"), with_vision=("with_vision", "sum"),
                              with_policy_areas=("with_policy_areas", "sum"), with_amounts=("with_amounts", "sum")).reset_index()
    return out
