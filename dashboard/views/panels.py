"""What the side panel shows for a municipality: population over time, bodies, partners."""

from __future__ import annotations

import pandas as pd

from dashboard.registry.wareki import parse_date
from dashboard.views.labels import format_date
from dashboard.vocabulary import RELEASES

SERIES_LABELS = {"census": "国勢調査", "ipss2018": RELEASES["ipss2018"]["label"], "ipss2023": RELEASES["ipss2023"]["label"]}
SERIES_LABELS_EN = {"census": "Census", "ipss2018": RELEASES["ipss2018"]["label_en"], "ipss2023": RELEASES["ipss2023"]["label_en"]}


def series_labels(lang: str = "ja") -> dict[str, str]:
    """Population series id (census, ipss2018, ipss2023) → its name in the chosen language."""
    return SERIES_LABELS_EN if lang == "en" else SERIES_LABELS


def municipality(data, code: str) -> dict:
    """Name, prefecture, type, reading, census 2020 population and area of one municipality or ward."""
    m = data.municipalities.set_index("code")
    if code in m.index:
        row = m.loc[code]
        return {"code": code, "name": row["name"], "pref_name": row["pref_name"], "type": row["type"], "kana": row["kana"],
                "pop2020": row["pop2020"], "area_km2": row["area_km2"]}
    w = data.wards.set_index("code")
    row = w.loc[code]
    return {"code": code, "name": row["name"], "pref_name": "", "type": "行政区", "kana": row["kana"], "pop2020": row["pop2020"], "area_km2": None}


def population_series(data, code: str, lang: str = "ja") -> pd.DataFrame:
    """Years × series (census, ipss2018, ipss2023) for one code; missing projections stay empty."""
    p = data.population[data.population["code"] == code]
    wide = p.pivot_table(index="year", columns="series", values="population", aggfunc="first")
    wide = wide.reindex(columns=[c for c in ("census", "ipss2018", "ipss2023") if c in wide.columns])
    return wide.rename(columns=SERIES_LABELS_EN if lang == "en" else SERIES_LABELS).astype(float)


def projection_notes(data, code: str, lang: str = "ja") -> list[str]:
    """Why a projection is missing: '福島県: not projected', '浜通り地域として一括推計 (…)'."""
    p = data.population[(data.population["code"] == code) & (data.population["series"] != "census")]
    notes = []
    for series, rows in p.groupby("series"):
        statuses = set(rows["status"])
        label = (SERIES_LABELS_EN if lang == "en" else SERIES_LABELS)[series]
        if "projected_together" in statuses:
            group = rows["group_code"].dropna().iloc[0]
            g = data.population_groups[data.population_groups["code"] == group]
            last = g.sort_values("year").iloc[-1]
            n = len(str(g['members'].iloc[0]).split(';'))
            if lang == "en":
                notes.append(f"{label}: projected together as {g['name'].iloc[0]} ({n} municipalities);"
                             f" {int(last['year'])}: {last['population']:,.0f} (the region)")
            else:
                notes.append(f"{label}: {g['name'].iloc[0]} ({n} 市町村) として一括推計。"
                             f" {int(last['year'])}年 {last['population']:,.0f} 人 (地域計)")
        elif "not_projected" in statuses:
            notes.append(f"{label}: " + ("not projected per municipality" if lang == "en" else "市町村別の推計なし"))
    return notes


def memberships(data, code: str, lang: str = "ja") -> pd.DataFrame:
    """Every body a municipality belongs to: name, scheme, role, since (ISO and 和暦), source."""
    m = data.memberships[data.memberships["member_code"] == code]
    b = data.bodies.set_index("body_id")
    out = pd.DataFrame({
        "body_id": m["body_id"].values,
        "body": m["body_id"].map(b["name"]).values,
        "scheme": m["body_id"].map(b["scheme_id"]).values,
        "role": m["role"].values,
        "since": m["since"].fillna("").map(lambda v: format_date(v, lang)).values,
        "evidence": m["evidence"].values,
        "source": m["source"].values,
    })
    return out.sort_values(["scheme", "body"]).reset_index(drop=True)


def partners(data, code: str, lang: str = "ja") -> pd.DataFrame:
    """Municipalities bound to this one by an agreement (1-to-1 or remote), with kind and date."""
    links = data.links[(data.links["from_code"] == code) | (data.links["to_code"] == code)]
    names = data.municipalities.set_index("code")["name"]
    prefs = data.municipalities.set_index("code")["pref_name"]
    other = links["to_code"].where(links["from_code"] == code, links["from_code"])
    b = data.bodies.set_index("body_id")["name"]
    out = pd.DataFrame({
        "code": other.values,
        "partner": other.map(names).values,
        "pref": other.map(prefs).values,
        "agreement": links["name"].where(~links["derived"].astype(bool), links["kind"]).values,
        "body": links["body_id"].map(b).values,
        "date": links["date"].fillna("").map(lambda v: format_date(v, lang)).values,
    })
    return out.sort_values(["body", "partner"]).reset_index(drop=True)


def _with_wareki(value: str) -> str:
    """'2016-03-29' → '2016-03-29 (平成28年3月29日)'; '' stays ''."""
    if not value:
        return ""
    try:
        return f"{value} ({parse_date(value).wareki()})"
    except ValueError:
        return value
