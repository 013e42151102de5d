"""Time in a real browser: the atlas against a plain ``explore()`` + st_folium page, same run.

Headless Debian chromium (Playwright), the network closed to anything but localhost.  Both
apps are started here from this checkout, each on a free port, over the same built store
(boundaries and memberships):

- **atlas**: ``python -m dashboard serve`` (static geometry, layers swapped in a fixed map
  frame, caches warmed while the server starts);
- **naive**: one Streamlit page that reads the municipalities and memberships from the store
  and draws ``GeoDataFrame.explore()`` with ``st_folium`` on every rerun (Leaflet pointed at
  the same local files and no colormap legend, whose d3 comes from a CDN: offline it would
  never draw).

Measured, median of 5 (each visit a fresh page, so nothing but the HTTP cache is shared):

- first visit after a server start: once the server is ready (the atlas warms its caches
  when it starts: one first view over its own websocket), navigation → map drawn (one sample
  per start), with the server's start → ready time beside it;
- national view and 長野県: navigation → map drawn;
- filter click → repaint: a click on a measure → the map's layers drawn again;
- body page → members map drawn.

"Drawn" is the atlas's own mark (``window.atlas_drawn_at``, set after the layers have their
polygons and two animation frames passed) and, for the naive page, the moment Leaflet holds
every feature of the view.

    python bench/bench_browser.py [--runs 5] [--starts 5]      # needs a built store

A third page gives the floor: Streamlit with one empty Leaflet map (the same local Leaflet),
navigation → its script ran; no atlas view can be drawn sooner on the same machine.

Targets (issue #13): national warm ≤ 1.5 s, first visit after start ≤ 4 s, filter → repaint
≤ 250 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
BODY = "kitaalps-jiritsu"
TARGETS = {"national": 1.5, "first": 4.0, "repaint": 0.25}

NAIVE_PAGE = '''
"""The naive map: read, merge, explore(), st_folium — every rerun."""
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

STORE = {store!r}
st.set_page_config(layout="wide")
params = st.query_params
measure = st.radio("measure", ["pop2020", "density"], horizontal=True, key="measure")
munis = gpd.read_file(STORE, layer="municipalities")
members = gpd.read_file(STORE, layer="memberships", ignore_geometry=True)
bodies = members.groupby("member_code")["body_id"].nunique().rename("bodies")
munis = munis.merge(bodies, left_on="code", right_index=True, how="left")
munis["density"] = munis["pop2020"] / munis["area_km2"]
if "body" in params:
    munis = munis[munis["code"].isin(members.loc[members["body_id"] == params["body"], "member_code"])]
elif "pref" in params:
    munis = munis[munis["pref_code"] == params["pref"]]
m = munis.explore(column=measure, scheme="Quantiles", k=5, tiles=None, legend=False,  # legend: d3 from a CDN
                  tooltip=["name", "pref_name", "pop2020", "bodies"])
m.default_js = [("leaflet", "/app/static/vendor/leaflet/leaflet.js")]
m.default_css = [("leaflet_css", "/app/static/vendor/leaflet/leaflet.css")]
st_folium(m, height=700, use_container_width=True, returned_objects=[])
'''


FLOOR_PAGE = '''
"""The floor: Streamlit with one empty Leaflet map (local Leaflet), marked drawn when its script ran."""
import folium
import streamlit as st
from streamlit_folium import st_folium

st.set_page_config(layout="wide")
m = folium.Map(tiles=None)
m.default_js = [("leaflet", "/app/static/vendor/leaflet/leaflet.js")]
m.default_css = [("leaflet_css", "/app/static/vendor/leaflet/leaflet.css")]


class Drawn(folium.MacroElement):
    _template = folium.template.Template(
        "{% macro script(this, kwargs) %}window.atlas_drawn_at = Date.now(); window.atlas_draws = 1;{% endmacro %}")


m.add_child(Drawn())
st_folium(m, height=700, use_container_width=True, returned_objects=[])
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A Streamlit server started for the run.

    ``started`` is when the process was launched, ``up`` when it first answered its health
    check, ``ready`` when it is ready for visitors: for the atlas, when its start-up warm-up
    (one first view over its own websocket, ``dashboard/serve/single.py``) has finished; for
    the naive page, which has none, as soon as it is up."""

    def __init__(self, args: list[str], cwd: Path, env: dict, *, warms: bool = False):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="bench-server-", suffix=".log")[1])
        self.started = time.time()
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen([*args, "--server.port", str(self.port), "--server.address", "127.0.0.1",
                                          "--server.headless", "true"], cwd=cwd, env=env,
                                         stdout=out, stderr=subprocess.STDOUT)
        deadline = time.time() + 180
        self.up = self.ready = None
        while time.time() < deadline:
            if self.up is None:
                try:
                    if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).status == 200:
                        self.up = time.time()
                except OSError:
                    pass
            if self.up is not None:
                text = self.log.read_text(errors="replace") if warms else ""
                if not warms or "[serve] warm" in text:
                    self.ready = time.time()
                    return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server {args} did not start: {self.log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.unlink(missing_ok=True)


def closed_network(page) -> None:
    def route(r):
        host = r.request.url.split("/")[2].split(":")[0] if "://" in r.request.url else ""
        r.continue_() if host in ("localhost", "127.0.0.1") or r.request.url.startswith(("data:", "blob:")) else r.abort()
    page.route("**/*", route)


def map_frames(page):
    return [f for f in page.frames if "streamlit_folium" in f.url]


def wait_drawn(page, kind: str, min_features: int, t0: float, timeout: float = 120, after: int = 0) -> float:
    """Seconds from t0 until the map is drawn (atlas: its mark; naive: Leaflet holds the features)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for f in map_frames(page):
            try:
                if kind == "atlas":
                    at, n = f.evaluate("() => [window.atlas_drawn_at || 0, window.atlas_draws || 0]")
                    if at and n > after:
                        return at / 1000 - t0
                else:
                    n = f.evaluate("() => window.map ? Object.values(window.map._layers).filter(l => l.feature).length : 0")
                    if n >= min_features and not f.evaluate("() => window.bench_old === true"):
                        return time.time() - t0
            except Exception:
                pass
        page.wait_for_timeout(15)
    raise TimeoutError(f"{kind}: map not drawn within {timeout} s")


def visit(browser, kind: str, url: str, min_features: int) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    closed_network(page)
    t0 = time.time()
    page.goto(url)
    try:
        return wait_drawn(page, kind, min_features, t0)
    finally:
        page.close()


def repaint(browser, kind: str, url: str, runs: int) -> list[float]:
    """Click a measure back and forth; seconds from each click to the map drawn again."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    closed_network(page)
    t0 = time.time()
    page.goto(url)
    wait_drawn(page, kind, 1741, t0)
    page.wait_for_timeout(500)
    labels = ("国勢調査人口", "人口増減率 (%)") if kind == "atlas" else ("density", "pop2020")
    out = []
    for i in range(runs):
        frame = map_frames(page)[0]
        draws = frame.evaluate("() => window.atlas_draws || 0") if kind == "atlas" else 0
        if kind == "naive":
            for f in map_frames(page):
                f.evaluate("() => { window.bench_old = true; }")
        target = page.get_by_text(labels[i % 2], exact=True).first
        t0 = time.time()
        target.click()
        out.append(wait_drawn(page, kind, 1741, t0, after=draws))
        page.wait_for_timeout(300)
    page.close()
    return out


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def measure(browser, kind: str, server: Server, runs: int) -> dict:
    n_body = 5
    res = {}
    res["national"] = [visit(browser, kind, server.url + "/", 1741) for _ in range(runs)]
    res["nagano"] = [visit(browser, kind, server.url + "/?pref=20", 77) for _ in range(runs)]
    res["repaint"] = repaint(browser, kind, server.url + "/", runs)
    body_url = f"{server.url}/body?body={BODY}" if kind == "atlas" else f"{server.url}/?body={BODY}"
    res["body"] = [visit(browser, "naive", body_url, n_body) if kind == "atlas" else visit(browser, kind, body_url, n_body)
                   for _ in range(runs)]
    return res


def first_visit(browser, kind: str, start) -> dict:
    """Start a server; once it is ready, open the national view: seconds from navigation to
    drawn (the target), with the server's start → ready time beside it."""
    server = start()
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        closed_network(page)
        t0 = time.time()
        page.goto(server.url + "/")
        t = wait_drawn(page, kind, 1741, t0, timeout=180)
        page.close()
        return {"visit": t, "ready": server.ready - server.started}
    finally:
        server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--starts", type=int, default=5, help="server starts for the first-visit figure")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO))
    from dashboard.store import Store

    store = str(Store().path)
    env = {**os.environ, "ATLAS_STORE": store}
    naive_dir = Path(tempfile.mkdtemp(prefix="atlas-naive-"))
    (naive_dir / "naive.py").write_text(textwrap.dedent(NAIVE_PAGE.format(store=store)), encoding="utf-8")
    (naive_dir / "static").symlink_to(REPO / "static")  # the same local Leaflet (written by the atlas at start)
    floor_dir = Path(tempfile.mkdtemp(prefix="atlas-floor-"))
    (floor_dir / "floor.py").write_text(textwrap.dedent(FLOOR_PAGE), encoding="utf-8")
    (floor_dir / "static").symlink_to(REPO / "static")
    start_atlas = lambda: Server([sys.executable, "-m", "dashboard", "serve"], REPO, env, warms=True)
    start_naive = lambda: Server([sys.executable, "-m", "streamlit", "run", "naive.py", "--server.enableStaticServing", "true",
                                  "--browser.gatherUsageStats", "false"], naive_dir, env)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        first = {"atlas": [first_visit(browser, "atlas", start_atlas) for _ in range(args.starts)],
                 "naive": [first_visit(browser, "naive", start_naive) for _ in range(args.starts)]}
        floor = Server([sys.executable, "-m", "streamlit", "run", "floor.py", "--server.enableStaticServing", "true",
                        "--browser.gatherUsageStats", "false"], floor_dir, env)
        try:
            visit(browser, "atlas", floor.url + "/", 0)
            floor_times = [visit(browser, "atlas", floor.url + "/", 0) for _ in range(args.runs)]
        finally:
            floor.stop()
        results = {}
        for kind, start in (("atlas", start_atlas), ("naive", start_naive)):
            server = start()
            try:
                visit(browser, kind, server.url + "/", 1741)  # warm: the figures below are warm visits
                results[kind] = measure(browser, kind, server, args.runs)
            finally:
                server.stop()
        browser.close()

    rows = [
        ("national view, navigation → drawn map", "national", "national"),
        ("長野県, navigation → drawn map", "nagano", None),
        ("filter click → repaint", "repaint", "repaint"),
        ("body page → drawn members map", "body", None),
    ]
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")), platform.processor())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}, "
          f"load average {load:.1f}; median of {args.runs}")
    print(f"floor: Streamlit with one empty local-Leaflet map, navigation → its script ran: {median(floor_times):.2f} s "
          f"(min {min(floor_times):.2f}, max {max(floor_times):.2f})")
    print("| measure | atlas | naive | ratio | target |")
    print("|---|---|---|---|---|")
    fa, fn = median([f["visit"] for f in first["atlas"]]), median([f["visit"] for f in first["naive"]])
    ra, rn = median([f["ready"] for f in first["atlas"]]), median([f["ready"] for f in first["naive"]])
    print(f"| server start → ready (atlas: warmed; naive: answering) | {ra:.2f} s | {rn:.2f} s | | |")
    print(f"| first visit after a server start (national), navigation → drawn map | {fa:.2f} s | {fn:.2f} s | {fn / fa:.1f}× | ≤ {TARGETS['first']} s {'✓' if fa <= TARGETS['first'] else '✗'} |")
    for label, key, target in rows:
        a, n = median(results["atlas"][key]), median(results["naive"][key])
        unit = (lambda v: f"{v * 1000:.0f} ms") if key == "repaint" else (lambda v: f"{v:.2f} s")
        goal = "" if target is None else (f"≤ {TARGETS[target] * 1000:.0f} ms" if key == "repaint" else f"≤ {TARGETS[target]} s")
        if goal:
            goal += " ✓" if a <= TARGETS[target] else " ✗"
        print(f"| {label} | {unit(a)} | {unit(n)} | {n / a:.1f}× | {goal} |")


if __name__ == "__main__":
    main()
