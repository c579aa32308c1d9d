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

    Rules (parameters in days):
    * below expectations: delivered more than ``late_tolerance_days`` after the promised date;
    * amaze: an unpromised extra *and* delivered at least ``amaze_days`` early;
    * delight: an unpromised extra (gift, sample, upgrade);
    * exceed: delivered at least ``exceed_days`` before the promised date;
    * meet: otherwise (delivered as promised).
    Orders not delivered yet get no level (NaN; ``levels.isna().sum()`` counts them).
    Returns an ordered categorical Series aligned with ``orders``.
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
    judged and get NaN (``.isna().sum()`` counts them).
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

    A missing resolution time means unresolved (counted); a missing first response
    is an error. Shares within target have Wilson intervals.
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
    the contacts left out as ``unrated``."""

    table: pd.DataFrame
    test: dict
    unrated: int


def speed_vs_satisfaction(tickets: pd.DataFrame, *, time_col: str = "hours_to_first_response",
                          score_col: str = "csat", scale: tuple[int, int] = (1, 5),
                          bands: tuple = (1, 4, 24, 72), confidence: float = 0.95) -> Speed:
    """Satisfaction score by response-time band, with a Kruskal-Wallis test and Spearman's rank correlation.

    ``bands`` are the band edges in hours. Returns a :class:`Speed`: the ``table`` by band, the
    ``test`` statistics and the ``unrated`` contacts left out.
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
    """Complaints per group: count, share of all complaints, customers complaining per 100 customers."""
    check_columns(tickets, [by, customer_col], name="tickets")
    check_param("n_customers", n_customers, int, min_val=1)
    g = tickets.groupby(by, observed=True)
    out = pd.DataFrame({"complaints": g.size(), "customers": g[customer_col].nunique()})
    out["share_of_complaints"] = out["complaints"] / out["complaints"].sum()
    out["per_100_customers"] = 100 * out["customers"] / n_customers
    return out.sort_values("complaints", ascending=False)


@dataclass
class Recovery(Result):
    """Result of :func:`complaint_recovery`."""

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
    y = retained.astype(bool)
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
    """Result of :func:`order_levels`: each order's level and the table comparing the levels."""

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
    survey scores given after orders of that level."""
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
