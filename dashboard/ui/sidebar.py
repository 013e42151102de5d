"""Sidebar filters shared by every page: schemes, prefectures (by 地方), measure, display."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.registry.taxonomy import AFFAIR_CATEGORIES, POLICY_AREAS
from dashboard.views.labels import t
from dashboard.views.measures import Measure, available_years
from dashboard.views.regions import REGIONS
from dashboard.views.state import CLASS_SCHEMES, ViewState

from ..registry.timeline import FIRST_DAY, today
from ..vocabulary import CENSUS_YEARS, RELEASES, release_label
from . import state as ui_state


def _init(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def _lookups(data) -> tuple:
    """Scheme names and prefecture names, made once per loaded store (not on every rerun)."""
    cache = data.__dict__.setdefault("_sidebar_lookups", {})
    if not cache:
        cache["schemes"] = data.schemes.set_index("scheme_id")
        cache["prefs"] = data.municipalities.drop_duplicates("pref_code").set_index("pref_code")["pref_name"].sort_index()
    return cache["schemes"], cache["prefs"]


WIDGETS = ("w_lang_en", "w_schemes", "w_regions", "w_prefs", "w_kind", "w_census_year", "w_release", "w_from", "w_to",
           "w_classes", "w_as_of", "w_affair", "w_policy", "w_wards", "w_tiles")


def _forget() -> None:
    """The URL replaced the view (a link, back/forward): the widgets are drawn from it again."""
    for key in WIDGETS:
        st.session_state.pop(key, None)


def _resend() -> None:
    """The language changed: set every widget's value again, so that it is sent to the browser
    with the new option labels.  Left alone, the browser matched the old labels against the new
    ones and lost the selection (issue #22: 指標 and 階級区分 showed nothing selected and the
    measure fell back to 国勢調査人口 2020)."""
    for key in WIDGETS[1:]:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def _work_filters(sb, state: ViewState, lang: str) -> tuple[str, str]:
    """#20 / #18: unions by affair and spheres by policy area ("" is the default: views/affairs.py)."""
    _init("w_affair", state.affair or "")
    affair = sb.selectbox(t("affair_filter", lang), ["", *AFFAIR_CATEGORIES, "all"], key="w_affair", placeholder=t("choose", lang),
                          format_func=lambda a: {"": t("affair_default", lang), "all": t("affair_all", lang)}.get(a, a))
    _init("w_policy", state.policy or "")
    policy = sb.selectbox(t("policy_filter", lang), ["", *POLICY_AREAS], key="w_policy", placeholder=t("choose", lang),
                          format_func=lambda a: a or t("policy_all", lang))
    return affair, policy


def filters(data, state: ViewState) -> ViewState:
    """Draw the sidebar from `state`; return the state the widgets now say."""
    sb = st.sidebar
    if st.session_state.pop(ui_state.EXTERNAL, False):
        _forget()
    _init("w_lang_en", state.lang == "en")
    lang = "en" if sb.toggle(t("language", state.lang), key="w_lang_en") else "ja"
    if lang != state.lang:
        _resend()
    sb.header(t("filters", lang))

    schemes, prefs = _lookups(data)
    _init("w_schemes", list(state.schemes))
    chosen_schemes = sb.multiselect(
        t("schemes", lang), list(schemes.index), key="w_schemes", placeholder=t("choose_many", lang),
        format_func=lambda s: schemes.loc[s, "name_en" if lang == "en" else "name_ja"],
    )

    _init("w_regions", [])
    _init("w_prefs", list(state.prefs))
    regions = sb.multiselect(t("regions", lang), list(REGIONS), key="w_regions", format_func=lambda r: REGIONS[r][0],
                          placeholder=t("choose", lang))
    chosen_prefs = sb.multiselect(t("prefectures", lang), list(prefs.index), key="w_prefs", format_func=lambda p: f"{p} {prefs[p]}",
                                 placeholder=t("choose_many", lang))
    all_prefs = set(chosen_prefs) | {p for r in regions for p in REGIONS[r][1]}

    sb.subheader(t("measure", lang))
    m = state.measure
    kinds = ["census", "change", "index"]
    _init("w_kind", m.kind)
    kind = sb.radio(t("measure_kind", lang), kinds, key="w_kind", format_func=lambda k: t(f"kind_{k}", lang))
    if kind == "census":
        _init("w_census_year", m.year if m.kind == "census" else 2020)
        measure = Measure("census", sb.selectbox(t("year", lang), list(CENSUS_YEARS), placeholder=t("choose", lang), key="w_census_year"))
    else:
        _init("w_release", m.release)
        release = sb.selectbox(t("release", lang), list(RELEASES), placeholder=t("choose", lang), key="w_release", format_func=lambda r: release_label(r, lang))
        years = available_years(release)
        _init("w_from", m.base if m.kind != "census" and m.base in years else RELEASES[release]["base"])
        _init("w_to", m.year if m.kind != "census" and m.year in years else max(years))
        c1, c2 = sb.columns(2)
        base = c1.selectbox(t("from_year", lang), years, placeholder=t("choose", lang), key="w_from")
        year = c2.selectbox(t("to_year", lang), years, placeholder=t("choose", lang), key="w_to")
        if base >= year:
            sb.warning(t("year_order", lang))
            measure = m if m.kind != "census" else Measure(kind, max(years), RELEASES[release]["base"], release)
        else:
            measure = Measure(kind, year, base, release)

    _init("w_classes", state.classes)
    options = [c for c in CLASS_SCHEMES if not (c == "seed_bins" and measure.kind == "census")]
    if st.session_state["w_classes"] not in options:
        st.session_state["w_classes"] = "quantiles"
    classes = sb.radio(t("classes", lang), options, key="w_classes", format_func=lambda c: t(c, lang))

    sb.subheader(t("as_of", lang))
    now = today()
    _init("w_as_of", dt.date.fromisoformat(state.as_of) if state.as_of else now)
    day = sb.date_input(t("as_of", lang), key="w_as_of", min_value=dt.date.fromisoformat(FIRST_DAY), max_value=now,
                        help=t("as_of_help", lang), label_visibility="collapsed", format="YYYY-MM-DD")
    as_of = None if not day or day >= now else day.isoformat()

    affair, policy = _work_filters(sb, state, lang)

    sb.subheader(t("display", lang))
    _init("w_wards", state.wards)
    _init("w_tiles", state.tiles)
    wards = sb.toggle(t("show_wards", lang), key="w_wards", disabled=not all_prefs)
    tiles = sb.toggle(t("base_tiles", lang), key="w_tiles")

    return state.with_(lang=lang, schemes=tuple(chosen_schemes), prefs=tuple(sorted(all_prefs)), measure=measure,
                       classes=classes, wards=bool(wards and all_prefs), tiles=tiles, as_of=as_of,
                       affair=affair or None, policy=policy or None)
