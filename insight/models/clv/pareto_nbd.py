"""Pareto/NBD: purchases any time, dropout at any time (Schmittlein, Morrison & Colombo 1987;
likelihood as in Fader & Hardie 2005, "A Note on Deriving the Pareto/NBD Model and Related
Expressions"), optionally with time-invariant covariates on both rates."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from ...validate import check_param
from ._base import CountModel, Diagnostics

__all__ = ["ParetoNBD"]


# --------------------------------------------------------------------------- Pareto/NBD
class ParetoNBD(CountModel):
    """Pareto/NBD model: purchases at Poisson rate lambda ~ gamma(r, alpha); lifetimes
    exponential with rate mu ~ gamma(s, beta).

    Same parameters as :class:`~insight.models.clv.beta_geo.BetaGeo`; ``initial`` holds {r, alpha, s, beta}.
    Time-invariant covariates (columns of the summary, e.g. gender or acquisition channel as 0/1) enter as in
    CLVTools: ``covariates_trans`` scale each customer's purchase rate, alpha_i = alpha
    exp(-gamma_trans' z_i), and ``covariates_life`` their dropout rate, beta_i = beta
    exp(-gamma_life' z_i); the coefficients are ``trans_<column>`` and ``life_<column>`` in
    ``params_`` (positive: more purchases, or leaving sooner).

    Parameters
    ----------
    frequency_col, recency_col, T_col : str, default "frequency", "recency", "T"
        Summary columns: repeat purchases, time of the last one and time observed since the first, in one
        time unit.
    initial : dict, optional
        Starting values of the fit {r, alpha, s, beta}; names left out get the defaults.
    covariates_trans, covariates_life : list of str, optional
        Numeric covariate columns of the summary scaling the purchase rate and the dropout rate (see above).
    count_col : str, optional
        Column with the number of customers each row stands for (None: one each).

    See Also
    --------
    insight.models.clv.BetaGeo : dropout only right after a purchase; faster to fit.

    Examples
    --------
    The published CDNOW estimates (Fader, Hardie & Lee 2005: r 0.55, alpha 10.58, s 0.61, beta 11.67):

    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> from insight.models.clv import ParetoNBD
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    >>> pn = ParetoNBD().fit(summary)
    >>> {k: round(v, 3) for k, v in pn.params_.items()}
    {'r': 0.553, 'alpha': 10.578, 's': 0.606, 'beta': 11.669}
    >>> pn.diagnostics_.notes
    ['infinite_lifetime']
    >>> pn.expected_purchases(summary, 52).round(3).head(3).tolist()
    [1.851, 0.138, 0.218]
    """

    registry_name = "pareto"
    display_name = "Pareto/NBD"
    setting = "non-contractual, continuous time: dropout at any time"
    lifetimes_fitter = "ParetoNBDFitter"

    _base = ("r", "alpha", "s", "beta")

    def simulate_repeats(self, T: np.ndarray, rng: np.random.Generator, Z: np.ndarray | None = None) -> np.ndarray:
        """Repeat purchases of one simulated customer per entry of ``T`` under the fitted parameters.

        Each customer draws a purchase rate lambda ~ gamma(r, alpha) and a dropout rate mu ~ gamma(s, beta),
        then an exponential lifetime; the repeats are Poisson(lambda min(lifetime, T)).

        Parameters
        ----------
        T : numpy.ndarray
            Observation time of each simulated customer, in the summary's time unit.
        rng : numpy.random.Generator
            The random numbers.
        Z : numpy.ndarray, optional
            With covariates, each customer's values (one row each), as ``covariate_matrix`` reads them.

        Returns
        -------
        numpy.ndarray
            Repeat purchases of each customer (whole numbers), same length as ``T``.
        """
        n = len(T)
        r, alpha, s, beta = (np.broadcast_to(v, (n,)) for v in self.customer_params(self.param_vector(), Z))
        lam = rng.gamma(r, 1 / alpha)
        with np.errstate(divide="ignore", over="ignore"):     # a dropout rate drawn as 0 means a lifetime beyond T
            life = rng.exponential(np.minimum(1 / rng.gamma(s, 1 / beta), 1e300))
        return rng.poisson(lam * np.minimum(life, T))
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
        head, la, lb = self._parts(self.customer_params(p, Z[0] if Z else None), x, tx, T)
        # customers with tx == T exactly make A0 = 0 (log -inf); logaddexp handles it. Parameters the optimizer
        # tries far out give NaN, which the fit's diagnostics report: no numpy warning on the way
        with np.errstate(invalid="ignore"):
            return head + np.logaddexp(la, lb)

    def fit(self, summary: pd.DataFrame, y=None) -> "ParetoNBD":
        """Fit by maximum likelihood (numerical gradients) on the unique histories with their counts.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer (or per unique history with ``count_col``), with the frequency, recency and T
            columns, e.g. from :func:`insight.features.summary.customer_summary`, and any covariate columns.
        y : None
            Ignored (scikit-learn's signature).

        Returns
        -------
        ParetoNBD
            The fitted model itself, with ``params_``, ``log_likelihood_``, ``diagnostics_`` etc.
        """
        _, _, T = self.data_columns(summary)
        mean_T = max(np.average(T, weights=self._counts(summary)), 1e-3)
        return self._fit_numeric(summary, {"r": 0.5, "alpha": mean_T, "s": 0.5, "beta": mean_T})

    def _identified(self, p) -> Diagnostics:
        r, alpha, s, beta = p[:4]
        gone = 1 - (beta / (beta + self._mean_T)) ** s   # share expected to leave within the mean observation time
        if gone < 0.01:
            return Diagnostics("not_identified", "few_leave", {"gone": gone})
        if s <= 1:
            return Diagnostics("ok", "", {"s": s}, ["infinite_lifetime"])
        return Diagnostics()

    def expected_lifetime(self) -> float:
        """Mean time to dropout, beta / (s - 1) (of a customer with covariates 0); NaN when it is infinite (s <= 1)
        or not identified.

        Returns
        -------
        float
            Mean lifetime in the summary's time unit, or NaN.
        """
        r, alpha, s, beta = self.param_vector()[:4]
        return beta / (s - 1) if s > 1 and self.diagnostics_.ok else float("nan")

    def p_alive(self, summary: pd.DataFrame) -> pd.Series:
        """P(still active at T | history).

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers' histories, with the columns the model was fitted on.

        Returns
        -------
        pandas.Series
            ``p_alive`` per customer, between 0 and 1, indexed like ``summary``.
        """
        x, tx, T = self.data_columns(summary)
        _, la, lb = self._parts(self.customer_params(self.param_vector(), self.covariate_matrix(summary)), x, tx, T)
        return pd.Series(special.expit(la - lb), index=summary.index, name="p_alive")

    def expected_purchases(self, summary: pd.DataFrame, t: float) -> pd.Series:
        """Expected purchases in the next ``t`` time units given each customer's history.

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers' histories, with the columns the model was fitted on.
        t : float
            Length of the future period, in the summary's time unit.

        Returns
        -------
        pandas.Series
            ``expected_purchases`` per customer, indexed like ``summary``.
        """
        check_param("t", t, float, min_val=0.0)
        x, tx, T = self.data_columns(summary)
        r, alpha, s, beta = self.customer_params(self.param_vector(), self.covariate_matrix(summary))
        pa = self.p_alive(summary).to_numpy()
        e = (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))
        return pd.Series(e * pa, index=summary.index, name="expected_purchases")

    def expected_purchases_new(self, t) -> np.ndarray:
        """Unconditional expected repeat purchases by time ``t`` of a customer who just made a first purchase (with
        covariates: one whose covariates are all 0).

        Parameters
        ----------
        t : float or array_like
            Time since the first purchase, in the summary's time unit.

        Returns
        -------
        numpy.ndarray
            Expected repeat purchases, one per entry of ``t``.
        """
        r, alpha, s, beta = self.param_vector()[:4]
        t = np.asarray(t, dtype=float)
        return r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))
