"""Intervals on every prediction of the customer-base models: per customer and for totals.

Method: the parameters are drawn from their asymptotic normal distribution on the log scale
(the scale the maximum-likelihood fit works on, so every draw is positive), with the
covariance from the inverse Hessian of the log-likelihood; each prediction is recomputed for
every draw, and the interval is the central ``level`` share of the draws. Why this method:

* the delta method would need the derivative of every prediction (hypergeometric functions
  for BG/NBD, sums over the horizon for CLV) and gives symmetric intervals for quantities
  bounded in [0, 1] such as P(alive);
* a bootstrap over customers (as CLVTools offers) refits the model hundreds of times, which
  at a million customers takes minutes;
* drawing parameters reuses the models' own prediction code unchanged, is exact for any
  function of the parameters, and costs one evaluation per draw on the *unique* rows of the
  summary (customers with the same history share every prediction), so a million customers
  take seconds.

It reflects parameter uncertainty only, the uncertainty a report's "expected" figures carry;
the individual customer's own randomness (will this customer buy twice or three times) is
not in a per-customer interval, but totals over many customers are dominated by parameter
uncertainty. Coverage of the totals is checked in simulation (``tests/test_intervals.py``,
``benchmarks/bench_intervals.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .value import customer_value
from ._base import CustomerBaseModel, compress
from ...exceptions import DataValidationError
from ...parsers import to_bool
from ...validate import check_in, check_param

__all__ = ["parameter_draws", "Intervals", "prediction_intervals", "value_intervals"]


def _fit_state(d) -> str:
    """A fit's :class:`~insight.models.clv._base.Diagnostics` for an analyst's error message."""
    if d.ok:
        return "the fit converged to an interior optimum."
    figures = ", ".join(f"{k} {v:.4g}" for k, v in d.values.items())
    return f"fit status {d.status!r} ({d.reason}{'; ' + figures if figures else ''})."


def _log_covariance(model: CustomerBaseModel) -> np.ndarray:
    """Covariance of the log-parameters: inverse of minus the Hessian of the log-likelihood in log space."""
    from statsmodels.tools.numdiff import approx_hess3

    model.check_fitted()
    z = model.to_fit_scale(model.param_vector())
    with np.errstate(all="ignore"):
        H = approx_hess3(z, lambda zz: model.log_likelihood_at(model.from_fit_scale(zz)))
    try:
        cov = np.linalg.inv(-H)
    except np.linalg.LinAlgError:
        cov = np.full_like(H, np.nan)
    cov = (cov + cov.T) / 2
    if not np.all(np.isfinite(cov)) or np.any(np.linalg.eigvalsh(cov) <= 0):
        raise DataValidationError(f"{type(model).__name__}: the parameters' covariance is not positive definite (the "
                                  "data do not pin every parameter down), so no interval can be given; "
                                  f"{_fit_state(model.diagnostics_)}")
    return cov


def parameter_draws(model: CustomerBaseModel, n_draws: int = 200, seed: int = 0) -> pd.DataFrame:
    """``n_draws`` parameter sets from the fitted model's asymptotic normal on the log scale (one row each).

    Parameters
    ----------
    model : insight.models.clv.CustomerBaseModel
        A fitted model whose fit can be trusted (``diagnostics_.ok``).
    n_draws : int, default 200
        Number of parameter sets, at least 2.
    seed : int, default 0
        Seed of the draws.

    Returns
    -------
    pandas.DataFrame
        One row per draw, one column per parameter (``model.param_names``).

    Raises
    ------
    insight.exceptions.DataValidationError
        When the fit cannot be trusted, or the parameters' covariance is not positive definite.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    >>> from insight.models.clv import BetaGeo, parameter_draws
    >>> draws = parameter_draws(BetaGeo().fit(summary), n_draws=5)
    >>> draws.round(3)
           r  alpha      a      b
    0  0.245  4.499  0.839  2.461
    1  0.236  4.394  0.751  1.970
    2  0.255  4.878  0.641  2.062
    3  0.247  4.387  0.437  1.304
    4  0.241  4.615  0.711  2.049
    """
    check_param("n_draws", n_draws, int, min_val=2)
    if not model.diagnostics_.ok:
        raise DataValidationError(f"{type(model).__name__}: no intervals for a fit that cannot be trusted: "
                                  f"{_fit_state(model.diagnostics_)}")
    z = model.to_fit_scale(model.param_vector())
    draws = model.from_fit_scale(np.random.default_rng(seed).multivariate_normal(z, _log_covariance(model),
                                                                              size=n_draws))
    return pd.DataFrame(draws, columns=list(model.param_names))


@dataclass
class Intervals:
    """Point estimates and intervals, per customer and for the total.

    Attributes
    ----------
    per_customer : pandas.DataFrame
        ``estimate``, ``low``, ``high`` per customer.
    total : pandas.Series
        The sum over customers: ``estimate``, ``low``, ``high``.
    level : float
        Coverage of the intervals.
    n_draws : int
        Parameter draws the intervals rest on (those with a finite prediction).
    what : str
        The quantity's code: "expected_purchases" (in the next ``horizon`` time units, or opportunities for a
        BG/BB model), "p_alive" (summed: expected active customers), "clv" or "subscriber_value".
    horizon : float or None
        The horizon of expected purchases.
    unit : str
        Unit of the horizon: "time_units", or "opportunities" for a BG/BB model ("" without a horizon).
    """

    per_customer: pd.DataFrame
    total: pd.Series
    level: float
    n_draws: int
    what: str
    horizon: float | None = None
    unit: str = ""                  # of the horizon: "time_units", or "opportunities" for a BG/BB model



#: the quantities of :class:`Intervals` as an analyst's error message names them
_WHAT = {"expected_purchases": "Expected purchases", "p_alive": "Expected number of active customers",
         "clv": "Customer lifetime value of the whole base", "subscriber_value": "Value of the current subscribers"}

#: share of parameter draws whose predictions may fail (numerically) before no interval is given
MAX_FAILED_DRAWS = 0.05


def _summarize(point: np.ndarray, sims: np.ndarray, inv: np.ndarray, index, level: float, weights: np.ndarray,
               n_draws: int, what: str, horizon: float | None = None, unit: str = "") -> Intervals:
    ok = np.isfinite(sims).all(axis=1)
    if (~ok).mean() > MAX_FAILED_DRAWS:
        raise DataValidationError(f"{_WHAT.get(what, what)}: {int((~ok).sum())} of {len(ok)} parameter draws give no finite "
                                  "prediction (some parameters are only weakly pinned down by these data), so no "
                                  "interval is given; more data or a simpler model is needed.")
    sims, n_draws = sims[ok], int(ok.sum())
    lo_q, hi_q = (1 - level) / 2, 1 - (1 - level) / 2
    lo, hi = np.quantile(sims, [lo_q, hi_q], axis=0)
    per = pd.DataFrame({"estimate": point[inv], "low": lo[inv], "high": hi[inv]}, index=index)
    totals = sims @ weights
    total = pd.Series({"estimate": float(point @ weights), "low": float(np.quantile(totals, lo_q)),
                       "high": float(np.quantile(totals, hi_q))})
    return Intervals(per, total, level, n_draws, what, horizon, unit)


def _unique_customers(model, summary: pd.DataFrame, extra: dict | None = None):
    """The distinct customers of a count model's summary (its three columns, its covariates and ``extra`` columns),
    their counts and each row's distinct customer: the predictions are made once per distinct customer."""
    x, tx, T = model.data_columns(summary)
    covs = list(dict.fromkeys([*getattr(model, "covariates_trans", ()), *getattr(model, "covariates_life", ())]))
    columns = {**{c: summary[c].to_numpy(dtype=float) for c in covs}, **(extra or {})}
    (xu, txu, Tu, *rest), counts, inv = compress(x, tx, T, *columns.values())
    unique = pd.DataFrame({model.frequency_col: xu, model.recency_col: txu, model.T_col: Tu,
                           **dict(zip(columns, rest))})
    return unique, counts, inv


def prediction_intervals(model: CustomerBaseModel, summary: pd.DataFrame, what: str = "expected_purchases", *,
                         t: float = 52.0, level: float = 0.9, n_draws: int = 200, seed: int = 0) -> Intervals:
    """Intervals for ``what`` ("expected_purchases" in the next ``t`` time units, or "p_alive") of each customer
    of ``summary``, and for their total (expected purchases of the whole base; P(alive) summed = expected
    number of active customers). For a BG/BB model the rows are patterns with a count of customers, ``t`` is a
    number of opportunities, and totals weigh each pattern by its count.

    Parameters
    ----------
    model : insight.models.clv.CustomerBaseModel
        A fitted count or BG/BB model.
    summary : pandas.DataFrame
        The customers (or patterns) to predict for, with the model's columns.
    what : str, default "expected_purchases"
        "expected_purchases" or "p_alive".
    t : float, default 52.0
        Horizon of expected purchases, in the summary's time unit (opportunities for BG/BB).
    level : float, default 0.9
        Coverage of the intervals, in [0.5, 1).
    n_draws : int, default 200
        Parameter draws (:func:`parameter_draws`).
    seed : int, default 0
        Seed of the draws.

    Returns
    -------
    Intervals
        Per customer and total estimates with their intervals.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    >>> from insight.models.clv import BetaGeo, prediction_intervals
    >>> iv = prediction_intervals(BetaGeo().fit(summary), summary, t=52, n_draws=50)
    >>> iv.total.round(0).tolist()
    [2089.0, 1924.0, 2266.0]
    >>> iv.per_customer.round(2).head(3)
                 estimate   low  high
    customer_id
    4                1.56  1.46  1.68
    18               0.25  0.23  0.27
    21               0.26  0.23  0.31
    """
    check_in("what", what, ["expected_purchases", "p_alive"])
    check_param("level", level, float, min_val=0.5, max_val=1.0, include_max=False)

    if model.kind == "opportunities":     # rows are patterns with a count of customers each
        x, tx, n, w = model.data_columns(summary)
        (xu, txu, nu), weights, inv = compress(x, tx, n, weights=w)
        unique = pd.DataFrame({model.frequency_col: xu, model.recency_col: txu, model.n_col: nu})
        horizon, unit = int(t), "opportunities"
    else:
        unique, weights, inv = _unique_customers(model, summary)
        horizon, unit = t, "time_units"

    def predict(m):
        out = m.expected_purchases(unique, horizon) if what == "expected_purchases" else m.p_alive(unique)
        return out.to_numpy(dtype=float)

    draws = parameter_draws(model, n_draws, seed)
    with np.errstate(all="ignore"):     # a draw whose prediction fails gives NaN, counted by _summarize
        sims = np.array([predict(model.with_params(row)) for row in draws.to_numpy()])
    return _summarize(predict(model), sims, inv, summary.index, level, weights, n_draws, what,
                      *((horizon, unit) if what == "expected_purchases" else ()))


def value_intervals(count_model, spend_model, summary: pd.DataFrame, *, level: float = 0.9, n_draws: int = 200,
                    seed: int = 0, **value_kwargs) -> Intervals:
    """Intervals for each customer's CLV (:func:`insight.models.clv.value.customer_value` with ``value_kwargs``)
    and the total, drawing the purchase and the spend model's parameters independently.

    Parameters
    ----------
    count_model : insight.models.clv.CustomerBaseModel
        A fitted count model.
    spend_model : insight.models.clv.GammaGamma
        A fitted spend model.
    summary : pandas.DataFrame
        The customer summary.
    level : float, default 0.9
        Coverage of the intervals, in [0.5, 1).
    n_draws : int, default 200
        Parameter draws of each model.
    seed : int, default 0
        Seed of the count model's draws (the spend model's use ``seed + 1``).
    **value_kwargs
        Parameters of :func:`insight.models.clv.value.customer_value` (``horizon``, ``time_unit`` or ``step``,
        ``discount_rate``, ``margin``).

    Returns
    -------
    Intervals
        ``what`` "clv": each customer's CLV and the total, in currency units.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    >>> from insight.models.clv import BetaGeo, GammaGamma, value_intervals
    >>> iv = value_intervals(BetaGeo().fit(summary), GammaGamma().fit(summary), summary, n_draws=30, time_unit="W")
    >>> iv.total.round(-2).tolist()
    [71300.0, 65500.0, 77100.0]
    """
    check_param("level", level, float, min_val=0.5, max_val=1.0, include_max=False)
    mv = pd.to_numeric(summary[spend_model.monetary_col], errors="coerce").to_numpy(dtype=float)
    unique, counts, inv = _unique_customers(count_model, summary, {spend_model.monetary_col: mv})
    if spend_model.frequency_col != count_model.frequency_col:
        unique[spend_model.frequency_col] = unique[count_model.frequency_col]

    def clv(cm, sm):
        return customer_value(cm, sm, unique, **value_kwargs)["clv"].to_numpy(dtype=float)

    cd = parameter_draws(count_model, n_draws, seed).to_numpy()
    sd = parameter_draws(spend_model, n_draws, seed + 1).to_numpy()
    with np.errstate(all="ignore"):     # a draw whose prediction fails gives NaN, counted by _summarize
        sims = np.array([clv(count_model.with_params(a), spend_model.with_params(b)) for a, b in zip(cd, sd)])
    return _summarize(clv(count_model, spend_model), sims, inv, summary.index, level, counts, n_draws, "clv")


def subscriber_values(model, tenure, value_per_period, *, margin: float = 0.3, discount_rate: float = 0.01,
                      level: float = 0.9, n_draws: int = 200, seed: int = 0, index=None,
                      horizon: int | None = None) -> Intervals:
    """Contractual CLV of current subscribers from a fitted :class:`~insight.models.clv.sbg.ShiftedBetaGeometric`:
    each one's expected discounted remaining periods (given the ``tenure`` periods they have renewed through; only the coming
    ``horizon`` periods when given) times ``value_per_period`` x ``margin``, with intervals from the model's
    parameter draws."""
    check_param("margin", margin, float, min_val=0.0, max_val=1.0)
    # without a horizon the sum of remaining periods needs a discount to be finite; within one, 0 is fine
    check_param("discount_rate", discount_rate, float, min_val=0.0, include_min=horizon is not None)
    check_param("level", level, float, min_val=0.5, max_val=1.0, include_max=False)
    n = np.asarray(pd.to_numeric(pd.Series(tenure), errors="coerce"), dtype=float)
    v = np.asarray(pd.to_numeric(pd.Series(value_per_period), errors="coerce"), dtype=float) * margin
    bad = ~np.isfinite(n) | (n < 0) | ~np.isfinite(v)
    if bad.any():
        raise DataValidationError(f"parameters 'tenure' and 'value_per_period': {int(bad.sum())} of {len(n)} rows are "
                                  "missing or negative.")
    (nu,), _, inv = compress(np.floor(n))     # completed periods, as the model was fitted

    def clv(m):
        a, b = m.param_vector()
        return m.remaining_periods(a, b, nu, discount_rate, horizon)[inv] * v

    draws = parameter_draws(model, n_draws, seed).to_numpy()
    sims = np.array([clv(model.with_params(row)) for row in draws])
    index = index if index is not None else pd.RangeIndex(len(n))
    return _summarize(clv(model), sims, np.arange(len(n)), index, level, np.ones(len(n)), n_draws,
                      "subscriber_value")


def contract_values(table: pd.DataFrame, duration_col: str, churned, value_col: str, *, margin: float = 0.3,
                    discount_rate: float = 0.01, level: float = 0.9, n_draws: int = 200, seed: int = 0,
                    id_col: str | None = None, unit: str = "periods", horizon: int | None = None):
    """Contractual CLV of every current customer of a churn table: a shifted-beta-geometric model fitted on
    everyone's ``duration_col`` and ``churned`` (a boolean per row), then :func:`subscriber_values` of the
    customers still there, over the coming ``horizon`` periods (all of them when None). Returns ``(model, intervals,
    basis)`` (``basis``: what the value rests on, as figures: ``model``, ``discount_rate`` per ``unit``, ``value_col``,
    ``margin`` and ``horizon``; the report says it in words),
    intervals indexed like ``table`` (or by ``id_col``). The churn and overview reports both call this."""
    from .sbg import ShiftedBetaGeometric

    gone = np.asarray(to_bool(pd.Series(churned), "churned"))
    model = ShiftedBetaGeometric().fit_durations(table[duration_col], gone)
    current = table.loc[~gone]
    values = subscriber_values(model, current[duration_col], current[value_col], margin=margin,
                               discount_rate=discount_rate, level=level, n_draws=n_draws, seed=seed,
                               index=current.index, horizon=horizon)
    basis = {"model": "sbg", "discount_rate": discount_rate, "unit": unit, "value_col": value_col, "margin": margin,
             "horizon": horizon}
    return model, values, basis
