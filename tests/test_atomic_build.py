"""A killed build (kill -9, mid-write) leaves the previous store untouched and loadable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from dashboard.store import TMP_PREFIX, Store

from .conftest import REPO

# Runs the real build, slowed down between layers so the test can kill it mid-write.
SLOW_BUILD = """
import sys, time
import dashboard.store as store
original = store._write_layer
def slow(frame, path, name):
    original(frame, path, name)
    print("wrote", name, flush=True)  # the test waits for these lines, not for a time
    time.sleep(0.3)
store._write_layer = slow
from dashboard.__main__ import main
sys.exit(main(["build", "--quiet", "--sources", sys.argv[1], "--out", sys.argv[2]]))
"""


def test_kill_9_during_write_keeps_previous_store(store_copy: Path, sources):
    before = Store(store_copy).meta["built_at"]
    proc = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(sources.root), str(store_copy)], cwd=REPO,
                            stdout=subprocess.PIPE, text=True)
    written = 0
    for line in proc.stdout:  # wait until three layers are in the temporary file
        written += line.startswith("wrote ")
        if written == 3:
            break
    assert written == 3 and proc.poll() is None, "the build ended before it had written three layers"
    assert list(store_copy.parent.glob(f"{TMP_PREFIX}*")), "the build writes into a temporary file"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert list(store_copy.parent.glob(f"{TMP_PREFIX}*")), "the temporary file is where the half-written data went"
    store = Store(store_copy)
    assert store.meta["built_at"] == before
    assert len(store.read("municipalities", columns=["code"])) == 1741

    # The next build cleans up the stale temporary and replaces the store.
    done = subprocess.run([sys.executable, "-m", "dashboard", "build", "--quiet", "--sources", str(sources.root), "--out", str(store_copy)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not list(store_copy.parent.glob(f"{TMP_PREFIX}*"))
    assert Store(store_copy).meta["built_at"] > before  # a new store, not the old one left in place
