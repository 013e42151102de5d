"""Command line: ``python -m dashboard {build,validate,analyze,export,coverage,docs,schema,serve}``.

Bad input prints ``file:row:column: message`` lines and exits 1; bad arguments exit 2.
"""

from __future__ import annotations

import argparse
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

    for name, text in (("coverage", "print the registry's coverage table as Markdown"),
                       ("docs", "regenerate the format and coverage blocks of data/README.md")):
        p = sub.add_parser(name, help=text)
        p.add_argument("folders", nargs="*", help="registry folders (default: data/)")
        p.add_argument("--sources", help="sources folder")

    sub.add_parser("schema", help="print the registry format as Markdown")

    from .analyze import add_parser as add_analyze
    from .export import add_parser as add_export

    add_analyze(sub)
    add_export(sub)

    p = sub.add_parser("serve", help="run the app (streamlit run app.py, set up for st.navigation)")
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
    registry, problems, checked = validate(folders, args.sources)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {', '.join(map(str, folders))}", file=sys.stderr)
        return 1
    n = {k: len(v) for k, v in registry.tables.items()}
    note = "" if checked else " (sources not found: codes checked for form and check digit only)"
    print(f"ok: {n['schemes']} schemes, {n['bodies']} bodies, {n['memberships']} memberships, "
          f"{n['links']} links, {n['projects']} projects, {n['spending']} spending rows{note}")
    return 0


def _coverage_markdown(args) -> str:
    from .build import DEFAULT_REGISTRY
    from .registry.coverage import coverage_markdown, coverage_table
    from .registry.validate import require_valid
    from .sources.paths import SourcePaths, resolve_sources
    from .sources.population import read_municipal_population

    paths = SourcePaths(resolve_sources(args.sources)).require()
    municipal = read_municipal_population(paths["population"])
    registry = require_valid(args.folders or [DEFAULT_REGISTRY], dict(zip(municipal["code"], municipal["name"])))
    return coverage_markdown(coverage_table(registry, municipal[municipal["type"] != "行政区"]))


def _coverage(args) -> int:
    print(_coverage_markdown(args))
    return 0


def _docs(args) -> int:
    from .build import DEFAULT_REGISTRY
    from .registry.docs import schema_markdown
    from .registry.readme import render

    readme = DEFAULT_REGISTRY / "README.md"
    readme.write_text(render(readme, {"schema": schema_markdown(), "coverage": _coverage_markdown(args)}), encoding="utf-8")
    print(f"updated {readme}")
    return 0


def _schema(args) -> int:
    from .registry.docs import schema_markdown

    print(schema_markdown())
    return 0


def _serve(streamlit_args: list[str]) -> int:
    """Start Streamlit on app.py.

    Streamlit decides per process, before any script has run, whether a folder named pages/
    holds legacy auto-discovered pages; until app.py has called st.navigation once, the first
    browser session is served as if it did (deep links and map clicks misroute).  The atlas
    uses st.navigation only, so the process is told so before the server starts.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli as streamlit_cli

    from .sources.paths import REPO_ROOT

    PagesManager.uses_pages_directory = False
    from . import preload

    preload.start(REPO_ROOT)  # load the store and draw the national view while the server starts
    sys.argv = ["streamlit", "run", str(REPO_ROOT / "app.py"), *streamlit_args]
    return streamlit_cli.main()


COMMANDS = {"build": _build, "validate": _validate, "coverage": _coverage, "docs": _docs, "schema": _schema}

if __name__ == "__main__":
    sys.exit(main())
