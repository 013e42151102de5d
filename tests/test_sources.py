"""Readers against the real public sources: figures from PROVENANCE.md and the issues."""

import pytest

from dashboard.sources import boundaries, municipalities, population
from dashboard.sources.population import HAMADORI_MEMBERS


def test_municipal_population_figures(sources):
    mp = population.read_municipal_population(sources["population"])
    assert len(mp) == 1916
    assert (mp["type"] != "行政区").sum() == 1741
    omachi = mp.set_index("code").loc["20212"]
    assert omachi["pop2020"] == 26029
    assert omachi["ipss2018_2045"] == 16466
    fukushima = mp[(mp["pref_code"] == "07") & (mp["type"] != "行政区")]
    assert len(fukushima) == 59 and fukushima["ipss2018_2045"].isna().all()


def test_ipss2023_and_hamadori_aggregate(sources):
    i23 = population.read_ipss2023(sources["ipss2023"]).set_index("code")
    assert i23.loc["20212", "p2050"] == 14411
    assert i23.loc["07999", "kind"] == "aggregate"
    assert not set(HAMADORI_MEMBERS) & set(i23.index)
    national = i23[i23["kind"] == "prefecture"]
    assert national["p2020"].sum() == 126146099
    assert national["p2050"].sum() == 104686386


def test_census_history_covers_1980_2015(sources):
    hist = population.read_census_history(sources["census_history"])
    assert hist["code"].nunique() == 1741
    assert sorted(hist["year"].unique()) == [1980, 1985, 1990, 1995, 2000, 2005, 2010, 2015]
    assert hist.set_index(["code", "year"]).loc[("20212", 1980), "population"] == 36083


@pytest.mark.parametrize("path, column", [
    ("population/raw/estat_census/census2015_table00100_cp932.csv", "pop2015"),
    ("population/raw/estat_census/census2020_table2-7-1_utf8bom.csv", "pop2020"),
])
def test_raw_estat_tables_match_processed_table(sources, path, column):
    raw = population.read_estat_census(sources.root / path)
    mp = population.read_municipal_population(sources["population"]).set_index("code")
    joined = raw.set_index("code").join(mp[[column]], how="inner")
    assert len(joined) >= 1914  # two codes changed between 2015 and 2020
    assert (joined["population"] == joined[column]).all()
    prefs = raw[raw["kind"] == "prefecture"]
    assert len(prefs) == 47
    # the municipalities of each prefecture add up to the prefecture total
    wards = set(mp.index[mp["type"] == "行政区"])
    munis = raw[(raw["kind"] == "municipality") & ~raw["code"].isin(wards)]
    by_pref = munis.groupby(munis["code"].str[:2])["population"].sum()
    totals = prefs.set_index(prefs["code"].str[:2])["population"]
    assert (by_pref.reindex(totals.index) == totals).all()


def test_master_list_has_kana_and_town_halls(sources):
    master = municipalities.read_master(sources["master"]).set_index("code")
    assert len(master) == 1916
    assert master.loc["20212", "kana"] == "おおまちし"
    assert 36.4 < master.loc["20212", "lat"] < 36.6


def test_n03_topojson_reads_one_row_per_code(sources):
    fine = boundaries.read_n03(sources["municipalities_fine"])
    coded = fine[fine["code"] != ""]
    assert not coded["code"].duplicated().any()
    assert coded.geometry.is_valid.all()
    assert (fine["code"] == "").sum() == 4  # 所属未定地
    assert str(fine.crs) == "EPSG:4326"


def test_official_n03_shapefile_zip_with_one_feature_per_part(sources, tmp_path):
    """The MLIT download: Shapefile in a zip, one feature per polygon part, codes in N03_007."""
    import zipfile

    import geopandas as gpd

    fine = boundaries.read_n03(sources["municipalities_fine"])
    nagano = fine[fine["code"].str.startswith("20")].rename(columns={"code": "N03_007", "name": "N03_004", "pref_name": "N03_001"})
    parts = nagano[["N03_001", "N03_004", "N03_007", "geometry"]].explode(index_parts=False).reset_index(drop=True)
    assert len(parts) > len(nagano)  # some municipalities have several parts
    shp_dir = tmp_path / "N03-21_20_210101"
    shp_dir.mkdir()
    gpd.GeoDataFrame(parts).set_crs("EPSG:6668", allow_override=True).to_file(shp_dir / "N03-21_20_210101.shp", encoding="cp932")
    archive = tmp_path / "N03-20210101_20_GML.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in shp_dir.iterdir():
            zf.write(f, f"N03-21_20_210101/{f.name}")
    got = boundaries.read_n03(archive)
    assert sorted(got["code"]) == sorted(nagano["N03_007"])
    assert got.set_index("code").loc["20212", "name"] == "大町市"
    area_in = nagano.to_crs(6677).set_index("N03_007").area.sort_index()
    area_out = got.to_crs(6677).set_index("code").area.sort_index()
    assert ((area_in - area_out).abs() / area_in).max() < 1e-6


def test_geojson_with_numeric_codes_gets_leading_zeros(tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    frame = gpd.GeoDataFrame({"N03_001": ["北海道"], "N03_004": ["札幌市"], "N03_007": [1100]}, geometry=[box(141, 43, 141.1, 43.1)], crs=4326)
    path = tmp_path / "n03.geojson"
    frame.to_file(path)
    assert list(boundaries.read_n03(path)["code"]) == ["01100"]


def test_coverage_simplify_keeps_shared_borders(sources):
    fine = boundaries.read_n03(sources["municipalities_fine"])
    nagano = fine[fine["code"].str.startswith("20")].to_crs(6677)
    simple = boundaries.simplify_coverage(nagano, 500)
    assert simple.geometry.count_coordinates().sum() < nagano.geometry.count_coordinates().sum()
    # neighbours still touch and do not overlap: total area barely changes, union has no gaps added
    overlap = simple.geometry.union_all().area
    assert abs(overlap - simple.area.sum()) / overlap < 1e-3
