"""How satisfied are customers? Scores with their uncertainty: NPS, CSAT and shares, by group and over time.

:func:`nps` has an analytic interval of the promoter-minus-detractor difference, checked by :func:`nps_bootstrap`;
:func:`csat` gives the mean and the top-box share with Wilson intervals; :func:`share` a yes/no share ("would buy
again"); :func:`scores_by_group` and :func:`trend` test whether groups or periods differ. Every function takes optional
``weights`` (for example the design weights of :func:`insight.models.satisfaction.sampling.survey_sample`); intervals
then use Kish's effective sample size (sum w)² / sum w². Wilson intervals and tests come from statsmodels and scipy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..._results import Result
from ...features.cohorts import complete_periods
from ...data.cleaning import check_survey
from ...exceptions import DataValidationError
from ...parsers import to_bool
from ...periods import period_of
from ...validate import check_columns, check_in, check_param, plain

__all__ = [
    "GroupScores", "group_scores", "wilson_interval", "nps", "nps_bootstrap", "csat", "share", "scores_by_group",
    "trend", "complete_periods", "quarterly", "Change", "largest_change", "two_point",
]


# --------------------------------------------------------------------------- helpers
def _z(confidence: float) -> float:
    from scipy.stats import norm

    check_param("confidence", confidence, float, min_val=0.5, max_val=1.0, include_max=False)
    return float(norm.ppf(0.5 + confidence / 2))


def check_weights(weights, n: int, index=None) -> np.ndarray:
    """Validated weights as an array (ones when None)."""
    if weights is None:
        return np.ones(n)
    w = pd.Series(weights).reindex(index) if isinstance(weights, pd.Series) and index is not None else weights
    w = np.asarray(w, dtype=float)
    if w.shape != (n,):
        raise DataValidationError(f"parameter 'weights': {w.size:,} values for {n:,} answers; one weight per answer.")
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise DataValidationError(f"parameter 'weights': {int(bad.sum()):,} of {n:,} weights are missing, infinite "
                                  f"or negative; e.g. {plain(w[bad][0])!r}.")
    if not w.sum() > 0:
        raise DataValidationError("parameter 'weights': all weights are 0.")
    return w


def two_point(scale) -> bool:
    """Whether ``scale`` (low, high) has two answers only (0/1, no/yes, neutral or dissatisfied/satisfied): its
    score is then the share giving the top answer, not a mean.

    Parameters
    ----------
    scale : tuple
        The scale's lowest and highest answer.

    Returns
    -------
    bool
        True when the highest answer is one above the lowest.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``scale`` is not a pair of numbers.

    Examples
    --------
    >>> two_point((0, 1)), two_point((1, 5))
    (True, False)"""
    try:
        lo, hi = scale
        return float(hi) - float(lo) == 1
    except (TypeError, ValueError):
        raise DataValidationError(f"parameter 'scale' == {scale!r}, must be (low, high).") from None


def _n_eff(w: np.ndarray) -> float:
    return float(w.sum() ** 2 / (w ** 2).sum())


def _values(values, name: str, scale: tuple[int, int] | None, weights=None, integer: bool = True):
    """Numeric answers (NaN kept apart) and their weights, validated against the scale: whole scale
    points only (an answer of 3.5 on a 1-5 scale is a data error, not half a top-box answer)."""
    s = values if isinstance(values, pd.Series) else pd.Series(np.asarray(values))
    s = s.rename(name if s.name is None else s.name)
    col = str(s.name)
    if scale is not None:
        s = check_survey(s.to_frame(col), [col], scale=scale, min_rows=1, integer=integer)[col]
    else:
        s = pd.to_numeric(s, errors="coerce") if s.dtype != bool else s.astype(float)
    w = check_weights(weights, len(s), s.index)
    ok = s.notna().to_numpy()
    if not ok.any():
        raise DataValidationError(f"column {col!r}: all {len(s):,} answers are missing.")
    return s.to_numpy(dtype=float)[ok], w[ok], int((~ok).sum())


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion (``n`` may be an effective, non-integer size).

    Parameters
    ----------
    successes, n : float
        Answers counted as a success (0 to ``n``), and all answers (> 0; or the effective sample size).
    confidence : float, default 0.95
        Confidence level of the interval, from 0.5 up to (not including) 1.

    Returns
    -------
    tuple of float
        The interval's lower and upper bound, as proportions (0 to 1).

    Examples
    --------
    >>> [round(v, 3) for v in wilson_interval(45, 60)]
    [0.628, 0.842]"""
    from statsmodels.stats.proportion import proportion_confint

    check_param("n", n, float, min_val=0, include_min=False)
    check_param("successes", successes, float, min_val=0, max_val=n)
    _z(confidence)
    lo, hi = proportion_confint(successes, n, alpha=1 - confidence, method="wilson")
    return float(lo), float(hi)


# --------------------------------------------------------------------------- scores
def nps(scores, *, weights=None, confidence: float = 0.95) -> pd.Series:
    """Net Promoter Score (-100..100) with an adjusted-Wald confidence interval.

    Promoters answer 9-10, detractors 0-6; answers must be whole numbers 0-10. NPS = 100 (p_P - p_D). The interval is
    the adjusted Wald of Rocks (2016), "Interval Estimation for the 'Net Promoter Score'", The American Statistician
    70(4): three pseudo-answers are added (3/4 promoter, 3/4 detractor, 3/2 passive) before the multinomial variance
    (p_P + p_D - (p_P - p_D)^2) / n is taken, so a handful of answers never gives a zero-width interval (the plain Wald
    gives [100, 100] for one promoter); the interval is widened where needed to contain the NPS itself. n is the
    effective sample size when weighted. Missing answers are left out and counted in ``missing``.

    Parameters
    ----------
    scores : array-like or pandas.Series
        Answers to the recommendation question, whole numbers 0-10 (:func:`nps_bootstrap` checks the interval).
    weights : array-like or pandas.Series, optional
        One non-negative weight per answer (a Series is aligned on the index), e.g. design weights.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    pandas.Series
        Named "NPS": ``nps``, ``low``, ``high`` and ``se`` in NPS points; the shares of ``promoters``, ``passives`` and
        ``detractors`` (0 to 1); answers ``n``, ``n_effective`` and ``missing``.

    Examples
    --------
    >>> nps([10, 9, 9, 8, 7, 6, 3, 10, 9, None])[["nps", "low", "high", "missing"]].round(1).tolist()
    [33.3, -20.5, 70.5, 1.0]"""
    x, w, missing = _values(scores, "nps", (0, 10), weights)
    z = _z(confidence)
    sw = w.sum()
    p_p, p_d = w[x >= 9].sum() / sw, w[x <= 6].sum() / sw
    n_eff = _n_eff(w)
    d = p_p - p_d
    n_adj = n_eff + 3
    a_p, a_d = (p_p * n_eff + 0.75) / n_adj, (p_d * n_eff + 0.75) / n_adj
    d_adj = a_p - a_d
    se = float(np.sqrt(max(a_p + a_d - d_adj ** 2, 0.0) / n_adj))
    # the adjusted interval is centred on the adjusted estimate; with a handful of answers it can leave out the
    # NPS itself (one promoter: 100 outside [-48, 98]), so it is widened to hold it
    low, high = min(max(d_adj - z * se, -1), d), max(min(d_adj + z * se, 1), d)
    return pd.Series({"nps": 100 * d, "low": 100 * low, "high": 100 * high,
                      "se": 100 * se, "promoters": p_p, "passives": 1 - p_p - p_d, "detractors": p_d,
                      "n": len(x), "n_effective": n_eff, "missing": missing}, name="NPS")


def nps_bootstrap(scores, *, weights=None, confidence: float = 0.95, n_boot: int = 2000,
                  seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the NPS (a check on :func:`nps`'s analytic interval).

    Parameters
    ----------
    scores : array-like or pandas.Series
        Answers 0-10, as for :func:`nps`.
    weights : array-like or pandas.Series, optional
        One weight per answer; each resample's NPS is weighted.
    confidence : float, default 0.95
        Confidence level of the interval.
    n_boot, seed : int, default 2000, 0
        Bootstrap resamples (at least 100), and the seed of the resampling (the same seed, the same interval).

    Returns
    -------
    tuple of float
        The interval's lower and upper bound, in NPS points (-100 to 100).

    Examples
    --------
    >>> [round(v, 1) for v in nps_bootstrap([10, 9, 9, 8, 7, 6, 3, 10, 9], n_boot=1000)]
    [-22.2, 88.9]"""
    check_param("n_boot", n_boot, int, min_val=100)
    x, w, _ = _values(scores, "nps", (0, 10), weights)
    _z(confidence)
    rng = np.random.default_rng(seed)
    sign = np.where(x >= 9, 1.0, np.where(x <= 6, -1.0, 0.0))
    out = np.empty(n_boot)
    for b in range(n_boot):
        i = rng.integers(0, len(x), len(x))
        out[b] = 100 * np.sum(w[i] * sign[i]) / np.sum(w[i])
    lo, hi = np.quantile(out, [(1 - confidence) / 2, (1 + confidence) / 2])
    return float(lo), float(hi)


def csat(scores, *, scale: tuple[int, int] = (1, 5), top_box: int | None = None, weights=None,
         confidence: float = 0.95, integer: bool = True) -> pd.Series:
    """CSAT: mean score (t interval, cut to the scale: a mean cannot leave it, though with few answers the t
    interval does) and top-box share (answers in the top ``top_box`` points, Wilson interval; by default the top
    two, or the top one on a two-point scale, where the top box is the share satisfied: :func:`two_point`).

    Parameters
    ----------
    scores : array-like or pandas.Series
        Answers on ``scale``; missing answers allowed.
    scale : tuple of int, default (1, 5)
        Lowest and highest answer.
    top_box : int, optional
        How many of the top answers count as satisfied (default 2, or 1 on a two-point scale).
    weights : array-like or pandas.Series, optional
        One non-negative weight per answer.
    confidence : float, default 0.95
        Confidence level of both intervals.
    integer : bool, default True
        Whether answers must be whole scale points (False for averages of several answers).

    Returns
    -------
    pandas.Series
        Named "CSAT": ``mean`` with its interval ``low``-``high`` (scale points), ``top_box`` share with its interval
        ``top_box_low``-``top_box_high``, and answers ``n``, ``n_effective`` and ``missing``.

    Examples
    --------
    >>> csat([5, 4, 4, 3, 5, 2, 4])[["mean", "low", "high", "top_box"]].round(2).tolist()
    [3.86, 2.87, 4.85, 0.71]"""
    from scipy.stats import t as t_dist

    if top_box is None:
        top_box = 1 if two_point(scale) else 2
    check_param("top_box", top_box, int, min_val=1, max_val=scale[1] - scale[0])
    x, w, missing = _values(scores, "csat", scale, weights, integer)
    n_eff = _n_eff(w)
    mean = float(np.average(x, weights=w))
    sd = float(np.sqrt(np.average((x - mean) ** 2, weights=w) * n_eff / max(n_eff - 1, 1)))
    _z(confidence)
    half = float(t_dist.ppf(0.5 + confidence / 2, max(n_eff - 1, 1)) * sd / np.sqrt(n_eff))
    top = float(w[x > scale[1] - top_box].sum() / w.sum())
    lo, hi = wilson_interval(top * n_eff, n_eff, confidence)
    return pd.Series({"mean": mean, "low": max(mean - half, scale[0]), "high": min(mean + half, scale[1]),
                      "top_box": top, "top_box_low": lo,
                      "top_box_high": hi, "n": len(x), "n_effective": n_eff, "missing": missing}, name="CSAT")


def share(flags, *, weights=None, confidence: float = 0.95) -> pd.Series:
    """Share of True answers (e.g. "would buy again") with a Wilson interval.

    Parameters
    ----------
    flags : array-like or pandas.Series
        Yes/no answers (booleans, 0/1 or yes/no words); missing answers are left out and counted.
    weights : array-like or pandas.Series, optional
        One non-negative weight per answer.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    pandas.Series
        Named "share": ``share`` with its interval ``low``-``high``, answers ``n``, ``n_effective`` and ``missing``.

    Examples
    --------
    >>> share(["yes", "no", "yes", "yes", None])[["share", "low", "high", "missing"]].round(3).tolist()
    [0.75, 0.301, 0.954, 1.0]"""

    s = flags if isinstance(flags, pd.Series) else pd.Series(np.asarray(flags))
    name = str(s.name or "share")
    v = pd.Series(np.nan, index=s.index, name=name)
    v[s.notna()] = to_bool(s[s.notna()], name).astype(float)
    x, w, missing = _values(v, name, None, weights)
    n_eff = _n_eff(w)
    p = float(w[x == 1].sum() / w.sum())
    lo, hi = wilson_interval(p * n_eff, n_eff, confidence)
    return pd.Series({"share": p, "low": lo, "high": hi, "n": len(x), "n_effective": n_eff, "missing": missing},
                     name="share")


@dataclass
class GroupScores(Result):
    """Scores per group, the tests of whether groups differ, and the rows without a group.

    Attributes
    ----------
    table : pandas.DataFrame
        Scores per group with their intervals, indexed by the group (see :func:`group_scores`).
    tests : dict
        Score id -> ``{"test": test id, "statistic": float, "p_value": float}``, for each score tested.
    missing_group : int
        Rows without a group, left out of the table.
    """

    table: pd.DataFrame
    tests: dict
    missing_group: int


def scores_by_group(*args, **kwargs) -> pd.DataFrame:
    """The ``table`` of :func:`group_scores` (same parameters).

    Parameters
    ----------
    *args, **kwargs
        Arguments of :func:`group_scores`.

    Returns
    -------
    pandas.DataFrame
        The scores per group: the ``table`` of a :class:`GroupScores`.

    Examples
    --------
    >>> df = pd.DataFrame({"store": ["north"] * 4 + ["south"] * 4, "again": [1, 1, 1, 0, 0, 0, 1, 1]})
    >>> scores_by_group(df, "store", buy_again_col="again")["buy_again"].tolist()
    [0.75, 0.5]"""
    return group_scores(*args, **kwargs).table


def group_scores(df: pd.DataFrame, group_col: str, *, nps_col: str | None = None, csat_col: str | None = None,
                 scale: tuple[int, int] = (1, 5), buy_again_col: str | None = None, weights=None,
                 confidence: float = 0.95) -> GroupScores:
    """NPS, CSAT and "would buy again" per group, with intervals and tests of whether groups differ.

    Tests (unweighted): chi-square on promoters / passives / detractors by group for NPS, Kruskal-Wallis for CSAT,
    chi-square for buy-again. Rows with a missing group are counted. On a two-point ``scale`` (:func:`two_point`) the
    CSAT column is a share: ``top_share`` (the share giving the top answer) with its Wilson interval (``top_share_low``,
    ``top_share_high``), tested by chi-square.

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, one row per respondent.
    group_col : str
        Column of the group (categories keep their order, numbers and periods are sorted).
    nps_col, csat_col, buy_again_col : str, optional
        Columns of the NPS (0-10), CSAT (on ``scale``) and yes/no "would buy again" answers; at least one.
    scale : tuple of int, default (1, 5)
        Lowest and highest CSAT answer.
    weights : array-like or pandas.Series, optional
        One non-negative weight per row; the scores (not the tests) are weighted.
    confidence : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    GroupScores
        ``table``: ``n`` and per score given its value and ``_low``/``_high`` columns (CSAT also ``top_box``).

    Raises
    ------
    insight.exceptions.DataValidationError
        When no score column is given, or every row's group is missing.

    Examples
    --------
    >>> df = pd.DataFrame({"g": list("nnnnssss"), "nps": [10, 9, 9, 6, 3, 6, 8, 10], "csat": [5, 4, 5, 3, 2, 3, 4, 5]})
    >>> g = group_scores(df, "g", nps_col="nps", csat_col="csat")
    >>> g.table["nps"].tolist(), g.table["csat"].tolist(), round(g.tests["csat"]["p_value"], 3)
    ([50.0, -25.0], [4.25, 3.5], 0.369)"""
    from scipy import stats

    check_columns(df, [group_col, nps_col, csat_col, buy_again_col], name="survey")
    if not any([nps_col, csat_col, buy_again_col]):
        raise DataValidationError("scores_by_group: give at least one of nps_col, csat_col, buy_again_col.")
    w_all = pd.Series(check_weights(weights, len(df), df.index), index=df.index)
    g = df[group_col]
    rows, tests = {}, []
    if g.isna().all():
        raise DataValidationError(f"column {group_col!r}: all {len(df):,} rows are missing.")
    # categories in their own order, numbers and periods sorted, other values as they first appear
    if isinstance(g.dtype, pd.CategoricalDtype):
        groups = [c for c in g.cat.categories if (g == c).any()]
    else:
        groups = list(pd.unique(g.dropna()))
        if pd.api.types.is_numeric_dtype(g) or isinstance(g.dtype, pd.PeriodDtype):
            groups = sorted(groups)
    for k in groups:
        m = (g == k).to_numpy()
        sub, w = df.loc[m], w_all[m]
        row = {"n": int(m.sum())}
        if nps_col and sub[nps_col].notna().any():
            r = nps(sub[nps_col], weights=w, confidence=confidence)
            row.update({"nps": r["nps"], "nps_low": r["low"], "nps_high": r["high"]})
        if csat_col and sub[csat_col].notna().any() and two_point(scale):
            r = csat(sub[csat_col], scale=scale, top_box=1, weights=w, confidence=confidence)
            row.update({"top_share": r["top_box"], "top_share_low": r["top_box_low"],
                        "top_share_high": r["top_box_high"]})
        elif csat_col and sub[csat_col].notna().any():
            r = csat(sub[csat_col], scale=scale, weights=w, confidence=confidence)
            row.update({"csat": r["mean"], "csat_low": r["low"], "csat_high": r["high"], "top_box": r["top_box"]})
        if buy_again_col and sub[buy_again_col].notna().any():
            r = share(sub[buy_again_col], weights=w, confidence=confidence)
            row.update({"buy_again": r["share"], "buy_again_low": r["low"], "buy_again_high": r["high"]})
        rows[k] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = group_col
    ok = df[group_col].notna()
    if len(groups) > 1:
        if nps_col:
            cls = pd.cut(df.loc[ok, nps_col], [-1, 6, 8, 10], labels=["detractor", "passive", "promoter"])
            tab = pd.crosstab(df.loc[ok, group_col], cls)
            if tab.shape[1] > 1:
                chi = stats.chi2_contingency(tab)
                tests.append(("nps", "chi_square_classes", chi.statistic, chi.pvalue))
        if csat_col and two_point(scale):
            tab = pd.crosstab(df.loc[ok, group_col], df.loc[ok, csat_col])
            if tab.shape[1] > 1:
                chi = stats.chi2_contingency(tab)
                tests.append(("top_share", "chi_square", chi.statistic, chi.pvalue))
        elif csat_col:
            samples = [df.loc[(g == k) & df[csat_col].notna(), csat_col] for k in groups]
            samples = [s for s in samples if len(s)]
            if len(samples) > 1 and pd.concat(samples).nunique() > 1:
                kw = stats.kruskal(*samples)
                tests.append(("csat", "kruskal_wallis", kw.statistic, kw.pvalue))
        if buy_again_col:
            tab = pd.crosstab(df.loc[ok, group_col], df.loc[ok, buy_again_col])
            if tab.shape[1] > 1:
                chi = stats.chi2_contingency(tab)
                tests.append(("buy_again", "chi_square", chi.statistic, chi.pvalue))
    return GroupScores(out, {score: {"test": name, "statistic": float(st), "p_value": float(p)}
                             for score, name, st, p in tests}, int((~ok).sum()))


def trend(df: pd.DataFrame, date_col: str, *, freq: str = "Q", calendar: str = "gregorian", **kwargs) -> GroupScores:
    """:func:`group_scores` per calendar period (``freq``: "M", "Q" or "Y") of ``date_col``.

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, one row per respondent.
    date_col : str
        Column of the answer's date.
    freq : {"M", "Q", "Y"}, default "Q"
        Calendar period: month, quarter or year.
    calendar : str, default "gregorian"
        ``"gregorian"`` or ``"jalali"`` (Solar Hijri) periods (:func:`insight.periods.period_of`).
    **kwargs
        Keyword arguments of :func:`group_scores` (``nps_col``, ``csat_col``, ``scale``, ...).

    Returns
    -------
    GroupScores
        The scores per period (``table`` indexed by ``period``, in time order) and the tests across periods.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> t = trend(demo_company(300, seed=0).surveys, "date", freq="Y", nps_col="nps")
    >>> [str(p) for p in t.table.index], t.table["n"].tolist(), t.table["nps"].round(1).tolist()
    (['2023', '2024'], [22, 68], [-4.5, 17.6])"""
    from ...parsers import to_datetime

    check_in("freq", freq, ["M", "Q", "Y"])
    check_columns(df, [date_col], name="survey")
    period = period_of(to_datetime(df[date_col], date_col), freq, calendar).rename("period")
    if calendar != "gregorian":   # Solar Hijri periods are objects: keep the groups in time order
        period = pd.Series(pd.Categorical(period, sorted(period.dropna().unique()), ordered=True), index=period.index,
                           name="period")
    return group_scores(df.assign(period=period), "period", **kwargs)


#: fewer answers than this in a period: its scores are left out of a trend by period (:func:`quarterly`); one answer
#: gives an NPS of 100 or -100
MIN_PERIOD_ANSWERS = 10

#: score columns of a :func:`group_scores` table, each with its ``_low`` and ``_high`` interval columns
_SCORES = ("nps", "csat", "top_share", "buy_again")


def quarterly(df: pd.DataFrame, date_col: str, *, calendar: str = "gregorian", min_answers: int = MIN_PERIOD_ANSWERS,
              slack_days: int = 7, **kwargs) -> pd.DataFrame:
    """The :func:`trend` table by quarter with ``complete``: whether the answers cover each quarter in full, at its
    start as at its end (:func:`~insight.features.cohorts.complete_periods`, and a quarter that began more than
    ``slack_days`` before the first answer is partial too), so a change is stated only between complete ones
    (:func:`largest_change`). A score of a quarter with fewer than ``min_answers`` answers to it is left out
    (missing, with its interval): its count ``n`` stays.

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, one row per respondent.
    date_col : str
        Column of the answer's date.
    calendar : str, default "gregorian"
        ``"gregorian"`` or ``"jalali"`` (Solar Hijri) quarters.
    min_answers : int, default MIN_PERIOD_ANSWERS
        Fewest answers a quarter needs for its score (an NPS from one answer is 100 or -100).
    slack_days : int, default 7
        Days a quarter may begin before the first answer (end after the last) and still count as complete.
    **kwargs
        Keyword arguments of :func:`group_scores` (``nps_col``, ``csat_col``, ``scale``, ...).

    Returns
    -------
    pandas.DataFrame
        The :func:`trend` table by quarter with a boolean column ``complete``.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> q = quarterly(demo_company(300, seed=0).surveys, "date", nps_col="nps")   # answers from 2023-02-08
    >>> len(q), q["complete"].tolist()[:2], q["n"].tolist()[:5], q["nps"].round(1).tolist()[3:]
    (8, [False, True], [3, 7, 5, 7, 15], [nan, 20.0, -5.9, 31.2, 25.0])"""
    from ...parsers import to_datetime

    table = trend(df, date_col, freq="Q", calendar=calendar, **kwargs).table
    dates = to_datetime(df[date_col], date_col)
    period = period_of(dates, "Q", calendar)
    first = dates.min().normalize() - pd.Timedelta(days=slack_days)
    began = pd.Series([p.start_time >= first for p in table.index], index=table.index)
    complete = complete_periods(table.index, dates.max(), slack_days=slack_days) & began
    table = table.copy()
    columns = {"nps": kwargs.get("nps_col"), "csat": kwargs.get("csat_col"), "top_share": kwargs.get("csat_col"),
               "buy_again": kwargs.get("buy_again_col")}
    for score in _SCORES:
        if score not in table.columns or not columns[score]:
            continue
        answers = df[columns[score]].notna().groupby([str(p) if p is not None else None for p in period]).sum()
        few = [answers.get(str(p), 0) < min_answers for p in table.index]
        shown = [c for c in (score, f"{score}_low", f"{score}_high", "top_box" if score == "csat" else None)
                 if c in table.columns]
        table.loc[few, shown] = np.nan
    return table.assign(complete=complete.to_numpy())


@dataclass
class Change(Result):
    """The largest change of a score between the last two complete periods, with its interval, and whether the
    interval leaves out 0 (``beyond_noise``).

    Attributes
    ----------
    metric : str
        The score that changed, a column of the table (``"nps"``, ``"csat"``, ...).
    before_period, after_period : str
        The two periods compared, earlier first.
    before, after, change, low, high : float
        The score in each period, the change ``after - before`` and its confidence interval.
    """

    metric: str
    before_period: str
    after_period: str
    before: float
    after: float
    change: float
    low: float
    high: float

    @property
    def beyond_noise(self) -> bool:
        return bool(self.low > 0 or self.high < 0)


def largest_change(table: pd.DataFrame, complete: pd.Series | None = None,
                   metrics: tuple = ("nps", "csat", "buy_again", "top_share"), *,
                   confidence: float = 0.95) -> Change | None:
    """Between the last two complete periods of a :func:`trend` table, the score that changed most for its noise
    (the largest change over its standard error; each period's standard error from its interval, of the
    ``confidence`` the table was made with), with the change's interval at that confidence. None when there are
    fewer than two complete periods or no score with an interval.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`trend` (or :func:`quarterly`) table, one row per period in time order.
    complete : pandas.Series of bool, optional
        Whether each period (the table's index) is complete; default: every row counts.
    metrics : tuple of str, default ("nps", "csat", "buy_again", "top_share")
        Scores to compare; each needs its ``<metric>_low`` and ``<metric>_high`` columns.
    confidence : float, default 0.95
        Confidence level the table's intervals were made with, and of the change's interval.

    Returns
    -------
    Change or None
        The score with the largest change for its noise, or None.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> q = quarterly(demo_company(300, seed=0).surveys, "date", nps_col="nps")
    >>> ch = largest_change(q, q["complete"])
    >>> ch.metric, ch.before_period, ch.after_period, round(ch.change, 2), ch.beyond_noise
    ('nps', '2024Q3', '2024Q4', -6.25, False)"""
    from scipy.stats import norm

    z_level = float(norm.ppf(0.5 + confidence / 2))
    rows = table if complete is None else table[complete.reindex(table.index).fillna(False).astype(bool)]
    if len(rows) < 2:
        return None
    a, b = rows.iloc[-2], rows.iloc[-1]
    best = None
    for m in metrics:
        if not {m, f"{m}_low", f"{m}_high"} <= set(table.columns) or pd.isna(a[m]) or pd.isna(b[m]):
            continue
        se = np.hypot(a[f"{m}_high"] - a[f"{m}_low"], b[f"{m}_high"] - b[f"{m}_low"]) / (2 * z_level)
        diff = float(b[m] - a[m])
        z = abs(diff) / se if se > 0 else 0.0
        if best is None or z > best[0]:
            best = (z, Change(m, str(rows.index[-2]), str(rows.index[-1]), float(a[m]), float(b[m]), diff,
                              diff - z_level * se, diff + z_level * se))
    return None if best is None else best[1]

