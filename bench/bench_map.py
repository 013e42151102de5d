"""Map performance: the atlas against the naive approach, on the same data, in one run.

Naive: what a user would write — ``GeoDataFrame.explore()`` of the 1 % national boundary file
(s0010/N03-21_210101_designated_city.json) with the same attribute columns, rebuilt on every
rerun.  Ours: ``build_map`` plus what ``st_folium`` does with it, with geometry served as
static files (fetched once, then browser-cached).

    python bench/bench_map.py            # needs a built store (python -m dashboard build)

Targets (issue #4): national payload ≤ 1.5 MB and ≥ 5× smaller than naive; prefecture
≤ 300 KB; warm rerun ≤ 200 ms and ≥ 10× faster than naive; cold start ≤ 5 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.sources.paths import SourcePaths, resolve_sources  # noqa: E402
from dashboard.store import Store  # noqa: E402
from dashboard.ui import vendor  # noqa: E402
from dashboard.ui.static_files import write_assets  # noqa: E402
from dashboard.views.atlas import AtlasData  # noqa: E402
from dashboard.views.map.layers import build_map  # noqa: E402
from dashboard.views.measures import compute, parse_measure  # noqa: E402
from dashboard.views.state import ViewState  # noqa: E402

NAIVE = """
import statistics, time
import geopandas as gpd, pandas as pd
attrs = pd.read_csv({attrs!r}, dtype={{"code": str}})
def render():
    gdf = gpd.read_file({file!r})
    gdf = gdf[gdf["N03_007"].notna()].rename(columns={{"N03_007": "code"}})
    gdf = gdf[["code", "geometry"]].merge(attrs, on="code")
    m = gdf.explore(column="value", scheme="Quantiles", k=5, tooltip=["name", "pref_name", "pop2020", "value"])
    return len(m.get_root().render().encode())
size = render()
times = []
for _ in range(3):
    t = time.perf_counter(); render(); times.append(time.perf_counter() - t)
print(size, statistics.median(times))
"""

COLD_START = """
import time, sys
t0 = time.perf_counter()
sys.path.insert(0, {repo!r})
from pathlib import Path
from dashboard.store import Store
from dashboard.views.atlas import AtlasData
from dashboard.views.map.layers import build_map
from dashboard.ui.static_files import write_assets
from dashboard.views.state import ViewState
from dashboard.ui import vendor
data = AtlasData.from_store(Store())
write_assets(data, Path({static!r}))
import mapclassify
m = build_map(data.as_of(None), ViewState())
m.get_root().render(); m.render(); vendor.map_parts(m)
print(time.perf_counter() - t0)
"""


def component_payload(m) -> int:
    """Bytes st_folium sends to the browser for this map (script, header, html)."""
    m.get_root().render()
    m.render()
    html, header, script = vendor.map_parts(m)
    m.get_bounds()
    return len(html.encode()) + len(header.encode()) + len(script.encode())


def geometry_bytes(data, state: ViewState, static: Path) -> int:
    """Bytes of the static geometry files the view's map fetches (once; cached afterwards)."""
    import re

    script = build_map(data, state).get_root().render()
    urls = set(re.findall(r'"/app/static/(geo/[^"]+\.json)"', script))
    return sum((static / u).stat().st_size for u in urls)


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    store = Store()
    whole = AtlasData.from_store(store)
    static = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    write_assets(whole, static)
    data = whole.as_of(None)  # what the app draws: the registry as of today
    sources = SourcePaths(resolve_sources())

    # --- naive: explore() of the 1 % file with the same attribute columns, every rerun.  Timed in a
    # fresh process that never imports the atlas (whose template cache would speed it up too).
    naive_file = sources.root / "boundaries/s0010/N03-21_210101_designated_city.json"
    state = ViewState()
    attrs = data.municipalities[["code", "name", "pref_name", "pop2020"]].copy()
    attrs["value"] = attrs["code"].map(compute(data.population, state.measure)["value"])
    attrs_csv = static / "naive-attrs.csv"
    attrs.to_csv(attrs_csv, index=False)
    out = subprocess.run([sys.executable, "-c", NAIVE.format(file=str(naive_file), attrs=str(attrs_csv))],
                         capture_output=True, text=True, check=True).stdout.split()
    naive_bytes, naive_time = int(out[0]), float(out[1])

    # --- ours
    build_map(data, state)  # warm caches (geometry text, imports), as the running app has them
    national_script = component_payload(build_map(data, state))
    national_geo = geometry_bytes(data, state, static)
    measures = ["change:2020:2050", "index:2015:2045:ipss2018", "census:2020", "change:2020:2045"]
    warm = statistics.median(
        timed(lambda mm=mm: component_payload(build_map(data, state.with_(measure=parse_measure(mm)))), 3) for mm in measures
    )
    prefs = sorted(data.municipalities["pref_code"].unique())
    pref_sizes = {}
    pref_warm = []
    for p in prefs:
        s = ViewState(prefs=(p,))
        t = time.perf_counter()
        script = component_payload(build_map(data, s))
        pref_warm.append(time.perf_counter() - t)
        pref_sizes[p] = (script, geometry_bytes(data, s, static))
    nagano_script, nagano_geo = pref_sizes["20"]
    first_view = {p: a + b for p, (a, b) in pref_sizes.items()}

    cold = float(subprocess.run([sys.executable, "-c", COLD_START.format(repo=str(REPO), static=str(static))],
                                capture_output=True, text=True, check=True).stdout.strip())

    mb = lambda b: f"{b / 1e6:.2f} MB"
    kb = lambda b: f"{b / 1e3:.0f} KB"
    rows = [
        ("national payload, first view (script + geometry files)", mb(national_script + national_geo), mb(naive_bytes),
         f"{naive_bytes / (national_script + national_geo):.1f}× smaller", "≤ 1.5 MB, ≥ 5×"),
        ("national payload, each rerun (script only)", mb(national_script), mb(naive_bytes), f"{naive_bytes / national_script:.1f}× smaller", ""),
        ("長野県 payload, first view", kb(nagano_script + nagano_geo), "", "", "≤ 300 KB"),
        ("prefecture payload, first view: median / max (47)", f"{kb(statistics.median(first_view.values()))} / {kb(max(first_view.values()))} ({max(first_view, key=first_view.get)})",
         "", f"{sum(v <= 300e3 for v in first_view.values())}/47 ≤ 300 KB", "≤ 300 KB"),
        ("warm rerun after a filter change, national", f"{warm * 1000:.0f} ms", f"{naive_time * 1000:.0f} ms", f"{naive_time / warm:.1f}× faster", "≤ 200 ms, ≥ 10×"),
        ("warm rerun, prefecture (median of 47)", f"{statistics.median(pref_warm) * 1000:.0f} ms", "", "", ""),
        ("cold start to first map (server side)", f"{cold:.2f} s", "", "", "≤ 5 s"),
    ]
    widths = [max(len(str(r[i])) for r in rows + [("measure", "atlas", "naive", "ratio", "target")]) for i in range(5)]
    header = ("measure", "atlas", "naive", "ratio", "target")
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("-|-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths)))


if __name__ == "__main__":
    main()
