"""Gamma-Gamma: spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie
2013, "The Gamma-Gamma Model of Monetary Value"), for any of the count models."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from ...exceptions import DataValidationError
from ...validate import check_columns
from ._base import CustomerBaseModel, Diagnostics, compress, example_summary, fit_loglik

__all__ = ["GammaGamma"]


# --------------------------------------------------------------------------- Gamma-Gamma
class GammaGamma(CustomerBaseModel):
    """Gamma-Gamma model of the mean spend per repeat purchase.

    Fitted on customers with at least one repeat purchase and a positive mean
    repeat spend (``count_col``: optional column of customers per row, as for
    :class:`insight.models.clv.beta_geo.BetaGeo`). Customers whose repeat purchases are all 0 (the full
    CDNOW file has one) cannot enter the likelihood: they are excluded, counted in
    ``n_excluded_zero_`` and listed in ``excluded_``, not a crash.

    Parameters
    ----------
    frequency_col : str, default "frequency"
        Column of repeat purchases.
    monetary_col : str, default "monetary_value"
        Column of the mean spend per repeat purchase, in currency units.
    initial : dict, optional
        Starting values of the fit {p, q, gamma}; names left out get the defaults.
    count_col : str, optional
        Column with the number of customers each row stands for (None: one each).

    See Also
    --------
    insight.models.clv.customer_value : expected purchases of a count model times this expected spend.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> from insight.models.clv import GammaGamma
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    >>> gg = GammaGamma().fit(summary)
    >>> {k: round(v, 2) for k, v in gg.params_.items()}
    {'p': 6.28, 'q': 3.74, 'gamma': 15.35}
    >>> gg.expected_spend(summary).round(2).head(3).tolist()
    [24.64, 35.14, 18.87]
    """

    registry_name = "gammagamma"
    display_name = "Gamma-Gamma"
    setting = "spend per purchase, for any of the count models"
    fits_on = "frequency, monetary_value"
    kind = "spend"
    example_data = staticmethod(example_summary)   # the count models' summary

    param_names = ("p", "q", "gamma")

    def __init__(self, frequency_col: str = "frequency", monetary_col: str = "monetary_value",
                 initial: dict | None = None, count_col: str | None = None):
        self.frequency_col = frequency_col
        self.monetary_col = monetary_col
        self.initial = initial
        self.count_col = count_col

    def data_columns(self, summary):
        """The frequency and mean spend columns of ``summary`` as float arrays, checked.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer with the frequency and monetary columns.

        Returns
        -------
        tuple of numpy.ndarray
            ``(frequency, monetary_value)``.

        Raises
        ------
        insight.exceptions.DataValidationError
            When ``summary`` is not a DataFrame, lacks a column, or a spend is missing, infinite or negative.
        """
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
        """Fit by maximum likelihood on the customers with a repeat purchase and positive mean spend.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer with the frequency and monetary columns, e.g. from
            :func:`insight.features.summary.customer_summary`.
        y : None
            Ignored (scikit-learn's signature).

        Returns
        -------
        GammaGamma
            The fitted model itself, with ``params_``, ``n_excluded_zero_``, ``excluded_`` etc.

        Raises
        ------
        insight.exceptions.DataValidationError
            When fewer than 3 customers have a repeat purchase and positive spend, or the columns are missing,
            negative or not numbers.
        """
        x, m = self.data_columns(summary)
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
        (xu, mu), w, _ = compress(x[use], m[use], weights=c[use])
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

        res = fit_loglik(nll_grad, z0, w.sum(), self.param_names)
        return self._finish(res, (xu, mu, w), n_use, z0, n_use, n_params=3)

    def _identified(self, p) -> Diagnostics:
        if p[1] <= 1:
            return Diagnostics("not_identified", "spend_spread", {"q": p[1]})
        return Diagnostics()


    def expected_spend(self, summary: pd.DataFrame) -> pd.Series:
        """Expected mean spend per future purchase; the population mean for customers without repeats.

        Parameters
        ----------
        summary : pandas.DataFrame
            One row per customer with the frequency and monetary columns.

        Returns
        -------
        pandas.Series
            ``expected_spend`` per customer in currency units, indexed like ``summary``.
        """
        self.check_fitted()
        x, m = self.data_columns(summary)
        p, q, g = (self.params_[k] for k in self.param_names)
        e = (g + m * x) * p / (p * x + q - 1)
        return pd.Series(e, index=summary.index, name="expected_spend")
