"""How satisfied are customers, what drives it, and where should we act?

The five ways of measuring satisfaction in DESIGN.md, each with its uncertainty:

* scores: :func:`nps` (analytic interval of the promoter-minus-detractor difference,
  checked by :func:`nps_bootstrap`), :func:`csat` (mean and top-box share with
  Wilson intervals), :func:`share` ("would buy again"), all by group and over time
  with a test of whether groups differ (:func:`scores_by_group`, :func:`trend`);
* key drivers: :func:`key_drivers` (relative importance that sums to R², OLS and
  ordinal-logit coefficients, the importance-performance map) with an optional
  per-respondent scale-usage adjustment (:func:`adjust_scale_usage`);
* the four satisfaction levels from promised vs delivered (:func:`satisfaction_levels`);
* service speed (:func:`response_times`, :func:`speed_vs_satisfaction`);
* complaints and recovery (:func:`complaint_rates`, :func:`complaint_recovery`);
* touchpoints (:func:`touchpoints`).

Every function that summarises answers takes optional ``weights`` (for example the
design weights of :func:`insight.retention.survey_sample`); intervals then use
Kish's effective sample size (sum w)² / sum w².

Relative importance is the LMG decomposition (Lindeman, Merenda & Gold 1980; the
Shapley value of R², Grömping 2006, "Relative Importance for Linear Regression in R:
The Package relaimpo", J. Stat. Software 17(1)): each driver's average gain in R²
over all orders of entry, so the importances sum exactly to the model's R².
Johnson's (2000) relative weights are offered as ``method="johnson"``. Written here
because no maintained, lightweight Python package does it (the PyPI options are
unmaintained or pull in heavy dependencies); it is a few lines on the correlation
matrix. Wilson intervals, tests and the regression models come from statsmodels
and scipy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd

from ..exceptions import DataValidationError
from ..formats import number, pvalue
from ..validate import _plain, check_columns, check_in, check_param, check_survey, to_bool

__all__ = [
    "nps", "nps_bootstrap", "wilson_interval", "csat", "share", "scores_by_group", "trend",
    "adjust_scale_usage", "relative_importance", "importance_performance", "key_drivers", "compare_adjustments",
    "KeyDrivers", "LEVELS", "satisfaction_levels", "repurchase_within", "recently_active", "response_times", "speed_vs_satisfaction",
    "complaint_rates", "complaint_recovery", "Recovery", "touchpoints", "Touchpoints", "QUADRANTS", "MIN_R2",
    "score_table", "order_levels", "OrderLevels", "tests_sentence", "adjustment_sentence", "speed_sentence",
]

#: below this R² the drivers explain too little for a ranking or a "top priority" to mean anything
MIN_R2 = 0.05

#: Importance-performance quadrants: (important?, performing well?) -> name.
QUADRANTS = {(True, False): "top priority", (True, True): "keep up",
             (False, True): "sustain", (False, False): "low priority"}

#: The four levels of satisfaction (DESIGN.md), after "below expectations".
LEVELS = ["below expectations", "meet", "exceed", "delight", "amaze"]


# --------------------------------------------------------------------------- helpers
def _z(confidence: float) -> float:
    from scipy.stats import norm

    check_param("confidence", confidence, float, min_val=0.5, max_val=1.0, include_max=False)
    return float(norm.ppf(0.5 + confidence / 2))


def _weights(weights, n: int, index=None) -> np.ndarray:
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
                                  f"or negative; e.g. {_plain(w[bad][0])!r}.")
    if not w.sum() > 0:
        raise DataValidationError("parameter 'weights': all weights are 0.")
    return w


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
    w = _weights(weights, len(s), s.index)
    ok = s.notna().to_numpy()
    if not ok.any():
        raise DataValidationError(f"column {col!r}: all {len(s):,} answers are missing.")
    return s.to_numpy(dtype=float)[ok], w[ok], int((~ok).sum())


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion (``n`` may be an effective, non-integer size)."""
    from statsmodels.stats.proportion import proportion_confint

    check_param("n", n, float, min_val=0, include_min=False)
    check_param("successes", successes, float, min_val=0, max_val=n)
    _z(confidence)
    lo, hi = proportion_confint(successes, n, alpha=1 - confidence, method="wilson")
    return float(lo), float(hi)


# --------------------------------------------------------------------------- scores
def nps(scores, *, weights=None, confidence: float = 0.95) -> pd.Series:
    """Net Promoter Score (-100..100) with an adjusted-Wald confidence interval.

    Promoters answer 9-10, detractors 0-6; answers must be whole numbers 0-10. NPS =
    100 (p_P - p_D). The interval is the adjusted Wald of Rocks (2016), "Interval
    Estimation for the 'Net Promoter Score'", The American Statistician 70(4): three
    pseudo-answers are added (3/4 promoter, 3/4 detractor, 3/2 passive) before the
    multinomial variance (p_P + p_D - (p_P - p_D)^2) / n is taken, so a handful of
    answers never gives a zero-width interval (the plain Wald gives [100, 100] for
    one promoter). n is the effective sample size when weighted. Missing answers are
    left out and counted in ``missing``.
    """
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
    return pd.Series({"nps": 100 * d, "low": 100 * max(d_adj - z * se, -1), "high": 100 * min(d_adj + z * se, 1),
                      "se": 100 * se, "promoters": p_p, "passives": 1 - p_p - p_d, "detractors": p_d,
                      "n": len(x), "n_effective": n_eff, "missing": missing}, name="NPS")


def nps_bootstrap(scores, *, weights=None, confidence: float = 0.95, n_boot: int = 2000,
                  seed: int = 0) -> tuple[float, float]:
    """Percentile bootstrap interval of the NPS (a check on :func:`nps`'s analytic interval)."""
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


def csat(scores, *, scale: tuple[int, int] = (1, 5), top_box: int = 2, weights=None,
         confidence: float = 0.95, integer: bool = True) -> pd.Series:
    """CSAT: mean score (t interval) and top-box share (answers in the top ``top_box`` points, Wilson interval)."""
    from scipy.stats import t as t_dist

    check_param("top_box", top_box, int, min_val=1, max_val=scale[1] - scale[0])
    x, w, missing = _values(scores, "csat", scale, weights, integer)
    n_eff = _n_eff(w)
    mean = float(np.average(x, weights=w))
    sd = float(np.sqrt(np.average((x - mean) ** 2, weights=w) * n_eff / max(n_eff - 1, 1)))
    _z(confidence)
    half = float(t_dist.ppf(0.5 + confidence / 2, max(n_eff - 1, 1)) * sd / np.sqrt(n_eff))
    top = float(w[x > scale[1] - top_box].sum() / w.sum())
    lo, hi = wilson_interval(top * n_eff, n_eff, confidence)
    return pd.Series({"mean": mean, "low": mean - half, "high": mean + half, "top_box": top, "top_box_low": lo,
                      "top_box_high": hi, "n": len(x), "n_effective": n_eff, "missing": missing}, name="CSAT")


def share(flags, *, weights=None, confidence: float = 0.95) -> pd.Series:
    """Share of True answers (e.g. "would buy again") with a Wilson interval."""
    from ..validate import to_bool

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


def scores_by_group(df: pd.DataFrame, group_col: str, *, nps_col: str | None = None, csat_col: str | None = None,
                    scale: tuple[int, int] = (1, 5), buy_again_col: str | None = None, weights=None,
                    confidence: float = 0.95) -> pd.DataFrame:
    """NPS, CSAT and "would buy again" per group, with intervals and tests of whether groups differ.

    Tests (unweighted; ``attrs["tests"]``: score -> test, statistic, p_value): chi-square on promoters / passives /
    detractors by group for NPS, Kruskal-Wallis for CSAT, chi-square for buy-again.
    Rows with a missing group are counted in ``attrs["missing_group"]``.
    """
    from scipy import stats

    check_columns(df, [group_col, nps_col, csat_col, buy_again_col], name="survey")
    if not any([nps_col, csat_col, buy_again_col]):
        raise DataValidationError("scores_by_group: give at least one of nps_col, csat_col, buy_again_col.")
    w_all = pd.Series(_weights(weights, len(df), df.index), index=df.index)
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
        if csat_col and sub[csat_col].notna().any():
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
                tests.append(("NPS", "chi-square (promoter/passive/detractor)", chi.statistic, chi.pvalue))
        if csat_col:
            samples = [df.loc[(g == k) & df[csat_col].notna(), csat_col] for k in groups]
            samples = [s for s in samples if len(s)]
            if len(samples) > 1 and pd.concat(samples).nunique() > 1:
                kw = stats.kruskal(*samples)
                tests.append(("CSAT", "Kruskal-Wallis", kw.statistic, kw.pvalue))
        if buy_again_col:
            tab = pd.crosstab(df.loc[ok, group_col], df.loc[ok, buy_again_col])
            if tab.shape[1] > 1:
                chi = stats.chi2_contingency(tab)
                tests.append(("buy again", "chi-square", chi.statistic, chi.pvalue))
    # plain dicts: pandas compares attrs when joining frames, and DataFrames there break that
    out.attrs["tests"] = {score: {"test": name, "statistic": float(st), "p_value": float(p)}
                          for score, name, st, p in tests}
    out.attrs["missing_group"] = int((~ok).sum())
    return out


def trend(df: pd.DataFrame, date_col: str, *, freq: str = "Q", **kwargs) -> pd.DataFrame:
    """:func:`scores_by_group` per calendar period (``freq``: "M", "Q" or "Y") of ``date_col``."""
    from ..validate import _to_datetime

    check_in("freq", freq, ["M", "Q", "Y"])
    check_columns(df, [date_col], name="survey")
    period = _to_datetime(df[date_col], date_col).dt.to_period(freq).rename("period")
    return scores_by_group(df.assign(period=period), "period", **kwargs)


# --------------------------------------------------------------------------- key drivers
def adjust_scale_usage(df: pd.DataFrame, outcome: str, drivers: list[str], *,
                       method: str = "center") -> pd.DataFrame:
    """Remove each respondent's scale usage (Rossi, Gilula & Allenby 2001) before a driver analysis.

    Some respondents rate everything high, others everything low or only near the
    middle. ``"center"`` subtracts each respondent's mean over the driver items from
    the outcome and the drivers; ``"standardize"`` also divides by the respondent's
    standard deviation over the drivers. The outcome is not used to estimate the
    respondent's location, so it is not forced to equal minus the sum of the drivers.
    Respondents who gave every driver the same answer have no spread: they are only
    centred, and counted in ``attrs["flat_respondents"]``.
    The adjusted drivers sum to zero per respondent, so one driver is redundant in a
    regression: read relative importance, not coefficients, on adjusted data.
    """
    check_in("method", method, ["center", "standardize"])
    check_columns(df, [outcome] + list(drivers), name="survey")
    X = df[drivers].astype(float)
    loc = X.mean(axis=1)
    sd = X.std(axis=1, ddof=0)
    flat = ~(sd > 0)
    scale = sd.where(~flat, 1.0) if method == "standardize" else pd.Series(1.0, index=df.index)
    out = df.copy()
    out[drivers] = X.sub(loc, axis=0).div(scale, axis=0)
    out[outcome] = (df[outcome].astype(float) - loc) / scale
    out.attrs["flat_respondents"] = int(flat.sum()) if method == "standardize" else 0
    return out


def _r2_from_corr(R: np.ndarray, idx: tuple) -> float:
    if not idx:
        return 0.0
    i = list(idx)
    rxx, rxy = R[np.ix_(i, i)], R[i, -1]
    return float(rxy @ np.linalg.pinv(rxx) @ rxy)


def relative_importance(df: pd.DataFrame, outcome: str, drivers: list[str], *, method: str = "lmg",
                        weights=None) -> pd.DataFrame:
    """Each driver's share of the explained variance; the importances sum to the model R².

    ``method="lmg"``: Shapley value of R² over all orders of entry (Lindeman, Merenda
    & Gold 1980; up to 15 drivers). ``"johnson"``: Johnson's (2000) relative weights.
    Rows with any missing answer are left out (counted in ``attrs["n_dropped"]``).
    Returns ``importance``, ``share`` (of R²), ``rank`` and ``direction`` (sign of the
    driver's correlation with the outcome) per driver; ``attrs["r2"]``.
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
    w_all = _weights(weights, len(df), df.index)
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
                                  f"({_plain(data.loc[ok, c].iloc[0])!r}); it cannot explain or be explained.")
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
    out.attrs.update({"r2": float(total), "n": int(ok.sum()), "n_dropped": int((~ok).sum()), "method": method})
    return out


def importance_performance(importance: pd.Series, performance: pd.Series, *, importance_cut: float | None = None,
                           performance_cut: float | None = None) -> pd.DataFrame:
    """Assign each driver to a quadrant of the importance-performance map.

    Cuts default to the mean importance and the mean performance. Quadrants:
    important and below the performance cut = "top priority"; important and above =
    "keep up"; less important and above = "sustain"; less important and below =
    "low priority".
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
    out.attrs.update({"importance_cut": ic, "performance_cut": pc})
    return out


@dataclass
class KeyDrivers:
    """Result of :func:`key_drivers`."""

    outcome: str
    importance: pd.DataFrame          # relative importance (sums to r2), rank
    r2: float
    ols: pd.DataFrame                 # coefficient, low, high, p_value (raw scores)
    ordinal: pd.DataFrame | None      # ordinal-logit coefficient, low, high, p_value, odds_ratio
    map: pd.DataFrame                 # importance (share of R²), performance (mean), quadrant
    n: int
    n_dropped: int
    adjust: str
    labels: dict = field(default_factory=dict)
    f_pvalue: float = 0.0             # F-test of the OLS fit: do the drivers explain anything at all?

    def ranking(self) -> list[str]:
        """Drivers from most to least important."""
        return list(self.importance.sort_values("importance", ascending=False).index)

    @property
    def explains_little(self) -> bool:
        """True when the drivers explain too little of the outcome for a ranking to mean anything:
        R² below :data:`MIN_R2`, or the regression's F-test not significant at 5%."""
        return self.r2 < MIN_R2 or not self.f_pvalue < 0.05

    def _weak(self) -> str:
        return (f"The aspects explain almost nothing of {self.labels.get(self.outcome, self.outcome)} (R² = "
                f"{self.r2:.2f}, F-test {pvalue(self.f_pvalue)}, {self.n:,} respondents), so no driver is ranked and "
                "no priority is named.")

    def priority_sentence(self) -> str:
        """The aspects to act on first (important, below-average score), or why none is named."""
        if self.explains_little:
            return self._weak()
        top = [self.labels.get(d, d) for d in self.map.index[self.map["quadrant"] == "top priority"]]
        return "Top priority: " + (", ".join(top) if top else "none; every important aspect scores above average") + "."

    def sentence(self, top: int = 3) -> str:
        if self.explains_little:
            return self._weak()
        names = [self.labels.get(d, d) for d in self.ranking()]
        shares = self.importance.sort_values("importance", ascending=False)["share"]
        parts = ", ".join(f"{n} ({s:.0%})" for n, s in zip(names[:top], shares[:top]))
        return (f"The drivers explain R² = {self.r2:.2f} of the variation in {self.labels.get(self.outcome, self.outcome)} "
                f"({self.n:,} respondents). Most important: {parts}.")

    def coefficient_table(self, labels: dict | None = None) -> pd.DataFrame:
        """How much one more point on each aspect moves the overall score (OLS), with the ordinal logit's view."""
        labels = labels or self.labels
        out = self.ols.add_prefix("OLS ")
        if self.ordinal is not None:
            out = out.join(self.ordinal[["odds_ratio", "p_value"]].add_prefix("ordinal logit "))
        out.index = [labels.get(d, d) for d in out.index]
        out.index.name = "aspect"
        return out

    def _repr_html_(self) -> str:
        return self.importance.to_html(float_format=lambda x: number(x, 3), na_rep="–")


def key_drivers(df: pd.DataFrame, outcome: str, drivers: list[str], *, scale: tuple[int, int] = (1, 10),
                adjust: str = "none", method: str = "lmg", weights=None, ordinal: bool = True,
                confidence: float = 0.95, labels: dict | None = None) -> KeyDrivers:
    """Key-driver analysis of an overall score on aspect scores.

    Relative importance (:func:`relative_importance`) on raw or scale-adjusted
    answers (``adjust``: "none", "center", "standardize"; see
    :func:`adjust_scale_usage`); OLS coefficients (weighted least squares when
    weighted) and ordinal-logit coefficients (statsmodels ``OrderedModel``,
    unweighted) on the raw answers, with intervals; and the importance-performance
    map, where performance is each driver's mean raw score.
    """
    import statsmodels.api as sm

    check_in("adjust", adjust, ["none", "center", "standardize"])
    drivers = list(drivers)
    data = check_survey(df, [outcome] + drivers, scale=scale, name="survey")
    w = _weights(weights, len(df), df.index)
    adj = data if adjust == "none" else adjust_scale_usage(data, outcome, drivers, method=adjust)
    imp = relative_importance(adj, outcome, drivers, method=method, weights=w)
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
    return KeyDrivers(outcome, imp, imp.attrs["r2"], ols, ordered, ipm, imp.attrs["n"], imp.attrs["n_dropped"],
                      adjust, dict(labels or {}), float(fit.f_pvalue))


def compare_adjustments(df: pd.DataFrame, outcome: str, drivers: list[str], *, scale: tuple[int, int] = (1, 10),
                        method: str = "lmg", weights=None, labels: dict | None = None) -> pd.DataFrame:
    """Driver ranks and importance shares with no, centred and standardized scale-usage adjustment.

    Columns are (adjustment, "share" / "rank" / "direction"); ``attrs["r2"]`` has each
    model's R². After adjustment an aspect's direction can be "-": rating it above
    one's own average goes with an overall score below one's own average, which is
    what an aspect that matters less than the average aspect looks like once the
    respondent's scale use is removed.
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
    table = table.sort_values(("none", "rank"))
    table.attrs["r2"] = r2
    return table


# --------------------------------------------------------------------------- four levels
def satisfaction_levels(orders: pd.DataFrame, *, promised_col: str = "promised_date",
                        delivered_col: str = "delivered_date", extra_col: str | None = "extra",
                        late_tolerance_days: int = 0, exceed_days: int = 1, amaze_days: int = 1) -> pd.Series:
    """The satisfaction level each order reached, from what was promised and what was delivered.

    Rules (parameters in days):
    * below expectations: delivered more than ``late_tolerance_days`` after the promised date;
    * amaze: an unpromised extra *and* delivered at least ``amaze_days`` early;
    * delight: an unpromised extra (gift, sample, upgrade);
    * exceed: delivered at least ``exceed_days`` before the promised date;
    * meet: otherwise (delivered as promised).
    Orders not delivered yet get no level (NaN), counted in ``attrs["not_delivered"]``.
    Returns an ordered categorical Series aligned with ``orders``.
    """
    from ..validate import _require_frame, _to_datetime

    _require_frame(orders, "orders")
    check_columns(orders, [promised_col, delivered_col, extra_col], name="orders")
    for name, v in (("late_tolerance_days", late_tolerance_days), ("exceed_days", exceed_days),
                    ("amaze_days", amaze_days)):
        check_param(name, v, int, min_val=0 if name == "late_tolerance_days" else 1)
    promised = _to_datetime(orders[promised_col], promised_col)
    if promised.isna().any():
        raise DataValidationError(f"column {promised_col!r}: {int(promised.isna().sum()):,} of {len(orders):,} orders "
                                  f"have no promised date; e.g. row {orders.index[promised.isna()][0]!r}.")
    delivered = _to_datetime(orders[delivered_col], delivered_col)
    early = (promised - delivered).dt.days
    # the shared yes/no parser: "no" is False (astype(bool) would read any non-empty text as True)
    extra = (to_bool(orders[extra_col].fillna(False), extra_col) if extra_col
             else pd.Series(False, index=orders.index))
    level = np.select([early < -late_tolerance_days, extra & (early >= amaze_days), extra, early >= exceed_days],
                      ["below expectations", "amaze", "delight", "exceed"], default="meet")
    out = pd.Series(pd.Categorical(level, categories=LEVELS, ordered=True), index=orders.index, name="level")
    out[delivered.isna()] = np.nan
    out.attrs["not_delivered"] = int(delivered.isna().sum())
    return out


def repurchase_within(orders: pd.DataFrame, *, customer_col: str = "customer_id", date_col: str = "order_date",
                      days: int = 90, end=None) -> pd.Series:
    """Whether each order's customer ordered again within ``days`` days (float 1/0).

    Orders whose window runs past ``end`` (default: the last order date) cannot be
    judged and get NaN; their count is in ``attrs["censored"]``.
    """
    from ..validate import _to_datetime

    check_columns(orders, [customer_col, date_col], name="orders")
    check_param("days", days, int, min_val=1)
    d = _to_datetime(orders[date_col], date_col)
    end = d.max() if end is None else pd.Timestamp(end)
    tmp = pd.DataFrame({"c": orders[customer_col].to_numpy(), "d": d.to_numpy()}, index=orders.index)
    tmp = tmp.sort_values(["c", "d"], kind="stable")
    nxt = tmp.groupby("c")["d"].shift(-1)
    again = ((nxt - tmp["d"]).dt.days <= days).astype(float)
    censored = (tmp["d"] + pd.Timedelta(days=days) > end) & ~(again == 1)
    again[censored] = np.nan
    out = again.reindex(orders.index).rename("repurchased")
    out.attrs["censored"] = int(censored.sum())
    return out


def recently_active(orders: pd.DataFrame, *, customer_col: str = "customer_id", date_col: str = "order_date",
                    days: int = 180, end=None) -> pd.Series:
    """Whether each customer ordered in the last ``days`` days before ``end`` (default: the last order date).

    A retention flag any order log supports, for :func:`complaint_recovery`.
    """
    from ..validate import _to_datetime

    check_columns(orders, [customer_col, date_col], name="orders")
    check_param("days", days, int, min_val=1)
    d = _to_datetime(orders[date_col], date_col)
    end = d.max() if end is None else pd.Timestamp(end)
    last = d.groupby(orders[customer_col].to_numpy()).max()
    return (last > end - pd.Timedelta(days=days)).rename("active")


# --------------------------------------------------------------------------- service speed
def response_times(tickets: pd.DataFrame, *, channel_col: str = "channel",
                   first_response_col: str = "hours_to_first_response",
                   resolution_col: str | None = "hours_to_resolution", target_hours: float = 24.0,
                   resolution_target_hours: float = 48.0, confidence: float = 0.95) -> pd.DataFrame:
    """Time to first response and to resolution per channel: median, 90th percentile, share within target.

    A missing resolution time means unresolved (counted); a missing first response
    is an error. Shares within target have Wilson intervals.
    """
    check_columns(tickets, [channel_col, first_response_col, resolution_col], name="tickets")
    check_param("target_hours", target_hours, float, min_val=0, include_min=False)
    check_param("resolution_target_hours", resolution_target_hours, float, min_val=0, include_min=False)
    first = check_survey(tickets, [first_response_col], scale=(0, 10 ** 9), integer=False, allow_missing=False,
                         min_rows=1, name="tickets")[first_response_col]
    rows = {}
    for ch, idx in tickets.groupby(channel_col, observed=True).groups.items():
        f = first.loc[idx]
        within = float((f <= target_hours).mean())
        lo, hi = wilson_interval(within * len(f), len(f), confidence)
        row = {"contacts": len(f), "median_first_response_h": float(f.median()),
               "p90_first_response_h": float(f.quantile(0.9)), "within_target": within,
               "within_target_low": lo, "within_target_high": hi}
        if resolution_col:
            r = pd.to_numeric(tickets.loc[idx, resolution_col], errors="coerce")
            row.update({"median_resolution_h": float(r.median()) if r.notna().any() else np.nan,
                        "resolved_within_target": float((r <= resolution_target_hours).mean()),
                        "unresolved": int(r.isna().sum())})
        rows[ch] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = channel_col
    return out.sort_values("median_first_response_h")


def speed_vs_satisfaction(tickets: pd.DataFrame, *, time_col: str = "hours_to_first_response",
                          score_col: str = "csat", scale: tuple[int, int] = (1, 5),
                          bands: tuple = (1, 4, 24, 72), confidence: float = 0.95) -> pd.DataFrame:
    """Satisfaction score by response-time band, with a Kruskal-Wallis test and Spearman's rank correlation.

    ``bands`` are the band edges in hours. Unrated contacts are left out and counted
    in ``attrs["unrated"]``; ``attrs["test"]`` holds the statistics.
    """
    from scipy import stats

    check_columns(tickets, [time_col, score_col], name="tickets")
    edges = [float(b) for b in bands]
    if sorted(edges) != edges or len(set(edges)) != len(edges) or edges[0] <= 0:
        raise DataValidationError(f"parameter 'bands' == {tuple(bands)!r}: must be increasing positive hours.")
    data = check_survey(tickets, [score_col], scale=scale, integer=False, min_rows=1, name="tickets")
    t = pd.to_numeric(data[time_col], errors="coerce")
    rated = data[score_col].notna() & t.notna()
    labels = [f"< {edges[0]:g} h"] + [f"{a:g}-{b:g} h" for a, b in zip(edges[:-1], edges[1:])] + [f">= {edges[-1]:g} h"]
    band = pd.cut(t[rated], [-np.inf] + edges + [np.inf], right=False, labels=labels)
    rows = {}
    for b in labels:
        s = data.loc[rated[rated].index[band == b], score_col]
        if len(s):
            c = csat(s, scale=scale, confidence=confidence, integer=False)
            rows[b] = {"contacts": len(s), "mean": c["mean"], "low": c["low"], "high": c["high"],
                       "top_box": c["top_box"]}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "first response"
    groups = [data.loc[rated[rated].index[band == b], score_col] for b in out.index]
    kw = stats.kruskal(*groups) if len(groups) > 1 else None
    rho = stats.spearmanr(t[rated], data.loc[rated, score_col])
    out.attrs["test"] = {"kruskal_statistic": float(kw.statistic) if kw else np.nan,
                         "kruskal_p": float(kw.pvalue) if kw else np.nan,
                         "spearman_rho": float(rho.statistic), "spearman_p": float(rho.pvalue)}
    out.attrs["unrated"] = int((~rated).sum())
    return out


# --------------------------------------------------------------------------- complaints
def complaint_rates(tickets: pd.DataFrame, n_customers: int, *, by: str = "category",
                    customer_col: str = "customer_id") -> pd.DataFrame:
    """Complaints per group: count, share of all complaints, customers complaining per 100 customers."""
    check_columns(tickets, [by, customer_col], name="tickets")
    check_param("n_customers", n_customers, int, min_val=1)
    g = tickets.groupby(by, observed=True)
    out = pd.DataFrame({"complaints": g.size(), "customers": g[customer_col].nunique()})
    out["share_of_complaints"] = out["complaints"] / out["complaints"].sum()
    out["per_100_customers"] = 100 * out["customers"] / n_customers
    return out.sort_values("complaints", ascending=False)


@dataclass
class Recovery:
    """Result of :func:`complaint_recovery`."""

    table: pd.DataFrame        # per group: customers, retained, rate, low, high
    z: float
    p_value: float
    difference: float          # retention of fast-resolved minus never-complained
    supported: bool
    fast_hours: float

    def sentence(self) -> str:
        t = self.table
        fast, never = t.loc["resolved fast"], t.loc["never complained"]
        verdict = ("supports" if self.supported else "does not support")
        return (f"Customers whose complaint was resolved within {self.fast_hours:g} h were retained at {fast['rate']:.1%} "
                f"(95% CI {fast['low']:.1%}-{fast['high']:.1%}, n = {int(fast['customers']):,}) against "
                f"{never['rate']:.1%} ({never['low']:.1%}-{never['high']:.1%}, n = {int(never['customers']):,}) for "
                f"customers who never complained (one-sided test, {pvalue(self.p_value)}). The data {verdict} the claim "
                f"that fast-resolved complainers are more loyal than customers who never complained.")


RECOVERY_GROUPS = ["never complained", "resolved fast", "resolved slowly", "unresolved"]


def complaint_recovery(retained: pd.Series, tickets: pd.DataFrame, *, customer_col: str = "customer_id",
                       resolution_col: str = "hours_to_resolution", fast_hours: float = 48.0, alpha: float = 0.05,
                       confidence: float = 0.95) -> Recovery:
    """Retention of customers who never complained vs complained and were resolved fast, slowly or not at all.

    ``retained``: one boolean per customer (index = customer id), e.g. "still active"
    or "bought again". A customer with several complaints is classed by the worst
    handling (unresolved > slow > fast). Missing resolution time = unresolved.
    The service-recovery claim is tested with a one-sided two-proportion z-test
    (fast-resolved > never complained) at level ``alpha``.
    """
    from statsmodels.stats.proportion import proportions_ztest

    check_columns(tickets, [customer_col, resolution_col], name="tickets")
    check_param("fast_hours", fast_hours, float, min_val=0, include_min=False)
    if not isinstance(retained, pd.Series):
        raise DataValidationError("parameter 'retained' must be a pandas Series indexed by customer id.")
    r = share(retained)  # validates yes/no values
    if r["missing"]:
        raise DataValidationError(f"parameter 'retained': {int(r['missing']):,} of {len(retained):,} customers have "
                                  f"no value; e.g. {retained.index[retained.isna()][0]!r}.")
    unknown = ~tickets[customer_col].isin(retained.index)
    if unknown.any():
        raise DataValidationError(f"column {customer_col!r}: {int(unknown.sum()):,} of {len(tickets):,} complaints are "
                                  f"from customers not in 'retained'; e.g. {_plain(tickets.loc[unknown, customer_col].iloc[0])!r}.")
    h = pd.to_numeric(tickets[resolution_col], errors="coerce")
    severity = np.where(h.isna(), 3, np.where(h <= fast_hours, 1, 2))
    worst = pd.Series(severity, index=tickets[customer_col].to_numpy()).groupby(level=0).max()
    group = pd.Series(0, index=retained.index)
    group[worst.index] = worst.to_numpy()
    y = retained.astype(bool)
    rows = {}
    for k, name in enumerate(RECOVERY_GROUPS):
        m = group == k
        n, s = int(m.sum()), int(y[m].sum())
        lo, hi = wilson_interval(s, n, confidence) if n else (np.nan, np.nan)
        rows[name] = {"customers": n, "retained": s, "rate": s / n if n else np.nan, "low": lo, "high": hi}
    table = pd.DataFrame.from_dict(rows, orient="index")
    fast, never = table.loc["resolved fast"], table.loc["never complained"]
    if fast["customers"] == 0 or never["customers"] == 0:
        raise DataValidationError(f"complaint_recovery: {int(fast['customers'])} fast-resolved and "
                                  f"{int(never['customers'])} never-complained customers; both groups are needed.")
    z, p = proportions_ztest([fast["retained"], never["retained"]], [fast["customers"], never["customers"]],
                             alternative="larger")
    return Recovery(table, float(z), float(p), float(fast["rate"] - never["rate"]), bool(p < alpha), fast_hours)


# --------------------------------------------------------------------------- touchpoints
@dataclass
class Touchpoints:
    """Result of :func:`touchpoints`."""

    table: pd.DataFrame     # per touchpoint: stage, mean, low, high, top_box, importance share, gap, priority
    stages: pd.DataFrame    # per stage: mean CSAT and interval of the respondents' stage means
    focus: str
    outcome: str
    r2: float

    def sentence(self, labels: dict | None = None) -> str:
        name = (labels or {}).get
        if self.r2 < MIN_R2:
            return (f"The touchpoint scores explain almost nothing of {name(self.outcome, self.outcome)} (R² = "
                    f"{self.r2:.2f}), so no touchpoint is named to focus on.")
        row = self.table.loc[self.focus]
        top = self.table["importance"].idxmax()
        return (f"{name(top, top)!r} relates most to {name(self.outcome, self.outcome)} "
                f"({self.table.loc[top, 'importance']:.0%} of the explained variance). Focus on "
                f"{name(self.focus, self.focus)!r} ({row['stage']}): it carries {row['importance']:.0%} of the "
                f"explained variance but scores {row['mean']:.2f}, the largest importance-weighted gap to the top of "
                f"the scale.")


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
    w = pd.Series(_weights(weights, len(surveys), surveys.index), index=surveys.index)
    imp = relative_importance(surveys, outcome, cols, weights=w.to_numpy())
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
                       imp.attrs["r2"])


# --------------------------------------------------------------------------- report sentences
@dataclass
class OrderLevels:
    """Result of :func:`order_levels`: each order's level and the table comparing the levels."""

    levels: pd.Series
    table: pd.DataFrame
    not_delivered: int
    censored: int

    def sentence(self) -> str:
        share = self.levels.value_counts(normalize=True)
        top = share.index[0]
        return (f"{len(self.levels):,} delivered orders; the most common level is **{top}** ({share.iloc[0]:.0%}). "
                f"{self.not_delivered:,} orders not yet delivered have no level; {self.censored:,} recent orders are "
                "too new to judge repurchase.")


def order_levels(orders: pd.DataFrame, survey: pd.DataFrame | None = None, order_col: str | None = None, *,
                 nps_col: str | None = None, csat_col: str | None = None, scale: tuple[int, int] = (1, 10),
                 late_tolerance_days: int = 0, exceed_days: int = 1, amaze_days: int = 1,
                 repurchase_days: int = 90) -> OrderLevels:
    """Each order's level (:func:`satisfaction_levels`) and, per level, the repurchase rate within
    ``repurchase_days`` and, when the survey names the order each answer refers to (``order_col``), the
    survey scores given after orders of that level."""
    levels = satisfaction_levels(orders, late_tolerance_days=late_tolerance_days, exceed_days=exceed_days,
                                 amaze_days=amaze_days)
    again = repurchase_within(orders, days=repurchase_days)
    by_level = scores_by_group(orders.assign(level=levels, repurchased=again), "level", buy_again_col="repurchased")
    table = by_level
    if survey is not None and order_col:
        check_columns(survey, [order_col], name="survey")
        answered = survey.merge(levels.set_axis(orders["order_id"]), left_on=order_col, right_index=True, how="inner")
        after = scores_by_group(answered, "level", nps_col=nps_col, csat_col=csat_col, scale=scale)
        table = after.join(by_level[["buy_again"]].rename(columns={"buy_again": "repurchase rate"}))
    return OrderLevels(levels.dropna(), table, int(levels.attrs.get("not_delivered", 0)),
                       int(again.attrs.get("censored", 0)))


def score_table(survey: pd.DataFrame, overall_col: str, scale: tuple[int, int], *, nps_col: str | None = None,
                buy_again_col: str | None = None, labels: dict | None = None,
                seed: int = 0) -> tuple[pd.DataFrame, str]:
    """The headline scores with 95% intervals (overall mean and top-2-box, NPS, would buy again), formatted for
    people (means with two decimals, shares in %, NPS as a number from -100 to 100), and a sentence with the
    scores (for NPS also comparing its analytic interval with the bootstrap's)."""
    from ..formats import percent

    name = (labels or {}).get(overall_col, overall_col)
    overall = csat(survey[overall_col], scale=scale)
    rows = {f"{name}: mean (scale {scale[0]}-{scale[1]})": (f"{overall['mean']:.2f}",
                                                            f"{overall['low']:.2f} to {overall['high']:.2f}"),
            f"{name}: share in the top two answers": (percent(overall["top_box"]), f"{percent(overall['top_box_low'])} "
                                                      f"to {percent(overall['top_box_high'])}")}
    what = name[:1].upper() + name[1:] if "satisf" in name.lower() else f"Overall satisfaction ({name})"
    text = (f"{what} averages **{overall['mean']:.2f}** on a {scale[0]}-{scale[1]} scale "
            f"(95% interval {overall['low']:.2f} to {overall['high']:.2f}); {percent(overall['top_box'])} give one of "
            "the top two answers.")
    if nps_col:
        n = nps(survey[nps_col])
        lo, hi = nps_bootstrap(survey[nps_col], seed=seed)
        rows["Net Promoter Score (-100 to 100)"] = (f"{n['nps']:.0f}", f"{n['low']:.0f} to {n['high']:.0f}")
        text = (f"NPS is **{n['nps']:.0f}** ({percent(n['promoters'])} promoters, {percent(n['detractors'])} "
                f"detractors; 95% interval {n['low']:.0f} to {n['high']:.0f}, which the bootstrap's {lo:.0f} to "
                f"{hi:.0f} confirms). " + text)
    if buy_again_col:
        b = share(survey[buy_again_col])
        rows["Would buy again"] = (percent(b["share"]), f"{percent(b['low'])} to {percent(b['high'])}")
    table = pd.DataFrame(rows, index=["estimate", "95% interval"]).T
    table.index.name = "score"
    return table, text


def tests_sentence(table: pd.DataFrame, alpha: float = 0.05) -> str:
    """The tests of :func:`scores_by_group` (``attrs["tests"]``) in words."""
    return " ".join(f"{s}: {r['test']} {pvalue(r['p_value'])} "
                    f"({'groups differ' if r['p_value'] < alpha else 'no clear difference'})."
                    for s, r in table.attrs["tests"].items())


def adjustment_sentence(comp: pd.DataFrame, adjust: str) -> str:
    """What the scale-usage adjustment of :func:`compare_adjustments` changes: R² and the ranking."""
    r2 = comp.attrs["r2"]
    moved = (comp[("none", "rank")] - comp[(adjust, "rank")]).abs()
    ranked = ", ".join(f"{i}. {d} ({comp.loc[d, (adjust, 'direction')]})"
                       for i, d in enumerate(comp[(adjust, "rank")].sort_values().index, 1))
    return (f"R² is {r2['none']:.2f} on raw answers and {r2[adjust]:.2f} after the '{adjust}' adjustment: much of the "
            f"raw fit comes from respondents who rate everything high or everything low. Ranked drivers after "
            f"adjustment: {ranked}. {int((moved > 0).sum())} of {len(comp)} aspects change rank; the largest move is "
            f"{moved.idxmax()!r} ({int(moved.max())} places). A '-' after adjustment means that rating the aspect above "
            "one's own average goes with a lower overall score than one's own: it matters less than the average "
            "aspect.")


def speed_sentence(speed: pd.DataFrame) -> str:
    """How contact ratings fall with response time, from :func:`speed_vs_satisfaction`."""
    t = speed.attrs["test"]
    return (f"Contact ratings fall from {speed['mean'].iloc[0]:.2f} for answers within "
            f"{speed.index[0].removeprefix('< ')} to {speed['mean'].iloc[-1]:.2f} for {speed.index[-1]} (Spearman "
            f"rho = {t['spearman_rho']:.2f}, Kruskal-Wallis {pvalue(t['kruskal_p'])}; {speed.attrs['unrated']:,} "
            "contacts were not rated).")
