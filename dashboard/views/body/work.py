"""What a body does and what it costs: its vision or plan, its 取組 by policy area, and its money.

Why a room of its own: these are the #18 facts (visions.csv, projects.policy_area, spending per
account), read the same way by the body page, the compare tab and the exports.  Pure functions of
AtlasData; every figure keeps the source it came from, and an absence is said, never drawn as "—".
"""

from __future__ import annotations

import pandas as pd

from dashboard.registry.coverage import member_completeness
from dashboard.registry.taxonomy import POLICY_AREAS, POLICY_GROUPS, SEIKATSU_KANREN
from dashboard.registry.wareki import fiscal_year_label

UNCLASSIFIED = "未分類"  # a 取組 whose row has no policy_area yet (the source's own field is kept)
GENERAL = "一般会計"  # a union's general account; any other account is a 特別会計 named as published


def _fy(value) -> int | None:
    number = pd.to_numeric(value, errors="coerce")
    return None if pd.isna(number) else int(number)


def _fy_text(value) -> str:
    year = _fy(value)
    return fiscal_year_label(year) if year is not None else ""


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def visions(data, body_id: str) -> pd.DataFrame:
    """The body's visions and plans, latest period first, each with its publisher's page.

    ``current`` marks the one whose period holds the view's fiscal year (or, with no period,
    the latest adopted); a reader sees which plan is in force without reading dates.
    """
    frame = getattr(data, "visions", None)
    cols = ["kind", "title", "period", "from_fy", "to_fy", "adopted", "revised", "note", "source", "evidence", "current"]
    if frame is None or frame.empty:
        return pd.DataFrame(columns=cols)
    v = frame[frame["body_id"] == body_id]
    if v.empty:
        return pd.DataFrame(columns=cols)
    day = data.day or ""
    fy_now = (int(day[:4]) - (1 if day[5:7] < "04" else 0)) if len(day) >= 7 else None
    rows = []
    for r in v.to_dict("records"):
        start, end = _fy(r.get("from_fy")), _fy(r.get("to_fy"))
        period = f"{_fy_text(start) or '?'} – {_fy_text(end)}" if start or end else ""
        rows.append({
            "kind": r["kind"], "title": r["title"], "period": period, "from_fy": start, "to_fy": end,
            "adopted": _text(r.get("adopted")), "revised": "、".join(d for d in _text(r.get("revised")).split(";") if d),
            "note": _text(r.get("note")), "source": r["source"], "evidence": r["evidence"],
        })
    out = pd.DataFrame(rows)
    out["_start"] = out["from_fy"].fillna(0)
    out = out.sort_values(["_start", "adopted"], ascending=False).drop(columns="_start").reset_index(drop=True)
    out["current"] = False
    if fy_now is not None:
        holds = out["from_fy"].fillna(0).le(fy_now) & (out["to_fy"].isna() | out["to_fy"].fillna(0).ge(fy_now))
        holds &= out["from_fy"].notna()
        if holds.any():
            out.loc[holds.idxmax(), "current"] = True
    if not out["current"].any():
        out.loc[0, "current"] = True
    return out[cols]


def group_of(area: str, scheme: str = "") -> str:
    """The 視点 a policy area belongs to; in a 連携中枢都市圏 the three 定住自立圏 groups stand
    under its third 視点 (圏域全体の生活関連機能サービスの向上), as its 要綱 says."""
    group = POLICY_AREAS.get(area, UNCLASSIFIED)
    if scheme == "連携中枢都市圏" and group in POLICY_GROUPS[2:5]:
        return f"{SEIKATSU_KANREN} ({group})"
    return group


def items(data, body_id: str) -> pd.DataFrame:
    """The body's 取組 (one per row; a grouped line counts as its stated number) with policy area and group."""
    p = data.projects[data.projects["body_id"] == body_id]
    scheme = _scheme(data, body_id)
    area = p["policy_area"].fillna("").astype(str).replace("", UNCLASSIFIED) if "policy_area" in p else pd.Series(UNCLASSIFIED, index=p.index)
    return pd.DataFrame({
        "policy_group": [group_of(a, scheme) for a in area],
        "policy_area": area.values,
        "field": p["field"].values, "name": p["name"].values,
        "fiscal_year": p["fiscal_year"].map(_fy).values,
        "n": pd.to_numeric(p["n_projects"], errors="coerce").fillna(1).astype(int).values,
        "cost_thousand_yen": pd.to_numeric(p["cost_thousand_yen"], errors="coerce").values,
        "status": p["status"].values if "status" in p else None,
        "source": p["source"].values, "evidence": p["evidence"].values,
    })


def items_by_area(data, body_id: str) -> pd.DataFrame:
    """Per policy group and area: distinct 取組 (by name) and the projects they stand for, in the 要綱's order.

    A 取組 named once in an agreement and again for each FY of a 事業費一覧表 counts once.
    """
    it = items(data, body_id)
    if it.empty:
        return pd.DataFrame(columns=["policy_group", "policy_area", "items", "projects", "fields"])
    distinct = it.drop_duplicates(["policy_area", "name"])
    out = distinct.groupby(["policy_group", "policy_area"], sort=False).agg(
        items=("name", "size"), projects=("n", "sum"), fields=("field", lambda s: "、".join(dict.fromkeys(s)))).reset_index()
    order = {a: i for i, a in enumerate([*POLICY_AREAS, UNCLASSIFIED])}
    out["_o"] = out["policy_area"].map(order)
    return out.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def _scheme(data, body_id: str) -> str:
    b = data.bodies.set_index("body_id")
    return str(b.loc[body_id, "scheme_id"]) if body_id in b.index else ""


def is_union(data, body_id: str) -> bool:
    return data.scheme_category().get(_scheme(data, body_id)) == "union"


def member_population(data, body_id: str) -> tuple[float, bool]:
    """Census 2020 population of the body's coded members, and whether the member list is short."""
    m = data.memberships[data.memberships["body_id"] == body_id]
    pop = data.municipalities.set_index("code")["pop2020"]
    people = float(pop.reindex(m["member_code"].dropna().unique()).sum())
    b = data.bodies[data.bodies["body_id"] == body_id]
    short = bool(member_completeness(b, m)["short"].any()) if len(b) else False
    return people, short


def money(data, body_id: str) -> pd.DataFrame:
    """事業費 (spheres) or 歳出 per account (unions) per fiscal year: 予定 and 実績 side by side.

    Planned and settled are never added.  Where two sources give a figure for the same year,
    status and account, the table shows the first and flags ``sources_differ``.  ``yen_per_resident``
    divides by the census 2020 population of the known members; ``partial`` says why a figure
    stands for less than the whole (member list short, a row marked partial, or the per-project
    sum of projects.csv below the stated total).
    """
    cols = ["account", "fiscal_year", "fiscal_year_label", "planned_thousand_yen", "settled_thousand_yen",
            "planned_yen_per_resident", "settled_yen_per_resident", "partial", "sources_differ", "source"]
    s = data.spending[(data.spending["body_id"] == body_id)].copy()
    s["total_thousand_yen"] = pd.to_numeric(s["total_thousand_yen"], errors="coerce")
    s = s.dropna(subset=["total_thousand_yen"])
    p = items(data, body_id).dropna(subset=["cost_thousand_yen", "fiscal_year"])
    project_sums = (p.assign(status=p["status"].fillna("予定")).groupby(["fiscal_year", "status"])["cost_thousand_yen"].sum()
                    if len(p) else pd.Series(dtype=float))
    if s.empty and project_sums.empty:
        return pd.DataFrame(columns=cols)
    people, short = member_population(data, body_id)
    account = s["account"].fillna("").astype(str) if "account" in s else pd.Series("", index=s.index)
    s = s.assign(account=account.replace("", GENERAL if is_union(data, body_id) else ""))
    rows: dict[tuple[str, int], dict] = {}
    for r in s.sort_values(["fiscal_year"]).to_dict("records"):
        key = (r["account"], int(r["fiscal_year"]))
        row = rows.setdefault(key, {"account": key[0], "fiscal_year": key[1], "予定": None, "実績": None,
                                    "partial": [], "sources_differ": False, "source": []})
        if row[r["status"]] is None:
            row[r["status"]] = float(r["total_thousand_yen"])
        elif row[r["status"]] != float(r["total_thousand_yen"]):
            row["sources_differ"] = True
        if str(r["evidence"]).lower().startswith(("partial", "count_only")):
            row["partial"].append(f"{r['status']}: {str(r['evidence']).split(':', 1)[-1].strip() or 'partial'}")
        row["source"].append(str(r["source"]))
    for (fy, status), total in project_sums.items():
        key = ("", int(fy))
        row = rows.setdefault(key, {"account": "", "fiscal_year": int(fy), "予定": None, "実績": None,
                                    "partial": [], "sources_differ": False, "source": ["projects.csv"]})
        if row[status] is None:
            row[status] = float(total)
            row["partial"].append(f"{status}: sum of the listed projects")
        elif total < row[status]:
            row["partial"].append(f"{status}: projects listed sum to {total:,.0f} of {row[status]:,.0f}")
    out = []
    for row in rows.values():
        flags = list(row["partial"]) + (["member list incomplete: per resident of the known members"] if short else [])
        out.append({
            "account": row["account"], "fiscal_year": row["fiscal_year"], "fiscal_year_label": fiscal_year_label(row["fiscal_year"]),
            "planned_thousand_yen": row["予定"], "settled_thousand_yen": row["実績"],
            "planned_yen_per_resident": round(row["予定"] * 1000 / people) if row["予定"] is not None and people else None,
            "settled_yen_per_resident": round(row["実績"] * 1000 / people) if row["実績"] is not None and people else None,
            "partial": "; ".join(flags), "sources_differ": row["sources_differ"], "source": " | ".join(dict.fromkeys(row["source"])),
        })
    frame = pd.DataFrame(out, columns=cols)
    frame["_general"] = frame["account"] != GENERAL
    return frame.sort_values(["_general", "account", "fiscal_year"]).drop(columns="_general").reset_index(drop=True)


def empty_states(data, body_id: str) -> dict[str, str]:
    """What is missing, per section, said in words (keys: vision, items, money); '' where facts exist."""
    union = is_union(data, body_id)
    plan = "広域計画" if union else "共生ビジョン・都市圏ビジョン"
    return {
        "vision": "" if len(visions(data, body_id)) else f"{plan}は未収録です (visions.csv にこの連携体の行がありません)。",
        "items": "" if len(items(data, body_id)) else (
            "共同処理する事務は「事務」タブを参照。事業の一覧は未収録です (projects.csv)。" if union else
            "協定・ビジョンの取組 (政策分野別) は未収録です (projects.csv にこの連携体の行がありません)。"),
        "money": "" if len(money(data, body_id)) else (
            "一般会計・特別会計の歳出 (予算・決算) は未収録です (spending.csv)。" if union else
            "事業費 (予定・実績) は未収録です (spending.csv / projects.csv の事業費)。"),
    }


def compare_policy_areas(data, body_ids: list[str]) -> pd.DataFrame:
    """Policy areas (rows) × bodies (columns): 取組 per area, 0 where a body with items has none,
    and empty where a body has no items recorded at all (unknown is not zero)."""
    names = data.bodies.set_index("body_id")["name"]
    columns = {}
    for b in body_ids:
        by_area = items_by_area(data, b)
        columns[names.get(b, b)] = by_area.set_index("policy_area")["items"] if len(by_area) else None
    areas = [a for a in [*POLICY_AREAS, UNCLASSIFIED] if any(c is not None and a in c.index for c in columns.values())]
    table = pd.DataFrame(index=pd.Index(areas, name="policy_area"))
    for name, counts in columns.items():
        table[name] = counts.reindex(areas).fillna(0).astype(int).astype(object) if counts is not None else None
    table.insert(0, "policy_group", [POLICY_AREAS.get(a, UNCLASSIFIED) for a in areas])
    return table.reset_index()
