"""The one-page overview: every analysis on one set of inputs, with the actions they support.

:func:`build_overview` runs the analyses that the given data support: customer types and
concentration from the transaction log; churn from a customer table, when given; CLV and
customers probably lost from the log; and opinion from a survey, when given. It then ranks
the actions those results price. What the data do not support is listed in
``not_covered`` (ids, with what would be needed in the catalog), and is never shown as a
number. The overview notebook only displays the result, and the tests check the figures here.

Every word comes from the message catalog (ids ``overview.*`` and ``actions.*``) through the
report's :class:`~insight.style.Style`: ``action_title``, ``action_basis`` and
``action_line`` write the actions of :mod:`insight.retention`, which are ids and numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ... import retention as rt
from ...exceptions import DataValidationError
from ... import plots as ip
from ...features.summary import customer_summary
from ...models import churn as ch
from ...models import clv
from ...models import satisfaction as sat
from ...models import segments as seg
from ...models.satisfaction.scores import two_point
from ...style import Style
from .. import display as show
from .. import sources
from ..params import CURRENCY, CALENDAR, LANGUAGE, Choice, Number, checked
from ._common import new_axes, styled
from ._actions import action_line, action_title, recommendation
from .clv import log_actions, worth_reason, worth_sentence
from .satisfaction import (change_sentence, opinion_actions, survey_answers, survey_drivers, survey_touchpoints,
                            touchpoint_sentence, weak_sentence)
from .types import appreciation_action, concentration_sentence, type_names, types_sentence, types_table

__all__ = ["Overview", "build_overview", "OverviewReport", "overview_report"]

# --------------------------------------------------------------------------- the overview's findings
#: a current customer with a churn probability of at least this counts as at risk
AT_RISK = 0.5


@dataclass
class Overview:
    """Results of :func:`build_overview`; each ``*_sentence`` is a short Markdown paragraph in ``style``.

    Attributes
    ----------
    name : str
        Name of the data.
    summary : pandas.DataFrame
        The customer summary of the purchase log.
    types : insight.models.segments.CustomerTypes
        The fitted customer types.
    concentration : insight.models.segments.Concentration
        How concentrated revenue is.
    worth : insight.models.clv.CustomerValues
        Every customer's value (:func:`insight.report.pipelines.current_values`).
    revenue_12m : pandas.Series
        Purchase revenue per customer in the last 365 days (currency units).
    actions : pandas.DataFrame
        The priced actions (:func:`insight.retention.rank_actions`), best first.
    not_covered : list of str
        Ids of the analyses the data do not support.
    churn_table : pandas.DataFrame or None
        The customer table of the churn analysis.
    churn_model : insight.models.churn.ChurnModel or None
        The fitted churn model.
    nps, csat : pandas.Series or None
        Net promoter score and satisfaction, with their intervals.
    drivers : insight.models.satisfaction.KeyDrivers or None
        Key drivers of satisfaction.
    touchpoints : insight.models.satisfaction.Touchpoints or None
        Satisfaction by touchpoint.
    labels : dict
        Human labels of the survey's columns.
    horizon : float
        Valuation horizon, in the CLV model's time unit (weeks by default).
    plan : insight.retention.ProfitCurve or None
        The retention plan of the churn table.
    style : insight.style.Style
        Language and currency of the overview.
    change : insight.models.satisfaction.Change or None
        The largest change of a score between the last two complete quarters.
    rule : dict or None
        The discount rule (:func:`insight.retention.discount_rule`), when a target revenue is given.
    practice : str
        What the company does today for its best customers (``"nothing"`` or ``"discount"``).
    elsewhere : tuple
        Action kinds the report they link to does not price (no purchase log).
    feedback : str
        The feedback report's finding on what customers write (its own words)."""

    name: str
    summary: pd.DataFrame
    types: seg.CustomerTypes
    concentration: seg.Concentration
    worth: clv.CustomerValues
    revenue_12m: pd.Series
    actions: pd.DataFrame
    not_covered: list = field(default_factory=list)
    churn_table: pd.DataFrame | None = None
    churn_model: ch.ChurnModel | None = None
    nps: pd.Series | None = None
    csat: pd.Series | None = None
    drivers: sat.KeyDrivers | None = None
    touchpoints: sat.Touchpoints | None = None
    labels: dict = field(default_factory=dict)
    horizon: float = 52.0
    plan: rt.ProfitCurve | None = None
    style: Style = field(default_factory=Style)
    change: sat.Change | None = None     # the largest change of a score between the last two complete quarters
    rule: dict | None = None             # the discount rule (retention.discount_rule), when a target revenue is given
    practice: str = "nothing"            # what the company does today for its best customers
    elsewhere: tuple = ()                # action kinds the report they link to does not price (no purchase log)
    feedback: str = ""                   # the feedback report's finding on what customers write (its own words)

    def rule_sentence(self) -> str:
        """Whether discounts may pay by the practitioner rule (loyal customers cover the target revenue), or "".

        Returns
        -------
        str"""
        if self.rule is None:
            return ""
        r = self.rule
        key = "holds" if r["holds"] else ("fails_discount" if self.practice == "discount" else "fails")
        return self.style.say(f"overview.discount_rule.{key}", loyal=r["loyal_revenue"], target=r["target"])

    def customers_sentence(self) -> str:
        """How many customers, how concentrated revenue is, and the loyal customers' share.

        Returns
        -------
        str"""
        st = self.style
        text = st.say("overview.customers", n=len(self.summary),
                      concentration=concentration_sentence(st, self.concentration))
        if self.types.insufficient_ is None:
            by_type = self.types.summary()
            if "loyal" in by_type.index:
                text += " " + st.say("overview.loyal", share=by_type.loc["loyal", "share"],
                                     revenue_share=by_type.loc["loyal", "revenue_share"])
        else:
            text += " " + types_sentence(st, self.types)
        return text

    def churn_sentence(self) -> str:
        """How many left and are at risk (churn table), and what the customers probably lost were worth.

        Returns
        -------
        str"""
        st, parts = self.style, []
        if self.churn_model is not None:
            gone = self.churn_model.y_.astype(bool)
            current = self.churn_model.oof_proba_[~gone]
            at_risk = current >= AT_RISK
            parts.append(st.say("overview.churn", gone_share=gone.mean(), gone=int(gone.sum()), current=len(current),
                                at_risk=int(at_risk.sum()), at_risk_share=at_risk.mean(), threshold=AT_RISK))
        if self.worth.trusted:
            parts.append(st.say("overview.value", worth=worth_sentence(st, self.worth).replace("**", ""),
                                revenue=self.revenue_12m[self.worth.churned].sum()))
        else:
            parts.append(st.say("overview.no_value", reason=worth_reason(st, self.worth)))
        if self.churn_model is not None and self.worth.trusted:   # two measures of leaving, defined side by side
            parts.append(st.say("overview.left_vs_probably"))
        return " ".join(parts)

    def opinion_sentence(self) -> str:
        """Satisfaction (and NPS), its change, its drivers and the weakest touchpoint; "" without a survey.

        Returns
        -------
        str"""
        if self.csat is None:
            return ""
        st, c = self.style, self.csat
        text = (st.say("overview.satisfied_share", share=c["top_box"], low=c["top_box_low"], high=c["top_box_high"])
                if two_point(c["scale"]) else
                st.say("overview.satisfaction", mean=c["mean"], top=st.short(c["scale"][1]), low=c["low"],
                       high=c["high"], top_box=c["top_box"]))
        if self.nps is not None:
            text = st.say("overview.nps", nps=self.nps["nps"], low=self.nps["low"], high=self.nps["high"],
                          satisfaction=text)
        if self.change is not None:
            text += " " + change_sentence(st, self.change)
        if self.drivers is not None:
            text += " " + (weak_sentence(st, self.drivers) if self.drivers.explains_little else st.say(
                "overview.drivers", drivers=self.style.join(self.labels.get(d, d) for d in self.drivers.ranking()[:3])))
        if self.touchpoints is not None:
            tp = self.touchpoints
            text += " " + (st.say("overview.weakest_touchpoint", name=self.labels.get(tp.focus, tp.focus),
                                  mean=tp.table.loc[tp.focus, "mean"]) if tp.r2 >= sat.MIN_R2 else
                           touchpoint_sentence(st, tp))
        return text

    def action_lines(self) -> list[str]:
        """Each action as a Markdown line (``action_line``): what, its net value over the horizon, how it was
        computed, and the report behind it.

        Returns
        -------
        list of str"""
        return [action_line(self.style, row, self.plan, same=row["action"] not in self.elsewhere)
                for _, row in self.actions.iterrows()]

    def action_titles(self) -> list[str]:
        """What each action does, in words, in the order of ``actions``.

        Returns
        -------
        list of str"""
        return [action_title(self.style, row) for _, row in self.actions.iterrows()]

    def findings(self) -> list[str]:
        """The overview's headline findings (one per question the data answer; "" where none).

        Returns
        -------
        list of str"""
        rule = self.rule_sentence() if self.rule is not None and not self.rule["holds"] else ""
        return [self.customers_sentence(), self.churn_sentence(), self.opinion_sentence(), self.feedback, rule]


# --------------------------------------------------------------------------- building it
@checked(margin=Number(0, 1), horizon=Number(0, above=True), discount_rate=Number(0), p_alive_threshold=Number(0, 1),
         offer_cost=Number(0), success_rate=Number(0, 1), acquisition_multiple=Number(0), budget=Number(0),
         appreciation_discount=Number(0, 1), top_n=Number(1, integer=True), fast_hours=Number(0),
         seed=Number(0, integer=True), churn_model=Choice(("auto", "logistic", "hgb")),
         touchpoint_cost=Number(-1), resolution_cost=Number(-1),
         n_splits=Number(2, 20, integer=True), current_practice=Choice(rt.PRACTICES), target_revenue=Number(0),
         currency=CURRENCY,
         language=LANGUAGE, calendar=CALENDAR)
def build_overview(tx_source, *, churn_source=None, survey_source=None, customers: pd.DataFrame | None = None,
                   margin: float = 0.3, horizon: float = 52.0, discount_rate: float = 0.01,
                   p_alive_threshold: float = 0.5, offer_cost: float = 20.0, success_rate: float = 0.3,
                   acquisition_multiple: float = 5.0, budget: float = 5000.0, appreciation_discount: float = 0.1,
                   top_n: int = 25, fast_hours: float = 48.0, seed: int = 0, links: dict | None = None,
                   churn_model: str = "auto", n_splits: int = 5, current_practice: str = "nothing",
                   touchpoint_cost: float = -1.0, resolution_cost: float = -1.0, target_revenue: float = 0.0,
                   currency: str = "USD",
                   language: str = "en", calendar: str = "") -> Overview:
    """Every analysis the inputs support, and the actions they price (see the module docstring).

    Every action is valued over one horizon: ``horizon`` (in the CLV model's time unit, weeks by
    default) in whole months, at ``discount_rate`` a month, with its gross benefit, its cost and
    its net value (:func:`insight.retention.rank_actions`). The cost of improving a touchpoint
    (``touchpoint_cost``) or of resolving complaints fast (``resolution_cost``) over that horizon
    is usually not known (-1): those actions then show the cost below which they pay.
    With a churn table, the retention offers are :func:`insight.retention.retention_plan` with
    the churn report's parameters (``churn_model``, ``n_splits``, the horizon, ``margin``, offer
    cost, success rate, acquisition multiple), so both reports show the same list and money; CLV figures are
    :func:`insight.report.pipelines.current_values`, as in the CLV report.

    Why one function: the overview is one pass over the analyses in the order a manager reads them;
    each block is a call to the function a detailed report uses, with the same parameters.

    Parameters
    ----------
    tx_source : insight.report.sources.TransactionSource
        The purchase log (required).
    churn_source : insight.report.sources.ChurnSource, optional
        A customer table with a churn flag.
    survey_source : insight.report.sources.SurveySource, optional
        A survey; with orders and tickets, complaint handling is priced too.
    customers : pandas.DataFrame, optional
        Per-customer columns (e.g. on-time payment, referrals) added to the appreciation criteria.
    margin : float, default 0.3
        Share of revenue that is profit.
    horizon, discount_rate : float, default 52.0 and 0.01
        Valuation horizon (in the CLV model's time unit) and discount rate per month.
    p_alive_threshold : float, default 0.5
        A customer below this P(alive) has probably left.
    offer_cost, success_rate, acquisition_multiple, budget : float, default 20.0, 0.3, 5.0 and 5000.0
        Offer cost per customer (currency units), share it keeps, new customer's cost per offer cost, most money spent.
    appreciation_discount : float, default 0.1
        Discount thanking the best customers, as a share of their yearly revenue.
    top_n : int, default 25
        Number of best customers thanked and of customers listed.
    fast_hours : float, default 48.0
        A complaint resolved within this many hours counts as fast.
    seed : int, default 0
        Random seed of the models.
    links : dict, optional
        Maps "customer_types", "churn", "clv" and "satisfaction" to the report each action points to.
    churn_model, n_splits : str and int, default "auto" and 5
        The churn report's model and cross-validation folds.
    current_practice : str, default "nothing"
        What the company does today for its best customers ("nothing" or a blanket "discount"), the baseline the
        appreciation action is valued against.
    touchpoint_cost, resolution_cost : float, default -1.0
        Cost of improving a touchpoint and of resolving complaints fast over the horizon; -1: not known.
    target_revenue : float, default 0.0
        Yearly revenue target of the discount rule (:func:`insight.retention.discount_rule`); 0: no rule.
    currency, language : str, default "USD" and "en"
        They make the overview's :class:`~insight.style.Style`.
    calendar : str, default ""
        Calendar of the report's dates, months and quarters: "gregorian" or "jalali" (Solar Hijri); "" = the
        language's own (Solar Hijri in Persian).

    Returns
    -------
    Overview"""
    st = Style(language=language, currency=currency, calendar=calendar)
    links = {"customer_types": "customer_types", "churn": "churn", "clv": "clv", "satisfaction": "satisfaction",
             **(links or {})}
    not_covered: list[str] = []
    tx, kw = tx_source.transactions, tx_source.summary_kwargs()

    summary = customer_summary(tx, **kw)
    types = seg.CustomerTypes(n_bootstrap=0, random_state=seed, too_little_data="note").fit(summary)
    conc = seg.revenue_concentration(summary["total_revenue"].clip(lower=0))

    econ = sources.log_economics(tx_source, horizon=horizon, discount_rate=discount_rate, margin=margin,
                                 p_alive_threshold=p_alive_threshold)
    worth, revenue_12m, months, years = econ.worth, econ.revenue_12m, econ.months, econ.years
    actions = []

    table = model = plan = None
    if churn_source is not None:
        table = churn_source.table
        model = sources.source_model(churn_source, model=churn_model, n_splits=n_splits, random_state=seed).fit(table)
        # each current customer valued by their contractual CLV, exactly as the churn report values them
        _, plan = sources.subscriber_plan(churn_source, model, horizon=months, margin=margin,
                                          offer_cost=offer_cost, success_rate=success_rate,
                                          acquisition_multiple=acquisition_multiple, discount_rate=discount_rate,
                                          seed=seed, unit="months")
        actions.append(rt.action_retention_plan(plan, report=links["churn"]))
    # the CLV report's actions, same call and parameters (its retention offers only without a churn table)
    actions += log_actions(worth, revenue_12m, months=months, margin=margin, success_rate=success_rate,
                           offer_cost=offer_cost, budget=budget, acquisition_multiple=acquisition_multiple,
                           top_n=top_n, discount_rate=discount_rate, link=links["clv"], offers=churn_source is None)
    if not worth.trusted:
        not_covered += (["retention_offers"] if churn_source is None else []) + ["win_back"]

    actions.append(appreciation_action(summary, worth, revenue_12m, years=years, customers=customers, top_n=top_n,
                                       appreciation_discount=appreciation_discount, current_practice=current_practice,
                                       success_rate=success_rate, margin=margin, months=months,
                                       discount_rate=discount_rate, link=links["customer_types"]))

    result = Overview(tx_source.name, summary, types, conc, worth, revenue_12m, pd.DataFrame(), not_covered, table,
                      model, horizon=horizon, plan=plan, style=st, practice=current_practice)
    if target_revenue and types.insufficient_ is None:
        result.rule = rt.discount_rule(summary["total_revenue"] / max(years, 1 / 365.25), types.types_,
                                       target_revenue)
    if survey_source is None:
        not_covered.append("opinion")
    else:
        if survey_source.log is None:    # the satisfaction report cannot price its actions without a log
            result.elsewhere = ("touchpoint", "fast_resolution")
        actions += _opinion(result, survey_source, calendar=st.calendar, customers=econ.active,
                            annual_margin=econ.annual_margin,
                            years=years, fast_hours=fast_hours, link=links["satisfaction"], months=months,
                            discount_rate=discount_rate,
                            touchpoint_cost=None if touchpoint_cost < 0 else touchpoint_cost,
                            resolution_cost=None if resolution_cost < 0 else resolution_cost)
    result.actions = rt.rank_actions(actions)
    return result


def _opinion(result: Overview, survey_source, *, calendar: str, customers: int, annual_margin: float, years: float,
             fast_hours: float, link: str, months: float, discount_rate: float, touchpoint_cost: float | None,
             resolution_cost: float | None) -> list[rt.Action]:
    """Fill in what customers think (satisfaction, NPS, drivers, touchpoints) and return the actions it prices."""
    src, labels = survey_source, survey_source.labels
    sv, scales = survey_answers(src)           # each column on its own scale, as the satisfaction report reads them
    result.labels = labels
    result.csat = sat.csat(sv[src.overall_col], scale=src.scale).astype(object)
    result.csat["scale"] = src.scale
    if survey_source.nps_col:
        result.nps = sat.nps(sv[survey_source.nps_col])
    if survey_source.date_col:
        quarters = sat.quarterly(sv, survey_source.date_col, nps_col=survey_source.nps_col,
                                 csat_col=survey_source.overall_col, scale=survey_source.scale,
                                 calendar=calendar)
        result.change = sat.largest_change(quarters, quarters["complete"])
    result.drivers = survey_drivers(src, sv, scales, ordinal=False)
    result.touchpoints = survey_touchpoints(src, sv)
    recovery = None
    if survey_source.orders is not None and survey_source.tickets is not None:
        recovery = sat.complaint_recovery(sat.recently_active(survey_source.orders, days=180),
                                          survey_source.tickets, fast_hours=fast_hours)
    else:
        result.not_covered.append("complaints")
    return opinion_actions(survey_source, result.touchpoints, recovery, customers=customers,
                           annual_margin=annual_margin, years=years, months=months, discount_rate=discount_rate,
                           touchpoint_cost=touchpoint_cost, resolution_cost=resolution_cost, link=link)


# --------------------------------------------------------------------------- overview
@styled
@dataclass
class OverviewReport:
    """The overview report's sections (made by :func:`overview_report`): each public method returns one section.

    Attributes
    ----------
    view : Overview
        The results (:func:`build_overview`).
    links : dict
        Report names each section links to, by ``"customer_types"``, ``"churn"``, ``"clv"``, ``"satisfaction"`` and
        ``"feedback"``.
    simulated : bool
        The data are the demo company's.
    seed : int
        Random seed (of the demo company).
    has_churn, has_survey : bool
        Whether a customer table and a survey were given.
    style : insight.style.Style
        Language and currency of the report."""
    view: Overview
    links: dict
    simulated: bool
    seed: int
    has_churn: bool
    has_survey: bool
    style: Style = field(default_factory=Style)

    def headline(self) -> show.Html:
        """The headline box: one finding per question the data answer; the best action.

        Returns
        -------
        insight.report.display.Html"""
        v, st = self.view, self.style
        return show.headline(st.say("overview.title"), v.name, v.findings(),
                             action=recommendation(st, v.actions, v.plan),
                             assumptions=st.say("overview.assumptions", currency=st.money_unit()),
                             simulated=self.simulated, seed=self.seed, style=st)

    def actions(self) -> list:
        """The actions priced: the discount rule, one line per action and the chart of gross and cost.

        Returns
        -------
        list of insight.report.display.Html"""
        v, st = self.view, self.style
        chart = pd.DataFrame({"action": v.action_titles(), "gross": v.actions["gross"].to_numpy(),
                              "cost": v.actions["cost"].to_numpy()})
        rule = [show.text(v.rule_sentence())] if v.rule is not None else []
        return rule + [show.text("\n".join(f"- {line}" for line in v.action_lines())),
                show.figure(ip.plot_actions(chart, style=st, ax=new_axes(7.5, 3.5)),
                            st.say("overview.actions_caption"))]

    def customers(self) -> list:
        """Who the customers are: the sentence, the types' shares of customers and revenue, a table.

        Returns
        -------
        list of insight.report.display.Html"""
        v, st = self.view, self.style
        out = [show.text(v.customers_sentence() + " " + st.say("overview.details_types",
                                                               link=self.links["customer_types"]))]
        if v.types.insufficient_ is None:
            out += [show.figure(ip.plot_segment_shares(v.types.types_, v.summary["total_revenue"], ax=new_axes(7, 3.5),
                                                       labels=_chart_names(st, v.types.types_), style=st),
                                st.say("overview.types_caption")),
                    show.table(types_table(st, v.types)[["customers", "share", "revenue_share", "action"]],
                               index_label=st.say("overview.type_column"), style=st)]
        return out

    def leaving(self) -> list:
        """Who is leaving, with links to the churn and CLV reports.

        Returns
        -------
        list of insight.report.display.Html"""
        st = self.style
        details = (st.say("overview.details_leaving_churn", churn=self.links["churn"], clv=self.links["clv"])
                   if self.has_churn else st.say("overview.details_leaving", clv=self.links["clv"]))
        return [show.text(self.view.churn_sentence() + " " + details)]

    def opinions(self) -> list:
        """What customers think (survey and comments) and the analyses the data do not cover.

        Returns
        -------
        list of insight.report.display.Html"""
        v, st = self.view, self.style
        out = [show.not_covered(st.say(f"overview.not_covered.{k}.section"), st.say(f"overview.not_covered.{k}.needs"),
                                remove_section=False, style=st) for k in v.not_covered if k != "opinion"]
        if not self.has_survey:
            return out + [show.not_covered(st.say("overview.not_covered.opinion.section"),
                                           st.say("overview.not_covered.opinion.needs"), style=st)]
        out.append(show.text(v.opinion_sentence() + " " + st.say("overview.details_opinion",
                                                                 link=self.links["satisfaction"])))
        if v.feedback:
            out.append(show.text(v.feedback + " " + st.say("overview.details_feedback", link=self.links["feedback"])))
        if v.touchpoints is not None:
            out.append(show.figure(ip.plot_touchpoints(v.touchpoints, labels=v.labels, style=st, ax=new_axes(7, 4)),
                                   touchpoint_sentence(st, v.touchpoints, v.labels)))
        return out


def _chart_names(st: Style, types: pd.Series) -> dict:
    """Type id -> its name as a chart's tick label writes it (``"Discount-driven"``)."""
    return {t: st.label(name) for t, name in type_names(st, types).items()}


@checked(demo_customers=Number(1, integer=True), seed=Number(0, integer=True))
def overview_report(data: str = "demo", *, customers_data: str = "", survey_data: str = "", comments_data: str = "",
                    demo_customers: int = 5000, seed: int = 0, **params) -> OverviewReport:
    """The overview of :func:`insight.report.sections.overview.build_overview` on ``data``.

    Parameters
    ----------
    data : str, default "demo"
        The purchase log (a data specification or bundled name); ``"demo"`` uses the demo company's customer table,
        survey and comments too, and links to the demo runs of the detailed reports.
    customers_data, survey_data : str, default ""
        Data specifications of a customer table (churn) and a survey; "" for none.
    comments_data : str, default ""
        Comments naming the customers of ``data`` (a complaints specification with a text and a customer role), whose
        costliest theme the overview states as the feedback report does.
    demo_customers : int, default 5000
        Number of customers of the demo company.
    seed : int, default 0
        Random seed of the demo company and the models.
    **params
        Passed to :func:`build_overview` (``currency`` and ``language`` among them).

    Returns
    -------
    OverviewReport

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``data`` is "demo" while tables of one's own are given, or a parameter breaks its rule."""
    demo = data in ("demo", "demo_fa")
    if demo and (customers_data or survey_data):
        given = [name for name, v in (("customers_data", customers_data), ("survey_data", survey_data)) if v]
        raise DataValidationError(f"parameter 'data' is 'demo' (the simulated company) while {len(given)} table(s) "
                                  f"of your own are given ({', '.join(given)}); set 'data' to your transactions so "
                                  "the overview is built from your data, not the demo company's.")
    tx = sources.transaction_source(data, demo_customers=demo_customers, seed=seed, currency=params.get("currency", ""))
    churn = sources.churn_source(data, demo_customers=demo_customers, seed=seed) if demo else \
        (sources.churn_source(customers_data) if customers_data else None)
    survey = sources.survey_source(data, demo_customers=demo_customers, seed=seed) if demo else \
        (sources.survey_source(survey_data) if survey_data else None)
    links = {"customer_types": "customer_types", "churn": "churn_demo" if demo else "churn",
             "clv": "clv_demo" if demo else "clv", "satisfaction": "satisfaction_demo" if demo else "satisfaction",
             "feedback": "feedback_demo" if demo else "feedback"}
    view = build_overview(tx, churn_source=churn, survey_source=survey, customers=tx.customer_columns(), seed=seed,
                          links=links,
                          **params)
    if demo or comments_data:   # the feedback report's own finding, in its words
        from .feedback import feedback_report

        fb = feedback_report(sources.feedback_source(data if demo else comments_data, customers=data,
                                                     demo_customers=demo_customers, seed=seed),
                             seed=seed, currency=view.style.currency, language=view.style.language)
        view.feedback = fb.cost_sentence() or (fb.largest_sentence() if fb.themes is not None else "")
    return OverviewReport(view, links, tx.simulated, seed, churn is not None, survey is not None, view.style)
