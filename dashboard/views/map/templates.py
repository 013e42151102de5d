"""Compile each folium/branca template source once per process.

folium and branca build many elements from template *strings* (a stylesheet link, a tooltip,
a marker) and Jinja compiles the string again for every instance: about 70 compilations per
map, a third of a rerun's time.  The sources repeat exactly, and a compiled Jinja template is
immutable, so ``Environment.from_string`` is memoised on (environment, source, class) when no
per-call globals are given.
"""

from __future__ import annotations

import jinja2

_original = jinja2.Environment.from_string
_cache: dict[tuple, jinja2.Template] = {}


def _from_string(self, source, globals=None, template_class=None):
    if globals is not None or not isinstance(source, str):
        return _original(self, source, globals, template_class)
    key = (id(self), source, template_class)
    template = _cache.get(key)
    if template is None:
        template = _cache[key] = _original(self, source, globals, template_class)
    return template


def install() -> None:
    """Idempotent: the map module installs it on import."""
    jinja2.Environment.from_string = _from_string
