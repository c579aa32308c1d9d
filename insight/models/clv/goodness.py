"""Goodness of fit of the count models: how many customers made 0, 1, ..., 7+ repeat purchases,
actual against what the fitted model expects, with a chi-square test.

The expected counts are computed by simulating each customer's calibration period
(their own observation time T) from the fitted model many times, which works the same for
BG/NBD, MBG/NBD and Pareto/NBD; with ``n_sims`` replicates of every customer the simulation
error of an expected count is about ``sqrt(count / n_sims)``, far below the test's own noise.
Categories expecting fewer than 5 customers are merged into their neighbour, as a chi-square
test needs; degrees of freedom are the categories minus one minus the model's parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ...exceptions import DataValidationError
from ...validate import check_param

__all__ = ["PeriodTransactions", "period_transactions", "simulate_repeats"]


def simulate_repeats(model, T: np.ndarray, rng: np.random.Generator, Z: np.ndarray | None = None) -> np.ndarray:
    """Repeat purchases of one simulated customer per entry of ``T`` under the fitted ``model`` (its
    :meth:`~insight.models.clv.CustomerBaseModel.simulate_repeats`; count models only).

    Parameters
    ----------
    model : insight.models.clv.CustomerBaseModel
        A fitted count model (BG/NBD, MBG/NBD or Pareto/NBD).
    T : numpy.ndarray
        Observation time of each simulated customer, in the summary's time unit.
    rng : numpy.random.Generator
        The random numbers.
    Z : numpy.ndarray, optional
        With covariates, each customer's values (one row each).

    Returns
    -------
    numpy.ndarray
        Repeat purchases of each customer (whole numbers), same length as ``T``.

    Raises
    ------
    insight.exceptions.DataValidationError
        From a model that cannot simulate (not a count model).

    Examples
    --------
    >>> import numpy as np
    >>> from insight.data.simulate import btyd_summary
    >>> from insight.models.clv import BetaGeo, simulate_repeats
    >>> bg = BetaGeo().fit(btyd_summary(600, seed=1))
    >>> x = simulate_repeats(bg, np.full(1000, 39.0), np.random.default_rng(0))
    >>> x.shape, bool((x >= 0).all())
    ((1000,), True)
    """
    return model.simulate_repeats(T, rng, Z)


@dataclass
class PeriodTransactions:
    """Customers by repeat purchases in the calibration period, actual against expected, with a chi-square test.

    Built by :func:`period_transactions`.

    Attributes
    ----------
    table : pandas.DataFrame
        ``actual`` and ``expected`` customers, indexed by ``repeat_purchases`` 0, 1, ..., "<max_x>+".
    chi2 : float
        The chi-square statistic (after merging categories expecting fewer than 5 customers).
    df : int
        Its degrees of freedom: categories minus one minus the model's parameters.
    p_value : float
        The test's p-value (small: the model does not reproduce the purchase counts).
    model : str
        The model's class name.
    """

    table: pd.DataFrame
    chi2: float
    df: int
    p_value: float
    model: str

    @property
    def largest_gap(self):
        """The repeat-purchase category where actual and expected customers differ most."""
        return (self.table["actual"] - self.table["expected"]).abs().idxmax()


def period_transactions(model, summary: pd.DataFrame, max_x: int = 7, n_sims: int = 50,
                        seed: int = 0) -> PeriodTransactions:
    """Actual against expected customers with 0, 1, ..., ``max_x`` or more repeat purchases, and a chi-square test.

    Parameters
    ----------
    model : insight.models.clv.CustomerBaseModel
        A count model fitted on ``summary`` (BG/NBD, MBG/NBD or Pareto/NBD).
    summary : pandas.DataFrame
        The calibration summary the model was fitted on.
    max_x : int, default 7
        The last category: customers with ``max_x`` or more repeat purchases ("7+" by default).
    n_sims : int, default 50
        Simulated replicates of every customer behind the expected counts.
    seed : int, default 0
        Seed of the simulation.

    Returns
    -------
    PeriodTransactions
        The table of actual and expected customers and the test.

    Raises
    ------
    insight.exceptions.DataValidationError
        When too few categories expect at least 5 customers to leave a degree of freedom for the test.

    Examples
    --------
    >>> from insight.data.datasets import load_cdnow
    >>> from insight.features.summary import customer_summary
    >>> from insight.models.clv import BetaGeo, period_transactions
    >>> summary = customer_summary(load_cdnow(sample=True), "customer_id", "date", "amount", as_of="1997-09-30")
    >>> check = period_transactions(BetaGeo().fit(summary), summary)
    >>> check.table.round(1).head(3)
                      actual  expected
    repeat_purchases
    0                 1411.0    1406.3
    1                  439.0     460.1
    2                  214.0     193.9
    >>> round(check.chi2, 2), check.df, round(check.p_value, 3)
    (4.15, 3, 0.245)
    """
    check_param("max_x", max_x, int, min_val=1)
    check_param("n_sims", n_sims, int, min_val=1)
    x, _, T = model.data_columns(summary)
    Z = model.covariate_matrix(summary)
    rng = np.random.default_rng(seed)
    sims = np.concatenate([simulate_repeats(model, T, rng, Z) for _ in range(n_sims)])
    cats = list(range(max_x)) + [f"{max_x}+"]
    actual = np.bincount(np.minimum(x, max_x).astype(int), minlength=max_x + 1).astype(float)
    expected = np.bincount(np.minimum(sims, max_x).astype(int), minlength=max_x + 1) / n_sims
    table = pd.DataFrame({"actual": actual, "expected": expected}, index=pd.Index(cats, name="repeat_purchases"))
    # merge sparse categories (expected < 5) into their left neighbour for the test
    a, e = list(actual), list(expected)
    i = len(e) - 1
    while i > 0:
        if e[i] < 5:
            a[i - 1] += a.pop(i)
            e[i - 1] += e.pop(i)
        i -= 1
    a, e = np.array(a), np.array(e)
    k = len(model.param_names)
    df = len(a) - 1 - k
    if df < 1:
        raise DataValidationError(f"summary: only {len(a)} purchase-count categories have enough expected customers "
                                  f"for a chi-square test of a {k}-parameter model; more customers are needed.")
    chi2 = float(np.sum((a - e) ** 2 / e))
    return PeriodTransactions(table, chi2, df, float(stats.chi2.sf(chi2, df)), type(model).__name__)


def compare_models(calibration: pd.DataFrame, names=("bgnbd", "mbgnbd", "pareto")) -> pd.DataFrame:
    """The candidate count models on one calibration/holdout split
    (:func:`insight.models.clv.holdout.calibration_holdout`): fit (``log_likelihood``, ``aic``, ``bic``, the
    period-transactions test's ``fit_test_p_value``) and holdout (``holdout_total_error``, error per customer
    ``holdout_mae``), one row per model (registry names), best holdout error first; untrusted fits are marked
    (``trusted``)."""
    import warnings

    from .holdout import holdout_metrics
    from .registry import count_models
    from ...exceptions import ConvergenceWarning

    rows = []
    for name in names:
        # each fit's trust is in the table's "trusted" column; numerical warnings of a weakly identified fit are
        # not for the report (they would print the library's file paths)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", ConvergenceWarning)
            m = count_models()[name]().fit(calibration)
            h = holdout_metrics(m.expected_purchases(calibration, float(calibration["holdout_length"].iloc[0]))
                                 .to_numpy(), calibration)
            try:
                p = period_transactions(m, calibration).p_value
            except DataValidationError:
                p = np.nan
        rows.append({"model": name, "trusted": m.diagnostics_.ok, "log_likelihood": m.log_likelihood_,
                     "aic": m.aic_, "bic": m.bic_, "fit_test_p_value": p, "holdout_total_error": h["total_error"],
                     "holdout_mae": h["mae"]})
    out = pd.DataFrame(rows).set_index("model")
    return out.sort_values(["trusted", "holdout_mae"], ascending=[False, True])
