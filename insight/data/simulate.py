"""The synthetic demo company: one fictional online retailer with known ground truth.

``demo_company()`` returns tidy tables (customers, visits, transactions, orders,
support tickets, survey responses) generated from the documented behavioural
parameters below, plus the truth that generated them, so every analysis in the
package can be checked against what was built in. Everything is vectorised numpy;
the same seed gives the same tables.

How the data are generated
--------------------------
* Each customer gets one of the five types of DESIGN.md (loyal, impulse,
  discount-driven, need-based, wandering) with probabilities ``TYPE_PARAMS.share``.
  The first purchase is on the signup day (uniform over the window, ending 60 days
  before ``end``).
* Purchases follow a renewal process with gamma-distributed gaps: mean
  ``30 / purchases_per_month`` days (times a gamma(4, 1/4) individual multiplier)
  and shape ``gap_shape`` (large = clockwork-regular, below 1 = bursty).
  Amounts are log-normal around ``basket``; a purchase is discounted with
  probability ``discount_prob`` (10/20/30 % off); each customer buys from
  ``categories`` of the 8 product categories.
* Browsing visits without a purchase arrive at ``browse_per_purchase`` times the
  purchase rate, so visits per purchase is about ``1 + browse_per_purchase``.
* Customers drop out after an exponential lifetime with mean ``lifetime_days``,
  modified by complaints (below). Purchases and visits stop at dropout.
* Every purchase is shipped: promised in 2, 3 or 5 days; delivered late with
  probability 0.12 (1-7 days), one day early with probability 0.20; an unpromised
  extra (gift, sample) comes with probability 0.04. About 5 % of orders are
  returned (a negative-amount transaction 3-20 days after delivery).

Built-in effects (``EFFECTS``; the analyses should find them)
-------------------------------------------------------------
* A customer who had a late delivery complains with probability 0.12 + 0.35; others
  with 0.12.
* After a complaint, the dropout hazard is multiplied by 0.5 when it was resolved
  within 48 hours ("service recovery paradox": fast-resolved complainers churn less
  than never-complainers), by 2.0 when resolved slowly, by 3.0 when unresolved.
* A faulty product, received by 15 % of the customers who never complain, multiplies their dropout hazard by 4.0
  from that day on. No table records it: only the comments of those who write about it tell of it
  (:mod:`insight.data.demo_comments`).
* Survey answers: touchpoint CSAT (1-5) around touchpoint means plus a customer
  effect; the delivery touchpoint drops by 1.5 points when the order before the
  survey was late and rises by 0.5 with an unpromised extra; "returns" is the
  weakest touchpoint. NPS (0-10) loads 2.0 on post-purchase, 0.8 on purchase and 0.4
  on pre-purchase CSAT (per point of the stage mean), so post-purchase drives NPS
  most.
* Support contacts are rated (1-5) around 4.6, minus 0.6 per tenfold longer first
  response (in hours, log10(1 + h)) and minus 1.5 when the complaint stays unresolved.

Why hand-written: no maintained library simulates a retailer with these linked
tables and ground truth; the generator is plain numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..validate import check_param
from .demo_comments import draw_comments

__all__ = ["demo_company", "DemoCompany", "btyd_summary", "TYPE_PARAMS", "EFFECTS", "CATEGORIES", "TOUCHPOINTS"]

CUSTOMER_TYPES = ["loyal", "impulse", "discount-driven", "need-based", "wandering"]

#: Behavioural parameters per customer type (one row per type; see the module docstring).
TYPE_PARAMS = pd.DataFrame(
    {
        "share":               [0.17, 0.18, 0.20, 0.20, 0.25],
        "purchases_per_month": [2.50, 1.00, 1.50, 0.50, 0.20],
        "gap_shape":           [4.00, 0.50, 1.50, 12.0, 1.00],
        "basket":              [70.0, 55.0, 30.0, 45.0, 20.0],
        "discount_prob":       [0.08, 0.10, 0.80, 0.05, 0.25],
        "categories":          [4,    7,    3,    1,    2],
        "browse_per_purchase": [0.3,  4.0,  1.0,  0.0,  30.0],
        "lifetime_days":       [1200, 450,  300,  500,  600],
        "referrals_per_year":  [1.5,  0.5,  0.2,  0.2,  0.1],
        "on_time_payment":     [0.96, 0.85, 0.80, 0.92, 0.75],
        "return_prob":         [0.03, 0.08, 0.06, 0.02, 0.04],
        "satisfaction":        [0.50, 0.20, 0.00, 0.00, -0.30],
        "app_share":           [0.60, 0.40, 0.35, 0.30, 0.25],
    },
    index=pd.Index(CUSTOMER_TYPES, name="type"),
)

CATEGORIES = ["music", "books", "electronics", "home", "garden", "toys", "fashion", "sports"]
ACQUISITION_CHANNELS = ["search", "social", "referral", "email", "marketplace"]
_ACQ_P = np.array([
    [0.25, 0.10, 0.40, 0.15, 0.10],   # loyal
    [0.25, 0.40, 0.10, 0.10, 0.15],   # impulse
    [0.15, 0.15, 0.05, 0.35, 0.30],   # discount-driven
    [0.50, 0.05, 0.15, 0.10, 0.20],   # need-based
    [0.30, 0.45, 0.05, 0.05, 0.15],   # wandering
])
TICKET_CHANNELS = ["phone", "chat", "email", "social"]
#: median hours to first response per ticket channel (log-normal, sigma 1)
_RESPONSE_MEDIAN_H = np.array([0.5, 1.0, 14.0, 6.0])
COMPLAINT_CATEGORIES = ["delivery", "product quality", "billing", "website", "staff"]

#: Survey touchpoints and their stage (pre-purchase, purchase, post-purchase), with mean CSAT.
TOUCHPOINTS = pd.DataFrame(
    {
        "stage": ["pre-purchase", "pre-purchase", "purchase", "purchase", "post-purchase", "post-purchase"],
        "mean_csat": [4.0, 3.8, 4.1, 3.9, 3.7, 3.1],
    },
    index=pd.Index(["website", "social_media", "product", "checkout", "delivery", "returns"], name="touchpoint"),
)

#: Strength of every effect built into the data.
EFFECTS: dict[str, float] = {
    "complaint_prob_base": 0.12,
    "complaint_prob_after_late_delivery": 0.35,      # added to the base
    "fast_resolution_hours": 48.0,
    "hazard_ratio_fast_resolved": 0.5,
    "hazard_ratio_slow_resolved": 2.0,
    "hazard_ratio_unresolved": 3.0,
    "fault_prob": 0.15,                              # a faulty product, among customers who never complain
    "hazard_ratio_fault": 4.0,                       # from the faulty product on
    "resolved_prob": 0.92,
    "late_delivery_prob": 0.12,
    "early_delivery_prob": 0.20,
    "extra_prob": 0.04,
    "csat_delivery_drop_if_late": 1.5,
    "csat_delivery_gain_if_extra": 0.5,
    "ticket_csat_drop_per_log10_hour": 0.6,          # contact CSAT falls with slower first response
    "ticket_csat_drop_if_unresolved": 1.5,
    "nps_weight_pre_purchase": 0.4,
    "nps_weight_purchase": 0.8,
    "nps_weight_post_purchase": 2.0,
}

@dataclass
class DemoCompany:
    """The tables of the demo company, plus the parameters that generated them.

    Attributes
    ----------
    customers : pandas.DataFrame
        One row per customer: ``customer_id``, ``signup_date``, ``acquisition_channel``, ``true_type``,
        ``on_time_payment`` (share of invoices paid on time), ``referrals``, ``dropout_date`` (NaT if still active
        at ``end``), ``fault_date`` (the day a faulty product reached the customer, NaT if none: the truth behind the
        "faulty product" comments, in no other table), ``churned``.
    visits : pandas.DataFrame
        ``customer_id``, ``date``, ``channel`` (web/app), ``purchased``.
    transactions : pandas.DataFrame
        ``transaction_id``, ``order_id``, ``customer_id``, ``date``, ``amount`` (paid, dollars; negative for returns),
        ``discount`` (fraction off, 0 if none), ``category``, ``channel``.
    orders : pandas.DataFrame
        ``order_id``, ``customer_id``, ``order_date``, ``promised_date``, ``delivered_date``, ``extra`` (an unpromised
        extra was included).
    tickets : pandas.DataFrame
        Complaints: ``ticket_id``, ``customer_id``, ``date``, ``channel``, ``category``, ``hours_to_first_response``,
        ``hours_to_resolution`` (NaN if unresolved), ``resolved``, ``csat`` (1-5 rating of the contact; NaN for the
        ~40 % who did not rate it).
    surveys : pandas.DataFrame
        ``customer_id``, ``date``, ``last_order_id``, ``csat_<touchpoint>`` (1-5, some missing),
        ``overall_satisfaction`` (1-5), ``nps`` (0-10), ``would_buy_again``.
    start, end : pandas.Timestamp
        The observation window (inclusive dates).
    seed : int
        The random seed that generated the tables.
    type_params, effects : pandas.DataFrame, dict
        The behavioural parameters per customer type (:data:`TYPE_PARAMS`) and the built-in effects (:data:`EFFECTS`).
    simulated : bool
        True: the data are simulated (reports say so).
    comments : pandas.DataFrame
        Free-text comments (one per writing customer; not in :meth:`tables`): ``customer_id``, ``date``,
        ``language`` (``en`` or ``fa``), ``text``, ``opt_out`` (the writer asked not to be contacted) and
        ``true_theme`` (:data:`~insight.data.demo_comments.COMMENT_THEMES`, the planted truth). Drawn after every
        other table from their own random stream (:func:`~insight.data.demo_comments.draw_comments`), so the other
        tables are the same with or without them; empty when the company was built without them.
    """

    customers: pd.DataFrame
    visits: pd.DataFrame
    transactions: pd.DataFrame
    orders: pd.DataFrame
    tickets: pd.DataFrame
    surveys: pd.DataFrame
    start: pd.Timestamp
    end: pd.Timestamp
    seed: int
    type_params: pd.DataFrame = field(default_factory=lambda: TYPE_PARAMS.copy())
    effects: dict = field(default_factory=lambda: dict(EFFECTS))
    simulated: bool = True
    comments: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["customer_id", "date", "language", "text", "opt_out", "true_theme"]))

    def tables(self) -> dict[str, pd.DataFrame]:
        """The six tables by name (not the comments).

        Returns
        -------
        dict of str to pandas.DataFrame
            ``customers``, ``visits``, ``transactions``, ``orders``, ``tickets`` and ``surveys``.
        """
        return {k: getattr(self, k) for k in ("customers", "visits", "transactions", "orders", "tickets", "surveys")}

    def churn_table(self, early_days: int = 90) -> pd.DataFrame:
        """One row per customer for churn modelling, with features known early on.

        Parameters
        ----------
        early_days : int, default 90
            The days after signup whose purchases make the early features.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``customer_id``: ``acquisition_channel``, ``on_time_payment`` (share of invoices paid on time),
            ``early_purchases``, ``early_revenue`` and ``early_discount_share`` (purchases, revenue in dollars and
            discounted share in the first ``early_days`` days, returns left out), ``complaint`` (how the complaint was
            handled: none / fast / slow / unresolved; fast = resolved within ``EFFECTS["fast_resolution_hours"]``),
            ``tenure_months`` (from signup to dropout, or to ``end``) and ``churned`` (the true dropout before ``end``).

        Examples
        --------
        >>> churn = demo_company(n_customers=300, seed=1).churn_table()
        >>> churn.shape, round(float(churn["churned"].mean()), 2)
        ((300, 8), 0.47)
        """
        c = self.customers.set_index("customer_id")
        tx = self.transactions.merge(c["signup_date"], left_on="customer_id", right_index=True)
        early = tx[(tx["amount"] > 0) & (tx["date"] < tx["signup_date"] + pd.Timedelta(days=early_days))]
        g = early.groupby("customer_id")
        tk = self.tickets.set_index("customer_id")
        fast = tk["resolved"] & (tk["hours_to_resolution"] <= EFFECTS["fast_resolution_hours"])
        outcome = pd.Series("none", index=c.index)
        outcome[tk.index] = np.where(fast, "fast", np.where(tk["resolved"], "slow", "unresolved"))
        stop = c["dropout_date"].fillna(self.end)
        return pd.DataFrame({
            "acquisition_channel": c["acquisition_channel"].astype(str),
            "on_time_payment": c["on_time_payment"],
            "early_purchases": g.size().reindex(c.index, fill_value=0),
            "early_revenue": g["amount"].sum().reindex(c.index, fill_value=0.0).round(2),
            "early_discount_share": g["discount"].apply(lambda d: (d > 0).mean()).reindex(c.index, fill_value=0.0),
            "complaint": outcome,
            "tenure_months": ((stop - c["signup_date"]).dt.days / (365.25 / 12)).round(2),
            "churned": c["churned"],
        }, index=c.index)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v):,}" for k, v in self.tables().items())
        return f"DemoCompany(seed={self.seed}, {self.start.date()} to {self.end.date()}: {sizes})"


def _renewal(rng, n_cust, dur, rate, shape):
    """Event times after 0 (exclusive) within [0, dur) of n independent renewal processes.

    Gaps are gamma(shape, mean 1/rate). Returns (customer index, time), sorted by
    customer then time.
    """
    mean_n = rate * dur
    m = np.ceil(1.3 * mean_n + 4.0 * np.sqrt(mean_n / shape) + 5).astype(np.int64)
    cust = np.repeat(np.arange(n_cust), m)
    gaps = rng.standard_gamma(np.repeat(shape, m)) / np.repeat(shape * rate, m)
    cs = np.cumsum(gaps)
    first = np.r_[0, np.cumsum(m)[:-1]]
    t = cs - np.repeat(cs[first] - gaps[first], m)
    keep = t < dur[cust]
    return cust[keep], t[keep]


def demo_company(
    n_customers: int = 5000,
    start: str | pd.Timestamp = "2023-01-01",
    end: str | pd.Timestamp = "2024-12-31",
    seed: int = 0,
    *,
    survey_share: float = 0.3,
) -> DemoCompany:
    """Generate the demo company's tables (see the module docstring for how).

    Why one function: the tables are drawn from one random stream in a fixed order (customers, then
    each one's purchases, visits, tickets, surveys), so a seed gives the same company; split into
    helpers, the order of draws would be spread over several functions that must never be reordered.

    Parameters
    ----------
    n_customers : int, default 5000
        Number of customers (>= 10).
    start, end : str or pandas.Timestamp, default "2023-01-01", "2024-12-31"
        Observation window (inclusive dates); at least 120 days apart.
    seed : int, default 0
        Random seed (>= 0); the same seed gives identical tables.
    survey_share : float, default 0.3
        Share of customers sent a survey (all of them answer), from 0 to 1.

    Returns
    -------
    DemoCompany
        The tables, their comments and the parameters and effects that generated them.

    Raises
    ------
    insight.exceptions.DataValidationError
        When a parameter is out of range or the window spans fewer than 120 days.

    Examples
    --------
    >>> company = demo_company(n_customers=300, seed=1)
    >>> company
    DemoCompany(seed=1, 2023-01-01 to 2024-12-31: customers=300, visits=10,093, transactions=3,485,
    orders=3,343, tickets=106, surveys=95)
    >>> company.comments.shape
    (128, 6)
    """
    check_param("n_customers", n_customers, int, min_val=10)
    check_param("seed", seed, int, min_val=0)
    check_param("survey_share", survey_share, float, min_val=0.0, max_val=1.0)
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    T = (end - start).days + 1
    if T < 120:
        from ..exceptions import DataValidationError
        raise DataValidationError(f"parameters 'start'..'end' span {T} days, must span at least 120.")

    rng = np.random.default_rng(seed)
    n = n_customers
    P = TYPE_PARAMS
    ctype = rng.choice(len(P), size=n, p=P["share"].to_numpy())
    par = {c: P[c].to_numpy()[ctype] for c in P.columns}
    signup = rng.integers(0, T - 60, size=n).astype(float)
    window = T - signup                                     # days from signup to end
    base_life = rng.exponential(par["lifetime_days"])
    rate = par["purchases_per_month"] / 30.0 * rng.gamma(4.0, 0.25, n)

    # Purchase stream up to `end`, ignoring dropout (cut later). First purchase at signup.
    pc, pt = _renewal(rng, n, window, rate, par["gap_shape"])
    pc = np.concatenate([np.arange(n), pc])
    pt = np.concatenate([np.zeros(n), pt])
    order = np.lexsort((pt, pc))
    pc, pday = pc[order], np.floor(signup[pc[order]] + pt[order])

    # Deliveries.
    m = len(pc)
    promised = rng.choice(np.array([2, 3, 5]), size=m)
    u = rng.random(m)
    late = u < EFFECTS["late_delivery_prob"]
    early = (~late) & (u < EFFECTS["late_delivery_prob"] + EFFECTS["early_delivery_prob"])
    delay = np.where(late, rng.integers(1, 8, m), np.where(early, -1, 0))
    delivered = pday + promised + delay
    extra = rng.random(m) < EFFECTS["extra_prob"]

    # Complaints (at most one per customer), decided on the stream before base dropout.
    base_drop = signup + base_life
    late_active = late & (delivered < base_drop[pc]) & (delivered < T - 1)
    late_cust, first_late = np.unique(pc[late_active], return_index=True)
    had_late = np.zeros(n, bool)
    had_late[late_cust] = True
    late_day = np.full(n, np.nan)
    late_day[late_cust] = delivered[late_active][first_late] + 1
    p_compl = EFFECTS["complaint_prob_base"] + EFFECTS["complaint_prob_after_late_delivery"] * had_late
    complains = rng.random(n) < p_compl
    other_day = signup + rng.random(n) * np.minimum(base_life, window)
    tc = np.where(had_late, late_day, np.floor(other_day))
    complains &= (tc < np.minimum(base_drop, T)) & (tc > signup)
    k = int(complains.sum())
    tk_cust = np.flatnonzero(complains)
    tk_day = tc[tk_cust]
    tk_chan = rng.choice(len(TICKET_CHANNELS), size=k, p=[0.35, 0.25, 0.30, 0.10])
    resp_h = _RESPONSE_MEDIAN_H[tk_chan] * np.exp(rng.normal(0, 1.0, k))
    resolved = rng.random(k) < EFFECTS["resolved_prob"]
    resol_h = np.where(resolved, resp_h + 20.0 * np.exp(rng.normal(0, 1.0, k)), np.nan)
    fast = resolved & (resol_h <= EFFECTS["fast_resolution_hours"])
    hr = np.where(fast, EFFECTS["hazard_ratio_fast_resolved"],
                  np.where(resolved, EFFECTS["hazard_ratio_slow_resolved"], EFFECTS["hazard_ratio_unresolved"]))
    tk_cat = np.where(had_late[tk_cust], 0, rng.integers(1, len(COMPLAINT_CATEGORIES), k))
    drop = base_drop.copy()
    # Exponential lifetimes are memoryless: multiplying the hazard by hr from the
    # complaint on is the same as dividing the remaining lifetime by hr.
    drop[tk_cust] = tk_day + (base_drop[tk_cust] - tk_day) / hr
    # Faults come from a stream of their own, so every draw above is the same with or without them.
    frng = np.random.default_rng([seed, 28])
    fault_day = np.floor(signup + frng.random(n) * np.minimum(base_life, window))
    fault = ((frng.random(n) < EFFECTS["fault_prob"]) & ~complains & (fault_day > signup)
             & (fault_day < np.minimum(base_drop, T)))
    drop[fault] = fault_day[fault] + (base_drop[fault] - fault_day[fault]) / EFFECTS["hazard_ratio_fault"]

    # Cut the purchase stream at dropout.
    alive = pday < np.minimum(drop[pc], T)
    pc, pday, promised, delivered, extra = pc[alive], pday[alive], promised[alive], delivered[alive], extra[alive]
    m = len(pc)
    end_active = np.minimum(drop, T)

    # Amounts, discounts, categories, channels.
    full = par["basket"][pc] * np.exp(rng.normal(-0.08, 0.4, m))
    disc = np.where(rng.random(m) < par["discount_prob"][pc], rng.choice(np.array([0.1, 0.2, 0.3]), m), 0.0)
    amount = np.round(full * (1 - disc), 2)
    ncat = np.clip(par["categories"] + rng.integers(-1, 2, n) * (par["categories"] > 1), 1, len(CATEGORIES))
    perm = np.argsort(rng.random((n, len(CATEGORIES))), axis=1)
    cat = perm[pc, (rng.random(m) * ncat[pc]).astype(np.int64)]
    app = rng.random(m) < par["app_share"][pc]

    ids = np.array([f"C{i:06d}" for i in range(1, n + 1)], dtype=object)
    day0 = start.to_datetime64().astype("datetime64[D]")

    def dates(d):
        return pd.to_datetime(day0 + np.asarray(d, dtype=np.int64).astype("timedelta64[D]"))

    order_ids = np.array([f"O{i:07d}" for i in range(1, m + 1)], dtype=object)
    orders = pd.DataFrame({
        "order_id": order_ids,
        "customer_id": ids[pc],
        "order_date": dates(pday),
        "promised_date": dates(pday + promised),
        "delivered_date": dates(delivered),
        "extra": extra,
    })

    # Returns: a negative transaction 3-20 days after delivery, when inside the window.
    ret = (rng.random(m) < par["return_prob"][pc])
    ret_day = delivered + rng.integers(3, 21, m)
    ret &= ret_day < T
    chan = np.where(app, "app", "web")
    tx_day = np.concatenate([pday, ret_day[ret]])
    tx = pd.DataFrame({
        "order_id": np.concatenate([order_ids, order_ids[ret]]),
        "customer_id": ids[np.concatenate([pc, pc[ret]])],
        "date": dates(tx_day),
        "amount": np.concatenate([amount, -amount[ret]]),
        "discount": np.concatenate([disc, disc[ret]]),
        "category": pd.Categorical.from_codes(np.concatenate([cat, cat[ret]]), CATEGORIES),
        "channel": pd.Categorical(np.concatenate([chan, chan[ret]]), categories=["web", "app"]),
    })
    tx = tx.sort_values(["customer_id", "date"], kind="stable").reset_index(drop=True)
    tx.insert(0, "transaction_id", np.array([f"T{i:07d}" for i in range(1, len(tx) + 1)], dtype=object))

    # Visits: one per purchase, plus browsing visits without a purchase.
    active_days = end_active - signup
    n_browse = rng.poisson(par["browse_per_purchase"] * rate * active_days)
    bc = np.repeat(np.arange(n), n_browse)
    bday = np.floor(signup[bc] + rng.random(len(bc)) * active_days[bc])
    bapp = rng.random(len(bc)) < par["app_share"][bc]
    vc = np.concatenate([pc, bc])
    vday = np.concatenate([pday, bday])
    vo = np.lexsort((vday, vc))
    visits = pd.DataFrame({
        "customer_id": ids[vc[vo]],
        "date": dates(vday[vo]),
        "channel": pd.Categorical(np.where(np.concatenate([app, bapp])[vo], "app", "web"), categories=["web", "app"]),
        "purchased": np.concatenate([np.ones(m, bool), np.zeros(len(bc), bool)])[vo],
    })

    tickets = pd.DataFrame({
        "ticket_id": np.array([f"K{i:06d}" for i in range(1, k + 1)], dtype=object),
        "customer_id": ids[tk_cust],
        "date": dates(tk_day),
        "channel": pd.Categorical.from_codes(tk_chan, TICKET_CHANNELS),
        "category": pd.Categorical.from_codes(tk_cat, COMPLAINT_CATEGORIES),
        "hours_to_first_response": np.round(resp_h, 2),
        "hours_to_resolution": np.round(resol_h, 2),
        "resolved": resolved,
    })

    # Surveys: a random subset, answered on a random active day after signup.
    sv = np.flatnonzero(rng.random(n) < survey_share)
    s_day = np.floor(signup[sv] + rng.random(len(sv)) * (end_active[sv] - signup[sv]))
    key = pc.astype(np.float64) * 1e6 + pday
    j = np.searchsorted(key, sv.astype(np.float64) * 1e6 + s_day, side="right") - 1  # last order on/before
    last_late = (delivered[j] > pday[j] + promised[j])
    last_extra = extra[j]
    cust_eff = par["satisfaction"][sv] + rng.normal(0, 0.5, len(sv))
    tp_scores = {}
    for tp, row in TOUCHPOINTS.iterrows():
        mu = row["mean_csat"] + cust_eff + rng.normal(0, 0.7, len(sv))
        if tp == "delivery":
            mu = mu - EFFECTS["csat_delivery_drop_if_late"] * last_late + EFFECTS["csat_delivery_gain_if_extra"] * last_extra
        tp_scores[tp] = np.clip(np.round(mu), 1, 5)
    stage_mean = {st: np.mean([tp_scores[t] for t in TOUCHPOINTS.index[TOUCHPOINTS["stage"] == st]], axis=0)
                  for st in ("pre-purchase", "purchase", "post-purchase")}
    centred = {st: v - 3.0 for st, v in stage_mean.items()}
    nps_lat = (6.2 + EFFECTS["nps_weight_pre_purchase"] * centred["pre-purchase"]
               + EFFECTS["nps_weight_purchase"] * centred["purchase"]
               + EFFECTS["nps_weight_post_purchase"] * centred["post-purchase"] + rng.normal(0, 1.2, len(sv)))
    overall_lat = (3.0 + 0.15 * centred["pre-purchase"] + 0.35 * centred["purchase"]
                   + 0.55 * centred["post-purchase"] + rng.normal(0, 0.5, len(sv)))
    overall = np.clip(np.round(overall_lat), 1, 5)
    buy_again = rng.random(len(sv)) < 1 / (1 + np.exp(-(1.6 * (overall_lat - 3.0) + 0.3)))
    surveys = pd.DataFrame({"customer_id": ids[sv], "date": dates(s_day), "last_order_id": order_ids[j]})
    for tp, v in tp_scores.items():
        v = v.astype(float)
        v[rng.random(len(sv)) < 0.05] = np.nan  # skipped questions
        surveys[f"csat_{tp}"] = v
    surveys["overall_satisfaction"] = overall.astype(np.int64)
    surveys["nps"] = np.clip(np.round(nps_lat), 0, 10).astype(np.int64)
    surveys["would_buy_again"] = buy_again

    dropped = drop < T
    a = P["on_time_payment"].to_numpy()[ctype] * 20
    customers = pd.DataFrame({
        "customer_id": ids,
        "signup_date": dates(signup),
        "acquisition_channel": pd.Categorical.from_codes(
            (rng.random(n)[:, None] > np.cumsum(_ACQ_P[ctype], axis=1)).sum(axis=1).clip(0, 4), ACQUISITION_CHANNELS),
        "true_type": pd.Categorical.from_codes(ctype, CUSTOMER_TYPES),
        "on_time_payment": np.round(rng.beta(a, 20 - a), 3),
        "referrals": rng.poisson(par["referrals_per_year"] * active_days / 365.0),
        "dropout_date": pd.Series(dates(np.where(dropped, np.floor(drop), 0))).where(dropped),
        "fault_date": pd.Series(dates(np.where(fault, fault_day, 0))).where(fault),
        "churned": dropped,
    })
    # Contact ratings are drawn last so that every other table is unchanged by them.
    t_mu = (4.6 - EFFECTS["ticket_csat_drop_per_log10_hour"] * np.log10(1 + tickets["hours_to_first_response"])
            - EFFECTS["ticket_csat_drop_if_unresolved"] * ~tickets["resolved"] + rng.normal(0, 0.7, k))
    t_csat = np.clip(np.round(t_mu), 1, 5)
    tickets["csat"] = np.where(rng.random(k) < 0.4, np.nan, t_csat)
    # Comments come last, from their own stream: every table above is the same with or without them.
    planted, since = np.full(n, -1), np.where(fault, fault_day, np.nan)
    planted[fault] = 0
    late_answer = tk_cust[(tk_cat == 0) & ~fast]
    planted[late_answer], since[late_answer] = 1, tc[late_answer]
    comments = draw_comments(np.random.default_rng([seed, 27]), ids, CUSTOMER_TYPES, ctype, planted, since, signup,
                             end_active, T, dates)
    return DemoCompany(customers, visits, tx, orders, tickets, surveys, start, end, seed, comments=comments)


def btyd_summary(n_customers: int, *, r: float = 0.243, alpha: float = 4.414, a: float = 0.793, b: float = 2.426,
                 p: float = 6.25, q: float = 3.74, gamma: float = 15.44, T_min: float = 27.0, T_max: float = 39.0,
                 seed: int = 0, whole_days: bool = True) -> pd.DataFrame:
    """A customer summary drawn from the BG/NBD and Gamma-Gamma processes themselves.

    Each customer would make N ~ Poisson(lambda T) repeat purchases over the observation time T, of which they live
    to make x = min(N, M), M ~ geometric(p); the last is at the x-th of N uniform times. Used to check that fits
    recover known parameters and to benchmark at scale. Defaults are the published CDNOW estimates (weeks).

    Parameters
    ----------
    n_customers : int
        Number of customers (>= 1).
    r, alpha : float, default 0.243, 4.414
        The purchase rate's distribution: lambda ~ gamma(shape r, rate alpha), per week.
    a, b : float, default 0.793, 2.426
        The dropout probability after each repeat purchase: p ~ beta(a, b).
    p, q, gamma : float, default 6.25, 3.74, 15.44
        The Gamma-Gamma spend model: mean repeat spend ~ gamma(p x, nu x) with nu ~ gamma(q, rate gamma).
    T_min, T_max : float, default 27.0, 39.0
        The observation time T ~ uniform(T_min, T_max) in weeks, rounded to whole days.
    seed : int, default 0
        Random seed.
    whole_days : bool, default True
        Round the last purchase down to a whole day as in a transaction log; False keeps the continuous time the
        models assume.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``customer`` (0 .. n-1): ``frequency`` (repeat purchases x), ``recency`` (time of the last, weeks;
        0 when x = 0), ``T`` (weeks) and ``monetary_value`` (mean repeat spend; 0 when x = 0).

    Examples
    --------
    >>> summary = btyd_summary(1000, seed=0)
    >>> summary.shape, round(float(summary["frequency"].mean()), 3)
    ((1000, 4), 1.021)
    """
    check_param("n_customers", n_customers, int, min_val=1)
    rng = np.random.default_rng(seed)
    n = n_customers
    lam = rng.gamma(r, 1 / alpha, n)
    drop = rng.beta(a, b, n)
    T = np.round(rng.uniform(T_min, T_max, n) * 7) / 7
    N = rng.poisson(lam * T)
    M = rng.geometric(drop)
    x = np.minimum(N, M)
    pos = x > 0
    tx = np.zeros(n)
    tx[pos] = T[pos] * rng.beta(x[pos], N[pos] - x[pos] + 1)
    tx = np.minimum(np.floor(tx * 7) / 7, T) if whole_days else tx
    nu = rng.gamma(q, 1 / gamma, n)
    m = np.zeros(n)
    m[pos] = rng.gamma(p * x[pos], 1 / (nu[pos] * x[pos]))
    return pd.DataFrame({"frequency": x.astype(float), "recency": tx, "T": T, "monetary_value": m},
                        index=pd.RangeIndex(n, name="customer"))
