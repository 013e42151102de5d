"""Tables the views need, derived once at build time from sources and registry.

Pure functions: frames in, frames out.  Tested on real sources and on tiny fixtures.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from .registry.timeline import change_days, day_or_none, in_force
from .sources.population import HAMADORI_AGGREGATE, HAMADORI_MEMBERS
from .vocabulary import RELEASES

# Census and projection series in the long population table.
STATUS_OBSERVED = "observed"  # a census count
STATUS_PROJECTED = "projected"  # an IPSS projection for this municipality
STATUS_TOGETHER = "projected_together"  # IPSS projected it only inside an aggregate (group_code)
STATUS_NOT_PROJECTED = "not_projected"  # IPSS published no projection (福島県 in 2018)
STATUS_MISSING = "missing"


def population_long(
    municipal: pd.DataFrame, history: pd.DataFrame, ipss2023: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per (code, series, year): census 1980–2020, ipss2018, ipss2023.

    Missing projections are explicit rows with a status and no population, never zero.
    Returns the long table and the aggregate groups (浜通り) with their own series.
    """
    units = municipal[["code", "type"]].copy()
    is_ward = units["type"] == "行政区"
    rows: list[pd.DataFrame] = []

    # Census 1980–2015 (2016 layout) + 2020; wards only have 2020 (and 2015) in our sources.
    hist = history[history["code"].isin(units.loc[~is_ward, "code"])]
    c2020 = municipal[["code", "pop2020"]].rename(columns={"pop2020": "population"}).assign(year=2020)
    census = pd.concat([hist, c2020], ignore_index=True)
    grid = pd.MultiIndex.from_product([units.loc[~is_ward, "code"], [1980, 1985, 1990, 1995, 2000, 2005, 2010, 2015, 2020]], names=["code", "year"]).to_frame(index=False)
    ward_grid = pd.DataFrame({"code": units.loc[is_ward, "code"], "year": 2020})
    census = pd.concat([grid, ward_grid]).merge(census, on=["code", "year"], how="left")
    census["series"] = "census"
    census["status"] = census["population"].notna().map({True: STATUS_OBSERVED, False: STATUS_MISSING})
    rows.append(census)

    # IPSS 2018: whole municipalities only (no wards); 福島県 not projected.
    years18 = RELEASES["ipss2018"]["years"]
    m = municipal.loc[~is_ward, ["code", "pref_code", *[f"ipss2018_{y}" for y in years18]]]
    p18 = m.melt(id_vars=["code", "pref_code"], var_name="year", value_name="population")
    p18["year"] = p18["year"].str[-4:].astype(int)
    p18["series"] = "ipss2018"
    p18["status"] = STATUS_PROJECTED
    p18.loc[p18["population"].isna(), "status"] = STATUS_MISSING
    p18.loc[p18["population"].isna() & (p18["pref_code"] == "07"), "status"] = STATUS_NOT_PROJECTED
    rows.append(p18.drop(columns="pref_code"))

    # IPSS 2023: municipalities, wards; 浜通り's 13 only as an aggregate.
    years23 = RELEASES["ipss2023"]["years"]
    i23 = ipss2023[ipss2023["kind"].isin(["designated_city", "ward", "special_ward", "city", "town_village"])]
    p23 = i23.melt(id_vars=["code"], value_vars=[f"p{y}" for y in years23], var_name="year", value_name="population")
    p23["year"] = p23["year"].str[1:].astype(int)
    grid23 = pd.MultiIndex.from_product([units["code"], years23], names=["code", "year"]).to_frame(index=False)
    p23 = grid23.merge(p23, on=["code", "year"], how="left")
    p23["series"] = "ipss2023"
    p23["status"] = p23["population"].notna().map({True: STATUS_PROJECTED, False: STATUS_MISSING})
    together = p23["code"].isin(HAMADORI_MEMBERS)
    p23.loc[together, "status"] = STATUS_TOGETHER
    p23.loc[together, "population"] = pd.NA
    p23["group_code"] = pd.NA
    p23.loc[together, "group_code"] = HAMADORI_AGGREGATE
    rows.append(p23)

    long = pd.concat(rows, ignore_index=True)
    long["population"] = long["population"].astype("Float64")
    long["group_code"] = long.get("group_code").astype("string")
    long = long[["code", "series", "year", "population", "status", "group_code"]]
    long = long.sort_values(["code", "series", "year"]).reset_index(drop=True)

    agg = ipss2023[ipss2023["kind"] == "aggregate"]
    groups = agg.melt(id_vars=["code", "name", "pref_code"], value_vars=[f"p{y}" for y in years23], var_name="year", value_name="population")
    groups["year"] = groups["year"].str[1:].astype(int)
    groups["series"] = "ipss2023"
    groups["members"] = groups["code"].map(lambda c: ";".join(HAMADORI_MEMBERS) if c == HAMADORI_AGGREGATE else "")
    return long, groups.reset_index(drop=True)


def body_epochs(members: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """Each body's member municipalities over time: one row per period with a different set.

    Columns body_id, geo_id, valid_from, valid_to (ISO or None = open), codes (;-joined).
    The current period's geo_id is the body_id, so today's outline keeps the body's own id;
    earlier periods are ``<body_id>@<valid_from>``.  A body whose members carry no dates has
    one period.  Periods that end before the body began (a hub alone, before the first
    agreement) are not periods of the body: the body starts at its span's `since`, or, where
    that is unknown, at its first dated member.
    """
    rows = []
    m = members[members["member_code"].notna()]
    starts = spans.set_index("body_id")["since"].to_dict()
    for body_id, group in m.groupby("body_id", sort=False):
        days = change_days(group)
        dated = [d for d in map(day_or_none, group["since"]) if d]
        begin = day_or_none(starts.get(body_id)) or (min(dated) if dated else None)
        points = [None, *days]
        periods: list[list] = []
        for start in points:
            probe = start or "0000"
            codes = tuple(sorted(c for c, s, u in zip(group["member_code"], group["since"], group["until"]) if in_force(s, u, probe)))
            if periods and periods[-1][2] == codes:
                continue
            periods.append([start, None, codes])
        for a, b in zip(periods, periods[1:]):
            a[1] = b[0]
        if begin:
            periods = [p for p in periods if p[1] is None or p[1] > begin]
            if periods:
                periods[0][0] = None
        periods = [p for p in periods if p[2]]
        for i, (start, end, codes) in enumerate(periods):
            last = i == len(periods) - 1
            rows.append({"body_id": body_id, "geo_id": body_id if last else f"{body_id}@{start or 'start'}",
                         "valid_from": start, "valid_to": end, "codes": ";".join(codes)})
    return pd.DataFrame(rows, columns=["body_id", "geo_id", "valid_from", "valid_to", "codes"])


def epoch_geometries(epochs: pd.DataFrame, municipalities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Dissolve each period's member municipalities into one outline (same resolution as input)."""
    geo = municipalities.set_index("code").geometry
    shapes = []
    for codes in epochs["codes"]:
        parts = [geo[c] for c in codes.split(";") if c in geo.index]
        shapes.append(shapely.union_all(parts) if parts else None)
    return gpd.GeoDataFrame(epochs.drop(columns="codes").reset_index(drop=True), geometry=shapes, crs=municipalities.crs)


def body_geometries(bodies: pd.DataFrame, epochs: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each body with its current outline (the period whose geo_id is the body_id)."""
    current = epochs[epochs["geo_id"] == epochs["body_id"]].set_index("body_id").geometry
    shapes = [current.get(b) for b in bodies["body_id"]]
    return gpd.GeoDataFrame(bodies.reset_index(drop=True), geometry=shapes, crs=epochs.crs)


def light_geometry(fine: gpd.GeoDataFrame, light: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """National-view geometry: the 0.1 % file, falling back to the 1 % shape where a small
    island municipality vanished at 0.1 % (7 codes in N03 2021)."""
    lg = light.set_index("code").geometry
    geoms = [lg[c] if c in lg.index and not lg[c].is_empty else g for c, g in zip(fine["code"], fine.geometry)]
    return gpd.GeoDataFrame({"code": fine["code"].values}, geometry=geoms, crs=fine.crs)


def membership_counts(members: pd.DataFrame, bodies: pd.DataFrame) -> pd.DataFrame:
    """Per municipality and scheme: how many bodies it belongs to."""
    m = members[members["member_code"].notna()].merge(bodies[["body_id", "scheme_id"]], on="body_id")
    return m.groupby(["member_code", "scheme_id"]).size().rename("n_bodies").reset_index().rename(columns={"member_code": "code"})


def agreement_links(bodies: pd.DataFrame, schemes: pd.DataFrame, members: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """Hub → partner links implied by a scheme's 1-to-1 agreement (定住自立圏形成協定, 連携協約).

    Each partner of a 定住自立圏 or 連携中枢都市圏 signs its own agreement with the hub
    (seed 002 Q2: 「１対１で締結」), so the registry lists members once and the lines are
    derived.  Joint hubs (複眼型) each link to every partner.  The date is the partner's
    since-date; where the registry has none, the sphere's first agreement milestone, said so in
    the note and sourced to that milestone (a partner with its own later date keeps its own).
    """
    scheme = schemes.set_index("scheme_id")
    agreements = milestones[milestones["kind"].isin(["協定締結", "連携協約締結"])].copy()
    agreements["date"] = agreements["date"].astype(str)
    # earliest agreement; of two records of the same month (2016-03, 2016-03-29) the more precise
    agreements["_month"] = agreements["date"].str[:7]
    agreements["_precision"] = -agreements["date"].str.len()
    first = agreements.sort_values(["_month", "_precision"]).groupby("body_id")[["date", "source"]].first()
    out = []
    coded = {b: g for b, g in members[members["member_code"].notna()].groupby("body_id", sort=False)}
    for body in bodies.to_dict("records"):
        sch = scheme.loc[body["scheme_id"]]
        kind, hub_role = sch.get("hub_agreement"), sch.get("hub_role")
        if not kind or not hub_role or body["body_id"] not in coded:
            continue
        m = coded[body["body_id"]]
        hubs = m[m["role"] == hub_role]
        partners = m[m["role"] != hub_role]
        for h in hubs.to_dict("records"):
            for p in partners.to_dict("records"):
                own = isinstance(p.get("since"), str) and p["since"] != ""
                fallback = first.loc[body["body_id"]] if body["body_id"] in first.index else None
                out.append({
                    "link_id": f"{body['body_id']}:{h['member_code']}-{p['member_code']}",
                    "kind": kind, "body_id": body["body_id"],
                    "from_code": h["member_code"], "to_code": p["member_code"],
                    "date": p["since"] if own else None if fallback is None else fallback["date"],
                    "name": f"{h['member_name']}–{p['member_name']} {kind}",
                    "note": "derived: hub–partner agreement of the scheme" + (
                        "" if own or fallback is None else "; date: the sphere's first agreement (this partner's own date is not recorded)"),
                    "source": p["source"] if own or fallback is None else f"{p['source']} | date: {fallback['source']}",
                    "evidence": p["evidence"],
                })
    return pd.DataFrame(out)
