"""Buy-till-you-die models against the published CDNOW reference numbers."""

import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from insight.models.clv.beta_geo import BetaGeo
from insight.models.clv.value import customer_value
from insight.models.clv.holdout import calibration_holdout, holdout_report, lifetimes_holdout, split_calibration
from insight.models.clv.gamma_gamma import GammaGamma
from insight.models.clv.pareto_nbd import ParetoNBD
from insight.exceptions import DataValidationError, NotFittedError


@pytest.fixture(scope="module")
def cal(cdnow_sample):
    return calibration_holdout(cdnow_sample, "sample_id", "date", "amount",
                               calibration_end="1997-09-30", holdout_end="1998-06-30", drop_duplicates=False)


@pytest.fixture(scope="module")
def bg(cal):
    return BetaGeo().fit(cal)


def test_calibration_split(cal, cdnow_sample):
    split = split_calibration(cdnow_sample, "sample_id", "date", "amount", calibration_end="1997-09-30",
                              holdout_end="1998-06-30", drop_duplicates=False)
    assert split.table.equals(cal) and split.time_unit == "W"
    assert split.holdout_end == pd.Timestamp("1998-06-30") and split.cleaning.rows_in == 6919
    assert len(cal) == 2357 and split.new_in_holdout == 0
    assert cal["holdout_purchases"].sum() == 1882
    assert cal["holdout_length"].iloc[0] == pytest.approx(273 / 7)   # 39 weeks
    assert (cal["frequency"] == 0).sum() == 1411


def test_bgnbd_reference(bg):
    """Fader, Hardie & Lee (2005): r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4."""
    p = bg.params_
    assert round(p["r"], 3) == 0.243 and round(p["alpha"], 3) == 4.414
    assert round(p["a"], 3) == 0.793 and round(p["b"], 3) == 2.426
    assert round(bg.log_likelihood_, 1) == -9582.4
    assert bg.aic_ == pytest.approx(8 + 2 * 9582.4, abs=0.2)
    se = bg.standard_errors_
    assert 0.005 < se["r"] < 0.05 and all(np.isfinite(list(se.values())))


def test_pareto_nbd_reference(cal):
    """Fader, Hardie & Lee (2005): r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669, LL = -9595.0."""
    m = ParetoNBD().fit(cal)
    p = m.params_
    assert round(p["r"], 3) == 0.553 and round(p["alpha"], 3) == 10.578
    assert round(p["s"], 3) == 0.606 and round(p["beta"], 3) == 11.669
    assert round(m.log_likelihood_, 1) == -9595.0


def test_gamma_gamma_reference(cal):
    """Fader & Hardie (2013): p = 6.25, q = 3.74, gamma = 15.44 on the 946 repeat customers."""
    gg = GammaGamma().fit(cal)
    assert gg.n_customers_ == 946
    assert {k: round(v, 2) for k, v in gg.params_.items()} == {"p": 6.25, "q": 3.74, "gamma": 15.44}
    spend = gg.expected_spend(cal)
    p, q, g = gg.params_.values()
    assert spend[cal["frequency"] == 0].iloc[0] == pytest.approx(g * p / (q - 1))   # population mean


def test_holdout_figures(bg, cal):
    r = holdout_report(bg, cal)
    assert r["actual_total"] == 1882
    assert -0.14 <= r["total_error"] <= -0.11          # the libraries' 12-14 % under-forecast
    assert 0.60 <= r["correlation"] <= 0.66            # published ~0.63
    assert r["mae"] < r["naive_mae"]                   # the model beats repeating the calibration rate
    # cumulative repeat sales by week 78 are only ~4 % low (Fader, Hardie & Lee 2005)
    first = cal["T"].max() - cal["T"]                  # week of each customer's first purchase
    weeks = 78.0
    expected = sum(bg.expected_purchases_new(weeks - f) for f in first.to_numpy())
    actual = cal["frequency"].sum() + cal["holdout_purchases"].sum()
    assert -0.06 < expected / actual - 1 < -0.02


@pytest.mark.parametrize("model, cls", [("bgnbd", BetaGeo), ("pareto", ParetoNBD)])
def test_holdout_matches_lifetimes_on_same_split(cal, model, cls):
    pytest.importorskip("lifetimes")
    ours, theirs = holdout_report(cls().fit(cal), cal), lifetimes_holdout(cal, model)
    assert theirs["actual_total"] == ours["actual_total"] == 1882
    # lifetimes' Pareto/NBD fit (BFGS on a flat likelihood) moves with floating-point noise: 1665.41 with one
    # BLAS thread, 1665.51 with two, 1661.8 once in a loaded parallel test run; ours is pinned exactly below
    rel = 1e-4 if model == "bgnbd" else 5e-3
    for key in ("predicted_total", "mae", "correlation"):
        assert theirs[key] == pytest.approx(ours[key], rel=rel), key
    assert ours["predicted_total"] == pytest.approx({"bgnbd": 1653.4, "pareto": 1665.5}[model], abs=0.1)


def test_lifetimes_holdout_without_lifetimes(cal, monkeypatch):
    monkeypatch.setitem(sys.modules, "lifetimes", None)    # import fails as if not installed
    assert lifetimes_holdout(cal) is None


def test_p_alive_and_expectations(bg, cal):
    pa = bg.p_alive(cal)
    assert (pa[cal["frequency"] == 0] == 1).all() and pa.between(0, 1).all()
    # a customer who bought often but long ago is less likely alive than one who just did
    two = pd.DataFrame({"frequency": [10, 10], "recency": [5.0, 38.0], "T": [39.0, 39.0]})
    p2 = bg.p_alive(two)
    assert p2.iloc[0] < 0.2 < 0.9 < p2.iloc[1]
    e = bg.expected_purchases(two, 52)
    assert e.iloc[1] > 5 * e.iloc[0]
    assert bg.expected_purchases_new(0.0) == pytest.approx(0.0)


def test_numerically_robust_extremes(bg):
    big = pd.DataFrame({"frequency": [0, 5000, 3000, 1], "recency": [0.0, 9999.0, 50.0, 1e5],
                        "T": [1e6, 10000.0, 1e5, 1e5]})
    for f in (bg.p_alive(big), bg.expected_purchases(big, 52)):
        assert np.isfinite(f).all()
    # a degenerate fit warns with advice instead of crashing
    from insight.exceptions import ConvergenceWarning

    with pytest.warns(ConvergenceWarning, match=r"ran to the edge of the search for \['alpha'\].*'alpha': 6.144e-06"):
        m = BetaGeo().fit(pd.concat([big] * 5, ignore_index=True).assign(
            frequency=lambda d: d["frequency"] + np.arange(len(d)) % 3))
    assert np.isfinite(m.log_likelihood_)


def test_zero_spend_customer_on_full_cdnow(cdnow):
    """The full CDNOW file has one customer whose repeat purchases are all $0."""
    from insight.features.summary import customer_summary

    s = customer_summary(cdnow, "customer_id", "date", "amount", drop_duplicates=False)
    gg = GammaGamma().fit(s)
    assert gg.n_excluded_zero_ == 1 and len(gg.excluded_) == 1
    assert np.isfinite(list(gg.params_.values())).all()


def test_customer_value(bg, cal):
    gg = GammaGamma().fit(cal)
    v = customer_value(bg, gg, cal, horizon=52, time_unit="W", discount_rate=0.01, margin=0.3)
    assert list(v.columns) == ["p_alive", "expected_purchases", "expected_spend", "clv"]
    assert (v["clv"] >= 0).all()
    # undiscounted CLV with margin 1 equals expected purchases x expected spend
    v0 = customer_value(bg, gg, cal, horizon=52, time_unit="W", discount_rate=0.0, margin=1.0)
    np.testing.assert_allclose(v0["clv"], v0["expected_purchases"] * v0["expected_spend"], rtol=1e-9)
    assert (v["clv"] <= v0["clv"] + 1e-9).all()


def test_bad_input(cdnow_sample):
    good = pd.DataFrame({"frequency": [1, 0], "recency": [2.0, 0.0], "T": [5.0, 3.0]})
    with pytest.raises(DataValidationError, match=r"recency > T.*e.g. recency 6.0, T 5.0"):
        BetaGeo().fit(good.assign(recency=[6.0, 0.0]))
    with pytest.raises(DataValidationError, match=r"column 'frequency': 1 of 2 rows are missing, infinite or negative"):
        BetaGeo().fit(good.assign(frequency=[-1, 0]))
    with pytest.raises(DataValidationError, match=r"1 rows have recency > 0 with frequency 0"):
        BetaGeo().fit(good.assign(recency=[2.0, 1.0]))
    with pytest.raises(DataValidationError, match=r"column 'monetary_value': 1 of 2 rows are missing, infinite or negative"):
        GammaGamma().fit(good.assign(monetary_value=[-5.0, 0.0]))
    with pytest.raises(NotFittedError):
        BetaGeo().p_alive(good)
    with pytest.raises(DataValidationError, match=r"'holdout_end' == 1997-01-01 must be after"):
        calibration_holdout(cdnow_sample, "sample_id", "date", "amount", calibration_end="1997-09-30",
                            holdout_end="1997-01-01")
    with pytest.raises(DataValidationError, match=r"the calibration period holds no purchase"):
        calibration_holdout(cdnow_sample, "sample_id", "date", "amount", calibration_end="1996-01-01",
                            holdout_end="1998-06-30")
    bad = cdnow_sample.assign(date=cdnow_sample["date"].astype(str))
    bad.loc[3, "date"] = "31/02/1997x"
    with pytest.raises(DataValidationError, match=r"column 'date': 1 of 6,919 rows are not parseable dates"):
        calibration_holdout(bad, "sample_id", "date", "amount", calibration_end="1997-09-30", holdout_end="1998-06-30")


def test_tracking_counts_every_repeat_purchase(bg, cdnow_sample):
    from insight.models.clv.holdout import tracking

    t = tracking(bg, cdnow_sample, "sample_id", "date", "amount", calibration_end="1997-09-30",
                 holdout_end="1998-06-30")
    assert t.table["actual"].sum() == 2457 + 1882                      # calibration + holdout repeat purchases
    assert t.table["actual_cumulative"].is_monotonic_increasing and t.table["expected_cumulative"].is_monotonic_increasing
    assert -0.06 < t.table["expected_cumulative"].iloc[-1] / t.table["actual_cumulative"].iloc[-1] - 1 < -0.02
    assert t.calibration_period == pytest.approx(272 / 7)


def test_fits_recover_simulated_parameters():
    from insight.data.simulate import btyd_summary

    s = btyd_summary(100_000, seed=3)
    bgm = BetaGeo().fit(s)
    truth = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for k, v in truth.items():
        assert abs(bgm.params_[k] - v) < 3.5 * bgm.standard_errors_[k] + 0.05 * v, k
    gg = GammaGamma().fit(s)
    assert abs(gg.params_["p"] - 6.25) < 0.5 and abs(gg.params_["q"] - 3.74) < 0.5


# --------------------------------------------------------------------------- honest fits (issue 13)
def test_fits_on_cdnow_are_ok_and_paretos_infinite_lifetime_is_said(cal):
    from insight.models.clv.pareto_nbd import ParetoNBD

    assert BetaGeo().fit(cal).diagnostics_.ok and GammaGamma().fit(cal).diagnostics_.ok
    pareto = ParetoNBD().fit(cal)
    assert pareto.diagnostics_.ok and pareto.diagnostics_.notes == ["infinite_lifetime"]     # s = 0.606 <= 1
    assert pareto.diagnostics_.values["s"] == pytest.approx(0.606, abs=0.01)
    assert np.isnan(pareto.expected_lifetime())
    from insight.report.sections.clv import fit_description
    from insight.style import Style

    text = fit_description(Style(), pareto, GammaGamma().fit(cal))
    assert "per week; the expected lifetime is infinite (s = 0.61 <= 1" in text and "lifetime of about" not in text


def test_no_dropout_in_the_data_is_not_identified():
    from insight.models.clv.pareto_nbd import ParetoNBD
    from insight.data.simulate import btyd_summary
    from insight.report.sections.clv import diagnostics_sentence, fit_description
    from insight.style import Style

    s = btyd_summary(3000, a=1.0, b=1e6, seed=3)        # mean dropout chance after a purchase 1e-6
    for model in (BetaGeo(), ParetoNBD()):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # the optimizer warns as the dropout runs to its bound
            model.fit(s)
        assert model.diagnostics_.status == "not_identified", model.diagnostics_
    assert model.diagnostics_.reason == "few_leave" and model.diagnostics_.values["gone"] < 0.01
    text = fit_description(Style(), model, GammaGamma().fit(s))
    assert "**Dropout is not identified:** the data show almost no customers leaving (by the model, " in text
    assert "lifetime of about" not in text
    from insight.models.clv._base import Diagnostics

    d = Diagnostics("not_identified", "no_dropout", {"dropout": 1e-6})
    assert diagnostics_sentence(Style(), d).startswith("the data show almost no customers leaving (mean dropout "
                                                       "chance after a purchase <0.001%)")


def test_too_little_data_and_a_stuck_optimizer_are_reported():
    from types import SimpleNamespace

    from insight.models.clv._base import _fit_status
    from insight.data.simulate import btyd_summary

    few = btyd_summary(40, seed=1)
    assert (few["frequency"] > 0).sum() < 20
    d = BetaGeo().fit(few).diagnostics_
    assert d.status == "too_little_data" and d.values == {"n": int((few["frequency"] > 0).sum()), "needed": 20}
    from insight.report.sections.clv import diagnostics_sentence
    from insight.style import Style

    assert diagnostics_sentence(Style(), d) == (f"only {d.values['n']} customer(s) show what the model learns from (a "
                                                "repeat purchase, or for subscriptions a cancellation); at least 20 "
                                                "are needed to estimate this model.")
    z0 = np.zeros(4)
    stuck = SimpleNamespace(x=z0.copy(), success=True, message="")
    assert (_fit_status(stuck, z0, 100).status, _fit_status(stuck, z0, 100).reason) == ("not_converged", "stuck")
    edge = SimpleNamespace(x=np.array([0.1, 0.2, -11.95, 3.0]), success=True, message="")
    assert _fit_status(edge, z0, 100).status == "at_boundary"


def test_spend_with_no_finite_mean_is_not_identified():
    d = GammaGamma()._identified((2.0, 0.8, 10.0))
    assert d.status == "not_identified" and d.values == {"q": 0.8}
    from insight.report.sections.clv import diagnostics_sentence
    from insight.style import Style

    assert diagnostics_sentence(Style(), d).startswith("the spread of spend is so wide (q = 0.80 <= 1)")
    assert GammaGamma()._identified((2.0, 3.7, 10.0)).ok


def test_values_are_not_shown_where_dropout_is_not_identified():
    """Once printed "0.0% churned" with an empty at-risk table; now the sentence says why there is no figure."""
    from insight.models.clv.value import value_customers
    from insight.models.clv.pareto_nbd import ParetoNBD
    from insight.models.clv._base import Diagnostics
    from insight.data.simulate import btyd_summary
    from insight.report.sections.clv import fit_description, worth_sentence
    from insight.style import Style

    s = btyd_summary(3000, a=1.0, b=1e6, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        count, spend = BetaGeo().fit(s), GammaGamma().fit(s)
    worth = value_customers(count, spend, s.assign(total_revenue=1.0), time_unit="W")
    assert not worth.trusted and not worth.churned.any() and worth.at_risk(10).empty
    assert worth.reason.status == "not_identified" and worth.reason.reason == "no_dropout"
    assert worth_sentence(Style(), worth).startswith("**No P(alive), churn or CLV figures for these data:** the data "
                                                     "show almost no customers leaving (mean dropout chance")
    spend.diagnostics_ = Diagnostics("not_converged", "flat")
    text = fit_description(Style(), ParetoNBD().fit(btyd_summary(2000, seed=1)), spend)
    assert "**Spend is not modelled:** the maximum-likelihood fit did not settle on an optimum" in text
    assert "Spend per purchase averages" not in text


def test_holdout_check_table_and_sentence(cal, cdnow_sample):
    from insight.models.clv.registry import fit_models
    from insight.models.clv.holdout import holdout_check
    from insight.report.sections.clv import holdout_sentence, split_sentence
    from insight.style import Style

    count, spend = fit_models(cal, "bgnbd")
    check = holdout_check(count, cal, "bgnbd")
    h = check.metrics
    assert check.table.loc["total_purchases", "actual"] == h["actual_total"] == 1882
    assert check.table.loc["mae", "model"] == h["mae"] < h["naive_mae"]
    assert "lifetimes" in check.table.columns and check.lifetimes_failed == ""
    text = holdout_sentence(Style(), check)
    assert text.startswith(f"Summed predictions are {h['total_error']:+.1%} off the actual 1,882 holdout purchases; ")
    assert f"error is {h['mae']:.3f} against {h['naive_mae']:.3f} for" in text and "(the model earns its keep)." in text
    split = split_calibration(cdnow_sample, "sample_id", "date", "amount", calibration_end="1997-09-30",
                              holdout_end="1998-06-30", drop_duplicates=False)
    assert split_sentence(Style(), split).startswith("Calibration up to 1997-09-30, holdout up to 1998-06-30. 2,357 "
                                                     "customers in the calibration period; 0 first seen")
    with pytest.raises(DataValidationError, match="parameter 'model' == 'bgbb'"):
        fit_models(cal, "bgbb")


def test_a_flat_likelihood_shows_words_not_nan():
    from insight.data.simulate import btyd_summary

    s = btyd_summary(3000, a=1.0, b=1e6, seed=3)        # dropout not identified: the Hessian gives no errors
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = BetaGeo().fit(s)
    from insight.report.sections.clv import model_view
    from insight.style import Style

    html = str(model_view(Style(), m))
    assert m.summary()["standard_error"].isna().all()
    assert "NaN" not in html and html.count("not estimable") >= 12 and "likelihood is flat" in html
    assert "standard error" in html and "95% low" in html and "BG/NBD: 3,000 customers, log-likelihood" in html


def test_alive_check_by_hand_and_against_the_simulators_truth():
    """Where a holdout exists the CLV report says whether the model over- or under-states how many customers are
    still active; on the demo company that statement agrees with the simulator's truth."""
    import insight.report.sources as sources
    import insight.models.clv as clv
    from insight.models.clv.holdout import alive_check

    class Fixed:   # a fitted model whose probabilities are given
        def __init__(self, alive, active):
            self.alive, self.active = np.asarray(alive), np.asarray(active)

        def check_fitted(self):
            pass

        def p_alive(self, t):
            return pd.Series(self.alive, index=t.index)

        def p_any_purchase(self, t, length):
            return pd.Series(self.active, index=t.index)

    table = pd.DataFrame({"holdout_purchases": [0, 2, 1, 0] * 50, "holdout_length": 10.0})
    ok = alive_check(Fixed([0.9] * 200, [0.5] * 200), table)
    assert (ok.expected_active, ok.actual_active, ok.verdict) == (100.0, 100, "ok") and ok.gap == 0
    over = alive_check(Fixed([0.9] * 200, [0.6] * 200), table)          # 120 expected, sd 6.9: 20% too many
    assert over.verdict == "over" and over.gap == pytest.approx(0.2)
    under = alive_check(Fixed([0.4] * 200, [0.3] * 200), table)        # 80 expected alive, yet 100 bought
    assert under.verdict == "under" and under.expected_alive == pytest.approx(80)

    tx = sources.transaction_source("demo", demo_customers=5000)
    split = clv.split_calibration(tx.transactions, "customer_id", "date", "amount", calibration_end="2024-03-31",
                                  holdout_end="2024-12-31")
    t = split.table
    check = alive_check(clv.BetaGeo().fit(t), t)
    dropout = tx.demo.customers.set_index("customer_id").loc[t.index, "dropout_date"]
    truly_alive = int((dropout.isna() | (dropout > pd.Timestamp("2024-03-31"))).sum())
    assert check.verdict == "over" and check.actual_active == int((t["holdout_purchases"] > 0).sum())
    # the truth agrees: more are expected alive than are, by a similar share
    assert check.expected_alive > truly_alive
    assert check.expected_alive / truly_alive - 1 == pytest.approx(check.gap, abs=0.06)


def test_subscribers_remaining_periods_over_a_horizon():
    """The shifted-beta-geometric expected periods within a horizon: the first is certain, the second adds the
    renewal chance (b + n) / (a + b + n), discounted; over a long horizon the sum is the closed form."""
    from insight.models.clv.sbg import ShiftedBetaGeometric as S

    a, b, n, d = 0.7, 2.5, np.array([0.0, 3.0, 10.0]), 0.01
    assert S.remaining_periods(a, b, n, d, horizon=1).tolist() == [1.0, 1.0, 1.0]
    assert S.remaining_periods(a, b, n, d, horizon=2) == pytest.approx(1 + (b + n) / (a + b + n) / (1 + d))
    assert S.remaining_periods(a, b, n, d, horizon=20000) == pytest.approx(S.remaining_periods(a, b, n, d), rel=1e-9)
    assert S.remaining_periods(a, b, 3.0, d, horizon=2) == pytest.approx(1 + 5.5 / 6.2 / 1.01)    # a scalar tenure


def test_leaving_within_a_horizon_by_hand():
    """P(leave within k periods | renewed n times) = 1 - prod_{j<k} (b + n + j) / (a + b + n + j)."""
    from insight.models.clv.sbg import ShiftedBetaGeometric

    m = ShiftedBetaGeometric().with_params([0.7, 2.5])
    stay = [(2.5 + 3 + j) / (3.2 + 3 + j) for j in range(4)]
    assert m.leave_within([3], 4)[0] == pytest.approx(1 - np.prod(stay))
    assert m.leave_within([3.7], 1)[0] == pytest.approx(1 - stay[0])          # completed periods, as fitted


def test_yes_no_words_are_read_as_flags_wherever_a_churn_flag_is_taken():
    """'Yes'/'No' strings were read as "everyone churned" (a non-empty string is true in Python)."""
    from insight.features.cohorts import subscription_cohorts
    from insight.models.clv.intervals import contract_values
    from insight.models.clv.sbg import ShiftedBetaGeometric

    rng = np.random.default_rng(5)
    stay, seen = rng.geometric(rng.beta(1.0, 6.0, 400)), rng.integers(1, 30, 400)
    months = np.minimum(stay, seen).tolist()
    flags = (stay <= seen).tolist()
    words = [("YES" if i % 3 else "Yes") if f else ("no" if i % 2 else "No") for i, f in enumerate(flags)]
    a = ShiftedBetaGeometric().fit_durations(months, words).param_vector()
    b = ShiftedBetaGeometric().fit_durations(months, flags).param_vector()
    assert np.allclose(a, b)
    table = pd.DataFrame({"months": months, "fee": 10.0})
    _, v_words, _ = contract_values(table, "months", words, "fee", seed=0)
    _, v_flags, _ = contract_values(table, "months", flags, "fee", seed=0)
    assert len(v_words.per_customer) == 400 - sum(flags) and v_words.total["estimate"] == pytest.approx(
        v_flags.total["estimate"])
    customers = pd.DataFrame({"start": pd.Timestamp("2024-01-01"), "months": months})
    c_words = subscription_cohorts(customers, "start", duration_col="months", churned=words)
    c_flags = subscription_cohorts(customers, "start", duration_col="months", churned=flags)
    assert c_words.active.equals(c_flags.active)
    with pytest.raises(Exception, match="not yes/no values"):
        ShiftedBetaGeometric().fit_durations(months, ["maybe"] * 400)
