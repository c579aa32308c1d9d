"""Which touchpoints matter? Ratings of the touchpoints grouped by stage (before, during and after
the purchase), each weighed by how much it relates to the overall outcome."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..._results import Result
from ...data.cleaning import check_survey
from ...exceptions import DataValidationError
from .drivers import relative_importance
from .scores import check_weights, csat

__all__ = ["Touchpoints", "touchpoints"]


# --------------------------------------------------------------------------- touchpoints
@dataclass
class Touchpoints(Result):
    """Result of :func:`touchpoints`.

    Attributes
    ----------
    table : pandas.DataFrame
        Per touchpoint column: ``stage``, ``mean`` with ``low``-``high``, ``top_box``, ``answers``, ``importance``
        (LMG share of the outcome's R²) and ``priority``.
    stages : pandas.DataFrame
        Per stage: ``mean`` with ``low``-``high`` (of the respondents' stage means) and ``touchpoints``.
    focus : str
        The touchpoint with the highest priority.
    outcome : str
        Column of the overall outcome.
    r2 : float
        R² of the outcome on every touchpoint.
    """

    table: pd.DataFrame     # per touchpoint: stage, mean, low, high, top_box, importance share, gap, priority
    stages: pd.DataFrame    # per stage: mean CSAT and interval of the respondents' stage means
    focus: str
    outcome: str
    r2: float


def touchpoints(surveys: pd.DataFrame, stages: dict[str, str], *, outcome: str, outcome_scale: tuple[int, int],
                scale: tuple[int, int] | dict = (1, 5), weights=None, confidence: float = 0.95) -> Touchpoints:
    """CSAT by touchpoint and stage, each touchpoint's importance for ``outcome``, and the one to focus on.

    ``stages`` maps each touchpoint's CSAT column to its stage (pre-purchase,
    purchase, post-purchase). Importance is the LMG share of the outcome's R²;
    ``priority`` = importance share x (top of scale - mean) / scale width: what
    moving the touchpoint to the top would be worth. The focus is the highest
    priority. ``scale`` is one (low, high) for every touchpoint or a dict column -> (low, high); a stage's mean
    is read on the widest scale of its touchpoints. Up to 15 touchpoints LMG is exact; beyond, Johnson's relative
    weights are used.

    Parameters
    ----------
    surveys : pandas.DataFrame
        Survey answers, one row per respondent.
    stages : dict
        CSAT column -> its stage.
    outcome : str
        Column of the overall outcome (e.g. NPS).
    outcome_scale : tuple of int
        Lowest and highest answer of ``outcome``.
    scale : tuple of int or dict, default (1, 5)
        (low, high) of every touchpoint, or a dict column -> (low, high).
    weights : array-like or pandas.Series, optional
        One non-negative weight per respondent.
    confidence : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    Touchpoints
        The touchpoints, the stages, the focus and the R².

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``stages`` is not a non-empty dict, or an answer is off its scale.

    Examples
    --------
    >>> from insight.data.simulate import demo_company
    >>> from insight.models.satisfaction import touchpoints
    >>> stages = {"csat_website": "pre-purchase", "csat_social_media": "pre-purchase", "csat_product": "purchase",
    ...           "csat_checkout": "purchase", "csat_delivery": "post-purchase", "csat_returns": "post-purchase"}
    >>> tp = touchpoints(demo_company(300, seed=0).surveys, stages, outcome="nps", outcome_scale=(0, 10))
    >>> tp.table[["stage", "mean", "importance", "priority"]].round(2)
                               stage  mean  importance  priority
    csat_website        pre-purchase  4.20        0.14      0.03
    csat_social_media   pre-purchase  3.68        0.10      0.03
    csat_product            purchase  4.13        0.17      0.04
    csat_checkout           purchase  3.83        0.06      0.02
    csat_delivery      post-purchase  3.48        0.21      0.08
    csat_returns       post-purchase  2.98        0.33      0.17
    >>> tp.focus, round(tp.r2, 3)
    ('csat_returns', 0.775)
    """
    if not isinstance(stages, dict) or not stages:
        raise DataValidationError("parameter 'stages' must be a non-empty dict: CSAT column -> stage.")
    cols = list(stages)
    scales = dict(scale) if isinstance(scale, dict) else {c: tuple(scale) for c in cols}
    data = check_survey(surveys, cols, scale=scales, name="survey")
    check_survey(surveys, [outcome], scale=outcome_scale, name="survey")
    w = pd.Series(check_weights(weights, len(surveys), surveys.index), index=surveys.index)
    importance = relative_importance(surveys, outcome, cols, weights=w.to_numpy(),
                                     method="lmg" if len(cols) <= 15 else "johnson")
    imp = importance.table
    rows = {}
    for c in cols:
        r = csat(data[c], scale=scales[c], weights=w, confidence=confidence)
        rows[c] = {"stage": stages[c], "mean": r["mean"], "low": r["low"], "high": r["high"], "top_box": r["top_box"],
                   "answers": int(r["n"]), "importance": imp.loc[c, "share"]}
    table = pd.DataFrame.from_dict(rows, orient="index")
    low, high = pd.Series({c: scales[c][0] for c in cols}), pd.Series({c: scales[c][1] for c in cols})
    table["priority"] = table["importance"] * (high - table["mean"]) / (high - low)
    st = {}
    for stage in dict.fromkeys(stages.values()):
        members = [c for c in cols if stages[c] == stage]
        m = data[members].mean(axis=1)   # the mean of several answers: not a scale point
        r = csat(m, scale=(min(scales[c][0] for c in members), max(scales[c][1] for c in members)), weights=w,
                 confidence=confidence, integer=False)
        st[stage] = {"mean": r["mean"], "low": r["low"], "high": r["high"], "touchpoints": len(members)}
    return Touchpoints(table, pd.DataFrame.from_dict(st, orient="index"), str(table["priority"].idxmax()), outcome,
                       importance.r2)
