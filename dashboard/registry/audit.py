"""An audit as a habit (#19): a random sample of bodies printed as a checklist, and the audits done.

``python -m dashboard audit --sample 30 --seed N`` prints, for each sampled body, what a checker must
confirm against a page other than the one cited: members and roles, dates, and each fact's source with
its kind (公式 / 報道 / 参考 / 二次資料).  The same seed gives the same sample, so an audit can be redone.
The results of an audit done are kept as ``data/audits/YYYY-MM-DD-seedN.md`` with a head of
``date:``, ``seed:``, ``confirmed:``, ``wrong:``, ``unverifiable:`` and ``fixed:`` lines; the data page
shows them latest first.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pandas as pd

from .provenance import LABELS_JA, source_kind

AUDITS = Path(__file__).resolve().parents[2] / "data" / "audits"
FIELDS = ("date", "seed", "confirmed", "wrong", "unverifiable", "fixed")


def _s(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def sample(registry, n: int, seed: int) -> list[str]:
    """``n`` body ids drawn with ``seed`` from the sorted ids (stable across runs and machines)."""
    ids = sorted(registry["bodies"]["body_id"].astype(str))
    return random.Random(seed).sample(ids, min(n, len(ids)))


def checklist(registry, n: int, seed: int) -> str:
    """The sample as a Markdown checklist."""
    bodies = registry["bodies"].set_index("body_id")
    members = registry["memberships"]
    milestones = registry["milestones"]
    chosen = sample(registry, n, seed)
    lines = [f"# Audit checklist: {len(chosen)} bodies, seed {seed}", "",
             "For each line: check against a page other than the one cited; mark [x] confirmed, or write wrong / unverifiable.", ""]
    for i, body_id in enumerate(chosen, start=1):
        b = bodies.loc[body_id]
        kind = source_kind(b["source"])
        lines += [f"## {i}. {b['name']} ({body_id}; {b['scheme_id']}; pref {b['pref_codes']})",
                  f"- [ ] body: since {_s(b.get('since')) or '?'} until {_s(b.get('until')) or '—'}; "
                  f"stated members {_s(b.get('stated_members')) or '—'}; source [{LABELS_JA[kind]}] {b['source']}"]
        for m in members[members["body_id"] == body_id].to_dict("records"):
            lines.append(f"- [ ] member {_s(m.get('member_name')) or m['member']} ({m['member']}), {m['role']}, "
                         f"since {_s(m.get('since')) or '?'} until {_s(m.get('until')) or '—'}, {m['evidence']}; "
                         f"source [{LABELS_JA[source_kind(m['source'])]}] {m['source']}")
        for ms in milestones[milestones["body_id"] == body_id].to_dict("records"):
            lines.append(f"- [ ] {ms['kind']} {ms['date']}; source [{LABELS_JA[source_kind(ms['source'])]}] {ms['source']}")
        lines.append("")
    return "\n".join(lines)


def read_audits(folder: Path = AUDITS) -> list[dict]:
    """The audits recorded in ``folder`` (*.md), latest first: the head fields and the text."""
    out = []
    for path in sorted(Path(folder).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        head = {k: "" for k in FIELDS}
        for line in text.splitlines()[:30]:
            m = re.match(r"^\s*[-*]?\s*(date|seed|confirmed|wrong|unverifiable|fixed)\s*:\s*(.*)$", line, re.IGNORECASE)
            if m and not head[m[1].lower()]:
                head[m[1].lower()] = m[2].strip()
        out.append({**head, "file": path.name, "text": text})
    return sorted(out, key=lambda a: (a["date"], a["file"]), reverse=True)
