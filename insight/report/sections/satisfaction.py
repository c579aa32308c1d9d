"""The satisfaction report: how satisfied are customers, what drives it, and where should we act?"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ... import plots as ip
from ...models import satisfaction as sat
from .. import display as show
from ._common import new_axes, styled

__all__ = ["SatisfactionReport", "satisfaction_report"]


# --------------------------------------------------------------------------- satisfaction
@styled
@dataclass
class SatisfactionReport:
    source: object
    survey: pd.DataFrame
    scores: pd.DataFrame
    score_text: str
    drivers: sat.KeyDrivers
    touchpoints: sat.Touchpoints | None
    recovery: sat.Recovery | None
    params: dict = field(default_factory=dict)
    seed: int = 0

    @property
    def labels(self) -> dict:
        return self.source.labels

    def _score_cols(self) -> dict:
        s = self.source
        return dict(nps_col=s.nps_col, csat_col=s.overall_col, scale=s.scale, buy_again_col=s.buy_again_col)

    def headline(self) -> show.Html:
        tp, kd = self.touchpoints, self.drivers
        return show.headline("Satisfaction", self.source.name, [
            self.score_text, kd.sentence(), self.recovery.sentence() if self.recovery else ""],
            action=tp.sentence(self.labels) if tp else kd.priority_sentence(), simulated=self.source.simulated,
            seed=self.seed)

    def score_view(self) -> list:
        s = self.source
        cols = [s.overall_col, *s.driver_cols]
        return [show.text(self.score_text), show.table(self.scores),
                show.figure(ip.plot_rating_distribution(self.survey, cols, labels=self.labels, scale=s.scale,
                                                        ax=new_axes(8, 0.45 * len(s.driver_cols) + 2)),
                            f"How {len(self.survey):,} respondents' answers spread over the scale, for the overall "
                            "score and each aspect.")]

    def groups(self) -> list:
        s = self.source
        if not s.group_col:
            return [show.not_covered("Scores by group", "a column that groups respondents (group_col)")]
        by_group = sat.group_scores(self.survey, s.group_col, **self._score_cols())
        out = [show.text(sat.tests_sentence(by_group)), show.table(by_group.table, index_label=show.label(s.group_col,
                                                                                                   self.labels))]
        if s.nps_col:
            out.append(show.figure(ip.plot_nps(by_group.table, ax=new_axes(7, 4)), "NPS by group with 95% intervals."))
        return out

    def trend(self) -> list:
        s = self.source
        if not s.date_col:
            return [show.not_covered("Scores over time", "the date of each answer (date_col)")]
        by_period = sat.trend(self.survey, s.date_col, freq="Q", **self._score_cols()).table
        out = [show.table(by_period, index_label="quarter")]
        if s.nps_col:
            out.append(show.figure(ip.plot_nps(by_period, ax=new_axes(7, 4)), "NPS by quarter with 95% intervals."))
        return out

    def driver_view(self) -> list:
        kd = self.drivers
        return [show.text(kd.sentence()),
                show.figure(ip.plot_drivers(kd, ax=new_axes(7, 0.4 * len(self.source.driver_cols) + 1.5)),
                            "Each aspect's share of the explained variance of overall satisfaction, with 95% "
                            "bootstrap intervals."),
                show.table(kd.coefficient_table(self.labels))]

    def priorities(self) -> list:
        kd = self.drivers
        return [show.figure(ip.plot_importance_performance(kd, ax=new_axes(7, 5.5)), kd.priority_sentence()),
                show.table(kd.map.table.rename(index=self.labels), index_label="aspect")]

    def scale_use(self) -> list:
        s = self.source
        comp = sat.compare_adjustments(self.survey, s.overall_col, s.driver_cols, scale=s.scale, labels=self.labels)
        return [show.text(sat.adjustment_sentence(comp, self.params.get("adjust", "center"))),
                show.table(comp.table, index_label="aspect")]

    def levels(self) -> list:
        s, p = self.source, self.params
        if s.orders is None:
            return [show.not_covered("Four levels of satisfaction", "orders with promised and delivered dates "
                                     "(orders_path)")]
        lv = sat.order_levels(s.orders, self.survey, s.order_col, nps_col=s.nps_col, csat_col=s.overall_col,
                              scale=s.scale, **{k: p[k] for k in ("late_tolerance_days", "exceed_days",
                                                                  "amaze_days", "repurchase_days") if k in p})
        return [show.figure(ip.plot_levels(lv.levels, ax=new_axes(7, 3.5)), lv.sentence()),
                show.table(lv.table, index_label="level")]

    def speed(self) -> list:
        s, target = self.source, self.params.get("response_target_hours", 24.0)
        if s.tickets is None:
            return [show.not_covered("Service speed", "support tickets with response times (tickets_path)")]
        out = [show.table(sat.response_times(s.tickets, target_hours=target,
                                             resolution_target_hours=self.params.get("fast_hours", 48.0)),
                          index_label="channel"),
               show.figure(ip.plot_response_times(s.tickets, target_hours=target, ax=new_axes(7, 4)),
                           f"Share of contacts answered within a given number of hours, by channel (dashed: the "
                           f"{target:g} h target).")]
        if "csat" in s.tickets:
            speed = sat.speed_vs_satisfaction(s.tickets, time_col="hours_to_first_response", score_col="csat")
            out += [show.text(sat.speed_sentence(speed)), show.table(speed.table, index_label="first response")]
        return out

    def complaints(self) -> list:
        s = self.source
        if self.recovery is None:
            return [show.not_covered("Complaints and recovery", "support tickets and orders (tickets_path, "
                                     "orders_path)")]
        n = len(sat.recently_active(s.orders, days=self.params.get("active_days", 180)))
        return [show.table(sat.complaint_rates(s.tickets, n, by="category"), index_label="category"),
                show.table(sat.complaint_rates(s.tickets, n, by="channel"), index_label="channel"),
                show.figure(ip.plot_recovery(self.recovery, ax=new_axes(7, 4)), self.recovery.sentence()),
                show.table(self.recovery.table, index_label="after a complaint")]

    def touchpoint_view(self) -> list:
        tp = self.touchpoints
        if tp is None:
            return [show.not_covered("Touchpoints", "satisfaction scores per touchpoint")]
        return [show.figure(ip.plot_touchpoints(tp, labels=self.labels, ax=new_axes(7, 5)), tp.sentence(self.labels)),
                show.table(tp.stages, index_label="stage"),
                show.table(tp.table.rename(index=self.labels), index_label="touchpoint")]


def satisfaction_report(source, *, adjust: str = "center", late_tolerance_days: int = 0, exceed_days: int = 1,
                        amaze_days: int = 1, response_target_hours: float = 24.0, fast_hours: float = 48.0,
                        active_days: int = 180, repurchase_days: int = 90, seed: int = 0) -> SatisfactionReport:
    """Scores, drivers, touchpoints and complaint recovery of a :class:`~insight.report.sources.SurveySource`."""
    from ...validate import check_in, check_param
    from ...data.cleaning import check_survey

    check_in("adjust", adjust, ["center", "standardize"])
    for name, value in [("late_tolerance_days", late_tolerance_days), ("exceed_days", exceed_days),
                        ("amaze_days", amaze_days), ("active_days", active_days),
                        ("repurchase_days", repurchase_days)]:
        check_param(name, value, int, min_val=0 if name == "late_tolerance_days" else 1)
    for name, value in [("response_target_hours", response_target_hours), ("fast_hours", fast_hours)]:
        check_param(name, value, float, min_val=0, include_min=False)
    s = source
    survey = check_survey(s.surveys, [s.overall_col, *s.driver_cols], scale=s.scale, name=s.name)
    scores, text = sat.score_table(survey, s.overall_col, s.scale, nps_col=s.nps_col, buy_again_col=s.buy_again_col,
                                   labels=s.labels, seed=seed)
    kd = sat.key_drivers(survey, s.overall_col, s.driver_cols, scale=s.scale, labels=s.labels)
    tp = sat.touchpoints(survey, s.touchpoints, outcome=s.nps_col or s.overall_col,
                         outcome_scale=(0, 10) if s.nps_col else s.scale,
                         scale=s.touchpoint_scale) if s.touchpoints else None
    recovery = sat.complaint_recovery(sat.recently_active(s.orders, days=active_days), s.tickets,
                                      fast_hours=fast_hours) if s.tickets is not None and s.orders is not None else None
    params = dict(adjust=adjust, late_tolerance_days=late_tolerance_days, exceed_days=exceed_days,
                  amaze_days=amaze_days, response_target_hours=response_target_hours, fast_hours=fast_hours,
                  active_days=active_days, repurchase_days=repurchase_days)
    return SatisfactionReport(s, survey, scores, text, kd, tp, recovery, params, seed)
