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
* ``action_*`` and :func:`rank_actions` turn those analyses into recommended actions
  with an expected value each (the executive summary's list): an action id and the numbers
  it was computed from; :mod:`insight.report.sections.overview` writes them in words.

Plain pandas/numpy on purpose: the scoring is a few lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .exceptions import DataValidationError
from .validate import check_columns, check_in, check_param, plain

if TYPE_CHECKING:
    from .models.churn import ChurnModel

__all__ = ["DEFAULT_CRITERIA", "DEFAULT_WEIGHTS", "appreciation_scores", "top_customers", "discount_comparison",
           "value_from_claims", "plan_contacts", "compare_strategies", "Action", "action_retention_offers",
           "action_retention_plan", "PRACTICES", "action_fast_resolution", "action_appreciation", "action_win_back",
           "action_touchpoint", "rank_actions", "ProfitCurve", "contact_profit", "retention_profit", "retention_plan"]

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
    to 1; equal weights for criteria without one). Missing values raise. Returns
    one column per criterion (its points), ``score`` and ``rank`` (1 = best).
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
    """The "top N customers of the year": best scores, with each criterion's points."""
    check_param("n", n, int, min_val=1)
    check_columns(scores, ["score"], name="scores")
    return scores.sort_values("score", ascending=False, kind="stable").head(n)


def discount_comparison(revenue: pd.Series, scores: pd.DataFrame, *, discount: float = 0.10,
                        top_n: int | None = None, budget: float | None = None) -> pd.DataFrame:
    """A blanket ``discount`` to every customer against the same discount to the best-scored customers.

    The targeted list is the ``top_n`` best scores, or, with ``budget``, as many of
    the best as the budget covers (revenue x discount each). Revenue is the basis of
    the discount (e.g. last year's, as an estimate of next year's). Rows ``blanket`` and
    ``targeted``; columns ``customers_reached``, ``revenue_given_away``,
    ``share_of_revenue_reached`` and ``cost_per_customer_reached``.
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
    """
    check_param("new_customer_value", new_customer_value, float, min_val=0.0)
    check_param("loyal_multiplier", loyal_multiplier, float, min_val=1.0)
    loyal = np.asarray(is_loyal, dtype=bool)
    return np.where(loyal, loyal_multiplier * new_customer_value, new_customer_value)


def plan_contacts(p_leave, value, *, budget: float, offer_cost: float = 20.0, success_rate: float = 0.3,
                  acquisition_multiple: float = 5.0, index=None) -> pd.DataFrame:
    """Whom to contact under a budget: highest expected value first, only where it is positive.

    ``p_leave`` is the churn classifier's probability or 1 - P(alive) of the CLV
    model; ``value`` the customer's value (CLV or margin). Expected value of a
    contact: ``p x success_rate x (value + acquisition_multiple x offer_cost) - offer_cost``
    (:func:`retention_profit`). Returns one row per customer with
    ``expected_value`` and ``contact`` (bool), best first.
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
    to show what a blanket campaign would bring. Rows (strategy ids) ``within_budget``,
    ``random``, ``no_budget_limit``, ``everyone`` and ``no_one``; columns ``contacted``,
    ``cost``, ``profit`` and ``profit_per_unit_spent``.
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


# --------------------------------------------------------------------------- recommended actions
@dataclass
class Action:
    """A recommended action: which one (``kind``, an id such as ``"win_back"``), its expected value over
    ``horizon`` (an id: ``"year"``; the retention plan's ``"remaining_lifetime"`` or ``"value_periods"``), the numbers it
    was computed from (``values``, by name) and the report behind it (``report``, a link name).

    :func:`insight.report.sections.overview.action_title` and
    :func:`~insight.report.sections.overview.action_basis` write it in words.
    """

    kind: str
    expected_value: float
    values: dict = field(default_factory=dict)
    report: str = ""
    horizon: str = "year"


def action_retention_offers(strategies: pd.DataFrame, *, offer_cost: float, budget: float,
                            report: str = "churn") -> Action:
    """Retention offers by expected value, from :func:`compare_strategies` (evaluated on expected outcomes)."""
    best, rnd = strategies.loc["within_budget"], strategies.loc["random"]
    return Action("retention_offers", float(best["profit"]),
                  {"offers": int(best["contacted"]), "offer_cost": float(offer_cost), "budget": float(budget),
                   "random_profit": float(rnd["profit"])}, report)


def action_retention_plan(curve, *, report: str = "churn") -> Action:
    """Retention offers as the churn report plans them (:func:`insight.retention.retention_plan`): same list, same money.

    Its basis is the plan's assumptions (the report writes them from ``curve``)."""
    return Action("retention_plan", float(curve.best_profit), {"customers": int(curve.best_k)}, report,
                  curve.params.get("horizon", "value_periods"))


def action_fast_resolution(recovery, *, years: float, annual_margin: float, report: str = "satisfaction") -> Action:
    """Resolve every complaint fast: slow or unresolved complainers a year x the retention gap x a year's margin."""
    check_param("years", years, float, min_val=0.0, include_min=False)
    t = recovery.table
    slow = ["resolved slowly", "unresolved"]
    n_slow = float(t.loc[slow, "customers"].sum()) / years
    slow_rate = float(np.average(t.loc[slow, "rate"].fillna(0), weights=t.loc[slow, "customers"].clip(lower=1e-9)))
    fast_rate = float(t.loc["resolved fast", "rate"])
    return Action("fast_resolution", (fast_rate - slow_rate) * n_slow * annual_margin,
                  {"hours": float(recovery.fast_hours), "complaints": n_slow, "fast_rate": fast_rate,
                   "slow_rate": slow_rate, "annual_margin": float(annual_margin)}, report)


PRACTICES = ("nothing", "discount")


def action_appreciation(comparison: pd.DataFrame, *, current_practice: str = "nothing", kept_margin: float = 0.0,
                        report: str = "customer_types") -> Action:
    """Thank the best-scored customers (from :func:`discount_comparison` on a year's revenue).

    Its value depends on what the company does today (``current_practice``): with
    "discount" (a blanket discount now) it is the revenue no longer given away (kind
    ``"appreciation_instead_of_discount"``); with "nothing" it is ``kept_margin`` (the margin
    of the thanked customers it is expected to keep, e.g. their chance of leaving x the success
    rate x a year's margin) minus the cost of the thanks (kind ``"appreciation"``).
    """
    check_in("current_practice", current_practice, list(PRACTICES))
    blanket, targeted = comparison.iloc[0], comparison.iloc[1]
    n, cost = int(targeted["customers_reached"]), float(targeted["revenue_given_away"])
    if current_practice == "discount":
        return Action("appreciation_instead_of_discount", float(blanket["revenue_given_away"]) - cost,
                      {"customers": n, "blanket_cost": float(blanket["revenue_given_away"]), "cost": cost,
                       "revenue_share": float(targeted["share_of_revenue_reached"])}, report)
    return Action("appreciation", kept_margin - cost, {"customers": n, "cost": cost, "kept_margin": float(kept_margin)},
                  report)


def action_win_back(revenue_lost: pd.Series, *, top_n: int, margin: float, success_rate: float, offer_cost: float,
                    report: str = "clv") -> Action:
    """Win back the ``top_n`` most valuable customers who have probably left (their last year's revenue)."""
    check_param("top_n", top_n, int, min_val=1)
    win = pd.Series(revenue_lost, dtype=float).sort_values(ascending=False).head(top_n)
    return Action("win_back", success_rate * float(win.sum()) * margin - offer_cost * len(win),
                  {"customers": len(win), "revenue": float(win.sum()), "success_rate": float(success_rate),
                   "margin": float(margin), "offer_cost": float(offer_cost)}, report)


def action_touchpoint(scores: pd.Series, buy_again: pd.Series, *, name: str, customers: int, annual_margin: float,
                      low_max: float = 3, reach: float = 0.25, report: str = "satisfaction") -> Action:
    """Improve a touchpoint: a ``reach`` share of low scorers moving up take the high scorers' buy-again rate.

    ``name`` is the touchpoint's name as the report shows it; when every answer is on one side
    of ``low_max`` the kind is ``"touchpoint_one_sided"`` and the value 0.
    """
    check_param("reach", reach, float, min_val=0.0, max_val=1.0)
    ok = scores.notna() & buy_again.notna()
    low = scores[ok] <= low_max
    buy = buy_again[ok].astype(float)
    if low.all() or not low.any():
        return Action("touchpoint_one_sided", 0.0, {"name": name, "low_max": float(low_max)}, report)
    uplift = float(buy[~low].mean() - buy[low].mean())
    return Action("touchpoint", reach * float(low.mean()) * uplift * customers * annual_margin,
                  {"name": name, "low_max": float(low_max), "low_share": float(low.mean()), "uplift": uplift,
                   "reach": float(reach), "annual_margin": float(annual_margin)}, report)


def rank_actions(actions: list[Action]) -> pd.DataFrame:
    """Actions as a table ranked by expected value (1 = best): columns ``action`` (the kind), ``expected_value``,
    ``horizon``, ``report`` and ``values`` (the numbers of each, a dict)."""
    t = pd.DataFrame([{"action": a.kind, "expected_value": a.expected_value, "horizon": a.horizon,
                       "report": a.report, "values": dict(a.values)} for a in actions],
                     columns=["action", "expected_value", "horizon", "report", "values"])
    t = t.sort_values("expected_value", ascending=False, ignore_index=True)
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
    (:func:`insight.report.sections.churn.plan_sentence` and ``plan_assumptions``).
    """

    table: pd.DataFrame        # rank, customer index, p, expected profit, cumulative
    best_k: int
    best_profit: float
    best_threshold: float      # lowest churn probability contacted at best_k
    everyone_profit: float
    params: dict


def contact_profit(p_leave, value, *, offer_cost: float, success_rate: float,
                   acquisition_multiple: float) -> np.ndarray:
    """Profit of contacting each customer: ``p x success_rate x (value + acquisition_multiple x offer_cost) - offer_cost``.

    ``p_leave`` is a probability (expected profit) or 0/1 (the profit once the outcome is known).
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
                        "acquisition_multiple": acquisition_multiple})


def retention_plan(model: "ChurnModel", table: pd.DataFrame, value_col: str | None = None, *,
                   value_periods: float = 12.0, margin: float = 0.3, offer_cost: float = 20.0,
                   success_rate: float = 0.3, acquisition_multiple: float = 5.0,
                   lifetime_value: pd.Series | None = None, value_basis: dict | None = None) -> ProfitCurve:
    """Whom to offer a retention incentive, among customers who are still customers.

    Customers the churn column marks as gone are left out (an offer cannot keep them);
    the rest are ranked by :func:`retention_profit` with their held-out churn
    probability and their value: ``lifetime_value`` when given (each current customer's
    contractual CLV, e.g. from :func:`insight.models.clv.intervals.contract_values`, indexed like
    ``table``; ``value_basis`` is what it rests on, as figures: the ``basis`` of ``contract_values``
    with ``discount_rate`` per ``unit``), else ``value_col x value_periods x margin``. The churn and
    overview reports both call this, so their numbers agree. How a customer was valued is kept in the
    curve's ``params`` (the report says it in words).
    """
    model.check_fitted()
    check_param("value_periods", value_periods, float, min_val=0.0)
    check_param("margin", margin, float, min_val=0.0, max_val=1.0)
    current = ~model.y_.astype(bool)
    if not current.any():
        raise DataValidationError(f"column {model.target!r}: all {len(current):,} customers are marked as gone; "
                                  "no current customer to offer anything.")
    value = None
    if lifetime_value is not None:
        value = pd.Series(lifetime_value, dtype=float).reindex(current[current].index)
        if value.isna().any():
            raise DataValidationError(f"parameter 'lifetime_value': {int(value.isna().sum()):,} current customers "
                                      "have no value; give one per current customer, indexed like the table.")
    elif value_col:
        check_columns(table, [value_col], name="churn table")
        value = pd.to_numeric(table.loc[current[current].index, value_col], errors="coerce").fillna(0.0) \
            * value_periods * margin
    ids = table.loc[current[current].index, model.id_col] if model.id_col else current[current].index
    curve = retention_profit(model.oof_proba_[current], value, offer_cost=offer_cost, success_rate=success_rate,
                             acquisition_multiple=acquisition_multiple, index=ids)
    kind = "lifetime" if lifetime_value is not None else ("periods" if value_col else "none")
    basis = dict(value_basis or {}) if kind == "lifetime" else {}
    curve.params.update(gone=int((~current).sum()), value=kind, value_col=basis.get("value_col", value_col),
                        value_periods=value_periods,
                        margin=basis.get("margin", margin), discount_rate=basis.get("discount_rate"),
                        unit=basis.get("unit", "periods"),
                        horizon="remaining_lifetime" if kind == "lifetime" else "value_periods")
    return curve
