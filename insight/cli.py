"""Command line: ``insight report ...``, ``insight inspect FILE``, ``insight models``, ``insight fit MODEL DATA``
(also ``python -m insight ...``).

Examples::

    insight report --all                        # every notebook and named run -> reports/
    insight report clv churn_demo               # notebooks or named runs from notebooks/runs.yaml
    insight report churn -p data demo -p n_splits 3 --out /tmp/r
    insight report --params my_runs.yaml        # named runs (or plain parameters) from a YAML file
    insight report --all --dated                # reports/YYYY-MM-DD/, and reports/latest points to it
    insight report --list                       # parameters of every notebook, and the named runs

A parameter file is either a mapping of parameter names to values (applied to the
notebooks named on the command line) or of run names to ``{notebook, parameters}``
(several named runs, e.g. the same churn report on two data sets), like
``notebooks/runs.yaml``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import shutil
import sys
from pathlib import Path

from .exceptions import DataValidationError

NOTEBOOK_DIR = Path(__file__).resolve().parent / "notebooks"   # inside the package, so a wheel carries them


def _notebook_files(nb_dir: Path) -> list[Path]:
    found = sorted(p for p in nb_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise DataValidationError(f"no notebooks found in {nb_dir}.")
    return found


def _read_params_file(path: str, nb_dir: Path):
    """A YAML parameter file: ``(named_runs, plain_parameters)``; one of them is empty."""
    from .report.notebook_params import load_runs, read_yaml_mapping

    p = Path(path)
    if not p.is_file():
        raise DataValidationError(f"parameter file not found: {p}.")
    spec = read_yaml_mapping(p)
    if spec and all(isinstance(v, dict) and "notebook" in v for v in spec.values()):
        return load_runs(p, nb_dir), {}
    nested = [k for k, v in spec.items() if isinstance(v, dict)]
    if nested:
        raise DataValidationError(f"{p.name}: entry {nested[0]!r} is a mapping without 'notebook'; a parameter file "
                                  "maps parameter names to values, or run names to {notebook, parameters}.")
    return [], {str(k): v for k, v in spec.items()}


def _jobs(args):
    """Resolve names, --all and parameter files into checked jobs (nothing runs yet)."""
    from .report.run import Job, coerce_parameters, load_runs

    nb_dir = Path(args.notebook_dir)
    overrides: dict = {}
    extra_runs = []
    for f in args.params:
        runs, plain = _read_params_file(f, nb_dir)
        extra_runs += runs
        overrides.update(_absolute_paths(plain, Path(f).resolve().parent))
    overrides.update(_absolute_paths(dict(args.parameter), Path.cwd()))
    default_runs = nb_dir / "runs.yaml"
    known_runs = {n: (nb, p) for n, nb, p in (load_runs(default_runs, nb_dir) if default_runs.is_file() else [])}
    known_runs.update({n: (nb, p) for n, nb, p in extra_runs})

    selected: list[tuple[str, Path, dict]] = []
    if args.all:
        selected += [(nb.stem, nb, {}) for nb in _notebook_files(nb_dir)]
        selected += [(n, nb, p) for n, (nb, p) in known_runs.items()]
    elif not args.notebooks:
        if extra_runs:
            selected += extra_runs
        else:
            raise DataValidationError("name the reports to render (notebooks or named runs), or use --all; "
                                      "--list shows them.")
    missing = []
    for name in args.notebooks:
        path = Path(name)
        if path.suffix == ".ipynb" and path.is_file():
            selected.append((path.stem, path, {}))
        elif path.suffix == ".ipynb":
            missing.append(str(path))
        elif name in known_runs:
            selected.append((name, *known_runs[name]))
        elif (nb_dir / f"{name}.ipynb").is_file():
            selected.append((name, nb_dir / f"{name}.ipynb", {}))
        else:
            missing.append(name)
    if missing:
        valid = sorted({p.stem for p in _notebook_files(nb_dir)} | set(known_runs))
        raise DataValidationError(f"{len(missing)} report(s) not found, e.g. {missing[0]!r}; notebooks and named "
                                  f"runs: {valid}.")
    seen, jobs = set(), []
    for name, nb, params in selected:
        if name in seen:
            continue
        seen.add(name)
        merged = {**params, **overrides}
        jobs.append(Job(name, nb, coerce_parameters(nb, merged)))  # checked before any kernel starts
    return jobs


def _list(args) -> int:
    from .report.notebook_params import load_runs, notebook_parameters

    nb_dir = Path(args.notebook_dir)
    names = set(args.notebooks)
    for nb in _notebook_files(nb_dir):
        if names and nb.stem not in names:
            continue
        print(nb.stem)
        for name, p in notebook_parameters(nb).items():
            required = "  (required)" if p["default"] in (None, "None") else ""
            print(f"  {name}: {p['type']} = {p['default']}  # {p['help']}{required}")
    runs_file = nb_dir / "runs.yaml"
    if runs_file.is_file() and not names:
        print("\nnamed runs (notebooks/runs.yaml):")
        for name, nb, params in load_runs(runs_file, nb_dir):
            print(f"  {name}: {nb.stem} with " + ", ".join(f"{k}={v!r}" for k, v in params.items()))
    return 0


def _echo(live_ok: bool):
    state = {"live": False}

    def echo(text: str, live: bool = False) -> None:
        if live and not live_ok:
            return
        if live:
            cols = shutil.get_terminal_size((100, 20)).columns
            sys.stdout.write("\r" + text[: cols - 1].ljust(cols - 1))
            state["live"] = True
        else:
            sys.stdout.write(("\r" + " " * (shutil.get_terminal_size((100, 20)).columns - 1) + "\r"
                              if state["live"] else "") + text + "\n")
            state["live"] = False
        sys.stdout.flush()

    return echo


def _output_folder(base: Path) -> Path:
    """``--out`` as a writable folder, created if needed; one clear error line otherwise."""
    for parent in [base, *base.parents]:
        if parent.exists() and not parent.is_dir():
            raise DataValidationError(f"--out {base}: {parent} is a file, not a folder.")
    try:
        base.mkdir(parents=True, exist_ok=True)
        probe = base / f".write-test-{os.getpid()}"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise DataValidationError(f"--out {base}: cannot write there ({exc.strerror or exc}).") from None
    return base


def _dated_output(base: Path, day: str):
    """A fresh staging folder for ``base/day`` holding a copy of that day's earlier output."""
    runs = base / ".runs"
    runs.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now().strftime("%Y-%m-%dT%H%M%S")
    staging = runs / f"{day}_{stamp}_{os.getpid()}"
    current = base / day
    if current.exists():
        shutil.copytree(current.resolve(), staging, symlinks=True)
    else:
        staging.mkdir()
    return staging


def _publish_dated(base: Path, day: str, staging: Path, rendered: set) -> Path:
    """Point ``base/day`` and ``base/latest`` at ``staging`` atomically (symlink swaps).

    Another ``--dated`` run of the same day may have published meanwhile: under a lock,
    its reports that this run did not render are merged into ``staging`` first (and the
    index rewritten), so two concurrent runs never delete each other's reports. The bundle
    stays this run's own (it holds only what this run rendered).
    """
    import fcntl

    from .report.html import write_index

    current = base / day
    with open(base / ".dated.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if current.exists() and not current.is_symlink():
            raise DataValidationError(f"{current} exists and is not a link made by --dated; move it away first.")
        old = current.resolve() if current.is_symlink() else None
        if old is not None and old != staging.resolve() and old.is_dir():
            for f in old.iterdir():
                report = f.name.split(".")[0]
                if f.is_file() and report not in rendered and f.name not in ("index.html", "bundle.html"):
                    shutil.copy2(f, staging / f.name)
            write_index([], staging)
        for link, target in ((current, Path(".runs") / staging.name), (base / "latest", Path(day))):
            tmp = link.with_name(f".{link.name}.tmp{os.getpid()}")
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(target)
            os.replace(tmp, link)
        if old is not None and old != staging.resolve() and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
    return current


def _inspect(args) -> int:
    from .data.inspect import inspect
    from .report.sections.quality import inspection_text, proposal_yaml
    from .style import Style

    try:
        result = inspect(args.file)
    except (DataValidationError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    st = Style()
    print(inspection_text(st, result))
    if args.output:
        out = Path(args.output)
        if out.exists():
            print(f"error: {out} exists; not overwritten.", file=sys.stderr)
            return 2
        out.write_text(proposal_yaml(st, result))
        print(f"# written to {out}")
    return 0


def _absolute_paths(params: dict, base: Path) -> dict:
    """Relative file paths in parameters, resolved from ``base`` (the caller's working directory or the parameter
    file's folder), not from the notebooks' folder the kernel runs in: see :func:`insight.report.notebook_params.absolute_paths`."""
    from .report.notebook_params import absolute_paths

    return absolute_paths(params, base)


def _models(args) -> int:
    import pandas as pd

    from .models.clv.registry import models_table

    with pd.option_context("display.max_colwidth", 90, "display.width", 200):
        print(models_table().to_string())
    return 0


def _fit(args) -> int:
    """Fit a registry model by name and print its one-sentence description and parameter table."""

    from .models.clv.registry import model, models

    try:
        if args.model not in models():
            raise DataValidationError(f"model {args.model!r} is not in the registry; models: {sorted(models())} "
                                      "(insight models lists them).")
        m = model(args.model)
        if m.kind in ("opportunities", "contract"):   # a table of patterns, or a cohort's survivors
            path = Path(args.data)
            if not path.is_file():
                raise DataValidationError(f"data {args.data!r}: no such file.")
            from .report.sources import read_table

            table = read_table(path, "data")
            m.fit(table if m.kind == "opportunities" else
                  table["survivors"] if "survivors" in table else table.iloc[:, -1])
        else:
            from .report import sources
            from .features.summary import customer_summary

            src = sources.transaction_source(args.data)
            m.fit(customer_summary(src.transactions, time_unit=args.time_unit, **src.summary_kwargs()))
    except (DataValidationError, FileNotFoundError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from .report.sections.clv import model_sentence
    from .style import Style

    print(model_sentence(Style(), m))
    print(m.summary().to_string(float_format=lambda v: f"{v:.4g}"))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the ``insight`` command: ``report``, ``inspect``, ``models`` or ``fit`` (see the module's help above).

    ``report`` renders the notebooks and named runs given (or ``--all``) into self-contained HTML under ``--out``,
    with an index; ``inspect`` prints the guessed roles of a data file's columns and a data specification to start
    from; ``models`` lists the customer-base model registry; ``fit`` fits one of its models by name and prints its
    parameters.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name; ``sys.argv[1:]`` when not given.

    Returns
    -------
    int
        The exit status: 0 when everything worked, 1 when a report failed or was skipped, 2 for bad input (a
        data or parameter error, a missing file, printed as one ``error:`` line on stderr), 130 when interrupted.

    Raises
    ------
    SystemExit
        From ``argparse``, for unknown or missing arguments (status 2) and for ``--help`` (status 0).
    """
    parser = argparse.ArgumentParser(prog="insight", description="insight: customer analytics reports")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="render notebooks into self-contained HTML reports",
                         description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    rep.add_argument("notebooks", nargs="*", help="notebook names or paths, or named runs")
    rep.add_argument("--all", action="store_true", help="every notebook in the notebook folder and every named run")
    rep.add_argument("--notebook-dir", default=str(NOTEBOOK_DIR), help="folder of notebooks (default: %(default)s)")
    rep.add_argument("--out", default="reports", help="output folder (default: %(default)s)")
    rep.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="set a parameter (repeatable); applies to every report rendered")
    rep.add_argument("--params", "--runs", action="append", default=[], metavar="FILE",
                     help="YAML parameter file: parameters, or named runs {name: {notebook, parameters}}")
    rep.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                     help="reports rendered in parallel (default: the number of cores, %(default)s)")
    rep.add_argument("--timeout", type=int, default=900, help="seconds per cell before a run fails")
    rep.add_argument("--run-timeout", type=float, default=1800, help="seconds per report before it is stopped")
    rep.add_argument("--fail-fast", action="store_true", help="stop every report at the first failure")
    rep.add_argument("--dated", action="store_true",
                     help="write into OUT/YYYY-MM-DD/ (replaced atomically) and point OUT/latest at it")
    rep.add_argument("--reveal-ids", action="store_true", help="show real customer ids (default: pseudonymized)")
    rep.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")
    rep.add_argument("--bundle", action="store_true",
                     help="also write bundle.html: the reports this run rendered, in one self-contained file to send "
                          "alone")
    rep.add_argument("--list", action="store_true", help="list each notebook's parameters and the named runs")
    ins = sub.add_parser("inspect", help="guess the roles of a data file's columns and propose a data specification",
                         description="Reads a CSV, Parquet or Excel file, guesses each column's role and prints a "
                                     "starting data specification (YAML) to edit, with the notebooks it can feed.")
    ins.add_argument("file", help="the data file")
    ins.add_argument("-o", "--output", help="also write the proposed specification to this .yaml file")
    sub.add_parser("models", help="list the customer-base models by name (the registry)")
    fit = sub.add_parser("fit", help="fit a customer-base model by name and print its parameters")
    fit.add_argument("model", help="registry name (insight models lists them)")
    fit.add_argument("data", help="transactions (a data specification, a bundled name or a file); for bgbb a CSV of "
                                  "frequency, recency, n_opportunities, count; for sbg a CSV with a survivors column")
    fit.add_argument("--time-unit", default="W", choices=["D", "W", "M"], help="time unit (count models)")
    args = parser.parse_args(argv)

    if args.command == "inspect":
        return _inspect(args)
    if args.command == "models":
        return _models(args)
    if args.command == "fit":
        return _fit(args)
    from .report import run as runner

    try:
        if args.list:
            return _list(args)
        if args.jobs < 1:
            raise DataValidationError(f"parameter '--jobs' == {args.jobs}, must be >= 1.")
        jobs = _jobs(args)
        base = _output_folder(Path(args.out))
        day = _dt.date.today().isoformat()
        out = _dated_output(base, day) if args.dated else base
        echo = _echo(sys.stdout.isatty())
        echo(f"rendering {len(jobs)} report(s), {min(args.jobs, len(jobs))} at a time, into {base}")
        results = runner.render_all(jobs, out, max_parallel=args.jobs, timeout=args.timeout,
                                    run_timeout=args.run_timeout, show_code=args.show_code,
                                    reveal_ids=args.reveal_ids, fail_fast=args.fail_fast, bundle=args.bundle,
                                    echo=echo)
        if args.dated:
            out = _publish_dated(base, day, out, {j.name for j in jobs})
        echo(f"index: {out / 'index.html'}" + (f"; all in one file: {out / 'bundle.html'}" if args.bundle else ""))
    except DataValidationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: the index lists the reports that finished.", file=sys.stderr)
        return 130
    failed = [r for r in results if not r.ok]
    if failed:
        print(f"{len(failed)} of {len(results)} report(s) failed or were skipped: "
              f"{', '.join(r.name for r in failed)}", file=sys.stderr)
        return 1
    return 0
