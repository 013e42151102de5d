"""#18 nationally: what spheres cooperate on (policy areas × scheme and × prefecture, with the share of
spheres whose items are known), the policy area as a map filter, and coverage of visions/areas/amounts."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.views.analysis import policy as P
from dashboard.views.atlas import AtlasData
from dashboard.views.state import ViewState

from .conftest import REPO


@pytest.fixture(scope="module")
def data(atlas) -> AtlasData:
    return atlas.as_of("2025-06-01")


def _with_items(data, scheme: str, prefs: tuple[str, ...] = ()) -> set[str]:
    """Spheres of a scheme in force that have at least one item with a policy area, counted from the
    registry's rows directly (not through the analysis), so the two can be compared."""
    bodies = data.bodies[data.bodies["scheme_id"] == scheme]
    if prefs:
        bodies = bodies[bodies["pref_codes"].fillna("").str.split(";").map(lambda ps: bool(set(ps) & set(prefs)))]
    items = data.projects[data.projects["policy_area"].fillna("") != ""]
    return set(bodies["body_id"]) & set(items["body_id"])


def test_policy_areas_by_scheme(data):
    long = P.policy_areas(data, "scheme").set_index(["scheme_id", "policy_area"])
    teiju = data.bodies[data.bodies["scheme_id"] == "定住自立圏"]
    row = long.loc[("定住自立圏", "医療")]
    on = set(P.spheres_on(data, "医療")["body_id"])
    assert "hokushin-teiju" in on  # 北信地域: 圏域医療体制の構築 (its 協定, 中野市's page)
    assert row["spheres"] == len(on & set(teiju["body_id"])) and row["items"] >= row["spheres"]
    with_items = _with_items(data, "定住自立圏")
    assert row["spheres_total"] == len(teiju) and row["spheres_with_items"] == len(with_items) > 50
    assert row["known_share_pct"] == round(100 * len(with_items) / len(teiju), 1)
    assert long.loc[("定住自立圏", "交通インフラ"), "policy_group"] == "結びつきやネットワークの強化"


def test_policy_areas_by_prefecture(data):
    long = P.policy_areas(data, "prefecture")
    nagano = long[long["pref_code"] == "20"].set_index("policy_area")
    assert nagano["pref_name"].iloc[0] == "長野県" and nagano.loc["福祉", "spheres"] >= 1
    matrix = P.policy_matrix(data, "prefecture").set_index("policy_area")
    assert matrix.loc["医療", "長野県"] == nagano.loc["医療", "spheres"]


def test_known_share_counts_spheres_without_items(data):
    share = P.known_share(data, "scheme").set_index("scheme_id")
    renkei = data.bodies[data.bodies["scheme_id"] == "連携中枢都市圏"]
    assert share.loc["連携中枢都市圏", "spheres_total"] == len(renkei)
    assert share.loc["連携中枢都市圏", "spheres_with_items"] == len(_with_items(data, "連携中枢都市圏")) < len(renkei)


def test_policy_area_filters_the_spheres_on_the_map(data):
    shown = data.bodies_in_view(ViewState(policy="医療"))
    category = shown["scheme_id"].map(data.scheme_category())
    spheres = set(shown.loc[category.isin(P.SPHERES), "body_id"])
    assert spheres == set(P.spheres_on(data, "医療")["body_id"]) and "hokushin-teiju" in spheres
    assert len(spheres) < (data.bodies["scheme_id"].map(data.scheme_category()).isin(P.SPHERES)).sum()
    assert (category == "union").any()  # unions are filtered by affair, not by policy area


def test_facts_coverage(data):
    per_scheme = P.facts_coverage(data, "scheme").set_index("scheme_id")
    teiju = set(data.bodies.loc[data.bodies["scheme_id"] == "定住自立圏", "body_id"])
    assert per_scheme.loc["定住自立圏", "with_vision"] == len(teiju & set(data.visions["body_id"]))
    assert per_scheme.loc["定住自立圏", "with_policy_areas"] == len(_with_items(data, "定住自立圏"))
    kouiki = set(data.bodies.loc[data.bodies["scheme_id"] == "広域連合", "body_id"])
    money = set(data.spending.dropna(subset=["total_thousand_yen"])["body_id"]) | set(data.projects.dropna(subset=["cost_thousand_yen"])["body_id"])
    assert per_scheme.loc["広域連合", "with_amounts"] == len(kouiki & money) and {"kouki-25", "kouki-34"} <= kouiki & money
    per_pref = P.facts_coverage(data, "prefecture").set_index(["scheme_id", "pref_code"])
    assert per_pref.loc[("広域連合", "34"), "with_amounts"] >= 1  # 広島県後期高齢者医療広域連合's budgets


def test_analyze_policy_command(built_store):
    env = {**os.environ, "ATLAS_STORE": str(built_store), "ATLAS_TODAY": "2025-06-01"}
    out = subprocess.run([sys.executable, "-m", "dashboard", "analyze", "policy", "--area", "医療"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "hokushin-teiju,北信地域定住自立圏,定住自立圏,1" in out.stdout
    bad = subprocess.run([sys.executable, "-m", "dashboard", "analyze", "policy", "--area", "花火"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "not a policy area" in bad.stderr


def test_analysis_page_policy_tab(built_store, monkeypatch):
    monkeypatch.setenv("ATLAS_STORE", str(built_store))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/analysis_view.py")
    at.run()
    assert not at.exception
    assert any(re.search(r"取組が収録されている圏域: \d+ / \d+", c.value) for c in at.caption)
    assert any("policy_area" in d.value.columns and "定住自立圏" in d.value.columns for d in at.dataframe)


def test_policy_areas_for_the_chosen_prefectures(data):
    nagano = P.known_share(data, "scheme", ("20",)).set_index("scheme_id")
    assert nagano.loc["定住自立圏", "spheres_with_items"] == len(_with_items(data, "定住自立圏", ("20",)))
    assert nagano.loc["定住自立圏", "spheres_total"] < 20  # 長野県's 定住自立圏 only, not Japan's
    hokkaido = P.known_share(data, "scheme", ("01",)).set_index("scheme_id")
    assert hokkaido.loc["定住自立圏", "spheres_total"] <= 13  # 北海道's 13 定住自立圏 (the 道's page), fewer once some ended
