"""The questions the seeds ask of the map, as tables computed from the store.

- decline: municipalities per seed-001 index bin (seed 001 §I-① lays the table out);
- spheres: a body's hub against its partners over time (seed 002 Q6: does the hub grow while
  the periphery shrinks?);
- coverage and layering: bodies per municipality by scheme (seed 001 §II-①), municipalities in
  no partnership sphere, the spheres on top of each Nagano 広域連合 (seed 001 §III-③);
- eligibility: 北海道 市町村連携地域モデル (seed 003 第2), 定住自立圏 中心市 and 連携中枢都市
  candidates (DOMAIN.md), with criteria we cannot check reported as unknown, never false.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.views.coverage import completeness_text, short_bodies
from dashboard.views.labels import t
from dashboard.views.measures import SEED_BINS, UNKNOWN, Measure, compute, population_at, seed_bin
from dashboard.vocabulary import RELEASES, release_label

SPHERE_CATEGORIES = ("sphere", "prefecture_scheme")


def municipalities_of(data, prefs: tuple[str, ...] | list[str] = ()) -> pd.DataFrame:
    m = data.municipalities.drop(columns="geometry", errors="ignore")
    return m if not prefs else m[m["pref_code"].isin(prefs)]


def decline(data, prefs, base: int, target: int, release: str) -> pd.DataFrame:
    """Rows bin, count, share (% with one decimal) for index = 100 × pop(target) / pop(base)."""
    codes = list(municipalities_of(data, prefs)["code"])
    values = compute(data.population, Measure("index", target, base, release)).reindex(codes)
    bins = values["value"].map(seed_bin)
    counts = bins.value_counts()
    rows = [{"bin": b, "count": int(counts.get(b, 0))} for b in (*SEED_BINS, UNKNOWN)]
    out = pd.DataFrame(rows)
    out["share"] = (100 * out["count"] / max(len(codes), 1)).round(1)
    return out


def hub_and_partners(data, body_id: str) -> pd.DataFrame:
    """Per series and year: the hub's population, the partners' together, and the body's total."""
    roles = data.schemes.set_index("scheme_id")["hub_role"]
    body = data.bodies.set_index("body_id").loc[body_id]
    hub_role = roles.get(body["scheme_id"])
    m = data.memberships[(data.memberships["body_id"] == body_id) & data.memberships["member_code"].notna()]
    side = np.where(m["role"] == hub_role, "hub", "partners")
    groups = dict(zip(m["member_code"], side))
    p = data.population[data.population["code"].isin(groups)]
    p = p.assign(side=p["code"].map(groups))
    rows = []
    for (series, year), g in p.groupby(["series", "year"]):
        row = {"series": series, "year": year}
        for s in ("hub", "partners"):
            part = g[g["side"] == s]["population"]
            row[s] = float(part.sum()) if len(part) and part.notna().all() else None
        row["total"] = None if row["hub"] is None or row["partners"] is None else row["hub"] + row["partners"]
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["series", "year"]).reset_index(drop=True)


def hub_vs_periphery(data, release: str = "ipss2023") -> pd.DataFrame:
    """Across spheres: hub and partners change from the release's base year to its last year.

    One pass over the population table for all spheres (the same rule as
    :func:`hub_and_partners`: a side's sum only where every member has a value).
    """
    category = data.scheme_category()
    base, last = RELEASES[release]["base"], max(RELEASES[release]["years"])
    spheres = data.bodies[data.bodies["scheme_id"].map(category).isin(SPHERE_CATEGORIES)]
    hub_role = spheres["scheme_id"].map(data.schemes.set_index("scheme_id")["hub_role"])
    m = data.memberships[data.memberships["body_id"].isin(spheres["body_id"]) & data.memberships["member_code"].notna()]
    m = m.assign(side=np.where(m["role"].values == m["body_id"].map(dict(zip(spheres["body_id"], hub_role))).values, "hub", "partners"))
    p = data.population[(data.population["series"] == release) & data.population["year"].isin([base, last])]
    joined = m[["body_id", "member_code", "side"]].merge(p[["code", "year", "population"]], left_on="member_code", right_on="code")
    sums = joined.groupby(["body_id", "side", "year"])["population"].agg(lambda v: float(v.sum()) if v.notna().all() else None)
    rows = []
    for body in spheres.to_dict("records"):
        def at(side: str, year: int, body_id: str = body["body_id"]):
            return sums.get((body_id, side, year))

        def change(side: str):
            if side == "total":
                a = None if at("hub", base) is None or at("partners", base) is None else at("hub", base) + at("partners", base)
                b = None if at("hub", last) is None or at("partners", last) is None else at("hub", last) + at("partners", last)
            else:
                a, b = at(side, base), at(side, last)
            return None if a is None or b is None or pd.isna(a) or pd.isna(b) or not a else round((b / a - 1) * 100, 1)

        if (body["body_id"], "hub", base) not in sums.index and (body["body_id"], "partners", base) not in sums.index:
            continue
        rows.append({"body": body["name"], "scheme": body["scheme_id"], f"hub_change_{base}_{last}": change("hub"),
                     f"partners_change_{base}_{last}": change("partners"), f"total_change_{base}_{last}": change("total")})
    return pd.DataFrame(rows)


def bodies_per_municipality(data, prefs=()) -> pd.DataFrame:
    """One row per municipality: bodies it belongs to, per scheme, and whether it is in a sphere."""
    m = municipalities_of(data, prefs)[["code", "name", "pref_code", "pref_name"]]
    mem = data.memberships[data.memberships["member_code"].isin(m["code"])]
    mem = mem.merge(data.bodies[["body_id", "scheme_id"]], on="body_id")
    counts = mem.groupby(["member_code", "scheme_id"]).size().unstack(fill_value=0)
    out = m.set_index("code").join(counts).fillna(0)
    schemes = [c for c in counts.columns]
    out[schemes] = out[schemes].astype(int)
    sphere_schemes = set(data.schemes.loc[data.schemes["category"].isin(SPHERE_CATEGORIES), "scheme_id"])
    out["bodies"] = out[schemes].sum(axis=1) if schemes else 0
    out["in_sphere"] = out[[s for s in schemes if s in sphere_schemes]].sum(axis=1).gt(0) if schemes else False
    return out.reset_index()


def coverage(data, prefs=()) -> pd.DataFrame:
    """Per scheme: bodies, member municipalities, memberships and memberships per municipality;
    and a row for the municipalities in no partnership sphere."""
    per = bodies_per_municipality(data, prefs)
    n = len(per)
    rows = []
    for scheme in data.schemes["scheme_id"]:
        if scheme not in per.columns:
            rows.append({"scheme": scheme, "bodies": 0, "member_municipalities": 0, "memberships": 0, "per_municipality": 0.0,
                         "bodies_with_incomplete_lists": 0})
            continue
        codes = set(per.loc[per[scheme] > 0, "code"])
        bodies = data.memberships[data.memberships["member_code"].isin(codes)].merge(data.bodies[["body_id", "scheme_id"]], on="body_id")
        ids = bodies.loc[bodies["scheme_id"] == scheme, "body_id"].unique()
        short = short_bodies(data, ids)
        rows.append({"scheme": scheme, "bodies": len(ids),
                     "member_municipalities": len(codes), "memberships": int(per[scheme].sum()),
                     "per_municipality": round(per[scheme].sum() / max(n, 1), 2),
                     # a count over lists known to be short is a lower bound, and says so
                     "bodies_with_incomplete_lists": len(short)})
    rows.append({"scheme": "(no partnership sphere)", "bodies": 0, "member_municipalities": int((~per["in_sphere"]).sum()),
                 "memberships": 0, "per_municipality": 0.0, "bodies_with_incomplete_lists": 0})
    return pd.DataFrame(rows)


def no_sphere_by_prefecture(data) -> pd.DataFrame:
    """Per prefecture: municipalities, how many are in no partnership sphere of the registry."""
    per = bodies_per_municipality(data)
    g = per.groupby(["pref_code", "pref_name"])
    out = pd.DataFrame({"municipalities": g.size(), "in_no_sphere": g["in_sphere"].apply(lambda s: int((~s.astype(bool)).sum()))}).reset_index()
    out["share_no_sphere"] = (100 * out["in_no_sphere"] / out["municipalities"]).round(1)
    return out


def layering(data, union_note: str = "広域市町村圏ごと", lang: str = "ja") -> pd.DataFrame:
    """Seed 001's two floors: for each regional 広域連合 (floor 1), the spheres (floor 2) that
    share members with it, and how many of its members they cover."""
    unions = data.bodies[data.bodies["note"].fillna("").str.contains(union_note)]
    category = data.scheme_category()
    spheres = data.bodies[data.bodies["scheme_id"].map(category).isin(SPHERE_CATEGORIES)]
    coded = data.memberships[data.memberships["member_code"].notna()]
    members = {b: set(g) for b, g in coded.groupby("body_id")["member_code"]}
    rows = []
    for u in unions.to_dict("records"):
        mine = members.get(u["body_id"], set())
        for s in spheres.to_dict("records"):
            shared = mine & members.get(s["body_id"], set())
            if shared:
                rows.append({"union": u["name"], "union_members": len(mine), "sphere": s["name"], "scheme": s["scheme_id"],
                             "shared_members": len(shared),
                             "member_lists": "; ".join(filter(None, (completeness_text(data, u["body_id"], lang),
                                                                     completeness_text(data, s["body_id"], lang)))) or t("members_complete", lang)})
        if not any(r["union"] == u["name"] for r in rows):
            rows.append({"union": u["name"], "union_members": len(mine), "sphere": "", "scheme": "", "shared_members": 0,
                         "member_lists": completeness_text(data, u["body_id"], lang) or t("members_complete", lang)})
    return pd.DataFrame(rows)


def hokkaido_model(data, *, prefs=("01",), threshold: float = 30.0, release: str = "ipss2018",
                   base: int | None = None, target: int = 2040, spheres_complete: bool = False, lang: str = "ja") -> pd.DataFrame:
    """市町村連携地域モデル, flat model (seed 003 第2 (1)(2)①): not in a 定住自立圏 or
    連携中枢都市圏, and an IPSS decline to `target` of about `threshold` % or more.

    Seed 003 reads 2040 from the IPSS release of its day (2013, base 2010), which we do not
    have; the release and base year are parameters and reported in the output.  A municipality
    without a projection is 'unknown', not ineligible.  Unless ``spheres_complete`` says the
    registry lists every 定住自立圏 and 連携中枢都市圏 of the area with complete member lists (see
    the coverage table: 北海道's 13 are all held, five with members inferred or missing), a
    municipality outside the listed spheres is 'unknown' too.
    """
    base = base or RELEASES[release]["base"]
    m = municipalities_of(data, prefs)[["code", "name", "pref_name"]]
    values = compute(data.population, Measure("change", target, base, release)).reindex(m["code"])
    national = data.memberships.merge(data.bodies[["body_id", "scheme_id", "name"]], on="body_id")
    national = national[national["scheme_id"].isin(["定住自立圏", "連携中枢都市圏"])]
    spheres = national.groupby("member_code")["name"].agg("、".join)
    out = m.copy()
    out["in_national_sphere"] = out["code"].map(spheres).fillna("")
    out["decline_pct"] = (-values["value"].values).round(1)
    out["projection"] = values["status"].values
    in_sphere = out["in_national_sphere"] != ""
    known = out["projection"] == "ok"
    steep = known & (out["decline_pct"] >= threshold)
    out["eligible"] = np.select(
        [in_sphere, ~known, ~steep, steep & spheres_complete],
        ["no", "unknown", "no", "yes"], default="unknown")
    out["reason"] = np.select(
        [in_sphere, ~known, ~steep, steep & spheres_complete],
        ["in a 定住自立圏 / 連携中枢都市圏", "no projection", f"decline below {threshold:g} %", "meets both criteria"],
        default="decline meets the rule; sphere membership unknown (registry lists only some spheres)")
    out["rule"] = t("rule_hokkaido_text", lang).format(base=base, target=target, release=release_label(release, lang), threshold=f"{threshold:g}")
    return out.reset_index(drop=True)


def group_decline(data, codes: list[str], *, hub: str | None = None, release: str = "ipss2018",
                  base: int | None = None, target: int = 2040) -> float | None:
    """Decline (%) of a group taken together, leaving out its hub (seed 003 第2 (2)②)."""
    base = base or RELEASES[release]["base"]
    members = [c for c in codes if c != hub]
    p0 = population_at(data.population, base, release).reindex(members)["population"]
    p1 = population_at(data.population, target, release).reindex(members)["population"]
    if p0.isna().any() or p1.isna().any() or p0.sum() == 0:
        return None
    return round((1 - p1.sum() / p0.sum()) * 100, 1)


def hub_candidates(data, *, scheme: str, prefs=(), day_night: pd.Series | None = None) -> pd.DataFrame:
    """定住自立圏 中心市 (pop ≥ 50,000, at least 40,000) or 連携中枢都市 (政令市 or 中核市: pop ≥
    200,000) candidates.  昼夜間人口比率 ≥ 1 is needed too: 'unknown' unless supplied."""
    m = municipalities_of(data, prefs)
    m = m[m["type"].isin(["政令市", "市"])][["code", "name", "pref_name", "type", "pop2020"]].copy()
    if scheme == "定住自立圏":
        size = np.where(m["pop2020"] >= 50000, "yes", np.where(m["pop2020"] >= 40000, "at least 40,000", "no"))
        rule = "DOMAIN.md: 中心市 pop ≈ 50,000+ (at least 40,000) and 昼夜間人口比率 ≥ 1"
    elif scheme == "連携中枢都市圏":
        size = np.where((m["type"] == "政令市") | (m["pop2020"] >= 200000), "yes", "no")
        rule = "seed 001 §I-③: 指定都市・中核市 (20万以上) and 昼夜間人口比率 おおむね1以上"
    else:
        raise ValueError(f"no hub rule for {scheme}")
    m["size_ok"] = size
    ratio = m["code"].map(day_night).astype(float) if day_night is not None else pd.Series(np.nan, index=m.index)
    m["day_night_ratio"] = ratio
    m["day_night_ok"] = np.where(ratio.isna(), "unknown", np.where(ratio.fillna(0) >= 1, "yes", "no"))
    m["candidate"] = np.where(m["size_ok"] == "no", "no", np.where(m["day_night_ok"] == "no", "no",
                              np.where(m["day_night_ok"] == "unknown", "unknown", "yes")))
    m["rule"] = rule
    return m[m["size_ok"] != "no"].reset_index(drop=True)
