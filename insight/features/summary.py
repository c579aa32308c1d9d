"""Transactions to one row per customer, aggregated in DuckDB.

:func:`customer_summary` turns a transaction log (a pandas DataFrame, or a path to a
Parquet or CSV file that is never loaded whole into pandas) into one row per
customer with both buy-till-you-die inputs (frequency, recency, T, mean repeat
spend, exactly as ``lifetimes.utils.summary_data_from_transaction_data`` computes
them) and the behavioural signals that separate customer types (RFM, tenure,
basket, regularity of purchases, discount share, category breadth, conversion).

DuckDB does the work (:mod:`insight.features.engine`): it reads frames and files in place,
sorts the purchases by customer and day, and streams them to one pass per chunk of customers.

Conventions (Fader, Hardie & Lee 2005; lifetimes):

* purchases on the same calendar day are merged into one purchase (amounts summed);
* ``frequency`` = number of purchase days after the first; ``recency`` = time from
  the first to the last purchase day; ``T`` = time from the first purchase day to
  ``as_of``; all in ``time_unit`` (``"W"`` = days / 7, ``"D"`` = days,
  ``"M"`` = days / (365.25 / 12));
* ``monetary_value`` = mean amount of the repeat purchase days (the first day
  excluded), 0 for customers without a repeat purchase;
* negative amounts are returns or cancellations: they are not purchases, they are
  counted per customer (``returns``, ``returned_amount``) and in the cleaning report;
* rows without a customer id, and rows after ``as_of``, are removed and counted;
* exact duplicate rows (every column equal) are removed and counted: rows of one customer,
  day and amount are compared on the rest of the row, exactly where that is a calendar date
  or a timestamp, else by a 64-bit hash of the other columns.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..validate import check_in
from .columns import TIME_UNITS
from .engine import MEMORY_LIMIT, duckdb_summary, plain_pages

__all__ = ["customer_summary", "summarize", "ENGINES"]


#: engines besides DuckDB for :func:`customer_summary` and ``cohort_table`` (``engine=``): name ->
#: (summary function, cohort function), registered by the module that provides them (``import insight.features.spark``
#: registers "spark"), so this module never imports them
ENGINES: dict = {}


def registered_engine(engine: str):
    """The registered (summary, cohorts) functions of ``engine``, with a clear error when it is not there."""
    if engine not in ENGINES:
        hint = ' (import insight.features.spark first; it needs pip install "insight[spark]")' if engine == "spark" else ""
        raise DataValidationError(f"parameter 'engine' == {engine!r}: must be 'duckdb' or a registered engine "
                                  f"{sorted(ENGINES)}{hint}.")
    return ENGINES[engine]


def summarize(
    transactions: Any,
    customer_col: str | None = None,
    date_col: str | None = None,
    amount_col: str | None = None,
    *,
    as_of: Any = None,
    time_unit: str = "W",
    discount_col: str | None = None,
    category_col: str | None = None,
    visits: pd.DataFrame | str | os.PathLike | None = None,
    visits_customer_col: str | None = None,
    visits_date_col: str | None = None,
    threads: int | None = None,
    memory_limit: str | None = None,
    timezone: str | None = None,
    drop_duplicates: bool = True,
    engine: str = "duckdb",
) -> pd.DataFrame:
    """One row per customer from a transaction log (see the module docstring).

    Parameters
    ----------
    transactions : pandas.DataFrame, str, os.PathLike or insight.data.spec.DataSpec
        The log: a DataFrame, a path to a ``.parquet`` / ``.csv`` file, or a data specification
        (:class:`~insight.data.spec.DataSpec` or its YAML path), whose roles then name the columns
        (``customer_col`` etc. may be left out).
    customer_col, date_col, amount_col : str, optional
        Column names. Dates may be datetimes, ISO strings, ``YYYYMMDD`` integers or text in one local format
        (month-first and day-first mixed in one column are refused); amounts are in currency units.
    as_of : date-like, optional
        End of the observation period (default: the last transaction date). Transactions after it are removed
        and counted; a time-zone-aware one is first put in ``timezone``.
    time_unit : {"W", "D", "M"}, default "W"
        The unit of ``recency`` and ``T``: weeks (days / 7, the unit of the published CDNOW fits), days or months
        (days / (365.25 / 12)).
    discount_col : str, optional
        A discount column; a purchase row counts as discounted when the value is > 0 (or True).
    category_col : str, optional
        A product category column (for category breadth, ``categories``).
    visits : pandas.DataFrame, str or os.PathLike, optional
        A visits/sessions table (DataFrame or file) with a customer and a date column; gives ``visits`` and
        ``visits_per_purchase`` (purchase days per visit is the conversion).
    visits_customer_col, visits_date_col : str, optional
        The customer and date columns of ``visits`` (default: the same names as the transactions').
    threads, memory_limit : int, str, optional
        DuckDB settings (default: all cores, :data:`~insight.features.engine.MEMORY_LIMIT`); DuckDB spills its sort
        to disk beyond the limit (on 100M rows: 2.8 GB at the peak instead of about 5 GB, 1.5-2.5 s slower; "1GB":
        2.5 GB, 1-2 s slower still). ``threads`` also caps the threads of the per-customer pass (2 at most: they
        keep up with DuckDB's stream).
    timezone : str, optional
        Time zone in which days are cut (default the specification's, else "UTC"); time-zone-aware dates are
        converted to it, whatever the machine's zone.
    drop_duplicates : bool, default True
        Remove exact duplicate rows (every column equal), counted in the cleaning report; an exported line twice
        would otherwise count twice.
    engine : str, default "duckdb"
        "duckdb" (this machine) or "spark" (after ``import insight.features.spark``: the same summary computed in
        the Spark session, collected; see :mod:`insight.features.spark`).

    Returns
    -------
    insight.features.columns.CustomerSummary
        Its ``table`` is indexed by customer id, sorted by id, with columns ``first_purchase``, ``last_purchase``,
        ``frequency``, ``recency``, ``T``, ``monetary_value`` (buy-till-you-die); ``purchases`` (purchase days),
        ``recency_days`` (days since the last purchase), ``total_revenue``, ``avg_basket`` (revenue per purchase
        day), ``tenure_days``, ``interpurchase_cv`` (std / mean of days between purchase days; NaN with fewer than 2
        gaps), ``mean_gap_days``, ``returns``, ``returned_amount``; with ``discount_col``: ``discount_share``; with
        ``category_col``: ``categories``; with ``visits``: ``visits``, ``visits_per_purchase``. Beside it:
        ``cleaning`` (a :class:`~insight.data.cleaning.CleaningReport`), ``as_of`` and ``time_unit``.
        :func:`customer_summary` returns the table alone.

    Raises
    ------
    insight.exceptions.DataValidationError
        When a parameter is invalid (an unknown ``time_unit`` or ``engine``, an ``as_of`` that is no date), a
        column is missing, or the data fail a check (named with a count and an example).
    insight.exceptions.DataFileNotFoundError
        When a file is not found.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> result = summarize(load_cdnow(sample=True), "customer_id", "date", "amount")
    >>> result.table.shape, str(result.as_of.date()), result.cleaning.count("same_day")
    ((2357, 15), '1998-06-30', 202)
    >>> result.table[["frequency", "recency", "T", "monetary_value"]].round(2).head(3)
                 frequency  recency      T  monetary_value
    customer_id
    4                  3.0    49.29  77.86           23.72
    18                 0.0     0.00  77.43            0.00
    21                 1.0     1.71  77.86           11.77
    """
    check_in("time_unit", time_unit, list(TIME_UNITS))
    as_of = _local_day(as_of, timezone)
    if engine != "duckdb":
        out = registered_engine(engine)[0](transactions, customer_col, date_col, amount_col, as_of=as_of,
                                           time_unit=time_unit, discount_col=discount_col, category_col=category_col,
                                           visits=visits, timezone=timezone, drop_duplicates=drop_duplicates)
    else:
        with plain_pages():
            out = duckdb_summary(transactions, customer_col, date_col, amount_col, as_of=as_of, time_unit=time_unit,
                                 discount_col=discount_col, category_col=category_col, visits=visits,
                                 visits_customer_col=visits_customer_col, visits_date_col=visits_date_col,
                                 threads=threads, memory_limit=memory_limit or MEMORY_LIMIT, timezone=timezone,
                                 drop_duplicates=drop_duplicates)
    _refuse_overflow(out.table, amount_col)
    return out


def _refuse_overflow(table: pd.DataFrame, amount_col: str) -> None:
    """Amounts whose sum per customer is not a finite number (beyond about 1.8e308) would give infinite revenue."""
    rev = table["total_revenue"] if "total_revenue" in table else pd.Series(dtype=float)
    bad = ~np.isfinite(rev.to_numpy(dtype=float))
    if bad.any():
        raise DataValidationError(f"column {amount_col!r}: the amounts of {int(bad.sum()):,} of {len(rev):,} customers "
                                  f"add up to more than a number can hold, e.g. customer {rev.index[bad][0]!r}; "
                                  "check the amount column's unit or the rows of those customers.")


def _local_day(as_of, timezone: str | None):
    """``as_of`` as a time-zone-naive timestamp: a time-zone-aware one is first put in the summary's zone (where
    days are cut), so it compares with the log's days instead of failing; text that is no date is refused."""
    if as_of is None:
        return None
    try:
        ts = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise DataValidationError(f"parameter 'as_of' == {as_of!r}: not a date; use e.g. '2024-12-31'.") from None
    if ts is pd.NaT:
        raise DataValidationError(f"parameter 'as_of' == {as_of!r}: not a date; use e.g. '2024-12-31'.")
    return ts.tz_convert(timezone or "UTC").tz_localize(None) if ts.tzinfo is not None else ts


@functools.wraps(summarize)
def customer_summary(*args, **kwargs) -> pd.DataFrame:
    return summarize(*args, **kwargs).table


customer_summary.__doc__ = ("One row per customer: the ``table`` of :func:`summarize` (same parameters), a plain "
                            "DataFrame.\n\n" + (summarize.__doc__ or ""))
