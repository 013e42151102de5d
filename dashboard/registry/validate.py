"""Load registry folders into typed tables and report every problem, not just the first.

A registry folder holds some or all of the CSV tables in :mod:`.schema`.  Several folders
combine (the project's ``data/`` plus a prefecture's own); ids must stay unique across them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..codes import normalize_code
from ..errors import AtlasError, Problem, display_path
from ..textio import read_csv_text
from .folders import expand_folders
from .provenance import check_folders, strict_sources
from .schema import EVIDENCE_KINDS, TABLES, Column, Table
from .wareki import parse_date, parse_fiscal_year

PREF_CODES = {f"{i:02d}" for i in range(1, 48)}
_TRUE = {"true", "1", "yes", "y", "○", "t"}
NOT_TABLES = {"hosts.csv"}  # data/hosts.csv: the source-kind list of registry/provenance.py, not a table
_FALSE = {"false", "0", "no", "n", "", "f", "×"}


@dataclass
class Registry:
    """Typed registry tables; each row keeps `_file` and `_line` for messages."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)
    # #19 (registry/provenance.py): sources on denied hosts, explicit rows on weak sources (problems
    # that block only with ATLAS_STRICT_SOURCES=1 until the registry is re-sourced), and warnings.
    source_problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]


def empty_table(table: Table) -> pd.DataFrame:
    return pd.DataFrame(columns=[c.name for c in table.columns] + ["_file", "_line"])


def load_registry(
    folders: Sequence[str | Path],
    known_codes: Mapping[str, str] | None = None,
) -> tuple[Registry, list[Problem]]:
    """Read and check registry folders.

    ``known_codes`` maps every valid 5-digit municipality code to its name; when None,
    codes are checked for form and check digit only.
    Returns the registry (rows with problems are kept, typed as far as possible) and the
    problems found, in file order.
    """
    problems: list[Problem] = []
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    reg = Registry()
    for folder in expand_folders(folders):
        shown = display_path(folder)
        reg.folders.append(shown)
        if not folder.is_dir():
            problems.append(Problem(shown, None, None, "registry folder not found"))
            continue
        present = [t for t in TABLES.values() if (folder / t.file).exists()]
        unknown = sorted(
            p.name for p in folder.glob("*.csv") if p.stem not in TABLES and p.name not in NOT_TABLES
        )
        for name in unknown:
            problems.append(
                Problem(f"{shown}/{name}", None, None,
                        f"unknown table; expected one of {', '.join(t.file for t in TABLES.values())}")
            )
        if not present:
            problems.append(Problem(shown, None, None, "no registry tables (schemes.csv, bodies.csv, …) in this folder"))
            continue
        for table in present:
            frame = _read_table(folder / table.file, table, known_codes, problems)
            if frame is not None:
                parts[table.name].append(frame)
    for name, table in TABLES.items():
        frames = [f for f in parts[name] if len(f)]
        reg.tables[name] = pd.concat(frames, ignore_index=True) if frames else empty_table(table)
    _check_keys(reg, problems)
    _check_refs(reg, problems)
    _check_roles(reg, problems)
    _check_members(reg, problems, known_codes)
    _check_spans(reg, problems)
    reg.source_problems, reg.warnings = check_folders(folders)
    if strict_sources():
        problems += reg.source_problems
    return reg, problems


def require_valid(folders: Sequence[str | Path], known_codes: Mapping[str, str] | None) -> Registry:
    """Load, and raise :class:`AtlasError` with all problems if there are any."""
    reg, problems = load_registry(folders, known_codes)
    if problems:
        raise AtlasError(problems)
    return reg


def _read_table(path: Path, table: Table, known_codes, problems: list[Problem]) -> pd.DataFrame | None:
    name = display_path(path)
    try:
        raw, _encoding = read_csv_text(path)
    except AtlasError as exc:
        problems.extend(exc.problems)
        return None
    # A column that may be empty may also be left out (it reads as empty).
    missing = [c.name for c in table.columns if c.required and c.nonempty and c.name not in raw.columns]
    if missing:
        problems.append(
            Problem(name, 1, ", ".join(missing), f"missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
        )
        return None
    dupes = raw.columns[raw.columns.duplicated()].tolist()
    if dupes:
        problems.append(Problem(name, 1, dupes[0], "column appears twice"))
        return None
    out = pd.DataFrame(index=raw.index)
    for col in table.columns:
        values = raw[col.name] if col.name in raw.columns else pd.Series("", index=raw.index)
        out[col.name] = [
            _convert(v, col, name, int(line), known_codes, problems) for line, v in values.items()
        ]
    out["_file"] = name
    out["_line"] = out.index.astype(int)
    return out.reset_index(drop=True)


class _Bad(ValueError):
    """A cell that does not convert; its message becomes a Problem(file, row, column)."""


def _enum(value: str, col: Column, known_codes) -> str:
    if value not in col.choices:
        raise _Bad(f"{value!r} is not one of: {', '.join(col.choices)}")
    return value


def _list(value: str, col: Column, known_codes) -> str:
    return ";".join(v.strip() for v in re.split(r"[;；]", value) if v.strip())


def _bool(value: str, col: Column, known_codes) -> bool:
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise _Bad(f"{value!r} is not true/false")


def _number(value: str, col: Column, known_codes) -> float | int:
    """Counts and amounts: finite, ≥ 0, whole for counts ("nan", "inf" and "1e999" are not amounts);
    a ``signed`` column (a difference between two counts) is whole and may be negative."""
    cleaned = value.replace(",", "").replace("，", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise _Bad(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise _Bad(f"{value!r} is not a finite number")
    if number < 0 and col.kind != "signed":
        raise _Bad(f"{value} is negative; amounts and counts must be ≥ 0")
    if col.kind in ("int", "signed"):
        if number != int(number):
            raise _Bad(f"{value} is not a whole number")
        return int(number)
    return number


def _date(value: str, col: Column, known_codes) -> str:
    try:
        return parse_date(value).iso()
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _dates(value: str, col: Column, known_codes) -> str:
    out = []
    for item in (v.strip() for v in re.split(r"[;；]", value)):
        if item:
            try:
                out.append(parse_date(item).iso())
            except ValueError as exc:
                raise _Bad(f"{item!r}: {exc}") from None
    return ";".join(out)


def _fiscal_year(value: str, col: Column, known_codes) -> int:
    try:
        return parse_fiscal_year(value)
    except ValueError as exc:
        raise _Bad(str(exc)) from None


def _code(value: str, col: Column, known_codes) -> str:
    try:
        code = normalize_code(value)
    except ValueError as exc:
        raise _Bad(str(exc)) from None
    if known_codes is not None and code not in known_codes:
        raise _Bad(f"municipality code {code} does not exist")
    return code


def _pref(value: str, col: Column, known_codes) -> str:
    code = value.zfill(2)
    if code not in PREF_CODES:
        raise _Bad(f"{value!r} is not a prefecture code 01–47")
    return code


def _evidence(value: str, col: Column, known_codes) -> str:
    head = re.split(r"[:：(（\s]", value, maxsplit=1)[0].strip().lower()
    if head not in EVIDENCE_KINDS:
        raise _Bad(f"evidence must start with {', '.join(EVIDENCE_KINDS)}; got {value!r}")
    return value


# Column kind → converter (text in, typed value out, or _Bad with the reason).
CONVERTERS: dict[str, Callable[[str, Column, Mapping[str, str] | None], object]] = {
    "text": lambda value, col, known_codes: value,
    "enum": _enum,
    "list": _list,
    "bool": _bool,
    "int": _number,
    "signed": _number,  # a whole number that may be negative (a difference)
    "money": _number,
    "date": _date,
    "dates": _dates,
    "fy": _fiscal_year,
    "code": _code,
    "pref": _pref,
    "evidence": _evidence,
}


def _convert(value: str, col: Column, file: str, line: int, known_codes, problems: list[Problem]):
    """One cell: empty → None ('' for text-like kinds), else its kind's converter; a bad cell
    adds one Problem(file, row, column) and converts to None."""
    value = (value or "").strip()
    if value == "":
        if col.nonempty:
            problems.append(Problem(file, line, col.name, "empty; a value is required"))
        return None if col.kind not in ("text", "list", "dates") else ""
    try:
        return CONVERTERS[col.kind](value, col, known_codes)
    except _Bad as exc:
        problems.append(Problem(file, line, col.name, str(exc)))
        return None


def _rows(frame: pd.DataFrame):
    return frame.to_dict("records")


def _check_keys(reg: Registry, problems: list[Problem]) -> None:
    for name, table in TABLES.items():
        if not table.key:
            continue
        seen: dict[tuple, tuple[str, int]] = {}
        for row in _rows(reg[name]):
            key = tuple(row[k] for k in table.key)
            if any(k is None or k == "" for k in key):
                continue
            if key in seen:
                f, l = seen[key]
                problems.append(
                    Problem(row["_file"], row["_line"], table.key[0],
                            f"duplicate id {'/'.join(map(str, key))} (first at {f}:{l})")
                )
            else:
                seen[key] = (row["_file"], row["_line"])
        if name == "bodies":
            for row in _rows(reg[name]):
                for p in (row["pref_codes"] or "").split(";"):
                    if p and p.zfill(2) not in PREF_CODES:
                        problems.append(Problem(row["_file"], row["_line"], "pref_codes", f"{p!r} is not a prefecture code 01–47"))


def _check_refs(reg: Registry, problems: list[Problem]) -> None:
    for name, table in TABLES.items():
        for col in table.columns:
            if not col.ref:
                continue
            target_table, target_col = col.ref.split(".")
            valid = set(reg[target_table][target_col].dropna())
            for row in _rows(reg[name]):
                value = row[col.name]
                if value in (None, ""):
                    continue
                if value not in valid:
                    problems.append(
                        Problem(row["_file"], row["_line"], col.name,
                                f"{value!r} is not a {target_col} in {target_table}.csv")
                    )


def _check_roles(reg: Registry, problems: list[Problem]) -> None:
    schemes = {r["scheme_id"]: r for r in _rows(reg["schemes"])}
    bodies = {r["body_id"]: r for r in _rows(reg["bodies"])}
    hubs: dict[str, list[dict]] = {}
    for row in _rows(reg["memberships"]):
        body = bodies.get(row["body_id"])
        if body is None or row["role"] is None:
            continue
        scheme = schemes.get(body["scheme_id"])
        if scheme is None:
            continue
        allowed = (scheme["roles"] or "").split(";")
        if row["role"] not in allowed:
            problems.append(
                Problem(row["_file"], row["_line"], "role",
                        f"role {row['role']} is not used in {scheme['scheme_id']} (allowed: {', '.join(allowed)})")
            )
        if scheme["hub_role"] and row["role"] == scheme["hub_role"]:
            hubs.setdefault(row["body_id"], []).append(row)
    for body_id, body in bodies.items():
        scheme = schemes.get(body["scheme_id"])
        if not scheme or not scheme["hub_role"]:
            continue
        found = hubs.get(body_id, [])
        if len(found) > 1 and not body["joint_hub"]:
            extra = found[1]
            problems.append(
                Problem(extra["_file"], extra["_line"], "role",
                        f"{body_id} has {len(found)} {scheme['hub_role']}; only one unless bodies.csv declares joint_hub")
            )


def _check_members(reg: Registry, problems: list[Problem], known_codes) -> None:
    bodies = set(reg["bodies"]["body_id"].dropna())
    for row in _rows(reg["memberships"]):
        kind, member = row["member_kind"], row["member"]
        if not kind or not member:
            continue
        where = (row["_file"], row["_line"], "member")
        if kind == "municipality":
            try:
                code = normalize_code(member)
            except ValueError as exc:
                problems.append(Problem(*where, str(exc)))
                continue
            if known_codes is not None and code not in known_codes:
                problems.append(Problem(*where, f"municipality code {code} does not exist"))
                continue
            if known_codes is not None and row["member_name"] and not _same_name(row["member_name"], known_codes[code]):
                problems.append(
                    Problem(row["_file"], row["_line"], "member_name",
                            f"{row['member_name']!r} does not match code {code} ({known_codes[code]})")
                )
        elif kind in ("prefecture", "all_municipalities_of_prefecture"):
            if member.zfill(2) not in PREF_CODES:
                problems.append(Problem(*where, f"{member!r} is not a prefecture code 01–47"))
        elif kind == "body":
            if member not in bodies:
                problems.append(Problem(*where, f"{member!r} is not a body_id in bodies.csv"))
            elif member == row["body_id"]:
                problems.append(Problem(*where, "a body cannot be a member of itself"))
        elif kind == "other" and not row["member_name"]:
            problems.append(Problem(row["_file"], row["_line"], "member_name", "member_kind other needs a member_name"))


def _check_spans(reg: Registry, problems: list[Problem]) -> None:
    """A row's `until` may not come before its `since`; a body may not succeed itself."""
    for name in ("bodies", "memberships"):
        for row in _rows(reg[name]):
            since, until = row.get("since"), row.get("until")
            if isinstance(since, str) and isinstance(until, str) and since and until and until < since:
                problems.append(Problem(row["_file"], row["_line"], "until", f"{until} is before since {since}"))
    for row in _rows(reg["bodies"]):
        if isinstance(row.get("succeeds"), str) and row["succeeds"] == row["body_id"]:
            problems.append(Problem(row["_file"], row["_line"], "succeeds", "a body cannot succeed itself"))


def _same_name(given: str, official: str) -> bool:
    """A listed name matches the code's official name after NFKC and without spaces; a ward may
    be given without its city (中央区 for 札幌市中央区).  Variant kanji are not reconciled."""

    def norm(s: str) -> str:
        return unicodedata.normalize("NFKC", s).replace(" ", "").replace("　", "")

    return norm(given) == norm(official) or norm(official).endswith(norm(given))
