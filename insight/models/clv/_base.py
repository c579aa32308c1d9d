"""The one base of every customer-base model, and the fitting each model inherits.

Buy-till-you-die and related models, one per file in this package (BG/NBD and MBG/NBD,
Pareto/NBD, Gamma-Gamma, BG/BB, shifted-beta-geometric), are fitted by maximum likelihood on
the same contract: ``fit(data)`` validates, sets fitted attributes ending in ``_``
(``params_``, ``standard_errors_``, ``log_likelihood_``, ``aic_``, ``diagnostics_``) and
returns ``self``; ``summary()`` tables them (the report writes them in words:
:mod:`insight.report.sections.clv`).

Why written here rather than imported: ``lifetimes`` does this but is in
maintenance mode (its README says it will not add features or answer issues) and
its holdout utility fails on current pandas; ``pymc-marketing`` needs PyMC (about
3.5 s to import, heavy dependencies). These models are a few formulas on
numpy/scipy: likelihoods are computed in log space (``gammaln``, ``logaddexp``,
log-hypergeometric terms) so customers with thousands of purchases or very long
observation times do not overflow, and customers with identical data are fitted
once with a weight (:func:`compress`).

``fit(summary)`` takes the table of :func:`insight.features.summary.customer_summary`
(columns ``frequency``, ``recency``, ``T``, ``monetary_value``; other names can be given).
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass, field
from typing import Callable, ClassVar

import numpy as np
import pandas as pd
from scipy import optimize
from sklearn.base import BaseEstimator

from ...exceptions import ConvergenceWarning, DataValidationError
from ...validate import FittedCheck, check_columns

__all__ = ["CustomerBaseModel", "Diagnostics", "MIN_REPEAT_CUSTOMERS"]


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


def compress(*cols, weights=None):
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


def fit_loglik(neg_ll_grad, x0_log, n_weight, names, jac=True):
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
    """How far a fit can be trusted, as codes and numbers (the report writes the words).

    ``status`` is one of "ok", "not_converged", "at_boundary", "not_identified" or "too_little_data";
    ``reason`` names what the data cannot support ("few_repeaters", "stuck", "edge", "flat", "no_dropout",
    "spend_spread", "one_period", "nonfinite_predictions"; "" when ok) and ``values`` holds its numbers;
    ``notes`` are codes of remarks on a fit that is ok ("infinite_lifetime"). Reports give the reason instead of
    a number when ``ok`` is False.
    """

    status: str = "ok"
    reason: str = ""
    values: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


#: a count model needs at least this many repeat buyers to say anything about purchase and dropout rates
MIN_REPEAT_CUSTOMERS = 20


def _fit_status(res, z0, n_repeat: int) -> Diagnostics:
    """The generic part of a fit's diagnostics: too little data, stuck at the start, not converged, boundary."""
    if n_repeat < MIN_REPEAT_CUSTOMERS:
        return Diagnostics("too_little_data", "few_repeaters", {"n": n_repeat, "needed": MIN_REPEAT_CUSTOMERS})
    if np.allclose(res.x, z0, rtol=0, atol=1e-6):
        return Diagnostics("not_converged", "stuck")
    if np.any(np.abs(res.x) >= 11.9):
        return Diagnostics("at_boundary", "edge")
    if not _settled(res):
        return Diagnostics("not_converged", "flat")
    return Diagnostics()


class CustomerBaseModel(FittedCheck, BaseEstimator):
    """What every customer-base model provides (the model contract).

    Parameters go to ``__init__`` (column names and optional ``initial`` starting values);
    ``fit(summary)`` fits by maximum likelihood on the unique rows of the summary with their
    counts (exact: the likelihood of identical customers is the same) and returns ``self``.
    A fitted model has ``params_``, ``standard_errors_`` (numerical Hessian), ``log_likelihood_``,
    ``aic_``, ``bic_``, ``n_customers_`` and ``diagnostics_`` (a :class:`Diagnostics`), a
    ``summary()`` table; it pickles and works with ``sklearn.base.clone``.

    **Adding a model** is one file in this package: a subclass that sets the class attributes
    below (the registry is built from them, :mod:`insight.models.clv.registry`), its
    ``param_names``, a ``fit`` that calls ``_finish``, and ``_loglik(p, *columns)``.
    What intervals, goodness of fit, Spark and the plots use is this public protocol:
    ``param_vector``, :meth:`with_params`, :meth:`to_fit_scale` / ``from_fit_scale``,
    :meth:`log_likelihood_at`, ``check_fitted``, and for the count models
    ``data_columns``, ``covariate_matrix``, ``customer_params`` and
    :meth:`simulate_repeats`. The contract test (``tests/models/clv/test_contract.py``) runs every
    registered model through fit, summary, pickle, clone and new parameters.
    """

    #: the model's name in the registry ("" keeps a base class out of it)
    registry_name: ClassVar[str] = ""
    #: the model's name for readers, e.g. "BG/NBD"
    display_name: ClassVar[str] = ""
    #: the business setting the model is for
    setting: ClassVar[str] = ""
    #: what the model fits on
    fits_on: ClassVar[str] = ""
    #: "count" (repeat purchases in continuous time, from a customer summary: holdout, goodness of fit, value
    #: with a spend model), "spend", "opportunities" (patterns of a discrete-opportunity log) or "contract"
    #: (survivors of a cohort)
    kind: ClassVar[str] = ""
    #: the ``lifetimes`` fitter of the same model, for the holdout cross-check ("" for none)
    lifetimes_fitter: ClassVar[str] = ""
    #: a small data set the model fits on, for the contract test: a function of a seed returning what ``fit`` takes
    #: (the count models inherit theirs, with ``fits_on`` and ``kind``, from ``CountModel``)
    example_data: ClassVar[Callable | None] = None

    param_names: tuple = ()
    fit_call = "fit(summary)"

    def param_vector(self):
        self.check_fitted()
        return np.array([self.params_[k] for k in self.param_names])

    def summary(self) -> pd.DataFrame:
        """Parameters with standard errors and 95% Wald intervals."""
        self.check_fitted()
        p = pd.Series(self.params_)
        se = pd.Series(self.standard_errors_)
        return pd.DataFrame({"estimate": p, "standard_error": se, "low_95": p - 1.96 * se, "high_95": p + 1.96 * se})

    def _identified(self, p) -> Diagnostics:
        """Model-specific identification checks (dropout); overridden by the models."""
        return Diagnostics()

    def _start(self, defaults: dict) -> np.ndarray:
        """Log starting values: ``initial`` where given (a partial dict fills the rest from ``defaults``)."""
        given = dict(self.initial or {})
        unknown = sorted(set(given) - set(self.param_names))
        if unknown:
            raise DataValidationError(f"parameter 'initial': {len(unknown)} unknown name(s), e.g. {unknown[0]!r}; "
                                      f"{type(self).__name__} has {list(self.param_names)}.")
        start = {**{k: 0.0 for k in self._free()}, **defaults, **given}
        bad = [k for k in self.param_names if not np.isfinite(start[k]) or (k not in self._free() and start[k] <= 0)]
        if bad:
            raise DataValidationError(f"parameter 'initial': {bad[0]!r} == {start[bad[0]]!r}; starting values must be "
                                      "positive numbers (covariate coefficients: any number).")
        return self.to_fit_scale(np.array([float(start[k]) for k in self.param_names]))

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

    def simulate_repeats(self, T: np.ndarray, rng: np.random.Generator, Z: np.ndarray | None = None) -> np.ndarray:
        """Repeat purchases of one simulated customer per entry of ``T`` under the fitted parameters (with
        covariates, ``Z`` holds each customer's values as ``covariate_matrix`` reads them); count models
        only."""
        raise DataValidationError(f"parameter 'model': no simulation for {type(self).__name__}; use a count model "
                                  "(BG/NBD, MBG/NBD or Pareto/NBD).")

    def with_params(self, values) -> "CustomerBaseModel":
        """A shallow copy of this fitted model with other parameter values (in ``_names`` order): one draw of
        the parameters, for intervals and bands."""
        m = copy.copy(self)
        m.params_ = {k: float(v) for k, v in zip(self.param_names, values)}
        return m

    def to_fit_scale(self, p) -> np.ndarray:
        """Parameters to the scale the optimizer works on (log for positive ones)."""
        free = np.isin(self.param_names, self._free())
        return np.where(free, p, np.log(np.where(free, 1.0, p)))

    def from_fit_scale(self, z) -> np.ndarray:
        free = np.isin(self.param_names, self._free())
        return np.where(free, z, np.exp(z))

    def log_likelihood_at(self, p) -> float:
        """Log-likelihood of the fitted data (unique rows and their counts) at parameters ``p``."""
        *cols, w = self._fit_data
        return float(np.sum(w * self._loglik(p, *cols)))

    def _finish(self, res, data, n, z0, n_repeat, n_params=4):
        """Store the fit; ``data`` holds the unique rows' columns and their counts (kept for standard errors, so a
        fitted model pickles: no closure is stored)."""
        p = self.from_fit_scale(res.x)
        diag = _fit_status(res, z0, n_repeat)
        if diag.status in ("ok", "at_boundary"):   # a boundary is often a dropout the data do not show
            ident = self._identified(p)
            if diag.ok or not ident.ok:
                diag = ident
        self.diagnostics_ = diag
        self.params_ = {k: float(v) for k, v in zip(self.param_names, p)}
        self._fit_data = data
        self.log_likelihood_ = self.log_likelihood_at(p)
        self.aic_ = 2 * n_params - 2 * self.log_likelihood_
        self.bic_ = n_params * np.log(max(int(n), 1)) - 2 * self.log_likelihood_
        self._se = None
        self.n_customers_ = int(n)
        self.converged_ = _settled(res) and self.diagnostics_.status not in ("not_converged", "at_boundary")
        return self

    @property
    def standard_errors_(self) -> dict:
        """Standard errors from the numerical Hessian, computed on first access and cached."""
        self.check_fitted()
        if self._se is None:
            p = self.param_vector()
            self._se = {k: float(v) for k, v in zip(self.param_names, _hessian_se(self.log_likelihood_at, p))}
        return self._se


def example_summary(seed: int) -> pd.DataFrame:
    """A simulated customer summary: the contract test's data for the count and spend models.

    Parameters
    ----------
    seed : int
        Seed of the simulation.

    Returns
    -------
    pandas.DataFrame
        600 customers of :func:`insight.data.simulate.btyd_summary` (``frequency``, ``recency``, ``T`` in weeks,
        ``monetary_value``).
    """
    from ...data.simulate import btyd_summary

    return btyd_summary(600, seed=seed)


class CountModel(CustomerBaseModel):
    """Count models on (frequency, recency, T), optionally with time-invariant covariates.

    Covariates (numeric columns of the summary, e.g. gender or acquisition channel as 0/1) enter as
    in CLVTools: ``covariates_trans`` scale the purchase process (alpha_i = alpha exp(-gamma_trans' z_i):
    a positive coefficient means more purchases) and ``covariates_life`` the dropout process (for
    Pareto/NBD beta_i = beta exp(-gamma_life' z_i); for BG/NBD and MBG/NBD a_i = a exp(gamma_life' z_i)
    and b_i = b exp(gamma_life' z_i)). Coefficients are ``trans_<column>`` and ``life_<column>`` in
    ``params_``, fitted on their own scale.
    """

    fits_on = "frequency, recency, T per customer"
    kind = "count"
    example_data = staticmethod(example_summary)

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
    def param_names(self) -> tuple:
        return self._base + tuple(f"trans_{c}" for c in self.covariates_trans) + tuple(
            f"life_{c}" for c in self.covariates_life)

    def _free(self) -> tuple:
        return self.param_names[len(self._base):]

    def data_columns(self, summary):
        return _rft(summary, self.frequency_col, self.recency_col, self.T_col)

    def covariate_matrix(self, summary: pd.DataFrame) -> np.ndarray:
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

    def customer_params(self, p, Z):
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

    def _check_covariates(self, Z: np.ndarray) -> None:
        """Refuse covariates a fit cannot tell apart from the base rates or from each other: a constant column (its
        coefficient would be confounded with the base parameter, with no finite standard error) or one that repeats
        or is a linear combination of the process's other covariates."""
        from ..design import independent_columns

        k = len(self.covariates_trans)
        for name, cols, block in (("covariates_trans", list(self.covariates_trans), Z[:, :k]),
                                  ("covariates_life", list(self.covariates_life), Z[:, k:])):
            if not cols:
                continue
            frame = pd.DataFrame(block, columns=[f"{c}#{j}" for j, c in enumerate(cols)])
            _, dropped = independent_columns(frame)
            for col, why in dropped.items():
                c, j = col.rsplit("#", 1)[0], int(col.rsplit("#", 1)[1])
                if why == "constant":
                    raise DataValidationError(
                        f"parameter {name!r}: column {c!r} has the same value in all {len(block):,} rows "
                        f"(e.g. {float(block[0, j])!r}); a constant covariate cannot be told apart from the base "
                        "rate. Leave it out.")
                others = [o for o in cols if o != c]
                raise DataValidationError(
                    f"parameter {name!r}: column {c!r} is a {'copy' if why == 'duplicate' else 'linear combination'} "
                    f"of the process's other covariates {others} in all {len(block):,} rows; its effect cannot be "
                    "told apart from theirs. Leave it out.")

    def _finish(self, res, data, n, z0, n_repeat, n_params=4):
        """:meth:`CustomerBaseModel._finish`, then a check that the fit predicts a finite number for every
        customer it was fitted on (expected purchases over the mean observation time, P(alive)): a customer far
        beyond the others (a million purchases) can leave the special functions without a value. Such a fit is
        "not_identified" ("nonfinite_predictions", with the number of customers ``n`` and the largest such
        ``frequency``), never "ok"."""
        super()._finish(res, data, n, z0, n_repeat, n_params)
        if not self.diagnostics_.ok:
            return self
        xu, txu, Tu, *rest = data
        w = rest[-1]
        Z = rest[0] if len(rest) == 2 else np.zeros((len(xu), 0))
        frame = pd.DataFrame({self.frequency_col: xu, self.recency_col: txu, self.T_col: Tu})
        for j, c in enumerate([*self.covariates_trans, *self.covariates_life]):
            frame[c] = Z[:, j]
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            t = float(np.average(Tu, weights=w))
            bad = ~(np.isfinite(self.expected_purchases(frame, t).to_numpy())
                    & np.isfinite(self.p_alive(frame).to_numpy()))
        if bad.any():
            self.diagnostics_ = Diagnostics("not_identified", "nonfinite_predictions",
                                            {"n": int(w[bad].sum()), "frequency": float(xu[bad].max())})
            self.converged_ = False
        return self

    def _fit_numeric(self, summary, defaults: dict):
        """Fit with numerical gradients on the unique (history, covariates if any) rows: Pareto/NBD, and every
        model with covariates."""
        x, tx, T = self.data_columns(summary)
        Z = self.covariate_matrix(summary)
        self._check_covariates(Z)
        c = self._counts(summary)
        (xu, txu, Tu, *zu), w, _ = compress(x, tx, T, *Z.T, weights=c)
        data = (xu, txu, Tu) + ((np.column_stack(zu),) if zu else ())
        z0 = self._start(defaults)
        res = fit_loglik(lambda z: -np.sum(w * self._loglik(self.from_fit_scale(z), *data)), z0, w.sum(), self.param_names,
                          jac=False)
        self._mean_T = float(np.average(T, weights=c))
        return self._finish(res, data + (w,), c.sum(), z0, int(c[x > 0].sum()), n_params=len(self.param_names))
