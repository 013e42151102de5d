"""Codes with check digits, 和暦 dates and fiscal years (DOMAIN.md)."""

import pytest

from dashboard.codes import check_digit, normalize_code, with_check_digit
from dashboard.registry.wareki import PartialDate, fiscal_year_label, parse_date, parse_fiscal_year


@pytest.mark.parametrize("code5, code6", [("20212", "202126"), ("01100", "011002"), ("13104", "131041"), ("20209", "202096")])
def test_check_digit_matches_domain_examples(code5, code6):
    assert with_check_digit(code5) == code6
    assert normalize_code(code6) == code5
    assert normalize_code(code5) == code5


def test_leading_zero_restored_and_float_spreadsheet_value():
    assert normalize_code("1100") == "01100"
    assert normalize_code(20212.0) == "20212"


@pytest.mark.parametrize("raw, message", [
    ("202127", "check digit of 202127 is 7, expected 6"),
    ("2021A", "is not made of digits"),
    ("2021", "has 4 digits") ,
    ("", "empty code"),
])
def test_bad_codes_say_why(raw, message):
    if raw == "2021":
        # four digits are read as a code that lost its leading zero
        assert normalize_code(raw) == "02021"
        return
    with pytest.raises(ValueError, match=message):
        normalize_code(raw)


def test_check_digit_rejects_non_codes():
    with pytest.raises(ValueError):
        check_digit("1234")


@pytest.mark.parametrize("raw, iso", [
    ("平成28年3月29日", "2016-03-29"),
    ("H28.3.29", "2016-03-29"),
    ("令和6年4月1日", "2024-04-01"),
    ("平成28年3月", "2016-03"),
    ("令和元年5月1日", "2019-05-01"),
    ("Ｈ２８．３．２９", "2016-03-29"),
    ("昭和61年7月12日", "1986-07-12"),
    ("2016-03-29", "2016-03-29"),
    ("2016/3/29", "2016-03-29"),
    ("2016", "2016"),
])
def test_dates_in_every_form_the_sources_use(raw, iso):
    assert parse_date(raw).iso() == iso


@pytest.mark.parametrize("raw, message", [
    ("平成31年5月1日", "平成 ended on 2019-04-30"),
    ("令和元年4月1日", "before 令和 began"),
    ("2016-02-30", "day 30 does not exist"),
    ("H28.13.1", "month 13 does not exist"),
    ("昨年", "is not a date"),
])
def test_impossible_dates_are_rejected(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_date(raw)


def test_wareki_round_trip_and_fiscal_years():
    assert PartialDate(2016, 3, 29).wareki() == "平成28年3月29日"
    assert PartialDate(2019, 5, 1).wareki() == "令和元年5月1日"
    assert parse_fiscal_year("平成28年度") == 2016
    assert parse_fiscal_year("FY2017") == 2017
    assert parse_fiscal_year("令和元年度") == 2019
    assert fiscal_year_label(2016) == "FY2016 (平成28年度)"
    assert fiscal_year_label(2019) == "FY2019 (令和元年度)"
    with pytest.raises(ValueError, match="not a fiscal year"):
        parse_fiscal_year("来年度")


# --- one era table, every era boundary (property tests) -------------------------------------
import datetime as _dt  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dashboard.registry.wareki import ERA_TABLE  # noqa: E402

BOUNDARIES = [(era, day) for era in ERA_TABLE for day in (era.first, era.last) if day is not None]


@given(st.sampled_from(BOUNDARIES), st.integers(-40, 40))
def test_a_day_near_an_era_boundary_reads_back_only_in_its_own_era(boundary, offset):
    era, edge = boundary
    day = edge + _dt.timedelta(days=offset)
    inside = era.first <= day and (era.last is None or day <= era.last)
    n = day.year - era.first.year + 1
    text = f"{era.name}{'元' if n == 1 else n}年{day.month}月{day.day}日"
    if inside:
        assert parse_date(text) == PartialDate(day.year, day.month, day.day)
        assert PartialDate(day.year, day.month, day.day).wareki() == text
    elif n >= 1:
        try:
            parse_date(text)
        except ValueError as exc:
            assert era.name in str(exc)
        else:
            raise AssertionError(f"{text} ({day}) is not a day of {era.name} but was read")


@given(st.sampled_from(ERA_TABLE), st.integers(0, 70), st.booleans())
def test_fiscal_years_and_dates_share_the_era_rule(era, n, letter):
    """年度 N of an era exists from 元年 to the year the era ended; 令和0年度 and 昭和99年度 do not."""
    last_n = None if era.last is None else era.last.year - era.first.year + 1
    name = era.letter if letter else era.name
    text = f"{name}{n}年度"
    if n >= 1 and (last_n is None or n <= last_n):
        assert parse_fiscal_year(text) == era.first.year + n - 1
        assert parse_date(f"{era.name}{n}年").year == era.first.year + n - 1  # the same rule for a year
    else:
        with pytest.raises(ValueError, match=r"1 or more|ended on"):
            parse_fiscal_year(text)
        with pytest.raises(ValueError, match=r"1 or more|ended on"):
            parse_date(f"{era.name}{n}年")


@pytest.mark.parametrize("text", ["令和0年度", "昭和99年度", "平成32年度", "大正16年度"])
def test_impossible_fiscal_years_are_rejected(text):
    with pytest.raises(ValueError, match=r"1 or more|ended on"):
        parse_fiscal_year(text)
