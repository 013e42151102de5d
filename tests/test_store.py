"""The built national store: join completeness, population table, registry figures (issue 2, 3)."""


from dashboard.store import sqlite_tables


def test_every_municipality_and_ward_joined_to_a_boundary(store):
    m = store.read("municipalities")
    assert len(m) == 1741 and m["code"].is_unique
    assert m.geometry.notna().all() and (~m.geometry.is_empty).all()
    assert list(m.columns[:4]) == ["code", "name", "type", "pref_code"]
    assert m["code"].str.fullmatch(r"\d{5}").all()
    assert len(store.read("wards")) == 175
    light = store.read("municipalities_light")
    assert len(light) == 1741 and (~light.geometry.is_empty).all()
    other = store.read("other_areas")
    assert sorted(other["kind"].value_counts().to_dict().items()) == [("北方領土", 6), ("所属未定地", 4)]


def test_store_is_a_geopackage_qgis_lists(built_store):
    tables = sqlite_tables(built_store)
    assert "municipalities" in tables and "memberships" in tables


def test_population_series_for_omachi(store):
    pop = store.read("population", where="code = '20212'")
    get = lambda s, y: pop[(pop["series"] == s) & (pop["year"] == y)]["population"].iloc[0]
    assert get("census", 2020) == 26029
    assert get("census", 1980) == 36083
    assert get("ipss2018", 2045) == 16466
    assert get("ipss2023", 2050) == 14411


def test_fukushima_projections_are_missing_or_together_never_zero(store):
    pop = store.read("population", where="code LIKE '07%'")
    ipss = pop[pop["series"] != "census"]
    assert not (ipss["population"] == 0).any()
    p18 = ipss[ipss["series"] == "ipss2018"]
    assert (p18["status"] == "not_projected").all() and p18["population"].isna().all()
    hama = ipss[(ipss["series"] == "ipss2023") & (ipss["code"] == "07546")]
    assert (hama["status"] == "projected_together").all() and (hama["group_code"] == "07999").all()
    groups = store.read("population_groups")
    assert groups[groups["year"] == 2050]["population"].iloc[0] == 307228
    assert len(groups["members"].iloc[0].split(";")) == 13
    # 双葉町: census 2020 is a real 0 (evacuated), kept as an observation
    futaba = pop[(pop["code"] == "07546") & (pop["series"] == "census") & (pop["year"] == 2020)]
    assert futaba["population"].iloc[0] == 0 and futaba["status"].iloc[0] == "observed"


def _members(store, body_id):
    m = store.read("memberships")
    return m[m["body_id"] == body_id]


def test_kitaalps_jiritsu_members_and_spending(store):
    m = _members(store, "kitaalps-jiritsu")
    assert sorted(m["member_name"]) == sorted(["大町市", "池田町", "松川村", "白馬村", "小谷村"])
    assert m.set_index("member_name").loc["大町市", "role"] == "中心市"
    sp = store.read("spending")
    sp = sp[(sp["body_id"] == "kitaalps-jiritsu") & sp["total_thousand_yen"].notna()].set_index("fiscal_year")
    assert sp.loc[2017, "total_thousand_yen"] == 49464
    assert sp["total_thousand_yen"].to_dict() == {2016: 39127, 2017: 49464, 2018: 65275}


def test_kitaalps_fy2018_projects(store):
    pj = store.read("projects")
    pj = pj[(pj["body_id"] == "kitaalps-jiritsu") & (pj["fiscal_year"] == 2018)]
    n = pj["n_projects"].fillna(1)
    assert pj["field"].nunique() == 8 and n.sum() == 19
    per_field = n.groupby(pj["field"]).sum()
    assert per_field["福祉"] == 5 and per_field["圏域マネジメント能力の強化"] == 5


def test_fy2016_disagreement_kept_with_both_sources(store):
    sp = store.read("spending")
    fy16 = sp[(sp["body_id"] == "kitaalps-jiritsu") & (sp["fiscal_year"] == 2016)]
    assert set(fy16["n_projects"]) == {4, 13}
    assert fy16["source"].nunique() == len(fy16) >= 2


def test_ten_regional_unions_of_nagano_with_seed_counts(store):
    from dashboard.views.body.members import count_comparison

    b = store.read("bodies")
    regional = b[b["note"].fillna("").str.contains("広域市町村圏ごと")]
    assert len(regional) == 10
    stated = regional.set_index("name")["stated_members"]
    assert stated["北アルプス広域連合"] == "1市1町3村"
    assert stated["北信広域連合"] == "2市1町3村、3組合"
    members = store.read("memberships")
    munis = store.read("municipalities")
    disagreeing = {}
    for body in regional.to_dict("records"):
        table = count_comparison(body["stated_members"], members[members["body_id"] == body["body_id"]], munis)
        assert table is not None, body["name"]
        if not table["agrees"].all():
            bad = table[~table["agrees"]]
            disagreeing[body["name"]] = bad.set_index("kind")[["stated", "listed"]].to_dict("index")
    # The one disagreement in our sources is kept, not forced: seed 001 says 3市5町.
    assert disagreeing == {"松本広域連合": {"町": {"stated": 5, "listed": 0}, "村": {"stated": 0, "listed": 5}}}


def test_spheres_from_the_seeds(store):
    m = store.read("memberships")
    hub = lambda b: sorted(m[(m["body_id"] == b) & m["role"].isin(["中心市", "連携中枢都市"])]["member_name"])
    assert hub("nagano-renkei") == ["長野市"]
    assert hub("hokushin-teiju") == ["中野市", "飯山市"]
    ueda = m[m["body_id"] == "ueda-teiju"]
    assert "10425" in set(ueda["member_code"])  # 嬬恋村, 群馬県
    ms = store.read("milestones")
    mn = ms[ms["body_id"] == "minamishinshu-teiju"].set_index("kind")["date"]
    assert (mn["中心市宣言"], mn["協定締結"], mn["ビジョン策定"]) == ("2009-03-24", "2009-07-14", "2009-12-24")
    assert ms[(ms["body_id"] == "nagano-renkei") & (ms["kind"] == "連携協約締結")]["date"].iloc[0] == "2016-03-29"
    assert ms[(ms["body_id"] == "nagano-tainou") & (ms["kind"] == "設置")]["date"].iloc[0] == "2010-12-27"


def test_every_kouki_union_has_exactly_its_prefecture(store):
    b = store.read("bodies")
    kouki = b[b["name"].str.endswith("後期高齢者医療広域連合")]
    assert len(kouki) == 47
    m = store.read("memberships")
    munis = store.read("municipalities")
    for body in kouki.to_dict("records"):
        pref = body["pref_codes"]
        got = set(m[m["body_id"] == body["body_id"]]["member_code"])
        assert got == set(munis[munis["pref_code"] == pref]["code"]), body["name"]
    nagano = m[m["body_id"] == "nagano-kouki"]
    assert len(nagano) == 77


def test_non_municipal_members_are_not_given_codes(store):
    m = store.read("memberships")
    hokushin = m[m["body_id"] == "hokushin-kouiki"]
    # its 3 組合 (seed 001: 2市1町3村、3組合), named in data/areas/kumiai-20-31, are bodies, not towns
    unions = hokushin[hokushin["member_kind"].isin(["other", "body"])]
    assert len(unions) == 3 and unions["member_code"].isna().all()
    pref = m[(m["body_id"] == "ishikari-seibu-suido") & (m["member_kind"] == "prefecture")]
    assert list(pref["member"]) == ["01"]


def test_remote_partnership_and_derived_agreement_lines(store):
    links = store.read("links")
    si = links[links["body_id"] == "shinjuku-ina"].set_index("name")
    assert si.loc["友好提携", "date"] == "2006-07-02"
    assert {si.loc["友好提携", "from_code"], si.loc["友好提携", "to_code"]} == {"13104", "20209"}
    assert si[["from_lat", "to_lat"]].notna().all().all()
    derived = links[links["derived"].astype(bool) & (links["body_id"] == "kitaalps-jiritsu")]
    assert len(derived) == 4 and set(derived["from_code"]) == {"20212"}
    hokushin = links[links["body_id"] == "hokushin-teiju"]
    assert len(hokushin) == 2 * 4  # two hubs × four partners


def test_body_outlines_dissolved(store):
    b = store.read("bodies")
    geo = b.set_index("body_id").geometry
    assert geo["nagano-kouki"].area > geo["kitaalps-kouiki"].area > 0
    m = store.read("memberships")
    with_towns = set(m.loc[m["member_code"].notna(), "body_id"])
    assert b[b["body_id"].isin(with_towns)].geometry.notna().all()
    assert b[~b["body_id"].isin(with_towns)].geometry.isna().all()  # no member known: no outline drawn


def test_every_ward_knows_its_designated_city(store):
    wards = store.read("wards")
    cities = store.read("municipalities", where="type = '政令市'")
    assert wards["parent_code"].notna().all()
    assert set(wards["parent_code"]) == set(cities["code"])  # all 20 政令市
    assert wards.set_index("code").loc["01101", "parent_code"] == "01100"  # 札幌市中央区 → 札幌市
