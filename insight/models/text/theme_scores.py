"""How each theme's writers feel and score: the mean sentiment of a theme's comments against the others
(:func:`theme_sentiment`) and, for a survey's comments, the score of a theme's writers against the other commenters
with a Mann-Whitney test and their share of detractors (:func:`theme_scores`)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ...exceptions import DataValidationError
from .themes import Themes

__all__ = ["theme_sentiment", "theme_scores"]


def theme_sentiment(themes: Themes, scores) -> pd.DataFrame:
    """Per theme, the mean sentiment score of its comments and of the other counted comments ("which themes do
    detractors talk about"): ``documents``, ``with_theme``, ``without_theme``, ``difference``. ``scores``: one number
    per comment, with the index of ``themes.documents`` (e.g. :func:`~insight.models.text.sentiment_scores`).

    Parameters
    ----------
    themes : Themes
        A :func:`~insight.models.text.themes.find_themes` result.
    scores : pandas.Series
        One number per comment (missing allowed), indexed like ``themes.documents``.

    Returns
    -------
    pandas.DataFrame
        One row per theme id (index ``theme``); a theme without scored comments has NaN means.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``themes`` is not a Themes result or ``scores`` is not indexed like the comments.

    See Also
    --------
    theme_scores : The same with detractor shares and a test.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> demo = demo_company(2000, seed=0)
    >>> comments = demo.comments.query("language == 'en'")
    >>> seeds = {"delivery": ["late", "parcel", "unanswered"], "faulty": ["stopped working", "faulty", "broken"],
    ...          "prices": ["discount", "coupon", "prices"], "website": ["website", "app"]}
    >>> from insight.models.text import find_themes
    >>> themes = find_themes(comments, "text", language="en", seeds=seeds)
    >>> nps = comments["customer_id"].map(demo.surveys.groupby("customer_id")["nps"].last())   # NaN: no survey
    >>> theme_sentiment(themes, nps).round(2)
           documents  with_theme  without_theme  difference
    theme
    0             31        7.71           7.89       -0.18
    1             40        7.90           7.85        0.05
    2             27        7.85           7.86       -0.01
    3             26        7.42           7.93       -0.51
    """
    if not isinstance(themes, Themes):
        raise DataValidationError(f"parameter 'themes' must be a Themes result, got {type(themes).__name__}.")
    s = pd.Series(scores) if not isinstance(scores, pd.Series) else scores
    docs = themes.documents
    if not s.index.equals(docs.index):
        missing = docs.index.difference(s.index)
        raise DataValidationError(f"parameter 'scores': its index differs from the comments' ({len(s):,} scores for "
                                  f"{len(docs):,} comments, {len(missing):,} comments without a score; e.g. "
                                  f"{(list(missing[:1]) or [None])[0]!r}).")
    s = pd.to_numeric(s, errors="coerce")
    counted = docs["counted"].to_numpy(bool) & s.notna().to_numpy()
    rows = []
    for tid in themes.table.index:
        member = (docs["theme"] == tid).to_numpy() & counted
        rows.append({"theme": tid, "documents": int(member.sum()), "with_theme": s[member].mean(),
                     "without_theme": s[counted & ~member].mean()})
    out = pd.DataFrame(rows).set_index("theme")
    out["difference"] = out["with_theme"] - out["without_theme"]
    return out


def _mann_whitney(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sided Mann-Whitney p-value of ``a`` against ``b``; 1 when every answer is the same, NaN with an empty
    group."""
    from scipy.stats import mannwhitneyu

    if not len(a) or not len(b):
        return np.nan
    if np.ptp(np.concatenate([a, b])) == 0:
        return 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(mannwhitneyu(a, b, alternative="two-sided").pvalue)


def theme_scores(themes: Themes, scores: pd.Series, detractors: pd.Series) -> pd.DataFrame:
    """Per theme with comments that have a score: ``documents`` (its comments with a score), ``with_theme`` and
    ``without_theme`` (mean score of its writers and of the other counted comments,
    :func:`theme_sentiment`), ``difference``, ``detractors`` and ``detractors_rest`` (share of
    detractors among its writers and among the others), ``p_value`` (two-sided Mann-Whitney test of the two groups'
    scores). Sorted so that the theme whose writers score lowest comes first (ties: the larger theme first).

    Parameters
    ----------
    themes : Themes
        A :func:`~insight.models.text.themes.find_themes` result.
    scores : pandas.Series
        One number per comment (index of ``themes.documents``), missing where there is none.
    detractors : pandas.Series
        One True/False per comment (same index), missing where there is no score.

    Returns
    -------
    pandas.DataFrame
        One row per theme id (index ``theme``) with scored comments, lowest ``with_theme`` first.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``themes`` is not a Themes result, or ``scores`` or ``detractors`` do not match the comments.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> demo = demo_company(2000, seed=0)
    >>> comments = demo.comments.query("language == 'en'")
    >>> seeds = {"delivery": ["late", "parcel", "unanswered"], "faulty": ["stopped working", "faulty", "broken"],
    ...          "prices": ["discount", "coupon", "prices"], "website": ["website", "app"]}
    >>> from insight.models.text import find_themes
    >>> themes = find_themes(comments, "text", language="en", seeds=seeds)
    >>> nps = comments["customer_id"].map(demo.surveys.groupby("customer_id")["nps"].last())   # NaN: no survey
    >>> table = theme_scores(themes, nps, (nps <= 6).where(nps.notna()))
    >>> table[["documents", "with_theme", "detractors", "p_value"]].round(2)
           documents  with_theme  detractors  p_value
    theme
    3             26        7.42        0.46     0.19
    0             31        7.71        0.23     0.63
    2             27        7.85        0.22     0.93
    1             40        7.90        0.22     0.97
    """
    if not isinstance(themes, Themes):
        raise DataValidationError(f"parameter 'themes' must be a Themes result, got {type(themes).__name__}.")
    base = theme_sentiment(themes, scores)           # checks that the scores belong to the comments
    docs = themes.documents
    if not isinstance(detractors, pd.Series) or not detractors.index.equals(docs.index):
        n = len(detractors) if hasattr(detractors, "__len__") else 0
        raise DataValidationError(f"parameter 'detractors': one True/False per comment with the comments' index is "
                                  f"needed ({n:,} given for {len(docs):,} comments; e.g. the first comment is row "
                                  f"{(list(docs.index[:1]) or [None])[0]!r}).")
    s = pd.to_numeric(scores, errors="coerce")
    scored = docs["counted"].to_numpy(bool) & s.notna().to_numpy()
    bad = scored & detractors.isna().to_numpy()
    if bad.any():
        raise DataValidationError(f"parameter 'detractors': {int(bad.sum()):,} of {int(scored.sum()):,} comments with "
                                  f"a score have no detractor flag; e.g. row {docs.index[np.flatnonzero(bad)[0]]!r}.")
    flag = detractors.where(detractors.notna(), False).astype(bool).to_numpy()
    values = s.to_numpy(float)
    rows = []
    for tid in base.index:
        member = (docs["theme"] == tid).to_numpy() & scored
        rest = scored & ~member
        rows.append({"theme": tid, "detractors": flag[member].mean() if member.any() else np.nan,
                     "detractors_rest": flag[rest].mean() if rest.any() else np.nan,
                     "p_value": _mann_whitney(values[member], values[rest])})
    out = base.join(pd.DataFrame(rows).set_index("theme"))
    out = out[out["documents"] > 0]
    return out.sort_values(["with_theme", "documents"], ascending=[True, False], kind="stable")
