"""One Streamlit process on app.py, set up for production and for st.navigation."""

from __future__ import annotations

import sys

# A server needs no source watcher (it polled the tree and walked every module after each
# run) and no development mode.  Nor a full garbage collection after every script run
# (runner.postScriptGC): with the store's hundreds of MB of objects on the heap it cost
# 0.15–0.2 CPU-s per run, three quarters of a first view; the store's objects are frozen out of
# the collector instead (dashboard/ui/storefile.py).  Given options win over these.
PRODUCTION_FLAGS = {
    "--runner.postScriptGC": "false",
    "--server.fileWatcherType": "none",
    "--server.runOnSave": "false",
    "--global.developmentMode": "false",
    "--server.headless": "true",
    "--browser.gatherUsageStats": "false",
}


def with_production_flags(args: list[str]) -> list[str]:
    given = {a.split("=", 1)[0] for a in args if a.startswith("--")}
    extra = [x for flag, value in PRODUCTION_FLAGS.items() if flag not in given for x in (flag, value)]
    return [*args, *extra]


def run(streamlit_args: list[str]) -> int:
    """Start Streamlit on app.py (blocks until it stops).

    Streamlit decides per process, before any script has run, whether a folder named pages/
    holds legacy auto-discovered pages; until app.py has called st.navigation once, the first
    browser session is served as if it did (deep links and map clicks misroute).  The atlas
    uses st.navigation only, so the process is told so before the server starts.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli as streamlit_cli

    from ..sources.paths import REPO_ROOT

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(REPO_ROOT / "app.py"), *with_production_flags(streamlit_args)]
    return streamlit_cli.main()
