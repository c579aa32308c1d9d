"""Charts of what customers are worth: the customer-base models' predictions, checks and values."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..style import Style
from ._style import PALETTE, axes_or_new, styled

__all__ = [
    "plot_frequency_recency", "plot_holdout_by_frequency", "plot_tracking", "plot_distribution",
    "plot_value_by_group", "plot_period_transactions",
]


# --------------------------------------------------------------------------- CLV
def _fr_grid(model, T, max_frequency, max_recency, what):
    f = np.arange(0, max_frequency + 1)
    r = np.linspace(0, max_recency, 40)
    F, R = np.meshgrid(f, r)
    grid = pd.DataFrame({model.frequency_col: F.ravel().astype(float), model.recency_col: R.ravel(),
                         model.T_col: float(T)})
    grid.loc[grid[model.frequency_col] == 0, model.recency_col] = 0.0
    vals = (model.p_alive(grid) if what == "p_alive" else model.expected_purchases(grid, 1.0)).to_numpy()
    return f, r, vals.reshape(R.shape)


@styled
def plot_frequency_recency(model, T: float, *, what: str = "expected", max_frequency: int | None = None,
                           ax=None, cmap: str = "viridis", style: Style | None = None, **kwargs):
    """Heatmap over frequency x recency of expected purchases next period (``what="expected"``) or P(alive).

    Parameters
    ----------
    model : insight.models.clv.beta_geo.BetaGeo or another count model
        A fitted customer-base model with ``p_alive`` and ``expected_purchases`` (BG/NBD, MBG/NBD, Pareto/NBD).
    T : float
        Customer age (time units since the first purchase) at which the grid is evaluated; recency runs 0..T.
    what : {"expected", "p_alive"}, default "expected"
        Expected purchases in the next time unit, or the probability of being alive.
    max_frequency : int, optional
        Largest repeat frequency drawn; None (default): 20.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    cmap : str, default "viridis"
        Matplotlib colour map.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.imshow``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    max_frequency = max_frequency or 20
    f, r, vals = _fr_grid(model, T, max_frequency, T, what)
    im = ax.imshow(vals, origin="lower", aspect="auto", cmap=cmap, extent=[f[0] - 0.5, f[-1] + 0.5, 0, T], **kwargs)
    label = st.say("plot.clv.p_alive" if what == "p_alive" else "plot.clv.expected_next")
    ax.figure.colorbar(im, ax=ax, label=label)
    ax.set_xlabel(st.say("plot.clv.frequency"))
    ax.set_ylabel(st.say("plot.clv.recency"))
    ax.set_title(st.say("plot.clv.fr_title", what=label, T=T))
    return ax


@styled
def plot_holdout_by_frequency(model, data: pd.DataFrame, max_frequency: int = 7, *, ax=None,
                              style: Style | None = None, **kwargs):
    """Mean actual vs predicted holdout purchases by calibration frequency (censored at ``max_frequency``).

    Parameters
    ----------
    model : insight.models.clv.beta_geo.BetaGeo or another count model
        A fitted customer-base model with ``p_alive`` and ``expected_purchases`` (BG/NBD, MBG/NBD, Pareto/NBD).
    data : pandas.DataFrame
        Calibration summary with ``frequency``, ``holdout_purchases`` and ``holdout_length`` (time units), as
        :func:`insight.models.clv.holdout.split_calibration` makes it.
    max_frequency : int, default 7
        Frequencies from this one up are drawn as one group ("7+").
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.plot`` (the actual line).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    t = float(data["holdout_length"].iloc[0])
    pred = model.expected_purchases(data, t)
    grp = data["frequency"].clip(upper=max_frequency).astype(int)
    tab = pd.DataFrame({"actual": data["holdout_purchases"], "predicted": pred}).groupby(grp).mean()
    ax.plot(tab.index, tab["actual"], marker="o", label=st.say("plot.clv.actual"), **kwargs)
    ax.plot(tab.index, tab["predicted"], marker="s", ls="--", label=f"{type(model).__name__}")
    ax.set_xticks(tab.index, [str(i) if i < max_frequency else f"{i}+" for i in tab.index])
    ax.set_xlabel(st.say("plot.clv.repeat_in_calibration"))
    ax.set_ylabel(st.say("plot.clv.mean_holdout"))
    ax.set_title(st.say("plot.clv.holdout_title"))
    ax.legend()
    return ax


@styled
def plot_tracking(tracking, *, cumulative: bool = True, time_unit: str = "W", ax=None, style: Style | None = None,
                  **kwargs):
    """Actual vs expected repeat purchases per period (a :class:`~insight.models.clv.holdout.Tracking`).

    Parameters
    ----------
    tracking : insight.models.clv.holdout.Tracking
        The result of :func:`insight.models.clv.holdout.tracking`.
    cumulative : bool, default True
        Draw cumulative purchases (with the model's band when there is one) rather than per period.
    time_unit : str, default "W"
        Unit of a period, named on the x axis.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.plot`` (the actual line).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    track = tracking.table
    a, e = ("actual_cumulative", "expected_cumulative") if cumulative else ("actual", "expected")
    ax.plot(track["period"], track[a], label=st.say("plot.clv.actual"), **kwargs)
    ax.plot(track["period"], track[e], ls="--", label=st.say("plot.clv.model"))
    if cumulative and "expected_cumulative_low" in track:
        ax.fill_between(track["period"], track["expected_cumulative_low"], track["expected_cumulative_high"],
                        alpha=0.25, color=PALETTE[1], label=st.say("plot.clv.band", level=0.9))
    ax.axvline(tracking.calibration_period, color="grey", ls=":", label=st.say("plot.clv.calibration_end"))
    ax.set_xlabel(st.say("plot.clv.since_first", unit=time_unit))
    ax.set_ylabel(st.say("plot.clv.cumulative_repeats" if cumulative else "plot.clv.repeats"))
    ax.set_title(st.say("plot.clv.cumulative_title" if cumulative else "plot.clv.incremental_title"))
    ax.legend()
    return ax


@styled
def plot_distribution(values: pd.Series, *, log: bool = True, bins: int = 40, ax=None, label: str | None = None,
                      style: Style | None = None, **kwargs):
    """Histogram of a per-customer quantity (CLV, P(alive)), optionally on a log axis.

    Parameters
    ----------
    values : pandas.Series
        One value per customer; missing values are left out (and values <= 0 on a log axis).
    log : bool, default True
        Log-spaced bins on a log x axis.
    bins : int, default 40
        Number of bins.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    label : str, optional
        Name of the quantity on the axis and title; None (default): the Series' name.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.hist``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    v = pd.Series(values).dropna()
    if log:
        v = v[v > 0]
        edges = np.logspace(np.log10(max(v.min(), 1e-3)), np.log10(v.max()), bins) if len(v) else bins
        ax.set_xscale("log")
    else:
        edges = bins
    kwargs.setdefault("color", PALETTE[0])
    ax.hist(v, bins=edges, **kwargs)
    name = label or getattr(values, "name", None) or st.say("plot.clv.value")
    ax.set_xlabel(st.say("plot.clv.log_axis", name=name) if log else name)
    ax.set_ylabel(st.say("plot.clv.customers"))
    ax.set_title(st.say("plot.clv.distribution_title", name=name))
    return ax


@styled
def plot_value_by_group(values: pd.Series, groups: pd.Series, *, ax=None, style: Style | None = None, **kwargs):
    """Box plot of a per-customer value (e.g. CLV) by group (e.g. customer type).

    Parameters
    ----------
    values : pandas.Series
        One value per customer (its name labels the y axis).
    groups : pandas.Series
        The group of each customer, in the same order; boxes are ordered by median, highest first.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.boxplot``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    df = pd.DataFrame({"v": np.asarray(values, dtype=float), "g": np.asarray(groups)})
    order = df.groupby("g")["v"].median().sort_values(ascending=False).index
    ax.boxplot([df.loc[df["g"] == g, "v"] for g in order], showfliers=False, **kwargs)
    ax.set_xticks(range(1, len(order) + 1), [str(g) for g in order], rotation=20, ha="right")
    ax.set_ylabel(getattr(values, "name", None) or st.say("plot.clv.value"))
    ax.set_title(st.say("plot.clv.by_group_title"))
    return ax


@styled
def plot_period_transactions(check, *, ax=None, style: Style | None = None, **kwargs):
    """Customers by repeat purchases in the calibration period: actual against the model's expectation
    (a :class:`~insight.models.clv.goodness.PeriodTransactions`).

    Parameters
    ----------
    check : insight.models.clv.goodness.PeriodTransactions
        The result of :func:`insight.models.clv.goodness.period_transactions`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.bar`` (the actual bars).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    t = check.table
    x = np.arange(len(t))
    ax.bar(x - 0.2, t["actual"], width=0.4, label=st.say("plot.clv.actual"), color=PALETTE[0], **kwargs)
    ax.bar(x + 0.2, t["expected"], width=0.4, label=st.say("plot.clv.expected_model", model=check.model),
           color=PALETTE[1])
    ax.set_xticks(x, [str(i) for i in t.index])
    ax.set_xlabel(st.say("plot.clv.repeat_in_calibration"))
    ax.set_ylabel(st.say("plot.clv.customers"))
    ax.yaxis.set_major_formatter(lambda v, _: st.count(v))
    ax.set_title(st.say("plot.clv.repeats_title"))
    ax.legend()
    return ax
