"""The registry format: one CSV per table, declared here once.

The declarations drive validation, the typed loader and the format documentation in
``data/README.md`` (``python -m dashboard schema`` prints it), so the three cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .taxonomy import AFFAIR_CATEGORIES, POLICY_AREAS

# Roles a member can hold.  Which roles a scheme admits is data (schemes.csv `roles`).
ROLES = (
    "中心市",  # hub of a 定住自立圏 (or of a prefecture scheme modelled on it)
    "近隣市町村",  # neighbour that signed a 定住自立圏形成協定 with the 中心市
    "連携中枢都市",  # hub of a 連携中枢都市圏
    "連携市町村",  # partner bound to the hub by a 連携協約
    "構成団体",  # constituent member of a 広域連合 / 一部事務組合
    "partner",  # party to a remote or non-legal partnership
)
MEMBER_KINDS = (
    "municipality",  # `member` is a 5- or 6-digit code
    "body",  # another registry body (e.g. a 組合 that is a member of 北信広域連合)
    "prefecture",  # a prefecture (2-digit code) that is itself a member
    "all_municipalities_of_prefecture",  # every municipality of the prefecture `member`
    "other",  # a member we can name but not code (an unlisted 組合); `member_name` required
)
CATEGORIES = ("union", "sphere", "prefecture_scheme", "partnership")
MILESTONE_KINDS = (
    "中心市宣言",
    "連携中枢都市宣言",
    "協定締結",
    "連携協約締結",
    "ビジョン策定",
    "設置",
    "変更",
    "追加協定",
    "提携",
    "その他",
)
LINK_KINDS = ("定住自立圏形成協定", "連携協約", "友好提携", "協定")  # 1-to-1 agreements
LISTINGS = ("prose", "matrix")
VISION_KINDS = ("共生ビジョン", "都市圏ビジョン", "地域連携ビジョン", "広域計画", "計画")
SPENDING_STATUS = ("実績", "予定")
# explicit: the source lists it; count_only: the source gives a count, not the names;
# inferred: deduced (say from what); partial: known to be incomplete (say what is missing).
EVIDENCE_KINDS = ("explicit", "count_only", "inferred", "partial")
FINANCIAL_BASIS = ("fixed", "per_member", "by_population")
FINANCIAL_KIND = ("cap", "estimate", "base")


@dataclass(frozen=True)
class Column:
    """One column: its type, whether it may be empty, and what it must refer to."""

    name: str
    kind: str = "text"  # text | int | signed | money | date | dates | fy | code | pref | bool | enum | list | evidence
    required: bool = True  # column must be present
    nonempty: bool = True  # every cell must have a value
    choices: tuple[str, ...] = ()
    ref: str | None = None  # "table.column" foreign key
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    extra_required: tuple[str, ...] = field(default=())

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SOURCE = Column("source", doc="document and section (seed 001 §II-②) or page address")
EVIDENCE = Column(
    "evidence",
    kind="evidence",
    doc="explicit, count_only: (what), inferred: (from what), or partial: (what is missing)",
)
AS_OF = Column("as_of", "date", required=False, nonempty=False,
               doc="the date the source describes (its 現在 date), if it gives one")

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "schemes",
            "The kinds of cooperation, their legal basis and the roles they admit.",
            (
                Column("scheme_id", doc="stable id, e.g. 定住自立圏"),
                Column("name_ja"),
                Column("name_en"),
                Column("category", "enum", choices=CATEGORIES),
                Column("legal_basis", doc="e.g. 地方自治法 第284条"),
                Column("separate_legal_body", "bool", doc="true if the body is a 特別地方公共団体"),
                Column("roles", "list", doc="roles a member may hold, separated by ;"),
                Column("hub_role", nonempty=False, doc="the role of the hub, if the scheme has one"),
                Column("hub_agreement", "enum", nonempty=False, choices=LINK_KINDS,
                       doc="agreement every partner signs 1-to-1 with the hub (drawn as hub→partner lines)"),
                Column("description", nonempty=False),
                SOURCE,
                EVIDENCE,
            ),
            key=("scheme_id",),
        ),
        Table(
            "financial_rules",
            "National financial measures per scheme and role (caps and estimates), from which "
            "the atlas computes a body's figures.",
            (
                Column("rule_id"),
                Column("scheme_id", ref="schemes.scheme_id"),
                Column("recipient_role", "enum", choices=ROLES),
                Column("measure", doc="特別交付税 | 普通交付税 | …"),
                Column("basis", "enum", choices=FINANCIAL_BASIS),
                Column("kind", "enum", choices=FINANCIAL_KIND),
                Column("amount_yen", "money", doc="yen a year (per recipient for per_member)"),
                Column("population_ref", "int", nonempty=False, doc="by_population: the population the amount is stated for"),
                Column("from_fy", "fy", nonempty=False),
                Column("label", doc="the rule as the source words it"),
                SOURCE,
                EVIDENCE,
            ),
            key=("rule_id",),
        ),
        Table(
            "bodies",
            "A union or sphere: one row each.",
            (
                Column("body_id", doc="stable ASCII-or-Japanese id used in URLs"),
                Column("name"),
                Column("kana", required=False, nonempty=False, doc="reading in hiragana, for search"),
                Column("scheme_id", ref="schemes.scheme_id"),
                Column("pref_codes", "list", doc="2-digit prefecture codes, ; separated"),
                Column("purposes", "list", nonempty=False, doc="ごみ処理;消防;介護;… for colouring"),
                Column("joint_hub", "bool", nonempty=False, doc="true if two or more hubs (複眼型)"),
                Column("stated_members", nonempty=False, doc="member count as the source states it, e.g. 1市1町3村"),
                Column("members_total", "int", required=False, nonempty=False,
                       doc="members (hub included) the source says the body has at as_of: drives \"3 of 7 known\""),
                Column("since", "date", required=False, nonempty=False,
                       doc="start (first 協定 / 連携協約, 設置); empty: the earliest such milestone"),
                Column("until", "date", required=False, nonempty=False, doc="end (dissolved, or became another body)"),
                Column("succeeds", required=False, nonempty=False, ref="bodies.body_id",
                       doc="the body this one continues (八戸圏域定住自立圏 → 八戸圏域連携中枢都市圏)"),
                Column("note", nonempty=False),
                SOURCE,
                AS_OF,
                EVIDENCE,
            ),
            key=("body_id",),
        ),
        Table(
            "milestones",
            "Dated events of a body: 中心市宣言, 協定締結, ビジョン策定, 設置, 変更 ….",
            (
                Column("body_id", ref="bodies.body_id"),
                Column("kind", "enum", choices=MILESTONE_KINDS),
                Column("date", "date", doc="ISO (2016-03-29, 2016-03) or 和暦 (平成28年3月29日, H28.3.29)"),
                Column("note", nonempty=False),
                SOURCE,
                EVIDENCE,
            ),
        ),
        Table(
            "memberships",
            "Who belongs to which body, in what role, from when until when.  Two sources that disagree "
            "are two rows (same member, different source); the app shows both.",
            (
                Column("body_id", ref="bodies.body_id"),
                Column("member_kind", "enum", choices=MEMBER_KINDS),
                Column("member", doc="code, body_id or prefecture code (see member_kind)"),
                Column("member_name", nonempty=False, doc="name as the source gives it"),
                Column("role", "enum", choices=ROLES),
                Column("since", "date", nonempty=False),
                Column("until", "date", required=False, nonempty=False, doc="the member left (empty: still a member)"),
                Column("note", nonempty=False),
                SOURCE,
                AS_OF,
                EVIDENCE,
            ),
            key=("body_id", "member_kind", "member", "source"),
        ),
        Table(
            "links",
            "Explicit 1-to-1 agreements (協定, 連携協約) and remote partnerships.",
            (
                Column("link_id"),
                Column("kind", "enum", choices=LINK_KINDS),
                Column("body_id", ref="bodies.body_id", nonempty=False),
                Column("from_code", "code"),
                Column("to_code", "code"),
                Column("date", "date", nonempty=False),
                Column("name", nonempty=False),
                Column("note", nonempty=False),
                SOURCE,
                EVIDENCE,
            ),
            key=("link_id",),
        ),
        Table(
            "affairs",
            "事務 a union handles, as listed in prose or marked in a matrix.",
            (
                Column("body_id", ref="bodies.body_id"),
                Column("affair", doc="the affair in the source's own words"),
                Column("category", "enum", required=False, nonempty=False, choices=tuple(AFFAIR_CATEGORIES),
                       doc="national category (消防, ごみ, し尿, 火葬場, 水道 …); empty: derived from the body's purposes"),
                Column("listing", "enum", choices=LISTINGS),
                SOURCE,
                EVIDENCE,
            ),
            key=("body_id", "affair", "listing"),
        ),
        Table(
            "own_affairs",
            "事務 a municipality handles alone (単独処理) where a source says so, so that its panel can say "
            "単独 rather than 未収録 (not recorded) for an affair no union of it handles.",
            (
                Column("code", "code", doc="the municipality's 5- or 6-digit code"),
                Column("name", nonempty=False, doc="the municipality's name as the source gives it"),
                Column("category", "enum", choices=tuple(AFFAIR_CATEGORIES), doc="消防, ごみ, し尿, 火葬場, 水道 …"),
                Column("note", required=False, nonempty=False, doc="the source's words (e.g. 市消防本部, 市営斎場)"),
                SOURCE,
                AS_OF,
                EVIDENCE,
            ),
            key=("code", "category", "source"),
        ),
        Table(
            "affair_totals",
            "Totals per affair as a source states them (kept beside the marks, never forced to agree).",
            (
                Column("scope", doc="the set of bodies the total is over"),
                Column("affair"),
                Column("stated_total", "int"),
                SOURCE,
                EVIDENCE,
            ),
            key=("scope", "affair"),
        ),
        Table(
            "projects",
            "Projects of a body: the 取組 of an agreement or vision (no fiscal year), or a project's "
            "事業費 in a fiscal year, planned or settled.",
            (
                Column("body_id", ref="bodies.body_id"),
                Column("fiscal_year", "fy", nonempty=False, doc="2018, FY2018 or 平成30年度; empty for projects named in an agreement"),
                Column("policy_area", "enum", required=False, nonempty=False, choices=tuple(POLICY_AREAS),
                       doc="政策分野 of the national 要綱 (医療, 地域公共交通, 観光 …)"),
                Column("field", doc="分野 in the source's own words"),
                Column("name"),
                Column("n_projects", "int", nonempty=False, doc="projects this line stands for when the source groups them (default 1)"),
                Column("lead", nonempty=False),
                Column("cost_thousand_yen", "money", nonempty=False, doc="千円, ≥ 0"),
                Column("status", "enum", required=False, nonempty=False, choices=SPENDING_STATUS,
                       doc="予定 (planned, budget) or 実績 (settled); with cost_thousand_yen"),
                SOURCE,
                EVIDENCE,
            ),
        ),
        Table(
            "visions",
            "A body's vision or plan (共生ビジョン, 都市圏ビジョン, 広域計画): period, adoption, revisions, "
            "and the publisher's page, which the body page links.",
            (
                Column("body_id", ref="bodies.body_id"),
                Column("kind", "enum", choices=VISION_KINDS),
                Column("title"),
                Column("from_fy", "fy", nonempty=False, doc="first fiscal year of the plan period"),
                Column("to_fy", "fy", nonempty=False, doc="last fiscal year of the plan period"),
                Column("adopted", "date", nonempty=False, doc="策定 (first adopted)"),
                Column("revised", "dates", required=False, nonempty=False, doc="改訂 / 変更 dates, ; separated"),
                Column("note", required=False, nonempty=False),
                SOURCE,
                AS_OF,
                EVIDENCE,
            ),
            key=("body_id", "title", "source"),
        ),
        Table(
            "official_totals",
            "Official counts (総務省, a prefecture) of bodies and members, against which the registry's "
            "completeness is measured.  Empty pref_code: a national total.",
            (
                Column("scheme_id", ref="schemes.scheme_id"),
                Column("pref_code", "pref", required=False, nonempty=False, doc="empty for Japan as a whole"),
                Column("as_of", "date", nonempty=False, doc="the date the count describes (empty: undated, used only when no dated count exists)"),
                Column("bodies_total", "int", nonempty=False),
                Column("members_total", "int", required=False, nonempty=False,
                       doc="member municipalities, counted with repeats"),
                Column("affair", "enum", required=False, nonempty=False, choices=tuple(AFFAIR_CATEGORIES),
                       doc="the affair the count is for (消防: a prefecture's 消防 一部事務組合); empty: every body "
                           "of the scheme"),
                Column("note", required=False, nonempty=False),
                SOURCE,
                EVIDENCE,
            ),
            key=("scheme_id", "pref_code", "affair", "as_of", "source"),
        ),
        Table(
            "count_notes",
            "Why the registry differs from an official count (official_totals): a body the count leaves out or "
            "includes, a member counted twice, a sphere dissolved after the count.  Shown beside the count on "
            "the data page, so that no difference goes unexplained.",
            (
                Column("scheme_id", ref="schemes.scheme_id"),
                Column("pref_code", "pref", required=False, nonempty=False, doc="empty for Japan as a whole"),
                Column("measure", "enum", choices=("bodies", "members"), doc="which count the note is about"),
                Column("affair", "enum", required=False, nonempty=False, choices=tuple(AFFAIR_CATEGORIES),
                       doc="the affair of a per-affair count (official_totals.affair); empty: the scheme's count"),
                Column("body_id", required=False, nonempty=False, ref="bodies.body_id",
                       doc="the body the difference comes from, where it is one body"),
                Column("delta", "signed", required=False, nonempty=False,
                       doc="how much of the difference this note accounts for (registry − official, signed); "
                           "empty: the rest of the difference, where no number can be given"),
                Column("note", doc="the explanation, in the atlas's words"),
                SOURCE,
                EVIDENCE,
            ),
            key=("scheme_id", "pref_code", "measure", "affair", "body_id", "note"),
        ),
        Table(
            "stated_amounts",
            "Money a source states for one body (e.g. 普通交付税 for 長野圏域), shown beside what the "
            "atlas computes from financial_rules.csv, never replaced by it.",
            (
                Column("body_id", ref="bodies.body_id"),
                Column("measure", doc="特別交付税 | 普通交付税 | …"),
                Column("amount_yen", "money"),
                Column("label", doc="the figure as the source words it"),
                SOURCE,
                EVIDENCE,
            ),
        ),
        Table(
            "spending",
            "事業費 and counts per body and fiscal year; one row per source, so disagreements stay visible.",
            (
                Column("body_id", ref="bodies.body_id"),
                Column("fiscal_year", "fy"),
                Column("account", required=False, nonempty=False,
                       doc="empty: a sphere's 事業費; a union's 一般会計 or the 特別会計's name (歳出)"),
                Column("total_thousand_yen", "money", nonempty=False, doc="千円, ≥ 0"),
                Column("n_fields", "int", nonempty=False),
                Column("n_projects", "int", nonempty=False),
                Column("status", "enum", choices=SPENDING_STATUS),
                SOURCE,
                EVIDENCE,
            ),
            key=("body_id", "fiscal_year", "account", "status", "source"),
        ),
    )
}
