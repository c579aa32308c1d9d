"""A notebook's parameters and the named runs: what a notebook accepts (read from its parameters cell), the values
given coerced to their types and checked, relative paths made absolute, and the runs file (``runs.yaml``) read.
:mod:`insight.report.run` renders with them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..exceptions import DataValidationError

__all__ = ["notebook_parameters", "coerce_parameters", "ignored_parameters", "SHARED_PARAMETERS", "absolute_paths",
           "load_runs", "check_run_name", "read_yaml_mapping"]

_RUN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def check_run_name(name: str) -> str:
    """A report name becomes a file name in the output folder: letters, digits, ``_ . -``, no path.

    Parameters
    ----------
    name : str
        The report's name: starts with a letter or digit, then letters, digits, ``_``, ``.`` or ``-``; no ``..``;
        at most 120 characters.

    Returns
    -------
    str
        ``name`` itself.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``name`` is not a string or breaks these rules (so the report would not stay inside the output folder).

    Examples
    --------
    >>> check_run_name("churn_demo")
    'churn_demo'
    >>> check_run_name("../churn")
    Traceback (most recent call last):
    ...
    insight.exceptions.DataValidationError: run name '../churn': use letters, digits, '_', '.' and '-' only ...
    """
    if not isinstance(name, str) or not _RUN_NAME.match(name) or ".." in name or len(name) > 120:
        raise DataValidationError(f"run name {name!r}: use letters, digits, '_', '.' and '-' only (no '/', no '..', "
                                  "not starting with '.'), so the report stays inside the output folder.")
    return name


# --------------------------------------------------------------------------- parameters
def notebook_parameters(notebook: str | os.PathLike) -> dict[str, dict[str, Any]]:
    """Parameters declared in a notebook's ``parameters`` cell.

    Returns ``{name: {"type": "int", "default": "0", "help": "comment"}}`` as read by
    papermill from lines like ``n_clusters: int = 0  # 0 = choose automatically``.

    Parameters
    ----------
    notebook : str or os.PathLike
        Path of the notebook (``.ipynb``).

    Returns
    -------
    dict
        Parameter name -> ``{"type": ..., "default": ..., "help": ...}``: the declared type's name (``"None"`` when
        papermill infers none), the default as source text (``'"telco"'`` for a string) and the line's comment
        (``""`` if none), in the cell's order.

    Raises
    ------
    insight.exceptions.DataValidationError
        If there is no file at ``notebook``.

    Examples
    --------
    >>> from pathlib import Path
    >>> import insight
    >>> params = notebook_parameters(Path(insight.__file__).parent / "notebooks" / "churn.ipynb")
    >>> list(params)[:3]
    ['data', 'target_col', 'positive_value']
    >>> params["data"]["type"], params["data"]["default"]
    ('str', '"telco"')
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


#: parameters every report accepts: one ``-p currency EUR`` serves a whole run; a report that does not use one
#: ignores it (and the run says so)
SHARED_PARAMETERS = ("currency", "margin", "timezone", "language", "calendar")


def ignored_parameters(notebook: str | os.PathLike, parameters: dict[str, Any] | None) -> list[str]:
    """The shared parameters in ``parameters`` that ``notebook`` does not use (and ignores).

    Parameters
    ----------
    notebook : str or os.PathLike
        Path of the notebook (``.ipynb``).
    parameters : dict or None
        The parameters given to the run (name -> value); None for none.

    Returns
    -------
    list of str
        The names in ``parameters`` that are in :data:`SHARED_PARAMETERS` but not declared by ``notebook``, in the
        order given.

    Raises
    ------
    insight.exceptions.DataValidationError
        If there is no file at ``notebook``.

    See Also
    --------
    coerce_parameters : Leaves these parameters out.

    Examples
    --------
    >>> from pathlib import Path
    >>> import insight
    >>> notebook = Path(insight.__file__).parent / "notebooks" / "data_quality.ipynb"
    >>> ignored_parameters(notebook, {"currency": "EUR", "margin": 0.2})
    ['margin']
    """
    declared = notebook_parameters(notebook)
    return [n for n in (parameters or {}) if n in SHARED_PARAMETERS and n not in declared]


def coerce_parameters(notebook: str | os.PathLike, parameters: dict[str, Any] | None) -> dict[str, Any]:
    """Check parameter names against the notebook and convert values to the declared types.

    papermill itself only logs unknown parameters; here an unknown name, a value
    that does not convert to the declared type, or a missing required parameter (one
    declared with the default ``None``) raises before any kernel starts. A shared parameter
    (:data:`SHARED_PARAMETERS`) the notebook does not use is left out instead. Own tables (a non-empty
    parameter ending in ``_data``) given while ``data`` is the demo company are refused too, since the report
    would show the demo company and not them.

    Parameters
    ----------
    notebook : str or os.PathLike
        Path of the notebook (``.ipynb``).
    parameters : dict or None
        Name -> value; string values are converted to the declared type (``int``, ``float``, ``str`` or ``bool``:
        ``"true"``/``"false"``, ``"yes"``/``"no"``, ``"1"``/``"0"``), other values are kept as they are.

    Returns
    -------
    dict
        The parameters the notebook declares, with converted values.

    Raises
    ------
    insight.exceptions.DataValidationError
        If there is no file at ``notebook``, a name is not declared (and not shared), a value does not convert to
        its declared type (a bool given for an ``int``), a required parameter is missing, or own tables come with
        ``data`` left at ``"demo"``.

    Examples
    --------
    >>> from pathlib import Path
    >>> import insight
    >>> notebook = Path(insight.__file__).parent / "notebooks" / "churn.ipynb"
    >>> coerce_parameters(notebook, {"data": "telco", "seed": "3", "currency": "EUR"})
    {'data': 'telco', 'seed': 3, 'currency': 'EUR'}
    """
    declared = notebook_parameters(notebook)
    out: dict[str, Any] = {}
    for name, value in (parameters or {}).items():
        if name in SHARED_PARAMETERS and name not in declared:
            continue
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
    _refuse_demo_with_own_tables(Path(notebook).name, declared, out)
    return out


def _refuse_demo_with_own_tables(notebook: str, declared: dict, params: dict) -> None:
    """Own tables (``customers_data``, ``survey_data``...) beside ``data`` left at "demo" would render the simulated
    company, not them: refused before any kernel starts."""
    import ast

    default = declared.get("data", {}).get("default")
    try:
        data = params.get("data", ast.literal_eval(default) if isinstance(default, str) else default)
    except (ValueError, SyntaxError):
        data = default
    own = [f"{n}={v!r}" for n, v in params.items() if n.endswith("_data") and isinstance(v, str) and v.strip()]
    if data in ("demo", "demo_fa") and own:
        raise DataValidationError(
            f"parameter 'data' is 'demo' (the simulated company) while {len(own)} of your own table(s) are given, "
            f"e.g. {own[0]}; {notebook} would show the demo company, not your data. Set data to your transactions "
            "(a data specification or a file), or leave your tables out to see the demo.")


def absolute_paths(parameters: dict[str, Any], base: str | os.PathLike) -> dict[str, Any]:
    """``parameters`` with relative file paths made absolute from ``base`` (the caller's folder).

    The kernel runs in the notebooks' folder, so ``survey_data: survey.yaml`` would be looked up there.
    Path parameters are ``data`` and every name ending in ``_data`` or ``_path``; a value is changed when it
    names a file (it has a suffix, ``.yaml``, ``.csv``..., or a folder in it) that exists under ``base``.
    Bundled names ("demo", "telco") and absolute paths are left as they are.

    Parameters
    ----------
    parameters : dict
        Name -> value of a run's parameters (not changed).
    base : str or os.PathLike
        The folder relative paths are read from (``~`` is expanded).

    Returns
    -------
    dict
        A copy of ``parameters`` with those paths absolute (resolved).

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``parameters`` is not a dict or ``base`` is not a folder.

    Examples
    --------
    >>> from pathlib import Path
    >>> import insight
    >>> folder = Path(insight.__file__).parent / "notebooks"
    >>> params = absolute_paths({"data": "runs.yaml", "log_data": "demo", "seed": 3}, folder)
    >>> params["data"] == str((folder / "runs.yaml").resolve()), params["log_data"], params["seed"]
    (True, 'demo', 3)
    """
    if not isinstance(parameters, dict):
        raise DataValidationError(f"parameter 'parameters' must be a mapping of names to values, got "
                                  f"{type(parameters).__name__}: {str(parameters)[:60]!r}.")
    root = Path(base).expanduser()
    if not root.is_dir():
        raise DataValidationError(f"parameter 'base' == {str(base)!r}: not a folder; relative paths are read from it.")
    out = dict(parameters)
    for name, value in parameters.items():
        if not (name == "data" or name.endswith(("_data", "_path"))) or not isinstance(value, str) or not value:
            continue
        path = Path(value).expanduser()
        if path.is_absolute() or not (path.suffix or len(path.parts) > 1):
            continue
        if (root / path).exists():
            out[name] = str((root / path).resolve())
    return out


def read_yaml_mapping(path: Path, what: str = "must be a mapping") -> dict:
    """A YAML file that holds a mapping; bad YAML or another shape fail with one line naming the file.

    Parameters
    ----------
    path : pathlib.Path
        The YAML file.
    what : str, default "must be a mapping"
        What the file must be, for the message when it is not a mapping.

    Returns
    -------
    dict
        The mapping ({} for an empty file).

    Raises
    ------
    insight.exceptions.DataValidationError
        When the file is not valid YAML or holds something other than a mapping.
    """
    import yaml

    try:
        spec = yaml.safe_load(Path(path).read_text()) or {}
    except yaml.YAMLError as exc:
        raise DataValidationError(f"{Path(path).name}: not valid YAML ({str(exc).splitlines()[0]}).") from None
    if not isinstance(spec, dict):
        raise DataValidationError(f"{Path(path).name}: {what}, got {type(spec).__name__}.")
    return spec


def load_runs(path: str | os.PathLike, notebook_dir: str | os.PathLike) -> list[tuple[str, Path, dict]]:
    """Named runs from a YAML file: ``{run_name: {"notebook": name, "parameters": {...}}}``.

    Returns ``[(run_name, notebook_path, parameters)]`` with parameters already
    checked against each notebook (unknown names and bad types raise).

    Relative paths in the parameters are made absolute from the YAML file's folder (:func:`absolute_paths`); the
    parameters returned keep their values as written (the checked, converted ones are not kept).

    Parameters
    ----------
    path : str or os.PathLike
        The YAML file (``insight/notebooks/runs.yaml`` holds the bundled runs).
    notebook_dir : str or os.PathLike
        The folder of the notebooks; a run's ``notebook`` names one by its stem (``churn`` for ``churn.ipynb``).

    Returns
    -------
    list of tuple
        ``(run_name, notebook_path, parameters)`` per run, in the file's order: a ``str``, a ``pathlib.Path`` and a
        ``dict``.

    Raises
    ------
    insight.exceptions.DataValidationError
        If the file is not valid YAML or not a mapping, a run has no ``notebook`` entry or names a notebook not
        in ``notebook_dir``, its parameters do not fit the notebook (:func:`coerce_parameters`), or a run name is
        not a safe file name (:func:`check_run_name`).

    Examples
    --------
    >>> from pathlib import Path
    >>> import insight
    >>> folder = Path(insight.__file__).parent / "notebooks"
    >>> runs = load_runs(folder / "runs.yaml", folder)
    >>> [name for name, _, _ in runs][:4]
    ['customer_types_cdnow', 'churn_demo', 'clv_demo', 'satisfaction_demo']
    >>> name, notebook, parameters = runs[2]
    >>> notebook.name, parameters
    ('clv.ipynb', {'data': 'demo', 'calibration_end': '2024-03-31', 'holdout_end': '2024-12-31'})
    """
    p = Path(path)
    spec = read_yaml_mapping(p, "must map run names to {notebook, parameters}")
    runs = []
    for name, run in spec.items():
        if not isinstance(run, dict) or "notebook" not in run:
            raise DataValidationError(f"{p.name}: run {name!r} needs a 'notebook' entry.")
        nb = Path(notebook_dir) / f"{Path(run['notebook']).stem}.ipynb"
        if not nb.is_file():
            raise DataValidationError(f"{p.name}: run {name!r} names notebook {run['notebook']!r}, not found at {nb}.")
        params = absolute_paths(dict(run.get("parameters") or {}), p.resolve().parent)   # paths from the file's folder
        coerce_parameters(nb, {k: str(v) if isinstance(v, str) else v for k, v in params.items()})
        runs.append((check_run_name(str(name)), nb, params))
    return runs
