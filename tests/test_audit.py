"""The audit habit: a reproducible sample, and records the data page can trust."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard.build import DEFAULT_REGISTRY
from dashboard.registry.audit import read_record, records, sample_bodies
from dashboard.registry.validate import require_valid

from .conftest import REPO


@pytest.fixture(scope="module")
def registry():
    return require_valid([DEFAULT_REGISTRY], None)


def test_same_seed_same_sample_other_seed_other_sample(registry):
    a = sample_bodies(registry, 30, seed=2026)
    assert a == sample_bodies(registry, 30, seed=2026)
    assert len(a) == 30 and len(set(a)) == 30
    assert set(a) <= set(registry["bodies"]["body_id"])
    assert a != sample_bodies(registry, 30, seed=2027)


def test_cli_prints_each_sampled_body_with_its_members():
    out = subprocess.run([sys.executable, "-m", "dashboard", "audit", "--sample", "5", "--seed", "11"],
                         cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.count("\n## ") == 5
    assert "- [ ] source " in out


def test_record_is_read_and_a_malformed_one_is_refused(tmp_path):
    good = tmp_path / "2026-12-06-seed-11.md"
    good.write_text("| field | value |\n|---|---|\n| seed | 11 |\n| sample | 30 |\n| confirmed | 26 |\n"
                    "| wrong | 2 |\n| unverifiable | 2 |\n| fixed | 3 |\n", encoding="utf-8")
    rec = read_record(good)
    assert (rec.date, rec.seed, rec.sample, rec.total) == ("2026-12-06", 11, 30, 30)
    assert rec.counts == {"confirmed": 26, "wrong": 2, "unverifiable": 2, "fixed": 3}
    bad = tmp_path / "2026-12-07-seed-12.md"
    bad.write_text("| field | value |\n|---|---|\n| confirmed | many |\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a whole number"):
        read_record(bad)
    undated = tmp_path / "audit.md"
    undated.write_text("| confirmed | 1 |\n", encoding="utf-8")
    with pytest.raises(ValueError, match="starts with its date"):
        read_record(undated)


def test_recorded_audits_in_the_repository_are_readable():
    for rec in records(REPO / "data" / "audits"):
        assert rec.total > 0 and rec.seed is not None
