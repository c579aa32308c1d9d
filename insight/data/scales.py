"""Rating scales: answers given as words (agree/disagree, satisfied, low/high, poor/excellent)
mapped to scores, declared ranges such as "1-10", and answers that mean "not applicable".

A specification's ``scales`` gives each rating column its own scale (:func:`check_scale` reads one entry)::

    scales:
      Seat comfort: 1-5                                       # a range
      Inflight wifi service: {range: 1-5, na: [0]}            # 0 means "not applicable": a missing answer
      satisfaction: {words: [neutral or dissatisfied, satisfied]}   # words, lowest first: scored 1, 2, ...
      JobSatisfaction: {Low: 1, Medium: 2, High: 3}           # words with their scores
      WorkLifeBalance: {words: [Bad, Good, Better, Best], na: [N/A]}

:func:`apply_scale` turns one column's answers into scores with such an entry (or a common wording found in the
answers), and counts the not-applicable answers it read as missing. :func:`touchpoint_stages` reads the
survey's touchpoints, rating columns by stage of the purchase (``{before: [...], during: [...], after: [...]}``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..exceptions import DataValidationError
from ..parsers import PERSIAN_LETTERS

__all__ = ["WORD_SCALES", "word_scale", "norm_word", "parse_range", "check_scale", "scale_range", "apply_scale",
           "two_point", "STAGES", "touchpoint_stages"]


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
    ["neutral or dissatisfied", "satisfied"],
    # Persian (written with Persian ی/ک, words joined by a space where a zero-width non-joiner may be typed)
    ["خیلی ناراضی", "ناراضی", "متوسط", "راضی", "خیلی راضی"],
    ["خیلی ناراضی", "ناراضی", "بی نظر", "راضی", "خیلی راضی"],
    ["خیلی ناراضی", "ناراضی", "نه راضی نه ناراضی", "راضی", "خیلی راضی"],
    ["کاملا ناراضی", "ناراضی", "نه راضی نه ناراضی", "راضی", "کاملا راضی"],
    ["کاملا ناراضی", "ناراضی", "متوسط", "راضی", "کاملا راضی"],
    ["کاملا مخالفم", "مخالفم", "نظری ندارم", "موافقم", "کاملا موافقم"],
    ["خیلی بد", "بد", "متوسط", "خوب", "خیلی خوب", "عالی"],
    ["خیلی بد", "بد", "متوسط", "خوب", "عالی"],
]

#: Arabic letters and marks as Persian writes them: ي ك ى to ی ک ی, the zero-width non-joiner and the kashida to
#: nothing special (a space / nothing), the hamza-on-alef and tanwin marks off (کاملاً = کاملا)
_PERSIAN = str.maketrans({**PERSIAN_LETTERS, "\u200c": " ", "ـ": "", "\u064b": "", "\u0654": ""})


def norm_word(w: Any) -> str:
    """An answer as the wordings compare it: trimmed, lower case, ``_``/``-``/zero-width joiners as spaces, one space
    between words, Arabic ي/ك as Persian ی/ک.

    Parameters
    ----------
    w : object
        The answer (its ``str`` is taken).

    Returns
    -------
    str

    Examples
    --------
    >>> norm_word("  Very_High ")
    'very high'
    """
    return " ".join(str(w).strip().lower().translate(_PERSIAN).replace("_", " ").replace("-", " ").split())


def word_scale(values) -> dict[str, int] | None:
    """The mapping word -> score of the common wording that holds every value in ``values``, or None.

    Scores run from 1 in the wording's order; a wording holding all the values with the
    fewest extra words wins (``Low``/``Medium``/``High``/``Very_High`` -> 1..4).

    Parameters
    ----------
    values : iterable
        The answers; missing values are ignored, words compared as :func:`norm_word` writes them.

    Returns
    -------
    dict of str to int or None
        The wording of :data:`WORD_SCALES` (normalised words) with its scores, or None when no wording holds them all
        (or there is no answer).

    Examples
    --------
    >>> word_scale(["Low", "Medium", "High", "Very_High"])
    {'low': 1, 'medium': 2, 'high': 3, 'very high': 4}
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
    """A range written ``"low-high"`` (e.g. ``"1-10"``) as whole numbers.

    Parameters
    ----------
    text : str
        The range as written.
    key : str
        The specification key named in error messages.

    Returns
    -------
    tuple of (int, int)
        ``(low, high)``, low below high.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``text`` is not two whole numbers joined by ``-``, or low is not below high.

    Examples
    --------
    >>> parse_range("1-10", "scales.q1")
    (1, 10)
    """
    try:
        lo, hi = (int(x) for x in str(text).split("-"))
    except ValueError:
        raise DataValidationError(f"{key} == {text!r}: must be 'low-high', e.g. '1-10', or a word mapping.") from None
    if lo >= hi:
        raise DataValidationError(f"{key} == {text!r}: low must be below high.")
    return lo, hi


#: the keys of a scale written in full: ``{range: 1-5, na: [0]}``, ``{words: [No, Yes]}``
_LONG_KEYS = {"range", "words", "na"}


def check_scale(value: Any, key: str) -> dict:
    """One entry of a specification's ``scales`` (see the module docstring), checked and spelled out.

    Parameters
    ----------
    value : str, dict or object
        The entry as written: ``"low-high"``, a mapping ``{word: score}``, or ``{range: ..., words: ..., na: ...}``.
    key : str
        The specification key named in error messages.

    Returns
    -------
    dict
        ``{"range": (low, high) or None, "words": {word: score} or None, "na": [codes]}``; words are compared as
        :func:`norm_word` writes them (a list of words is scored 1, 2, ... lowest first).

    Raises
    ------
    insight.exceptions.DataValidationError
        Naming ``key``, for anything else: an unknown key, a bad range, neither range nor words, a list not under
        ``words``, a word listed twice, scores that are not whole numbers, fewer than two answers or scores, or a
        not-applicable code inside the range.

    Examples
    --------
    >>> check_scale({"range": "1-5", "na": [0]}, "scales.wifi")
    {'range': (1, 5), 'words': None, 'na': [0]}
    >>> check_scale({"Low": 1, "High": 3}, "scales.level")
    {'range': None, 'words': {'low': 1, 'high': 3}, 'na': []}
    """
    if isinstance(value, dict) and value and set(value) <= _LONG_KEYS:
        rng = parse_range(value["range"], f"{key}.range") if value.get("range") is not None else None
        words = value.get("words")
        if words is not None:
            words = _word_list(words, f"{key}.words") if isinstance(words, list) else \
                _word_mapping(words, f"{key}.words")
        if rng is None and words is None:
            raise DataValidationError(f"{key}: give a range (e.g. range: 1-5) or words (e.g. words: [No, Yes]) "
                                      f"beside na; got {value!r}.")
        na = value.get("na", [])
        na = list(na) if isinstance(na, (list, tuple)) else [na]
        if rng is not None:
            inside = [c for c in na if _number(c) is not None and rng[0] <= _number(c) <= rng[1]]
            if inside:
                lo = max(rng[0], int(max(_number(c) for c in inside)) + 1)
                raise DataValidationError(
                    f"{key}: the not-applicable code {inside[0]!r} lies inside the range {rng[0]}-{rng[1]}; a code "
                    f"that means 'not applicable' is not a score: write the range of the scores, e.g. "
                    f"range: {lo}-{rng[1]}, na: {inside}.")
        return {"range": rng, "words": words, "na": na}
    if isinstance(value, dict):
        odd = sorted(str(k) for k in value if str(k) in _LONG_KEYS)
        if odd or not value:
            extra = sorted(str(k) for k in value if str(k) not in _LONG_KEYS)
            raise DataValidationError(f"{key}: unknown key(s) {extra}; a scale is 'low-high', a mapping "
                                      f"{{word: score}}, or {{range: 1-5, words: [...], na: [...]}}.")
        return {"range": None, "words": _word_mapping(value, key), "na": []}
    if isinstance(value, (list, tuple)):
        raise DataValidationError(f"{key} == {value!r}: a list of answers goes under words, lowest first, e.g. "
                                  f"{{words: {list(value)}}}.")
    return {"range": parse_range(value, key), "words": None, "na": []}


def _word_list(words: list, key: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    for i, w in enumerate(words):
        if norm_word(w) in seen:
            raise DataValidationError(f"{key}: {norm_word(w)!r} is listed twice; list each answer once, lowest "
                                      "first.")
        seen[norm_word(w)] = i + 1
    if len(seen) < 2:
        raise DataValidationError(f"{key}: {len(seen)} answer(s); a scale needs at least two, lowest first.")
    return seen


def _word_mapping(words: Any, key: str) -> dict[str, int]:
    if not isinstance(words, dict):
        raise DataValidationError(f"{key} == {words!r}: must list the answers lowest first, e.g. [No, Yes], or "
                                  "map them to scores, e.g. {Low: 1, High: 3}.")
    bad = [k for k, v in words.items() if isinstance(v, bool) or not isinstance(v, int)]
    if bad:
        raise DataValidationError(f"{key}: scores must be whole numbers; e.g. {bad[0]!r}: {words[bad[0]]!r}.")
    if len(set(words.values())) < 2:
        raise DataValidationError(f"{key}: {len(words)} answer(s) with {len(set(words.values()))} score(s); a scale "
                                  "needs at least two scores.")
    return {norm_word(k): int(v) for k, v in words.items()}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def scale_range(scale: dict | None, mapping: dict[str, int] | None = None) -> tuple[int, int] | None:
    """(low, high) of a checked scale (:func:`check_scale`): its range, else the scores of its words or of the
    common wording ``mapping`` found in the answers; None when neither says.

    Parameters
    ----------
    scale : dict or None
        A :func:`check_scale` result, or None.
    mapping : dict of str to int, optional
        The word mapping found in the answers (e.g. by :func:`apply_scale`).

    Returns
    -------
    tuple of (int, int) or None

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``scale`` is neither None nor a checked scale.

    Examples
    --------
    >>> scale_range(check_scale("1-10", "scales.q1")), scale_range(None, {"low": 1, "high": 4})
    ((1, 10), (1, 4))
    """
    if scale is not None and not (isinstance(scale, dict) and {"range", "words", "na"} <= set(scale)):
        raise DataValidationError(f"parameter 'scale' == {scale!r}: must be a checked scale (check_scale) or None.")
    if scale and scale["range"] is not None:
        return scale["range"]
    words = (scale or {}).get("words") or mapping
    return (min(words.values()), max(words.values())) if words else None


def two_point(values) -> tuple[int, int] | None:
    """(0, 1) when the answers are yes/no as 0 and 1 (or True and False), both present; else None.

    Parameters
    ----------
    values : array-like
        The answers; missing values are ignored.

    Returns
    -------
    tuple of (int, int) or None

    Examples
    --------
    >>> two_point([1, 0, 1, None]), two_point([1, 2])
    ((0, 1), None)
    """
    s = pd.Series(values).dropna()
    if s.empty or not (pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s)):
        return None
    return (0, 1) if set(s.astype(float).unique()) == {0.0, 1.0} else None


def apply_scale(values: pd.Series, column: str, scale: dict | None = None) -> tuple[pd.Series, dict | None, int]:
    """One rating column as scores.

    The ``na`` codes of ``scale`` become missing answers; words are mapped by the scale's words, else by the common
    wording that holds them all (:func:`word_scale`); numbers written as text are read as numbers; booleans become
    1.0/0.0.

    Parameters
    ----------
    values : pandas.Series
        The column's answers.
    column : str
        The column's name, for error messages.
    scale : dict, optional
        A :func:`check_scale` result (None: no range, words or codes declared).

    Returns
    -------
    scores : pandas.Series
        The scores as floats (missing where the answer was missing or not applicable), same index.
    mapping : dict of str to int or None
        The word mapping used, or None for numbers.
    n_na : int
        How many answers were read as "not applicable".

    Raises
    ------
    insight.exceptions.DataValidationError
        Naming ``column`` with a count and an example, when ``values`` is not a Series, or answers are in no
        wording, words outside the scale's, text that is no number on a declared range, or words among numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> scale = check_scale({"words": ["disagree", "neutral", "agree"], "na": ["N/A"]}, "scales.q")
    >>> scores, mapping, n_na = apply_scale(pd.Series(["Agree", "neutral", "N/A"]), "q", scale)
    >>> scores.tolist(), n_na
    ([3.0, 2.0, nan], 1)
    """
    if not isinstance(values, pd.Series):
        raise DataValidationError(f"parameter 'values' must be a pandas Series of column {column!r}'s answers, got "
                                  f"{type(values).__name__}.")
    scale = scale or {"range": None, "words": None, "na": []}
    s = values
    na = pd.Series(False, index=s.index)
    if scale["na"]:
        codes = {norm_word(c) for c in scale["na"]}
        nums = {_number(c) for c in scale["na"]} - {None}
        na = s.notna() & s.map(lambda x: norm_word(x) in codes or (_number(x) is not None and _number(x) in nums))
        s = s.mask(na)
    n_na = int(na.sum())
    if pd.api.types.is_bool_dtype(s.dropna()) and s.notna().any():
        return s.map(lambda x: x if pd.isna(x) else float(bool(x))).astype(float), None, n_na
    if scale["words"] is None and (pd.api.types.is_numeric_dtype(s) or s.isna().all()):
        return s.astype(float), None, n_na
    if scale["words"] is None:
        nums = pd.to_numeric(s, errors="coerce")
        text = s.notna() & nums.isna()
        if not text.any():
            return nums.astype(float), None, n_na
        if scale["range"] is not None:
            raise DataValidationError(
                f"column {column!r}: {int(text.sum()):,} of {len(s):,} answers are not numbers on its "
                f"{scale['range'][0]}-{scale['range'][1]} scale; e.g. {s[text].iloc[0]!r}; list such codes under "
                f"na, e.g. {column}: {{range: {scale['range'][0]}-{scale['range'][1]}, na: [{s[text].iloc[0]}]}}.")
    mapping = scale["words"] or word_scale(s.dropna().unique())
    if mapping is None and scale["words"] is None and nums.notna().any():   # numbers, then a few words
        words = s[text]
        raise DataValidationError(
            f"column {column!r}: {len(words):,} of {int(s.notna().sum()):,} answers are words, the others numbers "
            f"({nums.min():g} to {nums.max():g}); e.g. {words.iloc[0]!r} at row {words.index[0]!r}. Correct or blank "
            f"those rows, or list such codes as not applicable, e.g. {column}: {{na: [{words.iloc[0]}]}}.")
    if mapping is None:
        ex = s.dropna().astype(str).iloc[0]
        raise DataValidationError(
            f"column {column!r}: answers are words ({sorted(set(s.dropna().astype(str)))[:8]}) in no known "
            f"wording; give the mapping under scales, e.g. {column}: {{words: [Low, High]}}; e.g. {ex!r}.")
    norm = s.map(lambda x: x if pd.isna(x) else norm_word(x))
    bad = norm.notna() & ~norm.isin(list(mapping))
    if bad.any():
        raise DataValidationError(
            f"column {column!r}: {int(bad.sum()):,} of {len(s):,} answers are not in its scale "
            f"{list(mapping)}; e.g. {s[bad].iloc[0]!r}.")
    return norm.map(mapping).astype(float), mapping, n_na


#: a touchpoint's stage as a specification writes it -> as the reports name it (the demo company's names)
STAGES = {"before": "pre-purchase", "during": "purchase", "after": "post-purchase",
          **{s: s for s in ("pre-purchase", "purchase", "post-purchase")}}


def touchpoint_stages(given: Any) -> dict[str, str]:
    """A specification's ``columns.touchpoints`` as touchpoint column -> stage (:data:`STAGES`), in the order given.

    Parameters
    ----------
    given : dict or None
        Stages (``before``, ``during``, ``after``, or the reports' names) mapped to lists of rating columns (one
        name alone is read as a list), each column once.

    Returns
    -------
    dict of str to str
        Column -> ``pre-purchase``, ``purchase`` or ``post-purchase``; ``{}`` for None.

    Raises
    ------
    insight.exceptions.DataValidationError
        Naming the key, when ``given`` is not a non-empty dict, a stage is unknown, a stage's columns are not a
        list of names, or a column is listed under two stages.

    Examples
    --------
    >>> touchpoint_stages({"before": ["website"], "after": ["delivery", "returns"]})
    {'website': 'pre-purchase', 'delivery': 'post-purchase', 'returns': 'post-purchase'}
    """
    if given is None:
        return {}
    example = "e.g. touchpoints: {before: [Ease of Online booking], during: [Seat comfort], after: [Baggage handling]}"
    if not isinstance(given, dict) or not given:
        raise DataValidationError(f"columns.touchpoints == {given!r}: must map stages to rating columns; {example}.")
    out: dict[str, str] = {}
    for stage, cols in given.items():
        if str(stage) not in STAGES:
            raise DataValidationError(f"columns.touchpoints: stage {stage!r} is not one of before, during, after "
                                      f"(the purchase); {example}.")
        cols = [cols] if isinstance(cols, str) else cols
        if not isinstance(cols, list) or not cols or not all(isinstance(c, str) for c in cols):
            raise DataValidationError(f"columns.touchpoints.{stage} == {cols!r}: must be a list of column names; "
                                      f"{example}.")
        twice = [c for c in cols if c in out]
        if twice:
            raise DataValidationError(f"columns.touchpoints: {twice[0]!r} is listed under two stages; give each "
                                      "touchpoint one stage.")
        out.update({c: STAGES[str(stage)] for c in cols})
    return out
