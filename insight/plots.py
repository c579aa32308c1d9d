"""All plots of insight (as lifelines/plotting.py): ``plot_x(data, ..., ax=None, **kwargs)``.

Each function draws on ``ax`` (creating a figure only when none is given), labels
its axes and title, and returns the axes. None calls ``plt.show()`` or saves a file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .validate import check_columns

__all__ = ["plot_monthly_activity", "plot_rating_distribution"]


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
    kwargs.setdefault("color", "#4c72b0")
    ax.bar(series.index.astype(str), series.to_numpy(), **kwargs)
    ax.set_xlabel("month")
    ax.set_ylabel(f"sum of {amount_col}" if amount_col else "rows")
    ax.set_title(f"{'Amount' if amount_col else 'Rows'} per month")
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

    cmap = plt.get_cmap(kwargs.pop("cmap", "RdYlGn"))
    left = np.zeros(len(columns))
    names = [(labels or {}).get(c, c) for c in columns]
    for k, p in enumerate(points):
        w = shares[p].to_numpy()
        ax.barh(names, w, left=left, color=cmap(k / max(1, len(points) - 1)), label=str(p), **kwargs)
        left += w
    ax.invert_yaxis()
    ax.set_xlabel("share of answers")
    ax.set_xlim(0, 1)
    ax.set_title(f"Distribution of answers ({lo} = lowest, {hi} = highest)")
    ax.legend(title="answer", ncol=min(len(points), 11), fontsize="small", loc="upper center",
              bbox_to_anchor=(0.5, -0.15))
    return ax
