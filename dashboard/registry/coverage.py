"""How much of Japan's cooperation the registry holds, against the official totals.

Per scheme and prefecture: the bodies and member municipalities the registry holds (in force
on the registry's own as-of date, :func:`registry_day`, where no official count gives a date), the official count where one is recorded in ``official_totals.csv`` (the latest one),
and a status:

- ``complete``: the official count is known and the registry holds at least as many bodies,
  and no body of the group has a member list known to be short;
- ``partial``: something is held but less than the official count, or a held body's member
  list is known to be incomplete;
- ``not_collected``: nothing is held where the official count says there is something;
- ``none``: the official count is 0 (no such body here: a real absence);
- ``unknown``: no official count recorded, so the registry cannot say it is complete.

The map marks prefectures whose status is not complete for the schemes shown, so that an
absence of data is never read as an absence of cooperation.  data/README.md and
``python -m dashboard coverage`` print the same table.
"""

from __future__ import annotations

import pandas as pd

from .members import expand_memberships
from .timeline import body_spans, in_force_mask, registry_day
from .validate import Registry

STATUSES = ("complete", "partial", "not_collected", "none", "unknown")
# Schemes with official counts (広域連合 counts include each prefecture's 後期高齢者医療広域連合,
# as 総務省's do).
COUNTED_SCHEMES = ("連携中枢都市圏", "定住自立圏", "広域連合", "一部事務組合")


def member_completeness(bodies: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """body_id → known (municipality and other members listed), stated (members_total), short.

    ``short`` is True where the source states more members than the registry lists, or the
    body's evidence says its list is partial / a count only.  One rule for every figure the
    atlas computes from members (counts, population, 財政措置, compare, analyses).
    """
    m = members[members["member_kind"] != "all_municipalities_of_prefecture"] if "member_kind" in members else members
    known = m.groupby("body_id").size()
    out = pd.DataFrame({"body_id": bodies["body_id"].values})
    out["known"] = out["body_id"].map(known).fillna(0).astype(int)
    stated = bodies["members_total"] if "members_total" in bodies.columns else pd.Series(None, index=bodies.index)
    out["stated"] = pd.to_numeric(stated, errors="coerce").values
    evidence = bodies["evidence"].fillna("").astype(str).str.lower().values
    out["short"] = [
        (pd.notna(s) and k < s) or e.startswith(("partial", "count_only"))
        for k, s, e in zip(out["known"], out["stated"], evidence)
    ]
    return out


def latest_totals(official: pd.DataFrame) -> pd.DataFrame:
    """The most recent official count of all a scheme's bodies per (scheme, prefecture); '' = Japan.

    A count for one affair (``affair`` set: a prefecture's 消防 unions) is not a count of the scheme and is
    left to :func:`dashboard.registry.affairs.affair_totals`."""
    if official is None or not len(official):
        return pd.DataFrame(columns=["scheme_id", "pref_code", "as_of", "bodies_total", "members_total", "source"])
    if "affair" in official.columns:
        official = official[official["affair"].fillna("").astype(str).eq("")]
    o = official.assign(pref_code=official["pref_code"].fillna("").astype(str))
    # The latest row whole: groupby().last() would take each column's last non-empty value and mix two
    # counts (a 2023 body count with a 2014 member count).
    return (o.sort_values("as_of", na_position="first", kind="stable")
            .drop_duplicates(["scheme_id", "pref_code"], keep="last").reset_index(drop=True))


def coverage_table(registry: Registry, municipalities: pd.DataFrame, day: str | None = None) -> pd.DataFrame:
    """One row per scheme × prefecture (and a row per scheme with pref_code '' for Japan).

    Where an official count exists the registry is counted *on the count's own date* (a
    total of 2024-04-01 is compared with the bodies and members in force on 2024-04-01, not
    with later joiners); elsewhere on ``day`` (default: the registry's own as-of date,
    the latest date its rows state, so the table never depends on the day it is computed).  `counted_on` says which.
    """
    day = day or registry_day(registry)
    bodies = registry["bodies"]
    spans = body_spans(bodies, registry["milestones"]).set_index("body_id")
    members = expand_memberships(registry["memberships"], municipalities)
    members = members[members["body_id"].isin(bodies["body_id"])]
    prefs = dict(zip(municipalities["pref_code"], municipalities["pref_name"]))
    totals = latest_totals(registry["official_totals"]).set_index(["scheme_id", "pref_code"])
    held_cache: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}

    def held_on(when: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Bodies (one row per body × prefecture, with `short`) and coded members in force on a day."""
        if when not in held_cache:
            active = in_force_mask(spans, when)
            b = bodies[bodies["body_id"].map(active).fillna(True).astype(bool)]
            m = members[members["body_id"].isin(b["body_id"]) & in_force_mask(members, when)]
            short = member_completeness(b, m).set_index("body_id")["short"]
            per_pref = b[["body_id", "scheme_id", "pref_codes"]].assign(
                short=b["body_id"].map(short).fillna(False).astype(bool),
                pref=b["pref_codes"].fillna("").str.split(";")).explode("pref")
            coded = m[m["member_code"].notna()].merge(b[["body_id", "scheme_id"]], on="body_id")
            coded = coded.assign(pref=coded["member_code"].str[:2])
            held_cache[when] = (per_pref, coded)
        return held_cache[when]

    rows = []
    for scheme in COUNTED_SCHEMES:
        for pref in ["", *sorted(prefs)]:
            official = totals.loc[(scheme, pref)] if (scheme, pref) in totals.index else None
            when = official["as_of"] if official is not None and isinstance(official["as_of"], str) and official["as_of"] else day
            when = max(when, "2009-01-01") if len(when) >= 4 else day
            per_pref, coded = held_on(when if len(when) == 10 else _month_end(when))
            held = per_pref[(per_pref["scheme_id"] == scheme) & ((per_pref["pref"] == pref) if pref else True)]
            held = held.drop_duplicates("body_id")
            mem = coded[(coded["scheme_id"] == scheme) & ((coded["pref"] == pref) if pref else True)]
            n_official = None if official is None or pd.isna(official["bodies_total"]) else int(official["bodies_total"])
            m_official = None if official is None or pd.isna(official.get("members_total")) else int(official["members_total"])
            flags = held["short"]
            if n_official is None:
                status = "unknown"
            elif n_official == 0:
                status = "none" if not len(held) else "complete"
            elif not len(held):
                status = "not_collected"
            elif len(held) >= n_official and not flags.any() and (m_official is None or len(mem) >= m_official):
                status = "complete"
            else:
                status = "partial"
            rows.append({
                "scheme_id": scheme, "pref_code": pref, "pref_name": prefs.get(pref, "全国"),
                "counted_on": when, "bodies": len(held), "bodies_official": n_official,
                "members": int(len(mem)), "members_official": m_official, "bodies_short": int(flags.sum()),
                "official_as_of": None if official is None else official["as_of"],
                "official_source": None if official is None else official["source"],
                "status": status,
            })
    return pd.DataFrame(rows)


DIFFERENCE_COLUMNS = ["scheme_id", "pref_code", "pref_name", "affair", "measure", "held", "official_total", "difference",
                      "explained", "state", "notes", "official_source"]


def differences(coverage: pd.DataFrame, notes: pd.DataFrame | None, by_affair: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every gap between the registry and an official count, with the notes that explain it.

    One row per coverage row and measure (bodies, members) where held ≠ official, and, from ``by_affair``
    (:func:`dashboard.registry.affairs.affair_coverage`), per prefecture and affair where the 一部事務組合 held
    differ from a per-affair count.  A note matches on scheme, prefecture, measure and affair.  ``explained``
    sums the notes' signed ``delta``; ``state`` is 'explained' when it equals the difference or when a note
    gives no number (it explains the rest: "about 15 圏域 not yet identified"), 'partly explained' when the
    notes' numbers do not add up, else 'unexplained'.
    Why: #19 asks that no difference with an official count be left silent on the data page.
    """
    cols = ["scheme_id", "pref_code", "measure", "affair", "delta", "note"]
    notes = notes if notes is not None and len(notes) else pd.DataFrame(columns=cols)
    notes = notes.assign(pref_code=notes["pref_code"].fillna("").astype(str),
                         affair=notes["affair"].fillna("").astype(str) if "affair" in notes.columns else "")
    gaps = []
    for r in coverage.itertuples():
        gaps += [(r.scheme_id, r.pref_code, r.pref_name, "", "bodies", r.bodies, r.bodies_official, r.official_source),
                 (r.scheme_id, r.pref_code, r.pref_name, "", "members", r.members, r.members_official, r.official_source)]
    if by_affair is not None:
        gaps += [("一部事務組合", r.pref_code, r.pref_name, r.affair, "bodies", r.unions, r.unions_official, r.official_source)
                 for r in by_affair.itertuples()]
    rows = []
    for scheme, pref, pref_name, affair, measure, held, official, source in gaps:
        if official is None or pd.isna(official) or int(held) == int(official):
            continue
        diff = int(held) - int(official)
        mine = notes[(notes["scheme_id"] == scheme) & (notes["pref_code"] == pref) & (notes["measure"] == measure)
                     & (notes["affair"] == affair)]
        deltas = pd.to_numeric(mine["delta"], errors="coerce")
        explained = int(deltas.fillna(0).sum())
        if not len(mine):
            state = "unexplained"
        elif explained == diff or deltas.isna().any():  # a note without a number speaks for the rest
            state = "explained"
        else:
            state = "partly explained"
        rows.append({"scheme_id": scheme, "pref_code": pref, "pref_name": pref_name, "affair": affair, "measure": measure,
                     "held": int(held), "official_total": int(official), "difference": diff, "explained": explained,
                     "state": state, "notes": " / ".join(mine["note"].astype(str)), "official_source": source})
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def differences_markdown(table: pd.DataFrame) -> str:
    """The differences as a Markdown table for ``python -m dashboard coverage``."""
    lines = ["| scheme | area | affair | measure | held | official | difference | explained | state | notes |",
             "|---|---|---|---|---:|---:|---:|---:|---|---|"]
    for r in table.itertuples():
        lines.append(f"| {r.scheme_id} | {r.pref_name} | {r.affair or '—'} | {r.measure} | {r.held:,} | {r.official_total:,} | {r.difference:+,} "
                     f"| {r.explained:+,} | {r.state} | {r.notes.replace('|', '｜')} |")
    return "\n".join(lines)


def _month_end(partial: str) -> str:
    """A count 'as of 2016-03' describes the end of that month (or year)."""
    if len(partial) == 7:
        year, month = int(partial[:4]), int(partial[5:7])
        nxt = pd.Timestamp(year + (month == 12), month % 12 + 1, 1) - pd.Timedelta(days=1)
        return nxt.date().isoformat()
    return f"{partial[:4]}-12-31"


def coverage_markdown(table: pd.DataFrame) -> str:
    """The national rows, then every prefecture that holds something or has an official count."""

    def n(v) -> str:
        return "—" if v is None or pd.isna(v) else f"{int(v):,}"

    lines = ["| scheme | area | counted on | bodies held / official | members held / official | bodies with a short list | status | official count, source |",
             "|---|---|---|---:|---:|---:|---|---|"]
    shown = table[(table["pref_code"] == "") | (table["bodies"] > 0) | table["bodies_official"].notna()]
    for r in shown.itertuples():
        as_of = r.official_as_of if isinstance(r.official_as_of, str) and r.official_as_of else "undated"
        src = f"{as_of}, {r.official_source}" if isinstance(r.official_source, str) else ""
        lines.append(f"| {r.scheme_id} | {r.pref_name} | {r.counted_on} | {r.bodies} / {n(r.bodies_official)} | {r.members} / {n(r.members_official)} "
                     f"| {r.bodies_short} | {r.status} | {src} |")
    return "\n".join(lines)
