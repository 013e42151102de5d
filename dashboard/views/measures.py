"""Population measures shown on the map and in tables, and their classes.

A measure is written as text so it can live in a URL and a CLI flag:

- ``census:2020``: census count in that year (1980–2020);
- ``change:2020:2045`` (optionally ``:ipss2018``): % change between two years;
- ``index:2015:2045``: 100 × population(to) / population(from), in seed 001's bins.

Years come from the chosen IPSS release where it has them (its base year is the census it
starts from), otherwise from the census.  A municipality without a value keeps its status
(``not_projected``, ``projected_together``) and is counted as 不明, never as zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.views.map.breaks import fisher_jenks_bins, quantile_bins
from dashboard.vocabulary import (
    CENSUS_YEARS,
    DEFAULT_RELEASE,  # noqa: E402
    RELEASES,
)

# Seed 001 §I-① bins of the index (2010 = 100).  Labels exactly as the CLI prints them.
SEED_BINS = ("100超", "90-100", "80-90", "70-80", "60-70", "50-60", "50以下")
UNKNOWN = "不明"


@dataclass(frozen=True)
class Measure:
    kind: str  # census | change | index
    year: int  # census year, or the target year
    base: int | None = None  # from-year for change / index
    release: str = DEFAULT_RELEASE

    def __str__(self) -> str:
        if self.kind == "census":
            return f"census:{self.year}"
        text = f"{self.kind}:{self.base}:{self.year}"
        return text if self.release == DEFAULT_RELEASE else f"{text}:{self.release}"

    @property
    def unit(self) -> str:
        return {"census": "人", "change": "%", "index": "2010=100" if self.base == 2010 else f"{self.base}=100"}[self.kind]

    def sources(self) -> list[str]:
        """Which publishers this measure draws on (for credit lines)."""
        years = {self.year} | ({self.base} if self.base else set())
        release_years = set(RELEASES[self.release]["years"])
        out = []
        if self.kind == "census" or any(y not in release_years for y in years) or RELEASES[self.release]["base"] in years:
            out.append("census")
        if self.kind != "census":
            out.append("ipss")
        return out


def parse_measure(text: str) -> Measure:
    """Parse 'census:2020', 'change:2020:2045[:ipss2018]', 'index:2015:2045'; ValueError says why."""
    parts = str(text).strip().split(":")
    kind = parts[0]
    try:
        if kind == "census" and len(parts) == 2:
            year = int(parts[1])
            if year not in CENSUS_YEARS:
                raise ValueError(f"census years are {', '.join(map(str, CENSUS_YEARS))}")
            return Measure("census", year)
        if kind in ("change", "index") and len(parts) in (3, 4):
            release = parts[3] if len(parts) == 4 else DEFAULT_RELEASE
            if release not in RELEASES:
                raise ValueError(f"release must be one of {', '.join(RELEASES)}")
            base, year = int(parts[1]), int(parts[2])
            valid = set(available_years(release))
            for y in (base, year):
                if y not in valid:
                    raise ValueError(f"{y} is not a year of {release} or the census ({', '.join(map(str, sorted(valid)))})")
            if base >= year:
                raise ValueError("the from-year must come before the to-year")
            return Measure(kind, year, base, release)
    except ValueError as exc:
        if "invalid literal" in str(exc):
            raise ValueError(f"{text!r}: years must be numbers") from None
        raise ValueError(f"{text!r}: {exc}") from None
    raise ValueError(f"{text!r} is not a measure (census:2020, change:2020:2045, index:2015:2045)")


def available_years(release: str) -> list[int]:
    return sorted(set(CENSUS_YEARS) | set(RELEASES[release]["years"]))


def population_at(population: pd.DataFrame, year: int, release: str) -> pd.DataFrame:
    """code, population, status for one year: from the release where it has the year, else census."""
    series = release if year in RELEASES[release]["years"] else "census"
    rows = population[(population["series"] == series) & (population["year"] == year)]
    return rows[["code", "population", "status"]].set_index("code")


def compute(population: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """Per code: value (float or NaN), status ('ok' or why it is missing)."""
    if measure.kind == "census":
        rows = population[(population["series"] == "census") & (population["year"] == measure.year)].set_index("code")
        out = pd.DataFrame({"value": rows["population"].astype(float)})
        out["status"] = np.where(out["value"].notna(), "ok", rows["status"])
        return out
    a = population_at(population, measure.base, measure.release)
    b = population_at(population, measure.year, measure.release)
    joined = a.add_suffix("_from").join(b.add_suffix("_to"), how="outer")
    p0, p1 = joined["population_from"].astype(float), joined["population_to"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(p0 > 0, p1 / p0, np.nan)
    value = (ratio - 1) * 100 if measure.kind == "change" else ratio * 100
    out = pd.DataFrame({"value": value}, index=joined.index)
    why = joined["status_to"].where(joined["population_to"].isna(), joined["status_from"])
    why = why.where(~((p0 == 0) & p1.notna()), "zero_base")
    out["status"] = np.where(out["value"].notna(), "ok", why.fillna("missing"))
    return out


def seed_bin(index: float) -> str:
    """Seed 001's bins: 100超 (> 100); 90-100 (90 < i ≤ 100) … 50以下 (≤ 50)."""
    if index is None or np.isnan(index):
        return UNKNOWN
    if index > 100:
        return "100超"
    for upper, label in ((90, "90-100"), (80, "80-90"), (70, "70-80"), (60, "60-70"), (50, "50-60")):
        if index > upper:
            return label
    return "50以下"


@dataclass(frozen=True)
class Classes:
    labels: list[str]  # one per class, in legend order
    colors: list[str]
    assignment: pd.Series  # code → label (UNKNOWN for missing)
    method: str = ""  # quantiles | natural_breaks | seed_bins
    palette: str = ""  # sequential | diverging (centred on the measure's neutral value)
    centre: float | None = None  # 0 for a change, 100 for an index

    def color_of(self) -> pd.Series:
        lookup = dict(zip(self.labels, self.colors)) | {UNKNOWN: NO_DATA}
        return self.assignment.map(lookup)


NO_DATA = "#d9d9d9"
# ColorBrewer PuOr (diverging, colour-blind safe), split into its two arms, each from the
# centre outwards: decline in orange, growth in purple.
DECLINE = ["#fee0b6", "#fdb863", "#e08214", "#b35806", "#7f3b08"]
GROWTH = ["#d8daeb", "#b2abd2", "#8073ac", "#542788", "#2d004b"]
# Sequential (viridis family is colour-blind safe) for counts, low → high.
SEQUENTIAL = ["#fde725", "#90d743", "#35b779", "#21918c", "#31688e", "#443983", "#440154"]
# Seed bins from 50以下 (darkest orange) up to 100超 (purple): every bin below 100 is a decline.
SEED_COLORS = {"50以下": "#7f3b08", "50-60": "#b35806", "60-70": "#e08214", "70-80": "#fdb863",
               "80-90": "#fee0b6", "90-100": "#fff4e6", "100超": "#8073ac"}
CENTRE = {"change": 0.0, "index": 100.0}


def classify(values: pd.DataFrame, measure: Measure, scheme: str = "quantiles", k: int = 5) -> Classes:
    """Classes for the map legend: 'quantiles', 'natural_breaks' (Fisher–Jenks) or 'seed_bins'.

    Colours follow ColorBrewer's advice: a count is sequential; a change (or index) whose
    values all fall on one side of no change (0 %, index 100) is sequential in that side's
    hue, darker further from it; values on both sides get a diverging palette centred on no
    change: a break is put at 0 (100), decline in orange, growth in purple.
    """
    v = values["value"]
    known = v.dropna()
    if scheme == "seed_bins":
        if measure.kind == "index":
            idx = v
        elif measure.kind == "change":
            idx = v + 100
        else:
            raise ValueError("seed bins apply to an index or a change, not to a census count")
        assignment = idx.map(seed_bin)
        labels = list(reversed(SEED_BINS))
        return Classes(labels, [SEED_COLORS[l] for l in labels], assignment, "seed_bins", "diverging", 100.0)
    if len(known) == 0:
        return Classes([], [], pd.Series(UNKNOWN, index=v.index), scheme)
    k = max(2, min(k, known.nunique()))
    if scheme == "quantiles":
        bins = quantile_bins(known.values, k)
    elif scheme == "natural_breaks":
        bins = fisher_jenks_bins(known.values, k)
    else:
        raise ValueError(f"unknown classification {scheme!r}")
    centre = CENTRE.get(measure.kind)
    lo, hi = float(known.min()), float(known.max())
    diverging = centre is not None and lo < centre < hi
    if diverging and centre not in bins:
        bins = sorted(bins + [centre])
    lower = [lo] + bins[:-1]
    # "−42.3〜−33.1": the minus sign (U+2212) and 〜, so that no spreadsheet reads a class as a
    # formula ("-42.3 – -33.1" was written as "'-42.3 – -33.1" in the CSV) and Japanese reads it.
    def fmt(x: float) -> str:
        text = f"{x:,.0f}" if measure.kind == "census" else f"{x:.1f}"
        return "0" + text[2:] if text.startswith("-0") and float(text.replace(",", "")) == 0 else text.replace("-", "\u2212")
    labels = [f"{fmt(a)}〜{fmt(b)}" for a, b in zip(lower, bins)]
    yb = np.searchsorted(np.array(bins), known.values, side="left").clip(0, len(bins) - 1)
    assignment = pd.Series(UNKNOWN, index=v.index, dtype=object)
    assignment.loc[known.index] = [labels[i] for i in yb]
    if centre is None:
        colors, palette = _spread(SEQUENTIAL, len(labels)), "sequential"
    elif diverging:
        below = sum(b <= centre for b in bins)
        above = len(bins) - below
        colors, palette = list(reversed(DECLINE[:below])) + GROWTH[:above], "diverging"
    elif hi <= centre:
        colors, palette = list(reversed(_spread(DECLINE, len(labels)))), "sequential"
    else:
        colors, palette = _spread(GROWTH, len(labels)), "sequential"
    used = sorted(set(yb))
    return Classes([labels[i] for i in used], [colors[i] for i in used], assignment, scheme, palette, centre)


def _spread(colors: list[str], n: int) -> list[str]:
    if n >= len(colors):
        return list(colors) + [colors[-1]] * (n - len(colors))
    idx = np.linspace(0, len(colors) - 1, n).round().astype(int)
    return [colors[i] for i in idx]
