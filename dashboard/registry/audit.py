"""Audits of the registry as a habit: a reproducible random sample to check, and the record of checks done.

Why: a planner quotes the atlas in a council paper and a journalist checks it.  A registry authored by
hand stays trustworthy only if someone regularly takes a random sample and checks each fact against a
page *other than the one cited*.  ``python -m dashboard audit --sample 30 --seed N`` prints the sample
as a checklist (the same seed always gives the same sample of the same registry); the results are kept
as Markdown files in ``data/audits/`` whose first table the data page reads.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .provenance import LABELS_JA, source_kind
from .validate import Registry

AUDITS = Path(__file__).resolve().parents[2] / "data" / "audits"
# Counts an audit record states, in its "| result | count |" table (Japanese or English keys accepted).
RESULT_KEYS = {
    "confirmed": ("confirmed", "確認"),
    "partly": ("partly confirmed", "一部確認"),  # the body is confirmed, some of its facts could not be
    "wrong": ("wrong", "誤り"),
    "unverifiable": ("unverifiable", "確認不能"),
    "fixed": ("fixed", "修正"),
}


def sample_bodies(registry: Registry, n: int, seed: int) -> list[str]:
    """``n`` body ids drawn with ``seed`` from the registry's bodies, sorted first so that the draw
    depends on the registry's content only, not on the order its folders were read in."""
    ids = sorted(set(registry["bodies"]["body_id"].dropna()))
    if n >= len(ids):
        return ids
    return sorted(random.Random(seed).sample(ids, n))


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).replace("|", "/").replace("\n", " ")


def _kind(source: str) -> str:
    """「[公式]」 etc.: the kind of a source as the checklist shows it."""
    return f"[{LABELS_JA[source_kind(source)]}]"


def checklist(registry: Registry, n: int, seed: int) -> str:
    """The sample as a Markdown checklist: per body its scheme, dates and source, its members and
    its milestones, each line with the source's kind (公式 / 報道 / 参考 / 二次資料)."""
    bodies = registry["bodies"].drop_duplicates("body_id").set_index("body_id")
    members = registry["memberships"]
    milestones = registry["milestones"]
    out = [f"# Registry audit sample: {n} bodies, seed {seed}", "",
           "Check every line against a page OTHER than the cited one; mark [x] confirmed, [!] wrong, [?] unverifiable.", ""]
    for body_id in sample_bodies(registry, n, seed):
        b = bodies.loc[body_id]
        span = f"{_cell(b.get('since')) or '?'} – {_cell(b.get('until'))}"
        out.append(f"## {b['name']} (`{body_id}`), {b['scheme_id']}, {_cell(b['pref_codes'])}")
        out.append(f"- [ ] in force {span}; members stated: {_cell(b.get('stated_members')) or '—'}")
        out.append(f"- [ ] source {_kind(str(b['source']))} {_cell(b['source'])} ({_cell(b['evidence'])})")
        rows = members[members["body_id"] == body_id]
        for _, m in rows.sort_values(["role", "member"]).iterrows():
            dates = f"{_cell(m.get('since'))}–{_cell(m.get('until'))}".strip("–")
            out.append(f"  - [ ] member {_cell(m['member_name']) or _cell(m['member'])} ({_cell(m['member'])}), {m['role']}"
                       f"{', ' + dates if dates else ''}: {_kind(str(m['source']))} {_cell(m['source'])} ({_cell(m['evidence'])})")
        if rows.empty:
            out.append("  - [ ] no members listed")
        for _, ms in milestones[milestones["body_id"] == body_id].iterrows():
            out.append(f"  - [ ] {ms['kind']} {_cell(ms['date'])}: {_kind(str(ms['source']))} {_cell(ms['source'])}")
        out.append("")
    return "\n".join(out)


@dataclass(frozen=True)
class AuditRecord:
    """One audit done: when, with which seed and sample size, and what it found."""

    path: Path
    date: str
    seed: int | None
    sample: int | None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.get(k, 0) for k in ("confirmed", "wrong", "unverifiable"))


_FIELD = re.compile(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*$")


def read_record(path: Path) -> AuditRecord:
    """Read an audit file: its name starts with the ISO date; its first two-column table holds
    ``seed``, ``sample`` and the counts (``confirmed`` / ``wrong`` / ``unverifiable`` / ``fixed``).

    Raises ValueError naming the file when the date or a count cannot be read, so a malformed record
    fails the test suite instead of showing wrong figures on the data page."""
    m = re.match(r"(\d{4}-\d{2}-\d{2})", path.name)
    if not m:
        raise ValueError(f"{path}: an audit file's name starts with its date (YYYY-MM-DD-…)")
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        f = _FIELD.match(line)
        if f and not set(f[1]) <= set("-: "):
            fields[f[1].lower()] = f[2]
    counts: dict[str, int] = {}
    for key, names in RESULT_KEYS.items():
        for name in names:
            if name in fields:
                try:
                    counts[key] = int(fields[name].split()[0])
                except ValueError as exc:
                    raise ValueError(f"{path}: {name} {fields[name]!r} is not a whole number") from exc
    if "confirmed" not in counts:
        raise ValueError(f"{path}: no '| confirmed | N |' row")

    def num(key: str) -> int | None:
        return int(fields[key]) if fields.get(key, "").isdigit() else None

    return AuditRecord(path, m[1], num("seed"), num("sample"), counts)


def records(folder: Path) -> list[AuditRecord]:
    """Every audit recorded in ``folder`` (``data/audits``), newest first."""
    if not folder.is_dir():
        return []
    return sorted((read_record(p) for p in folder.glob("*.md") if p.name != "README.md"),
                  key=lambda r: (r.date, r.path.name), reverse=True)


def read_audits(folder: Path = AUDITS) -> list[dict]:
    """The audits recorded in ``folder`` for the data page, newest first: the counts as text
    (``date``, ``seed``, ``confirmed``, ``partly``, ``wrong``, ``unverifiable``, ``fixed``; an audit
    without a 'partly confirmed' row had none), the file name and its text."""
    out = []
    for rec in records(Path(folder)):
        fields = {"date": rec.date, "seed": "" if rec.seed is None else str(rec.seed)}
        fields.update({k: str(rec.counts.get(k, "0" if k == "partly" else "")) for k in RESULT_KEYS})
        out.append({**fields, "file": rec.path.name, "text": rec.path.read_text(encoding="utf-8")})
    return out
