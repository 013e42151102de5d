"""The data page's upload section through AppTest (the upload itself is in test_browser_upload)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.build import DEFAULT_REGISTRY
from dashboard.registry.importers import Gazetteer, import_bytes, scheme_roles
from dashboard.registry.validate import require_valid
from dashboard.store import Store
from dashboard.views.atlas import AtlasData
from dashboard.views.uploads import session_overlay

from .conftest import REPO
from .test_import import TEIJU_CP932


def _app(built_store, monkeypatch) -> AppTest:
    monkeypatch.setenv("ATLAS_STORE", str(built_store))
    return AppTest.from_file(str(REPO / "app.py"), default_timeout=120)


def test_data_page_offers_the_upload(built_store, monkeypatch):
    at = _app(built_store, monkeypatch).run()
    at.switch_page("pages/data_sources.py").run()
    assert not at.exception
    assert any(m.value == "#### 公表されている一覧を地図に重ねる" for m in at.markdown)
    assert at.selectbox(key="w_upload_pref").value is None
    assert not at.success and not at.error  # nothing uploaded, nothing shown


def test_session_import_is_drawn_on_this_sessions_map_only(built_store, monkeypatch, sources):
    from dashboard.sources.municipalities import read_master

    gaz = Gazetteer.from_frame(read_master(sources["master"]))
    roles = scheme_roles(require_valid([DEFAULT_REGISTRY], None)["schemes"])
    result = import_bytes(TEIJU_CP932.encode("cp932"), "teiju.csv", gaz, roles)
    overlay = session_overlay(AtlasData.from_store(Store(built_store)), result.tables)
    assert overlay.prefs == ("20",) and overlay.bodies.geometry.notna().sum() == 3

    at = _app(built_store, monkeypatch)
    at.session_state["atlas_upload"] = {"signature": None, "name": "teiju.csv", "result": result, "overlay": overlay}
    at.run()
    assert not at.exception
    assert at.info[0].value == "取り込んだ一覧（このセッションのみ）: teiju\\.csv — 3"
    at.switch_page("pages/data_sources.py").run()
    assert at.success[0].value.startswith("teiju\\.csv \\[teiju\\]: 4 rows read; 3 bodies")
    other = _app(built_store, monkeypatch).run()  # a new session: no notice, no overlay
    assert not any("取り込んだ一覧" in i.value for i in other.info)
