"""The data & sources page's tables: credits per source, and the registry as loaded."""

from __future__ import annotations

import pandas as pd

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
    }
