"""Every UI label in one table: 日本語 first, English by the toggle."""

from __future__ import annotations

import re

from dashboard.registry.wareki import parse_date

LANGS = ("ja", "en")

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("連携アトラス", "Renkei Atlas"),
    "app_subtitle": ("市区町村の広域連携と人口減少", "Inter-municipal cooperation and population decline in Japan"),
    "page_map": ("地図", "Map"),
    "page_body": ("連携体の詳細", "Body detail"),
    "page_analysis": ("分析", "Analysis"),
    "page_sources": ("データと出典", "Data & sources"),
    "filters": ("絞り込み", "Filters"),
    "schemes": ("連携の種類", "Schemes"),
    "prefectures": ("都道府県", "Prefectures"),
    "regions": ("地方で選ぶ", "Select by region"),
    "measure": ("人口指標", "Population measure"),
    "measure_kind": ("指標", "Measure"),
    "kind_census": ("国勢調査人口", "Census population"),
    "kind_change": ("人口増減率 (%)", "Population change (%)"),
    "kind_index": ("人口指数 (基準年=100)", "Population index (base = 100)"),
    "year": ("年", "Year"),
    "from_year": ("基準年", "From"),
    "to_year": ("目標年", "To"),
    "release": ("社人研推計", "IPSS release"),
    "classes": ("階級区分", "Classes"),
    "quantiles": ("分位数", "Quantiles"),
    "natural_breaks": ("自然分類", "Natural breaks"),
    "seed_bins": ("研究会の区分 (100超…50以下)", "Seed 001 bins (100超 … 50以下)"),
    "display": ("表示", "Display"),
    "as_of": ("登録簿の時点", "Registry as of"),
    "as_of_help": ("この日に効力のあった圏域・組合・構成団体を表示します (2009年以降)。",
                   "Shows the bodies and members in force on this day (from 2009)."),
    "as_of_past": ("{day} 時点の登録簿を表示しています", "Showing the registry as of {day}"),
    "body_not_in_force": ("この連携体は {day} 時点では存在しません (存続期間: {span})。",
                          "This body was not in force on {day} (in force: {span})."),
    "in_force": ("存続期間", "In force"),
    "start_unknown": ("開始日不明", "start date unknown"),
    "succeeds": ("前身", "Continues"),
    "succeeded_by": ("後継", "Continued by"),
    "stated_amounts": ("資料に記載された金額 (計算値と並べて表示)", "Amounts stated by sources (shown beside the computed figures)"),
    "layer_incomplete": ("登録簿が未完成の都道府県", "Prefectures with an incomplete registry"),
    "incomplete_tip": ("登録簿が未完成", "Registry incomplete"),
    "members_known": ("構成団体 {known} / {stated} を把握", "{known} of {stated} members known"),
    "members_short": ("構成団体の一覧は不完全です", "The member list is incomplete"),
    "members_complete": ("一覧のとおり (不足の記録なし)", "complete as listed"),
    "computed_partial": ("構成団体が不完全なため、この数値は把握分のみの計算です ({what})。",
                         "Computed from an incomplete member list ({what}): the true figure is larger."),
    "conflict": ("出典間の相違", "Sources disagree"),
    "renkei_check": ("**連携中枢都市圏の構成市町村数** ({day} 時点): 総務省 {official_bodies:.0f} 圏域・延べ {official_members:.0f} 市町村、"
                     "登録簿 {bodies} 圏域・延べ {members} 市町村。差の内訳として、登録簿には加入日が不明で圏域発足時から数えている構成団体が "
                     "{undated} ({spheres_with_undated} 圏域) あり、その一部はこの日より後の加入かもしれません。この日より後に加入した構成団体 "
                     "{joined_after} は数えていません。出典: {source}",
                     "**Metropolitan cooperation sphere members** on {day}: the Ministry of Internal Affairs (総務省) {official_bodies:.0f} spheres, {official_members:.0f} municipalities "
                     "(with repeats); the registry {bodies} spheres, {members}. Towards the difference: {undated} members in "
                     "{spheres_with_undated} spheres have no joining date and are counted from their sphere's start (some may have "
                     "joined later); {joined_after} members who joined after that day are not counted. Source: {source}"),
    "renkei_check_table": ("圏域ごとの内訳", "Per sphere"),
    "registry_coverage_title": ("登録簿の収録状況", "Registry coverage"),
    "coverage_caption": ("都道府県・種類ごとに、登録簿が保持する数と公式の総数。区分: 公式数に到達・一部のみ・未収集・公式数なし。"
                         "未収集は「連携がない」ことを意味しません。",
                         "Per prefecture and scheme: what the registry holds against the official count. complete = reaches it, "
                         "partial = some, not_collected = none yet, unknown = no official count recorded. Not collected never "
                         "means no cooperation."),
    "show_wards": ("政令市を区で表示", "Show wards of designated cities"),
    "base_tiles": ("背景地図タイル (要インターネット)", "Base map tiles (needs internet)"),
    "language": ("English", "English"),
    "search": ("市区町村を検索 (名前・よみ)", "Find a municipality (name or kana)"),
    "search_none": ("該当なし", "No match"),
    "layer_measure": ("人口指標", "Population measure"),
    "layer_unions": ("広域連合・一部事務組合", "Unions"),
    "layer_spheres": ("定住自立圏・連携中枢都市圏ほか", "Partnership spheres"),
    "layer_links": ("協定・連携協約", "Agreements"),
    "layer_remote": ("遠隔連携", "Remote partnerships"),
    "layer_hubs": ("中心市", "Hubs"),
    "layer_upload": ("取り込んだ一覧（このセッションのみ）", "Uploaded list (this session only)"),
    "members_count": ("構成団体数", "Members"),
    "upload_title": ("公表されている一覧を地図に重ねる", "Put a published list on the map"),
    "upload_hint": ("都道府県・総務省が公表する Excel / CSV（.xlsx, .xls, .ods, .csv; {mb} MB まで）をそのまま。"
                    "見出し行・和暦・CP932 を自動で読み、構成団体名を市区町村コードに照合します。",
                    "A prefecture's or 総務省's Excel / CSV as published (.xlsx, .xls, .ods, .csv; up to {mb} MB): "
                    "header row, 和暦 dates and CP932 are detected, member names matched to municipality codes."),
    "upload_label": ("ファイルを選ぶ", "Choose a file"),
    "upload_pref": ("一覧の都道府県（道・県の解決に）", "The list's prefecture (resolves 道/県)"),
    "upload_scheme": ("名称で判らない行の種類", "Scheme where the name does not say"),
    "upload_sheet": ("シート名（空欄: 自動）", "Sheet (empty: found automatically)"),
    "upload_session_only": ("この取り込みはこのセッションだけのものです。サーバーの登録データには書き込まれません。",
                            "This import is for this session only; nothing is written to the server's registry."),
    "upload_report": ("取り込みの報告", "Import report"),
    "upload_clear": ("取り込みを消す（{name}）", "Clear the import ({name})"),
    "upload_zip": ("登録データ形式で保存 (zip)", "Download as a registry folder (zip)"),
    "unresolved_count": ("未解決の名称", "Unresolved names"),
    "tip_name": ("市区町村", "Municipality"),
    "tip_pref": ("都道府県", "Prefecture"),
    "tip_pop": ("人口 (2020年国勢調査)", "Population (census 2020)"),
    "tip_value": ("指標", "Measure"),
    "tip_bodies": ("加入団体", "Bodies"),
    "panel_title": ("選択した市区町村", "Selected municipality"),
    "panel_hint": ("地図の市区町村をクリックすると詳細を表示します。", "Click a municipality on the map to see its details."),
    "population_series": ("人口の推移と推計", "Population: census and projections"),
    "bodies_of": ("加入している連携", "Cooperation bodies"),
    "partners": ("連携相手", "Partners"),
    "role": ("役割", "Role"),
    "since": ("時期", "Since"),
    "body": ("連携体", "Body"),
    "scheme": ("種類", "Scheme"),
    "open_body": ("詳細を開く", "Open"),
    "choose_body": ("連携体を選ぶ", "Choose a body"),
    "legend": ("凡例", "Legend"),
    "no_data": ("不明・推計なし", "No data / not projected"),
    "notice_dropped": ("URL の不正なパラメータを無視しました", "Ignored invalid URL parameters"),
    "source": ("出典", "Source"),
    "members": ("構成団体", "Members"),
    "milestones": ("経過", "Milestones"),
    "affairs": ("処理事務", "Affairs"),
    "projects": ("連携事業", "Projects"),
    "spending": ("事業費", "Spending"),
    "finance": ("国の財政措置", "National financial measures"),
    "download_csv": ("CSV をダウンロード", "Download CSV"),
    "census": ("国勢調査", "Census"),
    "projected_together": ("浜通り地域として一括推計", "projected together (浜通り)"),
    # map page
    "search_placeholder": ("おおまち / 大町市", "おおまち / 大町市 / Omachi"),
    "export": ("書き出し (地図・データ)", "Export (map and data)"),
    "export_hint": ("画像は出典・凡例・縮尺付き。ボタンを押したときに作成します。", "Images carry credits, legend and scale; each file is made when you click."),
    "code": ("コード", "code"),
    "extent_screen": ("画面に表示中の範囲で書き出す", "Export the extent shown on screen"),
    "extent_screen_help": ("オンの間は地図を動かすたびに範囲を記録します (そのたび再実行)。オフなら選択した地域全体。",
                           "While on, the map reports its extent after every pan (each one reruns the page); off, exports cover the selected area."),
    "persons": ("{n} 人", "{n} people"),
    "loading": ("地図データを読み込んでいます…", "Loading the atlas…"),
    "year_order": ("基準年は目標年より前にしてください", "The from-year must come before the to-year"),
    # body page
    "separate_body": ("別法人 (特別地方公共団体)", "a separate legal body (特別地方公共団体)"),
    "no_separate_body": ("別法人を作らない", "no separate legal body"),
    "members_map": ("構成団体の地図 (中心を強調)", "Members (hub highlighted)"),
    "membership": ("構成", "Membership"),
    "compare": ("比較", "Compare"),
    "stated_agrees": ("資料の構成 {stated} と一致", "Matches the source's count {stated}"),
    "stated_differs": ("資料は {stated} と記載; 登録データの構成と異なる (両方を保持)", "The source states {stated}; the listed members differ (both kept)"),
    "population_total": ("**人口の合計** ({n} 構成団体, 面積 {area:,.1f} km²)", "**Population of the members** ({n} members, area {area:,.1f} km²)"),
    "population": ("人口", "Population"),
    "incomplete_years": ("{n} 年次は一部の構成団体に値がないため合計を表示しない (推計なし・一括推計)", "{n} years not summed: some members have no value (not projected / projected together)"),
    "col_date": ("西暦", "Date"),
    "col_wareki": ("和暦", "和暦 (era date)"),
    "col_kind": ("事項", "Event"),
    "col_note": ("備考", "Note"),
    "col_evidence": ("根拠", "Evidence"),
    "index_bin": ("指数の階級 (基準年=100)", "Index class (base = 100)"), "side_hub": ("中心市", "Hub"), "side_partners": ("周辺の市町村", "Partners"),
    "evidence_explicit": ("構成団体を明記", "explicit list"), "evidence_count_only": ("団体数のみ", "count only"),
    "evidence_inferred": ("推定", "inferred"), "page_as_of": ("出典の時点", "source as of"),
    "affairs_prose": ("**主な処理事務 (資料の文章)**", "**Main affairs (as the source words them)**"),
    "affairs_matrix_marks": ("**事務一覧表の○ (資料の表)**", "**Marks in the source's affairs table**"),
    "affairs_matrix": ("**長野県内 10 広域連合の事務一覧 (研究会資料 001 §II-③)**", "**Affairs of Nagano's 10 regional unions (seed 001 §II-③)**"),
    "affairs_totals": ("**計 (資料の記載) と○の数**", "**Stated totals against counted marks**"),
    "affairs_note": ("資料の計と○の数が異なる行を強調。どちらも資料どおりに記録し、一致させない。", "Rows where the stated total and the marks differ are highlighted; both are kept as the source gives them."),
    "fields_projects": ("**{fy}: {fields} 分野 {projects} 事業**", "**{fy}: {fields} fields, {projects} projects**"),
    "n_projects": ("事業数", "Projects"),
    "field": ("分野", "Field"),
    "fiscal_year": ("年度", "Fiscal year"),
    "spending_k": ("事業費 (千円)", "Spending (thousand yen)"),
    "n_fields": ("分野数", "Fields"),
    "status": ("区分", "Status"),
    "conflicting_years": ("資料によって数値が異なる年度があります (両方を保持)", "Sources disagree for some years (both kept)"),
    "finance_note": ("cap = 上限, base = 基本額, estimate = 推計 (普通交付税は資料の一点 (75万人で約2億円) からの比例推計)",
                     "cap = upper limit, base = base amount, estimate = our estimate (普通交付税 scaled from the one point the source gives: about 2億円 for 750,000)"),
    "compare_pick": ("2〜4 の連携体", "Two to four bodies"),
    "map_png": ("地図 PNG", "Map PNG"),
    # analysis page
    "japan": ("全国", "Japan"),
    "scope": ("対象: {area} (サイドバーの都道府県で絞り込み)", "Area: {area} (choose prefectures in the sidebar)"),
    "tab_decline": ("人口減少", "Decline"),
    "tab_hubs": ("中心市と周辺", "Hub and periphery"),
    "tab_coverage": ("加入状況・重層", "Coverage and layering"),
    "tab_eligibility": ("要件の判定", "Eligibility"),
    "decline_title": ("**{area}: {base}年を100とした指数別の市町村数 ({release})**", "**{area}: municipalities by index ({base} = 100), {release}**"),
    "share_pct": ("割合 (%)", "Share (%)"),
    "decline_note": ("研究会資料 001 の表は社人研 2013年推計 (2010年=100) による。ここでは手元の推計 (2018, 2023) を用いる。 不明 = 推計なし・一括推計 (福島県)。",
                     "Seed 001's table uses the IPSS 2013 release (2010 = 100), which we do not have; this uses the 2018 and 2023 releases. Unknown = not projected or projected together (Fukushima)."),
    "hubs_title": ("**圏域ごと: 中心市と周辺の人口増減率 (%)** — 中心市だけが伸びて周辺が縮むのか (研究会資料 002 Q6)",
                   "**Per sphere: change (%) of the hub and of its partners** — does the hub grow while the periphery shrinks? (seed 002 Q6)"),
    "coverage_title": ("**{area}: 連携の種類ごとの加入 (1市町村あたり)**", "**{area}: memberships per scheme (per municipality)**"),
    "coverage_note": ("研究会資料 001 §II-①: 広域連合 1市町村あたり 長野県 3.06 / 全国 1.37 (H26.7.1 総務省調査)。ここでの値は登録データの範囲 (data/README.md) による。",
                      "Seed 001 §II-①: wide-area unions per municipality, Nagano 3.06 / Japan 1.37 (Ministry of Internal Affairs, 2014-07-01). Values here cover what the registry holds (data/README.md)."),
    "bodies_count": ("加入団体数", "Bodies"),
    "no_sphere_title": ("**都道府県別: 連携圏域 (定住自立圏・連携中枢都市圏・県の仕組み) に入っていない市町村**", "**Per prefecture: municipalities in no partnership sphere**"),
    "no_sphere_note": ("登録データにある圏域のみで判定 (欠けている圏域は data/README.md の一覧を参照)。", "Only the spheres in the registry count (see data/README.md, Known to be missing)."),
    "layering_title": ("**二層構造 (研究会資料 001 §III-③): 広域連合 (1階) ごとの圏域 (2階)**", "**Two floors (seed 001 §III-③): spheres (floor 2) on each wide-area union (floor 1)**"),
    "rule": ("要件", "Rule"),
    "rule_hokkaido": ("北海道 市町村連携地域モデル (研究会資料 003)", "Hokkaido municipal partnership model (seed 003)"),
    "rule_teiju": ("定住自立圏 中心市", "Settlement sphere hub city"),
    "rule_renkei": ("連携中枢都市", "Metropolitan sphere core city"),
    "threshold": ("人口減少率 (%) 以上", "Decline (%) at least"),
    "spheres_complete": ("圏域の登録が完全 (自分の登録データで確認済み)", "The registry lists every sphere of the area (checked in my own registry)"),
    "unknown_sphere_note": ("。登録データにない圏域への加入は不明として扱う。", ". Membership of spheres not in the registry counts as unknown."),
    "verdict": ("判定", "Eligible"),
    "day_night_upload": ("昼夜間人口比率 CSV (code,ratio)", "Day/night population ratio CSV (code,ratio)"),
    # map legend
    "legend_classes": ("階級 (色)", "Classes (fill)"),
    "classes_quantiles": ("分位数 (各階級がほぼ同数の市区町村)", "Quantiles (about as many municipalities per class)"),
    "classes_natural_breaks": ("自然分類 (Fisher–Jenks)", "Natural breaks (Fisher–Jenks)"),
    "classes_seed_bins": ("研究会の区分 (研究会資料 001, 指数 100 = 増減なし)", "Seed 001 bins (index 100 = no change)"),
    "palette_diverging": ("。{centre} を境に、減少は橙、増加は紫", "; split at {centre}: decline orange, growth purple"),
    "palette_one_side": ("。全て {centre} の片側: 濃いほど {centre} から遠い", "; all on one side of {centre}: darker = further from it"),
    "layer_boundaries": ("境界", "Boundaries"),
    "legend_prefecture": ("都道府県界", "Prefecture boundary"),
    "legend_municipality": ("市区町村界 (白線)", "Municipal boundary (white)"),
    "legend_selected": ("選択中", "Selected"),
    "legend_incomplete": ("登録簿が未完成 (空白 ≠ 連携なし)", "Registry incomplete (empty ≠ no cooperation)"),
    "legend_links": ("中心市と相手の 1 対 1 協定", "1-to-1 agreement, hub to partner"),
    "legend_remote": ("遠隔地との連携 (例: 新宿区–伊那市)", "Remote partnership (e.g. 新宿区–伊那市)"),
    "legend_hubs": ("中心市・連携中枢都市 (役所の位置)", "Hub city (town hall)"),
    "other_purpose": ("その他の目的", "Other purpose"),
    "unions_note": ("破線の色 = 主な目的", "dash colour = main purpose"),
    "layer_boundaries_name": ("境界", "Boundaries"),
    # widgets
    "series": ("系列", "Series"),
    "choose": ("選択してください", "Choose"),
    "choose_many": ("選択 (未選択 = すべて)", "Choose (none = all)"),
    "close": ("閉じる", "Close"),
    "search_any": ("検索: 市区町村・連携体 (名前・よみ・コード・種類)", "Search municipalities and bodies (name, kana, code, scheme)"),
    "search_placeholder_any": ("おおまち / 大町市 / 20212 / 北アルプス / 定住自立圏", "e.g. a name or kana, a code (20212) or a scheme"),
    "hit_body": ("連携体", "body"),
    "body_panel_title": ("選択した連携体", "Selected body"),
    "open_body_page": ("連携体のページを開く", "Open the body's page"),
    "n_members": ("構成団体 {n}", "{n} members"),
    # sources page
    "registry_title": ("連携の登録データ (data/)", "The cooperation registry (data/)"),
    "not_projected": ("推計なし", "not projected"),
    # --- issue #22 (every click lands where it says): one block, so that branches merge cleanly ---
    "body_shown_on": ("{day} 時点の姿を表示しています。", "Shown as it stood on {day}."),
    "whole_body": ("全体を表示", "Whole body"),
    "empty_milestones": ("経過 (設置・協定締結・ビジョン策定など) は登録簿にまだありません。出典: 団体の沿革、協定書、総務省の一覧。"
                         "data/ の milestones.csv に行を加えると表示されます。",
                         "No milestones in the registry yet (founding, agreements, visions). They come from the body's history, its "
                         "agreements or the ministry's lists; add rows to data/milestones.csv."),
    "rule_hokkaido_text": ("研究会資料 003 第2: 定住自立圏・連携中枢都市圏に属さず、{base}→{target} の人口減少率 ({release}) が {threshold} % 以上",
                           "Seed 003 §2: in no settlement or metropolitan sphere, and a decline {base}→{target} ({release}) of {threshold} % or more"),
    "store_built": ("データ作成 {at} · 元資料 {sources} · 登録データ {registries}", "Store built {at} from {sources}; registries: {registries}"),
    "empty_affairs": ("処理する事務は登録簿にまだありません。出典: 規約 (第4条 共同処理する事務) または総務省「地方公共団体間の事務の共同処理の状況調」。"
                      "data/ の affairs.csv に行を加えると表示されます。",
                      "No affairs in the registry yet. They come from the body's charter (the affairs it handles) or the Ministry of "
                      "Internal Affairs' survey of joint processing; add rows to data/affairs.csv."),
    "empty_projects": ("事業は登録簿にまだありません。出典: 共生ビジョン・連携中枢都市圏ビジョンの事業一覧 (事業費一覧表)。"
                       "data/ の projects.csv に行を加えると表示されます。",
                       "No projects in the registry yet. They come from the sphere's vision and its list of projects and costs; "
                       "add rows to data/projects.csv."),
    "empty_spending": ("事業費は登録簿にまだありません。出典: ビジョンの事業費一覧表、または組合の決算書。"
                       "data/ の spending.csv に行を加えると表示されます。",
                       "No spending in the registry yet. It comes from the vision's table of project costs or the union's "
                       "settled accounts; add rows to data/spending.csv."),
}


def t(key: str, lang: str = "ja") -> str:
    """The label in the chosen language (Japanese if unknown)."""
    ja, en = LABELS[key]
    return en if lang == "en" else ja


# Column headers of the tables the pages show (views return data; the UI labels it).
COLUMNS: dict[str, tuple[str, str]] = {
    "member": ("構成団体", "Member"), "kind": ("種別", "Kind"), "code": ("コード", "Code"), "role": ("役割", "Role"),
    "since": ("加入", "Since"), "since_wareki": ("加入 (和暦)", "Since (era)"), "pop2020": ("人口 2020", "Population 2020"),
    "pop2045": ("推計人口 2045", "Projected 2045"), "pop2050": ("推計人口 2050", "Projected 2050"),
    "change_pct": ("増減率 (%)", "Change (%)"), "projection": ("推計", "Projection"), "evidence": ("根拠", "Evidence"),
    "source": ("出典", "Source"), "sources": ("出典", "Sources"), "conflict": ("出典間の相違", "Sources disagree"),
    "partner": ("連携相手", "Partner"), "pref": ("都道府県", "Prefecture"), "agreement": ("協定", "Agreement"),
    "body": ("連携体", "Body"), "date": ("締結日", "Date"), "scheme": ("種類", "Scheme"),
    "fiscal_year_label": ("年度", "Fiscal year"), "fiscal_year": ("年度", "Fiscal year"), "field": ("分野", "Field"),
    "name": ("名称", "Name"), "n": ("番号", "No."), "n_projects": ("事業数", "Projects"), "lead": ("主体", "Lead"),
    "cost_thousand_yen": ("事業費 (千円)", "Cost (thousand yen)"), "total_thousand_yen": ("事業費 (千円)", "Spending (thousand yen)"),
    "n_fields": ("分野数", "Fields"), "status": ("区分", "Status"), "figure": ("項目", "Figure"), "values": ("値", "Values"),
    "municipalities": ("市町村数", "Municipalities"), "other_members": ("その他の構成", "Other members"),
    "member_list": ("構成団体", "Members"), "fields": ("分野", "Fields"), "projects": ("事業", "Projects"),
    "fields_latest_fy": ("分野 (最新年度)", "Fields (latest FY)"), "projects_latest_fy": ("事業 (最新年度)", "Projects (latest FY)"),
    "agreement_items": ("協定・ビジョンの取組", "Agreement items"),
    "spending_by_fy_千円": ("年度別事業費 (千円)", "Spending by FY (thousand yen)"), "measure": ("措置", "Measure"),
    "amount_yen": ("金額 (円)", "Amount (yen)"), "label": ("記載", "As stated"), "stated": ("資料の記載", "Stated"),
    "listed": ("登録データ", "Listed"), "agrees": ("一致", "Agrees"), "rule": ("規則", "Rule"), "basis": ("根拠", "Basis"),
    "amount": ("金額", "Amount"), "recipient_role": ("対象", "Recipient"), "recipients": ("対象団体", "Recipients"),
    "yen_per_year": ("年額 (円)", "Yen per year"), "computation": ("計算", "Computation"), "from_fy": ("開始年度", "From FY"),
    "completeness": ("構成団体の把握", "Member list"), "unit": ("単位", "Unit"), "assumption": ("仮定", "Assumption"), "note": ("備考", "Note"),
    # analysis and data pages
    "bodies": ("連携体数", "Bodies"), "member_municipalities": ("加入市町村数", "Member municipalities"),
    "memberships": ("加入件数", "Memberships"), "per_municipality": ("1市町村あたり", "Per municipality"),
    "bodies_with_incomplete_lists": ("構成が未確定の連携体", "Bodies with incomplete lists"),
    "pref_code": ("都道府県コード", "Prefecture code"), "pref_name": ("都道府県", "Prefecture"),
    "in_sphere": ("圏域に加入", "In a sphere"), "in_no_sphere": ("圏域に未加入", "In no sphere"),
    "share_no_sphere": ("未加入の割合 (%)", "Share in no sphere (%)"), "union": ("組合・広域連合", "Union"),
    "union_members": ("組合の構成数", "Union members"), "sphere": ("圏域", "Sphere"),
    "shared_members": ("共通の構成団体", "Shared members"), "member_lists": ("構成団体の把握", "Member lists"),
    "in_national_sphere": ("国の圏域に加入", "In a national sphere"), "decline_pct": ("減少率 (%)", "Decline (%)"),
    "eligible": ("判定", "Eligible"), "reason": ("理由", "Reason"), "scheme_id": ("種類", "Scheme"),
    "counted_on": ("集計日", "Counted on"), "bodies_official": ("公式の連携体数", "Bodies (official)"),
    "members": ("構成団体数", "Members"), "members_official": ("公式の構成団体数", "Members (official)"),
    "bodies_short": ("不足する連携体", "Bodies missing"), "official_as_of": ("公式数の時点", "Official count as of"),
    "official_source": ("公式数の出典", "Official count source"), "body_id": ("連携体ID", "Body id"),
    "undated": ("加入日不明", "Undated"), "data": ("データ", "Data"), "publisher": ("提供者", "Publisher"),
    "credit line": ("出典表記", "Credit line"), "files": ("ファイル", "Files"),
    "hub_change_2020_2050": ("中心市の増減 2020→2050 (%)", "Hub change 2020→2050 (%)"),
    "partners_change_2020_2050": ("周辺の増減 2020→2050 (%)", "Partners change 2020→2050 (%)"),
    "total_change_2020_2050": ("圏域全体の増減 2020→2050 (%)", "Whole sphere change 2020→2050 (%)"),}


def column_label(name: str, lang: str = "ja") -> str:
    """A table column's header in the chosen language (the name itself when unknown)."""
    if name in COLUMNS:
        ja, en = COLUMNS[name]
        return en if lang == "en" else ja
    return name


def format_date(value: str, lang: str = "ja") -> str:
    """'2016-03-29' → '2016年3月29日 (平成28年)' in Japanese, '2016-03-29' in English; '' stays ''."""
    if not value:
        return ""
    if lang == "en":
        return value
    try:
        d = parse_date(value)
        era = d.wareki()
    except ValueError:
        return value
    iso = str(value)[:10]
    try:
        y, m, day = (int(x) for x in iso.split("-"))
    except ValueError:
        return value
    era_year = era.split("年")[0] + "年" if "年" in era else era
    return f"{y}年{m}月{day}日 ({era_year})"


def evidence_label(level: str, lang: str = "ja") -> str:
    """An evidence level (explicit / count_only / inferred) in the chosen language; other values as they are."""
    key = f"evidence_{level}"
    return t(key, lang) if key in LABELS else value_label("evidence", str(level), lang)


# --- issue-work (#18 visions, policy areas, money; #20 affairs; #19 source kinds): one block -------------
LABELS.update({
    "vision": ("ビジョン・計画", "Vision or plan"),
    "vision_current": ("現行: [{title}]({source}) ({kind}; 計画期間 {period}; 策定 {adopted}; 改訂 {revised})",
                       "Current: [{title}]({source}) ({kind}; period {period}; adopted {adopted}; revised {revised})"),
    "vision_earlier": ("過去のビジョン・計画", "Earlier visions and plans"),
    "unknown": ("不明", "unknown"),
    "policy_areas": ("政策分野別の取組", "Items by policy area"),
    "policy_group_count": ("**{group}**: {items} 件", "**{group}**: {items} items"),
    "money_title": ("年度別の事業費 (予定と実績を並べて表示。合算しません)", "Spending by fiscal year (planned and settled side by side, never added)"),
    "union_money_title": ("年度別の歳出 (一般会計・特別会計; 予算と決算を並べて表示)", "Expenditure by fiscal year (general and special accounts; budget and settlement side by side)"),
    "money_partial": ("一部の数値は全体を表していません (「一部」列を参照)。", "Some figures stand for less than the whole (see the Partial column)."),
    "compare_policy": ("政策分野別の取組数 (空欄: 取組が未収録)", "Items per policy area (blank: no items recorded)"),
    "affair_services": ("事務ごとの処理主体", "Who handles each affair"),
    "affair_alone": ("単独", "alone"),
    "affair_unrecorded": ("未収録", "not recorded"),
    "affair_filter": ("組合の事務", "Union affair"),
    "affair_default": ("既定 (全国: 消防、都道府県: すべて)", "Default (Japan: fire; a prefecture: all)"),
    "affair_all": ("すべて (都道府県表示のみ)", "All (prefecture views only)"),
    "policy_all": ("すべての圏域", "Every sphere"),
    "tab_policy": ("連携の分野", "What spheres cooperate on"),
    "policy_title": ("政策分野ごとの圏域数 (取組が1件以上ある圏域)", "Spheres per policy area (with at least one item)"),
    "policy_by": ("集計の単位", "Count by"),
    "policy_known": ("取組が収録されている圏域: {known} / {total} (残りは未収録であり、取組がないことを意味しません)",
                     "Spheres whose items are recorded: {known} of {total} (the rest are unknown, not without items)"),
    "policy_none": ("政策分野つきの取組はまだ収録されていません (projects.csv の policy_area)。", "No items with a policy area recorded yet (projects.csv policy_area)."),
    "facts_coverage_title": ("ビジョン・政策分野・金額の収録状況", "Visions, policy areas and amounts held"),
    "facts_coverage_by_pref": ("都道府県別", "By prefecture"),
    "money_upload_title": ("事業費一覧表・予算表を読み込む (このセッションのみ)", "Read a 事業費一覧表 or budget table (this session only)"),
    "money_upload_hint": ("連携体を選び、ビジョンの事業費一覧表または組合の予算・決算表 (.xlsx/.xls/.ods/.csv) を選んでください。単位と年度の列が見つからない表は読み込みません。",
                          "Choose the body, then a vision's 事業費一覧表 or a union's budget table (.xlsx/.xls/.ods/.csv). A table whose unit or fiscal-year columns cannot be found is refused."),
    "differences_title": ("公式数との差 ({n} 件、うち説明が足りないもの {unexplained} 件)",
                          "Differences from the official counts ({n}; {unexplained} not fully explained)"),
    "differences_caption": ("上の表で収録数が公式数と異なる欄ごとに、その理由 (count_notes.csv、各行に出典)。「差」は収録数 − 公式数。",
                            "For each cell above where the registry differs from the official count, why (count_notes.csv, each row sourced). Difference = held − official."),
    "affair_coverage_title": ("一部事務組合の収録状況 (都道府県 × 事務)", "Partial-affairs associations held, by prefecture and affair"),
    "affair_coverage_caption": ("各欄: 収録数 / 公式数 (? は公式数なし)。公式数は都道府県の計画等が事務ごとに示す組合数 (official_totals.csv の note)。",
                                "Each cell: held / official (? = no official count). Official counts are per-affair counts a prefecture publishes (official_totals.csv, note)."),
    "policy_filter": ("政策分野", "Policy area"),
    "affair_incomplete": ("この事務の組合が未完の都道府県", "Prefectures whose unions for this affair are incomplete"),
    "source_kind": ("出典の種類", "Source kind"),
    "kind_official": ("公式", "official"), "kind_press": ("報道", "press"),
    "kind_reference": ("参考", "reference"), "kind_secondary": ("二次資料", "secondary"),
    "kind_unknown": ("不明", "unclassified"),
    "source_kinds_title": ("出典の種類 (構成団体の行)", "Source kinds (membership rows)"),
    "source_kinds_caption": ("公式=自治体・組合・省庁・例規集、報道=新聞・放送、参考=辞典・研究、二次資料=写し・ブログ、deny=使えない出典 (data/hosts.csv で分類; %)",
                             "official = municipality, union, ministry, 例規集; press; reference; secondary = copies and blogs; deny = not usable (classified by data/hosts.csv; %)"),
    "audits_title": ("監査の記録 (新しい順)", "Audits (latest first)"),
    "audits_none": ("監査の記録はまだありません (data/audits/)。python -m dashboard audit --sample 30 --seed N で確認表を作れます。",
                    "No audit recorded yet (data/audits/). python -m dashboard audit --sample 30 --seed N prints a checklist."),
    "audit_line": ("{date} (seed {seed}): 確認 {confirmed} / 一部確認 {partly} / 誤り {wrong} / 確認不能 {unverifiable} — 修正: {fixed}",
                   "{date} (seed {seed}): confirmed {confirmed} / partly {partly} / wrong {wrong} / unverifiable {unverifiable} — fixed: {fixed}"),
    "col_planned": ("予定", "planned"), "col_settled": ("実績", "settled"),
})
COLUMNS.update({
    "period": ("計画期間", "Period"), "adopted": ("策定", "Adopted"), "revised": ("改訂", "Revised"),
    "title": ("名称", "Title"), "current": ("現行", "Current"), "policy_group": ("視点", "Group"),
    "policy_area": ("政策分野", "Policy area"), "items": ("取組数", "Items"), "account": ("会計", "Account"),
    "planned_thousand_yen": ("予定 (千円)", "Planned (thousand yen)"), "settled_thousand_yen": ("実績 (千円)", "Settled (thousand yen)"),
    "planned_yen_per_resident": ("予定 1人あたり (円)", "Planned per resident (yen)"),
    "settled_yen_per_resident": ("実績 1人あたり (円)", "Settled per resident (yen)"),
    "partial": ("一部", "Partial"), "sources_differ": ("出典間の相違", "Sources differ"),
    "affair_category": ("事務", "Affair"), "official": ("公式 (%)", "Official (%)"), "press": ("報道 (%)", "Press (%)"),
    "reference": ("参考 (%)", "Reference (%)"), "secondary": ("二次資料 (%)", "Secondary (%)"), "deny": ("使用不可 (%)", "Denied (%)"),
    "document": ("資料 (%)", "Document (%)"), "rows": ("行数", "Rows"), "spheres": ("圏域数", "Spheres"), "spheres_total": ("圏域数 (全体)", "Spheres (all)"),
    "spheres_with_items": ("取組収録済みの圏域", "Spheres with items"), "known_share_pct": ("収録率 (%)", "Known (%)"),
    "with_vision": ("ビジョンあり", "With a vision"), "with_policy_areas": ("政策分野あり", "With policy areas"),
    "measure": ("比べる数", "Measure"), "affair": ("事務", "Affair"), "held": ("収録数", "Held"), "official_total": ("公式数", "Official"),
    "difference": ("差", "Difference"), "explained": ("説明された差", "Explained"), "state": ("説明", "Explanation"),
    "notes": ("理由", "Why"),
    "with_amounts": ("金額あり", "With amounts"), "unions": ("組合数", "Unions"), "unions_official": ("公式の組合数", "Unions (official)"), "handled_by": ("処理主体", "Handled by"), "source_kind": ("出典の種類", "Source kind"),
})


# --- issue #22: values (not only headers) in the reader's language --------------------------------
# Codes the registry stores in English (member kind, evidence level, coverage and projection
# status) and the Japanese role names, each in both languages: the Japanese interface showed
# "explicit", "municipality", "complete / partial / not_collected"; the English one kept 構成団体.
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "構成団体": ("構成団体", "member"), "近隣市町村": ("近隣市町村", "neighbouring municipality"),
    "連携市町村": ("連携市町村", "partner municipality"), "中心市": ("中心市", "hub city"),
    "連携中枢都市": ("連携中枢都市", "core city"), "partner": ("連携先", "partner"),
    "中心 (中心市)": ("中心 (中心市)", "hub (hub city)"), "中心 (連携中枢都市)": ("中心 (連携中枢都市)", "hub (core city)"),
}
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {"municipality": ("市町村", "municipality"), "prefecture": ("都道府県", "prefecture"),
             "body": ("一部事務組合等", "union or other body"),
             # national financial measures: how the amount is stated by the rule
             "estimate": ("試算", "estimate"), "base": ("基本額", "base amount"), "cap": ("上限額", "cap")},
    "status": {"complete": ("公式数に到達", "complete"), "partial": ("一部のみ", "partial"),
               "not_collected": ("未収集", "not collected"), "unknown": ("公式数なし", "no official count"),
               "ok": ("値あり", "value"), "実績": ("実績", "actual"), "予定": ("予定", "planned"),
               "not_projected": ("推計なし", "not projected"), "projected_together": ("一括推計", "projected together"),
               "missing": ("データなし", "no data"), "observed": ("実績値", "observed"), "projected": ("推計値", "projected")},
    "projection": {"not_projected": ("推計なし", "not projected"), "projected_together": ("一括推計", "projected together"),
                   "missing": ("データなし", "no data")},
    "role": ROLE_LABELS,
    "recipient_role": ROLE_LABELS,
}
VALUE_LABELS["member_kind"] = VALUE_LABELS["kind"]
# The schemes (data/schemes.csv holds the same names; tables carry only the id).
VALUE_LABELS["scheme"] = VALUE_LABELS["scheme_id"] = {
    "広域連合": ("広域連合", "Wide-area union"), "一部事務組合": ("一部事務組合", "Partial-affairs association"),
    "定住自立圏": ("定住自立圏", "Settlement and self-reliance sphere"), "連携中枢都市圏": ("連携中枢都市圏", "Metropolitan cooperation sphere"),
    "連携自立圏": ("連携自立圏", "Nagano prefecture-supported partnership sphere"),
    "市町村連携地域モデル": ("市町村連携地域モデル", "Hokkaido municipal partnership model"), "遠隔連携": ("遠隔連携", "Remote partnership"),
}
VALUE_LABELS["measure"] = {"bodies": ("団体数", "bodies"), "members": ("構成市町村数 (重複を含む)", "members (with repeats)")}
VALUE_LABELS["state"] = {"unexplained": ("説明なし", "unexplained"), "partly explained": ("一部のみ説明", "partly explained"),
                         "explained": ("説明済み", "explained")}
VALUE_LABELS["eligible"] = {"yes": ("該当", "yes"), "no": ("非該当", "no"), "unknown": ("不明", "unknown")}
VALUE_LABELS["reason"] = {
    "in a 定住自立圏 / 連携中枢都市圏": ("定住自立圏・連携中枢都市圏に加入", "in a settlement or metropolitan sphere"),
    "no projection": ("推計なし", "no projection"), "meets both criteria": ("両方の要件を満たす", "meets both criteria"),
    "decline meets the rule; sphere membership unknown (registry lists only some spheres)":
        ("減少率は要件を満たす。圏域への加入は不明 (登録データは一部の圏域のみ)", "decline meets the rule; sphere membership unknown (registry lists only some spheres)"),
}
SOURCE_COLUMNS = ("source", "sources", "出典")
# The Japanese credit lines the sources' terms ask for, glossed for the English interface.
CREDITS_EN = {
    "出典：総務省統計局 国勢調査": "Source: Statistics Bureau of Japan, Population Census",
    "出典：国立社会保障・人口問題研究所『日本の地域別将来推計人口』": "Source: IPSS, Regional Population Projections for Japan",
    "出典：国土交通省 国土数値情報（行政区域データ）を加工して作成": "Source: MLIT National Land Numerical Information (administrative boundaries), processed",
}


def credit_line(text: str, lang: str = "ja") -> str:
    """A credit line ('出典：…', several joined by '; ') in the reader's language."""
    if lang != "en":
        return text
    return "; ".join(CREDITS_EN.get(part.strip(), part.strip()) for part in text.split(";"))


def source_label(text: str, lang: str = "ja") -> str:
    """A source citation in the reader's language: 'seed 001 §3' → '研究会資料 001 §3' in Japanese."""
    if lang == "en" or not isinstance(text, str):
        return text
    return re.sub(r"\bseed (\d{3})", r"研究会資料 \1", text)
EVIDENCE_PREFIXES = {"explicit": ("明記", "explicit"), "count_only": ("団体数のみ", "count only"),
                     "inferred": ("推定", "inferred"), "partial": ("一部のみ", "partial"), "names_inferred": ("名称から推定", "names inferred")}


def value_label(column: str, value, lang: str = "ja"):
    """One cell's code in the chosen language (unknown codes and non-text values unchanged)."""
    if not isinstance(value, str):
        return value
    if column in SOURCE_COLUMNS:
        return source_label(value, lang)
    if column in ("evidence", "evidence_level"):
        head, sep, rest = value.partition(":")
        if head.strip() in EVIDENCE_PREFIXES:
            ja, en = EVIDENCE_PREFIXES[head.strip()]
            return (en if lang == "en" else ja) + (("：" if lang == "ja" else ": ") + rest.strip() if sep else "")
        return value
    pair = VALUE_LABELS.get(column, {}).get(value)
    return (pair[1] if lang == "en" else pair[0]) if pair else value


YEN_COLUMNS = ("yen_per_year", "amount_yen")


def yen_text(value, lang: str = "ja") -> str:
    """An amount in yen as a reader writes it: 1.2億円, 8,274万円, 950円 (English: ¥82,741,867)."""
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)
    if lang == "en":
        return f"¥{v:,.0f}"
    if abs(v) >= 1e8:
        return f"{v / 1e8:,.2f}".rstrip("0").rstrip(".") + "億円"
    if abs(v) >= 1e4:
        return f"{v / 1e4:,.0f}万円"
    return f"{v:,.0f}円"


def display_values(frame, lang: str = "ja", screen: bool = True):
    """A copy of ``frame`` whose coded cells read in ``lang``; empty cells empty (never "None").

    Whole-number float columns (a population of 26029.0, a count of 4.0) become integers.  On
    ``screen`` (not in a CSV, which keeps numbers as numbers) amounts in yen read as 1.2億円 / 8,274万円,
    and a whole-number column with gaps is shown as text ("1,466" and ""), since a grid draws a
    missing number as "None"."""
    import pandas as pd

    columns = list(frame.columns)
    out = frame.copy()
    out.columns = range(len(columns))  # by position: a table may repeat a header
    for i, col in enumerate(columns):
        series = out[i]
        if screen and str(col) in YEN_COLUMNS and pd.api.types.is_numeric_dtype(series.dtype):
            out[i] = series.map(lambda v: yen_text(v, lang)).astype(object)
            continue
        if pd.api.types.is_float_dtype(series.dtype):
            known = series.dropna()
            if len(known) and (known == known.round()).all() and not str(col).endswith(("pct", "ratio")):
                whole = series.round().astype("Int64")
                gaps = screen and whole.isna().any()
                out[i] = whole.map(lambda v: "" if pd.isna(v) else f"{int(v):,}").astype(object) if gaps else whole
            continue
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            name = str(col)
            out[i] = series.map(lambda v, c=name: value_label(c, v, lang), na_action="ignore").astype(object).where(series.notna(), "")
    out.columns = columns
    return out


# Headers of the exported CSVs where they differ from the on-screen tables' (COLUMNS).
EXPORT_COLUMNS: dict[str, tuple[str, str]] = {
    "measure": ("指標 (URL の表記)", "Measure (as in the URL)"), "measure_label": ("指標", "Measure"),
    "value": ("値", "Value"), "class": ("階級", "Class"), "type": ("種別", "Type"),
    "status": ("値の状態", "Value status"), "bodies": ("加入している連携体 (役割)", "Bodies (role)"),
    "policy_area": ("政策分野", "Policy area"), "name": ("名称", "Name"),
}


def export_header(name: str, lang: str = "ja") -> str:
    """A CSV column's header: Japanese by default, English on request."""
    if name in EXPORT_COLUMNS:
        ja, en = EXPORT_COLUMNS[name]
        return en if lang == "en" else ja
    return column_label(name, lang)
