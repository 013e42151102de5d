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
