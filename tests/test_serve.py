"""`serve --workers 2`: nginx in front of two Streamlit processes, sticky sessions, clean stop.

Starts the real thing on free loopback ports (nginx from Debian), opens sessions through the
proxy with Streamlit's own websocket protocol, kills a worker, and stops it all with SIGINT.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.serve import nginx as nginx_conf
from dashboard.serve.client import Session, get
from dashboard.serve.supervisor import free_port

from .conftest import REPO

if not nginx_conf.find_nginx():
    if os.environ.get("CI"):
        raise RuntimeError("nginx missing: .ci/run must apt-get install nginx")
    pytest.skip("nginx not installed (apt-get install nginx)", allow_module_level=True)


def test_template_renders_and_nginx_accepts_it(tmp_path):
    conf = nginx_conf.write_config(tmp_path, listen="127.0.0.1:18080", workers=[18081, 18082], static_dir=REPO / "static")
    text = conf.read_text()
    assert "hash $atlas_sticky consistent;" in text and "server 127.0.0.1:18082" in text
    assert "proxy_http_version 1.1;" in text and "Upgrade $http_upgrade" in text
    assert "{{" not in text
    nginx_conf.check(nginx_conf.find_nginx(), conf)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is not alive
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def _state(run_dir: Path, timeout: float, *, until=lambda s: True) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            state = json.loads((run_dir / "state.json").read_text())
            if until(state):
                return state
        except (OSError, ValueError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"no state.json matching within {timeout} s")


async def _sessions(url: str, cookies: list[str | None], query: str = "") -> list[tuple[str, bool]]:
    out = []
    for cookie in cookies:
        async with Session(url, cookie=cookie, timeout=90) as s:
            run = await s.open(query)
            out.append((s.upstream, run.complete_map))
    return out


async def _open(url: str, query: str):
    async with Session(url, timeout=90) as s:
        return await s.open(query)


def test_two_workers_behind_nginx(built_store, tmp_path):
    port = free_port()
    run_dir = tmp_path / "run"
    env = {**os.environ, "ATLAS_STORE": str(built_store)}
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--workers", "2", "--run-dir", str(run_dir),
                             "--server.port", str(port), "--server.address", "127.0.0.1"],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        state = _state(run_dir, 150, until=lambda s: s["nginx"]["pid"])
        workers = {f"127.0.0.1:{w['port']}" for w in state["workers"]}
        assert len(workers) == 2

        # One port: the page, and the geometry straight from nginx with immutable caching.
        status, headers, body = get(url + "/")
        assert status == 200 and b"<html" in body.lower()
        cookie = headers["Set-Cookie"].split(";")[0]
        assert cookie.startswith("atlas_worker=")
        geo = sorted((REPO / "static" / "geo").glob("*/municipalities_light/all.json"))[-1]
        status, headers, _ = get(f"{url}/app/static/geo/{geo.parent.parent.name}/municipalities_light/all.json")
        assert status == 200 and "immutable" in headers["Cache-Control"] and headers.get("ETag")
        assert "X-Atlas-Worker" not in headers  # not a worker's job

        # A session is kept on one worker: every connection with its cookie lands on the same one.
        kept = asyncio.run(_sessions(url, [cookie] * 3, "pref=20"))
        assert all(ok for _, ok in kept), kept
        assert len({w for w, _ in kept}) == 1 and kept[0][0] in workers
        # …and different browsers are spread over both (12 cookies: a chance of 2⁻¹¹ to miss).
        spread = {get(url + "/_stcore/health", {"Cookie": f"atlas_worker=probe{i}"})[1]["X-Atlas-Worker"] for i in range(12)}
        assert spread == workers

        # A hand-made URL (undecodable escapes, control characters, 20,000 characters) is a notice.
        hostile = "pref=%FF%FE&muni=%00%0A&measure=" + "9" * 20000 + "&%E3%81=1&lang=%E2%80%AE"
        run = asyncio.run(_open(url, hostile))
        assert run.complete_map, run.errors
        assert any("measure: value too long" in a for a in run.alerts), run.alerts

        # A worker that dies is started again.
        victim = state["workers"][0]
        os.kill(victim["pid"], signal.SIGKILL)
        state = _state(run_dir, 90, until=lambda s: s["workers"][0]["restarts"] == 1)
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if get(f"http://127.0.0.1:{victim['port']}/_stcore/health", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            raise AssertionError("restarted worker not healthy")
        pids = [state["nginx"]["pid"], *(w["pid"] for w in state["workers"])]
    except BaseException:
        proc.kill()
        print(proc.communicate(timeout=10)[0].decode(errors="replace")[-3000:])
        raise

    # Ctrl-C: everything stops, exit 0.
    proc.send_signal(signal.SIGINT)
    out = proc.communicate(timeout=30)[0].decode(errors="replace")
    assert proc.returncode == 0, out
    assert "stopped" in out
    deadline = time.time() + 10  # the supervisor waits for its children; their exit is reaped just after
    while time.time() < deadline and [p for p in pids if _alive(p)]:
        time.sleep(0.1)
    assert not [p for p in pids if _alive(p)]
    with pytest.raises(OSError):
        get(url + "/", timeout=2)
