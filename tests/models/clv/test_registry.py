"""The model family beyond BG/NBD: MBG/NBD, BG/BB, sBG, against their published numbers; the model contract."""

import pickle

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special
from sklearn.base import clone

import insight.data.datasets as ds
from insight.models.clv.bgbb import BetaGeoBetaBinom, bgbb_summary
from insight.models.clv.beta_geo import BetaGeo, ModifiedBetaGeo
from insight.models.clv.holdout import calibration_holdout
from insight.models.clv.gamma_gamma import GammaGamma
from insight.models.clv.pareto_nbd import ParetoNBD
from insight.exceptions import DataValidationError
from insight.models.clv.registry import model, models, models_table
from insight.models.clv.sbg import ShiftedBetaGeometric


@pytest.fixture(scope="module")
def cal(cdnow_sample):
    return calibration_holdout(cdnow_sample, "sample_id", "date", "amount",
                               calibration_end="1997-09-30", holdout_end="1998-06-30", drop_duplicates=False)


@pytest.fixture(scope="module")
def donations():
    return ds.load_donations()


@pytest.fixture(scope="module")
def bgbb(donations):
    return BetaGeoBetaBinom().fit(donations)


def test_mbgnbd_reproduces_the_published_cdnow_estimates(cal):
    """Batislam, Denizel & Filiztekin (2007) on the CDNOW 1/10 sample: r 0.525, alpha 6.183, a 0.891, b 1.614."""
    m = ModifiedBetaGeo().fit(cal)
    assert {k: round(v, 3) for k, v in m.params_.items()} == {"r": 0.525, "alpha": 6.183, "a": 0.891, "b": 1.614}
    assert m.diagnostics_.ok and all(np.isfinite(v) and v > 0 for v in m.standard_errors_.values())
    # a customer without a repeat purchase may have left already (BG/NBD says 1), and the analytic gradient is right
    p = m.p_alive(cal)
    assert (p[cal["frequency"] == 0] < 1).all() and (BetaGeo().fit(cal).p_alive(cal)[cal["frequency"] == 0] == 1).all()
    x, tx, T = m.data_columns(cal)
    z = np.log(list(m.params_.values())) + 0.1
    f = lambda zz: m._neg_ll_grad(zz, x, tx, T, np.ones(len(x)))[0]  # noqa: E731
    num = np.array([(f(z + h) - f(z - h)) / 2e-6 for h in np.eye(4) * 1e-6])
    assert np.allclose(m._neg_ll_grad(z, x, tx, T, np.ones(len(x)))[1], num, rtol=1e-4)
    # holdout: the summed conditional expectation is in the published range of BG/NBD-type models (actual 1,882)
    assert 1500 < m.expected_purchases(cal, 39).sum() < 1882


def test_bgbb_reproduces_fader_hardie_shang(bgbb):
    """FHS (2010), 1995 donors: alpha 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33,225.6."""
    assert {k: round(v, 3) for k, v in bgbb.params_.items()} == {"alpha": 1.204, "beta": 0.750, "gamma": 0.657,
                                                                 "delta": 2.783}
    assert round(bgbb.log_likelihood_, 1) == -33225.6 and bgbb.n_customers_ == 11104
    q = pd.DataFrame({"frequency": [0, 2, 6], "recency": [0, 4, 6], "n_opportunities": [6, 6, 6]})
    assert bgbb.p_alive(q).round(2).tolist() == [0.11, 0.59, 0.93]
    expected = bgbb.probability_of_n_purchases(6) * 11104
    assert round(expected[0], 1) == 3454.9 and round(expected[6], 1) == 1253.1
    assert expected.sum() == pytest.approx(11104)


def test_bgbb_conditional_expectation_by_numerical_integration(bgbb):
    """E[X(n, n+n*) | x, t_x, n] against a direct integral over the posterior of (p, theta)."""
    a, b, g, d = (bgbb.params_[k] for k in ("alpha", "beta", "gamma", "delta"))
    x, tx, n, n_star = 2, 4, 6, 5

    def lik(p, th):
        alive = p ** x * (1 - p) ** (n - x) * (1 - th) ** n
        dead = sum(p ** x * (1 - p) ** (tx - x + i) * th * (1 - th) ** (tx + i) for i in range(n - tx))
        return (alive + dead) * p ** (a - 1) * (1 - p) ** (b - 1) * th ** (g - 1) * (1 - th) ** (d - 1)

    def future(p, th):   # alive now (at n) with the posterior weight of "alive", then transactions to n + n*
        return p ** x * (1 - p) ** (n - x) * (1 - th) ** n * p ** (a - 1) * (1 - p) ** (b - 1) \
            * th ** (g - 1) * (1 - th) ** (d - 1) * sum(p * (1 - th) ** t for t in range(1, n_star + 1))

    num = integrate.dblquad(lambda th, p: future(p, th), 0, 1, 0, 1, epsabs=1e-12)[0]
    den = integrate.dblquad(lambda th, p: lik(p, th), 0, 1, 0, 1, epsabs=1e-12)[0]
    q = pd.DataFrame({"frequency": [x], "recency": [tx], "n_opportunities": [n]})
    assert bgbb.expected_purchases(q, n_star).iloc[0] == pytest.approx(num / den, rel=1e-3)


def test_bgbb_summary_from_a_log_and_validation():
    log = pd.DataFrame({"donor": ["a", "a", "a", "b", "c", "c"], "year": [0, 2, 5, 0, 0, 1]})
    s = bgbb_summary(log, "donor", "year", 6)
    assert s.to_dict("records") == [{"frequency": 0, "recency": 0, "n_opportunities": 6, "count": 1},
                                    {"frequency": 1, "recency": 1, "n_opportunities": 6, "count": 1},
                                    {"frequency": 2, "recency": 5, "n_opportunities": 6, "count": 1}]
    with pytest.raises(DataValidationError, match="impossible"):
        BetaGeoBetaBinom().fit(pd.DataFrame({"frequency": [3], "recency": [2], "n_opportunities": [6], "count": [1]}))
    with pytest.raises(DataValidationError, match="'year'.*1 rows are not whole opportunities"):
        bgbb_summary(log.assign(year=[0, 2, 5, 0, 0, 7]), "donor", "year", 6)


def test_sbg_reproduces_fader_hardie_2007():
    """Regular alpha 0.704, beta 1.182; high end alpha 0.668, beta 3.806."""
    data = ds.load_sbg_retention()
    fits = {c: ShiftedBetaGeometric().fit(g["survivors"]) for c, g in data.groupby("cohort")}
    assert {k: round(v, 3) for k, v in fits["regular"].params_.items()} == {"alpha": 0.704, "beta": 1.182}
    assert {k: round(v, 3) for k, v in fits["highend"].params_.items()} == {"alpha": 0.668, "beta": 3.806}
    reg = fits["regular"]
    # the projected curve: retention rates rise (the loyal stay); survival is their product
    rr = reg.retention_rate(12)
    assert rr.is_monotonic_increasing and np.allclose(reg.survival(12).iloc[1:], np.cumprod(rr))
    observed = data[data["cohort"] == "regular"]["survivors"].to_numpy() / 1000
    assert np.abs(reg.survival(7).to_numpy() - observed).max() < 0.02
    # expected remaining lifetime: the closed form equals the direct sum of discounted survival
    a, b = reg.param_vector()
    for n in (0, 3):
        k = np.arange(3000)
        direct = np.sum(np.exp(special.betaln(a, b + n + k) - special.betaln(a, b + n)) / 1.1 ** k)
        assert reg.expected_remaining_lifetime(n, 0.1) == pytest.approx(direct, rel=1e-9)
    assert reg.expected_remaining_lifetime(3, 0.1) > reg.expected_remaining_lifetime(0, 0.1)   # survivors stay longer
    assert reg.expected_remaining_lifetime(0) == float("inf")        # alpha < 1: infinite without discounting
    with pytest.raises(DataValidationError, match="more survivors than the one before"):
        ShiftedBetaGeometric().fit([1000, 600, 700])


@pytest.mark.parametrize("name", list(models()))
def test_every_model_keeps_the_contract(name, cal, donations):
    data = {"bgbb": donations, "sbg": ds.load_sbg_retention().query("cohort == 'regular'")["survivors"]}.get(name, cal)
    m = model(name).fit(data)
    for attr in ("params_", "standard_errors_", "log_likelihood_", "aic_", "bic_", "n_customers_", "diagnostics_"):
        assert hasattr(m, attr)
    k = len(m.params_)
    assert m.aic_ == pytest.approx(2 * k - 2 * m.log_likelihood_)
    assert m.bic_ == pytest.approx(k * np.log(m.n_customers_) - 2 * m.log_likelihood_)
    assert list(m.summary().columns) == ["estimate", "standard_error", "low_95", "high_95"]
    from insight.report.sections.clv import model_name, model_sentence
    from insight.style import Style

    text = model_sentence(Style(), m)
    assert text.startswith(f"{model_name(Style(), type(m).__name__)} on {m.n_customers_:,} customers: ") and "; log-likelihood " in text
    back = pickle.loads(pickle.dumps(m))
    assert back.params_ == m.params_ and back.standard_errors_ == pytest.approx(m.standard_errors_)
    assert clone(m).get_params() == m.get_params() and not hasattr(clone(m), "params_")
    assert set(models_table().index) == set(models())


def test_initial_values_are_checked_by_name(cal):
    with pytest.raises(DataValidationError, match="1 unknown name.*'zeta'"):
        BetaGeo(initial={"r": 1, "zeta": 2}).fit(cal)
    with pytest.raises(DataValidationError, match="'alpha' == -1"):
        ParetoNBD(initial={"alpha": -1}).fit(cal)
    partial = BetaGeo(initial={"r": 0.3}).fit(cal)       # a partial dict fills the rest from the defaults
    assert round(partial.params_["r"], 3) == 0.243
    assert round(GammaGamma(initial={"p": 2}).fit(cal).params_["p"], 2) == round(GammaGamma().fit(cal).params_["p"], 2)


def test_column_names_are_honoured(cal):
    renamed = cal.rename(columns={"frequency": "f", "recency": "rec", "T": "age"})
    m = ModifiedBetaGeo(frequency_col="f", recency_col="rec", T_col="age").fit(renamed)
    assert m.params_ == pytest.approx(ModifiedBetaGeo().fit(cal).params_)
    d = ds.load_donations().rename(columns={"count": "donors", "n_opportunities": "n"})
    assert BetaGeoBetaBinom(n_col="n", count_col="donors").fit(d).params_ == pytest.approx(
        BetaGeoBetaBinom().fit(ds.load_donations()).params_)


def test_sbg_on_individual_subscribers_equals_the_cohort_fit_and_values_them(telco):
    """Expanding the regular cohort's survivors into 1,000 subscribers gives the same estimates; on Telco the
    current customers' contractual CLV has an interval around its estimate."""
    from insight.models.clv.intervals import subscriber_values

    s = ds.load_sbg_retention().query("cohort == 'regular'")["survivors"].to_numpy()
    lost = -np.diff(s)
    durations = np.concatenate([np.repeat(np.arange(1, len(s)), lost.astype(int)), np.full(int(s[-1]), len(s) - 1)])
    churned = np.concatenate([np.ones(int(lost.sum()), bool), np.zeros(int(s[-1]), bool)])
    ind = ShiftedBetaGeometric().fit_durations(durations, churned)
    assert ind.params_ == pytest.approx(ShiftedBetaGeometric().fit(s).params_, rel=1e-6)
    assert ind.log_likelihood_ == pytest.approx(ShiftedBetaGeometric().fit(s).log_likelihood_, rel=1e-9)
    m = ShiftedBetaGeometric().fit_durations(telco["tenure"], telco["churn"])
    cur = telco[~telco["churn"]]
    v = subscriber_values(m, cur["tenure"], cur["monthly_charges"], margin=0.3, discount_rate=0.01)
    a, b = m.param_vector()
    by_hand = (m.remaining_periods(a, b, cur["tenure"].to_numpy(), 0.01) * cur["monthly_charges"].to_numpy() * 0.3).sum()
    assert v.total["estimate"] == pytest.approx(by_hand) and v.total["low"] < by_hand < v.total["high"]
    assert (v.per_customer["low"] <= v.per_customer["estimate"]).all() and len(v.per_customer) == len(cur)
    with pytest.raises(DataValidationError, match="missing or negative"):
        ShiftedBetaGeometric().fit_durations([1, -2], [True, False])


@pytest.fixture(scope="module")
def apparel():
    tx, cov = ds.load_apparel()
    end = pd.Timestamp("2005-01-02") + pd.Timedelta(weeks=104)
    cal = calibration_holdout(tx, "Id", "Date", "Price", calibration_end=end, holdout_end=tx["Date"].max())
    return cal.assign(**{c: cov.loc[cal.index.astype(int), c].to_numpy() for c in ("Gender", "Channel")})


def test_pareto_nbd_on_apparel_reproduces_clvtools(apparel):
    """CLVTools vignette: r 1.4489768, alpha 48.6360845, s 0.5612598, beta 46.8843633 (a flat likelihood: the
    parameters to about 1%)."""
    m = ParetoNBD().fit(apparel)
    pub = {"r": 1.4489768, "alpha": 48.6360845, "s": 0.5612598, "beta": 46.8843633}
    assert m.params_ == pytest.approx(pub, rel=0.01)


def test_pareto_nbd_with_static_covariates_reproduces_clvtools(apparel):
    """CLVTools vignette section 4: r 1.8378, alpha 92.9123, s 0.5920, beta 49.6227; lifetime Gender -0.6430,
    Channel 0.7907; transactions Gender 0.2859, Channel 0.6241; LL -5821.0627."""
    m = ParetoNBD(covariates_trans=["Gender", "Channel"], covariates_life=["Gender", "Channel"]).fit(apparel)
    assert round(m.log_likelihood_, 4) == -5821.0627 and m.diagnostics_.ok
    pub = {"r": 1.8378, "alpha": 92.9123, "s": 0.5920, "beta": 49.6227, "trans_Gender": 0.2859,
           "trans_Channel": 0.6241, "life_Gender": -0.6430, "life_Channel": 0.7907}
    assert m.params_ == pytest.approx(pub, rel=0.01)
    # covariates change each customer's predictions; all-zero covariates give the base model's formulas
    base = ParetoNBD()
    base.params_ = {k: m.params_[k] for k in ("r", "alpha", "s", "beta")}
    zero = apparel.assign(Gender=0, Channel=0)
    assert np.allclose(m.p_alive(zero), base.p_alive(zero)) and not np.allclose(m.p_alive(apparel),
                                                                                base.p_alive(apparel))
    assert pickle.loads(pickle.dumps(m)).params_ == m.params_ and clone(m).covariates_life == ["Gender", "Channel"]
    with pytest.raises(DataValidationError, match="'Region'"):
        ParetoNBD(covariates_trans=["Region"]).fit(apparel)


def test_column_names_and_time_units_are_carried_everywhere(cal):
    """holdout_report and the frequency/recency chart honour the model's column names; CLV steps follow the
    summary's time unit instead of silently assuming weeks."""
    import matplotlib

    matplotlib.use("Agg")
    from insight.models.clv.value import customer_value
    from insight.models.clv.holdout import holdout_report
    from insight.plots.clv import plot_frequency_recency

    renamed = cal.rename(columns={"frequency": "f", "recency": "rec", "T": "age"})
    m = BetaGeo(frequency_col="f", recency_col="rec", T_col="age").fit(renamed)
    assert holdout_report(m, renamed) == pytest.approx(holdout_report(BetaGeo().fit(cal), cal))
    assert plot_frequency_recency(m, 39.0) is not None
    bg, gg = BetaGeo().fit(cal), GammaGamma().fit(cal)
    weekly = customer_value(bg, gg, cal, horizon=52, time_unit="W")       # weeks: monthly steps of 4.345
    assert np.allclose(weekly["clv"], customer_value(bg, gg, cal, horizon=52, step=30.4375 / 7)["clv"])
    with pytest.raises(DataValidationError, match="time unit"):
        customer_value(bg, gg, cal)


def prediction_intervals_total(model, summary):
    from insight.models.clv.intervals import prediction_intervals

    return prediction_intervals(model, summary, t=10, n_draws=50).total["estimate"]


def test_bgnbd_with_covariates_recovers_the_simulated_truth():
    """Customers drawn from BG/NBD whose purchase rate and dropout depend on a 0/1 covariate (CLVTools'
    parametrization): the fit recovers every parameter within 4 standard errors, and without the covariate
    the fit is worse by a likelihood-ratio test."""
    from scipy import stats

    rng = np.random.default_rng(7)
    n = 20000
    truth = {"r": 0.8, "alpha": 6.0, "a": 0.7, "b": 3.0, "trans_g": 0.6, "life_g": -0.5}
    g = rng.integers(0, 2, n).astype(float)
    lam = rng.gamma(truth["r"], 1 / (truth["alpha"] * np.exp(-truth["trans_g"] * g)))
    scale = np.exp(truth["life_g"] * g)
    drop = rng.beta(truth["a"] * scale, truth["b"] * scale)
    T = rng.uniform(30, 52, n)
    N = rng.poisson(lam * T)
    x = np.minimum(N, rng.geometric(drop))
    tx = np.where(x > 0, T * rng.beta(np.maximum(x, 1), N - x + 1), 0.0)
    s = pd.DataFrame({"frequency": x.astype(float), "recency": tx, "T": T, "g": g})
    m = BetaGeo(covariates_trans=["g"], covariates_life=["g"]).fit(s)
    assert m.diagnostics_.ok
    se = m.standard_errors_
    for k, v in truth.items():
        assert abs(m.params_[k] - v) < 4 * se[k], (k, m.params_[k], v, se[k])
    plain = BetaGeo().fit(s)
    lr = 2 * (m.log_likelihood_ - plain.log_likelihood_)
    assert stats.chi2.sf(lr, 2) < 1e-6
    # the covariate reaches the predictions: the same histories with g = 0 and g = 1 are valued differently
    one, zero = s.assign(g=1.0).head(50), s.assign(g=0.0).head(50)
    assert not np.allclose(m.p_alive(one), m.p_alive(zero))
    assert prediction_intervals_total(m, s) > 0


def test_fits_on_unique_rows_with_counts_are_the_fits_on_every_customer(cdnow_sample):
    """count_col: rows already compressed (a group-by in a warehouse or Spark) give exactly the same fit."""
    from insight.models.clv.beta_geo import BetaGeo, ModifiedBetaGeo
    from insight.models.clv.holdout import calibration_holdout
    from insight.models.clv.gamma_gamma import GammaGamma
    from insight.models.clv.pareto_nbd import ParetoNBD

    cal = calibration_holdout(cdnow_sample, "sample_id", "date", "amount", calibration_end="1997-09-30",
                              holdout_end="1998-06-30", drop_duplicates=False)
    rows = cal.groupby(["frequency", "recency", "T"]).size().rename("customers").reset_index()
    assert len(rows) < len(cal)
    for cls in (BetaGeo, ModifiedBetaGeo, ParetoNBD):
        every, unique = cls().fit(cal), cls(count_col="customers").fit(rows)
        assert unique.params_ == every.params_ and unique.log_likelihood_ == every.log_likelihood_
        assert unique.n_customers_ == len(cal) == 2357
    spend = cal[cal["frequency"] > 0].groupby(["frequency", "monetary_value"]).size().rename("n").reset_index()
    assert GammaGamma(count_col="n").fit(spend).params_ == GammaGamma().fit(cal).params_
    with pytest.raises(DataValidationError, match=r"column 'customers': 1 rows are not customer counts.*0\.5"):
        BetaGeo(count_col="customers").fit(rows.assign(customers=[0.5] + [1] * (len(rows) - 1)))
