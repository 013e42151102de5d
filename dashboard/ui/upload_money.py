"""Upload a vision's 事業費一覧表 or a union's budget table on the data page, for this session only (#18).

Read by the same importer as ``python -m dashboard import FILE --body BODY_ID``; the rows and the
report live in ``st.session_state`` and nowhere else.  The page shows the rows and the body's money
table as the body page would with them (views/body/work.money over the store's rows plus these).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from dashboard.views.body import work as W
from dashboard.views.labels import t

from ..errors import AtlasError
from ..registry.importers import MAX_BYTES
from ..registry.importers.money import import_money_table, text_rows
from . import tables
from .upload import TYPES, md_escape

KEY = "atlas_money_upload"


def with_session_rows(data, held: dict):
    """``data`` with this session's imported projects and spending added (typed like the store's)."""
    extra = {n: f.assign(**{c: pd.to_numeric(f[c], errors="coerce") for c in ("fiscal_year", "cost_thousand_yen", "total_thousand_yen") if c in f})
             for n, f in held["result"].tables.items()}
    return dataclasses.replace(data, projects=pd.concat([data.projects, extra["projects"]], ignore_index=True),
                               spending=pd.concat([data.spending, extra["spending"]], ignore_index=True))


def section(data, lang: str) -> None:
    st.markdown("#### " + t("money_upload_title", lang))
    st.caption(t("money_upload_hint", lang))
    names = data.bodies.sort_values("name").set_index("body_id")["name"]
    c1, c2 = st.columns(2)
    body = c1.selectbox(t("choose_body", lang), list(names.index), index=None, format_func=names.get, key="w_money_body",
                        placeholder=t("choose", lang))
    sheet = c2.text_input(t("upload_sheet", lang), key="w_money_sheet").strip() or None
    file = st.file_uploader(t("upload_label", lang), type=TYPES, key="w_money_upload", max_upload_size=MAX_BYTES // 1024 // 1024,
                            disabled=body is None)
    held = st.session_state.get(KEY)
    if file is not None and body is not None and (not held or held.get("signature") != (file.file_id, body, sheet)):
        held = {"signature": (file.file_id, body, sheet), "name": file.name, "body": body}
        try:
            result = import_money_table(file.getvalue(), file.name, body, sheet)
            result.tables = text_rows(result.tables)
            held["result"] = result
        except AtlasError as exc:
            held["error"] = "; ".join(str(p) for p in exc.problems)
        st.session_state[KEY] = held
    if not held:
        return
    if "error" in held:
        st.error(md_escape(held["error"]))
        return
    st.success(md_escape(held["result"].text().splitlines()[0]))
    st.caption(t("upload_session_only", lang))
    st.code(held["result"].text(), language=None, wrap_lines=True)
    for name, frame in held["result"].tables.items():
        if len(frame):
            st.markdown(f"**{name}.csv**")
            st.dataframe(frame, hide_index=True, width="stretch")
    tables.show(W.money(with_session_rows(data, held), held["body"]).drop(columns="fiscal_year"), lang)
