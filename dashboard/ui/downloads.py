"""Download buttons that build their file only when clicked (the page stays fast)."""

from __future__ import annotations

import streamlit as st

from dashboard.views.body.page import target_year
from dashboard.views.exports import files as exports
from dashboard.views.exports import snapshot
from dashboard.views.labels import t
from dashboard.views.state import ViewState


def _stem(state: ViewState) -> str:
    area = "japan" if not state.prefs else "-".join(state.prefs)
    return f"renkei-atlas_{area}_{str(state.measure).replace(':', '-')}"


def map_exports(data, state: ViewState) -> None:
    """Export buttons for the map page; images and HTML use the on-screen extent when tracked."""
    stem = _stem(state)
    extent = st.session_state.get("atlas_extent")
    cols = st.columns(2)  # two per row: at 1400 px four columns cut the labels to "P.", "S.", "H." (issue #22)
    buttons = [
        ("PNG 150 dpi", lambda: snapshot.render(data, state, "png", 150, extent), "png", "image/png"),
        ("PNG 300 dpi", lambda: snapshot.render(data, state, "png", 300, extent), "png", "image/png"),
        ("SVG", lambda: snapshot.render(data, state, "svg", extent=extent), "svg", "image/svg+xml"),
        ("PDF", lambda: snapshot.render(data, state, "pdf", extent=extent), "pdf", "application/pdf"),
        ("HTML (offline)", lambda: exports.map_html(data, state, extent), "html", "text/html"),
        ("CSV", lambda: exports.reader_csv(exports.municipalities_table(data, state), state.lang), "csv", "text/csv"),
        ("GeoJSON", lambda: exports.municipalities_geojson(data, state), "geojson", "application/geo+json"),
    ]
    for i, (label, build, ext, mime) in enumerate(buttons):
        suffix = "-300dpi" if "300" in label else ""
        cols[i % 2].download_button(label, build, f"{stem}{suffix}.{ext}", mime, key=f"dl_map_{label}", on_click="ignore", width="stretch")


def body_exports(data, body_id: str, state: ViewState) -> None:
    files = exports.body_csvs(data, body_id, state.lang, target_year(state.measure))
    cols = st.columns(4)
    for i, name in enumerate(files):  # only tables with rows (views/exports/files.body_csvs)
        cols[i].download_button(f"{t(name, state.lang)} (CSV)", files[name], f"{body_id}_{name}.csv", "text/csv", key=f"dl_body_{name}",
                                on_click="ignore", width="stretch")
    body = data.bodies.set_index("body_id").loc[body_id]
    view = state.with_(prefs=tuple(str(body["pref_codes"]).split(";")), schemes=(body["scheme_id"],))
    cols[3].download_button(t("map_png", state.lang), lambda: snapshot.render(data, view, "png", 150), f"{body_id}_map.png", "image/png",
                            key="dl_body_png", on_click="ignore", width="stretch")


def category_png(data, prefs: tuple[str, ...], labels, colors: dict[str, str], title: str, legend_title: str,
                 credits: list[str], name: str, lang: str) -> None:
    """PNG of an analysis map (same renderer as the map snapshots), built when clicked."""
    st.download_button(
        f"PNG ({t('map_png', lang)})",
        lambda: snapshot.save(snapshot.category_figure(data, prefs, labels, colors, title, legend_title, credits)),
        f"renkei-atlas_{name}.png", "image/png", key=f"dl_png_{name}", on_click="ignore")
