"""A synthetic registry of N 一部事務組合 for measuring the map before the real ones are collected (#20).

    python bench/synthetic_unions.py OUT_DIR [--n 500] [--seed 1]
    python -m dashboard build --registry OUT_DIR --out /tmp/atlas-synth.gpkg
    ATLAS_STORE=/tmp/atlas-synth.gpkg python bench/bench_map.py

Each union joins 2–6 neighbouring municipalities (grown from a random one through shared borders,
in the built store's boundaries; about 1 in 20 crosses a prefecture line, as real unions do), and handles the
affairs real unions handle most (消防, ごみ, し尿, 火葬場, 水道 in roughly their national shares).
The rows say they are synthetic in source and evidence; never put them in data/.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dashboard.sources.paths import SourcePaths, resolve_sources  # noqa: E402
from dashboard.sources.population import read_municipal_population  # noqa: E402

AFFAIRS = (("消防", 0.30), ("ごみ", 0.30), ("し尿", 0.2), ("火葬場", 0.12), ("水道", 0.08))
SOURCE = "synthetic (bench/synthetic_unions.py)"
EVIDENCE = "inferred: synthetic benchmark data, not a fact"


def _neighbours(store: str | None) -> dict[str, list[str]]:
    """code → codes sharing a border, from the built store's 1 % municipal boundaries."""
    import geopandas as gpd

    from dashboard.store import Store

    m = Store(store).read("municipalities")[["code", "geometry"]]
    pairs = gpd.sjoin(m, m, predicate="touches")
    out: dict[str, list[str]] = {c: [] for c in m["code"]}
    for a, b in zip(pairs["code_left"], pairs["code_right"]):
        if a != b:
            out[a].append(b)
    return out


def make(out: Path, n: int = 500, seed: int = 1, store: str | None = None) -> int:
    """Write bodies.csv, memberships.csv and affairs.csv for ``n`` unions into ``out``; return n."""
    rng = random.Random(seed)
    municipal = read_municipal_population(SourcePaths(resolve_sources()).require()["population"])
    codes = sorted(municipal.loc[municipal["type"] != "行政区", "code"])
    near = _neighbours(store)
    bodies, members, affairs = [], [], []
    for i in range(n):
        first = rng.choice([c for c in codes if near.get(c)])
        chosen, size = [first], rng.randint(2, 6)
        while len(chosen) < size:
            options = [c for m in chosen for c in near.get(m, []) if c not in chosen and c in near
                       and (c[:2] == first[:2] or rng.random() < 0.05)]
            if not options:
                break
            chosen.append(rng.choice(options))
        pref_codes = sorted({c[:2] for c in chosen})
        affair = rng.choices([a for a, _ in AFFAIRS], [w for _, w in AFFAIRS])[0]
        body_id = f"synth-{i:04d}"
        bodies.append({"body_id": body_id, "name": f"合成{affair}組合{i}", "scheme_id": "一部事務組合",
                       "pref_codes": ";".join(pref_codes), "purposes": affair, "source": SOURCE, "evidence": EVIDENCE})
        for code in chosen:
            members.append({"body_id": body_id, "member_kind": "municipality", "member": code, "member_name": "",
                            "role": "構成団体", "since": "", "note": "", "source": SOURCE, "evidence": EVIDENCE})
        affairs.append({"body_id": body_id, "affair": f"{affair}に関する事務", "category": affair, "listing": "prose",
                        "source": SOURCE, "evidence": EVIDENCE})
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("bodies", bodies), ("memberships", members), ("affairs", affairs)):
        pd.DataFrame(rows).to_csv(out / f"{name}.csv", index=False)
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", help="built store for the boundaries (default: $ATLAS_STORE or geodata/atlas.gpkg)")
    args = parser.parse_args()
    print(f"wrote {make(Path(args.out), args.n, args.seed, args.store)} synthetic unions to {args.out}")


if __name__ == "__main__":
    main()
