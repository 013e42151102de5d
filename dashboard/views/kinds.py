"""Each fact's source kind on screen (#19): 公式 / 報道 / 参考 / 二次資料, from registry/provenance.py.

The views add a ``source_kind`` column beside ``source`` so a reader can tell an official page from
a copy; the classification itself lives in the registry (data/hosts.csv), never here.
"""

from __future__ import annotations

import pandas as pd

from dashboard.registry.provenance import source_kind
from dashboard.views.labels import t

_KEYS = {"official": "kind_official", "press": "kind_press", "reference": "kind_reference", "secondary": "kind_secondary"}


def kind_label(source, lang: str = "ja") -> str:
    """'公式' / '報道' / '参考' / '二次資料' for a source cell; '' for a cited document or an unlisted host."""
    kind = source_kind(source)
    if kind == "deny":
        kind = "secondary"  # a copy on a denied host is at best secondary; validation names it
    return t(_KEYS[kind], lang) if kind in _KEYS else ("" if kind == "document" else t("kind_unknown", lang))


def with_kinds(frame: pd.DataFrame, lang: str = "ja", column: str = "source") -> pd.DataFrame:
    """``frame`` with a ``source_kind`` column right after ``column`` (unchanged if it has none)."""
    if column not in frame.columns or "source_kind" in frame.columns:
        return frame
    out = frame.copy()
    out.insert(out.columns.get_loc(column) + 1, "source_kind", [kind_label(s, lang) for s in out[column]])
    return out
