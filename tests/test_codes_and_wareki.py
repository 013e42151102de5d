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
