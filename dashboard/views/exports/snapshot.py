"""A printable map of a view, drawn on the server (no browser): PNG, SVG or PDF.

Same classes and colours as the web map; union outlines, sphere fills, hub markers and
agreement lines; a title stating the filters, a legend with units, a scale bar, the as-of
dates and the credit line of every source used.  Japanese text uses IPAexGothic, bundled
by matplotlib-fontja (no system font needed, no tofu).
"""

from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib_fontja  # noqa: E402,F401  (sets IPAexGothic as the font family)
import pandas as pd  # noqa: E402
import shapely.geometry  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from dashboard.views.atlas import AtlasData  # noqa: E402
from dashboard.views.map.symbols import BOUNDARY_CREDIT, MEASURE_CREDIT, PURPOSE_COLORS, purpose_color, scheme_style  # noqa: E402
from dashboard.views.map.units import view_units  # noqa: E402
from dashboard.views.measures import NO_DATA, classify, compute  # noqa: E402
from dashboard.views.state import ViewState  # noqa: E402
from dashboard.vocabulary import RELEASES  # noqa: E402

FONT = "IPAexGothic"
MEASURE_NAMES = {"census": "国勢調査人口", "change": "人口増減率", "index": "人口指数"}


OUTSIDE = "#e4e4e4"  # land of prefectures outside the view


def built_day(data: AtlasData) -> str:
    """The store's build day on the same clock as the registry's day (local, as ``today()``):
    a UTC timestamp cut to its date read 作成 2026-12-05 beside 登録簿 2026-12-06 (issue #22)."""
    import datetime as dt

    raw = str(data.meta.get("built_at", ""))
    try:
        return dt.datetime.fromisoformat(raw).astimezone().date().isoformat()
    except ValueError:
        return raw[:10]


def title_of(data: AtlasData, state: ViewState) -> str:
    """「長野県 定住自立圏・広域連合 / 2020→2045 人口増減率」."""
    prefs = data.municipalities.drop_duplicates("pref_code").set_index("pref_code")["pref_name"]
    area = "全国" if not state.prefs else "・".join(prefs[p] for p in state.prefs)
    schemes = "・".join(state.schemes) if state.schemes else "全ての連携"
    m = state.measure
    measure = f"{m.year}年 {MEASURE_NAMES['census']}" if m.kind == "census" else f"{m.base}→{m.year} {MEASURE_NAMES[m.kind]}"
    day = f"（{state.as_of} 時点の登録簿）" if state.as_of else ""
    return f"{area} {schemes}{day} / {measure}"


def _utm(lon: float) -> str:
    zone = min(56, max(51, int((lon + 180) // 6) + 1))
    return f"EPSG:{6688 + zone - 51}"  # JGD2011 / UTM zone 51N … 56N


def _nice(length_m: float) -> float:
    exp = 10 ** math.floor(math.log10(length_m))
    return max(v * exp for v in (1, 2, 5) if v * exp <= length_m)


def _base(data: AtlasData, state: ViewState, fill_of, width_in: float, height_in: float, extent=None):
    """Figure, axes and projected units filled by ``fill_of(codes) -> colours``, with
    prefecture outlines; returns (fig, ax, units_geo, crs, bounds, pad).

    ``extent`` (west, south, east, north in degrees) is the map's extent as on screen; without
    it the view's whole area is drawn."""
    import geopandas as gpd

    units = view_units(data, state)
    geo_frames = []
    for layer, rows in units.groupby("layer", sort=False):
        src = data.wards if layer == "wards" else data.municipalities
        geo = src.set_index("code").geometry
        if layer == "municipalities_light":
            geo = data.municipalities_light.set_index("code").geometry
        geo_frames.append(rows.assign(geometry=rows["code"].map(geo).values))
    units_geo = gpd.GeoDataFrame(pd.concat(geo_frames, ignore_index=True), geometry="geometry", crs="EPSG:4326")
    if extent is not None:
        from shapely.geometry import box

        window = box(*extent)
        units_geo = units_geo[units_geo.intersects(window)]
        if units_geo.empty:
            raise ValueError("nothing of the view lies in that extent")
    crs = _utm(units_geo.union_all().centroid.x)
    units_p = units_geo.to_crs(crs)
    fill = fill_of(units_geo["code"])

    fig = plt.figure(figsize=(width_in, height_in))
    ax = fig.add_axes([0.03, 0.2, 0.94, 0.72])
    ax.set_axis_off()
    units_p.plot(ax=ax, color=fill, edgecolor="white", linewidth=0.25)
    minx, miny, maxx, maxy = units_p.total_bounds
    if extent is not None:
        minx, miny, maxx, maxy = gpd.GeoSeries([window], crs="EPSG:4326").to_crs(crs).total_bounds
    pad = 0.03 * max(maxx - minx, maxy - miny)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    prefs = data.prefectures if state.prefs else data.prefectures_light
    if state.prefs:  # the land around the view, grey (a legend entry says so), not white shapes
        around = data.prefectures_light[~data.prefectures_light["pref_code"].isin(units_geo["pref_code"].unique())]
        view_box = gpd.GeoSeries([shapely.geometry.box(minx - pad, miny - pad, maxx + pad, maxy + pad)], crs=crs).to_crs("EPSG:4326")
        around = around[around.intersects(view_box.iloc[0])]
        if len(around):
            around.to_crs(crs).plot(ax=ax, color=OUTSIDE, edgecolor="white", linewidth=0.4, zorder=0)
    prefs = prefs[prefs["pref_code"].isin(units_geo["pref_code"].unique())] if state.prefs else prefs
    prefs.to_crs(crs).boundary.plot(ax=ax, color="#555555", linewidth=0.6)
    return fig, ax, units_geo, crs, (minx, miny, maxx, maxy), pad


def _finish(fig, ax, bounds, pad, title: str, as_of: list[str], credits: list[str]) -> None:
    """Scale bar, title, as-of line and credit lines: on every printed map."""
    minx, miny, maxx, maxy = bounds
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    length = _nice((maxx - minx) / 4)
    x0, y0 = minx, miny - pad * 0.5
    ax.plot([x0, x0 + length], [y0, y0], color="black", linewidth=2.5, solid_capstyle="butt")
    ax.text(x0 + length / 2, y0 + pad * 0.25, f"{length / 1000:g} km", ha="center", va="bottom", fontsize=8, fontname=FONT)
    fig.text(0.03, 0.955, title, fontsize=min(15.0, 15.0 * 38 / max(len(title), 1)), fontname=FONT)
    fig.text(0.03, 0.045, " / ".join(as_of), fontsize=7.5, fontname=FONT, color="#333333")
    for i, line in enumerate(credits):
        fig.text(0.03, 0.03 - i * 0.012, line, fontsize=7, fontname=FONT, color="#333333")


def snapshot_figure(data: AtlasData, state: ViewState, *, width_in: float = 8.27, height_in: float = 11.69, extent=None):
    """The figure (A4 portrait by default): callers save it, tests inspect its texts.
    ``extent``: the on-screen extent (west, south, east, north), else the view's area."""
    import geopandas as gpd

    values = compute(data.population, state.measure)
    classes = classify(values.reindex(view_units(data, state)["code"]), state.measure, state.classes)
    fig, ax, units_geo, crs, bounds, pad = _base(
        data, state, lambda codes: classes.color_of().reindex(codes).fillna(NO_DATA).values, width_in, height_in, extent)

    bodies = data.bodies_in_view(state)
    category = data.scheme_category()
    prefecture_wide = set(data.whole_prefecture())
    body_geo = (data.bodies if state.prefs else data.bodies_light).set_index("body_id").geometry
    legend_items = []
    spheres = bodies[bodies["scheme_id"].map(category).isin(["sphere", "prefecture_scheme"])]
    for scheme, rows in spheres.groupby("scheme_id"):
        shapes = gpd.GeoSeries(rows["body_id"].map(body_geo).dropna().values, crs="EPSG:4326").to_crs(crs)
        style = scheme_style(scheme)
        dash = tuple(float(x) for x in style["dashArray"].split()) if style["dashArray"] else None
        line = dict(color=style["color"], linewidth=1.6, linestyle=(0, dash) if dash else "-")
        shapes.boundary.plot(ax=ax, color="white", linewidth=3.2, alpha=0.85)  # casing, as on the web map
        shapes.boundary.plot(ax=ax, **line)
        legend_items.append(Line2D([], [], label=scheme, **line))
    unions = bodies[(bodies["scheme_id"].map(category) == "union") & ~bodies["body_id"].isin(prefecture_wide)]
    for colour, rows in unions.groupby(unions["purposes"].fillna("").map(purpose_color)):
        shapes = gpd.GeoSeries(rows["body_id"].map(body_geo).dropna().values, crs="EPSG:4326").to_crs(crs)
        shapes.boundary.plot(ax=ax, color=colour, linewidth=1.0, linestyle=(0, (4, 3)))
        label = next((p for p, c in PURPOSE_COLORS.items() if c == colour), "その他の目的")
        legend_items.append(Line2D([], [], color=colour, linestyle="--", label=f"広域連合・一部事務組合 ({label})"))

    links = data.links[data.links["body_id"].isin(bodies["body_id"])].dropna(subset=["from_lat", "to_lat"])
    if len(links):
        pts = gpd.GeoSeries(gpd.points_from_xy(pd.concat([links["from_lng"], links["to_lng"]]), pd.concat([links["from_lat"], links["to_lat"]])),
                            crs="EPSG:4326").to_crs(crs)
        n = len(links)
        xs, ys = pts.x.values, pts.y.values
        for i, derived in enumerate(links["derived"].astype(bool)):
            style = dict(color="#333333", linewidth=0.7) if derived else dict(color="#D55E00", linewidth=1.5, linestyle=(0, (6, 4)))
            ax.plot([xs[i], xs[n + i]], [ys[i], ys[n + i]], **style)
        legend_items.append(Line2D([], [], color="#333333", label="協定・連携協約 (中心市→相手)"))
        if (~links["derived"].astype(bool)).any():
            legend_items.append(Line2D([], [], color="#D55E00", linestyle="--", label="遠隔連携"))
    hub_roles = set(data.schemes["hub_role"].dropna()) - {""}
    hubs = data.memberships[data.memberships["body_id"].isin(spheres["body_id"]) & data.memberships["role"].isin(hub_roles)]
    if len(hubs):
        towns = data.municipalities.set_index("code").reindex(hubs["member_code"].unique())
        hp = gpd.GeoSeries(gpd.points_from_xy(towns["lng"], towns["lat"]), crs="EPSG:4326").to_crs(crs)
        ax.scatter(hp.x, hp.y, s=22, facecolor="white", edgecolor="black", linewidth=1, zorder=5)
        legend_items.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="black", label="中心市 (役所)"))
    m = state.measure
    unit = {"census": "人", "change": "%", "index": f"{m.base}年=100"}[m.kind]
    release = "" if m.kind == "census" else f"（{RELEASES[m.release]['label']}）"
    class_items = [Patch(facecolor=c, edgecolor="#999999", label=l) for l, c in zip(classes.labels, classes.colors)]
    class_items.append(Patch(facecolor=NO_DATA, edgecolor="#999999", label="不明・推計なし"))
    if state.prefs:
        class_items.append(Patch(facecolor=OUTSIDE, edgecolor="#ffffff", label="表示外の都道府県"))
    leg1 = fig.legend(handles=class_items, title=f"{MEASURE_NAMES[m.kind]} ({unit}){release}", loc="lower left",
                      bbox_to_anchor=(0.03, 0.075), fontsize=8, title_fontsize=8.5, frameon=False, prop={"family": FONT, "size": 8})
    leg1.get_title().set_fontname(FONT)
    if legend_items:
        fig.legend(handles=legend_items, loc="lower left", bbox_to_anchor=(0.5, 0.075), fontsize=8, frameon=False, prop={"family": FONT, "size": 8})
    as_of = ["境界: 2021年1月1日"]
    as_of.append("人口: 国勢調査" + ("" if m.kind != "census" else f" {m.year}年"))
    if m.kind != "census":
        as_of.append(f"推計: {RELEASES[m.release]['label']}")
    as_of.append(f"登録簿: {state.as_of or str(data.day or '')} 時点" if (state.as_of or data.day) else "登録簿: 全期間")
    as_of.append(f"データ作成: {built_day(data)}")
    credits = [BOUNDARY_CREDIT] + [MEASURE_CREDIT[s] for s in m.sources()]
    _finish(fig, ax, bounds, pad, title_of(data, state), as_of, credits)
    return fig


def category_figure(data: AtlasData, prefs: tuple[str, ...], labels: pd.Series, colors: dict[str, str], title: str,
                    legend_title: str, credits: list[str], *, width_in: float = 8.27, height_in: float = 11.69):
    """A printed map of categories (an analysis result: bodies per municipality, eligibility)."""
    state = ViewState(prefs=prefs)
    fig, ax, _units, _crs, bounds, pad = _base(
        data, state, lambda codes: labels.reindex(codes).map(colors).fillna(NO_DATA).values, width_in, height_in)
    items = [Patch(facecolor=c, edgecolor="#999999", label=k) for k, c in colors.items()]
    legend = fig.legend(handles=items, title=legend_title, loc="lower left", bbox_to_anchor=(0.03, 0.075), frameon=False,
                        prop={"family": FONT, "size": 8})
    legend.get_title().set_fontname(FONT)
    as_of = ["境界: 2021年1月1日", f"データ作成: {built_day(data)}"]
    _finish(fig, ax, bounds, pad, title, as_of, [BOUNDARY_CREDIT, *credits])
    return fig


def render(data: AtlasData, state: ViewState, fmt: str = "png", dpi: int = 150, extent=None) -> bytes:
    """The snapshot as bytes; fmt png, svg or pdf."""
    return save(snapshot_figure(data, state, extent=extent), fmt, dpi)


def save(fig, fmt: str = "png", dpi: int = 150) -> bytes:
    """A figure as png, svg or pdf bytes (and closed)."""
    if fmt not in ("png", "svg", "pdf"):
        plt.close(fig)
        raise ValueError(f"format {fmt!r}: use png, svg or pdf")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi, metadata=None if fmt != "png" else {"Software": "Renkei Atlas"})
    plt.close(fig)
    return buf.getvalue()
