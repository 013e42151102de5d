"""和暦 (Japanese era) dates and fiscal years (年度).

Japanese public documents write 平成28年3月29日, H28.3.29, 令和元年5月1日 or 平成28年3月
(month precision).  We read all of them, and ISO dates, into a :class:`PartialDate` that
keeps the precision the source gave: a milestone said to be in 平成28年3月 must not be shown
as the 1st of March.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Era:
    """One era (元号): its name, its letter (H28.3.29) and its first and last day."""

    name: str
    letter: str
    first: dt.date
    last: dt.date | None  # None: the era in force

    def year(self, n: int, raw: object) -> int:
        """The calendar year of year ``n`` of this era (元年 = 1), or ValueError: year 0, or a
        year after the era ended (昭和99年 is no year).  One rule for dates and 年度 alike."""
        if n < 1:
            raise ValueError(f"{raw!r}: era year must be 1 or more (元年 is year 1)")
        year = self.first.year + n - 1
        if self.last is not None and year > self.last.year:
            raise ValueError(f"{raw!r}: {self.name} ended on {self.last.isoformat()} ({self.name}{self.last.year - self.first.year + 1}年)")
        return year


def _era_table(starts: list[tuple[str, str, dt.date]]) -> tuple[Era, ...]:
    """Eras from their first days: each ends the day before the next begins."""
    return tuple(Era(name, letter, first, starts[i + 1][2] - dt.timedelta(days=1) if i + 1 < len(starts) else None)
                 for i, (name, letter, first) in enumerate(starts))


# The one era table: parse_date, parse_fiscal_year and PartialDate.wareki all read it.
ERA_TABLE: tuple[Era, ...] = _era_table([
    ("明治", "M", dt.date(1868, 1, 25)),
    ("大正", "T", dt.date(1912, 7, 30)),
    ("昭和", "S", dt.date(1926, 12, 25)),
    ("平成", "H", dt.date(1989, 1, 8)),
    ("令和", "R", dt.date(2019, 5, 1)),
])
ERA_BY_NAME: dict[str, Era] = {**{e.name: e for e in ERA_TABLE}, **{e.letter: e for e in ERA_TABLE}}
ERAS: dict[str, dt.date] = {e.name: e.first for e in ERA_TABLE}  # era → first day
ERA_ABBREV = {e.letter: e.name for e in ERA_TABLE}

_ERA_NAMES = "|".join(list(ERAS) + list(ERA_ABBREV))
_WAREKI = re.compile(
    rf"^(?P<era>{_ERA_NAMES})\s*(?P<year>元|\d{{1,2}})\s*(?:年|\.|/|-)\s*"
    rf"(?:(?P<month>\d{{1,2}})\s*(?:月|\.|/|-)?\s*(?:(?P<day>\d{{1,2}})\s*日?)?)?\s*$"
)
_WAREKI_FY = re.compile(rf"^(?P<era>{_ERA_NAMES})\s*(?P<year>元|\d{{1,2}})\s*年度$")
_ISO = re.compile(r"^(?P<year>\d{4})(?:[-/.年](?P<month>\d{1,2})(?:[-/.月](?P<day>\d{1,2})日?)?月?)?年?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """2016, 2016-03 or 2016-03-29: the stored form."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def wareki(self) -> str:
        """平成28年3月29日 (the era in force on that date; 元年 for year 1)."""
        era, start = era_of(self.first_day())
        n = self.year - start.year + 1
        text = f"{era}{'元' if n == 1 else n}年"
        if self.month is not None:
            text += f"{self.month}月"
            if self.day is not None:
                text += f"{self.day}日"
        return text


def era_of(day: dt.date) -> tuple[str, dt.date]:
    """The era in force on a date."""
    current = None
    for era in ERA_TABLE:
        if day >= era.first:
            current = (era.name, era.first)
    if current is None:
        raise ValueError(f"{day} is before 明治")
    return current


def _normalize(text: str) -> str:
    # NFKC turns full-width digits and letters (２８, Ｈ) into ASCII; keep era kanji.
    return unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")


def parse_date(raw: object) -> PartialDate:
    """Parse ISO or 和暦 text into a PartialDate; raise ValueError saying what was wrong."""
    if raw is None:
        raise ValueError("empty date")
    text = _normalize(raw)
    if not text:
        raise ValueError("empty date")
    m = _WAREKI.match(text)
    if m:
        era = ERA_BY_NAME[m["era"]]
        year = era.year(1 if m["year"] == "元" else int(m["year"]), raw)
        result = _checked(year, m["month"], m["day"], raw)
        if (result.month is not None and result.first_day() < dt.date(era.first.year, era.first.month, 1)) or (
            result.day is not None and result.first_day() < era.first
        ):  # a year alone (令和元年) is a year of the era even though it began in May
            raise ValueError(f"{raw!r} is before {era.name} began ({era.first.isoformat()})")
        if era.last is not None and result.month is not None and result.first_day() > era.last:
            raise ValueError(f"{raw!r}: {era.name} ended on {era.last.isoformat()}")
        return result
    m = _ISO.match(text)
    if m:
        return _checked(int(m["year"]), m["month"], m["day"], raw)
    raise ValueError(
        f"{raw!r} is not a date (use 2016-03-29, 2016-03, 平成28年3月29日 or H28.3.29)"
    )


def _checked(year: int, month: str | None, day: str | None, raw: object) -> PartialDate:
    mo = int(month) if month else None
    d = int(day) if day else None
    if mo is not None and not 1 <= mo <= 12:
        raise ValueError(f"{raw!r}: month {mo} does not exist")
    if d is not None:
        try:
            dt.date(year, mo or 1, d)
        except ValueError:
            raise ValueError(f"{raw!r}: day {d} does not exist in {year}-{mo:02d}") from None
    if not 1868 <= year <= 2100:
        raise ValueError(f"{raw!r}: year {year} is out of range")
    return PartialDate(year, mo, d)


def parse_fiscal_year(raw: object) -> int:
    """年度 as its starting calendar year: 2016, FY2016, 平成28年度 and H28年度 all give 2016."""
    text = _normalize(raw)
    if not text:
        raise ValueError("empty fiscal year")
    m = _WAREKI_FY.match(text)
    if m:
        return ERA_BY_NAME[m["era"]].year(1 if m["year"] == "元" else int(m["year"]), raw)
    m = re.match(r"^(?:FY)?(\d{4})(?:年度)?$", text, re.IGNORECASE)
    if m and 1868 <= int(m[1]) <= 2100:
        return int(m[1])
    raise ValueError(f"{raw!r} is not a fiscal year (use 2016, FY2016 or 平成28年度)")


def fiscal_year_label(year: int) -> str:
    """2016 → 'FY2016 (平成28年度)'.

    A 年度 takes the era in force on 1 May of its first year: FY2019 is 令和元年度 by official
    usage although it began under 平成, while FY1988 stayed 昭和63年度.
    """
    wareki = PartialDate(year, 5, 1).wareki()
    return f"FY{year} ({wareki.split('年')[0]}年度)"
