"""All plots of insight (as lifelines/plotting.py): ``plot_x(data, ..., ax=None, **kwargs)``.

Each function draws on ``ax`` (creating a figure only when none is given), labels
its axes (shares in %, units named) and title, and returns the axes. None calls
``plt.show()`` or saves a file. Each draws in a readable, colour-blind-safe style (the
Okabe-Ito palette, larger text; :data:`STYLE`) inside :func:`style`, a matplotlib
``rc_context``: importing this module, or calling a plot, leaves matplotlib's own settings
as they were. Reports draw and save every chart inside :func:`style` too.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from .formats import label
from .validate import check_columns

#: Okabe & Ito's colour-blind-safe palette (blue, orange, green, vermillion, sky, purple, yellow, black)
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
STYLE = {"font.size": 13, "axes.titlesize": 13, "axes.labelsize": 12, "legend.fontsize": 11, "xtick.labelsize": 11,
         "ytick.labelsize": 11, "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 100}
#: how the compared churn models are named on charts
MODEL_NAMES = {"logistic": "logistic regression", "hgb": "gradient-boosted trees"}


def style():
    """A context (``with style(): ...``) in which matplotlib draws in insight's style; outside it, nothing changes."""
    import matplotlib as mpl

    return mpl.rc_context({**STYLE, "axes.prop_cycle": mpl.cycler(color=PALETTE)})


def _styled(plot):
    """``plot`` drawing inside :func:`style` (applied to every ``plot_*`` function at the end of this module)."""
    @functools.wraps(plot)
    def wrapper(*args, **kwargs):
        with style():
            return plot(*args, **kwargs)

    return wrapper


def _pct(ax, axis: str = "y"):
    """Show a 0-1 share axis in %."""
    from matplotlib.ticker import PercentFormatter

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(PercentFormatter(1.0, decimals=0))

__all__ = [
    "style", "plot_monthly_activity", "plot_rating_distribution", "plot_rfm_heatmap", "plot_segment_shares", "plot_lorenz",
    "plot_cluster_profiles", "plot_type_map", "plot_roc", "plot_pr", "plot_calibration", "plot_lift",
    "plot_importance", "plot_profit", "plot_km", "plot_forest", "plot_frequency_recency",
    "plot_holdout_by_frequency", "plot_tracking", "plot_distribution", "plot_value_by_group", "plot_nps",
    "plot_drivers", "plot_importance_performance", "plot_levels", "plot_response_times", "plot_recovery",
    "plot_touchpoints", "plot_actions", "plot_period_transactions", "plot_cohorts", "plot_retention_projection",
]


def _ax(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 3.5))
    return ax


def plot_monthly_activity(df: pd.DataFrame, date_col: str, amount_col: str | None = None, *, ax=None, **kwargs):
    """Bars of rows (or summed ``amount_col``) per calendar month."""
    check_columns(df, [date_col, amount_col])
    ax = _ax(ax)
    month = pd.to_datetime(df[date_col]).dt.to_period("M")
    series = df.groupby(month)[amount_col].sum() if amount_col else month.value_counts().sort_index()
    kwargs.setdefault("color", PALETTE[0])
    ax.bar(series.index.astype(str), series.to_numpy(), **kwargs)
    ax.set_xlabel("month")
    ax.set_ylabel(label(amount_col).lower() if amount_col else "rows")
    ax.set_title(f"{label(amount_col) if amount_col else 'Rows'} per month")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    step = max(1, len(series) // 12)
    ax.set_xticks(np.arange(len(series))[::step])
    ax.set_xticklabels(series.index.astype(str)[::step], rotation=45, ha="right")
    return ax


def plot_rating_distribution(df: pd.DataFrame, columns: list[str], *, labels: dict | None = None,
                             scale: tuple[int, int] | None = None, ax=None, **kwargs):
    """Stacked horizontal bars: share of answers at each scale point, per question."""
    check_columns(df, columns)
    ax = _ax(ax)
    values = df[columns]
    lo, hi = scale or (int(np.nanmin(values.to_numpy())), int(np.nanmax(values.to_numpy())))
    points = np.arange(lo, hi + 1)
    shares = pd.DataFrame({c: values[c].value_counts(normalize=True).reindex(points, fill_value=0) for c in columns}).T
    import matplotlib.pyplot as plt

    cmap = plt.get_cmap(kwargs.pop("cmap", "RdBu"))   # diverging and colour-blind safe
    left = np.zeros(len(columns))
    names = [(labels or {}).get(c, c) for c in columns]
    for k, p in enumerate(points):
        w = shares[p].to_numpy()
        ax.barh(names, w, left=left, color=cmap(k / max(1, len(points) - 1)), label=str(p), **kwargs)
        left += w
    ax.invert_yaxis()
    ax.set_xlabel("share of answers (%)")
    ax.set_xlim(0, 1)
    _pct(ax, "x")
    ax.set_title(f"Distribution of answers ({lo} = lowest, {hi} = highest)")
    ax.legend(title="answer", ncol=min(len(points), 11), fontsize="small", loc="upper center",
              bbox_to_anchor=(0.5, -0.15))
    return ax


# --------------------------------------------------------------------------- customer types
def plot_rfm_heatmap(scores: pd.DataFrame, values: pd.Series | None = None, *, ax=None, cmap: str = "viridis",
                     **kwargs):
    """Heatmap of customers (or the mean of ``values``) by R score (rows) and FM score (columns)."""
    check_columns(scores, ["R", "FM"])
    ax = _ax(ax)
    if values is None:
        grid = pd.crosstab(scores["R"], scores["FM"])
        label = "customers"
    else:
        grid = values.groupby([scores["R"], scores["FM"]]).mean().unstack()
        label = f"mean {values.name or 'value'}"
    grid = grid.reindex(index=range(5, 0, -1), columns=range(1, 6))
    im = ax.imshow(grid.to_numpy(dtype=float), cmap=cmap, aspect="auto", **kwargs)
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = grid.iat[i, j]
            if pd.notna(v):
                ax.text(j, i, f"{v:,.0f}", ha="center", va="center", color="white", fontsize=8)
    ax.set_xticks(range(5), [str(c) for c in grid.columns])
    ax.set_yticks(range(5), [str(r) for r in grid.index])
    ax.set_xlabel("FM score (frequency and money, 5 = best)")
    ax.set_ylabel("R score (recency, 5 = most recent)")
    ax.set_title(f"RFM grid: {label}")
    ax.figure.colorbar(im, ax=ax, label=label)
    return ax


def plot_segment_shares(groups: pd.Series, revenue: pd.Series, *, ax=None, **kwargs):
    """Side-by-side bars: each group's share of customers and share of revenue."""
    ax = _ax(ax)
    if len(groups) != len(revenue):
        from .exceptions import DataValidationError

        raise DataValidationError(f"parameters 'groups' and 'revenue' have {len(groups)} and {len(revenue)} rows.")
    g = pd.Series(np.asarray(groups), name="group")
    r = pd.Series(np.asarray(revenue, dtype=float))
    t = pd.DataFrame({"customers": g.value_counts(normalize=True),
                      "revenue": r.groupby(g).sum() / r.sum()}).fillna(0).sort_values("revenue")
    y = np.arange(len(t))
    ax.barh(y - 0.2, t["customers"], height=0.4, label="share of customers", color=PALETTE[4], **kwargs)
    ax.barh(y + 0.2, t["revenue"], height=0.4, label="share of revenue", color=PALETTE[0], **kwargs)
    ax.set_yticks(y, [label(i) for i in t.index])
    ax.set_xlabel("share (%)")
    _pct(ax, "x")
    ax.set_title("Share of customers vs share of revenue")
    ax.legend(loc="lower right")
    return ax


def plot_lorenz(conc, *, ax=None, **kwargs):
    """Lorenz curve of revenue (from :func:`insight.models.segments.revenue_concentration`)."""
    ax = _ax(ax)
    kwargs.setdefault("color", PALETTE[0])
    ax.plot(conc.lorenz_customers, conc.lorenz_revenue, label=f"revenue (Gini {conc.gini:.2f})", **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label="everyone spends the same")
    x = 1 - conc.top
    ax.axvline(x, color=PALETTE[3], lw=0.8)
    ax.annotate(f"top {conc.top:.0%}: {conc.top_share:.0%} of revenue", (x, 1 - conc.top_share),
                xytext=(-10, 10), textcoords="offset points", ha="right", color=PALETTE[3])
    ax.set_xlabel("share of customers (lowest spenders first)")
    ax.set_ylabel("share of revenue")
    ax.set_title("Revenue concentration (Lorenz curve)")
    ax.legend(loc="upper left")
    return ax


def plot_cluster_profiles(model, *, ax=None, cmap: str = "RdBu_r", **kwargs):
    """Heatmap of each cluster's feature mean relative to all customers (log2 ratio)."""
    ax = _ax(ax)
    p = model.profiles_
    cols = [f"{f} vs all" for f in model.features_]
    ratio = np.log2(p[cols].astype(float).clip(lower=1e-3)).to_numpy()
    lim = max(1.0, np.nanmax(np.abs(ratio)))
    im = ax.imshow(ratio, cmap=cmap, vmin=-lim, vmax=lim, aspect="auto", **kwargs)
    for i in range(ratio.shape[0]):
        for j in range(ratio.shape[1]):
            ax.text(j, i, f"{2 ** ratio[i, j]:.1f}x", ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(cols)), [f.replace("_", " ") for f in model.features_], rotation=30, ha="right")
    ax.set_yticks(range(len(p)), [f"{c}: {t}" for c, t in zip(p.index, p["type"])])
    ax.set_title("Cluster profiles: mean relative to all customers")
    ax.figure.colorbar(im, ax=ax, label="log2(cluster mean / overall mean)")
    return ax


def plot_type_map(model, summary: pd.DataFrame, *, ax=None, max_points: int = 5000, random_state: int = 0,
                  **kwargs):
    """2-D projection (PCA of the clustering features) of customers coloured by type."""
    from sklearn.decomposition import PCA

    ax = _ax(ax)
    idx = model.labels_.index
    if len(idx) > max_points:
        idx = pd.Index(np.random.default_rng(random_state).choice(idx, max_points, replace=False))
    Z = model.scaler_.transform(model.transform_features(summary.loc[idx]))
    pca = PCA(n_components=2, random_state=random_state).fit(Z)
    xy = pca.transform(Z)
    types = model.types_.loc[idx]
    for t in sorted(types.unique()):
        m = (types == t).to_numpy()
        ax.scatter(xy[m, 0], xy[m, 1], s=6, alpha=0.5, label=f"{t} ({m.sum():,})", **kwargs)
    ev = pca.explained_variance_ratio_
    ax.set_xlabel(f"component 1 ({ev[0]:.0%} of variance)")
    ax.set_ylabel(f"component 2 ({ev[1]:.0%} of variance)")
    ax.set_title("Customers by type (principal components of the clustering features)")
    ax.legend(markerscale=3, fontsize="small")
    return ax


# --------------------------------------------------------------------------- churn
def plot_roc(model, *, ax=None, **kwargs):
    """Held-out ROC curve of every compared model (from the cross-validation)."""
    from sklearn.metrics import roc_auc_score, roc_curve

    ax = _ax(ax)
    y = model.y_.to_numpy()
    for name, p in model.oof_by_model_.items():
        fpr, tpr, _ = roc_curve(y, p)
        ax.plot(fpr, tpr, label=f"{MODEL_NAMES.get(name, name)} (AUC {roc_auc_score(y, p):.3f})", **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label="random")
    ax.set_xlabel("stayers flagged (%)")
    ax.set_ylabel("leavers caught (%)")
    _pct(ax, "x")
    _pct(ax, "y")
    ax.set_title("ROC curve, held-out folds")
    ax.legend(loc="lower right")
    return ax


def plot_pr(model, *, ax=None, **kwargs):
    """Held-out precision-recall curve of every compared model."""
    from sklearn.metrics import average_precision_score, precision_recall_curve

    ax = _ax(ax)
    y = model.y_.to_numpy()
    for name, p in model.oof_by_model_.items():
        prec, rec, _ = precision_recall_curve(y, p)
        ax.plot(rec, prec, label=f"{MODEL_NAMES.get(name, name)} (PR AUC {average_precision_score(y, p):.3f})", **kwargs)
    ax.axhline(y.mean(), ls="--", color="grey", label=f"churn rate {y.mean():.1%}")
    ax.set_xlabel("recall (share of churners caught)")
    ax.set_ylabel("precision (share of flagged who churn)")
    ax.set_title("Precision-recall curve, held-out folds")
    ax.legend(loc="upper right")
    return ax


def plot_calibration(model, bins: int = 10, *, ax=None, **kwargs):
    """Mean predicted vs observed churn by bin of held-out prediction (diagonal = calibrated)."""
    ax = _ax(ax)
    t = model.calibration_table(bins)
    ax.plot(t["predicted"], t["observed"], marker="o", label=MODEL_NAMES.get(model.chosen_, model.chosen_), **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label="perfectly calibrated")
    ax.set_xlabel("predicted churn probability (%)")
    ax.set_ylabel("observed churn rate (%)")
    _pct(ax, "x")
    _pct(ax, "y")
    ax.set_title("Calibration, held-out folds")
    ax.legend(loc="upper left")
    return ax


def plot_lift(model, bins: int = 10, *, ax=None, **kwargs):
    """Cumulative gain: share of churners caught when contacting the riskiest deciles first."""
    ax = _ax(ax)
    t = model.lift_table(bins)
    x = np.concatenate([[0], np.arange(1, len(t) + 1) / len(t)])
    ax.plot(x, np.concatenate([[0], t["cumulative_gain"]]), marker="o",
            label=MODEL_NAMES.get(model.chosen_, model.chosen_), **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label="random order")
    ax.set_xlabel("customers contacted, riskiest first (%)")
    ax.set_ylabel("leavers reached (%)")
    ax.set_title("Cumulative gain: leavers reached by contacting the riskiest first")
    _pct(ax, "x")
    _pct(ax, "y")
    ax.legend(loc="lower right")
    return ax


def plot_importance(importance: pd.DataFrame, top: int = 12, *, ax=None, **kwargs):
    """Horizontal bars of permutation importance with its spread across folds."""
    ax = _ax(ax)
    t = importance.head(top).iloc[::-1]
    kwargs.setdefault("color", PALETTE[0])
    ax.barh([label(i) for i in t.index], t["importance"], xerr=t.get("std"), **kwargs)
    ax.set_xlabel("drop in held-out ROC AUC when shuffled")
    ax.set_title("What the model relies on (permutation importance)")
    return ax


def plot_profit(curve, *, currency: str = "USD", ax=None, **kwargs):
    """Cumulative expected profit against the number of customers contacted."""
    from .formats import money, money_unit

    ax = _ax(ax)
    t = curve.table
    ax.plot(np.concatenate([[0], t["rank"]]), np.concatenate([[0], t["cumulative_profit"]]), **kwargs)
    ax.axvline(curve.best_k, color=PALETTE[3], lw=0.8)
    ax.annotate(f"best: contact {curve.best_k:,}\nprofit {money(curve.best_profit, currency)}",
                (curve.best_k, curve.best_profit), xytext=(10, -30), textcoords="offset points", color=PALETTE[3])
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_xlabel("customers contacted (highest expected profit first)")
    ax.set_ylabel(f"cumulative expected profit, {money_unit(currency)}")
    ax.set_title("Retention offer: expected profit curve")
    return ax


def plot_km(curves: dict, *, time_unit: str = "periods", ax=None, at_risk: bool = True, **kwargs):
    """Kaplan-Meier retention curves with confidence bands (from :func:`insight.models.churn.kaplan_meier`).

    ``time_unit`` names the x axis ("months"); below the chart, the number of customers
    still at risk at each tick, counted by :func:`insight.models.churn.number_at_risk`.
    """
    from .models.survival import number_at_risk

    ax = _ax(ax)
    for g, f in curves.items():
        line, = ax.step(f["time"], f["retention"], where="post",
                        label=f"{g} (n={f.attrs['n']:,}, median {f.attrs['median']:.1f})"
                        if np.isfinite(f.attrs["median"]) else f"{g} (n={f.attrs['n']:,}, median not reached)",
                        **kwargs)
        ax.fill_between(f["time"], f["ci_low"], f["ci_high"], step="post", alpha=0.2, color=line.get_color())
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(f"{time_unit} since start")
    ax.set_ylabel("still a customer (%)")
    _pct(ax, "y")
    ax.set_title("Retention curves (Kaplan-Meier, 95% band)")
    ax.legend(loc="lower left", fontsize="small")
    if at_risk:
        lo, hi = ax.get_xlim()
        ticks = [t for t in ax.get_xticks() if lo <= t <= hi and t >= 0]
        counts = number_at_risk(curves, ticks)
        rows = [f"{str(g)[:14]:<14} " + "".join(f"{c:>8,}" for c in counts.loc[g]) for g in counts.index]
        ax.text(0, -0.2, "at risk at " + ", ".join(f"{t:g}" for t in ticks) + f" {time_unit}\n" + "\n".join(rows),
                transform=ax.transAxes, fontsize=10, va="top", family="monospace")
    return ax


def plot_forest(ratios: pd.DataFrame, *, ax=None, value_col: str = "hazard_ratio", **kwargs):
    """Forest plot of hazard (or odds) ratios with confidence intervals, log scale."""
    ax = _ax(ax)
    t = ratios.iloc[::-1]
    y = np.arange(len(t))
    v = t[value_col].to_numpy()
    ax.errorbar(v, y, xerr=[v - t["ci_low"].to_numpy(), t["ci_high"].to_numpy() - v], fmt="o", capsize=3, **kwargs)
    ax.axvline(1, color="grey", ls="--")
    ax.set_xscale("log")
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}x"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    names = t["label"] if "label" in t.columns else [label(i) for i in t.index]
    ax.set_yticks(y, list(names))
    name = value_col.replace("_", " ")
    ax.set_xlabel(f"{name} (log scale; 1x = no effect)")
    ax.set_title(f"{name.capitalize()}s with 95% confidence intervals")
    return ax


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


def plot_frequency_recency(model, T: float, *, what: str = "expected", max_frequency: int | None = None,
                           ax=None, cmap: str = "viridis", **kwargs):
    """Heatmap over frequency x recency of expected purchases next period (``what="expected"``) or P(alive)."""
    ax = _ax(ax)
    max_frequency = max_frequency or 20
    f, r, vals = _fr_grid(model, T, max_frequency, T, what)
    im = ax.imshow(vals, origin="lower", aspect="auto", cmap=cmap, extent=[f[0] - 0.5, f[-1] + 0.5, 0, T], **kwargs)
    label = "P(alive)" if what == "p_alive" else "expected purchases in the next period"
    ax.figure.colorbar(im, ax=ax, label=label)
    ax.set_xlabel("frequency (repeat purchases)")
    ax.set_ylabel("recency (time of last purchase)")
    ax.set_title(f"{label} by frequency and recency (T = {T:.0f})")
    return ax


def plot_holdout_by_frequency(model, data: pd.DataFrame, max_frequency: int = 7, *, ax=None, **kwargs):
    """Mean actual vs predicted holdout purchases by calibration frequency (censored at ``max_frequency``)."""
    ax = _ax(ax)
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


def plot_tracking(track: pd.DataFrame, *, cumulative: bool = True, time_unit: str = "W", ax=None, **kwargs):
    """Actual vs expected repeat purchases per period (from :func:`insight.models.clv.beta_geo.tracking`)."""
    from .formats import UNIT_NAMES

    ax = _ax(ax)
    a, e = ("actual_cumulative", "expected_cumulative") if cumulative else ("actual", "expected")
    ax.plot(track["period"], track[a], label="actual", **kwargs)
    ax.plot(track["period"], track[e], ls="--", label="model")
    if cumulative and "expected_cumulative_low" in track:
        ax.fill_between(track["period"], track["expected_cumulative_low"], track["expected_cumulative_high"],
                        alpha=0.25, color=PALETTE[1], label="model, 90% band")
    ax.axvline(track.attrs.get("calibration_period", np.nan), color="grey", ls=":", label="end of calibration")
    ax.set_xlabel(f"{UNIT_NAMES.get(time_unit, time_unit)} since the cohort's first purchase")
    ax.set_ylabel(("cumulative " if cumulative else "") + "repeat purchases")
    ax.set_title(("Cumulative" if cumulative else "Incremental") + " repeat purchases: actual vs model")
    ax.legend()
    return ax


def plot_distribution(values: pd.Series, *, log: bool = True, bins: int = 40, ax=None, label: str | None = None,
                      **kwargs):
    """Histogram of a per-customer quantity (CLV, P(alive)), optionally on a log axis."""
    ax = _ax(ax)
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


def plot_value_by_group(values: pd.Series, groups: pd.Series, *, ax=None, **kwargs):
    """Box plot of a per-customer value (e.g. CLV) by group (e.g. customer type)."""
    ax = _ax(ax)
    df = pd.DataFrame({"v": np.asarray(values, dtype=float), "g": np.asarray(groups)})
    order = df.groupby("g")["v"].median().sort_values(ascending=False).index
    ax.boxplot([df.loc[df["g"] == g, "v"] for g in order], showfliers=False, **kwargs)
    ax.set_xticks(range(1, len(order) + 1), [str(g) for g in order], rotation=20, ha="right")
    ax.set_ylabel(getattr(values, "name", None) or "value")
    ax.set_title("By group (boxes: quartiles; outliers hidden)")
    return ax


# --------------------------------------------------------------------------- satisfaction
def _interval_bars(ax, names, values, low, high, *, horizontal=True, colors=None, **kwargs):
    values, low, high = (np.asarray(a, dtype=float) for a in (values, low, high))
    err = np.vstack([values - low, high - values])
    kwargs.setdefault("color", colors if colors is not None else PALETTE[0])
    if horizontal:
        ax.barh(names, values, xerr=err, capsize=3, **kwargs)
        ax.invert_yaxis()
    else:
        ax.bar(names, values, yerr=err, capsize=3, **kwargs)
    return ax


def plot_nps(scores, *, ax=None, **kwargs):
    """NPS per group with its confidence interval (a table of :func:`insight.models.satisfaction.scores_by_group`,
    or one :func:`~insight.models.satisfaction.nps` result)."""
    ax = _ax(ax)
    t = scores.to_frame().T.rename(columns={"low": "nps_low", "high": "nps_high"}) if isinstance(scores, pd.Series) \
        else scores
    check_columns(t, ["nps", "nps_low", "nps_high"])
    colors = np.where(t["nps"] >= 0, PALETTE[0], PALETTE[3])
    _interval_bars(ax, [str(i) for i in t.index], t["nps"], t["nps_low"], t["nps_high"], colors=colors, **kwargs)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlim(-100, 100)
    ax.set_xlabel("NPS (% promoters - % detractors), bars: 95% interval")
    ax.set_title("Net Promoter Score")
    return ax


def plot_drivers(drivers, *, labels: dict | None = None, ax=None, **kwargs):
    """Bars of each driver's share of the explained variance (a :class:`~insight.models.satisfaction.KeyDrivers`
    or a :func:`~insight.models.satisfaction.relative_importance` table)."""
    ax = _ax(ax)
    imp = drivers.importance if hasattr(drivers, "importance") else drivers
    labels = labels or getattr(drivers, "labels", {}) or {}
    imp = imp.sort_values("share", ascending=False)
    kwargs.setdefault("color", PALETTE[0])
    ax.barh([labels.get(d, d) for d in imp.index], imp["share"], **kwargs)
    ax.invert_yaxis()
    ax.set_xlabel("share of explained variance (R²)")
    r2 = getattr(drivers, "r2", imp.attrs.get("r2"))
    ax.set_title(f"Key drivers (relative importance; R² = {r2:.2f})" if r2 is not None else "Key drivers")
    return ax


def plot_importance_performance(ipm, *, labels: dict | None = None, ax=None, **kwargs):
    """Importance-performance map with its four quadrants (a KeyDrivers, its ``map``, or
    :func:`~insight.models.satisfaction.importance_performance`)."""
    ax = _ax(ax)
    labels = labels or getattr(ipm, "labels", {}) or {}
    table = ipm.map if hasattr(ipm, "map") else ipm
    check_columns(table, ["importance", "performance", "quadrant"])
    palette = {"top priority": PALETTE[3], "keep up": PALETTE[2], "sustain": PALETTE[0], "low priority": "#999999"}
    for q, sub in table.groupby("quadrant"):
        ax.scatter(sub["performance"], sub["importance"], color=palette.get(q, PALETTE[0]), s=50, **kwargs)
    for d, row in table.iterrows():
        ax.annotate(str(labels.get(d, d)), (row["performance"], row["importance"]), fontsize=10,
                    xytext=(4, 3), textcoords="offset points")
    x_cut = table.attrs.get("performance_cut", table["performance"].mean())
    y_cut = table.attrs.get("importance_cut", table["importance"].mean())
    ax.axvline(x_cut, color="grey", ls="--", lw=0.8)
    ax.axhline(y_cut, color="grey", ls="--", lw=0.8)
    # the quadrant names, drawn in their corners (important = top; well rated = right)
    for name, x, y, ha, va in [("top priority", 0.02, 0.98, "left", "top"), ("keep up", 0.98, 0.98, "right", "top"),
                               ("low priority", 0.02, 0.02, "left", "bottom"), ("sustain", 0.98, 0.02, "right", "bottom")]:
        ax.text(x, y, name.upper(), transform=ax.transAxes, ha=ha, va=va, fontsize=10, color=palette[name],
                fontweight="bold", alpha=0.8)
    _pct(ax, "y")
    ax.set_xlabel("performance (mean score)")
    ax.set_ylabel("importance (share of explained variance, %)")
    ax.set_title("Importance-performance map")
    return ax


def plot_levels(levels: pd.Series, *, ax=None, **kwargs):
    """Share of orders at each satisfaction level (from :func:`~insight.models.satisfaction.satisfaction_levels`)."""
    ax = _ax(ax)
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


def plot_response_times(tickets: pd.DataFrame, *, channel_col: str = "channel",
                        time_col: str = "hours_to_first_response", target_hours: float | None = None, ax=None,
                        **kwargs):
    """Cumulative share of contacts answered within x hours, per channel (log scale)."""
    check_columns(tickets, [channel_col, time_col])
    ax = _ax(ax)
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


def plot_recovery(recovery, *, ax=None, **kwargs):
    """Retention by complaint handling with 95% intervals (a :class:`~insight.models.satisfaction.Recovery`)."""
    ax = _ax(ax)
    t = recovery.table.dropna(subset=["rate"])
    colors = [PALETTE[0], PALETTE[2], PALETTE[1], PALETTE[3]][: len(t)]
    _interval_bars(ax, list(t.index), t["rate"], t["low"], t["high"], horizontal=False, colors=colors, **kwargs)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share retained")
    ax.set_title(f"Retention by complaint handling (fast = within {recovery.fast_hours:g} h)")
    return ax


def plot_touchpoints(tp, *, labels: dict | None = None, ax=None, **kwargs):
    """Mean CSAT per touchpoint (coloured by stage, 95% interval) with its importance; the focus is marked."""
    ax = _ax(ax)
    labels = labels or {}
    t = tp.table
    stage_colors = {"pre-purchase": PALETTE[4], "purchase": PALETTE[2], "post-purchase": PALETTE[1]}
    colors = [stage_colors.get(s, PALETTE[0]) for s in t["stage"]]
    names = [f"{labels.get(c, c)}{'  <- focus' if c == tp.focus else ''}" for c in t.index]
    _interval_bars(ax, names, t["mean"], t["low"], t["high"], colors=colors, **kwargs)
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
def plot_actions(plan: pd.DataFrame, *, currency: str = "USD", ax=None, **kwargs):
    """Horizontal bars of each recommended action's expected value (columns ``action``, ``expected value``)."""
    import textwrap

    from .formats import money_unit

    check_columns(plan, ["action", "expected value"])
    ax = _ax(ax)
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


def plot_period_transactions(check, *, ax=None, **kwargs):
    """Customers by repeat purchases in the calibration period: actual against the model's expectation
    (a :class:`~insight.models.clv.goodness.PeriodTransactions`)."""
    ax = _ax(ax)
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


def plot_cohorts(cohorts, *, max_periods: int = 12, ax=None, **kwargs):
    """Heatmap of the share of each acquisition cohort buying in each period after its first purchase, or for
    subscription cohorts still subscribed (a :class:`~insight.features.cohorts.Cohorts`); period 0 (everyone) is left
    out so the colours show the rest."""
    ax = _ax(ax)
    t = cohorts.active.loc[:, 1:max_periods]
    im = ax.imshow(t.to_numpy(dtype=float), aspect="auto", cmap=kwargs.pop("cmap", "viridis"), vmin=0, **kwargs)
    ax.set_xticks(range(t.shape[1]), [str(c) for c in t.columns])
    step = max(1, len(t) // 12)
    ax.set_yticks(range(0, len(t), step), list(t.index[::step]))
    unit = {"M": "months", "Q": "quarters"}.get(cohorts.freq, "periods")
    event, doing = ("start", "still a customer") if cohorts.subscriptions else ("first purchase", "buying")
    ax.set_xlabel(f"{unit} after the {event}")
    ax.set_ylabel(f"cohort ({event})")
    ax.set_title(f"Share of each cohort {doing}, by age")
    from matplotlib.ticker import PercentFormatter

    ax.figure.colorbar(im, ax=ax, format=PercentFormatter(1.0, decimals=0), label=f"{doing} in that period")
    return ax


def plot_retention_projection(km, model, periods: int, *, time_unit: str = "periods", ax=None, **kwargs):
    """Observed retention (a Kaplan-Meier frame of :func:`insight.models.churn.kaplan_meier`) against the shifted-beta-
    geometric model's curve (:class:`~insight.models.clv.sbg.ShiftedBetaGeometric`), projected to ``periods``."""
    ax = _ax(ax)
    ax.step(km["time"], km["retention"], where="post", label="observed (Kaplan-Meier)", color=PALETTE[0], **kwargs)
    s = model.survival(periods)
    ax.plot(s.index, s.to_numpy(), ls="--", color=PALETTE[1], label="sBG model (projected beyond the data)")
    ax.set_ylim(0, 1.02)
    _pct(ax, "y")
    ax.set_xlabel(f"{time_unit} since start")
    ax.set_ylabel("still a customer (%)")
    ax.set_title("Retention: observed and projected")
    ax.legend(loc="lower left")
    return ax


for _name in __all__:   # every plot draws in the style, without touching matplotlib's global settings
    if _name.startswith("plot_"):
        globals()[_name] = _styled(globals()[_name])
