"""What should we do about it? Appreciation, retention spending and the actions they lead to.

* :func:`appreciation_scores` ranks customers on the criteria DESIGN.md names for
  deserving a discount or gift (loyalty, paying on time, quality of cooperation,
  completed orders, referrals), each visible as a contribution; :func:`discount_comparison`
  sets a blanket discount against a targeted appreciation budget.
* :func:`plan_contacts` and :func:`compare_strategies` spend a retention budget where
  the expected value is highest (on top of :func:`retention_profit`, the decision threshold
  or top-k list that maximizes the expected profit of a retention offer),
  and compare that with contacting everyone, no one or a random sample; the
  practitioner claims (acquisition costs ~5x retention, a loyal customer is worth up
  to ~10x a new one) are explicit parameters.
* ``action_*`` and :func:`rank_actions` turn those analyses into recommended actions on one
  footing (the executive summary's list): what each brings and costs over the same horizon,
  its net value and its break-even, with an action id and the numbers it was computed from;
  ``insight.report.sections._actions`` writes them in words. :func:`discount_rule` is the
  practitioner rule that discounts pay only once loyal customers cover the target revenue.

Plain pandas/numpy on purpose: the scoring is a few lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .exceptions import DataValidationError
from .parsers import to_bool
from .validate import check_columns, check_in, check_param, plain

if TYPE_CHECKING:
    from .models.churn import ChurnModel

__all__ = ["DEFAULT_CRITERIA", "DEFAULT_WEIGHTS", "appreciation_scores", "top_customers", "discount_comparison",
           "value_from_claims", "discount_rule", "plan_contacts", "compare_strategies", "Action",
           "action_retention_offers", "action_retention_plan", "PRACTICES", "action_fast_resolution",
           "action_appreciation", "action_win_back", "action_touchpoint", "rank_actions", "ACTION_COLUMNS",
           "ProfitCurve", "contact_profit", "retention_profit", "retention_plan", "discounted_months"]

#: criterion id -> (column, direction): "higher" or "lower" is better. Columns of
#: :func:`insight.features.summary.customer_summary` plus the customer table's payment and
#: referral columns; pass your own mapping for other names (the report labels the ids).
DEFAULT_CRITERIA: dict[str, tuple[str, str]] = {
    "loyalty_tenure": ("tenure_days", "higher"),
    "loyalty_purchases": ("purchases", "higher"),
    "pays_on_time": ("on_time_payment", "higher"),
    "cooperation": ("returns", "lower"),
    "referrals": ("referrals", "higher"),
}

#: Default weights (sum 1): loyalty counts most, as the practitioner writing puts it first.
DEFAULT_WEIGHTS: dict[str, float] = {
    "loyalty_tenure": 0.25, "loyalty_purchases": 0.25, "pays_on_time": 0.2, "cooperation": 0.1, "referrals": 0.2,
}


# --------------------------------------------------------------------------- appreciation
def appreciation_scores(customers: pd.DataFrame, criteria: dict | None = None,
                        weights: dict | None = None) -> pd.DataFrame:
    """Score customers 0-100 on weighted, normalised criteria; each criterion's contribution is a column.

    ``criteria`` maps a criterion name to ``(column, "higher" | "lower")``; each column
    is turned into its percentile rank (0-1, ties share the average rank; reversed
    when lower is better), multiplied by its weight (``weights``, normalised to sum
    to 1; equal weights for criteria without one). Missing values raise.

    Parameters
    ----------
    customers : pandas.DataFrame
        One row per customer with the criteria's columns.
    criteria : dict, optional
        Criterion name -> ``(column, "higher" | "lower")``; None (default): :data:`DEFAULT_CRITERIA`.
    weights : dict, optional
        Criterion name -> weight (>= 0, not all 0); None (default): :data:`DEFAULT_WEIGHTS` (1 for other names).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``customers``: one column per criterion (its points), ``score`` (0-100) and ``rank`` (1 = best).

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``customers`` is not a DataFrame, a criterion or weight is malformed, a column is missing or a value
        is not a number.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"tenure_days": [900, 400, 120, 60], "purchases": [30, 12, 4, 1],
    ...                           "on_time_payment": [1.0, 0.9, 0.5, 1.0], "returns": [1, 0, 3, 0],
    ...                           "referrals": [2, 0, 1, 0]}, index=["A", "B", "C", "D"])
    >>> scores = appreciation_scores(customers)
    >>> scores[["score", "rank"]].round(1)
       score  rank
    A   94.0     1
    B   51.3     2
    C   28.7     4
    D   30.0     3
    """
    if not isinstance(customers, pd.DataFrame):
        raise DataValidationError(f"parameter 'customers' must be a pandas DataFrame, got {type(customers).__name__}.")
    criteria = dict(DEFAULT_CRITERIA if criteria is None else criteria)
    if not criteria:
        raise DataValidationError("parameter 'criteria' is empty; name at least one criterion.")
    for name, spec in criteria.items():
        if not (isinstance(spec, (tuple, list)) and len(spec) == 2 and spec[1] in ("higher", "lower")):
            raise DataValidationError(f"criterion {name!r}: must be (column, 'higher' or 'lower'), got {spec!r}.")
    check_columns(customers, [c for c, _ in criteria.values()], name="customers")
    if weights is None:
        weights = {k: DEFAULT_WEIGHTS.get(k, 1.0) for k in criteria}
    unknown = set(weights) - set(criteria)
    if unknown:
        raise DataValidationError(f"parameter 'weights': {len(unknown)} name(s) are not criteria, e.g. "
                                  f"{sorted(unknown)[0]!r}; criteria: {list(criteria)}.")
    w = pd.Series({k: float(weights.get(k, 1.0)) for k in criteria})
    if (w < 0).any() or not w.sum() > 0:
        raise DataValidationError(f"parameter 'weights': must be >= 0 and not all 0, got {w.to_dict()}.")
    w = w / w.sum()
    out = pd.DataFrame(index=customers.index)
    for name, (col, direction) in criteria.items():
        v = pd.to_numeric(customers[col], errors="coerce")
        bad = v.isna()
        if bad.any():
            raise DataValidationError(f"column {col!r}: {int(bad.sum()):,} of {len(v):,} customers have no numeric "
                                      f"value; e.g. {plain(customers.loc[bad, col].iloc[0])!r} for "
                                      f"{plain(customers.index[bad][0])!r}.")
        r = v.rank(pct=True, method="average")
        r = (r - r.min()) / (r.max() - r.min()) if r.max() > r.min() else r * 0 + 0.5
        out[name] = 100 * w[name] * (r if direction == "higher" else 1 - r)
    out["score"] = out[list(criteria)].sum(axis=1)
    out["rank"] = out["score"].rank(ascending=False, method="min").astype(int)
    return out


def top_customers(scores: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The "top N customers of the year": best scores, with each criterion's points.

    Parameters
    ----------
    scores : pandas.DataFrame
        The result of :func:`appreciation_scores` (a ``score`` column).
    n : int, default 5
        Number of customers (>= 1).

    Returns
    -------
    pandas.DataFrame
        The ``n`` rows of ``scores`` with the best scores, best first.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"tenure_days": [900, 400, 120, 60], "purchases": [30, 12, 4, 1],
    ...                           "on_time_payment": [1.0, 0.9, 0.5, 1.0], "returns": [1, 0, 3, 0],
    ...                           "referrals": [2, 0, 1, 0]}, index=["A", "B", "C", "D"])
    >>> scores = appreciation_scores(customers)
    >>> top_customers(scores, 2).index.tolist()
    ['A', 'B']
    """
    check_param("n", n, int, min_val=1)
    check_columns(scores, ["score"], name="scores")
    return scores.sort_values("score", ascending=False, kind="stable").head(n)


def discount_comparison(revenue: pd.Series, scores: pd.DataFrame, *, discount: float = 0.10,
                        top_n: int | None = None, budget: float | None = None) -> pd.DataFrame:
    """A blanket ``discount`` to every customer against the same discount to the best-scored customers.

    The targeted list is the ``top_n`` best scores, or, with ``budget``, as many of
    the best as the budget covers (revenue x discount each). Revenue is the basis of
    the discount (e.g. last year's, as an estimate of next year's).

    Parameters
    ----------
    revenue : pandas.Series
        Revenue per customer (currency units, >= 0), indexed like ``scores``.
    scores : pandas.DataFrame
        The result of :func:`appreciation_scores`.
    discount : float, default 0.10
        The discount, as a share of revenue (0-1].
    top_n : int, optional
        Number of best-scored customers discounted.
    budget : float, optional
        Money to give away instead of ``top_n`` (give exactly one of the two).

    Returns
    -------
    pandas.DataFrame
        Rows ``blanket`` and ``targeted``; columns ``customers_reached``, ``revenue_given_away``,
        ``share_of_revenue_reached`` and ``cost_per_customer_reached``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When a revenue is missing or negative, a scored customer has no revenue, or not exactly one of ``top_n``
        and ``budget`` is given.

    Examples
    --------
    >>> import pandas as pd
    >>> customers = pd.DataFrame({"tenure_days": [900, 400, 120, 60], "purchases": [30, 12, 4, 1],
    ...                           "on_time_payment": [1.0, 0.9, 0.5, 1.0], "returns": [1, 0, 3, 0],
    ...                           "referrals": [2, 0, 1, 0]}, index=["A", "B", "C", "D"])
    >>> scores = appreciation_scores(customers)
    >>> revenue = pd.Series([5000.0, 1200, 300, 80], index=["A", "B", "C", "D"])
    >>> discount_comparison(revenue, scores, top_n=2)[["customers_reached", "revenue_given_away"]]
              customers_reached  revenue_given_away
    blanket                   4               658.0
    targeted                  2               620.0
    """
    check_param("discount", discount, float, min_val=0.0, max_val=1.0, include_min=False)
    rev = pd.to_numeric(pd.Series(revenue), errors="coerce")
    if rev.isna().any() or (rev < 0).any():
        bad = rev.isna() | (rev < 0)
        raise DataValidationError(f"parameter 'revenue': {int(bad.sum()):,} of {len(rev):,} values are missing or "
                                  f"negative; e.g. {plain(pd.Series(revenue)[bad].iloc[0])!r}.")
    missing = scores.index.difference(rev.index)
    if len(missing):
        raise DataValidationError(f"parameter 'revenue': {len(missing):,} scored customers have no revenue; "
                                  f"e.g. {plain(missing[0])!r}.")
    if (top_n is None) == (budget is None):
        raise DataValidationError("give exactly one of 'top_n' and 'budget'.")
    order = scores.sort_values("score", ascending=False, kind="stable").index
    cost = rev.reindex(order) * discount
    if top_n is not None:
        check_param("top_n", top_n, int, min_val=1)
        chosen = order[:top_n]
    else:
        check_param("budget", budget, float, min_val=0.0)
        chosen = order[: int((cost.cumsum() <= budget).sum())]
    total = float(rev.sum())
    rows = {
        "blanket": (len(rev), total * discount, 1.0),
        "targeted": (len(chosen), float(cost.loc[chosen].sum()), float(rev.loc[chosen].sum() / total) if total else 0.0),
    }
    out = pd.DataFrame(rows, index=["customers_reached", "revenue_given_away", "share_of_revenue_reached"]).T
    out["customers_reached"] = out["customers_reached"].astype(int)
    out["cost_per_customer_reached"] = out["revenue_given_away"] / out["customers_reached"].clip(lower=1)
    return out


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


# --------------------------------------------------------------------------- recommended actions
@dataclass
class Action:
    """A recommended action on the footing every action shares: what it is expected to bring (``gross``) and to
    cost (``cost``) over the same ``horizon`` (months), so that their difference, ``net``, ranks it.

    ``kind`` is an id (``"win_back"``, ``"retention_plan"`` ...); ``values`` the numbers it was computed
    from, by name; ``report`` the link name of the report behind it. ``cost`` is None when the data cannot
    know it (fixing a touchpoint, handling complaints faster): then ``net`` is unknown and ``break_even``
    gives the cost below which the action pays. ``break_even`` maps what it is stated in to the value at
    which the net value is 0: ``"cost"`` (the whole cost over the horizon), ``"offer_cost"`` (per contact),
    ``"success_rate"`` (the share of would-be leavers an offer must keep). The report
    (:mod:`insight.report.sections.overview`) writes it in words.

    Attributes
    ----------
    kind : str
        The action's id.
    gross : float
        What it is expected to bring over the horizon (currency units).
    cost : float or None
        What it costs over the horizon; None when unknown.
    horizon : float
        Months it is valued over.
    values : dict
        The numbers it was computed from, by name.
    report : str
        Link name of the report behind it.
    break_even : dict
        What it is stated in -> the value at which the net value is 0.
    """

    kind: str
    gross: float
    cost: float | None
    horizon: float
    values: dict = field(default_factory=dict)
    report: str = ""
    break_even: dict = field(default_factory=dict)

    @property
    def net(self) -> float:
        """Gross minus cost over the horizon (NaN when the cost is not known)."""
        return float("nan") if self.cost is None else float(self.gross - self.cost)

    @property
    def pays(self) -> bool:
        """Whether the action is expected to bring more than it costs (False when its cost is unknown)."""
        return bool(self.net > 0)


def discounted_months(horizon: float, discount_rate: float = 0.0, *, arriving: bool = False) -> float:
    """What a steady amount a month over the next ``horizon`` months is worth today, in months of that amount, at
    ``discount_rate`` a month (each month's amount at its end): sum of (1 + r)^-t for t = 1..H, so H when the rate
    is 0. With ``arriving``, the amount starts in a month spread evenly over the horizon (a customer kept when a
    complaint comes in brings it from then on): sum of t (1 + r)^-t / H, about H / 2.

    Parameters
    ----------
    horizon : float
        Months (> 0; a fraction counts as a whole month).
    discount_rate : float, default 0.0
        Discount rate a month (0-1).
    arriving : bool, default False
        The amount starts in a month spread evenly over the horizon.

    Returns
    -------
    float
        The worth today, in months of the amount.

    Examples
    --------
    >>> discounted_months(12), round(discounted_months(12, 0.01), 3)
    (12.0, 11.255)
    >>> round(discounted_months(12, 0.01, arriving=True), 3)
    5.985
    """
    check_param("horizon", horizon, float, min_val=0.0, include_min=False)
    check_param("discount_rate", discount_rate, float, min_val=0.0, max_val=1.0)
    t = np.arange(1, int(np.ceil(horizon)) + 1, dtype=float)
    d = (1.0 + discount_rate) ** -t
    return float((t * d).sum() / len(t)) if arriving else float(d.sum())


def _over(horizon: float, discount_rate: float = 0.0) -> float:
    """A year's amount over ``horizon`` months, discounted at ``discount_rate`` a month, as a share of that year's
    amount (horizon / 12 when the rate is 0)."""
    return discounted_months(horizon, discount_rate) / 12.0


def _offer_break_even(gross: float, cost: float, contacts: int, success_rate: float, *, by_cost: bool) -> dict:
    """Where an offer campaign stops paying: the success rate at which it breaks even (gross is proportional to
    it) and, with ``by_cost`` (when gross does not depend on the offer's cost), the offer cost ``gross / contacts``."""
    out = {}
    if gross > 0:
        out["success_rate"] = success_rate * cost / gross
    if contacts and by_cost:
        out["offer_cost"] = gross / contacts
    return out


def action_retention_offers(strategies: pd.DataFrame, *, offer_cost: float, budget: float, success_rate: float,
                            horizon: float = 12.0, report: str = "churn", best: ProfitCurve | None = None) -> Action:
    """Retention offers by expected value under a budget, from :func:`compare_strategies` (expected outcomes;
    a kept customer's value counted over ``horizon`` months by the caller). When no offer pays, the break-even
    is that of the customer most worth an offer, from ``best`` (:func:`retention_profit` of the same customers).

    Parameters
    ----------
    strategies : pandas.DataFrame
        The result of :func:`compare_strategies`.
    offer_cost : float
        Cost of one offer (currency units).
    budget : float
        Money for offers.
    success_rate : float
        Share of contacted would-be leavers an offer keeps (0-1).
    horizon : float, default 12.0
        Months the action is valued over.
    report : str, default "churn"
        Link name of the report behind the action.
    best : ProfitCurve, optional
        :func:`retention_profit` of the same customers, for the break-even when no offer pays.

    Returns
    -------
    Action
        Kind ``"retention_offers"``.

    Examples
    --------
    >>> p_leave, value = [0.9, 0.6, 0.3, 0.05], [400.0, 150.0, 800.0, 1000.0]
    >>> strategies = compare_strategies(p_leave, value, budget=40.0)
    >>> action = action_retention_offers(strategies, offer_cost=20.0, budget=40.0, success_rate=0.3)
    >>> action.gross, action.cost, action.net
    (216.0, 40.0, 176.0)
    """
    top, rnd = strategies.loc["within_budget"], strategies.loc["random"]
    cost = float(top["cost"])
    gross = float(top["profit"]) + cost
    n = int(top["contacted"])
    be = _offer_break_even(gross, cost, n, success_rate, by_cost=False)
    if not n and best is not None:
        be = dict(best.break_even)
    return Action("retention_offers", gross, cost, horizon,
                  {"offers": n, "offer_cost": float(offer_cost), "budget": float(budget),
                   "random_profit": float(rnd["profit"]), "success_rate": float(success_rate)}, report, be)


def action_retention_plan(curve, *, report: str = "churn") -> Action:
    """Retention offers as the churn report plans them (:func:`insight.retention.retention_plan`): same list, same
    money, over the plan's horizon. Its basis is the plan's assumptions (the report writes them from ``curve``).

    Parameters
    ----------
    curve : ProfitCurve
        The plan (:func:`retention_plan`, or :func:`retention_profit`: then a 12-month horizon).
    report : str, default "churn"
        Link name of the report behind the action.

    Returns
    -------
    Action
        Kind ``"retention_plan"``: the budget's contacts when the plan has a budget, else the best list.

    Examples
    --------
    >>> p_leave, value = [0.9, 0.6, 0.3, 0.05], [400.0, 150.0, 800.0, 1000.0]
    >>> action = action_retention_plan(retention_profit(p_leave, value))
    >>> action.kind, action.gross, action.cost, action.net
    ('retention_plan', 261.0, 60.0, 201.0)
    """
    p = curve.params
    k, profit = (p["budget_k"], p["budget_profit"]) if "budget_k" in p else (curve.best_k, curve.best_profit)
    cost = k * p["offer_cost"]
    return Action("retention_plan", profit + cost, cost, float(p.get("horizon", 12.0)),
                  {"customers": int(k), "offer_cost": float(p["offer_cost"]), "success_rate": float(p["success_rate"])},
                  report, dict(curve.break_even))


def action_fast_resolution(recovery, *, years: float, annual_margin: float, horizon: float = 12.0,
                           discount_rate: float = 0.0, cost: float | None = None,
                           report: str = "satisfaction") -> Action:
    """Resolve every complaint fast: the slow or unresolved complainers of ``horizon`` months (``years`` of data
    give the rate) x the gap in retention x the margin a kept complainer brings from their complaint to the end of
    the horizon (complaints spread evenly over it; :func:`discounted_months` with ``arriving``), discounted at
    ``discount_rate`` a month. ``cost`` (over the horizon) is usually not known: the break-even is the cost per
    complaint below which faster handling pays.

    Parameters
    ----------
    recovery : insight.models.satisfaction.Recovery
        The result of :func:`insight.models.satisfaction.complaint_recovery`.
    years : float
        Years of data the complaints were counted over (> 0).
    annual_margin : float
        Margin a kept customer brings a year (currency units).
    horizon : float, default 12.0
        Months the action is valued over.
    discount_rate : float, default 0.0
        Discount rate a month of money to come (0-1).
    cost : float, optional
        Cost of faster handling over the horizon; None (default): unknown.
    report : str, default "satisfaction"
        Link name of the report behind the action.

    Returns
    -------
    Action
        Kind ``"fast_resolution"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.satisfaction import Recovery
    >>> table = pd.DataFrame({"customers": [100, 20, 30, 10], "rate": [0.5, 0.8, 0.5, 0.3]},
    ...                      index=["never complained", "resolved fast", "resolved slowly", "unresolved"])
    >>> action = action_fast_resolution(Recovery(table, 0.0, 0.0, 0.3, True, 48.0), years=2.0, annual_margin=100.0)
    >>> round(action.gross, 2), action.cost, round(action.break_even["cost_per_complaint"], 2)
    (379.17, None, 18.96)
    """
    check_param("years", years, float, min_val=0.0, include_min=False)
    share = discounted_months(horizon) / 12.0
    kept_for = discounted_months(horizon, discount_rate, arriving=True) / 12.0    # years of margin per kept one
    t = recovery.table
    slow = ["resolved slowly", "unresolved"]
    n_slow = float(t.loc[slow, "customers"].sum()) / years
    slow_rate = float(np.average(t.loc[slow, "rate"].fillna(0), weights=t.loc[slow, "customers"].clip(lower=1e-9)))
    fast_rate = float(t.loc["resolved fast", "rate"])
    complaints = n_slow * share
    gross = (fast_rate - slow_rate) * complaints * annual_margin * kept_for
    return Action("fast_resolution", gross, cost, horizon,
                  {"hours": float(recovery.fast_hours), "complaints": complaints, "fast_rate": fast_rate,
                   "slow_rate": slow_rate, "annual_margin": float(annual_margin),
                   "discount_rate": float(discount_rate)}, report,
                  {"cost": gross, **({"cost_per_complaint": gross / complaints} if complaints else {})})


PRACTICES = ("nothing", "discount")


def action_appreciation(comparison: pd.DataFrame, *, current_practice: str = "nothing", kept_margin: float = 0.0,
                        horizon: float = 12.0, discount_rate: float = 0.0, report: str = "customer_types") -> Action:
    """Thank the best-scored customers (from :func:`discount_comparison` on a year's revenue), over ``horizon``
    months, every amount discounted at ``discount_rate`` a month.

    Its value depends on what the company does today (``current_practice``): with
    "discount" (a blanket discount now) it brings the revenue no longer given away and costs the
    thanks (kind ``"appreciation_instead_of_discount"``); with "nothing" it brings ``kept_margin``
    (a year's margin of the thanked customers it is expected to keep, e.g. their chance of leaving x
    the success rate x a year's margin) and costs the thanks (kind ``"appreciation"``).

    Parameters
    ----------
    comparison : pandas.DataFrame
        The result of :func:`discount_comparison` (rows blanket, then targeted).
    current_practice : {"nothing", "discount"}, default "nothing"
        What the company does today (``PRACTICES``).
    kept_margin : float, default 0.0
        A year's margin of the thanked customers the thanks is expected to keep (currency units).
    horizon : float, default 12.0
        Months the action is valued over.
    discount_rate : float, default 0.0
        Discount rate a month of money to come (0-1).
    report : str, default "customer_types"
        Link name of the report behind the action.

    Returns
    -------
    Action
        Kind ``"appreciation_instead_of_discount"`` or ``"appreciation"``.

    Examples
    --------
    >>> import pandas as pd
    >>> comparison = pd.DataFrame({"customers_reached": [1000, 20], "revenue_given_away": [5000.0, 300.0],
    ...                            "share_of_revenue_reached": [1.0, 0.25]}, index=["blanket", "targeted"])
    >>> action = action_appreciation(comparison, current_practice="discount")
    >>> action.kind, action.gross, action.cost, action.net
    ('appreciation_instead_of_discount', 5000.0, 300.0, 4700.0)
    """
    check_in("current_practice", current_practice, list(PRACTICES))
    share = _over(horizon, discount_rate)
    blanket, targeted = comparison.iloc[0], comparison.iloc[1]
    n, cost = int(targeted["customers_reached"]), float(targeted["revenue_given_away"]) * share
    if current_practice == "discount":
        gross = float(blanket["revenue_given_away"]) * share
        return Action("appreciation_instead_of_discount", gross, cost, horizon,
                      {"customers": n, "blanket_cost": gross, "cost": cost,
                       "revenue_share": float(targeted["share_of_revenue_reached"]),
                       "discount_rate": float(discount_rate)}, report, {"cost": gross})
    gross = kept_margin * share
    return Action("appreciation", gross, cost, horizon, {"customers": n, "cost": cost, "kept_margin": gross,
                                                       "discount_rate": float(discount_rate)}, report,
                  {"cost": gross})


def action_win_back(revenue_lost: pd.Series, *, top_n: int, margin: float, success_rate: float, offer_cost: float,
                    horizon: float = 12.0, discount_rate: float = 0.0, report: str = "clv") -> Action:
    """Win back the ``top_n`` most valuable customers who have probably left: the share won back (``success_rate``)
    x their last year's revenue x ``margin``, over ``horizon`` months discounted at ``discount_rate`` a month,
    against an offer each (paid now).

    Parameters
    ----------
    revenue_lost : pandas.Series
        Last year's revenue of each customer who has probably left (currency units).
    top_n : int
        Number of customers contacted (>= 1).
    margin : float
        Margin as a share of revenue (0-1).
    success_rate : float
        Share of contacted customers won back (0-1).
    offer_cost : float
        Cost of one offer (currency units).
    horizon : float, default 12.0
        Months the action is valued over.
    discount_rate : float, default 0.0
        Discount rate a month of money to come (0-1).
    report : str, default "clv"
        Link name of the report behind the action.

    Returns
    -------
    Action
        Kind ``"win_back"``.

    Examples
    --------
    >>> import pandas as pd
    >>> action = action_win_back(pd.Series([100.0, 50.0, 10.0]), top_n=2, margin=0.3, success_rate=0.5,
    ...                          offer_cost=5.0)
    >>> action.gross, action.cost, action.break_even["offer_cost"]
    (22.5, 10.0, 11.25)
    """
    check_param("top_n", top_n, int, min_val=1)
    win = pd.Series(revenue_lost, dtype=float).sort_values(ascending=False).head(top_n)
    gross = success_rate * float(win.sum()) * margin * _over(horizon, discount_rate)
    cost = offer_cost * len(win)
    return Action("win_back", gross, cost, horizon,
                  {"customers": len(win), "revenue": float(win.sum()), "success_rate": float(success_rate),
                   "margin": float(margin), "offer_cost": float(offer_cost),
                   "discount_rate": float(discount_rate)}, report,
                  _offer_break_even(gross, cost, len(win), success_rate, by_cost=True))


def action_touchpoint(scores: pd.Series, buy_again: pd.Series, *, name: str, customers: int, annual_margin: float,
                      low_max: float = 3, reach: float = 0.25, horizon: float = 12.0, discount_rate: float = 0.0,
                      cost: float | None = None, report: str = "satisfaction") -> Action:
    """Improve a touchpoint: a ``reach`` share of low scorers moving up take the high scorers' buy-again rate, for
    ``horizon`` months discounted at ``discount_rate`` a month. ``cost`` (of the improvement, over the horizon) is
    usually not known: the break-even is the cost below which it pays.

    ``name`` is the touchpoint's name as the report shows it; when every answer is on one side
    of ``low_max`` the kind is ``"touchpoint_one_sided"`` and the gross 0.

    Parameters
    ----------
    scores : pandas.Series
        Each respondent's score of the touchpoint.
    buy_again : pandas.Series
        Whether each respondent would buy again (bool or 0/1), indexed like ``scores``.
    name : str
        The touchpoint's name.
    customers : int
        Number of customers the survey stands for.
    annual_margin : float
        Margin a customer brings a year (currency units).
    low_max : float, default 3
        Highest low score.
    reach : float, default 0.25
        Share of the low scorers the improvement moves up (0-1).
    horizon : float, default 12.0
        Months the action is valued over.
    discount_rate : float, default 0.0
        Discount rate a month of money to come (0-1).
    cost : float, optional
        Cost of the improvement over the horizon; None (default): unknown.
    report : str, default "satisfaction"
        Link name of the report behind the action.

    Returns
    -------
    Action
        Kind ``"touchpoint"`` (or ``"touchpoint_one_sided"``).

    Examples
    --------
    >>> import pandas as pd
    >>> action = action_touchpoint(pd.Series([1, 2, 5, 5]), pd.Series([False, True, True, True]), name="returns",
    ...                            customers=1000, annual_margin=10.0, low_max=2.5)
    >>> action.gross, action.cost, action.break_even
    (625.0, None, {'cost': 625.0})
    """
    check_param("reach", reach, float, min_val=0.0, max_val=1.0)
    ok = scores.notna() & buy_again.notna()
    low = scores[ok] <= low_max
    buy = buy_again[ok].astype(float)
    if low.all() or not low.any():
        return Action("touchpoint_one_sided", 0.0, cost, horizon, {"name": name, "low_max": float(low_max)}, report)
    uplift = float(buy[~low].mean() - buy[low].mean())
    gross = reach * float(low.mean()) * uplift * customers * annual_margin * _over(horizon, discount_rate)
    return Action("touchpoint", gross, cost, horizon,
                  {"name": name, "low_max": float(low_max), "low_share": float(low.mean()), "uplift": uplift,
                   "reach": float(reach), "annual_margin": float(annual_margin),
                   "discount_rate": float(discount_rate)}, report, {"cost": gross})


#: columns of :func:`rank_actions`
ACTION_COLUMNS = ["action", "gross", "cost", "net", "pays", "horizon", "break_even", "report", "values"]


def rank_actions(actions: list[Action]) -> pd.DataFrame:
    """Actions ranked on one footing (1 = best): by net value, those whose cost is unknown after those whose net
    value is known (by gross). Columns: ``action`` (the kind), ``gross``, ``cost`` (NaN: unknown), ``net``,
    ``pays`` (net > 0), ``horizon`` (months), ``break_even`` and ``values`` (dicts) and ``report``.

    Actions of different horizons are refused: their money cannot be compared.

    Parameters
    ----------
    actions : list of Action
        Actions valued over the same horizon.

    Returns
    -------
    pandas.DataFrame
        One row per action (index 1, 2, ...), columns :data:`ACTION_COLUMNS`.

    Raises
    ------
    insight.exceptions.DataValidationError
        When the actions' horizons differ.

    Examples
    --------
    >>> import pandas as pd
    >>> win_back = action_win_back(pd.Series([100.0, 50.0, 10.0]), top_n=2, margin=0.3, success_rate=0.5,
    ...                            offer_cost=5.0)
    >>> touchpoint = action_touchpoint(pd.Series([1, 2, 5, 5]), pd.Series([False, True, True, True]),
    ...                                name="returns", customers=1000, annual_margin=10.0, low_max=2.5)
    >>> rank_actions([touchpoint, win_back])[["action", "gross", "cost", "net", "pays"]]
           action  gross  cost   net   pays
    1    win_back   22.5  10.0  12.5   True
    2  touchpoint  625.0   NaN   NaN  False
    """
    horizons = sorted({a.horizon for a in actions})
    if len(horizons) > 1:
        raise DataValidationError(f"parameter 'actions': {len(horizons)} different horizons ({horizons[:3]} months); "
                                  "rank actions valued over the same horizon.")
    t = pd.DataFrame([{"action": a.kind, "gross": a.gross, "cost": np.nan if a.cost is None else a.cost,
                       "net": a.net, "pays": a.pays, "horizon": a.horizon, "break_even": dict(a.break_even),
                       "report": a.report, "values": dict(a.values)} for a in actions], columns=ACTION_COLUMNS)
    t = t.assign(_known=t["net"].notna()).sort_values(["_known", "net", "gross"], ascending=False,
                                                      ignore_index=True).drop(columns="_known")
    t.index = t.index + 1
    return t


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
                        "acquisition_multiple": acquisition_multiple},
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
