"""The view a user sees, as data that round-trips through the URL (st.query_params).

Parsing is strict per parameter and forgiving overall: an unknown or malformed parameter is
dropped with a notice naming it; the rest of the view still applies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from dashboard.registry.taxonomy import AFFAIR_CATEGORIES, POLICY_AREAS
from dashboard.registry.timeline import FIRST_DAY, today
from dashboard.views.measures import Measure, parse_measure

CLASS_SCHEMES = ("quantiles", "natural_breaks", "seed_bins")
PREF_CODES = tuple(f"{i:02d}" for i in range(1, 48))


@dataclass(frozen=True)
class ViewState:
    schemes: tuple[str, ...] = ()  # empty = all
    prefs: tuple[str, ...] = ()  # empty = all Japan
    measure: Measure = field(default_factory=lambda: parse_measure("change:2020:2045"))
    classes: str = "quantiles"
    wards: bool = False
    tiles: bool = False
    lang: str = "ja"
    muni: str | None = None  # selected municipality code
    body: str | None = None  # selected body id
    as_of: str | None = None  # ISO day the registry is shown as of; None = today
    affair: str | None = None  # union layer's affair (消防, ごみ …, or "all"); None = the default (views/affairs.py)
    policy: str | None = None  # spheres working on one policy area (地域公共交通 …); None = every sphere

    def to_params(self) -> dict[str, str]:
        """Only what differs from the default, so links stay short."""
        default = ViewState()
        out: dict[str, str] = {}
        if self.schemes:
            out["scheme"] = ",".join(self.schemes)
        if self.prefs:
            out["pref"] = ",".join(self.prefs)
        if str(self.measure) != str(default.measure):
            out["measure"] = str(self.measure)
        if self.classes != default.classes:
            out["classes"] = self.classes
        if self.wards:
            out["wards"] = "1"
        if self.tiles:
            out["tiles"] = "1"
        if self.lang != "ja":
            out["lang"] = self.lang
        if self.muni:
            out["muni"] = self.muni
        if self.body:
            out["body"] = self.body
        if self.as_of:
            out["asof"] = self.as_of
        if self.affair:
            out["affair"] = self.affair
        if self.policy:
            out["policy"] = self.policy
        return out

    def with_(self, **changes) -> ViewState:
        return replace(self, **changes)


MAX_VALUE = 2000  # characters; every real value (47 prefectures, all schemes) is far shorter


def _short(text: str, n: int = 40) -> str:
    """Echo at most n characters of user input in a notice."""
    return text if len(text) <= n else text[:n] + f"… ({len(text):,} characters)"


KNOWN = ("scheme", "pref", "measure", "classes", "wards", "tiles", "lang", "muni", "body", "asof", "affair", "policy")
# Parameters with a fixed set of values: allowed values and how to read them.
CHOICES = {
    "classes": (CLASS_SCHEMES, str),
    "lang": (("ja", "en"), str),
    "wards": (("0", "1"), lambda v: v == "1"),
    "tiles": (("0", "1"), lambda v: v == "1"),
    "affair": ((*AFFAIR_CATEGORIES, "all"), str),  # #20: the union layer by affair
    "policy": (tuple(POLICY_AREAS), str),  # #18: spheres by policy area
}


def parse_as_of(raw: str) -> str | None:
    """An as-of day from the URL: ISO yyyy-mm-dd between 2009-01-01 and today (today → None)."""
    try:
        day = dt.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        raise ValueError(f"{raw[:40]!r} is not a date (yyyy-mm-dd)") from None
    if day.isoformat() < FIRST_DAY:
        raise ValueError(f"{day} is before {FIRST_DAY}, the first day the registry shows")
    if day >= today():
        return None
    return day.isoformat()


def from_params(
    params: dict[str, str],
    schemes: set[str],
    municipalities: set[str],
    bodies: set[str],
) -> tuple[ViewState, list[str]]:
    """Read a view from URL parameters; return it and one notice per dropped parameter."""
    notices: list[str] = []
    kw: dict = {}
    for key, raw in params.items():
        raw, key = str(raw), str(key)
        if key not in KNOWN:
            notices.append(f"{_short(key)}: unknown parameter")
            continue
        if len(raw) > MAX_VALUE:  # a link is short; anything longer is not a view
            notices.append(f"{key}: value too long ({len(raw):,} characters)")
            continue
        if any(ord(c) < 32 or c in "\ufffd" for c in raw):
            notices.append(f"{key}: control or undecodable characters in {_short(raw)!r}")
            continue
        if key == "scheme":
            items = tuple(s for s in raw.split(",") if s)
            bad = [s for s in items if s not in schemes]
            if bad:
                notices.append(f"scheme: unknown {_short(', '.join(bad))}")
            kw["schemes"] = tuple(s for s in items if s in schemes)
        elif key == "pref":
            items = tuple(p.zfill(2) for p in raw.split(",") if p)
            bad = [p for p in items if p not in PREF_CODES]
            if bad:
                notices.append(f"pref: not a prefecture code {_short(', '.join(bad))}")
            kw["prefs"] = tuple(sorted(p for p in set(items) if p in PREF_CODES))
        elif key == "measure":
            try:
                kw["measure"] = parse_measure(raw)
            except ValueError as exc:
                notices.append(f"measure: {_short(str(exc), 120)}")
        elif key in CHOICES:
            allowed, convert = CHOICES[key]
            if raw in allowed:
                kw[key] = convert(raw)
            else:
                notices.append(f"{key}: {_short(raw)!r} is not one of {', '.join(allowed)}")
        elif key == "muni":
            if raw in municipalities:
                kw["muni"] = raw
            else:
                notices.append(f"muni: no municipality {_short(raw)!r}")
        elif key == "body":
            if raw in bodies:
                kw["body"] = raw
            else:
                notices.append(f"body: no body {_short(raw)!r}")
        elif key == "asof":
            try:
                kw["as_of"] = parse_as_of(raw)
            except ValueError as exc:
                notices.append(f"asof: {exc}")
    state = ViewState(**kw)
    if state.classes == "seed_bins" and state.measure.kind == "census":
        notices.append("classes: seed bins need a change or an index; using quantiles")
        state = state.with_(classes="quantiles")
    return state, notices
