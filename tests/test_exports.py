"""Exports (issue 6): snapshots in Japanese with credits, offline HTML, CSV with BOM, GeoJSON, batch."""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pytest
from matplotlib import font_manager
from PIL import Image

from dashboard.__main__ import main
from dashboard.views.atlas import AtlasData
from dashboard.views.exports import files as exports
from dashboard.views.exports import snapshot
from dashboard.views.measures import parse_measure
from dashboard.views.state import ViewState

NAGANO = ViewState(prefs=("20",), schemes=("定住自立圏", "広域連合"), measure=parse_measure("change:2020:2045"))


@pytest.fixture(scope="module")
def data(store) -> AtlasData:
    return AtlasData.from_store(store)


def _missing_glyphs(texts) -> set[str]:
    """Characters drawn that IPAexGothic has no glyph for (they would print as tofu)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(font_manager.findfont("IPAexGothic")).getBestCmap()
    return {c for t in texts for c in t.get_text() if not c.isspace() and ord(c) not in cmap}


def _texts(fig):
    texts = list(fig.texts)
    for legend in fig.legends:
        texts += list(legend.get_texts()) + [legend.get_title()]
    for ax in fig.axes:
        texts += list(ax.texts)
    return [t for t in texts if t.get_text()]


def test_snapshot_title_legend_credits_in_a_japanese_font(data):
    fig = snapshot.snapshot_figure(data, NAGANO)
    texts = _texts(fig)
    content = [t.get_text() for t in texts]
    assert "長野県 定住自立圏・広域連合 / 2020→2045 人口増減率" in content
    assert "出典：国土交通省 国土数値情報（行政区域データ）を加工して作成" in content
    assert "出典：総務省統計局 国勢調査" in content
    assert "出典：国立社会保障・人口問題研究所『日本の地域別将来推計人口』" in content
    assert any(t.startswith("人口増減率 (%)") for t in content)  # legend title with unit
    assert any(t.endswith(" km") for t in content)  # scale bar
    assert any("境界: 2021年1月1日" in t for t in content)  # as-of dates
    for t in texts:  # every text resolves to the bundled IPAexGothic file…
        assert font_manager.findfont(t.get_fontproperties()).endswith("ipaexg.ttf"), t.get_text()
    assert _missing_glyphs(texts) == set()  # …which has a glyph for every character drawn
    import matplotlib.pyplot as plt

    plt.close(fig)


@pytest.mark.parametrize("dpi", [150, 300])
def test_png_has_the_requested_size_and_is_not_blank(data, dpi):
    png = snapshot.render(data, NAGANO, "png", dpi)
    image = Image.open(io.BytesIO(png))
    assert image.size == (int(8.27 * dpi), int(11.69 * dpi))  # A4 portrait at the requested dpi
    pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.std() > 20  # a map, not a blank page
    assert (pixels < 250).mean() > 0.2


def test_svg_and_pdf(data):
    svg = snapshot.render(data, NAGANO, "svg")
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    assert snapshot.render(data, NAGANO, "pdf").startswith(b"%PDF")
    with pytest.raises(ValueError):
        snapshot.render(data, NAGANO, "gif")


def test_html_is_self_contained(data):
    html = exports.map_html(data, NAGANO).decode("utf-8")
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls  # an XML namespace name, not an address
    assert "L.version" in html or "Leaflet" in html
    assert "出典：国土交通省 国土数値情報" in html and "atlas-legend" in html
    assert '"20212"' in html  # polygons inlined


def test_csv_has_bom_and_round_trips(data):
    raw = exports.csv_bytes(exports.municipalities_table(data, NAGANO))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 77
    omachi = next(r for r in rows if r["code"] == "20212")
    assert omachi["name"] == "大町市" and "北アルプス連携自立圏（中心市）" in omachi["bodies"]
    assert float(omachi["value"]) == pytest.approx((16147 / 26029 - 1) * 100, abs=0.01)  # IPSS 2023: 26,029 → 16,147
    assert omachi["measure"] == "change:2020:2045"


def test_geojson_validates(data):
    import geopandas as gpd

    raw = exports.municipalities_geojson(data, NAGANO)
    doc = json.loads(raw)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 77
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in doc["features"])
    frame = gpd.read_file(io.BytesIO(raw))
    assert frame.geometry.is_valid.all() and set(frame["code"]) >= {"20212", "20201"}


def test_body_csvs(data):
    files = exports.body_csvs(data, "kitaalps-jiritsu")
    spending = list(csv.DictReader(io.StringIO(files["spending"].decode("utf-8-sig"))))
    assert {r["事業費 (千円)"] for r in spending} >= {"39127", "49464", "65275"}  # integers, Japanese headers
    members = list(csv.DictReader(io.StringIO(files["members"].decode("utf-8-sig"))))
    assert [m["構成団体"] for m in members][0] == "大町市"
    assert members[0]["種別"] == "市町村" and members[0]["根拠"] == "明記" and members[0]["人口 2020"] == "26029"
    assert "推計人口 2045" in members[0]  # the default measure's year, as on the map (not 2050)
    english = list(csv.DictReader(io.StringIO(exports.body_csvs(data, "kitaalps-jiritsu", "en")["members"].decode("utf-8-sig"))))
    assert english[0]["Member"] == "大町市" and english[0]["Role"] == "hub city" and english[0]["Kind"] == "municipality"


def test_reader_csv_class_labels_are_text_not_formulas(data):
    table = exports.municipalities_table(data, NAGANO)
    rows = list(csv.DictReader(io.StringIO(exports.reader_csv(table).decode("utf-8-sig"))))
    classes = {r["階級"] for r in rows}
    assert all(not c.startswith(("'", "-", "+", "=")) for c in classes), classes
    assert any("〜" in c and "\u2212" in c for c in classes), classes
    omachi = next(r for r in rows if r["コード"] == "20212")
    assert omachi["人口 2020"] == "26029" and omachi["指標"].startswith("人口増減率")


def test_batch_export_all_prefectures(tmp_path, capsys, built_store, monkeypatch):
    monkeypatch.setenv("ATLAS_STORE", str(built_store))  # the session's store, not the repository's
    assert main(["export", "--prefecture", "all", "--format", "csv", "--out", str(tmp_path)]) == 0
    files = sorted(tmp_path.glob("*.csv"))
    assert len(files) == 47
    assert files[19].name == "20-長野県_change-2020-2045.csv"
    assert "wrote 47 files" in capsys.readouterr().out


def test_batch_export_png_for_one_prefecture(tmp_path, built_store, monkeypatch):
    monkeypatch.setenv("ATLAS_STORE", str(built_store))
    assert main(["export", "--prefecture", "20", "--scheme", "定住自立圏", "--scheme", "広域連合", "--measure", "change:2020:2045",
                 "--format", "png", "--out", str(tmp_path)]) == 0
    image = Image.open(tmp_path / "20-長野県_change-2020-2045.png")
    assert image.size == (1240, 1753)


@pytest.mark.parametrize("argv, message", [
    (["export", "--prefecture", "99"], "not a prefecture code"),
    (["export", "--measure", "census:2021"], "census years are"),
    (["export", "--scheme", "姉妹都市"], "is not one of"),
    (["export", "--format", "gif"], "invalid choice"),
    (["export", "--classes", "seed_bins", "--measure", "census:2020"], "needs a change or index"),
])
def test_bad_export_arguments_exit_2(argv, message, capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--out", str(tmp_path)])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_analysis_maps_print_through_the_same_renderer(data):
    from dashboard.views.analysis import tables as A
    table = A.hokkaido_model(data).set_index("code")["eligible"]
    colors = {"yes": "#1b7837", "unknown": "#fdb863", "no": "#d9d9d9"}
    rule = A.hokkaido_model(data)["rule"].iloc[0]
    fig = snapshot.category_figure(data, ("01",), table, colors, "北海道 市町村連携地域モデル", "判定", [rule])
    content = [t.get_text() for t in _texts(fig)]
    assert _missing_glyphs(_texts(fig)) == set()
    assert "北海道 市町村連携地域モデル" in content
    assert "出典：国土交通省 国土数値情報（行政区域データ）を加工して作成" in content
    assert any(c.endswith(" km") for c in content)
    png = snapshot.save(fig)
    assert Image.open(io.BytesIO(png)).size == (1240, 1753)


def test_snapshot_and_html_follow_the_on_screen_extent(data):
    import geopandas as gpd

    extent = (137.6, 36.3, 138.1, 36.8)  # around 大町市 and 松本市
    fig = snapshot.snapshot_figure(data, NAGANO, extent=extent)
    ax = fig.axes[0]
    window = gpd.GeoSeries.from_xy([extent[0], extent[2]], [extent[1], extent[3]], crs="EPSG:4326")
    crs = f"EPSG:{6688 + 53 - 51}"  # UTM 53N, where 長野県 lies
    xs, ys = window.to_crs(crs).x, window.to_crs(crs).y
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    width, height = xs.iloc[1] - xs.iloc[0], ys.iloc[1] - ys.iloc[0]
    assert x0 <= xs.iloc[0] and x1 >= xs.iloc[1] and y0 <= ys.iloc[0] and y1 >= ys.iloc[1]  # the extent is shown…
    assert (x1 - x0) < 1.6 * width and (y1 - y0) < 1.2 * height  # …and not the whole prefecture
    import matplotlib.pyplot as plt

    plt.close(fig)
    html = exports.map_html(data, NAGANO, extent).decode("utf-8")
    fits = re.findall(r"fitBounds\(\s*(\[\[[^\]]*\],\s*\[[^\]]*\]\])", html)
    assert json.loads(fits[-1]) == [[36.3, 137.6], [36.8, 138.1]]  # the last fit, so the one that holds
    with pytest.raises(ValueError, match="nothing of the view"):
        snapshot.snapshot_figure(data, NAGANO, extent=(130.0, 33.0, 130.1, 33.1))


def test_snapshot_explains_the_land_around_and_states_one_clock(data):
    """Issue #22: land outside the prefecture was unexplained white shapes; 作成 (a UTC date) and
    登録簿 (a local date) disagreed."""
    import datetime as dt

    fig = snapshot.snapshot_figure(data.as_of(), NAGANO)
    content = [t.get_text() for t in _texts(fig)]
    assert "表示外の都道府県" in content
    line = next(t for t in content if "登録簿:" in t)
    registry_day = re.search(r"登録簿: (\d{4}-\d{2}-\d{2})", line).group(1)
    built = re.search(r"データ作成: (\d{4}-\d{2}-\d{2})", line).group(1)
    assert built <= registry_day == dt.date.today().isoformat()
