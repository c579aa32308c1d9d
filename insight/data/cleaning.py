"""Cleaning that legitimately removes or changes rows, never silently: each step returns the
cleaned table with a :class:`CleaningReport` counting what was done, by reason, which the
reports display; and the checks of the three kinds of table (transactions, customers, survey)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..parsers import to_bool, to_datetime, to_numeric
from ..validate import check_columns, check_in, fail_rows, plain, require_frame

__all__ = ["CleaningStep", "CleaningReport", "check_transactions", "check_customers", "check_survey",
           "clean_transactions", "merge_same_day", "quality_summary", "type_code", "first_offender",
           "duplicate_rule", "DUPLICATE_RULES", "order_column"]


# --------------------------------------------------------------------------- report
@dataclass
class CleaningStep:
    """One cleaning action as ids and numbers: why (``step``), how many rows, what was done (``action``).

    Parameters
    ----------
    step, action, example, row : str
        Ids (``"missing_id"``, ``"removed"``; the report words them), an offending value and its row label (``repr``).
    rows : int
        How many rows the step removed or changed.
    values : dict, optional
        What the words need filled in: dates, table or column names, a word mapping.
    """

    step: str
    rows: int
    action: str
    example: str = ""
    row: str = ""
    values: dict = field(default_factory=dict)


@dataclass
class CleaningReport:
    """Counts of rows removed or changed, by step; ``report.to_frame()`` gives a table of ids and counts, shown in words
    by :func:`insight.report.sections.quality.cleaning_view`; ``report_a + report_b`` keeps the steps of both in order.

    Parameters
    ----------
    steps : list of CleaningStep, optional
        The steps, in the order applied.
    rows_in, rows_out : int or None, default None
        Rows before and after cleaning, when known.
    """

    steps: list[CleaningStep] = field(default_factory=list)
    rows_in: int | None = None
    rows_out: int | None = None

    def add(self, step: str, rows: int, action: str, example: Any = "", *, row: Any = "",
            **values: Any) -> "CleaningReport":
        """Record a step (ids, see :class:`CleaningStep`) and return this report, so calls chain.

        Parameters
        ----------
        step, action, example, row : str or object
            Why and what was done (ids), then an offending value and its row label (kept as ``str``, None as "").
        rows : int
            Rows removed or changed; steps with zero rows are kept too: "0 duplicates" is information.
        **values
            What the step's words need, e.g. ``start=``/``end=`` dates.

        Returns
        -------
        CleaningReport
        """
        self.steps.append(CleaningStep(step, int(rows), action, "" if example is None else str(example),
                                       "" if row is None else str(row), dict(values)))
        return self

    def __add__(self, other: "CleaningReport") -> "CleaningReport":
        rows_in = self.rows_in if self.rows_in is not None else other.rows_in
        rows_out = other.rows_out if other.rows_out is not None else self.rows_out
        return CleaningReport(list(self.steps) + list(other.steps), rows_in, rows_out)

    def __len__(self) -> int:
        return len(self.steps)

    def count(self, step: str) -> int:
        """Rows affected by the step(s) with this id (0 if there is none).

        Parameters
        ----------
        step : str
            The step id, e.g. ``"negative_amount"``.

        Returns
        -------
        int
        """
        return sum(s.rows for s in self.steps if s.step == step)

    def largest(self) -> CleaningStep | None:
        """The step that changed the most rows (the first of equals), or None when no step changed any.

        Returns
        -------
        CleaningStep or None
        """
        changed = [s for s in self.steps if s.rows]
        return max(changed, key=lambda s: s.rows) if changed else None

    def to_frame(self) -> pd.DataFrame:
        """The steps as a table: one row per step, columns ``step``, ``rows``, ``action``, ``example``, ``row``.

        Returns
        -------
        pandas.DataFrame
        """
        return pd.DataFrame(
            [(s.step, s.rows, s.action, s.example, s.row) for s in self.steps],
            columns=["step", "rows", "action", "example", "row"],
        )

    def __str__(self) -> str:
        # for analysts (error messages, the terminal): ids and counts
        head = ""
        if self.rows_in is not None and self.rows_out is not None:
            head = f"rows in: {self.rows_in:,}; rows out: {self.rows_out:,}\n"
        if not self.steps:
            return head + "no cleaning steps"
        return head + self.to_frame().to_string(index=False)


def first_offender(values: pd.Series, mask) -> tuple[str, str]:
    """``(value, row)`` of the first row of ``mask`` as written (``repr``), or ``("", "")`` when there is none.

    Parameters
    ----------
    values, mask : pandas.Series
        The column the example is taken from, and which of its rows offend (booleans, aligned by position).

    Returns
    -------
    tuple of (str, str)
    """
    idx = np.flatnonzero(np.asarray(mask, dtype=bool))
    if idx.size == 0:
        return "", ""
    i = idx[0]
    return repr(plain(values.iloc[i])), repr(plain(values.index[i]))


def type_code(dtype) -> str:
    """A column type as an id the reports word (``bool``, ``date``, ``integer``, ``number``, ``category``, ``text``).

    Parameters
    ----------
    dtype : object
        A pandas dtype or an SQL type name (its ``str``, ignoring case).

    Returns
    -------
    str
    """
    t = str(dtype).lower()
    if t.startswith(("bool",)):
        return "bool"
    if any(k in t for k in ("datetime", "timestamp", "date")):
        return "date"
    if any(k in t for k in ("int", "bigint", "hugeint")):
        return "integer"
    if any(k in t for k in ("float", "double", "decimal", "real", "numeric")):
        return "number"
    if "category" in t:
        return "category"
    return "text"


# --------------------------------------------------------------------------- duplicates
#: what each rule does with identical rows of a transaction log (see :func:`duplicate_rule`)
DUPLICATE_RULES = {"order_id": "drop", "time_of_day": "drop", "day_level": "keep"}

#: a column named like an order, invoice, receipt or transaction id (InvoiceNo, order_id, Transaction ID)
_ORDER_ID = re.compile(r"(order|invoice|receipt|transaction|basket|ticket)[ _-]?(id|no|nr|number|key|code)?", re.I)


def order_column(columns: Sequence[str]) -> str | None:
    """The first of ``columns`` named like an order, invoice, receipt or transaction id, or None.

    Parameters
    ----------
    columns : sequence of str
        A list of column names (``InvoiceNo``, ``order_id`` and ``Transaction ID`` match).

    Returns
    -------
    str or None

    Raises
    ------
    insight.exceptions.DataValidationError
    """
    if isinstance(columns, str) or not all(isinstance(c, str) for c in columns):
        raise DataValidationError(f"parameter 'columns' must be a list of column names, got {columns!r}.")
    return next((c for c in columns if _ORDER_ID.fullmatch(c.strip())), None)


def duplicate_rule(columns: Sequence[str], *, time_of_day: bool, order_col: str | None = None) -> str:
    """The one rule for identical rows of a transaction log, decided by what the log records (every report on the
    same data applies it: the cleaning of the data-quality report, the customer summary, a specification).

    Parameters
    ----------
    columns : sequence of str
        The log's column names.
    time_of_day : bool
        Whether its dates carry a time of day (True or False).
    order_col : str, optional
        The order id column, when known; it must be one of ``columns``.

    Returns
    -------
    str
        ``"order_id"`` (an order id: ``order_col`` or one named like it, :func:`order_column`) or ``"time_of_day"``
        (dates with times): identical rows are one line exported twice, removed and counted; else ``"day_level"``:
        they may be repeat purchases (CDNOW has 255), kept, counted. See :data:`DUPLICATE_RULES`; ``duplicates:`` wins.

    Raises
    ------
    insight.exceptions.DataValidationError
    """
    cols = list(columns) if not isinstance(columns, str) else columns
    order = order_column(cols)
    if not isinstance(time_of_day, (bool, np.bool_)):
        raise DataValidationError(f"parameter 'time_of_day' == {time_of_day!r}, must be True or False.")
    if order_col is not None and order_col not in cols:
        raise DataValidationError(f"parameter 'order_col' == {order_col!r}: not a column; {len(cols)} columns: "
                                  f"{', '.join(map(str, cols[:20]))}.")
    if order_col is not None or order is not None:
        return "order_id"
    return "time_of_day" if time_of_day else "day_level"


# --------------------------------------------------------------------------- tables
def check_transactions(
    df: pd.DataFrame,
    customer_col: str,
    date_col: str,
    amount_col: str,
    *,
    quantity_col: str | None = None,
    allow_missing_ids: bool = False,
    allow_negative: bool = True,
    name: str = "transactions",
) -> pd.DataFrame:
    """Check a transactions table and return a typed copy: dates as ``datetime64``, amounts (and quantities) as float.

    Parameters
    ----------
    df : pandas.DataFrame
        The transactions, one row per purchase line.
    customer_col, date_col, amount_col, quantity_col, name : str
        The customer id, date (datetime, strings, or ``YYYYMMDD`` integers), amount (currency units) and optional
        quantity columns; ``name`` (default ``"transactions"``) names the table in error messages.
    allow_missing_ids, allow_negative : bool, default False, True
        Accept missing ids (:func:`clean_transactions` removes and counts them); negative amounts (returns).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    insight.exceptions.DataValidationError
        When a column is missing, the table is empty, or an id, date or amount is missing, unparseable or refused.
    """
    require_frame(df, name)
    check_columns(df, [customer_col, date_col, amount_col, quantity_col], name=name)
    if len(df) == 0:
        raise DataValidationError(f"{name}: the table has 0 rows; at least one transaction is needed.")
    out = df.copy()
    ids = out[customer_col]
    if not allow_missing_ids and ids.isna().any():
        fail_rows(customer_col, "have a missing customer id", ids.isna(), ids, "a non-null id")
    out[date_col] = to_datetime(out[date_col], date_col)
    if out[date_col].isna().any():
        fail_rows(date_col, "have a missing date", out[date_col].isna(), df[date_col], "a date")
    out[amount_col] = to_numeric(out[amount_col], amount_col)
    if out[amount_col].isna().any():
        fail_rows(amount_col, "have a missing amount", out[amount_col].isna(), df[amount_col], "a number")
    if not allow_negative and (out[amount_col] < 0).any():
        fail_rows(amount_col, "are negative", out[amount_col] < 0, df[amount_col], "amounts >= 0")
    if quantity_col is not None:
        out[quantity_col] = to_numeric(out[quantity_col], quantity_col)
    return out


def check_customers(
    df: pd.DataFrame,
    id_col: str | None,
    *,
    date_cols: Sequence[str] = (),
    numeric_cols: Sequence[str] = (),
    bool_cols: Sequence[str] = (),
    unique_ids: bool = True,
    name: str = "customers",
) -> pd.DataFrame:
    """Check a one-row-per-customer table and return a typed copy.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    id_col, name : str
        The id column (None for tables without ids, e.g. IBM Telco); ``name`` names the table in error messages.
    date_cols, numeric_cols, bool_cols : sequence of str, optional
        Columns coerced to dates, finite numbers (missing allowed) and booleans (True/False, 1/0, yes/no, any case).
    unique_ids : bool, default True
        Require each id once (ids must be non-null in any case).

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    insight.exceptions.DataValidationError
        When a column is missing, the table is empty, an id is missing or repeated, or a value cannot be coerced.
    """
    require_frame(df, name)
    check_columns(df, [id_col, *date_cols, *numeric_cols, *bool_cols], name=name)
    if len(df) == 0:
        raise DataValidationError(f"{name}: the table has 0 rows; at least one customer is needed.")
    out = df.copy()
    if id_col is not None:
        ids = out[id_col]
        if ids.isna().any():
            fail_rows(id_col, "have a missing customer id", ids.isna(), ids, "a non-null id")
        if unique_ids:
            dup = ids.duplicated(keep="first")
            if dup.any():
                fail_rows(id_col, "repeat an id already seen", dup, ids, "one row per customer")
    for c in date_cols:
        out[c] = to_datetime(out[c], c)
    for c in numeric_cols:
        out[c] = to_numeric(out[c], c)
    for c in bool_cols:
        out[c] = to_bool(out[c], c)
    return out


def check_survey(
    df: pd.DataFrame,
    columns: Sequence[str],
    *,
    scale: tuple[int, int] | dict = (1, 10),
    allow_missing: bool = True,
    integer: bool = True,
    min_rows: int = 2,
    name: str = "survey",
) -> pd.DataFrame:
    """Check rating columns (Likert, CSAT, NPS) and return a typed copy (rating columns as float).

    Parameters
    ----------
    df : pandas.DataFrame
        The survey, one row per respondent.
    columns : sequence of str
        The rating columns.
    scale : tuple of (int, int) or dict, default (1, 10)
        Every value must lie within it (inclusive): one (low, high) for every column, or a dict column -> (low, high).
    allow_missing, integer : bool, default True
        Accept missing answers (a column with no answer at all always raises); require whole numbers.
    min_rows : int, default 2
        The fewest respondents accepted.
    name : str, default "survey"
        The table's name in error messages.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    insight.exceptions.DataValidationError
        When a scale is missing or not low < high, rows are too few, or an answer is missing, off-scale or fractional.
    """
    require_frame(df, name)
    if isinstance(columns, str):
        columns = [columns]
    check_columns(df, columns, name=name)
    scales = dict(scale) if isinstance(scale, dict) else {c: scale for c in columns}
    without = [c for c in columns if c not in scales]
    if without:
        raise DataValidationError(f"parameter 'scale': {len(without)} column(s) without a scale, e.g. {without[0]!r}; "
                                  f"give (low, high) for each of {list(columns)[:10]}.")
    for c in columns:
        sc = scales[c]
        if not (isinstance(sc, (tuple, list)) and len(sc) == 2 and sc[0] < sc[1]):
            raise DataValidationError(f"parameter 'scale' == {sc!r} (column {c!r}), must be (low, high) with "
                                      "low < high.")
    if len(df) < min_rows:
        raise DataValidationError(
            f"{name}: {len(df)} respondent(s); at least {min_rows} are needed for this analysis."
        )
    out = df.copy()
    for c in columns:
        lo, hi = scales[c]
        v = to_numeric(out[c], c)
        if v.isna().all():
            raise DataValidationError(f"column {c!r}: all {len(v):,} rows are missing; no answers to analyse.")
        if not allow_missing and v.isna().any():
            fail_rows(c, "are missing", v.isna(), out[c], f"an answer on the {lo}-{hi} scale")
        outside = v.notna() & ((v < lo) | (v > hi))
        if outside.any():
            fail_rows(c, f"are outside the {lo}-{hi} scale", outside, out[c], f"values from {lo} to {hi}")
        if integer:
            frac = v.notna() & (v != np.round(v))
            if frac.any():
                fail_rows(c, "are not whole numbers", frac, out[c], "whole scale points")
        out[c] = v
    return out


# --------------------------------------------------------------------------- cleaning
def clean_transactions(
    df: pd.DataFrame,
    customer_col: str,
    date_col: str,
    amount_col: str,
    *,
    start: Any = None,
    end: Any = None,
    returns: str = "drop",
    drop_duplicates: bool | None = None,
    quantity_col: str | None = None,
    order_col: str | None = None,
) -> tuple[pd.DataFrame, CleaningReport]:
    """Validate and clean a transactions table, counting every removed row by reason: missing customer ids, then exact
    duplicates, returns and dates outside the window, each a report step (0 if none); zero amounts are kept and counted.

    Parameters
    ----------
    df : pandas.DataFrame
        The transactions, one row per purchase line.
    customer_col, date_col, amount_col, quantity_col, order_col : str
        Its customer id, date, amount (currency units), optional quantity and order id columns.
    start, end : date-like, optional
        The inclusive window of dates kept; rows dated before or after are removed.
    returns : {"drop", "keep", "raise"}, default "drop"
        Negative amounts (returns, cancellations) are removed, kept (counted all the same) or refused.
    drop_duplicates : bool or None, default None
        Remove or keep rows equal in every column; None: :func:`duplicate_rule` decides.

    Returns
    -------
    tuple of (pandas.DataFrame, CleaningReport)
        The cleaned copy (original index kept) and the report of its steps, ``rows_in`` and ``rows_out``.

    Raises
    ------
    insight.exceptions.DataValidationError
        On a bad parameter, ``start`` after ``end``, a table failing :func:`check_transactions`, or no row left.
    """
    check_in("returns", returns, ["drop", "keep", "raise"])
    if drop_duplicates is not None and not isinstance(drop_duplicates, (bool, np.bool_)):
        raise DataValidationError(f"parameter 'drop_duplicates' == {drop_duplicates!r}, must be True, False or None "
                                  "(None: the duplicate rule decides).")
    out = check_transactions(
        df, customer_col, date_col, amount_col, quantity_col=quantity_col,
        allow_missing_ids=True, allow_negative=(returns != "raise"),
    )
    check_columns(df, [order_col], name="transactions")
    if drop_duplicates is None:
        dates = out[date_col].dropna()
        rule = duplicate_rule(list(map(str, out.columns)), order_col=order_col,
                              time_of_day=bool((dates != dates.dt.normalize()).any()))
        drop_duplicates = DUPLICATE_RULES[rule] == "drop"
    else:
        rule = "declared"
    rep = CleaningReport(rows_in=len(out))

    miss = out[customer_col].isna()
    ex, row = first_offender(out[date_col], miss)
    rep.add("missing_id", miss.sum(), "removed", ex, row=row)
    out = out[~miss]

    dup = out.duplicated(keep="first")
    ex, row = first_offender(out[date_col], dup)
    if drop_duplicates:
        rep.add("duplicate", dup.sum(), "removed", ex, row=row, rule=rule)
        out = out[~dup]
    else:
        rep.add("identical_rows", dup.sum(), f"kept_{rule}", ex, row=row, rule=rule)

    neg = out[amount_col] < 0
    ex, row = first_offender(out[amount_col], neg)
    rep.add("negative_amount", neg.sum(), "removed" if returns == "drop" else "kept", ex, row=row)
    if returns == "drop":
        out = out[~neg]

    zero = out[amount_col] == 0
    ex, row = first_offender(out[date_col], zero)
    rep.add("zero_amount", zero.sum(), "kept", ex, row=row)

    if start is not None or end is not None:
        lo = pd.Timestamp(start) if start is not None else out[date_col].min()
        hi = pd.Timestamp(end) if end is not None else out[date_col].max()
        if lo > hi:
            raise DataValidationError(f"parameter 'start' == {lo.date()} is after 'end' == {hi.date()}.")
        outside = (out[date_col] < lo) | (out[date_col] > hi)
        ex, row = first_offender(out[date_col], outside)
        rep.add("outside_window", outside.sum(), "removed", ex, row=row, start=lo, end=hi)
        out = out[~outside]

    if len(out) == 0:
        raise DataValidationError(
            f"transactions: no rows left after cleaning ({rep.rows_in:,} in); see the cleaning steps:\n{rep}"
        )
    rep.rows_out = len(out)
    return out, rep


def merge_same_day(
    df: pd.DataFrame,
    customer_col: str,
    date_col: str,
    amount_col: str,
    *,
    quantity_col: str | None = None,
) -> tuple[pd.DataFrame, CleaningReport]:
    """Merge a customer's purchases on one calendar day into one (the buy-till-you-die convention, Fader et al. 2005).

    Parameters
    ----------
    df : pandas.DataFrame
        The transactions.
    customer_col, date_col, amount_col, quantity_col : str
        Its customer id, date, amount and optional quantity columns; amounts and quantities are summed.

    Returns
    -------
    tuple of (pandas.DataFrame, CleaningReport)
        One row per customer-day (date at midnight, sorted, named columns only); its ``same_day`` step counts merges.
    """
    check_columns(df, [customer_col, date_col, amount_col, quantity_col], name="transactions")
    day = pd.to_datetime(df[date_col]).dt.normalize()
    cols = {amount_col: "sum"}
    if quantity_col is not None:
        cols[quantity_col] = "sum"
    tmp = df[[customer_col, amount_col] + ([quantity_col] if quantity_col else [])].assign(**{date_col: day})
    merged = tmp.groupby([customer_col, date_col], sort=True, observed=True).agg(cols).reset_index()
    rep = CleaningReport(rows_in=len(df), rows_out=len(merged))
    rep.add("same_day", len(df) - len(merged), "merged_per_day")
    return merged, rep


def quality_summary(df: pd.DataFrame, id_cols: Sequence[str] = ()) -> pd.DataFrame:
    """One row per ``column``: ``type`` (an id, see :func:`type_code`), ``missing`` count and ``missing_pct``,
    ``distinct`` values, an ``example``, ``identifier``, the ``min`` and ``max`` (numbers and dates).

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    id_cols : sequence of str, optional
        Identifier columns, whose example and range are hidden so a report never shows a raw customer id.

    Returns
    -------
    pandas.DataFrame
    """
    require_frame(df)
    check_columns(df, id_cols, name="data")
    rows = []
    n = len(df)
    for c in df.columns:
        s = df[c]
        miss = int(s.isna().sum())
        nonnull = s.dropna()
        lo = hi = None
        if len(nonnull) and (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)) \
                and not pd.api.types.is_bool_dtype(s) and c not in id_cols:
            lo, hi = nonnull.min(), nonnull.max()
        rows.append({
            "column": str(c),
            "type": type_code(s.dtype),
            "missing": miss,
            "missing_pct": round(100 * miss / n, 2) if n else 0.0,
            "distinct": int(nonnull.nunique()),
            "example": "" if c in id_cols else (str(nonnull.iloc[0]) if len(nonnull) else ""),
            "identifier": c in id_cols,
            "min": lo,
            "max": hi,
        })
    return pd.DataFrame(rows)
