"""A published list (one sheet, header found) → ordinary registry rows and a report.

Rows come out as the registry's own CSV columns (bodies, memberships, milestones, affairs), every
one with ``source`` (file, sheet, row, column) and ``evidence``.  Members whose names do not resolve
are kept as ``member_kind other`` with the name as listed and the reason — never dropped, never
guessed.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

from ...codes import normalize_code
from ...errors import AtlasError, Problem
from ..affairs import category_of_words  # #20: the national category of the list's own words
from ..schema import TABLES
from . import cells
from .headers import FIELDS, HeaderMap, find_header, normalize_header
from .names import CONTEXT, PREF_CODE_OF, PREF_NAME_OF, Gazetteer, Resolution
from .readers import Sheet, read_sheets
from .report import Report, Unresolved

OUTPUT_TABLES = ("bodies", "memberships", "milestones", "affairs")
_SKIP_NAMES = ("※", "注", "(注", "（注", "出典", "資料", "計", "合計", "総計", "小計")


@dataclass(frozen=True)
class SchemeRoles:
    hub: str | None
    partner: str


def scheme_roles(schemes: pd.DataFrame) -> dict[str, SchemeRoles]:
    """scheme_id → (hub role, partner role) from a schemes table (data/schemes.csv, the store's)."""
    out = {}
    for row in schemes.to_dict("records"):
        roles = [r for r in str(row.get("roles") or "").split(";") if r]
        hub = row.get("hub_role") if isinstance(row.get("hub_role"), str) and row.get("hub_role") else None
        if hub is None and len(roles) > 1:
            hub = roles[0]  # 市町村連携地域モデル: 中心市;連携市町村 with no hub_role of its own
        partner = next((r for r in roles if r != hub), roles[0] if roles else "構成団体")
        out[row["scheme_id"]] = SchemeRoles(hub, partner)
    return out


@dataclass
class Options:
    sheet: str | None = None
    scheme: str | None = None  # when neither a 区分 column nor the name says
    pref: str | None = None  # the list's prefecture (2 digits)
    strict: bool = False


@dataclass
class Imported:
    tables: dict[str, pd.DataFrame]
    report: Report


@dataclass
class _Listed:
    text: str
    kind: str  # name | count | all
    role: str
    row: int
    column: str
    note: str = ""
    since: str = ""
    code: str | None = None  # from a code column
    where: str = ""
    what: str = ""


@dataclass
class _Body:
    name: str
    scheme: str
    rows: list[int]
    pref: str | None
    notes: list[str] = field(default_factory=list)
    listed: list[_Listed] = field(default_factory=list)
    dates: list[tuple[str, str, int, str]] = field(default_factory=list)  # (kind, text, row, column)
    affairs: list[tuple[str, int, str]] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)
    until: tuple[str, int, str] | None = None  # (text, row, column) of 解散年月日


def _until(body: _Body, where: str, report: Report) -> str:
    """bodies.until from a 解散 cell by the rule (…をもって / 限り → the next day); '' if none or unreadable."""
    if body.until is None:
        return ""
    text, r, column = body.until
    try:
        iso, how = cells.parse_until(text)
    except ValueError as exc:
        report.bad_dates.append(Problem(where, r, column, f"{exc}; until left empty"))
        return ""
    if how:
        body.notes.append(how)
    return iso


def import_bytes(data: bytes, filename: str, gazetteer: Gazetteer, schemes: Mapping[str, SchemeRoles],
                 options: Options | None = None) -> Imported:
    """Read a published list and return registry rows and the report; AtlasError on bad input."""
    options = options or Options()
    file = PurePath(filename).name
    if options.pref is not None:
        options.pref = str(options.pref).zfill(2)
        if options.pref not in PREF_NAME_OF:
            raise AtlasError(Problem(file, None, None, f"--pref {options.pref!r} is not a prefecture code 01–47"))
    if options.scheme is not None and options.scheme not in schemes:
        raise AtlasError(Problem(file, None, None, f"--scheme {options.scheme!r} is not one of {', '.join(schemes)}"))
    sheets = read_sheets(data, filename)
    sheet, header = _choose_sheet(sheets, file, options.sheet)
    return _convert(sheet, header, file, gazetteer, schemes, options)


def note_known_bodies(result: Imported, registry_bodies: pd.DataFrame) -> None:
    """Say which imported bodies the registry already has under the same name (both are kept:
    the build shows each with its own source)."""
    known = dict(zip(registry_bodies["name"].map(lambda n: unicodedata.normalize("NFKC", str(n))), registry_bodies["body_id"]))
    for name, body_id in zip(result.tables["bodies"]["name"], result.tables["bodies"]["body_id"]):
        if unicodedata.normalize("NFKC", name) in known:
            result.report.notes.append(f"{name} ({body_id}) is also in the registry as {known[unicodedata.normalize('NFKC', name)]}")


def _choose_sheet(sheets: list[Sheet], file: str, wanted: str | None) -> tuple[Sheet, HeaderMap]:
    if wanted is not None:
        match = [s for s in sheets if s.name == wanted] or [
            s for s in sheets if normalize_header(s.name) == normalize_header(wanted)]
        if not match:
            raise AtlasError(Problem(file, None, None, f"no sheet {wanted!r}; the sheets are {', '.join(s.name for s in sheets)}"))
        candidates = match[:1]
    else:
        candidates = sheets
    for s in candidates:
        if not any(any(c for c in row) for row in s.rows):
            continue
        header = find_header(s.rows)
        if header:
            return s, header
    if not any(any(any(c for c in row) for row in s.rows) for s in candidates):
        where = f"sheet {candidates[0].name!r}" if wanted is not None else "file"
        raise AtlasError(Problem(file, None, None, f"{where} has no cells with values"))
    names = ", ".join(repr(s.name) for s in candidates)
    raise AtlasError(Problem(
        file, None, None,
        f"no recognisable header row in the first 30 rows of {names}: expected a name column "
        f"({'/'.join(FIELDS['name'][0][:3])}) and a members column ({'/'.join(FIELDS['members'][0][:3])} or 中心市)"))


def _body_id(name: str) -> str:
    return "imp-" + hashlib.sha1(unicodedata.normalize("NFKC", name).encode()).hexdigest()[:10]


def _convert(sheet: Sheet, header: HeaderMap, file: str, gaz: Gazetteer, schemes: Mapping[str, SchemeRoles],
             options: Options) -> Imported:
    report = Report(file=file, sheet=sheet.name, encoding=sheet.encoding, header_row=header.row,
                    mapping=header.used(), ignored_headers=list(header.ignored))
    where = f"{file} [{sheet.name}]"
    bodies: dict[str, _Body] = {}
    current: _Body | None = None
    region = ""
    for r, row in enumerate(sheet.rows[header.row:], start=header.row + 1):
        values = {f: (row[i] if i < len(row) else "").strip() for i, f in header.columns.items()}
        for i, f in header.columns.items():
            if cells.looks_like_formula(values[f]):
                raise AtlasError(Problem(where, r, header.headers[i],
                                         f"cell holds a formula ({values[f][:40]}); save the list with values only"))
        if not any(values.values()):
            if any(str(c).strip() for c in row):
                report.notes.append(f"row {r}: skipped (no value under a mapped header): {' '.join(str(c) for c in row if c)[:60]}")
            continue
        report.rows_read += 1
        if values.get("region"):
            region = values["region"]
        name = values.get("name", "")
        if name.startswith(_SKIP_NAMES) or (not name and not any(values.get(f) for f in ("members", "members_outside", "hub"))):
            report.notes.append(f"row {r}: skipped (a note or total, not a body): {(name or ' '.join(v for v in values.values() if v))[:60]}")
            continue
        if name:
            clean_name, mark_notes = cells.strip_marks(unicodedata.normalize("NFKC", name))
            body = bodies.get(clean_name)
            if body is None:
                scheme = _scheme_of(values, clean_name, name, r, header, where, schemes, options, report)
                pref = _pref_of(values.get("pref", ""), options, where, r, header)
                body = bodies[clean_name] = _Body(clean_name, scheme, [r], pref, list(mark_notes))
                if region:
                    body.notes.append(f"振興局: {region}")
            else:
                body.rows.append(r)
            current = body
        else:
            body = current  # a continuation row (merged name cell)
            body.rows.append(r)
        _collect(body, values, r, header, schemes[body.scheme])
    if not bodies:
        raise AtlasError(Problem(where, None, None, f"no bodies found under the header in row {header.row}"))
    tables = _rows(bodies, gaz, schemes, options, report, where)
    if options.strict and (report.unresolved or report.bad_dates):
        raise AtlasError([Problem(where, u.row, u.column, f"{u.name!r} not resolved ({u.reason})"
                                  + (f"; nearest: {', '.join(u.candidates)}" if u.candidates else ""))
                          for u in report.unresolved] + report.bad_dates)
    return Imported(tables, report)


def _scheme_of(values, clean_name, name, r, header, where, schemes, options, report) -> str:
    given = values.get("scheme", "")
    if given:
        s = given if given in schemes else cells.scheme_from_text(given)
        if s in schemes:
            return s
        report.notes.append(f"row {r}: 区分 {given!r} is not a scheme we know; the scheme is taken from the name")
    s = cells.scheme_from_text(name) or options.scheme
    if s is None:
        raise AtlasError(Problem(where, r, header.headers[header.column_of("name")],
                                 f"cannot tell the scheme of {clean_name!r} from its name; give --scheme (e.g. 一部事務組合)"))
    if s not in schemes:
        raise AtlasError(Problem(where, r, None, f"scheme {s!r} is not in the registry's schemes"))
    return s


def _pref_of(text: str, options: Options, where: str, r: int, header: HeaderMap) -> str | None:
    if not text:
        return options.pref
    t = unicodedata.normalize("NFKC", text).strip()
    if t in PREF_CODE_OF:
        return PREF_CODE_OF[t]
    for name, code in PREF_CODE_OF.items():
        if name.rstrip("都道府県") == t:
            return code
    if t.isdigit() and t.zfill(2) in PREF_NAME_OF:
        return t.zfill(2)
    raise AtlasError(Problem(where, r, header.headers[header.column_of("pref")], f"{text!r} is not a prefecture"))


def _collect(body: _Body, values: dict, r: int, header: HeaderMap, roles: SchemeRoles) -> None:
    col = {f: header.headers[i] for i, f in header.columns.items()}
    since = values.get("since", "")
    code = values.get("member_code", "") or None
    for f, role in (("hub", roles.hub or roles.partner), ("members", roles.partner), ("members_outside", roles.partner)):
        note = col.get(f, "") if f == "members_outside" else ""  # e.g. 「(総合)振興局外の構成団体」, as published
        for piece in cells.split_members(values.get(f, "")):
            if piece.kind == "count":
                body.counts.append(piece.text)
                continue
            body.listed.append(_Listed(piece.text, piece.kind, role, r, col[f], note, since, code, piece.where, piece.what))
    for f, kind in (("founded", "設置"), ("agreed", "協定締結"), ("declared", "中心市宣言")):
        if values.get(f):
            if body.scheme == "連携中枢都市圏":
                kind = {"協定締結": "連携協約締結", "中心市宣言": "連携中枢都市宣言"}.get(kind, kind)
            body.dates.append((kind, values[f], r, col[f]))
    if values.get("until"):
        body.until = (values["until"], r, col["until"])
    for affair in cells.split_list(values.get("affairs", "")):
        body.affairs.append((affair, r, col["affairs"]))
    for f, label in (("office", "事務所"), ("note", "")):
        if values.get(f):
            text = f"{label}: {values[f]}" if label else values[f]
            if text not in body.notes:
                body.notes.append(text)


@dataclass
class _Members:
    """One body's members as its list is resolved: (kind, member) → membership row, and the
    prefectures met on the way (which place the body)."""

    body_id: str
    where: str
    report: Report
    rows: dict[tuple[str, str], dict] = field(default_factory=dict)
    prefs: set[str] = field(default_factory=set)

    def add(self, kind: str, member: str, name: str, item: _Listed, evidence: str, note: str = "") -> None:
        """A member; listed twice, it is one row whose note gains what the second listing adds."""
        notes = [n for n in (item.note, note) if n]
        key = (kind, member)
        if key in self.rows:
            old = self.rows[key]
            extra = [n for n in notes if n and n not in old["note"]]
            if extra:
                old["note"] = "; ".join([old["note"], *extra]).strip("; ")
            return
        since = ""
        if item.since:
            try:
                since = cells.parse_cell_date(item.since)
            except ValueError as exc:
                self.report.bad_dates.append(Problem(self.where, item.row, item.column, f"{exc}; since left empty"))
                notes.append(f"加入: {item.since} (not read)")
        self.rows[key] = {"body_id": self.body_id, "member_kind": kind, "member": member, "member_name": name,
                          "role": item.role, "since": since, "note": "; ".join(notes),
                          "source": f"{self.where} row {item.row} ({item.column})", "evidence": evidence}


def _rows(bodies: dict[str, _Body], gaz: Gazetteer, schemes, options: Options, report: Report, where: str) -> dict[str, pd.DataFrame]:
    """The registry rows of every body of a list: the body, its members, milestones and affairs."""
    out: dict[str, list[dict]] = {t: [] for t in OUTPUT_TABLES}
    ids = {name: _body_id(name) for name in bodies}
    unplaced: list[tuple[int, _Body]] = []  # bodies with no prefecture of their own
    all_prefs: set[str] = set()
    for body in bodies.values():
        body_id = ids[body.name]
        rows_text = f"row {body.rows[0]}" if len(body.rows) == 1 else f"rows {body.rows[0]}–{body.rows[-1]}"
        report.schemes[body.scheme] = report.schemes.get(body.scheme, 0) + 1
        members = _resolve_members(body, bodies, ids, gaz, options, report, where)
        if not members.prefs:
            unplaced.append((len(out["bodies"]), body))
        all_prefs |= members.prefs
        row = _body_row(body, body_id, members, schemes, f"{where} {rows_text}", where, report)
        out["bodies"].append(row)
        for m in members.rows.values():
            out["memberships"].append(m)
            report.members[m["member_kind"]] = report.members.get(m["member_kind"], 0) + 1
        out["milestones"] += _milestone_rows(body, body_id, row, where, report)
        out["affairs"] += _affair_rows(body, body_id, where)
    for i, body in unplaced:
        # e.g. a body whose members are given only as counts: the list's one prefecture, if it has one
        if len(all_prefs) != 1:
            raise AtlasError(Problem(where, body.rows[0], None,
                                     f"cannot tell the prefecture of {body.name!r}: no member resolved; give --pref"))
        only = next(iter(all_prefs))
        row = out["bodies"][i]
        row["pref_codes"] = only
        row["note"] = "; ".join(n for n in (row["note"], f"prefecture {only}: the only one of the list's other bodies") if n)
    report.bodies = len(out["bodies"])
    report.milestones = len(out["milestones"])
    report.affairs = len(out["affairs"])
    return {t: pd.DataFrame(rows, columns=[c.name for c in TABLES[t].columns], dtype=object).fillna("")
            for t, rows in out.items()}


def _resolve_members(body: _Body, bodies: dict[str, _Body], ids: dict[str, str], gaz: Gazetteer, options: Options,
                     report: Report, where: str) -> _Members:
    """Member resolution: every listed name, code or 「…の市町村」 to membership rows."""
    members = _Members(ids[body.name], where, report, prefs={body.pref} if body.pref else set())
    # Same-named municipalities of two prefectures are told apart by the prefectures of the
    # other members (only when the list's prefecture is not known).
    first = {id(item): gaz.resolve(item.text, body.pref) for item in body.listed if item.kind == "name"}
    context = {res.code[:2] for res in first.values() if res.kind in ("municipality", "ward")}
    resolved = {k: (gaz.resolve(item.text, body.pref, context) if not first[k].resolved and not body.pref else first[k])
                for item in body.listed if item.kind == "name" for k in [id(item)]}
    for item in body.listed:
        if item.kind == "all":
            _add_all_of_prefecture(item, body, gaz, options, members, report)
        else:
            res = _check_code(item, resolved[id(item)], gaz) if item.code else resolved[id(item)]
            _add_resolved(item, res, body, bodies, ids, members, report)
    return members


def _add_all_of_prefecture(item: _Listed, body: _Body, gaz: Gazetteer, options: Options, members: _Members,
                           report: Report) -> None:
    """「県内全市町村」 as one prefecture-wide row; 「町村」 expanded to every town and village."""
    pref = _where_pref(item.where, body.pref or options.pref)
    if pref is None:
        _unresolved(item, body, "which prefecture? give --pref", (), report, members.add)
        return
    members.prefs.add(pref)
    if item.what == "市町村":
        members.add("all_municipalities_of_prefecture", pref, PREF_NAME_OF[pref], item, "explicit", f"listed as {item.text}")
        return
    suffixes = tuple(ch for ch in item.what)  # 町村 → 町, 村
    for e in gaz.municipalities_of(pref, suffixes):
        members.add("municipality", e.code, e.name, item,
                    f"inferred: 「{item.text}」 expanded to every {'・'.join(suffixes)} of {PREF_NAME_OF[pref]} in the municipality list",
                    f"listed as {item.text}")


def _add_resolved(item: _Listed, res: Resolution, body: _Body, bodies: dict[str, _Body], ids: dict[str, str],
                  members: _Members, report: Report) -> None:
    """One listed name as its resolution says: a municipality, a ward's city, a prefecture,
    another body of the list, a body named but not listed, or unresolved (kept, not guessed)."""
    given = cells.strip_marks(item.text)[0]
    if res.kind == "municipality":
        members.prefs.add(res.code[:2])
        note = "" if given == res.name else f"listed as {given} ({res.how})"
        if CONTEXT in res.how:
            evidence, note = f"inferred: {res.name} {CONTEXT}", ""
        else:
            evidence = "explicit"
        members.add("municipality", res.code, res.name, item, evidence, "; ".join(n for n in (note, res.remark) if n))
    elif res.kind == "ward":
        members.prefs.add(res.code[:2])
        members.add("municipality", res.city, res.city_name, item,
                    f"inferred: listed as the ward {res.name} ({res.code}); a ward's designated city is the member",
                    "; ".join(n for n in (f"listed as the ward {res.name} ({res.code})", res.remark) if n))
    elif res.kind == "prefecture":
        members.prefs.add(res.code)
        members.add("prefecture", res.code, res.name, item, "explicit", f"listed as {given}" if given != res.name else "")
    else:
        other = next((b for b in bodies.values() if cells.strip_marks(unicodedata.normalize("NFKC", given))[0] == b.name and b is not body), None)
        if other is not None:
            members.add("body", ids[other.name], other.name, item, "explicit")
        elif cells.scheme_from_text(given):
            u = Unresolved(report.file, report.sheet, item.row, item.column, given, "a body, not a municipality; not in this list", (), body.name)
            report.other_bodies.append(u)
            members.add("other", given, given, item, "partial: a body named in the list but not listed in it; not coded",
                        "a body not in this list")
        else:
            _unresolved(item, body, res.reason, res.candidates, report, members.add)


def _body_row(body: _Body, body_id: str, members: _Members, schemes, source: str, where: str, report: Report) -> dict:
    """The body's own row: its prefectures, purposes, stated counts and evidence, joint hubs, end."""
    until = _until(body, where, report)  # before the note is joined: it may add how it was read
    counts = "、".join(body.counts)
    evidence = "explicit" if not counts else (
        f"partial: members stated as counts ({counts}), not named" if not members.rows else f"partial: some members stated as counts ({counts})")
    if counts:
        report.notes.append(f"{source}: {body.name}: members given as counts ({counts}), not names")
    hub_role = schemes[body.scheme].hub
    hubs = [m for m in members.rows.values() if hub_role and m["role"] == hub_role and m["member_kind"] == "municipality"]
    return {
        "body_id": body_id, "name": body.name, "scheme_id": body.scheme, "pref_codes": ";".join(sorted(members.prefs)),
        "purposes": ";".join(cells.purposes_of(body.name, *(a for a, _, _ in body.affairs))),
        "joint_hub": "true" if len(hubs) > 1 else "",
        "stated_members": counts, "note": "; ".join(body.notes), "source": source, "evidence": evidence,
        "until": until,
    }


def _milestone_rows(body: _Body, body_id: str, body_row: dict, where: str, report: Report) -> list[dict]:
    """The body's dated events, one row per (kind, date); an unreadable date goes to the body's note."""
    rows, seen = [], set()
    for kind, text, r, column in body.dates:
        try:
            iso = cells.parse_cell_date(text)
        except ValueError as exc:
            report.bad_dates.append(Problem(where, r, column, f"{exc}; kept in the body's note"))
            body_row["note"] = "; ".join(n for n in (body_row["note"], f"{column}: {text} (not read)") if n)
            continue
        if (kind, iso) in seen:
            continue
        seen.add((kind, iso))
        rows.append({"body_id": body_id, "kind": kind, "date": iso, "note": "" if text == iso else f"listed as {text}",
                     "source": f"{where} row {r} ({column})", "evidence": "explicit"})
    return rows


def _affair_rows(body: _Body, body_id: str, where: str) -> list[dict]:
    """The body's affairs (共同処理する事務) as listed, each once."""
    rows, done = [], set()
    for affair, r, column in body.affairs:
        if affair not in done:
            done.add(affair)
            rows.append({"body_id": body_id, "affair": affair, "category": category_of_words(affair) or "", "listing": "prose",
                         "source": f"{where} row {r} ({column})", "evidence": "explicit"})
    return rows


def _where_pref(where: str, default: str | None) -> str | None:
    if where in ("", "県", "府", "都"):
        return default
    if where == "道":
        return "01"
    for name, code in PREF_CODE_OF.items():
        if where in (name, name.rstrip("都道府県")):
            return code
    return default


def _check_code(item: _Listed, res: Resolution, gaz: Gazetteer) -> Resolution:
    """A code column beside the name: the code decides if it exists; a name that disagrees is noted."""
    try:
        code = normalize_code(item.code)
    except ValueError as exc:
        return Resolution(item.text, "unresolved", reason=f"code {item.code!r}: {exc}", candidates=res.candidates)
    entry = gaz.by_code.get(code)
    if entry is None:
        return Resolution(item.text, "unresolved", reason=f"code {code} does not exist", candidates=res.candidates)
    if res.resolved and res.code not in (code, None) and res.city != code:
        return Resolution(item.text, "unresolved", reason=f"code {code} is {entry.name}, the name is {res.name} ({res.code})",
                          candidates=(entry.label,))
    if entry.ward_of:
        city = gaz.by_code[entry.ward_of]
        return Resolution(item.text, "ward", entry.code, entry.name, city.code, city.name, "code")
    return Resolution(item.text, "municipality", entry.code, entry.name, how="code")


def _unresolved(item: _Listed, body: _Body, reason: str, candidates, report: Report, add) -> None:
    given = cells.strip_marks(item.text)[0]
    report.unresolved.append(Unresolved(report.file, report.sheet, item.row, item.column, given, reason, tuple(candidates), body.name))
    near = f"; nearest: {'、'.join(candidates)}" if candidates else ""
    add("other", given, given, item, "partial: name not resolved to a municipality code (kept as listed, not guessed)",
        f"unresolved: {reason}{near}")
