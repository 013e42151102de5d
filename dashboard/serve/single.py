"""One Streamlit process on app.py, set up for production and for st.navigation."""

from __future__ import annotations

import os
import sys
import threading
import time

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


def _port(args: list[str]) -> int:
    """The port Streamlit will listen on (``--server.port N`` / ``=N``; else its default)."""
    for i, a in enumerate(args):
        name, eq, value = a.partition("=")
        if name == "--server.port":
            value = value if eq else (args[i + 1] if i + 1 < len(args) else "")
            try:
                return int(value)
            except ValueError:
                break
    return int(os.environ.get("STREAMLIT_SERVER_PORT", "8501"))


def warm_when_up(port: int, timeout: float = 180.0) -> threading.Thread:
    """Once the server answers, open the first view once over its own websocket (the store
    loaded, static files written, the national map drawn into the map cache), so that the
    first visitor after a start is served from warm caches.  A supervised worker is warmed by
    its supervisor instead (``ATLAS_WORKER`` set)."""
    def warm() -> None:
        from .supervisor import healthy, log
        from .supervisor import warm as first_view

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not healthy(port):
            time.sleep(0.2)
        try:
            log(f"warm: first view drawn in {first_view(port, timeout):.1f} s")
        except Exception as exc:  # the page shows a broken store to its visitor; this is only a warm-up
            log(f"warm-up failed: {exc}")

    thread = threading.Thread(target=warm, name="atlas-warm", daemon=True)
    thread.start()
    return thread


def run(streamlit_args: list[str]) -> int:
    """Start Streamlit on app.py (blocks until it stops).

    Streamlit decides per process, before any script has run, whether a folder named pages/
    holds legacy auto-discovered pages; until app.py has called st.navigation once, the first
    browser session is served as if it did (deep links and map clicks misroute).  The atlas
    uses st.navigation only, so the process is told so before the server starts.  The caches
    are warmed in the background as soon as the server answers (:func:`warm_when_up`).
    """
    from streamlit.web import cli as streamlit_cli

    from ..sources.paths import REPO_ROOT
    from ..ui.vendor import declare_navigation_only

    declare_navigation_only()
    args = with_production_flags(streamlit_args)
    if not os.environ.get("ATLAS_WORKER"):
        warm_when_up(_port(args))
    sys.argv = ["streamlit", "run", str(REPO_ROOT / "app.py"), *args]
    return streamlit_cli.main()
