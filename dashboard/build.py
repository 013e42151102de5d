"""sources + registry folders → validated, derived tables → one GeoPackage (atomically).

``python -m dashboard build`` runs :func:`build`.  Validation comes first: a registry with
problems stops the build before anything is written, and the previous store stays.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from tqdm import tqdm

from . import derive
from .errors import AtlasError, Problem, display_path
from .registry.coverage import coverage_table
from .registry.members import expand_memberships
from .registry.timeline import body_spans
from .registry.validate import Registry, load_registry
from .sources import boundaries as bnd
from .sources import municipalities as master_src
from .sources import population as pop
from .sources.paths import BOUNDARY_KEYS, REPO_ROOT, SourcePaths, resolve_sources
from .store import default_store, write_store

DEFAULT_REGISTRY = REPO_ROOT / "data"
MID_TOLERANCE = 0.005  # degrees, for GEOS coverage simplification
LIGHT_OUTLINE_TOLERANCE = 0.02  # degrees, body outlines at the national level
CREDITS = {
    "boundaries": "出典：国土交通省 国土数値情報（行政区域データ）を加工して作成",
    "census": pop.CENSUS_CREDIT,
    "ipss": pop.IPSS_CREDIT,
    "master": "地方公共団体の位置・読み: code4fukui/localgovjp (CC0; 国土地理院, J-LIS)",
}
TYPE_ORDER = {"政令市": "designated_city", "市": "city", "特別区": "special_ward", "町": "town", "村": "village", "行政区": "ward"}


def known_codes(sources: SourcePaths) -> dict[str, str]:
    """Every valid municipality and ward code → name (from the census table)."""
    municipal = pop.read_municipal_population(sources["population"])
    return dict(zip(municipal["code"], municipal["name"]))


def validate(folders: Sequence[str | Path], sources_dir: str | Path | None = None) -> tuple[Registry, list[Problem], bool]:
    """Validate registry folders; codes are checked for existence when sources are found.

    Returns (registry, problems, codes_checked).
    """
    sources = SourcePaths(resolve_sources(sources_dir))
    codes = None
    if (sources.root / "population/municipal_population.csv").exists():
        codes = known_codes(sources)
    registry, problems = load_registry(folders, codes)
    return registry, problems, codes is not None


@dataclass
class _Inputs:
    """What the build reads: population tables, the master list, the validated registry."""

    municipal: pd.DataFrame
    history: pd.DataFrame
    ipss23: pd.DataFrame
    master: pd.DataFrame
    census_notes: list[str]
    registry: Registry | None = None


@dataclass
class _Boundaries:
    fine: gpd.GeoDataFrame
    light: gpd.GeoDataFrame
    wards: gpd.GeoDataFrame
    prefectures_fine: gpd.GeoDataFrame
    prefectures_light: gpd.GeoDataFrame
    file: Path


def build(
    sources_dir: str | Path | None = None,
    registries: Sequence[str | Path] = (),
    out: str | Path | None = None,
    progress: bool = True,
    include_default: bool = True,
    boundaries: str | Path | None = None,
) -> dict:
    """Run the whole build; return a summary dict.  Raises AtlasError on bad input.

    The project's data/ is read first unless ``include_default`` is False (a prefecture
    building from its own registry only); extra folders follow.  ``boundaries`` is one official
    N03 file (MLIT's download, any format): every geometry level is then derived from it instead
    of read from the processed TopoJSON levels under ``sources``.  Steps: population, registry
    (validated before any geometry work), boundaries, derive, write.
    """
    started = time.perf_counter()
    sources = SourcePaths(resolve_sources(sources_dir)).require(skip=BOUNDARY_KEYS if boundaries else ())
    extra = [Path(r) for r in registries if Path(r).resolve() != DEFAULT_REGISTRY.resolve()]
    folders = [DEFAULT_REGISTRY, *extra] if include_default else [Path(r) for r in registries]
    if not folders:
        raise AtlasError("no registry folder: give --registry DIR or drop --no-default-registry")
    out = Path(out) if out else default_store()
    bar = tqdm(total=5, desc="build", unit="step", disable=not progress, leave=True)
    try:
        bar.set_postfix_str("population")
        inputs = _read_population(sources)
        bar.update()
        bar.set_postfix_str("registry")
        inputs.registry = _read_registry(folders, inputs.municipal)
        bar.update()
        bar.set_postfix_str("boundaries")
        shapes = _read_boundaries(sources, boundaries, inputs.municipal)
        bar.update()
        bar.set_postfix_str("derive")
        layers = {**_municipal_layers(inputs, shapes), **_registry_layers(inputs)}
        layers.update(_body_layers(inputs, layers))
        bar.update()
        bar.set_postfix_str("write")
        meta = {
            "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "sources": str(sources.root),
            "registries": [display_path(f) for f in folders],
            "boundaries_as_of": "2021-01-01",
            "credits": CREDITS,
            "notes": inputs.census_notes,
        }
        write_store(layers, out, meta)
        bar.update()
    finally:
        bar.close()
    return {
        "store": str(out),
        "municipalities": len(layers["municipalities"]),
        "wards": len(layers["wards"]),
        "bodies": len(layers["bodies"]),
        "memberships": len(layers["memberships"]),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _read_population(sources: SourcePaths) -> _Inputs:
    """Population and master list: the set of municipalities."""
    municipal = pop.read_municipal_population(sources["population"])
    municipal, notes = complete_census2020(municipal, sources.optional("census2020_raw"))
    return _Inputs(municipal, pop.read_census_history(sources["census_history"]), pop.read_ipss2023(sources["ipss2023"]),
                   master_src.read_master(sources["master"]), notes)


def _read_registry(folders: Sequence[Path], municipal: pd.DataFrame) -> Registry:
    """The registry, validated against the census's codes before any geometry work."""
    registry, problems = load_registry(folders, dict(zip(municipal["code"], municipal["name"])))
    if problems:
        raise AtlasError(problems)
    return registry


def _read_boundaries(sources: SourcePaths, official: str | Path | None, municipal: pd.DataFrame) -> _Boundaries:
    """Every geometry level: from one official N03 file, or the processed levels under sources."""
    if official:
        levels = bnd.levels_from_official(official, ward_parents(municipal))
        return _Boundaries(levels.fine, levels.light, levels.wards, levels.prefectures_fine, levels.prefectures_light, Path(official))
    return _Boundaries(bnd.read_n03(sources["municipalities_fine"]), bnd.read_n03(sources["municipalities_light"]),
                       bnd.read_n03(sources["wards_fine"]), bnd.read_outlines(sources["prefectures_fine"]),
                       bnd.read_outlines(sources["prefectures_light"]), sources["municipalities_fine"])


def _municipal_layers(inputs: _Inputs, shapes: _Boundaries) -> dict[str, pd.DataFrame]:
    """Municipalities (three levels), wards, other areas, prefectures, population."""
    municipal, master, fine = inputs.municipal, inputs.master, shapes.fine
    is_ward = municipal["type"] == "行政区"
    muni = municipal.loc[~is_ward]
    missing = sorted(set(muni["code"]) - set(fine["code"]))
    if missing:
        raise AtlasError(
            Problem(display_path(shapes.file), None, "N03_007",
                    f"{len(missing)} municipalities of the census have no boundary: {', '.join(missing[:10])}")
        )
    attrs = muni[["code", "name", "type", "pref_code", "pref_name", "area_km2_2015", "pop2020"]].merge(
        master[["code", "kana", "lat", "lng", "url"]], on="code", how="left"
    ).rename(columns={"area_km2_2015": "area_km2"})
    fine_by_code = fine.drop(columns=["name", "pref_name", "county"])
    municipalities = gpd.GeoDataFrame(attrs.merge(fine_by_code, on="code", how="left"), geometry="geometry", crs=fine.crs)
    other_areas = fine[~fine["code"].isin(muni["code"])].copy()
    other_areas["kind"] = other_areas["code"].map(lambda c: "所属未定地" if c == "" else "北方領土")

    ward_attrs = municipal.loc[is_ward, ["code", "name", "pref_code", "pop2020"]].merge(
        master[["code", "kana", "lat", "lng"]], on="code", how="left")
    ward_attrs["parent_code"] = ward_attrs["code"].map(ward_parents(municipal))
    wards = gpd.GeoDataFrame(ward_attrs.merge(shapes.wards[["code", "geometry"]], on="code", how="inner"), geometry="geometry", crs=fine.crs)

    pref_names = muni.drop_duplicates("pref_code").set_index("pref_name")["pref_code"]

    def prefectures(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        return frame.assign(pref_code=frame["pref_name"].map(pref_names))[["pref_code", "pref_name", "geometry"]].sort_values("pref_code")

    population, groups = derive.population_long(municipal, inputs.history, inputs.ipss23)
    return {
        "municipalities": municipalities,
        "municipalities_light": derive.light_geometry(municipalities, shapes.light),
        # Prefecture views of large prefectures: the 1 % file simplified once more, as one coverage
        # (so neighbours keep one shared border), to what a zoom of 8–9 can show (~500 m).
        "municipalities_mid": bnd.simplify_coverage(municipalities[["code", "geometry"]], MID_TOLERANCE),
        "wards": wards,
        "other_areas": other_areas,
        "prefectures": prefectures(shapes.prefectures_fine),
        "prefectures_light": prefectures(shapes.prefectures_light),
        "population": population,
        "population_groups": groups,
    }


def _registry_layers(inputs: _Inputs) -> dict[str, pd.DataFrame]:
    """The registry's own tables as stored (internal columns dropped)."""
    names = ("schemes", "financial_rules", "milestones", "affairs", "own_affairs", "affair_totals", "projects", "spending", "visions",
             "official_totals", "count_notes", "stated_amounts")
    return {"membership_sources": _public(inputs.registry["memberships"]), **{n: _public(inputs.registry[n]) for n in names}}


def _body_layers(inputs: _Inputs, layers: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Bodies with their outlines per period of membership, memberships, coverage and links."""
    registry, municipal = inputs.registry, inputs.municipal
    muni = municipal.loc[municipal["type"] != "行政区"]
    members = expand_memberships(registry["memberships"], muni)
    bodies_tbl = _public(registry["bodies"])
    spans = body_spans(bodies_tbl, registry["milestones"])
    bodies_tbl = bodies_tbl.drop(columns=["since", "until"]).merge(spans, on="body_id", how="left")
    epochs = derive.body_epochs(members, spans)
    # Outlines per period of membership, at three levels: the current period is the body's
    # own layer (bodies*, keyed by body_id); earlier periods go to body_epochs* (keyed by geo_id).
    shapes = {level: derive.epoch_geometries(epochs, layers[name])
              for level, name in (("fine", "municipalities"), ("mid", "municipalities_mid"), ("light", "municipalities_light"))}
    # The light level is drawn at the national zoom (≈ 4 km a pixel) and for 北海道 (zoom 6, ≈ 2 km): a
    # dissolved outline needs no vertex closer than 2 km there.
    light = shapes["light"].set_geometry(shapes["light"].geometry.simplify(LIGHT_OUTLINE_TOLERANCE))
    past = {level: g[g["geo_id"] != g["body_id"]].reset_index(drop=True)
            for level, g in (("fine", shapes["fine"]), ("mid", shapes["mid"]), ("light", light))}
    derived = derive.agreement_links(bodies_tbl, registry["schemes"], members, registry["milestones"])
    links = pd.concat([_public(registry["links"]).assign(derived=False), derived.assign(derived=True)], ignore_index=True)
    points = inputs.master.set_index("code")[["lat", "lng"]]
    for end in ("from", "to"):
        links[f"{end}_lat"] = links[f"{end}_code"].map(points["lat"])
        links[f"{end}_lng"] = links[f"{end}_code"].map(points["lng"])
    return {
        "bodies": derive.body_geometries(bodies_tbl, shapes["fine"]),
        "bodies_light": derive.body_geometries(bodies_tbl[["body_id"]], light),
        "bodies_mid": derive.body_geometries(bodies_tbl[["body_id"]], shapes["mid"]),
        "body_epochs": past["fine"],
        "body_epochs_mid": past["mid"],
        "body_epochs_light": past["light"],
        "body_epoch_index": epochs,
        "coverage": coverage_table(registry, muni),
        "memberships": members,
        "membership_counts": derive.membership_counts(members, bodies_tbl),
        "links": links,
    }


def complete_census2020(municipal: pd.DataFrame, raw_path: Path | None) -> tuple[pd.DataFrame, list[str]]:
    """Fill census 2020 gaps from the raw e-Stat table, and check the two agree elsewhere.

    The processed table leaves 双葉町 (07546) empty where e-Stat prints "-", which is
    e-Stat's zero: the town was evacuated.  A disagreement is bad input, not a detail.
    """
    if raw_path is None:
        return municipal, []
    raw = pop.read_estat_census(raw_path).set_index("code")["population"]
    out = municipal.copy()
    known = out["code"].isin(raw.index)
    both = known & out["pop2020"].notna()
    differ = out[both & (out["pop2020"] != out["code"].map(raw))]
    if len(differ):
        row = differ.iloc[0]
        raise AtlasError(
            Problem(display_path(raw_path), None, "総数",
                    f"census 2020 for {row['code']} {row['name']} is {raw[row['code']]:,.0f} here but {row['pop2020']:,.0f} in municipal_population.csv")
        )
    fill = known & out["pop2020"].isna()
    out.loc[fill, "pop2020"] = out.loc[fill, "code"].map(raw)
    return out, [f"census 2020 for {c} filled from {raw_path.name}" for c in out.loc[fill, "code"]]


def _public(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[c for c in frame.columns if c.startswith("_")]).reset_index(drop=True)


def ward_parents(municipal: pd.DataFrame) -> dict[str, str]:
    """Ward code → code of its designated city (札幌市中央区 01101 → 札幌市 01100).

    The census table names each ward after its city, so the city is the 政令市 whose name
    begins the ward's name.
    """
    cities = municipal[municipal["type"] == "政令市"]
    wards = municipal[municipal["type"] == "行政区"]
    out = {}
    for code, name in zip(wards["code"], wards["name"]):
        parent = next((c for c, n in zip(cities["code"], cities["name"]) if name.startswith(n)), None)
        if parent:
            out[code] = parent
    return out
