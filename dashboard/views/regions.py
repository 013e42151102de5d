"""地方 (regions) for quick prefecture selection: the eight-region division in common use."""

from __future__ import annotations

REGIONS: dict[str, tuple[str, list[str]]] = {
    "hokkaido": ("北海道", ["01"]),
    "tohoku": ("東北", [f"{i:02d}" for i in range(2, 8)]),
    "kanto": ("関東", [f"{i:02d}" for i in range(8, 15)]),
    "chubu": ("中部", [f"{i:02d}" for i in range(15, 24)]),
    "kinki": ("近畿", [f"{i:02d}" for i in range(24, 31)]),
    "chugoku": ("中国", [f"{i:02d}" for i in range(31, 36)]),
    "shikoku": ("四国", [f"{i:02d}" for i in range(36, 40)]),
    "kyushu": ("九州・沖縄", [f"{i:02d}" for i in range(40, 48)]),
}
