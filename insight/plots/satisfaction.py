"""Charts of satisfaction and service, and of the actions they lead to."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..style import Style, catalog
from ..validate import check_columns
from ._style import PALETTE, axes_or_new, percent_axis, styled

__all__ = [
    "plot_nps", "plot_drivers", "plot_importance_performance", "plot_levels", "plot_response_times",
    "plot_recovery", "plot_touchpoints", "plot_actions",
]


# --------------------------------------------------------------------------- satisfaction
def category_name(st: Style, kind: str, value) -> str:
    """The reader's name of a category id insight returns (a quadrant, level or complaint group), from the
    catalog entry ``satisfaction.<kind>.<id>``; a value without an entry (from the data) as it is."""
    key = f"satisfaction.{kind}.{str(value).replace(' ', '_').replace('-', '_')}"
    return st.say(key) if key in catalog(st.language) else str(value)


def hours(st: Style, x) -> str:
    """A number of hours as few digits as it needs (``24``, ``0.5``), in the style's number format."""
    text = f"{float(x):g}"
    return st.number(float(x), len(text.partition(".")[2]) if "e" not in text else 4)


def interval_bars(ax, names, values, low, high, *, horizontal=True, colors=None, **kwargs):
    values, low, high = (np.asarray(a, dtype=float) for a in (values, low, high))
    err = np.vstack([values - low, high - values])
    kwargs.setdefault("color", colors if colors is not None else PALETTE[0])
    if horizontal:
        ax.barh(names, values, xerr=err, capsize=3, **kwargs)
        ax.invert_yaxis()
    else:
        ax.bar(names, values, yerr=err, capsize=3, **kwargs)
    return ax


@styled
def plot_nps(scores, *, style: Style | None = None, ax=None, **kwargs):
    """NPS per group with its confidence interval (a table of :func:`insight.models.satisfaction.scores_by_group`,
    or one :func:`~insight.models.satisfaction.nps` result).

    Parameters
    ----------
    scores : pandas.DataFrame or pandas.Series
        A table indexed by group with ``nps``, ``nps_low`` and ``nps_high`` (-100..100), or one NPS result with
        ``nps``, ``low`` and ``high``.
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
    t = scores.to_frame().T.rename(columns={"low": "nps_low", "high": "nps_high"}) if isinstance(scores, pd.Series) \
        else scores
    check_columns(t, ["nps", "nps_low", "nps_high"])
    colors = np.where(t["nps"] >= 0, PALETTE[0], PALETTE[3])
    interval_bars(ax, [st.write(i) for i in t.index], t["nps"], t["nps_low"], t["nps_high"], colors=colors, **kwargs)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-100, 100)
    ax.set_xlabel(st.say("plot.satisfaction.nps_axis"))
    ax.set_title(st.say("plot.satisfaction.nps_title"))
    return ax


@styled
def plot_drivers(drivers, *, labels: dict | None = None, style: Style | None = None, ax=None, **kwargs):
    """Bars of each driver's share of the explained variance (a :class:`~insight.models.satisfaction.KeyDrivers`
    or a :func:`~insight.models.satisfaction.relative_importance` result).

    Parameters
    ----------
    drivers : insight.models.satisfaction.KeyDrivers or insight.models.satisfaction.Importance
        The drivers' shares of explained variance (``share``) and the R².
    labels : dict, optional
        Driver column -> name shown; None (default): the result's own labels, else the column names.
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
    imp = drivers.importance if hasattr(drivers, "importance") else drivers.table
    labels = labels or getattr(drivers, "labels", {}) or {}
    imp = imp.sort_values("share", ascending=False)
    kwargs.setdefault("color", PALETTE[0])
    ax.barh([labels.get(d, d) for d in imp.index], imp["share"], **kwargs)
    ax.invert_yaxis()
    ax.set_xlabel(st.say("plot.satisfaction.drivers_axis"))
    r2 = drivers.r2
    ax.set_title(st.say("plot.satisfaction.drivers_title", r2=r2) if r2 is not None
                 else st.say("plot.satisfaction.drivers_title_plain"))
    return ax


@styled
def plot_importance_performance(ipm, *, labels: dict | None = None, quadrants: bool = True,
                                style: Style | None = None, ax=None, **kwargs):
    """Importance-performance map with its four quadrants (a KeyDrivers, its ``map``, or
    :func:`~insight.models.satisfaction.importance_performance`); with ``quadrants=False`` (when no priority
    may be named) the quadrants are neither coloured nor named.

    Parameters
    ----------
    ipm : insight.models.satisfaction.KeyDrivers or insight.models.satisfaction.ImportancePerformance
        The map: its ``table`` has ``importance``, ``performance`` and ``quadrant`` per driver.
    labels : dict, optional
        Driver -> name shown; None (default): the result's own labels, else the driver ids.
    quadrants : bool, default True
        Colour the drivers by quadrant and name the quadrants.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    **kwargs
        Passed to matplotlib's ``ax.scatter``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    labels = labels or getattr(ipm, "labels", {}) or {}
    result = ipm.map if hasattr(ipm, "map") else ipm
    table = result.table
    check_columns(table, ["importance", "performance", "quadrant"])
    palette = {"top priority": PALETTE[3], "keep up": PALETTE[2], "sustain": PALETTE[0], "low priority": "#999999"}
    for q, sub in table.groupby("quadrant"):
        ax.scatter(sub["performance"], sub["importance"], color=palette.get(q, PALETTE[0]) if quadrants else PALETTE[0],
                   s=50, **kwargs)
    for d, row in table.iterrows():
        ax.annotate(str(labels.get(d, d)), (row["performance"], row["importance"]), fontsize=10,
                    xytext=(4, 3), textcoords="offset points")
    x_cut, y_cut = result.performance_cut, result.importance_cut
    ax.axvline(x_cut, color="grey", ls="--", lw=0.8)
    ax.axhline(y_cut, color="grey", ls="--", lw=0.8)
    # the quadrant names, drawn in their corners (important = top; well rated = right)
    corners = [("top priority", 0.02, 0.98, "left", "top"), ("keep up", 0.98, 0.98, "right", "top"),
               ("low priority", 0.02, 0.02, "left", "bottom"), ("sustain", 0.98, 0.02, "right", "bottom")]
    for name, x, y, ha, va in corners if quadrants else []:
        ax.text(x, y, category_name(st, "quadrant", name).upper(), transform=ax.transAxes, ha=ha, va=va, fontsize=10, color=palette[name],
                fontweight="bold", alpha=0.8)
    percent_axis(ax, "y")
    ax.set_xlabel(st.say("plot.satisfaction.map_performance"))
    ax.set_ylabel(st.say("plot.satisfaction.map_importance"))
    ax.set_title(st.say("plot.satisfaction.map_title"))
    return ax


@styled
def plot_levels(levels: pd.Series, *, style: Style | None = None, ax=None, **kwargs):
    """Share of orders at each satisfaction level (from :func:`~insight.models.satisfaction.satisfaction_levels`).

    Parameters
    ----------
    levels : pandas.Series
        The level of each order (categorical levels are drawn in their order, empty ones included).
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    **kwargs
        Passed to matplotlib's ``ax.bar``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    shares = levels.value_counts(normalize=True, sort=False)
    if isinstance(levels.dtype, pd.CategoricalDtype):
        shares = shares.reindex(levels.cat.categories, fill_value=0)
    colors = [PALETTE[3]] + [PALETTE[4], PALETTE[2], PALETTE[0], "#003f63"][: len(shares) - 1]
    kwargs.setdefault("color", colors)
    bars = ax.bar([category_name(st, "level", i) for i in shares.index], shares.to_numpy(), **kwargs)
    for b, v in zip(bars, shares.to_numpy()):
        ax.annotate(st.say("plot.satisfaction.level_share", share=v), (b.get_x() + b.get_width() / 2, v), ha="center", va="bottom", fontsize=8)
    ax.set_ylabel(st.say("plot.satisfaction.levels_axis"))
    ax.set_title(st.say("plot.satisfaction.levels_title"))
    return ax


@styled
def plot_response_times(tickets: pd.DataFrame, *, channel_col: str = "channel",
                        time_col: str = "hours_to_first_response", target_hours: float | None = None,
                        style: Style | None = None, ax=None, **kwargs):
    """Cumulative share of contacts answered within x hours, per channel (log scale).

    Parameters
    ----------
    tickets : pandas.DataFrame
        One row per contact.
    channel_col : str, default "channel"
        Column of the channel; one curve each.
    time_col : str, default "hours_to_first_response"
        Column of the time to answer, in hours (non-numbers are left out).
    target_hours : float, optional
        A service target drawn as a vertical line (hours).
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    **kwargs
        Passed to matplotlib's ``ax.step`` (each channel's curve).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    check_columns(tickets, [channel_col, time_col])
    st = style or Style()
    ax = axes_or_new(ax)
    for ch, sub in tickets.groupby(channel_col, observed=True):
        t = np.sort(pd.to_numeric(sub[time_col], errors="coerce").dropna().to_numpy())
        if len(t):
            ax.step(t, np.arange(1, len(t) + 1) / len(t), where="post", label=st.say("plot.satisfaction.channel", channel=ch, n=len(t)),
                    **kwargs)
    if target_hours:
        ax.axvline(target_hours, color="black", ls="--", lw=0.8, label=st.say("plot.satisfaction.target", hours=hours(st, target_hours)))
    ax.set_xscale("log")
    ax.set_ylim(0, 1)
    ax.set_xlabel(st.say("plot.satisfaction.hours_axis", column=time_col.replace("_", " ")))
    ax.set_ylabel(st.say("plot.satisfaction.within_axis"))
    ax.set_title(st.say("plot.satisfaction.response_title"))
    ax.legend(fontsize="small")
    return ax


@styled
def plot_recovery(recovery, *, style: Style | None = None, ax=None, **kwargs):
    """Retention by complaint handling with 95% intervals (a :class:`~insight.models.satisfaction.Recovery`).

    Parameters
    ----------
    recovery : insight.models.satisfaction.Recovery
        The result of :func:`insight.models.satisfaction.complaint_recovery`.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    **kwargs
        Passed to matplotlib's ``ax.bar``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    st = style or Style()
    ax = axes_or_new(ax)
    t = recovery.table.dropna(subset=["rate"])
    colors = [PALETTE[0], PALETTE[2], PALETTE[1], PALETTE[3]][: len(t)]
    interval_bars(ax, [category_name(st, "recovery", g) for g in t.index], t["rate"], t["low"], t["high"], horizontal=False, colors=colors, **kwargs)
    ax.set_ylim(0, 1)
    ax.set_ylabel(st.say("plot.satisfaction.retained_axis"))
    ax.set_title(st.say("plot.satisfaction.recovery_title", hours=hours(st, recovery.fast_hours)))
    return ax


@styled
def plot_touchpoints(tp, *, labels: dict | None = None, style: Style | None = None, ax=None, **kwargs):
    """Mean CSAT per touchpoint (coloured by stage, 95% interval) with its importance; the focus is marked.

    Parameters
    ----------
    tp : insight.models.satisfaction.Touchpoints
        The result of :func:`insight.models.satisfaction.touchpoints`.
    labels : dict, optional
        Touchpoint column -> name shown.
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
    t = tp.table
    stage_colors = {"pre-purchase": PALETTE[4], "purchase": PALETTE[2], "post-purchase": PALETTE[1]}
    colors = [stage_colors.get(s, PALETTE[0]) for s in t["stage"]]
    names = [st.say("plot.satisfaction.focus", name=labels.get(c, c)) if c == tp.focus else str(labels.get(c, c))
             for c in t.index]
    interval_bars(ax, names, t["mean"], t["low"], t["high"], colors=colors, **kwargs)
    for y, (m, imp) in enumerate(zip(t["high"], t["importance"])):
        ax.annotate(st.say("plot.satisfaction.importance", share=imp), (m, y), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=8)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=c, label=s) for s, c in stage_colors.items() if s in set(t["stage"])],
              fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3)
    ax.set_xlim(0, float(t["high"].max()) * 1.3)
    ax.set_xlabel(st.say("plot.satisfaction.touchpoints_axis"))
    ax.set_title(st.say("plot.satisfaction.touchpoints_title", outcome=tp.outcome))
    return ax


# --------------------------------------------------------------------------- retention
@styled
def plot_actions(plan: pd.DataFrame, *, style: Style | None = None, ax=None, **kwargs):
    """Horizontal bars of each action's net value over the common horizon (columns ``action``, ``gross``,
    ``cost``): blue when it pays, vermillion when it loses money; an action whose cost is not known (``cost``
    NaN) is drawn hatched at what it brings, since its net value cannot be known.

    Parameters
    ----------
    plan : pandas.DataFrame
        One row per action with ``action`` (its name), ``gross`` and ``cost`` (money), e.g. from
        :func:`insight.retention.rank_actions`.
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
    import textwrap

    from matplotlib.patches import Patch

    check_columns(plan, ["action", "gross", "cost"])
    st = style or Style()
    ax = axes_or_new(ax)
    known = plan["cost"].notna()
    t = plan.assign(value=np.where(known, plan["gross"] - plan["cost"].fillna(0), plan["gross"]),
                    known=known).sort_values("value")
    colors = np.where(~t["known"], "white", np.where(t["value"] >= 0, PALETTE[0], PALETTE[3]))
    bars = ax.barh([textwrap.fill(a, 34) for a in t["action"]], t["value"], color=colors, edgecolor=PALETTE[0],
                   **kwargs)
    for bar, ok in zip(bars, t["known"]):
        if not ok:
            bar.set_hatch("//")
    ax.axvline(0, color="grey", lw=0.5)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_major_formatter(lambda v, _: st.number(v, 0))
    ax.set_xlabel(st.say("plot.satisfaction.actions_axis", unit=st.money_unit()))
    ax.set_title(st.say("plot.satisfaction.actions_title"))
    if not t["known"].all():
        ax.legend(handles=[Patch(facecolor="white", edgecolor=PALETTE[0], hatch="//",
                                 label=st.say("plot.satisfaction.actions_cost_unknown"))], loc="lower right")
    return ax