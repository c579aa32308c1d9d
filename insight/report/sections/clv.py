"""The customer-value report: is each customer still active, how much will they buy, and what are they worth?"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import features as ft
from ... import plots as ip
from ... import retention as rt
from ...exceptions import ConvergenceWarning, DataValidationError
from ...formats import money
from ...models import clv
from ...models import segments as seg
from ...models.clv import goodness as gof
from .. import display as show
from .. import sources
from ._common import cohort_view, new_axes, styled

__all__ = ["CLVReport", "clv_report"]


# --------------------------------------------------------------------------- CLV
@styled
@dataclass
class CLVReport:
    source: object
    holdout_split: clv.CalibrationHoldout
    count_model: object
    spend_model: object
    check: clv.HoldoutCheck
    worth: clv.CustomerValues
    full: pd.DataFrame
    count_full: object
    win_back: rt.Action
    time_unit: str
    currency: str
    top_n: int
    seed: int
    model_name: str = "bgnbd"
    value_range: object = None       # insight.models.clv.intervals.Intervals of the CLV, or the reason there is none

    def value_range_sentence(self) -> str:
        v = self.value_range
        if v is None or not self.worth.trusted:
            return ""
        if isinstance(v, str):
            return f"No range for the total is given: {v}"
        return (f"Allowing for the uncertainty of the estimates, the total is {money(v.total['low'], self.currency)} "
                f"to {money(v.total['high'], self.currency)} ({v.level:.0%} interval).")

    def headline(self) -> show.Html:
        w, cur = self.worth, self.currency
        return show.headline("Customer lifetime value", self.source.name, [
            " ".join(x for x in (w.sentence(cur), self.value_range_sentence()) if x), self.check.sentence(),
            w.loyal_sentence(currency=cur) if w.trusted else ""],
            action=f"{self.win_back.action}: expected value **{money(self.win_back.expected_value, cur)}**."
            if w.trusted else "", assumptions=self.win_back.basis + ". " + w.assumptions(cur),
            simulated=self.source.simulated, seed=self.seed)

    @property
    def calibration(self) -> pd.DataFrame:
        """The calibration summary the models were fitted on (with the holdout purchases)."""
        return self.holdout_split.table

    def split(self) -> list:
        c = self.holdout_split
        return [show.text(f"Calibration up to {c.calibration_end:%Y-%m-%d}, holdout up to "
                          f"{c.holdout_end:%Y-%m-%d}. " + clv.describe_split(c)), c.cleaning]

    def holdout(self) -> list:
        s, c = self.source, self.calibration
        draws = None
        if self.count_model.diagnostics_.ok:
            from ...models.clv.intervals import parameter_draws

            try:
                draws = parameter_draws(self.count_model, 200, self.seed)
            except DataValidationError:
                draws = None
        track = clv.tracking(self.count_model, s.transactions, s.customer_col, s.date_col, s.amount_col,
                             calibration_end=self.holdout_split.calibration_end, holdout_end=self.holdout_split.holdout_end,
                             time_unit=self.time_unit, draws=draws)
        return [show.text(self.check.sentence()), show.table(self.check.table),
                show.figure(ip.plot_tracking(track, time_unit=self.time_unit, ax=new_axes(7, 4.2)),
                            clv.tracking_sentence(track)),
                show.figure(ip.plot_holdout_by_frequency(self.count_model, c, ax=new_axes(7, 4.2)),
                            "Mean holdout purchases by number of repeat purchases in calibration: what customers did "
                            "(solid) against the model (dashed).")]

    def values(self) -> list:
        w, cur = self.worth, self.currency
        if not w.trusted:
            return [show.not_covered("Who is still active, and what are they worth",
                                     "a purchase model that can tell when customers leave: " + w.reason)]
        t_show = float(self.full["T"].quantile(0.9))
        return [show.text(" ".join([w.sentence(cur), self.value_range_sentence(), w.assumptions(cur)])),
                show.figure(ip.plot_frequency_recency(self.count_full, t_show, what="p_alive", ax=new_axes(6.5, 5)),
                            "P(alive) by repeat purchases and recency: frequent buyers who stopped buying are the "
                            "likeliest to be gone."),
                show.figure(ip.plot_distribution(w.values["clv"], ax=new_axes(7, 4), label="CLV"),
                            "Most customers are worth little; a few are worth a great deal (log scale).")]

    def loyal(self) -> list:
        s, w = self.source, self.worth
        typer = seg.CustomerTypes(n_bootstrap=0, random_state=0, too_little_data="note").fit(
            ft.customer_summary(s.transactions, as_of=self.holdout_split.holdout_end, **s.summary_kwargs()))
        if not w.trusted or typer.insufficient_ is not None:
            return [show.not_covered("Loyal customers: worth many times a new one?",
                                     "a trusted CLV model and enough repeat buyers for customer types")]
        types = typer.types_.reindex(w.values.index).fillna(seg.TOO_LITTLE)
        return [show.text(w.loyal_sentence(currency=self.currency)),
                show.figure(ip.plot_value_by_group(w.values["clv"].rename("CLV"), types, ax=new_axes(7, 4)),
                            f"CLV by customer type in {self.currency} (boxes: middle half of customers; line: "
                            "median)."),
                show.text(seg.type_match_sentence(typer, s.demo.customers) if s.simulated else typer.describe_types()),
                show.table(w.by_group(types), money=["mean CLV", "total CLV"], currency=self.currency)]

    def lost(self) -> list:
        w, cur = self.worth, self.currency
        if not w.trusted:
            return [show.not_covered("Most valuable customers who have probably left", "a trusted purchase model")]
        return [show.text(f"{self.win_back.action}: expected value **{money(self.win_back.expected_value, cur)}** "
                          f"({self.win_back.basis})."),
                show.table(w.at_risk(self.top_n), money=["expected_spend", "clv", "past_revenue"], currency=cur,
                           ids=True, index_label="customer"),
                show.csv_download(w.values, "customer_values.csv")]

    def models(self) -> list:
        return [show.text(clv.describe_fit(self.count_model, self.spend_model, self.time_unit)), self.count_model,
                self.spend_model]

    def cohorts(self) -> list:
        s = self.source
        return cohort_view(ft.cohort_table(s.transactions, **s.summary_kwargs()))

    def comparison(self) -> list:
        table = gof.compare_models(self.calibration)
        out = [show.text(gof.comparison_sentence(table, self.model_name)),
               show.table(table.rename(index=clv.display_name), percent=["holdout total error"], index_label="model")]
        try:
            with np.errstate(all="ignore"):
                check = gof.period_transactions(self.count_model, self.calibration, seed=self.seed)
        except DataValidationError as exc:
            return out + [show.text(f"No fit test: {exc}")]
        return out + [show.figure(ip.plot_period_transactions(check, ax=new_axes(7, 4)), check.sentence())]


def clv_report(source, *, calibration_end: str = "", holdout_end: str = "", time_unit: str = "W",
               model: str = "bgnbd", horizon: float = 52.0, discount_rate: float = 0.01, margin: float = 0.3,
               p_alive_threshold: float = 0.5, offer_cost: float = 20.0, success_rate: float = 0.3,
               top_n: int = 25, currency: str = "USD", seed: int = 0, engine: str = "duckdb",
               spark_master: str = "local[*]") -> CLVReport:
    """Fit and check the purchase and spend models on a :class:`~insight.report.sources.TransactionSource`, then value
    every customer with all data (:func:`insight.report.sources.current_values`, as the overview does). With ``engine``
    "spark" every per-customer summary is computed in Spark (``spark_master``: e.g. "local[*]",
    "spark://host:7077", "yarn"); see :mod:`insight.features.spark`."""
    import dataclasses

    from ...validate import check_in

    check_in("model", model, list(clv.count_models()))
    check_in("engine", engine, ["duckdb", "spark"])
    show.money(0, currency)
    if engine == "spark":
        from ...features import spark

        spark.session(spark_master)
        source = dataclasses.replace(source, engine="spark")
    cal_end, hold_end = sources.split_dates(source, calibration_end, holdout_end)
    with warnings.catch_warnings():   # each fit's status is stated in words (clv.describe_fit)
        warnings.simplefilter("ignore", ConvergenceWarning)
        split = clv.split_calibration(source.transactions, source.customer_col, source.date_col, source.amount_col,
                                      calibration_end=cal_end, holdout_end=hold_end, time_unit=time_unit,
                                      drop_duplicates=source.drop_duplicates, engine=source.engine)
        cal = split.table
        count_model, spend_model = clv.fit_models(cal, model)
    worth, whole, (count_full, spend_full) = sources.current_values(
        source, model=model, time_unit=time_unit, end=hold_end, horizon=horizon, discount_rate=discount_rate,
        margin=margin, p_alive_threshold=p_alive_threshold)
    lost_revenue = sources.revenue_last_year(source, hold_end, worth.values.index)[worth.churned]
    win_back = rt.action_win_back(lost_revenue, top_n=top_n, margin=margin, success_rate=success_rate,
                                  offer_cost=offer_cost, currency=currency)
    value_range = None
    if worth.trusted:
        from ...models.clv.intervals import value_intervals

        step = ft.TIME_UNITS["M"] / ft.TIME_UNITS[time_unit]     # monthly steps, as clv.value_customers
        try:
            value_range = value_intervals(count_full, spend_full, whole.table, horizon=horizon, step=step,
                                          discount_rate=discount_rate, margin=margin, seed=seed)
        except DataValidationError as exc:
            value_range = str(exc)
    return CLVReport(source, split, count_model, spend_model, clv.holdout_check(count_model, cal, model), worth,
                     whole.table, count_full, win_back, time_unit, currency, top_n, seed, model, value_range)
