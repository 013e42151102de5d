"""Importing published lists: fixtures made here in the publishers' layouts, and bad input.

- the Hokkaido 4-4 layout as .xlsx (members in one cell, some outside the 振興局, 【複】, 道, counts);
- a CP932 CSV with a title row, its own column order and 和暦 dates (定住自立圏: 中心市 + 近隣市町村);
- a UTF-8 BOM CSV with one row per member (codes, 加入年月日, a ward, a wrong code);
- each bad input of issue #12 item 5, and the all-or-nothing write.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import pytest

from dashboard.build import DEFAULT_REGISTRY, build
from dashboard.errors import AtlasError
from dashboard.registry.importers import Gazetteer, Options, import_bytes, scheme_roles, write_folder
from dashboard.registry.importers.cells import split_members
from dashboard.registry.importers.readers import CFB_MAGIC
from dashboard.registry.validate import load_registry, require_valid
from dashboard.sources.municipalities import read_master
from dashboard.store import Store

from .conftest import REPO

HOKKAIDO_ROWS = [
    ["全道", "北海道後期高齢者医療広域連合", "道内の全市町村", None, "札幌市", None],
    [None, "北海道市町村職員退職手当組合", "162市町村及び88一部事務組合等", None, "札幌市", None],
    [None, "【複】北海道市町村総合事務組合", "152市町村及び99一部事務組合等", None, "札幌市", None],
    [None, "北海道町村議会議員公務災害補償等組合", "道内の全町村、北斗市及び95一部事務組合等", None, "札幌市", None],
    ["札幌市", "石狩西部広域水道企業団", "札幌市、石狩市、当別町", "道、小樽市", "札幌市", None],
    ["空知", "空知中部広域連合", "歌志内市、奈井江町、上砂川町、浦臼町、新十津川町、雨竜町", None, "奈井江町", None],
    [None, "【複】中空知広域市町村圏組合", "芦別市、赤平市、滝川市\n砂川市・空知郡奈井江町，上砂川町、奈井江村", None, "滝川市", "事務所は滝川市内"],
    ["檜山", "南檜山衛生処理組合", "江差町、上ノ国町、厚沢部町、乙部町", "桧山郡八雲町", "江差町", None],
]


def hokkaido_xlsx(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "4-4"
    ws.append(["4-4 市町村別広域連合・一部事務組合の加入状況"])
    ws.append(["令和6年4月1日現在"])
    ws.append([])
    ws.append(["(総合)振興局名", "名称", "構成団体", "(総合)振興局外の構成団体", "事務所設置市町村", "備考"])
    for row in HOKKAIDO_ROWS:
        ws.append(row)
    ws.append([])
    ws.append(["※ 構成団体は令和6年4月1日現在"])
    wb.save(path)
    return path


TEIJU_CP932 = (
    "定住自立圏の取組状況（長野県 令和6年4月1日現在）\n"
    ",,,,\n"
    "協定締結日,圏域名,近隣市町村,中心市,備考\n"
    "平成21年3月30日,上田地域定住自立圏,東御市、小県郡長和町、青木村,上田市,\n"
    "H22.3.29,南信州定住自立圏,\"松川町、高森町\n阿南町、根羽村、天龍村\",飯田市,全14町村のうち5町村を記載\n"
    "令和元年5月1日,架空定住自立圏,存在しない村,伊那市,テスト用\n"
    "（注）協定締結日は最初の協定の日\n"
)

MEMBER_ROWS_BOM = (
    "団体名,区分,構成団体,市町村コード,加入年月日\n"
    "北アルプス広域消防組合,一部事務組合,大町市,202126,平成12年2月1日\n"
    "北アルプス広域消防組合,一部事務組合,北安曇郡池田町,204811,H12.2.1\n"
    "北アルプス広域消防組合,一部事務組合,白馬村,,2000-02-01\n"
    "北アルプス広域消防組合,一部事務組合,小谷村,20000,\n"
    "札幌圏テスト組合,一部事務組合,札幌市中央区,,\n"
    "札幌圏テスト組合,一部事務組合,札幌市北区,,\n"
    "札幌圏テスト組合,一部事務組合,江別市,,令和2年13月1日\n"
)


def ods_bytes(sheets: dict[str, list[list[str]]]) -> bytes:
    """A minimal OpenDocument spreadsheet (mimetype, manifest, content.xml), text cells only."""
    tables = []
    for name, rows in sheets.items():
        xml_rows = "".join(
            "<table:table-row>" + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{escape(c)}</text:p></table:table-cell>' if c
                else "<table:table-cell/>" for c in row) + "</table:table-row>" for row in rows)
        tables.append(f'<table:table table:name="{escape(name)}">{xml_rows}</table:table>')
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet>' + "".join(tables) + '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


@pytest.fixture(scope="session")
def gazetteer(sources) -> Gazetteer:
    return Gazetteer.from_frame(read_master(sources["master"]))


@pytest.fixture(scope="session")
def roles():
    return scheme_roles(require_valid([DEFAULT_REGISTRY], None)["schemes"])


def run(data: bytes, name: str, gazetteer, roles, **opts):
    return import_bytes(data, name, gazetteer, roles, Options(**opts))


def members_of(result, body_name: str) -> pd.DataFrame:
    b = result.tables["bodies"]
    body_id = b.loc[b["name"] == body_name, "body_id"].iloc[0]
    m = result.tables["memberships"]
    return m[m["body_id"] == body_id]


# ------------------------------------------------------------------ Hokkaido 4-4 (.xlsx)
def test_hokkaido_layout_xlsx(tmp_path, gazetteer, roles):
    path = hokkaido_xlsx(tmp_path / "4-4.xlsx")
    result = run(path.read_bytes(), path.name, gazetteer, roles, pref="01")
    rep, bodies = result.report, result.tables["bodies"].set_index("name")
    assert rep.header_row == 4 and rep.sheet == "4-4"
    assert ("(総合)振興局外の構成団体", "members_outside") in rep.mapping
    assert rep.rows_read == len(HOKKAIDO_ROWS) + 1 and rep.bodies == len(HOKKAIDO_ROWS)  # + the note row, skipped
    # scheme from the name: 広域連合 / 組合 / 企業団; 【複】 is a 複合事務組合, its mark off the name
    assert bodies.loc["北海道後期高齢者医療広域連合", "scheme_id"] == "広域連合"
    assert bodies.loc["石狩西部広域水道企業団", "scheme_id"] == "一部事務組合"
    assert "北海道市町村総合事務組合" in bodies.index and "複合事務組合" in bodies.loc["北海道市町村総合事務組合", "note"]
    assert bodies.loc["石狩西部広域水道企業団", "purposes"] == "水道"
    # members in one cell, some outside the 振興局; 道 is the prefecture, kept as such
    m = members_of(result, "石狩西部広域水道企業団").set_index("member")
    assert set(m.index) == {"01100", "01235", "01303", "01", "01203"}
    assert m.loc["01", "member_kind"] == "prefecture" and m.loc["01", "member_name"] == "北海道"
    assert "振興局外" in m.loc["01203", "note"] and m.loc["01203", "member_name"] == "小樽市"
    assert set(m["role"]) == {"構成団体"}
    assert m.loc["01203", "source"] == "4-4.xlsx [4-4] row 9 ((総合)振興局外の構成団体)"
    assert set(m["evidence"]) == {"explicit"}
    # 「道内の全市町村」 is every municipality; counts are not names (partial, no members invented)
    whole = members_of(result, "北海道後期高齢者医療広域連合")
    assert whole[["member_kind", "member"]].values.tolist() == [["all_municipalities_of_prefecture", "01"]]
    assert members_of(result, "北海道市町村職員退職手当組合").empty
    assert bodies.loc["北海道市町村職員退職手当組合", "stated_members"] == "162市町村、88一部事務組合等"
    assert bodies.loc["北海道市町村職員退職手当組合", "evidence"].startswith("partial:")
    towns = members_of(result, "北海道町村議会議員公務災害補償等組合")
    assert "01236" in set(towns["member"])  # 北斗市, named
    assert towns["member_name"].str.endswith(("町", "村", "市")).all() and len(towns) == 1 + 129 + 15
    # line breaks, ・ and ， split; 郡 prefix and old 字体 resolve; the rest is kept, unresolved
    naka = members_of(result, "中空知広域市町村圏組合").set_index("member_name")
    assert naka.loc["奈井江町", "member"] == "01424" and "空知郡奈井江町" in naka.loc["奈井江町", "note"]
    assert naka.loc["奈井江村", "member_kind"] == "other" and naka.loc["奈井江村", "evidence"].startswith("partial:")
    assert "unresolved" in naka.loc["奈井江村", "note"]
    hiyama = members_of(result, "南檜山衛生処理組合").set_index("member_name")
    assert hiyama.loc["八雲町", "member"] == "01346"  # 桧山郡 prefix stripped
    # the report names every unresolved name with file, sheet, row, column and candidates
    [u] = rep.unresolved
    assert (u.file, u.sheet, u.row, u.column, u.name) == ("4-4.xlsx", "4-4", 11, "構成団体", "奈井江村")
    assert "奈井江町（北海道）01424" in u.candidates
    assert "4-4.xlsx [4-4]:11:構成団体: '奈井江村' not resolved" in rep.text()
    assert any("row 14: skipped" in n for n in rep.notes)  # the note under the table


def test_hokkaido_import_writes_validates_and_builds(tmp_path, gazetteer, roles, sources):
    """The CLI writes the folder; with a folder of only the required columns it builds and shows them."""
    path = hokkaido_xlsx(tmp_path / "4-4.xlsx")
    out = tmp_path / "hokkaido"
    proc = subprocess.run([sys.executable, "-m", "dashboard", "import", str(path), "--pref", "01", "--into", str(out)],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "8 bodies" in proc.stdout and "1 unresolved name" in proc.stdout and "奈井江村" in proc.stdout
    assert (out / "import-report.txt").exists()
    assert "石狩西部広域水道企業団 (imp-236f8e0815) is also in the registry as ishikari-seibu-suido" in proc.stdout
    minimal = tmp_path / "minimal"
    minimal.mkdir()
    (minimal / "bodies.csv").write_text("body_id,name,scheme_id,pref_codes,source,evidence\n"
                                        "min-1,最小限組合,一部事務組合,20,test,explicit\n", encoding="utf-8")
    (minimal / "memberships.csv").write_text("body_id,member_kind,member,role,source,evidence\n"
                                             "min-1,municipality,20212,構成団体,test,explicit\n"
                                             "min-1,municipality,20481,構成団体,test,explicit\n", encoding="utf-8")
    reg, problems = load_registry([DEFAULT_REGISTRY, minimal, out], gazetteer.names)
    assert problems == []
    store_path = tmp_path / "atlas.gpkg"
    build(sources.root, [minimal, out], store_path, progress=False)
    store = Store(store_path)
    bodies = store.read("bodies")
    ishikari = bodies[bodies["name"] == "石狩西部広域水道企業団"]
    assert len(ishikari) == 2  # data/'s own row and the imported one, side by side
    assert ishikari.geometry.notna().all()
    assert bodies.loc[bodies["body_id"] == "min-1"].geometry.notna().all()
    members = store.read("memberships")
    assert len(members[members["body_id"] == "min-1"]) == 2


# ------------------------------------------------------------------ CP932 CSV, title row, 和暦
def test_cp932_csv_title_row_wareki(gazetteer, roles):
    data = TEIJU_CP932.encode("cp932")
    result = run(data, "teiju.csv", gazetteer, roles, pref="20")
    rep = result.report
    assert rep.encoding == "cp932" and rep.header_row == 3
    assert dict((f, h) for h, f in rep.mapping) == {"agreed": "協定締結日", "name": "圏域名", "members": "近隣市町村",
                                                   "hub": "中心市", "note": "備考"}
    bodies = result.tables["bodies"].set_index("name")
    assert set(bodies["scheme_id"]) == {"定住自立圏"}
    ueda = members_of(result, "上田地域定住自立圏").set_index("member")
    assert ueda.loc["20203", "role"] == "中心市"  # 上田市
    assert {ueda.loc[c, "role"] for c in ("20219", "20350", "20349")} == {"近隣市町村"}  # 東御市, 長和町 (小県郡), 青木村
    ms = result.tables["milestones"]
    dates = dict(zip(ms["body_id"].map(dict(zip(result.tables["bodies"]["body_id"], result.tables["bodies"]["name"]))), ms["date"]))
    assert dates == {"上田地域定住自立圏": "2009-03-30", "南信州定住自立圏": "2010-03-29", "架空定住自立圏": "2019-05-01"}
    assert set(ms["kind"]) == {"協定締結"}
    assert "listed as 平成21年3月30日" in set(ms["note"])
    shin = members_of(result, "南信州定住自立圏")
    assert len(shin) == 6 and "20413" in set(shin["member"])  # 天龍村 (龍 as published)
    [u] = rep.unresolved
    assert (u.row, u.column, u.name, u.body) == (6, "近隣市町村", "存在しない村", "架空定住自立圏")
    assert any("row 7: skipped" in n for n in rep.notes)


def test_strict_makes_unresolved_an_error(gazetteer, roles):
    with pytest.raises(AtlasError) as exc:
        run(TEIJU_CP932.encode("cp932"), "teiju.csv", gazetteer, roles, pref="20", strict=True)
    assert str(exc.value).startswith("teiju.csv [teiju]:6:近隣市町村: '存在しない村' not resolved")


# ------------------------------------------------------------------ UTF-8 BOM, one row per member
def test_utf8_bom_one_row_per_member(gazetteer, roles):
    result = run(MEMBER_ROWS_BOM.encode("utf-8-sig"), "members.csv", gazetteer, roles)
    rep = result.report
    assert rep.encoding == "utf-8-sig" and rep.bodies == 2
    fire = members_of(result, "北アルプス広域消防組合").set_index("member_name")
    assert fire.loc["大町市", "member"] == "20212" and fire.loc["大町市", "since"] == "2000-02-01"
    assert fire.loc["池田町", "member"] == "20481" and fire.loc["池田町", "since"] == "2000-02-01"
    assert fire.loc["白馬村", "member"] == "20485" and fire.loc["白馬村", "since"] == "2000-02-01"
    assert fire.loc["小谷村", "member_kind"] == "other"  # code 20000 does not exist: kept, not guessed
    assert fire.loc["白馬村", "source"] == "members.csv [members] row 4 (構成団体)"
    bodies = result.tables["bodies"].set_index("name")
    assert bodies.loc["北アルプス広域消防組合", "pref_codes"] == "20"  # from the members; no --pref given
    assert bodies.loc["北アルプス広域消防組合", "purposes"] == "消防"
    # two wards of 札幌市: the city is the member (once), the wards noted; inferred, not explicit
    sapporo = members_of(result, "札幌圏テスト組合").set_index("member")
    assert sapporo.loc["01100", "member_name"] == "札幌市" and sapporo.loc["01100", "evidence"].startswith("inferred:")
    assert "01101" in sapporo.loc["01100", "note"] and "01102" in sapporo.loc["01100", "note"]
    assert sapporo.loc["01217", "since"] == ""  # 令和2年13月 does not exist
    assert any(p.row == 8 and "month 13" in p.message for p in rep.bad_dates)
    assert [u.name for u in rep.unresolved] == ["小谷村"] and "20000 does not exist" in rep.unresolved[0].reason


# ------------------------------------------------------------------ splitting and names
def test_member_cell_splitting():
    pieces = split_members("芦別市、赤平市・滝川市,砂川市，歌志内市\n奈井江町\r\n上砂川町 浦臼町 大町市（一部、旧八坂村）")
    assert [p.text for p in pieces] == ["芦別市", "赤平市", "滝川市", "砂川市", "歌志内市", "奈井江町", "上砂川町", "浦臼町", "大町市(一部、旧八坂村)"]
    assert [p.kind for p in split_members("道内の全町村、北斗市及び95一部事務組合等")] == ["all", "name", "count"]
    assert [p.text for p in split_members("札幌市 中央区、江別市")] == ["札幌市中央区", "江別市"]


def test_name_resolution(gazetteer):
    r = gazetteer.resolve
    assert r("桧枝岐村").code == "07364" and "字体" in r("桧枝岐村").how
    assert r("竜ヶ崎市").code == "08208"
    assert r("空知郡奈井江町", "01").code == "01424"
    assert r("長野県大町市").code == "20212"
    assert r("伊達市").kind == "unresolved" and len(r("伊達市").candidates) == 2
    assert r("伊達市", "07").code == "07213"
    assert r("伊達市", context={"01"}).code == "01233"
    assert (r("中央区", "01").kind, r("中央区", "01").city) == ("ward", "01100")
    assert r("中央区", "13").code == "13102"  # a 特別区 is a municipality
    assert (r("道", "01").kind, r("県", "20").code, r("県").kind) == ("prefecture", "20", "unresolved")
    assert r("郡上市").code == "21219"  # a name that begins with 郡 is not a county prefix


# ------------------------------------------------------------------ bad input: one line, nothing written
def _error(data: bytes, name: str, gazetteer, roles, **opts) -> str:
    with pytest.raises(AtlasError) as exc:
        run(data, name, gazetteer, roles, **opts)
    assert len(exc.value.problems) == 1
    return str(exc.value)


def test_empty_file(gazetteer, roles):
    assert _error(b"", "empty.csv", gazetteer, roles) == "empty.csv::: file is empty"
    assert _error(b"", "empty.xlsx", gazetteer, roles) == "empty.xlsx::: file is empty"
    assert _error(b"\n\n", "blank.csv", gazetteer, roles) == "blank.csv::: file is empty"


def test_sheet_without_recognisable_header(tmp_path, gazetteer, roles):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "集計"
    wb.active.append(["番号", "項目", "金額"])
    wb.active.append([1, "ごみ", 100])
    wb.save(tmp_path / "x.xlsx")
    msg = _error((tmp_path / "x.xlsx").read_bytes(), "x.xlsx", gazetteer, roles)
    assert msg.startswith("x.xlsx::: no recognisable header row in the first 30 rows of '集計'")
    assert _error((tmp_path / "x.xlsx").read_bytes(), "x.xlsx", gazetteer, roles, sheet="4-4") == \
        "x.xlsx::: no sheet '4-4'; the sheets are 集計"


def test_password_protected_workbook(gazetteer, roles):
    """An encrypted .xlsx is an OLE compound file, not a zip: simulated by the CFB signature
    followed by filler (no real encryption is performed here)."""
    data = CFB_MAGIC + b"\x00" * 4096
    assert "password-protected (encrypted) workbook" in _error(data, "secret.xlsx", gazetteer, roles)


def test_corrupt_workbooks(tmp_path, gazetteer, roles):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert _error(buf.getvalue(), "zip.xlsx", gazetteer, roles).startswith("zip.xlsx::: corrupt workbook")
    good = hokkaido_xlsx(tmp_path / "good.xlsx").read_bytes()
    assert "zip file" in _error(good[: len(good) // 2], "cut.xlsx", gazetteer, roles)
    assert "not an Excel 97–2003 workbook" in _error(b"plain text", "old.xls", gazetteer, roles)
    assert "corrupt workbook" in _error(CFB_MAGIC + b"\x00" * 600, "old.xls", gazetteer, roles)


def test_fifty_megabyte_file(tmp_path, gazetteer, roles):
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: the size is what is checked, before reading
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "dashboard", "import", str(big), "--into", str(out)],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "big.csv::: file is 50.0 MB; the limit is 20 MB"
    assert not out.exists()
    assert _error(b"x" * (21 * 1024 * 1024), "big.csv", gazetteer, roles).endswith("the limit is 20 MB")


def test_formula_cell(tmp_path, gazetteer, roles):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["名称", "構成団体", "構成数"])
    ws.append(["南檜山衛生処理組合", "江差町、乙部町", "=COUNTA(B2)"])
    wb.save(tmp_path / "f.xlsx")
    assert _error((tmp_path / "f.xlsx").read_bytes(), "f.xlsx", gazetteer, roles) == \
        "f.xlsx [Sheet]:2:C2: cell C2 holds a formula (=COUNTA(B2)); save the list with values only (paste as values)"
    csv = "名称,構成団体\n=HYPERLINK(\"http://x\"),江差町\n".encode()
    assert "holds a formula" in _error(csv, "f.csv", gazetteer, roles)


def test_html_in_a_name_is_kept_and_shown_escaped(tmp_path, gazetteer, roles, store):
    from dashboard.views.atlas import AtlasData
    from dashboard.views.map.layers import build_map
    from dashboard.views.state import ViewState
    from dashboard.views.uploads import session_overlay

    evil = "<script>alert(1)</script>衛生組合"
    data = f"名称,構成団体\n{evil},\"江差町、<b>乙部町</b>\"\n".encode()
    result = run(data, "evil.csv", gazetteer, roles, pref="01")
    assert result.tables["bodies"]["name"].tolist() == [evil]  # the data keeps what was published
    assert "<b>乙部町</b>" in result.report.text()
    atlas = AtlasData.from_store(store)
    overlay = session_overlay(atlas, result.tables)
    html_text = build_map(atlas, ViewState(prefs=("01",)), overlay=overlay).get_root().render()
    assert "<script>alert(1)" not in html_text
    # escaped for HTML (the tooltip is HTML), then made safe for the <script> it travels in
    assert "\\u0026lt;script\\u0026gt;alert(1)\\u0026lt;/script\\u0026gt;衛生組合" in html_text


def test_a_search_for_an_uploaded_body_zooms_the_map_to_it(gazetteer, roles, store):
    from dashboard.views.atlas import AtlasData
    from dashboard.views.map.layers import view_layers
    from dashboard.views.state import ViewState
    from dashboard.views.uploads import session_overlay

    result = run("名称,構成団体\n檜山試験組合,\"江差町、乙部町\"\n".encode(), "t.csv", gazetteer, roles, pref="01")
    atlas = AtlasData.from_store(store)
    overlay = session_overlay(atlas, result.tables)
    body_id = overlay.bodies["body_id"].iloc[0]
    focused = view_layers(atlas, ViewState(), focus_body=body_id, overlay=overlay).bounds
    members = atlas.municipalities[atlas.municipalities["name"].isin(["江差町", "乙部町"]) & (atlas.municipalities["pref_code"] == "01")]
    minx, miny, maxx, maxy = members.total_bounds
    assert focused == [[float(miny), float(minx)], [float(maxy), float(maxx)]]  # not Japan as a whole


def test_nothing_half_written(tmp_path, gazetteer, roles):
    out = tmp_path / "out"
    result = run(TEIJU_CP932.encode("cp932"), "teiju.csv", gazetteer, roles, pref="20")
    write_folder(result.tables, out, refer_to=[DEFAULT_REGISTRY], known_codes=gazetteer.names)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(AtlasError, match="already holds"):
        write_folder(result.tables, out, refer_to=[DEFAULT_REGISTRY], known_codes=gazetteer.names)
    broken = {**result.tables, "memberships": result.tables["memberships"].assign(role="中心市")}
    with pytest.raises(AtlasError, match="role"):  # fails validation: nothing replaced
        write_folder(broken, out, refer_to=[DEFAULT_REGISTRY], known_codes=gazetteer.names, overwrite=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left behind


def test_docs_page_matches_the_code(tmp_path, gazetteer, roles):
    """docs/importing.md: the header mapping table is the code's, and the worked example's report
    is what the importer says about the same file."""
    from dashboard.registry.importers.headers import mapping_markdown

    doc = (REPO / "docs" / "importing.md").read_text(encoding="utf-8")
    assert mapping_markdown() in doc
    path = hokkaido_xlsx(tmp_path / "4-4.xlsx")
    rep = run(path.read_bytes(), path.name, gazetteer, roles, pref="01").report
    for line in rep.lines()[:4]:
        assert line in doc


def test_ods_through_calamine(gazetteer, roles):
    """.ods (and .xls) are read by python-calamine; the .ods here is a minimal OpenDocument file
    written by the test (mimetype, manifest, content.xml)."""
    data = ods_bytes({"一覧": [["長野県の一部事務組合"], [], ["名称", "構成団体", "設立年月日"],
                               ["北アルプス広域消防組合", "大町市、北安曇郡池田町", "平成12年2月1日"]]})
    result = run(data, "list.ods", gazetteer, roles)
    assert result.report.header_row == 3
    assert set(result.tables["memberships"]["member"]) == {"20212", "20481"}
    assert result.tables["milestones"][["kind", "date"]].values.tolist() == [["設置", "2000-02-01"]]


def test_metropolitan_sphere_across_two_prefectures(gazetteer, roles):
    """連携中枢都市 / 連携市町村 roles, 連携協約締結 and 宣言 milestones; 府中市 (東京都 and 広島県) is
    taken as 広島県's from the other members, and marked inferred."""
    csv = ("圏域名,連携中枢都市,連携市町村,連携協約締結日,連携中枢都市宣言日\n"
           "備後圏域連携中枢都市圏,福山市,\"三原市、尾道市、府中市、世羅町、神石高原町、笠岡市、井原市\",H27.3.1,平成27年2月1日\n")
    result = run(csv.encode(), "bingo.csv", gazetteer, roles)
    m = result.tables["memberships"].set_index("member_name")
    assert m.loc["福山市", "role"] == "連携中枢都市" and set(m.drop("福山市")["role"]) == {"連携市町村"}
    assert m.loc["府中市", "member"] == "34208" and m.loc["府中市", "evidence"].startswith("inferred:")
    assert m.loc["笠岡市", "member"] == "33205" and m.loc["笠岡市", "evidence"] == "explicit"
    assert result.tables["bodies"]["pref_codes"].tolist() == ["33;34"]
    assert result.tables["milestones"][["kind", "date"]].values.tolist() == [["連携協約締結", "2015-03-01"], ["連携中枢都市宣言", "2015-02-01"]]


def test_merged_name_cells_and_unknown_scheme(gazetteer, roles):
    """A row with an empty name continues the body above (a merged cell as saved); a name that
    does not say its scheme needs --scheme, and says so in one line."""
    data = "名称,構成団体\n南檜山衛生処理組合,江差町\n,乙部町\n".encode()
    result = run(data, "merged.csv", gazetteer, roles, pref="01")
    assert set(members_of(result, "南檜山衛生処理組合")["member"]) == {"01361", "01364"}
    assert result.tables["bodies"]["source"].tolist() == ["merged.csv [merged] rows 2–3"]
    data = "名称,構成団体\n檜山地域連携会議,江差町\n".encode()
    assert _error(data, "x.csv", gazetteer, roles, pref="01") == \
        "x.csv [x]:2:名称: cannot tell the scheme of '檜山地域連携会議' from its name; give --scheme (e.g. 一部事務組合)"
    assert run(data, "x.csv", gazetteer, roles, pref="01", scheme="一部事務組合").tables["bodies"]["scheme_id"].tolist() == ["一部事務組合"]
