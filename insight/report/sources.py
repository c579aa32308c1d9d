"""The notebooks' data sources: a notebook's ``data`` parameter (a bundled data set, "demo", a
data specification or a file with column parameters) turned into tables and their column roles,
and (from :mod:`insight.report.pipelines`) the pipelines every report shares on them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..data.cleaning import CleaningReport
from ..data.demo_persian import DEMO_NAMES, persian_names
from ..data.datasets import (BUNDLED_SPECS, SATISFACTION_LABELS, file_sha256, is_spec_path, load, load_cdnow,
                             load_customer_satisfaction, spec_dir)
from ..exceptions import DataFileNotFoundError, DataValidationError
from ..parsers import parse_value_period, to_bool
from ..provenance import record_input, record_spec
from ..validate import check_columns, check_param
from .pipelines import (LogEconomics, current_values, log_economics, revenue_last_year, source_model, split_dates,
                        subscriber_plan)

__all__ = ["TransactionSource", "transaction_source", "ChurnSource", "churn_source", "SurveySource", "survey_source",
           "user_spec", "own_data", "split_dates", "current_values", "revenue_last_year", "source_model",
           "subscriber_plan", "read_table", "complaints_source", "LogEconomics", "log_economics",
           "feedback_source", "FeedbackSource", "TEXT_COLUMNS", "spec_file"]


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
    from ..data.spec import ROLES, load_spec

    path = spec_file(data)
    if is_spec_path(str(path)):
        spec = _recorded(load_spec(path))
        if spec.kind != kind:
            raise DataValidationError(f"parameter {name!r}: {path.name} describes {spec.kind!r} data; this "
                                      f"notebook needs kind {kind!r}.")
        return spec
    _user_file(str(path), f"parameter {name!r} == {data!r}: no such file (relative paths are read from "
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
    return _recorded(load_spec({"kind": kind, "name": path.name, "tables": {"data": table}, "columns": given,
                                "timezone": timezone or "UTC", **extra}))


def _recorded(spec):
    """A specification whose files (with SHA-256) and YAML text go into the report's provenance."""
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
    from ..data.spec import load_spec
    from ..data.inspect import inspect

    if not data:
        return None
    if data in BUNDLED_SPECS:
        return _recorded(load_spec(spec_dir() / BUNDLED_SPECS[data]))
    if is_spec_path(data):
        return _recorded(load_spec(data))
    path = _user_file(data, f"parameter 'data' == {data!r}: no such file (relative paths are read from "
                            f"{os.getcwd()}).")
    return inspect(path)


def _user_file(value: str, missing_message: str) -> Path:
    """A user-supplied data file: must exist; its SHA-256 is recorded for the report's provenance."""
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
    from ..data.tables import TableSpec
    from ..parsers import duckdb_connect

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


def _demo(demo_customers: int, seed: int, data: str = "demo"):
    """The demo company for a notebook's ``data == "demo"`` (or ``"demo_fa"``: in Persian, amounts in Toman), with
    its size checked."""
    from ..data.demo_persian import persian_demo
    from ..data.simulate import demo_company

    check_param("demo_customers", demo_customers, int, min_val=10)
    company = demo_company(demo_customers, seed=seed)
    return persian_demo(company) if data == "demo_fa" else company


def _optional(column: str) -> str | None:
    """Notebook parameters use "" for "no such column"."""
    return column or None


@dataclass
class TransactionSource:
    """A transaction log chosen by name or path, with its column names (see :func:`transaction_source`).

    Attributes
    ----------
    name : str
        The data's name, for the report (e.g. ``"CDNOW 1/10 sample"``, or the specification's name).
    transactions : pandas.DataFrame or insight.data.spec.DataSpec
        The log: a frame (bundled and demo data) or the specification of a user's data, which the summaries read.
    customer_col, date_col, amount_col : str
        Columns of the customer id, the transaction date and its amount (currency units).
    discount_col, category_col : str or None, optional
        Columns of the discount and the product category; None when the data have none.
    visits : pandas.DataFrame or pathlib.Path or None, optional
        Site visits of the same customers (the demo company's, or the file of ``visits_path``); None: none.
    simulated : bool, default False
        True for the demo company.
    demo : insight.data.simulate.DemoCompany or None, optional
        The demo company, when simulated.
    drop_duplicates : bool, default True
        Whether identical rows are dropped as duplicates; False for CDNOW, where identical same-day orders are
        separate orders.
    spec : insight.data.spec.DataSpec or None, optional
        The specification of a user's data.
    split : tuple of str, optional
        The default ``(calibration_end, holdout_end)`` dates of a bundled data set; empty for others.
    engine : str, default "duckdb"
        Where the summaries are computed: ``"duckdb"`` or ``"spark"`` (:mod:`insight.features.spark`).
    """

    name: str
    transactions: object            # DataFrame or path to a Parquet/CSV file
    customer_col: str
    date_col: str
    amount_col: str
    discount_col: str | None = None
    category_col: str | None = None
    visits: object = None
    simulated: bool = False
    demo: object = None             # the DemoCompany when simulated
    drop_duplicates: bool = True    # False for CDNOW: identical same-day orders are separate orders there
    spec: object = None             # the DataSpec of a user's data
    split: tuple = ()               # default (calibration_end, holdout_end) of a bundled data set
    engine: str = "duckdb"          # where the summaries are computed: "duckdb" or "spark" (insight.features.spark)

    def customer_columns(self) -> pd.DataFrame | None:
        """Per-customer columns beyond the log that appreciation scores use (the demo company's on-time payment and
        referrals), indexed by customer; None for other data.

        Returns
        -------
        pandas.DataFrame or None
            ``on_time_payment`` (share of invoices paid on time, 0-1) and ``referrals`` (count), indexed by
            ``customer_id``; None unless the source is the demo company.
        """
        if self.demo is None:
            return None
        return self.demo.customers.set_index("customer_id")[["on_time_payment", "referrals"]]

    def summary_kwargs(self) -> dict:
        """Keyword arguments for :func:`insight.features.summary.customer_summary` (visits only on DuckDB).

        Returns
        -------
        dict
            ``customer_col``, ``date_col``, ``amount_col``, ``discount_col``, ``category_col``, ``visits`` (None
            unless the engine is DuckDB), ``drop_duplicates`` and ``engine``.
        """
        return {"customer_col": self.customer_col, "date_col": self.date_col, "amount_col": self.amount_col,
                "discount_col": self.discount_col, "category_col": self.category_col,
                "visits": self.visits if self.engine == "duckdb" else None,
                "drop_duplicates": self.drop_duplicates, "engine": self.engine}


def transaction_source(
    data: str,
    *,
    customer_col: str = "",
    date_col: str = "",
    amount_col: str = "",
    discount_col: str = "",
    category_col: str = "",
    visits_path: str = "",
    date_format: str = "",
    dayfirst: str = "",
    timezone: str = "UTC",
    demo_customers: int = 5000,
    seed: int = 0,
    currency: str = "",
) -> TransactionSource:
    """Resolve a notebook's ``data`` parameter into a transaction log and its columns.

    ``data`` is ``"demo"`` (the simulated demo company: discounts, categories and
    visits included), ``"cdnow"`` / ``"cdnow_sample"`` (the bundled CDNOW logs, which
    have no discount, category or visit data), ``"online_retail"`` (the bundled UCI
    sample through its specification), a data specification (``.yaml``), or a
    CSV/Parquet/Excel file with the named columns (empty strings mean "no such
    column"; ``date_format`` / ``dayfirst`` / ``timezone`` as in a specification).
    Input files' SHA-256 are recorded for the report's provenance.

    Parameters
    ----------
    data : str
        ``"demo"`` (or ``"demo_fa"``: in Persian, amounts in Toman), ``"cdnow"``, ``"cdnow_sample"``, a bundled
        specification's name, a data specification (``.yaml``) or a data file.
    customer_col, date_col, amount_col : str, default ""
        A data file's columns of the customer id, the date and the amount (required for a data file).
    discount_col, category_col : str, default ""
        A data file's columns of the discount and the product category ("" = none).
    visits_path : str, default ""
        A file of site visits of the same customers ("" = none).
    date_format : str, default ""
        ``strftime`` format of a data file's text dates ("" = let the parser find it).
    dayfirst : str, default ""
        ``"true"`` when ambiguous text dates put the day first (see :func:`user_spec`).
    timezone : str, default "UTC"
        IANA time zone of a data file's dates.
    demo_customers : int, default 5000
        Number of customers of the demo company (at least 10).
    seed : int, default 0
        Random seed of the demo company.
    currency : str, default ""
        The report's money unit: a specification that declares ``amount_unit`` has its amounts converted to it
        (:meth:`insight.data.spec.DataSpec.in_unit`); "" leaves them as they are.

    Returns
    -------
    TransactionSource
        The log and its columns; the demo company's and CDNOW's columns are ``customer_id`` (CDNOW's sample:
        ``sample_id``), ``date`` and ``amount``, and a specification's are named by role.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``data`` is not a string, ``demo_customers`` is below 10, or the data specification or file is refused
        (see :func:`user_spec`).
    insight.exceptions.DataFileNotFoundError
        If the data file or ``visits_path`` does not exist.

    See Also
    --------
    churn_source, survey_source : The other notebooks' sources.

    Examples
    --------
    >>> src = transaction_source("cdnow_sample")
    >>> src.name, src.customer_col, src.split
    ('CDNOW 1/10 sample', 'sample_id', ('1997-09-30', '1998-06-30'))
    >>> src.transactions.shape
    (6919, 5)
    """

    check_param("data", data, str)
    if data in DEMO_NAMES:
        d = _demo(demo_customers, seed, data)
        return TransactionSource(DEMO_NAMES[data], d.transactions, "customer_id", "date", "amount",
                                 "discount", "category", d.visits, True, d)
    if data in ("cdnow", "cdnow_sample"):
        sample = data == "cdnow_sample"
        id_col = "sample_id" if sample else "customer_id"
        return TransactionSource(f"CDNOW {'1/10 sample' if sample else 'full cohort'}", load_cdnow(sample=sample),
                                 id_col, "date", "amount", drop_duplicates=False,
                                 split=("1997-09-30", "1998-06-30"))
    spec = user_spec(data, "transactions", {"customer_id": customer_col, "date": date_col, "amount": amount_col,
                                            "discount": discount_col, "category": category_col},
                     date_format=date_format, dayfirst=dayfirst, timezone=timezone)
    spec = spec.in_unit(currency) if currency else spec
    visits = None
    if visits_path:
        visits = _user_file(visits_path, f"parameter 'visits_path': file not found: {Path(visits_path).expanduser()}.")
    return TransactionSource(spec.name, spec, "customer_id", "date", "amount",
                             "discount" if spec.role("discount") else None,
                             "category" if spec.role("category") else None, visits,
                             drop_duplicates=spec.duplicates == "drop", spec=spec)


@dataclass
class ChurnSource:
    """A customer table for churn analysis with its column roles (see :func:`churn_source`).

    Attributes
    ----------
    name : str
        The data's name, for the report.
    table : pandas.DataFrame
        One row per customer.
    target_col : str
        The churn column.
    positive : object
        The value of ``target_col`` that means "churned" (True for the bundled and demo data); None when the
        column is read as yes/no.
    id_col, duration_col, group_col, value_col : str or None
        Columns of the customer id, the time as a customer, the group to compare and the customer's value
        (currency units over ``value_period``); None when the data have none.
    simulated : bool, default False
        True for the demo company.
    start_col : str or None, optional
        Start date of each customer (subscription cohorts); kept out of the model.
    cleaning : insight.data.cleaning.CleaningReport or None, optional
        What reading the table cleaned, when it was read from a file.
    value_period : str, default ""
        What the value column covers (``"month"``, ``"first 90 days"``, ``"to date"``...); required with
        ``value_col``.
    opt_out_col : str or None, optional
        Yes/no column: the customer asked not to be contacted (kept out of every list).

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``value_col`` is set and ``value_period`` is not a period :func:`insight.parsers.parse_value_period`
        reads.
    """

    name: str
    table: object
    target_col: str
    positive: object
    id_col: str | None
    duration_col: str | None
    group_col: str | None
    value_col: str | None
    simulated: bool = False
    start_col: str | None = None       # start date of each customer (subscription cohorts); kept out of the model
    cleaning: CleaningReport | None = None   # what reading the table cleaned, when it was read from a file
    value_period: str = ""             # what the value column covers ("month", "first 90 days", "to date"...)
    opt_out_col: str | None = None     # yes/no: the customer asked not to be contacted (kept out of every list)

    def __post_init__(self):
        if self.value_col:
            parse_value_period(self.value_period, f"value_period (of the value column {self.value_col!r})")


def churn_source(
    data: str,
    *,
    target_col: str = "",
    positive_value: str = "",
    id_col: str = "",
    duration_col: str = "",
    group_col: str = "",
    value_col: str = "",
    start_col: str = "",
    value_period: str = "",
    opt_out_col: str = "",
    demo_customers: int = 5000,
    seed: int = 0,
) -> ChurnSource:
    """Resolve a churn notebook's ``data`` parameter into a customer table and its columns.

    ``"telco"``: IBM Telco (target ``churn``, duration ``tenure`` in months, grouped by
    ``contract``, value ``monthly_charges`` per month; no start dates). ``"demo"``: the demo company's
    :meth:`~insight.data.simulate.DemoCompany.churn_table` (true dropout, tenure in months,
    grouped by complaint handling, value ``early_revenue`` over the first 90 days, start
    ``signup_date``). A value column must say what period it covers (``value_period``, or the
    specification's ``value_period``: "month", "year", "first 90 days", "to date", ...). Otherwise a data
    specification of kind ``customers`` (``.yaml``) or a CSV/Parquet/Excel file used
    with the given column names ("" = none); placeholder ids and exact duplicate rows
    are cleaned and counted in the source's ``cleaning``.

    Parameters
    ----------
    data : str
        ``"telco"``, ``"demo"`` (or ``"demo_fa"``: in Persian), a data specification (``.yaml``) of kind
        ``customers`` or a data file.
    target_col : str, default ""
        A data file's churn column (required for a data file).
    positive_value : str, default ""
        The value of ``target_col`` that means "churned" ("" = read the column as yes/no); a specification's own
        churn value takes precedence.
    id_col, duration_col, group_col, value_col, start_col, opt_out_col : str, default ""
        A data file's columns of the customer id, the time as a customer, the group to compare, the customer's
        value, the start date and the do-not-contact flag ("" = none).
    value_period : str, default ""
        What the value column covers (``"month"``, ``"year"``, ``"first 90 days"``, ``"to date"``...); required with
        ``value_col`` unless the specification gives it.
    demo_customers : int, default 5000
        Number of customers of the demo company (at least 10).
    seed : int, default 0
        Random seed of the demo company.

    Returns
    -------
    ChurnSource
        The table and its column roles.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``data`` is not a string, the specification or file is refused (see :func:`user_spec`), a column the
        specification excludes is missing, or a value column comes without a readable ``value_period``.
    insight.exceptions.DataFileNotFoundError
        If the data file does not exist.

    Examples
    --------
    >>> src = churn_source("telco")
    >>> src.table.shape
    (7043, 20)
    >>> src.target_col, src.duration_col, src.group_col, src.value_col, src.value_period
    ('churn', 'tenure', 'contract', 'monthly_charges', 'month')
    """

    check_param("data", data, str)
    if data == "telco":
        telco = load("telco_churn")
        return ChurnSource("IBM Telco customer churn", telco.table, "churn", True, None, "tenure", "contract",
                           "monthly_charges", cleaning=telco.cleaning, value_period="month")
    if data in DEMO_NAMES:
        company = _demo(demo_customers, seed, data)
        table = company.churn_table().join(company.customers.set_index("customer_id")["signup_date"]).reset_index()
        table = persian_names(table) if data == "demo_fa" else table
        return ChurnSource(DEMO_NAMES[data], table, "churned", True, "customer_id", "tenure_months",
                           "complaint", "early_revenue", True, "signup_date", value_period="first 90 days")
    spec = user_spec(data, "customers", {"churn": target_col, "customer_id": id_col, "duration": duration_col,
                                         "group": group_col, "value": value_col, "start": start_col,
                                         "opt_out": opt_out_col},
                     value_period=value_period)
    table, cleaning = spec.load()
    if spec.exclude:
        check_columns(table, spec.exclude, name=f"{spec.name} (exclude)")
        table = table.drop(columns=spec.exclude)
    positive = spec.churn_value if spec.churn_value is not None else _optional(positive_value)
    return ChurnSource(spec.name, table, spec.column("churn"), positive, spec.column("customer_id"),
                       spec.column("duration"), spec.column("group"), spec.column("value"),
                       start_col=spec.column("start"), cleaning=cleaning,
                       value_period=value_period or spec.value_period, opt_out_col=spec.column("opt_out"))


@dataclass
class SurveySource:
    """Survey answers and, when available, orders, support tickets and customers (see :func:`survey_source`).

    Attributes
    ----------
    name : str
        The data's name, for the report.
    surveys : pandas.DataFrame
        One row per answered survey.
    overall_col : str
        The overall satisfaction rating column.
    driver_cols : list of str
        The rating columns that may drive the overall rating (possibly empty).
    scale : tuple of int
        ``(low, high)`` of the overall rating, and of every rating column without a scale of its own.
    labels : dict
        Rating column -> its name for readers.
    nps_col, buy_again_col, date_col, group_col : str or None, optional
        Columns of the 0-10 recommendation score, the would-buy-again answer, the survey date and the group to
        compare; None when the data have none.
    order_col : str or None, optional
        Survey column naming the order the answers refer to.
    touchpoints : dict or None, optional
        Touchpoint CSAT column -> its stage of the customer journey; None: no touchpoints.
    touchpoint_scale : tuple of int or dict, default (1, 5)
        ``(low, high)`` of every touchpoint column, or touchpoint column -> its own ``(low, high)``.
    orders, tickets : pandas.DataFrame or None, optional
        The same customers' orders (promised and delivered dates) and support tickets; None when not given.
    simulated : bool, default False
        True for the demo company.
    spec : insight.data.spec.DataSpec or None, optional
        The specification of a user's data.
    log : TransactionSource or None, optional
        A purchase log of the same customers, which prices the report's actions.
    scales : dict or None, optional
        Rating column -> its own ``(low, high)``; None: ``scale`` for every column.
    words : dict or None, optional
        Rating column -> {word: score} of answers given as words.
    text_col : str or None, optional
        A free-text answer or review column (kept for the text analyses).
    """

    name: str
    surveys: pd.DataFrame
    overall_col: str
    driver_cols: list
    scale: tuple
    labels: dict
    nps_col: str | None = None
    buy_again_col: str | None = None
    date_col: str | None = None
    group_col: str | None = None
    order_col: str | None = None            # survey column naming the order the answers refer to
    touchpoints: dict | None = None         # CSAT column -> stage
    touchpoint_scale: tuple = (1, 5)
    orders: pd.DataFrame | None = None
    tickets: pd.DataFrame | None = None
    simulated: bool = False
    spec: object = None
    log: object = None                      # a TransactionSource of the same customers: prices the actions
    scales: dict | None = None              # rating column -> its own (low, high); None: ``scale`` for every column
    words: dict | None = None               # rating column -> {word: score} of answers given as words
    text_col: str | None = None             # a free-text answer or review (kept for the text analyses)

    def scales_of(self, columns) -> dict:
        """Each of ``columns`` -> its (low, high): its own scale, else the touchpoints' or the survey's ``scale``.

        Parameters
        ----------
        columns : iterable of str
            Rating columns of ``surveys``.

        Returns
        -------
        dict
            Column -> ``(low, high)``, in the order of ``columns``.

        Examples
        --------
        >>> survey_source("yellow_pages").scales_of(["q1", "q2"])
        {'q1': (1, 10), 'q2': (1, 10)}
        """
        tp = self.touchpoint_scale if isinstance(self.touchpoint_scale, dict) else \
            {c: self.touchpoint_scale for c in (self.touchpoints or {})}
        return {c: (self.scales or {}).get(c, tp.get(c, self.scale)) for c in columns}


def _parse_scale(text: str) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        lo, hi = (int(x) for x in text.split("-"))
    except ValueError:
        raise DataValidationError(f"parameter 'scale' == {text!r}: must be 'low-high', e.g. '1-10'.") from None
    if lo >= hi:
        raise DataValidationError(f"parameter 'scale' == {text!r}: low must be below high.")
    return lo, hi


def survey_source(
    data: str,
    *,
    overall_col: str = "",
    driver_cols: str = "",
    scale: str = "",
    nps_col: str = "",
    buy_again_col: str = "",
    date_col: str = "",
    group_col: str = "",
    order_col: str = "",
    orders_path: str = "",
    tickets_path: str = "",
    log_data: str = "",
    text_col: str = "",
    demo_customers: int = 5000,
    seed: int = 0,
) -> SurveySource:
    """Resolve a satisfaction notebook's ``data`` parameter into survey answers and their column roles.

    ``"yellow_pages"``: the bundled survey (overall ``q1`` on ``q2``-``q10``, 1-10).
    ``"demo"``: the demo company's surveys (overall satisfaction 1-5 on the six
    touchpoint CSATs, NPS, would-buy-again, grouped by the simulated customer type)
    with its orders and tickets. Otherwise a CSV/Parquet survey file with the named
    columns (``driver_cols`` comma-separated, any number, none included; ``scale`` as "low-high" for the columns
    whose scale the data or the specification do not give: each rating column keeps its own, and a 0/1 column is
    read on 0-1), plus optional orders and tickets files. Empty strings keep the data set's default or mean
    "none". A specification's touchpoints (with their stage) and text column come with it. ``log_data`` names a
    purchase log of the same customers (as the ``data`` of :func:`transaction_source`; the demo company has its
    own): with it the report prices its actions as the overview does. ``text_col`` names the column of free-text
    comments ("" = the specification's ``text`` role, or none), read by the report's "What respondents write".

    Parameters
    ----------
    data : str
        ``"yellow_pages"``, ``"demo"`` (or ``"demo_fa"``: in Persian), a data specification (``.yaml``) of kind
        ``survey`` or a data file.
    overall_col : str, default ""
        The overall rating column ("" = the data set's default; required for a data file).
    driver_cols : str, default ""
        Comma-separated driver rating columns ("" = the data set's default, or none).
    scale : str, default ""
        ``"low-high"`` (e.g. ``"1-10"``) of the rating columns whose scale the data do not give.
    nps_col, buy_again_col, date_col, group_col, order_col : str, default ""
        A data file's columns of the 0-10 recommendation score, the would-buy-again answer, the survey date, the
        group to compare and the order the answers refer to ("" = none; for the bundled data, the group only).
    orders_path : str, default ""
        Orders of the same customers: a specification of kind ``orders`` or a file with the columns ``order_id``,
        ``customer_id``, ``order_date``, ``promised_date``, ``delivered_date``, ``extra`` ("" = none).
    tickets_path : str, default ""
        A CSV or Parquet file of the same customers' support tickets ("" = none).
    log_data : str, default ""
        A purchase log of the same customers, as the ``data`` of :func:`transaction_source` ("" = none).
    text_col : str, default ""
        The column of free-text comments ("" = the specification's ``text`` role, or none).
    demo_customers : int, default 5000
        Number of customers of the demo company (at least 10).
    seed : int, default 0
        Random seed of the demo company.

    Returns
    -------
    SurveySource
        The answers, their column roles and scales, and the orders, tickets and log given.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``data`` or ``text_col`` is not a string, ``scale`` is not "low-high" with low below high, the scale of a
        rating column is not known, ``text_col`` or another named column is not in the survey, or a specification
        or file is refused (see :func:`user_spec` and :func:`read_table`).
    insight.exceptions.DataFileNotFoundError
        If the data file, ``orders_path`` or ``tickets_path`` does not exist.

    Examples
    --------
    >>> src = survey_source("yellow_pages")
    >>> src.surveys.shape, src.overall_col, src.scale
    ((1811, 10), 'q1', (1, 10))
    >>> src.driver_cols[:3]
    ['q2', 'q3', 'q4']
    """

    check_param("data", data, str)
    check_param("text_col", text_col, str)
    scale_t = _parse_scale(scale)
    drivers = [c.strip() for c in driver_cols.split(",") if c.strip()]
    if data == "yellow_pages":
        df = load_customer_satisfaction()
        src = SurveySource("Yellow Pages customer satisfaction survey (Rossi, Gilula & Allenby 2001)", df,
                           overall_col or "q1", drivers or [f"q{i}" for i in range(2, 11)], scale_t or (1, 10),
                           dict(SATISFACTION_LABELS), group_col=_optional(group_col))
    elif data in DEMO_NAMES:
        from ..data.simulate import TOUCHPOINTS

        d = _demo(demo_customers, seed, data)
        types = d.customers.set_index("customer_id")["true_type"].astype(str).rename("customer_type")
        df = d.surveys.merge(types, left_on="customer_id", right_index=True, how="left")
        stages = {f"csat_{tp}": st for tp, st in TOUCHPOINTS["stage"].items()}
        labels = {c: c.removeprefix("csat_").replace("_", " ") for c in stages}
        labels.update({"overall_satisfaction": "overall satisfaction", "nps": "NPS"})
        src = SurveySource(DEMO_NAMES[data], df, overall_col or "overall_satisfaction", drivers or list(stages),
                           scale_t or (1, 5), labels, "nps", "would_buy_again", "date", group_col or "customer_type",
                           "last_order_id", stages, (1, 5), d.orders, d.tickets, True,
                           log=transaction_source(data, demo_customers=demo_customers, seed=seed))
    else:
        spec = user_spec(data, "survey", {"overall": overall_col, "drivers": drivers, "nps": nps_col,
                                          "buy_again": buy_again_col, "date": date_col, "group": group_col,
                                          "order_id": order_col, "text": text_col})
        if scale_t is not None:     # the scale of every column without one of its own
            spec.scales = {**spec.scales, "all": spec.scales.get("all", scale)}
        df, _ = spec.load()
        from ..data.scales import two_point

        scales = {c: spec.column_scale(c) or two_point(df[c]) for c in spec.rating_columns()}
        unknown = [c for c, sc in scales.items() if sc is None]
        if unknown:
            lo, hi = df[unknown[0]].min(), df[unknown[0]].max()
            raise DataValidationError(
                f"{spec.name}: the rating scale of {len(unknown)} column(s) is not known ({', '.join(unknown[:5])}; "
                f"answers of {unknown[0]!r} run from {lo:g} to {hi:g}); give it under scales (e.g. scales: "
                f"{{{unknown[0]}: 1-5}}) or as the parameter 'scale' (e.g. '1-5').")
        orders = tickets = None
        if orders_path:
            orders = _orders(orders_path)
        if tickets_path:
            tickets = read_table(_user_file(tickets_path, f"parameter 'tickets_path': file not found: "
                                                           f"{tickets_path}."), "tickets_path")
        labels = {c: c.replace("_", " ") for c in spec.rating_columns()}
        overall, tps = spec.column("overall"), spec.touchpoints
        src = SurveySource(spec.name, df, overall, spec.drivers, scales[overall], labels,
                           spec.column("nps"), spec.column("buy_again"), spec.column("date"), spec.column("group"),
                           spec.column("order_id"), tps or None, {c: scales[c] for c in tps}, orders, tickets,
                           spec=spec, scales=scales, words=dict(spec.mappings_), text_col=spec.column("text"))
    if text_col:
        if text_col not in src.surveys.columns:
            cols = list(map(str, src.surveys.columns))
            raise DataValidationError(f"parameter 'text_col' == {text_col!r}: {src.name} has no such column; its "
                                      f"{len(cols)} columns are {', '.join(cols[:20])}{' ...' if len(cols) > 20 else ''}.")
        src.text_col = text_col
    check_columns(src.surveys, [src.overall_col, *src.driver_cols, *(src.touchpoints or {}), src.nps_col,
                                src.buy_again_col, src.date_col, src.group_col, src.order_col, src.text_col],
                  name=src.name)
    if log_data:
        src.log = transaction_source(log_data, demo_customers=demo_customers, seed=seed)
    return src


#: an orders specification's roles -> the columns the four levels read (insight.models.satisfaction.service)
_ORDER_COLUMNS = {"order_id": "order_id", "customer_id": "customer_id", "order_date": "order_date",
                  "promised": "promised_date", "delivered": "delivered_date", "extra": "extra"}


def _orders(path: str) -> pd.DataFrame:
    """The satisfaction notebook's ``orders_path``: a data specification of kind orders (roles promised, delivered,
    order_id, customer_id, order_date, extra, on your own column names), or a file with the columns order_id,
    customer_id, order_date, promised_date, delivered_date, extra."""
    if is_spec_path(path):
        spec = user_spec(path, "orders", {})
        df, _ = spec.load()
        return df.rename(columns={spec.column(r): c for r, c in _ORDER_COLUMNS.items() if spec.column(r)})
    return read_table(_user_file(path, f"parameter 'orders_path': file not found: {path}."), "orders_path")


def complaints_source(data: str, demo_customers: int = 5000, seed: int = 0):
    """A complaint log (:class:`insight.data.complaints.ComplaintLog`) from the service notebook's ``data``: a bundled
    name, a specification of kind complaints (:func:`insight.data.complaints.complaint_spec`), for the provenance,
    or ``"demo"`` / ``"demo_fa"``: the demo company's tickets (``demo_customers`` customers, ``seed``).

    Parameters
    ----------
    data : str
        ``"demo"``, ``"demo_fa"``, a bundled complaint log's name (``"cfpb_complaints"``) or a data specification
        (``.yaml``) of kind ``complaints``.
    demo_customers : int, default 5000
        Number of customers of the demo company (at least 10).
    seed : int, default 0
        Random seed of the demo company.

    Returns
    -------
    insight.data.complaints.ComplaintLog
        The complaints, columns named by role; the demo company's have ``id``, ``customer_id``, ``created``,
        ``channel``, ``category``, ``hours_to_first_response`` and ``hours_to_resolution``.

    Raises
    ------
    insight.exceptions.DataValidationError
        If ``data`` is not a string, names no complaint log, or its specification is refused.

    Examples
    --------
    >>> log = complaints_source("demo", demo_customers=200)
    >>> list(log.table.columns)
    ['id', 'customer_id', 'created', 'channel', 'category', 'hours_to_first_response', 'hours_to_resolution']
    """
    from ..data.cleaning import CleaningReport
    from ..data.complaints import ComplaintLog, complaint_spec, load_complaints

    check_param("data", data, str)
    if data in DEMO_NAMES:
        t = _demo(demo_customers, seed, data).tickets
        roles = {"id": "ticket_id", "customer_id": "customer_id", "created": "date", "channel": "channel",
                 "category": "category"}
        log = t.rename(columns={v: k for k, v in roles.items()})[
            [*roles, "hours_to_first_response", "hours_to_resolution"]]
        log[["channel", "category"]] = log[["channel", "category"]].astype(object)
        return ComplaintLog(DEMO_NAMES[data], log, CleaningReport(rows_in=len(log), rows_out=len(log)), roles)
    return load_complaints(user_spec(str(complaint_spec(data)), "complaints", {}))


#: the bundled free-text data sets: their columns of text, date and group ("" none), and their name
#: a column name that asks for consent ("May we contact you?"): yes means the opposite of an opt-out
CONSENT = re.compile(r"may we|can we|consent|permission|ok to contact|contact ok|allow|agree", re.IGNORECASE)

TEXT_COLUMNS = {"airline_tweets": ("text", "tweet_created", "airline", "Tweets to US airlines, February 2015"),
                "parsinlu_food": ("review", "", "category", "Persian food reviews (ParsiNLU, Digikala)")}


@dataclass
class FeedbackSource:
    """Comments for the feedback notebook: ``table`` with the text (and date, group, customer, opt-out, rating)
    columns named; ``labels``: a positive/negative label per row where a bundled set has one (1.0 / 0.0 / NaN);
    ``customers``: where the writers' churn and value come from (:func:`insight.report.customer_link.customer_link`).

    Attributes
    ----------
    name : str
        The data's name, for the report.
    table : pandas.DataFrame
        One row per comment.
    text_col : str
        The comments' column.
    date_col, group_col, customer_col, opt_out_col, rating_col : str or None, optional
        Columns of the comment's date, the group to compare, the writer's customer id, the do-not-contact flag
        and a rating given with the comment; None when the data have none.
    labels : pandas.Series or None, optional
        Positive (1.0) / negative (0.0) / neither (NaN) per row of a bundled set
        (:func:`insight.models.text.sentiment.bundled_labels`); None for other data.
    customers : str, default ""
        The customer base the ``customer_col`` ids belong to (the ``customers`` notebook parameter; "" none).
    demo_customers : int, default 5000
        Number of customers of the demo company, for ``customers``.
    seed : int, default 0
        Random seed of the demo company, for ``customers``.
    simulated : bool, default False
        True for the demo company.
    """

    name: str
    table: pd.DataFrame
    text_col: str
    date_col: str | None = None
    group_col: str | None = None
    customer_col: str | None = None
    opt_out_col: str | None = None
    rating_col: str | None = None
    labels: pd.Series | None = None
    customers: str = ""
    demo_customers: int = 5000
    seed: int = 0
    simulated: bool = False


def feedback_source(data: str, *, text_col: str = "", date_col: str = "", group_col: str = "",
                    customer_col: str = "", opt_out_col: str = "", rating_col: str = "", customers: str = "",
                    demo_customers: int = 5000, seed: int = 0) -> FeedbackSource:
    """The feedback notebook's ``data``: "demo" (the demo company's comments, linked to its customers), a bundled
    text set (``insight.data.datasets.load_text``), a specification of kind complaints with a ``text`` role (or
    "cfpb_complaints"), or a CSV/Parquet file with ``text_col``. Columns given ("" = the data set's own, or none)
    override the bundled set's and the specification's roles; ``customers`` names the customer base the
    ``customer_col`` ids belong to ("" none; "demo" by default for the demo company).

    Parameters
    ----------
    data : str
        ``"demo"`` (or ``"demo_fa"``), a bundled text set's name (``insight.data.datasets.load_text``), a
        complaint log with a ``text`` role (a ``.yaml`` specification, or the name of a bundled one), or a CSV or
        Parquet file.
    text_col : str, default ""
        The comments' column ("" = the data set's own; required for a file).
    date_col, group_col, customer_col, opt_out_col : str, default ""
        Columns of the comment's date, the group to compare, the writer's customer id and the do-not-contact flag
        (yes = the customer asked not to be contacted); "" = the data set's own, or none.
    rating_col : str, default ""
        A rating given with each comment ("" = none).
    customers : str, default ""
        The customer base of the ``customer_col`` ids, as :func:`insight.report.customer_link.customer_link` takes
        it ("" = none, or the demo company for demo data).
    demo_customers : int, default 5000
        Number of customers of the demo company (at least 10).
    seed : int, default 0
        Random seed of the demo company.

    Returns
    -------
    FeedbackSource
        The comments, their columns and (for a bundled set) their sentiment labels.

    Raises
    ------
    insight.exceptions.DataValidationError
        If a complaint log has no ``text`` role, a file comes without ``text_col``, a named column is missing,
        ``customers`` is given without ``customer_col``, ``opt_out_col`` reads as consent (a "may we contact you"
        question) or its values are not yes/no.
    insight.exceptions.DataFileNotFoundError
        If ``data`` is none of the above and no such file exists.

    Examples
    --------
    >>> src = feedback_source("parsinlu_food")
    >>> src.table.shape, src.text_col, src.group_col
    ((1917, 4), 'review', 'category')
    >>> src.labels.value_counts(dropna=False).to_dict()
    {1.0: 860, 0.0: 843, nan: 214}
    """
    from ..data.datasets import TEXT_DATA, load_text
    from ..models.text import bundled_labels

    labels, simulated = None, False
    if data in DEMO_NAMES:
        company = _demo(demo_customers, seed, data)
        own, name, table = ("text", "date", "", "customer_id", "opt_out"), DEMO_NAMES[data], company.comments
        customers, simulated = customers or data, True
    elif data in TEXT_DATA:
        *own3, name = TEXT_COLUMNS.get(data, ("text", "", "", data))
        own, table = (*own3, "", ""), load_text(data)
        labels = bundled_labels(data, table)
    elif is_spec_path(data) or (spec_dir() / f"{data}.yaml").is_file():
        log = complaints_source(data)
        if not log.has("text"):
            raise DataValidationError(f"parameter 'data': {log.name} has no column with the role 'text' (the "
                                      "comments); add one to its specification.")
        own = ("text", "created" if log.has("created") else "", "category" if log.has("category") else "",
               "customer" if log.has("customer") else "", "")
        name, table = log.name, log.table
    else:
        path = _user_file(data, f"parameter 'data' == {data!r}: no such file (relative paths are read from "
                                f"{os.getcwd()}).")
        if not text_col:
            raise DataValidationError(f"parameter 'text_col' is empty: name the column of {path.name} that holds the "
                                      "comments. Run `insight inspect` on the file to see its columns.")
        own, name, table = ("", "", "", "", ""), path.name, read_table(path, "data")
    given = (text_col, date_col, group_col, customer_col, opt_out_col)
    text_col, date_col, group_col, customer_col, opt_out_col = (g or o for g, o in zip(given, own))
    check_columns(table, [text_col, *map(_optional, (date_col, group_col, customer_col, opt_out_col, rating_col))],
                  name=name)
    if customers and not customer_col:
        raise DataValidationError(f"parameter 'customers' == {customers!r} needs 'customer_col': the column of "
                                  f"{name} that names the customer who wrote each comment.")
    if opt_out_col:   # checked now, not after the themes are fitted
        if CONSENT.search(str(opt_out_col)):
            raise DataValidationError(
                f"parameter 'opt_out_col' == {opt_out_col!r} reads as consent (yes = may contact), but the column "
                "must say yes where the customer asked NOT to be contacted; add a column that does (for example "
                "'do not contact' = the opposite answer) and name it.")
        to_bool(table[opt_out_col].where(table[opt_out_col].notna(), False), opt_out_col)
    return FeedbackSource(name, table, text_col, _optional(date_col), _optional(group_col), _optional(customer_col),
                          _optional(opt_out_col), _optional(rating_col), labels, customers, demo_customers, seed,
                          simulated)
