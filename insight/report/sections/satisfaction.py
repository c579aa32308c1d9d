"""The satisfaction report: how satisfied are customers, what drives it, and where should we act?

Also the words of the satisfaction results, for every report that shows them: ``drivers_sentence``,
``weak_sentence`` and ``priority_sentence`` (a :class:`~insight.models.satisfaction.KeyDrivers`),
``touchpoint_sentence``, ``recovery_sentence``, ``levels_sentence``, ``speed_sentence``,
``tests_sentence``, ``adjustment_sentence``, and the tables ``score_table`` and
``coefficient_table`` (helpers of this module, left out of its ``__all__``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pandas as pd

from ... import plots as ip
from ... import retention as rt
from ...models import satisfaction as sat
from ...models.satisfaction.scores import MIN_PERIOD_ANSWERS
from ...models.satisfaction.scores import two_point
from ...plots.satisfaction import hours
from ...style import Style
from .. import display as show
from ..params import CURRENCY, CALENDAR, LANGUAGE, Choice, Number, checked
from ._actions import actions_view
from ._common import new_axes, styled
from .satisfaction_words import (FEW_ANSWERS, adjustment_column, adjustment_sentence, category_names, change_sentence,  # noqa: F401
                                 coefficient_table, drivers_sentence, levels_sentence, priority_named,
                                 priority_sentence, recovery_sentence, score_table, speed_sentence, speed_table,
                                 tests_sentence, top_answer, touchpoint_sentence, weak_sentence)
from .survey_comments import SurveyComments, survey_comments

__all__ = ["SatisfactionReport", "satisfaction_report", "change_sentence"]


# --------------------------------------------------------------------------- satisfaction
def opinion_actions(source, touchpoints: sat.Touchpoints | None, recovery: sat.Recovery | None, *, customers: int,
                    annual_margin: float, years: float, months: float, discount_rate: float,
                    touchpoint_cost: float | None = None, resolution_cost: float | None = None,
                    link: str = "satisfaction") -> list[rt.Action]:
    """The actions a survey with its service data prices, over ``months`` months: improving the focus touchpoint
    (with a would-buy-again question and a touchpoint fit worth reading) and resolving complaints fast (with
    orders and tickets), for ``customers`` active customers bringing ``annual_margin`` a year each (``years`` of
    data give the yearly complaints). Costs not known are None. The satisfaction report and the overview both
    call this, so their figures are the same."""
    out = []
    if touchpoints is not None and source.buy_again_col and touchpoints.r2 >= sat.MIN_R2:
        sv = source.surveys
        out.append(rt.action_touchpoint(sv[touchpoints.focus], sv[source.buy_again_col],
                                        name=source.labels.get(touchpoints.focus, touchpoints.focus),
                                        customers=customers, annual_margin=annual_margin, horizon=months,
                                        discount_rate=discount_rate, cost=touchpoint_cost, report=link))
    if recovery is not None:
        out.append(rt.action_fast_resolution(recovery, years=years, annual_margin=annual_margin, horizon=months,
                                             discount_rate=discount_rate, cost=resolution_cost, report=link))
    return out


@styled
@dataclass
class SatisfactionReport:
    """The satisfaction report's sections (made by :func:`satisfaction_report`): each public method returns what one
    section shows.

    A section the data cannot support returns a "not covered" note naming what it needs (a group column, dates,
    orders, tickets...), so the page lists it once under "Not covered by these data". Every public method runs
    inside :func:`insight.plots.style`, so its charts take the report's style.

    Attributes
    ----------
    source : insight.report.sources.SurveySource
        The survey and its roles (:func:`insight.report.sources.survey_source`).
    survey : pandas.DataFrame
        The answers as checked (:func:`insight.data.cleaning.check_survey`), every rating on its own scale.
    scores : pandas.DataFrame
        The headline scores in words, one row per score: the estimate and its 95% interval.
    score_text : str
        The headline scores in a sentence.
    drivers : insight.models.satisfaction.KeyDrivers or None
        The key drivers of the overall score; None with fewer than two driver columns.
    touchpoints : insight.models.satisfaction.Touchpoints or None
        The touchpoints' scores and importance; None when the survey declares none.
    recovery : insight.models.satisfaction.Recovery or None
        Retention after complaints by how they were handled; None without tickets and orders.
    params : dict, optional
        The settings of the order levels, service speed and complaints sections (``adjust``,
        ``late_tolerance_days``, ``exceed_days``, ``amaze_days``, ``response_target_hours``, ``fast_hours``,
        ``active_days``, ``repurchase_days``).
    seed : int, default 0
        Random seed (NPS bootstrap, comment themes); shown for simulated data.
    style : insight.style.Style, optional
        Language and currency of the report.
    adjustments : insight.models.satisfaction.Adjustments or None, optional
        The drivers under each scale-usage adjustment; None without drivers or for a two-answer overall score.
    actions : pandas.DataFrame or None, optional
        The priced actions (:func:`insight.retention.rank_actions` of ``opinion_actions``); None without a
        purchase log.
    comments : insight.report.sections.survey_comments.SurveyComments or None, optional
        The survey's free-text answers, read; None when not read.
    """

    source: object
    survey: pd.DataFrame
    scores: pd.DataFrame
    score_text: str
    drivers: sat.KeyDrivers | None                 # None with fewer than two driver columns
    touchpoints: sat.Touchpoints | None
    recovery: sat.Recovery | None
    params: dict = field(default_factory=dict)
    seed: int = 0
    style: Style = field(default_factory=Style)
    adjustments: sat.Adjustments | None = None    # the drivers under each scale-usage adjustment
    actions: pd.DataFrame | None = None            # insight.retention.rank_actions of opinion_actions (None: no log)
    comments: SurveyComments | None = None         # the survey's free-text answers read (None: not read)

    @property
    def labels(self) -> dict:
        return self.source.labels

    def _score_cols(self) -> dict:
        s = self.source
        return dict(nps_col=s.nps_col, csat_col=s.overall_col, scale=s.scale, buy_again_col=s.buy_again_col)

    def _say(self, message_id: str, **values) -> str:
        return self.style.say(message_id, **values)

    def _missing(self, what: str) -> list:
        return [show.not_covered(self._say(f"satisfaction.missing.{what}"),
                                 self._say(f"satisfaction.missing.{what}_needs"), style=self.style)]

    @property
    def share(self) -> bool:
        """Whether the overall score has two answers only (satisfied or not): it is then a share."""
        return two_point(self.source.scale)

    def _share_labels(self) -> dict:
        """The score tables' share column named by the top answer ("Share satisfied")."""
        s = self.source
        return {"top_share": self._say("satisfaction.share_column", top=top_answer(s.scale, (s.words or {}).get(
            s.overall_col)))} if self.share else {}

    def headline(self) -> show.Html:
        """The headline box: the scores, the largest recent change, what drives the overall score, complaint
        recovery and what the comments say, with the action (the focus touchpoint, else the priority aspects).

        Returns
        -------
        insight.report.display.Html
            The box (:func:`insight.report.display.headline`); findings the data do not give are left out.
        """
        st, tp, kd = self.style, self.touchpoints, self.drivers
        action = touchpoint_sentence(st, tp, self.labels) if tp else \
            priority_sentence(st, kd, self.adjustments, self.params["adjust"]) if kd is not None else ""
        return show.headline(self._say("satisfaction.title"), self.source.name, [
            self.score_text, self.change_sentence(), drivers_sentence(st, kd) if kd is not None else "",
            recovery_sentence(st, self.recovery) if self.recovery else "",
            self.comments.finding() if self.comments is not None else ""],
            action=action, simulated=self.source.simulated, seed=self.seed, style=st)

    def score_view(self) -> list:
        """The scores, and how the answers spread: one chart per scale (an overall score with two answers is its share,
        in the table).

        Returns
        -------
        list of insight.report.display.Html
            The score sentence, the score table, then one chart of the answers' distribution per rating scale.
        """
        s = self.source
        by_scale: dict = {}
        for c, sc in s.scales_of([s.overall_col] * (not self.share) + s.driver_cols).items():
            by_scale.setdefault(tuple(sc), []).append(c)
        n = len(self.survey)
        charts = [show.figure(ip.plot_rating_distribution(self.survey, cols, labels=self.labels, scale=sc,
                                                          style=self.style, ax=new_axes(8, 0.45 * len(cols) + 2)),
                              self._say("satisfaction.caption.ratings", n=n) if len(by_scale) == 1 and s.driver_cols
                              else self._say("satisfaction.caption.ratings_scale", n=n, low=sc[0], high=sc[1]))
                  for sc, cols in by_scale.items()]
        return [show.text(self.score_text), show.table(self.scores, style=self.style), *charts]

    def groups(self) -> list:
        """The scores by group (the source's ``group_col``) and whether the groups differ.

        Returns
        -------
        list of insight.report.display.Html
            The tests in words, the table of scores by group and, with an NPS column, its chart by group; without a
            group column, a "not covered" note.
        """
        s, st = self.source, self.style
        if not s.group_col:
            return self._missing("groups")
        by_group = sat.group_scores(self.survey, s.group_col, **self._score_cols())
        out = [show.text(tests_sentence(st, by_group)),
               show.table(by_group.table, index_label=st.label(s.group_col, self.labels), labels=self._share_labels(),
                          style=st)]
        if s.nps_col:
            out.append(show.figure(ip.plot_nps(by_group.table, style=st, ax=new_axes(7, 4)),
                                   self._say("satisfaction.caption.nps_group")))
        return out

    @functools.cached_property
    def quarters(self) -> pd.DataFrame | None:
        """Scores by quarter with whether the data cover each quarter in full (``complete``), or None without dates."""
        s = self.source
        if not s.date_col:
            return None
        return sat.quarterly(self.survey, s.date_col, calendar=self.style.calendar, **self._score_cols())

    def change_sentence(self) -> str:
        """The largest change of a score between the last two complete quarters, or that none is beyond noise.

        Returns
        -------
        str
            The sentence (:func:`change_sentence`); "" without dates or with fewer than two complete quarters.
        """
        return change_sentence(self.style, sat.largest_change(self.quarters, self.quarters["complete"])) \
            if self.quarters is not None else ""

    def trend(self) -> list:
        """The scores by quarter (in the report's calendar) and their largest recent change.

        Returns
        -------
        list of insight.report.display.Html
            The change in words, the table by quarter (with whether each quarter is complete) and, with an NPS
            column, its chart by quarter; without dates, a "not covered" note.
        """
        s, st = self.source, self.style
        if not s.date_col:
            return self._missing("trend")
        by_period = self.quarters
        out = [show.text(self.change_sentence()),
               show.table(by_period, index_label=self._say("satisfaction.index.quarter"), labels=self._share_labels(),
                          style=st),
               show.text(self._say("satisfaction.trend.note", n=MIN_PERIOD_ANSWERS))]
        scored = by_period.dropna(subset=["nps"]) if "nps" in by_period else by_period
        if s.nps_col and len(scored):   # a quarter with too few answers has no NPS to draw
            out.append(show.figure(ip.plot_nps(scored, style=st, ax=new_axes(7, 4)),
                                   self._say("satisfaction.caption.nps_quarter")))
        return out

    def driver_view(self) -> list:
        """What drives the overall score; with fewer than two driver columns, what the analysis needs.

        Returns
        -------
        list of insight.report.display.Html
            How much the drivers explain in words, the chart of their importance and the table of coefficients
            (``coefficient_table``); or a "not covered" note.
        """
        kd, st, drivers = self.drivers, self.style, self.source.driver_cols
        if kd is None:
            needs = self._say("satisfaction.missing.drivers_none") if not drivers else \
                self._say("satisfaction.missing.drivers_one", name=st.label(drivers[0], self.labels))
            return [show.not_covered(self._say("satisfaction.missing.drivers"), needs, style=st)]
        return [show.text(drivers_sentence(st, kd)),
                show.figure(ip.plot_drivers(kd, style=st, ax=new_axes(7, 0.4 * len(drivers) + 1.5)),
                            self._say("satisfaction.caption.drivers")),
                show.table(coefficient_table(kd, self.labels, share=self.share),
                           index_label=self._say("satisfaction.index.aspect_title"), style=st)]

    def priorities(self) -> list:
        """The importance-performance map; its quadrants are named only when a priority may be named. Nothing
        without a driver analysis (:meth:`driver_view` says why).

        Returns
        -------
        list of insight.report.display.Html
            The map with the priorities in words as its caption, and its table (with each aspect's quadrant when a
            priority may be named); empty without drivers.
        """
        kd, st, adjust = self.drivers, self.style, self.params["adjust"]
        if kd is None:
            return []
        named = priority_named(kd, self.adjustments, adjust)
        table = kd.map.table.rename(index=self.labels)
        return [show.figure(ip.plot_importance_performance(kd, quadrants=named, style=st, ax=new_axes(7, 5.5)),
                            priority_sentence(st, kd, self.adjustments, adjust)),
                show.table(table if named else table.drop(columns="quadrant"),
                           index_label=self._say("satisfaction.index.aspect"),
                           labels=category_names(st, "quadrant", sat.QUADRANTS.values()), style=st)]

    def scale_use(self) -> list:
        """Whether the drivers' ranking survives removing each respondent's scale use; left out without a driver
        analysis, and not covered for an outcome with two answers (a share has no scale use to remove).

        Returns
        -------
        list of insight.report.display.Html
            The comparison in words and its table (share, rank and direction per adjustment); or a note that the
            section is left out or not covered.
        """
        st = self.style
        if self.drivers is None:
            return [show.omit(self._say("satisfaction.missing.scale_use"))]
        if self.adjustments is None:
            return self._missing("scale_use")
        comp = sat.Adjustments(self.adjustments.table.rename(index=self.labels), self.adjustments.r2)
        shown = comp.table.copy()
        shown.columns = [adjustment_column(st, adjust, measure) for adjust, measure in shown.columns]
        return [show.text(adjustment_sentence(st, comp, self.params["adjust"])),
                show.table(shown, index_label=self._say("satisfaction.index.aspect"), style=st,
                           percent=[c for c, (_, m) in zip(shown.columns, comp.table.columns) if m == "share"])]

    def levels(self) -> list:
        """The four levels of satisfaction of the orders (below expectations, meet, exceed, delight, amaze: from the
        promised and delivered dates and unpromised extras), with the repurchase rate and survey scores per level.

        Returns
        -------
        list of insight.report.display.Html
            The chart of the levels with the counts in words, and the table per level
            (:func:`insight.models.satisfaction.order_levels`); without orders, a "not covered" note.
        """
        s, p, st = self.source, self.params, self.style
        if s.orders is None:
            return self._missing("levels")
        lv = sat.order_levels(s.orders, self.survey, s.order_col, nps_col=s.nps_col, csat_col=s.overall_col,
                              scale=s.scale, **{k: p[k] for k in ("late_tolerance_days", "exceed_days",
                                                                  "amaze_days", "repurchase_days") if k in p})
        return [show.figure(ip.plot_levels(lv.levels, style=st, ax=new_axes(7, 3.5)), levels_sentence(st, lv)),
                show.table(lv.table, index_label=self._say("satisfaction.index.level"),
                           labels=category_names(st, "level", sat.LEVELS), style=st)]

    def speed(self) -> list:
        """How fast support answers and resolves, per channel, against the targets (``response_target_hours``,
        ``fast_hours``), and, when tickets carry a rating, how ratings fall with the time to first response.

        Returns
        -------
        list of insight.report.display.Html
            The table of response times per channel, their chart and, with a ``csat`` column in the tickets, the
            ratings by response time in words and as a table; without tickets, a "not covered" note.
        """
        s, st, target = self.source, self.style, self.params.get("response_target_hours", 24.0)
        if s.tickets is None:
            return self._missing("speed")
        out = [show.table(sat.response_times(s.tickets, target_hours=target,
                                             resolution_target_hours=self.params.get("fast_hours", 48.0)),
                          index_label=self._say("satisfaction.index.channel"), style=st),
               show.figure(ip.plot_response_times(s.tickets, target_hours=target, style=st, ax=new_axes(7, 4)),
                           self._say("satisfaction.speed.caption", hours=hours(st, target)))]
        if "csat" in s.tickets:
            speed = sat.speed_vs_satisfaction(s.tickets, time_col="hours_to_first_response", score_col="csat")
            out += [show.text(speed_sentence(st, speed)),
                    show.table(speed_table(st, speed), index_label=self._say("satisfaction.index.first_response"),
                               style=st)]
        return out

    def complaints(self) -> list:
        """Complaint rates per category and channel among the recently active customers (ordered within
        ``active_days``), and their retention by how complaints were handled (the service-recovery claim).

        Returns
        -------
        list of insight.report.display.Html
            The complaint rates by category and by channel, the recovery chart with its sentence, and its table;
            without tickets and orders, a "not covered" note.
        """
        s, st = self.source, self.style
        if self.recovery is None:
            return self._missing("complaints")
        n = len(sat.recently_active(s.orders, days=self.params.get("active_days", 180)))
        return [show.table(sat.complaint_rates(s.tickets, n, by="category"),
                           index_label=self._say("satisfaction.index.category"), style=st),
                show.table(sat.complaint_rates(s.tickets, n, by="channel"),
                           index_label=self._say("satisfaction.index.channel"), style=st),
                show.figure(ip.plot_recovery(self.recovery, style=st, ax=new_axes(7, 4)),
                            recovery_sentence(st, self.recovery)),
                show.table(self.recovery.table, index_label=self._say("satisfaction.index.after_complaint"),
                           labels=category_names(st, "recovery", sat.RECOVERY_GROUPS), style=st)]

    def what_to_do(self) -> list:
        """The actions these data price, on one footing with the overview's (needs a purchase log of the same
        customers for what a customer is worth).

        Returns
        -------
        list of insight.report.display.Html
            The actions' table, each action in words and the one to take first
            (``actions_view``); without a log or any action priced, a "not
            covered" note.
        """
        if self.actions is None or not len(self.actions):
            return self._missing("actions_log" if self.actions is None else "actions")
        return actions_view(self.style, self.actions)

    def comment_themes(self) -> list:
        """What respondents write: the themes of the survey's comments with quotes
        (:meth:`~insight.report.sections.survey_comments.SurveyComments.themes_view`).

        Returns
        -------
        list of insight.report.display.Html
            What the comments' themes view shows; a note that the section is left out when the comments were not
            read.
        """
        return self.comments.themes_view() if self.comments is not None else \
            [show.omit(self._say("satisfaction.comments.section"))]

    def comment_scores(self) -> list:
        """Which themes detractors talk about: per theme the mean score of its writers against the other commenters
        (:meth:`~insight.report.sections.survey_comments.SurveyComments.scores_view`).

        Returns
        -------
        list of insight.report.display.Html
            What the comments' scores view shows; a note that the section is left out when the comments were not
            read.
        """
        return self.comments.scores_view() if self.comments is not None else \
            [show.omit(self._say("satisfaction.comments.scores_section"))]

    def touchpoint_view(self) -> list:
        """The touchpoints' scores and how much each relates to the loyalty question (NPS, else the overall score),
        by stage of the customer journey, with the one to focus on.

        Returns
        -------
        list of insight.report.display.Html
            The touchpoint chart with the focus in words, the table by stage and the table by touchpoint; without
            touchpoints, a "not covered" note.
        """
        tp, st = self.touchpoints, self.style
        if tp is None:
            return self._missing("touchpoints")
        return [show.figure(ip.plot_touchpoints(tp, labels=self.labels, style=st, ax=new_axes(7, 5)),
                            touchpoint_sentence(st, tp, self.labels)),
                show.table(tp.stages, index_label=self._say("satisfaction.index.stage"), style=st),
                show.table(tp.table.rename(index=self.labels), index_label=self._say("satisfaction.index.touchpoint"),
                           style=st)]


def survey_answers(source) -> tuple[pd.DataFrame, dict]:
    """A :class:`~insight.report.sources.SurveySource`'s answers checked, the overall score and every driver on its
    own scale, and those scales (column -> (low, high)). The satisfaction report and the overview both read them so."""
    from ...data.cleaning import check_survey

    scales = source.scales_of([source.overall_col, *source.driver_cols])
    return check_survey(source.surveys, list(scales), scale=scales, name=source.name), scales


def driver_method(source) -> str:
    """LMG relative importance for up to 15 drivers, Johnson's relative weights beyond (LMG's cost doubles with
    each driver)."""
    return "lmg" if len(source.driver_cols) <= 15 else "johnson"


def survey_drivers(source, survey: pd.DataFrame, scales: dict, **kwargs) -> sat.KeyDrivers | None:
    """The key drivers of the overall score (:func:`~insight.models.satisfaction.key_drivers`, ``kwargs`` to it);
    None with fewer than two drivers: one aspect alone ranks nothing."""
    if len(source.driver_cols) < 2:
        return None
    return sat.key_drivers(survey, source.overall_col, source.driver_cols, scale=scales, labels=source.labels,
                           method=driver_method(source), **kwargs)


def survey_touchpoints(source, survey: pd.DataFrame) -> sat.Touchpoints | None:
    """The touchpoints' scores and importance for the loyalty question (NPS when there is one, else the overall
    score), each touchpoint on its own scale; None when the survey declares none."""
    if not source.touchpoints:
        return None
    return sat.touchpoints(survey, source.touchpoints, outcome=source.nps_col or source.overall_col,
                           outcome_scale=(0, 10) if source.nps_col else source.scale,
                           scale=source.scales_of(source.touchpoints))


@checked(adjust=Choice(("center", "standardize")), late_tolerance_days=Number(0, integer=True),
         exceed_days=Number(1, integer=True), amaze_days=Number(1, integer=True), response_target_hours=Number(0, above=True),
         fast_hours=Number(0, above=True), active_days=Number(1, integer=True), repurchase_days=Number(1, integer=True),
         seed=Number(0, integer=True), margin=Number(0, 1), horizon=Number(0, above=True), discount_rate=Number(0, 1),
         p_alive_threshold=Number(0, 1), touchpoint_cost=Number(-1), resolution_cost=Number(-1),
         currency=CURRENCY, language=LANGUAGE, calendar=CALENDAR)
def satisfaction_report(source, *, adjust: str = "center", late_tolerance_days: int = 0, exceed_days: int = 1,
                        amaze_days: int = 1, response_target_hours: float = 24.0, fast_hours: float = 48.0,
                        active_days: int = 180, repurchase_days: int = 90, seed: int = 0, margin: float = 0.3,
                        horizon: float = 52.0, discount_rate: float = 0.01, p_alive_threshold: float = 0.5,
                        touchpoint_cost: float = -1.0, resolution_cost: float = -1.0, currency: str = "USD",
                        language: str = "en", calendar: str = "") -> SatisfactionReport:
    """Scores, drivers, touchpoints and complaint recovery of a :class:`~insight.report.sources.SurveySource`.

    With a purchase log of the same customers (the source's ``log``), the actions they price
    (``opinion_actions``) are valued as the overview values them: what a customer brings from the log
    (:func:`insight.report.sources.log_economics` with ``horizon`` in weeks, ``margin``, ``discount_rate`` and
    ``p_alive_threshold``), the cost of improving a touchpoint or of resolving complaints fast over the horizon
    when known (-1: not known, the break-even cost is shown). The survey's comments (the source's ``text_col``) are read
    as themes with the scores of their writers (:func:`~insight.report.sections.survey_comments.survey_comments`).

    Parameters
    ----------
    source : insight.report.sources.SurveySource
        The survey and its roles (:func:`insight.report.sources.survey_source`).
    adjust : {"center", "standardize"}, default "center"
        The scale-usage adjustment the drivers' ranking must survive for priorities to be named.
    late_tolerance_days : int, default 0
        Days late still counted as on time, for the order levels (>= 0).
    exceed_days, amaze_days : int, default 1
        Days early needed for "exceed", and for "amaze" with an unpromised extra (>= 1).
    response_target_hours : float, default 24.0
        Target for the first response to a ticket, in hours (> 0).
    fast_hours : float, default 48.0
        A complaint resolved within this many hours counts as resolved fast; also the resolution target (> 0).
    active_days : int, default 180
        A customer who ordered within this many days of the last order counts as retained (>= 1).
    repurchase_days : int, default 90
        The repurchase window of the order levels, in days (>= 1).
    seed : int, default 0
        Random seed of the NPS bootstrap and of the comments' themes.
    margin : float, default 0.3
        Share of spend that is profit (0 to 1), for pricing the actions.
    horizon : float, default 52.0
        Valuation horizon of the purchase log, in weeks (> 0).
    discount_rate : float, default 0.01
        Discount rate per month (0 to 1).
    p_alive_threshold : float, default 0.5
        A customer below this probability of being active counts as having left (0 to 1).
    touchpoint_cost, resolution_cost : float, default -1.0
        Cost of improving the focus touchpoint, and of resolving complaints fast, over the horizon (currency
        units); a negative value means not known, and the break-even cost is shown instead.
    currency : str, default "USD"
        Currency of the report (ISO 4217 code, or an Iranian unit).
    language : str, default "en"
        Language of the report.
    calendar : str, default ""
        Calendar of the report's dates, months and quarters: "gregorian" or "jalali" (Solar Hijri); "" = the
        language's own (Solar Hijri in Persian).

    Returns
    -------
    SatisfactionReport
        The report's results, whose methods give its sections.

    Raises
    ------
    insight.exceptions.DataValidationError
        When a parameter breaks its rule (:func:`insight.report.params.checked`), or the survey's answers fail
        their checks (:func:`insight.data.cleaning.check_survey`).

    Examples
    --------
    >>> from insight.report.sources import survey_source
    >>> report = satisfaction_report(survey_source("yellow_pages"))
    >>> print(report.score_text)
    Overall satisfaction averages **6.07** on a 1-10 scale (95% interval 5.95 to 6.18); 17% give one of the top two
    answers.
    >>> report.drivers is not None, report.touchpoints is None, report.recovery is None
    (True, True, True)
    """

    st = Style(language=language, currency=currency, calendar=calendar)
    s = source
    survey, scales = survey_answers(s)
    scores, text = score_table(st, survey, s.overall_col, s.scale, nps_col=s.nps_col, buy_again_col=s.buy_again_col,
                               labels=s.labels, seed=seed, words=(s.words or {}).get(s.overall_col))
    kd = survey_drivers(s, survey, scales)
    adjustments = None
    if kd is not None and not two_point(s.scale):    # a share has no scale use to remove
        adjustments = sat.compare_adjustments(survey, s.overall_col, s.driver_cols, scale=scales,
                                              method=driver_method(s))
    tp = survey_touchpoints(s, survey)
    recovery = sat.complaint_recovery(sat.recently_active(s.orders, days=active_days), s.tickets,
                                      fast_hours=fast_hours) if s.tickets is not None and s.orders is not None else None
    params = dict(adjust=adjust, late_tolerance_days=late_tolerance_days, exceed_days=exceed_days,
                  amaze_days=amaze_days, response_target_hours=response_target_hours, fast_hours=fast_hours,
                  active_days=active_days, repurchase_days=repurchase_days)
    actions = None
    if s.log is not None:
        from .. import sources

        econ = sources.log_economics(s.log, horizon=horizon, discount_rate=discount_rate, margin=margin,
                                     p_alive_threshold=p_alive_threshold)
        actions = rt.rank_actions(opinion_actions(
            s, tp, recovery, customers=econ.active, annual_margin=econ.annual_margin, years=econ.years,
            months=econ.months, discount_rate=discount_rate,
            touchpoint_cost=None if touchpoint_cost < 0 else touchpoint_cost,
            resolution_cost=None if resolution_cost < 0 else resolution_cost))
    comments = survey_comments(s, survey, style=st, seed=seed)
    return SatisfactionReport(s, survey, scores, text, kd, tp, recovery, params, seed, st, adjustments, actions,
                              comments)
