"""Tables in the chosen language: column headers and number formats via st.column_config."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.views.labels import column_label, display_values

NUMBER = {"ja": "localized", "en": "localized"}


def columns(frame: pd.DataFrame, lang: str) -> dict:
    """A column_config for every column of ``frame``: a label in ``lang``, numbers with separators."""
    config = {}
    for name in frame.columns:
        label = column_label(str(name), lang)
        if pd.api.types.is_numeric_dtype(frame[name]) and not str(name).endswith(("year", "_id")):
            fmt = "%.1f" if str(name).endswith(("pct", "ratio")) else "localized"
            config[name] = st.column_config.NumberColumn(label, format=fmt)
        else:
            config[name] = st.column_config.Column(label)
    return config


def show(frame: pd.DataFrame, lang: str, **kwargs) -> None:
    """A table with headers and coded values in ``lang`` (never "explicit", "None" in Japanese)."""
    frame = display_values(frame, lang)
    st.dataframe(frame, hide_index=True, width="stretch", column_config=columns(frame, lang), **kwargs)
