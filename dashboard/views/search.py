"""Find a municipality by name or reading: おおまち, オオマチ, 大町 → 大町市."""

from __future__ import annotations

import unicodedata

import pandas as pd


def _fold(text: str) -> str:
    """NFKC, katakana → hiragana, no spaces: one form for comparing names and readings."""
    text = unicodedata.normalize("NFKC", str(text)).replace(" ", "").replace("　", "")
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def search(municipalities: pd.DataFrame, query: str, limit: int = 10) -> pd.DataFrame:
    """Rows of municipalities matching the query, best first (exact, prefix, then contains)."""
    q = _fold(query)
    if not q:
        return municipalities.iloc[0:0]
    names = municipalities["name"].map(_fold)
    kana = municipalities["kana"].fillna("").map(_fold)
    score = pd.Series(0, index=municipalities.index)
    for field in (names, kana):
        score = score.where(~field.str.contains(q, regex=False), score.clip(lower=1))
        score = score.where(~field.str.startswith(q), score.clip(lower=2))
        score = score.where(field != q, 3)
    hits = municipalities[score > 0].assign(_score=score[score > 0])
    return hits.sort_values(["_score", "code"], ascending=[False, True]).drop(columns="_score").head(limit)
