"""#18 nationally: what spheres cooperate on (policy areas × scheme and × prefecture, with the share of
spheres whose items are known), the policy area as a map filter, and coverage of visions/areas/amounts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.build import build
from dashboard.store import Store
from dashboard.views.analysis import policy as P
from dashboard.views.atlas import AtlasData
from dashboard.views.state import ViewState

from .conftest import REPO

FIXTURE = Path(__file__).parent / "fixtures" / "work_areas"


@pytest.fixture(scope="module")
def store_path(sources, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("policy_store") / "atlas.gpkg"
    build(sources.root, [FIXTURE], out, progress=False)
    return out


@pytest.fixture(scope="module")
def data(store_path) -> AtlasData:
    return AtlasData.from_store(Store(store_path)).as_of("2025-06-01")


def test_policy_areas_by_scheme(data):
    long = P.policy_areas(data, "scheme").set_index(["scheme_id", "policy_area"])
    teiju = data.bodies[data.bodies["scheme_id"] == "定住自立圏"]
    row = long.loc[("定住自立圏", "医療")]
    assert row["spheres"] == 1 and row["items"] == 1  # 北信地域: 圏域医療体制の構築
    assert row["spheres_total"] == len(teiju) and row["spheres_with_items"] == 2  # 北信 and 佐久
    assert row["known_share_pct"] == round(100 * 2 / len(teiju), 1)
    assert long.loc[("定住自立圏", "交通インフラ"), "policy_group"] == "結びつきやネットワークの強化"


def test_policy_areas_by_prefecture(data):
    long = P.policy_areas(data, "prefecture")
    nagano = long[long["pref_code"] == "20"].set_index("policy_area")
    assert nagano.loc["福祉", "spheres"] == 1 and nagano["pref_name"].iloc[0] == "長野県"
    matrix = P.policy_matrix(data, "prefecture").set_index("policy_area")
    assert matrix.loc["医療", "長野県"] == 1


def test_known_share_counts_spheres_without_items(data):
    share = P.known_share(data, "scheme").set_index("scheme_id")
    assert share.loc["連携中枢都市圏", "spheres_with_items"] == 0 and share.loc["連携中枢都市圏", "spheres_total"] > 0


def test_policy_area_filters_the_spheres_on_the_map(data):
    shown = data.bodies_in_view(ViewState(policy="医療"))
    category = shown["scheme_id"].map(data.scheme_category())
    assert set(shown.loc[category.isin(P.SPHERES), "body_id"]) == {"hokushin-teiju"}
    assert (category == "union").any()  # unions are filtered by affair, not by policy area
    assert list(P.spheres_on(data, "医療")["body_id"]) == ["hokushin-teiju"]


def test_facts_coverage(data):
    per_scheme = P.facts_coverage(data, "scheme").set_index("scheme_id")
    assert per_scheme.loc["定住自立圏", "with_vision"] == 2 and per_scheme.loc["定住自立圏", "with_policy_areas"] == 2
    assert per_scheme.loc["広域連合", "with_amounts"] == 2  # kouki-25, kouki-34 budgets
    per_pref = P.facts_coverage(data, "prefecture").set_index(["scheme_id", "pref_code"])
    assert per_pref.loc[("広域連合", "34"), "with_amounts"] == 1


def test_analyze_policy_command(store_path):
    env = {**os.environ, "ATLAS_STORE": str(store_path), "ATLAS_TODAY": "2025-06-01"}
    out = subprocess.run([sys.executable, "-m", "dashboard", "analyze", "policy", "--area", "医療"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "hokushin-teiju,北信地域定住自立圏,定住自立圏,1" in out.stdout
    bad = subprocess.run([sys.executable, "-m", "dashboard", "analyze", "policy", "--area", "花火"], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "not a policy area" in bad.stderr


def test_analysis_page_policy_tab(store_path, monkeypatch):
    monkeypatch.setenv("ATLAS_STORE", str(store_path))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("pages/analysis_view.py")
    at.run()
    assert not at.exception
    assert any("取組が収録されている圏域: 2 /" in c.value for c in at.caption)
    assert any("policy_area" in d.value.columns and "定住自立圏" in d.value.columns for d in at.dataframe)


def test_policy_areas_for_the_chosen_prefectures(data):
    nagano = P.known_share(data, "scheme", ("20",)).set_index("scheme_id")
    assert nagano.loc["定住自立圏", "spheres_with_items"] == 2 and nagano.loc["定住自立圏", "spheres_total"] < 20
    assert P.policy_areas(data, "scheme", ("01",)).empty  # no items recorded for 北海道's spheres here
