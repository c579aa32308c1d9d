"""The one-page overview: every analysis on one set of inputs, with the actions they support.

:func:`build_overview` runs the analyses that the given data support: customer types and
concentration from the transaction log; churn from a customer table, when given; CLV and
customers probably lost from the log; and opinion from a survey, when given. It then ranks
the actions those results price. What the data do not support is listed in
``not_covered`` with what would be needed, and is never shown as a number. The overview
notebook only displays the result, and the tests check the figures here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ... import retention as rt
from ... import plots as ip
from ...features.summary import customer_summary
from ...formats import money, percent
from ...models import churn as ch
from ...models import clv
from ...models import satisfaction as sat
from ...models import segments as seg
from ...validate import check_in, check_param
from .. import display as show
from .. import sources
from ._common import new_axes, styled

__all__ = ["Overview", "build_overview", "OverviewReport", "overview_report"]


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
    plan: rt.ProfitCurve | None = None
    currency: str = "USD"

    def customers_sentence(self) -> str:
        text = f"**{len(self.summary):,} customers.** {self.concentration.sentence()}"
        if self.types.insufficient_ is None:
            by_type = self.types.summary()
            if "loyal" in by_type.index:
                text += (f" Loyal customers are {percent(by_type.loc['loyal', 'share'])} of customers and bring "
                         f"{percent(by_type.loc['loyal', 'revenue_share'])} of revenue.")
        else:
            text += " " + self.types.sentence()
        return text

    def churn_sentence(self) -> str:
        parts = []
        if self.churn_model is not None:
            gone = self.churn_model.y_.astype(bool)
            current = self.churn_model.oof_proba_[~gone]
            at_risk = current >= 0.5
            parts.append(f"**Churn:** {percent(gone.mean(), 1)} of customers have left ({int(gone.sum()):,}); of the "
                         f"{len(current):,} still with us, {int(at_risk.sum()):,} ({percent(at_risk.mean())}) have a "
                         "churn probability of 50% or more.")
        if self.worth.trusted:
            lost = self.worth.churned
            parts.append(f"**Value:** {self.worth.sentence(self.currency).replace('**', '')} The probably lost "
                         f"customers brought {money(self.revenue_12m[lost].sum(), self.currency)} of revenue in the "
                         "last 12 months.")
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
            text += (" " + self.drivers.weak_sentence() if self.drivers.explains_little else
                     " Top drivers of overall satisfaction: " +
                     ", ".join(self.labels.get(d, d) for d in self.drivers.ranking()[:3]) + ".")
        if self.touchpoints is not None:
            tp = self.touchpoints
            text += (f" Weakest touchpoint for its importance: **{self.labels.get(tp.focus, tp.focus)}** (mean "
                     f"{tp.table.loc[tp.focus, 'mean']:.2f})." if tp.r2 >= sat.MIN_R2 else " " + tp.sentence())
        return text

    def action_lines(self) -> list[str]:
        """Each action as a Markdown line: what, its expected value (over its horizon, usually a year) in the
        currency, and how it was computed."""
        return [f"**{r['action']}**: expected value {money(r['expected value'], self.currency)} {r['horizon']}. "
                f"{r['basis'][:1].upper()}{r['basis'][1:]}. "
                f"See the [{r['report'].replace('_', ' ')} report]({r['report']}.html)."
                for _, r in self.actions.iterrows()]

    def findings(self) -> list[str]:
        """The overview's headline findings (one per question the data answer)."""
        return [self.customers_sentence(), self.churn_sentence(), self.opinion_sentence()]


def build_overview(tx_source, *, churn_source=None, survey_source=None, customers: pd.DataFrame | None = None,
                   margin: float = 0.3, horizon: float = 52.0, discount_rate: float = 0.01,
                   p_alive_threshold: float = 0.5, offer_cost: float = 20.0, success_rate: float = 0.3,
                   acquisition_multiple: float = 5.0, budget: float = 5000.0, appreciation_discount: float = 0.1,
                   top_n: int = 50, fast_hours: float = 48.0, seed: int = 0, links: dict | None = None,
                   value_periods: float = 12.0, churn_model: str = "auto", n_splits: int = 5,
                   current_practice: str = "nothing", currency: str = "USD") -> Overview:
    """Every analysis the inputs support, and the actions they price (see the module docstring).

    ``tx_source`` is a :class:`~insight.report.sources.TransactionSource` (required);
    ``churn_source`` a :class:`~insight.report.sources.ChurnSource` and ``survey_source`` a
    :class:`~insight.report.sources.SurveySource` (optional; with orders and tickets, complaint
    handling is priced too). ``customers`` adds per-customer columns (e.g. on-time payment,
    referrals) to the appreciation criteria. ``links`` maps "customer_types", "churn",
    "clv" and "satisfaction" to the report each action points to.

    With a churn table, the retention offers are :func:`insight.retention.retention_plan` with
    the churn report's parameters (``churn_model``, ``n_splits``, ``value_periods``,
    ``margin``, offer cost, success rate, acquisition multiple), so both reports show the
    same list and money; CLV figures are :func:`insight.report.sources.current_values`, as in the CLV
    report. ``current_practice`` is what the company does today for its best customers
    ("nothing" or a blanket "discount"), the baseline the appreciation action is valued against.

    Why one function: the overview is one pass over the analyses in the order a manager reads them;
    each block is a call to the function a detailed report uses, with the same parameters.
    """
    check_in("current_practice", current_practice, list(rt.PRACTICES))
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
    types = seg.CustomerTypes(n_bootstrap=0, random_state=seed, too_little_data="note").fit(summary)
    conc = seg.revenue_concentration(summary["total_revenue"].clip(lower=0))

    worth, split, _ = sources.current_values(tx_source, horizon=horizon, discount_rate=discount_rate, margin=margin,
                                             p_alive_threshold=p_alive_threshold)
    end = split.holdout_end
    revenue_12m = sources.revenue_last_year(tx_source, end, worth.values.index)
    lost = worth.churned
    annual_margin = float(revenue_12m[~lost].mean() * margin)     # a year's margin from an active customer
    years = (end - summary["first_purchase"].min()).days / 365.25
    actions = []

    table = model = plan = None
    p_leave = None
    if churn_source is not None:
        table = churn_source.table
        model = sources.source_model(churn_source, model=churn_model, n_splits=n_splits, random_state=seed).fit(table)
        # each current customer valued by their contractual CLV, exactly as the churn report values them
        _, plan = sources.subscriber_plan(churn_source, model, value_periods=value_periods, margin=margin,
                                     offer_cost=offer_cost, success_rate=success_rate,
                                     acquisition_multiple=acquisition_multiple, discount_rate=discount_rate, seed=seed,
                                     unit="months")
        actions.append(rt.action_retention_plan(plan, report=links["churn"], currency=currency))
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
                                                  report=links["clv"], currency=currency))
    if worth.trusted:
        actions.append(rt.action_win_back(revenue_12m[lost], top_n=top_n, margin=margin, success_rate=success_rate,
                                          offer_cost=offer_cost, report=links["clv"], currency=currency))
    else:
        not_covered["win-back of lost customers"] = "a purchase history long enough to show customers leaving"

    scored = summary if customers is None else summary.join(customers)
    criteria = {k: v for k, v in rt.DEFAULT_CRITERIA.items() if v[0] in scored.columns}
    weights = {k: rt.DEFAULT_WEIGHTS[k] for k in criteria}
    scores = rt.appreciation_scores(scored, criteria, weights)
    appreciation = rt.discount_comparison(summary["total_revenue"] / max(years, 1 / 365.25), scores,
                                          discount=appreciation_discount, top_n=top_n)
    top = rt.top_customers(scores, top_n).index
    leave = (1 - worth.values["p_alive"]).reindex(top).fillna(0.0) if worth.trusted else pd.Series(0.0, index=top)
    kept = float((leave * success_rate * revenue_12m.reindex(top).fillna(0.0) * margin).sum())
    actions.append(rt.action_appreciation(appreciation, current_practice=current_practice, kept_margin=kept,
                                          report=links["customer_types"], currency=currency))

    result = Overview(tx_source.name, summary, types, conc, worth, revenue_12m, pd.DataFrame(), not_covered, table,
                      model, horizon=horizon, plan=plan, currency=currency)
    if survey_source is None:
        not_covered["what customers think"] = "a survey (overall satisfaction and the aspects rated)"
    else:
        sv, labels = survey_source.surveys, survey_source.labels
        result.labels = labels
        result.csat = sat.csat(sv[survey_source.overall_col], scale=survey_source.scale).astype(object)
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
                                                    report=links["satisfaction"], currency=currency))
        if survey_source.orders is not None and survey_source.tickets is not None:
            recovery = sat.complaint_recovery(sat.recently_active(survey_source.orders, days=180),
                                              survey_source.tickets, fast_hours=fast_hours)
            actions.append(rt.action_fast_resolution(recovery, years=years, annual_margin=annual_margin,
                                                     report=links["satisfaction"], currency=currency))
        else:
            not_covered["complaint handling"] = "orders and support tickets with resolution times"
    result.actions = rt.rank_actions(actions)
    return result


# --------------------------------------------------------------------------- overview
@styled
@dataclass
class OverviewReport:
    view: object                    # insight.report.sections.overview.Overview
    links: dict
    simulated: bool
    seed: int
    has_churn: bool
    has_survey: bool

    def headline(self) -> show.Html:
        v = self.view
        return show.headline("Overview", v.name, v.findings(), action=v.action_lines()[0],
                             assumptions=f"Money in {v.currency}; estimates for comparing actions, not forecasts. The "
                             "other actions follow below.", simulated=self.simulated, seed=self.seed)

    def actions(self) -> list:
        v = self.view
        return [show.text("\n".join(f"- {line}" for line in v.action_lines())),
                show.figure(ip.plot_actions(v.actions, currency=v.currency, ax=new_axes(7.5, 3.5)),
                            "Expected value of each action the data support (a year, except where the action "
                            "states its own horizon).")]

    def customers(self) -> list:
        v = self.view
        out = [show.text(v.customers_sentence() + f" Details: [customer types report]({self.links['customer_types']}"
                         ".html).")]
        if v.types.insufficient_ is None:
            out += [show.figure(ip.plot_segment_shares(v.types.types_, v.summary["total_revenue"], ax=new_axes(7, 3.5)),
                                "Each customer type's share of customers against its share of revenue."),
                    show.table(v.types.summary()[["customers", "share", "revenue_share", "action"]],
                               index_label="type")]
        return out

    def leaving(self) -> list:
        churn = f"[churn report]({self.links['churn']}.html), " if self.has_churn else ""
        return [show.text(self.view.churn_sentence() + f" Details: {churn}[CLV report]({self.links['clv']}.html).")]

    def opinions(self) -> list:
        v = self.view
        out = [show.not_covered(k[:1].upper() + k[1:], n, remove_section=False) for k, n in v.not_covered.items()
               if k != "what customers think"]
        if not self.has_survey:
            return out + [show.not_covered("What customers think", v.not_covered["what customers think"])]
        out.append(show.text(v.opinion_sentence() + f" Details: [satisfaction report]({self.links['satisfaction']}"
                             ".html)."))
        if v.touchpoints is not None:
            out.append(show.figure(ip.plot_touchpoints(v.touchpoints, labels=v.labels, ax=new_axes(7, 4)),
                                   v.touchpoints.sentence(v.labels)))
        return out


def overview_report(data: str = "demo", *, customers_data: str = "", survey_data: str = "", demo_customers: int = 5000,
                    seed: int = 0, **params) -> OverviewReport:
    """The overview of :func:`insight.report.sections.overview.build_overview` on ``data`` ("demo" uses the demo company's
    customer table and survey too, and links to the demo runs of the detailed reports); ``params`` go to it."""
    from .. import sources

    demo = data == "demo"
    tx = sources.transaction_source(data, demo_customers=demo_customers, seed=seed)
    churn = sources.churn_source("demo", demo_customers=demo_customers, seed=seed) if demo else \
        (sources.churn_source(customers_data) if customers_data else None)
    survey = sources.survey_source("demo", demo_customers=demo_customers, seed=seed) if demo else \
        (sources.survey_source(survey_data) if survey_data else None)
    links = {"customer_types": "customer_types", "churn": "churn_demo" if demo else "churn",
             "clv": "clv_demo" if demo else "clv", "satisfaction": "satisfaction_demo" if demo else "satisfaction"}
    extra = tx.demo.customers.set_index("customer_id")[["on_time_payment", "referrals"]] if demo else None
    view = build_overview(tx, churn_source=churn, survey_source=survey, customers=extra, seed=seed, links=links,
                          **params)
    return OverviewReport(view, links, tx.simulated, seed, churn is not None, survey is not None)
