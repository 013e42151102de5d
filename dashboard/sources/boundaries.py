"""国土数値情報 N03 (行政区域) boundaries: TopoJSON, GeoJSON or Shapefile, zipped or not.

The official MLIT download has one feature per polygon part and designated cities split
into wards; the processed TopoJSON in ../shared has one feature per code.  Both come out
of :func:`read_n03` as one row per 5-digit code, valid geometry, EPSG:4326.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from ..errors import AtlasError, Problem, display_path

N03_CRS = "EPSG:6668"  # JGD2011 geographic, the CRS of N03 since 2011
WEB_CRS = "EPSG:4326"
_SUFFIXES = (".json", ".geojson", ".topojson", ".shp", ".gpkg")


def _open_path(path: Path) -> str:
    """GDAL path for a plain file, or for the vector file inside a zip."""
    if path.suffix.lower() != ".zip":
        return str(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.lower().endswith(_SUFFIXES)]
    except zipfile.BadZipFile:
        raise AtlasError(Problem(display_path(path), None, None, "not a readable zip file")) from None
    shp = [n for n in names if n.lower().endswith(".shp")]
    chosen = (shp or names or [None])[0]
    if chosen is None:
        raise AtlasError(Problem(display_path(path), None, None, "zip holds no .shp, .geojson or .json boundary file"))
    return f"/vsizip/{path}/{chosen}"


def read_n03(path: str | Path) -> gpd.GeoDataFrame:
    """Read N03 boundaries into columns code, pref_name, county, name, geometry.

    Features with no code (所属未定地, undetermined boundaries) are kept with code ''
    so a caller can report them; parts sharing a code are dissolved into one feature.
    """
    path = Path(path)
    shown = display_path(path)
    if not path.exists():
        raise AtlasError(Problem(shown, None, None, "boundary file not found"))
    try:
        raw = pyogrio.read_dataframe(_open_path(path), encoding=None)
    except Exception as exc:  # GDAL's messages are useful; keep them
        raise AtlasError(Problem(shown, None, None, f"cannot read boundaries: {exc}")) from None
    if len(raw) == 0:
        raise AtlasError(Problem(shown, None, None, "no features"))
    if "N03_007" not in raw.columns:
        raise AtlasError(
            Problem(shown, 1, "N03_007", f"no N03_007 (code) property; found {', '.join(map(str, raw.columns))}")
        )
    if raw.crs is None:
        raw = raw.set_crs(N03_CRS)
    raw = raw.to_crs(WEB_CRS)
    geom = raw.geometry
    broken = geom.isna() | geom.is_empty
    if broken.all():
        raise AtlasError(Problem(shown, None, "geometry", "every feature has an empty geometry"))
    code = raw["N03_007"].fillna("").astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    code = code.where(code == "", code.str.zfill(5))
    bad = code[(code != "") & ~code.str.fullmatch(r"\d{5}")]
    if len(bad):
        i = bad.index[0]
        raise AtlasError(Problem(shown, int(i) + 1, "N03_007", f"feature {i + 1}: {bad.iloc[0]!r} is not a 5-digit code"))
    name = raw.get("N03_004", pd.Series(None, index=raw.index))
    county = raw.get("N03_003", pd.Series(None, index=raw.index))
    # Designated cities merged: N03_003 holds the city name and N03_004 is empty.
    name = name.where(name.notna() & (name.astype(str) != ""), county)
    frame = gpd.GeoDataFrame(
        {
            "code": code,
            "pref_name": raw.get("N03_001"),
            "county": county,
            "name": name,
        },
        geometry=shapely.make_valid(geom.values),
        crs=WEB_CRS,
    )[~broken.values]
    frame["geometry"] = frame.geometry.apply(_polygonal)
    frame = frame[~frame.geometry.is_empty]
    coded = frame[frame["code"] != ""]
    if coded["code"].duplicated().any():
        coded = coded.dissolve(by="code", as_index=False, aggfunc="first")
        coded["geometry"] = coded.geometry.apply(_polygonal)
    uncoded = frame[frame["code"] == ""]
    if len(uncoded) and uncoded["pref_name"].duplicated().any():  # parts of one 所属未定地 area
        uncoded = uncoded.dissolve(by="pref_name", as_index=False, aggfunc="first")
    out = pd.concat([coded, uncoded], ignore_index=True)
    return gpd.GeoDataFrame(out, geometry="geometry", crs=WEB_CRS)[["code", "pref_name", "county", "name", "geometry"]]


def _polygonal(geom):
    """Keep the areal part of a geometry (make_valid can return lines beside polygons)."""
    if geom is None:
        return shapely.MultiPolygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.MultiPolygon()


def read_outlines(path: str | Path, name_field: str = "N03_001") -> gpd.GeoDataFrame:
    """Prefecture outlines: pref_name, geometry."""
    path = Path(path)
    try:
        raw = pyogrio.read_dataframe(_open_path(path))
    except Exception as exc:
        raise AtlasError(Problem(display_path(path), None, None, f"cannot read outlines: {exc}")) from None
    if name_field not in raw.columns:
        raise AtlasError(Problem(display_path(path), 1, name_field, "missing prefecture name property"))
    if raw.crs is None:
        raw = raw.set_crs(N03_CRS)
    raw = raw.to_crs(WEB_CRS)
    out = gpd.GeoDataFrame({"pref_name": raw[name_field]}, geometry=shapely.make_valid(raw.geometry.values), crs=WEB_CRS)
    out["geometry"] = out.geometry.apply(_polygonal)
    return out.dissolve(by="pref_name", as_index=False)


def merge_wards(frame: gpd.GeoDataFrame, ward_parent: dict[str, str]) -> gpd.GeoDataFrame:
    """Dissolve ward features into their designated city (for the official ward-level file)."""
    out = frame.copy()
    out["code"] = out["code"].map(lambda c: ward_parent.get(c, c))
    merged = out.dissolve(by="code", as_index=False, aggfunc="first")
    return merged


def simplify_coverage(frame: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplify polygons that tile the land while keeping shared borders shared.

    Independent per-polygon simplification opens slivers and overlaps between neighbours;
    GEOS's coverage simplification moves each shared edge once for both sides.
    """
    out = frame.copy()
    out["geometry"] = shapely.coverage_simplify(out.geometry.values, tolerance)
    return out


@dataclass
class BoundaryLevels:
    """Every geometry level the build needs: municipalities (designated cities whole) at 1 %
    and 0.1 %-like detail, wards, prefecture outlines."""

    fine: gpd.GeoDataFrame
    light: gpd.GeoDataFrame
    wards: gpd.GeoDataFrame
    prefectures_fine: gpd.GeoDataFrame
    prefectures_light: gpd.GeoDataFrame


# Tolerances (degrees) for GEOS coverage simplification of a full-resolution N03 download, chosen
# to match the processed TopoJSON levels: about 1 % and 0.1 % of the points.
FINE_TOLERANCE = 0.001
LIGHT_TOLERANCE = 0.01


def levels_from_official(path: str | Path, ward_parent: dict[str, str]) -> BoundaryLevels:
    """All levels from one official MLIT N03 file (wards separate, one feature per polygon part).

    Parts are dissolved per code (:func:`read_n03`), simplified once as a coverage so that
    neighbours keep one shared border, wards merged into their designated city, and prefectures
    dissolved from their municipalities.
    """
    raw = read_n03(path)
    coded = raw[raw["code"] != ""]
    fine_wards = simplify_coverage(coded, FINE_TOLERANCE)
    wards = fine_wards[fine_wards["code"].isin(ward_parent)]
    fine = merge_wards(fine_wards, ward_parent)
    fine["geometry"] = fine.geometry.apply(_polygonal)
    light = simplify_coverage(fine, LIGHT_TOLERANCE)
    uncoded = raw[raw["code"] == ""]
    fine = gpd.GeoDataFrame(pd.concat([fine, uncoded], ignore_index=True), geometry="geometry", crs=WEB_CRS)
    light = gpd.GeoDataFrame(pd.concat([light, uncoded], ignore_index=True), geometry="geometry", crs=WEB_CRS)
    prefs_fine = fine[fine["code"] != ""].dissolve(by="pref_name", as_index=False)[["pref_name", "geometry"]]
    prefs_light = light[light["code"] != ""].dissolve(by="pref_name", as_index=False)[["pref_name", "geometry"]]
    return BoundaryLevels(fine, light, wards, prefs_fine, prefs_light)
