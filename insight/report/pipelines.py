"""The pipelines every report shares on its sources (:mod:`insight.report.sources`): customer values and what a
customer brings a year from a purchase log, the calibration split, and the retention plan of a churn table; one
function, so one set of figures in every report that shows them. :mod:`insight.report.sources` re-exports them."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import ConvergenceWarning, DataValidationError
from ..models.churn import ChurnModel
from ..models.clv.holdout import split_calibration
from ..models.clv.registry import fit_models
from ..models.clv.value import value_customers
from ..parsers import to_bool
from ..retention import retention_plan

__all__ = ["revenue_last_year", "current_values", "LogEconomics", "log_economics", "split_dates", "source_model",
           "subscriber_plan"]


def revenue_last_year(source, end, index) -> pd.Series:
    """Purchase revenue per customer of ``index`` in the 365 days up to ``end``: the difference of two summaries.

    Parameters
    ----------
    source : insight.report.sources.TransactionSource
        The purchase log.
    end : str or pandas.Timestamp
        The last day counted.
    index : pandas.Index
        The customers to return; customers without purchases get 0.

    Returns
    -------
    pandas.Series
        Revenue per customer (currency units), indexed like ``index``."""
    from ..features.summary import customer_summary

    end = pd.Timestamp(end)
    kw = {**source.summary_kwargs(), "visits": None, "discount_col": None, "category_col": None}
    now = customer_summary(source.transactions, as_of=end, **kw)["total_revenue"]
    before = customer_summary(source.transactions, as_of=end - pd.Timedelta(days=365), **kw)["total_revenue"]
    return (now - before.reindex(now.index, fill_value=0.0)).reindex(index, fill_value=0.0)


def current_values(source, *, model: str = "bgnbd", time_unit: str = "W", end=None, horizon: float = 52.0,
                   discount_rate: float = 0.01, margin: float = 0.3, p_alive_threshold: float = 0.5):
    """Every customer's P(alive) and CLV from all purchases up to ``end`` (default: the last purchase day).

    The CLV and overview reports both call this, so their figures are the same.

    Parameters
    ----------
    source : insight.report.sources.TransactionSource
        The purchase log.
    model : str, default "bgnbd"
        The purchase model (a name of :func:`insight.models.clv.count_models`).
    time_unit : str, default "W"
        Time unit of the summary and the models.
    end : str or pandas.Timestamp, optional
        The last day used; by default the holdout end of :func:`split_dates` (the last purchase day).
    horizon : float, default 52.0
        Valuation horizon, in ``time_unit``.
    discount_rate : float, default 0.01
        Discount rate per month.
    margin : float, default 0.3
        Share of spend that is profit.
    p_alive_threshold : float, default 0.5
        A customer below this P(alive) counts as having left.

    Returns
    -------
    values : insight.models.clv.CustomerValues
        Every customer's P(alive), CLV and whether the fit can be trusted (:func:`insight.models.clv.value_customers`).
    split : insight.models.clv.CalibrationHoldout
        The split whose ``table`` (the customer summary up to ``end``) the models were fitted on.
    models : tuple
        ``(count_model, spend_model)``, fitted."""
    tx, kw = source.transactions, source.summary_kwargs()
    if end is None:
        end = split_dates(source, "", "")[1]
    end = pd.Timestamp(end)
    split = split_calibration(tx, kw["customer_col"], kw["date_col"], kw["amount_col"],
                              calibration_end=end - pd.Timedelta(days=1), holdout_end=end, time_unit=time_unit,
                              drop_duplicates=kw["drop_duplicates"], timezone=kw.get("timezone", "UTC"),
                              engine=kw["engine"])
    full = split.table
    with warnings.catch_warnings():   # the fit's status is in values.trusted / values.reason, stated in words
        warnings.simplefilter("ignore", ConvergenceWarning)
        models = fit_models(full, model)
    values = value_customers(*models, full, horizon=horizon, time_unit=time_unit, discount_rate=discount_rate,
                             margin=margin, p_alive_threshold=p_alive_threshold)
    return values, split, models


@dataclass
class LogEconomics:
    """What a purchase log says a customer is worth, as every priced action uses it (:func:`log_economics`).

    Attributes
    ----------
    worth : insight.models.clv.CustomerValues
        Customer values from :func:`current_values`.
    split : insight.models.clv.CalibrationHoldout
        Its calibration split.
    revenue_12m : pandas.Series
        Purchase revenue per customer in the 365 days to the end (currency units).
    annual_margin : float
        A year's margin of an active customer (mean ``revenue_12m`` of the active customers times the margin).
    active : int
        Customers the model does not count as having left.
    years : float
        Years the log covers, first purchase to the end.
    months : float
        The horizon in whole months."""

    worth: object                   # insight.models.clv.CustomerValues from current_values
    split: object                   # its CalibrationHoldout
    revenue_12m: pd.Series          # purchase revenue per customer in the 365 days to the end
    annual_margin: float            # a year's margin of an active customer (mean revenue_12m of the active x margin)
    active: int                     # customers the model does not count as having left
    years: float                    # years the log covers, first purchase to the end
    months: float                   # the horizon in whole months


def log_economics(source, *, horizon: float = 52.0, discount_rate: float = 0.01, margin: float = 0.3,
                  p_alive_threshold: float = 0.5, end=None) -> LogEconomics:
    """Customer values (:func:`current_values`) and what an active customer brings a year, from a
    :class:`~insight.report.sources.TransactionSource`: the basis of every action the overview, CLV, customer types and
    satisfaction reports price, so that they price it alike.

    Parameters
    ----------
    source : insight.report.sources.TransactionSource
        The purchase log.
    horizon : float, default 52.0
        Valuation horizon, in weeks (the models' time unit).
    discount_rate : float, default 0.01
        Discount rate per month.
    margin : float, default 0.3
        Share of spend that is profit.
    p_alive_threshold : float, default 0.5
        A customer below this P(alive) counts as having left.
    end : str or pandas.Timestamp, optional
        The last day used; by default the last purchase day.

    Returns
    -------
    LogEconomics"""
    from ..features.columns import TIME_UNITS
    from ..parsers import whole_months

    worth, split, _ = current_values(source, horizon=horizon, discount_rate=discount_rate, margin=margin,
                                     p_alive_threshold=p_alive_threshold, end=end)
    end = split.holdout_end
    revenue = revenue_last_year(source, end, worth.values.index)
    active = ~worth.churned
    years = (end - pd.Timestamp(split.table["first_purchase"].min())).days / 365.25
    return LogEconomics(worth, split, revenue, float(revenue[active].mean() * margin), int(active.sum()), years,
                        whole_months(horizon, TIME_UNITS[worth.time_unit]))


def split_dates(source, calibration_end: str = "", holdout_end: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    """Calibration and holdout ends for a :class:`~insight.report.sources.TransactionSource`.

    Given dates are used as they are. Otherwise a bundled data set's published split is
    used, and for other data the holdout ends on the last purchase day and the
    calibration period ends halfway between the first purchase day and that day (the
    39 + 39 weeks of the CDNOW studies are such a split).

    Parameters
    ----------
    source : insight.report.sources.TransactionSource
        The purchase log.
    calibration_end, holdout_end : str, default ""
        Dates such as ``"2024-06-30"``; "" chooses them as above.

    Returns
    -------
    tuple of pandas.Timestamp
        ``(calibration_end, holdout_end)``, at midnight.

    Raises
    ------
    insight.exceptions.DataValidationError
        When the purchases span less than two days, or a given end is not a date."""
    from ..features.summary import summarize

    cal = calibration_end or (source.split[0] if source.split else "")
    hold = holdout_end or (source.split[1] if source.split else "")
    if not cal or not hold:
        whole = summarize(source.transactions, **{**source.summary_kwargs(), "visits": None, "discount_col": None,
                                                  "category_col": None})
        first, last = whole.table["first_purchase"].min(), whole.as_of
        if (last - first).days < 2:
            raise DataValidationError(f"{source.name}: purchases span {(last - first).days} day(s) ({first.date()} to "
                                      f"{last.date()}); a calibration and a holdout period need more.")
        hold = hold or last
        cal = cal or first + (pd.Timestamp(hold) - first) / 2
    try:
        return pd.Timestamp(cal).normalize(), pd.Timestamp(hold).normalize()
    except ValueError:
        raise DataValidationError(f"parameters 'calibration_end' == {calibration_end!r} and 'holdout_end' == "
                                  f"{holdout_end!r}: must be dates such as 2024-06-30, or empty.") from None


def source_model(source, **kwargs) -> "ChurnModel":
    """An unfitted :class:`~insight.models.churn.ChurnModel` on the columns of a
    :class:`~insight.report.sources.ChurnSource`: its target, with the id, value, start-date and opt-out columns kept
    out of the features.

    Parameters
    ----------
    source : insight.report.sources.ChurnSource
        The customer table and its roles.
    **kwargs
        Passed to :class:`~insight.models.churn.ChurnModel` (``model``, ``n_splits``, ``random_state``, ...).

    Returns
    -------
    insight.models.churn.ChurnModel"""
    drop = tuple(c for c in (source.start_col, source.opt_out_col) if c)
    return ChurnModel(target=source.target_col, positive=source.positive, id_col=source.id_col,
                      value_col=source.value_col, drop=drop, **kwargs)


def subscriber_plan(source, model, *, horizon: float, margin: float, offer_cost: float, success_rate: float,
                    acquisition_multiple: float, discount_rate: float, seed: int, unit: str, budget: float = 0.0,
                    offer: str = "discount"):
    """The retention plan of a :class:`~insight.report.sources.ChurnSource` with its fitted churn ``model``, every
    kept customer valued over ``horizon`` months at ``discount_rate`` a month.

    The value column is first made a value per ``unit`` (the duration's unit) from its declared
    period (:func:`insight.features.columns.value_per_unit`). With a duration column, each current
    customer's value is their expected discounted value over the horizon under the
    shifted-beta-geometric model of the durations (``insight.models.clv.intervals.contract_values``);
    without one, or when that model cannot be fitted, their value per period for every period of
    the horizon, discounted. Customers who opted out (``opt_out_col``) are left out of the list, and
    ``budget`` cuts it. The churn report and the overview both call this.

    Parameters
    ----------
    source : insight.report.sources.ChurnSource
        The customer table and its roles.
    model : insight.models.churn.ChurnModel
        The churn model, fitted on ``source.table``.
    horizon : float
        Months over which customers are valued.
    margin : float
        Share of a customer's value that is profit.
    offer_cost : float
        Cost of the offer per customer (currency units).
    success_rate : float
        Share of the customers offered who stay because of it.
    acquisition_multiple : float
        Cost of winning a new customer, as a multiple of the offer's cost.
    discount_rate : float
        Discount rate per month.
    seed : int
        Random seed of the lifetime model's intervals.
    unit : str
        Unit of the duration column (``"months"``, ``"days"``, ...).
    budget : float, default 0.0
        Most money spent on offers (currency units); 0: no limit.
    offer : str, default "discount"
        Kind of offer (``"discount"`` or ``"mixed"``), recorded in the plan's basis.

    Returns
    -------
    lifetime : tuple or None
        ``(model, intervals)`` of the subscribers' shifted-beta-geometric fit, or None (without a duration and value
        column, or when the fit failed: the plan's ``params["lifetime_error"]`` says why).
    plan : insight.retention.ProfitCurve
        The retention plan (:func:`insight.retention.retention_plan`)."""
    from ..features.columns import value_per_unit
    from ..models.clv.intervals import contract_values
    from ..parsers import DAYS_PER_UNIT, rate_per_unit

    table, lifetime, value = source.table, None, None
    periods = max(1, int(round(horizon * DAYS_PER_UNIT["months"] / DAYS_PER_UNIT[unit])))
    rate = rate_per_unit(discount_rate, unit)
    basis = {"value": "none", "margin": margin, "discount_rate": discount_rate, "unit": unit, "periods": periods,
             "offer": offer}
    if source.value_col:
        per_unit = value_per_unit(table[source.value_col], source.value_period, unit,
                                  table[source.duration_col] if source.duration_col else None)
        basis.update(value_col=source.value_col, value_period=source.value_period)
        if source.duration_col:
            try:
                sbg, values, _ = contract_values(table.assign(_value_per_unit=per_unit), source.duration_col,
                                                 model.y_, "_value_per_unit", margin=margin, discount_rate=rate,
                                                 seed=seed, unit=unit, horizon=periods)
                lifetime, value = (sbg, values), values.per_customer["estimate"]
                basis["value"] = "survival"
            except (DataValidationError, np.linalg.LinAlgError) as exc:   # every period of the horizon instead
                basis["lifetime_error"] = str(exc)          # the report says why the model could not value them
        if value is None:
            value = per_unit * margin * float(np.sum((1 + rate) ** -np.arange(periods)))
            basis["value"] = "periods"
    opt_out = to_bool(table[source.opt_out_col], source.opt_out_col) if source.opt_out_col else None
    plan = retention_plan(model, table, value, horizon=horizon, offer_cost=offer_cost, success_rate=success_rate,
                          acquisition_multiple=acquisition_multiple, value_basis=basis, opt_out=opt_out,
                          budget=budget)
    return lifetime, plan
