"""Shifted-beta-geometric (sBG): how many subscribers renew, and for how long.

Fader & Hardie (2007), "How to Project Customer Retention", Journal of Interactive Marketing
21(1); discounted expected residual lifetime from Fader & Hardie (2010), "Customer-Base
Valuation in a Contractual Setting: The Perils of Ignoring Heterogeneity", Marketing Science
29(1). At the end of each period an active subscriber cancels with probability ``theta``,
which varies across subscribers as beta(alpha, beta); so the retention rate of a cohort rises
over time (the subscribers who stay are those with low theta), which a single retention rate
cannot show.

The data are a cohort's survivors at the start and at each renewal (``survivors[0]`` the
cohort size). Written here for the same reasons as :mod:`insight.models.clv.beta_geo`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from ._base import CustomerBaseModel, Diagnostics, fit_loglik
from ...exceptions import DataValidationError
from ...parsers import to_bool
from ...validate import check_param, plain

__all__ = ["ShiftedBetaGeometric"]


class ShiftedBetaGeometric(CustomerBaseModel):
    """sBG retention model; parameters {alpha, beta} (see the module docstring).

    ``fit(survivors)`` takes the number still subscribed at periods 0, 1, ..., T (a list, array
    or Series; period 0 is the cohort size). Then :meth:`survival` and :meth:`retention_rate`
    project the curve, and :meth:`expected_remaining_lifetime` gives the (discounted) expected
    number of further periods of a subscriber who has renewed ``n`` times.

    Parameters
    ----------
    initial : dict, optional
        Starting values of the fit {alpha, beta}; names left out start at 1.

    See Also
    --------
    insight.models.survival.kaplan_meier : the retention curve without a model.

    Examples
    --------
    The "regular" cohort of Fader & Hardie (2007), 1,000 subscribers over 7 years:

    >>> from insight.data.datasets import load_sbg_retention
    >>> from insight.models.clv import ShiftedBetaGeometric
    >>> cohorts = load_sbg_retention()
    >>> survivors = cohorts.loc[cohorts["cohort"] == "regular", "survivors"].tolist()
    >>> survivors
    [1000, 631, 468, 382, 326, 289, 262, 241]
    >>> sbg = ShiftedBetaGeometric().fit(survivors)
    >>> {k: round(v, 3) for k, v in sbg.params_.items()}
    {'alpha': 0.704, 'beta': 1.182}
    >>> sbg.retention_rate(4).round(3).tolist()
    [0.627, 0.756, 0.819, 0.856]
    >>> sbg.survival(12).round(3).tail(3).tolist()
    [0.191, 0.18, 0.17]
    """

    registry_name = "sbg"
    display_name = "shifted-beta-geometric"
    setting = "contractual: subscribers renew or cancel at the end of each period"
    fits_on = "survivors of a cohort at each period"
    kind = "contract"
    fit_call = "fit(survivors)"
    @staticmethod
    def example_data(seed: int) -> list:
        """The "high end" cohort of Fader & Hardie (2007): the contract test's data.

        Parameters
        ----------
        seed : int
            Ignored (the data are fixed); the contract test passes one to every model.

        Returns
        -------
        list of int
            Survivors of 1,000 subscribers at periods 0 to 7 (years), as
            :func:`insight.data.datasets.load_sbg_retention` has them for the ``"highend"`` cohort.
        """
        return [1000, 869, 743, 653, 593, 551, 517, 491]

    param_names = ("alpha", "beta")

    def __init__(self, initial: dict | None = None):
        self.initial = initial

    @staticmethod
    def _counts(survivors) -> np.ndarray:
        s = np.asarray(pd.Series(survivors).to_numpy(), dtype=float)
        if s.ndim != 1 or len(s) < 2:
            raise DataValidationError(f"parameter 'survivors': needs the cohort size and at least one later period, "
                                      f"got {len(s)} value(s).")
        bad = ~np.isfinite(s) | (s < 0) | (s != np.round(s))
        if bad.any():
            raise DataValidationError(f"parameter 'survivors': {int(bad.sum())} values are not whole counts; e.g. "
                                      f"{plain(s[bad][0])!r}.")
        up = np.flatnonzero(np.diff(s) > 0)
        if len(up):
            raise DataValidationError(f"parameter 'survivors': {len(up)} period(s) with more survivors than the one "
                                      f"before; e.g. period {up[0] + 1}: {s[up[0] + 1]:g} after {s[up[0]]:g}.")
        if s[0] == 0:
            raise DataValidationError("parameter 'survivors': the cohort (period 0) is empty.")
        return s

    @staticmethod
    def _log_churn_at(p, t):
        """log P(T = t): the subscriber cancels at the end of period t (t = 1, 2, ...)."""
        a, b = p
        return special.betaln(a + 1, b + t - 1) - special.betaln(a, b)

    @staticmethod
    def _log_survival(p, t):
        """log S(t) = log P(T > t) = log B(alpha, beta + t) / B(alpha, beta)."""
        a, b = p
        return special.betaln(a, b + t) - special.betaln(a, b)

    @classmethod
    def _loglik(cls, p, lost, t, alive_end, T):
        """Cancellations at each period, plus the survivors at the last period observed."""
        return np.sum(lost * cls._log_churn_at(p, t)) + alive_end * cls._log_survival(p, T)

    def log_likelihood_at(self, p) -> float:
        """Log-likelihood of the fitted data (the cohort's survivors, or the individual durations) at ``p``.

        Parameters
        ----------
        p : array_like
            Parameter values (alpha, beta).

        Returns
        -------
        float
            The log-likelihood.
        """
        if getattr(self, "_individual", False):
            return float(self._loglik_individual(p, *self._fit_data))
        return float(self._loglik(p, *self._fit_data))

    def fit(self, survivors, y=None) -> "ShiftedBetaGeometric":
        """Fit by maximum likelihood on one cohort's survivors.

        Parameters
        ----------
        survivors : list, numpy.ndarray or pandas.Series
            Number still subscribed at periods 0, 1, ..., T (period 0: the cohort size); whole numbers that never
            rise.
        y : None
            Ignored (scikit-learn's signature).

        Returns
        -------
        ShiftedBetaGeometric
            The fitted model itself, with ``params_``, ``cohort_size_``, ``periods_``, ``diagnostics_`` etc.
        """
        s = self._counts(survivors)
        t = np.arange(1, len(s))
        lost = -np.diff(s)
        data = (lost, t, s[-1], len(s) - 1)
        z0 = self._start({"alpha": 1.0, "beta": 1.0})
        res = fit_loglik(lambda z: -self._loglik(np.exp(z), *data), z0, s[0], self.param_names, jac=False)
        self.cohort_size_ = int(s[0])
        self.periods_ = len(s) - 1
        self._individual = False
        return self._finish(res, data, int(s[0]), z0, int(lost.sum()), n_params=2)

    def fit_durations(self, durations, churned) -> "ShiftedBetaGeometric":
        """Fit on individual subscribers: ``durations`` are the periods each has completed (tenure),
        ``churned`` whether they cancelled at the end of it (True) or are still subscribed (False).
        Cancelling after 0 periods counts as cancelling at the end of the first; fractional durations count
        their completed periods (how many were rounded down is in ``rounded_``).

        Parameters
        ----------
        durations : array_like
            Periods each subscriber has completed (tenure), non-negative.
        churned : array_like
            Per subscriber, whether they cancelled (True, or yes/no, 1/0 words) or are still subscribed.

        Returns
        -------
        ShiftedBetaGeometric
            The fitted model itself; ``cohort_size_`` is the number of subscribers, ``periods_`` the longest duration.

        Raises
        ------
        insight.exceptions.DataValidationError
            When a duration is missing or negative, or ``durations`` and ``churned`` differ in length.

        Examples
        --------
        >>> from insight.data.datasets import load_telco_churn
        >>> from insight.models.clv import ShiftedBetaGeometric
        >>> telco = load_telco_churn()
        >>> sbg = ShiftedBetaGeometric().fit_durations(telco["tenure"], telco["churn"])
        >>> {k: round(v, 3) for k, v in sbg.params_.items()}, sbg.periods_
        ({'alpha': 0.137, 'beta': 4.033}, 72)
        """
        t = np.asarray(pd.to_numeric(pd.Series(durations), errors="coerce"), dtype=float)
        c = np.asarray(to_bool(pd.Series(churned), "churned"))
        bad = ~np.isfinite(t) | (t < 0)
        if bad.any():
            raise DataValidationError(f"parameter 'durations': {int(bad.sum())} values are missing or negative; e.g. "
                                      f"{plain(t[bad][0])!r}.")
        self.rounded_ = int((t != np.floor(t)).sum())    # fractions of a period: completed periods count
        t = np.floor(t)
        if len(t) != len(c):
            raise DataValidationError(f"parameters 'durations' and 'churned' have {len(t)} and {len(c)} values.")
        gone = np.maximum(t[c], 1)
        kept = t[~c]
        tg, ng = np.unique(gone, return_counts=True)      # subscribers with the same duration share a term
        tk, nk = np.unique(kept, return_counts=True)
        data = (ng.astype(float), tg, nk.astype(float), tk)
        z0 = self._start({"alpha": 1.0, "beta": 1.0})
        res = fit_loglik(lambda z: -self._loglik_individual(np.exp(z), *data), z0, len(t), self.param_names, jac=False)
        self.cohort_size_ = len(t)
        self.periods_ = int(t.max()) if len(t) else 0
        self._individual = True
        return self._finish(res, data, len(t), z0, int(c.sum()), n_params=2)

    @classmethod
    def _loglik_individual(cls, p, n_gone, t_gone, n_kept, t_kept):
        return np.sum(n_gone * cls._log_churn_at(p, t_gone)) + np.sum(n_kept * cls._log_survival(p, t_kept))

    def _identified(self, p) -> Diagnostics:
        if self.periods_ < 2:
            return Diagnostics("too_little_data", "one_period")
        return Diagnostics()

    def survival(self, periods: int) -> pd.Series:
        """Share of the cohort still subscribed at periods 0..``periods`` (projected beyond the data).

        Parameters
        ----------
        periods : int
            Last period of the curve.

        Returns
        -------
        pandas.Series
            ``survival`` indexed by ``period`` 0..``periods`` (1 at period 0).
        """
        check_param("periods", periods, int, min_val=0)
        t = np.arange(periods + 1)
        return pd.Series(np.exp(self._log_survival(self.param_vector(), t)), index=pd.Index(t, name="period"),
                         name="survival")

    def retention_rate(self, periods: int) -> pd.Series:
        """Share of period t-1's subscribers who renew at period t, t = 1..``periods``: (beta + t - 1) / (alpha +
        beta + t - 1), rising over time.

        Parameters
        ----------
        periods : int
            Last period, at least 1.

        Returns
        -------
        pandas.Series
            ``retention_rate`` indexed by ``period`` 1..``periods``.
        """
        check_param("periods", periods, int, min_val=1)
        a, b = self.param_vector()
        t = np.arange(1, periods + 1)
        return pd.Series((b + t - 1) / (a + b + t - 1), index=pd.Index(t, name="period"), name="retention_rate")

    def expected_remaining_lifetime(self, renewals: int, discount_rate: float = 0.0) -> float:
        """Expected further periods (each discounted by ``discount_rate``) of a subscriber who has renewed
        ``renewals`` times, counting the coming period: the discounted expected residual lifetime (DERL) of
        Fader & Hardie (2010), ``(beta + n) / (alpha + beta + n) * 2F1(1, beta + n + 1; alpha + beta + n + 1;
        1 / (1 + d))`` with n = ``renewals``, where the coming period counts as 1.

        Without discounting the expectation is infinite when alpha <= 1 (a heavy tail of loyal
        subscribers); that is reported as ``inf``, so give a discount rate for a finite value.

        Parameters
        ----------
        renewals : int
            Renewals the subscriber has made (n).
        discount_rate : float, default 0.0
            Discount rate per period.

        Returns
        -------
        float
            Expected (discounted) further periods, counting the coming one; ``inf`` as above.

        Examples
        --------
        >>> from insight.models.clv import ShiftedBetaGeometric
        >>> sbg = ShiftedBetaGeometric().fit([1000, 631, 468, 382, 326, 289, 262, 241])
        >>> round(sbg.expected_remaining_lifetime(0, 0.1), 3), round(sbg.expected_remaining_lifetime(4, 0.1), 3)
        (3.695, 6.358)
        """
        check_param("renewals", renewals, int, min_val=0)
        check_param("discount_rate", discount_rate, float, min_val=0.0)
        a, b = self.param_vector()
        n = renewals
        return float(self.remaining_periods(a, b, n, discount_rate))

    def leave_within(self, renewals, periods: int) -> np.ndarray:
        """P(a subscriber who has renewed ``renewals`` times leaves within the next ``periods`` periods):
        1 - B(alpha, beta + n + periods) / B(alpha, beta + n), vectorized over ``renewals``.

        Parameters
        ----------
        renewals : int or array_like
            Renewals made (fractions are rounded down).
        periods : int
            Number of coming periods, at least 1.

        Returns
        -------
        numpy.ndarray
            The probability of leaving, shaped like ``renewals``.
        """
        check_param("periods", periods, int, min_val=1)
        a, b = self.param_vector()
        n = np.floor(np.asarray(renewals, dtype=float))
        return 1 - np.exp(special.betaln(a, b + n + periods) - special.betaln(a, b + n))

    @staticmethod
    def remaining_periods(a, b, n, d, horizon: int | None = None):
        """Expected discounted remaining periods (vectorized over ``n``); see :meth:`expected_remaining_lifetime`.

        With ``horizon``, only the coming ``horizon`` periods count: the sum over k = 0..horizon-1 of
        P(still subscribed k periods on | renewed n times) / (1 + d)^k, with P = B(alpha, beta + n + k) /
        B(alpha, beta + n); the sum over every k is the closed form above.

        Parameters
        ----------
        a, b : float
            The model's alpha and beta.
        n : float or array_like
            Renewals made.
        d : float
            Discount rate per period.
        horizon : int, optional
            Number of coming periods counted (None: all of them).

        Returns
        -------
        numpy.ndarray
            Expected discounted remaining periods, shaped like ``n`` (``inf`` without discount when alpha <= 1).
        """
        n = np.asarray(n, dtype=float)
        if horizon is not None:
            k, flat = np.arange(int(horizon))[:, None], np.atleast_1d(n)[None, :]
            stay = np.exp(special.betaln(a, b + flat + k) - special.betaln(a, b + flat))
            return (stay / (1 + d) ** k).sum(axis=0).reshape(n.shape)
        if d == 0:
            return np.full(n.shape, np.inf) if a <= 1 else (a + b + n - 1) / (a - 1)
        return 1 + (b + n) / (a + b + n) * special.hyp2f1(1, b + n + 1, a + b + n + 1, 1 / (1 + d)) / (1 + d)
