"""Rating scales: answers given as words (agree/disagree, satisfied, low/high, poor/excellent)
mapped to scores, and declared ranges such as "1-10"."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..exceptions import DataValidationError

__all__ = ["WORD_SCALES", "word_scale", "norm_word", "parse_range"]


#: common answer wordings, lowest first; matched case-insensitively, "_" and "-" read as spaces
WORD_SCALES: list[list[str]] = [
    ["strongly disagree", "disagree", "neutral", "agree", "strongly agree"],
    ["strongly disagree", "disagree", "neither agree nor disagree", "agree", "strongly agree"],
    ["very dissatisfied", "dissatisfied", "neutral", "satisfied", "very satisfied"],
    ["very unsatisfied", "unsatisfied", "neutral", "satisfied", "very satisfied"],
    ["very low", "low", "medium", "high", "very high"],
    ["low", "medium", "high", "very high"],
    ["very poor", "poor", "fair", "good", "very good", "excellent"],
    ["poor", "fair", "good", "very good", "excellent"],
    ["bad", "good", "better", "best"],
    ["never", "rarely", "sometimes", "often", "always"],
    ["very unlikely", "unlikely", "neutral", "likely", "very likely"],
]


def norm_word(w: Any) -> str:
    return " ".join(str(w).strip().lower().replace("_", " ").replace("-", " ").split())


def word_scale(values) -> dict[str, int] | None:
    """The mapping word -> score of the common wording that holds every value in ``values``, or None.

    Scores run from 1 in the wording's order; a wording holding all the values with the
    fewest extra words wins (``Low``/``Medium``/``High``/``Very_High`` -> 1..4).
    """
    seen = {norm_word(v) for v in values if pd.notna(v)}
    if not seen:
        return None
    fits = [w for w in WORD_SCALES if seen <= set(w)]
    if not fits:
        return None
    best = min(fits, key=len)
    return {w: i + 1 for i, w in enumerate(best)}


def parse_range(text: str, key: str) -> tuple[int, int]:
    try:
        lo, hi = (int(x) for x in str(text).split("-"))
    except ValueError:
        raise DataValidationError(f"{key} == {text!r}: must be 'low-high', e.g. '1-10', or a word mapping.") from None
    if lo >= hi:
        raise DataValidationError(f"{key} == {text!r}: low must be below high.")
    return lo, hi
