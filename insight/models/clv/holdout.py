"""Does the model predict? Calibration and holdout periods, predicted against actual
purchases beside a naive baseline and the lifetimes package, and the tracking curve."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..._results import Result
from ...exceptions import DataValidationError
from ...features.columns import CalibrationHoldout
from ...validate import check_columns, check_in

__all__ = [
    "holdout_metrics", "calibration_holdout", "split_calibration", "CalibrationHoldout", "Tracking",
    "holdout_report", "HoldoutCheck", "holdout_check", "lifetimes_holdout", "tracking", "tracking_gap",
    "AliveCheck", "alive_check",
]


def calibration_holdout(*args, **kwargs) -> pd.DataFrame:
    """The ``table`` of :func:`split_calibration` (same parameters): the calibration summary with
    ``holdout_purchases`` and ``holdout_length``, as the models fit and check on it.

    Parameters
    ----------
    *args, **kwargs
        The parameters of :func:`split_calibration`.

    Returns
    -------
    pandas.DataFrame
        One row per customer seen by ``calibration_end``: the columns of
        :func:`insight.features.summary.customer_summary` at ``calibration_end``, plus ``holdout_purchases``
        (repeat purchase days in the holdout) and ``holdout_length`` (time units).

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.models.clv import calibration_holdout
    >>> table = calibration_holdout(load_cdnow(sample=True), "customer_id", "date", "amount",
    ...                             calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> table[["frequency", "recency", "T", "holdout_purchases", "holdout_length"]].round(2).head(3)
                 frequency  recency      T  holdout_purchases  holdout_length
    customer_id
    4                  2.0    30.43  38.86                1.0            39.0
    18                 0.0     0.00  38.43                0.0            39.0
    21                 1.0     1.71  38.86                0.0            39.0
    """
    return split_calibration(*args, **kwargs).table


def split_calibration(transactions, customer_col: str | None = None, date_col: str | None = None,
                      amount_col: str | None = None, *, calibration_end, holdout_end, time_unit: str = "W",
                      **summary_kwargs) -> CalibrationHoldout:
    """Split a log at ``calibration_end``: calibration summary plus actual holdout purchases.

    ``transactions`` is anything :func:`insight.features.summary.customer_summary` reads (a
    DataFrame, a Parquet/CSV file or a data specification); ``summary_kwargs`` go to it
    (e.g. ``drop_duplicates``, ``timezone``). Customers first seen in the holdout period
    are excluded (and counted). Returns a :class:`~insight.features.columns.CalibrationHoldout` whose ``table`` is the
    calibration summary with ``holdout_purchases`` (repeat purchase days in the holdout) and
    ``holdout_length`` (time units).

    Parameters
    ----------
    transactions : pandas.DataFrame, str or path
        The transaction log, or a Parquet/CSV file or data specification.
    customer_col, date_col, amount_col : str, optional
        Column names (may be left out with a data specification, whose roles name them).
    calibration_end : date-like
        Last day of the calibration period.
    holdout_end : date-like
        Last day of the holdout period; after ``calibration_end``.
    time_unit : str, default "W"
        Time unit of ``recency``, ``T`` and ``holdout_length``: "W" (weeks), "D" (days) or "M" (months).
    **summary_kwargs
        Further parameters of :func:`insight.features.summary.customer_summary`.

    Returns
    -------
    insight.features.columns.CalibrationHoldout
        ``table`` (above), the ``cleaning`` report, ``new_in_holdout`` (customers first seen in the holdout,
        excluded), ``calibration_end``, ``holdout_end`` and ``time_unit``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``holdout_end`` is not after ``calibration_end``, or the calibration period holds no purchase.

    See Also
    --------
    calibration_holdout : the table only.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.models.clv import split_calibration
    >>> split = split_calibration(load_cdnow(sample=True), "customer_id", "date", "amount",
    ...                           calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> split.table.shape, split.new_in_holdout
    ((2357, 17), 0)
    >>> float(split.table["holdout_purchases"].sum())
    1882.0
    """
    from ...features.columns import TIME_UNITS
    from ...features.summary import customer_summary, summarize

    cal_end, hold_end = pd.Timestamp(calibration_end), pd.Timestamp(holdout_end)
    if hold_end <= cal_end:
        raise DataValidationError(f"parameter 'holdout_end' == {hold_end.date()} must be after "
                                  f"'calibration_end' == {cal_end.date()}.")
    whole = summarize(transactions, customer_col, date_col, amount_col, as_of=hold_end, time_unit=time_unit,
                      **summary_kwargs)
    full = whole.table
    first = full["first_purchase"]
    if (first > cal_end).all():
        raise DataValidationError(f"parameter 'calibration_end' == {cal_end.date()}: the calibration period holds no "
                                  f"purchase (the first is on {first.min().date()}).")
    cal = customer_summary(transactions, customer_col, date_col, amount_col, as_of=cal_end, time_unit=time_unit,
                           **summary_kwargs)
    new = full.index.difference(cal.index)
    out = cal.copy()
    out["holdout_purchases"] = (full.loc[cal.index, "purchases"] - cal["purchases"]).astype(float)
    out["holdout_length"] = (hold_end - cal_end).days / TIME_UNITS[time_unit]
    return CalibrationHoldout(out, whole.cleaning, int(len(new)), cal_end, hold_end, time_unit)


def _correlation(a, b) -> float:
    """Pearson's correlation of two arrays; NaN (with no warning) when either is constant (no one bought)."""
    return float(np.corrcoef(a, b)[0, 1]) if np.std(a) > 0 and np.std(b) > 0 else float("nan")


def holdout_metrics(pred, data: pd.DataFrame, frequency_col: str = "frequency", T_col: str = "T") -> dict:
    """Predicted against actual holdout purchases, beside the naive baseline (frequency / T x holdout length).

    Parameters
    ----------
    pred : numpy.ndarray
        Predicted holdout purchases, one per row of ``data``.
    data : pandas.DataFrame
        The :func:`calibration_holdout` table (``holdout_purchases``, ``holdout_length``).
    frequency_col, T_col : str, default "frequency", "T"
        Its frequency and T columns, for the baseline.

    Returns
    -------
    dict
        ``customers``; ``actual_total``, ``predicted_total``, ``total_error`` (predicted / actual - 1), ``mae``
        (mean absolute error per customer) and ``correlation``; the baseline's ``naive_total``, ``naive_mae`` and
        ``naive_correlation``.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.models.clv import BetaGeo, calibration_holdout, holdout_metrics
    >>> table = calibration_holdout(load_cdnow(sample=True), "customer_id", "date", "amount",
    ...                             calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> pred = BetaGeo().fit(table).expected_purchases(table, 39.0).to_numpy()
    >>> m = holdout_metrics(pred, table)
    >>> round(m["predicted_total"], 1), m["actual_total"], round(m["naive_total"], 1)
    (1653.4, 1882.0, 2930.1)
    """
    t = float(data["holdout_length"].iloc[0])
    act = data["holdout_purchases"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        naive = np.where(data[T_col] > 0, data[frequency_col] / data[T_col] * t, 0.0)
    return {
        "customers": len(act),
        "actual_total": float(act.sum()),
        "predicted_total": float(pred.sum()),
        "total_error": float(pred.sum() / act.sum() - 1) if act.sum() > 0 else float("nan"),   # no one bought
        "mae": float(np.mean(np.abs(pred - act))),
        "correlation": _correlation(pred, act),
        "naive_total": float(naive.sum()),
        "naive_mae": float(np.mean(np.abs(naive - act))),
        "naive_correlation": _correlation(naive, act),
    }


def holdout_report(model, data: pd.DataFrame) -> dict:
    """Predicted vs actual holdout purchases: per-customer MAE, totals, correlation, and a naive baseline.

    ``data`` comes from :func:`calibration_holdout`. The baseline repeats each
    customer's calibration rate: frequency / T x holdout length.

    Parameters
    ----------
    model : insight.models.clv.CustomerBaseModel
        A count model fitted on ``data``.
    data : pandas.DataFrame
        The :func:`calibration_holdout` table.

    Returns
    -------
    dict
        The figures of :func:`holdout_metrics`.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.models.clv import BetaGeo, calibration_holdout
    >>> table = calibration_holdout(load_cdnow(sample=True), "customer_id", "date", "amount",
    ...                             calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> bg = BetaGeo().fit(table)
    >>> from insight.models.clv import holdout_report
    >>> h = holdout_report(bg, table)
    >>> round(h["mae"], 3), round(h["naive_mae"], 3), round(h["correlation"], 3)
    (0.785, 1.024, 0.626)
    """
    check_columns(data, [model.frequency_col, model.recency_col, model.T_col, "holdout_purchases", "holdout_length"],
                  name="data")
    t = float(data["holdout_length"].iloc[0])
    return holdout_metrics(model.expected_purchases(data, t).to_numpy(), data, model.frequency_col, model.T_col)


@dataclass
class HoldoutCheck:
    """The holdout comparison of :func:`holdout_check`.

    Attributes
    ----------
    table : pandas.DataFrame
        Total purchases, error per customer (``mae``) and correlation (rows) for the model, the naive baseline,
        lifetimes (when it is installed and fits) and the actual (columns).
    metrics : dict
        The model's figures of :func:`holdout_metrics`.
    lifetimes_failed : str
        Why lifetimes could not fit, or "".
    """

    table: pd.DataFrame
    metrics: dict
    lifetimes_failed: str = ""


def holdout_check(model, data: pd.DataFrame, name: str = "bgnbd") -> HoldoutCheck:
    """:func:`holdout_report` as a table beside the naive baseline and, where it fits, the lifetimes package
    on the same split (``name`` is the registry name of ``model``).

    Parameters
    ----------
    model : insight.models.clv.CustomerBaseModel
        A count model fitted on ``data``.
    data : pandas.DataFrame
        The :func:`calibration_holdout` table.
    name : str, default "bgnbd"
        Registry name of ``model``, for the lifetimes fitter of the same model.

    Returns
    -------
    HoldoutCheck
        The table and figures.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.models.clv import BetaGeo, calibration_holdout
    >>> table = calibration_holdout(load_cdnow(sample=True), "customer_id", "date", "amount",
    ...                             calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> bg = BetaGeo().fit(table)
    >>> from insight.models.clv import holdout_check
    >>> check = holdout_check(bg, table)
    >>> check.table["model"].round(3).tolist()
    [1653.409, 0.785, 0.626]
    >>> check.table["actual"].tolist()
    [1882.0, 0.0, 1.0]
    """
    h = holdout_report(model, data)
    rows = ["total_purchases", "mae", "correlation"]
    table = pd.DataFrame({"model": [h["predicted_total"], h["mae"], h["correlation"]],
                          "naive_baseline": [h["naive_total"], h["naive_mae"], h["naive_correlation"]],
                          "actual": [h["actual_total"], 0.0, 1.0]}, index=rows)
    ref = lifetimes_holdout(data, name)
    if ref is not None and "failed" not in ref:
        table.insert(1, "lifetimes", [ref["predicted_total"], ref["mae"], ref["correlation"]])
    return HoldoutCheck(table, h, ref["failed"] if ref is not None and "failed" in ref else "")


def lifetimes_holdout(data: pd.DataFrame, model: str = "bgnbd") -> dict | None:
    """The same holdout figures from the ``lifetimes`` package fitted on the same split.

    A reference column for the report, so readers can see that the numbers are not
    an artefact of this implementation. Returns None when ``lifetimes`` (a dev
    extra, not a dependency) is not installed, and ``{"failed": reason}`` when its
    fit fails (it raises ConvergenceError on many small logs): a cross-check never
    fails a report. Its own holdout utility fails on current pandas, so only its
    fitter and predictor are used here.

    Parameters
    ----------
    data : pandas.DataFrame
        The :func:`calibration_holdout` table, with columns ``frequency``, ``recency``, ``T``,
        ``holdout_purchases`` and ``holdout_length``.
    model : str, default "bgnbd"
        Registry name of the count model (see :func:`insight.models.clv.count_models`).

    Returns
    -------
    dict or None
        The figures of :func:`holdout_metrics`, ``{"failed": reason}``, or None without ``lifetimes``.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.models.clv import calibration_holdout, lifetimes_holdout
    >>> table = calibration_holdout(load_cdnow(sample=True), "customer_id", "date", "amount",
    ...                             calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> ref = lifetimes_holdout(table)
    >>> ref is None or "failed" in ref or round(ref["predicted_total"], 1) == 1653.4
    True
    """
    from .registry import count_models

    check_in("model", model, list(count_models()))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import lifetimes
    except ImportError:
        return None
    check_columns(data, ["frequency", "recency", "T", "holdout_purchases", "holdout_length"], name="data")
    import contextlib
    import io

    fitter = getattr(lifetimes, count_models()[model].lifetimes_fitter)()
    with warnings.catch_warnings(), np.errstate(all="ignore"), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        try:
            fitter.fit(data["frequency"], data["recency"], data["T"])
            pred = fitter.conditional_expected_number_of_purchases_up_to_time(
                float(data["holdout_length"].iloc[0]), data["frequency"], data["recency"], data["T"])
        except Exception as exc:  # lifetimes' ConvergenceError, LinAlgError, ...
            return {"failed": f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"}
    return holdout_metrics(np.asarray(pred, dtype=float), data)


@dataclass
class Tracking(Result):
    """Actual and expected repeat purchases per period, from :func:`tracking`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per period: ``period``, ``actual``, ``expected``, ``actual_cumulative``, ``expected_cumulative``
        (and ``expected_cumulative_low`` / ``_high`` with parameter draws).
    calibration_period : float
        Where the calibration period ends, in time units since the cohort's first purchase.
    """

    table: pd.DataFrame
    calibration_period: float


def tracking_gap(track: Tracking) -> float:
    """How far the cumulative tracking curve of :func:`tracking` ends from the actual repeat purchases (a share).

    Parameters
    ----------
    track : Tracking
        The result of :func:`tracking`.

    Returns
    -------
    float
        Expected / actual cumulative repeat purchases at the last period, minus 1 (-0.04: 4% too few).

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.models.clv import BetaGeo, calibration_holdout, tracking, tracking_gap
    >>> tx = load_cdnow(sample=True)
    >>> table = calibration_holdout(tx, "customer_id", "date", "amount",
    ...                             calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> track = tracking(BetaGeo().fit(table), tx, "customer_id", "date", "amount",
    ...                  calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> round(tracking_gap(track), 3)
    -0.04
    """
    return float(track.table["expected_cumulative"].iloc[-1] / track.table["actual_cumulative"].iloc[-1] - 1)


def tracking(model, transactions, customer_col: str, date_col: str, amount_col: str, *,
             calibration_end, holdout_end, time_unit: str = "W", draws: pd.DataFrame | None = None,
             level: float = 0.9) -> Tracking:
    """Actual and expected repeat purchases per period, for the cohort seen by ``calibration_end``.

    ``transactions`` is a DataFrame or a data specification (whose role names are then
    the column names). Expected counts sum, over customers, the model's unconditional
    expected repeat purchases since each customer's first purchase. Returns one row per
    period with ``actual``, ``expected`` and their cumulative sums (a :class:`Tracking`'s ``table``,
    beside the ``calibration_period`` in time units). With ``draws`` (parameter sets, e.g. from
    :func:`insight.models.clv.intervals.parameter_draws`) the cumulative expectation gets a ``level``
    band: ``expected_cumulative_low`` and ``_high``.

    Parameters
    ----------
    model : insight.models.clv.CustomerBaseModel
        A fitted count model (it gives ``expected_purchases_new``).
    transactions : pandas.DataFrame or insight.data.spec.DataSpec
        The transaction log (same-day purchases are merged; negative amounts left out).
    customer_col, date_col, amount_col : str
        Column names.
    calibration_end, holdout_end : date-like
        Ends of the calibration and holdout periods; the cohort is the customers first seen by
        ``calibration_end``.
    time_unit : str, default "W"
        Length of a period: "W" (weeks), "D" (days) or "M" (months), as the model was fitted.
    draws : pandas.DataFrame, optional
        Parameter sets, one per row in the model's parameter order.
    level : float, default 0.9
        Coverage of the band.

    Returns
    -------
    Tracking
        The table and the end of the calibration period.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``transactions`` is neither a DataFrame nor a data specification.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.models.clv import BetaGeo, calibration_holdout, tracking
    >>> tx = load_cdnow(sample=True)
    >>> table = calibration_holdout(tx, "customer_id", "date", "amount",
    ...                             calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> track = tracking(BetaGeo().fit(table), tx, "customer_id", "date", "amount",
    ...                  calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> track.table.round(2).tail(2)
        period  actual  expected  actual_cumulative  expected_cumulative
    76      77      32     35.78               4311              4130.16
    77      78      28     35.50               4339              4165.66
    >>> round(track.calibration_period, 2)
    38.86
    """
    from ...data.spec import DataSpec
    from ...features.columns import TIME_UNITS
    from ...data.cleaning import merge_same_day

    unit = TIME_UNITS[time_unit]
    cal_end, hold_end = pd.Timestamp(calibration_end), pd.Timestamp(holdout_end)
    if isinstance(transactions, DataSpec):
        transactions, _ = transactions.load()
    elif not isinstance(transactions, pd.DataFrame):
        raise DataValidationError(f"parameter 'transactions' must be a DataFrame or a data specification, got "
                                  f"{type(transactions).__name__}.")
    tx = transactions[[customer_col, date_col, amount_col]].dropna(subset=[customer_col])
    tx = tx[pd.to_numeric(tx[amount_col], errors="coerce") >= 0]
    days, _ = merge_same_day(tx, customer_col, date_col, amount_col)
    first = days.groupby(customer_col)[date_col].transform("min")
    days = days[(first <= cal_end) & (days[date_col] <= hold_end)]
    first = first.loc[days.index]
    start = first.min()
    period = ((days[date_col] - start).dt.days // unit).astype(int)
    n_periods = int((hold_end - start).days // unit) + 1
    actual = np.bincount(period[days[date_col] > first], minlength=n_periods)[:n_periods]
    f = ((days.groupby(customer_col)[date_col].min() - start).dt.days / unit).to_numpy()
    uniq, cnt = np.unique(f, return_counts=True)
    ends = np.arange(1, n_periods + 1, dtype=float)
    age = np.clip(ends[:, None] - uniq[None, :], 0, None)

    def cumulative(m):
        return (m.expected_purchases_new(age) * cnt).sum(axis=1)

    cum_exp = cumulative(model)
    out = pd.DataFrame({"period": np.arange(1, n_periods + 1), "actual": actual,
                        "expected": np.diff(np.concatenate([[0.0], cum_exp]))})
    out["actual_cumulative"] = out["actual"].cumsum()
    out["expected_cumulative"] = cum_exp
    if draws is not None:
        sims = []
        for row in np.asarray(draws, dtype=float):
            with np.errstate(all="ignore"):
                sims.append(cumulative(model.with_params(row)))
        sims = np.array(sims)
        sims = sims[np.isfinite(sims).all(axis=1)]
        out["expected_cumulative_low"], out["expected_cumulative_high"] = np.quantile(
            sims, [(1 - level) / 2, 1 - (1 - level) / 2], axis=0)
    return Tracking(out, (cal_end - start).days / unit)


@dataclass
class AliveCheck(Result):
    """How many customers the model expects to be alive and to buy in the holdout, against how many did.

    ``expected_alive`` sums P(alive) at the end of calibration; ``expected_active`` sums P(at least one purchase
    in the holdout) (None for a model that does not give it); ``actual_active`` counts the customers who bought
    in the holdout, a lower bound on those alive. ``verdict`` is ``"over"`` or ``"under"`` when the model's
    expectation is off by more than ``tolerance`` and by more than twice its own standard deviation, else
    ``"ok"`` (``"under"`` also when fewer are expected alive than actually bought).

    Attributes
    ----------
    n : int
        Customers in the table.
    expected_alive : float
        Sum of P(alive) at the end of calibration.
    expected_active : float or None
        Sum of P(at least one purchase in the holdout).
    sd_active : float or None
        Standard deviation of the number of active customers under the model.
    actual_active : int
        Customers who bought in the holdout.
    verdict : str
        "ok", "over" or "under".
    """

    n: int
    expected_alive: float
    expected_active: float | None
    sd_active: float | None
    actual_active: int
    verdict: str

    @property
    def gap(self) -> float | None:
        """Relative error of the expected number of active customers (0.19: the model expects 19% too many)."""
        if self.expected_active is None or not self.actual_active:
            return None
        return self.expected_active / self.actual_active - 1


def alive_check(model, table: pd.DataFrame, *, tolerance: float = 0.05) -> AliveCheck:
    """Compare a fitted count model's customers alive and active with the holdout of ``table`` (the
    :func:`calibration_holdout` table the model was fitted on, with ``holdout_purchases`` and ``holdout_length``).

    Parameters
    ----------
    model : insight.models.clv.CustomerBaseModel
        A count model fitted on ``table``.
    table : pandas.DataFrame
        The :func:`calibration_holdout` table.
    tolerance : float, default 0.05
        Relative error of the expected active customers that passes (beyond twice its standard deviation).

    Returns
    -------
    AliveCheck
        The expected and actual counts and the verdict.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.models.clv import BetaGeo, calibration_holdout
    >>> table = calibration_holdout(load_cdnow(sample=True), "customer_id", "date", "amount",
    ...                             calibration_end="1997-09-30", holdout_end="1998-06-30")
    >>> bg = BetaGeo().fit(table)
    >>> from insight.models.clv import alive_check
    >>> check = alive_check(bg, table)
    >>> round(check.expected_active), check.actual_active, check.verdict
    (617, 684, 'under')
    """
    check_columns(table, ["holdout_purchases", "holdout_length"], name="calibration/holdout table")
    model.check_fitted()
    actual = int((table["holdout_purchases"] > 0).sum())
    alive = float(model.p_alive(table).sum())
    expected = sd = None
    if hasattr(model, "p_any_purchase"):
        p = model.p_any_purchase(table, float(table["holdout_length"].iloc[0])).to_numpy()
        expected, sd = float(p.sum()), float(np.sqrt((p * (1 - p)).sum()))
    verdict = "under" if alive < actual else "ok"
    if expected is not None and abs(expected - actual) > max(tolerance * actual, 2 * sd):
        verdict = "over" if expected > actual else "under"
    return AliveCheck(len(table), alive, expected, sd, actual, verdict)

