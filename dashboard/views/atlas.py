"""The store's tables as the views see them, and the registry "as of" a date.

:class:`AtlasData` is loaded once per server process (the UI caches it).  Every view, panel
and export works on ``data.as_of(day)``: the same tables with only the bodies, members,
agreements, milestones and spending in force on that day, and each body's outline as its
membership stood then.  The filter is applied here, once, so the map, the body pages and
the exports cannot disagree about a date.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from dashboard.registry.timeline import in_force_mask, today_iso
from dashboard.views.affairs import effective_affair, unions_for
from dashboard.views.state import ViewState

AS_OF_CACHE = 32  # dated copies kept per process (each shares the unchanged tables)


@dataclass
class AtlasData:
    """Store tables the map and panels need, loaded once (the UI caches this object)."""

    municipalities: gpd.GeoDataFrame
    municipalities_light: gpd.GeoDataFrame
    municipalities_mid: gpd.GeoDataFrame
    wards: gpd.GeoDataFrame
    prefectures: gpd.GeoDataFrame
    prefectures_light: gpd.GeoDataFrame
    bodies: gpd.GeoDataFrame
    bodies_light: gpd.GeoDataFrame
    bodies_mid: gpd.GeoDataFrame
    body_epochs: gpd.GeoDataFrame  # earlier outlines (geo_id = body_id@from), fine
    body_epochs_mid: gpd.GeoDataFrame
    body_epochs_light: gpd.GeoDataFrame
    body_epoch_index: pd.DataFrame  # every period: body_id, geo_id, valid_from, valid_to, codes
    memberships: pd.DataFrame
    membership_sources: pd.DataFrame  # the registry's rows, one per source (disagreements kept)
    schemes: pd.DataFrame
    links: pd.DataFrame
    population: pd.DataFrame
    population_groups: pd.DataFrame
    milestones: pd.DataFrame
    projects: pd.DataFrame
    spending: pd.DataFrame
    visions: pd.DataFrame  # 共生ビジョン / 都市圏ビジョン / 広域計画 (#18)
    affairs: pd.DataFrame
    own_affairs: pd.DataFrame  # 単独処理 a source states, per municipality and affair (#20)
    affair_totals: pd.DataFrame
    financial_rules: pd.DataFrame
    official_totals: pd.DataFrame
    count_notes: pd.DataFrame  # why the registry differs from an official count (#19)
    stated_amounts: pd.DataFrame
    coverage: pd.DataFrame
    meta: dict
    day: str | None = None  # None: the whole registry, undated; else the as-of day

    def __post_init__(self) -> None:
        # One object serves every session of the process: its caches (dated copies, geometry
        # text, whole-prefecture bodies) are filled under this lock and published whole, so a
        # second thread never reads a half-filled cache.  Re-entrant: a dated copy is built
        # while the lock is held and may ask the base for its own caches.
        self.__dict__["_lock"] = threading.RLock()

    @classmethod
    def from_store(cls, store) -> AtlasData:
        names = [f.name for f in dataclasses.fields(cls) if f.name not in ("meta", "day")]
        return cls(**{n: store.read(n) for n in names}, meta=store.meta)

    # --- the registry on a day -------------------------------------------------------------

    def as_of(self, day: str | None = None) -> AtlasData:
        """The registry as it stood on ``day`` (ISO; default today), cached per day."""
        base = self.__dict__.get("_base", self)
        day = day or today_iso()
        with base._lock:
            cache = base.__dict__.setdefault("_as_of", {})
            view = cache.get(day)
            if view is None:
                if len(cache) >= AS_OF_CACHE:
                    cache.pop(next(iter(cache)))
                view = cache[day] = base._filtered(day)
            return view

    def _filtered(self, day: str) -> AtlasData:
        bodies = self.bodies[in_force_mask(self.bodies, day)]
        alive = set(bodies["body_id"])
        members = self.memberships[self.memberships["body_id"].isin(alive) & in_force_mask(self.memberships, day)]
        sources = self.membership_sources[self.membership_sources["body_id"].isin(alive) & in_force_mask(self.membership_sources, day)]
        idx = self.body_epoch_index
        periods = idx[idx["body_id"].isin(alive) & in_force_mask(idx, day, "valid_from", "valid_to")]
        geo_id = periods.drop_duplicates("body_id").set_index("body_id")["geo_id"]

        def outlines(current: gpd.GeoDataFrame, past: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
            """Each body in force with the outline of its period on ``day`` (none: no member then)."""
            frame = current[current["body_id"].isin(alive)].copy()
            frame["geo_id"] = frame["body_id"].map(geo_id)
            earlier = past.set_index("geo_id").geometry
            old = frame["geo_id"].isin(earlier.index)
            frame.loc[old, "geometry"] = frame.loc[old, "geo_id"].map(earlier).values
            frame.loc[frame["geo_id"].isna(), "geometry"] = None
            return frame.reset_index(drop=True)

        links = self.links[self.links["body_id"].isna() | self.links["body_id"].isin(alive)]
        dated = links["date"].fillna("").astype(str)
        keep = (dated == "") | (dated <= day)
        derived = links["derived"].astype(bool)
        partners = set(zip(members["body_id"], members["member_code"]))
        keep &= ~derived | pd.Series([(b, c) in partners for b, c in zip(links["body_id"], links["to_code"])], index=links.index)
        fy = int(day[:4]) - (1 if day[5:7] < "04" else 0)

        def by_fy(frame: pd.DataFrame) -> pd.DataFrame:
            years = pd.to_numeric(frame["fiscal_year"], errors="coerce")
            return frame[frame["body_id"].isin(alive) & (years.isna() | (years <= fy))]

        out = dataclasses.replace(
            self,
            bodies=outlines(self.bodies, self.body_epochs),
            bodies_mid=outlines(self.bodies_mid, self.body_epochs_mid),
            bodies_light=outlines(self.bodies_light, self.body_epochs_light),
            memberships=members.reset_index(drop=True),
            membership_sources=sources.reset_index(drop=True),
            links=links[keep].reset_index(drop=True),
            milestones=self.milestones[self.milestones["body_id"].isin(alive) & (self.milestones["date"].astype(str) <= day)],
            projects=by_fy(self.projects),
            spending=by_fy(self.spending),
            affairs=self.affairs[self.affairs["body_id"].isin(alive)],
            visions=self.visions[self.visions["body_id"].isin(alive)],
            stated_amounts=self.stated_amounts[self.stated_amounts["body_id"].isin(alive)],
            day=day,
        )
        out.__dict__["_base"] = self
        return out

    # --- geometry as text --------------------------------------------------------------------

    def geometry_text(self, layer: str, decimals: int) -> pd.Series:
        """id → GeoJSON geometry text for a store layer at a precision, computed once.

        Bodies are keyed by ``geo_id`` (their outline's period) where the frame has one.
        Layers a dated copy shares with the whole store are computed once, on the store.
        """
        base = self.__dict__.get("_base")
        if base is not None and not layer.startswith(("bodies", "body_epochs")):
            return base.geometry_text(layer, decimals)
        with self._lock:
            cache = self.__dict__.setdefault("_geometry_text", {})
            key = (layer, decimals)
            texts = cache.get(key)
            if texts is None:
                frame = getattr(self, layer)
                id_col = next(c for c in ("geo_id", "body_id", "code", "pref_code") if c in frame.columns)
                frame = frame[frame.geometry.notna()]
                values = shapely.to_geojson(shapely.set_precision(frame.geometry.values, 10 ** -decimals))
                texts = cache[key] = pd.Series(values, index=frame[id_col].values).dropna()
            return texts

    # --- small lookups -----------------------------------------------------------------------

    def whole_prefecture(self) -> dict[str, str]:
        """body_id → prefecture code, for bodies whose current members are every municipality of
        one prefecture (後期高齢者医療, a 地方税 機構, れんけいこうち): their outline *is* the
        prefecture's, so it is drawn from the prefecture layer and never shipped again."""
        base = self.__dict__.get("_base", self)
        with base._lock:
            found = base.__dict__.get("_whole_prefecture")
            if found is None:
                found = {}
                per_pref = base.municipalities.groupby("pref_code")["code"].agg(frozenset)
                current = base.body_epoch_index[base.body_epoch_index["geo_id"] == base.body_epoch_index["body_id"]]
                for body_id, codes in zip(current["body_id"], current["codes"]):
                    members = frozenset(codes.split(";"))
                    prefs = {c[:2] for c in members}
                    if len(prefs) == 1 and per_pref.get(next(iter(prefs))) == members:
                        found[body_id] = next(iter(prefs))
                base.__dict__["_whole_prefecture"] = found  # published whole
        return dict(found)

    def scheme_category(self) -> dict[str, str]:
        return dict(zip(self.schemes["scheme_id"], self.schemes["category"]))

    def bodies_in_view(self, state: ViewState) -> pd.DataFrame:
        """Bodies of the chosen schemes that touch the chosen prefectures."""
        b = self.bodies
        if state.schemes:
            b = b[b["scheme_id"].isin(state.schemes)]
        if state.prefs:
            wanted = set(state.prefs)
            b = b[b["pref_codes"].map(lambda s: bool(wanted & set(str(s).split(";"))))]
        return self.by_affair_and_policy(b, state)

    def by_affair_and_policy(self, b: pd.DataFrame, state: ViewState) -> pd.DataFrame:
        """Unions of the view's affair only (nationally one affair at a time, #20) and, with a
        policy area chosen, the spheres with 取組 in it (#18); other bodies pass unchanged."""
        category = b["scheme_id"].map(self.scheme_category())
        keep = pd.Series(True, index=b.index)
        unions = unions_for(self, effective_affair(state))
        if unions is not None:
            keep &= (category != "union") | b["body_id"].isin(unions)
        if getattr(state, "policy", None):
            working = set(self.projects.loc[self.projects["policy_area"] == state.policy, "body_id"])
            keep &= (category == "union") | b["body_id"].isin(working)
        return b[keep]
