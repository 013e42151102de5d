"""Time in the registry: what was in force on a given day.

Dates are ISO text of the precision the source gave (``2017-03-22``, ``2016-03``, ``2008``).
ISO text sorts like the dates it names, and a coarser date sorts before every finer date
inside it (``2016-03`` < ``2016-03-01``), so a row known only to the month counts from the
month's start.  One rule, used by the build (outline epochs) and by every view (the "as of"
filter), so the map, the panels and the exports agree about a date.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

import pandas as pd

FIRST_DAY = "2009-01-01"  # the registry is shown from 2009 (定住自立圏構想 began in 2008-12)
START_KINDS = ("設置", "協定締結", "連携協約締結", "提携")  # milestones that start a body


TODAY_ENV = "ATLAS_TODAY"  # yyyy-mm-dd: pins "today" for tests, demonstrations and reproducible runs
DATE_COLUMNS = ("as_of", "since", "until", "date")  # columns whose dates describe the registry's state


def today() -> dt.date:
    """The one clock of the atlas: ``ATLAS_TODAY`` (yyyy-mm-dd) if set, else the system's date.

    Every "today" in the package comes from here, so a demonstration or a test can pin the day
    and nothing depends on the day a command happened to run.
    """
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise ValueError(f"{TODAY_ENV}={pinned[:40]!r} is not a date (yyyy-mm-dd)") from None
    return dt.date.today()


def today_iso() -> str:
    """:func:`today` as ISO text (the registry's date format)."""
    return today().isoformat()


def registry_day(tables: Mapping[str, pd.DataFrame] | object) -> str:
    """The registry's own as-of date: the latest date any of its rows states (as_of, since, until, date).

    Coverage without an official count is counted on this day, never on the day the command ran,
    so data/README.md's coverage table is a function of the data alone.  A coarse date counts
    from its start (``2026-04`` → ``2026-04-01``), like :func:`in_force`; an empty registry
    falls back to :data:`FIRST_DAY`.
    """
    items = tables.tables.items() if hasattr(tables, "tables") else tables.items()
    latest = FIRST_DAY
    for _name, frame in items:
        for col in DATE_COLUMNS:
            if col in frame.columns:
                values = [v for v in frame[col].dropna().astype(str) if v]
                if values:
                    latest = max(latest, max(values))
    if len(latest) == 4:
        return f"{latest}-01-01"
    if len(latest) == 7:
        return f"{latest}-01"
    return latest[:10]


def day_or_none(value: object) -> str | None:
    """A date cell as ISO text, or None for an empty cell (None, NaN, '')."""
    return value if isinstance(value, str) and value else None


def in_force(since: object, until: object, day: str) -> bool:
    """True if a row with this since/until was in force on ``day`` (ISO).

    Empty since: in force from the body's start (unknown start counts as always).
    Empty until: still in force.  ``until`` is the first day no longer in force.
    """
    s = since if isinstance(since, str) and since else None
    u = until if isinstance(until, str) and until else None
    return (s is None or s <= day) and (u is None or day < u)


def in_force_mask(frame: pd.DataFrame, day: str, since: str = "since", until: str = "until") -> pd.Series:
    """Vectorised :func:`in_force` over a frame's since/until columns."""
    s = frame[since].fillna("").astype(str) if since in frame.columns else pd.Series("", index=frame.index)
    u = frame[until].fillna("").astype(str) if until in frame.columns else pd.Series("", index=frame.index)
    return ((s == "") | (s <= day)) & ((u == "") | (u > day))


def body_spans(bodies: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """body_id → since, until, since_from ('registry' | 'milestone' | 'unknown').

    A body's start is its own `since`, else its earliest starting milestone (設置, first
    協定 / 連携協約, 提携); with neither it is shown at every date and says its start is unknown.
    """
    first = (
        milestones[milestones["kind"].isin(START_KINDS)]
        .assign(date=lambda m: m["date"].astype(str))
        .groupby("body_id")["date"].min()
    )
    own = [day_or_none(v) for v in (bodies["since"] if "since" in bodies.columns else [None] * len(bodies))]
    milestone = [day_or_none(v) for v in bodies["body_id"].map(first)]
    out = pd.DataFrame({"body_id": bodies["body_id"].values})
    out["since"] = [o or m for o, m in zip(own, milestone)]
    out["since_from"] = ["registry" if o else "milestone" if m else "unknown" for o, m in zip(own, milestone)]
    out["until"] = [day_or_none(v) for v in (bodies["until"] if "until" in bodies.columns else [None] * len(bodies))]
    return out


def change_days(frame: pd.DataFrame) -> list[str]:
    """The days on which a set of since/until rows changes what is in force, sorted."""
    days = set()
    for col in ("since", "until"):
        if col in frame.columns:
            days.update(v for v in frame[col].dropna().astype(str) if v)
    return sorted(days)
