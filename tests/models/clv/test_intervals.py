"""Intervals from parameter draws: they cover the truth at about their nominal rate, and they refuse fits
that cannot be trusted."""

import warnings

import numpy as np
import pytest

from insight.models.clv.beta_geo import BetaGeo
from insight.models.clv.gamma_gamma import GammaGamma
from insight.models.clv.pareto_nbd import ParetoNBD
from insight.exceptions import DataValidationError
from insight.models.clv.intervals import parameter_draws, prediction_intervals, value_intervals
from insight.data.simulate import btyd_summary

TRUTH = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def test_total_expected_purchases_cover_the_truth_at_the_nominal_rate():
    """Data drawn from known parameters: over 60 seeds the 90% and 95% intervals of the whole base's expected
    purchases in the next 52 weeks contain the value under the true parameters about 90% and 95% of the time
    (binomial sd about 4 points; the full table over 200 seeds is in benchmarks/bench_intervals.py)."""
    hits = {0.9: [], 0.95: []}
    true_model = BetaGeo()
    true_model.params_ = TRUTH
    for seed in range(60):
        s = btyd_summary(2000, seed=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = BetaGeo().fit(s)
        truth = true_model.expected_purchases(s, 52).sum()
        for level in hits:
            iv = prediction_intervals(m, s, t=52, level=level, n_draws=200, seed=seed)
            hits[level].append(iv.total["low"] <= truth <= iv.total["high"])
    assert 0.80 <= np.mean(hits[0.9]) <= 0.97 and 0.87 <= np.mean(hits[0.95]) <= 1.0
    assert np.mean(hits[0.95]) >= np.mean(hits[0.9])


def test_intervals_per_customer_and_total(cdnow_sample):
    from insight.models.clv.holdout import calibration_holdout

    cal = calibration_holdout(cdnow_sample, "sample_id", "date", "amount", calibration_end="1997-09-30",
                              holdout_end="1998-06-30", drop_duplicates=False)
    bg, gg = BetaGeo().fit(cal), GammaGamma().fit(cal)
    p = prediction_intervals(bg, cal, "p_alive")
    per = p.per_customer
    assert len(per) == len(cal) and (per["low"] <= per["estimate"] + 1e-12).all()
    assert (per["estimate"] <= per["high"] + 1e-12).all() and per["low"].min() >= 0 and per["high"].max() <= 1
    assert p.total["estimate"] == pytest.approx(bg.p_alive(cal).sum())
    e = prediction_intervals(bg, cal, t=39)
    assert e.total["low"] < e.total["estimate"] < e.total["high"]
    assert e.total["estimate"] == pytest.approx(bg.expected_purchases(cal, 39).sum())
    wider = prediction_intervals(bg, cal, t=39, level=0.99)
    assert wider.total["high"] - wider.total["low"] > e.total["high"] - e.total["low"]
    v = value_intervals(bg, gg, cal, margin=0.3, horizon=52, time_unit="W")
    assert v.total["low"] < v.total["estimate"] < v.total["high"] and v.what == "clv" and v.level == 0.9
    from insight.report.sections.clv import interval_sentence
    from insight.style import Style

    assert interval_sentence(Style(), v, money=True) == (
        f"Customer lifetime value of the whole base: ${v.total['estimate']:,.0f} (90% interval "
        f"${v.total['low']:,.0f} to ${v.total['high']:,.0f}, from {v.n_draws} draws of the parameters).")
    assert interval_sentence(Style(), e).startswith(f"Expected purchases in the next 39 time units: "
                                                    f"{e.total['estimate']:,.0f} (90% interval")
    # a count model with a covariate: the value is the customer_value of each customer, covariate included
    cal_z = cal.assign(z=(cal.index.to_series().astype(str).str[-1].astype(int) % 2).to_numpy(dtype=float))
    bgz = BetaGeo(covariates_trans=["z"]).fit(cal_z)
    vz = value_intervals(bgz, gg, cal_z, margin=0.3, horizon=52, time_unit="W", n_draws=20)
    from insight.models.clv.value import customer_value

    truth = customer_value(bgz, gg, cal_z, margin=0.3, horizon=52, time_unit="W")["clv"]
    assert vz.total["estimate"] == pytest.approx(truth.sum()) and vz.total["low"] < vz.total["high"]
    # same seed, same intervals; the draws are positive and centred on the estimates
    assert prediction_intervals(bg, cal, t=39).total.equals(e.total)
    d = parameter_draws(bg, 2000, seed=1)
    assert (d > 0).all().all() and np.allclose(np.log(d).mean(), np.log(list(bg.params_.values())), atol=0.05)


def test_no_interval_for_a_fit_that_cannot_be_trusted():
    s = btyd_summary(3000, a=1.0, b=1e6, seed=3)        # nobody ever drops out: dropout is not identified
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = BetaGeo().fit(s)
    assert not m.diagnostics_.ok
    with pytest.raises(DataValidationError, match="cannot be trusted"):
        prediction_intervals(m, s)
    weak = btyd_summary(800, seed=9)                    # Pareto/NBD's s and beta are barely pinned down here
    with pytest.raises(DataValidationError, match="of 200 parameter draws give no finite prediction"):
        prediction_intervals(ParetoNBD().fit(weak), weak, t=10)


def test_tracking_band_around_the_expected_curve(cdnow_sample):
    from insight.models.clv.holdout import calibration_holdout, tracking

    cal = calibration_holdout(cdnow_sample, "sample_id", "date", "amount", calibration_end="1997-09-30",
                              holdout_end="1998-06-30", drop_duplicates=False)
    bg = BetaGeo().fit(cal)
    kw = dict(calibration_end="1997-09-30", holdout_end="1998-06-30")
    plain = tracking(bg, cdnow_sample, "sample_id", "date", "amount", **kw).table
    band = tracking(bg, cdnow_sample, "sample_id", "date", "amount", draws=parameter_draws(bg), **kw).table
    assert np.allclose(plain["expected_cumulative"], band["expected_cumulative"])
    later = band.iloc[10:]
    assert (later["expected_cumulative_low"] < later["expected_cumulative"]).all()
    assert (later["expected_cumulative"] < later["expected_cumulative_high"]).all()
    last = band.iloc[-1]                     # the 78-week cumulative actual lies inside the model's 90% band
    assert last["expected_cumulative_low"] <= last["actual_cumulative"] <= last["expected_cumulative_high"]


def test_bgbb_intervals_weigh_patterns_by_their_customers():
    import insight.data.datasets as ds
    from insight.models.clv.bgbb import BetaGeoBetaBinom

    d = ds.load_donations()
    m = BetaGeoBetaBinom().fit(d)
    p = prediction_intervals(m, d, "p_alive")
    assert p.total["estimate"] == pytest.approx((m.p_alive(d) * d["count"]).sum())
    assert p.total["low"] < p.total["estimate"] < p.total["high"] < d["count"].sum()
    e = prediction_intervals(m, d, t=5)
    assert e.total["estimate"] == pytest.approx((m.expected_purchases(d, 5) * d["count"]).sum())
    assert len(e.per_customer) == len(d) and (e.per_customer["low"] <= e.per_customer["high"]).all()
