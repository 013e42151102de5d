"""The registry format as Markdown, generated from :mod:`.schema` for data/README.md."""

from __future__ import annotations

from .schema import TABLES

_KIND = {
    "text": "text", "int": "whole number ≥ 0", "signed": "whole number (may be negative)", "money": "number ≥ 0 (commas allowed)",
    "date": "date: ISO or 和暦", "dates": "dates separated by ;", "fy": "fiscal year: 2016 or 平成28年度", "code": "municipality code (5 or 6 digits)",
    "pref": "prefecture code", "bool": "true/false", "enum": "one of", "list": "list separated by ;",
    "evidence": "explicit / count_only: … / inferred: … / partial: …",
}


def schema_markdown() -> str:
    out = []
    for t in TABLES.values():
        out.append(f"### `{t.file}`\n\n{t.doc}" + (f" Key: {', '.join(t.key)}." if t.key else "") + "\n")
        out.append("| column | type | required | notes |\n|---|---|---|---|")
        for c in t.columns:
            kind = _KIND[c.kind] + (f" {', '.join(c.choices)}" if c.choices else "")
            notes = c.doc + (f" → `{c.ref}`" if c.ref else "")
            out.append(f"| `{c.name}` | {kind} | {'yes' if c.nonempty else 'may be empty or left out'} | {notes} |")
        out.append("")
    return "\n".join(out)
