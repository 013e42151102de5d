"""Shared fixtures: the real sources, one national build per test session, scratch copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.build import DEFAULT_REGISTRY, build
from dashboard.sources.paths import SourcePaths, resolve_sources
from dashboard.store import Store
from dashboard.views.atlas import AtlasData

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sources() -> SourcePaths:
    paths = SourcePaths(resolve_sources())
    problems = paths.missing()
    assert not problems, "tests need ../shared/sources (or ATLAS_SOURCES): " + "; ".join(map(str, problems))
    return paths


@pytest.fixture(scope="session")
def built_store(sources, tmp_path_factory) -> Path:
    """A national build of sources + data/, made once for the whole session."""
    out = tmp_path_factory.mktemp("store") / "atlas.gpkg"
    build(sources.root, [], out, progress=False)
    return out


@pytest.fixture(scope="session")
def store(built_store) -> Store:
    return Store(built_store)


@pytest.fixture(scope="session")
def atlas(store):
    """The session's store as the views see it (each test module takes it as of its own day)."""
    return AtlasData.from_store(store)


@pytest.fixture
def store_copy(built_store, tmp_path) -> Path:
    """A private copy of the built store, for tests that try to overwrite it."""
    target = tmp_path / "atlas.gpkg"
    shutil.copy(built_store, target)
    return target


@pytest.fixture
def registry_copy(tmp_path) -> Path:
    """A private copy of data/ to corrupt."""
    target = tmp_path / "registry"
    shutil.copytree(DEFAULT_REGISTRY, target, ignore=shutil.ignore_patterns("*.md"))
    return target
