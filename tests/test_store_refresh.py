"""A store rebuilt under a running server: new sessions get it, open sessions keep theirs."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

from streamlit.testing.v1 import AppTest

from .conftest import REPO


def _swap_in_rebuilt_store(store_path, built_at: str) -> None:
    """What `build` does: a complete new file beside the store, renamed over it."""
    tmp = store_path.with_name(".tmp-atlas-test.gpkg")
    shutil.copy(store_path, tmp)
    with sqlite3.connect(tmp) as con:
        con.execute("update meta set value = ? where key = 'built_at'", (json.dumps(built_at),))
    os.replace(tmp, store_path)


def _built_at(at: AppTest) -> str:
    return at.session_state["atlas_store_data"].meta["built_at"]


def test_store_swapped_under_a_running_session(store_copy, monkeypatch):
    monkeypatch.setenv("ATLAS_STORE", str(store_copy))
    first = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    assert not first.exception
    old = _built_at(first)

    _swap_in_rebuilt_store(store_copy, "2099-01-01T00:00:00+00:00")

    first.sidebar.multiselect(key="w_prefs").set_value(["20"]).run()  # the open session reruns…
    assert not first.exception
    assert _built_at(first) == old  # …and finishes on the store it started with
    second = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    assert not second.exception
    assert _built_at(second) == "2099-01-01T00:00:00+00:00"  # a new session reads the new store
    second.switch_page("pages/data_sources.py").run()
    assert any("2099-01-01" in c.value for c in second.caption)


def test_missing_store_is_one_message_on_the_page(tmp_path, monkeypatch):
    monkeypatch.setenv("ATLAS_STORE", str(tmp_path / "none.gpkg"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.error] == [f"{tmp_path / 'none.gpkg'}::: no built store; run `python -m dashboard build` first"]


def test_corrupt_store_is_one_message_on_the_page(built_store, tmp_path, monkeypatch):
    bad = tmp_path / "atlas.gpkg"
    bad.write_bytes(built_store.read_bytes()[: built_store.stat().st_size // 3])  # a truncated copy
    monkeypatch.setenv("ATLAS_STORE", str(bad))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1
    assert "rebuild" in at.error[0].value or "not a readable GeoPackage" in at.error[0].value
