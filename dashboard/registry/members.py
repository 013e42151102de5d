"""Memberships as the views count them: prefecture-wide rows expanded, one row per member.

Registry logic used by the build (derive, the store's memberships), by coverage (counting
members on a day) and by uploads; it lives on the registry floor so that coverage does not
reach up into derive for it.
"""

from __future__ import annotations

import pandas as pd

from ..codes import normalize_code


def expand_memberships(memberships: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame:
    """Registry memberships with `all_municipalities_of_prefecture` expanded and codes normalised.

    Adds `member_code` (5-digit, for municipality members) and `via` (how the row arose).
    A member listed by several sources is one row here, with every source in `sources` and,
    where they disagree on role, since or until, the disagreement spelled out in `conflict`
    (the registry keeps each source's row; see :func:`membership_sources`).
    """
    out = []
    names = dict(zip(municipalities["code"], municipalities["name"]))
    for row in memberships.to_dict("records"):
        base = {k: v for k, v in row.items() if not k.startswith("_")}
        if row["member_kind"] == "all_municipalities_of_prefecture":
            pref = str(row["member"]).zfill(2)
            for code in municipalities.loc[municipalities["pref_code"] == pref, "code"]:
                out.append({**base, "member_kind": "municipality", "member": code, "member_code": code,
                            "member_name": names[code], "via": f"all_municipalities_of_prefecture:{pref}"})
        elif row["member_kind"] == "municipality":
            code = normalize_code(row["member"])
            out.append({**base, "member": code, "member_code": code,
                        "member_name": names.get(code, row["member_name"]), "via": "listed"})
        else:
            out.append({**base, "member_code": None, "via": "listed"})
    frame = pd.DataFrame(out)
    for col in ("until", "as_of"):
        if col not in frame.columns:
            frame[col] = None
    key = ["body_id", "member_kind", "member"]
    frame["sources"] = frame["source"].astype(str)
    frame["conflict"] = ""
    dup = frame.duplicated(key, keep=False)
    if dup.any():
        rows = frame[dup]
        frame.loc[dup, "sources"] = rows.groupby(key)["source"].transform(lambda s: " | ".join(dict.fromkeys(map(str, s))))
        frame.loc[dup, "conflict"] = rows.groupby(key, group_keys=False)[["role", "since", "until", "source"]].apply(_disagreement)
        # one source may give a date the other lacks: the kept row takes the first date given
        for col in ("since", "until"):
            given = rows[col].where(rows[col].map(lambda v: isinstance(v, str) and v != ""))
            frame.loc[dup, col] = given.groupby([rows[k] for k in key]).transform("first").combine_first(rows[col])
    return frame.drop_duplicates(key).reset_index(drop=True)


def _disagreement(rows: pd.DataFrame) -> pd.Series:
    """'since: 2011-07-27 (a) / 2011-08 (b)' for the fields on which a member's sources differ."""
    if len(rows) < 2:
        return pd.Series("", index=rows.index)
    parts = []
    for col in ("role", "since", "until"):
        values = rows[col].fillna("").astype(str)
        if values.nunique() > 1:
            parts.append(f"{col}: " + " / ".join(f"{v or '—'} ({s})" for v, s in zip(values, rows["source"])))
    return pd.Series("; ".join(parts), index=rows.index)
