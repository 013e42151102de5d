"""The reverse proxy in front of the replicas: nginx (Debian's), its config rendered here.

The template (``nginx.conf.tmpl``) is filled with the listen address, the workers' loopback
ports, the static folder and a private run directory (pid, temp paths), so nginx runs as
any user with no system configuration and no files outside the run directory.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

TEMPLATE = Path(__file__).with_name("nginx.conf.tmpl")
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/bin/nginx")


def find_nginx() -> str | None:
    found = shutil.which("nginx")
    return found or next((p for p in NGINX_CANDIDATES if os.access(p, os.X_OK)), None)


def _package_dir(package: str, *parts: str) -> str:
    import importlib.util

    spec = importlib.util.find_spec(package)
    return str(Path(spec.origin).parent.joinpath(*parts).resolve())


def render(*, listen: str, workers: list[int], static_dir: Path, run_dir: Path, max_body: str = "20m",
           access_log: str | None = None) -> str:
    """The nginx.conf text for these workers (loopback ports)."""
    fields = {
        "listen": listen,
        "servers": "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;" for p in workers),
        "static_dir": str(Path(static_dir).resolve()),
        "run_dir": str(Path(run_dir).resolve()),
        "max_body": max_body,
        "streamlit_static": _package_dir("streamlit", "static"),
        "folium_frontend": _package_dir("streamlit_folium", "frontend", "build"),
        "access_log": access_log or "off",
        # As root, nginx's workers would switch to `nobody` and could not read the repository.
        "user": "user root;" if os.geteuid() == 0 else "",
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = set(re.findall(r"\{\{(\w+)\}\}", text)) - set(fields)
    if missing:
        raise KeyError(f"{TEMPLATE.name}: no value for {', '.join(sorted(missing))}")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: fields[m.group(1)], text)


def write_config(run_dir: Path, **kwargs) -> Path:
    run_dir = Path(run_dir)
    (run_dir / "tmp").mkdir(parents=True, exist_ok=True)
    conf = run_dir / "nginx.conf"
    conf.write_text(render(run_dir=run_dir, **kwargs), encoding="utf-8")
    return conf


def check(nginx: str, conf: Path) -> None:
    """`nginx -t` on the generated file; raises with nginx's own message."""
    out = subprocess.run([nginx, "-t", "-q", "-e", "stderr", "-p", str(conf.parent), "-c", str(conf)], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"nginx rejected {conf}:\n{out.stderr.strip()}")


def command(nginx: str, conf: Path) -> list[str]:
    return [nginx, "-e", "stderr", "-p", str(conf.parent), "-c", str(conf)]
