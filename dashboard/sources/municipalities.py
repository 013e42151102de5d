"""The municipality master list (code4fukui/localgovjp format): kana and town-hall points.

The atlas's *set* of municipalities comes from the census table (1,741 + 175 wards); this
list adds readings for search (おおまち → 大町市) and town-hall coordinates for hub markers
and partner lines.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..codes import normalize_code
from ..errors import AtlasError, Problem, display_path
from ..textio import read_csv_text


def read_master(path: str | Path) -> pd.DataFrame:
    """code (5-digit), name, kana, lat, lng, url."""
    frame, _ = read_csv_text(path)
    file = display_path(path)
    need = ["city", "citykana", "lat", "lng", "lgcode"]
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise AtlasError(Problem(file, 1, ", ".join(missing), f"missing columns: {', '.join(missing)}"))
    codes = []
    for line, raw in frame["lgcode"].items():
        try:
            codes.append(normalize_code(raw))
        except ValueError as exc:
            raise AtlasError(Problem(file, int(line), "lgcode", str(exc))) from None
    out = pd.DataFrame(
        {
            "code": codes,
            "name": frame["city"].str.replace(" ", "", regex=False).values,
            "kana": frame["citykana"].str.replace(" ", "", regex=False).values,
            "url": frame.get("url", pd.Series("", index=frame.index)).values,
        }
    )
    for col in ("lat", "lng"):
        try:
            out[col] = pd.to_numeric(frame[col].values)
        except ValueError:
            bad = next(l for l, v in frame[col].items() if not _is_float(v))
            raise AtlasError(Problem(file, int(bad), col, f"{frame.loc[bad, col]!r} is not a number")) from None
    return out


def _is_float(v: str) -> bool:
    try:
        float(v)
        return True
    except ValueError:
        return False
