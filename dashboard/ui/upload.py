"""Upload a published list on the data page: its bodies on the map for this session only.

The file is read by the same importer as ``python -m dashboard import`` (names resolved against
the store's municipalities); the rows, report and overlay live in ``st.session_state`` and
nowhere else: nothing is written to the server's registry or store.
"""

from __future__ import annotations

import io
import re
import zipfile

import streamlit as st

from dashboard.views.labels import t
from dashboard.views.state import ViewState
from dashboard.views.uploads import session_overlay

from ..errors import AtlasError
from ..registry.importers import MAX_BYTES, Gazetteer, Options, import_bytes, note_known_bodies, scheme_roles
from ..registry.schema import TABLES
from . import mapview
from .session_upload import KEY

TYPES = ["xlsx", "xlsm", "xls", "ods", "csv", "txt", "tsv"]
_MD = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$])")


def md_escape(text: str) -> str:
    """Text shown through Streamlit's Markdown (st.error, st.success) exactly as it is."""
    return _MD.sub(r"\\\1", str(text))


@st.cache_resource(show_spinner=False)
def _gazetteer(_data, build_id: str) -> Gazetteer:
    import pandas as pd

    return Gazetteer.from_frame(pd.concat([_data.municipalities[["code", "name"]], _data.wards[["code", "name"]]]))


def notice(lang: str) -> None:
    """On the map page: say that this session's uploaded list is drawn (and only here)."""
    held = st.session_state.get(KEY) or {}
    if held.get("overlay") is not None:
        n = len(held["overlay"].bodies)
        st.info(md_escape(f"{t('layer_upload', lang)}: {held['name']} — {n}"))


def section(data, lang: str) -> None:
    st.markdown("#### " + t("upload_title", lang))
    st.caption(t("upload_hint", lang).format(mb=MAX_BYTES // 1024 // 1024))
    file = st.file_uploader(t("upload_label", lang), type=TYPES, key="w_upload", max_upload_size=MAX_BYTES // 1024 // 1024)
    prefs = data.municipalities.drop_duplicates("pref_code").set_index("pref_code")["pref_name"].sort_index()
    schemes = [s for s in data.schemes["scheme_id"]]
    c1, c2, c3 = st.columns(3)
    pref = c1.selectbox(t("upload_pref", lang), [None, *prefs.index], key="w_upload_pref",
                        format_func=lambda p: "—" if p is None else f"{p} {prefs[p]}")
    scheme = c2.selectbox(t("upload_scheme", lang), [None, *schemes], key="w_upload_scheme",
                          format_func=lambda s: "—" if s is None else s)
    sheet = c3.text_input(t("upload_sheet", lang), key="w_upload_sheet").strip() or None
    held = st.session_state.get(KEY)
    signature = None if file is None else (file.file_id, pref, scheme, sheet)
    # The uploader forgets its file when the user visits another page; the import stays for the
    # session until it is cleared here.
    if file is not None and (not held or held.get("signature") != signature):
        held = {"signature": signature, "name": file.name}
        try:
            if file.size > MAX_BYTES:  # the widget refuses larger files; a check of our own all the same
                raise AtlasError(f"{file.name}: file is {file.size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB")
            gaz = _gazetteer(data, str(data.meta.get("built_at")))
            result = import_bytes(file.getvalue(), file.name, gaz, scheme_roles(data.schemes), Options(sheet=sheet, scheme=scheme, pref=pref))
            note_known_bodies(result, data.bodies)
            held.update(result=result, overlay=session_overlay(data, result.tables))
        except AtlasError as exc:
            held["error"] = exc.problems[0].__str__() if len(exc.problems) == 1 else str(exc)
        st.session_state[KEY] = held
    if not held:
        return
    if st.button(t("upload_clear", lang).format(name=md_escape(held["name"])), key="w_upload_clear"):
        st.session_state.pop(KEY, None)
        st.rerun()
    if "error" in held:
        st.error(md_escape(held["error"]))
        return
    result, over = held["result"], held["overlay"]
    rep = result.report
    st.success(md_escape(rep.summary()))
    st.caption(t("upload_session_only", lang))
    with st.expander(t("upload_report", lang), expanded=bool(rep.unresolved)):
        st.code(rep.text(), language=None, wrap_lines=True)
    if len(rep.unresolved_frame()):
        st.markdown("**" + t("unresolved_count", lang) + "**")
        st.dataframe(rep.unresolved_frame(), hide_index=True, width="stretch")
    table = over.bodies.drop(columns="geometry")
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(t("upload_zip", lang), lambda: _zip(result.tables, rep.text()), "imported-registry.zip", "application/zip",
                       key="dl_upload_zip", on_click="ignore")
    view = ViewState(prefs=over.prefs, lang=lang)
    mapview.show(data, view, overlay=over, key="upload_map", height=560)


def _zip(tables, report_text: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, frame in tables.items():
            z.writestr(TABLES[name].file, frame.to_csv(index=False))
        z.writestr("import-report.txt", report_text + "\n")
    return buf.getvalue()
