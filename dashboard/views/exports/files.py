"""Exports of a view: tables (CSV with BOM, for Excel in Japan), GeoJSON, standalone HTML."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from dashboard.views.atlas import AtlasData
from dashboard.views.body.page import members as body_members
from dashboard.views.body.page import projects as body_projects
from dashboard.views.body.page import spending as body_spending
from dashboard.views.exports import csvsafe
from dashboard.views.labels import display_values, export_header
from dashboard.views.map.layers import _measure_title, build_map
from dashboard.views.map.offline import standalone_html
from dashboard.views.map.symbols import BOUNDARY_CREDIT, MEASURE_CREDIT
from dashboard.views.map.units import view_units
from dashboard.views.measures import classify, compute
from dashboard.views.state import ViewState


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM: Excel in Japan opens it without mojibake; formula-like cells neutralised."""
    return csvsafe.csv_bytes(frame)


def for_reader(frame: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """A table as a reader's CSV: headers and coded values in ``lang`` (Japanese by default),
    whole numbers as integers (26029, not 26029.0), empty cells empty."""
    out = display_values(frame, lang, screen=False)
    out.columns = [export_header(str(c), lang) for c in out.columns]
    return out


def reader_csv(frame: pd.DataFrame, lang: str = "ja") -> bytes:
    return csv_bytes(for_reader(frame, lang))


def municipalities_table(data: AtlasData, state: ViewState) -> pd.DataFrame:
    """The view's municipalities with the measure, its class and every body they belong to."""
    units = view_units(data, state)
    values = compute(data.population, state.measure).reindex(units["code"])
    classes = classify(values, state.measure, state.classes)
    m = data.memberships[data.memberships["member_code"].isin(units["code"])]
    names = data.bodies.set_index("body_id")["name"]
    all_bodies = (m.assign(label=m["body_id"].map(names) + "（" + m["role"] + "）").groupby("member_code")["label"].agg("、".join))
    return pd.DataFrame({
        "code": units["code"].values, "name": units["name"].values, "pref_name": units["pref_name"].values,
        "type": units["type"].values, "pop2020": units["pop2020"].values,
        "measure": str(state.measure), "measure_label": _measure_title(state, state.lang), "value": values["value"].round(2).values, "status": values["status"].values,
        "class": classes.assignment.reindex(units["code"]).values,
        "bodies": units["code"].map(all_bodies).fillna("").values,
        "source": " / ".join([BOUNDARY_CREDIT] + [MEASURE_CREDIT[s] for s in state.measure.sources()]),
    })


def municipalities_geojson(data: AtlasData, state: ViewState) -> bytes:
    """The same table with geometry (the view's resolution), as a GeoJSON FeatureCollection."""
    table = municipalities_table(data, state)
    units = view_units(data, state)
    geoms = []
    for layer, code in zip(units["layer"], units["code"]):
        frame = data.wards if layer == "wards" else getattr(data, layer)
        geoms.append(frame.set_index("code").geometry.get(code))
    gdf = gpd.GeoDataFrame(table, geometry=geoms, crs="EPSG:4326")
    return gdf.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


def map_html(data: AtlasData, state: ViewState, extent=None) -> bytes:
    """The interactive map as one self-contained file that works offline; opens at ``extent``
    (west, south, east, north) when given, else at the view's area."""
    m = build_map(data, state.with_(tiles=False), inline=True)
    if extent is not None:
        west, south, east, north = extent
        m.fit_bounds([[south, west], [north, east]])
    return standalone_html(m).encode("utf-8")


def body_csvs(data: AtlasData, body_id: str, lang: str = "ja", year: int | None = None) -> dict[str, bytes]:
    """A body's members, projects and spending, each as CSV with BOM, headers in ``lang``; a table
    with no rows is left out (a button for a file of headers only tells the reader nothing)."""
    projects = body_projects(data, body_id).drop(columns=["body_id", "n", "fiscal_year"], errors="ignore")  # fiscal_year_label says it
    frames = {
        "members": body_members(data, body_id, year=year),
        "projects": projects,
        "spending": body_spending(data, body_id).drop(columns="fiscal_year", errors="ignore"),
    }
    return {name: reader_csv(frame, lang) for name, frame in frames.items() if len(frame)}
