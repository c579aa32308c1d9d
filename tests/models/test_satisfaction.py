"""Satisfaction statistics on hand-computed inputs, the Yellow Pages survey and the demo company's built-in effects."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import insight.plots as ip
import insight.models.satisfaction as sat
from insight.report.sources import survey_source
from insight.exceptions import DataValidationError
from insight.data.simulate import EFFECTS, TOUCHPOINTS

DRIVERS = [f"q{i}" for i in range(2, 11)]


# --------------------------------------------------------------------------- scores, by hand
def test_nps_and_its_analytic_interval_by_hand():
    r = sat.nps([10, 9, 9, 8, 7, 6, 5, 0, 10, 10])
    # 5 promoters, 2 passives, 3 detractors: NPS 20. Adjusted Wald (Rocks 2016): 3/4 promoter and 3/4
    # detractor added to n + 3 = 13: p_P = 5.75/13, p_D = 3.75/13, var = (p_P + p_D - (p_P - p_D)^2) / 13
    pp, pd_ = 5.75 / 13, 3.75 / 13
    se = np.sqrt((pp + pd_ - (pp - pd_) ** 2) / 13)
    assert r["nps"] == pytest.approx(20.0)
    assert (r["promoters"], r["passives"], r["detractors"]) == pytest.approx((0.5, 0.2, 0.3))
    assert r["se"] == pytest.approx(100 * se)
    centre = 100 * (pp - pd_)
    assert (r["low"], r["high"]) == pytest.approx((centre - 1.959964 * 100 * se, centre + 1.959964 * 100 * se),
                                                  abs=1e-3)


def test_nps_weighted_and_missing():
    # weights 3 on the promoter: 3 promoter-weight, 1 passive, 1 detractor of 5
    r = sat.nps(pd.Series([10, 8, 3, np.nan]), weights=[3, 1, 1, 7])
    assert r["nps"] == pytest.approx(100 * (3 - 1) / 5)
    assert r["missing"] == 1 and r["n"] == 3
    assert r["n_effective"] == pytest.approx(25 / 11)


def test_nps_bootstrap_agrees_with_analytic_interval(demo):
    scores = demo.surveys["nps"]
    a = sat.nps(scores)
    lo, hi = sat.nps_bootstrap(scores, n_boot=2000, seed=1)
    assert abs(lo - a["low"]) < 1.0 and abs(hi - a["high"]) < 1.0
    assert sat.nps_bootstrap(scores, seed=1) == (lo, hi)     # seeded


def test_wilson_and_csat_by_hand():
    lo, hi = sat.wilson_interval(3, 10)
    assert (lo, hi) == pytest.approx((0.10779, 0.60322), abs=1e-5)   # Wilson (1927), 95 %
    c = sat.csat([5, 4, 4, 3, 1, 2, 5], scale=(1, 5))
    assert c["mean"] == pytest.approx(24 / 7)
    assert c["top_box"] == pytest.approx(4 / 7)
    assert (c["top_box_low"], c["top_box_high"]) == pytest.approx(sat.wilson_interval(4, 7))
    sd = np.std([5, 4, 4, 3, 1, 2, 5], ddof=1)
    assert c["high"] - c["mean"] == pytest.approx(2.446912 * sd / np.sqrt(7), rel=1e-5)   # t(6) quantile
    s = sat.share(pd.Series(["yes", "no", "yes", None]))
    assert s["share"] == pytest.approx(2 / 3) and s["missing"] == 1


def test_scores_by_group_tests_and_order():
    df = pd.DataFrame({"g": ["a"] * 50 + ["b"] * 50,
                       "nps": [10] * 40 + [3] * 10 + [10] * 10 + [3] * 40,
                       "csat": [5] * 40 + [2] * 10 + [5] * 10 + [2] * 40})
    result = sat.group_scores(df, "g", nps_col="nps", csat_col="csat")
    t = result.table
    assert t.equals(sat.scores_by_group(df, "g", nps_col="nps", csat_col="csat")) and result.missing_group == 0
    assert t.loc["a", "nps"] == pytest.approx(60) and t.loc["b", "nps"] == pytest.approx(-60)
    assert result.tests["nps"]["p_value"] < 1e-8
    assert result.tests["csat"]["p_value"] < 1e-8 and result.tests["csat"]["test"] == "kruskal_wallis"
    same = sat.group_scores(df.assign(g=["a", "b"] * 50), "g", nps_col="nps")
    assert same.tests["nps"]["p_value"] > 0.5
    with pytest.raises(DataValidationError, match="at least one of"):
        sat.scores_by_group(df, "g")


def test_trend_by_quarter(demo):
    t = sat.trend(demo.surveys, "date", freq="Q", nps_col="nps").table
    assert t["n"].sum() == len(demo.surveys)
    assert str(t.index[0]) == "2023Q1" and len(t) == 8


# --------------------------------------------------------------------------- key drivers
def test_relative_importance_orthogonal_drivers_by_hand():
    x1 = np.array([1, -1, 1, -1, 1, -1, 1, -1], float)
    x2 = np.array([1, 1, -1, -1, 1, 1, -1, -1], float)
    df = pd.DataFrame({"x1": x1, "x2": x2, "y": x1 + 2 * x2})
    for method in ("lmg", "johnson"):
        result = sat.relative_importance(df, "y", ["x1", "x2"], method=method)
        assert result.table["importance"].tolist() == pytest.approx([0.2, 0.8])   # squared correlations
        assert result.r2 == pytest.approx(1.0) and result.n == 8 and result.n_dropped == 0 and result.method == method


def test_lmg_two_correlated_drivers_by_hand():
    rng = np.random.default_rng(0)
    x1 = rng.normal(size=500)
    x2 = 0.6 * x1 + rng.normal(size=500)
    df = pd.DataFrame({"x1": x1, "x2": x2, "y": x1 + 0.5 * x2 + rng.normal(size=500)})
    imp = sat.relative_importance(df, "y", ["x1", "x2"]).table
    r = df.corr()
    r2 = sm.OLS(df["y"], sm.add_constant(df[["x1", "x2"]])).fit().rsquared
    # LMG with two drivers: the average of entering first and entering second
    assert imp.loc["x1", "importance"] == pytest.approx(0.5 * (r.loc["x1", "y"] ** 2 + r2 - r.loc["x2", "y"] ** 2))
    assert imp["importance"].sum() == pytest.approx(r2)


def test_yellow_pages_drivers(survey):
    kd = sat.key_drivers(survey, "q1", DRIVERS)
    r2 = sm.OLS(survey["q1"], sm.add_constant(survey[DRIVERS])).fit().rsquared
    assert kd.r2 == pytest.approx(r2) and kd.importance["importance"].sum() == pytest.approx(r2)
    assert kd.r2 == pytest.approx(0.717, abs=1e-3)
    assert kd.ranking() == ["q4", "q6", "q2", "q5", "q3", "q7", "q8", "q10", "q9"]
    # OLS and the ordinal logit agree on the two strongest drivers
    assert set(kd.ols["coefficient"].nlargest(2).index) == set(kd.ordinal["coefficient"].nlargest(2).index) == {"q4", "q6"}
    assert (kd.ols["low"] < kd.ols["coefficient"]).all() and (kd.ols["coefficient"] < kd.ols["high"]).all()
    johnson = sat.relative_importance(survey, "q1", DRIVERS, method="johnson").table
    assert johnson["importance"].sum() == pytest.approx(r2)
    assert list(johnson["rank"].nsmallest(2).index) == ["q6", "q4"]
    ipm = kd.map.table
    assert set(ipm.loc[ipm["quadrant"] == "top priority"].index) == {"q2", "q4", "q6"}
    assert kd.top_priority() == ["q2", "q4", "q6"] and kd.summary() is kd.importance
    assert kd.map.importance_cut == pytest.approx(1 / 9) and kd.map.performance_cut == pytest.approx(ipm["performance"].mean())


def test_scale_usage_adjustment(survey):
    centred = sat.adjust_scale_usage(survey, "q1", DRIVERS, method="center").table
    assert np.allclose(centred[DRIVERS].mean(axis=1), 0)
    assert (centred["q1"] == survey["q1"] - survey[DRIVERS].mean(axis=1)).all()
    std = sat.adjust_scale_usage(survey, "q1", DRIVERS, method="standardize")
    flat = int((survey[DRIVERS].std(axis=1) == 0).sum())
    assert std.flat_respondents == flat > 0
    adjustments = sat.compare_adjustments(survey, "q1", DRIVERS)
    comp, r2 = adjustments.table, adjustments.r2
    assert r2["none"] == pytest.approx(0.717, abs=1e-3) and r2["center"] < r2["none"]
    assert comp[("center", "share")].sum() == pytest.approx(1.0)
    # the two leading drivers survive the adjustment; distribution rises from last to third
    assert set(comp[("center", "rank")].nsmallest(2).index) == {"q4", "q6"}
    assert comp.loc["q9", ("none", "rank")] == 9 and comp.loc["q9", ("center", "rank")] == 3


def test_importance_performance_quadrants_by_hand():
    imp = pd.Series({"a": 0.4, "b": 0.3, "c": 0.2, "d": 0.1})
    perf = pd.Series({"a": 5.0, "b": 8.0, "c": 9.0, "d": 4.0})
    result = sat.importance_performance(imp, perf)           # cuts: 0.25 and 6.5
    assert (result.importance_cut, result.performance_cut) == pytest.approx((0.25, 6.5))
    q = result.table
    assert q["quadrant"].to_dict() == {"a": "top priority", "b": "keep up", "c": "sustain", "d": "low priority"}
    q = sat.importance_performance(imp, perf, importance_cut=0.35).table
    assert q.loc["b", "quadrant"] == "sustain"
    with pytest.raises(DataValidationError, match="only one of them"):
        sat.importance_performance(imp, perf.drop("d"))


# --------------------------------------------------------------------------- four levels
def test_levels_by_hand():
    orders = pd.DataFrame({
        "promised_date": pd.to_datetime(["2024-01-10"] * 6),
        "delivered_date": pd.to_datetime(["2024-01-12", "2024-01-10", "2024-01-08", "2024-01-10", "2024-01-09", None]),
        "extra": [False, False, False, True, True, False]})
    lv = sat.satisfaction_levels(orders)
    assert lv.astype(object).tolist()[:5] == ["below expectations", "meet", "exceed", "delight", "amaze"]
    assert pd.isna(lv.iloc[5]) and lv.isna().sum() == 1
    assert sat.satisfaction_levels(orders, late_tolerance_days=2).iloc[0] == "meet"
    assert sat.satisfaction_levels(orders, exceed_days=3).iloc[2] == "meet"
    # delivered at 15:00 on the promised day is on time (it was 'below expectations': 15 h after midnight)
    timed = pd.DataFrame({"promised_date": ["2024-01-10", "2024-01-10"],
                          "delivered_date": ["2024-01-10 15:00", "2024-01-11 08:00"], "extra": [False, False]})
    assert sat.satisfaction_levels(timed).astype(object).tolist() == ["meet", "below expectations"]


def test_levels_on_demo_company(demo):
    lv = sat.satisfaction_levels(demo.orders)
    shares = lv.value_counts(normalize=True)
    assert shares["below expectations"] == pytest.approx(EFFECTS["late_delivery_prob"], abs=0.01)
    assert shares["exceed"] + shares["amaze"] == pytest.approx(EFFECTS["early_delivery_prob"], abs=0.01)
    # a late order costs about 1.5 points of delivery CSAT in the next survey
    answered = demo.surveys.merge(lv.set_axis(demo.orders["order_id"]), left_on="last_order_id", right_index=True)
    by = answered.groupby("level", observed=True)["csat_delivery"].mean()
    assert 1.0 < by["meet"] - by["below expectations"] < 1.6


def test_repurchase_within_by_hand():
    orders = pd.DataFrame({"customer_id": ["a", "a", "a", "b", "c"],
                           "order_date": pd.to_datetime(["2024-01-01", "2024-02-15", "2024-03-01", "2024-01-01",
                                                         "2024-02-20"])})
    r = sat.repurchase_within(orders, days=30)
    # a: 45 days -> no; 15 days -> yes; last order too recent -> unknown; b: no; c: too recent
    assert r.fillna(-1).tolist() == [0.0, 1.0, -1, 0.0, -1] and r.isna().sum() == 2
    active = sat.recently_active(orders, days=20)
    assert active.to_dict() == {"a": True, "b": False, "c": True}


# --------------------------------------------------------------------------- service speed and complaints
def test_response_times_by_hand():
    t = pd.DataFrame({"channel": ["phone"] * 4 + ["email"] * 2,
                      "hours_to_first_response": [0.5, 1, 2, 30, 10, 40],
                      "hours_to_resolution": [5, 10, np.nan, 60, 20, 100]})
    r = sat.response_times(t, target_hours=24, resolution_target_hours=48)
    assert r.loc["phone", "median_first_response_h"] == 1.5 and r.loc["phone", "within_target"] == 0.75
    assert r.loc["phone", "unresolved"] == 1 and r.loc["email", "resolved_within_target"] == 0.5
    assert list(r.index) == ["phone", "email"]


def test_speed_vs_satisfaction_recovers_demo_effect(demo):
    speed = sat.speed_vs_satisfaction(demo.tickets)
    s = speed.table
    assert speed.test["spearman_rho"] < -0.2 and speed.test["kruskal_p"] < 1e-6
    assert s["mean"].iloc[0] > s["mean"].iloc[2] > s["mean"].iloc[3]
    assert s["contacts"].sum() + speed.unrated == len(demo.tickets)
    # bands by their hours: [0, 1), [1, 4), [4, 24), [24, 72), [72, inf)
    assert list(s.index) == [0, 1, 4, 24, 72] and list(s["to_hours"]) == [1, 4, 24, 72, np.inf]


def test_complaint_recovery_by_hand():
    retained = pd.Series({"a": True, "b": False, "c": True, "d": True, "e": False, "f": True})
    tickets = pd.DataFrame({"customer_id": ["a", "b", "b", "c", "d"],
                            "hours_to_resolution": [5.0, 10.0, np.nan, 100.0, 2.0]})
    r = sat.complaint_recovery(retained, tickets, fast_hours=48)
    # b: fast then unresolved -> classed unresolved (worst); e, f never complained
    assert r.table["customers"].tolist() == [2, 2, 1, 1]
    assert r.table.loc["resolved fast", "rate"] == 1.0 and r.table.loc["never complained", "rate"] == 0.5
    with pytest.raises(DataValidationError, match="not in 'retained'"):
        sat.complaint_recovery(retained.drop("a"), tickets)
    # the same customers answered in words: "no" is not retained
    words = sat.complaint_recovery(retained.map({True: "yes", False: "no"}), tickets, fast_hours=48)
    pd.testing.assert_frame_equal(words.table, r.table)


def test_complaint_recovery_on_demo_company(demo):
    active = sat.recently_active(demo.orders, days=180)
    r = sat.complaint_recovery(active, demo.tickets, fast_hours=EFFECTS["fast_resolution_hours"])
    t = r.table
    assert r.supported and r.p_value < 1e-6 and r.difference > 0.1
    assert t.loc["resolved slowly", "rate"] < t.loc["resolved fast", "rate"]
    assert t.loc["unresolved", "rate"] < t.loc["never complained", "rate"]
    assert t["customers"].sum() == len(active)
    rates = sat.complaint_rates(demo.tickets, len(active))
    assert rates.index[0] == "delivery" and rates["complaints"].sum() == len(demo.tickets)


def test_touchpoints_on_demo_company(demo):
    stages = {f"csat_{tp}": st for tp, st in TOUCHPOINTS["stage"].items()}
    tp = sat.touchpoints(demo.surveys, stages, outcome="nps", outcome_scale=(0, 10))
    assert tp.focus == "csat_returns"                              # the weakest touchpoint, and it matters
    assert tp.table["mean"].idxmin() == "csat_returns"
    by_stage = tp.table.groupby("stage")["importance"].sum()
    assert by_stage.idxmax() == "post-purchase" and by_stage.idxmin() == "pre-purchase"
    assert tp.table["importance"].sum() == pytest.approx(1.0)
    assert tp.stages["mean"].idxmin() == "post-purchase"


def test_nps_by_customer_type_on_demo_company(demo):
    sv = demo.surveys.merge(demo.customers[["customer_id", "true_type"]], on="customer_id")
    result = sat.group_scores(sv, "true_type", nps_col="nps", buy_again_col="would_buy_again")
    t = result.table
    assert t["nps"].idxmax() == "loyal" and t["nps"].idxmin() == "wandering"
    assert result.tests["nps"]["p_value"] < 1e-6 and result.tests["nps"]["test"] == "chi_square_classes"
    assert set(result.tests) == {"nps", "buy_again"}


# --------------------------------------------------------------------------- bad input
def test_bad_input(survey):
    bad = survey.copy()
    bad.loc[[3, 7], "q5"] = 11
    with pytest.raises(DataValidationError, match=r"column 'q5': 2 of 1,811 rows are outside the 1-10 scale"):
        sat.key_drivers(bad, "q1", DRIVERS)
    empty = survey.assign(q5=np.nan)
    with pytest.raises(DataValidationError, match="column 'q5': all 1,811 rows are missing"):
        sat.key_drivers(empty, "q1", DRIVERS)
    with pytest.raises(DataValidationError, match="1 respondent"):
        sat.key_drivers(survey.head(1), "q1", DRIVERS)
    with pytest.raises(DataValidationError, match="both the outcome and a driver"):
        sat.relative_importance(survey, "q1", ["q1", "q2"])
    with pytest.raises(DataValidationError, match="outside the 0-10 scale"):
        sat.nps([10, 11, 3])
    with pytest.raises(DataValidationError, match="weights.*negative"):
        sat.nps([10, 9, 3], weights=[1, -1, 1])
    with pytest.raises(DataValidationError, match="not yes/no"):
        sat.share(pd.Series(["yes", "maybe"], name="buy_again"))
    with pytest.raises(DataValidationError, match="'bands'"):
        sat.speed_vs_satisfaction(pd.DataFrame({"hours_to_first_response": [1.0], "csat": [4]}), bands=(4, 1))
    with pytest.raises(DataValidationError, match="no promised date"):
        sat.satisfaction_levels(pd.DataFrame({"promised_date": [None], "delivered_date": ["2024-01-01"]}),
                                extra_col=None)


def test_survey_source(tmp_path, survey):
    assert survey_source("yellow_pages").driver_cols == DRIVERS
    demo = survey_source("demo", demo_customers=300)
    assert demo.simulated and demo.orders is not None and demo.group_col == "customer_type"
    path = tmp_path / "s.csv"
    survey.to_csv(path, index=False)
    with pytest.raises(DataValidationError, match=r"columns must be named: 1 missing \(overall_col\)"):
        survey_source(str(path))
    with pytest.raises(DataValidationError, match="must be 'low-high'"):
        survey_source(str(path), overall_col="q1", driver_cols="q2,q3", scale="1 to 10")
    with pytest.raises(DataValidationError, match="q99"):
        survey_source(str(path), overall_col="q1", driver_cols="q2,q99", scale="1-10")
    src = survey_source(str(path), overall_col="q1", driver_cols="q2, q3", scale="1-10")
    assert src.driver_cols == ["q2", "q3"] and src.orders is None


def test_plots_draw_what_they_are_given(demo, survey):
    import matplotlib.pyplot as plt

    sv = demo.surveys.merge(demo.customers[["customer_id", "true_type"]], on="customer_id")
    t = sat.scores_by_group(sv, "true_type", nps_col="nps")
    assert len(ip.plot_nps(t).patches) == 5
    kd = sat.key_drivers(survey, "q1", DRIVERS, ordinal=False)
    assert len(ip.plot_drivers(kd).patches) == 9
    texts = [t.get_text() for t in ip.plot_importance_performance(kd).texts]
    assert len(texts) == 9 + 4 and {"TOP PRIORITY", "KEEP UP", "SUSTAIN", "LOW PRIORITY"} <= set(texts)
    assert len(ip.plot_levels(sat.satisfaction_levels(demo.orders)).patches) == 5
    assert len(ip.plot_response_times(demo.tickets, target_hours=24).get_lines()) == 5
    r = sat.complaint_recovery(sat.recently_active(demo.orders), demo.tickets)
    assert len(ip.plot_recovery(r).patches) == 4
    stages = {f"csat_{tp}": st for tp, st in TOUCHPOINTS["stage"].items()}
    ax = ip.plot_touchpoints(sat.touchpoints(demo.surveys, stages, outcome="nps", outcome_scale=(0, 10)))
    assert any("focus" in t.get_text() for t in ax.get_yticklabels())
    plt.close("all")


def test_drivers_that_explain_nothing_rank_nothing():
    """R² near 0 once gave a ranking and a "top priority"; now there is none (the report's sentences say why:
    tests/report/sections/test_satisfaction.py)."""
    rng = np.random.default_rng(5)
    noise = pd.DataFrame(rng.integers(1, 6, size=(400, 4)), columns=["overall", "a", "b", "c"])
    kd = sat.key_drivers(noise, "overall", ["a", "b", "c"], scale=(1, 5), ordinal=False)
    assert kd.r2 < 0.05 and kd.explains_little and kd.top_priority() == []
    real = sat.key_drivers(noise.assign(overall=np.clip(noise["a"] + rng.integers(-1, 2, 400), 1, 5)), "overall",
                           ["a", "b", "c"], scale=(1, 5), ordinal=False)
    assert not real.explains_little and real.ranking()[0] == "a"


def test_the_largest_change_between_complete_periods():
    """A change beyond noise is found with an interval leaving out 0, and a quarter the data cover only in part is
    left out of the comparison; the demo's NPS rose from 11 to 18 in its last quarter, within the noise."""
    periods = pd.period_range("2024Q1", "2024Q4", freq="Q")
    assert sat.complete_periods(periods, "2024-11-15").tolist() == [True, True, True, False]
    assert sat.complete_periods(periods, "2024-12-27").tolist() == [True] * 4          # within a week of the end
    table = pd.DataFrame({"nps": [20.0, 22.0, 23.0, -40.0], "nps_low": [10.0, 12.0, 13.0, -60.0],
                          "nps_high": [30.0, 32.0, 33.0, -20.0], "csat": [3.6, 3.6, 3.1, 3.0],
                          "csat_low": [3.5, 3.5, 3.0, 2.9], "csat_high": [3.7, 3.7, 3.2, 3.1]}, index=periods)
    ch = sat.largest_change(table, sat.complete_periods(periods, "2024-11-15"))
    # Q2 -> Q3: NPS +1 (se 7.2) against satisfaction -0.5 (se 0.036): satisfaction moved most for its noise
    se = np.hypot(0.2 / 3.92, 0.2 / 3.92)
    assert (ch.metric, ch.before_period, ch.after_period) == ("csat", "2024Q2", "2024Q3")
    assert (ch.low, ch.high) == pytest.approx((-0.5 - 1.96 * se, -0.5 + 1.96 * se)) and ch.beyond_noise
    assert sat.largest_change(table.head(1)) is None

    from insight.data.simulate import demo_company

    s = demo_company(5000, seed=0).surveys
    q = pd.to_datetime(s["date"]).dt.to_period("Q")
    by_hand = {p: 100 * ((g >= 9).mean() - (g <= 6).mean()) for p, g in s.groupby(q)["nps"]}
    t = sat.trend(s, "date", nps_col="nps", csat_col="overall_satisfaction", scale=(1, 5)).table
    change = sat.largest_change(t, sat.complete_periods(t.index, pd.to_datetime(s["date"]).max()))
    assert (change.metric, change.after_period) == ("nps", "2024Q4") and not change.beyond_noise
    assert change.before == pytest.approx(by_hand[pd.Period("2024Q3")]) and change.after == pytest.approx(
        by_hand[pd.Period("2024Q4")]) and change.low < 0 < change.change == pytest.approx(6.64, abs=0.01)


def test_an_nps_interval_holds_its_estimate_even_for_a_handful_of_answers():
    one = sat.nps([10])
    assert one["nps"] == 100 and one["low"] <= 100 <= one["high"] == 100 and one["low"] < 0
    for answers in ([10, 10], [0], [9, 0, 10], [7, 8]):
        r = sat.nps(answers)
        assert r["low"] <= r["nps"] <= r["high"]
    big = sat.nps([10] * 60 + [0] * 40)          # enough answers: the adjusted interval as published, unchanged
    assert big["low"] < 20 < big["high"] and big["high"] - big["low"] == pytest.approx(2 * 1.959964 * big["se"],
                                                                                        rel=1e-6)


# --------------------------------------------------------------------------- surveys as they are (issue 26, item 3)
def _passengers():
    """The constructed passenger survey as a report reads it: 0 ("not applicable") missing, satisfied = 2."""
    from surveys import PASSENGER_RATINGS, passenger_survey

    raw = passenger_survey()
    df = raw.copy()
    df[PASSENGER_RATINGS] = raw[PASSENGER_RATINGS].where(raw[PASSENGER_RATINGS] > 0).astype(float)
    df["satisfaction"] = (raw["satisfaction"] == "satisfied").astype(int) + 1
    return raw, df, PASSENGER_RATINGS


def test_drivers_of_a_share_satisfied_are_the_linear_probability_and_logit_models():
    raw, df, ratings = _passengers()
    scales = {"satisfaction": (1, 2), **{c: (1, 5) for c in ratings}}
    kd = sat.key_drivers(df, "satisfaction", ratings, scale=scales)
    ok = df[ratings].notna().all(axis=1)
    assert kd.n == int(ok.sum()) == 453 and kd.n_dropped == 147
    # the linear probability model, by least squares: its R² is what the relative importances share out
    X = np.column_stack([np.ones(int(ok.sum())), df.loc[ok, ratings].to_numpy()])
    y = (raw.loc[ok, "satisfaction"] == "satisfied").to_numpy(float)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    r2 = 1 - ((y - X @ beta) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert kd.r2 == pytest.approx(r2) and kd.importance["importance"].sum() == pytest.approx(r2)
    assert kd.ols["coefficient"].to_numpy() == pytest.approx(beta[1:])
    # the ordinal logit on two answers is the logistic regression
    logit = sm.Logit(y, X).fit(disp=False)
    assert kd.ordinal["odds_ratio"].to_numpy() == pytest.approx(np.exp(logit.params[1:]), rel=1e-3)
    assert kd.ranking()[:2] == ["Online boarding", "Inflight wifi service"]     # the effects built in


def test_scale_usage_needs_two_drivers_and_says_so():
    df = pd.DataFrame({"overall": [1, 2, 3, 4, 5, 4], "speed": [2, 2, 3, 5, 5, 4]})
    with pytest.raises(DataValidationError, match=r"parameter 'drivers': 1 driver\(s\) \['speed'\]; removing each "
                                                  r"respondent's scale use needs at least 2"):
        sat.compare_adjustments(df, "overall", ["speed"], scale=(1, 5))
    kd = sat.key_drivers(df, "overall", ["speed"], scale=(1, 5), ordinal=False)    # one driver, unadjusted: fine
    assert kd.r2 == pytest.approx(np.corrcoef(df["overall"], df["speed"])[0, 1] ** 2)


def test_a_two_point_outcome_is_a_share_by_group_and_over_time():
    raw, df, _ = _passengers()
    result = sat.group_scores(df, "Class", csat_col="satisfaction", scale=(1, 2))
    t = result.table
    assert "csat" not in t and set(t.index) == {"Business", "Eco", "Eco Plus"}
    t = t.loc[["Business", "Eco", "Eco Plus"]]
    by_hand = (raw["satisfaction"] == "satisfied").groupby(raw["Class"]).agg(["sum", "count"])
    assert t["n"].tolist() == by_hand["count"].tolist() == [272, 269, 59]
    assert t["top_share"].tolist() == pytest.approx((by_hand["sum"] / by_hand["count"]).tolist())
    k, n, z = by_hand.loc["Eco", "sum"], by_hand.loc["Eco", "count"], 1.959964
    p = k / n
    centre, half = (p + z * z / (2 * n)) / (1 + z * z / n), z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (
        1 + z * z / n)
    assert (t.loc["Eco", "top_share_low"], t.loc["Eco", "top_share_high"]) == pytest.approx((centre - half,
                                                                                              centre + half), abs=1e-6)
    from scipy.stats import chi2_contingency

    chi = chi2_contingency(pd.crosstab(raw["Class"], raw["satisfaction"]))
    assert result.tests["top_share"] == {"test": "chi_square", "statistic": pytest.approx(chi.statistic),
                                         "p_value": pytest.approx(chi.pvalue)}


def test_touchpoints_on_their_own_scales_leave_not_applicable_answers_out():
    raw, df, ratings = _passengers()
    from surveys import PASSENGER_STAGES

    stage_of = {"before": "pre-purchase", "during": "purchase", "after": "post-purchase"}
    stages = {c: stage_of[s] for s, cols in PASSENGER_STAGES.items() for c in cols}
    tp = sat.touchpoints(df, stages, outcome="satisfaction", outcome_scale=(1, 2), scale={c: (1, 5) for c in ratings})
    wifi = "Inflight wifi service"
    rated = raw.loc[raw[wifi] > 0, wifi]
    assert tp.table.loc[wifi, "answers"] == len(rated) == 557 and tp.table.loc[wifi, "mean"] == pytest.approx(
        rated.mean())
    assert tp.table.loc[wifi, "priority"] == pytest.approx(tp.table.loc[wifi, "importance"] * (5 - rated.mean()) / 4)
    assert tp.stages["touchpoints"].to_dict() == {"pre-purchase": 5, "purchase": 8, "post-purchase": 1}
    assert tp.table.loc["Baggage handling", "stage"] == "post-purchase" and tp.focus in ("Online boarding", wifi)
