"""Recommended actions on one footing: what each brings and costs over one horizon, its net value and its
break-even, ranked (see :mod:`insight.retention`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..validate import check_in, check_param
from .economics import ProfitCurve

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
    """Retention offers by expected value under a budget, from :func:`~insight.retention.compare_strategies` (expected outcomes;
    a kept customer's value counted over ``horizon`` months by the caller). When no offer pays, the break-even
    is that of the customer most worth an offer, from ``best`` (:func:`~insight.retention.retention_profit` of the same customers).

    Parameters
    ----------
    strategies : pandas.DataFrame
        The result of :func:`~insight.retention.compare_strategies`.
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
        :func:`~insight.retention.retention_profit` of the same customers, for the break-even when no offer pays.

    Returns
    -------
    Action
        Kind ``"retention_offers"``.

    Examples
    --------
    >>> p_leave, value = [0.9, 0.6, 0.3, 0.05], [400.0, 150.0, 800.0, 1000.0]
    >>> from insight.retention import compare_strategies
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
        The plan (:func:`~insight.retention.retention_plan`, or :func:`~insight.retention.retention_profit`: then a 12-month horizon).
    report : str, default "churn"
        Link name of the report behind the action.

    Returns
    -------
    Action
        Kind ``"retention_plan"``: the budget's contacts when the plan has a budget, else the best list.

    Examples
    --------
    >>> p_leave, value = [0.9, 0.6, 0.3, 0.05], [400.0, 150.0, 800.0, 1000.0]
    >>> from insight.retention import retention_profit
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
    """Thank the best-scored customers (from :func:`~insight.retention.discount_comparison` on a year's revenue), over ``horizon``
    months, every amount discounted at ``discount_rate`` a month.

    Its value depends on what the company does today (``current_practice``): with
    "discount" (a blanket discount now) it brings the revenue no longer given away and costs the
    thanks (kind ``"appreciation_instead_of_discount"``); with "nothing" it brings ``kept_margin``
    (a year's margin of the thanked customers it is expected to keep, e.g. their chance of leaving x
    the success rate x a year's margin) and costs the thanks (kind ``"appreciation"``).

    Parameters
    ----------
    comparison : pandas.DataFrame
        The result of :func:`~insight.retention.discount_comparison` (rows blanket, then targeted).
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
