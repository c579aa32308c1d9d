"""Retention economics: where a retention budget earns the most, the profit curve of an offer, and the
practitioner claims as explicit parameters (see :mod:`insight.retention`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..parsers import to_bool
from ..validate import check_param

if TYPE_CHECKING:
    from ..models.churn import ChurnModel

# --------------------------------------------------------------------------- retention economics
def value_from_claims(is_loyal, new_customer_value: float, *, loyal_multiplier: float = 10.0) -> np.ndarray:
    """Customer value when no CLV is available: loyal customers are worth ``loyal_multiplier`` new ones.

    The practitioner claim is "up to 10x"; on CDNOW the measured ratio is about 2 and
    on the demo company about 3 (see the CLV report), so edit the multiplier.

    Parameters
    ----------
    is_loyal : array-like of bool
        Whether each customer is loyal (yes/no values are read).
    new_customer_value : float
        Value of a new customer (currency units, >= 0).
    loyal_multiplier : float, default 10.0
        A loyal customer's value in new customers' (>= 1).

    Returns
    -------
    numpy.ndarray
        One value per customer.

    Examples
    --------
    >>> value_from_claims([True, False], 100.0, loyal_multiplier=3.0).tolist()
    [300.0, 100.0]
    """
    check_param("new_customer_value", new_customer_value, float, min_val=0.0)
    check_param("loyal_multiplier", loyal_multiplier, float, min_val=1.0)
    loyal = to_bool(pd.Series(is_loyal), "is_loyal").to_numpy()
    return np.where(loyal, loyal_multiplier * new_customer_value, new_customer_value)


def plan_contacts(p_leave, value, *, budget: float, offer_cost: float = 20.0, success_rate: float = 0.3,
                  acquisition_multiple: float = 5.0, index=None) -> pd.DataFrame:
    """Whom to contact under a budget: highest expected value first, only where it is positive.

    ``p_leave`` is the churn classifier's probability or 1 - P(alive) of the CLV
    model; ``value`` the customer's value (CLV or margin). Expected value of a
    contact: ``p x success_rate x (value + acquisition_multiple x offer_cost) - offer_cost``
    (:func:`retention_profit`).

    Parameters
    ----------
    p_leave : array-like of float
        Probability each customer leaves (0-1).
    value : float or array-like of float
        Each customer's value (currency units), or one for all.
    budget : float
        Money for offers (>= 0); it pays for ``budget // offer_cost`` contacts.
    offer_cost : float, default 20.0
        Cost of one retention offer (currency units).
    success_rate : float, default 0.3
        Share of contacted would-be leavers an offer keeps (0-1).
    acquisition_multiple : float, default 5.0
        Cost of acquiring a replacement customer, in offer costs (0: ignore it).
    index : array-like, optional
        Customer ids (default 0..n-1).

    Returns
    -------
    pandas.DataFrame
        One row per customer (index ``customer``), best first: ``rank``, ``p_leave``, ``expected_value``,
        ``cumulative_profit`` and ``contact`` (bool).

    Examples
    --------
    >>> p_leave, value = [0.9, 0.6, 0.3, 0.05], [400.0, 150.0, 800.0, 1000.0]
    >>> plan_contacts(p_leave, value, budget=40.0, index=["A", "B", "C", "D"])[["expected_value", "contact"]]
              expected_value  contact
    customer
    A                  115.0     True
    C                   61.0     True
    B                   25.0    False
    D                   -3.5    False
    """
    check_param("budget", budget, float, min_val=0.0)
    curve = retention_profit(p_leave, value, offer_cost=offer_cost, success_rate=success_rate,
                             acquisition_multiple=acquisition_multiple, index=index)
    return _contacts(curve, budget, offer_cost)


def _contacts(curve: ProfitCurve, budget: float, offer_cost: float) -> pd.DataFrame:
    """The contact list of :func:`plan_contacts` from a profit curve: within the budget, positive value only."""
    n_afford = int(budget // offer_cost) if offer_cost > 0 else len(curve.table)
    t = curve.table.rename(columns={"churn_probability": "p_leave", "expected_profit": "expected_value"})
    t["contact"] = (t["rank"] <= min(n_afford, curve.best_k)) & (t["expected_value"] > 0)
    return t.set_index("customer")


def compare_strategies(p_leave, value, *, budget: float, offer_cost: float = 20.0, success_rate: float = 0.3,
                       acquisition_multiple: float = 5.0, churned=None, n_random: int = 200,
                       seed: int = 0) -> pd.DataFrame:
    """Profit of four ways to spend a retention budget: by expected value, everyone, no one, at random.

    Profit counts, for each contacted customer, ``success_rate x (value +
    acquisition_multiple x offer_cost)`` if they would have left, minus
    ``offer_cost``. "Would have left" is ``p_leave`` (expected profit) or, when the
    truth is known (``churned``, e.g. the simulator's), the actual outcome. The
    random strategy contacts as many customers as the expected-value plan, averaged
    over ``n_random`` seeded draws. "No budget limit" contacts every customer with a
    positive expected value; "everyone" ignores the budget and the expected value,
    to show what a blanket campaign would bring.

    Parameters
    ----------
    p_leave : array-like of float
        Probability each customer leaves (0-1).
    value : float or array-like of float
        Each customer's value (currency units), or one for all.
    budget : float
        Money for offers (>= 0).
    offer_cost : float, default 20.0
        Cost of one retention offer (currency units).
    success_rate : float, default 0.3
        Share of contacted would-be leavers an offer keeps (0-1).
    acquisition_multiple : float, default 5.0
        Cost of acquiring a replacement customer, in offer costs (0: ignore it).
    churned : array-like of bool, optional
        Who actually left (0/1), when known; None (default): expected profit from ``p_leave``.
    n_random : int, default 200
        Number of random draws averaged.
    seed : int, default 0
        Seed of the random draws.

    Returns
    -------
    pandas.DataFrame
        Rows (strategy ids) ``within_budget``, ``random``, ``no_budget_limit``, ``everyone`` and ``no_one``;
        columns ``contacted``, ``cost``, ``profit`` (currency units) and ``profit_per_unit_spent``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``churned`` has not one value per customer (or a parameter is out of range).

    Examples
    --------
    >>> p_leave, value = [0.9, 0.6, 0.3, 0.05], [400.0, 150.0, 800.0, 1000.0]
    >>> compare_strategies(p_leave, value, budget=40.0)[["contacted", "cost", "profit"]].round(1)
                     contacted  cost  profit
    within_budget            2  40.0   176.0
    random                   2  40.0    88.9
    no_budget_limit          3  60.0   201.0
    everyone                 4  80.0   197.5
    no_one                   0   0.0     0.0
    """
    check_param("budget", budget, float, min_val=0.0)
    curve = retention_profit(p_leave, value, offer_cost=offer_cost, success_rate=success_rate,
                             acquisition_multiple=acquisition_multiple)
    plan = _contacts(curve, budget, offer_cost)
    p = np.asarray(p_leave, dtype=float)
    v = np.broadcast_to(np.asarray(value, dtype=float), p.shape)
    leave = p if churned is None else np.asarray(churned, dtype=float)
    if leave.shape != p.shape:
        raise DataValidationError(f"parameter 'churned': {leave.size:,} values for {p.size:,} customers.")
    gain = contact_profit(leave, v, offer_cost=offer_cost, success_rate=success_rate,
                          acquisition_multiple=acquisition_multiple)
    chosen = plan.index[plan["contact"]].to_numpy()
    k = len(chosen)
    rng = np.random.default_rng(seed)
    random_profit = np.mean([gain[rng.choice(len(p), size=k, replace=False)].sum() for _ in range(n_random)]) if k else 0.0
    best = plan.index[(plan["rank"] <= curve.best_k)].to_numpy()
    rows = {"within_budget": (k, k * offer_cost, float(gain[chosen].sum())),
            "random": (k, k * offer_cost, float(random_profit)),
            "no_budget_limit": (len(best), len(best) * offer_cost, float(gain[best].sum())),
            "everyone": (len(p), len(p) * offer_cost, float(gain.sum())),
            "no_one": (0, 0.0, 0.0)}
    out = pd.DataFrame(rows, index=["contacted", "cost", "profit"]).T
    out["contacted"] = out["contacted"].astype(int)
    out["profit_per_unit_spent"] = out["profit"] / out["cost"].where(out["cost"] > 0)
    return out


def discount_rule(yearly_revenue: pd.Series, types: pd.Series, target_revenue: float,
                  loyal_label: str = "loyal") -> dict:
    """The practitioner rule that discounts pay only once loyal customers cover the target revenue.

    Parameters
    ----------
    yearly_revenue : pandas.Series
        Revenue a year per customer (currency units).
    types : pandas.Series
        Each customer's type, indexed like ``yearly_revenue``.
    target_revenue : float
        The revenue a year the loyal customers should cover (> 0).
    loyal_label : str, default "loyal"
        The type of loyal customers.

    Returns
    -------
    dict
        The loyal customers' revenue a year (``loyal_revenue``), the ``target`` and whether they cover it
        (``holds``).

    Examples
    --------
    >>> import pandas as pd
    >>> revenue = pd.Series([5000.0, 1200, 300, 80])
    >>> discount_rule(revenue, pd.Series(["loyal", "loyal", "new", "new"]), 6000.0)
    {'loyal_revenue': 6200.0, 'target': 6000.0, 'holds': True}
    """
    check_param("target_revenue", target_revenue, float, min_val=0.0, include_min=False)
    rev = pd.Series(yearly_revenue, dtype=float)
    loyal = float(rev[pd.Series(types).reindex(rev.index) == loyal_label].sum())
    return {"loyal_revenue": loyal, "target": float(target_revenue), "holds": loyal >= target_revenue}



# --------------------------------------------------------------------------- economics
@dataclass
class ProfitCurve:
    """Expected profit of contacting the top-k customers, k = 0..n.

    ``params`` holds every number the money rests on (``offer_cost``, ``success_rate``,
    ``acquisition_multiple``; from :func:`retention_plan` also ``gone``, the customers left out
    as already gone, and how a kept customer is valued: ``value`` "lifetime", "periods" or
    "none", with ``value_col``, ``value_periods``, ``margin``, ``discount_rate``, ``unit``, and
    ``horizon`` "remaining_lifetime" or "value_periods"). The report says it in words
    (``insight.report.sections.churn.plan_sentence`` and ``plan_assumptions``).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per customer, best first: ``rank``, ``customer``, ``churn_probability``, ``expected_profit`` and
        ``cumulative_profit`` (currency units).
    best_k : int
        Number of customers in the best list.
    best_profit : float
        Its expected profit.
    best_threshold : float
        Lowest churn probability contacted at ``best_k`` (1 when nobody is).
    everyone_profit : float
        Expected profit of contacting every customer.
    params : dict
        The numbers the money rests on, as above.
    break_even : dict
        ``offer_cost`` and ``success_rate`` at which the best list pays nothing.
    """

    table: pd.DataFrame        # rank, customer index, p, expected profit, cumulative
    best_k: int
    best_profit: float
    best_threshold: float      # lowest churn probability contacted at best_k
    everyone_profit: float
    params: dict
    break_even: dict = field(default_factory=dict)   # offer_cost, success_rate at which the best list pays nothing


def contact_profit(p_leave, value, *, offer_cost: float, success_rate: float,
                   acquisition_multiple: float) -> np.ndarray:
    """Profit of contacting each customer, ``p x success_rate x (value + acquisition_multiple x offer_cost) -
    offer_cost``.

    ``p_leave`` is a probability (expected profit) or 0/1 (the profit once the outcome is known).

    Parameters
    ----------
    p_leave : array-like of float
        Probability each customer leaves, or 0/1.
    value : float or array-like of float
        Each customer's value (currency units).
    offer_cost : float
        Cost of one offer (currency units).
    success_rate : float
        Share of contacted would-be leavers an offer keeps (0-1).
    acquisition_multiple : float
        Cost of acquiring a replacement customer, in offer costs.

    Returns
    -------
    numpy.ndarray
        The profit of contacting each customer (currency units).

    Examples
    --------
    >>> contact_profit([0.9, 0.05], [400.0, 1000.0], offer_cost=20.0, success_rate=0.3,
    ...                acquisition_multiple=5.0).tolist()
    [115.0, -3.5]
    """
    return (np.asarray(p_leave, dtype=float) * success_rate * (np.asarray(value, dtype=float)
                                                               + acquisition_multiple * offer_cost) - offer_cost)


def retention_profit(
    churn_probability,
    value=None,
    *,
    offer_cost: float = 20.0,
    success_rate: float = 0.3,
    acquisition_multiple: float = 5.0,
    index=None,
) -> ProfitCurve:
    """Whom to offer a retention incentive, by expected profit.

    Keeping a customer who would have left is worth their ``value`` (e.g. margin
    over a horizon; a scalar or one value per customer) plus the acquisition cost
    that replacing them would take, ``acquisition_multiple * offer_cost`` (the
    practitioner claim: acquiring a customer costs about 5 times retaining one; set
    0 to ignore it). Contacting customer i costs ``offer_cost`` and keeps a churner
    with probability ``success_rate``, so its expected profit is
    ``p_i * success_rate * (value_i + acquisition_multiple * offer_cost) - offer_cost``.
    Customers are ranked by expected profit; the best list is every customer with a
    positive one.

    Parameters
    ----------
    churn_probability : array-like of float
        Probability each customer leaves (0-1), a non-empty 1-d array.
    value : float or array-like of float, optional
        Each customer's value (currency units); None (default): 0.
    offer_cost : float, default 20.0
        Cost of one retention offer (currency units).
    success_rate : float, default 0.3
        Share of contacted would-be leavers an offer keeps (0-1).
    acquisition_multiple : float, default 5.0
        Cost of acquiring a replacement customer, in offer costs (0: ignore it).
    index : array-like, optional
        Customer ids (default 0..n-1).

    Returns
    -------
    ProfitCurve
        The ranked table, the best list and its break-even.

    Raises
    ------
    insight.exceptions.DataValidationError
        When a probability is missing or outside [0, 1], or a value is missing or infinite.

    See Also
    --------
    retention_plan : The same for a fitted churn model, current customers only.

    Examples
    --------
    >>> p_leave, value = [0.9, 0.6, 0.3, 0.05], [400.0, 150.0, 800.0, 1000.0]
    >>> curve = retention_profit(p_leave, value, index=["A", "B", "C", "D"])
    >>> curve.best_k, curve.best_profit, curve.table["customer"].tolist()
    (3, 201.0, ['A', 'C', 'B', 'D'])
    """
    p = np.asarray(churn_probability, dtype=float)
    if p.ndim != 1 or len(p) == 0:
        raise DataValidationError(f"parameter 'churn_probability' must be a non-empty 1-d array, got shape {p.shape}.")
    bad = ~np.isfinite(p) | (p < 0) | (p > 1)
    if bad.any():
        raise DataValidationError(f"parameter 'churn_probability': {int(bad.sum())} of {len(p)} values are not "
                                  f"probabilities in [0, 1]; e.g. {float(p[bad][0])!r}.")
    check_param("offer_cost", offer_cost, float, min_val=0.0)
    check_param("success_rate", success_rate, float, min_val=0.0, max_val=1.0)
    check_param("acquisition_multiple", acquisition_multiple, float, min_val=0.0)
    v = np.zeros(len(p)) if value is None else np.broadcast_to(np.asarray(value, dtype=float), p.shape)
    if not np.isfinite(v).all():
        raise DataValidationError(f"parameter 'value': {int((~np.isfinite(v)).sum())} values are missing or infinite.")
    exp_profit = contact_profit(p, v, offer_cost=offer_cost, success_rate=success_rate,
                                acquisition_multiple=acquisition_multiple)
    order = np.argsort(-exp_profit, kind="stable")
    cum = np.concatenate([[0.0], np.cumsum(exp_profit[order])])
    k = int(np.argmax(cum))
    idx = np.asarray(index) if index is not None else np.arange(len(p))
    table = pd.DataFrame({"rank": np.arange(1, len(p) + 1), "customer": idx[order], "churn_probability": p[order],
                          "expected_profit": exp_profit[order], "cumulative_profit": cum[1:]})
    thr = float(p[order][:k].min()) if k else 1.0
    return ProfitCurve(table, k, float(cum[k]), thr, float(cum[-1]),
                       {"offer_cost": offer_cost, "success_rate": success_rate,
                        "acquisition_multiple": acquisition_multiple,
                        **({"value_median": float(np.median(v))} if value is not None else {})},
                       _break_even(p[order][:max(k, 1)], v[order][:max(k, 1)], offer_cost, success_rate,
                                   acquisition_multiple))


def _break_even(p: np.ndarray, v: np.ndarray, offer_cost: float, success_rate: float, multiple: float) -> dict:
    """Offer cost and success rate at which contacting the customers ``p``, ``v`` (the best list; the single best
    customer when no list pays) brings exactly nothing: with P = sum p and PV = sum p v, k contacts pay
    s (PV + m c P) - k c, which is 0 at c = s PV / (k - s m P) and at s = k c / (PV + m c P)."""
    k, big_p, pv = len(p), float(p.sum()), float((p * v).sum())
    out = {}
    if pv + multiple * offer_cost * big_p > 0:
        out["success_rate"] = k * offer_cost / (pv + multiple * offer_cost * big_p)
    room = k - success_rate * multiple * big_p
    out["offer_cost"] = success_rate * pv / room if room > 0 else float("inf")
    return out


def retention_plan(model: "ChurnModel", table: pd.DataFrame, value: pd.Series | None = None, *,
                   horizon: float = 12.0, offer_cost: float = 20.0, success_rate: float = 0.3,
                   acquisition_multiple: float = 5.0, value_basis: dict | None = None, opt_out: pd.Series | None = None,
                   budget: float = 0.0) -> ProfitCurve:
    """Whom to offer a retention incentive, among customers who are still customers.

    Customers the churn column marks as gone are left out (an offer cannot keep them); the rest
    are ranked by :func:`retention_profit` with their held-out churn probability and ``value``: what
    keeping each of them is worth over ``horizon`` months (margin included; indexed like ``table``;
    None: nothing but the acquisition cost saved). ``value_basis`` says what that value rests on, as
    figures (``value``: "survival" or "periods", ``value_col``, ``value_period``, ``margin``,
    ``discount_rate``, ``unit``); it is kept in the curve's ``params`` with ``gone`` and ``horizon``
    for the report's words. Customers marked in ``opt_out`` (a boolean per row of ``table``: asked not to
    be contacted) are left out and counted (``params["opted_out"]``). With a ``budget`` (money; 0: none),
    ``params`` also holds the list cut to what it pays for: ``budget_k`` contacts, their ``budget_profit``
    and the expected profit of the last one, ``last_contact``. The churn and overview reports both call
    this (through :func:`insight.report.sources.subscriber_plan`), so their numbers agree.

    Parameters
    ----------
    model : insight.models.churn.ChurnModel
        A churn model fitted on ``table``.
    table : pandas.DataFrame
        The churn table the model was fitted on.
    value : pandas.Series, optional
        What keeping each current customer is worth over ``horizon`` (currency units), indexed like ``table``.
    horizon : float, default 12.0
        Months the value is counted over (> 0).
    offer_cost : float, default 20.0
        Cost of one retention offer (currency units).
    success_rate : float, default 0.3
        Share of contacted would-be leavers an offer keeps (0-1).
    acquisition_multiple : float, default 5.0
        Cost of acquiring a replacement customer, in offer costs (0: ignore it).
    value_basis : dict, optional
        What ``value`` rests on, as figures, for the report's words.
    opt_out : pandas.Series, optional
        True for rows of ``table`` who asked not to be contacted.
    budget : float, default 0.0
        Money for offers; 0: no budget.

    Returns
    -------
    ProfitCurve
        The curve of the current customers, with the plan's figures in ``params``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``opt_out`` or ``value`` misses a row, or every customer is marked as gone.

    Examples
    --------
    >>> from insight.data.datasets import load_telco_churn
    >>> from insight.models.churn import ChurnModel
    >>> telco = load_telco_churn().head(300)[["tenure", "monthly_charges", "churn"]]
    >>> model = ChurnModel(model="logistic", n_splits=3, calibrate=False).fit(telco)
    >>> plan = retention_plan(model, telco, telco["monthly_charges"] * 12 * 0.3, budget=1000.0)
    >>> plan.params["gone"], plan.best_k, plan.params["budget_k"]
    (77, 77, 50)
    """
    model.check_fitted()
    check_param("horizon", horizon, float, min_val=0.0, include_min=False)
    check_param("budget", budget, float, min_val=0.0)
    current = ~model.y_.astype(bool)
    opted_out = 0
    if opt_out is not None:
        opt_out = pd.Series(opt_out, dtype=bool).reindex(current.index)
        if opt_out.isna().any():
            raise DataValidationError(f"parameter 'opt_out': {int(opt_out.isna().sum()):,} rows of the table have no "
                                      "yes/no; give one per row.")
        opted_out = int((current & opt_out).sum())
        current = current & ~opt_out
    if not current.any():
        raise DataValidationError(f"column {model.target!r}: all {len(current):,} customers are marked as gone; "
                                  "no current customer to offer anything.")
    kept = current[current].index
    if value is not None:
        value = pd.Series(value, dtype=float).reindex(kept)
        if value.isna().any():
            raise DataValidationError(f"parameter 'value': {int(value.isna().sum()):,} of {len(kept):,} current "
                                      f"customers have no value, e.g. row {value.index[value.isna()][0]!r}; give one "
                                      "per current customer, indexed like the table.")
    ids = table.loc[kept, model.id_col] if model.id_col else kept
    curve = retention_profit(model.oof_proba_[current], value, offer_cost=offer_cost, success_rate=success_rate,
                             acquisition_multiple=acquisition_multiple, index=ids)
    curve.params.update({"value": "none", **dict(value_basis or {}), "gone": int(model.y_.astype(bool).sum()),
                         "horizon": float(horizon), "opted_out": opted_out})
    if budget:
        k = min(curve.best_k, int(budget // offer_cost)) if offer_cost > 0 else curve.best_k
        curve.params.update(budget=float(budget), budget_k=k,
                            budget_profit=float(curve.table["cumulative_profit"].iloc[k - 1]) if k else 0.0,
                            last_contact=float(curve.table["expected_profit"].iloc[k - 1]) if k else 0.0)
    return curve
