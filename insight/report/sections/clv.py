"""The customer-value report: is each customer still active, how much will they buy, and what are they worth?

The models of :mod:`insight.models.clv` return numbers and codes; the functions here write them for readers in the
report's :class:`~insight.style.Style` (the overview and churn reports use them too)."""

from __future__ import annotations

import html
import re
import warnings
import functools
from types import SimpleNamespace
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import features as ft
from ... import plots as ip
from ... import retention as rt
from ...exceptions import ConvergenceWarning, DataValidationError
from ...models import clv
from ...models import segments as seg
from ...models.clv import goodness as gof
from ...parsers import whole_months
from ...style import Style, catalog
from .. import display as show
from .. import sources
from ..params import CURRENCY, CALENDAR, LANGUAGE, Choice, Number, checked
from ._common import buyers_sentence, cohort_view, new_axes, styled
from ._actions import actions_view, recommendation
from .quality import cleaning_view
from .types import describe_types, type_match_sentence, type_name

__all__ = ["CLVReport", "clv_report", "model_sentence", "worth_reason", "worth_sentence", "fit_error_words"]


# --------------------------------------------------------------------------- the models in words
def model_name(st: Style, name: str) -> str:
    """A registry name or a model's class name as readers see it ("bgnbd", "BetaGeo" -> "BG/NBD"); a name without a
    message as it is."""
    key = next((k for k, cls in clv.models().items() if cls.__name__ == name), name)
    return st.say(f"clv.model.{key}") if f"clv.model.{key}" in catalog(st.language) else str(name)


def diagnostics_sentence(st: Style, d: clv.Diagnostics) -> str:
    """What a fit's :class:`~insight.models.clv.Diagnostics` say: what the data cannot support, or that it converged."""
    values = dict(d.values)
    if "dropout" in values:     # a chance far below 1%: three decimals
        values["dropout"] = st.percent(values["dropout"], 3)
    return st.say(f"clv.diag.{d.reason or 'ok'}", **values)


_UNTRUSTED = re.compile(r"^(\w+): no intervals for a fit that cannot be trusted: fit status '(\w+)' \((\w+)(?:; (.*))?\)")
_COVARIANCE = re.compile(r"^(\w+): the parameters' covariance is not positive definite")
_DRAWS = re.compile(r"(\d+) of (\d+) parameter draws give no finite prediction")
_CATEGORIES = re.compile(r"only (\d+) purchase-count categories .* of a (\d+)-parameter model")


def _figures(text: str | None) -> dict:
    """``"n 3, needed 10"`` (a fit's diagnostic figures as an error message writes them) -> ``{"n": 3.0, ...}``."""
    out = {}
    for part in (text or "").split(", "):
        key, _, value = part.strip().partition(" ")
        try:
            out[key] = float(value)
        except ValueError:
            continue
    return out


def fit_error_words(st: Style, error, unknown: str | None = None) -> str:
    """Why a customer-base model gave no interval or test, in the reader's words: the error that
    :mod:`insight.models.clv` raised (or its text) read for what it says, with the model's name from the catalog
    (``clv.model.<registry name>``) and the fit's state as ``diagnostics_sentence`` writes it. An error these
    words do not know is said in general terms (or as ``unknown``): no class name or developer's message reaches the
    reader.

    Parameters
    ----------
    st : insight.style.Style
        Language of the words.
    error : Exception or str
        The error, or its text (``str(exc)``, as a report's plan keeps it).
    unknown : str, optional
        What to say for an error these words do not know (a caller's own data problem, already in words); by
        default a general sentence.

    Returns
    -------
    str
        One sentence (or clause) in ``st``'s language.

    Examples
    --------
    >>> error = "ShiftedBetaGeometric: no intervals for a fit that cannot be trusted: fit status 'not_converged' (flat)."
    >>> fit_error_words(Style(), error)[:74]
    'shifted-beta-geometric cannot be trusted on these data: the maximum-likeli'
    >>> fit_error_words(Style(), "ValueError: something internal")
    'the model could not be fitted to these data.'
    """
    text = str(error).strip()
    m = _UNTRUSTED.match(text)
    if m:
        try:
            reason = diagnostics_sentence(st, SimpleNamespace(reason=m.group(3), values=_figures(m.group(4))))
        except (KeyError, ValueError, IndexError):
            reason = st.say("clv.error.not_trusted")
        return st.say("clv.error.untrusted", model=model_name(st, m.group(1)), reason=reason)
    m = _COVARIANCE.match(text)
    if m:
        return st.say("clv.error.covariance", model=model_name(st, m.group(1)))
    m = _DRAWS.search(text)
    if m:
        return st.say("clv.error.draws", n=int(m.group(1)), total=int(m.group(2)))
    m = _CATEGORIES.search(text)
    if m:
        return st.say("clv.error.few_categories", n=int(m.group(1)), k=int(m.group(2)))
    return st.say("clv.error.other") if unknown is None else unknown


def _notes(st: Style, d: clv.Diagnostics) -> str:
    return " ".join(st.say(f"clv.note.{n}", **d.values) for n in d.notes)


def _unit_one(st: Style, time_unit: str) -> str:
    return st.say(f"clv.unit_one.{time_unit}") if f"clv.unit_one.{time_unit}" in catalog(st.language) else time_unit


def fit_description(st: Style, count_model, spend_model, time_unit: str = "W") -> str:
    """What the fitted purchase and spend models say, in plain words; where a fit cannot support a figure it says so
    instead of giving one (dropout not identified, spend not converged, too little data)."""
    unit = _unit_one(st, time_unit)
    P, d = count_model.params_, count_model.diagnostics_
    if d.status in ("too_little_data", "not_converged"):
        parts = [st.say("clv.fit.untrusted", reason=diagnostics_sentence(st, d))]
    else:
        parts = [st.say("clv.fit.rates", r=P["r"], rate=P["r"] / P["alpha"], unit=unit)]
        if not d.ok:
            parts.append(st.say("clv.fit.dropout_not_identified", reason=diagnostics_sentence(st, d)))
        elif "a" in P:
            parts.append(st.say("clv.fit.leave_after_purchase", p=P["a"] / (P["a"] + P["b"])))
        else:
            life = count_model.expected_lifetime()
            parts.append(st.say("clv.fit.leave_rate_lifetime", rate=P["s"] / P["beta"], unit=unit, life=life,
                                units=time_unit) if np.isfinite(life) else
                         st.say("clv.fit.leave_rate_notes", rate=P["s"] / P["beta"], unit=unit, notes=_notes(st, d)))
    g = spend_model.diagnostics_
    if g.ok:
        gg = spend_model.params_
        parts.append(st.say("clv.fit.spend", spend=gg["gamma"] * gg["p"] / (gg["q"] - 1)))
    else:
        parts.append(st.say("clv.fit.spend_not_modelled", reason=diagnostics_sentence(st, g)))
    if spend_model.n_excluded_zero_:
        parts.append(st.say("clv.fit.zero_spend", n=spend_model.n_excluded_zero_))
    return " ".join(parts)


def model_sentence(st: Style, model) -> str:
    """A fitted customer-base model in one sentence: the model, its parameters and whether it can be trusted.

    Parameters
    ----------
    st : insight.style.Style
        Language and currency of the report.
    model : object
        A fitted purchase or spend model of :mod:`insight.models.clv`.

    Returns
    -------
    str"""
    model.check_fitted()
    pars = st.join(st.say("clv.param", name=k, value=v) for k, v in model.params_.items())
    return st.say("clv.model_sentence", model=model_name(st, type(model).__name__), n=model.n_customers_, params=pars,
                  log_likelihood=model.log_likelihood_, status=diagnostics_sentence(st, model.diagnostics_))


def model_view(st: Style, model) -> show.Html:
    """A fitted model as the report shows it: customers, log-likelihood and AIC, and its parameter table."""
    summary = model.summary()
    head = st.say("clv.model_view", model=model_name(st, type(model).__name__), n=model.n_customers_,
                  log_likelihood=model.log_likelihood_, aic=model.aic_)
    shown = summary.rename(columns={c: st.say(f"clv.summary_col.{c}") for c in summary.columns})
    note = (f"<p>{html.escape(st.say('clv.model_view.se_note'))}</p>" if summary.isna().any().any() else "")
    markup = (f"<p>{html.escape(head)}</p>"
              + shown.to_html(float_format=st.number, na_rep=st.say("clv.model_view.not_estimable")) + note)
    return show.Html(markup, head)


# --------------------------------------------------------------------------- values in words
def horizon_words(st: Style, worth: clv.CustomerValues) -> str:
    """The valuation horizon, e.g. "52 weeks"."""
    h = float(worth.horizon)
    return st.say("clv.horizon", horizon=st.number(h, 0 if h.is_integer() else 2), unit=worth.time_unit)


def worth_reason(st: Style, worth: clv.CustomerValues) -> str:
    """Why a customer-value result cannot be trusted (the diagnostics of the fit that fails), in words.

    Parameters
    ----------
    st : insight.style.Style
        Language of the report.
    worth : insight.models.clv.CustomerValues
        The customer values whose ``reason`` is written.

    Returns
    -------
    str"""
    return diagnostics_sentence(st, worth.reason)


def worth_sentence(st: Style, worth: clv.CustomerValues) -> str:
    """How many customers have probably left, their share of past revenue and the expected margin; or why not.

    Parameters
    ----------
    st : insight.style.Style
        Language and currency of the report.
    worth : insight.models.clv.CustomerValues
        The customer values (:func:`insight.models.clv.value_customers`).

    Returns
    -------
    str"""
    if not worth.trusted:
        return st.say("clv.worth_untrusted", reason=worth_reason(st, worth))
    rev, churned = worth.values["past_revenue"], worth.churned
    return st.say("clv.worth", churned=churned.mean(), n_churned=int(churned.sum()), n=len(churned),
                  threshold=worth.p_alive_threshold, lost_share=rev[churned].sum() / rev.sum(),
                  horizon=horizon_words(st, worth), total=worth.values["clv"].sum())


def assumptions_sentence(st: Style, worth: clv.CustomerValues) -> str:
    """What the CLV figures rest on, in words."""
    return st.say("clv.assumptions", margin=worth.margin, horizon=horizon_words(st, worth),
                  discount_rate=worth.discount_rate, currency=st.currency)


def loyal_sentence(st: Style, worth: clv.CustomerValues, top: float = 0.2, claim: float = 10.0) -> str:
    """The claim "a loyal customer is worth up to 10 times a new one", with "loyal" the top 20% by frequency."""
    r = worth.loyal_ratio(top)
    return st.say("clv.loyal_holds" if r["ratio"] >= claim else "clv.loyal_not_reached", new=r["new"],
                  top=top, loyal=r["loyal"], ratio=r["ratio"], claim=claim)


def value_range_sentence(st: Style, worth: clv.CustomerValues, value_range) -> str:
    """The interval of the total CLV (an :class:`~insight.models.clv.Intervals`), or why there is none."""
    v = value_range
    if v is None or not worth.trusted:
        return ""
    if isinstance(v, str):
        return st.say("clv.no_range", reason=fit_error_words(st, v))
    return st.say("clv.value_range", low=v.total["low"], high=v.total["high"], level=v.level)


def interval_sentence(st: Style, iv: clv.Intervals, money: bool = False) -> str:
    """An :class:`~insight.models.clv.Intervals`' total with its interval, in money when ``money``."""
    write = (lambda x: st.money(x)) if money else (lambda x: st.count(x))
    what = (st.say(f"clv.interval_what.{iv.what}{'_opportunities' if iv.unit == 'opportunities' else ''}",
                   horizon=st.number(iv.horizon, 0 if float(iv.horizon or 0).is_integer() else 2))
            if iv.what == "expected_purchases" else st.say(f"clv.interval_what.{iv.what}"))
    t = iv.total
    return st.say("clv.interval", what=what, estimate=write(t["estimate"]), level=iv.level, low=write(t["low"]),
                  high=write(t["high"]), n_draws=iv.n_draws)


# --------------------------------------------------------------------------- checks in words
def _signed(st: Style, x: float) -> str:
    return ("+" if x >= 0 else "") + st.percent(x, 1)


def split_sentence(st: Style, split: clv.CalibrationHoldout) -> str:
    """The calibration/holdout split of :func:`insight.models.clv.split_calibration` in words."""
    data = split.table
    return st.say("clv.split", calibration_end=split.calibration_end, holdout_end=split.holdout_end,
                  customers=len(data), new=split.new_in_holdout, repeat_calibration=data["frequency"].sum(),
                  repeat_holdout=data["holdout_purchases"].sum())


def holdout_sentence(st: Style, check: clv.HoldoutCheck) -> str:
    """The holdout check: summed error, error per customer against the naive baseline, and the lifetimes cross-check."""
    h = check.metrics
    text = st.say("clv.holdout.earns" if h["mae"] < h["naive_mae"] else "clv.holdout.no_gain",
                  error=_signed(st, h["total_error"]), actual=h["actual_total"], mae=h["mae"], naive_mae=h["naive_mae"])
    if check.lifetimes_failed:
        # the exception's name and message are for developers; the reader learns whether the fit did not converge
        failed = str(check.lifetimes_failed).split(":")[0]
        reason = st.say("clv.lifetimes.convergence" if "Convergence" in failed else "clv.lifetimes.other")
        text += " " + st.say("clv.holdout.lifetimes_failed", reason=reason)
    return text


def _holdout_table(st: Style, check: clv.HoldoutCheck) -> show.Html:
    keys = ["model", "lifetimes", "naive_baseline", "actual", "total_purchases", "mae", "correlation"]
    return show.table(check.table, labels={k: st.say(f"clv.holdout_table.{k}") for k in keys}, style=st)


def alive_sentence(st: Style, check: clv.AliveCheck | None) -> str:
    """Whether the model over- or under-states how many customers are still active, from the holdout (an
    :func:`~insight.models.clv.alive_check`); "" without one."""
    if check is None:
        return ""
    if check.expected_alive < check.actual_active:
        return st.say("clv.alive.under_alive", alive=check.expected_alive, actual=check.actual_active, n=check.n)
    if check.expected_active is None:
        return st.say("clv.alive.alive_only", alive=check.expected_alive, actual=check.actual_active, n=check.n)
    return st.say(f"clv.alive.{check.verdict}", expected=check.expected_active, actual=check.actual_active,
                  gap=abs(check.gap), alive=check.expected_alive, n=check.n)


def tracking_sentence(st: Style, track: clv.Tracking) -> str:
    """How far the cumulative tracking curve ends from the actual repeat purchases."""
    return st.say("clv.tracking", gap=_signed(st, clv.tracking_gap(track)))


def fit_test_sentence(st: Style, check: clv.PeriodTransactions) -> str:
    """The period-transactions test (:func:`insight.models.clv.period_transactions`) in words."""
    return st.say("clv.fit_test.within" if check.p_value >= 0.05 else "clv.fit_test.beyond", model=model_name(st, check.model),
                  chi2=check.chi2, df=check.df, p=check.p_value, worst=st.native(str(check.largest_gap)))


def comparison_sentence(st: Style, table: pd.DataFrame, used: str) -> str:
    """Which candidate (:func:`insight.models.clv.goodness.compare_models`) predicts the holdout best, and which
    model the report uses; when no fit can be trusted, that none is recommended."""
    if "trusted" in table.columns and not table["trusted"].any():
        return st.say("clv.comparison.none_trusted", n=len(table))
    best = table.index[0]
    used_row = table.loc[used]
    text = st.say("clv.comparison.best", best=model_name(st, best), mae=table.loc[best, "holdout_mae"],
                  best_aic=model_name(st, table["aic"].idxmin()))
    if used != best:
        return text + " " + st.say("clv.comparison.other", used=model_name(st, used), mae=used_row["holdout_mae"],
                                   best_id=best)
    return text + " " + st.say("clv.comparison.same", p=used_row["fit_test_p_value"])


def _comparison_table(st: Style, table: pd.DataFrame) -> show.Html:
    labels = {c: st.say(f"clv.comparison_col.{c}") for c in table.columns}
    return show.table(table.rename(index=lambda n: model_name(st, n)), labels=labels,
                      percent=["holdout_total_error"], index_label=st.say("clv.index.model"), style=st)


# --------------------------------------------------------------------------- actions on a purchase log
def log_actions(worth: clv.CustomerValues, revenue_12m: pd.Series, *, months: float, margin: float,
                success_rate: float, offer_cost: float, budget: float, acquisition_multiple: float, top_n: int,
                discount_rate: float, link: str = "clv", offers: bool = True) -> list[rt.Action]:
    """The actions a purchase log prices when its fit can be trusted, over ``months`` months: retention offers to
    current customers by their chance of having left (``offers``; a kept customer brings an active customer's
    margin of the last 12 months, discounted) and winning back the ``top_n`` most valuable who have probably left.
    The CLV report and the overview both call this, so their figures are the same."""
    if not worth.trusted:
        return []
    lost = worth.churned
    out = []
    if offers:
        kept = float(revenue_12m[~lost].mean() * margin) * rt.discounted_months(months, discount_rate) / 12
        p_leave = 1 - worth.values.loc[~lost, "p_alive"].to_numpy()
        terms = dict(offer_cost=offer_cost, success_rate=success_rate, acquisition_multiple=acquisition_multiple)
        strategies = rt.compare_strategies(p_leave, kept, budget=budget, **terms)
        out.append(rt.action_retention_offers(strategies, offer_cost=offer_cost, budget=budget,
                                              success_rate=success_rate, horizon=months, report=link,
                                              best=rt.retention_profit(p_leave, kept, **terms)))
    return out + [rt.action_win_back(revenue_12m[lost], top_n=top_n, margin=margin, success_rate=success_rate,
                                     offer_cost=offer_cost, horizon=months, discount_rate=discount_rate,
                                     report=link)]


# --------------------------------------------------------------------------- CLV
@styled
@dataclass
class CLVReport:
    """The customer-value report's sections (made by :func:`clv_report`): each public method returns one section.

    Attributes
    ----------
    source : insight.report.sources.TransactionSource
    holdout_split : insight.models.clv.CalibrationHoldout
    count_model, spend_model : object
        The purchase and spend models fitted on the calibration period.
    check : insight.models.clv.HoldoutCheck
    worth : insight.models.clv.CustomerValues
    full, count_full : pandas.DataFrame and object
        The customer summary of all data and the purchase model fitted on it (``worth`` comes from them).
    actions : pandas.DataFrame
        :func:`insight.retention.rank_actions` of the actions this log prices.
    style : insight.style.Style
    top_n, seed : int
        Number of customers shown in the tables; random seed.
    time_unit, model_name : str
    value_range : insight.models.clv.Intervals or str or None
        The interval of the total CLV, or the reason there is none."""
    source: object
    holdout_split: clv.CalibrationHoldout
    count_model: object
    spend_model: object
    check: clv.HoldoutCheck
    worth: clv.CustomerValues
    full: pd.DataFrame
    count_full: object
    actions: pd.DataFrame            # insight.retention.rank_actions of log_actions
    time_unit: str
    style: Style
    top_n: int
    seed: int
    model_name: str = "bgnbd"
    value_range: object = None       # insight.models.clv.intervals.Intervals of the CLV, or the reason there is none

    @functools.cached_property
    def alive(self) -> clv.AliveCheck | None:
        """Customers the model expects alive and buying in the holdout against those who bought (None for a fit
        that cannot be trusted)."""
        if not self.count_model.diagnostics_.ok:
            return None
        return clv.alive_check(self.count_model, self.calibration)

    @property
    def currency(self) -> str:
        return self.style.currency

    def value_range_sentence(self) -> str:
        """The interval of the total CLV, or why there is none; "" when the values cannot be trusted.

        Returns
        -------
        str"""
        return value_range_sentence(self.style, self.worth, self.value_range)

    def _action(self) -> str:
        """The best paying action, or that none pays and what would have to be true for one to."""
        return recommendation(self.style, self.actions, link=False)

    def what_to_do(self) -> list:
        """The actions this log prices, on one footing (the overview shows the same figures).

        Returns
        -------
        list of insight.report.display.Html"""
        if not len(self.actions):
            return [show.not_covered(self.style.say("clv.section.actions"), worth_reason(self.style, self.worth),
                                     style=self.style)]
        return actions_view(self.style, self.actions)

    def headline(self) -> show.Html:
        """The headline box: customers lost and value, holdout check, buyers, loyal customers; the best action.

        Returns
        -------
        insight.report.display.Html"""
        w, st = self.worth, self.style
        return show.headline(st.say("clv.title"), self.source.name, [
            " ".join(x for x in (worth_sentence(st, w), self.value_range_sentence()) if x),
            holdout_sentence(st, self.check), alive_sentence(st, self.alive),
            buyers_sentence(st, self.cohort_table, self.revenue_change),
            loyal_sentence(st, w) if w.trusted else ""],
            action=self._action() if w.trusted else "",
            assumptions=assumptions_sentence(st, w),
            simulated=self.source.simulated, seed=self.seed, style=st)

    @property
    def calibration(self) -> pd.DataFrame:
        """The calibration summary the models were fitted on (with the holdout purchases)."""
        return self.holdout_split.table

    def split(self) -> list:
        """The calibration and holdout periods in words, and the cleaning of the log.

        Returns
        -------
        list of insight.report.display.Html"""
        return [show.text(split_sentence(self.style, self.holdout_split)), cleaning_view(self.style, self.holdout_split.cleaning)]

    def holdout(self) -> list:
        """How well the purchase model predicted the holdout: the check, its table, tracking and holdout by frequency.

        Returns
        -------
        list of insight.report.display.Html"""
        s, c, st = self.source, self.calibration, self.style
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
        return [show.text(holdout_sentence(st, self.check) + " " + alive_sentence(st, self.alive)),
                _holdout_table(st, self.check),
                show.figure(ip.plot_tracking(track, time_unit=self.time_unit, ax=new_axes(7, 4.2), style=st),
                            tracking_sentence(st, track)),
                show.figure(ip.plot_holdout_by_frequency(self.count_model, c, ax=new_axes(7, 4.2), style=st),
                            st.say("clv.caption.holdout_by_frequency"))]

    def values(self) -> list:
        """Every customer's value: the sentence, P(alive) by frequency and recency, the CLV spread.

        Returns
        -------
        list of insight.report.display.Html"""
        w, st = self.worth, self.style
        if not w.trusted:
            return [show.not_covered(st.say("clv.section.values"), st.say("clv.needs.values",
                                                                          reason=worth_reason(st, w)), style=st)]
        t_show = float(self.full["T"].quantile(0.9))
        return [show.text(" ".join([worth_sentence(st, w), self.value_range_sentence(), assumptions_sentence(st, w)])),
                show.figure(ip.plot_frequency_recency(self.count_full, t_show, what="p_alive", ax=new_axes(6.5, 5),
                                                      style=st), st.say("clv.caption.p_alive")),
                show.figure(ip.plot_distribution(w.values["clv"], ax=new_axes(7, 4), label=st.say("plot.clv.clv"),
                                                 style=st), st.say("clv.caption.distribution"))]

    def loyal(self) -> list:
        """Value by customer type (whether loyal customers are worth more); not covered without a fit.

        Returns
        -------
        list of insight.report.display.Html"""
        s, w, st = self.source, self.worth, self.style
        typer = seg.CustomerTypes(n_bootstrap=0, random_state=0, too_little_data="note").fit(
            ft.customer_summary(s.transactions, as_of=self.holdout_split.holdout_end, **s.summary_kwargs()))
        if not w.trusted or typer.insufficient_ is not None:
            return [show.not_covered(st.say("clv.section.loyal"), st.say("clv.needs.loyal"), style=st)]
        types = typer.types_.reindex(w.values.index).fillna(seg.TOO_LITTLE)
        words = types.map(lambda t: type_name(st, t)).rename(types.name)
        return [show.text(loyal_sentence(st, w)),
                show.figure(ip.plot_value_by_group(w.values["clv"].rename(st.say("plot.clv.clv")), words,
                                                   ax=new_axes(7, 4), style=st),
                            st.say("clv.caption.by_type", currency=st.currency)),
                show.text(type_match_sentence(st, typer, s.demo.customers) if s.simulated else describe_types(st, typer)),
                show.table(w.by_group(words), money=["mean_clv", "total_clv"], style=st)]

    def lost(self) -> list:
        """The valuable customers probably lost, with the action and a CSV download of every value.

        Returns
        -------
        list of insight.report.display.Html"""
        w, st = self.worth, self.style
        if not w.trusted:
            return [show.not_covered(st.say("clv.section.lost"), st.say("clv.needs.lost"), style=st)]
        return [show.text(self._action()),
                show.table(w.at_risk(self.top_n), money=["expected_spend", "clv", "past_revenue"], style=st,
                           ids=True, index_label=st.say("clv.index.customer")),
                show.csv_download(w.values, "customer_values.csv", style=st)]

    def models(self) -> list:
        """What the fitted purchase and spend models say, with their parameter tables.

        Returns
        -------
        list of insight.report.display.Html"""
        st = self.style
        return [show.text(fit_description(st, self.count_model, self.spend_model, self.time_unit)),
                model_view(st, self.count_model), model_view(st, self.spend_model)]

    @functools.cached_property
    def cohort_table(self) -> ft.Cohorts:
        """Acquisition cohorts of the whole log, with the same cleaning as every other figure."""
        s = self.source
        return ft.cohort_table(s.transactions, calendar=self.style.calendar, **s.summary_kwargs())

    @functools.cached_property
    def revenue_change(self) -> dict | None:
        """Revenue in the last two complete periods of the cohorts, and whether it changed beyond noise."""
        s = self.source
        return ft.revenue_change(s.transactions, self.cohort_table, **s.summary_kwargs())

    def cohorts(self) -> list:
        """Acquisition cohorts: the largest change, the heatmap and the table.

        Returns
        -------
        list of insight.report.display.Html"""
        return cohort_view(self.cohort_table, style=self.style, revenue=self.revenue_change)

    def comparison(self) -> list:
        """The purchase models compared on the calibration data, and the fit test of the one used.

        Returns
        -------
        list of insight.report.display.Html"""
        st = self.style
        table = gof.compare_models(self.calibration)
        out = [show.text(comparison_sentence(st, table, self.model_name)), _comparison_table(st, table)]
        try:
            with np.errstate(all="ignore"):
                check = gof.period_transactions(self.count_model, self.calibration, seed=self.seed)
        except DataValidationError as exc:
            return out + [show.text(st.say("clv.no_fit_test", reason=fit_error_words(st, exc)))]
        return out + [show.figure(ip.plot_period_transactions(check, ax=new_axes(7, 4), style=st),
                                  fit_test_sentence(st, check))]


@checked(time_unit=Choice(tuple(ft.TIME_UNITS)), horizon=Number(0, above=True), discount_rate=Number(0), margin=Number(0, 1),
         p_alive_threshold=Number(0, 1), offer_cost=Number(0), success_rate=Number(0, 1), budget=Number(0),
         acquisition_multiple=Number(0), top_n=Number(1, integer=True), currency=CURRENCY, language=LANGUAGE, calendar=CALENDAR, seed=Number(0, integer=True),
         engine=Choice(("duckdb", "spark")))
def clv_report(source, *, calibration_end: str = "", holdout_end: str = "", time_unit: str = "W",
               model: str = "bgnbd", horizon: float = 52.0, discount_rate: float = 0.01, margin: float = 0.3,
               p_alive_threshold: float = 0.5, offer_cost: float = 20.0, success_rate: float = 0.3,
               budget: float = 5000.0, acquisition_multiple: float = 5.0, top_n: int = 25, currency: str = "USD",
               language: str = "en", calendar: str = "", seed: int = 0, engine: str = "duckdb", spark_master: str = "local[*]") -> CLVReport:
    """Fit and check the purchase and spend models on a :class:`~insight.report.sources.TransactionSource`, then value
    every customer with all data (:func:`insight.report.pipelines.current_values`, as the overview does).

    Parameters
    ----------
    source : insight.report.sources.TransactionSource
        The purchase log (:func:`insight.report.sources.transaction_source`).
    calibration_end, holdout_end : str, default ""
        Ends of the calibration and holdout periods; "" chooses them (:func:`insight.report.pipelines.split_dates`).
    time_unit, model : str, default "W" and "bgnbd"
        Time unit of the models (a key of ``insight.features.TIME_UNITS``) and the purchase model (a name of
        :func:`insight.models.clv.count_models`).
    horizon, discount_rate, margin, p_alive_threshold : float, default 52.0, 0.01, 0.3 and 0.5
        Valuation horizon (in ``time_unit``), discount rate per month, share of spend that is profit, and the P(alive)
        below which a customer has probably left.
    offer_cost, success_rate, budget, acquisition_multiple : float, default 20.0, 0.3, 5000.0 and 5.0
        Offer cost per customer (currency units), share it keeps, most money spent, new customer's cost per offer cost.
    top_n, seed : int, default 25 and 0
        Number of customers shown in the tables; random seed of the intervals and fit tests.
    currency, language : str, default "USD" and "en"
        Currency (ISO 4217) and language of the report.
    calendar : str, default ""
        Calendar of the report's dates, months and quarters: "gregorian" or "jalali" (Solar Hijri); "" = the
        language's own (Solar Hijri in Persian).
    engine, spark_master : str, default "duckdb" and "local[*]"
        "spark": customer summaries in Spark at ``spark_master`` ("local[*]", "yarn"); :mod:`insight.features.spark`.

    Returns
    -------
    CLVReport"""
    import dataclasses

    from ...validate import check_in

    check_in("model", model, list(clv.count_models()))
    st = Style(language=language, currency=currency, calendar=calendar)
    if engine == "spark":
        from ...features import spark

        spark.session(spark_master)
        source = dataclasses.replace(source, engine="spark")
    cal_end, hold_end = sources.split_dates(source, calibration_end, holdout_end)
    with warnings.catch_warnings():   # each fit's status is stated in words (fit_description)
        warnings.simplefilter("ignore", ConvergenceWarning)
        split = clv.split_calibration(source.transactions, source.customer_col, source.date_col, source.amount_col,
                                      calibration_end=cal_end, holdout_end=hold_end, time_unit=time_unit,
                                      drop_duplicates=source.drop_duplicates, engine=source.engine)
        cal = split.table
        count_model, spend_model = clv.fit_models(cal, model)
    worth, whole, (count_full, spend_full) = sources.current_values(
        source, model=model, time_unit=time_unit, end=hold_end, horizon=horizon, discount_rate=discount_rate,
        margin=margin, p_alive_threshold=p_alive_threshold)
    months = whole_months(horizon, ft.TIME_UNITS[time_unit])
    actions = rt.rank_actions(log_actions(worth, sources.revenue_last_year(source, hold_end, worth.values.index),
                                          months=months, margin=margin, success_rate=success_rate,
                                          offer_cost=offer_cost, budget=budget,
                                          acquisition_multiple=acquisition_multiple, top_n=top_n,
                                          discount_rate=discount_rate))
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
                     whole.table, count_full, actions, time_unit, st, top_n, seed, model, value_range)
