"""The built store: one GeoPackage that the app, the CLI and QGIS read.

Writing is atomic: every layer goes into a temporary file beside the target, which is
fsynced and renamed over the old store only when complete.  A failed or killed build
leaves the previous store untouched; stale temporaries are removed by the next build.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from .errors import AtlasError, Problem, display_path
from .sources.paths import REPO_ROOT

DEFAULT_STORE = REPO_ROOT / "geodata" / "atlas.gpkg"
TMP_PREFIX = ".tmp-atlas-"
STORE_FORMAT = 1  # bump when the layout changes; the app refuses an older store


def default_store() -> Path:
    env = os.environ.get("ATLAS_STORE")
    return Path(env) if env else DEFAULT_STORE


def write_store(
    layers: Mapping[str, pd.DataFrame],
    path: str | Path,
    meta: Mapping[str, object] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write all layers to ``path`` atomically; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f"{TMP_PREFIX}*"):
        stale.unlink(missing_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".gpkg", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # GDAL wants to create the file itself
    try:
        for name, frame in layers.items():
            if progress:
                progress(name)
            _write_layer(frame, tmp, name)
        meta_frame = pd.DataFrame(
            [{"key": k, "value": json.dumps(v, ensure_ascii=False)} for k, v in {**(meta or {}), "store_format": STORE_FORMAT}.items()]
        )
        _write_layer(meta_frame, tmp, "meta")
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write_layer(frame: pd.DataFrame, path: Path, name: str) -> None:
    frame = frame.copy()
    for col in frame.columns:
        if col == getattr(frame, "_geometry_column_name", None):
            continue
        if frame[col].dtype == object:
            frame[col] = frame[col].map(lambda v: None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) if not isinstance(v, (bool, int, float)) else v)
    kwargs = {"layer": name, "driver": "GPKG"}
    if isinstance(frame, gpd.GeoDataFrame):
        kwargs["promote_to_multi"] = True
    pyogrio.write_dataframe(frame, path, **kwargs, append=path.exists())


class Store:
    """Read access to a built store; layers are read on demand."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_store()
        if not self.path.exists():
            raise AtlasError(
                Problem(display_path(self.path), None, None,
                        "no built store; run `python -m dashboard build` first")
            )
        try:
            self.layers = {row[0] for row in pyogrio.list_layers(self.path)}
        except Exception as exc:
            raise AtlasError(Problem(display_path(self.path), None, None, f"not a readable GeoPackage: {exc}")) from None
        self.meta = self._meta()
        if self.meta.get("store_format") != STORE_FORMAT:
            raise AtlasError(
                Problem(display_path(self.path), None, None,
                        f"store format {self.meta.get('store_format')} is not {STORE_FORMAT}; rebuild it")
            )

    def _meta(self) -> dict:
        if "meta" not in self.layers:
            return {}
        try:
            frame = pyogrio.read_dataframe(self.path, layer="meta")
        except Exception as exc:
            raise AtlasError(Problem(display_path(self.path), None, None, f"not a readable GeoPackage: {exc}")) from None
        return {k: json.loads(v) for k, v in zip(frame["key"], frame["value"])}

    def read(self, layer: str, columns: list[str] | None = None, where: str | None = None) -> pd.DataFrame:
        if layer not in self.layers:
            raise AtlasError(Problem(display_path(self.path), None, None, f"store has no layer {layer!r}"))
        try:
            frame = pyogrio.read_dataframe(self.path, layer=layer, columns=columns, where=where)
        except Exception as exc:  # a truncated or corrupt file: one message, not a traceback
            raise AtlasError(Problem(display_path(self.path), None, None, f"layer {layer!r} is not readable ({exc}); rebuild the store")) from None
        if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():  # an attribute table
            frame = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
        for col in ("code", "pref_code", "member_code", "from_code", "to_code", "group_code", "parent_code"):
            if col in frame.columns:
                frame[col] = frame[col].astype("string")
        return frame


def sqlite_tables(path: str | Path) -> list[str]:
    """Layer names as registered in gpkg_contents (what QGIS lists)."""
    with sqlite3.connect(path) as con:
        return [r[0] for r in con.execute("select table_name from gpkg_contents order by table_name")]
