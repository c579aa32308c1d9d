"""Charts of what customers are worth: the customer-base models' predictions, checks and values."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
                           ax=None, cmap: str = "viridis", **kwargs):
    """Heatmap over frequency x recency of expected purchases next period (``what="expected"``) or P(alive)."""
    ax = axes_or_new(ax)
    max_frequency = max_frequency or 20
    f, r, vals = _fr_grid(model, T, max_frequency, T, what)
    im = ax.imshow(vals, origin="lower", aspect="auto", cmap=cmap, extent=[f[0] - 0.5, f[-1] + 0.5, 0, T], **kwargs)
    label = "P(alive)" if what == "p_alive" else "expected purchases in the next period"
    ax.figure.colorbar(im, ax=ax, label=label)
    ax.set_xlabel("frequency (repeat purchases)")
    ax.set_ylabel("recency (time of last purchase)")
    ax.set_title(f"{label} by frequency and recency (T = {T:.0f})")
    return ax


@styled
def plot_holdout_by_frequency(model, data: pd.DataFrame, max_frequency: int = 7, *, ax=None, **kwargs):
    """Mean actual vs predicted holdout purchases by calibration frequency (censored at ``max_frequency``)."""
    ax = axes_or_new(ax)
    t = float(data["holdout_length"].iloc[0])
    pred = model.expected_purchases(data, t)
    grp = data["frequency"].clip(upper=max_frequency).astype(int)
    tab = pd.DataFrame({"actual": data["holdout_purchases"], "predicted": pred}).groupby(grp).mean()
    ax.plot(tab.index, tab["actual"], marker="o", label="actual", **kwargs)
    ax.plot(tab.index, tab["predicted"], marker="s", ls="--", label=f"{type(model).__name__}")
    ax.set_xticks(tab.index, [str(i) if i < max_frequency else f"{i}+" for i in tab.index])
    ax.set_xlabel("repeat purchases in the calibration period")
    ax.set_ylabel("mean purchases in the holdout period")
    ax.set_title("Holdout purchases by calibration frequency")
    ax.legend()
    return ax


@styled
def plot_tracking(tracking, *, cumulative: bool = True, time_unit: str = "W", ax=None, **kwargs):
    """Actual vs expected repeat purchases per period (a :class:`~insight.models.clv.holdout.Tracking`)."""
    from ..formats import UNIT_NAMES

    ax = axes_or_new(ax)
    track = tracking.table
    a, e = ("actual_cumulative", "expected_cumulative") if cumulative else ("actual", "expected")
    ax.plot(track["period"], track[a], label="actual", **kwargs)
    ax.plot(track["period"], track[e], ls="--", label="model")
    if cumulative and "expected_cumulative_low" in track:
        ax.fill_between(track["period"], track["expected_cumulative_low"], track["expected_cumulative_high"],
                        alpha=0.25, color=PALETTE[1], label="model, 90% band")
    ax.axvline(tracking.calibration_period, color="grey", ls=":", label="end of calibration")
    ax.set_xlabel(f"{UNIT_NAMES.get(time_unit, time_unit)} since the cohort's first purchase")
    ax.set_ylabel(("cumulative " if cumulative else "") + "repeat purchases")
    ax.set_title(("Cumulative" if cumulative else "Incremental") + " repeat purchases: actual vs model")
    ax.legend()
    return ax


@styled
def plot_distribution(values: pd.Series, *, log: bool = True, bins: int = 40, ax=None, label: str | None = None,
                      **kwargs):
    """Histogram of a per-customer quantity (CLV, P(alive)), optionally on a log axis."""
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
    name = label or getattr(values, "name", None) or "value"
    ax.set_xlabel(name + (" (log scale)" if log else ""))
    ax.set_ylabel("customers")
    ax.set_title(f"Distribution of {name}")
    return ax


@styled
def plot_value_by_group(values: pd.Series, groups: pd.Series, *, ax=None, **kwargs):
    """Box plot of a per-customer value (e.g. CLV) by group (e.g. customer type)."""
    ax = axes_or_new(ax)
    df = pd.DataFrame({"v": np.asarray(values, dtype=float), "g": np.asarray(groups)})
    order = df.groupby("g")["v"].median().sort_values(ascending=False).index
    ax.boxplot([df.loc[df["g"] == g, "v"] for g in order], showfliers=False, **kwargs)
    ax.set_xticks(range(1, len(order) + 1), [str(g) for g in order], rotation=20, ha="right")
    ax.set_ylabel(getattr(values, "name", None) or "value")
    ax.set_title("By group (boxes: quartiles; outliers hidden)")
    return ax


@styled
def plot_period_transactions(check, *, ax=None, **kwargs):
    """Customers by repeat purchases in the calibration period: actual against the model's expectation
    (a :class:`~insight.models.clv.goodness.PeriodTransactions`)."""
    ax = axes_or_new(ax)
    t = check.table
    x = np.arange(len(t))
    ax.bar(x - 0.2, t["actual"], width=0.4, label="actual", color=PALETTE[0], **kwargs)
    ax.bar(x + 0.2, t["expected"], width=0.4, label=f"expected ({check.model})", color=PALETTE[1])
    ax.set_xticks(x, [str(i) for i in t.index])
    ax.set_xlabel("repeat purchases in the calibration period")
    ax.set_ylabel("customers")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.set_title("Customers by number of repeat purchases")
    ax.legend()
    return ax
