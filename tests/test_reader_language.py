"""Words and numbers in the reader's language (issue #22), without a browser."""

from __future__ import annotations

import pandas as pd

from dashboard.views.labels import credit_line, display_values, source_label, value_label, yen_text


def test_coded_values_read_in_the_chosen_language():
    frame = pd.DataFrame({"kind": ["municipality", "prefecture", None], "role": ["中心市", "構成団体", "連携市町村"],
                          "evidence": ["explicit", "inferred: 規約第2条", "partial: hub only"], "pop2020": [26029.0, 1000.0, None],
                          "status": ["complete", "not_collected", "partial"]})
    ja, en = display_values(frame, "ja"), display_values(frame, "en")
    assert list(ja["kind"]) == ["市町村", "都道府県", ""]  # never "None"
    assert list(ja["evidence"]) == ["明記", "推定：規約第2条", "一部のみ：hub only"]
    assert list(ja["status"]) == ["公式数に到達", "未収集", "一部のみ"]
    assert list(en["role"]) == ["hub city", "member", "partner municipality"]
    assert list(ja["pop2020"]) == ["26,029", "1,000", ""]  # not 26029.0, and a gap is empty, never "None"
    whole = display_values(frame.assign(pop2020=[26029.0, 1000.0, 5.0]), "ja")
    assert str(whole["pop2020"].dtype) == "Int64" and whole["pop2020"].iloc[0] == 26029  # no gap: stays a number
    assert value_label("scheme", "定住自立圏", "en") == "Settlement and self-reliance sphere"
    assert value_label("kind", "cap", "ja") == "上限額"


def test_yen_the_japanese_way_and_citations():
    assert yen_text(120_000_000) == "1.2億円" and yen_text(82_741_867) == "8,274万円" and yen_text(950) == "950円"
    assert yen_text(15_000_000, "en") == "¥15,000,000"
    shown = display_values(pd.DataFrame({"yen_per_year": [362_662_933]}), "ja")
    assert shown["yen_per_year"].iloc[0] == "3.63億円"
    assert display_values(pd.DataFrame({"yen_per_year": [362_662_933]}), "ja", screen=False)["yen_per_year"].iloc[0] == 362_662_933
    assert source_label("seed 000 (北アルプス連携自立圏 事例) §3", "ja") == "研究会資料 000 (北アルプス連携自立圏 事例) §3"
    assert source_label("seed 000 §3", "en") == "seed 000 §3"
    assert "出典" not in credit_line("出典：総務省統計局 国勢調査; 出典：国立社会保障・人口問題研究所『日本の地域別将来推計人口』", "en")
