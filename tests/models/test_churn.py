import numpy as np
import pandas as pd
import pytest

from insight.models.churn import ChurnModel, binary_target
from insight.retention import retention_profit
from insight.models.survival import cox_covariates, cox_model, kaplan_meier, logrank
from insight.exceptions import DataValidationError, NotFittedError


@pytest.fixture(scope="module")
def telco_model(telco):
    return ChurnModel(target="churn").fit(telco)


def test_telco_auc_floor(telco_model):
    r = telco_model.cv_results_
    assert set(r.index) == {"logistic", "hgb"}
    chosen = r.loc[telco_model.chosen_]
    assert chosen["roc_auc_mean"] >= 0.845                    # published logistic regression: 0.841 +/- 0.008
    assert 0.005 < chosen["roc_auc_std"] < 0.03
    assert chosen["pr_auc_mean"] > 0.6 and chosen["brier_mean"] < 0.15
    assert telco_model.oof_proba_.between(0, 1).all() and len(telco_model.oof_proba_) == 7043
    assert telco_model.churn_rate_ == pytest.approx(1869 / 7043)


def test_telco_diagnostics(telco_model):
    lift = telco_model.lift_table()
    assert lift["customers"].sum() == 7043 and len(lift) == 10
    assert lift["churn_rate"].is_monotonic_decreasing or lift["churn_rate"].iloc[0] > 2 * lift["churn_rate"].iloc[-1]
    assert lift["lift"].iloc[0] > 2.5 and lift["cumulative_gain"].iloc[-1] == pytest.approx(1.0)
    cal = telco_model.calibration_table()
    assert (cal["predicted"] - cal["observed"]).abs().max() < 0.1
    imp = telco_model.permutation_importance(n_repeats=2)
    assert imp.index[0] == "tenure" and imp.loc["tenure", "importance"] > 0.05
    result = telco_model.odds_ratios()
    odds = result.table
    assert odds.loc["contract_Two year", "odds_ratio"] < 0.5
    assert result.dropped.loc["online_security_No internet service", "reason"] == "duplicate"   # dummy dropped
    assert result.dropped.loc["multiple_lines_No phone service", "reason"] == "collinear"
    assert odds["estimable"].all() and telco_model.leaky_.empty and telco_model.grouped_.empty
    proba = telco_model.predict_proba(telco_model._X.head(3))
    assert proba.shape == (3, 2) and np.allclose(proba.sum(axis=1), 1)


def test_column_names_and_yes_no_target_independent():
    """Same code on a synthetic table with other column names and a 'yes'/'no' target."""
    rng = np.random.default_rng(1)
    n = 1500
    months = rng.integers(1, 60, n)
    plan = rng.choice(["basic", "plus", "pro"], n)
    logit = -0.5 - 0.04 * months + np.where(plan == "basic", 1.0, 0.0)
    left = rng.random(n) < 1 / (1 + np.exp(-logit))
    df = pd.DataFrame({"member": [f"m{i}" for i in range(n)], "months_active": months, "plan": plan,
                       "noise": rng.normal(size=n), "Left?": np.where(left, "yes", "no")})
    m = ChurnModel(target="Left?", positive="yes", id_col="member", n_splits=3, model="logistic").fit(df)
    assert m.features_ == ["months_active", "plan", "noise"]
    assert m.cv_results_.loc["logistic", "roc_auc_mean"] > 0.65
    imp = m.permutation_importance(n_repeats=2)
    assert imp.index[0] in ("months_active", "plan") and imp.loc["noise", "importance"] < 0.01
    # "Yes", True and 1 name the same class
    for pos in ("Yes", True, 1, None):
        assert (binary_target(df["Left?"], "Left?", pos) == left).all()


def test_binary_target_errors():
    with pytest.raises(DataValidationError, match=r"column 't': 1 of 3 rows have a missing target"):
        binary_target(pd.Series(["yes", None, "no"]), "t")
    with pytest.raises(DataValidationError, match=r"all 3 rows have the same value"):
        binary_target(pd.Series(["no"] * 3), "t")
    with pytest.raises(DataValidationError, match=r"3 distinct values \['maybe', 'no', 'yes'\]"):
        binary_target(pd.Series(["yes", "no", "maybe"]), "t")
    with pytest.raises(DataValidationError, match=r"positive value 'left' occurs in 0 of 2 rows"):
        binary_target(pd.Series(["stay", "gone"]), "t", "left")
    with pytest.raises(DataValidationError, match=r"cannot tell which of \['gone', 'stay'\] means churn"):
        binary_target(pd.Series(["stay", "gone"]), "t")


def test_bad_tables(telco):
    with pytest.raises(DataValidationError, match=r"1 required column\(s\) missing: \['churned'\]"):
        ChurnModel(target="churned").fit(telco)
    with pytest.raises(DataValidationError, match=r"all 7,043 rows have the same value"):
        ChurnModel().fit(telco.assign(churn=False))
    # an empty column, an identifier and a date once failed the whole report: they are left out and named
    odd = telco.assign(empty=np.nan, cid=[f"c{i}" for i in range(len(telco))],
                       closed=pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(len(telco)) % 300, unit="D"))
    m = ChurnModel(model="logistic", n_splits=3).fit(odd)
    assert m.unusable_.to_dict() == {"empty": "missing", "cid": "identifier", "closed": "date"}
    assert not {"empty", "cid", "closed"} & set(m.features_)
    with pytest.raises(DataValidationError, match=r"no feature left; all 2 columns are dates, identifiers or empty, "
                                                  r"e.g. 'cid' \(identifier\)"):
        ChurnModel().fit(odd[["churn", "cid", "empty"]])
    with pytest.raises(DataValidationError, match=r"parameter 'model' == 'svm'"):
        ChurnModel(model="svm").fit(telco)
    with pytest.raises(NotFittedError):
        ChurnModel().lift_table()


def test_retention_profit_hand_checked():
    # benefit = value + 5 * 10 = 150 + 50 = 200; expected profit = p * 0.5 * 200 - 10 = 100 p - 10
    c = retention_profit([0.9, 0.05, 0.3, 0.1], value=150, offer_cost=10, success_rate=0.5)
    assert c.table["expected_profit"].tolist() == pytest.approx([80, 20, 0, -5])
    assert c.best_k == 2 and c.best_profit == pytest.approx(100)   # contact the 0.9 and the 0.3 customer
    assert c.everyone_profit == pytest.approx(95) and c.best_threshold == pytest.approx(0.3)
    c0 = retention_profit([0.9], acquisition_multiple=0, offer_cost=10, success_rate=0.5)
    assert c0.best_k == 0 and c0.best_profit == 0.0              # no value, no acquisition saving: do nothing
    with pytest.raises(DataValidationError, match=r"1 of 2 values are not probabilities in \[0, 1\]; e.g. 1.5"):
        retention_profit([0.5, 1.5])
    with pytest.raises(DataValidationError, match=r"parameter 'success_rate' == 2"):
        retention_profit([0.5], success_rate=2)


def test_kaplan_meier_hand_checked():
    # times 1,2,3,4,5 with events at 1, 3, 5 (2 and 4 censored)
    df = pd.DataFrame({"t": [1, 2, 3, 4, 5], "e": [1, 0, 1, 0, 1]})
    curve = kaplan_meier(df, "t", "e")["all"]
    km = curve.table
    # S(1) = 4/5, S(3) = 4/5 * 2/3, S(5) = 0
    assert km["retention"].tolist() == pytest.approx([0.8, 0.8 * 2 / 3, 0.0])
    assert km["at_risk"].tolist() == [5, 3, 1]
    assert curve.median == 5.0 and curve.n == 5 and curve.events == 3 and curve.durations.tolist() == [1, 2, 3, 4, 5]
    with pytest.raises(DataValidationError, match="survival table.*'plan'"):   # named, not a bare KeyError
        kaplan_meier(df, "t", "e", group_col="plan")


def test_holdout_metrics_when_no_one_bought_in_the_holdout():
    """The total error is undefined (not infinite) when the holdout has no purchase; the other measures stand."""
    import numpy as np

    from insight.models.clv.holdout import holdout_metrics

    data = pd.DataFrame({"frequency": [1, 2], "recency": [5.0, 8.0], "T": [10.0, 10.0],
                         "holdout_length": [4.0, 4.0], "holdout_purchases": [0, 0]})
    m = holdout_metrics(np.array([0.5, 1.0]), data)
    assert np.isnan(m["total_error"]) and np.isnan(m["correlation"]) and np.isnan(m["naive_correlation"])
    assert m["actual_total"] == 0.0 and m["mae"] == 0.75


def test_survival_on_telco(telco):
    curves = kaplan_meier(telco, "tenure", "churn", "contract")
    assert set(curves) == {"Month-to-month", "One year", "Two year"}
    assert curves["Month-to-month"].median == 35.0
    assert np.isnan(curves["Two year"].median)
    assert (curves["Two year"].table["ci_low"] <= curves["Two year"].table["retention"]).all()
    lr = logrank(telco, "tenure", "churn", "contract")
    assert lr["df"] == 2 and lr["chi2"] > 2000 and lr["p_value"] < 1e-10
    with pytest.warns(Warning):
        cox = cox_model(telco, "tenure", "churn", ["contract", "internet_service"])
    hr = cox.hazard_ratios
    assert hr.loc["contract_Two year", "hazard_ratio"] < 0.1 < hr.loc["internet_service_Fiber optic", "hazard_ratio"]
    assert "contract_One year" in cox.ph_test.index
    assert cox.violations() == list(cox.ph_test.index[cox.ph_test["p_value"] < 0.05]) and cox.violations()
    # each term says what it compares: the level, its reference and the scale the report words it by
    assert hr.loc["contract_Two year", ["feature", "level", "reference", "scale"]].tolist() == [
        "contract", "Two year", "Month-to-month", "level"]
    with pytest.raises(DataValidationError, match=r"column 'tenure': 1 of 7043 rows are missing, not numbers or negative"):
        kaplan_meier(telco.assign(tenure=telco["tenure"].where(telco.index != 5, -1)), "tenure", "churn")


def test_cox_covariates_skip_duration_proxies(telco, telco_model):
    imp = pd.DataFrame({"importance": [3, 2, 1, 0.5]}, index=["tenure", "total_charges", "contract", "paperless_billing"])
    assert cox_covariates(telco, imp, "tenure") == ["contract", "paperless_billing"]


def test_demo_company_churn_effects(demo):
    """The simulator's complaint effects come back as odds ratios against fast-resolved complainers."""
    table = demo.churn_table().reset_index()
    m = ChurnModel(target="churned", id_col="customer_id", drop=("tenure_months",), model="logistic",
                   random_state=0).fit(table)
    odds = m.odds_ratios().table
    assert odds.loc["complaint_none", "odds_ratio"] > 1.5       # never-complainers churn more than fast-resolved
    assert odds.loc["complaint_slow", "odds_ratio"] > odds.loc["complaint_none", "odds_ratio"]
    assert odds.loc["complaint_unresolved", "ci_low"] > 1
    assert m.cv_results_.loc["logistic", "roc_auc_mean"] > 0.6


def test_reasons_name_the_feature_that_raises_each_customers_risk():
    """Churn driven by price for some customers and by complaints for others: each high-risk customer's first reason
    is the one of the two that is high for them; a noise column is never first."""
    rng = np.random.default_rng(0)
    n = 3000
    price, complaints = rng.normal(size=n), rng.poisson(0.3, n).astype(float)
    logit = -2 + 1.8 * price + 1.5 * complaints
    df = pd.DataFrame({"price": price, "complaints": complaints, "noise": rng.normal(size=n),
                       "left": rng.random(n) < 1 / (1 + np.exp(-logit))})
    m = ChurnModel(target="left", model="logistic", n_splits=3).fit(df)
    pricey = df[(df["price"] > 1.5) & (df["complaints"] == 0)]
    moaners = df[(df["price"].abs() < 0.2) & (df["complaints"] >= 2)]
    assert (m.reasons(pricey)["reason_1"] == "price").mean() > 0.95
    assert (m.reasons(moaners)["reason_1"] == "complaints").mean() > 0.95
    why = m.reasons(df)
    assert (why["reason_1"] != "noise").mean() > 0.9 and (why["risk_1"] >= why["risk_2"]).all()
    # the fall in probability is real: setting the first reason to the typical value lowers it by risk_1
    row = pricey.iloc[[0]]
    typical = row.assign(price=df["price"].median())
    assert m.predict_proba(row)[0, 1] - m.predict_proba(typical)[0, 1] == pytest.approx(
        m.reasons(row)["risk_1"].iloc[0])
