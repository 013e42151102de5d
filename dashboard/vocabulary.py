"""The domain's vocabulary: which census years and projection releases exist, and their credits.

One place for the words the whole atlas shares.  Readers (``sources/``), the build, views,
ui and pages import it from here; it imports nothing of the atlas.
"""

from __future__ import annotations

# 国勢調査 years held for every municipality (1980–2020, every five years).
CENSUS_YEARS = (1980, 1985, 1990, 1995, 2000, 2005, 2010, 2015, 2020)

# Projection releases (社人研『日本の地域別将来推計人口』): base census year and projection years.
RELEASES = {
    "ipss2018": {"label": "社人研 平成30年推計 (2018)", "label_en": "IPSS 2018 projection", "base": 2015,
                 "years": (2015, 2020, 2025, 2030, 2035, 2040, 2045)},
    "ipss2023": {"label": "社人研 令和5年推計 (2023)", "label_en": "IPSS 2023 projection", "base": 2020,
                 "years": (2020, 2025, 2030, 2035, 2040, 2045, 2050)},
}
DEFAULT_RELEASE = "ipss2023"

CENSUS_CREDIT = "出典：総務省統計局 国勢調査"
IPSS_CREDIT = "出典：国立社会保障・人口問題研究所『日本の地域別将来推計人口』"
BOUNDARY_CREDIT = "出典：国土交通省 国土数値情報（行政区域データ）を加工して作成"
MEASURE_CREDIT = {"census": CENSUS_CREDIT, "ipss": IPSS_CREDIT}


def release_label(release: str, lang: str = "ja") -> str:
    """「社人研 令和5年推計 (2023)」 / 'IPSS 2023 projection'."""
    r = RELEASES[release]
    return r["label_en"] if lang == "en" else r["label"]
