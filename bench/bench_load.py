"""Load: a prefecture's staff opening the atlas together, against a server on this machine.

    python bench/bench_load.py                    # starts `serve` (1 process) and `serve --workers N` itself
    python bench/bench_load.py --url http://127.0.0.1:8501 --sessions 30 --within 10 [--pid PID]
    python bench/bench_load.py --cold-only          # real browsers only: empty cache and returning

Each simulated session is what a browser does, spoken in Streamlit's own websocket protocol
(protobuf BackMsg/ForwardMsg on /_stcore/stream, see dashboard/serve/client.py) so that the
figures measure the server, not browsers sharing its two cores: GET / (the proxy's sticky
cookie), open the national map, fetch the geometry files the map asks for (once, as a fresh
browser), then a few changes with a human pause between them: choose a prefecture, click a
municipality (the map component's value, as the browser sends it), change the measure.  A
*complete map* is the run's ``script_finished`` with the map component's delta received and
its geometry fetched, without an exception on the page.

Reported per scenario: p50/p95/max seconds from a session's arrival to its complete national
map, p50/p95 of the changes, errors, server CPU seconds and peak memory (RSS summed over the
server's process tree: supervisor, nginx and workers).  A calibration pass measures the server
CPU of one first view and of one selection-only rerun (targets ≤ 0.1 s and ≤ 30 ms).  With
``--browsers K`` a few real headless chromium browsers confirm the protocol figures.  A real-browser
row per server (``cold_browser``) measures what the protocol client cannot: the server CPU of one
browser's first view with an empty cache (Streamlit's ~100 front-end files, the map component,
Leaflet) and of a returning browser; ``--cold-only`` measures just that, for ``serve`` (nginx in
front of one process), ``serve --no-proxy``, ``streamlit run app.py`` and ``serve --workers N``.

Bounded: at most 100 sessions, arrivals within at most 60 s, each scenario cut off after
180 s; only loopback addresses (127.0.0.0/8, localhost, ::1) are ever contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from dashboard.serve.client import MAP_COMPONENT, Session, get, require_loopback  # noqa: E402
from dashboard.serve.supervisor import free_port  # noqa: E402

MAX_SESSIONS = 100
MAX_WITHIN = 60.0
SCENARIO_LIMIT = 180.0
TICK = os.sysconf("SC_CLK_TCK")
TARGETS = {"p95": 3.0, "errors": 0, "memory_mb": 1500, "first_view_cpu": 0.1, "click_cpu": 0.030}


# --- the server's process tree: CPU and memory ---------------------------------------------
def _tree(roots: list[int]) -> list[int]:
    parents: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parents[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, todo = set(), [r for r in roots if r in parents]
    while todo:
        p = todo.pop()
        if p not in found:
            found.add(p)
            todo.extend(c for c, pp in parents.items() if pp == p)
    return sorted(found)


def cpu_seconds(roots: list[int]) -> float:
    total = 0
    for p in _tree(roots):
        try:
            f = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(f[11]) + int(f[12])  # utime + stime
        except (OSError, IndexError):
            pass
    return total / TICK


def rss_mb(roots: list[int]) -> float:
    total = 0
    for p in _tree(roots):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class Sampler:
    """Peak RSS of the tree, sampled every 0.25 s while a scenario runs."""

    def __init__(self, roots: list[int]):
        self.roots, self.peak, self._stop = roots, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.wait(0.25):
            self.peak = max(self.peak, rss_mb(self.roots))

    def __enter__(self):
        self.peak = rss_mb(self.roots)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# --- one simulated person ---------------------------------------------------------------------
@dataclass
class Result:
    first_view: float | None = None
    changes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    worker: str | None = None


async def fetch(url: str) -> tuple[int, int]:
    status, _, body = await asyncio.to_thread(get, url, None, 30.0)
    return status, len(body)


async def person(base: str, arrival: float, t0: float, rng: random.Random, changes: int, pref: str, pause: tuple[float, float],
                 timeout: float) -> Result:
    res = Result()
    await asyncio.sleep(max(0.0, t0 + arrival - time.perf_counter()))
    start = time.perf_counter()
    try:
        status, headers, _ = await asyncio.to_thread(get, base + "/", None, timeout)
        if status != 200:
            res.errors.append(f"GET / → {status}")
            return res
        cookie = headers.get("Set-Cookie", "").split(";")[0] or None
        async with Session(base, cookie=cookie, timeout=timeout) as s:
            res.worker = s.upstream
            run = await s.open("")
            fetched = await asyncio.gather(*(fetch(base + u) for u in run.geometry_urls))
            bad = [u for u, (st, _) in zip(run.geometry_urls, fetched) if st != 200]
            if not run.complete_map or bad or not run.geometry_urls:
                res.errors.append(f"first view: {run.errors or 'no map'} {bad}")
                return res
            res.first_view = time.perf_counter() - start
            seen = set(run.geometry_urls)
            steps = [("w_prefs", None), ("click", None), ("w_kind", None), ("w_classes", None)][:changes]
            for key, _ in steps:
                await asyncio.sleep(rng.uniform(*pause))
                if key == "w_prefs":
                    label = next(o for o in s.options("w_prefs") if o.startswith(pref + " "))
                    run = await s.change("w_prefs", [label])
                elif key == "click":
                    run = await click(s, rng.choice(CLICK_CODES.get(pref, ["20212"])))
                elif key == "w_kind":
                    run = await s.change("w_kind", s.options("w_kind")[rng.choice([0, 2])])
                else:
                    run = await s.change("w_classes", s.options("w_classes")[1])
                new = [u for u in run.geometry_urls if u not in seen]  # the browser has the rest cached
                seen.update(new)
                fetched = await asyncio.gather(*(fetch(base + u) for u in new))
                if not run.complete_map or any(st != 200 for st, _ in fetched):
                    res.errors.append(f"{key}: {run.errors or 'no map'}")
                    return res
                res.changes.append(run.seconds)
    except Exception as exc:  # connection refused, reset, timeout: an error for this person
        res.errors.append(f"{type(exc).__name__}: {exc}")
    return res


CLICK_CODES = {"20": ["20212", "20202", "20201", "20204", "20481", "20485"]}


async def click(s: Session, code: str):
    """What the map component sends when a municipality is clicked (its returned value)."""
    wid = next(w for k, (w, el) in s.widgets.items() if getattr(el, "component_name", "") == MAP_COMPONENT)
    state = WidgetState(id=wid, json_value=json.dumps({"last_active_drawing": {"type": "Feature", "properties": {"code": code}}}))
    return await s.set_widget(state)


async def scenario(base: str, n: int, within: float, changes: int, pref: str, seed: int, timeout: float) -> list[Result]:
    rng = random.Random(seed)
    arrivals = sorted(rng.uniform(0, within) for _ in range(n)) if n > 1 else [0.0]
    t0 = time.perf_counter() + 0.2
    tasks = [person(base, a, t0, random.Random(seed + i), changes, pref, (0.5, 1.5), timeout) for i, a in enumerate(arrivals)]
    try:
        return await asyncio.wait_for(asyncio.gather(*tasks), SCENARIO_LIMIT)
    except TimeoutError:
        return [Result(errors=[f"scenario cut off after {SCENARIO_LIMIT:.0f} s"])] * n


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(q / 100 * len(v) + 0.5) - 1))]


def run_scenario(base: str, roots: list[int], n: int, within: float, changes: int, pref: str, seed: int = 14) -> dict:
    cpu0 = cpu_seconds(roots)
    with Sampler(roots) as mem:
        wall = time.perf_counter()
        results = asyncio.run(scenario(base, n, within, changes, pref, seed, timeout=120.0))
        wall = time.perf_counter() - wall
    cpu = cpu_seconds(roots) - cpu0
    firsts = [r.first_view for r in results if r.first_view is not None]
    changes_t = [c for r in results for c in r.changes]
    errors = [e for r in results for e in r.errors]
    return {"sessions": n, "within": within, "load": os.getloadavg()[0], "p50": pct(firsts, 50), "p95": pct(firsts, 95), "max": max(firsts, default=None),
            "change_p50": pct(changes_t, 50), "change_p95": pct(changes_t, 95), "errors": len(errors), "error_examples": errors[:3],
            "cpu": cpu, "memory_mb": mem.peak, "wall": wall, "workers": sorted({r.worker for r in results if r.worker})}


# --- calibration: server CPU of one first view and of one selection-only rerun -----------------
def calibrate(base: str, roots: list[int], repeat: int = 10, clicks_repeat: int = 40) -> dict:
    async def firsts():
        for _ in range(repeat):
            async with Session(base) as s:
                await s.open("")

    async def clicks():
        async with Session(base) as s:
            await s.open("pref=20")
            times = []
            codes = CLICK_CODES["20"]
            for code in codes:  # first clicks on each (panel content computed once per process)
                await click(s, code)
            cpu0 = cpu_seconds(roots)  # /proc counts in 10 ms ticks: many clicks, one total
            for i in range(clicks_repeat):
                t = time.perf_counter()
                await click(s, codes[i % len(codes)])
                times.append(time.perf_counter() - t)
            return (cpu_seconds(roots) - cpu0) / clicks_repeat, statistics.median(times)

    asyncio.run(firsts())  # warm this view on every worker the sessions reach
    time.sleep(1.0)
    cpu0 = cpu_seconds(roots)
    asyncio.run(firsts())
    time.sleep(1.0)  # count the end of the last session too
    first_cpu = (cpu_seconds(roots) - cpu0) / repeat
    click_cpu, click_wall = asyncio.run(clicks())
    return {"first_view_cpu": first_cpu, "click_cpu": click_cpu, "click_wall": click_wall}


# --- a few real browsers ----------------------------------------------------------------------
def _loopback_only(route) -> None:
    url = route.request.url
    host = url.split("/")[2].split(":")[0] if "://" in url else ""
    if host in ("127.0.0.1", "localhost") or url.startswith(("data:", "blob:")):
        route.continue_()
    else:
        route.abort()


def browsers(base: str, k: int, timeout: float = 90.0) -> dict:
    """K headless chromium pages opening the national map together: seconds to 1,741 drawn features."""
    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        return {"skipped": f"{chromium} not installed"}
    from playwright.sync_api import sync_playwright

    times, errors = [], []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        pages = []
        for _ in range(k):
            ctx = b.new_context(viewport={"width": 1400, "height": 900})
            page = ctx.new_page()
            page.route("**/*", _loopback_only)
            pages.append(page)
        start = time.perf_counter()
        for page in pages:
            page.goto(base + "/", wait_until="commit")
        pending = dict(enumerate(pages))
        while pending and time.perf_counter() - start < timeout:
            for i, page in list(pending.items()):
                for f in page.frames:
                    if "streamlit_folium" in f.url:
                        try:
                            n = f.evaluate("() => window.map ? Object.values(window.map._layers).filter(l => l.feature).length : 0")
                        except Exception:
                            n = 0
                        if n >= 1741:
                            times.append(time.perf_counter() - start)
                            pending.pop(i)
                            break
            pages[0].wait_for_timeout(100)  # lets Playwright process the pages' events
        errors = [f"browser {i}: no map within {timeout:.0f} s" for i in pending]
        b.close()
    return {"browsers": k, "p50": pct(times, 50), "max": max(times, default=None), "errors": len(errors)}


def _features_drawn(page) -> int:
    for f in page.frames:
        if "streamlit_folium" in f.url:
            try:
                return f.evaluate("() => window.map ? Object.values(window.map._layers).filter(l => l.feature).length : 0")
            except Exception:
                return 0
    return 0


def cold_browser(base: str, roots: list[int], repeat: int = 3, timeout: float = 90.0) -> dict:
    """Server CPU for one real browser's first view: with an empty cache, then returning (cache kept).

    A browser with an empty cache fetches Streamlit's front end (~100 hashed JS files), the map
    component and Leaflet besides the view; who serves those files (the Python process or nginx)
    is most of the cost.  Each round is a fresh browser context (empty cache) opening the national
    map until its 1,741 municipalities are drawn, then a second page in the same context.  The CPU
    of the server's process tree is read before and 1.5 s after each page (its session closed)."""
    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        return {"skipped": f"{chromium} not installed"}
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {"cold": [], "returning": [], "requests": []}
    errors = 0
    with sync_playwright() as p:
        # Loopback only, by the resolver (not page.route: intercepting requests turns the HTTP cache off,
        # and a returning browser is the point of the second page).
        b = p.chromium.launch(executable_path=chromium,
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"])
        for _ in range(repeat):
            ctx = b.new_context(viewport={"width": 1400, "height": 900})
            for label in ("cold", "returning"):
                page = ctx.new_page()
                requests = []
                page.on("request", lambda r, seen=requests: seen.append(r.url))
                cpu0, t0 = cpu_seconds(roots), time.perf_counter()
                page.goto(base + "/", wait_until="commit")
                while _features_drawn(page) < 1741 and time.perf_counter() - t0 < timeout:
                    page.wait_for_timeout(50)
                errors += _features_drawn(page) < 1741
                page.close()
                time.sleep(1.5)  # the session's end is counted too
                out[label].append(cpu_seconds(roots) - cpu0)
                if label == "cold":
                    out["requests"].append(len(requests))
            ctx.close()
        b.close()
    return {"cold_cpu": statistics.median(out["cold"]), "returning_cpu": statistics.median(out["returning"]),
            "cold_all": [round(v, 3) for v in out["cold"]], "returning_all": [round(v, 3) for v in out["returning"]],
            "requests": max(out["requests"]), "errors": errors}


# --- starting servers for the default run -------------------------------------------------------
class Server:
    def __init__(self, workers: int | None, extra: tuple[str, ...] = (), plain_streamlit: bool = False):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.run_dir = tempfile.mkdtemp(prefix="atlas-load-")
        argv = [sys.executable, "-m", "dashboard", "serve", *extra, "--server.port", str(self.port), "--server.address", "127.0.0.1"]
        if plain_streamlit:  # what a Streamlit user types: .streamlit/config.toml's settings only
            argv = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port), "--server.address", "127.0.0.1"]
        if workers:
            argv[4:4] = ["--workers", str(workers), "--run-dir", self.run_dir]
        self.log = open(Path(self.run_dir) / "serve.log", "wb")
        self.proc = subprocess.Popen(argv, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        self.workers = workers

    def wait(self, timeout: float = 240.0) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {(Path(self.run_dir) / 'serve.log').read_text(errors='replace')[-2000:]}")
            ready = (Path(self.run_dir) / "state.json").exists() if self.workers else True
            ready = ready and (self.workers or "--no-proxy" in self.proc.args or "streamlit" in self.proc.args
                               or _log_says(Path(self.run_dir) / "serve.log", "ready:"))
            try:
                if ready and urllib.request.urlopen(self.base + "/_stcore/health", timeout=2).status == 200:
                    if not self.workers:  # warm the single process as the supervisor warms its workers
                        from dashboard.serve.client import first_view

                        asyncio.run(first_view(self.base, timeout=180))
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def _log_says(log: Path, text: str) -> bool:
    try:
        return text in log.read_text(errors="replace")
    except OSError:
        return False


def fmt(v, unit="s", digits=2) -> str:
    return "—" if v is None else f"{v:.{digits}f} {unit}".strip()


def table(label: str, rows: list[dict]) -> str:
    out = [f"\n{label}", "",
           "sessions | within | first view p50 | p95 | max | change p50 | change p95 | errors | server CPU | peak memory | replicas used | machine load",
           "---|---|---|---|---|---|---|---|---|---|---|---"]
    for r in rows:
        out.append(f"{r['sessions']} | {r['within']:.0f} s | {fmt(r['p50'])} | {fmt(r['p95'])} | {fmt(r['max'])} | {fmt(r['change_p50'])} | "
                   f"{fmt(r['change_p95'])} | {r['errors']} | {r['cpu']:.1f} s | {r['memory_mb']:.0f} MB | {len(r['workers']) or 1} | {r['load']:.1f}")
    return "\n".join(out)


def verdict(rows_by_label: dict, calib: dict) -> str:
    lines = ["", "target (2 cores) | measured | met"]
    lines.append("---|---|---")
    for label, rows in rows_by_label.items():
        r30 = next((r for r in rows if r["sessions"] == 30), None)
        if r30:
            lines.append(f"{label}, 30 sessions within 10 s: p95 ≤ {TARGETS['p95']:.0f} s to a complete national map | {fmt(r30['p95'])} | "
                         f"{'yes' if r30['p95'] is not None and r30['p95'] <= TARGETS['p95'] else 'no'}")
            lines.append(f"{label}, 30 sessions: 0 errors | {r30['errors']} | {'yes' if r30['errors'] == 0 else 'no'}")
            lines.append(f"{label}, 30 sessions: server memory ≤ 1.5 GB | {r30['memory_mb']:.0f} MB | {'yes' if r30['memory_mb'] <= 1500 else 'no'}")
    for label, c in calib.items():
        lines.append(f"{label}: server CPU per first view ≤ 0.1 s | {c['first_view_cpu']:.3f} s | {'yes' if c['first_view_cpu'] <= 0.1 else 'no'}")
        lines.append(f"{label}: server CPU per selection-only rerun ≤ 30 ms | {c['click_cpu'] * 1000:.0f} ms (wall {c['click_wall'] * 1000:.0f} ms) | "
                     f"{'yes' if c['click_cpu'] <= 0.030 else 'no'}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running server (loopback only); default: start `serve` and `serve --workers N` here")
    ap.add_argument("--pid", type=int, action="append", default=[], help="with --url: the server's pid, for CPU and memory")
    ap.add_argument("--sessions", type=int, action="append", help="sessions per scenario (repeatable; default 1, 10, 30, 60)")
    ap.add_argument("--within", type=float, default=10.0, help="arrivals spread over this many seconds (default 10)")
    ap.add_argument("--changes", type=int, default=3, help="changes per session after the first view (0–4, default 3)")
    ap.add_argument("--pref", default="20", help="the prefecture the staff choose (default 20, 長野県)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="replicas for the multi-worker run (default: cores)")
    ap.add_argument("--browsers", type=int, default=3, help="real chromium browsers to confirm with (0: none; at most 5)")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--cold-only", action="store_true",
                    help="only the real-browser rows (empty cache, returning), for every way to start the server")
    args = ap.parse_args()
    sessions = args.sessions or [1, 10, 30, 60]
    if any(not 1 <= n <= MAX_SESSIONS for n in sessions) or not 0 <= args.within <= MAX_WITHIN:
        ap.error(f"sessions 1–{MAX_SESSIONS}, within 0–{MAX_WITHIN:.0f} s")
    args.changes = max(0, min(4, args.changes))
    args.browsers = max(0, min(5, args.browsers))

    print(f"machine: {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB; "
          f"{args.changes} changes per session; arrivals within {args.within:.0f} s; load average now {os.getloadavg()[0]:.1f} "
          "(other work on the machine shares its cores: compare the last column)")
    setups: list[tuple[str, dict | None]] = []
    if args.url:
        require_loopback(args.url)
        setups.append((args.url, None))
    else:
        from dashboard.serve.nginx import find_nginx

        setups = [("1 process alone (`serve --no-proxy`)", {"workers": None, "extra": ("--no-proxy",)})]
        if args.cold_only:
            setups.append(("`streamlit run app.py`", {"workers": None, "plain_streamlit": True}))
        if find_nginx():
            setups.insert(0, ("1 process behind nginx (`serve`)", {"workers": None}))
            setups.append((f"{args.workers} workers (`serve --workers {args.workers}`)", {"workers": args.workers}))
        else:
            print("nginx not installed (apt-get install nginx): measuring 1 process alone only")
    rows_by_label: dict[str, list[dict]] = {}
    calib: dict[str, dict] = {}
    checks: dict[str, dict] = {}
    cold: dict[str, dict] = {}
    for label, how in setups:
        server = None
        if args.url:
            base, roots = args.url.rstrip("/"), args.pid
        else:
            server = Server(**how)
            server.wait()
            base, roots = server.base, [server.proc.pid]
        try:
            cold[label] = cold_browser(base, roots)
            print(f"{label}: real browser, server CPU per first view: {fmt(cold[label].get('cold_cpu'))} empty cache, "
                  f"{fmt(cold[label].get('returning_cpu'))} returning ({cold[label]})", flush=True)
            if args.cold_only:
                continue
            calib[label] = calibrate(base, roots)
            rows = []
            for n in sessions:
                rows.append(run_scenario(base, roots, n, args.within if n > 1 else 0.0, args.changes, args.pref))
                print(table(label, rows[-1:]).splitlines()[-1], flush=True)
                time.sleep(3)  # let the sessions end before the next scenario
            rows_by_label[label] = rows
            if args.browsers:
                checks[label] = browsers(base, args.browsers)
        finally:
            if server:
                server.stop()

    for label, rows in rows_by_label.items():
        print(table(label, rows))
        for r in rows:
            if r["error_examples"]:
                print(f"  errors ({r['sessions']} sessions): {r['error_examples']}")
    print("\nreal browsers (headless chromium, opening the national map together):")
    for label, c in checks.items():
        print(f"  {label}: {c}")
    print("\nreal browser, one at a time (server CPU per first view of the national map):")
    print("server | empty cache | returning browser | requests | target (empty cache ≤ 0.12 CPU-s, returning ≤ 0.10)")
    print("---|---|---|---|---")
    for label, c in cold.items():
        if "cold_cpu" in c:
            met = "yes" if c["cold_cpu"] <= 0.12 and c["returning_cpu"] <= 0.10 else "no"
            print(f"{label} | {c['cold_cpu']:.3f} s | {c['returning_cpu']:.3f} s | {c['requests']} | {met}")
        else:
            print(f"{label} | {c} | | |")
    print(verdict(rows_by_label, calib))
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows_by_label, "calibration": calib, "browsers": checks, "cold_browser": cold},
                                              indent=1, default=str))


if __name__ == "__main__":
    main()
