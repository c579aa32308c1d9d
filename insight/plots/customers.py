"""Charts of who the customers are: activity, ratings, RFM, segments, concentration, types, cohorts.

Every word on a chart comes from the message catalog (``plot.types.*``) through ``style`` (a
:class:`insight.style.Style`; English by default).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..style import Style, catalog
from ..validate import check_columns
from ._style import PALETTE, axes_or_new, percent_axis, styled

__all__ = [
    "plot_monthly_activity", "plot_rating_distribution", "plot_rfm_heatmap", "plot_segment_shares", "plot_lorenz",
    "plot_cluster_profiles", "plot_type_map", "plot_cohorts", "type_name",
]


@styled
def plot_monthly_activity(df: pd.DataFrame, date_col: str, amount_col: str | None = None, *, ax=None,
                          style: Style | None = None, **kwargs):
    """Bars of rows (or summed ``amount_col``) per month of the style's calendar (Solar Hijri months in a Persian
    report), every month from the first to the last, a month without rows at 0.

    Parameters
    ----------
    df : pandas.DataFrame
        A table of events (transactions, tickets ...), or of days with their counts or sums.
    date_col : str
        Column of dates (anything ``pandas.to_datetime`` reads).
    amount_col : str, optional
        Column summed per month; None (default): rows are counted.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format, currency and calendar of the chart's words and months; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.bar``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import pandas as pd
    >>> ax = plot_monthly_activity(pd.DataFrame({"d": pd.to_datetime(["2024-01-05", "2024-02-05", "2024-02-09"])}),
    ...                            "d")
    >>> ax.get_title(), [t.get_text() for t in ax.get_xticklabels()], [int(p.get_height()) for p in ax.patches]
    ('Rows per month', ['2024-01', '2024-02'], [1, 2])
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    from ..periods import period_of, period_range

    check_columns(df, [date_col, amount_col])
    ax = axes_or_new(ax)
    st = style or Style()
    month = period_of(pd.Series(pd.to_datetime(df[date_col]), index=df.index), "M", st.calendar)
    seen = month.dropna()
    per = (df.loc[seen.index].groupby(seen.map(lambda p: p.ordinal))[amount_col].sum() if amount_col
           else seen.map(lambda p: p.ordinal).value_counts())
    months = period_range(min(seen), max(seen), "M", st.calendar) if len(seen) else []
    series = pd.Series([float(per.get(p.ordinal, 0)) for p in months], index=[st.period(p) for p in months])
    kwargs.setdefault("color", PALETTE[0])
    ax.bar(np.arange(len(series)), series.to_numpy(), **kwargs)
    ax.set_xlabel(st.say("plot.types.month"))
    ax.set_ylabel(st.label(amount_col).lower() if amount_col else st.say("plot.types.rows"))
    ax.set_title(st.say("plot.types.per_month", what=st.label(amount_col)) if amount_col
                 else st.say("plot.types.rows_per_month"))
    ax.yaxis.set_major_formatter(lambda v, _: st.count(v))
    step = max(1, len(series) // 12)
    ax.set_xticks(np.arange(len(series))[::step])
    ax.set_xticklabels(list(series.index)[::step], rotation=45, ha="right")
    return ax


@styled
def plot_rating_distribution(df: pd.DataFrame, columns: list[str], *, labels: dict | None = None,
                             scale: tuple[int, int] | None = None, ax=None, style: Style | None = None, **kwargs):
    """Stacked horizontal bars: share of answers at each scale point, per question.

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, one row per respondent.
    columns : list of str
        The questions (numeric answer columns), drawn top to bottom.
    labels : dict, optional
        Column -> question text shown; other columns are shown by name.
    scale : tuple of (int, int), optional
        Lowest and highest answer; None (default): read from the answers.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.barh``; ``cmap`` (default "RdBu") names the colour map of the answers.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    check_columns(df, columns)
    ax = axes_or_new(ax)
    st = style or Style()
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
        ax.barh(names, w, left=left, color=cmap(k / max(1, len(points) - 1)), label=st.native(str(p)), **kwargs)
        left += w
    ax.invert_yaxis()
    ax.set_xlabel(st.say("plot.types.share_of_answers"))
    ax.set_xlim(0, 1)
    percent_axis(ax, "x")
    ax.set_title(st.say("plot.types.answers_title", lo=lo, hi=hi))
    ax.legend(title=st.say("plot.types.answer"), ncol=min(len(points), 6), fontsize="small", loc="upper center",
              bbox_to_anchor=(0.5, -0.15))
    return ax


# --------------------------------------------------------------------------- customer types
@styled
def plot_rfm_heatmap(scores: pd.DataFrame, values: pd.Series | None = None, *, ax=None, cmap: str = "viridis",
                     style: Style | None = None, **kwargs):
    """Heatmap of customers (or the mean of ``values``) by R score (rows) and FM score (columns).

    Parameters
    ----------
    scores : pandas.DataFrame
        RFM scores with columns ``R`` and ``FM`` (1-5), e.g. from :func:`insight.models.segments.rfm_scores`.
    values : pandas.Series, optional
        A value per customer (indexed like ``scores``) whose mean each cell shows; None (default): counts.
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
    check_columns(scores, ["R", "FM"])
    ax = axes_or_new(ax)
    st = style or Style()
    if values is None:
        grid = pd.crosstab(scores["R"], scores["FM"])
        label = st.say("plot.types.customers")
    else:
        grid = values.groupby([scores["R"], scores["FM"]]).mean().unstack()
        label = st.say("plot.types.mean_of", what=values.name or st.say("plot.types.value"))
    grid = grid.reindex(index=range(5, 0, -1), columns=range(1, 6))
    im = ax.imshow(grid.to_numpy(dtype=float), cmap=cmap, aspect="auto", **kwargs)
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = grid.iat[i, j]
            if pd.notna(v):
                ax.text(j, i, st.count(v), ha="center", va="center", color="white", fontsize=8)
    ax.set_xticks(range(5), [str(c) for c in grid.columns])
    ax.set_yticks(range(5), [str(r) for r in grid.index])
    ax.set_xlabel(st.say("plot.types.fm_axis"))
    ax.set_ylabel(st.say("plot.types.r_axis"))
    ax.set_title(st.say("plot.types.rfm_title", what=label))
    ax.figure.colorbar(im, ax=ax, label=label)
    return ax


@styled
def plot_segment_shares(groups: pd.Series, revenue: pd.Series, *, ax=None, labels: dict | None = None,
                        style: Style | None = None, **kwargs):
    """Side-by-side bars: each group's share of customers and share of revenue.

    Groups are named by ``labels`` (group -> name), otherwise as ``style`` labels a name
    (``"discount-driven"`` -> ``"Discount-driven"``).

    Parameters
    ----------
    groups : pandas.Series
        The group (segment, type) of each customer.
    revenue : pandas.Series
        Each customer's revenue, in the same order as ``groups``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    labels : dict, optional
        Group -> name shown.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.barh`` (both sets of bars).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``groups`` and ``revenue`` differ in length.
    """
    ax = axes_or_new(ax)
    st = style or Style()
    if len(groups) != len(revenue):
        from ..exceptions import DataValidationError

        raise DataValidationError(f"parameters 'groups' and 'revenue' have {len(groups)} and {len(revenue)} rows.")
    g = pd.Series(np.asarray(groups), name="group")
    r = pd.Series(np.asarray(revenue, dtype=float))
    t = pd.DataFrame({"customers": g.value_counts(normalize=True),
                      "revenue": r.groupby(g).sum() / r.sum()}).fillna(0).sort_values("revenue")
    y = np.arange(len(t))
    ax.barh(y - 0.2, t["customers"], height=0.4, label=st.say("plot.types.share_of_customers"), color=PALETTE[4],
            **kwargs)
    ax.barh(y + 0.2, t["revenue"], height=0.4, label=st.say("plot.types.share_of_revenue"), color=PALETTE[0], **kwargs)
    ax.set_yticks(y, [st.label(i, labels) for i in t.index])
    ax.set_xlabel(st.say("plot.types.share_axis"))
    percent_axis(ax, "x")
    ax.set_title(st.say("plot.types.shares_title"))
    ax.legend(loc="lower right")
    return ax


@styled
def plot_lorenz(conc, *, ax=None, style: Style | None = None, **kwargs):
    """Lorenz curve of revenue (from :func:`insight.models.segments.revenue_concentration`).

    Parameters
    ----------
    conc : insight.models.segments.Concentration
        The revenue concentration (Lorenz points, Gini and the top share).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.plot`` (the Lorenz curve).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.segments import revenue_concentration
    >>> ax = plot_lorenz(revenue_concentration(pd.Series([1.0, 2, 3, 10, 50])))
    >>> ax.get_title()
    'Revenue concentration (Lorenz curve)'
    >>> import matplotlib.pyplot as plt; plt.close(ax.figure)
    """
    ax = axes_or_new(ax)
    st = style or Style()
    kwargs.setdefault("color", PALETTE[0])
    ax.plot(conc.lorenz_customers, conc.lorenz_revenue, label=st.say("plot.types.lorenz_revenue", gini=conc.gini),
            **kwargs)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label=st.say("plot.types.lorenz_equal"))
    x = 1 - conc.top
    ax.axvline(x, color=PALETTE[3], lw=0.8)
    ax.annotate(st.say("plot.types.lorenz_top", top=conc.top, share=conc.top_share), (x, 1 - conc.top_share),
                xytext=(-10, 10), textcoords="offset points", ha="right", color=PALETTE[3])
    ax.set_xlabel(st.say("plot.types.lorenz_x"))
    ax.set_ylabel(st.say("plot.types.lorenz_y"))
    ax.set_title(st.say("plot.types.lorenz_title"))
    ax.legend(loc="upper left")
    return ax


@styled
def plot_cluster_profiles(model, *, ax=None, cmap: str = "RdBu_r", style: Style | None = None, **kwargs):
    """Heatmap of each cluster's feature mean relative to all customers (log2 ratio).

    Parameters
    ----------
    model : insight.models.segments.CustomerTypes
        A fitted customer-type model (its ``profiles_``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    cmap : str, default "RdBu_r"
        Matplotlib diverging colour map.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.imshow``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = axes_or_new(ax)
    st = style or Style()
    p = model.profiles_
    cols = [f"{f} vs all" for f in model.features_]
    ratio = np.log2(p[cols].astype(float).clip(lower=1e-3)).to_numpy()
    lim = max(1.0, np.nanmax(np.abs(ratio)))
    im = ax.imshow(ratio, cmap=cmap, vmin=-lim, vmax=lim, aspect="auto", **kwargs)
    for i in range(ratio.shape[0]):
        for j in range(ratio.shape[1]):
            ax.text(j, i, st.say("plot.types.times", x=2 ** ratio[i, j]), ha="center", va="center", fontsize=8)
    ax.set_xticks(range(len(cols)), [_feature(st, f) for f in model.features_], rotation=30, ha="right")
    ax.set_yticks(range(len(p)), [st.say("plot.types.cluster_type", cluster=c, type=type_name(st, t))
                                  for c, t in zip(p.index, p["type"])])
    ax.set_title(st.say("plot.types.profiles_title"))
    ax.figure.colorbar(im, ax=ax, label=st.say("plot.types.profiles_scale"))
    return ax


@styled
def plot_type_map(model, summary: pd.DataFrame, *, ax=None, max_points: int = 5000, random_state: int = 0,
                  style: Style | None = None, **kwargs):
    """2-D projection (PCA of the clustering features) of customers coloured by type.

    Parameters
    ----------
    model : insight.models.segments.CustomerTypes
        A fitted customer-type model.
    summary : pandas.DataFrame
        The per-customer summary the model was fitted on (indexed like its ``labels_``).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    max_points : int, default 5000
        Largest number of customers drawn (a random sample above it).
    random_state : int, default 0
        Seed of that sample and of the PCA.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.scatter``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from sklearn.decomposition import PCA

    ax = axes_or_new(ax)
    st = style or Style()
    idx = model.labels_.index
    if len(idx) > max_points:
        idx = pd.Index(np.random.default_rng(random_state).choice(idx, max_points, replace=False))
    Z = model.scaler_.transform(model.transform_features(summary.loc[idx]))
    pca = PCA(n_components=2, random_state=random_state).fit(Z)
    xy = pca.transform(Z)
    types = model.types_.loc[idx]
    for t in sorted(types.unique()):
        m = (types == t).to_numpy()
        ax.scatter(xy[m, 0], xy[m, 1], s=6, alpha=0.5, label=st.say("plot.types.type_count", type=type_name(st, t),
                                                                     n=int(m.sum())), **kwargs)
    ev = pca.explained_variance_ratio_
    ax.set_xlabel(st.say("plot.types.component", k=1, share=ev[0]))
    ax.set_ylabel(st.say("plot.types.component", k=2, share=ev[1]))
    ax.set_title(st.say("plot.types.type_map_title"))
    ax.legend(markerscale=3, fontsize="small")
    return ax


@styled
def plot_cohorts(cohorts, *, max_periods: int = 12, ax=None, style: Style | None = None, **kwargs):
    """Heatmap of the share of each acquisition cohort buying in each period after its first purchase, or for
    subscription cohorts still subscribed (a :class:`~insight.features.cohorts.Cohorts`); period 0 (everyone) is left
    out so the colours show the rest.

    Parameters
    ----------
    cohorts : insight.features.cohorts.Cohorts
        Cohort table, e.g. from :func:`insight.features.cohorts.cohort_table`.
    max_periods : int, default 12
        Last period after the first purchase (or start) drawn.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; None (default) draws on a new figure.
    style : insight.style.Style, optional
        Language, number format and currency of the chart's words; None (default): English.
    **kwargs
        Passed to matplotlib's ``ax.imshow``; ``cmap`` defaults to "viridis".

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = axes_or_new(ax)
    st = style or Style()
    t = cohorts.active.loc[:, 1:max_periods]
    im = ax.imshow(t.to_numpy(dtype=float), aspect="auto", cmap=kwargs.pop("cmap", "viridis"), vmin=0, **kwargs)
    ax.set_xticks(range(t.shape[1]), [str(c) for c in t.columns])
    step = max(1, len(t) // 12)
    ax.set_yticks(range(0, len(t), step), [st.period(cohorts.period(c)) for c in t.index[::step]])
    unit = st.say(f"plot.types.cohort_unit.{cohorts.freq if cohorts.freq in ('M', 'Q') else 'other'}")
    kind = "start" if cohorts.subscriptions else "purchase"
    ax.set_xlabel(st.say(f"plot.types.cohort_x_{kind}", unit=unit))
    ax.set_ylabel(st.say(f"plot.types.cohort_y_{kind}"))
    ax.set_title(st.say(f"plot.types.cohort_title_{kind}"))
    from matplotlib.ticker import PercentFormatter

    ax.figure.colorbar(im, ax=ax, format=PercentFormatter(1.0, decimals=0),
                       label=st.say(f"plot.types.cohort_scale_{kind}"))
    return ax


def type_name(st: Style, t) -> str:
    """A customer type id of :class:`insight.models.segments.CustomerTypes` (``"loyal"``, ``"too_little_history"``)
    in the style's words, a further group of one type numbered (``"discount-driven_2"``: "discount-driven
    (group 2)"); a name insight did not write is shown as it is.

    Parameters
    ----------
    st : insight.style.Style
        The style whose words are used.
    t : object
        The type id.

    Returns
    -------
    str
        The type's name for readers.
    """
    from ..models.segments import type_of

    words = catalog(st.language)
    base = type_of(t)
    if base != str(t) and f"type.{base}" in words:
        return st.say("types.numbered", name=st.say(f"type.{base}"), n=int(str(t).rsplit("_", 1)[1]))
    return st.say(f"type.{t}") if f"type.{t}" in words else str(t)


def _feature(st: Style, f: str) -> str:
    known = f"plot.types.feature.{f}" in catalog(st.language)
    return st.say(f"plot.types.feature.{f}") if known else f.replace("_", " ")
