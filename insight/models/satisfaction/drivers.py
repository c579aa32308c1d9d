"""What drives satisfaction? Key drivers with relative importance, regression coefficients and
the importance-performance map, optionally adjusted for how respondents use the scale.

Relative importance is the LMG decomposition (Lindeman, Merenda & Gold 1980; the
Shapley value of R², Grömping 2006, "Relative Importance for Linear Regression in R:
The Package relaimpo", J. Stat. Software 17(1)): each driver's average gain in R²
over all orders of entry, so the importances sum exactly to the model's R².
Johnson's (2000) relative weights are offered as ``method="johnson"``. Written here
because no maintained, lightweight Python package does it (the PyPI options are
unmaintained or pull in heavy dependencies); it is a few lines on the correlation
matrix. The regression models (OLS, ordinal logit) come from statsmodels."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd

from ..._results import Result
from ...data.cleaning import check_survey
from ...exceptions import DataValidationError
from ...validate import check_columns, check_in, plain
from .scores import check_weights

__all__ = [
    "ScaleAdjusted", "Importance", "ImportancePerformance", "MIN_R2", "QUADRANTS", "adjust_scale_usage",
    "relative_importance", "importance_performance", "KeyDrivers", "key_drivers", "compare_adjustments",
    "Adjustments",
]


#: below this R² the drivers explain too little for a ranking or a "top priority" to mean anything
MIN_R2 = 0.05


#: Importance-performance quadrants: (important?, performing well?) -> the quadrant's id (the report names it).
QUADRANTS = {(True, False): "top priority", (True, True): "keep up",
             (False, True): "sustain", (False, False): "low priority"}


# --------------------------------------------------------------------------- key drivers
@dataclass
class ScaleAdjusted(Result):
    """Answers with each respondent's scale use removed (``table``) and the respondents who gave every driver the
    same answer, only centred (``flat_respondents``).

    Attributes
    ----------
    table : pandas.DataFrame
        The survey with the outcome and driver columns adjusted (other columns as they were).
    flat_respondents : int
        Respondents with no spread over the drivers, only centred (0 with ``method="center"``).
    """

    table: pd.DataFrame
    flat_respondents: int


@dataclass
class Importance(Result):
    """Each driver's relative importance, share of R², rank and direction (``table``), the model's ``r2``, the
    respondents used (``n``) and left out for a missing answer (``n_dropped``), and the ``method``.

    Attributes
    ----------
    table : pandas.DataFrame
        Per driver (index ``driver``): ``importance`` (share of the outcome's variance), ``share`` (of R²),
        ``rank`` (1 = most important) and ``direction`` (``"+"`` or ``"-"``, the sign of its correlation).
    r2 : float
        R² of the model with every driver; the importances sum to it.
    n, n_dropped : int
        Respondents used, and left out for a missing answer.
    method : str
        ``"lmg"`` or ``"johnson"``.
    """

    table: pd.DataFrame
    r2: float
    n: int
    n_dropped: int
    method: str


@dataclass
class ImportancePerformance(Result):
    """Each driver's importance, performance and quadrant (``table``) and the two cuts between quadrants.

    Attributes
    ----------
    table : pandas.DataFrame
        Per driver: ``importance``, ``performance`` and ``quadrant`` (a value of :data:`QUADRANTS`).
    importance_cut, performance_cut : float
        The cuts between the quadrants.
    """

    table: pd.DataFrame
    importance_cut: float
    performance_cut: float


def adjust_scale_usage(df: pd.DataFrame, outcome: str, drivers: list[str], *,
                       method: str = "center") -> ScaleAdjusted:
    """Remove each respondent's scale usage (Rossi, Gilula & Allenby 2001) before a driver analysis.

    Some respondents rate everything high, others everything low or only near the
    middle. ``"center"`` subtracts each respondent's mean over the driver items from
    the outcome and the drivers; ``"standardize"`` also divides by the respondent's
    standard deviation over the drivers. The outcome is not used to estimate the
    respondent's location, so it is not forced to equal minus the sum of the drivers.
    Respondents who gave every driver the same answer have no spread: they are only
    centred, and counted in the result's ``flat_respondents``; its ``table`` holds the adjusted answers.
    The adjusted drivers sum to zero per respondent, so one driver is redundant in a
    regression: read relative importance, not coefficients, on adjusted data.

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, one row per respondent.
    outcome : str
        Column of the overall score.
    drivers : list of str
        Columns of the aspect scores (at least 2).
    method : {"center", "standardize"}, default "center"
        Subtract each respondent's mean over the drivers, or also divide by their standard deviation.

    Returns
    -------
    ScaleAdjusted
        The adjusted answers and the respondents with no spread.

    Raises
    ------
    insight.exceptions.DataValidationError
        With fewer than 2 drivers, or a column missing from ``df``.

    Examples
    --------
    >>> from insight.data.datasets import load_customer_satisfaction
    >>> df = load_customer_satisfaction()
    >>> adjusted = adjust_scale_usage(df, "q1", ["q2", "q3", "q4", "q5"], method="standardize")
    >>> adjusted.table.loc[1, ["q1", "q2", "q3", "q4", "q5"]].round(2).tolist(), adjusted.flat_respondents
    ([-1.73, 0.58, 0.58, 0.58, -1.73], 284)
    """
    check_in("method", method, ["center", "standardize"])
    check_columns(df, [outcome] + list(drivers), name="survey")
    if len(drivers) < 2:
        raise DataValidationError(f"parameter 'drivers': {len(drivers)} driver(s) {list(drivers)}; removing each "
                                  "respondent's scale use needs at least 2 (a respondent's own average over one "
                                  "aspect is that very answer).")
    X = df[drivers].astype(float)
    loc = X.mean(axis=1)
    sd = X.std(axis=1, ddof=0)
    flat = ~(sd > 0)
    scale = sd.where(~flat, 1.0) if method == "standardize" else pd.Series(1.0, index=df.index)
    out = df.copy()
    out[drivers] = X.sub(loc, axis=0).div(scale, axis=0)
    out[outcome] = (df[outcome].astype(float) - loc) / scale
    return ScaleAdjusted(out, int(flat.sum()) if method == "standardize" else 0)


def _r2_from_corr(R: np.ndarray, idx: tuple) -> float:
    if not idx:
        return 0.0
    i = list(idx)
    rxx, rxy = R[np.ix_(i, i)], R[i, -1]
    return float(rxy @ np.linalg.pinv(rxx) @ rxy)


def relative_importance(df: pd.DataFrame, outcome: str, drivers: list[str], *, method: str = "lmg",
                        weights=None) -> Importance:
    """Each driver's share of the explained variance; the importances sum to the model R².

    ``method="lmg"``: Shapley value of R² over all orders of entry (Lindeman, Merenda
    & Gold 1980; up to 15 drivers). ``"johnson"``: Johnson's (2000) relative weights.
    Rows with any missing answer are left out (counted in the result's ``n_dropped``).

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, one row per respondent.
    outcome : str
        Column of the overall score.
    drivers : list of str
        Columns of the drivers (not the outcome).
    method : {"lmg", "johnson"}, default "lmg"
        LMG (exact, up to 15 drivers) or Johnson's relative weights.
    weights : array-like, optional
        One non-negative weight per row (a weighted correlation matrix).

    Returns
    -------
    Importance
        Per driver ``importance``, ``share`` (of R²), ``rank`` and ``direction`` (sign of the driver's correlation
        with the outcome); the model's ``r2``.

    Raises
    ------
    insight.exceptions.DataValidationError
        With no driver, the outcome among the drivers, more than 15 drivers for LMG, a column all missing or
        constant, or fewer than ``len(drivers) + 2`` complete respondents.

    Examples
    --------
    >>> from insight.data.datasets import load_customer_satisfaction
    >>> imp = relative_importance(load_customer_satisfaction(), "q1", ["q2", "q3", "q4", "q5"])
    >>> imp.table["share"].round(3).tolist(), imp.table["rank"].tolist(), round(imp.r2, 3), imp.n
    ([0.195, 0.166, 0.397, 0.242], [3, 4, 1, 2], 0.648, 1811)
    """
    check_in("method", method, ["lmg", "johnson"])
    drivers = list(drivers)
    if not drivers:
        raise DataValidationError("parameter 'drivers' is empty; name at least one driver column.")
    if outcome in drivers:
        raise DataValidationError(f"column {outcome!r} is both the outcome and a driver.")
    check_columns(df, [outcome] + drivers, name="survey")
    if method == "lmg" and len(drivers) > 15:
        raise DataValidationError(f"parameter 'drivers': {len(drivers)} drivers; LMG is exact up to 15 "
                                  "(2^p regressions). Use method='johnson' for more.")
    data = df[drivers + [outcome]].apply(pd.to_numeric, errors="coerce")
    w_all = check_weights(weights, len(df), df.index)
    for c in drivers + [outcome]:
        if data[c].isna().all():
            raise DataValidationError(f"column {c!r}: all {len(df):,} answers are missing.")
    ok = data.notna().all(axis=1).to_numpy()
    if ok.sum() < len(drivers) + 2:
        raise DataValidationError(f"survey: {int(ok.sum())} complete respondent(s) for {len(drivers)} drivers; "
                                  f"at least {len(drivers) + 2} are needed.")
    cov = np.cov(data.to_numpy()[ok], rowvar=False, aweights=w_all[ok])
    sd = np.sqrt(np.diag(cov))
    if (sd == 0).any():
        c = (drivers + [outcome])[int(np.argmax(sd == 0))]
        raise DataValidationError(f"column {c!r}: every complete answer is the same "
                                  f"({plain(data.loc[ok, c].iloc[0])!r}); it cannot explain or be explained.")
    R = cov / np.outer(sd, sd)
    p = len(drivers)
    if method == "lmg":
        r2 = {(): 0.0}
        for k in range(1, p + 1):
            for s in combinations(range(p), k):
                r2[s] = _r2_from_corr(R, s)
        imp = np.zeros(p)
        for s, v in r2.items():
            k = len(s)
            if k == p:
                continue
            wt = factorial(k) * factorial(p - k - 1) / factorial(p)
            for j in set(range(p)) - set(s):
                imp[j] += wt * (r2[tuple(sorted(s + (j,)))] - v)
        total = r2[tuple(range(p))]
    else:
        rxx, rxy = R[:p, :p], R[:p, -1]
        ev, V = np.linalg.eigh(rxx)
        lam = V @ np.diag(np.sqrt(np.clip(ev, 0, None))) @ V.T
        beta = np.linalg.pinv(lam) @ rxy
        imp = (lam ** 2) @ (beta ** 2)
        total = _r2_from_corr(R, tuple(range(p)))
    out = pd.DataFrame({"importance": imp, "share": imp / total if total > 0 else np.nan}, index=pd.Index(drivers,
                                                                                                       name="driver"))
    out["rank"] = out["importance"].rank(ascending=False, method="min").astype(int)
    out["direction"] = np.where(R[:p, -1] >= 0, "+", "-")   # sign of the driver's correlation with the outcome
    return Importance(out, float(total), int(ok.sum()), int((~ok).sum()), method)


def importance_performance(importance: pd.Series, performance: pd.Series, *, importance_cut: float | None = None,
                           performance_cut: float | None = None) -> ImportancePerformance:
    """Assign each driver to a quadrant of the importance-performance map.

    Cuts default to the mean importance and the mean performance. Quadrants:
    important and below the performance cut = "top priority"; important and above =
    "keep up"; less important and above = "sustain"; less important and below =
    "low priority". A value on a cut counts as above it.

    Parameters
    ----------
    importance : pandas.Series
        Importance per driver (e.g. the ``share`` of :func:`relative_importance`).
    performance : pandas.Series
        Performance per driver (e.g. its mean score), with the same drivers as ``importance``.
    importance_cut, performance_cut : float, optional
        The cuts between quadrants; default: the mean of each.

    Returns
    -------
    ImportancePerformance
        Each driver's quadrant and the cuts used.

    Raises
    ------
    insight.exceptions.DataValidationError
        When the two Series name different drivers or a value is missing.

    Examples
    --------
    >>> ipm = importance_performance(pd.Series({"price": 0.4, "speed": 0.3, "staff": 0.1, "app": 0.2}),
    ...                              pd.Series({"price": 6.1, "speed": 8.0, "staff": 8.4, "app": 5.2}))
    >>> ipm.table
           importance  performance      quadrant
    price         0.4          6.1  top priority
    speed         0.3          8.0       keep up
    staff         0.1          8.4       sustain
    app           0.2          5.2  low priority
    >>> ipm.importance_cut, ipm.performance_cut
    (0.25, 6.925)
    """
    imp, perf = pd.Series(importance, dtype=float), pd.Series(performance, dtype=float)
    if not imp.index.equals(perf.index):
        missing = imp.index.symmetric_difference(perf.index)
        raise DataValidationError(f"importance and performance: {len(missing)} driver(s) in only one of them; "
                                  f"e.g. {missing[0]!r}.")
    for name, s in (("importance", imp), ("performance", perf)):
        if s.isna().any():
            raise DataValidationError(f"parameter {name!r}: {int(s.isna().sum())} of {len(s)} values are missing; "
                                      f"e.g. driver {s.index[s.isna()][0]!r}.")
    ic = float(imp.mean()) if importance_cut is None else importance_cut
    pc = float(perf.mean()) if performance_cut is None else performance_cut
    out = pd.DataFrame({"importance": imp, "performance": perf})
    out["quadrant"] = [QUADRANTS[(bool(i >= ic), bool(p >= pc))] for i, p in zip(imp, perf)]
    return ImportancePerformance(out, ic, pc)


@dataclass
class KeyDrivers(Result):
    """Result of :func:`key_drivers`.

    Attributes
    ----------
    outcome : str
        Column of the overall score.
    importance : pandas.DataFrame
        Relative importance per driver (``importance``, ``share``, ``rank``, ``direction``; sums to ``r2``).
    r2 : float
        R² of the relative-importance model (on the adjusted answers when ``adjust`` is not "none").
    ols : pandas.DataFrame
        OLS coefficients on the raw answers: ``coefficient``, ``low``, ``high``, ``p_value``.
    ordinal : pandas.DataFrame or None
        Ordinal-logit ``coefficient``, ``low``, ``high``, ``p_value`` and ``odds_ratio``; None when not fitted.
    map : ImportancePerformance
        The importance-performance map (importance = share of R², performance = mean raw score).
    n, n_dropped : int
        Respondents used, and left out for a missing answer.
    adjust : str
        The scale-usage adjustment: "none", "center" or "standardize".
    labels : dict
        Readable label per column, as given.
    f_pvalue : float
        p-value of the OLS fit's F-test: do the drivers explain anything at all?
    """

    outcome: str
    importance: pd.DataFrame          # relative importance (sums to r2), rank
    r2: float
    ols: pd.DataFrame                 # coefficient, low, high, p_value (raw scores)
    ordinal: pd.DataFrame | None      # ordinal-logit coefficient, low, high, p_value, odds_ratio
    map: ImportancePerformance        # importance (share of R²), performance (mean), quadrant; and the cuts
    n: int
    n_dropped: int
    adjust: str
    labels: dict = field(default_factory=dict)
    f_pvalue: float = 0.0             # F-test of the OLS fit: do the drivers explain anything at all?

    def ranking(self) -> list[str]:
        """Drivers from most to least important.

        Returns
        -------
        list of str
            The driver columns.
        """
        return list(self.importance.sort_values("importance", ascending=False).index)

    @property
    def explains_little(self) -> bool:
        """True when the drivers explain too little of the outcome for a ranking to mean anything:
        R² below :data:`MIN_R2`, or the regression's F-test not significant at 5%."""
        return self.r2 < MIN_R2 or not self.f_pvalue < 0.05

    def top_priority(self) -> list[str]:
        """The drivers to act on first: important and scoring below the performance cut (none when the drivers
        explain little).

        Returns
        -------
        list of str
            The driver columns in the "top priority" quadrant; empty when ``explains_little``.
        """
        if self.explains_little:
            return []
        quadrant = self.map.table["quadrant"]
        return list(quadrant.index[quadrant == "top priority"])

    @property
    def table(self) -> pd.DataFrame:
        """The relative importance of each driver (what ``summary`` shows)."""
        return self.importance


def key_drivers(df: pd.DataFrame, outcome: str, drivers: list[str], *, scale: tuple[int, int] | dict = (1, 10),
                adjust: str = "none", method: str = "lmg", weights=None, ordinal: bool = True,
                confidence: float = 0.95, labels: dict | None = None) -> KeyDrivers:
    """Key-driver analysis of an overall score on aspect scores.

    Relative importance (:func:`relative_importance`) on raw or scale-adjusted
    answers (``adjust``: "none", "center", "standardize"; see
    :func:`adjust_scale_usage`); OLS coefficients (weighted least squares when
    weighted) and ordinal-logit coefficients (statsmodels ``OrderedModel``,
    unweighted) on the raw answers, with intervals; and the importance-performance
    map, where performance is each driver's mean raw score. ``scale`` is one (low, high) or a dict column ->
    (low, high) when the outcome and the drivers each have their own.

    A two-valued outcome (satisfied or not, scored on a two-point scale) is a share: relative importance and OLS
    are then the linear probability model's (the coefficient is the change in the share per point of a driver)
    and the ordinal logit with two answers is the logistic regression (its odds ratios).

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, one row per respondent.
    outcome : str
        Column of the overall score.
    drivers : list of str
        Columns of the aspect scores.
    scale : tuple of int or dict, default (1, 10)
        (low, high) of every column, or a dict column -> (low, high).
    adjust : {"none", "center", "standardize"}, default "none"
        Scale-usage adjustment of the answers before relative importance.
    method : {"lmg", "johnson"}, default "lmg"
        Relative-importance method (:func:`relative_importance`).
    weights : array-like, optional
        One non-negative weight per row (relative importance, OLS and performance are weighted).
    ordinal : bool, default True
        Whether to fit the ordinal logit too.
    confidence : float, default 0.95
        Confidence level of the coefficients' intervals.
    labels : dict, optional
        Readable label per column, kept in the result for reports.

    Returns
    -------
    KeyDrivers
        Importance, coefficients and the importance-performance map.

    Examples
    --------
    >>> from insight.data.datasets import load_customer_satisfaction
    >>> df = load_customer_satisfaction().head(300)
    >>> kd = key_drivers(df, "q1", ["q2", "q3", "q4", "q5"], scale=(1, 10))
    >>> kd.ranking(), kd.top_priority(), round(kd.r2, 3)
    (['q4', 'q5', 'q2', 'q3'], ['q4'], 0.666)
    >>> kd.ols["coefficient"].round(2).tolist(), kd.ordinal["odds_ratio"].round(2).tolist()
    ([-0.01, -0.02, 0.56, 0.31], [1.02, 1.01, 1.96, 1.41])
    """
    import statsmodels.api as sm

    check_in("adjust", adjust, ["none", "center", "standardize"])
    drivers = list(drivers)
    data = check_survey(df, [outcome] + drivers, scale=scale, name="survey")
    w = check_weights(weights, len(df), df.index)
    adj = data if adjust == "none" else adjust_scale_usage(data, outcome, drivers, method=adjust).table
    importance = relative_importance(adj, outcome, drivers, method=method, weights=w)
    imp = importance.table
    ok = data[[outcome] + drivers].notna().all(axis=1).to_numpy()
    X = sm.add_constant(data.loc[ok, drivers])
    alpha = 1 - confidence
    fit = sm.WLS(data.loc[ok, outcome], X, weights=w[ok]).fit()
    ci = fit.conf_int(alpha)
    ols = pd.DataFrame({"coefficient": fit.params, "low": ci[0], "high": ci[1], "p_value": fit.pvalues}).loc[drivers]
    ordered = None
    if ordinal:
        import warnings

        from statsmodels.miscmodels.ordinal_model import OrderedModel

        y = data.loc[ok, outcome].astype(int)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            om = OrderedModel(pd.Categorical(y, ordered=True), data.loc[ok, drivers], distr="logit").fit(
                method="bfgs", disp=False, maxiter=500)
        oci = om.conf_int(alpha)
        ordered = pd.DataFrame({"coefficient": om.params, "low": oci[0], "high": oci[1],
                                "p_value": om.pvalues}).loc[drivers]
        ordered["odds_ratio"] = np.exp(ordered["coefficient"])
    perf = pd.Series({d: float(np.average(data.loc[data[d].notna(), d], weights=w[data[d].notna().to_numpy()]))
                      for d in drivers})
    ipm = importance_performance(imp["share"], perf)
    return KeyDrivers(outcome, imp, importance.r2, ols, ordered, ipm, importance.n, importance.n_dropped,
                      adjust, dict(labels or {}), float(fit.f_pvalue))


@dataclass
class Adjustments(Result):
    """Driver ranks and shares under each scale-usage adjustment (``table``) and each model's R² (``r2``).

    Attributes
    ----------
    table : pandas.DataFrame
        Per driver (by label), columns (adjustment, ``"share"`` / ``"rank"`` / ``"direction"``) for the adjustments
        "none", "center" and "standardize"; sorted by the unadjusted rank.
    r2 : dict
        Adjustment -> R² of its model.
    """

    table: pd.DataFrame
    r2: dict

    def moved(self, adjust: str) -> pd.Series:
        """How many places each driver's rank moves between no adjustment and ``adjust``.

        Parameters
        ----------
        adjust : {"center", "standardize"}
            The adjustment compared with none.

        Returns
        -------
        pandas.Series
            Places moved (absolute rank difference) per driver.
        """
        return (self.table[("none", "rank")] - self.table[(adjust, "rank")]).abs()

    def ranking_survives(self, adjust: str) -> bool:
        """Whether the ranking of the drivers survives the scale-usage adjustment ``adjust``: the most important
        driver stays first. When it does not, the ranking says more about how respondents use the scale than about
        what matters to them, and no priority should be named. (On the demo company, whose post-purchase
        touchpoints drive satisfaction by design, the first driver stays first while lesser ones trade places; on
        the Yellow Pages survey every aspect changes rank.)

        Parameters
        ----------
        adjust : {"center", "standardize"}
            The adjustment compared with none.

        Returns
        -------
        bool
            True when the unadjusted first driver is also first (ties included) under ``adjust``.
        """
        ranks = self.table[(adjust, "rank")]
        first = self.table[("none", "rank")].idxmin()
        return bool(ranks[first] == ranks.min())


def compare_adjustments(df: pd.DataFrame, outcome: str, drivers: list[str], *, scale: tuple[int, int] | dict = (1, 10),
                        method: str = "lmg", weights=None, labels: dict | None = None) -> Adjustments:
    """Driver ranks and importance shares with no, centred and standardized scale-usage adjustment.

    The result's ``table`` has columns (adjustment, "share" / "rank" / "direction"); its ``r2``
    each model's R². After adjustment an aspect's direction can be "-": rating it above
    one's own average goes with an overall score below one's own average, which is
    what an aspect that matters less than the average aspect looks like once the
    respondent's scale use is removed.

    Parameters
    ----------
    df : pandas.DataFrame
        Survey answers, one row per respondent.
    outcome : str
        Column of the overall score.
    drivers : list of str
        Columns of the aspect scores.
    scale : tuple of int or dict, default (1, 10)
        (low, high) of every column, or a dict column -> (low, high).
    method : {"lmg", "johnson"}, default "lmg"
        Relative-importance method.
    weights : array-like, optional
        One non-negative weight per row.
    labels : dict, optional
        Readable label per driver column, used as the table's index.

    Returns
    -------
    Adjustments
        Shares, ranks and directions per adjustment, and each model's R².

    Examples
    --------
    >>> from insight.data.datasets import load_customer_satisfaction
    >>> adj = compare_adjustments(load_customer_satisfaction(), "q1", ["q2", "q3", "q4", "q5"], scale=(1, 10))
    >>> list(adj.table.index), adj.table[("standardize", "rank")].tolist()
    (['q4', 'q5', 'q2', 'q3'], [3, 2, 4, 1])
    >>> adj.moved("standardize").tolist(), adj.ranking_survives("center"), adj.ranking_survives("standardize")
    ([2, 0, 1, 3], True, False)
    """
    out, r2 = {}, {}
    for adj in ("none", "center", "standardize"):
        kd = key_drivers(df, outcome, drivers, scale=scale, adjust=adj, method=method, weights=weights, ordinal=False)
        out[(adj, "share")] = kd.importance["share"]
        out[(adj, "rank")] = kd.importance["rank"]
        out[(adj, "direction")] = kd.importance["direction"]
        r2[adj] = kd.r2
    table = pd.DataFrame(out)
    table.index = pd.Index([(labels or {}).get(d, d) for d in table.index], name="driver")
    return Adjustments(table.sort_values(("none", "rank")), r2)
