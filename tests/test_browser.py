"""What only a browser shows: the app in headless Debian chromium, offline.

Starts the real app (`streamlit run app.py`) on a free local port, opens it in chromium driven
by Playwright with every request to a host other than localhost blocked, and checks that the
map draws (Leaflet panes, features), that no request failed, and that clicking 大町市 opens
its panel.  Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import REPO

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} missing: .ci/run must apt-get install chromium")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(built_store):
    port = _free_port()
    env = {**os.environ, "ATLAS_STORE": str(built_store)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stdout.read().decode(errors="replace")[-2000:])
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


class Page:
    """A page with the network closed to anything but localhost, recording what failed."""

    def __init__(self, browser, width=1500, height=1000):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("response", self._response)

    def _response(self, response) -> None:
        # Opened at a page path (/body), Streamlit's frontend first probes <path>/_stcore/health
        # and host-config to find the server's base URL, then the root: those 404s are expected.
        probing = response.url.split("?")[0].endswith(("/_stcore/health", "/_stcore/host-config"))
        if response.status >= 400 and not (probing and response.status == 404):
            self.failed.append(f"{response.status} {response.url}")

    def _route(self, route):
        host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
        if host in ("localhost", "127.0.0.1") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def map_frame(self, min_features: int, timeout: float = 60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for f in self.page.frames:
                if "streamlit_folium" in f.url:
                    try:
                        n = f.evaluate("() => window.map ? Object.values(window.map._layers).filter(l => l.feature).length : 0")
                    except Exception:
                        n = 0
                    if n >= min_features:
                        return f
            self.page.wait_for_timeout(500)
        raise AssertionError(f"map did not draw {min_features} features within {timeout} s")


def _settled(p: Page, frame=None) -> None:
    """Before a screenshot: no request in flight (fonts, images, geometry) and, with a map, its
    layers drawn (conditions, not a fixed pause)."""
    # Conditions, not a pause: the page loaded, its fonts in, every image complete.  (Not
    # "networkidle": Streamlit's page keeps a request open now and then, so it may never come.)
    p.page.wait_for_load_state("load")
    p.page.evaluate("() => document.fonts.ready.then(() => true)")
    p.page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=60000)
    if frame is not None:
        _drawn(frame)


def _stable_view(frame, timeout: float = 30) -> tuple:
    """The map's view once it has stopped moving: no zoom or pan animation, and the same view on
    two reads an animation frame apart (the browser's frames pace the loop, not a sleep)."""
    deadline, last = time.time() + timeout, None
    while time.time() < deadline:
        frame.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        moving = frame.evaluate("() => !!(map._animatingZoom || (map._panAnim && map._panAnim._inProgress))")
        view = _view(frame)
        if not moving and view == last:
            return view
        last = view
    raise AssertionError("the map kept moving")


def test_national_map_draws_offline(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    p = Page(browser)
    p.page.goto(server + "/")
    frame = p.map_frame(min_features=1741)
    panes = frame.evaluate("() => document.querySelectorAll('.leaflet-pane').length")
    assert panes >= 5
    assert frame.evaluate("() => document.querySelector('.leaflet-overlay-pane canvas, .leaflet-overlay-pane svg') !== null")
    assert frame.evaluate("() => typeof L !== 'undefined' && L.version") == "1.9.3"
    _settled(p, frame)
    p.page.screenshot(path=str(ARTIFACTS / "map-national.png"))
    assert p.failed == [], p.failed
    # Base tiles are off by default: nothing wanted the internet.
    assert p.blocked == [], p.blocked


def test_click_omachi_opens_its_panel(server, browser, store):
    p = Page(browser)
    p.page.goto(server + "/?pref=20")
    frame = p.map_frame(min_features=77)
    # A point inside 大町市 (not on its town-hall marker), projected by Leaflet, offset by the iframe.
    shape = store.read("municipalities", where="code = '20212'").geometry.iloc[0]
    inside = shape.buffer(-0.02).representative_point()
    point = frame.evaluate(f"() => {{ const pt = window.map.latLngToContainerPoint([{inside.y}, {inside.x}]); return [pt.x, pt.y]; }}")
    box = p.page.locator("iframe[title*='streamlit_folium']").bounding_box()
    p.page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    p.page.get_by_text("大町市（長野県）").wait_for(timeout=30000)
    p.page.get_by_role("link", name="北アルプス連携自立圏 [公式] · 連携自立圏 (長野県支援) · 役割: 中心市").wait_for(timeout=10000)  # #19: the source kind
    assert "muni=20212" in p.page.url
    _settled(p, frame)
    p.page.screenshot(path=str(ARTIFACTS / "map-nagano-omachi.png"))
    assert p.failed == [] and p.blocked == [], (p.failed, p.blocked)


def test_body_page_shows_seed_figures(server, browser):
    p = Page(browser)
    p.page.goto(server + "/body?body=kitaalps-jiritsu")
    p.page.get_by_role("heading", name="北アルプス連携自立圏").wait_for(timeout=60000)
    p.page.get_by_role("tab", name="事業費").click()
    p.page.get_by_text("39,127").first.wait_for(timeout=20000)
    assert p.page.get_by_text("65,275").count() >= 1
    _settled(p)
    p.page.screenshot(path=str(ARTIFACTS / "body-kitaalps-spending.png"), full_page=True)
    assert p.failed == [] and p.blocked == [], (p.failed, p.blocked)


def test_analysis_page_screenshot(server, browser):
    p = Page(browser)
    p.page.goto(server + "/analysis?pref=01")
    p.page.get_by_role("tab", name="要件の判定").click()
    p.page.get_by_text("北海道 市町村連携地域モデル (研究会資料 003)").first.wait_for(timeout=120000)  # a heavy page on a busy 2-core runner
    p.map_frame(min_features=179)  # a small map (no draw mark): its features are the condition
    _settled(p)
    p.page.screenshot(path=str(ARTIFACTS / "analysis-hokkaido-eligibility.png"), full_page=True)
    assert p.failed == [] and p.blocked == [], (p.failed, p.blocked)


# --- issue #13: map first, every mark explained, one language at a time, stable view -----------

DESKTOP = (1400, 900)
CJK = "[\u3040-\u30ff\u3400-\u9fff]"


def _drawn(frame, timeout: float = 60) -> int:
    """Wait until the map has drawn its layers at least once; return the draw count."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        n = frame.evaluate("() => window.atlas_draws || 0")
        if n:
            return n
        time.sleep(0.2)
    raise AssertionError("the map never finished drawing")


def _view(frame) -> tuple:
    return tuple(frame.evaluate("() => [map.getZoom(), +map.getCenter().lat.toFixed(4), +map.getCenter().lng.toFixed(4)]"))


def test_map_fills_the_window_and_every_layer_has_a_legend_entry(server, browser):
    p = Page(browser, *DESKTOP)
    p.page.goto(server + "/?pref=20")
    frame = p.map_frame(min_features=77)
    _drawn(frame)
    box = p.page.locator("iframe[title*='streamlit_folium']").bounding_box()
    main = p.page.locator("[data-testid=stMain]").bounding_box()
    assert box["height"] >= 0.75 * DESKTOP[1], box
    assert box["width"] >= main["width"] - 60, (box, main)  # the main area's full width (filters are in the sidebar)
    map_box = frame.evaluate("() => { const r = document.getElementById('map_div').getBoundingClientRect(); return [r.width, r.height]; }")
    assert map_box[1] >= 0.75 * DESKTOP[1], map_box  # the Leaflet map itself, not only its frame
    overlays = frame.evaluate("() => Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label span')).map(s => s.textContent.trim())")
    sections = frame.evaluate("() => Array.from(document.querySelectorAll('#atlas-legend .atlas-legend-section')).map(s => s.dataset.layer)")
    assert len(overlays) >= 6, overlays  # measure, incomplete registry, unions, spheres, agreements, remote, hubs
    assert set(overlays) <= set(sections), (overlays, sections)
    legend = frame.evaluate("() => document.getElementById('atlas-legend').textContent")  # collapsed or not
    for mark in ("定住自立圏", "連携中枢都市圏", "連携自立圏", "中心市", "1 対 1 協定", "遠隔地との連携", "登録簿が未完成", "分位数"):
        assert mark in legend, mark
    assert p.failed == [] and p.blocked == [], (p.failed, p.blocked)


def test_one_language_at_a_time(server, browser):
    import re

    for lang, bad in (("ja", re.compile(r"\b(Choose|Select|Search|Type)\b")), ("en", re.compile(CJK))):
        p = Page(browser, *DESKTOP)
        p.page.goto(server + ("/?lang=en" if lang == "en" else "/"))
        p.page.get_by_text("Filters" if lang == "en" else "絞り込み").first.wait_for(timeout=60000)
        js = "() => Array.from(document.querySelectorAll('input[placeholder], textarea[placeholder]')).map(e => e.getAttribute('placeholder'))"
        deadline = time.time() + 60
        while len(p.page.evaluate(js)) < 4 and time.time() < deadline:  # the sidebar and the search box
            p.page.wait_for_timeout(300)
        placeholders = p.page.evaluate(js)
        assert len(placeholders) >= 4, placeholders
        wrong = [ph for ph in placeholders if bad.search(ph)]
        assert not wrong, (lang, wrong)
        if lang == "ja":
            assert all(re.search(CJK, ph) for ph in placeholders if not re.fullmatch(r"[\dYMD/ -]+", ph)), placeholders


def test_search_finds_a_body_and_opens_its_panel(server, browser):
    p = Page(browser, *DESKTOP)
    p.page.goto(server + "/")
    frame = p.map_frame(min_features=1741)
    _drawn(frame)
    box = p.page.get_by_placeholder("おおまち / 大町市 / 20212 / 北アルプス / 定住自立圏")
    box.fill("八戸圏域")
    box.press("Enter")
    p.page.get_by_role("heading", name="八戸圏域連携中枢都市圏").wait_for(timeout=30000)
    assert "body=hachinohe-renkei" in p.page.url
    deadline = time.time() + 30
    while time.time() < deadline and "hachinohe-renkei" not in (frame.evaluate("() => window.atlas_fit_token || ''") or ""):
        time.sleep(0.3)
    assert "hachinohe-renkei" in frame.evaluate("() => window.atlas_fit_token")  # the map went to it
    assert _stable_view(frame)[0] >= 8  # zoomed in from the national view
    _settled(p, frame)
    p.page.screenshot(path=str(ARTIFACTS / "search-hachinohe.png"))
    assert p.failed == [] and p.blocked == [], (p.failed, p.blocked)


def test_extent_is_kept_across_a_measure_change_and_a_tab_switch(server, browser):
    p = Page(browser, *DESKTOP)
    p.page.goto(server + "/?pref=20")
    frame = p.map_frame(min_features=77)
    draws = _drawn(frame)
    frame.evaluate("() => { map.setView([36.55, 137.85], 10); }")  # the reader pans and zooms in
    before = _stable_view(frame)
    p.page.get_by_text("国勢調査人口").click()  # a filter: the layers are repainted, the view stays
    deadline = time.time() + 30
    while time.time() < deadline and frame.evaluate("() => window.atlas_draws || 0") <= draws:
        time.sleep(0.1)
    assert frame.evaluate("() => window.atlas_draws") > draws, "the layers were not repainted"
    assert [f for f in p.page.frames if "streamlit_folium" in f.url][0] == frame  # same map, not reloaded
    assert _view(frame) == before

    body = Page(browser, *DESKTOP)
    body.page.goto(server + "/body?body=kitaalps-jiritsu")
    body.page.get_by_role("heading", name="北アルプス連携自立圏").wait_for(timeout=60000)
    members = body.map_frame(min_features=5)  # a small map (no draw mark): its features are the condition
    start = _stable_view(members)
    assert start[0] >= 8  # the members, not Japan
    body.page.get_by_role("tab", name="事業費").click()
    body.page.get_by_text("39,127").first.wait_for(timeout=20000)
    body.page.wait_for_load_state("networkidle")  # the tab's rerun has finished
    assert _stable_view(members) == start
