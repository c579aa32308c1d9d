"""Warnings and stray output of a report's run, turned into notes in words.

:func:`capture_warnings` runs first in each report's kernel and records every warning instead of printing it;
:func:`take_warnings` reads the records back, :func:`drop_stderr` removes stray standard-error output from the
executed notebook, and :func:`run_notes` writes what was recorded as notes a reader understands (the page lists
them under "Notes on the computations": no warning class name or source path reaches it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["capture_warnings", "take_warnings", "drop_stderr", "run_notes", "NOTE_KINDS"]


def capture_warnings(path: str | os.PathLike) -> None:
    """Record every warning this process raises in ``path`` (one JSON line each) instead of printing it.

    :func:`insight.report.run.render` runs this first in each report's kernel, so no warning class name or
    source path reaches the page: :func:`run_notes` turns the records into notes in words, and the executed
    notebook keeps them in its metadata (``warnings`` under ``insight``) for whoever debugs the run.

    It replaces :func:`warnings.showwarning` for the rest of the process; each record holds the warning's
    ``category`` (its class name), ``kinds`` (the names of its warning classes, most specific first), ``message``
    and ``where`` (``file:line``). Which warnings are shown at all is still decided by the warning filters.

    Parameters
    ----------
    path : str or os.PathLike
        The JSON-lines file the records are appended to; its folder must exist.

    Raises
    ------
    ValueError
        If the folder of ``path`` does not exist.

    See Also
    --------
    take_warnings : Reads the records back.
    """
    import warnings

    target = Path(path)
    if not target.parent.is_dir():
        raise ValueError(f"parameter 'path' == {str(path)!r}: its folder does not exist.")

    def record(message, category, filename, lineno, file=None, line=None):
        kinds = [c.__name__ for c in category.__mro__ if issubclass(c, Warning)]
        entry = {"category": category.__name__, "kinds": kinds, "message": str(message),
                 "where": f"{filename}:{lineno}"}
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")

    warnings.showwarning = record


def take_warnings(path: str | os.PathLike, limit: int = 10_000) -> list[dict]:
    """The warnings a kernel recorded in ``path`` (:func:`capture_warnings`), each once; the file is removed.

    Parameters
    ----------
    path : str or os.PathLike
        The JSON-lines file of records; a missing file means no warnings.
    limit : int, default 10000
        Most lines read (a runaway loop of warnings cannot fill memory); lines cut short are passed over.

    Returns
    -------
    list of dict
        The records, one per distinct (``category``, ``message``, ``where``), in the order first seen.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     log = Path(tmp) / "warnings.jsonl"
    ...     line = '{"category": "RuntimeWarning", "message": "divide by zero", "where": "x.py:3"}\\n'
    ...     _ = log.write_text(line * 2)
    ...     print(take_warnings(log), log.exists())
    [{'category': 'RuntimeWarning', 'message': 'divide by zero', 'where': 'x.py:3'}] False
    """
    path = Path(path)
    if not path.exists():
        return []
    seen: dict[tuple, dict] = {}
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= limit:
                break
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue   # a line cut short by a killed kernel
            seen.setdefault((entry.get("category"), entry.get("message"), entry.get("where")), entry)
    path.unlink(missing_ok=True)
    return list(seen.values())


def drop_stderr(nb) -> int:
    """Remove the error stream (warnings, log lines, tracebacks printed by libraries) from every cell's outputs.

    Returns how many lines were removed; the executed notebook on disk keeps them.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook; its cells' outputs are changed in place.

    Returns
    -------
    int
        The number of non-blank lines removed.

    Raises
    ------
    TypeError
        If ``nb`` is not a notebook (has no ``cells``).

    See Also
    --------
    run_notes : Says on the page that lines were left out.

    Examples
    --------
    >>> import nbformat
    >>> out = [nbformat.v4.new_output("stream", name="stderr", text="warning 1\\nwarning 2\\n"),
    ...        nbformat.v4.new_output("stream", name="stdout", text="42\\n")]
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(42)", outputs=out)])
    >>> drop_stderr(nb), [o["name"] for o in nb.cells[0].outputs]
    (2, ['stdout'])
    """
    if not hasattr(nb, "cells"):
        raise TypeError(f"parameter 'nb' must be a notebook (nbformat), got {type(nb).__name__}.")
    lines = 0
    for cell in nb.cells:
        kept = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                text = out.get("text", "")
                lines += sum(1 for ln in ("".join(text) if isinstance(text, list) else text).splitlines() if ln.strip())
            else:
                kept.append(out)
        if "outputs" in cell:
            cell["outputs"] = kept
    return lines


#: what a warning tells a reader, by the first of its classes found here (``page.note.<kind>``); None: nothing
#: (it is about the code, not the data or the figures); a warning of no class here is an "other" one
NOTE_KINDS = {"ConvergenceWarning": "convergence", "HessianInversionWarning": "convergence",
              "IterationLimitWarning": "convergence", "StatisticalWarning": "statistical",
              "ApproximationWarning": "statistical", "PerfectSeparationWarning": "statistical",
              "RuntimeWarning": "numeric", "DeprecationWarning": None, "PendingDeprecationWarning": None,
              "FutureWarning": None, "ImportWarning": None, "ResourceWarning": None, "SyntaxWarning": None,
              "PerformanceWarning": None, "SettingWithCopyWarning": None}


def run_notes(st, warned: list[dict], stray_lines: int = 0) -> list[str]:
    """The warnings of a run (:func:`take_warnings`) and the stray output left out (:func:`drop_stderr`) as notes
    in words, one per kind with its count; warnings about the code rather than the results are left out.

    A warning's kind is that of the first of its ``kinds`` (else its ``category``) in ``NOTE_KINDS``:
    convergence, statistical, numeric, none (deprecations and other warnings about the code) or, for a class not
    listed, other. The notes come in that order, then the one on stray output.

    Parameters
    ----------
    st : insight.style.Style
        The page's style, whose catalog words the notes (:func:`insight.report.html.page_style`).
    warned : list of dict
        The records of :func:`take_warnings`.
    stray_lines : int, default 0
        Lines of error output left out of the page (:func:`drop_stderr`); 0: no note on them.

    Returns
    -------
    list of str
        One sentence per kind of warning found, then one on the stray lines; empty when there is nothing to say.

    Raises
    ------
    TypeError
        If ``warned`` is not a list of dicts.

    Examples
    --------
    >>> warned = [{"category": "ConvergenceWarning", "kinds": ["ConvergenceWarning", "UserWarning", "Warning"]},
    ...           {"category": "FutureWarning", "kinds": ["FutureWarning", "DeprecationWarning", "Warning"]}]
    >>> from insight.report.html import page_style
    >>> for note in run_notes(page_style(), warned, stray_lines=3):
    ...     print(note)
    One model fit did not fully converge; the figures that rest on it are less certain than they look.
    3 lines of technical output printed while computing were left out of this page; the executed notebook keeps them.
    """
    if not isinstance(warned, list) or not all(isinstance(w, dict) for w in warned):
        raise TypeError(f"parameter 'warned' must be a list of records (dicts), got {type(warned).__name__}.")
    counts: dict[str, int] = {}
    for w in warned:
        kind = next((NOTE_KINDS[k] for k in w.get("kinds", [w.get("category")]) if k in NOTE_KINDS), "other")
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    notes = [st.say(f"page.note.{k}", n=counts[k]) for k in ("convergence", "statistical", "numeric", "other")
             if k in counts]
    return notes + ([st.say("page.note.output", n=stray_lines)] if stray_lines else [])
