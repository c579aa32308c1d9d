"""Charts of who the customers are: activity, ratings, RFM, segments, concentration, types, cohorts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..formats import label
from ..validate import check_columns
from ._style import PALETTE, axes_or_new, percent_axis, styled

__all__ = [
    "plot_monthly_activity", "plot_rating_distribution", "plot_rfm_heatmap", "plot_segment_shares", "plot_lorenz",
    "plot_cluster_profiles", "plot_type_map", "plot_cohorts",
]


@styled
def plot_monthly_activity(df: pd.DataFrame, date_col: str, amount_col: str | None = None, *, ax=None, **kwargs):
    """Bars of rows (or summed ``amount_col``) per calendar month."""
    check_columns(df, [date_col, amount_col])
    ax = axes_or_new(ax)
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


@styled
def plot_rating_distribution(df: pd.DataFrame, columns: list[str], *, labels: dict | None = None,
                             scale: tuple[int, int] | None = None, ax=None, **kwargs):
    """Stacked horizontal bars: share of answers at each scale point, per question."""
    check_columns(df, columns)
    ax = axes_or_new(ax)
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
    percent_axis(ax, "x")
    ax.set_title(f"Distribution of answers ({lo} = lowest, {hi} = highest)")
    ax.legend(title="answer", ncol=min(len(points), 11), fontsize="small", loc="upper center",
              bbox_to_anchor=(0.5, -0.15))
    return ax


# --------------------------------------------------------------------------- customer types
@styled
def plot_rfm_heatmap(scores: pd.DataFrame, values: pd.Series | None = None, *, ax=None, cmap: str = "viridis",
                     **kwargs):
    """Heatmap of customers (or the mean of ``values``) by R score (rows) and FM score (columns)."""
    check_columns(scores, ["R", "FM"])
    ax = axes_or_new(ax)
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


@styled
def plot_segment_shares(groups: pd.Series, revenue: pd.Series, *, ax=None, **kwargs):
    """Side-by-side bars: each group's share of customers and share of revenue."""
    ax = axes_or_new(ax)
    if len(groups) != len(revenue):
        from ..exceptions import DataValidationError

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
    percent_axis(ax, "x")
    ax.set_title("Share of customers vs share of revenue")
    ax.legend(loc="lower right")
    return ax


@styled
def plot_lorenz(conc, *, ax=None, **kwargs):
    """Lorenz curve of revenue (from :func:`insight.models.segments.revenue_concentration`)."""
    ax = axes_or_new(ax)
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


@styled
def plot_cluster_profiles(model, *, ax=None, cmap: str = "RdBu_r", **kwargs):
    """Heatmap of each cluster's feature mean relative to all customers (log2 ratio)."""
    ax = axes_or_new(ax)
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


@styled
def plot_type_map(model, summary: pd.DataFrame, *, ax=None, max_points: int = 5000, random_state: int = 0,
                  **kwargs):
    """2-D projection (PCA of the clustering features) of customers coloured by type."""
    from sklearn.decomposition import PCA

    ax = axes_or_new(ax)
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


@styled
def plot_cohorts(cohorts, *, max_periods: int = 12, ax=None, **kwargs):
    """Heatmap of the share of each acquisition cohort buying in each period after its first purchase, or for
    subscription cohorts still subscribed (a :class:`~insight.features.cohorts.Cohorts`); period 0 (everyone) is left
    out so the colours show the rest."""
    ax = axes_or_new(ax)
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
