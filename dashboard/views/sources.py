"""The data & sources page's tables: credits per source, and the registry as loaded."""

from __future__ import annotations

import pandas as pd

from dashboard.registry.coverage import differences
from dashboard.registry.timeline import in_force_mask
from dashboard.views.affairs import coverage as affair_coverage

SOURCES = [
    ("行政区域 (N03) 2021-01-01", "国土交通省 国土数値情報", "出典：国土交通省 国土数値情報（行政区域データ）を加工して作成", "boundaries/ (TopoJSON by SmartNews Media Research Institute)"),
    ("国勢調査 1980–2020", "総務省統計局", "出典：総務省統計局 国勢調査", "population/municipal_population.csv, raw/ (e-Stat)"),
    ("将来推計人口 2018, 2023", "国立社会保障・人口問題研究所", "出典：国立社会保障・人口問題研究所『日本の地域別将来推計人口』", "population/, ipss2023/"),
    ("市区町村の位置・読み", "code4fukui/localgovjp (CC0; 国土地理院, J-LIS)", "—", "municipalities/localgovjp-utf8.csv"),
    ("連携の登録データ", "この atlas の data/ (seed 000–004 と公開ページから作成)", "各行の source 列", "data/*.csv"),
]


def credits_table(data) -> pd.DataFrame:
    return pd.DataFrame(SOURCES, columns=["data", "publisher", "credit line", "files"])


def registry_tables(data) -> dict[str, pd.DataFrame]:
    return {
        "bodies": data.bodies.drop(columns="geometry"),
        "memberships": data.memberships,
        "milestones": data.milestones,
        "links": data.links,
        "projects": data.projects,
        "spending": data.spending,
        "affairs": data.affairs,
        "affair_totals": data.affair_totals,
        "schemes": data.schemes,
        "financial_rules": data.financial_rules,
        "official_totals": data.official_totals,
        "count_notes": data.count_notes,
        "stated_amounts": data.stated_amounts,
        "membership_sources": data.membership_sources,
    }


def coverage_view(data, lang: str = "ja") -> pd.DataFrame:
    """The coverage table for the data page: national rows first, then prefectures with data."""
    cov = data.coverage
    shown = cov[(cov["pref_code"] == "") | (cov["bodies"] > 0) | cov["bodies_official"].notna()].copy()
    shown["order"] = (shown["pref_code"] != "").astype(int)
    return shown.sort_values(["order", "scheme_id", "pref_code"]).drop(columns="order").reset_index(drop=True)


def differences_view(data) -> pd.DataFrame:
    """Every difference between the registry and an official count, with its explanation (#19): the
    data page shows them under the coverage table, unexplained ones first."""
    table = differences(data.coverage, data.count_notes, affair_coverage(data))
    order = table["state"].map({"unexplained": 0, "partly explained": 1, "explained": 2})
    return table.assign(order=order).sort_values(["order", "scheme_id", "pref_code", "measure"]).drop(
        columns=["order", "pref_code"]).reset_index(drop=True)


def renkei_reconciliation(data) -> tuple[dict, pd.DataFrame]:
    """The registry's 連携中枢都市圏 members against 総務省's national count, on its date.

    Returns the figures (official and held, on the count's date; members with no joining date,
    counted from their sphere's start; bodies whose list is short) and one row per sphere,
    so the data page can explain any difference from data rather than assert it.
    """
    cov = data.coverage.set_index(["scheme_id", "pref_code"])
    if ("連携中枢都市圏", "") not in cov.index:
        return {}, pd.DataFrame()
    row = cov.loc[("連携中枢都市圏", "")]
    day = row["counted_on"]
    base = data.__dict__.get("_base", data)
    on_day = base.as_of(day)
    spheres = on_day.bodies[on_day.bodies["scheme_id"] == "連携中枢都市圏"]
    m = on_day.memberships[on_day.memberships["body_id"].isin(spheres["body_id"]) & on_day.memberships["member_code"].notna()]
    undated = m["since"].map(lambda v: not (isinstance(v, str) and v))
    later = base.memberships[base.memberships["body_id"].isin(spheres["body_id"]) & base.memberships["member_code"].notna()]
    joined_after = later[~in_force_mask(later, day) & later["since"].fillna("").astype(str).gt(day)]
    per = m.assign(undated=undated).groupby("body_id").agg(members=("member_code", "size"), undated=("undated", "sum"))
    per["name"] = per.index.map(spheres.set_index("body_id")["name"])
    per["stated"] = per.index.map(spheres.set_index("body_id")["members_total"])
    per = per.reset_index()[["body_id", "name", "members", "stated", "undated"]].sort_values("members", ascending=False)
    figures = {
        "day": day, "official_bodies": row["bodies_official"], "official_members": row["members_official"],
        "bodies": int(row["bodies"]), "members": int(row["members"]), "undated": int(undated.sum()),
        "spheres_with_undated": int((per["undated"] > 0).sum()), "joined_after": int(len(joined_after)),
        "source": row["official_source"],
    }
    return figures, per
