"""How long do customers stay? Kaplan-Meier retention curves with the number at risk, the
log-rank test between groups, and a Cox proportional-hazards model.

All on statsmodels: :func:`kaplan_meier` (``SurvfuncRight``), :func:`logrank` (``survdiff``),
:func:`cox_model` (``PHReg``) with a proportional-hazards check from Schoenfeld residuals.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._results import Result
from ..exceptions import DataValidationError, StatisticalWarning
from ..parsers import to_bool
from ..validate import check_columns, plain
from .churn import binary_target
from .design import (GROUPING_COLUMNS, dummies, estimable, frequent_levels, group_rare, grouping_row,
                     independent_columns, reference_levels, term_table)

__all__ = ["SurvivalCurve", "kaplan_meier", "number_at_risk", "logrank", "cox_covariates", "CoxResult", "cox_model"]


# --------------------------------------------------------------------------- survival
def _surv_inputs(df, duration_col, event_col, positive=None):
    check_columns(df, [duration_col, event_col], name="survival table")
    t = pd.to_numeric(df[duration_col], errors="coerce")
    bad = t.isna() | (t < 0)
    if bad.any():
        raise DataValidationError(f"column {duration_col!r}: {int(bad.sum())} of {len(t)} rows are missing, not "
                                  f"numbers or negative; e.g. {plain(df.loc[bad, duration_col].iloc[0])!r}.")
    if df[event_col].nunique() > 1:
        e = binary_target(df[event_col], event_col, positive)
    elif positive is not None:   # one value only: an event when it is the positive one
        e = binary_target(pd.concat([df[event_col], pd.Series([positive])]), event_col, positive).iloc[:-1]
    else:                        # "No" everywhere is no event, never bool("No") == True
        e = to_bool(df[event_col], event_col)
    return t.to_numpy(dtype=float), e.to_numpy(dtype=float)


@dataclass
class SurvivalCurve(Result):
    """One Kaplan-Meier retention curve, from :func:`kaplan_meier`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per event time: ``time``, ``retention``, ``ci_low``, ``ci_high`` (pointwise log-log band) and
        ``at_risk``.
    median : float
        The median lifetime, in the duration's unit (NaN when retention never falls to 50 %).
    n : int
        Customers.
    events : int
        Customers who left.
    durations : numpy.ndarray
        Their durations, sorted.
    """

    table: pd.DataFrame
    median: float
    n: int
    events: int
    durations: np.ndarray


def kaplan_meier(df: pd.DataFrame, duration_col: str, event_col: str, group_col: str | None = None,
                 positive=None, alpha: float = 0.05) -> dict:
    """Kaplan-Meier retention curves (statsmodels ``SurvfuncRight``), overall or per group.

    Returns ``{group: SurvivalCurve}``, each with its ``table`` (time, retention, ci_low, ci_high,
    at_risk; a pointwise log-log confidence band), the ``median`` lifetime (NaN when retention
    never falls to 50 %), customers ``n``, ``events`` and the sorted ``durations``.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per customer.
    duration_col : str
        Time with the company (e.g. months of tenure); non-negative numbers.
    event_col : str
        Whether the customer left (churn) or is still there (censored): yes/no, true/false or 1/0.
    group_col : str, optional
        Column whose groups get a curve each (None: one curve, "all").
    positive : str, bool or int, optional
        The value of ``event_col`` marking a departure; None detects it.
    alpha : float, default 0.05
        1 - coverage of the confidence band.

    Returns
    -------
    dict
        Group (as a string) -> :class:`SurvivalCurve`.

    See Also
    --------
    logrank : whether the groups' curves differ.
    number_at_risk : customers still there at chosen times.

    Examples
    --------
    >>> from insight.data.datasets import load_telco_churn
    >>> telco = load_telco_churn()
    >>> from insight.models.survival import kaplan_meier
    >>> curves = kaplan_meier(telco, "tenure", "churn", group_col="contract")
    >>> list(curves)
    ['Month-to-month', 'One year', 'Two year']
    >>> month = curves["Month-to-month"]
    >>> month.n, month.events, month.median
    (3875, 1655, 35.0)
    >>> month.table.round(3).head(2)
       time  retention  ci_low  ci_high  at_risk
    0   1.0      0.902   0.892    0.911     3875
    1   2.0      0.869   0.857    0.879     3271
    """
    from statsmodels.duration.survfunc import SurvfuncRight

    t, e = _surv_inputs(df, duration_col, event_col, positive)
    if group_col is not None:
        check_columns(df, [group_col], name="survival table")
    groups = {"all": np.ones(len(t), bool)} if group_col is None else \
        {str(g): (df[group_col] == g).to_numpy() for g in pd.unique(df[group_col].dropna())}
    z = __import__("scipy.stats").stats.norm.ppf(1 - alpha / 2)
    out = {}
    for g, m in groups.items():
        sf = SurvfuncRight(t[m], e[m])
        s = sf.surv_prob
        with np.errstate(divide="ignore", invalid="ignore"):
            se_log = sf.surv_prob_se / (s * np.abs(np.log(s)))
            lo = s ** np.exp(z * se_log)
            hi = s ** np.exp(-z * se_log)
        frame = pd.DataFrame({"time": sf.surv_times, "retention": s, "ci_low": np.where(np.isfinite(lo), lo, s),
                              "ci_high": np.where(np.isfinite(hi), hi, s), "at_risk": sf.n_risk})
        if frame.empty:   # no one left in this group: retention stays at 100% (statsmodels gives no rows)
            frame = pd.DataFrame({"time": [0.0], "retention": [1.0], "ci_low": [1.0], "ci_high": [1.0],
                                  "at_risk": [int(m.sum())]})
        median = float(sf.quantile(0.5)) if (s <= 0.5).any() else float("nan")
        out[g] = SurvivalCurve(frame, median, int(m.sum()), int(e[m].sum()), np.sort(t[m]))
    return out


def number_at_risk(curves: dict, times) -> pd.DataFrame:
    """Customers still at risk (time with the company >= t) at each of ``times``, per group of :func:`kaplan_meier`.

    Counted from the durations themselves, not read off the curve's event times (which
    would skip customers censored between an event and t).

    Parameters
    ----------
    curves : dict
        Group -> :class:`SurvivalCurve`, from :func:`kaplan_meier`.
    times : array_like
        Times, in the duration's unit.

    Returns
    -------
    pandas.DataFrame
        One row per group, one column per time: the number of customers at risk.

    Examples
    --------
    >>> from insight.data.datasets import load_telco_churn
    >>> telco = load_telco_churn()
    >>> from insight.models.survival import kaplan_meier, number_at_risk
    >>> number_at_risk(kaplan_meier(telco, "tenure", "churn", group_col="contract"), [0, 12, 24, 48])
    time            0.0   12.0  24.0  48.0
    Month-to-month  3875  1967  1202   357
    One year        1473  1371  1172   662
    Two year        1695  1636  1553  1284
    """
    times = np.asarray(times, dtype=float)
    return pd.DataFrame({g: len(f.durations) - np.searchsorted(f.durations, times, side="left")
                         for g, f in curves.items()}, index=pd.Index(times, name="time")).T


def logrank(df: pd.DataFrame, duration_col: str, event_col: str, group_col: str, positive=None) -> dict:
    """Log-rank test that retention curves of ``group_col`` differ (statsmodels ``survdiff``).

    Parameters
    ----------
    df : pandas.DataFrame
        One row per customer.
    duration_col : str
        Time with the company; non-negative numbers.
    event_col : str
        Whether the customer left: yes/no, true/false or 1/0.
    group_col : str
        Column of the groups compared (at least 2).
    positive : str, bool or int, optional
        The value of ``event_col`` marking a departure; None detects it.

    Returns
    -------
    dict
        ``chi2`` (the statistic), ``df`` (groups - 1) and ``p_value``.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``group_col`` has fewer than 2 groups, or a column is missing or unusable.

    Examples
    --------
    >>> from insight.data.datasets import load_telco_churn
    >>> telco = load_telco_churn()
    >>> from insight.models.survival import logrank
    >>> test = logrank(telco, "tenure", "churn", "contract")
    >>> round(test["chi2"], 1), test["df"], test["p_value"]
    (2352.9, 2, 0.0)
    """
    from statsmodels.duration.survfunc import survdiff

    t, e = _surv_inputs(df, duration_col, event_col, positive)
    check_columns(df, [group_col], name="survival table")
    g = df[group_col].astype(str).to_numpy()
    if len(set(g)) < 2:
        raise DataValidationError(f"column {group_col!r}: 1 group; the log-rank test needs at least 2.")
    chi2, p = survdiff(t, e, g)
    return {"chi2": float(chi2), "df": len(set(g)) - 1, "p_value": float(p)}


def cox_covariates(table: pd.DataFrame, importance: pd.DataFrame, duration_col: str, k: int = 4,
                   max_corr: float = 0.7) -> list[str]:
    """The ``k`` most important features usable as Cox covariates.

    Leaves out the duration itself and numeric features correlated with it beyond
    ``max_corr`` (e.g. total charges ~ tenure x monthly charges), which would put
    the time axis on both sides of the model.

    Parameters
    ----------
    table : pandas.DataFrame
        The customer table.
    importance : pandas.DataFrame
        Features in order of importance (its index), e.g. from
        :meth:`insight.models.churn.ChurnModel.permutation_importance`.
    duration_col : str
        The duration column.
    k : int, default 4
        Covariates wanted.
    max_corr : float, default 0.7
        Largest absolute correlation of a numeric feature with the duration.

    Returns
    -------
    list of str
        At most ``k`` feature names, most important first.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.data.datasets import load_telco_churn
    >>> telco = load_telco_churn()
    >>> from insight.models.survival import cox_covariates
    >>> importance = pd.DataFrame(index=["tenure", "contract", "total_charges", "monthly_charges", "internet_service"])
    >>> cox_covariates(telco, importance, "tenure", k=3)
    ['contract', 'monthly_charges', 'internet_service']
    """
    check_columns(table, [duration_col], name="survival table")
    t = pd.to_numeric(table[duration_col], errors="coerce")
    out = []
    for f in importance.index:
        if f == duration_col or f not in table.columns:
            continue
        col = table[f]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            if abs(pd.to_numeric(col, errors="coerce").corr(t)) > max_corr:
                continue
        out.append(f)
        if len(out) == k:
            break
    return out


@dataclass
class CoxResult:
    """Cox proportional hazards fit with its proportional-hazards check, and the terms left out of it.

    Attributes
    ----------
    hazard_ratios : pandas.DataFrame
        Per term: ``hazard_ratio``, ``ci_low``, ``ci_high``, ``p_value``, ``estimable`` and what the term means
        (``feature``, ``level``, ``reference``, ``scale``).
    ph_test : pandas.DataFrame
        Per term: ``rho`` and ``p_value`` of its Schoenfeld residuals against the rank of event time.
    results : statsmodels.duration.hazard_regression.PHRegResults
        The statsmodels results.
    dropped : pandas.DataFrame
        Terms left out, with their ``reason`` (constant, duplicate or collinear).
    grouped : pandas.DataFrame
        Per categorical covariate whose rare levels were grouped: ``levels``, ``kept``, ``grouped``, ``customers``.
    """

    hazard_ratios: pd.DataFrame   # term: hazard_ratio, ci_low, ci_high, p_value, estimable, feature, level, reference,
    #                               scale
    ph_test: pd.DataFrame         # term, rho, p_value (Schoenfeld residuals vs rank of time)
    results: object               # statsmodels PHRegResults
    dropped: pd.DataFrame = field(default_factory=pd.DataFrame)   # terms left out: reason, feature, level, ...
    grouped: pd.DataFrame = field(default_factory=pd.DataFrame)   # per covariate: levels, kept, grouped, customers

    def violations(self, alpha: float = 0.05) -> list:
        """The terms whose Schoenfeld residuals trend with time (proportional hazards violated at ``alpha``).

        Parameters
        ----------
        alpha : float, default 0.05
            Significance level of the test.

        Returns
        -------
        list of str
            The terms (rows of ``ph_test``) with a p-value below ``alpha``.
        """
        return list(self.ph_test.index[self.ph_test["p_value"] < alpha])


def _cox_design(df: pd.DataFrame, covariates: list[str], e: np.ndarray, min_level_count: int, max_levels: int):
    """The Cox model's design: categories with their rare levels grouped and compared with a reference level that
    has events, numbers as they are; then the terms a regression cannot identify left out."""
    X = df[covariates].copy()
    cats = [c for c in covariates if not pd.api.types.is_numeric_dtype(X[c]) and not pd.api.types.is_bool_dtype(X[c])]
    rows = []
    for c in cats:
        s = X[c].astype(object).where(X[c].notna(), np.nan)
        kept = frequent_levels(s, c, min_level_count, max_levels)
        if kept is not None:
            rows.append(grouping_row(c, s, kept))
        X[c] = group_rare(s, kept)
    refs = reference_levels(X, cats, e == 1)
    D = dummies(X, cats, refs)
    if D.isna().any().any():
        c = D.columns[D.isna().any()][0]
        raise DataValidationError(f"column {c!r}: {int(D[c].isna().sum())} missing values; impute or drop them first.")
    D, dropped = independent_columns(D)
    if D.shape[1] == 0:
        raise DataValidationError(f"parameter 'covariates': no term left to fit; all {len(dropped)} are constant or "
                                  f"repeat other terms, e.g. {next(iter(dropped), covariates[0])!r}.")
    grouped = pd.DataFrame(rows, columns=GROUPING_COLUMNS).set_index("feature")
    return D, cats, refs, dropped, grouped


def cox_model(df: pd.DataFrame, duration_col: str, event_col: str, covariates: list[str],
              positive=None, alpha: float = 0.05, min_level_count: int = 30, max_levels: int = 10) -> CoxResult:
    """Cox model (statsmodels ``PHReg``, Efron ties) with hazard ratios and a PH check.

    Categorical covariates are one-hot encoded against a reference level
    (:func:`~insight.models.design.reference_levels`: their grouped rare levels when there are some,
    :func:`~insight.models.design.frequent_levels`, else the first level with events); numeric ones enter as
    they are (hazard ratio per unit). Terms a regression cannot identify (constant, duplicate or collinear) are
    left out and listed in the result's ``dropped`` (with the ``reason``); a hazard ratio whose interval says
    nothing has ``estimable`` False. The PH check correlates each term's Schoenfeld residuals with the rank of
    event time (as R's ``cox.zph`` with a rank transform) and tests the correlation. A fit that fails even so
    raises :class:`~insight.exceptions.DataValidationError` saying why.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per customer.
    duration_col : str
        Time with the company; non-negative numbers.
    event_col : str
        Whether the customer left: yes/no, true/false or 1/0.
    covariates : list of str
        Covariate columns (see :func:`cox_covariates`).
    positive : str, bool or int, optional
        The value of ``event_col`` marking a departure; None detects it.
    alpha : float, default 0.05
        1 - coverage of the intervals, and the level of the PH check.
    min_level_count, max_levels : int, default 30, 10
        A category's levels held by fewer customers, or beyond its ``max_levels`` most frequent, are grouped.

    Returns
    -------
    CoxResult
        Hazard ratios, the PH check and the terms left out.

    Raises
    ------
    insight.exceptions.DataValidationError
        When ``covariates`` is empty, no customer has an event, a covariate has missing values, no term is left,
        or the fit fails (nearly collinear terms).

    Warns
    -----
    insight.exceptions.StatisticalWarning
        When proportional hazards look violated for some term.

    Examples
    --------
    >>> import warnings
    >>> from insight.data.datasets import load_telco_churn
    >>> telco = load_telco_churn()
    >>> from insight.models.survival import cox_model
    >>> with warnings.catch_warnings(record=True):    # proportional hazards look violated: a StatisticalWarning
    ...     cox = cox_model(telco, "tenure", "churn", ["contract", "monthly_charges"])
    >>> cox.hazard_ratios[["hazard_ratio", "ci_low", "ci_high"]].round(3)
                       hazard_ratio  ci_low  ci_high
    term
    contract_One year         0.112   0.095    0.132
    contract_Two year         0.015   0.011    0.020
    monthly_charges           1.000   0.998    1.002
    >>> cox.violations()
    ['contract_One year', 'contract_Two year', 'monthly_charges']
    """
    import statsmodels.api as sm

    t, e = _surv_inputs(df, duration_col, event_col, positive)
    if isinstance(covariates, str) or not len(covariates):
        raise DataValidationError(f"parameter 'covariates' == {covariates!r}: must be a non-empty list of columns.")
    check_columns(df, covariates, name="survival table")
    if e.sum() == 0:
        raise DataValidationError(f"column {event_col!r}: 0 of {len(e)} customers have an event; a Cox model needs "
                                  "some.")
    X, cats, refs, dropped, grouped = _cox_design(df, list(covariates), e, min_level_count, max_levels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = sm.PHReg(t, X.to_numpy(), status=e, ties="efron").fit()
            ci = res.conf_int(alpha)
    except np.linalg.LinAlgError as exc:
        raise DataValidationError(f"parameter 'covariates' == {list(covariates)!r}: the Cox model cannot be fitted "
                                  f"on these {len(t):,} customers ({exc}); the {X.shape[1]} terms are nearly "
                                  "collinear or some level has (almost) no events.") from None
    with np.errstate(over="ignore", invalid="ignore"):
        hr = pd.DataFrame({"hazard_ratio": np.exp(res.params), "ci_low": np.exp(ci[:, 0]),
                           "ci_high": np.exp(ci[:, 1]), "p_value": res.pvalues}, index=pd.Index(X.columns, name="term"))
    hr["estimable"] = estimable(hr["ci_low"], hr["ci_high"], hr["p_value"])
    hr = hr.join(term_table(df, hr.index, cats, per="unit", references=refs))
    left_out = term_table(df, list(dropped), cats, per="unit", references=refs).assign(reason=list(dropped.values()))
    ph = _ph_test(res, X.columns, t, e)
    if (ph["p_value"] < alpha).any():
        warnings.warn("proportional hazards look violated for " + ", ".join(ph.index[ph["p_value"] < alpha][:5])
                      + "; see CoxResult.ph_test.", StatisticalWarning, stacklevel=2)
    return CoxResult(hr, ph, res, left_out, grouped)


def _ph_test(res, terms, t: np.ndarray, e: np.ndarray) -> pd.DataFrame:
    """Each term's Schoenfeld residuals against the rank of event time: correlation and its p-value."""
    from scipy import stats

    sch = res.schoenfeld_residuals
    ev = e == 1
    rows = []
    for j, name in enumerate(terms):
        r = sch[ev, j]
        ok = np.isfinite(r)
        rank = stats.rankdata(t[ev][ok])
        if ok.sum() > 3 and np.std(r[ok]) > 0:
            rho, p = stats.pearsonr(r[ok], rank)
        else:
            rho, p = np.nan, np.nan
        rows.append((name, rho, p))
    return pd.DataFrame(rows, columns=["term", "rho", "p_value"]).set_index("term")
