"""Export performance: one prefecture's PNG, and all 47 through the batch command.

    python bench/bench_export.py        # needs a built store

Target (issue #6): PNG for one prefecture ≤ 3 s; the 47-prefecture batch time is reported.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.store import Store  # noqa: E402
from dashboard.views.atlas import AtlasData  # noqa: E402
from dashboard.views.exports import snapshot  # noqa: E402
from dashboard.views.measures import parse_measure  # noqa: E402
from dashboard.views.state import ViewState  # noqa: E402


def main() -> None:
    data = AtlasData.from_store(Store())
    state = ViewState(prefs=("20",), schemes=("定住自立圏", "広域連合"), measure=parse_measure("change:2020:2045"))
    snapshot.render(data, state)  # warm (fonts, caches), as in a running app
    times = []
    for _ in range(3):
        t = time.perf_counter()
        snapshot.render(data, state, "png", 150)
        times.append(time.perf_counter() - t)
    t300 = time.perf_counter()
    snapshot.render(data, state, "png", 300)
    t300 = time.perf_counter() - t300
    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "dashboard", "export", "--prefecture", "all", "--scheme", "定住自立圏", "--scheme", "広域連合",
                        "--measure", "change:2020:2045", "--format", "png", "--out", out], cwd=REPO, check=True, capture_output=True)
        batch = time.perf_counter() - t
        n = len(list(Path(out).glob("*.png")))
    print("measure | value | target")
    print("---|---|---")
    print(f"PNG 150 dpi, 長野県 (median of 3, warm) | {statistics.median(times):.2f} s | ≤ 3 s")
    print(f"PNG 300 dpi, 長野県 | {t300:.2f} s | ")
    print(f"batch: {n} prefectures, PNG 150 dpi, one process (incl. start-up) | {batch:.1f} s ({batch / max(n, 1):.2f} s each) | reported")


if __name__ == "__main__":
    main()
