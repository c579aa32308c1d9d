"""Command line: ``insight report ...`` (also ``python -m insight report ...``).

Examples::

    insight report --all                      # every notebook in notebooks/ -> reports/
    insight report notebooks/data_quality.ipynb -p demo_customers 500 --out /tmp/r
    insight report --list                     # parameters of every notebook
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .exceptions import DataValidationError

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def _notebooks(args) -> list[Path]:
    if args.all or not args.notebooks:
        found = sorted(p for p in Path(args.notebook_dir).glob("*.ipynb") if not p.name.startswith("."))
        if not found:
            raise DataValidationError(f"no notebooks found in {args.notebook_dir}.")
        return found
    paths = [Path(n) if Path(n).suffix == ".ipynb" else Path(args.notebook_dir) / f"{n}.ipynb" for n in args.notebooks]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise DataValidationError(f"{len(missing)} notebook(s) not found, e.g. {missing[0]}.")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="insight", description="insight: customer analytics reports")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="render notebooks into self-contained HTML reports")
    rep.add_argument("notebooks", nargs="*", help="notebook paths or names in notebooks/ (default: all)")
    rep.add_argument("--all", action="store_true", help="render every notebook in the notebook folder")
    rep.add_argument("--notebook-dir", default=str(NOTEBOOK_DIR), help="folder of notebooks (default: %(default)s)")
    rep.add_argument("--out", default="reports", help="output folder (default: %(default)s)")
    rep.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="set a parameter (repeatable); applies to every notebook rendered")
    rep.add_argument("--timeout", type=int, default=900, help="seconds per cell before a run fails")
    rep.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")
    rep.add_argument("--list", action="store_true", help="list each notebook's parameters and exit")
    rep.add_argument("--runs", help="YAML file of extra named runs (default: notebooks/runs.yaml with --all)")
    args = parser.parse_args(argv)

    from . import report

    try:
        notebooks = _notebooks(args)
        if args.list:
            for nb in notebooks:
                print(nb.name)
                for name, p in report.notebook_parameters(nb).items():
                    print(f"  {name}: {p['type']} = {p['default']}  # {p['help']}")
            return 0
        params = dict(args.parameter)
        # Validate every run's parameters before any kernel starts.
        jobs = [(nb.stem, nb, params) for nb in notebooks]
        for _, nb, p in jobs:
            report.coerce_parameters(nb, p)
        runs_file = Path(args.runs) if args.runs else Path(args.notebook_dir) / "runs.yaml"
        if (args.all or not args.notebooks or args.runs) and runs_file.is_file():
            wanted = {nb.resolve() for nb in notebooks}
            jobs += [(n, nb, {**p, **params}) for n, nb, p in report.load_runs(runs_file, args.notebook_dir)
                     if nb.resolve() in wanted]
        results = []
        for name, nb, p in jobs:
            print(f"rendering {name} ({nb.name}) ...", flush=True)
            r = report.render(nb, args.out, p, name=name, timeout=args.timeout, show_code=args.show_code)
            print(f"  {r.status} in {r.seconds:.1f} s" + (f": {r.error}" if r.error else f" -> {r.html}"), flush=True)
            results.append(r)
        report.write_index(results, args.out)
    except DataValidationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    failed = [r for r in results if not r.ok]
    if failed:
        print(f"{len(failed)} of {len(results)} report(s) failed: {', '.join(r.name for r in failed)}", file=sys.stderr)
        return 1
    return 0
