"""What each union does, by national affair category, and how complete the registry is per affair.

Why here (below build, views and the CLI): the map filters unions by affair, a municipality's panel
lists who handles each affair, and ``coverage`` compares the unions held per prefecture and affair
with the official counts; all three must read a union's categories the same way.

A union's categories come from ``affairs.category``; a row without one is mapped from its own words
(``affairs.affair``) via :func:`affair_category`, and a union with no affairs rows from
``bodies.purposes``.  Official counts per affair are ``official_totals`` rows of scheme 一部事務組合
with an ``affair`` (a prefecture's waste plan: "一般廃棄物処理に係る一部事務組合 26団体" is affair ごみ);
a count without one counts every 一部事務組合 and is used by coverage.py, not here.
"""

from __future__ import annotations

import pandas as pd

from .taxonomy import MAP_AFFAIRS, affair_category

KUMIAI = "一部事務組合"
UNION_SCHEMES = ("一部事務組合", "広域連合")

# Words that name an affair inside a longer purpose (消防に関する事務 → 消防), tried in order (longest first).
_NOTE_WORDS: tuple[tuple[str, str], ...] = (
    ("一般廃棄物", "ごみ"), ("ごみ", "ごみ"), ("清掃", "ごみ"), ("し尿", "し尿"), ("消防", "消防"),
    ("火葬", "火葬場"), ("斎場", "火葬場"), ("下水道", "下水道"), ("水道", "水道"), ("病院", "病院・医療"),
    ("介護", "介護"), ("退職手当", "職員・共済"), ("後期高齢者", "国保・後期高齢者医療"),
)


def category_of_words(word: str) -> str | None:
    """A purpose or affair word's category: the taxonomy's, else the first category word it contains
    (消防に関する事務 → 消防), else None."""
    found = affair_category(word)
    if found:
        return found
    for key, category in _NOTE_WORDS:
        if key in word:
            return category
    return None


def body_categories(bodies: pd.DataFrame, affairs: pd.DataFrame) -> pd.DataFrame:
    """body_id, category, origin ('affairs' or 'purposes'), source: one row per union and category."""
    rows = []
    seen: set[tuple[str, str]] = set()
    with_affairs = set()
    if affairs is not None and len(affairs):
        cat = affairs["category"] if "category" in affairs.columns else pd.Series(None, index=affairs.index)
        for body, word, given, source in zip(affairs["body_id"], affairs["affair"], cat, affairs["source"]):
            category = given if isinstance(given, str) and given else category_of_words(str(word))
            if category and (body, category) not in seen:
                seen.add((body, category))
                rows.append((body, category, "affairs", source))
                with_affairs.add(body)
    for body, purposes, source in zip(bodies["body_id"], bodies["purposes"].fillna(""), bodies["source"]):
        for word in str(purposes).split(";"):
            category = category_of_words(word.strip()) if word.strip() else None
            if category and (body, category) not in seen:
                seen.add((body, category))
                rows.append((body, category, "purposes", source))
    return pd.DataFrame(rows, columns=["body_id", "category", "origin", "source"])


def affair_totals(official: pd.DataFrame) -> pd.DataFrame:
    """pref_code, affair, bodies_total, as_of, source: the latest official count per prefecture and affair."""
    cols = ["pref_code", "affair", "bodies_total", "as_of", "source"]
    if official is None or not len(official) or "affair" not in official.columns:
        return pd.DataFrame(columns=cols)
    o = official[(official["scheme_id"] == KUMIAI) & pd.to_numeric(official["bodies_total"], errors="coerce").notna()
                 & official["affair"].fillna("").astype(str).ne("")].copy()
    o["pref_code"] = o["pref_code"].fillna("").astype(str)
    o["as_of"] = o["as_of"].fillna("").astype(str)
    o = o.sort_values("as_of", kind="stable").drop_duplicates(["pref_code", "affair"], keep="last")  # the latest row whole
    o["bodies_total"] = pd.to_numeric(o["bodies_total"]).astype(int)
    return o[cols].reset_index(drop=True)


def affair_coverage(bodies: pd.DataFrame, affairs: pd.DataFrame, official: pd.DataFrame,
                    prefs: dict[str, str], affairs_shown: tuple[str, ...] = MAP_AFFAIRS) -> pd.DataFrame:
    """Per prefecture × affair, and for Japan (pref_code '', 全国: each union once): 一部事務組合 held (touching
    the prefecture; a union across a prefecture line counts in each), the official count where one is recorded
    (a national one: 消防白書's 一部事務組合 消防本部), and a status as in coverage.py
    (complete, partial, not_collected, unknown).  ``bodies`` are those in force on the day counted."""
    kumiai = bodies[bodies["scheme_id"] == KUMIAI]
    cats = body_categories(kumiai, affairs[affairs["body_id"].isin(kumiai["body_id"])] if affairs is not None else None)
    per_pref = kumiai[["body_id", "pref_codes"]].assign(pref=kumiai["pref_codes"].fillna("").str.split(";")).explode("pref")
    held = per_pref.merge(cats[["body_id", "category"]], on="body_id")
    counts = held.groupby(["pref", "category"])["body_id"].nunique()
    national = held.groupby("category")["body_id"].nunique()  # a union across a prefecture line counts once
    counts = pd.concat([counts, pd.Series({("", c): n for c, n in national.items()}, dtype=int)])
    totals = affair_totals(official).set_index(["pref_code", "affair"])
    rows = []
    for pref, name in [("", "全国"), *sorted(prefs.items())]:
        for affair in affairs_shown:
            n = int(counts.get((pref, affair), 0))
            official_row = totals.loc[(pref, affair)] if (pref, affair) in totals.index else None
            n_official = None if official_row is None else int(official_row["bodies_total"])
            if n_official is None:
                status = "unknown"
            elif n_official == 0:
                status = "none" if n == 0 else "complete"
            elif n == 0:
                status = "not_collected"
            elif n >= n_official:
                status = "complete"
            else:
                status = "partial"
            rows.append({"pref_code": pref, "pref_name": name, "affair": affair, "unions": n, "unions_official": n_official,
                         "status": status, "official_as_of": None if official_row is None else official_row["as_of"],
                         "official_source": None if official_row is None else official_row["source"]})
    return pd.DataFrame(rows)


def affair_coverage_markdown(table: pd.DataFrame) -> str:
    """Prefectures × affairs as a Markdown table: 'held/official status' per cell ('3/?' without a count)."""
    affairs_shown = list(dict.fromkeys(table["affair"]))
    lines = ["| prefecture | " + " | ".join(affairs_shown) + " |", "|---|" + "---:|" * len(affairs_shown)]
    for (pref, name), g in table.groupby(["pref_code", "pref_name"], sort=True):
        cells = []
        for r in g.set_index("affair").reindex(affairs_shown).itertuples():
            official = "?" if r.unions_official is None or pd.isna(r.unions_official) else f"{int(r.unions_official)}"
            mark = "" if r.status in ("complete", "none") else f" ({r.status})"
            cells.append(f"{int(r.unions)}/{official}{mark}")
        lines.append(f"| {pref + ' ' if pref else ''}{name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
