"""Find municipalities and bodies: おおまち, オオマチ, 大町, 20212 → 大町市; 北アルプス, 八戸圏域,
定住自立圏 → the bodies of that name, reading or scheme."""

from __future__ import annotations

import unicodedata

import pandas as pd


def _fold(text: str) -> str:
    """NFKC, katakana → hiragana, no spaces: one form for comparing names and readings."""
    text = unicodedata.normalize("NFKC", str(text)).replace(" ", "").replace("　", "")
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text).lower()


def _score(fields: list[pd.Series], q: str, index) -> pd.Series:
    """3 exact, 2 prefix, 1 contains (best over the fields), 0 no match."""
    score = pd.Series(0, index=index)
    for field in fields:
        score = score.where(~field.str.contains(q, regex=False), score.clip(lower=1))
        score = score.where(~field.str.startswith(q), score.clip(lower=2))
        score = score.where(field != q, 3)
    return score


def search(municipalities: pd.DataFrame, query: str, limit: int = 10) -> pd.DataFrame:
    """Rows of municipalities matching the query by name, reading or code, best first."""
    q = _fold(query)
    if not q:
        return municipalities.iloc[0:0]
    fields = [municipalities["name"].map(_fold), municipalities["kana"].fillna("").map(_fold), municipalities["code"].astype(str)]
    score = _score(fields, q, municipalities.index)
    hits = municipalities[score > 0].assign(_score=score[score > 0])
    return hits.sort_values(["_score", "code"], ascending=[False, True]).drop(columns="_score").head(limit)


# Equal matches: spheres before unions.  An area's name ("八戸圏域") is usually its sphere's name, while a
# union adds its affair to it (八戸圏域水道企業団); the one typing the bare area name wants the sphere first.
SCHEME_RANK = {"連携中枢都市圏": 0, "定住自立圏": 0, "連携自立圏": 0, "市町村連携地域モデル": 0, "遠隔連携": 1,
               "広域連合": 2, "一部事務組合": 3}


def search_bodies(bodies: pd.DataFrame, query: str, limit: int = 10) -> pd.DataFrame:
    """Rows of bodies matching the query by name, reading (bodies.kana) or scheme, best first."""
    q = _fold(query)
    if not q or bodies.empty:
        return bodies.iloc[0:0]
    kana = bodies["kana"] if "kana" in bodies.columns else pd.Series("", index=bodies.index)
    fields = [bodies["name"].map(_fold), kana.fillna("").map(_fold), bodies["scheme_id"].map(_fold)]
    score = _score(fields, q, bodies.index)
    hits = bodies[score > 0].assign(_score=score[score > 0])
    hits = hits.assign(_rank=hits["scheme_id"].map(SCHEME_RANK).fillna(len(SCHEME_RANK)))
    return hits.sort_values(["_score", "_rank", "name"], ascending=[False, True, True]).drop(columns=["_score", "_rank"]).head(limit)


def search_all(data, query: str, limit: int = 12) -> pd.DataFrame:
    """Municipalities and bodies in one list: kind (municipality | body), id, label; best first.

    Municipalities come first when both match equally (a name is more often a place)."""
    munis = search(data.municipalities, query, limit)
    bodies = search_bodies(data.bodies, query, limit)
    rows = [{"kind": "municipality", "id": r.code, "label": f"{r.name}（{r.pref_name}）"} for r in munis.itertuples()]
    rows += [{"kind": "body", "id": r.body_id, "label": f"{r.name}（{r.scheme_id}）"} for r in bodies.itertuples()]
    out = pd.DataFrame(rows, columns=["kind", "id", "label"])
    if len(munis) and len(bodies):  # interleave by quality: an exact body name before a partial place name
        q = _fold(query)
        exact_body = bodies["name"].map(_fold).eq(q).any() or bodies["name"].map(_fold).str.startswith(q).any()
        exact_muni = munis["name"].map(_fold).str.startswith(q).any() or munis["kana"].fillna("").map(_fold).str.startswith(q).any()
        if exact_body and not exact_muni:
            out = pd.concat([out[out["kind"] == "body"], out[out["kind"] == "municipality"]])
    return out.head(limit).reset_index(drop=True)
