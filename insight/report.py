"""Render parameterized notebooks into self-contained HTML reports.

papermill executes a notebook with parameters; nbconvert turns the executed
notebook into HTML with the template in ``insight/templates/insight`` (nbconvert's
lab template without any CDN script: no require.js, MathJax, mermaid or widget
loader). The HTML is then finished with BeautifulSoup: a header with title, run
date, parameters and a table of contents; external resources are refused (a report
that would load anything from the network raises). Plots are PNGs embedded as
data URIs by nbconvert, so one file holds everything.

A failed run never replaces a good report: output is written to a temporary file
and renamed into place only on success; on failure an ``<name>.error.html`` page
names the failing cell and the error, and the executed notebook is kept.

Inside a notebook, :func:`provenance` shows the input files (with SHA-256) the
library loaded, package versions, git commit and run time, and
:func:`simulated_banner` states that demo data are simulated.
"""

from __future__ import annotations

import datetime as _dt
import functools
import html
import json
import os
import platform
import subprocess
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .exceptions import DataValidationError

__all__ = [
    "RenderResult",
    "notebook_parameters",
    "coerce_parameters",
    "render",
    "render_all",
    "Job",
    "load_runs",
    "write_index",
    "record_input",
    "record_spec",
    "pseudonymize",
    "csv_download",
    "provenance",
    "simulated_banner",
]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
REPO_DIR = Path(__file__).resolve().parent.parent
PACKAGES = ["insight", "pandas", "numpy", "scipy", "scikit-learn", "statsmodels", "matplotlib",
            "seaborn", "duckdb", "pyarrow", "papermill", "nbconvert"]


# --------------------------------------------------------------------------- parameters
def notebook_parameters(notebook: str | os.PathLike) -> dict[str, dict[str, Any]]:
    """Parameters declared in a notebook's ``parameters`` cell.

    Returns ``{name: {"type": "int", "default": "0", "help": "comment"}}`` as read by
    papermill from lines like ``n_clusters: int = 0  # 0 = choose automatically``.
    """
    import papermill as pm

    path = Path(notebook)
    if not path.is_file():
        raise DataValidationError(f"parameter 'notebook': no notebook at {path}.")
    params = pm.inspect_notebook(str(path))
    return {
        name: {"type": p.get("inferred_type_name", "None"), "default": p.get("default"), "help": p.get("help", "")}
        for name, p in params.items()
    }


_CONVERTERS = {
    "int": int,
    "float": float,
    "str": str,
    "bool": lambda v: {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}[str(v).lower()],
}


def coerce_parameters(notebook: str | os.PathLike, parameters: dict[str, Any] | None) -> dict[str, Any]:
    """Check parameter names against the notebook and convert values to the declared types.

    papermill itself only logs unknown parameters; here an unknown name, a value
    that does not convert to the declared type, or a missing required parameter (one
    declared with the default ``None``) raises before any kernel starts.
    """
    declared = notebook_parameters(notebook)
    out: dict[str, Any] = {}
    for name, value in (parameters or {}).items():
        if name not in declared:
            raise DataValidationError(
                f"parameter {name!r} is not a parameter of {Path(notebook).name}; "
                f"valid parameters: {sorted(declared)}."
            )
        typ = declared[name]["type"]
        conv = _CONVERTERS.get(typ)
        if conv is None or not isinstance(value, str):
            if typ == "int" and isinstance(value, bool):
                raise DataValidationError(f"parameter {name!r} == {value!r}, must be int.")
            out[name] = value
            continue
        try:
            out[name] = conv(value)
        except (ValueError, KeyError):
            raise DataValidationError(
                f"parameter {name!r} == {value!r} does not convert to the declared type {typ}."
            ) from None
    required = [n for n, p in declared.items() if p["default"] in (None, "None") and n not in out]
    if required:
        raise DataValidationError(f"{Path(notebook).name}: {len(required)} required parameter(s) not given, "
                                  f"e.g. {required[0]!r}; set them with -p NAME VALUE or a parameter file.")
    return out


def load_runs(path: str | os.PathLike, notebook_dir: str | os.PathLike) -> list[tuple[str, Path, dict]]:
    """Named runs from a YAML file: ``{run_name: {"notebook": name, "parameters": {...}}}``.

    Returns ``[(run_name, notebook_path, parameters)]`` with parameters already
    checked against each notebook (unknown names and bad types raise).
    """
    import yaml

    p = Path(path)
    spec = yaml.safe_load(p.read_text()) or {}
    if not isinstance(spec, dict):
        raise DataValidationError(f"{p.name}: must map run names to {{notebook, parameters}}, got {type(spec).__name__}.")
    runs = []
    for name, run in spec.items():
        if not isinstance(run, dict) or "notebook" not in run:
            raise DataValidationError(f"{p.name}: run {name!r} needs a 'notebook' entry.")
        nb = Path(notebook_dir) / f"{Path(run['notebook']).stem}.ipynb"
        if not nb.is_file():
            raise DataValidationError(f"{p.name}: run {name!r} names notebook {run['notebook']!r}, not found at {nb}.")
        params = {k: v for k, v in (run.get("parameters") or {}).items()}
        coerce_parameters(nb, {k: str(v) if isinstance(v, str) else v for k, v in params.items()})
        runs.append((str(name), nb, params))
    return runs


# --------------------------------------------------------------------------- rendering
@dataclass
class RenderResult:
    """Outcome of rendering one report."""

    name: str
    notebook: str
    status: str  # "ok" or "failed"
    seconds: float
    parameters: dict[str, Any] = field(default_factory=dict)
    html: str | None = None
    error: str | None = None
    failed_cell: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _escape_markdown_outputs(nb):
    """Make HTML inside Markdown *outputs* inert text.

    Notebooks build sentences with ``display(Markdown(f"... {value} ..."))`` where the
    value may come from the data (a category, a column name). Markdown passes raw HTML
    through, so a ``<script>`` or ``<img onerror=...>`` there would run in the report.
    Outputs never need raw HTML (they use Markdown emphasis), so it is escaped;
    Markdown cells written by the notebook's author are left alone.
    """
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "text/markdown" in data:
                text = data["text/markdown"]
                text = "".join(text) if isinstance(text, list) else text
                data["text/markdown"] = html.escape(text, quote=False)
    return nb


def _title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def _finish_html(body: str, title: str, parameters: dict[str, Any], started: str, seconds: float) -> str:
    """Add header, parameters and table of contents; refuse external resources."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    main = soup.find("main") or soup.body
    heads = [h for h in main.find_all(["h1", "h2"]) if h.get_text(strip=True)]
    toc_items = []
    for i, h in enumerate(heads):
        hid = h.get("id") or f"section-{i}"
        h["id"] = hid
        text = h.get_text(strip=True).rstrip("¶")
        toc_items.append(
            f'<li style="margin-left:{0 if h.name == "h1" else 1.2}em"><a href="#{html.escape(hid)}">{html.escape(text)}</a></li>'
        )
    rows = "".join(
        f"<tr><td>{html.escape(str(k))}</td><td>{html.escape(repr(v))}</td></tr>" for k, v in parameters.items()
    ) or "<tr><td colspan=2>defaults of the notebook</td></tr>"
    header = (
        f'<header class="insight-header"><h1>{html.escape(title)}</h1>'
        f'<div class="insight-meta">Rendered {html.escape(started)} in {seconds:.1f} s by insight '
        f"{html.escape(_version('insight'))}.</div>"
        f'<table class="insight-params"><tr><th>parameter</th><th>value</th></tr>{rows}</table></header>'
        f'<nav class="insight-toc"><strong>Contents</strong><ul>{"".join(toc_items)}</ul></nav>'
    )
    main.insert(0, BeautifulSoup(header, "html.parser"))
    if soup.title is not None:
        soup.title.string = title
    external = [
        t.get("src") or t.get("href")
        for t in soup.find_all(["script", "link", "img", "iframe"])
        if (t.get("src") or t.get("href") or "").startswith(("http:", "https:", "//"))
    ]
    if external:
        raise RuntimeError(f"the rendered HTML would load {len(external)} external resource(s), e.g. {external[0]}")
    return str(soup)


def _error_page(name: str, notebook: str, cell: int | None, error: str, executed: Path | None) -> str:
    where = f"cell {cell}" if cell is not None else "before any cell ran"
    kept = f"<p>The executed notebook is kept at <code>{html.escape(str(executed))}</code>.</p>" if executed else ""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
        f"{html.escape(name)}: failed</title></head><body><div class='insight-error'>"
        f"<h1>Report {html.escape(name)} failed</h1><p>Notebook <code>{html.escape(notebook)}</code> failed in "
        f"{html.escape(where)}.</p><pre>{html.escape(error)}</pre>{kept}"
        "<p>The previous good report of this name, if any, was left in place.</p></div></body></html>"
    )


@functools.cache
def _engine_name() -> str:
    """Register papermill's nbclient engine with a ``progress(cell_number, n_cells)`` hook at each cell start."""
    from papermill.engines import NBClientEngine, papermill_engines

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, progress=None, **kwargs):
            if progress is not None:
                start, total = nb_man.cell_start, len(nb_man.nb.cells)

                def cell_start(cell, cell_index=None, **kw):
                    progress(cell_index + 1, total)
                    return start(cell, cell_index, **kw)

                nb_man.cell_start = cell_start
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register("insight", Engine)
    return "insight"


def render(
    notebook: str | os.PathLike,
    out_dir: str | os.PathLike = "reports",
    parameters: dict[str, Any] | None = None,
    *,
    name: str | None = None,
    timeout: int = 900,
    show_code: bool = False,
    cwd: str | os.PathLike | None = None,
    progress: Any = None,
) -> RenderResult:
    """Execute ``notebook`` with ``parameters`` and write ``<out_dir>/<name>.html``.

    Returns a :class:`RenderResult`; a failing notebook does not raise but returns
    ``status="failed"`` with the failing cell and error, writes
    ``<name>.error.html`` and keeps the previous ``<name>.html``. ``progress``, if
    given, is called as ``progress(cell_number, n_cells)`` when each cell starts.
    """
    import nbformat
    import papermill as pm
    from nbconvert import HTMLExporter

    nb_path = Path(notebook).resolve()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = name or nb_path.stem
    params = coerce_parameters(nb_path, parameters)
    executed = out / f"{name}.ipynb"
    started = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    t0 = time.perf_counter()
    try:
        # The kernel inherits our environment; MPLBACKEND=Agg (set by `make`, CI or cron
        # for headless plotting) would make plt.show() draw nothing and the report lose
        # every chart, so the kernel always gets the inline backend.
        backend = os.environ.get("MPLBACKEND")
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        try:
            for attempt in range(3):
                try:
                    pm.execute_notebook(
                        str(nb_path), str(executed), parameters=params, cwd=str(cwd or nb_path.parent),
                        execution_timeout=timeout, progress_bar=False, log_output=False, report_mode=not show_code,
                        engine_name=_engine_name(), progress=progress,
                    )
                    break
                except RuntimeError as exc:
                    # a kernel that dies before it answers lost a race for its ZMQ ports with another process
                    # starting at the same moment (parallel reports); nothing ran yet, so start it again
                    if "Kernel died before replying to kernel_info" not in str(exc) or attempt == 2:
                        raise
        finally:
            if backend is None:
                os.environ.pop("MPLBACKEND", None)
            else:
                os.environ["MPLBACKEND"] = backend
    except Exception as exc:  # papermill's execution error or a kernel failure
        seconds = time.perf_counter() - t0
        cell = getattr(exc, "exec_count", None)
        err = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', str(exc))}"
        _atomic_write(out / f"{name}.error.html",
                      _error_page(name, str(nb_path.name), cell, err, executed if executed.exists() else None))
        return RenderResult(name, nb_path.name, "failed", seconds, params, None, err, cell)
    seconds = time.perf_counter() - t0
    nb = _escape_markdown_outputs(nbformat.read(executed, as_version=4))
    exporter = HTMLExporter(
        template_name="insight", extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=not show_code, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    page = _finish_html(body, _title(nb) or name, params, started, seconds)
    target = out / f"{name}.html"
    _atomic_write(target, page)
    stale = out / f"{name}.error.html"
    if stale.exists():
        stale.unlink()
    return RenderResult(name, nb_path.name, "ok", seconds, params, str(target))


@dataclass
class Job:
    """One report to render: its name, notebook and (already checked) parameters."""

    name: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)


def render_all(
    jobs: list[Job],
    out_dir: str | os.PathLike = "reports",
    *,
    max_parallel: int | None = None,
    timeout: int = 900,
    run_timeout: float = 1800.0,
    show_code: bool = False,
    reveal_ids: bool = False,
    fail_fast: bool = False,
    echo: Any = None,
) -> list[RenderResult]:
    """Render several reports in parallel (each in its own process) and write ``index.html``.

    Up to ``max_parallel`` runs (default: the number of cores) execute at once.
    ``timeout`` limits each cell, ``run_timeout`` each whole run (its process is
    killed, the error page says so). With ``fail_fast`` the first failure stops the
    runs still going and skips those not started. ``echo(text, live)`` receives
    progress: one line per event, and with ``live`` a status line of what is
    running (which report, which cell).
    """
    import signal
    import subprocess
    import sys
    import threading
    from concurrent.futures import ThreadPoolExecutor

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n = max(1, min(max_parallel or os.cpu_count() or 1, len(jobs) or 1))
    lock, stop = threading.Lock(), threading.Event()
    status: dict[str, str] = {}
    procs: dict[str, subprocess.Popen] = {}
    echo = echo or (lambda text, live=False: None)
    env = dict(os.environ, **({REVEAL_ENV: "1"} if reveal_ids else {}))
    # parallel runs share the cores: one math-library thread each avoids oversubscription
    threads = str(max(1, (os.cpu_count() or 1) // n))
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, threads)

    def _killpg(proc):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:  # it finished meanwhile
            pass

    def show():
        echo("running: " + ", ".join(f"{k} ({v})" for k, v in status.items()), True)

    def run(job: Job) -> RenderResult:
        if stop.is_set():
            return RenderResult(job.name, job.notebook.name, "skipped", 0.0, job.parameters,
                                error="not started: an earlier report failed (--fail-fast)")
        spec = {"notebook": str(job.notebook), "out": str(out), "parameters": job.parameters, "name": job.name,
                "timeout": timeout, "show_code": show_code}
        t0 = time.perf_counter()
        log = out / f".{job.name}.log"
        with open(log, "w") as err:
            proc = subprocess.Popen([sys.executable, "-m", "insight.report", json.dumps(spec, default=str)],
                                    stdout=subprocess.PIPE, stderr=err, text=True, env=env, start_new_session=True)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            _killpg(proc)

        timer = threading.Timer(run_timeout, kill)
        timer.start()
        with lock:
            procs[job.name] = proc
            status[job.name] = "starting"
        echo(f"[{job.name}] started ({job.notebook.name})")
        result, cell = None, None
        for line in proc.stdout:
            msg = json.loads(line) if line.startswith("{") else {}
            if "cell" in msg:
                cell = msg["cell"]
                with lock:
                    status[job.name] = f"cell {msg['cell']}/{msg['total']}"
                    show()
            elif "result" in msg:
                result = RenderResult(**msg["result"])
        proc.wait()
        timer.cancel()
        if result is not None and result.ok:
            log.unlink(missing_ok=True)
        with lock:
            procs.pop(job.name, None)
            status.pop(job.name, None)
        seconds = time.perf_counter() - t0
        if result is None:
            tail = log.read_text(errors="replace").strip().splitlines()[-15:]
            why = (f"run timed out after {run_timeout:g} s" if timed_out.is_set()
                   else "stopped: another report failed (--fail-fast)" if stop.is_set()
                   else f"the render process exited with code {proc.returncode}:\n" + "\n".join(tail))
            executed = out / f"{job.name}.ipynb"
            _atomic_write(out / f"{job.name}.error.html", _error_page(
                job.name, job.notebook.name, cell, why, executed if executed.exists() else None))
            result = RenderResult(job.name, job.notebook.name, "failed", seconds, job.parameters, None, why, cell)
        echo(f"[{job.name}] {result.status} in {result.seconds:.1f} s"
             + (f": {result.error}" if result.error else f" -> {result.html}"))
        if not result.ok and fail_fast:
            stop.set()
            with lock:
                for p in procs.values():
                    _killpg(p)
        return result

    with ThreadPoolExecutor(n) as pool:
        results = list(pool.map(run, jobs))
    write_index(results, out)
    return results


def _worker(spec_json: str) -> int:
    """Entry point of one render process (``python -m insight.report SPEC``): JSON lines on stdout."""
    import dataclasses

    spec = json.loads(spec_json)
    r = render(spec["notebook"], spec["out"], spec["parameters"], name=spec["name"], timeout=spec["timeout"],
               show_code=spec["show_code"],
               progress=lambda i, total: print(json.dumps({"cell": i, "total": total}), flush=True))
    print(json.dumps({"result": dataclasses.asdict(r)}, default=str), flush=True)
    return 0


def write_index(results: list[RenderResult], out_dir: str | os.PathLike) -> Path:
    """Write ``index.html`` listing every report with status, run time and parameters."""
    rows = []
    for r in results:
        link = {"ok": f"{r.name}.html", "failed": f"{r.name}.error.html"}.get(r.status)
        cell = f"<a href='{html.escape(link)}'>{html.escape(r.name)}</a>" if link else html.escape(r.name)
        rows.append(
            f"<tr><td>{cell}</td><td>{r.status}</td>"
            f"<td>{r.seconds:.1f} s</td><td>{html.escape(json.dumps(r.parameters, default=str))}</td>"
            f"<td>{html.escape(r.error or '')}</td></tr>"
        )
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>insight reports</title>"
        "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}td,th{border:1px solid #ddd;"
        "padding:4px 8px}table{border-collapse:collapse}</style></head><body><h1>insight reports</h1>"
        f"<p>Rendered {html.escape(_dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z'))}.</p>"
        "<table><tr><th>report</th><th>status</th><th>run time</th><th>parameters</th><th>error</th></tr>"
        + "".join(rows) + "</table></body></html>"
    )
    path = Path(out_dir) / "index.html"
    _atomic_write(path, page)
    return path


# --------------------------------------------------------------------------- privacy
KEY_ENV = "INSIGHT_ID_KEY"
KEY_FILE = Path.home() / ".config" / "insight" / "id_key"


def _id_key() -> bytes:
    """The pseudonymization key: ``$INSIGHT_ID_KEY``, else a generated key saved in KEY_FILE."""
    env = os.environ.get(KEY_ENV)
    if env:
        return env.encode()
    if not KEY_FILE.exists():
        import secrets

        KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEY_FILE.write_text(secrets.token_hex(32))
        KEY_FILE.chmod(0o600)
    return KEY_FILE.read_text().strip().encode()


REVEAL_ENV = "INSIGHT_REVEAL_IDS"


def _reveal(reveal: bool | None) -> bool:
    return os.environ.get(REVEAL_ENV) == "1" if reveal is None else bool(reveal)


def pseudonymize(ids, reveal: bool | None = None, prefix: str = "cust_"):
    """Replace customer ids by keyed hashes (HMAC-SHA256, first 12 hex digits).

    The same id and key always give the same pseudonym, so lists from different
    reports can be joined by whoever holds the key, but the ids cannot be read back.
    ``reveal=True`` returns the ids unchanged (for internal use, opt-in); the
    default follows ``$INSIGHT_REVEAL_IDS`` (set by ``insight report --reveal-ids``).
    """
    import hashlib
    import hmac

    import pandas as pd

    s = pd.Series(ids) if not isinstance(ids, (pd.Series, pd.Index)) else ids
    if _reveal(reveal):
        return s
    key = _id_key()
    out = [prefix + hmac.new(key, str(v).encode(), hashlib.sha256).hexdigest()[:12] for v in s]
    return pd.Index(out, name=s.name) if isinstance(s, pd.Index) else pd.Series(out, index=s.index, name=s.name)


class _Download:
    def __init__(self, csv: str, filename: str, rows: int):
        self.csv, self.filename, self.rows = csv, filename, rows

    def _repr_html_(self) -> str:
        import base64

        b64 = base64.b64encode(self.csv.encode()).decode()
        return (f"<p><a download='{html.escape(self.filename)}' href='data:text/csv;base64,{b64}'>"
                f"Download {html.escape(self.filename)}</a> ({self.rows:,} rows, CSV).</p>")

    def __repr__(self) -> str:
        return f"<download {self.filename}: {self.rows:,} rows>"


def csv_download(df, filename: str, id_col: str | None = None, reveal_ids: bool | None = None) -> _Download:
    """A link that downloads ``df`` as CSV, embedded in the report (no file next to it).

    ``id_col`` (a column, or the index when it is the index name or None with
    ``reveal_ids=False``) is pseudonymized unless ids are revealed (see :func:`pseudonymize`).
    """
    out = df.copy()
    if id_col is not None and id_col in out.columns:
        out[id_col] = pseudonymize(out[id_col], reveal_ids).to_numpy()
    elif not _reveal(reveal_ids):
        out.index = pseudonymize(out.index)
    return _Download(out.to_csv(), filename, len(out))


# --------------------------------------------------------------------------- in-notebook helpers
_INPUTS: dict[str, str] = {}
_SPECS: dict[str, str] = {}
_T0 = time.perf_counter()


def record_spec(name: str, text: str) -> None:
    """Remember a data specification (its YAML text) for :func:`provenance`."""
    _SPECS[str(name)] = str(text)


def record_input(path: str | os.PathLike, sha256: str) -> None:
    """Remember an input file and its SHA-256 for :func:`provenance`.

    Files inside the repository are listed relative to it (``data/raw/...``), others
    by name only, so a report never shows a machine's folder layout.
    """
    p = Path(path).resolve()
    try:
        shown = str(p.relative_to(REPO_DIR))
    except ValueError:
        shown = f"{p.name} (outside the repository)"
    _INPUTS[shown] = sha256


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_DIR, capture_output=True,
                              text=True, timeout=5).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


@dataclass
class Provenance:
    """Inputs, versions, commit and run time of the current session; renders as HTML."""

    inputs: dict[str, str]
    versions: dict[str, str]
    git_commit: str
    python: str
    seconds: float
    specs: dict = field(default_factory=dict)

    def _repr_html_(self) -> str:
        ins = "".join(f"<tr><td>{html.escape(k)}</td><td><code>{html.escape(v)}</code></td></tr>"
                      for k, v in self.inputs.items())
        ins = ins or "<tr><td colspan=2>no file inputs (data generated in memory)</td></tr>"
        vers = ", ".join(f"{html.escape(k)} {html.escape(v)}" for k, v in self.versions.items())
        specs = "".join(f"<details><summary>Data specification: {html.escape(k)}</summary><pre>{html.escape(v)}</pre>"
                        "</details>" for k, v in self.specs.items())
        return (
            "<div class='insight-provenance'><table><tr><th>input file</th><th>SHA-256</th></tr>"
            f"{ins}</table>{specs}<p>Packages: {vers}; Python {html.escape(self.python)}; git commit "
            f"{html.escape(self.git_commit)}; run time {self.seconds:.1f} s.</p></div>"
        )

    def __repr__(self) -> str:
        return f"Provenance(inputs={self.inputs}, git_commit={self.git_commit!r}, seconds={self.seconds:.1f})"


def provenance() -> Provenance:
    """Input files read so far (with SHA-256), package versions, git commit, run time."""
    return Provenance(dict(_INPUTS), {p: _version(p) for p in PACKAGES}, _git_commit(),
                      platform.python_version(), time.perf_counter() - _T0, dict(_SPECS))


class _Banner:
    def __init__(self, text: str):
        self.text = text

    def _repr_html_(self) -> str:
        return f"<div class='insight-banner'><strong>Simulated data.</strong> {html.escape(self.text)}</div>"

    def __repr__(self) -> str:
        return f"SIMULATED DATA. {self.text}"


def simulated_banner(seed: int | None = None) -> _Banner:
    """A banner stating that the data are the simulated demo company's."""
    s = f" (seed {seed})" if seed is not None else ""
    return _Banner(
        f"This report uses the synthetic demo company of insight.simulate{s}. Its customers are invented, "
        "and every effect shown was built into the simulator by design; see insight.simulate.EFFECTS."
    )


if __name__ == "__main__":
    import sys

    sys.exit(_worker(sys.argv[1]))
