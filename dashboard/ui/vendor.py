"""Every private or undocumented API the atlas borrows, in one place, each named with its package.

The map is rendered once per process and view and handed straight to streamlit-folium's
component (:mod:`.mapcache`), which means doing what ``st_folium`` does without calling it:
that takes streamlit-folium's private helpers (``_get_html``, ``_get_header``,
``_get_map_string``, ``_get_feature_group_string``, ``_get_layer_control_string``,
``_component_func``).  Serving needs one Streamlit internal (``PagesManager``).  Neither
package promises these between releases, so:

- nothing else in the atlas touches them (``grep -rn "sf\\._\\|PagesManager" dashboard`` finds this
  file only);
- each is looked up through :func:`_borrow`, which fails with the package's name and installed
  version, not an ``AttributeError`` deep in a rerun;
- ``tests/test_vendor.py`` exercises every function here against the installed version and
  compares what the atlas hands the component with what ``st_folium`` itself hands it, so an
  upgrade that changes any of them fails in CI (requirements.txt pins the tested versions).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any

import folium
import folium.elements
import folium.plugins

STREAMLIT_FOLIUM = "streamlit-folium"
STREAMLIT = "streamlit"


class VendorAPIError(RuntimeError):
    """A borrowed private API is missing or changed in the installed package."""


def _borrow(package: str, module: str, name: str) -> Any:
    """``module.name`` from ``package``, or an error naming the package and its version."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise VendorAPIError(
            f"{package} {version(package)}: {module}.{name} is gone ({exc}); the atlas uses it in "
            "dashboard/ui/vendor.py — pin the tested version (requirements.txt) or port the adapter"
        ) from exc


# --- streamlit-folium -----------------------------------------------------------------------

def map_parts(m: folium.Map) -> tuple[str, str, str]:
    """(html, header, script) of a rendered map, in st_folium's order (the script rewrite
    changes the map's structure, so html and header come first)."""
    html = _borrow(STREAMLIT_FOLIUM, "streamlit_folium", "_get_html")(m)
    header = _borrow(STREAMLIT_FOLIUM, "streamlit_folium", "_get_header")(m)
    script = _borrow(STREAMLIT_FOLIUM, "streamlit_folium", "_get_map_string")(m)
    return html, header, script


def full_id(m: folium.Map) -> str:
    """The element id st_folium gives the component for this map."""
    return _borrow(STREAMLIT_FOLIUM, "streamlit_folium", "get_full_id")(m)


def script_hash(script: str) -> str:
    """st_folium's hash of a map script (no key, no hover), the stem of the component's key."""
    return _borrow(STREAMLIT_FOLIUM, "streamlit_folium", "generate_js_hash")(script, None, False)


def feature_groups_script(groups: list[folium.FeatureGroup], scratch: folium.Map) -> str:
    """st_folium's ``feature_group_to_add`` script for these groups, drawn against ``scratch``
    (its id becomes ``map_div``, the component's map)."""
    one = _borrow(STREAMLIT_FOLIUM, "streamlit_folium", "_get_feature_group_string")
    return "".join(one(g, map=scratch, idx=i) for i, g in enumerate(groups))


def layer_control_script(control: folium.LayerControl, scratch: folium.Map) -> str:
    """st_folium's ``layer_control`` script for this control, drawn against ``scratch``."""
    return _borrow(STREAMLIT_FOLIUM, "streamlit_folium", "_get_layer_control_string")(control, scratch)


def _walk(element) -> Iterator:
    """The elements st_folium collects links from: colour maps and JS/CSS elements, depth first."""
    import branca.colormap

    if isinstance(element, branca.colormap.ColorMap):
        yield element
    if isinstance(element, folium.plugins.DualMap):
        yield from _walk(element.m1)
        yield from _walk(element.m2)
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def asset_links(m: folium.Map) -> tuple[list[str], list[str]]:
    """(css_links, js_links) as st_folium collects them, a colour map's d3 included."""
    import branca.colormap

    css: list[str] = []
    js: list[str] = []
    for element in _walk(m):
        if isinstance(element, branca.colormap.ColorMap):
            # st_folium's own handling: a colour map legend needs d3 (v4 first, then 3.5.5)
            js.insert(0, "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js")
            js.insert(0, "https://d3js.org/d3.v4.min.js")
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def component(**kwargs) -> Any:
    """streamlit-folium's declared component, called with st_folium's arguments."""
    return _borrow(STREAMLIT_FOLIUM, "streamlit_folium", "_component_func")(**kwargs)


# --- Streamlit ------------------------------------------------------------------------------

def declare_navigation_only() -> None:
    """Tell Streamlit before it starts that pages/ holds no auto-discovered pages.

    Streamlit decides per process, before any script has run, whether a pages/ folder holds
    legacy pages; the atlas uses st.navigation only (see dashboard/serve/single.py)."""
    manager = _borrow(STREAMLIT, "streamlit.runtime.pages_manager", "PagesManager")
    if not hasattr(manager, "uses_pages_directory"):
        raise VendorAPIError(f"{STREAMLIT} {version(STREAMLIT)}: PagesManager.uses_pages_directory is gone; "
                             "see dashboard/ui/vendor.py")
    manager.uses_pages_directory = False
