"""The map's views without a browser: palettes, class breaks, legend coverage, search, dates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.views.atlas import AtlasData
from dashboard.views.labels import format_date
from dashboard.views.map.breaks import fisher_jenks_bins, quantile_bins
from dashboard.views.map.layers import build_map, view_layers
from dashboard.views.measures import DECLINE, GROWTH, SEQUENTIAL, Measure, classify, parse_measure
from dashboard.views.search import search_all
from dashboard.views.state import ViewState


@pytest.fixture(scope="module")
def data(store) -> AtlasData:
    return AtlasData.from_store(store).as_of(None)


def _values(values) -> pd.DataFrame:
    return pd.DataFrame({"value": values}, index=[f"{i:05d}" for i in range(len(values))])


def test_one_sided_change_is_sequential_and_mixed_is_diverging_at_zero():
    change = parse_measure("change:2020:2045")
    losing = classify(_values(np.linspace(-60, -1, 100)), change)
    assert losing.palette == "sequential" and set(losing.colors) <= set(DECLINE)
    assert losing.colors[0] == DECLINE[-1]  # the steepest decline is the darkest
    mixed = classify(_values(np.concatenate([np.linspace(-60, -1, 95), np.linspace(1, 20, 5)])), change)
    assert mixed.palette == "diverging"
    below = [c for l, c in zip(mixed.labels, mixed.colors) if l.endswith("〜0.0")]
    above = [c for l, c in zip(mixed.labels, mixed.colors) if l.startswith("0.0〜")]
    assert below and above and set(below) <= set(DECLINE) and set(above) <= set(GROWTH)  # a break at 0
    index = classify(_values(np.linspace(40, 99, 50)), parse_measure("index:2015:2045"))
    assert index.palette == "sequential" and set(index.colors) <= set(DECLINE)
    census = classify(_values(np.linspace(100, 1e5, 50)), Measure("census", 2020))
    assert census.palette == "sequential" and set(census.colors) <= set(SEQUENTIAL)


def test_breaks_match_their_definitions():
    x = np.array([1, 2, 3, 10, 11, 12, 30, 31, 32.0])
    assert fisher_jenks_bins(x, 3) == [3.0, 12.0, 32.0]
    assert quantile_bins(np.arange(1, 11.0), 2) == [5.5, 10.0]


def test_every_switchable_layer_has_a_legend_section(data):
    for state in (ViewState(), ViewState(prefs=("20",)), ViewState(prefs=("13", "20"), lang="en")):
        layers = view_layers(data, state)
        names = [g.layer_name for g in layers.groups if g.control]
        sections = [s.layer for s in layers.legend.sections]
        assert set(names) <= set(sections), (names, sections)
        assert all(s.entries for s in layers.legend.sections)
    html = build_map(data, ViewState(prefs=("20",))).get_root().render()
    assert "fillOpacity: 0.18" not in html and "fill_opacity" not in html  # spheres are outlines, never fills


def test_search_finds_bodies_by_name_and_scheme(data):
    hits = search_all(data, "八戸圏域")
    assert set(hits["kind"]) == {"body"} and hits["id"].iloc[0] == "hachinohe-renkei"  # the sphere before 八戸圏域水道企業団
    assert "kitaalps-jiritsu" in set(search_all(data, "北アルプス")["id"])
    assert search_all(data, "20212")["id"].iloc[0] == "20212"
    assert search_all(data, "おおまち")["id"].iloc[0] == "20212"
    assert (search_all(data, "連携中枢都市圏")["kind"] == "body").all()


def test_dates_in_the_chosen_language():
    assert format_date("2016-03-29") == "2016年3月29日 (平成28年)"
    assert format_date("2019-05-01") == "2019年5月1日 (令和元年)"
    assert format_date("2016-03-29", "en") == "2016-03-29"
    assert format_date("") == ""


def test_members_map_is_bounded_to_japan_with_a_whole_body_button(data):
    """Issue #22: the wheel over a body's members map zoomed out to the whole world."""
    from dashboard.views.body import page as B
    from dashboard.views.map.category import category_map

    roles, colors, prefs = B.member_roles(data, "kitaalps-jiritsu")
    html = category_map(data, prefs, roles, colors, "構成", fit=list(roles.index)).get_root().render()
    assert '"maxBounds"' in html and '"minZoom": 4' in html
    assert "atlas-fit-button" in html and "全体を表示" in html


def test_tooltip_table_sends_repeated_text_once_and_decodes_to_the_same_rows():
    from dashboard.views.map.elements import columnar

    props = pd.DataFrame({"code": [f"{20200 + i:05d}" for i in range(60)], "pref": ["長野県"] * 59 + ["新潟県"],
                          "name": [f"町{i}" for i in range(60)], "pop": [1000 + i for i in range(60)]}).astype({"pref": "string"})
    ids = list(props["code"])
    out = columnar(props, ids)
    assert out["key"] == "code" and "code" not in out["cols"]  # the id is the key, not sent twice
    assert out["dicts"] == {"pref": ["長野県", "新潟県"]} and "name" not in out["dicts"]  # unique names stay inline
    decoded = {i: {**{c: (out["dicts"][c][v] if c in out["dicts"] else v) for c, v in zip(out["cols"], row)}, "code": i}
               for i, row in out["rows"].items()}  # what the layer's script does
    assert decoded == {r["code"]: r for r in props.to_dict("records")}
