"""``python -m dashboard export``: the app's snapshots and data, without the app, in batch."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from tqdm import tqdm

FORMATS = ("png", "svg", "pdf", "html", "csv", "geojson")


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="write map snapshots and data for one or all prefectures")
    p.add_argument("--prefecture", action="append", default=[], help="2-digit code, repeatable, or 'all' (one file set per prefecture)")
    p.add_argument("--scheme", action="append", default=[], help="scheme id, repeatable (default: all)")
    p.add_argument("--measure", default="change:2020:2045", help="census:2020, change:2020:2045[:ipss2018], index:2015:2045")
    p.add_argument("--classes", default="quantiles", choices=["quantiles", "natural_breaks", "seed_bins"])
    p.add_argument("--format", action="append", default=[], choices=FORMATS, help="repeatable (default: png)")
    p.add_argument("--dpi", type=int, default=150, choices=[150, 300])
    p.add_argument("--wards", action="store_true")
    p.add_argument("--as-of", dest="as_of", help="show the registry as of this day, yyyy-mm-dd from 2009-01-01 (default: today)")
    p.add_argument("--lang", default="ja", choices=["ja", "en"], help="language of labels and CSV headers (default: ja)")
    p.add_argument("--out", default="out", help="output folder")
    p.add_argument("--affair", help="unions of one affair (消防, ごみ …, or all in a prefecture); default: 消防 for Japan, all for a prefecture")


def run(args, parser: argparse.ArgumentParser) -> int:
    from dashboard.views.atlas import AtlasData
    from dashboard.views.exports import files as exports
    from dashboard.views.exports import snapshot
    from dashboard.views.measures import parse_measure
    from dashboard.views.state import ViewState, parse_as_of

    from .store import Store

    try:
        measure = parse_measure(args.measure)
    except ValueError as exc:
        parser.error(f"--measure {exc}")
    try:
        as_of = parse_as_of(args.as_of) if args.as_of else None
    except ValueError as exc:
        parser.error(f"--as-of {exc}")
    if args.classes == "seed_bins" and measure.kind == "census":
        parser.error("--classes seed_bins needs a change or index measure")
    prefs = [p.zfill(2) for p in args.prefecture]
    data = AtlasData.from_store(Store()).as_of(as_of)
    known_schemes = set(data.schemes["scheme_id"])
    bad = [s for s in args.scheme if s not in known_schemes]
    if bad:
        parser.error(f"--scheme {bad[0]} is not one of {', '.join(sorted(known_schemes))}")
    all_prefs = sorted(data.municipalities["pref_code"].unique())
    if "all" in [p.lower() for p in args.prefecture]:
        groups = [(p,) for p in all_prefs]
    else:
        wrong = [p for p in prefs if p not in all_prefs]
        if wrong:
            parser.error(f"--prefecture {wrong[0]} is not a prefecture code 01–47 (or 'all')")
        groups = [tuple(sorted(prefs))]
    from .registry.taxonomy import AFFAIR_CATEGORIES

    if args.affair and args.affair not in (*AFFAIR_CATEGORIES, "all"):
        parser.error(f"--affair {args.affair} is not an affair ({', '.join(AFFAIR_CATEGORIES)}, all)")
    formats = args.format or ["png"]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = data.municipalities.drop_duplicates("pref_code").set_index("pref_code")["pref_name"]
    started = time.perf_counter()
    written = []
    for group in tqdm(groups, desc="export", unit="map", disable=len(groups) == 1):
        state = ViewState(schemes=tuple(args.scheme), prefs=group, measure=measure, classes=args.classes, wards=args.wards and bool(group),
                          as_of=as_of, affair=args.affair, lang=args.lang)
        stem = ("japan" if not group else "_".join(f"{p}-{names[p]}" for p in group)) + f"_{str(measure).replace(':', '-')}"
        stem += f"_asof-{as_of}" if as_of else ""
        for fmt in formats:
            if fmt in ("png", "svg", "pdf"):
                payload = snapshot.render(data, state, fmt, args.dpi)
            elif fmt == "html":
                payload = exports.map_html(data, state)
            elif fmt == "csv":
                payload = exports.reader_csv(exports.municipalities_table(data, state), args.lang)
            else:
                payload = exports.municipalities_geojson(data, state)
            path = out / f"{stem}.{fmt}"
            path.write_bytes(payload)
            written.append(path)
    print(f"wrote {len(written)} files to {out} in {time.perf_counter() - started:.1f} s")
    return 0
