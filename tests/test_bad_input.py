"""Bad input gets a clear message (file:row:column), exit status 1, and loses nothing.

Each case corrupts a private copy of the registry or of the sources, runs the real CLI
(`python -m dashboard build`), and checks the message, the exit status and that the
store written before is still there, unchanged and loadable.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from dashboard.__main__ import main
from dashboard.store import Store

from .conftest import REPO


def _edit(path: Path, edit) -> None:
    """Apply edit(rows) to a CSV (list of dicts) and write it back as UTF-8."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = list(reader.fieldnames), list(reader)
    fields, rows = edit(fields, rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def _set(row_index: int, column: str, value: str):
    def edit(fields, rows):
        rows[row_index][column] = value
        return fields, rows
    return edit


def _append(**values):
    def edit(fields, rows):
        rows.append({f: values.get(f, "") for f in fields})
        return fields, rows
    return edit


def _row_like(first_match: dict, **changes):
    def edit(fields, rows):
        base = next(r for r in rows if all(r[k] == v for k, v in first_match.items()))
        rows.append({**base, **changes})
        return fields, rows
    return edit


def run_build_expect_failure(capsys, store_copy: Path, *args: str) -> str:
    before = Store(store_copy).meta["built_at"]
    mtime = store_copy.stat().st_mtime_ns
    code = main(["build", "--quiet", "--out", str(store_copy), *args])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    assert Store(store_copy).meta["built_at"] == before
    assert store_copy.stat().st_mtime_ns == mtime
    assert len(Store(store_copy).read("municipalities", columns=["code"])) == 1741
    assert not list(store_copy.parent.glob(".tmp-atlas-*"))
    return err


# ---- registry: one case per rule ------------------------------------------------------------

REGISTRY_CASES = [
    # (id, file, edit, expected fragment, expected row or None, expected column)
    ("unknown-code", "memberships.csv", _set(0, "member", "99999"), "municipality code 99999 does not exist", 2, "member"),
    ("bad-check-digit", "memberships.csv", _set(0, "member", "202127"), "check digit of 202127 is 7, expected 6", 2, "member"),
    ("code-with-letters", "memberships.csv", _set(0, "member", "2021A"), "is not made of digits", 2, "member"),
    ("name-does-not-match-code", "memberships.csv", _row_like({"body_id": "kitaalps-jiritsu"}, body_id="ueda-teiju", member="20212", member_name="上田市", role="近隣市町村"), "'上田市' does not match code 20212 (大町市)", None, "member_name"),
    ("duplicate-body-id", "bodies.csv", _row_like({"body_id": "kitaalps-jiritsu"}), "duplicate id kitaalps-jiritsu", None, "body_id"),
    ("duplicate-membership", "memberships.csv", _row_like({"body_id": "kitaalps-jiritsu", "member": "202126"}), "duplicate id kitaalps-jiritsu/municipality/202126", None, "body_id"),
    ("bad-date", "milestones.csv", _set(0, "date", "平成28年13月"), "month 13 does not exist", 2, "date"),
    ("wareki-after-era-end", "milestones.csv", _set(0, "date", "平成31年5月1日"), "平成 ended on 2019-04-30", 2, "date"),
    ("not-a-date", "milestones.csv", _set(0, "date", "三月ごろ"), "is not a date", 2, "date"),
    ("negative-cost", "spending.csv", _set(0, "total_thousand_yen", "-39127"), "-39127 is negative", 2, "total_thousand_yen"),
    ("cost-not-a-number", "projects.csv", _set(0, "cost_thousand_yen", "約千"), "'約千' is not a number", 2, "cost_thousand_yen"),
    ("bad-fiscal-year", "spending.csv", _set(0, "fiscal_year", "昨年度"), "is not a fiscal year", 2, "fiscal_year"),
    ("count-not-whole", "spending.csv", _set(0, "n_projects", "4.5"), "4.5 is not a whole number", 2, "n_projects"),
    ("unknown-scheme", "bodies.csv", _set(0, "scheme_id", "広域行政圏"), "'広域行政圏' is not a scheme_id in schemes.csv", 2, "scheme_id"),
    ("unknown-role", "memberships.csv", _set(0, "role", "幹事市"), "'幹事市' is not one of", 2, "role"),
    ("role-not-in-scheme", "memberships.csv", _row_like({"body_id": "kitaalps-kouiki"}, role="中心市"), "role 中心市 is not used in 広域連合", None, "role"),
    ("two-hubs-not-joint", "memberships.csv", _row_like({"body_id": "saku-teiju", "role": "近隣市町村"}, role="中心市", member="202088", member_name="小諸市"), "saku-teiju has 2 中心市; only one unless bodies.csv declares joint_hub", None, "role"),
    ("unknown-body-fk", "memberships.csv", _set(0, "body_id", "no-such-body"), "'no-such-body' is not a body_id in bodies.csv", 2, "body_id"),
    ("member-body-unknown", "memberships.csv", _row_like({"body_id": "kitaalps-kouiki"}, member_kind="body", member="ghost-union", member_name=""), "'ghost-union' is not a body_id in bodies.csv", None, "member"),
    ("other-member-without-name", "memberships.csv", _row_like({"member_kind": "municipality"}, member_kind="other", member="x-1", member_name=""), "member_kind other needs a member_name", None, "member_name"),
    ("bad-prefecture-code", "bodies.csv", _set(0, "pref_codes", "20;48"), "'48' is not a prefecture code 01–47", 2, "pref_codes"),
    ("bad-evidence", "memberships.csv", _set(0, "evidence", "probably"), "evidence must start with explicit, count_only, inferred, partial", 2, "evidence"),
    ("empty-required-cell", "bodies.csv", _set(0, "source", ""), "empty; a value is required", 2, "source"),
    ("bad-boolean", "bodies.csv", _set(0, "joint_hub", "perhaps"), "'perhaps' is not true/false", 2, "joint_hub"),
    ("unknown-member-kind", "memberships.csv", _set(0, "member_kind", "town"), "'town' is not one of", 2, "member_kind"),
    ("link-code-unknown", "links.csv", _set(0, "to_code", "13999"), "municipality code 13999 does not exist", 2, "to_code"),
]


@pytest.mark.parametrize("case", REGISTRY_CASES, ids=[c[0] for c in REGISTRY_CASES])
def test_registry_problem_named_and_store_kept(case, registry_copy, store_copy, capsys, sources):
    _id, file, edit, fragment, row, column = case
    _edit(registry_copy / file, edit)
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(sources.root), "--registry", str(registry_copy), "--no-default-registry")
    lines = [l for l in err.splitlines() if fragment in l]
    assert lines, err
    path, line_no, col, _msg = lines[0].split(":", 3)
    assert path.endswith(file)
    assert col == column
    if row is not None:
        assert line_no == str(row)
    else:
        assert line_no.isdigit() and int(line_no) >= 2


def test_every_problem_is_reported_not_just_the_first(registry_copy, capsys):
    _edit(registry_copy / "spending.csv", _set(0, "total_thousand_yen", "-1"))
    _edit(registry_copy / "milestones.csv", _set(1, "date", "H28.2.30"))
    _edit(registry_copy / "memberships.csv", _set(3, "member", "202127"))
    code = main(["validate", str(registry_copy)])
    err = capsys.readouterr().err
    assert code == 1
    assert "spending.csv:2:total_thousand_yen:" in err
    assert "milestones.csv:3:date:" in err
    assert "memberships.csv:5:member:" in err
    assert err.strip().splitlines()[-1].startswith("3 problems")


def test_non_finite_numbers_and_impossible_era_years_are_one_line_each(registry_copy, capsys):
    """"nan", "inf", 令和0年度 and 昭和99年度: one clear line per cell naming file, row and column; exit 1."""
    _edit(registry_copy / "spending.csv", _set(0, "total_thousand_yen", "nan"))
    _edit(registry_copy / "spending.csv", _set(2, "total_thousand_yen", "inf"))
    _edit(registry_copy / "spending.csv", _set(3, "fiscal_year", "令和0年度"))
    _edit(registry_copy / "spending.csv", _set(4, "fiscal_year", "昭和99年度"))
    code = main(["validate", str(registry_copy)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert any("spending.csv:2:total_thousand_yen:" in line and "not a finite number" in line for line in lines), err
    assert any("spending.csv:4:total_thousand_yen:" in line and "not a finite number" in line for line in lines), err
    assert any("spending.csv:5:fiscal_year:" in line and "1 or more" in line for line in lines), err
    assert any("spending.csv:6:fiscal_year:" in line and "昭和 ended on 1989-01-07" in line for line in lines), err
    assert lines[-1].startswith("4 problems"), err


def test_validate_clean_registry_prints_one_line(capsys):
    assert main(["validate", str(REPO / "data")]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("ok: ")


# ---- encodings and file shapes ---------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["cp932", "utf-8-sig", "utf-8"])
def test_registry_in_cp932_or_bom_is_read(encoding, registry_copy, capsys):
    for f in registry_copy.rglob("*.csv"):
        text = f.read_text(encoding="utf-8")
        f.write_bytes(text.encode(encoding))
    assert main(["validate", str(registry_copy)]) == 0, capsys.readouterr().err


def test_undecodable_bytes(registry_copy, store_copy, capsys, sources):
    path = registry_copy / "bodies.csv"
    path.write_bytes(path.read_bytes() + b"\nbroken,\xff\xfe\x80,x\n")
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(sources.root), "--registry", str(registry_copy), "--no-default-registry")
    assert "bodies.csv:" in err and "neither UTF-8 (with or without BOM) nor CP932" in err


def test_missing_required_column(registry_copy, store_copy, capsys, sources):
    def drop_role(fields, rows):
        return [f for f in fields if f != "role"], rows
    _edit(registry_copy / "memberships.csv", drop_role)
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(sources.root), "--registry", str(registry_copy), "--no-default-registry")
    assert "memberships.csv:1:role: missing required column: role" in err


def test_empty_file(registry_copy, store_copy, capsys, sources):
    (registry_copy / "links.csv").write_bytes(b"")
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(sources.root), "--registry", str(registry_copy), "--no-default-registry")
    assert "links.csv::: file is empty: expected a header row" in err


def test_row_longer_than_header(registry_copy, store_copy, capsys, sources):
    with open(registry_copy / "links.csv", "a", encoding="utf-8") as fh:
        fh.write("a,b,c,d,e,f,g,h,i,j,k,l,m\n")
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(sources.root), "--registry", str(registry_copy), "--no-default-registry")
    assert "links.csv:5:: row has 13 cells but the header has 10" in err


def test_duplicate_column(registry_copy, capsys):
    path = registry_copy / "links.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",note"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", str(registry_copy)]) == 1
    assert "links.csv:1:note: column appears twice" in capsys.readouterr().err


def test_unknown_table_and_missing_folder(tmp_path, registry_copy, capsys):
    (registry_copy / "members.csv").write_text("a\n1\n", encoding="utf-8")
    assert main(["validate", str(registry_copy), str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert "members.csv::: unknown table" in err
    assert "nowhere::: registry folder not found" in err


def test_folder_without_tables(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    assert "no registry tables" in capsys.readouterr().err


# ---- sources ---------------------------------------------------------------------------------

def _sources_copy(sources, tmp_path: Path) -> Path:
    """A sources tree of symlinks to the real files, so one file can be replaced."""
    root = tmp_path / "sources"
    for path in sources.root.rglob("*"):
        if path.is_file():
            target = root / path.relative_to(sources.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(path, target)
    return root


def _replace(root: Path, rel: str, content: bytes) -> None:
    target = root / rel
    target.unlink()
    target.write_bytes(content)


def test_sources_folder_missing(tmp_path, store_copy, capsys):
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(tmp_path / "no-sources"))
    assert "no-sources::: sources folder not found; give --sources DIR or set ATLAS_SOURCES" in err


def test_one_source_file_missing(sources, tmp_path, store_copy, capsys):
    root = _sources_copy(sources, tmp_path)
    (root / "population/ipss2023/ipss2023_totals.csv").unlink()
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(root))
    assert "ipss2023_totals.csv::: missing source: IPSS 2023 projections to 2050" in err
    assert err.count("\n") == 1  # one clear message, nothing else


def test_environment_variable_names_the_sources(tmp_path, store_copy, capsys, monkeypatch):
    monkeypatch.setenv("ATLAS_SOURCES", str(tmp_path / "elsewhere"))
    err = run_build_expect_failure(capsys, store_copy)
    assert "elsewhere::: sources folder not found" in err


def test_broken_boundary_json(sources, tmp_path, store_copy, capsys):
    root = _sources_copy(sources, tmp_path)
    _replace(root, "boundaries/s0010/N03-21_210101_designated_city.json", b'{"type": "Topology", "objects": {')
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(root))
    assert "N03-21_210101_designated_city.json::: cannot read boundaries" in err


SQUARE = {"type": "Polygon", "coordinates": [[[137, 36], [138, 36], [138, 37], [137, 36]]]}


@pytest.mark.parametrize("properties, geometry, message", [
    ({"N03_004": "大町市"}, SQUARE, "designated_city.json:1:N03_007: no N03_007 (code) property"),
    ({"N03_004": "x", "N03_007": "2021A"}, SQUARE, "designated_city.json:1:N03_007: feature 1: '2021A' is not a 5-digit code"),
    ({"N03_004": "x", "N03_007": "20212"}, None, "designated_city.json::geometry: every feature has an empty geometry"),
    ({"N03_004": "大町市", "N03_007": "20212"}, SQUARE, "designated_city.json::N03_007: 1740 municipalities of the census have no boundary"),
], ids=["no-code-property", "bad-code", "empty-geometry", "municipalities-missing"])
def test_bad_boundary_file(properties, geometry, message, sources, tmp_path, store_copy, capsys):
    root = _sources_copy(sources, tmp_path)
    fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": properties, "geometry": geometry}]}
    _replace(root, "boundaries/s0010/N03-21_210101_designated_city.json", json.dumps(fc).encode())
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(root))
    assert message in err


def test_population_csv_missing_column(sources, tmp_path, store_copy, capsys):
    root = _sources_copy(sources, tmp_path)
    text = (sources.root / "population/municipal_population.csv").read_text(encoding="utf-8")
    _replace(root, "population/municipal_population.csv", text.replace("pop2020", "population_2020", 1).encode())
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(root))
    assert "municipal_population.csv:1:pop2020: missing column: pop2020" in err


def test_population_csv_bad_number(sources, tmp_path, store_copy, capsys):
    root = _sources_copy(sources, tmp_path)
    lines = (sources.root / "population/municipal_population.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[2], "二十万", 1)
    _replace(root, "population/municipal_population.csv", ("\n".join(lines) + "\n").encode())
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(root))
    assert "municipal_population.csv:4:pop2020: '二十万' is not a number" in err


def test_raw_census_disagreeing_with_processed_table(sources, tmp_path, store_copy, capsys):
    root = _sources_copy(sources, tmp_path)
    raw = (sources.root / "population/raw/estat_census/census2020_table2-7-1_utf8bom.csv").read_bytes().decode("utf-8-sig")
    raw = raw.replace('"20212","大町市","","26,029"', '"20212","大町市","","26,030"')
    _replace(root, "population/raw/estat_census/census2020_table2-7-1_utf8bom.csv", ("\ufeff" + raw).encode("utf-8"))
    err = run_build_expect_failure(capsys, store_copy, "--sources", str(root))
    assert "census 2020 for 20212 大町市 is 26,030 here but 26,029 in municipal_population.csv" in err


def test_raw_estat_table_with_bad_number(sources, tmp_path):
    from dashboard.errors import AtlasError
    from dashboard.sources.population import read_estat_census

    raw = (sources.root / "population/raw/estat_census/census2015_table00100_cp932.csv").read_bytes().decode("cp932")
    raw = raw.replace('"01100",,"札幌市","1,952,356"', '"01100",,"札幌市","約195万"')
    path = tmp_path / "table00100.csv"
    path.write_bytes(raw.encode("cp932"))
    with pytest.raises(AtlasError, match=r"table00100.csv:17:population: '約195万' is not a number"):
        read_estat_census(path)


def test_not_an_estat_table(tmp_path):
    from dashboard.errors import AtlasError
    from dashboard.sources.population import read_estat_census

    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(AtlasError, match="not an e-Stat census table"):
        read_estat_census(path)


def test_missing_store_is_a_clear_error(tmp_path):
    from dashboard.errors import AtlasError

    with pytest.raises(AtlasError, match="no built store; run `python -m dashboard build` first"):
        Store(tmp_path / "none.gpkg")


def test_bad_arguments_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["build", "--no-such-flag"])
    assert exc.value.code == 2


def test_project_registry_survives_a_cp932_round_trip():
    """Prefecture staff open and save these files in Excel as CP932: every character must fit."""
    for path in (REPO / "data").rglob("*.csv"):
        text = path.read_text(encoding="utf-8")
        assert text.encode("cp932").decode("cp932") == text, path.name


def test_data_readme_blocks_are_current():
    """data/README.md's format and coverage tables are what the code and data say now."""
    import argparse

    from dashboard.__main__ import _coverage_markdown, _registry_with_municipalities
    from dashboard.registry.docs import schema_markdown
    from dashboard.registry.readme import block

    text = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    assert block(text, "schema") == schema_markdown().strip(), "run python -m dashboard docs"
    coverage = _coverage_markdown(*_registry_with_municipalities(argparse.Namespace(folders=[], sources=None)))
    assert block(text, "coverage") == coverage.strip(), "run python -m dashboard docs"
