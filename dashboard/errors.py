"""Errors that name the file, row and column, so a user can fix their input.

Every reader and the validator report problems as ``file:row:column: message``.
Rows are counted as a spreadsheet user sees them: the header is line 1, the first
data row is line 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or a whole file, when row/column are None)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        col = "" if self.column is None else self.column
        return f"{self.file}:{row}:{col}: {self.message}"


class AtlasError(Exception):
    """Bad input the user can fix.  The CLI prints it without a traceback and exits non-zero."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("-", None, None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SourceMissing(AtlasError):
    """A source file or folder the build needs is not where we look."""


def display_path(path: str | Path) -> str:
    """Path as shown in messages: relative to the working directory when possible."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)
