"""Is this customer still active, how much will they buy, and what are they worth?

Buy-till-you-die models for non-contractual customers, fitted by maximum likelihood:

* :class:`BetaGeo` (BG/NBD, Fader, Hardie & Lee 2005, "Counting Your Customers the
  Easy Way", Marketing Science 24(2));
* :class:`ModifiedBetaGeo` (MBG/NBD, Batislam, Denizel & Filiztekin 2007), where a customer can
  also leave right after the first purchase;
* :class:`ParetoNBD` (Schmittlein, Morrison & Colombo 1987; likelihood as in Fader &
  Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related Expressions");
* :class:`GammaGamma` (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013,
  "The Gamma-Gamma Model of Monetary Value").

Why written here rather than imported: ``lifetimes`` does this but is in
maintenance mode (its README says it will not add features or answer issues) and
its holdout utility fails on current pandas; ``pymc-marketing`` needs PyMC (about
3.5 s to import, heavy dependencies). These models are a few formulas on
numpy/scipy: likelihoods are computed in log space (``gammaln``, ``logaddexp``,
log-hypergeometric terms) so customers with thousands of purchases or very long
observation times do not overflow, customers with identical (x, t_x, T) are fitted
once with a weight, and BG/NBD and Gamma-Gamma use analytic gradients.

All models follow scikit-learn conventions: ``fit(summary)`` takes the table of
:func:`insight.features.summary.customer_summary` (columns ``frequency``, ``recency``,
``T``, ``monetary_value``; other names can be given) and returns ``self``; fitted
attributes end in ``_`` (``params_``, ``standard_errors_``, ``log_likelihood_``,
``aic_``).
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, special
from sklearn.base import BaseEstimator

from ...exceptions import ConvergenceWarning, DataValidationError, NotFittedError
from ...formats import number, percent
from ...validate import check_columns, check_in, check_param

__all__ = ["CustomerBaseModel", "BetaGeo", "ModifiedBetaGeo", "ParetoNBD", "GammaGamma", "COUNT_MODELS", "fit_models",
           "customer_value", "value_customers", "current_values", "revenue_last_year", "CustomerValues", "Diagnostics", "describe_fit", "calibration_holdout", "describe_split", "split_dates",
           "holdout_report", "HoldoutCheck", "holdout_check", "lifetimes_holdout", "tracking", "tracking_sentence"]


# --------------------------------------------------------------------------- helpers
def _rft(summary, frequency_col, recency_col, T_col):
    if not isinstance(summary, pd.DataFrame):
        raise DataValidationError(f"parameter 'summary' must be a pandas DataFrame, got {type(summary).__name__}.")
    check_columns(summary, [frequency_col, recency_col, T_col], name="summary")
    if len(summary) == 0:
        raise DataValidationError("summary: 0 customers; at least one is needed.")
    out = []
    for c in (frequency_col, recency_col, T_col):
        v = pd.to_numeric(summary[c], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(v) | (v < 0)
        if bad.any():
            raise DataValidationError(f"column {c!r}: {int(bad.sum())} of {len(v)} rows are missing, infinite or "
                                      f"negative; e.g. {summary[c].iloc[np.flatnonzero(bad)[0]]!r}.")
        out.append(v)
    x, tx, T = out
    frac = x != np.round(x)
    if frac.any():
        raise DataValidationError(f"column {frequency_col!r}: {int(frac.sum())} rows are not whole numbers; "
                                  f"e.g. {float(x[frac][0])!r}.")
    bad = tx > T + 1e-9
    if bad.any():
        raise DataValidationError(f"columns {recency_col!r} and {T_col!r}: {int(bad.sum())} rows have recency > T "
                                  f"(last purchase after the end of observation); e.g. recency {float(tx[bad][0])!r}, "
                                  f"T {float(T[bad][0])!r}.")
    bad = (x == 0) & (tx > 0)
    if bad.any():
        raise DataValidationError(f"column {recency_col!r}: {int(bad.sum())} rows have recency > 0 with frequency 0; "
                                  f"e.g. recency {float(tx[bad][0])!r}.")
    return x, tx, T


def _compress(*cols, weights=None):
    """Unique rows of the given columns, their counts (weights: the sum of ``weights`` per unique row when
    given, e.g. rows that were already compressed) and the inverse index.

    A lexsort and one pass over the sorted rows: several times faster than
    ``np.unique(axis=0)``, which sorts a structured view.
    """
    order = np.lexsort(cols[::-1])
    sc = [c[order] for c in cols]
    new = np.ones(len(order), dtype=bool)
    if len(order) > 1:
        new[1:] = np.any([c[1:] != c[:-1] for c in sc], axis=0)
    group = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    if weights is None:
        counts = np.diff(np.append(starts, len(order))).astype(float)
    else:
        counts = np.add.reduceat(np.asarray(weights, dtype=float)[order], starts) if len(order) else np.zeros(0)
    inv = np.empty(len(order), dtype=np.int64)
    inv[order] = group
    return [c[starts] for c in sc], counts, inv


def _settled(res) -> bool:
    """Converged: L-BFGS-B says so, or it stopped with "ABNORMAL" in its line search at the optimum itself (the
    gradient of the mean log-likelihood is zero to 1e-5)."""
    return bool(res.success) or bool(np.max(np.abs(getattr(res, "jac", np.inf))) < 1e-5)


def _fit_loglik(neg_ll_grad, x0_log, n_weight, names, jac=True):
    """Minimize the mean negative log-likelihood over log-parameters with L-BFGS-B. Without an analytic gradient
    (``jac=False``) a log-likelihood that is not finite at a trial point counts as 1e300, so the search turns back."""
    def value(z):
        v = neg_ll_grad(z)
        return (v if np.isfinite(v) else 1e300) / n_weight

    fun = (lambda z: tuple(v / n_weight for v in neg_ll_grad(z))) if jac else value
    # good fits take about 25 iterations (130-190 evaluations); without an analytic gradient a flat likelihood (a
    # dropout the data barely show) can wander for minutes, so those fits stop after 400 evaluations and say they
    # did not converge
    res = optimize.minimize(fun, x0_log, jac=jac, method="L-BFGS-B", bounds=[(-12, 12)] * len(x0_log),
                            options={"maxiter": 2000, "maxfun": 15000 if jac else 400, "gtol": 1e-9, "ftol": 1e-14})
    params = {k: float(f"{v:.4g}") for k, v in zip(names, np.exp(res.x))}
    edge = [k for k, z in zip(names, res.x) if abs(z) >= 11.9]
    if edge:   # the optimizer may say it converged: at the edge of the search, not at an optimum
        warnings.warn(f"the maximum-likelihood fit ran to the edge of the search for {edge} (e^-12 or e^12): the "
                      f"data do not pin {'it' if len(edge) == 1 else 'them'} down (for instance, they show no sign "
                      f"of dropout); parameters {params}. Try more history, other "
                      "starting values (parameter 'initial'), or check for customers with extreme frequency.",
                      ConvergenceWarning, stacklevel=3)
    elif not _settled(res):
        warnings.warn(f"the maximum-likelihood fit did not converge ({res.message}); parameters {params}. Try other "
                      "starting values (parameter 'initial'), more data, or check for customers with extreme "
                      "frequency.", ConvergenceWarning, stacklevel=3)
    return res


def _hessian_se(ll, params):
    """Standard errors from the inverse of the numerical Hessian of the total log-likelihood."""
    from statsmodels.tools.numdiff import approx_hess3

    with np.errstate(all="ignore"):  # steps past a boundary estimate give NaN, reported as NaN errors
        H = approx_hess3(params, ll)
    try:
        cov = np.linalg.inv(-H)
        se = np.sqrt(np.diag(cov))
    except np.linalg.LinAlgError:
        se = np.full(len(params), np.nan)
    return se


@dataclass
class Diagnostics:
    """How far a fit can be trusted: ``status`` is one of "ok", "not converged", "at a boundary",
    "not identified" or "too little data"; ``message`` says in plain words what the data cannot
    support. Reports show the message instead of a number when ``ok`` is False."""

    status: str = "ok"
    message: str = ""
    notes: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def sentence(self) -> str:
        return self.message or "The fit converged to an interior optimum."


#: a count model needs at least this many repeat buyers to say anything about purchase and dropout rates
MIN_REPEAT_CUSTOMERS = 20


def _fit_status(res, z0, n_repeat: int) -> Diagnostics:
    """The generic part of a fit's diagnostics: too little data, stuck at the start, not converged, boundary."""
    if n_repeat < MIN_REPEAT_CUSTOMERS:
        return Diagnostics("too little data", f"only {n_repeat} customer(s) show what the model learns from (a repeat "
                                              f"purchase, or for subscriptions a cancellation); at least "
                                              f"{MIN_REPEAT_CUSTOMERS} are needed to estimate this model.")
    if np.allclose(res.x, z0, rtol=0, atol=1e-6):
        return Diagnostics("not converged", "the optimizer stayed at its starting values; the estimates say nothing "
                                            "about these data.")
    if np.any(np.abs(res.x) >= 11.9):
        return Diagnostics("at a boundary", "a parameter ran to the edge of its range, so the data do not pin it "
                                            "down; figures that depend on it are not shown.")
    if not _settled(res):
        return Diagnostics("not converged", "the maximum-likelihood fit did not settle on an optimum (the "
                                            "likelihood is flat in some direction: the data do not pin every "
                                            "parameter down).")
    return Diagnostics()


class CustomerBaseModel(BaseEstimator):
    """What every customer-base model provides (the model contract).

    Parameters go to ``__init__`` (column names and optional ``initial`` starting values);
    ``fit(summary)`` fits by maximum likelihood on the unique rows of the summary with their
    counts (exact: the likelihood of identical customers is the same) and returns ``self``.
    A fitted model has ``params_``, ``standard_errors_`` (numerical Hessian), ``log_likelihood_``,
    ``aic_``, ``bic_``, ``n_customers_`` and ``diagnostics_`` (a :class:`Diagnostics`), a
    ``summary()`` table and a one-sentence ``describe()``; it pickles and ``sklearn.base.clone``s.
    Subclasses define ``_names``, ``_loglik(p, *columns)`` and ``fit``.
    """

    _names: tuple = ()

    def _p(self):
        self._check_fitted()
        return np.array([self.params_[k] for k in self._names])

    def _check_fitted(self):
        if not hasattr(self, "params_"):
            raise NotFittedError(f"This {type(self).__name__} instance is not fitted yet; call fit(summary) first.")

    def summary(self) -> pd.DataFrame:
        """Parameters with standard errors and 95% Wald intervals."""
        self._check_fitted()
        p = pd.Series(self.params_)
        se = pd.Series(self.standard_errors_)
        return pd.DataFrame({"estimate": p, "standard error": se, "95% low": p - 1.96 * se, "95% high": p + 1.96 * se})

    def _repr_html_(self) -> str:
        if not hasattr(self, "params_"):
            return f"<p>{self!r} (not fitted)</p>"
        return (f"<p>{type(self).__name__}: {self.n_customers_:,} customers, log-likelihood "
                f"{self.log_likelihood_:,.2f}, AIC {self.aic_:,.1f}.</p>"
                + self.summary().to_html(float_format=number, na_rep="not estimable")
                + ("<p>Standard errors are not estimable where the likelihood is flat (the data do not pin the "
                   "parameter down); see the fit's status above.</p>" if self.summary().isna().any().any() else ""))

    def _repr_mimebundle_(self, **kwargs):
        """Reports show the parameter table, not scikit-learn's estimator widget."""
        return {"text/html": self._repr_html_(), "text/plain": repr(self)}

    def _identified(self, p) -> Diagnostics:
        """Model-specific identification checks (dropout); overridden by the models."""
        return Diagnostics()

    def _start(self, defaults: dict) -> np.ndarray:
        """Log starting values: ``initial`` where given (a partial dict fills the rest from ``defaults``)."""
        given = dict(self.initial or {})
        unknown = sorted(set(given) - set(self._names))
        if unknown:
            raise DataValidationError(f"parameter 'initial': {len(unknown)} unknown name(s), e.g. {unknown[0]!r}; "
                                      f"{type(self).__name__} has {list(self._names)}.")
        start = {**{k: 0.0 for k in self._free()}, **defaults, **given}
        bad = [k for k in self._names if not np.isfinite(start[k]) or (k not in self._free() and start[k] <= 0)]
        if bad:
            raise DataValidationError(f"parameter 'initial': {bad[0]!r} == {start[bad[0]]!r}; starting values must be "
                                      "positive numbers (covariate coefficients: any number).")
        return self._to_scale(np.array([float(start[k]) for k in self._names]))

    def _free(self) -> tuple:
        """Parameters estimated on their own scale (covariate coefficients); the rest are positive, fitted as logs."""
        return ()

    def _counts(self, summary: pd.DataFrame) -> np.ndarray:
        """Customers per row: the ``count_col`` column (rows already compressed, e.g. by a group-by in Spark or
        DuckDB; fitting on them is exact) or one each."""
        col = getattr(self, "count_col", None)
        if col is None:
            return np.ones(len(summary))
        check_columns(summary, [col], name="summary")
        w = pd.to_numeric(summary[col], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(w) | (w < 1) | (w != np.round(w))
        if bad.any():
            raise DataValidationError(f"column {col!r}: {int(bad.sum())} rows are not customer counts (whole "
                                      f"numbers of at least 1); e.g. {summary[col].to_numpy()[bad][0]!r}.")
        return w

    def _with_params(self, values) -> "CustomerBaseModel":
        """A shallow copy of this fitted model with other parameter values (in ``_names`` order): one draw of
        the parameters, for intervals and bands."""
        m = copy.copy(self)
        m.params_ = {k: float(v) for k, v in zip(self._names, values)}
        return m

    def _to_scale(self, p) -> np.ndarray:
        """Parameters to the scale the optimizer works on (log for positive ones)."""
        free = np.isin(self._names, self._free())
        return np.where(free, p, np.log(np.where(free, 1.0, p)))

    def _from_scale(self, z) -> np.ndarray:
        free = np.isin(self._names, self._free())
        return np.where(free, z, np.exp(z))

    def _total_ll(self, p) -> float:
        """Log-likelihood of the fitted data (unique rows and their counts) at parameters ``p``."""
        *cols, w = self._fit_data
        return float(np.sum(w * self._loglik(p, *cols)))

    def _finish(self, res, data, n, z0, n_repeat, n_params=4):
        """Store the fit; ``data`` holds the unique rows' columns and their counts (kept for standard errors, so a
        fitted model pickles: no closure is stored)."""
        p = self._from_scale(res.x)
        diag = _fit_status(res, z0, n_repeat)
        if diag.status in ("ok", "at a boundary"):   # a boundary is often a dropout the data do not show
            ident = self._identified(p)
            if diag.ok or not ident.ok:
                diag = ident
        self.diagnostics_ = diag
        self.params_ = {k: float(v) for k, v in zip(self._names, p)}
        self._fit_data = data
        self.log_likelihood_ = self._total_ll(p)
        self.aic_ = 2 * n_params - 2 * self.log_likelihood_
        self.bic_ = n_params * np.log(max(int(n), 1)) - 2 * self.log_likelihood_
        self._se = None
        self.n_customers_ = int(n)
        self.converged_ = _settled(res) and self.diagnostics_.status not in ("not converged", "at a boundary")
        return self

    @property
    def standard_errors_(self) -> dict:
        """Standard errors from the numerical Hessian, computed on first access and cached."""
        self._check_fitted()
        if self._se is None:
            p = self._p()
            self._se = {k: float(v) for k, v in zip(self._names, _hessian_se(self._total_ll, p))}
        return self._se

    def describe(self) -> str:
        """The fit in one sentence: the model, its parameters and whether it can be trusted."""
        self._check_fitted()
        pars = ", ".join(f"{k} {number(v, 3)}" for k, v in self.params_.items())
        return (f"{type(self).__name__} on {self.n_customers_:,} customers: {pars}; log-likelihood "
                f"{self.log_likelihood_:,.1f}. {self.diagnostics_.sentence()}")


class _BTYD(CustomerBaseModel):
    """Count models on (frequency, recency, T), optionally with time-invariant covariates.

    Covariates (numeric columns of the summary, e.g. gender or acquisition channel as 0/1) enter as
    in CLVTools: ``covariates_trans`` scale the purchase process (alpha_i = alpha exp(-gamma_trans' z_i):
    a positive coefficient means more purchases) and ``covariates_life`` the dropout process (for
    Pareto/NBD beta_i = beta exp(-gamma_life' z_i); for BG/NBD and MBG/NBD a_i = a exp(gamma_life' z_i)
    and b_i = b exp(gamma_life' z_i)). Coefficients are ``trans_<column>`` and ``life_<column>`` in
    ``params_``, fitted on their own scale.
    """

    _base: tuple = ()
    #: (parameter position, sign) scaled by exp(sign x coefficients' z) for each process
    _trans_scaled: tuple = ((1, -1),)
    _life_scaled: tuple = ()

    def __init__(self, frequency_col: str = "frequency", recency_col: str = "recency", T_col: str = "T",
                 initial: dict | None = None, covariates_trans: list | tuple = (), covariates_life: list | tuple = (),
                 count_col: str | None = None):
        self.frequency_col = frequency_col
        self.recency_col = recency_col
        self.T_col = T_col
        self.initial = initial
        self.covariates_trans = covariates_trans
        self.covariates_life = covariates_life
        self.count_col = count_col

    @property
    def _names(self) -> tuple:
        return self._base + tuple(f"trans_{c}" for c in self.covariates_trans) + tuple(
            f"life_{c}" for c in self.covariates_life)

    def _free(self) -> tuple:
        return self._names[len(self._base):]

    def _data(self, summary):
        return _rft(summary, self.frequency_col, self.recency_col, self.T_col)

    def _covariates(self, summary: pd.DataFrame) -> np.ndarray:
        cols = [*self.covariates_trans, *self.covariates_life]
        if not cols:
            return np.zeros((len(summary), 0))
        check_columns(summary, list(dict.fromkeys(cols)), name="summary")
        Z = summary[cols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(Z)
        if bad.any():
            j = int(np.flatnonzero(bad.any(axis=0))[0])
            raise DataValidationError(f"column {cols[j]!r}: {int(bad[:, j].sum())} rows are missing or not numbers; "
                                      "covariates must be numeric (e.g. 0/1 for a category).")
        return Z

    def _customer_params(self, p, Z):
        """The base parameters, with those of each process scaled per customer by the covariates."""
        p = np.asarray(p, dtype=float)
        base = [p[i] for i in range(len(self._base))]
        k = len(self.covariates_trans)
        if Z is not None and Z.shape[1]:
            for cols, coef, scaled in ((Z[:, :k], p[len(self._base):len(self._base) + k], self._trans_scaled),
                                       (Z[:, k:], p[len(self._base) + k:], self._life_scaled)):
                if cols.shape[1]:
                    for i, sign in scaled:
                        base[i] = base[i] * np.exp(sign * (cols @ coef))
        return tuple(base)

    def _fit_numeric(self, summary, defaults: dict):
        """Fit with numerical gradients on the unique (history, covariates if any) rows: Pareto/NBD, and every
        model with covariates."""
        x, tx, T = self._data(summary)
        Z = self._covariates(summary)
        c = self._counts(summary)
        (xu, txu, Tu, *zu), w, _ = _compress(x, tx, T, *Z.T, weights=c)
        data = (xu, txu, Tu) + ((np.column_stack(zu),) if zu else ())
        z0 = self._start(defaults)
        res = _fit_loglik(lambda z: -np.sum(w * self._loglik(self._from_scale(z), *data)), z0, w.sum(), self._names,
                          jac=False)
        self._mean_T = float(np.average(T, weights=c))
        return self._finish(res, data + (w,), c.sum(), z0, int(c[x > 0].sum()), n_params=len(self._names))


# --------------------------------------------------------------------------- BG/NBD
class BetaGeo(_BTYD):
    """BG/NBD model: purchases at Poisson rate (gamma(r, alpha) across customers);
    after each purchase the customer drops out with probability p (beta(a, b)).

    Parameters
    ----------
    frequency_col, recency_col, T_col : summary columns (repeat purchases, time of
        the last one, time observed since the first), in one time unit.
    initial : optional starting values {r, alpha, a, b}.
    covariates_trans, covariates_life : optional covariate columns (see the class above).
    count_col : optional column with the number of customers each row stands for (unique
        rows with their counts, e.g. from :func:`insight.features.spark.compressed`): the fit is exactly
        the fit on all customers, and ``n_customers_`` is their sum.
    """

    _base = ("r", "alpha", "a", "b")
    _life_scaled = ((2, 1), (3, 1))

    @staticmethod
    def _terms(p, x, tx, T):
        r, alpha, a, b = p
        A1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
        A2 = special.betaln(a, b + x) - special.betaln(a, b)
        A3 = -(r + x) * np.log(alpha + T)
        with np.errstate(divide="ignore", invalid="ignore"):
            A4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx),
                          -np.inf)
        return A1, A2, A3, A4

    def _loglik(self, p, x, tx, T, *Z):
        A1, A2, A3, A4 = self._terms(self._customer_params(p, Z[0] if Z else None), x, tx, T)
        return A1 + A2 + np.logaddexp(A3, A4)

    @classmethod
    def _neg_ll_grad(cls, z, x, tx, T, w):
        p = np.exp(z)
        r, alpha, a, b = p
        A1, A2, A3, A4 = cls._terms(p, x, tx, T)
        L = np.logaddexp(A3, A4)
        w3, w4 = np.exp(A3 - L), np.exp(A4 - L)
        dg = special.digamma
        d_r = dg(r + x) - dg(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * np.log(alpha + tx)
        d_alpha = r / alpha - w3 * (r + x) / (alpha + T) - w4 * (r + x) / (alpha + tx)
        d_a, d_b = cls._d_dropout(a, b, x, w4)
        ll = np.sum(w * (A1 + A2 + L))
        grad = np.array([np.sum(w * d_r), np.sum(w * d_alpha), np.sum(w * d_a), np.sum(w * d_b)]) * p
        return -ll, -grad

    @staticmethod
    def _d_dropout(a, b, x, w4):
        """Derivatives of a customer's log-likelihood in a and b (the dropout terms A2 and A4)."""
        dg = special.digamma
        d_a = dg(a + b) - dg(a + b + x) + w4 / a
        with np.errstate(divide="ignore", invalid="ignore"):
            d_b = dg(a + b) + dg(b + x) - dg(b) - dg(a + b + x) - np.where(x > 0, w4 / (b + x - 1), 0.0)
        return d_a, d_b

    def fit(self, summary: pd.DataFrame, y=None) -> "BetaGeo":
        x, tx, T = self._data(summary)
        c = self._counts(summary)
        defaults = {"r": 1.0, "alpha": max(np.average(T, weights=c), 1e-3), "a": 1.0, "b": 1.0}
        if self.covariates_trans or self.covariates_life:
            return self._fit_numeric(summary, defaults)
        (xu, txu, Tu), w, _ = _compress(x, tx, T, weights=c)
        z0 = self._start(defaults)
        res = _fit_loglik(lambda z: self._neg_ll_grad(z, xu, txu, Tu, w), z0, w.sum(), self._names)
        return self._finish(res, (xu, txu, Tu, w), c.sum(), z0, int(c[x > 0].sum()))

    def _identified(self, p) -> Diagnostics:
        r, alpha, a, b = p[:4]
        if a / (a + b) < 1e-3:
            return Diagnostics("not identified", f"the data show almost no customers leaving (mean dropout chance "
                                                 f"after a purchase {percent(a / (a + b), 3)}), so dropout, P(alive) and "
                                                 "lifetimes cannot be estimated; a longer history is needed.")
        return Diagnostics()

    def p_alive(self, summary: pd.DataFrame) -> pd.Series:
        """P(still active | history); 1 for customers without a repeat purchase (BG/NBD)."""
        x, tx, T = self._data(summary)
        p = self._customer_params(self._p(), self._covariates(summary))
        return pd.Series(self._p_alive(p, x, tx, T), index=summary.index, name="p_alive")

    @staticmethod
    def _p_alive(p, x, tx, T):
        """1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x)) for x > 0, else 1; in log space."""
        r, alpha, a, b = (np.broadcast_to(v, x.shape) for v in p)   # per-customer parameters with covariates
        pos = x > 0
        out = np.ones(len(x))
        xp = x[pos]
        r, alpha, a, b = r[pos], alpha[pos], a[pos], b[pos]
        log_odds = np.log(a) - np.log(b + xp - 1) + (r + xp) * (np.log(alpha + T[pos]) - np.log(alpha + tx[pos]))
        out[pos] = special.expit(-log_odds)
        return out

    def expected_purchases(self, summary: pd.DataFrame, t: float) -> pd.Series:
        """Expected purchases in the next ``t`` time units given each customer's history."""
        check_param("t", t, float, min_val=0.0)
        x, tx, T = self._data(summary)
        p = self._customer_params(self._p(), self._covariates(summary))
        r, alpha, a, b = p
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
            first = (a + b + x - 1) / (a - 1)
            second = 1 - np.exp((r + x) * np.log((alpha + T) / (alpha + T + t))) * hyp
            palive = self._p_alive(p, x, tx, T)
        return pd.Series(first * second * palive, index=summary.index, name="expected_purchases")

    def expected_purchases_new(self, t) -> np.ndarray:
        """Unconditional expected repeat purchases by time ``t`` of a customer who just made a first purchase (with
        covariates: one whose covariates are all 0)."""
        r, alpha, a, b = self._p()[:4]
        t = np.asarray(t, dtype=float)
        hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)


# --------------------------------------------------------------------------- MBG/NBD
class ModifiedBetaGeo(BetaGeo):
    """MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical validation and comparison of
    models for customer base analysis", IJRM 24(3)): as BG/NBD, but a customer may also drop out right
    after the first purchase, so customers without a repeat purchase are not all certainly alive.

    Same parameters as :class:`BetaGeo`: {r, alpha, a, b}.
    """

    @staticmethod
    def _terms(p, x, tx, T):
        r, alpha, a, b = p
        A1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
        A2 = special.betaln(a, b + x + 1) - special.betaln(a, b)
        A3 = -(r + x) * np.log(alpha + T)
        A4 = np.log(a) - np.log(b + x) - (r + x) * np.log(alpha + tx)
        return A1, A2, A3, A4

    @staticmethod
    def _d_dropout(a, b, x, w4):
        dg = special.digamma
        d_a = dg(a + b) - dg(a + b + x + 1) + w4 / a
        d_b = dg(b + x + 1) - dg(b) + dg(a + b) - dg(a + b + x + 1) - w4 / (b + x)
        return d_a, d_b

    @staticmethod
    def _p_alive(p, x, tx, T):
        """1 / (1 + a / (b + x) * ((alpha + T) / (alpha + t_x))^(r + x)), for every customer; in log space."""
        r, alpha, a, b = p
        log_odds = np.log(a) - np.log(b + x) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
        return special.expit(-log_odds)

    def expected_purchases(self, summary: pd.DataFrame, t: float) -> pd.Series:
        """Expected purchases in the next ``t`` time units given each customer's history."""
        check_param("t", t, float, min_val=0.0)
        x, tx, T = self._data(summary)
        p = self._customer_params(self._p(), self._covariates(summary))
        r, alpha, a, b = p
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            hyp = special.hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t))
            first = (a + b + x) / (a - 1)
            second = 1 - np.exp((r + x) * np.log((alpha + T) / (alpha + T + t))) * hyp
        return pd.Series(first * second * self._p_alive(p, x, tx, T), index=summary.index,
                         name="expected_purchases")

    def expected_purchases_new(self, t) -> np.ndarray:
        """Unconditional expected repeat purchases by time ``t`` of a customer who just made a first purchase."""
        r, alpha, a, b = self._p()[:4]
        t = np.asarray(t, dtype=float)
        return b / (a - 1) * (1 - (alpha / (alpha + t)) ** r * special.hyp2f1(r, b + 1, a + b, t / (alpha + t)))


# --------------------------------------------------------------------------- Pareto/NBD
class ParetoNBD(_BTYD):
    """Pareto/NBD model: purchases at Poisson rate lambda ~ gamma(r, alpha); lifetimes
    exponential with rate mu ~ gamma(s, beta).

    Same parameters as :class:`BetaGeo`; ``initial`` holds {r, alpha, s, beta}. Time-invariant
    covariates (columns of the summary, e.g. gender or acquisition channel as 0/1) enter as in
    CLVTools: ``covariates_trans`` scale each customer's purchase rate, alpha_i = alpha
    exp(-gamma_trans' z_i), and ``covariates_life`` their dropout rate, beta_i = beta
    exp(-gamma_life' z_i); the coefficients are ``trans_<column>`` and ``life_<column>`` in
    ``params_`` (positive: more purchases, or leaving sooner).
    """

    _base = ("r", "alpha", "s", "beta")
    _life_scaled = ((3, -1),)

    @staticmethod
    def _log_a0(p, x, tx, T):
        """log of A0 (Fader & Hardie 2005 note, eq. 19-20), computed in log space; alpha and beta may be arrays."""
        r, alpha, s, beta = p
        rsx = r + s + x
        big = np.asarray(alpha >= beta)
        b_arg, base = np.where(big, s + 1, r + x), np.where(big, alpha, beta)
        d = np.abs(alpha - beta)
        z1, z2 = d / (base + tx), d / (base + T)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            l1 = np.log(special.hyp2f1(rsx, b_arg, rsx + 1, z1)) - rsx * np.log(base + tx)
            l2 = np.log(special.hyp2f1(rsx, b_arg, rsx + 1, z2)) - rsx * np.log(base + T)
            # A0 = exp(l1) - exp(l2) with l1 >= l2
            return l1 + np.log(-np.expm1(np.minimum(l2 - l1, -1e-300)))

    @classmethod
    def _parts(cls, p, x, tx, T):
        r, alpha, s, beta = p
        head = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        la = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
        lb = np.log(s) - np.log(r + s + x) + cls._log_a0(p, x, tx, T)
        return head, la, lb

    def _loglik(self, p, x, tx, T, *Z):
        head, la, lb = self._parts(self._customer_params(p, Z[0] if Z else None), x, tx, T)
        # customers with tx == T exactly make A0 = 0 (log -inf); logaddexp handles it
        return head + np.logaddexp(la, lb)

    def fit(self, summary: pd.DataFrame, y=None) -> "ParetoNBD":
        _, _, T = self._data(summary)
        mean_T = max(np.average(T, weights=self._counts(summary)), 1e-3)
        return self._fit_numeric(summary, {"r": 0.5, "alpha": mean_T, "s": 0.5, "beta": mean_T})

    def _identified(self, p) -> Diagnostics:
        r, alpha, s, beta = p[:4]
        gone = 1 - (beta / (beta + self._mean_T)) ** s   # share expected to leave within the mean observation time
        if gone < 0.01:
            return Diagnostics("not identified", f"the data show almost no customers leaving (by the model, "
                                                 f"{gone:.1%} leave within the observed time), so dropout, P(alive) "
                                                 "and lifetimes cannot be estimated; a longer history is needed.")
        if s <= 1:
            return Diagnostics("ok", "", [f"the expected lifetime is infinite (s = {s:.2f} <= 1: some customers "
                                          "practically never leave), so no mean lifetime is given."])
        return Diagnostics()

    def expected_lifetime(self) -> float:
        """Mean time to dropout, beta / (s - 1) (of a customer with covariates 0); NaN when it is infinite (s <= 1)
        or not identified."""
        r, alpha, s, beta = self._p()[:4]
        return beta / (s - 1) if s > 1 and self.diagnostics_.ok else float("nan")

    def p_alive(self, summary: pd.DataFrame) -> pd.Series:
        x, tx, T = self._data(summary)
        _, la, lb = self._parts(self._customer_params(self._p(), self._covariates(summary)), x, tx, T)
        return pd.Series(special.expit(la - lb), index=summary.index, name="p_alive")

    def expected_purchases(self, summary: pd.DataFrame, t: float) -> pd.Series:
        check_param("t", t, float, min_val=0.0)
        x, tx, T = self._data(summary)
        r, alpha, s, beta = self._customer_params(self._p(), self._covariates(summary))
        pa = self.p_alive(summary).to_numpy()
        e = (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))
        return pd.Series(e * pa, index=summary.index, name="expected_purchases")

    def expected_purchases_new(self, t) -> np.ndarray:
        r, alpha, s, beta = self._p()[:4]
        t = np.asarray(t, dtype=float)
        return r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))


# --------------------------------------------------------------------------- Gamma-Gamma
class GammaGamma(CustomerBaseModel):
    """Gamma-Gamma model of the mean spend per repeat purchase.

    Fitted on customers with at least one repeat purchase and a positive mean
    repeat spend (``count_col``: optional column of customers per row, as for :class:`BetaGeo`). Customers whose repeat purchases are all 0 (the full CDNOW file has
    one) cannot enter the likelihood: they are excluded, counted in
    ``n_excluded_zero_`` and listed in ``excluded_``, not a crash.
    """

    _names = ("p", "q", "gamma")

    def __init__(self, frequency_col: str = "frequency", monetary_col: str = "monetary_value",
                 initial: dict | None = None, count_col: str | None = None):
        self.frequency_col = frequency_col
        self.monetary_col = monetary_col
        self.initial = initial
        self.count_col = count_col

    def _data(self, summary):
        if not isinstance(summary, pd.DataFrame):
            raise DataValidationError(f"parameter 'summary' must be a pandas DataFrame, got {type(summary).__name__}.")
        check_columns(summary, [self.frequency_col, self.monetary_col], name="summary")
        x = pd.to_numeric(summary[self.frequency_col], errors="coerce").to_numpy(dtype=float)
        m = pd.to_numeric(summary[self.monetary_col], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isfinite(m) | (m < 0)
        if bad.any():
            raise DataValidationError(f"column {self.monetary_col!r}: {int(bad.sum())} of {len(m)} rows are missing, "
                                      f"infinite or negative; e.g. {float(m[bad][0])!r}. Net returns out first.")
        return x, m

    @staticmethod
    def _loglik(p_, x, m):
        p, q, g = p_
        return (special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q) + q * np.log(g)
                + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(g + m * x))

    def fit(self, summary: pd.DataFrame, y=None) -> "GammaGamma":
        x, m = self._data(summary)
        c = self._counts(summary)
        repeat = x > 0
        zero = repeat & (m == 0)
        self.n_excluded_zero_ = int(c[zero].sum())
        self.excluded_ = list(summary.index[zero])
        use = repeat & (m > 0) & (c > 0)
        n_use = int(c[use].sum())
        if n_use < 3:
            raise DataValidationError(f"summary: {n_use} customers with a repeat purchase and positive "
                                      "spend; at least 3 are needed for the Gamma-Gamma model.")
        (xu, mu), w, _ = _compress(x[use], m[use], weights=c[use])
        z0 = self._start({"p": 1.0, "q": 1.0, "gamma": 1.0})
        dg = special.digamma

        def nll_grad(z):
            p, q, g = np.exp(z)
            ll = self._loglik((p, q, g), xu, mu)
            d_p = xu * (dg(p * xu + q) - dg(p * xu) + np.log(mu) + np.log(xu) - np.log(g + mu * xu))
            d_q = dg(p * xu + q) - dg(q) + np.log(g) - np.log(g + mu * xu)
            d_g = q / g - (p * xu + q) / (g + mu * xu)
            grad = np.array([np.sum(w * d_p), np.sum(w * d_q), np.sum(w * d_g)]) * np.exp(z)
            return -np.sum(w * ll), -grad

        res = _fit_loglik(nll_grad, z0, w.sum(), self._names)
        return self._finish(res, (xu, mu, w), n_use, z0, n_use, n_params=3)

    def _identified(self, p) -> Diagnostics:
        if p[1] <= 1:
            return Diagnostics("not identified", f"the spread of spend is so wide (q = {p[1]:.2f} <= 1) that mean spend "
                                                 "per purchase has no finite value; spend is not modelled.")
        return Diagnostics()

    def _check_fitted(self):
        if not hasattr(self, "params_"):
            raise NotFittedError("This GammaGamma instance is not fitted yet; call fit(summary) first.")


    def expected_spend(self, summary: pd.DataFrame) -> pd.Series:
        """Expected mean spend per future purchase; the population mean for customers without repeats."""
        self._check_fitted()
        x, m = self._data(summary)
        p, q, g = (self.params_[k] for k in self._names)
        e = (g + m * x) * p / (p * x + q - 1)
        return pd.Series(e, index=summary.index, name="expected_spend")


#: the count models by the name notebooks and the command line use
COUNT_MODELS = {"bgnbd": BetaGeo, "mbgnbd": ModifiedBetaGeo, "pareto": ParetoNBD}


def fit_models(data: pd.DataFrame, model: str = "bgnbd"):
    """The count model named ``model`` (see :data:`COUNT_MODELS`) and the Gamma-Gamma spend model, fitted."""
    check_in("model", model, list(COUNT_MODELS))
    return COUNT_MODELS[model]().fit(data), GammaGamma().fit(data)


def describe_fit(count_model, spend_model, time_unit: str = "W") -> str:
    """What the fitted models say, in plain words; where a fit cannot support a figure it says so
    instead of giving one (dropout not identified, spend not converged, too little data)."""
    unit = {"W": "week", "D": "day", "M": "month"}.get(time_unit, time_unit)
    P, d = count_model.params_, count_model.diagnostics_
    if d.status in ("too little data", "not converged"):
        text = f"**The purchase model cannot be trusted on these data:** {d.message}"
    else:
        text = (f"Purchase rates vary between customers (shape r = {P['r']:.2f}); while active, a customer buys on "
                f"average {P['r'] / P['alpha']:.3f} times per {unit}.")
        if not d.ok:
            text += f" **Dropout is not identified:** {d.message}"
        elif "a" in P:
            text += (f" After each repeat purchase a customer leaves with probability {P['a'] / (P['a'] + P['b']):.2f} "
                     "on average.")
        else:
            life = count_model.expected_lifetime()
            text += f" Customers leave at a mean rate of {P['s'] / P['beta']:.3f} per {unit}"
            text += f", an expected lifetime of about {life:,.0f} {unit}s." if np.isfinite(life) else \
                "; " + " ".join(d.notes)
    g = spend_model.diagnostics_
    if g.ok:
        gg = spend_model.params_
        text += f" Spend per purchase averages {gg['gamma'] * gg['p'] / (gg['q'] - 1):,.2f} across customers."
    else:
        text += f" **Spend is not modelled:** {g.message}"
    if spend_model.n_excluded_zero_:
        text += (f" {spend_model.n_excluded_zero_} customer(s) whose repeat purchases were all 0 are left out of the "
                 "spend model.")
    return text


# --------------------------------------------------------------------------- value
def customer_value(count_model, spend_model, summary: pd.DataFrame, *, horizon: float = 52.0,
                   step: float | None = None, discount_rate: float = 0.01, margin: float = 1.0) -> pd.DataFrame:
    """Per customer: P(alive), expected purchases and spend, and CLV over ``horizon``.

    CLV sums, over steps of ``step`` time units, the expected purchases in each step x
    expected spend x ``margin``, discounted at ``discount_rate`` per step: ``sum_k margin *
    E[spend] * (E[Y(k)] - E[Y(k-1)]) / (1 + d)^k``. Without ``step`` the steps are months in
    the summary's time unit (``summary.attrs["time_unit"]``, carried by
    :func:`~insight.features.summary.customer_summary`); a summary without one needs ``step``.
    """
    if step is None:
        from ...features.summary import TIME_UNITS

        unit = summary.attrs.get("time_unit")
        if unit not in TIME_UNITS:
            raise DataValidationError("parameter 'step': the summary does not say its time unit (attrs['time_unit']), "
                                      "so give the step length in its time units (e.g. 4.345 for months in weeks).")
        step = TIME_UNITS["M"] / TIME_UNITS[unit]
    check_param("horizon", horizon, float, min_val=0.0, include_min=False)
    check_param("step", step, float, min_val=0.0, include_min=False)
    check_param("discount_rate", discount_rate, float, min_val=0.0)
    check_param("margin", margin, float, min_val=0.0)
    spend = spend_model.expected_spend(summary).to_numpy()
    n_steps = int(np.ceil(horizon / step))
    prev = np.zeros(len(summary))
    clv = np.zeros(len(summary))
    for k in range(1, n_steps + 1):
        cur = count_model.expected_purchases(summary, min(k * step, horizon)).to_numpy()
        clv += margin * spend * (cur - prev) / (1 + discount_rate) ** k
        prev = cur
    return pd.DataFrame({"p_alive": count_model.p_alive(summary).to_numpy(),
                         "expected_purchases": prev, "expected_spend": spend, "clv": clv}, index=summary.index)


@dataclass
class CustomerValues:
    """P(alive), expected purchases, spend and CLV per customer, with the figures a report states.

    Built by :func:`value_customers`. When the purchase model's dropout is not identified
    (see :class:`Diagnostics`), ``trusted`` is False and the sentences say so instead of
    giving P(alive), churn or CLV figures.
    """

    values: pd.DataFrame              # p_alive, expected_purchases, expected_spend, clv, past_revenue
    churned: pd.Series                # P(alive) below the threshold (all False when not trusted)
    new_customer_value: float         # CLV of a customer who has just made a first purchase
    trusted: bool
    reason: str
    horizon: float
    time_unit: str
    margin: float
    p_alive_threshold: float
    discount_rate: float = 0.01

    def sentence(self, currency: str = "USD") -> str:
        from ...formats import money, percent

        if not self.trusted:
            return f"**No P(alive), churn or CLV figures for these data:** {self.reason}"
        rev = self.values["past_revenue"]
        return (f"**{percent(self.churned.mean())}** of customers ({int(self.churned.sum()):,} of {len(self.churned):,}) "
                f"have probably left (P(alive) below {percent(self.p_alive_threshold)}); they brought "
                f"{percent(rev[self.churned].sum() / rev.sum())} of past revenue. The customers' expected margin over "
                f"the next {self.horizon_words()} is **{money(self.values['clv'].sum(), currency)}**.")

    def horizon_words(self) -> str:
        from ...formats import UNIT_NAMES

        return f"{self.horizon:g} {UNIT_NAMES.get(self.time_unit, self.time_unit)}"

    def assumptions(self, currency: str = "USD") -> str:
        """What the CLV figures rest on, in words."""
        from ...formats import percent

        return (f"Assumes: a {percent(self.margin)} margin on revenue, a horizon of {self.horizon_words()}, a discount "
                f"rate of {percent(self.discount_rate, 1)} a month; amounts in {currency}. Expected purchases come "
                "from the purchase model, spend per purchase from the Gamma-Gamma model.")

    def loyal_sentence(self, top: float = 0.2, claim: float = 10.0, currency: str = "USD") -> str:
        """The claim "a loyal customer is worth up to 10 times a new one", with "loyal" the top 20% by frequency."""
        from ...formats import money

        freq = self.values["frequency"]
        loyal = freq >= freq.quantile(1 - top)
        mean_loyal = self.values.loc[loyal, "clv"].mean()
        ratio = mean_loyal / self.new_customer_value if self.new_customer_value > 0 else float("nan")
        return (f"A new customer is expected to be worth {money(self.new_customer_value, currency, 2)}; the top "
                f"{top:.0%} by frequency average {money(mean_loyal, currency, 2)}, **{ratio:.1f} times** as much. The "
                "claim 'up to "
                f"{claim:g} times' {'holds' if ratio >= claim else 'is not reached'} here.")

    def at_risk(self, top_n: int) -> pd.DataFrame:
        """The churned customers with the highest past revenue, most valuable first."""
        check_param("top_n", top_n, int, min_val=1)
        cols = ["p_alive", "expected_purchases", "expected_spend", "clv", "past_revenue"]
        return self.values.loc[self.churned, cols].sort_values("past_revenue", ascending=False).head(top_n)

    def by_group(self, groups: pd.Series) -> pd.DataFrame:
        """Customers, mean and total CLV and share of total CLV per group (e.g. customer type)."""
        g = groups.reindex(self.values.index)
        out = self.values["clv"].groupby(g).agg(["size", "mean", "sum"])
        out["share of total CLV"] = out["sum"] / out["sum"].sum()
        return out.rename(columns={"size": "customers", "mean": "mean CLV", "sum": "total CLV"})


def value_customers(count_model, spend_model, summary: pd.DataFrame, *, horizon: float = 52.0,
                    time_unit: str | None = None, discount_rate: float = 0.01, margin: float = 1.0,
                    p_alive_threshold: float = 0.5) -> CustomerValues:
    """CLV and P(alive) for every customer of ``summary`` (see :func:`customer_value`), with monthly steps
    in the summary's time unit (``summary.attrs["time_unit"]`` unless given), and the report's figures."""
    from ...features.summary import TIME_UNITS

    unit = time_unit or summary.attrs.get("time_unit")
    if unit not in TIME_UNITS:
        raise DataValidationError(f"parameter 'time_unit' == {unit!r}: give the summary's time unit, one of "
                                  f"{list(TIME_UNITS)}.")
    check_param("p_alive_threshold", p_alive_threshold, float, min_val=0.0, max_val=1.0)
    step = TIME_UNITS["M"] / TIME_UNITS[unit]
    kw = {"horizon": horizon, "step": step, "discount_rate": discount_rate, "margin": margin}
    values = customer_value(count_model, spend_model, summary, **kw)
    values["past_revenue"] = summary["total_revenue"] if "total_revenue" in summary else np.nan
    values["frequency"] = summary[count_model.frequency_col]
    new = pd.DataFrame({count_model.frequency_col: [0.0], count_model.recency_col: [0.0], count_model.T_col: [0.0],
                        spend_model.monetary_col: [0.0]})
    new_value = float(customer_value(count_model, spend_model, new, **kw)["clv"].iloc[0])
    diag = count_model.diagnostics_
    trusted = diag.ok and spend_model.diagnostics_.ok
    reason = diag.message if not diag.ok else spend_model.diagnostics_.message
    churned = (values["p_alive"] < p_alive_threshold) & trusted
    return CustomerValues(values, churned, new_value, trusted, reason, horizon, unit, margin, p_alive_threshold,
                          discount_rate)


def revenue_last_year(source, end, index) -> pd.Series:
    """Purchase revenue per customer of ``index`` in the 365 days up to ``end``: the difference of two summaries.

    ``source`` is a :class:`~insight.data.datasets.TransactionSource`; customers without purchases get 0.
    """
    from ...features.summary import customer_summary

    end = pd.Timestamp(end)
    kw = {**source.summary_kwargs(), "visits": None, "discount_col": None, "category_col": None}
    now = customer_summary(source.transactions, as_of=end, **kw)["total_revenue"]
    before = customer_summary(source.transactions, as_of=end - pd.Timedelta(days=365), **kw)["total_revenue"]
    return (now - before.reindex(now.index, fill_value=0.0)).reindex(index, fill_value=0.0)


def current_values(source, *, model: str = "bgnbd", time_unit: str = "W", end=None, horizon: float = 52.0,
                   discount_rate: float = 0.01, margin: float = 0.3, p_alive_threshold: float = 0.5):
    """Every customer's P(alive) and CLV from all purchases up to ``end`` (default: the last purchase day).

    ``source`` is a :class:`~insight.data.datasets.TransactionSource`. Returns ``(values, summary, (count_model,
    spend_model))``. The CLV and overview reports both call this, so their figures are the same.
    """
    import warnings

    from ...exceptions import ConvergenceWarning

    tx, kw = source.transactions, source.summary_kwargs()
    if end is None:
        end = split_dates(source, "", "")[1]
    end = pd.Timestamp(end)
    full = calibration_holdout(tx, kw["customer_col"], kw["date_col"], kw["amount_col"],
                               calibration_end=end - pd.Timedelta(days=1), holdout_end=end, time_unit=time_unit,
                               drop_duplicates=kw["drop_duplicates"], timezone=kw.get("timezone", "UTC"),
                               engine=kw["engine"])
    with warnings.catch_warnings():   # the fit's status is in values.trusted / values.reason, stated in words
        warnings.simplefilter("ignore", ConvergenceWarning)
        models = fit_models(full, model)
    values = value_customers(*models, full, horizon=horizon, discount_rate=discount_rate, margin=margin,
                             p_alive_threshold=p_alive_threshold)
    return values, full, models


# --------------------------------------------------------------------------- holdout
def calibration_holdout(transactions, customer_col: str | None = None, date_col: str | None = None,
                        amount_col: str | None = None, *, calibration_end, holdout_end, time_unit: str = "W",
                        **summary_kwargs):
    """Split a log at ``calibration_end``: calibration summary plus actual holdout purchases.

    ``transactions`` is anything :func:`insight.features.summary.customer_summary` reads (a
    DataFrame, a Parquet/CSV file or a data specification); ``summary_kwargs`` go to it
    (e.g. ``drop_duplicates``, ``timezone``). Customers first seen in the holdout period
    are excluded (and counted). Returns a DataFrame of the calibration summary with
    ``holdout_purchases`` (repeat purchase days in the holdout) and ``holdout_length``
    (time units), and in ``attrs``: ``cleaning``, ``new_in_holdout``.
    """
    from ...features.summary import TIME_UNITS, customer_summary

    cal_end, hold_end = pd.Timestamp(calibration_end), pd.Timestamp(holdout_end)
    if hold_end <= cal_end:
        raise DataValidationError(f"parameter 'holdout_end' == {hold_end.date()} must be after "
                                  f"'calibration_end' == {cal_end.date()}.")
    full = customer_summary(transactions, customer_col, date_col, amount_col, as_of=hold_end, time_unit=time_unit,
                            **summary_kwargs)
    first = full["first_purchase"]
    if (first > cal_end).all():
        raise DataValidationError(f"parameter 'calibration_end' == {cal_end.date()}: the calibration period holds no "
                                  f"purchase (the first is on {first.min().date()}).")
    cal = customer_summary(transactions, customer_col, date_col, amount_col, as_of=cal_end, time_unit=time_unit,
                           **summary_kwargs)
    new = full.index.difference(cal.index)
    out = cal.copy()
    out["holdout_purchases"] = (full.loc[cal.index, "purchases"] - cal["purchases"]).astype(float)
    out["holdout_length"] = (hold_end - cal_end).days / TIME_UNITS[time_unit]
    out.attrs["cleaning"] = full.attrs["cleaning"]
    out.attrs["new_in_holdout"] = int(len(new))
    out.attrs["calibration_end"], out.attrs["holdout_end"] = cal_end, hold_end
    return out


def describe_split(data: pd.DataFrame) -> str:
    """The calibration/holdout split of :func:`calibration_holdout` in one sentence."""
    return (f"{len(data):,} customers in the calibration period; {data.attrs['new_in_holdout']:,} first seen in the "
            f"holdout are left out. {int(data['frequency'].sum()):,} repeat purchases in calibration, "
            f"{int(data['holdout_purchases'].sum()):,} in the holdout.")


def split_dates(source, calibration_end: str = "", holdout_end: str = "") -> tuple[pd.Timestamp, pd.Timestamp]:
    """Calibration and holdout ends for a :class:`~insight.data.datasets.TransactionSource`.

    Given dates are used as they are. Otherwise a bundled data set's published split is
    used, and for other data the holdout ends on the last purchase day and the
    calibration period ends halfway between the first purchase day and that day (the
    39 + 39 weeks of the CDNOW studies are such a split).
    """
    from ...features.summary import customer_summary

    cal = calibration_end or (source.split[0] if source.split else "")
    hold = holdout_end or (source.split[1] if source.split else "")
    if not cal or not hold:
        full = customer_summary(source.transactions, **{**source.summary_kwargs(), "visits": None,
                                                         "discount_col": None, "category_col": None})
        first, last = full["first_purchase"].min(), full.attrs["as_of"]
        if (last - first).days < 2:
            raise DataValidationError(f"{source.name}: purchases span {(last - first).days} day(s) ({first.date()} to "
                                      f"{last.date()}); a calibration and a holdout period need more.")
        hold = hold or last
        cal = cal or first + (pd.Timestamp(hold) - first) / 2
    try:
        return pd.Timestamp(cal).normalize(), pd.Timestamp(hold).normalize()
    except ValueError:
        raise DataValidationError(f"parameters 'calibration_end' == {calibration_end!r} and 'holdout_end' == "
                                  f"{holdout_end!r}: must be dates such as 2024-06-30, or empty.") from None


def _holdout_metrics(pred, data: pd.DataFrame, frequency_col: str = "frequency", T_col: str = "T") -> dict:
    t = float(data["holdout_length"].iloc[0])
    act = data["holdout_purchases"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        naive = np.where(data[T_col] > 0, data[frequency_col] / data[T_col] * t, 0.0)
    return {
        "customers": len(act),
        "actual_total": float(act.sum()),
        "predicted_total": float(pred.sum()),
        "total_error": float(pred.sum() / act.sum() - 1),
        "mae": float(np.mean(np.abs(pred - act))),
        "correlation": float(np.corrcoef(pred, act)[0, 1]),
        "naive_total": float(naive.sum()),
        "naive_mae": float(np.mean(np.abs(naive - act))),
        "naive_correlation": float(np.corrcoef(naive, act)[0, 1]),
    }


def holdout_report(model, data: pd.DataFrame) -> dict:
    """Predicted vs actual holdout purchases: per-customer MAE, totals, correlation, and a naive baseline.

    ``data`` comes from :func:`calibration_holdout`. The baseline repeats each
    customer's calibration rate: frequency / T x holdout length.
    """
    check_columns(data, [model.frequency_col, model.recency_col, model.T_col, "holdout_purchases", "holdout_length"],
                  name="data")
    t = float(data["holdout_length"].iloc[0])
    return _holdout_metrics(model.expected_purchases(data, t).to_numpy(), data, model.frequency_col, model.T_col)


@dataclass
class HoldoutCheck:
    """The holdout comparison of :func:`holdout_check`: model, naive baseline, lifetimes (when it fits), actual."""

    table: pd.DataFrame
    metrics: dict
    lifetimes_failed: str = ""

    def sentence(self) -> str:
        h = self.metrics
        verdict = "the model earns its keep" if h["mae"] < h["naive_mae"] else "the model does not beat the baseline"
        text = (f"Summed predictions are {h['total_error']:+.1%} off the actual {h['actual_total']:,.0f} holdout "
                f"purchases; per customer the model's error is {h['mae']:.3f} against {h['naive_mae']:.3f} for the "
                f"naive baseline ({verdict}).")
        if self.lifetimes_failed:
            reason = str(self.lifetimes_failed).split(":")[0]     # the exception's name; the message is for developers
            text += f" The lifetimes cross-check could not fit these data ({reason}); insight's fit stands alone."
        return text


def holdout_check(model, data: pd.DataFrame, name: str = "bgnbd") -> HoldoutCheck:
    """:func:`holdout_report` as a table beside the naive baseline and, where it fits, the lifetimes package
    on the same split (``name`` is the registry name of ``model``)."""
    h = holdout_report(model, data)
    rows = ["total holdout purchases", "mean absolute error per customer", "correlation with actual"]
    table = pd.DataFrame({"model": [h["predicted_total"], h["mae"], h["correlation"]],
                          "naive baseline": [h["naive_total"], h["naive_mae"], h["naive_correlation"]],
                          "actual": [h["actual_total"], 0.0, 1.0]}, index=rows)
    ref = lifetimes_holdout(data, name)
    if ref is not None and "failed" not in ref:
        table.insert(1, "lifetimes (same split)", [ref["predicted_total"], ref["mae"], ref["correlation"]])
    return HoldoutCheck(table, h, ref["failed"] if ref is not None and "failed" in ref else "")


def lifetimes_holdout(data: pd.DataFrame, model: str = "bgnbd") -> dict | None:
    """The same holdout figures from the ``lifetimes`` package fitted on the same split.

    A reference column for the report, so readers can see that the numbers are not
    an artefact of this implementation. Returns None when ``lifetimes`` (a dev
    extra, not a dependency) is not installed, and ``{"failed": reason}`` when its
    fit fails (it raises ConvergenceError on many small logs): a cross-check never
    fails a report. Its own holdout utility fails on current pandas, so only its
    fitter and predictor are used here.
    """
    check_in("model", model, list(COUNT_MODELS))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from lifetimes import BetaGeoFitter, ModifiedBetaGeoFitter, ParetoNBDFitter
    except ImportError:
        return None
    check_columns(data, ["frequency", "recency", "T", "holdout_purchases", "holdout_length"], name="data")
    import contextlib
    import io

    fitter = {"bgnbd": BetaGeoFitter, "mbgnbd": ModifiedBetaGeoFitter, "pareto": ParetoNBDFitter}[model]()
    with warnings.catch_warnings(), np.errstate(all="ignore"), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        try:
            fitter.fit(data["frequency"], data["recency"], data["T"])
            pred = fitter.conditional_expected_number_of_purchases_up_to_time(
                float(data["holdout_length"].iloc[0]), data["frequency"], data["recency"], data["T"])
        except Exception as exc:  # lifetimes' ConvergenceError, LinAlgError, ...
            return {"failed": f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"}
    return _holdout_metrics(np.asarray(pred, dtype=float), data)


def tracking_sentence(track: pd.DataFrame) -> str:
    """How far the cumulative tracking curve of :func:`tracking` ends from the actual repeat purchases."""
    gap = track["expected_cumulative"].iloc[-1] / track["actual_cumulative"].iloc[-1] - 1
    return (f"At the end of the holdout the cumulative curve is {gap:+.1%} off the actual repeat purchases of the "
            "whole cohort, a smaller gap than the summed holdout predictions show, because it also counts the "
            "calibration period the model was fitted on.")


def tracking(model, transactions, customer_col: str, date_col: str, amount_col: str, *,
             calibration_end, holdout_end, time_unit: str = "W", draws: pd.DataFrame | None = None,
             level: float = 0.9) -> pd.DataFrame:
    """Actual and expected repeat purchases per period, for the cohort seen by ``calibration_end``.

    ``transactions`` is a DataFrame or a data specification (whose role names are then
    the column names). Expected counts sum, over customers, the model's unconditional
    expected repeat purchases since each customer's first purchase. Returns one row per
    period with ``actual``, ``expected`` and their cumulative sums, and
    ``attrs['calibration_period']``. With ``draws`` (parameter sets, e.g. from
    :func:`insight.models.clv.intervals.parameter_draws`) the cumulative expectation gets a ``level``
    band: ``expected_cumulative_low`` and ``_high``.
    """
    from ...data.spec import DataSpec
    from ...features.summary import TIME_UNITS
    from ...validate import merge_same_day

    unit = TIME_UNITS[time_unit]
    cal_end, hold_end = pd.Timestamp(calibration_end), pd.Timestamp(holdout_end)
    if isinstance(transactions, DataSpec):
        transactions, _ = transactions.load()
    elif not isinstance(transactions, pd.DataFrame):
        raise DataValidationError(f"parameter 'transactions' must be a DataFrame or a data specification, got "
                                  f"{type(transactions).__name__}.")
    tx = transactions[[customer_col, date_col, amount_col]].dropna(subset=[customer_col])
    tx = tx[pd.to_numeric(tx[amount_col], errors="coerce") >= 0]
    days, _ = merge_same_day(tx, customer_col, date_col, amount_col)
    first = days.groupby(customer_col)[date_col].transform("min")
    days = days[(first <= cal_end) & (days[date_col] <= hold_end)]
    first = first.loc[days.index]
    start = first.min()
    period = ((days[date_col] - start).dt.days // unit).astype(int)
    n_periods = int((hold_end - start).days // unit) + 1
    actual = np.bincount(period[days[date_col] > first], minlength=n_periods)[:n_periods]
    f = ((days.groupby(customer_col)[date_col].min() - start).dt.days / unit).to_numpy()
    uniq, cnt = np.unique(f, return_counts=True)
    ends = np.arange(1, n_periods + 1, dtype=float)
    age = np.clip(ends[:, None] - uniq[None, :], 0, None)

    def cumulative(m):
        return (m.expected_purchases_new(age) * cnt).sum(axis=1)

    cum_exp = cumulative(model)
    out = pd.DataFrame({"period": np.arange(1, n_periods + 1), "actual": actual,
                        "expected": np.diff(np.concatenate([[0.0], cum_exp]))})
    out["actual_cumulative"] = out["actual"].cumsum()
    out["expected_cumulative"] = cum_exp
    if draws is not None:
        sims = []
        for row in np.asarray(draws, dtype=float):
            with np.errstate(all="ignore"):
                sims.append(cumulative(model._with_params(row)))
        sims = np.array(sims)
        sims = sims[np.isfinite(sims).all(axis=1)]
        out["expected_cumulative_low"], out["expected_cumulative_high"] = np.quantile(
            sims, [(1 - level) / 2, 1 - (1 - level) / 2], axis=0)
    out.attrs["calibration_period"] = (cal_end - start).days / unit
    return out
