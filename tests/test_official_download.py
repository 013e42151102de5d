"""A user elsewhere builds from MLIT's own N03 download (issue 2): ward-level, one feature per
polygon part, a zipped CP932 Shapefile.  Made here from the shared national ward-level file."""

from __future__ import annotations

import zipfile

import geopandas as gpd
import pytest

from dashboard.__main__ import main
from dashboard.store import Store


@pytest.fixture(scope="module")
def official_zip(sources, tmp_path_factory):
    root = tmp_path_factory.mktemp("n03")
    frame = gpd.read_file(sources["wards_fine"])[["N03_001", "N03_002", "N03_003", "N03_004", "N03_007", "geometry"]]
    parts = frame.explode(index_parts=False).reset_index(drop=True).set_crs("EPSG:6668", allow_override=True)
    assert len(parts) > len(frame)
    folder = root / "N03-20210101_GML"
    folder.mkdir()
    parts.to_file(folder / "N03-21_210101.shp", encoding="cp932")
    archive = root / "N03-20210101_GML.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in folder.iterdir():
            zf.write(f, f"N03-20210101_GML/{f.name}")
    return archive


def test_build_from_the_official_download(official_zip, sources, tmp_path, store):
    out = tmp_path / "official.gpkg"
    assert main(["build", "--quiet", "--sources", str(sources.root), "--boundaries", str(official_zip), "--out", str(out)]) == 0
    built = Store(out)
    m = built.read("municipalities")
    assert len(m) == 1741 and m.geometry.notna().all() and m.geometry.is_valid.all()
    assert len(built.read("wards")) == 175
    assert len(built.read("prefectures")) == 47
    # 札幌市 is one feature again: its wards dissolved into the designated city
    reference = store.read("municipalities", where="code = '01100'").to_crs(6677).area.iloc[0]
    sapporo = m[m["code"] == "01100"].to_crs(6677).area.iloc[0]
    assert abs(sapporo / reference - 1) < 0.01
    other = built.read("other_areas")["kind"].value_counts().to_dict()
    assert other == {"北方領土": 6, "所属未定地": 4}


def test_official_download_needs_no_processed_levels(official_zip, sources, tmp_path):
    """Only the population, master list and registry come from the sources folder."""
    import os

    root = tmp_path / "sources"
    root.mkdir()
    for rel in ("population", "municipalities", "registry"):
        os.symlink(sources.root / rel, root / rel)
    out = tmp_path / "official.gpkg"
    assert main(["build", "--quiet", "--sources", str(root), "--boundaries", str(official_zip), "--out", str(out)]) == 0
    assert len(Store(out).read("municipalities", columns=["code"])) == 1741
