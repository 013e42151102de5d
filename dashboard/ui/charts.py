"""Chart pieces shared by the pages: population series named in the chosen language, each in
the same colour whatever the language (a legend sorted by label would swap them)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.views.map.symbols import SERIES_COLORS
from dashboard.views.panels import series_labels


def name_series(frame: pd.DataFrame, lang: str, column: str = "series") -> pd.DataFrame:
    """``frame`` with its series ids (census, ipss2018, ipss2023) replaced by their names."""
    return frame.assign(**{column: frame[column].map(series_labels(lang)).fillna(frame[column])})


def series_color(lang: str, title: str = "") -> alt.Color:
    """Colour by series name, fixed per series."""
    labels = series_labels(lang)
    return alt.Color("series:N", title=title, sort=[labels[k] for k in SERIES_COLORS],
                     scale=alt.Scale(domain=[labels[k] for k in SERIES_COLORS], range=list(SERIES_COLORS.values())))
