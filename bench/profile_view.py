"""Where a view's server time goes: cProfile of a first view and of a selection-only rerun.

    python bench/profile_view.py [--top 25] [--pref 20]

Runs the app in-process through Streamlit's AppTest (the script runner the server uses, without
the websocket and file watcher), once to warm the process (the store and caches, as a running
server has them), then profiles (1) the first view of a new session and (2) a rerun in that
session that only selects a municipality.  Prints the cumulative top lines of each.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streamlit.testing.v1 import AppTest  # noqa: E402

_PROFILE: list = []


def _install() -> None:
    """Profile the script thread (AppTest runs the script in a thread of its own)."""
    from streamlit.runtime.scriptrunner import script_runner

    original = script_runner.ScriptRunner._run_script

    def run(self, *a, **kw):
        if not _PROFILE:
            return original(self, *a, **kw)
        prof, times = _PROFILE
        wall, cpu = time.perf_counter(), time.thread_time()
        if prof:
            prof.enable()
        try:
            return original(self, *a, **kw)
        finally:
            if prof:
                prof.disable()
            times.append((time.perf_counter() - wall, time.thread_time() - cpu))

    script_runner.ScriptRunner._run_script = run


def unprofiled(fn) -> tuple[float, float]:
    """Wall and CPU time of the script thread for one run, without the profiler's overhead."""
    times: list = []
    _PROFILE[:] = [None, times]
    fn()
    _PROFILE.clear()
    return times[0]


def profiled(fn, top: int, sort: str) -> tuple[float, float, str]:
    prof = cProfile.Profile()
    times: list = []
    _PROFILE[:] = [prof, times]
    fn()
    _PROFILE.clear()
    wall, cpu = times[0]
    out = io.StringIO()
    pstats.Stats(prof, stream=out).strip_dirs().sort_stats(sort).print_stats(top)
    return wall, cpu, out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--pref", default="", help="a prefecture code for the view (default: Japan)")
    ap.add_argument("--sort", default="cumulative")
    args = ap.parse_args()

    def new_session() -> AppTest:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        if args.pref:
            at.query_params["pref"] = args.pref
        return at

    _install()
    new_session().run()  # warm: store loaded, imports done, geometry files written
    plain = unprofiled(new_session().run)
    at = new_session()
    wall, cpu, text = profiled(at.run, args.top, args.sort)
    print(f"== first view of a new session, script thread without the profiler: {plain[0] * 1000:.0f} ms wall, {plain[1] * 1000:.0f} ms CPU")
    print(f"== first view of a new session: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU (script thread, under the profiler)\n{text}")
    at2 = new_session()
    at2.run()
    muni = "20212"
    at2.run()  # panel content of another session's earlier click is cached too: warm it, as a busy server has it

    def select():
        # A click on the map: the component returns the clicked feature (as the browser does).
        from dashboard.ui import mapcache

        original = mapcache.component
        mapcache.component = lambda *a, **kw: {"last_active_drawing": {"properties": {"code": muni}}}
        try:
            at2.run()
        finally:
            mapcache.component = original
        assert at2.session_state["atlas_state"].muni == muni

    for code in ("20211", "20212"):  # municipalities not shown before in this process
        muni = code
        at2.session_state["atlas_state"] = at2.session_state["atlas_state"].with_(muni=None)
        plain = unprofiled(select)
        print(f"== click selecting {code}, without the profiler: {plain[0] * 1000:.0f} ms wall, {plain[1] * 1000:.0f} ms CPU")
    muni = "20211"  # shown before: its panel content is cached
    at2.session_state["atlas_state"] = at2.session_state["atlas_state"].with_(muni=None)
    plain = unprofiled(select)
    print(f"== click selecting {muni} again, without the profiler: {plain[0] * 1000:.0f} ms wall, {plain[1] * 1000:.0f} ms CPU")
    muni = "20212"
    at2.session_state["atlas_state"] = at2.session_state["atlas_state"].with_(muni=None)
    wall, cpu, text = profiled(select, args.top, args.sort)
    print(f"== click selecting {muni} again (panel content cached): {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU (script thread, under the profiler)\n{text}")


if __name__ == "__main__":
    main()
