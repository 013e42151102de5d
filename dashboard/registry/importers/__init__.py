"""Importing a published list (a prefecture's or 総務省's Excel / CSV, as published).

A source reader of its own kind: it turns a file in the publisher's layout into ordinary
registry rows, so build, validation and the app know nothing of Excel.

- :mod:`.readers`  bytes → sheets of text cells (.xlsx, .xls, .ods, .csv; size and format checks)
- :mod:`.headers`  Japanese headers → fields; the header row found under title rows
- :mod:`.cells`    member cells split into names, counts and 「全市町村」; scheme from a name; dates
- :mod:`.names`    name (+ prefecture) → code, with the nearest candidates (reusable)
- :mod:`.convert`  one sheet → bodies, memberships, milestones, affairs, with the report
- :mod:`.write`    the registry folder, validated and moved into place in one go
"""

from .convert import Imported, Options, SchemeRoles, import_bytes, note_known_bodies, scheme_roles
from .names import Gazetteer, Resolution
from .readers import MAX_BYTES
from .report import Report, Unresolved
from .write import write_folder

__all__ = ["Gazetteer", "Imported", "MAX_BYTES", "Options", "Report", "Resolution", "SchemeRoles", "Unresolved",
           "import_bytes", "note_known_bodies", "scheme_roles", "write_folder"]
