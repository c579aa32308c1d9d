"""What is each customer worth: expected purchases times expected spend over a horizon,
discounted, with the figures its assumptions rest on (the report states them in words)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...exceptions import DataValidationError
from ...validate import check_param

__all__ = ["customer_value", "CustomerValues", "value_customers"]


# --------------------------------------------------------------------------- value
def customer_value(count_model, spend_model, summary: pd.DataFrame, *, horizon: float = 52.0,
                   step: float | None = None, time_unit: str | None = None, discount_rate: float = 0.01,
                   margin: float = 1.0) -> pd.DataFrame:
    """Per customer: P(alive), expected purchases and spend, and CLV over ``horizon``.

    CLV sums, over steps of ``step`` time units, the expected purchases in each step x
    expected spend x ``margin``, discounted at ``discount_rate`` per step: ``sum_k margin *
    E[spend] * (E[Y(k)] - E[Y(k-1)]) / (1 + d)^k``. Without ``step`` the steps are months in
    the summary's ``time_unit`` ("W", "D" or "M", as the summary was computed); one of the two is needed.

    Parameters
    ----------
    count_model : insight.models.clv.CustomerBaseModel
        A fitted count model (expected purchases and P(alive)).
    spend_model : insight.models.clv.GammaGamma
        A fitted spend model (expected spend per purchase).
    summary : pandas.DataFrame
        The customer summary, with both models' columns.
    horizon : float, default 52.0
        Horizon of the CLV, in the summary's time unit (52: a year in weeks).
    step : float, optional
        Length of a discounting step in the summary's time unit.
    time_unit : str, optional
        The summary's time unit, "W", "D" or "M": the steps are then months.
    discount_rate : float, default 0.01
        Discount rate per step.
    margin : float, default 1.0
        Profit margin applied to the spend (1: revenue).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``summary``: ``p_alive``, ``expected_purchases`` (over the horizon), ``expected_spend`` (per
        purchase) and ``clv`` (currency units).

    Raises
    ------
    insight.exceptions.DataValidationError
        When neither ``step`` nor a known ``time_unit`` is given.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    >>> from insight.models.clv import BetaGeo, GammaGamma, customer_value
    >>> values = customer_value(BetaGeo().fit(summary), GammaGamma().fit(summary), summary, time_unit="W")
    >>> values.round(2).head(3)
                 p_alive  expected_purchases  expected_spend    clv
    customer_id
    4               0.73                1.56           24.64  36.18
    18              1.00                0.25           35.14   8.39
    21              0.21                0.26           18.87   4.62
    """
    if step is None:
        from ...features.columns import TIME_UNITS

        if time_unit not in TIME_UNITS:
            raise DataValidationError(f"parameters 'time_unit' == {time_unit!r} and 'step' == None: give the summary's "
                                      f"time unit, one of {list(TIME_UNITS)}, or the step length in its time units "
                                      "(e.g. 4.345 for months in weeks).")
        step = TIME_UNITS["M"] / TIME_UNITS[time_unit]
    check_param("horizon", horizon, float, min_val=0.0, include_min=False)
    check_param("step", step, float, min_val=0.0, include_min=False)
    check_param("discount_rate", discount_rate, float, min_val=0.0)
    check_param("margin", margin, float, min_val=0.0)
    spend = spend_model.expected_spend(summary).to_numpy()
    n_steps = int(np.ceil(horizon / step))
    prev = np.zeros(len(summary))
    clv = np.zeros(len(summary))
    for k in range(1, n_steps + 1):
        cur = count_model.expected_purchases(summary, min(k * step, horizon)).to_numpy()
        clv += margin * spend * (cur - prev) / (1 + discount_rate) ** k
        prev = cur
    return pd.DataFrame({"p_alive": count_model.p_alive(summary).to_numpy(),
                         "expected_purchases": prev, "expected_spend": spend, "clv": clv}, index=summary.index)


@dataclass
class CustomerValues:
    """P(alive), expected purchases, spend and CLV per customer, with the figures a report states.

    Built by :func:`value_customers`. When the purchase model's dropout is not identified
    (see :class:`~insight.models.clv.Diagnostics`), ``trusted`` is False and ``reason``
    holds the diagnostics of the fit that cannot be trusted; reports then say so instead of
    giving P(alive), churn or CLV figures.

    Attributes
    ----------
    values : pandas.DataFrame
        Per customer: ``p_alive``, ``expected_purchases``, ``expected_spend``, ``clv``, ``past_revenue`` and
        ``frequency``.
    churned : pandas.Series
        P(alive) below ``p_alive_threshold`` (all False when not trusted).
    new_customer_value : float
        CLV of a customer who has just made a first purchase.
    trusted : bool
        Whether both models' fits can be trusted.
    reason : insight.models.clv.Diagnostics
        The diagnostics of the untrusted fit (the count model's, else the spend model's).
    horizon : float
        Horizon of the CLV, in ``time_unit``.
    time_unit : str
        The summary's time unit.
    margin : float
        Profit margin applied to the spend.
    p_alive_threshold : float
        P(alive) below which a customer counts as churned.
    discount_rate : float
        Discount rate per month.
    """

    values: pd.DataFrame              # p_alive, expected_purchases, expected_spend, clv, past_revenue
    churned: pd.Series                # P(alive) below the threshold (all False when not trusted)
    new_customer_value: float         # CLV of a customer who has just made a first purchase
    trusted: bool
    reason: object                    # the Diagnostics of the untrusted fit (the count model's, else the spend model's)
    horizon: float
    time_unit: str
    margin: float
    p_alive_threshold: float
    discount_rate: float = 0.01

    def loyal_ratio(self, top: float = 0.2) -> dict:
        """The figures of the claim "a loyal customer is worth up to 10 times a new one", "loyal" being the top
        ``top`` by frequency: ``new`` (CLV of a new customer), ``loyal`` (mean CLV of the loyal) and ``ratio``.

        Parameters
        ----------
        top : float, default 0.2
            Share of customers (by frequency) counted as loyal.

        Returns
        -------
        dict
            ``new``, ``loyal`` (currency units) and ``ratio`` (NaN when a new customer is worth nothing).
        """
        freq = self.values["frequency"]
        loyal = freq >= freq.quantile(1 - top)
        mean_loyal = float(self.values.loc[loyal, "clv"].mean())
        ratio = mean_loyal / self.new_customer_value if self.new_customer_value > 0 else float("nan")
        return {"new": self.new_customer_value, "loyal": mean_loyal, "ratio": ratio}

    def at_risk(self, top_n: int) -> pd.DataFrame:
        """The churned customers with the highest past revenue, most valuable first.

        Parameters
        ----------
        top_n : int
            How many customers.

        Returns
        -------
        pandas.DataFrame
            ``p_alive``, ``expected_purchases``, ``expected_spend``, ``clv``, ``past_revenue`` of at most ``top_n``
            customers.
        """
        check_param("top_n", top_n, int, min_val=1)
        cols = ["p_alive", "expected_purchases", "expected_spend", "clv", "past_revenue"]
        return self.values.loc[self.churned, cols].sort_values("past_revenue", ascending=False).head(top_n)

    def by_group(self, groups: pd.Series) -> pd.DataFrame:
        """Customers, mean and total CLV and share of total CLV per group (e.g. customer type).

        Parameters
        ----------
        groups : pandas.Series
            Group of each customer, indexed by customer.

        Returns
        -------
        pandas.DataFrame
            Per group: ``customers``, ``mean_clv``, ``total_clv`` and ``share_of_total_clv``.
        """
        g = groups.reindex(self.values.index)
        out = self.values["clv"].groupby(g).agg(["size", "mean", "sum"])
        out["share_of_total_clv"] = out["sum"] / out["sum"].sum()
        return out.rename(columns={"size": "customers", "mean": "mean_clv", "sum": "total_clv"})


def value_customers(count_model, spend_model, summary: pd.DataFrame, *, horizon: float = 52.0,
                    time_unit: str | None = None, discount_rate: float = 0.01, margin: float = 1.0,
                    p_alive_threshold: float = 0.5) -> CustomerValues:
    """CLV and P(alive) for every customer of ``summary`` (see :func:`customer_value`), with monthly steps
    in the summary's ``time_unit``, and the report's figures.

    Parameters
    ----------
    count_model : insight.models.clv.CustomerBaseModel
        A fitted count model.
    spend_model : insight.models.clv.GammaGamma
        A fitted spend model.
    summary : pandas.DataFrame
        The customer summary (``total_revenue``, when present, gives ``past_revenue``).
    horizon : float, default 52.0
        Horizon of the CLV, in ``time_unit``.
    time_unit : str
        The summary's time unit: "W", "D" or "M" (required).
    discount_rate : float, default 0.01
        Discount rate per month.
    margin : float, default 1.0
        Profit margin applied to the spend.
    p_alive_threshold : float, default 0.5
        P(alive) below which a customer counts as churned.

    Returns
    -------
    CustomerValues
        The values per customer and the figures they rest on.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``time_unit`` is not one of "W", "D", "M".

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    >>> from insight.models.clv import BetaGeo, GammaGamma, value_customers
    >>> cv = value_customers(BetaGeo().fit(summary), GammaGamma().fit(summary), summary, time_unit="W")
    >>> cv.trusted, round(cv.new_customer_value, 2), int(cv.churned.sum())
    (True, 48.09, 393)
    >>> {k: round(v, 2) for k, v in cv.loyal_ratio().items()}
    {'new': 48.09, 'loyal': 95.77, 'ratio': 1.99}
    """
    from ...features.columns import TIME_UNITS

    unit = time_unit
    if unit not in TIME_UNITS:
        raise DataValidationError(f"parameter 'time_unit' == {unit!r}: give the summary's time unit, one of "
                                  f"{list(TIME_UNITS)}.")
    check_param("p_alive_threshold", p_alive_threshold, float, min_val=0.0, max_val=1.0)
    step = TIME_UNITS["M"] / TIME_UNITS[unit]
    kw = {"horizon": horizon, "step": step, "discount_rate": discount_rate, "margin": margin}
    values = customer_value(count_model, spend_model, summary, **kw)
    values["past_revenue"] = summary["total_revenue"] if "total_revenue" in summary else np.nan
    values["frequency"] = summary[count_model.frequency_col]
    new = pd.DataFrame({count_model.frequency_col: [0.0], count_model.recency_col: [0.0], count_model.T_col: [0.0],
                        spend_model.monetary_col: [0.0]})
    new_value = float(customer_value(count_model, spend_model, new, **kw)["clv"].iloc[0])
    diag = count_model.diagnostics_
    trusted = diag.ok and spend_model.diagnostics_.ok
    reason = diag if not diag.ok else spend_model.diagnostics_
    churned = (values["p_alive"] < p_alive_threshold) & trusted
    return CustomerValues(values, churned, new_value, trusted, reason, horizon, unit, margin, p_alive_threshold,
                          discount_rate)


