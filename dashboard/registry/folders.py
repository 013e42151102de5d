"""Which folders a registry is: the folders named and every folder below them that holds tables.

Its own module, below both the validator and the source-kind checks (provenance), so that each can
walk a registry tree without importing the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def expand_folders(folders: Sequence[str | Path]) -> list[Path]:
    """Each folder and every folder below it that holds CSV tables, in a stable order.

    The national registry is a tree (``data/`` for the core tables, ``data/areas/<range>/`` per
    group of prefectures) so that parallel work never edits the same file and diffs stay
    readable; the tables of all folders are read as one registry.
    """
    out: list[Path] = []
    for folder in map(Path, folders):
        out.append(folder)
        if folder.is_dir():
            out.extend(sorted(d for d in folder.rglob("*") if d.is_dir() and any(d.glob("*.csv"))))
    return out
