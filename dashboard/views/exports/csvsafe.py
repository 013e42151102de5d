"""CSV that a spreadsheet opens as text: cells that would run as a formula are neutralised.

Excel, LibreOffice and Google Sheets evaluate a cell starting with ``=``, ``+``, ``-`` or ``@``
(and, after a tab or carriage return, whatever follows) as a formula: a municipality or body
named ``=HYPERLINK("http://…","…")`` in an imported registry would become a live link, or
worse.  Every CSV the atlas writes goes through :func:`csv_bytes` (or :func:`neutralise`),
which prefixes such text cells with an apostrophe, the spreadsheet's own "this is text" mark
(OWASP's advice for CSV injection).  Numbers stay numbers: only text cells are touched.
"""

from __future__ import annotations

import pandas as pd

RISKY = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(RISKY):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every risky text cell (and column name) prefixed with ``'``."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(safe_cell, na_action="ignore")
    out.columns = [safe_cell(c) for c in out.columns]
    return out


def csv_text(frame: pd.DataFrame, lineterminator: str = "\r\n") -> str:
    return neutralise(frame).to_csv(index=False, lineterminator=lineterminator)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM and CRLF: Excel in Japan opens it without mojibake; formulas neutralised."""
    return csv_text(frame).encode("utf-8-sig")
