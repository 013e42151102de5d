"""Which store a session reads: the file on disk when the session started, kept for its life.

A rebuild replaces the store by rename (:func:`dashboard.store.write_store`), so the path
names either the old complete file or the new complete file, never a half-written one.  The
loader is keyed on the file's identity (device, inode, size, mtime): a new session after a
rebuild loads the new store, without a restart; an open session keeps the object it started
with (pinned in its session state) and finishes on the old store.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from ..errors import AtlasError, Problem, display_path
from ..store import default_store

PIN = "atlas_store_data"


def identity(path: Path | None = None) -> tuple:
    """(path, device, inode, size, mtime) of the store file now; a missing file raises AtlasError."""
    path = Path(path) if path else default_store()
    try:
        s = os.stat(path)
    except OSError:
        raise AtlasError(Problem(display_path(path), None, None, "no built store; run `python -m dashboard build` first")) from None
    return (str(path), s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns)


_settled: set[int] = set()
_settle_lock = threading.Lock()


def load_stable(load: Callable[[tuple], object], path: Path | None = None, attempts: int = 3):
    """``load(identity)``, checking that the file did not change while it was read (a rebuild
    renamed in mid-read would otherwise be cached under the old identity)."""
    for _ in range(attempts):
        before = identity(path)
        data = load(before)
        if identity(path) == before:
            break
    settle(data)
    return data


def settle(data) -> None:
    """After a store is loaded: move everything alive into the collector's permanent generation
    (``gc.freeze``), so that later collections no longer walk the store's millions of objects.
    Unfrozen first, so that a store replaced by a rebuild can still be collected."""
    with _settle_lock:
        if id(data) in _settled:
            return
        _settled.add(id(data))
        gc.unfreeze()
        gc.collect()
        gc.freeze()


def pinned(load: Callable[[], object]):
    """The session's store object: loaded on its first run, the same object afterwards."""
    data = st.session_state.get(PIN)
    if data is None:
        data = st.session_state[PIN] = load()
    return data
