"""The files the app serves from ./static, written once per process and built store.

Views compute what the browser fetches (:func:`dashboard.views.map.geoassets.asset_files`,
Leaflet's location in :mod:`dashboard.views.map.offline`); writing them is the app's business,
so it happens here, on the floor that runs the app, and never inside a view.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from dashboard.views.map.geoassets import asset_files, build_id
from dashboard.views.map.offline import LEAFLET_DIR, LEAFLET_VERSION


def ensure_static_assets(app_dir: Path) -> Path:
    """Copy Leaflet's JS, CSS and images into <app_dir>/static/vendor/leaflet (idempotent)."""
    target = app_dir / "static" / "vendor" / "leaflet"
    marker = target / f".version-{LEAFLET_VERSION}"
    if marker.exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copy(LEAFLET_DIR / name, target / name)
    shutil.copytree(LEAFLET_DIR / "images", target / "images", dirs_exist_ok=True)
    marker.touch()
    return target


def write_assets(data, static_dir: Path) -> Path:
    """Write every level's geometry files under static_dir/geo/<build id>/ (skipped when present).

    Written into a private folder and renamed into place, so that several server processes
    starting together (replicas) never serve or overwrite each other's half-written files."""
    final = static_dir / "geo" / build_id(data.meta)
    if (final / ".complete").exists():
        return final
    root = final.with_name(f".tmp-{final.name}-{os.getpid()}")
    shutil.rmtree(root, ignore_errors=True)
    for relative, text in asset_files(data):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / ".complete").parent.mkdir(parents=True, exist_ok=True)
    (root / ".complete").touch()
    try:
        os.rename(root, final)
    except OSError:  # another process finished first (or a stale incomplete folder is in the way)
        if not (final / ".complete").exists():
            shutil.rmtree(final, ignore_errors=True)
            os.rename(root, final)
    shutil.rmtree(root, ignore_errors=True)
    return final
