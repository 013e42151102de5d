"""Member counts of a body: as its source states them (1市1町3村) and as our registry lists them.

Seed 001 gives counts per union; the registry lists names from other sources.  Where the
two disagree (松本広域連合: seed "3市5町", listed 3市5村) the app shows both, never one.
"""

from __future__ import annotations

import re

import pandas as pd

KINDS = ("市", "町", "村", "組合")
_TYPE_KIND = {"政令市": "市", "市": "市", "特別区": "区", "町": "町", "村": "村"}


def parse_stated(text: str | None) -> dict[str, int] | None:
    """'2市1町3村、3組合' → {'市': 2, '町': 1, '村': 3, '組合': 3}; None if not of that form."""
    if not text:
        return None
    found = re.findall(r"(\d+)(市|町|村|組合)(?![\u4e00-\u9fff])", text)
    if not found or re.search(r"\d+市町村", text):
        return None
    out = {k: 0 for k in KINDS}
    for n, k in found:
        out[k] += int(n)
    return out


def listed_counts(members: pd.DataFrame, municipalities: pd.DataFrame) -> dict[str, int]:
    """Count a body's listed members by kind (市/町/村 from the census type; 組合 = other members)."""
    types = municipalities.set_index("code")["type"]
    out = {k: 0 for k in KINDS}
    for row in members.to_dict("records"):
        if row.get("member_code") and not pd.isna(row.get("member_code")):
            kind = _TYPE_KIND.get(types.get(row["member_code"]), None)
            if kind in out:
                out[kind] += 1
        elif row.get("member_kind") in ("other", "body"):
            out["組合"] += 1
    return out


def count_comparison(stated: str | None, members: pd.DataFrame, municipalities: pd.DataFrame) -> pd.DataFrame | None:
    """Rows kind, stated, listed, agrees — or None when the source states no parsable count."""
    want = parse_stated(stated)
    if want is None:
        return None
    got = listed_counts(members, municipalities)
    rows = [
        {"kind": k, "stated": want[k], "listed": got[k], "agrees": want[k] == got[k]}
        for k in KINDS if want[k] or got[k]
    ]
    return pd.DataFrame(rows)
