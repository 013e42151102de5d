"""Where a running server's CPU goes: a sampling profile of every thread of `serve`.

    python bench/profile_server.py [--hz 200] [--top 30] [-- streamlit options]

Starts the app in this process (as `python -m dashboard serve` does) with a sampler thread that
reads the stack of every thread that used CPU since the last tick (``/proc/self/task``),
``--hz`` times a second; SIGUSR1 starts the count afresh (after the
warm-up); on Ctrl-C (or SIGTERM) prints the functions
seen most often, by own samples and by inclusive samples (idle waits left out).  Drive it with
bench/bench_load.py --url … or a browser meanwhile.
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

def _thread_cpu(native_id: int) -> int:
    try:
        f = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
        return int(f[11]) + int(f[12])
    except (OSError, IndexError):
        return 0


def sampler(hz: float, own: collections.Counter, incl: collections.Counter, stop: threading.Event, total: list) -> None:
    """Count a thread's stack only when the thread used CPU since the last tick (a thread asleep
    in C, e.g. a watcher's time.sleep, shows its Python caller as the top frame)."""
    me = threading.get_ident()
    last: dict[int, int] = {}
    while not stop.wait(1 / hz):
        natives = {t.ident: t.native_id for t in threading.enumerate()}
        for tid, frame in sys._current_frames().items():
            if tid == me or tid not in natives:
                continue
            cpu = _thread_cpu(natives[tid])
            busy = cpu > last.get(tid, cpu)
            last[tid] = cpu
            if not busy:
                continue
            total[0] += 1
            own[f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}"] += 1
            seen = set()
            f = frame
            while f is not None:
                key = f"{Path(f.f_code.co_filename).name}:{f.f_code.co_name}"
                if key not in seen:
                    incl[key] += 1
                    seen.add(key)
                f = f.f_back


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hz", type=float, default=100)
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("rest", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    own, incl, total, stop = collections.Counter(), collections.Counter(), [0], threading.Event()
    t = threading.Thread(target=sampler, args=(args.hz, own, incl, stop, total), daemon=True)

    def report(*_):
        stop.set()
        n = max(total[0], 1)
        print(f"\n{total[0]} samples of threads using CPU, at {args.hz:.0f} Hz")
        print("\nown samples:")
        for k, v in own.most_common(args.top):
            print(f"{100 * v / n:5.1f} %  {k}")
        print("\ninclusive samples:")
        for k, v in incl.most_common(args.top):
            print(f"{100 * v / n:5.1f} %  {k}")
        sys.stdout.flush()
        os._exit(0)

    def reset(*_):  # SIGUSR1: forget the start-up, count from now
        own.clear()
        incl.clear()
        total[0] = 0

    signal.signal(signal.SIGTERM, report)
    signal.signal(signal.SIGUSR1, reset)
    t.start()
    from dashboard.serve.single import run

    rest = [a for a in args.rest if a != "--"]
    try:
        run(rest)
    finally:
        report()


if __name__ == "__main__":
    main()
