"""The caches one AtlasData shares with every session, driven by many threads at once.

``as_of`` (dated copies, evicted beyond AS_OF_CACHE), ``geometry_text`` and
``whole_prefecture`` are filled under the object's lock and published whole: every thread
gets exactly what a lone thread gets, and no thread sees a half-filled cache.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import threading

import pytest

from dashboard.views import atlas as atlas_module
from dashboard.views.atlas import AtlasData

DAYS = ["2012-04-01", "2017-03-22", "2020-01-01"]
THREADS = 8
# 10 rounds with the suite; ATLAS_THREAD_ROUNDS=100 for the hundred (passed: see the commit).
ROUNDS = int(os.environ.get("ATLAS_THREAD_ROUNDS", "10"))


@pytest.fixture(scope="module")
def data(store) -> AtlasData:
    return AtlasData.from_store(store)


@pytest.fixture(scope="module")
def expected(data):
    """What one thread alone gets (on a fresh copy: empty caches)."""
    alone = dataclasses.replace(data)
    return ({d: sorted(alone.as_of(d).bodies["body_id"]) for d in DAYS}, alone.whole_prefecture(),
            alone.geometry_text("prefectures_light", 3).to_dict())


def _race(fresh: AtlasData) -> list:
    """THREADS threads released together, the interpreter switching between them every microsecond
    (so an unlocked fill interleaves as it would under load)."""
    barrier = threading.Barrier(THREADS)
    results, errors = [None] * THREADS, []

    def work(i: int) -> None:
        try:
            barrier.wait()  # untimed: a timed wait hangs under libfaketime (the suite runs +400 days too)
            day = DAYS[i % len(DAYS)]
            whole = fresh.whole_prefecture()
            bodies = sorted(fresh.as_of(day).bodies["body_id"])
            text = fresh.geometry_text("prefectures_light", 3).to_dict()
            results[i] = (day, bodies, whole, text)
        except Exception as exc:  # collected: a failure in a thread must fail the test
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors
    return results


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_threads_share_the_caches_without_a_half_filled_read(data, expected, monkeypatch, round_):
    monkeypatch.setattr(atlas_module, "AS_OF_CACHE", 2)  # fewer slots than days: evictions race too
    fresh = dataclasses.replace(data)  # empty caches, shared tables: cheap
    by_day, whole, text = expected
    for day, bodies, got_whole, got_text in _race(fresh):
        assert bodies == by_day[day]
        assert got_whole == whole and whole  # never a partial dict, never empty for the real registry
        assert got_text == text
