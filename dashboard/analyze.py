"""``python -m dashboard analyze …``: each analysis as CSV (UTF-8) on standard output."""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from .vocabulary import RELEASES


def add_parser(sub) -> None:
    p = sub.add_parser("analyze", help="print an analysis as CSV")
    a = p.add_subparsers(dest="analysis", required=True)

    d = a.add_parser("decline", help="municipalities per seed-001 index bin (100超 … 50以下, 不明)")
    d.add_argument("--prefecture", action="append", default=[], help="2-digit code (repeatable; default: Japan)")
    d.add_argument("--from", dest="base", type=int, required=True)
    d.add_argument("--to", dest="target", type=int, required=True)
    d.add_argument("--release", choices=list(RELEASES), default="ipss2023")

    c = a.add_parser("coverage", help="bodies and memberships per scheme; municipalities in no sphere")
    c.add_argument("--prefecture", action="append", default=[])
    c.add_argument("--by", choices=["scheme", "municipality", "prefecture"], default="scheme",
                   help="prefecture: municipalities in no partnership sphere, per prefecture")

    a.add_parser("layering", help="spheres on top of each regional 広域連合 (seed 001's two floors)")
    h = a.add_parser("hubs", help="hub against partners, change over the release (seed 002 Q6)")
    h.add_argument("--release", choices=list(RELEASES), default="ipss2023")

    q = a.add_parser("policy", help="what spheres cooperate on: policy areas × scheme or prefecture (#18)")
    q.add_argument("--by", choices=["scheme", "prefecture"], default="scheme")
    q.add_argument("--area", help="one policy area: the spheres working on it (e.g. 地域公共交通)")

    e = a.add_parser("eligibility", help="eligibility screening")
    e.add_argument("--rule", choices=["hokkaido-model", "teiju-hub", "renkei-hub"], required=True)
    e.add_argument("--prefecture", action="append", default=[])
    e.add_argument("--threshold", type=float, default=30.0, help="hokkaido-model: decline in %% (default 30)")
    e.add_argument("--release", choices=list(RELEASES), default="ipss2018")
    e.add_argument("--target", type=int, default=2040)
    e.add_argument("--spheres-complete", action="store_true", help="hokkaido-model: the registry lists every sphere of the area")
    e.add_argument("--day-night", help="CSV with code,ratio (昼夜間人口比率) for hub rules")


def run(args, parser: argparse.ArgumentParser) -> int:
    from dashboard.views.analysis import tables as A
    from dashboard.views.atlas import AtlasData

    from .store import Store

    prefs = tuple(p.zfill(2) for p in getattr(args, "prefecture", []) or [])
    bad = [p for p in prefs if not (p.isdigit() and 1 <= int(p) <= 47)]
    if bad:
        parser.error(f"--prefecture {bad[0]} is not a prefecture code 01–47")
    if args.analysis == "decline":
        years = RELEASES[args.release]["years"]
        for flag, y in (("--from", args.base), ("--to", args.target)):
            if y not in years:
                parser.error(f"{flag} {y} is not a year of {args.release} ({', '.join(map(str, years))})")
        if args.base >= args.target:
            parser.error("--from must come before --to")
    data = AtlasData.from_store(Store())
    if args.analysis == "decline":
        table = A.decline(data, prefs, args.base, args.target, args.release)
        table["share"] = table["share"].map(lambda v: f"{v:.1f}")
    elif args.analysis == "coverage":
        table = {"scheme": lambda: A.coverage(data, prefs), "municipality": lambda: A.bodies_per_municipality(data, prefs),
                 "prefecture": lambda: A.no_sphere_by_prefecture(data)}[args.by]()
    elif args.analysis == "layering":
        table = A.layering(data)
    elif args.analysis == "hubs":
        table = A.hub_vs_periphery(data, args.release)
    elif args.analysis == "policy":
        from dashboard.registry.taxonomy import POLICY_AREAS
        from dashboard.views.analysis import policy as P

        if args.area and args.area not in POLICY_AREAS:
            parser.error(f"--area {args.area} is not a policy area ({', '.join(POLICY_AREAS)})")
        today = data.as_of(None)
        table = P.spheres_on(today, args.area) if args.area else P.policy_areas(today, args.by)
    else:
        if args.rule == "hokkaido-model":
            table = A.hokkaido_model(data, prefs=prefs or ("01",), threshold=args.threshold, release=args.release,
                                     target=args.target, spheres_complete=args.spheres_complete)
        else:
            ratio = None
            if args.day_night:
                from .codes import normalize_code
                from .textio import read_csv_text

                frame, _ = read_csv_text(args.day_night)
                if not {"code", "ratio"} <= set(frame.columns):
                    parser.error(f"{args.day_night} needs columns code,ratio")
                ratio = pd.Series(pd.to_numeric(frame["ratio"], errors="coerce").values, index=[normalize_code(c) for c in frame["code"]])
            table = A.hub_candidates(data, scheme="定住自立圏" if args.rule == "teiju-hub" else "連携中枢都市圏", prefs=prefs, day_night=ratio)
    from dashboard.views.exports.csvsafe import csv_text

    sys.stdout.write(csv_text(table, lineterminator="\n"))
    return 0
