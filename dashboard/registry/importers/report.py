"""What an import did, in words a user can act on: counts, the header mapping used, and every
name it could not resolve with the file, sheet, row, column and nearest candidates."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Unresolved:
    file: str
    sheet: str
    row: int
    column: str
    name: str
    reason: str
    candidates: tuple[str, ...] = ()
    body: str = ""

    def __str__(self) -> str:
        near = f"; nearest: {', '.join(self.candidates)}" if self.candidates else ""
        return f"{self.file} [{self.sheet}]:{self.row}:{self.column}: {self.name!r} not resolved ({self.reason}){near}"


@dataclass
class Report:
    file: str
    sheet: str = ""
    encoding: str | None = None
    header_row: int | None = None
    mapping: list[tuple[str, str]] = field(default_factory=list)  # (published header, field)
    ignored_headers: list[str] = field(default_factory=list)
    rows_read: int = 0
    bodies: int = 0
    members: dict[str, int] = field(default_factory=dict)  # member_kind → rows
    milestones: int = 0
    affairs: int = 0
    schemes: dict[str, int] = field(default_factory=dict)
    unresolved: list[Unresolved] = field(default_factory=list)
    other_bodies: list[Unresolved] = field(default_factory=list)  # members that are bodies not in the list
    bad_dates: list = field(default_factory=list)  # Problems: dates that could not be read
    notes: list[str] = field(default_factory=list)  # skipped rows, counts instead of names, unread dates …
    written_to: str | None = None

    @property
    def members_total(self) -> int:
        return sum(self.members.values())

    def summary(self) -> str:
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.members.items()))
        schemes = ", ".join(f"{n} {s}" for s, n in sorted(self.schemes.items()))
        return (f"{self.file} [{self.sheet}]: {self.rows_read} rows read; {self.bodies} bodies ({schemes or '—'}), "
                f"{self.members_total} members ({kinds or '—'}), {self.milestones} milestones, {self.affairs} affairs; "
                f"{len(self.unresolved)} unresolved name{'s' if len(self.unresolved) != 1 else ''}")

    def lines(self) -> list[str]:
        out = [self.summary()]
        if self.encoding:
            out.append(f"encoding: {self.encoding}")
        out.append(f"header row {self.header_row}: " + "; ".join(f"{h} → {f}" for h, f in self.mapping))
        if self.ignored_headers:
            out.append("columns not used: " + "、".join(self.ignored_headers))
        for u in self.unresolved:
            out.append(f"unresolved: {u}")
        for p in self.bad_dates:
            out.append(f"date not read: {p}")
        for u in self.other_bodies:
            out.append(f"kept as other (a body, not a municipality): {u}")
        out.extend(f"note: {n}" for n in self.notes)
        if self.written_to:
            out.append(f"written to {self.written_to}")
        return out

    def text(self) -> str:
        return "\n".join(self.lines())

    def unresolved_frame(self) -> pd.DataFrame:
        rows = [{"file": u.file, "sheet": u.sheet, "row": u.row, "column": u.column, "name": u.name, "body": u.body,
                 "reason": u.reason, "nearest": "、".join(u.candidates)} for u in self.unresolved + self.other_bodies]
        return pd.DataFrame(rows, columns=["file", "sheet", "row", "column", "name", "body", "reason", "nearest"])
