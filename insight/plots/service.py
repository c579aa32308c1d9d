"""Charts of complaint and ticket logs: volume over time by category, speed per channel against a target."""

from __future__ import annotations

import numpy as np

from ..style import Style
from ._style import PALETTE, axes_or_new, percent_axis, styled
from .satisfaction import plot_response_times

__all__ = ["plot_complaint_volume", "plot_service_speed"]


@styled
def plot_complaint_volume(volume, *, top: int = 5, style: Style | None = None, ax=None, **kwargs):
    """Complaints per period as stacked bars, one colour per group of a
    :class:`~insight.models.satisfaction.Volume` (its ``top`` largest groups by name, the rest together); periods the
    log does not cover in full are hatched and lighter.

    Parameters
    ----------
    volume : insight.models.satisfaction.complaints.Volume
        The result of :func:`insight.models.satisfaction.complaints.complaint_volume`.
    top : int, default 5
        Number of groups drawn in their own colour (>= 1); the others are added up.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    **kwargs
        Passed to matplotlib's ``ax.bar`` (each group's bars).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    from ..validate import check_param

    check_param("top", top, int, min_val=1)
    st = style or Style()
    ax = axes_or_new(ax)
    t = volume.table
    if t.shape[1] > top + 1:
        t = t.iloc[:, :top].assign(**{st.say("plot.service.other", n=t.shape[1] - top): t.iloc[:, top:].sum(axis=1)})
    x = np.arange(len(t))
    partial = ~volume.complete.reindex(t.index).fillna(False).to_numpy(dtype=bool)
    bottom, handles, names = np.zeros(len(t)), [], []
    for i, col in enumerate(t.columns):
        color = PALETTE[i % len(PALETTE)]
        bars = ax.bar(x, t[col].to_numpy(), bottom=bottom, color=color, **kwargs)
        for bar, cut in zip(bars, partial):
            if cut:
                bar.set_alpha(0.45)
                bar.set_hatch("//")
        bottom += t[col].to_numpy()
        if volume.by:
            handles.append(Patch(facecolor=color))
            names.append(str(col))
    many = len(t) > 6
    ax.set_xticks(x, [st.write(p) for p in t.index], rotation=45 if many else 0, ha="right" if many else "center")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(st.say("plot.service.volume_axis"))
    ax.set_title(st.say(f"plot.service.volume_title.{volume.freq}"))
    if partial.any():
        handles.append(Patch(facecolor="white", edgecolor="grey", hatch="//"))
        names.append(st.say("plot.service.partial"))
    if handles:
        ax.legend(handles, names, fontsize="small", loc="upper left", frameon=False,
                  bbox_to_anchor=(0.0, -0.22 if many else -0.12))
    return ax


@styled
def plot_service_speed(log, hours_col: str, *, channel_col: str = "channel", target_hours: float | None = None,
                       style: Style | None = None, ax=None, **kwargs):
    """Of the complaints with a time in ``hours_col`` (to first response or to resolution), the share within x hours
    per channel (log scale), with the target: :func:`insight.plots.plot_response_times` on a percent axis.

    Parameters
    ----------
    log : pandas.DataFrame
        The complaint log, one row per complaint.
    hours_col : str
        Column of hours to first response or to resolution.
    channel_col : str, default "channel"
        Column of the channel; one curve each.
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
    st = style or Style()
    ax = plot_response_times(log, channel_col=channel_col, time_col=hours_col, target_hours=target_hours, style=st,
                             ax=ax, **kwargs)
    percent_axis(ax)
    ax.set_ylabel(st.say("plot.service.within_axis"))
    ax.set_xlabel(st.say(f"plot.service.hours_axis.{hours_col}"))
    return ax
