"""BG/NBD and MBG/NBD: is this customer still active, and how much will they buy?

* :class:`BetaGeo` (BG/NBD, Fader, Hardie & Lee 2005, "Counting Your Customers the
  Easy Way", Marketing Science 24(2)): purchases any time, a silent dropout after a purchase;
* :class:`ModifiedBetaGeo` (MBG/NBD, Batislam, Denizel & Filiztekin 2007), where a customer can
  also leave right after the first purchase.

Both fit by maximum likelihood with analytic gradients, on the contract of
:class:`~insight.models.clv.CustomerBaseModel`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from ...validate import check_param
from ._base import CountModel, Diagnostics, compress, fit_loglik

__all__ = ["BetaGeo", "ModifiedBetaGeo"]

# --------------------------------------------------------------------------- BG/NBD
class BetaGeo(CountModel):
    """BG/NBD model: purchases at Poisson rate (gamma(r, alpha) across customers);
    after each purchase the customer drops out with probability p (beta(a, b)).

    Parameters
    ----------
    frequency_col, recency_col, T_col : str, default "frequency", "recency", "T"
        Summary columns: repeat purchases, time of the last one and time observed since the first, all
        in one time unit (weeks in :func:`insight.features.summary.customer_summary` by default).
    initial : dict, optional
        Starting values of the fit, e.g. ``{"r": 1.0, "a": 0.5}``; names left out get the defaults.
    covariates_trans, covariates_life : list of str, optional
        Numeric covariate columns of the summary scaling the purchase process (alpha_i = alpha
        exp(-gamma_trans' z_i)) and the dropout process (a_i = a exp(gamma_life' z_i), b_i = b
        exp(gamma_life' z_i)); their coefficients are ``trans_<column>`` and ``life_<column>`` in ``params_``.
    count_col : str, optional
        Column with the number of customers each row stands for (unique rows with their counts, e.g. from
        :func:`insight.features.spark.compressed`): the fit is exactly the fit on all customers, and
        ``n_customers_`` is their sum. None: one customer per row.

    Attributes
    ----------
    params_ : dict
        Fitted parameters {r, alpha, a, b} (and covariate coefficients).
    standard_errors_ : dict
        Their standard errors, from the numerical Hessian.
    log_likelihood_, aic_, bic_ : float
        Log-likelihood of the fit and the information criteria.
    n_customers_ : int
        Customers fitted on.
    diagnostics_ : insight.models.clv.Diagnostics
        How far the fit can be trusted (``diagnostics_.ok``).

    See Also
    --------
    insight.models.clv.ModifiedBetaGeo : a customer may also leave right after the first purchase.
    insight.models.clv.ParetoNBD : dropout at any time rather than after a purchase.
    insight.models.clv.GammaGamma : spend per purchase, for the value of each customer.

    Examples
    --------
    The 1/10 CDNOW sample with a 39-week calibration period gives the published estimates
    (Fader, Hardie & Lee 2005: r 0.243, alpha 4.414, a 0.793, b 2.426):

    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> from insight.models.clv import BetaGeo
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    >>> bg = BetaGeo().fit(summary)
    >>> {k: round(v, 3) for k, v in bg.params_.items()}
    {'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}
    >>> bg.diagnostics_.status
    'ok'
    >>> bg.p_alive(summary).round(3).head(3).tolist()
    [0.727, 1.0, 0.212]
    """

    registry_name = "bgnbd"
    display_name = "BG/NBD"
    setting = "non-contractual, continuous time: purchases any time, silent dropout after a purchase"
    lifetimes_fitter = "BetaGeoFitter"

    _base = ("r", "alpha", "a", "b")
    _life_scaled = ((2, 1), (3, 1))
    #: MBG/NBD: a customer may also leave right after the first purchase
    _leaves_at_first = False

    def simulate_repeats(self, T: np.ndarray, rng: np.random.Generator, Z: np.ndarray | None = None) -> np.ndarray:
        """Repeat purchases of one simulated customer per entry of ``T`` under the fitted parameters.

        Each customer draws a purchase rate lambda ~ gamma(r, alpha) and a dropout probability p ~ beta(a, b);
        the repeats are the smaller of Poisson(lambda T) and the geometric number of purchases before dropout
        (for MBG/NBD, 0 with probability p as well: leaving right after the first purchase).

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

        See Also
        --------
        insight.models.clv.period_transactions : the goodness-of-fit test built on these simulations.

        Examples
        --------
        >>> import numpy as np
        >>> from insight.data.simulate import btyd_summary
        >>> from insight.models.clv import BetaGeo
        >>> bg = BetaGeo().fit(btyd_summary(600, seed=1))
        >>> bg.simulate_repeats(np.full(5, 39.0), np.random.default_rng(0)).shape
        (5,)
        """
        n = len(T)
        r, alpha, a, b = (np.broadcast_to(v, (n,)) for v in self.customer_params(self.param_vector(), Z))
        lam = rng.gamma(r, 1 / alpha)
        drop = np.clip(rng.beta(a, b), 1e-12, 1.0)       # a dropout the data barely show draws as 0
        x = np.minimum(rng.poisson(lam * T), rng.geometric(drop))
        if self._leaves_at_first:
            x = np.where(rng.random(n) < drop, 0, x)
        return x

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
        A1, A2, A3, A4 = self._terms(self.customer_params(p, Z[0] if Z else None), x, tx, T)
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
        """Fit by maximum likelihood (analytic gradients; numerical ones with covariates).

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer (or per unique history with ``count_col``), with the frequency, recency and T
            columns, e.g. from :func:`insight.features.summary.customer_summary`, and any covariate columns.
        y : None
            Ignored (scikit-learn's signature).

        Returns
        -------
        BetaGeo
            The fitted model itself, with ``params_``, ``log_likelihood_``, ``diagnostics_`` etc.

        Raises
        ------
        insight.exceptions.DataValidationError
            When ``summary`` is not a DataFrame, lacks a column, has missing, negative or impossible histories
            (recency > T, a fractional frequency), or when ``initial`` or a covariate is unusable.
        """
        x, tx, T = self.data_columns(summary)
        c = self._counts(summary)
        defaults = {"r": 1.0, "alpha": max(np.average(T, weights=c), 1e-3), "a": 1.0, "b": 1.0}
        if self.covariates_trans or self.covariates_life:
            return self._fit_numeric(summary, defaults)
        (xu, txu, Tu), w, _ = compress(x, tx, T, weights=c)
        z0 = self._start(defaults)
        res = fit_loglik(lambda z: self._neg_ll_grad(z, xu, txu, Tu, w), z0, w.sum(), self.param_names)
        return self._finish(res, (xu, txu, Tu, w), c.sum(), z0, int(c[x > 0].sum()))

    def _identified(self, p) -> Diagnostics:
        r, alpha, a, b = p[:4]
        if a / (a + b) < 1e-3:
            return Diagnostics("not_identified", "no_dropout", {"dropout": a / (a + b)})
        return Diagnostics()

    def p_alive(self, summary: pd.DataFrame) -> pd.Series:
        """P(still active | history); 1 for customers without a repeat purchase (BG/NBD).

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
        p = self.customer_params(self.param_vector(), self.covariate_matrix(summary))
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
        """Expected purchases in the next ``t`` time units given each customer's history.

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers' histories, with the columns the model was fitted on.
        t : float
            Length of the future period, in the summary's time unit (e.g. 52 for a year in weeks).

        Returns
        -------
        pandas.Series
            ``expected_purchases`` per customer, indexed like ``summary``.

        See Also
        --------
        expected_purchases_new : the same for a customer who has just made a first purchase.

        Examples
        --------
        >>> from insight.data.datasets import load_cdnow
        >>> from insight.features.summary import customer_summary
        >>> from insight.models.clv import BetaGeo
        >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
        >>> bg = BetaGeo().fit(summary)
        >>> bg.expected_purchases(summary, 52).round(3).head(3).tolist()
        [1.559, 0.254, 0.26]
        """
        check_param("t", t, float, min_val=0.0)
        x, tx, T = self.data_columns(summary)
        p = self.customer_params(self.param_vector(), self.covariate_matrix(summary))
        r, alpha, a, b = p
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
            first = (a + b + x - 1) / (a - 1)
            second = 1 - np.exp((r + x) * np.log((alpha + T) / (alpha + T + t))) * hyp
            palive = self._p_alive(p, x, tx, T)
        return pd.Series(first * second * palive, index=summary.index, name="expected_purchases")

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

        Examples
        --------
        >>> from insight.data.simulate import btyd_summary
        >>> from insight.models.clv import BetaGeo
        >>> bg = BetaGeo().fit(btyd_summary(600, seed=1))
        >>> bg.expected_purchases_new([13, 52]).round(3).tolist()
        [0.545, 1.541]
        """
        r, alpha, a, b = self.param_vector()[:4]
        t = np.asarray(t, dtype=float)
        hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
        return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)

    def p_any_purchase(self, summary: pd.DataFrame, t: float) -> pd.Series:
        """P(at least one purchase in the next ``t`` time units | history): P(alive) x (1 - ((alpha + T) / (alpha + T +
        t))^(r + x)). A customer alive at T who makes no purchase cannot drop out (dropout follows a purchase), so
        the chance of no purchase while alive is the NBD's zero term at the updated gamma (r + x, alpha + T).

        Parameters
        ----------
        summary : pandas.DataFrame
            Customers' histories, with the columns the model was fitted on.
        t : float
            Length of the future period, in the summary's time unit.

        Returns
        -------
        pandas.Series
            ``p_any_purchase`` per customer, between 0 and 1, indexed like ``summary``.

        See Also
        --------
        insight.models.clv.alive_check : these probabilities summed, against the customers who bought.
        """
        check_param("t", t, float, min_val=0.0)
        x, tx, T = self.data_columns(summary)
        p = self.customer_params(self.param_vector(), self.covariate_matrix(summary))
        r, alpha = (np.broadcast_to(v, x.shape) for v in p[:2])
        none_while_alive = np.exp((r + x) * (np.log(alpha + T) - np.log(alpha + T + t)))
        return pd.Series(self._p_alive(p, x, tx, T) * (1 - none_while_alive), index=summary.index,
                         name="p_any_purchase")

# --------------------------------------------------------------------------- MBG/NBD
class ModifiedBetaGeo(BetaGeo):
    """MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical validation and comparison of
    models for customer base analysis", IJRM 24(3)): as BG/NBD, but a customer may also drop out right
    after the first purchase, so customers without a repeat purchase are not all certainly alive.

    Same parameters as :class:`BetaGeo`: {r, alpha, a, b}.

    Parameters
    ----------
    frequency_col, recency_col, T_col : str, default "frequency", "recency", "T"
        Summary columns: repeat purchases, time of the last one and time observed since the first, in one
        time unit.
    initial : dict, optional
        Starting values of the fit {r, alpha, a, b}; names left out get the defaults.
    covariates_trans, covariates_life : list of str, optional
        Numeric covariate columns of the purchase and the dropout process, as for :class:`BetaGeo`.
    count_col : str, optional
        Column with the number of customers each row stands for (None: one each).

    See Also
    --------
    insight.models.clv.BetaGeo : the model without dropout at the first purchase.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> from insight.models.clv import ModifiedBetaGeo
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    >>> mbg = ModifiedBetaGeo().fit(summary)
    >>> {k: round(v, 3) for k, v in mbg.params_.items()}
    {'r': 0.525, 'alpha': 6.183, 'a': 0.891, 'b': 1.614}
    >>> mbg.p_alive(summary).round(3).head(3).tolist()
    [0.706, 0.391, 0.171]
    """

    registry_name = "mbgnbd"
    display_name = "MBG/NBD"
    setting = "as BG/NBD, but a customer can also leave right after the first purchase"
    lifetimes_fitter = "ModifiedBetaGeoFitter"
    _leaves_at_first = True

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
        p = self.customer_params(self.param_vector(), self.covariate_matrix(summary))
        r, alpha, a, b = p
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            hyp = special.hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t))
            first = (a + b + x) / (a - 1)
            second = 1 - np.exp((r + x) * np.log((alpha + T) / (alpha + T + t))) * hyp
        return pd.Series(first * second * self._p_alive(p, x, tx, T), index=summary.index,
                         name="expected_purchases")

    def expected_purchases_new(self, t) -> np.ndarray:
        """Unconditional expected repeat purchases by time ``t`` of a customer who just made a first purchase.

        Parameters
        ----------
        t : float or array_like
            Time since the first purchase, in the summary's time unit.

        Returns
        -------
        numpy.ndarray
            Expected repeat purchases, one per entry of ``t``.
        """
        r, alpha, a, b = self.param_vector()[:4]
        t = np.asarray(t, dtype=float)
        return b / (a - 1) * (1 - (alpha / (alpha + t)) ** r * special.hyp2f1(r, b + 1, a + b, t / (alpha + t)))

