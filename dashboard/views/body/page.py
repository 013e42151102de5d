"""A body's page: members, population totals, milestones, affairs, projects, spending and
the national financial measures computed from the rule table.  Pure functions of AtlasData.
"""

from __future__ import annotations

import pandas as pd

from dashboard.registry.wareki import fiscal_year_label, parse_date
from dashboard.views.body.members import count_comparison
from dashboard.views.coverage import completeness, completeness_text
from dashboard.views.labels import t
from dashboard.views.measures import population_at
from dashboard.views.state import ViewState
from dashboard.vocabulary import RELEASES

JOINT_HUB_ASSUMPTION = (
    "assumption: each of the {n} hubs is counted at the full per-hub amount; the rule for spheres "
    "with two or more hubs (複眼型) was not found in our sources"
)


def _wareki(value) -> str:
    if not isinstance(value, str) or not value:
        return ""
    try:
        return parse_date(value).wareki()
    except ValueError:
        return ""


def header(data, body_id: str, lang: str = "ja") -> dict:
    b = data.bodies.set_index("body_id").loc[body_id]
    s = data.schemes.set_index("scheme_id").loc[b["scheme_id"]]
    prefs = data.municipalities.drop_duplicates("pref_code").set_index("pref_code")["pref_name"]
    return {
        "body_id": body_id, "name": b["name"], "scheme": b["scheme_id"], "scheme_name": s["name_en"] if lang == "en" and s.get("name_en") else s["name_ja"],
        "legal_basis": s["legal_basis"], "separate_legal_body": str(s["separate_legal_body"]).lower() == "true",
        "prefectures": [prefs.get(p, p) for p in str(b["pref_codes"]).split(";") if p],
        "stated_members": b.get("stated_members") or "", "note": b.get("note") or "",
        "source": b["source"], "evidence": b["evidence"],
        "since": _text(b.get("since")), "until": _text(b.get("until")), "since_from": _text(b.get("since_from")),
        "succeeds": _text(b.get("succeeds")), "successors": successors(data, body_id),
        "completeness": completeness_text(data, body_id, lang),
        "as_of": _text(b.get("as_of")),
    }


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def successors(data, body_id: str) -> list[str]:
    """Bodies that continue this one (a 定住自立圏 that became a 連携中枢都市圏), from the whole store."""
    base = data.__dict__.get("_base", data)
    b = base.bodies
    return list(b.loc[b["succeeds"].fillna("") == body_id, "body_id"]) if "succeeds" in b.columns else []


def body_name(data, body_id: str) -> str:
    """A body's name from the whole store (it may not be in force on the view's day)."""
    base = data.__dict__.get("_base", data)
    return str(base.bodies.set_index("body_id").loc[body_id, "name"])


def lifespan(data, body_id: str) -> str:
    """'2009-09-24 – 2017-03-22' (or 'start unknown – ') from the whole store, for any day's view."""
    base = data.__dict__.get("_base", data)
    row = base.bodies.set_index("body_id").loc[body_id]
    since = _text(row.get("since")) or "?"
    return f"{since} – {_text(row.get('until'))}"


def day_in_force(data, body_id: str) -> str | None:
    """The day to show a body on when it is not in force on the view's day, else None.

    A body that starts later is shown as on its first day, one that ended as on its last day:
    the page shows the body in its URL with its lifespan, never another body (issue #22:
    八戸圏域連携中枢都市圏 at 2012-04-01 opened 上田市長和町中学校組合).  ``data`` is a dated
    view (``AtlasData.as_of``); an undated one has every body in force.
    """
    import datetime as dt

    if data.day is None or body_id in set(data.bodies["body_id"]):
        return None
    def day(text: str) -> str:
        return (text + "-01-01")[:10]  # '2017' → 2017-01-01, '2017-03' → 2017-03-01 (a coarse date counts from its start)

    base = data.__dict__.get("_base", data)
    row = base.bodies.set_index("body_id").loc[body_id]
    since, until = _text(row.get("since")), _text(row.get("until"))
    m = base.memberships[base.memberships["body_id"] == body_id]
    member_since = [day(v) for v in m["since"] if _text(v)] if "since" in m.columns else []
    member_until = [day(v) for v in m["until"] if _text(v)] if "until" in m.columns else []
    if since and since > data.day:
        first = day(since)
        if member_since and len(member_since) == len(m):  # members joined later than the body began
            first = max(first, min(member_since))
        return first
    if until and until <= data.day:
        last = day(until)
        if member_until and len(member_until) == len(m):  # its members left first (a month-only date)
            last = min(last, max(member_until))
        return (dt.date.fromisoformat(last) - dt.timedelta(days=1)).isoformat()
    return None


def member_roles(data, body_id: str) -> tuple[pd.Series, dict[str, str], tuple[str, ...]]:
    """For the body's small map: code → hub/member label, their colours, and the prefectures to show."""
    m = data.memberships[(data.memberships["body_id"] == body_id) & data.memberships["member_code"].notna()]
    hub_roles = set(data.schemes["hub_role"].dropna()) - {""}
    labels = pd.Series(["中心 (" + r + ")" if r in hub_roles else "構成団体" for r in m["role"]], index=m["member_code"].values)
    prefs = tuple(sorted(set(labels.index.str[:2])))
    colors = {label: ("#d55e00" if label.startswith("中心") else "#56b4e9") for label in labels.unique()}
    return labels, colors, prefs


def target_year(measure=None, release: str = "ipss2023") -> int:
    """The projection year a table shows: the view's measure's year when it is a projection,
    else the default measure's (2045) — one target year in the sidebar, map, tables and CSV
    (issue #22: the members table said 2050 beside a map of 2020→2045)."""
    years = RELEASES[release]["years"]
    if measure is not None and measure.kind != "census" and measure.year in years:
        return measure.year
    default = ViewState().measure.year
    return default if default in years else max(years)


def members(data, body_id: str, release: str = "ipss2023", year: int | None = None) -> pd.DataFrame:
    """Members with role, since (西暦 and 和暦), census 2020, the target year's projection and change."""
    m = data.memberships[data.memberships["body_id"] == body_id]
    last = year if year in RELEASES[release]["years"] else target_year(release=release)
    proj = population_at(data.population, last, release)
    munis = data.municipalities.set_index("code")
    rows = []
    for r in m.to_dict("records"):
        code = r.get("member_code")
        has_code = isinstance(code, str) and code in munis.index
        p2020 = munis.loc[code, "pop2020"] if has_code else None
        p_last = proj["population"].get(code) if has_code else None
        status = proj["status"].get(code) if has_code else None
        change = (p_last / p2020 - 1) * 100 if has_code and p2020 and pd.notna(p_last) else None
        rows.append({
            "member": r["member_name"] or r["member"],
            "kind": r["member_kind"],
            "code": code if has_code else "",
            "role": r["role"],
            "since": r["since"] or "",
            "since_wareki": _wareki(r["since"]),
            "pop2020": p2020,
            f"pop{last}": p_last,
            "change_pct": None if change is None else round(change, 1),
            "projection": status if status and status != "projected" else "",
            "evidence": r["evidence"],
            "source": r.get("sources") or r["source"],
            "conflict": r.get("conflict") or "",
        })
    hub_roles = set(data.schemes["hub_role"].dropna())
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["_hub"] = ~out["role"].isin(hub_roles)
    return out.sort_values(["_hub", "code"]).drop(columns="_hub").reset_index(drop=True)


def totals(data, body_id: str) -> pd.DataFrame:
    """Population of the body's municipal members per year: census 1980–2020 and each release.

    A year where any member lacks a value (福島県, 浜通り) is marked incomplete, not summed short.
    """
    codes = data.memberships.loc[(data.memberships["body_id"] == body_id), "member_code"].dropna().unique()
    p = data.population[data.population["code"].isin(codes)]
    rows = []
    for (series, year), g in p.groupby(["series", "year"]):
        complete = g["population"].notna().all() and len(g) == len(codes)
        rows.append({"series": series, "year": year, "population": g["population"].sum() if complete else None,
                     "members": len(codes), "complete": complete})
    return pd.DataFrame(rows, columns=["series", "year", "population", "members", "complete"]).sort_values(["series", "year"]).reset_index(drop=True)


def area_km2(data, body_id: str) -> float:
    codes = data.memberships.loc[(data.memberships["body_id"] == body_id), "member_code"].dropna().unique()
    return float(data.municipalities.set_index("code").reindex(codes)["area_km2"].sum())


def member_counts(data, body_id: str) -> pd.DataFrame | None:
    """Stated (source) against listed member counts by kind; None if no count is stated."""
    h = header(data, body_id)
    return count_comparison(h["stated_members"], data.memberships[data.memberships["body_id"] == body_id], data.municipalities)


def milestones(data, body_id: str) -> pd.DataFrame:
    ms = data.milestones[data.milestones["body_id"] == body_id]
    out = pd.DataFrame({"date": ms["date"].values, "wareki": ms["date"].map(_wareki).values,
                        "first_day": pd.to_datetime(ms["date"].map(lambda d: parse_date(d).first_day())).values, "kind": ms["kind"].values,
                        "note": ms["note"].fillna("").values, "source": ms["source"].values, "evidence": ms["evidence"].values})
    return out.sort_values("date").reset_index(drop=True)


def affairs(data, body_id: str) -> pd.DataFrame:
    a = data.affairs[data.affairs["body_id"] == body_id]
    return a[["affair", "listing", "source", "evidence"]].reset_index(drop=True)


def affairs_matrix(data, scope: str = "長野県 広域市町村圏ごとの広域連合 (10)") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The matrix of seed 001 §II-③ (○ per union and affair) and, per affair, marks counted
    against the source's stated total, with a flag where they disagree."""
    totals = data.affair_totals[data.affair_totals["scope"] == scope]
    marks = data.affairs[(data.affairs["listing"] == "matrix") & ~data.affairs["affair"].str.startswith("その他")]
    names = data.bodies.set_index("body_id")["name"]
    bodies = marks["body_id"].unique()
    affairs_order = list(totals["affair"]) + [a for a in marks["affair"].unique() if a not in set(totals["affair"])]
    matrix = pd.DataFrame("", index=[names[b] for b in bodies], columns=affairs_order)
    for r in marks.itertuples():
        matrix.loc[names[r.body_id], r.affair] = "○"
    counted = (matrix == "○").sum()
    stated = totals.set_index("affair")["stated_total"]
    check = pd.DataFrame({"marks": counted.reindex(affairs_order).fillna(0).astype(int),
                          "stated_total": stated.reindex(affairs_order)})
    check["agrees"] = check["marks"] == check["stated_total"]
    check["source"] = totals.set_index("affair")["source"].reindex(affairs_order)
    return matrix, check


def projects(data, body_id: str) -> pd.DataFrame:
    p = data.projects[data.projects["body_id"] == body_id].copy()
    p["n"] = p["n_projects"].fillna(1).astype(int)
    p["fiscal_year_label"] = p["fiscal_year"].map(lambda y: fiscal_year_label(int(y)) if pd.notna(y) else "協定 (年度なし)")
    return p


def projects_by_field(data, body_id: str) -> pd.DataFrame:
    """Projects per field and fiscal year (a grouped line of the source counts as its stated number)."""
    p = projects(data, body_id)
    if p.empty:
        return pd.DataFrame(columns=["fiscal_year_label", "field", "projects"])
    return p.groupby(["fiscal_year_label", "field"], sort=False)["n"].sum().rename("projects").reset_index()


def spending(data, body_id: str) -> pd.DataFrame:
    """事業費 (千円) and counts per fiscal year, one row per source: disagreements stay visible."""
    s = data.spending[data.spending["body_id"] == body_id].copy()
    s["fiscal_year_label"] = s["fiscal_year"].map(lambda y: fiscal_year_label(int(y)))
    return s[["fiscal_year", "fiscal_year_label", "total_thousand_yen", "n_fields", "n_projects", "status", "source"]].sort_values("fiscal_year").reset_index(drop=True)


def spending_conflicts(data, body_id: str) -> pd.DataFrame:
    """Fiscal years where sources give different counts or totals."""
    s = spending(data, body_id)
    rows = []
    for fy, g in s.groupby("fiscal_year"):
        for col in ("total_thousand_yen", "n_fields", "n_projects"):
            vals = g[col].dropna().unique()
            if len(vals) > 1:
                rows.append({"fiscal_year": fy, "figure": col, "values": " / ".join(f"{v:,.0f}" for v in sorted(vals)),
                             "sources": " | ".join(g.loc[g[col].notna(), "source"])})
    return pd.DataFrame(rows)


def finance(data, body_id: str, members_override: pd.DataFrame | None = None) -> pd.DataFrame:
    """National financial measures for this body, computed from financial_rules.csv.

    fixed: the amount once per recipient of the role; per_member: amount × recipients;
    by_population: amount × (sphere population, census 2020) / population_ref (a linear
    estimate: the seeds state one point of the curve).  Each row keeps whether it is a cap,
    a base or an estimate, and its source.  ``members_override`` lets a caller (or a test)
    ask "what if the membership were …".
    """
    h = header(data, body_id)
    rules = data.financial_rules[data.financial_rules["scheme_id"] == h["scheme"]]
    m = members_override if members_override is not None else data.memberships[data.memberships["body_id"] == body_id]
    if rules.empty:
        return pd.DataFrame()
    pop = data.municipalities.set_index("code")["pop2020"]
    sphere_pop = float(pop.reindex(m["member_code"].dropna()).sum())
    c = completeness(data, body_id) if members_override is None else {"short": False}
    partial = ""
    if c["short"]:
        partial = (f"partial: {c['known']} of {c['stated']} members known" if c.get("stated") else
                   "partial: the member list is incomplete") + "; the amount for the full body is larger"
    rows = []
    for r in rules.to_dict("records"):
        recipients = m[m["role"] == r["recipient_role"]]
        n = len(recipients)
        if n == 0:
            continue
        amount = float(r["amount_yen"])
        if r["basis"] == "fixed":
            value = amount * n
            how = f"{amount / 1e4:,.0f}万円 × {n}"
        elif r["basis"] == "per_member":
            value = amount * n
            how = f"{amount / 1e4:,.0f}万円 × {n} 市町村"
        else:
            ref = float(r["population_ref"])
            value = amount * sphere_pop / ref * (1 if n else 0)
            how = f"{amount / 1e8:,.1f}億円 × 圏域人口 {sphere_pop:,.0f} / {ref:,.0f}"
        hub_role = data.schemes.set_index("scheme_id").loc[h["scheme"], "hub_role"]
        assumption = JOINT_HUB_ASSUMPTION.format(n=n) if r["recipient_role"] == hub_role and n > 1 else ""
        rows.append({"recipient_role": r["recipient_role"], "recipients": n, "measure": r["measure"], "kind": r["kind"],
                     "yen_per_year": round(value), "computation": how, "rule": r["label"], "from_fy": r["from_fy"],
                     "source": r["source"], "assumption": assumption,
                     "completeness": partial if r["basis"] != "fixed" or r["recipient_role"] != hub_role else ""})
    return pd.DataFrame(rows)


def no_measure_note(data, body_id: str) -> str | None:
    """Why a body has no national measure (schemes outside the rule table)."""
    h = header(data, body_id)
    if not data.financial_rules[data.financial_rules["scheme_id"] == h["scheme"]].empty:
        return None
    if h["scheme"] == "連携自立圏":
        return "国の地方財政措置の対象外。長野県独自の交付金による財政支援・人的支援 (seed 000 §6, §9)"
    return "この種類の連携に国の包括的財政措置は定められていない (schemes.csv)"


def default_comparison(data, body_id: str) -> list[str]:
    """A useful partner to compare with: a body with the same members (seed 000's layered use:
    北アルプス連携自立圏 and 北アルプス広域連合), else another body of the same scheme and prefecture."""
    m = data.memberships[data.memberships["member_code"].notna()]
    members = m.groupby("body_id")["member_code"].agg(frozenset)
    mine = members.get(body_id)
    same = [b for b, s in members.items() if b != body_id and mine and s == mine]
    if same:
        return [body_id, same[0]]
    b = data.bodies.set_index("body_id")
    peers = b[(b["scheme_id"] == b.loc[body_id, "scheme_id"]) & (b["pref_codes"] == b.loc[body_id, "pref_codes"]) & (b.index != body_id)]
    return [body_id] + list(peers.index[:1])


def compare(data, body_ids: list[str], release: str = "ipss2023", lang: str = "ja", year: int | None = None) -> pd.DataFrame:
    """Side-by-side figures of two to four bodies (projection at the view's target year)."""
    last = year if year in RELEASES[release]["years"] else target_year(release=release)
    rows = []
    for b in body_ids:
        h = header(data, b, lang)
        tot = totals(data, b)
        c2020 = tot[(tot["series"] == "census") & (tot["year"] == 2020)]["population"]
        p_last = tot[(tot["series"] == release) & (tot["year"] == last)]["population"]
        pj = projects(data, b)
        dated = pj[pj["fiscal_year"].notna()] if len(pj) else pj
        latest = dated[dated["fiscal_year"] == dated["fiscal_year"].max()] if len(dated) else dated.assign(n=[])
        sp = spending(data, b).dropna(subset=["total_thousand_yen"])
        c20 = c2020.iloc[0] if len(c2020) else None
        pl = p_last.iloc[0] if len(p_last) else None
        m = data.memberships[data.memberships["body_id"] == b]
        rows.append({
            "body": h["name"], "scheme": h["scheme"],
            # municipalities only: a member 組合 or prefecture is counted apart, never as a town
            "municipalities": int(m["member_code"].notna().sum()),
            "other_members": int(m["member_code"].isna().sum()),
            "member_list": h["completeness"] or t("members_complete", lang),
            "pop2020": c20, f"pop{last}": pl,
            "change_pct": round((pl / c20 - 1) * 100, 1) if c20 and pl else None,
            # projects of the latest fiscal year with any, and agreement 取組 (no fiscal year) apart:
            # a count over both would add a plan's items to a year's projects
            "fields_latest_fy": int(latest["field"].nunique()),
            "projects_latest_fy": int(latest["n"].sum()),
            "agreement_items": int(pj["fiscal_year"].isna().sum()) if len(pj) else 0,
            "spending_by_fy_千円": "; ".join(f"FY{int(r.fiscal_year)} {r.total_thousand_yen:,.0f}" for r in sp.itertuples()) or "—",
        })
    return pd.DataFrame(rows)
