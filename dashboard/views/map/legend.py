"""The map legend: one section per layer drawn, one entry per kind of mark in it.

Built from the same :mod:`.symbols` the layers use; each section carries the layer's name
(``data-layer``) so a test can check that nothing is drawn unexplained.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass
class Entry:
    label: str
    kind: str  # fill | line | marker
    color: str
    dash: str = ""
    weight: float = 2

    def swatch(self) -> str:
        if self.kind == "fill":
            return (f'<span style="display:inline-block;width:16px;height:11px;background:{self.color};border:1px solid #999;'
                    f'margin-right:5px;vertical-align:-1px"></span>')
        if self.kind == "marker":
            return ('<svg width="18" height="12" style="margin-right:3px;vertical-align:-1px"><circle cx="9" cy="6" r="4.5" '
                    f'fill="#fff" stroke="{self.color}" stroke-width="1.5"/></svg>')
        dash = f' stroke-dasharray="{self.dash}"' if self.dash else ""
        return (f'<svg width="26" height="10" style="margin-right:3px;vertical-align:0"><line x1="1" y1="5" x2="25" y2="5" '
                f'stroke="{self.color}" stroke-width="{min(self.weight, 3.5)}"{dash} stroke-linecap="round"/></svg>')


@dataclass
class Section:
    layer: str  # the layer's name as the layer control shows it
    title: str
    entries: list[Entry] = field(default_factory=list)
    note: str = ""


@dataclass
class Legend:
    title: str
    sections: list[Section]
    credits: list[str]
    lines: list[str] = field(default_factory=list)  # e.g. "showing the registry as of …"

    def html(self) -> str:
        parts = []
        for s in self.sections:
            rows = "".join(f'<div class="atlas-legend-entry">{e.swatch()}{html.escape(e.label)}</div>' for e in s.entries)
            note = f'<div style="color:#555;font-size:10px">{html.escape(s.note)}</div>' if s.note else ""
            parts.append(f'<div class="atlas-legend-section" data-layer="{html.escape(s.layer)}" style="margin-top:3px">'
                         f'<b>{html.escape(s.title)}</b>{note}{rows}</div>')
        lines = "".join(f'<div style="margin-top:2px"><b>{html.escape(x)}</b></div>' for x in self.lines)
        credits = "".join(f"<div>{html.escape(c)}</div>" for c in self.credits)
        return (
            '<details id="atlas-legend" open style="background:rgba(255,255,255,.93);padding:4px 7px;font:11px/1.35 sans-serif;'
            'border:1px solid #bbb;border-radius:4px;max-width:270px;max-height:60vh;overflow:auto">'
            f'<summary style="cursor:pointer;font-weight:bold">{html.escape(self.title)}</summary>'
            f'{"".join(parts)}{lines}<div style="margin-top:3px;color:#555;font-size:9px">{credits}</div></details>'
        )
