"""Appreciation: which customers deserve a discount or gift, and a blanket discount against a targeted
appreciation budget (see :mod:`insight.retention`)."""

from __future__ import annotations

import pandas as pd

from ..exceptions import DataValidationError
from ..validate import check_columns, check_param, plain

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
