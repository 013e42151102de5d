"""Write imported rows as a registry folder: all or nothing.

The tables are written to a fresh folder beside the target, checked with the registry's own
validation (together with the folders they refer to, e.g. data/ for the schemes), and only then
moved into place: a new or empty target is replaced by the whole folder in one rename, an
existing one file by file (each file by rename).  A failure leaves the target as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from ...errors import AtlasError, Problem, display_path
from ..provenance import SOURCE_COLUMNS, fix_text
from ..schema import TABLES
from ..validate import load_registry

REPORT_FILE = "import-report.txt"


def write_folder(tables: Mapping[str, pd.DataFrame], into: str | Path, *, report_text: str = "",
                 refer_to: Sequence[str | Path] = (), known_codes: Mapping[str, str] | None = None,
                 overwrite: bool = False) -> Path:
    """Write `tables` (registry rows as text) to the folder `into`; return it."""
    into = Path(into)
    shown = display_path(into)
    if into.exists() and not into.is_dir():
        raise AtlasError(Problem(shown, None, None, "exists and is not a folder"))
    existing = sorted(p.name for p in into.glob("*.csv")) if into.is_dir() else []
    if existing and not overwrite:
        raise AtlasError(Problem(shown, None, None, f"already holds {', '.join(existing)}; choose an empty folder or add --overwrite"))
    into.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{into.name}.import-", dir=into.parent))
    os.chmod(tmp, 0o755)
    try:
        for name, frame in tables.items():
            cols = [c.name for c in TABLES[name].columns]
            frame = frame.assign(**{c: frame[c].map(lambda v: fix_text(v) if isinstance(v, str) else v)  # #19: proxy → original
                                    for c in SOURCE_COLUMNS if c in frame.columns})
            frame.reindex(columns=cols).fillna("").to_csv(tmp / TABLES[name].file, index=False, encoding="utf-8")
        if report_text:
            (tmp / REPORT_FILE).write_text(report_text + "\n", encoding="utf-8")
        _, problems = load_registry([*refer_to, tmp], known_codes)
        if problems:
            raise AtlasError([Problem(p.file.replace(display_path(tmp), shown), p.row, p.column, p.message) for p in problems])
        if not into.exists() or (into.is_dir() and not any(into.iterdir())):
            os.replace(tmp, into)  # one rename: the whole folder appears at once
            return into
        for p in tmp.iterdir():
            os.replace(p, into / p.name)
        stale = [t.file for t in TABLES.values() if t.name not in tables and (into / t.file).exists()]
        for name in stale:  # tables an earlier import wrote and this one does not
            (into / name).unlink()
        return into
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
