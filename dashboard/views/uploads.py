"""A published list uploaded in the app: its bodies as a map overlay for one session.

Pure: importer rows (:mod:`dashboard.registry.importers`) and the store's tables in, an
:class:`Overlay` out.  The UI keeps it in the session only; nothing is written to the registry
or the store, and other sessions never see it.  The map draws it with the same layer element
as the store's bodies (:func:`dashboard.views.map.layers.build_map`, ``overlay=``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from dashboard import derive
from dashboard.registry.members import expand_memberships

DECIMALS = 3  # about 100 m: the overlay is inlined into the page, keep it light


@dataclass(frozen=True)
class Overlay:
    bodies: gpd.GeoDataFrame  # body_id, name, scheme_id, pref_codes, n_members, n_unresolved, geometry
    memberships: pd.DataFrame  # expanded like the store's (member_code for municipalities)

    @property
    def prefs(self) -> tuple[str, ...]:
        codes = {p for s in self.bodies["pref_codes"] for p in str(s).split(";") if p}
        return tuple(sorted(codes))

    def geojson(self) -> str:
        """A FeatureCollection of the bodies that have an outline, ids = body_id."""
        drawn = self.bodies[self.bodies.geometry.notna() & ~self.bodies.geometry.is_empty]
        texts = shapely.to_geojson(shapely.set_precision(drawn.geometry.values, 10 ** -DECIMALS))
        feats = ",".join(f'{{"type":"Feature","id":{json.dumps(i, ensure_ascii=False)},"properties":{{}},"geometry":{g}}}'
                         for i, g in zip(drawn["body_id"], texts))
        return '{"type":"FeatureCollection","features":[' + feats + "]}"


def session_overlay(data, tables: dict[str, pd.DataFrame]) -> Overlay:
    """Dissolve each imported body's member municipalities (the store's 1 % coverage-simplified
    geometry) into its outline."""
    bodies = tables["bodies"][["body_id", "name", "scheme_id", "pref_codes"]].reset_index(drop=True)
    memberships = tables["memberships"]
    if len(memberships):
        members = expand_memberships(memberships, data.municipalities)
    else:
        members = pd.DataFrame(columns=[*memberships.columns, "member_code", "via"])
    counts = members.groupby("body_id").size()
    unresolved = members[members["member_kind"] == "other"].groupby("body_id").size()
    bodies = bodies.assign(n_members=bodies["body_id"].map(counts).fillna(0).astype(int),
                           n_unresolved=bodies["body_id"].map(unresolved).fillna(0).astype(int))
    # today's members' outline (the same period rule as the store's bodies)
    spans = pd.DataFrame({"body_id": bodies["body_id"], "since": None, "until": None})
    epochs = derive.body_epochs(members, spans) if len(members) else pd.DataFrame(columns=["body_id", "geo_id", "valid_from", "valid_to", "codes"])
    shapes = derive.body_geometries(bodies, derive.epoch_geometries(epochs, data.municipalities_mid))
    return Overlay(gpd.GeoDataFrame(bodies, geometry=shapes.geometry.values, crs=shapes.crs), members)


def with_uploads(data, overlay: Overlay, tables: dict[str, pd.DataFrame]):
    """The whole store with a session's uploaded bodies in it, as ordinary bodies (issue #22:
    an uploaded union was drawn, but a click opened nothing, search said 該当なし and the body
    list had no entry).

    For one session only: the caller keeps the result in its session and hands it to the panel,
    the search and the body page; the map keeps drawing the uploads as their own overlay from
    the plain store (its caches are shared between sessions).  Milestones, affairs, projects
    and spending the importer read come along; outlines are the overlay's.
    """
    import dataclasses

    base = data.__dict__.get("_base", data)

    def add(frame: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
        if rows is None or rows.empty:
            return frame
        rows = rows.reindex(columns=frame.columns)
        return pd.concat([frame, rows.astype(object).where(rows.notna(), None)], ignore_index=True)

    bodies = overlay.bodies.drop(columns=["n_members", "n_unresolved"]).merge(
        tables["bodies"].drop(columns=["name", "scheme_id", "pref_codes"]), on="body_id", how="left")
    bodies = gpd.GeoDataFrame(bodies.reindex(columns=base.bodies.columns), geometry="geometry", crs=base.bodies.crs)
    merged_bodies = gpd.GeoDataFrame(pd.concat([base.bodies, bodies], ignore_index=True), geometry="geometry", crs=base.bodies.crs)
    members = overlay.memberships
    if "sources" not in members.columns:
        members = members.assign(sources=members.get("source"), conflict="")
    out = dataclasses.replace(
        base,
        bodies=merged_bodies,
        memberships=add(base.memberships, members),
        milestones=add(base.milestones, tables.get("milestones")),
        affairs=add(base.affairs, tables.get("affairs")),
        projects=add(base.projects, tables.get("projects")),
        spending=add(base.spending, tables.get("spending")),
    )
    out.__dict__["_upload_ids"] = frozenset(bodies["body_id"])
    return out
