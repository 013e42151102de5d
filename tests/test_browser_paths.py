"""The planner's paths, walked in a real browser (issue #22: every click lands where it says).

Each test clicks inside one browser session, as a person does: a link inside the app is a
navigation of the same Streamlit session, which is exactly where the view once ignored the URL
(every body link of a municipality's panel opened the body the session already had).  Tests
wait on conditions (a heading, a URL, a checked radio), never on fixed sleeps.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .test_browser import ARTIFACTS, Page, browser, server  # noqa: F401  (fixtures)

DESKTOP = (1400, 900)
PHONE = (390, 844)
# Five municipalities in three prefectures (長野, 青森, 熊本): 2 to 7 body links each.
MUNICIPALITIES = ("20212", "20202", "02203", "02443", "43210")
LINKS = "[data-testid=stPageLink] a:visible"
FIRST = 180000  # ms: a page's first run on a fresh server, on a busy 2-core runner


def _names(store) -> dict[str, str]:
    return dict(zip(store.read("bodies")["body_id"], store.read("bodies")["name"]))


def _muni_name(store, code: str) -> str:
    m = store.read("municipalities", where=f"code = '{code}'")
    return f"{m['name'].iloc[0]}（{m['pref_name'].iloc[0]}）"


def _heading(p: Page, name: str, timeout: float = FIRST) -> None:
    p.page.get_by_role("heading", name=name, exact=True).first.wait_for(timeout=timeout)


def _body_links(p: Page) -> list[str]:
    links = p.page.locator(LINKS)
    links.first.wait_for(timeout=30000)
    return [links.nth(i).get_attribute("href") for i in range(links.count())]


@pytest.mark.parametrize("code", MUNICIPALITIES)
def test_every_body_link_of_a_municipality_opens_that_body(server, browser, store, code):  # noqa: F811
    names = _names(store)
    p = Page(browser, *DESKTOP)
    p.page.goto(f"{server}/?muni={code}")
    title = _muni_name(store, code)
    p.page.get_by_text(title).first.wait_for(timeout=FIRST)
    hrefs = [h for h in _body_links(p) if "body=" in h]
    assert len(hrefs) >= 2, hrefs
    for i, href in enumerate(hrefs):
        if i:  # back to the panel in the same session (the browser's back button)
            p.page.go_back()
            p.page.get_by_text(title).first.wait_for(timeout=60000)
        body = re.search(r"body=([^&]+)", href).group(1)
        p.page.locator(f"{LINKS}[href='{href}']").click()
        p.page.wait_for_url(re.compile(r"/body\?"), timeout=30000)
        _heading(p, names[body])
        assert f"body={body}" in p.page.url, (body, p.page.url)
        assert p.page.get_by_role("heading", level=1).first.inner_text() == names[body]
    # Requests cancelled by leaving a page are expected; an HTTP error or the internet is not.
    assert [f for f in p.failed if f[:3].isdigit()] == [] and p.blocked == [], (p.failed, p.blocked)


def test_body_links_on_a_phone(server, browser, store):  # noqa: F811
    names = _names(store)
    p = Page(browser, *PHONE)
    p.page.goto(f"{server}/?muni=43210")
    p.page.get_by_text(_muni_name(store, "43210")).first.wait_for(timeout=FIRST)
    link = p.page.locator(f"{LINKS}[href*='body=kikuchi-kouiki']")
    link.wait_for(timeout=30000)
    link.click()
    _heading(p, names["kikuchi-kouiki"])
    p.page.screenshot(path=str(ARTIFACTS / "phone-body-kikuchi.png"))


def test_the_body_list_changes_the_url_and_the_page(server, browser, store):  # noqa: F811
    names = _names(store)
    p = Page(browser, *DESKTOP)
    p.page.goto(f"{server}/body?body=kitaalps-kouiki")
    _heading(p, names["kitaalps-kouiki"])
    p.page.get_by_role("tab", name="事業費").click()  # a tab switch keeps the body
    p.page.get_by_role("tab", name="事業費", selected=True).wait_for(timeout=20000)
    assert "body=kitaalps-kouiki" in p.page.url
    p.page.locator("[data-testid=stMain] [data-testid=stSelectbox]").first.click()
    p.page.keyboard.type(names["matsumoto-kouiki"])  # the list is long (and virtual): narrow it as a person would
    p.page.get_by_role("option", name=re.compile("^" + names["matsumoto-kouiki"])).first.click()
    _heading(p, names["matsumoto-kouiki"])
    p.page.wait_for_url(re.compile("body=matsumoto-kouiki"), timeout=20000)


def test_as_of_day_panel_body_page_and_search_agree(server, browser, store):  # noqa: F811
    """2012-04-01: 北アルプス連携自立圏 (from 2016) is in no panel; 八戸圏域連携中枢都市圏 (from
    2017) opens as itself with its lifespan, never as another body."""
    names = _names(store)
    p = Page(browser, *DESKTOP)
    p.page.goto(f"{server}/?pref=20&muni=20212&asof=2012-04-01")
    p.page.get_by_text("大町市（長野県）").first.wait_for(timeout=FIRST)
    hrefs = _body_links(p)
    assert not any("kitaalps-jiritsu" in h for h in hrefs), hrefs
    assert all("asof=2012-04-01" in h for h in hrefs), hrefs  # the links keep the day
    box = p.page.get_by_placeholder("おおまち / 大町市 / 20212 / 北アルプス / 定住自立圏")
    box.fill("北アルプス連携")
    box.press("Enter")
    p.page.get_by_text("該当なし").first.wait_for(timeout=30000)  # not in force that day: not found

    page = Page(browser, *DESKTOP)
    page.page.goto(f"{server}/body?asof=2012-04-01&body=hachinohe-renkei")
    _heading(page, names["hachinohe-renkei"])
    page.page.get_by_text("2012-04-01 時点では存在しません").first.wait_for(timeout=20000)
    assert "body=hachinohe-renkei" in page.page.url and "asof=2012-04-01" in page.page.url


def _checked(p: Page, group: str) -> str | None:
    """The checked option's text of the sidebar radio group labelled ``group``."""
    radios = p.page.locator("[data-testid=stSidebar] [role=radiogroup]")
    for i in range(radios.count()):
        g = radios.nth(i)
        if g.get_attribute("aria-label") == group:
            checked = g.locator("input:checked")
            if checked.count():
                return checked.first.evaluate("e => e.closest('label').innerText.trim()")
            return None
    raise AssertionError(f"no radio group {group!r}")


def _flip(toggle, switch, on: bool, tries: int = 3) -> None:
    """Click the language toggle until its switch reads ``on``: a click that lands while a phone's
    sidebar is still sliding in is lost, so the condition is the switch's state, not the click."""
    for _ in range(tries):
        toggle.click()
        try:
            switch.page.wait_for_function("([e, on]) => e.checked === on", arg=[switch.element_handle(), on], timeout=10000)
            return
        except PlaywrightTimeout:  # the click was lost: click again
            continue
    raise AssertionError(f"the language toggle did not turn {'on' if on else 'off'}")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_language_round_trip_keeps_the_view(server, browser, size):  # noqa: F811
    start = f"{server}/?pref=20&measure=index:2020:2045&classes=natural_breaks&muni=20212"
    p = Page(browser, *size)
    p.page.goto(start)
    p.page.get_by_text("大町市（長野県）").first.wait_for(timeout=FIRST)
    url = p.page.url
    frame = p.map_frame(min_features=77)
    frame.evaluate("() => { map.setView([36.5, 137.85], 10, {animate: false}); }")  # the reader's own extent
    view = frame.evaluate("() => [map.getZoom(), map.getCenter().lat.toFixed(3), map.getCenter().lng.toFixed(3)]")
    if size == PHONE:
        p.page.locator("[data-testid=stExpandSidebarButton], [data-testid=stSidebarCollapsedControl] button").first.click()
    toggle = p.page.locator("[data-testid=stSidebar] [data-testid=stCheckbox]").first
    switch = toggle.locator("input[type=checkbox]")
    _flip(toggle, switch, True)
    p.page.get_by_text("Filters").first.wait_for(timeout=60000)
    p.page.wait_for_url(re.compile("lang=en"), timeout=30000)
    assert _checked(p, "Measure") == "Population index (base = 100)"
    assert _checked(p, "Classes") == "Natural breaks"
    _flip(toggle, switch, False)
    p.page.get_by_text("絞り込み").first.wait_for(timeout=60000)
    p.page.wait_for_url(lambda u: "lang=en" not in u, timeout=30000)
    assert _checked(p, "指標") == "人口指数 (基準年=100)"
    assert _checked(p, "階級区分") == "自然分類"
    assert unquote(p.page.url) == unquote(url)  # the same view; Streamlit writes ':' as %3A
    assert p.page.get_by_text("大町市（長野県）").first.is_visible()  # the same selection, and nothing else opened
    now = [f for f in p.page.frames if "streamlit_folium" in f.url][0]
    assert now.evaluate("() => [map.getZoom(), map.getCenter().lat.toFixed(3), map.getCenter().lng.toFixed(3)]") == view  # same extent
    assert p.page.get_by_role("link", name="連携体のページを開く").count() == 0


# --- one language at a time, over the rendered pages ------------------------------------------------
URL_OR_FILE = re.compile(r"https?://\S+|\S+\.(?:csv|xlsx|xlsm|xls|ods|tsv|txt|md|gpkg|png|json)\b")
# Words of the interface (not of the registry's cited sources) that must never show in Japanese.
ENGLISH_IN_JA = re.compile(
    r"\b(None|NaN|nan|explicit|count_only|municipality|prefecture|not_collected|complete|partial|January|February|March|"
    r"April|June|July|August|September|October|November|December|Press Enter|Select all|Choose an option|No results|"
    r"Upload|both kept|estimate|Known to be missing|store built|registries|seed \d{3})\b")
# Japanese role and scheme names standing alone (inside a body's proper name they are part of the name).
CJK = "\u3040-\u30ff\u3400-\u9fff"
JAPANESE_IN_EN = re.compile(f"(?<![{CJK}])(構成団体|中心市|近隣市町村|連携市町村|連携中枢都市|連携中枢都市圏|定住自立圏|広域連合|一部事務組合|"
                            f"連携自立圏|市町村連携地域モデル|遠隔連携|出典|該当なし)(?![{CJK}])|^\\s*(実績|予定)\\s*$", re.M)
# A cited source and the registry's own note are quoted as the registry holds them.
CITATION = re.compile(r"(?m)^(Source|出典): .*$")
PAGES = (("/?pref=20&muni=20212", {"ja": "大町市（長野県）", "en": "大町市"}),
         ("/body?body=kitaalps-jiritsu", {"ja": "北アルプス連携自立圏", "en": "北アルプス連携自立圏"}),
         ("/body?body=hachinohe-renkei", {"ja": "八戸圏域連携中枢都市圏", "en": "八戸圏域連携中枢都市圏"}),
         ("/analysis?pref=20", {"ja": "分析", "en": "Analysis"}),
         ("/sources", {"ja": "データと出典", "en": "Data"}))


def _page_texts(p: Page, path: str, wait: str) -> list[str]:
    """The page's visible text, and again with each tab opened (only the open tab is rendered)."""
    p.page.goto(p.base + path)
    p.page.get_by_text(wait).first.wait_for(timeout=FIRST)
    p.page.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=60000)
    texts = [p.page.evaluate("() => document.querySelector('[data-testid=stMain]').innerText")]
    tabs = p.page.get_by_role("tab")
    for i in range(tabs.count()):
        tabs.nth(i).click()
        p.page.get_by_role("tab", selected=True).nth(0).wait_for(timeout=20000)
        p.page.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=60000)
        texts.append(p.page.evaluate("() => document.querySelector('[data-testid=stMain]').innerText"))
    texts.append(p.page.evaluate("() => document.querySelector('[data-testid=stSidebar]').innerText"))
    return texts


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_one_language_over_the_rendered_pages(server, browser, lang):  # noqa: F811
    p = Page(browser, *DESKTOP)
    p.base = server
    found: dict[str, set[str]] = {}
    for path, wait in PAGES:
        full = path + ("&" if "?" in path else "?") + "lang=en" if lang == "en" else path
        for text in _page_texts(p, full, wait[lang]):
            text = URL_OR_FILE.sub(" ", CITATION.sub(" ", text.replace("Skip to main content", "").replace("English", "")))
            pattern = ENGLISH_IN_JA if lang == "ja" else JAPANESE_IN_EN
            hits = {f"{m.group(0)} in …{text[max(0, m.start() - 40):m.end() + 20]}…" for m in pattern.finditer(text)}
            if hits:
                found.setdefault(path, set()).update(hits)
    assert not found, found


# --- the other paths --------------------------------------------------------------------------------
BODY_TABS = ("構成団体", "経過", "処理事務", "連携事業", "事業費", "国の財政措置", "比較")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_search_panel_body_link_and_every_tab(server, browser, store, size):  # noqa: F811
    names = _names(store)
    p = Page(browser, *size)
    p.page.goto(server + "/")
    box = p.page.get_by_placeholder("おおまち / 大町市 / 20212 / 北アルプス / 定住自立圏")
    box.wait_for(timeout=FIRST)
    box.fill("菊池市")
    box.press("Enter")
    p.page.get_by_text("菊池市（熊本県）").first.wait_for(timeout=60000)
    assert "muni=43210" in p.page.url
    link = p.page.locator(f"{LINKS}[href*='body=kikuchi-teiju']")
    link.wait_for(timeout=30000)
    link.click()
    _heading(p, names["kikuchi-teiju"])
    for tab in BODY_TABS:
        p.page.get_by_role("tab", name=tab, exact=True).click()
        p.page.get_by_role("tab", name=tab, selected=True).wait_for(timeout=30000)
        panel = p.page.locator("[role=tabpanel]:visible").first
        panel.wait_for(timeout=30000)
        p.page.locator("[data-testid=stStatusWidget]").wait_for(state="hidden", timeout=60000)
        # a table is a canvas (no text): wait for the tab's words (a caption, a chart title, a message)
        p.page.wait_for_function("() => { const t = Array.from(document.querySelectorAll('[role=tabpanel]'))"
                                 ".find(e => e.offsetParent !== null); return t && t.innerText.trim().length > 0; }", timeout=60000)
        text = panel.inner_text()
        assert text.strip() and text.strip() != "—", (tab, text)  # something, or a sentence saying what is missing
        assert "body=kikuchi-teiju" in p.page.url
    assert [f for f in p.failed if f[:3].isdigit()] == [] and p.blocked == [], (p.failed, p.blocked)


def test_filter_then_click_on_the_map(server, browser, store):  # noqa: F811
    p = Page(browser, *DESKTOP)
    p.page.goto(server + "/")
    p.map_frame(min_features=1741)
    prefs = p.page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").nth(2)
    prefs.click()
    p.page.keyboard.type("熊本")
    p.page.get_by_role("option", name=re.compile("43 熊本県")).click()
    p.page.keyboard.press("Escape")
    p.page.wait_for_url(re.compile("pref=43"), timeout=30000)
    frame = p.map_frame(min_features=45)
    deadline = 60
    while deadline and frame.evaluate("() => Object.values(window.map._layers).filter(l => l.feature && l.feature.properties"
                                      " && l.feature.properties.code && !String(l.feature.properties.code).startsWith('43')).length") > 0:
        p.page.wait_for_timeout(500)  # polling a condition: the national layer is being replaced
        deadline -= 1
    shape = store.read("municipalities", where="code = '43210'").geometry.iloc[0]
    inside = shape.buffer(-0.02).representative_point()
    point = frame.evaluate(f"() => {{ const pt = window.map.latLngToContainerPoint([{inside.y}, {inside.x}]); return [pt.x, pt.y]; }}")
    box = p.page.locator("iframe[title*='streamlit_folium']").bounding_box()
    p.page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    p.page.get_by_text("菊池市（熊本県）").first.wait_for(timeout=30000)
    assert "muni=43210" in p.page.url and "pref=43" in p.page.url


def test_as_of_day_the_map_agrees_with_the_panel(server, browser):  # noqa: F811
    p = Page(browser, *DESKTOP)
    p.page.goto(f"{server}/?pref=20&muni=20212&asof=2012-04-01")
    frame = p.map_frame(min_features=77)
    js = "() => Object.values(window.map._layers).filter(l => l.feature && l.feature.properties && l.feature.properties.body_id).map(l => l.feature.properties.body_id)"
    deadline = 120
    while deadline and not frame.evaluate(js):
        p.page.wait_for_timeout(500)
        deadline -= 1
    drawn = set(frame.evaluate(js))
    panel = {re.search(r"body=([^&]+)", h).group(1) for h in _body_links(p)}
    assert "kitaalps-jiritsu" not in drawn and "kitaalps-jiritsu" not in panel
    assert "kitaalps-kouiki" in drawn and "kitaalps-kouiki" in panel  # the same registry, drawn and listed


EXPORTS = ("PNG 150 dpi", "SVG", "PDF", "HTML (offline)", "CSV", "GeoJSON")


def test_export_each_format(server, browser):  # noqa: F811
    p = Page(browser, *DESKTOP)
    p.page.goto(server + "/?pref=20")
    p.map_frame(min_features=77)
    p.page.get_by_text("書き出し (地図・データ)").click()
    for label in EXPORTS:
        button = p.page.get_by_role("button", name=label, exact=True)
        button.wait_for(timeout=30000)
        bbox = button.bounding_box()
        assert bbox["width"] >= 80, (label, bbox)  # readable, not "P."
        assert button.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), label  # the label is not cut
        with p.page.expect_download(timeout=180000) as info:
            button.click()
        path = info.value.path()
        data = open(path, "rb").read()
        assert len(data) > 500, label
        if label == "CSV":
            text = data.decode("utf-8-sig")
            assert text.splitlines()[0].startswith("コード,名称"), text[:80]
            assert "'" not in text.split("\n")[1].split(",")[9]  # the class label is text, not a neutralised formula
        if label.startswith("PNG"):
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
        if label == "PDF":
            assert data[:4] == b"%PDF"


LEGEND_COVERS = """() => { const d = document.getElementById('atlas-legend'); if (!d || !d.open) { return false; }
  const mr = map.getContainer().getBoundingClientRect(), r = d.getBoundingClientRect();
  const box = L.bounds([r.left - mr.left, r.top - mr.top], [r.right - mr.left, r.bottom - mr.top]);
  return Object.values(map._layers).some(l => l.feature && l.getLatLngs && l.getLatLngs().flat(3).some(
    ll => box.contains(map.latLngToContainerPoint(ll)))); }"""


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("view", ["/?pref=43", "/?pref=02", "/?pref=31", "/?pref=20&muni=20212"])
def test_no_legend_over_land_in_the_first_view(server, browser, size, view):  # noqa: F811
    p = Page(browser, *size)
    p.page.goto(server + view)
    frame = p.map_frame(min_features=10, timeout=FIRST / 1000)
    deadline = 120
    while deadline and not frame.evaluate("() => window.atlas_legend_checked || 0"):
        p.page.wait_for_timeout(250)  # polling: the legend checks itself once the map has settled
        deadline -= 1
    assert frame.evaluate("() => window.atlas_legend_checked || 0"), "the legend never checked what it covers"
    deadline = 60
    while deadline and frame.evaluate(LEGEND_COVERS):  # the layers may still be arriving: it closes when they do
        p.page.wait_for_timeout(250)
        deadline -= 1
    assert not frame.evaluate(LEGEND_COVERS)
    assert frame.evaluate("() => document.querySelector('#atlas-legend summary').textContent.length") > 5  # still there, collapsed
