"""BG/BB: customer-base analysis when customers can buy only at discrete opportunities.

Fader, Hardie & Shang (2010), "Customer-Base Analysis in a Discrete-Time Noncontractual
Setting", Marketing Science 29(6). At each of ``n`` opportunities (a yearly donation drive,
a weekly show, an annual conference) an alive customer transacts with probability ``p``
(beta(alpha, beta) across customers) and, after each opportunity, drops out for good with
probability ``theta`` (beta(gamma, delta)).

The data are one row per pattern: ``frequency`` (repeat transactions x), ``recency`` (the
opportunity of the last one, t_x; 0 if none), ``n_opportunities`` (n) and optionally a
``count`` of customers with that pattern, the compact form the paper and its donation data
use. Fitting on those rows with their counts is exact. Written here for the same reasons as
:mod:`insight.models.clv.beta_geo` (a few formulas on numpy/scipy, in log space).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import special

from ._base import CustomerBaseModel, Diagnostics, compress, fit_loglik
from ...exceptions import DataValidationError
from ...validate import check_columns, check_param

__all__ = ["BetaGeoBetaBinom", "bgbb_summary"]


def _lbeta(a, b):
    return special.betaln(a, b)


class BetaGeoBetaBinom(CustomerBaseModel):
    """BG/BB model; parameters {alpha, beta, gamma, delta} (see the module docstring).

    Parameters
    ----------
    frequency_col, recency_col, n_col : str, default "frequency", "recency", "n_opportunities"
        Pattern columns: repeat transactions, the opportunity of the last one (0 if none) and the number of
        repeat opportunities observed.
    count_col : str or None, default "count"
        Column with the number of customers per row; None, or a column the data do not have: one each.
    initial : dict, optional
        Starting values of the fit {alpha, beta, gamma, delta}; names left out start at 1.

    See Also
    --------
    insight.models.clv.bgbb_summary : the pattern table from a log of who transacted at which opportunity.

    Examples
    --------
    The 1995 donor cohort gives the published estimates (Fader, Hardie & Shang 2010: alpha 1.204,
    beta 0.750, gamma 0.657, delta 2.783):

    >>> from insight.data.datasets import load_donations
    >>> from insight.models.clv import BetaGeoBetaBinom
    >>> donations = load_donations()
    >>> bgbb = BetaGeoBetaBinom().fit(donations)
    >>> {k: round(v, 3) for k, v in bgbb.params_.items()}
    {'alpha': 1.204, 'beta': 0.75, 'gamma': 0.657, 'delta': 2.783}
    >>> bgbb.p_alive(donations).round(3).head(3).tolist()
    [0.93, 0.93, 0.522]
    >>> bgbb.expected_purchases(donations, 5).round(3).head(3).tolist()
    [3.753, 3.232, 1.813]
    """

    registry_name = "bgbb"
    display_name = "BG/BB"
    setting = "non-contractual, discrete opportunities (yearly drives, weekly events)"
    fits_on = "frequency, recency, n_opportunities (and a count) per pattern"
    kind = "opportunities"
    fit_call = "fit(data)"
    @staticmethod
    def example_data(seed: int) -> pd.DataFrame:
        """The 1995 donor cohort of Fader, Hardie & Shang (2010): the contract test's data.

        Parameters
        ----------
        seed : int
            Ignored (the data are fixed); the contract test passes one to every model.

        Returns
        -------
        pandas.DataFrame
            :func:`insight.data.datasets.load_donations`: 22 patterns (``frequency``, ``recency``,
            ``n_opportunities``, ``count``) of 11,104 donors over 6 yearly opportunities.
        """
        return _donations()

    param_names = ("alpha", "beta", "gamma", "delta")

    def __init__(self, frequency_col: str = "frequency", recency_col: str = "recency",
                 n_col: str = "n_opportunities", count_col: str | None = "count", initial: dict | None = None):
        self.frequency_col = frequency_col
        self.recency_col = recency_col
        self.n_col = n_col
        self.count_col = count_col
        self.initial = initial

    def data_columns(self, data: pd.DataFrame):
        """The pattern columns of ``data`` as float arrays, checked.

        Parameters
        ----------
        data : pandas.DataFrame
            One row per pattern (frequency, recency, opportunities and optionally a count).

        Returns
        -------
        tuple of numpy.ndarray
            ``(frequency, recency, n_opportunities, count)``; the count is 1 per row without a count column.

        Raises
        ------
        insight.exceptions.DataValidationError
            When ``data`` is not a DataFrame, lacks a column, holds values that are not non-negative whole
            numbers, or impossible patterns (x <= t_x <= n, and t_x = 0 exactly when x = 0, are needed).
        """
        if not isinstance(data, pd.DataFrame):
            raise DataValidationError(f"parameter 'data' must be a DataFrame, got {type(data).__name__}.")
        cols = [self.frequency_col, self.recency_col, self.n_col]
        use_count = self.count_col is not None and self.count_col in data.columns
        check_columns(data, cols + ([self.count_col] if use_count else []), name="BG/BB data")
        x, tx, n = (pd.to_numeric(data[c], errors="coerce").to_numpy(dtype=float) for c in cols)
        w = pd.to_numeric(data[self.count_col], errors="coerce").to_numpy(dtype=float) if use_count \
            else np.ones(len(x))
        for name, v in [(self.frequency_col, x), (self.recency_col, tx), (self.n_col, n),
                        (self.count_col or "count", w)]:
            bad = ~np.isfinite(v) | (v < 0) | (v != np.round(v))
            if bad.any():
                raise DataValidationError(f"column {name!r}: {int(bad.sum())} rows are not non-negative whole "
                                          f"numbers; e.g. {v[bad][0]!r}.")
        bad = (x > tx) | (tx > n) | ((x == 0) & (tx > 0)) | ((x > 0) & (tx == 0))
        if bad.any():
            i = np.flatnonzero(bad)[0]
            raise DataValidationError(f"columns {self.frequency_col!r}, {self.recency_col!r}, {self.n_col!r}: "
                                      f"{int(bad.sum())} rows are impossible (need x <= t_x <= n, and t_x = 0 "
                                      f"exactly when x = 0); e.g. x {x[i]:g}, t_x {tx[i]:g}, n {n[i]:g}.")
        return x, tx, n, w

    @staticmethod
    def _arguments(p, x, tx, n):
        """The beta-function arguments (A, B, C, D) of every term of the likelihood, eq. (5) of Fader, Hardie &
        Shang (2010): the "alive through n" term first, then one term per opportunity after t_x at which the
        customer may have dropped out; ``valid`` masks terms beyond n - t_x."""
        a, b, g, d = p
        m = int(np.max(n - tx)) if len(n) else 0
        i = np.arange(m)[None, :]
        A = np.concatenate([(a + x)[:, None], np.repeat((a + x)[:, None], m, axis=1)], axis=1)
        B = np.concatenate([(b + n - x)[:, None], b + tx[:, None] - x[:, None] + i], axis=1)
        C = np.concatenate([np.full((len(x), 1), g), np.full((len(x), m), g + 1)], axis=1)
        D = np.concatenate([(d + n)[:, None], d + tx[:, None] + i], axis=1)
        valid = np.concatenate([np.ones((len(x), 1), bool), i < (n - tx)[:, None]], axis=1)
        return A, B, C, D, valid

    @classmethod
    def _terms(cls, p, x, tx, n):
        a, b, g, d = p
        A, B, C, D, valid = cls._arguments(p, x, tx, n)
        t = _lbeta(A, B) - _lbeta(a, b) + _lbeta(C, D) - _lbeta(g, d)
        return np.where(valid, t, -np.inf), (A, B, C, D, valid)

    @classmethod
    def _loglik(cls, p, x, tx, n):
        """log L(alpha, beta, gamma, delta | x, t_x, n), eq. (5) of Fader, Hardie & Shang (2010)."""
        return special.logsumexp(cls._terms(p, x, tx, n)[0], axis=1)

    @classmethod
    def _neg_ll_grad(cls, z, x, tx, n, w):
        """Minus the log-likelihood and its gradient in log-parameters (d log B(u, v) / du = psi(u) - psi(u + v))."""
        p = np.exp(z)
        a, b, g, d = p
        t, (A, B, C, D, valid) = cls._terms(p, x, tx, n)
        ll = special.logsumexp(t, axis=1)
        share = np.where(valid, np.exp(t - ll[:, None]), 0.0)
        dg = special.digamma
        grads = [dg(A) - dg(A + B) - (dg(a) - dg(a + b)), dg(B) - dg(A + B) - (dg(b) - dg(a + b)),
                 dg(C) - dg(C + D) - (dg(g) - dg(g + d)), dg(D) - dg(C + D) - (dg(d) - dg(g + d))]
        grad = np.array([np.sum(w * np.sum(share * gk, axis=1)) for gk in grads]) * p
        return -np.sum(w * ll), -grad

    def fit(self, data: pd.DataFrame, y=None) -> "BetaGeoBetaBinom":
        """Fit by maximum likelihood (analytic gradients) on the patterns weighted by their counts.

        Parameters
        ----------
        data : pandas.DataFrame
            One row per pattern, e.g. from :func:`bgbb_summary` or :func:`insight.data.datasets.load_donations`.
        y : None
            Ignored (scikit-learn's signature).

        Returns
        -------
        BetaGeoBetaBinom
            The fitted model itself, with ``params_``, ``log_likelihood_``, ``diagnostics_`` etc.
        """
        x, tx, n, w = self.data_columns(data)
        (xu, txu, nu), wu, _ = compress(x, tx, n, weights=w)
        keep = wu > 0
        xu, txu, nu, wu = xu[keep], txu[keep], nu[keep], wu[keep]
        z0 = self._start({"alpha": 1.0, "beta": 1.0, "gamma": 1.0, "delta": 1.0})
        res = fit_loglik(lambda z: self._neg_ll_grad(z, xu, txu, nu, wu), z0, wu.sum(), self.param_names)
        return self._finish(res, (xu, txu, nu, wu), wu.sum(), z0, int(wu[xu > 0].sum()))

    def _identified(self, p) -> Diagnostics:
        a, b, g, d = p
        if g / (g + d) < 1e-3:
            return Diagnostics("not_identified", "no_dropout_opportunities")
        return Diagnostics()

    def p_alive(self, data: pd.DataFrame) -> pd.Series:
        """P(alive at the next opportunity, n + 1 | x, t_x, n) for each row (eq. 11).

        Parameters
        ----------
        data : pandas.DataFrame
            One row per pattern, with the columns the model was fitted on.

        Returns
        -------
        pandas.Series
            ``p_alive`` per row, indexed like ``data``.
        """
        x, tx, n, _ = self.data_columns(data)
        a, b, g, d = self.param_vector()
        num = _lbeta(a + x, b + n - x) - _lbeta(a, b) + _lbeta(g, d + n + 1) - _lbeta(g, d)
        return pd.Series(np.exp(num - self._loglik(self.param_vector(), x, tx, n)), index=data.index, name="p_alive")

    def expected_purchases(self, data: pd.DataFrame, n_star: int) -> pd.Series:
        """Expected transactions in the next ``n_star`` opportunities given each row's history (eq. 13).

        Parameters
        ----------
        data : pandas.DataFrame
            One row per pattern, with the columns the model was fitted on.
        n_star : int
            Number of future opportunities.

        Returns
        -------
        pandas.Series
            ``expected_purchases`` per row (per customer of the pattern), indexed like ``data``.
        """
        check_param("n_star", n_star, int, min_val=0)
        x, tx, n, _ = self.data_columns(data)
        a, b, g, d = self.param_vector()
        log_l = self._loglik(self.param_vector(), x, tx, n)
        lead = _lbeta(a + x + 1, b + n - x) - _lbeta(a, b) - log_l
        gam = special.gammaln
        tail = (np.exp(gam(1 + d + n) - gam(g + d + n)) - np.exp(gam(1 + d + n + n_star) - gam(g + d + n + n_star)))
        factor = d / (g - 1) * np.exp(gam(g + d) - gam(1 + d))
        return pd.Series(np.exp(lead) * factor * tail, index=data.index, name="expected_purchases")

    def probability_of_n_purchases(self, n: int) -> pd.Series:
        """P(X(n) = x) for x = 0..n: the share of new customers expected to transact x times in ``n``
        opportunities (eq. 7); times the cohort size, the expected number of customers per count.

        Parameters
        ----------
        n : int
            Number of opportunities, at least 1.

        Returns
        -------
        pandas.Series
            ``probability`` indexed by ``transactions`` 0..n; it sums to 1.

        Examples
        --------
        >>> from insight.data.datasets import load_donations
        >>> from insight.models.clv import BetaGeoBetaBinom
        >>> bgbb = BetaGeoBetaBinom().fit(load_donations())
        >>> bgbb.probability_of_n_purchases(6).round(3).tolist()
        [0.311, 0.17, 0.121, 0.1, 0.092, 0.093, 0.113]
        """
        check_param("n", n, int, min_val=1)
        a, b, g, d = self.param_vector()
        out = []
        for x in range(n + 1):
            first = np.log(special.comb(n, x)) + _lbeta(a + x, b + n - x) - _lbeta(a, b) + _lbeta(g, d + n) \
                - _lbeta(g, d)
            i = np.arange(x, n)
            rest = np.log(special.comb(i, x)) + _lbeta(a + x, b + i - x) - _lbeta(a, b) + _lbeta(g + 1, d + i) \
                - _lbeta(g, d)
            out.append(np.exp(special.logsumexp(np.append(rest, first))))
        return pd.Series(out, index=pd.Index(range(n + 1), name="transactions"), name="probability")


def bgbb_summary(transactions: pd.DataFrame, customer_col: str, period_col: str, n_opportunities: int) -> pd.DataFrame:
    """The compact (frequency, recency, n_opportunities, count) table from a log of which customer
    transacted at which opportunity (``period_col``: 0 for the first, 1..n for the repeat opportunities).

    Transactions at opportunity 0 start the customer; repeat transactions are those at 1..n.

    Parameters
    ----------
    transactions : pandas.DataFrame
        One row per transaction (several at one opportunity count once).
    customer_col : str
        Customer id column.
    period_col : str
        Opportunity of each transaction: whole numbers 0..``n_opportunities``.
    n_opportunities : int
        Number of repeat opportunities observed (the same for every customer).

    Returns
    -------
    pandas.DataFrame
        One row per pattern: ``frequency`` (repeat transactions), ``recency`` (opportunity of the last one, 0 if
        none), ``n_opportunities`` and ``count`` (customers with that pattern), as :class:`BetaGeoBetaBinom` fits.

    Raises
    ------
    insight.exceptions.DataValidationError
        When a column is missing, or a period is missing or not a whole opportunity 0..``n_opportunities``.

    Examples
    --------
    >>> import pandas as pd
    >>> from insight.models.clv import bgbb_summary
    >>> log = pd.DataFrame({"donor": [1, 1, 1, 2, 2, 3], "year": [0, 1, 3, 0, 2, 0]})
    >>> bgbb_summary(log, "donor", "year", 3)
       frequency  recency  n_opportunities  count
    0          0        0                3      1
    1          1        2                3      1
    2          2        3                3      1
    """
    check_columns(transactions, [customer_col, period_col], name="transactions")
    check_param("n_opportunities", n_opportunities, int, min_val=1)
    per = pd.to_numeric(transactions[period_col], errors="coerce")
    bad = per.isna() | (per < 0) | (per > n_opportunities) | (per != per.round())
    if bad.any():
        raise DataValidationError(f"column {period_col!r}: {int(bad.sum())} rows are not whole opportunities 0.."
                                  f"{n_opportunities}; e.g. {transactions.loc[bad, period_col].iloc[0]!r}.")
    t = pd.DataFrame({"c": transactions[customer_col], "p": per.astype(int)}).drop_duplicates()
    rep = t[t["p"] > 0].groupby("c")["p"].agg(["size", "max"])
    cust = pd.Index(t["c"].unique())
    out = pd.DataFrame({"frequency": rep["size"].reindex(cust, fill_value=0),
                        "recency": rep["max"].reindex(cust, fill_value=0)})
    out = out.groupby(["frequency", "recency"]).size().rename("count").reset_index()
    out.insert(2, "n_opportunities", n_opportunities)
    return out


def _donations() -> pd.DataFrame:
    """The 1995 donor cohort (Fader, Hardie & Shang 2010), the contract test's data."""
    from ...data.datasets import load_donations

    return load_donations()
