"""The private APIs the atlas borrows (dashboard/ui/vendor.py), checked against the installed versions.

Each function of the adapter is exercised here; a release of streamlit-folium or Streamlit that
moved or changed one fails with the package's name.  The last tests compare, argument by
argument, what the atlas hands streamlit-folium's component with what ``st_folium`` itself hands
it for the same map, so the copied steps cannot drift from the library's.
"""

from __future__ import annotations

import itertools
from importlib.metadata import version

import branca.colormap
import branca.element
import folium
import pytest
import streamlit_folium

from dashboard.ui import mapcache, vendor
from dashboard.views.atlas import AtlasData
from dashboard.views.map.layers import base_map, view_layers
from dashboard.views.state import ViewState

SF = f"streamlit-folium {version('streamlit-folium')}"


@pytest.fixture
def fixed_ids(monkeypatch):
    """Element ids from a counter, restarted per map, so two builds of one map are identical."""

    def restart():
        counter = itertools.count()
        monkeypatch.setattr(branca.element.Element, "_generate_id", lambda self: f"{next(counter):032x}")

    restart()
    return restart


@pytest.fixture
def recorded(monkeypatch):
    """streamlit-folium's component replaced by a recorder of its arguments."""
    calls: list[dict] = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kw: calls.append(kw) or kw.get("default"))
    return calls


def small_map() -> folium.Map:
    m = folium.Map(location=[36.2, 137.9], zoom_start=8, tiles=None)
    folium.GeoJson({"type": "Feature", "properties": {"code": "20206"},
                    "geometry": {"type": "Point", "coordinates": [137.85, 36.5]}}).add_to(m)
    return m


def test_map_parts_against_installed_streamlit_folium():
    m = small_map()
    m.get_root().render()
    m.render()
    html, header, script = vendor.map_parts(m)
    assert "map_div" in script and "L.map" in script, f"{SF}: _get_map_string no longer gives the Leaflet script"
    assert isinstance(html, str) and isinstance(header, str), f"{SF}: _get_html/_get_header changed"
    assert vendor.full_id(m) == f"map_{m._id}", f"{SF}: get_full_id changed"
    assert len(vendor.script_hash(script)) == 64, f"{SF}: generate_js_hash changed"


def test_feature_group_and_layer_control_scripts_against_installed_streamlit_folium():
    scratch = small_map()
    group = folium.FeatureGroup(name="units")
    folium.GeoJson({"type": "Point", "coordinates": [138.0, 36.0]}).add_to(group)
    script = vendor.feature_groups_script([group], scratch)
    assert "feature_group_feature_group_0" in script and "map_div.addLayer" in script, \
        f"{SF}: _get_feature_group_string changed"
    control = vendor.layer_control_script(folium.LayerControl(), scratch)
    assert "window.layer_control" in control, f"{SF}: _get_layer_control_string changed"


def test_component_function_is_declared():
    func = streamlit_folium._component_func
    assert callable(func) and getattr(func, "name", "").endswith("st_folium"), f"{SF}: _component_func changed"


def test_pages_manager_flag_against_installed_streamlit():
    from streamlit.runtime.pages_manager import PagesManager

    before = PagesManager.uses_pages_directory
    try:
        vendor.declare_navigation_only()
        assert PagesManager.uses_pages_directory is False, f"streamlit {version('streamlit')}: PagesManager changed"
    finally:
        PagesManager.uses_pages_directory = before


def test_a_missing_private_api_names_the_package(monkeypatch):
    monkeypatch.delattr(streamlit_folium, "_get_html")
    with pytest.raises(vendor.VendorAPIError, match=r"^streamlit-folium \d"):
        vendor.map_parts(small_map())


def test_asset_links_keep_st_folium_colour_map_handling():
    """A branca colour map needs d3: st_folium adds it, and so must the atlas (the old copied walk dropped it)."""
    m = small_map()
    branca.colormap.LinearColormap(["#ffffff", "#000000"], vmin=0, vmax=1).add_to(m)
    css, js = vendor.asset_links(m)
    assert js[:2] == ["https://d3js.org/d3.v4.min.js", "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"]
    assert any("leaflet" in s for s in js) and any("leaflet" in s for s in css)


def same_arguments(ours: dict, theirs: dict, names: tuple[str, ...]) -> None:
    assert set(ours) == set(theirs), f"{SF}: the component's arguments changed: {set(ours) ^ set(theirs)}"
    for name in names:
        assert ours[name] == theirs[name], f"{SF}: the atlas hands the component a different {name!r} than st_folium"


CONTENT = ("script", "header", "html", "id", "css_links", "js_links", "height", "width", "zoom", "center",
           "return_on_hover", "pixelated", "returned_objects", "default", "wrap_longitude")


@pytest.mark.parametrize("with_colormap", [False, True])
def test_frame_is_what_st_folium_hands_the_component(fixed_ids, recorded, with_colormap):
    """A small map (the members map of a body page) sent by the atlas and by st_folium, same map."""

    def make() -> folium.Map:
        fixed_ids()
        m = small_map()
        if with_colormap:
            branca.colormap.LinearColormap(["#ffffff", "#000000"], vmin=0, vmax=1).add_to(m)
        return m

    mapcache.component(mapcache.render_payload(make()), key="k", height=400, returned_objects=[])
    streamlit_folium.st_folium(make(), height=400, use_container_width=True, returned_objects=[])
    ours, theirs = recorded
    same_arguments(ours, theirs, CONTENT)


@pytest.mark.parametrize("tiles", [False, True])
def test_atlas_view_is_what_st_folium_hands_the_component(store, fixed_ids, recorded, tiles):
    """The atlas's national view: its frame and swapped layers, against st_folium with
    ``feature_group_to_add`` and ``layer_control`` for the same map and groups."""
    data = AtlasData.from_store(store)
    state = ViewState(prefs=("20",), tiles=tiles)
    wanted = ["last_active_drawing"]

    fixed_ids()
    frame = mapcache.render_payload(base_map(state, height=600))
    layers = view_layers(data, state)
    ours_layers = mapcache.render_layers(layers.groups, layers.bounds, base_map(state, height=600))
    mapcache.component(frame, ours_layers, key="k", height=600, returned_objects=wanted)

    fixed_ids()  # the same ids again: the frame, then the groups
    m = base_map(state, height=600)
    layers = view_layers(data, state)
    streamlit_folium.st_folium(m, height=600, use_container_width=True, returned_objects=wanted,
                               feature_group_to_add=layers.groups,
                               layer_control=folium.LayerControl(collapsed=True, position="topleft"))
    ours, theirs = recorded
    same_arguments(ours, theirs, (*CONTENT, "feature_group", "layer_control"))
