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
    """Result of :func:`touchpoints`."""

    table: pd.DataFrame     # per touchpoint: stage, mean, low, high, top_box, importance share, gap, priority
    stages: pd.DataFrame    # per stage: mean CSAT and interval of the respondents' stage means
    focus: str
    outcome: str
    r2: float


def touchpoints(surveys: pd.DataFrame, stages: dict[str, str], *, outcome: str, outcome_scale: tuple[int, int],
                scale: tuple[int, int] = (1, 5), weights=None, confidence: float = 0.95) -> Touchpoints:
    """CSAT by touchpoint and stage, each touchpoint's importance for ``outcome``, and the one to focus on.

    ``stages`` maps each touchpoint's CSAT column to its stage (pre-purchase,
    purchase, post-purchase). Importance is the LMG share of the outcome's R²;
    ``priority`` = importance share x (top of scale - mean) / scale width: what
    moving the touchpoint to the top would be worth. The focus is the highest
    priority.
    """
    if not isinstance(stages, dict) or not stages:
        raise DataValidationError("parameter 'stages' must be a non-empty dict: CSAT column -> stage.")
    cols = list(stages)
    data = check_survey(surveys, cols, scale=scale, name="survey")
    check_survey(surveys, [outcome], scale=outcome_scale, name="survey")
    w = pd.Series(check_weights(weights, len(surveys), surveys.index), index=surveys.index)
    importance = relative_importance(surveys, outcome, cols, weights=w.to_numpy())
    imp = importance.table
    rows = {}
    for c in cols:
        r = csat(data[c], scale=scale, weights=w, confidence=confidence)
        rows[c] = {"stage": stages[c], "mean": r["mean"], "low": r["low"], "high": r["high"], "top_box": r["top_box"],
                   "answers": int(r["n"]), "importance": imp.loc[c, "share"]}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["priority"] = table["importance"] * (scale[1] - table["mean"]) / (scale[1] - scale[0])
    st = {}
    for stage in dict.fromkeys(stages.values()):
        members = [c for c in cols if stages[c] == stage]
        m = data[members].mean(axis=1)   # the mean of several answers: not a scale point
        r = csat(m, scale=scale, weights=w, confidence=confidence, integer=False)
        st[stage] = {"mean": r["mean"], "low": r["low"], "high": r["high"], "touchpoints": len(members)}
    return Touchpoints(table, pd.DataFrame.from_dict(st, orient="index"), str(table["priority"].idxmax()), outcome,
                       importance.r2)
