"""Files a notebook names: a bundled name, a data specification or a data file with column parameters turned
into a checked :class:`~insight.data.spec.DataSpec` or a table, each file recorded for the report's provenance;
and the demo company a notebook's ``data == "demo"`` stands for."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd

from ...data.datasets import BUNDLED_SPECS, file_sha256, is_spec_path, spec_dir
from ...exceptions import DataFileNotFoundError, DataValidationError
from ...provenance import record_input, record_spec
from ...validate import check_param


def spec_file(data: str) -> Path:
    """The file a notebook's ``data`` names: a bundled specification by its name, else the path as given (a
    ``.yaml`` specification, or a data file).

    Parameters
    ----------
    data : str
        A bundled specification's name (a key of :data:`insight.data.datasets.BUNDLED_SPECS`) or a path (``~`` is
        expanded); the file need not exist.

    Returns
    -------
    pathlib.Path
        The bundled specification in :func:`insight.data.datasets.spec_dir`, or ``data`` as a path.

    Examples
    --------
    >>> spec_file("online_retail").name
    'online_retail.yaml'
    >>> str(spec_file("orders.csv"))
    'orders.csv'
    """
    return spec_dir() / BUNDLED_SPECS[data] if data in BUNDLED_SPECS else Path(data).expanduser()


def user_spec(data: str, kind: str, columns: dict[str, Any], *, date_format: str = "", dayfirst: str = "",
              timezone: str = "UTC", name: str = "data", value_period: str = ""):
    """A data specification from a notebook's ``data`` parameter: a YAML file, a bundled name, or a
    CSV/Parquet/Excel file whose roles come from the other parameters ("" = not in the data).

    Relative paths are read from the working directory. Required roles left empty raise,
    naming the parameters and suggesting ``insight inspect FILE``. The files read (with their SHA-256) and the
    specification's YAML text are recorded for the report's provenance (:mod:`insight.provenance`).

    Parameters
    ----------
    data : str
        A data specification (``.yaml``), a bundled specification's name (:func:`spec_file`), or a data file.
    kind : str
        The kind of data the notebook needs (a key of :data:`insight.data.spec.ROLES`: ``"transactions"``,
        ``"customers"``, ``"survey"``, ``"complaints"`` or ``"orders"``); a specification must be of this kind.
    columns : dict
        Role -> column name (a list of names for ``drivers``) of a data file; empty values mean "not in the data".
        Ignored for a specification, which names its own columns.
    date_format : str, default ""
        ``strftime`` format of a data file's text dates ("" = let the parser find it).
    dayfirst : str, default ""
        ``"true"``, ``"yes"`` or ``"1"`` (any case): ambiguous text dates of a data file put the day first; any
        other non-empty value: the month first; "" = let the parser decide.
    timezone : str, default "UTC"
        IANA time zone of a data file's dates ("" = UTC).
    name : str, default "data"
        The notebook parameter ``data`` came from, named in error messages.
    value_period : str, default ""
        What a data file's value column covers (``"month"``, ``"year"``, ``"first 90 days"``, ``"to date"``...);
        required when ``columns`` names a ``value`` column.

    Returns
    -------
    insight.data.spec.DataSpec
        The checked specification: the one loaded, or one written for the data file with the given roles.

    Raises
    ------
    insight.exceptions.DataValidationError
        If a specification is of another kind than ``kind``, a required role of ``kind`` has no column, or a value
        column is named without ``value_period`` (and for anything :func:`insight.data.spec.load_spec` refuses).
    insight.exceptions.DataFileNotFoundError
        If ``data`` is neither a specification nor an existing file.

    See Also
    --------
    spec_file : How ``data`` is turned into a path.
    insight.data.spec.load_spec : Reads and checks a specification.

    Examples
    --------
    >>> spec = user_spec("online_retail", "transactions", {})
    >>> spec.name, spec.kind
    ('Online Retail (UCI sample)', 'transactions')
    """
    from ...data.spec import ROLES, load_spec

    path = spec_file(data)
    if is_spec_path(str(path)):
        spec = recorded(load_spec(path))
        if spec.kind != kind:
            raise DataValidationError(f"parameter {name!r}: {path.name} describes {spec.kind!r} data; this "
                                      f"notebook needs kind {kind!r}.")
        return spec
    user_file(str(path), f"parameter {name!r} == {data!r}: no such file (relative paths are read from "
                         f"{os.getcwd()}).")
    given = {k: v for k, v in columns.items() if v}
    required = [r for r in ROLES[kind][0] if not given.get(r)]
    if required:
        params = {"customer_id": "customer_col", "date": "date_col", "amount": "amount_col", "churn": "target_col",
                  "overall": "overall_col", "drivers": "driver_cols"}
        raise DataValidationError(
            f"parameter {name!r} is a file, so the columns must be named: {len(required)} missing "
            f"({', '.join(params.get(r, r) for r in required)}). Run `insight inspect {path}` for a starting "
            "data specification, or set the parameters.")
    table = {"path": str(path.resolve())}
    if date_format:
        table["date_format"] = date_format
    if dayfirst:
        table["dayfirst"] = dayfirst.strip().lower() in ("true", "yes", "1")
    if given.get("value") and not value_period:
        raise DataValidationError(f"parameter 'value_period' is empty: say what the value column {given['value']!r} "
                                  "covers, e.g. -p value_period month (or year, 'first 90 days', 'to date').")
    extra = {"value_period": value_period} if value_period else {}
    return recorded(load_spec({"kind": kind, "name": path.name, "tables": {"data": table}, "columns": given,
                               "timezone": timezone or "UTC", **extra}))


def recorded(spec):
    """A specification whose files (with SHA-256) and YAML text go into the report's provenance.

    Parameters
    ----------
    spec : insight.data.spec.DataSpec
        A checked specification (:func:`insight.data.spec.load_spec`).

    Returns
    -------
    insight.data.spec.DataSpec
        ``spec`` itself, once each of its files and its YAML text are recorded (:mod:`insight.provenance`).

    See Also
    --------
    user_file : The same for one data file a notebook parameter names.

    Examples
    --------
    >>> from insight.data.datasets import spec_dir
    >>> from insight.data.spec import load_spec
    >>> recorded(load_spec(spec_dir() / "online_retail.yaml")).name
    'Online Retail (UCI sample)'
    """
    for t in spec.tables:
        for p in t.paths:
            record_input(p, file_sha256(p))
    record_spec(spec.name, spec.to_yaml())
    return spec


def own_data(data: str):
    """The data_quality notebook's ``data``: None for "" (the bundled data sets), a checked
    :class:`~insight.data.spec.DataSpec` for a specification or a bundled name with one, and for
    any other file the :class:`~insight.data.inspect.Inspection` that proposes a specification.

    The files read (with their SHA-256) are recorded for the report's provenance (:mod:`insight.provenance`).

    Parameters
    ----------
    data : str
        ``""``, a bundled specification's name (:data:`insight.data.datasets.BUNDLED_SPECS`), a data specification
        (``.yaml``) or a data file (CSV, Parquet, Excel...). Relative paths are read from the working directory.

    Returns
    -------
    insight.data.spec.DataSpec or insight.data.inspect.Inspection or None
        None for ``""``; the specification; or what :func:`insight.data.inspect.inspect` found in the file.

    Raises
    ------
    insight.exceptions.DataFileNotFoundError
        If ``data`` names neither a specification nor an existing file.

    Examples
    --------
    >>> own_data("") is None
    True
    """
    from ...data.spec import load_spec
    from ...data.inspect import inspect

    if not data:
        return None
    if data in BUNDLED_SPECS:
        return recorded(load_spec(spec_dir() / BUNDLED_SPECS[data]))
    if is_spec_path(data):
        return recorded(load_spec(data))
    path = user_file(data, f"parameter 'data' == {data!r}: no such file (relative paths are read from "
                           f"{os.getcwd()}).")
    return inspect(path)


def user_file(value: str, missing_message: str) -> Path:
    """A user-supplied data file: must exist; its SHA-256 is recorded for the report's provenance.

    Parameters
    ----------
    value : str
        The path a notebook parameter gives (``~`` is expanded; relative to the working directory).
    missing_message : str
        The error's message when there is no such file: it names the parameter and what to give instead.

    Returns
    -------
    pathlib.Path
        The file's path, ``~`` expanded.

    Raises
    ------
    insight.exceptions.DataFileNotFoundError
        If ``value`` is not an existing file.

    Examples
    --------
    >>> user_file("no_such_orders.csv", "parameter 'orders_path': file not found: no_such_orders.csv.")
    Traceback (most recent call last):
    ...
    insight.exceptions.DataFileNotFoundError: parameter 'orders_path': file not found: no_such_orders.csv.
    """
    path = Path(value).expanduser()
    if not path.is_file():
        raise DataFileNotFoundError(missing_message)
    record_input(path, file_sha256(path))
    return path


def read_table(path: Path, parameter: str) -> pd.DataFrame:
    """A CSV or Parquet file as a DataFrame, read by DuckDB as every other file is: its CSV sniffer finds the
    separator and header and skips junk lines before it (an archive tool's banner); a file it cannot read fails
    with one line naming the parameter.

    Parameters
    ----------
    path : pathlib.Path
        The file: ``.csv``, ``.txt``, ``.gz`` (compressed CSV), ``.parquet`` or ``.pq`` (any case).
    parameter : str
        The notebook parameter that named the file, for error messages (and the table's name in DuckDB).

    Returns
    -------
    pandas.DataFrame
        The file's rows and columns, as DuckDB types them.

    Raises
    ------
    insight.exceptions.DataValidationError
        If the file has another suffix (an Excel file needs a data specification), DuckDB cannot read it, or it
        holds no rows.

    Examples
    --------
    >>> from pathlib import Path
    >>> read_table(Path("orders.xlsx"), "orders_path")
    Traceback (most recent call last):
    ...
    insight.exceptions.DataValidationError: parameter 'orders_path': file orders.xlsx is read directly only as ...
    """
    from ...data.tables import TableSpec
    from ...parsers import duckdb_connect

    if path.suffix.lower() not in (".parquet", ".pq", ".csv", ".txt", ".gz"):
        raise DataValidationError(f"parameter {parameter!r}: file {path.name} is read directly only as .csv or "
                                  ".parquet; for an Excel or other file, write a data specification with "
                                  f"`insight inspect {path.name}` (it finds the sheet, a title line to skip and the "
                                  "columns' roles) and give the .yaml file instead.")
    con = duckdb_connect()
    try:
        table = con.execute(f"SELECT * FROM {TableSpec(parameter, [path]).reader(con)}").df()
    except Exception as exc:   # DuckDB's own errors name no parameter
        raise DataValidationError(f"parameter {parameter!r}: cannot read {path.name}: "
                                  f"{str(exc).splitlines()[0]}") from None
    finally:
        con.close()
    if table.empty:
        raise DataValidationError(f"parameter {parameter!r}: cannot read {path.name}: it holds no rows.")
    return table


def demo_source(demo_customers: int, seed: int, data: str = "demo"):
    """The demo company for a notebook's ``data == "demo"`` (or ``"demo_fa"``: in Persian, amounts in Toman), with
    its size checked.

    Parameters
    ----------
    demo_customers : int
        How many customers the simulated company has (at least 10).
    seed : int
        The simulator's seed: the same seed gives the same company.
    data : {"demo", "demo_fa"}, default "demo"
        ``"demo_fa"`` gives the same company with Persian names and Toman amounts
        (:func:`insight.data.demo_persian.persian_demo`).

    Returns
    -------
    insight.data.simulate.DemoCompany
        The simulated company, its tables and the truth it was drawn from (:func:`insight.data.simulate.demo_company`).

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``demo_customers`` is not an integer of at least 10.

    Examples
    --------
    >>> len(demo_source(50, seed=0).customers)
    50
    """
    from ...data.demo_persian import persian_demo
    from ...data.simulate import demo_company

    check_param("demo_customers", demo_customers, int, min_val=10)
    company = demo_company(demo_customers, seed=seed)
    return persian_demo(company) if data == "demo_fa" else company


def optional_column(column: str) -> str | None:
    """A column parameter as the code reads it: notebook parameters use ``""`` for "no such column".

    Parameters
    ----------
    column : str
        A notebook's column parameter (``""`` when the data have no such column).

    Returns
    -------
    str or None
        The column's name, or None for ``""``.

    Examples
    --------
    >>> optional_column(""), optional_column("region")
    (None, 'region')
    """
    return column or None
