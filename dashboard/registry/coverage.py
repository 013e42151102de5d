"""How much of Japan's cooperation the registry covers, beside the national totals we know.

data/README.md embeds :func:`coverage_markdown`; a test regenerates it, so the table in the
README is always the registry's own count.
"""

from __future__ import annotations

import pandas as pd

from .validate import Registry

# National totals from the evidence and the seeds (what a complete registry would reach).
NATIONAL_TOTALS = (
    ("広域連合", "115 (incl. 47 後期高齢者医療), as of 2014-07-01", "seed 001 §II-① 広域連合の設置状況"),
    ("一部事務組合", "1,466 (2018-07-01)", "EVIDENCE.md: 共同処理の状況調 H30.7.1"),
    ("定住自立圏", "83 圏域, 100 中心市宣言 (2015-01-01)", "EVIDENCE.md: 総務省 定住自立圏 H27.1.1"),
    ("連携中枢都市圏", "23 圏域, 207 市町村 (2017-03-31); 38 圏域, 376 市町村 (2024-04-01)",
     "EVIDENCE.md: 総務省 連携中枢都市圏 page H29.3.31; the 2024 figure as relayed in issue #3"),
)


def coverage_table(registry: Registry, municipalities: pd.DataFrame) -> pd.DataFrame:
    """Bodies and memberships per scheme and prefecture (memberships counted after expansion)."""
    from ..derive import expand_memberships

    bodies = registry["bodies"]
    members = expand_memberships(registry["memberships"], municipalities)
    prefs = dict(zip(municipalities["pref_code"], municipalities["pref_name"]))
    b = bodies.assign(pref=bodies["pref_codes"].str.split(";")).explode("pref")
    b["pref_name"] = b["pref"].map(prefs)
    bodies_n = b.groupby(["scheme_id", "pref_name"]).size().rename("bodies")
    m = members.merge(bodies[["body_id", "scheme_id"]], on="body_id")
    m["pref_name"] = m["member_code"].str[:2].map(prefs).fillna("(prefecture or 組合 member)")
    members_n = m.groupby(["scheme_id", "pref_name"]).size().rename("memberships")
    table = pd.concat([bodies_n, members_n], axis=1).fillna(0).astype(int).reset_index()
    return table.sort_values(["scheme_id", "pref_name"]).reset_index(drop=True)


def coverage_markdown(registry: Registry, municipalities: pd.DataFrame) -> str:
    table = coverage_table(registry, municipalities)
    totals = table.groupby("scheme_id")[["memberships"]].sum()
    # a body spanning two prefectures counts once in the total
    totals["bodies"] = registry["bodies"].groupby("scheme_id").size()
    lines = ["| scheme | bodies | memberships | per prefecture (bodies / memberships) | national total we know of | source |",
             "|---|---:|---:|---|---|---|"]
    known = {s: (t, src) for s, t, src in NATIONAL_TOTALS}
    for scheme, row in totals.iterrows():
        per = table[(table["scheme_id"] == scheme) & (table["bodies"] > 0)]
        shown = per if len(per) <= 8 else per.nlargest(8, "memberships")
        prefs = ", ".join(f"{r.pref_name} {r.bodies}/{r.memberships}" for r in shown.itertuples())
        if len(per) > len(shown):
            prefs += f", … ({len(per)} prefectures)"
        total, src = known.get(scheme, ("—", ""))
        lines.append(f"| {scheme} | {row['bodies']} | {row['memberships']} | {prefs} | {total} | {src} |")
    return "\n".join(lines)
