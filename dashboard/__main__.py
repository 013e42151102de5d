"""Command line: ``python -m dashboard {build,validate,schema}``.

Bad input prints ``file:row:column: message`` lines and exits 1; bad arguments exit 2.
"""

from __future__ import annotations

import argparse
import sys

from .errors import AtlasError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="連携アトラス (Renkei Atlas) tools")
    sub = parser.add_subparsers(dest="command", required=True)

    p_build = sub.add_parser("build", help="read sources and registry, write the store")
    p_build.add_argument("--sources", help="folder of public sources (default: $ATLAS_SOURCES or ../shared/sources)")
    p_build.add_argument("--registry", action="append", default=[], help="extra registry folder (data/ is always read)")
    p_build.add_argument("--out", help="store path (default: geodata/atlas.gpkg)")
    p_build.add_argument("--no-default-registry", action="store_true", help="read only the --registry folders, not data/")
    p_build.add_argument("--quiet", action="store_true", help="no progress bar")

    p_val = sub.add_parser("validate", help="check registry folders")
    p_val.add_argument("folders", nargs="*", help="registry folders (default: data/)")
    p_val.add_argument("--sources", help="sources folder, for checking that codes exist")

    sub.add_parser("schema", help="print the registry format as Markdown")

    args = parser.parse_args(argv)
    try:
        if args.command == "build":
            from .build import build

            summary = build(args.sources, args.registry, args.out, progress=not args.quiet,
                            include_default=not args.no_default_registry)
            print(
                f"built {summary['store']}: {summary['municipalities']} municipalities, {summary['wards']} wards, "
                f"{summary['bodies']} bodies, {summary['memberships']} memberships in {summary['seconds']} s"
            )
            return 0
        if args.command == "validate":
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
            print(
                f"ok: {n['schemes']} schemes, {n['bodies']} bodies, {n['memberships']} memberships, "
                f"{n['links']} links, {n['projects']} projects, {n['spending']} spending rows{note}"
            )
            return 0
        if args.command == "schema":
            from .registry.docs import schema_markdown

            print(schema_markdown())
            return 0
    except AtlasError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous store is unchanged", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
