"""The per-customer columns of the summary and how they are derived from the per-customer sums
(the same in every engine: DuckDB, Spark), with the labels of the signals that separate
customer types."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._results import Result
from ..data.cleaning import CleaningReport
from ..exceptions import DataValidationError
from ..parsers import DAYS_PER_UNIT
from ..validate import check_columns

__all__ = [
    "CustomerSummary", "CalibrationHoldout", "TIME_UNITS", "COLUMNS", "derive", "with_end",
    "describe_summary", "SIGNALS", "value_per_unit"]


#: days per time unit
TIME_UNITS = {code: DAYS_PER_UNIT[unit] for code, unit in (("D", "days"), ("W", "weeks"), ("M", "months"))}


#: the summary's columns from the per-customer pass, in order
COLUMNS = ["first_purchase", "last_purchase", "frequency", "recency", "T", "monetary_value", "purchases",
            "recency_days", "total_revenue", "avg_basket", "tenure_days", "interpurchase_cv", "mean_gap_days"]


def derive(out: dict, unit_days: float) -> dict:
    """The summary's columns that do not depend on ``as_of``, from the per-customer sums of ``_aggregate``.

    They replace the sums (the counts and the first and last day, counted from 1970-01-01, stay). The n = frequency
    gaps between purchase days sum to the recency in days, so their mean is span / n and their sample variance
    (n sum(gap^2) - span^2) / (n (n - 1)), exact in integers. Shared by the DuckDB path and the Spark path
    (:mod:`insight.features.spark`), so both compute the same figures.

    Parameters
    ----------
    out : dict of str to numpy.ndarray
        The sums per customer: ``first_day``, ``last_day`` (days since 1970-01-01), ``frequency``,
        ``first_day_revenue``, ``later_revenue``, ``gap_sumsq`` and any others (kept as they are).
    unit_days : float
        Days per time unit of ``recency`` (:data:`TIME_UNITS`).

    Returns
    -------
    dict of str to numpy.ndarray
        ``out`` without the four sums, with ``first_purchase``, ``last_purchase`` (datetime64), ``frequency``,
        ``recency``, ``monetary_value`` (0 without a repeat purchase), ``purchases``, ``total_revenue``,
        ``avg_basket``, ``interpurchase_cv`` (NaN with fewer than 2 gaps) and ``mean_gap_days`` (NaN without a gap).
    """
    first, last = out["first_day"], out["last_day"]
    span = last - first
    n = out["frequency"]
    nf = n.astype(float)
    total_revenue = out["first_day_revenue"] + out["later_revenue"]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_gap = span / nf
        mean_gap[n == 0] = np.nan
        cv = np.sqrt((nf * out["gap_sumsq"] - span * span) / (nf * (nf - 1))) / mean_gap
        cv[n < 2] = np.nan
        monetary = out["later_revenue"] / nf
        monetary[n == 0] = 0.0
    day = np.int64(86_400_000_000)   # microseconds
    kept = {k: v for k, v in out.items() if k not in ("frequency", "first_day_revenue", "later_revenue", "gap_sumsq")}
    return {**kept, "first_purchase": (first * day).view("datetime64[us]"),
            "last_purchase": (last * day).view("datetime64[us]"), "frequency": nf, "recency": span / unit_days,
            "monetary_value": monetary, "purchases": n + 1, "total_revenue": total_revenue,
            "avg_basket": total_revenue / (nf + 1), "interpurchase_cv": cv, "mean_gap_days": mean_gap}


def with_end(out: dict, end: int, unit_days: float) -> dict:
    """The summary's columns (:data:`COLUMNS`) from :func:`derive`'s, given ``end``, the day of ``as_of``.

    Parameters
    ----------
    out : dict of str to numpy.ndarray
        The columns of :func:`derive`.
    end : int
        The day of ``as_of``, counted from 1970-01-01.
    unit_days : float
        Days per time unit of ``T``.

    Returns
    -------
    dict of str to numpy.ndarray
        The :data:`COLUMNS`, in order, with ``T``, ``recency_days`` and ``tenure_days`` computed up to ``end``.
    """
    tenure = end - out["first_day"]
    at_end = {"T": tenure / unit_days, "recency_days": end - out["last_day"], "tenure_days": tenure}
    return {k: at_end[k] if k in at_end else out[k] for k in COLUMNS}


#: the summary's signals, in the order reports show them
SIGNALS = ("purchases", "frequency", "recency_days", "tenure_days", "total_revenue", "avg_basket", "mean_gap_days",
           "returns", "discount_share", "categories", "visits_per_purchase", "interpurchase_cv")

def describe_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """A short table of the main signals per customer (``median``, ``mean``, ``p90``: the 90th percentile), one
    row per signal column of the summary (in :data:`SIGNALS` order): what a report shows, with the signals'
    names in words, instead of a ``describe()`` dump.

    Parameters
    ----------
    summary : pandas.DataFrame
        A customer summary (:func:`insight.features.summary.customer_summary`); it needs ``purchases`` and
        ``total_revenue``, the other signals are taken where present.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``signal``, columns ``median``, ``mean`` and ``p90``, rounded to 2 decimals.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``summary`` lacks ``purchases`` or ``total_revenue``.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount")
    >>> describe_summary(summary).head(3)
                  median    mean    p90
    signal
    purchases        1.0    2.84    6.0
    frequency        0.0    1.84    5.0
    recency_days   473.0  371.56  527.0
    """
    check_columns(summary, ["purchases", "total_revenue"], name="summary")
    cols = [c for c in SIGNALS if c in summary.columns]
    stats = summary[cols].astype(float).agg(["median", "mean", lambda s: s.quantile(0.9)]).T
    stats.columns = ["median", "mean", "p90"]
    stats.index.name = "signal"
    return stats.round(2)


@dataclass
class CustomerSummary(Result):
    """One row per customer with what was cleaned on the way.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per customer, see :func:`~insight.features.summary.customer_summary` for the columns.
    cleaning : insight.data.cleaning.CleaningReport
        What was cleaned on the way (rows read and kept, duplicates, returns, rows after ``as_of`` ...).
    as_of : pandas.Timestamp
        The day the summary is computed up to.
    time_unit : str
        ``"D"``, ``"W"`` or ``"M"``: the unit of ``recency`` and ``T``.
    """

    table: pd.DataFrame
    cleaning: CleaningReport
    as_of: pd.Timestamp
    time_unit: str

    def summary(self) -> pd.DataFrame:
        """Customers, the period and the cleaning in one table (the per-customer figures are in ``table``).

        Returns
        -------
        pandas.DataFrame
            One column ``value``, rows ``customers``, ``as_of``, ``time_unit``, ``rows_read`` and ``rows_kept``.
        """
        return pd.DataFrame({"value": pd.Series({
            "customers": len(self.table), "as_of": self.as_of, "time_unit": self.time_unit,
            "rows_read": self.cleaning.rows_in, "rows_kept": self.cleaning.rows_out}, dtype=object)})


# --------------------------------------------------------------------------- holdout
@dataclass
class CalibrationHoldout(Result):
    """A log split at ``calibration_end`` (:func:`insight.models.clv.holdout.split_calibration`).

    Parameters
    ----------
    table : pandas.DataFrame
        The calibration summary with each customer's actual holdout purchases (``holdout_purchases``, repeat
        purchase days) and ``holdout_length`` (time units).
    cleaning : insight.data.cleaning.CleaningReport
        What cleaning did, on the whole log.
    new_in_holdout : int
        Customers first seen in the holdout, left out of ``table``.
    calibration_end, holdout_end : pandas.Timestamp
        The last days of the calibration and holdout periods.
    time_unit : str
        ``"D"``, ``"W"`` or ``"M"``.
    """

    table: pd.DataFrame
    cleaning: CleaningReport
    new_in_holdout: int
    calibration_end: pd.Timestamp
    holdout_end: pd.Timestamp
    time_unit: str

    def summary(self) -> pd.DataFrame:
        """Customers, the customers new in the holdout, the two dates and the time unit in one table.

        Returns
        -------
        pandas.DataFrame
            One column ``value``, rows ``customers``, ``new_in_holdout``, ``calibration_end``, ``holdout_end`` and
            ``time_unit``.
        """
        return pd.DataFrame({"value": pd.Series({
            "customers": len(self.table), "new_in_holdout": self.new_in_holdout,
            "calibration_end": self.calibration_end, "holdout_end": self.holdout_end,
            "time_unit": self.time_unit}, dtype=object)})


def value_per_unit(value, period: str, unit: str = "months", tenure=None, *, key: str = "value_period") -> pd.Series:
    """A customer value column converted to a value per ``unit`` (a key of :data:`insight.parsers.DAYS_PER_UNIT`).

    Parameters
    ----------
    value : array-like
        The values (non-numbers become NaN).
    period : str
        What the column covers (:func:`insight.parsers.parse_value_period`): a value per period (``"month"``,
        ``"year"`` ...) is rescaled; the value of a customer's first N days (``"first 90 days"``) is divided by
        N days, or by the customer's ``tenure`` when that is shorter (at least one ``unit``, or N days when shorter);
        a value to date (``"to date"``) is divided by the customer's ``tenure``, counted as at least one ``unit``.
    unit : str, default "months"
        The unit of the result and of ``tenure``.
    tenure : array-like, optional
        Each customer's time with the company, in ``unit``; required for the last two kinds of ``period``.
    key : str, default "value_period"
        The name of ``period`` in error messages.

    Returns
    -------
    pandas.Series
        The value per ``unit``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``unit`` or ``period`` is unknown, or ``tenure`` is missing (or has missing or negative values) where
        it is needed.

    Examples
    --------
    >>> value_per_unit([120.0, 30.0], "year").tolist()
    [10.0, 2.5]
    >>> value_per_unit([300.0, 50.0], "to date", tenure=[10, 0.5]).tolist()
    [30.0, 50.0]
    """
    from ..parsers import parse_value_period
    from ..validate import check_in

    check_in("unit", unit, list(DAYS_PER_UNIT))
    kind, days = parse_value_period(period, key)
    v = pd.to_numeric(pd.Series(value), errors="coerce").astype(float)
    unit_days = DAYS_PER_UNIT[unit]
    if kind == "per":
        return v * unit_days / days
    if tenure is None:
        raise DataValidationError(f"{key} == {period!r}: a value over the customer's first days or to date needs "
                                  "each customer's time with the company (a duration column) to be made per period.")
    t = pd.Series(pd.to_numeric(pd.Series(tenure), errors="coerce").to_numpy(dtype=float), index=v.index) * unit_days
    bad = t.isna() | (t < 0)
    if bad.any():
        raise DataValidationError(f"duration: {int(bad.sum()):,} of {len(t):,} customers have a missing or negative "
                                  f"time with the company; e.g. {t[bad].iloc[0]!r}.")
    covered = t.clip(lower=unit_days) if kind == "to_date" else t.clip(lower=min(days, unit_days), upper=days)
    return v / covered * unit_days
