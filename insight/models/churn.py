"""Who is leaving, when, and why? Churn for customers with a contract or subscription.

* :class:`ChurnModel`: a scikit-learn compatible classifier that builds its own
  preprocessing from a customer table, compares a regularized logistic regression
  with gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier) by
  stratified, seeded k-fold cross-validation, keeps the better one, calibrates it,
  and offers lift tables, calibration curves, permutation importance on held-out
  folds and odds ratios with confidence intervals (statsmodels ``Logit``).

What real tables do to a model is caught and recorded, never silent: a column that alone nearly
separates leavers from stayers (:func:`single_column_auc` at least ``LEAK_AUC``: almost always
recorded after or because of leaving) is left out and named; the rare levels of a many-level
category are grouped (:func:`frequent_levels`, as the level ``OTHER``); constant columns and
design terms that other terms already carry (:func:`independent_columns`) are dropped and listed;
an odds ratio whose interval is unbounded or absurdly wide is marked not estimable
(:func:`estimable`). These building blocks live in :mod:`insight.models.design` (the Cox model of
:mod:`insight.models.survival` uses them too) and are re-exported here.

How long customers stay is in :mod:`insight.models.survival`; what a retention offer is
worth (:func:`insight.retention.retention_profit`) in :mod:`insight.retention`.

Nothing here knows a data set: the table and its column names are arguments.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin

from .._results import Result
from ..exceptions import DataValidationError
from ..parsers import FALSE_WORDS, TRUE_WORDS
from ..validate import FittedCheck, check_columns, check_in, check_param
from .design import (GROUPING_COLUMNS, LEAK_AUC, MAX_CI_RATIO, OTHER, dummies, estimable, frequent_levels,
                     group_rare, grouping_row, independent_columns, reference_levels, single_column_auc, term_table)

__all__ = ["ChurnModel", "OddsRatios", "binary_target", "term_table", "single_column_auc", "frequent_levels",
           "group_rare",
           "reference_levels", "dummies", "independent_columns", "estimable", "LEAK_AUC", "OTHER", "MAX_CI_RATIO"]

_YES = TRUE_WORDS | {"churn", "churned"}   # the shared yes/no words, plus the target's own
_NO = FALSE_WORDS


def binary_target(s: pd.Series, column: str, positive=None) -> pd.Series:
    """The target as bool: ``positive`` marks churners.

    ``positive`` may be ``"Yes"``, ``"yes"``, ``True`` or ``1`` whatever the column
    holds (strings are compared case-insensitively, ``True``/``1``/``"yes"`` are
    interchangeable); ``None`` detects yes/no, true/false and 1/0 columns. The target
    must have no missing value and exactly two distinct values, both present.

    Parameters
    ----------
    s : pandas.Series
        The target column.
    column : str
        Its name, for error messages.
    positive : str, bool or int, optional
        The value marking churners; None detects it.

    Returns
    -------
    pandas.Series
        True for churners, indexed like ``s``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When the target has a missing value, not exactly two distinct values, no detectable churn value, or
        ``positive`` does not occur.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.churn import binary_target
    >>> binary_target(pd.Series(["Yes", "No", "yes"]), "churn").tolist()
    [True, False, True]
    >>> binary_target(pd.Series(["gone", "stayed"]), "status", positive="gone").tolist()
    [True, False]
    """
    if s.isna().any():
        bad = s.isna()
        raise DataValidationError(f"column {column!r}: {int(bad.sum())} of {len(s)} rows have a missing target; "
                                  f"e.g. row {s.index[bad][0]!r}. Remove or label them first.")
    norm = s.astype(str).str.strip().str.lower().replace({"1.0": "1", "0.0": "0"})
    values = sorted(set(norm))
    if len(values) == 1:
        raise DataValidationError(f"column {column!r}: all {len(s):,} rows have the same value {s.iloc[0]!r}; "
                                  "a churn model needs churners and non-churners.")
    if len(values) > 2:
        raise DataValidationError(f"column {column!r}: {len(values)} distinct values {values[:10]}; a churn target "
                                  "must have exactly two (e.g. yes/no).")
    if positive is None:
        pos = [v for v in values if v in _YES]
        if len(pos) != 1 or not set(values) - set(pos) <= _NO:
            raise DataValidationError(f"column {column!r}: cannot tell which of {values} means churn; "
                                      "give the positive value (parameter 'positive').")
        return norm == pos[0]
    p = str(positive).strip().lower().replace("1.0", "1")
    if p in _YES and p not in values:  # True vs "yes" vs 1 are the same answer
        hit = [v for v in values if v in _YES]
        p = hit[0] if len(hit) == 1 else p
    if p not in values:
        raise DataValidationError(f"column {column!r}: the positive value {positive!r} occurs in 0 of {len(s):,} rows; "
                                  f"values found: {values}.")
    return norm == p


def _design(df: pd.DataFrame, features: list[str]):
    """Split features into numeric and categorical columns, and the unusable ones with why (column -> "missing":
    every row is missing; "date": a date, which is no feature, a duration made from it would be; "identifier": text
    with a distinct value on most rows)."""
    num, cat, unusable = [], [], {}
    for c in features:
        s = df[c]
        if s.isna().all():
            unusable[c] = "missing"
        elif pd.api.types.is_datetime64_any_dtype(s):
            unusable[c] = "date"
        elif pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            num.append(c)
        elif len(s) > 20 and s.nunique(dropna=True) > 0.5 * len(s):
            unusable[c] = "identifier"
        else:
            cat.append(c)
    return num, cat, unusable


@dataclass
class OddsRatios(Result):
    """Odds ratios with confidence intervals and p-values, from :meth:`ChurnModel.odds_ratios`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per term: ``odds_ratio``, ``ci_low``, ``ci_high``, ``p_value``, ``estimable`` (False where the
        interval says nothing) and what the term means (``feature``, ``level``, ``reference``, ``scale``).
    dropped : pandas.DataFrame
        The design terms left out, indexed by term: their ``reason`` ("constant", "duplicate" or "collinear") and
        what each means, as in ``table``.
    unbounded : list
        The terms whose interval is unbounded.
    """

    table: pd.DataFrame
    dropped: pd.DataFrame
    unbounded: list


class ChurnModel(FittedCheck, BaseEstimator, ClassifierMixin):
    """Churn classifier with its own preprocessing, model comparison and diagnostics.

    Parameters
    ----------
    target : str, default "churn"
        Churn column of the table given to ``fit``.
    positive : str, bool or int, optional
        Value marking churners ("Yes", "yes", True, 1...); None detects it (:func:`binary_target`).
    id_col, value_col : str, optional
        Customer id and customer value columns, kept out of the features (the value is for
        :func:`insight.retention.retention_profit`).
    drop : tuple of str, default ()
        Columns to leave out of the features.
    model : str, default "auto"
        "auto" (the better cross-validated ROC AUC), "logistic" or "hgb".
    n_splits : int, default 5
        Folds of the stratified cross-validation.
    calibrate : bool, default True
        Calibrate the final model's probabilities (sigmoid, cross-fitted).
    C : float, default 0.3
        Inverse L2 regularization strength of the logistic regression (continuous features enter it through a
        cubic spline basis).
    random_state : int, default 0
        Seed of folds, trees and permutations.
    leak_auc : float, default LEAK_AUC
        A feature whose :func:`single_column_auc` is at least this is left out as a likely leak (see
        ``LEAK_AUC``) and named in ``leaky_``.
    keep_leaky : tuple of str, default ()
        Features kept even when they reach ``leak_auc`` (known before a customer leaves).
    min_level_count, max_levels : int, default 30, 10
        A category's levels held by fewer than ``min_level_count`` customers, or beyond its ``max_levels`` most
        frequent, are grouped as one level, ``OTHER`` (:func:`frequent_levels`).

    Attributes
    ----------
    cv_results_ : pandas.DataFrame
        Per model: mean and standard deviation across folds of ROC AUC, PR AUC, Brier score and log loss
        (and the mean ``fit_seconds``).
    chosen_ : str
        Name of the kept model.
    estimator_ : sklearn.pipeline.Pipeline or sklearn.calibration.CalibratedClassifierCV
        The fitted (calibrated) pipeline.
    oof_proba_ : pandas.Series
        Held-out churn probability of every customer (from the cross-validation of the chosen model,
        calibrated within each fold).
    oof_by_model_ : dict
        Model name -> Series of held-out (uncalibrated) probabilities.
    imputed_ : dict
        Column -> number of imputed (missing) values.
    features_, numeric_, categorical_ : list of str
        Feature columns used.
    single_auc_ : pandas.Series
        Each candidate feature's :func:`single_column_auc`.
    leaky_ : pandas.Series
        The features left out as likely leaks with their single-column ROC AUC (largest first).
    constant_ : list
        The features left out because every customer has the same value.
    unusable_ : pandas.Series
        Columns that cannot be features, left out, with why: "date" (derive a duration from it), "identifier"
        (text with a distinct value on most rows) or "missing" (every row).
    grouped_ : pandas.DataFrame
        Per category whose rare levels were grouped: ``levels`` (distinct before), ``kept``, ``grouped`` (levels
        now ``OTHER``) and ``customers`` (customers in ``OTHER``); a category with ``kept`` 0 has no
        level common enough and is left out.
    levels_ : dict
        Those categories' kept levels.
    churn_rate_ : float
        Share of churners in the table fitted on.
    n_customers_ : int
        Customers fitted on.

    Examples
    --------
    >>> from insight.data.datasets import load_telco_churn
    >>> from insight.models.churn import ChurnModel
    >>> telco = load_telco_churn()[["tenure", "contract", "monthly_charges", "churn"]].head(400)
    >>> model = ChurnModel(model="logistic", n_splits=3).fit(telco)
    >>> model.features_, round(float(model.cv_results_.loc["logistic", "roc_auc_mean"]), 3)
    (['tenure', 'contract', 'monthly_charges'], 0.827)
    >>> model.predict_proba(telco.head(3))[:, 1].round(3).tolist()
    [0.456, 0.053, 0.534]
    >>> model.lift_table(5)[["customers", "churners", "lift"]].round(2).head(2)
            customers  churners  lift
    decile
    1              80        50  2.45
    2              80        30  1.47
    """

    fitted_attribute = "estimator_"
    fit_call = "fit(table)"

    def __init__(self, target: str = "churn", positive=None, id_col: str | None = None,
                 value_col: str | None = None, drop: tuple = (), model: str = "auto", n_splits: int = 5,
                 calibrate: bool = True, C: float = 0.3, random_state: int = 0, leak_auc: float = LEAK_AUC,
                 keep_leaky: tuple = (), min_level_count: int = 30, max_levels: int = 10):
        self.target = target
        self.positive = positive
        self.id_col = id_col
        self.value_col = value_col
        self.drop = drop
        self.model = model
        self.n_splits = n_splits
        self.calibrate = calibrate
        self.C = C
        self.random_state = random_state
        self.leak_auc = leak_auc
        self.keep_leaky = keep_leaky
        self.min_level_count = min_level_count
        self.max_levels = max_levels

    # ------------------------------------------------------------------ building blocks
    def check_params(self) -> "ChurnModel":
        """Check the parameters given to ``__init__`` (``fit`` does this first).

        Returns
        -------
        ChurnModel
            The model itself.

        Raises
        ------
        insight.exceptions.DataValidationError
            When a parameter is out of range, or ``drop`` / ``keep_leaky`` is not a list of column names.
        """
        check_in("model", self.model, ["auto", "logistic", "hgb"])
        check_param("n_splits", self.n_splits, int, min_val=2, max_val=20)
        check_param("C", self.C, float, min_val=0.0, include_min=False)
        check_param("random_state", self.random_state, int, min_val=0)
        check_param("leak_auc", self.leak_auc, float, min_val=0.5, include_min=False, max_val=1.0)
        check_param("min_level_count", self.min_level_count, int, min_val=1)
        check_param("max_levels", self.max_levels, int, min_val=2)
        for name in ("drop", "keep_leaky"):
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(c, str) for c in value):
                raise DataValidationError(f"parameter {name!r} == {value!r}: must be a list of column names, e.g. "
                                          "('a', 'b').")
        return self

    def _preprocessor(self, onehot_drop=None, splines: bool = False):
        """Imputation, scaling and one-hot encoding; ``splines`` expands continuous columns.

        A cubic spline basis (5 knots) lets the logistic model bend with non-linear
        effects (churn falls steeply over the first months of tenure, then flattens)
        without any data-set-specific feature engineering. Binary columns stay linear.
        """
        from sklearn.compose import ColumnTransformer
        from sklearn.impute import SimpleImputer
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import OneHotEncoder, SplineTransformer, StandardScaler

        cont = [c for c in self.numeric_ if c not in self.binary_] if splines else []
        lin = [c for c in self.numeric_ if c not in cont]
        return ColumnTransformer([
            ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), lin),
            ("spl", make_pipeline(SimpleImputer(strategy="median"), SplineTransformer(n_knots=5, degree=3),
                                  StandardScaler()), cont),
            ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                                  OneHotEncoder(handle_unknown="ignore", drop=onehot_drop, sparse_output=False)),
             self.categorical_),
        ])

    def _candidates(self) -> dict:
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        cands = {
            "logistic": make_pipeline(self._preprocessor(splines=True), LogisticRegression(C=self.C, max_iter=5000)),
            "hgb": make_pipeline(self._preprocessor(), HistGradientBoostingClassifier(
                learning_rate=0.05, max_iter=200, max_leaf_nodes=15, min_samples_leaf=40, l2_regularization=1.0,
                early_stopping=False, random_state=self.random_state)),
        }
        return cands if self.model == "auto" else {self.model: cands[self.model]}

    def _prepare(self, df: pd.DataFrame):
        if not isinstance(df, pd.DataFrame):
            raise DataValidationError(f"parameter 'X' must be a pandas DataFrame, got {type(df).__name__}.")
        check_columns(df, [self.target, self.id_col, self.value_col, *self.drop, *self.keep_leaky],
                      name="churn table")
        y = binary_target(df[self.target], self.target, self.positive)
        exclude = {self.target, self.id_col, self.value_col, *self.drop}
        features = [c for c in df.columns if c not in exclude]
        if not features:
            raise DataValidationError("churn table: no feature columns left after removing target, id, value and drop.")
        return df[features], y.to_numpy()

    def _select(self, feats: pd.DataFrame, y: np.ndarray) -> pd.DataFrame:
        """Set the features: leaks and constant columns left out (and recorded), rare levels grouped; a category
        whose every level is rare is grouped into one level and so left out too."""
        numeric, categorical, unusable = _design(feats, list(feats.columns))
        self.unusable_ = pd.Series(unusable, dtype=object)
        feats = feats.drop(columns=list(unusable))
        if feats.empty:
            first = next(iter(unusable))
            raise DataValidationError(f"churn table: no feature left; all {len(unusable)} columns are dates, "
                                      f"identifiers or empty, e.g. {first!r} ({unusable[first]}).")
        self.single_auc_ = single_column_auc(feats, y, categorical, self.n_splits, self.random_state)
        auc = self.single_auc_
        self.leaky_ = auc[(auc >= self.leak_auc) & ~auc.index.isin(list(self.keep_leaky))]
        self.constant_ = [c for c in feats.columns if feats[c].nunique(dropna=True) <= 1]
        self.levels_, rows = {}, []
        for c in categorical:
            kept = None if c in self.leaky_.index or c in self.constant_ else frequent_levels(
                feats[c], c, self.min_level_count, self.max_levels)
            if kept is not None:
                self.levels_[c] = kept
                rows.append(grouping_row(c, feats[c], kept))
        self.grouped_ = pd.DataFrame(rows, columns=GROUPING_COLUMNS).set_index("feature")
        out = {*self.leaky_.index, *self.constant_, *self.grouped_.index[self.grouped_["kept"] == 0]}
        self.features_ = [c for c in feats.columns if c not in out]
        if not self.features_:
            raise DataValidationError(
                f"churn table: no feature left; {len(self.leaky_)} column(s) alone separate churners from the rest "
                f"(single-column ROC AUC >= {self.leak_auc}), {len(self.constant_)} are constant and "
                f"{int((self.grouped_['kept'] == 0).sum())} have only levels held by fewer than "
                f"{self.min_level_count} customers; e.g. {sorted(out)[0]!r}. Keep a column with 'keep_leaky' if it is "
                "known before customers leave.")
        self.numeric_ = [c for c in numeric if c in self.features_]
        self.categorical_ = [c for c in categorical if c in self.features_]
        self.binary_ = [c for c in self.numeric_ if feats[c].nunique(dropna=True) <= 2]
        return self._frame(feats)

    def _frame(self, X: pd.DataFrame) -> pd.DataFrame:
        """The feature columns of ``X`` as the pipelines take them: numbers as floats, categories as objects with
        the rare levels grouped as ``OTHER``."""
        feats = X[self.features_].copy()
        for c in self.numeric_:
            feats[c] = feats[c].astype(float)
        for c in self.categorical_:
            feats[c] = group_rare(feats[c].astype(object).where(feats[c].notna(), np.nan), self.levels_.get(c))
        return feats

    # ------------------------------------------------------------------ fit
    def fit(self, X: pd.DataFrame, y=None) -> "ChurnModel":
        """Compare the candidate models by cross-validation, keep one, calibrate it.

        Parameters
        ----------
        X : pandas.DataFrame
            The customer table: one row per customer, the ``target`` column and the candidate features.
        y : None
            Ignored: the target is the ``target`` column of ``X``.

        Returns
        -------
        ChurnModel
            The fitted model itself.

        Raises
        ------
        insight.exceptions.DataValidationError
            When the smaller class has fewer customers than ``n_splits``, no feature is left, or a parameter or
            the target is unusable.
        """
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        self.check_params()
        feats, yv = self._prepare(X)
        n_min = int(min(yv.sum(), (~yv).sum()))
        if n_min < self.n_splits:
            raise DataValidationError(f"column {self.target!r}: only {n_min} customers in the smaller class; "
                                      f"at least n_splits == {self.n_splits} are needed.")
        feats = self._select(feats, yv)
        self.imputed_ = {c: int(feats[c].isna().sum()) for c in self.features_ if feats[c].isna().any()}
        self.churn_rate_ = float(yv.mean())
        self.n_customers_ = len(yv)

        import time

        from sklearn.base import clone
        from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score

        cv = StratifiedKFold(n_splits=self.n_splits, shuffle=True, random_state=self.random_state)
        metrics = {"roc_auc": roc_auc_score, "pr_auc": average_precision_score, "brier": brier_score_loss,
                   "log_loss": log_loss}
        rows, self.oof_by_model_ = [], {}
        for name, est in self._candidates().items():
            oof = np.empty(len(yv))
            per_fold = {m: [] for m in metrics}
            seconds = []
            for tr, te in cv.split(feats, yv):
                t0 = time.perf_counter()
                fitted = clone(est).fit(feats.iloc[tr], yv[tr])
                seconds.append(time.perf_counter() - t0)
                oof[te] = fitted.predict_proba(feats.iloc[te])[:, 1]
                for m, f in metrics.items():
                    per_fold[m].append(f(yv[te], oof[te]))
            self.oof_by_model_[name] = pd.Series(oof, index=X.index, name=name)
            row = {"model": name}
            for m, v in per_fold.items():
                row[f"{m}_mean"], row[f"{m}_std"] = float(np.mean(v)), float(np.std(v, ddof=1))
            row["fit_seconds"] = float(np.mean(seconds))
            rows.append(row)
        self.cv_results_ = pd.DataFrame(rows).set_index("model")
        self.chosen_ = self.cv_results_["roc_auc_mean"].idxmax() if self.model == "auto" else self.model
        best = self._candidates()[self.chosen_]
        final = (CalibratedClassifierCV(best, method="sigmoid", cv=3) if self.calibrate else best)
        self.oof_proba_ = pd.Series(cross_val_predict(final, feats, yv, cv=cv, method="predict_proba")[:, 1],
                                    index=X.index, name="churn_probability")
        self.y_ = pd.Series(yv, index=X.index, name="churn")
        self.estimator_ = final.fit(feats, yv)
        self._X = feats
        self.classes_ = np.array([False, True])
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Churn probabilities, shape (n, 2) as in scikit-learn (column 1 = churn).

        Parameters
        ----------
        X : pandas.DataFrame
            Customers with the feature columns (``features_``).

        Returns
        -------
        numpy.ndarray
            P(stay) and P(churn) per customer.

        Raises
        ------
        insight.exceptions.DataValidationError
            When ``X`` is not a DataFrame.
        """
        self.check_fitted()
        if not isinstance(X, pd.DataFrame):
            raise DataValidationError(f"parameter 'X' must be a pandas DataFrame, got {type(X).__name__}.")
        check_columns(X, self.features_, name="churn table")
        return self.estimator_.predict_proba(self._frame(X))

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        """Churn or not: churn probability of at least 0.5.

        Parameters
        ----------
        X : pandas.DataFrame
            Customers with the feature columns.

        Returns
        -------
        numpy.ndarray
            Boolean, True for predicted churners.
        """
        return self.predict_proba(X)[:, 1] >= 0.5

    def reasons(self, X: pd.DataFrame, top: int = 2) -> pd.DataFrame:
        """Why each customer of ``X`` is at risk: the features whose value raises their churn probability most.

        Model-agnostic: each feature in turn is set to a typical customer's value (the median, or the most
        frequent category) and the fall in the customer's predicted probability is that feature's share of
        their risk.

        Parameters
        ----------
        X : pandas.DataFrame
            Customers with the feature columns.
        top : int, default 2
            Reasons per customer.

        Returns
        -------
        pandas.DataFrame
            Per customer, ``reason_1`` .. ``reason_<top>`` (feature names; None when setting it to the typical
            value does not lower the risk) and ``risk_1`` .. (the fall in probability).
        """
        self.check_fitted()
        check_param("top", top, int, min_val=1)
        base = self.predict_proba(X)[:, 1]
        typical = {c: self._X[c].median() for c in self.numeric_}
        typical.update({c: self._X[c].mode(dropna=True).iloc[0] for c in self.categorical_})
        falls = np.column_stack([base - self.predict_proba(X.assign(**{c: typical[c]}))[:, 1]
                                 for c in self.features_])
        order = np.argsort(-falls, axis=1)[:, :top]
        out = {}
        for k in range(min(top, len(self.features_))):
            fall = falls[np.arange(len(X)), order[:, k]]
            out[f"reason_{k + 1}"] = np.where(fall > 0, np.asarray(self.features_, dtype=object)[order[:, k]], None)
            out[f"risk_{k + 1}"] = np.clip(fall, 0, None)
        return pd.DataFrame(out, index=X.index)

    # ------------------------------------------------------------------ diagnostics
    def lift_table(self, bins: int = 10) -> pd.DataFrame:
        """Held-out customers by decile of predicted churn (1 = riskiest): churn rate, lift, cumulative gain.

        Parameters
        ----------
        bins : int, default 10
            Number of groups of equal size.

        Returns
        -------
        pandas.DataFrame
            Per ``decile``: ``customers``, ``churners``, ``mean_predicted``, ``churn_rate``, ``lift`` and
            ``cumulative_gain`` (share of all churners in this and the riskier groups).
        """
        self.check_fitted()
        p = self.oof_proba_.to_numpy()
        y = self.y_.to_numpy()
        order = np.argsort(-p, kind="stable")
        dec = np.empty(len(p), dtype=int)
        dec[order] = np.arange(len(p)) * bins // len(p) + 1
        t = pd.DataFrame({"decile": dec, "p": p, "y": y}).groupby("decile").agg(
            customers=("y", "size"), churners=("y", "sum"), mean_predicted=("p", "mean"))
        t["churn_rate"] = t["churners"] / t["customers"]
        t["lift"] = t["churn_rate"] / y.mean()
        t["cumulative_gain"] = t["churners"].cumsum() / y.sum()
        return t

    def calibration_table(self, bins: int = 10) -> pd.DataFrame:
        """Held-out mean predicted vs observed churn rate, by quantile bin of the prediction.

        Parameters
        ----------
        bins : int, default 10
            Number of quantile bins (fewer when predictions tie).

        Returns
        -------
        pandas.DataFrame
            Per bin (0 = lowest prediction): ``predicted``, ``observed`` and ``customers``.
        """
        self.check_fitted()
        q = pd.qcut(self.oof_proba_, bins, labels=False, duplicates="drop")
        return pd.DataFrame({"predicted": self.oof_proba_, "observed": self.y_}).groupby(q).agg(
            predicted=("predicted", "mean"), observed=("observed", "mean"), customers=("observed", "size"))

    def permutation_importance(self, n_repeats: int = 5) -> pd.DataFrame:
        """Drop in held-out ROC AUC when a column is shuffled, averaged over the CV folds.

        Columns are the original table's (not one-hot dummies), so the result reads
        as "how much does the model rely on contract type".

        Parameters
        ----------
        n_repeats : int, default 5
            Shuffles of each column per fold.

        Returns
        -------
        pandas.DataFrame
            Per ``feature``, largest first: ``importance`` (mean drop in ROC AUC) and ``std`` across folds.
        """
        from sklearn.base import clone
        from sklearn.inspection import permutation_importance
        from sklearn.model_selection import StratifiedKFold

        self.check_fitted()
        cv = StratifiedKFold(n_splits=self.n_splits, shuffle=True, random_state=self.random_state)
        est = self._candidates()[self.chosen_]
        y = self.y_.to_numpy()
        imps = []
        for k, (tr, te) in enumerate(cv.split(self._X, y)):
            m = clone(est).fit(self._X.iloc[tr], y[tr])
            r = permutation_importance(m, self._X.iloc[te], y[te], scoring="roc_auc", n_repeats=n_repeats,
                                       random_state=self.random_state + k)
            imps.append(r.importances_mean)
        imps = np.array(imps)
        return pd.DataFrame({"importance": imps.mean(axis=0), "std": imps.std(axis=0, ddof=1)},
                            index=pd.Index(self.features_, name="feature")).sort_values("importance", ascending=False)

    def odds_ratios(self, alpha: float = 0.05) -> "OddsRatios":
        """Odds ratios with confidence intervals from an unpenalized statsmodels Logit.

        Numeric features are standardized (odds ratio per standard deviation); each category is compared with
        its reference level (:func:`reference_levels`: the grouped rare levels where there are some, else the first
        level holding both leavers and stayers). Terms a regression cannot identify (constant, a duplicate of an
        earlier term such as "No internet service" repeated across add-ons, or an exact linear combination of
        earlier ones: :func:`independent_columns`) are left out and listed in the result's ``dropped`` with the
        reason (a table like ``table``); the table's ``estimable`` is False where the interval is unbounded or
        wider than a factor of ``MAX_CI_RATIO`` (:func:`estimable`), and terms with an unbounded interval are
        listed in ``unbounded``.

        Parameters
        ----------
        alpha : float, default 0.05
            1 - coverage of the confidence intervals.

        Returns
        -------
        OddsRatios
            The table (largest odds ratio first), the terms left out and the unbounded ones.
        """
        import statsmodels.api as sm

        check_param("alpha", alpha, float, min_val=0.0, max_val=1.0, include_min=False, include_max=False)
        self.check_fitted()
        refs = reference_levels(self._X, self.categorical_, self.y_)
        pre = self._preprocessor(onehot_drop=[refs[c] for c in self.categorical_] or None).fit(self._X)
        Xd = pd.DataFrame(pre.transform(self._X), columns=[n.split("__", 1)[1] for n in pre.get_feature_names_out()],
                          index=self._X.index)
        Xd, dropped = independent_columns(Xd)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = sm.Logit(self.y_.astype(float), sm.add_constant(Xd, has_constant="add")).fit(
                disp=0, maxiter=500, method="bfgs")
            ci = res.conf_int(alpha)
            pvalues = res.pvalues
        with np.errstate(over="ignore"):   # a term the data nearly separate has an unbounded interval
            out = pd.DataFrame({"odds_ratio": np.exp(res.params), "ci_low": np.exp(ci[0]), "ci_high": np.exp(ci[1]),
                                "p_value": pvalues}).drop(index="const")
        out.index.name = "term"
        out["estimable"] = estimable(out["ci_low"], out["ci_high"], out["p_value"])
        out = out.join(term_table(self._X, out.index, self.categorical_, references=refs))
        unbounded = list(out.index[~np.isfinite(out["ci_high"])])
        left_out = term_table(self._X, list(dropped), self.categorical_, references=refs).assign(
            reason=list(dropped.values()))
        return OddsRatios(out.sort_values("odds_ratio", ascending=False), left_out, unbounded)

    def summary(self) -> pd.DataFrame:
        """The model comparison table (means and spreads across folds).

        Returns
        -------
        pandas.DataFrame
            ``cv_results_``: per model, mean and standard deviation of ROC AUC, PR AUC, Brier score and log loss.
        """
        self.check_fitted()
        return self.cv_results_
