"""Purchase logs and customer tables: the transaction source of the customer-types, CLV and overview reports and
the churn source of the churn report, with the pipelines every report shares on them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ...data.cleaning import CleaningReport
from ...data.demo_persian import DEMO_NAMES, persian_names
from ...data.datasets import load, load_cdnow
from ...parsers import parse_value_period
from ...validate import check_columns, check_param
from .files import demo_source, optional_column, user_file, user_spec


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
    churn_source, insight.report.sources.survey.survey_source : The other notebooks' sources.

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
        d = demo_source(demo_customers, seed, data)
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
        visits = user_file(visits_path, f"parameter 'visits_path': file not found: {Path(visits_path).expanduser()}.")
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
        company = demo_source(demo_customers, seed, data)
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
    positive = spec.churn_value if spec.churn_value is not None else optional_column(positive_value)
    return ChurnSource(spec.name, table, spec.column("churn"), positive, spec.column("customer_id"),
                       spec.column("duration"), spec.column("group"), spec.column("value"),
                       start_col=spec.column("start"), cleaning=cleaning,
                       value_period=value_period or spec.value_period, opt_out_col=spec.column("opt_out"))
