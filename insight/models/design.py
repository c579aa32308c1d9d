"""The terms of a regression on a customer table, and what real tables do to them.

Shared by the churn classifier (:mod:`insight.models.churn`) and the Cox model
(:mod:`insight.models.survival`): :func:`single_column_auc` (how well a column alone separates
leavers from stayers: a leak when it reaches :data:`LEAK_AUC`), :func:`frequent_levels` (which
levels of a many-level category to keep; the rest become ``OTHER``), :func:`reference_levels`
and :func:`dummies` (what each level is compared with), :func:`independent_columns` (constant,
duplicate and collinear terms, dropped with the reason), :func:`estimable` (an interval that says
something) and :func:`term_table` (what each term means, for the report's words).

Numbers and codes only: a report says them in words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..validate import check_columns, check_param

__all__ = ["single_column_auc", "frequent_levels", "group_rare", "grouping_row", "GROUPING_COLUMNS",
           "reference_levels", "dummies", "independent_columns", "estimable", "term_table", "LEAK_AUC", "OTHER",
           "MAX_CI_RATIO"]

#: a feature whose :func:`single_column_auc` reaches this is left out of :class:`~insight.models.churn.ChurnModel` as
#: a likely leak: a column that alone ranks a random leaver above a random stayer 99 times in 100 is, on customer
#: tables, almost always recorded after or because of leaving (a cancellation reason, a closing balance, a score
#: computed from the outcome), and a model built on it predicts nothing about customers who have not left yet
LEAK_AUC = 0.99

#: the level that stands for a category's grouped rare levels (a code: a report names it in words)
OTHER = "__other__"

#: an odds or hazard ratio whose confidence interval spans more than this factor (``ci_high / ci_low``; at the 95%
#: level, a standard error above 2.35 on the log scale), or is not finite, is not estimable: the data do not pin it
#: down (typically a level without leavers, or without stayers)
MAX_CI_RATIO = 1e4


def single_column_auc(X: pd.DataFrame, y, categorical=(), n_splits: int = 5, random_state: int = 0) -> pd.Series:
    """How well each column of ``X`` alone separates leavers (``y`` True) from stayers: its ROC AUC, from 0.5
    (not at all) to 1 (perfectly), one value per column, largest first.

    A numeric (or yes/no) column is scored by its own values, in whichever direction separates better, missing
    values at whichever end separates better: a choice of direction only, so nothing is learned that held-out data
    would have to check. A column named in ``categorical`` is scored by each level's churn rate learned on the other
    folds of a stratified ``n_splits``-fold split (missing values are a level of their own; a level not seen in the
    other folds gets their overall rate), so that a category with many small levels cannot separate the customers
    it was learned on.

    Parameters
    ----------
    X : pandas.DataFrame
        One row per customer, one column per candidate feature.
    y : array-like of bool
        Whether each customer left (True) or stayed.
    categorical : sequence of str, default ()
        Columns of ``X`` scored by their levels' out-of-fold churn rates.
    n_splits : int, default 5
        Folds of the split for the categorical columns (>= 2).
    random_state : int, default 0
        Seed of the fold split.

    Returns
    -------
    pandas.Series
        Named "roc_auc", indexed by ``feature``: each column's AUC (0.5 to 1), largest first.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``X`` is not a DataFrame, ``X`` and ``y`` differ in length, or the smaller class has fewer than
        ``n_splits`` customers.

    Examples
    --------
    >>> from insight.data.datasets import load_telco_churn
    >>> from insight.models.design import single_column_auc
    >>> df = load_telco_churn().head(2000)
    >>> X = df[["tenure", "monthly_charges", "contract", "payment_method"]]
    >>> single_column_auc(X, df["churn"], categorical=["contract", "payment_method"]).round(3)
    feature
    contract           0.747
    tenure             0.745
    payment_method     0.670
    monthly_charges    0.624
    Name: roc_auc, dtype: float64
    """
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    check_param("n_splits", n_splits, int, min_val=2)
    if not isinstance(X, pd.DataFrame):
        raise DataValidationError(f"parameter 'X' must be a pandas DataFrame, got {type(X).__name__}.")
    y = np.asarray(y, dtype=bool)
    if len(y) != len(X):
        raise DataValidationError(f"parameters 'X' and 'y' have {len(X)} and {len(y)} rows; they must be the same "
                                  "customers.")
    check_columns(X, categorical, name="parameter 'X'")
    n_min = int(min(y.sum(), (~y).sum()))
    if n_min < n_splits:
        raise DataValidationError(f"parameter 'y': {n_min} customers in the smaller class; at least n_splits == "
                                  f"{n_splits} are needed.")
    folds = list(StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state).split(X, y))
    out = {}
    for c in X.columns:
        s = X[c]
        if c in categorical:
            key = pd.Series(np.where(s.isna(), "__missing__", s.astype(str)), index=s.index)
            score = np.empty(len(y))
            for tr, te in folds:
                rate = pd.Series(y[tr]).groupby(key.iloc[tr].to_numpy()).mean()
                score[te] = key.iloc[te].map(rate).fillna(y[tr].mean()).to_numpy()
            out[c] = float(roc_auc_score(y, score))
            continue
        v = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
        miss = np.isnan(v)
        if miss.all():
            out[c] = 0.5
            continue
        lo, hi = np.nanmin(v), np.nanmax(v)
        aucs = [roc_auc_score(y, np.where(miss, fill, v)) for fill in ((lo - 1, hi + 1) if miss.any() else (lo,))]
        out[c] = float(max(max(a, 1 - a) for a in aucs))
    return pd.Series(out, name="roc_auc", dtype=float).rename_axis("feature").sort_values(ascending=False)


def frequent_levels(s: pd.Series, column: str, min_count: int = 30, max_levels: int = 10) -> list | None:
    """The levels of a category to keep as they are, most frequent first; the others are meant to be grouped as
    ``OTHER``. None when there is nothing to group.

    A level is kept when at least ``min_count`` customers have it and it is among the ``max_levels`` most frequent
    (ties in sorted order). Grouping needs at least two levels to group: a single rare level stays as it is.

    Parameters
    ----------
    s : pandas.Series
        The category's values, one per customer (missing values are not a level).
    column : str
        The column's name, for error messages.
    min_count : int, default 30
        Fewest customers a kept level needs.
    max_levels : int, default 10
        Most levels kept.

    Returns
    -------
    list or None
        The levels to keep, most frequent first; None when fewer than two levels would be grouped.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``s`` is not a Series, or already holds the value ``OTHER``.

    See Also
    --------
    group_rare : Group the other levels.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.design import frequent_levels
    >>> s = pd.Series(["a"] * 40 + ["b"] * 35 + ["c"] * 3 + ["d"] * 2 + [None])
    >>> frequent_levels(s, "shop")
    ['a', 'b']
    """
    check_param("min_count", min_count, int, min_val=1)
    check_param("max_levels", max_levels, int, min_val=1)
    if not isinstance(s, pd.Series):
        raise DataValidationError(f"column {column!r}: expected a pandas Series, got {type(s).__name__}.")
    if (s.dropna() == OTHER).any():
        raise DataValidationError(f"column {column!r}: {int((s == OTHER).sum())} rows hold the value {OTHER!r}, "
                                  "which stands for grouped rare levels; rename it.")
    counts = s.dropna().astype(object).value_counts()
    counts = counts.iloc[np.lexsort((counts.index.astype(str), -counts.to_numpy()))]
    kept = [lv for lv, n in zip(counts.index[:max_levels], counts.iloc[:max_levels]) if n >= min_count]
    return kept if len(counts) - len(kept) >= 2 else None


def group_rare(s: pd.Series, kept: list | None) -> pd.Series:
    """``s`` with every level not in ``kept`` (:func:`frequent_levels`) as ``OTHER``; missing values stay
    missing; ``kept`` None: ``s`` as it is.

    Parameters
    ----------
    s : pandas.Series
        The category's values.
    kept : list or None
        The levels to keep, from :func:`frequent_levels`.

    Returns
    -------
    pandas.Series
        ``s`` with the other levels replaced by ``OTHER`` (object dtype), or ``s`` itself.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.design import group_rare
    >>> group_rare(pd.Series(["a", "a", "b", "c", None]), ["a"]).tolist()
    ['a', 'a', '__other__', '__other__', nan]
    """
    return s if kept is None else s.astype(object).where(s.isna() | s.isin(kept), OTHER)


def grouping_row(column: str, s: pd.Series, kept: list) -> tuple:
    """What grouping did to one category, as a row of a ``grouped_`` table: the column, its distinct levels, the
    levels kept, the levels grouped and the customers now in ``OTHER``.

    Parameters
    ----------
    column : str
        The column's name.
    s : pandas.Series
        The category's values before grouping.
    kept : list
        The levels kept (:func:`frequent_levels`).

    Returns
    -------
    tuple
        ``(column, levels, kept, grouped, customers)``, in the order of :data:`GROUPING_COLUMNS`.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.design import grouping_row
    >>> grouping_row("shop", pd.Series(["a"] * 40 + ["b"] * 35 + ["c"] * 3 + ["d"] * 2 + [None]), ["a", "b"])
    ('shop', 4, 2, 2, 5)
    """
    present = s.dropna().astype(object)
    return column, present.nunique(), len(kept), present.nunique() - len(kept), int((~present.isin(kept)).sum())


#: the columns of a table of :func:`grouping_row` rows
GROUPING_COLUMNS = ["feature", "levels", "kept", "grouped", "customers"]


def reference_levels(X: pd.DataFrame, categorical: list[str], y) -> dict:
    """The level each category's other levels are compared with: ``OTHER`` where rare levels were grouped (the
    pooled, largest group), otherwise the first level in sorted order that holds both outcomes of ``y`` (a
    reference without leavers, or without stayers, would make every comparison with it unbounded).

    Parameters
    ----------
    X : pandas.DataFrame
        One row per customer.
    categorical : list of str
        The category columns of ``X``.
    y : array-like of bool
        Whether each customer left.

    Returns
    -------
    dict
        Column -> its reference level (the first level when none holds both outcomes; None without levels).

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``X`` and ``y`` differ in length.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.design import reference_levels
    >>> X = pd.DataFrame({"contract": ["month", "year", "month", "two", "year", "month"]})
    >>> reference_levels(X, ["contract"], [1, 0, 1, 0, 1, 0])
    {'contract': 'month'}
    """
    check_columns(X, categorical, name="parameter 'X'")
    y = np.asarray(y, dtype=bool)
    if len(y) != len(X):
        raise DataValidationError(f"parameters 'X' and 'y' have {len(X)} and {len(y)} rows; they must be the same "
                                  "customers.")
    y = pd.Series(y, index=X.index)
    out = {}
    for c in categorical:
        s = X[c].dropna()
        if (s.astype(str) == OTHER).any():
            out[c] = OTHER
            continue
        levels = sorted(pd.unique(s), key=str)
        both = y.loc[s.index].groupby(s.astype(str).to_numpy()).agg(lambda v: 0 < v.mean() < 1)
        out[c] = next((lv for lv in levels if both.get(str(lv), False)), levels[0] if levels else None)
    return out


def dummies(X: pd.DataFrame, categorical: list[str], references: dict) -> pd.DataFrame:
    """``X`` with each category in ``categorical`` as one 0/1 column per level other than its reference (named
    ``<column>_<level>``, levels in sorted order), the other columns as numbers.

    Parameters
    ----------
    X : pandas.DataFrame
        One row per customer.
    categorical : list of str
        The category columns of ``X``.
    references : dict
        Column -> reference level (:func:`reference_levels`), left out of the dummies.

    Returns
    -------
    pandas.DataFrame
        Float columns in the order of ``X``: missing values stay missing (also in the dummies).

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.design import dummies
    >>> X = pd.DataFrame({"contract": ["month", "year", "two"], "tenure": [1, 30, 50]})
    >>> dummies(X, ["contract"], {"contract": "month"})
       contract_two  contract_year  tenure
    0           0.0            0.0     1.0
    1           0.0            1.0    30.0
    2           1.0            0.0    50.0
    """
    check_columns(X, categorical, name="parameter 'X'")
    parts = []
    for c in X.columns:
        if c not in categorical:
            parts.append(pd.to_numeric(X[c], errors="coerce").astype(float).rename(c))
            continue
        s = X[c].astype(object).where(X[c].notna(), np.nan)
        for lv in sorted(s.dropna().astype(str).unique()):
            if lv != str(references.get(c)):
                parts.append(pd.Series(np.where(s.isna(), np.nan, (s.astype(str) == lv).astype(float)),
                                       index=X.index, name=f"{c}_{lv}"))
    return pd.concat(parts, axis=1) if parts else pd.DataFrame(index=X.index)


def independent_columns(X: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """``X`` without the columns a regression cannot identify, and those columns with the reason: "constant" (one
    value), "duplicate" (equal to an earlier column, e.g. "No internet service" repeated across add-ons) or
    "collinear" (an exact linear combination of the intercept and earlier columns, e.g. "multiple lines: No phone
    service" = 1 - "phone service").

    A rank test on least-squares residuals (below 1e-8 of the column's spread), rather than a variance inflation
    cut-off, whose value for an exact dependence depends on the LAPACK build.

    Parameters
    ----------
    X : pandas.DataFrame
        The design's numeric columns (no missing values).

    Returns
    -------
    tuple of (pandas.DataFrame, dict)
        ``X`` without the dropped columns, and dropped column -> "constant", "duplicate" or "collinear".

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``X`` is not a DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.design import independent_columns
    >>> X = pd.DataFrame({"a": [1, 2, 3, 4], "b": [1, 1, 1, 1], "c": [1, 2, 3, 4], "d": [2, 4, 6, 9],
    ...                   "e": [3, 5, 7, 9]})
    >>> kept, dropped = independent_columns(X)
    >>> list(kept.columns), dropped
    (['a', 'd'], {'b': 'constant', 'c': 'duplicate', 'e': 'collinear'})
    """
    if not isinstance(X, pd.DataFrame):
        raise DataValidationError(f"parameter 'X' must be a pandas DataFrame, got {type(X).__name__}.")
    dropped = {c: "constant" for c in X.columns if X[c].nunique() <= 1}
    rest = X.drop(columns=list(dropped))
    dup = rest.T.duplicated().to_numpy()
    dropped.update({c: "duplicate" for c in rest.columns[dup]})
    rest = rest.loc[:, ~dup]
    values = rest.to_numpy(dtype=float)
    basis = np.ones((len(values), 1))
    for j, col in enumerate(rest.columns):
        x = values[:, j] - values[:, j].mean()
        resid = x - basis @ np.linalg.lstsq(basis, x, rcond=None)[0]
        if np.linalg.norm(resid) <= 1e-8 * np.linalg.norm(x):
            dropped[col] = "collinear"
        else:
            basis = np.column_stack([basis, x])
    return X.drop(columns=list(dropped)), dropped


def estimable(ci_low, ci_high, p_value) -> np.ndarray:
    """True where a ratio's interval says something: both bounds finite and positive, the p-value a number, and the
    interval no wider than a factor of ``MAX_CI_RATIO``.

    Parameters
    ----------
    ci_low, ci_high : array-like of float
        The lower and upper bounds of each term's ratio (odds or hazard ratio).
    p_value : array-like of float
        Each term's p-value.

    Returns
    -------
    numpy.ndarray of bool
        One value per term.

    Raises
    ------
    insight.exceptions.DataValidationError
        When the three arrays differ in shape.

    Examples
    --------
    >>> import numpy as np
    >>> from insight.models.design import estimable
    >>> estimable([0.5, 1e-3, 0.2], [2.0, 1e3, np.inf], [0.3, 0.9, 0.01]).tolist()
    [True, False, False]
    """
    lo, hi, p = (np.asarray(v, dtype=float) for v in (ci_low, ci_high, p_value))
    if not lo.shape == hi.shape == p.shape:
        raise DataValidationError(f"parameters 'ci_low', 'ci_high' and 'p_value' have {lo.size}, {hi.size} and "
                                  f"{p.size} values; they must be the same terms.")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.isfinite(lo) & np.isfinite(hi) & (lo > 0) & np.isfinite(p) & (hi / lo <= MAX_CI_RATIO)


def term_table(X: pd.DataFrame, terms, categorical: list[str], per: str = "SD",
               references: dict | None = None) -> pd.DataFrame:
    """What each model term means: its ``feature``, ``level``, ``reference`` and ``scale``.

    A dummy term of a categorical column ("contract_Two year") compares that ``level`` with
    the ``reference`` level (``references[column]``, by default the first in sorted order: the one left out of the
    design) and has scale "level"; a numeric term is an effect per ``per`` ("SD": scale "sd", per standard
    deviation; "unit": scale "unit"), a two-valued one "yes_no" (per unit) or "yes_no_sd"
    (standardized). The report names each term from these (``label.<feature>`` and the
    catalog's ``churn.term.<scale>``).

    Parameters
    ----------
    X : pandas.DataFrame
        The customer table the terms were made from (before dummies).
    terms : iterable of str
        The model's terms (columns of the design).
    categorical : list of str
        The category columns of ``X``.
    per : {"SD", "unit"}, default "SD"
        Whether numeric effects are per standard deviation or per unit.
    references : dict, optional
        Column -> reference level; default: each category's first level in sorted order.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``term``: ``feature``, ``level``, ``reference`` and ``scale`` ("" for no level or reference).

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.design import term_table
    >>> X = pd.DataFrame({"contract": ["month", "year", "two"], "tenure": [1, 30, 50]})
    >>> term_table(X, ["contract_two", "contract_year", "tenure"], ["contract"])
                   feature level reference  scale
    term
    contract_two   contract   two     month  level
    contract_year  contract  year     month  level
    tenure           tenure                     sd
    """
    rows = []
    cats = sorted(categorical, key=len, reverse=True)     # longest prefix first ("a_b" before "a")
    for t in terms:
        col = next((c for c in cats if str(t).startswith(f"{c}_")), None)
        if col is not None:
            level = str(t)[len(col) + 1:]
            ref = str((references or {}).get(col) or sorted(X[col].dropna().astype(str).unique())[0])
            rows.append((t, col, level, ref, "level"))
        else:
            col = str(t)
            scale = "sd" if per == "SD" else "unit"
            if col in X.columns and X[col].dropna().nunique() <= 2:
                scale = "yes_no" if per == "unit" else "yes_no_sd"
            rows.append((t, col, "", "", scale))
    return pd.DataFrame(rows, columns=["term", "feature", "level", "reference", "scale"]).set_index("term")
