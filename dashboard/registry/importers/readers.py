"""A published file's bytes → rows of cell text, per sheet.

.xlsx / .xlsm through openpyxl (which also tells us a cell holds a formula), .xls / .ods through
python-calamine, .csv / .txt decoded as UTF-8, UTF-8 with BOM or CP932 (:mod:`dashboard.textio`).
Every way a file can be unreadable ends in one :class:`AtlasError` line naming the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from ...errors import AtlasError, Problem
from ...textio import decode_bytes

MAX_BYTES = 20 * 1024 * 1024  # 20 MB: a prefecture's list is a few hundred KB
MAX_ROWS = 100_000
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
TEXTS = (".csv", ".txt", ".tsv")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .xls, or an encrypted .xlsx


@dataclass(frozen=True)
class Sheet:
    """One sheet (a CSV is one sheet named after the file) as text cells; rows numbered from 1
    as a spreadsheet shows them."""

    name: str
    rows: list[list[str]]
    encoding: str | None = None


def check_size(size: int, file: str) -> None:
    if size == 0:
        raise AtlasError(Problem(file, None, None, "file is empty"))
    if size > MAX_BYTES:
        raise AtlasError(Problem(file, None, None, f"file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB"))


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    """All sheets of a file, by its extension (the content is checked to match)."""
    file = PurePath(filename).name
    check_size(len(data), file)
    ext = PurePath(filename).suffix.lower()
    if ext in TEXTS:
        return [_read_text(data, file, "\t" if ext == ".tsv" else None)]
    if ext in (".xlsx", ".xlsm"):
        return _read_xlsx(data, file)
    if ext in (".xls", ".ods"):
        return _read_calamine(data, file, ext)
    raise AtlasError(Problem(file, None, None, f"unknown file type {ext or '(none)'}; expected .xlsx, .xls, .ods or .csv"))


def cell_text(value) -> str:
    """A cell as text: dates as ISO, whole floats without .0 (codes), the rest as str."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _read_text(data: bytes, file: str, delimiter: str | None) -> Sheet:
    text, encoding = decode_bytes(data, file)
    if not text.strip():
        raise AtlasError(Problem(file, None, None, "file is empty"))
    if delimiter is None:
        head = "\n".join(text.splitlines()[:30])
        delimiter = "\t" if head.count("\t") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append([c.strip() for c in row])
            if len(rows) > MAX_ROWS:
                raise AtlasError(Problem(file, len(rows), None, f"more than {MAX_ROWS:,} rows"))
    except csv.Error as exc:
        raise AtlasError(Problem(file, len(rows) + 1, None, f"malformed CSV: {exc}")) from None
    return Sheet(PurePath(file).stem, rows, encoding)


def _read_xlsx(data: bytes, file: str) -> list[Sheet]:
    if data.startswith(CFB_MAGIC):
        raise AtlasError(Problem(file, None, None,
                                 "password-protected (encrypted) workbook, or an old .xls named .xlsx: "
                                 "save it without a password as .xlsx"))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise AtlasError(Problem(file, None, None, "not an Excel workbook (.xlsx is a zip file; this is not): corrupt or wrongly named"))
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise AtlasError(Problem(file, None, None, f"corrupt workbook: {type(exc).__name__}: {exc}".strip())) from None
    sheets = []
    try:
        for ws in wb.worksheets:
            rows: list[list[str]] = []
            for r, row in enumerate(ws.iter_rows(), start=1):
                if r > MAX_ROWS:
                    raise AtlasError(Problem(f"{file} [{ws.title}]", r, None, f"more than {MAX_ROWS:,} rows"))
                cells = []
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        ref = getattr(cell, "coordinate", "?")
                        raise AtlasError(Problem(
                            f"{file} [{ws.title}]", r, ref,
                            f"cell {ref} holds a formula ({str(cell.value)[:40]}); save the list with values only (paste as values)"))
                    cells.append(cell_text(cell.value))
                rows.append(cells)
            sheets.append(Sheet(ws.title, rows))
    except AtlasError:
        raise
    except Exception as exc:
        raise AtlasError(Problem(file, None, None, f"corrupt workbook: {type(exc).__name__}: {exc}")) from None
    finally:
        wb.close()
    return sheets


def _read_calamine(data: bytes, file: str, ext: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    if ext == ".ods" and not zipfile.is_zipfile(io.BytesIO(data)):
        raise AtlasError(Problem(file, None, None, "not an OpenDocument spreadsheet: corrupt or wrongly named"))
    if ext == ".xls" and not data.startswith(CFB_MAGIC):
        raise AtlasError(Problem(file, None, None, "not an Excel 97–2003 workbook: corrupt or wrongly named"))
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in wb.sheet_names:
            values = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if len(values) > MAX_ROWS:
                raise AtlasError(Problem(f"{file} [{name}]", MAX_ROWS + 1, None, f"more than {MAX_ROWS:,} rows"))
            sheets.append(Sheet(name, [[cell_text(v if v != "" else None) for v in row] for row in values]))
    except AtlasError:
        raise
    except Exception as exc:
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise AtlasError(Problem(file, None, None, "password-protected (encrypted) workbook: save it without a password")) from None
        raise AtlasError(Problem(file, None, None, f"corrupt workbook: {type(exc).__name__}: {text}")) from None
    return sheets
