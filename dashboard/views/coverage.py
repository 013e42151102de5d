"""Completeness the reader can see: per prefecture on the map, per body beside its figures.

The registry is authored from public pages and is not complete everywhere.  Two rules keep
that honest on screen: a prefecture whose registry is incomplete for the schemes shown is
marked on the map (absence of data is never drawn as absence of cooperation), and every
figure computed from a body's members says when the list is known to be short
("3 of 7 members known").
"""

from __future__ import annotations

import html

import pandas as pd

from dashboard.registry.coverage import COUNTED_SCHEMES, member_completeness
from dashboard.views.labels import t

DONE = ("complete", "none")


def incomplete_prefectures(data, schemes: tuple[str, ...], lang: str = "ja") -> pd.DataFrame:
    """pref_code, tip (escaped HTML): prefectures whose registry is not complete for ``schemes``.

    ``schemes`` empty means every counted scheme.  Schemes without official counts per
    prefecture (連携自立圏, remote partnerships) do not mark a prefecture.
    """
    cache = data.__dict__.setdefault("_incomplete", {})
    key = (tuple(schemes), lang)
    if key not in cache:
        cache[key] = _incomplete(data, schemes, lang)
    return cache[key]


def _incomplete(data, schemes: tuple[str, ...], lang: str) -> pd.DataFrame:
    cov = data.coverage
    wanted = [s for s in (schemes or COUNTED_SCHEMES) if s in COUNTED_SCHEMES]
    rows = cov[(cov["pref_code"] != "") & cov["scheme_id"].isin(wanted) & ~cov["status"].isin(DONE)]
    if not len(rows):
        return pd.DataFrame(columns=["pref_code", "tip"])

    def line(r) -> str:
        official = "?" if pd.isna(r["bodies_official"]) else f"{int(r['bodies_official'])}"
        return f"{r['scheme_id']} {r['bodies']}/{official} ({r['status']})"

    tips = rows.groupby("pref_code").apply(lambda g: "<br>".join(html.escape(line(r)) for _, r in g.iterrows()), include_groups=False)
    head = html.escape(t("incomplete_tip", lang))
    return pd.DataFrame({"pref_code": tips.index, "tip": [f"<b>{head}</b><br>{v}" for v in tips.values]})


def _table(data) -> pd.DataFrame:
    """member_completeness for every body of the view, computed once per (dated) data object."""
    cache = data.__dict__.setdefault("_completeness", {})
    if "table" not in cache:
        cache["table"] = member_completeness(data.bodies, data.memberships).set_index("body_id")
    return cache["table"]


def completeness(data, body_id: str) -> dict:
    """known / stated members and whether the list is short, for one body (as of the view)."""
    table = _table(data)
    row = table.loc[body_id] if body_id in table.index else None
    if row is None:
        return {"known": 0, "stated": None, "short": False}
    stated = None if pd.isna(row["stated"]) else int(row["stated"])
    return {"known": int(row["known"]), "stated": stated, "short": bool(row["short"])}


def completeness_text(data, body_id: str, lang: str = "ja") -> str | None:
    """'3 of 7 members known' / 'the member list is incomplete', or None when complete."""
    c = completeness(data, body_id)
    if not c["short"]:
        return None
    if c["stated"] is not None and c["known"] < c["stated"]:
        return t("members_known", lang).format(known=c["known"], stated=c["stated"])
    return t("members_short", lang)


def short_bodies(data, body_ids) -> dict[str, str]:
    """body_id → completeness text, for the bodies among ``body_ids`` whose lists are short."""
    out = {}
    for b in body_ids:
        text = completeness_text(data, b)
        if text:
            out[b] = text
    return out
