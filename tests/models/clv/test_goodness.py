"""The period-transactions check: simulated expected counts against the exact BG/NBD distribution, and a
chi-square test that is calibrated on data drawn from the model."""

import warnings

import numpy as np
import pytest
from scipy import special

from insight.models.clv.beta_geo import BetaGeo, ModifiedBetaGeo
from insight.models.clv.holdout import calibration_holdout
from insight.models.clv.pareto_nbd import ParetoNBD
from insight.models.clv.goodness import period_transactions
from insight.data.simulate import btyd_summary


def _bgnbd_pmf(x, t, r, alpha, a, b):
    """P(X(t) = x) of BG/NBD, Fader, Hardie & Lee (2005) eq. (8): the independent computation."""
    nb = np.exp(special.gammaln(r + x) - special.gammaln(r) - special.gammaln(x + 1)
                + r * np.log(alpha / (alpha + t)) + x * np.log(t / (alpha + t)))
    out = np.exp(special.betaln(a, b + x) - special.betaln(a, b)) * nb
    if x > 0:
        tail = sum(np.exp(special.gammaln(r + j) - special.gammaln(r) - special.gammaln(j + 1)
                          + j * np.log(t / (alpha + t))) for j in range(x))
        out = out + np.exp(special.betaln(a + 1, b + x - 1) - special.betaln(a, b)) * (
            1 - (alpha / (alpha + t)) ** r * tail)
    return out


@pytest.fixture(scope="module")
def cal(cdnow_sample):
    return calibration_holdout(cdnow_sample, "sample_id", "date", "amount", calibration_end="1997-09-30",
                               holdout_end="1998-06-30", drop_duplicates=False)


def test_simulated_expected_counts_match_the_exact_bgnbd_distribution(cal):
    m = BetaGeo().fit(cal)
    g = period_transactions(m, cal, n_sims=400, seed=1)
    T = cal["T"].to_numpy()
    exact = [np.sum(_bgnbd_pmf(x, T, **m.params_)) for x in range(7)]
    exact.append(len(T) - sum(exact))
    assert np.allclose(g.table["expected"], exact, rtol=0.03, atol=2)
    assert g.table["actual"].sum() == len(cal) == pytest.approx(g.table["expected"].sum())
    assert list(g.table.index) == [0, 1, 2, 3, 4, 5, 6, "7+"] and g.table.loc[0, "actual"] == 1411


def test_the_chi_square_test_is_calibrated_on_data_from_the_model():
    """Data drawn from BG/NBD itself: p-values spread over (0, 1), rejections at 5% about 1 in 20."""
    ps = []
    for seed in range(20):
        s = btyd_summary(2000, seed=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ps.append(period_transactions(BetaGeo().fit(s), s, seed=seed).p_value)
    assert np.mean(np.array(ps) < 0.05) <= 0.25 and 0.2 < np.median(ps) < 0.8


def test_goodness_of_fit_on_cdnow_for_each_count_model(cal):
    for M in (BetaGeo, ModifiedBetaGeo, ParetoNBD):
        g = period_transactions(M().fit(cal), cal)
        assert g.df == 8 - 1 - 4 and g.chi2 > 0 and 0 <= g.p_value <= 1
        from insight.report.sections.clv import fit_test_sentence, model_name
        from insight.style import Style

        text = fit_test_sentence(Style(), g)
        assert text.startswith(f"{model_name(Style(), M.__name__)}: customers by number of repeat purchases, actual against expected: "
                               f"chi-square {g.chi2:.1f} on {g.df} df (p ")
        assert text.endswith(f"the largest gap is at {g.largest_gap} repeat purchases.")


def test_goodness_of_fit_with_covariates():
    import insight.data.datasets as ds
    import pandas as pd

    tx, cov = ds.load_apparel()
    end = pd.Timestamp("2005-01-02") + pd.Timedelta(weeks=104)
    cal = calibration_holdout(tx, "Id", "Date", "Price", calibration_end=end, holdout_end=tx["Date"].max())
    cal = cal.assign(**{c: cov.loc[cal.index.astype(int), c].to_numpy() for c in ("Gender", "Channel")})
    with_cov = ParetoNBD(covariates_trans=["Channel"]).fit(cal)
    g = period_transactions(with_cov, cal, max_x=15, n_sims=200)
    assert g.table["expected"].sum() == pytest.approx(600) and g.table["actual"].sum() == 600 and g.df >= 1
    # the covariates enter the simulation: with all covariates 0 the expected counts change
    zero = period_transactions(with_cov, cal.assign(Gender=0, Channel=0), max_x=15, n_sims=200)
    assert not np.allclose(g.table["expected"], zero.table["expected"], rtol=0.02)
