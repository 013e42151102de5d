"""Screenshots of the README: Japan, 長野県 and a body page at desktop and phone width; a body's tabs
(連携事業 by policy area, 事業費) and the national analysis of policy areas at desktop width.

Starts the atlas (``python -m dashboard serve``) on a free local port over the built store,
opens each view in headless Debian chromium with the network closed to anything but
localhost, waits until the map is drawn, and writes ``docs/screenshot-<view>-<device>.png``.

    python -m dashboard build && python tools/screenshots.py
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DEVICES = {"desktop": (1400, 900), "phone": (390, 844)}
VIEWS = {  # name → (path and query, features the map must hold before the picture)
    "national": ("/", 1741),
    "nagano": ("/?pref=20", 77),  # then 大町市 is clicked: its panel opens over the map
    "body": ("/body?body=kitaalps-jiritsu", 5),
}
# Pages opened on a tab (desktop only): name → (path and query, tab to click, text the tab must show).
TABS = {
    "body-projects": ("/body?body=saku-teiju", "連携事業", "生活機能の強化"),
    "body-spending": ("/body?body=kouki-42", "事業費", "一般会計"),
    "analysis-policy": ("/analysis", "連携の分野", "取組が収録されている圏域"),
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _drawn(page, min_features: int, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    js = ("() => [window.atlas_drawn_at || 0,"
          " window.map ? Object.values(window.map._layers).filter(l => l.feature).length : 0]")
    while time.time() < deadline:
        for f in page.frames:
            if "streamlit_folium" in f.url:
                try:
                    at, n = f.evaluate(js)
                except Exception:
                    continue
                if n >= min_features and (at or min_features <= 5):
                    return
        page.wait_for_timeout(200)
    raise TimeoutError(f"map not drawn within {timeout} s")


def _click(page, code: str) -> None:
    """Click a municipality on the map as a reader would (the layer's own click event)."""
    frame = next(f for f in page.frames if "streamlit_folium" in f.url)
    frame.evaluate("""code => { const l = Object.values(window.map._layers).find(l => l.feature && l.feature.id === code);
                                l.fire('click', {latlng: l.getBounds().getCenter()}, true);
                                window.map.eachLayer(x => x.closeTooltip && x.closeTooltip()); return null; }""", code)


def main() -> int:
    from playwright.sync_api import sync_playwright

    port = _port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--server.port", str(port),
                               "--server.address", "127.0.0.1"], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for device, (w, h) in DEVICES.items():
                for view, (path, n) in VIEWS.items():
                    page = browser.new_page(viewport={"width": w, "height": h}, device_scale_factor=1)
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith((url, "data:", "blob:")) else r.abort())
                    page.goto(url + path)
                    _drawn(page, n)
                    if view == "nagano":
                        _click(page, "20212")
                        page.get_by_role("heading", name="大町市（長野県）").wait_for(timeout=60000)
                    page.wait_for_timeout(1500)  # fonts, the legend and the panel settle
                    out = REPO / "docs" / f"screenshot-{view}-{device}.png"
                    page.screenshot(path=str(out))
                    print(out.relative_to(REPO))
                    page.close()
            w, h = DEVICES["desktop"]
            for view, (path, tab, text) in TABS.items():
                page = browser.new_page(viewport={"width": w, "height": h}, device_scale_factor=1)
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith((url, "data:", "blob:")) else r.abort())
                page.goto(url + path)
                page.get_by_role("tab", name=tab).first.click(timeout=120000)
                page.get_by_text(text).first.wait_for(timeout=120000)
                page.get_by_text(text).first.scroll_into_view_if_needed()
                page.wait_for_timeout(1500)  # charts and fonts settle
                out = REPO / "docs" / f"screenshot-{view}.png"
                page.screenshot(path=str(out))
                print(out.relative_to(REPO))
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
