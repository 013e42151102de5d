"""#19: source kinds from data/hosts.csv, proxy rewriting, rejection messages, the until rule, the audit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from dashboard.registry import provenance as P
from dashboard.registry.audit import checklist, read_audits, sample_bodies
from dashboard.registry.coverage import differences
from dashboard.registry.importers.cells import parse_until
from dashboard.registry.importers.write import write_folder
from dashboard.registry.validate import load_registry
from dashboard.views.kinds import kind_label, with_kinds

from .conftest import REPO

TOTTORI_PROXY = "http://40.74.122.252/index.cgi/larger-text/https://www.pref.tottori.lg.jp/116342.htm"
YAMAGUCHI_CACHE = "https://www-pref-yamaguchi-lg-jp.cache.yimg.jp/soshiki/31/15074.html"


@pytest.mark.parametrize("url, kind", [
    ("https://www.pref.nagano.lg.jp/x.html", "official"),
    ("https://www.soumu.go.jp/main_content/000.pdf", "official"),
    ("https://www.city.saku.nagano.jp/shisei/a.html", "official"),
    ("http://www.town.toyoura.hokkaido.jp/contents/reiki/x.html", "official"),
    ("http://www1.g-reiki.net/rankoshi/reiki_honbun/a069.html", "official"),  # 例規集 host
    ("https://kuji-kouiki.jp/about/", "official"),  # a union's own site
    ("https://www.shinmai.co.jp/news/1.html", "press"),
    ("https://ja.wikipedia.org/wiki/X", "reference"),
    ("https://pedia.3rd-in.co.jp/wiki/X", "secondary"),
    ("https://docsplayer.net/1.html", "secondary"),
    ("https://ja-two.iwiki.icu/wiki/X", "secondary"),  # a Wikipedia clone: a copy, not denied
    ("https://519990.xrtinterhk.tech/a", "deny"),
    (TOTTORI_PROXY, "deny"),
    (YAMAGUCHI_CACHE, "deny"),
    ("http://192.0.2.7/page.html", "deny"),
    ("https://example.org/", "unknown"),
])
def test_hosts_are_classified(url, kind):
    assert P.url_kind(url) == kind


def test_a_cell_takes_its_best_source_and_a_document_is_a_document():
    assert P.source_kind("https://pedia.3rd-in.co.jp/x https://www.city.iida.lg.jp/y") == "official"
    assert P.source_kind("seed 001 §II-② 主な処理事務") == "document"


def test_host_list_rows_are_checked(tmp_path):
    bad = tmp_path / "hosts.csv"
    bad.write_text("host,kind,note,source\n*.lg.jp,officially,x,y\n", encoding="utf-8")
    with pytest.raises(Exception) as err:
        P.read_hosts(bad)
    assert ":2:kind:" in str(err.value)


@pytest.mark.parametrize("url, original", [
    (TOTTORI_PROXY, "https://www.pref.tottori.lg.jp/116342.htm"),
    (YAMAGUCHI_CACHE, "https://www.pref.yamaguchi.lg.jp/soshiki/31/15074.html"),
    ("https://www-city-foo--bar-lg-jp.cache.yimg.jp/a", "https://www.city.foo-bar.lg.jp/a"),
    ("https://www.city.saku.nagano.jp/a/https://x", None),  # not a proxy: an official page's own path
    ("https://www.pref.nagano.lg.jp/", None),
])
def test_proxy_and_cache_urls_give_the_original(url, original):
    assert P.original_url(url) == original


def test_rejections_name_file_row_and_column():
    rows = [
        {"body_id": "a", "source": TOTTORI_PROXY, "evidence": "explicit"},
        {"body_id": "b", "source": "http://203.0.113.9/x.html", "evidence": "inferred: x"},
        {"body_id": "c", "source": "https://402265.hometechtradehk.tech/wiki/X", "evidence": "inferred: x"},
        {"body_id": "d", "source": "https://pedia.3rd-in.co.jp/wiki/X", "evidence": "explicit"},
        {"body_id": "e", "source": "https://www.city.iida.lg.jp/x", "evidence": "explicit", "until": "2021-03-31"},
        {"body_id": "f", "source": "https://www.city.iida.lg.jp/x", "evidence": "explicit", "until": "2013-03-31",
         "note": "until 2013-03-31: the page says 3月31日から広域化, so 03-31 is the first day without the union"},
    ]
    problems, warnings = P.check_rows("m.csv", rows, table="memberships")
    text = [str(p) for p in problems]
    assert text[0].startswith("m.csv:2:source: ") and "cite the original https://www.pref.tottori.lg.jp/116342.htm" in text[0]
    assert text[1].startswith("m.csv:3:source: ") and "raw IP" in text[1]
    assert text[2].startswith("m.csv:4:source: ") and "deny-listed" in text[2]
    assert text[3].startswith("m.csv:5:evidence: ") and "downgrade to 'inferred" in text[3]
    assert len(problems) == 4  # the proxy row's explicit is judged by its (denied) host already
    assert [str(w) for w in warnings][0].startswith("m.csv:6:until: ") and "first day no longer in force" in str(warnings[0])
    assert len(warnings) == 1  # row f's note names the date and says why


def test_validation_rejects_with_strict_sources(tmp_path, monkeypatch):
    folder = tmp_path / "reg"
    folder.mkdir()
    (folder / "bodies.csv").write_text(
        "body_id,name,scheme_id,pref_codes,source,evidence\n"
        f"t1,試験組合,一部事務組合,31,{TOTTORI_PROXY},explicit\n", encoding="utf-8")
    reg, problems = load_registry([REPO / "data", folder])
    assert [str(p) for p in problems] == [str(p) for p in reg.source_problems]  # data/ itself is clean
    mine = [p for p in problems if "reg/bodies.csv" in p.file]
    assert len(mine) == 1 and mine[0].row == 2 and mine[0].column == "source"
    monkeypatch.setenv("ATLAS_STRICT_SOURCES", "0")  # a folder under repair: reported, not blocking
    _, problems = load_registry([REPO / "data", folder])
    assert not problems
    monkeypatch.delenv("ATLAS_STRICT_SOURCES")
    out = subprocess.run([sys.executable, "-m", "dashboard", "validate", str(folder), "data"], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 1 and "reg/bodies.csv:2:source:" in out.stderr


def test_sources_fix_rewrites_in_place_and_keeps_every_other_byte(tmp_path):
    folder = tmp_path / "reg"
    folder.mkdir()
    text = ("body_id,kind,date,note,source,evidence\r\n"
            f"t1,設置,2001-04-01,\"a, b\",{YAMAGUCHI_CACHE},explicit\r\n"
            "t2,設置,2002-04-01,,https://www.city.iida.lg.jp/x,explicit\r\n")
    (folder / "milestones.csv").write_bytes(text.encode("utf-8"))
    out = subprocess.run([sys.executable, "-m", "dashboard", "sources", "--fix", str(folder)], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "1 source cell rewritten" in out.stdout
    assert (folder / "milestones.csv").read_bytes().decode("utf-8") == text.replace(YAMAGUCHI_CACHE, "https://www.pref.yamaguchi.lg.jp/soshiki/31/15074.html")
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_sources_report_is_one_line_for_the_lead():
    out = subprocess.run([sys.executable, "-m", "dashboard", "sources", "--report", "data"], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0
    assert "source kinds of membership rows" in out.stdout and "source problem" in out.stderr
    assert "40.74.122.252" not in out.stdout  # rewritten on this branch by sources --fix


def test_the_importer_rewrites_proxy_sources(tmp_path):
    frame = pd.DataFrame([{"body_id": "kitaalps-kouiki", "kind": "設置", "date": "1999-04-01", "note": "",
                           "source": YAMAGUCHI_CACHE, "evidence": "explicit"}])
    out = write_folder({"milestones": frame}, tmp_path / "imp", refer_to=[REPO / "data"])
    assert "https://www.pref.yamaguchi.lg.jp/soshiki/31/15074.html" in (out / "milestones.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, until", [
    ("令和3年3月31日をもって解散", "2021-04-01"), ("平成30年3月31日限り", "2018-04-01"),
    ("平成31年3月31日まで", "2019-04-01"), ("2021-04-01", "2021-04-01"), ("令和元年12月31日をもって", "2020-01-01"),
])
def test_until_rule(text, until):
    assert parse_until(text)[0] == until


def test_the_importer_reads_a_dissolution_column(tmp_path):
    from dashboard.registry.importers import Gazetteer, Options, import_bytes, scheme_roles
    from dashboard.registry.validate import require_valid

    reg = require_valid([REPO / "data"], None)
    gaz = Gazetteer.from_frame(pd.DataFrame({"code": ["20202", "20204"], "name": ["松本市", "岡谷市"]}))
    csv_text = "名称,構成団体,解散年月日\n試験組合,松本市、岡谷市,令和3年3月31日をもって解散\n"
    result = import_bytes(csv_text.encode("utf-8"), "t.csv", gaz, scheme_roles(reg["schemes"]), Options(scheme="一部事務組合", pref="20"))
    body = result.tables["bodies"].iloc[0]
    assert body["until"] == "2021-04-01" and "last day in force" in body["note"]


def test_audit_sample_is_reproducible_and_lists_kinds():
    from dashboard.registry.validate import require_valid

    reg = require_valid([REPO / "data"], None)
    assert sample_bodies(reg, 30, 5) == sample_bodies(reg, 30, 5) and sample_bodies(reg, 30, 5) != sample_bodies(reg, 30, 6)
    text = checklist(reg, 3, 5)
    assert text.count("\n## ") == 3 and "- [ ] member " in text and "[公式]" in text
    out = subprocess.run([sys.executable, "-m", "dashboard", "audit", "--sample", "3", "--seed", "5"], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == text.strip()


def test_audits_are_read_latest_first(tmp_path):
    (tmp_path / "2026-01-10-seed-1.md").write_text(
        "| field | value |\n|---|---|\n| seed | 1 |\n| confirmed | 27 |\n| wrong | 2 |\n| unverifiable | 1 |\n| fixed | 2 |\n",
        encoding="utf-8")
    (tmp_path / "2026-03-02-seed-2.md").write_text("| seed | 2 |\n| confirmed | 14 |\n| partly confirmed | 10 |\n", encoding="utf-8")
    audits = read_audits(tmp_path)
    assert [a["date"] for a in audits] == ["2026-03-02", "2026-01-10"]
    assert audits[1]["wrong"] == "2" and audits[1]["fixed"] == "2" and audits[0]["wrong"] == ""
    assert audits[0]["partly"] == "10" and audits[1]["partly"] == "0"  # an older record had no such row


def test_kind_labels_on_screen():
    assert kind_label("https://www.city.iida.lg.jp/x") == "公式" and kind_label("https://www.shinmai.co.jp/a", "en") == "press"
    assert kind_label("https://ja.wikipedia.org/wiki/X") == "参考" and kind_label("https://docsplayer.net/1") == "二次資料"
    frame = with_kinds(pd.DataFrame({"member": ["a"], "source": ["https://pedia.3rd-in.co.jp/x"], "evidence": ["inferred"]}))
    assert list(frame.columns) == ["member", "source", "source_kind", "evidence"] and frame["source_kind"][0] == "二次資料"


def test_kind_shares_per_scheme():
    bodies = pd.DataFrame({"body_id": ["a", "b"], "scheme_id": ["定住自立圏", "広域連合"], "pref_codes": ["20", "20"]})
    members = pd.DataFrame({"body_id": ["a", "a", "b"], "member": ["20202", "20204", "20202"],
                            "source": ["https://www.city.iida.lg.jp/x", "https://docsplayer.net/1", "https://www.shinmai.co.jp/a"]})
    table = P.kind_share_table(members, bodies).set_index("scheme_id")
    assert table.loc["定住自立圏", "official"] == 50.0 and table.loc["定住自立圏", "secondary"] == 50.0
    assert table.loc["広域連合", "press"] == 100.0 and table.loc["広域連合", "rows"] == 1


def test_each_difference_with_an_official_count_carries_its_explanation():
    cov = pd.DataFrame([
        {"scheme_id": "定住自立圏", "pref_code": "", "pref_name": "全国", "bodies": 120, "bodies_official": 130,
         "members": 500, "members_official": 500, "official_source": "https://www.soumu.go.jp/x"},
        {"scheme_id": "広域連合", "pref_code": "01", "pref_name": "北海道", "bodies": 10, "bodies_official": 13,
         "members": 5, "members_official": None, "official_source": "s"},
        {"scheme_id": "連携中枢都市圏", "pref_code": "", "pref_name": "全国", "bodies": 38, "bodies_official": 38,
         "members": 389, "members_official": 376, "official_source": "s"},
        {"scheme_id": "一部事務組合", "pref_code": "20", "pref_name": "長野県", "bodies": 36, "bodies_official": None,
         "members": 206, "members_official": None, "official_source": None},
    ])
    notes = pd.DataFrame([
        {"scheme_id": "定住自立圏", "pref_code": None, "measure": "bodies", "delta": -6, "note": "6 圏域 not yet collected"},
        {"scheme_id": "定住自立圏", "pref_code": None, "measure": "bodies", "delta": -4, "note": "4 dissolved before"},
        {"scheme_id": "広域連合", "pref_code": "01", "measure": "bodies", "delta": -1, "note": "one missing"},
        {"scheme_id": "連携中枢都市圏", "pref_code": None, "measure": "members", "delta": None, "note": "counted twice"},
    ])
    d = differences(cov, notes).set_index(["scheme_id", "measure"])
    assert len(d) == 3  # equal counts and counts without an official figure are no difference
    assert d.loc[("定住自立圏", "bodies"), ["difference", "explained", "state"]].tolist() == [-10, -10, "explained"]
    assert d.loc[("定住自立圏", "bodies"), "notes"] == "6 圏域 not yet collected / 4 dissolved before"
    assert d.loc[("広域連合", "bodies"), "state"] == "partly explained"  # -1 of -3
    assert d.loc[("連携中枢都市圏", "members"), "state"] == "explained"  # a note without a number
    assert differences(cov, None)["state"].eq("unexplained").all()
    by_affair = pd.DataFrame([{"pref_code": "24", "pref_name": "三重県", "affair": "消防", "unions": 5, "unions_official": 3,
                               "official_source": "https://www.pref.mie.lg.jp/x"},
                              {"pref_code": "24", "pref_name": "三重県", "affair": "ごみ", "unions": 3, "unions_official": None,
                               "official_source": None}])
    per_affair = pd.concat([notes, pd.DataFrame([{"scheme_id": "一部事務組合", "pref_code": "24", "measure": "bodies", "affair": "消防", "delta": 2,
                                "note": "one dissolved, one is a radio system"}])], ignore_index=True)
    d = differences(cov, per_affair, by_affair)
    mie = d[d["affair"] == "消防"].iloc[0]
    assert (mie["difference"], mie["state"], mie["pref_name"]) == (2, "explained", "三重県")
    assert len(d) == 4  # the ごみ cell has no official count


def test_data_page_shows_kinds_and_audits(built_store, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ATLAS_STORE", str(built_store))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.run()
    at.switch_page("pages/data_sources.py")
    at.run()
    assert not at.exception
    assert any("出典の種類" in m.value for m in at.markdown) and any("監査の記録" in m.value for m in at.markdown)
    assert any("一部事務組合の収録状況" in m.value for m in at.markdown)
    assert any(m.value.startswith("##### 公式数との差") for m in at.markdown)


def test_hosts_file_is_not_a_registry_table(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(REPO / "data", target, ignore=shutil.ignore_patterns("*.md"))
    _, problems = load_registry([target])
    assert not [p for p in problems if "hosts.csv" in p.file]
    assert os.path.exists(target / "hosts.csv")


def test_the_latest_count_is_taken_whole():
    from dashboard.registry.coverage import latest_totals

    official = pd.DataFrame({"scheme_id": ["一部事務組合"] * 2, "pref_code": ["20", "20"], "as_of": ["2014-04-01", "2023-04-01"],
                             "bodies_total": [40, 36], "members_total": [449, None], "source": ["old", "new"]})
    row = latest_totals(official).iloc[0]
    assert (row["bodies_total"], row["source"]) == (36, "new") and pd.isna(row["members_total"])  # not 2014's 449


def test_a_difference_may_be_negative_but_a_count_may_not(tmp_path):
    folder = tmp_path / "reg"
    folder.mkdir()
    (folder / "count_notes.csv").write_text(
        "scheme_id,pref_code,measure,affair,body_id,delta,note,source,evidence\n"
        "定住自立圏,,bodies,,,-3,three spheres not yet collected,https://www.soumu.go.jp/x,explicit\n", encoding="utf-8")
    (folder / "official_totals.csv").write_text(
        "scheme_id,pref_code,as_of,bodies_total,note,source,evidence\n"
        "定住自立圏,,2024-04-01,-130,,https://www.soumu.go.jp/x,explicit\n", encoding="utf-8")
    _, problems = load_registry([REPO / "data", folder])
    text = [str(p) for p in problems if "reg/" in p.file]
    assert any("official_totals.csv:2:bodies_total" in t and "negative" in t for t in text), text
    assert not any("count_notes" in t for t in text), text
