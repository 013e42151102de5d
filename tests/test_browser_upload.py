"""The data page's upload in headless chromium: a published list on the map for one session only.

Uploads the Hokkaido 4-4 fixture (.xlsx, made here) on the data page, checks the report and the
overlay on that page's map, follows the sidebar to the map page in the same session (the overlay
is there too), and opens a second session, which sees nothing of it.
"""

from __future__ import annotations

import zipfile

from .test_browser import ARTIFACTS, Page, _drawn, _settled, browser, server  # noqa: F401  (fixtures)
from .test_import import hokkaido_xlsx

UPLOADED = ("() => Object.values(window.map._layers)"
            ".filter(l => l.feature && l.feature.properties && l.feature.properties.upload === 1).length")
# bodies of the fixture with an outline: all but the two whose members are stated as counts only
DRAWN = 6


def _wait_uploaded(p: Page, frame, n: int, timeout_ms: int = 30000) -> int:
    waited = 0
    while waited < timeout_ms:
        got = frame.evaluate(UPLOADED)
        if got >= n:
            return got
        p.page.wait_for_timeout(500)
        waited += 500
    return frame.evaluate(UPLOADED)


def test_upload_shows_bodies_for_this_session_only(server, browser, tmp_path):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    fixture = hokkaido_xlsx(tmp_path / "hokkaido_4-4.xlsx")
    a = Page(browser)
    a.page.goto(server + "/sources")
    a.page.locator("input[type=file]").first.wait_for(state="attached", timeout=60000)
    a.page.locator("input[type=file]").first.set_input_files(str(fixture))
    a.page.get_by_text("8 bodies (6 一部事務組合, 2 広域連合)", exact=False).first.wait_for(timeout=60000)
    assert a.page.get_by_text("1 unresolved name").count() >= 1
    frame = a.map_frame(min_features=179)
    assert _wait_uploaded(a, frame, DRAWN) == DRAWN
    _settled(a, frame)
    a.page.screenshot(path=str(ARTIFACTS / "upload-data-page.png"), full_page=True)

    # the same session's map page draws the overlay over the national map
    a.page.get_by_role("link", name="地図").first.click()
    frame = a.map_frame(min_features=1741)
    assert _wait_uploaded(a, frame, DRAWN) == DRAWN
    _settled(a, frame)
    a.page.screenshot(path=str(ARTIFACTS / "upload-map-page.png"))
    assert a.failed == [] and a.blocked == [], (a.failed, a.blocked)

    # back on the data page, the import is still there (the uploader itself forgot the file)
    a.page.get_by_role("link", name="データと出典").first.click()
    a.page.get_by_text("8 bodies (6 一部事務組合, 2 広域連合)", exact=False).first.wait_for(timeout=60000)
    assert a.failed == [] and a.blocked == [], (a.failed, a.blocked)

    # another session: nothing uploaded, nothing drawn; a bad file gets one line and no overlay
    b = Page(browser)
    b.page.goto(server + "/")
    frame = b.map_frame(min_features=1741)
    _drawn(frame)  # every layer of the view (an overlay would be one) has its features now
    assert frame.evaluate(UPLOADED) == 0
    b.page.goto(server + "/sources")
    b.page.locator("input[type=file]").first.wait_for(state="attached", timeout=60000)
    assert b.page.get_by_text("8 bodies").count() == 0
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    b.page.locator("input[type=file]").first.set_input_files(str(broken))
    b.page.get_by_text("broken.xlsx::: corrupt workbook", exact=False).first.wait_for(timeout=30000)
    _settled(b)
    b.page.screenshot(path=str(ARTIFACTS / "upload-bad-file.png"))
    assert b.failed == [] and b.blocked == [], (b.failed, b.blocked)


def test_an_uploaded_body_is_clickable_searchable_listed_with_a_panel_and_a_page(server, browser, tmp_path):  # noqa: F811
    """Issue #22: an uploaded union was drawn, but a click opened nothing, search said 該当なし and
    the body list had no entry.  Now, for the session that uploaded it, it is a body like any other."""
    import re

    fixture = hokkaido_xlsx(tmp_path / "hokkaido_4-4.xlsx")
    a = Page(browser, 1400, 900)
    a.page.goto(server + "/sources")
    a.page.locator("input[type=file]").first.wait_for(state="attached", timeout=60000)
    a.page.locator("input[type=file]").first.set_input_files(str(fixture))
    a.page.get_by_text("8 bodies (6 一部事務組合, 2 広域連合)", exact=False).first.wait_for(timeout=60000)
    a.page.get_by_role("link", name="地図").first.click()
    frame = a.map_frame(min_features=1741)
    assert _wait_uploaded(a, frame, DRAWN) == DRAWN

    # search finds it (a body only the upload has) and opens its panel
    name = "南檜山衛生処理組合"  # only the upload has it (the registry holds 中空知広域市町村圏組合 now)
    box = a.page.get_by_placeholder("おおまち / 大町市 / 20212 / 北アルプス / 定住自立圏")
    box.fill(name)
    box.press("Enter")
    a.page.get_by_role("heading", name=name).first.wait_for(timeout=30000)
    body_id = re.search(r"body=(imp-[0-9a-f]+)", a.page.url)
    assert body_id, a.page.url
    assert a.page.get_by_text("取り込んだ一覧", exact=False).count() >= 1  # the hit says it is this session's upload

    # its page, from the panel's link: the body list has it and the members are listed
    a.page.get_by_role("link", name="連携体のページを開く").click()
    a.page.wait_for_url(re.compile(r"/body\?.*body=imp-"), timeout=30000)
    a.page.get_by_role("heading", name=name, level=1).wait_for(timeout=60000)
    chosen = a.page.locator("[data-testid=stMain] [data-testid=stSelectbox]").first.evaluate(
        "e => e.textContent + ' ' + Array.from(e.querySelectorAll('input')).map(i => i.value).join(' ')")
    assert name in chosen, chosen  # listed, and the one chosen

    # a click on its outline on the map opens its page too
    a.page.get_by_role("link", name="地図").first.click()
    frame = a.map_frame(min_features=1741)
    _wait_uploaded(a, frame, DRAWN)
    point = frame.evaluate("""(id) => { const l = Object.values(window.map._layers).find(l => l.feature && l.feature.properties
        && l.feature.properties.body_id === id); if (!l) { return null; }
        map.fitBounds(l.getBounds(), {animate: false}); const c = l.getBounds().getCenter();
        const p = map.latLngToContainerPoint(c); return [p.x, p.y]; }""", body_id.group(1))
    assert point is not None
    box = a.page.locator("iframe[title*='streamlit_folium']").bounding_box()
    a.page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    a.page.wait_for_url(re.compile(r"/body\?.*body=" + body_id.group(1)), timeout=30000)
    a.page.get_by_role("heading", name=name, level=1).wait_for(timeout=60000)
    assert a.failed == [] or all(not f[:3].isdigit() for f in a.failed), a.failed
