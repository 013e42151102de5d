"""The national vocabularies a body's work is classified by: policy areas and union affairs.

Why here: the registry validates against them, the importer maps published words onto them and the
views group and filter by them, so the lists live once, below all three.  The source's own words
stay in their own columns (``projects.field``, ``affairs.affair``); these are the common keys that
make spheres and unions comparable across Japan.
"""

from __future__ import annotations

# 政策分野 (policy areas) of 定住自立圏構想推進要綱 and 連携中枢都市圏構想推進要綱, grouped as the
# 要綱 group them.  Keys are the values of projects.policy_area; values the group (視点).
SEIKATSU = "生活機能の強化"  # strengthening everyday services
NETWORK = "結びつきやネットワークの強化"  # strengthening links and networks
MANAGEMENT = "圏域マネジメント能力の強化"  # the sphere's management capacity
KEIZAI = "圏域全体の経済成長のけん引"  # 連携中枢都市圏: driving the sphere's economic growth
KOUJI = "高次の都市機能の集積・強化"  # 連携中枢都市圏: higher urban functions

POLICY_AREAS: dict[str, str] = {
    "医療": SEIKATSU,
    "福祉": SEIKATSU,
    "教育・文化・スポーツ": SEIKATSU,
    "土地利用": SEIKATSU,
    "産業振興": SEIKATSU,
    "環境": SEIKATSU,
    "防災": SEIKATSU,
    "地域振興": SEIKATSU,
    "地域公共交通": NETWORK,
    "ICT": NETWORK,
    "交通インフラ": NETWORK,
    "地産地消": NETWORK,
    "交流・移住": NETWORK,
    "人材育成": MANAGEMENT,
    "外部人材": MANAGEMENT,
    "職員交流": MANAGEMENT,
    "産業クラスター・創業": KEIZAI,
    "地域経済の裾野拡大": KEIZAI,
    "観光": KEIZAI,
    "高度医療": KOUJI,
    "高次都市機能・交通網": KOUJI,
    "高等教育・研究開発": KOUJI,
    "その他": "その他",
}
POLICY_GROUPS: tuple[str, ...] = (KEIZAI, KOUJI, SEIKATSU, NETWORK, MANAGEMENT, "その他")
# 連携中枢都市圏's third 視点 (圏域全体の生活関連機能サービスの向上) holds the three groups of the
# 定住自立圏 要綱; the views say so where they show a 連携中枢都市圏.
SEIKATSU_KANREN = "圏域全体の生活関連機能サービスの向上"

# National categories of what a union does (共同処理する事務).  Keys are the values of
# affairs.category and of bodies.purposes; values an English gloss for the interface.
AFFAIR_CATEGORIES: dict[str, str] = {
    "消防": "fire and ambulance",
    "ごみ": "solid waste",
    "し尿": "night soil",
    "火葬場": "crematoria",
    "水道": "water supply",
    "下水道": "sewerage",
    "病院・医療": "hospitals and medical care",
    "介護": "long-term care insurance",
    "福祉": "welfare",
    "教育": "education",
    "職員・共済": "staff and mutual aid",
    "税・滞納整理": "tax collection",
    "広域行政": "regional administration",
    "観光・産業": "tourism and industry",
    "公営競技": "public racing",
    "情報システム": "information systems",
    "国保・後期高齢者医療": "health insurance for the elderly",
    "農林・土地": "agriculture, forestry and land",
    "港湾・交通": "ports and transport",
    "環境": "environment",
    "その他": "other",
}
# The affairs the map offers one at a time nationally (the most common 一部事務組合 purposes first).
MAP_AFFAIRS: tuple[str, ...] = ("消防", "ごみ", "し尿", "火葬場", "水道", "病院・医療", "介護", "国保・後期高齢者医療")

# Words used for a union's purpose before the categories existed (bodies.purposes, importers'
# guesses), mapped onto them, so that old rows and new rows filter alike.
_AFFAIR_SYNONYMS: dict[str, str] = {
    "ごみ処理": "ごみ", "し尿処理": "し尿", "斎場": "火葬場", "病院": "病院・医療", "医療": "病院・医療",
    "救急": "消防", "休日急患診療所": "病院・医療", "後期高齢者医療": "国保・後期高齢者医療",
    "国保": "国保・後期高齢者医療", "障害者": "福祉", "老人福祉": "福祉", "養護老人ホーム": "福祉",
    "学校給食": "教育", "文化": "教育", "スポーツ": "教育", "税務": "税・滞納整理", "税": "税・滞納整理",
    "交通災害共済": "職員・共済", "退職手当": "職員・共済", "公務災害": "職員・共済", "職員研修": "職員・共済",
    "研修": "職員・共済", "人事交流": "職員・共済", "職員採用": "職員・共済", "公平委員会": "職員・共済",
    "観光": "観光・産業", "産業振興": "観光・産業", "食肉センター": "観光・産業", "牧場": "農林・土地",
    "電算": "情報システム", "環境保全": "環境", "港湾": "港湾・交通", "土木": "農林・土地",
    "広域防災": "消防", "消費生活": "その他", "旅券": "その他", "資格試験・免許": "その他",
}


def affair_category(word: str) -> str | None:
    """The national category of a purpose word (``ごみ処理`` → ``ごみ``); None if it has none."""
    word = (word or "").strip()
    if word in AFFAIR_CATEGORIES:
        return word
    return _AFFAIR_SYNONYMS.get(word)
