"""Service and its outcomes: the four satisfaction levels from promised against delivered,
speed of response per channel, complaints and their recovery.

* the four levels, from meeting to amazing expectations (:func:`satisfaction_levels`,
  :func:`order_levels`);
* service speed (:func:`response_times`, :func:`speed_vs_satisfaction`);
* complaints and recovery (:func:`complaint_rates`, :func:`complaint_recovery`: are customers
  whose complaint was resolved fast more loyal than those who never complained?).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..._results import Result
from ...data.cleaning import check_survey
from ...exceptions import DataValidationError
from ...parsers import to_bool
from ...validate import check_columns, check_param, plain
from .scores import csat, scores_by_group, share, wilson_interval

__all__ = [
    "Speed", "LEVELS", "satisfaction_levels", "repurchase_within", "recently_active", "response_times",
    "speed_vs_satisfaction", "complaint_rates", "complaint_recovery", "Recovery", "RECOVERY_GROUPS",
    "order_levels", "OrderLevels",
]


#: The four levels of satisfaction (DESIGN.md), after "below expectations": the ids of the levels (the report
#: names them).
LEVELS = ["below expectations", "meet", "exceed", "delight", "amaze"]


# --------------------------------------------------------------------------- four levels
def satisfaction_levels(orders: pd.DataFrame, *, promised_col: str = "promised_date",
                        delivered_col: str = "delivered_date", extra_col: str | None = "extra",
                        late_tolerance_days: int = 0, exceed_days: int = 1, amaze_days: int = 1) -> pd.Series:
    """The satisfaction level each order reached, from what was promised and what was delivered.

    Rules (parameters in days; dates compared as calendar days, the first rule that applies wins):

    * below expectations: delivered more than ``late_tolerance_days`` after the promised date;
    * amaze: an unpromised extra *and* delivered at least ``amaze_days`` early;
    * delight: an unpromised extra (gift, sample, upgrade);
    * exceed: delivered at least ``exceed_days`` before the promised date;
    * meet: otherwise (delivered as promised).

    Orders not delivered yet get no level (NaN; ``levels.isna().sum()`` counts them).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    promised_col, delivered_col : str, default "promised_date", "delivered_date"
        Columns of the promised and the actual delivery date (missing = not delivered yet).
    extra_col : str or None, default "extra"
        Column of the yes/no unpromised extra (missing = no); None when there is none.
    late_tolerance_days : int, default 0
        Days late still counted as on time (>= 0).
    exceed_days, amaze_days : int, default 1
        Days early needed for "exceed", and for "amaze" with an extra (>= 1).

    Returns
    -------
    pandas.Series
        Named "level", aligned with ``orders``: an ordered categorical of :data:`LEVELS`, NaN where not delivered.

    Raises
    ------
    insight.exceptions.DataValidationError
        When an order has no promised date.

    Examples
    --------
    >>> orders = pd.DataFrame({"promised_date": ["2024-03-05"] * 5,
    ...                        "delivered_date": ["2024-03-08", "2024-03-05", "2024-03-03", "2024-03-05", None],
    ...                        "extra": [False, False, True, True, False]})
    >>> satisfaction_levels(orders).tolist()
    ['below expectations', 'meet', 'amaze', 'delight', nan]
    """
    from ...validate import require_frame
    from ...parsers import to_datetime

    require_frame(orders, "orders")
    check_columns(orders, [promised_col, delivered_col, extra_col], name="orders")
    for name, v in (("late_tolerance_days", late_tolerance_days), ("exceed_days", exceed_days),
                    ("amaze_days", amaze_days)):
        check_param(name, v, int, min_val=0 if name == "late_tolerance_days" else 1)
    promised = to_datetime(orders[promised_col], promised_col)
    if promised.isna().any():
        raise DataValidationError(f"column {promised_col!r}: {int(promised.isna().sum()):,} of {len(orders):,} orders "
                                  f"have no promised date; e.g. row {orders.index[promised.isna()][0]!r}.")
    delivered = to_datetime(orders[delivered_col], delivered_col)
    early = (promised.dt.normalize() - delivered.dt.normalize()).dt.days    # calendar days: same day is on time
    # the shared yes/no parser: "no" is False (astype(bool) would read any non-empty text as True)
    extra = (to_bool(orders[extra_col].fillna(False), extra_col) if extra_col
             else pd.Series(False, index=orders.index))
    level = np.select([early < -late_tolerance_days, extra & (early >= amaze_days), extra, early >= exceed_days],
                      ["below expectations", "amaze", "delight", "exceed"], default="meet")
    out = pd.Series(pd.Categorical(level, categories=LEVELS, ordered=True), index=orders.index, name="level")
    out[delivered.isna()] = np.nan
    return out


def repurchase_within(orders: pd.DataFrame, *, customer_col: str = "customer_id", date_col: str = "order_date",
                      days: int = 90, end=None) -> pd.Series:
    """Whether each order's customer ordered again within ``days`` days (float 1/0).

    Orders whose window runs past ``end`` (default: the last order date) cannot be
    judged and get NaN (``.isna().sum()`` counts them), unless the customer already ordered again.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    customer_col : str, default "customer_id"
        Column of the customer id.
    date_col : str, default "order_date"
        Column of the order date.
    days : int, default 90
        The window after each order, in days (>= 1).
    end : str or pandas.Timestamp, optional
        End of the observation; default: the last order date.

    Returns
    -------
    pandas.Series
        Named "repurchased", aligned with ``orders``: 1.0, 0.0, or NaN when not yet known.

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...                        "order_date": ["2024-01-01", "2024-02-15", "2024-01-10", "2024-06-30"]})
    >>> repurchase_within(orders, days=60).tolist()
    [1.0, 0.0, 0.0, nan]
    """
    from ...parsers import to_datetime

    check_columns(orders, [customer_col, date_col], name="orders")
    check_param("days", days, int, min_val=1)
    d = to_datetime(orders[date_col], date_col)
    end = d.max() if end is None else pd.Timestamp(end)
    tmp = pd.DataFrame({"c": orders[customer_col].to_numpy(), "d": d.to_numpy()}, index=orders.index)
    tmp = tmp.sort_values(["c", "d"], kind="stable")
    nxt = tmp.groupby("c")["d"].shift(-1)
    again = ((nxt - tmp["d"]).dt.days <= days).astype(float)
    censored = (tmp["d"] + pd.Timedelta(days=days) > end) & ~(again == 1)
    again[censored] = np.nan
    out = again.reindex(orders.index).rename("repurchased")
    return out


def recently_active(orders: pd.DataFrame, *, customer_col: str = "customer_id", date_col: str = "order_date",
                    days: int = 180, end=None) -> pd.Series:
    """Whether each customer ordered in the last ``days`` days before ``end`` (default: the last order date).

    A retention flag any order log supports, for :func:`complaint_recovery`.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    customer_col : str, default "customer_id"
        Column of the customer id.
    date_col : str, default "order_date"
        Column of the order date.
    days : int, default 180
        How far back from ``end`` an order counts, in days (>= 1).
    end : str or pandas.Timestamp, optional
        End of the observation; default: the last order date.

    Returns
    -------
    pandas.Series of bool
        Named "active", indexed by customer id (customers in the order log only).

    Examples
    --------
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...                        "order_date": ["2024-01-01", "2024-02-15", "2024-01-10", "2024-06-30"]})
    >>> recently_active(orders, days=90).to_dict()
    {'a': False, 'b': False, 'c': True}
    """
    from ...parsers import to_datetime

    check_columns(orders, [customer_col, date_col], name="orders")
    check_param("days", days, int, min_val=1)
    d = to_datetime(orders[date_col], date_col)
    end = d.max() if end is None else pd.Timestamp(end)
    last = d.groupby(orders[customer_col].to_numpy()).max()
    return (last > end - pd.Timedelta(days=days)).rename("active")


# --------------------------------------------------------------------------- service speed
def response_times(tickets: pd.DataFrame, *, channel_col: str = "channel",
                   first_response_col: str = "hours_to_first_response",
                   resolution_col: str | None = "hours_to_resolution", target_hours: float = 24.0,
                   resolution_target_hours: float = 48.0, confidence: float = 0.95) -> pd.DataFrame:
    """Time to first response and to resolution per channel: median, 90th percentile, share within target.

    A missing resolution time means unresolved (counted, and not within target); a missing first response
    is an error. The share of first responses within target has a Wilson interval.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per contact.
    channel_col : str, default "channel"
        Column of the channel.
    first_response_col : str, default "hours_to_first_response"
        Column of the hours to first response (no missing values).
    resolution_col : str or None, default "hours_to_resolution"
        Column of the hours to resolution (missing = unresolved); None to leave resolution out.
    target_hours, resolution_target_hours : float, default 24.0, 48.0
        Targets for the first response and for resolution, in hours.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    pandas.DataFrame
        Per channel, fastest first: ``contacts``, ``median_first_response_h``, ``p90_first_response_h``,
        ``within_target`` with ``within_target_low``-``within_target_high``, and with ``resolution_col``
        ``median_resolution_h``, ``resolved_within_target`` and ``unresolved``.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> times = response_times(demo_company(300, seed=0).tickets)
    >>> list(times.index), times["median_first_response_h"].round(2).tolist(), times["unresolved"].tolist()
    (['phone', 'chat', 'email', 'social'], [0.64, 1.38, 10.45, 11.65], [4, 3, 3, 0])
    """
    check_columns(tickets, [channel_col, first_response_col, resolution_col], name="tickets")
    check_param("target_hours", target_hours, float, min_val=0, include_min=False)
    check_param("resolution_target_hours", resolution_target_hours, float, min_val=0, include_min=False)
    first = check_survey(tickets, [first_response_col], scale=(0, 10 ** 9), integer=False, allow_missing=False,
                         min_rows=1, name="tickets")[first_response_col]
    rows = {}
    for ch, idx in tickets.groupby(channel_col, observed=True).groups.items():
        f = first.loc[idx]
        within = float((f <= target_hours).mean())
        lo, hi = wilson_interval(within * len(f), len(f), confidence)
        row = {"contacts": len(f), "median_first_response_h": float(f.median()),
               "p90_first_response_h": float(f.quantile(0.9)), "within_target": within,
               "within_target_low": lo, "within_target_high": hi}
        if resolution_col:
            r = pd.to_numeric(tickets.loc[idx, resolution_col], errors="coerce")
            row.update({"median_resolution_h": float(r.median()) if r.notna().any() else np.nan,
                        "resolved_within_target": float((r <= resolution_target_hours).mean()),
                        "unresolved": int(r.isna().sum())})
        rows[ch] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = channel_col
    return out.sort_values("median_first_response_h")


@dataclass
class Speed(Result):
    """Satisfaction by response-time band (``table``: indexed by the band's first hour ``from_hours``, 0 for the
    first band, with its end ``to_hours``, inf for the last), the ``test`` statistics (Kruskal-Wallis, Spearman) and
    the contacts left out as ``unrated``.

    Attributes
    ----------
    table : pandas.DataFrame
        Per band: ``to_hours``, ``contacts``, the score's ``mean`` with ``low``-``high``, and ``top_box``.
    test : dict
        ``kruskal_statistic``, ``kruskal_p`` (NaN with one band), ``spearman_rho`` and ``spearman_p``.
    unrated : int
        Contacts without a score or a time.
    """

    table: pd.DataFrame
    test: dict
    unrated: int


def speed_vs_satisfaction(tickets: pd.DataFrame, *, time_col: str = "hours_to_first_response",
                          score_col: str = "csat", scale: tuple[int, int] = (1, 5),
                          bands: tuple = (1, 4, 24, 72), confidence: float = 0.95) -> Speed:
    """Satisfaction score by response-time band, with a Kruskal-Wallis test and Spearman's rank correlation.

    ``bands`` are the band edges in hours.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per contact.
    time_col : str, default "hours_to_first_response"
        Column of the response time, in hours.
    score_col : str, default "csat"
        Column of the contact's satisfaction score (missing = not rated).
    scale : tuple of int, default (1, 5)
        Lowest and highest score.
    bands : tuple of float, default (1, 4, 24, 72)
        Increasing positive band edges, in hours; bands run from 0 to the first edge and from the last to infinity.
    confidence : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    Speed
        The ``table`` by band, the ``test`` statistics and the ``unrated`` contacts left out.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``bands`` are not increasing positive hours.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> speed = speed_vs_satisfaction(demo_company(300, seed=0).tickets)
    >>> speed.table[["to_hours", "contacts", "mean"]].round(2)
                to_hours  contacts  mean
    from_hours
    0.0              1.0        20  4.30
    1.0              4.0        15  4.13
    4.0             24.0        16  3.62
    24.0            72.0         1  4.00
    72.0             inf         1  3.00
    >>> round(speed.test["spearman_rho"], 3), speed.unrated
    (-0.434, 36)
    """
    from scipy import stats

    check_columns(tickets, [time_col, score_col], name="tickets")
    edges = [float(b) for b in bands]
    if sorted(edges) != edges or len(set(edges)) != len(edges) or edges[0] <= 0:
        raise DataValidationError(f"parameter 'bands' == {tuple(bands)!r}: must be increasing positive hours.")
    data = check_survey(tickets, [score_col], scale=scale, integer=False, min_rows=1, name="tickets")
    t = pd.to_numeric(data[time_col], errors="coerce")
    rated = data[score_col].notna() & t.notna()
    lows, highs = [0.0] + edges, edges + [np.inf]
    band = pd.cut(t[rated], [-np.inf] + edges + [np.inf], right=False, labels=False)
    rows = {}
    for b, (low, high) in enumerate(zip(lows, highs)):
        s = data.loc[rated[rated].index[band == b], score_col]
        if len(s):
            c = csat(s, scale=scale, confidence=confidence, integer=False)
            rows[low] = {"to_hours": high, "contacts": len(s), "mean": c["mean"], "low": c["low"], "high": c["high"],
                         "top_box": c["top_box"]}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "from_hours"
    groups = [data.loc[rated[rated].index[band == lows.index(b)], score_col] for b in out.index]
    kw = stats.kruskal(*groups) if len(groups) > 1 else None
    rho = stats.spearmanr(t[rated], data.loc[rated, score_col])
    test = {"kruskal_statistic": float(kw.statistic) if kw else np.nan,
            "kruskal_p": float(kw.pvalue) if kw else np.nan,
            "spearman_rho": float(rho.statistic), "spearman_p": float(rho.pvalue)}
    return Speed(out, test, int((~rated).sum()))


# --------------------------------------------------------------------------- complaints
def complaint_rates(tickets: pd.DataFrame, n_customers: int, *, by: str = "category",
                    customer_col: str = "customer_id") -> pd.DataFrame:
    """Complaints per group: count, share of all complaints, customers complaining per 100 customers.

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per complaint.
    n_customers : int
        All customers, complaining or not (>= 1).
    by : str, default "category"
        Column to group by.
    customer_col : str, default "customer_id"
        Column of the customer id.

    Returns
    -------
    pandas.DataFrame
        Per group, most complaints first: ``complaints``, ``customers`` (distinct), ``share_of_complaints`` and
        ``per_100_customers``.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> complaint_rates(demo_company(300, seed=0).tickets, n_customers=300).round(3)
                     complaints  customers  share_of_complaints  per_100_customers
    category
    delivery                 68         68                0.764             22.667
    staff                     9          9                0.101              3.000
    website                   8          8                0.090              2.667
    billing                   2          2                0.022              0.667
    product quality           2          2                0.022              0.667
    """
    check_columns(tickets, [by, customer_col], name="tickets")
    check_param("n_customers", n_customers, int, min_val=1)
    g = tickets.groupby(by, observed=True)
    out = pd.DataFrame({"complaints": g.size(), "customers": g[customer_col].nunique()})
    out["share_of_complaints"] = out["complaints"] / out["complaints"].sum()
    out["per_100_customers"] = 100 * out["customers"] / n_customers
    return out.sort_values("complaints", ascending=False)


@dataclass
class Recovery(Result):
    """Result of :func:`complaint_recovery`.

    Attributes
    ----------
    table : pandas.DataFrame
        Per group of :data:`RECOVERY_GROUPS`: ``customers``, ``retained``, ``rate`` and its interval ``low``-``high``.
    z, p_value : float
        The one-sided z-test of fast-resolved above never-complained retention.
    difference : float
        Retention of the fast-resolved minus that of the never-complained.
    supported : bool
        Whether ``p_value`` is below ``alpha``: the service-recovery claim holds.
    fast_hours : float
        The cut between fast and slow resolution, in hours.
    """

    table: pd.DataFrame        # per group: customers, retained, rate, low, high
    z: float
    p_value: float
    difference: float          # retention of fast-resolved minus never-complained
    supported: bool
    fast_hours: float


#: the complaint-handling groups of :func:`complaint_recovery`, as ids (the report names them)
RECOVERY_GROUPS = ["never complained", "resolved fast", "resolved slowly", "unresolved"]


def complaint_recovery(retained: pd.Series, tickets: pd.DataFrame, *, customer_col: str = "customer_id",
                       resolution_col: str = "hours_to_resolution", fast_hours: float = 48.0, alpha: float = 0.05,
                       confidence: float = 0.95) -> Recovery:
    """Retention of customers who never complained vs complained and were resolved fast, slowly or not at all.

    ``retained``: one boolean per customer (index = customer id), e.g. "still active"
    or "bought again". A customer with several complaints is classed by the worst
    handling (unresolved > slow > fast). Missing resolution time = unresolved.
    The service-recovery claim is tested with a one-sided two-proportion z-test
    (fast-resolved > never complained) at level ``alpha``.

    Parameters
    ----------
    retained : pandas.Series
        One yes/no value per customer, indexed by customer id, none missing.
    tickets : pandas.DataFrame
        One row per complaint; every complaining customer must be in ``retained``.
    customer_col : str, default "customer_id"
        Column of the customer id.
    resolution_col : str, default "hours_to_resolution"
        Column of the hours to resolution (missing = unresolved).
    fast_hours : float, default 48.0
        Resolved within this many hours counts as fast.
    alpha : float, default 0.05
        Significance level of the test.
    confidence : float, default 0.95
        Confidence level of the retention rates' Wilson intervals.

    Returns
    -------
    Recovery
        Retention per group and the test.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``retained`` is not a Series or has missing values, a complaint's customer is not in it, or there is
        no fast-resolved or no never-complained customer.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> company = demo_company(300, seed=0)
    >>> rec = complaint_recovery(recently_active(company.orders, days=180), company.tickets)
    >>> rec.table.round(3)
                      customers  retained   rate    low   high
    never complained        211       114  0.540  0.473  0.606
    resolved fast            64        52  0.812  0.700  0.889
    resolved slowly          15        10  0.667  0.417  0.848
    unresolved               10         2  0.200  0.057  0.510
    >>> round(rec.difference, 3), rec.supported
    (0.272, True)
    """
    from statsmodels.stats.proportion import proportions_ztest

    check_columns(tickets, [customer_col, resolution_col], name="tickets")
    check_param("fast_hours", fast_hours, float, min_val=0, include_min=False)
    if not isinstance(retained, pd.Series):
        raise DataValidationError("parameter 'retained' must be a pandas Series indexed by customer id.")
    r = share(retained)  # validates yes/no values
    if r["missing"]:
        raise DataValidationError(f"parameter 'retained': {int(r['missing']):,} of {len(retained):,} customers have "
                                  f"no value; e.g. {retained.index[retained.isna()][0]!r}.")
    unknown = ~tickets[customer_col].isin(retained.index)
    if unknown.any():
        raise DataValidationError(f"column {customer_col!r}: {int(unknown.sum()):,} of {len(tickets):,} complaints are "
                                  f"from customers not in 'retained'; e.g. {plain(tickets.loc[unknown, customer_col].iloc[0])!r}.")
    h = pd.to_numeric(tickets[resolution_col], errors="coerce")
    severity = np.where(h.isna(), 3, np.where(h <= fast_hours, 1, 2))
    worst = pd.Series(severity, index=tickets[customer_col].to_numpy()).groupby(level=0).max()
    group = pd.Series(0, index=retained.index)
    group[worst.index] = worst.to_numpy()
    y = to_bool(retained, "retained")   # "no" is not retained (astype(bool) would read any word as True)
    rows = {}
    for k, name in enumerate(RECOVERY_GROUPS):
        m = group == k
        n, s = int(m.sum()), int(y[m].sum())
        lo, hi = wilson_interval(s, n, confidence) if n else (np.nan, np.nan)
        rows[name] = {"customers": n, "retained": s, "rate": s / n if n else np.nan, "low": lo, "high": hi}
    table = pd.DataFrame.from_dict(rows, orient="index")
    fast, never = table.loc["resolved fast"], table.loc["never complained"]
    if fast["customers"] == 0 or never["customers"] == 0:
        raise DataValidationError(f"complaint_recovery: {int(fast['customers'])} fast-resolved and "
                                  f"{int(never['customers'])} never-complained customers; both groups are needed.")
    z, p = proportions_ztest([fast["retained"], never["retained"]], [fast["customers"], never["customers"]],
                             alternative="larger")
    return Recovery(table, float(z), float(p), float(fast["rate"] - never["rate"]), bool(p < alpha), fast_hours)


# --------------------------------------------------------------------------- levels of orders
@dataclass
class OrderLevels(Result):
    """Result of :func:`order_levels`: each order's level and the table comparing the levels.

    Attributes
    ----------
    levels : pandas.Series
        The level of each delivered order.
    table : pandas.DataFrame
        Per level: the repurchase rate (``buy_again`` columns), or with a survey its scores and ``repurchase_rate``.
    not_delivered : int
        Orders not delivered yet, without a level.
    censored : int
        Orders too recent to judge repurchase.
    """

    levels: pd.Series
    table: pd.DataFrame
    not_delivered: int
    censored: int


def order_levels(orders: pd.DataFrame, survey: pd.DataFrame | None = None, order_col: str | None = None, *,
                 nps_col: str | None = None, csat_col: str | None = None, scale: tuple[int, int] = (1, 10),
                 late_tolerance_days: int = 0, exceed_days: int = 1, amaze_days: int = 1,
                 repurchase_days: int = 90) -> OrderLevels:
    """Each order's level (:func:`satisfaction_levels`) and, per level, the repurchase rate within
    ``repurchase_days`` and, when the survey names the order each answer refers to (``order_col``), the
    survey scores given after orders of that level.

    ``orders`` needs the default columns of :func:`satisfaction_levels` and :func:`repurchase_within`, and
    ``order_id`` when a survey is given.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    survey : pandas.DataFrame, optional
        Survey answers, each naming its order in ``order_col``.
    order_col : str, optional
        Column of ``survey`` with the order id.
    nps_col, csat_col : str, optional
        Columns of ``survey`` with the NPS and CSAT answers.
    scale : tuple of int, default (1, 10)
        Lowest and highest CSAT answer.
    late_tolerance_days, exceed_days, amaze_days : int, default 0, 1, 1
        The rules of :func:`satisfaction_levels`, in days.
    repurchase_days : int, default 90
        The repurchase window, in days.

    Returns
    -------
    OrderLevels
        The levels, the table per level, and the orders without a level or a repurchase outcome.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> ol = order_levels(demo_company(300, seed=0).orders)
    >>> ol.table["n"].tolist(), ol.table["buy_again"].round(2).tolist(), ol.censored
    ([318, 1698, 503, 65, 17], [0.85, 0.89, 0.91, 0.86, 0.88], 136)
    """
    levels = satisfaction_levels(orders, late_tolerance_days=late_tolerance_days, exceed_days=exceed_days,
                                 amaze_days=amaze_days)
    again = repurchase_within(orders, days=repurchase_days)
    by_level = scores_by_group(orders.assign(level=levels, repurchased=again), "level", buy_again_col="repurchased")
    table = by_level
    if survey is not None and order_col:
        check_columns(survey, [order_col], name="survey")
        answered = survey.merge(levels.set_axis(orders["order_id"]), left_on=order_col, right_index=True, how="inner")
        after = scores_by_group(answered, "level", nps_col=nps_col, csat_col=csat_col, scale=scale)
        table = after.join(by_level[["buy_again"]].rename(columns={"buy_again": "repurchase_rate"}))
    return OrderLevels(levels.dropna(), table, int(levels.isna().sum()), int(again.isna().sum()))
