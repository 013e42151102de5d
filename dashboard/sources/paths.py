"""Where the public source data lives, and what the build expects to find there.

The project never copies sources into the repository: the build reads them from a folder
given by ``--sources DIR``, the ``ATLAS_SOURCES`` environment variable, or by default
``../shared/sources`` beside the repository.  A user elsewhere points the same build at
the official downloads laid out the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, SourceMissing, display_path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCES = REPO_ROOT.parent / "shared" / "sources"

# Relative paths of the files the national build reads, and what each is.
BOUNDARY_KEYS = ("municipalities_fine", "municipalities_light", "wards_fine", "prefectures_fine", "prefectures_light")
LAYOUT: dict[str, tuple[str, str]] = {
    "municipalities_fine": ("boundaries/s0010/N03-21_210101_designated_city.json", "N03 boundaries, 1 %, designated cities whole"),
    "municipalities_light": ("boundaries/s0001/N03-21_210101_designated_city.json", "N03 boundaries, 0.1 %, designated cities whole"),
    "wards_fine": ("boundaries/s0010/N03-21_210101.json", "N03 boundaries, 1 %, with wards"),
    "prefectures_fine": ("boundaries/s0010/prefectures.json", "prefecture outlines, 1 %"),
    "prefectures_light": ("boundaries/s0001/prefectures.json", "prefecture outlines, 0.1 %"),
    "population": ("population/municipal_population.csv", "census 2010–2020 and IPSS 2018 per municipality"),
    "census_history": ("population/raw/census_history/census_totals_1980_2015.csv", "census 1980–2015 totals"),
    "ipss2023": ("population/ipss2023/ipss2023_totals.csv", "IPSS 2023 projections to 2050"),
    "master": ("municipalities/localgovjp-utf8.csv", "municipality master list (kana, town halls)"),
}


# Read when present: raw publisher tables that cross-check and complete the processed ones.
OPTIONAL: dict[str, tuple[str, str]] = {
    "census2020_raw": ("population/raw/estat_census/census2020_table2-7-1_utf8bom.csv", "e-Stat 令和2年国勢調査 表2-7-1"),
}


def resolve_sources(explicit: str | Path | None = None) -> Path:
    """The sources folder: explicit argument, then $ATLAS_SOURCES, then ../shared/sources."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("ATLAS_SOURCES")
    if env:
        return Path(env)
    return DEFAULT_SOURCES


@dataclass(frozen=True)
class SourcePaths:
    root: Path

    def __getitem__(self, key: str) -> Path:
        return self.root / LAYOUT[key][0]

    def optional(self, key: str) -> Path | None:
        path = self.root / OPTIONAL[key][0]
        return path if path.exists() else None

    def missing(self, skip: tuple[str, ...] = ()) -> list[Problem]:
        """One problem per expected file that is not there (keys in `skip` are not needed)."""
        if not self.root.is_dir():
            return [
                Problem(display_path(self.root), None, None,
                        "sources folder not found; give --sources DIR or set ATLAS_SOURCES "
                        "(the default is ../shared/sources beside the repository)")
            ]
        return [
            Problem(display_path(self.root / rel), None, None, f"missing source: {what}")
            for key, (rel, what) in LAYOUT.items()
            if key not in skip and not (self.root / rel).exists()
        ]

    def require(self, skip: tuple[str, ...] = ()) -> SourcePaths:
        problems = self.missing(skip)
        if problems:
            raise SourceMissing(problems)
        return self
