"""Charts of satisfaction and service, and of the actions they lead to."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..validate import check_columns
from ._style import PALETTE, axes_or_new, percent_axis, styled

__all__ = [
    "plot_nps", "plot_drivers", "plot_importance_performance", "plot_levels", "plot_response_times",
    "plot_recovery", "plot_touchpoints", "plot_actions",
]


# --------------------------------------------------------------------------- satisfaction
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
def plot_nps(scores, *, ax=None, **kwargs):
    """NPS per group with its confidence interval (a table of :func:`insight.models.satisfaction.scores_by_group`,
    or one :func:`~insight.models.satisfaction.nps` result)."""
    ax = axes_or_new(ax)
    t = scores.to_frame().T.rename(columns={"low": "nps_low", "high": "nps_high"}) if isinstance(scores, pd.Series) \
        else scores
    check_columns(t, ["nps", "nps_low", "nps_high"])
    colors = np.where(t["nps"] >= 0, PALETTE[0], PALETTE[3])
    interval_bars(ax, [str(i) for i in t.index], t["nps"], t["nps_low"], t["nps_high"], colors=colors, **kwargs)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-100, 100)
    ax.set_xlabel("NPS (% promoters - % detractors), bars: 95% interval")
    ax.set_title("Net Promoter Score")
    return ax


@styled
def plot_drivers(drivers, *, labels: dict | None = None, ax=None, **kwargs):
    """Bars of each driver's share of the explained variance (a :class:`~insight.models.satisfaction.KeyDrivers`
    or a :func:`~insight.models.satisfaction.relative_importance` result)."""
    ax = axes_or_new(ax)
    imp = drivers.importance if hasattr(drivers, "importance") else drivers.table
    labels = labels or getattr(drivers, "labels", {}) or {}
    imp = imp.sort_values("share", ascending=False)
    kwargs.setdefault("color", PALETTE[0])
    ax.barh([labels.get(d, d) for d in imp.index], imp["share"], **kwargs)
    ax.invert_yaxis()
    ax.set_xlabel("share of explained variance (R²)")
    r2 = drivers.r2
    ax.set_title(f"Key drivers (relative importance; R² = {r2:.2f})" if r2 is not None else "Key drivers")
    return ax


@styled
def plot_importance_performance(ipm, *, labels: dict | None = None, ax=None, **kwargs):
    """Importance-performance map with its four quadrants (a KeyDrivers, its ``map``, or
    :func:`~insight.models.satisfaction.importance_performance`)."""
    ax = axes_or_new(ax)
    labels = labels or getattr(ipm, "labels", {}) or {}
    result = ipm.map if hasattr(ipm, "map") else ipm
    table = result.table
    check_columns(table, ["importance", "performance", "quadrant"])
    palette = {"top priority": PALETTE[3], "keep up": PALETTE[2], "sustain": PALETTE[0], "low priority": "#999999"}
    for q, sub in table.groupby("quadrant"):
        ax.scatter(sub["performance"], sub["importance"], color=palette.get(q, PALETTE[0]), s=50, **kwargs)
    for d, row in table.iterrows():
        ax.annotate(str(labels.get(d, d)), (row["performance"], row["importance"]), fontsize=10,
                    xytext=(4, 3), textcoords="offset points")
    x_cut, y_cut = result.performance_cut, result.importance_cut
    ax.axvline(x_cut, color="grey", ls="--", lw=0.8)
    ax.axhline(y_cut, color="grey", ls="--", lw=0.8)
    # the quadrant names, drawn in their corners (important = top; well rated = right)
    for name, x, y, ha, va in [("top priority", 0.02, 0.98, "left", "top"), ("keep up", 0.98, 0.98, "right", "top"),
                               ("low priority", 0.02, 0.02, "left", "bottom"), ("sustain", 0.98, 0.02, "right", "bottom")]:
        ax.text(x, y, name.upper(), transform=ax.transAxes, ha=ha, va=va, fontsize=10, color=palette[name],
                fontweight="bold", alpha=0.8)
    percent_axis(ax, "y")
    ax.set_xlabel("performance (mean score)")
    ax.set_ylabel("importance (share of explained variance, %)")
    ax.set_title("Importance-performance map")
    return ax


@styled
def plot_levels(levels: pd.Series, *, ax=None, **kwargs):
    """Share of orders at each satisfaction level (from :func:`~insight.models.satisfaction.satisfaction_levels`)."""
    ax = axes_or_new(ax)
    shares = levels.value_counts(normalize=True, sort=False)
    if isinstance(levels.dtype, pd.CategoricalDtype):
        shares = shares.reindex(levels.cat.categories, fill_value=0)
    colors = [PALETTE[3]] + [PALETTE[4], PALETTE[2], PALETTE[0], "#003f63"][: len(shares) - 1]
    kwargs.setdefault("color", colors)
    bars = ax.bar([str(i) for i in shares.index], shares.to_numpy(), **kwargs)
    for b, v in zip(bars, shares.to_numpy()):
        ax.annotate(f"{v:.1%}", (b.get_x() + b.get_width() / 2, v), ha="center", va="bottom", fontsize=8)
    ax.set_ylabel("share of orders")
    ax.set_title("Satisfaction level reached (promised vs delivered)")
    return ax


@styled
def plot_response_times(tickets: pd.DataFrame, *, channel_col: str = "channel",
                        time_col: str = "hours_to_first_response", target_hours: float | None = None, ax=None,
                        **kwargs):
    """Cumulative share of contacts answered within x hours, per channel (log scale)."""
    check_columns(tickets, [channel_col, time_col])
    ax = axes_or_new(ax)
    for ch, sub in tickets.groupby(channel_col, observed=True):
        t = np.sort(pd.to_numeric(sub[time_col], errors="coerce").dropna().to_numpy())
        if len(t):
            ax.step(t, np.arange(1, len(t) + 1) / len(t), where="post", label=f"{ch} (n = {len(t):,})", **kwargs)
    if target_hours:
        ax.axvline(target_hours, color="black", ls="--", lw=0.8, label=f"target {target_hours:g} h")
    ax.set_xscale("log")
    ax.set_ylim(0, 1)
    ax.set_xlabel(f"hours ({time_col.replace('_', ' ')})")
    ax.set_ylabel("share of contacts within")
    ax.set_title("Response time by channel")
    ax.legend(fontsize="small")
    return ax


@styled
def plot_recovery(recovery, *, ax=None, **kwargs):
    """Retention by complaint handling with 95% intervals (a :class:`~insight.models.satisfaction.Recovery`)."""
    ax = axes_or_new(ax)
    t = recovery.table.dropna(subset=["rate"])
    colors = [PALETTE[0], PALETTE[2], PALETTE[1], PALETTE[3]][: len(t)]
    interval_bars(ax, list(t.index), t["rate"], t["low"], t["high"], horizontal=False, colors=colors, **kwargs)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share retained")
    ax.set_title(f"Retention by complaint handling (fast = within {recovery.fast_hours:g} h)")
    return ax


@styled
def plot_touchpoints(tp, *, labels: dict | None = None, ax=None, **kwargs):
    """Mean CSAT per touchpoint (coloured by stage, 95% interval) with its importance; the focus is marked."""
    ax = axes_or_new(ax)
    labels = labels or {}
    t = tp.table
    stage_colors = {"pre-purchase": PALETTE[4], "purchase": PALETTE[2], "post-purchase": PALETTE[1]}
    colors = [stage_colors.get(s, PALETTE[0]) for s in t["stage"]]
    names = [f"{labels.get(c, c)}{'  <- focus' if c == tp.focus else ''}" for c in t.index]
    interval_bars(ax, names, t["mean"], t["low"], t["high"], colors=colors, **kwargs)
    for y, (m, imp) in enumerate(zip(t["high"], t["importance"])):
        ax.annotate(f"importance {imp:.0%}", (m, y), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=8)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=c, label=s) for s, c in stage_colors.items() if s in set(t["stage"])],
              fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3)
    ax.set_xlim(0, float(t["high"].max()) * 1.3)
    ax.set_xlabel("mean CSAT")
    ax.set_title(f"Touchpoints: score and importance for {tp.outcome}")
    return ax


# --------------------------------------------------------------------------- retention
@styled
def plot_actions(plan: pd.DataFrame, *, currency: str = "USD", ax=None, **kwargs):
    """Horizontal bars of each recommended action's expected value (columns ``action``, ``expected value``)."""
    import textwrap

    from ..formats import money_unit

    check_columns(plan, ["action", "expected value"])
    ax = axes_or_new(ax)
    t = plan.sort_values("expected value")
    kwargs.setdefault("color", np.where(t["expected value"] >= 0, PALETTE[0], PALETTE[3]))
    ax.barh([textwrap.fill(a, 34) for a in t["action"]], t["expected value"], **kwargs)
    ax.axvline(0, color="grey", lw=0.5)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(4))
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.set_xlabel(f"expected value, {money_unit(currency)} (a year, or as each action states)")
    ax.set_title("Recommended actions, by expected value")
    return ax
