"""The sections of each report: what a reader sees, computed and laid out by the library.

Each ``*_report`` function runs one analysis on a data source with the notebook's
parameters and returns an object whose methods give, section by section, the things to
show (sentences, escaped tables, captioned charts from :mod:`insight.report.display`), or the
marker that the data do not cover the section. The notebooks are then parameters, one call,
and ``display(*report.section())`` under a Markdown explanation, so what a report shows is
tested here rather than written inline in six notebooks.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..models import churn as ch
from ..models import survival as sv
from ..models import clv
from . import display as show
from .. import features as ft
from ..models.clv import goodness as gof
from .. import plots as ip
from .. import retention as rt
from ..models import satisfaction as sat
from ..models import segments as seg
from ..exceptions import ConvergenceWarning, DataValidationError
from ..formats import money, percent

__all__ = ["churn_report", "clv_report", "types_report", "satisfaction_report", "quality_report", "overview_report"]


def _ax(width: float = 6.4, height: float = 4.5):
    """Axes of a new figure at most 6.4 in wide, so that its text stays legible when a phone scales it down."""
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(min(width, 6.4), height))[1]


def _cohort_view(c: ft.Cohorts) -> list:
    """Heatmap, sentence and table of acquisition (or subscription start) cohorts."""
    ages = list(c.active.columns[:13])
    what = ("(month of start) still a customer" if c.subscriptions else
            "(month of first purchase) buying")
    return [show.figure(ip.plot_cohorts(c, ax=_ax(7, 5)), c.sentence()),
            show.table(c.active[ages].assign(customers=c.sizes)[["customers", *ages]], percent=ages,
                       index_label="cohort", caption=f"Share of each cohort {what} in each month after it; – where "
                       "the data end before the cohort reached that age.")]


# --------------------------------------------------------------------------- churn
@dataclass
class ChurnReport:
    source: object
    model: ch.ChurnModel
    plan: rt.ProfitCurve
    importance: pd.DataFrame
    odds: pd.DataFrame
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
        cleaning = self.source.table.attrs.get("cleaning")
        return [show.text(self.model.rate_sentence())] + ([cleaning] if cleaning is not None else [])

    def retention_curves(self) -> list:
        s = self.source
        if not self.curves:
            return [show.not_covered("Retention over time", "a duration column (time with the company) and a group "
                                     "column")]
        return [show.figure(ip.plot_km(self.curves, time_unit=self.duration_unit, ax=_ax(7.5, 4.5)),
                            sv.survival_sentence(self.curves, self.test, s.group_col, s.duration_col))]

    def model_quality(self) -> list:
        m = self.model
        gain = m.lift_table()["cumulative_gain"]
        return [show.text(m.sentence()), show.table(m.comparison_table()),
                show.figure(ip.plot_roc(m, ax=_ax(6.5)), "The further the curve bends to the top left, the better the "
                            "model separates leavers from stayers; the diagonal is guessing."),
                show.figure(ip.plot_lift(m, ax=_ax(6.5)), f"Cumulative gain: contacting the riskiest 20% of customers "
                            f"first reaches {percent(gain.iloc[1])} of all leavers."),
                show.figure(ip.plot_calibration(m, ax=_ax(6.5)), "Calibration: among customers given a 30% churn "
                            "probability, about 30% should leave; points on the diagonal mean the probabilities can "
                            "be taken at face value."),
                show.table(m.lift_table(), percent=["mean_predicted"], index_label="tenth",
                           caption="Held-out customers by tenth of predicted risk (1 = riskiest): lift is the churn "
                           "rate of the tenth divided by the overall churn rate.")]

    def drivers(self) -> list:
        sig = self.odds[self.odds["p_value"] < 0.05]
        return [show.text(self.model.drivers_sentence(self.importance, self.odds)),
                show.text(self.model.duration_note(self.source.duration_col)),
                show.figure(ip.plot_importance(self.importance, ax=_ax()), "What the model relies on: the drop in "
                            "held-out ROC AUC when each column is shuffled."),
                show.figure(ip.plot_forest(sig, value_col="odds_ratio", ax=_ax(7, max(3, 0.35 * len(sig)))),
                            f"The {len(sig)} significant odds ratios: right of 1x raises the odds of leaving, left "
                            "of 1x lowers them."),
                show.table(self.odds.set_index("label")[["odds_ratio", "ci_low", "ci_high", "p_value"]],
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
        return [show.figure(ip.plot_forest(hr, ax=_ax(7, max(3, 0.4 * len(hr)))), cox.verdict()),
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
        return _cohort_view(c)

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
        km = sv.kaplan_meier(s.table, s.duration_col, s.target_col, positive=s.positive)["all"]
        horizon = int(max(km["time"].max() * 2, 24))
        rounded = (f" {m.rounded_:,} times with the company were rounded down to whole {self.duration_unit}."
                   if m.rounded_ else "")
        return [show.text(self.value_sentence() + rounded + f" Assumes: a {percent(self.margin)} margin on "
                          f"{show.label(s.value_col).lower()}, discounted at {percent(self.discount_rate, 1)} a "
                          f"{self.duration_unit.rstrip('s')}; the shifted-beta-geometric model ({m.describe()})"),
                show.figure(ip.plot_retention_projection(km, m, horizon, time_unit=self.duration_unit, ax=_ax()),
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
                show.figure(ip.plot_profit(p, currency=cur, ax=_ax(7, 4.2)), "Expected profit rises while each "
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
    """Fit the churn model on a :class:`~insight.data.datasets.ChurnSource` and plan the retention offers."""
    show.money(0, currency)   # checks the currency code before any model runs
    table = source.table
    m = ch.source_model(source, model=model, n_splits=n_splits, random_state=seed).fit(table)
    lifetime, plan = rt.subscriber_plan(source, m, value_periods=value_periods, margin=margin, offer_cost=offer_cost,
                                        success_rate=success_rate, acquisition_multiple=acquisition_multiple,
                                        discount_rate=discount_rate, seed=seed, unit=duration_unit)
    curves = test = None
    if source.duration_col and source.group_col:
        curves = sv.kaplan_meier(table, source.duration_col, source.target_col, source.group_col,
                                 positive=source.positive)
        test = sv.logrank(table, source.duration_col, source.target_col, source.group_col, positive=source.positive)
    return ChurnReport(source, m, plan, m.permutation_importance(), m.odds_ratios(), curves, test, currency,
                       duration_unit, top_n, seed, margin, discount_rate, lifetime)


# --------------------------------------------------------------------------- CLV
@dataclass
class CLVReport:
    source: object
    calibration: pd.DataFrame
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

    def split(self) -> list:
        c = self.calibration
        return [show.text(f"Calibration up to {c.attrs['calibration_end']:%Y-%m-%d}, holdout up to "
                          f"{c.attrs['holdout_end']:%Y-%m-%d}. " + clv.describe_split(c)), c.attrs["cleaning"]]

    def holdout(self) -> list:
        s, c = self.source, self.calibration
        draws = None
        if self.count_model.diagnostics_.ok:
            from ..models.clv.intervals import parameter_draws

            try:
                draws = parameter_draws(self.count_model, 200, self.seed)
            except DataValidationError:
                draws = None
        track = clv.tracking(self.count_model, s.transactions, s.customer_col, s.date_col, s.amount_col,
                             calibration_end=c.attrs["calibration_end"], holdout_end=c.attrs["holdout_end"],
                             time_unit=self.time_unit, draws=draws)
        return [show.text(self.check.sentence()), show.table(self.check.table),
                show.figure(ip.plot_tracking(track, time_unit=self.time_unit, ax=_ax(7, 4.2)),
                            clv.tracking_sentence(track)),
                show.figure(ip.plot_holdout_by_frequency(self.count_model, c, ax=_ax(7, 4.2)),
                            "Mean holdout purchases by number of repeat purchases in calibration: what customers did "
                            "(solid) against the model (dashed).")]

    def values(self) -> list:
        w, cur = self.worth, self.currency
        if not w.trusted:
            return [show.not_covered("Who is still active, and what are they worth",
                                     "a purchase model that can tell when customers leave: " + w.reason)]
        t_show = float(self.full["T"].quantile(0.9))
        return [show.text(" ".join([w.sentence(cur), self.value_range_sentence(), w.assumptions(cur)])),
                show.figure(ip.plot_frequency_recency(self.count_full, t_show, what="p_alive", ax=_ax(6.5, 5)),
                            "P(alive) by repeat purchases and recency: frequent buyers who stopped buying are the "
                            "likeliest to be gone."),
                show.figure(ip.plot_distribution(w.values["clv"], ax=_ax(7, 4), label="CLV"),
                            "Most customers are worth little; a few are worth a great deal (log scale).")]

    def loyal(self) -> list:
        s, w = self.source, self.worth
        typer = seg.CustomerTypes(n_bootstrap=0, random_state=0, too_little_data="note").fit(
            ft.customer_summary(s.transactions, as_of=self.calibration.attrs["holdout_end"], **s.summary_kwargs()))
        if not w.trusted or typer.insufficient_ is not None:
            return [show.not_covered("Loyal customers: worth many times a new one?",
                                     "a trusted CLV model and enough repeat buyers for customer types")]
        types = typer.types_.reindex(w.values.index).fillna(seg.TOO_LITTLE)
        return [show.text(w.loyal_sentence(currency=self.currency)),
                show.figure(ip.plot_value_by_group(w.values["clv"].rename("CLV"), types, ax=_ax(7, 4)),
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
        return _cohort_view(ft.cohort_table(s.transactions, **s.summary_kwargs()))

    def comparison(self) -> list:
        table = gof.compare_models(self.calibration)
        out = [show.text(gof.comparison_sentence(table, self.model_name)),
               show.table(table.rename(index=gof.MODEL_NAMES), percent=["holdout total error"], index_label="model")]
        try:
            with np.errstate(all="ignore"):
                check = gof.period_transactions(self.count_model, self.calibration, seed=self.seed)
        except DataValidationError as exc:
            return out + [show.text(f"No fit test: {exc}")]
        return out + [show.figure(ip.plot_period_transactions(check, ax=_ax(7, 4)), check.sentence())]


def clv_report(source, *, calibration_end: str = "", holdout_end: str = "", time_unit: str = "W",
               model: str = "bgnbd", horizon: float = 52.0, discount_rate: float = 0.01, margin: float = 0.3,
               p_alive_threshold: float = 0.5, offer_cost: float = 20.0, success_rate: float = 0.3,
               top_n: int = 25, currency: str = "USD", seed: int = 0, engine: str = "duckdb",
               spark_master: str = "local[*]") -> CLVReport:
    """Fit and check the purchase and spend models on a :class:`~insight.data.datasets.TransactionSource`, then value
    every customer with all data (:func:`insight.models.clv.beta_geo.current_values`, as the overview does). With ``engine``
    "spark" every per-customer summary is computed in Spark (``spark_master``: e.g. "local[*]",
    "spark://host:7077", "yarn"); see :mod:`insight.features.spark`."""
    import dataclasses

    from ..validate import check_in

    check_in("model", model, list(clv.COUNT_MODELS))
    check_in("engine", engine, ["duckdb", "spark"])
    show.money(0, currency)
    if engine == "spark":
        from ..features import spark

        spark.session(spark_master)
        source = dataclasses.replace(source, engine="spark")
    cal_end, hold_end = clv.split_dates(source, calibration_end, holdout_end)
    with warnings.catch_warnings():   # each fit's status is stated in words (clv.describe_fit)
        warnings.simplefilter("ignore", ConvergenceWarning)
        cal = clv.calibration_holdout(source.transactions, source.customer_col, source.date_col, source.amount_col,
                                      calibration_end=cal_end, holdout_end=hold_end, time_unit=time_unit,
                                      drop_duplicates=source.drop_duplicates, engine=source.engine)
        count_model, spend_model = clv.fit_models(cal, model)
    worth, full, (count_full, spend_full) = clv.current_values(
        source, model=model, time_unit=time_unit, end=hold_end, horizon=horizon, discount_rate=discount_rate,
        margin=margin, p_alive_threshold=p_alive_threshold)
    lost_revenue = clv.revenue_last_year(source, hold_end, worth.values.index)[worth.churned]
    win_back = rt.action_win_back(lost_revenue, top_n=top_n, margin=margin, success_rate=success_rate,
                                  offer_cost=offer_cost, currency=currency)
    value_range = None
    if worth.trusted:
        from ..models.clv.intervals import value_intervals

        step = ft.TIME_UNITS["M"] / ft.TIME_UNITS[time_unit]     # monthly steps, as clv.value_customers
        try:
            value_range = value_intervals(count_full, spend_full, full, horizon=horizon, step=step,
                                          discount_rate=discount_rate, margin=margin, seed=seed)
        except DataValidationError as exc:
            value_range = str(exc)
    return CLVReport(source, cal, count_model, spend_model, clv.holdout_check(count_model, cal, model), worth, full,
                     count_full, win_back, time_unit, currency, top_n, seed, model, value_range)


# --------------------------------------------------------------------------- customer types
@dataclass
class TypesReport:
    source: object
    summary: pd.DataFrame
    model: seg.CustomerTypes
    scores: pd.DataFrame
    segments: pd.Series
    concentration: seg.Concentration
    seed: int

    @property
    def ok(self) -> bool:
        return self.model.insufficient_ is None

    def claim(self) -> str:
        return seg.loyal_claim(self.summary["total_revenue"], self.model.types_)["sentence"] if self.ok else ""

    def headline(self) -> show.Html:
        return show.headline("Customer types", self.source.name, [
            f"**{len(self.summary):,} customers** up to {self.summary.attrs['as_of']:%Y-%m-%d}. "
            + self.concentration.sentence(), self.model.sentence(), self.claim()],
            action=self.model.top_action() if self.ok else "", simulated=self.source.simulated, seed=self.seed)

    def cleaning(self) -> list:
        return [self.summary.attrs["cleaning"],
                show.table(ft.describe_summary(self.summary), caption="The typical customer: medians, means and the "
                           "90th percentile of the main signals.")]

    def rfm(self) -> list:
        rev = self.summary["total_revenue"]
        return [show.figure(ip.plot_rfm_heatmap(self.scores, ax=_ax(6.5, 5)), "Customers by recency score and by the "
                            "mean of frequency and money scores: the top right holds the best customers, the bottom "
                            "left those who have lapsed."),
                show.figure(ip.plot_segment_shares(self.segments, rev, ax=_ax(7, 4.5)),
                            "Each RFM segment's share of customers against its share of revenue."),
                show.table(seg.segment_table(self.segments, rev), index_label="segment")]

    def concentration_view(self) -> list:
        return [show.figure(ip.plot_lorenz(self.concentration, ax=_ax(5.5, 5)), self.concentration.sentence())]

    def types(self) -> list:
        m = self.model
        if not self.ok:
            return [show.not_covered("Customer types", m.insufficient_)]
        return [show.text(m.sentence()), show.table(m.summary(), index_label="type"), show.text(m.describe_types()),
                show.figure(ip.plot_cluster_profiles(m, ax=_ax(7.5, 4.5)), "Each cluster's mean of every signal "
                            "relative to all customers (2.0x = twice the average)."),
                show.figure(ip.plot_type_map(m, self.summary, ax=_ax(7, 5), random_state=self.seed),
                            "Customers on the two main directions of variation, coloured by type.")]

    def actions(self) -> list:
        if not self.ok:
            return [show.not_covered("What to do about each type", "customer types (see above)")]
        return [show.text(self.claim()), show.text(self.model.actions())]

    def download(self) -> list:
        table = self.scores[["R", "F", "M"]].assign(segment=self.segments)
        if self.ok:
            table = table.assign(type=self.model.types_, provisional=self.model.provisional_)
        return [show.csv_download(table, "customer_types.csv")]


def types_report(source, *, as_of: str = "", n_clusters: int = 0, k_min: int = 3, k_max: int = 8,
                 method: str = "kmeans", seed: int = 0) -> TypesReport:
    """Customer summary, RFM segments, revenue concentration and customer types of a transaction source."""
    model = seg.CustomerTypes(n_clusters=n_clusters, k_range=(k_min, k_max), method=method, random_state=seed,
                              too_little_data="note").check_params()
    summary = ft.customer_summary(source.transactions, as_of=pd.Timestamp(as_of) if as_of else None,
                                  **source.summary_kwargs())
    scores = seg.rfm_scores(summary)
    return TypesReport(source, summary, model.fit(summary), scores, seg.rfm_segments(scores),
                       seg.revenue_concentration(summary["total_revenue"].clip(lower=0)), seed)


# --------------------------------------------------------------------------- satisfaction
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
                                                        ax=_ax(8, 0.45 * len(s.driver_cols) + 2)),
                            f"How {len(self.survey):,} respondents' answers spread over the scale, for the overall "
                            "score and each aspect.")]

    def groups(self) -> list:
        s = self.source
        if not s.group_col:
            return [show.not_covered("Scores by group", "a column that groups respondents (group_col)")]
        by_group = sat.scores_by_group(self.survey, s.group_col, **self._score_cols())
        out = [show.text(sat.tests_sentence(by_group)), show.table(by_group, index_label=show.label(s.group_col,
                                                                                                   self.labels))]
        if s.nps_col:
            out.append(show.figure(ip.plot_nps(by_group, ax=_ax(7, 4)), "NPS by group with 95% intervals."))
        return out

    def trend(self) -> list:
        s = self.source
        if not s.date_col:
            return [show.not_covered("Scores over time", "the date of each answer (date_col)")]
        by_period = sat.trend(self.survey, s.date_col, freq="Q", **self._score_cols())
        out = [show.table(by_period, index_label="quarter")]
        if s.nps_col:
            out.append(show.figure(ip.plot_nps(by_period, ax=_ax(7, 4)), "NPS by quarter with 95% intervals."))
        return out

    def driver_view(self) -> list:
        kd = self.drivers
        return [show.text(kd.sentence()),
                show.figure(ip.plot_drivers(kd, ax=_ax(7, 0.4 * len(self.source.driver_cols) + 1.5)),
                            "Each aspect's share of the explained variance of overall satisfaction, with 95% "
                            "bootstrap intervals."),
                show.table(kd.coefficient_table(self.labels))]

    def priorities(self) -> list:
        kd = self.drivers
        return [show.figure(ip.plot_importance_performance(kd, ax=_ax(7, 5.5)), kd.priority_sentence()),
                show.table(kd.map.rename(index=self.labels), index_label="aspect")]

    def scale_use(self) -> list:
        s = self.source
        comp = sat.compare_adjustments(self.survey, s.overall_col, s.driver_cols, scale=s.scale, labels=self.labels)
        return [show.text(sat.adjustment_sentence(comp, self.params.get("adjust", "center"))),
                show.table(comp, index_label="aspect")]

    def levels(self) -> list:
        s, p = self.source, self.params
        if s.orders is None:
            return [show.not_covered("Four levels of satisfaction", "orders with promised and delivered dates "
                                     "(orders_path)")]
        lv = sat.order_levels(s.orders, self.survey, s.order_col, nps_col=s.nps_col, csat_col=s.overall_col,
                              scale=s.scale, **{k: p[k] for k in ("late_tolerance_days", "exceed_days",
                                                                  "amaze_days", "repurchase_days") if k in p})
        return [show.figure(ip.plot_levels(lv.levels, ax=_ax(7, 3.5)), lv.sentence()),
                show.table(lv.table, index_label="level")]

    def speed(self) -> list:
        s, target = self.source, self.params.get("response_target_hours", 24.0)
        if s.tickets is None:
            return [show.not_covered("Service speed", "support tickets with response times (tickets_path)")]
        out = [show.table(sat.response_times(s.tickets, target_hours=target,
                                             resolution_target_hours=self.params.get("fast_hours", 48.0)),
                          index_label="channel"),
               show.figure(ip.plot_response_times(s.tickets, target_hours=target, ax=_ax(7, 4)),
                           f"Share of contacts answered within a given number of hours, by channel (dashed: the "
                           f"{target:g} h target).")]
        if "csat" in s.tickets:
            speed = sat.speed_vs_satisfaction(s.tickets, time_col="hours_to_first_response", score_col="csat")
            out += [show.text(sat.speed_sentence(speed)), show.table(speed, index_label="first response")]
        return out

    def complaints(self) -> list:
        s = self.source
        if self.recovery is None:
            return [show.not_covered("Complaints and recovery", "support tickets and orders (tickets_path, "
                                     "orders_path)")]
        n = len(sat.recently_active(s.orders, days=self.params.get("active_days", 180)))
        return [show.table(sat.complaint_rates(s.tickets, n, by="category"), index_label="category"),
                show.table(sat.complaint_rates(s.tickets, n, by="channel"), index_label="channel"),
                show.figure(ip.plot_recovery(self.recovery, ax=_ax(7, 4)), self.recovery.sentence()),
                show.table(self.recovery.table, index_label="after a complaint")]

    def touchpoint_view(self) -> list:
        tp = self.touchpoints
        if tp is None:
            return [show.not_covered("Touchpoints", "satisfaction scores per touchpoint")]
        return [show.figure(ip.plot_touchpoints(tp, labels=self.labels, ax=_ax(7, 5)), tp.sentence(self.labels)),
                show.table(tp.stages, index_label="stage"),
                show.table(tp.table.rename(index=self.labels), index_label="touchpoint")]


def satisfaction_report(source, *, adjust: str = "center", late_tolerance_days: int = 0, exceed_days: int = 1,
                        amaze_days: int = 1, response_target_hours: float = 24.0, fast_hours: float = 48.0,
                        active_days: int = 180, repurchase_days: int = 90, seed: int = 0) -> SatisfactionReport:
    """Scores, drivers, touchpoints and complaint recovery of a :class:`~insight.data.datasets.SurveySource`."""
    from ..validate import check_in, check_param
    from ..data.cleaning import check_survey

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


# --------------------------------------------------------------------------- data quality
@dataclass
class QualityReport:
    own: object                     # None (bundled data sets), a DataSpec, or an Inspection of a bare file
    cleaning: object
    bundled: list

    def headline(self) -> show.Html:
        from ..data.spec import DataSpec

        own = self.own
        if isinstance(own, DataSpec):
            return show.headline("Data quality", own.name, [f"**{own.name}**: {own.kind} data from "
                                                            f"{len(own.tables)} table(s). {self.cleaning.sentence()}"])
        if own is not None:
            return show.headline("Data quality", own.path.name, [own.sentence()], action="Save the proposed "
                                 "specification as a .yaml file, check each role, and pass it as the parameter data.")
        return show.headline("Data quality", "bundled data sets", [
            f"{len(self.bundled)} bundled data sets: " + ", ".join(s.title for s in self.bundled) + "."])

    def yours(self) -> list:
        from ..data.spec import DataSpec

        own = self.own
        if own is None:
            return [show.omit("Your data")]
        if not isinstance(own, DataSpec):
            return [own]
        out = [show.table(own.quality(), index_label="column", data_names=True), self.cleaning]
        if own.kind == "transactions":
            out.append(show.figure(ip.plot_monthly_activity(own.monthly(), "month", "amount", ax=_ax(8, 3.5)),
                                   "Amount per calendar month, after cleaning."))
        return out

    def bundled_sets(self) -> list:
        from ..data.datasets import SATISFACTION_LABELS

        if not self.bundled:
            return [show.omit("Bundled data sets")]
        out = []
        for sec in self.bundled:
            out.append(show.text(f"**{sec.title}.** {sec.text}"))
            out += [show.table(t, caption=c, data_names=True, index="column" not in t.columns)
                    if isinstance(t, pd.DataFrame) else t for c, t in sec.tables]
            if sec.monthly is not None:
                what = sec.monthly.columns[1]
                out.append(show.figure(ip.plot_monthly_activity(sec.monthly, "month", what, ax=_ax(8, 3.2)),
                                       f"{sec.title}: {what} per month."))
            if sec.ratings is not None:
                out.append(show.figure(ip.plot_rating_distribution(sec.ratings, list(SATISFACTION_LABELS),
                                                                   labels=SATISFACTION_LABELS, scale=(1, 10),
                                                                   ax=_ax(8, 5)),
                                       "How the answers to each question spread over the 1-10 scale."))
        return out


def quality_report(data: str = "", *, demo_customers: int = 2000, seed: int = 0) -> QualityReport:
    """What ``data`` (a specification, a bundled name or a bare file) holds, or every bundled data set when empty."""
    from ..data import datasets as ds
    from ..data.spec import DataSpec

    own = ds.own_data(data)
    cleaning = None
    if isinstance(own, DataSpec):
        cleaning = ft.customer_summary(own).attrs["cleaning"] if own.kind == "transactions" else own.load()[1]
    return QualityReport(own, cleaning, ds.bundled_quality(demo_customers, seed) if own is None else [])


# --------------------------------------------------------------------------- overview
@dataclass
class OverviewReport:
    view: object                    # insight.report.overview.Overview
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
                show.figure(ip.plot_actions(v.actions, currency=v.currency, ax=_ax(7.5, 3.5)),
                            "Expected value of each action the data support (a year, except where the action "
                            "states its own horizon).")]

    def customers(self) -> list:
        v = self.view
        out = [show.text(v.customers_sentence() + f" Details: [customer types report]({self.links['customer_types']}"
                         ".html).")]
        if v.types.insufficient_ is None:
            out += [show.figure(ip.plot_segment_shares(v.types.types_, v.summary["total_revenue"], ax=_ax(7, 3.5)),
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
            out.append(show.figure(ip.plot_touchpoints(v.touchpoints, labels=v.labels, ax=_ax(7, 4)),
                                   v.touchpoints.sentence(v.labels)))
        return out


def overview_report(data: str = "demo", *, customers_data: str = "", survey_data: str = "", demo_customers: int = 5000,
                    seed: int = 0, **params) -> OverviewReport:
    """The overview of :func:`insight.report.overview.build_overview` on ``data`` ("demo" uses the demo company's
    customer table and survey too, and links to the demo runs of the detailed reports); ``params`` go to it."""
    from ..data import datasets as ds
    from .overview import build_overview

    demo = data == "demo"
    tx = ds.transaction_source(data, demo_customers=demo_customers, seed=seed)
    churn = ds.churn_source("demo", demo_customers=demo_customers, seed=seed) if demo else \
        (ds.churn_source(customers_data) if customers_data else None)
    survey = ds.survey_source("demo", demo_customers=demo_customers, seed=seed) if demo else \
        (ds.survey_source(survey_data) if survey_data else None)
    links = {"customer_types": "customer_types", "churn": "churn_demo" if demo else "churn",
             "clv": "clv_demo" if demo else "clv", "satisfaction": "satisfaction_demo" if demo else "satisfaction"}
    extra = tx.demo.customers.set_index("customer_id")[["on_time_payment", "referrals"]] if demo else None
    view = build_overview(tx, churn_source=churn, survey_source=survey, customers=extra, seed=seed, links=links,
                          **params)
    return OverviewReport(view, links, tx.simulated, seed, churn is not None, survey is not None)
