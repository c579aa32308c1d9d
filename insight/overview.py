"""The one-page overview: every analysis on one set of inputs, with the actions they support.

:func:`build_overview` runs the analyses that the given data support: customer types and
concentration from the transaction log; churn from a customer table, when given; CLV and
customers probably lost from the log; and opinion from a survey, when given. It then ranks
the actions those results price. What the data do not support is listed in
``not_covered`` with what would be needed, and is never shown as a number. The overview
notebook only displays the result, and the tests check the figures here.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd

from . import churn as ch
from . import clv
from . import retention as rt
from . import satisfaction as sat
from . import segments as seg
from .exceptions import ConvergenceWarning
from .features import customer_summary
from .validate import check_param

__all__ = ["Overview", "build_overview"]


@dataclass
class Overview:
    """Results of :func:`build_overview`; each ``*_sentence`` is a short Markdown paragraph."""

    name: str
    summary: pd.DataFrame
    types: seg.CustomerTypes
    concentration: seg.Concentration
    worth: clv.CustomerValues
    revenue_12m: pd.Series
    actions: pd.DataFrame
    not_covered: dict = field(default_factory=dict)
    churn_table: pd.DataFrame | None = None
    churn_model: ch.ChurnModel | None = None
    nps: pd.Series | None = None
    csat: pd.Series | None = None
    drivers: sat.KeyDrivers | None = None
    touchpoints: sat.Touchpoints | None = None
    labels: dict = field(default_factory=dict)
    horizon: float = 52.0

    def customers_sentence(self) -> str:
        text = f"**{len(self.summary):,} customers.** {self.concentration.sentence()}"
        if self.types.insufficient_ is None:
            by_type = self.types.summary()
            if "loyal" in by_type.index:
                text += (f" Loyal customers are {by_type.loc['loyal', 'share']:.0%} of customers and bring "
                         f"{by_type.loc['loyal', 'revenue_share']:.0%} of revenue.")
        else:
            text += " " + self.types.sentence()
        return text

    def churn_sentence(self) -> str:
        parts = []
        if self.churn_model is not None:
            y = ch.binary_target(self.churn_table[self.churn_model.target], self.churn_model.target,
                                 self.churn_model.positive)
            at_risk = self.churn_model.oof_proba_ >= 0.5
            parts.append(f"**Churn:** {y.mean():.1%} of customers left; {int(at_risk.sum()):,} customers "
                         f"({at_risk.mean():.0%}) have a churn probability of 50% or more.")
        if self.worth.trusted:
            lost = self.worth.churned
            parts.append(f"**Value:** expected margin over the next {self.horizon:g} {self.worth.time_unit} is "
                         f"{self.worth.values['clv'].sum():,.0f}; {lost.mean():.0%} of customers are probably lost "
                         f"(P(alive) < {self.worth.p_alive_threshold:g}), and they brought "
                         f"{self.revenue_12m[lost].sum():,.0f} of revenue in the last 12 months: the value at risk.")
        else:
            parts.append(f"**Value:** no CLV or value-at-risk figures: {self.worth.reason}")
        return " ".join(parts)

    def opinion_sentence(self) -> str:
        if self.csat is None:
            return ""
        lo, hi = self.csat["scale"]
        text = (f"Overall satisfaction {self.csat['mean']:.2f} of {hi:g} ({self.csat['low']:.2f}-"
                f"{self.csat['high']:.2f}), {self.csat['top_box']:.0%} in the top two answers.")
        if self.nps is not None:
            text = f"**NPS {self.nps['nps']:.0f}** (95% CI {self.nps['low']:.0f} to {self.nps['high']:.0f}); " + text
        if self.drivers is not None:
            text += (" " + self.drivers._weak() if self.drivers.explains_little else
                     " Top drivers of overall satisfaction: " +
                     ", ".join(self.labels.get(d, d) for d in self.drivers.ranking()[:3]) + ".")
        if self.touchpoints is not None:
            tp = self.touchpoints
            text += (f" Weakest touchpoint for its importance: **{self.labels.get(tp.focus, tp.focus)}** (mean "
                     f"{tp.table.loc[tp.focus, 'mean']:.2f})." if tp.r2 >= sat.MIN_R2 else " " + tp.sentence())
        return text


def _revenue_last_year(transactions, kwargs: dict, end: pd.Timestamp, index) -> pd.Series:
    """Purchase revenue per customer in the 365 days up to ``end``: the difference of two summaries."""
    kw = {**kwargs, "visits": None, "discount_col": None, "category_col": None}
    now = customer_summary(transactions, as_of=end, **kw)["total_revenue"]
    before = customer_summary(transactions, as_of=end - pd.Timedelta(days=365), **kw)["total_revenue"]
    return (now - before.reindex(now.index, fill_value=0.0)).reindex(index, fill_value=0.0)


def build_overview(tx_source, *, churn_source=None, survey_source=None, customers: pd.DataFrame | None = None,
                   margin: float = 0.3, horizon: float = 52.0, discount_rate: float = 0.01,
                   p_alive_threshold: float = 0.5, offer_cost: float = 20.0, success_rate: float = 0.3,
                   acquisition_multiple: float = 5.0, budget: float = 5000.0, appreciation_discount: float = 0.1,
                   top_n: int = 50, fast_hours: float = 48.0, seed: int = 0, links: dict | None = None) -> Overview:
    """Every analysis the inputs support, and the actions they price (see the module docstring).

    ``tx_source`` is a :class:`~insight.datasets.TransactionSource` (required);
    ``churn_source`` a :class:`~insight.datasets.ChurnSource` and ``survey_source`` a
    :class:`~insight.datasets.SurveySource` (optional; with orders and tickets, complaint
    handling is priced too). ``customers`` adds per-customer columns (e.g. on-time payment,
    referrals) to the appreciation criteria. ``links`` maps "customer_types", "churn",
    "clv" and "satisfaction" to the report each action points to.
    """
    for name, value in [("margin", margin), ("success_rate", success_rate), ("p_alive_threshold", p_alive_threshold),
                        ("appreciation_discount", appreciation_discount)]:
        check_param(name, value, float, min_val=0.0, max_val=1.0)
    for name, value in [("horizon", horizon), ("offer_cost", offer_cost), ("budget", budget),
                        ("fast_hours", fast_hours), ("acquisition_multiple", acquisition_multiple),
                        ("discount_rate", discount_rate)]:
        check_param(name, value, float, min_val=0.0)
    check_param("top_n", top_n, int, min_val=1)
    links = {"customer_types": "customer_types", "churn": "churn", "clv": "clv", "satisfaction": "satisfaction",
             **(links or {})}
    not_covered: dict[str, str] = {}
    tx, kw = tx_source.transactions, tx_source.summary_kwargs()

    summary = customer_summary(tx, **kw)
    end = summary.attrs["as_of"]
    types = seg.CustomerTypes(n_bootstrap=0, random_state=seed, too_little_data="note").fit(summary)
    conc = seg.revenue_concentration(summary["total_revenue"].clip(lower=0))

    full = clv.calibration_holdout(tx, kw["customer_col"], kw["date_col"], kw["amount_col"],
                                   calibration_end=end - pd.Timedelta(days=1), holdout_end=end,
                                   drop_duplicates=kw["drop_duplicates"])
    with warnings.catch_warnings():   # the fit's status is in worth.trusted / worth.reason, stated in words
        warnings.simplefilter("ignore", ConvergenceWarning)
        models = clv.fit_models(full)
    worth = clv.value_customers(*models, full, horizon=horizon,
                                discount_rate=discount_rate, margin=margin, p_alive_threshold=p_alive_threshold)
    revenue_12m = _revenue_last_year(tx, kw, end, worth.values.index)
    lost = worth.churned
    annual_margin = float(revenue_12m[~lost].mean() * margin)     # a year's margin from an active customer
    years = (end - summary["first_purchase"].min()).days / 365.25
    actions = []

    table = model = None
    if churn_source is not None:
        table = churn_source.table
        model = ch.ChurnModel(target=churn_source.target_col, positive=churn_source.positive,
                              id_col=churn_source.id_col, value_col=churn_source.value_col, model="logistic",
                              n_splits=3, random_state=seed).fit(table)
        p_leave = model.oof_proba_.to_numpy()
    elif worth.trusted:
        p_leave = 1 - worth.values.loc[~lost, "p_alive"].to_numpy()
    else:
        p_leave = None
        not_covered["retention offers"] = ("a churn table (a customer table with a churn column) or a purchase "
                                           "history long enough to show customers leaving")
    if p_leave is not None:
        strategies = rt.compare_strategies(p_leave, annual_margin, budget=budget, offer_cost=offer_cost,
                                           success_rate=success_rate, acquisition_multiple=acquisition_multiple)
        actions.append(rt.action_retention_offers(strategies, offer_cost=offer_cost, budget=budget,
                                                  report=links["churn"]))
    if worth.trusted:
        actions.append(rt.action_win_back(revenue_12m[lost], top_n=top_n, margin=margin, success_rate=success_rate,
                                          offer_cost=offer_cost, report=links["clv"]))
    else:
        not_covered["win-back of lost customers"] = "a purchase history long enough to show customers leaving"

    scored = summary if customers is None else summary.join(customers)
    criteria = {k: v for k, v in rt.DEFAULT_CRITERIA.items() if v[0] in scored.columns}
    weights = {k: rt.DEFAULT_WEIGHTS[k] for k in criteria}
    appreciation = rt.discount_comparison(summary["total_revenue"] / max(years, 1 / 365.25),
                                          rt.appreciation_scores(scored, criteria, weights),
                                          discount=appreciation_discount, top_n=top_n)
    actions.append(rt.action_appreciation(appreciation, report=links["customer_types"]))

    result = Overview(tx_source.name, summary, types, conc, worth, revenue_12m, pd.DataFrame(), not_covered, table,
                      model, horizon=horizon)
    if survey_source is None:
        not_covered["what customers think"] = "a survey (overall satisfaction and the aspects rated)"
    else:
        sv, labels = survey_source.surveys, survey_source.labels
        result.labels = labels
        result.csat = sat.csat(sv[survey_source.overall_col], scale=survey_source.scale)
        result.csat["scale"] = survey_source.scale
        if survey_source.nps_col:
            result.nps = sat.nps(sv[survey_source.nps_col])
        result.drivers = sat.key_drivers(sv, survey_source.overall_col, survey_source.driver_cols,
                                         scale=survey_source.scale, labels=labels, ordinal=False)
        if survey_source.touchpoints:
            outcome = survey_source.nps_col or survey_source.overall_col
            tp = sat.touchpoints(sv, survey_source.touchpoints, outcome=outcome,
                                 outcome_scale=(0, 10) if survey_source.nps_col else survey_source.scale,
                                 scale=survey_source.touchpoint_scale)
            result.touchpoints = tp
            if survey_source.buy_again_col and tp.r2 >= sat.MIN_R2:
                actions.append(rt.action_touchpoint(sv[tp.focus], sv[survey_source.buy_again_col],
                                                    name=labels.get(tp.focus, tp.focus),
                                                    customers=int((~lost).sum()), annual_margin=annual_margin,
                                                    report=links["satisfaction"]))
        if survey_source.orders is not None and survey_source.tickets is not None:
            recovery = sat.complaint_recovery(sat.recently_active(survey_source.orders, days=180),
                                              survey_source.tickets, fast_hours=fast_hours)
            actions.append(rt.action_fast_resolution(recovery, years=years, annual_margin=annual_margin,
                                                     report=links["satisfaction"]))
        else:
            not_covered["complaint handling"] = "orders and support tickets with resolution times"
    result.actions = rt.rank_actions(actions)
    return result
