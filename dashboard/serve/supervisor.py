"""``serve --workers N``: N Streamlit processes behind nginx, one command, one port.

Start-up: each worker is ``python -m dashboard serve`` on a free loopback port (production
flags, a cookie secret shared by all so XSRF tokens hold across them); once every worker
answers its health check and has drawn one first view (store loaded, caches warm), nginx is
started from the rendered template on the public port.  Then the supervisor watches: a worker
or nginx that exits is started again on the same port (with a back-off if it keeps dying).
Ctrl-C or SIGTERM stops nginx and the workers, waits for them, and exits 0.

The children run in their own process group, so the terminal's Ctrl-C reaches the supervisor
only and nothing is restarted while stopping; on Linux each child also gets SIGTERM if the
supervisor itself is killed.
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from ..sources.paths import REPO_ROOT
from . import nginx as nginx_conf

STATIC_DIR = REPO_ROOT / "static"


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # runs in the child before exec
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def log(text: str) -> None:
    print(f"[serve] {text}", file=sys.stderr, flush=True)


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict
    port: int | None = None
    proc: subprocess.Popen | None = None
    started: float = 0.0
    restarts: int = 0
    quick_deaths: int = 0
    logs: list = field(default_factory=list)

    def start(self, log_dir: Path) -> None:
        out = open(log_dir / f"{self.name}.log", "ab")
        self.proc = subprocess.Popen(self.argv, cwd=REPO_ROOT, env=self.env, stdin=subprocess.DEVNULL, stdout=out,
                                     stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent)
        out.close()
        self.started = time.monotonic()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None


def healthy(port: int, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def warm(port: int, timeout: float = 180.0) -> float:
    """One first view on the worker: the store is loaded and the national map drawn."""
    from .client import first_view

    run = asyncio.run(first_view(f"http://127.0.0.1:{port}", timeout=timeout))
    if not run.complete_map:
        raise RuntimeError(f"worker on port {port}: first view failed: {run.errors or 'no map'}")
    return run.seconds


class Supervisor:
    def __init__(self, workers: int, streamlit_args: list[str], *, port: int = 8501, address: str = "0.0.0.0",
                 run_dir: Path | None = None, access_log: bool = False):
        self.n = workers
        self.streamlit_args = streamlit_args
        self.port, self.address = port, address
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="atlas-serve-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.access_log = access_log
        self.stopping = threading.Event()
        self.workers: list[Child] = []
        self.proxy: Child | None = None

    # --- start -------------------------------------------------------------------------
    def start(self) -> None:
        nginx = nginx_conf.find_nginx()
        if not nginx:
            raise SystemExit("serve --workers needs nginx (apt-get install nginx); or run `serve` without --workers")
        env = {**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)}
        for i in range(self.n):
            port = free_port()
            argv = [sys.executable, "-m", "dashboard", "serve", "--no-proxy", *self.streamlit_args,
                    "--server.port", str(port), "--server.address", "127.0.0.1"]
            self.workers.append(Child(f"worker-{i + 1}", argv, {**env, "ATLAS_WORKER": str(i + 1)}, port))
        for w in self.workers:
            w.start(self.run_dir)
        log(f"{self.n} workers starting on 127.0.0.1:{', '.join(str(w.port) for w in self.workers)} (logs in {self.run_dir})")
        errors: list[Exception] = []

        def ready(w: Child) -> None:
            try:
                self._wait_ready(w)
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=ready, args=(w,), daemon=True) for w in self.workers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            raise errors[0]
        if self.stopping.is_set():
            return
        conf = nginx_conf.write_config(
            self.run_dir, listen=f"{self.address}:{self.port}" if ":" not in self.address else f"[{self.address}]:{self.port}",
            workers=[w.port for w in self.workers], static_dir=STATIC_DIR,
            access_log=str(self.run_dir / "access.log") if self.access_log else None)
        nginx_conf.check(nginx, conf)
        self.proxy = Child("nginx", nginx_conf.command(nginx, conf), dict(os.environ))
        self.proxy.start(self.run_dir)
        deadline = time.monotonic() + 15
        while not self.stopping.is_set():
            if not self.proxy.alive():
                raise RuntimeError("nginx exited: " + (self.run_dir / "nginx.log").read_text(errors="replace")[-1500:])
            if self._proxy_answers():
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx does not answer on port {self.port}")
            time.sleep(0.1)
        self._write_state()
        shown = "localhost" if self.address in ("0.0.0.0", "::") else self.address
        log(f"ready: http://{shown}:{self.port} (nginx → {self.n} workers, sticky by cookie); Ctrl-C stops")

    def _proxy_answers(self) -> bool:
        """Our nginx answers on the port (not some other program that already had it)."""
        host = "127.0.0.1" if self.address in ("0.0.0.0", "::", "localhost") else self.address
        try:
            with urllib.request.urlopen(f"http://{host}:{self.port}/_stcore/health", timeout=2) as r:
                return r.status == 200 and r.headers.get("X-Atlas-Worker") is not None
        except OSError:
            return False

    def _wait_ready(self, w: Child, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while not healthy(w.port, timeout=1.0):
            if self.stopping.is_set():
                return
            if not w.alive():
                raise RuntimeError(f"{w.name} exited during start-up:\n" + (self.run_dir / f"{w.name}.log").read_text(errors="replace")[-3000:])
            if time.monotonic() > deadline:
                raise RuntimeError(f"{w.name} not healthy after {timeout:.0f} s")
            time.sleep(0.2)
        try:
            seconds = warm(w.port)
            log(f"{w.name} (pid {w.proc.pid}, port {w.port}) ready, first view {seconds:.1f} s")
        except Exception as exc:  # a failed warm-up is reported, not fatal: the page shows the problem
            log(f"{w.name}: warm-up failed: {exc}")

    def _write_state(self) -> None:
        state = {"pid": os.getpid(), "port": self.port, "address": self.address, "run_dir": str(self.run_dir),
                 "nginx": {"pid": self.proxy.proc.pid if self.proxy and self.proxy.proc else None},
                 "workers": [{"name": w.name, "port": w.port, "pid": w.proc.pid if w.proc else None, "restarts": w.restarts}
                             for w in self.workers]}
        tmp = self.run_dir / "state.json.tmp"
        tmp.write_text(json.dumps(state, indent=1))
        os.replace(tmp, self.run_dir / "state.json")

    # --- watch -------------------------------------------------------------------------
    def watch(self) -> None:
        # A plain sleep, not ``stopping.wait(0.5)``: a timed wait on a condition hangs under a shifted
        # monotonic clock (libfaketime, which the suite is run under to prove it has no time bombs).
        while not self.stopping.is_set() and (time.sleep(0.5) or not self.stopping.is_set()):
            changed = False
            for child in [*self.workers, *([self.proxy] if self.proxy else [])]:
                if child.alive() or self.stopping.is_set():
                    continue
                code = child.proc.returncode if child.proc else None
                child.quick_deaths = child.quick_deaths + 1 if time.monotonic() - child.started < 30 else 0
                if child.quick_deaths > 3:
                    if time.monotonic() - child.started < 30 + 5 * child.quick_deaths:
                        continue  # back off: it keeps dying right after start
                log(f"{child.name} exited ({code}); starting it again")
                child.restarts += 1
                child.start(self.run_dir)
                changed = True
                if child.port:
                    threading.Thread(target=self._rewarm, args=(child,), daemon=True).start()
            if changed:
                self._write_state()

    def _rewarm(self, w: Child) -> None:
        deadline = time.monotonic() + 180
        while not self.stopping.is_set() and time.monotonic() < deadline:
            if healthy(w.port, timeout=1.0):
                try:
                    log(f"{w.name} back (pid {w.proc.pid}), first view {warm(w.port):.1f} s")
                except Exception as exc:
                    log(f"{w.name}: warm-up failed: {exc}")
                return
            time.sleep(0.3)

    # --- stop --------------------------------------------------------------------------
    def stop(self, grace: float = 15.0) -> None:
        self.stopping.set()
        children = [c for c in [self.proxy, *self.workers] if c and c.proc]
        for c in children:
            if c.alive():
                c.proc.send_signal(signal.SIGQUIT if c is self.proxy else signal.SIGTERM)  # nginx: graceful
        deadline = time.monotonic() + grace
        for c in children:
            try:
                c.proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                c.proc.kill()
                c.proc.wait(5)
        (self.run_dir / "state.json").unlink(missing_ok=True)


def run(workers: int, streamlit_args: list[str], run_dir: str | None = None) -> int:
    """Entry point of ``serve --workers N``; --server.port/--server.address name the proxy's."""
    args = list(streamlit_args)
    port, address = 8501, "0.0.0.0"
    rest: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        name, eq, value = a.partition("=")
        if name in ("--server.port", "--server.address"):
            if not eq:
                i += 1
                value = args[i] if i < len(args) else ""
            if name == "--server.port":
                port = int(value)
            else:
                address = value
        else:
            rest.append(a)
        i += 1
    sup = Supervisor(workers, rest, port=port, address=address, run_dir=Path(run_dir) if run_dir else None)

    def on_signal(signum, frame):
        if not sup.stopping.is_set():
            log("stopping…")
        sup.stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        sup.start()
        sup.watch()
    except Exception as exc:  # start-up failed: say why, leave nothing running
        log(f"{type(exc).__name__}: {exc}")
        sup.stop()
        return 1
    sup.stop()
    log("stopped")
    return 0
