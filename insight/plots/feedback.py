"""Charts of comments turned into themes: the share of each theme by period, and the customers each theme costs."""

from __future__ import annotations

import numpy as np

from ..style import Style
from ._style import PALETTE, axes_or_new, percent_axis, styled

__all__ = ["plot_theme_trend", "plot_theme_costs"]


@styled
def plot_theme_trend(trend, labels: dict | None = None, *, top: int = 6, style: Style | None = None, ax=None,
                     **kwargs):
    """The share of each period's comments in each theme, one line per theme (the ``top`` largest by comments), from
    the long ``trend`` table of a :class:`~insight.models.text.Themes` result (``period``, ``theme``, ``share``,
    ``low``, ``high``), with its 95% interval as a band.

    Parameters
    ----------
    trend : pandas.DataFrame
        Long table with ``period``, ``theme``, ``documents``, ``share`` (0-1), ``low`` and ``high``.
    labels : dict, optional
        Theme id -> name shown in the legend; other themes are shown by id.
    top : int, default 6
        Number of themes drawn (the largest by comments, >= 1).
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    **kwargs
        Passed to matplotlib's ``ax.plot`` (each theme's line).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from ..validate import check_param

    check_param("top", top, int, min_val=1)
    st = style or Style()
    ax = axes_or_new(ax)
    labels = labels or {}
    periods = sorted(trend["period"].unique())
    x = np.arange(len(periods))
    keep = trend.groupby("theme")["documents"].sum().sort_values(ascending=False).index[:top]
    for i, tid in enumerate(sorted(keep)):
        t = trend[trend["theme"] == tid].set_index("period").reindex(periods)
        share = t["share"].fillna(0.0).to_numpy(float)
        color = PALETTE[i % len(PALETTE)]
        ax.plot(x, share, marker="o", color=color, label=str(labels.get(tid, tid)), **kwargs)
        ax.fill_between(x, t["low"].fillna(0.0).to_numpy(float), t["high"].fillna(0.0).to_numpy(float),
                        color=color, alpha=0.12, linewidth=0)
    many = len(periods) > 6
    ax.set_xticks(x, [str(p) for p in periods], rotation=45 if many else 0, ha="right" if many else "center")
    percent_axis(ax)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(st.say("plot.feedback.share_axis"))
    ax.set_title(st.say("plot.feedback.trend_title"))
    ax.legend(fontsize="small", loc="upper left", frameon=False, ncol=2, bbox_to_anchor=(0.0, -0.25 if many else -0.12))
    return ax


@styled
def plot_theme_costs(table, labels: dict | None = None, *, style: Style | None = None, ax=None, **kwargs):
    """The customers each theme costs (how many more of its writers left than would have at the rate of the
    others), one bar per theme with its 95% interval, from the ``table`` of a
    :class:`~insight.models.text.ThemeChurn` (``cost_customers``, ``cost_low``, ``cost_high``), costliest on top.
    Bars whose interval leaves out 0 are dark.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per theme (index: theme) with ``cost_customers``, ``cost_low`` and ``cost_high``, costliest first.
    labels : dict, optional
        Theme -> name shown; other themes are shown as they are.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    **kwargs
        Passed to matplotlib's ``ax.barh``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    labels = labels or {}
    t = table.iloc[::-1]
    y = np.arange(len(t))
    cost = t["cost_customers"].to_numpy(float)
    beyond = (t["cost_low"].to_numpy(float) > 0) | (t["cost_high"].to_numpy(float) < 0)
    ax.barh(y, cost, color=[PALETTE[0] if b else PALETTE[4] for b in beyond],
            xerr=[cost - t["cost_low"].to_numpy(float), t["cost_high"].to_numpy(float) - cost], capsize=3, **kwargs)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks(y, [str(labels.get(i, i)) for i in t.index])
    ax.set_xlabel(st.say("plot.feedback.cost_axis"))
    ax.set_title(st.say("plot.feedback.cost_title"))
    return ax
