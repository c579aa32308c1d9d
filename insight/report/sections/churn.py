"""The churn report: who is leaving, when, and why; whom a retention offer pays for.

Also the words of the churn models and the retention plan, as functions of a report's :class:`~insight.style.Style` (the
overview uses them too): ``rate_sentence``, ``model_sentence``, ``comparison_table``,
``drivers_sentence``, ``duration_note``, ``term_label``, ``survival_sentence``, ``cox_verdict``,
``leak_sentence``, ``features_sentence``, ``terms_sentence``, ``plan_sentence``,
``plan_assumptions`` and ``over_months``.

What a model could not do on these data is said in words, never hidden: the columns left out as likely leaks, constant
columns, grouped rare levels, terms left out or not estimable, and a section whose model cannot be fitted
(:meth:`ChurnReport.hazards`, :meth:`ChurnReport.subscriber_value`) says why and lets the rest of the report render."""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import features as ft
from ... import plots as ip
from ... import retention as rt
from ...exceptions import DataValidationError
from ...models import churn as ch
from ...models import survival as sv
from ...parsers import DAYS_PER_UNIT, rate_per_unit
from ...plots.churn import level_name
from ...style import Style
from .. import display as show
from .. import sources
from ..params import CURRENCY, CALENDAR, LANGUAGE, Choice, Number, checked
from ._actions import over_months, plan_assumptions, plan_net, plan_sentence
from ._common import cohort_view, new_axes, styled
from .clv import fit_error_words

__all__ = ["ChurnReport", "churn_report"]


def _lower(st: Style, name) -> str:
    """A column name as a label inside a sentence (English writes it in lower case)."""
    return st.label(name).lower()


# --------------------------------------------------------------------------- the churn model in words
def rate_sentence(st: Style, m: ch.ChurnModel) -> str:
    """How many customers left, as a share and a count."""
    m.check_fitted()
    gone = int(m.y_.sum())
    return st.say("churn.rate", rate=m.churn_rate_, gone=gone, n=m.n_customers_, stayed=m.n_customers_ - gone)


def model_sentence(st: Style, m: ch.ChurnModel) -> str:
    """The chosen model, its cross-validated ROC AUC and what was imputed, in one sentence."""
    m.check_fitted()
    r = m.cv_results_.loc[m.chosen_]
    values = {"model": st.say(f"churn.model.{m.chosen_}"), "auc": r["roc_auc_mean"], "spread": r["roc_auc_std"],
              "folds": m.n_splits}
    if not m.imputed_:
        return st.say("churn.kept_model_no_missing", **values)
    imputed = st.join(st.say("churn.imputed_item", n=n, column=c) for c, n in m.imputed_.items())
    return st.say("churn.kept_model", imputed=imputed, **values)


def comparison_table(st: Style, m: ch.ChurnModel) -> pd.DataFrame:
    """The model comparison for people: one row per model, means ± spread across folds."""
    m.check_fitted()
    cv = m.cv_results_

    def spread(metric):
        return [st.say("churn.mean_spread", mean=a, spread=b) for a, b in zip(cv[f"{metric}_mean"], cv[f"{metric}_std"])]

    return pd.DataFrame({st.say("churn.col.roc_auc"): spread("roc_auc"), st.say("churn.col.pr_auc"): spread("pr_auc"),
                         st.say("churn.col.brier"): spread("brier"), "kept": [c == m.chosen_ for c in cv.index]},
                        index=pd.Index([st.say(f"churn.model_title.{c}") for c in cv.index], name="model"))


def term_label(st: Style, term: pd.Series) -> str:
    """One model term in words, from its ``feature``, ``level``, ``reference`` and ``scale``
    (:func:`insight.models.churn.term_table`): "Contract: Two year (vs Month-to-month)", "Tenure (per standard
    deviation)"; the grouped rare levels (:data:`insight.models.churn.OTHER`) are named in words."""
    level, reference = (level_name(st, v) for v in (term["level"], term["reference"]))
    return st.say(f"churn.term.{term['scale']}", feature=term["feature"], level=level, reference=reference)


def with_labels(st: Style, table: pd.DataFrame) -> pd.DataFrame:
    """Odds or hazard ratios with a ``label`` column: each term in words (``term_label``)."""
    return table.assign(label=[term_label(st, r) for _, r in table.iterrows()])


def drivers_sentence(st: Style, importance: pd.DataFrame, odds: ch.OddsRatios, alpha: float = 0.05) -> str:
    """The columns the model relies on most, and the significant odds ratios above and below 1.

    Each category is named with its reference ("Contract: Two year (vs Month-to-month)"),
    each number per standard deviation. A term whose interval is not estimable is never named.
    """
    sig = with_labels(st, odds.table[(odds.table["p_value"] < alpha) & odds.table["estimable"]])
    up = st.join(st.say("churn.drivers.up_item", term=r["label"], ratio=r["odds_ratio"])
                   for _, r in sig.head(3).iterrows() if r["odds_ratio"] > 1)
    down = st.join(st.say("churn.drivers.down_item", term=r["label"], ratio=r["odds_ratio"])
                     for _, r in sig.iloc[::-1].head(3).iterrows() if r["odds_ratio"] < 1)
    none = st.say("churn.drivers.none")
    return st.say("churn.drivers", features=st.join(_lower(st, f) for f in importance.index[:3]), up=up or none,
                  down=down or none, alpha=st.short(alpha))


def duration_note(st: Style, m: ch.ChurnModel, duration_col: str | None) -> str:
    """A warning when a feature is the time with the company, measured up to the churn date for leavers."""
    if not duration_col or duration_col not in m.features_:
        return ""
    return st.say("churn.duration_note", duration=_lower(st, duration_col))


def leak_sentence(st: Style, m: ch.ChurnModel) -> str:
    """The columns the model left out as likely leaks, each with its single-column ROC AUC; "" when none."""
    m.check_fitted()
    if m.leaky_.empty:
        return ""
    items = st.join(st.say("churn.leak_item", column=_lower(st, c), auc=a) for c, a in m.leaky_.items())
    return st.say("churn.leaky", n=len(m.leaky_), items=items, threshold=m.leak_auc)


def features_sentence(st: Style, m: ch.ChurnModel) -> str:
    """What else the model did with the columns: leaks kept as asked, columns that are no features (dates, identifiers,
    empty ones) and constant columns left out, categories whose rare levels were grouped; "" when nothing."""
    m.check_fitted()
    parts = []
    kept = [c for c in m.keep_leaky if m.single_auc_.get(c, 0.0) >= m.leak_auc]
    if kept:
        parts.append(st.say("churn.leaky_kept", items=st.join(
            st.say("churn.leak_item", column=_lower(st, c), auc=m.single_auc_[c]) for c in kept)))
    if len(m.unusable_):
        parts.append(st.say("churn.unusable", n=len(m.unusable_), items=st.join(
            st.say(f"churn.unusable_item.{why}", column=_lower(st, c)) for c, why in m.unusable_.items())))
    if m.constant_:
        columns = st.join(_lower(st, c) for c in m.constant_)
        parts.append(st.say("churn.constant", n=len(m.constant_), columns=columns))
    if len(m.grouped_):
        parts.append(_grouped_sentence(st, m.grouped_, m.min_level_count, m.max_levels))
    return " ".join(parts)


def _grouped_sentence(st: Style, grouped: pd.DataFrame, min_count: int, max_levels: int) -> str:
    """The categories whose rare levels were grouped (``grouped``: indexed by column, with ``grouped`` levels and
    ``kept`` levels; none kept: the column is left out)."""
    items = st.join(st.say("churn.grouped_item" if r["kept"] else "churn.grouped_item_all", column=_lower(st, c),
                             levels=r["grouped"]) for c, r in grouped.iterrows())
    return st.say("churn.grouped", items=items, min=min_count, max=max_levels)


def terms_sentence(st: Style, table: pd.DataFrame, dropped: pd.DataFrame) -> str:
    """The terms of an odds- or hazard-ratio table that are not estimable, and those left out as constant or repeating
    other terms (:class:`~insight.models.churn.OddsRatios`, :class:`~insight.models.survival.CoxResult`); "" when none.
    """
    parts = []
    bad = table[~table["estimable"].astype(bool)]
    if len(bad):
        parts.append(st.say("churn.terms_not_estimable", n=len(bad), terms=st.join(with_labels(st, bad)["label"])))
    if len(dropped):
        parts.append(st.say("churn.terms_dropped", n=len(dropped), terms=st.join(with_labels(st, dropped)["label"])))
    return " ".join(parts)


def ratio_table(st: Style, table: pd.DataFrame, value_col: str = "odds_ratio") -> pd.DataFrame:
    """An odds- or hazard-ratio table for people: labelled terms, and for a term that is not estimable no number,
    its label saying so."""
    t = with_labels(st, table)
    bad = ~t["estimable"].astype(bool)
    t.loc[bad, "label"] = [st.say("churn.term_not_estimable", term=x) for x in t.loc[bad, "label"]]
    t.loc[bad, [value_col, "ci_low", "ci_high", "p_value"]] = np.nan
    return t


def _common_levels(s: pd.Series, column: str, min_count: int, max_levels: int) -> pd.Series:
    """A group column with its rare levels grouped as :data:`insight.models.churn.OTHER`, as the model groups them
    (a 50-level state once gave 42 retention curves and a median for each in the box)."""
    return ch.group_rare(s, ch.frequent_levels(s, column, min_count, max_levels))


# --------------------------------------------------------------------------- survival in words
def survival_sentence(st: Style, curves: dict, test: dict, group_col: str, duration_col: str) -> str:
    """The log-rank test of :func:`insight.models.survival.logrank` and each group's median lifetime from
    :func:`insight.models.survival.kaplan_meier`."""
    name = functools.partial(level_name, st)
    medians = st.join(st.say("churn.median_item", group=name(g), median=f.median) if pd.notna(f.median)
                      else st.say("churn.median_not_reached", group=name(g)) for g, f in curves.items())
    if all(pd.isna(f.median) for f in curves.values()):
        medians = st.say("churn.medians_not_reached", n=len(curves))
    key = "churn.survival_differ" if test["p_value"] < 0.05 else "churn.survival_same"
    return st.say(key, group=_lower(st, group_col), chi2=test["chi2"], df=test["df"], p=test["p_value"],
                  duration=_lower(st, duration_col), medians=medians)


def cox_verdict(st: Style, cox: sv.CoxResult, alpha: float = 0.05) -> str:
    """Whether the proportional-hazards assumption holds, naming each term that violates it."""
    bad = cox.violations(alpha)
    if not bad:
        return st.say("churn.ph_ok", alpha=st.short(alpha))
    names = with_labels(st, cox.hazard_ratios)["label"]
    return st.say("churn.ph_violated", n=len(bad), terms=st.join(str(names.get(t, t)) for t in bad))


# --------------------------------------------------------------------------- the report
#: a customer the model expects to stay longer than this many years is a sign that too few have left to estimate it
PLAUSIBLE_YEARS = 30
#: the "one who has stayed this many periods" of the sentence on how long customers stay
STAYED = 24


@styled
@dataclass
class ChurnReport:
    """The churn report's sections (made by :func:`churn_report`): each public method returns what one section shows.

    Attributes
    ----------
    source : insight.report.sources.ChurnSource
        The customer table (:func:`insight.report.sources.churn_source`).
    model : insight.models.churn.ChurnModel
    plan, alternative : insight.retention.ProfitCurve
        The planned retention offer (the one kept when two are compared), and the other one or None.
    importance : pandas.DataFrame
        Permutation importance of the model's columns.
    odds : insight.models.churn.OddsRatios
    curves, test : dict or None
        Kaplan-Meier curves by group and their log-rank test; None without duration and group columns or when
        they could not be estimated (``curves_error`` says why).
    style : insight.style.Style
    duration_unit : str
    top_n, seed : int
        Number of customers shown in the tables; random seed.
    margin, discount_rate : float
        Share of value that is profit; discount rate per month.
    lifetime : tuple or None
        ``(ShiftedBetaGeometric, Intervals)`` of the current subscribers, or None.
    curves_error : str"""
    source: object
    model: ch.ChurnModel
    plan: rt.ProfitCurve
    importance: pd.DataFrame
    odds: ch.OddsRatios
    curves: dict | None
    test: dict | None
    style: Style
    duration_unit: str
    top_n: int
    seed: int
    margin: float = 0.3
    discount_rate: float = 0.01
    lifetime: object = None          # (ShiftedBetaGeometric, Intervals) of the current subscribers, or None
    alternative: rt.ProfitCurve | None = None   # the offer not planned (a plain discount or a mixed offer)
    curves_error: str = ""           # why the retention curves could not be drawn, when they could not

    def offer_sentence(self) -> str:
        """The planned offer against the other one, on the same footing (net over the horizon); "" without one.

        Returns
        -------
        str"""
        if self.alternative is None:
            return ""
        chosen, other = self.plan, self.alternative
        words = {}
        for name, p in (("chosen", chosen), ("other", other)):
            words.update({f"{name}_offer": self.style.say(f"churn.offer.{p.params['offer']}"),
                          f"{name}_cost": p.params["offer_cost"], f"{name}_keeps": p.params["success_rate"],
                          f"{name}_net": plan_net(p)})
        return self.style.say("churn.offer_comparison", **words)

    def value_sentence(self) -> str:
        """What the current customers bring over the horizon, and how long one stays ("" when not valued); a stay the
        model puts beyond ``PLAUSIBLE_YEARS`` is flagged, not headlined (too few have left to estimate it).

        Returns
        -------
        str"""
        if self.lifetime is None:
            return ""
        m, v = self.lifetime
        st, unit = self.style, self.duration_unit
        rate = rate_per_unit(self.discount_rate, unit)
        new, stayed = m.expected_remaining_lifetime(0, rate), m.expected_remaining_lifetime(STAYED, rate)
        worth = dict(n=len(v.per_customer), total=v.total["estimate"], level=v.level, low=v.total["low"],
                     high=v.total["high"], horizon=over_months(st, self.plan.params["horizon"]))
        if new * DAYS_PER_UNIT[unit] / DAYS_PER_UNIT["years"] > PLAUSIBLE_YEARS:
            return st.say("churn.subscribers_worth_implausible", years=PLAUSIBLE_YEARS, **worth)
        return st.say("churn.subscribers_worth", unit=st.say(f"churn.units.{unit}"), new=new, stayed=stayed,
                      after=STAYED, **worth)

    def _survival_sentence(self) -> str:
        s = self.source
        return survival_sentence(self.style, self.curves, self.test, s.group_col, s.duration_col) if self.curves else ""

    def headline(self) -> show.Html:
        """The headline box: churn rate, leaks, drivers, survival, value and model; the planned offer as action.

        Returns
        -------
        insight.report.display.Html"""
        st, s = self.style, self.source
        return show.headline(st.say("churn.title"), s.name, [
            rate_sentence(st, self.model), leak_sentence(st, self.model),
            drivers_sentence(st, self.importance, self.odds), self._survival_sentence(),
            self.value_sentence(), model_sentence(st, self.model)],
            action=" ".join(x for x in (plan_sentence(st, self.plan), self.offer_sentence()) if x),
            assumptions=plan_assumptions(st, self.plan), simulated=s.simulated, seed=self.seed, style=st)

    def how_many(self) -> list:
        """How many customers left, and the cleaning of the data when it was cleaned.

        Returns
        -------
        list of insight.report.display.Html"""
        from .quality import cleaning_view

        cleaning = self.source.cleaning
        return [show.text(rate_sentence(self.style, self.model))] + (
            [cleaning_view(self.style, cleaning)] if cleaning is not None else [])

    def retention_curves(self) -> list:
        """The retention (Kaplan-Meier) curves by group with the log-rank test, or why they are missing.

        Returns
        -------
        list of insight.report.display.Html"""
        st = self.style
        if self.curves_error:
            return [show.text(st.say("churn.cannot_estimate", section=st.say("churn.section.retention"),
                                     reason=self.curves_error))]
        if not self.curves:
            return [show.not_covered(st.say("churn.section.retention"), st.say("churn.needs.duration_group"), style=st)]
        return [show.figure(ip.plot_km(self.curves, time_unit=self.duration_unit, ax=new_axes(7.5, 4.5), style=st),
                            self._survival_sentence())]

    def model_quality(self) -> list:
        """How well the model predicts: the models compared, ROC, cumulative gain, calibration and the lift table.

        Returns
        -------
        list of insight.report.display.Html"""
        m, st = self.model, self.style
        gain = m.lift_table()["cumulative_gain"]
        notes = " ".join(x for x in (leak_sentence(st, m), features_sentence(st, m)) if x)
        return [show.text(model_sentence(st, m))] + ([show.text(notes)] if notes else []) + [
                show.table(comparison_table(st, m), style=st),
                show.figure(ip.plot_roc(m, ax=new_axes(6.5), style=st), st.say("churn.caption.roc")),
                show.figure(ip.plot_lift(m, ax=new_axes(6.5), style=st), st.say("churn.caption.gain", share=0.2,
                                                                                  reached=gain.iloc[1])),
                show.figure(ip.plot_calibration(m, ax=new_axes(6.5), style=st),
                            st.say("churn.caption.calibration", p=0.3)),
                show.table(m.lift_table(), percent=["mean_predicted"], index_label=st.say("churn.index.tenth"),
                           caption=st.say("churn.caption.lift_table"), style=st)]

    def drivers(self) -> list:
        """What drives churn: permutation importance, significant odds ratios (chart and table) and terms left out.

        Returns
        -------
        list of insight.report.display.Html"""
        st, odds = self.style, self.odds
        sig = with_labels(st, odds.table[(odds.table["p_value"] < 0.05) & odds.table["estimable"]])
        terms = terms_sentence(st, odds.table, odds.dropped)
        return [show.text(drivers_sentence(st, self.importance, odds)),
                show.text(duration_note(st, self.model, self.source.duration_col)),
                show.figure(ip.plot_importance(self.importance, ax=new_axes(), style=st),
                            st.say("churn.caption.importance")),
                show.figure(ip.plot_forest(sig, value_col="odds_ratio", ax=new_axes(7, max(3, 0.35 * len(sig))),
                                           style=st), st.say("churn.caption.odds", n=len(sig))),
                show.table(ratio_table(st, odds.table).set_index("label")[["odds_ratio", "ci_low", "ci_high",
                                                                            "p_value"]],
                           index_label=st.say("churn.index.term"), style=st)] + ([show.text(terms)] if terms else [])

    def hazards(self) -> list:
        """The Cox model's hazard ratios with the proportional-hazards check; when it cannot be fitted on these
        data, why, in words (the rest of the report renders).

        Returns
        -------
        list of insight.report.display.Html"""
        s, st, m = self.source, self.style, self.model
        section = st.say("churn.section.hazards")
        if not s.duration_col:
            return [show.not_covered(section, st.say("churn.needs.duration"), style=st)]
        try:
            covariates = sv.cox_covariates(s.table, self.importance, s.duration_col)
            if not covariates:
                reason = st.say("churn.hazards.no_covariates", duration=_lower(st, s.duration_col))
                return [show.text(st.say("churn.cannot_estimate", section=section, reason=reason))]
            with warnings.catch_warnings():   # the verdict says in words which effects change over time
                warnings.simplefilter("ignore")
                cox = sv.cox_model(s.table, s.duration_col, s.target_col, covariates, positive=s.positive,
                                   min_level_count=m.min_level_count, max_levels=m.max_levels)
        except (ValueError, np.linalg.LinAlgError) as exc:   # DataValidationError is a ValueError
            return [show.text(st.say("churn.cannot_estimate", section=section, reason=exc))]
        hr = ratio_table(st, cox.hazard_ratios, "hazard_ratio")
        shown = with_labels(st, cox.hazard_ratios[cox.hazard_ratios["estimable"]])
        notes = " ".join(x for x in (terms_sentence(st, cox.hazard_ratios, cox.dropped), _grouped_sentence(
            st, cox.grouped, m.min_level_count, m.max_levels) if len(cox.grouped) else "") if x)
        return [show.figure(ip.plot_forest(shown, ax=new_axes(7, max(3, 0.4 * len(shown))), style=st),
                            cox_verdict(st, cox)),
                show.table(hr.join(cox.ph_test[["p_value"]].rename(columns={"p_value": "ph_p_value"})).set_index(
                    "label")[["hazard_ratio", "ci_low", "ci_high", "p_value", "ph_p_value"]],
                    index_label=st.say("churn.index.term"), style=st)] + ([show.text(notes)] if notes else [])

    def cohorts(self) -> list:
        """Retention by subscription-start cohort; not covered without start dates and durations.

        Returns
        -------
        list of insight.report.display.Html"""
        s, st = self.source, self.style
        if not (s.start_col and s.duration_col):
            return [show.not_covered(st.say("churn.section.cohorts"), st.say("churn.needs.start_duration"), style=st)]
        try:
            c = ft.subscription_cohorts(s.table, s.start_col, duration_col=s.duration_col, churned=self.model.y_,
                                        duration_unit=self.duration_unit, calendar=st.calendar)
        except DataValidationError as exc:   # e.g. start dates missing in some rows: say which, show no cohorts
            return [show.not_covered(st.say("churn.section.cohorts"), st.say("churn.needs.start_every", error=exc),
                                     style=st)]
        return cohort_view(c, style=st)

    def _by_customer(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows indexed like the churn table, re-indexed by the customer id column when there is one."""
        s = self.source
        return frame.set_axis(pd.Index(s.table.loc[frame.index, s.id_col], name="customer")) if s.id_col else frame

    def lifetime_failure(self) -> str:
        """Why the subscribers could not be valued although a duration and a value column were given: the error of the
        shifted-beta-geometric fit that :func:`insight.report.pipelines.subscriber_plan` kept; "" when there is none.

        Returns
        -------
        str"""
        return "" if self.lifetime is not None else self.plan.params.get("lifetime_error", "")

    def subscriber_value(self) -> list:
        """What the current subscribers are worth: projected retention and the most valuable ones (or why not).

        Returns
        -------
        list of insight.report.display.Html"""
        s, st = self.source, self.style
        if self.lifetime is None:
            section = st.say("churn.section.subscriber_value")
            reason = self.lifetime_failure()
            if reason:
                words = fit_error_words(st, reason, unknown=reason)   # a model's error in words; a data problem as said
                return [show.text(st.say("churn.cannot_estimate", section=section, reason=words))]
            return [show.not_covered(section, st.say("churn.needs.duration_value"), style=st)]
        m, v = self.lifetime
        km = sv.kaplan_meier(s.table, s.duration_col, s.target_col, positive=s.positive)["all"].table
        horizon = int(max(km["time"].max() * 2, 24))
        words = [self.value_sentence()]
        if m.rounded_:
            words.append(st.say("churn.rounded", n=m.rounded_, unit=st.say(f"churn.units.{self.duration_unit}")))
        words.append(st.say("churn.subscribers_assume", margin=self.margin, value=_lower(st, s.value_col),
                            rate=self.discount_rate, model=_sbg_words(st, m)))
        return [show.text(" ".join(words)),
                show.figure(ip.plot_retention_projection(km, m, horizon, time_unit=self.duration_unit, ax=new_axes(),
                                                         style=st), st.say("churn.caption.projection")),
                show.table(self._by_customer(v.per_customer).sort_values("estimate", ascending=False).head(self.top_n),
                           money=["estimate", "low", "high"], style=st, ids=True,
                           index_label=st.say("churn.index.customer"),
                           caption=st.say("churn.caption.most_valuable", n=self.top_n, level=v.level))]

    def offers(self) -> list:
        """Whom a retention offer pays for: the plan in words, the profit curve, the top customers and a CSV download.

        Returns
        -------
        list of insight.report.display.Html"""
        p, st = self.plan, self.style
        listed = p.table.set_index("customer").head(p.params.get("budget_k", p.best_k))
        words = plan_sentence(st, p) + " " + plan_assumptions(st, p)
        if not self.source.value_col:      # what a customer is worth cannot be computed: say so, not a number
            words += " " + st.say("churn.offers.no_value", acquisition=p.params["acquisition_multiple"] *
                                  p.params["offer_cost"])
        out = [show.text(words),
               show.figure(ip.plot_profit(p, ax=new_axes(7, 4.2), style=st), st.say("churn.caption.profit", k=p.best_k))]
        if listed.empty:                   # no offer pays (or none within the budget): no list to show or download
            return out + [show.text(st.say("churn.offers.none_listed"))]
        top = self._with_reasons(listed.head(self.top_n))
        return out + [show.table(top.drop(columns=["rank", "cumulative_profit"], errors="ignore"),
                                 money=["expected_profit"], percent=["leaves_within_horizon"], style=st,
                                 ids=True, index_label=st.say("churn.index.customer"),
                                 caption=st.say("churn.caption.offers", n=len(top))),
                      show.csv_download(self._with_reasons(listed).drop(columns=["rank", "cumulative_profit"],
                                                                        errors="ignore"),
                                        "retention_list.csv", style=st)]

    def _with_reasons(self, listed: pd.DataFrame) -> pd.DataFrame:
        """The listed customers (indexed like the plan's table) with why each is at risk, in words: the one or two
        features that raise their churn probability most (:meth:`~insight.models.churn.ChurnModel.reasons`)."""
        m, st, table = self.model, self.style, self.source.table
        if listed.empty:                   # nothing to explain (the model cannot predict on no rows)
            return listed.assign(reason=pd.Series(dtype=object))
        rows = table.set_index(m.id_col).loc[listed.index] if m.id_col else table.loc[listed.index]
        why = m.reasons(rows)
        words = [st.join(st.label(f).lower() for f in (r1, r2) if pd.notna(f)) or st.say("churn.reason_none")
                 for r1, r2 in zip(why["reason_1"], why["reason_2"])]
        out = listed.assign(reason=words)
        if self.lifetime is not None:      # a probability with a horizon, from the time with the company alone
            periods = int(self.plan.params.get("periods", 1))
            out.insert(out.columns.get_loc("churn_probability") + 1, "leaves_within_horizon",
                       self.lifetime[0].leave_within(rows[self.source.duration_col].to_numpy(), periods))
        return out


def _sbg_words(st: Style, m) -> str:
    """The shifted-beta-geometric fit in words (the CLV report's words for a fitted model)."""
    from .clv import model_sentence as fit_sentence

    return fit_sentence(st, m)


@checked(model=Choice(("auto", "logistic", "hgb")), n_splits=Number(2, 20, integer=True), horizon=Number(1, 1200, integer=True),
         duration_unit=Choice(tuple(DAYS_PER_UNIT)),
         margin=Number(0, 1), offer_cost=Number(0), success_rate=Number(0, 1), acquisition_multiple=Number(0),
         currency=CURRENCY, language=LANGUAGE, calendar=CALENDAR, discount_rate=Number(0, 1), top_n=Number(1, integer=True),
         seed=Number(0, integer=True), budget=Number(0), mixed_offer_cost=Number(-1),
         mixed_success_rate=Number(-1, 1))
def churn_report(source, *, model: str = "auto", n_splits: int = 5, horizon: float = 12.0, budget: float = 0.0,
                 margin: float = 0.3, offer_cost: float = 20.0, success_rate: float = 0.3,
                 acquisition_multiple: float = 5.0, currency: str = "USD", language: str = "en", calendar: str = "",
                 duration_unit: str = "months", discount_rate: float = 0.01, top_n: int = 20,
                 seed: int = 0, mixed_offer_cost: float = -1.0, mixed_success_rate: float = -1.0) -> ChurnReport:
    """Fit the churn model on a :class:`~insight.report.sources.ChurnSource` and plan the retention offers: every kept
    customer and every figure of money counted over ``horizon`` months, leaving out customers who opted out.

    Parameters
    ----------
    source : insight.report.sources.ChurnSource
        The customer table (:func:`insight.report.sources.churn_source`).
    model : {"auto", "logistic", "hgb"}, default "auto"
        The churn model; ``"auto"`` keeps the better one by cross-validation.
    n_splits : int, default 5
        Cross-validation folds (2 to 20).
    horizon : float, default 12.0
        Months over which money is counted.
    budget : float, default 0.0
        Most money spent on offers (currency units); 0: no limit.
    margin : float, default 0.3
        Share of a customer's value that is profit.
    offer_cost, success_rate : float, default 20.0 and 0.3
        The plain discount: its cost per customer (currency units) and the share of those offered it keeps.
    acquisition_multiple : float, default 5.0
        Cost of winning a new customer, as a multiple of the offer's cost.
    currency, language : str, default "USD" and "en"
        Currency (ISO 4217) and language of the report.
    calendar : str, default ""
        Calendar of the report's dates, months and quarters: "gregorian" or "jalali" (Solar Hijri); "" = the
        language's own (Solar Hijri in Persian).
    duration_unit : str, default "months"
        Unit of the duration column.
    discount_rate : float, default 0.01
        Discount rate per month.
    top_n : int, default 20
        Number of customers shown in the tables.
    seed : int, default 0
        Random seed of the model.
    mixed_offer_cost, mixed_success_rate : float, default -1.0
        A mixed offer (smaller discount plus a service) planned like the plain one; the larger net value is kept.

    Returns
    -------
    ChurnReport

    Raises
    ------
    insight.exceptions.DataValidationError
        When a parameter breaks its rule (:func:`insight.report.params.checked`)."""
    st = Style(language=language, currency=currency, calendar=calendar)
    table = source.table
    m = sources.source_model(source, model=model, n_splits=n_splits, random_state=seed).fit(table)
    common = dict(horizon=horizon, margin=margin, acquisition_multiple=acquisition_multiple,
                  discount_rate=discount_rate, seed=seed, unit=duration_unit, budget=budget)
    lifetime, plan = sources.subscriber_plan(source, m, offer_cost=offer_cost, success_rate=success_rate, **common)
    alternative = None
    if mixed_offer_cost >= 0 and mixed_success_rate >= 0:
        _, alternative = sources.subscriber_plan(source, m, offer_cost=mixed_offer_cost,
                                                 success_rate=mixed_success_rate, offer="mixed", **common)
        if plan_net(alternative) > plan_net(plan):
            plan, alternative = alternative, plan
    curves = test = None
    failed = ""
    if source.duration_col and source.group_col:
        try:     # e.g. a negative duration, or one group only: the section says why, the rest renders
            by = table.assign(**{source.group_col: _common_levels(table[source.group_col], source.group_col,
                                                                  m.min_level_count, m.max_levels)})
            curves = sv.kaplan_meier(by, source.duration_col, source.target_col, source.group_col,
                                     positive=source.positive)
            test = sv.logrank(by, source.duration_col, source.target_col, source.group_col,
                              positive=source.positive)
        except DataValidationError as exc:
            curves, failed = None, str(exc)
    return ChurnReport(source, m, plan, m.permutation_importance(), m.odds_ratios(), curves, test, st,
                       duration_unit, top_n, seed, margin, discount_rate, lifetime, alternative, failed)
