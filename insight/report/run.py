"""Run parameterized notebooks with papermill: one report, or many in parallel.

:func:`render` executes one notebook with its parameters (checked against the notebook's
parameters cell first) and hands the result to :mod:`insight.report.html`. A failed run never
replaces a good report: output is written to a temporary file and renamed into place
only on success; on failure an ``<name>.error.html`` page names the failing cell (also
when it timed out) and the error, and the executed notebook is kept.

:func:`render_all` renders several reports, each in its own process (``python -m
insight.report.run``) so that a stuck kernel can be killed, then writes the index. Ctrl-C
stops every run within seconds, writes the index for what finished and raises
``KeyboardInterrupt`` (the command line exits 130).
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exceptions import DataValidationError
from .html import TEMPLATE_DIR, atomic_write, error_page, escape_markdown_outputs, finish_html, notebook_title
from .html import page_style, write_index
from .notebook_params import absolute_paths, check_run_name, coerce_parameters, ignored_parameters
from .notebook_params import SHARED_PARAMETERS, load_runs, notebook_parameters  # noqa: F401  (callers of old)
from .notes import drop_stderr, run_notes, take_warnings
from .translations import localize_markdown
from ..privacy import REVEAL_ENV

__all__ = ["RenderResult", "render", "render_all", "Job", "descendants", "kill_tree", "exit_with_parent"]


# --------------------------------------------------------------------------- rendering
@dataclass
class RenderResult:
    """Outcome of rendering one report.

    Attributes
    ----------
    name : str
        The report's name (its page is ``<name>.html``).
    notebook : str
        The notebook's file name.
    status : str
        ``"ok"``, ``"failed"``, or (in :func:`render_all`) ``"skipped"`` for a run never started.
    seconds : float
        Wall time of the run, in seconds.
    parameters : dict, optional
        The parameters the notebook ran with (checked and converted by :func:`render`).
    html : str or None, optional
        Path of the written page; None unless the run succeeded.
    error : str or None, optional
        What went wrong (the error, a timeout, an interruption); None on success.
    failed_cell : int or None, optional
        Number (from 1) of the cell that was running when the run failed; None if not known.
    title : str, default ""
        The report's title.
    summary : str, default ""
        The report's one-line summary, for the index page.
    ignored : list of str, optional
        Shared parameters the notebook does not use (:func:`ignored_parameters`).
    """

    name: str
    notebook: str
    status: str  # "ok" or "failed"
    seconds: float
    parameters: dict[str, Any] = field(default_factory=dict)
    html: str | None = None
    error: str | None = None
    failed_cell: int | None = None
    title: str = ""
    summary: str = ""
    ignored: list = field(default_factory=list)   # shared parameters the notebook does not use

    @property
    def ok(self) -> bool:
        return self.status == "ok"


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
    Relative file paths in ``parameters`` are read from the caller's working folder
    (:func:`absolute_paths`). Warnings the notebook raises never reach the page as they are:
    they become notes in words at its end (:func:`insight.report.notes.capture_warnings`).

    Parameters
    ----------
    notebook : str or os.PathLike
        Path of the notebook (``.ipynb``).
    out_dir : str or os.PathLike, default "reports"
        Folder of the pages (created if missing); the executed notebook ``<name>.ipynb`` is kept there.
    parameters : dict, optional
        Name -> value, checked and converted by :func:`coerce_parameters`.
    name : str, optional
        The report's name (:func:`check_run_name`); default: the notebook's file stem.
    timeout : int, default 900
        Longest time one cell may run, in seconds.
    show_code : bool, default False
        Whether the page shows the code cells.
    cwd : str or os.PathLike, optional
        Working folder of the kernel; default: the notebook's folder.
    progress : callable, optional
        Called as ``progress(cell_number, n_cells)`` when each cell starts.

    Returns
    -------
    RenderResult
        ``status="ok"`` with the page's path, title and summary, or ``status="failed"`` with the error and cell.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``name`` is not a safe file name or the parameters do not fit the notebook (nothing runs then).

    See Also
    --------
    render_all : Several reports in parallel, with an index page.
    """
    import nbformat

    nb_path = Path(notebook).resolve()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = check_run_name(name) if name is not None else nb_path.stem   # a stem holds no path
    params = coerce_parameters(nb_path, absolute_paths(parameters or {}, Path.cwd()))
    executed = out / f"{name}.ipynb"
    warned = out / f".{name}.warnings.jsonl"
    warned.unlink(missing_ok=True)
    started = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    t0 = time.perf_counter()
    started_cell: list[int] = []

    def track(i: int, total: int) -> None:
        started_cell[:] = [i]
        if progress is not None:
            progress(i, total)

    try:
        _execute(nb_path, executed, params, cwd=Path(cwd or nb_path.parent), timeout=timeout, show_code=show_code,
                 progress=track, warnings_file=warned)
    except Exception as exc:  # papermill's execution error or a kernel failure
        warned.unlink(missing_ok=True)
        seconds = time.perf_counter() - t0
        cell = started_cell[0] if started_cell else None
        err = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', str(exc))}"
        why = ""
        if type(exc).__name__ == "CellTimeoutError" or "timed out" in str(exc).lower():
            err = f"the cell ran longer than the {timeout} s limit (--timeout). {err}"
            why = "page.error_timeout"
        source = ""
        if cell is not None and executed.exists():
            cells = nbformat.read(executed, as_version=4).cells
            source = cells[cell - 1].source if cell <= len(cells) else ""
        atomic_write(out / f"{name}.error.html",
                     error_page(name, str(nb_path.name), cell, "" if why else err,
                                executed if executed.exists() else None, source,
                                language=str(params.get("language", "en")), why=why, why_values={"seconds": timeout}))
        return RenderResult(name, nb_path.name, "failed", seconds, params, None, err, cell)
    seconds = time.perf_counter() - t0
    page, meta = _page(nb_path, executed, params, started=started, seconds=seconds, show_code=show_code,
                       warned=take_warnings(warned))
    target = out / f"{name}.html"
    atomic_write(target, page)
    stale = out / f"{name}.error.html"
    if stale.exists():
        stale.unlink()
    return RenderResult(name, nb_path.name, "ok", seconds, params, str(target), title=meta["title"],
                        summary=meta["summary"], ignored=ignored_parameters(nb_path, parameters))


def _execute(nb_path: Path, executed: Path, params: dict, *, cwd: Path, timeout: int, show_code: bool, progress,
             warnings_file: Path) -> None:
    """Run the notebook with papermill; its kernel first sends every warning to ``warnings_file``."""
    import papermill as pm

    # The kernel inherits our environment; MPLBACKEND=Agg (set by `make`, CI or cron
    # for headless plotting) would make plt.show() draw nothing and the report lose
    # every chart, so the kernel always gets the inline backend.
    backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    setup = (f"__import__('insight.report.notes', fromlist=['notes']).capture_warnings({str(warnings_file)!r}); "
             f"__import__('insight.provenance', fromlist=['provenance'])"
             f".use_language({str(params.get('language', 'en'))!r})")   # the provenance in the report's words
    try:
        for attempt in range(3):
            try:
                pm.execute_notebook(
                    str(nb_path), str(executed), parameters=params, cwd=str(cwd),
                    execution_timeout=timeout, progress_bar=False, log_output=False, report_mode=not show_code,
                    engine_name=_engine_name(), progress=progress,
                    extra_arguments=[f"--IPKernelApp.exec_lines={setup}"],
                )
                return
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


def _page(nb_path: Path, executed: Path, params: dict, *, started: str, seconds: float, show_code: bool,
          warned: list[dict]) -> tuple[str, dict]:
    """The executed notebook as a finished page: stray error output left out, warnings as notes in words."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    if warned:       # kept for whoever debugs the run; the page says it in words
        nb.metadata["insight"] = {**nb.metadata.get("insight", {}), "warnings": warned}
        nbformat.write(nb, executed)
    stray = drop_stderr(nb)
    nb = escape_markdown_outputs(localize_markdown(nb, nb_path.stem, str(params.get("language", "en"))))
    exporter = HTMLExporter(
        template_name="insight", extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=not show_code, exclude_input_prompt=True, exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": executed.stem}})
    return finish_html(body, nb_path.name, params, started, seconds, notebook_title(nb),
                       notes=run_notes(page_style(str(params.get("language", "en"))), warned, stray))


@dataclass
class Job:
    """One report to render: its name, notebook and (already checked) parameters.

    Attributes
    ----------
    name : str
        The report's name (:func:`check_run_name`).
    notebook : pathlib.Path
        Path of the notebook.
    parameters : dict, optional
        Name -> value of the run's parameters.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``name`` is not a safe file name.
    """

    name: str
    notebook: Path
    parameters: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self):
        check_run_name(self.name)


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
    bundle: bool = False,
    echo: Any = None,
) -> list[RenderResult]:
    """Render several reports in parallel (each in its own process) and write ``index.html``.

    Up to ``max_parallel`` runs (default: the number of cores) execute at once.
    ``timeout`` limits each cell, ``run_timeout`` each whole run (its process is
    killed, the error page says so). With ``fail_fast`` the first failure stops the
    runs still going and skips those not started. ``echo(text, live)`` receives
    progress: one line per event, and with ``live`` a status line of what is
    running (which report, which cell). With ``bundle`` the finished reports are also
    written into one file, ``bundle.html`` (see :func:`insight.report.html.bundle`).

    Ctrl-C (``KeyboardInterrupt``) kills every render process at once, writes the index
    for the reports that finished and raises ``KeyboardInterrupt`` again.

    Why one function: the process pool, the live status line and the clean-up on Ctrl-C share the
    state of the running jobs; the thread that watches them must see all of it.

    Parameters
    ----------
    jobs : list of Job
        The reports to render.
    out_dir : str or os.PathLike, default "reports"
        Folder of the pages and ``index.html`` (created if missing).
    max_parallel : int, optional
        Most runs at once; default: the number of cores.
    timeout : int, default 900
        Longest time one cell may run, in seconds.
    run_timeout : float, default 1800.0
        Longest time one whole run may take, in seconds; its process is killed then.
    show_code : bool, default False
        Whether the pages show the code cells.
    reveal_ids : bool, default False
        Whether the render processes show customer ids in full (sets ``INSIGHT_REVEAL_IDS`` for them).
    fail_fast : bool, default False
        Whether the first failure stops the runs still going and skips those not started.
    bundle : bool, default False
        Whether the finished reports are also written into ``bundle.html``.
    echo : callable, optional
        Called as ``echo(text, live)`` with progress; default: nothing is shown.

    Returns
    -------
    list of RenderResult
        One per job, in the order of ``jobs``.

    Raises
    ------
    KeyboardInterrupt
        Again, after Ctrl-C has stopped every run and the index is written.

    See Also
    --------
    render : One report in this process.
    """
    import subprocess
    import sys
    import threading
    from concurrent.futures import ThreadPoolExecutor

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n = max(1, min(max_parallel or os.cpu_count() or 1, len(jobs) or 1))
    lock, stop, interrupted = threading.Lock(), threading.Event(), threading.Event()
    status: dict[str, str] = {}
    procs: dict[str, subprocess.Popen] = {}
    echo = echo or (lambda text, live=False: None)
    env = dict(os.environ, **({REVEAL_ENV: "1"} if reveal_ids else {}))
    # parallel runs share the cores: one math-library thread each avoids oversubscription
    threads = str(max(1, (os.cpu_count() or 1) // n))
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, threads)

    def _killpg(proc):
        kill_tree(proc.pid)

    def show():
        echo("running: " + ", ".join(f"{k} ({v})" for k, v in status.items()), True)

    def run(job: Job) -> RenderResult:
        if stop.is_set():
            return RenderResult(job.name, job.notebook.name, "skipped", 0.0, job.parameters,
                                error="not started: interrupted (Ctrl-C)" if interrupted.is_set()
                                else "not started: an earlier report failed (--fail-fast)")
        spec = {"notebook": str(job.notebook), "out": str(out), "parameters": job.parameters, "name": job.name,
                "timeout": timeout, "show_code": show_code, "parent": os.getpid()}
        t0 = time.perf_counter()
        log = out / f".{job.name}.log"
        with open(log, "w") as err:
            proc = subprocess.Popen([sys.executable, "-m", "insight.report.run", json.dumps(spec, default=str)],
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
            if stop.is_set():      # stopped while this one was starting
                _killpg(proc)
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
                   else "stopped: interrupted (Ctrl-C)" if interrupted.is_set()
                   else "stopped: another report failed (--fail-fast)" if stop.is_set()
                   else f"the render process exited with code {proc.returncode}:\n" + "\n".join(tail))
            executed = out / f"{job.name}.ipynb"
            why_id, why_values = (("page.error_run_timeout", {"seconds": run_timeout}) if timed_out.is_set()
                                  else ("page.error_interrupted", {}) if interrupted.is_set()
                                  else ("page.error_fail_fast", {}) if stop.is_set()
                                  else ("page.error_exit", {"code": proc.returncode}))
            atomic_write(out / f"{job.name}.error.html", error_page(
                job.name, job.notebook.name, cell, "\n".join(tail) if why_id == "page.error_exit" else "",
                executed if executed.exists() else None, language=str(job.parameters.get("language", "en")),
                why=why_id, why_values=why_values))
            result = RenderResult(job.name, job.notebook.name, "failed", seconds, job.parameters, None, why, cell)
        echo(f"[{job.name}] {result.status} in {result.seconds:.1f} s"
             + (f": {result.error}" if result.error else f" -> {result.html}")
             + (f" (does not use {', '.join(result.ignored)}: ignored)" if result.ignored else ""))
        if not result.ok and fail_fast:
            stop.set()
            with lock:
                for p in procs.values():
                    _killpg(p)
        return result

    from .html import bundle as write_bundle

    pool = ThreadPoolExecutor(n)
    futures = [pool.submit(run, job) for job in jobs]
    try:
        results = [f.result() for f in futures]
    except KeyboardInterrupt:
        interrupted.set()
        stop.set()
        with lock:
            for p in procs.values():
                _killpg(p)
        echo(f"interrupted: stopping {len(procs)} running report(s)")
        pool.shutdown(wait=True)
        write_index([f.result() for f in futures], out)
        raise
    pool.shutdown()
    if bundle:   # what this run rendered, and what failed in it: never a report left from an earlier run
        write_bundle(out, [r.name for r in results if r.ok], failed=[r for r in results if not r.ok])
    write_index(results, out)
    return results


# --------------------------------------------------------------------------- render processes
def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, their children...), read from ``/proc``; empty where there is none.

    Parameters
    ----------
    pid : int
        A process id (>= 1).

    Returns
    -------
    list of int
        The ids of its descendants, children before their own children; empty without ``/proc`` (not Linux).

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``pid`` is not a whole number >= 1.
    """
    if not isinstance(pid, int) or isinstance(pid, bool) or pid < 1:
        raise DataValidationError(f"parameter 'pid' == {pid!r}, must be a process id (a whole number >= 1).")
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])   # the name in (...) may hold spaces
        except (OSError, IndexError, ValueError):
            continue     # ended meanwhile
        children.setdefault(ppid, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        below = children.get(todo.pop(), [])
        found += below
        todo += below
    return found


def kill_tree(pid: int, *, group: bool = True) -> None:
    """Kill ``pid``'s process group (with ``group``) and every process below it.

    A kernel runs in a session of its own, so killing a render process's group alone would leave its
    kernel (and what the kernel started) running. Processes that ended meanwhile or may not be killed are passed
    over.

    Parameters
    ----------
    pid : int
        The process id; with ``group`` also its process group's id (a render process leads its own session).
    group : bool, default True
        Whether the process group ``pid`` is killed too (False: only the processes below ``pid``).

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``pid`` is not a whole number >= 1 (:func:`descendants`).
    """
    import signal

    below = descendants(pid)
    targets = [(os.killpg, pid)] if group else []
    for kill, target in targets + [(os.kill, p) for p in below]:
        try:
            kill(target, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):   # it ended meanwhile
            pass


def exit_with_parent(parent: int, interval: float = 0.5) -> None:
    """End this process, its kernel and all they started as soon as ``parent`` (the command that started it) is gone.

    A render process runs in a session of its own (so Ctrl-C in a terminal reaches the command only); without
    this watch a ``kill -9`` of the command, or a cancelled scheduler job, would leave it and its kernel running.

    A daemon thread checks every ``interval`` seconds whether this process's parent is still ``parent``; once it
    is not, it kills every process below this one and exits with code 1.

    Parameters
    ----------
    parent : int
        The process id of the command that started this process.
    interval : float, default 0.5
        Seconds between checks.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``parent`` is not a whole number >= 1.
    """
    import threading

    if not isinstance(parent, int) or isinstance(parent, bool) or parent < 1:
        raise DataValidationError(f"parameter 'parent' == {parent!r}, must be a process id (a whole number >= 1).")

    def watch():
        while os.getppid() == parent:
            time.sleep(interval)
        kill_tree(os.getpid(), group=False)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _worker(spec_json: str) -> int:
    """Entry point of one render process (``python -m insight.report.run SPEC``): JSON lines on stdout."""
    import dataclasses

    spec = json.loads(spec_json)
    if spec.get("parent"):
        exit_with_parent(int(spec["parent"]))
    r = render(spec["notebook"], spec["out"], spec["parameters"], name=spec["name"], timeout=spec["timeout"],
               show_code=spec["show_code"],
               progress=lambda i, total: print(json.dumps({"cell": i, "total": total}), flush=True))
    print(json.dumps({"result": dataclasses.asdict(r)}, default=str), flush=True)
    return 0




if __name__ == "__main__":
    import sys

    sys.exit(_worker(sys.argv[1]))
