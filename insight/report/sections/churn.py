"""The churn report: who is leaving, when, and why; whom a retention offer pays for."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from ... import features as ft
from ... import plots as ip
from ... import retention as rt
from ...exceptions import DataValidationError
from ...formats import money, percent
from ...models import churn as ch
from ...models import survival as sv
from .. import display as show
from .. import sources
from ._common import cohort_view, new_axes, styled

__all__ = ["ChurnReport", "churn_report"]


# --------------------------------------------------------------------------- churn
@styled
@dataclass
class ChurnReport:
    source: object
    model: ch.ChurnModel
    plan: rt.ProfitCurve
    importance: pd.DataFrame
    odds: ch.OddsRatios
    curves: dict | None
    test: dict | None
    currency: str
    duration_unit: str
    top_n: int
    seed: int
    margin: float = 0.3
    discount_rate: float = 0.01
    lifetime: object = None          # (ShiftedBetaGeometric, Intervals) of the current subscribers, or None

    def value_sentence(self) -> str:
        if self.lifetime is None:
            return ""
        m, v = self.lifetime
        return (f"The {len(v.per_customer):,} current customers are worth "
                f"**{money(v.total['estimate'], self.currency)}** "
                f"({v.level:.0%} interval {money(v.total['low'], self.currency)} to "
                f"{money(v.total['high'], self.currency)}): a new customer stays "
                f"{m.expected_remaining_lifetime(0, self.discount_rate):.0f} {self.duration_unit} (discounted), one "
                f"who has stayed 24 {self.duration_unit} another "
                f"{m.expected_remaining_lifetime(24, self.discount_rate):.0f}.")

    def headline(self) -> show.Html:
        s = self.source
        return show.headline("Churn", s.name, [
            self.model.rate_sentence(), self.model.drivers_sentence(self.importance, self.odds),
            sv.survival_sentence(self.curves, self.test, s.group_col, s.duration_col) if self.curves else "",
            self.value_sentence(), self.model.sentence()], action=self.plan.sentence(self.currency),
            assumptions=self.plan.assumptions(self.currency), simulated=s.simulated, seed=self.seed)

    def how_many(self) -> list:
        cleaning = self.source.cleaning
        return [show.text(self.model.rate_sentence())] + ([cleaning] if cleaning is not None else [])

    def retention_curves(self) -> list:
        s = self.source
        if not self.curves:
            return [show.not_covered("Retention over time", "a duration column (time with the company) and a group "
                                     "column")]
        return [show.figure(ip.plot_km(self.curves, time_unit=self.duration_unit, ax=new_axes(7.5, 4.5)),
                            sv.survival_sentence(self.curves, self.test, s.group_col, s.duration_col))]

    def model_quality(self) -> list:
        m = self.model
        gain = m.lift_table()["cumulative_gain"]
        return [show.text(m.sentence()), show.table(m.comparison_table()),
                show.figure(ip.plot_roc(m, ax=new_axes(6.5)), "The further the curve bends to the top left, the better the "
                            "model separates leavers from stayers; the diagonal is guessing."),
                show.figure(ip.plot_lift(m, ax=new_axes(6.5)), f"Cumulative gain: contacting the riskiest 20% of customers "
                            f"first reaches {percent(gain.iloc[1])} of all leavers."),
                show.figure(ip.plot_calibration(m, ax=new_axes(6.5)), "Calibration: among customers given a 30% churn "
                            "probability, about 30% should leave; points on the diagonal mean the probabilities can "
                            "be taken at face value."),
                show.table(m.lift_table(), percent=["mean_predicted"], index_label="tenth",
                           caption="Held-out customers by tenth of predicted risk (1 = riskiest): lift is the churn "
                           "rate of the tenth divided by the overall churn rate.")]

    def drivers(self) -> list:
        sig = self.odds.table[self.odds.table["p_value"] < 0.05]
        return [show.text(self.model.drivers_sentence(self.importance, self.odds)),
                show.text(self.model.duration_note(self.source.duration_col)),
                show.figure(ip.plot_importance(self.importance, ax=new_axes()), "What the model relies on: the drop in "
                            "held-out ROC AUC when each column is shuffled."),
                show.figure(ip.plot_forest(sig, value_col="odds_ratio", ax=new_axes(7, max(3, 0.35 * len(sig)))),
                            f"The {len(sig)} significant odds ratios: right of 1x raises the odds of leaving, left "
                            "of 1x lowers them."),
                show.table(self.odds.table.set_index("label")[["odds_ratio", "ci_low", "ci_high", "p_value"]],
                           index_label="term")]

    def hazards(self) -> list:
        s = self.source
        if not s.duration_col:
            return [show.not_covered("Hazard ratios (Cox model)", "a duration column (time with the company)")]
        with warnings.catch_warnings():   # the verdict says in words which effects change over time
            warnings.simplefilter("ignore")
            cox = sv.cox_model(s.table, s.duration_col, s.target_col,
                               sv.cox_covariates(s.table, self.importance, s.duration_col), positive=s.positive)
        hr = cox.hazard_ratios
        return [show.figure(ip.plot_forest(hr, ax=new_axes(7, max(3, 0.4 * len(hr)))), cox.verdict()),
                show.table(hr.join(cox.ph_test.add_prefix("PH check ")).set_index("label")[
                    ["hazard_ratio", "ci_low", "ci_high", "p_value", "PH check p_value"]], index_label="term")]

    def cohorts(self) -> list:
        s = self.source
        if not (s.start_col and s.duration_col):
            return [show.not_covered("Retention by start cohort", "a start date column and a duration column "
                                     "(time with the company)")]
        try:
            c = ft.subscription_cohorts(s.table, s.start_col, duration_col=s.duration_col, churned=self.model.y_,
                                        duration_unit=self.duration_unit)
        except DataValidationError as exc:   # e.g. start dates missing in some rows: say which, show no cohorts
            return [show.not_covered("Retention by start cohort", f"a start date and a duration for every "
                                     f"customer ({exc})")]
        return cohort_view(c)

    def _by_customer(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows indexed like the churn table, re-indexed by the customer id column when there is one."""
        s = self.source
        return frame.set_axis(pd.Index(s.table.loc[frame.index, s.id_col], name="customer")) if s.id_col else frame

    def subscriber_value(self) -> list:
        s = self.source
        if self.lifetime is None:
            return [show.not_covered("What a subscriber is worth", "a duration column (time with the company) and a "
                                     "value column (value per period)")]
        m, v = self.lifetime
        km = sv.kaplan_meier(s.table, s.duration_col, s.target_col, positive=s.positive)["all"].table
        horizon = int(max(km["time"].max() * 2, 24))
        rounded = (f" {m.rounded_:,} times with the company were rounded down to whole {self.duration_unit}."
                   if m.rounded_ else "")
        return [show.text(self.value_sentence() + rounded + f" Assumes: a {percent(self.margin)} margin on "
                          f"{show.label(s.value_col).lower()}, discounted at {percent(self.discount_rate, 1)} a "
                          f"{self.duration_unit.rstrip('s')}; the shifted-beta-geometric model ({m.describe()})"),
                show.figure(ip.plot_retention_projection(km, m, horizon, time_unit=self.duration_unit, ax=new_axes()),
                            "Observed retention and the model's curve, projected beyond the data: cancellation "
                            "chances differ between customers, so the loyal ones remain and retention flattens."),
                show.table(self._by_customer(v.per_customer).sort_values("estimate", ascending=False).head(self.top_n),
                           money=["estimate", "low", "high"], currency=self.currency, ids=True,
                           index_label="customer", caption=f"The {self.top_n} most valuable current customers, with "
                           f"{v.level:.0%} intervals.")]

    def offers(self) -> list:
        p, cur = self.plan, self.currency
        top = p.table.head(self.top_n).set_index("customer")
        return [show.text(p.sentence(cur) + " " + p.assumptions(cur)),
                show.figure(ip.plot_profit(p, currency=cur, ax=new_axes(7, 4.2)), "Expected profit rises while each "
                            f"further contact is worth more than it costs; it peaks at {p.best_k:,} contacts."),
                show.table(top[["churn_probability", "expected_profit"]], money=["expected_profit"], currency=cur,
                           ids=True, index_label="customer",
                           caption=f"The {len(top)} current customers most worth an offer."),
                show.csv_download(p.table.set_index("customer").head(p.best_k)[["churn_probability",
                                                                                "expected_profit"]],
                                  "retention_list.csv")]


def churn_report(source, *, model: str = "auto", n_splits: int = 5, value_periods: float = 12.0,
                 margin: float = 0.3, offer_cost: float = 20.0, success_rate: float = 0.3,
                 acquisition_multiple: float = 5.0, currency: str = "USD", duration_unit: str = "months",
                 discount_rate: float = 0.01, top_n: int = 20, seed: int = 0) -> ChurnReport:
    """Fit the churn model on a :class:`~insight.report.sources.ChurnSource` and plan the retention offers."""
    show.money(0, currency)   # checks the currency code before any model runs
    table = source.table
    m = sources.source_model(source, model=model, n_splits=n_splits, random_state=seed).fit(table)
    lifetime, plan = sources.subscriber_plan(source, m, value_periods=value_periods, margin=margin, offer_cost=offer_cost,
                                        success_rate=success_rate, acquisition_multiple=acquisition_multiple,
                                        discount_rate=discount_rate, seed=seed, unit=duration_unit)
    curves = test = None
    if source.duration_col and source.group_col:
        curves = sv.kaplan_meier(table, source.duration_col, source.target_col, source.group_col,
                                 positive=source.positive)
        test = sv.logrank(table, source.duration_col, source.target_col, source.group_col, positive=source.positive)
    return ChurnReport(source, m, plan, m.permutation_importance(), m.odds_ratios(), curves, test, currency,
                       duration_unit, top_n, seed, margin, discount_rate, lifetime)
