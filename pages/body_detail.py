"""Body page: members, milestones, affairs, projects, spending and national measures; compare."""

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.ui import charts, downloads, mapview, tables
from dashboard.ui import data as ui_data
from dashboard.ui import state as ui_state
from dashboard.views.body import page as B
from dashboard.views.body import work as W
from dashboard.views.kinds import kind_label, with_kinds
from dashboard.views.labels import column_label, credit_line, display_values, evidence_label, source_label, t, value_label
from dashboard.views.map.category import category_map
from dashboard.views.map.symbols import MEASURE_CREDIT

whole = ui_data.session_whole()  # the store, with this session's uploaded bodies
state = ui_state.current(whole)
atlas = ui_data.session_view(state)  # the registry as of the view's day
lang = state.lang

names = atlas.bodies.sort_values(["scheme_id", "name"]).set_index("body_id")["name"]
ids = list(names.index)
known = set(whole.bodies["body_id"])
# The body in the URL is the body shown; without one, the first body of the list.
body_id = state.body if state.body in known else ("kitaalps-jiritsu" if "kitaalps-jiritsu" in ids else ids[0])
shown_day = B.day_in_force(atlas, body_id)
if shown_day:  # not in force on the view's day: shown as it stood on its nearest day, with its lifespan
    st.warning(t("body_not_in_force", lang).format(day=atlas.day, span=B.lifespan(atlas, body_id))
               + " " + t("body_shown_on", lang).format(day=shown_day))
    atlas = whole.as_of(shown_day)
    names = pd.concat([names, atlas.bodies.set_index("body_id")["name"].loc[[body_id]]])
    ids = [body_id, *ids]
scheme_names = whole.schemes.set_index("scheme_id")["name_en" if lang == "en" else "name_ja"]
schemes = whole.bodies.set_index("body_id")["scheme_id"].map(lambda s: scheme_names.get(s, s))
st.session_state["w_body"] = body_id  # the widget follows the URL, never the other way round


def _chosen() -> None:
    """Another body picked in the list: it becomes the view's body (and the URL's)."""
    current = ui_state.current(whole)
    ui_state.update(current.with_(body=st.session_state["w_body"]))


st.selectbox(t("choose_body", lang), ids, placeholder=t("choose", lang), key="w_body", on_change=_chosen,
             format_func=lambda b: f"{names[b]}（{schemes[b]}）" + (f" · {B.lifespan(atlas, b)}" if b == body_id and shown_day else ""))
state = state.with_(body=body_id)
ui_state.update(state)

h = B.header(atlas, body_id, lang)
st.title(h["name"])
st.markdown(f"**{h['scheme_name']}** · {h['legal_basis']} · {t('separate_body' if h['separate_legal_body'] else 'no_separate_body', lang)} · {'、'.join(h['prefectures'])}")
st.caption(f"{t('source', lang)}: {source_label(h['source'], lang)} [{kind_label(h['source'], lang)}] · {t('col_evidence', lang)}: {evidence_label(h['evidence'], lang)}"
           + (f" · {source_label(h['note'], lang)}" if h["note"] else "") + (f" · {t('page_as_of', lang)}: {h['as_of']}" if h["as_of"] else ""))
span = B.lifespan(atlas, body_id)
history = [f"{t('in_force', lang)}: {span}" + (f" ({t('start_unknown', lang)})" if h["since_from"] == "unknown" else "")]
if h["succeeds"]:
    history.append(f"{t('succeeds', lang)}: {B.body_name(atlas, h['succeeds'])} ({B.lifespan(atlas, h['succeeds'])})")
for later in h["successors"]:
    history.append(f"{t('succeeded_by', lang)}: {B.body_name(atlas, later)} ({B.lifespan(atlas, later)})")
st.caption(" · ".join(history))
visions = W.visions(atlas, body_id)
if len(visions):
    v = visions[visions["current"]].iloc[0]
    st.markdown(f"**{t('vision', lang)}** · " + t("vision_current", lang).format(
        title=v["title"], source=v["source"], kind=v["kind"], period=v["period"] or t("unknown", lang),
        adopted=v["adopted"] or t("unknown", lang), revised=v["revised"] or "—") + f" [{kind_label(v['source'], lang)}]")
    if len(visions) > 1:
        with st.expander(t("vision_earlier", lang)):
            tables.show(with_kinds(visions[~visions["current"]][["title", "period", "adopted", "revised", "note", "source"]], lang), lang)
else:
    st.caption(f"**{t('vision', lang)}**: " + W.empty_states(atlas, body_id)["vision"])
if h["completeness"]:
    st.warning(h["completeness"] + " — " + t("computed_partial", lang).format(what=h["completeness"]))
downloads.body_exports(atlas, body_id, state)
roles, role_colors, role_prefs = B.member_roles(atlas, body_id)
roles = roles.map(lambda r: value_label("role", r, lang))  # the map's legend in the reader's language
role_colors = {value_label("role", k, lang): c for k, c in role_colors.items()}
if len(roles):
    with st.expander(t("members_map", lang), expanded=True):
        mapview.small(atlas, ("members", body_id, atlas.day, lang, whole.__dict__.get("_upload_sig")),
                      lambda: category_map(atlas, role_prefs, roles, role_colors, t("membership", lang), fit=list(roles.index), lang=lang),
                      key=f"body_map_{body_id}", height=360)


def _members() -> None:
    members = B.members(atlas, body_id, year=B.target_year(state.measure))
    tables.show(with_kinds(members, lang), lang)
    counts = B.member_counts(atlas, body_id)
    if counts is not None:
        if counts["agrees"].all():
            st.caption(t("stated_agrees", lang).format(stated=h["stated_members"]))
        else:
            st.warning(t("stated_differs", lang).format(stated=h["stated_members"]))
            tables.show(counts, lang)
    tot = B.totals(atlas, body_id)
    if not tot.empty:
        st.markdown(t("population_total", lang).format(n=len(members), area=B.area_km2(atlas, body_id)))
        chart = alt.Chart(charts.name_series(tot.dropna(subset=["population"]), lang)).mark_line(point=True).encode(
            x=alt.X("year:O", title=t("year", lang)), y=alt.Y("population:Q", title=t("population", lang), axis=alt.Axis(format=",.0f")),
            color=charts.series_color(lang))
        st.altair_chart(chart, width="stretch")
        incomplete = tot[~tot["complete"]]
        if len(incomplete):
            st.caption(t("incomplete_years", lang).format(n=len(incomplete)))
        st.caption(credit_line(f"{MEASURE_CREDIT['census']}; {MEASURE_CREDIT['ipss']}", lang))


def _milestones() -> None:
    ms = B.milestones(atlas, body_id)
    if ms.empty:
        st.info(t("empty_milestones", lang))
        return
    if len(ms):
        st.altair_chart(alt.Chart(ms).mark_point(filled=True, size=90).encode(
            x=alt.X("first_day:T", title=t("year", lang), axis=alt.Axis(format="%Y" + ("年" if lang == "ja" else ""), tickCount="year")), y=alt.Y("kind:N", title=""), tooltip=[alt.Tooltip("date:N", title=t("col_date", lang)), alt.Tooltip("wareki:N", title=t("col_wareki", lang)),
                     alt.Tooltip("kind:N", title=t("col_kind", lang)), alt.Tooltip("note:N", title=t("col_note", lang)),
                     alt.Tooltip("source:N", title=t("source", lang))]
        ).properties(height=60 + 22 * ms["kind"].nunique()), width="stretch")
    st.table(with_kinds(display_values(ms.drop(columns="first_day"), lang), lang).rename(columns={"source_kind": t("source_kind", lang)}).rename(columns={"date": t("col_date", lang), "wareki": t("col_wareki", lang), "kind": t("col_kind", lang), "note": t("col_note", lang), "source": t("source", lang), "evidence": t("col_evidence", lang)}).style.hide(axis="index"))


def _affairs() -> None:
    affairs = B.affairs(atlas, body_id)
    if affairs.empty:
        st.info(t("empty_affairs", lang))
    for listing, rows in affairs.groupby("listing"):
        st.markdown(t("affairs_prose" if listing == "prose" else "affairs_matrix_marks", lang))
        st.write("、".join(rows["affair"]))
        st.caption(f"{rows['source'].iloc[0]} [{kind_label(rows['source'].iloc[0], lang)}]")
    if h["scheme"] == "広域連合" and body_id in set(atlas.affairs.loc[atlas.affairs["listing"] == "matrix", "body_id"]):
        matrix, check = B.affairs_matrix(atlas)
        st.markdown(t("affairs_matrix", lang))
        st.dataframe(matrix, width="stretch")
        st.markdown(t("affairs_totals", lang))
        st.dataframe(check.style.apply(lambda r: ["background-color:#fde0c5" if not r["agrees"] else "" for _ in r], axis=1), width="stretch")
        st.caption(t("affairs_note", lang))


def _projects() -> None:
    by_area = W.items_by_area(atlas, body_id)
    if by_area.empty:
        st.info(W.empty_states(atlas, body_id)["items"])
        return
    st.markdown(f"#### {t('policy_areas', lang)}")
    for group, rows in by_area.groupby("policy_group", sort=False):
        st.markdown(t("policy_group_count", lang).format(group=group, items=int(rows["items"].sum())))
        tables.show(rows.drop(columns="policy_group"), lang)
    for fy, rows in B.projects_by_field(atlas, body_id).groupby("fiscal_year_label", sort=False):
        st.markdown(t("fields_projects", lang).format(fy=fy, fields=rows["field"].nunique(), projects=rows["projects"].sum()))
    detail = W.items(atlas, body_id)
    tables.show(with_kinds(detail[["policy_area", "field", "name", "fiscal_year", "n", "cost_thousand_yen", "status", "source", "evidence"]], lang), lang)


def _spending() -> None:
    table = W.money(atlas, body_id)
    if table.empty:
        st.info(W.empty_states(atlas, body_id)["money"])
        return
    st.markdown(f"#### {t('union_money_title' if W.is_union(atlas, body_id) else 'money_title', lang)}")
    shown = with_kinds(table.drop(columns="fiscal_year"), lang)
    for col in ("source", "sources"):  # cited documents in the reader's language (seed 000 → 研究会資料 000)
        if col in shown.columns:
            shown[col] = shown[col].map(lambda v: source_label(v, lang) if isinstance(v, str) else v)
    shown["sources_differ"] = shown["sources_differ"].map({True: "⚠", False: ""})
    if not (shown["account"] != "").any():
        shown = shown.drop(columns="account")
    money_cols = [c for c in shown.columns if c.endswith(("thousand_yen", "per_resident"))]
    # st.table (HTML): the figures are text a reader (and a browser test) can find and copy
    st.table(shown.rename(columns=lambda c: column_label(c, lang)).style.format(
        {column_label(c, lang): "{:,.0f}" for c in money_cols}, na_rep="—").hide(axis="index"))
    if (table["partial"] != "").any():
        st.warning(t("money_partial", lang))
    long = table.melt(id_vars=["account", "fiscal_year_label"], value_vars=["planned_thousand_yen", "settled_thousand_yen"],
                      var_name="status", value_name="thousand_yen").dropna(subset=["thousand_yen"])
    long["status"] = long["status"].map(lambda c: t("col_planned", lang) if c.startswith("planned") else t("col_settled", lang))
    st.altair_chart(alt.Chart(long).mark_bar().encode(
        x=alt.X("fiscal_year_label:N", title=t("fiscal_year", lang), sort=None, axis=alt.Axis(labelAngle=-30, labelLimit=0)),
        xOffset="status:N", y=alt.Y("thousand_yen:Q", title=t("spending_k", lang), axis=alt.Axis(format=",.0f")),
        color=alt.Color("status:N", title=t("status", lang)),
        tooltip=["account:N", "fiscal_year_label:N", "status:N", alt.Tooltip("thousand_yen:Q", format=",.0f")]), width="stretch")
    conflicts = B.spending_conflicts(atlas, body_id)
    if len(conflicts):
        st.warning(t("conflicting_years", lang))
        tables.show(conflicts, lang)


def _finance() -> None:
    fin = B.finance(atlas, body_id)
    note = B.no_measure_note(atlas, body_id)
    if note:
        st.info(source_label(note, lang))
    else:
        tables.show(fin, lang)
        for text in sorted(set(fin.get("assumption", pd.Series(dtype=str)).dropna()) - {""}):
            st.warning(text)
        stated = atlas.stated_amounts[atlas.stated_amounts["body_id"] == body_id]
        if len(stated):
            st.markdown(t("stated_amounts", lang))
            tables.show(stated[["measure", "amount_yen", "label", "source", "evidence"]], lang)
        st.caption(t("finance_note", lang))


def _compare() -> None:
    chosen = st.multiselect(t("compare_pick", lang), ids, default=B.default_comparison(atlas, body_id), max_selections=4, format_func=names.get, key=f"w_compare_{body_id}",
                            placeholder=t("choose", lang))
    if len(chosen) >= 2:
        tables.show(B.compare(atlas, chosen, lang=lang, year=B.target_year(state.measure)), lang)
        st.markdown(f"#### {t('compare_policy', lang)}")
        tables.show(W.compare_policy_areas(atlas, chosen), lang)
        series = []
        for b in chosen:
            tot = B.totals(atlas, b)
            series.append(tot.assign(body=names[b]))
        both = charts.name_series(pd.concat(series).dropna(subset=["population"]), lang)
        st.altair_chart(alt.Chart(both).mark_line().encode(x=alt.X("year:O", title=t("year", lang)), y=alt.Y("population:Q", title=t("population", lang)),
                                                            color=charts.series_color(lang, t("series", lang))).properties(height=160, width=220)
                        .facet(facet=alt.Facet("body:N", title=t("body", lang)), columns=2), width="content")


# Only the chosen tab runs (a tab switch reruns the page; the members map above stays as it is):
# the first view sends one tab's tables and charts, not seven.
TABS = {name: t(name, lang) for name in ("members", "milestones", "affairs", "projects", "spending", "finance", "compare")}
for tab, show in zip(st.tabs(list(TABS.values()), key="w_body_tab", on_change="rerun"),
                     (_members, _milestones, _affairs, _projects, _spending, _finance, _compare)):
    if tab.open:
        with tab:
            show()
