"""The house's rules, checked with the suite (and so in CI): layers, one linter, no hidden imports."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import pytest

from .conftest import REPO

# The CLI entry points and the server load what a command needs when it runs (start-up time);
# everywhere else an import inside a function would only hide a cycle.
LAZY_ALLOWED = {"dashboard/__main__.py", "dashboard/analyze.py", "dashboard/export.py"}
LAZY_ALLOWED_DIRS = ("dashboard/serve/",)


def _tool(name: str) -> list[str]:
    found = shutil.which(name, path=str(REPO.parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: python -m pip install -r requirements.txt")
    return [found]


def test_import_contracts_hold():
    """An upward or sideways import (e.g. registry → derive, sources → registry) breaks a contract
    in pyproject.toml's [tool.importlinter]."""
    out = subprocess.run([*_tool("lint-imports"), "--no-cache"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_ruff_is_clean():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def test_no_dashboard_import_hides_inside_a_function():
    hidden = []
    for path in sorted((REPO / "dashboard").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel in LAZY_ALLOWED or rel.startswith(LAZY_ALLOWED_DIRS):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(func):
                    if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("dashboard")):
                        hidden.append(f"{rel}:{node.lineno} {func.name}")
                    elif isinstance(node, ast.Import) and any(a.name.startswith("dashboard") for a in node.names):
                        hidden.append(f"{rel}:{node.lineno} {func.name}")
    assert not hidden, "imports inside functions (move the helper down a floor instead): " + ", ".join(hidden)


def test_views_write_no_files():
    """Views are pure (tables in, figures and text out): writing files is the app's or the CLI's."""
    writers = ("write_text", "write_bytes", "mkdir", "unlink", "rmtree", "copytree", "touch")  # (not rename: DataFrame.rename)
    found = []
    for path in sorted((REPO / "dashboard" / "views").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in writers:
                found.append(f"{path.relative_to(REPO)}:{node.lineno} .{node.attr}")
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "open":
                found.append(f"{path.relative_to(REPO)}:{node.lineno} open()")
    assert not found, found


def test_no_function_in_dashboard_reaches_80_lines():
    """Functions of one purpose: a step that grows past 80 lines is split by what it does."""
    long = []
    for path in sorted((REPO / "dashboard").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 >= 80:
                long.append(f"{path.relative_to(REPO)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)")
    assert not long, long


def test_importing_the_map_patches_no_library():
    """No process-wide patch: jinja2 and folium behave as shipped after the atlas's map modules are
    imported; the compact JSON of embedded GeoJSON is the CompactGeoJson class's own."""
    import folium
    import jinja2

    import dashboard.views.map.layers  # noqa: F401
    from dashboard.views.map.elements import CompactGeoJson

    assert jinja2.Environment.from_string.__module__ == "jinja2.environment"
    assert folium.GeoJson._template.environment.policies["json.dumps_kwargs"] == {"sort_keys": True}
    m = folium.Map()
    CompactGeoJson({"type": "Point", "coordinates": [1, 2]}).add_to(m)
    folium.GeoJson({"type": "Point", "coordinates": [3, 4]}).add_to(m)
    html = m.get_root().render()
    assert '{"type":"Point","coordinates":[1,2]}' in html
    assert '{"coordinates": [3, 4], "type": "Point"}' in html  # folium's own, untouched
