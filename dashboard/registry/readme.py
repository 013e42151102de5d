"""Keep the generated parts of data/README.md (format, coverage) equal to the code and data.

``python -m dashboard docs`` rewrites the blocks between ``<!-- NAME:start -->`` and
``<!-- NAME:end -->``; a test fails when they are stale.
"""

from __future__ import annotations

import re
from pathlib import Path


def replace_block(text: str, name: str, content: str) -> str:
    pattern = re.compile(rf"(<!-- {name}:start -->).*?(<!-- {name}:end -->)", re.S)
    if not pattern.search(text):
        raise ValueError(f"no <!-- {name}:start --> block")
    return pattern.sub(lambda m: m[1] + "\n" + content.strip() + "\n" + m[2], text)


def block(text: str, name: str) -> str:
    m = re.search(rf"<!-- {name}:start -->(.*?)<!-- {name}:end -->", text, re.S)
    if not m:
        raise ValueError(f"no <!-- {name}:start --> block")
    return m[1].strip()


def render(readme: Path, blocks: dict[str, str]) -> str:
    text = readme.read_text(encoding="utf-8")
    for name, content in blocks.items():
        text = replace_block(text, name, content)
    return text
