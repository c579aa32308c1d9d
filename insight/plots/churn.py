"""Charts of who is leaving: model quality, drivers, the value of an offer, retention curves."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..style import Style, catalog
from ._style import PALETTE, axes_or_new, percent_axis, styled

__all__ = [
    "plot_roc", "plot_pr", "plot_calibration", "plot_lift", "plot_importance", "plot_profit", "plot_km",
    "plot_forest", "plot_retention_projection", "level_name",
]


def _short(st: Style, x: float) -> str:
    """``x`` with as few decimals as it needs (at most 4), as the style writes numbers: 0.5, 2, 2.5."""
    digits = next((d for d in range(5) if abs(round(x, d) - x) < 1e-9), 4)
    return st.number(x, digits)


def _model_name(st: Style, name: str) -> str:
    return st.say(f"churn.model.{name}")


# --------------------------------------------------------------------------- churn
@styled
def plot_roc(model, *, ax=None, style: Style | None = None, **kwargs):
    """Held-out ROC curve of every compared model (from the cross-validation).

    Parameters
    ----------
    model : insight.models.churn.ChurnModel
        A fitted churn model (its held-out predictions are drawn).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.plot`` (each model's curve).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from sklearn.metrics import roc_auc_score, roc_curve

    st = style or Style()
    ax = axes_or_new(ax)
    y = model.y_.to_numpy()
    for name, p in model.oof_by_model_.items():
        fpr, tpr, _ = roc_curve(y, p)
        ax.plot(fpr, tpr, label=st.say("plot.churn.roc_line", model=_model_name(st, name), auc=roc_auc_score(y, p)),
                **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label=st.say("plot.churn.random"))
    ax.set_xlabel(st.say("plot.churn.roc_x"))
    ax.set_ylabel(st.say("plot.churn.roc_y"))
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.set_title(st.say("plot.churn.roc_title"))
    ax.legend(loc="lower right")
    return ax


@styled
def plot_pr(model, *, ax=None, style: Style | None = None, **kwargs):
    """Held-out precision-recall curve of every compared model.

    Parameters
    ----------
    model : insight.models.churn.ChurnModel
        A fitted churn model (its held-out predictions are drawn).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.plot`` (each model's curve).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from sklearn.metrics import average_precision_score, precision_recall_curve

    st = style or Style()
    ax = axes_or_new(ax)
    y = model.y_.to_numpy()
    for name, p in model.oof_by_model_.items():
        prec, rec, _ = precision_recall_curve(y, p)
        ax.plot(rec, prec, label=st.say("plot.churn.pr_line", model=_model_name(st, name),
                                        auc=average_precision_score(y, p)), **kwargs)
    ax.axhline(y.mean(), ls="--", color="grey", label=st.say("plot.churn.pr_rate", rate=y.mean()))
    ax.set_xlabel(st.say("plot.churn.pr_x"))
    ax.set_ylabel(st.say("plot.churn.pr_y"))
    ax.set_title(st.say("plot.churn.pr_title"))
    ax.legend(loc="upper right")
    return ax


@styled
def plot_calibration(model, bins: int = 10, *, ax=None, style: Style | None = None, **kwargs):
    """Mean predicted vs observed churn by bin of held-out prediction (diagonal = calibrated).

    Parameters
    ----------
    model : insight.models.churn.ChurnModel
        A fitted churn model (its held-out predictions are drawn).
    bins : int, default 10
        Number of bins of held-out prediction (:meth:`insight.models.churn.ChurnModel.calibration_table`).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.plot`` (the model's line).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    t = model.calibration_table(bins)
    ax.plot(t["predicted"], t["observed"], marker="o", label=_model_name(st, model.chosen_), **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label=st.say("plot.churn.calibrated"))
    ax.set_xlabel(st.say("plot.churn.calibration_x"))
    ax.set_ylabel(st.say("plot.churn.calibration_y"))
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.set_title(st.say("plot.churn.calibration_title"))
    ax.legend(loc="upper left")
    return ax


@styled
def plot_lift(model, bins: int = 10, *, ax=None, style: Style | None = None, **kwargs):
    """Cumulative gain: share of churners caught when contacting the riskiest deciles first.

    Parameters
    ----------
    model : insight.models.churn.ChurnModel
        A fitted churn model (its held-out predictions are drawn).
    bins : int, default 10
        Number of risk groups (:meth:`insight.models.churn.ChurnModel.lift_table`).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.plot`` (the model's line).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    t = model.lift_table(bins)
    x = np.concatenate([[0], np.arange(1, len(t) + 1) / len(t)])
    ax.plot(x, np.concatenate([[0], t["cumulative_gain"]]), marker="o", label=_model_name(st, model.chosen_), **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label=st.say("plot.churn.random_order"))
    ax.set_xlabel(st.say("plot.churn.lift_x"))
    ax.set_ylabel(st.say("plot.churn.lift_y"))
    ax.set_title(st.say("plot.churn.lift_title"))
    percent_axis(ax, "x")
    percent_axis(ax, "y")
    ax.legend(loc="lower right")
    return ax


@styled
def plot_importance(importance: pd.DataFrame, top: int = 12, *, ax=None, style: Style | None = None, **kwargs):
    """Horizontal bars of permutation importance with its spread across folds.

    Parameters
    ----------
    importance : pandas.DataFrame
        Indexed by feature, most important first, with ``importance`` and optionally ``std``
        (:meth:`insight.models.churn.ChurnModel.permutation_importance`).
    top : int, default 12
        Number of features drawn (the first rows).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.barh``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    t = importance.head(top).iloc[::-1]
    kwargs.setdefault("color", PALETTE[0])
    ax.barh([st.label(i) for i in t.index], t["importance"], xerr=t.get("std"), **kwargs)
    ax.set_xlabel(st.say("plot.churn.importance_x"))
    ax.set_title(st.say("plot.churn.importance_title"))
    return ax


@styled
def plot_profit(curve, *, ax=None, style: Style | None = None, **kwargs):
    """Cumulative expected profit against the number of customers contacted (money in the style's currency).

    Parameters
    ----------
    curve : insight.retention.ProfitCurve
        A profit curve (:func:`insight.retention.retention_profit` or :func:`insight.retention.retention_plan`).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.plot`` (the curve).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    t = curve.table
    ax.plot(np.concatenate([[0], t["rank"]]), np.concatenate([[0], t["cumulative_profit"]]), **kwargs)
    ax.axvline(curve.best_k, color=PALETTE[3], lw=0.8)
    ax.annotate(st.say("plot.churn.profit_best", k=curve.best_k, profit=curve.best_profit),
                (curve.best_k, curve.best_profit), xytext=(10, -30), textcoords="offset points", color=PALETTE[3])
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_xlabel(st.say("plot.churn.profit_x"))
    ax.set_ylabel(st.say("plot.churn.profit_y", unit=st.money_unit()))
    ax.set_title(st.say("plot.churn.profit_title"))
    return ax


@styled
def level_name(st: Style, level):
    """A category level as a reader sees it: the rare levels the churn model grouped
    (``insight.models.churn.OTHER``) in words, any other level as it is.

    Parameters
    ----------
    st : insight.style.Style
        The style whose words are used.
    level : object
        A category level of the churn table.

    Returns
    -------
    object
        The words for the grouped rare levels (str), else ``level`` unchanged.
    """
    from ..models.churn import OTHER

    return st.say("churn.level_other") if level == OTHER else level


@styled
def plot_km(curves: dict, *, time_unit: str = "periods", ax=None, at_risk: bool = True, style: Style | None = None,
            **kwargs):
    """Kaplan-Meier retention curves with confidence bands (from :func:`insight.models.survival.kaplan_meier`).

    ``time_unit`` names the x axis ("months"); below the chart, the number of customers
    still at risk at each tick, counted by :func:`insight.models.survival.number_at_risk`.

    Parameters
    ----------
    curves : dict
        Group -> :class:`insight.models.survival.SurvivalCurve`, as :func:`insight.models.survival.kaplan_meier`
        returns.
    time_unit : str, default "periods"
        Unit of the durations, named on the x axis (e.g. "months").
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    at_risk : bool, default True
        Write the numbers at risk below the chart.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.step`` (each curve).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from ..models.survival import number_at_risk

    st = style or Style()
    ax = axes_or_new(ax)
    name = functools.partial(level_name, st)
    for g, curve in curves.items():
        f = curve.table
        line, = ax.step(f["time"], f["retention"], where="post",
                        label=st.say("plot.churn.km_line", group=st.isolate(name(g)), n=curve.n, median=curve.median)
                        if np.isfinite(curve.median) else st.say("plot.churn.km_line_open", group=st.isolate(name(g)),
                                                                 n=curve.n),
                        **kwargs)
        ax.fill_between(f["time"], f["ci_low"], f["ci_high"], step="post", alpha=0.2, color=line.get_color())
    ax.set_ylim(0, 1.02)
    time_unit = _unit_words(st, time_unit)
    ax.set_xlabel(st.say("plot.churn.since_start", unit=time_unit))
    ax.set_ylabel(st.say("plot.churn.still_customer"))
    percent_axis(ax, "y")
    ax.set_title(st.say("plot.churn.km_title"))
    ax.legend(loc="best", fontsize="small")
    if at_risk:   # a row of counts per group, each under its tick, in the page's font and digits
        lo, hi = ax.get_xlim()
        ticks = [t for t in ax.get_xticks() if lo <= t <= hi and t >= 0]
        counts = number_at_risk(curves, ticks)
        under = ax.get_xaxis_transform()   # x in data, y in axes fractions
        ax.annotate(st.say("plot.churn.at_risk", unit=time_unit), (lo, 0), xycoords=under, xytext=(0, -44),
                    textcoords="offset points", ha="left", va="top", fontsize="small")
        for i, g in enumerate(counts.index):
            dy = -60 - 13 * i
            ax.annotate(st.isolate(str(name(g))[:18]), (lo, 0), xycoords=under, xytext=(-24, dy),
                        textcoords="offset points", ha="right", va="top", fontsize="small")
            for t, c in zip(ticks, counts.loc[g]):
                ax.annotate(st.count(c), (t, 0), xycoords=under, xytext=(0, dy), textcoords="offset points",
                            ha="center", va="top", fontsize="small")
        ax.set_xlim(lo, hi)
    return ax


def _unit_words(st: Style, unit: str) -> str:
    """A duration unit as the data spell it (``"months"``) in the style's words where the catalog has them."""
    code = {"days": "D", "weeks": "W", "months": "M"}.get(str(unit).strip().lower())
    return catalog(st.language).get(f"unit.{code}", unit) if code else unit


@styled
def plot_forest(ratios: pd.DataFrame, *, ax=None, value_col: str = "hazard_ratio", style: Style | None = None,
                **kwargs):
    """Forest plot of hazard (or odds) ratios with confidence intervals, log scale.

    Terms are named by a ``label`` column when there is one, else by their index as a label.

    Parameters
    ----------
    ratios : pandas.DataFrame
        One row per term with ``value_col``, ``ci_low`` and ``ci_high`` (e.g. a Cox model's ``hazard_ratios`` or the
        ``table`` of :meth:`insight.models.churn.ChurnModel.odds_ratios`), drawn top to bottom.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    value_col : str, default "hazard_ratio"
        The ratio column (``"odds_ratio"`` for odds ratios); it names the axis and the title.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.errorbar``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from ..style import catalog

    st = style or Style()
    ax = axes_or_new(ax)
    t = ratios.iloc[::-1]
    y = np.arange(len(t))
    v = t[value_col].to_numpy()
    ax.errorbar(v, y, xerr=[v - t["ci_low"].to_numpy(), t["ci_high"].to_numpy() - v], fmt="o", capsize=3, **kwargs)
    ax.axvline(1, color="grey", ls="--")
    ax.set_xscale("log")
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: st.say("plot.churn.times", x=_short(st, x))))
    ax.xaxis.set_minor_formatter(NullFormatter())
    names = t["label"] if "label" in t.columns else [st.label(i) for i in t.index]
    ax.set_yticks(y, list(names))
    if f"plot.churn.forest_x.{value_col}" in catalog(st.language):
        ax.set_xlabel(st.say(f"plot.churn.forest_x.{value_col}"))
        ax.set_title(st.say(f"plot.churn.forest_title.{value_col}"))
    else:
        ax.set_xlabel(st.say("plot.churn.forest_x", ratio=st.label(value_col)))
        ax.set_title(st.say("plot.churn.forest_title", ratio=st.label(value_col)))
    return ax


@styled
def plot_retention_projection(km, model, periods: int, *, time_unit: str = "periods", ax=None,
                              style: Style | None = None, **kwargs):
    """Observed retention (a Kaplan-Meier frame of :func:`insight.models.survival.kaplan_meier`) against the
    shifted-beta-geometric model's curve (:class:`~insight.models.clv.sbg.ShiftedBetaGeometric`), projected to
    ``periods``.

    Parameters
    ----------
    km : pandas.DataFrame
        Observed retention with columns ``time`` and ``retention`` (a curve's ``table``).
    model : insight.models.clv.sbg.ShiftedBetaGeometric
        A fitted shifted-beta-geometric model.
    periods : int
        Number of periods the model's curve is drawn to.
    time_unit : str, default "periods"
        Unit of a period, named on the x axis.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.step`` (the observed curve).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    ax.step(km["time"], km["retention"], where="post", label=st.say("plot.churn.observed_km"), color=PALETTE[0],
            **kwargs)
    s = model.survival(periods)
    ax.plot(s.index, s.to_numpy(), ls="--", color=PALETTE[1], label=st.say("plot.churn.sbg_projected"))
    ax.set_ylim(0, 1.02)
    percent_axis(ax, "y")
    time_unit = _unit_words(st, time_unit)
    ax.set_xlabel(st.say("plot.churn.since_start", unit=time_unit))
    ax.set_ylabel(st.say("plot.churn.still_customer"))
    ax.set_title(st.say("plot.churn.projection_title"))
    ax.legend(loc="lower left")
    return ax
