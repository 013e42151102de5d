"""Reading Japanese public CSVs: UTF-8, UTF-8 with BOM or CP932 (Shift_JIS), decided per file.

Used by the source readers and by the registry, so it lives below both.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .errors import AtlasError, Problem, display_path

ENCODINGS = ("utf-8-sig", "cp932")


def decode_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode a file's bytes as UTF-8 (BOM optional) or CP932; say where it fails otherwise."""
    if data.startswith(b"\xef\xbb\xbf") or _is_utf8(data):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AtlasError(
            Problem(
                display_path(path),
                line,
                None,
                f"cannot decode byte {data[exc.start]:#04x} at offset {exc.start}: "
                "the file is neither UTF-8 (with or without BOM) nor CP932 (Shift_JIS)",
            )
        ) from None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def read_text(path: str | Path) -> tuple[str, str]:
    """Whole file as text and the encoding found."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise AtlasError(Problem(display_path(p), None, None, "file not found")) from None
    except IsADirectoryError:
        raise AtlasError(Problem(display_path(p), None, None, "is a folder, expected a CSV file")) from None
    return decode_bytes(data, p)


def read_csv_text(path: str | Path, *, skip_lines: int = 0) -> tuple[pd.DataFrame, str]:
    """Read a CSV as strings (no type guessing: codes keep their leading zeros).

    Returns the frame and the encoding.  Empty cells are ''.  A file with no header row, or
    with rows longer than the header, is an :class:`AtlasError` naming the line.
    """
    text, encoding = read_text(path)
    lines = text.splitlines()[skip_lines:]
    name = display_path(path)
    if not any(line.strip() for line in lines):
        raise AtlasError(Problem(name, None, None, "file is empty: expected a header row"))
    reader = csv.reader(io.StringIO("\n".join(lines)))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise AtlasError(Problem(name, reader.line_num + skip_lines, None, f"malformed CSV: {exc}")) from None
    header = [h.strip() for h in rows[0]]
    body = []
    for i, row in enumerate(rows[1:], start=2 + skip_lines):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise AtlasError(
                Problem(name, i, None, f"row has {len(row)} cells but the header has {len(header)}")
            )
        body.append((i, [c.strip() for c in row] + [""] * (len(header) - len(row))))
    frame = pd.DataFrame([r for _, r in body], columns=header, dtype=object)
    frame.index = pd.Index([i for i, _ in body], name="line")
    return frame, encoding
