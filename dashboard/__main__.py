"""Command line: ``python -m dashboard {build,validate,import,analyze,export,coverage,docs,schema,audit,serve}``.

Bad input prints ``file:row:column: message`` lines and exits 1; bad arguments exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys

from .errors import AtlasError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="連携アトラス (Renkei Atlas) tools")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="read sources and registry, write the store")
    p.add_argument("--sources", help="folder of public sources (default: $ATLAS_SOURCES or ../shared/sources)")
    p.add_argument("--registry", action="append", default=[], help="extra registry folder (data/ is always read)")
    p.add_argument("--no-default-registry", action="store_true", help="read only the --registry folders, not data/")
    p.add_argument("--boundaries", help="one official MLIT N03 file (Shapefile/GeoJSON, zipped or not) instead of the processed levels")
    p.add_argument("--out", help="store path (default: $ATLAS_STORE or geodata/atlas.gpkg)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("validate", help="check registry folders")
    p.add_argument("folders", nargs="*", help="registry folders (default: data/)")
    p.add_argument("--sources", help="sources folder, for checking that codes exist")
    p.add_argument("--strict-sources", action="store_true", help="source problems (denied hosts, weak explicit rows) fail validation")

    for name, text in (("coverage", "print the registry's coverage table as Markdown"),
                       ("docs", "regenerate the format and coverage blocks of data/README.md")):
        p = sub.add_parser(name, help=text)
        p.add_argument("folders", nargs="*", help="registry folders (default: data/)")
        p.add_argument("--sources", help="sources folder")

    sub.add_parser("schema", help="print the registry format as Markdown")

    p = sub.add_parser("sources", help="source kinds (#19): --report lists denied hosts and weak sources; --fix rewrites proxy/cache URLs")
    p.add_argument("folders", nargs="*", help="registry folders (default: data/)")
    p.add_argument("--fix", action="store_true", help="rewrite proxy and cache URLs to the originals they embed, in place (atomically)")
    p.add_argument("--report", action="store_true", help="list every source problem and warning, and the shares of source kinds")

    p = sub.add_parser("audit", help="print a random sample of bodies as a checklist (#19)")
    p.add_argument("folders", nargs="*", help="registry folders (default: data/)")
    p.add_argument("--sample", type=int, default=30)
    p.add_argument("--seed", type=int, required=True)

    p = sub.add_parser("import", help="read a published list (.xlsx/.xls/.ods/.csv) into a registry folder")
    p.add_argument("file", help="the list as published (Excel or CSV; UTF-8, UTF-8 with BOM or CP932)")
    p.add_argument("--into", required=True, help="registry folder to write (new or empty; see --overwrite)")
    p.add_argument("--sheet", help="sheet name (default: the first sheet with a recognisable header)")
    p.add_argument("--scheme", help="scheme of rows whose 区分 column or name does not say (e.g. 一部事務組合)")
    p.add_argument("--pref", help="the list's prefecture, 2 digits (e.g. 01): resolves 道/県 and same-named municipalities")
    p.add_argument("--strict", action="store_true", help="any unresolved name (or unreadable date) is an error")
    p.add_argument("--overwrite", action="store_true", help="replace the tables of a folder that already holds some")
    p.add_argument("--sources", help="sources folder, for the municipality master list")
    p.add_argument("--body", help="read a 事業費一覧表 or a union's budget table for this body_id (writes projects.csv, spending.csv)")
    p.add_argument("--account", default="", help="with --body: the account a budget table's totals are (e.g. 一般会計)")

    from .analyze import add_parser as add_analyze
    from .export import add_parser as add_export

    add_analyze(sub)
    add_export(sub)

    p = sub.add_parser("serve", help="run the app (one Streamlit process behind nginx if installed, --no-proxy alone, or --workers N)")
    p.add_argument("--workers", nargs="?", help="N Streamlit processes behind nginx (default N: the number of cores)")
    p.add_argument("--run-dir", help="with --workers: folder for the generated nginx.conf, logs and state.json")
    p.add_argument("streamlit_args", nargs=argparse.REMAINDER, help="passed to streamlit, e.g. --server.port 8502")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:  # everything after `serve` belongs to streamlit
        return _serve(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command in ("analyze", "export"):
            from importlib import import_module

            return import_module(f".{args.command}", __package__).run(args, parser)
        return COMMANDS[args.command](args)
    except AtlasError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous store is unchanged", file=sys.stderr)
        return 130


def _build(args) -> int:
    from .build import build

    s = build(args.sources, args.registry, args.out, progress=not args.quiet, include_default=not args.no_default_registry,
              boundaries=args.boundaries)
    print(f"built {s['store']}: {s['municipalities']} municipalities, {s['wards']} wards, "
          f"{s['bodies']} bodies, {s['memberships']} memberships in {s['seconds']} s")
    return 0


def _validate(args) -> int:
    from .build import DEFAULT_REGISTRY, validate

    folders = args.folders or [DEFAULT_REGISTRY]
    if getattr(args, "strict_sources", False):
        os.environ["ATLAS_STRICT_SOURCES"] = "1"
    registry, problems, checked = validate(folders, args.sources)
    for p in problems:
        print(p, file=sys.stderr)
    if registry is not None and not getattr(args, "strict_sources", False) and registry.source_problems:
        print(f"note: {len(registry.source_problems)} source problems (denied hosts, explicit rows on weak sources) and "
              f"{len(registry.warnings)} warnings; list them: python -m dashboard sources --report {' '.join(map(str, folders))}",
              file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {', '.join(map(str, folders))}", file=sys.stderr)
        return 1
    n = {k: len(v) for k, v in registry.tables.items()}
    note = "" if checked else " (sources not found: codes checked for form and check digit only)"
    print(f"ok: {n['schemes']} schemes, {n['bodies']} bodies, {n['memberships']} memberships, "
          f"{n['links']} links, {n['projects']} projects, {n['spending']} spending rows{note}")
    return 0


def _registry_with_municipalities(args):
    """The validated registry (exit 1 on a problem) and the municipalities it is counted against."""
    from .build import DEFAULT_REGISTRY
    from .registry.validate import require_valid
    from .sources.paths import SourcePaths, resolve_sources
    from .sources.population import read_municipal_population

    paths = SourcePaths(resolve_sources(args.sources)).require()
    municipal = read_municipal_population(paths["population"])
    registry = require_valid(args.folders or [DEFAULT_REGISTRY], dict(zip(municipal["code"], municipal["name"])))
    return registry, municipal


def _coverage_markdown(registry, municipal) -> str:
    """Bodies and members held against the official counts, then every difference and its explanation (#19)."""
    from .registry.coverage import coverage_markdown, coverage_table, differences, differences_markdown

    table = coverage_table(registry, municipal[municipal["type"] != "行政区"])
    gaps = differences(table, registry["count_notes"], _affair_table(registry, municipal))
    states = gaps["state"].value_counts().to_dict()
    summary = ", ".join(f"{n} {state}" for state, n in sorted(states.items())) or "none"
    return (coverage_markdown(table) + f"\n\nDifferences from the official counts ({len(gaps)}: {summary})\n\n"
            + differences_markdown(gaps))


def _coverage(args) -> int:
    registry, municipal = _registry_with_municipalities(args)
    print(_coverage_markdown(registry, municipal))
    print()
    print(_affair_coverage_markdown(registry, municipal))
    print()
    print(_facts_coverage_markdown(registry))
    return 0


def _affair_table(registry, municipal):
    """#20: 一部事務組合 in force on the registry's own day, per prefecture × affair, against the per-affair counts."""
    from .registry.affairs import affair_coverage
    from .registry.timeline import registry_day

    bodies = registry["bodies"]
    until = bodies["until"].fillna("").astype(str) if "until" in bodies.columns else ""
    in_force = bodies[(until == "") | (until > registry_day(registry.tables))]  # the registry's own day, not the run's
    prefs = dict(zip(municipal["pref_code"], municipal["pref_name"]))
    return affair_coverage(in_force, registry["affairs"], registry["official_totals"], prefs)


def _affair_coverage_markdown(registry, municipal) -> str:
    from .registry.affairs import affair_coverage_markdown

    table = _affair_table(registry, municipal)
    return "一部事務組合 by prefecture × affair (held / official; ? = no official count)\n\n" + affair_coverage_markdown(table)


def _facts_coverage_markdown(registry) -> str:
    """#18: per scheme and prefecture, bodies with a vision, with policy areas, with amounts."""
    from types import SimpleNamespace

    from .views.analysis.policy import facts_coverage

    tables = SimpleNamespace(**{n: registry[n] for n in ("bodies", "visions", "projects", "spending")})
    lines = ["What bodies do and cost, per scheme and prefecture", "",
             "| scheme | pref | bodies | with a vision | with policy areas | with amounts |", "|---|---|---:|---:|---:|---:|"]
    for r in facts_coverage(tables, "scheme").itertuples():
        lines.append(f"| {r.scheme_id} | 全国 | {r.bodies} | {r.with_vision} | {r.with_policy_areas} | {r.with_amounts} |")
    for r in facts_coverage(tables, "prefecture").itertuples():
        lines.append(f"| {r.scheme_id} | {r.pref_code} | {r.bodies} | {r.with_vision} | {r.with_policy_areas} | {r.with_amounts} |")
    return "\n".join(lines)


def _docs(args) -> int:
    from .build import DEFAULT_REGISTRY
    from .registry.docs import schema_markdown
    from .registry.readme import render

    readme = DEFAULT_REGISTRY / "README.md"
    coverage = _coverage_markdown(*_registry_with_municipalities(args))
    readme.write_text(render(readme, {"schema": schema_markdown(), "coverage": coverage}), encoding="utf-8")
    print(f"updated {readme}")
    return 0


def _schema(args) -> int:
    from .registry.docs import schema_markdown

    print(schema_markdown())
    return 0


def _serve(argv: list[str]) -> int:
    """``serve [--workers [N]] [--no-proxy] [--run-dir DIR] [streamlit options]`` (see dashboard/serve/).

    Without --workers: one Streamlit process, behind nginx when nginx is installed (a browser
    with an empty cache fetches ~120 front-end files: served by Python they cost the process
    0.2 CPU-s, by nginx next to nothing; bench/README.md), or alone with ``--no-proxy`` or
    without nginx.  With --workers: N processes (default: the number of cores) behind nginx
    on --server.port.  The store is checked first: a missing or unreadable store is one
    message and exit 1, not a server that shows a traceback.
    """
    workers, run_dir, rest, proxy = None, None, [], True
    i = 0
    while i < len(argv):
        name, eq, value = argv[i].partition("=")
        if name == "--no-proxy":
            proxy = False
            i += 1
            continue
        if name in ("--workers", "--run-dir"):
            if not eq and i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                value = argv[i + 1]
                i += 1
            if name == "--run-dir":
                run_dir = value
            else:
                try:
                    workers = int(value) if value else (os.cpu_count() or 1)
                except ValueError:
                    print(f"--workers: not a number: {value!r}", file=sys.stderr)
                    return 2
                if not 1 <= workers <= 64:
                    print("--workers: between 1 and 64", file=sys.stderr)
                    return 2
        else:
            rest.append(argv[i])
        i += 1
    try:
        from .store import Store

        Store()
    except AtlasError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    if workers is None:
        from .serve.nginx import find_nginx

        if not proxy or not find_nginx():
            if proxy:
                print("[serve] nginx not installed: Streamlit serves its front-end files itself "
                      "(apt-get install nginx for a cheaper first visit)", file=sys.stderr)
            from .serve.single import run

            return run(rest)
        workers = 1
    from .serve.supervisor import run

    return run(workers, rest, run_dir)


def _import(args) -> int:
    from pathlib import Path

    from .build import DEFAULT_REGISTRY
    from .errors import Problem, display_path
    from .registry import importers
    from .registry.importers.readers import check_size
    from .registry.validate import require_valid
    from .sources.municipalities import read_master
    from .sources.paths import LAYOUT, SourcePaths, resolve_sources

    path = Path(args.file)
    if not path.is_file():
        raise AtlasError(Problem(display_path(path), None, None, "file not found"))
    check_size(path.stat().st_size, path.name)  # before reading a 50 MB file into memory
    if args.body:
        return _import_money(args, path)
    master = SourcePaths(resolve_sources(args.sources)).require(skip=tuple(k for k in LAYOUT if k != "master"))
    gazetteer = importers.Gazetteer.from_frame(read_master(master["master"]))
    registry = require_valid([DEFAULT_REGISTRY], None)
    options = importers.Options(sheet=args.sheet, scheme=args.scheme, pref=args.pref, strict=args.strict)
    result = importers.import_bytes(path.read_bytes(), path.name, gazetteer, importers.scheme_roles(registry["schemes"]), options)
    importers.note_known_bodies(result, registry["bodies"])
    out = importers.write_folder(result.tables, args.into, report_text=result.report.text(), refer_to=[DEFAULT_REGISTRY],
                                 known_codes=gazetteer.names, overwrite=args.overwrite)
    result.report.written_to = display_path(out)
    print(result.report.text())
    print(f"check: python -m dashboard validate {display_path(out)} data/   build: python -m dashboard build --registry {display_path(out)}")
    return 0


def _import_money(args, path) -> int:
    """#18: a vision's 事業費一覧表 or a union's budget table → projects.csv and spending.csv (all or nothing)."""
    from .build import DEFAULT_REGISTRY
    from .errors import Problem, display_path
    from .registry.importers.money import import_money_table, text_rows
    from .registry.importers.write import write_folder
    from .registry.validate import require_valid

    registry = require_valid([DEFAULT_REGISTRY], None)
    if args.body not in set(registry["bodies"]["body_id"]):
        raise AtlasError(Problem(display_path(path), None, None, f"--body {args.body}: no such body in data/"))
    result = import_money_table(path.read_bytes(), path.name, args.body, args.sheet, args.account)
    out = write_folder(text_rows(result.tables), args.into, report_text=result.text(), refer_to=[DEFAULT_REGISTRY],
                       overwrite=args.overwrite)
    print(result.text())
    print(f"written to {display_path(out)}; check: python -m dashboard validate {display_path(out)} data/")
    return 0


def _sources(args) -> int:
    """#19: ``sources --report`` lists source problems and kind shares; ``sources --fix`` rewrites proxy URLs."""
    from .build import DEFAULT_REGISTRY
    from .registry import provenance as P

    folders = args.folders or [DEFAULT_REGISTRY]
    if args.fix:
        for file, n in P.fix_folder(folders):
            print(f"{file}: {n} source cell{'s' if n != 1 else ''} rewritten to the original page")
    problems, warnings = P.check_folders(folders)
    if args.report or not args.fix:
        for p in problems:
            print(p)
        for w in warnings:
            print(f"{w} (warning)")
        print(P.report_shares(folders))
    print(f"{len(problems)} source problem{'s' if len(problems) != 1 else ''}, {len(warnings)} warning{'s' if len(warnings) != 1 else ''}",
          file=sys.stderr)
    return 1 if problems and P.strict_sources() else 0


def _audit(args) -> int:
    """#19: a random sample of bodies as a Markdown checklist (members, roles, dates, sources, kinds)."""
    from .build import DEFAULT_REGISTRY
    from .registry.audit import checklist
    from .registry.validate import require_valid

    if args.sample < 1:
        raise SystemExit("--sample must be at least 1")
    registry = require_valid(args.folders or [DEFAULT_REGISTRY], None)
    print(checklist(registry, args.sample, args.seed))
    return 0


COMMANDS = {"import": _import, "build": _build, "validate": _validate, "coverage": _coverage, "docs": _docs, "schema": _schema,
            "sources": _sources, "audit": _audit}

if __name__ == "__main__":
    sys.exit(main())
