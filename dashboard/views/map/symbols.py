"""The marks of the atlas maps: one place for every colour, line style and marker, so the web
map, its legend and the exported images draw (and explain) the same things.

Colours are Okabe–Ito (colour-blind safe); schemes differ by dash pattern as well as by
colour, so they stay apart in grey print and for every kind of colour vision.  Spheres and
unions are outlines, never fills: the choropleth beneath stays readable.
"""

from __future__ import annotations

from dashboard.vocabulary import BOUNDARY_CREDIT, MEASURE_CREDIT  # noqa: F401  (credits travel with the marks)

PURPOSE_COLORS = {  # Okabe–Ito palette (colour-blind safe)
    "後期高齢者医療": "#999999",
    "ごみ処理": "#E69F00",
    "消防": "#D55E00",
    "介護": "#CC79A7",
    "火葬場": "#56B4E9",
    "水道": "#0072B2",
    "病院": "#009E73",
    "し尿処理": "#F0E442",
}
OTHER_PURPOSE = "#000000"
PURPOSES_EN = {"後期高齢者医療": "elderly medical care", "ごみ処理": "waste", "消防": "fire service", "介護": "long-term care",
               "火葬場": "crematorium", "水道": "water supply", "病院": "hospital", "し尿処理": "night soil"}
INCOMPLETE_COLOR = "#7f3b08"  # dark brown: apart from the choropleth's hues
# Population series in charts: the same colour for a series in either language (Okabe–Ito).
SERIES_COLORS = {"census": "#0072B2", "ipss2018": "#E69F00", "ipss2023": "#D55E00"}
SCHEME_COLORS = {"定住自立圏": "#009E73", "連携中枢都市圏": "#0072B2", "連携自立圏": "#CC79A7", "市町村連携地域モデル": "#E69F00"}
# Dash pattern per sphere scheme (SVG stroke-dasharray; "" = solid).
SCHEME_DASH = {"定住自立圏": "", "連携中枢都市圏": "10 4", "連携自立圏": "10 3 2 3", "市町村連携地域モデル": "2 4"}
OTHER_SCHEME = "#555555"
UNION_DASH = "4 3"
SPHERE_WEIGHT, UNION_WEIGHT = 3, 2
PREFECTURE_LINE = {"color": "#555555", "weight": 1}
INCOMPLETE_LINE = {"color": INCOMPLETE_COLOR, "weight": 2.5, "dashArray": "1 5", "lineCap": "round"}
LINK_LINE = {"color": "#333333", "weight": 1.2, "opacity": 0.8}
REMOTE_LINE = {"color": "#D55E00", "weight": 2.5, "dashArray": "8 6"}
HUB_MARKER = {"radius": 6, "color": "#000000", "weight": 1.5, "fill_color": "#ffffff"}
FOCUS_LINE = {"color": "#000000", "weight": 3.5}


def purpose_color(purposes: str) -> str:
    for p in str(purposes).split(";"):
        if p in PURPOSE_COLORS:
            return PURPOSE_COLORS[p]
    return OTHER_PURPOSE


def purpose_of(purposes: str) -> str:
    """The purpose whose colour a union is drawn in ('' for the 'other' colour)."""
    for p in str(purposes).split(";"):
        if p in PURPOSE_COLORS:
            return p
    return ""


def scheme_style(scheme: str) -> dict:
    return {"color": SCHEME_COLORS.get(scheme, OTHER_SCHEME), "dashArray": SCHEME_DASH.get(scheme, "6 3")}
